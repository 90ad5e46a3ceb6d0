#!/usr/bin/env python3
"""Search speed at each size: what the index costs the build, and that a search does not get slower as the graph
grows.

For each size (``repo`` = the repository's own data, about 45k triples; ``100k`` = the repository grown by
``byregion synth`` to about 100k triples, the same texts and municipalities many times over) it builds the data
with ``byregion build``, then:

* **index**: indexes the build's graph again in this process (:func:`byregion.search.index.write`, from the
  same graph index the build renders from) and times it: rows, seconds, file size;
* **in-process**: runs the same set of distinct queries once each against the build's ``search.sqlite``
  (:class:`byregion.serve.search.SearchIndex`, ranked, with the matched words marked): p50, p90, p99, max;
* **HTTP**: the same queries to ``GET /search.json`` of ``byregion serve`` (one worker), one after the other
  from one client: p50, p99.

The queries are made once, from the repository's own build (seed fixed): names, single words of the texts,
municipality numbers, prefixes being typed and two-word queries; all of them occur at every size, since
``byregion synth`` keeps the repository's data. The figures are added to BENCHMARKS.md (newest first).

    .venv/bin/python scripts/bench_search.py [--sizes repo,100k] [--keep DIR] [--out BENCHMARKS.md]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the repository root, for tests.support

from byregion.build import open_current  # noqa: E402
from byregion.search import FILE, text  # noqa: E402
from byregion.serve.search import SearchIndex, read  # noqa: E402
from byregion.settings import Settings  # noqa: E402
from tests.support.servers import free_port, stop  # noqa: E402

#: The server's limits, as a search over HTTP reads them.
DEFAULTS = Settings()
BYREGION = [sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())"]
SIZES = {"100k": 100_000}
#: Words in very many texts: their cost is the number of things they match (each is ranked), shown apart.
COMMON = ("kommune", "samarbeid", "region", "prosjektet", "næringsutvikling")
WORD = re.compile(r"[^\W\d_]{5,}")


@dataclass
class SizeReport:
    size: str
    triples: int = 0
    build_s: float = 0.0
    rows: int = 0
    index_s: float = 0.0
    index_mb: float = 0.0
    local_ms: dict[str, float] = field(default_factory=dict)
    common_ms: float = 0.0
    common_found: float = 0.0
    http_ms: dict[str, float] = field(default_factory=dict)
    found: float = 0.0


def env_for(repo: Path, build_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BYREGION_")}
    env.update(BYREGION_REPO_DIR=str(repo), BYREGION_BUILD_DIR=str(build_dir), BYREGION_WORKERS="1",
               BYREGION_ACCESS_LOG="false", PYTHONUNBUFFERED="1")
    return env


def repository(size: str, work: Path, keep: Path | None) -> Path:
    """The repository a size is built from: this one, or a synthesised copy (reused from ``keep``)."""
    if size == "repo":
        return ROOT
    folder = (keep or work) / f"synth-{size}"
    if not (folder / "data").is_dir():
        subprocess.run([*BYREGION, "synth", str(folder), "--triples", str(SIZES[size])], check=True, cwd=ROOT)
    return folder


def queries_from(index_file: Path, count: int, seed: int = 1) -> list[str]:
    """Distinct queries of every kind people type, drawn from a build's index."""
    rng = random.Random(seed)
    connection = sqlite3.connect(f"file:{index_file}?mode=ro", uri=True)
    rows = [(kind or "", json.loads(shown)) for kind, shown in connection.execute("SELECT kind, shown FROM things")]
    connection.close()
    names = sorted({s["titles"]["nb"] for kind, s in rows if kind.endswith(("#Municipality", "#County",
                                                                             "#CityRegion"))})
    numbers = sorted({t[1].split(" · ")[0] for _k, s in rows for t in s["texts"] if t[0] is None
                      and t[1][:4].isdigit()})
    words = sorted({w.lower() for _k, s in rows for t in s["texts"] if t[0] == "nb" for w in WORD.findall(t[1])})
    share = count // 5
    chosen = (rng.sample(names, min(share, len(names))) + rng.sample(numbers, min(share, len(numbers)))
              + rng.sample(words, min(share, len(words)))
              + [w[:4] for w in rng.sample(names, min(share, len(names)))]
              + [f"{rng.choice(names)} {rng.choice(words)}" for _ in range(share)])
    return list(dict.fromkeys(chosen))


def percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)

    def at(p: float) -> float:
        return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]
    return {"p50": at(0.5), "p90": at(0.9), "p99": at(0.99), "max": ordered[-1], "mean": statistics.fmean(ordered)}


def time_index(build_path: Path, work: Path) -> tuple[int, float]:
    """Index the build's graph again here, timed (the graph index itself is the render step's, not timed)."""
    import pyoxigraph as ox

    from byregion.build.render.documents import Renderer
    from byregion.graph_index import GraphIndex
    from byregion.search.index import write

    build = open_current(build_path.parent)
    index = GraphIndex.from_store(ox.Store.read_only(str(build.path / "store")), build.base_uri)
    things = Renderer(index, build.manifest, None, 0, 0).thing_paths()  # type: ignore[arg-type]
    started = time.perf_counter()
    again = work / f"again-{build.version}.sqlite"
    again.unlink(missing_ok=True)
    rows = write(again, index, things)
    return rows, time.perf_counter() - started


def run_queries(index: SearchIndex, queries: Iterable[str]) -> tuple[list[float], list[int]]:
    times, found = [], []
    for q in queries:
        started = time.perf_counter()
        results = index.search(read(q, None, None, max_chars=DEFAULTS.search_max_query_chars,
                                    max_limit=DEFAULTS.search_limit, max_page=DEFAULTS.search_max_page), "nb")
        times.append((time.perf_counter() - started) * 1000)
        found.append(results.total)
    return times, found


