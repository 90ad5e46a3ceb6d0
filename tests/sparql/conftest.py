"""Fixtures for the SPARQL tests: a build of the repository's data, an Oxigraph server holding the same
data, and the endpoint served over real HTTP (granian) once per store: ``embedded`` and ``remote``."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from rdflib import Dataset

from byregion import REPO_ROOT, sources
from byregion.namespaces import bind_prefixes

HERE = Path(__file__).parent
#: Small limits so that the guards can be shown quickly; the real data has more than MAX_ROWS triples.
TIMEOUT = 3.0
MAX_ROWS = 1000
MAX_CONCURRENT = 2
MAX_QUERY_BYTES = 20_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, seconds: float = 60.0, process: subprocess.Popen[bytes] | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for {url} exited with {process.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up in {seconds} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


@pytest.fixture(scope="session")
def dataset() -> Dataset:
    """The repository's data, one named graph per input file (docs/MODEL.md)."""
    data = sources.load_dataset(REPO_ROOT)
    bind_prefixes(data)
    return data


@pytest.fixture(scope="session")
def build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real, validated build of the repository's data (``byregion build``)."""
    from byregion.build import build
    from byregion.settings import Settings

    build_dir = tmp_path_factory.mktemp("build")
    build(Settings.from_env({}, build_dir=build_dir), progress=False)
    return build_dir


def oxigraph_binary() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    if not Path(found).exists():
        raise RuntimeError("the `oxigraph` command is missing: install the test extras (PyPI package oxigraph)")
    return found


@dataclass
class OxigraphServer:
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    location: Path

    @property
    def query_url(self) -> str:
        return self.base + "/query"


def start_oxigraph(location: Path, timeout_s: int | None = None) -> OxigraphServer:
    port = free_port()
    command = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}",
               "--union-default-graph"]
    if timeout_s:
        command += ["--timeout-s", str(timeout_s)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/", process=process)
    return OxigraphServer(base, process, location)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, build_dir: Path) -> Iterator[OxigraphServer]:
    """An Oxigraph server (the PyPI `oxigraph` binary) holding the build, loaded with `byregion.publish`."""
    from byregion.build import open_current
    from byregion.publish import publish

    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"), timeout_s=int(TIMEOUT) + 1)
    try:
        publish(open_current(build_dir), server.base)
        yield server
    finally:
        stop(server.process)


@dataclass
class Endpoint:
    kind: str  # "embedded" | "remote"
    base: str

    @property
    def url(self) -> str:
        return self.base + "/sparql"


def start_endpoint(build_dir: Path, store_url: str = "", **settings: object) -> tuple[str, subprocess.Popen[bytes]]:
    port = free_port()
    env = dict(os.environ, BYREGION_BUILD_DIR=str(build_dir), BYREGION_STORE_URL=store_url,
               BYREGION_SPARQL_TIMEOUT=str(TIMEOUT), BYREGION_SPARQL_MAX_ROWS=str(MAX_ROWS),
               BYREGION_SPARQL_MAX_CONCURRENT=str(MAX_CONCURRENT),
               BYREGION_SPARQL_MAX_QUERY_BYTES=str(MAX_QUERY_BYTES),
               PYTHONPATH=os.pathsep.join([str(REPO_ROOT), str(HERE)]))
    env.update({f"BYREGION_{k.upper()}": str(v) for k, v in settings.items()})
    granian = str(Path(sys.executable).parent / "granian")
    process = subprocess.Popen(
        [granian, "--interface", "wsgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
         "--workers", "1", "--blocking-threads", "8", "sparql_wsgi:make_app"],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_for(base + "/sparql?query=ASK%7B%7D", process=process)
    return base, process


@pytest.fixture(scope="session", params=["embedded", "remote"])
def endpoint(request: pytest.FixtureRequest, build_dir: Path) -> Iterator[Endpoint]:
    """The endpoint over real HTTP, once on the embedded store and once on the remote Oxigraph server."""
    store_url = request.getfixturevalue("oxigraph").query_url if request.param == "remote" else ""
    base, process = start_endpoint(build_dir, store_url)
    try:
        yield Endpoint(request.param, base)
    finally:
        stop(process)
