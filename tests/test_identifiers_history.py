"""Code histories (byregion.identifiers.history): who held a kommunenummer, fylkesnummer, organisation number
or Wikidata item, and when, read from the repository's own reference graph (data/reference/norway.ttl).

A number reused by two municipalities does not occur in the data since 2014 (the identity rule makes rows
with one code one municipality, docs/reference.md), so that case is told with triples of its own here; in
the data, 22 Wikidata items are each held by two municipalities, one after the other (Drammen Q26525).
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from byregion import REPO_ROOT
from byregion.identifiers import (
    FYLKESNUMMER,
    KOMMUNENUMMER,
    ORGNR,
    WIKIDATA,
    CodeHistory,
    MalformedIdentifier,
    parse_code,
    parse_date,
    read_code,
    read_day,
)
from byregion.identifiers.history import RECORDS_BEGIN, Renaming, first_reached, written_form
from byregion.identifiers.triples import history_from_triples
from byregion.namespaces import BR, ID, SCHEMA, WD

pytestmark = pytest.mark.fast

NOTODDEN, SAUHERAD = str(ID["municipality/notodden"]), str(ID["municipality/sauherad"])
MIDT_TELEMARK = str(ID["municipality/midt-telemark"])
TELEMARK, VESTFOLD_OG_TELEMARK = str(ID["county/telemark"]), str(ID["county/vestfold-og-telemark"])
DRAMMEN_0602, DRAMMEN = str(ID["municipality/drammen-0602"]), str(ID["municipality/drammen"])
BEFORE_2020, IN_2020S, AFTER_2024 = dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2024, 1, 1)


@pytest.fixture(scope="module")
def history() -> CodeHistory:
    graph = Graph()
    graph.parse(REPO_ROOT / "data" / "reference" / "norway.ttl")
    return history_from_triples(graph)


def holders(history: CodeHistory, scheme: str, code: str, day: dt.date | None = None) -> list[str]:
    found = history.holders(scheme, code) if day is None else history.held_on(scheme, code, day)
    return [h.holder for h in found]


def test_every_number_of_notodden_leads_to_notodden_and_sauherads_to_sauherad(history: CodeHistory) -> None:
    for code in ("0807", "3808", "4005"):
        assert holders(history, KOMMUNENUMMER, code) == [NOTODDEN]
    assert holders(history, KOMMUNENUMMER, "0822") == [SAUHERAD]


def test_a_number_is_held_only_in_its_period_on_both_sides_of_each_reform(history: CodeHistory) -> None:
    assert holders(history, KOMMUNENUMMER, "0807", BEFORE_2020) == [NOTODDEN]
    assert holders(history, KOMMUNENUMMER, "0807", IN_2020S) == []
    assert holders(history, KOMMUNENUMMER, "3808", IN_2020S) == [NOTODDEN]
    assert holders(history, KOMMUNENUMMER, "3808", AFTER_2024 - dt.timedelta(days=1)) == [NOTODDEN]
    assert holders(history, KOMMUNENUMMER, "3808", AFTER_2024) == []
    assert holders(history, KOMMUNENUMMER, "4005", AFTER_2024) == [NOTODDEN]
    assert holders(history, KOMMUNENUMMER, "0822", IN_2020S) == []


def test_a_units_number_on_a_date_today_and_its_county(history: CodeHistory) -> None:
    def code_on(day: dt.date) -> str | None:
        held = history.code_of(NOTODDEN, KOMMUNENUMMER, day)
        return held.code if held else None

    assert [code_on(d) for d in (dt.date(2014, 1, 1), BEFORE_2020, IN_2020S, AFTER_2024)] == \
        ["0807", "0807", "3808", "4005"]
    current = history.current(NOTODDEN, KOMMUNENUMMER)
    assert current is not None and current.code == "4005" and current.valid_through is None
    assert current.number == str(ID["municipality/notodden/number/4005"])
    assert [history.county_on(NOTODDEN, d) for d in (BEFORE_2020, IN_2020S, AFTER_2024)] == \
        [TELEMARK, VESTFOLD_OG_TELEMARK, TELEMARK]
    # 0807 has no start: the records show it from their first day, and say nothing of Notodden's county before it
    assert history.county_on(NOTODDEN, RECORDS_BEGIN) == TELEMARK
    assert history.county_on(NOTODDEN, RECORDS_BEGIN - dt.timedelta(days=1)) is None
    assert history.current(SAUHERAD, KOMMUNENUMMER) is None  # Sauherad ended on 2019-12-31
    assert history.code_of(SAUHERAD, KOMMUNENUMMER, IN_2020S) is None
    assert history.name(NOTODDEN) == "Notodden" and history.name(SAUHERAD) == "Sauherad"


def test_county_numbers_and_a_county_that_returned(history: CodeHistory) -> None:
    assert holders(history, FYLKESNUMMER, "08") == [TELEMARK]
    assert holders(history, FYLKESNUMMER, "40", AFTER_2024) == [TELEMARK]
    assert holders(history, FYLKESNUMMER, "38", IN_2020S) == [VESTFOLD_OG_TELEMARK]
    assert holders(history, FYLKESNUMMER, "38", AFTER_2024) == []
    # Telemark (Q2254) did not exist 2020-2023: its item is held in two periods with a gap
    assert holders(history, WIKIDATA, "Q2254", BEFORE_2020) == [TELEMARK]
    assert holders(history, WIKIDATA, "Q2254", IN_2020S) == []
    assert holders(history, WIKIDATA, "Q2254", AFTER_2024) == [TELEMARK]


def test_organisation_numbers_and_wikidata_items_are_held_for_the_units_life(history: CodeHistory) -> None:
    assert holders(history, ORGNR, "938583986") == [NOTODDEN]
    for day in (BEFORE_2020, IN_2020S, AFTER_2024):
        assert holders(history, ORGNR, "938583986", day) == [NOTODDEN]
        assert holders(history, WIKIDATA, "Q2326", day) == [NOTODDEN]
    assert holders(history, WIKIDATA, "Q2381", BEFORE_2020) == [SAUHERAD]
    assert holders(history, WIKIDATA, "Q2381", IN_2020S) == []


def test_a_wikidata_item_held_by_two_municipalities_one_after_the_other(history: CodeHistory) -> None:
    assert history.holder_iris(WIKIDATA, "Q26525") == (DRAMMEN_0602, DRAMMEN)
    assert holders(history, WIKIDATA, "Q26525", BEFORE_2020) == [DRAMMEN_0602]
    assert holders(history, WIKIDATA, "Q26525", IN_2020S) == [DRAMMEN]
    shared = {h.code for h in history.holdings if h.scheme == WIKIDATA
              and len(history.holder_iris(WIKIDATA, h.code)) > 1}
    assert len(shared) == 22  # docs/reference.md "What is left out" 2
    # listed, two of one name are told apart by their own numbers; a name held once stands alone
    assert history.told_apart(WIKIDATA, "Q26525") == {DRAMMEN_0602: "Drammen (0602)", DRAMMEN: "Drammen (3005, 3301)"}
    assert history.told_apart(WIKIDATA, "Q2326") == {NOTODDEN: "Notodden"}


def test_a_number_reused_by_two_municipalities() -> None:
    """Two municipalities that held one number in turn (as 1 in each reform could): both are holders, each in
    its own period, and neither the other's."""
    graph = Graph()
    for slug, start, end in (("old", None, "2019-12-31"), ("new", "2024-01-01", None)):
        unit, number = ID[f"municipality/{slug}"], ID[f"municipality/{slug}/number/1234"]
        graph.add((unit, RDF.type, BR.Municipality))
        graph.add((unit, SKOS.prefLabel, Literal(slug.title(), lang="nb")))
        graph.add((unit, BR.municipalityNumber, number))
        graph.add((number, SKOS.notation, Literal("1234")))
        graph.add((unit, OWL.sameAs, WD["Q123"]))  # an item kept across the two, as Wikidata does
        if start:
            graph.add((number, SCHEMA.validFrom, Literal(start, datatype=XSD.date)))
        if end:
            graph.add((number, SCHEMA.validThrough, Literal(end, datatype=XSD.date)))
    history = history_from_triples(graph)
    old, new = str(ID["municipality/old"]), str(ID["municipality/new"])
    assert history.holder_iris(KOMMUNENUMMER, "1234") == (old, new)
    assert holders(history, KOMMUNENUMMER, "1234", BEFORE_2020) == [old]
    assert holders(history, KOMMUNENUMMER, "1234", IN_2020S) == []
    assert holders(history, KOMMUNENUMMER, "1234", AFTER_2024) == [new]
    assert holders(history, WIKIDATA, "Q123", AFTER_2024) == [new]
    assert history.name(new) == "New"


