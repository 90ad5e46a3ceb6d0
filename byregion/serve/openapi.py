"""The OpenAPI 3.1 description of every HTTP endpoint, generated from the routes themselves. Pure.

The routes come from where they are defined: the documents' table (:data:`byregion.serve.documents.ROUTES`)
and Flask's URL map (the SPARQL endpoint, the dumps, the static files, ``/health``, this description). What
each kind of route takes and answers is stated once here, per kind (:func:`kind_of`); the SPARQL protocol's
forms come from :mod:`byregion.sparql.protocol` and every media type from :mod:`byregion.mediatypes`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from byregion.identifiers.paths import LISTS, TABLE_PATHS
from byregion.mediatypes import (
    CSV_TABLE,
    CSVW_METADATA,
    DOCUMENT_TYPES,
    FORM,
    GEOJSON,
    HTML,
    JSON,
    JSONLD,
    PLAIN,
    PROBLEM,
    RDF_TYPES,
    SELECT_TYPES,
    SERVED_TYPES,
    SOURCE_TYPES,
    SPARQL_QUERY,
    XML,
)
from byregion.paths import BOUNDARIES
from byregion.reconcile import openapi as reconcile_openapi
from byregion.serve.documents import SINGLE
from byregion.serve.graph_store import TRIPLE_TYPES as GRAPH_STORE_TYPES
from byregion.serve.lookups import DATE
from byregion.serve.lookups import ROUTES as LOOKUP_ROUTES
from byregion.serve.openapi_schemas import BY_MEDIA_TYPE, OPEN_OBJECT, SCHEMAS, ref
from byregion.serve.rules import TRUNCATED

#: Routes with no HTML page: the ``.<ext>`` routes among them offer RDF only.
RDF_ONLY = ("/.well-known/void",)
_PARAM = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>[A-Za-z_]+)>")
_PLAIN = PLAIN.name


@dataclass(frozen=True)
class Route:
    """One route: its rule (Flask's syntax), the methods it answers, what it is and which kind it is."""

    rule: str
    methods: tuple[str, ...]
    summary: str
    kind: str  # one of KINDS


def kind_of(rule: str, endpoint: str | None = None) -> str:
    """The kind of a route, from its rule (a document route) or its Flask endpoint (``sparql.endpoint``)."""
    if endpoint is None:
        if rule in LOOKUP_ROUTES:
            return "lookup"
        if rule in TABLE_PATHS:
            return "table"
        if rule.startswith(BOUNDARIES):
            return "layer"
        if rule in LISTS.values():
            return "page"
        if rule.startswith("/id/"):
            return "thing"
        if rule.startswith("/source/"):
            return "source"
        return "single" if rule in SINGLE else "document"
    blueprint = endpoint.split(".", 1)[0]
    if blueprint == "search" and rule.endswith(".json"):
        return "search.json"
    if blueprint == "reconcile":
        return endpoint  # each of the service's routes is a kind of its own (byregion.reconcile.openapi)
    return {"sparql": "sparql", "dumps": "file", "graph_store": "graph-store", "static": "file", "health": "health",
            "openapi": "json", "search": "search"}.get(blueprint, "json")


def _formats(rule: str) -> list[str] | None:
    """The extensions a ``.<ext>`` route answers where not every document format: VoID's are RDF only (it has no
    page of its own)."""
    return [m.extension for m in RDF_TYPES] if rule.startswith(RDF_ONLY) else None


def path_of(rule: str, examples: Mapping[str, str] | None = None,
            formats: list[str] | None = None) -> tuple[str, list[dict[str, Any]]]:
    """``/doc/<path:path>`` → ``/doc/{path}`` and its path parameters (an extension is one of the formats), each
    with the value of ``examples`` for its name as an example that exists."""
    parameters = []
    for match in _PARAM.finditer(rule):
        name = match.group("name")
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if name == "ext":
            schema = {"type": "string", "enum": formats or [m.extension for m in DOCUMENT_TYPES]}
        description = "a path of one or more segments" if match.group("converter") == "path" else "one segment"
        parameters.append({"name": name, "in": "path", "required": True, "schema": schema,
                           "description": description,
                           **({"example": examples[name]} if examples and name in examples else {})})
    return _PARAM.sub(lambda m: "{" + m.group("name") + "}", rule), parameters


def _is_json(media_type: str) -> bool:
    """JSON itself, or a JSON-based type (``application/ld+json``, ``…geo+json``, ``…sparql-results+json``)."""
    essence = media_type.split(";", 1)[0].strip()
    return essence == JSON.name or essence.endswith("+json")


def _content(types: Iterable[str], schemas: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Each type's body: for JSON and its kin the shape of :mod:`.openapi_schemas` (JSON-LD, GeoJSON, SPARQL
    results; ``schemas`` by type where a route answers another), else an open object (CSVW metadata); text (a
    string) otherwise."""
    shapes = {**BY_MEDIA_TYPE, **(schemas or {})}
    return {name: {"schema": shapes.get(name, OPEN_OBJECT) if _is_json(name) else {"type": "string"}}
            for name in types}


def _response(description: str, types: Iterable[str] = (),
              schemas: Mapping[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    content = _content(types, schemas)
    return {"description": description, **({"content": content} if content else {})}


_HEADER = {"Accept": "Media types wanted (content negotiation).",
           "Accept-Profile": "Profiles wanted (W3C Content Negotiation by Profile): profile URIs in <…> or tokens "
                             "(full, ids, schema, alt), with q-values; the answer names its profile in "
                             "Content-Profile and Link rel=\"profile\".",
           "Accept-Language": "Languages wanted for HTML pages (nb or en).",
           "If-None-Match": "ETag of the client's copy (304 when current).",
           "If-Match": "ETag the answer must have (strong comparison; 412 when it has another).",
           "If-Unmodified-Since": "The answer must not have changed since this HTTP-date (412 when it has).",
           "Range": "One byte range of the file (bytes=FIRST-[LAST] or bytes=-SUFFIX): 206 with that part, 416 when "
                    "the file has no such bytes; other ranges get the whole file.",
           "If-Range": "The ETag or Last-Modified of the client's part: the Range applies only when the file is "
                       "still that one (else the whole file)."}
_DOC_TYPES = [m.name for m in SERVED_TYPES]  # GeoJSON for things with a geometry (and their 404)
_ERRORS = {
    "404": _response("No such document; the body is in the negotiated format.", [*_DOC_TYPES, _PLAIN]),
    "410": _response("Gone: an earlier version of the data published this address, and this one does not (the "
                     "build's withdrawn addresses); the body is in the negotiated format.", [*_DOC_TYPES, _PLAIN]),
    "414": _response("URL longer than BYREGION_MAX_URL_LENGTH.", [_PLAIN]),
}
_LOOKUP_PROBLEM = {PROBLEM.name: ref("LookupProblem")}
#: What a client that follows a 303 ends with (a browser's fetch, most HTTP libraries): the thing's document, in the
#: negotiated format. The 303 itself is this route's answer; the 200 is its document's.
_FOLLOWED = _response("The thing's document, for a client that follows the 303 (fetch, most HTTP libraries); the "
                      "303 itself names its IRI in Location.", _DOC_TYPES)
_PRECONDITION_FAILED = _response("Precondition Failed: the answer is not the one If-Match or If-Unmodified-Since "
                                 "names.", [_PLAIN])
#: The validators a read-only answer with an ETag and a date takes (byregion.serve.rules.preconditions).
_VALIDATORS = ("If-None-Match", "If-Match", "If-Unmodified-Since")
_SPARQL_TYPES = [m.name for m in (*SELECT_TYPES, *RDF_TYPES, HTML)]
_SPARQL_ERRORS = {
    "400": _response("Not a valid SPARQL query or protocol request, or SPARQL Update (LOAD included): the endpoint "
                     "is read-only (the body says why).", [_PLAIN, HTML.name]),
    "403": _response("Refused: SERVICE (federated query) is off.", [_PLAIN, HTML.name]),
    "406": _response("No format in Accept is offered for this query.", [_PLAIN, HTML.name]),
    "413": _response("Query or body larger than BYREGION_SPARQL_MAX_QUERY_BYTES.", [_PLAIN, HTML.name]),
    "415": _response("POST with a Content-Type other than the protocol's two, or a body with a Content-Encoding "
                     "(Accept-Encoding: identity).", [_PLAIN, HTML.name]),
    "502": _response("The store failed (remote store unreachable).", [_PLAIN, HTML.name]),
    "503": _response("Timed out (BYREGION_SPARQL_TIMEOUT) or the queue is full (Retry-After).", [_PLAIN, HTML.name]),
}


def _headers(*names: str) -> list[dict[str, Any]]:
    return [{"name": n, "in": "header", "required": False, "schema": {"type": "string"}, "description": _HEADER[n]}
            for n in names]


def _query(name: str, description: str, *, array: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "array", "items": {"type": "string"}} if array else {"type": "string"}
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description,
            **({"style": "form", "explode": True} if array else {})}


_LANG = {**_query("lang", "Language of an HTML page (nb or en); sets the lang cookie."),
         "schema": {"type": "string", "enum": ["nb", "en"]}}
_SPARQL_PARAMS = [_query("query", "The SPARQL 1.1 query (none: the service description or the query page)."),
                  _query("default-graph-uri", "A graph to query as the default graph.", array=True),
                  _query("named-graph-uri", "A graph to query as a named graph.", array=True),
                  _query("format", "The result format by name or extension (for links in a browser)."),
                  _query("output", "The same as format, by Fuseki's name (used where format is not given)."),
                  _query("results", "The same as format, by Fuseki's other name (used where neither format nor "
                                    "output is given)."),
                  _LANG, *_headers("Accept")]


def _paging(limits: Limits) -> list[dict[str, Any]]:
    return [{**_query("page", "The page of results, from 1, at most BYREGION_SEARCH_MAX_PAGE."),
             "schema": {"type": "integer", "minimum": 1, "maximum": limits.search_max_page}},
            {**_query("limit", "Results per page, at most BYREGION_SEARCH_LIMIT (its default)."),
             "schema": {"type": "integer", "minimum": 1, "maximum": limits.search_limit}}]


@dataclass(frozen=True)
class Limits:
    """The settings a client's parameters are held to, stated in the description as the server applies them."""

    search_limit: int  # BYREGION_SEARCH_LIMIT
    search_max_page: int  # BYREGION_SEARCH_MAX_PAGE


def _search(limits: Limits, json_only: bool = False) -> dict[str, Any]:
    """``/search`` (:mod:`byregion.web.search`): the parameters, and the JSON answer's shape; ``/search.json`` answers
    JSON only (its words are required there)."""
    marked = {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2,
                                         "maxItems": 2},
              "description": "[start, end) character offsets of the matched words."}
    result = {"type": "object", "required": ["iri", "url", "path", "label", "label_highlights", "kind", "snippet",
                                             "score"], "properties": {
        "iri": {"type": "string"}, "url": {"type": "string"}, "path": {"type": "string"},
        "label": {"type": "string"}, "label_highlights": marked,
        "kind": {"type": "object", "properties": {"iri": {"type": ["string", "null"]}, "label": {"type": "string"}}},
        "snippet": {"type": ["object", "null"], "properties": {
            "text": {"type": "string"}, "lang": {"type": ["string", "null"]}, "highlights": marked,
            "html": {"type": "string", "description": "The text escaped for HTML, matched words in <mark>."}}},
        "score": {"type": "number"}}}
    facet = {"type": "object", "required": ["token", "iri", "label", "count", "selected", "url"], "properties": {
        "token": {"type": "string", "description": "The value of kind= for it."},
        "iri": {"type": ["string", "null"], "description": "The class (null: things of no class)."},
        "label": {"type": "string"}, "count": {"type": "integer"},
        "selected": {"type": "boolean", "description": "Whether it is one of the kinds asked for."},
        "url": {"type": "string", "description": "This search with the kind added to the kinds asked for, or "
                                                 "taken away when selected."}}}
    found = {"type": "object", "required": ["query", "lang", "kind", "total", "page", "limit", "pages", "kinds",
                                            "results"],
             "properties": {"query": {"type": "string"}, "lang": {"type": "string"}, "total": {"type": "integer"},
                            "page": {"type": "integer"}, "limit": {"type": "integer"},
                            "pages": {"type": "integer"}, "next": {"type": ["string", "null"]},
                            "previous": {"type": ["string", "null"]},
                            "suggestion": {"type": ["string", "null"], "description": (
                                "With no result: the query with names' words for its words that are none "
                                "(Notoden: Notodden), where that finds something.")},
                            "suggestion_url": {"type": ["string", "null"]},
                            "kind": {"type": "array", "items": {"type": "string"},
                                     "description": "The kinds the results are restricted to (tokens); none: all."},
                            "kinds": {"type": "array", "items": facet, "description": (
                                "The query's matches counted by kind before the restriction to kinds, most first, "
                                "then kinds asked for that matched nothing.")},
                            "results": {"type": "array", "items": result}}}
    error = {"allOf": [PROBLEM_REF, {"type": "object", "required": ["error"], "properties": {
        "error": {"type": "string", "description": "detail, as before problem details."},
        "query": {"type": "string"},
        "kinds": {"type": "array", "items": {"type": "string"},
                  "description": "With an unknown kind: the tokens kind= takes."}}}]}
    words = _query("q", "The words to search for: names, numbers or words of the texts, Norwegian or English (case, "
                        "accents and inflection do not matter; the last word also matches as a prefix).")
    kind = _query("kind", "Only results of these kinds (repeat for several: either), each by its token (municipality, "
                          "county, city-region, goal, concept, …; the JSON's kinds lists those the query matched) or "
                          "its class's IRI; an unknown one is a 400 listing the tokens.", array=True)
    if json_only:
        return {"parameters": [{**words, "required": True}, *_paging(limits), kind, _LANG],
                "responses": {"200": {"description": "The results.", "content": {JSON.name: {"schema": found}}},
                              "400": {"description": "No words to search for, a query longer than "
                                                     "BYREGION_SEARCH_MAX_QUERY_CHARS, a page or limit out of "
                                                     "range, or an unknown kind.",
                                      "content": {PROBLEM.name: {"schema": error}}},
                              "503": {"description": "The build has no search index this server reads (rebuild).",
                                      "content": {PROBLEM.name: {"schema": error}}}}}
    return {"parameters": [
        words,
        *_paging(limits),
        kind,
        _query("_mediatype", "json or html (overrides Accept)."), _LANG, *_headers("Accept", "Accept-Language")],
        "responses": {
            "200": {"description": "The results: the page (HTML) or JSON.",
                    "content": {HTML.name: {"schema": {"type": "string"}}, JSON.name: {"schema": found}}},
            "400": {"description": "No words to search for (JSON; the page asks for some with 200), a query longer "
                                   "than BYREGION_SEARCH_MAX_QUERY_CHARS, a page or limit out of range, or an unknown "
                                   "kind.",
                    "content": {HTML.name: {"schema": {"type": "string"}}, PROBLEM.name: {"schema": error}}},
            "406": _response("Neither HTML nor JSON is acceptable.", [_PLAIN]),
            "503": {"description": "The build has no search index this server reads (rebuild).",
                    "content": {HTML.name: {"schema": {"type": "string"}}, PROBLEM.name: {"schema": error}}}}}


