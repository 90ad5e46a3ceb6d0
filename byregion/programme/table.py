"""The programme's memberships as a table for spreadsheets, rendered when the build is made:
``/doc/memberships.csv``, one row per region and member municipality, with the municipality's kommunenummer
on the region's reference date (2015-01-01) and on the first days of the 2020 and 2024 reforms, and its CSV on
the Web metadata (``…csv-metadata.json``), whose templates turn each row into the triples the graph holds of the
membership (``org:organization``, ``org:member``, ``org:role``, ``schema:text``).

A data journalist's review asked for it: the regions' members were in RDF and SPARQL only, and the programme's
own tables (``/source/programme/…``) carry neither IRIs nor the numbers after 2015. Pure: the build's code history
and index in, a :class:`~byregion.identifiers.documents.RenderedTable` out.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from byregion import i18n
from byregion.graph_index import GraphIndex
from byregion.identifiers.documents import (
    SEVERAL,
    RenderedTable,
    csv_bytes,
    csvw_column,
    csvw_table,
    metadata_bytes,
)
from byregion.identifiers.history import KOMMUNENUMMER, REFORMS, CodeHistory, Holding
from byregion.identifiers.paths import MEMBERSHIPS_TABLE
from byregion.namespaces import SCHEMA, ontology_namespace

#: The columns, in order, and what each holds (the metadata's ``dc:description`` of each).
COLUMNS: dict[str, str] = {
    "membership": "The membership's IRI (org:Membership).",
    "region": "The city region's IRI (org:organization).",
    "region_name": "The region's name (its skos:prefLabel in Norwegian; not in the RDF of this table).",
    "municipality": "The member municipality's IRI (org:member).",
    "name": "The member's name as the region's page or the programme's table writes it, in 2015 (schema:text): "
            "Nes, which is Nesbyen today; a short form at times (Lavangen for Loabák - Lavangen).",
    "name_today": "The municipality's name today, or when it ended (its skos:prefLabel; not in the RDF of this "
                  "table).",
    "role": "applicant (søkerkommune) or partner (samarbeidskommune): org:role br:applicant or br:partner.",
    "code_2015": "The municipality's kommunenummer on the region's reference date, 2015-01-01. Read the codes as "
                 "text (pandas: dtype=str), or 0807 becomes 807.",
    "code_2020": "Its kommunenummer on 2020-01-01, after that year's reform; empty if it had ended.",
    "code_2024": "Its kommunenummer on 2024-01-01, after that year's reform; empty if it had ended.",
    "confidence": "How the region's member list is known (its br:confidence, as skos:notation): fakta (the region's "
                  "facts block), secondary, unverified or count-only (docs/programme.md).",
    "successor_2020": "Where it had ended by 2020-01-01: the municipality it had become part of, by the changes "
                      "recorded (br:succeededBy, followed to that day), as named then; several are separated by "
                      "' | ' (a municipality split between others). Empty while it existed.",
    "successor_code_2020": "That successor's kommunenummer on 2020-01-01 (' | ' between several): with code_2020, "
                           "the number its area had after the reform (a small part given to a "
                           "neighbour is not followed).",
    "successor_2024": "The same on 2024-01-01: Sauherad (ended 2019) is Midt-Telemark. Where a successor was itself "
                      "split in 2024, the part that holds the member's area (br:areaWithin, from the boundaries: "
                      "Haram is Haram, Sandøy is Ålesund); both parts where the boundaries do not say.",
    "successor_code_2024": "That successor's kommunenummer on 2024-01-01 (' | ' between several).",
    "role_confidence": "For the applicant: how it is known that this municipality applied (the region's "
                       "br:applicantConfidence, as skos:notation), where the data say: fakta, secondary, or inferred "
                       "(the region is named after it; no source names it). Empty for a partner.",
}


@dataclass(frozen=True)
class ProgrammeTable:
    """A table of the programme: where it is, and what the catalogue says of it
    (:class:`~byregion.identifiers.documents.Described`); the memberships' and the regions'
    (:mod:`byregion.programme.regions_table`)."""

    path: str
    titles: tuple[str, str]
    descriptions: tuple[str, str]
    keywords: tuple[str, str] = ("byregioner", "city regions")
    #: The programme's years (its phases, 2014–2018): the catalogue's dct:temporal of the table.
    period: tuple[str, str | None] = ("2014-01-01", "2018-12-31")

    @property
    def metadata_path(self) -> str:
        return self.path + "-metadata.json"


TABLE = ProgrammeTable(
    MEMBERSHIPS_TABLE, ("Byregionenes medlemskommuner", "The city regions' member municipalities"), (
        "Én rad per byregion og medlemskommune i Byregionprogrammet: regionens og kommunens IRI, kommunens navn da "
        "og nå, om den var søker- eller samarbeidskommune, kommunenummeret 1. januar 2015, 2020 og 2024 (eller "
        "kommunen som da hadde området, der den var slått sammen), og hvor sikker medlemslisten er. "
        "CSV på weben-metadataene gjør hver rad til de samme triplene som grafen har.",
        "One row per city region and member municipality of the City Region Programme: the region's and the "
        "municipality's IRI, the municipality's name then and now, whether it was the applicant or a partner, its "
        "municipality number on 1 January 2015, 2020 and 2024 (or the municipality that then held its area, where "
        "it had merged), and how sure the member list is. Its CSV on the Web "
        "metadata turns each row into the triples the graph holds."))


def text(index: GraphIndex, node: URIRef, predicate: URIRef, lang: str = "nb") -> str:
    """The value of ``predicate`` in ``lang`` (else any), or ''."""
    values = index.literal_values(node, predicate)
    found = next((v for v in values if v.language == lang), None) or next(iter(values), None)
    return str(found) if found is not None else ""


def position(index: GraphIndex, membership: URIRef) -> tuple[int, str]:
    """Where the region lists ``membership`` (its ``schema:position``; last where it has none)."""
    found = index.value(membership, SCHEMA.position)
    return (int(str(found)) if isinstance(found, Literal) and str(found).isdigit() else 1 << 30, str(membership))


def _day(value: object, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)) if value is not None else default
    except ValueError:
        return default


def successors(history: CodeHistory, member: str, on: dt.date) -> tuple[tuple[str, Holding], ...]:
    """Where ``member`` had gone by ``on`` (the ``successor_*`` columns): the units that then held its area, each with
    its number that day; none while it held a number of its own (:meth:`CodeHistory.successors_on`). The page of
    the table links them (byregion.programme.lists)."""
    if history.code_of(member, KOMMUNENUMMER, on) is not None:
        return ()
    return history.successors_on(member, KOMMUNENUMMER, on)


def rows(history: CodeHistory, index: GraphIndex) -> list[dict[str, str]]:
    """One row per membership of every city region, by region name, then as the region lists its members."""
    br = ontology_namespace(index.base)
    out = []
    regions = [r for r in index.subjects_with(RDF.type, br.CityRegion) if isinstance(r, URIRef)]
    for region in sorted(regions, key=lambda r: (i18n.norwegian_key(text(index, r, SKOS.prefLabel)), str(r))):
        day = _day(index.value(region, br.referenceDate), dt.date(2015, 1, 1))
        confidence = index.value(region, br.confidence)
        notation = text(index, confidence, SKOS.notation) if isinstance(confidence, URIRef) else ""
        applicant_confidence = index.value(region, br.applicantConfidence)
        applicant_notation = text(index, applicant_confidence, SKOS.notation) \
            if isinstance(applicant_confidence, URIRef) else ""
        memberships = [m for m in index.values(region, br.membership) if isinstance(m, URIRef)]
        for membership in sorted(memberships, key=lambda m: position(index, m)):
            member, role = index.value(membership, ORG.member), index.value(membership, ORG.role)
            if not isinstance(member, URIRef) or not isinstance(role, URIRef):
                continue

            def code(on: dt.date, member: URIRef = member) -> str:
                held = history.code_of(str(member), KOMMUNENUMMER, on)
                return held.code if held is not None else ""

            def after(on: dt.date, member: URIRef = member) -> tuple[str, str]:
                found = successors(history, str(member), on)
                return (SEVERAL.join(history.name_on(unit, on) for unit, _ in found),
                        SEVERAL.join(held.code for _, held in found))

            (after_2020, code_after_2020), (after_2024, code_after_2024) = (after(day) for day in REFORMS)

            out.append({
                "membership": str(membership), "region": str(region),
                "region_name": text(index, region, SKOS.prefLabel), "municipality": str(member),
                "name": text(index, membership, SCHEMA.text) or history.name(str(member)),
                "name_today": history.name(str(member)), "role": str(role).rsplit("#", 1)[-1],
                "code_2015": code(day), "code_2020": code(REFORMS[0]), "code_2024": code(REFORMS[1]),
                "successor_2020": after_2020, "successor_code_2020": code_after_2020,
                "successor_2024": after_2024, "successor_code_2024": code_after_2024,
                "confidence": notation,
                "role_confidence": applicant_notation if role == br.applicant else ""})
    return out


def metadata(base: str) -> dict[str, object]:
    """The CSVW metadata (https://www.w3.org/TR/tabular-metadata/): each row is a membership (its ``aboutUrl``);
    the columns that are not the graph's are ``suppressOutput``."""
    br = str(ontology_namespace(base))

    def column(name: str, property_url: str | None = None, **more: object) -> dict[str, object]:
        return csvw_column(name, COLUMNS[name], property_url, **more)

    code: dict[str, object] = {"base": "string", "format": "^[0-9]{4}$"}
    columns = [
        column("membership", required=True, suppressOutput=True),
        column("region", str(ORG.organization), valueUrl="{+region}", required=True),
        column("region_name"),
        column("municipality", str(ORG.member), valueUrl="{+municipality}", required=True),
        column("name", str(SCHEMA.text), lang="nb"),
        column("name_today"),
        column("role", str(ORG.role), valueUrl=br + "{role}", required=True),
        column("code_2015", datatype=code), column("code_2020", datatype=code), column("code_2024", datatype=code),
        column("confidence"),  # the columns after it came later (2026-12-05): a reader by position keeps its own
        # several successors (Tysfjord's) in one cell: a list to a CSVW reader, each code a code
        column("successor_2020", separator=SEVERAL), column("successor_code_2020", separator=SEVERAL, datatype=code),
        column("successor_2024", separator=SEVERAL), column("successor_code_2024", separator=SEVERAL, datatype=code),
        column("role_confidence"),
        {"name": "membership_type", "virtual": True, "propertyUrl": str(RDF.type), "valueUrl": str(ORG.Membership)},
    ]
    return csvw_table(TABLE, base, {"columns": columns, "aboutUrl": "{+membership}", "primaryKey": "membership"})


def render(history: CodeHistory, index: GraphIndex) -> list[RenderedTable]:
    """The memberships table, or none where the build has no city region."""
    found = rows(history, index)
    if not found:
        return []
    return [RenderedTable(TABLE, csv_bytes(list(COLUMNS), found), metadata_bytes(metadata(index.base)), tuple(found))]
