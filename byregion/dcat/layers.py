"""The boundary layers (``/doc/boundaries/{period}/municipalities.geojson`` and ``…/counties.geojson``,
:mod:`byregion.build.render.layers`) as one dataset of their own with a GeoJSON distribution per layer.

Like the tables (:mod:`byregion.dcat.tables`), the layers are a projection of the graph (its geometry graph), so a
``dcat:Dataset`` derived from it (``dct:source``), where a GIS user looks for boundaries to join statistics to. The
geometries are Kartverket's under CC BY 4.0, so the dataset and every distribution have that licence (the EU table's
``CC_BY_4_0``) and the attribution as their rights (:func:`byregion.dcat.sources.add_boundary_sources`). The entries
come from ``manifest["layers"]``, written by the rendering step from the bytes it publishes.
"""

from __future__ import annotations

from dataclasses import replace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, XSD

from byregion import uris
from byregion.dcat.distributions import add_file_facts, add_format
from byregion.dcat.shared import Shared, add_shared
from byregion.dcat.sources import add_boundary_sources
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
from byregion.licence import CC_BY_4_0, LICENCE_NAMES
from byregion.mediatypes import GEOJSON
from byregion.namespaces import EU_THEME

TITLE = {"nb": "Kommune- og fylkesgrenser per grenseperiode (GeoJSON)",
         "en": "Municipal and county boundaries per boundary period (GeoJSON)"}
DESCRIPTION = {
    "nb": "Alle kommuner og alle fylker i hver grenseperiode (2019, 2020–2023, fra 2024), ett GeoJSON-lag (RFC 7946, "
          "WGS 84) per periode og nivå, med periodens kommune- eller fylkesnummer, navn, IRI og gyldighet: for å "
          "koble egen statistikk til kommunenummer i QGIS eller et nettkart. Forenklet illustrasjonsgeometri fra "
          "Kartverket (CC BY 4.0), ikke juridiske grenser.",
    "en": "Every municipality and every county of each boundary period (2019, 2020–2023, from 2024), one GeoJSON layer "
          "(RFC 7946, WGS 84) per period and level, with the period's municipality or county number, name, IRI and "
          "validity: for joining one's own statistics by municipality number in QGIS or a web map. Simplified "
          "illustration geometry from Kartverket (CC BY 4.0), not legal boundaries.",
}
KEYWORDS = {"nb": "kommunegrenser", "en": "administrative boundaries"}
THEMES = {EU_THEME.REGI: {"nb": "Regioner og byer", "en": "Regions and cities"}}


def add_layers(graph: Graph, shared: Shared, source: URIRef, first_issued: Literal) -> URIRef | None:
    """The build's boundary layers as a dataset derived from ``source``, one distribution each; None without any."""
    entries = shared.manifest.get("layers", [])
    if not entries:
        return None
    base = shared.base
    licence = URIRef(CC_BY_4_0)
    add_concept(graph, licence, URIRef(EU_AUTHORITY + "licence"), LICENCE_NAMES[CC_BY_4_0], DCTERMS.LicenseDocument)
    add_texts(graph, licence, DCTERMS.title, LICENCE_NAMES[CC_BY_4_0])  # by which ckanext-dcat finds it in CKAN's
    own = replace(shared, licence=licence, themes=tuple(THEMES))
    dataset = uris.layers_dataset(base)
    graph.add((dataset, RDF.type, DCAT.Dataset))
    add_texts(graph, dataset, DCTERMS.title, TITLE)
    add_texts(graph, dataset, DCTERMS.description, DESCRIPTION)
    for theme, label in THEMES.items():
        add_concept(graph, theme, URIRef(EU_AUTHORITY + "data-theme"), label)
    add_shared(graph, dataset, own)
    for lang, word in KEYWORDS.items():
        graph.add((dataset, DCAT.keyword, Literal(word, lang=lang)))
    graph.add((dataset, DCTERMS.source, source))
    graph.add((dataset, DCTERMS.spatial, EU_COUNTRY.NOR))
    graph.add((dataset, DCTERMS.language, EU_LANGUAGE.NOB))
    # issued when its first layer was (each entry's ``first``): not before any of its distributions, as the dataset's
    # own date had made it (a harvester's review: the layers came builds after the dataset)
    firsts = [date_time(str(e["first"])) for e in entries if e.get("first")]
    issued = min(firsts, key=lambda moment: moment.toPython()) if len(firsts) == len(entries) else first_issued
    graph.add((dataset, DCTERMS.issued, max(issued, first_issued, key=lambda moment: moment.toPython())))
    # modified when a layer's bytes last changed (each entry's ``since``, kept across builds that wrote the same
    # bytes: byregion.build.since), not at every build: a harvester would see the layers change at each
    since = max((str(e.get("since") or shared.manifest["created"]) for e in entries),
                key=lambda moment: date_time(moment).toPython())
    graph.add((dataset, DCTERMS.modified, date_time(since)))
    graph.add((dataset, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    page = uris.layers_page(base)  # the dataset page's list of them, as a table's landing page is its row there
    graph.add((dataset, DCAT.landingPage, page))
    graph.add((page, RDF.type, FOAF.Document))
    distributions = []
    periods: dict[str, tuple[str | None, str | None]] = {}  # each boundary period's days, as its layers have them
    for entry in entries:
        distribution = uris.layer_distribution(entry["period"], entry["kind"], base)
        distributions.append(distribution)
        graph.add((dataset, DCAT.distribution, distribution))
        graph.add((distribution, RDF.type, DCAT.Distribution))
        url = uris.layer(entry["period"], entry["kind"], base)
        graph.add((distribution, DCAT.accessURL, url))
        graph.add((distribution, DCAT.downloadURL, url))
        add_texts(graph, distribution, DCTERMS.title, entry["title"])
        add_texts(graph, distribution, DCTERMS.description, {
            "nb": f"{entry['features']} geometrier, WGS 84 (lengdegrad, breddegrad), RFC 7946.",
            "en": f"{entry['features']} geometries, WGS 84 (longitude, latitude), RFC 7946.",
        })
        add_format(graph, distribution, GEOJSON, compressed=False)
        if entry.get("start") or entry.get("end"):
            add_period(graph, distribution, URIRef(f"{distribution}-period"), entry.get("start"), entry.get("end"))
            periods.setdefault(str(entry["period"]), (entry.get("start"), entry.get("end")))
        add_file_facts(graph, distribution, int(entry["bytes"]), str(entry["sha256"]), own, entry.get("since"),
                       entry.get("first"))
    # the dataset's own coverage, one period of time per boundary period: harvesters read dct:temporal on a dataset
    # only (ckanext-dcat, data.norge.no; DCAT-AP 3.0.1 recommends it there), and none on a distribution
    for name, (start, end) in periods.items():
        add_period(graph, dataset, URIRef(f"{dataset}-period-{name}"), start, end)
    add_boundary_sources(graph, dataset, distributions, shared.facts, base)
    return dataset


def add_period(graph: Graph, subject: URIRef, period: URIRef, start: str | None, end: str | None) -> None:
    """``subject``'s ``dct:temporal``: ``period``, from ``start`` to ``end`` (either may be unknown: None)."""
    graph.add((period, RDF.type, DCTERMS.PeriodOfTime))
    if start:
        graph.add((period, DCAT.startDate, Literal(start, datatype=XSD.date)))
    if end:
        graph.add((period, DCAT.endDate, Literal(end, datatype=XSD.date)))
    graph.add((subject, DCTERMS.temporal, period))
