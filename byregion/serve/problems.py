"""Errors as problem details (RFC 9457) for clients that ask for JSON. Pure: no Flask, no I/O.

Every surface refuses in plain text, one sentence or a few lines that say what was wrong, where, and what to
send instead; the documents' 404 is a page. A client that asks for JSON (``Accept: application/json`` or
``application/problem+json``, preferred over plain text and HTML; :func:`wants_problem`) gets the same refusal as
``application/problem+json``, every header kept (:func:`as_problem`)::

    {"type":"about:blank","title":"Bad Request","status":400,"detail":"'99x' er ikke et gyldig kommunenummer: …"}

``detail`` is the plain text's sentence without its status line prefix (``400 Bad Request: ``), in the language
the plain text was in (``Content-Language`` is kept); ``title`` is the status's reason phrase, as RFC 9457 §4.2.1
asks of ``about:blank``. Whether an error is plain text, a page or problem details depends on ``Accept``, so each
such error names it in ``Vary`` (:func:`error_headers`). The search API (``/search.json``) and the reconciliation
service answer JSON only, so their errors are problem details whatever the request accepts, with the member
their clients read before kept beside (:func:`problem`: ``error`` and ``query``; ``message``).
"""

from __future__ import annotations

import gzip
import json
import re

from byregion.conneg import negotiate
from byregion.mediatypes import HTML, PLAIN, PROBLEM
from byregion.serve.rules import add_vary, header_in, reason, security_headers

#: What an error can be sent as, ties going to the first: plain text unless JSON is preferred.
ERROR_TYPES = (PLAIN, HTML, PROBLEM)

#: The ``Content-Type`` of problem details as sent (JSON is UTF-8 by definition: RFC 8259 §8.1).
PROBLEM_TYPE = PROBLEM.name

#: ``detail`` of an error whose text is a page (the documents' 404), by status; :data:`PAGE_DETAIL_ELSE` otherwise
#: (every surface that explains an error in words offers them as text too, which is what is turned).
PAGE_DETAIL: dict[int, str] = {
    404: "Nothing is published at this address.",
    410: "This address was published in an earlier version of the data, and what it described is not in this one.",
}
PAGE_DETAIL_ELSE = f"The page for this error says more: ask for {HTML.name} to read it."

_STATUS_PREFIX = re.compile(r"\A[1-5][0-9]{2} [^:\n]*: ")


#: The services that answer JSON only, and the members their clients read an error's sentence from before problem
#: details: any error of theirs is problem details whatever the request accepts (a 405 of /search.json too).
JSON_ONLY: dict[str, tuple[str, ...]] = {"/search.json": ("error",), "/reconcile": ("message",)}


def json_only(path: str) -> tuple[str, ...] | None:
    """The members of :data:`JSON_ONLY` of the service at ``path`` (``/reconcile/suggest/entity`` is the
    reconciliation service's), or None for a path of no such service."""
    for prefix, members in JSON_ONLY.items():
        if path == prefix or path.startswith(prefix + "/"):
            return members
    return None


def wants_problem(accept: str | None) -> bool:
    """Whether an error should be problem details for a request that sent ``accept``: JSON is preferred to plain
    text and to HTML (an absent or ``*/*`` Accept gets plain text, as before)."""
    return bool(accept) and negotiate(accept, ERROR_TYPES) is PROBLEM


#: What an error that problem details can stand for is sent as: plain text or a page.
TURNABLE = (PLAIN.name, HTML.name)


def _convertible(status: int, content_type: str | None) -> bool:
    return status >= 400 and content_type is not None and content_type.startswith(TURNABLE)


def turnable(status: int, headers: list[tuple[str, str]]) -> bool:
    """Whether an answer is an error of plain text or a page: one that problem details can stand for."""
    return _convertible(status, header_in(headers, "content-type"))


def error_headers(status: int, headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` of an answer that stays as it is, with ``Accept`` in ``Vary`` when it is an error a client
    asking for JSON would have had as problem details."""
    if not _convertible(status, header_in(headers, "content-type")):
        return headers
    varied = list(headers)
    add_vary(varied, "Accept")
    return varied


def detail_of(text: str) -> str:
    """The refusal ``text`` without its status line prefix (``"404 Not Found: "``) and the whitespace around it."""
    return _STATUS_PREFIX.sub("", text.strip(), count=1)


def problem(status: int, detail: str, **members: object) -> bytes:
    """The problem details of an error of ``status``, with extension ``members``; compact, as the static export's
    byregion.js writes them, so that both send the same bytes."""
    body = {"type": "about:blank", "title": reason(status), "status": status, "detail": detail, **members}
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def as_problem(status: int, headers: list[tuple[str, str]], body: bytes, *,
               members: tuple[str, ...] = ()) -> tuple[list[tuple[str, str]], bytes] | None:
    """The headers and body of the error answer (``status``, ``headers``, ``body``) as problem details, or None
    when it is no error or neither plain text nor a page (kept as it is). ``members``: names that repeat ``detail``
    (:data:`JSON_ONLY`)."""
    content_type = header_in(headers, "content-type")
    if not _convertible(status, content_type):
        return None
    assert content_type is not None
    page = content_type.startswith(HTML.name)
    if page:
        detail = PAGE_DETAIL.get(status, PAGE_DETAIL_ELSE)
    else:
        plain = gzip.decompress(body) if body and header_in(headers, "content-encoding") == "gzip" else body
        detail = detail_of(plain.decode("utf-8", "replace"))
    made = problem(status, detail, **dict.fromkeys(members, detail))
    kept = [(key, value) for key, value in headers if key.lower() not in _REPLACED or
            (key.lower() == "content-language" and not page)]  # a page's (the reader's) goes: the detail is English
    kept.append(("Content-Type", PROBLEM_TYPE))  # no page: no page's policy (the app's Secured adds nosniff)
    kept.append(("Content-Length", str(len(made))))
    if not members:  # a JSON-only service's error is problem details whatever the request accepts
        add_vary(kept, "Accept")
    return kept, made


#: Headers of the plain answer that problem details do not keep as they are.
_REPLACED = frozenset({"content-type", "content-length", "content-language", "content-encoding", "etag",
                       "last-modified", *(name.lower() for name, _ in security_headers(HTML.name))})

