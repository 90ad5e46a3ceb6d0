"""Which phases each region took part in (byregion/programme/phases.py): stated, inferred, and guarded.

The table lists the regions of phase 2; the notes name the municipalities whose regions came directly into
phase 2. A region whose applicant the notes do not name was in phase 1, and the data says that is inferred
and how. The shapes refuse an inferred participation that does not say how.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from byregion import REPO_ROOT, uris
from byregion.namespaces import BR, OA, ORG
from byregion.pages import membership_doubts
from byregion.programme import parse
from byregion.programme.graph import notes_graph, programme_graph
from byregion.programme.phases import new_in_phase_2, phases_graph
from byregion.validate import load_shapes, validate

pytestmark = pytest.mark.fast

SITE = Path(__file__).parent / "fixtures" / "site" / "data"
REGIONS = """slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note
telemarka,Telemarka,08,17000,1900,2,fakta,https://example.org/telemarka,
midtre,Midtre,08,,,1,secondary,https://example.org/midtre,"Invented: the applicant is not known."
ny,Ny,08,,,1,secondary,https://example.org/ny,
gammel,Gammel,08,,,1,secondary,https://example.org/gammel,"The source describes phase 1. The applicant is not known."
"""
MEMBERSHIPS = """region,municipality_code_2015,municipality_name,role
telemarka,0807,Notodden,applicant
telemarka,0822,Sauherad,partner
midtre,0807,Notodden,partner
ny,0822,Sauherad,applicant
gammel,0807,Notodden,partner
"""
#: As the research notes write it: across a line break, names separated by commas, ended by a semicolon.
NOTES = """## Programme facts
Phase 1: spring 2014 – summer 2015. KMD granted money (July 2015). New directly in
phase 2: Sauherad, Lørenskog; left after phase 1: Moss.
"""
PHASE_1, PHASE_2 = (URIRef(f"{uris.thing('programme', 'byregionprogrammet')}/phase/{n}") for n in (1, 2))


def phases(region: str, graph: Graph) -> dict[URIRef, URIRef | None]:
    """The phases ``region`` took part in, each with its br:confidence (None where stated)."""
    found = {}
    for participation in graph.objects(uris.region(region), BR.participation):
        found[graph.value(participation, BR.inPhase)] = graph.value(participation, BR.confidence)
    return found


@pytest.fixture(scope="module")
def graph() -> Graph:
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), NOTES)
    assert problems == []
    return made


def test_the_notes_sentence_is_read_across_its_line_break() -> None:
    sentence = new_in_phase_2(NOTES)
    assert sentence is not None
    assert sentence.names == ("Sauherad", "Lørenskog")
    assert NOTES[sentence.start:sentence.end].startswith("New directly in\nphase 2: Sauherad")
    assert sentence.line == 2


@pytest.mark.parametrize(("notes", "names"), [
    ("- New directly in phase 2: Tønsberg, Elverum\n- Left after phase 1: Moss, Ullensaker\n", ("Tønsberg", "Elverum")),
    ("New directly in phase 2: Tønsberg,\nElverum\n\nLeft after phase 1: Moss", ("Tønsberg", "Elverum")),
    ("new directly in Phase 2 : Tønsberg and Elverum.", ("Tønsberg", "Elverum")),
    ("1. New directly in phase 2: Tønsberg\n2. Left after phase 1: Moss", ("Tønsberg",)),
], ids=["list-items", "blank-line", "case-and-and", "numbered-list"])
def test_the_sentence_ends_where_the_notes_go_on_to_something_else(notes: str, names: tuple[str, ...]) -> None:
    """A list item or a blank line ends it, as ";" and "." do: "Elverum\n- Left after phase 1: Moss" had been read
    as one name (a diff review)."""
    sentence = new_in_phase_2(notes)
    assert sentence is not None and sentence.names == names


def test_names_that_cannot_be_names_are_a_problem() -> None:
    _graph, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), "New directly in phase 2: Tønsberg, 2015 (KMD);")
    assert problems == ["README.md, line 1: the names new in phase 2 cannot be read: '2015 (KMD)'"]


def test_a_region_without_an_applicant_whose_member_came_in_new_is_not_guessed() -> None:
    """Midtre has no known applicant; were its member among the newcomers, its region may have been the new one."""
    notes = NOTES.replace("phase 2: Sauherad, Lørenskog;", "phase 2: Sauherad, Notodden;")
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS.replace("telemarka,0807,Notodden,applicant",
                                                                     "telemarka,0807,Notodden,partner")), notes)
    assert [p for p in problems if "midtre" in p] == [
        "regions.csv, line 3: midtre has no known applicant, and its member Notodden is among the names new in "
        "phase 2 (README.md, line 2): whether the region was in phase 1 is not known"]
    assert phases("midtre", made) == {PHASE_2: None}


def test_every_region_of_the_table_took_part_in_phase_2_as_its_sources_say(graph: Graph) -> None:
    for region in ("telemarka", "midtre", "ny"):
        assert phases(region, graph)[PHASE_2] is None  # stated, not inferred
    second = uris.thing("region", "telemarka", "phase", "2")
    assert set(graph.objects(second, URIRef("http://purl.org/dc/terms/source"))) == {
        URIRef("https://example.org/telemarka")}


def test_a_region_whose_applicant_the_notes_name_was_new_in_phase_2(graph: Graph) -> None:
    assert phases("ny", graph) == {PHASE_2: None}
    comment = graph.value(uris.thing("region", "ny", "phase", "2"), RDFS.comment)
    assert comment is not None and "Sauherad" in comment


def test_the_others_were_in_phase_1_inferred_and_the_data_says_how(graph: Graph) -> None:
    assert phases("telemarka", graph) == {PHASE_1: BR.inferred, PHASE_2: None}
    assert phases("midtre", graph) == {PHASE_1: BR.inferred, PHASE_2: None}  # no applicant: none of its members
    first = uris.thing("region", "telemarka", "phase", "1")
    comments = {c.language: str(c) for c in graph.objects(first, RDFS.comment) if isinstance(c, Literal)}
    assert comments["en"].startswith("Inferred: the region took part in phase 2, and its applicant (Notodden) is not")
    assert "It is therefore taken to have been in phase 1." in comments["en"]
    assert "the figures do not add up (33 − 2 + 7 = 38, but phase 2 had 37)" in comments["en"]  # what weakens it
    assert "Medlemskommunene kan ha vært andre i fase 1." in comments["nb"]
    assert comments["nb"].startswith("Utledet:")
    midtre = {str(c) for c in graph.objects(uris.thing("region", "midtre", "phase", "1"), RDFS.comment)}
    assert any("none of its members is among the two the notes say" in c
               and "Its applicant is not known, so the inference is weaker" in c for c in midtre), midtre


def test_phase_1_is_stated_where_the_regions_source_describes_it(graph: Graph) -> None:
    assert phases("gammel", graph) == {PHASE_1: None, PHASE_2: BR.inferred}
    first = uris.thing("region", "gammel", "phase", "1")
    sources = {graph.value(t, OA.hasSource) for t in graph.objects(first, PROV.wasDerivedFrom)}
    assert sources == {uris.source("programme-regions")}  # not the newcomers' sentence: nothing is inferred from it
    assert set(graph.objects(first, URIRef("http://purl.org/dc/terms/source"))) == {URIRef("https://example.org/gammel")}
    # "medlemslisten", as the rest of the site writes it (it had said "medlemslista" here alone)
    assert Literal("Kilden for medlemslisten gjelder fase 1.", lang="nb") in set(graph.objects(first, RDFS.comment))


@pytest.mark.parametrize("notes", [NOTES, None], ids=["with-notes", "without-notes"])
def test_phase_2_is_inferred_where_the_regions_source_describes_phase_1(notes: str | None) -> None:
    """A data journalist's review: Ranaregionen's phase 2 cited the one page the data itself says describes phase 1,
    and was shown as stated. The table lists the region in phase 2, so it is inferred, as the data's other inferred
    participations are, saying how in both languages and still citing its row and source."""
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), notes)
    assert problems == []
    assert phases("gammel", made)[PHASE_2] == BR.inferred
    second = uris.thing("region", "gammel", "phase", "2")
    comments = {c.language: str(c) for c in made.objects(second, RDFS.comment) if isinstance(c, Literal)}
    assert comments["en"].startswith("Inferred: the table lists the region among those of phase 2, but the source it "
                                     "cites describes phase 1")
    assert "with the same member municipalities" in comments["en"] and comments["nb"].startswith("Utledet:")
    assert set(made.objects(second, URIRef("http://purl.org/dc/terms/source"))) == {URIRef("https://example.org/gammel")}
    assert {made.value(t, OA.hasSource) for t in made.objects(second, PROV.wasDerivedFrom)} == {
        uris.source("programme-regions")}


def test_a_member_of_a_region_whose_phase_2_is_inferred_says_so_beside_its_role(graph: Graph) -> None:
    """The members the phase-1 source names are published as the region's on 2015-01-01, phase 2's: every list of
    memberships marks them inferred beside their list's own level (pages.membership_doubts)."""
    table, _ = programme_graph(parse(REGIONS, MEMBERSHIPS), Graph().parse(SITE / "reference" / "norway.ttl"))
    data = graph + table
    assert membership_doubts(data, uris.region("gammel"), BR.partner, BR) == [BR.secondary, BR.inferred]
    assert membership_doubts(data, uris.region("midtre"), BR.partner, BR) == [BR.secondary]  # its phase 2 is stated
    assert membership_doubts(data, uris.region("telemarka"), BR.partner, BR) == []  # its facts block names them


