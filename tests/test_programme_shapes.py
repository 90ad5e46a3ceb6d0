# ruff: noqa: E501  (SPARQL updates read better unwrapped)
"""The shapes for the programme's regions, rule by rule.

The valid case is what the build makes of a two-region table (``programme_graph``) over a small reference
graph; each broken case is that graph plus ONE SPARQL Update. A case passes only when the report holds
exactly the one expected result, so each test proves one rule: its severity, focus node and shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from byregion import REPO_ROOT, uris
from byregion.programme import parse
from byregion.programme.graph import programme_graph
from byregion.validate import load_shapes, validate

pytestmark = pytest.mark.fast

SITE = Path(__file__).parent / "fixtures" / "site" / "data"
PREFIXES = """PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX dqv: <http://www.w3.org/ns/dqv#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
REGIONS = """slug,name,county_code_2015,population_2015,area_km2,member_count,confidence,source,note
telemarka,Telemarka,08,17000,1900,2,fakta,https://example.org/telemarka,
midtre,Midtre,08,,,1,secondary,https://example.org/midtre,"Invented: the applicant is not known."
"""
MEMBERSHIPS = """region,municipality_code_2015,municipality_name,role
telemarka,0807,Notodden,applicant
telemarka,0822,Sauherad,partner
midtre,0822,Sauherad,partner
"""
TELEMARKA, MIDTRE = uris.region("telemarka"), uris.region("midtre")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REPO_ROOT)


def table_graph(regions: str) -> Graph:
    """What the build makes of ``regions`` and :data:`MEMBERSHIPS`, with the site fixture's reference data
    and programme (owner, phases) beside it."""
    reference = Graph().parse(SITE / "reference" / "norway.ttl")
    digests = {"regions.csv": "0" * 64, "memberships.csv": "1" * 64}
    graph, problems = programme_graph(parse(regions, MEMBERSHIPS), reference, digests=digests)
    assert problems == []
    themes = Graph().parse(SITE.parent / "ontology" / "themes.ttl")
    return graph + reference + Graph().parse(SITE / "programme.ttl") + themes


def valid() -> Graph:
    return table_graph(REGIONS)


def test_the_table_graph_conforms_without_a_single_result(shapes: Graph) -> None:
    report = validate(valid(), shapes)
    assert [r.line() for r in report.results] == []


@dataclass(frozen=True)
class Case:
    name: str
    update: str
    focus: URIRef
    message: str


CASES = [
    Case("two-applicants", "DELETE { ?ms org:role br:partner } INSERT { ?ms org:role br:applicant } "
         "WHERE { <https://data.byregion.no/id/region/telemarka> br:membership ?ms . ?ms org:role br:partner }",
         TELEMARKA, "The region has 2 applicant(s)"),
    Case("no-applicant", "DELETE WHERE { <https://data.byregion.no/id/region/telemarka> br:applicantConfidence ?c } ; "
         "DELETE { ?ms org:role br:applicant } INSERT { ?ms org:role br:partner } "
         "WHERE { <https://data.byregion.no/id/region/telemarka> br:membership ?ms . ?ms org:role br:applicant }",
         TELEMARKA, "The region has 0 applicant(s)"),
    Case("unknown-applicant-with-one", "DELETE { ?r br:applicantConfidence ?c } INSERT { ?r br:applicantConfidence br:unknown } "
         "WHERE { BIND (<https://data.byregion.no/id/region/telemarka> AS ?r) ?r br:applicantConfidence ?c }",
         TELEMARKA, "unless its br:applicantConfidence is br:unknown"),
    Case("count-only-counting-the-listed", "DELETE { ?r br:confidence ?c } INSERT { ?r br:confidence br:countOnly } "
         "WHERE { BIND (<https://data.byregion.no/id/region/midtre> AS ?r) ?r br:confidence ?c }",
         MIDTRE, "states a br:memberCount only where it is more than"),
    Case("fakta-without-area-or-note", "DELETE WHERE { <https://data.byregion.no/id/region/telemarka> br:area ?a . ?a ?p ?o }",
         TELEMARKA, "the area is missing"),
    Case("more-members-than-count", "DELETE { ?r br:memberCount 2 } INSERT { ?r br:memberCount 1 } "
         "WHERE { BIND (<https://data.byregion.no/id/region/telemarka> AS ?r) }",
         TELEMARKA, "lists 2 memberships but br:memberCount says 1"),
    Case("member-not-a-2015-municipality", "DELETE { ?ms org:member ?m } INSERT { ?ms org:member <https://data.byregion.no/id/municipality/midt-telemark> } "
         "WHERE { <https://data.byregion.no/id/region/midtre> br:membership ?ms . ?ms org:member ?m }",
         MIDTRE, "Midt-Telemark has no municipality number valid"),
    Case("conflict-without-kind",
         "DELETE WHERE { <https://data.byregion.no/id/region/telemarka/membership/sauherad/conflict> br:conflictKind ?k }",
         uris.thing("region", "telemarka", "membership", "sauherad", "conflict"),
         "exactly one br:conflictKind"),
    Case("conflict-without-english",
         "DELETE { ?c rdfs:label ?en } WHERE { "
         "BIND (<https://data.byregion.no/id/region/telemarka/membership/sauherad/conflict> AS ?c) ?c rdfs:label ?en FILTER (lang(?en) = \"en\") }",
         uris.thing("region", "telemarka", "membership", "sauherad", "conflict"),
         "A data conflict says what it is in both languages"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_programme_rule_is_reported_alone(case: Case, shapes: Graph) -> None:
    graph = valid()
    graph.update(PREFIXES + case.update)
    report = validate(graph, shapes)
    assert [(r.severity, r.focus) for r in report.results] == [("Violation", case.focus)], \
        [r.line() for r in report.results]
    [result] = report.results
    assert case.message in result.message


def test_a_fakta_region_missing_its_area_passes_when_a_note_says_why(shapes: Graph) -> None:
    regions = REGIONS.replace("telemarka,Telemarka,08,17000,1900,2,fakta,https://example.org/telemarka,",
                              'telemarka,Telemarka,08,17000,,2,fakta,https://example.org/telemarka,"Area cut off."')
    assert validate(table_graph(regions), shapes).conforms


def test_two_norwegian_labels_are_no_english_one(shapes: Graph) -> None:
    """A conflict's English label replaced by a second Norwegian one: the rule counted two labels in either language
    and passed it (an ontology review); it now wants one in each, and one at most per language."""
    conflict = uris.thing("region", "telemarka", "membership", "sauherad", "conflict")
    graph = valid()
    graph.update(PREFIXES + f"""DELETE {{ ?c rdfs:label ?en }} INSERT {{ ?c rdfs:label "Sauherad i to byregioner"@nb }}
        WHERE {{ BIND (<{conflict}> AS ?c) ?c rdfs:label ?en FILTER (lang(?en) = "en") }}""")
    report = validate(graph, shapes)
    assert {r.focus for r in report.results} == {conflict} and not report.conforms
    assert any("says what it is in both languages" in r.message for r in report.results)
