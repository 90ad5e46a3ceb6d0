"""A look-up's explanation as a page (byregion/serve/lookups.py ``explanation_page``): its lines go into the page the
build rendered, each a paragraph; a unit's IRI and a path of the site are linked, nothing the request wrote is."""

from __future__ import annotations

import pytest

from byregion.identifiers.paths import LINES_MARKER, QUERY_MARKER
from byregion.serve.lookups import explanation_page
from tests.support.html import parse

pytestmark = pytest.mark.fast

NOTODDEN = "https://data.byregion.no/id/municipality/notodden"
PAGE = (f'<!doctype html><html lang="en"><head><title>t</title></head><body>'
        f'<a href="{QUERY_MARKER}lang=nb">Norsk</a><main>{LINES_MARKER}</main></body></html>').encode()


def shown(lines: list[str], date: str | None = None) -> str:
    return explanation_page(PAGE, lines, {NOTODDEN: "Notodden"}, date).decode("utf-8")


def test_each_line_is_a_paragraph_with_the_units_and_paths_of_the_site_linked() -> None:
    page = shown([f"Notodden held it from 2020-01-01 through 2023-12-31: {NOTODDEN}",
                  "On 2024-06-01, Notodden held the municipality number 4005: /id/kommunenummer/4005.",
                  "Add ?date=YYYY-MM-DD: /id/kommunenummer/0807?date=2020-01-01.",
                  "Every one is in /doc/municipalities.csv."])
    tree, faults = parse(page)
    assert faults == []
    assert [(a.attrs["href"], a.text) for a in tree.find("main").find_all("a")] == [
        ("/id/municipality/notodden", "Notodden"),  # host-relative, as every link of the site; by its name
        ("/id/kommunenummer/4005", "/id/kommunenummer/4005"),  # the full stop after it is the sentence's
        ("/id/kommunenummer/0807?date=2020-01-01", "/id/kommunenummer/0807?date=2020-01-01"),
        ("/doc/municipalities.csv", "/doc/municipalities.csv")]
    assert len(tree.find("main").find_all("p")) == 4


@pytest.mark.parametrize("line", [
    "400 Bad Request: 'https://example.org/phish' is not a valid municipality number",
    "400 Bad Request: '\"><script>alert(1)</script>' is not a valid municipality number",
    "A look-up is /id/kommunenummer/CODE, the code as four digits",
])
def test_what_the_request_wrote_and_a_placeholder_are_shown_as_text_never_linked_nor_markup(line: str) -> None:
    tree, faults = parse(shown([line]))
    assert faults == [] and tree.find("main").find_all("a") == [] and tree.find_all("script") == []
    assert tree.find("main").text.strip() == line.removeprefix("400 Bad Request: ")  # the heading says it in words


def test_the_language_switch_keeps_the_date_of_the_look_up_and_nothing_else() -> None:
    assert '<a href="?date=2024-06-01&amp;lang=nb">' in shown(["x"], "2024-06-01")
    assert '<a href="?date=%22%3E%3Cb%3E&amp;lang=nb">' in shown(["x"], '"><b>')
    assert '<a href="?lang=nb">' in shown(["x"])


@pytest.mark.parametrize(("lang", "line", "said"), [
    ("nb", "Ingen enhet hadde kommunenummer 0807 per 2024-06-01.",
     "Ingen enhet hadde kommunenummer 0807 per 1. juni 2024."),
    ("nb", f"Notodden hadde det fra 2014-01-01 til og med 2019-12-31: {NOTODDEN}",
     "Notodden hadde det fra 1. januar 2014 til og med 31. desember 2019: Notodden"),
    ("en", "No unit held the municipality number 0807 on 2024-06-01.",
     "No unit held the municipality number 0807 on 1 June 2024.")])
def test_a_day_on_the_page_is_written_as_its_language_writes_it(lang: str, line: str, said: str) -> None:
    """An editor read "per 2024-06-01" and "til og med 2019-12-31" in Norwegian sentences; the plain-text and JSON
    answers, which programs read, keep ISO 8601, and so does a link's ?date=."""
    page = explanation_page(PAGE, [line, "Se /id/kommunenummer/4005?date=2024-06-01."], {NOTODDEN: "Notodden"},
                            lang=lang).decode("utf-8")
    paragraphs = parse(page)[0].find("main").find_all("p")
    assert [p.text for p in paragraphs] == [said, "Se /id/kommunenummer/4005?date=2024-06-01."]


def test_a_day_that_is_none_is_shown_as_the_request_wrote_it() -> None:
    page = explanation_page(PAGE, ["400 Ugyldig forespørsel: '2024-02-30' er ingen dag"], {}, lang="nb")
    assert parse(page.decode("utf-8"))[0].find("main").find("p").text == "'2024-02-30' er ingen dag"
