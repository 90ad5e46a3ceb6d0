"""Long tables sort by any column in the browser (``byregion/web/static/tables.js``), as a reader of the list of 838
municipality numbers, or of the programme's 33 regions by population, would want.

A table marked ``data-sortable`` gets a button in each column header; the column it is sorted by says so in
``aria-sort`` (WAI-ARIA APG, "Sortable Table"), a second press reverses the order, text compares in Norwegian
alphabetical order and numbers as numbers, and rows with no value stay last. Without script the table is in the
order the build wrote it, which its ``aria-sort`` names truthfully."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import requests
from playwright.sync_api import Page

from tests.conftest import Server
from tests.support.browser import axe_serious, chromium_page

pytestmark = pytest.mark.slow  # a browser over `byregion serve` on a real build

NORWEGIAN = "abcdefghijklmnopqrstuvwxyzæøå"
#: The keys a column's cells sort by (their data-sort, else their text), in the order the rows stand.
COLUMN = """([table, index]) => [...document.querySelector(table).tBodies[0].rows].map(row => {
    const cell = row.cells[index]; const given = cell.getAttribute('data-sort');
    return (given !== null ? given : cell.textContent).trim(); })"""
SORTED_BY = """(table) => [...document.querySelector(table).tHead.querySelectorAll('th[aria-sort]')]
    .map(th => [th.cellIndex, th.getAttribute('aria-sort')])"""


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page() as opened:
        yield opened


def column(page: Page, table: str, index: int) -> list[str]:
    return page.evaluate(COLUMN, [table, index])


def letter_ranks(names: list[str]) -> list[int]:
    """Each name's first letter's place in the Norwegian alphabet, a double a as å (CLDR's Norwegian collation:
    the South Sámi Aarborte among the Å's)."""
    firsts = ["å" if name.lower().startswith("aa") else name[0].lower() for name in names]
    return [NORWEGIAN.index(first) for first in firsts if first in NORWEGIAN]


def test_every_column_header_of_the_list_is_a_button_named_by_its_text(page: Page, real_server: Server) -> None:
    page.goto(f"{real_server.url}/doc/municipalities?lang=en")
    headers = page.locator("#units thead th")
    assert headers.count() == 6
    for i in range(headers.count()):
        button = headers.nth(i).get_by_role("button")
        assert button.count() == 1
        assert button.inner_text().strip() == headers.nth(i).inner_text().strip() != ""
    assert page.evaluate(SORTED_BY, "#units") == [[1, "ascending"]]  # the build wrote it by number
    assert "the column headers are buttons that sort the table" in page.locator("#units caption").inner_text()


def test_a_name_column_sorts_in_norwegian_alphabetical_order_and_back(page: Page, real_server: Server) -> None:
    page.goto(f"{real_server.url}/doc/municipalities?lang=en")  # the names are Norwegian on the English page too
    names = page.locator("#units thead th").nth(0).get_by_role("button")
    names.click()
    ascending = column(page, "#units", 0)
    ranks = letter_ranks(ascending)
    assert ranks == sorted(ranks) and ascending[-1][0] in "ØÅ", ascending[-3:]  # Ås and Ørland after Vinje
    assert page.evaluate(SORTED_BY, "#units") == [[0, "ascending"]]
    names.press("Enter")  # a keyboard presses it as well
    descending = column(page, "#units", 0)
    assert sorted(descending) == sorted(ascending) and descending[0][0] in "ØÅ"
    ranks = letter_ranks(descending)
    assert ranks == sorted(ranks, reverse=True)
    assert page.evaluate(SORTED_BY, "#units") == [[0, "descending"]]


def test_dates_older_than_the_records_come_first_and_rows_without_a_value_last(page: Page,
                                                                               real_server: Server) -> None:
    page.goto(f"{real_server.url}/doc/municipalities")
    page.locator("#units thead th").nth(2).get_by_role("button").click()  # valid from
    starts = column(page, "#units", 2)
    assert starts[0] == "0000" and starts == sorted(starts)
    ended = page.locator("#units thead th").nth(5).get_by_role("button")
    for _ in ("ascending", "descending"):
        ended.click()
        values = column(page, "#units", 5)
        given = [v for v in values if v]
        assert given and values[:len(given)] == given, "the rows with an end come first in either order"


def test_the_programmes_regions_sort_by_population_as_numbers(page: Page, real_server: Server) -> None:
    page.goto(f"{real_server.url}/doc/programme/byregionprogrammet?lang=en")
    table = "#regions + p + .table-wrap table"
    assert page.evaluate(SORTED_BY, table) == [[0, "ascending"]]
    population = page.locator(f"{table} thead th").nth(3).get_by_role("button")
    population.click()
    population.click()
    values = column(page, table, 3)
    known = [int(v) for v in values if v]
    assert len(known) >= 15 and known == sorted(known, reverse=True), values
    assert values[len(known):] == [""] * (len(values) - len(known))


def test_the_regions_page_sorts_by_population_as_numbers_and_by_confidence_most_sure_first(
        page: Page, real_server: Server) -> None:
    """/doc/regions writes populations with separators (26 138): they sort by their data-sort, as numbers, with the
    regions no source gives one for last; the confidence from the facts block down, not by its words."""
    page.goto(f"{real_server.url}/doc/regions")
    assert page.evaluate(SORTED_BY, "#regions") == [[0, "ascending"]]
    population = page.locator("#regions thead th").nth(2).get_by_role("button")
    population.click()
    values = column(page, "#regions", 2)
    known = [int(v) for v in values if v]
    assert len(known) >= 15 and known == sorted(known), values
    assert values[len(known):] == [""] * (len(values) - len(known)) != []
    page.locator("#regions thead th").nth(5).get_by_role("button").click()
    ranks = [int(v) for v in column(page, "#regions", 5)]
    assert ranks == sorted(ranks) and ranks[0] == 1 and ranks[-1] > 1


def test_the_memberships_page_sorts_by_number_with_the_empty_cells_last(page: Page, real_server: Server) -> None:
    """A member that had merged by 2024 has no number of its own that year: sorted by that column, whichever the
    order, the rows with one come first."""
    page.goto(f"{real_server.url}/doc/memberships?lang=en")
    header = page.locator("#memberships thead th").nth(5)
    assert "2024" in header.inner_text()
    for _ in ("ascending", "descending"):
        header.get_by_role("button").click()
        values = column(page, "#memberships", 5)
        given = [v for v in values if v]
        assert given and values[:len(given)] == given and len(given) < len(values)
    assert axe_serious(page, "#memberships") == []


def test_the_sortable_list_raises_no_serious_accessibility_finding(page: Page, real_server: Server) -> None:
    page.goto(f"{real_server.url}/doc/counties")
    page.locator("#units thead th").nth(0).get_by_role("button").click()
    assert axe_serious(page, "#units") == []


#: A list's rows: the unit's name, then its number.
ROW_NUMBER = r'<tr><th scope="row" class="cell">.*?</th>\s*<td>(\d+)</td>'


@pytest.mark.parametrize("path", ["/doc/municipalities", "/doc/counties"])
def test_without_script_a_list_stands_in_the_order_its_aria_sort_names(real_server: Server, path: str) -> None:
    page = requests.get(f"{real_server.url}{path}", timeout=30).text
    body = page[page.index('<table class="units" id="units"'):]
    assert re.search(r'<th scope="col" aria-sort="ascending">(Nummer|Number)</th>', body)
    codes = re.findall(ROW_NUMBER, body, flags=re.S)
    assert len(codes) > 15 and codes == sorted(codes)
