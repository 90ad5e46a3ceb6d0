"""A build small enough is queried from memory: its N-Quads are loaded once per pool, by the parent of the query
processes, and shared with them by fork; a larger build is queried from its on-disk store. Both give the same
answers, and a dataset that cannot be loaded is reported with what and where."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from byregion.build import PublishedBuild, open_current
from byregion.settings import Settings
from byregion.sparql import EngineError
from byregion.sparql.execute import Job
from byregion.sparql.pool import WorkerPool
from byregion.sparql.runner import in_memory, make_runner
from tests.support.procmem import descendants, tree_memory_mb
from tests.support.query_processes import fork_servers

pytestmark = pytest.mark.slow  # real query processes on a real build

JSON = "application/sparql-results+json"
#: Queries whose answers do not depend on the order the store finds things in.
QUERIES = [
    "SELECT ?type (COUNT(*) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY ?type",
    'PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?m ?name WHERE { ?m skos:prefLabel ?name '
    'FILTER (lang(?name) = "nb") } ORDER BY ?m ?name',
    "PREFIX schema: <https://schema.org/> SELECT ?s ?t WHERE { ?s schema:text ?t "
    'FILTER (CONTAINS(LCASE(STR(?t)), "samarbeid")) } ORDER BY ?s ?t',
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    # blank nodes keep the build's labels (_:c14n…), as the dumps and the on-disk store have them
    "SELECT ?s ?p ?b WHERE { ?s ?p ?b FILTER isBlank(?b) } ORDER BY ?b ?s ?p LIMIT 50",
]


@pytest.fixture(scope="module")
def build(build_dir: Path) -> PublishedBuild:
    return open_current(build_dir)


def test_a_build_within_the_setting_is_queried_from_memory_and_a_larger_one_from_disk(build: PublishedBuild) -> None:
    settings = Settings()
    assert build.info.triples <= settings.sparql_in_memory_max_triples  # the repository's build is small
    assert in_memory(settings, build) == build.path / "dataset.nq"
    assert in_memory(replace(settings, sparql_in_memory_max_triples=build.info.triples - 1), build) is None
    assert in_memory(replace(settings, sparql_in_memory_max_triples=0), build) is None
    runner = make_runner(settings, None, build)
    try:
        pool = getattr(runner, "inner", runner)  # behind the kept answers
        assert isinstance(pool, WorkerPool) and pool.in_memory == build.path / "dataset.nq"
    finally:
        runner.close()


def _answers(pool: WorkerPool) -> list[object]:
    return [json.loads(pool.run(Job(query, "SELECT", JSON, 100_000), 30).body)["results"]["bindings"]
            for query in QUERIES]


def test_memory_and_disk_give_the_same_answers(build: PublishedBuild, tmp_path: Path) -> None:
    before = set(fork_servers())  # other tests' apps in this process may keep theirs
    # no store where the one from memory would look: its answers can only come from memory
    from_memory = WorkerPool(tmp_path / "no-store", 1, in_memory=build.path / "dataset.nq")
    from_disk = WorkerPool(build.path / "store", 1)
    try:
        memory, disk = _answers(from_memory), _answers(from_disk)
    finally:
        from_memory.close()
        from_disk.close()
    assert all(memory) and memory == disk
    assert '"type": "bnode", "value": "c14n' in json.dumps(memory[-1])
    assert not set(fork_servers()) - before  # closing a pool ends its fork server


def _pool_memory(build: PublishedBuild, in_memory: Path | None) -> tuple[float, float]:
    """A pool of four processes that have each run queries since their fork (four clients at once): the RSS of
    its parent alone and the summed PSS of the parent and its processes, in MB."""
    pool = WorkerPool(build.path / "store", 4, in_memory=in_memory)
    try:
        pool.wait_ready(30)
        with ThreadPoolExecutor(4) as clients:
            list(clients.map(lambda query: pool.run(Job(query, "SELECT", JSON, 100_000), 30), QUERIES * 4))
        parent = pool._forks._process
        assert parent is not None and len(descendants(parent.pid)) == 5  # the parent and its four forks
        status = (Path("/proc") / str(parent.pid) / "status").read_text()
        return int(status.split("VmRSS:")[1].split()[0]) / 1024, tree_memory_mb(parent.pid)[1]
    finally:
        pool.close()


def test_the_query_processes_share_the_store_their_parent_loaded(build: PublishedBuild) -> None:
    memory_parent, memory_pool = _pool_memory(build, build.path / "dataset.nq")
    disk_parent, disk_pool = _pool_memory(build, None)
    store = memory_parent - disk_parent  # what holding the build in memory adds to a process
    assert store > 5
    # Five processes that each held the store would add five stores to the pool; shared, it is about one (the
    # forks' own allocations land in part on pages of the parent's heap, which they then copy).
    assert memory_pool - disk_pool < 3 * store, (memory_pool, disk_pool, store)


def test_a_dataset_that_cannot_be_loaded_is_reported(build: PublishedBuild, tmp_path: Path) -> None:
    broken = tmp_path / "dataset.nq"
    broken.write_text("<https://example.org/a> <https://example.org/b> .\n")  # no object
    before = set(fork_servers())
    pool = WorkerPool(build.path / "store", 1, in_memory=broken)
    try:
        with pytest.raises(EngineError, match=r"cannot load .*dataset\.nq into memory"):
            pool.wait_ready(30)
    finally:
        pool.close()
    assert not set(fork_servers()) - before  # the one that failed has ended


def test_a_build_that_leaves_a_query_too_little_memory_is_refused_saying_so(build: PublishedBuild) -> None:
    """The forks inherit the store and the memory cap counts it: a store of more than half the cap is refused at
    start, naming both settings, instead of every query being answered "out of memory"."""
    pool = WorkerPool(build.path / "store", 1, in_memory=build.path / "dataset.nq", max_memory=40 * 2**20)
    try:
        with pytest.raises(EngineError, match=r"more than half .*BYREGION_SPARQL_MAX_MEMORY.*"
                                              r"BYREGION_SPARQL_IN_MEMORY_MAX_TRIPLES"):
            pool.wait_ready(30)
    finally:
        pool.close()
