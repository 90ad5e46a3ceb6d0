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
:meth:`~CodeHistory.county_on` and :meth:`~CodeHistory.name`. Codes are checked with :func:`parse_code`
and dates with :func:`parse_date`; both raise :class:`MalformedIdentifier` with a message for people.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

KOMMUNENUMMER, FYLKESNUMMER, ORGNR, WIKIDATA = "kommunenummer", "fylkesnummer", "orgnr", "wikidata"
#: Every scheme, in the order pages list them; the name is the path segment of its look-up (``/id/{name}/{code}``).
SCHEMES = (KOMMUNENUMMER, FYLKESNUMMER, ORGNR, WIKIDATA)
#: What a code of each scheme looks like, said to people when theirs does not (nb, en).
SHAPES: Mapping[str, tuple[str, str]] = {
    KOMMUNENUMMER: ("fire sifre, med innledende null (0807)", "four digits, leading zero kept (0807)"),
    FYLKESNUMMER: ("to sifre, med innledende null (08)", "two digits, leading zero kept (08)"),
    ORGNR: ("ni sifre med gyldig kontrollsiffer (938583986)", "nine digits with a valid check digit (938583986)"),
    WIKIDATA: ("en Wikidata-identifikator som Q2326", "a Wikidata item id such as Q2326"),
}




_FORMAT = 1  # of the JSON; a reader refuses another
_PATTERNS = {KOMMUNENUMMER: re.compile(r"\d{4}"), FYLKESNUMMER: re.compile(r"\d{2}"),
             ORGNR: re.compile(r"\d{9}"), WIKIDATA: re.compile(r"Q[1-9]\d{0,11}")}


class MalformedIdentifier(ValueError):
    """A code or date that cannot be one; ``args[0]`` is the message in English, :attr:`nb` in Norwegian."""

    def __init__(self, en: str, nb: str) -> None:
        super().__init__(en)
        self.nb = nb


def _orgnr_check(code: str) -> bool:
    """The mod-11 check digit of an organisation number (Enhetsregisteret)."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(code, weights, strict=False)) % 11
    return check != 10 and (0 if check == 11 else check) == int(code[8])


def parse_code(scheme: str, text: str) -> str:
    """``text`` as a code of ``scheme`` (unchanged: codes are compared as written), or MalformedIdentifier.

    A kommunenummer that lost its leading zero in a spreadsheet (``807``) is refused with a hint: guessing
    would make ``822`` and ``0822`` the same code silently, and the caller should fix the column.
    """
    if scheme not in _PATTERNS:
        raise ValueError(f"unknown identifier scheme {scheme!r}; expected one of {', '.join(SCHEMES)}")
    nb, en = SHAPES[scheme]
    if _PATTERNS[scheme].fullmatch(text) and (scheme != ORGNR or _orgnr_check(text)):
        return text
    hint_en = hint_nb = ""
    width = {KOMMUNENUMMER: 4, FYLKESNUMMER: 2}.get(scheme)
    if width and text.isdigit() and len(text) < width:
        padded = text.zfill(width)
        hint_en = f"; a spreadsheet may have dropped the leading zero: try {padded}"
        hint_nb = f"; et regneark kan ha fjernet den innledende nullen: prøv {padded}"
    elif scheme == ORGNR and _PATTERNS[ORGNR].fullmatch(text):
        hint_en, hint_nb = "; its check digit is wrong", "; kontrollsifferet stemmer ikke"
    shown = text if len(text) <= 40 else text[:40] + "…"
    raise MalformedIdentifier(f"{shown!r} is not a {scheme}: expected {en}{hint_en}",
                              f"{shown!r} er ikke et gyldig {scheme}: ventet {nb}{hint_nb}")


def parse_date(text: str) -> dt.date:
    """``YYYY-MM-DD`` as a date, or MalformedIdentifier (other ISO forms, ``20200101``, are refused)."""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            pass
    shown = text if len(text) <= 40 else text[:40] + "…"
    raise MalformedIdentifier(f"{shown!r} is not a date: expected YYYY-MM-DD, such as 2020-01-01",
                              f"{shown!r} er ikke en dato: ventet ÅÅÅÅ-MM-DD, for eksempel 2020-01-01")


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
        return ((self.valid_from is None or self.valid_from <= day)
                and (self.valid_through is None or day <= self.valid_through))

    def sort_key(self) -> tuple[dt.date, dt.date, str, str]:
        return (self.valid_from or dt.date.min, self.valid_through or dt.date.max, self.holder, self.code)


class CodeHistory:
    """Every holding of every code, with the holders' names; see the module docstring."""

    def __init__(self, holdings: Iterable[Holding], names: Mapping[str, str] | None = None) -> None:
        self.holdings = tuple(sorted(set(holdings), key=lambda h: (h.scheme, h.code, h.sort_key())))
        self.names = dict(names or {})
        self._by_code: dict[tuple[str, str], list[Holding]] = defaultdict(list)
        self._by_holder: dict[tuple[str, str], list[Holding]] = defaultdict(list)
        for holding in self.holdings:
            self._by_code[(holding.scheme, holding.code)].append(holding)
            self._by_holder[(holding.holder, holding.scheme)].append(holding)
        for group in self._by_holder.values():
            group.sort(key=Holding.sort_key)

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
        """The county of municipality ``iri`` on ``day`` (that of its kommunenummer then), or None."""
        holding = self.code_of(iri, KOMMUNENUMMER, day)
        return holding.county if holding else None

    def name(self, iri: str) -> str:
        """The unit's name (its ``skos:prefLabel`` in Norwegian), or the IRI when it has none."""
        return self.names.get(iri, iri)

    def to_json(self) -> bytes:
        """The history as JSON (sorted, so the same history gives the same bytes)."""
        rows = [[h.scheme, h.code, h.holder, _iso(h.valid_from), _iso(h.valid_through), h.number, h.county]
                for h in self.holdings]
        return json.dumps({"format": _FORMAT, "holdings": rows, "names": dict(sorted(self.names.items()))},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes) -> CodeHistory:
        """Read :meth:`to_json` output; ValueError when it is not that."""
        parsed = json.loads(data)
        if not isinstance(parsed, dict) or parsed.get("format") != _FORMAT:
            raise ValueError(f"not a code history of format {_FORMAT}; rebuild with `byregion build --force`")
        holdings = [Holding(s, c, holder, to_date(f), to_date(t), n, county)
                    for s, c, holder, f, t, n, county in parsed["holdings"]]
        return cls(holdings, parsed["names"])


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
