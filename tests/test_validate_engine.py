"""How the SPARQL constraints of the shapes are run: in Oxigraph, on a copy of the data graph, with ``$this``
pre-bound as SHACL defines it (substituted everywhere, subqueries included)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef, Variable

from byregion.validate import ValidationGraph

pytestmark = pytest.mark.fast

A, B, P = URIRef("http://example.org/a"), URIRef("http://example.org/b"), URIRef("http://example.org/p")


def rows(graph: ValidationGraph, query: str, this: URIRef) -> list[dict[str, object]]:
    return [{str(k): v for k, v in row.asdict().items()} for row in graph.query(query, initBindings={"this": this})]


def test_a_constraint_runs_in_oxigraph_with_this_bound_and_sees_later_changes() -> None:
    graph = ValidationGraph()
    graph.add((A, P, Literal("one")))
    graph.add((B, P, Literal("two")))
    query = "SELECT $this ?value WHERE { $this <http://example.org/p> ?value }"
    assert rows(graph, query, A) == [{"this": A, "value": Literal("one")}]
    assert isinstance(graph._mirror, ox.Store)
    graph.add((A, P, Literal("three")))  # a changed graph is copied again
    assert sorted(str(r["value"]) for r in rows(graph, query, A)) == ["one", "three"]


def test_this_is_bound_inside_a_subquery_so_a_node_without_matches_counts_zero() -> None:
    """brsh:CityRegion-oneApplicant counts a region's applicants in a subquery grouped by ``$this``: a region
    with none must give a row with 0, not no row (which would let it pass)."""
    graph = ValidationGraph()
    graph.add((B, P, A))
    query = ("SELECT $this ?count WHERE { { SELECT $this (COUNT(?m) AS ?count) WHERE { "
             "OPTIONAL { $this <http://example.org/p> ?m } } GROUP BY $this } }")
    assert [r["count"].toPython() for r in rows(graph, query, A)] == [0]  # type: ignore[attr-defined]
    assert [r["count"].toPython() for r in rows(graph, query, B)] == [1]  # type: ignore[attr-defined]


def test_a_constraint_oxigraph_cannot_read_is_an_error_that_shows_it() -> None:
    graph = ValidationGraph()
    graph.add((A, P, B))
    with pytest.raises(ValueError, match=r"not SPARQL 1\.1"):
        graph.query("SELECT $this WHERE { $this ?p }", initBindings={"this": A})


def test_results_keep_unbound_variables_out() -> None:
    graph = ValidationGraph()
    graph.add((A, P, B))
    query = "SELECT $this ?value ?missing WHERE { $this ?p ?value OPTIONAL { ?value ?q ?missing } }"
    answer = graph.query(query, initBindings={"this": A})
    assert answer.vars == [Variable("this"), Variable("value"), Variable("missing")]
    assert rows(graph, query, A) == [{"this": A, "value": B}]
