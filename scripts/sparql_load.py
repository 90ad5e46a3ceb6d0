#!/usr/bin/env python3
"""What concurrent SPARQL clients see from ``byregion serve`` on the embedded store (issue 9, point 4).

Starts the real command (``byregion serve``, default workers and settings unless given as
``BYREGION_*`` variables) on a build, and as soon as it answers a probe query sends a burst of
``--burst`` short queries at once: how a server that has just reported ready treats its first
clients. Then, for each of ``--clients`` (default 16 and 64), that many clients each keep one
keep-alive connection and send short queries back to back for ``--seconds`` (as wrk does: no
back-off after a 503). Prints answers, 503s, other statuses and the p50/p99 latency of each run.

    .venv/bin/python scripts/sparql_load.py [--build-dir DIR] [--mix short|aggregate] [--clients 16,64]
        [--seconds 5] [--burst 16]

Without ``--build-dir`` the repository's data is built into a temporary folder first (about 20 s).
Not a test: it reports figures, it does not judge them.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for tests.support

from byregion import REPO_ROOT
from tests.support.servers import free_port, stop

ACCEPT = {"Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded"}
#: Queries on the repository's data: ``short`` answer in a few milliseconds, ``aggregate`` in 40-100 ms.
SHORT = [
    "ASK { ?s ?p ?o }",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
    "SELECT ?label WHERE { <https://data.byregion.no/id/municipality/oslo> skos:prefLabel ?label }",
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10",
    "SELECT (COUNT(*) AS ?n) WHERE { ?s a ?type } ",
]
AGGREGATE = [
    "SELECT ?p (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?p",
    "SELECT ?type (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?type ; ?p ?o } GROUP BY ?type ORDER BY DESC(?n)",
    'SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o FILTER(isLiteral(?o) && CONTAINS(LCASE(STR(?o)), "region")) } '
    "GROUP BY ?s ORDER BY DESC(?n) LIMIT 10",
]
MIXES = {"short": SHORT, "aggregate": AGGREGATE}


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    latencies: list[float] = field(default_factory=list)  # of 2xx answers, seconds
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, status: int, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            if 200 <= status < 300:
                self.latencies.append(seconds)

    def line(self, label: str, elapsed: float) -> str:
        ok = sum(n for s, n in self.statuses.items() if 200 <= s < 300)
        busy = self.statuses[503]
        other = sum(self.statuses.values()) - ok - busy
        lat = sorted(self.latencies)

        def pct(p: float) -> str:
            return f"{lat[min(len(lat) - 1, int(p * len(lat)))] * 1000:.0f} ms" if lat else "-"

        return (f"{label:<28} answers {ok:>6}  503 {busy:>5}  other {other:>3}  "
                f"p50 {pct(0.50):>8}  p99 {pct(0.99):>8}  max {pct(1.0):>8}  ({ok / elapsed:.0f} answers/s)")


def ask(conn: http.client.HTTPConnection, query: str) -> int:
    conn.request("POST", "/sparql", body=urlencode({"query": query}), headers=ACCEPT)
    response = conn.getresponse()
    response.read()
    return response.status


def client(port: int, queries: list[str], tally: Tally, until: float, index: int) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    n = index
    while time.monotonic() < until:
        started = time.monotonic()
        try:
            status = ask(conn, queries[n % len(queries)])
        except OSError:
            status = 0  # connection refused, reset or timed out
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        tally.add(status, time.monotonic() - started)
        n += 1
    conn.close()


def burst(port: int, queries: list[str], size: int) -> tuple[Tally, float]:
    """``size`` queries sent at once, one fresh connection each; the tally and the time until the last answer."""
    tally = Tally()
    gate = threading.Barrier(size)

    def one(index: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        gate.wait()
        started = time.monotonic()
        try:
            status = ask(conn, queries[index % len(queries)])
        except OSError:
            status = 0
        tally.add(status, time.monotonic() - started)
        conn.close()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(size)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def load(port: int, queries: list[str], clients: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, queries, tally, until, i)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return tally, time.monotonic() - started


def wait_ready(process: subprocess.Popen[bytes], port: int, seconds: float = 120.0) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise SystemExit(f"byregion serve exited with {process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            status = ask(conn, "ASK {}")
            conn.close()
            if status == 200:
                return time.monotonic() - started
        except OSError:
            pass
        time.sleep(0.05)
    raise SystemExit(f"byregion serve did not answer within {seconds:g} s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, help="an existing build folder (default: build the repository)")
    parser.add_argument("--clients", default="16,64", help="comma-separated client counts (default 16,64)")
    parser.add_argument("--seconds", type=float, default=5.0, help="length of each load run (default 5)")
    parser.add_argument("--burst", type=int, default=16, help="queries sent at once right after ready (default 16)")
    parser.add_argument("--mix", choices=sorted(MIXES), default="short", help="which queries (default short)")
    args = parser.parse_args()
    queries = MIXES[args.mix]
    with tempfile.TemporaryDirectory(prefix="sparql-load-") as tmp:
        build_dir = args.build_dir or Path(tmp) / "build"
        if not args.build_dir:
            subprocess.run([sys.executable, "-m", "byregion", "build", "--build-dir", str(build_dir)], check=True,
                           cwd=REPO_ROOT, stdout=subprocess.DEVNULL)
        port = free_port()
        byregion = str(Path(sys.executable).parent / "byregion")
        process = subprocess.Popen([byregion, "serve", "--build-dir", str(build_dir), "--port", str(port)],
                                   cwd=REPO_ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        try:
            ready = wait_ready(process, port)
            print(f"ready after {ready:.1f} s")
            tally, elapsed = burst(port, queries, args.burst)
            print(tally.line(f"burst of {args.burst} right after ready", elapsed))
            tally, elapsed = burst(port, queries, args.burst)
            print(tally.line(f"burst of {args.burst}, warm", elapsed))
            for clients in (int(c) for c in args.clients.split(",")):
                tally, elapsed = load(port, queries, clients, args.seconds)
                print(tally.line(f"{clients} clients, {args.seconds:g} s", elapsed))
        finally:
            stop(process)
    return 0


if __name__ == "__main__":
    sys.exit(main())
