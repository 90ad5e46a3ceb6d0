"""How pyshacl is run: the SPARQL constraints of the shapes in Oxigraph, on a copy of the data graph, with ``$this``
pre-bound as SHACL defines it (substituted everywhere, subqueries included); and pyshacl tuned
(:mod:`byregion.pyshacl_tuned`), giving the same report graph."""

from __future__ import annotations

import contextlib

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef, Variable
from rdflib.compare import isomorphic

from byregion.pyshacl_tuned import tuned
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


# --- pyshacl, tuned (byregion.pyshacl_tuned) ---------------------------------------------------------------------

NESTED_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:ThingShape a sh:NodeShape ;
    sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:from ; sh:not ex:ActivityShape ; sh:message "derived from an activity" ] ;
    sh:property [ sh:path ex:kind ; sh:or ( [ sh:class ex:A ] [ sh:class ex:B ] ) ] ;
    sh:property [ sh:path ex:kind ; sh:xone ( [ sh:class ex:A ] [ sh:class ex:C ] ) ] ;
    sh:property [ sh:path ex:part ; sh:node ex:PartShape ] ;
    sh:property [ sh:path ex:value ; sh:and ( [ sh:datatype xsd:integer ] [ sh:minInclusive 0 ] ) ] .

ex:ActivityShape a sh:NodeShape ; sh:in ( ex:programme ex:phase ) .

ex:PartShape a sh:NodeShape ;
    sh:property [ sh:path ex:label ; sh:minCount 1 ; sh:datatype xsd:string ;
                  sh:property [ sh:path ex:note ; sh:maxCount 0 ] ] .
"""

NESTED_DATA = """
@prefix ex: <http://example.org/> .
ex:good a ex:Thing ; ex:from ex:page ; ex:kind ex:k1 ; ex:part ex:p1 ; ex:value 3 .
ex:bad a ex:Thing ; ex:from ex:programme, ex:page ; ex:kind ex:k2, ex:k3 ; ex:part ex:p2 ; ex:value -1, "x" .
ex:k1 a ex:A . ex:k2 a ex:A, ex:C . ex:k3 a ex:D .
ex:p1 ex:label "one" . ex:p2 ex:label 2 .
"""


def pyshacl_report(tune: bool) -> tuple[bool, Graph, str]:
    from pyshacl import validate as pyshacl_validate

    data = Graph().parse(data=NESTED_DATA, format="turtle")
    shapes = Graph().parse(data=NESTED_SHAPES, format="turtle")
    with tuned() if tune else contextlib.nullcontext():
        conforms, report, text = pyshacl_validate(data, shacl_graph=shapes, inference="none", advanced=False)
    return conforms, report, text


def test_tuned_pyshacl_writes_the_same_report_graph_for_every_nested_constraint() -> None:
    conforms, plain, plain_text = pyshacl_report(tune=False)
    tuned_conforms, fast, fast_text = pyshacl_report(tune=True)
    assert not conforms and not tuned_conforms
    assert len(plain) > 40  # violations of sh:not, sh:or, sh:xone, sh:node (nested), sh:and and sh:datatype
    assert isomorphic(plain, fast)
    # the one difference: no text descriptions of results, which byregion reads nowhere
    assert "Constraint Violation in" in plain_text
    assert "Constraint Violation in" not in fast_text


def test_pyshacl_is_as_it_was_after_a_tuned_validation() -> None:
    import pyshacl.shape

    before = getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None)
    with pytest.raises(RuntimeError), tuned():
        raise RuntimeError("a validation that failed")
    assert getattr(pyshacl.shape, "CONSTRAINT_PARAMS", None) is before
    _, _, text = pyshacl_report(tune=False)
    assert "Constraint Violation in" in text
