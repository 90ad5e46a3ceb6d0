"""The ceiling benchmark's two apps answer what they claim to (``scripts/sparql_ceiling``).

"In the web process" must really run the query on the build's store, over the union of the named graphs as
``/sparql`` does, or the ceiling it measures is no ceiling; "no query" must answer without touching a store.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from tests.support.ceiling_apps import EMPTY, SPARQL_JSON, in_process, nothing
from tests.support.scripts import load_script

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ceiling") / "store"
    store = ox.Store(str(path))
    label = "<http://www.w3.org/2004/02/skos/core#prefLabel>"
    quads = "".join(f'<http://x/s{i}> {label} "navn {i}"@nb <http://x/g{i % 2}> .\n' for i in range(5))
    store.bulk_load(quads.encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


def call(app: Any, query: str | None) -> tuple[str, dict[str, str], bytes]:
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)
    body = b"".join(app({"QUERY_STRING": urlencode({"query": query}) if query else ""}, start_response))
    return seen["status"], seen["headers"], body


def test_in_the_web_process_runs_the_benchmarks_queries_over_every_named_graph(store_path: Path) -> None:
    app = in_process(str(store_path))
    select = load_script("bench").QUERIES["select"]
    status, headers, body = call(app, select)
    assert status == "200 OK" and headers["Content-Type"] == SPARQL_JSON
    names = sorted(b["name"]["value"] for b in json.loads(body)["results"]["bindings"])
    assert names == [f"navn {i}" for i in range(5)]  # both graphs: the default graph is their union


def test_in_the_web_process_refuses_a_malformed_query_and_a_missing_one(store_path: Path) -> None:
    app = in_process(str(store_path))
    assert call(app, "SELECT WHERE {")[0] == "400 Bad Request"
    assert call(app, None)[0] == "400 Bad Request"


def test_no_query_answers_an_empty_result_without_a_store() -> None:
    status, headers, body = call(nothing(), "SELECT * { ?s ?p ?o }")
    assert status == "200 OK" and headers["Content-Type"] == SPARQL_JSON and body == EMPTY
    assert json.loads(body)["results"]["bindings"] == []
    assert call(nothing(), None)[0] == "400 Bad Request"


def test_the_verdict_follows_the_ceiling_not_our_own_rate() -> None:
    ceiling = load_script("sparql_ceiling")
    rates = {"select": {"oxigraph": 1000.0, "ours": 500.0, "in the web process (unsafe)": 700.0, "no query": 5000.0},
             "text": {"oxigraph": 1000.0, "ours": 500.0, "in the web process (unsafe)": 900.0, "no query": 5000.0}}
    args = type("Args", (), {"seconds": 3.0, "connections": 16, "rounds": 3})()
    text = ceiling.markdown(rates, args, 45_394)
    assert "| select | 1,000 | 500 | 700 | 5,000 | 0.50 | 0.70 |" in text
    assert "- select: the ceiling is 0.70 of Oxigraph (under the target of 0.8: out of reach" in text
    assert "- text: the ceiling is 0.90 of Oxigraph (at or above the target of 0.8: within reach" in text


def test_a_folder_without_a_build_is_refused_with_what_to_do(tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        load_script("sparql_ceiling").main(["--build-dir", str(tmp_path)])
    assert exited.value.code == 2
    assert "holds no complete build" in capsys.readouterr().err
