"""The reference graph of Norwegian municipalities and counties (data/reference/norway.ttl).

Everything is checked against the CSVs it is made from (data/reference/csv/), and the graph is
queried with SPARQL the way a consumer would.
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from collections import defaultdict
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from byregion import REPO_ROOT, i18n, uris
from byregion.cli import main
from byregion.cli.reference import CSV_DIR, OUTPUT, REGISTER, generate, read_register, read_tables, resolved, serialise
from byregion.literals import decimal
from byregion.namespaces import BR, DQV, OA, PREFIXES, WD
from byregion.reference import MUNICIPALITIES, Period, ReferenceDataError, Row, Unit, build_graph, resolve
from byregion.reference.graph import KIND_WORDINGS_NB, _orgnr_note
from byregion.reference.rows import UnitRow
from tests.support.graphs import same_graph

pytestmark = pytest.mark.fast

PREFIX_LINES = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def read_csv(name: str) -> list[dict[str, str]]:
    with (CSV_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@pytest.fixture(scope="module")
def graph() -> Graph:
    return generate()


def query(graph: Graph, text: str, **bindings: object) -> list[tuple[object, ...]]:
    return [tuple(row) for row in graph.query(PREFIX_LINES + text, initBindings=bindings)]  # type: ignore[arg-type]


def holder(graph: Graph, code: str) -> URIRef:
    """The one municipality or county whose number is ``code`` (``?m br:municipalityNumber|br:countyNumber ?n .
    ?n skos:notation ?code``, followed through the graph's indexes: a query per code took seconds in all)."""
    rows = {m for n in graph.subjects(SKOS.notation, Literal(code))
            for p in (BR.municipalityNumber, BR.countyNumber) for m in graph.subjects(p, n)}
    assert len(rows) == 1, f"code {code} should belong to exactly one municipality or county"
    return rows.pop()  # type: ignore[return-value]


@pytest.mark.slow  # compares the whole reference graph with the committed file
def test_committed_file_is_what_the_csvs_give(graph: Graph) -> None:
    committed = Graph().parse(OUTPUT, format="turtle")
    assert same_graph(graph, committed), "data/reference/norway.ttl is stale: run `byregion reference`"
    assert serialise(graph) == serialise(generate()), "two runs must give byte-identical Turtle"



def test_every_change_is_described_in_the_tables_words_and_in_norwegian(graph: Graph) -> None:
    """``dct:description`` is the changes table's own wording (English) and its Norwegian, so a Norwegian page
    says what happened in Norwegian: every wording the table uses has its Norwegian."""
    assert {row["kind"] for row in read_csv("changes.csv")} <= set(KIND_WORDINGS_NB)
    changes = set(graph.subjects(RDF.type, BR.MunicipalityChange))
    assert len(changes) > 400
    for change in changes:
        assert sorted(d.language for d in graph.objects(change, DCTERMS.description)) == ["en", "nb"], change
    notodden = {d.language: str(d) for d in graph.objects(uris.thing("municipality", "notodden", "change",
                                                                     "2020-01-01-boundary-adjustment"),
                                                          DCTERMS.description)}
    assert notodden == {"en": "boundary adjustment (grunnkretser Andgard and Hjuksebø)",
                        "nb": "grensejustering (grunnkretsene Andgard og Hjuksebø)"}
    both = {d.language: str(d) for d in graph.objects(uris.thing("municipality", "os-hedmark", "change",
                                                                 "2020-01-01"), DCTERMS.description)}
    assert both == {"en": "renumbering and name change", "nb": "nytt nummer og navneendring"}  # one event

@pytest.mark.parametrize("file", ["municipalities.csv", "counties.csv"])
def test_every_code_and_validity_period_is_as_in_the_csv(graph: Graph, file: str) -> None:
    rows_by_code: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in read_csv(file):
        if row["code"] != "9999":
            rows_by_code[row["code"]].append(row)
    found = query(graph, """
        SELECT ?code ?from ?through WHERE {
            ?n a ?type ; skos:notation ?code .
            OPTIONAL { ?n schema:validFrom ?from } OPTIONAL { ?n schema:validThrough ?through }
        }""", type=BR.MunicipalityNumber if file == "municipalities.csv" else BR.CountyNumber)
    assert len(found) == len(rows_by_code)
    for code, valid_from, valid_through in found:
        rows = rows_by_code[str(code)]
        starts, ends = [day(r["valid_from"]) for r in rows], [day(r["valid_to"]) for r in rows]
        expected_from = None if None in starts else min(d for d in starts if d)
        expected_through = None if None in ends else max(d for d in ends if d)
        assert (valid_from.toPython() if valid_from else None) == expected_from, code  # type: ignore[attr-defined]
        assert (valid_through.toPython() if valid_through else None) == expected_through, code  # type: ignore[attr-defined]


def test_each_municipality_number_is_in_the_county_its_first_two_digits_name(graph: Graph) -> None:
    found = query(graph, """
        SELECT ?code ?countyCode WHERE {
            ?n a br:MunicipalityNumber ; skos:notation ?code ; br:county ?county .
            ?county br:countyNumber/skos:notation ?countyCode .
        }""")
    counties_of: dict[str, set[str]] = defaultdict(set)
    for code, county_code in found:
        counties_of[str(code)].add(str(county_code))
    for row in read_csv("municipalities.csv"):
        assert row["county_code"] in counties_of[row["code"]], row["code"]


def _doubtful(source: str) -> bool:
    clause = source[source.index("QID:"):] if "QID:" in source else "no source"
    return any(word in clause.lower() for word in ("assumed", "not verified", "unverified", "not checked"))


@pytest.mark.slow  # seconds of queries over the whole reference graph
@pytest.mark.parametrize("file", ["municipalities.csv", "counties.csv"])
def test_wikidata_items_are_those_the_csv_gives_without_doubt(graph: Graph, file: str) -> None:
    stated = defaultdict(set)  # QID -> holders, from rows whose QID is not marked assumed/unverified
    for row in read_csv(file):
        if row["wikidata"] and not _doubtful(row["source"]):
            stated[row["wikidata"]].add(holder(graph, row["code"]))
    kind = BR.Municipality if file == "municipalities.csv" else BR.County
    same_as = query(graph, "SELECT ?m ?q WHERE { ?m a ?kind ; owl:sameAs ?q }", kind=kind)
    see_also = query(graph, "SELECT ?m ?q WHERE { ?m a ?kind ; rdfs:seeAlso ?q . "
                            "FILTER STRSTARTS(STR(?q), 'http://www.wikidata.org/') }", kind=kind)
    linked: dict[str, set[object]] = defaultdict(set)
    for m, q in same_as:
        linked[str(q).rsplit("/", 1)[1]].add(m)
    for qid, holders in stated.items():
        # owl:sameAs only when one IRI has the item; an item on two IRIs (a merger Wikidata does not
        # split) is rdfs:seeAlso on both, so that the two municipalities are not made one.
        if len(holders) == 1:
            assert linked.get(qid) == holders, qid
        else:
            assert qid not in linked and {m for m, q in see_also if q == WD[qid]} == holders, qid
    assert set(linked) == set(stated) - {q for q, h in stated.items() if len(h) > 1}


def test_a_qid_marked_assumed_is_left_out() -> None:
    tables = read_tables(CSV_DIR)
    bo = next(r for r in tables["municipalities.csv"] if r.values["code"] == "0821")
    doubted = dict(bo.values, source=bo.values["source"].split("QID:")[0] + "QID: assumed, not checked")
    tables["municipalities.csv"] = [Row(bo.file, bo.line, doubted) if r is bo else r
                                    for r in tables["municipalities.csv"]]
    graph = build_graph(resolve(tables))
    assert (uris.municipality("bo-telemark"), OWL.sameAs, WD[bo.values["wikidata"]]) not in graph
    assert (uris.municipality("sauherad"), OWL.sameAs, WD.Q2381) in graph


def test_a_county_held_one_on_an_assumed_wikidata_item_says_so_in_the_data(graph: Graph) -> None:
    """Buskerud 06 (to 2019) and 33 (from 2024) are one county because the table gives both the same Wikidata item,
    which for 33 it marks "ASSUMED … not verified": each such county has a quality note naming the numbers and the
    item (a data auditor found the assumption only in docs/reference.md)."""
    assumed = {r["name"]: r for r in read_csv("counties.csv") if "QID: ASSUMED" in r["source"]}
    assert set(assumed) == {"Østfold", "Akershus", "Buskerud", "Vestfold", "Telemark", "Troms", "Finnmark"}
    for name, row in assumed.items():
        county = holder(graph, row["code"])
        note = uris.identity_note(str(county))
        assert (county, DQV.hasQualityAnnotation, note) in graph and (note, OA.hasTarget, county) in graph, name
        said = {c.language: str(c) for c in graph.objects(note, RDFS.comment)}
        assert set(said) == {"nb", "en"} and row["wikidata"] in said["en"] and row["code"] in said["nb"], name
        assert "assumed, not verified" in said["en"] and "antatt, ikke bekreftet" in said["nb"]
    assert not list(graph.triples((uris.thing("county", "viken"), DQV.hasQualityAnnotation, None)))


def test_a_change_this_project_derived_is_not_passed_off_as_ssbs(graph: Graph) -> None:
    """The three rows of changes.csv the project derived (Svelvik, Halsa, Tjeldsund) cite KLASS 131 as every change
    does: their events say in a quality note which part SSB's notes do not state, and no other event has one."""
    derived = [r for r in read_csv("changes.csv") if r["source"].startswith("Derived by this project")]
    assert len(derived) == 3
    notes = {n for n in graph.subjects(RDF.type, DQV.QualityAnnotation) if str(n).endswith("/quality/derived")}
    assert len(notes) == 3
    for note in notes:
        event = graph.value(note, OA.hasTarget)
        assert (event, DQV.hasQualityAnnotation, note) in graph and (event, RDF.type, BR.MunicipalityChange) in graph
        said = {c.language: str(c) for c in graph.objects(note, RDFS.comment)}
        parts = [r["kind"] for r in derived if r["kind"] in said["en"]]
        assert len(parts) == 1 and KIND_WORDINGS_NB[parts[0]] in said["nb"], said
    viken = next(n for n in notes if "/county/viken/" in str(n))  # its event joins Jevnaker's, which SSB states
    said = " ".join(map(str, graph.objects(viken, RDFS.comment)))
    assert "Svelvik" in said and "Jevnaker" not in said


def test_organisation_numbers_only_where_confidence_is_not_low(graph: Graph) -> None:
    rows = [r for r in read_csv("notodden-region.csv") if r["orgnr"]]
    low = [r for r in rows if "low" in r["confidence"].split("orgnr=")[1].split(";")[0]]
    assert {r["name"] for r in low} >= {"Sauherad", "Bø (Telemark)"}
    for row in rows:
        unit, orgnr = holder(graph, row["code"]), row["orgnr"]
        page = URIRef(f"https://data.brreg.no/enhetsregisteret/oppslag/enheter/{orgnr}")
        if row in low:
            assert not list(graph.triples((None, None, Literal(orgnr)))), f"{row['name']}: low orgnr {orgnr} published"
            assert (unit, RDFS.seeAlso, page) not in graph
        else:
            assert list(graph.objects(unit, BR.organisationNumber)) == [Literal(orgnr)]
            assert (unit, RDFS.seeAlso, page) in graph


def test_sauherad_and_bo_are_succeeded_by_midt_telemark(graph: Graph) -> None:
    sauherad, bo, midt = (uris.municipality(s) for s in ("sauherad", "bo-telemark", "midt-telemark"))
    assert (sauherad, BR.succeededBy, midt) in graph and (midt, BR.succeeds, sauherad) in graph
    assert (bo, BR.succeededBy, midt) in graph
    change = uris.thing("municipality", "midt-telemark", "change", "2020-01-01")
    assert set(graph.objects(change, BR.changeKind)) == {BR.merger}
    assert set(graph.objects(change, ORG.originalOrganization)) == {sauherad, bo}
    assert set(graph.objects(change, ORG.resultingOrganization)) == {midt}
    assert (change, DCTERMS.date, Literal("2020-01-01", datatype=XSD.date)) in graph


def test_every_municipality_that_changed_county_has_its_county_row() -> None:
    """A change-table row whose old and new numbers are in two counties (0711 Svelvik → 3005 Drammen) moved land
    from one county to another: changes.csv has a county row for it, so the county's successors name both."""
    rows = read_csv("changes.csv")
    counties = {(r["date"], r["old_code"], r["new_code"]) for r in rows if len(r["old_code"]) == 2}
    crossing = {(r["date"], r["old_code"][:2], r["new_code"][:2]) for r in rows
                if len(r["old_code"]) == 4 and len(r["new_code"]) == 4 and r["old_code"][:2] != r["new_code"][:2]}
    assert crossing and crossing <= counties, f"moves without a county row: {sorted(crossing - counties)}"


@pytest.mark.parametrize(("county", "gaining", "event"), [
    ("vestfold", "viken", "viken/change/2020-01-01-boundary-adjustment"),
    ("more-og-romsdal", "trondelag", "trondelag/change/2020-01-01"),
    ("nordland", "troms-og-finnmark", "troms-og-finnmark/change/2020-01-01-boundary-adjustment")])
def test_a_county_that_lost_a_municipality_to_another_in_2020_is_in_that_move(
        graph: Graph, county: str, gaining: str, event: str) -> None:
    """As Oppland's move of Jevnaker and Lunner to Viken: a boundary adjustment between the two counties (land
    moved; no county ended by it, so no succession)."""
    change = URIRef(f"{uris.county(county).rsplit('/', 1)[0]}/{event}")
    assert uris.county(county) in set(graph.objects(change, ORG.originalOrganization))
    assert uris.county(gaining) in set(graph.objects(change, ORG.resultingOrganization))
    assert BR.boundaryAdjustment in set(graph.objects(change, BR.changeKind))


@pytest.mark.parametrize(("level", "slug", "event", "adjustment"), [
    ("municipality", "notodden", ({BR.renumbering}, {"notodden"}), ({"notodden", "sauherad"}, {"notodden"})),
    ("county", "viken", ({BR.merger}, {"ostfold", "akershus", "buskerud"}), ({"oppland", "vestfold"}, {"viken"})),
])
def test_a_boundary_adjustment_on_the_day_of_another_change_is_an_event_of_its_own(
        graph: Graph, level: str, slug: str, event: tuple[set[URIRef], set[str]],
        adjustment: tuple[set[str], set[str]]) -> None:
    """Each event's original organisations took part in what it says: Sauherad gave Notodden two grunnkretser
    on the day Notodden was renumbered (it was not renumbered into Notodden), and Oppland's Jevnaker and Lunner,
    and Vestfold's Svelvik, moved to Viken on the day three other counties merged into it (neither merged into
    Viken)."""
    def units(node: URIRef, prop: URIRef) -> set[str]:
        return {str(o).rsplit("/", 1)[-1] for o in graph.objects(node, prop)}
    day = uris.thing(level, slug, "change", "2020-01-01")
    kinds, original = event
    assert set(graph.objects(day, BR.changeKind)) == kinds and units(day, ORG.originalOrganization) == original
    moved = uris.thing(level, slug, "change", "2020-01-01-boundary-adjustment")  # beside the day's event, not a part
    assert set(graph.objects(moved, BR.changeKind)) == {BR.boundaryAdjustment}
    assert (units(moved, ORG.originalOrganization), units(moved, ORG.resultingOrganization)) == adjustment
    others = " and ".join(str(graph.value(uris.thing(level, unit), SKOS.prefLabel))
                          for unit in sorted(adjustment[0] - {slug}))
    assert Literal(f"{slug.capitalize()}: boundary adjustment with {others} on 1 January 2020", lang="en") in \
        set(graph.objects(moved, RDFS.label))


@pytest.mark.parametrize(("level", "slug", "day", "ended", "began"), [
    ("municipality", "notodden", "2020-01-01", {"notodden/number/0807"}, {"notodden/number/3808"}),
    ("municipality", "midt-telemark", "2020-01-01", {"sauherad/number/0822", "bo-telemark/number/0821"},
     {"midt-telemark/number/3817"}),
    # Viken's split is an event per part, each ending Viken's 30: PROV lets one activity invalidate it, so none does
    ("county", "akershus", "2024-01-01", set(), {"akershus/number/32"}),
    ("county", "innlandet", "2020-01-01", {"hedmark/number/04", "oppland/number/05"}, {"innlandet/number/34"}),
    ("municipality", "notodden", "2020-01-01-boundary-adjustment", set(), set()),  # land moved, no number
    ("county", "more-og-romsdal", "2020-01-01", set(), set()),  # Sogn og Fjordane's 14 ended with Vestland
])
def test_a_change_names_the_numbers_it_ended_and_gave(graph: Graph, level: str, slug: str, day: str,
                                                      ended: set[str], began: set[str]) -> None:
    """A change is a prov:Activity (org:ChangeEvent): prov:invalidated the numbers that ended the day before it,
    prov:generated those that began on its day, so its page says 0807 became 3808."""
    event = uris.thing(level, slug, "change", day)
    assert (event, BR.changeKind, None) in graph

    def numbers(prop: URIRef) -> set[str]:
        return {str(o).split(f"/id/{level}/", 1)[1] for o in graph.objects(event, prop)}
    assert (numbers(PROV.invalidated), numbers(PROV.generated)) == (ended, began)
    invalidated = [o for o in graph.objects(None, PROV.invalidated)]
    assert len(invalidated) == len(set(invalidated)) > 100  # each number by one activity at most (PROV-CONSTRAINTS)


@pytest.mark.parametrize(("level", "slug", "day", "nb", "en"), [
    ("county", "akershus", "2024-01-01", "Akershus: fra delingen av Viken", "Akershus: from the split of Viken"),
    ("county", "viken", "2020-01-01", "Viken: sammenslåing av Akershus, Buskerud og Østfold",
     "Viken: merger of Akershus, Buskerud and Østfold"),
    ("municipality", "stavanger", "2020-01-01", "Stavanger: sammenslåing med Finnøy og Rennesøy",
     "Stavanger: merger with Finnøy and Rennesøy"),
    ("municipality", "notodden", "2020-01-01", "Notodden: nytt nummer", "Notodden: renumbering"),
    # a unit that went into several on one day is a part of each merger (a reviewer: Snillfjord was not all Hitra's)
    ("municipality", "hitra", "2020-01-01", "Hitra: sammenslåing av Hitra og deler av Snillfjord",
     "Hitra: merger of Hitra and part of Snillfjord"),
    ("county", "vestland", "2020-01-01", "Vestland: sammenslåing av Hordaland og deler av Sogn og Fjordane",
     "Vestland: merger of Hordaland and part of Sogn og Fjordane"),
])
def test_a_change_is_labelled_by_what_its_unit_came_from(graph: Graph, level: str, slug: str, day: str, nb: str,
                                                         en: str) -> None:
    """The change is filed under the unit it produced: "Akershus: split" read as if Akershus had split; the label
    names what was split, merged or adjusted with, and the day in words, as a sentence writes it (a Norwegian
    editor read "… og deler av Sauherad 2020-01-01")."""
    labels = {label.language: str(label) for label in graph.objects(uris.thing(level, slug, "change", day),
                                                                     RDFS.label)}
    assert labels == {"nb": f"{nb} {i18n.date(day, 'nb')}", "en": f"{en} on {i18n.date(day, 'en')}"}
    assert i18n.date(day, "nb").startswith("1. januar 20")  # "1. januar 2020", not "2020-01-01"


def test_a_municipalitys_figures_are_labelled_with_their_days_in_words(graph: Graph) -> None:
    """A Norwegian editor read "Folketall i Notodden 2015-01-01" and "Areal av Bø (Telemark), grensene til og med
    2019-12-31": a label is read as a sentence, so its days are in words, and an area is "for" a municipality."""
    population = uris.thing("municipality", "notodden", "population", "2015-01-01")
    assert {(x.language, str(x)) for x in graph.objects(population, RDFS.label)} == {
        ("nb", "Folketall i Notodden 1. januar 2015"), ("en", "Population of Notodden on 1 January 2015")}
    area = uris.thing("municipality", "bo-telemark", "area", "until-2019-12-31")
    assert {(x.language, str(x)) for x in graph.objects(area, RDFS.label)} == {
        ("nb", "Areal for Bø (Telemark), grensene til og med 31. desember 2019"),
        ("en", "Area of Bø (Telemark), boundaries until 31 December 2019")}


@pytest.mark.parametrize(("slug", "codes", "counties"), [
    ("notodden", ["0807", "3808", "4005"], ["telemark", "vestfold-og-telemark", "telemark"]),
    ("kongsberg", ["0604", "3006", "3303"], ["buskerud", "viken", "buskerud"]),
])
def test_one_iri_across_renumbering_with_the_county_of_each_period(
        graph: Graph, slug: str, codes: list[str], counties: list[str]) -> None:
    found = query(graph, """
        SELECT ?code ?county WHERE {
            ?m br:municipalityNumber ?n . ?n skos:notation ?code ; br:county ?county .
            OPTIONAL { ?n schema:validFrom ?from }
        } ORDER BY ?from""", m=uris.municipality(slug))
    assert [str(code) for code, _ in found] == codes
    assert found[0][1] == found[2][1] != found[1][1]
    assert [county for _, county in found] == [uris.county(c) for c in counties]


@pytest.mark.parametrize(("date", "municipalities", "counties"), [
    ("2015-01-01", 428, 19), ("2020-01-01", 356, 11), ("2024-01-01", 357, 15),
])
def test_number_valid_on_a_date(graph: Graph, date: str, municipalities: int, counties: int) -> None:
    text = """
        SELECT (COUNT(DISTINCT ?unit) AS ?n) WHERE {
            ?unit a ?kind ; br:municipalityNumber|br:countyNumber ?number .
            OPTIONAL { ?number schema:validFrom ?from } OPTIONAL { ?number schema:validThrough ?through }
            FILTER ((!BOUND(?from) || ?from <= ?day) && (!BOUND(?through) || ?through >= ?day))
        }"""
    on = Literal(date, datatype=XSD.date)
    assert query(graph, text, kind=BR.Municipality, day=on)[0][0].toPython() == municipalities  # type: ignore[attr-defined]
    assert query(graph, text, kind=BR.County, day=on)[0][0].toPython() == counties  # type: ignore[attr-defined]


def test_validity_periods_of_one_unit_never_overlap(graph: Graph) -> None:
    periods = defaultdict(list)
    for unit, start, end in query(graph, """
            SELECT ?unit ?from ?through WHERE {
                ?unit br:municipalityNumber|br:countyNumber ?n .
                OPTIONAL { ?n schema:validFrom ?from } OPTIONAL { ?n schema:validThrough ?through }
            }"""):
        periods[unit].append((start.toPython() if start else dt.date.min,  # type: ignore[attr-defined]
                              end.toPython() if end else dt.date.max))  # type: ignore[attr-defined]
    assert len(periods) > 400
    for unit, spans in periods.items():
        spans.sort()
        for (_, end), (start, _) in pairwise(spans):
            assert end < start, f"{unit}: overlapping number periods {spans}"


def test_slugs_disambiguate_the_municipality_no_longer_valid(graph: Graph) -> None:
    assert holder(graph, "0706") == uris.municipality("sandefjord-0706")
    assert holder(graph, "0710") == holder(graph, "3907") == uris.municipality("sandefjord")
    assert holder(graph, "0821") == uris.municipality("bo-telemark")


def test_every_fact_names_its_reference_source(graph: Graph) -> None:
    missing = query(graph, """
        SELECT ?s WHERE {
            ?s a ?type . VALUES ?type { br:Municipality br:County br:MunicipalityNumber br:CountyNumber
                                        br:PopulationFigure br:AreaFigure }
            FILTER NOT EXISTS { ?s prov:wasDerivedFrom/a br:ReferenceSource }
        }""")
    assert missing == []
    # a change is an event (org:ChangeEvent ⊑ prov:Activity), which PROV derives nothing from: dct:source
    events = query(graph, """
        SELECT ?s WHERE { { ?s a br:MunicipalityChange FILTER NOT EXISTS { ?s dct:source/a br:ReferenceSource } }
                          UNION { ?s a br:MunicipalityChange ; prov:wasDerivedFrom ?any } }""")
    assert events == [] and len(query(graph, "SELECT ?s WHERE { ?s a br:MunicipalityChange }")) > 100
    assert graph.query(PREFIX_LINES + """ASK { ?s br:organisationNumber ?o ; prov:wasDerivedFrom ?src .
        ?src dct:source <https://www.ssb.no/klass/klassifikasjoner/582/korrespondanser/1236> }""").askAnswer


def _copy_csvs(tmp_path: Path) -> Path:
    target = tmp_path / "csv"
    shutil.copytree(CSV_DIR, target)
    return target


def _run(csv_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["reference", "--csv-dir", str(csv_dir), "--output", str(tmp_path / "out.ttl")])
    return code, capsys.readouterr().err.strip()


def test_a_malformed_csv_gives_one_clear_line_and_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_dir = _copy_csvs(tmp_path)
    path = csv_dir / "municipalities.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[4] = lines[4].replace(lines[4].split(",")[1], "807", 1)  # a code without its leading zero
    path.write_text("".join(lines), encoding="utf-8")
    code, err = _run(csv_dir, tmp_path, capsys)
    assert code == 1 and "\n" not in err
    assert "municipalities.csv, line 5, column 'code'" in err and "'807'" in err
    assert not (tmp_path / "out.ttl").exists()


def test_an_unknown_change_kind_and_a_missing_file_are_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_dir = _copy_csvs(tmp_path)
    changes = csv_dir / "changes.csv"
    changes.write_text(changes.read_text(encoding="utf-8").replace(",name change,", ",renaming,", 1), encoding="utf-8")
    code, err = _run(csv_dir, tmp_path, capsys)
    assert code == 1 and "changes.csv, line 2, column 'kind'" in err and "'renaming'" in err
    (csv_dir / "counties.csv").unlink()
    code, err = _run(csv_dir, tmp_path, capsys)
    assert code == 1 and err.startswith("byregion reference: counties.csv: file not found")


def test_a_merger_keeping_the_code_keeps_the_iri_and_a_split_makes_new_ones(graph: Graph) -> None:
    stavanger = holder(graph, "1103")
    assert (holder(graph, "1141"), BR.succeededBy, stavanger) in graph  # Finnøy, absorbed in 2020
    assert (stavanger, BR.succeededBy, stavanger) not in graph
    change = uris.thing("municipality", "stavanger", "change", "2020-01-01")
    assert stavanger in set(graph.objects(change, ORG.originalOrganization))
    assert set(graph.objects(change, ORG.resultingOrganization)) == {stavanger}
    old_alesund = holder(graph, "1507")
    assert set(graph.objects(old_alesund, BR.succeededBy)) == {holder(graph, "1508"), holder(graph, "1580")}
    assert len({old_alesund, holder(graph, "1508"), holder(graph, "1504")}) == 3


# --- population and area of the Notodden-region municipalities --------------------------------

def test_population_and_area_are_published_per_municipality_and_period_as_in_the_csv(graph: Graph) -> None:
    rows = read_csv("notodden-region.csv")
    populations = {holder(graph, r["code"]): int(r["population_2015_01_01"])
                   for r in rows if r["population_2015_01_01"]}
    found = query(graph, """
        SELECT ?m ?figure ?value WHERE {
            ?m br:population ?figure .
            ?figure a br:PopulationFigure ; schema:value ?value ; dct:date "2015-01-01"^^xsd:date ;
                    prov:wasDerivedFrom/dct:source <https://www.ssb.no/statbank/table/07459> .
        }""")
    assert {m: v.toPython() for m, _, v in found} == populations  # type: ignore[attr-defined]
    assert uris.thing("municipality", "notodden", "population", "2015-01-01") in {f for _, f, _ in found}

    areas = {(holder(graph, r["code"]), day(r["valid_from"]), day(r["valid_to"])): str(decimal(r["area_km2"]))
             for r in rows if r["area_km2"]}  # the CSV's value, written canonically ("519.50" → "519.5")
    found = query(graph, """
        SELECT ?m ?from ?through ?km2 WHERE {
            ?m br:area ?figure .
            ?figure a br:AreaFigure ; qudt:numericValue ?km2 ; qudt:unit unit:KiloM2 ;
                    dct:description ?note ; prov:wasDerivedFrom/a br:ReferenceSource .
            OPTIONAL { ?figure schema:validFrom ?from } OPTIONAL { ?figure schema:validThrough ?through }
            FILTER (lang(?note) = "en" && CONTAINS(?note, "not SSB land area"))
        }""")
    assert {(m, f.toPython() if f else None, t.toPython() if t else None): str(km2)  # type: ignore[attr-defined]
            for m, f, t, km2 in found} == areas
    assert all(km2.datatype == XSD.decimal for *_, km2 in found)  # type: ignore[attr-defined]
    notodden = uris.municipality("notodden")
    assert {uris.thing("municipality", "notodden", "area", p) for p in ("until-2019-12-31", "2020-01-01--2023-12-31")
            } == set(graph.objects(notodden, BR.area))


@pytest.mark.slow  # loads all of the repository's data and queries it with rdflib
def test_the_six_municipalities_sum_to_the_regions_own_population() -> None:
    """The reference data (SSB 07459) and the region page (Folketall) agree on 2015-01-01."""
    together = Graph()  # the region's graph and the reference graph, as the store holds them together
    for path in (REPO_ROOT / "data/regions/notodden.ttl", REPO_ROOT / "data/reference/norway.ttl"):
        together.parse(path, format="turtle")
    rows = list(together.query(PREFIX_LINES + """
        SELECT ?regionPopulation (SUM(?inhabitants) AS ?sum) (COUNT(DISTINCT ?member) AS ?members) WHERE {
            ?region br:referenceDate ?date ; br:population/schema:value ?regionPopulation ;
                    br:membership/org:member ?member .
            ?member br:population ?figure . ?figure dct:date ?date ; schema:value ?inhabitants .
        } GROUP BY ?regionPopulation""", initBindings={"region": uris.region("notodden")}))
    assert len(rows) == 1
    region_population, total, members = (term.toPython() for term in rows[0])  # type: ignore[union-attr]
    assert members == 6
    assert total == region_population == 54165


def test_a_figure_of_low_confidence_is_left_out_and_an_uncited_one_stops_the_command() -> None:
    tables = read_tables(CSV_DIR)
    tinn = next(r for r in tables["notodden-region.csv"] if r.values["code"] == "0826")

    def replace(**changes: str) -> dict[str, list[Row]]:
        changed = Row(tinn.file, tinn.line, dict(tinn.values, **changes))
        return dict(tables, **{"notodden-region.csv": [changed if r is tinn else r
                                                       for r in tables["notodden-region.csv"]]})

    doubted = build_graph(resolve(replace(confidence=tinn.values["confidence"].replace("population=high",
                                                                                      "population=low"))))
    assert not list(doubted.objects(uris.municipality("tinn"), BR.population))
    assert list(doubted.objects(uris.municipality("tinn"), BR.area))
    with pytest.raises(ReferenceDataError, match=r"notodden-region.csv, line \d+, column 'source'.*'Kartverket"):
        resolve(replace(source=tinn.values["source"].replace("Kartverket polygon area", "geometry")))


def test_a_change_of_name_says_the_names_it_ended_and_gave_as_the_table_writes_them(graph: Graph) -> None:
    """br:previousName and br:newName on every change of name (27 in the table), verbatim: the name of a
    municipality on a date is then in the data (Røyrvik until 2014-12-31, Raarvihke - Røyrvik from 2015-01-01)."""
    renamed = {(r["date"], r["new_code"], r["old_name"], r["new_name"]) for r in read_csv("changes.csv")
               if "name change" in r["kind"]}
    found = set()
    for event in graph.subjects(BR.changeKind, BR.nameChange):
        (old,), (new,) = list(graph.objects(event, BR.previousName)), list(graph.objects(event, BR.newName))
        when = str(graph.value(event, DCTERMS.date))
        codes = {str(graph.value(n, SKOS.notation)) for u in graph.objects(event, ORG.resultingOrganization)
                 for n in graph.objects(u, BR.municipalityNumber)}
        found |= {(when, code, str(old), str(new)) for code in codes if (when, code, str(old), str(new)) in renamed}
        assert old.datatype is None and old.language is None, event  # a name as written, in no one language
    assert found == renamed and len(renamed) == 27


def _reform(csv_dir: Path) -> None:
    """A made-up reform: Halden 3101 ends in 2029 and a new municipality of the same name, 3199, begins."""
    path = csv_dir / "municipalities.csv"
    text = path.read_text(encoding="utf-8")
    old = next(line for line in text.splitlines() if line.startswith("Halden,3101,2024-01-01,,"))
    new = old.replace("Halden,3101,2024-01-01,,31,Q109042,", "Halden,3199,2030-01-01,,31,,", 1)
    path.write_text(text.replace(old, old.replace(",2024-01-01,,", ",2024-01-01,2029-12-31,", 1) + "\n" + new),
                    encoding="utf-8")


def _register(tmp_path: Path) -> Path:
    target = tmp_path / "slugs.csv"
    shutil.copyfile(REGISTER, target)
    return target


def _reference(csv_dir: Path, register: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
               *more: str) -> tuple[int, str]:
    code = main(["reference", "--csv-dir", str(csv_dir), "--slugs", str(register),
                 "--output", str(tmp_path / "out.ttl"), *more])
    return code, capsys.readouterr().err.strip()


def test_the_register_holds_every_published_slug_once() -> None:
    published = read_register(REGISTER)
    reference = resolved()
    units = {(u.level, u.slug): u for u in (*reference.municipalities, *reference.counties)}
    assert reference.unregistered == [] and sorted(units) == sorted((p.level, p.slug) for p in published)
    assert all(p.code in {r.code for r in units[p.level, p.slug].rows} for p in published)


def test_a_later_municipality_of_a_published_name_gets_a_new_slug_and_must_be_registered(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_dir, register = _copy_csvs(tmp_path), _register(tmp_path)
    _reform(csv_dir)
    # the rule alone would hand the name to the one valid longest, the new one, and move the published IRI
    by_names = {u.first.code: u.slug for u in resolve(read_tables(csv_dir)).municipalities}
    assert by_names["3199"] == "halden" and by_names["0101"] == "halden-0101"

    code, err = _reference(csv_dir, register, tmp_path, capsys)
    assert code == 1 and "\n" not in err and not (tmp_path / "out.ttl").exists()
    assert "slugs.csv" in err and "3199 Halden as 'halden-3199'" in err and "--register-new" in err

    code, err = _reference(csv_dir, register, tmp_path, capsys, "--register-new")
    assert code == 0, err
    assert register.read_text(encoding="utf-8").splitlines()[-1] == "municipality,halden-3199,3199,2030-01-01,Halden"
    graph = Graph().parse(tmp_path / "out.ttl", format="turtle")
    assert holder(graph, "0101") == holder(graph, "3101") == uris.municipality("halden")
    assert holder(graph, "3199") == uris.municipality("halden-3199")
    assert _reference(csv_dir, register, tmp_path, capsys)[0] == 0  # registered now: no --register-new needed


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda t: t.replace("municipality,alesund,1508,2024-01-01,", "municipality,alesund,1508,2023-01-01,"),
     "slugs.csv, line 32, column 'code': no municipality row has code 1508 and 2023-01-01, so the published IRI "
     "'alesund' would name nothing"),
    (lambda t: t + "municipality,notodden-old,3808,2020-01-01,Notodden\n",
     "'notodden-old' and 'notodden' now name one municipality"),
    (lambda t: t + "county,akershus,32,2024-01-01,Akershus\n", "'akershus' is registered twice (also line 3)"),
    (lambda t: t.replace("level,slug,", "level,iri,"), "slugs.csv, line 1: the header must be level,slug,"),
    (lambda t: t + "municipality,Notodden 2,4005,2024-01-01,Notodden\n", "'Notodden 2' is not a slug"),
    (lambda t: t + "municipality,notodden-2,4005,2024-01-01,Notodden,extra\n",
     "row does not have as many cells as the header"),
    (lambda t: t + "municipality,notodden-2\n", "row does not have as many cells as the header"),
])
def test_a_register_that_no_longer_fits_the_tables_stops_the_command(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], edit: Callable[[str], str], expected: str) -> None:
    csv_dir, register = _copy_csvs(tmp_path), _register(tmp_path)
    register.write_text(edit(register.read_text(encoding="utf-8")), encoding="utf-8")
    code, err = _reference(csv_dir, register, tmp_path, capsys)
    assert code == 1 and expected in err and not (tmp_path / "out.ttl").exists()


