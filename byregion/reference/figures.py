"""Population and area of the Notodden-region municipalities: the detailed region table and its RDF.

The region table (notodden-region.csv) adds to the national tables, per row, an organisation number,
the population on 2015-01-01 and the area for the row's boundaries. Each is kept only when its
confidence is not low and its source is cited (docs/reference.md "Population and area").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from byregion import i18n, literals, uris
from byregion.namespaces import BR, QUDT, SCHEMA, UNIT
from byregion.reference.rows import Period, Row
from byregion.reference.sources import AREA_MARKER, AREA_SOURCE, ORGNR_MARKER, POPULATION_MARKER, POPULATION_SOURCE

#: The day the region table's population column counts (its name says so).
POPULATION_DATE = dt.date(2015, 1, 1)
AREA_NOTE = {  # what the area figures measure; said on every area figure
    "nb": "polygonareal medregnet ferskvann (Kartverket via Artsdatabanken), ikke SSBs landareal",
    "en": "polygon area including inland water (Kartverket via Artsdatabanken), not SSB land area",
}
# A figure whose confidence says one of these is left out; "medium (same entity assumed)" is kept.
_LOW = re.compile(r"\blow\b|unverified", re.IGNORECASE)


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
    #: The orgnr is confirmed for this row's code (its confidence is plain "high"); otherwise it is carried over
    #: from another code of the unit, "same legal entity assumed".
    orgnr_confirmed: bool = False


def region_row(row: Row) -> RegionRow:
    """A row of notodden-region.csv, checked; figures of low confidence are left out."""
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
    return RegionRow(row, kind, code, period, row.get("wikidata"), kept, population, area,
                     confidence.strip().lower() == "high")


def _confidence(row: Row) -> dict[str, str]:
    parts = (p.split("=", 1) for p in row.get("confidence").split(";") if "=" in p)
    return {k.strip(): v.strip() for k, v in parts}


def _valid_orgnr(text: str) -> bool:
    if not re.fullmatch(r"\d{9}", text):
        return False
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    check = 11 - sum(int(d) * w for d, w in zip(text, weights, strict=False)) % 11
    return (0 if check == 11 else check) == int(text[8])


def _kept_figure(row: Row, column: str, key: str, marker: str, what: str) -> str | None:
    """The cell's text when it is filled, not of low confidence, and its source is cited."""
    text = row.get(column)
    if not text or _LOW.search(_confidence(row).get(key, "low")):
        return None  # no confidence given counts as low: nothing unsourced is published
    if marker not in row.get("source"):
        raise row.error("source", f"{what} {text} is kept but its source does not cite {marker!r}; add a source")
    return text


def _population(row: Row, period: Period) -> int | None:
    text = _kept_figure(row, "population_2015_01_01", "population", POPULATION_MARKER, "population")
    if text is None:
        return None
    if not text.isdigit():
        raise row.error("population_2015_01_01", f"{text!r} is not a whole number of inhabitants")
    if not period.covers(POPULATION_DATE):
        raise row.error("population_2015_01_01", f"a population on {POPULATION_DATE} on a row not valid that day")
    return int(text)


def _area(row: Row) -> Decimal | None:
    text = _kept_figure(row, "area_km2", "area", AREA_MARKER, "area")
    if text is None:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise row.error("area_km2", f"{text!r} is not a number of km² like 920.38 (decimal point)") from None
    if not value.is_finite() or value < 0:
        raise row.error("area_km2", f"{text!r} is not an area of 0 km² or more")
    return value


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
    """The days of ``period`` in words ("til og med 31. desember 2019"), as a label's sentence writes them."""
    start, end = (i18n.date(d.isoformat(), lang) if d else None for d in (period.start, period.end))
    words = {"nb": ("til og med", "fra", "alltid"), "en": ("until", "from", "always")}[lang]
    if start and end:
        return f"{start} – {end}"
    return f"{words[0]} {end}" if end else f"{words[1]} {start}" if start else words[2]


def add_figures(graph: Graph, iri: URIRef, slug: str, name: str,
                populations: Mapping[dt.date, int], areas: Mapping[Period, Decimal]) -> None:
    """The population and area figures of the municipality ``iri`` (slug ``slug``, preferred name ``name``)."""
    for day, inhabitants in sorted(populations.items()):
        figure = uris.thing("municipality", slug, "population", day.isoformat())
        graph.add((iri, BR.population, figure))
        graph.add((figure, RDF.type, BR.PopulationFigure))
        graph.add((figure, SCHEMA.value, Literal(inhabitants, datatype=XSD.integer)))
        graph.add((figure, DCTERMS.date, Literal(day, datatype=XSD.date)))
        graph.add((figure, RDFS.label, Literal(f"Folketall i {name} {i18n.date(day.isoformat(), 'nb')}", lang="nb")))
        graph.add((figure, RDFS.label, Literal(f"Population of {name} on {i18n.date(day.isoformat(), 'en')}",
                                               lang="en")))
        graph.add((figure, PROV.wasDerivedFrom, uris.source(POPULATION_SOURCE)))
    for period, km2 in sorted(areas.items(), key=lambda kv: kv[0].sort_key()):
        figure = uris.thing("municipality", slug, "area", period_slug(period))
        graph.add((iri, BR.area, figure))
        graph.add((figure, RDF.type, BR.AreaFigure))
        graph.add((figure, QUDT.numericValue, literals.decimal(km2)))
        graph.add((figure, QUDT.unit, UNIT.KiloM2))
        # The boundaries the area is of: the validity of the CSV row it comes from.
        if period.start:
            graph.add((figure, SCHEMA.validFrom, Literal(period.start, datatype=XSD.date)))
        if period.end:
            graph.add((figure, SCHEMA.validThrough, Literal(period.end, datatype=XSD.date)))
        graph.add((figure, RDFS.label, Literal(f"Areal for {name}, grensene {_span(period, 'nb')}", lang="nb")))
        graph.add((figure, RDFS.label, Literal(f"Area of {name}, boundaries {_span(period, 'en')}", lang="en")))
        for lang, note in AREA_NOTE.items():
            graph.add((figure, DCTERMS.description, Literal(note, lang=lang)))
        graph.add((figure, PROV.wasDerivedFrom, uris.source(AREA_SOURCE)))
