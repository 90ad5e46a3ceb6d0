"""Serialising a description graph to each RDF format. Pure: graph in, bytes out.

Fast enough to run for every document of a build (Oxigraph writes the triple formats). JSON-LD is
compacted with a context made from :data:`byregion.namespaces.PREFIXES` only (prefix definitions, no
term aliases), so every consumer expands it to exactly the same triples as Turtle;
the server publishes the same context at ``/context.jsonld``. A build made with another base gets
the same prefixes with our namespaces (``br:``, ``id:``) moved to that base (:func:`prefixes`).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from byregion import uris
from byregion.fastgraph import FastGraph
from byregion.mediatypes import JSONLD, NTRIPLES, RDFXML, TURTLE, MediaType
from byregion.namespaces import BASE, PREFIXES
from byregion.prefixes import PATH_PREFIXES
from byregion.store.convert import to_oxigraph


def prefixes(base: str = BASE) -> dict[str, str]:
    """:data:`PREFIXES` for data built with ``base``: our own namespaces rebased, the others unchanged."""
    return {prefix: uris.rebase(ns, BASE, base) for prefix, ns in PREFIXES.items()}


def jsonld_context(base: str = BASE) -> dict[str, Any]:
    """The JSON-LD context: one prefix definition per entry of :func:`prefixes`."""
    return {"@context": prefixes(base)}


def context_document(base: str = BASE) -> bytes:
    return (json.dumps(jsonld_context(base), indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _oxigraph(triples: list[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    terms: dict[Node, Any] = {}

    def term(node: Node) -> Any:
        found = terms.get(node)
        if found is None:
            found = terms[node] = to_oxigraph(node)
        return found
    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]


_OX_FORMATS = {TURTLE: ox.RdfFormat.TURTLE, NTRIPLES: ox.RdfFormat.N_TRIPLES, RDFXML: ox.RdfFormat.RDF_XML}


def serialise(graph: Graph, media_type: MediaType, base: str = BASE) -> bytes:
    """``graph`` in ``media_type`` (an RDF format), UTF-8 encoded, each subject's triples together
    (:func:`grouped`): in the graph's order for a :class:`~byregion.fastgraph.FastGraph` (a description's order is
    fixed by the build), sorted for any other graph, so the same data gives the same bytes and ETag.

    ``base`` is the base the data was built with (it chooses the ``br:``/``id:`` prefixes). Turtle,
    N-Triples and RDF/XML are written by Oxigraph; JSON-LD is compacted here with the published context
    (:func:`jsonld_document`). The context is inlined (it equals the published one), so a client needs no
    second request and no network access to expand it.
    """
    return serialise_all(graph, (media_type,), base)[media_type]


@functools.cache
def _prefix_table(base: str) -> tuple[tuple[str, str], ...]:
    return tuple(prefixes(base).items())


@functools.lru_cache(maxsize=1 << 16)  # predicates, classes and datatypes recur in every document
def _prefixes_of(iri: str, base: str) -> frozenset[str]:
    """The prefixes whose namespace ``iri`` starts with."""
    return frozenset(p for p, ns in _prefix_table(base) if iri.startswith(ns))


def used_prefixes(triples: Iterable[tuple[Node, Node, Node]], base: str = BASE) -> dict[str, str]:
    """The prefixes of :func:`prefixes` that the triples' IRIs (and datatypes) use, so a document declares
    only what it needs; never one of :data:`~byregion.prefixes.PATH_PREFIXES`, whose IRIs Turtle spells whole."""
    iris = {str(t) for triple in triples for t in triple if isinstance(t, URIRef)}
    iris |= {str(t.datatype) for triple in triples for t in triple if isinstance(t, Literal) and t.datatype}
    used: set[str] = set()
    for iri in iris:
        used |= _prefixes_of(iri, base)
    return {p: ns for p, ns in _prefix_table(base) if p in used and p not in PATH_PREFIXES}


def _json(document: dict[str, Any]) -> bytes:
    """Compact JSON (Python's C encoder: an indented dump goes through the far slower pure-Python one)."""
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def triple_order(triple: tuple[Node, Node, Node]) -> tuple[str, str, str]:
    """A triple's place in a stable order (its terms as N3): an rdflib graph's own order follows the process's hash
    seed, so triples taken from one are sorted by this first."""
    return (triple[0].n3(), triple[1].n3(), triple[2].n3())


def grouped(triples: Iterable[tuple[Node, Node, Node]]) -> list[tuple[Node, Node, Node]]:
    """The triples with each subject's together, its ``rdf:type`` first and each predicate's objects together,
    subjects and predicates in the order they first come: a writer of Turtle says each subject once (``;`` and
    ``,``) only where its triples are next to each other, and a graph made of several parts (the catalogue,
    its datasets and places) has them apart. The same triples in the same order give the same bytes."""
    by_subject: dict[Node, dict[Node, list[Node]]] = {}
    for s, p, o in triples:
        predicates = by_subject.get(s)
        if predicates is None:
            predicates = by_subject[s] = {RDF.type: []}
        predicates.setdefault(p, []).append(o)
    return [(s, p, o) for s, predicates in by_subject.items() for p, objects in predicates.items() for o in objects]


def serialise_all(graph: Graph, media_types: Iterable[MediaType], base: str = BASE) -> dict[MediaType, bytes]:
    """``graph`` in each of ``media_types`` at once: the terms are converted for Oxigraph, and the prefixes
    in use found, once per graph rather than once per format."""
    # a FastGraph keeps the order the build gave it; rdflib's own store iterates in an order that hash seeds
    # change from one process to the next, so its triples are sorted first: the same data, the same bytes
    triples = grouped(graph if isinstance(graph, FastGraph) else sorted(graph, key=triple_order))
    converted: list[ox.Triple] | None = None
    used: dict[str, str] | None = None
    out: dict[MediaType, bytes] = {}
    for media_type in media_types:
        if media_type.rdflib_format is None:
            raise ValueError(f"{media_type.name} is not an RDF format")
        if media_type is JSONLD:
            out[media_type] = _json(jsonld_document(triples, base))
            continue
        converted = converted if converted is not None else _oxigraph(triples)
        if media_type is not NTRIPLES and used is None:
            used = used_prefixes(triples, base)
        output = ox.serialize(converted, format=_OX_FORMATS[media_type],
                              prefixes=used if media_type is not NTRIPLES else None)
        assert output is not None  # None only when an output file is given
        out[media_type] = output
    return out


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@functools.cache
def prefix_table(base: str) -> tuple[tuple[str, str], ...]:
    """The prefixes of ``base``'s context as :func:`compact_iri` tries them: the longest namespace first."""
    return tuple(sorted(prefixes(base).items(), key=lambda item: -len(item[1])))


def compact_iri(iri: str, table: tuple[tuple[str, str], ...]) -> str:
    """``iri`` as a compact IRI of the prefixes ``table`` (:func:`prefix_table`) where one fits, else whole."""
    for prefix, namespace in table:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            suffix = iri[len(namespace):]
            if not suffix.startswith("//"):  # "p://…" would read as an absolute IRI
                return f"{prefix}:{suffix}"
    return iri


@functools.cache
def compactor(base: str) -> Callable[[str], str]:
    """A function writing an IRI as a compact IRI of the context of ``base`` where one fits (the longest
    namespace wins), else whole. One per base, remembering the IRIs it wrote most recently: for the build, whose
    IRIs are its own; a server compacting what clients send (a query's results) uses :func:`compact_iri`, which
    keeps nothing (a review: IRIs a query minted filled this cache, gigabytes a worker)."""
    table = prefix_table(base)

    @functools.lru_cache(maxsize=1 << 16)
    def compact(iri: str) -> str:
        return compact_iri(iri, table)
    return compact


def jsonld_document(triples: list[tuple[Node, Node, Node]], base: str = BASE) -> dict[str, Any]:
    """Triples as a compacted JSON-LD document: ``{"@context": …, "@graph": [nodes]}``, every IRI written as
    a compact IRI of the context where one fits, every literal with its language or datatype, so any
    JSON-LD processor expands it to exactly these triples."""
    compact = compactor(base)

    def ref(node: Node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else compact(str(node))

    nodes: dict[Node, dict[str, Any]] = {}
    for s, p, o in triples:
        node = nodes.setdefault(s, {"@id": ref(s)})
        if str(p) == _RDF_TYPE and not isinstance(o, Literal):
            node.setdefault("@type", []).append(ref(o))
            continue
        if isinstance(o, Literal):
            value: dict[str, Any] = {"@value": str(o)}
            if o.language:
                value["@language"] = o.language
            elif o.datatype is not None and str(o.datatype) != _XSD_STRING:
                value["@type"] = compact(str(o.datatype))
        else:
            value = {"@id": ref(o)}
        node.setdefault(ref(p) if not isinstance(p, BNode) else str(p), []).append(value)
    return {"@context": prefixes(base), "@graph": list(nodes.values())}
