"""A large result goes gzip-compressed to a client that takes gzip (a thousand rows of SPARQL JSON are a tenth as
many bytes), as the documents do; a small one, or one for a client that does not take gzip, goes as it is. Every
result says ``Accept-Encoding`` in ``Vary``, so that a cache keeps the two apart."""

from __future__ import annotations

import gzip
import json
from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url

#: A thousand rows, sorted so that two answers compare byte for byte: the thousand first of the store's own order,
#: then sorted (sorting every triple before the limit had taken 1.9 s of the endpoint's 3 s timeout on a quiet
#: machine, and on a busy one the remote store's answers had come back 503, ran too long).
LARGE = "SELECT * WHERE { { SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 1000 } } ORDER BY ?s ?p ?o"
JSON_RESULTS = "application/sparql-results+json"


def raw(endpoint: Endpoint, query: str, accept: str, encoding: str | None) -> requests.Response:
    """The answer's bytes as sent (requests would decode a gzip body itself)."""
    headers = {"Accept": accept, "Accept-Encoding": encoding or "identity"}
    response = requests.get(endpoint.url, params={"query": query}, headers=headers, timeout=60, stream=True)
    response.raw.decode_content = False
    response._content = response.raw.read()
    return response


@pytest.mark.parametrize("accept", [JSON_RESULTS, "text/csv", "application/sparql-results+xml"])
def test_a_large_result_goes_compressed_to_a_client_that_takes_gzip(endpoint: Endpoint, accept: str) -> None:
    plain = raw(endpoint, LARGE, accept, None)
    packed = raw(endpoint, LARGE, accept, "gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert int(packed.headers["Content-Length"]) == len(packed.content) < len(plain.content) / 4
    for answer in (plain, packed):
        assert "Accept-Encoding" in [v.strip() for v in answer.headers["Vary"].split(",")]
    if accept == JSON_RESULTS:
        assert len(json.loads(plain.content)["results"]["bindings"]) == 1000


def test_a_small_result_goes_as_it_is(endpoint: Endpoint) -> None:
    answer = raw(endpoint, "ASK { ?s ?p ?o }", JSON_RESULTS, "gzip")
    assert answer.status_code == 200 and "Content-Encoding" not in answer.headers
    assert "Accept-Encoding" in [v.strip() for v in answer.headers["Vary"].split(",")]  # a larger one would go so
    assert json.loads(answer.content) == {"head": {}, "boolean": True}


@pytest.mark.parametrize("encoding", ["gzip;q=0", "x-gzip", "br", "identity"])
def test_a_client_that_does_not_take_gzip_gets_the_result_as_it_is(endpoint: Endpoint, encoding: str) -> None:
    answer = raw(endpoint, LARGE, JSON_RESULTS, encoding)
    assert answer.status_code == 200 and "Content-Encoding" not in answer.headers
    assert len(json.loads(answer.content)["results"]["bindings"]) == 1000
