"""The look-ups' documents, rendered when the build is made: the *choices* of every code more than one unit
has held (the body of a ``300 Multiple Choices``), and the municipalities table for spreadsheets with its CSV on
the Web description. Pure: the build's code history and index in, documents out.

* ``!choices/{scheme}/{code}`` (a path no request can have, like the 404 bodies): HTML (nb, en) and every RDF
  format; the RDF holds, for each unit that held the code, the triples of the graph that make it a holder (its
  type, names, the identifying triple, its numbers with their periods, when it ended and what succeeded it);
* ``/doc/municipalities.csv``: one row per municipality number (RFC 4180, UTF-8, a header row), and
  ``/doc/counties.csv`` one per county number (:data:`TABLES`);
* ``/doc/municipalities`` and ``/doc/counties``: each of those two tables as a page for readers, HTML (nb, en), every
  row's unit (and county) linked to its page, the table's CSV and its place in the dataset description linked
  (:func:`list_page`; the path is the table's without ``.csv``, :data:`~byregion.identifiers.paths.LISTS`); the
  programme's ``/doc/memberships`` and ``/doc/regions`` likewise (:mod:`byregion.programme.lists`);
* ``{table}-metadata.json``: each table's CSVW metadata (``application/csvm+json``), found from the table's URL
  as CSVW's default locating rule says (``{+url}-metadata.json``); its ``aboutUrl`` / ``propertyUrl`` /
  ``valueUrl`` templates turn each row into the triples the graph holds for those columns.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from byregion import describe, i18n, uris
from byregion.build.render import pages
from byregion.build.render.documents import Document, html_variant
from byregion.docstore import PageLink, representation
from byregion.fastgraph import FastGraph
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES
from byregion.identifiers import history
from byregion.identifiers.history import FYLKESNUMMER, KOMMUNENUMMER, REFORMS, CodeHistory, Holding
from byregion.identifiers.paths import (
    COUNTY_TABLE,
    EXPLAINED_STATUSES,
    LINES_MARKER,
    LISTS,
    QUERY_MARKER,
    TABLE,
    choices_path,
    explanation_path,
)
from byregion.licence import LICENCE
from byregion.mediatypes import (
    CSV_TABLE,
    CSV_TABLE_TYPE,
    CSVW_METADATA,
    DOCUMENT_TYPES,
    HTML,
    HTML_TYPE,
    RDF_TYPES,
    content_type,
)
from byregion.namespaces import SCHEMA, WD, ontology_namespace
from byregion.render import serialise_all

#: The municipalities table's columns, in order, and what each holds (the metadata's ``dc:description`` of each).
COLUMNS: dict[str, str] = {
    "municipality": "The municipality's IRI (it holds this number: br:municipalityNumber).",
    "name": "The municipality's name (its latest, skos:prefLabel in Norwegian): Nesbyen on 0616's row too; the name "
            "it bore with this number is in number_label.",
    "code": "The kommunenummer (skos:notation of the number), four digits with the leading zero: read it as text "
            "(pandas: dtype={'code': str}), or 0301 becomes 301.",
    "number_label": "The number with the name the municipality bore while it held it, its last where the name "
                    "changed and the number stayed (the number's rdfs:label): 0616 Nes (Buskerud).",
    "valid_from": "First day the number was valid (schema:validFrom); empty when it predates the records.",
    "valid_through": "Last day the number was valid (schema:validThrough); empty while valid.",
    "county": "The county's IRI in the number's period (br:county).",
    "county_code": "The county's fylkesnummer in the number's period: the kommunenummer's first two digits "
                   "(not in the RDF of this table: the county's own document has it).",
    "county_name": "The county's name (not in the RDF of this table: the county's own document has it).",
    "wikidata": "The municipality's Wikidata item (owl:sameAs), where it is the municipality's alone.",
    "wikidata_shared": "A Wikidata item the municipality shares with another (rdfs:seeAlso), such as Drammen's.",
    "orgnr": "The organisation number in Enhetsregisteret (br:organisationNumber); empty where none is published "
             "with confidence (docs/reference.md, \"What is left out\"). Read it as text too.",
    "ended": "The municipality's last day (schema:dissolutionDate); empty while it exists.",
    "code_2020": "The kommunenummer of 2020-01-01, when the 2020 reform took effect: the municipality's own, or, "
                 "where it had ended by then, those of the municipalities holding its land (' | ' between several); "
                 "empty before it existed. With code_2024, the crosswalk across the reforms (not in the RDF of "
                 "this table: the numbers' own rows have it).",
    "code_2024": "The kommunenummer of 2024-01-01, when the 2024 reform took effect, as code_2020 gives 2020's: "
                 "Haram (1534) is 1580 again, the rest of Ålesund (1507) 1508.",
}
#: Between several codes or names in one cell (a unit split into two).
SEVERAL = " | "
#: The counties table's columns.
COUNTY_COLUMNS: dict[str, str] = {
    "county": "The county's IRI (it holds this number: br:countyNumber).",
    "name": "The county's name (its latest, skos:prefLabel in Norwegian).",
    "code": "The fylkesnummer (skos:notation of the number), two digits with the leading zero: read it as text, "
            "or 03 becomes 3.",
    "number_label": "The number with the name the county bore while it held it (the number's rdfs:label).",
    "valid_from": COLUMNS["valid_from"],
    "valid_through": COLUMNS["valid_through"],
    "wikidata": "The county's Wikidata item (owl:sameAs), where it is the county's alone.",
    "wikidata_shared": "A Wikidata item the county shares with another (rdfs:seeAlso).",
    "orgnr": COLUMNS["orgnr"],
    "ended": "The county's last day (schema:dissolutionDate); empty while it exists.",
    "code_2020": "The fylkesnummer of 2020-01-01: the county's own, or, where it had ended by then, those of the "
                 "counties it merged into (br:succeededBy; ' | ' between several). A municipality that moved to "
                 "another county on the day (Svelvik to Viken) is not counted: the county's change events say so.",
    "code_2024": "The fylkesnummer of 2024-01-01, as code_2020 gives 2020's. A county re-established in 2024 "
                 "(Akershus: 02, then 30 Viken's land, then 32) is one county with a gap (docs/reference.md).",
}


@dataclass(frozen=True)
class Table:
    """A table for spreadsheets of one kind of unit's numbers, one row per number, with its CSVW metadata."""

    path: str  # /doc/municipalities.csv; its metadata is at {path}-metadata.json
    scheme: str  # the code history's scheme of the numbers
    unit: str  # the column of the unit's IRI, and the word of its IRIs' templates
    unit_class: str  # the unit's class and its number's, and the property between them (br:)
    number_class: str
    number_property: str
    digits: int
    columns: dict[str, str]
    titles: tuple[str, str]  # nb, en
    descriptions: tuple[str, str]  # nb, en: what a row is and holds (the catalogue's dct:description)
    keywords: tuple[str, str]  # nb, en

    @property
    def metadata_path(self) -> str:
        return self.path + "-metadata.json"

    @property
    def period(self) -> tuple[str, str | None]:
        """The days the table covers: from the reference data's first (each row is a number valid on some day
        since), with no last while the data is kept up."""
        return COVERED_FROM, None

    @property
    def numbers_have_county(self) -> bool:
        """Whether each number names the county it lay in (``county``, ``county_name``): a municipality's does,
        a county's does not."""
        return "county_name" in self.columns


