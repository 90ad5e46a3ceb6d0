"""Loading the repository's files into one dataset (:func:`byregion.sources.load_dataset`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from byregion import REPO_ROOT, uris
from byregion.namespaces import bind_prefixes
from byregion.rdf_files import parse_path
from byregion.sources import REQUIRED, InputError, load_dataset

pytestmark = pytest.mark.fast

PAGE = """@prefix r: <https://data.byregion.no/id/region/notodden/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
r:goal-1 skos:prefLabel "Mål 1"@nb .
"""


def required(repo: Path) -> Path:
    """The inputs every build needs (``sources.REQUIRED``), empty: the tests here are about the other files."""
    for _name, relative in REQUIRED:
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text("# empty\n", encoding="utf-8")
    return repo


def test_a_required_input_that_is_missing_is_named(tmp_path: Path) -> None:
    required(tmp_path)
    (tmp_path / "ontology" / "themes.ttl").unlink()
    with pytest.raises(InputError, match=r"ontology/themes\.ttl: missing; every build needs it"):
        load_dataset(tmp_path)


def test_each_file_fills_its_own_graph_and_its_prefixes_stay_out_of_the_datasets(tmp_path: Path) -> None:
    """The files are parsed straight into their graphs; the prefixes they declare do not reach the dataset's
    namespace manager, which the validation report is written with (a focus node would read ``r:goal-1``)."""
    (required(tmp_path) / "data" / "regions").mkdir(parents=True)
    (tmp_path / "data" / "regions" / "notodden.ttl").write_text(PAGE, encoding="utf-8")
    dataset = load_dataset(tmp_path)
    goal = URIRef("https://data.byregion.no/id/region/notodden/goal-1")
    page = dataset.graph(uris.graph("region/notodden"))
    assert len(page) == 1 and (goal, None, None) in page
    assert dict(dataset.namespaces()).get("r") is None
    assert set(dataset.namespaces()) == set(bind_prefixes(Dataset()).namespaces())
    assert dataset.namespace_manager.normalizeUri(goal) == f"<{goal}>"


def test_a_broken_file_is_named_with_its_line(tmp_path: Path) -> None:
    (required(tmp_path) / "data" / "regions").mkdir(parents=True)
    broken = tmp_path / "data" / "regions" / "notodden.ttl"
    broken.write_text(PAGE + "r:goal-2 skos:prefLabel .\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"notodden\.ttl: not valid Turtle: .*line 4"):
        load_dataset(tmp_path)


@pytest.mark.parametrize("escaped", ["\\u000B", "\\u000C", "\\u001B", "\\uFFFF"])
def test_a_literal_no_rdf_xml_can_carry_stops_the_load_naming_file_statement_and_character(
        tmp_path: Path, escaped: str) -> None:
    """Valid Turtle (an escape), but the RDF/XML of its documents would not parse (a form feed from pdftotext in
    a curated text had published two RDF/XML documents no parser reads): the build stops before anything is
    written, naming where."""
    (required(tmp_path) / "data" / "regions").mkdir(parents=True)
    (tmp_path / "data" / "regions" / "notodden.ttl").write_text(
        PAGE + f'r:goal-2 skos:prefLabel "Et regionalt{escaped}næringsfond"@nb .\n', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_dataset(tmp_path)
    said = str(refused.value)
    assert said.startswith("data/regions/notodden.ttl: the literal of <https://data.byregion.no/id/region/notodden/"
                           "goal-2> <http://www.w3.org/2004/02/skos/core#prefLabel> holds "), said
    assert f"U+{escaped[2:]}" in said and "Et regionalt" in said and "RDF/XML" in said


def test_a_tab_and_line_breaks_in_a_literal_are_loaded(tmp_path: Path) -> None:
    (required(tmp_path) / "data" / "regions").mkdir(parents=True)
    (tmp_path / "data" / "regions" / "notodden.ttl").write_text(
        PAGE + 'r:goal-2 skos:prefLabel "a\\tb\\nc\\r\\nd\\u0085e\\u2028f"@nb .\n', encoding="utf-8")
    assert len(load_dataset(tmp_path).graph(uris.graph("region/notodden"))) == 2


@pytest.mark.slow
@pytest.mark.parametrize("path", [*sorted(p.relative_to(REPO_ROOT).as_posix()
                                          for folder in ("ontology", "data", "shapes")
                                          for p in (REPO_ROOT / folder).rglob("*.ttl"))])
def test_oxigraph_reads_every_turtle_file_of_the_repository_as_rdflib_does(path: str) -> None:
    """Files are parsed by Oxigraph (:func:`byregion.rdf_files.parse_path`), no longer by rdflib: the same triples,
    blank nodes aside, and the same prefixes (pyshacl writes a result's message with the shapes' prefixes)."""
    ours = parse_path(Graph(bind_namespaces="none"), REPO_ROOT / path)
    rdflibs = Graph(bind_namespaces="none").parse(REPO_ROOT / path, format="turtle")
    assert len(ours) == len(rdflibs) and isomorphic(ours, rdflibs)
    assert set(ours.namespaces()) == set(rdflibs.namespaces())


def test_blank_nodes_of_two_files_with_the_same_labels_stay_apart(tmp_path: Path) -> None:
    (required(tmp_path) / "data" / "curation").mkdir(parents=True)
    for name in ("a", "b"):
        (tmp_path / "data" / "curation" / f"{name}.ttl").write_text(
            f'<https://example.org/{name}> <https://example.org/note> _:b0 .\n'
            f'_:b0 <https://example.org/says> "{name}" .\n', encoding="utf-8")
    dataset = load_dataset(tmp_path)
    notes = {s: o for s, _, o, _ in dataset.quads((None, URIRef("https://example.org/note"), None, None))}
    assert len(notes) == 2 and len(set(notes.values())) == 2
    said = {str(s): str(o) for s, _, o, _ in dataset.quads((None, URIRef("https://example.org/says"), None, None))}
    assert {str(s): said[str(o)] for s, o in notes.items()} == {
        "https://example.org/a": "a", "https://example.org/b": "b"}


def test_a_language_tag_and_an_xsd_string_are_read_as_rdf_compares_them(tmp_path: Path) -> None:
    """``nb-NO`` in lower case and ``"x"^^xsd:string`` as the plain ``"x"``: the same terms in RDF 1.1, as the build's
    store holds them (rdflib's parser kept both as written)."""
    (tmp_path / "terms.ttl").write_text('<https://example.org/a> <https://example.org/label> "Bø"@nb-NO .\n'
                                        '<https://example.org/a> <https://example.org/code> '
                                        '"4228"^^<http://www.w3.org/2001/XMLSchema#string> .\n', encoding="utf-8")
    graph = parse_path(Graph(), tmp_path / "terms.ttl")
    assert set(graph.objects()) == {Literal("Bø", lang="nb-no"), Literal("4228")}


def test_a_file_that_is_not_utf8_is_named_with_its_first_wrong_byte(tmp_path: Path) -> None:
    (required(tmp_path) / "data" / "regions").mkdir(parents=True)
    (tmp_path / "data" / "regions" / "notodden.ttl").write_bytes(PAGE.replace("Mål", "M\xe5l").encode("latin-1"))
    with pytest.raises(InputError, match=r"notodden\.ttl: not UTF-8 \(byte 141\), as Turtle must be"):
        load_dataset(tmp_path)
