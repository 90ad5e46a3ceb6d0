"""What a description holds, checked against the store of the build whose index it was drawn from (the real test
build)."""

from __future__ import annotations

import itertools

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from byregion import uris
from byregion.build import PublishedBuild
from byregion.describe import LABEL_PROPERTIES, best_label, describe, inbound, with_dotted_decimals
from byregion.graph_index import GraphIndex
from byregion.mediatypes import RDF_TYPES
from byregion.namespaces import BR, OA, ORG, PROV, SCHEMA
from byregion.render import serialise
from byregion.store import Store
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # a real build (site_build)


def objects_of(store: Store, subject: URIRef) -> Graph:
    return store.construct(f"CONSTRUCT {{ <{subject}> ?p ?o }} WHERE {{ <{subject}> ?p ?o }}")


def test_region_description_holds_the_whole_region(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    region = uris.region("notodden", base)
    graph = describe(site_index, str(region), base)
    # Every item the region links to through a part property is described in full, down to the
    # provenance selector, so one GET is the whole region.
    parts = [BR.goal, BR.advice, BR.section, BR.introduction, BR.population, BR.area, BR.membership]
    items = [o for p in parts for o in graph.objects(region, p)]
    assert len(items) >= len(parts)
    for item in items:
        assert set(with_dotted_decimals(objects_of(store, item))) <= set(graph), f"{item} is not fully described"
        for source in store.construct(f"CONSTRUCT {{ <{item}> <{PROV.wasDerivedFrom}> ?s }} "
                                      f"WHERE {{ <{item}> <{PROV.wasDerivedFrom}> ?s }}").objects():
            selector = graph.value(source, OA.hasSelector)  # the page's sentence (its offsets), or the programme
            assert selector is not None and (graph.value(selector, OA.start) is not None  # table's row beside it
                                             or str(graph.value(selector, RDF.value)).startswith("row=")), source


def test_region_description_carries_the_identifiers_of_its_members(site_build: PublishedBuild,
                                                                    site_index: GraphIndex) -> None:
    base = site_build.base_uri
    graph = describe(site_index, str(uris.region("notodden", base)), base)
    codes = {str(graph.value(n, SKOS.notation)): graph.value(n, SCHEMA.validThrough)
             for m in graph.objects(None, ORG.member) for n in graph.objects(m, BR.municipalityNumber)}
    assert {"0807", "3808", "4005", "0822"} <= set(codes)
    assert str(codes["0822"]) == "2019-12-31"


def test_labels_of_everything_linked_are_included(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    graph = describe(site_index, str(uris.region("notodden", base)), base)
    linked = {o for o in graph.objects() if isinstance(o, URIRef)} | set(graph.predicates())
    for iri in linked:
        in_store = store.ask(" ".join(["ASK {", f"VALUES ?p {{ {' '.join(f'<{p}>' for p in LABEL_PROPERTIES)} }}",
                                       f"<{iri}> ?p ?l }}"]))
        if in_store:
            assert best_label(graph, iri, "nb") is not None, f"label of {iri} missing"
    # e.g. the theme a goal is tagged with, and the member municipality, in both languages
    theme = next(graph.objects(None, DCTERMS.subject))
    assert {lit.language for lit in graph.objects(theme, SKOS.prefLabel)} >= {"nb", "en"}


def test_part_iris_are_included_but_other_things_are_not(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    base = site_build.base_uri
    municipality = uris.municipality("notodden", base)
    graph = describe(site_index, str(municipality), base)
    numbers = list(graph.objects(municipality, BR.municipalityNumber))
    assert numbers and all(graph.value(n, SKOS.notation) for n in numbers)
    county = graph.value(numbers[0], BR.county)
    # the county is linked (so labelled) but not described: only its labels are there
    assert {p for p in graph.predicates(county)} <= set(LABEL_PROPERTIES)


def test_blank_nodes_are_followed(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    rows = store.select("SELECT ?s WHERE { ?s ?p ?b . FILTER(isIRI(?s) && isBlank(?b)) } LIMIT 1")
    if not rows:  # the data has no blank nodes: check with the ontology, which must then have none either
        assert not store.ask("ASK { ?s ?p ?o FILTER isBlank(?o) }")
        return
    subject = rows[0]["s"]
    graph = describe(site_index, str(subject), base)
    blanks = [o for o in graph.objects(subject) if isinstance(o, BNode)]
    assert blanks and all(len(list(graph.predicate_objects(b))) > 0 for b in blanks)


def test_unknown_iri_has_an_empty_description(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    assert len(describe(site_index, f"{site_build.base_uri}/id/region/nowhere", site_build.base_uri)) == 0


def test_ontology_document_holds_every_term(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    graph = describe(site_index, f"{base}/def/byregion", base)
    terms = {r["t"] for r in store.select(f"SELECT ?t WHERE {{ ?t <{RDFS.isDefinedBy}> <{base}/def/byregion> }}")}
    assert terms and terms <= set(graph.subjects())


def test_concept_scheme_holds_its_concepts(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    scheme = uris.thing("scheme", "themes", base=base)
    graph = describe(site_index, str(scheme), base)
    concepts = {r["c"] for r in store.select(f"SELECT ?c WHERE {{ ?c <{SKOS.inScheme}> <{scheme}> }}")}
    assert concepts and all((c, RDF.type, SKOS.Concept) in graph for c in concepts)


def test_inbound_links_exclude_own_parts(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    store, base = store_of(site_build), site_build.base_uri
    municipality = uris.municipality("sauherad", base)
    links, cut = inbound(site_index, str(municipality), limit=50)
    assert not cut
    assert {(link.subject, link.predicate) for link in links} == {
        (r["s"], r["p"]) for r in store.select(f"SELECT ?s ?p WHERE {{ ?s ?p <{municipality}> }}")}
    limited, cut = inbound(site_index, str(municipality), limit=1)
    assert len(limited) == 1 and cut


def test_every_rdf_format_carries_the_same_graph(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    base = site_build.base_uri
    for iri in (str(uris.region("notodden", base)), f"{base}/def/byregion"):
        graph = describe(site_index, iri, base)
        for media_type in RDF_TYPES:
            fmt = "nt" if media_type.rdflib_format == "nt11" else media_type.rdflib_format
            parsed = Graph().parse(data=serialise(graph, media_type), format=fmt)
            assert isomorphic(parsed, graph), f"{media_type.label} of {iri} differs"


def test_best_label_prefers_the_asked_language(site_build: PublishedBuild, site_index: GraphIndex) -> None:
    base = site_build.base_uri
    graph = describe(site_index, str(uris.theme("delingskultur", base)), base)
    theme = uris.theme("delingskultur", base)
    assert best_label(graph, theme, "en") == next(
        lit for lit in graph.objects(theme, SKOS.prefLabel) if isinstance(lit, Literal) and lit.language == "en")
    assert best_label(graph, theme, "nb").language == "nb"  # type: ignore[union-attr]


def test_blank_depth_bounds_the_blank_node_chains_followed() -> None:
    """A chain thing → _:1 → _:2 → _:3 → _:4 in a real (in-memory Oxigraph) store: ``blank_depth`` levels
    of it are in the description, and no more."""
    import pyoxigraph as ox

    base = "https://example.org"
    thing, link = f"{base}/id/region/x", ox.NamedNode(f"{base}/def/byregion#next")
    store = ox.Store()
    chain: list[ox.NamedNode | ox.BlankNode] = [ox.NamedNode(thing), *(ox.BlankNode() for _ in range(4))]
    for here, there in itertools.pairwise(chain):
        store.add(ox.Quad(here, link, there))
    for blank_depth in (0, 1, 3):
        graph = describe(GraphIndex.from_store(store, base), thing, base, blank_depth=blank_depth)
        blank_subjects = {s for s in graph.subjects() if isinstance(s, BNode)}
        assert len(blank_subjects) == blank_depth, blank_depth