#: The first day the tables cover, that of the reference data (:data:`byregion.identifiers.history.COVERED_FROM`,
#: docs/reference.md): each row is a number valid on some day since, and a table has no last day while the data is
#: kept up (its ``dct:temporal`` in the catalogue).
COVERED_FROM = history.COVERED_FROM.isoformat()

#: The tables the build makes.
TABLES = (
    Table(TABLE, KOMMUNENUMMER, "municipality", "Municipality", "MunicipalityNumber", "municipalityNumber", 4,
          COLUMNS, ("Kommuner og kommunenummer siden 2014", "Municipalities and their numbers since 2014"),
          ("Én rad per kommunenummer siden 2014, gjennom reformene i 2020 og 2024: kommunens IRI og navn, nummeret "
           "og når det gjaldt, fylket, Wikidata, organisasjonsnummeret og når kommunen opphørte. CSV på weben-"
           "metadataene gjør hver rad til de samme triplene som grafen har.",
           "One row per municipality number since 2014, through the 2020 and 2024 reforms: the municipality's IRI "
           "and name, the number and when it was valid, the county, Wikidata, the organisation number and when the "
           "municipality ended. Its CSV on the Web metadata turns each row into the triples the graph holds."),
          ("kommunenummer", "municipality numbers")),
    Table(COUNTY_TABLE, FYLKESNUMMER, "county", "County", "CountyNumber", "countyNumber", 2, COUNTY_COLUMNS,
          ("Fylker og fylkesnummer siden 2014", "Counties and their numbers since 2014"),
          ("Én rad per fylkesnummer siden 2014, gjennom reformene i 2020 og 2024: fylkets IRI og navn, nummeret og "
           "når det gjaldt, Wikidata, organisasjonsnummeret og når fylket opphørte. CSV på weben-metadataene gjør "
           "hver rad til de samme triplene som grafen har.",
           "One row per county number since 2014, through the 2020 and 2024 reforms: the county's IRI and name, "
           "the number and when it was valid, Wikidata, the organisation number and when the county ended. Its CSV "
           "on the Web metadata turns each row into the triples the graph holds."),
          ("fylkesnummer", "county numbers")),
)


