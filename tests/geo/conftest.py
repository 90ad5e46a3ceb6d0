"""The committed boundaries, read once for every geo test of a session."""

from __future__ import annotations

import pytest

from byregion import REPO_ROOT
from byregion.geo import boundaries


@pytest.fixture(scope="session")
def periods() -> list[boundaries.BoundaryPeriod]:
    return boundaries.load_periods(REPO_ROOT)


@pytest.fixture(scope="session")
def units(periods: list[boundaries.BoundaryPeriod]) -> list[boundaries.Unit]:
    return boundaries.load_units(REPO_ROOT, periods)
