"""``/sparql``: the SPARQL 1.1 Protocol endpoint, its service description and its HTML query page.

Protocol forms (SPARQL 1.1 Protocol §2.1): GET ``?query=``, POST form-encoded, POST
``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` in any of them. Results are
negotiated by ``Accept`` (or ``?format=`` for browsers); a browser gets the HTML page with a results
table. Guards and execution live in :mod:`byregion.sparql`; this module only adapts them to HTTP.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import HTTPException

from byregion import conneg
from byregion.mediatypes import ASK_TYPES, HTML, RDF_TYPES, SELECT_TYPES, SPARQL_JSON, MediaType
from byregion.namespaces import PREFIXES
from byregion.sparql import NotAcceptable, QueryTooLarge, Refused, UpdateRefused
from byregion.sparql.description import service_description
from byregion.sparql.examples import EXAMPLES
from byregion.sparql.execute import NTRIPLES, Job, Result
from byregion.sparql.guards import CheckedQuery, check
from byregion.sparql.runner import Runner, make_runner
from server import i18n
from server.app import state

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

TRUNCATED_HEADER = "X-Byregion-Truncated"
_CORS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Content-Type",
    "Access-Control-Expose-Headers": f"{TRUNCATED_HEADER}, Retry-After, Content-Type",
    "Access-Control-Max-Age": "86400",
}
_FORM = "application/x-www-form-urlencoded"
_QUERY = "application/sparql-query"
_UPDATE = "application/sparql-update"
#: What ``?format=`` accepts besides extensions and media types, per result form.
_FORMAT_WORDS = {"json": ("srj", "jsonld"), "xml": ("srx", "rdf"), "turtle": ("ttl",), "ntriples": ("nt",)}


@dataclass
class ProtocolRequest:
    """The protocol parameters of one request, however they were sent."""

    query: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None


class BadRequest(Refused):
    status = 400


class UnsupportedMediaType(Refused):
    status = 415


def _pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """``a=b&c=d`` decoded strictly as UTF-8 (the protocol's encoding); anything else is a 400."""
    try:
        return parse_qsl(raw.decode("utf-8"), keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"The {where} is not valid UTF-8 (at byte {exc.start}); "
                         "SPARQL protocol parameters must be UTF-8.") from exc


def _from_pairs(pairs: list[tuple[str, str]], proto: ProtocolRequest, *, allow_query: bool = True) -> None:
    queries = [v for k, v in pairs if k == "query"]
    if any(k == "update" for k, _ in pairs):
        raise UpdateRefused("This endpoint is read-only: the `update` parameter (SPARQL Update) is not accepted.")
    if queries and not allow_query:
        raise BadRequest("Send the query either in the body or in the URL, not both.")
    if len(queries) > 1 or (queries and proto.query is not None):
        raise BadRequest("More than one `query` parameter was sent; send exactly one.")
    if queries:
        proto.query = queries[0]
    proto.default_graphs += [v for k, v in pairs if k == "default-graph-uri"]
    proto.named_graphs += [v for k, v in pairs if k == "named-graph-uri"]
    formats = [v for k, v in pairs if k == "format"]
    if formats:
        proto.format = formats[-1]


def read_protocol(max_bytes: int) -> ProtocolRequest:
    """Parse the request per SPARQL 1.1 Protocol §2.1, or raise a 4xx :class:`Refused`."""
    proto = ProtocolRequest()
    url_pairs = _pairs(request.query_string, "query string")
    if request.method == "GET":
        _from_pairs(url_pairs, proto)
        return proto
    limit = max_bytes + 8192  # room for the other parameters; the query itself is measured by the guard
    if (request.content_length or 0) > limit:
        raise QueryTooLarge(f"The request body is {request.content_length} bytes; queries may be at most "
                            f"{max_bytes} bytes.")
    body = request.stream.read(limit + 1)
    if len(body) > limit:
        raise QueryTooLarge(f"The request body is over {limit} bytes; queries may be at most {max_bytes} bytes.")
    mimetype = request.mimetype
    if mimetype == _FORM:
        _from_pairs(url_pairs, proto, allow_query=True)
        _from_pairs(_pairs(body, "form body"), proto)
    elif mimetype == _QUERY:
        _from_pairs(url_pairs, proto, allow_query=False)
        try:
            proto.query = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BadRequest(f"The query body is not valid UTF-8 (at byte {exc.start}).") from exc
    elif mimetype == _UPDATE:
        raise UpdateRefused("This endpoint is read-only: SPARQL Update (application/sparql-update) is not accepted.")
    else:
        shown = mimetype or "none"
        raise UnsupportedMediaType(f"POST needs Content-Type {_FORM} or {_QUERY} (got {shown}).")
    if proto.query is None:
        raise BadRequest("A POST to /sparql needs a `query`.")
    return proto


def offered_for(form: str) -> tuple[MediaType, ...]:
    """Formats for a result form, in preference order; HTML last, so only browsers get the page."""
    return (*{"SELECT": SELECT_TYPES, "ASK": ASK_TYPES}.get(form, RDF_TYPES), HTML)


def choose_format(form: str, format_param: str | None) -> MediaType:
    offered = offered_for(form)
    if format_param:
        wanted = format_param.strip().lower()
        candidates = [wanted, *_FORMAT_WORDS.get(wanted, ())]
        chosen = next((m for c in candidates if (m := conneg.from_parameter(c, offered))), None)
        if chosen is None:
            names = ", ".join(m.extension for m in offered)
            raise NotAcceptable(f"format={format_param!r} is not offered for this query; use one of: {names}.")
        return chosen
    chosen = conneg.negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        names = ", ".join(m.name for m in offered)
        raise NotAcceptable(f"Nothing in Accept: {request.headers.get('Accept')!r} is offered for this query; "
                            f"this query's results come as: {names}.")
    return chosen


def runner() -> Runner:
    app_state = state()
    existing = app_state.cache.get("sparql.runner")
    if existing is None:
        existing = app_state.cache["sparql.runner"] = make_runner(app_state.settings, app_state.store,
                                                                  app_state.build.path)
    return existing  # type: ignore[no-any-return]


def _respond(body: bytes | str, status: int, content_type: str, headers: dict[str, str] | None = None) -> Response:
    response = Response(body, status=status, content_type=content_type)
    response.headers.update(_CORS)
    response.headers["Vary"] = "Accept"
    response.headers.update(headers or {})
    return response


def _content_type(media_type: MediaType | str) -> str:
    name = media_type if isinstance(media_type, str) else media_type.name
    return f"{name}; charset=utf-8" if name.startswith("text/") or name.endswith(("json", "xml", "triples")) else name


@bp.route("/sparql", methods=["OPTIONS"])
def preflight() -> Response:
    return _respond(b"", 204, "text/plain", {"Allow": "GET, POST, OPTIONS"})


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    settings = state().settings
    try:
        proto = read_protocol(settings.sparql_max_query_bytes)
        if proto.query is None:
            return describe_or_page()
        checked = check(proto.query, max_bytes=settings.sparql_max_query_bytes,
                        allow_service=settings.sparql_allow_service)
        media_type = choose_format(checked.form, proto.format)
        if media_type is HTML:
            return page(proto, checked)
        result = execute(checked, media_type.name, proto)
    except Refused as refused:
        if _wants_html():
            return page(proto if "proto" in locals() else ProtocolRequest(), None, refused)
        return _respond(refused.message + "\n", refused.status, "text/plain; charset=utf-8", refused.headers)
    headers = {TRUNCATED_HEADER: "true"} if result.truncated else {}
    return _respond(result.body, 200, _content_type(media_type), headers)


def execute(checked: CheckedQuery, media_type: str, proto: ProtocolRequest) -> Result:
    settings = state().settings
    job = Job(checked.text, checked.form, media_type, settings.sparql_max_rows,
              tuple(proto.default_graphs), tuple(proto.named_graphs))
    return runner().run(job, settings.sparql_timeout)


def _wants_html() -> bool:
    accept = request.headers.get("Accept")
    return bool(accept) and conneg.negotiate(accept, (SPARQL_JSON, HTML)) is HTML


def describe_or_page() -> Response:
    """GET /sparql without a query: the service description for RDF clients, the query page for browsers."""
    offered = (HTML, *RDF_TYPES)
    format_param = request.args.get("format")
    chosen = conneg.from_parameter(format_param, offered) if format_param else \
        conneg.negotiate(request.headers.get("Accept"), offered)
    if chosen is None:
        raise NotAcceptable("The service description comes as HTML, " + ", ".join(m.name for m in RDF_TYPES) + ".")
    if chosen is HTML:
        return page(ProtocolRequest(), None)
    endpoint_url = state().settings.base_uri + "/sparql"
    graph = service_description(endpoint_url, state().build.manifest)
    return _respond(graph.serialize(format=chosen.rdflib_format), 200, _content_type(chosen))


# --- the HTML page -------------------------------------------------------------------------------------

STRINGS: dict[str, dict[str, str]] = {
    "title": {"nb": "SPARQL-spørringer", "en": "SPARQL queries"},
    "intro": {"nb": "Still spørsmål til hele kunnskapsgrafen med SPARQL 1.1. Standardgrafen er unionen av alle "
                    "navngitte grafer.",
              "en": "Ask the whole knowledge graph with SPARQL 1.1. The default graph is the union of all named "
                    "graphs."},
    "query": {"nb": "Spørring", "en": "Query"},
    "run": {"nb": "Kjør", "en": "Run"},
    "results": {"nb": "Resultat", "en": "Results"},
    "rows": {"nb": "rader", "en": "rows"},
    "download": {"nb": "Last ned", "en": "Download"},
    "truncated": {"nb": "Resultatet er kuttet etter {n} rader (grensen for dette endepunktet). Legg til LIMIT/OFFSET "
                        "eller last ned datasettet.",
                  "en": "The results were cut after {n} rows (this endpoint's limit). Add LIMIT/OFFSET, or download "
                        "the dataset."},
    "examples": {"nb": "Eksempler", "en": "Examples"},
    "prefixes": {"nb": "Prefikser", "en": "Prefixes"},
    "graphs": {"nb": "Navngitte grafer", "en": "Named graphs"},
    "error": {"nb": "Spørringen ble avvist", "en": "The query was refused"},
    "answer": {"nb": "Svar", "en": "Answer"},
    "yes": {"nb": "ja (true)", "en": "yes (true)"},
    "no": {"nb": "nei (false)", "en": "no (false)"},
    "description": {"nb": "Tjenestebeskrivelse", "en": "Service description"},
}


@bp.context_processor
def _context() -> dict[str, Any]:
    return i18n.template_context()


def _table(result: Result, form: str) -> tuple[list[str], list[list[dict[str, str]]]]:
    """Columns and cells of a result for the HTML table; each cell has ``text`` and, for IRIs, ``href``."""
    if form == "SELECT":
        solutions = ox.parse_query_results(result.body, ox.QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return names, [[_cell(s[n]) for n in names] for s in solutions]  # type: ignore[union-attr]
    triples = ox.parse(result.body, ox.RdfFormat.N_TRIPLES)
    return ["subject", "predicate", "object"], [[_cell(t.subject), _cell(t.predicate), _cell(t.object)]
                                                for t in triples]


def _cell(term: Any) -> dict[str, str]:
    if term is None:
        return {"text": ""}
    if isinstance(term, ox.NamedNode):
        return {"text": compact(term.value), "href": term.value, "title": term.value}
    if isinstance(term, ox.Literal):
        suffix = f"@{term.language}" if term.language else ""
        return {"text": term.value + suffix, "title": compact(term.datatype.value)}
    return {"text": str(term)}


def compact(iri: str) -> str:
    """``https://data.byregion.no/id/region/notodden`` → ``id:region/notodden`` (longest namespace wins)."""
    best = max((ns for ns in PREFIXES.values() if iri.startswith(ns)), key=len, default=None)
    if best is None:
        return iri
    prefix = next(p for p, ns in PREFIXES.items() if ns == best)
    return f"{prefix}:{iri[len(best):]}"


def _download_links(proto: ProtocolRequest, form: str) -> list[tuple[str, str, str]]:
    links = []
    for media_type in offered_for(form)[:-1]:
        params = [("query", proto.query or "")] + [("default-graph-uri", g) for g in proto.default_graphs]
        params += [("named-graph-uri", g) for g in proto.named_graphs] + [("format", media_type.extension)]
        links.append(("/sparql?" + urlencode(params), media_type.name, media_type.label))
    return links


def page(proto: ProtocolRequest, checked: CheckedQuery | None, refused: Refused | None = None) -> Response:
    """The query page; with a checked query, also its results as a table (or the refusal, explained)."""
    lang = i18n.request_language()
    words = {k: v.get(lang) or v["nb"] for k, v in STRINGS.items()}
    settings = state().settings
    columns: list[str] = []
    rows: list[list[dict[str, str]]] = []
    answer: bool | None = None
    truncated = False
    status = refused.status if refused else 200
    if checked is not None and refused is None:
        try:
            wire = SPARQL_JSON.name if checked.form in {"SELECT", "ASK"} else NTRIPLES
            result = execute(checked, wire, proto)
            truncated = result.truncated
            if checked.form == "ASK":
                answer = bool(ox.parse_query_results(result.body, ox.QueryResultsFormat.JSON))
            else:
                columns, rows = _table(result, checked.form)
        except Refused as exc:
            refused, status = exc, exc.status
    examples = [{"slug": e.slug, "title": e.title.get(lang, e.title["nb"]),
                 "question": e.question.get(lang, e.question["nb"]), "query": e.query,
                 "href": "/sparql?" + urlencode({"query": e.query})} for e in EXAMPLES]
    html = render_template(
        "sparql.html", words=words, query=proto.query or EXAMPLES[0].query, ran=checked is not None,
        columns=columns, rows=rows, answer=answer, truncated=truncated, max_rows=settings.sparql_max_rows,
        error=refused.message if refused else None, examples=examples, prefixes=PREFIXES,
        graphs=state().build.manifest.get("graphs", []),
        downloads=_download_links(proto, checked.form) if checked and not refused else [],
        description_links=[("/sparql?format=" + m.extension, m.name, m.label) for m in RDF_TYPES],
    )
    headers = {TRUNCATED_HEADER: "true"} if truncated else {}
    headers.update(refused.headers if refused else {})
    return _respond(html, status, "text/html; charset=utf-8", headers)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    """Anything unforeseen: log it, answer 500 without a traceback (HTTP errors keep their own status)."""
    if isinstance(exc, HTTPException):
        return _respond(f"{exc.name}: {exc.description}\n", exc.code or 500, "text/plain; charset=utf-8")
    log.exception("SPARQL endpoint failed")
    return _respond("The SPARQL endpoint failed unexpectedly; the error was logged. Try again later.\n", 500,
                    "text/plain; charset=utf-8")

