"""Fixtures for the SPARQL tests: a build of the repository's data, an Oxigraph server and a Virtuoso
holding the same data, and the endpoint served over real HTTP (granian) once per store: ``embedded``,
``remote`` (Oxigraph server) and ``virtuoso`` (Debian's Virtuoso 7).

The servers are shared by every test (session fixtures), so a test must leave none of them working:
``nothing_left_running`` (tests/conftest.py) checks it after each test. A test that starts queries which
never end uses ``runaway_endpoint``, whose Oxigraph store is a server of that test alone (Virtuoso stops
such queries itself, at its ``MaxQueryExecutionTime``).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset

from byregion.build import PublishedBuild
from byregion.settings import Settings
from tests.support.servers import Server, load_oxigraph, start_endpoint, start_oxigraph, stop
from tests.support.virtuoso import start_virtuoso, virtuoso_missing

#: Small limits so that the guards can be shown quickly; the real data has more than MAX_ROWS triples.
TIMEOUT = 3.0
MAX_ROWS = 1000
MAX_CONCURRENT = 2
MAX_QUERY_BYTES = 20_000
#: A short queue with a short wait, so that a query finding both slots busy is refused quickly.
QUEUE_LENGTH = 2
QUEUE_WAIT = 0.5
#: Virtuoso's own limit ([SPARQL] MaxQueryExecutionTime), which stops a runaway query inside Virtuoso.
VIRTUOSO_MAX_SECONDS = 2  # below TIMEOUT, as docs/sparql.md advises: Virtuoso stops what the endpoint gives up


@pytest.fixture(scope="session")
def dataset(repository_dataset: Dataset) -> Dataset:
    """The repository's data, one named graph per input file (docs/MODEL.md), its default graph the union of them
    all, as the endpoint reads it: a view of the worker's ``repository_dataset`` (tests/conftest.py), the same store,
    not loaded again (it had been: 21.5 s of the run's CPU, 2026-12-07). No test may change it."""
    return Dataset(store=repository_dataset.store, default_union=True)


@pytest.fixture(scope="session")
def build_dir(real_build: PublishedBuild, real_settings: Settings) -> Path:
    """A real, validated build of the repository's data (``byregion build``), the one tests/conftest.py's
    ``real_build`` makes for the session."""
    return real_settings.build_dir


def loaded_oxigraph(location: Path, build_dir: Path) -> Server:
    """An Oxigraph server (the PyPI `oxigraph` binary) holding the build's named graphs, bulk-loaded from its
    ``dataset.nq`` before the server starts: what ``byregion build --publish`` loads (test_publish.py), in a
    tenth of the time."""
    from byregion.build import open_current

    load_oxigraph(location, open_current(build_dir).file("dataset.nq"))
    return start_oxigraph(location, timeout_s=int(TIMEOUT) + 1)


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, build_dir: Path) -> Iterator[Server]:
    """The Oxigraph server holding the build that the tests share."""
    server = loaded_oxigraph(tmp_path_factory.mktemp("oxigraph"), build_dir)
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="session")
def virtuoso(tmp_path_factory: pytest.TempPathFactory, build_dir: Path) -> Iterator[Server]:
    """A Virtuoso holding the build that the tests share (a second remote engine besides Oxigraph)."""
    from byregion.build import open_current

    missing = virtuoso_missing()
    if missing:
        pytest.fail(missing)
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"), open_current(build_dir).file("dataset.nq"),
                            max_seconds=VIRTUOSO_MAX_SECONDS)
    try:
        yield server
    finally:
        stop(server.process)


@dataclass
class Endpoint:
    kind: str  # "embedded" | "remote" (Oxigraph server) | "virtuoso"
    base: str
    servers: tuple[Server, ...]  # the endpoint, and for "remote" the Oxigraph server behind it

    @property
    def url(self) -> str:
        return self.base + "/sparql"

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {name: process for server in self.servers for name, process in server.processes.items()}


def start(kind: str, build_dir: Path, store: Server | None) -> Endpoint:
    """The endpoint over real HTTP with the test limits, on the embedded store or on ``store``."""
    settings = {"store_url": store.query_url if store else "", "sparql_timeout": TIMEOUT,
                "sparql_max_rows": MAX_ROWS, "sparql_max_concurrent": MAX_CONCURRENT,
                "sparql_max_query_bytes": MAX_QUERY_BYTES, "sparql_queue_length": QUEUE_LENGTH,
                "sparql_queue_wait": QUEUE_WAIT}
    server = start_endpoint(build_dir, settings)
    return Endpoint(kind, server.base, (server, store) if store else (server,))


STORES = {"embedded": None, "remote": "oxigraph", "virtuoso": "virtuoso"}


@pytest.fixture(scope="session", params=list(STORES))
def endpoint(request: pytest.FixtureRequest, build_dir: Path) -> Iterator[Endpoint]:
    """The endpoint over real HTTP: on the embedded store, on the shared Oxigraph server, on Virtuoso."""
    store = STORES[request.param]
    running = start(request.param, build_dir, request.getfixturevalue(store) if store else None)
    try:
        yield running
    finally:
        stop(running.servers[0].process)


@pytest.fixture()
def runaway_endpoint(endpoint: Endpoint, build_dir: Path, tmp_path: Path) -> Iterator[Endpoint]:
    """The endpoint for a test that starts queries which never end by themselves.

    Embedded: the shared endpoint, whose query processes are killed at the timeout (the check after the
    test shows that they were). Remote and Virtuoso: an endpoint and a store of this test alone, stopped
    when it ends: Oxigraph's ``--timeout-s`` abandons the answer but not the work, so the query would keep
    a core busy for as long as the server runs; Virtuoso stops a query at its ``MaxQueryExecutionTime``
    (test_guards_http shows it for one query) but, with several at once, took longer than the check
    after a test waits.
    """
    if endpoint.kind == "embedded":
        yield endpoint
        return
    if endpoint.kind == "virtuoso":
        from byregion.build import open_current

        store = start_virtuoso(tmp_path / "virtuoso", open_current(build_dir).file("dataset.nq"),
                               max_seconds=VIRTUOSO_MAX_SECONDS)
    else:
        store = loaded_oxigraph(tmp_path / "oxigraph", build_dir)
    try:
        own = start(endpoint.kind, build_dir, store)
    except BaseException:
        stop(store.process, grace=1)
        raise
    try:
        yield own
    finally:
        for server in own.servers:
            stop(server.process, grace=1)  # nothing to keep: a quick SIGKILL if SIGTERM is not enough
