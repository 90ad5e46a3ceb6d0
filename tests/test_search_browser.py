"""The search box in a real browser (Chromium via Playwright): a reader types in the box of any page and gets
the results page, with the matched words marked, passing axe-core and its Content Security Policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Page

from tests.conftest import Server
from tests.support.browser import WATCH_CSP, axe_serious, chromium_page

pytestmark = pytest.mark.slow  # a browser over `byregion serve`


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page() as opened:
        yield opened


def test_a_reader_searches_from_the_box_of_a_page(page: Page, real_server: Server) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(WATCH_CSP)
    page.goto(real_server.url + "/doc/region/notodden")
    page.get_by_label("Søk i dataene").fill("delingskultur")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/search?q=delingskultur")
    assert page.locator("#search-summary").inner_text().endswith("treff for «delingskultur»")
    assert page.locator("ol.results mark").first.inner_text().lower() == "delingskultur"
    assert page.locator("#search-page-q").input_value() == "delingskultur"
    assert not axe_serious(page)
    with page.expect_navigation():
        page.locator("ol.results h2 a").first.click()
    assert page.url.endswith("/doc/theme/delingskultur")  # the theme of that name first, then the statements
    assert page.evaluate("window.__violations") == [] and not errors, errors


def test_the_results_page_passes_axe_in_english_and_when_nothing_is_found(page: Page, real_server: Server) -> None:
    for path in ("/search?q=Notodden&lang=en", "/search?q=xyzzyxyzzy", "/search"):
        page.goto(real_server.url + path)
        assert not axe_serious(page), path
