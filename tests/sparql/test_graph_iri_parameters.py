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
