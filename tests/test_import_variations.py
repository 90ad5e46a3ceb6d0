"""The template's real variations, each shown on a small page written for the test.

Fixture pages live in tests/fixtures/documents/; the reference graph fixture is a tiny
MODEL.md-shaped stand-in for data/reference/norway.ttl.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS

from byregion.importer import ImportResult, import_document
from byregion.importer.errors import DocumentError
from byregion.importer.facts import parse_area, parse_date, parse_population
from byregion.importer.headings import SectionKind, match_heading
from byregion.importer.municipalities import resolve_municipality
from byregion.namespaces import BR, OA, PROV, QUDT, SCHEMA

pytestmark = pytest.mark.fast

FIXTURES = Path(__file__).parent / "fixtures"
REPO_REFERENCE = Path(__file__).parent.parent / "data" / "reference" / "norway.ttl"
ID = "https://data.byregion.no/id/"


@pytest.fixture(scope="module")
def reference() -> Graph:
    return Graph().parse(FIXTURES / "reference.ttl", format="turtle")


@pytest.fixture(scope="module")
def repository_reference() -> Graph:
    """The repository's own reference data (every municipality and county since 2014), read once for the module's
    tests that need all of it (a second each): the importer only reads it."""
    return Graph().parse(REPO_REFERENCE)


def load(name: str, reference: Graph) -> ImportResult:
    return import_document((FIXTURES / "documents" / name).read_bytes(), reference=reference)


def items(result: ImportResult, cls: URIRef) -> list[str]:
    """Texts of the statements of one class, in document order."""
    g = result.graph
    nodes = sorted(g.subjects(RDF.type, cls), key=lambda n: int(g.value(n, SCHEMA.position)))
    return [str(g.value(n, SCHEMA.text)) for n in nodes]


def section_kinds(result: ImportResult) -> list[tuple[str, URIRef]]:
    g = result.graph
    nodes = sorted(g.subjects(RDF.type, BR.Section), key=lambda n: int(g.value(n, SCHEMA.position)))
    return [(str(g.value(n, DCTERMS.title)), g.value(n, BR.sectionKind)) for n in nodes]


def test_nynorsk_headings_and_facts(reference: Graph) -> None:
    result = load("nynorsk.txt", reference)
    assert [k for _, k in section_kinds(result)] == [
        BR.GoalsSection, BR.ResultsSection, BR.AdviceSection, BR.FollowUpSection, BR.ExcerptSection,
        BR.DocumentsSection, BR.FactsSection]
    assert items(result, BR.FollowUp) == ["Kommunane held fram med det felles næringsforumet."]
    g, region = result.graph, URIRef(ID + "region/bo")
    assert g.value(region, BR.referenceDate).toPython() == dt.date(2016, 1, 1)  # "1. jan. 2016"
    assert g.value(URIRef(ID + "region/bo/population"), SCHEMA.value).toPython() == 14120
    labels = {str(g.value(m, DCTERMS.title)) for m in g.objects(region, BR.membership)}
    assert labels == {"Søkjarkommune", "Samarbeidskommunar"}
    assert len(result.warnings) == 1  # the text is tagged nn, and the import says so (a misreading is seen)
    assert result.warnings[0].startswith("the page reads as Nynorsk (") and "tagged nn (Nynorsk)" in result.warnings[0]


def test_a_nynorsk_page_s_own_words_are_tagged_nn_and_the_project_s_words_nb(reference: Graph) -> None:
    g = load("nynorsk.txt", reference).graph
    goal, source = URIRef(ID + "region/bo/goal/1"), URIRef(ID + "source/bo")
    assert [t.language for t in g.objects(goal, SCHEMA.text)] == ["nn"]  # verbatim from the page
    assert {t.language for t in g.objects(goal, RDFS.label)} == {"nb", "en"}  # "Mål 1 – Bø": our words
    assert g.value(source, DCTERMS.language) == URIRef("http://id.loc.gov/vocabulary/iso639-1/nn")
    assert g.value(source, DCTERMS.title) == Literal("Bø", lang="nn")
    quoted = {o.language for p in (SCHEMA.text, DCTERMS.title, DCTERMS.description)
              for s, o in g.subject_objects(p) if (s, PROV.wasDerivedFrom, None) in g}
    assert quoted == {"nn"}
    assert g.value(URIRef(ID + "region/bo"), SKOS.prefLabel).language == "nb"  # a name, as the programme's


def test_a_bokmal_page_stays_nb(reference: Graph) -> None:
    g = load("older-layout.txt", reference).graph
    quoted = {o.language for s, o in g.subject_objects(SCHEMA.text) if (s, PROV.wasDerivedFrom, None) in g}
    assert quoted == {"nb"}


def test_goals_as_a_paragraph_become_one_goal(reference: Graph) -> None:
    result = load("nynorsk.txt", reference)
    assert items(result, BR.Goal) == [
        "Målet er å gjere regionen meir attraktiv for unge vaksne. Vi vil òg styrkje samarbeidet med næringslivet."]


def test_klass_form_and_county_pick_the_right_bo(reference: Graph) -> None:
    result = load("nynorsk.txt", reference)
    members = set(result.graph.objects(None, ORG.member))
    assert URIRef(ID + "municipality/bo-telemark") in members  # not Bø in Nordland
    assert URIRef(ID + "municipality/bo-nordland") not in members


def test_older_layout_other_order_missing_sections_and_misspelt_heading(reference: Graph) -> None:
    result = load("older-layout.txt", reference)
    assert section_kinds(result) == [
        ("Fakta om Notoddenregionen", BR.FactsSection), ("Mål for Notoddenregionen", BR.GoalsSection),
        ("Resulater", BR.ResultsSection),
        ("Fra Notoddenregionen sin søknad til Byregionprogrammet:", BR.ExcerptSection)]
    assert items(result, BR.ApplicationExcerpt) == ["Regionen vil bruke programmet til å lære mer om egne fortrinn."]
    assert any("'Resulater'" in w and "misspelt" in w for w in result.warnings)
    missing = next(w for w in result.warnings if w.startswith("sections missing"))
    assert "Dokumenter" in missing and "Resultater" not in missing


def test_nested_bullets_and_numbered_lists_inside_results(reference: Graph) -> None:
    result = load("older-layout.txt", reference)
    g = result.graph
    assert items(result, BR.Goal) == ["Flere arbeidsplasser i regionen:", "innen industri", "innen reiseliv",
                                      "Bedre samarbeid mellom kommunene"]
    assert items(result, BR.Result) == ["Tre tiltak er gjennomført:", "en felles næringsplan",
                                        "et nytt næringsforum", "Samarbeidet er styrket."]
    parent = URIRef(ID + "region/notodden/result/1")
    assert set(g.subjects(SCHEMA.isPartOf, parent)) == {URIRef(ID + "region/notodden/result/2"),
                                                        URIRef(ID + "region/notodden/result/3")}
    assert g.value(parent, SCHEMA.isPartOf) is None


def test_sub_points_and_words_bullets_are_statements_of_their_own_under_their_parent(reference: Graph) -> None:
    """"2.1" and "2.2." under point 2, Word's second level ("o" and a tab) under its first (U+F0B7) and its third
    (U+F0A7) under that, as text copied from Word keeps them: each had been read as more lines of its parent's
    text."""
    page = _notodden()
    second = page.index("\n", page.index("  2. Tillit")) + 1
    page = page[:second] + "  2.1 Sett av nok tid.\n  2.2. Ikke gi opp.\n" + page[second:]
    results = page.index("\n\n", page.index("Resultater")) + 2
    page = (page[:results] + "\uf0b7\tTre tiltak er gjennomført:\no\tEn felles næringsplan.\n"
            "\uf0a7\tEt nytt næringsforum.\n\n" + page[results:])
    result = import_document(page.encode("utf-8"), reference=reference)
    g = result.graph
    advice = items(result, BR.Advice)
    assert advice[1].startswith("Tillit og unne hverandre suksess") and advice[1].endswith("arbeidstakere.")
    assert advice[2:4] == ["Sett av nok tid.", "Ikke gi opp."] and advice[4].startswith("Næringsutvikling")
    point = URIRef(ID + "region/notodden/advice/2")
    assert set(g.subjects(SCHEMA.isPartOf, point)) == {URIRef(ID + "region/notodden/advice/3"),
                                                       URIRef(ID + "region/notodden/advice/4")}
    assert not [w for w in result.warnings if "follows point" in w], result.warnings  # 2.1, 2.2 and then 3
    found = items(result, BR.Result)
    assert found[:3] == ["Tre tiltak er gjennomført:", "En felles næringsplan.", "Et nytt næringsforum."]
    for child, parent in ((2, 1), (3, 2)):  # each level under the one above it
        assert g.value(URIRef(ID + f"region/notodden/result/{child}"), SCHEMA.isPartOf) == \
            URIRef(ID + f"region/notodden/result/{parent}")


@pytest.mark.parametrize(("advice", "title"), [
    ("Samarbeid – ikke konkurranse – gir resultater.", None),  # a pair of dashes sets a phrase apart
    ("Samarbeid – det gir resultater. Konkurranse – det gjør ikke.", "Samarbeid"),  # one dash in the sentence
    ("Tålmodighet, regionalt samarbeid tar tid – år, ikke måneder.", "Tålmodighet"),
])
def test_an_advices_title_is_not_cut_at_the_first_of_a_pair_of_dashes(reference: Graph, advice: str,
                                                                       title: str | None) -> None:
    page = _notodden()
    first = page[page.index("  1. "):page.index("\n", page.index("  1. "))]
    result = import_document(page.replace(first, "  1. " + advice).encode("utf-8"), reference=reference)
    g = result.graph
    node = URIRef(ID + "region/notodden/advice/1")
    assert str(g.value(node, SCHEMA.text)) == advice
    found = g.value(node, DCTERMS.title)
    assert (str(found) if found is not None else None) == title


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_a_points_number_alone_on_its_line_starts_the_point_the_next_line_gives(reference: Graph, gap: str) -> None:
    """A PDF copied as text sets the number apart ("  1." / "Forankring, sørg for …" / "  2." / "Langsiktighet, …"):
    the advice had become one, its numbers inside its text and without a title. A line holding only a number and a
    point starts the numbered point whose text is the next line with text."""
    page = ("Notodden\n\nMål\n\n  • Å styrke næringslivet.\n\nNotoddens råd for samarbeid om regional utvikling\n\n"
            f"  1.{gap}Forankring, sørg for at politikerne eier prosjektet.\n"
            f"  2.{gap}Langsiktighet, tenk lenger enn en valgperiode\n  og bygg tillit.\n\nFakta Notodden\n\n{FACTS}\n")
    result = import_document(page.encode("utf-8"), reference=reference)
    g = result.graph
    assert items(result, BR.Advice) == ["Forankring, sørg for at politikerne eier prosjektet.",
                                        "Langsiktighet, tenk lenger enn en valgperiode\n  og bygg tillit."]
    titles = [str(g.value(URIRef(ID + f"region/notodden/advice/{n}"), DCTERMS.title)) for n in (1, 2)]
    assert titles == ["Forankring", "Langsiktighet"]
    assert not [w for w in result.warnings if "point" in w], result.warnings


@pytest.mark.parametrize(("lines", "expected"), [
    # a sub-point between two points, and a lead-in before the first (a second review of e03e0d0)
    ("  1.\nForankring, sørg for at politikerne eier prosjektet.\n    • Ordførerne med.\n  2.\n"
     "Langsiktighet, tenk lenger enn en valgperiode.",
     ["Forankring, sørg for at politikerne eier prosjektet.", "Ordførerne med.",
      "Langsiktighet, tenk lenger enn en valgperiode."]),
    ("Våre råd er disse:\n  1.\nForankring, sørg for at politikerne eier prosjektet.\n  2.\n"
     "Langsiktighet, tenk lenger enn en valgperiode.",
     ["Forankring, sørg for at politikerne eier prosjektet.", "Langsiktighet, tenk lenger enn en valgperiode."]),
])
def test_a_lone_number_goes_on_a_list_across_a_sub_point_and_after_a_lead_in(reference: Graph, lines: str,
                                                                              expected: list[str]) -> None:
    page = (f"Notodden\n\nMål\n\n  • Å styrke næringslivet.\n\nNotoddens råd for samarbeid om regional utvikling"
            f"\n\n{lines}\n\nFakta Notodden\n\n{FACTS}\n")
    result = import_document(page.encode("utf-8"), reference=reference)
    assert items(result, BR.Advice) == expected


@pytest.mark.parametrize("lines", [
    "Antall nye arbeidsplasser i regionen i løpet av programmet var\n12.\nDet er flere enn kommunene hadde ventet.",
    "Regionrådet vedtok søknaden i møtet den\n15.\nmars 2015, og kommunestyrene fulgte opp i april.",
    "Prosjektet er delt i\n3)\nfaser, som hver varer ett år.",
])
def test_a_number_alone_inside_a_paragraph_is_the_paragraphs(reference: Graph, lines: str) -> None:
    """A PDF breaks a sentence before its figure or a day before its month: a number alone on its line starts a
    point only where a list begins (1, after a blank line) or goes on (the point before it + 1). It had been
    dropped, and the line before it made a caption, without a word."""
    page = (f"Notodden\n\nMål\n\n  • Å styrke næringslivet.\n\nResultater\n\n{lines}\n\n"
            f"Fakta Notodden\n\n{FACTS}\n")
    result = import_document(page.encode("utf-8"), reference=reference)
    assert items(result, BR.Result) == [lines]
    assert not list(result.graph.subjects(RDF.type, BR.Caption))


def test_a_number_with_a_point_is_a_sub_point_only_under_the_point_of_its_number(reference: Graph) -> None:
    """"1.5 millioner …" and "2.5 millioner …" under point 2 are its text (a decimal point), not sub-points: a
    sub-point goes on the point's numbering (2.1 first, then 2.2)."""
    for amount in ("1.5", "2.5"):
        page = _notodden()
        second = page.index("\n", page.index("  2. Tillit")) + 1
        page = page[:second] + f"  {amount} millioner ble satt av til arbeidet.\n" + page[second:]
        advice = items(import_document(page.encode("utf-8"), reference=reference), BR.Advice)
        assert len(advice) == 3, amount
        assert advice[1].endswith(f"arbeidstakere.\n  {amount} millioner ble satt av til arbeidet."), amount