def test_every_membership_is_of_phase_2_the_tables_or_the_pages_alike() -> None:
    """A researcher's review: joining a region's participation in phase 1 with its members gave phase 2's members
    (Notodden's six, where the notes say it grew from two), for nothing said which phase a member list is of. The
    table lists phase 2's regions, so each membership says it is of phase 2 (br:inPhase), a page's too (the page
    wins for its region's members), and no membership says phase 1."""
    reference = Graph().parse(SITE / "reference" / "norway.ttl")
    table, problems = programme_graph(parse(REGIONS, MEMBERSHIPS), reference)
    assert problems == []
    memberships = set(table.subjects(RDF.type, ORG.Membership))
    assert len(memberships) == 5
    assert {(m, table.value(m, BR.inPhase)) for m in memberships} == {(m, PHASE_2) for m in memberships}
    page = Graph()  # Telemarka's page lists one member of its own
    listed = uris.thing("region", "telemarka", "membership", "notodden")
    page.add((uris.region("telemarka"), BR.membership, listed))
    with_page, _ = programme_graph(parse(REGIONS, MEMBERSHIPS), reference, {"telemarka": page})
    assert (listed, BR.inPhase, PHASE_2) in with_page
    table_made = with_page.subjects(RDF.type, ORG.Membership)
    assert not any(str(m).startswith(str(uris.region("telemarka"))) for m in table_made)  # the page's stand
    everything = table + phases_graph(parse(REGIONS, MEMBERSHIPS), NOTES)[0]
    in_phase_1 = set(everything.subjects(BR.inPhase, PHASE_1))
    assert in_phase_1 and all((s, RDF.type, BR.PhaseParticipation) in everything for s in in_phase_1)


