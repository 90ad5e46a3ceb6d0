"""The programme's two tables as pages (``/doc/memberships``, ``/doc/regions``; byregion/programme/lists.py): a reader,
or a linker checking kommunenummer across the 2020 and 2024 reforms, had to read CSV. Each page is its table, row for
row and in its order, in Norwegian and English, its regions, municipalities, successors and counties linked, the
confidence of each fact said in words and an uncertain one marked; it names its CSV and the CSV's metadata in its
head and its ``Link`` header, is in the sitemap, is linked from the home page and the programme's page, and nginx
serves the static export's copy as the app serves it."""

from __future__ import annotations

import pytest
import requests

from byregion.build import PublishedBuild
from byregion.docstore import FILE, DocumentStore
from byregion.identifiers.paths import LISTS, MEMBERSHIP_LIST, MEMBERSHIPS_TABLE, REGION_LIST, REGIONS_TABLE
from byregion.mediatypes import CSV_TABLE, CSVW_METADATA
from byregion.programme import lists
from byregion.uris import page_path
from tests.conftest import Server
from tests.support.html import Element, parse
from tests.support.servers import Server as Process
from tests.test_lookups_http import table_rows
from tests.test_page_links_http import head_links, header_links
from tests.test_pages import page as stored_page

pytestmark = pytest.mark.slow  # `byregion serve` over the site's build, the repository's own build, nginx

PAGES = [(MEMBERSHIP_LIST, MEMBERSHIPS_TABLE), (REGION_LIST, REGIONS_TABLE)]
#: The words of each confidence level on a page, by its notation (the ontology's skos:prefLabel).
LEVEL_WORDS = {"nb": {"fakta": "faktaboks", "secondary": "annenhåndskilde", "unverified": "ikke bekreftet",
                      "count-only": "deltakelse bekreftet, medlemmer ukjent", "inferred": "utledet"},
               "en": {"fakta": "facts block", "secondary": "secondary source", "unverified": "unverified",
                      "count-only": "participation confirmed, members unknown", "inferred": "inferred"}}


def get(server: Server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, allow_redirects=False, timeout=10)


def body_rows(root: Element, table_id: str) -> list[Element]:
    return root.find("table", id=table_id).find("tbody").find_all("tr")


def shown(server: Server, path: str, lang: str = "nb") -> tuple[Element, list[Element]]:
    answer = get(server, f"{path}?lang={lang}")
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html")
    root, faults = parse(answer.text)
    assert not faults, faults
    return root, body_rows(root, path.rsplit("/", 1)[1])


def local(iri: str, lang: str = "nb") -> str:
    """Where a page in ``lang`` links a thing: its document, in the page's language."""
    return page_path("/id/" + iri.split("/id/", 1)[1], lang)


def cells(tr: Element) -> list[Element]:
    """A row's cells, its header first."""
    return [e for e in tr.children if isinstance(e, Element) and e.tag in ("th", "td")]


def confidence_says(cell: Element, notation: str, lang: str) -> None:
    """The cell names the level in words, marked as uncertain unless it is the facts block's; empty for none."""
    if not notation:
        assert cell.text == "" and cell.attrs.get("data-sort") == ""
        return
    assert cell.text == LEVEL_WORDS[lang][notation]
    assert bool(cell.find_all("span", class_="doubt")) == (notation != "fakta"), (notation, cell)
    assert cell.attrs["data-sort"] == str(lists.LEVELS.index(notation) + 1)


# ----------------------------------------------------------------------------------------------- the rows

