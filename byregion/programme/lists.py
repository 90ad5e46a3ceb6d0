"""The programme's two tables as pages for readers, rendered when the build is made: ``/doc/memberships`` (one row
per region and member municipality, with the municipality's numbers in 2015, 2020 and 2024, its successors and how
sure the membership is) and ``/doc/regions`` (one row per city region), each the table of the same name without
``.csv`` (:data:`~byregion.identifiers.paths.LISTS`), as the lists of municipalities and counties are
(:func:`byregion.identifiers.documents.list_page`).

A linker checking kommunenummer across the 2020 and 2024 reforms had to read CSV: the pages show the CSV's rows, row
for row and in its order, each region, municipality, successor and county linked to its page, the confidence of each
fact in words (an uncertain one marked as the region's and municipality's pages mark it, ``doubt``), and link the CSV
and its CSVW metadata in their head and in their answers' ``Link`` header
(:func:`~byregion.identifiers.documents.list_links`). Pure: the build's code history and index in, documents out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from rdflib import URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from byregion import i18n, uris
from byregion.build.render import pages
from byregion.build.render.documents import Document, html_variant
from byregion.docstore import representation
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES
from byregion.identifiers.documents import SEVERAL, TableError, list_links
from byregion.identifiers.history import REFORMS, CodeHistory
from byregion.identifiers.paths import LISTS, MEMBERSHIPS_TABLE, REGIONS_TABLE
from byregion.mediatypes import HTML, HTML_TYPE
from byregion.namespaces import ontology_namespace
from byregion.programme import regions_table, table
from byregion.programme.table import ProgrammeTable

#: The confidence levels most sure first, as the ontology lists them (``br:ConfidenceLevel``'s ``owl:oneOf``, by
#: their ``skos:notation``): what a column of confidence sorts by, not the words' alphabetical order.
LEVELS = ("fakta", "secondary", "unverified", "count-only", "inferred", "unknown")
#: The level a fact is known at without doubt (the region's facts block): any other is shown as uncertain.
CERTAIN = "fakta"
#: The day a region's figures and county are given for, where the table gives none (its ``reference_date``).
REFERENCE_DAY = "2015-01-01"
#: The years of the memberships' numbers (``code_2015`` …): the regions' reference date's, and the reforms'.
YEARS = (2015, *(day.year for day in REFORMS))
#: Each programme list's texts (i18n keys): its title (also the home page's link) and its introduction.
TEXTS: dict[str, tuple[str, str]] = {
    MEMBERSHIPS_TABLE: ("list_memberships", "list_memberships_intro"),
    REGIONS_TABLE: ("list_regions", "list_regions_intro"),
}
#: The list each one names under "See also": the other.
SEE_ALSO = {MEMBERSHIPS_TABLE: REGIONS_TABLE, REGIONS_TABLE: MEMBERSHIPS_TABLE}


def list_pages(history: CodeHistory, index: GraphIndex, found: dict[str, list[dict[str, str]]]
               ) -> Iterator[Document]:
    """The page of each programme table the build made, from the rows of its CSV (``found``, by the table's path;
    none where the build has no city region, as it has no table)."""
    if found.get(MEMBERSHIPS_TABLE):
        yield memberships_page(found[MEMBERSHIPS_TABLE], history, index)
    if found.get(REGIONS_TABLE):
        yield regions_page(found[REGIONS_TABLE], index)


def label(index: GraphIndex, node: Node, lang: str) -> str:
    """A term's ``skos:prefLabel`` in ``lang``, else in Norwegian, else any, else its local name."""
    values = index.literal_values(node, SKOS.prefLabel)
    found = next((v for v in values if v.language == lang), None) \
        or next((v for v in values if v.language == "nb"), None) or next(iter(values), None)
    return str(found) if found is not None else str(node).rsplit("#", 1)[-1]


def level(index: GraphIndex, node: Node | None, notation: str, lang: str, href: pages.Linker) -> dict[str, Any]:
    """A confidence cell: the level's words linked to its term, whether it is uncertain, and its rank for sorting
    (most sure first; none for an empty cell, which sorts last). ``node`` is the level the graph gives, which must
    be the one the table's cell names."""
    if not notation:
        return {"text": "", "href": "", "doubt": False, "rank": ""}
    if node is None or str(index.value(node, SKOS.notation)) != notation:
        raise TableError(f"the confidence {notation!r} of a row is not the graph's ({node})")
    rank = LEVELS.index(notation) + 1 if notation in LEVELS else len(LEVELS) + 1
    return {"text": label(index, node, lang), "href": href(str(node)), "doubt": notation != CERTAIN,
            "rank": f"{rank}"}


def _page(programme_table: ProgrammeTable, template: str, base: str, intro: dict[str, str], **context: Any
          ) -> Document:
    """A programme list's document: ``template`` in each language, HTML alone, with the links of its table."""
    path = LISTS[programme_table.path]
    title_key, _ = TEXTS[programme_table.path]
    other = SEE_ALSO[programme_table.path]
    links = list_links(programme_table)
    reps = []
    for lang, caption in zip(LANGUAGES, programme_table.titles, strict=True):
        body = pages.render(
            template, lang, title_key=title_key, intro=intro[lang], caption=caption, csv=programme_table.path,
            csv_name=programme_table.path.rsplit("/", 1)[-1], metadata=programme_table.metadata_path,
            landing="/dataset#" + str(uris.table_page(programme_table.path)).rsplit("#", 1)[1],
            other={"href": LISTS[other], "key": TEXTS[other][0]}, page_urls=i18n.page_urls(path, origin=base),
            alternates=[(link.href, link.media_type, link.label) for link in links],
            **{name: value(lang) if callable(value) else value for name, value in context.items()}).encode("utf-8")
        reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
    return Document(path, (HTML.extension,), tuple(reps), links=links)


