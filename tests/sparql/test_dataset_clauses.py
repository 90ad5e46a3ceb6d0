"""A query's own dataset (`FROM`, `FROM NAMED`) is the dataset it runs on, on every store; only a query without
one runs on the union of the named graphs (as Oxigraph server's `--union-default-graph` does), and the
protocol's `default-graph-uri` / `named-graph-uri` override both (SPARQL 1.1 Query §13.2, Protocol §2.1.4).

Expected sizes come from the build's manifest, which counted each graph when the build was made."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests

from byregion.build import open_current

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url
JSON = {"Accept": "application/sparql-results+json"}
THEMES = "https://data.byregion.no/graph/themes"
ONTOLOGY = "https://data.byregion.no/graph/ontology"
COUNT = "SELECT (COUNT(*) AS ?n) {} {{ ?s ?p ?o }}"


def count(endpoint: Endpoint, query: str, **params: str) -> int:
    response = requests.get(endpoint.url, params={"query": query, **params}, headers=JSON, timeout=60)
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def sizes(build_dir: Path) -> dict[str, int]:
    """The triples of each named graph, and of their union (``"union"``)."""
    info = open_current(build_dir).info
    return {"union": info.triples, **{entry.iri: entry.triples for entry in info.graphs}}


def test_a_query_without_a_dataset_runs_on_the_union_of_the_named_graphs(endpoint: Endpoint,
                                                                         sizes: dict[str, int]) -> None:
    union = count(endpoint, COUNT.format(""))
    if endpoint.kind == "virtuoso":  # its default graph also holds its own graphs (docs/sparql.md, "Engines")
        assert union > sizes["union"]
    else:
        assert union == sizes["union"] > sizes[THEMES] > 0


def test_from_a_graph_makes_it_the_default_graph_and_names_no_graph(endpoint: Endpoint,
                                                                    sizes: dict[str, int]) -> None:
    assert count(endpoint, COUNT.format(f"FROM <{THEMES}>")) == sizes[THEMES]
    assert count(endpoint, COUNT.format(f"from <{THEMES}> FROM <{ONTOLOGY}>")) == sizes[THEMES] + sizes[ONTOLOGY]
    prefixed = f"PREFIX g: <{THEMES.removesuffix('themes')}>\n" + COUNT.format("FROM g:themes")
    assert count(endpoint, prefixed) == sizes[THEMES]
    in_named = count(endpoint, f"SELECT (COUNT(*) AS ?n) FROM <{THEMES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}")
    if endpoint.kind != "virtuoso":  # whose GRAPH then ranges over all its graphs (docs/sparql.md, "Engines")
        assert in_named == 0


def test_from_a_graph_that_does_not_exist_gives_an_empty_default_graph(endpoint: Endpoint) -> None:
    assert count(endpoint, COUNT.format("FROM <urn:x:nothing>")) == 0


def test_from_named_alone_leaves_the_default_graph_empty_and_names_the_graphs(endpoint: Endpoint,
                                                                            sizes: dict[str, int]) -> None:
    assert count(endpoint, COUNT.format(f"FROM NAMED <{THEMES}>")) == 0
    graphs = f"SELECT (COUNT(DISTINCT ?g) AS ?n) FROM NAMED <{THEMES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(endpoint, graphs) == 1
    in_it = f"SELECT (COUNT(*) AS ?n) FROM <urn:x:nothing> FROM NAMED <{THEMES}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert count(endpoint, in_it) == sizes[THEMES]


def test_a_graph_named_twice_is_one_graph(endpoint: Endpoint, sizes: dict[str, int]) -> None:
    """The default graph is the merge of the graphs named, the named graphs a set (§13.2): a graph named twice
    (a client that puts it in the URL and the form, SPARQLWrapper's ``addDefaultGraph`` called twice, a query
    that writes it twice) counts its triples once. Oxigraph alone counted them twice."""
    twice = [("query", COUNT.format("")), ("default-graph-uri", THEMES), ("default-graph-uri", THEMES)]
    response = requests.get(endpoint.url, params=twice, headers=JSON, timeout=60)
    assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == sizes[THEMES]
    both = requests.post(endpoint.url, params={"default-graph-uri": THEMES}, headers=JSON, timeout=60,
                         data={"query": COUNT.format(""), "default-graph-uri": THEMES})
    assert int(both.json()["results"]["bindings"][0]["n"]["value"]) == sizes[THEMES]
    assert count(endpoint, COUNT.format(f"FROM <{THEMES}> FROM <{THEMES}>")) == sizes[THEMES]
    prefixed = f"PREFIX g: <{THEMES.removesuffix('themes')}>\n" + COUNT.format(f"FROM g:themes FROM <{THEMES}>")
    assert count(endpoint, prefixed) == sizes[THEMES]
    if endpoint.kind != "virtuoso":  # whose GRAPH ranges over all its graphs (docs/sparql.md, "Engines")
        in_named = "SELECT (COUNT(*) AS ?n) {} {{ GRAPH ?g {{ ?s ?p ?o }} }}"
        assert count(endpoint, in_named.format(f"FROM NAMED <{THEMES}> FROM NAMED <{THEMES}>")) == sizes[THEMES]
        named = [("query", in_named.format("")), ("named-graph-uri", THEMES), ("named-graph-uri", THEMES)]
        response = requests.get(endpoint.url, params=named, headers=JSON, timeout=60)
        assert int(response.json()["results"]["bindings"][0]["n"]["value"]) == sizes[THEMES]


def test_the_protocols_graphs_override_the_querys_own(endpoint: Endpoint, sizes: dict[str, int]) -> None:
    assert count(endpoint, COUNT.format("FROM <urn:x:nothing>"), **{"default-graph-uri": THEMES}) == sizes[THEMES]
    assert count(endpoint, COUNT.format(f"FROM <{THEMES}>"), **{"default-graph-uri": ONTOLOGY}) == sizes[ONTOLOGY]
    assert count(endpoint, COUNT.format(f"FROM <{THEMES}>"), **{"named-graph-uri": ONTOLOGY}) == 0


@pytest.mark.parametrize("query", [
    'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER (STR(?p) != "FROM <urn:x:nothing>") }',  # in a string literal
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER (STR(?p) != '''a\nfrom <urn:x:nothing>''') }",  # in a long one
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER (?p != <urn:x:FROM>) }",  # in an IRI
    "SELECT (COUNT(*) AS ?n) # FROM <urn:x:nothing>\n{ ?s ?p ?o }",  # in a comment
    "SELECT (COUNT(*) AS ?n) { ?s ?p ?o OPTIONAL { ?s <urn:x:p> ?from } }",  # a variable
    "PREFIX from: <urn:x:> PREFIX ex: <urn:x:> SELECT (COUNT(*) AS ?n) { ?s ?p ?o OPTIONAL { ?s from:p ex:from } }",
    'SELECT (COUNT(*) AS ?n) { ?s ?p ?o FILTER (STR(?p) != STR("x"@from)) }',  # a language tag
], ids=["string", "long string", "IRI", "comment", "variable", "prefixed names", "language tag"])
def test_from_that_is_no_keyword_leaves_the_union(endpoint: Endpoint, query: str) -> None:
    assert count(endpoint, query) == count(endpoint, COUNT.format(""))
