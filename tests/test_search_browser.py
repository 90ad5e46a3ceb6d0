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


def test_a_reader_narrows_a_search_to_a_kind_and_back(page: Page, real_server: Server) -> None:
    page.add_init_script(WATCH_CSP)
    page.goto(real_server.url + "/search?q=Telemark&lang=en")
    kinds = page.get_by_role("navigation", name="Filter by kind")
    with page.expect_navigation():
        kinds.get_by_role("link", name="County (2)").click()
    assert page.locator("#search-summary").inner_text().endswith("Limited to County")
    assert page.locator("ol.results p.kind").all_text_contents() == ["County", "County"]
    chosen = kinds.get_by_role("link", name="County (2), remove from the filter", exact=True)  # heard so
    assert chosen.get_attribute("aria-current") == "true" and chosen.is_visible()
    assert not axe_serious(page)
    page.locator("#search-page-q").fill("Vestfold")  # a new query keeps the kind
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kind=county" in page.url and page.locator("ol.results p.kind").all_text_contents() == ["County"] * len(
        page.locator("ol.results li").all())
    with page.expect_navigation():
        kinds.get_by_role("link", name="All kinds").click()
    assert "kind=" not in page.url and page.evaluate("window.__violations") == []
