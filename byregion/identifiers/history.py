"""Code histories: which municipality or county held an identifier, and when. Pure: triples in, answers out.

Four identifier schemes (:data:`SCHEMES`), each read from the reference graph as the build holds it
(docs/reference.md "What the graph says"):

* ``kommunenummer``: ``?unit br:municipalityNumber ?n . ?n skos:notation ?code`` with the number node's
  ``schema:validFrom`` / ``schema:validThrough`` (inclusive; absent = open) and ``br:county``;
* ``fylkesnummer``: the same with ``br:countyNumber``;
* ``orgnr``: ``?unit br:organisationNumber ?code``, held for the unit's life;
* ``wikidata``: ``?unit owl:sameAs|rdfs:seeAlso wd:Q…``, held for the unit's life (an item Wikidata keeps
  across a merger that made a new municipality, Drammen Q26525, is held by both: one after the other).

A unit's *life* is the union of the periods of its own numbers, so Telemark county (08 until 2019, 40 from
2024) holds its Wikidata item in two periods with a gap. Nothing here knows about a particular reform: the
next one is more triples, not more code.

Use :func:`byregion.identifiers.triples.history_from_triples` at build time (the build keeps the result as JSON,
:meth:`CodeHistory.to_json`) and :meth:`CodeHistory.from_json` where it is served. The questions:
:meth:`~CodeHistory.holders` (every holding of a code), :meth:`~CodeHistory.held_on` (on a date),
:meth:`~CodeHistory.codes_of` / :meth:`~CodeHistory.code_of` / :meth:`~CodeHistory.current` (a unit's codes),
:meth:`~CodeHistory.county_on`, :meth:`~CodeHistory.name` and :meth:`~CodeHistory.successors_on` (where an ended
unit's successors are on a later date, by ``br:succeededBy``). Codes are checked with :func:`parse_code` (as
written) or :func:`read_code` (also in the other notations a registry writes them in) and dates with
:func:`parse_date`; they raise :class:`MalformedIdentifier` with a message for people.

**What the records say about the past.** A number without ``schema:validFrom`` is one the records show from their
first day on (:data:`RECORDS_BEGIN`): it was valid then and may be much older, but nothing says since when. So a
holding with no start *covers* every earlier day (:meth:`Holding.covers`: the unit is the one to name for the code),
but is *recorded* only from :data:`RECORDS_BEGIN` (:meth:`Holding.recorded_on`): whether it held the code on an
earlier day is not known. And the data hold only the units that existed on :data:`COVERED_FROM` or later: a unit
that held a code only before then is not in them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from byregion import periods

KOMMUNENUMMER, FYLKESNUMMER, ORGNR, WIKIDATA = "kommunenummer", "fylkesnummer", "orgnr", "wikidata"
#: Every scheme, in the order pages list them; the name is the path segment of its look-up (``/id/{name}/{code}``).
SCHEMES = (KOMMUNENUMMER, FYLKESNUMMER, ORGNR, WIKIDATA)
#: What a code of each scheme looks like, said to people when theirs does not (nb, en).
SHAPES: Mapping[str, tuple[str, str]] = {
    KOMMUNENUMMER: ("fire sifre, med innledende null", "four digits, leading zero kept"),
    FYLKESNUMMER: ("to sifre, med innledende null", "two digits, leading zero kept"),
    ORGNR: ("ni sifre med gyldig kontrollsiffer", "nine digits with a valid check digit"),
    WIKIDATA: ("en Wikidata-identifikator (Q og sifre)", "a Wikidata item id (Q and digits)"),
}
#: What a code of each scheme is called in a sentence refusing one (nb, en): the Norwegian term, which the English
#: explains, since its look-up's URL names it.
CALLED: Mapping[str, tuple[str, str]] = {
    KOMMUNENUMMER: ("et gyldig kommunenummer", "a valid kommunenummer (municipality number)"),
    FYLKESNUMMER: ("et gyldig fylkesnummer", "a valid fylkesnummer (county number)"),
    ORGNR: ("et gyldig organisasjonsnummer", "a valid organisasjonsnummer (orgnr, organisation number)"),
    WIKIDATA: ("en gyldig Wikidata-identifikator", "a valid Wikidata identifier"),
}
#: A code of each scheme that the repository's data hold (Notodden's, and Telemark's county number), for examples.
EXAMPLES: Mapping[str, str] = {KOMMUNENUMMER: "0807", FYLKESNUMMER: "08", ORGNR: "938583986", WIKIDATA: "Q2326"}
#: A day on which each of :data:`EXAMPLES` was held (0807 and 08 until the reform of 2020): the dated example.
EXAMPLE_DATE = dt.date(2019, 6, 1)
#: The first day of the records the reference data were made from: the oldest version of SSB's KLASS 131 in the
#: snapshot (data/reference/csv/README-norway.md). A number the CSVs give no ``valid_from`` is in every version back
#: to this one: valid on this day and since, and perhaps long before, which the records do not say.
RECORDS_BEGIN = dt.date(1971, 1, 1)
#: The first day the reference data hold every unit of: every municipality and county that existed on this day or
#: later is in them (docs/reference.md), one that ended before is not. The tables' ``dct:temporal`` starts here.
COVERED_FROM = dt.date(2014, 1, 1)

#: A unit of a walk through successions (an IRI, or an rdflib term of one).
T = TypeVar("T", bound=Hashable)


def first_reached(start: T, following: Callable[[T], Iterable[T]], arrived: Callable[[T], bool],
                  within: Collection[T] = ()) -> list[T]:
    """Breadth first through ``following`` from ``start`` (not itself): each unit ``arrived`` at, where that branch
    stops, in the order reached; the others are walked through. A chain that comes back on itself ends there. The
    successions of a unit that ended: to those holding a code on a day (:meth:`CodeHistory.successors_on`), or to
    those that exist today (a region page's members). ``within``: the units ``start``'s area lies within after a
    later split (``br:areaWithin``): where a unit is followed by several, only those that lead to one of them (are
    one, or reach one through later changes), where any does."""
    leads: dict[T, bool] = {}

    def leads_within(unit: T, path: frozenset[T]) -> bool:
        if unit in within:
            return True
        if unit not in leads:
            leads[unit] = any(leads_within(n, path | {unit}) for n in following(unit) if n not in path)
        return leads[unit]

    def after(unit: T) -> list[T]:
        nexts = list(following(unit))
        kept = [n for n in nexts if leads_within(n, frozenset({unit}))] if within and len(nexts) > 1 else []
        return kept or nexts

    found: list[T] = []
    seen, frontier = {start}, after(start)
    while frontier:
        unit = frontier.pop(0)
        if unit in seen:
            continue
        seen.add(unit)
        if arrived(unit):
            found.append(unit)
        else:
            frontier.extend(after(unit))
    return found


#: The most characters of a refused code or date that its message repeats (a longer one is cut, with "…").
SHOWN_CHARACTERS = 40

_FORMAT = 1  # of the JSON; a reader refuses another
#: Digits are ASCII digits (``\\d`` would take any script's: a path is read as UTF-8 text).
_PATTERNS = {KOMMUNENUMMER: re.compile(r"[0-9]{4}"), FYLKESNUMMER: re.compile(r"[0-9]{2}"),
             ORGNR: re.compile(r"[0-9]{9}"), WIKIDATA: re.compile(r"Q[1-9][0-9]{0,11}")}


class MalformedIdentifier(ValueError):
    """A code or date that cannot be one; ``args[0]`` is the message in English, :attr:`nb` in Norwegian, and
    :attr:`suggestion` the code it may have been meant to be (a guess to show, never to act on), or None."""

    def __init__(self, en: str, nb: str, suggestion: str | None = None) -> None:
        super().__init__(en)
        self.nb = nb
        self.suggestion = suggestion


def _orgnr_check(code: str) -> bool:
    """The mod-11 check digit of an organisation number (Enhetsregisteret)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(code, weights, strict=False)) % 11
    return check != 10 and (0 if check == 11 else check) == int(code[8])


