"""Pages the importer had not seen: what a reviewer's pages in the template, written as other authors write it,
showed (headings of the web page around the template, other names for its sections, a paragraph that starts with
a date, a page without its title, a name other regions share, a facts block written otherwise, Nynorsk). Each page
here is small and written for the test; the reference data and the programme's list are the repository's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from byregion import REPO_ROOT
from byregion.importer import ImportResult, import_document
from byregion.importer.errors import DocumentError
from byregion.importer.headings import SectionKind, match_heading
from byregion.importer.language import written_in
from byregion.namespaces import BR, QUDT, SCHEMA
from byregion.programme import Programme, read

pytestmark = pytest.mark.fast

ID = "https://data.byregion.no/id/"


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(REPO_ROOT / "data" / "reference" / "norway.ttl", format="turtle")


@pytest.fixture(scope="module")
def programme() -> Programme:
    return read(REPO_ROOT / "data" / "programme")


def imported(page: str, reference: Graph, programme: Programme | None = None) -> ImportResult:
    return import_document(page.encode("utf-8"), reference=reference, programme=programme)


def texts(result: ImportResult, cls: URIRef) -> list[str]:
    g = result.graph
    nodes = sorted(g.subjects(RDF.type, cls), key=lambda n: int(g.value(n, SCHEMA.position)))
    return [str(g.value(n, SCHEMA.text)) for n in nodes]


def kinds(result: ImportResult) -> list[URIRef]:
    g = result.graph
    nodes = sorted(g.subjects(RDF.type, BR.Section), key=lambda n: int(g.value(n, SCHEMA.position)))
    return [g.value(n, BR.sectionKind) for n in nodes]


def members(result: ImportResult) -> set[str]:
    g = result.graph
    return {str(g.value(m, ORG.member)).rsplit("/", 1)[1] for m in g.subjects(RDF.type, ORG.Membership)}


FACTS = """Fakta Haugalandet

Søkerkommune: Haugesund
Samarbeidskommuner: Karmøy, Tysvær og Bokn
Folketall: 117 553 (1. januar 2015)
Areal: 2 648 km²
"""

WITH_CONTACT = """Haugalandet

Kommunene har samlet seg om en felles strategi for næringsarealer.

Mål for Haugalandet

- å styrke samspillet mellom Haugesund og omlandet

Resultater

Regional plan for næringsarealer er vedtatt.

Haugalandets råd for samarbeid om regional utvikling

1. Forankring, sørg for at prosjektet er forankret politisk.
2. Kunnskap, bygg et felles faktagrunnlag før man diskuterer tiltak.

Kontaktperson

Prosjektleder Kari Nordmann, Haugaland Vekst
E-post: kari.nordmann@example.org
Telefon: 52 70 00 00

Dette jobber byregionen med etter programslutt

Arbeidet videreføres i Haugaland Vekst.

""" + FACTS


def test_a_contact_heading_and_its_text_are_not_imported_as_advice(reference: Graph) -> None:
    """The web page's "Kontaktperson" is no section of the template: its name, e-mail and telephone were imported
    as a fourth piece of advice under a caption. Now they are not imported (the published page keeps them), the
    advice is the page's two points, and the import says which lines it left out."""
    result = imported(WITH_CONTACT, reference)
    assert texts(result, BR.Advice) == [
        "Forankring, sørg for at prosjektet er forankret politisk.",
        "Kunnskap, bygg et felles faktagrunnlag før man diskuterer tiltak."]
    assert not any("Nordmann" in str(o) or "52 70" in str(o) for o in result.graph.objects())
    assert texts(result, BR.FollowUp) == ["Arbeidet videreføres i Haugaland Vekst."]
    said = [w for w in result.warnings if "Kontaktperson" in w]
    assert len(said) == 1 and said[0].startswith("line 18: 'Kontaktperson' heads what the region page template has "
                                                 "no section for") and "(lines 20–22) were not imported" in said[0]


OTHER_NAMES = """Haugalandet

Kommunene har samlet seg om en felles strategi.

Målsettinger

- å styrke samspillet mellom Haugesund og omlandet

Resultater og erfaringer

Regional plan for næringsarealer er vedtatt.

Våre råd til andre regioner

1. Forankring, sørg for politisk forankring.

Veien videre

Arbeidet videreføres i Haugaland Vekst.

Utdrag fra søknaden til Byregionprogrammet

Haugalandet er en region med sterke industrimiljøer.

Dokumenter

""" + FACTS


