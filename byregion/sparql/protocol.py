"""The SPARQL 1.1 Protocol's request side, on plain values (no web framework).

Both ways into the endpoint use it: the Flask view (page, service description) and the lean WSGI
handler that answers query requests without entering Flask (``byregion/web/sparql.py``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

import pyoxigraph as ox

from byregion import conneg
from byregion.mediatypes import (
    ALL,
    ASK_TYPES,
    FORM,
    GRAPH_RESULT_TYPES,
    HTML,
    SELECT_TYPES,
    SPARQL_JSON,
    SPARQL_QUERY,
    SPARQL_UPDATE,
    MediaType,
)
from byregion.serve.bodies import IncompleteBody, read_within
from byregion.sparql import NotAcceptable, QueryTooLarge, Refused, UpdateRefused
from byregion.urlencoded import NotUTF8, utf8_pairs

#: What ``?format=`` accepts besides extensions and media types, per result form.
_FORMAT_WORDS = {"json": ("srj", "jsonld"), "xml": ("srx", "rdf"), "turtle": ("ttl",), "ntriples": ("nt",),
                 "json-ld": ("jsonld",), "n3": ("ttl",), "rdf+xml": ("rdf",)}


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
        return utf8_pairs(raw, f"the {where}")
    except NotUTF8 as exc:
        raise BadRequest(f"{str(exc)[0].upper()}{str(exc)[1:]}; SPARQL protocol parameters must be UTF-8.") from exc


def _from_pairs(pairs: list[tuple[str, str]], proto: ProtocolRequest, *, allow_query: bool = True) -> None:
    queries = [v for k, v in pairs if k == "query"]
    if any(k == "update" for k, _ in pairs):
        raise UpdateRefused("This endpoint is read-only: the `update` parameter (SPARQL Update) is not accepted.")
    if queries and not allow_query:
        raise BadRequest("Send the query either in the body or in the URL, not both.")
    if len(queries) > 1 or (queries and proto.query is not None):
        raise BadRequest("More than one `query` parameter was sent; send exactly one.")
    if queries:
        proto.query = queries[0].removeprefix("\ufeff")  # a .rq file saved with a BOM, read and sent as it is
    # a graph named twice (in the URL and the form, say) is one graph: the dataset is a merge and a set (§13.2)
    proto.default_graphs = list(dict.fromkeys(
        [*proto.default_graphs, *(_graph_iri(k, v) for k, v in pairs if k == "default-graph-uri")]))
    proto.named_graphs = list(dict.fromkeys(
        [*proto.named_graphs, *(_graph_iri(k, v) for k, v in pairs if k == "named-graph-uri")]))
    # format= (Oxigraph, Virtuoso, SPARQLWrapper), else output= and results= (Fuseki's names; SPARQLWrapper sends
    # all three, format= first among them) where they name a format we know: Fuseki's output=text, a text table we
    # do not write, leaves the choice to Accept, as the names did before they were read
    formats = [v for k, v in pairs if k == "format"] or next(
        (known for name in ("output", "results")
         if (known := [v for k, v in pairs if k == name and _known_format(v)])), [])
    if formats:
        # the last first, as one format= overrides another (a link that appends one); SPARQLWrapper sends two, a
        # word and then a list of media types, each naming the same format
        proto.format = ", ".join(reversed(formats))


def _graph_iri(name: str, value: str) -> str:
    """``value`` of the ``default-graph-uri`` or ``named-graph-uri`` parameter, when it is an absolute IRI (RFC 3987,
    as Oxigraph reads it); else a 400 naming the parameter and the value, before any store sees it."""
    try:
        ox.NamedNode(value)
    except ValueError as exc:
        shown = repr(value) if len(value) <= 200 else repr(value[:200]) + "…"
        raise BadRequest(f"The `{name}` parameter must be an absolute IRI, such as one of the graphs the service "
                         f"description lists (GET /sparql), but it is {shown} ({exc}).") from exc
    return value


#: A form's first field, where a query's text should be: ``query=SELECT…``, ``update=…`` (no query starts so).
_FORM_LIKE = re.compile(r"\s*(query|update|default-graph-uri|named-graph-uri)=")
#: How many bytes of a percent-encoded form one byte of its query can take (``%C3``).
ENCODED = 3
#: Bytes of a request body beyond its query, for the other parameters (graphs, ``format=``).
PARAMETER_ROOM = 8192


def body_limit(max_bytes: int) -> int:
    """The most bytes of a request body that can hold a query of ``max_bytes`` (percent-encoded in a form) and
    the other parameters: what the endpoint reads, and what a proxy before it should let through."""
    return ENCODED * max_bytes + PARAMETER_ROOM


def read_body(content_length: int | None, read: Callable[[int], bytes], max_bytes: int) -> bytes:
    """The request body, or :class:`QueryTooLarge` once it passes what a query of ``max_bytes`` can take plus room for
    parameters. A form percent-encodes the query (each byte of "å" or "{" is three), so a body may be three times
    the query's limit: the query itself is measured, decoded, by the guard, as in the URL and as a
    ``application/sparql-query`` body."""
    limit = body_limit(max_bytes)
    try:
        body = read_within(content_length, read, limit)
    except IncompleteBody as incomplete:  # a sentence, as the endpoint's refusals are
        said = str(incomplete)
        raise Refused(said[0].upper() + said[1:] + ".") from None
    if body is None:
        size = f"{content_length} bytes" if content_length is not None else f"over {limit} bytes"
        raise QueryTooLarge(f"The request body is {size}; a body may be at most {limit} bytes (three times "
                            f"BYREGION_SPARQL_MAX_QUERY_BYTES, {max_bytes}, for a query percent-encoded in a form, "
                            f"and {PARAMETER_ROOM} for the other parameters), and the query itself at most "
                            f"{max_bytes} bytes.")
    return body


def read_protocol(method: str, query_string: bytes, mimetype: str, body: bytes) -> ProtocolRequest:
    """Parse a request per SPARQL 1.1 Protocol §2.1, or raise a 4xx :class:`Refused`.

    ``mimetype`` is the Content-Type without parameters, lower case; ``body`` is empty for GET.
    """
    proto = ProtocolRequest()
    url_pairs = _pairs(query_string, "query string")
    if method != "POST":
        _from_pairs(url_pairs, proto)
        return _not_empty(proto, "the `query` parameter")
    if mimetype == FORM:  # the URL's parameters and the body's read as one list: format= first wherever it is
        _from_pairs(url_pairs + _pairs(body, "form body"), proto)
    elif mimetype == SPARQL_QUERY:
        _from_pairs(url_pairs, proto, allow_query=False)
        try:
            proto.query = body.decode("utf-8").removeprefix("\ufeff")  # a .rq file saved with a BOM: not the query's
        except UnicodeDecodeError as exc:
            raise BadRequest(f"The query body is not valid UTF-8 (at byte {exc.start}).") from exc
        if (form := _FORM_LIKE.match(proto.query)) is not None:  # no query begins so: "query=SELECT…"
            raise BadRequest(f"The body is sent as {SPARQL_QUERY} but reads as a form ({form.group(1)}=…): send it "
                             f"with Content-Type {FORM}, or send the query's own text as the body.")
    elif mimetype == SPARQL_UPDATE:
        raise UpdateRefused(f"This endpoint is read-only: SPARQL Update ({SPARQL_UPDATE}) is not accepted.")
    else:
        shown = mimetype or "none"
        if not body and any(name == "query" for name, _ in url_pairs):  # R's httr::POST(url, query = list(…))
            raise UnsupportedMediaType(f"A POST with the query in its URL and no body: send it as GET with the same "
                                       f"URL, or put query=… in the body with Content-Type {FORM} (SPARQL 1.1 "
                                       "Protocol §2.1).")
        raise UnsupportedMediaType(f"POST needs Content-Type {FORM} or {SPARQL_QUERY} (got {shown}).")
    if proto.query is None:
        raise BadRequest("A POST to /sparql needs a `query`.")
    return _not_empty(proto, "the body" if mimetype == SPARQL_QUERY else "the `query` parameter")


def _not_empty(proto: ProtocolRequest, where: str) -> ProtocolRequest:
    """``proto``, unless its query was sent empty (or only spaces): a 400 saying so and what to send, rather than
    the parser's "expected [_]" at 1:1."""
    if proto.query is not None and (not proto.query or proto.query.isspace()):
        raise BadRequest(f"The query is empty: {where} holds no text. Send a SPARQL 1.1 query (SELECT, ASK, "
                         "CONSTRUCT or DESCRIBE) in the `query` parameter of a GET or a form POST, or as the body of "
                         f"a POST with Content-Type {SPARQL_QUERY}; GET /sparql without `query` gives the service "
                         "description.")
    return proto


