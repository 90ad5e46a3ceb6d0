"""The SPARQL 1.1 Service Description (``sd:Service``) of the endpoint, rendered with the build's other documents.

Lists the endpoint, the language, the result formats (W3C format IRIs from :mod:`byregion.mediatypes`),
``sd:UnionDefaultGraph``, the GeoSPARQL functions (``sd:extensionFunction``) and the default dataset: one
``sd:NamedGraph`` per graph of the build (ontology, themes, programme, reference, each region and curation), with
its size. Everything in it is known when the build is made, so ``GET /sparql`` without a query is a look-up of
:data:`byregion.paths.SERVICE_DESCRIPTION` like any document's (with its ETag), not a graph serialised per request.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from byregion.build.since import content_version
from byregion.mediatypes import ASK_TYPES, RDF_TYPES, SELECT_TYPES
from byregion.namespaces import SD, VOID, bind_prefixes
from byregion.prefixes import QUERY_PREFIXES
from byregion.void import graph_texts

#: The GeoSPARQL 1.1 functions the engine (Oxigraph) evaluates over ``geo:asWKT``: the Simple Features relations
#: (``geof:sfWithin`` …), named in the description as ``sd:extensionFunction`` so a client can find them
#: (tests/sparql/test_service_description_functions.py runs each).
GEOSPARQL_FUNCTIONS = ("sfContains", "sfCrosses", "sfDisjoint", "sfEquals", "sfIntersects", "sfOverlaps",
                       "sfTouches", "sfWithin")


def service_description(endpoint: str, manifest: Mapping[str, Any]) -> Graph:
    """The sd:Service graph for the endpoint at ``endpoint`` serving the build whose ``manifest.json`` is
    ``manifest`` (its content's version, VoID's distinct triples and each named graph's size, title and description)."""
    g = bind_prefixes(Graph())
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    formats = {m.w3c_format for m in (*SELECT_TYPES, *ASK_TYPES, *RDF_TYPES) if m.w3c_format}
    for iri in sorted(formats):
        g.add((service, SD.resultFormat, URIRef(iri)))
    for name in GEOSPARQL_FUNCTIONS:
        function = URIRef(QUERY_PREFIXES["geof"] + name)
        g.add((service, SD.extensionFunction, function))
        g.add((function, RDF.type, SD.Function))
    dataset = BNode("dataset")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    # the content's version, as the catalogue's: a build of unchanged data is the same dataset (its description's
    # bytes, ETag and date stay; a reproducible-builds review found them new at every --force)
    g.add((dataset, DCTERMS.identifier, Literal(content_version(manifest).version)))
    default = BNode("default-graph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    # the union of the named graphs (sd:UnionDefaultGraph): each triple once, as in the VoID description
    g.add((default, VOID.triples, Literal(int(manifest["void"]["triples"]), datatype=XSD.integer)))
    for i, entry in enumerate(manifest["graphs"]):
        named, graph = BNode(f"named-graph-{i}"), BNode(f"graph-{i}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(str(entry["iri"]))))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(int(entry["triples"]), datatype=XSD.integer)))
        texts = graph_texts(str(entry["iri"]), str(manifest["base_uri"]), manifest["dcat"]["regions"]) or {}
        for lang, (title, description) in texts.items():  # what it holds, as the VoID description says it
            g.add((graph, DCTERMS.title, Literal(title, lang=lang)))
            g.add((graph, DCTERMS.description, Literal(description, lang=lang)))
    return g
