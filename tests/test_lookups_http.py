"""Look-ups by code over HTTP (`byregion serve` over the repository's own data, the `real_server` fixture): a
kommunenummer, fylkesnummer, organisation number or Wikidata item, with and without a date, answered with the
unit's IRI (303), the choices (300), who held it when (404) or what a code should look like (400); an ended
municipality's page; and the municipalities table, read back by a CSVW processor (the `csvw` package) into the
triples the graph holds.

Dates are on both sides of each reform (2020-01-01, 2024-01-01). No kommunenummer has been held by two
municipalities since 2014 (tests/test_identifiers_history.py tells that case with triples of its own); over
HTTP the case of one code held by two municipalities in turn is Wikidata's Q26525, Drammen before and after
the 2020 merger that made a new municipality.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from csvw.metadata import CSVW
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from byregion.build import PublishedBuild
from byregion.namespaces import BR, SCHEMA, WD
from byregion.store.convert import to_rdflib
from byregion.uris import page_path
from tests.conftest import Server
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

NOTODDEN, SAUHERAD = "/id/municipality/notodden", "/id/municipality/sauherad"
MIDT_TELEMARK = "/id/municipality/midt-telemark"
DRAMMEN_0602, DRAMMEN = "/id/municipality/drammen-0602", "/id/municipality/drammen"
TELEMARK = "/id/county/telemark"


def look_up(server: Server, path: str, date: str | None = None, **headers: str) -> requests.Response:
    params = {"date": date} if date is not None else None
    return requests.get(server.url + path, params=params, headers=headers, allow_redirects=False, timeout=10)


def assert_redirect(response: requests.Response, target: str) -> None:
    assert response.status_code == 303, (response.url, response.status_code, response.text)
    assert response.headers["Location"] == target


# ----------------------------------------------------------------------------------------------- kommunenummer

@pytest.mark.parametrize(("code", "holder"), [("0822", SAUHERAD), ("0807", NOTODDEN), ("3808", NOTODDEN),
                                              ("4005", NOTODDEN)])
def test_a_kommunenummer_leads_to_the_municipality_that_held_it(real_server: Server, code: str, holder: str) -> None:
    assert_redirect(look_up(real_server, f"/id/kommunenummer/{code}"), holder)


def test_following_a_look_up_ends_at_the_municipalitys_document(real_server: Server) -> None:
    response = requests.get(real_server.url + "/id/kommunenummer/0807", headers={"Accept": "text/turtle"},
                            timeout=10)
    assert response.status_code == 200 and response.url.endswith("/doc/municipality/notodden")
    assert [r.status_code for r in response.history] == [303, 303]


@pytest.mark.parametrize(("code", "date", "holder"), [
    ("0807", "2019-12-31", NOTODDEN), ("0807", "2014-01-01", NOTODDEN), ("3808", "2020-01-01", NOTODDEN),
    ("3808", "2023-12-31", NOTODDEN), ("4005", "2024-01-01", NOTODDEN), ("0822", "2019-12-31", SAUHERAD),
])
def test_a_dated_look_up_answers_the_holder_on_that_date(real_server: Server, code: str, date: str,
                                                         holder: str) -> None:
    assert_redirect(look_up(real_server, f"/id/kommunenummer/{code}", date), holder)


@pytest.mark.parametrize(("code", "date", "then"), [
    ("0807", "2020-01-01", "3808"), ("3808", "2019-12-31", "0807"), ("3808", "2024-01-01", "4005"),
    ("4005", "2023-12-31", "3808"),
])
def test_no_holder_on_the_date_is_404_saying_who_held_it_when_and_its_number_then(
        real_server: Server, code: str, date: str, then: str) -> None:
    response = look_up(real_server, f"/id/kommunenummer/{code}", date, **{"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/plain")
    text = response.text
    assert f"No unit held the municipality number {code} on {date}." in text
    assert "Notodden held it" in text and "https://data.byregion.no/id/municipality/notodden" in text
    assert f"On {date}, Notodden held the municipality number {then}: /id/kommunenummer/{then}" in text
    assert response.headers["Link"] == '</id/municipality/notodden>; rel="item"; title="Notodden"'


def test_who_held_a_number_is_named_as_it_was_named_then(real_server: Server) -> None:
    response = look_up(real_server, "/id/kommunenummer/1601", "2019-06-01", **{"Accept-Language": "en"})
    assert response.status_code == 404
    # Trondheim held 1601 until 2017 and 5001 from 2018; it became "Trondheim - Tråante" in 2023
    assert "Trondheim held it from before the records begin through 2017-12-31" in response.text
    assert "On 2019-06-01, Trondheim held the municipality number 5001: /id/kommunenummer/5001" in response.text
    assert "Tråante" not in response.text
    assert response.headers["Link"] == '</id/municipality/trondheim>; rel="item"; title="Trondheim"'
    # renamed while it held the number: both names, and the day it changed
    renamed = look_up(real_server, "/id/kommunenummer/1903", "2021-06-01", **{"Accept-Language": "nb"})
    assert renamed.status_code == 404
    assert "Harstad (fra 2018-01-01 Harstad - Hárstták) hadde det fra 2013-01-01 til og med 2019-12-31" in renamed.text


def test_sauherad_held_no_number_after_2019(real_server: Server) -> None:
    response = look_up(real_server, "/id/kommunenummer/0822", "2020-01-01", **{"Accept-Language": "nb"})
    assert response.status_code == 404 and response.headers["Content-Language"] == "nb"
    assert "Ingen enhet hadde kommunenummer 0822 per 2020-01-01." in response.text
    assert "Sauherad hadde det fra før kildene begynner til og med 2019-12-31" in response.text


@pytest.mark.parametrize(("path", "date", "lines"), [
    ("/id/kommunenummer/0822", "2021-06-01",
     ["Sauherad was succeeded by Midt-Telemark, which held the municipality number 3817 on 2021-06-01: "
      "/id/kommunenummer/3817"]),
    ("/id/kommunenummer/0822", "2024-01-01",  # the county's reform gave Midt-Telemark its number of today
     ["Sauherad was succeeded by Midt-Telemark, which held the municipality number 4020 on 2024-01-01: "
      "/id/kommunenummer/4020"]),
    ("/id/fylkesnummer/08", "2021-01-01",  # Telemark was part of Vestfold og Telemark for four years
     ["Telemark was succeeded by Vestfold og Telemark, which held the county number 38 on 2021-01-01: "
      "/id/fylkesnummer/38"]),
    ("/id/fylkesnummer/38", "2024-06-01",  # a split: each part
     ["Vestfold og Telemark was succeeded by Telemark, which held the county number 40 on 2024-06-01: "
      "/id/fylkesnummer/40",
      "Vestfold og Telemark was succeeded by Vestfold, which held the county number 39 on 2024-06-01: "
      "/id/fylkesnummer/39"]),
    # through a later split only to the part that holds the area (br:areaWithin): Haram went into Ålesund in 2020 and
    # was a municipality of its own again in 2024; Sandøy stayed in Ålesund
    ("/id/kommunenummer/1534", "2024-06-01",
     ["The area of Haram now lies within Haram, which held the municipality number 1580 on 2024-06-01: "
      "/id/kommunenummer/1580"]),
    ("/id/kommunenummer/1546", "2024-06-01",
     ["The area of Sandøy now lies within Ålesund, which held the municipality number 1508 on 2024-06-01: "
      "/id/kommunenummer/1508"]),
    ("/id/kommunenummer/1534", "2021-06-01",  # before the split: Ålesund of 2020
     ["Haram was succeeded by Ålesund, which held the municipality number 1507 on 2021-06-01: "
      "/id/kommunenummer/1507"]),
    # successors the data link to no Wikidata item (a gap in the reference) are named all the same, by their IRI
    ("/id/wikidata/Q62266", "2024-06-01",
     ["Ålesund was succeeded by Ålesund, which existed on 2024-06-01 but has no such identifier in the data: "
      "https://data.byregion.no/id/municipality/alesund",
      "Ålesund was succeeded by Haram, which existed on 2024-06-01 but has no such identifier in the data: "
      "https://data.byregion.no/id/municipality/haram"]),
])
def test_a_code_of_a_unit_that_had_ended_leads_to_its_successors_codes_on_the_date(
        real_server: Server, path: str, date: str, lines: list[str]) -> None:
    response = look_up(real_server, path, date, **{"Accept-Language": "en"})
    assert response.status_code == 404
    said = [line for line in response.text.splitlines() if "was succeeded by" in line or "now lies within" in line]
    assert sorted(said) == sorted(lines)


def test_a_code_no_unit_held_yet_names_no_successor(real_server: Server) -> None:
    response = look_up(real_server, "/id/kommunenummer/3817", "2015-01-01", **{"Accept-Language": "en"})
    assert response.status_code == 404 and "succeeded" not in response.text


def test_a_holders_name_outside_ascii_is_a_utf8_link_title(real_server: Server) -> None:
    response = look_up(real_server, "/id/kommunenummer/0821", "2021-06-01")
    assert response.status_code == 404
    assert response.headers["Link"] == ("</id/municipality/bo-telemark>; rel=\"item\"; "
                                        "title*=UTF-8''B%C3%B8%20%28Telemark%29")  # RFC 8288 §3.4.1, RFC 8187
    assert "Midt-Telemark, som hadde kommunenummer 3817 per 2021-06-01: /id/kommunenummer/3817" in response.text


def test_an_unknown_number_is_404_saying_so(real_server: Server) -> None:
    for date in (None, "2020-01-01"):
        response = look_up(real_server, "/id/kommunenummer/0000", date, **{"Accept-Language": "en"})
        assert response.status_code == 404
        assert "No unit in the data (municipalities and counties since 2014) has held the municipality number " \
               "0000." in response.text


def test_a_script_asking_for_json_reads_who_held_a_code_and_where_they_are_now(real_server: Server) -> None:
    """A front-end review's widget ("what is this old number now?") found the successor and its code only in the
    sentence of ``detail``, and every kind of 404 the same ``about:blank``: each kind has its problem type, and who
    held the code when, and where each is on the date, are members."""
    json_please = {"Accept": "application/json", "Accept-Language": "en"}
    moved = look_up(real_server, "/id/kommunenummer/0822", "2024-06-01", **json_please)
    assert moved.status_code == 404 and moved.headers["Content-Type"] == "application/problem+json"
    assert "Accept" in moved.headers["Vary"]
    found = moved.json()
    assert found["type"] == "tag:data.byregion.no,2026:lookup/not-held-then"
    assert "Midt-Telemark" in found["detail"] and found["date"] == "2024-06-01" and found["code"] == "0822"
    assert found["holders"] == [{"iri": "https://data.byregion.no" + SAUHERAD, "name": "Sauherad", "code": "0822",
                                 "from": None, "through": "2019-12-31"}]
    assert found["then"] == [{"iri": "https://data.byregion.no" + MIDT_TELEMARK, "name": "Midt-Telemark",
                              "code": "4020", "lookup": "/id/kommunenummer/4020",
                              "succeeds": "https://data.byregion.no" + SAUHERAD}]
    assert look_up(real_server, found["then"][0]["lookup"]).headers["Location"] == MIDT_TELEMARK
    renumbered = look_up(real_server, "/id/kommunenummer/0807", "2021-01-01", **json_please).json()
    assert [(t["code"], t["succeeds"]) for t in renumbered["then"]] == [("3808", None)]  # the same unit, renumbered
    never = look_up(real_server, "/id/kommunenummer/9999", **json_please).json()
    assert never["type"].endswith("/never-held") and never["holders"] == [] and never["date"] is None
    unrecorded = look_up(real_server, "/id/kommunenummer/0807", "1960-01-01", **json_please).json()
    assert unrecorded["type"].endswith("/not-recorded") and unrecorded["holders"][0]["name"] == "Notodden"
    malformed = look_up(real_server, "/id/kommunenummer/K-0301", **json_please)
    assert malformed.status_code == 400 and malformed.json()["type"].endswith("/malformed")
    assert malformed.json()["suggestion"] == "/id/kommunenummer/0301"
    assert look_up(real_server, "/id/kommunenummer/9999").headers["Content-Type"].startswith("text/plain")


def test_ssbs_code_for_an_unspecified_municipality_is_named_as_such(real_server: Server) -> None:
    """9999 is in SSB's tables (KLASS 131 "Uoppgitt"), so in a statistician's join: the 404 says what it is."""
    for lang, says in (("en", "9999 is Statistics Norway's code for an unspecified municipality"),
                       ("nb", "9999 er SSBs kode for uoppgitt kommune")):
        answer = look_up(real_server, "/id/kommunenummer/9999", **{"Accept-Language": lang})
        assert answer.status_code == 404 and says in answer.text and "/doc/municipalities.csv" in answer.text
    assert "uoppgitt" not in look_up(real_server, "/id/kommunenummer/5699").text.lower()


@pytest.mark.parametrize(("path", "date", "says"), [
    ("/id/kommunenummer/807", None, "a spreadsheet may have dropped the leading zero: try 0807"),
    ("/id/kommunenummer/08O7", None, "expected four digits"),
    ("/id/kommunenummer/08070", "2020-01-01", "expected four digits"),
    ("/id/kommunenummer/0807", "2020-02-30", "'2020-02-30' is not a date: expected YYYY-MM-DD"),
    ("/id/kommunenummer/0807", "20200101", "expected YYYY-MM-DD"),
    ("/id/kommunenummer/0807", "", "expected YYYY-MM-DD"),
    ("/id/fylkesnummer/8", None, "try 08"),
    ("/id/orgnr/938583987", None, "a valid check digit, such as 938583986; its check digit is wrong"),
    ("/id/wikidata/2326", None, "a Wikidata item id (Q and digits), such as Q2326"),
])
def test_a_malformed_number_or_date_is_400_saying_what_it_should_be(real_server: Server, path: str,
                                                                     date: str | None, says: str) -> None:
    response = look_up(real_server, path, date, **{"Accept-Language": "en"})
    assert response.status_code == 400 and response.headers["Content-Type"].startswith("text/plain")
    assert response.text.startswith("400 Bad Request: ") and says in response.text


def test_a_year_or_month_is_its_first_day_as_in_reconciliation(real_server: Server) -> None:
    """``?date=2024`` is 1 January 2024, the day the reform took effect, as the reconciliation service reads a year:
    the look-up answers as for the full date (it was a 400)."""
    for path, short, full in (("/id/kommunenummer/4005", "2024", "2024-01-01"),
                              ("/id/kommunenummer/0807", "2019-12", "2019-12-01")):
        answer, expected = (look_up(real_server, path, d) for d in (short, full))
        assert answer.status_code == expected.status_code == 303, answer.text
        assert answer.headers["Location"] == expected.headers["Location"]


def test_a_timestamp_is_read_for_its_date_as_in_reconciliation(real_server: Server) -> None:
    """The look-ups and the reconciliation service read a date one way (identifiers.read_day): a timestamp is its
    date, as a spreadsheet's date column often comes (it was a 400 here and a date there)."""
    assert_redirect(look_up(real_server, "/id/kommunenummer/0807", "2019-12-31T12:00"), NOTODDEN)
    assert look_up(real_server, "/id/kommunenummer/0807", "2020-01-01T00:00:00Z").status_code == 404