def test_other_names_for_the_templates_sections_are_its_sections(reference: Graph) -> None:
    """Every goal, result and piece of advice had been read as the introduction under four "sub-headings"."""
    result = imported(OTHER_NAMES, reference)
    assert kinds(result) == [BR.GoalsSection, BR.ResultsSection, BR.AdviceSection, BR.FollowUpSection,
                             BR.ExcerptSection, BR.DocumentsSection, BR.FactsSection]
    assert texts(result, BR.Goal) == ["å styrke samspillet mellom Haugesund og omlandet"]
    assert texts(result, BR.Introduction) == ["Kommunene har samlet seg om en felles strategi."]
    assert not [w for w in result.warnings if "missing" in w]


def test_lines_that_stand_alone_like_headings_are_named_when_sections_are_missing(reference: Graph) -> None:
    page = OTHER_NAMES.replace("Målsettinger", "Dette vil vi oppnå").replace("Resultater og erfaringer\n",
                                                                             "Hva fikk vi til\n")
    result = imported(page, reference)
    said = next(w for w in result.warnings if w.startswith("sections missing from the page"))
    assert "line 5 'Dette vil vi oppnå'; line 9 'Hva fikk vi til'" in said


def test_an_unknown_heading_inside_a_section_is_named(reference: Graph) -> None:
    page = WITH_CONTACT.replace("2. Kunnskap", "\nSamarbeidspartnere\n\nKunnskap")
    result = imported(page, reference)
    assert any(w.startswith("line 17: 'Samarbeidspartnere' stands alone like a heading inside 'Haugalandets råd for "
                            "samarbeid om regional utvikling'") for w in result.warnings)


def test_a_paragraph_that_starts_with_a_date_keeps_its_day(reference: Graph) -> None:
    """"15. mars 2017 vedtok …" had been read as point 15 of a list: the text lost "15. "."""
    page = WITH_CONTACT.replace("Arbeidet videreføres i Haugaland Vekst.",
                                "15. mars 2017 vedtok regionrådet en felles strategi.\n"
                                "1. jan. 2018 ble forumet fast.")
    result = imported(page, reference)
    assert texts(result, BR.FollowUp) == ["15. mars 2017 vedtok regionrådet en felles strategi.\n"
                                          "1. jan. 2018 ble forumet fast."]
    assert texts(result, BR.Advice)[0].startswith("Forankring")  # a numbered point is still one


@pytest.mark.parametrize(("start", "said"), [
    ("Byregionprogrammet har gitt Haugalandet et felles kunnskapsgrunnlag.\n\nMål for Haugalandet",
     "line 1: the page starts with 'Byregionprogrammet har gitt Haugalandet et felles kunnska…', a sentence, not "
     "a title"),
    ("MÅL FOR HAUGALANDET", "line 1: the page starts with the heading 'MÅL FOR HAUGALANDET', not with its title"),
])
def test_a_page_without_its_title_is_refused(reference: Graph, start: str, said: str) -> None:
    """The sentence or the heading (its goals under it) had become the region's name, its slug and a project
    page."""
    page = WITH_CONTACT.replace("Haugalandet\n\nKommunene har samlet seg om en felles strategi for næringsarealer."
                                "\n\nMål for Haugalandet", start, 1)
    with pytest.raises(DocumentError) as refused:
        imported(page, reference)
    assert str(refused.value).startswith(said) and "e.g. 'Notodden'" in str(refused.value)


@pytest.mark.parametrize("title", ["Vekst i Vest-Telemark!", "Hvordan kan bygda og byen vokse sammen?",
                                   "Mål for vekst i Vest-Telemark"])
def test_a_title_may_ask_exclaim_or_read_as_a_heading_with_a_paragraph_under_it(reference: Graph, title: str) -> None:
    """An older page is titled by its project, which may be a question, an exclamation or read as a heading."""
    page = WITH_CONTACT.replace("Haugalandet\n", title + "\n", 1)
    result = imported(page, reference)
    assert texts(result, BR.Introduction) == ["Kommunene har samlet seg om en felles strategi for næringsarealer."]


