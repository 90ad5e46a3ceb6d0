"""The boundaries a build publishes: every period's units made one coverage (:func:`.topology.fitted`), worked out
once per build. The geometry graph, the catalogue's places and the maps all read these units; fitting them takes
a second or two, and was done three times a build. Which units border each other and which county holds each
municipality (:func:`relations`) are worked out once too: the geometry graph and the maps both state them, and
each had found them again (5.9 s of CPU in the repository's merge under py-spy).

Kept while the boundary files are unchanged (their names, sizes and modification times), so a process that makes
several builds (the tests) fits them again after an edit. :func:`byregion.build.writer.build` asks for them before
it forks the step that merges the data, which then finds them made.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from byregion.geo import boundaries, topology
from byregion.geo.boundaries import GEO_DIR, BoundaryPeriod, Unit, UnitKey
from byregion.geo.topology import Border

#: Builds' repositories whose fitted boundaries are kept at once (a process builds one repository at a time).
KEPT = 2


def units(repo: Path) -> tuple[tuple[BoundaryPeriod, ...], tuple[Unit, ...]]:
    """The boundary periods of ``repo`` and every unit of them as published; empty when it has none. Raises what
    :func:`.boundaries.load_periods` and :func:`.boundaries.load_units` raise for broken files."""
    return _fitted(repo.resolve(), _signature(repo))


def _signature(repo: Path) -> tuple[tuple[str, int, int], ...]:
    folder = repo / GEO_DIR
    if not folder.is_dir():
        return ()
    return tuple((path.name, stat.st_mtime_ns, stat.st_size)
                 for path in sorted(folder.iterdir()) if path.is_file() and (stat := path.stat()))


@functools.lru_cache(maxsize=KEPT)
def _fitted(repo: Path, signature: tuple[tuple[str, int, int], ...]) -> tuple[tuple[BoundaryPeriod, ...],
                                                                            tuple[Unit, ...]]:
    del signature  # the key: the files as they are now
    periods = tuple(boundaries.load_periods(repo))
    return periods, tuple(topology.fitted(boundaries.load_units(repo, periods)))


def relations(repo: Path) -> tuple[tuple[Border, ...], Mapping[UnitKey, Unit]]:
    """Of the units :func:`units` gives: every pair of bordering municipalities (:func:`.topology.borders`), and
    each municipality's county (:func:`.topology.counties`; fitted units always have one)."""
    return _relations(repo.resolve(), _signature(repo))


@functools.lru_cache(maxsize=KEPT)
def _relations(repo: Path, signature: tuple[tuple[str, int, int], ...]) -> tuple[tuple[Border, ...],
                                                                               Mapping[UnitKey, Unit]]:
    _, fitted = _fitted(repo, signature)
    return tuple(topology.borders(fitted)), MappingProxyType(topology.counties(fitted))