def test_an_organisation_number_says_for_which_numbers_it_is_confirmed_and_for_which_assumed(graph: Graph) -> None:
    notes = dict(query(graph, """SELECT ?unit ?note WHERE { ?unit br:organisationNumber ?o ;
                                   dqv:hasQualityAnnotation ?note . ?note oa:hasTarget ?unit ;
                                   prov:wasDerivedFrom ?source }""",
                       source=uris.source("ssb-klass-582-correspondence-1236")))
    units = {s for s, _ in graph.subject_objects(BR.organisationNumber)}
    assert set(notes) == units and len(units) == 6  # every one is confirmed for its 2020–2023 number only
    notodden = uris.municipality("notodden")
    comments = {c.language: str(c) for c in graph.objects(notes[notodden], RDFS.comment)}  # type: ignore[union-attr]
    assert comments["nb"] == (
        "SSBs korrespondansetabell 1236 (organisasjonsnummer–kommunenummer) bekrefter organisasjonsnummeret 938583986 "
        "for kommunenummer 3808 (2020–2023). For kommunenummer 0807 (–2019) og 4005 (2024–) er det videreført under "
        "forutsetning av at kommunen er samme juridiske enhet; dette er ikke bekreftet.")
    assert "confirms the organisation number 938583986 for municipality number 3808 (2020–2023)" in comments["en"]
    assert ("For municipality numbers 0807 (–2019) and 4005 (2024–) it is carried over on the assumption that the "
            "municipality is the same legal entity") in comments["en"]
    midt = {c.language: str(c) for c in graph.objects(notes[uris.municipality("midt-telemark")], RDFS.comment)}  # type: ignore[union-attr]
    assert "bekrefter organisasjonsnummeret 920297293 for kommunenummer 3817 (2020–2023)" in midt["nb"]
    assert "For kommunenummer 4020 (2024–) er det videreført" in midt["nb"]


