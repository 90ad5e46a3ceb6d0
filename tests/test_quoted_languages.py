"""A quotation in another language than the sentence quoting it is marked with its language on the page: Notodden's
phase 1 quotes the programme's notes, which are English, in a Norwegian sentence («the region grew ‘from two to six
municipalities’ between phase 1 and phase 2»), which a screen reader had read with Norwegian sounds (a Norwegian
editor's review). The page's <title> and meta description cannot mark a language; the visible lead does."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Graph

from byregion import uris
from byregion.build.render.pages import resource_page
from byregion.graph_index import GraphIndex
from byregion.namespaces import BASE, BR
from byregion.programme import parse
from byregion.programme.graph import notes_graph
from byregion.programme.phases import phases_graph
from tests.support.html import parse as parse_html

pytestmark = pytest.mark.fast

REGIONS = """slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note
telemarka,Telemarka,08,17000,1900,2,fakta,https://example.org/telemarka,
"""
MEMBERSHIPS = """region,municipality_code_2015,municipality_name,role
telemarka,0807,Notodden,applicant
telemarka,0822,Sauherad,partner
"""
NOTES = """## Programme facts
Phase 1: spring 2014 – summer 2015. New directly in phase 2: Lørenskog.

- Telemarka: the region grew "from two to six municipalities" between phase 1 and phase 2.
"""


def phase_1_page(lang: str):  # type: ignore[no-untyped-def]
    """Telemarka's phase 1 page, parsed."""
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), NOTES)
    assert problems == []
    made += notes_graph(NOTES, "0" * 64, Graph())[0]
    store = ox.Store()
    store.load(made.serialize(format="nt").encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    index = GraphIndex.from_store(store, BASE)
    iri = uris.thing("region", "telemarka", "phase", "1")
    html = resource_page(index, "/doc/region/telemarka/phase/1", str(iri), made, lang, inbound_limit=10, br=BR,
                         inbound=([], False))
    root, faults = parse_html(html)
    assert not faults, faults
    return root


def lead(lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The lead of Telemarka's phase 1 page: its text, and each element in it marked with a language."""
    shown = phase_1_page(lang).find("p", class_="lead")
    return shown.text, [(e.attrs["lang"], e.text) for e in shown.iter() if "lang" in e.attrs]


def test_the_notes_english_quoted_in_norwegian_is_marked_english() -> None:
    text, marked = lead("nb")
    assert text == ("Merknadene skriver om byregionen: «the region grew ‘from two to six municipalities’ between "
                    "phase 1 and phase 2». Den var altså med i både fase 1 og fase 2.")
    assert marked == [("en", "the region grew ‘from two to six municipalities’ between phase 1 and phase 2")]


def test_in_english_the_quotation_needs_no_mark_and_its_own_quotes_are_single() -> None:
    text, marked = lead("en")
    assert text == ("The notes say of the region: “the region grew ‘from two to six municipalities’ between phase 1 "
                    "and phase 2”. So it took part in both phase 1 and phase 2.")
    assert marked == []



QUOTED = "the region grew ‘from two to six municipalities’ between phase 1 and phase 2"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_quotation_is_marked_in_the_table_of_properties_too(lang: str) -> None:
    """A crawler's review: the lead marked it, the same rdfs:comment in the table of every property did not (on the
    English page, inside the Norwegian comment's lang="nb")."""
    table = phase_1_page(lang).find("table", class_="keyvalue")  # "Alle egenskaper"
    marked = [e for e in table.iter() if e.attrs.get("lang") == "en" and e.text == QUOTED]
    assert len(marked) == 1  # inside the Norwegian comment, the only one that quotes it in «»
