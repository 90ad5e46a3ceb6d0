"""Operating the server: ``/health`` tells a load balancer whether the store answers (against a real Oxigraph
server started and stopped), and ``byregion serve`` writes an access log in the Combined Log Format."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from byregion.build import PublishedBuild
from byregion.publish import publish
from byregion.settings import Settings
from tests.conftest import Server, serving
from tests.support.servers import Server as Process
from tests.support.servers import start_endpoint, start_oxigraph, stop

pytestmark = pytest.mark.slow  # `byregion serve`, granian and Oxigraph servers

def test_health_reports_the_build_and_the_embedded_store(server: Server, site_build: PublishedBuild) -> None:
    answer = requests.get(server.url + "/health", timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Cache-Control"] == "no-store"
    health = answer.json()
    assert health["status"] == "ok" and health["version"] == site_build.version
    # the data's version, which the dataset page cites (a data scientist had recorded the build's instead)
    assert health["content_version"] == site_build.info.content_version
    cited = requests.get(server.url + "/dataset", headers={"Accept": "text/turtle"}, timeout=30).text
    assert f'"{health["content_version"]}"' in cited
    assert health["build"] == {"folder": site_build.path.name, "problems": []}
    assert health["store"]["reachable"] is True and health["store"]["kind"] == "embedded"
    assert requests.head(server.url + "/health", timeout=30).status_code == 200

@pytest.fixture
def own_oxigraph(tmp_path: Path, site_build: PublishedBuild) -> Iterator[Process]:
    """An Oxigraph server of this test's own, loaded with the test build."""
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        publish(site_build, server.base)
        yield server
    finally:
        stop(server.process)

def test_health_is_503_while_the_remote_store_is_down(own_oxigraph: Process, site_settings: Settings,
                                                      tmp_path: Path) -> None:
    endpoint = start_endpoint(site_settings.build_dir, {"store_url": own_oxigraph.query_url, "health_timeout": 2,
                                                        "access_log": False, "base_uri": site_settings.base_uri})
    try:
        up = requests.get(endpoint.base + "/health", timeout=30)
        assert up.status_code == 200 and up.json()["store"] == {**up.json()["store"], "reachable": True,
                                                                 "kind": "remote"}
        stop(own_oxigraph.process)
        down = requests.get(endpoint.base + "/health", timeout=30)
        assert down.status_code == 503
        health = down.json()
        assert health["status"] == "unavailable" and health["store"]["reachable"] is False
        assert "trivial query" in health["store"]["error"]
        assert own_oxigraph.base.split("//")[1] not in down.text  # the store's address is not published
        assert health["store"]["seconds"] < 5
    finally:
        stop(endpoint.process)

#: host ident user [day/Mon/year:HH:MM:SS zone] "request" status size "referer" "agent"
QUOTED = r'"([^"\\]*(?:\\.[^"\\]*)*)"'  # a quoted field, escapes inside
COMBINED = re.compile(rf'^(\S+) - - \[(\d{{2}}/[A-Z][a-z]{{2}}/\d{{4}}:\d{{2}}:\d{{2}}:\d{{2}} [+-]\d{{4}})\] {QUOTED} '
                      rf'(\d{{3}}) (\d+|-) {QUOTED} {QUOTED}$')

def test_byregion_serve_writes_a_combined_log_line_per_request(site_settings: Settings,
                                                               site_build: PublishedBuild) -> None:
    agent = 'test-agent "quoted"\tand tabbed'
    with serving(replace(site_settings, access_log=True)) as running:
        ok = requests.get(running.url + "/doc/region/notodden?lang=en", timeout=30,
                          headers={"User-Agent": agent, "Referer": "http://example.org/from", "Accept": "text/turtle"})
        missing = requests.get(running.url + "/doc/region/atlantis%0a127.0.0.1 - - forged", timeout=30,
                               headers={"User-Agent": agent})
        query = requests.get(running.url + "/sparql?query=ASK%20%7B%7D", timeout=30, headers={"User-Agent": agent,
                             "Accept": "application/sparql-results+json"})
        host, port = running.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=30) as old:  # HTTP/1.0, as nginx passes requests on
            old.sendall(b"GET /health HTTP/1.0\r\nUser-Agent: test-agent 1.0\r\n\r\n")
            while old.recv(65536):
                pass
    output = running.process.stdout.read().decode("utf-8", "replace") if running.process.stdout else ""
    lines = [line for line in output.splitlines() if "test-agent" in line]
    assert len(lines) == 4, output[-2000:]
    parsed = [COMBINED.match(line) for line in lines]
    assert all(parsed), lines
    first, second, third, fourth = (m.groups() for m in parsed if m)
    assert fourth[2] == "GET /health HTTP/1.0"  # as the request line wrote it (granian says "HTTP/1")
    assert first[0] == "127.0.0.1" and first[2] == "GET /doc/region/notodden?lang=en HTTP/1.1"
    assert (int(first[3]), first[4]) == (ok.status_code, ok.headers["Content-Length"])  # bytes sent (gzip)
    assert first[5] == "http://example.org/from" and first[6] == 'test-agent \\"quoted\\"\\x09and tabbed'
    assert second[2] == "GET /doc/region/atlantis%0A127.0.0.1%20-%20-%20forged HTTP/1.1" and int(second[3]) == 404
    assert missing.status_code == 404 and second[5] == "-"
    assert third[2].startswith("GET /sparql?query=ASK") and int(third[3]) == query.status_code == 200

