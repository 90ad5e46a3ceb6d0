"""Resource pages: Cool URIs (``/id/`` → 303 → ``/doc/``), content negotiation and HTML for people.

Every document is offered as HTML, Turtle, JSON-LD, N-Triples and RDF/XML (``byregion.mediatypes``),
chosen by ``?_mediatype=``, a file extension or the Accept header (``byregion.conneg``). Rendered
representations are cached per build (``AppState.cache``) and replayed by :mod:`server.fastpath`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

from flask import Blueprint, Response, render_template, request
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from byregion import conneg, dcat, describe, pages, uris
from byregion.mediatypes import DOCUMENT_TYPES, HTML, TURTLE, MediaType
from byregion.namespaces import BASE, ONTOLOGY_IRI
from byregion.render import context_document, serialise
from server import i18n
from server.app import state
from server.fastpath import CACHEABLE, FastPath

bp = Blueprint("resources", __name__)
bp.app_context_processor(i18n.template_context)

_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")


@bp.record_once
def _install_fastpath(setup: Any) -> None:
    app = setup.app
    app.wsgi_app = FastPath(app.wsgi_app, app.extensions["byregion"].settings.cache_entries)


@dataclass(frozen=True)
class Representation:
    body: bytes
    media_type: MediaType
    etag: str


def _cache_put(key: tuple[Any, ...], value: Any) -> Any:
    cache, limit = state().cache, state().settings.cache_entries
    if limit > 0:
        if len(cache) >= limit:
            cache.pop(next(iter(cache)))
        cache[key] = value
    return value


def _last_modified() -> datetime:
    created = str(state().build.manifest.get("created", "1970-01-01T00:00:00Z"))
    return datetime.fromisoformat(created.replace("Z", "+00:00"))


def _base() -> str:
    """The base of the served build's IRIs (the build's, which is what its store holds)."""
    return state().base


def href(iri: str) -> str:
    """Our IRIs become host-relative paths (``/id/region/x``), so links work on any host; others stay."""
    path = uris.document_path_for(iri, _base())
    if path is None:
        return iri
    local = iri[len(_base()):]
    return local if "#" not in local else path + "#" + iri.split("#", 1)[1]


def _valid_path(path: str) -> bool:
    return all(_SEGMENT.match(segment) for segment in path.split("/"))


@bp.before_request
def _limit_url() -> Response | None:
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    if len(raw) > state().settings.max_url_length or len(request.full_path) > state().settings.max_url_length:
        return Response(f"URL longer than {state().settings.max_url_length} characters\n", 414,
                        {"Content-Type": "text/plain; charset=utf-8", "Access-Control-Allow-Origin": "*"})
    return None


@bp.after_app_request
def _cors(response: Response) -> Response:
    response.headers.setdefault("Access-Control-Allow-Origin", "*")
    if "lang" in request.args and request.args["lang"] in i18n.LANGUAGES:
        response.set_cookie(i18n.COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Lax")
    return response


# ----------------------------------------------------------------------------------------------- routes

@bp.route("/id/<path:path>")
def thing(path: str) -> Response:
    """Cool URIs: a thing is not a document, so answer 303 See Other to the document about it."""
    if not _valid_path(conneg.split_extension(path, DOCUMENT_TYPES)[0]):
        return not_found("/id/" + path)
    target = "/doc/" + path
    if request.query_string:
        target += "?" + request.query_string.decode("latin-1")
    response = Response(status=303, headers={"Location": target, "Vary": "Accept"})
    request.environ[CACHEABLE] = True
    return response


@bp.route("/doc/<path:path>")
def document(path: str) -> Response:
    stem, extension = conneg.split_extension(path, DOCUMENT_TYPES)
    if not _valid_path(stem):
        return not_found(f"/doc/{path}")
    return represent(f"/doc/{stem}", f"{_base()}/id/{stem}", extension)


@bp.route("/def/byregion")
@bp.route("/def/byregion.<ext>")
def ontology(ext: str | None = None) -> Response:
    extension = None
    if ext is not None:
        extension = conneg.split_extension("x." + ext, DOCUMENT_TYPES)[1]
        if extension is None:
            return not_found(request.path)
    return represent("/def/byregion", uris.rebase(ONTOLOGY_IRI, BASE, _base()), extension)


@bp.route("/context.jsonld")
def context() -> Response:
    body = context_document(_base())
    response = Response(body, 200, {"Content-Type": "application/ld+json"})
    return _finish(response, hashlib.sha256(body).hexdigest()[:32], vary="Accept")


@bp.route("/")
def home() -> Response:
    """The regions, the entry points, the build's dumps and the schema.org ``Dataset`` for search engines."""
    lang, host = i18n.request_language(), request.host_url.rstrip("/")
    key = ("home", lang, host)  # the schema.org block names the request's host
    html = state().cache.get(key)
    if html is None:
        rows = state().store.select(
            f"SELECT ?r WHERE {{ ?r a <{state().br.CityRegion}> }} ORDER BY ?r")
        graph = state().store.construct(describe.labels_query([row["r"] for row in rows])) if rows else Graph()
        regions = [pages.value(graph, row["r"], lang, href) for row in rows]
        manifest = state().build.manifest
        html = _cache_put(key, render_template(
            "home.html", regions=regions, dumps=_dumps(manifest),
            schema_org=dcat.schema_org_json(manifest, host)).encode("utf-8"))
    response = Response(html, 200, {"Content-Type": "text/html; charset=utf-8"})
    return _finish(response, hashlib.sha256(html).hexdigest()[:32], vary="Accept, Accept-Language, Cookie, Host")


