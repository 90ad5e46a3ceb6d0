"""VoID figures computed from the data at build time (byregion.void.statistics), as a specification: the
vocabularies the dataset names are those whose terms the data uses, found in the data, not listed by hand."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from byregion.void import namespace_of, statistics

pytestmark = pytest.mark.fast

BASE = "https://data.byregion.no"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def triple(s: str, p: ox.NamedNode | str, o: ox.NamedNode | ox.Literal | str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(s), p if isinstance(p, ox.NamedNode) else ox.NamedNode(p),
                     o if not isinstance(o, str) else ox.NamedNode(o))


@pytest.mark.parametrize(("term", "namespace"), [
    ("http://purl.org/dc/terms/title", "http://purl.org/dc/terms/"),
    ("http://www.w3.org/2004/02/skos/core#Concept", "http://www.w3.org/2004/02/skos/core#"),
    ("https://data.byregion.no/def/byregion#Goal", "https://data.byregion.no/def/byregion#"),
    ("http://www.w3.org/ns/dx/prof/hasToken", "http://www.w3.org/ns/dx/prof/"),
    # a hash namespace ends at its hash, even where the local name holds a slash
    ("http://example.org/vocab#part/of", "http://example.org/vocab#"),
])
def test_a_terms_vocabulary_is_its_namespace(term: str, namespace: str) -> None:
    assert namespace_of(term) == namespace


def test_the_vocabularies_are_those_of_every_predicate_and_every_class_used() -> None:
    """A class's vocabulary is listed although none of its terms is a predicate (geo:Feature here), and a
    vocabulary that only an object that is no class comes from (a licence's IRI) is not."""
    region = f"{BASE}/id/region/notodden"
    data = [
        triple(region, RDF_TYPE, "https://data.byregion.no/def/byregion#CityRegion"),
        triple(region, RDF_TYPE, "http://www.opengis.net/ont/geosparql#Feature"),
        triple(region, "http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("Notodden", language="nb")),
        triple(region, "http://purl.org/dc/terms/license", "https://creativecommons.org/licenses/by/4.0/"),
    ]
    assert statistics(data, BASE)["vocabularies"] == [
        "http://purl.org/dc/terms/",
        "http://www.opengis.net/ont/geosparql#",
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "http://www.w3.org/2004/02/skos/core#",
        "https://data.byregion.no/def/byregion#",
    ]