def test_the_access_log_can_be_turned_off(site_settings: Settings, site_build: PublishedBuild) -> None:
    with serving(site_settings) as running:  # the test settings turn it off
        requests.get(running.url + "/", timeout=30, headers={"User-Agent": "test-agent-off"})
    output = running.process.stdout.read().decode("utf-8", "replace") if running.process.stdout else ""
    assert "test-agent-off" not in output


FORWARDED = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "data.byregion.no",
             "X-Forwarded-For": "203.0.113.7"}


def test_behind_a_tls_proxy_the_pages_name_https_and_the_public_host(site_settings: Settings,
                                                                     site_build: PublishedBuild) -> None:
    """``BYREGION_PROXY_HOPS=1``: the proxy's X-Forwarded-* are believed, so robots.txt and the sitemap (which a
    crawler rejects when their scheme is not the site's), the reconciliation manifest and the log name what the
    client asked for, not the proxy's hop to the server."""
    with serving(replace(site_settings, proxy_hops=1)) as behind:
        robots = requests.get(behind.url + "/robots.txt", headers=FORWARDED, timeout=30).text
        assert "Sitemap: https://data.byregion.no/sitemap.xml" in robots, robots
        sitemap = requests.get(behind.url + "/sitemap.xml", headers=FORWARDED, timeout=30).text
        assert "<loc>https://data.byregion.no/" in sitemap and "http://" not in sitemap.split("<urlset", 1)[1] \
            .replace("http://www.sitemaps.org", "").replace("http://www.w3.org", "")
        manifest = requests.get(behind.url + "/reconcile", headers=FORWARDED, timeout=30).json()
        assert manifest["preview"]["url"].startswith("https://data.byregion.no/reconcile/preview")
        # and they say so: a cache keyed on the host and path alone had served the http:// sitemap to https clients
        for path in ("/robots.txt", "/sitemap.xml", "/reconcile", "/"):
            vary = requests.get(behind.url + path, headers=FORWARDED, timeout=30).headers["Vary"]
            assert {"host", "x-forwarded-host", "x-forwarded-proto"} <= {v.strip().lower() for v in vary.split(",")}, \
                (path, vary)
        assert "X-Forwarded" not in requests.get(behind.url + "/doc/region/notodden", headers=FORWARDED,
                                                 timeout=30).headers["Vary"]


