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
