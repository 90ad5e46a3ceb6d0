"""A `default-graph-uri` or `named-graph-uri` that is no absolute IRI is the client's mistake: 400 naming the
parameter and the value and saying what is needed, however it was sent and whichever the store (it was a 502
with Oxigraph's "Invalid IRI code point ' '")."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url
JSON = {"Accept": "application/sparql-results+json"}
ASK = "ASK { ?s ?p ?o }"
THEMES = "https://data.byregion.no/graph/themes"


@pytest.mark.parametrize("parameter", ["default-graph-uri", "named-graph-uri"])
@pytest.mark.parametrize("value", ["not an iri", "", "relative/x", "/graph/themes", "http://x/a b"])
def test_a_graph_parameter_that_is_no_absolute_iri_is_a_400_saying_so(endpoint: Endpoint, parameter: str,
                                                                     value: str) -> None:
    sent = [
        requests.get(endpoint.url, params={"query": ASK, parameter: value}, headers=JSON, timeout=30),
        requests.post(endpoint.url, data={"query": ASK, parameter: value}, headers=JSON, timeout=30),
        requests.post(endpoint.url, params={parameter: value}, data=ASK.encode(), timeout=30,
                      headers={**JSON, "Content-Type": "application/sparql-query"}),
    ]
    for response in sent:
        assert response.status_code == 400, response.text
        assert response.headers["Content-Type"].startswith("text/plain")
        assert f"`{parameter}`" in response.text and repr(value) in response.text
        assert "absolute IRI" in response.text


def test_one_bad_graph_among_good_ones_is_named(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, headers=JSON, timeout=30,
                            params=[("query", ASK), ("named-graph-uri", THEMES), ("named-graph-uri", "themes")])
    assert response.status_code == 400 and "'themes'" in response.text


def test_a_browser_sees_the_page_saying_so(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, params={"query": ASK, "default-graph-uri": "not an iri"},
                            headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 400 and "absolute IRI" in response.text


def test_absolute_iris_still_choose_the_dataset(endpoint: Endpoint) -> None:
    for parameter in ("default-graph-uri", "named-graph-uri"):
        for graph in (THEMES, "urn:x:nothing"):
            response = requests.get(endpoint.url, params={"query": ASK, parameter: graph}, headers=JSON, timeout=30)
            assert response.status_code == 200, response.text


def test_the_page_names_the_requests_dataset_and_its_form_keeps_it(endpoint: Endpoint) -> None:
    """The page answered the dataset's query, but its form dropped the graphs: "Run" again asked the whole graph,
    and nothing on the page said the answer was of one graph (SPARQL 1.1 Protocol §2.1.4)."""
    from tests.support.html import parse

    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    page = requests.get(endpoint.url, params={"query": query, "default-graph-uri": THEMES, "lang": "en"},
                        headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    root, _ = parse(page.text)
    form = root.find("form", id="sparql-form")
    kept = {(i.attrs.get("name"), i.attrs.get("value")) for i in form.find_all("input")}
    assert ("default-graph-uri", THEMES) in kept and ("lang", "en") in kept
    said = form.find("p", id="dataset")
    assert "The default graph is limited to" in said.text and THEMES in said.text
    escape = said.find("a").attrs["href"]
    assert escape.startswith("/sparql?") and "default-graph-uri" not in escape and "lang=en" in escape
    whole = requests.get(endpoint.url, params={"query": query}, headers={"Accept": "text/html"}, timeout=30)
    assert 'id="dataset"' not in whole.text
