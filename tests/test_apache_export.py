"""The static export's Apache httpd configuration (``apache.conf``), run by Debian's apache2.

nginx is the export's tested server (tests/test_static_export.py compares every answer with the app's). Apache
answers with httpd's own negotiation, whose differences are listed in ``byregion/export/apache.py``; these
tests hold what it must do as the app does: the 303, a format by ``Accept``, by extension and by
``?_mediatype=``, the same bytes as the app, ``Link`` naming the document's other formats, the HTML page of a
``.html`` URL in the reader's language whatever ``Accept`` says, 406, 304 for a validator it sent (without a
Content-Type or Content-Length), and the app's 405 for other methods.
"""

from __future__ import annotations

import gzip
import os
import pwd
import re
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from byregion.export.apache import ApacheSite, apache_conf
from byregion.serve import rules
from byregion.settings import Settings
from tests.conftest import Server
from tests.support.nginx import apache_missing, start_apache_export, stop_web_server
from tests.support.servers import Server as Process
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # a real build, `byregion serve`, `byregion export-static` and Apache

REGION = "/doc/region/notodden"


@pytest.fixture(scope="module")
def apache(nginx: Process, export: Path) -> Iterator[Process]:
    """Apache on the export nginx serves (the ``nginx`` fixture makes it), on a port of its own."""
    missing = apache_missing()
    if missing:
        pytest.fail(missing)
    server = start_apache_export(export, free_port())
    try:
        yield server
    finally:
        stop_web_server(server, export)


def rules_settings_max_url() -> int:
    """The app's longest URL (``BYREGION_MAX_URL_LENGTH``, as the test server runs with it)."""
    return Settings.from_env({}).max_url_length


def get(base: str, path: str, **headers: str) -> requests.Response:
    return requests.get(base + path, headers=headers, allow_redirects=False, timeout=10)


def test_a_thing_is_303_to_its_document(apache: Process) -> None:
    answer = get(apache.base, "/id/region/notodden", Accept="text/turtle")
    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(REGION)
    with_extension = get(apache.base, "/id/region/notodden.ttl?lang=en")
    assert with_extension.status_code == 303 and with_extension.headers["Location"].endswith(REGION + ".ttl?lang=en")
    geometry = get(apache.base, "/id/region/notodden.geojson")
    assert geometry.status_code == 303 and geometry.headers["Location"].endswith(REGION + ".geojson")
    for unknown in ("/id/region/atlantis", "/id/region/atlantis.ttl",  # no thing: no 303 on to a 404
                    "/id/theme/delingskultur.geojson"):  # a thing, but not in that format
        assert get(apache.base, unknown).status_code == 404, unknown


