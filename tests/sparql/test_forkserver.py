"""The query processes' parent (``byregion/sparql/forkserver.py``): it forks them, tells the pool how each ended
(so that a query past the memory cap is told from a crash), works where the system has no pidfd, and never
outlives the web process, however that ends."""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from byregion.build import open_current
from byregion.sparql import QueryOutOfMemory, QueryTimeout
from byregion.sparql.execute import Job
from byregion.sparql.pool import WorkerPool
from tests.support.query_processes import alive, children_of, fork_servers

pytestmark = pytest.mark.slow  # real query processes on a real build

JSON = "application/sparql-results+json"
ENDLESS = Job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "SELECT", JSON, 10)
HUNGRY = Job("SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f", "SELECT", JSON, 10)
COUNT = Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT", JSON, 10)


def test_without_pidfd_a_query_is_still_stopped_and_its_end_told(build_dir: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Where ``os.pidfd_open`` is missing (not Linux), the processes are killed by pid and their end is read
    from their parent: a timeout and the memory cap are each answered as such, and the next query runs."""
    monkeypatch.delattr(os, "pidfd_open", raising=False)
    before = set(fork_servers())  # other tests' apps in this process may keep theirs
    build = open_current(build_dir)
    pool = WorkerPool(build.path / "store", 1, in_memory=build.path / "dataset.nq", max_memory=256 * 2**20)
    try:
        pool.wait_ready(30)
        with pytest.raises(QueryTimeout):
            pool.run(ENDLESS, 1)
        with pytest.raises(QueryOutOfMemory):
            pool.run(HUNGRY, 60)
        assert pool.replaced == 2
        assert b'"n"' in pool.run(COUNT, 30).body
    finally:
        pool.close()
    assert not set(fork_servers()) - before


def test_the_parent_and_its_processes_end_when_the_web_process_is_killed(build_dir: Path) -> None:
    store = open_current(build_dir).path
    code = ("import sys, time; from pathlib import Path; from byregion.sparql.pool import WorkerPool; "
            f"pool = WorkerPool(Path({str(store / 'store')!r}), 2, in_memory=Path({str(store / 'dataset.nq')!r})); "
            "pool.wait_ready(30); print('ready', flush=True); time.sleep(120)")
    web = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, start_new_session=True)
    try:
        assert web.stdout is not None
        assert select.select([web.stdout], [], [], 60)[0], "the pool did not start within 60 s"
        assert web.stdout.readline() == b"ready\n"
        parents = fork_servers(web.pid)
        assert len(parents) == 1
        forks = children_of(parents[0])
        assert len(forks) == 2
        web.send_signal(signal.SIGKILL)  # no atexit, no close(): only the closed sockets tell them
        web.wait(10)
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in [*parents, *forks]) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not [pid for pid in [*parents, *forks] if alive(pid)]
    finally:
        if web.poll() is None:
            web.kill()
            web.wait(10)
