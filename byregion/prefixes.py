"""The prefix table, as plain strings: what the serialisers, the SPARQL page, the JSON-LD context and the
SPARQL query processes share. No rdflib here, so a query process does not load it (about 17 MB each);
:mod:`byregion.namespaces` re-exports it beside its rdflib namespaces (tests/test_prefixes.py checks they agree)."""

from __future__ import annotations

#: The canonical base of every IRI this project mints. Permanent once published.
BASE = "https://data.byregion.no"

#: Prefix table used by every serialiser, the SPARQL page and the JSON-LD context.
PREFIXES: dict[str, str] = {
    "br": f"{BASE}/def/byregion#",
    "id": f"{BASE}/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dct": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",  # Web Annotation's format of a body (dc:format)
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "schema": "https://schema.org/",
    "qudt": "http://qudt.org/schema/qudt/",
    "unit": "http://qudt.org/vocab/unit/",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
    "void": "http://rdfs.org/ns/void#",
    "dcatap": "http://data.europa.eu/r5r/",
    "dqv": "http://www.w3.org/ns/dqv#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "adms": "http://www.w3.org/ns/adms#",
    "spdx": "http://spdx.org/rdf/terms#",
    "time": "http://www.w3.org/2006/time#",
    "wd": "http://www.wikidata.org/entity/",
    "eutheme": "http://publications.europa.eu/resource/authority/data-theme/",
    "los": "https://psi.norge.no/los/",
    "prof": "http://www.w3.org/ns/dx/prof/",
    "altr": "http://www.w3.org/ns/dx/conneg/altr#",
}

#: Prefixes a query may use that no data of ours does, so no writer declares them: the endpoint's GeoSPARQL functions
#: (``geof:sfWithin``, ``geof:sfIntersects``, …, over ``geo:asWKT``). The SPARQL page names them in its hints.
QUERY_PREFIXES: dict[str, str] = {
    "geof": "http://www.opengis.net/def/function/geosparql/",
}

#: The prefixes whose names go on with a path (``id:municipality/notodden``, ``los:tema/…``). Turtle, TriG and
#: SPARQL allow a ``/`` in a prefixed name only escaped (``id:municipality\/notodden``), which no reader wants to
#: read or copy, so the writers of Turtle and TriG spell these IRIs whole (:func:`written`); JSON-LD's compact IRIs
#: and the SPARQL page's prologue keep them.
PATH_PREFIXES = frozenset({"id", "los"})


def written(table: dict[str, str]) -> dict[str, str]:
    """``table`` without :data:`PATH_PREFIXES`: the prefixes a writer of Turtle, TriG or RDF/XML declares."""
    return {prefix: namespace for prefix, namespace in table.items() if prefix not in PATH_PREFIXES}
