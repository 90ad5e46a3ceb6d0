"""How far the shapes look from a focus node (``shapes_reach`` in byregion/validate_parallel.py).

Validation in parts validates each part on the triples within that reach of its focus nodes; these tests
pin down how the reach is read from paths, nested shapes and SPARQL patterns, and which shapes make it
unbounded (then the data is validated whole).
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from byregion.validate_parallel import Reach, shapes_reach

pytestmark = pytest.mark.fast

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <urn:ex:> .
"""
EX = "urn:ex:"


def reach_of(turtle: str) -> Reach:
    return shapes_reach(Graph().parse(data=PREFIXES + turtle, format="turtle"))


def ex(name: str) -> URIRef:
    return URIRef(EX + name)


def test_a_property_shape_reads_its_focus_nodes_own_triples() -> None:
    reach = reach_of("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .")
    assert reach.problem is None
    assert reach.depth == 0
    assert reach.forward == frozenset({ex("p")}) and reach.backward == set()


def test_sh_class_reads_the_type_of_the_value_one_step_away() -> None:
    reach = reach_of("ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:class ex:D ] .")
    assert reach.depth == 1


def test_an_inverse_step_reads_the_triples_of_the_node_it_reaches() -> None:
    reach = reach_of("ex:S sh:targetClass ex:C ; sh:property [ sh:path [ sh:inversePath ex:p ] ; sh:minCount 1 ] .")
    assert reach.depth == 1
    assert reach.backward == {ex("p")} and reach.forward == frozenset()


def test_a_sequence_path_adds_its_steps_and_an_alternative_takes_the_longest() -> None:
    reach = reach_of("""
        ex:S sh:targetClass ex:C ;
            sh:property [ sh:path ( ex:a ex:b [ sh:alternativePath ( ex:c ( ex:d ex:e ) ) ] ) ; sh:class ex:D ] .
        """)
    assert reach.depth == 4  # a, b, then d/e: the values are four steps away and sh:class reads their type
    assert reach.forward == frozenset(ex(n) for n in "abcde")


def test_nested_shapes_read_from_the_value_nodes_of_their_property_shape() -> None:
    reach = reach_of("""
        ex:S sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:node ex:T ] .
        ex:T sh:property [ sh:path ex:q ; sh:or ( [ sh:class ex:D ] [ sh:class ex:E ] ) ] .
        """)
    assert reach.depth == 2  # p's value, q's value, whose type sh:class reads


def test_a_sparql_constraint_reads_as_deep_as_its_deepest_subject() -> None:
    reach = reach_of("""
        ex:S sh:targetClass ex:C ; sh:sparql [ sh:select \"\"\"
            SELECT $this WHERE {
                $this <urn:ex:a> ?x . ?x <urn:ex:b> ?y .
                FILTER NOT EXISTS { ?y <urn:ex:c> ?z . ?w <urn:ex:d> ?y }
            }\"\"\" ] .
        """)
    assert reach.depth == 3  # ?w, reached backwards from ?y along ex:d
    assert reach.forward == frozenset({ex("a"), ex("b")})
    assert reach.backward == {ex("d")}


def test_a_pattern_back_to_a_node_already_reached_forwards_is_not_a_backward_step() -> None:
    reach = reach_of("""
        ex:S sh:targetClass ex:C ; sh:sparql [ sh:select \"\"\"
            SELECT $this ?value WHERE { $this <urn:ex:touches> ?value .
                                        FILTER NOT EXISTS { ?value <urn:ex:touches> $this } }\"\"\" ] .
        """)
    assert reach.depth == 1
    assert reach.backward == set()


def test_a_variable_predicate_is_followed_along_any_predicate() -> None:
    reach = reach_of("""
        ex:S sh:targetClass ex:C ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ?p ?o . ?o <urn:ex:q> ?r }" ] .
        """)
    assert reach.problem is None and reach.forward is None and reach.depth == 1


def test_unbounded_paths_recursive_shapes_and_loose_patterns_are_validated_whole() -> None:
    target = "ex:S sh:targetClass ex:C ; "
    cases = {
        "sh:zeroOrMorePath": target + "sh:property [ sh:path [ sh:zeroOrMorePath ex:p ] ; sh:class ex:C ] .",
        "refers to itself": target + "sh:property [ sh:path ex:p ; sh:node ex:S ] .",
        "not connected to $this": target + 'sh:sparql [ sh:select "SELECT $this WHERE { ?o a ?c }" ] .',
        "property path": target + 'sh:sparql [ sh:select "SELECT $this WHERE { $this <urn:ex:a>/<urn:ex:b> ?o }" ] .',
        "sh:targetObjectsOf": "ex:S sh:targetObjectsOf ex:p ; sh:class ex:C .",
    }
    for expected, turtle in cases.items():
        problem = reach_of(turtle).problem
        assert problem is not None and expected in problem, (expected, problem)
