"""The SHACL shapes, rule by rule, and the repository's own data against them.

Each broken case is ``tests/fixtures/broken/minimal-valid.ttl`` (which conforms with no result at
all) plus ONE SPARQL Update (``<case>.ru``). A case passes only when the report holds exactly the
one expected result, so each test proves one rule: its severity, focus node, path and message.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from byregion import REPO_ROOT, uris
from byregion.namespaces import BASE, BR, ID, PROV, SH
from byregion.sources import GraphSource, discover
from byregion.validate import Report, load_shapes, validate

pytestmark = pytest.mark.fast

BROKEN = Path(__file__).parent / "fixtures" / "broken"
NOTODDEN = uris.municipality("notodden")
REGION = uris.region("notodden")
GOAL = uris.thing("region", "notodden", "goal", 1)
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REPO_ROOT)


def minimal() -> Graph:
    return Graph().parse(BROKEN / "minimal-valid.ttl", format="turtle")


def mutated(*names: str) -> Graph:
    graph = minimal()
    for name in names:
        graph.update((BROKEN / f"{name}.ru").read_text(encoding="utf-8"))
    return graph


def test_the_minimal_fixture_conforms_without_a_single_warning(shapes: Graph) -> None:
    report = validate(minimal(), shapes)
    assert report.conforms
    assert report.format_lines() == []


@dataclass(frozen=True)
class Case:
    mutation: str
    severity: str
    focus: URIRef
    path: str | None  # None: a rule of the node as a whole (sh:or), with no one path
    message: str  # the rule's own words: a fragment of its sh:message
    value: object = None


CASES = [
    Case("missing-nb-label", "Violation", NOTODDEN, "skos:prefLabel", "Missing Norwegian name"),
    Case("missing-en-label", "Warning", NOTODDEN, "skos:prefLabel", "No English name yet"),
    Case("five-digit-code", "Violation", URIRef(f"{NOTODDEN}/number/0807"), "skos:notation",
         "Municipality number must be exactly four digits, like 0807", Literal("08070")),
    Case("three-digit-county-code", "Violation", URIRef(f"{uris.county('telemark')}/number/08"),
         "skos:notation", "County number must be exactly two digits", Literal("080")),
    Case("overlapping-periods", "Violation", NOTODDEN, "br:municipalityNumber",
         "Municipality numbers 0807 and 3808 of the same municipality have overlapping validity periods"),
    Case("period-ends-before-start", "Violation", URIRef(f"{NOTODDEN}/number/3808"), "schema:validFrom",
         "Validity period ends before it starts"),
    Case("theme-outside-scheme", "Violation", GOAL, "dct:subject",
         "Theme is not in the project's theme scheme",
         URIRef("http://publications.europa.eu/resource/authority/data-theme/ECON")),
    Case("population-as-string", "Violation", URIRef(f"{REGION}/population"), "schema:value",
         "Population must be one whole number", Literal("54165", datatype=XSD_STRING)),
    Case("format-as-string", "Violation", URIRef("https://data.byregion.no/id/source/notodden"), "dct:format",
         "its media type's IANA IRI", Literal("text/plain")),
    Case("member-without-valid-number", "Violation", REGION, "br:membership",
         "Member municipality Notodden has no municipality number valid on the region's reference date "
         "2015-01-01", NOTODDEN),
    Case("statement-without-provenance", "Violation", GOAL, "prov:wasDerivedFrom", "No provenance"),
    Case("area-in-square-metres", "Violation", URIRef(f"{REGION}/area"), "qudt:unit",
         "Area needs exactly one qudt:unit, unit:KiloM2", URIRef("http://qudt.org/vocab/unit/M2")),
    Case("section-no-region-lists", "Violation", URIRef(f"{REGION}/section/2"), "^br:section",
         "Exactly one city region must list this section"),
    Case("textual-body-two-values", "Violation", uris.thing("region", "notodden", "quality", "note", "body"),
         "rdf:value", "A textual body needs exactly one rdf:value"),
    Case("programme-derived-from", "Violation", uris.thing("programme", "byregionprogrammet"), "prov:wasDerivedFrom",
         "An activity (a programme, a phase, a municipal change) cites its source with dct:source"),
    # the other half of the rule above: what anything is derived from is no activity either (an ontology
    # reviewer's OWL-RL closure found a phase both prov:Activity and prov:Entity where the shapes had passed it)
    Case("derived-from-an-activity", "Violation", uris.thing("region", "notodden", "quality", "note"),
         "prov:wasDerivedFrom/rdf:type",
         "prov:wasDerivedFrom points to an activity", URIRef(BR.ProgrammePhase)),
    Case("statement-without-label", "Violation", GOAL, "rdfs:label", "Missing Norwegian label"),
    Case("statement-of-two-kinds", "Violation", GOAL, None, "A statement is exactly one of br:Introduction, br:Goal"),
    Case("change-generating-a-municipality", "Violation", URIRef(f"{NOTODDEN}/change/2020-01-01"),
         "prov:generated", "is a br:MunicipalityNumber or br:CountyNumber that began on its day", NOTODDEN),
    Case("name-change-without-names", "Violation", URIRef(f"{NOTODDEN}/change/2020-01-01"), None,
         "A change of name (br:nameChange) states the name it ended (br:previousName) and the one it gave"),
    Case("municipality-without-number", "Warning", uris.municipality("ukjentby"), "br:municipalityNumber",
         "Municipality has no municipality number: the name is not in the reference data"),
    Case("curation-typo", "Violation", uris.thing("region", "notodden", "goal", 9), "rdf:type",
         "no region graph defines it"),
    Case("curation-title-typo", "Violation", uris.thing("region", "notodden", "section", 8), "rdf:type",
         "no region graph defines it"),
    Case("ontology-term-without-nb-label", "Violation", BR.Goal, "rdfs:label",
         "Ontology term has no Norwegian label"),
    Case("ontology-term-with-untagged-label", "Violation", BR.Goal, "rdfs:label",
         "rdfs:label needs a language tag", Literal("goal without tag")),
    # A page cut off before its facts block is incomplete, not wrong: warnings, and the import goes on.
    Case("region-without-reference-date", "Warning", REGION, "br:referenceDate", "No br:referenceDate"),
    Case("region-without-population", "Warning", REGION, "br:population", "No br:population"),
    Case("region-without-area", "Warning", REGION, "br:area", "No br:area"),
    Case("region-without-members", "Warning", REGION, "br:membership", "No member municipalities"),
    Case("region-with-two-reference-dates", "Violation", REGION, "br:referenceDate",
         "at most one br:referenceDate"),
    # Only the datatype: brsh:CityRegion-membersValidOnReferenceDate checks the members on a date that is one
    # (it had also said that Notodden held no number valid on "1.jan 2015").
    Case("reference-date-not-a-date", "Violation", REGION, "br:referenceDate",
         "at most one br:referenceDate, an xsd:date", Literal("1.jan 2015", datatype=XSD_DATE)),
    Case("page-figure-without-text", "Violation", URIRef(f"{REGION}/area"), "schema:text",
         "A figure read from a region page needs its Norwegian text"),
    Case("municipality-population-without-date", "Violation", NOTODDEN, "br:population",
         "br:population of a municipality must be a br:PopulationFigure with a dct:date",
         URIRef(f"{NOTODDEN}/population/2015-01-01")),
    Case("municipality-area-without-description", "Violation", NOTODDEN, "br:area",
         "br:area of a municipality must be a br:AreaFigure saying what it measures",
         URIRef(f"{NOTODDEN}/area/until-2019-12-31")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.mutation for c in CASES])
def test_each_broken_rule_is_reported_alone_with_its_own_message(case: Case, shapes: Graph) -> None:
    report = validate(mutated(case.mutation), shapes)

    assert [(r.severity, r.focus, r.path) for r in report.results] == [(case.severity, case.focus, case.path)]
    (result,) = report.results
    assert case.message in result.message
    if case.value is not None:
        assert result.value == case.value
    # Warnings never fail validation; a violation always does.
    assert report.conforms is (case.severity != "Violation")


@pytest.mark.parametrize(("focus", "link", "back", "message"), [
    (URIRef(f"{REGION}/membership/notodden"), "org:organization", "br:membership",
     "Exactly one city region must list this membership with br:membership: its org:organization"),
    (GOAL, "br:region", "br:goal",
     "The region that lists this statement (br:goal, br:result, …) must be its br:region"),
])
def test_both_halves_of_a_link_between_a_region_and_its_parts_name_the_same_region(
        shapes: Graph, focus: URIRef, link: str, back: str, message: str) -> None:
    """A membership (or a statement) moved to another region by one half of its pair of links only is reported:
    the region that lists it must be the one it names (an ontology review validated such a copy clean)."""
    other = uris.region("grenland")
    graph = minimal()
    graph.update(f"""PREFIX br: <{BR}> PREFIX org: <http://www.w3.org/ns/org#>
        DELETE {{ <{focus}> {link} ?region }} INSERT {{ <{focus}> {link} <{other}> . <{other}> a br:CityRegion }}
        WHERE {{ <{focus}> {link} ?region }}""")
    assert (URIRef(REGION), URIRef(str(BR) + back.split(":")[1]), focus) in graph  # the other half still says so
    report = validate(graph, shapes)
    assert not report.conforms
    said = [(r.message, r.value) for r in report.results if r.focus == focus]  # one for each region of the two
    assert sorted(said) == sorted([(message, URIRef(REGION)), (message, other)])


def test_every_constraint_speaks_to_a_maintainer_and_every_shape_is_named_in_nb_and_en(shapes: Graph) -> None:
    constraints = set(shapes.subjects(RDF.type, SH.PropertyShape)) | set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    constraints |= set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.sparql))
    silent = [c for c in constraints if not any(m.language == "en" for m in shapes.objects(c, SH.message))]
    assert not silent, f"constraints without an English sh:message: {silent}"

    for shape in (s for s in shapes.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)):
        languages = {label.language for label in shapes.objects(shape, RDFS.label)}
        assert {"nb", "en"} <= languages, f"{shape} needs rdfs:label in nb and en"
    for shape in (s for s in shapes.subjects(RDF.type, SH.PropertyShape)):
        languages = {name.language for name in shapes.objects(shape, SH.name)}
        assert {"nb", "en"} <= languages, f"{shape} needs sh:name in nb and en"


def test_every_shape_and_sparql_constraint_has_an_iri_in_brsh() -> None:
    """A result's sh:sourceShape is the rule that was broken: a blank node there names no rule a user can point
    to (or a SHACL engine's report can be matched on). Every node and property shape, every shape another
    points to (sh:property, sh:node, sh:not) and every SPARQL constraint has an IRI in brsh:. Anonymous are only
    the operands of a rule's sh:or / sh:xone / sh:and and its sh:qualifiedValueShape (like
    ``[ sh:class br:Goal ]``): they are never the source shape of a result, the rule that holds them is."""
    brsh = f"{BASE}/def/shapes#"
    for path in sorted((REPO_ROOT / "shapes").glob("*.ttl")):
        graph = Graph().parse(path, format="turtle")
        shapes = {o for p in (SH.property, SH.sparql, SH.node, SH["not"]) for o in graph.objects(None, p)}
        shapes |= {s for kind in (SH.NodeShape, SH.PropertyShape, SH.SPARQLConstraint)
                   for s in graph.subjects(RDF.type, kind)}
        shapes |= {s for p in (SH.path, SH.message, SH.name, SH.select) for s in graph.subjects(p, None)}
        # an operand of sh:or / sh:xone / sh:and stays anonymous unless it is a rule of its own (above)
        operands = {m for p in (SH["or"], SH.xone, SH["and"]) for lst in graph.objects(None, p)
                    for m in Collection(graph, lst)}
        operands |= set(graph.objects(None, SH.qualifiedValueShape))
        blank = [s for s in shapes if isinstance(s, BNode)
                 and (s not in operands or any(graph.value(s, p) is not None for p in (SH.name, SH.message)))]
        assert not blank, (f"{path.name}: {len(blank)} blank shape(s), e.g. with sh:path "
                           f"{[graph.value(s, SH.path) for s in blank][:5]}: give each an IRI in brsh:")
        outside = [s for s in shapes if isinstance(s, URIRef) and not s.startswith(brsh)]
        assert not outside, f"{path.name}: shapes outside brsh: {outside}"


def test_lines_put_violations_first_and_name_severity_label_iri_path_and_message(shapes: Graph) -> None:
    report = validate(mutated("missing-en-label", "five-digit-code"), shapes)

    assert not report.conforms
    assert [r.severity for r in report.violations] == ["Violation"]
    assert [r.severity for r in report.warnings] == ["Warning"]
    assert report.format_lines() == [
        f"VIOLATION  0807 Notodden <{NOTODDEN}/number/0807>  skos:notation  "
        f"{report.violations[0].message}  (value: \"08070\")",
        f"WARNING  Notodden <{NOTODDEN}>  skos:prefLabel  {report.warnings[0].message}",
    ]
    assert report.summary() == "1 violation, 1 warning"
    # The SHACL report itself, for --format turtle and the build.
    assert (None, RDF.type, SH.ValidationReport) in report.graph


def test_a_dataset_is_validated_as_the_union_of_its_named_graphs(shapes: Graph) -> None:
    """A region graph refers to municipalities in the reference graph: valid only together."""
    full = mutated("missing-en-label")
    dataset = Dataset()
    reference, region = dataset.graph(uris.graph("reference")), dataset.graph(uris.graph("region/notodden"))
    for s, p, o in full:
        in_reference = str(s).startswith((str(ID) + "municipality/", str(ID) + "county/"))
        (reference if in_reference else region).add((s, p, o))

    report = validate(dataset, shapes)

    assert report.conforms
    (warning,) = report.results
    assert warning.focus == NOTODDEN and warning.graphs == (uris.graph("reference"),)


def test_an_ontology_graph_is_mixed_in_so_subclasses_it_declares_are_checked(shapes: Graph) -> None:
    data = minimal()
    data.add((GOAL, RDF.type, BR.KeyGoal))  # a subclass the data alone does not know about
    data.remove((GOAL, RDF.type, BR.Goal))
    data.remove((GOAL, PROV.wasDerivedFrom, None))
    ontology = Graph()
    ontology.add((BR.KeyGoal, RDFS.subClassOf, BR.Goal))

    without = validate(data, shapes)
    with_ontology = validate(data, shapes, ontology=ontology)

    assert "No provenance" not in " ".join(without.format_lines())
    assert [r.message.split(":")[0] for r in with_ontology.violations if r.focus == GOAL] == ["No provenance"]


def test_data_rebased_to_another_base_is_checked_by_rebased_shapes(shapes: Graph) -> None:
    """A build with BYREGION_BASE_URI rebases the data before validating it."""
    base = "http://localhost:8080"

    def move(term: object) -> object:
        return URIRef(uris.rebase(str(term), BASE, base)) if isinstance(term, URIRef) else term

    rebased = Graph()
    for triple in mutated("five-digit-code"):
        rebased.add(tuple(move(term) for term in triple))  # type: ignore[arg-type]

    report = validate(rebased, shapes, base=base)

    assert [(r.focus, r.path) for r in report.results] == [
        (URIRef(f"{base}/id/municipality/notodden/number/0807"), "skos:notation")]


# --- the repository's own data ------------------------------------------------------------------

def _relative(source: GraphSource) -> str:
    return str(source.path.relative_to(REPO_ROOT))


# repository_report (tests/conftest.py): the repository's data validated whole, once for the run.


@pytest.mark.slow  # validates all of the repository's data
@pytest.mark.parametrize("source", discover(REPO_ROOT), ids=_relative)
def test_repository_file_has_no_violations(source: GraphSource, repository_report: Report) -> None:
    """One test per input file: a failure names the file whose subjects break a rule."""
    report = repository_report
    mine = [r for r in report.violations if source.graph_iri() in r.graphs]
    assert not mine, f"{_relative(source)} breaks {len(mine)} rule(s):\n" + "\n".join(r.line() for r in mine)


@pytest.mark.slow  # validates all of the repository's data
def test_repository_graph_conforms_as_a_whole(repository_report: Report) -> None:
    """Catches violations on nodes no single file describes (e.g. a missing theme scheme)."""
    report = repository_report
    assert report.conforms, "\n".join(r.line() for r in report.violations)
