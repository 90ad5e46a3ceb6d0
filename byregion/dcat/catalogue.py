"""Request time: the DCAT catalogue graph of one build, from its manifest only."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS

from byregion import uris
from byregion.dcat.dataset import add_dataset
from byregion.dcat.distributions import add_distributions
from byregion.dcat.layers import add_layers
from byregion.dcat.service import add_data_service, add_endpoint_distribution
from byregion.dcat.shared import Shared
from byregion.dcat.sources import add_boundary_sources, add_related_sources
from byregion.dcat.tables import add_tables
from byregion.dcat.terms import (
    DCAT,
    EU_AUTHORITY,
    EU_COUNTRY,
    EU_FREQUENCY,
    EU_LANGUAGE,
    LANGUAGES,
    PUBLIC,
    add_concept,
    add_controlled_values,
    add_texts,
    date_time,
)
from byregion.dcat.texts import provenance as provenance_texts
from byregion.dcat.texts import texts
from byregion.licence import LICENCE
from byregion.namespaces import VCARD, bind_prefixes

GEO = Namespace("http://www.opengis.net/ont/geosparql#")


def _add_publisher(graph: Graph, facts: dict[str, Any], base: str) -> tuple[URIRef, URIRef]:
    """The publisher (``foaf:Agent`` with ``foaf:name``) and the vCard contact point; returns both IRIs."""
    about = facts["publisher"]
    publisher = URIRef(about["iri"])
    graph.add((publisher, RDF.type, FOAF.Agent))
    add_texts(graph, publisher, FOAF.name, about["label"] or {"nb": "Byregion LOD", "en": "Byregion LOD"})
    if about.get("organisation_number"):
        graph.add((publisher, DCTERMS.identifier, Literal(about["organisation_number"])))
    contact = uris.contact_point(base)
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, RDF.type, VCARD.Kind))
    graph.add((contact, VCARD.fn, Literal(about["label"].get("en", "Byregion LOD"))))
    if about.get("email"):
        email = about["email"]
        graph.add((contact, VCARD.hasEmail, URIRef(email if email.startswith("mailto:") else f"mailto:{email}")))
    graph.add((contact, VCARD.hasURL, URIRef(about.get("homepage") or uris.home_page(base))))
    return publisher, contact


def _add_places(graph: Graph, facts: dict[str, Any]) -> list[URIRef]:
    """Norway, the regions and their municipalities as ``dct:Location``s (the dataset's ``dct:spatial``),
    with a bounding box and centroid (GeoSPARQL WKT, CRS84) where the build had boundaries."""
    spatial = [EU_COUNTRY.NOR]
    for place in facts["regions"] + facts["municipalities"]:
        iri = URIRef(place["iri"])
        graph.add((iri, RDF.type, DCTERMS.Location))
        add_texts(graph, iri, SKOS.prefLabel, place["label"])
        for key, predicate in (("bbox", DCAT.bbox), ("centroid", DCAT.centroid)):
            if place.get(key):
                graph.add((iri, predicate, Literal(place[key], datatype=GEO.wktLiteral)))
        spatial.append(iri)
    return spatial


def _add_themes(graph: Graph, facts: dict[str, Any]) -> tuple[list[URIRef], list[URIRef]]:
    """The EU data themes and LOS concepts (typed, in their tables), and the theme taxonomies."""
    themes = []
    for theme in facts["themes"]:
        iri = URIRef(theme["iri"])
        add_concept(graph, iri, URIRef(theme["scheme"] or (EU_AUTHORITY + "data-theme")), theme["label"])
        themes.append(iri)
    taxonomies = sorted({URIRef(t["scheme"]) for t in facts["themes"] if t["scheme"]}
                        | {URIRef(EU_AUTHORITY + "data-theme")})
    if facts.get("scheme"):
        own = URIRef(facts["scheme"]["iri"])
        graph.add((own, RDF.type, SKOS.ConceptScheme))
        add_texts(graph, own, DCTERMS.title, facts["scheme"]["label"])
        taxonomies.append(own)
    return themes, taxonomies


def catalogue_graph(manifest: dict[str, Any], *, versions: bool = True) -> Graph:
    """The DCAT catalogue of one build, with canonical IRIs (``manifest["base_uri"]``); with the dataset's earlier
    versions described where ``versions`` (``/dataset``), not for harvesters (``/catalog``:
    :mod:`byregion.dcat.dataset`)."""
    base = str(manifest["base_uri"])
    facts = manifest["dcat"]
    g = bind_prefixes(Graph())
    # the date the latest of what it lists changed (the data, a table, a dump): a build of the same bytes keeps it
    files = manifest.get("files", {})
    created = date_time(max([str(manifest.get("content_since") or manifest["created"]),
                             *(str(t["since"]) for t in manifest.get("tables", []) if t.get("since")),
                             *(str(files[d["file"]]["since"]) for d in manifest.get("dumps", [])
                               if files.get(d["file"], {}).get("since"))]))
    first = date_time(manifest["history"][-1]["created"]) if manifest.get("history") else created
    licence = URIRef(LICENCE)

    publisher, contact = _add_publisher(g, facts, base)
    add_controlled_values(g, tuple(facts.get("languages", LANGUAGES)))
    spatial = _add_places(g, facts)
    themes, taxonomies = _add_themes(g, facts)
    ontology = URIRef(facts["ontology"]["iri"])
    g.add((ontology, RDF.type, DCTERMS.Standard))
    add_texts(g, ontology, DCTERMS.title, facts["ontology"]["label"] or {"en": "Byregion ontology"})

    shared = Shared(manifest, publisher, contact, licence, PUBLIC, tuple(themes), tuple(spatial))
    dataset = add_dataset(g, shared, first, ontology, versions=versions)
    add_distributions(g, dataset, shared)
    tables = add_tables(g, shared, dataset, first)
    service = add_data_service(g, dataset, shared)
    add_endpoint_distribution(g, dataset, service, shared)
    distributions = sorted(d for d in g.objects(dataset, DCAT.distribution) if isinstance(d, URIRef))
    add_boundary_sources(g, dataset, distributions, facts, base)
    add_related_sources(g, dataset, facts, base)
    layers = add_layers(g, shared, dataset, first)  # after the dataset's sources: the layers' are the same

    catalogue = uris.catalogue(base)
    g.add((catalogue, RDF.type, DCAT.Catalog))
    add_texts(g, catalogue, DCTERMS.title, texts("catalogue_title", facts, manifest))
    add_texts(g, catalogue, DCTERMS.description, texts("catalogue_description", facts, manifest))
    g.add((catalogue, DCTERMS.identifier, Literal(str(catalogue))))
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((catalogue, DCAT.contactPoint, contact))
    g.add((catalogue, FOAF.homepage, uris.home_page(base)))
    g.add((uris.home_page(base), RDF.type, FOAF.Document))
    g.add((catalogue, DCTERMS.license, licence))
    g.add((catalogue, DCTERMS.issued, first))
    # the catalogue names the content's version and its datasets' dates, so a build of the same bytes changes
    # nothing a harvester compares (byregion.build.since)
    g.add((catalogue, DCTERMS.modified, created))
    g.add((catalogue, DCTERMS.spatial, EU_COUNTRY.NOR))
    for code in LANGUAGES:
        g.add((catalogue, DCTERMS.language, EU_LANGUAGE[code]))
    for taxonomy in taxonomies:
        g.add((catalogue, DCAT.themeTaxonomy, taxonomy))
    provenance = uris.catalogue_part("provenance", base)
    g.add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    add_texts(g, provenance, RDFS.label, provenance_texts(facts))
    g.add((catalogue, DCTERMS.provenance, provenance))
    g.add((catalogue, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    g.add((catalogue, DCAT.dataset, dataset))
    for table in tables:
        g.add((catalogue, DCAT.dataset, table))
    if layers is not None:
        g.add((catalogue, DCAT.dataset, layers))
    g.add((catalogue, DCAT.service, service))
    return g
