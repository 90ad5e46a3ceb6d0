"""Clients that hold a connection of ``byregion serve`` slowly: one sending its headers a byte at a time is
disconnected after ``BYREGION_HEADER_TIMEOUT`` seconds (granian's own 30 s had let 3,000 of them hold every
connection the workers take, and other clients got no answer), and a stop waits at most
``BYREGION_SHUTDOWN_TIMEOUT`` seconds for the answers under way (a slow download had kept a stopped server running, its
port closed, for as long as the client took)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest

from byregion import REPO_ROOT
from byregion.settings import Settings
from tests.conftest import BYREGION, settings_env, wait_until_up
from tests.support.servers import free_port, stop

pytestmark = pytest.mark.slow  # a server


@contextmanager
def app(settings: Settings, **env: str) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    port = free_port()
    process = subprocess.Popen([*BYREGION, "serve", "--host", "127.0.0.1", "--port", str(port)],
                               env={**settings_env(settings), **env}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, cwd=REPO_ROOT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}", process)
        yield port, process
    finally:
        stop(process)


def closed(sock: socket.socket) -> bool:
    """Whether the server has closed ``sock`` (read without waiting)."""
    sock.setblocking(False)
    try:
        return sock.recv(1024) == b""
    except BlockingIOError:
        return False
    except ConnectionResetError:
        return True
    finally:
        sock.setblocking(True)


@pytest.mark.usefixtures("site_build")
def test_a_client_sending_its_headers_a_byte_at_a_time_is_disconnected_after_the_header_timeout(
        site_settings: Settings) -> None:
    with app(site_settings, BYREGION_HEADER_TIMEOUT="1") as (port, _), \
            socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
        started, held = time.monotonic(), 0.0
        for byte in b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 100:
            slow.send(bytes([byte]))
            time.sleep(0.1)
            held = time.monotonic() - started
            if closed(slow) or held > 10:
                break
        assert 0.9 < held < 3, f"a slow client held its connection {held:.1f} s, with a header timeout of 1 s"


#: A query that runs until its timeout: a cross product of the test build's triples, counted.
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.usefixtures("site_build")
def test_a_stop_waits_for_an_answer_under_way_no_longer_than_the_shutdown_timeout(site_settings: Settings) -> None:
    """What a worker is still sending or working out when the server is told to stop holds the stop: here a query
    given a minute (the test build's dumps are too small to outlast the socket's buffers, as the repository's
    12 MB N-Triples dump read at 50 kB/s did)."""
    with app(site_settings, BYREGION_SHUTDOWN_TIMEOUT="1", BYREGION_SPARQL_TIMEOUT="60") as (port, process), \
            socket.create_connection(("127.0.0.1", port), timeout=5) as client:
        client.sendall(f"GET /sparql?{urlencode({'query': ENDLESS})} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                       "Accept: application/sparql-results+json\r\n\r\n".encode())
        time.sleep(1)  # the query is running
        started = time.monotonic()
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            pytest.fail("the server was still running 15 s after SIGTERM, waiting for an answer under way")
        assert time.monotonic() - started < 8
