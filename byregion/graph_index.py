"""The build's graph indexed for rendering: every triple once, by subject and by object.

Rendering a document must cost what the document costs, not what the dataset costs, so the build reads
the store once (one scan of every quad, duplicates across named graphs dropped) into plain dictionaries:

* ``outgoing[s]``  — the (predicate, object) pairs of subject ``s``;
* ``incoming[o]``  — the (subject, predicate) pairs pointing at IRI ``o`` (for "used by" and themes);
* ``own``          — our subject IRIs sorted, so the *parts* of ``x`` (``x/…``) are one contiguous range
  found by bisection;
* ``graphs[name]`` — the subjects of a named graph, for documents that are a whole graph (the ontology),
  in the store's order (a dictionary, not a set: a set's order would change with the hash seed).

Terms are rdflib terms (the page and serialisation code speaks rdflib); each distinct IRI is one
object, so the index costs memory in proportion to the data, once per build.
"""

from __future__ import annotations

import functools
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.term import Node

from byregion.store.convert import to_rdflib

_same = str.__eq__  # GraphIndex.values: two IRIs compared as strings, in C

Pair = tuple[URIRef, Node]


@dataclass
class GraphIndex:
    """Every triple of a build, by subject and by object; see the module docstring."""

    base: str
    outgoing: dict[Node, list[Pair]] = field(default_factory=dict)
    incoming: dict[URIRef, list[tuple[Node, URIRef]]] = field(default_factory=dict)
    graphs: dict[str, dict[Node, None]] = field(default_factory=dict)  # insertion-ordered sets
    own: list[str] = field(default_factory=list)
    triples: int = 0

    @functools.cached_property
    def said_by(self) -> Counter[str]:
        """How many things say each text (a literal's lexical form, counted once per thing), for the pages' meta
        descriptions: a text many things share is a class's word ("nytt nummer"), not one thing's description."""
        return Counter(text for pairs in self.outgoing.values()
                       for text in {str(o) for _, o in pairs if isinstance(o, Literal)})

    @classmethod
    def from_store(cls, store: ox.Store, base: str) -> GraphIndex:
        """Scan ``store`` once. ``base`` is the build's base (``{base}/id/…`` are our things)."""
        return cls.from_quads(store.quads_for_pattern(None, None, None, None), base)

    @classmethod
    def from_quads(cls, quads: Iterable[ox.Quad], base: str) -> GraphIndex:
        """Index ``quads`` in their order, which is the order descriptions keep (an on-disk store's is its keys'; an
        in-memory store's changes from one process to the next, so sort its quads first)."""
        index = cls(base)
        terms: dict[object, Node] = {}
        seen: set[tuple[Node, Node, Node]] = set()

        def term(value: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
            found = terms.get(value)
            if found is None:
                found = terms[value] = to_rdflib(value)
            return found

        for quad in quads:
            s, p, o = term(quad.subject), term(quad.predicate), term(quad.object)
            graph = quad.graph_name
            if isinstance(graph, ox.NamedNode):
                index.graphs.setdefault(graph.value, {})[s] = None
            if (s, p, o) in seen:
                continue
            seen.add((s, p, o))
            index.outgoing.setdefault(s, []).append((p, o))  # type: ignore[arg-type]
            if isinstance(o, URIRef):
                index.incoming.setdefault(o, []).append((s, p))  # type: ignore[arg-type]
        index.triples = len(seen)
        prefix = f"{base}/"
        index.own = sorted(str(s) for s in index.outgoing if isinstance(s, URIRef) and str(s).startswith(prefix))
        return index

    def parts(self, iri: str) -> Iterator[URIRef]:
        """``iri`` itself (when it has triples) and every subject of ours below it (``iri/…``)."""
        if URIRef(iri) in self.outgoing:
            yield URIRef(iri)
        below = iri + "/"
        own = self.own
        # by position, not over a slice: ``own[start:]`` copies the rest of the list, a cost per document
        # that grew with the dataset (0.4 ms a call at a million triples)
        for position in range(bisect_left(own, below), len(own)):
            subject = own[position]
            if not subject.startswith(below):
                break
            yield URIRef(subject)

    # Predicates are compared as strings (every predicate is an IRI): rdflib's URIRef.__eq__, in Python, was the
    # largest single cost of rendering a page.
    def values(self, subject: Node, predicate: URIRef) -> list[Node]:
        return [o for p, o in self.outgoing.get(subject, ()) if _same(p, predicate)]

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        return next((o for p, o in self.outgoing.get(subject, ()) if _same(p, predicate)), None)

    def subjects_with(self, predicate: URIRef, obj: URIRef) -> list[Node]:
        return [s for s, p in self.incoming.get(obj, ()) if p == predicate]

    def literal_values(self, subject: Node, predicate: URIRef) -> list[Literal]:
        return [o for o in self.values(subject, predicate) if isinstance(o, Literal)]
