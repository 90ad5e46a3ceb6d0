"""HEAD /sparql answers as GET does, without the body, so OPTIONS names it among the methods."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url
#: Headers that differ between any two answers.
VOLATILE = {"date"}


def headers(response: requests.Response) -> dict[str, str]:
    return {k.lower(): v for k, v in response.headers.items() if k.lower() not in VOLATILE}


def test_options_names_head_among_the_methods(endpoint: Endpoint) -> None:
    response = requests.options(endpoint.url, timeout=30)
    assert response.status_code == 204
    assert response.headers["Allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize(("params", "accept"), [
    ({"query": "ASK { ?s ?p ?o }"}, "application/sparql-results+json"),
    ({"query": "SELECT ?s { ?s a ?t } LIMIT 3"}, "text/csv"),
    ({"query": "SELECT * { ?s ?p ?o } LIMIT 1500"}, "application/sparql-results+json"),  # cut at the row cap
    ({"query": "CONSTRUCT WHERE { ?s a ?t } LIMIT 5"}, "text/turtle"),
    ({"query": "SELECT ?s WHERE { ?s ?p }"}, "application/sparql-results+json"),  # malformed: 400
    ({"query": "ASK {}"}, "image/png"),  # 406
    ({}, "text/turtle"),  # the service description
    ({"query": "ASK { ?s ?p ?o }"}, "text/html"),  # the page
], ids=["ask", "select csv", "truncated", "construct", "malformed", "not acceptable", "description", "page"])
def test_head_gives_the_gets_status_and_headers_and_no_body(endpoint: Endpoint, params: dict[str, str],
                                                           accept: str) -> None:
    get = requests.get(endpoint.url, params=params, headers={"Accept": accept}, timeout=60)
    head = requests.head(endpoint.url, params=params, headers={"Accept": accept}, timeout=60)
    assert head.status_code == get.status_code, get.text
    assert headers(head) == headers(get)
    # the length sent: of the gzip body where one went (requests hands over the body unpacked)
    sent = int(get.headers["Content-Length"]) if get.headers.get("Content-Encoding") == "gzip" else len(get.content)
    assert head.content == b"" and int(head.headers["Content-Length"]) == sent
    if params.get("query") == "SELECT * { ?s ?p ?o } LIMIT 1500":
        assert head.headers["X-Byregion-Truncated"] == "true"
