"""``byregion import`` as a maintainer runs it: a real subprocess, exit codes, stderr, files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from byregion import REPO_ROOT
from byregion.namespaces import BR, SCHEMA

pytestmark = pytest.mark.slow  # runs `byregion import`

FIXTURES = Path(__file__).parent / "fixtures"
DOCUMENTS = FIXTURES / "documents"
ID = "https://data.byregion.no/id/"


def run_import(document: Path, out: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from byregion.cli import main; sys.exit(main())"
    return subprocess.run(
        [sys.executable, "-c", code, "import", str(document), "--out", str(out),
         "--reference", str(FIXTURES / "reference.ttl"), *extra],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=120, check=False)


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.strip()]


def _binary(tmp: Path) -> Path:
    path = tmp / "picture.txt"
    path.write_bytes(bytes(range(256)) * 4)
    return path


def _empty(tmp: Path) -> Path:
    path = tmp / "empty.txt"
    path.write_bytes(b"")
    return path


def _blank(tmp: Path) -> Path:
    path = tmp / "blank.txt"
    path.write_bytes(b"  \n\n\t\n")
    return path


def _utf16(tmp: Path) -> Path:
    path = tmp / "utf16.txt"
    path.write_bytes((DOCUMENTS / "nynorsk.txt").read_text(encoding="utf-8").encode("utf-16"))
    return path


def _unknown_encoding(tmp: Path) -> Path:
    path = tmp / "mystery.txt"  # invalid UTF-8, and 0x81/0x8d are undefined in Windows-1252
    path.write_bytes(b"Region\n\nM\x81l for \x8dregionen\n\n  \x81 tekst\n")
    return path


def _no_sections(tmp: Path) -> Path:
    return DOCUMENTS / "no-sections.txt"


def _english(tmp: Path) -> Path:
    """A page in English (an unseen-pages review: imported as Bokmål, "Results" read as "Resultat")."""
    return DOCUMENTS / "refused" / "english.txt"


def _saved_web_page(tmp: Path) -> Path:
    """A region page saved from a browser as HTML, its tags on lines of their own: its text would import as
    markup (a title "<!DOCTYPE html>", tags as Norwegian text) were it not refused."""
    text = (DOCUMENTS / "nynorsk.txt").read_text(encoding="utf-8")
    path = tmp / "page.html"
    path.write_text("\n<!DOCTYPE html>\n<html lang=\"nb\">\n<body>\n" + text + "\n</body>\n</html>\n",
                    encoding="utf-8")
    return path


def _huge(tmp: Path) -> Path:
    """A page far past any region page's size: its import would take minutes and gigabytes."""
    text = (DOCUMENTS / "nynorsk.txt").read_text(encoding="utf-8")
    path = tmp / "huge.txt"
    path.write_text(text + "  • Lorem ipsum dolor sit amet, konsekvent tekst.\n" * 5_000, encoding="utf-8")
    return path


@pytest.mark.parametrize(("make", "expected"), [
    (_huge, "more than a region page has (at most 200,000: BYREGION_IMPORT_MAX_BYTES)"),
    (_empty, "empty"), (_blank, "empty"), (_binary, "binary"), (_utf16, "UTF-16"),
    (_unknown_encoding, "not UTF-8 (invalid at line 3, column 2"),
    (_no_sections, "no section of the region page template"),
    (_english, "the page reads as English"),
    (_saved_web_page, "is HTML or XML (it starts with '<!DOCTYPE html>')"),
])
def test_bad_input_gives_one_line_a_non_zero_exit_and_no_file(make, expected: str, tmp_path: Path) -> None:
    document = make(tmp_path)
    out = tmp_path / "out" / "region.ttl"
    result = run_import(document, out)
    assert result.returncode == 1
    lines = error_lines(result)
    assert len(lines) == 1 and expected in lines[0] and str(document) in lines[0], result.stderr
    assert not out.exists()
    assert not out.parent.exists() or list(out.parent.iterdir()) == []


