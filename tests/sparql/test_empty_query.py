"""An empty query (or one of spaces only) is told so, with what to send, however it was sent: not the parser's
"expected [_]" at 1:1."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url
JSON = {"Accept": "application/sparql-results+json"}
DIRECT = {**JSON, "Content-Type": "application/sparql-query"}


@pytest.mark.parametrize("text", ["", " \n\t "], ids=["empty", "spaces"])
def test_an_empty_query_is_a_400_saying_what_to_send(endpoint: Endpoint, text: str) -> None:
    sent = [requests.get(endpoint.url, params={"query": text}, headers=JSON, timeout=30),
            requests.post(endpoint.url, data={"query": text}, headers=JSON, timeout=30),
            requests.post(endpoint.url, data=text.encode(), headers=DIRECT, timeout=30)]
    for response in sent:
        assert response.status_code == 400, response.text
        assert response.headers["Content-Type"].startswith("text/plain")
        assert response.text.startswith("The query is empty")
        assert "SELECT, ASK, CONSTRUCT or DESCRIBE" in response.text and "application/sparql-query" in response.text
        assert "expected" not in response.text


def test_a_browser_sees_the_page_saying_so(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, params={"query": ""}, headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 400 and "The query is empty" in response.text


def test_without_a_query_get_still_gives_the_service_description(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
