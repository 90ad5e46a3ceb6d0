"""Content negotiation: which representation a request gets. Pure functions, no Flask.

Three ways to choose, strongest first (see :func:`choose`): a ``?_mediatype=`` parameter, a file
extension on the path (``/doc/region/notodden.ttl``), then the ``Accept`` header with q-values and
wildcards. No Accept header at all means the first offered type (HTML for documents).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from byregion.mediatypes import MediaType, by_extension, by_name


def _ranges(media_type: MediaType) -> tuple[str, ...]:
    return (media_type.name, *media_type.aliases)


def _specificity(accepted: str, offered: str) -> int:
    """How specifically the Accept entry ``accepted`` matches ``offered``: 2 exact, 1 ``type/*``, 0 ``*/*``,
    -1 no match."""
    if accepted == offered:
        return 2
    if accepted in ("*", "*/*"):
        return 0
    a_type, _, a_sub = accepted.partition("/")
    o_type, _, _ = offered.partition("/")
    if a_sub == "*" and a_type == o_type:
        return 1
    return -1


def quality(accept: MIMEAccept, media_type: MediaType) -> float:
    """The q-value ``accept`` gives ``media_type`` (or any alias), using the most specific matching entry
    (RFC 9110 §12.5.1): with ``*/*;q=0.1, text/turtle`` Turtle gets 1 and HTML 0.1."""
    best_specificity, best_q = -1, 0.0
    for value, q in accept:
        bare = value.split(";", 1)[0].strip().lower()
        for name in _ranges(media_type):
            spec = _specificity(bare, name)
            if name != media_type.name and spec < 2:
                continue  # aliases match only when named exactly: application/* is not application/x-turtle
            if spec > best_specificity or (spec == best_specificity and spec >= 0 and q > best_q):
                best_specificity, best_q = spec, q
    return best_q if best_specificity >= 0 else 0.0


def parse_accept(header: str | None) -> MIMEAccept | None:
    """The header parsed by werkzeug; None when absent, blank or unusable (then anything goes).

    Werkzeug is lenient: entries it cannot read are dropped. A header of nothing but garbage is
    treated like no header, so a broken client still gets a page rather than a 406.
    """
    if header is None or not header.strip():
        return None
    accept = parse_accept_header(header, MIMEAccept)
    if not any("/" in value or value == "*" for value, _q in accept):
        return None
    return accept


#: Distinct (Accept, offered) pairs whose choice each process remembers: clients send few distinct Accept
#: headers, so the choice is parsed once per header rather than once per request; a client sending a new
#: header every time only cycles this bounded memo.
MEMO_SIZE = 4_096


@functools.lru_cache(maxsize=MEMO_SIZE)
def negotiate(accept_header: str | None, offered: tuple[MediaType, ...]) -> MediaType | None:
    """The offered type the Accept header likes best (ties: server order), or None when none is acceptable."""
    if not offered:
        return None
    accept = parse_accept(accept_header)
    if accept is None:
        return offered[0]
    best: MediaType | None = None
    best_q = 0.0
    for media_type in offered:
        q = quality(accept, media_type)
        if q > best_q:
            best, best_q = media_type, q
    return best


def split_extension(path: str, offered: tuple[MediaType, ...]) -> tuple[str, MediaType | None]:
    """``"/doc/region/notodden.ttl"`` → ``("/doc/region/notodden", TURTLE)``; no known extension → ``(path, None)``.

    Only the last path segment counts, so a dot elsewhere in the path is left alone.
    """
    head, slash, last = path.rpartition("/")
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem:
        return path, None
    media_type = by_extension(ext, offered)
    if media_type is None:
        return path, None
    return head + slash + stem, media_type


def from_parameter(value: str, offered: tuple[MediaType, ...]) -> MediaType | None:
    """``?_mediatype=`` value as a media type: a name or alias (``text/turtle``) or an extension (``ttl``)."""
    value = value.strip()
    return by_name(value, offered) or by_extension(value, offered)


@dataclass(frozen=True)
class Choice:
    """Outcome of negotiation: ``media_type`` None means 406; ``negotiated`` says the Accept header decided
    (so the response varies by it and its Content-Location names the chosen variant)."""

    media_type: MediaType | None
    negotiated: bool
    reason: str = ""


def choose(
    accept_header: str | None,
    offered: tuple[MediaType, ...],
    *,
    extension: MediaType | None = None,
    parameter: str | None = None,
) -> Choice:
    """Combine the three ways of choosing; an unknown ``?_mediatype=`` is a 406 naming the value."""
    if parameter is not None and parameter != "":
        chosen = from_parameter(parameter, offered)
        reason = "" if chosen else f"_mediatype={parameter!r} is not one of the offered formats"
        return Choice(chosen, False, reason)
    if extension is not None:
        return Choice(extension, False)
    chosen = negotiate(accept_header, offered)
    reason = "" if chosen else f"nothing in Accept: {accept_header!r} is offered"
    return Choice(chosen, True, reason)
