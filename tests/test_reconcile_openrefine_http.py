"""What an OpenRefine user met that the schemas do not catch: the requests OpenRefine really makes (a type id put into
a URL unencoded, the view template filled with the id percent-encoded), and cells as spreadsheets hold them (two
names side by side, StatBank's "K-0301", a number cell's "807.0", a pasted colour code), over the repository's data."""

from __future__ import annotations

import csv
import io
import json
import urllib.parse

import pytest
import requests

from byregion.reconcile.service import EXACT, MATCH_SCORE, PIECE
from tests.conftest import Server
from tests.test_reconcile_http import COUNTY, ID, MUNICIPALITY, query, reconcile, suggest, top, validate

pytestmark = pytest.mark.slow  # the repository's own dataset built, served by byregion serve


def test_the_property_list_answers_a_type_id_the_browser_cut_at_its_hash(real_server: Server) -> None:
    # OpenRefine: url + "?type=" + typeID, unencoded: the browser sends what comes before "#"
    cut = requests.get(f"{real_server.url}/reconcile/properties?type={MUNICIPALITY}", timeout=10)
    assert cut.status_code == 200, cut.text
    every = requests.get(f"{real_server.url}/reconcile/properties", timeout=10).json()
    assert cut.json()["properties"] == every["properties"] and len(every["properties"]) > 5
    validate(cut.json(), "data-extension-property-proposal")
    encoded = requests.get(f"{real_server.url}/reconcile/properties",
                           params={"type": MUNICIPALITY}, timeout=10).json()  # encoded, the type is known
    assert encoded["type"] == MUNICIPALITY and len(encoded["properties"]) <= len(every["properties"])
    wrong = requests.get(f"{real_server.url}/reconcile/properties", params={"type": "Fylkeskommune"}, timeout=10)
    assert wrong.status_code == 400


def test_the_view_url_leads_to_the_thing_when_the_client_encodes_the_id(real_server: Server) -> None:
    manifest = requests.get(f"{real_server.url}/reconcile", timeout=10).json()
    iri = ID + "municipality/notodden"
    url = manifest["view"]["url"].replace("{{id}}", urllib.parse.quote(iri, safe=""))  # as 0.2 has clients do
    seen = requests.get(url, allow_redirects=False, timeout=10)
    # by its path, as every redirect of the site: a host taken from the request would lead anywhere
    assert seen.status_code == 303 and seen.headers["Location"] == "/id/municipality/notodden"
    forged = requests.get(url, allow_redirects=False, headers={"Host": "evil.example"}, timeout=10)
    assert forged.headers["Location"] == "/id/municipality/notodden"
    assert seen.headers["Access-Control-Allow-Origin"] == "*"
    followed = requests.get(url, headers={"Accept": "text/turtle"}, timeout=10)
    assert followed.status_code == 200 and f"<{iri}>" in followed.text
    for unknown in (ID + "municipality/atlantis", "https://example.org/x"):
        assert requests.get(f"{real_server.url}/reconcile/view", params={"id": unknown},
                            allow_redirects=False, timeout=10).status_code == 404
    assert requests.get(f"{real_server.url}/reconcile/view", timeout=10).status_code == 400


@pytest.mark.parametrize("cell", ["Porsgrunn/Xyz", "Porsgrunn - Xyz", "Porsgrunn/Grenland", "Kongsberg/Numedal",
                                  "Oslo/Akershus", "Porsgrunn – Telemark fylkeskommune"])
def test_two_things_named_side_by_side_are_pieces_never_a_match(real_server: Server, cell: str) -> None:
    result = reconcile(real_server, {"q0": query(cell)})["q0"]["result"]
    assert result and not any(candidate["match"] for candidate in result)
    # what a part names is a piece (60), or as close as a misspelling (Porsgrunn for "Porsgrunn/Xyz": 73.6)
    assert PIECE - 10 <= result[0]["score"] < MATCH_SCORE, result