class Described(Protocol):
    """What the catalogue and the manifest need of a table: where it is and what it is called and holds."""

    @property
    def path(self) -> str: ...
    @property
    def metadata_path(self) -> str: ...
    @property
    def titles(self) -> tuple[str, str]: ...
    @property
    def descriptions(self) -> tuple[str, str]: ...
    @property
    def keywords(self) -> tuple[str, str]: ...
    @property
    def period(self) -> tuple[str, str | None]: ...


@dataclass(frozen=True)
class RenderedTable:
    """A table's CSV and CSVW metadata, made once: its two documents and its entry in the manifest (which the
    catalogue reads: each table is a dataset of its own with a CSV distribution) come from the same bytes."""

    table: Described
    csv: bytes
    metadata: bytes
    #: The rows the CSV holds, as dictionaries by column: the table's page shows them (made once, for both).
    found: tuple[dict[str, str], ...]

    @property
    def rows(self) -> int:
        return len(self.found)

    def documents(self) -> tuple[Document, Document]:
        path, metadata_path = self.table.path, self.table.metadata_path
        return (Document(path, ("",), (representation(path, "", CSV_TABLE_TYPE, self.csv),)),
                Document(metadata_path, ("",), (representation(metadata_path, "", CSVW_METADATA.name, self.metadata),)))

    def manifest_entry(self) -> dict[str, Any]:
        """``manifest["tables"]`` entry: where the table and its metadata are, its size, SHA-256 and texts."""
        table = self.table
        return {
            "path": table.path, "metadata": table.metadata_path, "rows": self.rows, "bytes": len(self.csv),
            "sha256": hashlib.sha256(self.csv).hexdigest(),
            "title": dict(zip(LANGUAGES, table.titles, strict=True)),
            "description": dict(zip(LANGUAGES, table.descriptions, strict=True)),
            "keyword": dict(zip(LANGUAGES, table.keywords, strict=True)),
            "period": {"start": table.period[0], **({"end": table.period[1]} if table.period[1] else {})},
        }


