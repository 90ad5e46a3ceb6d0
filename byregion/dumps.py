"""The build's downloadable dumps, and the figures the catalogue publishes about them.

:func:`write` is the artifact writer registered in :data:`byregion.build.writer.ARTIFACT_WRITERS`.
It writes the whole graph as Turtle, N-Triples, JSON-LD (triples: the union of all named graphs) and
as TriG and N-Quads (every named graph kept), each also gzip-compressed, into ``dumps/`` of the
build folder; and each named graph of ours on its own (:func:`graph_dumps`), as Turtle and N-Triples, each also
gzip-compressed, into ``dumps/graph/`` at the graph's path under ``/graph/`` (the graph
``{base}/graph/region/notodden`` as ``dumps/graph/region/notodden.ttl``; the catalogue lists the whole dumps, the
VoID description and each graph's document its own). Bytes and SHA-256 of every file are then recorded by the
build in ``manifest["files"]``, which is where the catalogue takes its figures from: what the catalogue says is what
is served.

The dumps are made from the build's canonical N-Quads (``dataset.nq``, the content hash's bytes), never
from an in-memory rdflib graph: at a million triples rdflib's union graph and serialisers held
gigabytes and took minutes; Oxigraph writes each format in Rust, one format's bytes at a time. The
triple formats are made from the union's N-Triples, sorted and without duplicates, so the same data
gives the same bytes, blank node labels included (RDFC-1.0 labels). Not from the store: Oxigraph stores
numbers in canonical form (``"2727.0"^^xsd:decimal`` is read back as ``"2727"``), and a dump holds the
data as written. The quality figures, which count nodes only, are queried from the store.

The same writer records, once per build, the figures that must never be computed per request:
VoID statistics (:mod:`byregion.void`) and quality figures (:mod:`byregion.quality`). The facts the
DCAT catalogue is generated from (:mod:`byregion.dcat`) are read by the build from the merged graph.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from isal import isal_zlib
from rdflib import Dataset, Graph

from byregion import quality, void
from byregion.build.reader import CANONICAL_NQUADS
from byregion.docstore import GZIP_LEVEL, GZIP_WBITS
from byregion.mediatypes import JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE, MediaType
from byregion.namespaces import bind_prefixes
from byregion.paths import DUMPS_FOLDER, GRAPH_DUMPS_FOLDER
from byregion.prefixes import written
from byregion.progress import each
from byregion.render import compactor, prefixes

#: File stem of every dump: ``byregion.ttl``, ``byregion.ttl.gz``, ...
STEM = "byregion"
#: The formats each named graph is written in (triples: a graph's own), each also gzip-compressed.
GRAPH_FORMATS: tuple[MediaType, ...] = (TURTLE, NTRIPLES)
#: A graph's path under ``/graph/`` that names a file: segments of lower-case letters, digits and ``-`` (as every
#: graph of ours is named); a graph of another name has no dump of its own (it is in the whole dumps).
_GRAPH_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,99}(/[a-z0-9][a-z0-9-]{0,99}){0,4}")


@dataclass(frozen=True)
class Dump:
    """One dump file: its format, whether it keeps named graphs, whether it is gzip-compressed."""

    media_type: MediaType
    quads: bool
    compressed: bool = False

    @property
    def name(self) -> str:
        """Path relative to the build folder, e.g. ``dumps/byregion.ttl.gz``."""
        return _dump_path(STEM, self.media_type, self.compressed)


_FORMATS: tuple[tuple[MediaType, bool], ...] = (
    (TURTLE, False), (NTRIPLES, False), (JSONLD, False), (TRIG, True), (NQUADS, True),
)
#: Every dump a build writes, plain and gzip-compressed, in catalogue order.
DUMPS: tuple[Dump, ...] = tuple(Dump(m, q, c) for m, q in _FORMATS for c in (False, True))


@dataclass(frozen=True)
class GraphDump:
    """One dump of one named graph: the graph's name (its path under ``/graph/``), format, whether gzip."""

    graph: str
    media_type: MediaType
    compressed: bool = False

    @property
    def name(self) -> str:
        """Path relative to the build folder, e.g. ``dumps/graph/region/notodden.ttl.gz``."""
        return _dump_path(f"{GRAPH_DUMPS_FOLDER}/{self.graph}", self.media_type, self.compressed)


def _dump_path(stem: str, media_type: MediaType, compressed: bool) -> str:
    """A dump's path relative to the build folder: ``dumps/{stem}.{extension}``, and ``.gz`` when compressed."""
    return f"{DUMPS_FOLDER}/{stem}.{media_type.extension}" + (".gz" if compressed else "")