@pytest.mark.parametrize(("query", "suggestion"), [("year=2024", "/id/kommunenummer/0807?date=2024"),
                                                   ("year=last", None),
                                                   ("year=2024&date=2019", "/id/kommunenummer/0807?date=2019"),
                                                   ("year=2019&year=2024", None),
                                                   ("year=2019&year=2019", "/id/kommunenummer/0807?date=2019"),
                                                   ("year=2019&_mediatype=text/turtle&lang=en&x=1",
                                                    "/id/kommunenummer/0807?date=2019&_mediatype=ttl&lang=en")])
def test_a_year_parameter_is_refused_naming_the_date_parameter(real_server: Server, query: str,
                                                               suggestion: str | None) -> None:
    """``?year=2024`` is not dropped as other parameters are: the undated answer (0807 is Notodden's) would read as
    the dated one (no unit held 0807 in 2024). A 400 says what to write, and where it can, the look-up to ask."""
    response = requests.get(f"{real_server.url}/id/kommunenummer/0807?{query}", allow_redirects=False, timeout=10,
                            headers={"Accept": "application/problem+json", "Accept-Language": "en"})
    assert response.status_code == 400
    problem = response.json()
    assert "give ?date=YYYY-MM-DD, or ?date=YYYY for 1 January of the year" in problem["detail"]
    assert problem["suggestion"] == suggestion