def test_latin1_document_is_decoded_and_imported_like_utf8(tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes((DOCUMENTS / "nynorsk.txt").read_text(encoding="utf-8").encode("cp1252"))
    out_latin, out_utf8 = tmp_path / "latin.ttl", tmp_path / "utf8.ttl"
    result = run_import(latin, out_latin)
    assert result.returncode == 0, result.stderr
    assert "Windows-1252" in result.stderr
    assert run_import(DOCUMENTS / "nynorsk.txt", out_utf8).returncode == 0
    texts = lambda path: {o for o in Graph().parse(path).objects(None, SCHEMA.text)}  # noqa: E731
    assert texts(out_latin) == texts(out_utf8)
    assert Literal("Ein felles strategi for busetjing er vedteken i alle kommunane.", lang="nn") in texts(out_latin)


def test_a_page_cut_off_before_its_facts_is_imported_with_warnings(tmp_path: Path) -> None:
    """Issue 3: import what is there, warn about the rest (no date, population, area or members)."""
    out = tmp_path / "region.ttl"
    result = run_import(DOCUMENTS / "truncated.txt", out)
    assert result.returncode == 0, result.stderr
    assert "middle of a sentence" in result.stderr and "'Fakta …'" in result.stderr
    shacl = [line for line in error_lines(result) if ": SHACL " in line]
    for missing in ("No br:referenceDate", "No br:population", "No br:area", "No member municipalities"):
        assert any(f"SHACL warning: {missing}" in line and "region/vestfjord>" in line for line in shacl), missing
    assert not any("SHACL violation" in line or "nothing was written" in line for line in error_lines(result))
    graph = Graph().parse(out)
    assert (URIRef(ID + "region/vestfjord"), RDF.type, BR.CityRegion) in graph
    texts = set(graph.objects(None, SCHEMA.text))
    assert Literal("Et mål som er helt.", lang="nb") in texts
    assert Literal("Et mål som stopper midt i en set", lang="nb") not in texts  # the cut fragment is no goal


def test_invalid_output_is_not_written_and_an_older_file_survives(tmp_path: Path) -> None:
    # Shapes that insist on a reference date, as a stricter publisher might: the cut-off page breaks them.
    shapes = tmp_path / "shapes"
    shapes.mkdir()
    strict = (REPO_ROOT / "shapes/byregion.ttl").read_text(encoding="utf-8") + """
brsh:StrictRegion a sh:NodeShape ; sh:targetClass br:CityRegion ;
    sh:property [ sh:path br:referenceDate ; sh:minCount 1 ; sh:message "reference date required"@en ] .
"""
    (shapes / "byregion.ttl").write_text(strict, encoding="utf-8")
    out = tmp_path / "region.ttl"
    out.write_text("# the previous import\n", encoding="utf-8")
    result = run_import(DOCUMENTS / "truncated.txt", out, "--shapes", str(shapes))
    assert result.returncode == 3
    last = error_lines(result)[-1]
    assert "breaks 1 SHACL rule(s)" in last and "reference date required" in last and "nothing was written" in last
    assert out.read_text(encoding="utf-8") == "# the previous import\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["region.ttl", "shapes"]  # no temporary file left


def test_unknown_municipality_is_a_shacl_warning_not_a_violation(tmp_path: Path) -> None:
    out = tmp_path / "region.ttl"
    result = run_import(DOCUMENTS / "older-layout.txt", out)
    assert result.returncode == 0, result.stderr
    assert "'Ukjentby'" in result.stderr
    assert "SHACL warning: Municipality has no municipality number" in result.stderr
    graph = Graph().parse(out)
    assert (URIRef(ID + "region/notodden/municipality/ukjentby"), RDF.type, BR.Municipality) in graph


def test_markup_survives_the_command_verbatim(tmp_path: Path) -> None:
    out = tmp_path / "markby.ttl"
    assert run_import(DOCUMENTS / "markup.txt", out).returncode == 0
    texts = {str(o) for o in Graph().parse(out).objects(None, SCHEMA.text)}
    assert "Å lære av <b>andre</b> & dele \"gode\" eksempler." in texts


@pytest.mark.parametrize("page", ["fjell-older.txt", "cut-in-facts.txt"])
def test_pages_of_issue_14_pass_the_shapes_with_the_programmes_list(page: str, tmp_path: Path) -> None:
    """Captions, a project page's own IRIs and an incomplete member list are valid output (exit 0)."""
    out = tmp_path / "region.ttl"
    result = run_import(DOCUMENTS / page, out, "--programme-data", str(FIXTURES / "programme"))
    assert result.returncode == 0, result.stderr
    assert not any("SHACL violation" in line for line in error_lines(result))
    assert (URIRef(ID + "region/fjellregionen"), RDF.type, BR.CityRegion) in Graph().parse(out)


def _broken_reference(tmp: Path) -> list[str]:
    path = tmp / "reference.ttl"
    path.write_text("<urn:a> <urn:b> <urn:c> ;\n  this is not turtle\n", encoding="utf-8")
    return ["--reference", str(path)]


def _no_shapes(tmp: Path) -> list[str]:
    (tmp / "shapes").mkdir()
    return ["--shapes", str(tmp / "shapes")]


def _broken_shapes(tmp: Path) -> list[str]:
    (tmp / "shapes").mkdir()
    (tmp / "shapes" / "byregion.ttl").write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n sh:x sh:y\n",
                                                 encoding="utf-8")
    return ["--shapes", str(tmp / "shapes")]


