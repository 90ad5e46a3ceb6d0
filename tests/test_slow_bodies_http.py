"""Clients that announce a POST body and never send it. The WSGI server reads a body in one of a worker's request
threads with no time limit (granian times out only the headers), so as many such clients as there are threads
(``Settings.request_threads``) hold the app; the static export's nginx, which passes ``/sparql`` and
``/reconcile`` to the app with ``--app``, reads each body whole before it passes it on (``proxy_request_buffering``,
``client_body_timeout``), so they hold nothing of the app's. SECURITY.md says to put the app behind such a proxy."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest
import requests

from byregion import REPO_ROOT
from byregion.settings import Settings
from tests.conftest import BYREGION, settings_env, wait_until_up
from tests.support.nginx import export_folder, nginx_missing, start_nginx, stop_web_server
from tests.support.servers import Server as Process
from tests.support.servers import free_port, stop

pytestmark = pytest.mark.slow  # a server, an export and nginx

#: The app's threads in this test: one a request beyond the SPARQL slot and its queue place (request_threads: 4).
SMALL = {"BYREGION_THREADS": "2", "BYREGION_SPARQL_MAX_CONCURRENT": "1", "BYREGION_SPARQL_QUEUE_LENGTH": "1"}
STALLED = 12  # three times the app's threads


@contextmanager
def small_app(settings: Settings, env: dict[str, str] = SMALL) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen([*BYREGION, "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env={**settings_env(settings), **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=REPO_ROOT)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield url
    finally:
        stop(process)


@contextmanager
def nginx_before(settings: Settings, app: str, env: dict[str, str] | None = None) -> Iterator[Process]:
    folder, port = export_folder(), free_port()
    try:
        done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port), "--app", app],
                              env={**settings_env(settings), **(env or {})}, cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        process = start_nginx(folder, port)
        try:
            yield process
        finally:
            stop_web_server(process, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def stalled_bodies(url: str, path: str, count: int) -> Iterator[None]:
    """``count`` connections that POST to ``path`` announcing 100 bytes and sending 3."""
    host, port = url.removeprefix("http://").split(":")
    with ExitStack() as stack:
        for _ in range(count):
            sock = stack.enter_context(socket.create_connection((host, int(port)), timeout=5))
            sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}:{port}\r\nContent-Type: application/sparql-query\r\n"
                         "Content-Length: 100\r\n\r\nASK".encode())
        time.sleep(0.5)  # for the server to take them up
        yield


def answers(url: str) -> bool:
    try:
        return requests.get(url + "/sparql", params={"query": "ASK {}"}, timeout=3,
                            headers={"Accept": "application/sparql-results+json"}).status_code == 200
    except requests.Timeout:
        return False


@pytest.mark.usefixtures("site_build")  # the app serves the test build
def test_stalled_bodies_hold_the_app_alone_but_not_the_app_behind_the_exports_nginx(
        site_settings: Settings) -> None:
    if missing := nginx_missing():
        pytest.fail(missing)
    with small_app(site_settings) as app, nginx_before(site_settings, app) as nginx:
        assert answers(app) and answers(nginx.base)
        with stalled_bodies(nginx.base, "/sparql", STALLED):
            assert answers(nginx.base), "nginx passed a body it had not read whole"
        with stalled_bodies(app, "/sparql", STALLED):  # what the proxy spares the app: the reason it is advised
            assert not answers(app)
        assert answers(app)  # and once they are gone, the app answers again


@pytest.mark.usefixtures("site_build")  # the app serves the test build
def test_the_exports_nginx_lets_through_the_bodies_the_app_takes_and_leaves_the_413_to_it(
        site_settings: Settings) -> None:
    """nginx's own cap on a body (1 MiB unless told) would refuse a batch the app takes
    (BYREGION_RECONCILE_MAX_REQUEST_BYTES raised to 2 MB here), with its own HTML page: the export lets through
    one byte past the app's limit, so that the app says what is too large, in its own words."""
    if missing := nginx_missing():
        pytest.fail(missing)
    larger = {"BYREGION_RECONCILE_MAX_REQUEST_BYTES": "2000000"}
    batch = "queries=" + urllib.parse.quote(json.dumps({"q0": {"query": "Notodden"}}))
    with small_app(site_settings, larger) as app, nginx_before(site_settings, app, larger) as nginx:
        taken = requests.post(nginx.base + "/reconcile", data=batch + "%20" * 500_000, timeout=30,
                              headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert taken.status_code == 200 and taken.json()["q0"]["result"], taken.text[:200]
        just_past = batch + "+" * (2_000_001 - len(batch))  # one byte past the app's limit: the app's 413
        refused = requests.post(nginx.base + "/reconcile", data=just_past, timeout=30,
                                headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert refused.status_code == 413 and "BYREGION_RECONCILE_MAX_REQUEST_BYTES" in refused.text
        far_past = requests.post(nginx.base + "/reconcile", data=just_past + "+", timeout=30,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
        assert far_past.status_code == 413  # nginx's own, never read whole