@pytest.mark.parametrize("query", ["date=2019&date=2024", "date=2019&x=1&date=2020-06-01&date=2019"])
def test_a_date_given_twice_with_two_values_is_refused(real_server: Server, query: str) -> None:
    """A script that appends ``&date=`` to a URL already holding one would get the answer for the first day, which
    reads as the answer for the day it meant: 400, naming the values. The same date twice is one date."""
    response = requests.get(f"{real_server.url}/id/kommunenummer/0807?{query}", allow_redirects=False, timeout=10,
                            headers={"Accept": "application/problem+json", "Accept-Language": "en"})
    assert response.status_code == 400
    assert "?date= is given 2 times, with different values ('2019', '20" in response.json()["detail"]
    norwegian = requests.get(f"{real_server.url}/id/kommunenummer/0807?{query}", allow_redirects=False, timeout=10,
                             headers={"Accept-Language": "nb"})
    assert norwegian.status_code == 400 and "er gitt 2 ganger, med ulike verdier" in norwegian.text
    assert_redirect(look_up(real_server, "/id/kommunenummer/0807?date=2019-12-31", "2019-12-31"), NOTODDEN)


def test_a_date_after_the_records_says_they_end_there(real_server: Server) -> None:
    """The records end with the changes of 2024-01-01: of 2099 they say only what was known then."""
    response = look_up(real_server, "/id/kommunenummer/0807", "2099", **{"Accept-Language": "en"})
    assert response.status_code == 404
    assert "The records end with the changes of 2024-01-01: of 2099-01-01 they say only what was known then." \
        in response.text
    assert "On 2099-01-01, Notodden held the municipality number 4005" in response.text
    problem = requests.get(f"{real_server.url}/id/kommunenummer/0807?date=2099", timeout=10,
                           headers={"Accept": "application/problem+json"}).json()
    assert problem["records_end"] == "2024-01-01"
    earlier = look_up(real_server, "/id/kommunenummer/0807", "2021", **{"Accept-Language": "en"})
    assert "The records end" not in earlier.text


