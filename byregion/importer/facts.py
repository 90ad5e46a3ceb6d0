"""The facts block's values: Norwegian numbers, dates, areas and lists of names.

Pure parsing; each parser returns None (or an empty list) for text it does not recognise, and the
caller turns that into a warning naming the line.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from byregion.literals import visible

#: Norwegian month names and abbreviations (Bokmål and Nynorsk share them), lower-case, no dot.
MONTHS: dict[str, int] = {
    "januar": 1, "jan": 1, "februar": 2, "feb": 2, "mars": 3, "mar": 3, "april": 4, "apr": 4,
    "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11,
    "desember": 12, "des": 12,
}

# "1.jan 2015", "1. jan. 2015", "1. januar 2015", "01.01.2015", "1.1.2015", "1/1 2015"
_DATE_WORDS = re.compile(r"(?P<d>\d{1,2})\s*\.?\s*(?P<m>[^\W\d_]+)\s*\.?\s*(?P<y>\d{4})")
_DATE_DIGITS = re.compile(r"(?P<d>\d{1,2})\s*[./]\s*(?P<m>\d{1,2})\s*[./ ]\s*(?P<y>\d{4})")
_DATE_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)")
#: What separates thousands in a Norwegian figure: a point, a space, a no-break, thin, narrow no-break or figure
#: space (54.165, 54 165; a page copied from a browser keeps whichever the site typeset).
_THOUSANDS = "[.\u00a0\u2007\u2009\u202f ]"
# an integer with thousands separated: 54.165, 54 165, 54165
_INTEGER = re.compile(rf"\d{{1,3}}(?:{_THOUSANDS}\d{{3}})+(?!\d)|\d+")
_DECIMAL = re.compile(rf"(?P<int>\d{{1,3}}(?:{_THOUSANDS}\d{{3}})+(?!\d)|\d+)(?:,(?P<frac>\d+))?")
#: Right after a figure: a point, comma or apostrophe and more digits, which the Norwegian forms above do not
#: explain ("33,120" written the English way, "4482.5" with a decimal point, "33.12" cut off, "110'000" the Swiss
#: way): the figure is not guessed.
_UNEXPLAINED_DIGITS = re.compile(r"[.,'’ʼ]\d")
# the unit, right after the number too ("2663km²"): not inside a word
_KM2 = re.compile(r"(?<![^\W\d_])(?:km²|km2|km\^2|kvadratkilometer|kvadratkilometre|kv\.?\s*km)", re.IGNORECASE)


@dataclass(frozen=True)
class Population:
    value: int
    date: dt.date | None


@dataclass(frozen=True)
class Area:
    value: Decimal
    unit: str  # "km2"; the only unit the template uses


def _dates(text: str) -> Iterator[tuple[dt.date, tuple[int, int]]]:
    """The Norwegian dates in ``text`` and where each is, in the order of the patterns."""
    for pattern in (_DATE_WORDS, _DATE_DIGITS, _DATE_ISO):
        for m in pattern.finditer(text):
            month_text = m.group("m").lower()
            month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
            if month is None:
                continue
            try:
                yield dt.date(int(m.group("y")), month, int(m.group("d"))), m.span()
            except ValueError:
                continue


def parse_date(text: str) -> dt.date | None:
    """The first Norwegian date in ``text``: ``"1.jan 2015"`` → 2015-01-01."""
    return next((day for day, _ in _dates(text)), None)


_PARENTHESES = re.compile(r"\([^()]*\)")


#: What joins a figure to a second one in a range ("110 000–115 000", "110 000 - 115 000", "110 000 til 115 000").
_RANGE = re.compile(r"[ \t\u00a0]*(?:[-–—]|til)[ \t\u00a0]*(?=\d)")


def _figure(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The first match of ``pattern`` in ``text`` that is neither part of a date nor in parentheses: in
    ``"(1. januar 2015) 36 514"`` or ``"(2015) 36 514"`` the figure is 36 514, not the day of the month or the
    year."""
    taken = [span for _, span in _dates(text)] + [m.span() for m in _PARENTHESES.finditer(text)]
    return next((m for m in pattern.finditer(text)
                 if not any(start < m.end() and m.start() < end for start, end in taken)), None)


