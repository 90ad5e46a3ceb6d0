"""What a view makes per request goes gzip-compressed to a client that takes gzip, as the stored documents do:
search (its page and JSON), the SPARQL page with a results table, the reconciliation service, the description of
the routes. It varies by ``Accept-Encoding``; a client that does not take gzip gets the same bytes as they are. A
phone on a slow line had fetched the SPARQL page's 160 kB of results table where 20 kB do (a review)."""

from __future__ import annotations

import gzip

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # a real build and `byregion serve`

PAGES = [("/search?q=notodden", "text/html"), ("/search.json?q=notodden", "application/json"),
         ("/sparql", "text/html"), ("/sparql?query=SELECT%20*%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%20300", "text/html"),
         ("/reconcile", "application/json"), ("/openapi.json", "application/json")]


def raw(url: str, accept: str, encoding: str) -> requests.Response:
    """The answer with its body as sent (requests would decode a gzip body itself)."""
    answer = requests.get(url, headers={"Accept": accept, "Accept-Encoding": encoding}, timeout=60, stream=True)
    answer._content = answer.raw.read(decode_content=False)
    return answer


@pytest.mark.parametrize(("path", "accept"), PAGES)
def test_an_answer_made_per_request_goes_compressed_to_a_client_that_takes_gzip(server: Server, path: str,
                                                                                accept: str) -> None:
    plain = raw(server.url + path, accept, "identity")
    packed = raw(server.url + path, accept, "gzip, deflate, br")
    assert plain.status_code == packed.status_code == 200, path
    assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip", path
    assert gzip.decompress(packed.content) == plain.content, path
    assert len(packed.content) < len(plain.content) / 2 and packed.headers["Content-Length"] == str(len(packed.content))
    for answer in (plain, packed):
        assert "accept-encoding" in answer.headers["Vary"].lower(), (path, answer.headers["Vary"])


def test_the_description_of_the_routes_revalidates_compressed(server: Server) -> None:
    """Its ETag names the encoding, and comes back as a 304."""
    packed = raw(server.url + "/openapi.json", "application/json", "gzip")
    assert packed.headers["ETag"].endswith('-gzip"')
    again = requests.get(server.url + "/openapi.json", headers={"Accept-Encoding": "gzip",
                                                                "If-None-Match": packed.headers["ETag"]}, timeout=30)
    assert again.status_code == 304


def test_the_description_of_the_routes_varies_by_the_host_it_names(server: Server) -> None:
    """Its ``servers`` are the request's origin, so a shared cache keeps one per host, as every answer made on the
    host (the home page, the search, the reconciliation manifest) says (``Vary: Host``)."""
    for encoding in ("gzip", "identity"):
        answer = requests.get(server.url + "/openapi.json", headers={"Accept-Encoding": encoding,
                                                                     "Host": "api.example"}, timeout=30)
        assert answer.json()["servers"][0]["url"].startswith("http://api.example")
        assert {v.strip().lower() for v in answer.headers["Vary"].split(",")} >= {"host", "accept-encoding"}


@pytest.mark.parametrize("path", ["/health", "/search.json?q=zzzzzzzz"])
def test_a_short_answer_goes_as_it_is(server: Server, path: str) -> None:
    answer = raw(server.url + path, "application/json", "gzip")
    assert "Content-Encoding" not in answer.headers, (path, len(answer.content))