def test_a_refused_page_leaves_no_file_and_exits_1(tmp_path: Path) -> None:
    page, out = tmp_path / "haugalandet.txt", tmp_path / "haugalandet.ttl"
    page.write_text("MÅL FOR HAUGALANDET\n\n- å styrke samspillet\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "byregion", "import", str(page), "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO_ROOT, check=False)
    assert done.returncode == 1 and "not with its title" in done.stderr and "Traceback" not in done.stderr
    assert not out.exists()


HALLINGDAL = """Hallingdal

Kommunene har sett på hvordan fritidsboligene kan bidra til varig verdiskaping.

Mål for Hallingdal

- å utvikle Hallingdal som en helhetlig bo- og arbeidsregion

Fakta Hallingdal

Søkerkommune: Gol
Samarbeidskommuner: Nes, Flå, Hemsedal, Hol og Ål
Folketall: 20 569
"""


def test_a_name_two_municipalities_bore_is_settled_by_the_programmes_list_without_a_date(
        reference: Graph, programme: Programme) -> None:
    """With no date, "Nes" had gone to Nes in Akershus, whose name is "Nes" exactly since 2020 (and which shared
    Viken with Gol), where the programme's list of Hallingdal names Nes in Buskerud."""
    result = imported(HALLINGDAL, reference, programme)
    assert members(result) == {"gol", "nes-buskerud", "fla", "hemsedal", "hol", "al"}


def test_without_the_programmes_list_a_shared_name_is_not_guessed(reference: Graph) -> None:
    """Nes in Akershus is labelled "Nes" exactly (its name since 2020), Nes in Buskerud "Nes (Buskerud)": with no date
    and no list to settle it, the page's "Nes" is either, and is kept as a name, with a warning naming both (it had
    been read as Nes in Akershus)."""
    result = imported(HALLINGDAL, reference)
    said = [w for w in result.warnings if "municipality 'Nes' is ambiguous" in w]
    assert said and "nes-akershus" in said[0] and "nes-buskerud" in said[0], result.warnings
    assert "nes-akershus" not in members(result) and "nes-buskerud" not in members(result)


FACTS_WRITTEN_OTHERWISE = """Hadeland

Kommunene har samarbeidet om samferdsel og næring.

Mål for Hadeland

- å styrke Hadeland som bo- og arbeidsregion

Fakta Hadeland

Søkerkommune: Gran kommune
Samarbeidskommuner:
• Lunner
• Jevnaker
Innbyggertall pr. 1.1.2015: 29 800
Areal km2: 1 692
"""


def test_a_facts_block_written_otherwise_is_read(reference: Graph) -> None:
    """A member list as bullets had become a municipality named "• Lunner" (Jevnaker lost); "Innbyggertall",
    a date after the label and a unit after "Areal" were not read; "Gran kommune" was no municipality."""
    result = imported(FACTS_WRITTEN_OTHERWISE, reference)
    assert members(result) == {"gran", "lunner", "jevnaker"}
    g, region = result.graph, URIRef(ID + "region/hadeland")
    assert g.value(URIRef(ID + "region/hadeland/population"), SCHEMA.value).toPython() == 29800
    assert str(g.value(region, BR.referenceDate)) == "2015-01-01"
    assert str(g.value(URIRef(ID + "region/hadeland/area"), QUDT.numericValue)) == "1692.0"
    said = {str(g.value(m, SCHEMA.text)) for m in g.subjects(RDF.type, ORG.Membership)}
    assert said == {"Gran kommune", "Lunner", "Jevnaker"}  # as the page writes them
    assert not [w for w in result.warnings if "facts" in w or "municipality" in w], result.warnings


@pytest.mark.parametrize("line", ["Samarbeidskommuner – Lunner, Jevnaker", "Deltakende kommuner: Lunner, Jevnaker",
                                  "Samarbeidskommuner: Lunner / Jevnaker (2 kommuner)"])
def test_other_ways_of_writing_the_member_list(reference: Graph, line: str) -> None:
    page = FACTS_WRITTEN_OTHERWISE.replace("Samarbeidskommuner:\n• Lunner\n• Jevnaker", line)
    assert members(imported(page, reference)) == {"gran", "lunner", "jevnaker"}


def test_a_double_name_in_a_member_list_is_not_a_label(reference: Graph) -> None:
    page = FACTS_WRITTEN_OTHERWISE.replace("Samarbeidskommuner:\n• Lunner\n• Jevnaker",
                                           "Samarbeidskommuner: Lunner,\nLoabák - Lavangen")
    assert members(imported(page, reference)) == {"gran", "lunner", "lavangen"}