def render_tables(history: CodeHistory, index: GraphIndex) -> list[RenderedTable]:
    """Every table of :data:`TABLES`, rendered from the code history and the graph, then the programme's
    memberships (:mod:`byregion.programme.table`) and regions (:mod:`byregion.programme.regions_table`)."""
    from byregion.programme import regions_table
    from byregion.programme import table as programme_table

    br = ontology_namespace(index.base)
    rendered = []
    for table in TABLES:
        rows = table_rows(table, history, index, br)
        rendered.append(RenderedTable(table, csv_bytes(list(table.columns), rows),
                                      metadata_bytes(table_metadata(table, index.base)), tuple(rows)))
    return [*rendered, *programme_table.render(history, index), *regions_table.render(history, index)]


def csv_bytes(columns: list[str], rows: list[dict[str, str]]) -> bytes:
    """A table as RFC 4180 says: UTF-8, a header row, CRLF line ends, quoted only where a field needs it."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def metadata_bytes(metadata: dict[str, Any]) -> bytes:
    return json.dumps(metadata, indent=2, ensure_ascii=False).encode("utf-8") + b"\n"


class TableError(ValueError):
    """The table cannot say what the graph says (a number IRI not of the form the templates make)."""


def documents(history: CodeHistory, index: GraphIndex, tables: list[RenderedTable] | None = None
              ) -> Iterator[Document]:
    """Every document of the look-ups: the choices of each code held by several units, then the tables
    (``tables`` when already rendered, else rendered here) and their pages, from the same rows."""
    br = ontology_namespace(index.base)
    codes = dict.fromkeys((h.scheme, h.code) for h in history.holdings)
    for scheme, code in codes:
        if len(history.holder_iris(scheme, code)) > 1:
            yield choices(history, index, scheme, code, br)
    rendered_tables = render_tables(history, index) if tables is None else tables
    for rendered in rendered_tables:
        yield from rendered.documents()
    found = {rendered.table.path: list(rendered.found) for rendered in rendered_tables}
    for table in TABLES:
        yield list_page(table, found[table.path], index.base)
    from byregion.programme import lists as programme_lists
    yield from programme_lists.list_pages(history, index, found)
    yield from explanations()


def explanations() -> Iterator[Document]:
    """The pages around the look-ups' explanations (``!lookup/{status}``), in each language, with the markers the
    server replaces (``LINES_MARKER``, ``QUERY_MARKER`` of :mod:`byregion.identifiers.paths`). Search engines are
    asked not to list them; the links to the tables say where every code is."""
    for status in EXPLAINED_STATUSES:
        path = explanation_path(status)
        reps = []
        for lang in LANGUAGES:
            body = pages.environment().get_template("lookup.html").render(
                lang=lang, t=lambda key, lang=lang: i18n.t(key, lang), languages=LANGUAGES, noindex=True,
                url_with_lang=lambda code: f"{QUERY_MARKER}lang={code}", title_key=f"lookup_title_{status}",
                marker=LINES_MARKER, tables=(TABLE, COUNTY_TABLE)).encode("utf-8")
            reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
        yield Document(path, ("html",), tuple(reps))


# ----------------------------------------------------------------------------------------------- choices

def holder_graph(index: GraphIndex, holders: tuple[str, ...], br: Namespace) -> Graph:
    """The graph's triples that say what each of ``holders`` is and which codes it held when."""
    kept = {RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.dissolutionDate, br.succeededBy, br.succeeds, br.areaWithin,
            br.municipalityNumber, br.countyNumber, br.organisationNumber, OWL.sameAs, RDFS.seeAlso}
    graph: Graph = FastGraph()
    for holder in holders:
        node = URIRef(holder)
        for p, o in index.outgoing.get(node, ()):
            if p not in kept or (p == RDFS.seeAlso and not str(o).startswith(str(WD))):
                continue
            graph.add((node, p, o))
            if p in (br.municipalityNumber, br.countyNumber):
                for q, v in index.outgoing.get(o, ()):
                    graph.add((o, q, v))
    describe.add_labels(index, graph)
    return graph


