"""Which rows are the same municipality or county, their slugs, and the changes between them.

Rows with the same code, or linked by a renumbering or name change, are one municipality (one IRI);
a county is one IRI per (name, Wikidata item as given). The rules are in docs/reference.md.

A slug once published names its unit for good: the register (``data/reference/slugs.csv``, read by
:func:`published_slug`) ties each slug to a row of the unit it names, and :func:`resolve` gives every
registered unit its registered slug, whatever the names of later units, so that a later municipality of the
same name cannot take over an IRI (the rule that picks slugs prefers the unit valid longest).
"""

from __future__ import annotations

import datetime as dt
import re
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
    #: For each code its orgnr was given for: whether it is confirmed for that code (else carried over, assumed).
    orgnr_codes: dict[str, bool] = field(default_factory=dict)
    populations: dict[dt.date, int] = field(default_factory=dict)
    areas: dict[Period, Decimal] = field(default_factory=dict)
    registered: bool = False  # its slug is the register's

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


SLUG_COLUMNS = ("level", "slug", "code", "valid_from", "name")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DIGITS = {"municipality": 4, "county": 2}


@dataclass(frozen=True)
class PublishedSlug:
    """A row of the register: ``slug`` names, for good, the unit that has the row (``code``, ``valid_from``).

    ``name`` is the row's name when the slug was registered, for the reader; it is not compared, so that a
    correction of the name's spelling does not break the link.
    """

    row: Row
    level: str
    slug: str
    code: str
    valid_from: dt.date | None
    name: str

    @property
    def key(self) -> tuple[str, str, dt.date | None]:
        return (self.level, self.code, self.valid_from)


def published_slug(row: Row) -> PublishedSlug:
    """A row of the register, checked."""
    level = row.get("level")
    if level not in _DIGITS:
        raise row.error("level", f"{level!r} is neither 'municipality' nor 'county'")
    slug = row.get("slug")
    if not _SLUG.fullmatch(slug):
        raise row.error("slug", f"{slug!r} is not a slug (lower-case letters and digits, single hyphens between)")
    return PublishedSlug(row, level, slug, row.code("code", _DIGITS[level]), row.date("valid_from"), row.get("name"))


def register_row(unit: Unit) -> dict[str, str]:
    """The register's row for ``unit``: its slug and its first row (code and start), which identify it."""
    first = unit.first
    return {"level": unit.level, "slug": unit.slug, "code": first.code,
            "valid_from": first.period.start.isoformat() if first.period.start else "", "name": first.name}


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
    #: Units the register (when one was given) does not hold yet: their slugs are new, to be registered.
    unregistered: list[Unit] = field(default_factory=list)


def resolve(tables: Mapping[str, Sequence[Row]], published: Sequence[PublishedSlug] | None = None) -> Reference:
    """Check the rows of the four CSV files and group them into municipalities, counties and changes.

    With ``published`` (the register's rows), every unit the register holds keeps its registered slug and the
    others get new ones that no registered slug has; without it, slugs are worked out from the names alone.
    """
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
    municipalities = _group(m_rows, links, "municipality", published)
    # Counties are one IRI per (name, Wikidata item as given): Telemark 08 and 40 are one county.
    first_of: dict[tuple[str, str], int] = {}
    c_links = [(i, first_of.setdefault((r.name, r.qid_as_given), i)) for i, r in enumerate(c_rows) if r.qid_as_given]
    counties = _group(c_rows, c_links, "county", published)
    county_of_code = {r.code: u for u in counties for r in u.rows}
    unit_of_code = {r.code: u for u in municipalities for r in u.rows}
    for u in municipalities:
        for r in u.rows:
            _county_for(r, county_of_code)
    shared = _shared_qids(municipalities) | _shared_qids(counties)
    _attach_region(region, unit_of_code, county_of_code, m_rows)
    events, successions = _events(changes, municipalities, counties)
    unregistered = [] if published is None else [u for u in (*municipalities, *counties) if not u.registered]
    return Reference(municipalities, counties, events, successions, county_of_code, shared, unregistered)


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _group(rows: Sequence[UnitRow], links: Iterable[tuple[int, int]], level: str,
           published: Sequence[PublishedSlug] | None) -> list[Unit]:
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
    taken = set() if published is None else _keep_published(units, [p for p in published if p.level == level])
    _assign_slugs([u for u in units if not u.slug], taken)
    return sorted(units, key=lambda u: u.slug)


def _keep_published(units: Sequence[Unit], published: Sequence[PublishedSlug]) -> set[str]:
    """Give each registered unit its registered slug; the slugs so taken. A register that no longer fits the
    rows (a slug twice, a row gone, two slugs on one unit) stops the command: URIs are permanent."""
    unit_of = {(u.level, r.code, r.period.start): u for u in units for r in u.rows}
    seen: dict[str, PublishedSlug] = {}
    for entry in published:
        if entry.slug in seen:
            raise entry.row.error("slug", f"{entry.slug!r} is registered twice (also line {seen[entry.slug].row.line})")
        seen[entry.slug] = entry
        unit = unit_of.get(entry.key)
        start = entry.valid_from.isoformat() if entry.valid_from else "an empty valid_from"
        if unit is None:
            raise entry.row.error("code", f"no {entry.level} row has code {entry.code} and {start}, so the published "
                                          f"IRI {entry.slug!r} would name nothing: restore the row, or point the "
                                          f"register at another row of the same {entry.level}")
        if unit.slug:
            raise entry.row.error("slug", f"{entry.slug!r} and {unit.slug!r} now name one {entry.level} "
                                          f"({unit.first.code} {unit.first.name}); a published IRI cannot be dropped")
        unit.slug, unit.registered = entry.slug, True
    return set(seen)


def _assign_slugs(units: list[Unit], taken: set[str]) -> None:
    """First name's slug; on a collision every unit but the one valid longest gets ``-{first code}``, and so
    does every unit whose name's slug is ``taken`` (registered for another)."""
    by_slug: dict[str, list[Unit]] = defaultdict(list)
    for unit in units:
        by_slug[uris.slugify(unit.first.name)].append(unit)
    for slug, group in by_slug.items():
        group.sort(key=lambda u: (u.end, u.first.code), reverse=True)
        if len(group) > 1 and group[0].end == group[1].end and slug not in taken:
            names = ", ".join(f"{u.first.code} {u.first.name}" for u in group)
            raise ReferenceDataError(MUNICIPALITIES if group[0].level == "municipality" else COUNTIES, None, "name",
                                     f"{names} share the slug {slug!r} and end on the same day; cannot choose")
        for i, unit in enumerate(group):
            unit.slug = slug if i == 0 and slug not in taken else f"{slug}-{unit.first.code}"
            if unit.slug in taken:
                raise unit.first.row.error("name", f"the new slug {unit.slug!r} is registered for another "
                                                   f"{unit.level}; register this one by hand under another slug")


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
            unit.orgnr_codes[rr.code] = unit.orgnr_codes.get(rr.code, False) or rr.orgnr_confirmed
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
