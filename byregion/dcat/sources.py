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

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS

from byregion import uris
from byregion.dcat.terms import ATTRIBUTION, DCAT, EU_AUTHORITY, add_concept, add_publisher_type, add_texts
from byregion.dcat.texts import LANGS
from byregion.licence import LICENCE
from byregion.namespaces import GEO, SCHEMA

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


def boundary_facts(graph: Graph, br: Namespace) -> dict[str, Any] | None:
    """The sources of the boundaries in ``graph`` (the merged data): the boundary files the geometries are derived
    from, their upstream datasets, licences and attribution (by language); None when the data has no geometry.
    JSON-able, sorted, so the same data gives the same facts."""
    files = sorted({str(source) for geometry in graph.subjects(RDF.type, GEO.Geometry)
                    for source in graph.objects(geometry, PROV.wasDerivedFrom)
                    if (source, RDF.type, br.ReferenceSource) in graph})
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


#: The dataset's other upstream sources, named as related resources as Kartverket's boundaries are: each by the
#: address the data cites it by (``cited``: a ``br:ReferenceSource``'s, a source document's or a region's
#: ``dct:source`` that begins so), and only where the data cites it (:func:`related_facts`). ``licence``: its EU
#: licence table IRI, where its publisher states one (data/reference/geo/SOURCES.md,
#: data/reference/csv/README-norway.md); none for Distriktssenteret's pages, whose licence is not known.
OTHER_UPSTREAM: tuple[dict[str, Any], ...] = (
    {"iri": "https://www.ssb.no/klass/klassifikasjoner/131", "cited": ("https://www.ssb.no/klass/klassifikasjoner/131",),
     "label": {"nb": "KLASS 131: Standard for kommuneinndeling", "en": "KLASS 131: Standard for municipality division"},
     "description": {
         "nb": "SSBs kommunenummer og kommunenavn med endringene. Kommunene, fylkene, numrene og endringene i dette "
               "datasettet (grafen reference) er fra den, og hver byregions medlem er kommunen som hadde sitt nummer "
               "1. januar 2015.",
         "en": "Statistics Norway's municipality numbers and names with their changes. The municipalities, counties, "
               "numbers and changes of this dataset (the graph reference) are from it, and each region's member is "
               "the municipality that held its number on 1 January 2015."},
     "publisher": "ssb", "licence": LICENCE, "theme": "REGI"},
    {"iri": "https://www.ssb.no/klass/klassifikasjoner/582/korrespondanser/1236",
     "cited": ("https://www.ssb.no/klass/klassifikasjoner/582",),
     "label": {"nb": "KLASS 582, korrespondanse 1236: organisasjonsnummer og kommunenummer",
               "en": "KLASS 582, correspondence 1236: organisation numbers and municipality numbers"},
     "description": {
         "nb": "SSBs kobling mellom kommunenes organisasjonsnummer og kommunenummer. Organisasjonsnumrene i dette "
               "datasettet er fra den.",
         "en": "Statistics Norway's correspondence of the municipalities' organisation numbers and numbers. The "
               "organisation numbers of this dataset are from it."},
     "publisher": "ssb", "licence": LICENCE, "theme": "GOVE"},
    {"iri": "https://www.ssb.no/statbank/table/07459", "cited": ("https://www.ssb.no/statbank/table/07459",),
     "label": {"nb": "Statistikkbanken, tabell 07459: Befolkning", "en": "StatBank table 07459: Population"},
     "description": {
         "nb": "SSBs folketall etter kommune 1. januar. Folketallene til Notodden-regionens kommuner 1. januar 2015 i "
               "dette datasettet er fra den; byregionenes egne folketall er fra byregionenes sider.",
         "en": "Statistics Norway's population by municipality on 1 January. The populations of the Notodden "
               "region's municipalities on 1 January 2015 in this dataset are from it; the regions' own populations "
               "are from the regions' pages."},
     "publisher": "ssb", "licence": LICENCE, "theme": "SOCI"},
    {"iri": "https://www.wikidata.org/", "cited": ("https://github.com/Artsdatabanken/kommune-data",),
     "label": {"nb": "Wikidata", "en": "Wikidata"},
     "description": {
         "nb": "Wikidata-elementene kommunene og fylkene i dette datasettet lenker til, hentet gjennom Artsdatabankens "
               "kommune-data, som ikke oppgir noen lisens. Fylkesnavnene og kommunenes arealer (Kartverkets "
               "polygonareal) i dette datasettet er også fra de filene.",
         "en": "The Wikidata items the municipalities and counties of this dataset link to, taken through "
               "Artsdatabanken's kommune-data, which states no licence. The counties' names and the municipalities' "
               "areas (Kartverket's polygon areas) of this dataset are from those files too."},
     "publisher": "wikimedia", "licence": "http://publications.europa.eu/resource/authority/licence/CC0",
     "theme": "REGI"},
    {"iri": "https://distriktssenteret.no/", "cited": ("https://distriktssenteret.no/", "http://distriktssenteret.no/"),
     "label": {"nb": "Distriktssenterets sider om byregionene i Byregionprogrammet",
               "en": "Distriktssenteret's pages on the city regions of the City Region Programme"},
     "description": {
         "nb": "Byregionenes sider hos Distriktssenteret, som drev programmets læringsnettverk. Tekstene til de "
               "byregionene hvis side er lest inn, er fra dem, setning for setning; forskningstabellen bygger på dem "
               "og på kommuners, statsforvalteres og regionråds sider, som hver byregion nevner. Lisensen for sidenes "
               "tekst er ikke kjent.",
         "en": "The regions' pages at Distriktssenteret, which ran the programme's learning network. The texts of the "
               "regions whose page is imported are from them, sentence by sentence; the research table rests on them "
               "and on municipalities', county governors' and regional councils' pages, which each region names. The "
               "licence of the pages' text is not known."},
     "publisher": "distriktssenteret", "licence": None, "theme": "REGI"},
)
#: The publishers of :data:`OTHER_UPSTREAM`: name, home page and ADMS publisher type (each ``{base}/catalog#{key}``;
#: Distriktssenteret is a state agency under the ministry of local government, the Wikimedia Foundation a non-profit).
PUBLISHERS: dict[str, tuple[dict[str, str], str, str]] = {
    "ssb": ({"nb": "Statistisk sentralbyrå", "en": "Statistics Norway"}, "https://www.ssb.no/", "NationalAuthority"),
    "wikimedia": ({"nb": "Wikimedia Foundation", "en": "Wikimedia Foundation"}, "https://wikimediafoundation.org/",
                  "NonProfitOrganisation"),
    "distriktssenteret": ({"nb": "Distriktssenteret", "en": "Distriktssenteret (Centre of Competence on Rural "
                                                            "Development)"}, "https://distriktssenteret.no/",
                          "NationalAuthority"),
}
#: The EU data themes :data:`OTHER_UPSTREAM` names, with the table's labels.
THEMES: dict[str, dict[str, str]] = {
    "REGI": REGIONS_AND_CITIES[1],
    "GOVE": {"nb": "Forvaltning og offentlig sektor", "en": "Government and public sector"},
    "SOCI": {"nb": "Befolkning og samfunn", "en": "Population and society"},
}
#: The licences of :data:`OTHER_UPSTREAM` beside ours (which the catalogue describes already), with the EU table's
#: label, its ADMS licence type and its page.
OTHER_LICENCES: dict[str, tuple[dict[str, str], str, str]] = {
    "http://publications.europa.eu/resource/authority/licence/CC0":
        ({"en": "Creative Commons CC0 1.0 Universal"}, "http://purl.org/adms/licencetype/PublicDomain",
         "https://creativecommons.org/publicdomain/zero/1.0/"),
}


