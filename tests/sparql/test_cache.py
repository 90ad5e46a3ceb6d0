"""Answers of one build are kept and reused (a build never changes), bounded in bytes, least recently used
first out; refusals and errors are not kept; the kept answers die with the build's runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from byregion.sparql import QueryTimeout, Refused
from byregion.sparql.cache import ENTRY_OVERHEAD, CachedRunner, ResultCache
from byregion.sparql.execute import Job, Result
from byregion.sparql.guards import volatile
from byregion.sparql.pool import WorkerPool

pytestmark = pytest.mark.fast

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
JSON = "application/sparql-results+json"


def job(query: str = COUNT, media_type: str = JSON, max_rows: int = 100) -> Job:
    return Job(query, "SELECT", media_type, max_rows)


def test_a_repeated_job_is_a_hit_and_another_format_or_cap_is_not() -> None:
    cache = ResultCache(10_000)
    cache.put(job(), Result(b"answer", JSON))
    assert cache.get(job()) == Result(b"answer", JSON)
    assert cache.get(job(media_type="text/csv")) is None
    assert cache.get(job(max_rows=5)) is None
    assert (cache.hits, cache.misses) == (1, 2)


def test_the_least_recently_used_answers_go_first_when_the_bytes_run_out() -> None:
    body = b"x" * 1000
    jobs = [job(f"ASK {{ <urn:{i}> ?p ?o }}") for i in range(4)]  # queries of one length: answers of one cost
    cache = ResultCache(3 * ResultCache.cost(jobs[0], Result(body, JSON)))
    newest = jobs.pop()
    for j in jobs:
        cache.put(j, Result(body, JSON))
    assert cache.get(jobs[0]) is not None  # now the most recently used
    cache.put(newest, Result(body, JSON))
    assert cache.get(jobs[1]) is None and cache.get(jobs[0]) is not None and cache.get(jobs[2]) is not None
    assert cache.bytes <= cache.max_bytes and len(cache) == 3


def test_an_answer_larger_than_the_cache_is_not_kept() -> None:
    cache = ResultCache(ENTRY_OVERHEAD + 100)
    cache.put(job(), Result(b"x" * 200, JSON))
    assert len(cache) == 0 and cache.bytes == 0


@pytest.fixture
def cached(build_dir: Path) -> Iterator[CachedRunner]:
    from byregion.build import open_current

    runner = CachedRunner(WorkerPool(open_current(build_dir).path / "store", 1), 1_000_000)
    runner.wait_ready()
    try:
        yield runner
    finally:
        runner.close()


@pytest.mark.slow
def test_the_second_run_of_a_query_is_answered_from_the_cache_with_the_same_bytes(cached: CachedRunner) -> None:
    first = cached.run(job(), timeout=30)
    second = cached.run(job(), timeout=30)
    assert second.body == first.body and b'"n"' in first.body
    assert (cached.cache.hits, cached.cache.misses) == (1, 1)


@pytest.mark.slow
def test_refusals_are_not_kept(cached: CachedRunner) -> None:
    slow = job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    with pytest.raises(QueryTimeout):
        cached.run(slow, timeout=0.3)
    with pytest.raises(Refused):
        cached.run(job("SELECT nonsense"), timeout=30)
    assert len(cached.cache) == 0


@pytest.mark.slow
def test_closing_the_runner_drops_what_it_kept(cached: CachedRunner) -> None:
    cached.run(job(), timeout=30)
    assert len(cached.cache) == 1
    cached.close()
    assert len(cached.cache) == 0 and cached.cache.bytes == 0


@pytest.mark.slow
def test_an_answer_new_at_every_run_is_never_kept(cached: CachedRunner) -> None:
    """NOW(), RAND(), UUID(), STRUUID() and BNODE() give a new value at every evaluation: such a query's answer is
    no answer of the build alone, and a second run is run again (a re-check found RAND() kept)."""
    query = "SELECT (RAND() AS ?r) (STRUUID() AS ?u) WHERE {}"
    first, second = cached.run(job(query), timeout=30), cached.run(job(query), timeout=30)
    assert first.body != second.body and len(cached.cache) == 0


@pytest.mark.parametrize(("text", "is_volatile"), [
    ("SELECT (NOW() AS ?n) {}", True), ("select (rand () as ?r) {}", True), ("SELECT (UUID() AS ?u) {}", True),
    ("SELECT (STRUUID() AS ?u) {}", True), ("SELECT (BNODE('x') AS ?b) {}", True),
    ("SELECT (\\u0052AND() AS ?r) {}", True),  # an escape Oxigraph may decode
    ("SELECT (RAND#x\n() AS ?r) {}", True), ("SELECT (NOW # a comment\r\n  # and another\n () AS ?n) {}", True),
    ("SELECT (RAND#x() AS ?r) {}", False),  # the bracket is inside the comment: RAND alone, no call
    ("SELECT ?now ?rand WHERE { ?now ?p ?rand }", False), ("SELECT (ex:rand(?x) AS ?y) {}", False),
    (COUNT, False), ("SELECT ?s { ?s <urn:operand> ?o }", False),
])
def test_a_query_is_volatile_where_it_calls_such_a_function(text: str, is_volatile: bool) -> None:
    assert volatile(text) is is_volatile
