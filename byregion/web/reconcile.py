"""``/reconcile``: the reconciliation service for OpenRefine (W3C Entity Reconciliation API 0.2), a thin adapter.

The logic is :mod:`byregion.reconcile.protocol` over the served build's ``reconcile.sqlite``
(:class:`byregion.reconcile.service.Index`, read once per build and process, owned by the served build:
:meth:`byregion.serve.following.ServedBuild.reconcile`). This module reads the request (query string and form alike, as
OpenRefine sends either; a body that is not a form is 415), bounds its body, and adds CORS to every answer, the
``OPTIONS`` (preflight) included.
"""

from __future__ import annotations

import io
from datetime import date

from flask import Blueprint, Response, request
from werkzeug.exceptions import RequestEntityTooLarge

from byregion.mediatypes import FORM
from byregion.reconcile import protocol
from byregion.reconcile.service import Index, Limits
from byregion.serve import rules
from byregion.serve.bodies import IncompleteBody, read_within
from byregion.serve.rules import RECONCILE_PATH, reconcile_every_answer, reconcile_headers
from byregion.web.app import AppState, served, state
from byregion.web.files import answered

bp = Blueprint("reconcile", __name__)


def index_of() -> Index | None:
    """The request's build's reconciliation index (:meth:`byregion.serve.following.ServedBuild.reconcile`)."""
    return served().reconcile()


def limits_of(app_state: AppState) -> Limits:
    s = app_state.settings
    return Limits(batch=s.reconcile_max_batch, candidates=s.reconcile_max_candidates,
                  query_length=s.reconcile_max_query_length, extend_ids=s.reconcile_max_extend_ids,
                  property_values=s.reconcile_max_property_values, nesting=s.reconcile_max_nesting)


def _args() -> dict[str, str]:
    """The query string, read as UTF-8 (:func:`byregion.reconcile.protocol.fields`: Unreadable, a 400, if not)."""
    return protocol.fields(request.query_string, "the query string")


def _body() -> bytes:
    """The POST body, read once (:func:`byregion.serve.bodies.read_within`); :class:`RequestEntityTooLarge` (413)
    past BYREGION_RECONCILE_MAX_REQUEST_BYTES, also for a chunked body, which werkzeug's own limit cut."""
    environ = request.environ
    if "byregion.body" not in environ:
        body = read_within(request.content_length, environ["wsgi.input"].read,
                           state().settings.reconcile_max_request_bytes)
        if body is None:
            raise RequestEntityTooLarge()
        environ["byregion.body"] = body
        # the form parser reads the body from the stream, which is now these bytes with their length
        environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(body), str(len(body))
    return bytes(environ["byregion.body"])


def _params() -> dict[str, str]:
    """The query string and, for a POST, the form (the form wins); a body over the limit raises 413."""
    params = _args()
    if request.method == "POST":
        body = _body()  # the form below is parsed from these bytes
        if request.mimetype == FORM:
            params |= protocol.fields(body, "the form")
        else:  # multipart: the batch as a field, or as a file part (curl -F queries=@batch.json), all text
            protocol.check_utf8(body, "the form")
            files = {name: part.read().decode("utf-8") for name, part in request.files.items()
                     if name in ("queries", "extend")}
            params |= request.form.to_dict() | files
    return params


@bp.errorhandler(protocol.Unreadable)
def _unreadable(error: protocol.Unreadable) -> Response:
    return _answer(protocol.error(400, str(error)))


def _not_a_form() -> bool:
    """Whether the request is a POST with a body that is not a form (a body over the limit raises 413)."""
    if request.method != "POST" or request.mimetype in protocol.FORMS:
        return False
    return bool(_body())


@bp.errorhandler(IncompleteBody)
def _incomplete(error: IncompleteBody) -> Response:
    return _answer(protocol.error(400, str(error)))


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(_error: RequestEntityTooLarge) -> Response:
    limit = state().settings.reconcile_max_request_bytes
    return _answer(protocol.error(413, f"the body is larger than BYREGION_RECONCILE_MAX_REQUEST_BYTES ({limit} "
                                       "bytes); send the queries in smaller batches"))