def graph_name(iri: str, base: str) -> str | None:
    """The name of the named graph ``iri`` that its dumps are filed by (``{base}/graph/region/notodden`` →
    ``region/notodden``), or None for a graph that has no dumps of its own (not under ``{base}/graph/``)."""
    prefix = f"{base}/graph/"
    name = iri.removeprefix(prefix)
    return name if iri.startswith(prefix) and _GRAPH_NAME.fullmatch(name) else None


def graph_dumps(nquads: bytes, base: str) -> Iterator[tuple[str, str, int, bytes]]:
    """Each named graph of ours in the canonical N-Quads ``nquads`` as N-Triples: ``(graph IRI, name, triples,
    N-Triples)``, graphs in IRI order, each graph's lines sorted (as the whole N-Triples dump's)."""
    lines: dict[str, list[bytes]] = {}
    for line, quad in zip(nquads.splitlines(keepends=True), ox.parse(nquads, format=ox.RdfFormat.N_QUADS),
                          strict=True):
        if isinstance(quad.graph_name, ox.NamedNode) and graph_name(quad.graph_name.value, base) is not None:
            lines.setdefault(quad.graph_name.value, []).append(line)
    for iri in sorted(lines):
        name = graph_name(iri, base)
        assert name is not None
        raw = ox.serialize((quad.triple for quad in ox.parse(b"".join(lines.pop(iri)),
                                                              format=ox.RdfFormat.N_QUADS)),
                           format=ox.RdfFormat.N_TRIPLES)
        assert raw is not None  # None only when an output file is given
        triples = sorted(set(raw.splitlines(keepends=True)))
        yield iri, name, len(triples), b"".join(triples)


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph (what the triple formats hold)."""
    graph = bind_prefixes(Graph())
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def union_ntriples(nquads: bytes) -> bytes:
    """Every triple of the canonical N-Quads ``nquads`` once, whatever its graph: N-Triples lines sorted as
    bytes (code point order)."""
    raw = ox.serialize((quad.triple for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS)),
                       format=ox.RdfFormat.N_TRIPLES)
    assert raw is not None  # None only when an output file is given
    lines = raw.split(b"\n")
    del raw
    lines.sort()
    return b"".join(line + b"\n" for line, _same in groupby(lines) if line)


def trig(nquads: bytes, base: str) -> bytes:
    """The TriG dump: the quads of the canonical N-Quads ``nquads`` one graph at a time (graphs in IRI order,
    each graph's lines in their sorted order), so each graph is one block."""
    lines = nquads.splitlines(keepends=True)
    by_graph: dict[str, list[int]] = {}
    for number, quad in enumerate(ox.parse(nquads, format=ox.RdfFormat.N_QUADS)):
        by_graph.setdefault(str(quad.graph_name), []).append(number)
    if sum(len(numbers) for numbers in by_graph.values()) != len(lines):
        raise ValueError("the canonical N-Quads must hold one quad a line")

    def quads() -> Iterator[ox.Quad]:
        for name in sorted(by_graph):
            yield from ox.parse(b"".join(lines[n] for n in by_graph[name]), format=ox.RdfFormat.N_QUADS)
    data = ox.serialize(quads(), format=ox.RdfFormat.TRIG, prefixes=written(prefixes(base)))
    assert data is not None  # None only when an output file is given
    return data


def triples_of(ntriples: bytes) -> Iterator[ox.Triple]:
    """The triples of N-Triples bytes, in their order."""
    for quad in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES):
        yield quad.triple


def _jsonld_node(subject: ox.NamedNode | ox.BlankNode, triples: Iterable[ox.Triple],
                 compact: Callable[[str], str]) -> dict[str, Any]:
    """One node object of the JSON-LD dump, written as :func:`byregion.render.jsonld_document` writes them."""
    def ref(term: Any) -> str:
        return f"_:{term.value}" if isinstance(term, ox.BlankNode) else compact(term.value)

    node: dict[str, Any] = {"@id": ref(subject)}
    for triple in triples:
        predicate, obj = triple.predicate.value, triple.object
        if predicate == _RDF_TYPE and not isinstance(obj, ox.Literal):
            node.setdefault("@type", []).append(ref(obj))
            continue
        if isinstance(obj, ox.Literal):
            value: dict[str, Any] = {"@value": obj.value}
            if obj.language:
                value["@language"] = obj.language
            elif obj.datatype.value != _XSD_STRING:
                value["@type"] = compact(obj.datatype.value)
        else:
            value = {"@id": ref(obj)}
        node.setdefault(compact(predicate), []).append(value)
    return node


