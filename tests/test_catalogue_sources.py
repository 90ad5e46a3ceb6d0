"""The boundaries' source and attribution in the catalogue (byregion.dcat.sources), read from the data as a
specification: what the geometries are derived from is the dataset's source, and the credit its licence asks
for is the rights statement of the dataset and of every distribution of it."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from byregion.dcat.facts import _items
from byregion.dcat.norway import dcat_ap_no
from byregion.dcat.sources import (
    UPSTREAM,
    UPSTREAM_DESCRIPTIONS,
    add_boundary_sources,
    add_related_sources,
    boundaries_view,
    boundary_facts,
    related_facts,
)
from byregion.dcat.terms import DCAT
from byregion.dcat.texts import provenance, texts
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
    assert boundary_facts(Graph(), BR) is None
    graph = Graph()
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": None}, BASE)
    assert len(graph) == 0
    assert boundaries_view({"boundaries": None}, "nb") is None


def test_the_boundaries_source_licence_and_credit_come_from_the_data() -> None:
    facts = boundary_facts(data_with_a_geometry(), BR)
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
    facts = boundary_facts(data_with_a_geometry(), BR)
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": facts}, BASE)
    assert {(d.language, str(d)) for d in graph.objects(URIRef(KOMMUNER), DCTERMS.description)} == set(
        UPSTREAM_DESCRIPTIONS[KOMMUNER].items())


def test_the_source_is_the_datasets_and_the_credit_its_and_its_distributions_rights() -> None:
    graph = Graph()
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": boundary_facts(data_with_a_geometry(), BR)}, BASE)
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


KLASS_131, WIKIDATA, DISTRIKTSSENTERET = ("https://www.ssb.no/klass/klassifikasjoner/131", "https://www.wikidata.org/",
                                         "https://distriktssenteret.no/")


def data_citing_its_other_sources() -> Graph:
    """The reference data's KLASS 131 and Wikidata (through Artsdatabanken), and a region page at Distriktssenteret,
    cited as the data cites them (a reference source's and a source document's ``dct:source``)."""
    graph = Graph()
    for slug, address in (("ssb-klass-131", KLASS_131), ("wikidata-artsdatabanken",
                                                         "https://github.com/Artsdatabanken/kommune-data")):
        graph.add((URIRef(f"{BASE}/id/source/{slug}"), RDF.type, BR.ReferenceSource))
        graph.add((URIRef(f"{BASE}/id/source/{slug}"), DCTERMS.source, URIRef(address)))
    graph.add((URIRef(f"{BASE}/id/source/notodden"), RDF.type, BR.SourceDocument))
    graph.add((URIRef(f"{BASE}/id/source/notodden"), DCTERMS.source,
               URIRef("https://distriktssenteret.no/artikkel/notodden/")))
    return graph


def test_the_other_sources_the_data_cites_are_related_resources_as_kartverkets_are() -> None:
    """A data journalist's review: the catalogue named only Kartverket's boundaries, though every municipality number
    is SSB KLASS 131's, the Wikidata ids Wikidata's and the region texts Distriktssenteret's. Each the data cites is
    a related resource the dataset is derived from, with its publisher, theme and (where known) licence: no
    dcat:Dataset in the default catalogue (CKAN would make one of each), a dct:source in DCAT-AP-NO's profile.
    Distriktssenteret's pages have no licence: theirs is not known."""
    facts = {"related": related_facts(data_citing_its_other_sources(), BR)}
    assert [entry["iri"] for entry in facts["related"]] == [KLASS_131, WIKIDATA, DISTRIKTSSENTERET]
    assert related_facts(Graph(), BR) == []  # named only where the data cites it
    graph = Graph()
    add_related_sources(graph, DATASET, facts, BASE)
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    related = {URIRef(iri) for iri in (KLASS_131, WIKIDATA, DISTRIKTSSENTERET)}
    assert set(graph.objects(DATASET, DCTERMS.relation)) == set(graph.objects(DATASET, PROV.wasDerivedFrom)) == related
    assert not set(graph.subjects(RDF.type, DCAT.Dataset)) - {DATASET}
    assert set(dcat_ap_no(graph).objects(DATASET, DCTERMS.source)) == related
    for upstream in related:
        assert {t.language for t in graph.objects(upstream, DCTERMS.title)} == {"nb", "en"}
        assert {t.language for t in graph.objects(upstream, DCTERMS.description)} == {"nb", "en"}
        assert graph.value(upstream, DCTERMS.identifier) == Literal(str(upstream))
        assert graph.value(upstream, DCAT.theme) is not None and graph.value(upstream, DCTERMS.publisher) is not None
    assert graph.value(URIRef(KLASS_131), DCTERMS.license) == EU_LICENCE.NLOD_2_0
    assert graph.value(URIRef(WIKIDATA), DCTERMS.license) == EU_LICENCE.CC0
    assert graph.value(URIRef(DISTRIKTSSENTERET), DCTERMS.license) is None
    # Artsdatabanken's files give the county names and the municipal areas too (the reference data cites them for
    # both): the entry had said only the items' identifiers were taken from them (a review of its first version)
    said = {t.language: str(t) for t in graph.objects(URIRef(WIKIDATA), DCTERMS.description)}
    assert "arealer" in said["nb"] and "areas" in said["en"] and "only" not in said["en"]


