"""The look-ups' documents, rendered when the build is made: the *choices* of every code more than one unit
has held (the body of a ``300 Multiple Choices``), and the municipalities table for spreadsheets with its CSV on
the Web description. Pure: the build's code history and index in, documents out.

* ``!choices/{scheme}/{code}`` (a path no request can have, like the 404 bodies): HTML (nb, en) and every RDF
  format; the RDF holds, for each unit that held the code, the triples of the graph that make it a holder (its
  type, names, the identifying triple, its numbers with their periods, when it ended and what succeeded it);
* ``/doc/municipalities.csv``: one row per municipality number (RFC 4180, UTF-8, a header row);
* ``/doc/municipalities.csv-metadata.json``: its CSVW metadata (``application/csvm+json``), found from the
  table's URL as CSVW's default locating rule says (``{+url}-metadata.json``); its ``aboutUrl`` / ``propertyUrl``
  / ``valueUrl`` templates turn each row into the triples the graph holds for those columns.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from byregion import describe
from byregion.build.render import pages
from byregion.build.render.documents import HTML_TYPE, Document, content_type, html_variant
from byregion.dcat.terms import LICENCE
from byregion.docstore import representation
from byregion.fastgraph import FastGraph
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES
from byregion.identifiers.history import KOMMUNENUMMER, CodeHistory, Holding
from byregion.identifiers.paths import TABLE, TABLE_METADATA, choices_path
from byregion.mediatypes import DOCUMENT_TYPES, RDF_TYPES
from byregion.namespaces import SCHEMA, WD
from byregion.render import serialise_all

CSV_TYPE = "text/csv; charset=utf-8; header=present"
CSVW_TYPE = "application/csvm+json"
#: The table's columns, in order, and what each holds (the metadata's ``dc:description`` of each).
COLUMNS: dict[str, str] = {
    "municipality": "The municipality's IRI (it holds this number: br:municipalityNumber).",
    "name": "The municipality's name (its latest, skos:prefLabel in Norwegian).",
    "code": "The kommunenummer (skos:notation of the number), four digits with the leading zero.",
    "valid_from": "First day the number was valid (schema:validFrom); empty when it predates the records.",
    "valid_through": "Last day the number was valid (schema:validThrough); empty while valid.",
    "county": "The county's IRI in the number's period (br:county).",
    "county_name": "The county's name (not in the RDF of this table: the county's own document has it).",
    "wikidata": "The municipality's Wikidata item (owl:sameAs), where it is the municipality's alone.",
    "wikidata_shared": "A Wikidata item the municipality shares with another (rdfs:seeAlso), such as Drammen's.",
    "orgnr": "The organisation number in Enhetsregisteret (br:organisationNumber), where known.",
    "ended": "The municipality's last day (schema:dissolutionDate); empty while it exists.",
}


class TableError(ValueError):
    """The table cannot say what the graph says (a number IRI not of the form the templates make)."""


def documents(history: CodeHistory, index: GraphIndex) -> Iterator[Document]:
    """Every document of the look-ups: the choices of each code held by several units, then the table."""
    br = Namespace(f"{index.base}/def/byregion#")
    codes = dict.fromkeys((h.scheme, h.code) for h in history.holdings)
    for scheme, code in codes:
        if len(history.holder_iris(scheme, code)) > 1:
            yield choices(history, index, scheme, code, br)
    rows = table_rows(history, index, br)
    yield Document(TABLE, ("",), (representation(TABLE, "", CSV_TYPE, table_csv(rows)),))
    metadata = json.dumps(table_metadata(index.base), indent=2, ensure_ascii=False).encode("utf-8") + b"\n"
    yield Document(TABLE_METADATA, ("",), (representation(TABLE_METADATA, "", CSVW_TYPE, metadata),))


# ----------------------------------------------------------------------------------------------- choices

def holder_graph(index: GraphIndex, holders: tuple[str, ...], br: Namespace) -> Graph:
    """The graph's triples that say what each of ``holders`` is and which codes it held when."""
    kept = {RDF.type, SKOS.prefLabel, RDFS.label, SCHEMA.dissolutionDate, br.succeededBy, br.succeeds,
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
    href = pages.Linker(index.base)
    kinds = {str(br.Municipality): "municipality", str(br.County): "county"}
    candidates = []
    for holder in holders:
        kind = next((kinds[str(t)] for t in index.values(URIRef(holder), RDF.type) if str(t) in kinds), None)
        candidates.append({"name": history.name(holder), "href": href(holder), "iri": holder, "kind": kind,
                           "spans": [_span(h) for h in history.holders(scheme, code) if h.holder == holder]})
    example = next((h.valid_from or h.valid_through for h in history.holders(scheme, code)
                    if h.valid_from or h.valid_through), None)
    for lang in LANGUAGES:
        body = pages.render("choices.html", lang, scheme=scheme, code=code, candidates=candidates,
                            lookup=f"/id/{scheme}/{code}", example=example.isoformat() if example else "2020-01-01",
                            alternates=[]).encode("utf-8")
        reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
    return Document(path, tuple(m.extension for m in DOCUMENT_TYPES), tuple(reps))


# ----------------------------------------------------------------------------------------------- the table

def _literal(index: GraphIndex, subject: str, predicate: URIRef) -> str:
    found = index.value(URIRef(subject), predicate)
    return str(found) if isinstance(found, Literal) else ""


def _item(index: GraphIndex, subject: str, predicate: URIRef) -> str:
    found = sorted(str(o) for o in index.values(URIRef(subject), predicate) if str(o).startswith(str(WD)))
    return found[0][len(str(WD)):] if found else ""


def table_rows(history: CodeHistory, index: GraphIndex, br: Namespace) -> list[dict[str, str]]:
    """One row per municipality number, by code then period (the columns of :data:`COLUMNS`)."""
    rows = []
    for h in history.holdings:
        if h.scheme != KOMMUNENUMMER:
            continue
        if h.number != f"{h.holder}/number/{h.code}":
            raise TableError(f"{h.number}: the municipality number of {h.holder} is not at {{municipality}}/number/"
                             "{code}, which the table's CSVW templates assume; change byregion.identifiers.documents")
        rows.append({
            "municipality": h.holder, "name": history.name(h.holder), "code": h.code,
            "valid_from": _span(h)["from"], "valid_through": _span(h)["through"],
            "county": h.county or "", "county_name": history.name(h.county) if h.county else "",
            "wikidata": _item(index, h.holder, OWL.sameAs), "wikidata_shared": _item(index, h.holder, RDFS.seeAlso),
            "orgnr": _literal(index, h.holder, br.organisationNumber),
            "ended": _literal(index, h.holder, SCHEMA.dissolutionDate)})
    return rows


def table_csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def table_metadata(base: str) -> dict[str, Any]:
    """The CSVW metadata of the table (https://www.w3.org/TR/tabular-metadata/): each row is a number (the
    row's ``aboutUrl``), and the columns marked so describe the municipality (their own ``aboutUrl``)."""
    br = f"{base}/def/byregion#"
    unit = "{+municipality}"

    def column(name: str, property_url: str | None, **more: Any) -> dict[str, Any]:
        described: dict[str, Any] = {"name": name, "titles": name, "dc:description": COLUMNS[name]}
        if property_url is None:
            described["suppressOutput"] = True
        else:
            described["propertyUrl"] = property_url
        return {**described, **more}

    columns = [
        column("municipality", f"{br}municipalityNumber", aboutUrl=unit, valueUrl=f"{unit}/number/{{code}}",
               required=True),
        column("name", str(SKOS.prefLabel), aboutUrl=unit, lang="nb", required=True),
        column("code", str(SKOS.notation), datatype={"base": "string", "format": "^[0-9]{4}$"}, required=True),
        column("valid_from", str(SCHEMA.validFrom), datatype="date"),
        column("valid_through", str(SCHEMA.validThrough), datatype="date"),
        column("county", f"{br}county", valueUrl="{+county}"),
        column("county_name", None),
        column("wikidata", str(OWL.sameAs), aboutUrl=unit, valueUrl=f"{WD}{{wikidata}}"),
        column("wikidata_shared", str(RDFS.seeAlso), aboutUrl=unit, valueUrl=f"{WD}{{wikidata_shared}}"),
        column("orgnr", f"{br}organisationNumber", aboutUrl=unit),
        column("ended", str(SCHEMA.dissolutionDate), aboutUrl=unit, datatype="date"),
        {"name": "municipality_type", "virtual": True, "aboutUrl": unit, "propertyUrl": str(RDF.type),
         "valueUrl": f"{br}Municipality"},
        {"name": "number_type", "virtual": True, "propertyUrl": str(RDF.type), "valueUrl": f"{br}MunicipalityNumber"},
    ]
    return {
        "@context": "http://www.w3.org/ns/csvw",
        "url": TABLE.rsplit("/", 1)[-1],
        "dc:title": [{"@value": "Kommuner og kommunenummer siden 2014", "@language": "nb"},
                     {"@value": "Municipalities and their numbers since 2014", "@language": "en"}],
        "dc:source": f"{base}/dataset",
        "dc:license": LICENCE,
        "tableSchema": {"columns": columns, "aboutUrl": f"{unit}/number/{{code}}",
                        "primaryKey": ["municipality", "code"]},
    }

