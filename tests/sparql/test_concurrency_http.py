"""Many clients at once, over real HTTP (granian, the embedded store): queries wait their turn in the
bounded queue and are answered; only the overflow of the queue gets 503 with ``Retry-After``; and a
server that has just reported ready answers a burst as a warm one does (docs/sparql.md, "Many clients")."""

from __future__ import annotations

import itertools
import statistics
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import requests

from tests.support.servers import Server, start_endpoint, stop

pytestmark = pytest.mark.slow

JSON = {"Accept": "application/sparql-results+json"}
ASK = "ASK { ?s ?p ?o }"
#: A short query that still takes tens of milliseconds: 64 of them keep two slots busy for about a second.
_REQUESTS = itertools.count()
PER_PREDICATE = "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p"
#: About 0.2 s: long enough that every request of a burst arrives while the first still runs.
JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?o ?q ?x }"


def all_at_once(count: int, work: Callable[[int], object]) -> list[object]:
    """``work(i)`` for i in range(count), each on its own thread, released together; the results in order."""
    results: list[object] = [None] * count
    gate = threading.Barrier(count)

    def run(i: int) -> None:
        gate.wait()
        try:
            results[i] = work(i)
        except Exception as exc:  # a failure is a result too: the test shows which
            results[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return results


def post(url: str, query: str, session: requests.Session | None = None) -> tuple[requests.Response, float]:
    """The response and the seconds it took. Every request's text is new (a comment of its own), so that the
    engine runs each one: a repeated text would be answered from the answers kept for the build."""
    started = time.monotonic()
    text = f"{query}\n# {next(_REQUESTS)}"
    response = (session or requests).post(url, data={"query": text}, headers=JSON, timeout=60)
    return response, time.monotonic() - started


def answered(response: requests.Response, query: str) -> bool:
    """A 200 with the right answer to one of the queries above."""
    if response.status_code != 200:
        return False
    body = response.json()
    if query == ASK:
        return body["boolean"] is True
    return len(body["results"]["bindings"]) >= (10 if query == PER_PREDICATE else 1)


@pytest.fixture
def serve(build_dir: Path) -> Iterator[Callable[..., Server]]:
    """Start the endpoint with the given settings (and granian workers); every server is stopped after."""
    servers: list[Server] = []

    def start(workers: int = 1, **settings: object) -> Server:
        servers.append(start_endpoint(build_dir, {"sparql_timeout": 30, **settings}, workers=workers))
        return servers[-1]

    yield start
    for server in servers:
        stop(server.process)


def test_64_clients_at_once_all_get_answers_from_two_slots(serve: Callable[..., Server]) -> None:
    url = serve(sparql_max_concurrent=2, sparql_queue_length=64, sparql_queue_wait=30).base + "/sparql"

    def client(i: int) -> list[bool]:
        with requests.Session() as session:  # one keep-alive connection, two queries in a row
            return [answered(post(url, q, session)[0], q) for q in (PER_PREDICATE, ASK)]

    results = all_at_once(64, client)
    assert results == [[True, True]] * 64, [r for r in results if r != [True, True]][:3]


def test_overflow_of_a_tiny_queue_gets_503_with_retry_after_and_nothing_else_fails(
        serve: Callable[..., Server]) -> None:
    url = serve(sparql_max_concurrent=1, sparql_queue_length=1, sparql_queue_wait=30).base + "/sparql"
    results = all_at_once(8, lambda i: post(url, JOIN))
    assert not [r for r in results if isinstance(r, Exception)], results
    responses = [r for r in results if isinstance(r, tuple)]
    served = [seconds for response, seconds in responses if answered(response, JOIN)]
    refused = [(response, seconds) for response, seconds in responses if response.status_code == 503]
    assert len(served) + len(refused) == 8  # every request is either answered or refused as overflow
    assert len(served) >= 2  # the one in the slot and the one in the queue
    assert len(refused) >= 4
    for response, seconds in refused:
        assert response.headers["Retry-After"].isdigit() and "waiting" in response.text
        assert seconds < max(served)  # refused at once, not after waiting
    assert answered(post(url, ASK)[0], ASK)  # and the endpoint goes on answering


def burst(url: str, size: int = 16) -> float:
    """Seconds until the last of ``size`` queries sent at once (one fresh connection each) is answered."""
    started = time.monotonic()
    results = all_at_once(size, lambda i: post(url, PER_PREDICATE))
    failed = [r for r in results if not (isinstance(r, tuple) and answered(r[0], PER_PREDICATE))]
    assert not failed, failed[:3]
    return time.monotonic() - started


def test_a_server_just_ready_answers_a_burst_of_16_as_a_warm_one_does(serve: Callable[..., Server]) -> None:
    """As `byregion serve` runs: two web workers, each with its query processes. ``serve`` returns as soon
    as one query is answered. Measured on a busy 2-CPU machine: first burst 0.9-2.1× the warm median;
    before the processes were started ahead, some of the 16 got 503 and the slowest answer took seconds."""
    url = serve(workers=2, sparql_max_concurrent=2).base + "/sparql"
    cold = burst(url)
    warm = statistics.median(burst(url) for _ in range(5))
    assert cold < 4 * warm, f"first burst {cold:.2f} s, warm bursts {warm:.2f} s (median of 5)"


#: Never ends on the repository's data (a four-fold cross product): ended by the endpoint's timeout.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_query_waiting_behind_a_runaway_gets_the_slot_its_timeout_frees(serve: Callable[..., Server]) -> None:
    """The defaults' margin between the queue's wait and the timeout, at a shorter timeout: the second runaway
    waits for the first's slot, gets it when the timeout ends the first, and is then ended by its own timeout;
    it is never told that no slot became free."""
    from byregion.settings import Settings

    defaults = Settings()
    assert defaults.sparql_queue_wait > defaults.sparql_timeout + 1  # the kill, the new process, the hand-over
    timeout = 2.0
    url = serve(sparql_max_concurrent=1, sparql_queue_length=4, sparql_timeout=timeout,
                sparql_queue_wait=timeout + defaults.sparql_queue_wait - defaults.sparql_timeout).base + "/sparql"
    first = threading.Thread(target=post, args=(url, EXPENSIVE))
    first.start()
    try:
        time.sleep(0.05)  # the first takes the slot; the second waits about as long as the first may run
        response, seconds = post(url, EXPENSIVE)
        assert response.status_code == 503 and "ran longer than" in response.text, response.text
        assert seconds > 1.5 * timeout  # it waited for the slot, then ran until its own timeout
    finally:
        first.join(30)


def test_health_says_busy_not_down_while_every_query_slot_is_taken(serve: Callable[..., Server]) -> None:
    """A load balancer reads /health: a server whose one query slot is held (and whose queue is full) still
    serves documents and answers queries in turn, so it is 200 with ``busy``, not 503."""
    server = serve(sparql_max_concurrent=1, sparql_queue_length=0, sparql_timeout=3)

    def hold() -> None:
        """Run the expensive query until the timeout ends it; a refusal (the slot held by /health's own probe
        for a moment) comes back at once, and the query is sent again."""
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and post(server.base + "/sparql", EXPENSIVE)[1] < 1:
            time.sleep(0.01)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        deadline = time.monotonic() + 10
        while not (busy := requests.get(server.base + "/health", timeout=30)).json()["store"].get("busy"):
            assert busy.status_code == 200, busy.text  # the slot free: the probe answered
            assert time.monotonic() < deadline, "the expensive query did not take the slot"
            time.sleep(0.05)
        assert busy.status_code == 200, busy.text
        assert busy.json()["status"] == "ok" and busy.json()["store"] == {
            "reachable": True, "busy": True, "seconds": busy.json()["store"]["seconds"], "kind": "embedded"}
    finally:
        holder.join(30)
    deadline = time.monotonic() + 10  # the timeout ended the query; its process is replaced
    while (idle := requests.get(server.base + "/health", timeout=30).json())["store"].get("busy"):
        assert time.monotonic() < deadline, idle
        time.sleep(0.1)
    assert idle["status"] == "ok" and idle["store"]["reachable"] is True


def test_health_answers_within_its_timeout_while_queries_wait_for_the_slots(serve: Callable[..., Server]) -> None:
    """With room in the queue, the probe once waited there as long as a query may (``sparql_queue_wait``): a
    load balancer heard nothing for seconds (9 s in a probe of eight slow queries) and took the server out. It
    waits for a slot at most ``health_timeout``, then says ``busy``."""
    server = serve(sparql_max_concurrent=1, sparql_queue_length=8, sparql_queue_wait=10, sparql_timeout=6,
                   health_timeout=1)
    holder = threading.Thread(target=post, args=(server.base + "/sparql", EXPENSIVE))
    holder.start()
    try:
        time.sleep(1.0)  # the expensive query holds the one slot
        started = time.monotonic()
        answer = requests.get(server.base + "/health", timeout=30)
        seconds = time.monotonic() - started
        assert answer.status_code == 200 and answer.json()["store"]["busy"] is True, answer.text
        assert seconds < 2.5, f"/health took {seconds:.1f} s"
    finally:
        holder.join(30)
