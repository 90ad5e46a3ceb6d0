"""The published boundaries are fitted once per build (byregion/geo/published.py): the geometry graph, the
catalogue's places and the maps get the same units, made once, and made again when a boundary file changes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from byregion.geo import boundaries, published, topology
from byregion.geo.boundaries import GEO_DIR

pytestmark = pytest.mark.fast

SITE = Path(__file__).resolve().parents[1] / "fixtures" / "site"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(SITE / GEO_DIR, tmp_path / GEO_DIR)
    return tmp_path


def test_the_units_are_the_fitted_units_made_once_while_the_files_stay(repo: Path) -> None:
    periods, units = published.units(repo)
    expected = topology.fitted(boundaries.load_units(repo, boundaries.load_periods(repo)))
    assert [(u.key, u.geometry.wkb) for u in units] == [(u.key, u.geometry.wkb) for u in expected]
    assert periods == tuple(boundaries.load_periods(repo))
    assert published.units(repo) is published.units(repo)  # the same objects: fitted once


def test_an_edited_boundary_file_is_read_and_fitted_again(repo: Path) -> None:
    before = published.units(repo)
    edited = repo / GEO_DIR / "kommuner-2019.geojson"
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert published.units(repo) is not before


def test_a_repository_without_boundaries_has_none(tmp_path: Path) -> None:
    assert published.units(tmp_path) == ((), ())


def test_the_borders_and_counties_are_worked_out_once_and_hold_those_of_any_selection(repo: Path) -> None:
    """The geometry graph states them of the units a build places, a selection of all: the borders and counties of
    all the units, kept to pairs of selected ones, are the selection's own (a border is a relation of two units;
    a fitted municipality lies in one county)."""
    _, units = published.units(repo)
    borders, county_of = published.relations(repo)
    assert published.relations(repo) is published.relations(repo)

    def pairs(found: list[topology.Border] | tuple[topology.Border, ...]) -> list[tuple[object, ...]]:
        return [(b.a.key, b.b.key, round(b.length_m, 6)) for b in found]

    assert pairs(borders) == pairs(topology.borders(units)) and borders
    assert dict(county_of) == topology.counties(units) and county_of
    counties = [u for u in units if u.kind == "county"]
    selected = [u for i, u in enumerate(units) if i % 3 and u is not counties[0]]
    keys = {u.key for u in selected}
    assert pairs([b for b in borders if b.a.key in keys and b.b.key in keys]) == pairs(topology.borders(selected))
    assert ({m: c.key for m, c in county_of.items() if m in keys and c.key in keys}
            == {m: c.key for m, c in topology.counties(selected, missing_ok=True).items()})
