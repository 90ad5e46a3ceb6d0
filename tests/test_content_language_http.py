"""Every page says its language in ``Content-Language`` (RFC 9110 §8.5), the language its ``<html lang>`` names:
a document's page in either language, the home page (which names the host), a 404 page, and the pages views make
per request (search, the SPARQL query page). RDF carries its languages in its literals' tags and says none; a 304
sends none (RFC 9110 §15.4.5 keeps to the headers that describe the cached copy's validators)."""

from __future__ import annotations

import re

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

REGION = "/doc/region/notodden"


def get(server: Server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, allow_redirects=False, timeout=30)


def html_lang(response: requests.Response) -> str:
    found = re.search(r'<html[^>]*\slang="([^"]+)"', response.text)
    assert found, response.text[:200]
    return found.group(1)


@pytest.mark.parametrize("path", [REGION, f"{REGION}.html", "/doc/municipality/notodden", "/", "/dataset",
                                  "/doc/region/nowhere", f"{REGION}?_profile=alt", "/search?q=notodden", "/sparql"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_page_says_the_language_it_is_in(server: Server, path: str, lang: str) -> None:
    response = get(server, path, Accept="text/html", **{"Accept-Language": lang})
    assert response.headers["Content-Type"].startswith("text/html"), path
    assert response.headers.get("Content-Language") == html_lang(response) == lang, path


def test_the_reader_s_choice_by_cookie_is_the_language_said(server: Server) -> None:
    response = get(server, REGION, Accept="text/html", Cookie="lang=en", **{"Accept-Language": "nb"})
    assert response.headers["Content-Language"] == "en"


@pytest.mark.parametrize(("cookie", "lang"), [('lang="en"', "en"), ("theme=dark; lang=en ; x=1", "en"),
                                             ("lang=english", "nb"), ("xlang=en", "nb"), ('lang="en', "nb")])
@pytest.mark.parametrize("path", [REGION, "/search?q=notodden", "/sparql", "/doc/region/nowhere"])
def test_every_page_reads_the_cookie_alike(server: Server, cookie: str, lang: str, path: str) -> None:
    """A document's page and the pages made per request read the ``lang`` cookie by one rule: quoted or not
    (RFC 6265 §4.1.1), and only a whole value of ours. A quoted one had given the search page in English and the
    region's page in Norwegian to the same reader."""
    response = get(server, path, Accept="text/html", Cookie=cookie, **{"Accept-Language": "nb"})
    assert response.headers["Content-Language"] == html_lang(response) == lang, path


@pytest.mark.parametrize("accept", ["text/turtle", "application/ld+json", "application/n-triples"])
def test_rdf_says_no_language_of_its_own(server: Server, accept: str) -> None:
    response = get(server, REGION, Accept=accept, **{"Accept-Language": "en"})
    assert response.status_code == 200 and "Content-Language" not in response.headers


def test_a_304_of_a_page_sends_no_content_language(server: Server) -> None:
    first = get(server, REGION, Accept="text/html")
    again = get(server, REGION, Accept="text/html", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and "Content-Language" not in again.headers
