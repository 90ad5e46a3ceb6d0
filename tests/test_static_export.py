"""The static export (`byregion export-static`) under a real nginx answers every document request as
`byregion serve` does: the same table of requests goes to both servers and the answers are compared
byte for byte (status, body, Content-Type, ETag, Vary, Location, Link, gzip, cookies, security headers), and the
negotiation agrees with `byregion.conneg` and `byregion.i18n` on a table of Accept and Accept-Language headers."""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from byregion import REPO_ROOT, conneg, i18n
from byregion.build import PublishedBuild, open_current
from byregion.build.render.sitemap import VARIANTS, listed_paths, sitemap_xml
from byregion.docstore import FILE, DocumentStore, unpacked
from byregion.export import fastpath
from byregion.export.layout import APP_DOCUMENTS, ERROR_STEMS, SITE, file_of, gz_file
from byregion.export.nginx import FAST_REQUEST_KEY, GENERATED_HEADER, NOT_MODIFIED, POSTPONE_OUTPUT, fast_request_table
from byregion.identifiers.history import SCHEMES
from byregion.mediatypes import DOCUMENT_TYPES, SERVED_TYPES
from byregion.paths import ROBOTS, SITEMAP
from byregion.serve import rules
from byregion.settings import Settings
from tests.conftest import BYREGION, Server, serving, settings_env
from tests.support.nginx import export_folder, start_nginx, stop_web_server
from tests.support.raw_http import status_and_location
from tests.support.servers import Server as Process
from tests.support.servers import cpu_seconds, free_port, process_tree
from tests.support.signals import ctrl_c_as_at_a_terminal

pytestmark = pytest.mark.slow  # a real build, `byregion serve`, `byregion export-static` and nginx

