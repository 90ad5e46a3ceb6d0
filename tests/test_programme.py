"""The programme's regions and memberships (data/programme/*.csv) as they reach the graph.

Read as a specification of issue "The whole programme": every region and membership is in the build,
with its confidence and sources; the conflicts are data; the build checks that the table and an imported
page agree (the page wins); adding a region's page later changes nothing but that region's text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from byregion import REPO_ROOT, uris
from byregion.namespaces import BASE, BR, DQV, OA
from byregion.programme import ProgrammeDataError, lists, parse, read
from byregion.programme.graph import disagreements, notes_graph, programme_graph
from byregion.sources import PROGRAMME_REGIONS, Disagreement, InputError, add_programme_regions, load_dataset
from byregion.sparql.examples import EXAMPLES

pytestmark = pytest.mark.fast

PROGRAMME_DIR = REPO_ROOT / "data" / "programme"
DOUBLE = {"0822": "sauherad", "0828": "seljord", "1211": "etne", "1216": "sveio"}


@pytest.fixture(scope="module")
def dataset(repository_dataset: Dataset) -> Dataset:
    return repository_dataset  # read only


@pytest.fixture(scope="module")
def store(dataset: Dataset) -> ox.Store:
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store


def select(store: ox.Store, query: str) -> list[dict[str, str]]:
    prefixes = ("PREFIX br: <https://data.byregion.no/def/byregion#> PREFIX org: <http://www.w3.org/ns/org#> "
                "PREFIX schema: <https://schema.org/> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
                "PREFIX dqv: <http://www.w3.org/ns/dqv#> PREFIX oa: <http://www.w3.org/ns/oa#> "
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> "
                "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> ")
    result = store.query(prefixes + query, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]


# ------------------------------------------------------------------------------------------ the tables

def test_the_copied_tables_hold_33_regions_and_197_memberships_of_193_municipalities() -> None:
    programme = read(PROGRAMME_DIR)
    assert len(programme.regions) == 33
    assert len(programme.memberships) == 197
    assert len({m.code for m in programme.memberships}) == 193
    assert {r.confidence for r in programme.regions} == {"fakta", "secondary", "unverified", "count-only"}


def test_the_copies_are_the_research_tables_byte_for_byte() -> None:
    shared = REPO_ROOT.parent / "shared" / "reference" / "programme"
    if not shared.is_dir():
        pytest.skip("the research tables are not beside this checkout")
    for name in ("regions.csv", "memberships.csv", "README.md"):
        assert (PROGRAMME_DIR / name).read_bytes() == (shared / name).read_bytes(), name


@pytest.mark.parametrize(("regions", "memberships", "where"), [
    ("slug,name\n", "region,municipality_code_2015,municipality_name,role\n", "regions.csv, line 1"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,8,,,1,fakta,https://example.org/,\n", "", "regions.csv, line 2, column 'county_code_2015'"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,1,sure,https://example.org/,\n", "", "regions.csv, line 2, column 'confidence'"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,12 000,,1,fakta,https://example.org/,\n", "", "regions.csv, line 2, column 'population_2015'"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,1,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\ny,0807,Notodden,applicant\n",
     "memberships.csv, line 2, column 'region'"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,1,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\nx,807,Notodden,applicant\n",
     "memberships.csv, line 2, column 'municipality_code_2015'"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,1,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\nx,0807,,applicant\n",
     "memberships.csv, line 2, column 'municipality_name': empty"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,1,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\nx,0807, - ,applicant\n",
     "memberships.csv, line 2, column 'municipality_name': '-' holds no letter or digit"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,2,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\nx,0807,Notodden,applicant\nx,0806,Notodden,partner\n",
     "memberships.csv, line 3, column 'municipality_name': 'Notodden' is already a member of x on line 2 "
     "(as 'Notodden', 0807)"),
    ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
     "x,X,08,,,2,fakta,https://example.org/,\n",
     "region,municipality_code_2015,municipality_name,role\nx,0807,Notodden,applicant\n",
     "x has 1 member rows but regions.csv line 2 gives member_count 2"),
    *(("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
       f"x,X,08,,,1,fakta,{cell},\n", "", f"regions.csv, line 2, column 'source': {said}")
      for cell, said in (
          ('"https://a.example/, https://b.example/"', "'https://a.example/, https://b.example/' is not one page "
                                                        "address .* separated by ' ; ': https://a.example/ ; "),
          ("https://a.example/;https://b.example/", "'https://a.example/;https://b.example/' is not one page"),
          ("https://a.example/ ;https://b.example/", "'https://a.example/ ;https://b.example/' is not one page"),
          ('"https://a.example/,https://b.example/"', "'https://a.example/,https://b.example/' is not one page"),
          ("a.example", "'a.example' is not one page address"),
          ("", "empty: expected the addresses"),
      )),
])
def test_a_broken_table_is_refused_naming_file_line_and_column(regions: str, memberships: str, where: str) -> None:
    with pytest.raises(ProgrammeDataError, match=where.replace("(", r"\(").replace(")", r"\)")):
        parse(regions, memberships)


def test_a_regions_sources_are_one_page_address_each_separated_by_space_semicolon_space() -> None:
    regions = ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
               "x,X,08,,,1,fakta,https://a.example/ ; https://web.archive.org/web/2015/https://b.example/,\n")
    memberships = "region,municipality_code_2015,municipality_name,role\nx,0807,Notodden,applicant\n"
    assert parse(regions, memberships).regions[0].sources == (
        "https://a.example/", "https://web.archive.org/web/2015/https://b.example/")


MULTI_LINE_NOTE = ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
                   'a,A,08,,,1,fakta,https://a.example/,"A note\nof two lines"\n'
                   "b,B,08,,,1,fakta,https://b.example/,\n")
TWO_MEMBERS = ("region,municipality_code_2015,municipality_name,role\n"
               "a,0807,Notodden,applicant\nb,0806,Skien,applicant\n")


def test_a_row_after_a_cell_of_several_lines_is_named_by_its_first_line() -> None:
    with pytest.raises(ProgrammeDataError, match=r"regions\.csv, line 4, column 'county_code_2015'"):
        parse(MULTI_LINE_NOTE.replace("b,B,08,", "b,B,8,"), TWO_MEMBERS)
    programme = parse(MULTI_LINE_NOTE, TWO_MEMBERS)
    assert [(r.line, r.row) for r in programme.regions] == [(2, 2), (4, 3)]
    assert programme.regions[0].note == "A note\nof two lines"


def test_a_rows_selector_counts_records_and_its_line_is_where_the_record_starts(dataset: Dataset) -> None:
    """RFC 7111's row=3 is the third record, the header the first, wherever a cell before it broke a line."""
    graph, problems = programme_graph(parse(MULTI_LINE_NOTE, TWO_MEMBERS), dataset.graph(uris.graph("reference")))
    assert problems == []
    for slug, row, line in (("a", 2, 2), ("b", 3, 4)):
        selector = URIRef(f"{uris.region(slug)}/source/row")
        assert (selector, RDF.value, Literal(f"row={row}")) in graph
        assert (selector, BR.line, Literal(line)) in graph