@pytest.mark.parametrize(("cell", "slug", "kind"), [
    ("Kautokeino/Guovdageaidnu", "guovdageaidnu-kautokeino", MUNICIPALITY),  # both parts name it: exact
    ("Deatnu/Tana", "deatnu-tana", MUNICIPALITY),
    ("Romsa", "troms", COUNTY),  # the counties' official Sámi and Kven names (Kartverket's 2024 forms)
    ("Finnmárku", "finnmark", COUNTY),
    ("Trööndelage", "trondelag", COUNTY),
    ("Nordlánnda", "nordland", COUNTY),
    ("Troms - Romsa - Tromssa", "troms", COUNTY),
])
def test_a_double_name_whose_parts_all_name_one_unit_is_that_unit(real_server: Server, cell: str, slug: str,
                                                                  kind: str) -> None:
    best = top(reconcile(real_server, {"q0": query(cell, kind=kind)})["q0"])
    assert best["id"] == f"{ID}{'county' if kind == COUNTY else 'municipality'}/{slug}" and best["match"], best


@pytest.mark.parametrize(("cell", "slug"), [
    ("K-0301", "oslo"), ("K-0301 Oslo", "oslo"), ("807.0", "notodden"), ("Notodden\u0007\u001b[31m", "notodden"),
])
def test_cells_as_programs_write_them_are_read_as_the_number_or_name_they_hold(real_server: Server, cell: str,
                                                                                slug: str) -> None:
    best = top(reconcile(real_server, {"q0": query(cell)})["q0"])
    assert best["id"] == f"{ID}municipality/{slug}" and best["match"] and best["score"] == EXACT, best


def test_a_county_number_in_statbank_form_is_the_county(real_server: Server) -> None:
    best = top(reconcile(real_server, {"q0": query("F-40", kind=COUNTY)})["q0"])
    assert best["id"].startswith(f"{ID}county/telemark") and best["match"], best


def test_suggest_reads_three_digits_as_a_kommunenummer_that_lost_its_zero(real_server: Server) -> None:
    found = requests.get(f"{real_server.url}/reconcile/suggest/entity", params={"prefix": "301"}, timeout=10).json()
    ids = [entity["id"] for entity in found["result"]]
    assert ids[0] == f"{ID}municipality/oslo" and len(ids) > 1  # then the 301x municipalities of Østfold


def test_the_manifest_view_template_is_the_service_s_own(real_server: Server) -> None:
    manifest = json.loads(requests.get(f"{real_server.url}/reconcile", timeout=10).text)
    validate(manifest, "manifest")
    assert manifest["view"]["url"] == f"{real_server.url}/reconcile/view?id={{{{id}}}}"  # the answering host's


def test_today_s_number_follows_a_later_split_only_to_the_part_that_holds_the_area(real_server: Server) -> None:
    """Haram (1534) went into Ålesund (1507) in 2020, which was split into Ålesund (1508) and Haram (1580) in 2024:
    Haram's number today is 1580 and Sandøy's 1508, not both (br:areaWithin); Tysfjord, divided itself, has two."""
    ids = [f"{ID}municipality/{slug}" for slug in ("haram-1534", "sandoy", "alesund-1507", "tysfjord-divtasvuodna")]
    answer = requests.post(f"{real_server.url}/reconcile", timeout=30, data={"extend": json.dumps(
        {"ids": ids, "properties": [{"id": "current-number"}]})}).json()
    numbers = {iri.removeprefix(f"{ID}municipality/"): sorted(v["str"] for v in row["current-number"])
               for iri, row in answer["rows"].items()}
    assert numbers == {"haram-1534": ["1580"], "sandoy": ["1508"], "alesund-1507": ["1508", "1580"],
                       "tysfjord-divtasvuodna": ["1806", "1875"]}
    found = top(reconcile(real_server, {"q0": query("Haram", ("current-number", "1580"))})["q0"])
    assert found["id"] == f"{ID}municipality/haram"  # today's Haram; the Haram of 1534 no longer also holds 1580


