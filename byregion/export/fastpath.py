"""nginx's fast path: the plain requests nginx answers from tables alone, without byregion.js. Pure.

Most requests a crawler or harvester sends are plain: ``GET`` or ``HEAD`` of a document with one of a
handful of ``Accept`` headers, no query string, no cookie, no ``If-None-Match``. For those, which file
answers and with which headers can be worked out when the export is written, by the Python server's own
rules (:mod:`byregion.conneg`, :mod:`byregion.i18n`, :mod:`byregion.serve.documents`): nginx then needs only
``map`` look-ups (hash tables) to answer, as fast as it serves plain files. Every other request (another
header value, a query, a cookie, a conditional request, a document of another kind) goes to byregion.js as
before, so the answers are the same either way; ``tests/test_static_export.py`` checks both paths against
the app.

The tables:

* :data:`ACCEPTS`: ``Accept`` values seen from RDF clients, harvesters, crawlers and browsers; each is
  negotiated here against a document's formats, and the ones that choose a format go in the table;
* :data:`ACCEPT_LANGUAGES`: ``Accept-Language`` values; each is read by :func:`byregion.i18n.choose`;
* :data:`GZIP_ENCODINGS`: ``Accept-Encoding`` values, each with whether nginx's ``gzip_static`` sends the
  ``.gz`` file for it (nginx's own test, which the app's :func:`byregion.serve.rules.accepts_gzip` agrees
  with on every value here: tested), so the ETag can name the body nginx sends.

Only the default profile is answered here: a request with ``Accept-Profile`` (any value) or ``?_profile=`` (a
query string) goes to byregion.js, so the fast path's answers stay as cheap as before profiles existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from byregion import conneg, i18n, profiles
from byregion.docstore import PageLink, StoredProfile
from byregion.export.layout import Stored
from byregion.mediatypes import DOCUMENT_TYPES, GEOJSON, HTML, SERVED_TYPES, MediaType
from byregion.serve import rules

#: ``Accept`` values the fast path knows (an absent header is the empty string).
ACCEPTS: tuple[str, ...] = (
    "", "*/*",
    "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html",
    "application/json", "application/xhtml+xml", "application/x-turtle", "text/n3",
    "text/turtle, application/rdf+xml;q=0.9, */*;q=0.1",
    "application/rdf+xml, text/turtle;q=0.9, */*;q=0.1",
    "text/turtle;q=1.0, application/rdf+xml;q=0.9, application/n-triples;q=0.8, application/ld+json;q=0.7, */*;q=0.1",
    "application/ld+json, application/json;q=0.9, */*;q=0.1",
    # rdflib's Graph.parse of a URL, Apache Jena's RDFDataMgr, LDSpider-style crawlers
    "application/rdf+xml, text/rdf+xml, text/xml;q=0.1, application/xml;q=0.1, text/plain;q=0.1",
    "text/turtle,application/n-triples;q=0.9,application/ld+json;q=0.8,application/rdf+xml;q=0.7,*/*;q=0.5",
    "text/turtle,application/turtle,application/x-turtle,application/rdf+xml,text/n3,application/n-triples,"
    "application/ld+json;q=0.9,*/*;q=0.1",
    # browsers
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
    "application/signed-exchange;v=b3;q=0.7",
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/png,image/svg+xml,"
    "*/*;q=0.8",
)

#: ``Accept-Language`` values the fast path knows (an absent header is the empty string).
ACCEPT_LANGUAGES: tuple[str, ...] = (
    "", "*", "nb", "no", "nn", "en", "en-US", "en-GB", "nb-NO", "en-US,en", "en-US,en;q=0.9", "en-GB,en;q=0.9",
    "en-US,en;q=0.5", "nb-NO,nb;q=0.9", "nb-NO,nb;q=0.9,no;q=0.8,nn;q=0.7,en-US;q=0.6,en;q=0.5",
    "nb,no;q=0.9,en;q=0.8", "no,en;q=0.9", "nb-NO,nb;q=0.9,en-US;q=0.8,en;q=0.7",
)

#: ``Accept-Encoding`` values the fast path knows, with whether gzip is taken (an absent header: "").
GZIP_ENCODINGS: Mapping[str, bool] = {
    "": False, "identity": False, "gzip": True, "gzip, deflate": True, "gzip,deflate": True,
    "gzip, deflate, br": True, "gzip, deflate, br, zstd": True, "br, gzip": True, "deflate, gzip": True,
}

#: The formats a document must offer, exactly, for the fast path to answer it (the usual five) ...
FORMATS: tuple[str, ...] = tuple(m.extension for m in DOCUMENT_TYPES)
#: ... or the usual five and GeoJSON (a thing with a geometry). No Accept of :data:`ACCEPTS` chooses GeoJSON
#: (it comes last and none names it), so both negotiate alike; only their ``Link`` headers differ.
GEO_FORMATS: tuple[str, ...] = tuple(m.extension for m in SERVED_TYPES)


def accept_table(accepts: Iterable[str] = ACCEPTS) -> dict[str, str]:
    """``Accept`` value → the extension the Python server negotiates for a document of :data:`FORMATS`.
    Values it would answer 406 for are left out (byregion.js answers those)."""
    table = {}
    for accept in accepts:
        chosen = conneg.negotiate(accept or None, DOCUMENT_TYPES)
        if chosen is not None:
            table[accept] = chosen.extension
    return table


def language_table(values: Iterable[str] = ACCEPT_LANGUAGES) -> dict[str, str]:
    """``Accept-Language`` value → the language of HTML pages, by :func:`byregion.i18n.choose` (no cookie)."""
    return {value: i18n.choose(None, None, value or None) for value in values}


def suffix(extension: str, lang: str) -> str:
    """The file suffix of a representation: ``ttl`` or ``nb.html``."""
    return f"{lang}.{extension}" if extension == HTML.extension else extension


def default_profiled(stored: tuple[StoredProfile, ...]) -> rules.Profiled | None:
    """The default profile as the headers name it, with the ``alt`` view (None: a build without profiles)."""
    if not stored:
        return None
    alt = next(((p.token, p.uri) for p in stored if p.token == profiles.ALT.token), None)
    return rules.Profiled(stored[0].token, stored[0].uri, True, alt)


def headers(chosen: MediaType, profile: rules.Profiled | None, geojson: bool = False) -> dict[str, str]:
    """``Vary``, ``Content-Location``, ``Link`` and ``Content-Profile`` of a document answered in ``chosen`` in
    the default profile, with ``$br_doc`` for the document path, from
    :func:`byregion.serve.rules.negotiated_headers` itself; ``geojson``: the document offers GeoJSON too."""
    formats = tuple((m.extension, m.name) for m in (SERVED_TYPES if geojson else DOCUMENT_TYPES))
    return dict(rules.negotiated_headers("$br_doc", formats, chosen.extension, True, profile))


def link_template(chosen: MediaType, profile: rules.Profiled | None = None, geojson: bool = False) -> str:
    """The ``Link`` header of a document answered in ``chosen``, with ``$br_doc`` for the document path."""
    return headers(chosen, profile, geojson)["Link"]


def fast_value(hash_: str, geojson: bool, identity_only: bool, date: int = 0) -> str:
    """A representation's value in ``fast.map``: its hash, then two flags: its document offers GeoJSON too
    (another ``Link``), and it has no ``.gz`` (another ``Vary`` and ETag), then the place of its
    ``Last-Modified`` among the export's dates (:class:`byregion.export.layout.Dates`; none for the build's own).
    One look-up in a table of every representation gives all of them; nginx reads the flags with anchored regular
    expressions on this short value instead of looking the file up in more tables (the rate moved from 0.73 to
    0.74 of plain nginx, within the noise of the shared machine: the headers' bytes cost more than the look-ups)."""
    return f"{hash_}:{int(geojson)}{int(identity_only)}{date or ''}"


def offers_geojson(formats: tuple[str, ...]) -> bool:
    return GEOJSON.extension in formats


def default_profile(stored: list[Stored]) -> list[Stored]:
    """The representations of the default profile (the fast path sends no other)."""
    return [s for s in stored if profiles.SEPARATOR not in s.variant]


def vary(gzip: bool) -> str:
    """The ``Vary`` header of a document of :data:`FORMATS` (HTML among them), with ``Accept-Encoding``
    where a gzip body exists (:mod:`byregion.serve.rules`)."""
    return rules.DOCUMENT_VARY + (", Accept-Encoding" if gzip else "")


def eligible(path: str, formats: tuple[str, ...], host: bool, others: str = "",
             links: tuple[PageLink, ...] = ()) -> bool:
    """Whether the fast path answers a document: :data:`FORMATS` or :data:`GEO_FORMATS` exactly, under
    ``/doc/`` or ``/def/`` (not the home page, whose file has another name), not naming the request's host,
    with the ``alt`` view its ``Link`` names (every negotiated document has it; ``others`` are its other
    profiles), and whose page links nothing more (``links``, which its ``Link`` would name: byregion.js's)."""
    return (formats in (FORMATS, GEO_FORMATS) and not host and (path.startswith("/doc/") or path.startswith("/def/"))
            and profiles.ALT.token in profiles.parse_formats(others) and not links)