def related_facts(graph: Graph, br: Namespace) -> list[dict[str, Any]]:
    """The entries of :data:`OTHER_UPSTREAM` the data in ``graph`` cites (JSON-able, in the table's order): the
    addresses the reference sources, the source documents and the regions name as their ``dct:source``."""
    cited = {str(o) for kind in (br.ReferenceSource, br.SourceDocument, br.CityRegion)
             for s in graph.subjects(RDF.type, kind) for o in graph.objects(s, DCTERMS.source)}
    return [{k: v for k, v in entry.items() if k != "cited"} for entry in OTHER_UPSTREAM
            if any(address.startswith(entry["cited"]) for address in cited)]


def add_related_sources(graph: Graph, dataset: URIRef, facts: dict[str, Any], base: str) -> None:
    """The dataset's other upstream sources (:func:`related_facts`) as related resources it is derived from
    (``dct:relation``, ``prov:wasDerivedFrom``), each with title, description, identifier, publisher, theme and, where
    known, licence, as the boundaries' are (:func:`add_boundary_sources`): no ``dcat:Dataset`` in the default
    catalogue, which CKAN harvests; the ``dcat-ap-no`` profile makes each a ``dct:source``."""
    for entry in facts.get("related") or []:
        upstream = URIRef(entry["iri"])
        graph.add((dataset, DCTERMS.relation, upstream))
        graph.add((dataset, PROV.wasDerivedFrom, upstream))
        add_texts(graph, upstream, DCTERMS.title, entry["label"])
        add_texts(graph, upstream, DCTERMS.description, entry["description"])
        graph.add((upstream, DCTERMS.identifier, Literal(entry["iri"])))
        name, homepage, kind = PUBLISHERS[entry["publisher"]]
        publisher = uris.catalogue_part(entry["publisher"], base)
        graph.add((publisher, RDF.type, FOAF.Agent))
        add_texts(graph, publisher, FOAF.name, name)
        graph.add((publisher, FOAF.homepage, URIRef(homepage)))
        add_publisher_type(graph, publisher, kind)
        graph.add((upstream, DCTERMS.publisher, publisher))
        theme = URIRef(EU_AUTHORITY + "data-theme/" + entry["theme"])
        add_concept(graph, theme, URIRef(EU_AUTHORITY + "data-theme"), THEMES[entry["theme"]])
        graph.add((upstream, DCAT.theme, theme))
        if entry.get("licence"):
            licence = URIRef(entry["licence"])
            if entry["licence"] in OTHER_LICENCES:
                label, kind, page = OTHER_LICENCES[entry["licence"]]
                add_concept(graph, licence, URIRef(EU_AUTHORITY + "licence"), label, DCTERMS.LicenseDocument)
                graph.add((licence, DCTERMS.type, URIRef(kind)))
                add_concept(graph, URIRef(kind), URIRef("http://purl.org/adms/licencetype/1.0"),
                            {"en": "Public domain"})
                graph.add((licence, RDFS.seeAlso, URIRef(page)))
            graph.add((upstream, DCTERMS.license, licence))


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
    add_publisher_type(graph, publisher, "NationalAuthority")
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
