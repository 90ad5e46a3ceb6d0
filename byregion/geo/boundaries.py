"""The simplified boundaries of every municipality and county, per boundary period, and the IRIs they
belong to.

A *boundary period* is a stretch of time over which one set of codes, and so one pair of GeoJSON files
(municipalities, counties), holds. The periods are data, not code: ``data/reference/geo/periods.csv``
has one row per period (its validity, the day whose codes the files use, and the two files), so another
code history is a new row and two new files. Every file is a WGS 84 (CRS84) FeatureCollection with one
(Multi)Polygon feature per unit, the code and name in the properties named by :data:`CODE_PROPERTY` and
:data:`NAME_PROPERTY` (data/reference/geo/SOURCES.md describes the files we have).

A municipality keeps its IRI across renumbering, so a unit is tied to its IRI by the number it held on
the period's ``codes_on`` day (the reference graph's ``br:municipalityNumber`` / ``br:countyNumber``
nodes with ``schema:validFrom`` / ``schema:validThrough``): :func:`place`. Its geometry is valid over
the period cut to the lifetime of that IRI (:class:`PlacedUnit`), so Sandefjord (2017) does not get
the 2019 file's polygon for 2015, while Trondheim (1601 until 2017, 5001 from 2018) does.

Reading the files is :func:`load_periods` and :func:`load_units`; everything else is pure.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any, Literal, TypeAlias

import shapely
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS
from shapely.geometry import MultiPolygon, Polygon, shape

from byregion.namespaces import BR, SCHEMA
from byregion.periods import covers
from byregion.tables import TableError

Kind = Literal["municipality", "county"]
KINDS: tuple[Kind, ...] = ("municipality", "county")
Polygonal: TypeAlias = Polygon | MultiPolygon
#: A unit's identity: (period key, kind, code).
UnitKey: TypeAlias = tuple[str, Kind, str]

#: Where the boundary files and their period table live, relative to the repository.
GEO_DIR = Path("data") / "reference" / "geo"
PERIODS_FILE = "periods.csv"
PERIOD_COLUMNS = ("period", "valid_from", "valid_through", "codes_on", "municipalities", "counties")
#: The column of the period table naming each kind's file.
FILE_COLUMN: Mapping[Kind, str] = {"municipality": "municipalities", "county": "counties"}
#: Property of a feature that holds the unit's code (a string with its leading zero) and its name.
CODE_PROPERTY: Mapping[Kind, str] = {"municipality": "kommunenummer", "county": "fylkesnummer"}
NAME_PROPERTY: Mapping[Kind, str] = {"municipality": "kommunenavn", "county": "fylkesnavn"}
CODE_DIGITS: Mapping[Kind, int] = {"municipality": 4, "county": 2}
#: The reference graph's property from a municipality or county to its numbers.
NUMBER_PROPERTY: Mapping[Kind, URIRef] = {"municipality": BR.municipalityNumber, "county": BR.countyNumber}


class BoundaryDataError(TableError):
    """A boundary file or the period table cannot be used; the message names the file and what to fix."""


@dataclass(frozen=True)
class BoundaryPeriod:
    """One set of boundaries: valid from ``valid_from`` through ``valid_through`` (inclusive, None when
    open), with the codes of ``codes_on``; ``files`` names each kind's GeoJSON file in the geo folder."""

    key: str
    valid_from: dt.date | None
    valid_through: dt.date | None
    codes_on: dt.date
    files: Mapping[Kind, str] = field(compare=False)

    def covers(self, day: dt.date) -> bool:
        return covers(self.valid_from, self.valid_through, day)


@dataclass(frozen=True)
class Unit:
    """One municipality or county of one boundary period, as its file gives it."""

    kind: Kind
    code: str
    name: str
    period: BoundaryPeriod
    geometry: Polygonal = field(compare=False, repr=False)

    @property
    def key(self) -> UnitKey:
        return (self.period.key, self.kind, self.code)