def test_a_table_saved_as_a_spreadsheets_csv_utf_8_with_a_byte_order_mark_is_read_as_it_is(tmp_path: Path) -> None:
    for name in ("regions.csv", "memberships.csv"):
        (tmp_path / name).write_bytes(b"\xef\xbb\xbf" + (PROGRAMME_DIR / name).read_bytes())
    assert read(tmp_path) == read(PROGRAMME_DIR)


def test_a_table_whose_cells_are_separated_by_semicolons_is_refused_saying_so() -> None:
    regions = "slug;name;county_code_2015;population_2015;area_km2;member_count;confidence;source;note\n"
    with pytest.raises(ProgrammeDataError, match=r"regions\.csv, line 1: the file separates its cells with ';'"):
        parse(regions, "")


@pytest.mark.parametrize(("encoded", "said"), [
    (lambda text: text.encode("cp1252"), "regions.csv, line 12: not UTF-8 (byte 0xd8, as Windows-1252 or Latin-1 "
                                         "write 'Ø'): save the file as UTF-8"),
    (None, "memberships.csv: missing"),
])
def test_a_table_that_cannot_be_read_is_named_once_with_its_folder_and_the_line(
        tmp_path: Path, encoded: Callable[[str], bytes] | None, said: str) -> None:
    folder = tmp_path / "data" / "programme"
    folder.mkdir(parents=True)
    shutil.copy(PROGRAMME_DIR / "regions.csv", folder)
    if encoded is not None:  # else memberships.csv is missing
        (folder / "regions.csv").write_bytes(encoded((PROGRAMME_DIR / "regions.csv").read_text(encoding="utf-8")))
        shutil.copy(PROGRAMME_DIR / "memberships.csv", folder)
    with pytest.raises(InputError) as caught:
        add_programme_regions(Dataset(), tmp_path)
    assert str(caught.value) == f"{folder}/{said}"


# ------------------------------------------------------------------------------------ the graph of it

def test_every_region_and_membership_is_in_the_build(store: ox.Store) -> None:
    regions = select(store, "SELECT DISTINCT ?r WHERE { ?r a br:CityRegion ; br:programme ?p ; br:confidence ?c }")
    assert len(regions) == 33
    memberships = select(store, "SELECT DISTINCT ?ms WHERE { ?r br:programme ?p ; br:membership ?ms . "
                                "?ms org:member ?m ; org:role ?role }")
    assert len(memberships) == 197


def test_every_membership_of_the_data_is_of_phase_2_and_none_of_phase_1(store: ox.Store) -> None:
    """Notodden's six from its page as the table's 191 (a researcher's review: joined with a region's phase-1
    participation, they had counted as phase 1's); per phase, the members a SPARQL query finds by the membership's
    own phase are phase 2's 193 municipalities, and phase 1 has none: no source lists them."""
    counts = select(store, "SELECT ?phase (COUNT(?ms) AS ?n) (COUNT(DISTINCT ?m) AS ?municipalities) WHERE { "
                           "?ms a org:Membership ; org:member ?m OPTIONAL { ?ms br:inPhase ?phase } } GROUP BY ?phase")
    assert counts == [{"phase": "https://data.byregion.no/id/programme/byregionprogrammet/phase/2", "n": "197",
                       "municipalities": "193"}]


def test_every_membership_is_labelled_by_its_member_and_region_in_both_languages(store: ox.Store) -> None:
    """As its page is titled (byregion.titles), so a client showing labels names each of the 197: the member's
    name as the table writes it (that of 2015, not the municipality's latest), then the region's."""
    rows = select(store, "SELECT ?m (GROUP_CONCAT(CONCAT(STR(?l), '@', LANG(?l)); separator='|') AS ?labels) "
                         "WHERE { ?m a org:Membership OPTIONAL { ?m rdfs:label ?l } } GROUP BY ?m")
    assert len(rows) == 197
    assert all(sorted(label.rsplit("@", 1)[1] for label in row["labels"].split("|")) == ["en", "nb"] for row in rows)
    labels = {row["m"].removeprefix(BASE + "/id/region/"): set(row["labels"].split("|")) for row in rows}
    assert labels["salten/membership/bodo"] == {"Bodø i Salten@nb", "Bodø in Salten@en"}
    assert labels["alesundregionen/membership/orskog"] == {"Ørskog i Ålesundregionen@nb",
                                                          "Ørskog in Ålesundregionen@en"}
    assert labels["notodden/membership/kongsberg"] == {"Kongsberg i Notodden@nb", "Kongsberg in Notodden@en"}
    assert labels["hallingdal/membership/nes"] == {"Nes i Hallingdal@nb", "Nes in Hallingdal@en"}  # Nesbyen in 2020
    assert labels["fjellregionen/membership/roros"] == {"Røros i Fjellregionen@nb", "Røros in Fjellregionen@en"}


def test_memberships_point_at_the_reference_municipality_that_held_the_number_on_2015_01_01(
        store: ox.Store) -> None:
    programme = read(PROGRAMME_DIR)
    rows = select(store, """SELECT DISTINCT ?r ?code WHERE {
        ?r br:programme ?p ; br:membership/org:member ?m . ?m br:municipalityNumber ?n . ?n skos:notation ?code
        OPTIONAL { ?n schema:validFrom ?from } OPTIONAL { ?n schema:validThrough ?through }
        FILTER ((!BOUND(?from) || ?from <= "2015-01-01"^^xsd:date)
                && (!BOUND(?through) || ?through >= "2015-01-01"^^xsd:date))
    }""".replace("xsd:date", "<http://www.w3.org/2001/XMLSchema#date>"))
    found = {(r["r"].rsplit("/", 1)[-1], r["code"]) for r in rows}
    assert found == {(m.region, m.code) for m in programme.memberships}


