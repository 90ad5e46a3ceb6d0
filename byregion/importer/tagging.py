"""Automatic theme tags: a statement gets every theme whose nb label occurs in its text.

Deterministic by construction: labels are matched case-insensitively at the start of a word, so
inflected forms count ("delingskulturen" contains the label "delingskultur"), and the result is a
sorted list. Only Norwegian labels are used, since the texts are Norwegian. Labels shorter than
four letters are ignored: they would match too much.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from byregion.literals import visible

MIN_LABEL_LENGTH = 4


@dataclass(frozen=True)
class ThemeIndex:
    """(pattern, theme) pairs built once from the themes graph."""

    patterns: tuple[tuple[re.Pattern[str], URIRef], ...]

    @classmethod
    def from_graph(cls, themes: Graph) -> ThemeIndex:
        pairs: list[tuple[str, URIRef]] = []
        for concept in themes.subjects(RDF.type, SKOS.Concept):
            if not isinstance(concept, URIRef):
                continue
            for prop in (SKOS.prefLabel, SKOS.altLabel):
                for label in themes.objects(concept, prop):
                    if getattr(label, "language", None) in ("nb", "nn", "no") and \
                            len(str(label)) >= MIN_LABEL_LENGTH:
                        pairs.append((str(label), concept))
        patterns = tuple(
            (re.compile(r"(?<![^\W_])" + re.escape(label.casefold()), re.UNICODE), concept)
            for label, concept in sorted(set(pairs))
        )
        return cls(patterns)

    def tag(self, text: str) -> list[URIRef]:
        """The themes whose labels occur in ``text``, sorted: read as the reader sees it, so a page in decomposed form
        has the same themes, and "reise\u00adliv" (a soft hyphen) is "reiseliv"."""
        folded = visible(unicodedata.normalize("NFC", text)).casefold()
        return sorted({concept for pattern, concept in self.patterns if pattern.search(folded)})