def region(slug: str, name: str, page: bool = False) -> dict[str, object]:
    return {"iri": f"{BASE}/id/region/{slug}", "label": {"nb": name, "en": name}, "page": page}


def test_the_description_says_how_many_of_the_programmes_regions_and_the_provenance_each_kind_of_source() -> None:
    """The dataset's description had listed the data's regions as "the city regions of the programme", and the
    provenance said every region page was imported sentence by sentence, where one is: "2 of the 37", the
    programme's count of municipalities against the data's, and the provenance worded by the kind of source."""
    facts = {"regions": [region("grenland", "Grenland"), region("notodden", "Notodden", page=True)],
             "municipalities": [{"iri": f"{BASE}/id/municipality/{n}"} for n in ("notodden", "skien", "bamble")],
             "programme": {"label": {"nb": "Byregionprogrammet", "en": "The City Region Programme"}},
             "programme_figures": {"regions": 37, "municipalities": 213}}
    described = texts("description", facts, {"version": "1", "triples": 10})
    assert described["en"].startswith("2 of the 37 city regions of the City Region Programme (Grenland; Notodden)")
    assert described["nb"].startswith("2 av de 37 byregionene i Byregionprogrammet (Grenland; Notodden)")
    assert "The programme had 213 municipalities by its own count; the data knows 3" in described["en"]
    assert "Programmet hadde 213 kommuner etter egne tall; dataene kjenner 3" in described["nb"]
    unknown = texts("description", {**facts, "programme_figures": {}}, {"version": "1", "triples": 10})
    assert unknown["en"].startswith("The city regions of the City Region Programme (")
    said = provenance(facts)
    assert "imported sentence by sentence (1: Notodden)" in said["en"] and "The other regions (1)" in said["en"]
    assert "research table" in said["en"] and "SSB KLASS 131" in said["en"] and "Wikidata" in said["en"]
    assert "lest inn setning for setning (1: Notodden)" in said["nb"] and "De andre byregionene (1)" in said["nb"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_gives_the_credit_in_its_language(lang: str) -> None:
    view = boundaries_view({"boundaries": boundary_facts(data_with_a_geometry(), BR)}, lang)
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


ADMS_PUBLISHER_TYPE = "http://purl.org/adms/publishertype/"


def test_every_upstream_publisher_has_its_adms_publisher_type() -> None:
    """A harvester's review: Kartverket, SSB, Distriktssenteret and the Wikimedia Foundation had no ``dct:type``,
    which DCAT-AP 3.0.1 recommends for every agent (its shapes warn) and DCAT-AP-NO calls "utgivertype"; each has its
    type from ADMS's table, placed in that table as the range checks need."""
    graph = Graph()
    add_boundary_sources(graph, DATASET, [DUMP], {"boundaries": boundary_facts(data_with_a_geometry(), BR)}, BASE)
    add_related_sources(graph, DATASET, {"related": related_facts(data_citing_its_other_sources(), BR)}, BASE)
    kinds = {str(graph.value(agent, FOAF.homepage)): str(graph.value(agent, DCTERMS.type))
             for agent in set(graph.objects(None, DCTERMS.publisher))}
    assert kinds == {"https://www.kartverket.no/": ADMS_PUBLISHER_TYPE + "NationalAuthority",
                     "https://www.ssb.no/": ADMS_PUBLISHER_TYPE + "NationalAuthority",
                     "https://distriktssenteret.no/": ADMS_PUBLISHER_TYPE + "NationalAuthority",
                     "https://wikimediafoundation.org/": ADMS_PUBLISHER_TYPE + "NonProfitOrganisation"}
    for kind in set(kinds.values()):
        assert graph.value(URIRef(kind), SKOS.inScheme) == URIRef(ADMS_PUBLISHER_TYPE + "1.0")
        assert {label.language for label in graph.objects(URIRef(kind), SKOS.prefLabel)} == {"en"}