@pytest.mark.parametrize(("text", "nynorsk"), [
    ("Kommunane har ikkje sett på korleis dei kan auke talet på arbeidsplassar frå 2015.", True),
    ("Kommunene har ikke sett på hvordan de kan øke antall arbeidsplasser fra 2015.", False),
    ("Søkjarkommune: Voss. Resten av teksten er på bokmål, og den er ikke kort, men den er en tekst.", False),
])
def test_nynorsk_is_told_by_its_words(text: str, nynorsk: bool) -> None:
    assert written_in(text).nynorsk is nynorsk


def test_headings_of_the_web_page_are_no_section_of_the_template() -> None:
    for line in ("Kontaktperson", "Les mer", "Del denne siden", "Kilder"):
        assert match_heading(line) is None
    goals = match_heading("Målsettinger")
    assert goals is not None and goals.kind is SectionKind.GOALS



# ------------------------------------------------------------------------- a second reviewer's pages

EXCERPT = """

Utdrag fra Haugesund sin søknad til Byregionprogrammet

Bakgrunn

Haugalandet er en region med sterke industrimiljøer.

Målsetting

Prosjektet skal gi et mer variert arbeidsmarked.

Prosjektleder

Prosjektet ledes av regionrådet.

Videre arbeid

Arbeidet følges opp i 2019.
"""


def test_an_excerpts_own_sub_headings_stay_in_the_excerpt(reference: Graph) -> None:
    """"Målsetting" and "Videre arbeid" inside the excerpt had begun a second goals and follow-up section (the
    application's text became the region's goals); "Prosjektleder" had dropped the rest of the excerpt."""
    result = imported(WITH_CONTACT.replace("\nFakta Haugalandet", EXCERPT + "\nFakta Haugalandet"), reference)
    assert kinds(result).count(BR.GoalsSection) == kinds(result).count(BR.FollowUpSection) == 1
    excerpt = texts(result, BR.ApplicationExcerpt)
    assert excerpt == ["Haugalandet er en region med sterke industrimiljøer.",
                       "Prosjektet skal gi et mer variert arbeidsmarked.", "Prosjektet ledes av regionrådet.",
                       "Arbeidet følges opp i 2019."]
    assert texts(result, BR.Goal) == ["å styrke samspillet mellom Haugesund og omlandet"]


def test_another_name_of_a_section_is_a_sub_heading_where_the_page_has_the_templates(reference: Graph) -> None:
    page = WITH_CONTACT.replace("1. Forankring", "Våre råd\n\n1. Forankring")
    assert kinds(imported(page, reference)).count(BR.AdviceSection) == 1


def test_a_web_pages_heading_leaves_out_its_paragraph_only(reference: Graph) -> None:
    """The text after the contact's paragraph is the section's again (it had been left out up to the next
    heading), and "Kilden" (a word, not "Kilder") heads nothing."""
    page = WITH_CONTACT.replace("Telefon: 52 70 00 00\n", "Telefon: 52 70 00 00\n\n3. Tålmodighet, det tar tid.\n")
    result = imported(page, reference)
    assert texts(result, BR.Advice)[-1] == "Tålmodighet, det tar tid."
    assert not any("Nordmann" in str(o) for o in result.graph.objects())
    kilden = imported(WITH_CONTACT.replace("Kontaktperson", "Kilden"), reference)
    assert not [w for w in kilden.warnings if "no section for" in w]
    assert any("Nordmann" in text for text in texts(kilden, BR.Advice))  # a sub-heading's text, imported


def test_a_contact_line_in_a_facts_table_leaves_the_figures(reference: Graph) -> None:
    page = WITH_CONTACT.replace("Folketall: 117 553", "Kontaktperson\nKari Nordmann\nFolketall: 117 553")
    result = imported(page, reference)
    assert str(result.graph.value(URIRef(ID + "region/haugalandet"), BR.referenceDate)) == "2015-01-01"
    assert result.graph.value(URIRef(ID + "region/haugalandet/population"), SCHEMA.value).toPython() == 117553
    assert members(result) == {"haugesund", "karmoy", "tysvaer", "bokn"}


