"""The programme's city regions as a table for spreadsheets, rendered when the build is made: ``/doc/regions.csv``,
one row per region with its names, applicant, members, county, phases, how sure its member list is and its
sources, and its CSV on the Web metadata (``…csv-metadata.json``), whose templates turn each row into the
triples the graph holds of the region (``skos:prefLabel`` in both languages, ``br:county``, ``br:memberCount``,
``br:referenceDate``, ``dct:source``).

A Wikidata editor's review asked for it: a listing of the regions with their labels is what Mix'n'match and a
spreadsheet take in, and the regions were in RDF, SPARQL and the memberships table (one row per member) only.
Pure: the build's code history and index in, a :class:`~byregion.identifiers.documents.RenderedTable` out.
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS

from byregion import i18n
from byregion.graph_index import GraphIndex
from byregion.identifiers.documents import (
    RenderedTable,
    TableError,
    csv_bytes,
    csvw_column,
    csvw_table,
    metadata_bytes,
)
from byregion.identifiers.history import CodeHistory
from byregion.identifiers.paths import REGIONS_TABLE
from byregion.namespaces import QUDT, SCHEMA, ontology_namespace
from byregion.programme import phases
from byregion.programme.table import ProgrammeTable, position, text

#: The columns, in order, and what each holds (the metadata's ``dc:description`` of each).
COLUMNS: dict[str, str] = {
    "region": "The city region's IRI (br:CityRegion).",
    "name": "Its name in Norwegian (skos:prefLabel, nb), as the programme's sources write it.",
    "name_en": "Its name in English (skos:prefLabel, en): the sources give none, so mostly the Norwegian one.",
    "applicant": "The IRI of its applicant municipality (søkerkommune; not in the RDF of this table: the "
                 "membership whose org:role is br:applicant).",
    "applicant_name": "The applicant's name as the sources write it (not in the RDF of this table).",
    "members": "Its member municipalities' names as the sources write them, the applicant first, separated by "
               "'; ' (not in the RDF of this table: /doc/memberships.csv has one row per member).",
    "member_count": "How many municipalities it had (br:memberCount); empty where that is not known.",
    "county": "The IRI of the county it lay in on its reference date (br:county).",
    "county_name": "That county's name (not in the RDF of this table).",
    "reference_date": "The day its members and county are given for (br:referenceDate).",
    "phases": "The programme's phases it took part in, separated by a space: '1 2', or '2' for a region new in "
              "phase 2 (not in the RDF of this table: its br:participation).",
    "inferred_phases": "Those of its phases inferred rather than stated by the sources (br:confidence br:inferred "
                       "on the participation; docs/programme.md says how).",
    "confidence": "How its member list is known (its br:confidence, as skos:notation): fakta (the region's facts "
                  "block), secondary, unverified or count-only (docs/programme.md).",
    "source": "The page it is known from (dct:source); the first in IRI order where there are two.",
    "other_source": "Another page it is known from (dct:source), where there is one (no region has more than two).",
    "population": "Its population as its source gives it (br:population: the figure's schema:value); empty where "
                  "no source gives one. Added 2026-12-05, after the columns before it.",
    "population_date": "The day that population is of (the figure's dct:date), 2015-01-01 for every region.",
    "area_km2": "Its area in km² as its source gives it (br:area: the figure's qudt:numericValue, unit:KiloM2); "
                "empty where no source gives one.",
}


TABLE = ProgrammeTable(
    REGIONS_TABLE, ("Byregionene i Byregionprogrammet", "The city regions of the City Region Programme"), (
        "Én rad per byregion i Byregionprogrammet: regionens IRI, navn, søkerkommune, medlemskommuner og antall, "
        "fylke, hvilke faser den var med i, hvor sikker medlemslisten er, og kildene. CSV på weben-metadataene gjør "
        "hver rad til de samme triplene som grafen har om regionens navn, fylke, antall, dato og kilder.",
        "One row per city region of the City Region Programme: the region's IRI, names, applicant, member "
        "municipalities and their number, county, the phases it took part in, how sure its member list is, and its "
        "sources. Its CSV on the Web metadata turns each row into the triples the graph holds of the region's "
        "names, county, count, date and sources."))


def rows(history: CodeHistory, index: GraphIndex) -> list[dict[str, str]]:
    """One row per city region, by its Norwegian name."""
    br = ontology_namespace(index.base)
    out = []
    regions = [r for r in index.subjects_with(RDF.type, br.CityRegion) if isinstance(r, URIRef)]
    for region in sorted(regions, key=lambda r: (i18n.norwegian_key(text(index, r, SKOS.prefLabel)), str(r))):
        memberships = sorted((m for m in index.values(region, br.membership) if isinstance(m, URIRef)),
                             key=lambda m: position(index, m))
        named = [(m, member) for m in memberships if isinstance(member := index.value(m, ORG.member), URIRef)]
        names = [text(index, m, SCHEMA.text) or history.name(str(member)) for m, member in named]
        applicant = next(((m, member) for m, member in named if index.value(m, ORG.role) == br.applicant), None)
        county, count = index.value(region, br.county), index.value(region, br.memberCount)
        confidence = index.value(region, br.confidence)
        taken, inferred = phases.taken(index, region, br)
        out.append({
            "region": str(region), "name": text(index, region, SKOS.prefLabel),
            "name_en": next((str(v) for v in index.literal_values(region, SKOS.prefLabel) if v.language == "en"), ""),
            "applicant": str(applicant[1]) if applicant else "",
            "applicant_name": (text(index, applicant[0], SCHEMA.text) or history.name(str(applicant[1])))
            if applicant else "",
            "members": "; ".join(names), "member_count": str(count) if count is not None else "",
            "county": str(county) if isinstance(county, URIRef) else "",
            "county_name": text(index, county, SKOS.prefLabel) if isinstance(county, URIRef) else "",
            "reference_date": str(index.value(region, br.referenceDate) or ""),
            "phases": " ".join(taken), "inferred_phases": " ".join(inferred),
            "confidence": text(index, confidence, SKOS.notation) if isinstance(confidence, URIRef) else "",
            **_sources(region, sorted(str(s) for s in index.values(region, DCTERMS.source) if isinstance(s, URIRef))),
            **_figures(index, region, br),
        })
    return out


def _figures(index: GraphIndex, region: URIRef, br: Namespace) -> dict[str, str]:
    """The ``population``, ``population_date`` and ``area_km2`` cells: the region's figures as its source gives
    them (one of each at most: a second would be a conflict the build reports, and the first is shown)."""
    population, area = index.value(region, br.population), index.value(region, br.area)
    people = index.value(population, SCHEMA.value) if population is not None else None
    day = index.value(population, DCTERMS.date) if population is not None else None
    km2 = (index.value(area, QUDT.numericValue) or index.value(area, SCHEMA.value)) if area is not None else None
    return {"population": str(people) if people is not None else "", "population_date": str(day or ""),
            "area_km2": str(km2) if km2 is not None else ""}


def _sources(region: URIRef, sources: list[str]) -> dict[str, str]:
    """The ``source`` and ``other_source`` cells: one IRI each, as CSVW's ``valueUrl`` makes one IRI of a cell (a
    list in one cell would come out as one IRI of the values joined)."""
    if len(sources) > 2:
        raise TableError(f"{region} has {len(sources)} sources; the regions table has room for two")
    return {"source": sources[0] if sources else "", "other_source": sources[1] if len(sources) > 1 else ""}


def metadata(base: str) -> dict[str, object]:
    """The CSVW metadata (https://www.w3.org/TR/tabular-metadata/): each row is a region (its ``aboutUrl``); the
    columns that are not the graph's are ``suppressOutput``."""
    br = str(ontology_namespace(base))

    def column(name: str, property_url: str | None = None, **more: object) -> dict[str, object]:
        return csvw_column(name, COLUMNS[name], property_url, **more)

    columns = [
        column("region", required=True, suppressOutput=True),
        column("name", str(SKOS.prefLabel), lang="nb", required=True),
        column("name_en", str(SKOS.prefLabel), lang="en"),
        column("applicant"), column("applicant_name"), column("members", separator="; "),
        column("member_count", br + "memberCount", datatype="integer"),
        column("county", br + "county", valueUrl="{+county}"),
        column("county_name"),
        column("reference_date", br + "referenceDate", datatype="date"),
        # lists of phase numbers, each an integer (pandas had read a lone "1" as 1.0)
        column("phases", separator=" ", datatype="integer"),
        column("inferred_phases", separator=" ", datatype="integer"),
        column("confidence"),
        column("source", str(DCTERMS.source), valueUrl="{+source}"),
        column("other_source", str(DCTERMS.source), valueUrl="{+other_source}"),
        # the figures are nodes of their own in the graph (with their sources): here their values, for a spreadsheet
        column("population", datatype="integer"), column("population_date", datatype="date"),
        column("area_km2", datatype="decimal"),
        {"name": "region_type", "virtual": True, "propertyUrl": str(RDF.type), "valueUrl": br + "CityRegion"},
    ]
    return csvw_table(TABLE, base, {"columns": columns, "aboutUrl": "{+region}", "primaryKey": "region"})


def render(history: CodeHistory, index: GraphIndex) -> list[RenderedTable]:
    """The regions table, or none where the build has no city region."""
    found = rows(history, index)
    if not found:
        return []
    return [RenderedTable(TABLE, csv_bytes(list(COLUMNS), found), metadata_bytes(metadata(index.base)), tuple(found))]