def test_a_malformed_date_is_explained_in_norwegian_to_a_norwegian_reader(real_server: Server) -> None:
    response = look_up(real_server, "/id/kommunenummer/0807", "31.12.2019", **{"Accept-Language": "nb-NO"})
    assert response.status_code == 400
    assert "'31.12.2019' er ikke en dato: ventet ÅÅÅÅ-MM-DD" in response.text


# ----------------------------------------------------------------------------------------------- other schemes

def test_county_numbers_on_both_sides_of_the_reforms(real_server: Server) -> None:
    assert_redirect(look_up(real_server, "/id/fylkesnummer/08"), TELEMARK)
    assert_redirect(look_up(real_server, "/id/fylkesnummer/08", "2019-12-31"), TELEMARK)
    assert_redirect(look_up(real_server, "/id/fylkesnummer/38", "2020-01-01"), "/id/county/vestfold-og-telemark")
    assert_redirect(look_up(real_server, "/id/fylkesnummer/40", "2024-01-01"), TELEMARK)
    assert look_up(real_server, "/id/fylkesnummer/38", "2024-01-01").status_code == 404
    gap = look_up(real_server, "/id/fylkesnummer/08", "2021-06-01", **{"Accept-Language": "en"})
    assert gap.status_code == 404 and "Telemark held it from before the records begin through 2019-12-31" in gap.text