@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_memberships_page_has_the_tables_rows_row_for_row(server: Server, lang: str) -> None:
    csv_rows = table_rows(server.url + MEMBERSHIPS_TABLE)
    _, trs = shown(server, MEMBERSHIP_LIST, lang)
    assert len(trs) == len(csv_rows) > 1
    for row, tr in zip(csv_rows, trs, strict=True):
        region, municipality, role, *codes, after_2020, after_2024, confidence, role_confidence = cells(tr)
        assert region.tag == "th" and region.attrs["scope"] == "row"
        assert region.find("a").attrs["href"] == local(row["region"], lang) and region.text == row["region_name"]
        assert municipality.find("a").attrs["href"] == local(row["municipality"], lang)
        assert municipality.find("a").text == row["name"]
        assert (row["name_today"] in municipality.text) and (("(" in municipality.text) == (row["name_today"]
                                                                                          != row["name"]))
        assert role.find("a").attrs["href"] == page_path(f"/def/byregion#{row['role']}", lang)
        assert [c.text for c in codes] == [row["code_2015"], row["code_2020"], row["code_2024"]]
        for cell, year in ((after_2020, 2020), (after_2024, 2024)):
            names = row[f"successor_{year}"].split(" | ") if row[f"successor_{year}"] else []
            numbers = row[f"successor_code_{year}"].split(" | ") if row[f"successor_code_{year}"] else []
            assert [a.text for a in cell.find_all("a")] == names
            assert cell.text == "; ".join(f"{n} ({c})" for n, c in zip(names, numbers, strict=True))
            assert all(a.attrs["href"].startswith("/doc/municipality/") for a in cell.find_all("a"))
        confidence_says(confidence, row["confidence"], lang)
        confidence_says(role_confidence, row["role_confidence"], lang)


def test_a_member_that_merged_links_its_successor_and_the_successors_page_exists(server: Server) -> None:
    """The fixture's Sauherad (0822) merged into Midt-Telemark (3817) in 2020 (the fixture records no number of
    2024: its Midt-Telemark still holds 3817): its row says so as its table's row does, linking Midt-Telemark's
    page."""
    csv_rows = table_rows(server.url + MEMBERSHIPS_TABLE)
    index, row = next((i, r) for i, r in enumerate(csv_rows) if r["code_2015"] == "0822")
    _, trs = shown(server, MEMBERSHIP_LIST)
    after_2020, after_2024 = cells(trs[index])[6:8]
    assert (row["code_2020"], row["successor_2020"], row["successor_code_2020"]) == ("", "Midt-Telemark", "3817")
    assert after_2020.text == "Midt-Telemark (3817)"
    assert after_2024.text == f"{row['successor_2024']} ({row['successor_code_2024']})"
    link = after_2024.find("a").attrs["href"]
    assert link == "/doc/municipality/midt-telemark" and get(server, link).status_code == 200


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_regions_page_has_the_tables_rows_row_for_row(server: Server, lang: str) -> None:
    csv_rows = table_rows(server.url + REGIONS_TABLE)
    _, trs = shown(server, REGION_LIST, lang)
    assert len(trs) == len(csv_rows) > 0
    for row, tr in zip(csv_rows, trs, strict=True):
        name, county, population, area, members, confidence, source = cells(tr)
        assert name.tag == "th" and name.find("a").attrs["href"] == local(row["region"], lang)
        assert name.text == (row["name_en"] or row["name"] if lang == "en" else row["name"])
        if row["county"]:
            assert county.find("a").attrs["href"] == local(row["county"], lang) and county.text == row["county_name"]
        # numbers are written as the language writes them, and sort by the table's own value
        assert population.attrs["data-sort"] == row["population"] and area.attrs["data-sort"] == row["area_km2"]
        assert population.text.replace("\u00a0", "").replace(",", "") == row["population"] or not row["population"]
        assert members.attrs["data-sort"] == row["member_count"] and members.text.startswith(row["member_count"])
        confidence_says(confidence, row["confidence"], lang)
        assert [a.attrs["href"] for a in source.find_all("a")] == [s for s in (row["source"], row["other_source"])
                                                                   if s]


# ----------------------------------------------------------------------------------------------- the reforms

@pytest.fixture(scope="module")
def real_store(real_build: PublishedBuild) -> DocumentStore:
    return DocumentStore(real_build.path / FILE)


def csv_of(store: DocumentStore, path: str) -> list[dict[str, str]]:
    import csv
    import io

    body = next(r for r in store.all(path)).body.decode("utf-8")
    return list(csv.DictReader(io.StringIO(body, newline="")))


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize(("name", "numbers", "after_2020", "after_2024"), [
    # in Ålesund (1507) in 2020; the 2024 split gave Ålesund the number 1508 and Haram its own again (1580)
    ("Sandøy", ["1546", "", ""], "Ålesund (1507)", "Ålesund (1508)"),
    ("Haram", ["1534", "", ""], "Ålesund (1507)", "Haram (1580)"),
    ("Ørskog", ["1523", "", ""], "Ålesund (1507)", "Ålesund (1508)")])