def test_the_applicant_of_an_unverified_list_is_as_unverified_as_its_partners() -> None:
    """A data journalist's review: Kongsvinger's row on its region's page showed only "applicant municipality
    (inferred)" where its five partners showed "(unverified)", as if its membership were confirmed; so did Gol's and
    Farsund's. The list's level is every member's; the applicant's own level is said besides."""
    region = uris.region("lista")
    data = Graph()
    data.add((region, BR.confidence, BR.unverified))
    data.add((region, BR.applicantConfidence, BR.inferred))
    assert membership_doubts(data, region, BR.applicant, BR) == [BR.unverified, BR.inferred]
    assert membership_doubts(data, region, BR.partner, BR) == [BR.unverified]
    data.set((region, BR.confidence, BR.fakta))
    data.set((region, BR.applicantConfidence, BR.fakta))
    assert membership_doubts(data, region, BR.applicant, BR) == []  # its facts block names it


def test_an_inferred_participation_points_at_the_notes_sentence(graph: Graph) -> None:
    first = uris.thing("region", "telemarka", "phase", "1")
    sources = {graph.value(t, OA.hasSource): graph.value(t, OA.hasSelector)
               for t in graph.objects(first, PROV.wasDerivedFrom)}
    assert set(sources) == {uris.source("programme-notes"), uris.source("programme-regions")}
    selector = sources[uris.source("programme-notes")]
    sentence = new_in_phase_2(NOTES)
    assert sentence is not None
    assert (graph.value(selector, OA.start), graph.value(selector, OA.end)) == (Literal(sentence.start),
                                                                                Literal(sentence.end))
    assert graph.value(sources[uris.source("programme-regions")], RDF.value) == Literal("row=2")


def test_without_the_notes_only_phase_2_is_stated() -> None:
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), None)
    assert problems == []
    assert phases("telemarka", made) == {PHASE_2: None}


