"""Each part of an official name in several languages is said in its own language (``byregion/reference/names.py``,
``data/reference/name-parts.csv``): "Kárášjohka - Karasjok" is Kárášjohka in Northern Sámi and Karasjok in
Norwegian, so a page marks the Sámi name ``lang="se"`` (a language review found every Sámi and Kven name tagged
``@nb`` and ``@en``, and none in its own language)."""

from __future__ import annotations

import csv

import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from byregion.cli.reference import CSV_DIR, generate
from byregion.reference import ReferenceDataError
from byregion.reference.names import FILE, SEPARATOR, add_name_parts, name_parts
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.fast

UNIT = URIRef("https://data.byregion.no/id/municipality/x")


def rows(*given: tuple[str, str, str, str]) -> list[dict[str, str]]:
    return [dict(zip(("name", "part", "language", "ssb_spelling"), row, strict=True)) for row in given]


def test_each_part_gets_its_language_and_the_whole_name_stays_as_ssb_writes_it() -> None:
    parts = name_parts(rows(("Kárášjohka - Karasjok", "Kárášjohka", "se", ""),
                            ("Kárášjohka - Karasjok", "Karasjok", "nb", "")))
    graph = Graph()
    for lang in ("nb", "en"):
        graph.add((UNIT, SKOS.prefLabel, Literal("Kárášjohka - Karasjok", lang=lang)))
    add_name_parts(graph, parts)
    assert set(graph.objects(UNIT, SKOS.prefLabel)) == {Literal("Kárášjohka - Karasjok", lang="nb"),
                                                        Literal("Kárášjohka - Karasjok", lang="en"),
                                                        Literal("Kárášjohka", lang="se")}
    assert set(graph.objects(UNIT, RDFS.label)) == {Literal("Kárášjohka", lang="se")}
    assert set(graph.objects(UNIT, SKOS.altLabel)) == {Literal("Karasjok", lang="nb")}


def test_an_earlier_names_parts_are_alternative_names_unless_said_already() -> None:
    parts = name_parts(rows(("Gáivuotna - Kåfjord", "Gáivuotna", "se", ""),
                            ("Gáivuotna - Kåfjord", "Kåfjord", "nb", ""),
                            ("Gáivuotna - Kåfjord - Kaivuono", "Gáivuotna", "se", ""),
                            ("Gáivuotna - Kåfjord - Kaivuono", "Kåfjord", "nb", ""),
                            ("Gáivuotna - Kåfjord - Kaivuono", "Kaivuono", "fkv", "")))
    graph = Graph()
    graph.add((UNIT, SKOS.prefLabel, Literal("Gáivuotna - Kåfjord - Kaivuono", lang="nb")))
    graph.add((UNIT, SKOS.altLabel, Literal("Gáivuotna - Kåfjord", lang="nb")))
    add_name_parts(graph, parts)
    assert Literal("Gáivuotna", lang="se") not in set(graph.objects(UNIT, SKOS.altLabel))  # its prefLabel already
    assert {(str(o), o.language) for o in graph.objects(UNIT, SKOS.prefLabel)} >= {("Gáivuotna", "se"),
                                                                                ("Kaivuono", "fkv")}


def test_where_ssb_misspells_a_part_the_official_spelling_is_given_and_a_note_says_so() -> None:
    parts = name_parts(rows(("Porsanger - Porsángu - Porsanki", "Porsanger", "nb", ""),
                            ("Porsanger - Porsángu - Porsanki", "Porsáŋgu", "se", "Porsángu"),
                            ("Porsanger - Porsángu - Porsanki", "Porsanki", "fkv", "")))
    graph = Graph()
    graph.add((UNIT, SKOS.prefLabel, Literal("Porsanger - Porsángu - Porsanki", lang="nb")))
    add_name_parts(graph, parts)
    assert Literal("Porsáŋgu", lang="se") in set(graph.objects(UNIT, SKOS.prefLabel))
    notes = {o.language: str(o) for o in graph.objects(UNIT, SKOS.editorialNote)}
    assert set(notes) == {"nb", "en"} and "Porsángu" in notes["en"] and "Porsáŋgu" in notes["nb"]


@pytest.mark.parametrize(("given", "said"), [
    ((("Deatnu - Tana", "Deatnu", "sme", ""),), "'sme' is none of"),  # ISO 639-3 for what BCP 47 writes se
    ((("Deatnu - Tana", "Tana", "nb", ""),), "'Tana' is not part 1 of 'Deatnu - Tana'"),
    ((("Deatnu - Tana", "Deatnu", "se", ""),), "'Deatnu - Tana' has 2 parts, the file gives 1"),
    ((("Porsanger - Porsángu", "Porsanger", "nb", ""), ("Porsanger - Porsángu", "Porsáŋgu", "se", "")),
     "give SSB's spelling in ssb_spelling"),
])
def test_a_row_that_does_not_fit_its_name_is_named(given: tuple[tuple[str, str, str, str], ...], said: str) -> None:
    with pytest.raises(ReferenceDataError, match=said.replace("(", r"\(").replace(")", r"\)")) as raised:
        name_parts(rows(*given))
    assert FILE in str(raised.value)


def test_every_name_in_several_parts_of_the_reference_tables_has_its_parts_languages() -> None:
    """A reform that gives a municipality a Sámi or Kven name adds a row to the tables: the build says which name
    still lacks its languages, rather than tag it @nb."""
    written = set()
    for table in ("municipalities.csv", "counties.csv"):
        with (CSV_DIR / table).open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                written |= {n for n in (row["name"], *row["name_variants"].split("|")) if SEPARATOR in n}
    with (CSV_DIR.parent / FILE).open(newline="", encoding="utf-8") as handle:
        known = set(name_parts(csv.DictReader(handle)))
    assert written - known == set()


@pytest.mark.slow  # the whole reference graph
def test_the_reference_graph_says_karasjok_in_northern_sami_and_troms_in_sami_and_kven() -> None:
    graph = generate()
    karasjok = URIRef("https://data.byregion.no/id/municipality/karasjohka-karasjok")
    assert Literal("Kárášjohka", lang="se") in set(graph.objects(karasjok, SKOS.prefLabel))
    troms = URIRef("https://data.byregion.no/id/county/troms")
    assert {Literal("Romsa", lang="se"), Literal("Tromssa", lang="fkv")} <= set(graph.objects(troms, SKOS.altLabel))


@pytest.mark.slow  # `byregion serve` over a real build
@pytest.mark.parametrize(("lang", "said"), [("nb", "Navn på andre språk"), ("en", "Names in other languages")])
def test_a_page_marks_each_name_in_its_own_language(real_server: Server, lang: str, said: str) -> None:
    page = requests.get(real_server.url + "/doc/municipality/porsanger-porsangu-porsanki", params={"lang": lang},
                        headers={"Accept": "text/html"}, timeout=10).text
    names = parse(page)[0].find("p", id="names")
    assert names is not None and names.text.startswith(said)
    assert [(s.attrs["lang"], s.text) for s in names.find_all("span")] == [("se", "Porsáŋgu"), ("fkv", "Porsanki")]
