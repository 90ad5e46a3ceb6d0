"""Which part of the server answers a request, over real HTTP (`byregion serve`): the services by their whole
names, methods as written, and a HEAD that says the length of its GET, wherever the answer is made."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # a real build and `byregion serve`


def send(server: Server, method: str, path: str) -> http.client.HTTPResponse:
    """One request with ``method`` exactly as written (requests would upper-case it), its body read."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request(method, path)
        response = conn.getresponse()
        response.read()
        return response
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/healthz", "/sparql.ttl", "/searchx", "/reconciled", "/openapi.jsonx",
                                  "/health/x", "/sparql/"])
@pytest.mark.parametrize("method", ["OPTIONS", "POST", "GET"])
def test_a_path_that_only_begins_like_a_service_is_answered_as_any_unknown_path(server: Server, path: str,
                                                                                method: str) -> None:
    """``/healthz`` is not ``/health``: it gets what ``/nowhere`` gets (204 to OPTIONS, 405 to POST, 404), as the
    static export answers it."""
    unknown = send(server, method, "/nowhere")
    answer = send(server, method, path)
    assert answer.status == unknown.status, (method, path)
    assert answer.getheader("Allow") == unknown.getheader("Allow")


@pytest.mark.parametrize("path", ["/search.json?q=notodden", "/reconcile", "/reconcile/properties?type=municipality",
                                  "/health", "/openapi.json", "/dumps/byregion.ttl", "/static/style.css"])
def test_the_services_still_answer_at_their_names(server: Server, path: str) -> None:
    assert requests.get(server.url + path, timeout=30).status_code == 200, path


@pytest.mark.parametrize(("path", "post"), [
    ("/reconcile", True), ("/sparql", True), ("/reconcile/properties", False), ("/search", False),
    ("/doc/region/notodden", False), ("/openapi.json", False), ("/graph-store", False)])
def test_every_options_is_a_204_with_no_body_naming_the_methods(server: Server, path: str, post: bool) -> None:
    """RFC 9110 §9.3.7: what the resource answers, for a browser's preflight and a curious client; a 204 without a
    type for every path (the reconciliation service's had been Flask's own 200 as an empty HTML page)."""
    answer = requests.options(server.url + path, headers={"Origin": "http://elsewhere.example",
                                                          "Access-Control-Request-Method": "POST" if post else "GET"},
                              timeout=30)
    assert answer.status_code == 204 and answer.content == b"", path
    assert "Content-Type" not in answer.headers, answer.headers
    assert ("POST" in answer.headers["Allow"]) == post and "OPTIONS" in answer.headers["Allow"]
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert ("POST" in answer.headers["Access-Control-Allow-Methods"]) == post


@pytest.mark.parametrize("path", ["/doc/region/notodden", "/dataset", "/sparql", "/nowhere"])
def test_methods_are_case_sensitive(server: Server, path: str) -> None:
    """RFC 9110 §9.1: ``get`` is not ``GET``; it is a method the server does not know, wherever the path leads
    (werkzeug upper-cases methods, so Flask's routes answered it as GET)."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=30)
    try:
        conn.request("get", path)
        response = conn.getresponse()
        status, body = response.status, response.read()
    finally:
        conn.close()
    assert status == 501 and b"write 'GET'" in body, (path, status, body)


@pytest.mark.parametrize("path", ["/static/nothing.css", "/dumps/nothing.ttl", "/nowhere", "/sparql/x",
                                  "/doc/region/atlantis.ttl"])
def test_the_head_of_a_404_says_the_length_of_its_get(server: Server, path: str) -> None:
    """RFC 9110 §9.3.2, §8.6: a HEAD gets the headers of the GET, its Content-Length too (Flask's 404s said 0)."""
    got = requests.get(server.url + path, timeout=30)
    head = requests.head(server.url + path, timeout=30)
    assert got.status_code == head.status_code == 404
    assert head.headers["Content-Length"] == str(len(got.content)), path


@pytest.mark.parametrize("path", ["/openapi.json", "/health"])
def test_the_openapi_description_and_health_are_readable_by_a_script_on_another_site(server: Server,
                                                                                     path: str) -> None:
    """API tools run in browsers (Swagger UI, OpenRefine's links from the reconciliation manifest) fetch the
    description; a status page on another site reads /health (it had no CORS header, unlike every other route)."""
    answer = requests.get(server.url + path, headers={"Origin": "https://example.org"}, timeout=30)
    assert answer.status_code == 200 and answer.headers["Access-Control-Allow-Origin"] == "*"


def test_the_openapi_description_is_cached_as_every_document(server: Server) -> None:
    """188 KB a code generator fetches on every run: an ETag and Last-Modified, and 304 for a current copy (an API
    client developer's review: it had neither)."""
    first = requests.get(server.url + "/openapi.json", timeout=30)
    assert first.status_code == 200 and first.json()["openapi"] == "3.1.0"
    assert first.headers["ETag"] and first.headers["Last-Modified"] and "Cache-Control" in first.headers
    again = requests.get(server.url + "/openapi.json", headers={"If-None-Match": first.headers["ETag"]}, timeout=30)
    assert again.status_code == 304 and again.content == b""
