"""An rdflib ``Graph`` kept in plain dictionaries, for the many small graphs a build renders.

The build describes every thing of the dataset once; a description is small (tens to a few thousand
triples) and lives for one document. rdflib's default store indexes every triple three ways and costs
tens of microseconds per ``add``, which dominated rendering; this graph keeps subject → predicate →
objects (insertion-ordered, no duplicates) and answers the few patterns the page code asks. It is an
rdflib ``Graph`` for everything that reads it (``objects``, ``value``, ``subjects``, ``in``, iteration).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from rdflib import Graph
from rdflib.plugins.stores.memory import SimpleMemory
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class FastGraph(Graph):
    """A small in-memory graph; see the module docstring. Not for SPARQL or for named graphs."""

    def __init__(self, triples: Iterable[Triple] = ()) -> None:
        super().__init__(store=SimpleMemory(), bind_namespaces="none")
        self._spo: dict[Node, dict[Node, dict[Node, None]]] = {}
        self._count = 0
        for triple in triples:
            self.add(triple)

    def add(self, triple: Any) -> FastGraph:
        s, p, o = triple
        objects = self._spo.setdefault(s, {}).setdefault(p, {})
        if o not in objects:
            objects[o] = None
            self._count += 1
        return self

    def addN(self, quads: Iterable[Any]) -> FastGraph:
        for s, p, o, _context in quads:
            self.add((s, p, o))
        return self

    def remove(self, triple: Any) -> FastGraph:
        for s, p, o in list(self.triples(triple)):
            del self._spo[s][p][o]
            self._count -= 1
            if not self._spo[s][p]:
                del self._spo[s][p]
            if not self._spo[s]:
                del self._spo[s]
        return self

    def triples(self, triple: Any) -> Iterator[Any]:  # type: ignore[override]
        s, p, o = triple
        subjects = ([s] if s in self._spo else []) if s is not None else list(self._spo)
        for subject in subjects:
            predicates = self._spo[subject]
            for predicate in ([p] if p in predicates else []) if p is not None else list(predicates):
                objects = predicates[predicate]
                if o is not None:
                    if o in objects:
                        yield subject, predicate, o
                else:
                    for obj in list(objects):
                        yield subject, predicate, obj

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        return self.triples((None, None, None))

    def __contains__(self, triple: Any) -> bool:
        return next(self.triples(triple), None) is not None

    def __iadd__(self, other: Iterable[Any]) -> FastGraph:
        for triple in other:
            self.add(triple)
        return self

    def __add__(self, other: Iterable[Any]) -> FastGraph:
        union = FastGraph(self)
        union += other
        return union
