"""The query processes have no network unless SERVICE is allowed: a SERVICE the guards did not see (they are
by-passed here, the job goes to the pool as it is) reaches nothing, and everything else runs as before."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from byregion.build import open_current
from byregion.sparql import EngineError
from byregion.sparql.execute import Job
from byregion.sparql.pool import WorkerPool

pytestmark = pytest.mark.slow  # real worker processes on a real store

JSON = "application/sparql-results+json"


def _can_leave_the_network() -> str | None:
    """None where this system lets a process leave the network (unprivileged user namespaces), else why not."""
    code = "from byregion.sparql.forkserver import without_network; print(without_network() or '')"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() \
        or None


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets, and its URL."""
    asked: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            asked.append(self.path.split("?")[0])
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            body = b'{"head": {"vars": []}, "results": {"bindings": []}}'
            self.send_response(200)
            self.send_header("Content-Type", JSON)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", asked
    finally:
        server.shutdown()
        server.server_close()


def test_a_service_that_passed_the_guards_reaches_nothing(build_dir: Path,
                                                         listener: tuple[str, list[str]]) -> None:
    if (why := _can_leave_the_network()) is not None:
        pytest.skip(f"this system keeps processes from leaving the network: {why}")
    url, asked = listener
    pool = WorkerPool(open_current(build_dir).path / "store", 1, isolate=True)
    try:
        with pytest.raises(EngineError, match="unreachable"):
            pool.run(Job(f"SELECT * WHERE {{ SERVICE <{url}/secret> {{ ?s ?p ?o }} }}", "SELECT", JSON, 10), 10)
        assert asked == []
        counted = pool.run(Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT", JSON, 10), 10)
        assert b'"n"' in counted.body  # the store is read as before
    finally:
        pool.close()


def test_with_service_allowed_the_query_processes_keep_the_network(build_dir: Path,
                                                                   listener: tuple[str, list[str]]) -> None:
    url, asked = listener
    pool = WorkerPool(open_current(build_dir).path / "store", 1, isolate=False)
    try:
        pool.run(Job(f"SELECT * WHERE {{ SERVICE <{url}/other> {{ ?s ?p ?o }} }}", "SELECT", JSON, 10), 10)
        assert asked == ["/other"]
    finally:
        pool.close()