def test_an_organisation_number_leads_to_its_municipality_while_it_exists(real_server: Server) -> None:
    assert_redirect(look_up(real_server, "/id/orgnr/938583986"), NOTODDEN)
    for date in ("2019-12-31", "2020-01-01", "2024-01-01"):
        assert_redirect(look_up(real_server, "/id/orgnr/938583986", date), NOTODDEN)
    assert look_up(real_server, "/id/orgnr/974760673").status_code == 404  # well-formed, not ours


def test_a_wikidata_item_leads_to_its_municipality(real_server: Server) -> None:
    assert_redirect(look_up(real_server, "/id/wikidata/Q2326"), NOTODDEN)
    assert_redirect(look_up(real_server, "/id/wikidata/Q2381", "2019-12-31"), SAUHERAD)
    assert look_up(real_server, "/id/wikidata/Q2381", "2020-01-01").status_code == 404


# ----------------------------------------------------------------------------------------------- 300

def test_a_code_held_by_two_municipalities_is_300_with_both_in_html(real_server: Server) -> None:
    response = look_up(real_server, "/id/wikidata/Q26525", **{"Accept": "text/html", "Accept-Language": "en"})
    assert response.status_code == 300 and response.headers["Content-Type"].startswith("text/html")
    assert response.headers["Location"] == DRAMMEN  # the one that still holds it: the server's preferred choice
    # two of one name are told apart by their numbers, in the list and the links' titles
    assert response.headers["Link"] == (f'<{DRAMMEN_0602}>; rel="item"; title="Drammen (0602)", '
                                        f'<{DRAMMEN}>; rel="item"; title="Drammen (3005, 3301)"')
    page = response.text
    assert "Several matches for Wikidata item Q26525" in page
    # each linked at its page in the page's language (the Location and Link above name the things' IRIs)
    assert f'<a href="{page_path(DRAMMEN_0602, "en")}">Drammen (0602)</a>' in page
    assert f'<a href="{page_path(DRAMMEN, "en")}">Drammen (3005, 3301)</a>' in page
    assert "2019-12-31" in page and "2020-01-01" in page and "(still valid)" in page
    assert 'href="/id/wikidata/Q26525?date=' in page
    nb = look_up(real_server, "/id/wikidata/Q26525", **{"Accept": "text/html", "Accept-Language": "nb"})
    assert nb.status_code == 300 and "Flere treff for Wikidata-elementet Q26525" in nb.text


