"""The reconciliation service's HTTP protocol, as OpenRefine speaks it, without a web framework. Pure.

* ``GET /reconcile`` without ``queries`` or ``extend``: the manifest. A ``callback`` parameter (old OpenRefine
  tried JSONP first) is ignored: the answer is JSON, which every current client reads, with CORS.
* ``GET`` or ``POST`` (form-encoded) ``/reconcile`` with ``queries``: a batch of queries by key, answered by
  key; with ``extend``: data extension. A ``POST`` whose body is not a form (the 1.0 draft's JSON body, say)
  is ``415`` (:func:`not_a_form`): the service speaks 0.2, and answering it with the manifest would hide that.
* ``/reconcile/preview?id=IRI``: the unit's preview page, which other sites may show in a frame.
* ``/reconcile/suggest/{entity,type,property}?prefix=…``, ``/reconcile/properties?type=…``: suggest and the
  properties offered for data extension.

Every answer is a :class:`Reply`; the adapter (``byregion/web/reconcile.py``) adds CORS and the security headers.
A request the service cannot read is ``400`` with problem details (RFC 9457) saying what and where in ``detail`` and,
as before, in ``message``; a batch of more queries than the manifest's ``batchSize`` is ``413``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from byregion import mediatypes
from byregion.mediatypes import FORM, HTML_TYPE, MULTIPART_FORM
from byregion.reconcile import manifest
from byregion.reconcile.service import (
    Index,
    Limits,
    QueryError,
    Reconciler,
    TooLarge,
    extend,
    propose_properties,
    read_batch,
    shown,
    suggest_entities,
    suggest_properties,
    suggest_types,
)
from byregion.serve.problems import PROBLEM_TYPE, problem
from byregion.urlencoded import NotUTF8, utf8_pairs

JSON = mediatypes.JSON.name
HTML = HTML_TYPE
#: What ``limit`` is, for suggest and property proposals, when the request does not say.
DEFAULT_SUGGEST_LIMIT = 10
#: The media types of a body ``POST /reconcile`` reads (OpenRefine posts the first).
FORMS = (FORM, MULTIPART_FORM)
_WHOLE = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes
    content_type: str = JSON
    framable: bool = False  # a page other sites may frame (the preview)
    names_host: bool = False  # made on the request's host (the manifest): it varies by Host
    lang: str | None = None  # a page in one language whatever the reader's (the preview, in Norwegian)
    location: str | None = None  # where a redirect sends the client (the view)


def _json(document: Any, status: int = 200) -> Reply:
    return Reply(status, json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())


def error(status: int, message: str) -> Reply:
    """A refusal as problem details (RFC 9457), ``message`` in ``detail`` and, as before, in ``message``."""
    return Reply(status, problem(status, message, message=message), PROBLEM_TYPE)


def service(index: Index, params: Mapping[str, str], host: str, limits: Limits, today: date,
            posted: bool = False) -> Reply:
    """``/reconcile``: a batch of queries, data extension, or the manifest. ``posted``: the request was a POST with a
    body, which asks for something: without ``queries`` or ``extend`` it is a 400 naming the fields it had, not the
    manifest (a client review: ``curl -d '{"q0": …}'``, a misspelt ``Queries=`` or the batch as a file part had the
    manifest, and the client failed further on, finding no ``q0`` in it)."""
    if posted and "queries" not in params and "extend" not in params:
        found = ", ".join(shown(name) for name in list(params)[:5]) or "none"
        return error(400, f"POST /reconcile has no field 'queries' or 'extend' (the fields it has: {found}). Send the "
                          "batch as the form field 'queries', a JSON object of queries by key: "
                          "queries={\"q0\": {\"query\": \"Notodden\"}} (curl: --data-urlencode 'queries={…}'); data "
                          "extension as the form field 'extend'; GET /reconcile without them gives the manifest")
    if "queries" in params and "extend" in params:
        return error(400, "send either 'queries' (reconciliation) or 'extend' (data extension), not both: the "
                          "service answers one of them per request")
    try:
        if "queries" in params:
            queries = read_batch(params["queries"], index.base, limits)
            return _json(Reconciler(index, limits).batch(queries))
        if "extend" in params:
            return _json(extend(index, params["extend"], limits, today))
    except QueryError as exc:
        return error(413 if isinstance(exc, TooLarge) else 400, str(exc))
    return Reply(200, manifest.for_request(index.manifest_template, host, limits.batch).encode(), names_host=True)


class Unreadable(ValueError):
    """A query string or form the service cannot read; its message says what and where (a 400)."""


def fields(raw: bytes, where: str) -> dict[str, str]:
    """The first value of each name in a query string or an ``application/x-www-form-urlencoded`` body, read as
    UTF-8 (:func:`byregion.urlencoded.utf8_pairs`); :class:`Unreadable` saying where when it is not."""
    try:
        pairs = utf8_pairs(raw, where)
    except NotUTF8 as exc:
        raise Unreadable(f"{exc}; send the text's UTF-8 bytes, percent-encoded") from None
    found: dict[str, str] = {}
    for name, value in pairs:
        found.setdefault(name, value)
    return found


def check_utf8(raw: bytes, where: str) -> None:
    """:class:`Unreadable` when ``raw`` (a ``multipart/form-data`` body, whose fields the web framework would read
    with replacement characters) is not UTF-8, naming the first byte that is not."""
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Unreadable(f"{where} is not UTF-8: byte {exc.start} is 0x{raw[exc.start]:02X}; send the text's UTF-8 "
                         "bytes") from None


def not_a_form(media_type: str) -> Reply:
    """``415`` for a ``POST /reconcile`` whose body is ``media_type``, not a form (:data:`FORMS`): the Reconciliation
    API 1.0 draft posts a JSON body, which this 0.2 service does not read; the message says how to ask instead."""
    what = ("a JSON body, as the Reconciliation API 1.0 draft sends it," if media_type == JSON or
            media_type.endswith("+json") else f"a body of type {media_type or 'unknown'!r}")
    return error(415, f"POST /reconcile with {what} is not read: this service speaks the Reconciliation API 0.2 "
                      "(the manifest's \"versions\"). Send the batch as the form field 'queries' (Content-Type "
                      f"{FORMS[0]}), a JSON object of queries by key: queries={{\"q0\": {{\"query\": "
                      "\"Notodden\"}}; data extension as the form field 'extend'; or GET with the same parameters "
                      "in the query string.")


def _asked_unit(index: Index, params: Mapping[str, str], what: str) -> str | Reply:
    """The unit's IRI ``?id=`` names (also with the other scheme or a trailing slash), or the refusal: 400 without
    an id, 404 for an id of no unit or theme of the service."""
    iri = params.get("id", "").strip()
    if not iri:
        return error(400, f"{what} needs ?id= with an IRI the service answered")
    ours = index.own_iri(iri)
    return ours if ours is not None else error(404, f"no municipality, county, city region or theme has the id {iri!r}")


def preview(index: Index, params: Mapping[str, str]) -> Reply:
    asked = _asked_unit(index, params, "preview")
    page = index.preview(asked) if isinstance(asked, str) else None
    if page is None:
        return asked if isinstance(asked, Reply) else error(404, f"no preview of {asked!r}")
    return Reply(200, page, HTML, framable=True, lang="nb")  # the preview is Norwegian (<html lang="nb">)


def view(index: Index, params: Mapping[str, str]) -> Reply:
    """``/reconcile/view?id=``, the manifest's ``view`` URL: a 303 to the thing's IRI on the host that answers, by
    its path (as every redirect of the site: a host taken from the request, ``X-Forwarded-Host`` included, would make
    it a redirect to anywhere). Reconciliation API 0.2 has a client percent-encode the id into the template
    (OpenRefine's "Add column with URLs of matched entities" does), so a template of the bare id gave
    ``https%3A%2F%2F…``, no URL at all."""
    asked = _asked_unit(index, params, "view")
    if isinstance(asked, Reply):
        return asked
    location = asked[len(index.base):]
    return Reply(303, f"See {location}\n".encode(), mediatypes.PLAIN.name, location=location)


def whole_number(params: Mapping[str, str], name: str, default: int, maximum: int) -> int:
    """The parameter ``name`` as a whole number written in the digits 0–9, at most ``maximum`` (a larger one, of
    any length, is ``maximum``); ``default`` when it is absent or blank; :class:`QueryError` for anything else
    (a sign, a fraction, or a digit of another script such as "²", which ``str.isdigit`` accepts)."""
    raw = params.get(name, "").strip()
    if not raw:
        return default
    if not _WHOLE.fullmatch(raw):
        raise QueryError(f"'{name}' must be a whole number (the digits 0-9), not {shown(raw)}")
    digits = raw.lstrip("0") or "0"
    return maximum if len(digits) > len(str(maximum)) else min(int(digits), maximum)


def _limit(params: Mapping[str, str], limits: Limits) -> int:
    return whole_number(params, "limit", min(DEFAULT_SUGGEST_LIMIT, limits.candidates), limits.candidates)


def suggest(index: Index, what: str, params: Mapping[str, str], limits: Limits) -> Reply:
    """``/reconcile/suggest/{what}`` (entity, type, property): what starts with ``prefix``, the first ``cursor``
    skipped (0.2: the number of suggestions to skip, for the next page)."""
    try:
        limit = _limit(params, limits)
        prefix = params.get("prefix", "")
        if len(prefix) > limits.query_length:
            raise QueryError(f"'prefix' is {len(prefix)} characters, more than BYREGION_RECONCILE_MAX_QUERY_LENGTH "
                             f"({limits.query_length})")
        cursor = whole_number(params, "cursor", 0, len(index.units))  # past every result: none
        if what == "entity":
            return _json(suggest_entities(index, prefix, params.get("type") or None, limit, cursor, limits))
        if what == "type":
            return _json(suggest_types(index, prefix, limit, cursor))
        return _json(suggest_properties(index, prefix, limit, cursor, params.get("type") or None))
    except QueryError as exc:
        return error(400, str(exc))


def properties(index: Index, params: Mapping[str, str], limits: Limits) -> Reply:
    """``/reconcile/properties``: the properties offered for data extension of ``type``."""
    try:
        # every property unless the client asks for fewer: a list cut at suggest's ten hid the eleventh (regions)
        count = len(manifest.PROPERTIES)
        everything = whole_number(params, "limit", count, max(count, limits.candidates))
        return _json(propose_properties(index, params.get("type") or None, everything,
                                        asked=bool(params.get("limit", "").strip())))
    except QueryError as exc:
        return error(400, str(exc))
