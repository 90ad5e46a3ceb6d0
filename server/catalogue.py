"""The catalogue surface: ``/catalog`` and ``/dataset`` (DCAT), ``/dumps/<file>``, ``/.well-known/void``,
``/validation`` (SHACL report + DQV), ``/robots.txt`` and ``/sitemap.xml``.

Everything is generated from the served build's manifest (and, for the sitemap, its store), once per
build and worker (``AppState.cache``). RDF keeps the canonical IRIs; only HTML and the sitemap use the
request's host, so links work wherever the site is mounted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from email.utils import format_datetime
from typing import Any
from xml.sax.saxutils import escape

from flask import Blueprint, Response, abort, render_template, request, send_file
from rdflib import Graph

from byregion import conneg, dcat, dumps, quality, uris, void
from byregion.mediatypes import DOCUMENT_TYPES, GZIP, HTML, RDF_TYPES, TURTLE, MediaType, by_name
from byregion.render import serialise
from server import i18n
from server.app import state
from server.resources import not_acceptable

bp = Blueprint("catalogue", __name__)
bp.context_processor(i18n.template_context)

#: Pages besides the /doc/ pages that the sitemap lists (paths).
SITE_PAGES = ("/", "/catalog", "/dataset", "/sparql", "/def/byregion", "/validation")


def _cached(key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
    cache = state().cache
    if key not in cache:
        cache[key] = make()
    return cache[key]


def _manifest() -> dict[str, Any]:
    return state().build.manifest


def _host() -> str:
    return request.host_url.rstrip("/")


def _respond(body: bytes, content_type: str, vary: str = "Accept") -> Response:
    response = Response(body, 200, {"Content-Type": content_type})
    response.headers["Vary"] = vary
    response.headers["ETag"] = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    response.headers["Last-Modified"] = format_datetime(_created(), usegmt=True)
    response.headers["Cache-Control"] = "public, max-age=300"
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response.make_conditional(request)  # type: ignore[return-value]


def _created() -> Any:
    from datetime import datetime

    return datetime.fromisoformat(str(_manifest()["created"]).replace("Z", "+00:00"))


def _negotiated(path: str, ext: str | None, offered: tuple[MediaType, ...], graph: Callable[[], Graph],
                html: Callable[[], str] | None) -> Response:
    """One document in every offered format; HTML (if offered) rendered by ``html``."""
    extension = None
    if ext is not None:
        extension = conneg.split_extension("x." + ext, offered)[1]
        if extension is None:
            abort(404)
    choice = conneg.choose(request.headers.get("Accept"), offered, extension=extension,
                           parameter=request.args.get("_mediatype"))
    if choice.media_type is None:
        return not_acceptable(path, choice.reason)
    if choice.media_type is HTML and html is not None:
        response = _respond(html().encode("utf-8"), "text/html; charset=utf-8", "Accept, Accept-Language, Cookie")
    else:
        media_type = choice.media_type
        body = _cached(("catalogue-body", path, media_type.name), lambda: serialise(graph(), media_type))
        charset = "; charset=utf-8" if media_type.name.startswith("text/") else ""
        response = _respond(body, media_type.name + charset)
    response.headers["Link"] = ", ".join(f'<{path}.{m.extension}>; rel="alternate"; type="{m.name}"'
                                         for m in offered if m is not choice.media_type)
    return response


# --------------------------------------------------------------------------------------------- graphs

def catalogue_graph() -> Graph:
    def make() -> Graph:
        graph = dcat.catalogue_graph(_manifest())
        graph += quality.quality_graph(_manifest())
        return graph
    return _cached(("catalogue-graph",), make)  # type: ignore[no-any-return]


def void_graph() -> Graph:
    return _cached(("void-graph",), lambda: void.void_graph(_manifest()))  # type: ignore[no-any-return]


def validation_graph() -> Graph:
    def make() -> Graph:
        report = Graph()
        report.parse(state().build.file("report.ttl"), format="turtle")
        return quality.validation_document(report, _manifest())
    return _cached(("validation-graph",), make)  # type: ignore[no-any-return]


def _page(template: str, catalogue: bool) -> str:
    lang = i18n.request_language()
    manifest = _manifest()
    view = dcat.dataset_view(manifest, lang)
    schema_org = dcat.schema_org_json(manifest, _host())
    return render_template(template, view=view, catalogue=catalogue, schema_org=schema_org,
                           alternates=[(f"{'/catalog' if catalogue else '/dataset'}.{m.extension}", m.name, m.label)
                                       for m in RDF_TYPES])


# --------------------------------------------------------------------------------------------- routes

@bp.route("/catalog")
@bp.route("/catalog.<ext>")
def catalog(ext: str | None = None) -> Response:
    return _negotiated("/catalog", ext, DOCUMENT_TYPES, catalogue_graph, lambda: _page("dataset.html", True))


@bp.route("/dataset")
@bp.route("/dataset.<ext>")
def dataset(ext: str | None = None) -> Response:
    return _negotiated("/dataset", ext, DOCUMENT_TYPES, catalogue_graph, lambda: _page("dataset.html", False))


@bp.route("/.well-known/void")
@bp.route("/.well-known/void.<ext>")
def well_known_void(ext: str | None = None) -> Response:
    return _negotiated("/.well-known/void", ext, RDF_TYPES, void_graph, None)


@bp.route("/validation")
@bp.route("/validation.<ext>")
def validation(ext: str | None = None) -> Response:
    def html() -> str:
        lang = i18n.request_language()
        return render_template("catalog_validation.html", view=dcat.dataset_view(_manifest(), lang),
                               figures=_manifest()["quality"], validation=_manifest()["validation"],
                               warnings=quality.warning_rows(validation_graph()),
                               alternates=[(f"/validation.{m.extension}", m.name, m.label) for m in RDF_TYPES])
    return _negotiated("/validation", ext, DOCUMENT_TYPES, validation_graph, html)


@bp.route(f"/{dumps.FOLDER}/<name>")
def dump(name: str) -> Response:
    """A dump file of the served build, byte for byte as the manifest describes it."""
    entry = next((d for d in _manifest().get("dumps", []) if d["file"] == f"{dumps.FOLDER}/{name}"), None)
    if entry is None:
        abort(404)
    info = _manifest()["files"][entry["file"]]
    media_type = GZIP if entry["compressed"] else (by_name(entry["media_type"]) or TURTLE)
    charset = "; charset=utf-8" if media_type.name.startswith("text/") else ""
    response = send_file(state().build.file(entry["file"]), mimetype=media_type.name + charset,
                         etag=info["sha256"], last_modified=_created(), conditional=True, max_age=300)
    response.headers["Digest"] = "sha-256=" + _b64(info["sha256"])
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode("ascii")


@bp.route("/robots.txt")
def robots() -> Response:
    body = f"User-agent: *\nAllow: /\nDisallow: /sparql?\n\nSitemap: {_host()}/sitemap.xml\n"
    return _respond(body.encode("utf-8"), "text/plain; charset=utf-8", vary="Host")


def sitemap_paths() -> list[str]:
    """Every HTML page: the site pages, then the /doc/ page of every subject of ours in the store."""
    def make() -> list[str]:
        base = state().settings.base_uri
        rows = state().store.select(
            f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(isIRI(?s) && STRSTARTS(STR(?s), "{base}/id/")) }}')
        docs = {uris.document_path_for(str(row["s"]), base) for row in rows}
        return [*SITE_PAGES, *sorted(p for p in docs if p and p not in SITE_PAGES)]
    return _cached(("sitemap-paths",), make)  # type: ignore[no-any-return]


@bp.route("/sitemap.xml")
def sitemap() -> Response:
    host, modified = _host(), str(_manifest()["created"])
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"<url><loc>{escape(host + path)}</loc><lastmod>{modified}</lastmod></url>" for path in sitemap_paths()]
    lines.append("</urlset>")
    return _respond(("\n".join(lines) + "\n").encode("utf-8"), "application/xml", vary="Host")
