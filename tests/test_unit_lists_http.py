"""The lists of every municipality and every county (a product review: nothing listed the things of a class, and a
reader reached Bærum only through search or a county's page; the full lists were CSV files for spreadsheets).
``/doc/municipalities`` and ``/doc/counties`` are those tables as pages, in Norwegian and English, one row per
number with the unit linked to its page, reached from the home page, the dataset page and every municipality's and
county's page, and listed in the sitemap; the CSV stays as it was, one name over."""

from __future__ import annotations

import pytest
import requests

from byregion.build.render.pages import Linker
from byregion.identifiers.documents import TABLES, list_rows
from byregion.identifiers.paths import COUNTY_LIST, COUNTY_TABLE, MUNICIPALITY_LIST, TABLE
from tests.conftest import Server
from tests.support.html import Element, parse
from tests.test_lookups_http import table_rows

pytestmark = pytest.mark.slow  # `byregion serve` over the site's build

LISTS = [(MUNICIPALITY_LIST, TABLE, "municipality"), (COUNTY_LIST, COUNTY_TABLE, "county")]


def page(server: Server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, timeout=10)


def rows(answer: requests.Response) -> list[Element]:
    root, faults = parse(answer.text)
    assert not faults, faults
    return root.find("table", id="units").find("tbody").find_all("tr")


@pytest.mark.parametrize(("path", "table", "unit"), LISTS)
def test_the_list_has_a_row_for_each_row_of_its_table_each_unit_linked_to_its_page(
        server: Server, path: str, table: str, unit: str) -> None:
    csv_rows = table_rows(server.url + table)
    shown = rows(page(server, path))
    assert len(shown) == len(csv_rows) > 0
    for row, tr in zip(csv_rows, shown, strict=True):
        header = tr.find("th")
        assert header.attrs["scope"] == "row"
        assert header.find("a").attrs["href"] == "/doc/" + row[unit].split("/id/", 1)[1]  # its page, no 303
        assert header.find("a").text == row["name"]
        assert tr.find_all("td")[0].text == row["code"]
    # every unit of the table is reachable from its list
    linked = {tr.find("th").find("a").attrs["href"] for tr in shown}
    assert len(linked) == len({row[unit] for row in csv_rows})


def test_a_municipality_is_one_click_from_the_list_with_its_county_and_its_end(server: Server) -> None:
    """Sauherad's number (0822) ended when it merged into Midt-Telemark: its row says so, as its table's row, and
    links its page and its county's."""
    sauherad = next(tr for tr in rows(page(server, MUNICIPALITY_LIST)) if tr.find("th").text == "Sauherad")
    link = sauherad.find("th").find("a").attrs["href"]
    assert link == "/doc/municipality/sauherad"
    assert page(server, link).status_code == 200
    code, valid_from, valid_through, county, ended = (td.text for td in sauherad.find_all("td"))
    assert (code, valid_through, county) == ("0822", "2019-12-31", "Telemark")
    row = next(r for r in table_rows(server.url + TABLE) if r["code"] == "0822")
    assert ended == row["ended"]
    assert valid_from == "(eldre enn kildene)"
    assert sauherad.find_all("td")[3].find("a").attrs["href"] == "/doc/county/telemark"


def test_a_number_borne_under_another_name_says_the_name_then() -> None:
    """0616 is Nesbyen's number from when it was Nes: the row names both; 0233's label, "Nes (Akershus)", only
    adds the county to the same name, and the row says nothing more."""
    table = next(t for t in TABLES if t.path == TABLE)
    base = {"valid_from": "", "valid_through": "", "ended": "", "county": "", "county_name": ""}
    shown = list_rows(table, [
        {**base, "municipality": "https://data.byregion.no/id/municipality/nes-buskerud", "name": "Nesbyen",
         "code": "0616", "number_label": "0616 Nes (Buskerud)"},
        {**base, "municipality": "https://data.byregion.no/id/municipality/nes-akershus", "name": "Nes",
         "code": "0236", "number_label": "0236 Nes (Akershus)"},
        # an ended unit's latest name is its label: "Våler (Østfold) (with this number: Våler (Østfold))" had said
        {**base, "municipality": "https://data.byregion.no/id/municipality/valer-ostfold", "name": "Våler (Østfold)",
         "code": "0137", "number_label": "0137 Våler (Østfold)"}], Linker("https://data.byregion.no", lang="nb"))
    assert [(r["href"], r["name"], r["name_then"]) for r in shown] == [
        ("/doc/municipality/nes-buskerud", "Nesbyen", "Nes (Buskerud)"), ("/doc/municipality/nes-akershus", "Nes", ""),
        ("/doc/municipality/valer-ostfold", "Våler (Østfold)", "")]


