"""What a page says in words, read as a Norwegian domain expert read it (this stop's review): a statement's lead is
its whole text, its title included, in each language; the catalogue's sentence names the programme in lower case
inside a sentence and keeps a region whose name holds a comma in one piece."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDFS

from byregion.namespaces import BASE
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data


def lead(server: Server, path: str, lang: str) -> str:
    """The page's lead paragraph as text (a translation's mark runs into it: it is a label beside it)."""
    page = requests.get(server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    return root.find("p", class_="lead").text


@pytest.mark.parametrize(("lang", "text"), [
    ("nb", "Tillit og unne hverandre suksess, bli enige om hvor man samarbeider og hvor man konkurrerer om "
           "innbyggere og bedrifter/arbeidstakere."),
    ("en", "Translation: Trust, and not begrudging each other success: agree on where you cooperate and where you "
           "compete for residents and businesses/employees.")])
def test_an_advices_lead_is_its_whole_text_title_included(real_server: Server, lang: str, text: str) -> None:
    assert lead(real_server, "/doc/region/notodden/advice/2", lang) == text


def test_the_catalogues_description_names_the_programme_inside_a_sentence(real_server: Server) -> None:
    described = lead(real_server, "/dataset", "en")
    assert described.startswith("33 of the 37 city regions of the City Region Programme (")
    assert "; Leikanger, Luster og Sogndal;" in described  # one region, not three


def facts(server: Server, path: str, lang: str) -> dict[str, str]:
    """The page's facts, each term to its value as text (a list's items run together)."""
    page = requests.get(server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    listed = root.find("dl", class_="facts")
    return dict(zip((dt.text for dt in listed.find_all("dt")), (dd.text for dd in listed.find_all("dd")), strict=True))


@pytest.mark.parametrize(("path", "lang", "county", "counties"), [
    ("/doc/region/notodden", "nb", "Telemark", ("Medlemmenes fylker (1. januar 2015)",
                                                "Telemark (5 kommuner)Buskerud (1 kommune)")),
    ("/doc/region/haugesundregionen", "en", "Rogaland", ("The members' counties (1 January 2015)",
                                                         "Rogaland (7 municipalities)Hordaland (2 municipalities)")),
])
def test_a_region_across_counties_says_its_county_is_that_of_most_members_and_names_the_others(
        real_server: Server, path: str, lang: str, county: str, counties: tuple[str, str]) -> None:
    """Notodden's Kongsberg was in Buskerud, Haugesundregionen's Etne and Sveio in Hordaland: "Fylke: Telemark" alone
    read as if every member were in Telemark."""
    shown = facts(real_server, path, lang)
    assert shown[{"nb": "Fylke (flest medlemmer)", "en": "County (of most members)"}[lang]] == county
    assert shown[counties[0]] == counties[1]


@pytest.mark.parametrize(("lang", "term", "shown"), [
    ("nb", "Areal", "5.150 km² (Arealet er regionens eget tall)"),
    ("en", "Area", "5.150 km² (The area is the region's own figure)"),  # after the translation's original
])
def test_a_figures_quality_note_is_named_beside_it_and_leads_to_its_text(real_server: Server, lang: str, term: str,
                                                                         shown: str) -> None:
    """A figure with a quality note (Notodden's area, which its members' areas do not add up to; a page's
    "ca. 120 000", docs/importing.md) names the note beside it, linked to the note's page, where its text is."""
    assert facts(real_server, "/doc/region/notodden", lang)[term].endswith(shown)
    page = requests.get(real_server.url + "/doc/region/notodden", params={"lang": lang},
                        headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    figure = next(dd for dt, dd in zip(root.find("dl", class_="facts").find_all("dt"),
                                       root.find("dl", class_="facts").find_all("dd"), strict=True) if dt.text == term)
    assert [a.attrs.get("href") for a in figure.find_all("a")] == [
        "/doc/region/notodden/quality/area" + ("?lang=en" if lang == "en" else "")]


def test_a_region_in_one_county_says_fylke(real_server: Server) -> None:
    shown = facts(real_server, "/doc/region/grenland", "nb")
    assert shown["Fylke"] == "Telemark" and not any(key.startswith("Medlemmenes fylker") for key in shown)


@pytest.mark.parametrize(("path", "lang", "text"), [
    ("/doc/municipality/sauherad", "nb", "Sauherad opphørte 31. desember 2019."),
    ("/doc/municipality/sauherad", "en", "Sauherad ended on 31 December 2019."),
    ("/doc/municipality/sauherad/area/until-2019-12-31", "nb", "321,11"),
    ("/doc/municipality/notodden/population/2015-01-01", "nb", "12 599"),  # a whole number's thousands apart
    ("/doc/municipality/notodden/population/2015-01-01", "en", "12,599"),
    ("/doc/region/grenland", "nb", "120 748 (1. januar 2015)"),
    # a successor's day in the sentence, as the sentence before it writes one (it was 2020-01-01)
    ("/doc/municipality/sauherad", "nb", "Etterfølger: Midt-Telemark (1. januar 2020)."),
    ("/doc/municipality/sauherad", "en", "Successor: Midt-Telemark (1 January 2020)."),
])
def test_dates_and_decimals_are_written_as_the_pages_language_writes_them(
        real_server: Server, path: str, lang: str, text: str) -> None:
    page = requests.get(real_server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    assert text in parse(page.text)[0].find("main").text.replace("\u00a0", " ")


def test_a_region_whose_size_is_not_known_says_so_and_gives_no_count(real_server: Server) -> None:
    """Tønsberg's table row counts its one listed member, and the notes' smallest region had two: its page and the
    national map gave "1 kommune" as its size."""
    shown = facts(real_server, "/doc/region/tonsberg", "nb")
    assert "Antall kommuner" not in shown
    home = requests.get(real_server.url + "/", params={"lang": "nb"}, headers={"Accept": "text/html"}, timeout=10)
    assert "Tønsberg (1 kjent kommune)" in home.text and "Tønsberg (1 kommune)" not in home.text
    page = requests.get(real_server.url + "/doc/region/tonsberg", params={"lang": "nb"}, timeout=10).text
    assert "Hvor mange kommuner Tønsberg hadde, er ikke kjent" in page


def test_a_note_the_source_wrote_in_english_is_translated_on_a_norwegian_page_with_its_original(
        real_server: Server) -> None:
    """The research table's notes are English: a Norwegian page shows the project's translation, marked as one,
    with the note as the research wrote it beside it (tests/test_programme_notes.py)."""
    page = requests.get(real_server.url + "/doc/region/haugesundregionen", params={"lang": "nb"}, timeout=10).text
    note = parse(page)[0].find("li", id="quality-note")
    assert note.text.startswith("Merknad om Haugesundregionen: Oversettelse")
    assert "Arealet er kuttet bort i den lagrede kopien av siden." in note.text
    assert note.find("p", lang="en").text.startswith("Area cut off in the stored copy of the page.")
    assert "som kilden skrev den" not in note.text


def test_a_geometry_a_boundary_adjustment_changed_inside_its_period_says_so(real_server: Server) -> None:
    """Tønsberg's 2019 polygon holds the part of Stokke it got on 2017-01-01, yet stood for 1988–2019 and for the
    region's outline "as on 2015-01-01" without a word (the domain expert's review)."""
    geometry = Graph().parse(data=requests.get(real_server.url + "/doc/geometry/municipality/tonsberg-0704/2019.ttl",
                                               timeout=10).text, format="turtle")
    node = URIRef(BASE + "/id/geometry/municipality/tonsberg-0704/2019")
    assert (node, RDFS.seeAlso, URIRef(BASE + "/id/municipality/tonsberg-0704/change/2017-01-01")) in geometry
    said = {str(d) for d in geometry.objects(node, DCTERMS.description)}
    assert "Grensene er de etter grensejusteringen 1. januar 2017; før den var de noe annerledes." in said
    outline = requests.get(real_server.url + "/doc/geometry/region/tonsberg.ttl", timeout=10).text
    assert "Tønsberg's boundaries are those after the boundary adjustment of 1 January 2017" in outline
    notodden = requests.get(real_server.url + "/doc/geometry/region/notodden.ttl", timeout=10).text
    assert "boundary adjustment" not in notodden  # none of its members' came between 2015 and 2019


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_phase_participation_is_the_projects_own_words_in_both_languages(real_server: Server, lang: str) -> None:
    """Its comment is ours in each language: the English page marked it as a translation of the Norwegian, with
    the Norwegian as its "original" (a Norwegian domain review)."""
    page = requests.get(real_server.url + "/doc/region/grenland/phase/1", params={"lang": lang},
                        headers={"Accept": "text/html"}, timeout=10).text
    said = lead(real_server, "/doc/region/grenland/phase/1", lang)
    assert said.startswith({"nb": "Utledet: byregionen var med i fase 2", "en": "Inferred: the region took part"}[lang])
    assert 'class="original"' not in page


NB_AREA = "(polygonareal medregnet ferskvann (Kartverket via Artsdatabanken), ikke SSBs landareal)"
EN_AREA = "(polygon area including inland water (Kartverket via Artsdatabanken), not SSB land area)"


@pytest.mark.parametrize(("lang", "expected"), [
    ("nb", {"Folketall 1. januar 2015": "12 599",
            "Areal innenfor grensene til og med 31. desember 2019": f"920,38 km² {NB_AREA}",
            "Areal innenfor grensene 1. januar 2020 – 31. desember 2023": f"985,72 km² {NB_AREA}"}),
    ("en", {"Population on 1 January 2015": "12,599",
            "Area within the boundaries until 31 December 2019": f"920.38 km² {EN_AREA}"}),
])
def test_a_municipalitys_population_and_areas_are_its_facts(real_server: Server, lang: str,
                                                            expected: dict[str, str]) -> None:
    """A reader had found Notodden's population and areas only as links named after them under "All properties",
    and a figure's value without its thousands written as the language writes them."""
    shown = {term: value.replace("\u00a0", " ") for term, value in
             facts(real_server, "/doc/municipality/notodden", lang).items()}
    for term, value in expected.items():
        assert shown.get(term) == value, (term, shown)


@pytest.mark.parametrize(("lang", "term", "words"), [("nb", "Sikkerhetsnivå", "søkerkommunen bare utledet"),
                                                     ("en", "Confidence", "the applicant is only inferred too")])
def test_a_confidence_level_is_explained_in_plain_words(real_server: Server, lang: str, term: str, words: str) -> None:
    """Tønsberg's level (br:countOnly) had been explained with the ontology's terms ("br:applicantConfidence
    br:inferred", "Et br:memberCount"): the page shows the level's definition, written for a reader (0.10.2)."""
    said = facts(real_server, "/doc/region/tonsberg", lang)[term]
    assert words in said and "br:" not in said, said
