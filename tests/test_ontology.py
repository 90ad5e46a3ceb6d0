"""The ontology (ontology/byregion.ttl) and the programme data (data/programme.ttl) as a specification.

The ontology must declare, document (nb + en) and align every ``br:`` term the project uses: an
undeclared term anywhere in ontology/, data/ or the examples of docs/MODEL.md fails this suite.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, SKOS

from byregion import REPO_ROOT, uris
from byregion.namespaces import ADMS, BR, EU_LICENCE, ONTOLOGY_IRI, QUDT, SCHEMA
from byregion.sources import parse_file

pytestmark = pytest.mark.fast

VANN = "http://purl.org/vocab/vann/"
ONTOLOGY = URIRef(ONTOLOGY_IRI)
TERM_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.NamedIndividual}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return parse_file(REPO_ROOT / "ontology" / "byregion.ttl")


@pytest.fixture(scope="module")
def programme() -> Graph:
    return parse_file(REPO_ROOT / "data" / "programme.ttl")


def declared_terms(graph: Graph) -> set[URIRef]:
    return {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef) and s.startswith(str(BR))}


def languages(graph: Graph, subject: URIRef, predicate: URIRef) -> set[str | None]:
    return {o.language for o in graph.objects(subject, predicate) if isinstance(o, Literal)}


def br_terms_in_turtle(path: Path) -> set[URIRef]:
    """Every IRI in our ontology namespace that a Turtle file mentions, in any position."""
    graph = parse_file(path)
    return {node for triple in graph for node in triple
            if isinstance(node, URIRef) and node.startswith(str(BR))}


def br_terms_in_markdown(path: Path) -> set[URIRef]:
    return {BR[name] for name in re.findall(r"\bbr:([A-Za-z]\w*)", path.read_text(encoding="utf-8"))}


# --- the ontology header -----------------------------------------------------------------------

def test_ontology_header_is_complete(onto: Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in onto
    version = onto.value(ONTOLOGY, OWL.versionInfo)
    assert version is not None, "owl:versionInfo missing"
    assert onto.value(ONTOLOGY, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    assert onto.value(ONTOLOGY, DCTERMS.license) == EU_LICENCE.CC_BY_4_0
    assert onto.value(ONTOLOGY, DCTERMS.creator) is not None
    assert onto.value(ONTOLOGY, DCTERMS.issued).datatype == rdflib.XSD.date
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {"nb", "en"} <= languages(onto, ONTOLOGY, predicate), f"{predicate} needs nb and en"
    assert str(onto.value(ONTOLOGY, URIRef(VANN + "preferredNamespacePrefix"))) == "br"
    assert str(onto.value(ONTOLOGY, URIRef(VANN + "preferredNamespaceUri"))) == str(BR)


def test_the_ontology_was_last_modified_on_its_versions_date(onto: Graph) -> None:
    """The change note of the current version (``rdfs:comment "0.9.0 (2026-12-05): …"``) and ``dct:modified``
    give one date, so a reader of either learns when the ontology last changed."""
    version = str(onto.value(ONTOLOGY, OWL.versionInfo))
    dates = {m.group(1) for c in onto.objects(ONTOLOGY, RDFS.comment)
             if (m := re.match(re.escape(version) + r" \((\d{4}-\d{2}-\d{2})\):", str(c)))}
    assert dates == {str(onto.value(ONTOLOGY, DCTERMS.modified))}, f"version {version}'s note and dct:modified differ"


def test_namespace_is_the_ontology_iri_plus_hash() -> None:
    """Hash namespace: every term resolves to the one ontology document."""
    assert str(BR) == ONTOLOGY_IRI + "#"
    assert uris.document_path_for(str(BR.Goal)) == "/def/byregion"


# --- every term documented ---------------------------------------------------------------------

def test_every_term_is_typed_labelled_commented_and_defined_by_the_ontology(onto: Graph) -> None:
    problems = []
    for term in sorted(declared_terms(onto)):
        types = set(onto.objects(term, RDF.type))
        if not types & TERM_TYPES:
            problems.append(f"{term}: no OWL type (owl:Class, owl:*Property or owl:NamedIndividual)")
        for predicate in (RDFS.label, RDFS.comment):
            missing = {"nb", "en"} - languages(onto, term, predicate)
            if missing:
                problems.append(f"{term}: {predicate} missing in {sorted(missing)}")
        if (term, RDFS.isDefinedBy, ONTOLOGY) not in onto:
            problems.append(f"{term}: rdfs:isDefinedBy <{ONTOLOGY_IRI}> missing")
    assert not problems, "\n".join(problems)


#: The terms docs/MODEL.md relies on, by OWL kind: the contract the ontology must meet.
MODEL_TERMS: dict[URIRef, tuple[str, ...]] = {
    OWL.Class: (
        "Programme", "ProgrammePhase", "CityRegion", "Municipality", "County", "MunicipalityNumber",
        "CountyNumber", "MunicipalityChange", "RegionStatement", "Introduction", "Goal", "Result", "Advice",
        "FollowUp", "ApplicationExcerpt", "Section", "SectionKind", "PopulationFigure", "AreaFigure",
        "SourceDocument", "ReferenceSource", "ChangeKind",
    ),
    OWL.ObjectProperty: (
        "owner", "learningNetworkOperator", "phase", "programme", "sourceDocument", "section", "sectionKind",
        "introduction", "goal", "result", "advice", "followUp", "applicationExcerpt", "population", "area",
        "region", "municipalityNumber", "countyNumber", "county", "succeededBy", "succeeds", "changeKind",
    ),
    OWL.DatatypeProperty: ("referenceDate", "organisationNumber", "sha256", "line"),
    OWL.NamedIndividual: (
        "applicant", "partner", "IntroSection", "GoalsSection", "ResultsSection", "AdviceSection",
        "FollowUpSection", "ExcerptSection", "DocumentsSection", "FactsSection", "merger", "split",
        "renumbering", "nameChange", "boundaryAdjustment", "ProjectTranslation",
    ),
}


def test_the_terms_of_the_model_have_the_right_owl_kind(onto: Graph) -> None:
    wrong = [f"br:{name} is not a {kind}" for kind, names in MODEL_TERMS.items() for name in names
             if (BR[name], RDF.type, kind) not in onto]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(("term", "superclass"), [
    ("Programme", PROV.Activity), ("Programme", SCHEMA.Project),
    ("CityRegion", ORG.OrganizationalCollaboration),
    ("Municipality", ORG.FormalOrganization), ("Municipality", SCHEMA.AdministrativeArea),
    ("County", ORG.FormalOrganization), ("County", SCHEMA.AdministrativeArea),
    ("MunicipalityNumber", ADMS.Identifier), ("CountyNumber", ADMS.Identifier),
    ("MunicipalityChange", ORG.ChangeEvent),
    ("PopulationFigure", SCHEMA.QuantitativeValue), ("AreaFigure", QUDT.QuantityValue),
    ("SourceDocument", FOAF.Document), ("SourceDocument", PROV.Entity),
    *[(name, BR.RegionStatement) for name in
      ("Introduction", "Goal", "Result", "Advice", "FollowUp", "ApplicationExcerpt")],
])
def test_classes_specialise_the_standard_vocabularies(onto: Graph, term: str, superclass: URIRef) -> None:
    assert (BR[term], RDFS.subClassOf, superclass) in onto


def test_owner_is_a_kind_of_prov_association(onto: Graph) -> None:
    assert (BR.owner, RDFS.subPropertyOf, PROV.wasAssociatedWith) in onto


def test_succession_properties_are_inverses(onto: Graph) -> None:
    assert (BR.succeededBy, OWL.inverseOf, BR.succeeds) in onto
    assert (BR.succeeds, OWL.inverseOf, BR.succeededBy) in onto


def test_roles_are_org_roles_with_the_facts_block_words(onto: Graph) -> None:
    for role, nb, en in [(BR.applicant, "søkerkommune", "applicant municipality"),
                         (BR.partner, "samarbeidskommune", "partner municipality")]:
        assert (role, RDF.type, ORG.Role) in onto
        assert Literal(nb, lang="nb") in set(onto.objects(role, RDFS.label))
        assert Literal(en, lang="en") in set(onto.objects(role, RDFS.label))


def test_the_roles_are_the_top_concepts_of_a_scheme_of_their_own(onto: Graph) -> None:
    """ORG makes every org:Role a skos:Concept; a concept a reader cannot place in a scheme is one SKOS tools list
    nowhere (0.8.0: br:MembershipRoles)."""
    scheme = BR.MembershipRoles
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    assert languages(onto, scheme, SKOS.prefLabel) == {"nb", "en"}
    for role in (BR.applicant, BR.partner):
        assert {(role, SKOS.inScheme, scheme), (role, SKOS.topConceptOf, scheme), (scheme, SKOS.hasTopConcept,
                                                                                    role)} <= set(onto)


def test_the_roles_and_their_scheme_are_defined_as_the_themes_are(onto: Graph) -> None:
    """A vocabulary registry (Skosmos, a concept catalogue) shows skos:definition, not rdfs:comment; the scheme
    states its licence and creator, as the themes' does (0.9.0, a qSKOS audit's "undocumented concepts")."""
    for concept in (BR.MembershipRoles, BR.applicant, BR.partner):
        assert languages(onto, concept, SKOS.definition) == {"nb", "en"}
    assert onto.value(BR.MembershipRoles, DCTERMS.license) is not None
    assert onto.value(BR.MembershipRoles, DCTERMS.creator) is not None
    assert languages(onto, ONTOLOGY, RDFS.label) == {"nb", "en"}  # Protégé and OOPS! look for it


@pytest.mark.parametrize(("kind", "scheme"), [
    (BR.SectionKind, BR.SectionKinds), (BR.ConfidenceLevel, BR.ConfidenceLevels), (BR.ConflictKind, BR.ConflictKinds),
    (BR.ChangeKind, BR.ChangeKinds)])
def test_the_values_of_each_closed_list_are_the_concepts_of_a_scheme_of_their_own(onto: Graph, kind: URIRef,
                                                                                scheme: URIRef) -> None:
    """A SKOS tool (Skosmos, a concept catalogue) shows and browses a list only as a concept scheme: each closed
    list's values are its top concepts, named in both languages, and the scheme is labelled, defined, licensed and
    credited as the roles' is (0.10.0; a qSKOS audit found them outside every scheme)."""
    values = set(Collection(onto, onto.value(kind, OWL.oneOf)))
    assert (scheme, RDF.type, SKOS.ConceptScheme) in onto
    assert set(onto.objects(scheme, SKOS.hasTopConcept)) == values
    for value in values:
        assert (value, RDF.type, SKOS.Concept) in onto
        assert set(onto.objects(value, SKOS.inScheme)) == set(onto.objects(value, SKOS.topConceptOf)) == {scheme}
        assert languages(onto, value, SKOS.prefLabel) == {"nb", "en"}
    for term in (SKOS.prefLabel, RDFS.label, RDFS.comment, SKOS.definition):
        assert languages(onto, scheme, term) == {"nb", "en"}, term
    assert onto.value(scheme, DCTERMS.license) is not None and onto.value(scheme, DCTERMS.creator) is not None