def test_the_history_survives_its_json_form(history: CodeHistory) -> None:
    again = CodeHistory.from_json(history.to_json())
    assert again.holdings == history.holdings and again.names == history.names
    assert again.successors == history.successors and again.renamings == history.renamings
    assert again.to_json() == history.to_json()
    with pytest.raises(ValueError, match="rebuild"):
        CodeHistory.from_json(b'{"format": 0}')


def test_a_holders_name_is_the_one_it_bore_then_by_its_changes_of_name(history: CodeHistory) -> None:
    trondheim, harstad = str(ID["municipality/trondheim"]), str(ID["municipality/harstad"])
    assert history.name(trondheim) == "Trondheim - Tråante"  # today's, its label
    [n1601] = history.codes_of(trondheim, KOMMUNENUMMER)[:1]
    assert n1601.code == "1601" and history.held_name(n1601) == "Trondheim"  # held until 2017
    assert history.name_on(trondheim, dt.date(2022, 12, 31)) == "Trondheim"
    assert history.name_on(trondheim, dt.date(2023, 1, 1)) == "Trondheim - Tråante"
    assert history.held_name(history.current(trondheim, KOMMUNENUMMER)) == "Trondheim - Tråante"  # type: ignore[arg-type]
    assert history.name_on(harstad, dt.date(2017, 12, 31)) == "Harstad"
    assert history.name_on(harstad, dt.date(2018, 1, 1)) == "Harstad - Hárstták"
    assert history.name_on(NOTODDEN, dt.date(2015, 1, 1)) == "Notodden"  # never renamed: its label


