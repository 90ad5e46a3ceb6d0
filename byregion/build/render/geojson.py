"""The GeoJSON (RFC 7946) representation of a thing with a geometry, rendered when the build is made, from the
build's index (the geometry graph, docs/MODEL.md "Geometry"). Pure: index in, bytes out.

* a municipality or county: a FeatureCollection of its geometries, one Feature per boundary period;
* a region: its outline on its reference date and the member geometries it is the union of;
* a geometry: a FeatureCollection of that one Feature.

Each Feature's ``id`` is the geometry's IRI; its ``properties`` name the feature (``iri``, ``kind``, ``name``,
``name_en``), the ``code`` in that period, the validity (``validFrom``, ``validThrough``, ``date`` for an
outline), what the RDF says of the geometry (``notes``, ``notes_en``: simplified, not legal boundaries; how an
outline was made), and the licence and attribution (``attribution`` in English, ``attribution_nb``).
Coordinates are CRS84 (lon, lat) with the right-hand rule (outer rings counter-clockwise), and nothing but
``type``, ``features`` and ``bbox`` stands at the top, so any RFC 7946 client (QGIS, Leaflet, OpenLayers) opens it
as it is.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import shapely
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from byregion.geo import ATTRIBUTION, measure
from byregion.geo.rdf import LICENCE
from byregion.graph_index import GraphIndex
from byregion.namespaces import GEO, SCHEMA

#: What a feature's IRI says it is, for ``properties.kind`` (by the path under ``/id/``).
KINDS = ("municipality", "county", "region")


def _text(index: GraphIndex, node: Node, predicate: URIRef, lang: str | None = None) -> str | None:
    for value in index.values(node, predicate):
        if isinstance(value, Literal) and (lang is None or value.language == lang):
            return str(value)
    return None


def _texts(index: GraphIndex, node: Node, predicate: URIRef, lang: str) -> list[str]:
    """Every text of ``node``'s ``predicate`` in ``lang``, in a stable order (None where there is none)."""
    return sorted(str(v) for v in index.values(node, predicate) if isinstance(v, Literal) and v.language == lang)


def _kind(base: str, iri: str) -> str | None:
    rest = iri.removeprefix(f"{base}/id/")
    head = rest.split("/", 1)[0]
    return head if rest != iri and head in KINDS else None


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


Bounds = tuple[float, float, float, float]


@functools.lru_cache(maxsize=1024)  # a member's boundary is in its own, its geometry's and its regions' documents
def _geometry(wkt: str) -> tuple[str, Bounds]:
    """A WKT geometry as a GeoJSON geometry's text (outer rings counter-clockwise), and its bounds."""
    shape = shapely.orient_polygons(shapely.from_wkt(wkt))
    west, south, east, north = (float(v) for v in shapely.bounds(shape))
    return _json(measure.geojson(shape)), (west, south, east, north)


def _feature(index: GraphIndex, base: str, geometry: URIRef) -> tuple[str, Bounds] | None:
    """A Feature's JSON text and its bounds."""
    wkt = index.value(geometry, GEO.asWKT)
    owners = index.subjects_with(GEO.hasGeometry, geometry)
    if wkt is None or not owners:
        return None
    owner = owners[0]
    shape, bounds = _geometry(str(wkt))
    name = _text(index, owner, SKOS.prefLabel, "nb") or _text(index, owner, RDFS.label, "nb")
    properties: dict[str, Any] = {
        "iri": str(owner), "kind": _kind(base, str(owner)),
        "name": name, "name_en": _text(index, owner, SKOS.prefLabel, "en") or name,
        "code": _text(index, geometry, SKOS.notation),
        "validFrom": _text(index, geometry, SCHEMA.validFrom),
        "validThrough": _text(index, geometry, SCHEMA.validThrough),
    }
    date = _text(index, geometry, DCTERMS.date)
    if date:  # a region's outline: the day its members are of
        properties["kind"], properties["date"] = "outline", date
    properties["label"] = _text(index, geometry, RDFS.label, "nb")
    # what the RDF says of the geometry (simplified, not legal boundaries; an outline's making; a boundary
    # adjustment), which a GIS user reading the GeoJSON alone would otherwise not see (a GIS review)
    properties["notes"] = _texts(index, geometry, DCTERMS.description, "nb") or None
    properties["notes_en"] = _texts(index, geometry, DCTERMS.description, "en") or None
    properties["license"] = str(LICENCE)
    properties["attribution"] = ATTRIBUTION["en"]
    properties["attribution_nb"] = ATTRIBUTION["nb"]
    kept = {k: v for k, v in properties.items() if v is not None}
    return f'{{"type":"Feature","id":{_json(str(geometry))},"geometry":{shape},"properties":{_json(kept)}}}', bounds


def _geometries(index: GraphIndex, iri: URIRef) -> list[URIRef]:
    """The geometries a document shows: a geometry itself; a feature's own; for a region, its outline and the
    member geometries the outline was made from."""
    if GEO.Geometry in index.values(iri, RDF.type):
        return [iri]
    own = sorted(g for g in index.values(iri, GEO.hasGeometry) if isinstance(g, URIRef))
    members = sorted({m for g in own for m in index.values(g, PROV.wasDerivedFrom)
                      if isinstance(m, URIRef) and GEO.Geometry in index.values(m, RDF.type)})
    return own + members


def document(index: GraphIndex, iri: str, base: str) -> bytes | None:
    """The GeoJSON FeatureCollection of ``iri``, or None when it has no geometry."""
    features = [f for g in _geometries(index, URIRef(iri)) if (f := _feature(index, base, g)) is not None]
    if not features:
        return None
    boxes = [bounds for _, bounds in features]
    box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
    bbox = _json([round(v, measure.DECIMALS) for v in box])
    texts = ",".join(text for text, _ in features)
    return f'{{"type":"FeatureCollection","bbox":{bbox},"features":[{texts}]}}\n'.encode()


def empty() -> bytes:
    """The body of a 404 asked for as GeoJSON: a collection of nothing (as the RDF formats answer an empty
    graph)."""
    return b'{"type":"FeatureCollection","features":[]}\n'
