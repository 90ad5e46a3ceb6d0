"""The boundary layers, rendered when the build is made: for each boundary period, every municipality in one GeoJSON
(RFC 7946) document and every county in another (``/doc/boundaries/2019/municipalities.geojson``,
:func:`byregion.paths.boundary_layer`), from the geometry graph (docs/MODEL.md "Geometry"). What a GIS user joins
their own statistics to by kommunenummer; the catalogue lists each as a distribution (:mod:`byregion.dcat.layers`).
Pure: index in, documents out.

Each Feature's ``id`` is the geometry's IRI; its ``properties``: ``code`` (the number in that period, and
``code_date``, ``codes`` where the number changed within the geometry's validity, as every GeoJSON document of ours
gives them: :func:`byregion.build.render.geojson.codes`), ``name`` (bokmål), ``iri`` (the municipality or county),
``validFrom`` / ``validThrough`` (the geometry's), ``license`` and ``attribution`` (English; ``attribution_nb``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from byregion.build.render import geojson
from byregion.build.render.documents import Document
from byregion.docstore import representation
from byregion.geo import ATTRIBUTION, measure
from byregion.geo.rdf import LICENCE
from byregion.graph_index import GraphIndex
from byregion.mediatypes import GEOJSON, content_type
from byregion.namespaces import GEO, SCHEMA
from byregion.paths import LAYER_NAMES, boundary_layer

#: The layers' titles, by kind, with the period's key filled in.
TITLES = {
    "municipality": {"nb": "Kommunegrenser, grenseperioden {period} (GeoJSON)",
                     "en": "Municipal boundaries, boundary period {period} (GeoJSON)"},
    "county": {"nb": "Fylkesgrenser, grenseperioden {period} (GeoJSON)",
               "en": "County boundaries, boundary period {period} (GeoJSON)"},
}


@dataclass(frozen=True)
class Layer:
    """One layer: every unit of one kind of one boundary period, as GeoJSON bytes."""

    period: str
    kind: str
    body: bytes
    features: int
    #: The first and last day any of its geometries is valid (None: open).
    start: str | None
    end: str | None

    @property
    def path(self) -> str:
        return boundary_layer(self.period, self.kind)

    def document(self) -> Document:
        return Document(self.path, (GEOJSON.extension,),
                        (representation(self.path, GEOJSON.extension, content_type(GEOJSON), self.body),))

    def manifest_entry(self) -> dict[str, Any]:
        """``manifest["layers"]`` entry: which layer, where, its size, SHA-256, title and period (the catalogue's)."""
        return {"path": self.path, "file": f"{self.path}.{GEOJSON.extension}", "period": self.period,
                "kind": self.kind, "features": self.features, "bytes": len(self.body),
                "sha256": hashlib.sha256(self.body).hexdigest(),
                "title": {lang: text.format(period=self.period) for lang, text in TITLES[self.kind].items()},
                "start": self.start, "end": self.end}


def _period_and_kind(iri: str, base: str) -> tuple[str, str] | None:
    """``{base}/id/geometry/municipality/notodden/2019`` → ``("2019", "municipality")``; None for an outline."""
    parts = iri.removeprefix(f"{base}/id/geometry/").split("/")
    if iri == "/".join(parts) or len(parts) != 3 or parts[0] not in LAYER_NAMES:
        return None
    return parts[2], parts[0]


def _feature(index: GraphIndex, geometry: URIRef) -> tuple[str, str, geojson.Bounds] | None:
    """A Feature's sort key (its code), JSON text and bounds."""
    wkt = index.value(geometry, GEO.asWKT)
    owners = index.subjects_with(GEO.hasGeometry, geometry)
    if wkt is None or not owners:
        return None
    owner = owners[0]
    shape, bounds = geojson._geometry(str(wkt))
    name = next((str(n) for n in index.values(owner, SKOS.prefLabel) if isinstance(n, Literal) and n.language == "nb"),
                None)
    codes = geojson.codes(index, geometry, None)
    properties = {"code": codes.get("code"), "code_date": codes.get("code_date"), "codes": codes.get("codes"),
                  "name": name, "iri": str(owner),
                  "validFrom": geojson._text(index, geometry, SCHEMA.validFrom),
                  "validThrough": geojson._text(index, geometry, SCHEMA.validThrough),
                  "license": str(LICENCE), "attribution": ATTRIBUTION["en"], "attribution_nb": ATTRIBUTION["nb"]}
    kept = {k: v for k, v in properties.items() if v is not None}
    text = (f'{{"type":"Feature","id":{geojson._json(str(geometry))},"geometry":{shape},'
            f'"properties":{geojson._json(kept)}}}')
    return str(kept.get("code", "")), text, bounds


def layers(index: GraphIndex) -> list[Layer]:
    """Every layer of the build's geometry graph, by period then kind (municipalities first)."""
    found: dict[tuple[str, str], list[URIRef]] = {}
    for geometry in index.subjects_with(RDF.type, GEO.Geometry):
        if isinstance(geometry, URIRef) and (key := _period_and_kind(str(geometry), index.base)) is not None:
            found.setdefault(key, []).append(geometry)
    out = []
    for (period, kind), geometries in sorted(found.items(), key=lambda i: (i[0][0], list(LAYER_NAMES).index(i[0][1]))):
        features = sorted(f for g in geometries if (f := _feature(index, g)) is not None)
        if not features:
            continue
        boxes = [bounds for _, _, bounds in features]
        box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
        bbox = json.dumps([round(v, measure.DECIMALS) for v in box], separators=(",", ":"))
        body = (f'{{"type":"FeatureCollection","bbox":{bbox},"features":[{",".join(t for _, t, _ in features)}]}}\n'
                .encode())
        starts = [geojson._text(index, g, SCHEMA.validFrom) for g in geometries]
        ends = [geojson._text(index, g, SCHEMA.validThrough) for g in geometries]
        out.append(Layer(period, kind, body, len(features), None if None in starts else min(filter(None, starts)),
                         None if None in ends else max(filter(None, ends))))
    return out
