"""The service description names the GeoSPARQL functions the endpoint evaluates (``sd:extensionFunction``), each of
which answers a boolean on the engine the endpoint runs: a researcher found ``geof:sfWithin`` working but named
nowhere a client looks."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib.namespace import RDF

from byregion.build.render.service_description import GEOSPARQL_FUNCTIONS, service_description
from byregion.namespaces import BASE, SD

pytestmark = pytest.mark.fast

MANIFEST = {"version": "20261205T000000Z", "void": {"triples": 1}, "graphs": [], "base_uri": BASE,
            "dcat": {"regions": []}}
SQUARE = '"POLYGON((-1 -1, 1 -1, 1 1, -1 1, -1 -1))"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'
POINT = '"POINT(0 0)"^^<http://www.opengis.net/ont/geosparql#wktLiteral>'


def test_each_geosparql_function_the_description_names_answers_on_the_engine() -> None:
    described = service_description(f"{BASE}/sparql", MANIFEST)
    functions = sorted(described.objects(None, SD.extensionFunction))
    assert len(functions) == len(GEOSPARQL_FUNCTIONS) and all(
        (f, RDF.type, SD.Function) in described for f in functions)
    store = ox.Store()
    answers = {}
    for function in functions:
        [row] = list(store.query(f"SELECT (<{function}>({POINT}, {SQUARE}) AS ?x) {{}}"))  # type: ignore[union-attr]
        answers[str(function).rsplit("/", 1)[-1]] = row["x"].value if row["x"] is not None else None
    assert answers["sfWithin"] == "true" and answers["sfDisjoint"] == "false", answers
    assert set(answers.values()) <= {"true", "false"}, answers
