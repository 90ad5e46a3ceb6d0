"""The HTTP rules every answer of ours follows, decided in one place. Pure: no Flask, no I/O.

* **Conditional requests** (RFC 9110 §13.2.2, in its order): ``If-Match`` (strong comparison, ``*``), else
  ``If-Unmodified-Since``, failing is ``412 Precondition Failed``; then ``If-None-Match`` (a list, weak comparison,
  ``*``), which wins over ``If-Modified-Since``; a match is ``304`` with the validators and no body
  (:func:`preconditions`). Only a ``200`` is conditional: a 404 or a 406 is never a 304 or a 412.
* **Byte ranges** (RFC 9110 §14), for files sent as they are (the dumps, the static files; :func:`file_answer`):
  one range of ``bytes`` is ``206`` with ``Content-Range``, an unsatisfiable one ``416`` with ``Content-Range:
  bytes */LENGTH``; ``If-Range`` (a strong ETag, or the exact ``Last-Modified``) that does not hold sends the whole
  file. Several ranges, another unit, a malformed header and any method but ``GET`` get the whole file (a server
  may ignore ``Range``). Documents ignore ``Range``.
* **Vary**: the request headers the answer depended on, and only those: ``Accept`` (and ``Accept-Profile``) for
  negotiated documents, and ``Accept-Language, Cookie`` where HTML exists; ``Accept-Encoding`` where a gzip body
  exists; ``Host`` for answers that name the host (documents made on it, the reconciliation service's manifest;
  :func:`add_vary`). A document of one form (``/robots.txt``, ``/sitemap.xml``, ``/context.jsonld``, a source
  file) is not negotiated: it names only those of these that apply (:func:`single_vary`). A thing's ``303`` names
  the same document for every request, and a file (a dump, a static file) is sent as it is: neither has a ``Vary``;
  a dump the graph store chose by ``Accept`` varies by it (:func:`negotiated_dump_answer`).
* **Content-Encoding**: the stored gzip body to clients whose ``Accept-Encoding`` takes gzip; its ETag
  differs from the identity body's (they are different representations).
* **Content-Language** (RFC 9110 §8.5): the language of a page, on every HTML answer (a document's page from its
  variant, ``html.nb``: :func:`content_language`; a Flask view's page from the reader's language), so that a client
  or a crawler reading a URL negotiated by ``Accept-Language`` knows which it got. Not on RDF, whose literals carry
  their own tags, nor on a 304.
* **CORS**: ``Access-Control-Allow-Origin: *`` on everything, with ``Access-Control-Expose-Headers`` naming
  :data:`EXPOSED` (:func:`service_cors` for the services that take POST); **caching**: ``Cache-Control: public,
  max-age=300`` on every document and file, ``private`` on an answer that sets the language cookie (:func:`cache_of`).
* **A negotiated document** (:func:`negotiated_headers`): ``Vary`` names ``Accept`` and ``Accept-Profile``
  (and ``Accept-Language, Cookie`` where a profile has HTML); ``Content-Location`` the URL of the
  representation sent (its extension URL, with ``?_profile=`` in a profile other than the default);
  ``Content-Profile: <IRI>`` the profile it conforms to (W3C Content Negotiation by Profile); ``Link`` that
  profile as ``rel="profile"``, the other formats in it as ``rel=alternate`` with their ``profile``, and the
  ``alt`` view that lists every profile × format.
* **Security** (:func:`security_headers`, the one place that decides them for every surface: documents,
  the SPARQL endpoint, Flask's views and the static export's nginx): ``X-Content-Type-Options: nosniff`` on
  every answer; on anything a browser shows as a page (HTML, and XML and SVG, which can carry script) a
  ``Content-Security-Policy`` that allows no inline script and no framing, ``X-Frame-Options: DENY`` for
  browsers that predate ``frame-ancestors``, and a ``Referrer-Policy``.
* **The Flask views' answers** (``byregion/web/``) take their headers from here too: a search answer's
  (:mod:`byregion.serve.search`), ``Cache-Control: no-store`` where nothing may be kept (:data:`NO_STORE`: a search's
  refusal, ``/health``), the 500 of an unforeseen error (:func:`failed`), a service's 405
  (:func:`service_method_not_allowed`), a dump's (:func:`dump_answer`; the graph store's, chosen by ``Accept``:
  :func:`negotiated_dump_answer`), and those of the services that take POST:
  the SPARQL endpoint's (:func:`sparql_headers`) and the reconciliation service's (:func:`reconcile_headers`).
"""

from __future__ import annotations

import base64
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from urllib.parse import parse_qsl

from byregion.docstore import ALTERNATE, GZIP_FROM_BYTES, PageLink, compressed, unpacked
from byregion.i18n import LANGUAGES
from byregion.mediatypes import HTML, JSON, JSONLD, PLAIN_TYPE, SVG, MediaType, compressible
from byregion.paths import GRAPH_STORE

CORS = ("Access-Control-Allow-Origin", "*")
#: The headers beyond the CORS-safelisted ones that a browser's script may read: which representation was sent
#: and in which profile, its validator, its alternates, a dump's digest, which bytes a range answer holds (a
#: script negotiating by itself, or resuming a download, needs them), and the choice a 300 prefers (a look-up
#: by a Wikidata item two units share: ``fetch`` follows no 300, so the script reads its ``Location``). Sent with
#: :data:`CORS` on every answer (:data:`CORS_HEADERS`).
EXPOSED = ("Accept-Ranges", "Content-Location", "Content-Profile", "Content-Range", "Digest", "ETag", "Link",
           "Location")