def _answer(reply: protocol.Reply, cache: bool = True) -> Response:
    """A Flask response of ``reply``, with the headers :func:`byregion.serve.rules.reconcile_headers` gives it."""
    headers = reconcile_headers(request.method, reply.status, framable=reply.framable, names_host=reply.names_host,
                                cache=cache, lang=reply.lang, location=reply.location)
    return Response(reply.body, reply.status, headers=headers, content_type=reply.content_type)


def _unavailable() -> Response:
    return _answer(protocol.error(503, "the served build has no reconciliation index (reconcile.sqlite) or code "
                                       "history (identifiers.json): it was made before the service existed; run "
                                       "`byregion build --force`"))


@bp.after_request
def _service_headers(response: Response) -> Response:
    """What :func:`byregion.serve.rules.reconcile_every_answer` gives every answer: the service's CORS headers, and
    ``Vary: Host`` at /reconcile (``byregion.web.app`` runs this for a method no view takes)."""
    cors, vary = reconcile_every_answer(request.path)
    for name, value in cors:
        response.headers.setdefault(name, value)
    for name in vary:
        response.vary.add(name)
    return response


#: The methods /reconcile answers (HEAD as GET).
ALLOW = "GET, HEAD, POST, OPTIONS"


@bp.route(RECONCILE_PATH, methods=["OPTIONS"])
def preflight() -> Response:
    """CORS preflight of the reconciliation service: its methods (:func:`byregion.serve.rules.preflight`); the
    service's CORS headers come from :func:`_service_headers`."""
    return answered(rules.preflight(ALLOW))


@bp.route(RECONCILE_PATH, methods=["GET", "POST"])
def service() -> Response:
    """The reconciliation service: its manifest, or a batch of queries (`queries`), or data extension (`extend`)."""
    if _not_a_form():
        return _answer(protocol.not_a_form(request.mimetype))
    app_state = state()
    index = index_of()
    if index is None:
        return _unavailable()
    params = _params()
    host = rules.origin_of(request.scheme, request.headers.get("Host"))
    posted = request.method == "POST" and bool(_body())
    return _answer(protocol.service(index, params, host, limits_of(app_state), date.today(), posted))


@bp.route("/reconcile/preview")
def preview() -> Response:
    """A unit's preview page for OpenRefine (`?id=` its IRI): a small HTML page that may be framed."""
    index = index_of()
    return _answer(protocol.preview(index, _args())) if index else _unavailable()


@bp.route("/reconcile/view")
def view() -> Response:
    """The manifest's view URL: `?id=` an IRI the service answered, a 303 to that thing on this host."""
    index = index_of()
    return _answer(protocol.view(index, _args())) if index else _unavailable()


@bp.route("/reconcile/suggest/entity")
def suggest_entity() -> Response:
    """Suggest: municipalities, counties, city regions and themes whose name starts with `prefix`."""
    index = index_of()
    return _answer(protocol.suggest(index, "entity", _args(), limits_of(state()))) if index else _unavailable()


@bp.route("/reconcile/suggest/type")
def suggest_type() -> Response:
    """Suggest: the types whose name starts with `prefix`."""
    index = index_of()
    return _answer(protocol.suggest(index, "type", _args(), limits_of(state()))) if index else _unavailable()


@bp.route("/reconcile/suggest/property")
def suggest_property() -> Response:
    """Suggest: the properties whose id or name starts with `prefix`."""
    index = index_of()
    return _answer(protocol.suggest(index, "property", _args(), limits_of(state()))) if index \
        else _unavailable()


@bp.route("/reconcile/properties")
def properties() -> Response:
    """The properties offered for data extension of a type (`type`, `limit`)."""
    index = index_of()
    return _answer(protocol.properties(index, _args(), limits_of(state()))) if index else _unavailable()