def test_the_choices_in_rdf_are_the_graphs_triples_for_each_holder(real_server: Server,
                                                                   real_build: PublishedBuild) -> None:
    response = look_up(real_server, "/id/wikidata/Q26525", Accept="text/turtle")
    assert response.status_code == 300 and response.headers["Content-Type"].startswith("text/turtle")
    assert "Accept" in response.headers["Vary"]
    graph = Graph().parse(data=response.text, format="turtle")
    base = real_build.base_uri
    old, new = URIRef(base + DRAMMEN_0602), URIRef(base + DRAMMEN)
    assert set(graph.subjects(RDFS.seeAlso, WD.Q26525)) == {old, new}
    assert graph.value(old, SCHEMA.dissolutionDate) == Literal("2019-12-31", datatype=XSD.date)
    assert (old, BR.succeededBy, new) in graph
    numbers = {str(graph.value(n, SKOS.notation)): graph.value(n, SCHEMA.validFrom)
               for n in graph.objects(new, BR.municipalityNumber)}
    assert numbers == {"3005": Literal("2020-01-01", datatype=XSD.date),
                       "3301": Literal("2024-01-01", datatype=XSD.date)}
    store = store_of(real_build).oxigraph
    held = {(to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)) for subject in set(graph.subjects())
            for q in store.quads_for_pattern(ox.NamedNode(str(subject)), None, None)}
    assert set(graph) - held == set()  # nothing but what the graph says


def test_a_dated_look_up_of_a_shared_item_picks_the_holder_of_the_day(real_server: Server) -> None:
    assert_redirect(look_up(real_server, "/id/wikidata/Q26525", "2019-12-31"), DRAMMEN_0602)
    assert_redirect(look_up(real_server, "/id/wikidata/Q26525", "2020-01-01"), DRAMMEN)
    assert_redirect(look_up(real_server, "/id/wikidata/Q26525", "2024-01-01"), DRAMMEN)


# ----------------------------------------------------------------------------------------------- Sauherad

def test_sauherads_iri_stays_and_its_page_says_it_ended_and_what_succeeded_it(real_server: Server) -> None:
    response = requests.get(real_server.url + SAUHERAD, allow_redirects=False, timeout=10)
    assert response.status_code == 303 and response.headers["Location"] == "/doc/municipality/sauherad"
    for lang, ended, successor, day in (("nb", "Sauherad opphørte 31. desember 2019.", "Etterfølger", "1. januar 2020"),
                                        ("en", "Sauherad ended on 31 December 2019.", "Successor", "1 January 2020")):
        page = requests.get(real_server.url + "/doc/municipality/sauherad", params={"lang": lang}, timeout=10)
        assert page.status_code == 200
        assert ended in page.text
        merged = f'<time datetime="2020-01-01">{day}</time>'  # the day of the merger, as the sentence writes one
        assert f'{successor}: <a href="{page_path(MIDT_TELEMARK, lang)}">Midt-Telemark</a> ({merged}).' in page.text


def test_midt_telemarks_page_names_its_predecessors_in_the_plural(real_server: Server) -> None:
    """Two predecessors: "Forgjengere", "Predecessors" (a language review: "Forgjenger: Bø (Telemark) …, Sauherad")."""
    for lang, label in (("nb", "Forgjengere"), ("en", "Predecessors")):
        page = requests.get(real_server.url + MIDT_TELEMARK.replace("/id/", "/doc/"), params={"lang": lang},
                            timeout=10).text
        assert f'<p id="predecessors">{label}: ' in page and "Sauherad" in page.split('id="predecessors"')[1]


def test_sauherad_in_rdf_ends_2019_12_31_succeeded_by_midt_telemark(real_server: Server) -> None:
    response = requests.get(real_server.url + "/doc/municipality/sauherad", headers={"Accept": "text/turtle"},
                            timeout=10)
    graph = Graph().parse(data=response.text, format="turtle")
    sauherad = URIRef("https://data.byregion.no" + SAUHERAD)
    assert graph.value(sauherad, SCHEMA.dissolutionDate) == Literal("2019-12-31", datatype=XSD.date)
    assert graph.value(sauherad, BR.succeededBy) == URIRef("https://data.byregion.no" + MIDT_TELEMARK)


def test_midt_telemarks_page_names_what_it_succeeds(real_server: Server) -> None:
    page = requests.get(real_server.url + "/doc/municipality/midt-telemark", params={"lang": "en"}, timeout=10)
    assert ('<a href="/doc/municipality/sauherad?lang=en">Sauherad</a>'
            in page.text.split('id="predecessors"', 1)[1])
    assert 'id="ended"' not in page.text


# ----------------------------------------------------------------------------------------------- the table

def _expand(name: str) -> URIRef:
    # the prefixes of CSVW's initial context csv2json compacts property names with
    prefixes = {"skos": str(SKOS), "owl": str(OWL), "rdfs": str(RDFS), "rdf": str(RDF), "org": str(ORG),
                "dc": str(DCTERMS)}
    prefix, _, local = name.partition(":")
    return URIRef(prefixes[prefix] + local) if prefix in prefixes and not local.startswith("//") else URIRef(name)