def test_every_concept_of_the_ontology_is_defined_in_both_languages(onto: Graph) -> None:
    """What a concept catalogue (Skosmos) shows of a concept is its skos:definition; 22 had none until 0.10.1."""
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    undefined = {c for c in concepts if languages(onto, c, SKOS.definition) != {"nb", "en"}}
    assert not undefined, sorted(undefined)


def test_every_concept_of_the_ontology_is_in_a_scheme(onto: Graph) -> None:
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) == 8 + 6 + 3 + 5 + 2
    assert not {c for c in concepts if not set(onto.objects(c, SKOS.inScheme))}


@pytest.mark.parametrize(("listed", "members"), [
    (BR.SectionKind, 8), (BR.ConfidenceLevel, 6), (BR.ConflictKind, 3), (BR.ChangeKind, 5), (BR.MembershipRoles, 2)])
def test_the_values_of_each_closed_list_are_different(onto: Graph, listed: URIRef, members: int) -> None:
    """OWL assumes no unique names: without owl:AllDifferent a reasoner (owlrl's OWL-RL closure, in an audit) took
    br:fakta and br:secondary, stated as the functional br:confidence of one region, for one level, where it should
    see a contradiction (0.9.0)."""
    values = set(onto.subjects(SKOS.inScheme, listed)) if listed == BR.MembershipRoles else set(
        onto.subjects(RDF.type, listed))
    different = [set(Collection(onto, onto.value(node, OWL.distinctMembers)))
                 for node in onto.subjects(RDF.type, OWL.AllDifferent)]
    assert len(values) == members and values in different


