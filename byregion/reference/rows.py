"""Rows of the reference CSVs, checked: codes, names, validity periods and changes.

Every problem is a :class:`ReferenceDataError` naming the file, line and column, so that the CSV
can be fixed where it is wrong. Reading the files is the caller's job (``byregion.cli.reference``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from byregion import periods
from byregion.reference.sources import KLASS_MARKER
from byregion.tables import TableError

MUNICIPALITIES, COUNTIES, CHANGES, REGION = "municipalities.csv", "counties.csv", "changes.csv", "notodden-region.csv"
CSV_FILES = (MUNICIPALITIES, COUNTIES, CHANGES, REGION)
COLUMNS: dict[str, tuple[str, ...]] = {
    MUNICIPALITIES: ("name", "code", "valid_from", "valid_to", "county_code", "wikidata", "source", "name_variants"),
    COUNTIES: ("name", "code", "valid_from", "valid_to", "wikidata", "source", "name_variants"),
    CHANGES: ("date", "old_code", "old_name", "new_code", "new_name", "kind", "source"),
    REGION: ("name", "kind", "code", "valid_from", "valid_to", "county_code", "wikidata", "orgnr",
             "population_2015_01_01", "area_km2", "source", "confidence"),
}
UNKNOWN_CODE = "9999"  # KLASS "Uoppgitt": not a municipality
ONE_DAY = dt.timedelta(days=1)

# A QID whose part of the source cell says one of these is not evidence (docs/reference.md).
_DOUBT = re.compile(r"assumed|not verified|unverified|not checked|\blow\b", re.IGNORECASE)
_QID = re.compile(r"^Q[1-9][0-9]*$")

#: CSV change kinds → br:changeKind local names. Longest prefix wins.
_KINDS = {
    "renumbering and name change": ("renumbering", "nameChange"), "renumbering": ("renumbering",),
    "name change": ("nameChange",), "merger": ("merger",), "county merger": ("merger",),
    "split": ("split",), "county split": ("split",), "boundary adjustment": ("boundaryAdjustment",),
    "municipality moved to another county": ("boundaryAdjustment",),
    "municipalities moved to another county": ("boundaryAdjustment",),
}
#: Kinds that keep the same municipality: the rows either side are linked into one IRI.
IDENTITY_KINDS = frozenset({"renumbering", "renumbering and name change", "name change"})


class ReferenceDataError(TableError):
    """A reference CSV cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class Row:
    """One CSV data row; ``line`` is its line number in the file (the header is line 1)."""

    file: str
    line: int
    values: Mapping[str, str]

    def error(self, column: str | None, problem: str) -> ReferenceDataError:
        return ReferenceDataError(self.file, self.line, column, problem)

    def get(self, column: str) -> str:
        value = self.values.get(column)
        if value is None:
            raise self.error(column, "column is missing (is the header right?)")
        return value.strip()

    def date(self, column: str) -> dt.date | None:
        """The date in ``column``, or None when the cell is empty."""
        text = self.get(column)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            raise self.error(column, f"{text!r} is not a date of the form YYYY-MM-DD") from None

    def code(self, column: str, digits: int) -> str:
        text = self.get(column)
        if not re.fullmatch(rf"\d{{{digits}}}", text):
            raise self.error(column, f"{text!r} is not a {digits}-digit code (keep the leading zero)")
        return text


def make_rows(file: str, records: Iterable[Mapping[str, str]], first_line: int = 2) -> list[Row]:
    """Wrap CSV records (``csv.DictReader`` output) as :class:`Row` values, numbering lines."""
    return [Row(file, first_line + i, rec) for i, rec in enumerate(records)]


@dataclass(frozen=True)
class Period:
    """A validity period; ``start``/``end`` are inclusive and None when open."""

    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return periods.covers(self.start, self.end, day)

    def sort_key(self) -> tuple[dt.date, dt.date]:
        return (self.start or dt.date.min, self.end or dt.date.max)


@dataclass(frozen=True)
class UnitRow:
    """One code in one name period (municipality or county)."""

    row: Row
    name: str
    code: str
    period: Period
    qid: str | None  # kept only when the CSV does not mark it doubtful
    qid_as_given: str
    variants: tuple[str, ...] = ()

    @property
    def sources(self) -> str:
        return self.row.get("source")


def unit_row(row: Row, digits: int) -> UnitRow:
    """A row of municipalities.csv (``digits=4``) or counties.csv (``digits=2``), checked."""
    name, code = row.get("name"), row.code("code", digits)
    if not name:
        raise row.error("name", "a name is required")
    period = Period(row.date("valid_from"), row.date("valid_to"))
    if period.start and period.end and period.start > period.end:
        raise row.error("valid_to", f"{period.end} is before valid_from {period.start}")
    qid = row.get("wikidata")
    if qid and not _QID.match(qid):
        raise row.error("wikidata", f"{qid!r} is not a Wikidata item id like Q2326")
    if KLASS_MARKER not in row.get("source"):
        raise row.error("source", "does not cite SSB KLASS 131, the authority for codes and periods")
    source = row.get("source")
    qid_clause = source[source.index("QID:"):] if "QID:" in source else ""
    kept = qid if qid and qid_clause and not _DOUBT.search(qid_clause) else None
    variants = tuple(v.strip() for v in row.values.get("name_variants", "").split("|") if v.strip())
    return UnitRow(row, name, code, period, kept, qid, variants)


@dataclass(frozen=True)
class ChangeRow:
    """A row of changes.csv; ``kinds`` are the br:changeKind local names its ``kind`` maps to."""

    row: Row
    date: dt.date
    old_code: str
    new_code: str
    kind: str
    kinds: tuple[str, ...]

    @property
    def county_level(self) -> bool:
        return len(self.old_code) == 2


def change_row(row: Row) -> ChangeRow:
    """A row of changes.csv, checked."""
    digits = 2 if len(row.get("old_code")) == 2 else 4
    kind = row.get("kind")
    prefix = max((k for k in _KINDS if kind.startswith(k)), key=len, default=None)
    if prefix is None:
        raise row.error("kind", f"unknown change kind {kind!r}; expected one of {', '.join(sorted(_KINDS))}")
    if KLASS_MARKER not in row.get("source"):
        raise row.error("source", "does not cite SSB KLASS 131")
    date = row.date("date")
    if date is None:
        raise row.error("date", "a date is required here (YYYY-MM-DD)")
    return ChangeRow(row, date, row.code("old_code", digits), row.code("new_code", digits), kind, _KINDS[prefix])


def _row_at(rows: Sequence[UnitRow], code: str, day: dt.date, change: ChangeRow, column: str) -> int:
    for i, r in enumerate(rows):
        if r.code == code and r.period.covers(day):
            return i
    raise change.row.error(column, f"no row with code {code} valid on {day} in the code table")


def sides(rows: Sequence[UnitRow], change: ChangeRow) -> tuple[int, int]:
    """Indexes of the rows a change goes from (valid the day before) and to (valid on the day)."""
    return (_row_at(rows, change.old_code, change.date - ONE_DAY, change, "old_code"),
            _row_at(rows, change.new_code, change.date, change, "new_code"))
