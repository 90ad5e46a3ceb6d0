"""A query process may allocate at most ``BYREGION_SPARQL_MAX_MEMORY`` bytes: a query that needs more (an ORDER BY
over a cross product took 4 GB in 15 s) is stopped when it passes the cap, long before its time is up, answered with
503 saying what to do, and its process replaced; the next query runs as before."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from byregion.build import open_current
from byregion.sparql import QueryOutOfMemory
from byregion.sparql.execute import Job
from byregion.sparql.pool import WorkerPool

pytestmark = pytest.mark.slow  # real worker processes on a real store

JSON = "application/sparql-results+json"
HUNGRY = "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


def test_a_query_past_the_memory_cap_is_stopped_with_503_and_the_next_runs(build_dir: Path) -> None:
    pool = WorkerPool(open_current(build_dir).path / "store", 1, max_memory=256 * 2**20)
    try:
        pool.wait_ready()
        started = time.monotonic()
        with pytest.raises(QueryOutOfMemory, match=r"more than 256 MB of memory .* more selective") as stopped:
            pool.run(Job(HUNGRY, "SELECT", JSON, 10), 60)
        assert stopped.value.status == 503 and time.monotonic() - started < 30  # the cap, not the time limit
        assert pool.replaced == 1
        counted = pool.run(Job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "SELECT", JSON, 10), 30)
        assert b'"n"' in counted.body
    finally:
        pool.close()