@pytest.mark.parametrize("kind_property", [BR.sectionKind, BR.conflictKind, BR.changeKind])
def test_a_kind_is_no_class_to_a_reasoner(onto: Graph, kind_property: URIRef) -> None:
    """The range of dct:type is rdfs:Class: as a sub-property of it, a kind property made every section, conflict
    and change kind a class to RDFS reasoning (0.8.0 dropped it)."""
    assert not set(onto.objects(kind_property, RDFS.subPropertyOf))


@pytest.mark.parametrize("kind", [BR.SectionKind, BR.ChangeKind])
def test_enumerations_list_exactly_their_typed_individuals(onto: Graph, kind: URIRef) -> None:
    listed = set(Collection(onto, onto.value(kind, OWL.oneOf)))
    typed = set(onto.subjects(RDF.type, kind))
    assert listed == typed
    assert len(listed) == {BR.SectionKind: 8, BR.ChangeKind: 5}[kind]


def test_domains_and_ranges_of_ours_are_declared(onto: Graph) -> None:
    declared = declared_terms(onto)
    used = {o for p in (RDFS.domain, RDFS.range, RDFS.subClassOf) for o in onto.objects(None, p)
            if isinstance(o, URIRef) and o.startswith(str(BR))}
    assert used <= declared, f"undeclared: {sorted(used - declared)}"


