"""Content negotiation: which representation a request gets, and in which profile. Pure functions, no Flask.

Three ways to choose, strongest first (see :func:`choose`): a ``?_mediatype=`` parameter, a file
extension on the path (``/doc/region/notodden.ttl``), then the ``Accept`` header with q-values and
wildcards. No Accept header at all means the first offered type (HTML for documents).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Protocol

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

from byregion.mediatypes import SHARED_NAMES, MediaType, by_extension, by_name


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


def bare_value(value: str) -> str:
    """An entry of an ``Accept``-like header parsed by werkzeug, without the parameters werkzeug keeps in it
    (``text/turtle; level=1`` → ``text/turtle``), lower-case."""
    return value.split(";", 1)[0].strip().lower()


def quality(accept: MIMEAccept, media_type: MediaType) -> float:
    """The q-value ``accept`` gives ``media_type`` (or any alias), using the most specific matching entry
    (RFC 9110 §12.5.1): with ``*/*;q=0.1, text/turtle`` Turtle gets 1 and HTML 0.1. The type's own name is more
    specific than an alias: ``application/problem+json;q=0, application/json`` refuses problem details."""
    return _match(accept, media_type)[0]


def _match(accept: MIMEAccept, media_type: MediaType) -> tuple[float, bool]:
    """The q-value :func:`quality` gives, and whether the entry that gave it names this type and no other: its own
    name or an alias of its own (``application/vnd.geo+json``), not a name many types share (:data:`SHARED_NAMES`:
    ``application/json``) nor a range."""
    best_specificity, best_q, best_name = -1, 0.0, ""
    for value, q in accept:
        bare = bare_value(value)
        for name in _ranges(media_type):
            spec = _specificity(bare, name)
            if name != media_type.name and spec < 2:
                continue  # aliases match only when named exactly: application/* is not application/x-turtle
            if spec == 2 and name == media_type.name:
                spec = 3
            if spec > best_specificity or (spec == best_specificity and spec >= 0 and q > best_q):
                best_specificity, best_q, best_name = spec, q, name
    if best_specificity < 0:
        return 0.0, False
    return best_q, best_specificity == 3 or (best_specificity == 2 and best_name not in SHARED_NAMES)


def by_alias_only(accept_header: str | None, media_type: MediaType) -> bool:
    """Whether ``accept_header`` takes ``media_type`` only under another name (``application/json`` for JSON-LD):
    its own name, or a range that holds it (``application/*``), is not acceptable."""
    accept = parse_accept(accept_header)
    return accept is not None and quality(accept, media_type) > 0 \
        and quality(accept, MediaType(media_type.name, media_type.extension, media_type.label)) == 0


_SPACE_RUNS = re.compile(r"[ \t]{2,}")


def parse_accept(header: str | None) -> MIMEAccept | None:
    """The header parsed by werkzeug; None when absent, blank or unusable (then anything goes).

    Werkzeug is lenient: entries it cannot read are dropped. A header of nothing but garbage is
    treated like no header, so a broken client still gets a page rather than a 406.
    """
    if header is None or not header.strip():
        return None
    # a run of spaces read once: werkzeug's MIMEAccept splits each value with "\s*;\s*", which tries every run to
    # its end (a header with 48,000 spaces inside took 2.4 s); no value with such a run names a type we offer, so
    # the choice is the same, and a refusal names the header as it came
    accept = parse_accept_header(_SPACE_RUNS.sub(" ", header), MIMEAccept)
    if not any("/" in bare or bare == "*" for bare in (bare_value(value) for value, _q in accept)):
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
    best_rank = (0.0, False)
    for media_type in offered:
        q, named = _match(accept, media_type)
        # ties go to the server's order, but a type named by its own name wins one against a type named only by an
        # alias: application/geo+json, application/json is GeoJSON, not JSON-LD
        if q > 0 and (q, named) > best_rank:
            best, best_rank = media_type, (q, named)
    return best


def split_extension(path: str, offered: tuple[MediaType, ...]) -> tuple[str, MediaType | None]:
    """``"/doc/region/notodden.ttl"`` → ``("/doc/region/notodden", TURTLE)``; no known extension → ``(path, None)``.

    Only the last path segment counts, so a dot elsewhere in the path is left alone.
    """
    head, slash, last = path.rpartition("/")
    stem, dot, ext = last.rpartition(".")
    if not dot or not stem:
        return path, None
    media_type = path_extension(ext, offered)
    if media_type is None:
        return path, None
    return head + slash + stem, media_type


def path_extension(extension: str, offered: tuple[MediaType, ...]) -> MediaType | None:
    """The format an extension in a path names: in lower case only, as every path of ours is (``.TTL`` is part of
    no document's name, so ``/doc/region/notodden.TTL`` is a 404, not a second URL of the Turtle)."""
    return by_extension(extension, offered) if extension == extension.lower() else None


def from_parameter(value: str, offered: tuple[MediaType, ...]) -> MediaType | None:
    """``?_mediatype=`` value as a media type: a name or alias (``text/turtle``) or an extension (``ttl``). A space
    in it is the ``+`` of a link written by hand (``?_mediatype=application/ld+json``: a query string's ``+`` reads
    as a space, HTML forms' rule), since no media type holds a space."""
    value = value.strip().replace(" ", "+")
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


# ------------------------------------------------------------------------------------------- profiles
#
# W3C "Content Negotiation by Profile": a client asks for a profile with ``?_profile=`` (the query string
# realisation: a token or a URI) or the header ``Accept-Profile`` (the HTTP realisation: URIs in angle brackets
# with q-values, ``Accept-Profile: <https://…/id/profile/ids>;q=1, <https://schema.org/>;q=0.5``). We read a
# bare token in the header too (``Accept-Profile: ids``), as several implementations do. The parameter beats
# the header; no header (or one with nothing readable in it) means the default profile, the first offered.


class ProfileOffer(Protocol):
    """A profile a document is offered in: its token, its IRI, and other IRIs that name it."""

    @property
    def token(self) -> str: ...
    @property
    def uri(self) -> str: ...
    @property
    def aliases(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class ProfileChoice:
    """Outcome of profile negotiation: ``token`` None means 406; ``negotiated``: the header decided."""

    token: str | None
    negotiated: bool
    reason: str = ""


_Q = re.compile(r"^q=([01](?:\.[0-9]{0,3})?)$", re.I)


def _entries(header: str) -> list[str]:
    """The header's comma-separated entries; a comma inside ``<…>`` is part of a URI."""
    entries: list[str] = []
    current: list[str] = []
    inside = False
    for char in header:
        if char == "<":
            inside = True
        elif char == ">":
            inside = False
        elif char == "," and not inside:
            entries.append("".join(current))
            current = []
            continue
        current.append(char)
    entries.append("".join(current))
    return [entry.strip() for entry in entries if entry.strip()]


def parse_accept_profile(header: str | None) -> tuple[tuple[str, float], ...]:
    """``Accept-Profile`` as ``(value, q)`` pairs in header order: a URI without its angle brackets, or a token.
    Entries that cannot be read (an unclosed ``<``, a q-value out of range or not a number) are left out."""
    found: list[tuple[str, float]] = []
    for entry in _entries(header or ""):
        if entry.startswith("<"):
            end = entry.find(">")
            if end < 0:
                continue
            value, params = entry[1:end].strip(), entry[end + 1:]
        else:
            value, _, params = entry.partition(";")
            value, params = value.strip(), ";" + params
        q: float | None = 1.0
        for param in params.split(";"):
            param = param.replace(" ", "").replace("\t", "")
            if param.lower().startswith("q="):
                match = _Q.match(param)
                q = float(match.group(1)) if match and float(match.group(1)) <= 1 else None
        if value and q is not None:
            found.append((value, q))
    return tuple(found)


def _names(value: str, offer: ProfileOffer) -> bool:
    return value == offer.token or value == offer.uri or value in offer.aliases or value == "*"


@functools.lru_cache(maxsize=MEMO_SIZE)
def negotiate_profile(header: str | None, offered: tuple[ProfileOffer, ...]) -> str | None:
    """The token of the offered profile ``Accept-Profile`` likes best (the highest q; ties: server order), the
    default (the first offered) when the header names nothing readable, None when it names none offered."""
    entries = parse_accept_profile(header)
    if not entries:
        return offered[0].token if offered else None
    best, best_q = None, 0.0
    for offer in offered:
        q = max((q for value, q in entries if _names(value, offer)), default=0.0)
        if q > best_q:
            best, best_q = offer.token, q
    return best


def choose_profile(header: str | None, offered: tuple[ProfileOffer, ...], parameter: str | None = None
                   ) -> ProfileChoice:
    """``?_profile=`` (a token or a URI, with or without ``<…>``), else ``Accept-Profile``; a profile the
    document is not offered in is a 406 whose reason names what was asked and what there is."""
    if parameter is not None and parameter.strip() != "":
        value = parameter.strip().removeprefix("<").removesuffix(">").strip()
        token = next((p.token for p in offered if value != "*" and _names(value, p)), None)
        reason = "" if token else f"_profile={parameter!r} is not a profile of this document"
        return ProfileChoice(token, False, reason)
    if not header:  # most requests: the default, without hashing the offers for the memo
        return ProfileChoice(offered[0].token if offered else None, True,
                             "" if offered else "this document is offered in no profile")
    token = negotiate_profile(header, offered)
    reason = "" if token else f"nothing in Accept-Profile: {header!r} is a profile of this document"
    return ProfileChoice(token, True, reason)