def _is_code(scheme: str, text: str) -> bool:
    return _PATTERNS[scheme].fullmatch(text) is not None and (scheme != ORGNR or _orgnr_check(text))


def parse_code(scheme: str, text: str) -> str:
    """``text`` as a code of ``scheme`` (unchanged: codes are compared as written), or MalformedIdentifier.

    A kommunenummer that lost its leading zero in a spreadsheet (``807``) is refused with a hint: guessing
    would make ``822`` and ``0822`` the same code silently, and the caller should fix the column.
    """
    if scheme not in _PATTERNS:
        raise ValueError(f"unknown identifier scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    if _is_code(scheme, text):
        return text
    raise _malformed(scheme, text, text)


#: An organisation number as Enhetsregisteret and the VAT register write it: ``938 583 986``, ``NO 938 583 986 MVA``
#: (the VAT number: the country and ``MVA`` around the same nine digits), in any case, with any spaces.
_ORGNR_WRITTEN = re.compile(r"(?:NO)?\s*([0-9]{3})\s*([0-9]{3})\s*([0-9]{3})\s*(?:MVA)?", re.IGNORECASE)


def written_form(scheme: str, text: str) -> str:
    """``text`` with what only the writing adds taken away: spaces around it (a spreadsheet cell's, a non-breaking
    space too), a Wikidata item's ``q`` in lower case, and an organisation number's spaces and VAT form
    (``NO … MVA``). The result is the same code as ``text`` in any reading, so it is safe to act on; it need not
    be a code (:func:`read_code` checks)."""
    stripped = text.strip()
    if scheme == WIKIDATA and stripped.startswith("q"):
        return "Q" + stripped[1:]
    if scheme == ORGNR and (written := _ORGNR_WRITTEN.fullmatch(stripped)) is not None:
        return "".join(written.groups())
    return stripped


def read_code(scheme: str, text: str) -> str:
    """The code ``text`` writes: ``text`` itself when it is one as written (:func:`parse_code`), else the code
    :func:`written_form` makes of it when that is one (``q2326`` → ``Q2326``, ``NO 938 583 986 MVA`` →
    ``938583986``, ``0807 `` → ``0807``), else MalformedIdentifier, with a :attr:`~MalformedIdentifier.suggestion`
    where the text holds one code of the scheme among other things (``K-0301``, ``0301 Oslo``, ``807``)."""
    if scheme not in _PATTERNS:
        raise ValueError(f"unknown identifier scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    if _is_code(scheme, text):
        return text
    written = written_form(scheme, text)
    if _is_code(scheme, written):
        return written
    raise _malformed(scheme, text, written)


def _suggestion(scheme: str, written: str) -> str | None:
    """The one code of ``scheme`` that ``written`` holds among other characters, or None (none, or several)."""
    if scheme == WIKIDATA:
        items: list[str] = re.findall(r"(?<![0-9A-Za-z])[Qq]([1-9][0-9]{0,11})(?![0-9])", written)
        if len(items) == 1:
            return "Q" + items[0]
        return "Q" + written if _is_code(WIKIDATA, "Q" + written) else None
    runs: list[str] = re.findall(r"[0-9]+", written)
    if scheme == ORGNR:
        digits = "".join(runs)
        return digits if _is_code(ORGNR, digits) and re.fullmatch(r"[0-9\s.\-]+", written) else None
    return runs[0] if len(runs) == 1 and _is_code(scheme, runs[0]) else None


def _malformed(scheme: str, text: str, written: str) -> MalformedIdentifier:
    """What is wrong with ``text`` (``written``: :func:`written_form` of it, which the hints are about)."""
    nb, en = SHAPES[scheme]
    hint_en = hint_nb = ""
    suggestion = None
    width = {KOMMUNENUMMER: 4, FYLKESNUMMER: 2}.get(scheme)
    if scheme == KOMMUNENUMMER and re.fullmatch(r"[0-9]{1,2}", written):  # no kommunenummer starts 00
        county = written.zfill(2)
        hint_en = f"; one or two digits may be a county's number: look it up at /id/{FYLKESNUMMER}/{county}"
        hint_nb = f"; ett eller to sifre kan være et fylkesnummer: slå det opp på /id/{FYLKESNUMMER}/{county}"
    elif width and re.fullmatch(r"[0-9]+", written) and len(written) < width:
        suggestion = written.zfill(width)
        hint_en = f"; a spreadsheet may have dropped the leading zero: try {suggestion}"
        hint_nb = f"; et regneark kan ha fjernet den innledende nullen: prøv {suggestion}"
    elif scheme == ORGNR and _PATTERNS[ORGNR].fullmatch(written):
        hint_en, hint_nb = "; its check digit is wrong", "; kontrollsifferet stemmer ikke"
    else:
        suggestion = _suggestion(scheme, written)
    shown = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    called_nb, called_en = CALLED[scheme]
    # the example is named one ("such as"): beside "its check digit is wrong", a bare number read as the correction
    example = EXAMPLES[scheme]
    return MalformedIdentifier(f"{shown!r} is not {called_en}: expected {en}, such as {example}{hint_en}",
                               f"{shown!r} er ikke {called_nb}: ventet {nb}, for eksempel {example}{hint_nb}",
                               suggestion)


#: A date as the look-ups and the reconciliation service both read one: ``YYYY-MM-DD``; ``YYYY-MM`` or ``YYYY`` for its
#: first day (the reforms took effect on 1 January).
_DAY = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
#: Or an ISO 8601 timestamp (``2019-12-31T12:00``, ``2021-05-01 00:00:00Z``, ``…T23:30:00.5+01:00``), for the date
#: it writes: a spreadsheet's date column, OpenRefine's dates.
_TIMESTAMP = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}.*", re.DOTALL)


def read_day(text: str) -> dt.date | None:
    """``text`` as a date (spaces around it allowed): :data:`_DAY`, or a whole, valid :data:`_TIMESTAMP` for the date
    it writes (its time and offset are checked, not applied: ``2019-12-31T23:30-05:00`` is 2019-12-31, the day its
    writer meant); None for anything else (``2019-12-31T``, ``2019-12-31T25:00``, ``2019-12-31 noon``)."""
    text = text.strip()
    found = _DAY.fullmatch(text)
    if found is None:
        if not _TIMESTAMP.fullmatch(text):
            return None
        try:
            return dt.datetime.fromisoformat(text).date()
        except ValueError:
            return None
    try:
        return dt.date(int(found.group(1)), int(found.group(2) or 1), int(found.group(3) or 1))
    except ValueError:  # 2020-02-30, month 13
        return None


def parse_date(text: str) -> dt.date:
    """:func:`read_day`, or MalformedIdentifier saying what a date is (``20200101``, ``2020-1-1``, ``31.12.2019``)."""
    day = read_day(text)
    if day is not None:
        return day
    shown = text if len(text) <= SHOWN_CHARACTERS else text[:SHOWN_CHARACTERS] + "…"
    raise MalformedIdentifier(f"{shown!r} is not a date: expected YYYY-MM-DD (or YYYY-MM or YYYY, for its first "
                              "day, or a timestamp, for its date), such as 2020-01-01",
                              f"{shown!r} er ikke en dato: ventet ÅÅÅÅ-MM-DD (eller ÅÅÅÅ-MM eller ÅÅÅÅ, for den "
                              "første dagen, eller et tidsstempel, for datoen), for eksempel 2020-01-01")


#: The days of the reforms whose numbers the tables give beside a unit's own (2020 and 2024: 1 January).
REFORMS = (dt.date(2020, 1, 1), dt.date(2024, 1, 1))


@dataclass(frozen=True)
class Holding:
    """One unit holding one code for one period.

    ``valid_from`` None: since before the records begin; ``valid_through`` None: still held (both inclusive).
    ``number`` is the IRI of the number node (``…/number/0807``) for kommunenummer and fylkesnummer;
    ``county`` the county of a kommunenummer (its ``br:county``).
    """

    scheme: str
    code: str
    holder: str
    valid_from: dt.date | None
    valid_through: dt.date | None
    number: str | None = None
    county: str | None = None

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` is in the holding's period, an unknown start counting as any day before its end."""
        return periods.covers(self.valid_from, self.valid_through, day)

    def recorded_on(self, day: dt.date) -> bool:
        """Whether the records say the unit held the code on ``day``: :meth:`covers`, and for a holding with no
        start only from :data:`RECORDS_BEGIN` on (before it they do not say whether the number was valid yet)."""
        return self.covers(day) and (self.valid_from is not None or day >= RECORDS_BEGIN)

    def sort_key(self) -> tuple[dt.date, dt.date, str, str]:
        return (self.valid_from or dt.date.min, self.valid_through or dt.date.max, self.holder, self.code)


@dataclass(frozen=True)
class Renaming:
    """A unit's change of name on ``day`` (a ``br:nameChange`` event: its ``br:previousName`` and ``br:newName``)."""

    day: dt.date
    previous: str
    new: str


class CodeHistory:
    """Every holding of every code, with the holders' names; see the module docstring."""

    def __init__(self, holdings: Iterable[Holding], names: Mapping[str, str] | None = None,
                 successors: Mapping[str, Iterable[str]] | None = None,
                 renamings: Mapping[str, Iterable[Renaming]] | None = None,
                 within: Mapping[str, str] | None = None) -> None:
        self.holdings = tuple(sorted(set(holdings), key=lambda h: (h.scheme, h.code, h.sort_key())))
        self.names = dict(names or {})
        #: Each renamed unit's changes of name, oldest first (those of one day as they follow each other).
        self.renamings = {unit: _in_order(changes) for unit, changes in (renamings or {}).items() if changes}
        #: Each unit's direct successors (its ``br:succeededBy``), for the units that have any.
        self.successors = {unit: tuple(after) for unit, after in (successors or {}).items() if after}
        #: The unit an ended unit's area lies within after a later split (its ``br:areaWithin``), where it has one.
        self.within = dict(within or {})
        self._by_code: dict[tuple[str, str], list[Holding]] = defaultdict(list)
        self._by_holder: dict[tuple[str, str], list[Holding]] = defaultdict(list)
        for holding in self.holdings:
            self._by_code[(holding.scheme, holding.code)].append(holding)
            self._by_holder[(holding.holder, holding.scheme)].append(holding)
        for group in self._by_holder.values():
            group.sort(key=Holding.sort_key)
        #: The day of the newest change the records hold (the latest first day of a holding, or day after a last
        #: one; 2024-01-01 for the reference data): of a later day they know nothing, so a holding still open is
        #: open as far as they know, and a look-up after it says so. None for no holdings.
        self.horizon: dt.date | None = max(
            [*(h.valid_from for h in self.holdings if h.valid_from is not None),
             *(h.valid_through + dt.timedelta(days=1) for h in self.holdings if h.valid_through is not None)],
            default=None)

    def __len__(self) -> int:
        return len(self.holdings)

    def holders(self, scheme: str, code: str) -> tuple[Holding, ...]:
        """Every holding of ``code``, oldest first (empty when the code is unknown)."""
        return tuple(self._by_code.get((scheme, code), ()))

    def holder_iris(self, scheme: str, code: str) -> tuple[str, ...]:
        """The distinct units that ever held ``code``, in the order they first held it."""
        return tuple(dict.fromkeys(h.holder for h in self.holders(scheme, code)))

    def held_on(self, scheme: str, code: str, day: dt.date) -> tuple[Holding, ...]:
        """The holdings of ``code`` valid on ``day`` (in consistent data at most one)."""
        return tuple(h for h in self.holders(scheme, code) if h.covers(day))

    def codes_of(self, iri: str, scheme: str) -> tuple[Holding, ...]:
        """Every code of ``scheme`` unit ``iri`` held, oldest first."""
        return tuple(self._by_holder.get((iri, scheme), ()))

    def code_of(self, iri: str, scheme: str, day: dt.date) -> Holding | None:
        """The code of ``scheme`` unit ``iri`` held on ``day``, or None (it did not exist, or had none)."""
        return next((h for h in self.codes_of(iri, scheme) if h.covers(day)), None)

    def current(self, iri: str, scheme: str) -> Holding | None:
        """The code ``iri`` holds with no end (today's, and tomorrow's until a change is recorded), or None
        for a unit that has ended."""
        still = [h for h in self.codes_of(iri, scheme) if h.valid_through is None]
        return still[-1] if still else None

    def county_on(self, iri: str, day: dt.date) -> str | None:
        """The county of municipality ``iri`` on ``day`` (that of its kommunenummer then), or None: also where the
        records do not say (a number with no start, on a day before :data:`RECORDS_BEGIN`)."""
        holding = self.code_of(iri, KOMMUNENUMMER, day)
        return holding.county if holding and holding.recorded_on(day) else None

    def successors_on(self, iri: str, scheme: str, day: dt.date) -> tuple[tuple[str, Holding], ...]:
        """Where ``iri``, a unit that held no ``scheme`` code on ``day``, went: its successors, and theirs in turn
        (a merger, then a county's reform), as far as the first that held a code recorded on ``day``, each with
        that code; empty when none did (a day before the unit ended, or successors not in the data). A chain that
        comes back on itself (Telemark is one unit before and after Vestfold og Telemark) ends there."""
        def held(unit: str) -> Holding | None:
            holding = self.code_of(unit, scheme, day)
            return holding if holding is not None and holding.recorded_on(day) else None
        reached = first_reached(iri, lambda unit: self.successors.get(unit, ()), lambda unit: held(unit) is not None,
                                (self.within[iri],) if iri in self.within else ())
        return tuple((unit, holding) for unit in reached if (holding := held(unit)) is not None)

    def codes_on(self, iri: str, scheme: str, day: dt.date) -> tuple[str, ...]:
        """The ``scheme`` codes of ``iri`` on ``day``: its own, or, where it had ended by then, its successors' (those
        holding its land: :meth:`successors_on`, in code order); empty before it existed. The tables' crosswalk to
        the reforms."""
        own = self.code_of(iri, scheme, day)
        if own is not None:
            return (own.code,)
        return tuple(sorted({held.code for _, held in self.successors_on(iri, scheme, day)}))

    def name(self, iri: str) -> str:
        """The unit's name (its ``skos:prefLabel`` in Norwegian: its latest), or the IRI when it has none."""
        return self.names.get(iri, iri)

    def name_on(self, iri: str, day: dt.date) -> str:
        """The unit's name on ``day``, by docs/MODEL.md's rule: the new name of its last change of name on or before
        it, else the previous name of its first change after it, else (never renamed) :meth:`name`. Trondheim held
        1601 until 2017 as "Trondheim", and 5001 after 2022 as "Trondheim - Tråante"."""
        changes = self.renamings.get(iri, ())
        before = [r for r in changes if r.day <= day]
        return before[-1].new if before else changes[0].previous if changes else self.name(iri)

    def held_name(self, holding: Holding) -> str:
        """The name its holder bore on the last day of ``holding``: :meth:`name` where the holding has not ended."""
        end = holding.valid_through
        return self.name(holding.holder) if end is None else self.name_on(holding.holder, end)

    def told_apart(self, scheme: str, code: str) -> dict[str, str]:
        """The name of each holder of ``code``, as it bore it when it last held it; where two bear one name (Q26525:
        Drammen before and after the 2020 reform), each with its own municipality or county numbers, "Drammen
        (0602)" and "Drammen (3005)", so a list of them, or a link's title, does not show one name twice."""
        names = {h.holder: self.held_name(h) for h in self.holders(scheme, code)}  # in order: the last holding's
        counted = Counter(names.values())
        for holder, name in names.items():
            numbers = [h.code for unit in (KOMMUNENUMMER, FYLKESNUMMER) for h in self.codes_of(holder, unit)]
            if counted[name] > 1 and numbers:
                names[holder] = f"{name} ({', '.join(dict.fromkeys(numbers))})"
        return names

    def names_during(self, holding: Holding) -> list[tuple[dt.date | None, str]]:
        """The names its holder bore while it held the code: the first (with None), then each new one with the day
        it took it. Harstad held 1903 from 2013 as "Harstad", and from 2018-01-01 as "Harstad - Hárstták"."""
        start, end = holding.valid_from, holding.valid_through
        within = [r for r in self.renamings.get(holding.holder, ())
                  if (start is None or r.day > start) and (end is None or r.day <= end)]
        if start is not None:
            first = self.name_on(holding.holder, start)
        else:
            first = within[0].previous if within else self.held_name(holding)
        return [(None, first), *((r.day, r.new) for r in within)]

    def to_json(self) -> bytes:
        """The history as JSON (sorted, so the same history gives the same bytes)."""
        rows = [[h.scheme, h.code, h.holder, _iso(h.valid_from), _iso(h.valid_through), h.number, h.county]
                for h in self.holdings]
        return json.dumps({"format": _FORMAT, "holdings": rows, "names": dict(sorted(self.names.items())),
                           "successors": {unit: list(after) for unit, after in sorted(self.successors.items())},
                           "within": dict(sorted(self.within.items())),
                           "renamings": {unit: [[r.day.isoformat(), r.previous, r.new] for r in changes]
                                         for unit, changes in sorted(self.renamings.items())}},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> CodeHistory:
        """Read :meth:`to_json` output; ValueError when it is not that."""
        parsed = json.loads(data)
        if not isinstance(parsed, dict) or parsed.get("format") != _FORMAT:
            raise ValueError(f"not a code history of format {_FORMAT}; rebuild with `byregion build --force`")
        holdings = [Holding(s, c, holder, to_date(f), to_date(t), n, county)
                    for s, c, holder, f, t, n, county in parsed["holdings"]]
        renamings = {unit: [Renaming(dt.date.fromisoformat(day), previous, new) for day, previous, new in changes]
                     for unit, changes in parsed.get("renamings", {}).items()}
        # successors, renamings and areas: none in a build made before them
        return cls(holdings, parsed["names"], parsed.get("successors"), renamings, parsed.get("within"))


def _in_order(changes: Iterable[Renaming]) -> tuple[Renaming, ...]:
    """Changes of name by day; those of one day in the order they follow each other (each one's previous name the
    one before's new name), else by their names, so that the same changes always come out the same."""
    by_day: dict[dt.date, list[Renaming]] = defaultdict(list)
    for change in sorted(set(changes), key=lambda r: (r.day, r.previous, r.new)):
        by_day[change.day].append(change)
    ordered: list[Renaming] = []
    for day in sorted(by_day):
        left = by_day[day]
        while left:
            news = {r.new for r in left}
            head: Renaming | None = next((r for r in left if r.previous not in news), left[0])
            while head is not None:
                ordered.append(head)
                left.remove(head)
                head = next((r for r in left if r.previous == ordered[-1].new), None)
    return tuple(ordered)


def unit_lives(holdings: Iterable[Holding]) -> dict[str, list[tuple[dt.date | None, dt.date | None]]]:
    """Each unit's life: the periods of its numbers, those that meet or overlap joined, oldest first."""
    periods: dict[str, list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    for h in sorted(holdings, key=Holding.sort_key):
        periods[h.holder].append((h.valid_from, h.valid_through))
    lives: dict[str, list[tuple[dt.date | None, dt.date | None]]] = {}
    for holder, spans in periods.items():
        joined: list[tuple[dt.date | None, dt.date | None]] = []
        for start, end in spans:
            if joined:
                last_start, last_end = joined[-1]
                if last_end is None or start is None or start <= last_end + dt.timedelta(days=1):
                    later = None if last_end is None or end is None else max(last_end, end)
                    joined[-1] = (last_start, later)
                    continue
            joined.append((start, end))
        lives[holder] = joined
    return lives


def to_date(value: object) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(str(value))


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
