"""``/sparql``: the SPARQL 1.1 Protocol endpoint, its service description and its HTML query page.

Protocol forms (SPARQL 1.1 Protocol §2.1): GET ``?query=``, POST form-encoded, POST
``application/sparql-query``; ``default-graph-uri`` / ``named-graph-uri`` in any of them. Results are
negotiated by ``Accept`` (or ``?format=`` for browsers); a browser gets the HTML page with a results
table. Guards and execution live in :mod:`byregion.sparql`; this module only adapts them to HTTP.

Query requests from programs (everything but the page and the service description) are answered by
:class:`QueryFastPath`, a plain WSGI handler in front of Flask: per request it saves the routing,
request and response objects, which at small graphs cost as much as the query itself.

:func:`warm` runs before the server accepts connections (``byregion.web.app:serve_app``): the query
processes are started and warm when the first client comes, not started by it.
"""

from __future__ import annotations

import functools
import io
import logging
import time
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple
from urllib.parse import urlencode

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request
from werkzeug.exceptions import HTTPException, ServiceUnavailable

from byregion import conneg, uris
from byregion.build import PublishedBuild
from byregion.i18n import SPARQL_PAGE, page_urls
from byregion.mediatypes import (
    HTML,
    HTML_TYPE,
    PLAIN_TYPE,
    RDF_TYPES,
    SPARQL_JSON,
    MediaType,
    result_content_type,
)
from byregion.paths import SERVICE_DESCRIPTION
from byregion.prefixes import QUERY_PREFIXES
from byregion.render import compact_iri, prefix_table, prefixes
from byregion.serve import rules
from byregion.serve.problems import wants_problem
from byregion.serve.rules import (
    SPARQL_HEADERS,
    sparql_answer,
    sparql_headers,
    sparql_result,
    status_line,
)
from byregion.sparql import NotAcceptable, NotXml, Refused
from byregion.sparql.examples import EXAMPLES
from byregion.sparql.execute import NTRIPLES, Job, Result
from byregion.sparql.guards import CheckedQuery, check, volatile
from byregion.sparql.hints import MAX_HINTS, Hint, unknown_terms, untagged_strings, untyped_dates
from byregion.sparql.protocol import (
    BadRequest,
    ProtocolRequest,
    carrying_any_character,
    choose_format,
    offered_for,
    read_body,
    read_protocol,
    wants_html,
)
from byregion.sparql.runner import Runner
from byregion.web import i18n
from byregion.web.app import AppState, served, state, state_of
from byregion.web.documents import StartResponse, WSGIApp, request_of, taken
from byregion.web.files import answered

log = logging.getLogger(__name__)
bp = Blueprint("sparql", __name__)

_FAILED = "The SPARQL endpoint failed unexpectedly; the error was logged. Try again later.\n"


def warm(app_state: AppState) -> None:
    """Start the query processes, wait until each has opened the store and run a query, then answer one
    trivial query through the endpoint's own path; a failure is logged (queries then answer 502 saying why)."""
    started = time.monotonic()
    try:
        build = app_state.following.current().build
        app_state.runner(build).wait_ready()
        answer_query(app_state, build, ProtocolRequest(query="ASK {}"), SPARQL_JSON.name)
    except Refused as refused:
        log.error("the SPARQL endpoint is not ready: %s", refused.message)
        return
    log.info("SPARQL endpoint ready in %.1f s", time.monotonic() - started)


def execute(app_state: AppState, checked: CheckedQuery, media_type: str, proto: ProtocolRequest,
            run_by: Runner, base: str) -> Result:
    """Run a checked query by ``run_by``, the runner its guards were chosen for, on the build of ``base``."""
    settings = app_state.settings
    job = Job(checked.text, checked.form, media_type, settings.sparql_max_rows,
              tuple(proto.default_graphs), tuple(proto.named_graphs), checked.limit, settings.sparql_max_result_bytes,
              _endpoint_of(base))
    return run_by.run(job, settings.sparql_timeout)


