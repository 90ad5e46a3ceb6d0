"""What a named graph holds: each graph's page and document say which classes it types things as and how many of
each (VoID's class partitions, ``void:classPartition`` with ``void:class`` and ``void:entities``), the VoID
description says the same of each graph, and the page links a SPARQL query that lists them and the graph's address
in the read-only graph store. A product review found that a graph's page said how many triples it had, not what
they were about. Over real HTTP (`byregion serve`), the counts checked against the SPARQL endpoint."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from byregion.build import PublishedBuild
from byregion.namespaces import VOID
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over the site fixture's build

SPARQL_JSON = "application/sparql-results+json"
BY_CLASS = ("SELECT ?class (COUNT(DISTINCT ?thing) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?thing a ?class }} }} "
            "GROUP BY ?class")


def counted(server: Server, graph: str) -> dict[str, int]:
    """Each class the graph types things as, and how many, as the SPARQL endpoint counts them."""
    answer = requests.get(f"{server.url}/sparql", params={"query": BY_CLASS.format(graph=graph)},
                          headers={"Accept": SPARQL_JSON}, timeout=30)
    assert answer.status_code == 200, answer.text
    return {row["class"]["value"]: int(row["n"]["value"]) for row in answer.json()["results"]["bindings"]}


def partitions(description: Graph, graph: URIRef) -> dict[str, int]:
    found = {}
    for part in description.objects(graph, VOID.classPartition):
        cls, entities = description.value(part, VOID["class"]), description.value(part, VOID.entities)
        assert isinstance(cls, URIRef) and isinstance(entities, Literal)
        found[str(cls)] = int(entities.toPython())
    return found


def region_graph(build: PublishedBuild) -> str:
    return f"{build.base_uri}/graph/region/notodden"


def test_a_graphs_document_names_each_class_it_holds_with_the_count_sparql_finds(server: Server,
                                                                                 site_build: PublishedBuild) -> None:
    graph = region_graph(site_build)
    answer = requests.get(f"{server.url}/graph/region/notodden", headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200
    described = partitions(Graph().parse(data=answer.text, format="turtle"), URIRef(graph))
    assert described == counted(server, graph)
    assert described[f"{site_build.base_uri}/def/byregion#Goal"] >= 1


def test_the_void_description_says_what_every_named_graph_holds(server: Server, site_build: PublishedBuild) -> None:
    answer = requests.get(f"{server.url}/.well-known/void", headers={"Accept": "text/turtle"}, timeout=30)
    assert answer.status_code == 200
    void = Graph().parse(data=answer.text, format="turtle")
    for entry in site_build.manifest["graphs"]:
        graph = entry["iri"]
        assert partitions(void, URIRef(graph)) == counted(server, graph), graph


@pytest.mark.parametrize(("lang", "heading", "run"), [("nb", "Innhold", "Kjør spørringen"),
                                                      ("en", "What it holds", "Run the query")])
def test_a_graphs_page_lists_its_classes_most_first_each_with_a_query_that_lists_them(
        server: Server, site_build: PublishedBuild, lang: str, heading: str, run: str) -> None:
    graph = region_graph(site_build)
    root, _ = parse(requests.get(f"{server.url}/graph/region/notodden?lang={lang}", timeout=30).text)
    assert root.find("h2", id="holds").text == heading
    rows = root.find("table", class_="holds").find("tbody").find_all("tr")
    counts = [int(re.sub(r"\D", "", row.find("td").text)) for row in rows]
    assert counts == sorted(counts, reverse=True) and sum(counts) == sum(counted(server, graph).values())
    first = rows[0].find_all("td")[1].find("a")
    assert first.text == run and first.attrs["aria-describedby"] == rows[0].find("th").attrs["id"]
    query = parse_qs(urlsplit(first.attrs["href"]).query)["query"][0]
    listed = requests.get(f"{server.url}/sparql", params={"query": query}, headers={"Accept": SPARQL_JSON},
                          timeout=30).json()["results"]["bindings"]
    assert len(listed) == counts[0]


def test_a_graphs_page_gives_its_address_in_the_graph_store(server: Server, site_build: PublishedBuild) -> None:
    root, _ = parse(requests.get(f"{server.url}/graph/region/notodden?lang=en", timeout=30).text)
    link = root.find("p", id="graph-store").find("a")
    assert parse_qs(urlsplit(link.attrs["href"]).query) == {"graph": [region_graph(site_build)]}
    fetched = requests.get(server.url + link.attrs["href"], headers={"Accept": "text/turtle"}, timeout=30)
    assert fetched.status_code == 200 and fetched.headers["Content-Type"].startswith("text/turtle")
    assert len(Graph().parse(data=fetched.text, format="turtle")) == next(
        int(g["triples"]) for g in site_build.manifest["graphs"] if g["iri"] == region_graph(site_build))
