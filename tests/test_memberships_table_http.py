"""The programme's memberships as a table for spreadsheets (a data journalist's review: the regions' members were
in RDF and SPARQL only): one row per region and member, the member's name then and now, its role and its
kommunenummer in 2015, 2020 and 2024; a CSV on the Web processor turns it into exactly the graph's triples of the
memberships."""

from __future__ import annotations

import pytest
import requests

from byregion.build import PublishedBuild
from tests.conftest import Server
from tests.test_lookups_http import read_back, table_rows

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

PATH = "/doc/memberships.csv"
MEMBERSHIP_TRIPLES = """
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX br: <https://data.byregion.no/def/byregion#>
CONSTRUCT { ?m ?p ?o } WHERE {
  ?region a br:CityRegion ; br:membership ?m .
  { ?m ?p ?o . FILTER (?p IN (org:organization, org:member, org:role)) }
  UNION { ?m schema:text ?o . FILTER (lang(?o) = "nb") BIND (schema:text AS ?p) }
  UNION { ?m a org:Membership . BIND (rdf:type AS ?p) BIND (org:Membership AS ?o) }
}"""


@pytest.fixture(scope="module")
def rows(real_server: Server) -> dict[str, dict[str, str]]:
    return {row["membership"].rsplit("/id/region/", 1)[1]: row for row in table_rows(real_server.url + PATH)}


def test_one_row_per_membership_with_the_names_then_and_now_and_the_numbers_of_three_reforms(
        rows: dict[str, dict[str, str]]) -> None:
    assert len(rows) == 197
    nes = rows["hallingdal/membership/nes"]
    assert (nes["name"], nes["name_today"], nes["role"]) == ("Nes", "Nesbyen", "partner")
    assert (nes["code_2015"], nes["code_2020"], nes["code_2024"]) == ("0616", "3040", "3322")
    notodden = rows["notodden/membership/notodden"]
    assert (notodden["role"], notodden["code_2015"], notodden["code_2020"], notodden["code_2024"]) == \
        ("applicant", "0807", "3808", "4005")
    assert rows["notodden/membership/sauherad"]["code_2020"] == ""  # Sauherad ended in 2019
    assert rows["tonsberg/membership/tonsberg"]["confidence"] == "count-only"


def test_a_member_that_had_ended_names_what_held_its_area_after_each_reform(rows: dict[str, dict[str, str]]) -> None:
    """The reviewers' question: what is a member of 2015 in 2020 and in 2024 (45 of the 197 had ended)."""
    sauherad = rows["notodden/membership/sauherad"]
    assert (sauherad["successor_2020"], sauherad["successor_code_2020"]) == ("Midt-Telemark", "3817")
    assert (sauherad["successor_2024"], sauherad["successor_code_2024"]) == ("Midt-Telemark", "4020")
    tysfjord = rows["narvikregionen/membership/tysfjord"]  # split between two
    assert set(tysfjord["successor_2020"].split(" | ")) == {"Hábmer - Hamarøy", "Narvik"}
    assert set(tysfjord["successor_code_2020"].split(" | ")) == {"1875", "1806"}
    notodden = rows["notodden/membership/notodden"]  # still there: its own numbers, no successor
    assert notodden["successor_2020"] == notodden["successor_code_2024"] == ""
    assert all(row["code_2024"] or row["successor_code_2024"] for row in rows.values())  # every area has a number


def test_how_sure_it_is_that_the_applicant_applied(rows: dict[str, dict[str, str]]) -> None:
    assert rows["hallingdal/membership/gol"]["role_confidence"] == "inferred"  # named after it, no source names it
    assert rows["notodden/membership/notodden"]["role_confidence"] == "fakta"
    assert {row["role_confidence"] for row in rows.values() if row["role"] == "partner"} == {""}


def test_a_csvw_processor_reads_it_back_to_the_graphs_triples(real_server: Server,
                                                               real_build: PublishedBuild) -> None:
    _, produced, held = read_back(real_server.url + PATH, MEMBERSHIP_TRIPLES, real_build)
    assert produced == held


def test_the_catalogue_and_the_programmes_page_link_it(real_server: Server) -> None:
    dataset = requests.get(real_server.url + "/dataset", headers={"Accept": "text/html"}, timeout=10).text
    assert f'href="{PATH}"' in dataset
    programme = requests.get(real_server.url + "/doc/programme/byregionprogrammet",
                             headers={"Accept": "text/html"}, timeout=10).text
    assert f'href="{PATH}"' in programme


def test_a_csvw_processor_reads_several_successors_as_a_list(real_server: Server) -> None:
    """Tysfjord was split between Narvik and Hábmer - Hamarøy: ``' | '`` between them is the column's ``separator``,
    so a CSVW reader gets two codes, not one string "1806 | 1875" (a data scientist's review)."""
    from csvw import CSVW
    processor = CSVW(real_server.url + PATH + "-metadata.json")
    assert processor.is_valid, processor.warnings
    table = processor.tables[0]
    found = {row["municipality"].rsplit("/", 1)[-1]: row for row in table.iterdicts()}
    tysfjord = next(row for key, row in found.items() if key.startswith("tysfjord"))
    assert sorted(tysfjord["successor_code_2020"]) == ["1806", "1875"]
    assert len(tysfjord["successor_2020"]) == 2
    assert found["sauherad"]["successor_code_2024"] == ["4020"] and found["gol"]["successor_code_2024"] == []


def test_each_columns_description_says_its_language(real_server: Server) -> None:
    """The descriptions are English: tagged so (a language review found no tag on them)."""
    metadata = requests.get(real_server.url + PATH + "-metadata.json", timeout=10).json()
    columns = metadata["tableSchema"]["columns"]
    described = [column["dc:description"] for column in columns if "dc:description" in column]
    assert described and all(d["@language"] == "en" and d["@value"] for d in described)
