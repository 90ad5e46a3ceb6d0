"""VoID: statistics computed once per build (:func:`statistics`, stored as ``manifest["void"]``) and the
VoID description served at ``/.well-known/void`` (:func:`void_graph`, built from the manifest only).
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, XSD

from byregion import dcat, uris
from byregion.dcat import sources as dcat_sources
from byregion.dcat.terms import SCHEME_TITLES, add_texts
from byregion.licence import LICENCE_NAMES
from byregion.mediatypes import named
from byregion.namespaces import EU_THEME, LOS, VOID, WD, bind_prefixes
from byregion.pages import curie

#: External datasets we count links to: key → (title by language, uriSpace of the target, home page). A name that is
#: the same in every language (a proper name) is under "": it has no language tag.
TARGETS: dict[str, tuple[dict[str, str], str, str]] = {
    "wikidata": ({"": "Wikidata"}, str(WD), "https://www.wikidata.org/"),
    "eu-data-theme": (dict(SCHEME_TITLES[str(EU_THEME).removesuffix("/")]), str(EU_THEME),
                      "http://publications.europa.eu/resource/authority/data-theme"),
    "los": ({"": "LOS"}, str(LOS), "https://psi.norge.no/los/"),
    "brreg": ({"": "Enhetsregisteret"}, "https://data.brreg.no/enhetsregisteret/",
              "https://data.brreg.no/enhetsregisteret/"),
}


def namespace_of(iri: str) -> str:
    """The vocabulary a term is of: ``…/terms/title`` → ``…/terms/``; ``…/core#Concept`` → ``…/core#`` (a hash
    namespace ends at its hash, also when the local name holds a slash)."""
    hash_at = iri.find("#")
    return iri[: hash_at + 1] if hash_at >= 0 else iri[: iri.rfind("/") + 1]


def statistics(triples: Iterable[ox.Triple], base: str) -> dict[str, Any]:
    """VoID figures of ``triples`` (the union of all named graphs, each triple once); JSON-able, sorted for
    stable output. The triples are read once, as they come (the build streams them from its store)."""
    space = base + "/"
    rdf_type = str(RDF.type)
    subjects: set[Any] = set()
    objects: set[Any] = set()
    predicates: Counter[str] = Counter()
    typed: dict[str, set[Any]] = defaultdict(set)
    links: Counter[tuple[str, str]] = Counter()
    count = 0
    for triple in triples:
        s, predicate, o = triple.subject, triple.predicate.value, triple.object
        count += 1
        subjects.add(s)
        objects.add(o)
        predicates[predicate] += 1
        if predicate == rdf_type:
            typed[o.value].add(s)  # type: ignore[union-attr]
        if isinstance(o, ox.NamedNode) and isinstance(s, ox.NamedNode) and s.value.startswith(space):
            for key, (_title, target_space, _home) in TARGETS.items():
                if o.value.startswith(target_space):
                    links[(key, predicate)] += 1
    # void:vocabulary: every vocabulary whose terms the data uses, as predicates and as classes, read from the
    # data itself (a vocabulary the data starts or stops using is listed or dropped with no list to keep)
    vocabularies = sorted({namespace_of(p) for p in predicates} | {namespace_of(c) for c in typed})
    return {
        "uri_space": space,
        "triples": count,
        "entities": sum(1 for s in subjects if isinstance(s, ox.NamedNode) and s.value.startswith(space)),
        "classes": len(typed),
        "properties": len(predicates),
        "distinct_subjects": len(subjects),
        "distinct_objects": len(objects),
        "class_partitions": [{"class": c, "entities": len(typed[c])} for c in sorted(typed)],
        "property_partitions": [{"property": p, "triples": n} for p, n in sorted(predicates.items())],
        "vocabularies": vocabularies,
        "linksets": [{"target": k, "predicate": p, "triples": n} for (k, p), n in sorted(links.items())],
    }


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def example_resources(facts: dict[str, Any]) -> list[str]:
    """Things that show what the data hold (VoID §4.2, ``void:exampleResource``): a region whose page is imported
    (else the first region), a member municipality and the themes' concept scheme, where the data have them."""
    regions = facts.get("regions") or []
    examples = [r["iri"] for r in regions if r.get("page")][:1] or [r["iri"] for r in regions[:1]]
    examples += [m["iri"] for m in (facts.get("municipalities") or [])[:1]]
    if facts.get("scheme"):
        examples.append(facts["scheme"]["iri"])
    return examples


