"""The static export behind a TLS proxy or a CDN, as an operator deploys it.

``byregion export-static --origin https://…`` names the public scheme and host in the documents that name the host
(robots.txt, the sitemap, the home page) whatever ``Host`` a request names, and the export's nginx tells the app
(``--app``) the request it passes on itself: a client's own ``X-Forwarded-Host`` never reaches an app that believes
one proxy (``BYREGION_PROXY_HOPS=1``). An operator's own nginx directives go in ``http.d/`` and ``server.d/``, which
a new export keeps. Apache's redirects name the origin too (httpd writes a Location whole).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from byregion.build import PublishedBuild
from byregion.export.apache import ApacheSite, apache_conf
from byregion.export.nginx import app_read_timeout
from byregion.settings import Settings
from tests.conftest import BYREGION, REPO_ROOT, Server, serving, settings_env
from tests.support.nginx import (
    apache_missing,
    export_folder,
    nginx_missing,
    start_apache,
    start_nginx,
    stop_web_server,
)
from tests.support.servers import Server as Process
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # `byregion serve`, `byregion export-static`, nginx and Apache

ORIGIN = "https://data.example.org"
ID = "https://data.byregion.no/id/"
#: What a client may write to pass for a proxy.
FORGED = {"X-Forwarded-Host": "attacker.test", "X-Forwarded-Proto": "gopher", "X-Forwarded-Port": "1"}


def export(settings: Settings, folder: Path, port: int, *options: str) -> None:
    done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port), *options],
                          env=settings_env(settings), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="module")
def app(site_build: PublishedBuild, site_settings: Settings) -> Iterator[Server]:
    """The app as the README says to run it behind one proxy: it believes the export's nginx."""
    with serving(replace(site_settings, proxy_hops=1)) as running:
        yield running


@pytest.fixture(scope="module")
def fronted(app: Server, site_settings: Settings) -> Iterator[Process]:
    """The export's nginx with --app and --origin, as behind a TLS proxy."""
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    folder, port = export_folder(), free_port()
    export(site_settings, folder, port, "--app", app.url, "--origin", ORIGIN + "/")
    nginx = start_nginx(folder, port)
    try:
        yield nginx
    finally:
        stop_web_server(nginx, folder)
        shutil.rmtree(folder, ignore_errors=True)


def test_the_documents_that_name_the_host_name_the_origin_whatever_the_host(fronted: Process) -> None:
    for host in ("127.0.0.1", "internal.example", "data.example.org"):
        robots = requests.get(fronted.base + "/robots.txt", headers={"Host": host, **FORGED}, timeout=10)
        assert robots.status_code == 200 and f"Sitemap: {ORIGIN}/sitemap.xml" in robots.text, robots.text
        sitemap = requests.get(fronted.base + "/sitemap.xml", headers={"Host": host}, timeout=10)
        locations = re.findall(r"<loc>([^<]+)</loc>", sitemap.text)
        assert locations and all(url.startswith(ORIGIN + "/") for url in locations), locations[:3]
        # the dataset's page, whose schema.org Dataset names its downloads and itself by absolute URL
        dataset = requests.get(fronted.base + "/dataset", headers={"Host": host, "Accept": "text/html"}, timeout=10)
        assert f'"{ORIGIN}/' in dataset.text and "internal.example" not in dataset.text


@pytest.mark.parametrize("path", ["/robots.txt", "/sitemap.xml", "/", "/catalog", "/dataset"])
def test_with_an_origin_the_documents_that_name_the_host_do_not_vary_by_it(fronted: Process, path: str) -> None:
    """With --origin a document that names the host is the same bytes and ETag for any Host, so its Vary names no
    Host (it had, and a shared cache kept a copy for each name the export is reached by); its 304 says the same."""
    answers = [requests.get(fronted.base + path, headers={"Host": host, "Accept": "text/html"}, timeout=10)
               for host in ("127.0.0.1", "internal.example")]
    assert answers[0].content == answers[1].content and answers[0].headers["ETag"] == answers[1].headers["ETag"]
    for answer in answers:
        assert "host" not in answer.headers.get("Vary", "").lower(), (path, answer.headers.get("Vary"))
    again = requests.get(fronted.base + path, headers={"Accept": "text/html", "If-None-Match": answers[0].headers[
        "ETag"]}, timeout=10)
    assert again.status_code == 304 and again.headers.get("Vary") == answers[0].headers.get("Vary"), again.headers


