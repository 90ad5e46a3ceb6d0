"""A build small enough is queried from memory: its N-Quads are loaded once per pool, by the parent of the query
processes, and shared with them by fork; a larger build is queried from its on-disk store. Both give the same
answers, and a dataset that cannot be loaded is reported with what and where."""

from __future__ import annotations

import json
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


def test_memory_and_disk_give_the_same_answers(build: PublishedBuild) -> None:
    before = set(fork_servers())  # other tests' apps in this process may keep theirs
    from_memory = WorkerPool(build.path / "store", 1, in_memory=build.path / "dataset.nq")
    from_disk = WorkerPool(build.path / "store", 1)
    try:
        memory, disk = _answers(from_memory), _answers(from_disk)
    finally:
        from_memory.close()
        from_disk.close()
    assert all(memory) and memory == disk
    assert not set(fork_servers()) - before  # closing a pool ends its fork server


def test_the_query_processes_share_the_store_their_parent_loaded(build: PublishedBuild) -> None:
    pool = WorkerPool(build.path / "store", 4, in_memory=build.path / "dataset.nq")
    try:
        pool.wait_ready(30)
        for query in QUERIES:  # every process has run something since the fork
            pool.run(Job(query, "SELECT", JSON, 100_000), 30)
        parent = pool._forks._process
        assert parent is not None
        processes = descendants(parent.pid)
        assert len(processes) == 5  # the parent and its four query processes
        status = (Path("/proc") / str(parent.pid) / "status").read_text()
        parent_rss = int(status.split("VmRSS:")[1].split()[0]) / 1024
        _, summed_pss = tree_memory_mb(parent.pid)
        # Five processes that each held the store would sum to about five times the parent's memory.
        assert summed_pss < 2 * parent_rss, (summed_pss, parent_rss)
    finally:
        pool.close()


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
