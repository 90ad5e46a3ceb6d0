"""Neighbours, counties and outlines decided from the committed (simplified) boundaries."""

from __future__ import annotations

import datetime as dt

import pytest
import shapely
from shapely.geometry import Polygon, box

from byregion.dcat import places
from byregion.geo import boundaries as b
from byregion.geo import topology as t

pytestmark = pytest.mark.fast

PERIOD = b.BoundaryPeriod("test", None, None, dt.date(2019, 1, 1), {"municipality": "k", "county": "f"})
DEG_PER_M = 1 / 111_000  # about, in latitude


@pytest.fixture(scope="module")
def contacts(units: list[b.Unit]) -> list[t.Border]:
    return t.contacts(units)


@pytest.fixture(scope="module")
def neighbours(contacts: list[t.Border]) -> dict[b.UnitKey, list[b.Unit]]:
    return t.neighbours(c for c in contacts if c.length_m >= t.MIN_SHARED_BORDER_M)


def _names(neighbours: dict[b.UnitKey, list[b.Unit]], period: str, code: str) -> set[str]:
    return {u.name for u in neighbours[period, "municipality", code]}


def test_notodden_borders_sauherad_until_2019_and_midt_telemark_after(
        neighbours: dict[b.UnitKey, list[b.Unit]]) -> None:
    assert _names(neighbours, "2019", "0807") == {"Kongsberg", "Flesberg", "Bø (Telemark)", "Sauherad", "Tinn",
                                                 "Hjartdal", "Seljord"}
    assert _names(neighbours, "2020", "3808") == {"Kongsberg", "Flesberg", "Midt-Telemark", "Tinn", "Hjartdal",
                                                 "Seljord"}
    assert "Midt-Telemark" in _names(neighbours, "2024", "4005")


def test_kongsberg_borders_notodden_in_every_period(neighbours: dict[b.UnitKey, list[b.Unit]]) -> None:
    for period, kongsberg in (("2019", "0604"), ("2020", "3006"), ("2024", "3303")):
        assert "Notodden" in _names(neighbours, period, kongsberg)


def test_bordering_is_symmetric_and_within_one_period(neighbours: dict[b.UnitKey, list[b.Unit]]) -> None:
    assert sum(len(v) for v in neighbours.values()) > 4000
    for key, others in neighbours.items():
        assert all(u.period.key == key[0] and u.kind == "municipality" for u in others)
        assert all(key in [o.key for o in neighbours[u.key]] for u in others), key


def test_the_threshold_sits_in_a_wide_gap_between_point_contacts_and_borders(contacts: list[t.Border]) -> None:
    """Point contacts measure about twice the tolerance (a crossing at a slant a little more); the
    shortest real shared border is much longer. If new files close the gap, the threshold must be
    looked at again."""
    below = [c.length_m for c in contacts if c.length_m < t.MIN_SHARED_BORDER_M]
    above = [c.length_m for c in contacts if c.length_m >= t.MIN_SHARED_BORDER_M]
    assert below and max(below) < t.MIN_SHARED_BORDER_M / 2
    assert min(above) > t.MIN_SHARED_BORDER_M * 1.5


def _unit(code: str, geometry: Polygon, kind: b.Kind = "municipality") -> b.Unit:
    return b.Unit(kind, code, code, PERIOD, geometry)


@pytest.mark.parametrize(("other", "borders"), [
    (box(1, 0, 2, 1), True),                                    # a whole side in common
    (box(1 + 1 * DEG_PER_M, 0, 2, 1), True),                    # a 1 m sliver between: still a border
    (box(1 + 20 * DEG_PER_M, 0, 2, 1), False),                  # 20 m of sea between
    (box(1, 1, 2, 2), False),                                   # a corner only
    (Polygon([(1, 0.5), (2, 0.4), (2, 0.6)]), False),           # a tip touching the side
])
def test_a_shared_side_is_a_border_and_a_point_or_a_gap_is_not(other: Polygon, borders: bool) -> None:
    assert bool(t.borders([_unit("0001", box(0, 0, 1, 1)), _unit("0002", other)])) is borders


def test_every_municipality_lies_in_the_county_of_its_code(units: list[b.Unit]) -> None:
    """Containment is decided by area; the files' codes (fylkesnummer = the first two digits) agree."""
    county = t.counties(units)
    municipalities = [u for u in units if u.kind == "municipality"]
    assert len(county) == len(municipalities)
    assert all(county[m.key].code == m.code[:2] and county[m.key].period == m.period for m in municipalities)


def test_a_municipality_no_county_covers_is_named() -> None:
    units = [_unit("0001", box(0, 0, 1, 1)), _unit("01", box(0.6, 0, 2, 1), "county")]
    with pytest.raises(ValueError, match="no county covers half of municipality 0001"):
        t.counties(units)
    assert t.counties(units, missing_ok=True) == {}  # a selection of units: left out


def test_a_regions_outline_is_one_polygon_holding_every_members_centroid(units: list[b.Unit]) -> None:
    members = [u for u in units if u.period.key == "2019" and u.code in {"0604", "0807", "0821", "0822", "0826",
                                                                         "0827", "0828"}]
    outline = t.union(u.geometry for u in members)
    assert isinstance(outline, Polygon) and outline.exterior.is_ccw  # RFC 7946 right-hand rule
    assert outline.area == pytest.approx(sum(u.geometry.area for u in members), rel=1e-9)
    for member in members:
        lon, lat = places.centroid([shapely.geometry.mapping(member.geometry)])
        assert outline.contains(shapely.Point(lon, lat)), member.name


def test_an_outline_of_nothing_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one polygon"):
        t.union([])


def test_fitted_units_are_one_coverage_whose_counties_are_their_municipalities_union() -> None:
    """Two municipalities that overlap by a sliver: the one of the higher code gives it up, so they touch; the
    county, drawn apart from them (a little off), becomes their union, so each lies within it."""
    west = b.Unit("municipality", "0101", "Vest", PERIOD, box(0, 0, 1.0001, 1))
    east = b.Unit("municipality", "0102", "Øst", PERIOD, box(1, 0, 2, 1))
    county = b.Unit("county", "01", "Fylket", PERIOD, box(0.001, 0.001, 2.002, 0.999))
    assert shapely.overlaps(west.geometry, east.geometry) and not shapely.within(west.geometry, county.geometry)
    fitted = t.fitted([county, west, east])
    assert [u.key for u in fitted] == [county.key, west.key, east.key]  # the same units, in the same order
    county2, west2, east2 = (u.geometry for u in fitted)
    assert west2.equals(west.geometry) and shapely.touches(west2, east2)
    assert east2.equals(box(1.0001, 0, 2, 1))
    assert county2.equals(shapely.union(west2, east2))
    assert shapely.within(west2, county2) and shapely.within(east2, county2)


def test_the_repository_files_fitted_bear_out_within_and_touches(units: list[b.Unit]) -> None:
    """Every municipality of every period lies within its county's fitted geometry, and no two overlap."""
    fitted = t.fitted(units)
    shapes = {u.key: u.geometry for u in fitted}
    inside = t.counties(fitted)
    assert len(inside) == 422 + 356 + 357
    assert all(shapely.within(shapes[m], shapes[c.key]) for m, c in inside.items())
    assert not [border for border in t.contacts(fitted) if shapely.overlaps(border.a.geometry, border.b.geometry)]