REGION = "/doc/region/notodden"
#: Every request names this host, so that the documents that name the host are the same from both servers.
HOST = "data.example.org"
#: Headers compared on every answer (Content-Length too where the body is; nginx adds Date, Server, …).
COMPARED = ("content-type", "etag", "vary", "location", "content-location", "link", "set-cookie", "cache-control",
            "last-modified", "access-control-allow-origin", "access-control-expose-headers", "content-encoding",
            "allow", "content-profile", "digest", "content-language",
            *(name.lower() for name in rules.SECURITY_HEADER_NAMES))


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def fetch(base: str, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> Answer:
    """One request sent exactly as written: no Accept or Accept-Encoding of the client's own, no decoding."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", HOST)
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        conn.endheaders()
        response = conn.getresponse()
        headers: dict[str, str] = {}
        for name, value in response.getheaders():  # a header sent twice reads as one list, as a client joins it
            headers[name.lower()] = f"{headers[name.lower()]}, {value}" if name.lower() in headers else value
        return Answer(response.status, headers, response.read())
    finally:
        conn.close()


def same_answer(app: Answer, static: Answer, what: str) -> None:
    """The same status, the same :data:`COMPARED` headers and the same body. A 304 is compared header for header
    (its Content-Type too: neither sends one, rules.KEEP_ON_304) and carries no Content-Length from either (RFC 9110
    §8.6: a 304 may only carry the length its 200 would have; nginx's ``return 304`` sent ``Content-Length: 0``)."""
    assert static.status == app.status, f"{what}: status {static.status} from nginx, {app.status} from the app"
    for name in COMPARED:
        if name == "content-type" and (app.status == 303 or "allow" in app.headers):
            continue  # nginx's 303 has a small page of its own; OPTIONS: nginx names a type for the empty body
        assert static.headers.get(name) == app.headers.get(name), f"{what}: {name}"
    if app.status == 304:
        assert "content-length" not in static.headers and "content-length" not in app.headers, what
        assert static.body == app.body == b"", what
    elif app.status != 303:  # nginx's 303 has a small HTML page; the app's is empty
        assert static.body == app.body, f"{what}: the bodies differ"
        assert static.headers.get("content-length") == app.headers.get("content-length"), what


ACCEPTS = [
    None, "", "text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html",
    "text/turtle;q=0.4, application/ld+json;q=0.9", "*/*;q=0.1, text/turtle", "*/*;q=0.1, application/n-triples",
    "application/*;q=0.5, text/html;q=0.1", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "this is ;;; not a header", "image/png", "application/x-turtle", "text/plain", "application/xml", "text/xml",
    "application/*", "text/*", "*/*", "*", "*/*;q=0", "text/turtle;q=0, */*", "TEXT/TURTLE",
    "text/turtle; charset=utf-8;q=0.8, application/rdf+xml;q=0.9", "application/xhtml+xml", "text/turtle;q=1.5",
    "text/turtle;q=abc, application/ld+json", "text/turtle;q=0.5, text/*;q=0.9", "application/ld+json;q=0",
    'text/turtle;profile="a,b";q=0.7, application/n-triples;q=0.6', "text/turtle ; q=0.3 , application/rdf+xml",
    "image/png, image/*;q=0.5", "text/plain;q=0.9, text/*;q=0.1",
    "application/geo+json", "application/json, application/geo+json;q=0.9", "application/vnd.geo+json",
    "application/geo+json;q=0.5, text/turtle;q=0.4", "*;level=1;Q=0", "text/turtle;level=1;q=0.5, */*;x=y;q=0.1",
    "application/json", "application/json, */*;q=0.8", "application/json, application/ld+json;q=0",
    "application/json;q=0.5, application/geo+json", "text/n3, */*;q=0.1", "text/rdf+n3", "application/x-json+ld",
    "text/plain, application/json", "application/geo+json, application/json",
    "application/vnd.geo+json, application/json, */*;q=0.1", "application/trig", "application/n-quads",
    "application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,text/turtle;q=0.6",
]

LANGUAGES = [None, "en", "en-GB,en;q=0.9", "nb-NO,nb;q=0.9", "nn-NO", "no", "de, en;q=0.5", "*", "en;q=0.1, nb",
             "sv, da;q=0.8", "EN-us", "fr;q=0.9, en;q=0", "en;q=0", "nb;q=0, en;q=0.2", "EN;charset=utf-8",
             "de;level=1, en;x=y;q=0.5", "*, nb;q=0", "en;q=0.5, *", "nb;q=0.5, *;q=1", "*;q=0, en"]

#: (request name, method, path, headers): documents in every way a client asks for them.
TABLE: list[tuple[str, str, str, dict[str, str]]] = [
    *((f"Accept {accept!r}", "GET", REGION, {} if accept is None else {"Accept": accept}) for accept in ACCEPTS),
    *((f"extension {m.extension}", "GET", f"{REGION}.{m.extension}", {"Accept": "image/png"}) for m in SERVED_TYPES),
    ("extension in capitals", "GET", f"{REGION}.TTL", {}),
    ("an unknown extension", "GET", f"{REGION}.exe", {}),
    *((f"_mediatype={value}", "GET", f"{REGION}?_mediatype={value}", {"Accept": "text/html"})
      for value in ("ttl", "text/turtle", "application%2Fld%2Bjson", "application/rdf+xml", "nt", "html", "bogus",
                    "", "%20jsonld%20", "application/ld+json", "application/ld%20json", "application/ld++json")),
    ("a tab before the Accept value", "GET", REGION, {"Accept": "\t;q=0.2, application/geo+json;q=0.1234"}),
    ("tabs around the Accept-Language value", "GET", REGION, {"Accept-Language": "\ten\t"}),
    *((f"Accept-Language {lang!r}", "GET", REGION, {} if lang is None else {"Accept-Language": lang})
      for lang in LANGUAGES),
    ("?lang=en", "GET", f"{REGION}?lang=en", {}),
    ("?lang=nb beats the cookie", "GET", f"{REGION}?lang=nb", {"Cookie": "lang=en"}),
    ("?lang=xx", "GET", f"{REGION}?lang=xx", {"Accept-Language": "en"}),
    ("the lang cookie", "GET", REGION, {"Cookie": "theme=dark; lang=en", "Accept-Language": "nb"}),
    ("the HTML extension in English", "GET", f"{REGION}.html", {"Cookie": "lang=en"}),
    *((f"Accept-Encoding {enc!r}", "GET", REGION, {"Accept": "text/turtle", "Accept-Encoding": enc})
      for enc in ("gzip", "gzip, deflate, br", "gzip;q=0", "identity", "br", "deflate, gzip;q=0.5", "GZIP")),
    ("gzip HTML", "GET", REGION, {"Accept-Encoding": "gzip", "Accept-Language": "en"}),
    ("HEAD", "HEAD", REGION, {"Accept": "text/turtle"}),
    ("HEAD gzip", "HEAD", REGION, {"Accept": "text/turtle", "Accept-Encoding": "gzip"}),
    ("OPTIONS", "OPTIONS", REGION, {}),
    # a preflight, or another method, on every kind of resource: the answer every document gets
    *((f"OPTIONS {path}", "OPTIONS", path, {"Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                                             "Access-Control-Request-Headers": "accept"})
      for path in ("/sitemap.xml", "/robots.txt", "/id/kommunenummer/0807", "/id/kommunenummer/0000",
                   "/dumps/byregion.ttl", "/static/style.css", "/catalog", "/id/region/notodden")),
    *((f"DELETE {path}", "DELETE", path, {}) for path in ("/dumps/byregion.ttl", "/static/style.css",
                                                          "/id/kommunenummer/0807", "/sitemap.xml")),
    # TRACE, which nginx refuses before it chooses a location: the app's 405, its Allow and its text
    *((f"TRACE {path}", "TRACE", path, {}) for path in (REGION, "/", "/dumps/byregion.ttl", "/static/style.css",
                                                        "/id/kommunenummer/0807", "/nowhere")),
    # a part of a sitemap the build has not (its pages fit in one file), and paths that name no part
    *((f"sitemap part {path}", "GET", path, {}) for path in ("/sitemap/1.xml", "/sitemap/0.xml", "/sitemap/x.xml",
                                                              "/sitemap/", "/sitemap/1.xml.gz")),
    ("a thing", "GET", "/id/region/notodden", {}),
    ("a thing, the query kept", "GET", "/id/region/notodden?lang=en&x=1", {"Accept": "text/turtle"}),
    ("a thing with an extension", "GET", "/id/municipality/sauherad.ttl", {}),
    ("a thing with its geometry's extension", "GET", "/id/region/notodden.geojson", {}),
    ("a thing with an extension its document lacks", "GET", "/id/theme/delingskultur.geojson", {}),  # 404, no 303
    ("the same, with a query", "GET", "/id/theme/delingskultur.geojson?lang=en", {}),
    ("a part of a thing with an extension", "GET", "/id/region/notodden/goal/1.jsonld", {}),
    ("a part of a thing", "GET", "/id/region/notodden/goal/1", {}),
    ("an unknown thing", "GET", "/id/region/atlantis", {"Accept": "text/turtle"}),  # a 404, not a 303 to one
    ("an unknown thing, plainly", "GET", "/id/region/atlantis", {}),  # the fast path's
    ("an unknown thing with an extension", "GET", "/id/region/atlantis.ttl", {}),
    ("an unknown thing with a query", "GET", "/id/region/atlantis?lang=en", {}),
    ("under a look-up, no thing", "GET", "/id/kommunenummer/0807/x", {}),
    ("a malformed thing", "GET", "/id/region/NOTODDEN", {"Accept": "application/ld+json"}),
    *((f"404 as {accept}", "GET", "/doc/region/atlantis", {"Accept": accept})
      for accept in ("text/html", "text/turtle", "application/ld+json", "application/n-triples",
                     "application/rdf+xml", "image/png")),
    ("404 by extension", "GET", "/doc/region/atlantis.nt", {}),
    ("404 in English", "GET", "/doc/region/atlantis", {"Accept-Language": "en"}),
    ("404 outside the documents", "GET", "/nowhere/at/all", {"Accept": "text/turtle"}),
    ("404 for /doc/", "GET", "/doc/", {}),
    ("404 for capitals", "GET", "/doc/region/NOTODDEN", {"Accept": "text/turtle"}),
    ("404 for a dotted name", "GET", "/catalog.foo.ttl", {}),
    ("HTML of an RDF-only document", "GET", "/.well-known/void.html", {}),
    ("a municipality", "GET", "/doc/municipality/sauherad", {"Accept": "application/ld+json"}),
    ("a municipality as GeoJSON", "GET", "/doc/municipality/notodden", {"Accept": "application/geo+json"}),
    ("a county as GeoJSON", "GET", "/doc/county/telemark.geojson", {"Accept-Encoding": "gzip"}),
    ("every region on one map", "GET", "/doc/programme/byregionprogrammet.geojson", {"Accept-Encoding": "gzip"}),
    ("every region on one map by Accept", "GET", "/doc/programme/byregionprogrammet",
     {"Accept": "application/geo+json"}),
    ("the programme as a thing with its map's extension", "GET", "/id/programme/byregionprogrammet.geojson", {}),
    ("the programme's links name its map", "GET", "/doc/programme/byregionprogrammet", {"Accept": "text/turtle"}),
    ("the programme's formats name its map", "GET", "/doc/programme/byregionprogrammet?_profile=alt",
     {"Accept": "text/turtle"}),
    ("a geometry as GeoJSON", "GET", "/doc/geometry/municipality/sauherad/2019?_mediatype=application/geo%2Bjson", {}),
    # every municipality, or county, of a boundary period as one layer (GeoJSON its only form)
    ("a period's municipalities as one layer", "GET", "/doc/boundaries/2019/municipalities.geojson",
     {"Accept-Encoding": "gzip"}),
    ("a period's counties as one layer by Accept", "GET", "/doc/boundaries/2020/counties",
     {"Accept": "application/geo+json"}),
    ("a layer asked for as a page is 406", "GET", "/doc/boundaries/2020/counties", {"Accept": "text/html"}),
    ("a layer in another format is 404", "GET", "/doc/boundaries/2020/counties.ttl", {}),
    ("a layer of no period is 404", "GET", "/doc/boundaries/1999/municipalities.geojson", {}),
    ("GeoJSON of a theme is 406", "GET", "/doc/theme/delingskultur", {"Accept": "application/geo+json"}),
    ("GeoJSON of a theme by extension is 404", "GET", "/doc/theme/delingskultur.geojson", {}),
    ("GeoJSON of the catalogue is 404", "GET", "/catalog.geojson", {}),
    ("404 as GeoJSON", "GET", "/doc/region/atlantis", {"Accept": "application/geo+json"}),
    ("a theme", "GET", "/doc/theme/delingskultur", {"Accept-Language": "en"}),
    ("the ontology", "GET", "/def/byregion", {"Accept": "text/turtle"}),
    ("the ontology page", "GET", "/def/byregion.html", {}),
    ("the ontology at its version IRI", "GET", "/def/byregion/0.3.0", {"Accept": "text/turtle"}),
    ("the ontology at the version before", "GET", "/def/byregion/0.2.0", {"Accept": "text/turtle"}),
    ("the ontology at an earlier version IRI", "GET", "/def/byregion/0.1.0", {"Accept": "text/turtle"}),
    ("the ontology's version as a page", "GET", "/def/byregion/0.1.0.html", {"Accept-Language": "en"}),
    ("a version of the ontology that is not", "GET", "/def/byregion/9.9.9", {}),
    ("the catalogue", "GET", "/catalog", {}),
    ("a source document, byte for byte", "GET", "/source/notodden.txt", {}),
    ("a named graph, negotiated", "GET", "/graph/curation/notodden", {"Accept": "application/ld+json"}),
    ("a named graph by extension", "GET", "/graph/reference.ttl", {}),
    ("a named graph that is not", "GET", "/graph/nothing", {"Accept": "text/turtle"}),
    ("a source table", "GET", "/source/programme/regions.csv", {"Accept": "text/html"}),
    ("a source that is not", "GET", "/source/nothing.txt", {}),
    ("the catalogue in Turtle", "GET", "/catalog.ttl", {"Accept-Encoding": "gzip"}),
    ("the dataset in English", "GET", "/dataset?lang=en", {}),
    ("the validation report", "GET", "/validation", {"Accept": "application/n-triples"}),
    ("VoID", "GET", "/.well-known/void", {}),
    ("VoID as HTML is 406", "GET", "/.well-known/void", {"Accept": "text/html"}),
    ("the home page", "GET", "/", {}),
    ("the home page in English", "GET", "/", {"Accept-Language": "en", "Accept": "text/turtle"}),
    ("the context", "GET", "/context.jsonld", {"Accept-Encoding": "gzip"}),
    ("a look-up without a date", "GET", "/id/kommunenummer/0807", {}),
    ("a look-up by Wikidata item", "GET", "/id/wikidata/Q2326", {"Accept": "text/turtle"}),
    ("a look-up with parameters the app ignores", "GET", "/id/kommunenummer/0807?dates=1&x&LANG=en", {}),
    # what a look-up passes on to the unit it leads to (byregion.js writes it as the app does), or refuses (406)
    ("a look-up passing on the language", "GET", "/id/kommunenummer/0807?lang=en&dates=1&x", {}),
    ("a look-up passing on format, profile and language", "GET",
     "/id/kommunenummer/0807?x=%3Cb%3E&_mediatype=text/turtle&lang=nb&_profile=%3Chttps%3A%2F%2Fschema.org%2F%3E", {}),
    ("a look-up passing on a format escaped", "GET", "/id/wikidata/Q2326?_mediatype=application%2Fld%2Bjson", {}),
    ("a look-up passing on a format written by hand", "GET", "/id/wikidata/Q2326?_mediatype=application/ld+json", {}),
    ("a look-up passing on the first of two", "GET", "/id/orgnr/938583986?_mediatype=nt&_mediatype=ttl", {}),
    ("a look-up with an empty format and another language", "GET", "/id/kommunenummer/0807?_mediatype=&lang=xx", {}),
    ("a look-up with a format no document has", "GET", "/id/kommunenummer/0807?_mediatype=bogus", {}),
    ("a look-up with a profile no document has", "GET", "/id/kommunenummer/0807?_profile=x", {"Accept-Language": "en"}),
    ("a look-up with an escaped name", "GET", "/id/kommunenummer/0807?%6Cang=en", {}),
    # white space as Python's str.strip() takes it off, which JavaScript's trim() does not (U+001C-U+001F)
    ("a look-up with a profile of white space", "GET", "/id/kommunenummer/0807?_profile=%1C", {}),
    ("a look-up with a format and a record separator", "GET", "/id/kommunenummer/0807?_mediatype=ttl%1E", {}),
    ("a document with a format and a separator", "GET", "/doc/region/notodden?_mediatype=ttl%1F", {}),
    # a query's escapes are UTF-8, or the whole query Latin-1 where one is not (rules.query_of, its 406 quotes them)
    *((f"a format escaped {raw}", "GET", f"/doc/region/notodden?_mediatype={raw}", {})
      for raw in ("%C3%A5", "%E5", "%C3%A5%E5", "%F0%9F%98%80", "%ED%A0%80", "%C0%AF", "ttl&x=%E5",
                  # what repr() escapes: C1 controls, a no-break space, a soft hyphen, a byte order mark, an
                  # unpaired surrogate's bytes, a private use character, a tag character
                  "%C2%85%C2%A0%C2%AD", "%EF%BB%BF", "%EE%80%80", "%F3%A0%80%81")),
    ("a look-up with a format escaped in UTF-8", "GET", "/id/kommunenummer/0807?_mediatype=%C3%A5", {}),
    *((f"/id/{scheme}{slash} alone", "GET", f"/id/{scheme}{slash}", {"Accept-Language": lang})
      for scheme, slash, lang in (("kommunenummer", "", "en"), ("fylkesnummer", "/", "nb"), ("orgnr", "", "nb"),
                                  ("wikidata", "/", "en"))),
    ("HEAD /id/kommunenummer alone", "HEAD", "/id/kommunenummer", {}),
    # a browser gets the same explanation as a page of the site
    *((f"/id/{scheme} alone for a browser ({accept})", "GET", f"/id/{scheme}",
       {"Accept": accept, "Accept-Language": lang})
      for scheme, accept, lang in (("kommunenummer", "text/html,application/xhtml+xml,*/*;q=0.8", "nb"),
                                   ("orgnr", "application/xhtml+xml", "en"),
                                   ("wikidata", "text/plain;q=0.5, text/html", "en"),
                                   ("fylkesnummer", "text/*", "nb"), ("kommunenummer", "application/json", "nb"))),
    ("a path under a look-up prefix that is no look-up", "GET", "/id/kommunenummer/0807/x", {}),
    ("a path under a look-up prefix that is no look-up, with a query", "GET", "/id/orgnr/938583986/y?lang=en", {}),
    ("a path under a look-up prefix that names nothing", "GET", "/id/wikidata/Q2326/Not%20a%20Path", {}),
    ("the municipalities table", "GET", "/doc/municipalities.csv", {}),
    ("its CSVW metadata", "GET", "/doc/municipalities.csv-metadata.json", {"Accept-Encoding": "gzip"}),
    ("the table with an RDF extension is 404", "GET", "/doc/municipalities.csv.ttl", {}),
    ("its metadata with an extension is 404", "GET", "/doc/municipalities.csv-metadata.json.geojson", {}),
    # the lists of every municipality and county: pages whose one format is HTML, negotiated by language
    ("the list of municipalities", "GET", "/doc/municipalities", {"Accept-Encoding": "gzip"}),
    ("the list of municipalities in English", "GET", "/doc/municipalities?lang=en", {}),
    ("the list of counties by Accept-Language", "GET", "/doc/counties", {"Accept-Language": "en-GB,en;q=0.9"}),
    ("the list of counties by the cookie", "GET", "/doc/counties", {"Cookie": "lang=en"}),
    ("the list as .html", "GET", "/doc/counties.html", {}),
    ("the list in a browser's Accept", "GET", "/doc/municipalities",
     {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}),
    ("the list asked for as CSV is 406", "GET", "/doc/municipalities", {"Accept": "text/csv"}),
    ("the list asked for as Turtle is 406", "GET", "/doc/counties", {"Accept": "text/turtle"}),
    ("the list with an RDF extension is 406 (its alt listing has one)", "GET", "/doc/municipalities.ttl", {}),
    ("the list's thing IRI is a 303", "GET", "/id/municipalities", {}),
    ("HEAD of the list", "HEAD", "/doc/counties?lang=en", {}),
    # the programme's tables as pages, made as the lists are
    ("the list of memberships", "GET", "/doc/memberships", {"Accept-Encoding": "gzip"}),
    ("the list of memberships in English", "GET", "/doc/memberships?lang=en", {}),
    ("the list of regions by Accept-Language", "GET", "/doc/regions", {"Accept-Language": "en-GB,en;q=0.9"}),
    ("the list of regions by the cookie", "GET", "/doc/regions.html", {"Cookie": "lang=en"}),
    ("the list of memberships asked for as CSV is 406", "GET", "/doc/memberships", {"Accept": "text/csv"}),
    ("the list of regions with an RDF extension is 406", "GET", "/doc/regions.ttl", {}),
    ("the memberships list's thing IRI is a 303", "GET", "/id/memberships", {}),
    ("HEAD of the list of regions", "HEAD", "/doc/regions?lang=en", {}),
    # what a page's head links, its Link names too (tests/test_page_links_http.py): the home page's dataset in RDF
    # and its VoID, a list's table and its metadata, on a 200, a HEAD and a 406
    ("the home page asked for Turtle", "GET", "/", {"Accept": "text/turtle"}),
    ("HEAD of the home page", "HEAD", "/", {"Accept": "application/ld+json"}),
    ("HEAD of the list asked for as CSV is 406", "HEAD", "/doc/municipalities", {"Accept": "text/csv"}),
    ("the list's alt listing by its extension", "GET", "/doc/counties.ttl?_profile=alt", {}),
    ("the list by an extension its profile lacks is 406", "GET", "/doc/counties.ttl?_profile=full", {}),
    ("the list by a profile it is not in is 406", "GET", "/doc/counties?_profile=ids", {}),
    ("the list by _mediatype of its table is 406", "GET", "/doc/municipalities?_mediatype=text/csv", {}),
    # profiles (W3C Content Negotiation by Profile; the rules themselves: tests/test_profiles_http.py)
    *((f"_profile={value}", "GET", f"/doc/municipality/notodden?_profile={value}", {"Accept-Encoding": "gzip"})
      for value in ("ids", "schema", "alt", "full", "bogus", "", "%3Chttps%3A%2F%2Fschema.org%2F%3E",
                    "https://data.byregion.no/id/profile/ids")),
    *((f"Accept-Profile {value!r}", "GET", REGION, {"Accept": "text/turtle", "Accept-Profile": value})
      for value in ("<https://data.byregion.no/id/profile/ids>", "ids;q=0.2, schema;q=0.3", "<x>, <y>",
                    "*", "<https://data.byregion.no/id/profile/alt>;q=0", ";;;", "<unclosed, ids", "IDS",
                    "ids;q=1.5", "ids ; q = 0.5, <https://schema.org/>;q=0.4")),
    ("a profile with an extension", "GET", "/doc/county/telemark.nt?_profile=ids", {}),
    ("a profile without the extension's format", "GET", f"{REGION}.html?_profile=ids", {}),
    ("a profile without the Accept's format", "GET", f"{REGION}?_profile=schema", {"Accept": "text/html"}),
    ("a profile and _mediatype", "GET", f"{REGION}?_profile=ids&_mediatype=application/rdf%2Bxml", {}),
    ("a profile the kind lacks", "GET", "/doc/theme/delingskultur?_profile=ids", {}),
    ("the alternates page in English", "GET", f"{REGION}?_profile=alt", {"Cookie": "lang=en"}),
    ("the alternates of a host document", "GET", "/catalog?_profile=alt", {"Accept": "text/html"}),
    ("the alternates of an RDF-only document", "GET", "/.well-known/void?_profile=alt", {}),
    ("a host document's HTML with a profile", "GET", "/dataset?_profile=full", {}),
    ("a profile on the home page", "GET", "/?_profile=ids", {}),
    ("HEAD with a profile", "HEAD", REGION, {"Accept-Profile": "alt", "Accept-Encoding": "gzip"}),
    ("a profile's own document", "GET", "/doc/profile/schema", {"Accept": "text/turtle"}),
    # long headers of one kind (a security review): byregion.js had read them in time quadratic in their length, 11 s
    # and more of an nginx worker for 25,000 spaces in the middle of an Accept, where the app takes milliseconds; each
    # must be answered as the app answers it within fetch's timeout
    *((f"a long {name}", "GET", REGION, headers) for name, headers in (
        ("run of spaces inside Accept", {"Accept": "text/turtle" + " " * 25_000 + "x"}),
        ("run of spaces after a q-value", {"Accept": "text/turtle;q=0.5" + " " * 25_000 + "x"}),
        ("run of tabs inside Accept", {"Accept": "text/turtle" + "\t" * 25_000 + "x"}),
        ("media type nobody offers", {"Accept": "a/" + "b" * 26_000}),
        ("Accept of 3,000 entries", {"Accept": ",".join(f"text/x{i}" for i in range(3_000))}),
        ("Accept of 6,000 parameters", {"Accept": "text/turtle" + ";a=b" * 6_000}),
        ("Accept-Language", {"Accept": "text/html", "Accept-Language": "en" + " " * 25_000 + "x"}),
        ("Accept-Profile", {"Accept": "text/turtle", "Accept-Profile": "ids" + " " * 25_000 + ", <x>"}))),
]


@pytest.mark.parametrize(("method", "path", "headers"), [row[1:] for row in TABLE], ids=[row[0] for row in TABLE])
def test_nginx_answers_as_the_app(server: Server, nginx: Process, method: str, path: str,
                                  headers: dict[str, str]) -> None:
    same_answer(fetch(server.url, path, headers, method), fetch(nginx.base, path, headers, method), path)


@pytest.mark.parametrize(("method", "path", "headers", "status"), [
    ("GET", "/", {"Accept": "text/turtle"}, 200), ("HEAD", "/", {}, 200),
    ("GET", "/doc/municipalities", {}, 200), ("HEAD", "/doc/counties", {"Accept-Language": "en"}, 200),
    ("GET", "/doc/municipalities", {"Accept": "text/csv"}, 406),
    ("HEAD", "/doc/counties", {"Accept": "text/turtle"}, 406),
    ("GET", "/doc/memberships", {"Accept-Language": "en"}, 200), ("HEAD", "/doc/regions", {}, 200),
    ("GET", "/doc/regions", {"Accept": "text/csv"}, 406)])
def test_a_pages_link_names_what_its_head_links_from_both(server: Server, nginx: Process, method: str, path: str,
                                                          headers: dict[str, str], status: int) -> None:
    """The home page's dataset in RDF and its VoID, a list's table: in the Link of the page's answers from the app and
    from nginx alike (byregion.js reads them from documents.map), its 406 too."""
    linked = ("</.well-known/void>; rel=\"describedby\"; type=\"text/turtle\"" if path == "/"
              else f"<{path}.csv-metadata.json>; rel=alternate; type=\"application/csvm+json\"")
    for answer in (fetch(server.url, path, headers, method), fetch(nginx.base, path, headers, method)):
        assert answer.status == status and answer.headers["link"].endswith(linked), answer.headers


#: Files sent as they are (rules.file_answer): the static files and the dumps, whole, in part, by HEAD, and what under
#: /static/ names no file (a folder, a trailing slash, a dot name, an escape), which the app answers 404.
FILES: list[tuple[str, str, str, dict[str, str]]] = [
    *((f"GET {path}", "GET", path, {"Accept-Encoding": "gzip"})
      for path in ("/static/style.css", "/static/favicon.svg", "/static/preview.css", "/static/sparql/editor.js",
                   "/static/sparql/sparql.css", "/static/sparql/SOURCES.md", "/dumps/byregion.ttl",
                   "/dumps/byregion.nt.gz", "/dumps/graph/region/notodden.ttl",
                   "/dumps/graph/region/notodden.nt.gz")),
    ("a range of a named graph's dump", "GET", "/dumps/graph/region/notodden.nt", {"Range": "bytes=0-99"}),
    ("HEAD a static file", "HEAD", "/static/style.css", {}),
    ("a static file with a query string", "GET", "/static/style.css?v=2", {"Accept": "text/turtle"}),
    ("a range of a static file", "GET", "/static/style.css", {"Range": "bytes=10-19"}),
    ("a range with If-Range of another ETag", "GET", "/static/style.css", {"Range": "bytes=0-9", "If-Range": '"x"'}),
    ("a range of a dump", "GET", "/dumps/byregion.ttl", {"Range": "bytes=100-199"}),
    ("two ranges of a dump: the whole file", "GET", "/dumps/byregion.ttl", {"Range": "bytes=0-1,4-5"}),
    # no byte of the file: the app's 416, not nginx's page with the 200's Cache-Control (a cache could keep it)
    *((f"the range {value!r} of {path}: 416", "GET", path, {"Range": value})
      for value in ("bytes=99999999-", "bytes=-0", "bytes=99999999-99999999999")
      for path in ("/dumps/byregion.ttl", "/static/style.css")),
    ("a range past the end, asking for JSON", "GET", "/dumps/byregion.ttl",
     {"Range": "bytes=99999999-", "Accept": "application/json"}),
    # Range is defined for GET alone (RFC 9110 §14.2), and a range the app does not read sends the whole file:
    # nginx answered these 206 and 416.
    *((f"HEAD with a range of {path}: the whole file", "HEAD", path, {"Range": "bytes=0-9"})
      for path in ("/dumps/byregion.ttl", "/static/style.css")),
    *((f"the range {value!r}: the whole file", "GET", "/static/style.css", {"Range": value})
      for value in ("bytes=5-1", "bytes=-", "bytes=0-9,", "items=0-9")),
    ("a range of a document: the whole document", "GET", "/doc/region/notodden.ttl", {"Range": "bytes=0-9"}),
    ("a range of a negotiated document", "GET", "/doc/region/notodden",
     {"Range": "bytes=0-9", "Accept": "text/turtle"}),
    *((f"404 for {path}", "GET", path, {"Accept": "text/turtle"})
      for path in ("/static/style.css/", "/static/sparql/", "/static/sparql", "/static/", "/static/.style.css",
                   "/static/nothing.css", "/static/sparql/.hidden.js", "/static/%73tyle.css/", "/dumps/",
                   "/dumps/nothing.ttl", "/static//style.css", "/dumps//byregion.ttl", "//static/style.css",
                   "/dumps/graph/", "/dumps/graph/region/", "/dumps/graph/nothing.ttl",
                   "/dumps/graph/region/notodden", "/dumps/graph/region/notodden.trig")),
]


@pytest.mark.parametrize(("method", "path", "headers"), [row[1:] for row in FILES], ids=[row[0] for row in FILES])
def test_files_are_sent_with_the_apps_headers(server: Server, nginx: Process, method: str, path: str,
                                              headers: dict[str, str]) -> None:
    """A static file as the app sends it: its content hash as ETag (docstore.etag_of, not nginx's time and size),
    its own date, Cache-Control, CORS, Accept-Ranges and no Vary; what names no file is the app's 404. (nginx sends
    no Accept-Ranges on a 206, the app does: docs/server.md.)"""
    app, static = fetch(server.url, path, headers, method), fetch(nginx.base, path, headers, method)
    same_answer(app, static, f"{method} {path}")
    assert static.headers.get("content-range") == app.headers.get("content-range"), f"{method} {path}"
    if app.status != 206:
        assert static.headers.get("accept-ranges") == app.headers.get("accept-ranges"), f"{method} {path}"


@pytest.mark.parametrize("path", ["/dumps/byregion.ttl", "/static/style.css"])
def test_a_files_412_has_the_apps_cors_and_security_headers(server: Server, nginx: Process, path: str) -> None:
    """A cross-origin script that sends If-Match reads the 412 (nginx's ``return 412`` had no CORS headers, so a
    browser reported a network error); its body stays nginx's (docs/server.md)."""
    condition = {"If-Match": '"other"'}
    app, static = fetch(server.url, path, condition), fetch(nginx.base, path, condition)
    assert app.status == static.status == 412
    for name in ("access-control-allow-origin", "access-control-expose-headers", "x-content-type-options"):
        assert static.headers.get(name) == app.headers.get(name), name


_URL = re.compile(r"<url><loc>([^<]*)</loc>(?:<lastmod>([^<]*)</lastmod>)?")


def test_the_sitemap_and_robots_name_only_what_the_export_answers(server: Server, nginx: Process,
                                                                  site_build: PublishedBuild) -> None:
    """An export without --app answers /sparql with 404: its sitemap lists every other URL of the app's, with the
    app's lastmod, and robots.txt allows no URL it lacks; each is answered as the app answers its own. An export
    with --app keeps the build's, which its sitemap's pages make again byte for byte."""
    app_sitemap, static_sitemap = (fetch(base, "/sitemap.xml").body.decode() for base in (server.url, nginx.base))
    app_urls, static_urls = dict(_URL.findall(app_sitemap)), dict(_URL.findall(static_sitemap))
    assert f"http://{HOST}/sparql" in app_urls
    answered = {url: lastmod for url, lastmod in app_urls.items()
                if fetch(nginx.base, urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else ""),
                         {"Accept": "text/html"}).status == 200}
    assert static_urls == answered and len(answered) == len(app_urls) - 2  # /sparql, /sparql?lang=en
    for base in (server.url, nginx.base):
        robots = fetch(base, "/robots.txt")
        assert robots.status == 200 and robots.headers["etag"] == fetch(base, "/robots.txt").headers["etag"]
        allowed = re.findall(r"^Allow: (\S+)\$$", robots.body.decode(), re.M)
        assert ("/sparql?lang=en" in allowed) is (base == server.url)
    store = DocumentStore(site_build.path / FILE)
    try:
        built = store.get("/sitemap.xml", "")
        assert built is not None
        assert sitemap_xml(listed_paths(lambda path: built.body if path == SITEMAP else None),
                           store.modified(VARIANTS.values())) == built.body
    finally:
        store.close()


def test_a_raw_utf8_query_is_percent_encoded_in_the_303_by_both(server: Server, nginx: Process) -> None:
    target = b"/id/region/notodden?q=\xc3\xb8&lang=en"
    expected = (303, b"/doc/region/notodden?q=%C3%B8&lang=en")
    assert status_and_location(server.url, target) == status_and_location(nginx.base, target) == expected
    # a '%' that begins no escape is itself escaped, or the Location is no URI (RFC 3986 §2.1); an escape is kept
    target, expected = b"/id/region/notodden?x=%&y=%4&z=%41%zz", (303, b"/doc/region/notodden?x=%25&y=%254&z=%41%25zz")
    assert status_and_location(server.url, target) == status_and_location(nginx.base, target) == expected


@pytest.mark.parametrize("path", ["/sitemap.xml", "/robots.txt", "/", "/catalog"])
def test_a_host_that_is_not_one_is_never_written_into_a_document_by_either(server: Server, nginx: Process,
                                                                          path: str) -> None:
    """The documents that name the request's host refuse a Host that is not one, as the app refuses it for every
    request (nginx itself refuses an empty Host and two Host lines). A Host in UTF-8 (an IDN not in its ASCII form)
    reaches the app as empty, and byregion.js reads it so: both refuse it as missing, where nginx had written
    ``localhost`` into the page."""
    for host, refusal in (("a<b&c", rules.BAD_HOST), ("bücher.example".encode(), rules.MISSING_HOST)):
        for base in (server.url, nginx.base):
            parts = urlsplit(base)
            conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
            conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", host)
            conn.putheader("Accept", "text/html")  # the catalogue's page names the host; its Turtle does not
            conn.endheaders()
            response = conn.getresponse()
            body = response.read()
            conn.close()
            assert (response.status, body) == (400, refusal.encode()), (base, path, host)


def test_other_methods_and_long_urls(server: Server, nginx: Process) -> None:
    for base in (server.url, nginx.base):
        posted = fetch(base, REGION, {"Content-Length": "0"}, "POST")
        assert posted.status == 405 and posted.headers["allow"] == "GET, HEAD, OPTIONS"
    long = REGION + "?x=" + "a" * server.settings.max_url_length
    same_answer(fetch(server.url, long), fetch(nginx.base, long), "a long URL")
    assert fetch(nginx.base, long).status == 414
    limit = server.settings.max_url_length  # the path, and "?" and the query when there is one
    for prefix in ("/doc/region/", "/id/region/"):
        at_limit, over = prefix + "a" * (limit - len(prefix)), prefix + "a" * (limit + 1 - len(prefix))
        for base in (server.url, nginx.base):
            assert fetch(base, at_limit).status == 404 and fetch(base, over).status == 414, (base, prefix)
    query = REGION + "?x=" + "a" * (limit - len(REGION) - 3)
    for base in (server.url, nginx.base):
        assert fetch(base, query).status == 200 and fetch(base, query + "a").status == 414, base
    # a thing's 303 never leads on to a 414: its document's URL is a character longer, and a raw byte of the
    # query three (%C3); the URL that would be too long as the document's is the 414 itself
    thing = query.replace("/doc/", "/id/")
    for base in (server.url, nginx.base):
        assert status_and_location(base, thing.encode())[0] == 303, base
        assert status_and_location(base, (thing + "a").encode())[0] == 414, base
        assert status_and_location(base, thing[:-600].encode() + "ø".encode() * 300)[0] == 414, base
    same_answer(fetch(server.url, thing + "a"), fetch(nginx.base, thing + "a"), "a thing's document too long")
    # longer than nginx's own 8k buffers: still the app's 414, and a long Accept still negotiated
    very_long = REGION + "?x=" + "a" * 9_000
    same_answer(fetch(server.url, very_long), fetch(nginx.base, very_long), "a URL past 8k")
    long_accept = {"Accept": "text/turtle, " + "x/y;q=0.1, " * 1_100}
    same_answer(fetch(server.url, REGION, long_accept), fetch(nginx.base, REGION, long_accept), "an Accept past 8k")
    assert fetch(nginx.base, REGION, long_accept).status == 200


def _accept_ranges(base: str, path: str, headers: dict[str, str]) -> tuple[int, list[str]]:
    """The status and every Accept-Ranges field of the answer (a field sent twice is two)."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    try:
        conn.request("GET", path, headers={"Host": HOST, **headers})
        response = conn.getresponse()
        response.read()
        return response.status, [v for k, v in response.getheaders() if k.lower() == "accept-ranges"]
    finally:
        conn.close()


@pytest.mark.parametrize("path", ["/dumps/byregion.ttl", "/static/style.css"])
@pytest.mark.parametrize("ranges", ["", "bytes=0-99", "bytes=-10", "bytes=99999999-", "bytes=0-1,5-6", "bytes=x",
                                    "items=0-1"])
def test_every_answer_of_a_file_says_accept_ranges_once_from_both(server: Server, nginx: Process, path: str,
                                                                  ranges: str) -> None:
    headers = {"Range": ranges} if ranges else {}
    from_app = _accept_ranges(server.url, path, headers)
    assert from_app[1] == ["bytes"], from_app  # on a 200, a 206 and a 416
    assert _accept_ranges(nginx.base, path, headers) == from_app


def _with_host(base: str, path: str, host: str) -> tuple[int, bytes]:
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
    conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host)
    conn.endheaders()
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, body


@pytest.mark.parametrize(("host", "status", "written"), [
    ("a..b", 400, ""), ("example.org:99999", 400, ""), ("example.org:", 200, "example.org"),
    ("example.org.", 200, "example.org."), ("example.org:80", 200, "example.org"),
    ("example.org:080", 200, "example.org"), ("example.org:8080", 200, "example.org:8080"), ("[::1]:80", 200, "[::1]")])
def test_a_host_name_of_empty_labels_or_a_port_past_65535_is_400_from_either(server: Server, nginx: Process,
                                                                              host: str, status: int,
                                                                              written: str) -> None:
    """RFC 3986 §3.2.2–3: a name is labels between dots, none empty; a port is digits, and may be empty. An empty
    port, or the scheme's default (``:80`` for http), is not written (§6.2.3): both write the origin as they write
    it for the host alone."""
    for base in (server.url, nginx.base):
        answer, body = _with_host(base, "/sitemap.xml", host)
        assert answer == status, (base, host, body[:200])
        if status == 200:
            assert f"<loc>http://{written}/".encode() in body, base


#: Negotiated HTML documents of every kind (a thing's, the host documents, RDF-only ones' HTML-less kin), in both
#: languages, extension URLs, and files sent as they are (the dumps, the static files): each answered 304 as the app
#: answers it.
CONDITIONAL = [("Turtle", REGION, {"Accept": "text/turtle"}), ("HTML", REGION, {}),
               ("a profile", REGION, {"Accept": "text/turtle", "Accept-Profile": "ids"}),
               ("gzip", REGION, {"Accept": "application/ld+json", "Accept-Encoding": "gzip"}),
               ("English", f"{REGION}.html", {"Accept-Language": "en"}), ("the home page", "/", {}),
               ("the context", "/context.jsonld", {}),
               *((f"the HTML of {path}{query}", path + query, {})
                 for path in (REGION, "/", "/catalog", "/dataset", "/validation", "/def/byregion")
                 for query in ("", "?lang=en")),
               *((f"the extension {ext}", f"{REGION}.{ext}", {"Accept-Encoding": "gzip"})
                 for ext in ("ttl", "html", "geojson")),
               ("the catalogue's extension URL", "/catalog.ttl", {}),
               *((f"the list {path}{query}", path + query, {"Accept-Encoding": "gzip"})
                 for path in ("/doc/municipalities", "/doc/counties", "/doc/memberships", "/doc/regions")
                 for query in ("", "?lang=en")),
               ("a dump", "/dumps/byregion.ttl", {"Accept-Encoding": "gzip"}),
               ("a static file", "/static/style.css", {"Accept-Encoding": "gzip"}),
               ("the SPARQL page's script", "/static/sparql/editor.js", {}),
               ("a gzip dump", "/dumps/byregion.nt.gz", {}),
               ("a named graph's dump", "/dumps/graph/region/notodden.ttl", {})]


@pytest.mark.parametrize(("path", "headers"), [row[1:] for row in CONDITIONAL], ids=[row[0] for row in CONDITIONAL])
def test_conditional_requests_give_304_from_both(server: Server, nginx: Process, path: str,
                                                 headers: dict[str, str]) -> None:
    first = fetch(nginx.base, path, headers)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert etag == fetch(server.url, path, headers).headers["etag"]
    cases = {
        "the ETag": ({"If-None-Match": etag}, 304),
        "the ETag, weak": ({"If-None-Match": "W/" + etag}, 304),
        "a list with the ETag": ({"If-None-Match": f'"other", {etag}'}, 304),
        "any ETag": ({"If-None-Match": "*"}, 304),
        "another ETag": ({"If-None-Match": '"other"'}, 200),
        "the date": ({"If-Modified-Since": modified}, 304),
        "the date, but another ETag": ({"If-Modified-Since": modified, "If-None-Match": '"other"'}, 200),
        "the ETag, but an earlier date": ({"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT",
                                           "If-None-Match": etag}, 304),
        "an earlier date": ({"If-Modified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}, 200),
        # RFC 9110 §13.2.2: If-Match and If-Unmodified-Since are read first, and their failure is 412, not 304
        "another ETag in If-Match, the ETag in If-None-Match": ({"If-Match": '"other"', "If-None-Match": etag}, 412),
        "an earlier If-Unmodified-Since, the ETag in If-None-Match": (
            {"If-Unmodified-Since": "Thu, 01 Jan 2015 00:00:00 GMT", "If-None-Match": etag}, 412),
        "an earlier If-Unmodified-Since": ({"If-Unmodified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}, 412),
        # and where they hold, the answer is the app's (nginx had tested If-Match again against an ETag of its own,
        # which the export turns off, and answered its own 412; RFC 9110 §13.1.1)
        "the ETag in If-Match": ({"If-Match": etag}, 200),
        "a list with the ETag in If-Match": ({"If-Match": f'"other", {etag}'}, 200),
        "any ETag in If-Match": ({"If-Match": "*"}, 200),
        "the ETag in If-Match and in If-None-Match": ({"If-Match": etag, "If-None-Match": etag}, 304),
        "the date in If-Unmodified-Since": ({"If-Unmodified-Since": modified}, 200),
        "a later If-Unmodified-Since": ({"If-Unmodified-Since": "Fri, 01 Jan 2100 00:00:00 GMT"}, 200),
    }
    for what, (condition, status) in cases.items():
        asked = {**headers, **condition}
        for method in ("GET", "HEAD"):
            app, static = fetch(server.url, path, asked, method), fetch(nginx.base, path, asked, method)
            assert static.status == status, (what, method)
            if status == 412 and path.startswith(("/dumps/", "/static/")):  # nginx's own 412 page (docs/server.md)
                assert app.status == 412, (what, method)
                continue
            same_answer(app, static, f"{method} {path}, {what}")
            if status == 304:
                assert static.headers["etag"] == etag and "content-type" not in static.headers


@pytest.mark.parametrize("accept", ACCEPTS, ids=repr)
def test_nginx_negotiates_as_byregion_conneg(nginx: Process, accept: str | None) -> None:
    expected = conneg.negotiate(accept, SERVED_TYPES)  # the region has an outline: GeoJSON too
    answer = fetch(nginx.base, REGION, {} if accept is None else {"Accept": accept})
    if expected is None:
        assert answer.status == 406
    else:
        assert answer.status == 200 and answer.headers["content-type"].split(";")[0] == expected.name
        assert answer.headers["content-location"] == f"{REGION}.{expected.extension}"


#: A browser's Accept (Firefox's): it names HTML, and takes anything else at a lower q.
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


@pytest.mark.parametrize("path", ["/catalog", "/dataset"])
@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/turtle"), ("*/*", "text/turtle"), (BROWSER, "text/html"),
    ("application/rdf+xml", "application/rdf+xml")], ids=repr)
def test_the_catalogue_goes_to_a_harvester_that_names_no_type_as_turtle_from_both(
        server: Server, nginx: Process, path: str, accept: str | None, expected: str) -> None:
    """ckanext-dcat's harvester sends ``*/*`` and parses the answer by its type: the HTML page it got stopped the
    harvest ("No plugin registered for text/html"); a browser names text/html and still gets the page."""
    headers = {} if accept is None else {"Accept": accept}
    app, static = fetch(server.url, path, headers), fetch(nginx.base, path, headers)
    assert app.status == 200 and app.headers["content-type"].split(";")[0] == expected
    same_answer(app, static, f"{path} to {accept!r}")


@pytest.mark.parametrize("path", ["/catalog?lang=en", "/catalog?lang=nb", "/dataset?lang=en", "/dataset?lang=nb"])
@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/html"), ("*/*", "text/html"), ("text/*", "text/html"), (BROWSER, "text/html"),
    ("text/turtle", "text/turtle")], ids=repr)
def test_a_request_that_names_the_pages_language_gets_the_page_from_both(
        server: Server, nginx: Process, path: str, accept: str | None, expected: str) -> None:
    """The sitemap's and ``hreflang``'s URLs of the catalogue's pages name their language: a crawler or a link preview
    that fetches one with ``*/*`` or no Accept asks for the page and gets it (it had got Turtle), while a client naming
    a type gets that type, and the bare URL keeps Turtle for harvesters (above)."""
    headers = {} if accept is None else {"Accept": accept}
    app, static = fetch(server.url, path, headers), fetch(nginx.base, path, headers)
    assert app.status == 200 and app.headers["content-type"].split(";")[0] == expected
    assert expected != "text/html" or f'<html lang="{path[-2:]}">' in app.body.decode("utf-8")
    same_answer(app, static, f"{path} to {accept!r}")


@pytest.mark.parametrize(("path", "accept", "expected"), [
    ("/sparql?lang=en", "*/*", "text/html"), ("/sparql?lang=nb", None, "text/html"),
    ("/sparql?lang=en", "text/*", "text/html"), ("/sparql?lang=en", "text/turtle", "text/turtle"),
    ("/sparql", "*/*", "text/turtle"), ("/sparql", None, "text/turtle")], ids=repr)
def test_the_sparql_page_in_a_language_is_the_page_and_the_bare_endpoint_its_service_description(
        server: Server, nginx_with_app: Process, path: str, accept: str | None, expected: str) -> None:
    """``/sparql?lang=en`` (the sitemap's, the menu's) is the query page whatever the client takes; ``/sparql`` bare
    keeps the service description for a client that names no type (SPARQL 1.1 Service Description §2)."""
    headers = {} if accept is None else {"Accept": accept}
    for base in (server.url, nginx_with_app.base):
        answer = fetch(base, path, headers)
        assert answer.status == 200 and answer.headers["content-type"].split(";")[0] == expected, base


@pytest.mark.parametrize("accept_language", LANGUAGES, ids=repr)
@pytest.mark.parametrize("cookie", [None, "lang=en", "lang=nb", "lang=xx", 'lang="en"', "a=1 ; lang=en ;b",
                                    "lang=english"])
def test_nginx_chooses_the_language_as_byregion_i18n(nginx: Process, accept_language: str | None,
                                                     cookie: str | None) -> None:
    headers = {k: v for k, v in (("Accept-Language", accept_language), ("Cookie", cookie)) if v is not None}
    expected = i18n.choose(None, i18n.cookie_language(cookie), accept_language)
    assert f'<html lang="{expected}">'.encode() in fetch(nginx.base, REGION, headers).body


def _nginx_cpu(nginx: Process, path: str, headers: dict[str, str], times: int) -> tuple[float, set[bytes]]:
    """The CPU seconds nginx's processes spend answering ``path`` ``times`` times, and the bodies it sent."""
    before = sum(cpu_seconds(pid) for pid in process_tree(nginx.process.pid))
    bodies = {fetch(nginx.base, path, headers).body for _ in range(times)}
    return sum(cpu_seconds(pid) for pid in process_tree(nginx.process.pid)) - before, bodies


#: The CPU time two requests with 30,000 parameters in Accept-Language may cost nginx: read once and as far as each
#: ';' only, they took 0.15 s here; copied at each ';' and read again at each question, 1.13 s.
MANY_PARAMETERS_CPU = 0.5


def test_a_header_of_many_parameters_is_read_once_and_in_one_pass(server: Server, nginx: Process) -> None:
    """byregion.js read an entry's parameters by copying the rest of the header at each ';', and the language from
    the headers again at each question a request asked: a request with ``Accept-Language: nb;;;…`` (30,000 of
    them) held an nginx worker for up to a second and a half, and six at once kept a plain Turtle request waiting 8
    s (a hostile client's review). It is answered as the app answers it, at a cost that grows with the header's
    length, not with its square (CPU time, not the clock: :data:`MANY_PARAMETERS_CPU`)."""
    many_parameters = {"Accept-Language": "nb" + ";" * 30_000}
    spent, bodies = _nginx_cpu(nginx, REGION, many_parameters, 2)
    assert bodies == {fetch(server.url, REGION, many_parameters).body}
    assert spent < MANY_PARAMETERS_CPU, f"{spent:.2f} s of nginx CPU for two requests"


@pytest.mark.parametrize("path", ["/id/kommunenummer/0807?date=2020-01-01", "/id/kommunenummer/807",
                                  "/id/kommunenummer/0000", "/id/orgnr/123", "/id/kommunenummer/0807?d%61te=2020-01-01",
                                  "/id/kommunenummer/0807?lang=en&date=2020-01-01", "/id/kommunenummer/0807?date",
                                  "/id/wikidata/q2326", "/id/wikidata/q2326?lang=en", "/id/orgnr/NO938583986",
                                  "/id/kommunenummer/0000?_mediatype=ttl", "/id/kommunenummer/0807?year=2024"])
def test_a_look_up_the_export_cannot_answer_is_501_saying_what_can(server: Server, nginx: Process,
                                                                   path: str) -> None:
    """Without --app, an export answers look-ups without a date of codes one unit held, written as the code is
    (above); any other (a date, another notation of a code, which the app redirects to the code) is a 501 that
    says so, never the 303 to a /doc/ document that does not exist."""
    static = fetch(nginx.base, path)
    assert static.status == 501 and static.headers["content-type"] == "text/plain; charset=utf-8"
    assert b"need `byregion serve`" in static.body
    assert static.headers["x-content-type-options"] == "nosniff"
    assert static.headers["access-control-allow-origin"] == "*"
    assert fetch(server.url, path).status in (301, 303, 400, 404)


@pytest.mark.parametrize(("path", "headers"), [
    *((f"/id/{scheme}{slash}", {"Accept-Language": lang}) for scheme in SCHEMES
      for slash, lang in (("", "nb"), ("/", "en"))),
    ("/id/kommunenummer", {"Accept": "text/html", "Accept-Language": "en"}),
    ("/id/wikidata?lang=en", {}),
    ("/id/kommunenummer/0807?date=2019-12-31", {}), ("/id/wikidata/Q26525", {"Accept": "text/turtle"})])
def test_with_the_app_every_look_up_url_is_the_apps_answer(server: Server, nginx_with_app: Process, path: str,
                                                          headers: dict[str, str]) -> None:
    """An export made with --app passes the look-ups to the app, a scheme's URL without its slash
    (``/id/kommunenummer``) too: that had been nginx's own HTML 301 to ``/id/kommunenummer/`` (a ``^~`` prefix
    location that passes to a proxy redirects its path without the slash), where the app answers its 404 saying
    what a look-up URL looks like."""
    same_answer(fetch(server.url, path, headers), fetch(nginx_with_app.base, path, headers), path)


def test_every_file_of_the_export_is_reachable_only_through_its_document(nginx: Process) -> None:
    """The export's own file names are not documents: the 404 bodies and the HTML per language."""
    for path in ("/_errors/404.ttl", f"{REGION}.nb.html", "/index.en.html", f"{REGION}.var"):
        assert fetch(nginx.base, path).status == 404, path


def test_dumps_and_static_files_are_served(site_build: PublishedBuild, nginx: Process, server: Server) -> None:
    """Each dump byte for byte with the app's headers: its SHA-256 as ETag (not nginx's own, its time and size), so
    that a copy a cache got from either server is revalidated by the other, and its Digest."""
    for entry in [*site_build.manifest["dumps"], *site_build.manifest["graph_dumps"]]:  # each named graph's too
        path = "/" + entry["file"]
        for method in ("GET", "HEAD"):
            app, static = fetch(server.url, path, method=method), fetch(nginx.base, path, method=method)
            same_answer(app, static, f"{method} {path}")
        assert static.status == 200 and fetch(nginx.base, path).body == site_build.file(entry["file"]).read_bytes()
        assert static.headers["etag"] == rules.file_etag(site_build.manifest["files"][entry["file"]]["sha256"])
        assert static.headers["content-type"].count("charset") <= 1
        for etag in (static.headers["etag"], app.headers["etag"]):
            assert fetch(nginx.base, path, {"If-None-Match": etag}).status == 304
    for path in ("/static/style.css", "/static/favicon.svg"):
        assert fetch(nginx.base, path).body == fetch(server.url, path).body
    missing = fetch(nginx.base, "/static/nothing.css", {"Accept": "text/turtle"})
    assert missing.status == 404 and missing.headers["content-type"].startswith("text/turtle")


def test_a_dumps_range_and_preconditions_read_its_etag_and_date(site_build: PublishedBuild, nginx: Process) -> None:
    """nginx's own tests of a dump's preconditions, now that its ETag is the app's (written into the configuration,
    nginx's ``etag off``): ``If-Range`` with that ETag or the date resumes a download (206), with another ETag sends
    the whole file; ``If-Unmodified-Since`` before the build's date and ``If-Match`` naming another ETag are 412, as
    nginx answered them before; ``If-Match`` naming the ETag is the file (nginx had compared it with its own ETag
    only, which it no longer has, and answered 412)."""
    path = "/" + site_build.manifest["dumps"][0]["file"]
    first = fetch(nginx.base, path)
    etag, modified, size = first.headers["etag"], first.headers["last-modified"], len(first.body)
    for validator in (etag, modified):
        resumed = fetch(nginx.base, path, {"Range": "bytes=0-9", "If-Range": validator})
        assert resumed.status == 206 and resumed.body == first.body[:10], validator
        assert resumed.headers["content-range"] == f"bytes 0-9/{size}" and resumed.headers["etag"] == etag
    assert fetch(nginx.base, path, {"Range": "bytes=0-9", "If-Range": '"other"'}).body == first.body
    for condition, status in (({"If-Unmodified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}, 412),
                              ({"If-Unmodified-Since": modified}, 200), ({"If-Match": '"other"'}, 412),
                              ({"If-Match": "*"}, 200), ({"If-Match": etag}, 200),
                              ({"If-Match": etag, "Range": "bytes=0-9"}, 206)):
        assert fetch(nginx.base, path, condition).status == status, condition


def test_a_files_name_in_another_letter_case_is_no_file(site_build: PublishedBuild, nginx: Process,
                                                         server: Server) -> None:
    """nginx's string maps ignore case, so ``/dumps/BYREGION.TTL`` once found the dump's ETag and answered a
    precondition (304, 412) for a file that is not there; the app and the file system say 404."""
    path = "/" + site_build.manifest["dumps"][0]["file"]
    for wrong in (path.upper(), "/static/Style.css"):
        for condition in ({"If-None-Match": "*"}, {"If-Match": '"other"'}, {}):
            assert fetch(nginx.base, wrong, condition).status == fetch(server.url, wrong, condition).status == 404


def test_the_etag_names_the_body_when_accept_encoding_comes_in_two_lines(nginx: Process) -> None:
    """gzip_static reads the first Accept-Encoding line only; byregion.js must read it so too, or the ETag of the
    gzip body would go with the plain one (one strong validator naming two bodies)."""
    for lines in (("identity", "gzip"), ("gzip", "identity")):
        parts = urlsplit(nginx.base)
        conn = http.client.HTTPConnection(parts.hostname or "127.0.0.1", parts.port, timeout=10)
        try:
            conn.putrequest("GET", REGION + ".ttl", skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", HOST)
            for line in lines:
                conn.putheader("Accept-Encoding", line)
            conn.endheaders()
            response = conn.getresponse()
            packed, etag, body = response.getheader("Content-Encoding") == "gzip", response.getheader("ETag"), \
                response.read()
        finally:
            conn.close()
        assert packed is (lines[0] == "gzip") and etag.endswith('-gzip"') is packed, lines
        assert (body[:2] == b"\x1f\x8b") is packed, lines


def test_the_304_location_is_not_a_path_of_the_site(nginx: Process) -> None:
    """The location where byregion.js's 304s are sent from answers no request for its own path."""
    answer = fetch(nginx.base, NOT_MODIFIED, {"Accept": "text/turtle", "If-None-Match": "*"})
    assert answer.status == 404 and answer.headers["content-type"].startswith("text/turtle")


def test_export_writes_every_representation_with_gzip_beside_it(nginx: Process, site_build: PublishedBuild,
                                                                 export: Path) -> None:
    site = export / SITE
    store = DocumentStore(site_build.path / FILE)
    try:
        for path in store.paths():
            if path in (SITEMAP, ROBOTS):  # made again without /sparql (no --app): test_the_sitemap_and_robots_…
                continue
            for rep in store.all(path):
                file = site / file_of(path, rep.variant).lstrip("/")
                if path.startswith(APP_DOCUMENTS):  # a 300 of the look-ups, the SPARQL service description
                    assert not file.exists(), file
                    continue
                assert file.read_bytes() == rep.body, file
                packed = file.parent / (file.name + ".gz")
                if rep.gzip is not None and path not in ERROR_STEMS and not rep.host:
                    assert gz_file(path, rep) == packed.read_bytes() == rep.gzip
                else:  # an error's body (404, 410), or one that names the host: nginx compresses what byregion.js made
                    assert gz_file(path, rep) is None and not packed.exists(), packed
    finally:
        store.close()


def test_the_command_explains_itself_and_refuses_a_folder_that_is_not_an_export(
        site_build: PublishedBuild, site_settings: Settings, tmp_path: Path) -> None:
    helped = subprocess.run([*BYREGION, "export-static", "--help"], capture_output=True, text=True, timeout=60)
    assert "nginx -p DIR -c nginx.conf" in helped.stdout and "--port" in helped.stdout
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused = subprocess.run([*BYREGION, "export-static", str(tmp_path)], env=settings_env(site_settings),
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "not empty and holds no earlier export" in refused.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "nginx.conf").write_text("events {}\n# my own server\n", encoding="utf-8")  # not one we wrote
    refused = subprocess.run([*BYREGION, "export-static", str(tmp_path)], env=settings_env(site_settings),
                             cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert refused.returncode == 1 and "not empty and holds no earlier export" in refused.stderr
    assert (tmp_path / "nginx.conf").read_text(encoding="utf-8") == "events {}\n# my own server\n"
    a_file = subprocess.run([*BYREGION, "export-static", str(tmp_path / "notes.txt")], env=settings_env(site_settings),
                            cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert a_file.returncode == 1 and "is a file, not a folder" in a_file.stderr and "Traceback" not in a_file.stderr


def test_the_lines_that_serve_an_export_paste_into_a_shell_and_name_an_ipv6_address_in_brackets(
        site_build: PublishedBuild, site_settings: Settings, tmp_path: Path) -> None:
    """A folder with a space and Norwegian letters is quoted in the nginx command the export prints and in the apache
    command atop apache.conf (unquoted, each pasted as three words), and an IPv6 address is bracketed in the URL it
    prints and in nginx's and Apache's listen directives (``http://::1:8080/`` opens nothing)."""
    folder = tmp_path / "with space" / "eksport æøå"
    port = free_port()
    done = subprocess.run([*BYREGION, "export-static", str(folder), "--host", "::1", "--port", str(port)],
                          env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    quoted = "'" + str(folder) + "'"
    assert f"serve it with: nginx -p {quoted} -c nginx.conf   (http://[::1]:{port}/)" in done.stdout
    assert f"#   apache2 -f '{folder}/apache.conf' -DFOREGROUND\n" in (folder / "apache.conf").read_text("utf-8")
    assert f"\nListen [::1]:{port}\n" in (folder / "apache.conf").read_text("utf-8")
    assert f"listen [::1]:{port};" in (folder / "nginx.conf").read_text("utf-8")


@pytest.mark.usefixtures("site_build")  # the build it would export: run alone, it had found none
def test_an_export_a_server_is_serving_is_not_replaced_under_it(site_settings: Settings, tmp_path: Path) -> None:
    """Replacing the files of a served export would serve half of each; the command says what to do instead, and
    refuses a --host that would break out of nginx.conf's listen directive with no traceback."""
    conf = f"{GENERATED_HEADER}\n# an earlier export\n"
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    server = subprocess.Popen(["sleep", "60"])  # a live process in the pid file, as nginx's own would be
    try:
        (tmp_path / "nginx.pid").write_text(f"{server.pid}\n", encoding="ascii")
        refused = subprocess.run([*BYREGION, "export-static", str(tmp_path)], env=settings_env(site_settings),
                                 cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    finally:
        server.kill()
        server.wait()
    assert refused.returncode == 1 and f"nginx (process {server.pid}) serves the export" in refused.stderr
    assert "Export into a new folder" in refused.stderr and sorted(p.name for p in tmp_path.iterdir()) == [
        "nginx.conf", "nginx.pid"]
    hostile = subprocess.run([*BYREGION, "export-static", str(tmp_path / "new"), "--host", "0.0.0.0:80; user root"],
                             env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert hostile.returncode == 1 and "--host" in hostile.stderr and "Traceback" not in hostile.stderr
    assert not (tmp_path / "new").exists()


# ------------------------------------------------------------------------------------------- the fast path

def answered_by(export: Path, nginx: Process, method: str, path: str, headers: dict[str, str]) -> str:
    """Send one request to nginx and tell which path answered it: "fast" (nginx's tables alone) or "-"
    (byregion.js), from the last field of its line in the access log (found by a User-Agent of its own).
    SIGUSR1 makes nginx write its log buffer."""
    agent = f"byregion-test-{uuid.uuid4()}"
    fetch(nginx.base, path, {**headers, "User-Agent": agent}, method)
    log = export / "logs" / "access.log"
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        nginx.process.send_signal(signal.SIGUSR1)
        time.sleep(0.05)
        lines = [line for line in log.read_text().splitlines() if f'"{agent}"' in line]
        if lines:
            return lines[-1].rsplit(" ", 1)[1]
    raise AssertionError(f"{method} {path} is not in {log}")


#: Plain requests, one per row of the fast path's tables: every Accept with and without gzip, every
#: Accept-Language for the HTML pages, every Accept-Encoding, HEAD, a thing's IRI and the ontology.
FAST = [
    *((f"Accept {accept!r}{', gzip' if gzip else ''}", "GET", REGION,
       {"Accept": accept, **({"Accept-Encoding": "gzip"} if gzip else {})})
      for accept in fastpath.accept_table() if accept for gzip in (False, True)),
    ("no Accept", "GET", "/doc/municipality/sauherad", {"Accept-Encoding": "gzip"}),
    ("a document without GeoJSON", "GET", "/doc/theme/delingskultur", {"Accept": "text/turtle"}),
    *((f"Accept-Language {lang!r}", "GET", "/doc/theme/delingskultur", {"Accept": "text/html", "Accept-Language": lang})
      for lang in fastpath.ACCEPT_LANGUAGES if lang),
    *((f"Accept-Encoding {enc!r}", "GET", "/doc/municipality/notodden",
       {"Accept": "application/n-triples", "Accept-Encoding": enc}) for enc in fastpath.GZIP_ENCODINGS if enc),
    ("HEAD", "HEAD", REGION, {"Accept": "application/rdf+xml", "Accept-Encoding": "gzip"}),
    ("the ontology", "GET", "/def/byregion", {"Accept": "text/turtle", "Accept-Encoding": "gzip"}),
    ("a thing", "GET", "/id/region/notodden", {"Accept": "text/turtle"}),
    ("a thing with an extension", "GET", "/id/region/notodden.ttl", {}),
    ("a thing, HEAD", "HEAD", "/id/region/notodden", {"Accept": "text/turtle"}),  # an unknown one: byregion.js's 404
]


@pytest.mark.parametrize(("method", "path", "headers"), [row[1:] for row in FAST], ids=[row[0] for row in FAST])
def test_plain_requests_are_answered_by_nginx_alone_as_the_app_answers(
        server: Server, nginx: Process, export: Path, method: str, path: str, headers: dict[str, str]) -> None:
    same_answer(fetch(server.url, path, headers, method), fetch(nginx.base, path, headers, method), path)
    assert answered_by(export, nginx, method, path, headers) == "fast"


#: Requests the tables do not settle, which byregion.js answers (and must answer as the app does).
NOT_FAST = [
    ("a query string", "/doc/region/notodden?_mediatype=text/turtle", {"Accept": "text/html"}),
    ("a cookie", REGION, {"Accept": "text/html", "Cookie": "lang=en"}),
    ("If-None-Match", REGION, {"Accept": "text/turtle", "If-None-Match": '"other"'}),
    ("an Accept the tables do not know", REGION, {"Accept": "text/turtle;q=0.4, application/ld+json;q=0.9"}),
    ("an Accept-Language the tables do not know", REGION, {"Accept": "text/html", "Accept-Language": "sv, en;q=0.5"}),
    ("an extension", f"{REGION}.ttl", {"Accept": "text/turtle"}),
    ("the home page", "/", {"Accept": "text/turtle"}),
    ("a document that names the host", "/catalog", {"Accept": "text/turtle"}),
    ("a thing with a query string", "/id/region/notodden?x=1", {}),
    ("Accept-Profile", REGION, {"Accept": "text/turtle", "Accept-Profile": "<https://data.byregion.no/id/profile/full>"}),
    ("a profile in the query string", f"{REGION}?_profile=ids", {"Accept": "text/turtle"}),
    ("the catalogue for DCAT-AP-NO", "/catalog?_profile=dcat-ap-no", {"Accept": "application/rdf+xml"}),
    ("DCAT-AP-NO by Accept-Profile", "/catalog", {
        "Accept": "text/turtle", "Accept-Profile": "<https://data.norge.no/specification/dcat-ap-no>"}),
    ("the catalogue for DCAT-AP", "/dataset?_profile=dcat-ap", {"Accept": "application/n-triples"}),
    ("DCAT-AP by Accept-Profile", "/catalog", {"Accept": "text/turtle", "Accept-Profile": "<http://data.europa.eu/r5r/>"}),
    ("a scheme's prefix alone", "/id/kommunenummer", {}),
    ("a look-up with what it passes on", "/id/kommunenummer/0807?_mediatype=ttl", {}),
]


@pytest.mark.parametrize(("path", "headers"), [row[1:] for row in NOT_FAST], ids=[row[0] for row in NOT_FAST])
def test_other_requests_go_to_byregion_js(server: Server, nginx: Process, export: Path, path: str,
                                          headers: dict[str, str]) -> None:
    same_answer(fetch(server.url, path, headers), fetch(nginx.base, path, headers), path)
    assert answered_by(export, nginx, "GET", path, headers) == "-"


def test_the_fast_path_tables_follow_the_python_server() -> None:
    """What each table row says is what byregion.conneg, byregion.i18n and the gzip rule decide."""
    for accept, extension in fastpath.accept_table().items():
        chosen = conneg.negotiate(accept or None, DOCUMENT_TYPES)
        assert chosen is not None and chosen.extension == extension, accept
        assert conneg.negotiate(accept or None, SERVED_TYPES) is chosen, accept  # a map layer negotiates alike
    for value, lang in fastpath.language_table().items():
        assert lang == i18n.choose(None, None, value or None), value
    for value, takes in fastpath.GZIP_ENCODINGS.items():
        assert rules.accepts_gzip(value or None) is takes, value
    assert set(fastpath.accept_table().values()) == set(fastpath.FORMATS)  # every format is reachable


@pytest.mark.parametrize("flags", ["00", "10"], ids=["plain", "offers GeoJSON"])
def test_each_kind_of_fast_map_entry_is_answered_as_the_app_answers(server: Server, nginx: Process, export: Path,
                                                                   flags: str) -> None:
    """fast.map's flags (fastpath.fast_value) change the answer: a representation with no .gz has no
    Accept-Encoding in Vary and no -gzip ETag; one whose document offers GeoJSON names it in Link. One
    representation of each kind, asked for with gzip, gets the app's answer from nginx's tables alone."""
    entries = [line.rstrip(";").split(" ", 1) for line in (export / "fast.map").read_text().splitlines()]
    negotiable = tuple(f".{extension}" for extension in set(fastpath.accept_table().values()))  # not .geojson
    file = next(key.strip('"') for key, value in entries
                if value.strip('"').endswith(":" + flags) and key.strip('"').endswith(negotiable))
    stem, extension = file.rsplit(".", 1)
    if extension == "html":
        stem, extension = stem.rsplit(".", 1)[0], "html"
    media_type = next(m.name for m in SERVED_TYPES if m.extension == extension)
    headers = {"Accept": media_type, "Accept-Encoding": "gzip"}
    same_answer(fetch(server.url, stem, headers), fetch(nginx.base, stem, headers), file)
    assert answered_by(export, nginx, "GET", stem, headers) == "fast"


def test_a_representation_kept_without_gz_is_answered_as_the_app_answers(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """fast.map's other flag: a body too small for gzip to pay is kept as it is (docstore.compressed), and nginx's
    fast path answers it as the app does, with no Accept-Encoding in Vary and no -gzip ETag. No document of the test
    build is that small (each names its topic, its dataset and its licence), so a copy of the build keeps one
    goal's Turtle uncompressed, as the build keeps any small body."""
    build_dir = tmp_path / "build"
    shutil.copytree(site_settings.build_dir, build_dir, symlinks=True)
    path, stem = "/doc/region/notodden/goal/1", "ttl"
    copy = open_current(build_dir).path
    connection = sqlite3.connect(copy / FILE)
    try:
        with connection:
            (packed,) = connection.execute("SELECT gzip FROM representations WHERE path = ? AND variant = ?",
                                           (path, stem)).fetchone()
            connection.execute("UPDATE representations SET body = ?, gzip = NULL WHERE path = ? AND variant = ?",
                               (unpacked(packed), path, stem))
    finally:
        connection.close()
    manifest = json.loads((copy / "manifest.json").read_text())  # the copy's manifest records the file as it is now
    manifest["files"][FILE] = {"bytes": (copy / FILE).stat().st_size,
                               "sha256": hashlib.sha256((copy / FILE).read_bytes()).hexdigest()}
    (copy / "manifest.json").write_text(json.dumps(manifest))
    settings = replace(site_settings, build_dir=build_dir)
    folder, port = export_folder(), free_port()
    try:
        done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port)],
                              env=settings_env(settings), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        listed = dict(line.rstrip(";").split(" ", 1) for line in (folder / "fast.map").read_text().splitlines())
        assert listed[f'"{path}.{stem}"'].endswith(':01"')  # in the fast path, flagged as having no .gz
        static = start_nginx(folder, port)
        try:
            with serving(settings) as app:
                headers = {"Accept": "text/turtle", "Accept-Encoding": "gzip"}
                answer = fetch(app.url, path, headers)
                assert "content-encoding" not in answer.headers and "-gzip" not in answer.headers["etag"]
                assert "accept-encoding" not in answer.headers["vary"].lower()
                same_answer(answer, fetch(static.base, path, headers), path)
                assert answered_by(folder, static, "GET", path, headers) == "fast"
        finally:
            stop_web_server(static, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_the_fast_path_covers_every_document_of_the_usual_formats(site_build: PublishedBuild, nginx: Process,
                                                                  export: Path) -> None:
    """fast.map lists every representation in the default profile of every /doc/ and /def/ document with the
    five formats, with its hash and whether its document offers GeoJSON and it has no .gz."""
    listed = dict(line.rstrip(";").split(" ", 1) for line in (export / "fast.map").read_text().splitlines())
    store = DocumentStore(site_build.path / FILE)
    try:
        expected = {}
        for path in store.paths():
            reps = store.all(path)
            formats, others = store.document(path) or (("",), "")
            if fastpath.eligible(path, formats, any(r.host for r in reps), others):
                geojson = fastpath.offers_geojson(formats)
                expected.update({  # the default profile's: the fast path sends no other
                    f'"{file_of(path, r.variant)}"':
                        f'"{fastpath.fast_value(r.etag.strip(chr(34)), geojson, r.gzip is None)}"'
                    for r in reps if "/" not in r.variant})
    finally:
        store.close()
    assert listed == expected
    assert len(expected) > 6 * 50


def test_the_fast_path_sends_its_headers_with_the_file_and_tries_no_regex_location(
        site_build: PublishedBuild, nginx: Process, export: Path) -> None:
    """What keeps plain requests cheap in nginx (docs/server.md, "Speed"): no location is a regular expression
    (nginx would try each on every document request), the request's headers are looked up together, in one map,
    the maps' regular expressions are compiled (``pcre_jit``), and the headers of the fast path's longest answer
    stay under ``postpone_output``, so that they leave with the file instead of in packets of their own."""
    conf = (export / "nginx.conf").read_text()
    assert "location ~" not in conf
    assert "\npcre_jit on;" in conf
    keys = [line.split('"')[1] if '"' in line else line.split()[1]
            for line in conf.splitlines() if line.lstrip().startswith("map ")]
    for variable in ("$http_accept", "$http_cookie", "$http_if_none_match", "$http_accept_profile"):
        reading = [key for key in keys if re.search(re.escape(variable) + r"(?![a-z_])", key)]
        assert reading == [FAST_REQUEST_KEY], (variable, reading)
    assert f"postpone_output {POSTPONE_OUTPUT};" in conf
    store = DocumentStore(site_build.path / FILE)
    try:
        longest = max((path for path in store.paths() if path.startswith("/doc/")), key=len)
    finally:
        store.close()
    for accept in ("text/html", "text/turtle"):
        headers = {"Accept": accept, "Accept-Encoding": "gzip"}
        answer = fetch(nginx.base, longest, headers)
        assert answer.status == 200 and answered_by(export, nginx, "GET", longest, headers) == "fast"
        header_bytes = sum(len(name) + len(value) + 4 for name, value in answer.headers.items())
        assert 1_460 < header_bytes < POSTPONE_OUTPUT, (longest, accept, header_bytes)


def test_a_header_holding_the_fast_paths_separator_cannot_make_one_of_its_keys() -> None:
    """Every key of the fast path's request table has exactly the separators of FAST_REQUEST_KEY: a request whose
    header holds a ``|`` makes a key with more, which the table cannot hold, and goes to byregion.js."""
    separators = FAST_REQUEST_KEY.count("|")
    table = fast_request_table()
    assert table and all(key.count("|") == separators for key in table)
    assert {key.split("|", 1)[0] for key in table} == {"GET", "HEAD"}


# ------------------------------------------------------------------ clients nobody listed: generated headers

#: Pieces of the negotiation headers, as clients write them (RFC 9110 §12.5): the served types and their
#: neighbours, wildcards, odd case, q-values in and out of the grammar, other parameters, and stray spaces.
MEDIA_RANGES = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html",
                "application/xhtml+xml", "application/geo+json", "application/json", "application/xml", "text/plain",
                "application/x-turtle", "text/n3", "application/trig", "application/n-quads", "image/png", "text/*",
                "application/*", "image/*", "*/*", "*", "")
Q_VALUES = ("0", "0.0", "0.000", "0.001", "0.1", "0.5", "0.80", "1", "1.0", "1.000", "1.5", "0.1234", "-1", "abc", "",
            ".5", "1e0", " 0.3", "0.3 ")
PARAMETERS = ("charset=utf-8", 'profile="https://schema.org/"', "level=1", "q", "Q=0.2", "version=1.0")
LANGUAGE_TAGS = ("nb", "nn", "no", "en", "en-GB", "en-us", "nb-NO", "NB", "EN", "de", "sv", "*", "x-klingon", "")
CODINGS = ("gzip", "GZIP", "x-gzip", "deflate", "br", "identity", "*", "zstd", "")
COOKIES = ("lang=en", "lang=nb", "lang=xx", "lang=en; lang=nb", "theme=dark", "lang=", "LANG=en", 'lang="en"',
           'lang="en', "lang=en ; x=1", "lang=english", "xlang=en", "lang=xx; lang=en")
PROFILES = ("ids", "schema", "alt", "full", "<https://data.byregion.no/id/profile/ids>", "<https://schema.org/>", "x")
QUERIES = ("", "?lang=en", "?lang=nb", "?lang=xx", "?_mediatype=ttl", "?_mediatype=text/html", "?_mediatype=bogus",
           "?_profile=ids", "?_profile=alt", "?_profile=schema&_mediatype=application/ld%2Bjson", "?x=1",
           "?lang=en&lang=nb")
#: Documents of every kind: a thing's document, one with GeoJSON, a host document, an RDF-only one, a
#: thing's IRI (the 303), one that does not exist, one with an extension, a file of the site, a look-up.
GENERATED_PATHS = (REGION, "/doc/municipality/notodden", "/catalog", "/", "/.well-known/void", "/def/byregion",
                   "/doc/theme/delingskultur", "/id/region/notodden", "/doc/region/atlantis", f"{REGION}.ttl",
                   "/id/kommunenummer/0807", "/doc/county/telemark.geojson")


def _element(values: tuple[str, ...]) -> st.SearchStrategy[str]:
    """One element of a comma list: a value in random case, perhaps with parameters and a q-value."""
    spaces = st.sampled_from(("", " ", "  ", "\t"))
    value = st.sampled_from(values).flatmap(lambda v: st.sampled_from((v, v.upper(), v.title())))
    parameter = st.one_of(st.sampled_from(PARAMETERS), st.sampled_from(Q_VALUES).map(lambda q: "q=" + q))
    return st.tuples(value, st.lists(st.tuples(spaces, parameter, spaces), max_size=2)).map(
        lambda parts: parts[0] + "".join(f"{a};{b}{p}" for a, p, b in parts[1]))


#: Any text a header can carry: visible ASCII, and the bytes above it (RFC 9110's obsolete ``obs-text``), which
#: both servers read as an empty header (``rules.Request.header``).
ANY_TEXT = st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f")
#: Accept-Encoding is read as it came, in bytes, by nginx's gzip_static; granian hands the app an empty value
#: for one with a byte above ASCII, so there the two can differ (docs/server.md, "The static export").
ASCII_TEXT = st.characters(min_codepoint=0x20, max_codepoint=0x7E)


def _header(values: tuple[str, ...], alphabet: st.SearchStrategy[str] = ANY_TEXT) -> st.SearchStrategy[str | None]:
    """No header, a list of the grammar's pieces, or any text."""
    separator = st.sampled_from((",", ", ", " ,", ",,", " , "))
    listed = st.lists(st.tuples(_element(values), separator), min_size=1, max_size=4).map(
        lambda parts: "".join(e + s for e, s in parts)[: -len(parts[-1][1])])
    return st.one_of(st.none(), listed, st.text(alphabet=alphabet, max_size=30))


#: Validators as clients send them back: "{etag}" and "{modified}" stand for the answer's own ETag and
#: Last-Modified (taken from a first request without them), beside others, lists, weak tags and other date forms.
ENTITY_TAGS = ("{etag}", "W/{etag}", "*", '"other"', 'W/"other"', '"other", {etag}', "{etag}, *", '""', "garbage",
               ",", "{etag};q=1", " {etag} ")
DATES = ("{modified}", "{modified}; length=10", "{modified}x", " {modified}", "{lower-case modified}",
         "Thu, 01 Jan 2015 00:00:00 GMT", "Fri, 01 Jan 2100 00:00:00 GMT", "Friday, 01-Jan-60 00:00:00 GMT",
         "Thursday, 01-Jan-15 00:00:00 GMT",
         "Fri Jan  1 00:00:00 2100", "Thu Jan 11 00:00:00 2015", "Fri, 01 Jan 2100 00:00:00 +0100",
         "Fri, 31 Feb 2100 00:00:00 GMT", "01 Jan 2100 00:00:00 GMT", "2100-01-01T00:00:00Z", "yesterday", "")
validators = st.fixed_dictionaries({
    "If-None-Match": st.one_of(st.none(), st.none(), st.sampled_from(ENTITY_TAGS)),
    "If-Modified-Since": st.one_of(st.none(), st.none(), st.sampled_from(DATES)),
}).map(lambda headers: {name: value for name, value in headers.items() if value is not None})

generated_requests = st.fixed_dictionaries({
    "Accept": _header(MEDIA_RANGES), "Accept-Language": _header(LANGUAGE_TAGS),
    "Accept-Encoding": _header(CODINGS, ASCII_TEXT),
    "Cookie": st.one_of(st.none(), st.sampled_from(COOKIES), st.text(alphabet=ANY_TEXT, max_size=20)),
    "Accept-Profile": st.one_of(st.none(), st.none(), _header(PROFILES)),
}).map(lambda headers: {name: value for name, value in headers.items() if value is not None})


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(GENERATED_PATHS), query=st.sampled_from(QUERIES),
       method=st.sampled_from(("GET", "GET", "HEAD", "OPTIONS")),
       headers=generated_requests, conditions=validators)
def test_nginx_answers_generated_clients_as_the_app(server: Server, nginx: Process, path: str, query: str,
                                                    method: str, headers: dict[str, str],
                                                    conditions: dict[str, str]) -> None:
    """Requests no table above lists, made from the pieces of the headers' grammar and the query parameters (the
    same 300 every run, so that a failure is reproduced by running the test again): nginx and the app give the
    same answer to each."""
    if conditions:
        first = fetch(server.url, path + query, headers)
        modified = first.headers.get("last-modified", "Thu, 01 Jan 2015 00:00:00 GMT")
        values = {"{etag}": first.headers.get("etag", '"none"'), "{modified}": modified,
                  "{lower-case modified}": modified.lower()}
        for name, value in conditions.items():
            for placeholder, known in values.items():
                value = value.replace(placeholder, known)
            headers = {**headers, name: value}
    same_answer(fetch(server.url, path + query, headers, method), fetch(nginx.base, path + query, headers, method),
                f"{method} {path}{query} {headers}")


#: What only `byregion serve` answers: the export passes it to the app when made with --app, else 404 (search: a page).
APP_ONLY = ("/sparql", "/reconcile", "/health", "/openapi.json", "/search", "/graph-store")
#: Path segments: the documents' own words and names, dot segments (also %-escaped), escapes, and any run of the
#: characters RFC 3986 allows in a segment. Invalid escapes (``%``, ``%zz``), NUL and characters outside RFC 3986
#: are left out: each server's HTTP parser refuses some of them before the configuration or the app reads the path
#: (nginx a ``%`` or ``%00``, granian a backtick), with a 400 of its own.
SEGMENTS = ("..", ".", "%2e%2e", "%2E.", "%2f", "%ff%fe", ";x=1", "~", "doc", "id", "def", "region", "notodden",
            "municipality", "sauherad", "theme", "delingskultur", "county", "telemark", ".well-known", "void",
            "catalog", "dataset", "validation", "kommunenummer", "0807", "byregion", "notodden.ttl", "notodden.exe",
            "NOTODDEN", "index.html", "_errors", "_profile", "ids", "notodden.nb.html", "notodden.ttl.gz",
            "sitemap.xml", "", "robots.txt", "%6eotodden", "notodden%2Ettl", "geometry", "2019", "goal", "1")
generated_paths = st.lists(st.one_of(st.sampled_from(SEGMENTS), st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCXYZ0123456789-._~!$&'()*+,;=:@", max_size=12)), min_size=1, max_size=5).map(
    lambda parts: "/" + "/".join(parts))


@settings(max_examples=300, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=generated_paths,
       accept=st.sampled_from((None, "text/turtle", "text/html", "application/ld+json", "image/png")))
def test_nginx_answers_generated_paths_as_the_app(server: Server, nginx: Process, path: str, accept: str | None
                                                  ) -> None:
    """Paths no table lists, dot segments among them (``/doc/../catalog`` is the catalogue from both; a path
    climbing above the root is a 400 from both, nginx's own page): the same answer from nginx and the app."""
    normal = rules.remove_dot_segments(path)
    if normal is not None and normal.startswith(APP_ONLY):
        return  # an export without --app does not answer these (404, docs/server.md): nothing to compare
    headers = {} if accept is None else {"Accept": accept}
    app, static = fetch(server.url, path, headers), fetch(nginx.base, path, headers)
    if static.status == 400:
        assert app.status == 400, path
        return
    same_answer(app, static, f"{path} {headers}")


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "logs" not in p.relative_to(folder).parts}


def _writing(table: Path, since_ns: int) -> bool:
    try:
        stat = table.stat()
    except FileNotFoundError:
        return False
    return stat.st_mtime_ns >= since_ns and stat.st_size > 0


@pytest.mark.parametrize("earlier", [True, False])
def test_an_export_stopped_midway_leaves_the_folder_as_it_was(site_build: PublishedBuild, site_settings: Settings,
                                                              tmp_path: Path, earlier: bool) -> None:
    """Ctrl-C (or SIGTERM, a full disk, a broken build) during an export gives back the earlier export whole,
    or no folder where there was none: never an earlier nginx.conf over half a new site, nor a half-written
    folder the next export refuses as "not an export"."""
    folder = tmp_path / "export"
    if earlier:
        done = subprocess.run([*BYREGION, "export-static", str(folder)], env=settings_env(site_settings),
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    before = _files(folder) if earlier else None
    started = time.time_ns()
    export = subprocess.Popen([*BYREGION, "export-static", str(folder)], env=settings_env(site_settings),
                              cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              preexec_fn=ctrl_c_as_at_a_terminal)
    try:
        deadline = time.monotonic() + 60
        while not _writing(folder / "documents.map", started):  # the new export's documents are being written
            assert export.poll() is None and time.monotonic() < deadline, "the export ended before it was stopped"
            time.sleep(0.005)
        export.send_signal(signal.SIGINT)
        _, stderr = export.communicate(timeout=60)
    finally:
        if export.poll() is None:
            export.kill()
            export.wait()
    assert export.returncode != 0 and "Traceback" not in stderr
    if earlier:
        assert _files(folder) == before
    else:
        assert not folder.exists()


def _reexporting(settings: Settings, run: list[str], folder: Path,
                 stderr: int) -> tuple[dict[str, bytes], subprocess.Popen[str]]:
    """An export of ``run`` made into ``folder`` (what it holds, by file), and a second one started over it and left
    running once it writes its new documents."""
    done = subprocess.run(run, env=settings_env(settings), cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    before = _files(folder)
    started = time.time_ns()
    export = subprocess.Popen(run, env=settings_env(settings), cwd=REPO_ROOT, stdout=subprocess.DEVNULL,
                              stderr=stderr, text=True)
    try:
        deadline = time.monotonic() + 60
        while not _writing(folder / "documents.map", started):
            assert export.poll() is None and time.monotonic() < deadline, "the export ended before it was written"
            time.sleep(0.005)
    except BaseException:
        export.kill()
        export.wait()
        raise
    return before, export


@pytest.mark.usefixtures("site_build")
def test_an_export_killed_midway_is_put_back_by_the_next_one_saying_so(site_settings: Settings,
                                                                        tmp_path: Path) -> None:
    """kill -9 during a re-export (no handler runs) had left half a new export in the folder and the whole earlier
    one in .earlier-export-XXXX inside it, and the next run refused the folder as "not empty and holds no earlier
    export", not saying where the earlier one was. The next run puts it back, says so, and exports."""
    folder = tmp_path / "export"
    run = [*BYREGION, "export-static", str(folder)]
    before, export = _reexporting(site_settings, run, folder, stderr=subprocess.DEVNULL)
    export.kill()
    export.wait()
    assert [p.name for p in folder.glob(".earlier-export-*")], "the killed export had set the earlier one aside"
    again = subprocess.run(run, env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True,
                           timeout=300)
    assert again.returncode == 0, again.stderr
    assert f"byregion export-static: put back the earlier export in {folder}, which an export stopped part way had " \
           "left set aside in .earlier-export-" in again.stderr
    assert not list(folder.glob(".earlier-export-*")) and not list(folder.glob(".discarded-export-*"))
    assert _files(folder) == before  # the same build exported again


@pytest.mark.usefixtures("site_build")
def test_a_second_export_into_a_folder_an_export_is_writing_is_refused_and_the_first_ends_whole(
        site_settings: Settings, tmp_path: Path) -> None:
    """The diff's reviewer started a second re-export into a folder 4 s after a first: it took the first one's
    earlier export, set aside while it wrote, for one a killed export had left, put it back over the first one's
    files, and both failed (a missing .var file, a folder not empty). The folder is held by one export at a time."""
    folder = tmp_path / "export"
    run = [*BYREGION, "export-static", str(folder)]
    before, first = _reexporting(site_settings, run, folder, stderr=subprocess.PIPE)
    # Held still while the second runs (its lock stays held): on a loaded machine the first had ended before the
    # second, a new Python process, came to the folder, and the second then rightly exported.
    first.send_signal(signal.SIGSTOP)
    try:
        assert first.poll() is None, "the first export had ended before it could be held"
        second = subprocess.run(run, env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True,
                                timeout=300)
        first.send_signal(signal.SIGCONT)
        _, said = first.communicate(timeout=300)
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGCONT)
            first.kill()
            first.wait()
    assert second.returncode == 1, second.stderr
    assert f"another `byregion export-static` is writing into {folder}" in second.stderr
    assert first.returncode == 0, said
    assert not list(folder.glob(".earlier-export-*")) and _files(folder) == before


def test_an_export_onto_a_full_disk_names_the_folder_and_says_nothing_was_changed(site_settings: Settings,
                                                                                  tmp_path: Path) -> None:
    """No room to write (stood for by a limit on the size of a file the process may write: EFBIG, as ENOSPC is
    said) had printed "byregion export-static: [Errno 28] No space left on device" alone. It names the folder, says
    the earlier export is there as it was, and what to free, as `byregion build` does."""
    import resource

    folder = tmp_path / "export"
    run = [*BYREGION, "export-static", str(folder)]
    done = subprocess.run(run, env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    before = _files(folder)

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))

    full = subprocess.run(run, env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True,
                          timeout=300, preexec_fn=small_files)
    assert full.returncode == 1 and "Traceback" not in full.stderr, full.stderr
    assert full.stderr.startswith(f"byregion export-static: could not write the export into {folder}: File too "
                                  "large"), full.stderr
    assert f"Nothing was changed: {folder} holds the earlier export as it was. Free space where {folder} is" \
        in full.stderr
    assert _files(folder) == before


def test_nginx_reads_the_generated_configuration_without_a_warning(nginx: Process, export: Path) -> None:
    """An operator's error log starts clean: no hash table nginx cannot size (variables, maps), nothing obsolete."""
    checked = subprocess.run(["nginx", "-t", "-p", str(export), "-c", "nginx.conf"], capture_output=True, text=True,
                             timeout=60)
    assert checked.returncode == 0 and "[warn]" not in checked.stderr, checked.stderr


def test_a_request_nginx_refuses_while_reading_it_is_logged_without_a_warning(nginx: Process, export: Path) -> None:
    """A client that sends garbage gets nginx's own 400; the access log's last field ($br_answered_by) still has its
    value, so such clients cannot fill the error log with "uninitialized variable" warnings."""
    errors = export / "logs" / "error.log"
    before = errors.read_bytes() if errors.exists() else b""
    host, port = urlsplit(nginx.base).hostname, urlsplit(nginx.base).port
    for garbage in (b"GARBAGE\r\n\r\n", b"GET / HTTP/1.1\r\nHost: a b\r\n\r\n"):
        with socket.create_connection((host, port), timeout=5) as connection:
            connection.sendall(garbage)
            assert connection.recv(100).startswith(b"HTTP/1.1 400"), garbage
    time.sleep(0.2)  # nginx writes its error log as it goes (the access log is buffered, this one is not)
    after = errors.read_bytes()[len(before):] if errors.exists() else b""
    assert b"uninitialized" not in after, after.decode(errors="replace")


def test_an_http_1_0_request_without_a_host_whose_if_match_holds_is_answered(nginx: Process) -> None:
    """A request whose If-Match holds is asked again of nginx as HTTP/1.1, which must name a host: where an HTTP/1.0
    request named none, it got nginx's 400 (a review); it names the host the documents write then."""
    host, port = urlsplit(nginx.base).hostname, urlsplit(nginx.base).port

    def head(extra: bytes) -> bytes:
        with socket.create_connection((host, port), timeout=5) as connection:
            connection.sendall(b"GET /robots.txt HTTP/1.0\r\n" + extra + b"\r\n")
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        return answer

    plain = head(b"")
    etag = next(line.split(b":", 1)[1].strip() for line in plain.split(b"\r\n") if line.lower().startswith(b"etag:"))
    for condition in (b"If-Match: " + etag + b"\r\n", b"If-Match: *\r\n"):
        held = head(condition)
        assert held.split(b"\r\n", 1)[0].endswith(b"200 OK"), (condition, held[:200])
        assert held.split(b"\r\n\r\n", 1)[1] == plain.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("headers", [
    {"Accept": "text/html", "Accept-Language": "en"},  # nginx's fast path
    {"Accept": "text/html", "Cookie": "lang=en"},  # byregion.js
    {"Accept": "text/html", "Accept-Language": "en", "Accept-Profile": "<https://data.byregion.no/id/profile/alt>"},
])
def test_an_english_page_names_its_english_url_as_its_content_location(server: Server, nginx: Process,
                                                                        headers: dict[str, str]) -> None:
    """``/doc/x.html`` gives a reader who has not chosen the Norwegian page: an English answer names
    ``/doc/x.html?lang=en`` (RFC 9110 §8.7; an SEO review), from nginx's fast path and byregion.js as from the app."""
    app, static = fetch(server.url, REGION, headers), fetch(nginx.base, REGION, headers)
    assert static.headers.get("content-location") == app.headers.get("content-location")
    assert (app.headers.get("content-location") or "").endswith("lang=en"), app.headers
