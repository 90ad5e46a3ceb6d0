"""Serialising a description graph to each RDF format. Pure: graph in, bytes out.

JSON-LD is compacted with a context made from :data:`byregion.namespaces.PREFIXES` only (prefix
definitions, no term aliases), so every consumer expands it to exactly the same triples as Turtle;
the server publishes the same context at ``/context.jsonld``.
"""

from __future__ import annotations

import json
from typing import Any

from rdflib import Graph

from byregion.mediatypes import JSONLD, MediaType
from byregion.namespaces import PREFIXES, bind_prefixes

CONTEXT_PATH = "/context.jsonld"


def jsonld_context() -> dict[str, Any]:
    """The JSON-LD context: one prefix definition per entry of PREFIXES."""
    return {"@context": dict(PREFIXES)}


def context_document() -> bytes:
    return (json.dumps(jsonld_context(), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def serialise(graph: Graph, media_type: MediaType) -> bytes:
    """``graph`` in ``media_type`` (an RDF type with an rdflib format), UTF-8 encoded.

    The JSON-LD context is inlined (it equals the published one), so a client needs no second
    request and no network access to expand it.
    """
    if media_type.rdflib_format is None:
        raise ValueError(f"{media_type.name} is not an RDF format")
    if media_type is JSONLD:
        context: Any = jsonld_context()["@context"]
        document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    data = bind_prefixes(graph).serialize(format=media_type.rdflib_format, encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")