# ----------------------------------------------------------------------------------------------- memberships

def _successors(history: CodeHistory, row: dict[str, str], day: dt.date, href: pages.Linker
                ) -> list[dict[str, str]]:
    """The row's successors on ``day`` (its ``successor_{year}`` and ``successor_code_{year}`` cells), each linked to
    its unit: the units the table's cells name, in their order."""
    year = day.year
    names = row[f"successor_{year}"].split(SEVERAL) if row[f"successor_{year}"] else []
    codes = row[f"successor_code_{year}"].split(SEVERAL) if row[f"successor_code_{year}"] else []
    units = table.successors(history, row["municipality"], day)
    if len(units) != len(names) or [held.code for _, held in units] != codes:
        raise TableError(f"{row['membership']}: the successors of {year} are not the table's")
    return [{"name": name, "code": code, "href": href(unit)} for name, code, (unit, _) in zip(names, codes, units,
                                                                                             strict=True)]


def membership_rows(found: list[dict[str, str]], history: CodeHistory, index: GraphIndex, lang: str
                    ) -> list[dict[str, Any]]:
    """The memberships table's rows as its page shows them in ``lang``, one for each, in the table's order."""
    br = ontology_namespace(index.base)
    href = pages.Linker(index.base, lang=lang)
    shown = []
    for row in found:
        region, role = URIRef(row["region"]), br[row["role"]]
        shown.append({
            "region": row["region_name"], "region_href": href(row["region"]),
            "name": row["name"], "name_today": row["name_today"] if row["name_today"] != row["name"] else "",
            "href": href(row["municipality"]),
            "role": label(index, role, lang), "role_href": href(str(role)),
            "codes": [row[f"code_{year}"] for year in YEARS],
            "successors": [_successors(history, row, day, href) for day in REFORMS],
            "confidence": level(index, index.value(region, br.confidence), row["confidence"], lang, href),
            "role_confidence": level(index, index.value(region, br.applicantConfidence), row["role_confidence"],
                                     lang, href),
        })
    return shown


def uncertain(row: dict[str, str]) -> bool:
    """Whether a membership is known at less than a facts block's word: its region's list, or its role."""
    return row["confidence"] != CERTAIN or row["role_confidence"] not in ("", CERTAIN)


def memberships_page(found: list[dict[str, str]], history: CodeHistory, index: GraphIndex) -> Document:
    """``/doc/memberships`` in each language: the rows of ``/doc/memberships.csv`` (``found``), one per membership."""
    regions = len({row["region"] for row in found})
    doubtful = sum(uncertain(row) for row in found)
    intro = {lang: i18n.t("list_memberships_intro", lang).format(
        rows=i18n.number(len(found), lang), regions=i18n.number(regions, lang),
        uncertain=i18n.number(doubtful, lang)) for lang in LANGUAGES}
    return _page(table.TABLE, "memberships.html", index.base, intro, years=YEARS, reforms=[d.year for d in REFORMS],
                 rows=lambda lang: membership_rows(found, history, index, lang))


# ----------------------------------------------------------------------------------------------- regions

def region_rows(found: list[dict[str, str]], index: GraphIndex, lang: str) -> list[dict[str, Any]]:
    """The regions table's rows as its page shows them in ``lang``, one for each, in the table's order."""
    br = ontology_namespace(index.base)
    href = pages.Linker(index.base, lang=lang)
    shown = []
    for row in found:
        name = row["name_en"] if lang == "en" and row["name_en"] else row["name"]
        shown.append({
            "name": name, "href": href(row["region"]),
            "county": row["county_name"], "county_href": href(row["county"]) if row["county"] else "",
            "county_day": row["reference_date"] if row["reference_date"] not in ("", REFERENCE_DAY) else "",
            "population": row["population"],
            "population_day": row["population_date"] if row["population_date"] not in ("", REFERENCE_DAY) else "",
            "area": row["area_km2"], "members": row["member_count"],
            "member_names": row["members"].split("; ") if row["members"] else [],
            "confidence": level(index, index.value(URIRef(row["region"]), br.confidence), row["confidence"], lang,
                                href),
            "sources": [s for s in (row["source"], row["other_source"]) if s],
        })
    return shown


def regions_page(found: list[dict[str, str]], index: GraphIndex) -> Document:
    """``/doc/regions`` in each language: the rows of ``/doc/regions.csv`` (``found``), one per city region."""
    doubtful = sum(row["confidence"] != CERTAIN for row in found)
    intro = {lang: i18n.t("list_regions_intro", lang).format(
        rows=i18n.number(len(found), lang), uncertain=i18n.number(doubtful, lang)) for lang in LANGUAGES}
    return _page(regions_table.TABLE, "regions.html", index.base, intro,
                 rows=lambda lang: region_rows(found, index, lang))
