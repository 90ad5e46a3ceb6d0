"""The generated Apache httpd configuration of a static export (``DIR/apache.conf``) and its type maps.

``tests/test_apache_export.py`` runs it under Debian's apache2 for the core of what the app answers (the 303,
formats by Accept, extension and ``?_mediatype=`` with the app's bytes, ``Link``, the ``.html`` page, 406, ETag
and 304); the nginx configuration is the one compared with the app for every answer. It is written to answer
like ``byregion serve`` with httpd's own means, which differ in details:

* content negotiation is mod_negotiation's, over a type map per document (``notodden.var`` beside
  ``notodden.ttl``; ``notodden.html.var`` for the HTML in each language): ``Accept`` q-values times the
  server's preference (qs in the document's order: HTML 1.0 down to RDF/XML 0.96; the catalogue's Turtle first),
  wildcards as httpd weighs them; 406 is httpd's own list of variants; ``Vary`` is httpd's;
* a page whose head links other resources (the home page's dataset in RDF, a list page's table) names them in
  ``Link`` on its 200, 304 and 406, as the app (:func:`page_link_headers`); its 406 body is httpd's, without them,
  and a list page's ``Link`` names no profile;
* the extension URLs are the files themselves; ``?_mediatype=`` is a rewrite to them;
* the language: ``?lang=`` (which sets the cookie), the ``lang`` cookie, then ``Accept-Language``
  (nn and no get the Norwegian page), Norwegian by default;
* ETags and 304 are httpd's (modification time and size), ``.gz`` variants are in the type maps;
* the documents that name the host get the build's canonical base (mod_substitute), not the request's host, and are
  compressed per request (mod_deflate) for clients that take gzip, and have no ETag (revalidated by date);
* profiles: ``?_profile=TOKEN`` (a token, not a URI) is a rewrite to the profile's type map
  (``site/_profile/TOKEN/…var``) or, with an extension, to its file, with its ``Content-Profile``; an unknown
  token is 406; ``Accept-Profile`` is not read (the default profile is sent), ``_profile`` and ``_mediatype``
  together are not combined (the profile wins), and ``Link`` names the formats the document has in the default
  profile, the answer's own included, without their profile (the app leaves the answer's out, names the profile);
* ``Content-Location`` is the app's (the document's URL, the answer's extension and a profile's ``?_profile=``), set
  over mod_negotiation's variant file name, from the answer's Content-Type;
* look-ups: a code one unit held, without a query string, is the app's 303 (``lookups.txt``, a RewriteMap); any
  other (a date or another query string, a code several units held, an unknown or malformed one) is the 501 nginx
  sends without --app, saying the app is needed;
* mod_negotiation's rules where the app is more lenient: an empty ``Accept``, an alias (``application/x-turtle``,
  ``text/plain`` and ``application/n-quads`` for N-Triples, ``application/json`` for JSON-LD, ``text/n3`` and
  ``application/trig`` for Turtle),
  ``Accept-Encoding: identity;q=0``, and a non-HTML ``Accept`` on a page of one form (``/``) are 406 where the app
  answers; a malformed q-value is read, not skipped; ``Accept-Encoding: *`` gets gzip;
* an extension and ``?_mediatype=`` together: the extension wins (the app's ``?_mediatype=``);
* paths as httpd reads them: ``%2F`` in a path is a 404 (``AllowEncodedSlashes`` off; the app's ``/``); an empty
  segment of a document's path (``//doc/…``) is the app's 404, but a static file's or a service's (``//static/…``)
  is found, httpd merging the slashes;
* the default profile's answers have no ``Content-Profile`` (the app and nginx name the full profile);
* errors are plain text or pages whatever the request accepts: no problem details (RFC 9457) for a client that
  asks for JSON, as the app and nginx send.
"""

from __future__ import annotations

import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from byregion.docstore import HOST, DocumentStore, PageLink, Representation, StoredProfile
from byregion.export import search, sparql
from byregion.export.layout import (
    APP_DOCUMENTS,
    APP_READ_PATHS,
    APP_SERVICE_PATHS,
    ERRORS,
    INDEX,
    LOOKUP_NEEDS_APP_FILE,
    METHOD_NOT_ALLOWED,
    PROFILES,
    file_of,
    gz_file,
)
from byregion.export.nginx import BODY_TIMEOUT, DEFAULT_APP_READ_TIMEOUT
from byregion.i18n import COOKIE_PATTERN, LANGUAGES
from byregion.i18n import DEFAULT as DEFAULT_LANGUAGE
from byregion.identifiers.history import SCHEMES
from byregion.mediatypes import HTML, SERVED_TYPES, MediaType
from byregion.paths import SITEMAP_PART
from byregion.profiles import DEFAULT, SEPARATOR, parse_formats, split_variant
from byregion.serve import rules
from byregion.serve.documents import ELSEWHERE, lang_cookie
from byregion.settings import address

#: mod_negotiation's source quality of each format: the server's order when the client has none.
QS = {m.extension: 1.0 - i / 100 for i, m in enumerate(SERVED_TYPES)}
#: Languages a Norwegian page is offered under (Accept-Language nn and no get Bokmål, as in byregion.i18n).
NORWEGIAN_TAGS = "nb, no, nn"
#: The negotiated documents besides ``/doc/…``, as a regular expression: the named graphs, the ontology (and its
#: versions, by their ``owl:versionIRI``), the catalogue, the dataset, the validation report and VoID.
_SITE_DOCUMENTS = r"graph/[a-z0-9._/-]+?|def/byregion(?:/[a-z0-9._-]+?)?|catalog|dataset|validation|\.well-known/void"
#: The look-ups of a code one unit held, for httpd's RewriteMap (``key value`` lines; lookups.map is nginx's).
LOOKUPS = "lookups.txt"
#: The addresses an earlier build published and this one does not (the build's withdrawn), for httpd's RewriteMap.
WITHDRAWN = "withdrawn.txt"
#: The request's variable naming the stem of a withdrawn address's 410 bodies below :data:`ERRORS_FOLDER` (its
#: value in :data:`WITHDRAWN`: ``/410/doc/region/x``, or ``/410``, the shared ones), whose type map
#: ``ErrorDocument 410`` sends: httpd takes the directive for a URL only where it starts with ``/``, not a variable.
GONE_BODIES = "BR_GONE"
#: The folder of the error bodies (``/_errors``).
ERRORS_FOLDER = ERRORS.rsplit("/", 1)[0]
#: The files behind the export that are no URL of the app (type maps, the stored .gz and language variants, the
#: error bodies, other profiles' files, search's and SPARQL's pages without --app): a request for one is a 404, as
#: the app answers it. The dumps' .gz are files of their own.
_INTERNAL_FILES = (r"^/(?!dumps/)(.+\.var|.+\.gz|.+\.(nb|en)\.html|index\..*|_errors/.*|_profile/.*|_search/.*"
                   r"|_sparql/.*)$")