# --- no undeclared term anywhere -----------------------------------------------------------------

def turtle_files() -> list[Path]:
    """Our Turtle: ontology, data (present and future) and our own shapes."""
    return sorted([*(REPO_ROOT / "ontology").rglob("*.ttl"), *(REPO_ROOT / "data").rglob("*.ttl"),
                   *(REPO_ROOT / "shapes").glob("*.ttl")])


@pytest.mark.parametrize("path", turtle_files(), ids=lambda p: str(p.relative_to(REPO_ROOT)))
def test_every_br_term_in_the_data_is_declared(onto: Graph, path: Path) -> None:
    undeclared = br_terms_in_turtle(path) - declared_terms(onto)
    assert not undeclared, (f"{path.relative_to(REPO_ROOT)} uses terms not declared in "
                            f"ontology/byregion.ttl: {sorted(undeclared)}; declare them there or fix the typo")


def test_every_br_term_in_the_model_is_declared(onto: Graph) -> None:
    used = br_terms_in_markdown(REPO_ROOT / "docs" / "MODEL.md")
    assert BR.Goal in used, "the MODEL.md scan found nothing; has the prefix changed?"
    undeclared = used - declared_terms(onto)
    assert not undeclared, f"docs/MODEL.md uses undeclared terms: {sorted(undeclared)}"


def test_every_br_term_in_the_code_is_declared(onto: Graph) -> None:
    """``BR.Goal`` / ``BR["Goal"]`` in Python: a typo there would mint a term nobody defined."""
    pattern = re.compile(r"\bBR(?:\.([A-Za-z]\w*)|\[\"([A-Za-z]\w*)\"\])")
    declared, undeclared = declared_terms(onto), []
    for path in sorted((REPO_ROOT / "byregion").rglob("*.py")):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            term = BR[match.group(1) or match.group(2)]
            if term not in declared:
                undeclared.append(f"{path.relative_to(REPO_ROOT)}: {term}")
    assert not undeclared, "undeclared br: terms in code:\n" + "\n".join(undeclared)


