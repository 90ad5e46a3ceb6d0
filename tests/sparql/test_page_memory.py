"""The query page keeps nothing of a query's results once it has answered: the IRIs a result holds are any a client
may mint (``IRI(CONCAT(…, STRUUID()))``), so a cache of their compact forms grew with every query, to gigabytes a
worker (a review of the page's move to the build's prefixes)."""

from __future__ import annotations

import pytest

from byregion.build import PublishedBuild
from byregion.render import compactor
from byregion.settings import Settings
from byregion.web.app import create_app

pytestmark = pytest.mark.slow

MINTED = ('SELECT ?x WHERE {{ VALUES ?n {{ {numbers} }} '
          'BIND(IRI(CONCAT("{base}/id/minted/", STRUUID(), STR(?n))) AS ?x) }}')


def test_a_result_page_of_minted_iris_leaves_no_cache_behind(site_settings: Settings,
                                                             site_build: PublishedBuild) -> None:
    app = create_app(site_settings, site_build)
    base = site_build.base_uri
    try:
        client = app.test_client()
        before = compactor(base).cache_info().currsize  # type: ignore[attr-defined]
        query = MINTED.format(numbers=" ".join(str(n) for n in range(200)), base=base)
        page = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
        assert page.status_code == 200 and page.get_data(as_text=True).count(">id:minted/") == 200
        assert compactor(base).cache_info().currsize == before  # type: ignore[attr-defined]
    finally:
        app.extensions["byregion"].close()
