"""What ``scripts/bench`` sends: with a new query text every request, no text is sent twice, in one wrk run or
across the rounds of a benchmark. The endpoint keeps the answers of texts it has seen (byregion.sparql.cache), so a
text sent again in a later round is answered from memory and the "new text" figure measures the cache instead
of the engine (the comment once held only the thread's offset and the request's number, the same every run).
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script

pytestmark = pytest.mark.slow  # runs wrk against a server for a few seconds

@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench")


class Recorder(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), RecordingHandler)
        self.paths: list[str] = []
        self.lock = threading.Lock()

    def handle_error(self, request: object, client_address: object) -> None:
        """wrk closes its connections when its time is up, some in the middle of a request: not an error of the
        test's (the standard server printed a traceback to the suite's output)."""


class RecordingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as wrk expects
    server: Recorder

    def do_GET(self) -> None:
        with self.server.lock:
            self.server.paths.append(self.path)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    server = Recorder()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    thread.join(5)


def test_new_texts_are_new_across_rounds(bench: ModuleType, recorder: Recorder, tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: install Debian's wrk (scripts/test.sh does)")
    base = f"http://127.0.0.1:{recorder.server_address[1]}"
    query = "/sparql?query=SELECT%20*%20WHERE%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20LIMIT%201"
    for _ in range(2):  # two rounds of the same measurement
        bench.wrk(base, [query], "application/sparql-results+json", 1, 4, tmp_path, unique=True)
    assert len(recorder.paths) > 100
    assert all(p.startswith(query + "%0A%23%20") for p in recorder.paths)
    assert len(set(recorder.paths)) == len(recorder.paths), "a query text was sent twice"


def test_repeated_texts_repeat(bench: ModuleType, recorder: Recorder, tmp_path: Path) -> None:
    """The other half of the measurement: without ``unique`` every request carries the text as it is."""
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: install Debian's wrk (scripts/test.sh does)")
    base = f"http://127.0.0.1:{recorder.server_address[1]}"
    bench.wrk(base, ["/sparql?query=ASK%20%7B%7D"], "application/sparql-results+json", 1, 2, tmp_path)
    assert recorder.paths and set(recorder.paths) == {"/sparql?query=ASK%20%7B%7D"}


@pytest.mark.parametrize("kind", ["select", "aggregate", "text"])
def test_each_benchmark_query_parses(bench: ModuleType, kind: str) -> None:
    """A query the store refuses would measure two 400s against each other (the aggregate's ``br:`` once had no
    prefix, and both servers answered nothing but errors)."""
    import pyoxigraph

    list(pyoxigraph.Store().query(bench.QUERIES[kind]))  # an undefined prefix is a SyntaxError here