NUMBERED = """Salten

Kommunene samarbeider om næringsutvikling.

1. Mål for Salten

- å styrke Bodø som regionsenter

2. Resultater

Et felles kunnskapsgrunnlag.

3. Fakta Salten

Søkerkommune: Bodø
Samarbeidskommuner: Fauske og Saltdal
Folketall: 80 000 (1. januar 2015)
"""


def test_numbered_headings_are_the_templates(reference: Graph) -> None:
    result = imported(NUMBERED, reference)
    assert kinds(result) == [BR.GoalsSection, BR.ResultsSection, BR.FactsSection]
    assert texts(result, BR.Goal) == ["å styrke Bodø som regionsenter"]
    assert len(members(result)) == 3 and "bodo" in members(result)


def test_an_ordinal_starting_a_paragraph_is_no_point(reference: Graph) -> None:
    page = WITH_CONTACT.replace("Arbeidet videreføres i Haugaland Vekst.", "1. halvår 2016 ble analysen ferdig.")
    assert texts(imported(page, reference), BR.FollowUp) == ["1. halvår 2016 ble analysen ferdig."]


def test_a_last_sentence_closed_by_a_single_quote_is_whole(reference: Graph) -> None:
    page = (WITH_CONTACT + "\nUtdrag fra søknaden til Byregionprogrammet\n\n"
            "Målet kalles ‘en region – ett arbeidsmarked.’\n")
    assert texts(imported(page, reference), BR.ApplicationExcerpt) == ["Målet kalles ‘en region – ett arbeidsmarked.’"]


@pytest.mark.parametrize(("line", "expected"), [
    ("Samarbeidskommuner: Karmøy,\nTysvær\nog Bokn", {"karmoy", "tysvaer", "bokn"}),
    ("Samarbeidskommuner: Karmøy, Tys-\nvær og Bokn", {"karmoy", "tysvaer", "bokn"}),
    ("Samarbeidskommuner: Karmøy, Tys- \nvær og Bokn", {"karmoy", "tysvaer", "bokn"}),
    ("Samarbeidskommuner:\n\uf0b7 Karmøy\n\uf0b7 Tysvær\n\uf0b7 Bokn", {"karmoy", "tysvaer", "bokn"}),
])
def test_a_member_list_wrapped_where_a_pdf_wraps_it(reference: Graph, line: str, expected: set[str]) -> None:
    page = WITH_CONTACT.replace("Samarbeidskommuner: Karmøy, Tysvær og Bokn", line)
    assert members(imported(page, reference)) == {"haugesund", *expected}
    assert members(imported(page.replace("\n", "\r\n"), reference)) == {"haugesund", *expected}  # CRLF too


def test_one_municipalitys_names_with_slashes_are_one_name(reference: Graph) -> None:
    page = FACTS_WRITTEN_OTHERWISE.replace("Samarbeidskommuner:\n• Lunner\n• Jevnaker",
                                           "Samarbeidskommuner: Lunner, Storfjord/Omasvuotna/Omasvuono")
    assert members(imported(page, reference)) == {"gran", "lunner", "storfjord"}


def test_advice_numbered_inline_after_a_colon_has_no_title(reference: Graph) -> None:
    page = WITH_CONTACT.replace("2. Kunnskap, bygg et felles faktagrunnlag før man diskuterer tiltak.",
                                "\nVåre råd er: 1) bygg kunnskap, 2) vær tålmodig.\n\n3. Tid — det tar tid.")
    g = imported(page, reference).graph
    titled = {str(g.value(n, SCHEMA.text)): g.value(n, DCTERMS.title) for n in g.subjects(RDF.type, BR.Advice)}
    assert titled["Våre råd er: 1) bygg kunnskap, 2) vær tålmodig."] is None
    assert str(titled["Tid — det tar tid."]) == "Tid"


def test_a_pdfs_bullet_is_a_bullet(reference: Graph) -> None:
    page = WITH_CONTACT.replace("- å styrke samspillet mellom Haugesund og omlandet",
                                "\uf0b7 å styrke samspillet\n\uf0b7 å utvikle næringsarealer")
    assert texts(imported(page, reference), BR.Goal) == ["å styrke samspillet", "å utvikle næringsarealer"]


