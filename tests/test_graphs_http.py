"""Every named graph of the SPARQL dataset dereferences at its own IRI: its VoID figures and what the data says
about it (who made it), negotiated like every document, so that a graph the VoID description, a page or a query
result names is no dead link."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from byregion.build import PublishedBuild
from byregion.licence import CC_BY_4_0, LICENCE, LICENCE_LABEL, LICENCE_NAMES
from byregion.namespaces import BASE, BR, PROV
from tests.conftest import Server
from tests.support.html import parse
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # `byregion serve` over the repository's build

VOID = "http://rdfs.org/ns/void#"
GEO = "http://www.opengis.net/ont/geosparql#"


def test_every_named_graph_is_a_document_with_its_void_figures(real_server: Server,
                                                               real_build: PublishedBuild) -> None:
    graphs = real_build.manifest["graphs"]
    assert len(graphs) >= 9
    for entry in graphs:
        iri = URIRef(entry["iri"])
        response = requests.get(real_server.url + str(iri)[len(BASE):], headers={"Accept": "text/turtle"}, timeout=10)
        assert response.status_code == 200, iri
        described = Graph().parse(data=response.text, format="turtle")
        assert (iri, RDF.type, URIRef(VOID + "Dataset")) in described
        assert described.value(iri, URIRef(VOID + "triples")) == Literal(entry["triples"])
        # it says what it holds, in both languages (a graph of a new kind needs its words in void.GRAPH_TEXTS)
        for predicate in (DCTERMS.title, DCTERMS.description):
            assert {t.language for t in described.objects(iri, predicate)} == {"nb", "en"}, (iri, predicate)
        slug = str(iri).rsplit("/", 1)[1]  # named in words, not by the path: "Kuratering av programme-notes" was
        assert not any("-" in slug and slug in title for title in described.objects(iri, DCTERMS.title)), iri
        page = requests.get(real_server.url + str(iri)[len(BASE):], headers={"Accept": "text/html"}, timeout=10)
        heading = parse(page.text)[0].find("h1").text
        assert heading in {str(t) for t in described.objects(iri, DCTERMS.title)} | {
            str(t) for t in described.objects(iri, RDFS.label)}, (iri, heading)  # titled, not by its IRI


def test_every_named_graph_states_its_licence_and_the_boundaries_their_credit(
        real_server: Server, real_build: PublishedBuild) -> None:
    """A graph's dump or document may be taken on its own: each says its licence (the dataset's, named; the graph
    of boundaries Kartverket's CC BY 4.0, as each of its geometries does), and the graph of boundaries the
    attribution CC BY asks for, as the catalogue's distributions do."""
    licence, boundaries = URIRef(LICENCE), URIRef("https://creativecommons.org/licenses/by/4.0/")
    rights = URIRef(BASE + "/catalog#boundaries-rights")
    for entry in real_build.manifest["graphs"]:
        iri = URIRef(entry["iri"])
        response = requests.get(real_server.url + str(iri)[len(BASE):], headers={"Accept": "text/turtle"}, timeout=10)
        described = Graph().parse(data=response.text, format="turtle")
        if iri == URIRef(BASE + "/graph/geometry"):
            assert list(described.objects(iri, DCTERMS.license)) == [boundaries]
            licences = {str(r["licence"]) for r in store_of(real_build).select(
                f"SELECT DISTINCT ?licence WHERE {{ GRAPH <{iri}> {{ ?g a <{GEO}Geometry> ; "
                f"<{DCTERMS.license}> ?licence }} }}")}
            assert licences == {str(boundaries)}  # the graph's licence is its geometries'
            continue
        # a graph whose works state a licence of their own (the ontology's and the theme scheme's header: CC BY 4.0)
        # is under that one, as those works say; a researcher had found NLOD here and CC BY in the ontology
        own = {str(r["licence"]) for r in store_of(real_build).select(
            f"SELECT DISTINCT ?licence WHERE {{ GRAPH <{iri}> {{ ?work a ?kind ; <{DCTERMS.license}> ?licence "
            f"VALUES ?kind {{ <{OWL.Ontology}> <{SKOS.ConceptScheme}> }} }} }}")}
        expected = URIRef(own.pop()) if len(own) == 1 else licence
        if iri in (URIRef(BASE + "/graph/ontology"), URIRef(BASE + "/graph/themes")):
            assert expected == URIRef(CC_BY_4_0), iri
        assert list(described.objects(iri, DCTERMS.license)) == [expected], iri
        assert {str(n) for n in described.objects(expected, RDFS.label)} == set(LICENCE_NAMES[str(expected)].values())
        credited = set(described.objects(iri, DCTERMS.rights))
        assert credited == ({rights} if iri == URIRef(BASE + "/graph/geometry") else set()), iri
    geometry = Graph().parse(data=requests.get(real_server.url + "/graph/geometry.ttl", timeout=10).text,
                             format="turtle")
    assert (rights, RDF.type, DCTERMS.RightsStatement) in geometry
    credits = {n.language: str(n) for n in geometry.objects(rights, RDFS.label)}
    assert set(credits) == {"nb", "en"} and all("Kartverket" in c and "CC BY 4.0" in c for c in credits.values())
    page = requests.get(real_server.url + "/graph/geometry", headers={"Accept": "text/html", "Accept-Language": "en"},
                        timeout=10).text
    assert credits["en"] in page and f'href="{boundaries}"' in page  # the credit read on the page
    themes = requests.get(real_server.url + "/graph/themes", headers={"Accept": "text/html", "Accept-Language": "en"},
                          timeout=10).text
    assert LICENCE_NAMES[CC_BY_4_0]["en"] in themes  # the graph's licence by its name, not as a bare IRI
    reference = requests.get(real_server.url + "/graph/reference",
                             headers={"Accept": "text/html", "Accept-Language": "en"}, timeout=10).text
    assert LICENCE_LABEL["en"] in reference  # a graph of data: the dataset's
    catalogue = Graph().parse(data=requests.get(real_server.url + "/catalog.ttl", timeout=10).text, format="turtle")
    assert {str(n) for n in catalogue.objects(rights, RDFS.label)} == set(credits.values())  # the catalogue's words


def test_the_sitemap_lists_every_named_graph_s_page(real_server: Server, real_build: PublishedBuild) -> None:
    sitemap = requests.get(real_server.url + "/sitemap.xml", timeout=30).text
    for entry in real_build.manifest["graphs"]:
        assert f"{real_server.url}{entry['iri'][len(BASE):]}</loc>" in sitemap, entry["iri"]


def test_a_curation_graph_says_who_made_it_and_has_a_page(real_server: Server) -> None:
    path = "/graph/curation/notodden"
    described = Graph().parse(data=requests.get(real_server.url + path + ".ttl", timeout=10).text, format="turtle")
    graph = URIRef(BASE + path)
    assert described.value(graph, PROV.wasAttributedTo) == URIRef(BASE + "/id/organisation/byregion-lod")
    assert (graph, URIRef("http://purl.org/dc/terms/type"), BR.ProjectTranslation) in described
    page = requests.get(real_server.url + path, headers={"Accept": "text/html", "Accept-Language": "en"}, timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/graph/nothing", "/graph/", "/graph/region/atlantis", "/graph/reference/x"])
def test_a_graph_that_is_not_is_404(real_server: Server, path: str) -> None:
    assert requests.get(real_server.url + path, headers={"Accept": "text/turtle"}, timeout=10).status_code == 404
