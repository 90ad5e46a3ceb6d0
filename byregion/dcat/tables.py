"""The tables for spreadsheets (``/doc/municipalities.csv``, ``/doc/counties.csv``, ``/doc/memberships.csv``,
``/doc/regions.csv``) as datasets of their own.

A table is a projection of the graph (one row per number, or per membership), not the whole graph in another
format, so it is not a distribution of the dataset: each table is a ``dcat:Dataset`` derived from it
(``dct:source``), with one CSV distribution whose schema is the table's CSV on the Web metadata
(``dct:conformsTo``). A portal lists it where people who link municipality or county numbers, or want the
programme in a spreadsheet, look. The entries come from ``manifest["tables"]``,
written by the rendering step from the same bytes it publishes (:mod:`byregion.identifiers.documents`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from byregion import uris
from byregion.dcat.distributions import add_file_facts, add_format
from byregion.dcat.shared import Shared, add_shared
from byregion.dcat.terms import (
    DCAT,
    EU_AUTHORITY,
    EU_COUNTRY,
    EU_FREQUENCY,
    EU_LANGUAGE,
    add_concept,
    add_texts,
    date_time,
)
from byregion.mediatypes import CSV_TABLE
from byregion.namespaces import EU_THEME

#: The EU data themes of a table of administrative units' numbers.
THEMES = {
    EU_THEME.REGI: {"nb": "Regioner og byer", "en": "Regions and cities"},
    EU_THEME.GOVE: {"nb": "Forvaltning og offentlig sektor", "en": "Government and public sector"},
}
SCHEMA_TITLE = {"nb": "Tabellens CSV på weben-metadata (kolonner og hvordan hver rad blir RDF)",
                "en": "The table's CSV on the Web metadata (its columns, and how each row becomes RDF)"}


def add_tables(graph: Graph, shared: Shared, source: URIRef, first_issued: Literal) -> list[URIRef]:
    """Every table of the build as a dataset derived from ``source`` (issued with it); returns their IRIs."""
    return [add_table(graph, entry, shared, source, first_issued) for entry in shared.manifest.get("tables", [])]


def add_table(graph: Graph, entry: dict[str, Any], shared: Shared, source: URIRef, first_issued: Literal) -> URIRef:
    """One ``manifest["tables"]`` entry: the dataset, its landing page (its row on the dataset page) and its CSV
    distribution."""
    base, file = shared.base, entry["path"].lstrip("/")
    created = date_time(entry.get("since") or shared.manifest["created"])
    dataset = uris.table_dataset(entry["path"], base)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    add_texts(graph, dataset, DCTERMS.title, entry["title"])
    add_texts(graph, dataset, DCTERMS.description, entry["description"])
    for theme, label in THEMES.items():
        add_concept(graph, theme, URIRef(EU_AUTHORITY + "data-theme"), label)
    add_shared(graph, dataset, replace(shared, themes=tuple(THEMES)))
    for lang, word in entry["keyword"].items():
        graph.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    graph.add((dataset, DCTERMS.source, source))
    graph.add((dataset, DCTERMS.spatial, EU_COUNTRY.NOR))
    if "period" in entry:  # the days its rows are of: the numbers' since 2014 (no end while the data is kept up),
        period = URIRef(f"{dataset}-period")  # the memberships' the programme's years
        graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
        graph.add((period, DCAT.startDate, Literal(entry["period"]["start"], datatype=XSD.date)))
        if "end" in entry["period"]:
            graph.add((period, DCAT.endDate, Literal(entry["period"]["end"], datatype=XSD.date)))
        graph.add((dataset, DCTERMS.temporal, period))
    graph.add((dataset, DCTERMS.language, EU_LANGUAGE.NOB))  # the names are Norwegian; the columns say what they are
    graph.add((dataset, DCTERMS.issued, first_issued))
    graph.add((dataset, DCTERMS.modified, created))
    graph.add((dataset, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    page = uris.table_page(entry["path"], base)
    graph.add((dataset, DCAT.landingPage, page))
    graph.add((page, RDF.type, FOAF.Document))

    distribution = uris.distribution(file, base)
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    url = uris.download(file, base)
    graph.add((distribution, DCAT.accessURL, url))
    graph.add((distribution, DCAT.downloadURL, url))
    add_texts(graph, distribution, DCTERMS.title, {lang: f"{title} (CSV)" for lang, title in entry["title"].items()})
    add_texts(graph, distribution, DCTERMS.description, {
        "nb": f"{entry['rows']} rader, UTF-8 med overskriftsrad (RFC 4180).",
        "en": f"{entry['rows']} rows, UTF-8 with a header row (RFC 4180).",
    })
    add_format(graph, distribution, CSV_TABLE, compressed=False)
    schema = uris.download(entry["metadata"].lstrip("/"), base)
    graph.add((distribution, DCTERMS.conformsTo, schema))
    graph.add((schema, RDF.type, DCTERMS.Standard))
    add_texts(graph, schema, DCTERMS.title, SCHEMA_TITLE)
    add_file_facts(graph, distribution, int(entry["bytes"]), str(entry["sha256"]), shared, entry.get("since"),
                   entry.get("first"))
    return dataset
