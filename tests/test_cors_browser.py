"""A script on another origin reads our answers in a real browser (Chromium), whatever request headers it adds:
YASGUI configured with headers of its own, a client adding ``X-Requested-With`` or ``Authorization`` (a SPARQL
client's review found each refused by the preflight, which allowed ``Accept`` and ``Content-Type`` only). The
other origin is a page served from another port of the loopback address, as a researcher's notebook would be."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import Server
from tests.support.browser import chromium_page

pytestmark = pytest.mark.slow  # a real server and Chromium

FETCH = """async ([url, headers, method, body]) => {
  try {
    const answer = await fetch(url, {method, headers, body});
    return answer.status + ' ' + (await answer.text()).slice(0, 60);
  } catch (error) { return 'refused: ' + error; }
}"""


class _Page(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!doctype html><title>a client</title>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def other_origin() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.parametrize("headers", [{"X-Requested-With": "XMLHttpRequest"}, {"Authorization": "Bearer token"},
                                     {"Cache-Control": "no-cache", "X-Client": "yasgui"}])
def test_a_script_on_another_origin_reads_answers_whatever_headers_it_adds(
        real_server: Server, other_origin: str, headers: dict[str, str]) -> None:
    with chromium_page() as page:
        page.goto(other_origin)
        query = real_server.url + "/sparql?query=ASK%20%7B%7D"
        sparql = page.evaluate(FETCH, [query, {"Accept": "application/sparql-results+json", **headers}, "GET", None])
        assert sparql.startswith("200 ") and '"boolean"' in sparql, sparql
        posted = page.evaluate(FETCH, [real_server.url + "/sparql", {"Content-Type": "application/sparql-query",
                                                                     **headers}, "POST", "ASK {}"])
        assert posted.startswith("200 "), posted
        document = page.evaluate(FETCH, [real_server.url + "/doc/region/notodden.ttl", headers, "GET", None])
        assert document.startswith("200 "), document
        reconcile = page.evaluate(FETCH, [real_server.url + "/reconcile", headers, "GET", None])
        assert reconcile.startswith("200 "), reconcile


READ = """async ([url, headers, names]) => {
  try {
    const answer = await fetch(url, {headers, redirect: 'manual'});
    return [String(answer.status), ...names.map((name) => answer.headers.get(name))];
  } catch (error) { return ['refused: ' + error]; }
}"""


def test_a_script_reads_the_choice_a_300_prefers_and_the_headers_of_a_document(
        real_server: Server, other_origin: str) -> None:
    """A Wikidata item two municipalities held in turn is a 300 whose ``Location`` names the later one; fetch()
    follows no 300, so a script reads that header itself (a front-end review found it hidden from scripts)."""
    with chromium_page() as page:
        page.goto(other_origin)
        chosen = page.evaluate(READ, [real_server.url + "/id/wikidata/Q26525", {"Accept": "application/ld+json"},
                                      ["Location"]])
        assert chosen[0] == "300" and chosen[1].endswith("/id/municipality/drammen"), chosen
        document = page.evaluate(READ, [real_server.url + "/doc/region/notodden.jsonld",
                                        {"Accept-Profile": "<https://data.byregion.no/id/profile/full>"},
                                        ["ETag", "Link", "Content-Location", "Content-Profile"]])
        assert document[0] == "200" and all(document[1:]), document