#: The type map of a document whose own order puts another format before its page (the catalogue's Turtle first),
#: with HTML first: a request that names a page's language (``?lang=en``) is negotiated over it
#: (:func:`byregion.serve.rules.page_first`).
PAGE_FIRST = ".page.var"
#: Where Debian's apache2 keeps its modules.
DEBIAN_MODULES = "/usr/lib/apache2/modules"


@dataclass(frozen=True)
class ApacheSite:
    port: int
    folder: Path
    content_types: Mapping[str, str]
    app_url: str | None = None
    host: str = "127.0.0.1"
    base_uri: str = "https://data.byregion.no"
    profiles: tuple[StoredProfile, ...] = ()
    max_url_length: int = 2_048
    origin: str | None = None  # the public scheme and host (--origin): redirects and the app are told it
    #: The largest body each service of the app reads (by path), as nginx.conf's ``client_max_body_size``.
    body_limits: Mapping[str, int] = field(default_factory=dict)
    #: What each page's head links (by document path: the home page's dataset in RDF, a list page's table), which
    #: its answers name in their ``Link`` header (:func:`page_link_headers`).
    page_links: Mapping[str, tuple[PageLink, ...]] = field(default_factory=dict)
    #: Seconds httpd waits for the app's answer (``ProxyTimeout``; byregion.export.nginx.app_read_timeout).
    app_read_timeout: int = DEFAULT_APP_READ_TIMEOUT


#: An answer to a ``?lang=`` request that sets the language cookie (and is kept by browsers only), as the app's:
#: a document's 200 or 304, not a redirect, an error, a dump or a static file (an httpd expression).
#: The answers that are a 404 or a 410 of the export's own (not the app's, passed on): cached as the app's
#: (rules.ERROR_CACHE).
_ERROR_CACHED = "%{REQUEST_STATUS} in {'404', '410'} && %{HANDLER} != 'proxy-server'"
_LANG_CHOSEN = ("-n reqenv('BR_LANG') && (%{REQUEST_STATUS} -lt 300 || %{REQUEST_STATUS} -eq 304) "
                "&& %{REQUEST_URI} !~ m#^/(dumps|static)/#")


def _entry(name: str, content_type: str, qs: float, language: str | None, gzip: bool) -> str:
    lines = [f"URI: {name}", f"Content-Type: {content_type}; qs={qs:.2f}"]
    if language:
        lines.append(f"Content-Language: {NORWEGIAN_TAGS if language == 'nb' else language}")
    if gzip:
        lines.append("Content-Encoding: gzip")
    return "\n".join(lines) + "\n"


def type_map(path: str, variants: list[tuple[str, str, bool]], only: MediaType | None = None,
             formats: tuple[str, ...] = ()) -> str:
    """The type map of one document: ``variants`` are (variant, Content-Type, has a .gz); ``formats`` the document's
    own order of preference (the catalogue's Turtle first), where it has one, else :data:`QS`'s."""
    name = file_of(path, "").rsplit("/", 1)[-1]
    qs = {fmt: 1.0 - i / 100 for i, fmt in enumerate(formats)} if formats and formats != ("",) else QS
    entries = [f"URI: {name}\n"]
    for variant, content_type, gzip in variants:
        fmt, _, lang = split_variant(variant)[1].partition(".")
        if only is not None and fmt != only.extension:
            continue
        file = file_of(path, variant).rsplit("/", 1)[-1]
        for packed in (False, True) if gzip else (False,):
            entries.append(_entry(file + (".gz" if packed else ""), content_type.split(";")[0]
                                  + ("; charset=utf-8" if "charset" in content_type else ""),
                                  qs.get(fmt, 1.0), lang or None, packed))
    return "\n".join(entries)


def write_type_maps(store: DocumentStore, site: Path, content_types: Mapping[str, str],
                    stamp_of: Callable[[list[Representation]], float]) -> int:
    """A ``.var`` type map beside every negotiated document (and ``.html.var`` for its HTML), dated
    ``stamp_of(its representations)``: when the latest of them last changed, since httpd makes a negotiated answer's
    ETag of its type map's time too (a map dated with each build gave an unchanged document a new ETag, and a client
    sending If-None-Match a 200, after every build), and a weak one, ``W/``, while that time is less than a second
    old; their count."""
    written = 0
    for path in store.paths():
        if path.startswith(APP_DOCUMENTS):
            continue
        found = store.document(path)
        formats, profiled_formats = (found[0], parse_formats(found[1])) if found is not None else (("",), {})
        representations = store.all(path)
        stamp = stamp_of(representations)
        every = [(r.variant, r.media_type, gz_file(path, r) is not None) for r in representations]
        by_profile: dict[str, list[tuple[str, str, bool]]] = {}
        for rep in every:
            by_profile.setdefault(split_variant(rep[0])[0], []).append(rep)
        reps = by_profile.get(DEFAULT.token, [])
        if formats == ("",) and not any(v.startswith("html.") for v, _, _ in reps):
            continue
        stem = site / file_of(path, "").lstrip("/")
        maps = {stem.with_name(stem.name + ".var"): type_map(path, reps, formats=formats)}
        if HTML.extension in formats or path == "/":
            maps[stem.with_name(stem.name + ".html.var")] = type_map(path, reps, HTML)
        if HTML.extension in formats and formats[0] != HTML.extension:  # ?lang= asks for the page (rules.page_first)
            maps[stem.with_name(stem.name + PAGE_FIRST)] = type_map(
                path, reps, formats=(HTML.extension, *(f for f in formats if f != HTML.extension)))
        for token, profiled in by_profile.items():
            if token != DEFAULT.token:
                profile_stem = site / file_of(path, f"{token}{SEPARATOR}").lstrip("/")
                maps[profile_stem.with_name(profile_stem.name + ".var")] = type_map(
                    path, profiled, formats=profiled_formats.get(token, ()))  # the profile's own order
        for target, text in maps.items():
            target.write_text(text, encoding="utf-8")
            target.chmod(0o644)
            os.utime(target, (stamp, stamp))
            written += 1
    return written