def test_an_origin_is_written_without_its_default_port(site_settings: Settings, site_build: PublishedBuild) -> None:
    """One origin, one set of bytes: ``https://data.byregion.no:443`` is ``https://data.byregion.no`` (RFC 3986
    §6.2.3), which the static export writes. A proxy that names the port (``X-Forwarded-Host`` with ``:443``), or
    a client that names ``:80`` in its Host, gets the origin without it in robots.txt, the sitemap, the home page,
    the reconciliation manifest, search's JSON and the OpenAPI description's servers, with the same ETag; a port
    that is no default stays."""
    plain = {**FORWARDED, "X-Forwarded-Host": "data.byregion.no"}
    with serving(replace(site_settings, proxy_hops=1)) as behind:
        def get(path: str, host: str) -> requests.Response:
            return requests.get(behind.url + path, headers={**plain, "X-Forwarded-Host": host}, timeout=30)
        robots, sitemap = get("/robots.txt", "data.byregion.no:443"), get("/sitemap.xml", "data.byregion.no:443")
        assert "Sitemap: https://data.byregion.no/sitemap.xml" in robots.text, robots.text
        assert "<loc>https://data.byregion.no/" in sitemap.text and ":443" not in sitemap.text
        for path in ("/robots.txt", "/sitemap.xml", "/"):
            with_port, without = get(path, "data.byregion.no:443"), get(path, "data.byregion.no")
            assert (with_port.content, with_port.headers["ETag"]) == (without.content, without.headers["ETag"]), path
        assert ":443" not in get("/", "data.byregion.no:443").text
        manifest = get("/reconcile", "data.byregion.no:443").json()
        assert manifest["preview"]["url"].startswith("https://data.byregion.no/reconcile/preview")
        assert get("/openapi.json", "data.byregion.no:443").json()["servers"][0]["url"] == "https://data.byregion.no/"
        found = get("/search.json?q=notodden", "data.byregion.no:443").json()
        assert found["results"][0]["url"].startswith("https://data.byregion.no/")
        assert "Sitemap: https://data.byregion.no:8443/sitemap.xml" in get("/robots.txt", "data.byregion.no:8443").text


def test_a_host_naming_the_default_port_is_written_without_it(server: Server) -> None:
    """Without a proxy too: a client whose Host says ``:80`` (or an empty port) gets ``http://127.0.0.1``."""
    for host in ("127.0.0.1:80", "127.0.0.1:"):
        robots = requests.get(server.url + "/robots.txt", headers={"Host": host}, timeout=30).text
        assert "Sitemap: http://127.0.0.1/sitemap.xml" in robots, (host, robots)


def test_forwarded_port_is_not_believed(site_settings: Settings, site_build: PublishedBuild) -> None:
    """The usual proxy (nginx's recipe, the export's own) writes ``X-Forwarded-Proto`` and ``-Host`` and passes a
    client's ``X-Forwarded-Port`` on: believed, a client's ``X-Forwarded-Port: 666`` had been written into
    robots.txt and the sitemap that a shared cache keeps. A port the proxy names goes in ``X-Forwarded-Host``."""
    with serving(replace(site_settings, proxy_hops=1)) as behind:
        forged = {**FORWARDED, "X-Forwarded-Port": "666"}
        robots = requests.get(behind.url + "/robots.txt", headers=forged, timeout=30).text
        assert "Sitemap: https://data.byregion.no/sitemap.xml" in robots, robots
        sitemap = requests.get(behind.url + "/sitemap.xml", headers=forged, timeout=30).text
        assert "666" not in sitemap


def test_a_forwarded_scheme_is_http_or_https_or_refused(site_settings: Settings, site_build: PublishedBuild) -> None:
    """A proxy that sets only ``Host`` and ``X-Forwarded-For`` passes a client's ``X-Forwarded-Proto`` on as it came;
    it was written unescaped into the home page (a ``<meta http-equiv="refresh">`` to another site, in an answer
    shared caches keep), robots.txt (``javascript://…``) and the sitemap, and a quote in it broke the
    reconciliation manifest (500). It is refused, saying which header; ``HTTPS`` in capitals is https."""
    hostile = 'http</script><meta http-equiv="refresh" content="0;url=https://evil.example/"><script type="x/y">'
    with serving(replace(site_settings, proxy_hops=1)) as behind:
        for path in ("/", "/robots.txt", "/sitemap.xml", "/reconcile", "/doc/region/notodden"):
            for scheme in (hostile, "javascript", "gopher"):
                answer = requests.get(behind.url + path, headers={**FORWARDED, "X-Forwarded-Proto": scheme},
                                      timeout=30)
                assert answer.status_code == 400, (path, scheme, answer.status_code)
                assert "X-Forwarded-Proto" in answer.text and "evil.example" not in answer.text
        robots = requests.get(behind.url + "/robots.txt", headers={**FORWARDED, "X-Forwarded-Proto": "HTTPS"},
                              timeout=30).text
        assert "Sitemap: https://data.byregion.no/sitemap.xml" in robots, robots


def test_without_proxy_hops_forwarded_headers_are_not_believed(server: Server) -> None:
    """A client could write them: with ``BYREGION_PROXY_HOPS=0`` (the default) the request's own scheme and host."""
    robots = requests.get(server.url + "/robots.txt", headers=FORWARDED, timeout=30)
    assert "Sitemap: http://127.0.0.1/sitemap.xml" in robots.text, robots.text
    assert robots.headers["Vary"] == "Host"
