"""Where the dataset's municipality and county boundaries come from, and the credit their licence asks for.

The geometries (the graph ``geometry``) are derived from Kartverket's "Administrative enheter" datasets under
CC BY 4.0, which asks for attribution (data/reference/geo/SOURCES.md, "Licence and attribution"). The build reads
from the data which boundary files the geometries are derived from (``prov:wasDerivedFrom`` a
``br:ReferenceSource``), each file's upstream dataset (``dct:source``), licence and attribution
(``schema:creditText``): :func:`boundary_facts`, stored with the catalogue's facts. The catalogue then names each
upstream dataset as the dataset's source (``dct:source``, DCAT-AP-NO's "kilde", a ``dcat:Dataset`` published by
Kartverket under its licence) and states the attribution as the rights of the dataset and of every distribution
of it (``dct:rights``, a ``dct:RightsStatement``): :func:`add_boundary_sources`. The dataset page shows the same.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from byregion import uris
from byregion.dcat.terms import ATTRIBUTION, DCAT, EU_AUTHORITY, add_concept, add_texts
from byregion.dcat.texts import LANGS
from byregion.namespaces import BR, GEO, SCHEMA

#: Kartverket's datasets the boundary files name as their upstream (data/reference/geo/files.csv), by the titles
#: Geonorge gives them (English: ours).
UPSTREAM: dict[str, dict[str, str]] = {
    "https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter/041f1e6e-bdbc-4091-b48f-8a5990f3cc5b":
        {"nb": "Administrative enheter", "en": "Administrative units"},
    "https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter-fylker/"
    "6093c8a8-fa80-11e6-bc64-92361f002671":
        {"nb": "Administrative enheter fylker", "en": "Administrative units: counties"},
}
#: What each upstream dataset gave this one, by its IRI (a harvester makes a dataset of each: each says its own).
UPSTREAM_DESCRIPTIONS: dict[str, dict[str, str]] = {
    "https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter/041f1e6e-bdbc-4091-b48f-8a5990f3cc5b": {
        "nb": "Kartverkets kommunegrenser. Kommunegrensene i dette datasettet (grafen geometry) er forenklet fra dem, "
              "og fylkesgrensene for 2019 og 2020–2023 er slått sammen av de forenklede kommunegrensene.",
        "en": "Kartverket's municipal boundaries. The municipal boundaries of this dataset (the graph geometry) are "
              "simplified from them, and its county boundaries of 2019 and 2020–2023 are dissolved from the simplified "
              "municipal boundaries."},
    "https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter-fylker/"
    "6093c8a8-fa80-11e6-bc64-92361f002671": {
        "nb": "Kartverkets fylkesgrenser. Fylkesgrensene fra 2024 i dette datasettet (grafen geometry) er forenklet "
              "fra dem.",
        "en": "Kartverket's county boundaries. The county boundaries from 2024 of this dataset (the graph geometry) "
              "are simplified from them."},
}
#: What an upstream dataset not in :data:`UPSTREAM_DESCRIPTIONS` is said to have given.
UPSTREAM_DESCRIPTION = {
    "nb": "Kartverkets grenser. Grensene i dette datasettet (grafen geometry) er forenklet fra dem.",
    "en": "Kartverket's boundaries. The boundaries of this dataset (the graph geometry) are simplified from them.",
}
#: The publisher of the upstream datasets.
KARTVERKET = {"nb": "Kartverket", "en": "Kartverket (Norwegian Mapping Authority)"}
KARTVERKET_HOMEPAGE = "https://www.kartverket.no/"
#: The EU data theme of administrative units (regions and cities), by the table's own labels.
REGIONS_AND_CITIES = (EU_AUTHORITY + "data-theme/REGI", {"nb": "Regioner og byer", "en": "Regions and cities"})
#: The licences the boundary files have, as the EU licence table names them (DCAT-AP wants its IRIs), with the
#: table's label.
EU_LICENCES: dict[str, tuple[str, dict[str, str]]] = {
    "https://creativecommons.org/licenses/by/4.0/":
        (EU_AUTHORITY + "licence/CC_BY_4_0", {"en": "Creative Commons Attribution 4.0 International"}),
}
#: How the dataset page names a licence.
LICENCE_NAMES = {"https://creativecommons.org/licenses/by/4.0/": "CC BY 4.0"}


def boundary_facts(graph: Graph) -> dict[str, Any] | None:
    """The sources of the boundaries in ``graph`` (the merged data): the boundary files the geometries are derived
    from, their upstream datasets, licences and attribution (by language); None when the data has no geometry.
    JSON-able, sorted, so the same data gives the same facts."""
    files = sorted({str(source) for geometry in graph.subjects(RDF.type, GEO.Geometry)
                    for source in graph.objects(geometry, PROV.wasDerivedFrom)
                    if (source, RDF.type, BR.ReferenceSource) in graph})
    if not files:
        return None
    upstream: set[str] = set()
    licences: set[str] = set()
    attribution: dict[str, str] = {}
    for file in map(URIRef, files):
        upstream |= {str(o) for o in graph.objects(file, DCTERMS.source) if isinstance(o, URIRef)}
        licences |= {str(o) for o in graph.objects(file, DCTERMS.license) if isinstance(o, URIRef)}
        for credit in graph.objects(file, SCHEMA.creditText):
            if isinstance(credit, Literal) and credit.language in LANGS:
                attribution.setdefault(credit.language, str(credit))
    return {"files": files, "licences": sorted(licences), "attribution": attribution,
            "upstream": [{"iri": iri, "label": UPSTREAM.get(iri, {}),
                          "description": UPSTREAM_DESCRIPTIONS.get(iri, UPSTREAM_DESCRIPTION)}
                         for iri in sorted(upstream)]}


def rights_statement(base: str) -> URIRef:
    """The rights statement of the boundaries: ``{base}/catalog#boundaries-rights``."""
    return uris.catalogue_part("boundaries-rights", base)


