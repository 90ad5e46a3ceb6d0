"""The build's downloadable dumps, and the figures the catalogue publishes about them.

:func:`write` is the artifact writer registered in :data:`byregion.build.writer.ARTIFACT_WRITERS`.
It writes the whole graph as Turtle, N-Triples, JSON-LD (triples: the union of all named graphs) and
as TriG and N-Quads (every named graph kept), each also gzip-compressed, into ``dumps/`` of the
build folder. Bytes and SHA-256 of every file are then recorded by the build in ``manifest["files"]``,
which is where the catalogue takes its figures from: what the catalogue says is what is served.

The same writer records, once per build, the figures that must never be computed per request:
VoID statistics (:mod:`byregion.void`), quality figures (:mod:`byregion.quality`) and the facts the
DCAT catalogue is generated from (:mod:`byregion.dcat`).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph

from byregion import dcat, quality, void
from byregion.dcat import places
from byregion.mediatypes import JSONLD, NQUADS, NTRIPLES, TRIG, TURTLE, MediaType
from byregion.namespaces import PREFIXES, bind_prefixes

#: Folder (inside a build, and under the server's root path) that holds the dumps.
FOLDER = "dumps"
#: File stem of every dump: ``byregion.ttl``, ``byregion.ttl.gz``, ...
STEM = "byregion"


@dataclass(frozen=True)
class Dump:
    """One dump file: its format, whether it keeps named graphs, whether it is gzip-compressed."""

    media_type: MediaType
    quads: bool
    compressed: bool = False

    @property
    def name(self) -> str:
        """Path relative to the build folder, e.g. ``dumps/byregion.ttl.gz``."""
        return f"{FOLDER}/{STEM}.{self.media_type.extension}" + (".gz" if self.compressed else "")


_FORMATS: tuple[tuple[MediaType, bool], ...] = (
    (TURTLE, False), (NTRIPLES, False), (JSONLD, False), (TRIG, True), (NQUADS, True),
)
#: Every dump a build writes, plain and gzip-compressed, in catalogue order.
DUMPS: tuple[Dump, ...] = tuple(Dump(m, q, c) for m, q in _FORMATS for c in (False, True))


def union_graph(dataset: Dataset) -> Graph:
    """All triples of all named graphs in one graph (what the triple formats hold)."""
    graph = bind_prefixes(Graph())
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    return graph


def _sorted_lines(text: str) -> bytes:
    """Line formats sorted, so that the same data always gives the same bytes."""
    return ("\n".join(sorted(line for line in text.splitlines() if line.strip())) + "\n").encode("utf-8")


def serialise(dump: Dump, dataset: Dataset, graph: Graph) -> bytes:
    """The uncompressed bytes of ``dump`` (``graph`` is the union graph of ``dataset``)."""
    media_type = dump.media_type
    if media_type is NTRIPLES:
        return _sorted_lines(graph.serialize(format="nt11"))
    if media_type is NQUADS:
        return _sorted_lines(dataset.serialize(format="nquads"))
    if media_type is JSONLD:
        context = {prefix: iri for prefix, iri in PREFIXES.items()}
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
    source = dataset if dump.quads else graph
    return source.serialize(format=media_type.rdflib_format or "", encoding="utf-8")


def gzip_bytes(data: bytes) -> bytes:
    """Deterministic gzip: no file name and mtime 0, so equal input gives equal bytes (and checksum)."""
    return gzip.compress(data, compresslevel=9, mtime=0)


def write(dataset: Dataset, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Artifact writer: write every dump into ``folder/dumps/`` and record build-time figures.

    Returns the written paths (relative to ``folder``); the build adds their bytes and SHA-256 to
    ``manifest["files"]``. Adds ``manifest["dumps"]``, ``["void"]``, ``["quality"]`` and ``["dcat"]``.
    """
    base = str(manifest["base_uri"])
    (folder / FOLDER).mkdir(exist_ok=True)
    graph = union_graph(dataset)
    written: list[str] = []
    plain: dict[MediaType, bytes] = {}  # one format at a time: at a million triples each is hundreds of MB
    for dump in DUMPS:
        if dump.media_type not in plain:
            plain = {dump.media_type: serialise(dump, dataset, graph)}
        data = plain[dump.media_type]
        (folder / dump.name).write_bytes(gzip_bytes(data) if dump.compressed else data)
        written.append(dump.name)
    del plain
    manifest["dumps"] = [
        {"file": d.name, "media_type": d.media_type.name, "quads": d.quads, "compressed": d.compressed}
        for d in DUMPS
    ]
    manifest["void"] = void.statistics(graph, base)
    manifest["quality"] = quality.figures(graph, manifest)
    manifest["dcat"] = dcat.facts(graph, base, places.load_boundaries())
    return written
