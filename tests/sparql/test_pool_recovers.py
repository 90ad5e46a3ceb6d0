"""The query processes: one that fails to start is replaced on a later query (the pool never shrinks to
nothing), and closing the pool ends busy workers too, when their query is done."""

from __future__ import annotations

import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from byregion.sparql import EngineError
from byregion.sparql.execute import Job
from byregion.sparql.pool import RESTART_BACKOFF, WorkerPool
from tests.support.query_processes import alive, query_processes

pytestmark = pytest.mark.slow  # real worker processes on a real store

ASK = Job("ASK { ?s ?p ?o }", "ASK", "application/sparql-results+json", 10)


def test_workers_that_failed_to_start_are_replaced_once_the_store_is_there(build_dir: Path, tmp_path: Path) -> None:
    from byregion.build import open_current

    store = tmp_path / "store"  # not there yet: the workers cannot open it
    pool = WorkerPool(store, 2)
    try:
        with pytest.raises(EngineError, match="unavailable"):
            pool.wait_ready(30)
        with pytest.raises(EngineError):
            pool.run(ASK, 10)
        shutil.copytree(open_current(build_dir).path / "store", store)
        time.sleep(RESTART_BACKOFF)
        deadline = time.monotonic() + 30
        while True:  # the next queries start replacements; the first may still find none ready
            try:
                assert b"true" in pool.run(ASK, 10).body
                break
            except EngineError:
                assert time.monotonic() < deadline, "no worker was started again"
                time.sleep(0.2)
        pool.wait_ready(30)
        assert pool._idle.qsize() == 2  # both slots have a live worker again
    finally:
        pool.close()


def test_closing_the_pool_ends_a_worker_busy_with_a_query(build_dir: Path) -> None:
    from byregion.build import open_current

    before = query_processes()
    pool = WorkerPool(open_current(build_dir).path / "store", 1)
    pool.wait_ready(30)
    started = query_processes() - before
    assert len(started) == 1
    slow = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }", "SELECT", "application/sparql-results+json",
               10)
    with ThreadPoolExecutor(1) as running:
        answer = running.submit(pool.run, slow, 60)
        time.sleep(0.3)
        pool.close()  # while the query runs: its worker is busy, not idle
        with pytest.raises(EngineError, match="shutting down"):
            answer.result(timeout=10)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [pid for pid in started if alive(pid)], "a busy worker outlived the closed pool"