def test_the_names_a_holder_bore_while_it_held_a_number(history: CodeHistory) -> None:
    harstad = str(ID["municipality/harstad"])
    [n1903] = [h for h in history.codes_of(harstad, KOMMUNENUMMER) if h.code == "1903"]
    assert history.names_during(n1903) == [(None, "Harstad"), (dt.date(2018, 1, 1), "Harstad - Hárstták")]
    [n5402] = [h for h in history.codes_of(harstad, KOMMUNENUMMER) if h.code == "5402"]
    assert history.names_during(n5402) == [(None, "Harstad - Hárstták")]


def test_changes_of_name_on_one_day_are_taken_in_the_order_they_follow_each_other() -> None:
    day = dt.date(2020, 1, 1)
    changes = [Renaming(day, "B", "C"), Renaming(day, "A", "B"), Renaming(dt.date(2019, 1, 1), "Z", "A")]
    for given in (changes, changes[::-1]):
        history = CodeHistory([], {"u": "C"}, renamings={"u": given})
        assert [(r.previous, r.new) for r in history.renamings["u"]] == [("Z", "A"), ("A", "B"), ("B", "C")]
        assert (history.name_on("u", day - dt.timedelta(days=1)), history.name_on("u", day)) == ("A", "C")
        assert history.to_json() == CodeHistory([], {"u": "C"}, renamings={"u": changes}).to_json()


def test_a_history_written_before_successors_reads_as_having_none(history: CodeHistory) -> None:
    older = json.loads(history.to_json())
    del older["successors"], older["renamings"]
    again = CodeHistory.from_json(json.dumps(older).encode())
    assert again.holdings == history.holdings and again.successors == {} and again.renamings == {}
    assert again.successors_on(SAUHERAD, KOMMUNENUMMER, AFTER_2024) == ()


