"""What follows from the boundaries: which municipalities border each other, which county each lies in,
and a region's outline. Plain functions over :class:`byregion.geo.boundaries.Unit` values; no I/O.

The boundaries are simplified (hundreds of metres of error), so relations are decided with care:

* **Bordering** (:func:`borders`): two municipalities of the same period border each other when their
  boundaries run together, within :data:`TOLERANCE_M`, for at least :data:`MIN_SHARED_BORDER_M`. A
  meeting at a point (four municipalities at one corner, or two simplified lines that cross) is not a
  border. In the committed files the shared borders are exact (the simplifications kept topology), point
  contacts measure at most about 10 m and the shortest real shared border about 40 m (Solund–Fjaler,
  at sea), so the threshold sits in a wide gap; ``tests/geo/test_topology.py`` keeps it there.
* **Containment** (:func:`counties`): a municipality lies in the county of its period that covers the
  largest part of its area, at least :data:`MIN_COVERED_SHARE` of it. The 2024 layers were simplified
  apart and do not line up exactly, so "within" is decided by area, not by exact geometry.
* **One coverage** (:func:`fitted`): what is published must bear the relations out exactly, since a GeoSPARQL
  engine will compute ``geof:sfWithin`` and ``geof:sfTouches`` on the WKT. So, period by period, a
  municipality gives up where it overlaps one of a lower code (slivers left by the simplification), and a
  county's geometry is the union of its municipalities (as the 2019 and 2020 county files already are), on
  the grid of the published WKT (:data:`GRID`), whose rounding would otherwise open overlaps again.

Lengths and areas are measured after a sinusoidal projection (:func:`to_metres`): good to a few per
cent at Norway's latitudes, which is plenty for thresholds that separate metres from tens of metres.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import shapely
from numpy.typing import NDArray
from rdflib import URIRef
from shapely import STRtree
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from byregion.geo import boundaries
from byregion.geo.boundaries import PlacedUnit, Polygonal, Unit, UnitKey
from byregion.geo.measure import DECIMALS

#: Boundaries closer than this (metres) run together.
TOLERANCE_M = 2.0
#: Shortest shared boundary (metres) that makes two municipalities neighbours; less is a point contact.
MIN_SHARED_BORDER_M = 25.0
#: Least share of a municipality's area its county must cover.
MIN_COVERED_SHARE = 0.5
#: The grid (degrees) the published WKT's coordinates lie on (:data:`byregion.geo.measure.DECIMALS` decimals).
GRID = 10.0 ** -DECIMALS
#: Metres per degree of latitude (mean, WGS 84), and of longitude at the equator.
_M_PER_DEG_LAT, _M_PER_DEG_LON = 110_574.0, 111_320.0


@dataclass(frozen=True)
class Border:
    """Two municipalities of one period that border each other (``a.code < b.code``), and how long their
    shared boundary is in metres (approximately)."""

    a: Unit
    b: Unit
    length_m: float


def _sinusoidal(coords: NDArray[np.float64]) -> NDArray[np.float64]:
    lon, lat = coords[:, 0], coords[:, 1]
    return np.column_stack([lon * _M_PER_DEG_LON * np.cos(np.radians(lat)), lat * _M_PER_DEG_LAT])


def to_metres(geometry: BaseGeometry) -> BaseGeometry:
    """The geometry in a sinusoidal projection (metres; equal-area, distances good locally)."""
    return shapely.transform(geometry, _sinusoidal)


def _by_period(units: Iterable[Unit], kind: str) -> dict[str, list[Unit]]:
    out: dict[str, list[Unit]] = {}
    for unit in units:
        if unit.kind == kind:
            out.setdefault(unit.period.key, []).append(unit)
    return out


def contacts(units: Iterable[Unit]) -> list[Border]:
    """Every pair of municipalities of one period whose boundaries come within :data:`TOLERANCE_M`, with
    the length they run together (point contacts included); sorted by period and codes.

    The length is that of one's boundary running within :data:`TOLERANCE_M` of the other's (in metres, see
    :func:`to_metres`), measured for all candidate pairs of a period at once."""
    out: list[Border] = []
    for members in _by_period(units, "municipality").values():
        members = sorted(members, key=lambda u: u.code)
        shapes = np.array([to_metres(u.geometry) for u in members])
        lines = shapely.boundary(shapes)
        near = shapely.buffer(lines, TOLERANCE_M)
        first, second = STRtree(shapes).query(shapes, predicate="dwithin", distance=TOLERANCE_M)
        keep = first < second
        first, second = first[keep], second[keep]
        lengths = shapely.length(shapely.intersection(lines[first], near[second]))
        out.extend(Border(members[i], members[j], float(length))
                   for i, j, length in zip(first, second, lengths, strict=True))
    return sorted(out, key=lambda border: (border.a.period.key, border.a.code, border.b.code))


def borders(units: Iterable[Unit]) -> list[Border]:
    """Every pair of bordering municipalities (a shared boundary of at least :data:`MIN_SHARED_BORDER_M`),
    period by period; counties are left out."""
    return [contact for contact in contacts(units) if contact.length_m >= MIN_SHARED_BORDER_M]


def neighbours(all_borders: Iterable[Border]) -> dict[UnitKey, list[Unit]]:
    """Unit key → the units it borders (both directions of every border), each list in code order."""
    out: dict[UnitKey, list[Unit]] = {}
    for border in all_borders:
        out.setdefault(border.a.key, []).append(border.b)
        out.setdefault(border.b.key, []).append(border.a)
    return {key: sorted(units, key=lambda u: u.code) for key, units in out.items()}


def counties(units: Sequence[Unit], missing_ok: bool = False) -> dict[UnitKey, Unit]:
    """Municipality unit key → the county unit of the same period that covers most of it.

    Raises ValueError naming the municipality when no county covers :data:`MIN_COVERED_SHARE` of it (the
    period's files do not fit together), unless ``missing_ok`` (``units`` are a selection that may leave
    a municipality's county out); then that municipality is left out."""
    out: dict[UnitKey, Unit] = {}
    county_units = _by_period(units, "county")
    for period, municipalities in _by_period(units, "municipality").items():
        candidates = county_units.get(period, [])
        areas = np.array([to_metres(c.geometry) for c in candidates])
        shapes = np.array([to_metres(m.geometry) for m in municipalities])
        mine, theirs = STRtree(areas).query(shapes, predicate="intersects")
        covered = shapely.area(shapely.intersection(shapes[mine], areas[theirs]))
        best: dict[int, tuple[float, int]] = {}
        for m, c, area in zip(mine, theirs, covered, strict=True):
            best[m] = max(best.get(m, (0.0, -1)), (float(area), int(c)))
        for m, municipality in enumerate(municipalities):
            area, c = best.get(m, (0.0, -1))
            if c < 0 or area < MIN_COVERED_SHARE * shapes[m].area:
                if missing_ok:
                    continue
                raise ValueError(f"boundary period {period}: no county covers half of municipality "
                                 f"{municipality.code} {municipality.name}; check that the period's county "
                                 "file is of the same codes as its municipality file")
            out[municipality.key] = candidates[c]
    return out


def fitted(units: Sequence[Unit]) -> list[Unit]:
    """``units`` with the geometries of each period made one coverage (see the module docstring): no two
    municipalities overlap, and each county is the union of the municipalities :func:`counties` puts in it, so
    that every ``geo:sfTouches`` and ``geo:sfWithin`` the build states holds on the published WKT. In the
    repository's files this takes two slivers from 2024's municipalities (0.3 and 1.1 km²) and a crumb of
    10⁻¹⁰ square degrees from 2019's, and replaces the 2024 county layer, which was simplified apart: 274 of its
    357 municipalities were not within their county's polygon. Units in ``units``' order."""
    fixed: dict[UnitKey, Polygonal] = {}
    for members in _by_period(units, "municipality").values():
        members = sorted(members, key=lambda u: u.code)
        shapes = [m.geometry for m in members]
        tree = STRtree(shapes)
        for i in range(len(members)):
            for j in sorted(int(j) for j in tree.query(shapes[i]) if j > i):
                if shapely.overlaps(shapes[i], shapes[j]):
                    shapes[j] = _polygonal(shapely.difference(shapes[j], shapes[i], grid_size=GRID), members[j])
        fixed.update((m.key, shape) for m, shape in zip(members, shapes, strict=True) if shape is not m.geometry)
    parts: dict[UnitKey, list[Polygonal]] = {}
    placed = {u.key: replace(u, geometry=fixed[u.key]) if u.key in fixed else u for u in units}
    for municipality, county in counties(list(placed.values()), missing_ok=True).items():
        parts.setdefault(county.key, []).append(placed[municipality].geometry)
    for key, shapes in parts.items():
        fixed[key] = _polygonal(shapely.union_all(shapes, grid_size=GRID), key)
    return [replace(u, geometry=fixed[u.key]) if u.key in fixed else u for u in units]


def _polygonal(geometry: BaseGeometry, unit: object) -> Polygonal:
    """A (Multi)Polygon wound as RFC 7946 asks; ValueError naming ``unit`` when nothing of an area is left."""
    if geometry.geom_type == "GeometryCollection":  # an overlay on a grid may leave lines and points beside
        geometry = shapely.union_all([g for g in shapely.get_parts(geometry) if isinstance(g, Polygon | MultiPolygon)])
    oriented = shapely.orient_polygons(geometry)
    if not isinstance(oriented, Polygon | MultiPolygon) or oriented.is_empty:
        raise ValueError(f"{unit}: no area is left of it once the overlaps are taken out; check its boundary file")
    return oriented


def union(geometries: Iterable[Polygonal]) -> Polygonal:
    """The outline of several units (a region of its members): their union, wound as RFC 7946 asks
    (outer rings counter-clockwise). Members that do not touch give a MultiPolygon."""
    merged = shapely.orient_polygons(shapely.union_all(list(geometries)))
    if not isinstance(merged, Polygon | MultiPolygon) or merged.is_empty:
        raise ValueError("a union needs at least one polygon")
    return merged



def distance_m(a: BaseGeometry, b: BaseGeometry) -> float:
    """Approximate distance in metres between two lon/lat geometries (0 where they meet)."""
    return float(to_metres(a).distance(to_metres(b)))


def members_on(members: Iterable[URIRef], placed: Iterable[PlacedUnit], day: dt.date) -> list[PlacedUnit]:
    """The municipality unit of each member valid on ``day`` (a region's reference date), in IRI order.

    Raises ValueError naming the members that have no boundary valid on that day."""
    valid = boundaries.on(placed, day, "municipality")
    wanted = sorted(set(members))
    missing = [str(m) for m in wanted if m not in valid]
    if missing:
        raise ValueError(f"no boundary valid on {day} for {', '.join(missing)}; the boundary periods in "
                         "data/reference/geo/periods.csv must cover the day")
    return [valid[m] for m in wanted]
