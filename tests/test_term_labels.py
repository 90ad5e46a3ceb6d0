"""A page names the terms of other vocabularies our data uses (geo:Feature, org:Membership, …) in the reader's
language, as it names ours, rather than showing a prefixed name that the page's style sets in capitals
(GEO:FEATURE); an unknown term keeps its prefixed name."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from byregion import i18n, pages
from byregion.namespaces import BR, GEO, PREFIXES

pytestmark = pytest.mark.fast


def link(iri: str) -> str:
    return iri


@pytest.mark.parametrize(("term", "lang", "words"), [
    (GEO.Feature, "nb", "Geografisk objekt"), (GEO.Feature, "en", "Feature"),
    (URIRef("http://www.w3.org/ns/org#Membership"), "nb", "Medlemskap"),
    (GEO.asWKT, "en", "as WKT"),
])
def test_another_vocabularys_term_is_named_in_the_readers_language(term: URIRef, lang: str, words: str) -> None:
    shown = pages.value(Graph(), term, lang, link)
    assert (shown.text, shown.lang, shown.href) == (words, lang, str(term))


def test_a_label_in_the_data_wins_and_an_unknown_term_keeps_its_prefixed_name() -> None:
    labelled = Graph()
    labelled.add((GEO.Feature, RDFS.label, Literal("Stedsobjekt", lang="nb")))
    assert pages.value(labelled, GEO.Feature, "nb", link).text == "Stedsobjekt"
    unknown = URIRef("http://www.opengis.net/ont/geosparql#sfOverlaps")
    assert pages.value(Graph(), unknown, "nb", link).text == "geo:sfOverlaps"
    assert pages.value(Graph(), BR.nothing, "en", link).text == "br:nothing"


def test_every_named_term_is_in_a_namespace_the_site_knows_and_has_both_languages() -> None:
    for iri, words in i18n.TERM_LABELS.items():
        assert set(words) == set(i18n.LANGUAGES) and all(words.values()), iri
        assert any(iri.startswith(str(ns)) for ns in PREFIXES.values()), iri
