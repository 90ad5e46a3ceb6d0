"""Every kind of page reads as an outline (WCAG 2.1 SC 1.3.1, Info and Relationships): one ``h1``, and no heading
more than one level below the one before it, so that a screen reader's list of headings has no gaps. The
catalogue's lists of places had ``h3`` right after the page's ``h1`` (a crawler and accessibility review)."""

from __future__ import annotations

import itertools
import re

import pytest
import requests

from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

PAGES = ["/", "/catalog", "/dataset", "/validation", "/sparql", "/search?q=notodden", "/doc/region/notodden",
         "/doc/municipality/notodden", "/doc/county/agder", "/doc/programme/byregionprogrammet", "/def/byregion",
         "/doc/municipalities", "/doc/counties", "/doc/no-such-thing"]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_headings_go_down_one_level_at_a_time_from_one_h1(real_server: Server, path: str, lang: str) -> None:
    page = requests.get(real_server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    assert page.headers["Content-Type"].startswith("text/html"), path
    root, _ = parse(page.text)
    levels = [int(e.tag[1]) for e in root.iter() if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[:1] == [1] and levels.count(1) == 1, (path, levels)
    skipped = [(a, b) for a, b in itertools.pairwise(levels) if b > a + 1]
    assert not skipped, f"{path}: a heading h{skipped[0][1]} follows an h{skipped[0][0]}"


@pytest.mark.parametrize(("path", "lang", "start"), [("/catalog", "nb", "Datakatalog for Byregion LOD"),
                                                     ("/catalog", "en", "Byregion LOD data catalogue"),
                                                     ("/dataset", "nb", "")])
def test_the_catalogues_h1_names_the_catalogue_as_its_title_does(real_server: Server, path: str, lang: str,
                                                                 start: str) -> None:
    """A reader moving between h1s told the catalogue from the home page (whose h1 is the dataset's name) only by a
    kicker outside the heading (an accessibility audit); the dataset's page keeps the dataset's name alone."""
    page = requests.get(real_server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    heading, title = root.find("h1").text, root.find("title").text
    assert heading.startswith(start) and (not start or title.startswith(start)), (heading, title)
    assert ("atakatalog" in heading or "data catalogue" in heading) == bool(start)
