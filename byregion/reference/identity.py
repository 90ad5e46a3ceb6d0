"""Which rows are the same municipality or county, their slugs, and the changes between them.

Rows with the same code, or linked by a renumbering or name change, are one municipality (one IRI);
a county is one IRI per (name, Wikidata item as given). The rules are in docs/reference.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef

from byregion import uris
from byregion.reference.figures import POPULATION_DATE, RegionRow, region_row
from byregion.reference.rows import (
    CHANGES,
    COUNTIES,
    CSV_FILES,
    IDENTITY_KINDS,
    MUNICIPALITIES,
    ONE_DAY,
    REGION,
    UNKNOWN_CODE,
    ChangeRow,
    Period,
    ReferenceDataError,
    Row,
    UnitRow,
    change_row,
    sides,
    unit_row,
)


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
    def preferred_name(self) -> str:
        """The latest name: the one its label shows."""
        return self.rows[-1].name

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

    def valid_on(self, day: dt.date) -> bool:
        return any(r.period.covers(day) for r in self.rows)


@dataclass(frozen=True)
class Event:
    """One change on one day, under the unit it produced (its IRI lives under that unit's)."""

    level: str
    unit: Unit
    date: dt.date
    rows: tuple[ChangeRow, ...]
    original: tuple[Unit, ...]
    resulting: tuple[Unit, ...]
    #: What its IRI adds to the date, for a boundary adjustment into a unit that changed otherwise on the same day
    #: (``boundary-adjustment``: ``…/change/{date}-boundary-adjustment``, beside the day's other event and not
    #: under it, whose document would take it as a part); None for the day's one event (``…/change/{date}``).
    part: str | None = None


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
    m_rows = [unit_row(r, 4) for r in tables[MUNICIPALITIES] if r.get("code") != UNKNOWN_CODE]
    c_rows = [unit_row(r, 2) for r in tables[COUNTIES]]
    changes = [change_row(r) for r in tables[CHANGES]]
    region = [region_row(r) for r in tables[REGION]]
    for r in m_rows:
        if r.row.code("county_code", 2) != r.code[:2]:
            raise r.row.error("county_code", f"{r.row.get('county_code')} is not the first two digits of {r.code}")

    links = [sides(m_rows, c) for c in changes if c.kind in IDENTITY_KINDS and not c.county_level]
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


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _group(rows: Sequence[UnitRow], links: Iterable[tuple[int, int]], level: str) -> list[Unit]:
    """Units of the rows sharing a code or joined by a link (union-find), sorted by slug."""
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
    """The detailed table must agree with the national one; it contributes orgnrs, population and area."""
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
    """One event per (unit produced, date), and a boundary adjustment into that unit on the same day an event of its
    own (Oppland's Jevnaker and Lunner moved to Viken on the day Østfold, Akershus and Buskerud merged into it:
    Oppland took no part in the merger); mergers and splits also give succession links."""
    grouped: dict[tuple[str, str, dt.date, bool], list[tuple[ChangeRow, Unit, Unit]]] = defaultdict(list)
    successions: set[tuple[str, str]] = set()
    for level, units in (("municipality", municipalities), ("county", counties)):
        rows = [r for u in units for r in u.rows]
        unit_of = {id(r): u for u in units for r in u.rows}
        for c in changes:
            if c.county_level != (level == "county"):
                continue
            before, after = sides(rows, c)
            old, new = unit_of[id(rows[before])], unit_of[id(rows[after])]
            grouped[(level, new.slug, c.date, set(c.kinds) == {"boundaryAdjustment"})].append((c, old, new))
            if set(c.kinds) & {"merger", "split"} and old is not new:
                successions.add((str(old.iri()), str(new.iri())))
    events = []
    for (level, slug, date, adjustment), items in sorted(grouped.items()):
        original: dict[str, Unit] = {}
        resulting: dict[str, Unit] = {}
        for c, old, new in items:
            original[old.slug], resulting[new.slug] = old, new
            if "boundaryAdjustment" in c.kinds:  # both sides exist before; both after, if still valid
                if new.valid_on(date - ONE_DAY):
                    original[new.slug] = new
                if old.valid_on(date):
                    resulting[old.slug] = old
        beside = adjustment and (level, slug, date, False) in grouped  # the unit changed otherwise that day too
        events.append(Event(level, items[0][2], date, tuple(c for c, _, _ in items),
                            tuple(original[k] for k in sorted(original)),
                            tuple(resulting[k] for k in sorted(resulting)),
                            "boundary-adjustment" if beside else None))
    return events, successions
