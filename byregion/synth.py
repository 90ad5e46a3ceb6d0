"""Synthetic region pages in the programme's template, for building large graphs (docs/build-performance.md).

Pure: the reference tables and a seed in, page texts out. Page ``n`` of seed ``s`` is always the same
text, whatever else is generated, so a repository of any size is a prefix of a larger one and a run
can be repeated byte for byte.

Each page is written the way the real pages are (``data/sources/notodden.txt``, ``docs/importing.md``):
a title, an introduction, "Mål for …" with bullets, "Resultater", "…s råd for samarbeid om regional
utvikling" with numbered advice written "Title, explanation", "Dette jobber byregionen med etter
programslutt", "Utdrag fra … sin søknad til Byregionprogrammet", "Dokumenter" and the "Fakta …" block
naming real municipalities that held a number on 2015-01-01 (:func:`municipalities_on`). The region
itself is made up ("Synth-Askvika"); its name matches none of the programme's regions, so the
importer names it by the page (with a warning saying so).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from dataclasses import dataclass

from byregion.periods import covers
from byregion.uris import slugify

#: The date every synthetic facts block is dated (the programme's tables are dated the same day).
FACTS_DATE = dt.date(2015, 1, 1)
#: What every synthetic region's name (and so its slug, ``synth-…``) starts with.
NAME_PREFIX = "Synth-"

_SYLLABLES = ("As", "Bre", "Dal", "Eid", "Fjor", "Gran", "Hov", "Is", "Kvi", "Lun", "Mo", "Nes", "Os",
              "Rye", "Sand", "Tor", "Ul", "Vik", "Øy", "Å")
_ENDINGS = ("vika", "dalen", "heia", "moen", "lia", "strand", "voll", "bygda", "fjorden", "haug")

_ACTORS = ("Kommunene i regionen", "Regionrådet", "Næringslivet", "Byregionprosjektet", "Prosjektgruppen",
           "Samarbeidskommunene", "Søkerkommunen", "Styringsgruppen", "De unge i regionen", "Fylkeskommunen")
_ACTIONS = ("har styrket", "vil utvikle", "skal kartlegge", "har lagt grunnlaget for", "ønsker å fornye",
            "har fått større kunnskap om", "vil samordne", "har satt i gang arbeid med", "skal videreføre",
            "har prøvd ut")
_TOPICS = ("regional utvikling", "næringsutvikling", "infrastruktur", "offentlige anskaffelser",
           "delingskultur", "basisnæringer", "besøksnæringer", "leverandørnæringer", "interkommunalt samarbeid",
           "tillit mellom kommunene", "kunnskap om pendling", "vann- og avløp", "miljø og renseteknologi",
           "samarbeid med høgskolen", "næringsarealer", "fagmiljø i små kommuner", "vertskapsrolle for nye bedrifter")
_PURPOSES = ("for å skape flere arbeidsplasser", "slik at flere unge flytter hjem etter utdanning",
             "for å styrke samspillet mellom by og omland", "sammen med bedriftene i regionen",
             "med hjelp fra fylkeskommunen", "i tett dialog med innbyggerne", "gjennom et felles sekretariat",
             "slik at regionen blir mer attraktiv", "for å løse felles utfordringer", "over kommunegrensene")
_ADVICE = (("Tid", "samarbeid tar lengre tid enn man tror"),
           ("Eierskap", "politikerne må eie prosjektet fra starten"),
           ("Tillit", "bli enige om hvor man samarbeider og hvor man konkurrerer"),
           ("Forankring", "administrasjonen og næringslivet må være med fra første dag"),
           ("Kunnskap", "felles analyser gir et felles bilde av regionens utfordringer"),
           ("Innovative offentlige anskaffelser", "kommunene er store bestillere og kan bidra til innovasjon"),
           ("Tålmodighet", "resultatene kommer etter at prosjektperioden er over"),
           ("Åpenhet", "del erfaringer, også det som ikke fungerte"))


@dataclass(frozen=True)
class Municipality:
    """A municipality as the reference table has it on :data:`FACTS_DATE`."""

    name: str
    code: str  # kommunenummer valid on FACTS_DATE
    county: str  # the county's two digits


@dataclass(frozen=True)
class Page:
    """One synthetic page: its file stem, the region's name and the page's text."""

    slug: str  # synth-…, the importer's slug for the page (data/sources/{slug}.txt)
    name: str
    text: str


def _valid_on(day: dt.date, start: str, end: str) -> bool:
    return covers(start, end, day.isoformat())


def municipalities_on(municipalities_csv: str, day: dt.date = FACTS_DATE,
                      excluded: frozenset[str] = frozenset()) -> tuple[Municipality, ...]:
    """The municipalities of ``data/reference/csv/municipalities.csv`` that held a number on ``day``.

    Left out, so that every name a page gives resolves to exactly one municipality without the importer's
    same-name rules: names that two municipalities held on ``day`` ("Våler", "Bø (Telemark)"), parallel and
    disambiguated names ("Raarvihke - Røyrvik"), names with "og" ("Nore og Uvdal": the importer splits a
    member list at "og", docs/importing.md), and the names in ``excluded`` (casefolded).
    """
    rows = [row for row in csv.DictReader(io.StringIO(municipalities_csv))
            if _valid_on(day, row["valid_from"], row["valid_to"])]
    bare = Counter(row["name"].split(" (")[0].casefold() for row in rows)
    chosen = {row["code"]: Municipality(row["name"], row["code"], row["county_code"]) for row in rows
              if bare[row["name"].casefold()] == 1 and not {" - ", "(", " og "} & _parts(row["name"])
              and row["name"].casefold() not in excluded}
    return tuple(chosen[code] for code in sorted(chosen))


def _parts(name: str) -> set[str]:
    return {part for part in (" - ", "(", " og ") if part in name}


def region_name(index: int) -> str:
    """A made-up region name, different for every index: ``Synth-Asvika``, ``Synth-Bredalen`` …"""
    parts: list[str] = []
    rest = index
    while True:
        rest, digit = divmod(rest, len(_SYLLABLES))
        parts.append(_SYLLABLES[digit])
        if rest == 0:
            break
        rest -= 1
    rest, ending = divmod(index, len(_ENDINGS))
    word = "".join(reversed(parts)).lower().capitalize() + _ENDINGS[ending]
    return f"{NAME_PREFIX}{word}"


def _sentence(rng: random.Random) -> str:
    return f"{rng.choice(_ACTORS)} {rng.choice(_ACTIONS)} {rng.choice(_TOPICS)} {rng.choice(_PURPOSES)}."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _members(rng: random.Random, municipalities: tuple[Municipality, ...]) -> list[Municipality]:
    """An applicant and one to five partners, from the applicant's county when it has enough."""
    applicant = rng.choice(municipalities)
    same_county = [m for m in municipalities if m.county == applicant.county and m != applicant]
    pool = same_county if len(same_county) >= 5 else [m for m in municipalities if m != applicant]
    return [applicant, *rng.sample(pool, rng.randint(1, 5))]