def test_a_municipality_across_the_reforms_is_the_tables(real_store: DocumentStore, lang: str, name: str,
                                                         numbers: list[str], after_2020: str, after_2024: str) -> None:
    """The repository's own data: a member of Ålesundregionen that merged into Ålesund in 2020 has the numbers and
    successors of its row of /doc/memberships.csv on the page in either language, the successors linked."""
    csv_rows = csv_of(real_store, MEMBERSHIPS_TABLE)
    index, row = next((i, r) for i, r in enumerate(csv_rows)
                      if r["name"] == name and r["region_name"] == "Ålesundregionen")
    assert [row["code_2015"], row["code_2020"], row["code_2024"]] == numbers
    trs = body_rows(stored_page(real_store, MEMBERSHIP_LIST, lang), "memberships")
    assert len(trs) == len(csv_rows)
    tr = cells(trs[index])
    assert tr[0].text == "Ålesundregionen" and tr[1].find("a").text == name
    assert [c.text for c in tr[3:6]] == numbers
    assert (tr[6].text, tr[7].text) == (after_2020, after_2024)
    assert f"{row['successor_2020']} ({row['successor_code_2020']})" == after_2020
    assert f"{row['successor_2024']} ({row['successor_code_2024']})" == after_2024
    assert all(a.attrs["href"].split("?")[0] in real_store.paths()
               for a in [*tr[6].find_all("a"), *tr[7].find_all("a")])
    # Ålesundregionen's member list is known from a secondary source: every row of it says so
    confidence_says(tr[8], row["confidence"], lang)
    assert row["confidence"] == "secondary" and tr[8].find_all("span", class_="doubt")


def test_the_real_pages_have_every_row_and_count_the_uncertain(real_store: DocumentStore) -> None:
    for path, table in PAGES:
        csv_rows = csv_of(real_store, table)
        for lang in ("nb", "en"):
            root = stored_page(real_store, path, lang)
            trs = body_rows(root, path.rsplit("/", 1)[1])
            assert len(trs) == len(csv_rows) > 30
            doubtful = sum(bool(tr.find_all("span", class_="doubt")) for tr in trs)
            assert doubtful == sum(r["confidence"] != "fakta" or r.get("role_confidence", "") not in ("", "fakta")
                                   for r in csv_rows) > 0
            assert str(doubtful) in root.find("p", class_="lead").text


# ----------------------------------------------------------------------------------------------- the page

@pytest.mark.parametrize(("path", "headers", "lang", "h1"), [
    (MEMBERSHIP_LIST, {}, "nb", "Medlemskommunene i byregionene"),
    (MEMBERSHIP_LIST, {"Accept-Language": "en-GB,en;q=0.9"}, "en", "The city regions' member municipalities"),
    (REGION_LIST, {"Cookie": "lang=en"}, "en", "All city regions"),
    (REGION_LIST, {"Accept-Language": "en", "Cookie": "lang=nb"}, "nb", "Alle byregionene"),
    (f"{REGION_LIST}.html", {"Accept-Language": "en"}, "en", "All city regions")])
def test_the_page_is_in_the_readers_language(server: Server, path: str, headers: dict[str, str], lang: str,
                                             h1: str) -> None:
    answer = get(server, path, **headers)
    assert answer.status_code == 200 and answer.headers["Content-Language"] == lang
    root, _ = parse(answer.text)
    assert root.find("html").attrs["lang"] == lang and root.find("h1").text == h1
    headers_of = [th.text for th in root.find("thead").find_all("th")]
    assert ("Region" in headers_of) and (("Kilde" in headers_of or "Kommune" in headers_of) == (lang == "nb"))
    chosen = get(server, path.removesuffix(".html") + "?lang=en")
    assert "lang=en" in chosen.headers["Set-Cookie"] and '<html lang="en">' in chosen.text