#: A path segment at least this long is no document's (their longest are a few dozen bytes): 404 before httpd looks
#: for it on disk, where a name over the file system's 255 bytes is a 403 ("File name too long") and a line in the
#: error log for every such request.
LONGEST_SEGMENT = 200


def _long_urls(site: ApacheSite) -> str:
    """A URL longer than ``BYREGION_MAX_URL_LENGTH`` (the decoded path, and ``?`` and the query string when there is
    one) is the app's 414; a segment no document has, or an empty one, is a 404, not httpd's 403 or a document."""
    most = site.max_url_length
    # with --app, not the app's own services (a long SPARQL query by GET), which the app does not hold to the limit
    # either; without it they are no URLs of the export, which answers them as nginx's does
    services = "|".join(re.escape(p.lstrip("/")) + ("" if p.endswith("/") else "(/|$)") for p in ELSEWHERE)
    others = f"RewriteCond %{{REQUEST_URI}} !^/({services})\n" if site.app_url else ""
    return (f"{others}RewriteCond %{{QUERY_STRING}} ^$\nRewriteCond %{{REQUEST_URI}} ^.{{{most + 1},}}\n"
            f"RewriteRule ^ - [R=414,L]\n"
            f"{others}RewriteCond %{{QUERY_STRING}} .\n"
            f"RewriteCond %{{REQUEST_URI}}?%{{QUERY_STRING}} ^.{{{most + 1},}}\n"
            f"RewriteRule ^ - [R=414,L]\n"
            f"{others}RewriteRule [^/]{{{LONGEST_SEGMENT},}} - [R=404,L]\n"
            "# An empty segment (//doc/…) names no document, as in the app and nginx: httpd would find the file\n"
            "# all the same (the file system merges slashes). The request line is read (its path, after an absolute\n"
            "# form's scheme and host), not the error document's.\n"
            f"{others}RewriteCond %{{ENV:REDIRECT_STATUS}} ^$\n"
            f'RewriteCond %{{THE_REQUEST}} "^\\S+\\s(?:[a-zA-Z][a-zA-Z0-9+.-]*://[^/?\\s]*|(?=/))[^?\\s]*//"\n'
            f"RewriteRule ^ - [R=404,L]")


def _mediatype_rules() -> str:
    """``?_mediatype=`` (an extension, a media type or an alias, raw or percent-encoded) → the format's file."""
    rules = []
    for media_type in SERVED_TYPES:
        names = [media_type.extension, media_type.name, *media_type.aliases]
        pattern = "|".join(sorted({n.replace(".", r"\.").replace("+", r"\+") for n in names}
                                  | {quote(n, safe="").replace(".", r"\.") for n in names}))
        target = "$1.html.var" if media_type is HTML else f"$1.{media_type.extension}"
        rules.append(f'    RewriteCond %{{QUERY_STRING}} (^|&)_mediatype=({pattern})(&|$) [NC]\n'
                     f'    RewriteCond %{{DOCUMENT_ROOT}}{target.replace("$1", "/$1")} -f\n'
                     f'    RewriteRule ^/(doc/.+|{_SITE_DOCUMENTS})$ '
                     f'/{target} [L]')
    # a value no format has (or a format this document does not offer): 406, as the app answers it
    extensions = "|".join(sorted({m.extension for m in SERVED_TYPES}))  # an extension wins over ?_mediatype=
    rules.append(f'    RewriteCond %{{ENV:REDIRECT_STATUS}} ^$\n'
                 f'    RewriteCond %{{QUERY_STRING}} (^|&)_mediatype=[^&]\n'
                 f'    RewriteCond %{{REQUEST_URI}} !\\.({extensions})$\n'
                 f'    RewriteCond %{{DOCUMENT_ROOT}}/$1.var -f\n'
                 f'    RewriteRule ^/(doc/.+|{_SITE_DOCUMENTS})$ - [NS,R=406,L]')
    return "\n".join(rules)


