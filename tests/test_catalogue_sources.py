"""The boundaries' source and attribution in the catalogue (byregion.dcat.sources), read from the data as a
specification: what the geometries are derived from is the dataset's source, and the credit its licence asks
for is the rights statement of the dataset and of every distribution of it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from byregion.dcat.facts import _items
from byregion.dcat.norway import dcat_ap_no
from byregion.dcat.sources import UPSTREAM, UPSTREAM_DESCRIPTIONS, add_boundary_sources, boundaries_view, boundary_facts
from byregion.dcat.terms import DCAT
from byregion.geo import ATTRIBUTION
from byregion.namespaces import BR, EU_LICENCE, GEO, SCHEMA

pytestmark = pytest.mark.fast

BASE = "https://data.byregion.no"
KOMMUNER = next(iri for iri in UPSTREAM if "/administrative-enheter/" in iri)
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET, DUMP = URIRef(f"{BASE}/dataset"), URIRef(f"{BASE}/dataset#byregion.ttl")


def data_with_a_geometry() -> Graph:
    """One geometry derived from one boundary file, described as the geometry graph describes it."""
    graph = Graph()
    geometry, file = URIRef(f"{BASE}/id/geometry/municipality/notodden/2019"), URIRef(f"{BASE}/id/source/b-2019")
    graph.add((geometry, RDF.type, GEO.Geometry))
    graph.add((geometry, PROV.wasDerivedFrom, file))
    graph.add((file, RDF.type, BR.ReferenceSource))
    graph.add((file, DCTERMS.source, URIRef(KOMMUNER)))
    graph.add((file, DCTERMS.license, CC_BY_4))
    for lang, text in ATTRIBUTION.items():
        graph.add((file, SCHEMA.creditText, Literal(text, lang=lang)))
    return graph


def test_data_without_geometry_names_no_source_and_no_rights() -> None:
    assert boundary_facts(Graph()) is None
    graph = Graph()
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": None}, BASE)
    assert len(graph) == 0
    assert boundaries_view({"boundaries": None}, "nb") is None


def test_the_boundaries_source_licence_and_credit_come_from_the_data() -> None:
    facts = boundary_facts(data_with_a_geometry())
    assert facts == {"files": [f"{BASE}/id/source/b-2019"], "licences": [str(CC_BY_4)], "attribution": ATTRIBUTION,
                     "upstream": [{"iri": KOMMUNER, "label": UPSTREAM[KOMMUNER],
                                   "description": UPSTREAM_DESCRIPTIONS[KOMMUNER]}]}


def test_each_upstream_dataset_says_what_it_gave() -> None:
    """A harvester makes a dataset of each upstream source: the municipal boundaries' and the counties' describe
    themselves, not one text for both (the counties' gave only the boundaries from 2024)."""
    assert set(UPSTREAM_DESCRIPTIONS) == set(UPSTREAM)
    texts = {iri: UPSTREAM_DESCRIPTIONS[iri]["en"] for iri in UPSTREAM}
    assert len(set(texts.values())) == len(texts)
    assert "municipal" in texts[KOMMUNER] and "county" in next(t for i, t in texts.items() if i != KOMMUNER)
    graph = Graph()
    facts = boundary_facts(data_with_a_geometry())
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": facts}, BASE)
    assert {(d.language, str(d)) for d in graph.objects(URIRef(KOMMUNER), DCTERMS.description)} == set(
        UPSTREAM_DESCRIPTIONS[KOMMUNER].items())


def test_the_source_is_the_datasets_and_the_credit_its_and_its_distributions_rights() -> None:
    graph = Graph()
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": boundary_facts(data_with_a_geometry())}, BASE)
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    assert set(graph.objects(DATASET, DCTERMS.relation)) == set(graph.objects(DATASET, PROV.wasDerivedFrom)) \
        == {URIRef(KOMMUNER)}
    assert set(graph.objects(DATASET, DCTERMS.source)) == set()  # the profile for DCAT-AP-NO's says it so:
    assert set(dcat_ap_no(graph).objects(DATASET, DCTERMS.source)) == {URIRef(KOMMUNER)}
    assert graph.value(URIRef(KOMMUNER), DCTERMS.license) == EU_LICENCE.CC_BY_4_0
    rights = {graph.value(s, DCTERMS.rights) for s in (DATASET, DUMP)}
    assert len(rights) == 1
    (statement,) = rights
    assert (statement, RDF.type, DCTERMS.RightsStatement) in graph
    assert {(label.language, str(label)) for label in graph.objects(statement, RDFS.label)} == set(ATTRIBUTION.items())


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_gives_the_credit_in_its_language(lang: str) -> None:
    view = boundaries_view({"boundaries": boundary_facts(data_with_a_geometry())}, lang)
    assert view is not None and view["attribution"] == ATTRIBUTION[lang]
    assert view["upstream"] == [{"href": KOMMUNER, "title": UPSTREAM[KOMMUNER][lang]}]
    assert view["licences"] == [{"href": str(CC_BY_4), "name": "CC BY 4.0"}]


@pytest.mark.parametrize(("label", "lang", "items"), [
    ("Høgskoler, universiteter og forskning", "nb", ["Høgskoler", "universiteter", "forskning"]),
    ("Leverandørnæringer, underleverandører og FoU", "nb", ["Leverandørnæringer", "underleverandører", "FoU"]),
    ("Universities, university colleges and research", "en", ["Universities", "university colleges", "research"]),
    ("Samarbeid og tillit", "nb", ["Samarbeid og tillit"]),  # no enumeration: one theme, kept whole
    ("Research and development", "en", ["Research and development"]),
])
def test_a_keyword_is_a_whole_item_of_a_theme_s_label(label: str, lang: str, items: list[str]) -> None:
    """A keyword holds no comma (ckanext-dcat cuts there); a label that enumerates gives each item, not
    "universiteter og forskning"."""
    assert _items(label, lang) == items