def test_an_undeclared_term_is_caught(onto: Graph, tmp_path: Path) -> None:
    """The check above really looks: a typo'd term in a data file is reported."""
    data = tmp_path / "typo.ttl"
    data.write_text(f"<https://data.byregion.no/id/region/x> <{BR}gaol> 1 ; a <{BR}CityRegion> .\n")
    assert br_terms_in_turtle(data) - declared_terms(onto) == {BR.gaol}


# --- the programme data --------------------------------------------------------------------------

PROGRAMME = uris.thing("programme", "byregionprogrammet")
PHASES = [uris.thing("programme", "byregionprogrammet", "phase", n) for n in (1, 2)]
KMD = uris.thing("organisation", "kmd")
DISTRIKTSSENTERET = uris.thing("organisation", "distriktssenteret")
PUBLISHER = uris.thing("organisation", "byregion-lod")


def test_programme_has_owner_operator_and_two_ordered_phases(programme: Graph) -> None:
    assert (PROGRAMME, RDF.type, BR.Programme) in programme
    assert programme.value(PROGRAMME, BR.owner) == KMD
    assert programme.value(PROGRAMME, BR.learningNetworkOperator) == DISTRIKTSSENTERET
    assert set(programme.objects(PROGRAMME, BR.phase)) == set(PHASES)
    assert [programme.value(p, SCHEMA.position).toPython() for p in PHASES] == [1, 2]
    assert str(programme.value(PROGRAMME, SCHEMA.startDate)) == "2014"
    assert str(programme.value(PROGRAMME, SCHEMA.endDate)) == "2018"
    assert str(programme.value(PHASES[0], SCHEMA.startDate)).startswith("2014")
    assert str(programme.value(PHASES[0], SCHEMA.endDate)).startswith("2015")


def test_programme_description_gives_its_size(programme: Graph) -> None:
    for text in programme.objects(PROGRAMME, DCTERMS.description):
        assert "37" in text and "213" in text, f"description ({text.language}) lacks the 37 regions/213 municipalities"


def test_organisations_are_agents_with_names(programme: Graph) -> None:
    assert (KMD, RDF.type, ORG.FormalOrganization) in programme
    assert (DISTRIKTSSENTERET, RDF.type, ORG.FormalOrganization) in programme
    assert {(PUBLISHER, RDF.type, FOAF.Agent), (PUBLISHER, RDF.type, ORG.Organization)} <= set(programme)
    assert Literal("Kommunal- og moderniseringsdepartementet", lang="nb") in set(programme.objects(KMD, SKOS.prefLabel))
    for agent in (KMD, DISTRIKTSSENTERET, PUBLISHER):
        assert {"nb", "en"} <= languages(programme, agent, FOAF.name)


def test_every_programme_resource_is_labelled_in_both_languages(programme: Graph) -> None:
    for subject in set(programme.subjects(RDF.type, None)):
        for predicate in (RDFS.label, SKOS.prefLabel):
            assert {"nb", "en"} <= languages(programme, subject, predicate), f"{subject} {predicate}"


def test_no_organisation_number_is_invented(programme: Graph) -> None:
    assert not list(programme.triples((None, BR.organisationNumber, None)))


def test_no_inverse_of_another_vocabularys_property_narrows_that_property(onto: Graph) -> None:
    """A domain (or range) on ``br:p owl:inverseOf q`` is a range (or domain) of ``q`` to a reasoner: with
    ``rdfs:domain br:CityRegion``, ``br:membership`` made every ``org:organization`` of anyone's data a city region
    (an ontology review). Our own classes stay off such properties; the shapes say where we use them."""
    ours = str(BR)
    for p, q in [*onto.subject_objects(OWL.inverseOf), *((q, p) for p, q in onto.subject_objects(OWL.inverseOf))]:
        if not str(p).startswith(ours) or str(q).startswith(ours):
            continue
        for side in (RDFS.domain, RDFS.range):
            narrowed = [c for c in onto.objects(p, side) if str(c).startswith(ours)]
            assert not narrowed, f"{p} {side} {narrowed} would narrow {q}"
