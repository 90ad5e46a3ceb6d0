"""The generated nginx configuration of a static export (``DIR/nginx.conf``). Pure: settings in, text out.

Plain requests (see :mod:`byregion.export.fastpath`) are answered from ``map`` look-ups alone: the file
and its headers were worked out when the export was written. For every other request ``byregion.js`` (njs,
Debian's ``libnginx-mod-http-js``) decides what ``byregion serve`` would answer: which file (format and
language), or a 303, 304, 404 or an answer of its own (406, 405, 414, OPTIONS and the few documents that
name the request's host). The headers either works out are sent with ``add_header``; nginx itself sends the
file, picks the ``.gz`` file for clients that take gzip (``gzip_static``) and answers ``If-Modified-Since``.

Paths in the configuration are relative to the export folder, the prefix nginx runs with
(``nginx -p DIR -c nginx.conf``): logs, the pid file and temporary files stay inside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from byregion.export import DEBIAN_NJS_MODULE, fastpath, nginx_hash, search
from byregion.export.layout import ERRORS, SITE
from byregion.identifiers.history import SCHEMES
from byregion.mediatypes import DOCUMENT_TYPES
from byregion.serve import rules

#: The js_var variables byregion.js fills with the headers of the answer (see ``decision`` there).
HEADER_VARIABLES = (("Vary", "br_vary"), ("Content-Location", "br_content_location"), ("Link", "br_link"),
                    ("Content-Profile", "br_content_profile"),
                    ("ETag", "br_etag"), ("Set-Cookie", "br_cookie"), ("Cache-Control", "br_cache"),
                    ("Last-Modified", "br_modified"), ("Access-Control-Allow-Origin", "br_cors"),
                    ("Access-Control-Expose-Headers", "br_cors_expose"))
#: The security headers (:func:`byregion.serve.rules.security_headers`), each from a map on the Content-Type.
SECURITY_VARIABLES = tuple((name, "br_" + name.lower().replace("-", "_")) for name in (
    sorted({name for content_type in ("text/html", "text/plain") for name, _ in rules.security_headers(content_type)})))


@dataclass(frozen=True)
class NginxSite:
    """What the configuration needs to know of the export."""

    port: int
    content_types: Mapping[str, str]  # extension → Content-Type of every file under site/
    dump_digests: Mapping[str, str]  # /dumps/NAME → its SHA-256 as a Digest header value
    last_modified: str  # the build's date as an HTTP date (the Last-Modified of every document)
    cache_control: str  # the Cache-Control of every document
    max_url_length: int
    njs_module: str = DEBIAN_NJS_MODULE
    app_url: str | None = None  # where `byregion serve` runs, for /sparql; None: /sparql is a 404
    host: str = "127.0.0.1"
    # nginx's hash tables of the large maps (documents.map, fast.map, lookups.map): byregion.export.nginx_hash
    map_hash_max_size: int = nginx_hash.MIN_TABLE
    map_hash_bucket_size: int = nginx_hash.MIN_BUCKET
    profile: rules.Profiled | None = None  # the default profile, which the fast path's answers are in


#: ``postpone_output``: nginx holds back output smaller than this until more comes or the answer ends. Its default
#: (1460) is smaller than a document's headers with their ``Link`` (1.2–2 KB on the repository's build), so nginx
#: sent the headers at once and the file after them, in packets of their own; held back, the headers and the file
#: go out together (TCP_CORK, as for plain files: two setsockopt calls an answer instead of about one, strace).
POSTPONE_OUTPUT = 16_384
#: The look-ups' paths (``byregion.serve.lookups``), one prefix location (``^~``) each. No location of the
#: configuration is a regular expression: nginx tries every regex location on every request whose longest prefix
#: match is not ``^~`` or exact, the documents included.
LOOKUP_PREFIXES = tuple(f"/id/{scheme}/" for scheme in SCHEMES)
#: What an export without --app answers for a look-up it cannot answer from lookups.map.
LOOKUP_NEEDS_APP = ("501 Not Implemented: this static export answers a look-up without a date of a code that one "
                    "unit held (303 to it). Look-ups on a date, codes several units held, unknown and malformed "
                    "codes need `byregion serve` (export with --app URL to pass them to it).\n")


def _security_maps(content_types: Mapping[str, str]) -> str:
    """Maps from the answer's Content-Type to each header :func:`byregion.serve.rules.security_headers` sends
    for it, so that every answer nginx sends (a file, byregion.js's own, a 404 body) has the headers the app
    would send; a header whose variable is empty is not sent."""
    types = sorted({*content_types.values(), "text/plain; charset=utf-8"})
    # The answer's type: the Content-Type sent, or for a 304 of byregion.js's the type of the file it stands for.
    maps = ["    map $br_type $br_answer_type {\n        \"\" $sent_http_content_type;\n"
            "        default $br_type;\n    }"]
    for name, variable in SECURITY_VARIABLES:
        default = dict(rules.security_headers(None)).get(name, "")  # no Content-Type: a redirect, a 304
        values = {t: dict(rules.security_headers(t)).get(name, "") for t in types}
        rows = _table({t: v for t, v in values.items() if v != default}, "        ")
        head = f"    map $br_answer_type ${variable} {{\n        default {_quote(default)};"
        maps.append(f"{head}\n{rows}\n    }}")
    return "\n".join(maps)


def _security(indent: str) -> str:
    """The add_header lines of the security headers (``always``: on 4xx answers too). nginx inherits add_header
    only into a block that has none of its own, so every block with add_header lines repeats these."""
    lines = [f"add_header {name} ${variable} always;" for name, variable in SECURITY_VARIABLES]
    return "\n".join(indent + line for line in lines)


def _cors(indent: str, always: bool = False) -> str:
    """The add_header lines of CORS (:data:`byregion.serve.rules.CORS_HEADERS`), each ending a line."""
    suffix = " always" if always else ""
    return "".join(f"{indent}add_header {name} {_quote(value)}{suffix};\n" for name, value in rules.CORS_HEADERS)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _types(content_types: Mapping[str, str], indent: str) -> str:
    lines = [f"{indent}    {_quote(media_type)} {ext};" for ext, media_type in sorted(content_types.items())]
    return f"{indent}types {{\n" + "\n".join(lines) + f"\n{indent}}}"


def _sparql(site: NginxSite) -> str:
    if not site.app_url:
        return ("        # No --app was given: /sparql and /reconcile are not part of this export and answer 404\n"
                "        # (location /). Re-export with --app URL to pass them to `byregion serve`.")
    return (f"        location = /sparql {{\n"
            f"            proxy_pass {site.app_url.rstrip('/')};\n"
            f"            proxy_set_header Host $http_host;\n"
            f"            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            f"            proxy_read_timeout 120s;\n"
            f"        }}\n"
            f"        location ^~ /reconcile {{  # the reconciliation service scores queries per request\n"
            f"            proxy_pass {site.app_url.rstrip('/')};\n"
            f"            proxy_set_header Host $http_host;\n"
            f"            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
            f"        }}")


def _lookups(site: NginxSite) -> str:
    """Look-ups: passed to the app with --app (every answer then is the app's); without it, a look-up without a
    date of a code one unit held is a 303 from ``lookups.map`` (worked out from the build's code history), and
    every other one a 501 that says what to do: never the 303 to a ``/doc/`` that does not exist."""
    return "\n".join(_lookup_location(site, prefix) for prefix in LOOKUP_PREFIXES)


def _lookup_location(site: NginxSite, prefix: str) -> str:
    if site.app_url:
        return (f"        location ^~ {prefix} {{\n"
                f"            proxy_pass {site.app_url.rstrip('/')};\n"
                f"            proxy_set_header Host $http_host;\n"
                f"            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                f"        }}")
    return (f"        location ^~ {prefix} {{\n"
            f"{_other_methods_to_js('            ')}"
            f"            if ($br_lookup) {{\n"
            f"{_cors('                ')}"
            f"{_security('                ')}\n"
            f"                return 303 $br_lookup;\n"
            f"            }}\n"
            f"            default_type \"text/plain; charset=utf-8\";\n"
            f"{_cors('            ', always=True)}"
            f"{_security('            ')}\n"
            f"            return 501 {_quote(LOOKUP_NEEDS_APP)};\n"
            f"        }}")


def _other_methods_to_js(indent: str) -> str:
    """OPTIONS (the CORS preflight) and any method but GET and HEAD go to byregion.js, which answers them as the
    app answers every read-only resource (``rules.options``, ``rules.method_not_allowed``): nginx would redirect
    a preflight or answer a 405 of its own. ``break`` ends the location's rewrite directives (a ``return``); the
    block's own security headers keep the location's other add_header lines (Cache-Control, Digest) off it, and
    byregion.js sends CORS itself."""
    return (f"{indent}if ($request_method !~ ^(GET|HEAD)$) {{\n"
            f"{indent}    break;\n"
            f"{indent}    js_content byregion.respond;\n"
            f"{_security(indent + '    ')}\n"  # add_header lines of its own: none of the location's are inherited
            f"{indent}}}\n")


def _content_profile(site: NginxSite) -> str:
    """The fast path's ``Content-Profile`` (the default profile's), as an add_header line (none without)."""
    if site.profile is None:
        return ""
    return f"                add_header Content-Profile {_quote(f'<{site.profile.uri}>')};\n"


def _table(values: Mapping[str, str], indent: str = "        ") -> str:
    return "\n".join(f"{indent}{_quote(key)} {_quote(value)};" for key, value in values.items())


def _fast_suffixes() -> dict[str, str]:
    """Every suffix the fast path may add to a document's path (``.ttl``, ``.nb.html``), with its extension."""
    accepts, languages = fastpath.accept_table(), fastpath.language_table()
    found = {}
    for extension in sorted(set(accepts.values())):
        for lang in sorted(set(languages.values())):
            found["." + fastpath.suffix(extension, lang)] = extension
    return dict(sorted(found.items()))


def _fast_groups(site: NginxSite) -> list[tuple[tuple[tuple[str, str], ...], list[str]]]:
    """The fast path's suffixes grouped by the security headers of their Content-Type (today two groups: HTML and
    RDF/XML, which a browser may render, and the other formats): each group has a block of its own with those
    headers as constants, since a header from a map on the answer's type costs the fast path a seventh of its work
    (nginx's instructions per request, measured)."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for suffix, extension in _fast_suffixes().items():
        groups.setdefault(tuple(rules.security_headers(site.content_types.get(extension))), []).append(suffix)
    return sorted(groups.items(), key=lambda group: group[1])


#: The fast path's key for a request: its method, what makes it plain (no query string, cookie, conditional header
#: or ``Accept-Profile``), the language ``$br_fast_lang`` read from ``Accept-Language``, its ``Accept-Encoding`` and
#: its ``Accept``. One key, so that nginx looks the request up once: five maps of the same headers cost the fast path
#: 4 % more instructions an answer (callgrind, docs/server.md "Speed"). No value of the table holds a ``|``, so a
#: header that does cannot make a key of the table.
FAST_REQUEST_KEY = ("$request_method|$is_args|$http_cookie|$http_if_none_match|$http_if_modified_since|"
                    "$http_accept_profile|$br_fast_lang|$http_accept_encoding|$http_accept")


def fast_request_table() -> dict[str, str]:
    """Every request the fast path answers, as :data:`FAST_REQUEST_KEY` reads it, → the suffix of the file that
    answers it (``.ttl``, ``.nb.html``): GET or HEAD, plain, and an ``Accept``, language and ``Accept-Encoding``
    of :mod:`byregion.export.fastpath`'s tables. A language the table does not know ("") is answered for the formats
    that have one file (not HTML, whose language byregion.js then reads)."""
    accepts = fastpath.accept_table()
    languages = sorted(set(fastpath.language_table().values()))
    table = {}
    for method in ("GET", "HEAD"):
        for accept, extension in accepts.items():
            for lang in (*languages, ""):
                if extension == "html" and not lang:
                    continue
                for encoding in fastpath.GZIP_ENCODINGS:
                    table[f"{method}||||||{lang}|{encoding}|{accept}"] = "." + fastpath.suffix(extension, lang)
    return table


def _fast_etag_suffixes() -> dict[str, str]:
    """``$br_fast_identity_only`` and the request's ``Accept-Encoding`` → the ETag's suffix: ``-gzip`` where nginx
    sends the ``.gz`` file (the representation has one, and the client takes gzip)."""
    return {f"0{encoding}": "-gzip" for encoding, takes in fastpath.GZIP_ENCODINGS.items() if takes}


def _fast_path_maps(site: NginxSite) -> str:
    """The maps of the fast path (:mod:`byregion.export.fastpath`): from the request's headers to the file
    that answers it and that file's headers, or to "" (byregion.js decides)."""
    languages = fastpath.language_table()
    suffixes = fast_request_table()
    etag_suffixes = _fast_etag_suffixes()
    by_suffix = _fast_suffixes()
    types = {m.extension: m for m in DOCUMENT_TYPES}
    links = {f"{int(geo)}{s}": fastpath.link_template(types[ext], site.profile, geo)
             for s, ext in by_suffix.items() for geo in (False, True)}
    locations = {s: f"$br_doc.{ext}" for s, ext in by_suffix.items()}
    groups = "\n".join(
        f"    map $br_fast_suffix $br_fast_stored_{number} {{\n        default \"\";\n"
        + "\n".join(f"        {_quote(suffix)} $br_fast_stored;" for suffix in members) + "\n    }"
        for number, (_, members) in enumerate(_fast_groups(site)))
    segment = "[a-z0-9][a-z0-9._-]{0,99}"
    thing = f"~^(?=.{{1,{site.max_url_length - 1}}}$)/id/(?<br_thing>(?:{segment}/)*{segment})$"
    return f"""\
    # The fast path (byregion/export/fastpath.py): a plain request (GET or HEAD, no query string, no cookie,
    # no conditional header, no Accept-Profile) with an Accept, Accept-Language and Accept-Encoding from these
    # tables is answered by nginx alone, in the default profile: the file and its headers are looked up, as
    # the app would answer. Any other request, or a document not in fast.map, goes to byregion.js below.
    map $http_accept_language $br_fast_lang {{
        default "";
{_table(languages)}
    }}
    # The request's other headers, and the language read above, to the suffix of the file that answers it: one
    # look-up for the whole request (fast_request_table). A request the table does not know gets "" (byregion.js).
    map "{FAST_REQUEST_KEY}" $br_fast_suffix {{
        default "";
{_table(suffixes)}
    }}
    # Every representation the fast path may send: "HASH:GI", G = 1 where its document offers GeoJSON too
    # (another Link header), I = 1 where it has no .gz (fastpath.fast_value). One look-up in the large table, and
    # one regular expression splits its short value: the fast path's block reads $br_fast_split first (a `set`),
    # so that the captures are there for the headers.
    map "$uri$br_fast_suffix" $br_fast_stored {{
        default "";
        include fast.map;
    }}
    map $br_fast_stored $br_fast_split {{
        default "";
        "~^(?<br_fast_hash>[^:]+):(?<br_fast_geojson>[01])(?<br_fast_identity_only>[01])$" 1;
    }}
    map "$br_fast_identity_only$http_accept_encoding" $br_fast_etag_suffix {{
        default "";
{_table(etag_suffixes)}
    }}
    map $br_fast_identity_only $br_fast_vary {{
        default {_quote(fastpath.vary(True))};
        1 {_quote(fastpath.vary(False))};
    }}
    map $br_fast_suffix $br_fast_location {{
        default "";
{_table(locations)}
    }}
    map "$br_fast_geojson$br_fast_suffix" $br_fast_link {{
        default "";
{_table(links)}
    }}
    # fast.map's value again, in the variable of the block (below) whose security headers fit the file's type.
{groups}
    # A thing's IRI: 303 to its document for GET and HEAD without a query string (byregion.js otherwise).
    map "$request_method$is_args" $br_bare {{
        default 0;
        GET 1;
        HEAD 1;
    }}
    map $uri $br_thing_document {{
        default "";
        {_quote(thing)} "/doc/$br_thing";
    }}
    map "$br_bare $br_thing_document" $br_fast_303 {{
        default 0;
        "~^1 /" 1;
    }}
"""


def _fast_blocks(site: NginxSite) -> str:
    """The fast path's blocks, one for each group of :func:`_fast_groups` (an ``if`` cannot hold another)."""
    blocks = []
    for number, (security, _) in enumerate(_fast_groups(site)):
        constants = "".join(f"                add_header {name} {_quote(value)} always;\n" for name, value in security)
        blocks.append(f"""\
            if ($br_fast_stored_{number}) {{
                set $br_answered_by fast;
                set $br_doc $uri;  # the document's path, for the headers: the rewrite below changes $uri
                set $br_fast_parsed $br_fast_split;  # the hash and flags of fast.map's value, as captures
                rewrite ^ $uri$br_fast_suffix break;  # the fast path: the file and its headers from the maps
                add_header Vary $br_fast_vary;
                add_header Content-Location $br_fast_location;
                add_header Link $br_fast_link;
{_content_profile(site)}                add_header ETag '"$br_fast_hash$br_fast_etag_suffix"';
                add_header Cache-Control {_quote(site.cache_control)};
                add_header Last-Modified {_quote(site.last_modified)};
{_cors("                ")}{constants.rstrip()}
            }}""")
    return "\n".join(blocks)


def nginx_conf(site: NginxSite) -> str:
    """The whole configuration text."""
    add_headers = "\n".join(f"            add_header {name} ${var};" for name, var in HEADER_VARIABLES)
    js_vars = "\n".join(f"    js_var ${var};" for var in [*(v for _, v in HEADER_VARIABLES), "br_location", "br_type"])
    digests = "\n".join(f"        {_quote(path)} {_quote(value)};" for path, value in sorted(site.dump_digests.items()))
    return f"""\
# nginx configuration of a static export, generated by `byregion export-static`; see docs/server.md.
#
#   nginx -p THIS_FOLDER -c nginx.conf       (runs in the foreground; stop it with Ctrl-C or SIGTERM/SIGQUIT)
#
# Every path below is relative to the prefix (-p): the documents are in {SITE}/, logs in logs/, the pid file
# is nginx.pid, temporary files are in tmp/. Content negotiation, the language of HTML pages, 303, 304,
# 406 and the 404 bodies are decided by byregion.js (njs) as `byregion serve` decides them.

load_module {site.njs_module};

daemon off;
worker_processes auto;
pcre_jit on;  # the regular expressions of the maps (fast.map's value, a thing's IRI) compiled: nginx's default is off
pid nginx.pid;
error_log logs/error.log warn;

events {{
    worker_connections 1024;
}}

http {{
    # The combined format and, last, which path answered: "fast" (nginx's tables alone) or "-" (byregion.js).
    # $br_answered_by is "-" unless the fast path sets it (server block): a map on the fast path's variables
    # would evaluate the 303 test's regex for every answer just to log it.
    log_format byregion '$remote_addr - $remote_user [$time_local] "$request" $status $body_bytes_sent '
                        '"$http_referer" "$http_user_agent" $br_answered_by';
    access_log logs/access.log byregion buffer=64k flush=5s;
    client_body_temp_path tmp/body;
    proxy_temp_path tmp/proxy;
    fastcgi_temp_path tmp/fastcgi;
    uwsgi_temp_path tmp/uwsgi;
    scgi_temp_path tmp/scgi;

    sendfile on;
    tcp_nopush on;
    postpone_output {POSTPONE_OUTPUT};  # the headers go out with the file, not before it (POSTPONE_OUTPUT)
    keepalive_timeout 65;
    keepalive_requests 100000;
    server_tokens off;

    # Each file's Content-Type by its extension, exactly as `byregion serve` sends it.
{_types(site.content_types, "    ")}
    default_type application/octet-stream;
    charset off;

    # ETags are the build's (content hashes, as `byregion serve` sends them; byregion.js adds them), so that
    # they do not change with a new export of the same build.
    etag off;
    if_modified_since before;

    # The .gz file beside a document goes to clients that take gzip, to HTTP/1.0 clients and through
    # proxies and CDNs as well; Vary is byregion.js's (it names Accept-Encoding where a .gz exists).
    gzip off;
    gzip_static on;
    gzip_http_version 1.0;
    gzip_proxied any;
    gzip_vary off;

    absolute_redirect off;
    merge_slashes off;

    js_import byregion from byregion.js;
    js_set $br_decision byregion.decision;
    js_set $br_document byregion.documentKey;
    js_set $br_not_found byregion.notFoundFile;
{js_vars}

    # Every document of the build: its formats, and each representation's ETag and .gz (documents.map). The
    # hash tables' sizes fit the large maps' keys (byregion/export/nginx_hash.py), so nginx starts without a warning.
    map_hash_bucket_size {site.map_hash_bucket_size};
    map_hash_max_size {site.map_hash_max_size};
    map $br_document $br_info {{
        default "";
        include documents.map;
    }}

{_fast_path_maps(site)}
    # Whether a look-up's query string may name a date (the app reads only `date`): a key that is `date` or holds
    # a %-escape (which may spell it) needs the app; other parameters are left out of the key, as the app ignores them.
    map $args $br_lookup_query {{
        default "";
        "~(^|&)(date|[^=&]*%[^=&]*)(=|&|$)" "date";
    }}
    # Look-ups without a date of a code one unit held, and the unit (lookups.map; the key is the path and "|").
    map "$uri|$br_lookup_query" $br_lookup {{
        default "";
        include lookups.map;
    }}

    # The security headers of byregion/serve/rules.py, by the Content-Type of the answer.
{_security_maps(site.content_types)}

    map $uri $br_digest {{
        default "";
{digests}
    }}

    server {{
        listen {site.host}:{site.port};
        server_name _;
        root {SITE};
        error_page 404 $br_not_found;
        set $br_answered_by "-";  # the fast path sets "fast" (the access log's last field)

        location / {{
{_fast_blocks(site)}
            if ($br_fast_303) {{
                set $br_answered_by fast;
                add_header Vary Accept;
{_cors("                ")}{_security("                ")}
                return 303 $br_thing_document;
            }}
            set $br_route $br_decision;
            if ($br_route = "@js") {{
                break;  # no rewrite below: byregion.js answers for the request's own URI
                js_content byregion.respond;
            }}
            if ($br_route = "@303") {{
                return 303 $br_location;
            }}
            if ($br_route = "@304") {{
                return 304;
            }}
            if ($br_route = "@404") {{
                return 404;
            }}
            rewrite ^ $br_route break;
{add_headers}
{_security("            ")}
        }}

        # The 404 bodies, in the negotiated format and language (error_page above).
        location ^~ {ERRORS.rsplit("/", 1)[0]}/ {{
            internal;
            gzip_static off;
            add_header Vary "{rules.PAGE_VARY}" always;
{_cors("            ", always=True)}{_security("            ")}
        }}

        # The dump files, byte for byte as the build's manifest lists them.
        location ^~ /dumps/ {{
{_other_methods_to_js("            ")}            gzip_static off;
            etag on;
            add_header Digest $br_digest;
            add_header Cache-Control "public, max-age=300";
{_cors("            ")}{_security("            ")}
        }}

        # The stylesheet, icon and the SPARQL page's script.
        location ^~ /static/ {{
{_other_methods_to_js("            ")}            gzip_static off;
            etag on;
{_cors("            ")}{_security("            ")}
        }}

{_sparql(site)}

{_lookups(site)}
{search.nginx_locations(site.app_url, _security("            "))}
    }}
}}
"""