def offered_for(form: str) -> tuple[MediaType, ...]:
    """Formats for a result form, in preference order; HTML last, so only browsers get the page."""
    return (*{"SELECT": SELECT_TYPES, "ASK": ASK_TYPES}.get(form, GRAPH_RESULT_TYPES), HTML)


@lru_cache(maxsize=512)
def _negotiate(accept: str | None, form: str) -> MediaType | None:
    """Clients send the same few Accept headers again and again; the answer depends on nothing else.

    A CONSTRUCT or DESCRIBE asked for only in formats of SELECT results is answered in its first format (Turtle),
    as RFC 9110 §12.1 lets a server disregard ``Accept``: client libraries send one ``Accept`` for every query
    form (rdflib's ``SPARQLStore(returnFormat="json")``, whose parser reads the answer by its ``Content-Type``),
    and they had got a 406."""
    offered = offered_for(form)
    chosen = conneg.negotiate(accept, offered)
    if chosen is None and form not in ("SELECT", "ASK") and conneg.negotiate(accept, SELECT_TYPES) is not None:
        return offered[0]
    return chosen


def _known_format(value: str) -> bool:
    """Whether ``value`` names a format this endpoint writes, for some query form."""
    every = tuple(dict.fromkeys(m for form in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE") for m in offered_for(form)))
    return any(conneg.from_parameter(c, every) for c in _format_candidates(value))


def _format_candidates(format_param: str) -> list[str]:
    """What ``format=`` names, in its order: each comma-separated word, then the media types the word stands for."""
    words = [w.strip().lower() for w in format_param.split(",") if w.strip()]
    return [c for w in words for c in (w, *_FORMAT_WORDS.get(w, ()))]


def carrying_any_character(form: str, format_param: str | None, accept: str | None) -> MediaType | None:
    """The format the request would have got next, leaving out the XML ones: for results holding a character XML 1.0
    cannot carry (:class:`byregion.sparql.execute.NotXml`), when the client accepts another format too
    (``Accept: application/sparql-results+xml, application/sparql-results+json;q=0.9``); None when it accepts none
    (RFC 9110 §15.5.7: 406 only when no acceptable representation is left)."""
    offered = tuple(m for m in offered_for(form) if not m.name.endswith("xml") and m is not HTML)
    if format_param:
        candidates = _format_candidates(format_param)
        return next((m for c in candidates if (m := conneg.from_parameter(c, offered))), None)
    return conneg.negotiate(accept, offered)


def choose_format(form: str, format_param: str | None, accept: str | None) -> MediaType:
    """The result format: ``format_param`` (for links in a browser) when given, else from ``accept``.

    ``format_param`` may name several, separated by commas (every ``format=`` of the request, each a word, an
    extension or a media type): the first this query is offered in wins, as SPARQLWrapper sends them
    (``format=json-ld&format=application/ld+json,application/x-json+ld``)."""
    offered = offered_for(form)
    if format_param:
        candidates = _format_candidates(format_param)
        chosen = next((m for c in candidates if (m := conneg.from_parameter(c, offered))), None)
        if chosen is None:
            names = ", ".join(m.extension for m in offered)
            if not any(conneg.from_parameter(c, ALL) for c in candidates):
                raise BadRequest(f"format={format_param!r} is not a format this endpoint knows; for this query "
                                 f"use one of: {names} (or leave it out and send Accept).")
            raise NotAcceptable(f"format={format_param!r} is not offered for this query; use one of: {names}.")
        return chosen
    chosen = _negotiate(accept, form)
    if chosen is None:
        names = ", ".join(m.name for m in offered)
        raise NotAcceptable(f"Nothing in Accept: {accept!r} is offered for this query; "
                            f"this query's results come as: {names}.")
    return chosen


@lru_cache(maxsize=512)
def wants_html(accept: str | None) -> bool:
    """True for a browser: its Accept prefers the HTML page to SPARQL JSON results."""
    return bool(accept) and conneg.negotiate(accept, (SPARQL_JSON, HTML)) is HTML
