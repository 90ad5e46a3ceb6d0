"""Bounding box, centroid and WKT of GeoJSON (Multi)Polygons, as the catalogue and the geometry graph
publish them (GeoSPARQL ``geo:wktLiteral`` in CRS84, lon lat, 6 decimals at most). Pure.

The catalogue (:mod:`byregion.dcat.places`) and the geometry graph (:mod:`byregion.geo.rdf`) use the same
functions, so a unit's ``dcat:centroid`` is the same wherever it is published.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import pairwise
from typing import Any

import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat
#: Decimals of a coordinate in WKT: the boundary files' own precision (about 0.1 m).
DECIMALS = 6


def _rings(geometry: Mapping[str, Any]) -> Iterator[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def bounding_box(geometries: Iterable[Mapping[str, Any]]) -> Box:
    """Smallest lon/lat box around GeoJSON (Multi)Polygons."""
    points = [point for geometry in geometries for ring in _rings(geometry) for point in ring]
    if not points:
        raise ValueError("no coordinates to make a bounding box from")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def centroid(geometries: Iterable[Mapping[str, Any]]) -> tuple[float, float]:
    """Area-weighted centroid of GeoJSON (Multi)Polygons in the lon/lat plane (shoelace formula; holes,
    wound the other way, subtract). Planar is good enough at a region's scale for a map marker."""
    area = cx = cy = 0.0
    for geometry in geometries:
        for ring in _rings(geometry):
            for (x0, y0), (x1, y1) in pairwise(ring):
                cross = x0 * y1 - x1 * y0
                area += cross
                cx += (x0 + x1) * cross
                cy += (y0 + y1) * cross
    if area == 0:
        raise ValueError("polygons without area have no centroid")
    return cx / (3 * area), cy / (3 * area)


def _number(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def wkt_box(box: Box) -> str:
    """A lon/lat box as a closed WKT polygon (CRS84, GeoSPARQL's default)."""
    west, south, east, north = (_number(v) for v in box)
    return f"POLYGON(({west} {south}, {east} {south}, {east} {north}, {west} {north}, {west} {south}))"


def wkt_point(point: tuple[float, float]) -> str:
    return f"POINT({_number(point[0])} {_number(point[1])})"




def geojson(geometry: BaseGeometry) -> dict[str, Any]:
    """A shapely geometry as a GeoJSON geometry object (coordinates as they are)."""
    return dict(shapely.geometry.mapping(geometry))


def wkt(geometry: BaseGeometry) -> str:
    """A shapely geometry as WKT with at most :data:`DECIMALS` decimals, trailing zeros trimmed."""
    return str(shapely.to_wkt(geometry, rounding_precision=DECIMALS, trim=True))


def box_and_centroid(geometry: BaseGeometry) -> tuple[str, str]:
    """WKT of the bounding box and of the (area-weighted, planar lon/lat) centroid of a (Multi)Polygon."""
    shape = geojson(geometry)
    return wkt_box(bounding_box([shape])), wkt_point(centroid([shape]))
