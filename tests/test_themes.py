"""The SKOS theme scheme (ontology/themes.ttl) as a specification.

Besides SKOS integrity, the labels are checked for how the importer uses them: a statement gets a
theme when one of the theme's labels occurs in its text as a case-insensitive word-prefix match.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from byregion import REPO_ROOT, uris
from byregion.sources import MAPPINGS, add_mapping_labels, parse_file

pytestmark = pytest.mark.fast

SCHEME = uris.thing("scheme", "themes")

#: The themes the region pages are about (issue 2): every one must be in the scheme.
REQUIRED_SLUGS = (
    "delingskultur", "naeringsutvikling-og-naeringsplaner", "infrastruktur-og-omstilling",
    "miljo-og-renseteknologi", "innovative-offentlige-anskaffelser", "vann-og-avlop",
    "vertskapsrollen-i-naeringsetablering", "hogskoler-universiteter-og-forskning", "basisnaeringer",
    "besoksnaeringer", "leverandornaeringer-underleverandorer-og-fou", "institusjonell-kapasitet",
    "tillit-og-samarbeid",
)


@pytest.fixture(scope="module")
def themes() -> Graph:
    return parse_file(REPO_ROOT / "ontology" / "themes.ttl")


@pytest.fixture(scope="module")
def vocab() -> Graph:
    """The copied LOS and EU data-theme tables that mapping targets must exist in."""
    graph = Graph()
    graph.parse(REPO_ROOT / "ontology" / "vocab" / "los.rdf", format="xml")
    graph.parse(REPO_ROOT / "ontology" / "vocab" / "data-theme-sparql-result.ttl", format="turtle")
    return graph


def concepts(graph: Graph) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, SKOS.Concept) if isinstance(s, URIRef))


def labels(graph: Graph, concept: URIRef, predicate: URIRef, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(concept, predicate) if isinstance(o, Literal) and o.language == lang]


def all_labels(graph: Graph, concept: URIRef) -> list[tuple[str, str]]:
    return [(lang, text) for lang in ("nb", "en") for p in (SKOS.prefLabel, SKOS.altLabel)
            for text in labels(graph, concept, p, lang)]


def descendants(graph: Graph, concept: URIRef) -> set[URIRef]:
    return set(graph.transitive_objects(concept, SKOS.narrower)) - {concept}


def matches(label: str, text: str) -> bool:
    """The tagging rule: ``label`` starts at a word boundary in ``text``, ignoring case."""
    return re.search(r"(?<!\w)" + re.escape(label.casefold()), text.casefold()) is not None


def tags(graph: Graph, text: str) -> set[str]:
    return {str(c).rsplit("/", 1)[1] for c in concepts(graph)
            if any(matches(label, text) for _, label in all_labels(graph, c))}


# --- the scheme --------------------------------------------------------------------------------

def test_required_themes_are_present(themes: Graph) -> None:
    present = {str(c).rsplit("/", 1)[1] for c in concepts(themes)}
    assert set(REQUIRED_SLUGS) <= present, f"missing: {sorted(set(REQUIRED_SLUGS) - present)}"


def test_scheme_is_labelled_and_every_concept_is_in_it(themes: Graph) -> None:
    assert (SCHEME, RDF.type, SKOS.ConceptScheme) in themes
    for predicate in (SKOS.prefLabel, DCTERMS.title):  # dct:title: DCAT-AP requires it of a theme taxonomy
        assert labels(themes, SCHEME, predicate, "nb") and labels(themes, SCHEME, predicate, "en")
    outside = [c for c in concepts(themes) if (c, SKOS.inScheme, SCHEME) not in themes]
    assert not outside, f"not skos:inScheme {SCHEME}: {outside}"
    # who answers for it, and on what terms: a harvester of the scheme (DCAT-AP's theme taxonomy) reads these
    publisher = themes.value(SCHEME, DCTERMS.publisher)
    assert publisher is not None and str(publisher).endswith("/id/organisation/byregion-lod")
    assert themes.value(SCHEME, DCTERMS.creator) == publisher and themes.value(SCHEME, DCTERMS.license) is not None


def test_concept_iris_are_minted_from_the_norwegian_preflabel(themes: Graph) -> None:
    for concept in concepts(themes):
        (pref,) = labels(themes, concept, SKOS.prefLabel, "nb")
        assert concept == uris.theme(uris.slugify(pref)), f"{concept}: expected slug of {pref!r}"


def test_every_concept_is_documented_in_both_languages(themes: Graph) -> None:
    problems = []
    for concept in concepts(themes):
        for lang in ("nb", "en"):
            if len(labels(themes, concept, SKOS.prefLabel, lang)) != 1:
                problems.append(f"{concept}: needs exactly one skos:prefLabel@{lang}")
            if len(labels(themes, concept, SKOS.altLabel, lang)) < 3:
                problems.append(f"{concept}: needs several (3+) skos:altLabel@{lang}")
            if not labels(themes, concept, SKOS.definition, lang):
                problems.append(f"{concept}: needs skos:definition@{lang}")
    assert not problems, "\n".join(problems)


# --- hierarchy -----------------------------------------------------------------------------------

def test_top_concepts_are_stated_both_ways_and_have_no_broader(themes: Graph) -> None:
    tops = set(themes.objects(SCHEME, SKOS.hasTopConcept))
    assert len(tops) >= 3
    assert tops == set(themes.subjects(SKOS.topConceptOf, SCHEME))
    assert not [t for t in tops if (t, SKOS.broader, None) in themes]


def test_every_other_concept_has_a_broader_concept(themes: Graph) -> None:
    tops = set(themes.objects(SCHEME, SKOS.hasTopConcept))
    orphans = [c for c in concepts(themes) if c not in tops and (c, SKOS.broader, None) not in themes]
    assert not orphans, f"neither top concept nor skos:broader: {orphans}"


def test_broader_and_narrower_are_both_stated(themes: Graph) -> None:
    broader = set(themes.subject_objects(SKOS.broader))
    narrower_reversed = {(o, s) for s, o in themes.subject_objects(SKOS.narrower)}
    assert broader == narrower_reversed, (
        f"broader only: {sorted(broader - narrower_reversed)}; narrower only: {sorted(narrower_reversed - broader)}")


def test_hierarchy_is_acyclic(themes: Graph) -> None:
    cyclic = [c for c in concepts(themes) if c in descendants(themes, c)]
    assert not cyclic, f"concepts that are their own ancestors: {cyclic}"


# --- labels fit for automatic tagging ------------------------------------------------------------

def test_labels_are_unique_across_the_scheme(themes: Graph) -> None:
    owners: dict[tuple[str, str], set[URIRef]] = defaultdict(set)
    for concept in concepts(themes):
        for lang, text in all_labels(themes, concept):
            owners[(lang, text.casefold())].add(concept)
    shared = {label: sorted(c) for label, c in owners.items() if len(c) > 1}
    assert not shared, f"labels used by more than one concept (pref and alt included): {shared}"


def test_a_label_only_overlaps_labels_of_related_concepts(themes: Graph) -> None:
    """If label A also matches inside label B, their concepts must be broader/narrower of each other.

    Otherwise a text about B would also be tagged with an unrelated theme A.
    """
    everything = [(c, lang, text) for c in concepts(themes) for lang, text in all_labels(themes, c)]
    clashes = [f"{a_text!r} ({a}) also matches {b_text!r} ({b})"
               for a, a_lang, a_text in everything for b, b_lang, b_text in everything
               if a != b and a_lang == b_lang and matches(a_text, b_text)
               and b not in descendants(themes, a) and a not in descendants(themes, b)]
    assert not clashes, "\n".join(clashes)


@pytest.mark.parametrize(("sentence", "expected"), [
    # Sentences from the Notodden page; expected = the themes a curator would give it.
    ("å utvikle en delingskultur for kommunenes næringsapparater og planavdelinger. Flere av kommunene som "
     "inngår i dette prosjektet har få ressurser og små fagmiljøer.",
     {"delingskultur", "naeringsutvikling-og-naeringsplaner", "institusjonell-kapasitet"}),
    ("infrastruktur og omstilling som viktige mulighetsvindu for samarbeid og økonomisk vekst",
     {"infrastruktur-og-omstilling", "regional-naeringsutvikling"}),
    ("Utvidet samarbeid om næringsplanarbeid, hvor formålet bl.a. er å avdekke felles interesseområder og "
     "synergier.", {"regionalt-samarbeid", "naeringsutvikling-og-naeringsplaner"}),
    ("Regionalt samarbeid om tekniske og innovative løsninger på miljø og renseteknologi, med konkret "
     "bedriftscase i pilotkommuner.", {"regionalt-samarbeid", "miljo", "miljo-og-renseteknologi"}),
    ("Innovative offentlige anskaffelser, kommunene er store bestillere og kan bidra sterkt i innovasjon og "
     "styrking av det lokale næringslivet.", {"innovative-offentlige-anskaffelser", "regional-naeringsutvikling"}),
    ("Tillit og unne hverandre suksess, bli enige om hvor man samarbeider og hvor man konkurrerer om "
     "innbyggere og bedrifter/arbeidstakere.", {"tillit-og-samarbeid"}),
    ("De har utfordret kommunene i regionen til å legge frem konkrete problemstillinger innenfor vann- og "
     "avløp/forurensning.", {"vann-og-avlop"}),
    ("Regionen har valgt to gjennomgående tema som tilnærming for å skape flere arbeidsplasser i "
     "basisnæringer og besøksnæringer: Vertskapsrollen i næringsetablering og utvikling av strategier for "
     "bruk av Høgskolene i regionen og relevante norske forskningsmiljø.",
     {"regional-naeringsutvikling", "basisnaeringer", "besoksnaeringer",
      "vertskapsrollen-i-naeringsetablering", "hogskoler-universiteter-og-forskning"}),
    ("Prosjektet ønsker å se nærmere på basisnæringene sin rolle for å videreutvikle de tjenesteproduserende "
     "regionale næringene for slik å gjøre industrilokomotivene mer konkurransedyktige og for å styrke "
     "underleverandører gjennom samarbeid og FoU.",
     {"basisnaeringer", "leverandornaeringer-underleverandorer-og-fou"}),
    ("Institusjonell kapasitet og kultur ble i fase I avdekket som den viktigste flaskehalsen.",
     {"institusjonell-kapasitet"}),
])
def test_labels_tag_notodden_sentences_precisely(themes: Graph, sentence: str, expected: set[str]) -> None:
    assert tags(themes, sentence) == expected


# --- mappings ------------------------------------------------------------------------------------

def test_every_mapping_target_exists_in_the_copied_vocabularies(themes: Graph, vocab: Graph) -> None:
    targets = {(c, p, t) for p in MAPPINGS for c, t in themes.subject_objects(p)}
    assert targets, "no mappings at all: expected links to EU data themes and LOS"
    unknown = [f"{c} {p} {t}" for c, p, t in sorted(targets)
               if (t, SKOS.inScheme, None) not in vocab and (t, RDF.type, SKOS.Concept) not in vocab]
    assert not unknown, "mapping targets absent from ontology/vocab/ (typo, or not a real concept):\n" + \
        "\n".join(unknown)


def test_vocab_check_rejects_a_made_up_target(vocab: Graph) -> None:
    """The check above can fail: an IRI that looks right but is not in the tables is not accepted."""
    made_up = URIRef("https://psi.norge.no/los/tema/byregioner")
    assert (made_up, SKOS.inScheme, None) not in vocab and (made_up, RDF.type, SKOS.Concept) not in vocab
    assert (URIRef("http://publications.europa.eu/resource/authority/data-theme/REGI"), SKOS.inScheme,
            None) in vocab


def test_what_the_themes_map_to_is_named_in_both_languages_in_the_published_themes_graph() -> None:
    """A theme's page and RDF name the EU data theme or LOS concept it matches ("Miljø" / "Environment"), from the
    vocabulary copies, where they showed ``eutheme:ENVI``."""
    published = parse_file(REPO_ROOT / "ontology/themes.ttl")
    targets = {o for p in MAPPINGS for o in published.objects(None, p)}
    add_mapping_labels(published, REPO_ROOT)
    assert targets
    for target in targets:
        assert {label.language for label in published.objects(target, SKOS.prefLabel)} == {"nb", "en"}, target
        assert published.value(target, SKOS.inScheme) is not None, target
    environment = URIRef("http://publications.europa.eu/resource/authority/data-theme/ENVI")
    assert set(published.objects(environment, SKOS.prefLabel)) == {Literal("Miljø", lang="nb"),
                                                                   Literal("Environment", lang="en")}
