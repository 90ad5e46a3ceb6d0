"""The pages as people read them away from a desktop screen (a mobile and visual reader's review), in Chromium:
zoomed to 400 % (WCAG 1.4.10, 320 CSS px), on a tablet where two maps share the width, printed, and the
ontology's long page with an index."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.conftest import Server
from tests.support.browser import chromium_page

pytestmark = pytest.mark.slow  # a browser over `byregion serve` on a real build


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page(viewport={"width": 320, "height": 800}) as opened:
        yield opened


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("path", ["/def/byregion", "/catalog", "/doc/region/notodden", "/"])
def test_at_400_percent_zoom_nothing_scrolls_sideways(page: Page, real_server: Server, path: str, lang: str) -> None:
    """1280 px at 400 % is 320 CSS px: the ontology's "schema:validFrom/schema:validThrough" and the catalogue's
    attribution ran 20 px past it."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{real_server.url}{path}?lang={lang}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


@pytest.mark.parametrize("path", ["/", "/doc/municipality/notodden", "/doc/county/telemark", "/catalog",
                                  "/doc/region/notodden"])
def test_at_400_percent_zoom_with_a_large_font_nothing_scrolls_sideways(page: Page, real_server: Server,
                                                                        path: str) -> None:
    """A reader who has set the browser's font to "Large" (20 px) and zooms to 400 %: the header's search box
    (11 rem wide) and a municipality's two maps (each at least 18 rem) ran past 320 px (an accessibility review)."""
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{real_server.url}{path}")
    # the browser's own default, made larger (through the CSSOM, which the pages' Content-Security-Policy allows)
    page.evaluate("document.documentElement.style.fontSize = '20px'")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_two_maps_side_by_side_write_the_larger_names(page: Page, real_server: Server) -> None:
    """On a tablet a county's two maps are each drawn at about 60 % of their size; the names meant for a phone are
    shown there too (they were about 8 px on screen), and the wider screen keeps the smaller ones."""
    shown = "(s) => getComputedStyle(document.querySelector(s)).display"
    page.set_viewport_size({"width": 768, "height": 1024})
    page.goto(real_server.url + "/doc/county/telemark")
    assert page.locator(".map-set.several svg.map").count() >= 2
    assert page.evaluate(shown, ".map-set.several svg.map .map-labels-narrow") != "none"
    assert page.evaluate(shown, ".map-set.several svg.map .map-labels-wide") == "none"
    page.set_viewport_size({"width": 1800, "height": 1024})
    assert page.evaluate(shown, ".map-set.several svg.map .map-labels-wide") != "none"


def test_a_printed_page_holds_the_content_and_the_originals_not_the_header(page: Page, real_server: Server) -> None:
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(real_server.url + "/doc/region/notodden?lang=en")
    original = page.locator("details.original p[lang=nb]").first
    assert not original.is_visible()  # folded on screen
    page.emulate_media(media="print")
    try:
        assert not page.locator("header.site").is_visible()
        assert original.is_visible()
        assert page.locator("main h1").is_visible()
    finally:
        page.emulate_media(media="screen")


def test_the_ontologys_page_has_an_index_of_its_terms(page: Page, real_server: Server) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(real_server.url + "/def/byregion")
    sections = page.eval_on_selector_all("section.term", "nodes => nodes.map(n => '#' + n.id)")
    listed = page.eval_on_selector_all("nav.contents ul a", "links => links.map(a => a.getAttribute('href'))")
    assert len(sections) > 50 and listed == sections
