"""The check that a test left no work running in a server (``nothing_left_running`` in tests/conftest.py)
sees real work: a query Oxigraph goes on with after its ``--timeout-s``, a busy child process, and a busy
process that the machine's other work keeps from a core."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.support.servers import cpu_shares, process_tree, start_oxigraph, stop, wait_until_idle

pytestmark = pytest.mark.slow  # starts Oxigraph and busy processes

#: Never ends on a few thousand triples (a four-fold cross product), as in tests/sparql/test_guards_http.py.
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
JSON = {"Accept": "application/sparql-results+json"}


def test_oxigraph_goes_on_with_a_query_after_its_timeout_and_the_check_says_so(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path / "oxigraph", timeout_s=1)
    try:
        triples = "".join(f'<http://example.org/{i}> <http://example.org/p{i % 7}> "{i}" .\n' for i in range(2000))
        requests.post(server.base + "/store?default", data=triples.encode(),
                      headers={"Content-Type": "application/n-triples"}, timeout=30).raise_for_status()
        assert requests.get(server.query_url, params={"query": "ASK { ?s ?p ?o }"}, headers=JSON,
                            timeout=10).json()["boolean"] is True
        wait_until_idle(server.processes, settle=5)  # a cheap query leaves nothing behind

        with pytest.raises(requests.Timeout):  # the client gives up, as our remote store does
            requests.get(server.query_url, params={"query": EXPENSIVE}, headers=JSON, timeout=2)
        time.sleep(1)  # past Oxigraph's own timeout too
        with pytest.raises(AssertionError, match=r"still working 2 s after the test ended: Oxigraph at"):
            wait_until_idle(server.processes, settle=2)
    finally:
        stop(server.process, grace=1)
    assert server.process.poll() is not None  # stopping the server is what ends such a query


def test_the_check_counts_the_children_of_a_server() -> None:
    """granian's workers and the embedded store's query processes are children of the process started."""
    busy_child = "import subprocess, sys; subprocess.run([sys.executable, '-c', 'while True: pass'])"
    parent = subprocess.Popen([sys.executable, "-c", busy_child])
    try:
        deadline = time.monotonic() + 10
        while len(process_tree(parent.pid)) < 2:  # the child has started
            assert time.monotonic() < deadline, "the child process did not start"
            time.sleep(0.05)
        assert cpu_shares({"parent": parent.pid}, window=0.2)["parent"] > 0.3
        with pytest.raises(AssertionError, match=r"still working 1 s after the test ended: parent \("):
            wait_until_idle({"parent": parent}, settle=1)
    finally:
        children = process_tree(parent.pid) - {parent.pid}
        stop(parent, grace=1)
        for pid in children:  # the child outlives its parent: end it by its own pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def test_a_busy_process_kept_from_every_core_still_counts_as_busy() -> None:
    """On CI two test workers share two cores, and a query left running may wait out a whole sample
    for a core; what it waits counts. Here the busy process runs at the lowest priority while a busy
    loop takes every core: it gets about 1 % of a core, and CPU time alone would call it idle."""
    loop = [sys.executable, "-c", "while True: pass"]
    starved = subprocess.Popen(["nice", "-n", "19", *loop])
    takers = [subprocess.Popen(loop) for _ in range(os.cpu_count() or 1)]
    try:
        time.sleep(0.5)  # the loops are running
        with pytest.raises(AssertionError, match=r"still working 1 s after the test ended: starved \("):
            wait_until_idle({"starved": starved}, settle=1)
    finally:
        for process in (starved, *takers):
            process.kill()
            process.wait()


#: Computes 9 ms, then waits 1 ms (for a lock, a disk), over and over: about nine tenths of a core.
STUTTERING = ("import time\nwhile True:\n    started = time.perf_counter()\n"
              "    while time.perf_counter() - started < 0.009:\n        pass\n    time.sleep(0.001)\n")


def test_a_query_that_now_and_then_waits_is_not_taken_for_idle_at_a_later_look() -> None:
    """The glance that spares a finishing server the CPU sample (tests/support/servers.py) looks every 2 ms for up to
    20 ms; a look without a thread ready to run counts as idle only if the tree used almost no CPU since the first:
    without that, a query that waits 1 ms in every 10 had passed as idle at up to 21 of 40 checks (a reviewer's
    count). Only the first look, as before the glance, may find such a query waiting."""
    from tests.support import servers

    process = subprocess.Popen([sys.executable, "-c", STUTTERING])
    try:
        time.sleep(0.3)
        later, checks = 0, 40
        for _ in range(checks):
            if servers._idle_at_a_later_look({"query": process.pid}):
                later += 1
        assert later <= 2, f"taken for idle at a later look in {later} of {checks} checks"
    finally:
        process.kill()
        process.wait()