@pytest.mark.parametrize(("written", "said"), [
    ("ca. 120 000 (1.jan 2015)", "ca."), ("cirka 120.000 (1.1.2015)", "cirka"), ("(1. januar 2015) ca. 120 000", "ca."),
    ("over 120 000 (1.jan 2015)", "over"), ("mer enn 120 000 (1.jan 2015)", "mer enn"),
    ("nesten 120 000 (1.jan 2015)", "nesten"), ("under 120 000 (1.jan 2015)", "under"),
])
def test_a_figure_given_as_approximate_says_so_in_the_data(reference: Graph, written: str, said: str) -> None:
    """"ca. 120 000" had become the value 120000 with nothing in the data to say it is not exact: a quality note on
    the figure says so, in both languages, derived from the figure's words on the page, and its page shows it. So
    does a bound ("over", "mer enn", "nesten", "under"), which had been published as an exact figure."""
    from byregion import pages
    from byregion.namespaces import DQV, OA

    page = _notodden()
    line = next(x for x in page.splitlines() if x.startswith("Folketall"))
    page = page.replace(line, "Folketall i regionen: " + written)
    result = import_document(page.encode("utf-8"), reference=reference)
    g = result.graph
    figure = URIRef(ID + "region/notodden/population")
    assert g.value(figure, SCHEMA.value).toPython() == 120000
    note = g.value(figure, DQV.hasQualityAnnotation)
    assert note == URIRef(f"{figure}/quality/approximate") and (note, RDF.type, DQV.QualityAnnotation) in g
    assert g.value(note, OA.hasTarget) == figure and g.value(note, PROV.wasDerivedFrom) == URIRef(f"{figure}/source")
    comments = {c.language: str(c) for c in g.objects(note, RDFS.comment)}
    assert set(comments) == {"nb", "en"} and f"«{said}»" in comments["nb"] and f"“{said}”" in comments["en"]
    assert any("given as approximate" in w for w in result.warnings)
    shown = pages.region(g, URIRef(ID + "region/notodden"), "en", lambda iri: iri, BR)["facts"]
    assert [n["label"].value for f in shown for n in f["notes"]] == ["Approximate figure"]
    exact = import_document(_notodden().encode("utf-8"), reference=reference).graph
    assert exact.value(figure, DQV.hasQualityAnnotation) is None  # "54.165 (1.jan 2015)": exact
    dated = import_document(page.replace(written, "120 000 (ca. 1.jan 2015)").encode("utf-8"), reference=reference)
    assert dated.graph.value(figure, DQV.hasQualityAnnotation) is None  # the "ca." is the date's