class Answer(NamedTuple):
    """A protocol request with a query, guarded and negotiated: its ``result``, unless HTML was chosen (then the
    page runs the query, on ``run_by`` as well: the runner its guards were chosen for)."""

    checked: CheckedQuery
    media_type: MediaType
    result: Result | None
    run_by: Runner


@functools.lru_cache(maxsize=8)  # one base per build: minted once, not per query
def _endpoint_of(base: str) -> str:
    return str(uris.sparql_endpoint(base))


def answer_query(app_state: AppState, served: PublishedBuild, proto: ProtocolRequest, accept: str | None) -> Answer:
    """Guard, negotiate and (unless the page was chosen) run a protocol request that has a query, on the build
    ``served`` (the request's).

    The query is parsed once: here for a remote store, else by the query process that runs it."""
    settings, run_by = app_state.settings, app_state.runner(served)  # one runner for the query: guards and run agree
    text, parse = proto.query or "", not run_by.parses
    checked = check(text, max_bytes=settings.sparql_max_query_bytes, allow_service=settings.sparql_allow_service,
                    parse=parse, max_nesting=settings.sparql_max_nesting,
                    max_operations=settings.sparql_max_operations, max_rereads=settings.sparql_max_rereads,
                    base=_endpoint_of(served.base_uri))  # sd:endpoint: the base of a query's relative IRIs
    try:
        media_type = choose_format(checked.form, proto.format, accept)
    except NotAcceptable:
        if not parse:  # a malformed query is told so first, as when the guards parse it
            check(text, max_bytes=settings.sparql_max_query_bytes, allow_service=settings.sparql_allow_service,
                  max_nesting=settings.sparql_max_nesting, max_operations=settings.sparql_max_operations,
                  max_rereads=settings.sparql_max_rereads, base=_endpoint_of(served.base_uri))
        raise
    if media_type is HTML:
        return Answer(checked, media_type, None, run_by)
    try:
        return Answer(checked, media_type, execute(app_state, checked, media_type.name, proto, run_by,
                                                   served.base_uri), run_by)
    except NotXml:
        other = carrying_any_character(checked.form, proto.format, accept)
        if other is None:
            raise
        return Answer(checked, other, execute(app_state, checked, other.name, proto, run_by, served.base_uri),
                      run_by)


class QueryFastPath:
    """Answers query requests to ``/sparql`` without Flask; hands everything else to ``app``.

    Flask keeps: other paths and methods, requests without a query (service description, page),
    browsers (the HTML page, also for refusals) and any request whose negotiation picks HTML.
    """

    def __init__(self, app: WSGIApp, app_state: AppState) -> None:
        self.app = app
        self.state = app_state

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD")
        if (environ.get("PATH_INFO") != "/sparql" or method not in ("GET", "POST")
                or (method == "GET" and "query=" not in environ.get("QUERY_STRING", ""))
                or wants_html(environ.get("HTTP_ACCEPT"))):
            return self.app(environ, start_response)
        try:
            return self._answer(environ, start_response, method)
        except Refused as refused:
            return _plain(start_response, refused.status, refused.message + "\n", refused.retry_after)
        except Exception:
            log.exception("SPARQL endpoint failed")
            return _plain(start_response, 500, _FAILED)

    def _answer(self, environ: dict[str, Any], start_response: StartResponse, method: str) -> Iterable[bytes]:
        body = b""
        if method == "POST":
            length = environ.get("CONTENT_LENGTH")
            body = read_body(int(length) if length else None, environ["wsgi.input"].read,
                             self.state.settings.sparql_max_query_bytes)
        mimetype = environ.get("CONTENT_TYPE", "").partition(";")[0].strip().lower()
        proto = read_protocol(method, environ.get("QUERY_STRING", "").encode("latin-1"), mimetype, body)
        result, checked = None, None
        if proto.query is not None:
            checked, media_type, result, _ = answer_query(self.state, taken(environ, self.state.following).build,
                                                          proto, environ.get("HTTP_ACCEPT"))
        if result is None:  # no query after all, or HTML was negotiated: Flask renders it
            environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
            return self.app(environ, start_response)
        headers, sent = sparql_result(result_content_type(media_type.name), result.body,
                                      environ.get("HTTP_ACCEPT_ENCODING"), truncated=result.truncated,
                                      kept=method == "GET" and self.state.remote is None
                                      and checked is not None and not volatile(checked.text))
        start_response("200 OK", headers)
        return [sent]


