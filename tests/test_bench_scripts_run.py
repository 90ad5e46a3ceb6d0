"""The benchmark scripts no other test runs still run: ``scripts/bench_search.py`` had stopped at its first query
since the search's page limit became a setting (it passed no ``max_page``), and ``scripts/bench_sparql.py`` at its
server's start since a build holds its documents (its hand-made build had none), and nothing noticed until each was
run again. Nothing here is timed: a ratio is the benchmarks' to report, not a test's."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.search import FILE
from tests.support.scripts import load_script

pytestmark = pytest.mark.slow  # the site's build


def test_the_search_benchmark_times_its_queries_on_a_build(site_build: PublishedBuild) -> None:
    bench = load_script("bench_search.py")
    index = bench.SearchIndex(site_build.path / FILE)
    try:
        times, found = bench.run_queries(index, ["Notodden", "kommune", "0807"])
    finally:
        index.close()
    assert len(times) == 3 and all(t >= 0 for t in times) and found[0] > 0


def test_the_sparql_benchmark_serves_its_own_build_and_measures_both_servers() -> None:
    done = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "bench_sparql.py"), "--sizes", "1000",
                           "--rounds", "1", "--seconds", "0.3", "--min-ratio", "0"],
                          capture_output=True, text=True, timeout=300, cwd=REPO_ROOT)
    assert done.returncode == 0, done.stderr[-2000:]
    rows = [line.split() for line in done.stdout.splitlines() if line.split()[1:2] in (["aggregate"], ["lookup"])]
    assert len(rows) == 2 and all(float(row[2].replace(",", "")) > 0 for row in rows), done.stdout