def _graph_store() -> dict[str, Any]:
    """``/graph-store`` (:mod:`byregion.serve.graph_store`): the Graph Store Protocol's indirect identification, a
    graph's dump negotiated by Accept, with the validators and ranges of a file."""
    return {"parameters": [_query("graph", "The IRI of the named graph to fetch, absolute and percent-encoded (the "
                                           "service description, GET /sparql, lists them). Exactly one of graph and "
                                           "default."),
                           {**_query("default", "Present (no value): the default graph, the union of every named "
                                                "graph."), "allowEmptyValue": True},
                           *_headers("Accept", *_VALIDATORS, "Range", "If-Range")],
            "responses": {"200": _response("The graph's triples: its dump file (Content-Location), in the format "
                                           "Accept chooses (Turtle when it names none).",
                                           [m.name for m in GRAPH_STORE_TYPES]),
                          "206": _response("Partial Content: the bytes the Range names (Content-Range)."),
                          "304": {"description": "Not Modified: the client's copy is current."},
                          "400": _response("Neither graph nor default, both, several graph parameters, or a graph "
                                           "that is no absolute IRI; the body says what to send.", [_PLAIN]),
                          "404": _response("The build has no such named graph; the body says where the graph IRIs "
                                           "are listed.", [_PLAIN]),
                          "406": _response("No format in Accept is one the graph's dump is in; the body names them.",
                                           [_PLAIN]),
                          "412": _PRECONDITION_FAILED,
                          "414": _ERRORS["414"],
                          "416": _response("Range Not Satisfiable: the file has no such bytes (Content-Range: "
                                           "bytes */LENGTH).", [_PLAIN])}}