def table_rows(url: str) -> list[dict[str, str]]:
    """The rows of the CSV table at ``url``, checked to be served as CSV with RFC 4180's line ends."""
    answer = requests.get(url, timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/csv")
    assert answer.content.count(b"\r\n") == answer.content.count(b"\n")  # RFC 4180's line ends
    return list(csv.DictReader(io.StringIO(answer.content.decode("utf-8"), newline="")))


def read_back(url: str, construct: str, build: PublishedBuild) -> tuple[dict[str, Any], set[tuple[Node, Node, Node]],
                                                                      set[tuple[Node, Node, Node]]]:
    """A table read back by a CSVW processor from its metadata at ``url`` + ``-metadata.json``: the metadata, the
    triples it gives (:func:`csvw_triples`) and those ``construct`` finds in the build's store."""
    metadata = requests.get(url + "-metadata.json", timeout=10).json()
    processor = CSVW(url + "-metadata.json")
    assert processor.is_valid, processor.warnings
    described = [thing for row in processor.to_json()["tables"][0]["row"] for thing in row["describes"]]
    constructed = store_of(build).oxigraph.query(construct, use_default_graph_as_union=True)
    assert isinstance(constructed, ox.QueryTriples)
    held = {(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in constructed}
    return metadata, csvw_triples(metadata, described), held


def csvw_triples(metadata: dict[str, Any], described: list[dict[str, Any]]) -> set[tuple[Node, Node, Node]]:
    """The triples of csvw's JSON (csv2json standard mode), each literal typed as the metadata's column says
    (csv2json keeps the values, not their datatypes or languages)."""
    columns = [c for c in metadata["tableSchema"]["columns"] if "propertyUrl" in c]
    links = {URIRef(c["propertyUrl"]) for c in columns if "valueUrl" in c}
    kinds = {URIRef(c["propertyUrl"]): c for c in columns}
    triples: set[tuple[Node, Node, Node]] = set()

    def walk(thing: dict[str, Any]) -> URIRef:
        subject = URIRef(thing["@id"])
        for key, value in thing.items():
            if key == "@id":
                continue
            predicate = RDF.type if key == "@type" else _expand(key)
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, dict):
                    triples.add((subject, predicate, walk(item)))
                elif predicate == RDF.type or predicate in links:
                    triples.add((subject, predicate, _expand(item)))  # a type may come compacted (org:Membership)
                else:
                    column = kinds[predicate]
                    datatype = XSD.date if column.get("datatype") == "date" else None
                    triples.add((subject, predicate, Literal(item, lang=column.get("lang"), datatype=datatype)))
        return subject

    for thing in described:
        walk(thing)
    return triples


GRAPH_TRIPLES = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?m ?p ?o . ?n ?q ?v . }
WHERE {
  ?m a br:UNIT .
  { ?m ?p ?o . FILTER (?p IN (br:NUMBER, br:organisationNumber, schema:dissolutionDate)) }
  UNION { BIND (rdf:type AS ?p) BIND (br:UNIT AS ?o) }  # the table's class (the graph has geo:Feature too)
  UNION { ?m skos:prefLabel ?o . FILTER (lang(?o) = "nb") BIND (skos:prefLabel AS ?p) }
  UNION { ?m ?p ?o . FILTER (?p IN (owl:sameAs, rdfs:seeAlso) && STRSTARTS(STR(?o), "http://www.wikidata.org/")) }
  UNION { ?m br:NUMBER ?n . ?n ?q ?v .
          FILTER (?q IN (rdf:type, skos:notation, schema:validFrom, schema:validThrough, br:county)) }
  UNION { ?m br:NUMBER ?n . ?n rdfs:label ?v . FILTER (lang(?v) = "nb") BIND (rdfs:label AS ?q) }
}"""
#: Each table: its path, its unit's class and number property, and one row it must hold as written.
TABLES = {
    "municipalities": ("/doc/municipalities.csv", "Municipality", "municipalityNumber",
                       "https://data.byregion.no/id/municipality/sauherad,Sauherad,0822,0822 Sauherad,,2019-12-31,"
                       "https://data.byregion.no/id/county/telemark,08,Telemark,Q2381,,,2019-12-31,3817,4020\r\n"),
    "counties": ("/doc/counties.csv", "County", "countyNumber",
                 "https://data.byregion.no/id/county/telemark,Telemark,08,08 Telemark,,2019-12-31,"),
}


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_table_read_by_a_csvw_processor_gives_the_graphs_triples(real_server: Server, real_build: PublishedBuild,
                                                                      kind: str) -> None:
    path, unit, number, row = TABLES[kind]
    table = requests.get(real_server.url + path, timeout=10)
    assert table.status_code == 200 and table.headers["Content-Type"].startswith("text/csv")
    assert row in table.text
    meta_response = requests.get(real_server.url + path + "-metadata.json", timeout=10)
    assert meta_response.headers["Content-Type"] == "application/csvm+json"
    metadata = meta_response.json()
    processor = CSVW(real_server.url + path + "-metadata.json")
    assert processor.is_valid, processor.warnings
    rows = processor.to_json()["tables"][0]["row"]
    assert len(rows) == table.text.count("\r\n") - 1  # one row per number
    produced = csvw_triples(metadata, [thing for row in rows for thing in row["describes"]])
    constructed = store_of(real_build).oxigraph.query(GRAPH_TRIPLES.replace("UNIT", unit).replace("NUMBER", number),
                              use_default_graph_as_union=True)
    assert isinstance(constructed, ox.QueryTriples)
    held = {(to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in constructed}
    assert produced - held == set()  # nothing the graph does not say
    assert held - produced == set()  # and everything it says of these
    if kind == "municipalities":
        sauherad = URIRef("https://data.byregion.no" + SAUHERAD)
        assert (sauherad, SCHEMA.dissolutionDate, Literal("2019-12-31", datatype=XSD.date)) in produced


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_table_metadata_is_found_from_the_tables_url(real_server: Server, kind: str) -> None:
    """CSVW's default locating rule: ``{url}-metadata.json`` next to the table; it names the table."""
    path = TABLES[kind][0]
    metadata = json.loads(requests.get(real_server.url + path + "-metadata.json", timeout=10).content)
    assert metadata["url"] == path.rsplit("/", 1)[1]
    assert [c["name"] for c in metadata["tableSchema"]["columns"] if not c.get("virtual")] == \
        requests.get(real_server.url + path, timeout=10).text.split("\r\n", 1)[0].split(",")


