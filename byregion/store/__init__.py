"""One store interface, two implementations.

:class:`~byregion.store.embedded.EmbeddedStore` reads a build's Oxigraph database in-process (the
default: no service to start); :class:`~byregion.store.remote.RemoteStore` speaks the SPARQL 1.1
Protocol to any endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, Neptune). Both answer with
rdflib terms, so the code above them does not care which one it has.

The default graph of both is the union of the named graphs (``sd:UnionDefaultGraph``).
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from rdflib import Graph
from rdflib.term import Node

Row = dict[str, Node]


class StoreError(RuntimeError):
    """The store could not answer (unreachable, broken, or refused the query)."""


class QuerySyntaxError(ValueError):
    """The query text is not valid SPARQL; the message carries the parser's words and position."""


@runtime_checkable
class Store(Protocol):
    """A triple store read in rdflib terms, as the tests and scripts read a build; safe to share per process. The web
    tier does not use it: its queries go through :mod:`byregion.sparql` (a ``Runner``), which guards, limits and
    streams them."""

    def select(self, query: str) -> list[Row]:
        """Run a SELECT; each row maps variable names (without ``?``) to rdflib terms (unbound omitted)."""
        ...

    def construct(self, query: str) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples as an rdflib graph."""
        ...

    def ask(self, query: str) -> bool:
        """Run an ASK."""
        ...

    def close(self) -> None:
        """Release files or connections."""
        ...