def test_a_newcomer_who_applied_for_two_regions_is_a_problem_not_a_guess() -> None:
    memberships = MEMBERSHIPS.replace("gammel,0807,Notodden,partner", "gammel,0822,Sauherad,applicant")
    _graph, problems = phases_graph(parse(REGIONS, memberships), NOTES)
    assert problems == ["README.md, line 2: Sauherad, new in phase 2, is the applicant of ny, gammel in regions.csv: "
                        "which region was new is not known"]


# ------------------------------------------------------------------------------------------------ the shapes

@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REPO_ROOT)


def published(graph: Graph) -> Graph:
    """The participations beside what they point to: the table's regions, the reference data, the programme."""
    reference = Graph().parse(SITE / "reference" / "norway.ttl")
    table, problems = programme_graph(parse(REGIONS, MEMBERSHIPS), reference,
                                      digests={"regions.csv": "0" * 64, "memberships.csv": "1" * 64})
    assert problems == []
    themes = Graph().parse(SITE.parent / "ontology" / "themes.ttl")
    programme = Graph().parse(REPO_ROOT / "data" / "programme.ttl")  # the programme as published
    notes, problems = notes_graph(NOTES, "2" * 64, programme)  # the notes as a source document
    assert problems == []
    return graph + table + reference + programme + notes + themes


def test_the_participations_conform(graph: Graph, shapes: Graph) -> None:
    report = validate(published(graph), shapes)
    assert [r.line() for r in report.results] == []


@pytest.mark.parametrize(("change", "message"), [
    (lambda g, p: g.remove((p, RDFS.comment, None)), "says how it was inferred"),
    (lambda g, p: [g.remove((p, RDFS.comment, c)) for c in list(g.objects(p, RDFS.comment)) if c.language == "en"],
     "says how it was inferred"),
    (lambda g, p: g.set((p, BR.confidence, BR.fakta)), "is br:inferred"),
    (lambda g, p: g.remove((p, BR.inPhase, None)), "exactly one br:inPhase"),
    (lambda g, p: g.remove((p, PROV.wasDerivedFrom, None)), "says where it comes from"),
], ids=["no-comment", "no-english-comment", "other-confidence", "no-phase", "no-provenance"])
def test_each_participation_rule_is_reported_alone(graph: Graph, shapes: Graph, change, message: str) -> None:
    broken = published(graph)
    participation = uris.thing("region", "telemarka", "phase", "1")
    change(broken, participation)
    report = validate(broken, shapes)
    assert [(r.severity, r.focus) for r in report.results] == [("Violation", participation)], \
        [r.line() for r in report.results]
    assert message in report.results[0].message


def test_phase_1_is_stated_where_the_notes_say_what_happened_between_the_phases() -> None:
    """Notodden "grew from two to six municipalities between phase 1 and phase 2": it was in phase 1, as the notes
    state, and the participation points at that remark, not at the inference."""
    notes = NOTES + '- Telemarka: the region grew "from one to two" between phase 1 and phase 2; more.\n'
    made, problems = phases_graph(parse(REGIONS, MEMBERSHIPS), notes)
    assert problems == []
    assert phases("telemarka", made) == {PHASE_1: None, PHASE_2: None}
    first = uris.thing("region", "telemarka", "phase", "1")
    notes_source = uris.source("programme-notes")
    [target] = [t for t in made.objects(first, PROV.wasDerivedFrom) if made.value(t, OA.hasSource) == notes_source]
    selector = made.value(target, OA.hasSelector)
    start, end = int(made.value(selector, OA.start)), int(made.value(selector, OA.end))
    assert notes[start:end].startswith("- Telemarka: the region grew") and notes[start:end].endswith("phase 2")
    said = {c.language: str(c) for c in made.objects(first, RDFS.comment) if isinstance(c, Literal)}
    # what happened, not only that; a quotation inside the quotation is in single quotes, in either language (it
    # had been “…"from one to two"…”)
    assert said["nb"] == ("Merknadene skriver om byregionen: «the region grew \u2018from one to two\u2019 between "
                          "phase 1 and phase 2». Den var altså med i både fase 1 og fase 2.")
    assert said["en"] == ("The notes say of the region: \u201cthe region grew \u2018from one to two\u2019 between "
                          "phase 1 and phase 2\u201d. So it took part in both phase 1 and phase 2.")
    assert phases("midtre", made) == {PHASE_1: BR.inferred, PHASE_2: None}  # the others are still inferred