def _plain(start_response: StartResponse, status: int, text: str, retry_after: int | None = None
           ) -> list[bytes]:
    body = text.encode("utf-8")
    headers = sparql_answer(PLAIN_TYPE, len(body), retry_after=retry_after)
    start_response(status_line(status), headers)
    return [body]


@bp.record_once
def _install_fast_path(setup: Any) -> None:
    app = setup.app
    app.wsgi_app = QueryFastPath(app.wsgi_app, state_of(app))


def _respond(body: bytes | str, status: int, content_type: str, *, truncated: bool = False,
             retry_after: int | None = None) -> Response:
    """A Flask answer of the endpoint: with the headers of :func:`byregion.serve.rules.sparql_headers`."""
    response = Response(body, status=status, content_type=content_type)
    response.headers.extend(sparql_headers(truncated=truncated, retry_after=retry_after))
    return response


@bp.after_request
def _endpoint_headers(response: Response) -> Response:
    """Every answer Flask makes for /sparql has the endpoint's CORS and ``Vary`` headers, as the fast path's do; a
    405 too (``byregion.web.app`` runs this blueprint's after-request functions for a method no view takes)."""
    for name, value in SPARQL_HEADERS:
        response.headers.setdefault(name, value)
    return response


#: The methods /sparql answers: HEAD as GET (Flask runs the view and sends its headers without the body).
ALLOW = "GET, HEAD, POST, OPTIONS"


@bp.route("/sparql", methods=["OPTIONS"])
def preflight() -> Response:
    """CORS preflight of the SPARQL endpoint: the methods it answers (:func:`byregion.serve.rules.preflight`); the
    endpoint's CORS headers come from :func:`_endpoint_headers`."""
    return answered(rules.preflight(ALLOW))


@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response:
    """The SPARQL 1.1 query endpoint: results, the service description (no query) or the HTML query page.

    Flask's share of /sparql: the page, the service description, and requests from browsers (the rest is
    :class:`QueryFastPath`'s)."""
    app_state = state()
    accept = request.headers.get("Accept")
    proto: ProtocolRequest | None = None
    try:
        body = b""
        if request.method == "POST":
            body = read_body(request.content_length, request.stream.read,
                             app_state.settings.sparql_max_query_bytes)
        proto = read_protocol(request.method, request.query_string, request.mimetype, body)
        if proto.query is None:
            return describe_or_page()
        answer = answer_query(app_state, served().build, proto, accept)
        media_type, result = answer.media_type, answer.result
        if result is None:
            return page(proto, answer)
    except Refused as refused:
        if wants_html(accept) and not wants_problem(accept):  # the sentence, turned into problem details
            return page(proto or ProtocolRequest(), None, refused)
        return _respond(refused.message + "\n", refused.status, PLAIN_TYPE, retry_after=refused.retry_after)
    headers, sent = sparql_result(result_content_type(media_type.name), result.body,
                                  request.headers.get("Accept-Encoding"), truncated=result.truncated,
                                  kept=request.method in ("GET", "HEAD") and app_state.remote is None
                                  and not volatile(answer.checked.text))
    response = Response(sent, status=200)
    response.headers.clear()
    response.headers.extend(headers)
    return response


