"""A request body sent with a content coding is refused (415, RFC 9110 §8.4 and §15.5.16), not read as if it had
none: a gzipped form had been refused as "not valid UTF-8", and one labelled ``br`` answered as plain text."""

from __future__ import annotations

import gzip

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over a build

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize("path", ["/sparql", "/reconcile"])
@pytest.mark.parametrize(("coding", "body"), [  # mtime=0: the same bytes in every pytest-xdist worker's collection
    ("gzip", gzip.compress(b"query=ASK%7B%7D", mtime=0)), ("br", b"query=ASK%7B%7D"),
    ("gzip, identity", b"query=ASK%7B%7D"),
], ids=["gzip", "br", "gzip-identity"])
def test_a_coded_body_is_415_naming_what_is_read(server: Server, path: str, coding: str, body: bytes) -> None:
    answer = requests.post(server.url + path, data=body, headers={**FORM, "Content-Encoding": coding}, timeout=10)
    assert answer.status_code == 415
    assert answer.headers["Accept-Encoding"] == "identity"
    assert answer.headers["Access-Control-Allow-Origin"] == "*"  # a script may read why
    said = answer.json()["detail"] if path == "/reconcile" else answer.text  # a JSON-only service's: problem details
    assert said.startswith(("415 Unsupported Media Type: this server reads a request's body as it is sent",
                            "this server reads a request's body as it is sent"))
    assert repr(coding) in said


@pytest.mark.parametrize(("method", "path", "status"), [("POST", "/doc/region/notodden", 405),
                                                        ("GET", "/doc/region/notodden", 200)])
def test_a_coded_body_nothing_reads_is_left_alone(server: Server, method: str, path: str, status: int) -> None:
    """A POST to a document is the 405 of any other method; a GET's body is read by nobody."""
    answer = requests.request(method, server.url + path, data=gzip.compress(b"x"), timeout=10,
                              headers={"Content-Encoding": "gzip", "Accept": "text/turtle"})
    assert answer.status_code == status


def test_as_problem_details_for_a_client_that_asks_for_json(server: Server) -> None:
    answer = requests.post(server.url + "/sparql", data=gzip.compress(b"query=ASK%7B%7D"),
                           headers={**FORM, "Content-Encoding": "gzip", "Accept": "application/json"}, timeout=10)
    assert answer.status_code == 415 and answer.headers["Content-Type"] == "application/problem+json"
    assert answer.json()["title"] == "Unsupported Media Type"


@pytest.mark.parametrize("coding", ["identity", "IDENTITY", ""])
def test_a_body_as_it_is_is_read(server: Server, coding: str) -> None:
    answer = requests.post(server.url + "/sparql", data=b"query=ASK%7B%7D",
                           headers={**FORM, "Content-Encoding": coding,
                                    "Accept": "application/sparql-results+json"}, timeout=10)
    assert answer.status_code == 200 and answer.json()["boolean"] is True


def test_a_request_without_a_body_is_not_refused_for_its_coding(server: Server) -> None:
    answer = requests.get(server.url + "/sparql", params={"query": "ASK {}"},
                          headers={"Content-Encoding": "gzip", "Accept": "application/sparql-results+json"},
                          timeout=10)
    assert answer.status_code == 200
