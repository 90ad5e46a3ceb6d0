"""Validation in parts (byregion/validate_parallel.py) gives the report validating the whole gives.

Each part is validated in a worker process on the closure of its focus nodes; these tests cut the data
into parts far smaller than a build would (one page each) so that every way a shape reaches out of a
page is crossed: a member's number in the reference data, a membership listed by another page (an
inverse path), the theme scheme.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.process
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, Namespace, Node, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, RDF, XSD

from byregion import REPO_ROOT, sources, uris
from byregion.cli.synth import copy_repository, write_pages
from byregion.namespaces import BR, SCHEMA, SH
from byregion.validate import Report, load_shapes, validate
from byregion.validate_parallel import Neighbours, Part, _run, closure, plan, shapes_reach, validate_in_parts
from tests.support.query_processes import alive
from tests.support.reference import cut_reference

pytestmark = pytest.mark.slow  # loads or builds the whole data

BR_NS = "https://data.byregion.no/def/byregion#"
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
INDRE_OSTFOLD = uris.municipality("indre-ostfold")  # made on 2020-01-01
SCHEME = URIRef("https://data.byregion.no/id/scheme/themes")


def assert_same(parts: Report, whole: Report) -> None:
    assert parts.conforms == whole.conforms
    assert parts.results == whole.results
    assert [r.line() for r in parts.results] == [r.line() for r in whole.results]
    assert isomorphic(parts.graph, whole.graph)


@pytest.fixture(scope="module")
def repository(repository_dataset: Dataset) -> Dataset:
    """The repository's data (tests/conftest.py): no test here changes it; those that need changed data load their
    own copy."""
    return repository_dataset


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load_shapes(REPO_ROOT)


def test_the_shapes_are_followed_backwards_only_along_inverse_paths_and_sparql_patterns_ending_at_this(
        shapes: Graph) -> None:
    reach = shapes_reach(shapes)
    assert reach.problem is None
    geo = "http://www.opengis.net/ont/geosparql#"  # a geometry's feature
    statements = {BR.introduction, BR.goal, BR.result, BR.advice, BR.followUp, BR.applicationExcerpt}  # listed by
    assert reach.backward == {BR.membership, BR.municipalityNumber, BR.countyNumber, BR.caption,  # their region
                              URIRef(geo + "hasGeometry"), *statements,
                              BR.section, BR.participation}  # a section and a phase participation: listed by it


def test_a_pages_closure_holds_what_the_shapes_read_from_it_and_not_the_whole_reference(
        repository: Dataset, shapes: Graph) -> None:
    dataset = repository
    reach, groups = plan(dataset, shapes, part_triples=5_000)
    page = groups[1]  # the Notodden page with its curation, and its region
    neighbours = Neighbours.of(dataset, reach)
    triples = set(closure(neighbours, page, reach))
    # The neighbours of the members' boundaries link every geometry; the closure stops where the shapes do.
    assert len(triples) < sum(len(g) for g in dataset.graphs()) / 10

    def objects(subject: Node, predicate: URIRef) -> set[Node]:
        return {o for g in dataset.graphs() for o in g.objects(subject, predicate)}

    # brsh:Membership-validOnProgrammeDate reads the validity of a member's numbers: membership, member,
    # number, two steps from a membership of the page.
    memberships = {n for n in page if (n, RDF.type, ORG.Membership) in triples}
    assert len(memberships) >= 4  # the page's, and the programme's list of the region's members
    members = {m for ms in memberships for m in objects(ms, ORG.member)}
    numbers = {n for m in members for n in objects(m, BR.municipalityNumber)}
    validity = {(n, p, o) for n in numbers for p in (SCHEMA.validFrom, SCHEMA.validThrough) for o in objects(n, p)}
    assert validity and validity <= triples
    assert not validity & set(closure(neighbours, page, replace(reach, depth=1)))  # the depth is what holds them


def test_a_page_part_takes_its_region_and_the_regions_geometry_from_the_shared_graphs(
        repository: Dataset, shapes: Graph) -> None:
    # The region is also in the programme's graph and its geometry only in the geometry graph; in the shared
    # part, their closure would take in every page (measured at 1M: 948,722 of 1,000,186 triples).
    dataset = repository
    _, groups = plan(dataset, shapes, part_triples=5_000)
    shared, page = groups
    region = uris.region("notodden")
    geometries = {o for g in dataset.graphs() for o in g.objects(region, GEO.hasGeometry)}
    assert region in page and geometries and geometries <= page
    assert not shared & page


@pytest.fixture(scope="module")
def without_geometry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository without its boundary files and with the reference data cut to what its regions use
    (tests/support/reference.py): the geometry graph and the reference graph, shared graphs validated whole,
    take most of the time and are not what the tests using this are about (the repository's own test keeps
    them)."""
    repo = tmp_path_factory.mktemp("no-geometry") / "repo"
    repo.mkdir()
    copy_repository(REPO_ROOT, repo)
    shutil.rmtree(repo / "data" / "reference" / "geo")
    cut_reference(repo)
    return repo


