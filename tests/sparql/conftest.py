"""Fixtures for the SPARQL tests: a build of the repository's data, an Oxigraph server holding the same
data, and the endpoint served over real HTTP (granian) once per store: ``embedded`` and ``remote``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Dataset

from byregion import REPO_ROOT, sources
from byregion.namespaces import bind_prefixes
from byregion.sparql.servers import Server, start_endpoint, start_oxigraph, stop

__all__ = ["Server", "start_oxigraph", "stop"]  # also used by tests/test_resources_http.py and test_publish.py

#: Small limits so that the guards can be shown quickly; the real data has more than MAX_ROWS triples.
TIMEOUT = 3.0
MAX_ROWS = 1000
MAX_CONCURRENT = 2
MAX_QUERY_BYTES = 20_000
#: A short queue with a short wait, so that a query finding both slots busy is refused quickly.
QUEUE_LENGTH = 2
QUEUE_WAIT = 0.5


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


@pytest.fixture(scope="session")
def oxigraph(tmp_path_factory: pytest.TempPathFactory, build_dir: Path) -> Iterator[Server]:
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


@pytest.fixture(scope="session", params=["embedded", "remote"])
def endpoint(request: pytest.FixtureRequest, build_dir: Path) -> Iterator[Endpoint]:
    """The endpoint over real HTTP, once on the embedded store and once on the remote Oxigraph server."""
    store_url = request.getfixturevalue("oxigraph").query_url if request.param == "remote" else ""
    settings = {"store_url": store_url, "sparql_timeout": TIMEOUT, "sparql_max_rows": MAX_ROWS,
                "sparql_max_concurrent": MAX_CONCURRENT, "sparql_max_query_bytes": MAX_QUERY_BYTES,
                "sparql_queue_length": QUEUE_LENGTH, "sparql_queue_wait": QUEUE_WAIT}
    server = start_endpoint(build_dir, settings)
    try:
        yield Endpoint(request.param, server.base)
    finally:
        stop(server.process)
