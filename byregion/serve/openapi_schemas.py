"""The JSON bodies the OpenAPI description names (:mod:`byregion.serve.openapi`), as JSON Schema: SPARQL 1.1's
JSON results, JSON-LD documents, GeoJSON, ``/health`` and the reconciliation service's suggestions. Pure.

A body of a JSON type with no shape of its own is an open object (``additionalProperties: {}``): code
generators read a bare ``{"type": "object"}`` as an object with no members (``Record<string, never>`` in
TypeScript), so a client could read nothing of it (a front-end review's generated client)."""

from __future__ import annotations

from typing import Any

from byregion.mediatypes import GEOJSON, JSONLD, SPARQL_JSON

#: A JSON object of members this description does not list (CSVW metadata, the reconciliation manifest).
OPEN_OBJECT: dict[str, Any] = {"type": "object", "additionalProperties": {}}
_NODE = {**OPEN_OBJECT, "description": "A node object: @id, @type and its properties (JSON-LD 1.1 §9.2)."}

#: Each schema by its name in ``components/schemas``.
SCHEMAS: dict[str, dict[str, Any]] = {
    "RdfTerm": {
        "type": "object", "required": ["type", "value"],
        "description": "An RDF term in SPARQL 1.1 Query Results JSON (§3.2.2).",
        "properties": {"type": {"type": "string", "enum": ["uri", "literal", "bnode", "triple"]},
                       "value": {"description": "The IRI, the literal's lexical form or the blank node's label (an "
                                                "object of subject, predicate and object for a quoted triple)."},
                       "datatype": {"type": "string"}, "xml:lang": {"type": "string"}}},
    "SparqlResults": {
        "type": "object", "required": ["head"],
        "description": "SPARQL 1.1 Query Results JSON: a SELECT's bindings, or an ASK's boolean.",
        "properties": {
            "head": {"type": "object", "properties": {"vars": {"type": "array", "items": {"type": "string"}},
                                                      "link": {"type": "array", "items": {"type": "string"}}}},
            "results": {"type": "object", "required": ["bindings"], "properties": {"bindings": {
                "type": "array", "items": {"type": "object", "description": "The row: each bound variable's term.",
                                           "additionalProperties": {"$ref": "#/components/schemas/RdfTerm"}}}}},
            "boolean": {"type": "boolean"}}},
    "JsonLdDocument": {
        "type": "object", "additionalProperties": {},
        "description": "A JSON-LD document in compact form: the context (prefixes), then the nodes in @graph (a "
                       "profile may give one node at the top instead).",
        "properties": {"@context": {"description": "The context, inline (the same as /context.jsonld)."},
                       "@graph": {"type": "array", "items": _NODE}, "@id": {"type": "string"}}},
    "JsonLdResult": {
        "type": ["object", "array"], "items": _NODE, "additionalProperties": {},
        "description": "A CONSTRUCT's or DESCRIBE's triples in expanded JSON-LD (an array of node objects), or the "
                       "service description (a compact document).",
    },
    "GeoJson": {
        "type": "object", "required": ["type"], "additionalProperties": {},
        "description": "GeoJSON (RFC 7946): a FeatureCollection of the thing's outlines (empty for a thing without "
                       "any), each Feature with its id and properties.",
        "properties": {"type": {"type": "string", "enum": ["FeatureCollection", "Feature"]},
                       "bbox": {"type": "array", "items": {"type": "number"}},
                       "features": {"type": "array", "items": {
                           "type": "object", "required": ["type", "geometry", "properties"],
                           "additionalProperties": {},
                           "properties": {"type": {"type": "string", "enum": ["Feature"]},
                                          "id": {"type": "string"}, "geometry": {"type": ["object", "null"]},
                                          "properties": OPEN_OBJECT}}}}},
    "Health": {
        "type": "object", "required": ["status", "store"],
        "description": "The server's health (docs/server.md): the build it serves and whether its store answers.",
        "properties": {
            "status": {"type": "string", "enum": ["ok", "degraded", "unavailable"]},
            "version": {"type": "string", "description": "The served build's version."},
            "content_version": {"type": "string", "description": "The data's version: the first build of this "
                                                                 "content (cite this one)."},
            "created": {"type": "string", "format": "date-time"},
            "build": {"type": "object", "properties": {"folder": {"type": "string"},
                                                       "problems": {"type": "array", "items": {"type": "string"}}}},
            "store": {"type": "object", "required": ["reachable"], "additionalProperties": {},
                      "properties": {"reachable": {"type": "boolean"}, "busy": {"type": "boolean"},
                                     "seconds": {"type": "number"}, "kind": {"type": "string"},
                                     "error": {"type": "string"}}}}},
    "LookupProblem": {
        "allOf": [{"$ref": "#/components/schemas/Problem"}, {
            "type": "object", "description": "A look-up's refusal: its kind as type (tag:data.byregion.no,2026:lookup/"
                                             "never-held, not-held-then, not-recorded, malformed), who held the code "
                                             "when, and where each unit is on the date.",
            "properties": {
                "scheme": {"type": "string"}, "code": {"type": "string"}, "date": {"type": ["string", "null"]},
                "holders": {"type": "array", "items": {
                    "type": "object", "required": ["iri", "name", "code"],
                    "properties": {"iri": {"type": "string"}, "name": {"type": "string"}, "code": {"type": "string"},
                                   "from": {"type": ["string", "null"], "description": "null: before the records."},
                                   "through": {"type": ["string", "null"], "description": "null: still held."}}}},
                "then": {"type": "array", "items": {
                    "type": "object", "required": ["iri", "name"], "description": (
                        "A unit on the date: a holder under another code, or a successor of one (succeeds)."),
                    "properties": {"iri": {"type": "string"}, "name": {"type": "string"},
                                   "code": {"type": ["string", "null"]},
                                   "lookup": {"type": ["string", "null"], "description": "Its look-up (a path)."},
                                   "succeeds": {"type": ["string", "null"]}}}},
                "suggestion": {"type": ["string", "null"], "description": "The look-up a malformed code may "
                                                                          "have meant (a path)."},
                "records_end": {"type": ["string", "null"], "description": (
                    "The day of the newest change the records hold: of a later date they say only what was known "
                    "then.")}}}]},
    "Suggestions": {
        "type": "object", "required": ["result"],
        "description": "Suggestions (Reconciliation Service API 0.2, suggest): the entities, types or properties "
                       "whose names start with the prefix.",
        "properties": {"result": {"type": "array", "items": {
            "type": "object", "required": ["id", "name"], "additionalProperties": {},
            "properties": {"id": {"type": "string"}, "name": {"type": "string"},
                           "description": {"type": "string"},
                           "notable": {"type": "array", "items": {
                               "type": "object", "properties": {"id": {"type": "string"},
                                                                "name": {"type": "string"}}}}}}}}},
}


def ref(name: str) -> dict[str, str]:
    """A reference to the schema ``name`` of :data:`SCHEMAS`."""
    assert name in SCHEMAS, name
    return {"$ref": f"#/components/schemas/{name}"}


#: The schema of a body of each JSON type wherever the description names no other.
BY_MEDIA_TYPE: dict[str, dict[str, Any]] = {
    JSONLD.name: ref("JsonLdDocument"), GEOJSON.name: ref("GeoJson"), SPARQL_JSON.name: ref("SparqlResults")}
