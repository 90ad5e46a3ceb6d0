"""Answering a request for a document from the build's rendered documents. Pure: request in, answer out.

Which paths are documents (README "URL layout"):

* ``/id/{thing}`` → ``303 See Other`` to ``/doc/{thing}`` (a thing is not a document);
* ``/doc/{thing}[.ext]``, ``/graph/{name}[.ext]``, ``/def/byregion[.ext]``, ``/catalog[.ext]``, ``/dataset[.ext]``,
  ``/validation[.ext]``, ``/.well-known/void[.ext]``: the profile by ``?_profile=``, then ``Accept-Profile``
  (:mod:`byregion.profiles`); the format by ``?_mediatype=``, the extension, then ``Accept``
  (:mod:`byregion.conneg`); HTML in the reader's language (:func:`byregion.i18n.choose`);
* ``/``, ``/context.jsonld``, ``/robots.txt``, ``/sitemap.xml``, ``/source/{file}``: one form each;
* ``/id/kommunenummer/…``, ``/id/orgnr/…`` and the other look-ups of identifiers, with or without ``?date=``
  (:mod:`byregion.serve.lookups`); ``/sitemap/{n}.xml``, one form;
* anything else that is not answered elsewhere (:data:`ELSEWHERE`: the SPARQL endpoint, search, reconciliation,
  the dumps, the static files…): ``404`` in the negotiated format.

Every answer is a look-up in :class:`~byregion.docstore.DocumentStore` plus the headers of
:mod:`byregion.serve.rules`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from urllib.parse import quote

from byregion import conneg, i18n, profiles, source_files
from byregion.docstore import DocumentStore, PageLink, Representation, StoredProfile, representation
from byregion.identifiers import CodeHistory
from byregion.identifiers.paths import (
    COUNTY_LIST,
    COUNTY_TABLE,
    COUNTY_TABLE_METADATA,
    MEMBERSHIP_LIST,
    MEMBERSHIPS_TABLE,
    MEMBERSHIPS_TABLE_METADATA,
    MUNICIPALITY_LIST,
    REGION_LIST,
    REGIONS_TABLE,
    REGIONS_TABLE_METADATA,
    TABLE,
    TABLE_METADATA,
)
from byregion.mediatypes import HTML, JSONLD, PLAIN_TYPE, SERVED_TYPES, MediaType, by_extension
from byregion.paths import (
    BOUNDARIES,
    GONE,
    GRAPH_STORE,
    GRAPHS,
    LAYER_NAMES,
    NOT_FOUND,
    SITEMAP,
    gone_key,
    is_sitemap_part,
)
from byregion.serve import lookups, problems, rules
from byregion.serve.rules import Answer, Profiled, Request

#: Every route answered here, in Flask's rule syntax, with what it is (the README's URL layout lists each and
#: ``/openapi.json`` describes each; tests check both).
ROUTES: dict[str, str] = {
    "/": "The home page: the regions, the entry points and the dumps.",
    "/id/<path:path>": "A thing (region, municipality, goal, theme, ...): 303 See Other to its document (404 for no "
                       "thing, or an extension its document does not come in).",
    "/doc/<path:path>": "The document about a thing, negotiated (or by extension: .html .ttl .jsonld .nt .rdf).",
    "/def/byregion": "The ontology document, negotiated.",
    "/def/byregion.<ext>": "The ontology document in the format its extension names.",
    "/def/byregion/<version>": "The ontology at a version IRI, negotiated, or by extension: its own (owl:versionIRI) "
                               "as it is, an earlier one (owl:priorVersion) as that version was published.",
    "/context.jsonld": "The JSON-LD context every JSON-LD document uses.",
    "/catalog": "The DCAT-AP-NO / DCAT-AP 3 catalogue, negotiated.",
    "/catalog.<ext>": "The catalogue in the format its extension names.",
    "/dataset": "The dataset description with its distributions, negotiated.",
    "/dataset.<ext>": "The dataset description in the format its extension names.",
    "/.well-known/void": "The VoID description, negotiated.",
    "/.well-known/void.<ext>": "The VoID description in the format its extension names.",
    "/validation": "The build's SHACL validation report with DQV quality figures, negotiated.",
    "/validation.<ext>": "The validation report in the format its extension names.",
    "/graph/<path:name>": "A named graph of the SPARQL dataset: its VoID figures and what the data says about it "
                          "(who made it), negotiated, or by extension.",
    "/source/<path:name>": "A source document as received, byte for byte (a region page's text, the programme's "
                           "tables): what the provenance's offsets and row numbers count in (schema:url of its "
                           "br:SourceDocument).",
    "/sitemap.xml": "Every page, for crawlers; where the pages are more than one sitemap file may list (50,000 URLs), "
                    "an index of its parts.",
    "/sitemap/<part>.xml": "A part of a sitemap too long for one file (/sitemap/1.xml …), named by its index.",
    "/robots.txt": "Crawler rules.",
    **lookups.ROUTES,
    MUNICIPALITY_LIST: "Every municipality since 2014 as a page for readers (HTML in Norwegian or English, negotiated "
                       "by language), one row per municipality number, each municipality and county linked: the "
                       "table /doc/municipalities.csv as a page.",
    COUNTY_LIST: "Every county since 2014 as a page for readers, one row per county number, each county linked: the "
                 "table /doc/counties.csv as a page.",
    MEMBERSHIP_LIST: "Every city region and member municipality of the programme as a page for readers, one row per "
                     "membership with the member's numbers in 2015, 2020 and 2024, its successors and how certain "
                     "the membership is, each region and municipality linked: the table /doc/memberships.csv as a "
                     "page.",
    REGION_LIST: "Every city region of the programme as a page for readers, one row per region with its county, "
                 "population, area, members, confidence and source, each region and county linked: the table "
                 "/doc/regions.csv as a page.",
    TABLE: "Every municipality number since 2014 as a table for spreadsheets (CSV), with its municipality, period, "
           "county, Wikidata item and organisation number.",
    TABLE_METADATA: "The table's CSV on the Web metadata: how each row and column is RDF.",
    COUNTY_TABLE: "Every county number since 2014 as a table for spreadsheets (CSV), with its county, period, "
                  "Wikidata item and organisation number.",
    COUNTY_TABLE_METADATA: "The counties table's CSV on the Web metadata: how each row and column is RDF.",
    MEMBERSHIPS_TABLE: "Every city region and member municipality of the programme as a table for spreadsheets (CSV), "
                       "with the member's name then and now, its role and its kommunenummer in 2015, 2020 and 2024.",
    MEMBERSHIPS_TABLE_METADATA: "The memberships table's CSV on the Web metadata: how each row and column is RDF.",
    REGIONS_TABLE: "Every city region of the programme as a table for spreadsheets (CSV), with its names, applicant, "
                   "members, county, phases, how sure its member list is and its sources.",
    REGIONS_TABLE_METADATA: "The regions table's CSV on the Web metadata: how each row and column is RDF.",
    f"{BOUNDARIES}<period>/{LAYER_NAMES['municipality']}.geojson":
        "Every municipality of a boundary period (2019, 2020, 2024) as one GeoJSON layer (RFC 7946) for GIS tools: "
        "its number in that period, name, IRI and validity.",
    f"{BOUNDARIES}<period>/{LAYER_NAMES['county']}.geojson":
        "Every county of a boundary period as one GeoJSON layer, the same way.",
}
#: Where the versions of the ontology are (``/def/byregion/0.2.0``, its ``owl:versionIRI``, and the earlier
#: ``/def/byregion/0.1.0``): each a document.
ONTOLOGY_VERSIONS = "/def/byregion/"
#: Documents whose path may carry a format extension (``/catalog.ttl``), and ``/doc/…``.
_WITH_EXTENSION = ("/def/byregion", "/catalog", "/dataset", "/validation", "/.well-known/void")
#: Documents with one form each (not negotiated).
SINGLE = ("/", "/context.jsonld", "/robots.txt", "/sitemap.xml")
#: Paths answered elsewhere (the SPARQL endpoint, the dump files, the stylesheet, the server's health, its
#: OpenAPI description, the reconciliation service, search and the graph store): not documents. A name ending in
#: ``/`` is a folder (every path under it), any other is that path alone (``/health``, not ``/healthz``, which is
#: the documents' 404 as any other unknown path). Flask answers a path here it does not know with the documents' 404.
ELSEWHERE = ("/sparql", "/dumps/", "/static/", "/health", "/openapi.json", "/reconcile", "/reconcile/", "/search",
             "/search.json", GRAPH_STORE)
_ELSEWHERE_EXACT = frozenset(p for p in ELSEWHERE if not p.endswith("/"))
_ELSEWHERE_UNDER = tuple(p for p in ELSEWHERE if p.endswith("/"))
_SEGMENT = re.compile(r"^[a-z0-9][a-z0-9._-]{0,99}$")
COOKIE_MAX_AGE = 365 * 24 * 3600
#: The language cookie's attributes after its value (host-only, for the whole site, a year): the one place the
#: app, Apache's configuration and byregion.js take them from.
COOKIE_ATTRIBUTES = f"Max-Age={COOKIE_MAX_AGE}; Path=/; SameSite=Lax"
#: What a URI's query holds as it is besides letters, digits and ``_.-~`` (RFC 3986 §3.4; ``%`` keeps escapes).
_QUERY_SAFE = "!$&'()*+,;=:@/?%"
#: A ``%`` that begins no escape (``?x=%``, ``?x=%zz``): written ``%25``, or the ``Location`` would be no URI.
_LONE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


@dataclass(frozen=True)
class Served:
    """One build as served: its rendered documents, when it was made, and the request limits."""

    documents: DocumentStore
    created: datetime
    max_url_length: int
    history: CodeHistory | None = None  # the look-ups' (byregion.serve.lookups); None for a build without one
    #: The addresses earlier builds answered and this one does not: 410 Gone, not 404 (:func:`not_found`).
    withdrawn: frozenset[str] = frozenset()
    #: The earliest Last-Modified sent where the build is served after a rollback (a build made after it is in its
    #: folder: :func:`byregion.build.reader.rollback_floor`, worked out when the build is opened); None otherwise.
    floor: datetime | None = None
    #: Each (formats, other profiles) of the build's documents with what it offers, worked out once (a few).
    offers: dict[tuple[tuple[str, ...], str], Offers] = field(default_factory=dict, compare=False, repr=False)
    #: The sitemap's files with each ``<lastmod>`` raised to :attr:`floor`, made once each (:func:`floored_sitemap`).
    sitemaps: dict[str, Representation] = field(default_factory=dict, compare=False, repr=False)

    def dated(self, moment: datetime) -> datetime:
        """``moment`` (a stored date: a document's, a file's, the build's) as its ``Last-Modified``: never before
        :attr:`floor`, so that after a rollback no date goes back past the moment it took effect."""
        return moment if self.floor is None or moment >= self.floor else self.floor

    def modified(self, stored: Representation) -> datetime:
        """A stored representation's ``Last-Modified`` (:meth:`Representation.changed`, :meth:`dated`)."""
        return self.dated(stored.changed(self.created))


def valid_path(path: str) -> bool:
    """Every segment is a slug-like name (lower case, digits, ``.-_``): nothing to traverse, nothing to decode."""
    return bool(path) and all(_SEGMENT.match(segment) for segment in path.split("/"))


@functools.lru_cache(maxsize=64)  # a build has a handful of format lists
def _offered(formats: tuple[str, ...]) -> tuple[MediaType, ...]:
    return tuple(m for m in (by_extension(ext, SERVED_TYPES) for ext in formats) if m is not None)


def language(request: Request) -> str:
    return i18n.choose(request.query.get("lang"), i18n.cookie_language(request.header("Cookie")),
                       request.header("Accept-Language"))


def _lang_cookie(request: Request) -> list[tuple[str, str]]:
    """Set the ``lang`` cookie when the reader chose a language with ``?lang=`` (the page's switch)."""
    lang = request.query.get("lang")
    if lang in i18n.LANGUAGES:
        return [("Set-Cookie", lang_cookie(lang))]
    return []


def lang_cookie(lang: str) -> str:
    """The ``Set-Cookie`` value that keeps the reader's choice of language (host-only, for the whole site)."""
    return f"{i18n.COOKIE}={lang}; {COOKIE_ATTRIBUTES}"


def _host(request: Request, scheme: str) -> str:
    return rules.origin_of(scheme, request.header("Host"))


def not_found(served: Served, request: Request, media_type: MediaType | None = None,
              doc_path: str | None = None) -> Answer:
    """404 in the negotiated format: a page for browsers, an empty graph (Turtle and N-Triples: a comment) for RDF
    clients; 410 in the same way where ``doc_path`` (the document the request names) is one an earlier build
    answered and this one does not (:attr:`Served.withdrawn`): a published address says something was there, and
    its own bodies (:func:`byregion.paths.gone_key`) say what, which versions, and where to go.

    A client that asks for plain JSON (and not for JSON-LD by its name) gets JSON-LD of a document, but its 404 as
    problem details: the page, which the problem-details layer turns. One that names JSON-LD (pyld's
    ``application/ld+json, application/json``) gets the empty graph, as before."""
    gone = doc_path is not None and doc_path in served.withdrawn
    status, bodies = (410, GONE) if gone else (404, NOT_FOUND)
    if media_type is None:
        accept = request.header("Accept")
        media_type = conneg.negotiate(accept, SERVED_TYPES) or HTML
        if media_type is JSONLD and conneg.by_alias_only(accept, JSONLD) and problems.wants_problem(accept):
            media_type = HTML
    variant = f"html.{language(request)}" if media_type is HTML else media_type.extension
    # a withdrawn address's own bodies (what it was, where to go; one look-up), else the shared 410's (a build
    # made before those)
    stored = (served.documents.get(gone_key(doc_path), variant) if gone and doc_path is not None else None) \
        or served.documents.get(bodies, variant)
    if stored is None:  # a build made before its 410 bodies: its withdrawn addresses are none
        stored, status = served.documents.get(NOT_FOUND, variant), 404
    assert stored is not None, "every build renders its 404 bodies"
    return rules.finish(request, status, [("Content-Type", stored.media_type), ("Vary", rules.PAGE_VARY),
                                          *rules.content_language(variant)], stored.body,
                        etag=None, modified=None)


def not_acceptable(doc_path: str, offered: tuple[MediaType, ...], reason: str, request: Request,
                   profile: Profiled | None = None, links: tuple[PageLink, ...] = ()) -> Answer:
    """406: no offered format is acceptable; the body and ``Link`` list those there are (in the profile asked), and
    what the document's page links (``links``: a list page's table, which a client asking for CSV is after)."""
    def url(media_type: MediaType) -> str:
        return profile.url(doc_path, media_type.extension) if profile else f"{doc_path}.{media_type.extension}"
    lines = [f"406 Not Acceptable: {reason}.", "This document is available as:"]
    lines += [f"  {m.name}  {url(m)}  ({m.label})" for m in offered]
    lines += rules.page_links_lines(links)
    link = ", ".join([*(rules.alternate(url(m), m.name) for m in offered), *(rules.page_link(k) for k in links)])
    return rules.finish(request, 406, [("Content-Type", PLAIN_TYPE),
                                       ("Vary", rules.RDF_DOCUMENT_VARY if profile else "Accept"), ("Link", link)],
                        ("\n".join(lines) + "\n").encode("utf-8"), etag=None, modified=None)


def profile_not_acceptable(doc_path: str, offers: Offers, reason: str, request: Request) -> Answer:
    """406: the profile asked for is not one this document is offered in; the body lists those it is."""
    lines = [f"406 Not Acceptable: {reason}.",
             "This document is available in these profiles (?_profile=TOKEN, or Accept-Profile: <URI>):"]
    lines += [f"  {p.token}  <{p.uri}>  {' '.join(m.extension for m in offers.formats[p.token])}"
              for p in offers.profiles]
    links = [f'<{p.uri}>; rel="profile"' for p in offers.profiles]
    if offers.alt is not None:
        links.append(rules.alternate(f"{doc_path}?_profile={offers.alt.token}", profile=offers.alt.uri))
    return rules.finish(request, 406, [("Content-Type", PLAIN_TYPE),
                                       ("Vary", rules.RDF_DOCUMENT_VARY), ("Link", ", ".join(links))],
                        ("\n".join(lines) + "\n").encode("utf-8"), etag=None, modified=None)


@dataclass(frozen=True)
class Offers:
    """The profiles of one document (the default first), each with its formats, and its ``alt`` profile; and,
    worked out once, what the headers need of each profile."""

    profiles: tuple[StoredProfile, ...]
    formats: dict[str, tuple[MediaType, ...]]
    alt: StoredProfile | None
    html: bool  # some profile has HTML
    profiled: dict[str, Profiled]  # by token
    pairs: dict[str, tuple[tuple[str, str], ...]]  # by token: (extension, media type) of each format


def offers_of(stored: tuple[StoredProfile, ...], formats: tuple[MediaType, ...], text: str) -> Offers:
    """The profiles a document with ``formats`` (its default profile's) and ``text`` (its others, as
    :func:`byregion.profiles.formats_text` wrote them) is offered in, in the build's order."""
    others = profiles.parse_formats(text)
    by_token = {profiles.DEFAULT.token: formats, **{t: _offered(f) for t, f in others.items()}}
    offered = tuple(p for p in stored if p.token in by_token)
    alt = next((p for p in offered if p.token == profiles.ALT.token), None)
    alt_pair = (alt.token, alt.uri) if alt is not None else None
    return Offers(offered, by_token, alt, any(HTML in f for f in by_token.values()),
                  {p.token: Profiled(p.token, p.uri, p is offered[0], alt_pair) for p in offered},
                  {t: tuple((m.extension, m.name) for m in f) for t, f in by_token.items()})


def _offers(served: Served, formats: tuple[str, ...], text: str) -> Offers | None:
    """What a document offers, None for a build rendered before profiles existed."""
    found = served.offers.get((formats, text))
    if found is None:
        stored = served.documents.profiles()
        if not stored:
            return None
        found = served.offers[(formats, text)] = offers_of(stored, _offered(formats), text)
    return found


def _locate(path: str) -> tuple[str, MediaType | None] | None:
    """The document a path asks for and the format its extension names; None when the path is not a document
    of ours (a malformed ``/doc/`` path is a document that does not exist: ``("", None)``)."""
    if path in SINGLE or is_sitemap_part(path):
        return path, None
    if path.startswith("/doc/"):
        stem, extension = conneg.split_extension(path[len("/doc/"):], SERVED_TYPES)
        return ("/doc/" + stem, extension) if valid_path(stem) else ("", None)
    if path.startswith(GRAPHS):  # a named graph's IRI is its own document (uris.document_path_for)
        stem, extension = conneg.split_extension(path[len(GRAPHS):], SERVED_TYPES)
        return (GRAPHS + stem, extension) if valid_path(stem) else ("", None)
    if path.startswith(source_files.SOURCES):  # a source document: one form, its name's extension is part of it
        return (path, None) if source_files.valid_source_path(path) else ("", None)
    if path.startswith(ONTOLOGY_VERSIONS):  # a version of the ontology (its owl:versionIRI), as a document
        stem, extension = conneg.split_extension(path[len(ONTOLOGY_VERSIONS):], SERVED_TYPES)
        return (ONTOLOGY_VERSIONS + stem, extension) if valid_path(stem) and "/" not in stem else ("", None)
    for document in _WITH_EXTENSION:
        if path == document:
            return document, None
        if path.startswith(document + "."):
            extension = conneg.path_extension(path[len(document) + 1:], SERVED_TYPES)
            return (document, extension) if extension is not None else ("", None)
    return None


def _query_of_uri(raw_query: str) -> str:
    """A request's query as it may stand in a URI (``Location``): kept as sent, but a byte a URI may not hold
    (raw UTF-8 from a lax client, a space) percent-encoded (RFC 3986 §3.4). The query arrives as WSGI gives it,
    each byte one character (latin-1)."""
    return _LONE_PERCENT.sub("%25", quote(raw_query.encode("latin-1", "replace"), safe=_QUERY_SAFE))


def elsewhere(path: str) -> bool:
    """Whether the app, not the documents, answers ``path`` (:data:`ELSEWHERE`); a server can tell this from
    the path alone, before it reads anything else of the request. A name is matched whole (``/health``, not
    ``/healthz``): a path that only begins like one is a document's, or the documents' 404."""
    return path in _ELSEWHERE_EXACT or path.startswith(_ELSEWHERE_UNDER)


def answer(served: Served, request: Request, scheme: str = "http") -> Answer | None:
    """The answer to ``request``, or None when the path is not a document (the SPARQL endpoint, a dump)."""
    if elsewhere(request.path):
        return None
    if len(request.path) + (len(request.raw_query) + 1 if request.raw_query else 0) > served.max_url_length:
        return rules.too_long(served.max_url_length)
    if request.method == "OPTIONS":
        return rules.options()
    if request.method not in ("GET", "HEAD"):
        return rules.method_not_allowed()
    if request.path.startswith("/id/"):
        if served.history is not None and lookups.is_lookup(request.path):
            found = lookups.answer(served.history, served.documents, request, language(request))
            if found is not None:
                return found
        stem, extension = conneg.split_extension(request.path[len("/id/"):], SERVED_TYPES)
        document = served.documents.document("/doc/" + stem) if valid_path(stem) else None
        if document is None:  # no such thing (or no more: 410)
            return not_found(served, request, doc_path="/doc/" + stem)
        if extension is not None and (document[0] == ("",) or not _offers_anywhere(
                extension, _offered(document[0]), _offers(served, *document))):
            # none in the format its extension names (a theme's .geojson): a 303 would send the client on to a 404
            return not_found(served, request)
        target = "/doc/" + request.path[len("/id/"):] + (f"?{_query_of_uri(request.raw_query)}"
                                                          if request.raw_query else "")
        if len(target) > served.max_url_length:  # the 303 would lead a client on to this 414
            return rules.too_long(served.max_url_length, target)
        return rules.thing_redirect(target)  # the same for every request: it varies by nothing
    located = _locate(request.path)
    if located is None:
        return not_found(served, request)
    doc_path, extension = located
    stored = served.documents.stored_document(doc_path) if doc_path else None
    if stored is None:
        return not_found(served, request, extension, doc_path)
    formats, links = stored.formats, stored.links
    if formats == ("",):  # one form, no format of its own: an extension names nothing
        return _single(served, request, doc_path, scheme, links) if extension is None else not_found(served, request)
    offers = _offers(served, formats, stored.profiles)
    if extension is not None and not _offers_anywhere(extension, _offered(formats), offers):
        return not_found(served, request, extension)  # no profile of it comes in that format: nothing is there
    return _negotiated(served, request, doc_path, _offered(formats), offers, extension, scheme, links)


def _offers_anywhere(extension: MediaType, offered: tuple[MediaType, ...], offers: Offers | None) -> bool:
    """Whether some profile of a document comes in the format an extension names (``.geojson`` of a theme: no)."""
    return extension in offered or (offers is not None and any(extension in f for f in offers.formats.values()))


def _single(served: Served, request: Request, doc_path: str, scheme: str, links: tuple[PageLink, ...] = ()) -> Answer:
    """A document of one form; ``links``: what its page links (the home page's dataset in RDF), named in ``Link``."""
    lang = language(request)
    stored = served.documents.get(doc_path, "") or served.documents.get(doc_path, f"html.{lang}")
    assert stored is not None, doc_path
    if served.floor is not None and (doc_path == SITEMAP or is_sitemap_part(doc_path)):
        stored = floored_sitemap(served, stored)
    return _represent(served, request, stored, [*rules.single_vary(stored.variant.startswith("html")),
                                                *rules.page_links(links)], scheme)


def _negotiated(served: Served, request: Request, doc_path: str, offered: tuple[MediaType, ...],
                offers: Offers | None, extension: MediaType | None, scheme: str,
                links: tuple[PageLink, ...] = ()) -> Answer:
    profile: Profiled | None = None
    if offers is not None:
        chosen_profile = conneg.choose_profile(request.header("Accept-Profile"), offers.profiles,
                                               request.query.get("_profile"))
        if chosen_profile.token is None:
            return profile_not_acceptable(doc_path, offers, chosen_profile.reason, request)
        profile = offers.profiled[chosen_profile.token]
        offered = offers.formats[profile.token]
        if extension is not None and extension not in offered:
            return not_acceptable(doc_path, offered, f"the profile {profile.token!r} is not offered as "
                                  f"{extension.label} (.{extension.extension})", request, profile, links)
    choice = conneg.choose(request.header("Accept"), rules.page_first(offered, request.query.get("lang")),
                           extension=extension, parameter=request.query.get("_mediatype"))
    if choice.media_type is None:
        return not_acceptable(doc_path, offered, choice.reason, request, profile, links)
    media_type = choice.media_type
    variant = f"html.{language(request)}" if media_type is HTML else media_type.extension
    stored = served.documents.get(doc_path, variant if profile is None or profile.default
                                  else f"{profile.token}{profiles.SEPARATOR}{variant}")
    if stored is None:
        return not_found(served, request, media_type)
    if offers is not None and profile is not None:
        html, pairs = offers.html, offers.pairs[profile.token]
    else:
        html, pairs = HTML in offered, tuple((m.extension, m.name) for m in offered)
    page_lang = language(request) if media_type is HTML and language(request) != i18n.DEFAULT else None
    headers = list(rules.negotiated_headers(doc_path, pairs, media_type.extension, html, profile, page_lang, links))
    return _represent(served, request, stored, headers, scheme)


def _represent(served: Served, request: Request, stored: Representation, headers: list[tuple[str, str]],
               scheme: str) -> Answer:
    if stored.host:
        headers = list(headers)
        rules.add_vary(headers, rules.HOST_VARY)
        if stored.gzip is not None:  # it goes compressed to a client that takes gzip, as it is to the others
            rules.add_vary(headers, "Accept-Encoding")
        stored = stored.for_host(_host(request, scheme),
                                 pack=rules.accepts_gzip(request.header("Accept-Encoding")))
    return rules.finish(request, 200, [("Content-Type", stored.media_type), *rules.content_language(stored.variant),
                                       *headers, *_lang_cookie(request)],
                        stored.identity, etag=stored.etag, modified=served.modified(stored),
                        gzip_body=stored.gzip)


_LASTMOD = re.compile(rb"<lastmod>([^<]+)</lastmod>")


def raised_lastmods(body: bytes, floor: datetime) -> bytes:
    """A sitemap file (or index) with each ``<lastmod>`` before ``floor`` raised to it (a rollback's)."""
    written = b"<lastmod>" + floor.isoformat().replace("+00:00", "Z").encode("ascii") + b"</lastmod>"

    def raised(match: re.Match[bytes]) -> bytes:
        try:
            date = datetime.fromisoformat(match.group(1).decode("ascii").replace("Z", "+00:00"))
        except ValueError:
            return match.group(0)
        if date.tzinfo is None:
            date = date.replace(tzinfo=UTC)
        return match.group(0) if date >= floor else written

    return _LASTMOD.sub(raised, body)


def floored_sitemap(served: Served, stored: Representation) -> Representation:
    """A sitemap file (or index) of a build served after a rollback, each ``<lastmod>`` before :attr:`Served.floor`
    raised to it, as every ``Last-Modified`` is (:func:`raised_lastmods`): a crawler that fetched a page of the newer
    build after its stored date would otherwise be told the page had not changed since. Its ETag is the new body's
    (it is another body); made once per file and build (a regular expression over the file), never per request."""
    found = served.sitemaps.get(stored.path)
    if found is None:
        assert served.floor is not None
        found = served.sitemaps[stored.path] = replace(
            representation(stored.path, stored.variant, stored.media_type, raised_lastmods(stored.body, served.floor),
                           host=stored.host),
            modified=stored.modified)
    return found