def test_the_region_page_and_the_memberships_table_say_where_a_member_is_today(real_server: Server) -> None:
    page = requests.get(f"{real_server.url}/doc/region/alesundregionen", headers={"Accept": "text/html"},
                        timeout=10).text
    assert 'nå en del av <a href="/doc/municipality/haram">nye Haram (1580)</a>' in page and "Haram eller" not in page
    rows = {row["municipality"].removeprefix(f"{ID}municipality/"): row for row in csv.DictReader(io.StringIO(
        requests.get(f"{real_server.url}/doc/memberships.csv", timeout=10).text)) if "alesundregionen" in row["region"]}
    assert (rows["haram-1534"]["successor_code_2024"], rows["sandoy"]["successor_code_2024"]) == ("1580", "1508")
    sandoy = requests.get(f"{real_server.url}/doc/municipality/sandoy", headers={"Accept": "text/html"},
                          timeout=10).text  # its map of 2024 says so too
    assert "Området til Sandøy ligger nå i Ålesund." in sandoy and "Ålesund og Haram" not in sandoy


@pytest.mark.parametrize(("cell", "slug"), [
    ("Kautokeino (Guovdageaidnu)", "guovdageaidnu-kautokeino"),
    ("Guovdageaidnu (Kautokeino)", "guovdageaidnu-kautokeino"),
    ("Kautokeino, Guovdageaidnu", "guovdageaidnu-kautokeino"), ("Kåfjord (Gáivuotna)", "gaivuotna-kafjord"),
    ("Snåsa (Snåase)", "snaase-snasa"), ("Karasjok (Kárášjohka)", "karasjohka-karasjok"),
    ("Kautokeino (Guovdageainnu suohkan)", "guovdageaidnu-kautokeino"),  # the genitive, as in a double name
])
def test_a_name_with_its_other_language_form_in_parentheses_or_after_a_comma_is_a_double_name(
        real_server: Server, cell: str, slug: str) -> None:
    """Either order: "Norwegian name (Sámi name)" as spreadsheets write it, as well as the other way round."""
    result = reconcile(real_server, {"q0": query(cell)})["q0"]["result"]
    assert result[0]["id"] == f"{ID}municipality/{slug}" and result[0]["match"] and result[0]["score"] == EXACT, result


@pytest.mark.parametrize(("cell", "slug", "kind"), [
    # an organisation's official name writes its Sámi or Kven part in the genitive, with its own word for "municipality"
    ("Kárášjoga gielda - Karasjok kommune", "municipality/karasjohka-karasjok", MUNICIPALITY),
    ("Guovdageainnu suohkan – Kautokeino kommune", "municipality/guovdageaidnu-kautokeino", MUNICIPALITY),
    ("Loabága suohkan - Lavangen kommune", "municipality/lavangen", MUNICIPALITY),
    ("Porsanger kommune – Porsáŋggu gielda – Porsangin komuuni", "municipality/porsanger-porsangu-porsanki",
     MUNICIPALITY),
    ("Romssa fylkkasuohkan - Troms fylkeskommune", "county/troms", COUNTY),
])
def test_an_official_name_in_two_languages_is_its_unit(real_server: Server, cell: str, slug: str, kind: str) -> None:
    best = top(reconcile(real_server, {"q0": query(cell, kind=kind)})["q0"])
    assert best["id"] == f"{ID}{slug}" and best["match"] and best["score"] == EXACT, best


@pytest.mark.parametrize(("cell", "slug", "kind"), [
    ("Kárášjoga gielda", "municipality/karasjohka-karasjok", MUNICIPALITY),
    ("Guovdageainnu suohkan", "municipality/guovdageaidnu-kautokeino", MUNICIPALITY),
    ("Snåasen tjïelte", "municipality/snaase-snasa", MUNICIPALITY),
    ("Porsangin komuuni", "municipality/porsanger-porsangu-porsanki", MUNICIPALITY),
    ("Romssa fylkkasuohkan", "county/troms", COUNTY),
])
def test_an_official_sami_or_kven_name_alone_is_its_unit(real_server: Server, cell: str, slug: str, kind: str) -> None:
    """As it is as a part of the official double name (above), where it is a form of one name only."""
    best = top(reconcile(real_server, {"q0": query(cell, kind=kind)})["q0"])
    assert best["id"] == f"{ID}{slug}" and best["match"] and best["score"] == EXACT, best
    close_to_two = reconcile(real_server, {"q0": query("Sandes gielda")})["q0"]["result"]  # Sande? Sandnes?
    assert not any(c["match"] for c in close_to_two) and close_to_two[0]["score"] < MATCH_SCORE, close_to_two


