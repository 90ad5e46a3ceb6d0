"""Serialising a description graph to each RDF format. Pure: graph in, bytes out.

JSON-LD is compacted with a context made from :data:`byregion.namespaces.PREFIXES` only (prefix
definitions, no term aliases), so every consumer expands it to exactly the same triples as Turtle;
the server publishes the same context at ``/context.jsonld``. A build made with another base gets
the same prefixes with our namespaces (``br:``, ``id:``) moved to that base (:func:`prefixes`).
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph
from rdflib.namespace import NamespaceManager

from byregion import uris
from byregion.mediatypes import JSONLD, MediaType
from byregion.namespaces import BASE, PREFIXES

CONTEXT_PATH = "/context.jsonld"


def prefixes(base: str = BASE) -> dict[str, str]:
    """:data:`PREFIXES` for data built with ``base``: our own namespaces rebased, the others unchanged."""
    return {prefix: uris.rebase(ns, BASE, base) for prefix, ns in PREFIXES.items()}


def jsonld_context(base: str = BASE) -> dict[str, Any]:
    """The JSON-LD context: one prefix definition per entry of :func:`prefixes`."""
    return {"@context": prefixes(base)}


def context_document(base: str = BASE) -> bytes:
    return (json.dumps(jsonld_context(base), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _bind(graph: Graph, base: str) -> Graph:
    manager = NamespaceManager(graph, bind_namespaces="none")
    for prefix, iri in prefixes(base).items():
        manager.bind(prefix, iri, override=True, replace=True)
    graph.namespace_manager = manager
    return graph


def serialise(graph: Graph, media_type: MediaType, base: str = BASE) -> bytes:
    """``graph`` in ``media_type`` (an RDF type with an rdflib format), UTF-8 encoded.

    ``base`` is the base the data was built with (it chooses the ``br:``/``id:`` prefixes). The JSON-LD
    context is inlined (it equals the published one), so a client needs no second request and no
    network access to expand it.
    """
    if media_type.rdflib_format is None:
        raise ValueError(f"{media_type.name} is not an RDF format")
    if media_type is JSONLD:
        context: Any = jsonld_context(base)["@context"]
        document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    data = _bind(graph, base).serialize(format=media_type.rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")