def test_a_region_states_name_county_count_confidence_sources_and_figures(store: ox.Store) -> None:
    [row] = select(store, """SELECT ?name ?county ?count ?confidence ?applicant ?source ?population ?area ?date WHERE {
        <https://data.byregion.no/id/region/grenland> skos:prefLabel ?name ; br:county ?county ; br:memberCount ?count ;
            br:confidence ?confidence ; br:applicantConfidence ?applicant ; <http://purl.org/dc/terms/source> ?source ;
            br:population ?pf ; br:area/<http://qudt.org/schema/qudt/numericValue> ?area ; br:referenceDate ?date .
        ?pf schema:value ?population . FILTER (LANG(?name) = "nb") }""")
    assert row == {"name": "Grenland", "county": str(uris.county("telemark")), "count": "6",
                   "confidence": str(BR.fakta),
                   "applicant": str(BR.fakta), "source": "https://distriktssenteret.no/artikkel/skien/",
                   "population": "120748", "area": "2648", "date": "2015-01-01"}


def test_a_regions_figures_are_labelled_as_a_sentence_writes_them(store: ox.Store) -> None:
    """A Norwegian editor read "Folketall i Grenland 2015-01-01" and "Areal av Grenland": the day is in words and
    an area is "for" the region."""
    rows = select(store, """SELECT ?label WHERE { <https://data.byregion.no/id/region/grenland> br:population|br:area
        ?figure . ?figure rdfs:label ?label } ORDER BY ?label""")
    assert sorted(row["label"] for row in rows) == ["Area of Grenland", "Areal for Grenland",
                                                    "Folketall i Grenland 1. januar 2015",
                                                    "Population of Grenland on 1 January 2015"]


def test_confidence_of_the_applicant_follows_the_tables_notes(store: ox.Store) -> None:
    rows = {r["r"].rsplit("/", 1)[-1]: r["a"].rsplit("#", 1)[-1]
            for r in select(store, "SELECT ?r ?a WHERE { ?r br:applicantConfidence ?a }")}
    assert rows["midt-telemark"] == "unknown"  # no applicant row, and the note says so
    assert {rows[s] for s in ("listerregionen", "hallingdal", "sunnfjord", "tromsoregionen", "kristiansundsregionen",
                              "kongsvingerregionen")} == {"inferred"}
    assert rows["grenland"] == "fakta" and rows["elverumregionen"] == "secondary"
    assert rows["tonsberg"] == "inferred"  # count-only: its one member is listed, though members are "not known"
    applicants = select(store, "SELECT ?r WHERE { <https://data.byregion.no/id/region/midt-telemark> "
                               "br:membership/org:role ?r FILTER (?r = br:applicant) }")
    assert applicants == []


def test_every_row_is_cited_by_an_rfc_7111_selector(store: ox.Store) -> None:
    rows = select(store, """SELECT ?file ?value WHERE {
        <https://data.byregion.no/id/region/grenland/membership/bamble> <http://www.w3.org/ns/prov#wasDerivedFrom> ?s .
        ?s oa:hasSource ?file ; oa:hasSelector ?sel . ?sel rdf:value ?value }""")
    line = next(n for n, text in enumerate((PROGRAMME_DIR / "memberships.csv").read_text().splitlines(), 1)
                if text.startswith("grenland,0814,"))
    assert rows == [{"file": str(uris.source("programme-memberships")), "value": f"row={line}"}]


def test_notes_are_quality_annotations_with_the_tables_text(store: ox.Store) -> None:
    rows = select(store, """SELECT ?text (LANG(?text) AS ?lang) WHERE {
        <https://data.byregion.no/id/region/haugesundregionen> dqv:hasQualityAnnotation ?a .
        ?a oa:motivatedBy dqv:qualityAssessment ; oa:hasBody/rdf:value ?text }""")
    texts = {row["lang"]: row["text"] for row in rows}
    assert len(rows) == 2 and texts["en"].startswith("Area cut off in the stored copy of the page.")
    assert texts["nb"].startswith("Arealet er kuttet bort")  # the project's translation (curation/programme-notes)


def test_every_quality_note_is_found_from_what_it_is_about(store: ox.Store) -> None:
    """docs/programme.md: ``?thing dqv:hasQualityAnnotation ?note`` finds each note. Notodden's note on its area
    targets the area figure but was reachable only from the region (a researcher's review)."""
    assert select(store, """SELECT ?note ?target WHERE { ?note a dqv:QualityAnnotation ; oa:hasTarget ?target .
        FILTER NOT EXISTS { ?target dqv:hasQualityAnnotation ?note } }""") == []
    assert select(store, """SELECT ?note WHERE {
        <https://data.byregion.no/id/region/notodden/area> dqv:hasQualityAnnotation ?note }""")


def test_each_double_membership_is_a_data_conflict_on_both_memberships(store: ox.Store) -> None:
    rows = select(store, """SELECT ?ms ?other ?label WHERE {
        ?c a br:DataConflict ; br:conflictKind br:memberOfSeveralRegions ; oa:hasTarget ?ms ;
           br:conflictsWith ?other ; <http://www.w3.org/2000/01/rdf-schema#label> ?label .
        ?ms dqv:hasQualityAnnotation ?c . FILTER (LANG(?label) = "en") }""")
    assert len(rows) == 8  # four municipalities, each in two regions
    assert {r["ms"].rsplit("/", 1)[-1] for r in rows} == set(DOUBLE.values())
    pairs = {(r["ms"], r["other"]) for r in rows}
    assert all((other, ms) in pairs for ms, other in pairs)  # each points at the other
    assert "Seljord was also a member of the city region Vest-Telemark" in {r["label"] for r in rows}


def test_a_double_membership_names_the_other_region_as_a_city_region(store: ox.Store) -> None:
    """On Notodden's page, under Sauherad's "(nå en del av Midt-Telemark (4020))", the municipality, "Sauherad var
    også med i Midt-Telemark" had read as the same Midt-Telemark (a Norwegian editor's review): it is the region."""
    rows = select(store, """SELECT ?label WHERE { <https://data.byregion.no/id/region/notodden/membership/sauherad>
        dqv:hasQualityAnnotation ?c . ?c a br:DataConflict ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }""")
    assert sorted(row["label"] for row in rows) == ["Sauherad var også med i byregionen Midt-Telemark",
                                                    "Sauherad was also a member of the city region Midt-Telemark"]