def test_a_sparql_constraint_that_reads_the_whole_graph_is_validated_whole(without_geometry: Path, shapes: Graph
                                                                          ) -> None:
    extra = Graph().parse(data=f"""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:x:shape> a sh:NodeShape ; sh:targetClass <{BR_NS}CityRegion> ;
            sh:sparql [ sh:select "SELECT $this WHERE {{ ?other a <{BR_NS}CityRegion> }}" ] .
        """, format="turtle")
    reach = shapes_reach(shapes + extra)
    assert reach.problem is not None and "not connected to $this" in reach.problem
    dataset = sources.load_dataset(without_geometry)
    assert plan(dataset, shapes + extra, part_triples=100) == (reach, [])


def test_the_repositorys_data_gets_the_same_report_in_parts_as_whole(repository: Dataset, shapes: Graph,
                                                                     repository_report: Report) -> None:
    dataset = repository
    _, groups = plan(dataset, shapes, part_triples=100)
    assert len(groups) == 2  # the shared graphs, and the Notodden page with its curation
    # repository_report (tests/conftest.py) is validate(dataset, shapes), made once for the run
    assert_same(validate_in_parts(dataset, shapes, jobs=2, part_triples=100), repository_report)


@pytest.fixture(scope="module")
def synthetic_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository with four synthetic pages, imported by the real importer; without the boundary files and
    with the reference data cut to what the regions use, as in ``without_geometry`` (the repository's own test,
    test_the_repositorys_data_gets_the_same_report_in_parts_as_whole, has all of them). Indre Østfold stays in
    the reference data: ``broken`` makes it a member."""
    repo = tmp_path_factory.mktemp("synth") / "repo"
    repo.mkdir()
    copy_repository(REPO_ROOT, repo)
    shutil.rmtree(repo / "data" / "reference" / "geo")
    pages, _ = write_pages(repo, seed=7, jobs=1, base=0, wanted=1_500)
    assert pages >= 3
    cut_reference(repo, also=[INDRE_OSTFOLD])
    return repo


def broken(repo: Path, tmp_path: Path) -> Path:
    """A copy of ``repo`` with violations that only data outside their page can reveal."""
    copy = tmp_path / "repo"
    shutil.copytree(repo, copy)
    first, second, third = sorted((copy / "data/regions").glob("synth-*.ttl"))[:3]
    one, two = Graph().parse(first), Graph().parse(second)
    # 1. A member that had no number on the region's reference date: only the reference data says so.
    membership = next(one.subjects(ORG.role, BR.partner))
    one.set((membership, ORG.member, INDRE_OSTFOLD))  # made on 2020-01-01
    # 2. The second page lists a membership of the first: ^br:membership, seen from the first page.
    region_two = next(two.subjects(RDF.type, BR.CityRegion))
    two.add((region_two, BR.membership, next(one.subjects(ORG.role, BR.applicant))))
    # 3. A population written as a string: a violation on the page alone.
    figure = next(one.subjects(RDF.type, BR.PopulationFigure))
    one.set((figure, SCHEMA.value, Literal("lots", datatype=XSD.string)))
    one.serialize(first, format="turtle")
    two.serialize(second, format="turtle")
    # 4. A statement tagged with a theme that is not in the scheme: sh:class on the themes graph.
    three = Graph().parse(third)
    statement = next(three.subjects(RDF.type, BR.Goal))
    three.add((statement, URIRef("http://purl.org/dc/terms/subject"), uris.region("notodden")))
    three.serialize(third, format="turtle")
    # 5. The theme scheme, a target node of its shape (sh:targetNode), of which no triple is left: the part that
    # holds no triple of it must still report it, as validating the whole does.
    themes = Graph().parse(copy / "ontology/themes.ttl")
    themes.remove((SCHEME, None, None))
    themes.serialize(copy / "ontology/themes.ttl", format="turtle")
    return copy


def test_a_synthetic_repository_with_violations_gets_the_same_report_in_parts_as_whole_naming_graphs(
        synthetic_repo: Path, tmp_path: Path) -> None:
    repo = broken(synthetic_repo, tmp_path)
    dataset = sources.load_dataset(repo)
    shapes = load_shapes(repo)
    _, groups = plan(dataset, shapes, part_triples=100)
    assert len(groups) >= 5  # the shared graphs, Notodden, and one part per synthetic page
    whole = validate(dataset, shapes)
    parts = validate_in_parts(dataset, shapes, jobs=2, part_triples=100)
    assert_same(parts, whole)
    assert any("Indre Østfold has no municipality number valid" in r.message for r in whole.violations)
    assert any(r.path == "^br:membership" for r in whole.violations)
    # written "lots"^^xsd:string, read as the plain literal it is in RDF 1.1 (Oxigraph's parser: byregion.rdf_files)
    assert any(r.value == Literal("lots") for r in whole.violations)
    assert any(r.value == uris.region("notodden") for r in whole.violations)
    assert any(r.focus == SCHEME for r in whole.violations)
    assert {r.severity for r in parts.results} == {"Violation", "Warning"}
    # Each result names the graphs of its focus node (assert_same compares them with the whole's), but for the
    # scheme, which no graph holds any more; and the report graph keeps each result's severity.
    assert parts.warnings and all(bool(r.graphs) == (r.focus != SCHEME) for r in parts.results)
    assert {SH.Violation, SH.Warning} == set(parts.graph.objects(None, SH.resultSeverity))


def test_a_stopped_validation_ends_its_processes_at_once(synthetic_repo: Path) -> None:
    """Stopped (the build's command ended, Ctrl-C) after its first part, the parts' processes end now, not after the
    parts they were given: a build killed while its validation ran in parts had held the build's lock seconds after
    (a re-check)."""
    dataset, shapes = sources.load_dataset(synthetic_repo), load_shapes(synthetic_repo)
    reach, groups = plan(dataset, shapes, part_triples=100)
    neighbours = Neighbours.of(dataset, reach)
    parts = (Part(group, closure(neighbours, group, reach)) for group in groups)
    before = set(multiprocessing.active_children())
    seen: list[list[multiprocessing.process.BaseProcess]] = []
    stopped = 0.0

    def stop(_: int) -> None:
        nonlocal stopped
        seen.append([child for child in multiprocessing.active_children() if child not in before])
        stopped = time.monotonic()
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        _run(parts, list(shapes), 2, stop)
    assert time.monotonic() - stopped < 2 and len(groups) >= 5  # parts were left, and one running
    (processes,) = seen
    assert len(processes) == 2 and not any(alive(process.pid) for process in processes if process.pid is not None)