@pytest.mark.parametrize(("cell", "date", "related"), [
    ("Sandøy", "2024-06-01", ["alesund"]),  # ended: today it is Ålesund, whose area it lies within, not Haram
    ("1580", "2019-06-01", ["haram-1534"]),  # Haram of 2024 on a day of 2019: the Haram of then, not Sandøy
    ("1508", "2019-06-01", ["alesund-1504", "orskog", "sandoy", "skodje"]),
])
def test_the_units_offered_for_another_day_follow_the_area(real_server: Server, cell: str, date: str,
                                                           related: list[str]) -> None:
    result = reconcile(real_server, {"q0": query(cell, ("date", date))})["q0"]["result"]
    offered = sorted(c["id"].removeprefix(f"{ID}municipality/") for c in result
                     if {"id": "related", "value": True} in c["features"])
    assert offered == related, result


@pytest.mark.parametrize(("prop", "value"), [("county", "F-08"), ("county", "8.0"), ("county", "40 Telemark"),
                                             ("number", "K-0821"), ("number", "821.0")])
def test_a_property_value_is_read_as_a_query_text_is(real_server: Server, prop: str, value: str) -> None:
    best = top(reconcile(real_server, {"q0": query("Bø", (prop, value))})["q0"])
    assert best["id"] == f"{ID}municipality/bo-telemark" and best["match"], best


@pytest.mark.parametrize("county", ["Vestlandet", "08 Vestfold"])  # no county; a number and a name that disagree
def test_a_county_value_that_names_no_county_is_nothing_to_compare(real_server: Server, county: str) -> None:
    result = reconcile(real_server, {"q0": query("Bø", ("county", county))})["q0"]["result"]
    assert [c["score"] for c in result[:2]] == [EXACT, EXACT] and not result[0]["match"]  # nor a contradiction
    assert {"id": "county_unreadable", "value": True} in result[0]["features"]


@pytest.mark.parametrize("cell", ["Vik/Vikna", "Sola/Sula", "Nes/Nesna", "Gran/Grane", "Hole/Hol", "Sande/Sandnes"])
def test_two_similar_names_side_by_side_are_two_municipalities(real_server: Server, cell: str) -> None:
    """A part counts as another form of a unit's name only where it is no other unit's name."""
    result = reconcile(real_server, {"q0": query(cell)})["q0"]["result"]
    assert not any(c["match"] for c in result) and result[0]["score"] < EXACT, result


@pytest.mark.parametrize(("cell", "kind", "read"), [
    ("\x1b[01;31m\x1b[KBær\x1b[m\x1b[Kum", MUNICIPALITY, "municipality/baerum"),  # grep's colours inside a word
    ("\x1b]8;;https://example.org\x1b\\Oslo\x1b]8;;\x1b\\", MUNICIPALITY, "municipality/oslo"),  # a link
    ("0807\x1b[3CNotodden", MUNICIPALITY, "municipality/notodden"),  # a cursor's move stood for a space
    # StatBank's prefix names the kind: a county's two digits, a municipality's four
    ("K-08", COUNTY, None), ("F-0807", MUNICIPALITY, None), ("F-08", COUNTY, "county/telemark"),
])
def test_terminal_codes_go_and_a_statbank_prefix_names_its_kind(real_server: Server, cell: str, kind: str,
                                                                read: str | None) -> None:
    result = reconcile(real_server, {"q0": query(cell, kind=kind)})["q0"]["result"]
    matched = [c["id"].removeprefix(ID) for c in result if c["match"]]
    assert matched == ([read] if read else []), result


