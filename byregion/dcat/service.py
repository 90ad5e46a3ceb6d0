"""The SPARQL endpoint as a ``dcat:DataService`` serving the dataset, and as a distribution of it that names the
service (``dcat:accessService``): harvesters such as ckanext-dcat find a data service only through a distribution."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from byregion import uris
from byregion.dcat.shared import Shared, add_shared
from byregion.dcat.terms import AVAILABILITY, DCAT, EU_AUTHORITY, SPARQL11, add_concept, add_texts
from byregion.dcat.texts import DATASET_TEXT
from byregion.mediatypes import SPARQL_ENDPOINT_FILE_TYPE
from byregion.namespaces import DCATAP, EU_FILETYPE


def add_data_service(graph: Graph, dataset: URIRef, shared: Shared) -> URIRef:
    """The data service (``{base}/catalog#sparql``) with its endpoint; returns its IRI."""
    service, endpoint = uris.data_service(shared.base), uris.sparql_endpoint(shared.base)
    graph.add((service, RDF.type, DCAT.DataService))
    add_texts(graph, service, DCTERMS.title, DATASET_TEXT["service_title"])
    add_texts(graph, service, DCTERMS.description, DATASET_TEXT["service_description"])
    add_shared(graph, service, shared)
    graph.add((service, DCAT.endpointURL, endpoint))
    graph.add((endpoint, RDF.type, RDFS.Resource))  # DCAT-AP 3's range shapes ask the class of it, with no inference
    graph.add((service, DCAT.endpointDescription, endpoint))
    graph.add((service, DCAT.servesDataset, dataset))
    graph.add((service, DCTERMS.conformsTo, SPARQL11))
    graph.add((SPARQL11, RDF.type, DCTERMS.Standard))
    graph.add((SPARQL11, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en")))
    for lang in ("nb", "en"):  # as the dataset's: a Norwegian portal shows the Bokmål ones (a harvester's review)
        for word in shared.facts["keywords"].get(lang, [])[:5]:
            graph.add((service, DCAT.keyword, Literal(word, lang=lang)))
        graph.add((service, DCAT.keyword, Literal("SPARQL", lang=lang)))
    return service


def add_endpoint_distribution(graph: Graph, dataset: URIRef, service: URIRef, shared: Shared) -> URIRef:
    """The SPARQL endpoint as a distribution of ``dataset``: where to query it (``dcat:accessURL``) and the data
    service that answers there (``dcat:accessService``, DCAT-AP 3 §Distribution); no download."""
    distribution, endpoint = uris.endpoint_distribution(shared.base), uris.sparql_endpoint(shared.base)
    graph.add((dataset, DCAT.distribution, distribution))
    graph.add((distribution, RDF.type, DCAT.Distribution))
    graph.add((distribution, DCAT.accessURL, endpoint))
    graph.add((distribution, DCAT.accessService, service))
    add_texts(graph, distribution, DCTERMS.title, DATASET_TEXT["service_title"])
    add_texts(graph, distribution, DCTERMS.description, DATASET_TEXT["service_description"])
    graph.add((distribution, DCTERMS.conformsTo, SPARQL11))
    file_type = EU_FILETYPE[SPARQL_ENDPOINT_FILE_TYPE]  # DCAT-AP 3 recommends a format on every distribution
    graph.add((distribution, DCTERMS.format, file_type))
    add_concept(graph, file_type, URIRef(EU_AUTHORITY + "file-type"), {"en": "SPARQL query"}, DCTERMS.MediaTypeOrExtent)
    graph.add((distribution, DCTERMS.license, shared.licence))
    graph.add((distribution, DCTERMS.accessRights, shared.access))
    graph.add((distribution, DCATAP.availability, AVAILABILITY.STABLE))
    return distribution