@dataclass(frozen=True)
class Numbered:
    """One number a municipality or county held, from the reference graph (dates None when open)."""

    thing: URIRef
    kind: Kind
    code: str
    valid_from: dt.date | None
    valid_through: dt.date | None
    #: The number's own IRI in the reference graph (``…/number/1749``), where it has one.
    iri: URIRef | None = field(default=None, compare=False)

    def holds_on(self, day: dt.date) -> bool:
        return covers(self.valid_from, self.valid_through, day)

    def overlaps(self, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether the number held on any day from ``first`` through ``last`` (None: open)."""
        return not ((self.valid_through is not None and first is not None and self.valid_through < first)
                    or (self.valid_from is not None and last is not None and last < self.valid_from))

    def holds_throughout(self, first: dt.date | None, last: dt.date | None) -> bool:
        """Whether the number held on every day from ``first`` through ``last`` (None: open)."""
        return ((self.valid_from is None or (first is not None and self.valid_from <= first))
                and (self.valid_through is None or (last is not None and last <= self.valid_through)))


@dataclass(frozen=True)
class PlacedUnit:
    """A unit tied to its IRI; its geometry is valid from ``valid_from`` through ``valid_through``: the
    period cut to the span in which the IRI held any number (None when open)."""

    unit: Unit
    thing: URIRef
    valid_from: dt.date | None
    valid_through: dt.date | None

    def valid_on(self, day: dt.date) -> bool:
        return covers(self.valid_from, self.valid_through, day)


# --- reading -------------------------------------------------------------------------------------------

def _date(file: str, line: int, column: str, text: str) -> dt.date | None:
    if not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise BoundaryDataError(file, line, column, f"{text!r} is not a date of the form YYYY-MM-DD") from None


def parse_periods(text: str, file: str = PERIODS_FILE) -> list[BoundaryPeriod]:
    """The period table (CSV text) as periods in time order; each must have a ``codes_on`` day within
    itself and none may overlap another."""
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in PERIOD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise BoundaryDataError(file, 1, None, f"columns {', '.join(missing)} are missing; "
                                f"the header must be {','.join(PERIOD_COLUMNS)}")
    periods = []
    for line, row in enumerate(reader, start=2):
        codes_on = _date(file, line, "codes_on", row["codes_on"])
        if codes_on is None:
            raise BoundaryDataError(file, line, "codes_on", "empty; give the day whose codes the files use")
        period = BoundaryPeriod(
            key=row["period"].strip(), valid_from=_date(file, line, "valid_from", row["valid_from"]),
            valid_through=_date(file, line, "valid_through", row["valid_through"]), codes_on=codes_on,
            files={kind: row[FILE_COLUMN[kind]].strip() for kind in KINDS})
        if not period.key or not all(period.files.values()):
            raise BoundaryDataError(file, line, None, "the period's name and both file names are required")
        if not period.covers(codes_on):
            raise BoundaryDataError(file, line, "codes_on", f"{codes_on} is outside the period")
        periods.append(period)
    periods.sort(key=lambda p: p.valid_from or dt.date.min)
    for earlier, later in pairwise(periods):
        if earlier.valid_through is None or later.valid_from is None or earlier.valid_through >= later.valid_from:
            raise BoundaryDataError(file, None, None, f"periods {earlier.key} and {later.key} overlap; "
                                    "give each a validity that ends before the next begins")
    return periods


def load_periods(repo: Path) -> list[BoundaryPeriod]:
    """The boundary periods of the repository at ``repo`` (none when it has no period table)."""
    path = repo / GEO_DIR / PERIODS_FILE
    if not path.exists():
        return []
    return parse_periods(path.read_text(encoding="utf-8"), str(GEO_DIR / PERIODS_FILE))


def parse_units(collection: Mapping[str, Any], kind: Kind, period: BoundaryPeriod, file: str) -> list[Unit]:
    """The units of one FeatureCollection (parsed GeoJSON), checked: a code of the right length, a name,
    a valid (Multi)Polygon, no code twice."""
    if collection.get("type") != "FeatureCollection":
        raise BoundaryDataError(file, None, None, "is not a GeoJSON FeatureCollection")
    units: dict[str, Unit] = {}
    code_key, name_key, digits = CODE_PROPERTY[kind], NAME_PROPERTY[kind], CODE_DIGITS[kind]
    for n, feature in enumerate(collection.get("features", []), start=1):
        properties = feature.get("properties") or {}
        code, name = str(properties.get(code_key, "")), str(properties.get(name_key, "")).strip()
        where = f"feature {n} ({code_key} {code!r})"
        if not (len(code) == digits and code.isdigit()) or not name:
            raise BoundaryDataError(file, None, None, f"{where}: needs a {digits}-digit string {code_key} "
                                    f"(leading zero kept) and a {name_key}")
        geometry = shape(feature.get("geometry"))
        if not isinstance(geometry, Polygon | MultiPolygon) or geometry.is_empty or not geometry.is_valid:
            raise BoundaryDataError(file, None, None, f"{where}: the geometry must be a valid, non-empty Polygon "
                                    f"or MultiPolygon ({shapely.is_valid_reason(geometry)}); repair it with "
                                    "shapely.make_valid")
        if code in units:
            raise BoundaryDataError(file, None, None, f"{where}: the code is there twice; union the features")
        units[code] = Unit(kind, code, name, period, geometry)
    return sorted(units.values(), key=lambda u: u.code)


def load_units(repo: Path, periods: Iterable[BoundaryPeriod]) -> list[Unit]:
    """Every unit of every period's files, in period, kind and code order."""
    units = []
    for period in periods:
        for kind in KINDS:
            relative = GEO_DIR / period.files[kind]
            path = repo / relative
            if not path.exists():
                raise BoundaryDataError(str(GEO_DIR / PERIODS_FILE), None, None, f"period {period.key}: "
                                        f"{relative} does not exist; add it or fix the file name")
            try:
                collection = json.loads(path.read_text(encoding="utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError) as exc:
                raise BoundaryDataError(str(relative), None, None, f"is no GeoJSON ({exc}); put back the file "
                                        f"{PERIODS_FILE} names for period {period.key}") from exc
            units.extend(parse_units(collection, kind, period, str(relative)))
    return units


# --- IRIs ----------------------------------------------------------------------------------------------

def _literal_date(graph: Graph, node: URIRef, predicate: URIRef) -> dt.date | None:
    value = graph.value(node, predicate)
    return dt.date.fromisoformat(str(value)) if value is not None else None


def numbers(graph: Graph) -> list[Numbered]:
    """Every municipality and county number of the reference graph with its validity."""
    out = []
    for kind in KINDS:
        for thing, number in graph.subject_objects(NUMBER_PROPERTY[kind]):
            notation = graph.value(number, SKOS.notation)
            if isinstance(thing, URIRef) and isinstance(number, URIRef) and notation is not None:
                out.append(Numbered(thing, kind, str(notation), _literal_date(graph, number, SCHEMA.validFrom),
                                    _literal_date(graph, number, SCHEMA.validThrough), number))
    return sorted(out, key=lambda n: (n.kind, n.code, n.valid_from or dt.date.min, str(n.thing)))


def lifetimes(held: Iterable[Numbered]) -> dict[URIRef, tuple[dt.date | None, dt.date | None]]:
    """IRI → (first day, last day) over all the numbers it held; None where open."""
    spans: dict[URIRef, list[Numbered]] = {}
    for number in held:
        spans.setdefault(number.thing, []).append(number)
    out = {}
    for thing, nums in spans.items():
        starts, ends = [n.valid_from for n in nums], [n.valid_through for n in nums]
        out[thing] = (None if None in starts else min(s for s in starts if s),
                      None if None in ends else max(e for e in ends if e))
    return out


def _later(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return max(d for d in (a, b) if d) if a or b else None


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(d for d in (a, b) if d) if a or b else None


def place(units: Iterable[Unit], held: Sequence[Numbered]) -> tuple[list[PlacedUnit], list[Unit]]:
    """Tie each unit to the IRI that held its code on its period's ``codes_on`` day; returns the placed
    units and those no IRI held the code of (the reference data lacks it, or the file is of other codes)."""
    by_code: dict[tuple[Kind, str], list[Numbered]] = {}
    for number in held:
        by_code.setdefault((number.kind, number.code), []).append(number)
    life = lifetimes(held)
    placed, unplaced = [], []
    for unit in units:
        owners = {n.thing for n in by_code.get((unit.kind, unit.code), []) if n.holds_on(unit.period.codes_on)}
        if len(owners) != 1:
            unplaced.append(unit)
            continue
        thing = owners.pop()
        first, last = life[thing]
        placed.append(PlacedUnit(unit, thing, _later(unit.period.valid_from, first),
                                 _earlier(unit.period.valid_through, last)))
    return placed, unplaced


def unplaced_message(unplaced: Sequence[Unit]) -> str:
    """What to say of units that no IRI holds the code of: which, and what to do."""
    names = ", ".join(f"{u.period.key} {u.kind} {u.code} {u.name}" for u in unplaced[:10])
    more = f" and {len(unplaced) - 10} more" if len(unplaced) > 10 else ""
    return (f"{GEO_DIR}: no municipality or county of the reference data held the code on the period's codes_on "
            f"day: {names}{more}; add the code to data/reference/csv and run `byregion reference`, or fix codes_on "
            f"in {PERIODS_FILE}")


def on(placed: Iterable[PlacedUnit], day: dt.date, kind: Kind | None = None) -> dict[URIRef, PlacedUnit]:
    """IRI → its unit whose geometry is valid on ``day`` (of one kind, or both)."""
    return {p.thing: p for p in placed if p.valid_on(day) and (kind is None or p.unit.kind == kind)}
