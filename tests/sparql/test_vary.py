"""Every answer of /sparql varies on Accept, Accept-Language and Cookie: the same URL gives a browser the query
page in its language and a client its results, so a cache must keep them apart (RFC 9110 §12.5.5)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url


@pytest.mark.parametrize(("params", "accept"), [
    ({"query": "ASK { ?s ?p ?o }"}, "application/sparql-results+json"),  # the fast path's answer
    ({"query": "ASK { ?s ?p ?o }"}, "text/html"),  # the page
    ({"query": "SELECT ?s WHERE { ?s ?p }"}, "text/plain"),  # a refusal
    ({}, "text/turtle"),  # the service description
    ({}, "text/html"),  # the page without a query
], ids=["results", "page", "refusal", "description", "empty page"])
def test_every_answer_varies_on_the_format_and_the_language(endpoint: Endpoint, params: dict[str, str],
                                                            accept: str) -> None:
    response = requests.get(endpoint.url, params=params, headers={"Accept": accept, "Accept-Language": "en"},
                            timeout=60)
    # the service description is a rendered document, kept gzip-compressed too, and a result is compressed when
    # large (test_result_compression.py): each varies by Accept-Encoding as well
    result = response.status_code == 200 and "query" in params and accept != "text/html"
    encoding = ", Accept-Encoding" if "Content-Encoding" in response.headers or result else ""
    assert response.headers["Vary"] == "Accept, Accept-Language, Cookie" + encoding, response.status_code