def _span(holding: Holding) -> dict[str, str]:
    return {"from": holding.valid_from.isoformat() if holding.valid_from else "",
            "through": holding.valid_through.isoformat() if holding.valid_through else ""}


def choices(history: CodeHistory, index: GraphIndex, scheme: str, code: str, br: Namespace) -> Document:
    """The choices of one code: every unit that held it, with its periods (``300 Multiple Choices``)."""
    path = choices_path(scheme, code)
    holders = history.holder_iris(scheme, code)
    graph = holder_graph(index, holders, br)
    bodies = serialise_all(graph, RDF_TYPES, index.base)
    reps = [representation(path, m.extension, content_type(m), bodies[m]) for m in RDF_TYPES]
    kinds = {str(br.Municipality): "municipality", str(br.County): "county"}
    names = history.told_apart(scheme, code)
    example = next((h.valid_from or h.valid_through for h in history.holders(scheme, code)
                    if h.valid_from or h.valid_through), None)
    for lang in LANGUAGES:
        href = pages.Linker(index.base, lang=lang)
        candidates = []
        for holder in holders:
            kind = next((kinds[str(t)] for t in index.values(URIRef(holder), RDF.type) if str(t) in kinds), None)
            held = [h for h in history.holders(scheme, code) if h.holder == holder]
            candidates.append({"name": names[holder], "href": href(holder), "iri": holder, "kind": kind,
                               "spans": [_span(h) for h in held]})
        body = pages.render("choices.html", lang, scheme=scheme, code=code, candidates=candidates,
                            lookup=f"/id/{scheme}/{code}", example=example.isoformat() if example else "2020-01-01",
                            alternates=[]).encode("utf-8")
        reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
    return Document(path, tuple(m.extension for m in DOCUMENT_TYPES), tuple(reps))


# ----------------------------------------------------------------------------------------------- the lists

#: Each list page's texts (i18n keys) by the table it shows: its title (also the home page's link), its
#: introduction, and the name of its unit's column.
LIST_TEXTS: dict[str, tuple[str, str, str]] = {
    TABLE: ("list_municipalities", "list_municipalities_intro", "municipality"),
    COUNTY_TABLE: ("list_counties", "list_counties_intro", "county"),
}
#: The list each of those lists names under "See also": the other.
SEE_ALSO = {TABLE: COUNTY_TABLE, COUNTY_TABLE: TABLE}


def list_rows(table: Table, rows: list[dict[str, str]], href: pages.Linker) -> list[dict[str, str]]:
    """The table's rows as its page shows them: the unit's latest name linked to its page, with the name it bore
    with the number where that was another (0616: Nesbyen, with this number: Nes (Buskerud); not 0233's Nes,
    whose label only adds its county, nor 0137's Våler (Østfold), whose name is its label), the number, its period,
    the county linked (a municipality's), and when the unit ended."""
    shown = []
    for row in rows:
        then = row["number_label"].removeprefix(row["code"] + " ").strip()
        shown.append({"href": href(row[table.unit]), "name": row["name"],
                      "name_then": then if then and row["name"] not in (then, then.split(" (", 1)[0]) else "",
                      "code": row["code"],
                      "from": row["valid_from"], "through": row["valid_through"], "ended": row["ended"],
                      "county_href": href(row["county"]) if row.get("county") else "",
                      "county_name": row.get("county_name", "")})
    return shown


