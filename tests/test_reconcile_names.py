"""How the reconciliation service folds names (byregion.reconcile.names): spellings people write and the names
the data gives become the same keys; qualifiers, suffixes and double names are taken apart."""

from __future__ import annotations

import csv
import json

import pytest

from byregion import REPO_ROOT
from byregion.reconcile.names import COUNTY, MUNICIPALITY, county_begun, fold, parse
from byregion.reconcile.service import _code_and_name, _stems, codes_of, read_date
from byregion.reconcile.units import Name, Unit

pytestmark = pytest.mark.fast

COUNTIES = ("telemark", "nordland", "more og romsdal", "hordaland")


@pytest.mark.parametrize(("written", "given"), [
    ("Bo", "Bø"), ("BÆRUM", "Bærum"), ("Baerum", "Bærum"), ("Aasnes", "Åsnes"), ("Kárášjohka", "Karasjohka"),
    ("Guovdageaidnu", "Guovdageaidnu"), ("Midt Telemark", "Midt-Telemark"), ("  sør   varanger ", "Sør-Varanger"),
    ("Tråante", "Traante"), ("Unjárga", "Unjarga"), ("Evenášši", "Evenassi"), ("Dielddanuorri", "Dielddanuorri"),
    ("Stjoerdal", "Stjørdal"), ("TROMSOE", "Tromsø"), ("Hoeyanger", "Høyanger"),
])
def test_spellings_fold_to_the_key_of_the_name_they_mean(written: str, given: str) -> None:
    assert fold(written) == fold(given)


def test_no_name_of_the_reference_data_has_oe_which_folding_reads_as_o() -> None:
    """"oe" folds to "o" (as ø does), which is safe only while no municipality or county is named with "oe"."""
    names = {row["name"] for file in ("reference/csv/municipalities.csv", "reference/csv/counties.csv",
                                      "programme/regions.csv")
             for row in csv.DictReader((REPO_ROOT / "data" / file).open(encoding="utf-8"))}
    assert len(names) > 400 and not [n for n in names if "oe" in n.casefold()]


@pytest.mark.parametrize("pasted", ["Noto\u200bdden", "\ufeffNotodden", "Noto\u00addden", "Notodden\u200d",
                                    "\u200eNotodden\u2060"])
def test_invisible_characters_of_pasted_text_are_no_part_of_a_name(pasted: str) -> None:
    """Zero-width space and joiners, byte order mark, soft hyphen, direction marks, word joiner: dropped, not read
    as a space that would split the name in two."""
    assert fold(pasted) == fold("Notodden") == "notodden"


@pytest.mark.parametrize(("different", "other"), [("Hol", "Hole"), ("Ås", "Ål"), ("Nes", "Nesna"), ("Os", "Osen")])
def test_different_names_stay_different(different: str, other: str) -> None:
    assert fold(different) != fold(other)


@pytest.mark.parametrize(("text", "key", "qualifier", "hint"), [
    ("Bø (Telemark)", "bo", "telemark", ""),
    ("Bo i Telemark", "bo", "telemark", ""),
    ("Os, Hordaland", "os", "hordaland", ""),
    ("Herøy i Møre og Romsdal kommune", "heroy", "more og romsdal", MUNICIPALITY),
    ("sauherad kommune", "sauherad", "", MUNICIPALITY),
    ("Notodden k.", "notodden", "", MUNICIPALITY),
    ("Kvam herad", "kvam", "", MUNICIPALITY),
    ("Kárášjoga suohkan", "karasjoga", "", MUNICIPALITY),
    ("Telemark fylkeskommune", "telemark", "", COUNTY),
    ("Nordland fylke", "nordland", "", COUNTY),
    ("Våler i Solør", "valer i solor", "", ""),  # Solør is no county: the name stays whole
    ("Herøy (Møre og Romsdal fylke)", "heroy", "more og romsdal", ""),
    ("Os, Hordaland fylke", "os", "hordaland", ""),
    # Parentheses or a comma that do not name a county are part of the name, which is read whole
    ("Notodden (Kongsberg)", "notodden kongsberg", "", ""),
    ("Oslo, Bærum", "oslo baerum", "", ""),
    ("Tromsø, Bodø", "tromso bodo", "", ""),
    ("Leikanger, Luster og Sogndal", "leikanger luster og sogndal", "", ""),
    ("Høgskoler, universiteter og forskning", "hogskoler universiteter og forskning", "", ""),
    ("Notodden (kommune)", "notodden", "", MUNICIPALITY),
    ("Kommune", "kommune", "", ""),  # a suffix alone is a name, not nothing
])
def test_qualifiers_and_suffixes_are_taken_off(text: str, key: str, qualifier: str, hint: str) -> None:
    parsed = parse(text, COUNTIES)
    assert (parsed.key, parsed.qualifier, parsed.kind_hint) == (key, qualifier, hint)


