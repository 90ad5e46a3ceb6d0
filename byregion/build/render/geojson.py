"""The GeoJSON (RFC 7946) representation of a thing with a geometry, rendered when the build is made, from the
build's index (the geometry graph, docs/MODEL.md "Geometry"). Pure: index in, bytes out.

* a municipality or county: a FeatureCollection of its geometries, one Feature per boundary period;
* a region: its outline on its reference date and the member geometries it is the union of;
* a geometry: a FeatureCollection of that one Feature;
* the programme: every city region of it on one map, the outline of each (as the region's own document has it)
  with what a map user needs of the region (its page, applicant, member count, confidence, phases), then the
  member municipalities' geometries the outlines are the union of, each once, with the regions it was in
  (:func:`programme`; docs/maps.md "GeoJSON").

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
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from byregion import uris
from byregion.geo import ATTRIBUTION, measure
from byregion.geo.rdf import LICENCE
from byregion.graph_index import GraphIndex
from byregion.namespaces import ADMS, GEO, SCHEMA, ontology_namespace
from byregion.programme import phases

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


def codes(index: GraphIndex, geometry: URIRef, day: str | None) -> dict[str, Any]:
    """A feature's join key: ``code``, the number held on ``day`` (a region's member: the region's reference date,
    as memberships.csv's ``code_2015``), else the one number held while the geometry was valid (its
    ``skos:notation``), else the number held on its last day; ``code_date``: the day the code is for, where it is
    not for every day of the geometry's validity; ``codes``: every number held while the geometry was valid, each
    with its validity cut to the geometry's, where there was more than one (Flatanger's 2019 geometry: 1749 until
    2017, 5049 from 2018)."""
    first, last = _text(index, geometry, SCHEMA.validFrom), _text(index, geometry, SCHEMA.validThrough)
    numbers = sorted(((_text(index, n, SKOS.notation), _text(index, n, SCHEMA.validFrom),
                       _text(index, n, SCHEMA.validThrough)) for n in index.values(geometry, ADMS.identifier)),
                     key=lambda n: n[1] or "")
    notation = _text(index, geometry, SKOS.notation)
    if day is None and notation is not None:
        out: dict[str, Any] = {"code": notation}
    else:
        when = day or last  # None: a geometry valid until now, its newest number
        held = [code for code, start, end in numbers if (start is None or when is None or start <= when)
                and (end is None or (when is not None and when <= end))]
        out = {"code": held[-1] if held else notation, "code_date": when}
    if len(numbers) > 1:
        out["codes"] = []
        for code, start, end in numbers:
            since, until = max(filter(None, (start, first)), default=None), min(filter(None, (end, last)), default=None)
            out["codes"].append({k: v for k, v in (("code", code), ("validFrom", since), ("validThrough", until))
                                 if v is not None})
    return out


def _feature(index: GraphIndex, base: str, geometry: URIRef, more: dict[str, Any] | None = None,
             day: str | None = None) -> tuple[str, Bounds] | None:
    """A Feature's JSON text and its bounds; ``more``: properties of its owner put after its names (a region's on
    the programme's map); ``day``: the day whose number is its ``code`` (a region's member: the reference date)."""
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
        **(more or {}),
        **codes(index, geometry, day),
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


def _geometries(index: GraphIndex, iri: URIRef) -> list[tuple[URIRef, str | None]]:
    """The geometries a document shows, each with the day whose number is its code (None: its own period's): a
    geometry itself; a feature's own; for a region, its outline and the member geometries the outline was made
    from, with the outline's date (the region's reference date)."""
    if GEO.Geometry in index.values(iri, RDF.type):
        return [(iri, None)]
    own = sorted(g for g in index.values(iri, GEO.hasGeometry) if isinstance(g, URIRef))
    members = {m: _text(index, g, DCTERMS.date) for g in own for m in _members(index, g)}
    return [(g, None) for g in own] + sorted(members.items())


def _members(index: GraphIndex, outline: URIRef) -> list[URIRef]:
    """The member geometries a region's outline is the union of."""
    return [m for m in index.values(outline, PROV.wasDerivedFrom)
            if isinstance(m, URIRef) and GEO.Geometry in index.values(m, RDF.type)]


def _region(index: GraphIndex, region: URIRef, base: str, br: Namespace) -> dict[str, Any]:
    """What a map of the programme says of a region besides its names, as ``/doc/regions.csv`` has it: its page,
    its applicant (the member whose ``org:role`` is ``br:applicant``), ``br:memberCount``, ``br:confidence`` (its
    ``skos:notation``) and the numbers of the phases it took part in (those inferred apart)."""
    applicant = next((member for m in sorted(index.values(region, br.membership), key=str)
                      if index.value(m, ORG.role) == br.applicant
                      and isinstance(member := index.value(m, ORG.member), URIRef)), None)
    count = index.value(region, br.memberCount)
    confidence = index.value(region, br.confidence)
    taken, inferred = phases.taken(index, region, br)
    page = uris.document_path_for(str(region), base)
    found: dict[str, Any] = {
        "url": base + page if page is not None else None,
        "applicant": str(applicant) if applicant is not None else None,
        "applicant_name": _text(index, applicant, SKOS.prefLabel, "nb") if applicant is not None else None,
        "member_count": int(count) if isinstance(count, Literal) else None,
        "confidence": _text(index, confidence, SKOS.notation) if confidence is not None else None,
        "phases": [int(n) for n in taken], "inferred_phases": [int(n) for n in inferred],
    }
    return {k: v for k, v in found.items() if v is not None}


def programme(index: GraphIndex, iri: URIRef, base: str) -> list[tuple[str, Bounds]]:
    """The programme's map: the outline of each of its regions with a geometry (in IRI order), then each member
    geometry an outline is made from, once, with the IRIs of the regions it is in (``regions``)."""
    br = ontology_namespace(base)
    outlines: list[tuple[str, Bounds]] = []
    regions_of: dict[URIRef, list[str]] = {}
    days: dict[URIRef, str | None] = {}  # a member's number is that of its region's reference date
    for region in sorted(r for r in index.subjects_with(br.programme, iri)
                         if isinstance(r, URIRef) and br.CityRegion in index.values(r, RDF.type)):
        for outline in sorted(g for g in index.values(region, GEO.hasGeometry) if isinstance(g, URIRef)):
            feature = _feature(index, base, outline, _region(index, region, base, br))
            if feature is None:
                continue
            outlines.append(feature)
            for member in _members(index, outline):
                regions_of.setdefault(member, []).append(str(region))
                days.setdefault(member, _text(index, outline, DCTERMS.date))
    members = [f for m in sorted(regions_of)
               if (f := _feature(index, base, m, {**_page(index, m, base), "regions": regions_of[m]}, days[m]))]
    return outlines + members


def _page(index: GraphIndex, geometry: URIRef, base: str) -> dict[str, str]:
    """``url``: the page of the thing whose geometry this is, so that every feature of a map is clickable."""
    owner = next(iter(index.subjects_with(GEO.hasGeometry, geometry)), None)
    page = uris.document_path_for(str(owner), base) if owner is not None else None
    return {"url": base + page} if page is not None else {}


def document(index: GraphIndex, iri: str, base: str) -> bytes | None:
    """The GeoJSON FeatureCollection of ``iri``, or None when it has no geometry (the programme: none of its
    regions has one)."""
    node = URIRef(iri)
    if ontology_namespace(base).Programme in index.values(node, RDF.type):
        features = programme(index, node, base)
    else:
        features = [f for g, day in _geometries(index, node) if (f := _feature(index, base, g, day=day)) is not None]
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