def test_an_ended_unit_leads_to_its_successors_numbers_on_a_later_date(history: CodeHistory) -> None:
    def numbers(iri: str, scheme: str, day: dt.date) -> list[tuple[str, str]]:
        return [(unit, held.code) for unit, held in history.successors_on(iri, scheme, day)]
    assert numbers(SAUHERAD, KOMMUNENUMMER, IN_2020S) == [(MIDT_TELEMARK, "3817")]
    assert numbers(SAUHERAD, KOMMUNENUMMER, AFTER_2024) == [(MIDT_TELEMARK, "4020")]
    assert numbers(SAUHERAD, KOMMUNENUMMER, BEFORE_2020) == []  # Midt-Telemark had no number yet
    # Telemark went into Vestfold og Telemark and came back: the chain ends where it began, not in a loop.
    assert numbers(TELEMARK, FYLKESNUMMER, IN_2020S) == [(VESTFOLD_OG_TELEMARK, "38")]
    assert sorted(held.code for _, held in history.successors_on(VESTFOLD_OG_TELEMARK, FYLKESNUMMER, AFTER_2024)) \
        == ["39", "40"]
    snillfjord = str(ID["municipality/snillfjord"])
    assert sorted(held.code for _, held in history.successors_on(snillfjord, KOMMUNENUMMER, IN_2020S)) \
        == ["5055", "5056", "5059"]


@pytest.mark.parametrize(("scheme", "text", "says"), [
    (KOMMUNENUMMER, "807", "try 0807"),
    (KOMMUNENUMMER, "08071", "four digits"),
    (KOMMUNENUMMER, "O807", "four digits"),
    (FYLKESNUMMER, "8", "try 08"),
    (KOMMUNENUMMER, "08", "county's number: look it up at /id/fylkesnummer/08"),  # no kommunenummer is 0008
    (KOMMUNENUMMER, "8", "/id/fylkesnummer/08"),
    (ORGNR, "938583987", "check digit is wrong"),
    (ORGNR, "93858398", "nine digits"),
    (WIKIDATA, "q2326", "Q2326"),
    (WIKIDATA, "Q0", "Q2326"),
])
def test_a_malformed_code_is_refused_with_what_it_should_be(scheme: str, text: str, says: str) -> None:
    with pytest.raises(MalformedIdentifier, match=re.escape(says)) as refused:
        parse_code(scheme, text)
    assert text in refused.value.nb
    if says.startswith("county"):
        assert refused.value.suggestion is None  # 0008 is no one's number: no "did you mean" to it


def test_well_formed_codes_and_dates_are_taken_as_written() -> None:
    assert [parse_code(s, c) for s, c in ((KOMMUNENUMMER, "0807"), (FYLKESNUMMER, "08"),
                                          (ORGNR, "938583986"), (WIKIDATA, "Q2326"))] == \
        ["0807", "08", "938583986", "Q2326"]
    assert parse_date("2020-01-01") == IN_2020S
    assert parse_date("2020") == parse_date("2020-01") == IN_2020S  # a year or month: its first day
    for text in ("2020-02-30", "20200101", "2020-1-1", "2020-13", "202", "yesterday", "",
                 "2019-12-31T", "2019-12-31Tgarbage", "2019-12-31T25:00", "2019-12-31 noon", "2019-12-31T12:00+25:00"):
        with pytest.raises(MalformedIdentifier, match="YYYY-MM-DD"):
            parse_date(text)


@pytest.mark.parametrize(("written", "day"), [
    ("2019-12-31T12:00", "2019-12-31"), ("2021-05-01T00:00:00Z", "2021-05-01"), ("2021-05-01 00:00:00Z", "2021-05-01"),
    ("2019-12-31T23:30:00.5+01:00", "2019-12-31"),
    ("2019-12-31T23:30-05:00", "2019-12-31"),  # the day its writer meant: the offset is checked, not applied
    (" 2020-01-01 ", "2020-01-01"),
])
def test_a_timestamp_is_read_for_the_date_it_writes(written: str, day: str) -> None:
    """As OpenRefine and spreadsheets write dates: the look-ups and the reconciliation service read them alike
    (identifiers.read_day), a whole, valid timestamp only."""
    assert read_day(written) == parse_date(written) == dt.date.fromisoformat(day)


def test_only_literals_and_iris_as_the_graph_gives_them() -> None:
    """An owl:sameAs to anything but a Wikidata item, and labels in other languages, are not identifiers."""
    graph = Graph()
    unit = ID["municipality/x"]
    graph.add((unit, OWL.sameAs, URIRef("https://example.org/x")))
    graph.add((unit, SKOS.prefLabel, Literal("X", lang="en")))
    assert len(history_from_triples(graph)) == 0


