"""Where an ended municipality's area lies after a later split: ``br:areaWithin``, from the boundaries.

Following ``br:succeededBy`` from a municipality that ended in a merger leads to every part of a later split of
what it went into: Haram (1534) went into Ålesund (1507) in 2020, Ålesund was split into Ålesund (1508) and Haram
(1580) in 2024, so the successions alone say Haram is now "Ålesund or Haram". The boundaries say which: the part
that holds at least :data:`AREA_WITHIN_SHARE` of the ended municipality's area (its last boundaries against those
of the newest period) is the one its area lies within. Only where the successions reach several municipalities of
today, and only for one that went whole into one municipality: one itself divided between several (Tysfjord, to
Narvik and Hamarøy) has none, however unequal its parts.
Pure: the caller loads the boundaries (``byregion.geo.boundaries``) and adds the triples to the reference graph.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph, URIRef

from byregion.geo.boundaries import PlacedUnit, Unit, numbers, place
from byregion.identifiers.history import first_reached
from byregion.namespaces import BR

#: The least share of an ended municipality's area a part must hold to be where its area lies: the boundary files of
#: different years are simplified differently and cut the coast differently, so a whole area shows as 93–98 %.
AREA_WITHIN_SHARE = 0.9


def areas_within(graph: Graph, units: Iterable[Unit]) -> list[tuple[URIRef, URIRef, float]]:
    """(ended municipality, the municipality of today its area lies within, the share), for each ended municipality
    of ``graph`` whose successions reach more than one municipality of the newest boundaries ``units`` give."""
    placed, _ = place((u for u in units if u.kind == "municipality"), numbers(graph))
    newest = max((p.unit.period for p in placed), key=lambda period: period.codes_on, default=None)
    if newest is None:
        return []
    today = {p.thing: p for p in placed if p.unit.period == newest}
    last: dict[URIRef, PlacedUnit] = {}
    for unit in sorted(placed, key=lambda p: p.unit.period.codes_on):
        last[unit.thing] = unit  # each municipality's latest boundaries
    out = []
    def successors(unit: URIRef) -> list[URIRef]:
        return sorted(s for s in graph.objects(unit, BR.succeededBy) if isinstance(s, URIRef))

    for thing, unit in sorted(last.items()):
        if thing in today or len(successors(thing)) != 1:
            continue  # still here, or divided itself (its parts, however unequal, each hold some of it)
        reached = first_reached(thing, successors, lambda u: u in today)
        if len(reached) < 2:
            continue
        area = unit.unit.geometry.area
        shares = {part: unit.unit.geometry.intersection(today[part].unit.geometry).area / area for part in reached}
        part, share = max(shares.items(), key=lambda item: item[1])
        if share >= AREA_WITHIN_SHARE:
            out.append((thing, part, share))
    return out


def add_areas_within(graph: Graph, units: Iterable[Unit]) -> None:
    """:func:`areas_within` into ``graph`` as ``br:areaWithin``."""
    for thing, part, _share in areas_within(graph, units):
        graph.add((thing, BR.areaWithin, part))