#: What each named graph holds, by its path under ``/graph/`` (``{name}``: the region's name, for the graphs of one
#: region): a title and a description in each language, so that a graph's IRI reads as more than an IRI (its page,
#: the VoID, a SPARQL client listing the graphs).
GRAPH_TEXTS: dict[str, dict[str, tuple[str, str]]] = {
    "region": {"nb": ("Regionsiden for {name}", "Det som er lest inn fra byregionens side: mål, resultater, råd, "
                                                 "oppfølging, utdrag og fakta, hver setning med sin plass i teksten."),
               "en": ("The region page of {name}", "What is imported from the city region's page: goals, results, "
                                                   "advice, follow-up, excerpts and facts, each sentence with its "
                                                   "place in the text.")},
    "curation": {"nb": ("Kuratering av {name}", "Prosjektets egne tillegg til regionsiden: temaer for setningene og "
                                                 "engelske oversettelser."),
                 "en": ("Curation of {name}", "The project's own additions to the region page: themes of the "
                                              "sentences and English translations.")},
    "curation/programme-notes": {"nb": ("Kuratering av programmets merknader", "Prosjektets norske oversettelser "
                                                                              "av merknadene i programmets tabell, "
                                                                              "som forskningen skrev på engelsk."),
                                 "en": ("Curation of the programme's notes", "The project's Norwegian translations "
                                                                             "of the notes of the programme's "
                                                                             "table, which the research wrote in "
                                                                             "English.")},
    "reference": {"nb": ("Referansedata", "Kommuner og fylker siden 2014 med nummer, endringer, Wikidata og "
                                          "organisasjonsnummer, fra SSB, Wikidata og Enhetsregisteret."),
                  "en": ("Reference data", "Municipalities and counties since 2014 with their numbers, changes, "
                                           "Wikidata items and organisation numbers, from Statistics Norway, Wikidata "
                                           "and the Central Coordinating Register.")},
    "programme": {"nb": ("Byregionprogrammet", "Programmet, fasene, organisasjonene bak og merknadene om det kildene "
                                               "ikke er enige om."),
                  "en": ("The City Region Programme", "The programme, its phases, the organisations behind it and "
                                                      "the notes on what the sources disagree about.")},
    "programme/regions": {"nb": ("Byregionene i programmet", "Byregionene og medlemskommunene deres, med kilde og "
                                                             "sikkerhet for hvert faktum, og tallene regnet ut av "
                                                             "dem."),
                          "en": ("The programme's city regions", "The city regions and their member municipalities, "
                                                                 "each fact with its source and confidence, and the "
                                                                 "figures worked out from them.")},
    "geometry": {"nb": ("Grenser", "Forenklede grenser for kommuner, fylker og byregioner (GeoSPARQL), fra "
                                   "Kartverket."),
                 "en": ("Boundaries", "Simplified boundaries of municipalities, counties and city regions "
                                      "(GeoSPARQL), from Kartverket.")},
    "ontology": {"nb": ("Byregion-ontologien", "Klassene, egenskapene og verdiene dataene bruker."),
                 "en": ("The Byregion ontology", "The classes, properties and values the data use.")},
    "themes": {"nb": ("Temaene", "Temaene setningene er merket med (SKOS), koblet til LOS."),
               "en": ("The themes", "The themes the sentences are tagged with (SKOS), linked to LOS.")},
    "profiles": {"nb": ("Profilene", "Profilene dokumentene finnes i (DX-PROF)."),
                 "en": ("The profiles", "The profiles the documents come in (DX-PROF).")},
}


def graph_texts(iri: str, base: str, regions: list[dict[str, Any]]) -> dict[str, tuple[str, str]] | None:
    """The title and description of the named graph ``iri`` in each language (:data:`GRAPH_TEXTS`), or None for a
    graph of a kind it does not know; ``regions``: the catalogue's (``manifest["dcat"]["regions"]``), by which a
    region's graph is named."""
    name = iri.removeprefix(base + "/graph/")
    kind, _, slug = name.partition("/")
    texts = GRAPH_TEXTS.get(name) or (GRAPH_TEXTS.get(kind) if slug and kind in ("region", "curation") else None)
    if texts is None:
        return None
    label: dict[str, str] = next((r["label"] for r in regions if r["iri"] == f"{base}/id/region/{slug}"), {})
    return {lang: (title.format(name=label.get(lang) or label.get("nb") or slug), description)
            for lang, (title, description) in texts.items()}