def _unit(*rows: tuple[str, str | None, str | None], confirmed: tuple[str, ...]) -> Unit:
    """A municipality of ``rows`` (code, first day, last day) whose organisation number the table gives for every
    code, confirmed for ``confirmed``."""
    made = [UnitRow(Row(MUNICIPALITIES, 2 + i, {}), "Testby", code, Period(day(start or ""), day(end or "")), None, "")
            for i, (code, start, end) in enumerate(rows)]
    return Unit("municipality", made, "testby", {"938583986"}, {code: code in confirmed for code, _, _ in rows})


def test_an_organisation_number_confirmed_for_every_number_has_no_note() -> None:
    graph = Graph()
    _orgnr_note(graph, _unit(("0807", None, "2019-12-31"), ("3808", "2020-01-01", None), confirmed=("0807", "3808")),
                "938583986")
    assert len(graph) == 0


def test_a_number_without_a_first_day_in_one_row_is_open_at_the_start_in_the_note() -> None:
    graph = Graph()
    _orgnr_note(graph, _unit(("0805", None, "2017-12-31"), ("0805", "2018-01-01", "2019-12-31"),
                             ("3805", "2020-01-01", None), confirmed=("3805",)), "938583986")
    [comment] = [str(c) for c in graph.objects(None, RDFS.comment) if c.language == "nb"]  # type: ignore[union-attr]
    assert "for kommunenummer 3805 (2020–)" in comment and "For kommunenummer 0805 (–2019) er det videreført" in comment


def test_an_unreadable_register_is_named_and_a_failing_run_leaves_it_as_it_was(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    csv_dir, register = _copy_csvs(tmp_path), _register(tmp_path)
    before = register.read_bytes()
    register.write_bytes(b"\xff\xfe" + before)
    code, err = _reference(csv_dir, register, tmp_path, capsys)
    assert code == 1 and err.startswith("byregion reference: slugs.csv: not readable as UTF-8 CSV")
    register.write_bytes(before)
    _reform(csv_dir)  # a new unit to register, and a table that stops the command
    changes = csv_dir / "changes.csv"
    changes.write_text(changes.read_text(encoding="utf-8").replace(",name change,", ",renaming,", 1), encoding="utf-8")
    code, err = _reference(csv_dir, register, tmp_path, capsys, "--register-new")
    assert code == 1 and "'renaming'" in err
    assert register.read_bytes() == before and not (tmp_path / "out.ttl").exists()