def test_a_dash_read_as_a_sub_point_under_another_marker_is_warned_about(reference: Graph) -> None:
    """An importer's review: goals written "- …", "* …", "– …" at one indentation made the third a part of the second
    with no word; the reading stays (a dash under "•" is how a copied web page keeps a nested point), and the import
    says it, naming both lines. A sub-level glyph ("◦" under "•") or a parent ending in a colon is said nothing of."""
    page = WITH_CONTACT.replace("- å styrke samspillet mellom Haugesund og omlandet",
                                "- å styrke samspillet\n* å utvikle næringsarealer\n– å bygge boliger")
    result = imported(page, reference)
    assert texts(result, BR.Goal) == ["å styrke samspillet", "å utvikle næringsarealer", "å bygge boliger"]
    assert [w for w in result.warnings if "is read as a part of" in w] == [
        "line 9: '– å bygge boliger' is read as a part of the point on line 8, as its marker '–' follows '*' at the "
        "same indentation; if it is a point of its own, give it the marker of the points around it"]
    for nested in ("• å styrke samspillet\n◦ i hele regionen\n• å bygge boliger:\n– i sentrum",
                   "• å styrke samspillet\n– særlig i sentrum\n• å bygge boliger",  # a web page's nested point
                   "1. å styrke samspillet\n- politisk\n2. å bygge boliger"):  # a numbered point's sub-points
        page = WITH_CONTACT.replace("- å styrke samspillet mellom Haugesund og omlandet", nested)
        assert not [w for w in imported(page, reference).warnings if "is read as a part of" in w], nested


def test_a_browser_tabs_title_is_warned_about(reference: Graph) -> None:
    result = imported(WITH_CONTACT.replace("Haugalandet\n", "Haugalandet | Distriktssenteret\n", 1), reference)
    assert any("ends in ' | Distriktssenteret'" in w for w in result.warnings)


NOTODDEN = (REPO_ROOT / "data" / "sources" / "notodden.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("furniture", ["2", "- 2 -", "Side 2", "Side 2 av 4", "Page 2 of 4", "2/4",
                                       "Byregionprogrammet – Distriktssenteret            Side 1 av 2"])
def test_a_printed_pages_number_and_running_header_are_left_out_and_said(reference: Graph, furniture: str) -> None:
    """A PDF copied as text keeps each page's number and running header between paragraphs: they had become
    statements of their own ("2" a follow-up), silently."""
    page = NOTODDEN.replace("\nResultater\n", f"\n{furniture}\n\nResultater\n").replace(
        "\nDette jobber", f"\n{furniture}\n\nDette jobber")
    result, plain = imported(page, reference), imported(NOTODDEN, reference)
    for cls in (BR.Goal, BR.Result, BR.Advice, BR.FollowUp, BR.ApplicationExcerpt, BR.Introduction):
        assert texts(result, cls) == texts(plain, cls), cls
    said = [w for w in result.warnings if "printed page's number or running header" in w]
    assert len(said) == 2 and repr(furniture) in said[0]


@pytest.mark.parametrize("text", [
    "Antall kommuner med:\n6",  # a number right below its lead-in
    "Antall nye arbeidsplasser:\n\n12",  # … or a blank line below it
    "Budsjettet for tiltakene er vist i tabellen på side 4",  # a sentence that names a page
    "Les mer om dette i sluttrapporten, side 12",
])
def test_text_that_names_a_number_or_a_page_is_no_page_furniture(reference: Graph, text: str) -> None:
    """Only a page number standing alone (not below a lead-in ending in ":"), or a running header's shape, is left
    out: a diff review found a one-line statement ending "side 4" and a count below its lead-in dropped."""
    page = NOTODDEN.replace("Dette jobber byregionen med etter programslutt\n\n",
                            f"Dette jobber byregionen med etter programslutt\n\n{text}\n\n")
    result = imported(page, reference)
    assert not [w for w in result.warnings if "printed page" in w]
    assert text.rsplit("\n", 1)[-1] in " ".join(texts(result, BR.FollowUp))


def test_a_heading_broken_over_two_lines_is_one_heading(reference: Graph) -> None:
    page = NOTODDEN.replace("Notoddens råd for samarbeid om regional utvikling",
                            "Notoddens råd for samarbeid om\nregional utvikling")
    page = page.replace("Utdrag fra Notodden sin søknad til Byregionprogrammet",
                        "Utdrag fra Notodden sin søknad til\nByregionprogrammet")
    result, plain = imported(page, reference), imported(NOTODDEN, reference)
    assert kinds(result) == kinds(plain)
    for cls in (BR.Advice, BR.FollowUp, BR.ApplicationExcerpt):
        assert texts(result, cls) == texts(plain, cls), cls
    assert sum("broken over two lines" in w for w in result.warnings) == 2
    assert not [w for w in result.warnings if "sections missing" in w]


