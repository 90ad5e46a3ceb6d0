"""Shared fixtures for the web tier: a real build of a small dataset, and a real HTTP server over it.

The dataset is ``tests/fixtures/site`` (MODEL.md-shaped, invented texts) plus the real ontology,
built with the real pipeline (:func:`byregion.build.build`: merge, SHACL validation, Oxigraph store).
"""

from __future__ import annotations

import gc
import os
import pickle
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from unittest import mock

import pytest
import requests
from rdflib import Dataset

from byregion import REPO_ROOT, sources
from byregion.build import PublishedBuild, ValidationFailed, build, leases, open_current
from byregion.graph_index import GraphIndex
from byregion.settings import Settings
from byregion.validate import Report, load_shapes, validate
from tests.support.nginx import export_folder, nginx_missing, start_nginx, stop_web_server
from tests.support.servers import Server as Process
from tests.support.servers import free_port, stop, wait_until_idle
from tests.support.shared import made_once, run_folder
from tests.support.site import fixture_repo
from tests.support.stores import close_all, store_of

BASE = "https://data.byregion.no"
#: The `byregion` command, run with this interpreter (works without the console script installed).
BYREGION = (sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())")


#: Session fixtures holding servers that many tests share; each value has ``processes`` (name → process).
#: ``endpoint`` and ``oxigraph`` are defined in tests/sparql/conftest.py.
SHARED_SERVERS = ("server", "endpoint", "oxigraph")


#: The modules the run starts with. pytest-xdist gives each of the two workers one module, then each next module to
#: whichever worker has nearly finished its own: one worker makes the repository's build (whose validation report
#: test_shapes.py reads; tests/support/shared.py) in test_protocol.py, while the other reads the fixture site's, made
#: first (the repository's is made over it), in test_static_export.py, finishes first and takes test_synth.py, which
#: needs neither build; the catalogue's tests, which read the repository's, come after, instead of a worker idling
#: while it waits for the other's build. The other modules follow, most tests first (xdist's own order, turned off in
#: pyproject.toml so that this one holds).
FIRST_MODULES = ("tests/sparql/test_protocol.py", "tests/test_static_export.py", "tests/test_synth.py",
                 "tests/catalogue/test_catalogue.py")
#: Modules of few tests that take long (20 to 50 s each in a run on 2026-12-01): ordered by their number of tests
#: they came last, and one worker ran them while the other had nothing left to do. They follow FIRST_MODULES,
#: and the short modules of many tests fill the end of the run.
LONG_MODULES = ("tests/test_openapi_http.py", "tests/sparql/test_store_away_http.py", "tests/catalogue/test_places.py",
                "tests/test_damaged_build.py", "tests/test_load_http.py")


#: The cyclic garbage collector's thresholds in the test processes (Python's are 700, 10, 10): a test worker holds
#: hundreds of megabytes of rdflib graphs (the repository's data, the reference tables, builds' indexes), and with
#: Python's thresholds the tests that make graphs of their own set off a collection of the youngest objects every
#: 700 new ones and of the older every ten of those, which brings the collections of the whole heap (Python 3.11: after
#: ten of the older, once a quarter more objects have survived into the oldest) many times more often. Measured in one
#: process on test_reference.py, test_programme.py and test_ontology_versions.py (2026-12-07, one after the other):
#: 47.9-55.1 s with Python's, 36.6-36.9 s with these, peak memory 316 MB and 500 MB; collecting never (gc.disable)
#: took 35.7 s and 1 GB. Processes forked from a worker (a build's merge and its render workers) inherit them; the
#: validation's workers (spawned), and the servers and commands the tests start, keep Python's.
GC_THRESHOLDS = (20_000, 10, 10)


def pytest_configure(config: pytest.Config) -> None:
    gc.set_threshold(*GC_THRESHOLDS)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: pytest.FixtureDef[object], request: pytest.FixtureRequest) -> Iterator[object]:
    """After a session fixture is made, every object the worker holds is moved out of the cyclic collector's reach
    (``gc.freeze``): what a session fixture makes (the repository's data as rdflib graphs, the builds' indexes) lives
    until the run ends, and each full collection walked all of it again. A build made in a test's process calls
    ``gc.collect()`` between its steps (byregion/memory.py, to give a large build's memory back); over a worker's
    heap that took 86 s of the run's CPU (py-spy over the whole suite, 2026-12-07), the build's own garbage a
    fraction of it. Frozen objects are still freed when nothing refers to them; only a cycle that becomes garbage
    later (a module fixture alive at the moment) stays until the worker ends."""
    value = yield
    if fixturedef.scope == "session":
        gc.freeze()
    return value


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    close_all()  # the stores tests opened of builds (tests.support.stores)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the modules as :data:`FIRST_MODULES` then :data:`LONG_MODULES` say, the rest by their number of
    tests; tests keep their order within a module."""
    module = {id(item): item.nodeid.split("::", 1)[0] for item in items}
    count: dict[str, int] = {}
    for name in module.values():
        count[name] = count.get(name, 0) + 1
    position = {id(item): i for i, item in enumerate(items)}

    def rank(item: pytest.Item) -> tuple[int, int, str, int]:
        name = module[id(item)]
        ordered = FIRST_MODULES + LONG_MODULES
        first = ordered.index(name) if name in ordered else len(ordered)
        return first, -count[name], name, position[id(item)]
    items.sort(key=rank)


@pytest.fixture(autouse=True)
def nothing_left_running(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test, every shared server it used is idle again: no query of the test still runs in it.

    A query left running (Oxigraph's ``--timeout-s`` does not stop one) would slow every later test.
    """
    yield
    processes: dict[str, subprocess.Popen[bytes]] = {}
    for name in SHARED_SERVERS:
        if name in request.fixturenames:
            processes.update(request.getfixturevalue(name).processes)
    if processes:
        wait_until_idle(processes)


