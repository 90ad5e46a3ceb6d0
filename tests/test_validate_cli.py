"""``byregion validate`` as a person runs it: a subprocess on a small repository folder."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pytest import CaptureFixture, MonkeyPatch
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from byregion import REPO_ROOT
from byregion.cli import validate as validate_cli
from byregion.namespaces import OA, SCHEMA, SH
from byregion.sources import REQUIRED

pytestmark = pytest.mark.slow  # runs `byregion validate`

BROKEN = Path(__file__).parent / "fixtures" / "broken"
MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", MAIN, "validate", *args],
        capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})},
    )


def make_repo(tmp_path: Path, *mutations: str) -> Path:
    """A repository folder: our shapes, and the minimal fixture (plus mutations) as a region graph."""
    shutil.copytree(REPO_ROOT / "shapes", tmp_path / "shapes")
    graph = Graph().parse(BROKEN / "minimal-valid.ttl", format="turtle")
    for name in mutations:
        graph.update((BROKEN / f"{name}.ru").read_text(encoding="utf-8"))
    (tmp_path / "data" / "regions").mkdir(parents=True)
    graph.serialize(tmp_path / "data" / "regions" / "notodden.ttl", format="turtle")
    for _name, relative in REQUIRED:  # every repository has them (sources.REQUIRED); the fixture holds all it needs
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("# empty: the fixture's region graph holds what it needs\n", encoding="utf-8")
    return tmp_path


def test_valid_data_exits_0_with_a_summary_only(tmp_path: Path) -> None:
    result = run("--repo", str(make_repo(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert result.stdout == "0 violations, 0 warnings\n"


def test_warnings_are_listed_but_exit_0(tmp_path: Path) -> None:
    result = run("--repo", str(make_repo(tmp_path, "missing-en-label")))
    assert result.returncode == 0, result.stderr
    warning, summary = result.stdout.splitlines()
    assert re.fullmatch(
        r"WARNING  Notodden <https://data\.byregion\.no/id/municipality/notodden>  skos:prefLabel  "
        r"No English name yet: .*", warning)
    assert summary == "0 violations, 1 warning"


def test_a_violation_exits_1_with_one_line_per_result_violations_first_naming_the_file(tmp_path: Path) -> None:
    result = run("--repo", str(make_repo(tmp_path, "missing-en-label", "five-digit-code")))
    assert result.returncode == 1, result.stderr
    violation, warning, summary = result.stdout.splitlines()
    assert violation == (
        "VIOLATION  0807 Notodden <https://data.byregion.no/id/municipality/notodden/number/0807>  "
        "skos:notation  Municipality number must be exactly four digits, like 0807 "
        "(one skos:notation, a plain string, leading zero kept)  (value: \"08070\")  (in data/regions/notodden.ttl)"
    )  # the file to open: the named graph that states the offending value
    assert warning.startswith("WARNING  Notodden <")
    assert summary == "1 violation, 1 warning"


def test_a_text_missing_is_said_to_be_missing_in_the_file_that_describes_the_thing(tmp_path: Path) -> None:
    """A statement's Norwegian text removed from the region's page graph, its English one in the curation graph:
    the violation names the page's file, where the text belongs, not the curation file that holds the other
    language (an SRE's review)."""
    repo = make_repo(tmp_path)
    region = tmp_path / "data" / "regions" / "notodden.ttl"
    graph = Graph().parse(region)
    languages = {(s, o.language): o for s, o in graph.subject_objects(SCHEMA.text) if isinstance(o, Literal)}
    statement = next(s for s, lang in languages if lang == "nb" and (s, "en") in languages)
    norwegian, english = languages[(statement, "nb")], [languages[(statement, "en")]]
    graph.remove((statement, SCHEMA.text, None))
    graph.serialize(region, format="turtle")
    (tmp_path / "data" / "curation").mkdir()
    curation = Graph()
    for text in english:
        curation.add((statement, SCHEMA.text, text))
    curation.serialize(tmp_path / "data" / "curation" / "notodden.ttl", format="turtle")
    result = run("--repo", str(repo))
    missing = [line for line in result.stdout.splitlines() if "Needs exactly one Norwegian text" in line]
    assert len(missing) == 1 and missing[0].endswith("(in data/regions/notodden.ttl)"), result.stdout
    assert (statement, SCHEMA.text, norwegian) not in graph


def test_broken_turtle_exits_2_with_one_line_naming_file_and_line(tmp_path: Path) -> None:
    repo = make_repo(tmp_path)
    broken = repo / "data" / "regions" / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unclosed\n')

    result = run("--repo", str(repo))

    assert result.returncode == 2
    assert result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert str(broken) in line and "line 3 column 11" in line and "Unexpected end of file" in line


def test_turtle_format_writes_the_shacl_report_and_the_summary_to_stderr(tmp_path: Path) -> None:
    result = run("--repo", str(make_repo(tmp_path, "population-as-string")), "--format", "turtle")
    assert result.returncode == 1
    report = Graph().parse(data=result.stdout, format="turtle")
    assert (None, RDF.type, SH.ValidationReport) in report
    # The raw report: one result per constraint component (sh:datatype and sh:minInclusive here),
    # all about the one population figure.
    assert {str(f) for f in report.objects(None, SH.focusNode)} == {
        "https://data.byregion.no/id/region/notodden/population"}
    assert result.stderr.splitlines()[-1] == "1 violation, 0 warnings"


def test_the_repository_folder_defaults_to_the_setting(tmp_path: Path) -> None:
    result = run(env={"BYREGION_REPO_DIR": str(make_repo(tmp_path, "overlapping-periods"))})
    assert result.returncode == 1
    assert "overlapping validity periods" in result.stdout


def test_a_folder_without_shapes_exits_2_and_says_so(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    shutil.rmtree(repo / "shapes")
    result = run("--repo", str(repo))
    assert result.returncode == 2
    assert "no shapes found" in result.stderr and "--repo" in result.stderr
    (tmp_path / "empty").mkdir()
    empty = run("--repo", str(tmp_path / "empty"))  # a folder with nothing of ours: the first file it needs is named
    assert empty.returncode == 2 and "ontology/byregion.ttl: missing" in empty.stderr and "--repo" in empty.stderr
    typo = run("--repo", str(tmp_path / "repoo"))  # no such folder: that, not a file of it
    assert typo.returncode == 2 and "repoo: there is no such folder; give --repo" in typo.stderr


@pytest.mark.parametrize("text", ["exit", "violation", "warning", "docs/validation.md"])
def test_help_explains_output_and_exit_codes(text: str) -> None:
    result = run("--help")
    assert result.returncode == 0
    assert text in result.stdout.lower()


def test_progress_stays_silent_and_harmless_when_stderr_is_not_a_terminal(
    monkeypatch: MonkeyPatch, capsys: CaptureFixture[str]
) -> None:
    monkeypatch.setattr(validate_cli, "PROGRESS_DELAY", 0.01)
    errors: list[BaseException | None] = []
    monkeypatch.setattr("threading.excepthook", lambda args: errors.append(args.exc_value))

    with validate_cli.progress("validating"):
        time.sleep(0.3)  # longer than the delay: the indicator would show on a terminal

    assert errors == []
    assert capsys.readouterr().err == ""


def test_a_date_that_is_not_one_is_a_violation_naming_the_node_not_a_crash(tmp_path: Path) -> None:
    result = run("--repo", str(make_repo(tmp_path, "reference-date-not-a-date")))
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    violation = next(line for line in result.stdout.splitlines()
                     if line.startswith("VIOLATION") and "br:referenceDate" in line)
    assert "<https://data.byregion.no/id/region/notodden>  br:referenceDate" in violation
    assert '(value: "1.jan 2015"^^xsd:date)' in violation


def _with_source(repo: Path, text: str) -> Path:
    """``repo`` with ``text`` as the fixture's source page, hashed as the data's source document says."""
    page = repo / "data" / "sources" / "notodden.txt"
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(text, encoding="utf-8")
    region = repo / "data" / "regions" / "notodden.ttl"
    region.write_text(region.read_text(encoding="utf-8").replace("0" * 64, hashlib.sha256(page.read_bytes())
                                                                 .hexdigest()), encoding="utf-8")
    return page


def test_a_statement_whose_text_is_not_its_sources_is_a_violation(tmp_path: Path) -> None:
    """The shapes cannot read files: validate also checks each statement's Norwegian text against the characters
    of its source its selector points at, and the source against its checksum, as the build does (an ontology
    review edited a goal's text and a checksum, and both validated clean)."""
    repo = make_repo(tmp_path)
    graph = Graph().parse(repo / "data" / "regions" / "notodden.ttl")
    text = [" "] * 300  # the fixture's offsets point into no file: here each statement's text is at its offset
    for statement, selector in graph.query("""PREFIX oa: <http://www.w3.org/ns/oa#>
            SELECT ?s ?selector WHERE { ?s <http://www.w3.org/ns/prov#wasDerivedFrom>/oa:hasSelector ?selector .
            ?selector a oa:TextPositionSelector }"""):  # type: ignore[misc]
        start = int(graph.value(selector, OA.start))
        for said in (str(t) for t in graph.objects(statement, SCHEMA.text) if t.language == "nb"):
            text[start:start + len(said)] = said
            graph.set((selector, OA.end, Literal(start + len(said))))
    graph.serialize(repo / "data" / "regions" / "notodden.ttl", format="turtle")
    intro = URIRef("https://data.byregion.no/id/region/notodden/intro/1")
    said = str(next(t for t in graph.objects(intro, SCHEMA.text) if t.language == "nb"))
    start = int(graph.value(URIRef(f"{intro}/source/position"), OA.start))
    end = start + len(said)
    page = _with_source(repo, "".join(text))
    assert run("--repo", str(repo)).returncode == 0  # the text is the page's, the page is the one hashed

    page.write_text("".join(text).replace("større", "mindre"), encoding="utf-8")
    changed = run("--repo", str(repo))
    assert changed.returncode == 1
    assert f"<{intro}>  prov:wasDerivedFrom  its Norwegian text is not characters {start}–{end} of" in changed.stdout
    assert "is not the text https://data.byregion.no/id/source/notodden was made from" in changed.stdout
    assert changed.stdout.strip().endswith("2 violations, 0 warnings")