def _profile_rules(profiles: tuple[StoredProfile, ...]) -> str:
    """``?_profile=TOKEN`` → the profile's type map (or, with an extension, its file) with its Content-Profile;
    an unknown token → 406."""
    documents = rf"(doc/.+?|{_SITE_DOCUMENTS})"
    # A file of the profile: what a URL with an extension names, or the variant its type map chose, to which
    # mod_negotiation redirects inside the server by the document's own path (/catalog.ttl.gz, /catalog.nb.html),
    # which must lead to the profile's file again: a site document's name takes no more than its extension.
    file = rf"\.((?:(?:{'|'.join(LANGUAGES)})\.)?[a-z]+(?:\.gz)?)"
    rules = []
    for profile in profiles:
        if profile.token == DEFAULT.token:
            rules.append(f"RewriteCond %{{QUERY_STRING}} (^|&)_profile={profile.token}(&|$)\n"
                         f"RewriteRule ^ - [E=BR_PROFILE:<{profile.uri}>]")
            continue
        folder = f"{PROFILES}/{profile.token}"
        rules.append(f"RewriteCond %{{QUERY_STRING}} (^|&)_profile={profile.token}(&|$)\n"
                     f"RewriteCond %{{DOCUMENT_ROOT}}{folder}/$1.$2 -f\n"
                     f"RewriteRule ^/{documents}{file}$ {folder}/$1.$2 "
                     f"[L,E=BR_PROFILE:<{profile.uri}>,E=BR_PROFILE_TOKEN:{profile.token}]\n"
                     f"RewriteCond %{{QUERY_STRING}} (^|&)_profile={profile.token}(&|$)\n"
                     f"RewriteCond %{{DOCUMENT_ROOT}}{folder}/$1.var -f\n"
                     f"RewriteRule ^/{documents}$ {folder}/$1.var "
                     f"[L,E=BR_PROFILE:<{profile.uri}>,E=BR_PROFILE_TOKEN:{profile.token}]")
    # An extension no file of the default profile has, but another profile's: 406, as the app answers it (listing
    # its profiles), not 404, when the default profile is asked (by no _profile or by its token). A page is kept once
    # per language (.nb.html): the VoID description's .html, say, is alt's alone.
    extensions = (("$1.$2", r"\.([a-z]+)"), (f"$1.{LANGUAGES[0]}.html", r"\.html"))
    for profile in (p for p in profiles if p.token != DEFAULT.token):
        rules += [f"RewriteCond %{{QUERY_STRING}} !(^|&)_profile=(?!{DEFAULT.token}(&|$))\n"
                  f"RewriteCond %{{DOCUMENT_ROOT}}/{file} !-f\n"
                  f"RewriteCond %{{DOCUMENT_ROOT}}{PROFILES}/{profile.token}/{file} -f\n"
                  f"RewriteRule ^/{documents}{extension}$ - [R=406,L]" for file, extension in extensions]
    known = "|".join(p.token for p in profiles)
    if known:
        rules.append(f"RewriteCond %{{QUERY_STRING}} (^|&)_profile=[^&]+\n"
                     f"RewriteCond %{{QUERY_STRING}} !(^|&)_profile=({known})(&|$)\n"
                     f"RewriteRule ^/{documents}(\\.[a-z]+)?$ - [R=406,L]")
    return "\n".join(rules)


def _content_language() -> str:
    """A page's language (rules.content_language), from the name of the file sent (``.nb.html``, gzipped or not):
    mod_negotiation chooses by the type map's languages but sends none. On a 200 and a 404, not a 304 (which keeps to
    its validators), as the app and nginx."""
    return "\n".join(f'Header set Content-Language "{lang}" '
                      f'"expr=%{{REQUEST_STATUS}} != 304 && %{{REQUEST_FILENAME}} =~ m#\\.{lang}\\.html(\\.gz)?$#"'
                      for lang in LANGUAGES)


def _public_host(site: ApacheSite) -> str:
    """With ``--origin``, the Host the app is passed (and mod_proxy's X-Forwarded-Host made from it): the origin's,
    whatever Host the client named (a CDN's own name for its origin, or a forged one)."""
    if not site.origin:
        return ""
    return f'RequestHeader set Host "{site.origin.split("://", 1)[1]}"\n'


def _scheme(site: ApacheSite) -> str:
    """The scheme the app is told (``X-Forwarded-Proto``): the public origin's, else the request's own."""
    return site.origin.split("://", 1)[0] if site.origin else '"expr=%{REQUEST_SCHEME}"'


def _server_name(site: ApacheSite) -> str:
    """httpd writes a redirect's Location whole, with a scheme and host (mod_rewrite qualifies it; mod_headers cannot
    edit the Location of a redirect): the request's Host and http, else the export's public origin (``--origin``),
    which behind a TLS proxy is what a client must be sent to."""
    if site.origin is None:
        return f"ServerName {site.host}"
    return ("# Behind a TLS proxy or a CDN (--origin): a redirect names the public scheme and host, not the Host\n"
            f"ServerName {site.origin}\nUseCanonicalName On")


def _refused_methods(site: ApacheSite) -> str:
    """Every method but GET, HEAD and OPTIONS is refused as the app refuses it (``rules.method_not_allowed``): 405
    with its ``Allow`` and its text (``TRACE`` included, which httpd would echo), not httpd's own page or list. With
    --app, the services passed to the app take their own methods (POST); a TRACE to them is httpd's 405 all the
    same (``TraceEnable off`` holds for mod_proxy too), with this ``Allow``."""
    app = f'RewriteCond %{{REQUEST_URI}} !{APP_SERVICE_PATHS}\n' if site.app_url else ""
    methods = "|".join(m.strip() for m in rules.ALLOWED.split(","))
    # a body longer than a service reads, by its announced length, a byte past the app's limit so that the app's
    # 413 says what is too large (nginx.conf's client_max_body_size): httpd's 413 at once, never passed on
    # (LimitRequestBody is not applied to what mod_proxy passes on); a chunked body goes on, and the app refuses it
    too_long = "".join(f'RewriteCond expr "%{{HTTP:Content-Length}} -gt {site.body_limits.get(path, 1 << 20) + 1}"\n'
                       f"RewriteRule ^{re.escape(path)}(/|$) - [R=413,L]\n"
                       for path in ("/sparql", "/reconcile")) if site.app_url else ""
    return f"""TraceEnable off
RewriteCond %{{REQUEST_METHOD}} !^({methods})$
{app}RewriteRule ^ - [R=405,L]
{too_long}
ErrorDocument 405 {METHOD_NOT_ALLOWED}
Header unset Allow
Header always set Allow "{rules.ALLOWED}" "expr=%{{REQUEST_STATUS}} == 405 || %{{REQUEST_METHOD}} == 'OPTIONS'"
<Location "{METHOD_NOT_ALLOWED}">
    # the refusal's own: not the validators and caching of the file that holds its text
    Header unset Cache-Control
    Header unset ETag
    Header unset Last-Modified
    Header unset Accept-Ranges
</Location>"""


def _security_headers(content_types: Mapping[str, str]) -> str:
    """The security headers of :func:`byregion.serve.rules.security_headers` (``always``: on errors too):
    ``nosniff`` on every answer, and the page headers on the answers whose type that function calls a page, of the
    export's types and httpd's own error pages (HTML)."""
    every = dict(rules.security_headers(None))
    pages = sorted({bare for t in (*content_types.values(), HTML.name)
                    if len(rules.security_headers(bare := t.partition(";")[0].strip())) > len(every)})
    is_page = f"%{{CONTENT_TYPE}} =~ m#^({'|'.join(re.escape(t) for t in pages)})\\s*(;|$)#i"
    lines = [f'Header always set {name} "{value}"' for name, value in every.items()]
    lines += [f'Header always set {name} "{value}" "expr={is_page}"'
              for name, value in rules.security_headers(HTML.name) if name not in every]
    return "\n".join(lines)


