"""The SPARQL endpoint as a ``dcat:DataService`` serving the dataset."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from byregion import uris
from byregion.dcat.shared import Shared, add_shared
from byregion.dcat.terms import DCAT, SPARQL11, add_texts
from byregion.dcat.texts import DATASET_TEXT


def add_data_service(graph: Graph, dataset: URIRef, shared: Shared) -> URIRef:
    """The data service (``{base}/catalog#sparql``) with its endpoint; returns its IRI."""
    service, endpoint = uris.data_service(shared.base), uris.sparql_endpoint(shared.base)
    graph.add((service, RDF.type, DCAT.DataService))
    add_texts(graph, service, DCTERMS.title, DATASET_TEXT["service_title"])
    add_texts(graph, service, DCTERMS.description, DATASET_TEXT["service_description"])
    add_shared(graph, service, shared)
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((service, DCAT.endpointDescription, endpoint))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, SPARQL11))
    graph.add((SPARQL11, RDF.type, DCTERMS.Standard))
    graph.add((SPARQL11, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en")))
    for word in shared.facts["keywords"].get("en", [])[:5]:
        graph.add((service, DCAT.keyword, Literal(word, lang="en")))
    graph.add((service, DCAT.keyword, Literal("SPARQL", lang="en")))
    return service