CORS_EXPOSE = ("Access-Control-Expose-Headers", ", ".join(EXPOSED))
CORS_HEADERS = (CORS, CORS_EXPOSE)
#: The preflight answers of the services a browser's script POSTs to (SPARQL, reconciliation): the methods, the
#: request headers beyond the safelisted ones, and how long a browser may keep the answer (a day).
#: ``*`` lets a script send any request header (YASGUI configured with headers of its own, a client adding
#: ``X-Requested-With``; we read none of them), ``Authorization`` must be named to be allowed (Fetch, CORS protocol),
#: and the names after them are for browsers that predate the wildcard.
#: How long a browser may keep a preflight's answer (a day; browsers cap it, Chromium at two hours): without it
#: a browser keeps one for 5 s, and a script sending ``Accept-Profile`` or a validator paid an ``OPTIONS`` a fetch.
PREFLIGHT_MAX_AGE = ("Access-Control-Max-Age", "86400")
SERVICE_PREFLIGHT = (("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                     ("Access-Control-Allow-Headers", "*, Authorization, Accept, Content-Type"),
                     PREFLIGHT_MAX_AGE)
CACHE = ("Cache-Control", "public, max-age=300")
#: ``Cache-Control`` of an answer that sets the ``lang`` cookie (the language switch, ``?lang=``): a browser keeps it
#: as any other, a shared cache (a CDN) does not, so that no one is handed a cookie meant for another reader.
PRIVATE_CACHE = ("Cache-Control", "private, max-age=300")


#: ``Cache-Control`` of a 404 and a 410: kept as long as a document (an address may be answered by the next build as
#: a document would change), where without one each cache (a CDN) chose for itself how long, by its own defaults
#: (RFC 9111 §4.2.2: both are cacheable by default; an operator's review). Every such answer made from the build
#: (:func:`finish`, :func:`reconcile_headers`) carries it: a document's, a look-up's, the graph store's, the
#: reconciliation preview's.
ERROR_CACHE = CACHE
#: The statuses :data:`ERROR_CACHE` is sent with.
ERROR_CACHED = frozenset({404, 410})


def cache_of(headers: Iterable[tuple[str, str]]) -> tuple[str, str]:
    """:data:`PRIVATE_CACHE` for an answer that sets a cookie, else :data:`CACHE`."""
    return PRIVATE_CACHE if any(name.lower() == "set-cookie" for name, _ in headers) else CACHE
#: Headers a 304 keeps (RFC 9110 §15.4.5: those a 200 would have sent that describe the representation).
KEEP_ON_304 = frozenset({"etag", "vary", "cache-control", "content-location", "last-modified", "link",
                         "access-control-allow-origin", "access-control-expose-headers", "set-cookie",
                         "content-profile"})
ALLOWED = "GET, HEAD, OPTIONS"
#: Request headers a browser's script may send us (CORS preflight): any (``*``, as for the services), and by name
#: for browsers that predate the wildcard those we read: ``Accept-Profile`` is not safelisted, nor are the
#: validators and a ``Range`` other than a plain one.
ALLOWED_HEADERS = ("*, Authorization, Accept, Accept-Language, Accept-Profile, If-None-Match, If-Modified-Since, "
                   "If-Match, If-Unmodified-Since, If-Range, Range")

NOSNIFF = ("X-Content-Type-Options", "nosniff")
#: The name of the header a page's policy is in (a view that makes its page framable sets it to
#: :data:`FRAMABLE_CONTENT_SECURITY_POLICY`).
CSP = "Content-Security-Policy"
#: Scripts, styles, images and forms from our own origin only; no inline script or style (JSON-LD data blocks
#: are data, not script: CSP leaves them alone), no plug-ins, no <base>, never in a frame.
CONTENT_SECURITY_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                           "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
PAGE_SECURITY = ((CSP, CONTENT_SECURITY_POLICY), ("X-Frame-Options", "DENY"),
                 ("Referrer-Policy", "strict-origin-when-cross-origin"))
#: A page other sites may show in a frame (the reconciliation service's preview, which OpenRefine shows in an
#: iframe): the same policy with any frame ancestor, and no X-Frame-Options (it has no value for "anyone"). The
#: page has no script, form or link that acts, so being framed lets no one click through to anything.
FRAMABLE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors *")
FRAMABLE_PAGE_SECURITY = (NOSNIFF, (CSP, FRAMABLE_CONTENT_SECURITY_POLICY),
                          ("Referrer-Policy", "strict-origin-when-cross-origin"))
#: The types a browser renders as a page besides XML (:func:`security_headers`): HTML, XHTML and SVG.
_PAGE_TYPES = frozenset((HTML.name, *HTML.aliases, SVG.name))
#: Every header :func:`security_headers` may send (lower case), for adapters that must not send one twice.
SECURITY_HEADER_NAMES = frozenset(name.lower() for name, _ in (NOSNIFF, *PAGE_SECURITY))


def service_cors(expose: tuple[str, ...] = ()) -> dict[str, str]:
    """The CORS headers of a service that takes POST (SPARQL, reconciliation): any origin, its preflight
    (:data:`SERVICE_PREFLIGHT`), and ``expose``: the response headers beyond the safelisted ones that a
    script may read (the SPARQL endpoint's truncation flag and ``Retry-After``)."""
    headers = dict((CORS, *SERVICE_PREFLIGHT))
    if expose:
        headers["Access-Control-Expose-Headers"] = ", ".join(expose)
    return headers


@functools.lru_cache(maxsize=256)  # a server sends a handful of content types
def security_headers(content_type: str | None) -> tuple[tuple[str, str], ...]:
    """The security headers of an answer with this ``Content-Type`` (None: no body, e.g. a redirect).

    A page is whatever a browser may render and run script in: HTML and XHTML, SVG, and XML (an XML document
    can hold XHTML ``script`` elements); other types get ``nosniff`` alone, which keeps a browser from
    guessing that a Turtle or JSON body is HTML.
    """
    name = (content_type or "").partition(";")[0].strip().lower()
    page = name in _PAGE_TYPES or name.endswith(("/xml", "+xml"))
    return (NOSNIFF, *PAGE_SECURITY) if page else (NOSNIFF,)


def security_of(content_type: str | None, policy: str | None) -> tuple[tuple[str, str], ...]:
    """The security headers of an answer with this ``Content-Type`` whose :data:`CSP` is ``policy`` (None: it has
    none yet): those of a framable page (:data:`FRAMABLE_PAGE_SECURITY`) when a view made it one, else
    :func:`security_headers` (Flask's adapter sets those the answer lacks)."""
    return FRAMABLE_PAGE_SECURITY if policy == FRAMABLE_CONTENT_SECURITY_POLICY else security_headers(content_type)


def with_security(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` and the security headers :func:`security_of` decides for their ``Content-Type`` and policy that
    they lack: the one step every answer of the app passes (``byregion.web.wsgi.Secured``); a 304 has them already,
    from the type of the representation it stands for, and a page a view made framable keeps its policy."""
    content_type = policy = None
    present = set()
    for key, value in headers:
        name = key.lower()
        present.add(name)
        if name == "content-type":
            content_type = value
        elif name == "content-security-policy":
            policy = value
    return [*headers, *(h for h in security_of(content_type, policy) if h[0].lower() not in present)]


@dataclass(frozen=True)
class Request:
    """What the rules read of a request: method, path, query parameters and headers (lower-case names)."""

    method: str
    path: str
    query: Mapping[str, str]
    headers: Mapping[str, str]
    raw_query: str = ""

    def header(self, name: str) -> str | None:
        """The header's value without the spaces and tabs around it (RFC 9110 §5.5); one with a byte outside
        visible ASCII, space and tab (§5.5's obsolete ``obs-text``, never part of the headers read here) reads as
        empty, as granian hands it to the app, so that every server running the app, and byregion.js in the
        static export, read such a header alike."""
        value = self.headers.get(name.lower())
        if value is None:
            return None
        return value.strip(" \t") if _FIELD_TEXT.fullmatch(value) else ""


#: A header value of visible ASCII, spaces and tabs (what :meth:`Request.header` reads as it is).
_FIELD_TEXT = re.compile(r"[\t\x20-\x7e]*")


def query_of(raw: str) -> dict[str, str]:
    """The first value of each name in the query string ``raw``: ``+`` is a space and the ``%XX`` escapes are
    UTF-8 (RFC 3986 §2.5; ``?_mediatype=%C3%A5`` is ``å``); a query holding escapes that are not UTF-8 is read as
    Latin-1 as a whole, one character each, so that what a message quotes of it is still what was sent.
    (byregion.js's ``parseQuery`` reads a query the same way.) Bytes a lax client sent unescaped arrive as WSGI
    gives them, one character each, and are read as UTF-8 too, as if escaped."""
    query: dict[str, str] = {}
    for key, value in query_pairs(raw):
        query.setdefault(key, value)
    return query


def query_values(raw: str, name: str) -> list[str]:
    """Every value of ``name`` in the query string ``raw``, in order, read as :func:`query_of` reads the first."""
    return [value for key, value in query_pairs(raw) if key == name]


def query_pairs(raw: str) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of the query string ``raw``, decoded as :func:`query_of` says."""
    try:
        text = raw.encode("latin-1").decode("utf-8") if not raw.isascii() else raw
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeEncodeError:  # characters beyond one byte: not a WSGI string, but text already
        return parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="replace")
    except UnicodeDecodeError:
        return parse_qsl(raw, keep_blank_values=True, encoding="latin-1")


@dataclass
class Answer:
    """A response: status, headers in order, body (empty for HEAD and 304, which keep Content-Length)."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return header_in(self.headers, name)


def header_in(headers: Iterable[tuple[str, str]], name: str) -> str | None:
    """The value of the header ``name`` (any letter case) among ``headers``, the first if it is there twice."""
    wanted = name.lower()
    return next((v for k, v in headers if k.lower() == wanted), None)


#: ``Vary`` of a negotiated document: what a client's choice of format and profile is read from, and of language
#: where HTML is among them (RDF-only documents have no HTML in any profile).
DOCUMENT_VARY = "Accept, Accept-Profile, Accept-Language, Cookie"
RDF_DOCUMENT_VARY = "Accept, Accept-Profile"
#: ``Vary`` of an answer whose format is negotiated and which is a page in the reader's language when HTML is chosen
#: (a 404; the SPARQL endpoint, whose browsers get the query page): the language comes from the header or the cookie.
PAGE_VARY = "Accept, Accept-Language, Cookie"
#: ``Vary`` of a page of one form in the reader's language (the home page): only the language is chosen.
LANGUAGE_VARY = "Accept-Language, Cookie"


def single_vary(html: bool) -> tuple[tuple[str, str], ...]:
    """The ``Vary`` of a document of one form: a page varies by the reader's language; anything else
    (``/robots.txt``, ``/sitemap.xml``, ``/context.jsonld``, a source file) by nothing the client chooses, so it
    names none here (:func:`finish` adds ``Accept-Encoding`` where a gzip body exists, and a document that names
    the host adds ``Host``: each is named only where the answer does vary by it)."""
    return (("Vary", LANGUAGE_VARY),) if html else ()


@dataclass(frozen=True)
class Profiled:
    """What the headers need of the profile an answer is in: its token and IRI, whether it is the default,
    and the ``alt`` view's token and IRI (None when the document has none)."""

    token: str
    uri: str
    default: bool
    alt: tuple[str, str] | None = None

    def url(self, doc_path: str, extension: str) -> str:
        """A representation's URL in this profile (:func:`byregion.profiles.representation_url`)."""
        url = f"{doc_path}.{extension}"
        return url if self.default else f"{url}?_profile={self.token}"


def page_language(content_type: str | None, status: int, lang: str) -> tuple[tuple[str, str], ...]:
    """``Content-Language`` of a page a view made in the reader's language ``lang``: on HTML, not on a 304."""
    name = (content_type or "").partition(";")[0].strip().lower()
    return content_language(f"{HTML.extension}.{lang}") if name == HTML.name and status != 304 else ()


def content_language(variant: str) -> tuple[tuple[str, str], ...]:
    """``Content-Language`` of a stored representation: its language where it is a page (``html.nb``,
    ``alt/html.en`` → ``nb``, ``en``); none for any other variant."""
    kind, _, lang = variant.rpartition("/")[2].partition(".")
    return (("Content-Language", lang),) if kind == HTML.extension and lang else ()


def alternate(target: str, media_type: str | None = None, profile: str | None = None) -> str:
    """One ``Link`` value naming another representation: ``rel=alternate`` written as a token (RFC 8288 §3 allows a
    token or a quoted string), but for JSON-LD, quoted. A JSON-LD client built on pyld (2.0 to 3.3, the current)
    keys the links by a quoted ``rel`` and fails on an answer with several quoted ``rel="alternate"`` (it calls
    ``.get`` on their list), so it could load none of our documents; an unquoted ``rel`` it skips, as every other
    parser reads it. The JSON-LD alternate is the one a JSON-LD processor follows from an answer that is no JSON
    (JSON-LD 1.1 API §9.4.1: the home page's ``/dataset.jsonld``), and pyld and rdflib (``Graph().parse(url,
    format="json-ld")``) find it only quoted (a client review: from ``/`` neither got any RDF); an answer names one
    JSON-LD alternate at most, so pyld never sees a list."""
    value = f'<{target}>; rel="alternate"' if media_type == JSONLD.name else f"<{target}>; rel=alternate"
    if media_type is not None:
        value += f'; type="{media_type}"'
    if profile is not None:
        value += f'; profile="{profile}"'
    return value


def page_link(link: PageLink) -> str:
    """One ``Link`` value of what a page's head links (:class:`~byregion.docstore.PageLink`): ``rel=alternate`` as
    :func:`alternate` writes it, any other relation (``describedby``) quoted, each with its ``type``."""
    if link.rel == ALTERNATE:
        return alternate(link.href, link.media_type)
    return f'<{link.href}>; rel="{link.rel}"; type="{link.media_type}"'


@functools.lru_cache(maxsize=64)  # a build has a handful of pages with links
def page_links(links: tuple[PageLink, ...]) -> tuple[tuple[str, str], ...]:
    """The ``Link`` header of a page of one form whose head links ``links`` (the home page's dataset in RDF and its
    VoID): none where it links nothing."""
    return (("Link", ", ".join(page_link(link) for link in links)),) if links else ()


def page_links_lines(links: tuple[PageLink, ...]) -> list[str]:
    """The lines of a 406's body that name what the page links (``  text/csv  /doc/municipalities.csv  (CSV,
    rel=alternate)``), under a line that says so; none where it links nothing."""
    if not links:
        return []
    return ["Its page links:", *(f"  {link.media_type}  {link.href}  ({link.label}, rel={link.rel})" for link in links)]


@functools.lru_cache(maxsize=4_096)  # per (document, format, profile): a document answered twice is one look-up
def negotiated_headers(doc_path: str, formats: tuple[tuple[str, str], ...], chosen: str, html: bool,
                       profile: Profiled | None, page_lang: str | None = None,
                       links: tuple[PageLink, ...] = ()) -> tuple[tuple[str, str], ...]:
    """``Vary``, ``Content-Location``, ``Link`` and ``Content-Profile`` of a negotiated document answered in the
    format of extension ``chosen`` out of ``formats`` (``(extension, media type)`` pairs of the profile, server
    order); ``html``: a profile of the document has HTML. ``profile`` None: a build without profiles.
    ``page_lang``: the page's language where it is not the default one, which its ``Content-Location`` names
    (``/doc/x.html?lang=en``: ``/doc/x.html`` gives a reader who has not chosen the Norwegian page, RFC 9110 §8.7).
    ``links``: what the document's page links besides its formats (a list page's table), named after them."""
    vary = DOCUMENT_VARY if html else RDF_DOCUMENT_VARY
    linked = [page_link(link) for link in links]
    if profile is None:
        return (("Vary", vary), ("Content-Location", in_language(f"{doc_path}.{chosen}", chosen, page_lang)),
                ("Link", ", ".join([*(alternate(f"{doc_path}.{ext}", name) for ext, name in formats if ext != chosen),
                                    *linked])))
    values = [f'<{profile.uri}>; rel="profile"']
    values += [alternate(profile.url(doc_path, ext), name, profile.uri) for ext, name in formats if ext != chosen]
    if profile.alt is not None and profile.alt[0] != profile.token:
        values.append(alternate(f"{doc_path}?_profile={profile.alt[0]}", profile=profile.alt[1]))
    return (("Vary", vary), ("Content-Location", in_language(profile.url(doc_path, chosen), chosen, page_lang)),
            ("Link", ", ".join([*values, *linked])), ("Content-Profile", f"<{profile.uri}>"))


def page_first(offered: tuple[MediaType, ...], lang: str | None) -> tuple[MediaType, ...]:
    """The formats a negotiation chooses among, in server order: a request that names a page's language
    (``?lang=nb``, ``?lang=en``: the sitemap's and ``hreflang``'s URLs, the language switch) asks for the page, so
    HTML comes first there, and ``*/*``, ``text/*`` or no ``Accept`` get it; any other request keeps the document's
    order (``/catalog``'s and ``/dataset``'s Turtle first, for the harvesters that fetch them bare). A client that
    names a type still gets it."""
    if lang not in LANGUAGES or HTML not in offered or offered[0] is HTML:
        return offered
    return (HTML, *(m for m in offered if m is not HTML))


def in_language(url: str, chosen: str, page_lang: str | None) -> str:
    """``url`` of a page in ``page_lang`` (``?lang=en`` added, or ``&lang=en`` after a profile's query); any other
    URL as it is."""
    if chosen != HTML.extension or not page_lang:
        return url
    return f"{url}{'&' if '?' in url else '?'}lang={page_lang}"


@functools.lru_cache(maxsize=1_024)  # few distinct headers reach a server: each is read once per process
def accepts_gzip(header: str | None) -> bool:
    """Whether a document goes gzipped: nginx's own test (``ngx_http_gzip_accept_encoding`` and
    ``ngx_http_gzip_quantity``, nginx 1.22), by which ``gzip_static`` sends the static export's ``.gz`` files.

    One test for both servers, so that the app and an export under nginx send the same bytes, with the same
    ETag, whatever a client writes (byregion.js ports the same test). It reads the first ``gzip`` token and its
    first ``q``; ``*`` and ``x-gzip`` do not count and a q-value outside RFC 9110's grammar refuses gzip, where
    a strict reading of §12.5.3 would send gzip: identity stays acceptable to every client, so both answers
    conform.
    """
    if not header:
        return False
    text, start = header.lower(), 0
    while True:  # the first "gzip" after a comma or a space, or where the search began (as nginx searches)
        at = text.find("gzip", start)
        if at < 0:
            return False
        if at == start or text[at - 1] in ", ":
            break
        start = at + 4
    stripped = text[at + 4:].lstrip(" ")
    if not stripped or stripped[0] == ",":
        return True
    if stripped[0] != ";":
        return False
    parameter = stripped[1:].lstrip(" ")
    if not parameter:
        return True
    if parameter[0] != "q" or len(parameter) < 3 or parameter[1] != "=":
        return False
    return _nginx_quantity(parameter[2:]) > 0


def _nginx_quantity(text: str) -> int:
    """``ngx_http_gzip_quantity``: 0 for a q-value it cannot read (RFC 9110's ``qvalue``, cut at ``,`` or space),
    else a positive number when the value is above 0."""
    if text[0] not in "01":
        return 0
    quantity = 100 if text[0] == "1" else 0
    if len(text) == 1 or text[1] in ", ":
        return quantity
    if text[1] != ".":
        return 0
    digits = 0
    for char in text[2:]:
        if char in ", ":
            break
        if not "0" <= char <= "9":
            return 0
        quantity += ord(char) - 48
        digits += 1
    return 0 if quantity > 100 or digits > 3 else quantity


@functools.lru_cache(maxsize=16)  # every document of a build has the build's date
def http_date(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def _etags(header: str) -> list[str]:
    return [tag.strip().removeprefix("W/") for tag in header.split(",") if tag.strip()]


def not_modified(request: Request, etag: str, modified: datetime | None) -> bool:
    """Whether the client's copy is current: its ``If-None-Match`` names ``etag``, or (only when it sends no
    ``If-None-Match``) its ``If-Modified-Since`` is not before ``modified``."""
    wanted = request.header("If-None-Match")
    if wanted is not None:
        tags = _etags(wanted)
        return "*" in tags or etag in tags
    since = read_http_date(request.header("If-Modified-Since") or "")
    return since is not None and modified is not None and modified.replace(microsecond=0) <= since


def _strong_match(header: str, etag: str) -> bool:
    """Whether an ``If-Match`` list names ``etag`` by the strong comparison (RFC 9110 §8.8.3.2: both strong, the
    same characters; a weak tag never matches), or is ``*`` (there is a current representation)."""
    tags = [tag.strip() for tag in header.split(",")]
    return "*" in tags or (not etag.startswith("W/") and etag in tags)


def unmodified(request: Request, etag: str, modified: datetime | None) -> bool:
    """Whether the state-changing preconditions hold (RFC 9110 §13.1.1, §13.1.4): ``If-Match`` names ``etag``
    (strong comparison) or is ``*``; without ``If-Match``, ``If-Unmodified-Since`` is not before ``modified``. A
    date that is no HTTP-date, and ``If-Unmodified-Since`` where there is no ``modified``, are ignored (§13.1.4)."""
    wanted = request.header("If-Match")
    if wanted is not None:
        return _strong_match(wanted, etag)
    since = read_http_date(request.header("If-Unmodified-Since") or "")
    return since is None or modified is None or modified.replace(microsecond=0) <= since


def preconditions(request: Request, etag: str, modified: datetime | None) -> int | None:
    """What the request's preconditions make of an answer that would be ``200`` (RFC 9110 §13.2.2, steps 1–4):
    ``412`` when ``If-Match`` or ``If-Unmodified-Since`` fails, else ``304`` when the client's copy is current
    (:func:`not_modified`), else None: answer as usual. For a method other than GET and HEAD only ``If-None-Match``
    counts in steps 3–4, and its match is ``412`` (step 3); ``If-Modified-Since`` is for GET and HEAD alone (step 4)."""
    if not unmodified(request, etag, modified):
        return 412
    if request.method in ("GET", "HEAD"):
        return 304 if not_modified(request, etag, modified) else None
    wanted = request.header("If-None-Match")
    return 412 if wanted is not None and not_modified(request, etag, modified) else None


#: ``byte_range``'s answer for a range the file cannot satisfy (416).
UNSATISFIABLE = (-1, -1)
_BYTE_RANGE = re.compile(r"bytes=[ \t]*(\d*)-(\d*)[ \t]*", re.IGNORECASE)


def byte_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The bytes ``[start, stop)`` of a file of ``size`` bytes that one ``Range`` asks for (RFC 9110 §14.1.2), a
    last position past the end cut to it and a suffix longer than the file the whole file; :data:`UNSATISFIABLE`
    when the range starts at or past the end or is an empty suffix (§14.1.1); None when the whole file is sent:
    no header, another unit, several ranges, or a malformed one (a last position before the first included)."""
    found = _BYTE_RANGE.fullmatch(header or "")
    if found is None:
        return None
    first, last = found.groups()
    if not first:  # a suffix: the last ``last`` bytes
        if not last:
            return None
        length = _position(last)
        return (max(size - length, 0), size) if length > 0 and size > 0 else UNSATISFIABLE
    start = _position(first)
    if last and _position(last) < start:
        return None
    if start >= size:
        return UNSATISFIABLE
    return (start, min(_position(last) + 1, size)) if last else (start, size)


#: Positions beyond any file's size are read as this (Python refuses to read an integer of thousands of digits).
_FAR = 10 ** 18


def _position(digits: str) -> int:
    """A byte position of ``Range`` (digits, perhaps with leading zeros), beyond :data:`_FAR` read as it."""
    significant = digits.lstrip("0")
    return int(significant or "0") if len(significant) <= 18 else _FAR


def if_range_holds(request: Request, etag: str, modified: datetime) -> bool:
    """Whether a ``Range`` applies (RFC 9110 §13.1.5): there is no ``If-Range``, or it names ``etag`` (a strong
    match) or is exactly the ``Last-Modified`` date. Anything else, a weak tag included, sends the whole file."""
    condition = request.header("If-Range")
    if condition is None:
        return True
    if condition.startswith(('"', "W/")):
        return not condition.startswith("W/") and condition == etag
    since = read_http_date(condition)
    return since is not None and since == modified.replace(microsecond=0)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = "(" + "|".join(_MONTHS) + ")"
_TIME = r"(\d\d):(\d\d):(\d\d)"
#: RFC 9110 §5.6.7's three forms of an HTTP-date, each after a day name that is not checked (day, month, year, time).
_IMF_FIXDATE = re.compile(rf"[^, ]*, *(\d\d) {_MONTH} (\d{{4}}) {_TIME}")  # Sun, 06 Nov 1994 08:49:37 GMT
_RFC850_DATE = re.compile(rf"[^, ]*, *(\d\d)-{_MONTH}-(\d\d) {_TIME}")  # Sunday, 06-Nov-94 08:49:37 GMT
_ASCTIME_DATE = re.compile(rf"[^, ]* +{_MONTH} {{1,2}}(\d{{1,2}}) {_TIME} (\d{{4}})")  # Sun Nov  6 08:49:37 1994


def read_http_date(text: str) -> datetime | None:
    """An HTTP-date in any of its three forms, as UTC; None for anything else (which a recipient ignores).

    Read as nginx reads ``If-Modified-Since`` for the static export's files, so that both servers answer a
    conditional request alike: the day name and what follows the time (the zone, an old ``; length=``) are not
    read, a two-digit year below 70 is in the 2000s (§5.6.7), and an impossible date is no date.
    """
    if (found := _IMF_FIXDATE.match(text)) is not None:
        day, month, year, hour, minute, second = found.groups()
    elif (found := _RFC850_DATE.match(text)) is not None:
        day, month, short, hour, minute, second = found.groups()
        year = str(int(short) + (2000 if int(short) < 70 else 1900))
    elif (found := _ASCTIME_DATE.match(text)) is not None:
        month, day, hour, minute, second, year = found.groups()
    else:
        return None
    try:
        return datetime(int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second),
                        tzinfo=UTC)
    except ValueError:  # 31 Feb, 25:00, …
        return None


def file_etag(sha256: str) -> str:
    """The ETag of a file sent as it is (a dump): its SHA-256 (hex), the same for the same bytes from any server
    (the app, and the static export's nginx, which has it written into its configuration)."""
    return f'"{sha256}"'


def digest(sha256: str) -> str:
    """The ``Digest`` header value (RFC 3230 ``sha-256``, base64) of a file whose SHA-256 is ``sha256`` (hex)."""
    return "sha-256=" + base64.b64encode(bytes.fromhex(sha256)).decode("ascii")


@dataclass(frozen=True)
class FileAnswer:
    """The answer to a request for a file sent as it is: status, headers, and the bytes ``[start, stop)`` of the
    file that are the body (None: no body, as for HEAD, 304, 412 and 416, whose short text is ``text``)."""

    status: int
    headers: list[tuple[str, str]]
    span: tuple[int, int] | None = None
    text: bytes = b""


def file_answer(request: Request, content_type: str, size: int, *, etag: str, modified: datetime) -> FileAnswer:
    """The answer for a file sent as it is (a dump, a static file): the same validators, caching and CORS as
    every document, no ``Vary`` (nothing is negotiated: a ``.gz`` dump is a file of its own), the preconditions
    (412, 304), and one byte range of a GET (206, 416; ``Accept-Ranges: bytes`` says so)."""
    headers = [("Content-Type", content_type), *CORS_HEADERS, CACHE, ("Accept-Ranges", "bytes"),
               ("Last-Modified", format_datetime(modified, usegmt=True)), ("ETag", etag)]
    decided = preconditions(request, etag, modified)
    if decided == 304:
        return FileAnswer(304, _kept_on_304(headers, content_type))
    if decided == 412:
        return _file_refusal(412, "412 Precondition Failed: the file is not the one the request's If-Match or "
                                  "If-Unmodified-Since names.\n")
    wanted = byte_range(request.header("Range"), size) if request.method == "GET" else None
    if wanted is not None and if_range_holds(request, etag, modified):
        if wanted == UNSATISFIABLE:
            return _file_refusal(416, f"416 Range Not Satisfiable: the file has {size} bytes.\n",
                                 ("Content-Range", f"bytes */{size}"), ("Accept-Ranges", "bytes"))
        start, stop = wanted
        return FileAnswer(206, [*headers, ("Content-Range", f"bytes {start}-{stop - 1}/{size}"),
                                ("Content-Length", str(stop - start))], wanted)
    return FileAnswer(200, [*headers, ("Content-Length", str(size))],
                      (0, size) if request.method != "HEAD" else None)


def _file_refusal(status: int, text: str, *headers: tuple[str, str]) -> FileAnswer:
    refused = _plain(status, text, *headers)
    return FileAnswer(status, refused.headers, None, refused.body)


def dump_answer(request: Request, content_type: str, size: int, *, sha256: str, modified: datetime) -> FileAnswer:
    """The answer for a dump file (:func:`file_answer`): its SHA-256 as its ETag (:func:`file_etag`), and on a 200 or
    a 206 its ``Digest``, of the whole file (RFC 3230; a 304 keeps only :data:`KEEP_ON_304`)."""
    answer = file_answer(request, content_type, size, etag=file_etag(sha256), modified=modified)
    if answer.status in (200, 206):
        answer.headers.append(("Digest", digest(sha256)))
    return answer


@dataclass(frozen=True)
class StoredFile:
    """A file of the build as an answer needs it: its path in the build folder (``dumps/byregion.ttl``), its size,
    its SHA-256 (hex) and its ``Last-Modified`` (the build that first wrote these bytes)."""

    file: str
    size: int
    sha256: str
    modified: datetime


def negotiated_dump_answer(request: Request, content_type: str, location: str, plain: StoredFile,
                           packed: StoredFile | None) -> tuple[FileAnswer, StoredFile]:
    """The answer for a dump chosen by ``Accept`` (the graph store's: a named graph's or the whole dataset's, in the
    format negotiated), and the file whose bytes it sends: :func:`dump_answer` of ``plain``, or of ``packed`` (the
    same bytes gzip-compressed, a file of the build) as ``Content-Encoding: gzip`` to a client that takes gzip
    (:func:`accepts_gzip`, the documents' test), whose ETag and ``Digest`` are then the gzip file's (another
    representation; a ``Range`` is then ignored, as a document's: a range of gzip bytes is no body a client can
    decode). ``Content-Location`` names ``location``, the plain file's URL (what
    a client fetches again without negotiating); ``Vary`` names ``Accept``, and ``Accept-Encoding`` where a gzip file
    exists, on the refusals (412, 416) as well."""
    gzip = packed is not None and accepts_gzip(request.header("Accept-Encoding"))
    sent = packed if gzip and packed is not None else plain
    if gzip:  # the whole file: a range of gzip bytes is no body a client can decode (schemathesis's decoder failed)
        request = replace(request, headers={k: v for k, v in request.headers.items() if k != "range"})
    answer = dump_answer(request, content_type, sent.size, sha256=sent.sha256, modified=sent.modified)
    headers = [h for h in answer.headers if not (gzip and h[0] == "Accept-Ranges")]
    add_vary(headers, "Accept")
    if packed is not None:
        add_vary(headers, "Accept-Encoding")
    if answer.status in (200, 206, 304):
        headers.append(("Content-Location", location))
    if gzip and answer.status in (200, 206):
        headers.append(("Content-Encoding", "gzip"))
    return FileAnswer(answer.status, headers, answer.span, answer.text), sent


def precondition_failed() -> Answer:
    """412: the document is not the one the request's ``If-Match`` or ``If-Unmodified-Since`` names."""
    return _plain(412, "412 Precondition Failed: the document is not the one the request's If-Match or "
                       "If-Unmodified-Since names.\n")


def finish(request: Request, status: int, headers: list[tuple[str, str]], body: bytes | None, *, etag: str | None,
           modified: datetime | None, gzip_body: bytes | None = None) -> Answer:
    """Add the shared headers to a representation and apply encoding, conditional GET and HEAD.

    ``body`` None means the representation is kept only as ``gzip_body``: it is sent as it is to clients
    that take gzip and unpacked for the others.
    """
    headers = [*headers, *CORS_HEADERS]
    if etag is None and status in ERROR_CACHED and not any(name.lower() == "cache-control" for name, _ in headers):
        # every answer passed here is made from the build, which never changes; one setting a cookie is private
        headers.append(PRIVATE_CACHE if cache_of(headers) == PRIVATE_CACHE else ERROR_CACHE)
    if etag is not None:
        headers.append(cache_of(headers))
        if modified is not None:
            headers.append(("Last-Modified", http_date(modified)))
    if gzip_body is not None:
        add_vary(headers, "Accept-Encoding")
        if accepts_gzip(request.header("Accept-Encoding")):
            body = gzip_body
            headers.append(("Content-Encoding", "gzip"))
            etag = etag[:-1] + '-gzip"' if etag else etag
        elif body is None:
            body = unpacked(gzip_body)
    assert body is not None, "a representation has a body, plain or compressed"
    if etag is not None:
        headers.append(("ETag", etag))
        decided = preconditions(request, etag, modified) if status == 200 else None
        if decided == 304:
            return Answer(304, _kept_on_304(headers, next((v for k, v in headers if k == "Content-Type"), None)))
        if decided == 412:
            refused = precondition_failed()
            return Answer(412, [*refused.headers, *((k, v) for k, v in headers if k.lower() == "vary")],
                          refused.body if request.method != "HEAD" else b"")
    headers.append(("Content-Length", str(len(body))))
    return Answer(status, headers, b"" if request.method == "HEAD" else body)


def _kept_on_304(headers: list[tuple[str, str]], content_type: str | None) -> list[tuple[str, str]]:
    """The headers of a 304: those describing the representation, and the security headers of its type (a
    304 updates the headers a client keeps with its copy, and a static file server sends them too)."""
    return [*((k, v) for k, v in headers if k.lower() in KEEP_ON_304), *security_headers(content_type)]


#: The request header an answer that names the host (its URLs made on the request's ``Host``) varies by: a shared
#: cache must not give it to a request for another host.
HOST_VARY = "Host"
#: The host an answer that names the request's host writes where the request names none (HTTP/1.0 may send no
#: ``Host``; a value the server reads as empty): a host, never an empty one (``http:///reconcile``).
NO_HOST = "localhost"


#: The port of each scheme that a URI naming none has (RFC 3986 §6.2.3).
DEFAULT_PORTS = {"http": 80, "https": 443}
#: A host with a port, or with the empty port RFC 3986 §3.2.3 allows (``example.org:``, ``[::1]:443``).
_WITH_PORT = re.compile(r"(.*):([0-9]*)")


def origin_of(scheme: str, host: str | None) -> str:
    """The scheme and host an answer made on the request's host writes (``https://example.org``). A port that is
    the scheme's default, or empty, is not written (RFC 3986 §6.2.3: ``https://example.org:443`` is
    ``https://example.org``), so that one origin gets the same bytes and ETag however its Host named it, and those
    the export writes (byregion.js's ``originOf``)."""
    return f"{scheme}://{without_default_port(scheme, host or NO_HOST)}"


def without_default_port(scheme: str, host: str) -> str:
    """``host`` without its port where that is ``scheme``'s default or empty (``example.org:443`` → ``example.org``
    for https); any other as it is (an IPv6 literal's colons are inside its brackets)."""
    found = _WITH_PORT.fullmatch(host)
    if found is None or found.group(1).endswith(":"):
        return host
    port = found.group(2)
    return found.group(1) if not port or int(port) == DEFAULT_PORTS.get(scheme) else host


def search_vary(names_host: bool) -> str:
    """A search answer's ``Vary``: its format is negotiated and the page is in the reader's language; the JSON, whose
    results' URLs are on the request's host (``names_host``), varies by ``Host`` too."""
    return f"{PAGE_VARY}, {HOST_VARY}" if names_host else PAGE_VARY


#: The request fields a server behind a proxy (``BYREGION_PROXY_HOPS``) takes the scheme and host from, instead of
#: the request's own: an answer that names the host varies with them as with ``Host``.
FORWARDED_VARY = ("X-Forwarded-Host", "X-Forwarded-Proto")


def forwarded_vary(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``headers`` with :data:`FORWARDED_VARY` named in a ``Vary`` that names ``Host``: behind a proxy, robots.txt,
    the sitemap and the other answers that name the origin are chosen by the forwarded scheme and host, and a cache
    keyed on the host and path alone served an ``http://`` sitemap to an ``https://`` client (an operator's
    review; RFC 9110 §12.5.5: ``Vary`` lists the request fields that chose the answer)."""
    if not any(k.lower() == "vary" and HOST_VARY.lower() in [v.strip().lower() for v in value.split(",")]
               for k, value in headers):
        return headers
    varied = list(headers)
    for name in FORWARDED_VARY:
        add_vary(varied, name)
    return varied


def add_vary(headers: list[tuple[str, str]], name: str) -> None:
    """Name the request header ``name`` in ``headers``' ``Vary`` (added when there is none; never twice)."""
    for i, (key, value) in enumerate(headers):
        if key.lower() == "vary":
            if name.lower() not in [v.strip().lower() for v in value.split(",")]:
                headers[i] = (key, f"{value}, {name}")
            return
    headers.append(("Vary", name))


def options() -> Answer:
    """``OPTIONS``: the methods we answer, for CORS preflight and curious clients. 204, not 200: no precondition
    (``If-None-Match: *``) turns it into a 304 (nginx's not-modified filter reads those on every 200)."""
    return Answer(204, [("Allow", ALLOWED), *CORS_HEADERS, ("Access-Control-Allow-Methods", ALLOWED),
                        ("Access-Control-Allow-Headers", ALLOWED_HEADERS), PREFLIGHT_MAX_AGE,
                        ("Content-Length", "0")])


def preflight(allow: str) -> Answer:
    """``OPTIONS`` of a service that takes POST (SPARQL, reconciliation): a 204 naming its methods (``allow``), with
    no body and so no type, as :func:`options` (Flask's own answer had been a 200 typed as an HTML page); the
    service's CORS headers are added by its module, as to all its answers."""
    return Answer(204, [("Allow", allow)])


#: RFC 9110's reason phrases where Python's ``HTTPStatus`` (3.11) keeps RFC 7231's (3.13 took these up).
_REASONS = {413: "Content Too Large", 414: "URI Too Long", 416: "Range Not Satisfiable", 422: "Unprocessable Content"}


def reason(status: int) -> str:
    """The reason phrase of ``status`` as RFC 9110 §15 writes it, whatever this Python's ``HTTPStatus`` says."""
    return _REASONS.get(status) or HTTPStatus(status).phrase


def status_line(status: int) -> str:
    """``204 No Content``: a WSGI status with its reason phrase (RFC 9110 §15)."""
    return f"{status} {reason(status)}"


def _plain(status: int, text: str, *headers: tuple[str, str]) -> Answer:
    """An answer of one line of plain text, with CORS (the refusals below)."""
    body = text.encode()
    return Answer(status, [*headers, ("Content-Type", PLAIN_TYPE), *CORS_HEADERS,
                           ("Content-Length", str(len(body)))], body)


def method_not_allowed(path: str = "") -> Answer:
    """405 for a method a read-only resource does not answer: a document, a file, the graph store (``path``), whose
    sentence says that it is read-only."""
    if path == GRAPH_STORE:
        return _plain(405, f"405 Method Not Allowed: the graph store {GRAPH_STORE} is read-only: it answers GET, HEAD "
                           "and OPTIONS (the Graph Store Protocol's PUT, POST and DELETE are not offered, nor is "
                           "SPARQL Update at /sparql).\n", ("Allow", ALLOWED))
    return _plain(405, "405 Method Not Allowed: this address is read-only; it answers GET, HEAD and OPTIONS.\n",
                  ("Allow", ALLOWED))


def method_not_known(method: str) -> Answer:
    """501 for a method this server does not know (``get``: methods are case-sensitive, RFC 9110 §9.1)."""
    return _plain(501, f"501 Not Implemented: this server knows no method {method[:40]!r}; methods are "
                       f"case-sensitive (RFC 9110 §9.1): write {method[:40].upper()!r}.\n")


def remove_dot_segments(path: str) -> str | None:
    """``path`` without its ``.`` and ``..`` segments (RFC 3986 §5.2.4), as nginx reads a request's path before
    choosing what answers it; None when a ``..`` climbs above the root (nginx's 400)."""
    if "/." not in path:
        return path  # almost every request
    kept: list[str] = []
    segments = path.split("/")[1:]
    for number, segment in enumerate(segments, 1):
        if segment in (".", ".."):
            if segment == "..":
                if not kept:
                    return None
                kept.pop()
            if number == len(segments):
                kept.append("")  # "/a/." and "/a/b/.." end in a slash
            continue
        kept.append(segment)
    return "/" + "/".join(kept)


#: A ``Host`` the documents may name (their links are made on it): a DNS name or IPv4 address, or an IPv6 literal, and
#: a port. Anything else (``<``, ``&``, a quote, the comma of two Host lines) would be written into the pages and the
#: sitemap as it came, so it is refused.
#: A name is dot-separated labels, none empty (``a..b`` is none), with an optional final dot; the port is empty (RFC
#: 3986 §3.2.3 allows ``host:``) or 0 to 65535.
HOST_PATTERN = (r"(?:\[[0-9A-Fa-f:.]{2,45}\]|(?=[A-Za-z0-9._-]{1,253}(?::|$))[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*\.?)"
                r"(?::(?:[0-9]{0,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?")
_HOST = re.compile(HOST_PATTERN)
#: The body of the 400 for a Host that is not one (the static export's byregion.js sends the same).
BAD_HOST = ("400 Bad Request: the Host header is not a host name, an IP address or an IPv6 literal with an optional "
            "port (RFC 9112 §3.2).\n")
#: The body of the 400 for an HTTP/1.1 request whose ``Host`` is missing or empty. A server hands a field holding a
#: byte outside visible ASCII to the app as empty (granian; byregion.js reads it so), so the text names that too.
MISSING_HOST = ("400 Bad Request: an HTTP/1.1 request needs a Host header naming the server in ASCII letters, digits, "
           "dots and hyphens (RFC 9112 §3.2); this one was missing, empty or held another character.\n")


def bad_host(host: str | None, protocol: str) -> Answer | None:
    """400 for an HTTP/1.1 request without a ``Host`` or with an empty one (an ``http`` URI has a host: RFC 9110
    §4.2.1; WSGI servers give a missing header as empty), or with one that is not a host (RFC 9112 §3.2: a MUST);
    None when the request may go on. An HTTP/1.0 request may come without."""
    if not host:
        if protocol.upper() == "HTTP/1.1":
            return _plain(400, MISSING_HOST)
        return None
    if _HOST.fullmatch(host) is None:
        return _plain(400, BAD_HOST)
    return None


#: The schemes this server writes into its answers' links (``wsgi.url_scheme``).
SCHEMES = ("http", "https")
#: The body of the 400 for a scheme that is neither: one a proxy passed on from ``X-Forwarded-Proto`` as it came.
BAD_SCHEME = ("400 Bad Request: the request's scheme (X-Forwarded-Proto, from the proxy in front) must be http or "
              "https; have the proxy set it, not pass on the client's.\n")


def bad_scheme(scheme: str) -> Answer | None:
    """400 for a request whose scheme is neither ``http`` nor ``https``: it is written into the links of cacheable
    documents, robots.txt and the sitemap as it is, so it must be one. A WSGI server's own is always one; another
    comes from ``X-Forwarded-Proto`` (``BYREGION_PROXY_HOPS``), which a proxy that sets only ``Host`` and
    ``X-Forwarded-For`` passes on from the client (a security review put HTML in the home page with it)."""
    return None if scheme in SCHEMES else _plain(400, BAD_SCHEME)


#: The paths whose services read a request's body (a POST): the SPARQL endpoint and the reconciliation service.
READS_BODIES = frozenset({"/sparql", "/reconcile"})


def encoded_body(method: str, path: str, content_encoding: str | None, has_body: bool) -> Answer | None:
    """415 for a body sent with a content coding (``Content-Encoding: gzip``, ``br``) to a service that reads it
    (:data:`READS_BODIES`, by POST): it reads a body as it comes, and would have read a gzipped form as text that
    is not UTF-8, or a br one as if it were none (RFC 9110 §8.4: a coding the server does not accept is a 415,
    whose ``Accept-Encoding`` names the codings it does: §12.5.3, identity alone). A body nothing reads (a GET's,
    a POST to a document, which is a 405) is left alone. None when the request may go on."""
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    if (method != "POST" or path not in READS_BODIES or not has_body or content_encoding is None
            or all(c == "identity" for c in codings)):
        return None
    return _plain(415, f"415 Unsupported Media Type: this server reads a request's body as it is sent; send it "
                       f"without Content-Encoding (this one was {content_encoding[:40]!r}).\n",
                  ("Accept-Encoding", "identity"))


def above_the_root() -> Answer:
    return _plain(400, "400 Bad Request: a '..' in the path climbs above the root of this site.\n")


def too_long(limit: int, redirect: str | None = None) -> Answer:
    """414 for a URL over ``limit``; ``redirect``: a thing's document the 303 would have led to, which is longer
    than its ``/id/`` (a character more, a query's raw bytes percent-encoded): the 414 is said here, not after it."""
    if redirect is None:
        return _plain(414, f"URL longer than {limit} characters\n")
    return _plain(414, THING_TOO_LONG.format(limit=limit, start=redirect[:40], length=len(redirect)))


#: The 414 of :func:`too_long` for a thing's document (byregion.js fills the same words in).
THING_TOO_LONG = "URL longer than {limit} characters once it names the document: {start}… is {length}; shorten the " \
    "query string\n"


def redirect(status: int, location: str, vary: str | None = None) -> Answer:
    headers = [("Location", location), *CORS_HEADERS, ("Content-Length", "0")]
    if vary:
        headers.append(("Vary", vary))
    return Answer(status, headers)


def slash_redirect(path: str, query: str) -> Answer:
    """A service's path asked with a trailing slash (``/reconcile/``, ``/reconcile/suggest/entity/``): ``308`` to
    the path without it, the query string kept and the method and body too (an OpenRefine user's review: the
    service's URL pasted with a slash was a 404 that did not name it). The path is the request's own, one slash
    cut: never another host's (``//x/`` is no service's)."""
    return redirect(308, path + (f"?{query}" if query else ""))


def thing_redirect(location: str) -> Answer:
    """A thing's ``303`` to its document: the same for every request until the next build, so caches keep it as they
    keep a document (:data:`CACHE`; a 303 is kept only with explicit freshness, RFC 9111 §4.2.2): a reader following
    the pages' links to ``/id/…`` had paid the redirect's round trip on every tap (a phone review)."""
    answer = redirect(303, location)
    return Answer(answer.status, [*answer.headers, CACHE])


def lookup_redirect(status: int, location: str) -> Answer:
    """A look-up's ``303`` to the unit (or ``301`` to the code's canonical notation): worked out from the URL alone and
    the same until the next build, so caches keep it as a thing's (:func:`thing_redirect`): without freshness a CDN
    sent every look-up of a spreadsheet's column on to the server."""
    answer = redirect(status, location)
    return Answer(answer.status, [*answer.headers, CACHE])


#: ``Cache-Control`` of an answer no cache may keep: a search's refusal, and the health probe's answer (a load balancer
#: must hear how the server is now).
NO_STORE = ("Cache-Control", "no-store")
#: The body of the 500 for an error no surface foresaw: a plain sentence, never a traceback or its text.
FAILED = b"500 Internal Server Error: the server failed unexpectedly; the error was logged. Try again later.\n"


def failed() -> Answer:
    """500 for an error no surface foresaw (the app's WSGI guard and Flask's error handler): plain text, nothing
    more (the security headers are the adapter's)."""
    return Answer(500, [("Content-Type", PLAIN_TYPE), ("Content-Length", str(len(FAILED)))], FAILED)


#: The order in which a 405 names the methods a path answers (any other follows, alphabetically).
_METHOD_ORDER = ("GET", "HEAD", "POST", "OPTIONS")


def in_method_order(methods: Iterable[str]) -> list[str]:
    """``methods``, each once, in the order a 405 names them (:data:`_METHOD_ORDER`, then any other alphabetically)."""
    return sorted(set(methods), key=lambda m: (
        _METHOD_ORDER.index(m) if m in _METHOD_ORDER else len(_METHOD_ORDER), m))


def service_method_not_allowed(path: str, method: str, allowed: Iterable[str]) -> Answer:
    """405 for a method a service that takes POST (/sparql, /reconcile) does not answer at ``path``: one plain
    sentence naming the methods it answers, in ``Allow`` too. Without ``Content-Length`` (the adapter counts) and
    without CORS or ``Vary``: the service's own (:data:`SPARQL_HEADERS`, :func:`reconcile_every_answer`) are
    added as to every answer of it."""
    methods = in_method_order(allowed)
    named = f"{', '.join(methods[:-1])} and {methods[-1]}" if len(methods) > 1 else methods[0]
    text = f"405 Method Not Allowed: {path} answers {named}, not {method}.\n"
    return Answer(405, [("Allow", ", ".join(methods)), ("Content-Type", PLAIN_TYPE)], text.encode("utf-8"))


# --- the services (SPARQL, reconciliation) --------------------------------------------------------------------------

#: The flag of a SPARQL result cut at ``BYREGION_SPARQL_MAX_ROWS``.
TRUNCATED = ("X-Byregion-Truncated", "true")
#: The SPARQL endpoint's CORS: a script may read the truncation flag, a refusal's ``Retry-After`` and the type.
SPARQL_CORS = service_cors(expose=(TRUNCATED[0], "Retry-After", "Content-Type", "ETag"))  # the description's
#: What every answer of the SPARQL endpoint has: its CORS, and ``Vary`` (a browser gets the page, in its language).
SPARQL_HEADERS = (*SPARQL_CORS.items(), ("Vary", PAGE_VARY))


def sparql_headers(*, truncated: bool = False, retry_after: int | None = None) -> list[tuple[str, str]]:
    """The headers of an answer of the SPARQL endpoint besides its type and length: :data:`SPARQL_HEADERS`, the
    :data:`TRUNCATED` flag of a result cut at the row limit, and the ``Retry-After`` of a refusal that says when to
    try again (``Refused.retry_after``)."""
    return [*SPARQL_HEADERS, *((TRUNCATED,) if truncated else ()),
            *((("Retry-After", str(retry_after)),) if retry_after is not None else ())]


def sparql_answer(content_type: str, length: int, *, truncated: bool = False,
                  retry_after: int | None = None) -> list[tuple[str, str]]:
    """Every header of an answer of the SPARQL endpoint (its query fast path's): type, length and
    :func:`sparql_headers`."""
    return [("Content-Type", content_type), ("Content-Length", str(length)),
            *sparql_headers(truncated=truncated, retry_after=retry_after)]


def sparql_result(content_type: str, body: bytes, accept_encoding: str | None, *,
                  truncated: bool = False, kept: bool = False) -> tuple[list[tuple[str, str]], bytes]:
    """The headers and body of a query's result: gzip-compressed for a client that takes gzip (:func:`accepts_gzip`)
    where that pays (:func:`byregion.docstore.compressed`: a large result, most of all in the SPARQL results formats'
    repeated markup), else as it is; a result varies by ``Accept-Encoding`` either way. ``kept``: the answer of a
    GET on the build's own store, which a build never changes, so a browser or a CDN may keep it as long as a
    document (:data:`CACHE`; a front-end review found nothing to keep it by); a POST's, or a remote store's, whose
    data may change under the same query, says nothing of caching."""
    packed = compressed(body) if accepts_gzip(accept_encoding) else None
    sent = body if packed is None else packed
    headers = sparql_answer(content_type, len(sent), truncated=truncated)
    add_vary(headers, "Accept-Encoding")
    if kept:
        headers.append(CACHE)
    if packed is not None:
        headers.append(("Content-Encoding", "gzip"))
    return headers, sent


@dataclass(frozen=True)
class Packed:
    """What :func:`packed_per_request` makes of an answer: the bytes to send, and the headers to set over the
    answer's own (``Vary`` with ``Accept-Encoding`` added, ``Content-Encoding``)."""

    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def packed_per_request(header: Callable[[str], str | None], status: int, body: bytes,
                       accept_encoding: str | None) -> Packed:
    """A page or JSON made per request (search, the SPARQL page and its results table, the reconciliation service)
    goes as the documents do: gzip-compressed for a client that takes gzip (:func:`accepts_gzip`) where that pays
    (:func:`byregion.docstore.compressed`), varying by ``Accept-Encoding`` where it may go compressed. ``header``
    reads the answer's own headers: one whose encoding :func:`finish` decided (it has an ETag, which names it) or
    the endpoint did (a query's result, which varies by it already) is left as it is, and a 200 only is packed
    (errors are short)."""
    vary = header("Vary") or ""
    if (status != 200 or len(body) < GZIP_FROM_BYTES or not compressible(header("Content-Type"))
            or header("Content-Encoding") or header("ETag") or "accept-encoding" in vary.lower()):
        return Packed(body)
    headers = [("Vary", vary)] if vary else []
    add_vary(headers, "Accept-Encoding")
    packed = compressed(body) if accepts_gzip(accept_encoding) else None
    if packed is None:
        return Packed(body, tuple(headers))
    return Packed(packed, (*headers, ("Content-Encoding", "gzip")))


def sparql_description(request: Request, content_type: str, body: bytes | None, *, etag: str,
                       modified: datetime, gzip_body: bytes | None) -> Answer:
    """The SPARQL endpoint's service description (a GET of /sparql without a query), a stored document answered as
    every document (:func:`finish`), varying as the endpoint's every answer (``Vary``: :data:`PAGE_VARY`)."""
    return finish(request, 200, [("Content-Type", content_type), ("Vary", PAGE_VARY)], body, etag=etag,
                  modified=modified, gzip_body=gzip_body)


def api_description(request: Request, body: bytes, *, etag: str, modified: datetime) -> Answer:
    """``/openapi.json``, made from the routes: answered as every document (:func:`finish`: ETag, Last-Modified,
    304, CORS, which API tools in a browser need). Its ``servers`` name the request's host, so it varies by
    ``Host`` as every answer made on the host does."""
    packed = compressed(body)  # about 220 kB of JSON, which gzip makes a tenth
    return finish(request, 200, [("Content-Type", JSON.name), ("Vary", HOST_VARY)], body if packed is None else None,
                  etag=etag, modified=modified, gzip_body=packed)


#: The reconciliation service's URL: its manifest (a GET there) is made on the request's host.
RECONCILE_PATH = "/reconcile"
RECONCILE_CORS = service_cors()


def reconcile_headers(method: str, status: int, *, framable: bool, names_host: bool, cache: bool = True,
                      lang: str | None = None, location: str | None = None) -> list[tuple[str, str]]:
    """The headers of a reconciliation answer besides its type: the framable page's policy (the preview, which
    OpenRefine shows in an iframe), caching of a GET's 200 (``cache`` False: an answer that must not be kept),
    ``Vary: Host`` on an answer made on the request's host, and the language of a page in one language whatever
    the reader's (the preview: its Content-Language had been the reader's, over a Norwegian page), and where a
    redirect sends the client (the view's 303)."""
    headers: list[tuple[str, str]] = [*content_language(f"{HTML.extension}.{lang}")] if lang else []
    if location:
        headers.append(("Location", location))
    if framable:
        headers.append((CSP, FRAMABLE_CONTENT_SECURITY_POLICY))
    if cache and method != "POST" and status == 200:
        headers.append(CACHE)
    elif cache and method != "POST" and status in ERROR_CACHED:  # a preview of an id the build does not have
        headers.append(ERROR_CACHE)
    if names_host:
        add_vary(headers, HOST_VARY)
    return headers


def reconcile_every_answer(path: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """What every answer of the reconciliation service at ``path`` has, a 405 too: its CORS headers (where the
    answer has none of its own), and the request headers its ``Vary`` names: ``Host`` at :data:`RECONCILE_PATH`,
    whose manifest is made on the request's host (a cache keys on the URL, so a POST's answer there says so too)."""
    return tuple(RECONCILE_CORS.items()), (HOST_VARY,) if path == RECONCILE_PATH else ()
