"""Region page text → structure: title, intro, sections with their items, facts lines.

Every piece of text is a :class:`Span` of the decoded source (code-point offsets, end exclusive),
so the RDF can point at exactly where it stands. Nothing is rewritten: a span's ``text`` is always
``source[start:end]``. Problems the page has are returned as warnings; a text that is not a region
page at all raises :class:`DocumentError`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from byregion.importer.errors import DocumentError
from byregion.importer.facts import BULLET_GLYPHS, MONTHS
from byregion.importer.headings import (
    LAYOUT_SECTIONS,
    NAMING_KINDS,
    SECTION_TEMPLATES,
    FactKind,
    HeadingMatch,
    Layout,
    SectionKind,
    fact_label_prefix,
    fold,
    heading_prefix,
    layout_of,
    match_fact_label,
    match_foreign,
    match_heading,
    trailing_fact_label,
)
from byregion.importer.language import in_english, written_in

#: Words an ordinal number stands before: "1. halvår 2016 ble …" starts with an ordinal, not a numbered point.
ORDINAL_NOUNS = ("halvår", "halvåret", "kvartal", "kvartalet", "tertial", "tertialet")
#: A month's name (or :data:`ORDINAL_NOUNS`) after a day's number: "15. mars 2017 vedtok …" starts with a date, not
#: a numbered point.
_MONTH_AFTER = "(?![ \t\u00a0]+(?i:" + "|".join(sorted([*MONTHS, *ORDINAL_NOUNS], key=len, reverse=True)) \
    + r")\b(?!-))"
#: A bullet glyph may touch its text ("•å styrke"): no word begins with one. A dash, an asterisk, a middle dot, a
#: number or a letter is a marker only with space after it ("-2 grader", "1.5 millioner", "a)b" are text), and a
#: number and a point not before a month's name (a date). U+F0B7 is the bullet of a PDF's Symbol font, as text
#: copied from a PDF keeps it.
_BULLET = re.compile(
    r"^(?P<indent>[ \t\u00a0]*)(?P<marker>[" + BULLET_GLYPHS + r"](?=[ \t\u00a0]*\S)"
    r"|(?:[·\-*–]|\d{1,2}\)|\d{1,2}\." + _MONTH_AFTER + r"|[a-zæøå]\))(?=[ \t\u00a0]+\S)|o(?=\t+\S))[ \t\u00a0]*"
)
#: A sub-point of a numbered point ("2.1 Sett av nok tid.", "2.2. Ikke gi opp."): read so only directly under the
#: point of its first number (:func:`_sub_point`), since "1.5 millioner" may begin a line of text.
_SUB_POINT = re.compile(r"^(?P<indent>[ \t\u00a0]*)(?P<marker>(?P<point>\d{1,2})\.(?P<sub>\d{1,2})\.?)"
                        r"(?=[ \t\u00a0]+\S)[ \t\u00a0]*")
#: A numbered point's number alone on its line, its text on the next (a PDF copied as text sets the number apart):
#: "  1." / "Forankring, sørg for …" is point 1 (:func:`_lone_number`).
_LONE_NUMBER = re.compile(r"(?P<indent>[ \t\u00a0]*)(?P<marker>\d{1,2}[.)])[ \t\u00a0]*")
#: The marker class of a sub-point (:func:`_marker_class`).
SUB_POINT = "1.1"
# "Title, explanation" in advice: a short title without sentence punctuation before the first ", "
_TITLE_SEP = re.compile(r",\s+|\s+[–—-]\s+|:\s+")
#: A second dash in the sentence after the first: the two set a phrase apart, and the first parts no title from its
#: explanation ("Samarbeid – ikke konkurranse – gir resultater.").
_PARENTHETICAL_DASH = re.compile(r"[^.!?\n]*?\s[–—-]\s")
#: A numbered list written inline after a colon ("Våre tre råd er: 1) …"): no title and explanation.
_INLINE_LIST = re.compile(r"\(?[1-9a-z][.)]\s")
_MAX_TITLE_WORDS = 10
_SENTENCE_END = ('.', '!', '?', ':', ')', ']', '»', '"', '”', '’', '…')
#: Markers that mark a sub-level when they follow a top-level marker at the same indentation: "o" followed by a tab
#: is Word's second level, U+F0A7 its third, as text copied from Word keeps them.
_SUB_MARKERS = frozenset("◦○▪▫‣–-o\uf0a7")
#: Of those, the markers plain text writes top-level points with too: a dash under "*" or "+", themselves plain text's
#: top-level markers, may be either (under "•" it is how a copied web page keeps a nested point; under a number, a
#: point's sub-points; a sub-level glyph, "◦", or Word's "o", is a sub-level for certain).
_DASHES = frozenset("–-")
_PLAIN_BULLETS = frozenset("*+")
#: The levels of Word's default bullets as copied text keeps them (Symbol's bullet, "o", Wingdings' square).
WORD_LEVELS = {"\uf0b7": 1, "o": 2, "\uf0a7": 3}
_NUMBER = re.compile(r"\d+")  # the number of a numbered point's marker ("5." → 5)
#: A sub-heading inside a section: a short line without sentence punctuation (docs/importing.md).
_MAX_SUBHEADING_WORDS = 6
_MAX_SUBHEADING_CHARS = 60
#: The last line of a page, standing alone, that short and unpunctuated is a cut-off fragment.
_MAX_FRAGMENT_WORDS = 4
#: A printed page's number, alone on its line, as a PDF copied as text keeps it: "2", "- 2 -", "Side 2", "Side 2 av 4",
#: "Page 2 of 4", "2/4".
_PAGE_NUMBER = re.compile(r"(?i:(?:side|page|s\.)\s*)?\d{1,3}(?:\s*(?:av|of|/)\s*\d{1,3})?|[-–—]\s*\d{1,3}\s*[-–—]")
#: A running header or footer ending in its page's number: "Byregionprogrammet – Distriktssenteret    Side 1 av 2":
#: "Side N av M" (or "Page N of M"), or "Side N" set apart by a run of spaces or a tab, as a PDF's layout leaves it;
#: not a sentence that points to a page ("… i tabellen på side 4").
_RUNNING_HEAD = re.compile(r".*\S(?:\s+(?i:side|page)\s+\d{1,3}\s*(?:av|of|/)\s*\d{1,3}"
                           r"|(?:[ \u00a0]{2,}|\t)\s*(?i:side|page)\s+\d{1,3})")
#: What a browser prints above and below a page: the date and time (24-hour or AM/PM), then the page's title;
#: its address, then the page's number of the pages ("05.12.2026, 10:12   Notodden - Distriktssenteret",
#: "https://distriktssenteret.no/…/notodden/   1/2").
_PRINTED_BY_BROWSER = re.compile(r"\d{1,2}[./]\d{1,2}[./]\d{2,4},?\s+\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?(?:\s+.*)?"
                                 r"|https?://\S+(?:[ \u00a0]{2,}|\t)\d{1,3}\s*/\s*\d{1,3}")
#: A running header has at most these many words before its page number.
_MAX_RUNNING_HEAD_WORDS = 12
#: A heading broken over two lines, each at most this long ("Notoddens råd for samarbeid om" / "regional utvikling").
_MAX_HEADING_LINE_CHARS = 60


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
    bullet: bool = False  # a bullet or numbered point, not a paragraph
    captions: list[int] = field(default_factory=list)  # indices of the captions it stands under


@dataclass
class Caption:
    """A line introducing what follows ("Hovedinnsatser:") or a sub-heading ("Samfunnsanalyse")."""

    span: Span
    kind: str  # "lead-in" (ends with a colon) | "sub-heading"


@dataclass
class Block:
    """A section's (or the intro's) content: its items and the captions standing over some of them."""

    items: list[Item] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)


@dataclass
class Section:
    kind: SectionKind
    heading: Span
    match: HeadingMatch
    items: list[Item] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)

    @property
    def kind_name(self) -> str:
        """The kind as the template's first heading says it ("'Mål for …'")."""
        return repr(SECTION_TEMPLATES[self.kind][0].replace("*", "…"))

    @property
    def region_name(self) -> Span | None:
        """The region name a "Fakta X" / "Fra X sin søknad …" heading gives, as a span of the source."""
        name = self.match.name
        if self.kind not in NAMING_KINDS or not name or name not in self.heading.text:
            return None
        start = self.heading.start + self.heading.text.index(name)
        return Span(start, start + len(name), name, self.heading.line)


