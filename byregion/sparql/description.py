"""The SPARQL 1.1 Service Description (``sd:Service``) of the endpoint, from the build manifest.

Lists the endpoint, the language, the result formats (W3C format IRIs from :mod:`byregion.mediatypes`),
``sd:UnionDefaultGraph`` and the default dataset: one ``sd:NamedGraph`` per graph in the manifest's
``"graphs"`` (ontology, themes, programme, reference, each region and curation), with its size.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from byregion.build.reader import Manifest
from byregion.mediatypes import ASK_TYPES, RDF_TYPES, SELECT_TYPES
from byregion.namespaces import SD, VOID, bind_prefixes


def service_description(endpoint: str, manifest: Manifest) -> Graph:
    """The sd:Service graph for the endpoint at ``endpoint`` serving the build ``manifest`` describes."""
    g = bind_prefixes(Graph())
    service = URIRef(endpoint)
    g.add((service, RDF.type, SD.Service))
    g.add((service, SD.endpoint, service))
    g.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((service, SD.feature, SD.UnionDefaultGraph))
    formats = {m.w3c_format for m in (*SELECT_TYPES, *ASK_TYPES, *RDF_TYPES) if m.w3c_format}
    for iri in sorted(formats):
        g.add((service, SD.resultFormat, URIRef(iri)))
    dataset = BNode("dataset")
    g.add((service, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    g.add((dataset, DCTERMS.identifier, Literal(manifest.version)))
    default = BNode("default-graph")
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    # the union of the named graphs (sd:UnionDefaultGraph): each triple once, as in the VoID description
    g.add((default, VOID.triples, Literal(manifest.distinct_triples, datatype=XSD.integer)))
    for i, entry in enumerate(manifest.graphs):
        named, graph = BNode(f"named-graph-{i}"), BNode(f"graph-{i}")
        g.add((dataset, SD.namedGraph, named))
        g.add((named, RDF.type, SD.NamedGraph))
        g.add((named, SD.name, URIRef(entry.iri)))
        g.add((named, SD.graph, graph))
        g.add((graph, RDF.type, SD.Graph))
        g.add((graph, VOID.triples, Literal(entry.triples, datatype=XSD.integer)))
    return g