def test_two_short_lines_that_are_no_heading_together_stay_text(reference: Graph) -> None:
    page = NOTODDEN.replace("Dette jobber byregionen med etter programslutt\n\n",
                            "Dette jobber byregionen med etter programslutt\n\nSamarbeid om\nnæringsliv\n\n")
    result = imported(page, reference)
    assert [w for w in result.warnings if "broken over two lines" in w] == []
    assert "Samarbeid om\nnæringsliv" in texts(result, BR.FollowUp)


def test_a_page_that_gives_its_facts_first_keeps_its_introduction(reference: Graph) -> None:
    """Facts right below the title, then the text: the introduction had been read as facts lines that are none of
    the template's, and left out."""
    body, facts = NOTODDEN.split("Fakta Notodden")
    title, _, rest = body.partition("\n")
    page = f"{title}\n\nFakta Notodden\n{facts.rstrip()}\n\n{rest.lstrip()}"
    result, plain = imported(page, reference), imported(NOTODDEN, reference)
    for cls in (BR.Introduction, BR.Goal, BR.Result, BR.Advice, BR.FollowUp, BR.ApplicationExcerpt):
        assert texts(result, cls) == texts(plain, cls), cls
    assert members(result) == members(plain) and texts(result, BR.Introduction)
    assert [w for w in result.warnings if "gives its facts first" in w]
    assert not [w for w in result.warnings if "is not one of the template's facts" in w]


@pytest.mark.parametrize("header", ["1", "Side 1 av 2", "Byregionprogrammet – Distriktssenteret   Side 1 av 3",
                                    "05.12.2026, 10:12   Notodden - Distriktssenteret"])
def test_a_printed_pages_header_above_the_title_is_no_title(reference: Graph, header: str) -> None:
    """What a PDF or a browser prints above the page had become its title, silently, and every IRI moved under it."""
    page = f"{header}\n\n{NOTODDEN}\n\nhttps://distriktssenteret.no/artikkel/notodden/   1/2\n"
    result = imported(page, reference)
    assert result.region.slug == "notodden" and texts(result, BR.Advice) == texts(imported(NOTODDEN, reference),
                                                                                   BR.Advice)
    assert sum("printed page" in w for w in result.warnings) == 2  # the header and the browser's footer


def test_a_page_break_inside_a_paragraph_is_said(reference: Graph) -> None:
    page = NOTODDEN.replace("Nabokommunens suksess er positivt", "Nabokommunens suksess\n\nSide 1 av 3\n\ner positivt")
    said = [w for w in imported(page, reference).warnings if "cuts a paragraph in two" in w]
    assert len(said) == 1 and "'er positivt for alle" in said[0]


def test_a_heading_whose_second_line_reads_as_another_heading_is_one_heading(reference: Graph) -> None:
    page = NOTODDEN.replace("Dette jobber byregionen med etter programslutt",
                            "Dette jobber byregionen med\netter programslutt")
    result, plain = imported(page, reference), imported(NOTODDEN, reference)
    assert kinds(result) == kinds(plain) and texts(result, BR.FollowUp) == texts(plain, BR.FollowUp)
    assert texts(result, BR.Advice) == texts(plain, BR.Advice)


def test_facts_first_with_values_below_their_labels_keeps_every_fact(reference: Graph) -> None:
    """A value on its own paragraph below its label ("Samarbeidskommuner:" / "" / "Kongsberg, …") is the label's,
    and a paragraph with facts labels after it is no introduction: the members had been read as the intro."""
    body, _ = NOTODDEN.split("Fakta Notodden")
    title, _, rest = body.partition("\n")
    facts = ("Søkerkommune: Notodden\nSamarbeidskommuner:\n\nKongsberg, Sauherad, Tinn, Hjartdal og Seljord.\n\n"
             "Folketall i regionen:\n\n54.165 (1.jan 2015)\n")
    result = imported(f"{title}\n\nFakta Notodden\n{facts}\n\n{rest.lstrip()}", reference)
    assert members(result) == members(imported(NOTODDEN, reference))
    assert texts(result, BR.Introduction) == texts(imported(NOTODDEN, reference), BR.Introduction)