def test_every_conflict_is_labelled_alike_in_both_languages(store: ox.Store) -> None:
    """A researcher listing conflicts by ``skos:prefLabel`` found those written by hand but not the double
    memberships, which had only ``rdfs:label``: every conflict has both, the same text, in nb and en."""
    rows = select(store, """SELECT ?c (COUNT(DISTINCT ?pref) AS ?prefs) (COUNT(DISTINCT ?label) AS ?labels) WHERE {
        ?c a br:DataConflict .
        OPTIONAL { ?c <http://www.w3.org/2004/02/skos/core#prefLabel> ?pref }
        OPTIONAL { ?c <http://www.w3.org/2000/01/rdf-schema#label> ?label } } GROUP BY ?c""")
    assert len(rows) >= 12 and {(r["prefs"], r["labels"]) for r in rows} == {("2", "2")}, rows  # 8 double, 4 by hand


def test_programme_wide_conflicts_are_statements_too(store: ox.Store) -> None:
    rows = select(store, """SELECT ?kind WHERE {
        <https://data.byregion.no/id/programme/byregionprogrammet> dqv:hasQualityAnnotation ?c .
        ?c br:conflictKind ?kind }""")
    assert [r["kind"] for r in rows] == [str(BR.countDisputed)] * 2


def test_programme_figures_are_computed_at_build_time_with_their_query(store: ox.Store) -> None:
    rows = {r["f"].rsplit("/figure/", 1)[-1]: r for r in select(store, """SELECT ?f ?value ?query WHERE {
        <https://data.byregion.no/id/programme/byregionprogrammet> br:figure ?f . ?f schema:value ?value ;
        br:query ?query }""")}
    programme = read(PROGRAMME_DIR)
    assert rows["regions"]["value"] == "33"
    assert rows["memberships"]["value"] == "197"
    assert rows["municipalities"]["value"] == "193"
    assert rows["municipalities-in-several-regions"]["value"] == "4"
    # the surer parts of the 193, by how the region's member list is known (its br:confidence), from the tables
    by_level = {r.slug: r.confidence for r in programme.regions}

    def members(*levels: str) -> str:
        return str(len({m.code for m in programme.memberships if by_level[m.region] in levels}))
    assert rows["municipalities-from-facts-blocks"]["value"] == members("fakta")
    assert rows["municipalities-from-written-sources"]["value"] == members("fakta", "secondary")
    assert int(members("fakta")) < int(members("fakta", "secondary")) < 193
    assert rows["municipalities-2015"]["value"] == "428"
    assert rows["participation-share"]["value"] == "45.1"
    # beside it the share of the confirmed lists only (facts blocks and other written sources: a reporter quoting
    # the 45.1 % had been repeating the three unverified lists and the inferred one with it), not those whose phase 2
    # is inferred (their source describes phase 1: Ranaregionen)
    in_phase_2 = {r.slug for r in programme.regions if "describes phase 1" not in r.note}
    confirmed = len({m.code for m in programme.memberships
                     if by_level[m.region] in ("fakta", "secondary") and m.region in in_phase_2})
    assert rows["participation-share-confirmed"]["value"] == str(Decimal(100 * confirmed / 428).quantize(
        Decimal("0.1"))) == "39.7"
    assert int(rows["population-sum"]["value"]) == sum(r.population or 0 for r in programme.regions)
    per_county = [int(r["value"]) for k, r in rows.items() if k.startswith("regions-in-county/")]
    assert sum(per_county) == 33 and max(per_county) == 5  # Nordland
    for slug, row in rows.items():  # the query shown gives the figure shown, and nothing else
        answers = select(store, row["query"])
        assert len(answers) == 1 and Decimal(answers[0]["value"]) == Decimal(row["value"]), (slug, answers)
    assert rows["regions-in-county/nordland"]["value"] == "5"


def test_each_participation_share_says_which_member_lists_it_counts(store: ox.Store) -> None:
    """A data journalist's review: "40 % of Vest-Agder's municipalities took part" rested wholly on a list the data
    calls unconfirmed. The programme's share of all lists says that it counts the unverified and the inferred ones,
    the confirmed-only share stands beside it (a figure of its own), and the SPARQL example gives both per county."""
    said = {r["f"].rsplit("/figure/", 1)[-1]: r["how"] for r in select(store, """SELECT ?f ?how WHERE {
        <https://data.byregion.no/id/programme/byregionprogrammet> br:figure ?f .
        ?f <http://purl.org/dc/terms/description> ?how FILTER(LANG(?how) = "en") }""")}
    assert "br:unverified" in said["participation-share"] and "confirmed member lists only" in said[
        "participation-share"]
    assert "br:fakta or br:secondary" in said["participation-share-confirmed"]
    assert "phase 2 is inferred" in said["participation-share-confirmed"]
    example = next(e for e in EXAMPLES if e.slug == "county-participation-2015")
    rows = {r["countyName"]: r for r in select(store, example.query)}
    assert sum(int(r["taking"]) for r in rows.values()) == 193
    assert sum(int(r["takingConfirmed"]) for r in rows.values()) == 170  # Ranaregionen's phase 2 is inferred
    assert (rows["Nordland"]["taking"], rows["Nordland"]["takingConfirmed"]) == ("25", "21")
    vest_agder, buskerud = rows["Vest-Agder"], rows["Buskerud"]
    assert (vest_agder["percent"], vest_agder["percentConfirmed"]) == ("40", "0")  # Listerregionen: unverified
    assert (buskerud["percent"], buskerud["percentConfirmed"]) == ("33.3", "4.8")  # Hallingdal: unverified
    assert rows["Telemark"]["percentConfirmed"] == "100"
    assert "takingConfirmed" in example.question["en"] and "takingConfirmed" in example.question["nb"]


def test_a_figure_is_derived_from_the_dataset_its_query_runs_over(store: ox.Store) -> None:
    """Provenance as every other fact has it: each computed figure is derived from the dataset (the union of the
    named graphs its query runs over, as /sparql's does), one statement whatever the number of region pages; each
    figure the sources state, from the notes that state it."""
    derived = select(store, """SELECT ?f ?d ?q WHERE { ?f a br:ProgrammeFigure .
                                OPTIONAL { ?f <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }
                                OPTIONAL { ?f br:query ?q } }""")
    assert len(derived) >= 25
    assert {row.get("d") for row in derived if row.get("q")} == {f"{BASE}/dataset"}
    assert {row.get("d") for row in derived if not row.get("q")} == {f"{BASE}/id/source/programme-notes"}


