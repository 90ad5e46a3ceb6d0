"""The OpenAPI operations of the reconciliation service's routes (used by :mod:`byregion.serve.openapi`). Pure."""

from __future__ import annotations

from typing import Any

from byregion import mediatypes
from byregion.mediatypes import FORM, HTML, PROBLEM
from byregion.reconcile.manifest import PROPERTIES, TYPES
from byregion.serve.openapi_schemas import OPEN_OBJECT, ref

JSON = mediatypes.JSON.name
_TYPES = ", ".join(t.kind for t in TYPES)


def _param(name: str, description: str, example: str | None = None) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "schema": {"type": "string"}, "description": description,
            **({"example": example} if example is not None else {})}


def _json(description: str, schema: dict[str, Any] = OPEN_OBJECT) -> dict[str, Any]:
    return {"description": description, "content": {JSON: {"schema": schema}}}


_QUERIES = _param("queries", "A batch of queries by key (JSON), as OpenRefine sends it: "
                  "{\"q0\": {\"query\": \"Bø i Telemark\", \"type\": \"municipality\", \"properties\": "
                  "[{\"pid\": \"date\", \"v\": \"2015-01-01\"}]}}. Types: " + _TYPES + " (or their class IRIs); "
                  "properties that narrow the candidates: " + ", ".join(p.id for p in PROPERTIES if p.query)
                  + " (the others are accepted and narrow nothing).",
                  '{"q0":{"query":"Notodden"}}')
_EXTEND = _param("extend", "Data extension (JSON): {\"ids\": [IRI, …], \"properties\": [{\"id\": \"number\", "
                 "\"settings\": {\"date\": \"2015-01-01\"}}]}. Properties: "
                 + ", ".join(p.id for p in PROPERTIES if p.extend) + " (date is accepted and gives no values).")
def _problem(description: str) -> dict[str, Any]:
    """An error as problem details (RFC 9457), its ``detail`` also in ``message`` as before."""
    schema = {"allOf": [{"$ref": "#/components/schemas/Problem"},
                        {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}]}
    return {"description": description, "content": {PROBLEM.name: {"schema": schema}}}


_ERRORS = {"400": _problem("The request cannot be read; `detail` (and `message`) says what and where."),
           "503": _problem("The served build has no reconciliation index (made before the service existed).")}
_LIMIT = _param("limit", "Most results (at most BYREGION_RECONCILE_MAX_CANDIDATES).")
_PREFIX = _param("prefix", "What the name starts with (case and diacritics folded), or an IRI of ours or its start.")
_CURSOR = _param("cursor", "How many suggestions to skip (default 0), for the next page.")

_GET: dict[str, dict[str, Any]] = {
    "reconcile.service": {
        "parameters": [_QUERIES, _EXTEND, _param("callback", "Ignored: the answer is JSON, with CORS.")],
        "responses": {"200": _json("The manifest (neither `queries` nor `extend`), the results by query key, "
                                   "or the extension's meta and rows."), **_ERRORS,
                      "413": _problem("More queries than the manifest's `batchSize` (BYREGION_RECONCILE_MAX_BATCH).")}},
    "reconcile.preview": {
        "parameters": [_param("id", "The IRI of a municipality, county, city region or theme.")],
        "responses": {"200": {"description": "The preview page (may be framed).",
                              "content": {HTML.name: {"schema": {"type": "string"}}}},
                      "404": _problem("No unit has this id."), **_ERRORS}},
    "reconcile.view": {
        "parameters": [_param("id", "The IRI of a municipality, county, city region or theme (percent-encoded, "
                                    "as the manifest's view template has clients write it).")],
        "responses": {"303": {"description": "To the thing's IRI on this host (its document follows)."},
                      "404": _problem("No unit has this id."), **_ERRORS}},
    "reconcile.suggest_entity": {
        "parameters": [_PREFIX, _param("type", "Only units of this type (" + _TYPES + ")."), _LIMIT, _CURSOR],
        "responses": {"200": _json("The suggested units.", ref("Suggestions")), **_ERRORS}},
    "reconcile.suggest_type": {"parameters": [_PREFIX, _LIMIT, _CURSOR],
                               "responses": {"200": _json("The suggested types.", ref("Suggestions")), **_ERRORS}},
    "reconcile.suggest_property": {
        "parameters": [_PREFIX, _LIMIT, _CURSOR],
        "responses": {"200": _json("The suggested properties.", ref("Suggestions")), **_ERRORS}},
    "reconcile.properties": {
        "parameters": [_param("type", "The type (" + _TYPES + "); none: every property."), _LIMIT],
        "responses": {"200": _json("The properties offered for data extension."), **_ERRORS}},
}


def operation(endpoint: str, method: str, summary: str) -> dict[str, Any]:
    """The OpenAPI operation of ``method`` on the service's route ``endpoint`` (``reconcile.service``, …)."""
    get = _GET[endpoint]
    if method == "HEAD":
        return {"summary": summary + " (headers only)", "parameters": get["parameters"],
                "responses": {code: {"description": r["description"]} for code, r in get["responses"].items()}}
    if method == "POST":
        body = {"required": False, "content": {FORM: {"schema": {"type": "object", "properties": {
            "queries": {"type": "string"}, "extend": {"type": "string"}}}}}}
        return {"summary": summary + " (form-encoded, as OpenRefine posts it)", "requestBody": body,
                "responses": {**get["responses"], "413": _problem("The body is larger than "
                                                               "BYREGION_RECONCILE_MAX_REQUEST_BYTES, or the batch "
                                                               "has more queries than the manifest's `batchSize`."),
                              "415": _problem("The body is not a form (the 1.0 draft's JSON body): the service "
                                              "speaks the 0.2 API; `message` says how to send the queries. Or the "
                                              "body has a Content-Encoding (Accept-Encoding: identity).")}}
    return {"summary": summary, **get}