def add_boundary_sources(graph: Graph, dataset: URIRef, distributions: list[URIRef], facts: dict[str, Any],
                         base: str) -> None:
    """The boundaries' upstream datasets as the ``dct:source`` of ``dataset``, and their attribution as the rights
    statement of ``dataset`` and of each of its ``distributions`` (nothing when the build has no geometry)."""
    sources = facts.get("boundaries")
    if not sources:
        return
    licences = []
    for licence in sources["licences"]:
        iri, label = EU_LICENCES.get(licence, (licence, {"en": licence}))
        add_concept(graph, URIRef(iri), URIRef(EU_AUTHORITY + "licence"), label, DCTERMS.LicenseDocument)
        graph.add((URIRef(iri), DCTERMS.type, ATTRIBUTION))
        graph.add((URIRef(iri), RDFS.seeAlso, URIRef(licence)))
        licences.append(URIRef(iri))
    publisher = uris.catalogue_part("kartverket", base)
    graph.add((publisher, RDF.type, FOAF.Agent))
    add_texts(graph, publisher, FOAF.name, KARTVERKET)
    graph.add((publisher, FOAF.homepage, URIRef(KARTVERKET_HOMEPAGE)))
    theme, theme_label = REGIONS_AND_CITIES
    add_concept(graph, URIRef(theme), URIRef(EU_AUTHORITY + "data-theme"), theme_label)
    for entry in sources["upstream"]:
        upstream = URIRef(entry["iri"])
        # DCAT-AP 3's "related resource" and PROV's derivation, not dct:source: that would make the upstream a
        # dcat:Dataset, and ckanext-dcat makes a CKAN dataset of every one it reads, again at every harvest
        # (a deleted one is not found). DCAT-AP-NO's "kilde" is the dcat-ap-no profile's (byregion.dcat.norway).
        graph.add((dataset, DCTERMS.relation, upstream))
        graph.add((dataset, PROV.wasDerivedFrom, upstream))
        add_texts(graph, upstream, DCTERMS.title, entry["label"] or {"nb": entry["iri"]})
        add_texts(graph, upstream, DCTERMS.description, entry.get("description") or UPSTREAM_DESCRIPTION)
        graph.add((upstream, DCTERMS.identifier, Literal(entry["iri"])))
        graph.add((upstream, DCTERMS.publisher, publisher))
        graph.add((upstream, DCAT.theme, URIRef(theme)))
        for licence in licences:
            graph.add((upstream, DCTERMS.license, licence))
    if sources["attribution"]:
        rights = rights_statement(base)
        graph.add((rights, RDF.type, DCTERMS.RightsStatement))
        add_texts(graph, rights, RDFS.label, sources["attribution"])
        for described in (dataset, *distributions):
            graph.add((described, DCTERMS.rights, rights))


def boundaries_view(facts: dict[str, Any], lang: str) -> dict[str, Any] | None:
    """What the dataset page says of the boundaries' sources, in ``lang``: the attribution to show, the upstream
    datasets (title and link) and their licences (name and link)."""
    sources = facts.get("boundaries")
    if not sources:
        return None
    return {
        "attribution": sources["attribution"].get(lang) or sources["attribution"].get("nb", ""),
        "upstream": [{"href": e["iri"], "title": e["label"].get(lang) or e["label"].get("nb") or e["iri"]}
                     for e in sources["upstream"]],
        "licences": [{"href": licence, "name": LICENCE_NAMES.get(licence, licence)} for licence in sources["licences"]],
        "publisher": KARTVERKET[lang] if lang in KARTVERKET else KARTVERKET["nb"],
    }
