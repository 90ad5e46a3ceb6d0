"""Local server processes for the SPARQL tests and benchmark: the endpoint under granian, and Oxigraph.

Both are started on a free port of 127.0.0.1 and waited for until they answer; :func:`stop` ends one.
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from byregion import REPO_ROOT
from byregion.settings import Settings

#: A query every SPARQL endpoint answers at once; used to see that a server is up.
PROBE = "?" + urlencode({"query": "ASK {}"})


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]

    @property
    def query_url(self) -> str:
        """Oxigraph's query URL (for ``BYREGION_STORE_URL``)."""
        return self.base + "/query"

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(server: Server, path: str, seconds: float = 120.0) -> None:
    """Return once ``GET path`` answers 200; RuntimeError if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server for {server.base} exited with {server.process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.1)
    stop(server.process)
    raise RuntimeError(f"{server.base}{path} did not answer within {seconds:g} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def oxigraph_binary() -> str:
    """The `oxigraph` command (PyPI package ``oxigraph``, a test extra), next to this Python first."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: install the test extras (PyPI package oxigraph)")
    return found


def start_oxigraph(location: Path, *, read_only: bool = False, timeout_s: float | None = None) -> Server:
    """``oxigraph serve`` (or ``serve-read-only``) with the union default graph, as our endpoint has."""
    port = free_port()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    if timeout_s:
        command += ["--timeout-s", f"{timeout_s:g}"]
    server = Server(f"http://127.0.0.1:{port}",
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    wait_for(server, "/query" + PROBE)
    return server


def start_endpoint(build_dir: Path, settings: Mapping[str, object], *, app: str = "server.app:serve_app",
                   workers: int = 1, threads: int | None = None, pythonpath: tuple[Path, ...] = ()) -> Server:
    """The web app under granian on ``build_dir``, as ``byregion serve`` runs it; ``settings`` become
    ``BYREGION_*`` variables, and ``threads`` defaults to what they ask for (``Settings.request_threads``)."""
    port = free_port()
    if threads is None:
        threads = Settings.from_env({}, **settings).request_threads
    env = dict(os.environ, BYREGION_BUILD_DIR=str(build_dir),
               PYTHONPATH=os.pathsep.join(str(p) for p in (REPO_ROOT, *pythonpath)))
    env.update({f"BYREGION_{name.upper()}": str(value) for name, value in settings.items()})
    granian = str(Path(sys.executable).parent / "granian")
    process = subprocess.Popen(
        [granian, "--interface", "wsgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--blocking-threads", str(threads), app],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process)
    wait_for(server, "/sparql" + PROBE)
    return server