def _content_locations() -> str:
    """``Content-Location`` as the app sends it: the document's URL with the answer's extension, and its profile's
    ``?_profile=`` for another than the default (``/doc/region/notodden.ttl?_profile=ids``), in place of
    mod_negotiation's variant file name (relative, ``notodden.nb.html.gz``: no URL of the export)."""
    # mod_negotiation's goes where a sub-request's headers go (err_headers_out too): off both tables, then ours
    lines = ["Header always unset Content-Location", "Header unset Content-Location"]
    for media_type in SERVED_TYPES:
        name = re.escape(media_type.name)
        is_type = f"%{{REQUEST_STATUS}} -lt 400 && -n %{{ENV:BR_DOC}} && %{{CONTENT_TYPE}} =~ m#^{name}\\s*(;|$)#"
        lines.append(f'Header always set Content-Location "%{{BR_DOC}}e.{media_type.extension}" '
                     f'"expr={is_type} && -z %{{ENV:BR_PROFILE_TOKEN}}"')
        lines.append(f'Header always set Content-Location "%{{BR_DOC}}e.{media_type.extension}'
                     f'?_profile=%{{BR_PROFILE_TOKEN}}e" "expr={is_type} && -n %{{ENV:BR_PROFILE_TOKEN}}"')
    # a page in another language than the default names it (rules.in_language), by the name of the file sent
    html_type = re.escape(HTML.name)
    is_page = f"%{{REQUEST_STATUS}} -lt 400 && -n %{{ENV:BR_DOC}} && %{{CONTENT_TYPE}} =~ m#^{html_type}\\s*(;|$)#"
    for lang in LANGUAGES:
        if lang == DEFAULT_LANGUAGE:
            continue
        named = f"%{{REQUEST_FILENAME}} =~ m#\\.{lang}\\.html(\\.gz)?$#"
        lines.append(f'Header always set Content-Location "%{{BR_DOC}}e.{HTML.extension}?lang={lang}" '
                     f'"expr={is_page} && {named} && -z %{{ENV:BR_PROFILE_TOKEN}}"')
        lines.append(f'Header always set Content-Location "%{{BR_DOC}}e.{HTML.extension}'
                     f'?_profile=%{{BR_PROFILE_TOKEN}}e&lang={lang}" "expr={is_page} && {named} && '
                     f'-n %{{ENV:BR_PROFILE_TOKEN}}"')
    return "\n".join(lines)


def _options(site: ApacheSite) -> str:
    """``OPTIONS``: the app's 204 (``rules.options``) with its ``Allow`` (set with the 405's, above) and CORS
    preflight headers; with --app, the services passed to it answer their own."""
    app = f'RewriteCond %{{REQUEST_URI}} !{APP_SERVICE_PATHS}\n' if site.app_url else ""
    answer = rules.options()
    preflight = "\n".join(f'Header always set {name} "{value}" "expr=%{{REQUEST_METHOD}} == \'OPTIONS\'"'
                           for name, value in answer.headers
                           if name.startswith(("Access-Control-Allow-", "Access-Control-Max-Age"))
                           and name not in dict(rules.CORS_HEADERS))
    return (f"# OPTIONS: the app's {answer.status}, with its preflight headers.\n"
            f"RewriteCond %{{REQUEST_METHOD}} =OPTIONS\n{app}RewriteRule ^ - [R={answer.status},L]\n{preflight}")


def _thing_too_long(site: ApacheSite, thing_extension: str) -> str:
    """The 414 for a thing whose document's URL (a character longer) would pass the limit, as the app answers it
    (rules.too_long): the path alone without a query string, the path, "?" and the query with one."""
    rules = []
    for counted, query in (("%{REQUEST_URI}", "^$"), ("%{REQUEST_URI}?%{QUERY_STRING}", ".")):
        when = (f"RewriteCond %{{QUERY_STRING}} {query}\n"
                f"RewriteCond {counted} ^.{{{site.max_url_length},}}\n"
                f"RewriteCond %{{DOCUMENT_ROOT}}/doc/$1.var -f\n")
        rules += [f"{when}RewriteRule ^/id/(.+?)$ - [R=414,L]",
                  f"{when}RewriteCond %{{DOCUMENT_ROOT}}/doc/$1$2 -f\nRewriteRule ^/id/(.+?)({thing_extension})$ - "
                  f"[R=414,L]"]
    return "\n".join(rules)


def _lookup_rules(site: ApacheSite) -> str:
    """A look-up without a query string of a code one unit held: the 303 to that unit (``lookups.txt``, from the
    build's code history), as the app answers it; with --app, every look-up is passed to the app. Other look-ups
    (a date or another query string, a code several units held, an unknown or malformed one) are the 501 nginx
    sends, saying that the app answers them."""
    if site.app_url:
        return (f"# Look-ups: the app's.\n"
                f"# (/id/kommunenummer too, without the slash: the app's 404 saying what a look-up URL is)\n"
                f"ProxyPassMatch ^(/id/({'|'.join(SCHEMES)})(/.*)?)$ {site.app_url.rstrip('/')}$1")
    return (f"# Look-ups of a code one unit held ({LOOKUPS}): the 303 the app answers, kept by caches as a thing's\n"
            f"# (rules.lookup_redirect: BR_THING's Cache-Control).\n"
            f'RewriteMap lookups "txt:{site.folder / LOOKUPS}"\n'
            f"RewriteCond %{{QUERY_STRING}} ^$\n"
            f"RewriteCond ${{lookups:$1|-}} !=-\n"
            f"RewriteRule ^(/id/({'|'.join(SCHEMES)})/[^/]+)$ ${{lookups:$1}} [R=303,L,E=BR_THING:1]\n"
            f"# Any other look-up of a code (a date, a code several units held, an unknown or malformed one) needs\n"
            f"# the app: the 501 saying so, as byregion.js answers it.\n"
            f"RewriteRule ^/id/({'|'.join(SCHEMES)})/[^/]+$ - [R=501,L]\n"
            f"ErrorDocument 501 {LOOKUP_NEEDS_APP_FILE}\n"
            f'<Location "{LOOKUP_NEEDS_APP_FILE}">\n'
            f"    Header unset Cache-Control\n    Header unset ETag\n    Header unset Last-Modified\n"
            f"    Header unset Accept-Ranges\n</Location>")