def test_the_app_is_told_the_origin_not_what_the_client_wrote(fronted: Process) -> None:
    """Through the export, a search result's URL, the reconciliation manifest's and a 303 name the origin; a
    client's forged X-Forwarded-* headers change none of them."""
    found = requests.get(fronted.base + "/search.json", params={"q": "notodden"}, headers=FORGED, timeout=10)
    assert found.status_code == 200
    urls = [r["url"] for r in found.json()["results"]]
    assert urls and all(url.startswith(ORIGIN + "/") for url in urls), urls[:3]
    manifest = requests.get(fronted.base + "/reconcile", headers=FORGED, timeout=10)
    assert manifest.status_code == 200 and "attacker.test" not in manifest.text and ORIGIN in manifest.text
    viewed = requests.get(fronted.base + "/reconcile/view", params={"id": ID + "municipality/notodden"},
                          headers=FORGED, allow_redirects=False, timeout=10)
    assert viewed.status_code == 303 and viewed.headers["Location"] == "/id/municipality/notodden", viewed.headers


@pytest.mark.parametrize("path", ["/search.json", "/search", "/sparql"])
def test_a_trace_of_what_the_app_answers_is_the_apps_405(fronted: Process, app: Server, path: str) -> None:
    """nginx refuses TRACE before it chooses a location; with --app the paths the app answers get the app's 405:
    ``/search.json``'s had been byregion.js's plain text where the app's is problem details."""
    through = requests.request("TRACE", fronted.base + path, timeout=10)
    own = requests.request("TRACE", app.url + path, timeout=10)
    assert (through.status_code, through.headers["Content-Type"], through.headers.get("Allow")) \
        == (own.status_code, own.headers["Content-Type"], own.headers.get("Allow")), path
    assert through.content == own.content, path


def test_the_apps_description_and_health_are_the_apps_through_the_export(fronted: Process) -> None:
    """The reconciliation manifest names /openapi.json as its documentation, and a load balancer in front of the
    export reads /health: both were the export's 404."""
    described = requests.get(fronted.base + "/openapi.json", timeout=10)
    assert described.status_code == 200 and "/reconcile" in described.json()["paths"]
    health = requests.get(fronted.base + "/health", timeout=10)
    assert health.status_code == 200 and health.json()["status"] == "ok"