def describe_or_page() -> Response:
    """GET /sparql without a query: the service description for RDF clients, the query page for browsers.

    Turtle comes first, so a client that names no type (``*/*``, or no Accept) gets the service description in
    RDF, as SPARQL 1.1 Service Description §2 asks of an endpoint's URL; a browser names HTML and gets the page. A
    request that names the page's language (``/sparql?lang=en``, the sitemap's and the menu's URL) asks for the
    page: HTML comes first there (``rules.page_first``), so ``*/*`` gets the page and a client naming RDF the RDF."""
    format_param = request.args.get("format")
    if not format_param and conneg.negotiate(request.headers.get("Accept"), rules.page_first(
            offered_for("GRAPH"), request.args.get("lang"))) is HTML:
        return page(ProtocolRequest(), None)
    comes_as = "The service description comes as " + ", ".join(m.name for m in RDF_TYPES) + " and HTML"
    try:  # the formats and words of a CONSTRUCT's results (format=json is JSON-LD), the page last
        chosen = choose_format("GRAPH", format_param, request.headers.get("Accept"))
    except BadRequest as refused:
        raise BadRequest(f"format={format_param!r} is not a format this endpoint knows. {comes_as}.") from refused
    except NotAcceptable as refused:
        raise NotAcceptable(f"{comes_as}; nothing of these was asked for.") from refused
    if chosen is HTML:
        return page(ProtocolRequest(), None)
    build = served()
    stored = build.documents.documents.get(SERVICE_DESCRIPTION, chosen.extension)
    if stored is None:
        raise ServiceUnavailable("This build has no service description (it was made by an older version); "
                                 "run `byregion build` again.")
    return answered(rules.sparql_description(request_of(request.environ), stored.media_type, stored.identity,
                                             etag=stored.etag, modified=build.documents.modified(stored),
                                             gzip_body=stored.gzip))


# --- the HTML page -------------------------------------------------------------------------------------


@bp.context_processor
def _context() -> dict[str, Any]:
    return i18n.template_context()


