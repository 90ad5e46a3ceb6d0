"""Comparing graphs as RDF does (up to blank node names), quickly.

rdflib's ``isomorphic`` hashes every triple through its blank node canonicaliser, which on the build's dumps
(tens of thousands of triples, a few with blank nodes) took most of a test's time. Two graphs are isomorphic
exactly when their triples without blank nodes are the same set (a blank node mapping leaves those alone)
and the triples with blank nodes are isomorphic, so only those go through the canonicaliser.
"""

from __future__ import annotations

from rdflib import BNode, Graph
from rdflib.compare import isomorphic


def _split(graph: Graph) -> tuple[set[tuple[object, object, object]], Graph]:
    ground: set[tuple[object, object, object]] = set()
    blank = Graph()
    for triple in graph:
        if isinstance(triple[0], BNode) or isinstance(triple[2], BNode):
            blank.add(triple)
        else:
            ground.add(triple)
    return ground, blank


def same_graph(first: Graph, second: Graph) -> bool:
    """Whether ``first`` and ``second`` are isomorphic: the same triples up to the names of blank nodes."""
    if len(first) != len(second):
        return False
    ground_first, blank_first = _split(first)
    ground_second, blank_second = _split(second)
    return ground_first == ground_second and isomorphic(blank_first, blank_second)
