"""Region page text → structure: title, intro, sections with their items, facts lines.

Every piece of text is a :class:`Span` of the decoded source (code-point offsets, end exclusive),
so the RDF can point at exactly where it stands. Nothing is rewritten: a span's ``text`` is always
``source[start:end]``. Problems the page has are returned as warnings; a text that is not a region
page at all raises :class:`DocumentError`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from byregion.importer.errors import DocumentError
from byregion.importer.headings import (
    SECTION_TEMPLATES,
    FactKind,
    HeadingMatch,
    SectionKind,
    match_fact_label,
    match_heading,
)

_BULLET = re.compile(
    r"^(?P<indent>[ \t\u00a0]*)(?P<marker>[•◦▪▫‣●○■□·∙\-*–]|\d{1,2}[.)]|[a-zæøå]\))[ \t\u00a0]+(?=\S)"
)
# "Title, explanation" in advice: a short title without sentence punctuation before the first ", "
_TITLE_SEP = re.compile(r",\s+|\s+[–-]\s+|:\s+")
_MAX_TITLE_WORDS = 10
_SENTENCE_END = ('.', '!', '?', ':', ')', '»', '"', '”', '…')


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    line: int  # 1-based line of ``start``


@dataclass
class Item:
    """One bullet, numbered point or paragraph."""

    span: Span
    depth: int = 0  # 0 = top level; nested bullets and sub-numbering are deeper
    parent: int | None = None  # index of the enclosing item in the same section
    title: Span | None = None  # advice only: "Title, explanation" kept apart
    description: Span | None = None


@dataclass
class Section:
    kind: SectionKind
    heading: Span
    match: HeadingMatch
    items: list[Item] = field(default_factory=list)


@dataclass
class FactLine:
    kind: FactKind
    label: Span
    value: Span


@dataclass
class ParsedDocument:
    title: Span
    intro: list[Item]
    sections: list[Section]
    facts: list[FactLine]
    warnings: list[str]


@dataclass
class _Line:
    start: int
    end: int  # without the line break
    number: int


class _Source:
    """The text with line bookkeeping, and a factory for trimmed spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[_Line] = []
        offset = 0
        for number, raw in enumerate(text.splitlines(keepends=True), 1):
            content = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
            self.lines.append(_Line(offset, offset + len(content), number))
            offset += len(raw)
        self._starts = [line.start for line in self.lines]

    def line_text(self, line: _Line) -> str:
        return self.text[line.start:line.end]

    def span(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` with surrounding whitespace trimmed."""
        chunk = self.text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        start, end = start + lead, start + len(chunk.rstrip())
        return Span(start, end, self.text[start:end], bisect.bisect_right(self._starts, start))


def _split_title(src: _Source, span: Span) -> tuple[Span | None, Span | None]:
    m = _TITLE_SEP.search(span.text)
    if m is None or m.start() == 0:
        return None, None
    head = span.text[:m.start()]
    if len(head.split()) > _MAX_TITLE_WORDS or re.search(r"[.!?]\s", head) or m.end() >= len(span.text):
        return None, None
    return src.span(span.start, span.start + m.start()), src.span(span.start + m.end(), span.end)


def _items(src: _Source, lines: list[_Line], advice: bool) -> list[Item]:
    """Bullets (with nesting by indentation) and paragraphs of one section's lines."""
    items: list[Item] = []
    stack: list[tuple[int, int]] = []  # (indent, item index) of the open bullets
    current: tuple[int, int] | None = None  # (start, end) of the item being collected

    def close() -> None:
        nonlocal current
        if current is not None:
            items[-1].span = src.span(*current)
            if advice:
                items[-1].title, items[-1].description = _split_title(src, items[-1].span)
        current = None

    for line in lines:
        text = src.line_text(line)
        if not text.strip():
            close()
            stack.clear()
            continue
        bullet = _BULLET.match(text)
        if bullet:
            close()
            indent = len(bullet.group("indent").expandtabs(4))
            while stack and stack[-1][0] >= indent:
                stack.pop()
            parent = stack[-1][1] if stack else None
            items.append(Item(Span(0, 0, "", 0), depth=len(stack), parent=parent))
            stack.append((indent, len(items) - 1))
            current = (line.start + bullet.end(), line.end)
        elif current is not None:  # continuation of a wrapped bullet or of a paragraph
            current = (current[0], line.end)
        else:
            items.append(Item(Span(0, 0, "", 0)))
            current = (line.start, line.end)
    close()
    return items


def _facts(src: _Source, lines: list[_Line], warnings: list[str]) -> list[FactLine]:
    facts: list[FactLine] = []
    for line in lines:
        text = src.line_text(line)
        if not text.strip():
            continue
        label, colon, value = text.partition(":")
        kind = match_fact_label(label) if colon else None
        if kind is None or not value.strip():
            warnings.append(f"line {line.number}: facts line {text.strip()!r} is not one of the template's "
                            "facts (applicant, partners, population, area) and was not imported")
            continue
        label_span = src.span(line.start, line.start + len(label))
        facts.append(FactLine(kind, label_span, src.span(line.start + len(label) + 1, line.end)))
    return facts


def _check_truncation(src: _Source, doc: ParsedDocument) -> None:
    last_items = [s.items[-1] for s in doc.sections if s.items] + doc.intro[-1:]
    last = max(last_items, key=lambda i: i.span.end, default=None)
    if last is None or (doc.facts and doc.facts[-1].value.end > last.span.end):
        return
    if not last.span.text.endswith(_SENTENCE_END):
        tail = last.span.text[-40:]
        doc.warnings.append(
            f"line {src.span(last.span.end - 1, last.span.end).line}: the page ends in the middle of a "
            f"sentence (…{tail!r}); it looks cut off, and what follows in the original is missing")


def parse_document(text: str) -> ParsedDocument:
    """Split a region page into its parts; raise :class:`DocumentError` if it is no region page."""
    src = _Source(text)
    content = [line for line in src.lines if src.line_text(line).strip()]
    if not content:
        raise DocumentError("the document is empty (no text)")
    first = content[0]
    title = src.span(first.start, first.end)
    warnings: list[str] = []
    sections: list[Section] = []
    intro_lines: list[_Line] = []
    section_lines: list[list[_Line]] = []
    for line in src.lines[first.number:]:
        text = src.line_text(line)
        match = None if _BULLET.match(text) else match_heading(text)
        if match is not None:
            heading = src.span(line.start, line.end)
            if match.distance:
                warnings.append(f"line {line.number}: heading {heading.text!r} read as a misspelt "
                                f"{match.template.replace('*', '…')!r}")
            sections.append(Section(match.kind, heading, match))
            section_lines.append([])
        elif sections:
            section_lines[-1].append(line)
        else:
            intro_lines.append(line)
    if not sections:
        expected = ", ".join(repr(t[0].replace("*", "…")) for t in SECTION_TEMPLATES.values())
        raise DocumentError(f"no section of the region page template found (expected headings such as {expected})")

    facts: list[FactLine] = []
    for section, lines in zip(sections, section_lines, strict=True):
        if section.kind is SectionKind.FACTS:
            facts += _facts(src, lines, warnings)
        else:
            section.items = _items(src, lines, advice=section.kind is SectionKind.ADVICE)
    doc = ParsedDocument(title, _items(src, intro_lines, advice=False), sections, facts, warnings)

    found = {s.kind for s in sections}
    missing = [k for k in SectionKind if k not in found and k is not SectionKind.INTRO]
    if missing:
        names = ", ".join(repr(SECTION_TEMPLATES[k][0].replace("*", "…")) for k in missing)
        warnings.append(f"sections missing from the page: {names}")
    for section in sections:
        if section.kind is SectionKind.DOCUMENTS and section.items:
            warnings.append(f"line {section.heading.line}: the documents section has text, which the model "
                            "has no place for; it was not imported")
    _check_truncation(src, doc)
    return doc