def test_the_programmes_own_counts_are_numbers_a_query_gets(store: ox.Store) -> None:
    """37 city regions and 213 municipalities in phase 2 had been only in the programme's description (a data
    auditor's query found 33 and 193, the data's): they are figures as the notes state them, first on the page, and
    the data's own counts follow, saying they are the data's."""
    rows = select(store, """SELECT ?label ?n ?position WHERE {
        <https://data.byregion.no/id/programme/byregionprogrammet> br:figure ?f .
        ?f rdfs:label ?label ; <https://schema.org/value> ?n ; <https://schema.org/position> ?position
        FILTER(LANG(?label) = "en") } ORDER BY ?position""")
    stated = [(row["label"], int(row["n"])) for row in rows[:5]]
    assert stated == [("City regions in phase 1", 33), ("Counties in phase 1", 17), ("City regions in phase 2", 37),
                      ("Municipalities in phase 2", 213), ("Counties in phase 2", 16)]
    assert rows[5]["label"] == "City regions in the data" and int(rows[5]["n"]) == 33
    assert [int(row["position"]) for row in rows] == list(range(1, len(rows) + 1))


def test_each_of_the_programmes_own_numbers_has_its_source_or_says_none_is_known(store: ox.Store) -> None:
    """A data journalist's review: 37, 213, 16 counties, 87 MNOK and "over 220" traced only to the researchers'
    notes. The notes name no document (address, title or date) for any of them, so none has a dct:source: each says
    so, in its description and in a note in both languages, found by SPARQL, which names no invented document."""
    programme = "<https://data.byregion.no/id/programme/byregionprogrammet>"
    rows = select(store, f"""SELECT ?thing (SAMPLE(?source) AS ?src) (SAMPLE(?label) AS ?said) WHERE {{
        {{ {programme} br:figure ?thing FILTER NOT EXISTS {{ ?thing br:query ?q }} }}
        UNION {{ {programme} dqv:hasQualityAnnotation ?thing . ?thing br:conflictKind ?kind }}
        UNION {{ {programme} br:phase ?thing }}
        OPTIONAL {{ ?thing <http://purl.org/dc/terms/source> ?source }}
        OPTIONAL {{ ?thing dqv:hasQualityAnnotation ?note . ?note rdfs:label ?label FILTER(LANG(?label) = "en") }}
    }} GROUP BY ?thing""")
    assert len(rows) == 5 + 2 + 2  # the stated figures, the two disputed counts, the two phases
    for row in rows:
        assert row.get("src") or row.get("said") == "The programme's own figures have no known primary source", row
    note = "https://data.byregion.no/id/programme/byregionprogrammet/quality/primary-sources"
    said = {r["lang"]: r["text"] for r in select(store, f"""SELECT (LANG(?c) AS ?lang) ?text WHERE {{
        <{note}> rdfs:comment ?c BIND(STR(?c) AS ?text) }}""")}
    assert set(said) == {"nb", "en"} and "no address, title or date" in said["en"] and "87 million" in said["en"]
    assert select(store, f"""SELECT ?d WHERE {{ <{note}> <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }}""") == [
        {"d": f"{BASE}/id/source/programme-notes"}]
    figure = "<https://data.byregion.no/id/programme/byregionprogrammet/figure/phase-2-municipalities>"
    described = select(store, f"""SELECT ?how WHERE {{ {figure} <http://purl.org/dc/terms/description> ?how
        FILTER(LANG(?how) = "en") }}""")
    assert "no primary source is known here" in described[0]["how"]


def test_an_applicant_the_note_calls_not_stated_says_what_it_is_inferred_from(store: ox.Store) -> None:
    """Kongsvingerregionen's note says only "the applicant is not stated", yet Kongsvinger is its applicant
    (br:inferred), where Lister's, Hallingdal's and Sunnfjord's notes say "from the page address". The basis is in the
    table's sources: the region's page at Distriktssenteret is addressed by Kongsvinger's name, as the page of every
    region whose facts block names its applicant is (15 of 15): a note says so, on the region and on the applicant's
    membership, derived from the row. No other region's applicant needs one."""
    region = "https://data.byregion.no/id/region/kongsvingerregionen"
    rows = select(store, """SELECT ?note ?comment ?on WHERE { ?on dqv:hasQualityAnnotation ?note .
        ?note rdfs:comment ?comment FILTER(LANG(?comment) = "en")
        FILTER(STRENDS(STR(?note), "/quality/applicant")) }""")
    assert {r["on"] for r in rows} == {region, f"{region}/membership/kongsvinger"}
    comment = rows[0]["comment"]
    assert "https://distriktssenteret.no/artikkel/kongsvinger/" in comment and "15 of the 15 regions" in comment
    assert select(store, f"""SELECT ?level WHERE {{ <{region}> br:applicantConfidence ?level }}""") == [
        {"level": str(BR.inferred)}]


def test_an_applicant_not_stated_with_no_basis_stops_the_build() -> None:
    """Treated as Midt-Telemark's would be: an applicant the note calls "not stated", with no word of how it is known
    and no source address named after it, is no inference; the build names the row rather than publish it."""
    regions = ("slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note\n"
               "gamle,Gamle,08,,,2,unverified,https://example.org/gamle,The applicant is not stated.\n")
    memberships = ("region,municipality_code_2015,municipality_name,role\n"
                   "gamle,0807,Notodden,applicant\ngamle,0822,Sauherad,partner\n")
    reference = Graph().parse(REPO_ROOT / "tests" / "fixtures" / "site" / "data" / "reference" / "norway.ttl")
    _graph, problems = programme_graph(parse(regions, memberships), reference)
    assert problems == ["regions.csv, line 2: the note says the applicant of gamle is not stated, and neither the note "
                        "nor the address of a source says how it is known: say how in the note, or make it a partner "
                        "and say that the applicant is not known"]


def test_the_imported_pages_text_is_said_to_be_distriktssenterets_with_its_licence_unverified(store: ox.Store) -> None:
    """The source document's page carried only the dataset's NLOD 2.0, as if Distriktssenteret's text were ours to
    license (a data journalist's review): the data says whose the text is and that its licence is not verified."""
    source = "https://data.byregion.no/id/source/notodden"
    rows = select(store, f"""SELECT ?holder ?rights (LANG(?c) AS ?lang) (STR(?c) AS ?text) WHERE {{
        <{source}> <http://purl.org/dc/terms/rightsHolder> ?holder ; <http://purl.org/dc/terms/rights> ?rights .
        ?rights a <http://purl.org/dc/terms/RightsStatement> ; rdfs:comment ?c }}""")
    assert {r["holder"] for r in rows} == {"https://data.byregion.no/id/organisation/distriktssenteret"}
    said = {r["lang"]: r["text"] for r in rows}
    assert "Its licence has not been verified" in said["en"] and "er ikke verifisert" in said["nb"]
    assert select(store, f"SELECT ?l WHERE {{ <{source}> <http://purl.org/dc/terms/license> ?l }}") == []