def _withdrawn_rules(site: ApacheSite) -> str:
    """An address an earlier build published and this one does not (:data:`WITHDRAWN`, the build's): 410, with the
    bodies of the app's 410 negotiated as the 404's (``ErrorDocument 410``); a thing's IRI too, and a document's URL
    with an extension (``.ttl``, ``.nb.html``) or without."""
    extension = "|".join(m.extension for m in SERVED_TYPES)  # as the app reads one: any other is part of the path
    return (f"# Addresses an earlier build published and this one does not ({WITHDRAWN}): 410, as from the app.\n"
            f'RewriteMap withdrawn "txt:{site.folder / WITHDRAWN}"\n'
            f"RewriteCond ${{withdrawn:/doc/$1|-}} !=-\n"
            f"RewriteRule ^/id/(.+?)(\\.({extension}))?$ - [R=410,L,E={GONE_BODIES}:${{withdrawn:/doc/$1}}]\n"
            f"RewriteCond ${{withdrawn:$1|-}} !=-\n"
            f"RewriteRule ^(/.+?)(\\.({extension}))?$ - [R=410,L,E={GONE_BODIES}:${{withdrawn:$1}}]")


def _page_url(path: str) -> str:
    """The URLs a page of the export answers at, as a regular expression of ``REQUEST_URI`` when its headers are
    written: the page's, its ``.html`` (a list page's), and the files mod_dir and mod_negotiation turn it into (its
    type maps, each language's page, gzipped or not), a request for one of which is a 404 itself."""
    files = rf"(\.html)?(\.var|\.({'|'.join(LANGUAGES)})\.html(\.gz)?)?"
    return rf"^/({re.escape(INDEX)}{files})?$" if path == "/" else rf"^{re.escape(path)}{files}$"


def page_link_headers(site: ApacheSite) -> str:
    """The ``Link`` header of each page whose head links other resources (rules.page_links), on its 200, 304 and 406
    (httpd's own 406 body, which names its variants alone)."""
    lines = []
    for path, links in sorted(site.page_links.items()):
        value = ", ".join(rules.page_link(link) for link in links).replace('"', '\\"')
        lines.append(f'Header always set Link "{value}" "expr=%{{REQUEST_URI}} =~ m#{_page_url(path)}# '
                     f'&& (%{{REQUEST_STATUS}} -lt 400 || %{{REQUEST_STATUS}} -eq 406)"')
    return "\n".join(lines)


def _has_format(media_type: MediaType) -> str:
    """The variable set on a request for a document that has ``media_type`` (``BR_HAS_GEOJSON``)."""
    return "BR_HAS_" + media_type.extension.upper()


def _format_rules(document_url: str) -> str:
    """For a negotiated document, a variable per format it has (its file, or for HTML its pages' type map): the
    formats of documents differ (GeoJSON where there is a geometry, no page for the VoID description)."""
    return "\n".join(f"RewriteCond %{{ENV:BR_DOC}} .\nRewriteCond %{{DOCUMENT_ROOT}}/$1.{m.extension}"
                     f"{'.var' if m is HTML else ''} -f\nRewriteRule {document_url} - [NS,E={_has_format(m)}:1]"
                     for m in SERVED_TYPES)


def _format_links() -> str:
    """A negotiated document's ``Link``: each of its formats, in the app's order (the app names the others than
    the answer's, and their profile; see the module's notes)."""
    return "\n".join('Header merge Link "' + rules.alternate(f"%{{BR_DOC}}e.{m.extension}", m.name).replace(
        '"', '\\"') + f'" env={_has_format(m)}' for m in SERVED_TYPES)