@pytest.mark.parametrize(("lang", "headers", "h1"), [
    ("nb", {}, "Alle kommuner"),
    ("en", {"Accept-Language": "en-GB,en;q=0.9"}, "All municipalities"),
    ("en", {"Cookie": "lang=en"}, "All municipalities"),
    ("nb", {"Accept-Language": "en", "Cookie": "lang=nb"}, "Alle kommuner")])
def test_the_page_is_in_the_readers_language_as_every_page(server: Server, lang: str, headers: dict[str, str],
                                                           h1: str) -> None:
    answer = page(server, MUNICIPALITY_LIST, **headers)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
    root, _ = parse(answer.text)
    assert root.find("html").attrs["lang"] == lang and root.find("h1").text == h1
    english = page(server, MUNICIPALITY_LIST + "?lang=en")
    assert "lang=en" in english.headers["Set-Cookie"] and '<html lang="en">' in english.text
    assert page(server, COUNTY_LIST + ".html", **{"Accept-Language": "en"}).text.count("<h1>All counties</h1>") == 1


@pytest.mark.parametrize(("path", "table", "unit"), LISTS)
def test_the_table_has_a_caption_and_column_headers_and_links_its_csv_and_its_dataset_entry(
        server: Server, path: str, table: str, unit: str) -> None:
    root, _ = parse(page(server, path).text)
    found = root.find("table", id="units")
    assert found.find("caption").text
    assert all(th.attrs.get("scope") == "col" for th in found.find("thead").find_all("th"))
    hrefs = {a.attrs.get("href") for a in root.find_all("a")}
    anchor = "table-" + table.rsplit("/", 1)[1].removesuffix(".csv")
    assert {table, table + "-metadata.json", f"/dataset#{anchor}"} <= hrefs
    assert any(link.attrs.get("type", "").startswith("text/csv") and link.attrs.get("href") == table
               for link in root.find_all("link", rel="alternate"))
    # and back: the dataset page's entry of the table links the list
    dataset, _ = parse(page(server, "/dataset", Accept="text/html").text)
    entry = dataset.find("tr", id=anchor)
    assert path in {a.attrs.get("href") for a in entry.find_all("a")}


def test_the_lists_are_linked_from_the_home_page_and_the_pages_of_municipalities_and_counties(
        server: Server) -> None:
    for path in ("/", "/doc/county/telemark", "/doc/municipality/notodden"):
        root, _ = parse(page(server, path, Accept="text/html").text)
        hrefs = {a.attrs.get("href") for a in root.find_all("a")}
        assert {MUNICIPALITY_LIST, COUNTY_LIST} <= hrefs, path


def test_the_lists_are_in_the_sitemap_in_both_languages(server: Server) -> None:
    sitemap = page(server, "/sitemap.xml").text
    for path in (MUNICIPALITY_LIST, COUNTY_LIST):
        assert f"<loc>{server.url}{path}</loc>" in sitemap
        assert f"<loc>{server.url}{path}?lang=en</loc>" in sitemap


def test_the_page_is_a_document_with_an_etag_whose_one_format_is_html(server: Server) -> None:
    answer = page(server, COUNTY_LIST)
    assert page(server, COUNTY_LIST, **{"If-None-Match": answer.headers["ETag"]}).status_code == 304
    assert page(server, COUNTY_LIST, Accept="text/csv").status_code == 406  # the CSV is its own document
    # no Turtle of the page: 406, listing its profiles (its alt listing comes in Turtle), as nginx and Apache
    assert page(server, COUNTY_LIST + ".ttl").status_code == 406
    thing = requests.get(server.url + "/id/counties", allow_redirects=False, timeout=10)
    assert thing.status_code == 303 and thing.headers["Location"] == COUNTY_LIST
    # the table it shows is answered as before: one form, no alternates
    csv = page(server, COUNTY_TABLE)
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8; header=present" and "Link" not in csv.headers
