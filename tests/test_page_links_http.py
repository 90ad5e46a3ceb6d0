"""A page whose ``<head>`` links other resources names them in its answers' ``Link`` header too (RFC 8288): a linked-
data client or a harvester reads headers, not HTML. The home page links the dataset's description in RDF
(``rel=alternate``) and its VoID (``rel="describedby"``); the lists of municipalities and counties link their table
and its CSVW metadata. The links are decided when the build is made and kept with the document
(``docstore.PageLink``): the head and the header are made of the same links, and so is a 406's ``Link`` and body.
(The same answers from the static export under nginx and Apache: tests/test_static_export.py and
tests/test_apache_export.py.)"""

from __future__ import annotations

import re

import pytest
import requests

from byregion.build.render.pages import HOME_LINKS
from byregion.docstore import DESCRIBEDBY, PageLink, links_text, parse_links
from byregion.identifiers.documents import TABLES, list_links
from byregion.identifiers.paths import COUNTY_LIST, LISTS, MUNICIPALITY_LIST, TABLE
from byregion.mediatypes import CSV_TABLE, CSVW_METADATA, JSONLD, TURTLE
from byregion.serve import rules
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over the site's build

MUNICIPALITY_LINKS = (f'<{TABLE}>; rel=alternate; type="{CSV_TABLE.name}", '
                      f'<{TABLE}-metadata.json>; rel=alternate; type="{CSVW_METADATA.name}"')
HOME_LINK = (f'</dataset.ttl>; rel=alternate; type="{TURTLE.name}", '
             f'</dataset.jsonld>; rel="alternate"; type="{JSONLD.name}", '
             f'</.well-known/void>; rel="describedby"; type="{TURTLE.name}"')


def get(server: Server, path: str, method: str = "GET", **headers: str) -> requests.Response:
    return requests.request(method, server.url + path, headers=headers, allow_redirects=False, timeout=10)


def head_links(html: str) -> list[tuple[str, str, str]]:
    """``(rel, type, href)`` of each ``<link>`` of a page's head that names a type (not the language alternates)."""
    root, faults = parse(html)
    assert not faults, faults
    return [(link.attrs["rel"], link.attrs["type"], link.attrs["href"]) for link in root.find("head").find_all("link")
            if link.attrs.get("type") and link.attrs["rel"] in ("alternate", "describedby")]


def header_links(value: str) -> list[tuple[str, str, str]]:
    """``(rel, type, href)`` of each value of a ``Link`` header that names a type (not the profile)."""
    found = []
    for part in value.split(", <"):
        target = re.search(r"<?([^>]+)>", part)
        rel = re.search(r'rel="?([a-z]+)"?', part)
        kind = re.search(r'type="([^"]+)"', part)
        if target and rel and kind:
            found.append((rel.group(1), kind.group(1), target.group(1)))
    return found


@pytest.mark.parametrize("accept", [None, "text/turtle", "application/ld+json", "*/*"])
def test_the_home_page_names_the_datasets_rdf_and_its_void_in_link_whatever_is_asked(server: Server,
                                                                                      accept: str | None) -> None:
    """An RDF client that dereferences the site's root gets the page (its one form), and in its header where the
    dataset is described in RDF."""
    answer = get(server, "/", **({"Accept": accept} if accept else {}))
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
    assert answer.headers["Link"] == HOME_LINK


@pytest.mark.parametrize("path", ["/", MUNICIPALITY_LIST, COUNTY_LIST])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_link_header_names_what_the_pages_head_links(server: Server, path: str, lang: str) -> None:
    """One list of links for both: what the head of the page in either language links, the header names, in order."""
    answer = get(server, f"{path}?lang={lang}")
    assert answer.status_code == 200
    linked = head_links(answer.text)
    assert linked and header_links(answer.headers["Link"]) == linked


def test_a_list_page_names_its_table_after_its_profile(server: Server) -> None:
    answer = get(server, MUNICIPALITY_LIST)
    assert answer.headers["Link"].endswith(", " + MUNICIPALITY_LINKS)
    assert answer.headers["Link"].startswith("<") and 'rel="profile"' in answer.headers["Link"]


@pytest.mark.parametrize("path", ["/", MUNICIPALITY_LIST, f"{COUNTY_LIST}.html"])
def test_head_and_304_carry_the_same_link(server: Server, path: str) -> None:
    got = get(server, path)
    head = get(server, path, "HEAD")
    assert head.status_code == 200 and head.content == b"" and head.headers["Link"] == got.headers["Link"]
    again = get(server, path, **{"If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Link"] == got.headers["Link"]


@pytest.mark.parametrize("accept", ["text/csv", "text/turtle", "application/csvm+json"])
def test_a_list_pages_406_names_its_table_in_link_and_body(server: Server, accept: str) -> None:
    """A client that asks the list for its CSV (or RDF) is told where the table is, not only where the page is."""
    answer = get(server, MUNICIPALITY_LIST, Accept=accept)
    assert answer.status_code == 406
    assert answer.headers["Link"] == f'<{MUNICIPALITY_LIST}.html>; rel=alternate; type="text/html", ' \
                                     + MUNICIPALITY_LINKS
    assert answer.text.splitlines()[1:] == [
        "This document is available as:", f"  text/html  {MUNICIPALITY_LIST}.html  (HTML)", "Its page links:",
        f"  {CSV_TABLE.name}  {TABLE}  ({CSV_TABLE.label}, rel=alternate)",
        f"  {CSVW_METADATA.name}  {TABLE}-metadata.json  ({CSVW_METADATA.label}, rel=alternate)"]
    head = get(server, MUNICIPALITY_LIST, "HEAD", Accept=accept)
    assert head.status_code == 406 and head.headers["Link"] == answer.headers["Link"]


def test_a_list_pages_406_by_mediatype_names_them_too(server: Server) -> None:
    answer = get(server, f"{COUNTY_LIST}?_mediatype=ttl")
    assert answer.status_code == 406 and "</doc/counties.csv>; rel=alternate" in answer.headers["Link"]
    assert "  text/csv  /doc/counties.csv  (CSV, rel=alternate)" in answer.text.splitlines()


@pytest.mark.parametrize("path", ["/doc/region/notodden", "/robots.txt", "/catalog", TABLE])
def test_a_document_whose_page_links_nothing_more_names_no_more(server: Server, path: str) -> None:
    link = get(server, path, Accept="text/turtle").headers.get("Link", "")
    assert "describedby" not in link and ".csv" not in link


def test_the_links_are_kept_as_written_and_a_link_that_could_not_be_is_refused() -> None:
    assert parse_links(links_text(HOME_LINKS)) == HOME_LINKS and parse_links("") == ()
    for table in TABLES:
        assert parse_links(links_text(list_links(table))) == list_links(table) and table.path in LISTS
    assert rules.page_links(()) == () and rules.page_links_lines(()) == []
    assert rules.page_link(PageLink("/v", TURTLE.name, TURTLE.label, DESCRIBEDBY)) == \
        '</v>; rel="describedby"; type="text/turtle"'
    for bad in (("/a,b", "text/csv", "CSV"), ("/a", "text/csv;x=1", "CSV"), ("a", "text/csv", "CSV"),
                ("/a", "text/csv", 'C"SV'), ("/a b", "text/csv", "CSV")):
        with pytest.raises(ValueError):
            PageLink(*bad)
    with pytest.raises(ValueError):
        PageLink("/a", "text/csv", "CSV", "next")