def _table(result: Result, form: str, base: str, lang: str) -> tuple[list[str], list[list[dict[str, str]]]]:
    """Columns and cells of a result for the HTML table; each cell has ``text`` and, for IRIs, ``href``. ``base``:
    the served build's, whose IRIs are linked on the request's host, as on every page."""
    table = prefix_table(base)

    def compact(iri: str) -> str:  # nothing kept: a query's results are IRIs any client may mint
        return compact_iri(iri, table)
    if form == "SELECT":
        solutions = ox.parse_query_results(result.body, ox.QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        return names, [[_cell(s[n], base, lang, compact) for n in names]
                       for s in solutions]  # type: ignore[union-attr]
    triples = ox.parse(result.body, ox.RdfFormat.N_TRIPLES)
    return ["subject", "predicate", "object"], [
        [_cell(t.subject, base, lang, compact), _cell(t.predicate, base, lang, compact),
         _cell(t.object, base, lang, compact)] for t in triples]


def _cell(term: Any, base: str, lang: str, compact: Callable[[str], str]) -> dict[str, str]:
    """A term as a cell: an IRI compacted by the build's prefixes (``render.compactor``) and linked (ours
    host-relative, to its page in the page's ``lang``: ``uris.local_href``; only an http(s) one: ``uris.linkable``),
    a literal with its language as the cell's ``lang`` and its tag after it (``tag``), its datatype in ``title``."""
    if term is None:
        return {"text": ""}
    if isinstance(term, ox.NamedNode):
        if not uris.linkable(term.value):
            return {"text": compact(term.value), "title": term.value}
        return {"text": compact(term.value), "href": uris.local_href(term.value, lang, base), "title": term.value}
    if isinstance(term, ox.Literal):
        if term.language:
            return {"text": term.value, "lang": term.language, "tag": f"@{term.language}",
                    "title": compact(term.datatype.value)}
        return {"text": term.value, "title": compact(term.datatype.value)}
    return {"text": str(term)}


def _dataset(proto: ProtocolRequest, lang: str) -> dict[str, Any]:
    """The request's dataset for the page: its graphs, which the form keeps, and the same query without them."""
    kept = {"query": proto.query or "", **({"lang": lang} if lang != "nb" else {})}
    return {"default": proto.default_graphs, "named": proto.named_graphs,
            "without": "/sparql?" + urlencode(kept) + "#answer"}


def _download_links(proto: ProtocolRequest, form: str) -> list[tuple[str, str, str, str]]:
    """The page's links to the same results in each format: URL, media type, label and the file's name a browser
    saves it under (``results.srj``; without one it saved ``sparql``, the URL's last segment)."""
    links = []
    for media_type in offered_for(form)[:-1]:
        params = [("query", proto.query or "")] + [("default-graph-uri", g) for g in proto.default_graphs]
        params += [("named-graph-uri", g) for g in proto.named_graphs] + [("format", media_type.extension)]
        links.append(("/sparql?" + urlencode(params), media_type.name, media_type.label,
                      f"results.{media_type.extension}"))
    return links


def page(proto: ProtocolRequest, answer: Answer | None, refused: Refused | None = None) -> Response:
    """The query page; with a query guarded for it, also its results as a table (or the refusal, explained)."""
    checked = answer.checked if answer else None
    lang = i18n.request_language()
    words = {k: v.get(lang) or v["nb"] for k, v in SPARQL_PAGE.items()}
    columns: list[str] = []
    rows: list[list[dict[str, str]]] = []
    asked: bool | None = None  # an ASK query's answer
    truncated = False
    hints: list[Hint] = []
    status = refused.status if refused else 200
    build = served().build
    if answer is not None and refused is None:
        try:
            form = answer.checked.form
            wire = SPARQL_JSON.name if form in {"SELECT", "ASK"} else NTRIPLES
            result = execute(state(), answer.checked, wire, proto, answer.run_by, build.base_uri)
            truncated = result.truncated
            if form == "ASK":
                asked = bool(ox.parse_query_results(result.body, ox.QueryResultsFormat.JSON))
            else:
                columns, rows = _table(result, form, build.base_uri, lang)
            if not rows and not asked and proto.query:  # found nothing: the terms it names that the data lack,
                info = build.info  # the dates it compares as strings, the strings it asks without a language tag
                hints = (unknown_terms(proto.query, info.vocabulary) + untyped_dates(proto.query, info.vocabulary)
                         + untagged_strings(proto.query, info.language_tagged))[:MAX_HINTS]
        except Refused as exc:
            refused, status = exc, exc.status
    # on the build's base: a build for another host (BYREGION_BASE_URI) names its own IRIs in them
    texts = [(e, e.query_for(build.base_uri)) for e in EXAMPLES]
    examples = [{"slug": e.slug, "title": e.title.get(lang, e.title["nb"]),
                 "question": e.question.get(lang, e.question["nb"]), "query": text,
                 "href": uris.in_language("/sparql?" + urlencode({"query": text}), lang) + "#answer"}
                for e, text in texts]  # an English page's examples answer in English
    html = render_template(
        "sparql.html", words=words, query=proto.query or texts[0][1], ran=checked is not None,
        columns=columns, rows=rows, answer=asked, truncated=truncated, kept_rows=len(rows), hints=hints,
        error=refused.message if refused else None, examples=examples,
        prefixes={**prefixes(build.base_uri), **QUERY_PREFIXES}, graphs=build.info.graphs,
        # the request's dataset, which the form keeps and the page names (a run again had asked the whole graph)
        dataset=_dataset(proto, lang),
        downloads=_download_links(proto, checked.form) if checked and not refused else [],
        description_links=[("/sparql?format=" + m.extension, m.name, m.label) for m in RDF_TYPES],
        # the query page, not an answer, on the build's base (its canonical URL)
        page_urls=page_urls("/sparql", origin=build.base_uri) if proto.query is None
        else None,
        noindex=proto.query is not None,  # an answer is no page to list (robots.txt keeps crawlers off it too)
    )
    return _respond(html, status, HTML_TYPE, truncated=truncated,
                    retry_after=refused.retry_after if refused else None)


@bp.errorhandler(Exception)
def _unexpected(exc: Exception) -> Response:
    """Anything unforeseen: log it, answer 500 without a traceback (HTTP errors keep their own status)."""
    if isinstance(exc, HTTPException):
        return _respond(f"{exc.name}: {exc.description}\n", exc.code or 500, PLAIN_TYPE)
    log.exception("SPARQL endpoint failed")
    return _respond(_FAILED, 500, PLAIN_TYPE)