@pytest.mark.parametrize(("path", "accept", "media_type"), [
    (REGION, "text/turtle", "text/turtle"),
    (REGION, "text/turtle;q=0.9, */*;q=0.1", "text/turtle"),
    (REGION, "application/rdf+xml;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    (REGION + ".nt", "text/html", "application/n-triples"),
    (REGION + "?_mediatype=jsonld", "text/html", "application/ld+json"),
    ("/catalog", "text/turtle", "text/turtle"),
    ("/def/byregion/0.12.0", "application/ld+json", "application/ld+json"),  # the ontology at its version IRI
    ("/def/byregion/0.1.0", "application/ld+json", "application/ld+json"),  # and at an earlier one
    ("/graph/curation/notodden", "text/turtle", "text/turtle"),  # a named graph at its own IRI
    ("/graph/reference.nt", "text/html", "application/n-triples"),
    ("/doc/programme/byregionprogrammet", "application/geo+json", "application/geo+json"),  # every region on a map
    ("/doc/programme/byregionprogrammet.geojson", "text/html", "application/geo+json"),
    ("/def/byregion/0.1.0.nt", "text/html", "application/n-triples"),
])
def test_a_format_by_accept_extension_or_mediatype_has_the_apps_bytes_and_links(
        apache: Process, server: Server, path: str, accept: str, media_type: str) -> None:
    ours, app = get(apache.base, path, Accept=accept), get(server.url, path, Accept=accept)
    assert ours.status_code == app.status_code == 200
    assert ours.headers["Content-Type"].split(";")[0] == media_type == app.headers["Content-Type"].split(";")[0]
    assert ours.content == app.content
    document = path.split("?")[0].rsplit(".", 1)[0] if path.endswith((".nt", ".geojson")) else path.split("?")[0]
    links = re.findall(r"<([^>]+)>", ours.headers["Link"])
    assert f"{document}.html" in links and f"{document}.ttl" in links
    assert all(re.fullmatch(re.escape(document) + r"\.[a-z]+", link) for link in links), links


@pytest.mark.parametrize("path", ["/doc/programme/byregionprogrammet", "/.well-known/void", "/catalog",
                                  "/doc/region/notodden/goal/1", "/doc/municipality/sauherad", "/def/byregion"])
def test_a_documents_link_names_the_formats_it_has_and_no_other(apache: Process, server: Server, path: str) -> None:
    """GeoJSON where the thing has a geometry, no page for the VoID description: each link Apache sends answers,
    and they are the app's (which leaves out the answer's own format and adds the profiles)."""
    ours, app = get(apache.base, path, Accept="text/turtle"), get(server.url, path, Accept="text/turtle")
    assert ours.status_code == app.status_code == 200
    linked = re.findall(r"<([^>]+)>; rel=\"?alternate\"?; type=\"([^\"]+)\"", ours.headers["Link"])
    apps = {(url, kind) for url, kind in re.findall(r"<([^>]+)>; rel=\"?alternate\"?; type=\"([^\"]+)\"",
                                                    app.headers["Link"])}
    assert set(linked) == apps | {(f"{path}.ttl", "text/turtle")}
    assert len(linked) == len(set(linked))
    # the one JSON-LD alternate with a quoted rel, as the app writes it (pyld and rdflib follow it only so)
    assert re.findall(r'rel="alternate"; type="([^"]+)"', ours.headers["Link"]) == ["application/ld+json"]
    for url, kind in linked:
        answer = get(apache.base, url)
        assert answer.status_code == 200 and answer.headers["Content-Type"].split(";")[0] == kind, url
    again = get(apache.base, path, Accept="text/turtle", **{"If-None-Match": ours.headers["ETag"]})
    assert again.status_code == 304 and again.headers["Link"] == ours.headers["Link"]


@pytest.mark.parametrize(("method", "path", "headers", "status"), [
    ("GET", "/", {}, 200), ("HEAD", "/", {"Accept-Language": "en"}, 200),  # (Accept: text/turtle is httpd's 406)
    ("GET", "/doc/municipalities", {}, 200), ("GET", "/doc/counties.html", {"Cookie": "lang=en"}, 200),
    ("HEAD", "/doc/counties", {}, 200), ("GET", "/doc/municipalities", {"Accept": "text/csv"}, 406),
    ("HEAD", "/doc/counties", {"Accept": "text/turtle"}, 406),
    ("GET", "/doc/memberships", {}, 200), ("HEAD", "/doc/regions", {"Cookie": "lang=en"}, 200),
    ("GET", "/doc/regions", {"Accept": "text/csv"}, 406)])
def test_a_pages_link_names_what_its_head_links_as_from_the_app(apache: Process, server: Server, method: str,
                                                                path: str, headers: dict[str, str],
                                                                status: int) -> None:
    """What the home page's and a list's head link (the dataset in RDF and its VoID, the table and its metadata) the
    Link of their answers names, as the app's (which names their profile, and in a 406 their page, besides)."""
    ours = requests.request(method, apache.base + path, headers=headers, allow_redirects=False, timeout=10)
    app = requests.request(method, server.url + path, headers=headers, allow_redirects=False, timeout=10)
    assert ours.status_code == app.status_code == status
    ours_links = [v.strip() for v in ours.headers["Link"].split(", <")]
    app_links = [v.strip() for v in app.headers["Link"].split(", <")]
    assert ours_links and ours_links[-1] == app_links[-1] and len(ours_links) == (3 if path == "/" else 2)
    assert ("describedby" in ours.headers["Link"]) == (path == "/")
    again = get(apache.base, path, **{"If-Modified-Since": ours.headers.get("Last-Modified", ""), **headers})
    if status == 200 and method == "GET":
        assert again.status_code == 304 and again.headers["Link"] == ours.headers["Link"]


def test_a_table_has_no_alternates(apache: Process) -> None:
    answer = get(apache.base, "/doc/municipalities.csv")
    assert answer.status_code == 200 and "Link" not in answer.headers


@pytest.mark.parametrize(("path", "accept", "status"), [
    ("/doc/boundaries/2019/municipalities.geojson", "*/*", 200),
    ("/doc/boundaries/2020/counties", "application/geo+json", 200),
    ("/doc/boundaries/2020/counties", "text/html", 406),  # GeoJSON its only form
    ("/doc/boundaries/1999/municipalities.geojson", "*/*", 404),
])
def test_a_boundary_layer_is_the_apps(apache: Process, server: Server, path: str, accept: str, status: int) -> None:
    """Every municipality, or county, of a period as one GeoJSON layer: Apache answers with the app's status, and
    a layer with the app's bytes and type, open to a web map on another origin (its 404 and 406 bodies are its own,
    as every document's: docs/server.md)."""
    ours, app = get(apache.base, path, Accept=accept), get(server.url, path, Accept=accept)
    assert ours.status_code == app.status_code == status
    if status == 200:
        assert ours.headers["Content-Type"] == app.headers["Content-Type"] == "application/geo+json"
        assert ours.content == app.content and ours.json()["type"] == "FeatureCollection"
        assert ours.headers["Access-Control-Allow-Origin"] == app.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(("path", "headers"), [
    ("/doc/municipalities", {}), ("/doc/municipalities", {"Accept-Language": "en", "Accept-Encoding": "gzip"}),
    ("/doc/counties?lang=en", {}), ("/doc/counties.html", {"Cookie": "lang=en"}),
    ("/doc/municipalities", {"Accept": "text/csv"}), ("/doc/counties.ttl", {}),
    ("/doc/memberships", {}), ("/doc/memberships", {"Accept-Language": "en", "Accept-Encoding": "gzip"}),
    ("/doc/regions?lang=en", {}), ("/doc/regions.html", {"Cookie": "lang=en"}),
    ("/doc/memberships", {"Accept": "text/csv"}), ("/doc/regions.ttl", {}), ("/doc/counties.ttl?_profile=full", {}),
    ("/doc/memberships.ttl?_profile=alt", {}), ("/.well-known/void.html", {}),
    ("/def/byregion.html?_profile=full", {})])
def test_the_lists_of_municipalities_and_counties_are_the_apps(apache: Process, server: Server, path: str,
                                                               headers: dict[str, str]) -> None:
    """The lists are pages whose one format is HTML: the app's page in the reader's language, and its 406 (no HTML
    asked for, or the extension of a format only their ``alt`` listing comes in, as VoID's ``.html``)."""
    ours, app = get(apache.base, path, **headers), get(server.url, path, **headers)
    assert ours.status_code == app.status_code, (path, headers)
    if app.status_code == 200:
        assert ours.content == app.content
        assert ours.headers["Content-Type"] == app.headers["Content-Type"]


@pytest.mark.parametrize("accept", ["text/turtle", "text/html", "*/*"])
def test_an_html_url_is_the_page_in_the_readers_language_whatever_accept_says(
        apache: Process, server: Server, accept: str) -> None:
    ours = get(apache.base, REGION + ".html", Accept=accept, **{"Accept-Language": "en"})
    app = get(server.url, REGION + ".html", Accept=accept, **{"Accept-Language": "en"})
    assert ours.status_code == app.status_code == 200
    assert ours.headers["Content-Type"].startswith("text/html")
    assert '<html lang="en"' in ours.text and ours.content == app.content


@pytest.mark.parametrize(("path", "headers"), [
    (REGION, {"Accept": "text/html"}), (REGION + ".html", {"Accept-Language": "en"}),
    (REGION + "?lang=en", {"Accept": "text/html", "Accept-Encoding": "gzip"}), (REGION + ".ttl", {}),
    ("/doc/region/atlantis", {"Accept": "text/html"}), ("/", {"Accept": "text/html"}),
    ("/doc/municipalities", {}), ("/doc/counties?lang=en", {"Accept": "text/html"})])
def test_a_page_says_its_language_as_the_app_says_it(apache: Process, server: Server, path: str,
                                                     headers: dict[str, str]) -> None:
    """Content-Language on a page's 200 and 404, none on RDF (mod_negotiation chose by language but sent none)."""
    ours, app = get(apache.base, path, **headers), get(server.url, path, **headers)
    assert ours.status_code == app.status_code, path
    assert ours.headers.get("Content-Language") == app.headers.get("Content-Language"), (path, ours.headers)


@pytest.mark.parametrize(("path", "headers", "location"), [
    (REGION, {"Accept": "text/html", "Accept-Language": "en"}, REGION + ".html?lang=en"),
    (REGION + "?lang=en", {"Accept": "text/html"}, REGION + ".html?lang=en"),
    (REGION, {"Accept": "text/html", "Accept-Language": "nb"}, REGION + ".html"),
    (REGION + "?_profile=alt&lang=en", {"Accept": "text/html"}, REGION + ".html?_profile=alt&lang=en"),
])
def test_an_english_page_names_its_english_url_as_its_content_location(apache: Process, server: Server, path: str,
                                                                        headers: dict[str, str],
                                                                        location: str) -> None:
    """``/doc/x.html`` gives a reader who has not chosen the Norwegian page, so an English answer's Content-Location
    is ``/doc/x.html?lang=en`` (RFC 9110 §8.7; an SEO review), from httpd as from the app."""
    ours, app = get(apache.base, path, **headers), get(server.url, path, **headers)
    assert ours.headers.get("Content-Location") == app.headers.get("Content-Location"), (path, headers)
    assert app.headers["Content-Location"] == location


@pytest.mark.parametrize("path", ["//doc/region/notodden", "/doc//region/notodden", "/id//region/notodden"])
def test_an_empty_segment_names_no_document_as_in_the_app(apache: Process, server: Server, path: str) -> None:
    """httpd found the file through "//" (the file system merges slashes): the app and nginx answer 404, with the
    404 page."""
    ours, app = get(apache.base, path, Accept="text/html"), get(server.url, path, Accept="text/html")
    assert ours.status_code == app.status_code == 404, path
    assert "<title>404 Not Found</title>" not in ours.text  # the export's own page, not httpd's


def test_a_request_in_absolute_form_is_answered_as_in_origin_form(apache: Process) -> None:
    """"GET http://host/doc/… HTTP/1.1" (RFC 9112 §3.2.2: a server must accept it) is no path with "//": the rule
    against empty segments read the scheme's slashes as one and answered 404."""
    host, port = apache.base.removeprefix("http://").split(":")
    for target, status in (("/doc/region/notodden", 200), ("/id/region/notodden", 303), ("//doc/region/notodden", 404)):
        with socket.create_connection((host, int(port)), timeout=10) as connection:
            connection.sendall(f"GET http://{host}:{port}{target} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                               "Accept: text/turtle\r\nConnection: close\r\n\r\n".encode())
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.split(b" ", 2)[1] == str(status).encode(), (target, answer[:200])


def test_a_format_nobody_offers_is_406(apache: Process) -> None:
    assert get(apache.base, REGION, Accept="image/png").status_code == 406


@pytest.mark.parametrize("path", [REGION, REGION + ".ttl"])
def test_its_etag_is_well_formed_and_gets_304(apache: Process, path: str) -> None:
    """An RFC 9110 entity-tag (mod_negotiation leaves out the closing quote of a negotiated answer's), which
    gets 304 when it comes back, and another one a 200."""
    first = get(apache.base, path, Accept="text/turtle")
    assert re.fullmatch(r'"[\x21\x23-\x7e]*"', first.headers["ETag"]), first.headers["ETag"]
    again = get(apache.base, path, Accept="text/turtle", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and not again.content
    assert get(apache.base, path, Accept="text/turtle", **{"If-None-Match": '"other"'}).status_code == 200


@pytest.mark.parametrize("path", [REGION, REGION + ".ttl", "/", "/catalog", "/dataset?lang=en", "/def/byregion",
                                  "/dumps/byregion.ttl", "/dumps/graph/region/notodden.ttl"])
@pytest.mark.parametrize("condition", ["If-None-Match", "If-Modified-Since"])
def test_a_304_has_the_validators_and_no_type_or_length(apache: Process, path: str, condition: str) -> None:
    """A 304 as the app sends it: the ETag, Last-Modified, Cache-Control and CORS of the 200, no Content-Type and no
    Content-Length (RFC 9110 §8.6; nginx's ``return 304`` sent ``Content-Length: 0``). The pages that name the host
    have no ETag (test_a_document_that_names_the_host_goes_…): they revalidate by date."""
    if path in ("/", "/dataset?lang=en") and condition == "If-None-Match":
        assert "ETag" not in get(apache.base, path).headers
        return
    first = get(apache.base, path)
    value = first.headers["ETag"] if condition == "If-None-Match" else first.headers["Last-Modified"]
    again = get(apache.base, path, **{condition: value})
    assert again.status_code == 304 and not again.content, path
    assert "Content-Type" not in again.headers and "Content-Length" not in again.headers, again.headers
    for name in ("ETag", "Last-Modified", "Cache-Control", *(name for name, _ in rules.CORS_HEADERS)):
        assert again.headers.get(name) == first.headers.get(name), (path, name)


@pytest.mark.parametrize("method", ["TRACE", "POST", "PUT", "DELETE", "PATCH", "PROPFIND"])
@pytest.mark.parametrize("path", [REGION, REGION + ".ttl", "/", "/dumps/byregion.ttl", "/static/style.css"])
def test_other_methods_are_405_with_the_apps_allow_and_text(apache: Process, server: Server, method: str,
                                                            path: str) -> None:
    """Methods other than GET, HEAD and OPTIONS are refused as the app refuses them: 405, ``Allow: GET, HEAD,
    OPTIONS`` (once) and the app's text; httpd echoed TRACE (``TraceEnable``), sent a POST the file, and listed
    its own methods in ``Allow``."""
    ours = requests.request(method, apache.base + path, allow_redirects=False, timeout=10)
    app = requests.request(method, server.url + path, allow_redirects=False, timeout=10)
    assert ours.status_code == app.status_code == 405
    assert ours.headers["Allow"] == app.headers["Allow"] == rules.ALLOWED
    assert ours.content == app.content and ours.headers["Content-Type"] == app.headers["Content-Type"]
    assert "ETag" not in ours.headers and "Cache-Control" not in ours.headers


def test_lang_sets_the_apps_host_only_cookie_whatever_the_host(apache: Process, server: Server) -> None:
    """``?lang=`` sets the app's cookie (host-only, ``Path=/``, a year): mod_rewrite's ``CO`` flag named the host as
    its domain and split a Host with a port at its colon, so the port became its lifetime and the path was lost."""
    for host in ("data.example.org:8080", "data.example.org"):
        ours = get(apache.base, REGION + "?lang=en", Host=host)
        app = get(server.url, REGION + "?lang=en", Host=host)
        assert ours.headers["Set-Cookie"] == app.headers["Set-Cookie"], host
        assert ours.headers["Cache-Control"] == app.headers["Cache-Control"] == "private, max-age=300"
        assert "domain" not in ours.headers["Set-Cookie"].lower()


@pytest.mark.parametrize("cookie", ['lang="en"', "a=1 ; lang=en ;b", "lang=english", "xlang=en", "lang=nb; lang=en"])
def test_the_cookie_is_read_as_the_app_reads_it(apache: Process, server: Server, cookie: str) -> None:
    """One pattern for the ``lang`` cookie (``i18n.COOKIE_PATTERN``): quoted or not, only a whole value of ours."""
    ours = get(apache.base, REGION, Cookie=cookie, Accept="text/html")
    app = get(server.url, REGION, Cookie=cookie, Accept="text/html")
    assert ours.headers["Content-Language"] == app.headers["Content-Language"], cookie


def test_an_html_answer_varies_on_the_cookie_that_picks_its_language(apache: Process) -> None:
    english = get(apache.base, REGION, Cookie="lang=en", Accept="text/html")
    assert '<html lang="en"' in english.text
    assert "cookie" in [v.strip().lower() for v in english.headers["Vary"].split(",")]
    turtle = get(apache.base, REGION, Cookie="lang=en", Accept="text/turtle")
    assert "cookie" not in turtle.headers["Vary"].lower()  # the cookie picks no Turtle


@pytest.mark.parametrize(("path", "accept"), [(REGION, "text/html"), (REGION, "text/turtle"), ("/doc/region/atlantis",
                                              "text/html"), ("/", "text/html"), ("/dumps/byregion.ttl", "*/*")])
def test_every_answer_has_the_apps_security_headers(apache: Process, server: Server, path: str, accept: str) -> None:
    """``nosniff`` on every answer, and on what a browser renders (HTML, XML) the app's Content-Security-Policy,
    X-Frame-Options and Referrer-Policy: a page of the export may not be framed, as one of the app's may not."""
    ours, app = get(apache.base, path, Accept=accept), get(server.url, path, Accept=accept)
    assert ours.status_code == app.status_code
    for name, _ in (rules.NOSNIFF, *rules.PAGE_SECURITY):
        assert ours.headers.get(name) == app.headers.get(name), (path, name)


def test_options_is_the_apps_cors_preflight(apache: Process, server: Server) -> None:
    """A browser's preflight before a request with ``Accept-Profile`` or a validator: 204 with the methods and
    headers it may use; httpd answered 200 with neither, so browsers blocked the request."""
    preflight = {"Origin": "https://example.org", "Access-Control-Request-Method": "GET",
                 "Access-Control-Request-Headers": "accept-profile, if-none-match"}
    ours = requests.options(apache.base + REGION, headers=preflight, timeout=10)
    app = requests.options(server.url + REGION, headers=preflight, timeout=10)
    assert ours.status_code == app.status_code == 204 and not ours.content
    for name in ("Allow", "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                 "Access-Control-Allow-Headers", "Access-Control-Max-Age", "Access-Control-Expose-Headers"):
        assert ours.headers.get(name) == app.headers.get(name), name


def test_a_code_look_up_is_the_apps_303(apache: Process, server: Server) -> None:
    for path in ("/id/kommunenummer/3808", "/id/kommunenummer/0807", "/id/fylkesnummer/08"):
        ours, app = get(apache.base, path), get(server.url, path)
        assert ours.status_code == app.status_code == 303, path
        assert ours.headers["Location"].endswith(app.headers["Location"].split("//", 1)[-1].partition("/")[2]), path



def test_a_look_up_only_the_app_answers_is_the_501_nginx_sends_saying_so(apache: Process, nginx: Process) -> None:
    """An unknown, malformed or dated look-up, or a code several units held: without --app neither export can
    answer it; nginx (byregion.js) says so in a 501, and Apache had sent its own HTML 404 (a re-check)."""
    for path in ("/id/kommunenummer/9999", "/id/kommunenummer/K-0301", "/id/kommunenummer/0807?date=2021-01-01",
                 "/id/wikidata/Q26525"):
        ours, theirs = get(apache.base, path), get(nginx.base, path)
        assert ours.status_code == theirs.status_code == 501, (path, ours.status_code, theirs.status_code)
        assert ours.text == theirs.text and "byregion serve" in ours.text, path
        assert ours.headers["Content-Type"].startswith("text/plain"), path
        assert "Cache-Control" not in ours.headers, path


@pytest.fixture(scope="module")
def apache_with_app(app_export: tuple[Path, int]) -> Iterator[Process]:
    """Apache on the export made with ``--app`` (``app_export``), on a port of its own."""
    missing = apache_missing()
    if missing:
        pytest.fail(missing)
    folder, _ = app_export
    server = start_apache_export(folder, free_port())
    try:
        yield server
    finally:
        stop_web_server(server, folder)


@pytest.mark.parametrize("path", ["/id/kommunenummer", "/id/wikidata/", "/id/orgnr", "/id/fylkesnummer/",
                                  "/id/kommunenummer/0807?date=2019-12-31", "/id/wikidata/Q26525"])
def test_with_the_app_every_look_up_url_is_the_apps_answer(apache_with_app: Process, server: Server,
                                                          path: str) -> None:
    """With --app every look-up is the app's, a scheme's URL without its slash (``/id/kommunenummer``) too: it had
    been Apache's negotiated 404 page of the documents, where the app answers a 404 saying what a look-up URL is."""
    ours, app = get(apache_with_app.base, path), get(server.url, path)
    assert (ours.status_code, ours.headers.get("Content-Type"), ours.headers.get("Location"), ours.content) \
        == (app.status_code, app.headers.get("Content-Type"), app.headers.get("Location"), app.content), path


def test_a_format_nobody_has_by_mediatype_is_406_as_from_the_app(apache: Process, server: Server) -> None:
    for query in ("?_mediatype=foo", "?_mediatype=image%2Fpng", "?_mediatype=csv"):
        ours, app = get(apache.base, REGION + query), get(server.url, REGION + query)
        assert ours.status_code == app.status_code == 406, query
    assert get(apache.base, REGION + "?_mediatype=ttl").headers["Content-Type"].startswith("text/turtle")
    for path in ("/doc/nowhere?_mediatype=foo", "/doc/region/nowhere?_mediatype=ttl"):  # no document: not a 406
        assert get(apache.base, path).status_code == get(server.url, path).status_code == 404, path


def test_a_url_too_long_is_414_and_a_segment_no_document_has_is_404_as_from_the_app(
        apache: Process, server: Server, nginx: Process) -> None:
    """Not httpd's 403 for a file name over the file system's limit (with a line in its error log each time)."""
    limit = rules_settings_max_url()
    thing = "/id/region/notodden?x="  # a thing's document is a character longer: the 414 comes before the 303
    for path, status in ((f"/doc/region/{'a' * 300}", 404), (f"/doc/region/{'a' * limit}", 414),
                         (f"{REGION}?x={'a' * limit}", 414), (f"/doc/{'b' * (limit - 6)}", 404),
                         (thing + "a" * (limit - len(thing) - 1), 303), (thing + "a" * (limit - len(thing)), 414),
                         (thing.replace("?", ".ttl?") + "a" * (limit - len(thing) - 4), 414)):
        ours, app = get(apache.base, path), get(server.url, path)
        assert ours.status_code == app.status_code == status, (path[:40], len(path))
    # without --app the services are no URLs of the export: a long SPARQL query by GET is answered as nginx does
    query = "/sparql?query=" + "SELECT%20*%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20" + "%23" * limit
    assert get(apache.base, query).status_code == get(nginx.base, query).status_code


def test_a_things_414_counts_the_path_alone_without_a_query_string(tmp_path: Path) -> None:
    """Without a query the document's URL is the path and a character: a path one short of the limit is a 303 (the
    rule had counted a "?" of no query string and answered 414 there)."""
    written = apache_conf(ApacheSite(8080, tmp_path, {}, max_url_length=100))
    assert "RewriteCond %{QUERY_STRING} ^$\nRewriteCond %{REQUEST_URI} ^.{100,}\n" in written
    assert "RewriteCond %{QUERY_STRING} .\nRewriteCond %{REQUEST_URI}?%{QUERY_STRING} ^.{100,}\n" in written


def test_with_the_app_its_services_are_not_held_to_the_url_limit_of_documents(tmp_path: Path) -> None:
    """With --app, a long SPARQL query by GET goes to the app (which reads queries of any length the SPARQL
    settings allow), not to the 414 the documents' URL limit gives."""
    written = apache_conf(ApacheSite(8080, tmp_path, {}, app_url="http://127.0.0.1:8080"))
    rules = written[written.index("# URLs longer than the app reads"):]
    assert "!^/(sparql(/|$)" in rules.split("RewriteRule ^ - [R=414,L]", 1)[0]
    assert "!^/(sparql" not in apache_conf(ApacheSite(8080, tmp_path, {})).split("# The files behind")[0].split(
        "# URLs longer than the app reads")[1]


def test_search_without_the_app_is_nginxs_page_saying_it_needs_the_app(apache: Process, nginx: Process) -> None:
    """An export made without ``--app`` cannot search: both servers answer 404 with the same page, which says so,
    and to the search API (JSON only) the same as problem details."""
    for path, kind in (("/search?q=notodden", "text/html"), ("/search.json?q=0807", "application/problem+json")):
        ours, theirs = get(apache.base, path), get(nginx.base, path)
        assert ours.status_code == theirs.status_code == 404, path
        assert ours.content == theirs.content and b"byregion serve" in ours.content, path
        assert ours.headers["Content-Type"].startswith(kind) and theirs.headers["Content-Type"].startswith(kind)
        for name in ("Cache-Control", "Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
            assert ours.headers.get(name) == theirs.headers.get(name), (path, name)  # both from rules.py


def test_sparql_without_the_app_is_nginxs_page_saying_it_needs_the_app(apache: Process, nginx: Process) -> None:
    """Every page's menu, VoID and the catalogue name /sparql: an export made without ``--app`` answers it 404
    with a page saying it needs ``byregion serve`` and where the data is instead, to a query's POST as well; the
    same for /reconcile and the graph store (/graph-store), whose query string a static server does not read."""
    for method, path in (("GET", "/sparql"), ("POST", "/sparql"), ("GET", "/reconcile"), ("POST", "/reconcile"),
                         ("GET", "/graph-store?graph=https%3A%2F%2Fdata.byregion.no%2Fgraph%2Freference"),
                         ("GET", "/graph-store?default"), ("POST", "/graph-store")):
        ours = requests.request(method, apache.base + path, data={"query": "ASK {}"}, timeout=10)
        theirs = requests.request(method, nginx.base + path, data={"query": "ASK {}"}, timeout=10)
        assert ours.status_code == theirs.status_code == 404, (method, path)
        assert ours.content == theirs.content and b'id="sparql-needs-server"' in ours.content, (method, path)
        assert b"/catalog" in ours.content and ours.headers["Content-Type"].startswith("text/html")
        assert b"/reconcile" in ours.content  # the home page gives OpenRefine users this URL (a re-check)
        for name in ("Cache-Control", "Access-Control-Allow-Origin"):
            assert ours.headers.get(name) == theirs.headers.get(name), (path, name)  # both from rules.py


@pytest.mark.parametrize("path", [REGION + ".var", REGION + ".ttl.gz", REGION + ".nb.html", "/index.en.html",
                                  "/_errors/404.ttl", "/_profile/ids/doc/municipality/notodden.ttl",
                                  "/_search/unavailable.html", "/_sparql/unavailable.html", "/index.html",
                                  "/index.var", "/doc/nowhere"])
def test_the_files_behind_the_export_are_no_urls(apache: Process, server: Server, path: str) -> None:
    """A 404, as the app's, cached as long as a document by either (rules.ERROR_CACHE): without a Cache-Control,
    each cache in front had chosen how long by its own defaults."""
    ours, app = get(apache.base, path), get(server.url, path)
    assert ours.status_code == app.status_code == 404
    assert ours.headers["Cache-Control"] == app.headers["Cache-Control"] == rules.ERROR_CACHE[1]


def test_documents_ignore_range_and_files_take_one(apache: Process) -> None:
    document = get(apache.base, REGION + ".ttl", Range="bytes=0-9")
    assert document.status_code == 200 and "Accept-Ranges" not in document.headers and len(document.content) > 10
    dump = get(apache.base, "/dumps/byregion.ttl", Range="bytes=0-9")
    assert dump.status_code == 206 and len(dump.content) == 10


@pytest.mark.parametrize(("path", "headers"), [
    (REGION, {"Accept": "text/turtle", "Accept-Encoding": "gzip"}),
    (REGION, {"Accept": "text/html", "Accept-Encoding": "gzip"}),
    (REGION, {"Accept": "application/ld+json"}),
    (REGION + ".ttl", {}),
    (REGION + ".html?lang=en", {}),
    ("/doc/municipality/notodden?_profile=ids", {"Accept": "text/turtle"}),
    ("/catalog", {}),
    # */* takes each document's and each profile's own first format: the catalogue's Turtle, and JSON-LD for a
    # thing's schema.org view (its type map had weighed the formats in the default profile's order)
    ("/catalog", {"Accept": "*/*"}),
    ("/dataset", {"Accept": "*/*"}),
    (REGION + "?_profile=schema", {"Accept": "*/*"}),
    (REGION + "?_profile=alt", {"Accept": "*/*"}),
    ("/catalog?_profile=dcat-ap", {"Accept": "text/turtle"}),
    ("/dataset.jsonld?_profile=dcat-ap", {}),
])
def test_content_location_is_the_apps(apache: Process, server: Server, path: str, headers: dict[str, str]) -> None:
    """The URL of the representation sent, as the app names it; mod_negotiation named the variant's file, relative
    (``notodden.nb.html.gz``), which is no URL of the export."""
    ours, app = get(apache.base, path, **headers), get(server.url, path, **headers)
    assert ours.status_code == app.status_code == 200
    assert ours.headers.get("Content-Location") == app.headers.get("Content-Location"), ours.headers


@pytest.mark.parametrize(("path", "accept"), [
    ("/catalog?_profile=dcat-ap-no", "text/turtle"), ("/dataset?_profile=dcat-ap-no", "application/ld+json"),
    ("/catalog?_profile=alt", "text/html"), ("/catalog?_profile=alt&lang=en", "text/html"),
    ("/validation?_profile=alt", "text/turtle"), ("/.well-known/void?_profile=alt", "text/html"),
])
def test_a_site_document_in_another_profile_is_the_apps(apache: Process, server: Server, path: str,
                                                         accept: str) -> None:
    """A site document (``/catalog``, not under ``/doc/``) asked for in a profile without an extension: the variant
    its type map chose (``catalog.ttl.gz``) is the profile's file, not the default profile's of that name, which
    httpd had sent with no Content-Profile (the catalogue for DCAT-AP-NO was the DCAT-AP 3 one)."""
    ours, app = get(apache.base, path, Accept=accept), get(server.url, path, Accept=accept)
    assert ours.status_code == app.status_code == 200
    assert ours.content == app.content, path
    for name in ("Content-Type", "Content-Profile", "Content-Location"):
        assert ours.headers.get(name) == app.headers.get(name), (path, name)


@pytest.mark.parametrize("path", ["/catalog?lang=en", "/dataset?lang=nb"])
@pytest.mark.parametrize("accept", ["*/*", "text/*", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"])
def test_a_request_that_names_the_pages_language_gets_the_page_as_from_the_app(apache: Process, server: Server,
                                                                                 path: str, accept: str) -> None:
    """The catalogue's sitemap URLs name their language: the page, as the app answers (the bare URL keeps Turtle)."""
    ours, app = get(apache.base, path, Accept=accept), get(server.url, path, Accept=accept)
    assert ours.status_code == app.status_code == 200
    assert ours.headers["Content-Type"].split(";")[0] == "text/html" == app.headers["Content-Type"].split(";")[0]
    # the same page in the same language (its schema.org block names the host: Apache writes the build's base there)
    assert ours.headers["Content-Language"] == app.headers["Content-Language"]
    assert ours.text.split("<main", 1)[1] == app.text.split("<main", 1)[1]
    assert ours.headers["Content-Location"] == app.headers["Content-Location"]
    bare = get(apache.base, path.split("?")[0], Accept=accept)
    assert bare.headers["Content-Type"].split(";")[0] == ("text/html" if "text/html" in accept else "text/turtle")


@pytest.mark.parametrize("path", ["/catalog", "/dataset"])
def test_the_catalogue_for_dcat_ap_is_the_apps(apache: Process, server: Server, path: str) -> None:
    """``?_profile=dcat-ap`` is the app's answer, in that profile; ``Accept-Profile``, which httpd does not read,
    gets the default catalogue, the same bytes (it conforms to DCAT-AP 3.0.1), not a 406, and no Content-Profile."""
    for asked in (f"{path}?_profile=dcat-ap", f"{path}.nt?_profile=dcat-ap"):
        ours, app = get(apache.base, asked, Accept="text/turtle"), get(server.url, asked, Accept="text/turtle")
        assert ours.status_code == app.status_code == 200 and ours.content == app.content, asked
        assert ours.headers["Content-Profile"] == app.headers["Content-Profile"] == \
            "<https://data.byregion.no/id/profile/dcat-ap>"
    by_header = get(apache.base, path, **{"Accept": "text/turtle", "Accept-Profile": "<http://data.europa.eu/r5r/>"})
    assert by_header.status_code == 200 and "Content-Profile" not in by_header.headers
    assert by_header.content == get(server.url, f"{path}?_profile=dcat-ap", Accept="text/turtle").content


@pytest.mark.parametrize(("path", "headers"), [(REGION + "?_profile=bogus", {}), (REGION, {"Accept": "image/png"})])
def test_a_406_names_no_content_location(apache: Process, path: str, headers: dict[str, str]) -> None:
    """httpd's 406 page is HTML: it must not be given the Content-Location of the document's HTML."""
    answer = get(apache.base, path, **headers)
    assert answer.status_code == 406 and "Content-Location" not in answer.headers


def test_each_request_is_a_line_of_the_access_log(apache: Process, export: Path) -> None:
    marker = f"/doc/region/notodden?_mediatype=ttl&logged={free_port()}"
    assert get(apache.base, marker, **{"User-Agent": "apache-log-test"}).status_code == 200
    log = export / "logs" / "apache-access.log"
    deadline = time.monotonic() + 5  # httpd writes its log line after the answer
    while time.monotonic() < deadline and marker not in log.read_text(encoding="utf-8"):
        time.sleep(0.05)
    line = next(line for line in log.read_text(encoding="utf-8").splitlines() if marker in line)
    assert f'"GET {marker} HTTP/1.1" 200 ' in line and line.endswith('"apache-log-test"')


@pytest.mark.skipif(os.geteuid() != 0, reason="httpd changes user only when started as root")
def test_started_as_root_its_workers_answer_as_nobody(apache: Process) -> None:
    children = Path(f"/proc/{apache.process.pid}/task/{apache.process.pid}/children").read_text().split()
    assert children, "httpd started no worker"
    for pid in children:
        uid = next(line for line in Path(f"/proc/{pid}/status").read_text().splitlines() if line.startswith("Uid:"))
        assert uid.split()[1:] == [str(pwd.getpwnam("nobody").pw_uid)] * 4


@pytest.mark.parametrize("path", ["/doc/no-such-thing?lang=en", "/id/region/notodden?lang=en",
                                  "/static/style.css?lang=en", "/dumps/byregion.ttl?lang=en"])
def test_the_cookie_and_private_caching_only_where_the_app_sets_them(apache: Process, server: Server,
                                                                      path: str) -> None:
    """``?lang=`` on a 404, a redirect, a static file or a dump sets no cookie in the app; httpd set it on every
    answer, and on a 404 with no Cache-Control a shared cache may keep it by heuristic (RFC 9111 §4.2.2)."""
    ours, app = get(apache.base, path), get(server.url, path)
    assert ours.status_code == app.status_code
    assert "Set-Cookie" not in ours.headers and "Set-Cookie" not in app.headers
    assert ours.headers.get("Cache-Control") == app.headers.get("Cache-Control"), path



def _raw(base: str, path: str, **headers: str) -> tuple[requests.Response, bytes]:
    """An answer and its body as sent, not decoded."""
    answer = requests.get(base + path, headers=headers, allow_redirects=False, timeout=10, stream=True)
    return answer, answer.raw.read(decode_content=False)


@pytest.mark.parametrize(("path", "accept"), [("/sitemap.xml", "*/*"), ("/", "text/html"), ("/catalog", "text/html"),
                                              ("/dataset?lang=en", "text/html")])
def test_a_document_that_names_the_host_goes_compressed_from_the_app_nginx_and_apache(
        apache: Process, nginx: Process, server: Server, path: str, accept: str) -> None:
    """The build keeps these with a marker where the host goes, so no .gz file can be made for them: each server
    compresses the body it made for the host, as it sends every other document compressed (the sitemap had gone as
    4 MB where 150 kB do). The ETag names the encoding and comes back as a 304; Vary names Accept-Encoding."""
    for base in (server.url, nginx.base, apache.base):
        plain, plain_body = _raw(base, path, Accept=accept, **{"Accept-Encoding": "identity"})
        packed, packed_body = _raw(base, path, Accept=accept, **{"Accept-Encoding": "gzip"})
        assert plain.status_code == packed.status_code == 200, (base, path)
        assert "Content-Encoding" not in plain.headers and packed.headers["Content-Encoding"] == "gzip", (base, path)
        assert gzip.decompress(packed_body) == plain_body and b"@@" not in plain_body, (base, path)
        assert len(packed_body) < len(plain_body) / 3, (base, path)
        for answer in (plain, packed):
            assert "accept-encoding" in answer.headers["Vary"].lower(), (base, path, answer.headers["Vary"])
        if base == apache.base:  # no ETag (httpd would never match its own "-gzip" one again), compressed or not
            assert "ETag" not in packed.headers and "ETag" not in plain.headers, packed.headers
        else:
            assert packed.headers["ETag"] != plain.headers["ETag"], (base, path, packed.headers["ETag"])
        for condition in ("If-None-Match", "If-Modified-Since")[base == apache.base:]:
            value = packed.headers["ETag" if condition == "If-None-Match" else "Last-Modified"]
            again = get(base, path, Accept=accept, **{"Accept-Encoding": "gzip", condition: value})
            assert again.status_code == 304, (base, path, condition, value)
            # the 304 has the 200's validators and Vary, nothing the 200 had not (RFC 9110 §15.4.5)
            assert again.headers.get("ETag") == packed.headers.get("ETag"), (base, path, again.headers)
            assert "accept-encoding" in again.headers.get("Vary", "").lower(), (base, path, again.headers)


def test_robots_txt_goes_as_it_is_from_each(apache: Process, nginx: Process, server: Server) -> None:
    """Too short for compressing to pay: the build keeps it as it is, and no server compresses it."""
    for base in (server.url, nginx.base, apache.base):
        answer, body = _raw(base, "/robots.txt", **{"Accept-Encoding": "gzip"})
        assert answer.status_code == 200 and "Content-Encoding" not in answer.headers, base
        assert b"Sitemap: " in body and b"@@" not in body, base


def test_an_http_0_9_request_is_refused_with_headers(apache: Process) -> None:
    """HTTP/0.9 has no headers: httpd answered one with the file alone, none of the security headers with it."""
    with socket.create_connection(("127.0.0.1", int(apache.base.rsplit(":", 1)[1])), timeout=10) as sock:
        sock.sendall(b"GET /doc/region/notodden.ttl\r\n")
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 400 "), answer[:200]
    assert b"@prefix" not in answer


@pytest.mark.parametrize("path", [REGION.replace("/doc/", "/id/"), REGION.replace("/doc/", "/id/") + ".ttl",
                                  REGION.replace("/doc/", "/id/") + "?lang=en"])
def test_a_things_303_is_kept_by_caches_as_a_document_is(apache: Process, nginx: Process, server: Server,
                                                         path: str) -> None:
    """The same for every request until the next build; a 303 is kept only with explicit freshness (RFC 9111
    §4.2.2), and a reader following the pages' links to /id/ had paid its round trip on every tap (a phone
    review). From the app, nginx's fast path and byregion.js, and Apache."""
    for base in (server.url, nginx.base, apache.base):
        moved = get(base, path)
        assert moved.status_code == 303, (base, path)
        assert moved.headers.get("Cache-Control") == rules.CACHE[1], (base, path, moved.headers)
        assert "Set-Cookie" not in moved.headers, (base, path)


@pytest.mark.parametrize("path", ["/id/kommunenummer/0807", "/id/wikidata/Q2326?lang=en"])
def test_a_look_ups_303_is_kept_by_caches_as_a_things_is(apache: Process, nginx: Process, server: Server,
                                                        path: str) -> None:
    """A look-up's 303 is worked out from its URL alone, the same until the next build: without freshness a CDN
    sent every look-up of a spreadsheet's column on to the server. From the app, nginx's map and byregion.js (a
    query string it passes on), and Apache (without a query string; with one it needs the app: 501)."""
    for base in (server.url, nginx.base, apache.base):
        moved = get(base, path)
        if base == apache.base and "?" in path:
            assert moved.status_code == 501, moved.status_code
            continue
        assert moved.status_code == 303, (base, path, moved.status_code)
        assert moved.headers.get("Cache-Control") == rules.CACHE[1], (base, path, moved.headers)
    canonical = get(server.url, "/id/orgnr/938%20583%20986")  # another notation: the 301 to the canonical look-up
    assert canonical.status_code == 301 and canonical.headers.get("Cache-Control") == rules.CACHE[1]
