"""The reconciliation previews in a real browser (Chromium via Playwright): every unit's preview fits the frame the
manifest advertises, as OpenRefine shows it, with its name, kind and numbers in view, and runs nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from urllib.parse import quote

import pytest
import requests
from playwright.sync_api import Page

from byregion.build import PublishedBuild
from byregion.reconcile.index import FILE
from tests.conftest import Server
from tests.support.browser import WATCH_CSP, axe_serious, chromium_page

pytestmark = pytest.mark.slow  # a browser over `byregion serve` of the repository's own dataset


@pytest.fixture(scope="module")
def frame(real_server: Server) -> dict[str, int]:
    """The preview frame's size, as the manifest gives it to OpenRefine."""
    preview = requests.get(real_server.url + "/reconcile", timeout=10).json()["preview"]
    return {"width": preview["width"], "height": preview["height"]}


@pytest.fixture(scope="module")
def page(frame: dict[str, int]) -> Iterator[Page]:
    with chromium_page(viewport=frame) as opened:
        opened.add_init_script(WATCH_CSP)
        yield opened


def units(build: PublishedBuild) -> list[tuple[str, str, list[str], int]]:
    """(IRI, name, numbers, length of all it says) of every unit the service has a preview of."""
    with sqlite3.connect(build.file(FILE)) as connection:
        rows = connection.execute("SELECT units.data FROM units JOIN previews USING (iri)").fetchall()
    out = []
    for (data,) in rows:
        unit = json.loads(data)
        out.append((unit["iri"], unit["name"], [n["code"] for n in unit["numbers"]], len(data)))
    return out


def likeliest_to_overflow(every: list[tuple[str, str, list[str], int]],
                          each: int = 12) -> list[tuple[str, str, list[str], int]]:
    """The previews a frame is likeliest too small for: the longest names, the most numbers and the most said in
    all (``each`` of every kind of extreme), and every 25th of the rest for breadth, in the build's order. A preview
    grows with what it says, so these bound the others (opening all 500 took two minutes of the suite)."""
    chosen = {unit[0] for key in (lambda u: len(u[1]), lambda u: len(u[2]), lambda u: u[3])
              for unit in sorted(every, key=key, reverse=True)[:each]}
    chosen |= {unit[0] for unit in every[::25]}
    return [unit for unit in every if unit[0] in chosen]


def test_the_previews_likeliest_to_overflow_fit_the_frame_the_manifest_advertises(page: Page, real_server: Server,
                                                              real_build: PublishedBuild,
                                                              frame: dict[str, int]) -> None:
    """OpenRefine shows a preview in an iframe of the manifest's width and height: the whole page fits it, with
    no scrolling either way, and the unit's name, kind and every number with its period are in view (a long list
    or name is cut with an ellipsis instead of growing the page; with the site's stylesheet every one was taller)."""
    assert frame == {"width": 400, "height": 200}
    every = units(real_build)
    assert len(every) > 500  # municipalities, counties, city regions and themes
    overflowing = []
    for iri, name, numbers, _ in likeliest_to_overflow(every):
        page.goto(f"{real_server.url}/reconcile/preview?id={quote(iri, safe='')}")
        size = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight,"
                             " Math.ceil(document.querySelector('main').getBoundingClientRect().bottom)]")
        if size[0] > frame["width"] or max(size[1:]) > frame["height"]:
            overflowing.append((iri, size))
            continue
        assert page.locator("h1").inner_text() == name, iri
        assert page.locator(".kind").is_visible(), iri
        assert page.locator("tbody td:first-child").all_inner_texts() == numbers, iri
        # every number and period whole, not cut with an ellipsis (names of the number and counties may be)
        cut = page.locator("tbody td:first-child, tbody td:nth-last-child(2)").evaluate_all(
            "cells => cells.filter(c => c.scrollWidth > c.clientWidth).map(c => c.textContent)")
        assert cut == [], iri
    assert not overflowing, f"{len(overflowing)} previews larger than the frame: {overflowing[:5]}"
    assert page.evaluate("window.__violations") == []


@pytest.mark.parametrize("path", ["municipality/notodden", "region/namsosregionen", "county/viken",
                                  "theme/leverandornaeringer-underleverandorer-og-fou"])
def test_a_preview_has_no_serious_accessibility_problem(page: Page, real_server: Server, path: str) -> None:
    page.goto(f"{real_server.url}/reconcile/preview?id={quote('https://data.byregion.no/id/' + path, safe='')}")
    assert not axe_serious(page)