@pytest.mark.parametrize(("text", "read"), [
    ("Herøy (N", [("heroy", "n")]), ("Herøy (Nordland", [("heroy", "nordland")]), ("Bø i T", [("bo", "t")]),
    ("Herøy i", [("heroy", "")]), ("Os, Hord", [("os", "hord")]), ("Herøy (Møre og R", [("heroy", "more og r")]),
    ("Nord-Fron", []), ("Herøy", []), ("Herøy (X", []),
])
def test_a_county_typed_part_way_after_a_name_is_read_as_its_start(text: str, read: list[tuple[str, str]]) -> None:
    """Suggest's reading of a name with its county being typed: only starts of a county's name count ("i" alone is
    also the start of nothing yet: every county)."""
    assert county_begun(text, COUNTIES) == read


@pytest.mark.parametrize(("text", "pieces"), [
    ("Notodden (Kongsberg)", ("notodden", "kongsberg")),
    ("Oslo, Bærum", ("oslo", "baerum")),
    ("Leikanger, Luster og Sogndal", ("leikanger", "luster og sogndal")),
    ("Notodden kommune (Kongsberg)", ("notodden", "kongsberg")),  # each piece without its suffix
    ("Bø (Telemark), Nordland", ("bo", "nordland")),
    ("Bø (Telemark)", ()),  # a qualifier is no piece
    ("Os, Hordaland", ()),
    ("Bø i Telemark", ()),  # nor is a county after " i "
    ("Os i Østerdalen", ("os", "osterdalen")),  # a place after " i " that is no county: both looked up
    ("Bø i Vesterålen", ("bo", "vesteralen")),
    ("Notodden", ()),
])
def test_the_texts_between_commas_and_parentheses_that_are_no_qualifier_are_pieces(
        text: str, pieces: tuple[str, ...]) -> None:
    assert parse(text, COUNTIES).pieces == pieces


@pytest.mark.parametrize(("text", "parts"), [
    ("Loabák - Lavangen", ("loabak", "lavangen")),
    ("Snåase - Snåsa", ("snase", "snasa")),
    ("Porsanger - Porsángu - Porsanki", ("porsanger", "porsangu", "porsanki")),
    ("Deatnu/Tana", ("deatnu", "tana")),
    ("Storfjord – Omasvuotna", ("storfjord", "omasvuotna")),
    ("Loabák - Lavangen kommune", ("loabak", "lavangen")),
])
def test_double_names_are_found_whole_and_by_each_part(text: str, parts: tuple[str, ...]) -> None:
    parsed = parse(text)
    assert parsed.parts == parts
    assert parsed.keys == (" ".join(parts), *parts)


def test_a_hyphen_inside_a_name_is_not_a_double_name() -> None:
    assert parse("Aurskog-Høland").parts == ()
    assert parse("Aurskog-Høland").key == "aurskog holand"