def _get(kind: str, limits: Limits) -> dict[str, Any]:
    """What a GET of each kind of route takes and answers."""
    if kind == "thing":
        return {"parameters": _headers("Accept"),
                "responses": {"303": {"description": "See Other: the thing's document."}, "200": _FOLLOWED,
                              **_ERRORS}}
    if kind == "lookup":
        return {"parameters": [{**_query(DATE, "The date (YYYY-MM-DD; YYYY-MM or YYYY for its first day) on which the "
                                               "unit held the code."),
                                "schema": {"type": "string", "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}},
                               _query("_mediatype", "The format of the unit's document, passed on in the redirect "
                                                    "(and of the choices of a 300)."),
                               _query("_profile", "The profile of the unit's document, passed on in the redirect."),
                               *_headers("Accept", "Accept-Language"), _LANG],
                "responses": {"303": {"description": "See Other: the unit that held the code (on the date), with "
                                                     "_mediatype, _profile and lang passed on."},
                              "200": _FOLLOWED,
                              "301": {"description": "Moved Permanently: the same code in another notation (q2326, "
                                                     "NO 938 583 986 MVA, a space around it): the canonical "
                                                     "look-up."},
                              "300": _response("Multiple Choices: several units held it; the body lists them, "
                                               "negotiated; Link rel=item for each.", [*_DOC_TYPES, _PLAIN]),
                              "400": _response("The code or the date is malformed (the body says how, and which "
                                               "look-up it may mean).", [_PLAIN, PROBLEM.name], _LOOKUP_PROBLEM),
                              "404": _response("No unit held the code (on the date), or the records do not say; the "
                                               "body says who did when (problem details: as members).",
                                               [_PLAIN, PROBLEM.name], _LOOKUP_PROBLEM),
                              "406": _response("A _mediatype or _profile no document is offered in, or choices (a 300) "
                                               "in no format asked for; the body lists those there are.", [_PLAIN]),
                              "414": _ERRORS["414"]}}
    if kind == "table":
        return {"parameters": _headers(*_VALIDATORS),
                "responses": {"200": _response("The table, or its CSV on the Web metadata.",
                                               [CSV_TABLE.name, CSVW_METADATA.name]),
                              "304": {"description": "Not Modified: the client's copy is current."},
                              "412": _PRECONDITION_FAILED, **_ERRORS}}
    if kind == "layer":
        return {"parameters": _headers(*_VALIDATORS),
                "responses": {"200": _response("The layer: a GeoJSON FeatureCollection (RFC 7946).", [GEOJSON.name]),
                              "304": {"description": "Not Modified: the client's copy is current."},
                              "412": _PRECONDITION_FAILED, **_ERRORS}}
    if kind == "page":
        return {"parameters": [*_headers("Accept", "Accept-Language", *_VALIDATORS), _LANG],
                "responses": {"200": _response("The page, in the language asked for (?lang=, the lang cookie, then "
                                               "Accept-Language).", [HTML.name]),
                              "304": {"description": "Not Modified: the client's copy is current."},
                              "406": _response("No format in Accept is HTML, the page's only one; the body says "
                                               "so.", [_PLAIN]),
                              "412": _PRECONDITION_FAILED, **_ERRORS}}
    if kind in ("document", "single"):
        params = [*_headers("Accept", "Accept-Language", *_VALIDATORS), _LANG]
        if kind == "document":
            params.append(_query("_mediatype", "The format by media type or extension (overrides Accept)."))
            params += [*_headers("Accept-Profile"),
                       _query("_profile", "The profile by token (full, ids, schema, alt) or URI (overrides "
                                          "Accept-Profile); alt lists every profile and format of the document.")]
        responses = {"200": _response("The document.", [*_DOC_TYPES, XML.name, _PLAIN]),
                     "304": {"description": "Not Modified: the client's copy is current."},
                     "412": _PRECONDITION_FAILED, **_ERRORS}
        if kind == "document":
            responses["406"] = _response("No format in Accept, or no profile in Accept-Profile or _profile, is "
                                         "offered; the body lists those that are.", [_PLAIN])
        return {"parameters": params, "responses": responses}
    if kind == "source":
        return {"parameters": _headers(*_VALIDATORS),
                "responses": {"200": _response("The source as received, byte for byte, in its own type (plain text, "
                                               "CSV or Markdown): not negotiated.", SOURCE_TYPES.values()),
                              "304": {"description": "Not Modified: the client's copy is current."},
                              "412": _PRECONDITION_FAILED,
                              "404": _response("No such source.", [*_DOC_TYPES, _PLAIN]), "414": _ERRORS["414"]}}
    if kind == "sparql":
        answered = {**_response("Results, the service description or the query page.", _SPARQL_TYPES,
                                {JSONLD.name: ref("JsonLdResult")}),
                    "headers": {TRUNCATED[0]: {"description": "true where the results were cut at "
                                                              "BYREGION_SPARQL_MAX_ROWS rows (the body holds those "
                                                              "rows only).", "schema": {"type": "string",
                                                                                        "enum": ["true"]}}}}
        return {"parameters": _SPARQL_PARAMS, "responses": {"200": answered, **_SPARQL_ERRORS}}
    if kind == "file":
        return {"parameters": _headers(*_VALIDATORS, "Range", "If-Range"),
                "responses": {"200": _response("The file, byte for byte."),
                              "206": _response("Partial Content: the bytes the Range names (Content-Range)."),
                              "304": {"description": "Not Modified."},
                              "404": _response("No such file; the body is in the negotiated format.",
                                               [*_DOC_TYPES, _PLAIN]),
                              "412": _PRECONDITION_FAILED,
                              "416": _response("Range Not Satisfiable: the file has no such bytes (Content-Range: "
                                               "bytes */LENGTH).", [_PLAIN])}}
    if kind == "graph-store":
        return _graph_store()
    if kind in ("search", "search.json"):
        return _search(limits, json_only=kind == "search.json")
    if kind == "health":
        healthy = ("Healthy (status ok), or degraded with build.problems saying why (a current build it cannot "
                   "serve or does not follow); store.busy when every query slot is taken (answered in turn).")
        shape = {JSON.name: ref("Health")}
        return {"parameters": [], "responses": {"200": _response(healthy, [JSON.name], shape),
                                                "503": _response("The store does not answer.", [JSON.name], shape)}}
    return {"parameters": [], "responses": {"200": _response("The JSON document.", [JSON.name])}}


def operation(kind: str, method: str, summary: str, limits: Limits) -> dict[str, Any]:
    """The OpenAPI operation of ``method`` on a route of ``kind``."""
    if method == "OPTIONS":
        return {"summary": "CORS preflight: the methods answered.",
                "responses": {"200": {"description": "The methods (Allow)."},
                              "204": {"description": "The methods (Allow)."},
                              "404": {"description": "No such file (a path under a file route)."},
                              "414": _ERRORS["414"]}}
    if kind.startswith("reconcile."):
        return reconcile_openapi.operation(kind, method, summary)
    base = _get(kind, limits)
    if method == "HEAD":
        responses = {code: {"description": r["description"]} for code, r in base["responses"].items()}
        return {"summary": summary + " (headers only)", "parameters": base["parameters"], "responses": responses}
    if method == "POST" and kind == "sparql":
        body = {"required": True, "content": {
            FORM: {"schema": {"type": "object", "required": ["query"], "properties": {
                "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
                "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
            SPARQL_QUERY: {"schema": {"type": "string"}}}}
        return {"summary": "A SPARQL query in the body (SPARQL 1.1 Protocol: form-encoded or direct).",
                "parameters": [p for p in _SPARQL_PARAMS if p["name"] != "query"], "requestBody": body,
                "responses": {**base["responses"]}}
    return {"summary": summary, **base}


def operation_id(method: str, path: str) -> str:
    """A name for code generators, unique per method and path: ``GET /doc/{path}`` → ``get_doc_path``,
    ``GET /.well-known/void.{ext}`` → ``get_well_known_void_ext``, ``GET /`` → ``get_home``."""
    words = re.sub(r"[^a-z0-9]+", "_", path.lower()).strip("_")
    return f"{method.lower()}_{words or 'home'}"


def describe(routes: Iterable[Route], *, title: str, version: str, server: str,
             examples: Mapping[str, str] | None = None,
             rule_examples: Mapping[str, Mapping[str, str]] | None = None, limits: Limits) -> dict[str, Any]:
    """The whole OpenAPI document for ``routes``; ``examples`` gives path parameters values that exist, by the
    parameter's name, and ``rule_examples`` by rule where one name means different things (``/graph/<path:name>``,
    ``/dumps/<name>``)."""
    paths: dict[str, dict[str, Any]] = {}
    for route in sorted(routes, key=lambda r: r.rule):
        given = {**(examples or {}), **(rule_examples or {}).get(route.rule, {})}
        path, parameters = path_of(route.rule, given, _formats(route.rule))
        item = paths.setdefault(path, {})
        if parameters:
            item["parameters"] = parameters
        for method in route.methods:
            item[method.lower()] = {"operationId": operation_id(method, path),
                                    **operation(route.kind, method, route.summary, limits)}
    for item in paths.values():
        for method, described in item.items():
            if method not in ("parameters", "head"):
                _problems_beside_text(described["responses"])
    return {"openapi": "3.1.0",
            "info": {"title": title, "version": version,
                     "description": "Linked open data of Norway's city-region programme: documents negotiated "
                                    "in HTML, Turtle, JSON-LD, N-Triples and RDF/XML, a read-only SPARQL 1.1 "
                                    "endpoint, the dumps and the catalogue. Generated from the server's routes."},
            "servers": [{"url": server}], "paths": paths,
            "components": {"schemas": {"Problem": PROBLEM_SCHEMA, **SCHEMAS}}}


#: Problem details (RFC 9457 §3), as every error is sent to a client that asks for JSON (and the search API's and
#: the reconciliation service's errors always, with their members of before beside).
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object", "required": ["type", "title", "status", "detail"],
    "description": "An error as problem details (RFC 9457); other members may follow (search: error, query; "
                   "reconciliation: message).",
    "properties": {"type": {"type": "string", "description": "about:blank: the status says what kind of error."},
                   "title": {"type": "string", "description": "The status's reason phrase."},
                   "status": {"type": "integer"},
                   "detail": {"type": "string", "description": "What was wrong, where, and what to send instead; "
                                                               "in the language of Content-Language."}}}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def _problems_beside_text(responses: dict[str, Any]) -> None:
    """Each error answered as plain text or a page is also answered as problem details, to a client that asks for
    JSON (:mod:`byregion.serve.problems`)."""
    for code, response in responses.items():
        content = response.get("content", {})
        if code[0] in "45" and (_PLAIN in content or HTML.name in content):
            content.setdefault(PROBLEM.name, {"schema": PROBLEM_REF})