def apache_conf(site: ApacheSite) -> str:
    types = "\n".join(f'AddType "{ct}" .{ext}' for ext, ct in sorted(site.content_types.items()) if ext != "gz")
    # the app's answers passed on have their own Access-Control-Allow-Origin: unset there (onsuccess) before it is
    # set (always), or a browser would read "*, *" and refuse the answer; the app's Access-Control-Expose-Headers
    # (a query's X-Byregion-Truncated, Retry-After) are kept, merged with the documents'
    cors = "\n".join((f'Header onsuccess unset {name}\n' if name == "Access-Control-Allow-Origin" else "")
                      + f'Header always {"set" if name == "Access-Control-Allow-Origin" else "merge"} {name} "{value}"'
                      for name, value in rules.CORS_HEADERS)
    proxy = (f"LoadModule proxy_module {DEBIAN_MODULES}/mod_proxy.so\n"
             f"LoadModule proxy_http_module {DEBIAN_MODULES}/mod_proxy_http.so\n"
             f"ProxyPass /sparql {site.app_url.rstrip('/')}/sparql\n"
             f"ProxyPass /reconcile {site.app_url.rstrip('/')}/reconcile\n"
             + "".join(f"ProxyPass {path} {site.app_url.rstrip('/')}{path}\n" for path in APP_READ_PATHS)
             + "ProxyPreserveHost On\n"
             "# The app's answer may take as long as its settings let a query wait and run (httpd's Timeout, 60 s,\n"
             "# had cut longer ones into a 504): byregion.export.nginx.app_read_timeout.\n"
             f"ProxyTimeout {site.app_read_timeout}\n"
             "# A body is read whole before it goes to the app (mod_proxy_http spools it to send its length), within\n"
             "# RequestReadTimeout's body limit: a client that stalls holds an httpd worker, not an app thread.\n"
             "SetEnvIf Request_Method ^ proxy-sendcl=1\n"
             "# What the app is told of a request (byregion/export/forwarded.py): mod_proxy adds X-Forwarded-For\n"
             "# after the client's and X-Forwarded-Host from Host (a client's own is removed first); the scheme is\n"
             "# written here and the port removed, whatever the client sent.\n"
             "RequestHeader unset X-Forwarded-Host\n"
             f"{_public_host(site)}"
             f"RequestHeader set X-Forwarded-Proto {_scheme(site)}\n"
             "RequestHeader unset X-Forwarded-Port\n") if site.app_url \
        else ("# No --app was given: /sparql, /reconcile and /graph-store are not part of this export (404).\n"
              + sparql.apache_lines())
    proxy += search.apache_lines(site.app_url)
    root = site.folder / "site"
    extensions = "|".join(m.extension for m in SERVED_TYPES)
    thing_extension = r"\.(?:" + extensions + ")"  # /id/region/notodden.ttl: the document's Turtle
    languages = "|".join(LANGUAGES)
    document_url = (rf"^/(doc/[a-z0-9._/-]+?|{_SITE_DOCUMENTS})"
                    rf"(\.({languages}))?(\.({extensions}))?(\.gz)?$")
    # the documents that name the host, robots.txt apart: the build keeps it as it is (too short to pay)
    negotiated_pages = "|".join(re.escape(p.lstrip("/")) for p in sorted(site.page_links) if p != "/")
    linked_pages = f"RewriteCond $1 !^({negotiated_pages})$\n" if negotiated_pages else ""
    host_files = (r"^/(index\.(nb|en)\.html|(catalog|dataset)\.(nb|en)\.html|sitemap\.xml"
                  rf"|{SITEMAP_PART[1:]})$")
    return f"""\
# Apache httpd configuration of a static export, generated by `byregion export-static`; see docs/server.md.
# Its core is tested under Debian's apache2 (tests/test_apache_export.py); nginx.conf is the one compared with
# the app for every answer. Differences from `byregion serve` are listed in byregion/export/apache.py. Run it with
#
#   apache2 -f {shlex.quote(str(site.folder / 'apache.conf'))} -DFOREGROUND
#
ServerRoot "{site.folder}"
PidFile apache.pid
ErrorLog logs/apache-error.log
LogLevel warn
# One line per request, as nginx.conf's access log (mod_log_config is compiled into Debian's apache2).
LogFormat "%h - %u %t \\"%r\\" %>s %b \\"%{{Referer}}i\\" \\"%{{User-Agent}}i\\"" byregion
CustomLog logs/apache-access.log byregion
# Started as root, the workers drop to nobody, as nginx's do (the export is written readable by all); started as
# another user, httpd ignores these two lines.
User nobody
Group nogroup
Listen {address(site.host, site.port)}
{_server_name(site)}
# A client that sends its headers or a body a little at a time is given up on, as the app and nginx give up on it
# (Debian's own limits for headers; nginx.conf's client_body_timeout, {BODY_TIMEOUT}, for a body); an HTTP/0.9
# request, which would get a body without any header (none of the security headers), is refused.
RequestReadTimeout handshake=0 header=20-40,MinRate=500 body={BODY_TIMEOUT.rstrip("s")},MinRate=500
HttpProtocolOptions Require1.0

LoadModule mpm_event_module {DEBIAN_MODULES}/mod_mpm_event.so
LoadModule authz_core_module {DEBIAN_MODULES}/mod_authz_core.so
LoadModule mime_module {DEBIAN_MODULES}/mod_mime.so
LoadModule negotiation_module {DEBIAN_MODULES}/mod_negotiation.so
LoadModule rewrite_module {DEBIAN_MODULES}/mod_rewrite.so
LoadModule headers_module {DEBIAN_MODULES}/mod_headers.so
LoadModule setenvif_module {DEBIAN_MODULES}/mod_setenvif.so
LoadModule filter_module {DEBIAN_MODULES}/mod_filter.so
LoadModule substitute_module {DEBIAN_MODULES}/mod_substitute.so
LoadModule deflate_module {DEBIAN_MODULES}/mod_deflate.so
LoadModule reqtimeout_module {DEBIAN_MODULES}/mod_reqtimeout.so
LoadModule dir_module {DEBIAN_MODULES}/mod_dir.so
{proxy}
DocumentRoot "{root}"
<Directory "{root}">
    Require all granted
    Options -Indexes -MultiViews
    AllowOverride None
</Directory>

TypesConfig /dev/null
{types}
# A type map's .gz variant is the document gzip-encoded (the type from its other extension); a dump's .gz is
# a file of its own (application/gzip), as byregion serve sends it.
AddEncoding gzip .gz
<Directory "{root}/dumps">
    RemoveEncoding .gz
    AddType application/gzip .gz
</Directory>
AddHandler type-map .var
DirectoryIndex index.var
FileETag MTime Size
LanguagePriority nb en
ForceLanguagePriority Prefer Fallback

# The language of HTML pages: the lang cookie, overridden by ?lang= (which also sets the cookie).
SetEnvIf Cookie "{COOKIE_PATTERN}" prefer-language=$2

RewriteEngine On
# Methods: GET, HEAD and OPTIONS, as the app answers every document.
{_refused_methods(site)}

RewriteCond %{{QUERY_STRING}} (^|&)lang=({languages})(&|$)
RewriteRule ^ - [E=prefer-language:%2,E=BR_LANG:%2]
# The cookie the app sets (host-only, as byregion.serve.documents writes it): mod_rewrite's CO flag would name the
# host as its domain, and split a Host with a port at its colon.
# As the app, only on a document's answer (its 200 or 304), not on a redirect, an error, a dump or a static file.
Header always set Set-Cookie "{lang_cookie("%{BR_LANG}e")}" \\
    "expr={_LANG_CHOSEN}"

# URLs longer than the app reads (414) and path segments no document has (404).
{_long_urls(site)}

# The files behind the export are no URLs (only the request a client sent: not httpd's own redirects to them).
RewriteCond %{{ENV:REDIRECT_STATUS}} ^$
RewriteRule {_INTERNAL_FILES} - [NS,R=404,L]

{_options(site)}

{_lookup_rules(site)}

{_withdrawn_rules(site)}

# A thing is not a document: 303 to its document (which must exist: its type map, and with an extension its file
# in that format: a theme has no .geojson), the query string kept; a 414 where that URL, a character longer, would
# be one (rules.too_long: the 303 would lead on to it).
{_thing_too_long(site, thing_extension)}
RewriteCond %{{DOCUMENT_ROOT}}/doc/$1.var -f
RewriteRule ^/id/(.+?)$ /doc/$1 [R=303,L,E=BR_THING:1]
RewriteCond %{{DOCUMENT_ROOT}}/doc/$1.var -f
RewriteCond %{{DOCUMENT_ROOT}}/doc/$1$2 -f
RewriteRule ^/id/(.+?)({thing_extension})$ /doc/$1$2 [R=303,L,E=BR_THING:1]
# kept by caches as a document is (rules.thing_redirect)
Header always set Cache-Control "{rules.CACHE[1]}" env=BR_THING

# The document a URL names, for the Link header: without its variant's language, extension and .gz, which the
# URL has when mod_negotiation redirects to a type map's encoded variant (its sub-requests for the variants are
# skipped). Only a negotiated document (one with a type map) has alternates; a page whose head links other
# resources (a list page) has its own Link, below.
{linked_pages}RewriteCond %{{DOCUMENT_ROOT}}/$1.var -f
RewriteRule {document_url} - [NS,E=BR_DOC:/$1]
# Which formats it has, each named in its Link (below): a document's own, not every format there is.
{_format_rules(document_url)}

# ?_profile= names the profile (a token; see byregion/export/apache.py for what Apache does not do).
{_profile_rules(site.profiles)}

# ?_mediatype= names the format.
{_mediatype_rules()}

# A .html URL: the page in the reader's language, whatever Accept says (the extension names the format; only the
# language is negotiated). Accept is dropped before mod_negotiation reads it.
<If "%{{REQUEST_URI}} =~ m#\\.html$#">
    RequestHeader unset Accept
</If>
RewriteCond %{{DOCUMENT_ROOT}}/$1.html.var -f
RewriteRule ^/(.+)\\.html$ /$1.html.var [L]

# A request that names a page's language asks for the page (rules.page_first): where the document's own order puts
# another format first (the catalogue's Turtle), over its type map with HTML first.
RewriteCond %{{QUERY_STRING}} (^|&)lang=({languages})(&|$)
RewriteCond %{{DOCUMENT_ROOT}}/$1{PAGE_FIRST} -f
RewriteRule ^/(doc/.+|{_SITE_DOCUMENTS})$ /$1{PAGE_FIRST} [L]
# A document without an extension: negotiated over its type map.
RewriteCond %{{DOCUMENT_ROOT}}/$1.var -f
RewriteRule ^/(doc/.+|{_SITE_DOCUMENTS})$ /$1.var [L]

{cors}
{_security_headers(site.content_types)}
# The language of an HTML page follows the lang cookie too (httpd's Vary names the negotiation's own headers).
Header merge Vary Cookie "expr=%{{CONTENT_TYPE}} =~ m#^text/html#"
# Documents ignore Range, as the app's (rules.py): the dumps and static files take one.
<If "%{{REQUEST_URI}} !~ m#^/(dumps|static)/#">
    RequestHeader unset Range
    RequestHeader unset If-Range
    Header unset Accept-Ranges
</If>
# the app's other 4xx and 5xx are not cached (an error document's own file would otherwise carry it), a 404 and a
# 410 as long as a document (rules.ERROR_CACHE); an answer of the app's passed on (mod_proxy's handler) keeps its own
# caching, or none (/health's no-store, a query's answer)
Header set Cache-Control "{rules.CACHE[1]}" "expr=%{{REQUEST_STATUS}} -lt 400 && %{{HANDLER}} != 'proxy-server'"
Header always set Cache-Control "{rules.ERROR_CACHE[1]}" "expr={_ERROR_CACHED}"
# an answer that sets the language cookie is kept by browsers only, as the app's (rules.cache_of)
Header set Cache-Control "{rules.PRIVATE_CACHE[1]}" "expr={_LANG_CHOSEN}"
# mod_negotiation writes a negotiated answer's ETag without its closing quote ("size-mtime;vlist): the quote is
# added on the way out, and taken off an If-None-Match that comes back with it, which httpd compares as it wrote it.
Header edit ETag "^(\\"[^\\"]*;[^\\"]*)$" "$1\\""
RequestHeader edit If-None-Match "^(\\"[^\\"]*;[^\\"]*)\\"$" "$1"
{_content_language()}
{_format_links()}
# What a page's head links, in the Link of its answers (the app's rules.page_links; httpd's 406 names its variants).
{page_link_headers(site)}
Header set Content-Profile "%{{BR_PROFILE}}e" env=BR_PROFILE
{_content_locations()}

# Documents that name the host get the canonical base, compressed for clients that take gzip (mod_deflate). They
# have no ETag, compressed or not, in a 200 or a 304: httpd would compare the "-gzip" one it sent with the file's
# and never answer 304; their Last-Modified is the document's, and If-Modified-Since gets 304, whose Vary names
# Accept-Encoding as the 200's does. (mod_deflate compresses nothing else: the other documents' .gz files are their
# type maps' variants.) robots.txt is too short to pay: the host alone is put in.
DeflateAlterETag Remove
<If "%{{REQUEST_URI}} =~ m#{host_files}#">
    AddOutputFilterByType SUBSTITUTE;DEFLATE text/html application/xml
    Substitute "s|{HOST}|{site.base_uri}|nq"
    Header unset ETag
    Header always unset ETag
    Header always merge Vary Accept-Encoding
</If>
<If "%{{REQUEST_URI}} == '/robots.txt'">
    AddOutputFilterByType SUBSTITUTE text/plain
    Substitute "s|{HOST}|{site.base_uri}|nq"
</If>

ErrorDocument 404 {ERRORS}.var
ErrorDocument 410 {ERRORS_FOLDER}%{{reqenv:{GONE_BODIES}}}.var
"""

