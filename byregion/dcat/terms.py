"""Controlled vocabularies the catalogue uses (EU authority tables, ADMS, LOS), the licence, and
small helpers that add them to a graph the way DCAT-AP's range checks want them."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT as _DCAT
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from byregion.dcat.texts import LANGS
from byregion.licence import LICENCE, LICENCE_LABEL, LICENCE_PAGE
from byregion.namespaces import EU_ACCESS

#: DCAT (open namespace: rdflib's closed one lacks the DCAT 3 versioning terms).
DCAT = Namespace(str(_DCAT))
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGE = Namespace(EU_AUTHORITY + "language/")
EU_COUNTRY = Namespace(EU_AUTHORITY + "country/")
EU_FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
AVAILABILITY = Namespace(EU_AUTHORITY + "planned-availability/")
SPARQL11 = URIRef("https://www.w3.org/TR/sparql11-protocol/")

#: ADMS licence type of NLOD 2.0 (it requires attribution).
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
#: Access rights of everything in the catalogue.
PUBLIC = EU_ACCESS.PUBLIC
#: Languages of the catalogue's texts, and of the data's at least (EU language table codes).
LANGUAGES = ("NOB", "ENG")
#: The EU language table's code for a language tag of the data's text, and each code's name.
LANGUAGE_CODES = {"nb": "NOB", "nn": "NNO", "en": "ENG"}
LANGUAGE_NAMES = {"NOB": {"nb": "norsk bokmål", "en": "Norwegian Bokmål"},
                  "NNO": {"nb": "norsk nynorsk", "en": "Norwegian Nynorsk"},
                  "ENG": {"nb": "engelsk", "en": "English"}}

#: Titles of the external tables the catalogue refers to (a ConceptScheme needs a dct:title in DCAT-AP).
SCHEME_TITLES: dict[str, dict[str, str]] = {
    EU_AUTHORITY + "data-theme": {"nb": "EUs datatemaer", "en": "EU data themes"},
    EU_AUTHORITY + "licence": {"nb": "EUs lisensliste", "en": "EU licences"},
    EU_AUTHORITY + "access-right": {"nb": "EUs tilgangsnivåer", "en": "EU access rights"},
    EU_AUTHORITY + "language": {"nb": "EUs språkliste", "en": "EU languages"},
    EU_AUTHORITY + "country": {"nb": "EUs landliste", "en": "EU countries"},
    EU_AUTHORITY + "frequency": {"nb": "EUs frekvenser", "en": "EU frequencies"},
    EU_AUTHORITY + "file-type": {"nb": "EUs filtyper", "en": "EU file types"},
    EU_AUTHORITY + "planned-availability": {"nb": "EUs planlagte tilgjengelighet", "en": "EU planned availability"},
    "http://purl.org/adms/licencetype/1.0": {"en": "ADMS licence types"},
    "http://purl.org/adms/publishertype/1.0": {"en": "ADMS publisher types"},
    "https://psi.norge.no/los/ontologi/tema": {"nb": "LOS – temaer", "en": "LOS – themes"},
    "https://psi.norge.no/los/ontologi/ord": {"nb": "LOS – ord", "en": "LOS – words"},
}


def add_texts(graph: Graph, subject: URIRef, predicate: URIRef, texts: dict[str, str]) -> None:
    """One language-tagged literal per language that has a (non-empty) text."""
    for lang in LANGS:
        if texts.get(lang):
            graph.add((subject, predicate, Literal(texts[lang], lang=lang)))


def date_time(value: str) -> Literal:
    """A build timestamp as ``xsd:dateTime``."""
    return Literal(value, datatype=XSD.dateTime)


def add_concept(graph: Graph, iri: URIRef, scheme: URIRef, label: dict[str, str],
                kind: URIRef = SKOS.Concept) -> None:
    """Type a controlled-vocabulary value and state its table, as DCAT-AP range checks need; named by
    ``skos:prefLabel`` only. Not by ``rdfs:label``: ckanext-dcat reads the first ``rdfs:label`` of an IRI as the
    value itself (its ``_object_value``), so a CKAN portal stored "Norsk lisens for offentlige data (NLOD) 2.0" as a
    resource's licence, "stabil" as its availability and "offentlig" as the service's access rights, and published
    them on as literals where DCAT-AP asks for the IRI. Only the IANA media types keep an ``rdfs:label`` (their
    name, from which it reads a resource's media type: :func:`byregion.dcat.distributions.add_format`)."""
    graph.add((iri, RDF.type, kind))
    graph.add((iri, SKOS.inScheme, scheme))
    add_texts(graph, iri, SKOS.prefLabel, label)
    if (scheme, RDF.type, SKOS.ConceptScheme) not in graph:
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        name = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        add_texts(graph, scheme, DCTERMS.title, SCHEME_TITLES.get(str(scheme), {"en": name}))


#: ADMS's publisher types the catalogue's agents have (DCAT-AP 3.0.1 recommends one as an agent's ``dct:type``), with
#: the table's labels.
PUBLISHER_TYPES: dict[str, dict[str, str]] = {
    "NationalAuthority": {"en": "National authority"},
    "NonProfitOrganisation": {"en": "Non-Profit Organisation"},
}


def add_publisher_type(graph: Graph, agent: URIRef, kind: str) -> None:
    """``agent``'s type of publisher, one of :data:`PUBLISHER_TYPES`, placed in ADMS's table."""
    iri = URIRef("http://purl.org/adms/publishertype/" + kind)
    add_concept(graph, iri, URIRef("http://purl.org/adms/publishertype/1.0"), PUBLISHER_TYPES[kind])
    graph.add((agent, DCTERMS.type, iri))


def add_controlled_values(graph: Graph, languages: tuple[str, ...] = LANGUAGES) -> None:
    """The fixed vocabulary values every catalogue uses: licence, access right, ``languages`` (the catalogue's
    and the data's), country, frequency and availability, each typed and placed in its table."""
    licence = URIRef(LICENCE)
    add_concept(graph, licence, URIRef(EU_AUTHORITY + "licence"), LICENCE_LABEL, DCTERMS.LicenseDocument)
    add_texts(graph, licence, DCTERMS.title, LICENCE_LABEL)  # by which ckanext-dcat finds it in CKAN's licences
    graph.add((licence, DCTERMS.type, ATTRIBUTION))
    graph.add((licence, RDFS.seeAlso, URIRef(LICENCE_PAGE)))
    add_concept(graph, ATTRIBUTION, URIRef("http://purl.org/adms/licencetype/1.0"), {"en": "Attribution"})
    add_concept(graph, PUBLIC, URIRef(EU_AUTHORITY + "access-right"), {"nb": "offentlig", "en": "public"},
                DCTERMS.RightsStatement)
    for code in dict.fromkeys((*LANGUAGES, *languages)):
        add_concept(graph, EU_LANGUAGE[code], URIRef(EU_AUTHORITY + "language"), LANGUAGE_NAMES[code],
                    DCTERMS.LinguisticSystem)
    add_concept(graph, EU_COUNTRY.NOR, URIRef(EU_AUTHORITY + "country"), {"nb": "Norge", "en": "Norway"},
                DCTERMS.Location)
    add_concept(graph, EU_FREQUENCY.IRREG, URIRef(EU_AUTHORITY + "frequency"),
                {"nb": "uregelmessig", "en": "irregular"}, DCTERMS.Frequency)
    add_concept(graph, AVAILABILITY.STABLE, URIRef(EU_AUTHORITY + "planned-availability"),
                {"nb": "stabil", "en": "stable"})