@pytest.mark.parametrize(("value", "day"), [
    ("2021-05-01", "2021-05-01"), ("2021-05-01T00:00:00Z", "2021-05-01"), ("2021-05", "2021-05-01"),
    ("2021", "2021-01-01"), (2015, "2015-01-01"), ("2021-02-30", None), ("soon", None), (True, None),
    ("20200101", None), (float("inf"), None), (float("nan"), None),
    # day first, as Norwegians write a date (the dot form is never month first)
    ("01.03.2021", "2021-03-01"), ("1.3.2021", "2021-03-01"), (" 31.12.2019 ", "2019-12-31"), ("31.02.2021", None),
    ("2021.03.01", None), ("01.03.21", None),
])
def test_dates_are_read_from_what_a_spreadsheet_cell_holds(value: object, day: str | None) -> None:
    assert read_date(value) == day


@pytest.mark.parametrize(("value", "codes"), [
    ("0807", {"0807"}), ("807", {"0807"}), (807, {"0807"}), (807.0, {"0807"}), ("8", {"08"}), ("08", {"08"}),
    (" 4005 ", {"4005"}), ("40051", set()), ("x", set()),
])
def test_numbers_get_back_the_leading_zero_a_spreadsheet_dropped(value: object, codes: set[str]) -> None:
    assert codes_of(value) == codes


@pytest.mark.parametrize(("cell", "read"), [
    ("0807 Notodden", ("0807", "Notodden", True)), ("0807-Notodden", ("0807", "Notodden", True)),
    ("0807 - Notodden", ("0807", "Notodden", True)), ("Notodden (0807)", ("0807", "Notodden", False)),
    ("Notodden 0807", ("0807", "Notodden", False)), ("807 Notodden", ("807", "Notodden", True)),
    ("08 Telemark", ("08", "Telemark", True)),
    ("Notodden", None), ("0807", None), ("K-0807", None), ("Nord-Fron", None), ("Bø i Telemark", None),
    ("Gáivuotna - Kåfjord - Kaivuono", None),
])
def test_a_number_and_a_name_in_one_cell_are_read_apart(cell: str, read: tuple[str, str, bool] | None) -> None:
    """Statistics tables write "0807 Notodden": the service looks the name up and asks the number of its candidates."""
    assert _code_and_name(cell) == read


def test_an_index_made_before_names_were_dated_by_their_changes_still_gives_the_name_on_a_date() -> None:
    """A server upgraded before the next build reads the old reconcile.sqlite: a name without "recorded" is dated
    by the numbers that carried it, as it was then."""
    old = {"iri": "https://data.byregion.no/id/municipality/notodden", "kind": "municipality", "name": "Notodden",
           "name_en": "Notodden", "names": [{"text": "Notodden", "start": "", "end": "", "preferred": True},
                                             {"text": "Notoden", "start": "", "end": "", "preferred": False}],
           "numbers": [{"code": "0807", "start": "", "end": "2019-12-31", "county": "", "name": "Notodden"}],
           "counties": [], "wikidata": [], "orgnr": "", "successors": [], "predecessors": [], "members": [],
           "broader": []}
    unit = Unit.from_json(json.dumps(old))
    assert [(n.text, n.recorded) for n in unit.names] == [("Notodden", True), ("Notoden", False)]


def test_a_units_line_is_told_by_any_of_its_names_in_either_language_first() -> None:
    """An identifier held before or after a unit under the same name is not another unit's (byregion.reconcile.service
    ``_line``): a double name may put either language first, and a disambiguation is no part of the name."""
    hamaroy = Unit("a", MUNICIPALITY, "Hamarøy - Hábmer", names=(Name("Hábmer - Hamarøy"),))
    assert _stems(hamaroy) == {"hamarøy", "hábmer"}
    assert _stems(Unit("b", MUNICIPALITY, "Bø (Telemark)")) == {"bø"}
    assert not _stems(Unit("c", MUNICIPALITY, "Haram")) & _stems(Unit("d", MUNICIPALITY, "Ålesund"))
