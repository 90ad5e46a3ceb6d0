"""``/openapi.json``: the OpenAPI description of every endpoint, made from the app's own routes
(:mod:`byregion.serve.openapi`): the documents' table and Flask's URL map."""

from __future__ import annotations

import json
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request

from byregion.build import PublishedBuild
from byregion.docstore import etag_of
from byregion.identifiers.history import EXAMPLES, FYLKESNUMMER, KOMMUNENUMMER, ORGNR, WIKIDATA
from byregion.serve import documents, rules
from byregion.serve.openapi import Limits, Route, describe, kind_of
from byregion.web.app import served, state_of
from byregion.web.documents import request_of
from byregion.web.files import answered

bp = Blueprint("openapi", __name__)
#: Each look-up's rule, its code's parameter and its scheme (whose example code the data hold).
LOOKUP_PARAMETERS = {"/id/kommunenummer/<code>": ("code", KOMMUNENUMMER),
                     "/id/fylkesnummer/<code>": ("code", FYLKESNUMMER),
                     "/id/orgnr/<number>": ("number", ORGNR), "/id/wikidata/<qid>": ("qid", WIKIDATA)}
#: Methods every document route answers (byregion.web.documents answers them itself).
DOCUMENT_METHODS = ("GET", "HEAD", "OPTIONS")


def routes_of(app: Flask) -> list[Route]:
    """Every route the app answers: the documents' routes, then Flask's rules with their view's first line."""
    found = [Route(rule, DOCUMENT_METHODS, summary, kind_of(rule)) for rule, summary in documents.ROUTES.items()]
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        summary = (view.__doc__ or rule.endpoint).strip().splitlines()[0]
        methods = tuple(m for m in ("GET", "HEAD", "POST", "OPTIONS") if m in (rule.methods or ()))
        found.append(Route(rule.rule, methods, summary, kind_of(rule.rule, rule.endpoint)))
    return found


def document(app: Flask, served: PublishedBuild, server: str = "/") -> dict[str, Any]:
    """The description of ``app``'s routes on the build ``served``; ``server``: the origin they answer on (the
    request's, so that a description saved to a file or loaded by a code generator still names the host; "/"
    without a request)."""
    dumps = [d.file.rsplit("/", 1)[1] for d in served.info.dumps]
    graph_dumps = [d.file.split("/", 2)[2] for d in served.info.graph_dumps]
    examples = {"path": "programme/byregionprogrammet", "filename": "style.css", "ext": "ttl", "period": "2019"}
    by_rule = {"/graph/<path:name>": {"name": "reference"}, "/source/<path:name>": {"name": "notodden.txt"},
               **{rule: {name: EXAMPLES[scheme]} for rule, (name, scheme) in LOOKUP_PARAMETERS.items()},
               **({"/dumps/<name>": {"name": dumps[0]}} if dumps else {}),
               **({"/dumps/graph/<path:name>": {"name": graph_dumps[0]}} if graph_dumps else {})}
    settings = state_of(app).settings
    return describe(routes_of(app), title="Byregion LOD", version=served.version, server=server, examples=examples,
                    rule_examples=by_rule, limits=Limits(settings.search_limit, settings.search_max_page))


@bp.route("/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3.1 description of every HTTP endpoint, generated from the routes."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    origin = rules.origin_of(request.scheme, request.headers.get("Host"))
    build = served()
    body = json.dumps(document(app, build.build, origin + "/"), ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    # as every document: an ETag (its bytes'), Last-Modified (the build's), 304, CORS (API tools in a browser read
    # it; the reconciliation manifest links it)
    return answered(rules.api_description(request_of(request.environ), body,
                                          etag=etag_of(body), modified=build.dated(build.build.info.created)))
