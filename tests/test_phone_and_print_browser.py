"""Tables on a phone and pages on paper, as an accessibility auditor read them in Chromium (360 CSS px; print media).

On a phone a table scrolls inside its box and no scrollbar shows, so what lay past the edge was cut off unseen:
a property's values ("Notodden i Notod"), the members' numbers ("08 / 38 / 40"), the downloads' checksums (eight
lines of a 63 px column). Tables of a property and its values are now read one property above its values, the
downloads' checksums under their file, and a table that still scrolls shows a shadow where more of it lies.
Printed, everything folded opens, and a link whose text is its address is written once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.conftest import Server
from tests.support.browser import chromium_page

pytestmark = pytest.mark.slow  # a browser over `byregion serve` on a real build

PHONE = {"width": 360, "height": 740}
#: Every .table-wrap of the page: its id, whether its table is wider than its box, and its background (the cue).
WRAPS = """() => [...document.querySelectorAll('.table-wrap')].map(w => ({
    id: w.getAttribute('aria-labelledby') || w.getAttribute('data-labelledby'),
    overflows: w.scrollWidth > w.clientWidth + 1,
    cue: getComputedStyle(w).backgroundImage}))"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page(viewport=PHONE) as opened:
        yield opened


@pytest.mark.parametrize(("path", "tables"), [
    ("/doc/region/notodden", {"properties", "members"}),
    ("/doc/municipality/notodden", {"properties", "codes"}),
    ("/def/byregion", {"properties"}),
    ("/catalog", {"downloads", "tables"}),
])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_on_a_phone_these_tables_fit_the_screen(page: Page, real_server: Server, path: str, tables: set[str],
                                                lang: str) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{real_server.url}{path}?lang={lang}")
    wraps = {w["id"]: w for w in page.evaluate(WRAPS)}
    assert tables <= set(wraps), wraps
    assert not [name for name in tables if wraps[name]["overflows"]], wraps


def test_on_a_phone_a_property_stands_above_its_values_at_the_screens_width(page: Page, real_server: Server) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{real_server.url}/doc/region/notodden?lang=nb")
    row = page.locator("table.keyvalue tbody tr").first
    header, cell = row.locator("th").bounding_box(), row.locator("td").bounding_box()
    assert header is not None and cell is not None
    assert cell["y"] >= header["y"] + header["height"] - 1 and cell["width"] > 250, (header, cell)


def test_on_a_phone_a_files_size_is_on_one_line_and_its_checksum_under_it(page: Page, real_server: Server) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{real_server.url}/catalog?lang=nb")
    row = page.locator("table.distributions tbody tr").first
    size, checksum = row.locator("td.number").bounding_box(), row.locator("td.sha256").bounding_box()
    line = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector('td.number')).lineHeight)")
    assert size is not None and checksum is not None
    assert size["height"] < 2 * line + 16, size  # one line and its padding: "6 872 8" had broken
    assert checksum["y"] >= size["y"] + size["height"] - 1 and checksum["width"] > 250, (size, checksum)


@pytest.mark.parametrize("path", ["/doc/municipality/notodden", "/doc/county/telemark", "/doc/county/viken",
                                  "/doc/municipality/midt-telemark"])
def test_a_date_is_never_broken_at_its_hyphens(page: Page, real_server: Server, path: str) -> None:
    """Every date of a table is one box (a county's tables had broken "2020-01-" above "01": a phone review)."""
    page.set_viewport_size({"width": 320, "height": 740})
    page.goto(f"{real_server.url}{path}?lang=nb")
    heights = page.evaluate("""() => [...document.querySelectorAll('.date')].map(d => d.getClientRects().length)""")
    assert heights and set(heights) == {1}, heights  # one box each: "2019-" above "12-31" made two
    # every date of the page's text is kept whole, in a table, a link's text or a paragraph (a county's changes
    # had broken "2024-01-" above "01": a re-check)
    loose = page.evaluate("""() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (/\\d{4}-\\d{2}-\\d{2}/.test(node.textContent)
                    && !node.parentElement.closest('.date, time, script, style, pre, code, textarea')) {
                found.push(node.textContent.trim().slice(0, 80));
            }
        }
        return found;
    }""")
    assert loose == [], (path, loose[:5])


