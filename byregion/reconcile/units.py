"""What the reconciliation service knows of each thing it can match: a :class:`Unit`. Pure.

Units are made when the build is made (:mod:`byregion.reconcile.index`) and stored in the build as JSON; a
server reads them back (:func:`Unit.from_json`). Periods are ISO dates, inclusive at both ends; an empty end
means open (before the records begin, or still valid).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from byregion.identifiers.history import RECORDS_BEGIN
from byregion.periods import covers

_RECORDS_BEGIN = RECORDS_BEGIN.isoformat()

#: The kinds of unit, in the order the manifest lists them.
KINDS = ("municipality", "county", "city-region", "theme")


def within(day: str, start: str, end: str) -> bool:
    """Whether the ISO date ``day`` lies in the period ``start``–``end`` (either end may be open: "")."""
    return covers(start, end, day)


@dataclass(frozen=True)
class Number:
    """One kommunenummer or fylkesnummer of a unit in its period; ``county`` is the municipality number's
    county (its IRI), empty for a county's own number."""

    code: str
    start: str = ""
    end: str = ""
    county: str = ""
    name: str = ""  # the name last used with the code

    def valid_on(self, day: str) -> bool:
        """Whether the records say the number was valid on ``day``: one with no start is known from the records'
        first day on (:data:`~byregion.identifiers.history.RECORDS_BEGIN`), not "since always"."""
        return within(day, self.start, self.end) and (bool(self.start) or day >= _RECORDS_BEGIN)


@dataclass(frozen=True)
class Name:
    """One name of a unit with the period it was in use (both ends open when the records do not say)."""

    text: str
    start: str = ""
    end: str = ""
    preferred: bool = False
    #: Whether the records say when it was in use: a number's name, or a name a change of name ended or gave
    #: (any other label, such as a spelling variant, has no period and is no "name on a date").
    recorded: bool = False

    def in_use_on(self, day: str) -> bool:
        return within(day, self.start, self.end)


@dataclass(frozen=True)
class Unit:
    """A municipality, county, city region or theme, as the service matches and describes it."""

    iri: str
    kind: str  # one of KINDS
    name: str  # the preferred name (nb)
    name_en: str = ""
    names: tuple[Name, ...] = ()
    numbers: tuple[Number, ...] = ()
    counties: tuple[str, ...] = ()  # IRIs: every county the unit was ever in (a region: its county)
    wikidata: tuple[str, ...] = ()  # Q-ids: owl:sameAs first, then rdfs:seeAlso (an item shared by two IRIs)
    orgnr: str = ""
    successors: tuple[str, ...] = ()
    predecessors: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # a city region's municipalities
    regions: tuple[str, ...] = ()  # a municipality's city regions (two for Seljord, Sauherad, Sveio, Etne)
    broader: tuple[str, ...] = ()  # a theme's broader themes
    description: str = ""  # one line for a candidate (byregion.reconcile.preview.describe)

    @property
    def dated(self) -> bool:
        """Whether the unit has periods (municipalities and counties); regions and themes have none."""
        return bool(self.numbers)

    def valid_on(self, day: str) -> bool:
        """Whether one of the unit's numbers is valid on ``day`` (always, for a unit without numbers)."""
        return not self.numbers or any(n.valid_on(day) for n in self.numbers)

    @property
    def start(self) -> str:
        starts = [n.start for n in self.numbers]
        return "" if not starts or "" in starts else min(starts)

    @property
    def end(self) -> str:
        ends = [n.end for n in self.numbers]
        return "" if not ends or "" in ends else max(ends)

    @property
    def current(self) -> bool:
        """Still valid: a number without an end (or no numbers at all)."""
        return not self.numbers or any(not n.end for n in self.numbers)

    def numbers_on(self, day: str) -> list[Number]:
        return [n for n in self.numbers if n.valid_on(day)]

    def counties_on(self, day: str | None) -> set[str]:
        """The counties of the unit's numbers valid on ``day`` (every county ever, when ``day`` is None)."""
        if day is None or not self.numbers:
            return set(self.counties)
        return {n.county for n in self.numbers if n.county and n.valid_on(day)}

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Unit:
        raw = json.loads(text)
        # an index made before names were dated by their changes has no "recorded": there, a name was dated by the
        # numbers that carried it, as it is read here, so that a server upgraded before the next build still gives
        # data extension's name on a date
        carried = {n.get("name") for n in raw["numbers"]}
        raw["names"] = tuple(Name(**{"recorded": n["text"] in carried, **n}) for n in raw["names"])
        raw["numbers"] = tuple(Number(**n) for n in raw["numbers"])
        for key in ("counties", "wikidata", "successors", "predecessors", "members", "regions", "broader"):
            raw[key] = tuple(raw.get(key, ()))  # an index made before a municipality's regions were kept has none
        return cls(**raw)
