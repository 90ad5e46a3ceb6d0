"""The order of what a page lists: the reader's alphabet in the page's language, not the order of the IRIs (which
are Norwegian for themes and English for the ontology's terms)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

from byregion import i18n, pages
from byregion.namespaces import BR, SCHEMA

pytestmark = pytest.mark.fast

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY = URIRef("https://data.byregion.no/def/byregion")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ROOT / "ontology" / "byregion.ttl")


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_ontologys_terms_are_listed_in_the_alphabetical_order_of_their_names(ontology: Graph, lang: str) -> None:
    """nb had listed "Råd, Utdrag fra søknad, Areal, …" (by the terms' English IRIs)."""
    groups = pages.terms(ontology, ONTOLOGY, lang, lambda iri: iri)["groups"]
    assert groups["classes"] and groups["object_properties"]
    for terms in groups.values():
        labels = [t["label"] for t in terms]
        assert labels == sorted(labels, key=i18n.norwegian_key), labels


def test_a_statements_themes_are_in_the_alphabetical_order_of_the_pages_language() -> None:
    """An English page had listed a statement's themes in the order of their Norwegian IRIs ("Sharing culture"
    first, from delingskultur)."""
    graph = Graph()
    statement = URIRef("https://data.byregion.no/id/region/x/goal/1")
    graph.add((statement, RDF.type, BR.Goal))
    graph.add((statement, SCHEMA.position, Literal(1)))
    for slug, nb, en in (("delingskultur", "Delingskultur", "Sharing culture"), ("miljo", "Miljø", "Environment"),
                         ("arbeidsplasser", "Arbeidsplasser", "Jobs")):
        theme = URIRef(f"https://data.byregion.no/id/theme/{slug}")
        graph.add((statement, DCTERMS.subject, theme))
        graph.add((theme, SKOS.prefLabel, Literal(nb, lang="nb")))
        graph.add((theme, SKOS.prefLabel, Literal(en, lang="en")))
    for lang, expected in (("nb", ["Arbeidsplasser", "Delingskultur", "Miljø"]),
                           ("en", ["Environment", "Jobs", "Sharing culture"])):
        shown = pages.statement(graph, statement, lang, lambda iri: iri, BR)
        assert [v.text for v in shown["themes"]] == expected, lang