def jsonld(ntriples: bytes, base: str) -> bytes:
    """The JSON-LD dump: the published context inlined, then one node object a line, subjects in the order of
    the N-Triples (sorted), compacted as every document is (:func:`byregion.render.jsonld_document`)."""
    compact = compactor(base)
    parts = [b'{"@context":', json.dumps(prefixes(base), ensure_ascii=False).encode("utf-8"), b',\n"@graph":[\n']
    first = True
    for subject, triples in groupby(triples_of(ntriples), key=lambda t: t.subject):
        assert not isinstance(subject, ox.Triple)
        node = json.dumps(_jsonld_node(subject, triples, compact), ensure_ascii=False, separators=(",", ":"))
        parts.append(("" if first else ",\n").encode("utf-8") + node.encode("utf-8"))
        first = False
    parts.append(b"\n]}\n")
    return b"".join(parts)


def serialise(dump: Dump, nquads: bytes, ntriples: bytes, base: str) -> bytes:
    """The uncompressed bytes of ``dump``: ``nquads`` are the build's canonical N-Quads (they are the N-Quads
    dump), ``ntriples`` their :func:`union_ntriples`."""
    media_type = dump.media_type
    if media_type is NTRIPLES:
        return ntriples
    if media_type is NQUADS:
        return nquads
    if media_type is JSONLD:
        return jsonld(ntriples, base)
    if media_type is TRIG:
        return trig(nquads, base)
    if media_type is not TURTLE:
        raise ValueError(f"no dump is written as {media_type.name}")
    data = ox.serialize(triples_of(ntriples), format=ox.RdfFormat.TURTLE, prefixes=written(prefixes(base)))
    assert data is not None  # None only when an output file is given
    return data


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name and mtime 0, so equal input gives equal bytes (and checksum). Compressed as
    the documents' bodies are (ISA-L, :data:`~byregion.docstore.GZIP_LEVEL`): on the repository's five whole dumps
    (48 MB) in 0.19 s against 3.25 s for zlib at level 9, which this replaced, for files 11.8 % larger (17.7 % of
    the bytes kept against 15.8 %); zlib's level 9 had taken most of a build's dumps step."""
    return isal_zlib.compress(data, GZIP_LEVEL, wbits=GZIP_WBITS)


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Artifact writer: write every dump into ``folder/dumps/`` and record build-time figures.

    ``store`` is the build's complete store and ``folder`` holds its canonical N-Quads. Returns the written
    paths (relative to ``folder``); the build adds their bytes and SHA-256 to ``manifest["files"]``. Adds
    ``manifest["dumps"]``, ``["graph_dumps"]`` (each named graph's: its IRI, triples and files), ``["void"]`` and
    ``["quality"]``.
    """
    base = str(manifest["base_uri"])
    (folder / DUMPS_FOLDER).mkdir(exist_ok=True)
    nquads = (folder / CANONICAL_NQUADS).read_bytes()
    ntriples = union_ntriples(nquads)
    written: list[str] = []
    for media_type, quads in each(_FORMATS, "dumps", "formats"):
        data = serialise(Dump(media_type, quads), nquads, ntriples, base)  # one format's bytes at a time
        for dump in (Dump(media_type, quads), Dump(media_type, quads, compressed=True)):
            (folder / dump.name).write_bytes(gzip_bytes(data) if dump.compressed else data)
            written.append(dump.name)
        del data
    manifest["dumps"] = [
        {"file": d.name, "media_type": d.media_type.name, "quads": d.quads, "compressed": d.compressed}
        for d in DUMPS
    ]
    manifest["graph_dumps"] = []
    for iri, name, count, graph_ntriples in graph_dumps(nquads, base):  # one graph's bytes at a time
        for media_type in GRAPH_FORMATS:
            data = serialise(Dump(media_type, False), nquads, graph_ntriples, base)
            for graph_dump in (GraphDump(name, media_type), GraphDump(name, media_type, compressed=True)):
                (folder / graph_dump.name).parent.mkdir(parents=True, exist_ok=True)
                (folder / graph_dump.name).write_bytes(gzip_bytes(data) if graph_dump.compressed else data)
                written.append(graph_dump.name)
                manifest["graph_dumps"].append({"graph": iri, "triples": count, "file": graph_dump.name,
                                                "media_type": media_type.name,
                                                "compressed": graph_dump.compressed})
    del nquads
    manifest["void"] = void.statistics(triples_of(ntriples), base)
    del ntriples
    manifest["quality"] = quality.figures(store, manifest)
    return written
