"""The boundary periods and their units, read from the committed files and tied to our IRIs."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import SKOS

from byregion import REPO_ROOT, uris
from byregion.geo import boundaries as b
from byregion.namespaces import BR, SCHEMA

pytestmark = pytest.mark.fast

GEO = REPO_ROOT / b.GEO_DIR
D = dt.date.fromisoformat


def test_three_boundary_periods_follow_each_other(periods: list[b.BoundaryPeriod]) -> None:
    assert [(p.key, p.valid_from, p.valid_through) for p in periods] == [
        ("2019", None, D("2019-12-31")), ("2020", D("2020-01-01"), D("2023-12-31")), ("2024", D("2024-01-01"), None)]
    assert [p.key for p in periods if p.covers(D("2015-01-01"))] == ["2019"]
    assert [p.key for p in periods if p.covers(D("2023-12-31"))] == ["2020"]


def test_every_file_is_read_whole(units: list[b.Unit]) -> None:
    counts: dict[tuple[str, str], int] = {}
    for unit in units:
        counts[unit.period.key, unit.kind] = counts.get((unit.period.key, unit.kind), 0) + 1
    assert counts == {("2019", "municipality"): 422, ("2019", "county"): 18, ("2020", "municipality"): 356,
                      ("2020", "county"): 11, ("2024", "municipality"): 357, ("2024", "county"): 15}
    notodden = {u.period.key: (u.code, u.name) for u in units if u.kind == "municipality" and u.name == "Notodden"}
    assert notodden == {"2019": ("0807", "Notodden"), "2020": ("3808", "Notodden"), "2024": ("4005", "Notodden")}


def test_committed_files_are_the_ones_sources_md_names() -> None:
    """SOURCES.md gives the SHA-256 of every file; a changed file must change its record too."""
    recorded = dict(re.findall(r"\| `([a-z]+-\d{4}\.geojson)` \|.*\| `([0-9a-f]{64})` \|",
                               (GEO / "SOURCES.md").read_text(encoding="utf-8")))
    files = {p.name for p in GEO.glob("*.geojson")}
    assert set(recorded) == files and len(files) == 6
    for name, digest in recorded.items():
        assert hashlib.sha256((GEO / name).read_bytes()).hexdigest() == digest, name


@pytest.mark.slow  # parses the whole reference graph (about a second)
def test_every_unit_is_tied_to_the_iri_that_held_its_code(units: list[b.Unit]) -> None:
    graph = Graph().parse(REPO_ROOT / "data" / "reference" / "norway.ttl")
    placed, unplaced = b.place(units, b.numbers(graph))
    assert unplaced == [] and len(placed) == len(units)
    by = {(p.unit.period.key, p.unit.kind, p.unit.code): p for p in placed}
    notodden = uris.municipality("notodden")
    assert {by[k].thing for k in [("2019", "municipality", "0807"), ("2020", "municipality", "3808"),
                                  ("2024", "municipality", "4005")]} == {notodden}
    # Trondheim was 1601 until 2017: its 2019 polygon (code 5001) stands for 2015 too
    assert by["2019", "municipality", "5001"].valid_on(D("2015-01-01"))
    # Sandefjord 0710 began in 2017: the 2019 file's polygon is not the 2015 one
    sandefjord = by["2019", "municipality", "0710"]
    assert (sandefjord.valid_from, sandefjord.valid_through) == (D("2017-01-01"), D("2019-12-31"))
    # Telemark 08 until 2019, then 40 from 2024: one IRI, two geometries, nothing for 2020–2023
    telemark = [p for p in placed if p.thing == uris.county("telemark")]
    assert sorted((p.unit.code, p.valid_from, p.valid_through) for p in telemark) == [
        ("08", None, D("2019-12-31")), ("40", D("2024-01-01"), None)]
    assert uris.county("telemark") not in b.on(placed, D("2021-06-01"))


def _numbers(*rows: tuple[str, str, str | None, str | None]) -> list[b.Numbered]:
    graph = Graph()
    for slug, code, start, end in rows:
        thing, number = uris.municipality(slug), uris.thing("municipality", slug, "number", code)
        graph.add((thing, BR.municipalityNumber, number))
        graph.add((number, SKOS.notation, Literal(code)))
        for predicate, day in ((SCHEMA.validFrom, start), (SCHEMA.validThrough, end)):
            if day:
                graph.add((number, predicate, Literal(dt.date.fromisoformat(day))))
    return b.numbers(graph)


def test_a_unit_is_placed_by_the_code_held_on_the_periods_day(units: list[b.Unit]) -> None:
    held = _numbers(("old", "0807", None, "2018-12-31"), ("notodden", "0807", "2019-01-01", "2019-12-31"),
                    ("notodden", "3808", "2020-01-01", None))
    notodden = [u for u in units if u.name == "Notodden" and u.kind == "municipality"]
    placed, unplaced = b.place(notodden, held)
    assert {p.unit.period.key: str(p.thing).rsplit("/", 1)[1] for p in placed} == {"2019": "notodden",
                                                                                   "2020": "notodden"}
    assert [u.period.key for u in unplaced] == ["2024"]  # nobody held 4005: named in the build's warning
    assert "2024 municipality 4005 Notodden" in b.unplaced_message(unplaced)
    first = next(p for p in placed if p.unit.period.key == "2019")
    assert (first.valid_from, first.valid_through) == (D("2019-01-01"), D("2019-12-31"))


PERIODS_HEADER = ",".join(b.PERIOD_COLUMNS)


@pytest.mark.parametrize(("rows", "message"), [
    ("a,,2019-12-31,2020-01-01,k.geojson,f.geojson", "line 2, column 'codes_on': 2020-01-01 is outside the period"),
    ("a,,2019-12-31,,k.geojson,f.geojson", "line 2, column 'codes_on': empty"),
    ("a,,2019-13-31,2019-01-01,k.geojson,f.geojson", "column 'valid_through': '2019-13-31' is not a date"),
    ("a,,2019-12-31,2019-01-01,k.geojson,f.geojson\nb,2019-06-01,,2020-01-01,k.geojson,f.geojson",
     "periods a and b overlap"),
    ("a,,2019-12-31,2019-01-01,,f.geojson", "both file names are required"),
])
def test_a_period_table_that_cannot_be_used_is_refused_with_where_and_what(rows: str, message: str) -> None:
    with pytest.raises(b.BoundaryDataError, match=re.escape(message)):
        b.parse_periods(f"{PERIODS_HEADER}\n{rows}\n", "periods.csv")


def test_a_period_table_with_other_columns_is_refused() -> None:
    with pytest.raises(b.BoundaryDataError, match="columns counties are missing"):
        b.parse_periods("period,valid_from,valid_through,codes_on,municipalities\n", "periods.csv")


SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
BOWTIE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}


def _feature(code: object, name: str = "X", geometry: object = SQUARE) -> dict[str, object]:
    return {"type": "Feature", "properties": {"kommunenummer": code, "kommunenavn": name}, "geometry": geometry}


@pytest.mark.parametrize(("features", "message"), [
    ([_feature(807)], "feature 1 (kommunenummer '807'): needs a 4-digit string kommunenummer"),
    ([_feature("0807", "")], "needs a 4-digit string kommunenummer (leading zero kept) and a kommunenavn"),
    ([_feature("0807", geometry=BOWTIE)], "Self-intersection"),
    ([_feature("0807", geometry={"type": "Point", "coordinates": [0, 0]})], "must be a valid, non-empty Polygon"),
    ([_feature("0807"), _feature("0807")], "feature 2 (kommunenummer '0807'): the code is there twice"),
])
def test_a_boundary_file_that_cannot_be_used_is_refused_naming_the_feature(
        periods: list[b.BoundaryPeriod], features: list[object], message: str) -> None:
    with pytest.raises(b.BoundaryDataError, match=re.escape(message)):
        b.parse_units({"type": "FeatureCollection", "features": features}, "municipality", periods[0], "k.geojson")


def test_a_period_whose_file_is_missing_names_it(tmp_path: Path, periods: list[b.BoundaryPeriod]) -> None:
    with pytest.raises(b.BoundaryDataError, match=r"period 2019: data/reference/geo/kommuner-2019.geojson does not"):
        b.load_units(tmp_path, periods[:1])
    assert b.load_periods(tmp_path) == []  # a repository without boundaries has no periods


def test_units_compare_by_period_kind_and_code(units: list[b.Unit]) -> None:
    assert len({u.key for u in units}) == len(units)
