"""Answering reconciliation queries from the build's index: look-up and scoring only. Pure (no Flask, no HTTP).

**Candidates.** A query's text is read as, in this order: one of our IRIs; a Wikidata item (``Q2326`` or its
URL); an organisation number (9 digits); a number (1–4 digits: a kommunenummer, with the leading zero a
spreadsheet dropped put back, or a fylkesnummer; read as the ``number`` property too, so that on a date a unit that
did not hold it then is no match); otherwise a name (:func:`byregion.reconcile.names.parse`), looked up by its
key and by the keys of its parts, and compared by edit distance with every key (``rapidfuzz``) for misspellings. A
query with no text takes its candidates from its identifier properties (:data:`~byregion.reconcile.manifest.FINDING`):
the units that hold any of them; a name's query offers them too, beside the name's units, for an identifier none of
those holds (at :data:`PIECE`, never a match: a row whose name and organisation number disagree is for a person to
settle). A
query accepts every property the service has; those that cannot narrow (the name, the links: what data extension
adds) narrow nothing.

**Scores** (0–100): :data:`EXACT` for an exact key or identifier, :data:`FUZZY_FACTOR` times the similarity
otherwise, less

* :data:`NOT_VALID_ON_DATE` when the query has a date and the unit had no number valid then (the unit is still
  offered, above every misspelt name, and never a match: a spreadsheet of 2021 that says "Sauherad" means
  Sauherad, which had ended; the units it was succeeded by, or succeeded, valid on the date are offered after
  it, :data:`RELATED` lower);
* :data:`NAME_NOT_IN_USE` when the unit was valid but the name it was found by was not in use on the date
  ("Nes" in 2021 is Nes in Akershus; Nes in Buskerud was Nesbyen by then);
* :data:`MISMATCH` for each property (number, today's number, county, Wikidata, organisation number) or qualifier ("Bø i
  Telemark", "Herøy (Nordland)") the unit does not have (on the date, if there is one); :data:`UNKNOWN_VALUE` instead
  for a Wikidata item or organisation number the data holds none of for the unit, where the query's is no other
  unit's (feature ``{property}_unknown``); nothing for a
  value that is no identifier of the property's kind ("abc" as a number: feature ``{property}_unreadable``);
* :data:`KIND_HINT` when a suffix named another kind ("Oslo kommune" is the municipality, not the county).

**Match.** The best candidate is a match only when it was found by an exact key or identifier, scores at least
:data:`MATCH_SCORE`, and the next one scores at least :data:`MATCH_MARGIN` less: "Herøy", "Våler", "Bø", "Nes"
and "Os" name two municipalities each and get candidates without a match, unless a county, a number or a
date leaves one. The next one is the next of every candidate, whatever the query's ``limit`` cuts the answer to.
A unit not valid on the query's date is never a match, nor is a unit without dates (a city region, a theme) when
the query's name is exactly that of a unit not valid on its date.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from byregion.identifiers.history import (
    FYLKESNUMMER,
    KOMMUNENUMMER,
    ORGNR,
    SCHEMES,
    WIKIDATA,
    CodeHistory,
    first_reached,
    read_day,
    written_form,
)
from byregion.literals import visible
from byregion.reconcile.manifest import PROPERTIES, TYPES, Property, Type, property_of, type_of
from byregion.reconcile.names import COUNTY, MUNICIPALITY, county_begun, parse, trailing_county, written
from byregion.reconcile.units import Unit, within

EXACT = 100.0
FUZZY_FACTOR = 0.9
#: Similarity (0–100, rapidfuzz's ratio of the keys) below which a key is not a candidate.
FUZZY_CUTOFF = 70.0
#: Less for a unit with no number valid on the query's date: an exact name then scores 90, above every misspelt
#: name (at most 0.9 × 99), and is never a match.
NOT_VALID_ON_DATE = 10.0
NAME_NOT_IN_USE = 15.0
MISMATCH = 40.0
#: Less for a unit the data has no Wikidata item or organisation number for, where the query's is no other unit's:
#: not contradicted, only not confirmed. An exact name still scores MATCH_SCORE (a match, if nothing is close); a
#: similar name without the value may outrank an exact one whose value differs (60), against which the value speaks.
UNKNOWN_VALUE = 10.0
#: The properties that identify a unit: one of a kind that cannot hold them does not have the value either.
IDENTIFYING = frozenset({"number", "current-number", "wikidata", "orgnr"})
KIND_HINT = 10.0
RELATED = 5.0
MATCH_SCORE = 90.0
#: How similar (rapidfuzz's ratio of the keys) a part of a double name must be to one of a unit's names to name that
#: unit in another form: an organisation's official name writes its Sámi or Kven part in the genitive ("Kárášjoga
#: gielda - Karasjok kommune", "Loabága suohkan - Lavangen kommune"), which is no name of the index as written.
PART_SIMILARITY = 75.0
#: … and be at least this long and begin as that name does: short names differ by a letter ("Vik"/"Vikna").
PART_MIN_LENGTH = 5
PART_SAME_START = 3
#: The score of a unit named by a piece of the query, a text before or after a comma or in or out of parentheses
#: that is not a county ("Notodden" for "Notodden (Kongsberg)"): a candidate to review, under every misspelt name
#: (at least 0.9 × 70) and never a match.
PIECE = 60.0
MATCH_MARGIN = 10.0
#: A Wikidata item as people write it: ``Q2326``, its URL, or ``wd:Q2326`` (as a Wikidata query's results write it).
_QID = re.compile(r"^(?:https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/|wd:)?(Q[1-9][0-9]*)$", re.IGNORECASE)
_WORD = re.compile(r"\w+")


class QueryError(ValueError):
    """A request the service cannot read; the message says what and where (answered with 400)."""


class TooLarge(QueryError):
    """A batch of more queries than the service takes (its manifest's ``batchSize``): answered with 413, as the
    Reconciliation API 0.2 suggests."""


@dataclass(frozen=True)
class Limits:
    """The service's limits (settings ``BYREGION_RECONCILE_*``)."""

    batch: int = 100
    candidates: int = 25
    query_length: int = 200
    extend_ids: int = 500
    property_values: int = 20
    #: How deeply ``queries`` and ``extend`` may nest arrays and objects. A batch needs five levels (batch, query,
    #: properties, property, values) and a value object a sixth; JSON nested deeper is refused (400) before it is
    #: read any further, so no step after parsing meets a structure deep enough to exhaust Python's recursion.
    nesting: int = 12


@dataclass(frozen=True)
class NameRow:
    iri: str
    name: str
    qualifier: str
    start: str
    end: str
    preferred: bool


class Index:
    """A build's ``reconcile.sqlite``, read once: units and name keys in memory, previews read when asked; with
    the build's code history (the look-ups' ``identifiers.json``), which data extension answers from."""

    def __init__(self, path: Path, base: str, history: CodeHistory) -> None:
        self.base = base
        self.history = history
        self._connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        rows = self._connection.execute("SELECT data FROM units").fetchall()
        self.units: dict[str, Unit] = {u.iri: u for u in (Unit.from_json(r[0]) for r in rows)}
        self.names: dict[str, list[NameRow]] = defaultdict(list)
        for key, iri, name, qualifier, start, end, preferred in self._connection.execute(
                "SELECT key, iri, name, qualifier, start, end, preferred FROM names ORDER BY rowid"):
            self.names[key].append(NameRow(iri, name, qualifier, start, end, bool(preferred)))
        self.keys = sorted(self.names)
        #: Each unit's name keys (its parts' too), to tell whether a part of a query names it in another form.
        self.keys_of: dict[str, set[str]] = defaultdict(set)
        for key, found in self.names.items():
            for row in found:
                self.keys_of[row.iri].add(key)
        meta = dict(self._connection.execute("SELECT key, value FROM meta").fetchall())
        self.manifest_template: str = meta["manifest"]
        self.county_keys = tuple(k for k in meta["county_keys"].split("\n") if k)
        self.by_code: dict[str, list[Unit]] = defaultdict(list)
        self.by_wikidata: dict[str, list[Unit]] = defaultdict(list)
        self.by_orgnr: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            for code in dict.fromkeys(n.code for n in unit.numbers):
                self.by_code[code].append(unit)
            for qid in unit.wikidata:
                self.by_wikidata[qid].append(unit)
            if unit.orgnr:
                self.by_orgnr[unit.orgnr].append(unit)

    @functools.cached_property
    def iris(self) -> list[str]:
        """Every unit's IRI, sorted (suggest finds an IRI by its start)."""
        return sorted(self.units)

    @functools.cached_property
    def by_current_code(self) -> dict[str, list[Unit]]:
        """The units by the numbers they hold today, or (for a unit that has ended) its successors hold."""
        found: dict[str, list[Unit]] = defaultdict(list)
        for unit in self.units.values():
            if unit.dated:
                for code in _current_numbers(self, unit):
                    found[code].append(unit)
        return found

    def preview(self, iri: str) -> bytes | None:
        """The preview of ``iri``, also written with the other scheme or a trailing slash (:func:`_our_iri`)."""
        iri = _our_iri(iri, self.base) or iri
        with self._lock:
            row = self._connection.execute("SELECT html FROM previews WHERE iri = ?", (iri,)).fetchone()
        return bytes(row[0]) if row else None

    def own_iri(self, iri: str) -> str | None:
        """``iri`` as the IRI of a unit or theme of the service (written with the other scheme or a trailing slash
        too, :func:`_our_iri`), or None."""
        ours = _our_iri(iri, self.base) or iri
        return ours if ours in self.units else None

    def close(self) -> None:
        self._connection.close()

    def type_json(self, unit: Unit) -> dict[str, str]:
        kind = next(t for t in TYPES if t.kind == unit.kind)
        return {"id": kind.id(self.base), "name": kind.name}


# ------------------------------------------------------------------------------------------------ queries


@dataclass(frozen=True)
class Query:
    """One query of a batch, read and checked."""

    text: str
    kinds: tuple[str, ...] = ()  # empty: every kind
    limit: int = 0
    day: str | None = None
    date_unreadable: bool = False
    properties: tuple[tuple[Property, tuple[Any, ...]], ...] = ()
    #: Every type the query names is unknown (another service's, Wikidata's Q486972): nothing of ours is of it.
    no_kind: bool = False


#: A date as Norwegians write it, day first: ``01.01.2021`` (the dot form is never month first in Norwegian).
_DAY_FIRST = re.compile(r"\s*([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})\s*")


def read_date(value: Any) -> str | None:
    """``2021-05-01``, ``2021-05-01T00:00:00Z``, ``2021-05`` or ``2021`` (also a number) as an ISO date (a
    month or year means its first day), or ``01.05.2021``, day first; None when it is not a date."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(value, float) and not math.isfinite(value):  # an int of any size is a number (no float() of it)
        return None
    if not number and (found := _DAY_FIRST.fullmatch(str(value))) is not None:
        try:
            return date(int(found.group(3)), int(found.group(2)), int(found.group(1))).isoformat()
        except ValueError:  # 31.02.2021
            return None
    day = read_day(str(int(value)) if number else str(value))  # as the look-ups read ?date=
    return day.isoformat() if day is not None else None


#: How many characters of what a request sent a message quotes (a name, key or value may be as long as the body).
QUOTED = 60


def shown(value: Any) -> str:
    """``value`` as a message quotes it: its ``repr``, cut to :data:`QUOTED` characters."""
    text = repr(value)
    return text if len(text) <= QUOTED else text[:QUOTED] + "…"


def _our_iri(text: str, base: str) -> str | None:
    """``text`` as one of our IRIs, when it is one: also written with the other scheme (a spreadsheet holding
    ``http://data.byregion.no/id/…`` for ``https://…``) and with a trailing slash."""
    scheme, _, rest = base.partition("://")
    for prefix in (f"{scheme}://{rest}/id/", f"{'http' if scheme == 'https' else 'https'}://{rest}/id/"):
        if text.startswith(prefix):
            return f"{base}/id/{text[len(prefix):].rstrip('/')}"
    return None


def _where(key: str) -> str:
    return f"query {shown(key)}"


def read_query(key: str, raw: Any, base: str, limits: Limits) -> Query:
    """One query of a batch; :class:`QueryError` naming the query and the field when it cannot be read."""
    if not isinstance(raw, dict):
        raise QueryError(f"{_where(key)} is not an object: each query is {{\"query\": \"name\", …}}")
    unknown = set(raw) - {"query", "type", "limit", "properties", "type_strict"}
    if unknown:
        raise QueryError(f"{_where(key)} has unknown fields {sorted(unknown)}; a query has query, type, limit, "
                         "properties and type_strict")
    text = raw.get("query", "")
    if not isinstance(text, str):
        raise QueryError(f"{_where(key)}: 'query' must be a string")
    if len(text) > limits.query_length:  # no name is that long: no candidates, and the batch's others answered
        text = ""
    types = raw.get("type", [])
    types = [types] if isinstance(types, str) else types
    if not isinstance(types, list) or not all(isinstance(t, str) for t in types):
        raise QueryError(f"{_where(key)}: 'type' must be a type id or a list of them")
    named = [t for t in types if t.strip()]  # a blank type is no type
    # a type of another service's names nothing of ours: no candidates of it, and the batch's others answered; but
    # an IRI of ours that is no type of ours is a mistake in the request (a misspelt class), said as before
    for name in named:
        if type_of(name, base) is None and name.strip().startswith(f"{base}/"):
            raise QueryError(f"{_where(key)}: unknown type {shown(name)}; the types are "
                             + ", ".join(f"{t.id(base)} ({t.kind})" for t in TYPES))
    kinds = [found.kind for name in named if (found := type_of(name, base)) is not None]
    limit = raw.get("limit", 0)
    if isinstance(limit, bool) or not isinstance(limit, (int, float)) or (isinstance(limit, float)
                                                                          and math.isnan(limit)):
        raise QueryError(f"{_where(key)}: 'limit' must be a number (the most candidates to return; at most "
                         f"BYREGION_RECONCILE_MAX_CANDIDATES ({limits.candidates}) are returned)")
    properties, day, unreadable = _read_properties(key, raw.get("properties", []), limits)
    # A query with nothing to look for (a blank-looking cell: spaces, a no-break space, a soft hyphen; only a county
    # or a date, which narrow) has no candidates: OpenRefine sends such cells, and one must not fail its batch.
    return Query(cell_text(text), tuple(dict.fromkeys(kinds)), candidate_count(limit, limits), day, unreadable,
                 tuple(properties), bool(named) and not kinds)


#: How many cells' readings :func:`cell_text` keeps: a value is read once per candidate it is compared with.
CELL_MEMO = 4_096
#: A terminal's colour, cursor and link codes, pasted along with a name from a program's output (grep's colours
#: inside a word too): CSI (ESC [ or the 8-bit 0x9B) and OSC (ESC ], to BEL or ESC \\) sequences.
_TERMINAL_CODES = re.compile(r"(?:\x1b\[|\x9b)[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)")
#: A number cell a spreadsheet wrote as text with its decimals ("807.0"), and SSB StatBank's "K-0301" / "F-08".
_NUMBER_AS_DECIMAL = re.compile(r"(\d+)[.,]0")  # one zero: "12.000" is twelve thousand, no code
_STATBANK = re.compile(r"(?i:K-(?=\d{3,4}(?!\d))|F-(?=\d{1,2}(?!\d)))")  # a kommune's or a fylke's own number


@functools.lru_cache(maxsize=CELL_MEMO)
def cell_text(text: str) -> str:
    """A query's text as a cell holds it, without what is no part of a name or number: invisible format
    characters (:func:`~byregion.literals.visible`), control characters and terminal codes, a number
    cell's ".0" and StatBank's "K-"/"F-" before a number ("K-0301 Oslo" is "0301 Oslo")."""
    # a colour or an erase (…m, …K) goes, inside a word too ("Bær…um"); a cursor's move stood for a space
    text = _TERMINAL_CODES.sub(lambda code: "" if code.group()[-1] in "mK\x07\\" else " ", visible(text))
    text = "".join(" " if unicodedata.category(c) == "Cc" else c for c in text).strip()
    text = text[2:] if _STATBANK.match(text) else text
    number = _NUMBER_AS_DECIMAL.fullmatch(text)
    return number.group(1) if number is not None else text


def candidate_count(limit: float, limits: Limits) -> int:
    """How many candidates a query's ``limit`` asks for: its whole part, at most the service's maximum
    (``BYREGION_RECONCILE_MAX_CANDIDATES``); a limit below 1 (or none) asks for the maximum. The schema allows
    any number, so none is refused."""
    return limits.candidates if not limit >= 1 else int(min(limit, limits.candidates))


def _is_value(value: Any) -> bool:
    """Whether ``value`` is a property value of the 0.2 query schema (or null, an empty cell)."""
    return value is None or isinstance(value, (str, int, float)) or (isinstance(value, dict)
                                                                    and isinstance(value.get("id"), str))


def _read_properties(key: str, raw: Any, limits: Limits
                     ) -> tuple[list[tuple[Property, tuple[Any, ...]]], str | None, bool]:
    if not isinstance(raw, list):
        raise QueryError(f"{_where(key)}: 'properties' must be a list of {{\"pid\": …, \"v\": …}}")
    count = sum(len(i["v"]) if isinstance(i, dict) and isinstance(i.get("v"), list) else 1 for i in raw)
    if count > limits.property_values:
        raise QueryError(f"{_where(key)} has {count} property values, more than "
                         f"BYREGION_RECONCILE_MAX_PROPERTY_VALUES ({limits.property_values})")
    out: list[tuple[Property, tuple[Any, ...]]] = []
    day: str | None = None
    unreadable = False
    for item in raw:
        if not isinstance(item, dict) or "pid" not in item or "v" not in item or not isinstance(item["pid"], str):
            raise QueryError(f"{_where(key)}: each property is {{\"pid\": \"number\", \"v\": \"0807\"}}")
        prop = property_of(item["pid"])
        if prop is None:
            raise QueryError(f"{_where(key)}: unknown property {shown(item['pid'])}; the properties are "
                             + ", ".join(p.id for p in PROPERTIES))
        given = item["v"] if isinstance(item["v"], list) else [item["v"]]
        wrong = next((v for v in given if not _is_value(v)), None)
        if wrong is not None:
            raise QueryError(f"{_where(key)}: property {prop.id!r} has the value {shown(wrong)}; a value is a string, "
                             "a number, a boolean or {\"id\": IRI}, or a list of them")
        values = tuple(v for v in given if v is not None and str(v["id"] if isinstance(v, dict) else v).strip())
        if not values or not prop.query:
            continue  # an empty cell narrows nothing, nor does a property that cannot (the name, the links, …)
        if prop.id == "date":
            day = read_date(values[0])
            unreadable = day is None
            continue
        out.append((prop, values))
    return out, day, unreadable


def _nesting(value: Any, most: int) -> int:
    """How deeply ``value`` nests arrays and objects (0 for a string or a number), counted level by level without
    recursion, and no further than one level past ``most``."""
    depth, level = 0, [value]
    while True:
        containers = [v for v in level if isinstance(v, (list, dict))]
        if not containers or depth > most:
            return depth
        depth += 1
        level = [inner for c in containers for inner in (c.values() if isinstance(c, dict) else c)]


def read_json(text: str, name: str, example: str, nesting: int) -> Any:
    """The JSON of the parameter ``name``; :class:`QueryError` saying so, with ``example``, when it is not JSON or
    nests deeper than ``nesting`` (:attr:`Limits.nesting`; json raises RecursionError, not a ValueError, for JSON
    nested about a thousand levels deep)."""
    deep = (f"'{name}' nests arrays and objects more than {nesting} levels deep (BYREGION_RECONCILE_MAX_NESTING); "
            f"send {example}")
    try:
        raw = json.loads(text, parse_int=_integer)
    except RecursionError:
        raise QueryError(deep) from None
    except ValueError as exc:
        raise QueryError(f"'{name}' is not JSON ({exc}); send {example}") from None
    if _nesting(raw, nesting) > nesting:
        raise QueryError(deep)
    try:  # a key or value is echoed in the answer, which is UTF-8: a lone surrogate (\ud800) is no character
        json.dumps(raw, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise QueryError(f"'{name}' holds the escape \\u{ord(exc.object[exc.start]):04x}, half of a surrogate pair "
                         "and no character: escape a character outside the BMP as its pair of surrogates, or send "
                         "it as UTF-8") from None
    return raw


#: Digits of a JSON integer read exactly; a longer one is read as the infinity of its sign ("an integer of any size
#: is a number": a limit that large asks for the maximum), since Python refuses to read more than 4,300 digits.
INTEGER_DIGITS = 4_000


def _integer(digits: str) -> int | float:
    if len(digits.lstrip("-")) <= INTEGER_DIGITS:
        return int(digits)
    return -math.inf if digits.startswith("-") else math.inf


def read_batch(text: str, base: str, limits: Limits) -> dict[str, Query]:
    """The ``queries`` parameter: a JSON object of queries by key."""
    raw = read_json(text, "queries", "{\"q0\": {\"query\": \"Notodden\"}}", limits.nesting)
    if not isinstance(raw, dict):
        raise QueryError("'queries' must be a JSON object of queries by key: {\"q0\": {\"query\": \"Notodden\"}}")
    if len(raw) > limits.batch:
        raise TooLarge(f"'queries' has {len(raw)} queries, more than the service's batchSize ({limits.batch}, "
                       "BYREGION_RECONCILE_MAX_BATCH; the manifest says it): send them in batches of at most "
                       f"{limits.batch}")
    return {str(k): read_query(str(k), v, base, limits) for k, v in raw.items()}


# ------------------------------------------------------------------------------------------------ scoring


@dataclass
class Candidate:
    unit: Unit
    score: float
    exact: bool
    name: str = ""  # the name it was found by
    related: bool = False
    features: dict[str, bool] = field(default_factory=dict)


def _digits(value: Any) -> str:
    """A value as the digits it holds: a number cell's float (8.0), and text as a query's is read (:func:`cell_text`:
    "807.0", StatBank's "K-0821"), without spaces."""
    text = str(int(value)) if isinstance(value, float) and value.is_integer() else \
        cell_text(value) if isinstance(value, str) else str(value)
    return re.sub(r"\s+", "", text)


def _number(text: str) -> str:
    """The digits of a query's text that is a number (1–4 digits: a kommunenummer or fylkesnummer), else ""."""
    digits = _digits(text)
    return digits if digits.isdigit() and len(digits) <= 4 else ""


def _orgnr(value: Any) -> str:
    """An organisation number as nine digits, from any way it is written: ``938 583 986``, and the VAT number
    ``NO 938 583 986 MVA`` (as the look-ups read it, :func:`~byregion.identifiers.history.written_form`)."""
    return written_form(ORGNR, _digits(value))


#: The property a number written beside a name is read as (:func:`_code_and_name`).
NUMBER = next(p for p in PROPERTIES if p.id == "number")
#: A number and a name in one cell, as statistics tables write them: "0807 Notodden", "0807-Notodden",
#: "Notodden (0807)", "Notodden 0807" (two to four digits: a county's or a municipality's number, a zero dropped).
_CODE_AND_NAME = (re.compile(r"(?P<code>\d{2,4})\s*(?:[-\u2013\u2014:.,]\s*|\s)(?P<name>.*[^\W\d_].*)"),
                  re.compile(r"(?P<name>.*[^\W\d_].*?)\s*(?:\((?P<code1>\d{2,4})\)|[-\u2013\u2014:,]?\s(?P<code2>\d{2,4}))"))


def _code_and_name(text: str) -> tuple[str, str, bool] | None:
    """``("0807", "Notodden", True)`` from a cell holding a number and a name (:data:`_CODE_AND_NAME`), the last
    saying whether the number came first; None otherwise."""
    for leading, pattern in zip((True, False), _CODE_AND_NAME, strict=True):
        found = pattern.fullmatch(text.strip())
        if found:
            groups = found.groupdict()
            code = groups.get("code") or groups.get("code1") or groups.get("code2")
            name = groups["name"].strip(" -\u2013\u2014:,.")
            if code and name:
                return code, name, leading
    return None


def codes_of(value: Any, kinds: Iterable[str] = ("municipality", "county")) -> set[str]:
    """The numbers a value can be: ``807`` is ``0807`` (a spreadsheet dropped the zero), ``8`` is ``08``."""
    text = _digits(value)
    if not text.isdigit() or len(text) > 4:
        return set()
    out = set()
    if "municipality" in kinds and len(text) >= 3:
        out.add(text.zfill(4))
    if "county" in kinds and len(text) <= 2:
        out.add(text.zfill(2))
    return out


def _stems(unit: Unit) -> set[str]:
    """Every name the unit bore, each language of a double name apart and without its disambiguation: "Harstad -
    Hárstták" and "Bø (Telemark)" give "harstad", "hárstták" and "bø" (a double name may put either language
    first: "Hamarøy - Hábmer", "Hábmer - Hamarøy")."""
    return {part.split(" (")[0].strip().casefold() for name in (unit.name, *(n.text for n in unit.names))
            for part in name.split(" - ") if part.strip()}


def _qid(value: Any) -> str | None:
    found = _QID.match(str(value.get("id", "") if isinstance(value, dict) else value).strip())
    return found.group(1).upper() if found else None


class Reconciler:
    """Scores the candidates of queries against an :class:`Index`."""

    def __init__(self, index: Index, limits: Limits) -> None:
        self.index = index
        self.limits = limits
        self._counties: dict[str, frozenset[str]] = {}  # a county value's text → the counties it names

    # candidates by the query's text ------------------------------------------------------------------
    def _by_identifier(self, text: str, kinds: tuple[str, ...]) -> list[Unit] | None:
        """The units an identifier-like text names, or None when the text is a name."""
        index = self.index
        iri = _our_iri(text, index.base)
        if iri is not None:
            return [index.units[iri]] if iri in index.units else []
        qid = _qid(text)
        if qid:
            return list(index.by_wikidata.get(qid, []))
        if (orgnr := _orgnr(text)).isdigit() and len(orgnr) == 9:
            return list(index.by_orgnr.get(orgnr, []))
        if digits := _number(text):
            return [u for code in sorted(codes_of(digits, kinds or ("municipality", "county")))
                    for u in index.by_code.get(code, [])]
        return None

    def _by_name(self, query: Query) -> tuple[dict[str, Candidate], str, str]:
        """Candidates by name: exact keys first, then similar keys; also the query's qualifier and kind hint."""
        parsed = parse(query.text, self.index.county_keys)
        if not any(k in self.index.names for k in parsed.keys):  # "Notodden Telemark": the name, then its county,
            split = trailing_county(parsed, self.index.county_keys)   # where what is left is a name; else the whole
            if split is not None and split.key in self.index.names:   # text is looked up ("Mid-Telemark" is a
                parsed = split                                        # misspelt Midt-Telemark, not "Mid" in Telemark)
        found: dict[str, Candidate] = {}
        # a double name's parts name a unit exactly only where every part is a name of that unit, as written or in
        # another form (PART_SIMILARITY: "Guovdageainnu suohkan - Kautokeino kommune"); "Porsgrunn/Grenland",
        # "Oslo - Akershus" or "Porsgrunn/Xyz" are things named side by side: pieces
        named_by_all = self._named_by_all(parsed.parts)
        # so are the texts in and out of parentheses or either side of a comma where each names the same unit: a
        # double name written another way ("Kautokeino (Guovdageaidnu)", "Kautokeino, Guovdageaidnu"), in either order
        by_pieces = self._named_by_all(parsed.pieces) if len(parsed.pieces) > 1 and not parsed.parts else set()
        for key in parsed.keys:
            for row in self.index.names.get(key, []):
                whole = key == parsed.key or row.iri in named_by_all
                self._offer(found, row, EXACT if whole else PIECE, whole, query.day)
        if parsed.key:
            # as many similar keys whatever the query's limit, so that its candidates and match do not depend on it
            similar = min(max(2 * self.limits.candidates, 10), max(len(self.index.keys), 1))
            close = process.extract(parsed.key, self.index.keys, scorer=fuzz.ratio, limit=similar,
                                    score_cutoff=FUZZY_CUTOFF)
            for key, similarity, _ in close:
                for row in self.index.names[key]:
                    self._offer(found, row, similarity * FUZZY_FACTOR, False, query.day)
            if parsed.sami_kven and parsed.key not in self.index.names:
                # an official name in Sámi or Kven alone, its name in the genitive ("Kárášjoga gielda", "Romssa
                # fylkkasuohkan"): another form of a name, as a double name's part may be, where it is a form of one
                # name only (the units of that name: the two Hábmer - Hamarøy, before and after 2020)
                rows = [r for k, _, _ in close for r in self.index.names[k] if self._names_part(r.iri, parsed.key)]
                if len({self.index.units[r.iri].name for r in rows}) == 1:
                    for row in rows:
                        self._offer(found, row, EXACT, True, query.day)
        for key in parsed.pieces:
            for row in self.index.names.get(key, []):
                whole = row.iri in by_pieces
                self._offer(found, row, EXACT if whole else PIECE, whole, query.day)
        return found, parsed.qualifier, parsed.kind_hint

    def _named_by_all(self, parts: tuple[str, ...]) -> set[str]:
        """The units each of ``parts`` (keys) is a name of (:meth:`_names_part`), found by any of them."""
        return {iri for p in parts for r in self.index.names.get(p, []) if (iri := r.iri)
                and all(self._names_part(iri, part) for part in parts)}

    def _names_part(self, iri: str, part: str) -> bool:
        """Whether ``part`` (a key) is a name of unit ``iri``, as written or in another form: close to one of its
        names (:data:`PART_SIMILARITY`), as long (:data:`PART_MIN_LENGTH`) and beginning as it does, and no other
        unit's name ("Vikna" is no form of Vik, "Sula" none of Sola: two names side by side)."""
        keys = self.index.keys_of.get(iri, set())
        if part in keys:
            return True
        if part in self.index.names or len(part) < PART_MIN_LENGTH:
            return False
        close = [k for k in keys if k[:PART_SAME_START] == part[:PART_SAME_START]]
        return process.extractOne(part, close, scorer=fuzz.ratio, score_cutoff=PART_SIMILARITY) is not None

    def _offer(self, found: dict[str, Candidate], row: NameRow, score: float, exact: bool, day: str | None) -> None:
        unit = self.index.units[row.iri]
        in_use = day is None or not unit.dated or within(day, row.start, row.end)
        if not in_use and unit.valid_on(day or ""):  # a unit not valid then loses NOT_VALID_ON_DATE instead
            score -= NAME_NOT_IN_USE
        current = found.get(row.iri)
        if current is None or (score, exact) > (current.score, current.exact):
            found[row.iri] = Candidate(unit, score, exact, row.name, features={"name_in_use": in_use})

    # narrowing -----------------------------------------------------------------------------------------
    def _value(self, prop: Property, value: Any) -> Any:
        """A property value as it is compared: a value object (``{"id": …, "name": …}``, what OpenRefine sends for a
        cell reconciled before, against this service or another such as Wikidata) is its id where the id reads as a
        value of ``prop`` (one of our IRIs; the IRI of a look-up, ``…/id/kommunenummer/0807``, is its code; a
        county's Wikidata item), else its name: a county column reconciled against Wikidata holds ids of
        Wikidata's and the names the ids were matched to."""
        if not isinstance(value, dict):
            return value
        ident = self._looked_up(value["id"])
        name = value.get("name")
        if self._readable(prop, (ident,)) or not isinstance(name, str) or not name.strip():
            return ident
        return name

    def _looked_up(self, text: str) -> str:
        """The code a look-up IRI of ours (``{base}/id/{scheme}/{code}``, also with the other scheme) looks up;
        any other text as it is."""
        iri = _our_iri(text.strip(), self.index.base)
        scheme, _, code = (iri or "").removeprefix(f"{self.index.base}/id/").partition("/")
        return code if iri is not None and scheme in SCHEMES and code else text

    def _county_iris(self, value: Any) -> frozenset[str]:
        """The counties a value names: an IRI, a fylkesnummer, a Wikidata item, or a name (each text read once per
        batch, not once per candidate)."""
        # a spreadsheet's number cell (8.0) is read as the numbers are (_digits: 807.0 is 0807)
        text = (_digits(value) if isinstance(value, int | float) else str(value)).strip()
        found = self._counties.get(text)
        if found is None:
            found = self._counties[text] = frozenset(self._read_county(text))
        return found

    def _read_county(self, text: str) -> set[str]:
        """The counties a text names: an IRI, a fylkesnummer, a county's Wikidata item (``Q50630`` or its URL), a
        name, or a number and a name that agree ("40 Telemark"; "08 Vestfold" names none: the two disagree)."""
        index = self.index
        text = cell_text(text)
        if text in index.units:
            return {text}
        if (qid := _qid(text)) is not None:
            return {u.iri for u in index.by_wikidata.get(qid, []) if u.kind == "county"}
        coded = _code_and_name(text)
        if coded is not None and codes_of(coded[0], ("county",)):
            by_number, by_name = self._read_county(coded[0]), self._read_county(coded[1])
            return by_number if not by_name or by_number & by_name else set()
        codes = codes_of(text, ("county",))
        if codes:
            return {u.iri for c in codes for u in index.by_code.get(c, []) if u.kind == "county"}
        keys = parse(text).keys
        return {r.iri for k in keys for r in index.names.get(k, []) if index.units[r.iri].kind == "county"}

    def _has(self, unit: Unit, prop: Property, values: tuple[Any, ...], day: str | None) -> bool:
        numbers = unit.numbers if day is None else unit.numbers_on(day)
        if prop.id == "number":
            return any(n.code in codes_of(v, (unit.kind,)) for v in values for n in numbers)
        if prop.id == "county":  # asked only of a unit of a kind with a county (_narrow)
            wanted = frozenset().union(*(self._county_iris(v) for v in values))
            return bool(wanted & unit.counties_on(day if unit.kind == "municipality" else None))
        if prop.id == "current-number":
            return any(c in codes_of(v, (unit.kind,)) for v in values for c in _current_numbers(self.index, unit))
        if prop.id == "wikidata":
            return any(_qid(v) in unit.wikidata for v in values)
        if prop.id == "orgnr":
            return any(_orgnr(v) == unit.orgnr for v in values)
        return True

    def _readable(self, prop: Property, values: tuple[Any, ...]) -> bool:
        """Whether any of ``values`` reads as an identifier of ``prop``'s kind (other properties: always)."""
        if prop.id in ("number", "current-number"):
            return any(codes_of(v) for v in values)
        if prop.id == "wikidata":
            return any(_qid(v) for v in values)
        if prop.id == "orgnr":
            return any(len(o := _orgnr(v)) == 9 and o.isdigit() for v in values)
        if prop.id == "county":  # a value that names no county is nothing to compare ("Vestlandet", a typo)
            return any(self._county_iris(v) for v in values)
        return True

    def _held_by_others(self, unit: Unit, prop: Property, values: tuple[Any, ...]) -> bool:
        """Whether a value of ``prop`` is the data's for a unit outside ``unit``'s line of predecessors and successors
        (Notodden's Wikidata item given for "Larvik"): for a unit without such a value it is then a contradiction,
        not an unknown. Within the line it is not: Wikidata keeps one item for Ålesund across its mergers and its
        split, which the data give the Ålesunds of 1504 and 1507 but not that of 2024 (1508)."""
        if prop.id == "wikidata":
            holders = [h for v in values for h in self.index.by_wikidata.get(_qid(v) or "", [])]
        elif prop.id == "orgnr":
            holders = [h for v in values for h in self.index.by_orgnr.get(_orgnr(v), [])]
        else:
            return False
        line = self._line(unit) if holders else set()
        return any(h.iri not in line for h in holders)

    def _line(self, unit: Unit) -> set[str]:
        """``unit`` and the units of its name it succeeds however far back or is succeeded by however far on: its
        line, where Wikidata keeps one item. Not its siblings, nor what merged into it under another name: Haram of
        2024 came out of Ålesund 1507 but is not in its line, and Ålesund's item is no item of Haram's."""
        seen, names = {unit.iri}, _stems(unit)
        for direction in ("successors", "predecessors"):
            todo = [unit]
            while todo:
                for iri in getattr(todo.pop(), direction):
                    other = self.index.units.get(iri)
                    if iri not in seen and other is not None and names & _stems(other):
                        seen.add(iri)
                        todo.append(other)
        return seen

    @staticmethod
    def _knows(unit: Unit, prop: Property) -> bool:
        """Whether the data holds any value of ``prop`` for ``unit``: without one, no value contradicts it."""
        if prop.id == "wikidata":
            return bool(unit.wikidata)
        if prop.id == "orgnr":
            return bool(unit.orgnr)
        return True  # numbers and counties: every municipality and county has them

    def candidates(self, query: Query) -> list[Candidate]:
        """The query's candidates, best first, at most its limit (and the service's)."""
        return self._cut(query, self.ranked(query))

    @staticmethod
    def _cut(query: Query, ranked: list[Candidate]) -> list[Candidate]:
        return ranked[:query.limit]  # 1 to the service's maximum (candidate_count)

    def ranked(self, query: Query) -> list[Candidate]:
        """Every candidate of the query, best first (not cut to a limit)."""
        if query.no_kind:
            return []
        query = replace(query, properties=tuple((p, tuple(self._value(p, v) for v in values))
                                                for p, values in query.properties))
        units = self._by_identifier(query.text, query.kinds) if query.text else self._by_properties(query)
        qualifier, hint = "", ""
        if units is not None and (number := _number(query.text)):
            # a number as the text is the number property: the units that held it are offered, and on a date one
            # that did not hold it then (Notodden was 3808 in 2021) is lowered and no match, as by the property
            query = replace(query, properties=(*query.properties, (NUMBER, (number,))))
        if units is not None:  # an identifier
            found = {u.iri: Candidate(u, EXACT, True, u.name) for u in units}
        elif (coded := _code_and_name(query.text)) is None:  # a name
            found, qualifier, hint = self._by_name(query)
            self._add_holders(found, query)
        else:  # a number and a name in one cell: "0807 Notodden", "Notodden (0807)"
            code, name, leading = coded
            found, qualifier, hint = self._by_name(replace(query, text=name))
            held = any(c.exact and any(n.code in codes_of(code, (c.unit.kind,)) for n in c.unit.numbers)
                       for c in found.values())
            if leading or held:  # the name's candidates must have the number; what the number names is offered
                query = replace(query, text=name, properties=(*query.properties, (NUMBER, (code,))))
                for unit in self._by_identifier(code, query.kinds) or []:
                    if unit.iri not in found:
                        found[unit.iri] = Candidate(unit, PIECE, False, unit.name)
            else:  # a number after the name that no unit of that name held: "Oslo 2020", "Trondheim (2018)" are
                for candidate in found.values():  # more likely a year than Porsanger's and Måsøy's numbers; the
                    candidate.exact = False  # name's candidates, to review (the cell says more than the name)
        if query.kinds:
            found = {i: c for i, c in found.items() if c.unit.kind in query.kinds}
        day = query.day
        for candidate in found.values():
            self._narrow(candidate, query, qualifier, hint)
        if day is not None:
            self._add_related(found, day, query.kinds)
        return sorted(found.values(), key=lambda c: (-round(c.score, 1), not c.exact, not c.unit.current,
                                                     c.unit.name, c.unit.iri))

    def _add_holders(self, found: dict[str, Candidate], query: Query) -> None:
        """Offer beside a name's units (``found``) the units an identifier of the query names where none of the name's
        holds it ("Notodden" with Kongsberg's organisation number: Kongsberg), at :data:`PIECE`, never a match, for a
        person to settle. An identifier one of them holds adds nothing: today's number of Sandøy (1508, Ålesund's since
        2020) is also that of every other municipality merged into Ålesund."""
        for prop, values in query.properties:
            if prop.id not in IDENTIFYING or any(c.unit.kind in prop.kinds and self._has(c.unit, prop, values, None)
                                                 for c in found.values()):
                continue
            for unit in self._by_properties(replace(query, properties=((prop, values),))):
                found.setdefault(unit.iri, Candidate(unit, PIECE, False, unit.name))

    def _by_properties(self, query: Query) -> list[Unit]:
        """The units that have any identifier property of the query (:data:`FINDING`): where they disagree (a
        number of one unit, a Wikidata item of another), each is offered and lowered for what it does not have."""
        index = self.index
        by_number = {"number": index.by_code, "current-number": index.by_current_code}
        iris: set[str] = set()
        for prop, values in query.properties:
            if prop.id in by_number:
                iris |= {u.iri for v in values for c in codes_of(v) for u in by_number[prop.id].get(c, [])}
            elif prop.id == "wikidata":
                iris |= {u.iri for v in values for u in index.by_wikidata.get(_qid(v) or "", [])}
            elif prop.id == "orgnr":
                iris |= {u.iri for v in values for u in index.by_orgnr.get(_orgnr(v), [])}
        return [index.units[i] for i in sorted(iris)]

    def _narrow(self, candidate: Candidate, query: Query, qualifier: str, hint: str) -> None:
        unit, day = candidate.unit, query.day
        if day is not None and unit.dated:
            valid = unit.valid_on(day)
            candidate.features["valid_on_date"] = valid
            if not valid:
                candidate.score -= NOT_VALID_ON_DATE
        for prop, values in query.properties:
            if unit.kind not in prop.kinds and prop.id not in IDENTIFYING:
                continue  # a county has no county: the property says nothing about it
            # A unit of a kind that cannot have an identifier (a city region has no kommunenummer) does not have the
            # value either: a wrong number must not leave the region as the only candidate it does not lower.
            if not self._readable(prop, values):  # "abc" as a number: no identifier at all, so nothing to compare
                candidate.features[f"{prop.id}_unreadable"] = True
                continue
            if unit.kind in prop.kinds and not self._knows(unit, prop) and not self._held_by_others(unit, prop, values):
                # the data holds no such value for this unit (an organisation number or Wikidata item left out as
                # uncertain) and none of the values is another unit's: not contradicted, only not confirmed
                candidate.features[f"{prop.id}_unknown"] = True
                candidate.score -= UNKNOWN_VALUE
                continue
            on = day if day is not None and unit.valid_on(day) else None  # else: at any time
            has = unit.kind in prop.kinds and self._has(unit, prop, values, on)
            candidate.features[f"{prop.id}_matches"] = has
            if not has:
                candidate.score -= MISMATCH
        if qualifier and unit.kind in ("municipality", "city-region"):
            counties = self._county_iris(qualifier)
            if counties and not counties & unit.counties_on(None):
                candidate.score -= MISMATCH
                candidate.features["qualifier_matches"] = False
        if hint and unit.kind != {MUNICIPALITY: "municipality", COUNTY: "county"}[hint]:
            candidate.score -= KIND_HINT
        candidate.score = max(0.0, candidate.score)

    def _add_related(self, found: dict[str, Candidate], day: str, kinds: tuple[str, ...]) -> None:
        """Successors and predecessors valid on ``day`` of candidates not valid then, :data:`RELATED` lower."""
        for candidate in list(found.values()):
            unit = candidate.unit
            if not unit.dated or unit.valid_on(day):
                continue
            for iri in self._related_on(unit, day):
                other = self.index.units[iri]
                score = candidate.score - RELATED
                if (not kinds or other.kind in kinds) and (iri not in found or found[iri].score < score):
                    found[iri] = Candidate(other, score, False, other.name, related=True,
                                           features={"related": True})

    def _related_on(self, unit: Unit, day: str) -> list[str]:
        """Units that followed (when ``day`` is after ``unit``) or preceded it, change by change, the first on each
        branch valid on ``day``: through a later split only to the part that holds the unit's area, and back
        through a merger only to those whose area the unit holds (``br:areaWithin``: Sandøy in 2024 is Ålesund, not
        Haram; Haram of 2024 on a day of 2019 is the Haram of then, not Sandøy)."""
        units, within = self.index.units, self.index.history.within

        def valid(iri: str) -> bool:
            return units[iri].valid_on(day)

        def linked(iri: str, forward: bool) -> list[str]:
            return [n for n in (units[iri].successors if forward else units[iri].predecessors) if n in units]

        if bool(unit.end) and day > unit.end:
            part = within.get(unit.iri)
            return first_reached(unit.iri, lambda u: linked(u, True), valid, (part,) if part else ())
        ahead: set[str] = set()  # every unit after it
        todo = linked(unit.iri, True)
        while todo:
            following = todo.pop()
            if following not in ahead:
                ahead.add(following)
                todo.extend(linked(following, True))
        earlier = first_reached(unit.iri, lambda u: linked(u, False), valid)
        return [e for e in earlier if e not in within or within[e] == unit.iri or within[e] in ahead]

    # answers -------------------------------------------------------------------------------------------
    def result(self, query: Query) -> dict[str, Any]:
        """The result of one query as the API gives it: ``{"result": [candidate, …]}``. The match is decided
        among every candidate, before they are cut to the limit: a limit of 1 does not hide the runner-up."""
        ranked = self.ranked(query)
        runner_up = ranked[1].score if len(ranked) > 1 else None
        # the query's name is that of a unit not valid on its date: the spreadsheet disagrees with the records
        out_of_date = any(c.exact and not c.related and c.features.get("valid_on_date") is False for c in ranked)
        out = []
        for i, candidate in enumerate(self._cut(query, ranked)):
            match = (i == 0 and candidate.exact and not candidate.related and not query.date_unreadable
                     and candidate.score >= MATCH_SCORE
                     and (runner_up is None or runner_up <= candidate.score - MATCH_MARGIN)
                     and candidate.features.get("valid_on_date", True)
                     and not (out_of_date and not candidate.unit.dated))
            features = [{"id": k, "value": v} for k, v in candidate.features.items()]
            if query.date_unreadable:  # why none is a match: the spreadsheet's date could not be read
                features.append({"id": "date_unreadable", "value": True})
            out.append({"id": candidate.unit.iri, "name": candidate.unit.name,
                        "description": candidate.unit.description, "score": round(candidate.score, 1),
                        "match": match, "type": [self.index.type_json(candidate.unit)],
                        "features": [{"id": "exact", "value": candidate.exact}, *features]})
        return {"result": out}

    def batch(self, queries: Mapping[str, Query]) -> dict[str, Any]:
        return {key: self.result(query) for key, query in queries.items()}


# ------------------------------------------------------------------------------------------------ extension


def _date_value(day: str) -> dict[str, str]:
    return {"date": f"{day}T00:00:00Z"}


def _entity(index: Index, iri: str) -> dict[str, str]:
    return {"id": iri, "name": index.units[iri].name if iri in index.units else iri}


def _scheme(unit: Unit) -> str:
    return KOMMUNENUMMER if unit.kind == "municipality" else FYLKESNUMMER


def _current_numbers(index: Index, unit: Unit) -> list[str]:
    """The number the unit holds with no end, or (for a unit that has ended) those of the first of its successors,
    step by step, that hold one (a unit split in three has three), through a later split only to the part its area
    lies within (``br:areaWithin``: Haram of 1534 is 1580, not Ålesund's 1508 too)."""
    history, scheme = index.history, _scheme(unit)
    own = history.current(unit.iri, scheme)
    if own is not None:
        return [own.code]
    part = history.within.get(unit.iri)
    reached = first_reached(unit.iri, lambda u: history.successors.get(u, ()),
                            lambda u: history.current(u, scheme) is not None, (part,) if part else ())
    return list(dict.fromkeys(held.code for u in reached if (held := history.current(u, scheme)) is not None))


def values_of(index: Index, unit: Unit, prop: Property, day: str) -> list[dict[str, Any]]:
    """The values of ``prop`` for ``unit`` on ``day`` (the setting's date, or today) in the API's form; numbers,
    counties and identifiers from the build's code history (:class:`~byregion.identifiers.CodeHistory`)."""
    if unit.kind not in prop.kinds or not prop.extend:
        return []  # a property that applies to no unit of its kind, or gives no values (the query's date)
    history, on = index.history, date.fromisoformat(day)
    if prop.id == "number":
        held = history.code_of(unit.iri, _scheme(unit), on)
        return [{"str": held.code}] if held and held.recorded_on(on) else []
    if prop.id == "current-number":
        return [{"str": c} for c in _current_numbers(index, unit)]
    if prop.id == "name":  # of a unit valid on the day (Number.valid_on): the names the records say were in use
        if not unit.numbers_on(day):
            return []
        return [{"str": n} for n in dict.fromkeys(n.text for n in unit.names if n.recorded and n.in_use_on(day))]
    if prop.id == "county":
        if unit.kind == "city-region":
            return [_entity(index, c) for c in unit.counties]
        county = history.county_on(unit.iri, on)
        return [_entity(index, county)] if county else []
    if prop.id in ("wikidata", "orgnr"):
        scheme = WIKIDATA if prop.id == "wikidata" else ORGNR
        return [{"str": c} for c in dict.fromkeys(h.code for h in history.codes_of(unit.iri, scheme))]
    if prop.id == "valid-from":
        return [_date_value(unit.start)] if unit.start else []
    if prop.id == "valid-through":
        return [_date_value(unit.end)] if unit.end else []
    links = {"successors": unit.successors, "predecessors": unit.predecessors, "members": unit.members,
             "regions": unit.regions}
    return [_entity(index, i) for i in links.get(prop.id, ())]


def extend(index: Index, text: str, limits: Limits, today: date) -> dict[str, Any]:
    """The ``extend`` parameter answered: ``{"meta": […], "rows": {id: {property: [values]}}}``."""
    raw = read_json(text, "extend", "{\"ids\": [IRI, …], \"properties\": [{\"id\": \"number\"}]}", limits.nesting)
    if not isinstance(raw, dict) or not isinstance(raw.get("ids"), list) or not isinstance(
            raw.get("properties"), list):
        raise QueryError("'extend' must be {\"ids\": [IRI, …], \"properties\": [{\"id\": \"number\"}, …]}")
    ids = [i for i in raw["ids"] if isinstance(i, str)]
    if len(ids) != len(raw["ids"]):
        raise QueryError("'extend': every id must be a string (an IRI the service answered)")
    if len(ids) > limits.extend_ids:
        raise QueryError(f"'extend' asks for {len(ids)} ids, more than BYREGION_RECONCILE_MAX_EXTEND_IDS "
                         f"({limits.extend_ids}); ask in smaller batches")
    wanted: list[tuple[Property, str]] = []
    for i, item in enumerate(raw["properties"]):
        name = item.get("id") if isinstance(item, dict) else None
        if not isinstance(name, str):
            meant = property_of(item) if isinstance(item, str) else None
            example = meant.id if meant is not None and meant.extend else "number"
            raise QueryError(f"'extend': properties[{i}] is {json.dumps(item, ensure_ascii=False)[:100]}, not a "
                             f"property; each property is an object {{\"id\": \"{example}\"}}, with "
                             "\"settings\": {\"date\": \"YYYY-MM-DD\"} if wanted")
        prop = property_of(name)
        if prop is None:
            raise QueryError(f"'extend': unknown property {shown(name)}; the properties are "
                             + ", ".join(p.id for p in PROPERTIES if p.extend) + " (and date, which gives no values)")
        settings = item.get("settings")
        if settings is not None and not isinstance(settings, dict):
            raise QueryError(f"'extend': property {shown(name)} has the settings "
                             f"{json.dumps(settings, ensure_ascii=False)[:100]}, not an object; write "
                             "\"settings\": {\"date\": \"YYYY-MM-DD\"} for the values on a date, or leave settings out "
                             "for today's")
        setting = (settings or {}).get("date")
        setting = "" if setting is None else setting  # a date of null is none given: today's, as no settings
        day = read_date(setting) if str(setting).strip() else today.isoformat()
        if day is None:
            raise QueryError(f"'extend': property {shown(name)} has the date setting {shown(setting)}, which is not "
                             "a date (YYYY-MM-DD, YYYY-MM, YYYY or DD.MM.YYYY)")
        if any(p.id == prop.id for p, _ in wanted):
            raise QueryError(f"'extend' asks for {prop.id!r} twice; the rows hold one value list per property, so "
                             "ask for each date in a request of its own")
        wanted.append((prop, day))
    rows = {}
    for iri in ids:  # an id as the spreadsheet holds it, answered under that id: also http:// for https://
        unit = index.units.get(_our_iri(iri, index.base) or iri)
        rows[iri] = {p.id: values_of(index, unit, p, day) if unit else [] for p, day in wanted}
    kinds = {unit.kind for i in ids if (unit := index.units.get(_our_iri(i, index.base) or i)) is not None}
    return {"meta": [_meta(index, p, kinds) for p, _ in wanted], "rows": rows}


def _meta(index: Index, prop: Property, kinds: set[str]) -> dict[str, Any]:
    """A column's meta: the type of the entities it holds. A unit's successors and predecessors are of its own
    kind (municipalities or counties), so their column has a type only when the ids asked for are of one kind."""
    out: dict[str, Any] = {"id": prop.id, "name": prop.name}
    targets = {"county": {"county"}, "members": {"municipality"}, "regions": {"city-region"}}.get(prop.id, set())
    if prop.id in ("successors", "predecessors"):
        targets = kinds & set(prop.kinds)
    if len(targets) == 1:
        kind = next(t for t in TYPES if t.kind in targets)
        out["type"] = {"id": kind.id(index.base), "name": kind.name}
    return out


def _asked_type(index: Index, type_name: str | None) -> Type | None:
    """The type a property proposal or property suggest asks for; None for none (absent or blank). OpenRefine asks
    "?type=" + the type's id unencoded, and the browser leaves out what follows the id's "#": such a type's IRI cut
    at its fragment (with either scheme, as a type's whole IRI is read) stands for no one type, as no type does. Any
    other type the service does not have is a :class:`QueryError`."""
    if not type_name or not type_name.strip():
        return None
    wanted = type_name.strip()
    for scheme in ("http://", "https://"):
        wanted = wanted.removeprefix(scheme)
    if any(wanted == t.id(index.base).partition("#")[0].split("://", 1)[-1] for t in TYPES):
        return None
    kind = type_of(type_name, index.base)
    if kind is None:
        raise QueryError(f"unknown type {shown(type_name)}; the types are "
                         + ", ".join(f"{t.id(index.base)} ({t.kind})" for t in TYPES))
    return kind


def propose_properties(index: Index, type_name: str | None, limit: int, asked: bool = True) -> dict[str, Any]:
    """The properties offered for data extension of a type (every one, without a type), at most ``limit``; the answer
    names the limit only where the request ``asked`` one (0.2: "the requested limit")."""
    kind = _asked_type(index, type_name)
    props = [p for p in PROPERTIES if p.extend and (kind is None or kind.kind in p.kinds)][:limit]
    out: dict[str, Any] = {"properties": [{"id": p.id, "name": p.name, "description": p.description} for p in props]}
    if asked:
        out["limit"] = limit
    if kind is not None:
        out["type"] = kind.id(index.base)
    return out


# ------------------------------------------------------------------------------------------------ suggest


def suggest_entities(index: Index, prefix: str, type_name: str | None, limit: int, cursor: int = 0,
                     limits: Limits | None = None) -> dict[str, Any]:
    """Units whose name (or a part of a double name) starts with ``prefix``, or whose IRI does (an identifier as
    prefix), or that hold a number starting with it (``08`` → Telemark and every 08xx municipality, the whole number
    first), or the Wikidata item or organisation number it is, ``cursor`` of them skipped. A name and its county,
    whole or being typed ("Herøy (Nordland)", "Herøy (N", "Bø i T"), gives the name's units in a county whose name
    starts so (:func:`~byregion.reconcile.names.county_begun`; a whole county only where one of them is). Ranked:
    the name as written ("Hå", not "Ha…", which fold to the same key), then the name folded, then names that start as
    written, a unit of the kind a suffix names ("kommune", "fylke") before one of the other kind, as a query's
    score has it; then preferred names and units still valid.

    Where nothing starts so, the prefix is read as a query's text is (:meth:`Reconciler.ranked`: a number beside a
    name, the pieces of "Notodden (Kongsberg)", a misspelt name), its candidates ranked by score: OpenRefine's
    "Search for match" fills the prefix with a cell that did not match, whole."""
    type_name = type_name.strip() if type_name else None  # a blank type is no type
    kind = type_of(type_name, index.base) if type_name else None
    if type_name and kind is None:
        raise QueryError(f"unknown type {shown(type_name)}; the types are "
                         + ", ".join(f"{t.id(index.base)} ({t.kind})" for t in TYPES))
    text = cell_text(prefix)
    found: dict[str, tuple[bool, ...]] = {}
    if text.startswith(index.base + "/id/"):
        for iri in index.iris[bisect.bisect_left(index.iris, text):]:
            if not iri.startswith(text):
                break
            found[iri] = (iri != text,)
    if text and not found:
        found |= _by_identifier_prefix(index, text)
    parsed = parse(text, index.county_keys) if text and not found else None
    if parsed is not None and parsed.key:
        as_written = written(text)[0]

        hint = parsed.kind_hint

        def other_kind(unit_kind: str) -> bool:  # "Oslo kommune", "Oslo k": the municipality before the county
            return bool(hint) and unit_kind != hint

        def offer(rows: Iterable[NameRow], whole: bool) -> None:
            for row in rows:
                unit = index.units[row.iri]
                spellings = written(row.name)
                rank = (as_written not in spellings, not whole, other_kind(unit.kind),
                        not any(w.startswith(as_written) for w in spellings), not row.preferred, not unit.current)
                found[row.iri] = min(found.get(row.iri, rank), rank)

        start = bisect.bisect_left(index.keys, parsed.key)
        for k in index.keys[start:]:
            if not k.startswith(parsed.key):
                break
            offer(index.names[k], k == parsed.key)
        if parsed.qualifier:  # "Herøy (Nordland)": the units in that county, where one of the name's is
            found = {i: r for i, r in found.items() if _in_county(index, i, parsed.qualifier)} or found
        else:  # "Herøy (N", "Bø i T", "Nes Busk": a name whose county is being typed, the units in such a county
            for name, county in county_begun(text, index.county_keys):
                offer((r for r in index.names.get(name, []) if _in_county(index, r.iri, county)), False)
    if kind is not None:
        found = {i: r for i, r in found.items() if index.units[i].kind == kind.kind}
    if found:
        ranked = sorted(found, key=lambda i: (found[i], index.units[i].name, i))[cursor:cursor + limit]
    elif text:  # a whole cell: what a reconciliation query of it finds
        query = Query(text, (kind.kind,) if kind is not None else ())
        ranked = [c.unit.iri for c in Reconciler(index, limits or Limits()).ranked(query)[cursor:cursor + limit]]
    else:
        ranked = []
    return {"result": [{"id": i, "name": index.units[i].name, "description": index.units[i].description,
                        "notable": [index.type_json(index.units[i])]} for i in ranked]}


def _in_county(index: Index, iri: str, start: str) -> bool:
    """Whether the unit ``iri`` was ever in a county whose name (a key) begins with ``start``."""
    return any(k.startswith(start) for county in index.units[iri].counties for k in index.keys_of.get(county, ()))


def _by_identifier_prefix(index: Index, text: str) -> dict[str, tuple[bool, ...]]:
    """Suggest by identifier, as a reconciliation query finds by one: the units of a Wikidata item, of an
    organisation number, or holding a number (kommunenummer, fylkesnummer) that starts with ``text``; each ranked
    by whether its number is ``text`` whole."""
    if (qid := _qid(text)) is not None:
        return {u.iri: (False,) for u in index.by_wikidata.get(qid, [])}
    if (orgnr := _orgnr(text)).isdigit() and len(orgnr) == 9:
        return {u.iri: (False,) for u in index.by_orgnr.get(orgnr, [])}
    digits = _digits(text)
    if not digits.isdigit() or len(digits) > 4:
        return {}
    # "301" is also 0301, a kommunenummer a spreadsheet dropped the zero of, as a query reads it (codes_of)
    whole = {digits, digits.zfill(4)} if len(digits) == 3 else {digits}
    found: dict[str, tuple[bool, ...]] = {}
    for code, units in index.by_code.items():
        if code.startswith(digits) or code in whole:
            for unit in units:
                found[unit.iri] = min(found.get(unit.iri, (True,)), (code not in whole,))
    return found


def _starts(prefix: str, *texts: str) -> bool:
    """Whether a text, or a word of one, starts with ``prefix`` (case folded; empty: always)."""
    folded = prefix.strip().casefold()
    return not folded or any(w.startswith(folded) for t in texts for w in (t.casefold(), *_WORD.findall(t.casefold())))


def suggest_types(index: Index, prefix: str, limit: int, cursor: int = 0) -> dict[str, Any]:
    """The types whose short id, name, a word of it, or class IRI starts with ``prefix``; ``cursor`` skipped."""
    return {"result": [{"id": t.id(index.base), "name": t.name, "description": t.description} for t in TYPES
                       if _starts(prefix, t.kind, t.name, t.id(index.base))][cursor:cursor + limit]}


def suggest_properties(index: Index, prefix: str, limit: int, cursor: int = 0,
                       type_name: str | None = None) -> dict[str, Any]:
    """The properties whose id, name or a word of it starts with ``prefix``, the one whose id it is first; of
    ``type_name``'s kind where one is given (an OpenRefine user's review: ``members`` was offered for a municipality,
    which the properties proposed for one do not list, and whose values are always none); ``cursor`` skipped. The
    type is read as a proposal's (:func:`_asked_type`)."""
    kind = _asked_type(index, type_name)
    found = [p for p in PROPERTIES if _starts(prefix, p.id, p.name) and (kind is None or kind.kind in p.kinds)]
    found.sort(key=lambda p: p.id != prefix.strip().casefold())  # stable: the exact id first, the rest in order
    return {"result": [{"id": p.id, "name": p.name, "description": p.description} for p in found][
        cursor:cursor + limit]}