@pytest.mark.parametrize(("make", "expected"), [
    (_broken_reference, "the reference data is not valid Turtle"),
    (_no_shapes, "no SHACL shapes (*.ttl) to check the output with"),
    (_broken_shapes, "the SHACL shapes cannot be read"),
], ids=["broken reference", "no shapes", "broken shapes"])
def test_a_file_besides_the_page_that_cannot_be_used_stops_the_import_saying_which(
        make, expected: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The output is always checked against the shapes: without shapes, or with unreadable ones, nothing is
    written unchecked; a broken reference file is named, not a traceback."""
    out = tmp_path / "region.ttl"
    result = run_import(DOCUMENTS / "truncated.txt", out, *make(tmp_path))
    assert result.returncode == 1, result.stderr
    assert expected in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_out_that_is_a_folder_is_refused_saying_what_to_give(tmp_path: Path) -> None:
    result = run_import(DOCUMENTS / "truncated.txt", tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    # said first and alone: no warning about the page's name before it, no page read
    assert error_lines(result) == [f"byregion import: {tmp_path} is a folder; --out names the Turtle file to write, "
                                   f"such as {tmp_path / 'truncated.ttl'}"]
    assert list(tmp_path.iterdir()) == []  # no temporary file left


def test_an_out_that_is_the_page_itself_is_refused_and_the_page_kept(tmp_path: Path) -> None:
    """An unseen-pages review: ``--out`` naming the page wrote the Turtle over it, exit 0, and the page the docs
    say to keep byte for byte was gone."""
    page = tmp_path / "truncated.txt"
    shutil.copy(DOCUMENTS / "truncated.txt", page)
    before = page.read_bytes()
    linked = tmp_path / "linked.txt"  # another name of the same file
    linked.symlink_to(page)
    for out in (page, tmp_path / "sub" / ".." / "truncated.txt", linked):
        (tmp_path / "sub").mkdir(exist_ok=True)
        result = run_import(page, out)
        assert result.returncode == 1 and "is the page itself" in result.stderr, result.stderr
        assert page.read_bytes() == before


def test_an_out_in_a_folder_that_does_not_exist_is_refused_and_no_folder_made(tmp_path: Path) -> None:
    """An unseen-pages review: a typo in --out's folder made the folders, which no build reads."""
    result = run_import(DOCUMENTS / "truncated.txt", tmp_path / "data" / "region" / "truncated.ttl")
    assert result.returncode == 1 and "does not exist" in result.stderr, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_notodden_page_imports_without_a_warning_that_its_region_is_not_in_the_programme(tmp_path: Path) -> None:
    """The shapes ask the programme's table for the region's confidence; the import gives them the table's word
    (it warned that Notodden, the table's first row, was not in it)."""
    out = tmp_path / "notodden.ttl"
    result = run_import(REPO_ROOT / "data" / "sources" / "notodden.txt", out,
                        "--reference", str(REPO_ROOT / "data" / "reference" / "norway.ttl"))
    assert result.returncode == 0, result.stderr
    assert "not in the programme's table" not in result.stderr
    assert out.exists()


def test_a_page_titled_by_its_project_is_known_by_its_regions_row(tmp_path: Path) -> None:
    """A page titled by its project ("Fjell og by i samspill", about Fjellregionen) is checked with the confidence
    of its region's row in the programme's table, found by the region's slug, not the page's: it was warned that
    the region is not in the table."""
    result = run_import(DOCUMENTS / "fjell-older.txt", tmp_path / "fjell.ttl")
    assert result.returncode == 0, result.stderr
    assert "programme's table" not in result.stderr, result.stderr


def test_the_import_is_readable_as_any_file_the_user_makes(tmp_path: Path) -> None:
    """The output's mode follows the umask (0644 with the usual 022), not the temporary file's private 0600."""
    out = tmp_path / "region.ttl"
    assert run_import(DOCUMENTS / "nynorsk.txt", out).returncode == 0
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_import_prints_the_pages_slug_and_warns_when_the_files_are_named_otherwise(tmp_path: Path) -> None:
    """docs/importing.md step 1: the import prints the slug its files are named by. Saved under another name, the
    page imports, but the build would look for its source under the slug and fail far from the cause."""
    named = run_import(DOCUMENTS / "nynorsk.txt", tmp_path / "region.ttl")
    slug = named.stdout.strip()
    assert named.returncode == 0 and slug and slug.isascii() and " " not in slug, named.stdout
    renamed = tmp_path / f"{slug}.txt"
    renamed.write_bytes((DOCUMENTS / "nynorsk.txt").read_bytes())
    quiet = run_import(renamed, tmp_path / f"{slug}.ttl")
    assert quiet.stdout.strip() == slug and "named otherwise" not in quiet.stderr
    assert f"the page's slug is {slug!r}" in named.stderr and "named otherwise" in named.stderr


def test_the_files_read_beside_the_page_come_from_the_repository_given(tmp_path: Path) -> None:
    """``--repo`` (or BYREGION_REPO_DIR) names the repository whose reference data, themes, programme and shapes
    the page is read with: not the checkout the command is installed from."""
    repo = tmp_path / "repo"
    (repo / "data" / "reference").mkdir(parents=True)
    (repo / "data" / "reference" / "norway.ttl").write_text("garbage ;;;\n", encoding="utf-8")
    shutil.copytree(REPO_ROOT / "shapes", repo / "shapes")
    code = "import sys; from byregion.cli import main; sys.exit(main())"
    for extra, env in ((("--repo", str(repo)), {}), ((), {"BYREGION_REPO_DIR": str(repo)})):
        result = subprocess.run(
            [sys.executable, "-c", code, "import", str(REPO_ROOT / "data/sources/notodden.txt"),
             "--out", str(tmp_path / "out.ttl"), *extra],
            capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False,
            env={"PATH": "/usr/bin:/bin", **env})
        assert result.returncode == 1, result.stderr
        assert f"{repo / 'data/reference/norway.ttl'}: the reference data is not valid Turtle" in result.stderr
        assert not (tmp_path / "out.ttl").exists()