@pytest.mark.parametrize(("path", "table"), PAGES)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_page_names_its_table_and_metadata_in_head_and_link(server: Server, path: str, table: str,
                                                                lang: str) -> None:
    answer = get(server, f"{path}?lang={lang}")
    expected = f'<{table}>; rel=alternate; type="{CSV_TABLE.name}", ' \
               f'<{table}-metadata.json>; rel=alternate; type="{CSVW_METADATA.name}"'
    assert answer.headers["Link"].endswith(", " + expected)
    assert head_links(answer.text) == header_links(answer.headers["Link"]) == [
        ("alternate", CSV_TABLE.name, table), ("alternate", CSVW_METADATA.name, f"{table}-metadata.json")]
    # a client that asks the page for its CSV is told where the table is
    refused = get(server, path, Accept="text/csv")
    assert refused.status_code == 406 and refused.headers["Link"].endswith(", " + expected)
    root, _ = parse(answer.text)
    hrefs = {a.attrs.get("href") for a in root.find("main").find_all("a")}
    anchor = "table-" + table.rsplit("/", 1)[1].removesuffix(".csv")
    assert {table, f"{table}-metadata.json", page_path(f"/dataset#{anchor}", lang),
            *(page_path(p, lang) for p, _ in PAGES if p != path)} <= hrefs
    assert LISTS[table] == path


def test_the_pages_are_in_the_sitemap_and_linked_from_the_home_programme_and_dataset_pages(server: Server) -> None:
    sitemap = get(server, "/sitemap.xml").text
    for path, _ in PAGES:
        assert f"<loc>{server.url}{path}</loc>" in sitemap and f"<loc>{server.url}{path}?lang=en</loc>" in sitemap
        thing = get(server, "/id/" + path.removeprefix("/doc/"))
        assert thing.status_code == 303 and thing.headers["Location"] == path
    for linking in ("/", "/doc/programme/byregionprogrammet", "/dataset"):
        for lang in ("nb", "en"):
            root, _ = parse(get(server, f"{linking}?lang={lang}", Accept="text/html").text)
            hrefs = [a.attrs.get("href") for a in root.find_all("a")]
            assert all(page_path(path, lang) in hrefs for path, _ in PAGES), linking
    # on the home page beside each table's CSV, and among the entry points
    home, _ = parse(get(server, "/").text)
    for path, table in PAGES:
        entry = next(li for li in home.find("ul", class_="downloads").find_all("li")
                     if li.find("a").attrs.get("href") == table)
        assert path in {a.attrs.get("href") for a in entry.find_all("a")}
    programme, _ = parse(get(server, "/doc/programme/byregionprogrammet").text)
    for paragraph, path in (("regions-table", REGION_LIST), ("memberships-table", MEMBERSHIP_LIST)):
        assert path in {a.attrs.get("href") for a in programme.find("p", id=paragraph).find_all("a")}


@pytest.mark.parametrize("path", [MEMBERSHIP_LIST, REGION_LIST])
def test_the_table_sorts_and_scrolls_in_its_box(server: Server, path: str) -> None:
    """As the lists of municipalities and counties: the build's order named by aria-sort, the headers' scope, the
    table inside the box that scrolls on a phone."""
    root, _ = shown(server, path)
    wrap = next(div for div in root.find_all("div", class_="table-wrap") if div.find_all("table", id=path[5:]))
    table = wrap.find("table")
    assert "data-sortable" in table.attrs and table.find("caption").text
    headers = table.find("thead").find_all("th")
    assert all(th.attrs.get("scope") == "col" for th in headers)
    assert [th.attrs.get("aria-sort") for th in headers].count("ascending") == 1
    assert headers[0].attrs.get("aria-sort") == "ascending"


def test_nginx_serves_the_pages_as_the_app(server: Server, nginx: Process) -> None:
    from tests.test_static_export import fetch, same_answer

    for path, table in PAGES:
        for query, headers in (("", {}), ("?lang=en", {"Accept-Encoding": "gzip"}), ("", {"Cookie": "lang=en"}),
                               ("", {"Accept": "text/csv"})):
            app, static = fetch(server.url, path + query, headers), fetch(nginx.base, path + query, headers)
            same_answer(app, static, path + query)
            assert f"<{table}-metadata.json>" in static.headers["link"]
        page = fetch(nginx.base, path, {"Accept-Language": "en"})
        assert page.status == 200 and b'<html lang="en">' in page.body

