"""Search for people: a full-text index of every thing with a page, made when the build is made, and read per
request without the graph.

* :mod:`byregion.search.text`: how words are read (folded, stemmed), how a query becomes a safe FTS5
  expression, and how matched words are marked in the original text (pure);
* :mod:`byregion.search.index`: the build step that writes ``search.sqlite`` from the build's graph index;
* :mod:`byregion.serve.search`: answering a search from that file (per request).

This module holds what the writer and the reader share: the file's name, its format and its columns with
their weights in the rank. It imports nothing heavy, so the request path stays free of rdflib.
"""

from __future__ import annotations

import re

FILE = "search.sqlite"
#: The version of how words are read and stored; a server refuses an index of another (rebuild to get one).
#: 2: ``aa`` folds to ``a`` (byregion.search.text.fold); 3: each thing's kind is a row of ``kinds``, with its token
#: (``?kind=``) and its labels, so a search is filtered and counted by kind.
FORMAT = "3"
#: The indexed columns in order, and each one's weight in the rank (bm25): a name counts ten times a text.
COLUMNS = ("name", "exact", "numbers", "body", "context")
WEIGHTS = {"name": 10.0, "exact": 6.0, "numbers": 8.0, "body": 1.0, "context": 0.5}


def kind_token(iri: str | None) -> str:
    """The short token a kind (a class's IRI) is asked for by (``/search?kind=municipality``): its local name in
    lower case, words joined by ``-`` (``CityRegion``: ``city-region``, ``skos:ConceptScheme``:
    ``concept-scheme``); ``untyped`` for things of no class. Stable as the class's name is; where two classes of
    one build share a local name, :func:`byregion.search.index.write` gives the other vocabulary's its prefix."""
    if iri is None:
        return UNTYPED
    local = re.split(r"[#/]", iri.rstrip("#/"))[-1]
    return re.sub(r"[^a-z0-9]+", "-", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", local).lower()).strip("-") or "kind"


#: The token of the things of no class (none in today's data).
UNTYPED = "untyped"