@pytest.mark.parametrize(("scheme", "text", "code"), [
    (KOMMUNENUMMER, "0807", "0807"), (KOMMUNENUMMER, " 0807\t", "0807"), (FYLKESNUMMER, "08\u00a0", "08"),
    (WIKIDATA, "q2326", "Q2326"), (WIKIDATA, " Q2326 ", "Q2326"),
    (ORGNR, "NO938583986", "938583986"), (ORGNR, "no 938 583 986 mva", "938583986"),
    (ORGNR, "938\u00a0583\u00a0986", "938583986"), (ORGNR, "938583986MVA", "938583986"),
])
def test_another_writing_of_a_code_is_read_as_the_code(scheme: str, text: str, code: str) -> None:
    assert read_code(scheme, text) == code == written_form(scheme, text)


@pytest.mark.parametrize(("scheme", "text", "suggestion"), [
    (KOMMUNENUMMER, "K-0301", "0301"), (KOMMUNENUMMER, "0301 Oslo", "0301"), (KOMMUNENUMMER, "807", "0807"),
    (KOMMUNENUMMER, "0301-0807", None), (KOMMUNENUMMER, "\u0660\u0668\u0660\u0667", None),  # Arabic-Indic digits
    (FYLKESNUMMER, "F-08", "08"), (ORGNR, "938-583-986", "938583986"), (ORGNR, "NO938583987MVA", None),
    (WIKIDATA, "2326", "Q2326"), (WIKIDATA, "wd:Q2326", "Q2326"), (WIKIDATA, "Q0", None), (WIKIDATA, "Q1 Q2", None),
])
def test_a_code_among_other_things_is_refused_with_a_guess_to_show(scheme: str, text: str,
                                                                  suggestion: str | None) -> None:
    with pytest.raises(MalformedIdentifier) as refused:
        read_code(scheme, text)
    assert refused.value.suggestion == suggestion
    with pytest.raises(MalformedIdentifier):
        parse_code(scheme, text)  # as written, never


def test_the_records_begin_where_the_reference_data_say() -> None:
    """A number the reference CSVs give no valid_from is, as their source column says, in every version of the
    records back to their first (RECORDS_BEGIN), and no recorded start is earlier."""
    for name in ("municipalities.csv", "counties.csv"):
        with (REPO_ROOT / "data" / "reference" / "csv" / name).open(encoding="utf-8") as rows:
            table = list(csv.DictReader(rows))
        assert all(RECORDS_BEGIN.isoformat() in row["source"] for row in table if not row["valid_from"])
        assert min(row["valid_from"] for row in table if row["valid_from"]) >= RECORDS_BEGIN.isoformat()


def test_a_holding_from_before_the_records_is_recorded_only_from_their_first_day(history: CodeHistory) -> None:
    (notodden,) = history.held_on(KOMMUNENUMMER, "0807", RECORDS_BEGIN - dt.timedelta(days=1))
    assert notodden.valid_from is None and notodden.covers(RECORDS_BEGIN - dt.timedelta(days=1))
    assert not notodden.recorded_on(RECORDS_BEGIN - dt.timedelta(days=1)) and notodden.recorded_on(RECORDS_BEGIN)
    (sarpsborg,) = history.held_on(KOMMUNENUMMER, "0105", dt.date(1992, 1, 1))
    assert sarpsborg.recorded_on(dt.date(1992, 1, 1)) and not sarpsborg.covers(dt.date(1991, 12, 31))


def test_a_walk_through_successions_stops_at_each_unit_arrived_at_and_ends_a_loop() -> None:
    """Telemark → Vestfold og Telemark → Telemark and Vestfold: the walk stops where it arrives, and a chain back to
    where it started ends there; breadth first, so the nearer successors come first."""
    following = {"telemark": ["vestfold-og-telemark"], "vestfold-og-telemark": ["telemark", "vestfold"],
                 "sauherad": ["midt-telemark"], "midt-telemark": []}
    assert first_reached("telemark", lambda u: following.get(u, []), lambda u: u == "vestfold") == ["vestfold"]
    assert first_reached("sauherad", lambda u: following.get(u, []), lambda u: True) == ["midt-telemark"]
    assert first_reached("midt-telemark", lambda u: following.get(u, []), lambda u: True) == []
