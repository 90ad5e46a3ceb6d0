"""The programme's city regions as a table for spreadsheets (a Wikidata editor's review: a listing of the regions
with their labels is what Mix'n'match and a spreadsheet take in): one row per region with its names, applicant,
members, county, phases, confidence and sources; a CSV on the Web processor turns it into exactly the graph's
triples of the regions' names, county, count, date and sources."""

from __future__ import annotations

import pytest
import requests
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from byregion.build import PublishedBuild
from tests.conftest import Server
from tests.test_lookups_http import read_back, table_rows

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

PATH = "/doc/regions.csv"
ID = "https://data.byregion.no/id/"
REGION_TRIPLES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX br: <https://data.byregion.no/def/byregion#>
CONSTRUCT { ?r ?p ?o } WHERE {
  ?r a br:CityRegion .
  { ?r ?p ?o . FILTER (?p IN (skos:prefLabel, br:county, br:memberCount, br:referenceDate, dct:source)) }
  UNION { BIND (rdf:type AS ?p) BIND (br:CityRegion AS ?o) }
}"""


@pytest.fixture(scope="module")
def rows(real_server: Server) -> dict[str, dict[str, str]]:
    return {row["region"].removeprefix(ID + "region/"): row for row in table_rows(real_server.url + PATH)}


def test_one_row_per_region_with_its_names_applicant_members_county_phases_and_sources(
        rows: dict[str, dict[str, str]]) -> None:
    assert len(rows) == 33
    notodden = rows["notodden"]
    assert (notodden["name"], notodden["name_en"], notodden["applicant_name"]) == ("Notodden", "Notodden", "Notodden")
    assert notodden["applicant"] == ID + "municipality/notodden"
    assert notodden["members"].split("; ")[0] == "Notodden" and len(notodden["members"].split("; ")) == 6
    assert (notodden["member_count"], notodden["county"], notodden["county_name"]) == \
        ("6", ID + "county/telemark", "Telemark")
    assert (notodden["phases"], notodden["inferred_phases"], notodden["confidence"]) == ("1 2", "", "fakta")
    assert notodden["reference_date"] == "2015-01-01"
    tonsberg = rows["tonsberg"]  # new in phase 2, its count not known
    assert (tonsberg["phases"], tonsberg["member_count"], tonsberg["confidence"]) == ("2", "", "count-only")
    grenland = rows["grenland"]  # phase 1 inferred from the sources, not stated
    assert (grenland["phases"], grenland["inferred_phases"]) == ("1 2", "1")
    assert all(row["source"].startswith(("https://", "http://")) for row in rows.values())
    assert rows["hallingdal"]["other_source"].startswith("https://") and rows["notodden"]["other_source"] == ""


def test_a_csvw_processor_reads_it_back_to_the_graphs_triples(real_server: Server,
                                                               real_build: PublishedBuild) -> None:
    metadata, produced, held = read_back(real_server.url + PATH, REGION_TRIPLES, real_build)
    assert len(held) > 33 * 5 and bare(produced) == bare(held)
    # csv2json keeps no language: each label column's language is its metadata's, nb and en as the graph has them
    rows = table_rows(real_server.url + PATH)
    labels = {(URIRef(row["region"]), SKOS.prefLabel, Literal(row[column], lang=lang))
              for row in rows for column, lang in (("name", "nb"), ("name_en", "en"))}
    assert labels == {t for t in held if t[1] == SKOS.prefLabel}
    assert [c.get("lang") for c in metadata["tableSchema"]["columns"] if c.get("propertyUrl") == str(SKOS.prefLabel)] \
        == ["nb", "en"]


def bare(triples: set[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node]]:
    """The triples with the labels' languages left out."""
    return {(s, p, Literal(str(o)) if p == SKOS.prefLabel else o) for s, p, o in triples}


def test_the_catalogue_and_the_programmes_page_link_it(real_server: Server) -> None:
    dataset = requests.get(real_server.url + "/dataset", headers={"Accept": "text/html"}, timeout=10).text
    assert f'href="{PATH}"' in dataset
    programme = requests.get(real_server.url + "/doc/programme/byregionprogrammet",
                             headers={"Accept": "text/html"}, timeout=10).text
    assert f'href="{PATH}"' in programme and f'href="{PATH}-metadata.json"' in programme


def test_each_region_has_its_population_and_area_as_its_source_gives_them(rows: dict[str, dict[str, str]]) -> None:
    """For a spreadsheet: the figures the graph holds as nodes of their own (a data scientist had to query SPARQL
    for them). They come after the columns that were there before, for a reader by position."""
    notodden = rows["notodden"]
    assert (notodden["population"], notodden["population_date"], notodden["area_km2"]) == \
        ("54165", "2015-01-01", "5150")
    assert list(notodden)[-3:] == ["population", "population_date", "area_km2"]
    with_population = [r for r in rows.values() if r["population"]]
    assert len(with_population) >= 20 and all(r["population"].isdigit() for r in with_population)


def test_a_csvw_processor_reads_the_phases_and_members_as_lists(real_server: Server) -> None:
    """``phases`` and ``inferred_phases`` are lists of integers (``separator`` " "), ``members`` a list of names
    ("; "): pandas had read a lone phase "1" as 1.0 and a CSVW reader the whole cell as one string."""
    from csvw import CSVW
    processor = CSVW(real_server.url + PATH + "-metadata.json")
    assert processor.is_valid, processor.warnings
    found = {row["region"].rsplit("/", 1)[-1]: row for row in processor.tables[0].iterdicts()}
    assert (found["grenland"]["phases"], found["grenland"]["inferred_phases"]) == ([1, 2], [1])
    assert found["tonsberg"]["phases"] == [2] and found["notodden"]["inferred_phases"] == []
    assert found["notodden"]["members"][0] == "Notodden" and len(found["notodden"]["members"]) == 6