def time_local(index_file: Path, queries: list[str], report: SizeReport) -> None:
    index = SearchIndex(index_file)
    try:
        run_queries(index, queries[:10])  # the connection and the stemmers' first use
        times, found = run_queries(index, queries)
        report.local_ms, report.found = percentiles(times), statistics.fmean(found)
        times, found = run_queries(index, COMMON)
        report.common_ms, report.common_found = statistics.fmean(times), statistics.fmean(found)
    finally:
        index.close()


def time_http(repo: Path, build_dir: Path, queries: list[str]) -> dict[str, float]:
    port = free_port()
    process = subprocess.Popen([*BYREGION, "serve", "--port", str(port)], env=env_for(repo, build_dir),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(base + "/static/style.css", timeout=1)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("byregion serve did not start") from None
                time.sleep(0.2)
        session = requests.Session()
        for q in queries[:10]:
            session.get(base + "/search.json", params={"q": q}, timeout=10)
        times = []
        for q in queries:
            started = time.perf_counter()
            answer = session.get(base + "/search.json", params={"q": q}, timeout=10)
            times.append((time.perf_counter() - started) * 1000)
            if answer.status_code != 200:
                raise RuntimeError(f"/search.json?q={q!r} answered {answer.status_code}: {answer.text[:200]}")
        return percentiles(times)
    finally:
        stop(process)


def bench_size(size: str, work: Path, keep: Path | None, queries: list[str] | None, count: int
               ) -> tuple[SizeReport, list[str]]:
    report = SizeReport(size)
    repo = repository(size, work, keep)
    build_dir = work / f"build-{size}"
    started = time.perf_counter()
    subprocess.run([*BYREGION, "build"], env=env_for(repo, build_dir), check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    report.build_s = time.perf_counter() - started
    build = open_current(build_dir)
    report.triples = int(build.manifest["triples"])
    index_file = build.path / FILE
    report.index_mb = index_file.stat().st_size / 1e6
    queries = queries or queries_from(index_file, count)
    text.stem.cache_clear()  # as a new server process starts: no word stemmed yet
    text.forms.cache_clear()
    time_local(index_file, queries, report)
    report.rows, report.index_s = time_index(build_dir / "current", work)
    report.http_ms = time_http(repo, build_dir, queries)
    return report, queries


def markdown(reports: list[SizeReport], queries: list[str], command: str) -> str:
    now = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [f"## {now}: search", "",
             f"Machine: {platform.machine()}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
             f"Python {platform.python_version()}. Command: `{command}`. {len(queries)} distinct queries "
             "(names, numbers, words of the texts, prefixes, two words; the same at each size), each once, "
             f"one after the other; milliseconds. Common words: {', '.join(COMMON)}, each once in-process.", "",
             "| size | triples | build s | rows indexed | index s (µs a row) | search.sqlite MB | results (mean) "
             "| in-process p50 / p90 / p99 / max | HTTP p50 / p99 | common words: mean (results) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        local, http = r.local_ms, r.http_ms
        lines.append(f"| {r.size} | {r.triples:,} | {r.build_s:.0f} | {r.rows:,} | {r.index_s:.1f} "
                     f"({r.index_s / max(1, r.rows) * 1e6:.0f}) | {r.index_mb:.1f} | {r.found:.0f} | "
                     f"{local['p50']:.2f} / {local['p90']:.2f} / {local['p99']:.2f} / {local['max']:.2f} | "
                     f"{http['p50']:.2f} / {http['p99']:.2f} | {r.common_ms:.2f} ({r.common_found:,.0f}) |")
    if len(reports) > 1:
        first, last = reports[0], reports[-1]
        lines += ["", f"From {first.size} to {last.size} ({last.triples / first.triples:.1f}× the triples, "
                      f"{last.rows / first.rows:.1f}× the rows): in-process p50 "
                      f"{last.local_ms['p50'] / first.local_ms['p50']:.2f}×, p99 "
                      f"{last.local_ms['p99'] / first.local_ms['p99']:.2f}×; HTTP p50 "
                      f"{last.http_ms['p50'] / first.http_ms['p50']:.2f}×; indexing "
                      f"{(last.index_s / last.rows) / (first.index_s / first.rows):.2f}× the time a row."]
    return "\n".join(lines) + "\n\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="repo,100k", help="comma-separated: repo, 100k (default: both)")
    parser.add_argument("--queries", type=int, default=300, help="about how many distinct queries")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep (and reuse) synthesised repositories")
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md", help="file the figures are added to")
    args = parser.parse_args(argv)
    reports: list[SizeReport] = []
    queries: list[str] | None = None
    with tempfile.TemporaryDirectory(prefix="byregion-bench-search-") as tmp:
        for size in args.sizes.split(","):
            if size != "repo" and size not in SIZES:
                parser.error(f"unknown size {size!r}; use repo or 100k")
            report, queries = bench_size(size, Path(tmp), args.keep, queries, args.queries)
            reports.append(report)
            print(markdown(reports[-1:], queries, "…"), flush=True)
    assert queries is not None
    text = markdown(reports, queries, f"scripts/bench_search.py --sizes {args.sizes} --queries {args.queries}")
    heading = "# Benchmarks\n\nFigures from `scripts/bench` (see its `--help`), newest first.\n\n"
    old = args.out.read_text(encoding="utf-8").removeprefix(heading) if args.out.exists() else ""
    args.out.write_text(heading + text + old, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