# ------------------------------------------------------------------- the page wins; the build checks

def repo_copy(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(REPO_ROOT / folder, repo / folder)
    return repo


def test_notoddens_page_and_table_agree_and_the_page_wins(dataset: Dataset) -> None:
    table = dataset.graph(uris.graph(PROGRAMME_REGIONS))
    notodden = uris.region("notodden")
    assert (notodden, BR.confidence, BR.fakta) in table
    assert (notodden, BR.membership, None) not in table  # the page's memberships stand
    assert (notodden, BR.population, None) not in table
    assert (notodden, SKOS.prefLabel, None) not in table


@pytest.mark.slow  # copies and loads all of the repository's data
@pytest.mark.parametrize(("old", "new", "said"), [
    ("notodden,0826,Tinn,partner", "notodden,0826,Tinn,applicant",
     "memberships.csv, line 5: Tinn (applicant) of notodden is not a member with that role on the region's page"),
    ("notodden,0604,Kongsberg,partner", "notodden,0602,Drammen,partner",
     "memberships.csv, line 3: Drammen (partner) of notodden is not a member"),
])
def test_changing_a_notodden_row_breaks_the_agreement_check(tmp_path: Path, old: str, new: str, said: str) -> None:
    repo = repo_copy(tmp_path)
    table = repo / "data" / "programme" / "memberships.csv"
    text = table.read_text(encoding="utf-8")
    assert old in text
    table.write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_dataset(repo)
    assert said in str(caught.value)


def _with_regions_edited(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the repository whose regions.csv has ``old`` written as ``new``."""
    repo = repo_copy(tmp_path)
    table = repo / "data" / "programme" / "regions.csv"
    text = table.read_text(encoding="utf-8")
    assert old in text
    table.write_text(text.replace(old, new), encoding="utf-8")
    return repo


@pytest.mark.slow  # copies and loads all of the repository's data
def test_changing_notoddens_population_breaks_the_agreement_check(tmp_path: Path) -> None:
    repo = _with_regions_edited(tmp_path, "notodden,Notodden,08,54165,", "notodden,Notodden,08,54166,")
    with pytest.raises(Disagreement, match="population_2015 54166 of notodden differs from the page's 54165"):
        load_dataset(repo)
    validated = subprocess.run([sys.executable, "-m", "byregion", "validate", "--repo", str(repo)],
                               capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert validated.returncode == 1, validated.stderr  # data that disagree, as a violation: no file unreadable
    assert "differs from the page's 54165" in validated.stderr


def test_a_name_the_table_gives_otherwise_than_the_page_is_a_disagreement_naming_the_row(dataset: Dataset) -> None:
    """The page's name is the region's skos:prefLabel, while the table's is the one the labels of its phases, notes,
    figures and conflicts are written with ("Notodden Region i fase 1", "Sauherad var også med i Notodden Region"):
    a name corrected in the table alone stops the build, as a member or a figure does."""
    regions = (PROGRAMME_DIR / "regions.csv").read_text(encoding="utf-8")
    memberships = (PROGRAMME_DIR / "memberships.csv").read_text(encoding="utf-8")
    page = dataset.graph(uris.graph("region/notodden"))
    reference = dataset.graph(uris.graph("reference"))
    assert disagreements(parse(regions, memberships), "notodden", page, reference) == []
    renamed = parse(regions.replace("notodden,Notodden,08,", "notodden,Notodden Region,08,"), memberships)
    assert disagreements(renamed, "notodden", page, reference) == [
        "regions.csv, line 2: name 'Notodden Region' of notodden differs from the page's 'Notodden'"]


@pytest.mark.slow  # copies and loads all of the repository's data
def test_renaming_notodden_in_the_table_alone_is_refused(tmp_path: Path) -> None:
    repo = _with_regions_edited(tmp_path, "notodden,Notodden,08,", "notodden,Notodden Region,08,")
    with pytest.raises(Disagreement) as caught:
        load_dataset(repo)
    assert "regions.csv, line 2: name 'Notodden Region' of notodden differs from the page's 'Notodden'" \
        in str(caught.value)


def test_adding_a_page_later_adds_to_the_same_iri_and_changes_no_other_region(dataset: Dataset) -> None:
    programme = read(PROGRAMME_DIR)
    reference = dataset.graph(uris.graph("reference"))
    page = dataset.graph(uris.graph("region/notodden"))
    without, _ = programme_graph(programme, reference)
    with_page, _ = programme_graph(programme, reference, {"notodden": page})
    notodden = str(uris.region("notodden"))

    def others(graph: Graph) -> set[tuple[object, object, object]]:
        return {t for t in graph if not str(t[0]).startswith(notodden) and not str(t[2]).startswith(notodden)}
    assert others(without) == others(with_page)
    table_memberships = set(without.objects(uris.region("notodden"), BR.membership))
    page_memberships = set(page.objects(uris.region("notodden"), BR.membership))
    assert table_memberships == page_memberships  # one IRI per membership, whichever source gives it


def test_a_page_keeps_the_tables_row_beside_its_own_sentence_for_each_member_and_figure(dataset: Dataset) -> None:
    """An importer's review: adding a page to a region the table had published took the table's row away from each
    membership and figure (``…/source/row`` answered 410 Gone); the row stays, as a second source beside the page's
    sentence, at ``…/table`` (the page's own is ``…/source``)."""
    programme, reference = read(PROGRAMME_DIR), dataset.graph(uris.graph("reference"))
    page = dataset.graph(uris.graph("region/notodden"))
    without, _ = programme_graph(programme, reference)
    with_page, _ = programme_graph(programme, reference, {"notodden": page})
    notodden = uris.region("notodden")
    items = [*without.objects(notodden, BR.membership), *without.objects(notodden, BR.population),
             *without.objects(notodden, BR.area)]
    assert len(items) == 8
    for item in items:
        row = without.value(URIRef(f"{item}/source/row"), RDF.value)
        assert row is not None and with_page.value(URIRef(f"{item}/table/row"), RDF.value) == row, item
        assert (item, PROV.wasDerivedFrom, URIRef(f"{item}/table")) in with_page
        assert (URIRef(f"{item}/table"), OA.hasSource, without.value(URIRef(f"{item}/source"), OA.hasSource)) \
            in with_page
        assert (item, PROV.wasDerivedFrom, URIRef(f"{item}/source")) in page  # the page's sentence, as before


def test_a_page_cut_off_inside_its_member_list_takes_the_rest_and_the_date_from_the_table(dataset: Dataset) -> None:
    """An importer's review: a page cut off inside its member list imports (``br:memberListIncomplete``), but the
    build refused it, reading the cut list as the whole and asking to delete true members from the table. The
    members the page does not reach are the table's, with the table's IRIs and rows, and so is the reference date
    the page never got to; a page that is not cut and lacks a member is still a disagreement."""
    programme, reference = read(PROGRAMME_DIR), dataset.graph(uris.graph("reference"))
    notodden = uris.region("notodden")
    cut = Graph()
    for triple in dataset.graph(uris.graph("region/notodden")):
        cut.add(triple)
    gone = [m for m in cut.objects(notodden, BR.membership) if str(m).rsplit("/", 1)[1] in ("tinn", "hjartdal",
                                                                                           "seljord")]
    for triple in list(cut):
        if triple[0] in gone or triple[2] in gone or any(str(triple[0]).startswith(f"{m}/") for m in gone) \
                or triple[1] == BR.referenceDate:
            cut.remove(triple)
    assert disagreements(programme, "notodden", cut, reference) != []  # not marked as cut: a true difference
    cut.add((notodden, BR.memberListIncomplete, Literal(True)))
    assert disagreements(programme, "notodden", cut, reference) == []
    made, problems = programme_graph(programme, reference, {"notodden": cut})
    assert problems == []
    assert set(made.objects(notodden, BR.membership)) == set(gone)  # the table's IRIs for the same memberships
    assert {str(made.value(m, RDF.value)) for m in (URIRef(f"{g}/source/row") for g in gone)} == {
        "row=5", "row=6", "row=7"}
    assert made.value(notodden, BR.referenceDate) == Literal("2015-01-01", datatype=XSD.date)
    # a row of those whose number no municipality had is a problem, as for a region without a page (a review: the
    # member had gone with no word)
    broken = parse((PROGRAMME_DIR / "regions.csv").read_text(encoding="utf-8"),
                   (PROGRAMME_DIR / "memberships.csv").read_text(encoding="utf-8").replace("notodden,0826,Tinn",
                                                                                          "notodden,0899,Tinn"))
    assert programme_graph(broken, reference, {"notodden": cut})[1] == [
        "memberships.csv, line 5: no municipality had the number 0899 on 2015-01-01 (Tinn)"]
    # a whole page without its date (its facts unread) takes none: its members are the page's, not the table's
    whole = Graph()
    for triple in dataset.graph(uris.graph("region/notodden")):
        if triple[1] != BR.referenceDate:
            whole.add(triple)
    assert programme_graph(programme, reference, {"notodden": whole})[0].value(notodden, BR.referenceDate) is None


def test_a_region_without_a_page_is_named_and_dated_and_a_count_of_its_listed_members_is_no_count(
        dataset: Dataset) -> None:
    table = dataset.graph(uris.graph(PROGRAMME_REGIONS))
    tonsberg = uris.region("tonsberg")
    assert Literal("Tønsberg", lang="nb") in set(table.objects(tonsberg, SKOS.prefLabel))
    assert (tonsberg, BR.confidence, BR.countOnly) in table
    # the table's 1 counts its one listed member; the notes' smallest region had 2: the count is not known
    assert (tonsberg, BR.memberCount, None) not in table
    conflict = str(tonsberg) + "/conflict/member-count"
    assert any(dataset.quads((tonsberg, DQV.hasQualityAnnotation, URIRef(conflict), None)))
    assert any(dataset.quads((URIRef(conflict), BR.conflictKind, BR.countDisputed, None)))
    assert (tonsberg, BR.sourceDocument, None) not in table
    assert (tonsberg, BR.county, uris.county("vestfold")) in table
    assert (tonsberg, BR.referenceDate, None) in table


def test_table_sources_are_source_documents_with_checksums(dataset: Dataset) -> None:
    import hashlib
    table = dataset.graph(uris.graph(PROGRAMME_REGIONS))
    for name, slug in (("regions.csv", "programme-regions"), ("memberships.csv", "programme-memberships")):
        node = uris.source(slug)
        assert (node, RDF.type, BR.SourceDocument) in table
        digest = hashlib.sha256((PROGRAMME_DIR / name).read_bytes()).hexdigest()
        assert (node, BR.sha256, Literal(digest)) in table


@pytest.mark.slow  # copies and loads all of the repository's data
def test_a_table_region_missing_from_the_reference_data_is_refused(tmp_path: Path) -> None:
    repo = repo_copy(tmp_path)
    table = repo / "data" / "programme" / "memberships.csv"
    table.write_text(table.read_text(encoding="utf-8").replace("grenland,0811,Siljan,partner",
                                                                "grenland,0899,Siljan,partner"), encoding="utf-8")
    with pytest.raises(InputError, match=r"memberships.csv, line \d+: no municipality had the number 0899 on 20"):
        load_dataset(repo)


@pytest.mark.parametrize(("old", "new", "said"), [
    ("grenland,0811,Siljan,partner", "grenland,0819,Siljan,partner",  # Nome's number: Siljan had been lost
     "0819 was Nome on 2015-01-01, not Siljan (Siljan had 0811)"),
    ("grenland,0811,Siljan,partner", "grenland,0811,Nes,partner",
     "0811 was Siljan on 2015-01-01, not Nes (Nes had 0236 and 0616)"),
    ("grenland,0811,Siljan,partner", "grenland,0811,Siljen,partner",
     "0811 was Siljan on 2015-01-01, not Siljen (no municipality was called Siljen on 2015-01-01)"),
])
def test_a_member_whose_name_is_not_its_numbers_on_2015_01_01_is_refused(dataset: Dataset, old: str, new: str,
                                                                          said: str) -> None:
    memberships = (PROGRAMME_DIR / "memberships.csv").read_text(encoding="utf-8")
    assert old in memberships
    line = memberships.splitlines().index(old) + 1
    table = parse((PROGRAMME_DIR / "regions.csv").read_text(encoding="utf-8"), memberships.replace(old, new))
    _, problems = programme_graph(table, dataset.graph(uris.graph("reference")))
    assert problems == [f"memberships.csv, line {line}, column 'municipality_name': {said}; "
                        "correct the number or the name"]


def test_every_members_name_is_one_its_municipality_had_on_2015_01_01_as_written_or_in_part(dataset: Dataset) -> None:
    """"Nes" for Nes (Buskerud), "Lavangen" for Loabák - Lavangen: the forms the table uses are names."""
    _, problems = programme_graph(read(PROGRAMME_DIR), dataset.graph(uris.graph("reference")))
    assert problems == []
    assert {"Nes", "Lavangen"} <= {m.name for m in read(PROGRAMME_DIR).memberships}


def test_member_iri_of_every_membership_is_a_reference_municipality(dataset: Dataset) -> None:
    reference = dataset.graph(uris.graph("reference"))
    table = dataset.graph(uris.graph(PROGRAMME_REGIONS))
    for member in table.objects(None, ORG.member):
        assert (member, RDF.type, BR.Municipality) in reference, member
    assert isinstance(next(iter(table.objects(None, ORG.member))), URIRef)


def test_the_phases_are_dated_no_more_precisely_than_the_sources_date_them() -> None:
    """The research tables say phase 1 ran "spring 2014 – summer 2015": years, with the seasons in the labels, not
    months the sources do not give (it was 2014-03 and 2015-08)."""
    graph = Graph().parse(REPO_ROOT / "data/programme.ttl", format="turtle")
    schema = "https://schema.org/"
    dates = [o for p in ("startDate", "endDate") for s in graph.subjects(RDF.type, BR.ProgrammePhase)
             for o in graph.objects(s, URIRef(schema + p))]
    assert len(dates) == 4
    assert all(isinstance(d, Literal) and str(d.datatype).endswith("#gYear") for d in dates), dates


def test_the_programme_and_its_phases_give_each_count_of_the_notes_for_the_phase_it_is_of() -> None:
    """Every number of the notes' "Programme facts" is in the hand-written texts of the programme or its phases,
    in both languages; 37 regions and 213 municipalities are phase 2's (the description had given them as the
    whole programme's, 2014–2018, where Moss and Ullensaker of phase 1 make more)."""
    graph = Graph().parse(REPO_ROOT / "data/programme.ttl", format="turtle")
    notes = (PROGRAMME_DIR / "README.md").read_text(encoding="utf-8")
    facts = notes[notes.index("## Programme facts"):]
    facts = facts[:facts.index("\n## ")] if "\n## " in facts else facts
    counts = {n for n in re.findall(r"\b\d+\b", facts) if not n.startswith("20")}  # not a year
    assert {"33", "17", "37", "213", "16", "87"} <= counts
    programme = uris.thing("programme", "byregionprogrammet")
    for lang in ("nb", "en"):
        texts = [str(o) for s in (programme, *graph.objects(programme, BR.phase))
                 for p in (DCTERMS.description, RDFS.comment) for o in graph.objects(s, p)
                 if getattr(o, "language", None) == lang]
        missing = {n for n in counts - {"2", "13"}  # the smallest and largest region's sizes, the regions' own
                   if not any(re.search(rf"\b{n}\b", text) for text in texts)}
        assert not missing, (lang, missing)
        description = str(next(o for o in graph.objects(programme, DCTERMS.description) if o.language == lang))
        assert re.search(r"213 (kommuner|municipalities) (i|in) (fase|phase) 2", description), description


NOTES = """# Notes

## Programme facts (same sources)
Owner: KMD. Phase 2: 2015–2018, 37 regions.

## Later
Other things.
"""


def test_the_programmes_own_facts_are_derived_from_the_notes_section_that_states_them() -> None:
    """data/programme.ttl's programme and its organisations point into the notes' "Programme facts" section by
    code-point offsets and line, as a region page's statements point into the page; a thing the hand-written
    graph does not describe gets no provenance."""
    described = Graph()
    programme_node = uris.thing("programme", "byregionprogrammet")
    described.add((programme_node, RDF.type, BR.Programme))
    described.add((uris.thing("organisation", "kmd"), RDF.type, ORG.FormalOrganization))
    graph, problems = notes_graph(NOTES, "ab" * 32, described)
    assert problems == []
    notes = uris.source("programme-notes")
    assert (notes, RDF.type, BR.SourceDocument) in graph and (notes, BR.sha256, Literal("ab" * 32)) in graph
    # an organisation is derived from the passage; the programme, an activity, has it as its source (PROV-O says
    # prov:wasDerivedFrom of entities only, and no entity is an activity)
    assert {s for s, _ in graph.subject_objects(PROV.wasDerivedFrom)} == {uris.thing("organisation", "kmd")}
    assert graph.value(programme_node, DCTERMS.source) == URIRef(f"{programme_node}/source")
    assert graph.value(URIRef(f"{programme_node}/source"), OA.hasSource) == notes  # no phases, no Distriktssenteret
    position = URIRef(f"{programme_node}/source/position")
    start, end = int(graph.value(position, OA.start)), int(graph.value(position, OA.end))
    assert NOTES[start:end] == "## Programme facts (same sources)\nOwner: KMD. Phase 2: 2015–2018, 37 regions."
    assert graph.value(position, BR.line) == Literal(3)


def test_notes_without_the_programme_facts_section_are_refused_saying_what_cites_it() -> None:
    graph, problems = notes_graph("# Notes\n\nNothing on the programme.\n", "ab" * 32, Graph())
    assert problems == ["README.md has no section '## Programme facts': the programme's own facts "
                        "(data/programme.ttl) cite it as their source"]
    assert list(graph.subject_objects(PROV.wasDerivedFrom)) == []


def test_the_confidence_levels_of_the_tables_pages_sort_as_the_ontology_lists_them() -> None:
    """A confidence column of /doc/memberships and /doc/regions sorts most sure first:
    :data:`byregion.programme.lists.LEVELS` is the ontology's ``br:ConfidenceLevel`` ``owl:oneOf``, by notation, in
    its order."""
    graph = Graph().parse(REPO_ROOT / "ontology" / "byregion.ttl")
    members = graph.value(BR.ConfidenceLevel, OWL.oneOf)
    assert members is not None
    assert tuple(str(graph.value(level, SKOS.notation)) for level in Collection(graph, members)) == lists.LEVELS
