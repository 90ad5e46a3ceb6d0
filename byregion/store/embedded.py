"""The embedded store: a build's Oxigraph database opened read-only in this process."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from byregion.namespaces import bind_prefixes
from byregion.rdf_files import oxigraph_path
from byregion.store import QuerySyntaxError, Row, StoreError
from byregion.store.convert import to_rdflib


class EmbeddedStore:
    """Read-only Oxigraph store; the default graph is the union of all named graphs."""

    def __init__(self, store: ox.Store) -> None:
        self.oxigraph = store

    @classmethod
    def open(cls, path: Path) -> EmbeddedStore:
        """Open the on-disk database of a build (many processes may open it at once)."""
        try:
            return cls(ox.Store.read_only(oxigraph_path(path)))
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}; run `byregion build`") from exc

    def _run(self, query: str) -> object:
        try:
            return self.oxigraph.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def select(self, query: str) -> list[Row]:
        solutions = self._run(query)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        rows: list[Row] = []
        for solution in solutions:
            row: Row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = to_rdflib(term)
            rows.append(row)
        return rows

    def construct(self, query: str) -> Graph:
        triples = self._run(query)
        if not isinstance(triples, ox.QueryTriples):
            raise QuerySyntaxError("expected a CONSTRUCT or DESCRIBE query")
        graph = bind_prefixes(Graph())
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return graph

    def ask(self, query: str) -> bool:
        answer = self._run(query)
        if not isinstance(answer, ox.QueryBoolean):
            raise QuerySyntaxError("expected an ASK query")
        return bool(answer)

    def close(self) -> None:
        del self.oxigraph