@pytest.mark.parametrize("header", ["12/5/26, 10:12 AM   Notodden - Distriktssenteret",
                                    "05.12.2026 10:12 Notodden - Distriktssenteret"])
def test_a_browsers_print_header_in_other_forms_is_no_title(reference: Graph, header: str) -> None:
    result = imported(f"{header}\n\n{NOTODDEN}", reference)
    assert result.region.slug == "notodden" and [w for w in result.warnings if "printed page" in w]


def test_a_region_the_programme_does_not_know_found_by_its_applicant_alone_is_warned_about(
        reference: Graph, programme: Programme) -> None:
    """A page calling its region "Vestfjorden" (no region of the programme) with Skien as applicant was filed under
    Grenland, Skien's region, without a word: the warning names both, and the line."""
    page = HALLINGDAL.replace("Hallingdal", "Vestfjorden").replace("Søkerkommune: Gol", "Søkerkommune: Skien") \
        .replace("Samarbeidskommuner: Nes, Flå, Hemsedal, Hol og Ål", "Samarbeidskommuner: Porsgrunn, Bamble")
    result = imported(page, reference, programme)
    said = [w for w in result.warnings if "'Vestfjorden' is no region in the programme's list" in w]
    assert said and said[0].startswith("line 9: "), result.warnings  # "Fakta Vestfjorden"
    assert "the page was imported as 'grenland', the region of its applicant 'Skien'" in said[0]
    assert "check that the page is about 'Grenland'" in said[0]
    ordinary = imported(page.replace("Vestfjorden", "Grenland"), reference, programme)
    assert not [w for w in ordinary.warnings if "not in the programme's list" in w], ordinary.warnings


def test_a_name_another_municipality_bore_with_its_county_only_before_the_date_is_not_ambiguous(
        reference: Graph) -> None:
    """Nes in Buskerud bore "Nes (Buskerud)" under 0616 until 2019, and is Nesbyen since: on a page of 2021 "Nes" is
    Nes in Akershus alone (a review found it made ambiguous by the county's form of a name no longer borne)."""
    import datetime as dt

    from byregion.importer.municipalities import resolve_municipality

    akershus = "https://data.byregion.no/id/municipality/nes-akershus"
    for day in (dt.date(2021, 1, 1), dt.date(2024, 6, 1)):
        assert str(resolve_municipality("Nes", day, reference).iri) == akershus, day
    assert resolve_municipality("Nes", dt.date(2015, 1, 1), reference).iri is None  # both bore it then
    assert resolve_municipality("Nes", None, reference).iri is None


STEINKJER = """Steinkjer

Regionen samarbeider om mat og landbruk.

Mål for Steinkjer

- å styrke næringsmiddelindustrien

Fakta Steinkjer

Søkerkommune: Steinkjer
Samarbeidskommuner: Verran, Snåase og Inderøy
Folketall i regionen: 33 120 (1. januar 2015)
Areal i regionen: 4 482 km²
"""


def test_a_member_the_page_writes_otherwise_keeps_the_membership_iri_the_table_published(
        reference: Graph, programme: Programme) -> None:
    """An importer's review: Steinkjer's page writes Snåsa in its Southern Sami form, "Snåase", and the membership
    the table had published as ``…/membership/snasa`` became ``…/membership/snaase`` (410 Gone at the old address);
    a member keeps the table's IRI, whatever the page's spelling, and its text stays as the page writes it."""
    result = imported(STEINKJER, reference, programme)
    g = result.graph
    by_member = {str(g.value(m, ORG.member)).rsplit("/", 1)[1]: m for m in g.subjects(RDF.type, ORG.Membership)}
    assert {member: str(iri).rsplit("/", 1)[1] for member, iri in by_member.items()} == {
        "steinkjer-1702": "steinkjer", "verran": "verran", "snaase-snasa": "snasa", "inderoy": "inderoy"}
    assert str(g.value(by_member["snaase-snasa"], SCHEMA.text)) == "Snåase"
    without_list = imported(STEINKJER, reference)  # no programme: the page's own spelling, as before
    assert any(str(m).endswith("/membership/snaase") for m in without_list.graph.subjects(RDF.type, ORG.Membership))
