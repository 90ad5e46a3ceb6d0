"""Every example query on the SPARQL page answers its research question on the repository's data."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from byregion.sparql.examples import EXAMPLES, Example

Endpoint = Any


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.slug)
def test_example_returns_a_non_empty_answer(endpoint: Endpoint, dataset: Any, example: Example) -> None:
    response = requests.get(endpoint.url, params={"query": example.query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=60)
    assert response.status_code == 200, response.text
    rows = response.json()["results"]["bindings"]
    assert rows, f"{example.slug}: no answer on the repository data"
    dataset.default_union = True
    assert len(rows) == len(dataset.query(example.query))  # rdflib agrees on the size of the answer


def test_examples_are_bilingual_and_distinct() -> None:
    assert len({e.slug for e in EXAMPLES}) == len(EXAMPLES) >= 12
    for e in EXAMPLES:
        assert e.title["nb"] and e.title["en"] and e.question["nb"] and e.question["en"]


def test_population_example_gives_each_municipality_and_the_region(endpoint: Endpoint) -> None:
    example = next(e for e in EXAMPLES if e.slug == "population")
    rows = requests.get(endpoint.url, params={"query": example.query},
                        headers={"Accept": "application/sparql-results+json"}, timeout=60).json()["results"]["bindings"]
    notodden = [r for r in rows if r["region"]["value"].endswith("/id/region/notodden")]
    names = {r["name"]["value"] for r in notodden}
    assert names == {"Notodden", "Kongsberg", "Sauherad", "Tinn", "Hjartdal", "Seljord"}
    total = int(notodden[0]["regionPopulation"]["value"])
    assert sum(int(r["population"]["value"]) for r in notodden) == total == 54165
