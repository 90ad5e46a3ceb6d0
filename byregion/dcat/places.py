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
from pathlib import Path
from typing import Any

import shapely.geometry
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from byregion import REPO_ROOT
from byregion.geo import published
from byregion.geo.measure import bounding_box, centroid, wkt_box, wkt_point
from byregion.namespaces import SCHEMA

#: The day whose municipality boundaries the catalogue uses (Kartverket's 2019 municipalities, the oldest
#: boundary period, which stands for the regions' 2015 reference date).
BOUNDARY_DATE = "2019-01-01"

def code_on(graph: Graph, municipality: URIRef, day: str, br: Namespace) -> str | None:
    """The municipality's number (``skos:notation``) valid on ``day`` (ISO date), if any."""
    for number in graph.objects(municipality, br.municipalityNumber):
        start = str(graph.value(number, SCHEMA.validFrom) or "0000-00-00")
        end = str(graph.value(number, SCHEMA.validThrough) or "9999-12-31")
        if start <= day <= end:
            notation = graph.value(number, SKOS.notation)
            if notation is not None:
                return str(notation)
    return None


def members(graph: Graph, br: Namespace) -> dict[URIRef, dict[URIRef, str | None]]:
    """Region → {member municipality → its code on :data:`BOUNDARY_DATE`, the day the boundaries are of}.

    A municipality keeps its IRI across renumbering (Trøndelag's 2018 numbers, say), so its 2015 member
    is found in the 2019 boundaries by the number the same municipality held then."""
    out: dict[URIRef, dict[URIRef, str | None]] = {}
    for region in graph.subjects(RDF.type, br.CityRegion):
        if not isinstance(region, URIRef):
            continue
        out[region] = {m: code_on(graph, m, BOUNDARY_DATE, br)
                       for ms in graph.objects(region, br.membership)
                       for m in graph.objects(ms, ORG.member) if isinstance(m, URIRef)}
    return out


def geometries(graph: Graph, boundaries: dict[str, dict[str, Any]], br: Namespace) -> dict[str, dict[str, str]]:
    """IRI of each region and member municipality with boundaries → ``{"bbox": WKT, "centroid": WKT}``.

    A region gets geometry only when every one of its members has boundaries (a box around some of
    them would claim less than the region covers).
    """
    out: dict[str, dict[str, str]] = {}
    for region, towns in members(graph, br).items():
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
    _periods, units = published.units(repo)
    return {unit.code: shapely.geometry.mapping(unit.geometry)
            for unit in units if unit.kind == "municipality" and unit.period.covers(day)}