def _range_after(figure: re.Match[str], text: str) -> bool:
    """Whether ``figure`` is the first of a range (:data:`_RANGE`): the second figure no date's day and not smaller
    than the first (an upper bound: "54 165 – 2015" is a figure and its year, not a range; "1 500–2 000 km²" is a
    range, whatever year 2 000 could be)."""
    joined = _RANGE.match(text, figure.end())
    if joined is None or any(start <= joined.end() < end for _, (start, end) in _dates(text)):
        return False
    second = _INTEGER.match(text, joined.end())
    return second is None or int(_digits(second.group())) >= int(_digits(figure.group().split(",")[0]))


#: A figure of one to three digits with no separator in it, and a separator and three digits after it: its
#: thousands went wrong ("50 000" + soft hyphen + "55 000", read without the soft hyphen, is "50 00055 000"), and
#: the figure is not the "50" it starts with.
_BROKEN_THOUSANDS = re.compile(rf"{_THOUSANDS}\d{{3}}")


def gives_range(text: str, decimal: bool = False) -> bool:
    """Whether the figure of ``text`` is a range ("110 000–115 000"), which no one value says."""
    text = visible(text)
    figure = _figure(_DECIMAL if decimal else _INTEGER, text)
    return figure is not None and _range_after(figure, text)