def test_older_layout_facts_spaces_decimal_comma_and_full_month(reference: Graph) -> None:
    g = load("older-layout.txt", reference).graph
    assert g.value(URIRef(ID + "region/notodden/population"), SCHEMA.value).toPython() == 20500
    assert g.value(URIRef(ID + "region/notodden"), BR.referenceDate).toPython() == dt.date(2021, 1, 1)
    assert g.value(URIRef(ID + "region/notodden/area"), QUDT.numericValue).toPython() == Decimal("2345.5")


def test_names_resolve_on_the_reference_date_and_unknown_names_are_kept(reference: Graph) -> None:
    result = load("older-layout.txt", reference)
    g = result.graph
    members = {str(g.value(m, SCHEMA.text)): g.value(m, ORG.member) for m in g.subjects(RDF.type, ORG.Membership)}
    assert members["notodden"] == URIRef(ID + "municipality/notodden")  # lower case on the page
    assert members["Midt-Telemark"] == URIRef(ID + "municipality/midt-telemark")  # exists from 2020 only
    unknown = members["Ukjentby"]
    assert (unknown, RDF.type, BR.Municipality) in g
    assert g.value(unknown, SKOS.prefLabel) == Literal("Ukjentby", lang="nb")
    assert g.value(unknown, RDFS.label) == Literal("Ukjentby", lang="nb")
    assert any("'Ukjentby'" in w and "not a municipality in the reference" in w for w in result.warnings)


def test_truncated_page_imports_what_is_there_and_warns(reference: Graph) -> None:
    result = load("truncated.txt", reference)
    assert items(result, BR.Goal) == ["Et mål som er helt."]  # the cut bullet is a fragment, not a goal
    assert any("middle of a sentence" in w and "line 8" in w and "'Et mål som stopper midt i en set'" in w
               for w in result.warnings)
    assert any(w.startswith("sections missing") and "Fakta" in w for w in result.warnings)


def test_markup_is_kept_verbatim(reference: Graph) -> None:
    result = load("markup.txt", reference)
    assert items(result, BR.Introduction) == [
        "Intro med <script>alert(\"x\")</script> & \"sitater\", 'enkle' og &amp; en entitet."]
    assert items(result, BR.Goal) == ["Å lære av <b>andre</b> & dele \"gode\" eksempler."]
    reparsed = Graph().parse(data=result.graph.serialize(format="turtle"), format="turtle")
    assert set(reparsed) == set(result.graph)


@pytest.mark.parametrize("name", ["nynorsk.txt", "older-layout.txt", "truncated.txt", "markup.txt", "fjell-newer.txt",
                                  "fjell-older.txt", "cut-mid-word.txt", "cut-in-heading.txt", "cut-in-facts.txt"])
def test_provenance_offsets_point_at_the_text_in_every_fixture(name: str, reference: Graph) -> None:
    result = load(name, reference)
    g = result.graph
    for item, target in g.subject_objects(PROV.wasDerivedFrom):
        selector = g.value(target, OA.hasSelector)
        start, end = int(g.value(selector, OA.start)), int(g.value(selector, OA.end))
        quoted = g.value(item, SCHEMA.text) or g.value(item, DCTERMS.title)
        assert result.text[start:end] == str(quoted)
        assert int(g.value(selector, BR.line)) == result.text.count("\n", 0, start) + 1


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_a_line_is_numbered_as_an_editor_numbers_it_whatever_else_parts_the_text(reference: Graph,
                                                                                  separator: str) -> None:
    """br:line counts LF, CRLF and CR, as editors and ``grep -n`` do: a line separator (U+2028, pasted from a web
    page), a paragraph separator, a form feed or NEL inside a line parts the text there but starts no new line
    number (the statements after it were said to be a line further down). A form feed is refused
    (test_a_character_no_rdf_xml_can_carry_is_refused_where_it_is)."""
    plain = (FIXTURES / "documents" / "nynorsk.txt").read_text(encoding="utf-8")
    first_break = plain.index("\n", plain.index("\n") + 1)  # inside the page's first lines, before every statement
    parted = plain[:first_break] + separator + "Ei linje til" + plain[first_break:]
    result = import_document(parted.encode("utf-8"), reference=reference)
    g = result.graph
    selectors = [g.value(target, OA.hasSelector) for _, target in g.subject_objects(PROV.wasDerivedFrom)]
    assert selectors
    for selector in selectors:
        start = int(g.value(selector, OA.start))
        assert int(g.value(selector, BR.line)) == result.text.count("\n", 0, start) + 1


@pytest.mark.parametrize(("text", "expected"), [
    ("1.jan 2015", dt.date(2015, 1, 1)), ("1. jan. 2015", dt.date(2015, 1, 1)),
    ("1. januar 2015", dt.date(2015, 1, 1)), ("01.01.2015", dt.date(2015, 1, 1)),
    ("per 1. mars 2016", dt.date(2016, 3, 1)), ("15. sept. 2014", dt.date(2014, 9, 15)),
    ("31. des 2017", dt.date(2017, 12, 31)), ("1. okt. 2018", dt.date(2018, 10, 1)),
    ("1. mai 2015", dt.date(2015, 5, 1)), ("uten dato", None), ("31. februar 2015", None),
])
def test_norwegian_dates(text: str, expected: dt.date | None) -> None:
    assert parse_date(text) == expected


def test_numbers_and_areas() -> None:
    assert parse_population("54.165 (1.jan 2015)") == parse_population("54 165 (1. januar 2015)")
    assert parse_population("54.165 (1.jan 2015)").value == 54165  # type: ignore[union-attr]
    assert parse_area("5.150 km²").value == Decimal(5150)  # type: ignore[union-attr]
    assert parse_area("812,4 kvadratkilometer").value == Decimal("812.4")  # type: ignore[union-attr]
    assert parse_area("5.150") is None  # no unit: not guessed


@pytest.mark.parametrize(("text", "value", "day"), [
    ("54.165 (1.jan 2015)", 54165, dt.date(2015, 1, 1)),
    ("(1. januar 2015) 36 514", 36514, dt.date(2015, 1, 1)),  # the date first: not the day of the month (1)
    ("per 1.1.2015: 36 514", 36514, dt.date(2015, 1, 1)),
    ("(2015) 36 514", 36514, None),  # a year in parentheses is no figure
    ("ca. 36\u00a0514 innbyggere", 36514, None),
])
def test_a_population_is_the_figure_whatever_comes_before_it(text: str, value: int, day: dt.date | None) -> None:
    found = parse_population(text)
    assert found is not None and (found.value, found.date) == (value, day)


@pytest.mark.parametrize(("text", "value"), [
    ("2663km²", Decimal(2663)),  # no space before the unit
    ("2 663 km2 (2015)", Decimal(2663)),
    ("(1.1.2015) 2 663 kvadratkilometer", Decimal(2663)),
    ("(2015) 812,4 km²", Decimal("812.4")),
])
def test_an_area_is_the_figure_before_its_unit(text: str, value: Decimal) -> None:
    found = parse_area(text)
    assert found is not None and found.value == value


def test_a_figure_only_in_a_date_or_in_parentheses_is_not_guessed() -> None:
    assert parse_population("(1. januar 2015)") is None
    assert parse_area("(2015 km²)") is None


@pytest.mark.parametrize(("line", "kind"), [
    ("Mål for Notodden", SectionKind.GOALS), ("Mal for Notodden", SectionKind.GOALS),
    ("Resultater", SectionKind.RESULTS), ("Resultat", SectionKind.RESULTS), ("Reslutater", SectionKind.RESULTS),
    ("Dette jobbar byregionen med etter programslutt", SectionKind.FOLLOW_UP),
    ("Dette jobber byregionen med etter progamslutt", SectionKind.FOLLOW_UP),
    ("Utdrag frå Hallingdal sin søknad til Byregionprogrammet", SectionKind.EXCERPT),
    ("Fra Kongsbergregionen sin søknad til Byregionprogrammet:", SectionKind.EXCERPT),
    ("Hadeland og Ringerikes råd for samarbeid om regional utvikling", SectionKind.ADVICE),
    ("Dokumenter", SectionKind.DOCUMENTS), ("Fakta Notodden", SectionKind.FACTS),
    ("Mat for Notodden", None), ("Resultatene var gode.", None), ("Regionen har mange fjell", None),
])
def test_heading_vocabulary_with_small_misspellings(line: str, kind: SectionKind | None) -> None:
    found = match_heading(line)
    assert (found.kind if found else None) == kind


def test_a_name_broken_at_its_own_hyphen_keeps_the_hyphen_where_the_name_has_one(reference: Graph) -> None:
    """An unseen-pages review: "Sør-" at a line's end and "Fron" on the next became a placeholder "SørFron": a
    broken word is joined without its hyphen ("Drange-" / "dal"), and a name that has a hyphen keeps it."""
    on_2021 = dt.date(2021, 1, 1)
    for written in ("Midt-\nTelemark", "Midt- \r\n  Telemark"):
        assert resolve_municipality(written, on_2021, reference).iri == URIRef(ID + "municipality/midt-telemark"), \
            written
    joined = resolve_municipality("Sau-\nherad", dt.date(2015, 1, 1), reference)  # a word broken: no hyphen
    assert joined.iri == URIRef(ID + "municipality/sauherad")


def test_a_double_name_no_record_has_names_the_municipality_its_one_known_part_names(reference: Graph) -> None:
    """An unseen-pages review: "Bodø/Bådåddjo", "Bardu/Beardu" (a name with a form in another language that no
    record writes) became placeholder municipalities, which the programme's table then contradicted. The one part
    that names a municipality names it; two parts that name two are none of them."""
    on_2015 = dt.date(2015, 1, 1)
    assert resolve_municipality("Notodden/Nuorri", on_2015, reference).iri == URIRef(ID + "municipality/notodden")
    assert resolve_municipality("Notodden / Sauherad", on_2015, reference).iri is None


def test_resolve_municipality(reference: Graph) -> None:
    on_2015 = dt.date(2015, 1, 1)
    assert resolve_municipality("NOTODDEN", on_2015, reference).iri == URIRef(ID + "municipality/notodden")
    assert resolve_municipality("Røyrvik", on_2015, reference).iri == URIRef(ID + "municipality/royrvik")
    assert resolve_municipality("Sauherad", dt.date(2021, 1, 1), reference).iri is None  # merged in 2020
    assert resolve_municipality("Midt-Telemark", on_2015, reference).iri is None  # not yet created
    on_2021 = dt.date(2021, 1, 1)
    for written in ("Midt-Telemark", "Midt–Telemark", "Midt Telemark", "midt\u2011telemark"):
        # a hyphen, an en dash, a space, a non-breaking hyphen (with spaces around, a dash parts a double name)
        assert resolve_municipality(written, on_2021, reference).iri == URIRef(ID + "municipality/midt-telemark"), \
            written
    for written in ("Raarvihke – Røyrvik", "Raarvihke", "Røyrvik"):
        assert resolve_municipality(written, on_2015, reference).iri == URIRef(ID + "municipality/royrvik"), written
    # in 2015 "Bø" and "Os" named two municipalities each (KLASS wrote "Bø (Telemark)", "Bø (Nordland)"): neither is
    # chosen for the one labelled by its latest name, "Bø" (Nordland, since 2020) or "Os" (Hedmark, as 3430)
    for name, one, other in (("Bø", "bo-telemark", "bo-nordland"), ("Os", "os-hedmark", "os-hordaland")):
        ambiguous = resolve_municipality(name, on_2015, reference)
        assert ambiguous.iri is None, name
        assert set(ambiguous.candidates) == {URIRef(ID + f"municipality/{one}"), URIRef(ID + f"municipality/{other}")}
    assert resolve_municipality("Bø", on_2021, reference).iri == URIRef(ID + "municipality/bo-nordland")  # the only
    telemark = frozenset({URIRef(ID + "county/telemark")})
    assert resolve_municipality("Bø", on_2015, reference, telemark).iri == URIRef(ID + "municipality/bo-telemark")
    nordland = frozenset({URIRef(ID + "county/nordland")})
    assert resolve_municipality("Bø", on_2015, reference, nordland).iri == URIRef(ID + "municipality/bo-nordland")
    assert resolve_municipality("Bø (Telemark)", on_2015, reference).iri == URIRef(ID + "municipality/bo-telemark")
    assert resolve_municipality("Bø (Nordland)", on_2015, reference).iri == URIRef(ID + "municipality/bo-nordland")


@pytest.mark.slow  # reads the whole reference graph
def test_names_with_og_stay_one_municipality_when_the_reference_knows_them() -> None:
    """"Nore og Uvdal" and "Evje og Hornnes" are municipalities; "og" between two names is a list."""
    text = ("Hallingdal\n\nEn region i fjellet.\n\nFakta Hallingdal\n\nSøkerkommune: Gol\n"
            "Samarbeidskommuner: Hol, Ål, Nore og Uvdal og Flå\n"
            "Folketall i regionen: 20.000 (1.jan 2015)\nAreal: 5.800 km²\n")
    reference = Graph().parse(REPO_REFERENCE, format="turtle")
    result = import_document(text.encode("utf-8"), reference=reference)
    members = sorted(str(result.graph.value(ms, ORG.member)).rsplit("/", 1)[-1]
                     for ms in result.graph.subjects(RDF.type, ORG.Membership))
    assert members == ["al", "fla", "gol", "hol", "nore-og-uvdal"]
    assert not any("Nore" in w and "not a municipality" in w for w in result.warnings)


def test_without_reference_data_og_separates_names() -> None:
    from byregion.importer.facts import split_names

    text = "Hol, Nore og Uvdal"
    assert [text[a:b] for a, b in split_names(text)] == ["Hol", "Nore", "Uvdal"]
    assert [text[a:b] for a, b in split_names(text, lambda n: n == "Nore og Uvdal")] == ["Hol", "Nore og Uvdal"]


@pytest.mark.parametrize("none", ["ingen", "Ingen.", "inga", "–"])
def test_a_partners_line_that_says_none_names_no_municipality(reference: Graph, none: str) -> None:
    """An unseen-pages review: "Samarbeidskommuner: ingen" made a partner municipality called "ingen"."""
    page = _notodden().replace("Samarbeidskommune: Kongsberg, Sauherad, Tinn, Hjartdal, Seljord",
                               f"Samarbeidskommune: {none}")
    result = import_document(page.encode("utf-8"), reference=reference)
    members = sorted(str(m).rsplit("/", 1)[-1] for ms in result.graph.subjects(RDF.type, ORG.Membership)
                     for m in result.graph.objects(ms, ORG.member))
    assert members == ["notodden"], members
    assert not any("ingen" in w.casefold() or "inga" in w.casefold() for w in result.warnings), result.warnings


def test_a_name_with_an_invisible_character_is_not_said_to_be_officially_another(reference: Graph) -> None:
    """An unseen-pages review: a zero-width space in "Sel\u200bjord" (a pasted page's) made the members' table say
    "Seljord (officially Seljord)"; the text keeps the character, the comparison leaves it out."""
    from byregion import pages

    page = _notodden().replace("Hjartdal, Seljord", "Hjartdal, Sel\u200bjord")
    graph = import_document(page.encode("utf-8"), reference=reference).graph + reference  # as the build merges them
    members = pages.region(graph, URIRef(ID + "region/notodden"), "en", lambda iri: iri, BR)["members"]
    seljord = next(m for m in members if m["member"] is not None and "Sel" in m["member"].text)
    assert seljord["member"].text == "Sel\u200bjord" and seljord["official"] is None


@pytest.mark.parametrize("mark", ["–", "-", "ikke oppgitt", "Ukjent."])
def test_a_figure_given_as_none_is_said_so_not_called_a_number_it_is_not(reference: Graph, mark: str) -> None:
    """An unseen-pages review: "Areal i regionen: –" had "'–' is not a number in km² as Norwegian writes it"."""
    page = _notodden()
    line = next(x for x in page.splitlines() if x.startswith("Areal"))
    result = import_document(page.replace(line, f"Areal: {mark}").encode("utf-8"), reference=reference)
    assert not list(result.graph.subjects(RDF.type, BR.AreaFigure))
    said = [w for w in result.warnings if "area" in w]
    assert len(said) == 1 and "gives no area" in said[0] and "not a number" not in said[0], said


def test_a_facts_block_given_twice_is_named_by_its_lines(reference: Graph) -> None:
    """A page with its Fakta block pasted twice: the second population and area are ignored, and the second
    applicant (which the shapes then refuse: a region has one) is named by its line and the first's."""
    text = (Path(__file__).parent.parent / "data" / "sources" / "notodden.txt").read_text(encoding="utf-8")
    start = text.index("Fakta Notodden")
    block = text[start:].rstrip("\n")  # the page ends with its facts block
    doubled = text.rstrip("\n") + "\n\n" + block + "\n"
    result = import_document(doubled.encode("utf-8"), reference=reference)
    first = text[:start].count("\n") + 3  # the block's heading, a blank line, then Søkerkommune
    second = [w for w in result.warnings if "a second 'Søkerkommune' line" in w]
    assert len(second) == 1 and f"(the first is on line {first})" in second[0], result.warnings
    assert second[0].startswith("line ") and int(second[0].split(":")[0][5:]) > first
    assert any("a second 'Folketall i regionen' line was ignored" in w for w in result.warnings)


def _notodden() -> str:
    return (Path(__file__).parent.parent / "data" / "sources" / "notodden.txt").read_text(encoding="utf-8")


def test_a_section_given_twice_is_warned_about_and_both_are_kept(reference: Graph) -> None:
    """A page with its goals pasted twice: both sections are imported (no word is lost), and the second heading
    is named by its line and the first's, so that a person can look."""
    text = _notodden()
    start, end = text.index("Mål for"), text.index("Resultater")
    doubled = text[:end] + text[start:end] + text[end:]
    result = import_document(doubled.encode("utf-8"), reference=reference)
    first_line = text[:start].count("\n") + 1
    second_line = first_line + text[start:end].count("\n")
    heading = text[start:].split("\n", 1)[0]
    warned = [w for w in result.warnings if "a second 'Mål for …' section" in w]
    assert warned == [f"line {second_line}: a second 'Mål for …' section {heading!r} (the first is {heading!r} on "
                      f"line {first_line}); both are imported: is part of the page there twice?"], result.warnings
    assert [k for _, k in section_kinds(result)].count(BR.GoalsSection) == 2


def test_the_published_page_has_no_numbering_or_section_warning(reference: Graph) -> None:
    result = import_document(_notodden().encode("utf-8"), reference=reference)
    assert not [w for w in result.warnings if "point" in w or "a second" in w], result.warnings


@pytest.mark.parametrize(("numbers", "expected"), [
    ((1, 2, 5), ["point 5 follows point 2 (line 3); are 3–4 missing from the page?"]),
    ((1, 3), ["point 3 follows point 1 (line 2); is 2 missing from the page?"]),
    ((1, 2, 2), ["point 2 follows point 2 (line 3); the numbering goes back: two lists run together, "
                 "or a number mistyped?"]),
    ((1, 2, 3), []),
    ((1, 2, 1, 2), []),  # a second list, numbered from 1 again
])
def test_numbered_points_that_skip_or_repeat_a_number_are_warned_about(
        reference: Graph, numbers: tuple[int, ...], expected: list[str]) -> None:
    """Advice numbered 1, 2, 5 has probably lost two points on the way: the importer keeps what is there (in
    the page's order) and says which numbers are missing, with the line. Blank lines between points do not
    end the list."""
    text = _notodden()
    start = text.index("Notoddens råd")
    heading_end = text.index("\n", start)
    advice_end = text.index("\n\n", heading_end + 2)
    points = "\n".join(f"  {n}. Råd nummer {n}, slik det står på siden." for n in numbers)
    page = text[:heading_end + 1] + points + text[advice_end:]
    first_line = text[:heading_end].count("\n") + 2
    result = import_document(page.encode("utf-8"), reference=reference)
    found = [w for w in result.warnings if "point" in w]
    shifted = [e.replace("(line 2)", f"(line {first_line})").replace("(line 3)", f"(line {first_line + 1})")
               for e in expected]
    lines = [first_line + len(numbers) - 1] if expected else []
    assert found == [f"line {n}: {e}" for n, e in zip(lines, shifted, strict=True)], result.warnings
    assert len(items(result, BR.Advice)) == len(numbers)


def test_a_member_merged_away_before_the_pages_date_is_warned_about_with_its_history(repository_reference: Graph
                                                                                    ) -> None:
    """A 2021 page naming Sauherad (merged into Midt-Telemark on 2020-01-01): the placeholder's warning says
    when the name was held and what followed it, so that a person knows which municipality the page means."""
    text = _notodden().replace("(1.jan 2015)", "(1.jan 2021)")
    result = import_document(text.encode("utf-8"), reference=repository_reference)
    warned = [w for w in result.warnings if "'Sauherad'" in w]
    assert len(warned) == 1 and warned[0].endswith(
        "municipality 'Sauherad' is not a municipality in the reference data on 2021-01-01 (the reference data "
        "has Sauherad 0822 until 2019-12-31, then Midt-Telemark); it was kept as a municipality known only by "
        "its label"), result.warnings


@pytest.mark.parametrize(("written", "offered"), [
    ("Seljor", " (did you mean Seljord?)"),  # a letter left out
    ("Selljord", " (did you mean Seljord?)"),  # one too many
    ("Seljrod kommune", " (did you mean Seljord?)"),  # two swapped, and what a page writes after a name
    ("Kvitseid", " (did you mean Kviteseid?)"),  # another municipality of the date than the region's
    ("Sandee", " (did you mean Sande or Sande (Vestfold)?)"),  # two bore the name in 2015, one of them with its county
    ("Oss", " (did you mean Voss, Moss or Os (Hedmark)?)"),  # three at most
    ("Ness", " (did you mean Nes (Akershus), Nes (Buskerud) or Nesset?)"),  # as the date's numbers were labelled
    ("Nordland", " (it is the name of a county, Nordland)"),  # not Nordre Land: a county is said to be one
    ("Telemark kommune", " (it is the name of a county, Telemark)"),
    ("Telemark fylkeskommune", " (it is the name of a county, Telemark)"),
    ("Xyzzy", ""),  # no municipality's name is near enough to offer
])
def test_a_misspelt_member_is_warned_about_with_the_names_it_may_be(written: str, offered: str,
                                                                   repository_reference: Graph) -> None:
    """A member's name no municipality of the page's date has is kept by its label, as before, and its warning offers
    the names of that date's municipalities spelt like it, where one is near: a publisher who typed "Seljor" reads
    what to write instead."""
    text = _notodden().replace("Hjartdal, Seljord", f"Hjartdal, {written}", 1)
    assert text != _notodden()
    result = import_document(text.encode("utf-8"), reference=repository_reference)
    warned = [w for w in result.warnings if f"municipality {written!r} is not" in w]
    assert len(warned) == 1, result.warnings
    assert warned[0].endswith(f"is not a municipality in the reference data on 2015-01-01{offered}; it was kept as a "
                              "municipality known only by its label"), warned[0]


def test_a_municipality_listed_twice_is_one_membership_and_a_warning(reference: Graph) -> None:
    """The applicant named again among the partners, and a partner twice: one membership each, the first mention's,
    and a warning naming both lines (there were nine memberships of eight municipalities, silently)."""
    plain = (FIXTURES / "documents" / "nynorsk.txt").read_text(encoding="utf-8")
    doubled = plain.replace("Samarbeidskommunar: Sauherad, Seljord",
                            "Samarbeidskommunar: Sauherad, Bø, Seljord, Sauherad")
    result = import_document(doubled.encode("utf-8"), reference=reference)
    g = result.graph
    members = [g.value(m, ORG.member) for m in g.objects(None, BR.membership)]
    assert len(members) == len(set(members)) == 3, members
    again = [w for w in result.warnings if "is listed again" in w]
    assert len(again) == 2 and all("line 32" in w and "first as" in w for w in again), result.warnings
    positions = sorted(int(g.value(m, SCHEMA.position)) for m in g.objects(None, BR.membership))
    assert positions == [1, 2, 3]


@pytest.mark.parametrize("wrap", [",\n", ", og\n", ",\r\n"])
def test_a_member_list_wrapped_onto_the_next_line_is_one_list(reference: Graph, wrap: str) -> None:
    """A list ending in a separator goes on on the next line (the page's width wrapped it): the names there are
    members, each with its own line (they were dropped: "facts line … was not imported")."""
    plain = (FIXTURES / "documents" / "nynorsk.txt").read_text(encoding="utf-8")
    wrapped = plain.replace("Samarbeidskommunar: Sauherad, Seljord", f"Samarbeidskommunar: Sauherad{wrap}Seljord")
    result = import_document(wrapped.encode("utf-8"), reference=reference)
    g = result.graph
    said = {str(g.value(m, SCHEMA.text)): m for m in g.objects(None, BR.membership)}
    assert set(said) == {"Bø", "Sauherad", "Seljord"}, said
    assert not [w for w in result.warnings if "was not imported" in w], result.warnings
    for name, line in (("Sauherad", 32), ("Seljord", 33)):
        selector = g.value(g.value(said[name], PROV.wasDerivedFrom), OA.hasSelector)
        start, end = int(g.value(selector, OA.start)), int(g.value(selector, OA.end))
        assert result.text[start:end] == name and int(g.value(selector, BR.line)) == line


def test_an_excerpts_own_headings_that_read_as_the_templates_stay_in_the_excerpt(reference: Graph) -> None:
    """"Fakta om næringslivet" and "Mål for prosjektet" inside the application's excerpt read as the template's
    "Fakta …" and "Mål for …", but name something else than the region the page's headings name, and the page has
    those sections: they are text of the excerpt, with a warning. (The excerpt became goals, and the population
    and area were taken as part of "Fakta om næringslivet".)"""
    plain = (FIXTURES / "documents" / "nynorsk.txt").read_text(encoding="utf-8")
    excerpt = "Regionen ønskjer å sjå på korleis små kommunar kan samarbeide betre.\n"
    inside = plain.replace(excerpt, excerpt + "\nFakta om næringslivet\n\nNæringslivet i regionen er variert.\n\n"
                                              "Mål for prosjektet\n\nMeir samarbeid over kommunegrensene.\n")
    result, before = (import_document(text.encode("utf-8"), reference=reference) for text in (inside, plain))
    texts = {str(o) for o in result.graph.objects(None, SCHEMA.text)}
    assert {"Næringslivet i regionen er variert.", "Meir samarbeid over kommunegrensene."} <= texts, texts
    goals = lambda g: sorted(str(g.value(s, SCHEMA.text)) for s in g.subjects(RDF.type, BR.Goal))  # noqa: E731
    assert goals(result.graph) == goals(before.graph)
    figures = lambda g: {(str(p), str(g.value(o, SCHEMA.text))) for p in (BR.population, BR.area)  # noqa: E731
                         for o in g.objects(None, p)}
    assert figures(result.graph) == figures(before.graph)
    demoted = [w for w in result.warnings if "read as text of the section above" in w]
    assert len(demoted) == 2 and "næringslivet" in demoted[0] and "prosjektet" in demoted[1], result.warnings


def test_a_labelled_line_after_a_list_ending_in_a_comma_is_no_part_of_it(reference: Graph) -> None:
    """Only an unlabelled line goes on a list: "Kilde: SSB" after "Samarbeidskommunar: Sauherad, Seljord," is a facts
    line of its own (not one the template knows, so warned about), not two more member names."""
    plain = (FIXTURES / "documents" / "nynorsk.txt").read_text(encoding="utf-8")
    text = plain.replace("Samarbeidskommunar: Sauherad, Seljord", "Samarbeidskommunar: Sauherad, Seljord,\nKilde: SSB")
    result = import_document(text.encode("utf-8"), reference=reference)
    said = {str(result.graph.value(m, SCHEMA.text)) for m in result.graph.objects(None, BR.membership)}
    assert said == {"Bø", "Sauherad", "Seljord"}, said
    assert any("'Kilde: SSB'" in w and "was not imported" in w for w in result.warnings), result.warnings


def _structure(result: ImportResult) -> list[tuple[str, str, str]]:
    """Every typed node of an import: its class, its IRI and its text composed (NFC), in order."""
    g = result.graph
    return sorted((str(cls), str(node), unicodedata.normalize("NFC", str(g.value(node, SCHEMA.text) or "")))
                  for node, cls in g.subject_objects(RDF.type))


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "documents").glob("*.txt")))
def test_a_page_in_decomposed_form_reads_as_in_composed_form_and_is_kept_as_written(name: str,
                                                                                    reference: Graph) -> None:
    """A page copied on a Mac may come in NFD, where "å" is "a" and a combining ring: "Mål for …" once matched no
    heading (its goals became introductions) and "Flå" no municipality. Headings, names and themes are compared
    composed; the text is kept as the page writes it."""
    text = (FIXTURES / "documents" / name).read_text(encoding="utf-8")
    try:
        composed = import_document(unicodedata.normalize("NFC", text).encode(), reference=reference)
    except DocumentError as refused:  # a page that is none: refused alike
        with pytest.raises(DocumentError, match=re.escape(str(refused))):
            import_document(unicodedata.normalize("NFD", text).encode(), reference=reference)
        return
    decomposed = import_document(unicodedata.normalize("NFD", text).encode(), reference=reference)
    assert _structure(decomposed) == _structure(composed)
    assert [w.split(":")[0] for w in decomposed.warnings] == [w.split(":")[0] for w in composed.warnings]
    texts = [str(t) for t in decomposed.graph.objects(None, SCHEMA.text)]
    assert all(t == unicodedata.normalize("NFD", t) for t in texts)  # verbatim: as the page was written


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / "documents").glob("*.txt")
                                        if "• " in p.read_text(encoding="utf-8")))
def test_a_bullet_glyph_touching_its_text_is_a_bullet(name: str, reference: Graph) -> None:
    """"•å styrke …" once ran into the line before as one goal; no word begins with a bullet glyph."""
    text = (FIXTURES / "documents" / name).read_text(encoding="utf-8")
    spaced = import_document(text.encode(), reference=reference)
    touching = import_document(text.replace("• ", "•").encode(), reference=reference)
    assert [(cls, iri) for cls, iri, _ in _structure(touching)] == [(cls, iri) for cls, iri, _ in _structure(spaced)]
    assert {t.lstrip("•") for _, _, t in _structure(touching)} == {t.lstrip("•") for _, _, t in _structure(spaced)}


FACTS = ("Søkerkommune: Notodden\nSamarbeidskommune: Kongsberg, Sauherad, Tinn, Hjartdal, Seljord\n"
         "Folketall i regionen: 54.165 (1.jan 2015)\nAreal i regionen: 5.150 km²")


def _with_facts(block: str) -> bytes:
    """The Notodden page with its facts block written another way."""
    text = _notodden()
    assert FACTS in text
    return text.replace(FACTS, block).encode("utf-8")


def _facts_of(result: ImportResult) -> tuple[set[str], int | None, Decimal | None, dt.date | None]:
    g = result.graph
    members = {str(g.value(m, SCHEMA.text)) for m in g.objects(None, BR.membership)}
    population = next((int(v) for v in g.objects(None, SCHEMA.value)), None)
    area = next((Decimal(str(v)) for v in g.objects(None, QUDT.numericValue)), None)
    day = next((v.toPython() for v in g.objects(None, BR.referenceDate)), None)
    return members, population, area, day


WHOLE = ({"Notodden", "Kongsberg", "Sauherad", "Tinn", "Hjartdal", "Seljord"}, 54165, Decimal(5150),
         dt.date(2015, 1, 1))


@pytest.mark.parametrize("block", [
    # a facts table copied as text: a tab for the colon
    "Søkerkommune\tNotodden\nSamarbeidskommune\tKongsberg, Sauherad, Tinn, Hjartdal, Seljord\n"
    "Folketall i regionen\t54.165 (1.jan 2015)\nAreal i regionen\t5.150 km²",
    # a definition list: each label on its line, its value on the next
    "Søkerkommune:\nNotodden\nSamarbeidskommune\nKongsberg, Sauherad, Tinn, Hjartdal, Seljord\n"
    "Folketall i regionen:\n54.165 (1.jan 2015)\nAreal i regionen:\n5.150 km²",
    # every fact run together on one line
    "Søkerkommune: Notodden  Samarbeidskommune: Kongsberg, Sauherad, Tinn, Hjartdal, Seljord  "
    "Folketall i regionen: 54.165 (1.jan 2015) Areal i regionen: 5.150 km²",
    # what the label says in parentheses: the date and the unit
    "Søkerkommune: Notodden\nSamarbeidskommune: Kongsberg, Sauherad, Tinn, Hjartdal, Seljord\n"
    "Folketall i regionen (1. januar 2015): 54 165\nAreal (km²): 5 150",
    # thin spaces between thousands, an ISO date, invisible format characters inside names
    "Søkerkommune: Notod\u00adden\nSamarbeidskommune: Kongsberg\u200b, Sauherad, Tinn, Hjartdal, Seljord\n"
    "Folketall i regionen: 54\u2009165 (2015-01-01)\nAreal i regionen: 5\u2009150 km²",
])
def test_a_facts_block_written_another_way_gives_the_same_facts(reference: Graph, block: str) -> None:
    result = import_document(_with_facts(block), reference=reference)
    members, population, area, day = _facts_of(result)
    assert {m.replace("\u00ad", "").replace("\u200b", "") for m in members} == WHOLE[0], result.warnings
    assert (population, area, day) == WHOLE[1:], result.warnings
    assert not [w for w in result.warnings if "facts" in w or "not imported" in w], result.warnings


@pytest.mark.parametrize(("population", "area", "warned"), [
    ("33,120 (1.jan 2015)", "5.150 km²", "the population '33,120 (1.jan 2015)' is not one whole number"),
    ("33.12", "5.150 km²", "the population '33.12' is not one whole number"),
    ("54.165 (1.jan 2015)", "4482.5 km²", "the area '4482.5 km²' is not a number in km² as Norwegian writes it"),
    ("54.165 (1.jan 2015)", "4,482.5 km²", "the area '4,482.5 km²' is not a number in km² as Norwegian writes it"),
    ("110'000 (1.jan 2015)", "5.150 km²", "the population \"110'000 (1.jan 2015)\" is not one whole number"),
    ("110’000 (1.jan 2015)", "5.150 km²", "the population '110’000 (1.jan 2015)' is not one whole number"),
])
def test_a_figure_that_goes_on_in_a_form_norwegian_does_not_write_is_not_cut_short(
        reference: Graph, population: str, area: str, warned: str) -> None:
    """"33,120" is not 33, "4482.5" not 4482 and "33.12" (a page cut off there) not 33: the figure is left out and
    the warning says how Norwegian writes it, rather than a wrong figure published."""
    block = FACTS.replace("54.165 (1.jan 2015)", population).replace("5.150 km²", area)
    result = import_document(_with_facts(block), reference=reference)
    _, found_population, found_area, _ = _facts_of(result)
    assert (found_population is None) == ("population" in warned) and (found_area is None) == ("area" in warned)
    assert any(warned in w and "not imported" in w for w in result.warnings), result.warnings


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"])
def test_an_invisible_character_inside_a_figure_is_no_part_of_its_reading(reference: Graph, invisible: str) -> None:
    """A soft hyphen (``&shy;``), a zero-width space or joiner, a word joiner or a byte order mark inside "110 000"
    had cut the population to 110 and the area "1 050 km²" to 1.0, with nothing said: they are invisible on the page
    (Unicode category Cf), so the figure reads as the reader sees it, and the text keeps them as written."""
    population, area = f"110{invisible}000 (1. januar 2015)", f"1{invisible}050 km²"
    block = FACTS.replace("54.165 (1.jan 2015)", population).replace("5.150 km²", area)
    result = import_document(_with_facts(block), reference=reference)
    _, found_population, found_area, _ = _facts_of(result)
    assert (found_population, found_area) == (110000, Decimal(1050)), result.warnings
    assert not [w for w in result.warnings if "not imported" in w], result.warnings
    texts = {str(t) for t in result.graph.objects(URIRef(ID + "region/notodden/population"), SCHEMA.text)}
    assert texts == {population}


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200b", "\u2060"])
def test_an_invisible_character_inside_a_heading_a_label_or_a_theme_word_is_read_past(reference: Graph,
                                                                                        invisible: str) -> None:
    """"Resul&shy;tater" (a soft hyphen, or a zero-width space or word joiner) had been no heading: the results were
    imported as goals; "Folke&shy;tall i regionen:" no label: the population was dropped and the facts block said
    to be cut off; "reise&shy;liv" no theme word. Headings, labels and theme words are compared as names are,
    without invisible format characters; the text keeps them as written."""
    from byregion import REPO_ROOT
    from byregion.sources import parse_file

    page = (f"Notodden\n\nMål\n\n  • Å styrke næringslivet.\n\nResul{invisible}tater\n\n"
            f"  • Et nytt reise{invisible}livsprosjekt for hele regionen.\n\nFakta Notodden\n\n{FACTS}\n")
    page = page.replace("Folketall", f"Folke{invisible}tall")
    result = import_document(page.encode("utf-8"), reference=reference,
                             themes=parse_file(REPO_ROOT / "ontology" / "themes.ttl"))
    g = result.graph
    assert [k for _, k in section_kinds(result)] == [BR.GoalsSection, BR.ResultsSection, BR.FactsSection]
    assert items(result, BR.Result) == [f"Et nytt reise{invisible}livsprosjekt for hele regionen."]
    assert items(result, BR.Goal) == ["Å styrke næringslivet."]
    assert g.value(URIRef(ID + "region/notodden/population"), SCHEMA.value).toPython() == 54165
    assert not [w for w in result.warnings if "cut off" in w or "not imported" in w], result.warnings
    result_node = next(g.subjects(RDF.type, BR.Result))
    assert URIRef(ID + "theme/besoksnaeringer") in set(g.objects(result_node, DCTERMS.subject))


def test_a_page_saved_with_crlf_gives_the_literals_a_page_saved_with_lf_gives(reference: Graph) -> None:
    """A paragraph of two lines on a page saved on Windows had kept a "\\r" in its text ('…kommuner.\\r\\n[1] Tall
    …'): line ends are no content, so every literal writes them LF, and the page reads as with LF (the two lines of
    a paragraph are one statement either way); the selectors still count the characters of the source as it is."""
    facts = FACTS.replace(", Tinn", ",\nTinn")  # a member list wrapped onto the next line
    page = ("Notodden\n\nMål\n\n  • Å styrke næringslivet\n    i hele regionen.\n\nResultater\n\n"
            f"¹ Gjelder alle sju kommuner.\n[1] Tall fra 2016.\n\nFakta Notodden\n\n{facts}\n")
    lf = import_document(page.encode("utf-8"), reference=reference)
    crlf = import_document(page.replace("\n", "\r\n").encode("utf-8"), reference=reference)

    def words(result: ImportResult) -> set[tuple[URIRef, str]]:
        return {(p, str(o)) for _, p, o in result.graph if isinstance(o, Literal) and o.language}

    assert not [text for _, text in words(crlf) if "\r" in text]
    assert words(crlf) == words(lf)
    assert items(crlf, BR.Result) == ["¹ Gjelder alle sju kommuner.\n[1] Tall fra 2016."]
    assert {str(o) for o in crlf.graph.objects(None, SCHEMA.text)} >= {"Kongsberg", "Tinn"}


@pytest.mark.parametrize(("population", "area", "warned"), [
    ("110 000–115 000 (1.jan 2015)", "5.150 km²", "the population '110 000–115 000 (1.jan 2015)' is a range"),
    ("110 000 til 115 000 (1.jan 2015)", "5.150 km²", "the population '110 000 til 115 000 (1.jan 2015)' is a range"),
    ("54.165 (1.jan 2015)", "5 100 - 5 200 km²", "the area '5 100 - 5 200 km²' is a range"),
    ("54.165 (1.jan 2015)", "1500–2000 km²", "the area '1500–2000 km²' is a range"),  # not a figure and its year
])
def test_a_figure_given_as_a_range_is_not_imported_and_is_named(reference: Graph, population: str, area: str,
                                                                 warned: str) -> None:
    """"110 000–115 000" had been published as the exact figure 110000: no one value is the page's, so the figure is
    not imported, and the warning says it is a range; a date after a dash is no second figure."""
    block = FACTS.replace("54.165 (1.jan 2015)", population).replace("5.150 km²", area)
    result = import_document(_with_facts(block), reference=reference)
    _, found_population, found_area, _ = _facts_of(result)
    assert (found_population is None) == ("population" in warned) and (found_area is None) == ("area" in warned)
    assert any(warned in w and "not imported" in w for w in result.warnings), result.warnings
    dated = import_document(_with_facts(FACTS.replace("54.165 (1.jan 2015)", "54.165 – 1. januar 2015")),
                            reference=reference)
    assert _facts_of(dated)[1:] == WHOLE[1:], dated.warnings


@pytest.mark.parametrize(("population", "area", "expected"), [
    # a year alone after a dash is the figure's year, not a range's second figure (which bounds the first above)
    ("54 165 – 2015", "5 150 km²", (54165, Decimal(5150))), ("36 514 til 2018", "5 150 km²", (36514, Decimal(5150))),
    ("54 165 – 2015 (SSB)", "5 150 km² - 2016", (54165, Decimal(5150))),
    # a soft hyphen as a visible dash between two figures: not read as "50" out of "50 00055 000"
    ("50 000\u00ad55 000 (1.jan 2015)", "5 150\u00ad5 200 km²", (None, None)),
])
def test_a_figure_and_its_year_are_no_range_and_two_figures_are_no_figure(
        reference: Graph, population: str, area: str, expected: tuple[int | None, Decimal | None]) -> None:
    """A review after the ranges came: "54 165 – 2015" had dropped a right population as a range, and a soft hyphen
    between two figures, read past, had published 50 and an area of 5.0 without a word."""
    block = FACTS.replace("54.165 (1.jan 2015)", population).replace("5.150 km²", area)
    result = import_document(_with_facts(block), reference=reference)
    _, found_population, found_area, _ = _facts_of(result)
    assert (found_population, found_area) == expected, result.warnings
    if expected == (None, None):
        assert len([w for w in result.warnings if "not imported" in w]) == 2, result.warnings


@pytest.mark.parametrize("area", ["strekker seg over 5 150 km²", "fordelt over 5 150 km²"])
def test_a_bound_word_inside_a_sentence_makes_no_figure_approximate(reference: Graph, area: str) -> None:
    """"over" bounds a figure only first in the value ("over 5 150 km²"); "strekker seg over 5 150 km²" states it."""
    result = import_document(_with_facts(FACTS.replace("5.150 km²", area)), reference=reference)
    assert _facts_of(result)[2] == Decimal(5150)
    assert not [w for w in result.warnings if "approximate" in w], result.warnings


@pytest.mark.parametrize("label", ["Folketall i regionen 2015", "Folketall i regionen, 2015", "Folketall 2015"])
def test_a_year_after_a_facts_label_is_no_part_of_it(reference: Graph, label: str) -> None:
    """"Folketall i regionen 2015: 54 165" had been "not one of the template's facts", and the population lost: the
    year after a label is the figure's, as a date after it is ("Folketall pr. 1.1.2015")."""
    block = FACTS.replace("Folketall i regionen: 54.165 (1.jan 2015)", f"{label}: 54.165 (1.jan 2015)")
    result = import_document(_with_facts(block), reference=reference)
    assert _facts_of(result)[1] == 54165, result.warnings
    assert not [w for w in result.warnings if "not one of the template's facts" in w], result.warnings


def test_a_label_without_a_value_on_its_line_or_the_next_is_named(reference: Graph) -> None:
    block = FACTS.replace("Søkerkommune: Notodden\n", "Søkerkommune:\n")
    result = import_document(_with_facts(block), reference=reference)
    line = _notodden()[:_notodden().index("Søkerkommune")].count("\n") + 1
    assert f"line {line}: the facts label 'Søkerkommune' has no value on its line or the next; it was not imported" \
        in result.warnings, result.warnings


def test_a_lead_in_reading_fuzzily_as_a_section_the_page_has_is_text(reference: Graph) -> None:
    """"Resultatet:" before a list inside the excerpt is no second Results section: its bullets stay the excerpt's."""
    text = _notodden()
    start = text.index("Fakta Notodden")
    extra = "Resultatet:\n\n• Flere nye arbeidsplasser i regionen.\n\n"
    result = import_document((text[:start] + extra + text[start:]).encode("utf-8"), reference=reference)
    assert [k for _, k in section_kinds(result)].count(BR.ResultsSection) == 1
    assert any("'Resultatet:' reads like a misspelt 'Resultater', but the page has that section already" in w
               for w in result.warnings), result.warnings
    assert "Flere nye arbeidsplasser i regionen." not in items(result, BR.Result)


@pytest.mark.parametrize(("page", "said"), [
    ("<h1>Salten</h1>\n<p>Salten samarbeider.</p>\nMål for Salten\n", "line 1 starts with '<h1>'"),
    ("<!-- saved from url=(0044)https://distriktssenteret.no/ -->\n<!DOCTYPE html>\n<html>", "it starts with '<!--"),
    ("Salten\n\n<div>Intro</div>\n<p>Mer</p>\n<ul><li>Mål</li></ul>\n", "line 3 starts with '<div>'"),
])
def test_html_copied_without_or_after_its_frame_is_refused_naming_where(page: str, said: str) -> None:
    with pytest.raises(DocumentError, match="the document is HTML or XML") as refused:
        import_document(page.encode("utf-8"))
    assert said in str(refused.value)


@pytest.mark.parametrize(("character", "named"), [
    ("\x0c", "a form feed (U+000C, the page break pdftotext writes"), ("\x0b", "a vertical tab (U+000B"),
    ("\x1b[31m", "an escape (U+001B"), ("\x07", "a control character (U+0007)"), ("\ufffe", "a noncharacter (U+FFFE)"),
])
def test_a_character_no_rdf_xml_can_carry_is_refused_where_it_is(character: str, named: str) -> None:
    """A control character in a statement was kept verbatim and published as RDF/XML no parser reads (and a form
    feed at a line's start split a result in two): refused, naming the line and column as an editor counts them,
    since dropping it would quote the page otherwise than it is."""
    page = _notodden()
    at = page.index("\n", page.index("Resultater")) + 3  # inside the first result, line and column known
    line = page.count("\n", 0, at) + 1
    column = at - page.rindex("\n", 0, at)
    with pytest.raises(DocumentError) as refused:
        import_document((page[:at] + character + page[at:] + character).encode("utf-8"))
    said = str(refused.value)
    assert said.startswith(f"line {line}, column {column}: {named}"), said
    assert "(and 1 more such character)" in said and "delete it" in said


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_named_as_utf16_not_as_a_binary_file(codec: str) -> None:
    with pytest.raises(DocumentError, match=r"UTF-16 encoded \(without a byte order mark") as refused:
        import_document(_notodden().encode(codec))
    assert "save it as UTF-8" in str(refused.value)
    with pytest.raises(DocumentError, match="binary file"):
        import_document(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")


def test_a_windows_1252_page_is_refused_a_character_no_rdf_xml_can_carry_as_a_utf8_one_is() -> None:
    """Decoded as Windows-1252, a page with a form feed had imported with the encoding's warning alone, and the
    build refused it twice over (the encoding, then the literal)."""
    page = _notodden()
    at = page.index("Resultater")
    with pytest.raises(DocumentError, match=r"a form feed \(U\+000C"):
        import_document((page[:at] + "\x0c" + page[at:]).encode("cp1252"))


def test_a_file_cut_inside_a_character_is_refused_as_cut_not_as_another_encoding() -> None:
    raw = _notodden().encode("utf-8")
    cut = raw[:raw.index("ø".encode()) + 1]  # the first of the two bytes of an "ø"
    with pytest.raises(DocumentError, match="ends in the middle of a character") as refused:
        import_document(cut)
    assert "convert" not in str(refused.value) and "save the whole page again" in str(refused.value)


def test_markup_inside_lines_is_still_text() -> None:
    """A page may quote a tag in its text (tests/fixtures/documents/markup.txt): it is no HTML document."""
    result = import_document((FIXTURES / "documents" / "markup.txt").read_bytes())
    assert result.graph


def test_a_statement_section_with_nothing_under_it_is_named(reference: Graph) -> None:
    """A region with no goals looked complete; an empty "Dokumenter" (links lost in copying) is no news."""
    text = _notodden()
    start, end = text.index("Mål for"), text.index("Resultater")
    heading = text[start:].split("\n", 1)[0]
    result = import_document((text[:start] + heading + "\n\n" + text[end:]).encode("utf-8"), reference=reference)
    line = text[:start].count("\n") + 1
    assert f"line {line}: the section {heading!r} has no text under it; the page shows it empty: is part of the " \
        "page missing?" in result.warnings, result.warnings
    whole = import_document(text.encode("utf-8"), reference=reference)
    assert not [w for w in whole.warnings if "has no text under it" in w], whole.warnings
