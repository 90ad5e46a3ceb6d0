"""The importer: one region page (plain text) → the region's RDF graph (docs/importing.md).

Pure: bytes and graphs in, a graph and warnings out. :class:`DocumentError` is raised for a
document that cannot be imported at all; everything short of that is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from byregion.importer.decode import decode
from byregion.importer.errors import DocumentError
from byregion.importer.parse import parse_document
from byregion.importer.rdf import build_graph
from byregion.importer.tagging import ThemeIndex
from byregion.uris import slugify

__all__ = ["DocumentError", "ImportResult", "import_document"]


@dataclass(frozen=True)
class ImportResult:
    graph: Graph
    text: str  # the decoded source text the provenance offsets count in
    slug: str
    warnings: tuple[str, ...]


def import_document(raw: bytes, reference: Graph | None = None, themes: Graph | None = None) -> ImportResult:
    """Import one region page given as the file's bytes.

    ``reference`` is the municipality reference graph (MODEL.md shape); ``themes`` the SKOS themes
    used for automatic tags. Either may be None: names then stay unresolved (with warnings) and
    no automatic tags are made.
    """
    text, warnings = decode(raw)
    doc = parse_document(text)
    tagger = ThemeIndex.from_graph(themes).tag if themes is not None else None
    graph, more = build_graph(doc, text, raw, reference, tagger)
    return ImportResult(graph, text, slugify(doc.title.text), tuple(warnings + doc.warnings + more))