def _thousands(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def page(index: int, seed: int, municipalities: tuple[Municipality, ...]) -> Page:
    """Page ``index`` of ``seed``: always the same text for the same arguments."""
    rng = random.Random(f"byregion-synth:{seed}:{index}")
    name = region_name(index)
    members = _members(rng, municipalities)
    goals = [_sentence(rng) for _ in range(rng.randint(2, 6))]
    results = [_paragraph(rng, rng.randint(1, 3)) for _ in range(rng.randint(2, 7))]
    advice = rng.sample(_ADVICE, rng.randint(2, 5))
    excerpts = [_paragraph(rng, rng.randint(2, 4)) for _ in range(rng.randint(1, 4))]
    lines = [
        name, "", _paragraph(rng, rng.randint(2, 4)), "",
        f"Mål for {name}", "", *(f"  • {goal}" for goal in goals), "",
        "Resultater", "", *(f"  • {result}" for result in results), "",
        f"{name}s råd for samarbeid om regional utvikling", "",
        *(f"  {n}. {title}, {text}." for n, (title, text) in enumerate(advice, 1)), "",
        "Dette jobber byregionen med etter programslutt", "", _paragraph(rng, rng.randint(2, 5)), "",
        f"Utdrag fra {name} sin søknad til Byregionprogrammet", "",
        *(line for excerpt in excerpts for line in (excerpt, "")),
        "Dokumenter", "",
        f"Fakta {name}", "",
        f"Søkerkommune: {members[0].name}",
        f"Samarbeidskommune{'r' * (len(members) > 2)}: {', '.join(m.name for m in members[1:])}",
        f"Folketall i regionen: {_thousands(rng.randint(8_000, 250_000))} (1.jan 2015)",
        f"Areal i regionen: {_thousands(rng.randint(300, 15_000))} km²",
    ]
    return Page(slugify(name), name, "\n".join(lines) + "\n")
