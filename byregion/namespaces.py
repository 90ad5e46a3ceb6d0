"""Every namespace the project writes, in one place.

Our own IRIs all hang off the canonical base (see :mod:`byregion.settings`): the data is written
with :data:`BASE` and a build with another base rewrites it (``byregion.build``).
"""

from rdflib import Graph, Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROF, PROV, RDF, RDFS, SKOS, XSD, NamespaceManager

from byregion import prefixes

#: The canonical base of every IRI this project mints. Permanent once published.
BASE = prefixes.BASE

#: Where our ontology's namespace is under a base.
ONTOLOGY_PATH = "/def/byregion#"
#: Our ontology (hash namespace, see README "Why a hash namespace").
BR = Namespace(f"{BASE}{ONTOLOGY_PATH}")
ONTOLOGY_IRI = f"{BASE}/def/byregion"


def ontology_namespace(base: str) -> Namespace:
    """The ``br:`` namespace of a build made with ``base`` (``{base}/def/byregion#``): the ontology's IRIs move with
    the data's (``BYREGION_BASE_URI``), so code that reads a build's data reads ``br:`` terms with this, never with
    :data:`BR` (which is only the canonical base's; ``tests/test_rebased_build.py``)."""
    return BR if base == BASE else Namespace(f"{base}{ONTOLOGY_PATH}")

ID = Namespace(f"{BASE}/id/")
GRAPH = Namespace(f"{BASE}/graph/")

SCHEMA = Namespace("https://schema.org/")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCATAP = Namespace("http://data.europa.eu/r5r/")
DQV = Namespace("http://www.w3.org/ns/dqv#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
TIME = Namespace("http://www.w3.org/2006/time#")
WD = Namespace("http://www.wikidata.org/entity/")
EU_THEME = Namespace("http://publications.europa.eu/resource/authority/data-theme/")
EU_LICENCE = Namespace("http://publications.europa.eu/resource/authority/licence/")
EU_FILETYPE = Namespace("http://publications.europa.eu/resource/authority/file-type/")
EU_ACCESS = Namespace("http://publications.europa.eu/resource/authority/access-right/")
LOS = Namespace("https://psi.norge.no/los/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
#: W3C "Content Negotiation by Profile": the Alternate Representations data model (the ``alt`` profile's view).
ALTR = Namespace("http://www.w3.org/ns/dx/conneg/altr#")

#: Prefix table used by every serialiser, the SPARQL page and the JSON-LD context (plain strings, in
#: :mod:`byregion.prefixes`; tests/test_prefixes.py checks it names the same namespaces as the objects above).
PREFIXES = prefixes.PREFIXES


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (replacing rdflib's defaults) and return it."""
    manager = NamespaceManager(graph, bind_namespaces="none")
    for prefix, iri in PREFIXES.items():
        manager.bind(prefix, iri, override=True, replace=True)
    graph.namespace_manager = manager
    return graph


#: Re-exported for modules that take every namespace from here.
__all__ = ["ADMS", "ALTR", "BASE", "BR", "DCAT", "DCATAP", "DCTERMS", "DQV", "EU_ACCESS", "EU_FILETYPE",
           "EU_LICENCE", "EU_THEME", "FOAF", "GRAPH", "ID", "LOS", "OA", "ONTOLOGY_IRI", "ONTOLOGY_PATH", "ORG", "OWL",
           "PREFIXES", "PROF", "PROV", "QUDT",
           "RDF", "RDFS", "SCHEMA", "SD", "SH", "SKOS", "SPDX", "TIME", "UNIT", "VCARD", "VOID", "WD", "XSD",
           "bind_prefixes", "ontology_namespace"]