def list_page(table: Table, rows: list[dict[str, str]], base: str) -> Document:
    """The page of every unit of ``table`` (``/doc/municipalities``), in each language: HTML alone, negotiated by
    language as every page; the CSV it shows is the document one name over (``/doc/municipalities.csv``), which it
    links with the table's metadata (:func:`list_links`)."""
    path = LISTS[table.path]
    title_key, intro_key, unit_key = LIST_TEXTS[table.path]
    other = LISTS[SEE_ALSO[table.path]]
    other_key = LIST_TEXTS[SEE_ALSO[table.path]][0]
    units = len({row[table.unit] for row in rows})
    links = list_links(table)
    reps = []
    for lang, title in zip(LANGUAGES, table.titles, strict=True):
        intro = i18n.t(intro_key, lang).format(units=i18n.number(units, lang), rows=i18n.number(len(rows), lang))
        body = pages.render(
            "units.html", lang, title_key=title_key, intro=intro, caption=title, unit_key=unit_key,
            rows=list_rows(table, rows, pages.Linker(base, lang=lang)),
            with_county=table.numbers_have_county, csv=table.path, csv_name=table.path.rsplit("/", 1)[-1],
            metadata=table.metadata_path, landing="/dataset#" + str(uris.table_page(table.path)).rsplit("#", 1)[1],
            other={"href": other, "key": other_key}, page_urls=i18n.page_urls(path, origin=base),
            alternates=[(link.href, link.media_type, link.label) for link in links]).encode("utf-8")
        reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
    return Document(path, (HTML.extension,), tuple(reps), links=links)


def list_links(table: Described) -> tuple[PageLink, ...]:
    """What a list page links, in its head, its list of formats and its answers' ``Link`` header: the table it
    shows, and the table's CSVW metadata (the programme's lists' too, :mod:`byregion.programme.lists`)."""
    return (pages.page_link(table.path, CSV_TABLE), pages.page_link(table.metadata_path, CSVW_METADATA))


# ----------------------------------------------------------------------------------------------- the table

def _literal(index: GraphIndex, subject: str, predicate: URIRef) -> str:
    found = index.value(URIRef(subject), predicate)
    return str(found) if isinstance(found, Literal) else ""


def _nb(index: GraphIndex, subject: str, predicate: URIRef) -> str:
    """The Norwegian literal (the column's ``lang``), else any."""
    values = index.literal_values(URIRef(subject), predicate)
    found = next((v for v in values if v.language == "nb"), None) or next(iter(values), None)
    return str(found) if found is not None else ""


def _item(index: GraphIndex, subject: str, predicate: URIRef) -> str:
    found = sorted(str(o) for o in index.values(URIRef(subject), predicate) if str(o).startswith(str(WD)))
    return found[0][len(str(WD)):] if found else ""


def table_rows(table: Table, history: CodeHistory, index: GraphIndex, br: Namespace) -> list[dict[str, str]]:
    """One row per number of the table's scheme, by code then period (the columns of ``table.columns``)."""
    rows = []
    for h in history.holdings:
        if h.scheme != table.scheme:
            continue
        if h.number != f"{h.holder}/number/{h.code}":
            raise TableError(f"{h.number}: the number of {h.holder} is not at {{{table.unit}}}/number/{{code}}, "
                             "which the table's CSVW templates assume; change byregion.identifiers.documents")
        row = {
            table.unit: h.holder, "name": history.name(h.holder), "code": h.code,
            "number_label": _nb(index, h.number, RDFS.label),
            "valid_from": _span(h)["from"], "valid_through": _span(h)["through"],
            "wikidata": _item(index, h.holder, OWL.sameAs), "wikidata_shared": _item(index, h.holder, RDFS.seeAlso),
            "orgnr": _literal(index, h.holder, br.organisationNumber),
            "ended": _literal(index, h.holder, SCHEMA.dissolutionDate),
            **{f"code_{day.year}": SEVERAL.join(history.codes_on(h.holder, table.scheme, day)) for day in REFORMS}}
        if table.numbers_have_county:
            row |= {"county": h.county or "", "county_code": h.code[:2],
                    "county_name": history.name(h.county) if h.county else ""}
        rows.append({name: row[name] for name in table.columns})
    return rows


