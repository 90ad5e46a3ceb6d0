"""The importer: one region page (plain text) → the region's RDF graph (docs/importing.md).

Pure: bytes and graphs in, a graph and warnings out. :class:`DocumentError` is raised for a
document that cannot be imported at all; everything short of that is a warning.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph

from byregion.importer.decode import decode
from byregion.importer.errors import DocumentError
from byregion.importer.parse import ParsedDocument, parse_document
from byregion.importer.rdf import build_graph
from byregion.importer.regions import PageRegion, page_region
from byregion.importer.tagging import ThemeIndex
from byregion.programme import Programme

__all__ = ["DocumentError", "ImportResult", "import_document", "read_document"]


@dataclass(frozen=True)
class ImportResult:
    graph: Graph
    text: str  # the decoded source text the provenance offsets count in
    slug: str  # the page's slug: data/regions/{slug}.ttl, data/curation/{slug}.ttl
    warnings: tuple[str, ...]
    region: PageRegion  # the region the page is about, and how its IRIs were minted


def read_document(raw: bytes) -> tuple[str, ParsedDocument, list[str]]:
    """The page's text, its parts and the decoder's warnings; :class:`DocumentError` for a page that cannot be
    imported at all (binary, empty, not text, no section of the template). Needs no reference data."""
    text, warnings = decode(raw)
    return text, parse_document(text), warnings


def import_document(raw: bytes, reference: Graph | None = None, themes: Graph | None = None,
                    programme: Programme | None = None) -> ImportResult:
    """Import one region page given as the file's bytes.

    ``reference`` is the municipality reference graph (MODEL.md shape); ``themes`` the SKOS themes
    used for automatic tags; ``programme`` the programme's list of regions (``data/programme``),
    which names the region and settles same-name municipalities. Any may be None: names then stay
    unresolved (with warnings), no automatic tags are made, and the region is named by its page.
    """
    text, doc, warnings = read_document(raw)
    page, found = page_region(doc, programme)
    tagger = ThemeIndex.from_graph(themes).tag if themes is not None else None
    graph, more = build_graph(doc, text, raw, reference, tagger, page)
    return ImportResult(graph, text, page.page_slug, tuple(warnings + found + doc.warnings + more), page)