def test_a_numbers_row_names_the_municipality_as_it_was_called_with_that_number(real_server: Server) -> None:
    """``name`` is the municipality's latest; ``number_label`` the name it bore with the row's number, so that a
    row of 0616 reads "Nes (Buskerud)", not only "Nesbyen", a name it took in 2020 with another number."""
    table = requests.get(real_server.url + "/doc/municipalities.csv", timeout=10).text
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(table))}
    assert (rows["0616"]["name"], rows["0616"]["number_label"]) == ("Nesbyen", "0616 Nes (Buskerud)")
    assert rows["1601"]["number_label"] == "1601 Trondheim"
    assert (rows["0426"]["county_code"], rows["0426"]["county_name"]) == ("04", "Hedmark")


@pytest.mark.parametrize(("code", "in2020", "in2024"), [
    ("0822", "3817", "4020"),       # Sauherad: into Midt-Telemark, renumbered with Telemark
    ("0807", "3808", "4005"),       # Notodden: its own numbers
    ("1534", "1507", "1580"),       # Haram: into Ålesund, then Haram again (the part holding its land)
    ("1546", "1507", "1508"),       # Sandøy: into Ålesund, then the rest of Ålesund
    ("1850", "1806 | 1875", "1806 | 1875"),  # Tysfjord: divided between Narvik and Hamarøy
    ("1580", "", "1580"),           # Haram of 2024: not there in 2020
    ("0301", "0301", "0301"),
])
def test_the_municipalities_table_crosswalks_each_number_to_the_reforms(real_server: Server, code: str, in2020: str,
                                                                         in2024: str) -> None:
    """code_2020 and code_2024: the number a row's municipality, or the units holding its land, had when each
    reform took effect; the statistician's join across the reforms, in one file."""
    table = requests.get(real_server.url + "/doc/municipalities.csv", timeout=10).text
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(table))}
    assert (rows[code]["code_2020"], rows[code]["code_2024"]) == (in2020, in2024)


@pytest.mark.parametrize("kind", list(TABLES))
def test_the_table_metadatas_licence_and_source_are_iris(real_server: Server, kind: str) -> None:
    """CSVW reads a common property's plain string as a literal (metadata §5.8): they are ``{"@id": …}``."""
    metadata = requests.get(real_server.url + TABLES[kind][0] + "-metadata.json", timeout=10).json()
    assert metadata["dc:license"] == {"@id": "http://publications.europa.eu/resource/authority/licence/NLOD_2_0"}
    assert metadata["dc:source"] == {"@id": "https://data.byregion.no/dataset"}