@pytest.mark.parametrize("width", [1280, 1920])
def test_a_skip_link_shows_nothing_until_it_has_focus(page: Page, real_server: Server, width: int) -> None:
    """A map's link past its shapes sits in the map's figure: moved a fixed width to the left, a part of it had
    shown at the window's edge on wide screens ("024)" of "Hopp over kartet (fra 2024)": a GIS review)."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{real_server.url}/doc/municipality/alesund?lang=nb")
    shown = page.evaluate("""() => [...document.querySelectorAll('.skip')].map(a => {
        const r = a.getBoundingClientRect(); return r.width * r.height; })""")
    assert len(shown) > 1 and max(shown) <= 1, shown
    first = page.locator("figure .skip").first
    first.focus()
    box = first.bounding_box()
    assert box is not None and box["width"] > 40 and box["x"] >= 0, box


def test_a_table_that_still_scrolls_on_a_phone_shows_that_it_does(page: Page, real_server: Server) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"{real_server.url}/doc/programme/byregionprogrammet?lang=nb")
    scrolling = [w for w in page.evaluate(WRAPS) if w["overflows"]]
    assert scrolling, "the programme's table of regions (7 columns) is wider than a phone"
    assert all("radial-gradient" in w["cue"] for w in scrolling), scrolling
    wrap = page.locator(".table-wrap").filter(has=page.locator("table")).nth(0)
    assert wrap.evaluate("w => getComputedStyle(w).backgroundAttachment") == "local, local, scroll, scroll"


def test_only_a_table_that_scrolls_is_a_tab_stop(page: Page, real_server: Server) -> None:
    """A keyboard scrolls a table's box sideways only where it has more than it shows; a box that fits is no stop
    (tables.js), and becomes one again when the window narrows."""
    stops = """() => [...document.querySelectorAll('.table-wrap')].map(w => [
        w.getAttribute('aria-labelledby') || w.getAttribute('data-labelledby'),
        w.scrollWidth > w.clientWidth + 1, w.getAttribute('tabindex'), w.getAttribute('role')])"""
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{real_server.url}/doc/programme/byregionprogrammet?lang=nb")
    wide = page.evaluate(stops)
    assert wide and all((tabindex == "0") == scrolls for _, scrolls, tabindex, _ in wide), wide
    # nor a landmark a screen reader lists: the programme's page had seven (a screen-reader user's review)
    assert all((role == "region") == scrolls for _, scrolls, _, role in wide), wide
    assert any(tabindex is None for _, _, tabindex, _ in wide), wide  # the page's six stops that did nothing
    page.set_viewport_size(PHONE)
    page.wait_for_function("document.querySelector('.table-wrap[aria-labelledby=regions]')"
                           "?.getAttribute('tabindex') === '0'")  # the table of 33 regions scrolls on a phone
    assert all((tabindex == "0") == scrolls for _, scrolls, tabindex, _ in page.evaluate(stops))


def test_printed_every_folded_list_opens_and_the_search_form_and_periods_are_left_out(
        page: Page, real_server: Server) -> None:
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(f"{real_server.url}/catalog?lang=nb")
    places = page.locator("details.places ul").first
    assert not places.is_visible()
    page.emulate_media(media="print")
    try:
        assert places.is_visible()
        page.goto(f"{real_server.url}/search?q=notodden&lang=nb")
        assert not page.locator("form.search-page").is_visible()
        page.goto(f"{real_server.url}/doc/municipality/notodden?lang=nb")
        periods = page.locator(".map-periods")
        assert periods.count() and not periods.first.is_visible()
    finally:
        page.emulate_media(media="screen")


def test_printed_a_link_whose_text_is_its_address_is_written_once(page: Page, real_server: Server) -> None:
    page.set_viewport_size({"width": 800, "height": 1100})
    page.goto(f"{real_server.url}/doc/region/notodden?lang=nb")
    after = """a => getComputedStyle(a, '::after').content"""
    page.emulate_media(media="print")
    try:
        source = page.locator("a.address").first  # Kilder: https://distriktssenteret.no/…
        assert source.evaluate(after) == "none"
        page.goto(f"{real_server.url}/doc/municipality/notodden?lang=nb")
        wikidata = page.locator("main li a[href^='http://www.wikidata.org/']").first  # its text is "Q2326"
        assert wikidata.evaluate(after) == '" <http://www.wikidata.org/entity/Q2326>"'
    finally:
        page.emulate_media(media="screen")