def graph_dumps(manifest: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Each named graph's dumps (``manifest["graph_dumps"]``) by the graph's IRI: read once, where each graph's
    description and page look up their own (a build of a thousand regions has four thousand files)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for dump in manifest.get("graph_dumps", []):
        found.setdefault(str(dump["graph"]), []).append(dump)
    return found


def void_graph(manifest: dict[str, Any]) -> Graph:
    """The VoID description of the build's dataset, with canonical IRIs."""
    base = str(manifest["base_uri"])
    stats = manifest["void"]
    g = bind_prefixes(Graph())
    dataset = uris.dataset(base)
    document = uris.void_document(base)
    g.add((document, RDF.type, VOID.DatasetDescription))
    g.add((document, FOAF.primaryTopic, dataset))
    g.add((document, DCTERMS.title, Literal("VoID description of Byregion LOD", lang="en")))
    g.add((dataset, RDF.type, VOID.Dataset))
    facts = manifest["dcat"]
    programme = (facts.get("programme") or {}).get("label", {})
    for lang in dcat.LANGS:
        if programme.get(lang):
            g.add((dataset, DCTERMS.title, Literal(dcat.DATASET_TEXT["title"][lang].format(programme=programme[lang]),
                                                   lang=lang)))
    g.add((dataset, DCTERMS.license, URIRef(dcat.LICENCE)))
    for lang, name in sorted(dcat.LICENCE_LABEL.items()):  # named, for a graph's page, which shows its licence
        g.add((URIRef(dcat.LICENCE), RDFS.label, Literal(name, lang=lang)))
    g.add((dataset, DCTERMS.publisher, URIRef(facts["publisher"]["iri"])))
    g.add((dataset, DCTERMS.modified, Literal(manifest.get("content_since") or manifest["created"],
                                              datatype=XSD.dateTime)))  # when the data last changed
    g.add((dataset, FOAF.homepage, uris.dataset_page(base)))  # the page people read, as dcat:landingPage
    g.add((dataset, VOID.sparqlEndpoint, uris.sparql_endpoint(base)))
    g.add((dataset, VOID.uriSpace, Literal(stats["uri_space"])))
    for example in example_resources(facts):
        g.add((dataset, VOID.exampleResource, URIRef(example)))
    for dump in manifest.get("dumps", []):
        g.add((dataset, VOID.dataDump, uris.download(dump["file"], base)))
        media_type = named(dump["media_type"])
        if media_type and media_type.w3c_format:
            g.add((dataset, VOID.feature, URIRef(media_type.w3c_format)))
    for key in ("triples", "entities", "classes", "properties"):
        g.add((dataset, VOID[key], _int(stats[key])))
    g.add((dataset, VOID.distinctSubjects, _int(stats["distinct_subjects"])))
    g.add((dataset, VOID.distinctObjects, _int(stats["distinct_objects"])))
    for vocabulary in stats["vocabularies"]:
        g.add((dataset, VOID.vocabulary, URIRef(vocabulary)))
    for part in stats["class_partitions"]:
        node = _partition("class", part["class"])
        g.add((dataset, VOID.classPartition, node))
        g.add((node, VOID["class"], URIRef(part["class"])))
        g.add((node, VOID.entities, _int(part["entities"])))
    for part in stats["property_partitions"]:
        node = _partition("property", part["property"])
        g.add((dataset, VOID.propertyPartition, node))
        g.add((node, VOID.property, URIRef(part["property"])))
        g.add((node, VOID.triples, _int(part["triples"])))
    rights = _boundaries_rights(g, facts, base)
    if rights is not None:
        g.add((dataset, DCTERMS.rights, rights))
    dumps_of = graph_dumps(manifest)
    geometry = uris.graph("geometry", base)
    boundary_licences = (facts.get("boundaries") or {}).get("licences") or []
    for graph in manifest.get("graphs", []):  # each named graph is a subset people can query on its own
        subset = URIRef(graph["iri"])
        g.add((dataset, VOID.subset, subset))
        g.add((subset, RDF.type, VOID.Dataset))
        if subset == geometry and len(boundary_licences) == 1:
            # the boundaries' own licence (Kartverket's CC BY 4.0), as each geometry and its document state it
            g.add((subset, DCTERMS.license, URIRef(boundary_licences[0])))
        elif graph.get("licence"):  # the one its own works state: the ontology's and the themes' CC BY 4.0
            own = URIRef(graph["licence"])
            g.add((subset, DCTERMS.license, own))
            for lang, name in sorted(LICENCE_NAMES.get(str(own), {}).items()):
                g.add((own, RDFS.label, Literal(name, lang=lang)))
        else:  # the dataset's: a graph's dump or document is often taken on its own
            g.add((subset, DCTERMS.license, URIRef(dcat.LICENCE)))
        if rights is not None and subset == geometry:
            g.add((subset, DCTERMS.rights, rights))
        g.add((subset, VOID.triples, _int(graph["triples"])))
        g.add((subset, VOID.sparqlEndpoint, uris.sparql_endpoint(base)))
        for dump in dumps_of.get(graph["iri"], []):  # its triples alone, as files (dumps/graph/…)
            g.add((subset, VOID.dataDump, uris.download(dump["file"], base)))
        for part in graph.get("classes", []):  # what it holds: how many things of each class it types
            node = _partition("class", f"{graph['iri']} {part['iri']}")
            g.add((subset, VOID.classPartition, node))
            g.add((node, VOID["class"], URIRef(part["iri"])))
            g.add((node, VOID.entities, _int(part["entities"])))
        for lang, (title, description) in (graph_texts(graph["iri"], base, facts["regions"]) or {}).items():
            g.add((subset, DCTERMS.title, Literal(title, lang=lang)))
            g.add((subset, DCTERMS.description, Literal(description, lang=lang)))
    g += linksets(manifest)
    return g


def _boundaries_rights(g: Graph, facts: dict[str, Any], base: str) -> URIRef | None:
    """The boundaries' attribution (Kartverket's CC BY 4.0 and who simplified them), described in ``g`` as the
    catalogue describes it (:func:`byregion.dcat.sources.add_boundary_sources`), or None for a build without
    boundaries: the dataset and its graph of boundaries name it, so that a graph's dump or document taken on its own
    still credits its sources."""
    attribution = (facts.get("boundaries") or {}).get("attribution") or {}
    if not attribution:
        return None
    rights = dcat_sources.rights_statement(base)
    g.add((rights, RDF.type, DCTERMS.RightsStatement))
    add_texts(g, rights, RDFS.label, attribution)  # as the catalogue writes it
    return rights


def _partition(kind: str, iri: str) -> BNode:
    """A partition's blank node, labelled by what it counts: the same in every build (random labels made the
    description's bytes and ETag change with data that had not, and a crawler's store gather new nodes)."""
    return BNode(f"{kind}-{hashlib.sha256(iri.encode()).hexdigest()[:16]}")


def part_names(link: dict[str, Any]) -> tuple[str, str]:
    """The fragments of a linkset's target and of the linkset under ``/dataset#``: ``target-wikidata``,
    ``linkset-wikidata-sameAs``; the dataset page has an element of each id, so the IRIs lead a browser there."""
    local = link["predicate"][len(namespace_of(link["predicate"])):]
    return f"target-{link['target']}", f"linkset-{link['target']}-{local}"


def linkset_rows(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The dataset's links to other datasets, for its page: each target (title, home page, its id) with its
    linksets (id, predicate, how many links), in the order VoID has them."""
    rows: dict[str, dict[str, Any]] = {}
    for link in manifest["void"]["linksets"]:
        title, _space, home = TARGETS[link["target"]]
        target_name, linkset_name = part_names(link)
        row = rows.setdefault(target_name, {"id": target_name, "title": title, "home": home, "linksets": []})
        row["linksets"].append({"id": linkset_name, "predicate": link["predicate"], "triples": int(link["triples"]),
                                "curie": curie(link["predicate"])})
    return list(rows.values())


def linksets(manifest: dict[str, Any]) -> Graph:
    """The dataset's links to other datasets (``void:Linkset``, and the targets), at IRIs under ``/dataset#``:
    also in ``/dataset``'s own document, so that they dereference to a document that describes them."""
    base = str(manifest["base_uri"])
    dataset = uris.dataset(base)
    g = bind_prefixes(Graph())
    for link in manifest["void"]["linksets"]:
        title, space, home = TARGETS[link["target"]]
        target_name, linkset_name = part_names(link)
        target = uris.dataset_part(target_name, base)
        g.add((target, RDF.type, VOID.Dataset))
        for lang, text in title.items():
            g.add((target, DCTERMS.title, Literal(text, lang=lang or None)))
        g.add((target, VOID.uriSpace, Literal(space)))
        g.add((target, FOAF.homepage, URIRef(home)))
        linkset = uris.dataset_part(linkset_name, base)
        g.add((linkset, RDF.type, VOID.Linkset))
        g.add((dataset, VOID.subset, linkset))
        g.add((linkset, VOID.subjectsTarget, dataset))
        g.add((linkset, VOID.objectsTarget, target))
        g.add((linkset, VOID.linkPredicate, URIRef(link["predicate"])))
        g.add((linkset, VOID.triples, _int(link["triples"])))
    return g