@pytest.fixture(scope="session")
def site_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings pointing at a temporary repository (fixture data + real ontology) and build folder, which the
    workers share (tests/support/shared.py): no test writes into either; a test that changes them copies them."""
    with made_once(tmp_path_factory, "site") as (root, first):
        if first:
            fixture_repo(root / "repo")
    repo = root / "repo"
    # No access log: `serving` pipes the server's output and reads it only when the server fails to start.
    return Settings.from_env({}, repo_dir=repo, build_dir=root / "build", base_uri=BASE, workers=1, access_log=False)


@pytest.fixture(scope="session")
def site_build(site_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> PublishedBuild:
    """The fixture site built once for the run (the workers share it, as :func:`real_build`)."""
    with made_once(tmp_path_factory, "site-build") as (_, first):
        if first:
            build(site_settings, progress=False)
    return open_current(site_settings.build_dir)


@pytest.fixture(scope="session")
def site_index(site_build: PublishedBuild) -> GraphIndex:
    """The test build's graph indexed as the build indexes it for rendering."""
    return GraphIndex.from_store(store_of(site_build).oxigraph, site_build.base_uri)


@pytest.fixture(scope="session")
def real_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a copy of the repository's own data, unchanged: every municipality and county since
    2014 (the look-ups, reconciliation and maps need all of them), the programme and the imported pages."""
    with made_once(tmp_path_factory, "real") as (root, first):
        if first:
            for name in ("ontology", "data", "shapes"):
                shutil.copytree(REPO_ROOT / name, root / "repo" / name)
    return Settings.from_env({}, repo_dir=root / "repo", build_dir=root / "build", base_uri=BASE, workers=1,
                             access_log=False)


@pytest.fixture(scope="session")
def repository_dataset() -> Dataset:
    """The repository's data as :func:`byregion.sources.load_dataset` reads it, loaded once per worker (about ten
    seconds on a busy machine) for the tests that only read it: no test may change it (one that needs changed data
    loads its own copy)."""
    return sources.load_dataset(REPO_ROOT)


#: The real build's validation report, pickled in the run's folder (tests/support/shared.py) for every worker.
REPOSITORY_REPORT = "repository-report.pickle"


@pytest.fixture(scope="session")
def real_build(real_settings: Settings, site_settings: Settings, site_build: PublishedBuild,
               tmp_path_factory: pytest.TempPathFactory) -> PublishedBuild:
    """The repository's own dataset, built once for the run by the real pipeline (the workers share it:
    tests/support/shared.py) over a copy of the fixture site's build (:func:`site_build`): the second version of its
    folder, which gives the catalogue a history (tests/catalogue), as between two releases, and costs no second build
    of the repository. No test writes into it: tests that build make their own folders. Its validation report is
    kept, pickled, for :func:`repository_report`, also when a violation stops the build."""
    with made_once(tmp_path_factory, "real-build") as (_, first):
        if first:
            shutil.rmtree(real_settings.build_dir, ignore_errors=True)  # what a worker's failed attempt left
            shutil.copytree(site_settings.build_dir, real_settings.build_dir, symlinks=True,
                            ignore=shutil.ignore_patterns(leases.FOLDER, ".lock"))
            report: Report | None = None
            try:
                with mock.patch.dict(os.environ):  # a SOURCE_DATE_EPOCH of the shell would date it with the site's
                    os.environ.pop("SOURCE_DATE_EPOCH", None)  # build, which it follows: refused (changed data)
                    report = build(real_settings, progress=False).report
            except ValidationFailed as failed:
                report = failed.report
                raise
            finally:
                if report is not None:
                    (run_folder(tmp_path_factory) / REPOSITORY_REPORT).write_bytes(pickle.dumps(report))
    return open_current(real_settings.build_dir)


@pytest.fixture(scope="session")
def repository_report(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Report:
    """The repository's own data validated whole against its shapes: the report of :func:`real_build`, which
    validates the repository whole (it is smaller than one part, ``BYREGION_VALIDATION_PART_TRIPLES``) as
    ``validate(sources.load_dataset(REPO_ROOT), load_shapes(REPO_ROOT))`` does. Where a violation stops that
    build, the tests reading this report still say which file breaks which rule."""
    with suppress(ValidationFailed):
        request.getfixturevalue("real_build")
    pickled = run_folder(tmp_path_factory) / REPOSITORY_REPORT
    if not pickled.exists():  # the fixture site's build, which the repository's follows, stopped first
        return validate(sources.load_dataset(REPO_ROOT), load_shapes(REPO_ROOT))
    loaded: Report = pickle.loads(pickled.read_bytes())
    return loaded


@dataclass(frozen=True)
class Server:
    url: str
    settings: Settings
    process: subprocess.Popen[bytes] = field(compare=False, repr=False)

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        return {f"byregion serve at {self.url}": self.process}


def settings_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BYREGION_")}
    env.update({
        "BYREGION_REPO_DIR": str(settings.repo_dir),
        "BYREGION_BUILD_DIR": str(settings.build_dir),
        "BYREGION_BASE_URI": settings.base_uri,
        "BYREGION_WORKERS": "1",
        "BYREGION_FOLLOW_INTERVAL": str(settings.follow_interval),
        "BYREGION_ACCESS_LOG": str(settings.access_log),
        "BYREGION_PROXY_HOPS": str(settings.proxy_hops),
        "PYTHONUNBUFFERED": "1",
    })
    return env


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"server exited with {process.returncode} before answering:\n{out}")
        try:
            requests.get(url + "/static/style.css", timeout=1)
            return
        except requests.ConnectionError:
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not answer within {timeout} s")


def repo_copy(site_settings: Settings, root: Path) -> Settings:
    """The fixture site's repository copied to ``root/repo``, to be built into ``root/build`` (a server following it
    looks every 0.2 s): for a test that changes the data, leaving the shared repository alone."""
    repo = root / "repo"
    shutil.copytree(site_settings.repo_dir, repo)
    return replace(site_settings, repo_dir=repo, build_dir=root / "build", follow_interval=0.2)


def built_copy(site_settings: Settings, root: Path) -> Settings:
    """:func:`repo_copy` with the shared build of it (:func:`site_build`, which the test must ask for; or the build
    folder of other settings so copied) copied into ``root/build``: what building it there gives (builds of the
    same data publish the same bytes: tests/catalogue/test_stable_documents.py), without a build's seconds. The
    servers' leases on the shared build and its lock are that folder's own, and stay there."""
    if not (site_settings.build_dir / "current").exists():
        raise RuntimeError("built_copy copies the shared build of the fixture site: ask for the site_build fixture")
    settings = repo_copy(site_settings, root)
    shutil.copytree(site_settings.build_dir, settings.build_dir, symlinks=True,
                    ignore=shutil.ignore_patterns(leases.FOLDER, ".lock"))
    return settings


@contextmanager
def serving(settings: Settings, *options: str, port: int | None = None) -> Iterator[Server]:
    """``byregion serve [options]`` in a subprocess on ``port`` (default: a free one) over ``settings``."""
    port = port or free_port()
    process = subprocess.Popen(
        [*BYREGION, "serve", "--host", "127.0.0.1", "--port", str(port), *options],
        env=settings_env(settings), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url, process)
        yield Server(url, settings, process)
    finally:
        stop(process)  # the whole tree, should it outlast the grace


@pytest.fixture(scope="session")
def server(site_build: PublishedBuild, site_settings: Settings) -> Iterator[Server]:
    """``byregion serve`` in a subprocess on a free port, over the test build."""
    with serving(site_settings) as running:
        yield running


@pytest.fixture(scope="session")
def real_server(real_build: PublishedBuild, real_settings: Settings) -> Iterator[Server]:
    """``byregion serve`` in a subprocess on a free port, over the repository's own dataset."""
    with serving(real_settings) as running:
        yield running