def table_metadata(table: Table, base: str) -> dict[str, Any]:
    """The CSVW metadata of a table (https://www.w3.org/TR/tabular-metadata/): each row is a number (the
    row's ``aboutUrl``), and the columns marked so describe the unit (their own ``aboutUrl``)."""
    br = str(ontology_namespace(base))
    unit = f"{{+{table.unit}}}"

    def column(name: str, property_url: str | None, **more: Any) -> dict[str, Any]:
        return csvw_column(name, table.columns[name], property_url, **more)

    every = {
        table.unit: column(table.unit, f"{br}{table.number_property}", aboutUrl=unit,
                           valueUrl=f"{unit}/number/{{code}}", required=True),
        "name": column("name", str(SKOS.prefLabel), aboutUrl=unit, lang="nb", required=True),
        "code": column("code", str(SKOS.notation), datatype={"base": "string", "format": f"^[0-9]{{{table.digits}}}$"},
                       required=True),
        "number_label": column("number_label", str(RDFS.label), lang="nb"),
        "valid_from": column("valid_from", str(SCHEMA.validFrom), datatype="date"),
        "valid_through": column("valid_through", str(SCHEMA.validThrough), datatype="date"),
        "wikidata": column("wikidata", str(OWL.sameAs), aboutUrl=unit, valueUrl=f"{WD}{{wikidata}}"),
        "wikidata_shared": column("wikidata_shared", str(RDFS.seeAlso), aboutUrl=unit,
                                  valueUrl=f"{WD}{{wikidata_shared}}"),
        "orgnr": column("orgnr", f"{br}organisationNumber", aboutUrl=unit),
        "ended": column("ended", str(SCHEMA.dissolutionDate), aboutUrl=unit, datatype="date"),
        **{f"code_{day.year}": column(f"code_{day.year}", None, separator=SEVERAL,
                                      datatype={"base": "string", "format": f"^[0-9]{{{table.digits}}}$"})
           for day in REFORMS},
    }
    if table.numbers_have_county:
        every["county"] = column("county", f"{br}county", valueUrl="{+county}")
        every["county_code"] = column("county_code", None, datatype={"base": "string", "format": "^[0-9]{2}$"})
        every["county_name"] = column("county_name", None)
    columns = [every[name] for name in table.columns]
    columns += [
        {"name": f"{table.unit}_type", "virtual": True, "aboutUrl": unit, "propertyUrl": str(RDF.type),
         "valueUrl": f"{br}{table.unit_class}"},
        {"name": "number_type", "virtual": True, "propertyUrl": str(RDF.type), "valueUrl": f"{br}{table.number_class}"},
    ]
    return csvw_table(table, base, {"columns": columns, "aboutUrl": f"{unit}/number/{{code}}",
                                    "primaryKey": [table.unit, "code"]})


def csvw_column(name: str, description: str, property_url: str | None, **more: Any) -> dict[str, Any]:
    """A CSVW column described: its name as its title, and the property its cells are values of (``propertyUrl``),
    or ``suppressOutput`` where the graph does not say what it holds."""
    # the descriptions are the project's English (a language review: no tag said so)
    described: dict[str, Any] = {"name": name, "titles": name,
                                 "dc:description": {"@value": description, "@language": "en"}}
    if property_url is None:
        described["suppressOutput"] = True
    else:
        described["propertyUrl"] = property_url
    return {**described, **more}


def csvw_table(table: Described, base: str, schema: dict[str, Any]) -> dict[str, Any]:
    """A table's CSVW metadata around its ``tableSchema``: the file (relative to the metadata), its titles, the
    dataset it comes from and the licence."""
    nb, en = table.titles
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": table.path.rsplit("/", 1)[-1],
        "dc:title": [{"@value": nb, "@language": "nb"}, {"@value": en, "@language": "en"}],
        # IRIs, not strings: CSVW reads a common property's plain string as a literal (metadata §5.8)
        "dc:source": {"@id": f"{base}/dataset"},
        "dc:license": {"@id": LICENCE},
        "tableSchema": schema,
    }
