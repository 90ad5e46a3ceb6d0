#!/usr/bin/env python3
"""A bounded load test of mixed traffic against ``byregion serve``, on loopback; it stops by itself.

The mix, rotated over by every connection: documents in each format (Turtle, JSON-LD, N-Triples,
RDF/XML) and the HTML pages, SPARQL queries (the query page's examples, as a researcher sends them), and
look-ups of things' IRIs (``/id/…``, answered 303). Phases:

1. **warm-up** (``--warmup`` s of the mix), then the server's memory (every process of it, RSS);
2. **the mix** at ``--connections`` connections for ``--seconds`` s: requests/s, failed requests (a 4xx or
   5xx answer, or a socket error or timeout), p50 and p99 latency; then the memory again, which should be
   within 10 % of the memory after warm-up;
3. **starvation**: documents alone for ``--seconds`` s, then again while a pathological SPARQL query
   (a cross product that runs until ``BYREGION_SPARQL_TIMEOUT`` stops it, a new text each time) keeps
   one query process busy; the p99 of documents with it should stay within 2× of the p99 without it.

    scripts/load_test.py [--seconds 60] [--connections 64] [--warmup 10] [--json FILE]

It builds nothing: it serves the current build of ``BYREGION_BUILD_DIR`` (``byregion build`` first), or
drives ``--url`` when a server is already running (then memory is not measured). Needs ``wrk``. The
figures of a full run go in docs/load-test.md; ``tests/test_load_http.py`` runs a short form in CI.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository root, for byregion and tests.support

from byregion.settings import Settings  # noqa: E402
from byregion.sparql.examples import EXAMPLES  # noqa: E402
from tests.support import load  # noqa: E402
from tests.support.procmem import tree_rss_mb  # noqa: E402
from tests.support.servers import free_port  # noqa: E402

FORMATS = ("text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml", "text/html")
SPARQL_JSON = "application/sparql-results+json"
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
#: Targets of the issue (hardening, point 5).
MEMORY_GROWTH = 1.10
P99_WITH_PATHOLOGICAL = 2.0

WRK_SCRIPT = """
local requests = {}
function init(args)  -- per thread, once wrk knows the Host header (a request formatted before has none: a 400)
  for line in io.lines(os.getenv("LOAD_REQUESTS")) do
    local method, path, accept = line:match("([^\\t]+)\\t([^\\t]+)\\t([^\\t]+)")
    requests[#requests + 1] = wrk.format(method, path, {["Accept"] = accept, ["Accept-Encoding"] = "gzip"})
  end
end
local counter = 0
function setup(thread) counter = counter + 1; thread:set("offset", counter * 7919) end
local i = 0
function request()
  i = i + 1
  return requests[((i + (offset or 0)) % #requests) + 1]
end
"""


@dataclass
class Run:
    requests_per_s: float
    failed: int
    p50_ms: float
    p99_ms: float


@dataclass
class Report:
    mix: Run
    documents: Run
    documents_with_pathological: Run
    memory_after_warmup_mb: float | None
    memory_at_end_mb: float | None

    @property
    def memory_growth(self) -> float | None:
        if not self.memory_after_warmup_mb or self.memory_at_end_mb is None:
            return None
        return self.memory_at_end_mb / self.memory_after_warmup_mb

    @property
    def p99_ratio(self) -> float:
        return self.documents_with_pathological.p99_ms / max(self.documents.p99_ms, 1e-9)


def mix(paths: list[str]) -> list[tuple[str, str, str]]:
    """The requests of the mix, shuffled with a fixed seed: documents in every format (more Turtle and
    HTML, as crawlers and people ask), look-ups of the same things, and the SPARQL examples."""
    rng = random.Random(7)
    requests = [("GET", path, rng.choice(FORMATS)) for path in paths]
    requests += [("GET", "/id/" + path[len("/doc/"):], "text/turtle") for path in rng.sample(paths, len(paths) // 5)]
    queries = [("GET", "/sparql?query=" + quote(e.query), SPARQL_JSON) for e in EXAMPLES]
    requests += queries * max(1, len(paths) // (10 * len(queries)))  # about a tenth of the requests
    rng.shuffle(requests)
    return requests


def wrk(base: str, requests: list[tuple[str, str, str]], seconds: float, connections: int, work: Path) -> Run:
    listing, script = work / "requests.tsv", work / "mix.lua"
    listing.write_text("".join(f"{m}\t{p}\t{a}\n" for m, p, a in requests), encoding="utf-8")
    script.write_text(WRK_SCRIPT, encoding="utf-8")
    done = load.wrk(base, script, {"LOAD_REQUESTS": str(listing)}, seconds, connections, read_timeout_s=60)
    return Run(done.rate, done.non_2xx + done.socket_errors, done.p50_ms, done.p99_ms)


def serve(build_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = dict(os.environ, BYREGION_BUILD_DIR=str(build_dir), BYREGION_ACCESS_LOG="0")
    process = subprocess.Popen([sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())",
                                "serve", "--host", "127.0.0.1", "--port", str(port)], env=env, cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    import requests

    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/health", timeout=2).status_code == 200:
                return process, base
        except requests.RequestException:
            time.sleep(0.1)
    load.stop_group(process)
    raise RuntimeError("byregion serve did not become healthy within 120 s")


def pathological_queries(base: str, stop_event: threading.Event) -> threading.Thread:
    """Keep one pathological query running (a new text each time, so no kept answer serves it)."""
    import requests

    def loop() -> None:
        n = 0
        while not stop_event.is_set():
            n += 1
            try:
                requests.get(base + "/sparql", params={"query": f"{PATHOLOGICAL}\n# {n}"},
                             headers={"Accept": SPARQL_JSON}, timeout=120)
            except requests.RequestException:
                time.sleep(0.1)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    return thread


def run(args: argparse.Namespace) -> Report:
    settings = Settings.from_env(dict(os.environ))
    paths = load.document_paths(settings.build_dir, 5_000)
    process, base = (None, args.url) if args.url else serve(settings.build_dir)
    try:
        with tempfile.TemporaryDirectory(prefix="byregion-load-") as tmp:
            work = Path(tmp)
            requests_ = mix(paths)
            wrk(base, requests_, args.warmup, args.connections, work)
            warm = tree_rss_mb(process.pid) if process else None
            mixed = wrk(base, requests_, args.seconds, args.connections, work)
            end = tree_rss_mb(process.pid) if process else None
            documents = [("GET", p, "text/turtle") for p in paths]
            alone = wrk(base, documents, args.seconds, args.connections, work)
            stop_event = threading.Event()
            thread = pathological_queries(base, stop_event)
            time.sleep(1.0)  # the query is running before the documents start
            try:
                crowded = wrk(base, documents, args.seconds, args.connections, work)
            finally:
                stop_event.set()
            thread.join(timeout=0)  # a daemon: the server's timeout ends its last query
    finally:
        if process:
            load.stop_group(process)
    return Report(mixed, alone, crowded, warm, end)


def markdown(report: Report, args: argparse.Namespace) -> str:
    def row(name: str, r: Run) -> str:
        return f"| {name} | {r.requests_per_s:,.0f} | {r.failed} | {r.p50_ms:.2f} | {r.p99_ms:.2f} |"

    growth = report.memory_growth
    lines = [f"`scripts/load_test.py --seconds {args.seconds:g} --connections {args.connections} "
             f"--warmup {args.warmup:g}`", "",
             "| run | req/s | failed | p50 ms | p99 ms |", "|---|---|---|---|---|",
             row("mixed traffic", report.mix), row("documents alone", report.documents),
             row("documents, a pathological query running", report.documents_with_pathological), "",
             f"- failed requests in the mix: {report.mix.failed} (target 0)",
             f"- memory: {report.memory_after_warmup_mb or 0:.0f} MB after warm-up, {report.memory_at_end_mb or 0:.0f} "
             f"MB at the end ({'not measured' if growth is None else f'{growth:.3f}×'}; target ≤ {MEMORY_GROWTH}×)",
             f"- p99 of documents with the pathological query / without: {report.p99_ratio:.2f}× "
             f"(target ≤ {P99_WITH_PATHOLOGICAL}×)"]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each measured run (default 60)")
    parser.add_argument("--warmup", type=float, default=10.0, help="seconds of the mix before memory is read")
    parser.add_argument("--connections", type=int, default=64, help="wrk connections (default 64)")
    parser.add_argument("--url", help="drive a server already running there (memory is then not measured)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file")
    args = parser.parse_args(argv)
    report = run(args)
    print(markdown(report, args))
    if args.json:
        args.json.write_text(json.dumps({**asdict(report), "memory_growth": report.memory_growth,
                                         "p99_ratio": report.p99_ratio}, indent=2), encoding="utf-8")
    missed = report.mix.failed > 0 or (report.memory_growth or 1.0) > MEMORY_GROWTH \
        or report.p99_ratio > P99_WITH_PATHOLOGICAL
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
