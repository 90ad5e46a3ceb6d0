"""``scripts/bench_search.py`` runs against a real build: it had stopped at its first query when the search's page
limit became a setting (it passed no ``max_page``), and nothing noticed until it was run again."""

from __future__ import annotations

import pytest

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