def _dumps(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """The build's dump files as the catalogue serves them (``/dumps/…``), with media type and size."""
    return [{"href": "/" + entry["file"], "name": entry["file"].rsplit("/", 1)[-1],
             "media_type": entry["media_type"], "compressed": entry["compressed"],
             "bytes": manifest["files"][entry["file"]]["bytes"]} for entry in manifest.get("dumps", [])]


# ------------------------------------------------------------------------------------- representations

def represent(doc_path: str, iri: str, extension: MediaType | None) -> Response:
    choice = conneg.choose(request.headers.get("Accept"), DOCUMENT_TYPES, extension=extension,
                           parameter=request.args.get("_mediatype"))
    if choice.media_type is None:
        return not_acceptable(doc_path, choice.reason)
    graph = _description(iri)
    if not len(graph):
        return not_found(doc_path, choice.media_type)
    lang = i18n.request_language() if choice.media_type is HTML else ""
    key = ("rep", doc_path, choice.media_type.name, lang)
    rep: Representation | None = state().cache.get(key)
    if rep is None:
        if choice.media_type is HTML:
            body = _html(doc_path, iri, graph, lang).encode("utf-8")
        else:
            body = serialise(graph, choice.media_type, _base())
        etag = hashlib.sha256(body).hexdigest()[:32]
        rep = _cache_put(key, Representation(body, choice.media_type, etag))
    assert rep is not None
    response = Response(rep.body, 200, {"Content-Type": _content_type(rep.media_type)})
    response.headers["Content-Location"] = f"{doc_path}.{rep.media_type.extension}"
    response.headers["Link"] = ", ".join(
        f'<{doc_path}.{m.extension}>; rel="alternate"; type="{m.name}"' for m in DOCUMENT_TYPES
        if m is not rep.media_type)
    return _finish(response, rep.etag, vary="Accept, Accept-Language, Cookie")


def _description(iri: str) -> Graph:
    key = ("graph", iri)
    graph: Graph | None = state().cache.get(key)
    if graph is None:
        graph = _cache_put(key, describe.describe(state().store, iri, _base(), state().settings.blank_depth))
    return graph


def _content_type(media_type: MediaType) -> str:
    return media_type.name + ("; charset=utf-8" if media_type.name.startswith("text/") else "")


def _finish(response: Response, etag: str, vary: str) -> Response:
    """Validators, CORS and Vary on a 200; turn it into a 304 when the client's copy is current."""
    modified = _last_modified()
    response.headers["Vary"] = vary
    response.headers["ETag"] = f'"{etag}"'
    response.headers["Last-Modified"] = format_datetime(modified, usegmt=True)
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Cache-Control"] = "public, max-age=300"
    if "lang" not in request.args:
        request.environ[CACHEABLE] = True
    if _not_modified(f'"{etag}"', modified):
        response.status_code = 304
        response.set_data(b"")
        response.headers.pop("Content-Type", None)
        response.headers.pop("Content-Length", None)
    return response


def _not_modified(etag: str, modified: datetime) -> bool:
    wanted = request.headers.get("If-None-Match")
    if wanted:
        return wanted.strip() == "*" or etag in [t.strip().removeprefix("W/") for t in wanted.split(",")]
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            return modified.replace(microsecond=0) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def alternates(doc_path: str) -> list[tuple[str, str, str]]:
    return [(f"{doc_path}.{m.extension}", m.name, m.label) for m in DOCUMENT_TYPES if m is not HTML]


def _html(doc_path: str, iri: str, graph: Graph, lang: str) -> str:
    node, br, limit = URIRef(iri), state().br, state().settings.inbound_limit
    page = pages.base_page(graph, node, lang, href)
    types = set(graph.objects(node, RDF.type))
    extra: dict[str, Any] = {}
    template = "resource.html"
    if br.CityRegion in types:
        extra, template = pages.region(graph, node, lang, href, br), "region.html"
    elif br.Programme in types:
        extra, template = pages.programme(graph, node, lang, href, br), "programme.html"
    elif br.Municipality in types:
        extra, template = pages.municipality(graph, node, lang, href, br), "municipality.html"
    elif SKOS.Concept in types:
        extra = pages.concept(graph, node, lang, href)
        tagged = describe.tagged_statements(state().store, iri, limit, br)
        subjects = sorted(set(tagged.subjects(RDF.type)), key=lambda s: str(s))
        regions = {s: tagged.value(s, br.region) for s in subjects}
        extra["statements"] = [dict(pages.statement(tagged, s, lang, href, br),
                                    region=pages.value(tagged, region, lang, href) if region is not None else None)
                               for s, region in regions.items()]
        template = "theme.html"
    if SKOS.ConceptScheme in types or doc_path == "/def/byregion":
        extra.update(pages.terms(graph, node, lang, href))
        template = "terms.html"
    links, cut = describe.inbound(state().store, iri, limit)
    inbound = [(pages.value(graph, link.predicate, lang, href),
                pages.Value(link.labels.get(lang) or link.labels.get("nb") or link.labels.get("")
                            or link.labels.get("en") or pages.curie(str(link.subject)),
                            href(str(link.subject)), iri=str(link.subject))) for link in links]
    return render_template(template, page=page, extra=extra, inbound=inbound, inbound_cut=cut,
                           alternates=alternates(doc_path))


# ------------------------------------------------------------------------------------------------ errors

def not_found(doc_path: str, media_type: MediaType | None = None) -> Response:
    """404 in the negotiated format: a page for browsers, an empty graph with a comment for RDF clients."""
    if media_type is None:
        media_type = conneg.negotiate(request.headers.get("Accept"), DOCUMENT_TYPES) or HTML
    if media_type is HTML:
        body = render_template("error.html", title_key="not_found_title", message_key="not_found").encode("utf-8")
    elif media_type is TURTLE:
        body = b"# No description of this resource here; see / for what there is.\n"
    else:
        body = serialise(Graph(), media_type, _base())
    response = Response(body, 404, {"Content-Type": _content_type(media_type)})
    response.headers["Vary"] = "Accept"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def not_acceptable(doc_path: str, reason: str) -> Response:
    lines = [f"406 Not Acceptable: {reason}.", "This document is available as:"]
    lines += [f"  {m.name}  {doc_path}.{m.extension}  ({m.label})" for m in DOCUMENT_TYPES]
    response = Response("\n".join(lines) + "\n", 406, {"Content-Type": "text/plain; charset=utf-8"})
    response.headers["Vary"] = "Accept"
    response.headers["Link"] = ", ".join(
        f'<{doc_path}.{m.extension}>; rel="alternate"; type="{m.name}"' for m in DOCUMENT_TYPES)
    return response


@bp.app_errorhandler(404)
def _app_not_found(_error: Exception) -> Response:
    return not_found(request.path)