# ------------------------------------------------------------------------------ the static export under nginx

@pytest.fixture(scope="session")
def export() -> Iterator[Path]:
    """The folder of the export nginx serves (removed afterwards)."""
    folder = export_folder()
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def nginx(site_build: PublishedBuild, site_settings: Settings, export: Path) -> Iterator[Process]:
    """nginx serving `byregion export-static` of the test build, stopped (workers included) afterwards; shared by
    tests/test_static_export.py and the profile tests, which run the same requests against the app."""
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    port = free_port()
    done = subprocess.run([*BYREGION, "export-static", str(export), "--port", str(port)],
                          env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"nginx -p {export} -c nginx.conf" in done.stdout
    server = start_nginx(export, port)
    try:
        yield server
    finally:
        stop_web_server(server, export)


@pytest.fixture(scope="session")
def app_export(site_build: PublishedBuild, site_settings: Settings, server: Server) -> Iterator[tuple[Path, int]]:
    """A second export of the test build, made with ``--app`` naming ``server`` (its folder and the port it was
    written for), which tests/test_static_export.py serves with nginx and tests/test_apache_export.py with Apache."""
    folder, port = export_folder(), free_port()
    try:
        done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port), "--app", server.url],
                              env=settings_env(site_settings), cwd=REPO_ROOT, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr
        yield folder, port
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def nginx_with_app(app_export: tuple[Path, int]) -> Iterator[Process]:
    """nginx serving :func:`app_export`, which passes what only the app answers to ``server``."""
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    folder, port = app_export
    started = start_nginx(folder, port)
    try:
        yield started
    finally:
        stop_web_server(started, folder)