def test_the_home_page_gives_the_service_url_to_paste_into_openrefine(real_server: Server) -> None:
    """An OpenRefine user finds the service from the site itself, on the host they reached it by (a product review:
    only the README named it); a linked-data client that dereferences the root finds the dataset's RDF and VoID."""
    html = requests.get(real_server.url + "/", headers={"Accept-Language": "en"}, timeout=10).text
    card = html.split('id="reconcile"', 1)[1].split("</li>", 1)[0]
    assert f"<code>{real_server.url}/reconcile</code>" in card and "OpenRefine" in card
    manifest = requests.get(f"{real_server.url}/reconcile", timeout=10).json()
    assert manifest["identifierSpace"] == "https://data.byregion.no/id/"
    head = html.split("</head>", 1)[0]
    for link in ('<link rel="alternate" type="text/turtle" href="/dataset.ttl"',
                 '<link rel="describedby" type="text/turtle" href="/.well-known/void">'):
        assert link in head
    assert requests.get(real_server.url + "/dataset.ttl", timeout=10).status_code == 200


@pytest.mark.parametrize(("prop", "value"), [
    # a county column reconciled against Wikidata first: OpenRefine sends the match's id and name
    ("county", {"id": "Q50630", "name": "Nordland"}), ("county", {"id": "http://www.wikidata.org/entity/Q50630"}),
    ("county", "Q50630"), ("county", {"id": "https://example.org/fylke/18", "name": "Nordland"}),  # the name, then
    ("county", {"id": f"{ID}fylkesnummer/18"}),  # a look-up IRI of ours is the code it looks up
    ("number", {"id": f"{ID}kommunenummer/1867", "name": "Bø"}), ("number", {"id": "urn:x:1", "name": "1867"}),
])
def test_a_value_reconciled_before_is_read_by_its_id_or_else_its_name(real_server: Server, prop: str,
                                                                     value: object) -> None:
    result = reconcile(real_server, {"q0": query("Bø", (prop, value))})["q0"]["result"]
    assert result[0]["id"] == f"{ID}municipality/bo-nordland" and result[0]["match"], result
    assert {"id": f"{prop}_matches", "value": True} in result[0]["features"]


#: Cells OpenRefine's "Search for match" fills suggest's prefix with, whole: a misspelt name, a name with its Sámi form
#: in parentheses, an official Sámi name, a number beside a name, two names side by side; and the units they name.
SEARCHED = {"Porsangerr": ["porsanger-porsangu-porsanki"], "Kautokiano": ["guovdageaidnu-kautokeino"],
            "Kåfjord (Gáivuotna)": ["gaivuotna-kafjord"], "Guovdageainnu suohkan": ["guovdageaidnu-kautokeino"],
            "0807 Notodden": ["notodden"], "K-0301 Oslo": ["oslo"], "Notodden (0807)": ["notodden"],
            "Notodden (Kongsberg)": ["kongsberg", "notodden"], "Oslo, Bærum": ["baerum", "oslo"],
            "Bø i Vesterålen": ["bo-nordland", "bo-telemark"]}


@pytest.mark.parametrize(("cell", "slugs"), SEARCHED.items(), ids=list(SEARCHED))
def test_suggest_reads_a_whole_cell_that_no_name_starts_with_as_a_query_does(real_server: Server, cell: str,
                                                                             slugs: list[str]) -> None:
    found = suggest(real_server, "entity", prefix=cell, type=MUNICIPALITY, limit=len(slugs))
    assert sorted(e["id"] for e in found) == sorted(f"{ID}municipality/{slug}" for slug in slugs), found
    assert suggest(real_server, "entity", prefix="Xyzzy") == []  # what no query finds either


def test_a_date_written_day_first_as_norwegians_write_it_is_read_in_extension_and_in_a_query(
        real_server: Server) -> None:
    """OpenRefine shows nothing of a 400 to data extension (its columns stay empty), and the setting is free text."""
    iri = f"{ID}municipality/notodden"
    answer = requests.post(f"{real_server.url}/reconcile", timeout=30, data={"extend": json.dumps(
        {"ids": [iri], "properties": [{"id": "number", "settings": {"date": "01.01.2015"}}]})})
    assert answer.status_code == 200, answer.text
    validate(answer.json(), "data-extension-response")
    assert answer.json()["rows"][iri]["number"] == [{"str": "0807"}]
    best = top(reconcile(real_server, {"q0": query("Bø", ("date", "01.03.2021"))})["q0"])  # only Bø in Nordland then
    assert best["id"] == f"{ID}municipality/bo-nordland" and best["match"], best
