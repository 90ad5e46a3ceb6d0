"""Geometry for the catalogue's places: a bounding box and a centroid (GeoSPARQL WKT, CRS84) for every
city region and member municipality, from simplified municipality boundaries.

DCAT-AP recommends ``dcat:bbox`` and ``dcat:centroid`` on every ``dct:Location``; portals use them to
put the dataset on a map. The boundaries are Kartverket's, simplified (a few hundred metres of error),
so the figures are for finding the dataset, not for measuring (see data/reference/geo/SOURCES.md).

* :func:`load_boundaries` (build time) reads the municipality boundaries valid on :data:`BOUNDARY_DATE`
  with :mod:`byregion.geo.boundaries`; :func:`geometries` (pure) gives the WKT of each region and
  member municipality that has boundaries, by the code each held on that day.

The 2019 boundaries are the oldest the project has; the regions' facts date from 2015. Every member
municipality of 2015 still existed, under the same IRI, on 2019-01-01 (a test checks this); boundary
adjustments between 2015 and 2019 are far smaller than the simplification error. A municipality whose
code is not in the file simply gets no geometry.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import shapely.geometry
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from byregion import REPO_ROOT
from byregion.geo import boundaries
from byregion.namespaces import BR, SCHEMA

#: The day whose municipality boundaries the catalogue uses (Kartverket's 2019 municipalities, the oldest
#: boundary period, which stands for the regions' 2015 reference date).
BOUNDARY_DATE = "2019-01-01"

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


def code_on(graph: Graph, municipality: URIRef, day: str) -> str | None:
    """The municipality's number (``skos:notation``) valid on ``day`` (ISO date), if any."""
    for number in graph.objects(municipality, BR.municipalityNumber):
        start = str(graph.value(number, SCHEMA.validFrom) or "0000-00-00")
        end = str(graph.value(number, SCHEMA.validThrough) or "9999-12-31")
        if start <= day <= end:
            notation = graph.value(number, SKOS.notation)
            if notation is not None:
                return str(notation)
    return None


def members(graph: Graph) -> dict[URIRef, dict[URIRef, str | None]]:
    """Region → {member municipality → its code on :data:`BOUNDARY_DATE`, the day the boundaries are of}.

    A municipality keeps its IRI across renumbering (Trøndelag's 2018 numbers, say), so its 2015 member
    is found in the 2019 boundaries by the number the same municipality held then."""
    out: dict[URIRef, dict[URIRef, str | None]] = {}
    for region in graph.subjects(RDF.type, BR.CityRegion):
        if not isinstance(region, URIRef):
            continue
        out[region] = {m: code_on(graph, m, BOUNDARY_DATE)
                       for ms in graph.objects(region, ORG.hasMembership)
                       for m in graph.objects(ms, ORG.member) if isinstance(m, URIRef)}
    return out


def _rings(geometry: dict[str, Any]) -> Iterator[list[list[float]]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    for polygon in polygons:
        yield from polygon


def bounding_box(geometries: Iterable[dict[str, Any]]) -> Box:
    """Smallest lon/lat box around GeoJSON (Multi)Polygons."""
    points = [point for geometry in geometries for ring in _rings(geometry) for point in ring]
    if not points:
        raise ValueError("no coordinates to make a bounding box from")
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def centroid(geometries: Iterable[dict[str, Any]]) -> tuple[float, float]:
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


def geometries(graph: Graph, boundaries: dict[str, dict[str, Any]]) -> dict[str, dict[str, str]]:
    """IRI of each region and member municipality with boundaries → ``{"bbox": WKT, "centroid": WKT}``.

    A region gets geometry only when every one of its members has boundaries (a box around some of
    them would claim less than the region covers).
    """
    out: dict[str, dict[str, str]] = {}
    for region, towns in members(graph).items():
        shapes = {m: boundaries[code] for m, code in towns.items() if code in boundaries}
        for municipality, shape in shapes.items():
            out[str(municipality)] = {"bbox": wkt_box(bounding_box([shape])), "centroid": wkt_point(centroid([shape]))}
        if shapes and len(shapes) == len(towns):
            out[str(region)] = {"bbox": wkt_box(bounding_box(shapes.values())),
                                "centroid": wkt_point(centroid(shapes.values()))}
    return out


def load_boundaries(repo: Path = REPO_ROOT) -> dict[str, dict[str, Any]]:
    """Municipality code → GeoJSON geometry of the boundary period that covers :data:`BOUNDARY_DATE`, from
    the repository's boundary files (:mod:`byregion.geo.boundaries`); empty when it has none."""
    day = dt.date.fromisoformat(BOUNDARY_DATE)
    periods = [p for p in boundaries.load_periods(repo) if p.covers(day)]
    return {unit.code: shapely.geometry.mapping(unit.geometry)
            for unit in boundaries.load_units(repo, periods) if unit.kind == "municipality"}