def _first_number(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The figure of ``text`` (:func:`_figure`). None without one, when the figure goes on in a form this reader
    does not know (``"33,120"``, ``"4482.5"``), or when it is the first of a range (``"110 000–115 000"``): a
    figure is not guessed."""
    found = _figure(pattern, text)
    if found is None or _UNEXPLAINED_DIGITS.match(text, found.end()) or _range_after(found, text):
        return None
    whole = found.group().split(",")[0]
    if whole.isdigit() and len(whole) <= 3 and _BROKEN_THOUSANDS.match(text, found.start() + len(whole)):
        return None
    return found


#: A word before a figure that says it is not exact: "ca. 120 000", "cirka", "omkring", "omtrent", "om lag",
#: "rundt", "anslagsvis", "~", "≈"; or, first in the value (a date in brackets may stand before it), that it is a
#: bound, not the figure: "over", "mer enn", "nesten", "under", "mindre enn", "i overkant av", "drøyt", "snaut"
#: (Bokmål and Nynorsk alike). "strekker seg over 5 150 km²" states the area; "over 5 150 km²" bounds it.
_APPROXIMATE = re.compile(r"(?i)(?:^|(?<=[\s(]))(?P<word>ca\.?|c:a|cirka|omkring|omtrent|om lag|rundt|anslagsvis"
                          r"|~|≈)\s*$")
_BOUND = re.compile(r"(?i)^(?:\s|\([^()]*\))*(?P<word>over|mer enn|meir enn|nesten|nærmere|nærare|under|mindre enn"
                    r"|i overkant av|i underkant av|drøyt|snaut|>|<)\s*$")


def approximate(text: str, decimal: bool = False) -> str | None:
    """The words right before the figure of ``text`` (as :func:`parse_population`, or with ``decimal``
    :func:`parse_area`, finds it) that give it as approximate ("ca. "), or None when it is given as exact: a "ca."
    before a date in brackets ("120 000 (ca. 1.jan 2015)") is about the date, not the figure."""
    text = visible(text)
    figure = _first_number(_DECIMAL if decimal else _INTEGER, text)
    if figure is None:
        return None
    found = _APPROXIMATE.search(text, 0, figure.start()) or _BOUND.search(text, 0, figure.start())
    return found.group("word") if found else None


def _digits(text: str) -> str:
    return re.sub(_THOUSANDS, "", text)


def parse_population(text: str) -> Population | None:
    """``"54.165 (1.jan 2015)"`` → Population(54165, 2015-01-01), and the same from ``"(1. jan. 2015) 54 165"``;
    the date is optional. Invisible format characters (a soft hyphen, a zero-width space) are no part of the reading:
    ``"110\u00ad000"`` is 110000, not 110."""
    text = visible(text)
    m = _first_number(_INTEGER, text)
    if m is None:
        return None
    return Population(int(_digits(m.group())), parse_date(text[m.end():]) or parse_date(text[:m.start()]))


def parse_area(text: str, label: str = "") -> Area | None:
    """``"5.150 km²"`` → Area(5150, "km2"); None without a number or without a known unit, which may stand in the
    fact's ``label`` instead ("Areal (km²): 5 150"). Read as :func:`parse_population` reads, without invisible
    format characters."""
    text, label = visible(text), visible(label)
    m = _first_number(_DECIMAL, text)
    if m is None or not (_KM2.search(text, m.end()) or _KM2.search(label)):
        return None
    number = _digits(m.group("int")) + ("." + m.group("frac") if m.group("frac") else "")
    try:
        return Area(Decimal(number), "km2")
    except InvalidOperation:
        return None


#: The glyphs that make a line a list item whatever follows them (importer.parse._BULLET): the usual bullets, and
#: what text copied from Word or a PDF keeps of its symbol fonts' bullets: U+F0B7 (Symbol's bullet, Word's first
#: level), U+F0A7 (Wingdings' square, Word's third), U+F0D8 (Wingdings' arrowhead), U+F076 (Wingdings' diamond)
#: and U+F0FC (Wingdings' check mark), private-use characters no word begins with.
BULLET_GLYPHS = "•◦▪▫‣●○■□∙\uf0b7\uf0a7\uf0d8\uf076\uf0fc"

#: What parts two names of a list: a comma, a semicolon, "og", "&", a slash with a space beside it (one name's
#: forms are "Storfjord/Omasvuotna/Omasvuono"), or a line break (a list written one name a line, as bullets: each
#: line's marker goes with the break) but after a hyphen ("Drange-" / "dal": one name broken where it wrapped).
_NAME_SPLIT = re.compile(
    rf"\s*(?:,|;|\bog\b|&|(?<=\s)/|/(?=\s)|[\r\n]+[ \t\u00a0]*(?:[{BULLET_GLYPHS}·*–-][ \t\u00a0]*)?)\s*")
#: A bullet before the first name of a list written as bullets.
_LEADING_MARKER = re.compile(rf"^[{BULLET_GLYPHS}·*–-][ \t\u00a0]*")
#: A name broken over two lines at a hyphen, where the page wrapped it ("Drange-" / "dal"): one name.
HYPHEN_BREAK = re.compile(r"(?<=[^\W\d_])-[ \t]*(?:\r\n|\r|\n)[ \t]*")


#: A names line that says there are none ("Samarbeidskommuner: ingen"), folded: no name, not a municipality so called.
NO_NAMES = frozenset({"ingen", "inga", "ingen andre", "ikkje nokon", "ingen samarbeidskommuner", "none"})


def split_names(text: str, is_name: Callable[[str], bool] | None = None) -> list[tuple[int, int]]:
    """Spans of the names in ``"Kongsberg, Sauherad og Tinn."``, relative to ``text``.

    Names are separated by commas, semicolons, "og", "&", slashes or line breaks (a list of bullets, whose markers
    are no part of a name); a final full stop is not part of a name.
    Some municipalities have "og" in their name ("Nore og Uvdal", "Evje og Hornnes"): when ``is_name``
    (a look-up in the reference data) knows the two pieces joined by "og" as one name, they stay one
    name; without it they are split, and the reference look-up then warns about both halves.
    """
    if " ".join(text.strip().rstrip(".").split()).casefold() in NO_NAMES:
        return []  # an unseen-pages review: "ingen" had become a partner municipality of that name
    spans: list[tuple[int, int]] = []
    joined_by_og: list[bool] = []
    start = 0
    broken = {m.start() for m in HYPHEN_BREAK.finditer(text)}  # where a name goes on after its hyphen
    for sep in [*_NAME_SPLIT.finditer(text), None]:
        if sep is not None and not sep.group().strip(" \t\u00a0\r\n") and any(
                sep.start() - 1 <= at <= sep.end() for at in broken):
            continue  # a line break inside a name broken at its hyphen: no break between names
        end = sep.start() if sep else len(text)
        piece = text[start:end]
        stripped = _LEADING_MARKER.sub("", piece.strip()).rstrip(".").strip()
        if stripped:
            offset = start + piece.index(stripped)
            spans.append((offset, offset + len(stripped)))
            joined_by_og.append(sep is not None and sep.group(0).strip() == "og")
        if sep:
            start = sep.end()
    if is_name is None:
        return spans
    merged: list[tuple[int, int]] = []
    for i, span in enumerate(spans):
        if merged and joined_by_og[i - 1] and is_name(text[merged[-1][0]:span[1]]):
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged
