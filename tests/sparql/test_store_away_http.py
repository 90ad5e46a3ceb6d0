"""The remote store going away: queries get 503 with `Retry-After` and a message that names no address of
ours, the rest of the site goes on answering, and the endpoint answers again by itself once the store is
back (no restart)."""

from __future__ import annotations

from pathlib import Path

import pytest
import requests
from conftest import loaded_oxigraph, start  # type: ignore[import-not-found]

from tests.support.servers import start_oxigraph, stop

pytestmark = pytest.mark.slow  # a real build, the endpoint and an Oxigraph server of this test's own

ASK = {"query": "ASK { ?s ?p ?o }"}
JSON = {"Accept": "application/sparql-results+json"}


def test_a_store_that_goes_away_gives_503_and_the_endpoint_recovers_when_it_returns(
        build_dir: Path, tmp_path: Path) -> None:
    store = loaded_oxigraph(tmp_path / "oxigraph", build_dir)
    endpoint = start("remote", build_dir, store)
    try:
        assert requests.get(endpoint.url, params=ASK, headers=JSON, timeout=30).json()["boolean"] is True
        stop(store.process)
        away = requests.get(endpoint.url, params=ASK, headers=JSON, timeout=30)
        assert away.status_code == 503 and away.headers["Retry-After"].isdigit()
        assert "cannot be reached" in away.text and "127.0.0.1" not in away.text
        assert requests.get(endpoint.base + "/doc/region/notodden.ttl", timeout=30).status_code == 200
        store = start_oxigraph(tmp_path / "oxigraph", port=store.port)  # the same data, the same address
        back = requests.get(endpoint.url, params=ASK, headers=JSON, timeout=30)
        assert back.status_code == 200 and back.json()["boolean"] is True
    finally:
        stop(endpoint.servers[0].process)
        stop(store.process)