def test_the_export_waits_for_the_app_as_long_as_its_settings_let_a_query_take(app: Server,
                                                                               site_settings: Settings) -> None:
    """nginx waited a fixed 120 s for /sparql and its default 60 s on the app's other paths, and Apache its Timeout
    (60 s), while a query may wait BYREGION_SPARQL_QUEUE_WAIT for a slot and run BYREGION_SPARQL_TIMEOUT (each up to
    a day): a query the app would answer was cut into the proxy's 504. Both wait as long as the settings the export
    is made with let the app take (app_read_timeout), on every path passed to the app, and nginx reads it."""
    folder, port = export_folder(), free_port()
    env = {**settings_env(site_settings), "BYREGION_SPARQL_TIMEOUT": "600", "BYREGION_SPARQL_QUEUE_WAIT": "900"}
    waits = app_read_timeout(Settings.from_env(env))
    assert waits > 900 + 600 + Settings().sparql_start_timeout  # the longest the app may take before it answers
    try:
        done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port), "--app", app.url],
                              env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        written = (folder / "nginx.conf").read_text(encoding="utf-8")
        # once, in the server block, which every location that passes to the app inherits: none sets its own
        assert re.findall(r"proxy_read_timeout (\S+);", written) == [f"{waits}s"]
        server = written.index("    server {")
        assert server < written.index(f"proxy_read_timeout {waits}s;") < written.index("\n        location ", server)
        assert f"\nProxyTimeout {waits}\n" in (folder / "apache.conf").read_text(encoding="utf-8")
        nginx = start_nginx(folder, port)
        try:
            answer = requests.get(nginx.base + "/sparql", params={"query": "ASK {}"},
                                  headers={"Accept": "application/sparql-results+json"}, timeout=10)
            assert answer.status_code == 200 and answer.json()["boolean"] is True
        finally:
            stop_web_server(nginx, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_without_an_origin_the_app_is_told_the_requests_own_host(app: Server, site_settings: Settings) -> None:
    folder, port = export_folder(), free_port()
    export(site_settings, folder, port, "--app", app.url)
    nginx = start_nginx(folder, port)
    try:
        found = requests.get(nginx.base + "/search.json", params={"q": "notodden"},
                             headers={"Host": "data.example.net", **FORGED}, timeout=10)
        urls = [r["url"] for r in found.json()["results"]]
        assert urls and all(url.startswith("http://data.example.net/") for url in urls), urls[:3]
    finally:
        stop_web_server(nginx, folder)
        shutil.rmtree(folder, ignore_errors=True)


def test_an_operators_own_directives_are_included_and_a_new_export_keeps_them(
        site_build: PublishedBuild, site_settings: Settings) -> None:
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    folder, port = export_folder(), free_port()
    try:
        export(site_settings, folder, port)
        (folder / "http.d" / "words.conf").write_text('map $uri $operator_word { default "from http.d"; }\n',
                                                       encoding="utf-8")
        (folder / "server.d" / "hook.conf").write_text(
            'location = /operator { default_type text/plain; return 200 "$operator_word"; }\n', encoding="utf-8")
        export(site_settings, folder, port)  # a new export of the build: the operator's files stay
        nginx = start_nginx(folder, port)
        try:
            answer = requests.get(nginx.base + "/operator", timeout=10)
            assert (answer.status_code, answer.text) == (200, "from http.d")
            assert requests.get(nginx.base + "/doc/region/notodden.ttl", timeout=10).status_code == 200
        finally:
            stop_web_server(nginx, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_apache_tells_the_app_the_origin_not_what_the_client_wrote(app: Server, site_settings: Settings) -> None:
    """mod_proxy made X-Forwarded-Host from the client's Host and appended it to the client's own: behind Apache
    the app took a forged Host for the public one."""
    missing = apache_missing()
    if missing:
        pytest.fail(missing)
    folder, port = export_folder(), free_port()
    try:
        export(site_settings, folder, port, "--app", app.url, "--origin", ORIGIN)
        server = start_apache(folder, folder / "apache.conf", port)
        try:
            found = requests.get(server.base + "/search.json", params={"q": "notodden"},
                                 headers={"Host": "evil.test", **FORGED}, timeout=10)
            urls = [r["url"] for r in found.json()["results"]]
            assert urls and all(url.startswith(ORIGIN + "/") for url in urls), urls[:3]
            for path in ("/openapi.json", "/health", "/search.json?q=notodden", "/sparql?query=ASK%7B%7D"):
                passed = requests.get(server.base + path, headers={"Accept": "application/json"}, timeout=10)
                assert passed.status_code == 200, path
                # the app's own caching (httpd had set its documents' over it: /health was public for 300 s)
                own = requests.get(app.url + path, headers={"Accept": "application/json"}, timeout=10)
                assert passed.headers.get("Cache-Control") == own.headers.get("Cache-Control"), path
                # the app's own CORS header, not the app's and httpd's ("*, *", which browsers refuse; a review)
                assert passed.headers["Access-Control-Allow-Origin"] == "*", (path, passed.headers)
            # and the headers the app lets a browser's script read, a query's among them (a diff review)
            answer = requests.get(server.base + "/sparql?query=ASK%7B%7D",
                                  headers={"Accept": "application/sparql-results+json"}, timeout=10)
            exposed = {n.strip() for n in answer.headers["Access-Control-Expose-Headers"].split(",")}
            assert {"X-Byregion-Truncated", "Retry-After"} <= exposed, exposed
            # a body announced past what the app reads is httpd's 413 at once, never passed to the app (whose own
            # 413 names the body's size: it had been the one answering, a re-check)
            for path in ("/sparql", "/reconcile"):
                large = requests.post(server.base + path, data=b"query=" + b"x" * 1_100_000,
                                      headers={"Content-Type": "application/x-www-form-urlencoded"}, timeout=30)
                assert large.status_code == 413 and "Request Entity Too Large" in large.text, (path, large.text[:300])
                assert "bytes" not in large.text, large.text[:300]
        finally:
            stop_web_server(server, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_apaches_redirects_name_the_origin(site_build: PublishedBuild, site_settings: Settings) -> None:
    """httpd qualifies a redirect's Location with its ServerName (mod_headers cannot edit it): with --origin,
    the origin's scheme and host, not http:// and the Host the TLS proxy passed."""
    conf = apache_conf(ApacheSite(8080, Path("/x"), {}, origin=ORIGIN, base_uri=ORIGIN))
    assert f"ServerName {ORIGIN}\nUseCanonicalName On" in conf
    missing = apache_missing() or nginx_missing()
    if missing:
        pytest.fail(missing)
    folder, port = export_folder(), free_port()
    try:
        export(site_settings, folder, port, "--origin", ORIGIN)
        server = start_apache(folder, folder / "apache.conf", port)
        try:
            moved = requests.get(f"{server.base}/id/region/notodden", headers={"Host": "127.0.0.1"},
                                 allow_redirects=False, timeout=10)
            assert moved.status_code == 303 and moved.headers["Location"] == f"{ORIGIN}/doc/region/notodden"
        finally:
            stop_web_server(server, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