@dataclass(frozen=True)
class Cut:
    """Where a cut-off page stops: the line and the fragment that was left out."""

    line: int
    fragment: str
    where: str  # "heading" | "line" | "facts"


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
    intro_captions: list[Caption] = field(default_factory=list)
    layout: Layout = Layout.NEWER
    cut: Cut | None = None  # a fragment left out at the end of the page
    members_incomplete: bool = False  # … before the member list is complete
    last_name_uncertain: bool = False  # the page's last line is an applicant/partners line
    language: str = "nb"  # the tag of its text: "nn" where its words are Nynorsk (byregion.importer.language)

    @property
    def region_names(self) -> list[Span]:
        """Region names in the "Fakta X" heading, then in the "Fra/Utdrag fra X sin søknad" heading."""
        spans = [s.region_name for kind in NAMING_KINDS for s in self.sections if s.kind is kind]
        return [span for span in spans if span is not None]


@dataclass
class _Line:
    start: int
    end: int  # without the line break
    number: int  # as editors and grep number lines (LF, CRLF, CR): what messages and br:line say
    index: int  # its place in _Source.lines (a U+2028 parts a line without a new number)


#: A line break as editors and grep count them: LF, CRLF, CR (U+2028 and the like part lines but are none).
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class _Source:
    """The text with line bookkeeping, and a factory for trimmed spans."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[_Line] = []
        offset, number = 0, 1
        for raw in text.splitlines(keepends=True):
            content = raw.rstrip("\r\n\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85")
            self.lines.append(_Line(offset, offset + len(content), number, len(self.lines)))
            offset += len(raw)
            # Lines are numbered as editors and grep number them: by LF, CRLF and CR. A line separator (U+2028),
            # form feed or the like parts the text here as a break would, but starts no new line number.
            if raw.endswith(("\n", "\r")):
                number += 1
        self._starts = [line.start for line in self.lines]
        #: Lines that are a printed page's furniture (its number, a running header): read as blank lines.
        self.furniture: set[int] = set()

    def line_text(self, line: _Line) -> str:
        return "" if line.index in self.furniture else self.text[line.start:line.end]

    def span(self, start: int, end: int) -> Span:
        """The span ``[start, end)`` with surrounding whitespace trimmed."""
        chunk = self.text[start:end]
        lead = len(chunk) - len(chunk.lstrip())
        start, end = start + lead, start + len(chunk.rstrip())
        return Span(start, end, self.text[start:end], self.lines[bisect.bisect_right(self._starts, start) - 1].number)


def _page_furniture(src: _Source) -> list[_Line]:
    """The lines that are a printed page's number or running header (a PDF copied as text): a line standing alone
    between blank lines that is a page number (:data:`_PAGE_NUMBER`), or a short line that ends in one as a running
    header does (:data:`_RUNNING_HEAD`). Not a number that a lead-in ending in ":" introduces ("Antall nye
    arbeidsplasser:" / "" / "12"), nor a sentence that names a page ("… vist i tabellen på side 4"). Also what a
    browser prints at the top and bottom of a page (:data:`_PRINTED_BY_BROWSER`); and any of these above the title,
    where the page starts (the title is then the first line after them)."""
    found = []
    lines = src.lines
    lead_in = ""  # the last line with text above
    for line in lines:
        text = src.line_text(line).strip()
        before = src.line_text(lines[line.index - 1]).strip() if line.index else ""
        after = src.line_text(lines[line.index + 1]).strip() if line.index + 1 < len(lines) else ""
        first = not lead_in  # nothing above it: the page's first lines, where a print's header stands
        alone = not before and (not after or first)
        if text and alone and ((_PAGE_NUMBER.fullmatch(text) and not lead_in.endswith(":"))
                               or _PRINTED_BY_BROWSER.fullmatch(text) or (
                _RUNNING_HEAD.fullmatch(src.line_text(line).rstrip())
                and len(text.split()) <= _MAX_RUNNING_HEAD_WORDS + 4)):
            found.append(line)
        elif text:
            lead_in = text
    return found


def _split_by_page_break(src: _Source, furniture: list[_Line]) -> list[str]:
    """Warnings for a paragraph a page break cuts in two: the line above a page's furniture ends no sentence and the
    line below it starts in lower case (the items are read apart, as the blank lines around the break part them)."""
    said, below_seen = [], set()
    for line in furniture:
        above = next((x for x in reversed(src.lines[:line.index]) if src.line_text(x).strip()), None)
        below = next((x for x in src.lines[line.index + 1:] if src.line_text(x).strip()), None)
        if above is None or below is None:
            continue
        upper, lower = src.line_text(above).strip(), src.line_text(below).strip()
        if not upper.endswith(_SENTENCE_END) and lower[:1].islower() and below.index not in below_seen:
            below_seen.add(below.index)  # a footer and a header at one break: one warning
            said.append(f"line {below.number}: the page break above it (line {line.number}) cuts a paragraph in two "
                        f"({upper[-30:]!r} / {lower[:30]!r}); they are read as two items: join the lines in the page "
                        "and import it again if they are one")
    return said


def _split_title(src: _Source, span: Span) -> tuple[Span | None, Span | None]:
    m = _TITLE_SEP.search(span.text)
    if m is None or m.start() == 0:
        return None, None
    head = span.text[:m.start()]
    if len(head.split()) > _MAX_TITLE_WORDS or re.search(r"[.!?]\s", head) or m.end() >= len(span.text):
        return None, None
    if m.group().startswith(":") and _INLINE_LIST.match(span.text, m.end()):
        return None, None
    if m.group().strip() in "–—-" and _PARENTHETICAL_DASH.match(span.text, m.end()):
        return None, None  # "Samarbeid – ikke konkurranse – gir resultater.": a pair of dashes sets a phrase apart
    return src.span(span.start, span.start + m.start()), src.span(span.start + m.end(), span.end)


def _marker_class(marker: str) -> str:
    """Bullets compare by character, numbered points by kind: "1." and "2." are one list."""
    if re.fullmatch(r"\d{1,2}\.\d{1,2}\.?", marker):  # "2.1", "2.1."
        return SUB_POINT
    if marker[0].isdigit():
        return "1" + marker[-1]
    if marker[-1] == ")" and marker[0].isalpha():
        return "a)"
    return marker


def _nests(top_marker: str, marker: str, top_text: str) -> bool:
    """A bullet at the same indentation as the open one is its child when it is written as a sub-level.

    Pages copied from the web often lose the indentation of nested bullets, but keep their marker
    ("◦", "–" under "•") or follow a parent that ends with a colon.
    """
    if marker == top_marker:
        return False
    if marker == SUB_POINT:  # found under its point by _sub_point
        return True
    if WORD_LEVELS.get(marker, 0) > WORD_LEVELS.get(top_marker, len(WORD_LEVELS)):  # Word's third under its second
        return True
    return top_text.rstrip().endswith(":") or (marker in _SUB_MARKERS and top_marker not in _SUB_MARKERS)


def _nested_by_marker_alone(top_marker: str, marker: str, top_text: str) -> bool:
    """Whether :func:`_nests` took a bullet for a sub-level by its dash alone under a plain text's bullet: a guess (a
    list written with mixed markers, "- a", "* b", "– c", reads "c" as a part of "b"), which the import says, as it
    says its other guesses; a dash under "•" or a number, a sub-level glyph ("◦" under "•") or a parent ending in a
    colon is no guess."""
    return marker in _DASHES and top_marker in _PLAIN_BULLETS and not top_text.rstrip().endswith(":")


def _sub_point(text: str, stack: list[tuple[int, str, int]],
               numbers: dict[int, tuple[int, int]]) -> re.Match[str] | None:
    """``text`` as a sub-point when it goes on the open numbered point's: "2.1" right under point 2, "2.2" after
    "2.1"; else None, and the line is text ("2.5 millioner …" under point 2 had lost its amount as a marker)."""
    found = _SUB_POINT.match(text)
    if found is None or not stack:
        return None
    point = next((numbers[index][0] for _, marker, index in reversed(stack)
                  if marker != SUB_POINT and index in numbers), None)
    if point != int(found.group("point")):
        return None
    _, top_marker, top_index = stack[-1]  # the last open item: the point itself, or its last sub-point
    last = numbers[top_index][0] if top_marker == SUB_POINT and top_index in numbers else 0
    return found if int(found.group("sub")) == last + 1 else None


def _lone_number(src: _Source, lines: list[_Line], at: int, last_number: int | None) -> re.Match[str] | None:
    """Line ``at`` as a numbered point's number standing alone (:data:`_LONE_NUMBER`), when a line of text follows
    it, after blank lines or none, that is no point of its own, and the number begins a list (1, after a blank line
    or at the section's start, or after a lead-in ending in ":") or goes on with the last numbered point
    (``last_number`` + 1, its sub-points between); else None. A number inside a paragraph (a PDF broke "… var" /
    "12." / "Det er …", or a day before its month) is the paragraph's."""
    found = _LONE_NUMBER.fullmatch(src.line_text(lines[at]))
    following = next((src.line_text(x) for x in lines[at + 1:] if src.line_text(x).strip()), None)
    if found is None or following is None or _BULLET.match(following) or _LONE_NUMBER.fullmatch(following):
        return None
    number = int(found.group("marker")[:-1])
    before = src.line_text(lines[at - 1]).rstrip() if at else ""
    starts = number == 1 and (not before or before.endswith(":"))  # after a blank line or a lead-in
    return found if starts or (last_number is not None and number == last_number + 1) else None


def _items(src: _Source, lines: list[_Line], advice: bool, warnings: list[str] | None = None) -> Block:
    """Bullets (nested by indentation or sub-level marker), paragraphs and the captions among them.

    Numbered points that skip or repeat a number are reported in ``warnings`` (see :func:`_check_numbering`).
    """
    items: list[Item] = []
    numbers: dict[int, tuple[int, int]] = {}  # item index → (its number, its line), for numbered points
    stack: list[tuple[int, str, int]] = []  # (indent, marker class, item index) of the open bullets
    line_of: dict[int, int] = {}  # item index → the line its bullet is on
    current: tuple[int, int] | None = None  # (start, end) of the item being collected
    awaiting = False  # a point's number stood alone: its text is on the next line with text

    def close() -> None:
        nonlocal current
        if current is not None:
            items[-1].span = src.span(*current)
            if advice:
                items[-1].title, items[-1].description = _split_title(src, items[-1].span)
        current = None

    for at, line in enumerate(lines):
        text = src.line_text(line)
        if not text.strip():
            if not awaiting:
                close()
                stack.clear()
            continue
        if awaiting:  # the text of the point whose number stood alone above
            current, awaiting = (line.start, line.end), False
            continue
        lone = _lone_number(src, lines, at, numbers[max(numbers)][0] if numbers else None)
        bullet = lone or _sub_point(text, stack, numbers) or _BULLET.match(text)
        if bullet:
            top_text = src.text[current[0]:current[1]] if current is not None else ""
            close()
            indent = len(bullet.group("indent").expandtabs(4))
            marker = _marker_class(bullet.group("marker"))
            while stack:
                top_indent, top_marker, top_index = stack[-1]
                if top_indent < indent:
                    break  # deeper: a child of the open bullet
                if top_indent == indent and top_marker == marker:
                    stack.pop()  # a sibling
                    break
                if top_indent == indent and top_index == len(items) - 1 and _nests(top_marker, marker, top_text):
                    if warnings is not None and _nested_by_marker_alone(top_marker, marker, top_text):
                        warnings.append(f"line {line.number}: {text.strip()[:60]!r} is read as a part of the point on "
                                        f"line {line_of.get(top_index, '?')}, as its marker {marker!r} follows "
                                        f"{top_marker!r} at the same indentation; if it is a point of its own, give "
                                        "it the marker of the points around it")
                    break  # a sub-level written at the same indentation
                stack.pop()
            parent = stack[-1][2] if stack else None
            items.append(Item(Span(0, 0, "", 0), depth=len(stack), parent=parent, bullet=True))
            stack.append((indent, marker, len(items) - 1))
            line_of[len(items) - 1] = line.number
            number = _NUMBER.match(bullet.group("sub") if marker == SUB_POINT else bullet.group("marker"))
            if number:
                numbers[len(items) - 1] = (int(number.group()), line.number)
            current = (line.start + bullet.end(), line.end)
            if lone is not None:
                current, awaiting = None, True
        elif current is not None and not (not items[-1].bullet and _ends_lead_in(src, current, text)):
            current = (current[0], line.end)  # continuation of a wrapped bullet or of a paragraph
        else:
            close()
            stack.clear()
            items.append(Item(Span(0, 0, "", 0)))
            current = (line.start, line.end)
    close()
    if warnings is not None:
        warnings += _check_numbering(items, numbers)
    return _captions(items)


def _check_numbering(items: list[Item], numbers: dict[int, tuple[int, int]]) -> list[str]:
    """Warnings for numbered points that skip or repeat a number ("1., 2., 5."): a point may be missing
    from the page (lost when it was copied), which a person must look at. Points count as one list when
    they have the same parent and depth, even with paragraphs or blank lines between them (pages number
    their advice across paragraphs); a list may start again at 1."""
    found: list[str] = []
    last: dict[tuple[int | None, int], tuple[int, int]] = {}  # (parent, depth) → the previous point's number, line
    for index, (number, line) in sorted(numbers.items()):
        key = (items[index].parent, items[index].depth)
        previous = last.get(key)
        last[key] = (number, line)
        if previous is None or number in (previous[0] + 1, 1):
            continue
        before, before_line = previous
        if number > before + 1:
            missing = f"{before + 1}" if number == before + 2 else f"{before + 1}–{number - 1}"
            found.append(f"line {line}: point {number} follows point {before} (line {before_line}); "
                         f"{'is' if number == before + 2 else 'are'} {missing} missing from the page?")
        else:
            found.append(f"line {line}: point {number} follows point {before} (line {before_line}); "
                         "the numbering goes back: two lists run together, or a number mistyped?")
    return found


def _ends_lead_in(src: _Source, current: tuple[int, int], line: str) -> bool:
    """A paragraph breaks before a line ending with a colon, and after one: that line leads in a list."""
    return src.text[current[0]:current[1]].rstrip().endswith(":") or line.rstrip().endswith(":")


def _is_subheading(item: Item) -> bool:
    text = item.span.text
    return (not item.bullet and "\n" not in text and len(text) <= _MAX_SUBHEADING_CHARS
            and len(text.split()) <= _MAX_SUBHEADING_WORDS and text[:1].isupper()
            and not text.endswith((*_SENTENCE_END, ",", ";")))


def _captions(items: list[Item]) -> Block:
    """Paragraphs that introduce what follows become captions; the rest are the block's items.

    A paragraph ending with a colon leads in the list after it (the bullets, or the paragraphs up to
    the next caption); a short unpunctuated line followed by text is a sub-heading over everything up
    to the next sub-heading. Two short lines in a row are items (a list written without markers).
    """
    block = Block()
    index: dict[int, int] = {}  # old item index → new
    lead_in: int | None = None
    lead_in_bullets = False
    subheading: int | None = None
    for i, item in enumerate(items):
        following = items[i + 1] if i + 1 < len(items) else None
        previous = items[i - 1] if i else None
        if following is not None and not item.bullet and item.depth == 0:
            if item.span.text.endswith(":"):
                block.captions.append(Caption(item.span, "lead-in"))
                lead_in, lead_in_bullets = len(block.captions) - 1, following.bullet
                continue
            if _is_subheading(item) and not _is_subheading(following) and \
                    not (previous is not None and _is_subheading(previous)):
                block.captions.append(Caption(item.span, "sub-heading"))
                subheading, lead_in = len(block.captions) - 1, None
                continue
        if lead_in is not None and lead_in_bullets and not item.bullet:
            lead_in = None
        item.captions = [c for c in (subheading, lead_in) if c is not None]
        if item.parent is not None:
            item.parent = index.get(item.parent)
        index[i] = len(block.items)
        block.items.append(item)
    return block


#: A list of names that ends in a separator goes on on the next line (a member list wrapped by the page's width).
_LIST_GOES_ON = re.compile(r"(?:[,;&/]|\bog|(?<=[^\W\d_])-)\s*$")
#: ... and so does one whose next line starts with a separator ("Lyngen" / "og Storfjord").
_LIST_GOES_ON_FROM = re.compile(r"^\s*(?:og\b|&|,|;|/)", re.IGNORECASE)


#: A dash between spaces after a fact's label, for its colon ("Samarbeidskommuner – Lunner, Gran").
_LABEL_DASH = re.compile(r"[ \t\u00a0][-–—][ \t\u00a0]")


def _label_end(text: str) -> tuple[int, int] | None:
    """Where a facts line's label ends and its value starts: at its first colon, else at its first tab after the
    label (a facts table copied as text: "Søkerkommune<TAB>Steinkjer"), else at a dash between spaces after a
    fact's label (a dash elsewhere is a double name's: "Loabák - Lavangen"); None without any."""
    colon = text.find(":")
    if colon >= 0:
        return colon, colon + 1
    indent = len(text) - len(text.lstrip())
    tab = text.find("\t", indent)
    if tab > indent:
        return tab, tab + 1
    dash = _LABEL_DASH.search(text)
    if dash is not None and match_fact_label(text[:dash.start()]) is not None:
        return dash.start(), dash.end()
    return None


def _split_run_together(src: _Source, kind: FactKind, label: Span, start: int, end: int) -> list[FactLine]:
    """One facts line's fact, or several where the line runs them together ("Søkerkommune: Steinkjer
    Samarbeidskommuner: Verran, Snåsa …"): a further label is the known fact label right before a colon."""
    found: list[FactLine] = []
    value_start = start
    for colon in (m.start() for m in re.finditer(":", src.text[start:end])):
        before = src.text[value_start:start + colon]
        trailing = trailing_fact_label(before)
        if trailing is None or not before[:trailing[1]].strip() or not before[trailing[1] - 1].isspace():
            continue
        found.append(FactLine(kind, label, src.span(value_start, value_start + trailing[1])))
        kind, label = trailing[0], src.span(value_start + trailing[1], start + colon)
        value_start = start + colon + 1
    found.append(FactLine(kind, label, src.span(value_start, end)))
    return found


def _facts(src: _Source, lines: list[_Line], warnings: list[str]) -> list[FactLine]:
    """The facts block's lines as facts: "Label: value" (or a tab for the colon), a label whose value is on the
    next line, a member list wrapped onto the next line, and several facts run together on one line."""
    facts: list[FactLine] = []
    waiting: tuple[FactKind, Span] | None = None  # a label whose value is on the next line
    last = max((line.number for line in src.lines if src.line_text(line).strip()), default=0)

    def unanswered(label: Span) -> None:
        if label.line != last:  # on the page's last line it is a cut, which _cut names
            warnings.append(f"line {label.line}: the facts label {label.text!r} has no value on its line or the "
                            "next; it was not imported")

    for line in lines:
        text = src.line_text(line)
        if not text.strip():
            continue
        ends = _label_end(text)
        kind = match_fact_label(text[:ends[0]]) if ends else None
        alone = match_fact_label(text) if ends is None else None  # "Søkerkommune", its value below
        if waiting is not None:
            if kind is None and alone is None:  # the waiting label's value
                facts.extend(_split_run_together(src, *waiting, line.start, line.end))
                waiting = None
                continue
            unanswered(waiting[1])
            waiting = None
        if alone is not None:
            waiting = (alone, src.span(line.start, line.end))
            continue
        previous = facts[-1] if facts else None
        listed = previous is not None and previous.kind in (FactKind.APPLICANT, FactKind.PARTNERS)
        goes_on = listed and previous is not None and (
            _LIST_GOES_ON.search(previous.value.text) is not None or _LIST_GOES_ON_FROM.match(text) is not None
            # a member list written as bullets, one name a line, goes on with each bullet
            or (_BULLET.match(text) is not None and _BULLET.match(src.line_text(src.lines[line.index - 1]))
                is not None and previous.value.line + previous.value.text.count("\n") == line.number - 1))
        if kind is None and ends is None and previous is not None and goes_on:
            # "Samarbeidskommuner: Kvæfjord, Skånland," wrapped onto the next line: one list
            facts[-1] = FactLine(previous.kind, previous.label, src.span(previous.value.start, line.end))
            continue
        if kind is None or ends is None:
            warnings.append(f"line {line.number}: facts line {text.strip()!r} is not one of the template's "
                            "facts (applicant, partners, population, area) and was not imported")
            continue
        label = src.span(line.start, line.start + ends[0])
        if not text[ends[1]:].strip():
            waiting = (kind, label)  # "Søkerkommune:", its value below
            continue
        facts.extend(_split_run_together(src, kind, label, line.start + ends[1], line.end))
    if waiting is not None:
        unanswered(waiting[1])
    return facts


_LAST_SENTENCE_END = re.compile(r"[.!?…][»\"”’)\]]?(?=\s)")


def _check_truncation(src: _Source, doc: ParsedDocument, advice: set[int]) -> None:
    """A page whose last statement stops mid-sentence: keep its whole sentences, leave out the cut one.

    A statement that is nothing but the cut sentence (a bullet cut in its first sentence) is left out
    whole: a fragment never becomes a statement (issue: "cut-offs said where they happen"); the warning
    names it and its line.
    """
    last_items = [s.items[-1] for s in doc.sections if s.items] + doc.intro[-1:]
    last = max(last_items, key=lambda i: i.span.end, default=None)
    if last is None or (doc.facts and doc.facts[-1].value.end > last.span.end):
        return
    if last.span.text.endswith(_SENTENCE_END):
        return
    tail = last.span.text[-40:]
    line = src.span(last.span.end - 1, last.span.end).line
    ends = list(_LAST_SENTENCE_END.finditer(last.span.text))
    if ends:
        cut_at = last.span.start + ends[-1].end()
        fragment = src.span(cut_at, last.span.end).text
        last.span = src.span(last.span.start, cut_at)
        if id(last) in advice:
            last.title, last.description = _split_title(src, last.span)
        kept = f"the cut sentence {fragment!r} was not imported"
    else:  # the statement is nothing but the cut sentence: a fragment never becomes a statement
        for block in (*(section.items for section in doc.sections), doc.intro):
            if block and block[-1] is last:
                block.pop()
        kept = f"the cut statement {last.span.text!r} was not imported"
    doc.warnings.append(f"line {line}: the page ends in the middle of a sentence (…{tail!r}); it looks cut off, "
                        f"and what follows in the original is missing; {kept}")


#: The sections whose statements are the region's own account (an excerpt quotes its application, with its
#: sub-headings).
_OWN_STATEMENT_KINDS = frozenset({SectionKind.GOALS, SectionKind.RESULTS, SectionKind.ADVICE, SectionKind.FOLLOW_UP})
_STATEMENT_KINDS = frozenset({SectionKind.GOALS, SectionKind.RESULTS, SectionKind.ADVICE, SectionKind.FOLLOW_UP,
                              SectionKind.EXCERPT})


def _facts_fragment(text: str) -> bool:
    """A facts line cut before its value: "Samarbeid", "Folketall i regionen", "Areal:"."""
    label, colon, value = text.partition(":")
    if colon and value.strip():
        return False
    return match_fact_label(label) is not None or fact_label_prefix(label)


def _cut(src: _Source, last: _Line, kind: SectionKind | None, names: list[str]) -> Cut | None:
    """The fragment a cut-off page ends with, if its last line is one (docs/importing.md "Cut-off pages").

    ``kind`` is the section the line stands in (None: the intro). In the facts block, a label without
    its value; elsewhere the start of a heading, or a short unpunctuated line standing alone (the start
    of a heading or sentence, never a whole statement). Bullets are statements, cut or not.
    """
    text = src.line_text(last).strip()
    if kind is SectionKind.FACTS:
        return Cut(last.number, text, "facts") if _facts_fragment(text) else None
    if _BULLET.match(src.line_text(last)) or kind not in (_STATEMENT_KINDS | {None}):
        return None
    template = heading_prefix(text, names)
    if template is not None:
        return Cut(last.number, text, "heading:" + template)
    before = src.lines[last.index - 1] if last.index > 0 else None
    alone = before is None or not src.line_text(before).strip() or match_heading(src.line_text(before)) is not None
    if alone and len(text.split()) <= _MAX_FRAGMENT_WORDS and not text.endswith((*_SENTENCE_END, ",", ";")):
        return Cut(last.number, text, "line")
    return None


def _cut_warning(cut: Cut) -> str:
    if cut.where == "facts":
        what = "inside the facts block: the line stops before its value"
    elif cut.where.startswith("heading:"):
        what = f"inside a heading: it is the start of {cut.where.split(':', 1)[1].replace('*', '…')!r}"
    else:
        what = "at the start of a line: too short and unpunctuated to be a statement"
    return f"line {cut.line}: the page is cut off {what} ({cut.fragment!r}); the fragment was not imported"


def _check_facts_cut(doc: ParsedDocument, last_line: int) -> None:
    """A page ending inside its facts block: say what is missing, and whether the member list is complete."""
    if not doc.sections or doc.sections[-1].kind is not SectionKind.FACTS:
        return
    kinds = [f.kind for f in doc.facts]
    missing = [k for k in FactKind if k not in kinds]
    if not missing and (doc.cut is None or doc.cut.where != "facts"):
        return
    last = doc.facts[-1] if doc.facts else None
    on_last_line = last is not None and last.value.line == last_line and last.kind in (
        FactKind.APPLICANT, FactKind.PARTNERS)
    doc.members_incomplete = FactKind.PARTNERS not in kinds or on_last_line
    doc.last_name_uncertain = on_last_line and doc.cut is None
    where = f"line {doc.sections[-1].heading.line}"
    names = ", ".join(k.value for k in missing) or "nothing, but its last line is cut"
    doc.warnings.append(f"{where}: the facts block is cut off (missing: {names})" + (
        "; the member list is incomplete (br:memberListIncomplete)" if doc.members_incomplete else ""))


def _sub_headings(matches: dict[int, HeadingMatch]) -> list[int]:
    """The lines that read as a template heading naming something else than the region, where the page has the
    same section naming the region: an excerpt's own "Fakta om næringslivet" or "Mål for prosjektet" beside the
    page's "Fakta om Notodden". The region is the name the page's headings give most often (at least twice)."""
    named = Counter(fold(m.name) for m in matches.values() if m.name)
    if not named:
        return []
    region, times = named.most_common(1)[0]
    if times < 2:
        return []
    def of_region(name: str) -> bool:  # "Bø-regionen", "Notoddens" name the region "Bø", "Notodden" too
        key = fold(name)
        return key.startswith(region) or region.startswith(key)

    kinds_of_region = {m.kind for m in matches.values() if m.name and of_region(m.name)}
    return [index for index, m in matches.items() if m.name and not of_region(m.name) and m.kind in kinds_of_region]


def _split(src: _Source, first: _Line, warnings: list[str]) -> tuple[list[Section], list[_Line], list[list[_Line]]]:
    """The page's lines after the title: the intro's, and each section's after its heading."""
    sections: list[Section] = []
    intro_lines: list[_Line] = []
    section_lines: list[list[_Line]] = []
    lines = src.lines[first.index + 1:]
    matches = {line.index: m for line in lines if (m := _heading_of(src.line_text(line))) is not None}
    broken = _broken_headings(src, lines, matches)  # heading line → its second line
    matches.update((index, match) for index, (_, match) in broken.items())
    continued = {second.index for second, _ in broken.values()}
    for index in continued:
        matches.pop(index, None)  # an alternative heading alone, the end of the heading above
    primary = {m.kind for m in matches.values() if not m.other_name and m.distance == 0}
    for index in [i for i, m in matches.items() if m.other_name and m.kind in primary]:
        del matches[index]  # "Målsetting" where the page has "Mål for …": a sub-heading of whatever it stands in
    for index in _sub_headings(matches):
        line, demoted = src.lines[index], matches.pop(index)
        warnings.append(f"line {line.number}: {src.line_text(line).strip()!r} reads as the template's "
                        f"{demoted.template.replace('*', '…')!r}, but names {demoted.name!r}, not the region the "
                        "page's other headings name, and the page has that section: read as text of the section above")
    foreign: tuple[_Line, str, list[_Line]] | None = None  # a heading of no section of ours, and the lines under it
    for line in lines:
        if line.index in continued:
            continue  # the second line of a heading broken over two
        match = matches.get(line.index)
        quoted = bool(sections) and sections[-1].kind in (SectionKind.EXCERPT, SectionKind.FACTS)
        if match is not None and match.other_name and quoted:
            match = None  # an application's own "Videre arbeid", inside the excerpt of it
        text = src.line_text(line)
        if match is None and not quoted and not _BULLET.match(text) and (heading_text := match_foreign(text)):
            _skipped(foreign, warnings)
            foreign = (line, heading_text, [])
            continue
        if foreign is not None and match is None:
            if text.strip():
                foreign[2].append(line)
                continue
            if not foreign[2]:
                continue  # the blank lines between the heading and its text
            _skipped(foreign, warnings)  # its paragraph is over: what follows is the section's again
            foreign = None
        if match is not None:
            _skipped(foreign, warnings)
            foreign = None
        earlier = next((s for s in sections if match is not None and s.kind is match.kind), None)
        if match is not None and match.distance and earlier is not None:
            # "Resultatet:" leading into a list inside an excerpt, with the page's "Resultater" above: text
            warnings.append(f"line {line.number}: {src.line_text(line).strip()!r} reads like a misspelt "
                            f"{match.template.replace('*', '…')!r}, but the page has that section already (line "
                            f"{earlier.heading.line}): read as text of the section above")
            match = None
        if match is not None:
            heading = src.span(line.start, broken[line.index][0].end if line.index in broken else line.end)
            if line.index in broken:
                warnings.append(f"line {line.number}: the heading {heading.text!r} is broken over two lines (as a "
                                "page's width or a PDF breaks it); read as one")
            if match.distance:
                warnings.append(f"line {line.number}: heading {heading.text!r} read as a misspelt "
                                f"{match.template.replace('*', '…')!r}")
            sections.append(Section(match.kind, heading, match))
            section_lines.append([])
        elif sections:
            section_lines[-1].append(line)
        else:
            intro_lines.append(line)
    _skipped(foreign, warnings)
    return sections, intro_lines, section_lines


def _broken_headings(src: _Source, lines: list[_Line], matches: dict[int, HeadingMatch]
                     ) -> dict[int, tuple[_Line, HeadingMatch]]:
    """Headings broken over two lines ("Notoddens råd for samarbeid om" / "regional utvikling"): two short lines, the
    first without sentence punctuation, neither a heading or a list item, that together are a heading of the template
    exactly, with a blank line (or the title) before; heading line index → (its second line, the heading). The second
    line may read as a heading of its own that is only an alternative one or a misspelling ("Dette jobber byregionen
    med" / "etter programslutt"): the two together, a template heading as written, win."""
    found: dict[int, tuple[_Line, HeadingMatch]] = {}
    title = lines[0].index - 1 if lines else -1
    for line, second in itertools.pairwise(lines):
        one, two = src.line_text(line).strip(), src.line_text(second).strip()
        before = src.line_text(src.lines[line.index - 1]).strip() if line.index - 1 > title else ""
        short = 0 < len(one) <= _MAX_HEADING_LINE_CHARS and 0 < len(two) <= _MAX_HEADING_LINE_CHARS
        alone = matches.get(second.index)
        if (not short or before or line.index in matches or (alone is not None and not alone.other_name
                                                             and not alone.distance)
                or one.endswith((*_SENTENCE_END, ",", ";")) or _BULLET.match(one) or _BULLET.match(two)):
            continue
        match = match_heading(f"{one} {two}")
        if match is not None and match.distance == 0 and not match.other_name and second.index not in found:
            found[line.index] = (second, match)
    return found


#: A paragraph after a facts block that has at least this many words, or ends as a sentence does, is text, not facts.
_MIN_PROSE_WORDS = 8


def _text_after_facts(src: _Source, lines: list[_Line]) -> int | None:
    """Where a facts block the page opens with ends and its text begins: the first paragraph (after a blank line)
    that is no fact (no facts label, no list item), is no value of a label above it ("Samarbeidskommuner:" / "" /
    "Kongsberg, Sauherad, Tinn og Hjartdal."), reads as prose, and has no facts label after it in the section;
    None when the block is facts to its end."""
    def label_of(text: str) -> tuple[bool, bool]:
        """Whether ``text`` is a facts line, and whether it is a label still waiting for its value."""
        ends = _label_end(text)
        if ends is not None and match_fact_label(text[:ends[0]]) is not None:
            return True, not text[ends[1]:].strip()
        return (alone := match_fact_label(text) is not None), alone

    facts_at = [i for i, line in enumerate(lines) if label_of(src.line_text(line).strip())[0]]
    blank_before, waiting = False, False
    for position, line in enumerate(lines):
        text = src.line_text(line).strip()
        if not text:
            blank_before = True
            continue
        fact, label_waits = label_of(text)
        if (blank_before and not fact and not waiting and not _BULLET.match(text)
                and (len(text.split()) >= _MIN_PROSE_WORDS or text.endswith(_SENTENCE_END))
                and not any(i > position for i in facts_at)):
            return position
        blank_before, waiting = False, label_waits
    return None


def _heading_of(text: str) -> HeadingMatch | None:
    """The heading ``text`` is, or None: a line that is no list item, or a numbered one whose text is a heading as
    written ("2. Resultater", on a page that numbers its headings)."""
    bullet = _BULLET.match(text)
    if bullet is None:
        return match_heading(text)
    if not bullet.group("marker")[0].isdigit():
        return None
    found = match_heading(text[bullet.end():])
    return found if found is not None and found.distance == 0 else None


def _skipped(foreign: tuple[_Line, str, list[_Line]] | None, warnings: list[str]) -> None:
    """The warning for a heading of :data:`~byregion.importer.headings.FOREIGN_HEADINGS` and the text under it,
    which were not imported."""
    if foreign is None:
        return
    heading, text, under = foreign
    said = [line.number for line in under]
    where = f"lines {said[0]}–{said[-1]}" if len(said) > 1 else f"line {said[0]}" if said else "no text"
    warnings.append(f"line {heading.number}: {text!r} heads what the region page template has no section for "
                    f"(contact details, links, the page's own dates); it and its text ({where}) were not imported, "
                    "and stay in the published page")


#: A title is a name ("Notodden", "Kongsbergregionen – samarbeid om …"), not a sentence of the page's text.
_MAX_TITLE_WORDS_OF_PAGE = 16


def _check_title(src: _Source, title: Span, first: _Line) -> None:
    """Refuse a page whose first line is no title: a heading of the template with its section's list under it (the
    title is missing above it), or a sentence (the page was copied from its first paragraph): what the importer
    would make of it (the heading or the sentence as the region's name, its slug, a project page) is wrong in ways
    no warning puts right. A title may be a question or an exclamation ("Vekst i Vest-Telemark!"), and may read
    as a heading where a paragraph follows it ("Mål for vekst i Vest-Telemark", an older page's project)."""
    text = title.text.strip()
    following = next((src.line_text(line) for line in src.lines[first.index + 1:] if src.line_text(line).strip()),
                     "")
    if match_heading(text) is not None and _BULLET.match(following):
        raise DocumentError(f"line {title.line}: the page starts with the heading {text!r}, not with its title: "
                            "add the region's name (as the programme's page titles it, e.g. 'Notodden') on a line "
                            "of its own above it")
    if len(text.split()) > _MAX_TITLE_WORDS_OF_PAGE or text.endswith((".", ":", ";", ",")):
        shown = text if len(text) <= 60 else text[:57] + "…"
        raise DocumentError(f"line {title.line}: the page starts with {shown!r}, a sentence, not a title: the first "
                            "line must be the region's name (as the programme's page titles it, e.g. 'Notodden'); "
                            "add it on a line of its own above the text")


def parse_document(text: str) -> ParsedDocument:
    """Split a region page into its parts; raise :class:`DocumentError` if it is no region page."""
    src = _Source(text)
    content = [line for line in src.lines if src.line_text(line).strip()]
    if not content:
        raise DocumentError("the document is empty (no text)")
    furniture = _page_furniture(src)
    src.furniture.update(line.index for line in furniture)
    content = [line for line in content if line.index not in src.furniture]
    if not content:
        raise DocumentError("the document has no text but a printed page's numbers and headers")
    first = content[0]
    title = src.span(first.start, first.end)
    _check_title(src, title, first)
    warnings: list[str] = [f"line {line.number}: {src.text[line.start:line.end].strip()!r} reads as a printed "
                           "page's number or running header (a PDF copied as text); it was left out"
                           for line in furniture]
    warnings += _split_by_page_break(src, furniture)
    sections, intro_lines, section_lines = _split(src, first, warnings)
    if sections and sections[0].kind is SectionKind.FACTS and not any(src.line_text(x).strip() for x in intro_lines):
        at = _text_after_facts(src, section_lines[0])
        if at is not None:  # a page that gives its facts first: the text after them is its introduction
            intro_lines, section_lines[0] = section_lines[0][at:], section_lines[0][:at]
            warnings.append(f"line {intro_lines[0].number}: the page gives its facts first "
                            f"({sections[0].heading.text!r}, line {sections[0].heading.line}); the text after them, "
                            "up to the next heading, was read as its introduction")
    if not sections:
        expected = ", ".join(repr(t[0].replace("*", "…")) for t in SECTION_TEMPLATES.values())
        raise DocumentError(f"no section of the region page template found (expected headings such as {expected})")
    if (english := in_english(text)) is not None:  # an unseen-pages review: imported as Bokmål, its parts mixed up
        raise DocumentError(f"the page reads as English ({english[0]} words such as 'the', 'and', 'of', against "
                            f"{english[1]} Norwegian ones), not as one of the programme's Norwegian pages: its text "
                            "would be tagged nb and its headings read as the template's by likeness; import the "
                            "Norwegian page, and give English texts in data/curation/{slug}.ttl (docs/importing.md)")

    last = content[-1]
    buckets = [(None, intro_lines)] + [(s.kind, lines) for s, lines in zip(sections, section_lines, strict=True)]
    kind, bucket = next(((k, b) for k, b in buckets if last in b), (None, []))
    names = [title.text] + [s.match.name for s in sections if s.match.name]
    cut = _cut(src, last, kind, names) if last in bucket else None
    if cut is not None:
        bucket.remove(last)
        warnings.append(_cut_warning(cut))

    facts: list[FactLine] = []
    for section, lines in zip(sections, section_lines, strict=True):
        if section.kind is SectionKind.FACTS:
            facts += _facts(src, lines, warnings)
        else:
            block = _items(src, lines, advice=section.kind is SectionKind.ADVICE, warnings=warnings)
            section.items, section.captions = block.items, block.captions
    intro = _items(src, intro_lines, advice=False, warnings=warnings)
    doc = ParsedDocument(title, intro.items, sections, facts, warnings, intro.captions,
                         layout_of([s.match for s in sections]), cut)

    first_of: dict[SectionKind, Section] = {}
    for section in sections:
        earlier = first_of.setdefault(section.kind, section)
        if earlier is not section:
            warnings.append(f"line {section.heading.line}: a second {section.kind_name} section "
                            f"{section.heading.text!r} (the first is {earlier.heading.text!r} on line "
                            f"{earlier.heading.line}); both are imported: is part of the page there twice?")
    found = {s.kind for s in sections}
    missing = [k for k in LAYOUT_SECTIONS[doc.layout] if k not in found]
    if missing:
        names_ = ", ".join(repr(SECTION_TEMPLATES[k][0].replace("*", "…")) for k in missing)
        alone = [c.span for c in intro.captions if c.kind == "sub-heading"]
        said = "; ".join(f"line {c.line} {c.text!r}" for c in alone)
        warnings.append(f"sections missing from the page: {names_}" + (
            f"; these lines stand alone like headings but are none of the template's, so their text was read as "
            f"the introduction: {said} (docs/importing.md lists the headings)" if alone else ""))
    for section in sections:
        if section.kind in _OWN_STATEMENT_KINDS:  # an excerpt of an application has sub-headings of its own
            for caption in (c for c in section.captions if c.kind == "sub-heading"):
                warnings.append(f"line {caption.span.line}: {caption.span.text!r} stands alone like a heading "
                                f"inside {section.heading.text!r}, so the text under it was read as that section's "
                                "(under a sub-heading); if it heads a section of its own, give it the template's "
                                "heading (docs/importing.md)")
    for section in sections:
        if section.kind is SectionKind.DOCUMENTS and section.items:
            warnings.append(f"line {section.heading.line}: the documents section has text, which the model "
                            "has no place for; it was not imported")
        if section.kind in _STATEMENT_KINDS and not section.items and (cut is None or cut.line < section.heading.line):
            # a page's "Dokumenter" is often empty (its links are lost in copying); its goals or results are not
            warnings.append(f"line {section.heading.line}: the section {section.heading.text!r} has no text under "
                            "it; the page shows it empty: is part of the page missing?")
    if " | " in title.text:  # a browser tab's title: "Hadeland | Distriktssenteret"
        site = title.text.rsplit(" | ", 1)[1].strip()
        warnings.append(f"line {title.line}: the title {title.text.strip()!r} ends in ' | {site}', as a browser tab "
                        f"shows a page's title with its site's name: if {site!r} is the site, take it out of the "
                        "page's first line (the title names the region, or its project, and their IRIs)")
    written = written_in(text)
    if written.nynorsk:
        doc.language = "nn"
        examples = ", ".join(repr(w) for w in written.examples)
        warnings.append(f"the page reads as Nynorsk ({written.nynorsk_words} words only Nynorsk writes, such as "
                        f"{examples}, against {written.bokmal_words} of Bokmål's): its text is tagged nn "
                        "(Nynorsk); if it is Bokmål quoting Nynorsk, say so in an issue (docs/importing.md, "
                        "\"Nynorsk\")")
    _check_facts_cut(doc, last.number)
    _check_truncation(src, doc, {id(i) for s in sections if s.kind is SectionKind.ADVICE for i in s.items})
    return doc
