"""A statement as a region's page shows it, rendered from the repository's Notodden (its imported page and the
project's English): each sentence once, and advice as the numbered list the page writes ("1. Innovative offentlige
anskaffelser, kommunene er …"). A Norwegian editor had read each piece of advice's title twice, in bold above its
sentence and again as the sentence's first words, and no number but in the small "råd 1" link."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF

from byregion import pages
from byregion.build.render.pages import render
from byregion.namespaces import BR, SCHEMA
from tests.support.html import Element, parse

pytestmark = pytest.mark.fast

DATA = Path(__file__).resolve().parent.parent / "data"
NOTODDEN = URIRef("https://data.byregion.no/id/region/notodden")


def region_page(graph: Graph, lang: str) -> Element:
    def href(iri: str) -> str:
        return iri
    html = render("region.html", lang, page=pages.base_page(graph, NOTODDEN, lang, href),
                  extra=pages.region(graph, NOTODDEN, lang, href, BR), inbound=[], inbound_cut=False, alternates=[],
                  page_urls={})
    root, faults = parse(html)
    assert not faults, faults
    return root


@pytest.fixture(scope="module")
def notodden() -> Graph:
    return Graph().parse(DATA / "regions" / "notodden.ttl").parse(DATA / "curation" / "notodden.ttl")


def section(root: Element, heading: str) -> Element:
    return next(s for s in root.find_all("section") if s.find("h3").text.startswith(heading))


@pytest.mark.parametrize(("lang", "heading", "first"), [
    ("nb", "Notoddens råd", ("Innovative offentlige anskaffelser", ", kommunene er store bestillere")),
    ("en", "Notodden's advice", ("Innovative public procurement", ": the municipalities are major purchasers"))])
def test_advice_is_a_list_of_its_numbers_each_sentence_once_its_title_in_bold(notodden: Graph, lang: str,
                                                                               heading: str,
                                                                               first: tuple[str, str]) -> None:
    advice = section(region_page(notodden, lang), heading)
    listed = advice.find("ol", class_="statements")
    items = [li for li in listed.children if isinstance(li, Element)]
    assert [li.attrs.get("value") for li in items] == ["1", "2", "3"]  # the page's own "1.", "2.", "3."
    title, rest = first
    shown = items[0].find("div", class_="statement")
    assert [strong.text for strong in shown.find_all("strong")] == [title]
    sentence = shown.find("span", lang="en") if lang == "en" else shown.find("span")
    assert sentence.text.startswith(title + rest)
    assert shown.text.count(title) == 1
    if lang == "en":  # the original once, title and all, as the translation is of the whole sentence
        assert [p.text for p in shown.find_all("p", lang="nb")] == [
            "Innovative offentlige anskaffelser, kommunene er store bestillere og kan bidra sterkt i innovasjon og "
            "styrking av det lokale næringslivet."]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_goals_and_results_keep_their_sentences_and_are_no_numbered_list(notodden: Graph, lang: str) -> None:
    root = region_page(notodden, lang)
    goals = section(root, {"nb": "Mål for", "en": "Goals for"}[lang])
    assert not goals.find_all("ol") and not goals.find_all("strong")
    assert goals.find("div", class_="statement").find("span").text


def test_a_title_its_text_does_not_begin_with_stays_above_it() -> None:
    """Where a title is not the text's start, it is no repetition: both are shown, the title in bold."""
    graph, advice = Graph(), URIRef(f"{NOTODDEN}/advice/9")
    graph.add((advice, RDF.type, BR.Advice))
    graph.add((advice, DCTERMS.title, Literal("Tillit", lang="nb")))
    graph.add((advice, SCHEMA.text, Literal("Bli enige om hvor man samarbeider.", lang="nb")))
    shown = pages.statement(graph, advice, "nb", lambda iri: iri, BR)
    assert not shown["title_leads"]
    html = render("theme.html", "nb", page=pages.Page(str(advice), "Tillit", [], None),
                  extra={"statements": [shown]}, inbound=[], inbound_cut=False, alternates=[], page_urls={})
    statement = parse(html)[0].find("div", class_="statement")
    assert [s.text for s in statement.find_all("strong")] == ["Tillit"]
    assert "Bli enige om hvor man samarbeider." in statement.text
