"""The notes of the programme's table (data/programme/regions.csv, written in English by the research) have the
project's Norwegian translation each (data/curation/programme-notes.ttl), and the Norwegian pages show it marked as
a translation, with the English original beside it; the English pages show the note as the source wrote it."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.docstore import FILE, DocumentStore
from byregion.namespaces import OA
from byregion.sources import Disagreement, load_dataset, note_translation_warnings
from tests.support.html import parse

pytestmark = pytest.mark.fast

TABLE = REPO_ROOT / "data" / "programme" / "regions.csv"
TRANSLATIONS = REPO_ROOT / "data" / "curation" / "programme-notes.ttl"
ID = "https://data.byregion.no/id/region/"


def notes() -> dict[str, str]:
    with TABLE.open(encoding="utf-8") as table:
        return {row["slug"]: row["note"] for row in csv.DictReader(table) if row["note"].strip()}


def test_every_note_has_one_norwegian_translation_made_from_the_note_as_it_stands() -> None:
    """Each translation follows the English note it was made from, written above it in the file: a note the
    table changes shows here, so that its translation is made again."""
    graph = Graph().parse(TRANSLATIONS)
    text = TRANSLATIONS.read_text(encoding="utf-8")
    for slug, note in notes().items():
        original, body = URIRef(f"{ID}{slug}/quality/note/body"), URIRef(f"{ID}{slug}/quality/note/body/nb")
        values = list(graph.objects(body, RDF.value))
        assert len(values) == 1 and isinstance(values[0], Literal) and values[0].language == "nb", (slug, values)
        # a body of its own (Web Annotation: one rdf:value a body), the note's beside the original it comes from
        assert (body, RDF.type, OA.TextualBody) in graph and (body, PROV.wasDerivedFrom, original) in graph
        assert (URIRef(f"{ID}{slug}/quality/note"), OA.hasBody, body) in graph
        assert (body, DCTERMS.language, URIRef("http://id.loc.gov/vocabulary/iso639-1/nb")) in graph
        assert f"# {note}\n<{body}>" in text, f"{slug}: the note above its translation is not the table's"
    bodies = {str(s) for s in graph.subjects(RDF.value, None)}
    assert bodies == {f"{ID}{slug}/quality/note/body/nb" for slug in notes()}  # none for a note the table dropped


@pytest.mark.slow
def test_a_norwegian_page_shows_the_translation_and_the_original_and_an_english_page_the_note(
        real_build: PublishedBuild) -> None:
    store = DocumentStore(real_build.path / FILE)
    try:
        nb, _ = parse(store.get("/doc/region/fjellregionen", "html.nb").body.decode("utf-8"))  # type: ignore[union-attr]
        en, _ = parse(store.get("/doc/region/fjellregionen", "html.en").body.decode("utf-8"))  # type: ignore[union-attr]
    finally:
        store.close()
    note = nb.find("li", id="quality-note")
    assert "Røros og Holtålen lå i Sør-Trøndelag (fylke 16), de andre i Hedmark (04)." in note.text
    assert "Oversettelse" in note.text and "Original (engelsk)" in note.text
    assert note.find("p", lang="en").text == notes()["fjellregionen"]
    assert "som kilden skrev den" not in note.text
    english = en.find("li", id="quality-note")
    assert notes()["fjellregionen"] in english.text and "Translation" not in english.text


# ----------------------------------------------------------------- the build checks the translations against the table

ELVERUM = "elverumregionen,Elverumregionen,04,,,3,secondary,http://ernu.no/om-ernu/regionale-prosjekter/byregionprogrammet,"
MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


def notes_repo(tmp_path: Path) -> Path:
    """The programme's tables and the translations of their notes, to change as a data maintainer would."""
    repo = tmp_path / "repo"
    shutil.copytree(REPO_ROOT / "data" / "programme", repo / "data" / "programme")
    (repo / "data" / "curation").mkdir(parents=True)
    shutil.copy(TRANSLATIONS, repo / "data" / "curation" / TRANSLATIONS.name)
    return repo


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_repositorys_translations_are_each_made_from_the_note_as_it_stands() -> None:
    assert note_translation_warnings(REPO_ROOT) == []


def test_a_note_changed_in_the_table_is_said_to_have_a_translation_of_the_old_note(tmp_path: Path) -> None:
    """The Norwegian pages would show the old translation beside the new original: the build warns, naming the
    file, the translation, the note it was made from and the table's line with the new one."""
    repo = notes_repo(tmp_path)
    edit(repo / "data" / "programme" / "regions.csv", f"{ELVERUM}New in phase 2.",
         f'{ELVERUM}"Members from a secondary source; not new in phase 2."')
    assert note_translation_warnings(repo) == [
        f"data/curation/programme-notes.ttl: <{ID}elverumregionen/quality/note/body/nb> was made from the note "
        "'New in phase 2.', but data/programme/regions.csv, line 27, now says 'Members from a secondary source; "
        "not new in phase 2.': translate the note again, and write it in the comment above the translation"]


def test_a_translation_that_does_not_say_which_note_it_translates_is_named(tmp_path: Path) -> None:
    repo = notes_repo(tmp_path)
    edit(repo / "data" / "curation" / TRANSLATIONS.name, "# New in phase 2.\n", "")
    [warning] = note_translation_warnings(repo)
    assert warning.startswith(f"data/curation/programme-notes.ttl: <{ID}elverumregionen/quality/note/body/nb> "
                              "does not say which English note it translates")


def test_a_note_added_without_a_translation_is_named_with_its_line(tmp_path: Path) -> None:
    repo = notes_repo(tmp_path)
    table = repo / "data" / "programme" / "regions.csv"
    lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
    [at] = [n for n, line in enumerate(lines) if line.startswith("notodden,")]
    assert lines[at].rstrip("\n").endswith(",")  # no note yet
    lines[at] = lines[at].rstrip("\n") + "Checked against the region's page.\n"
    table.write_text("".join(lines), encoding="utf-8")
    assert note_translation_warnings(repo) == [
        f"data/programme/regions.csv, line {at + 1}: the note on notodden has no Norwegian translation in "
        "data/curation/programme-notes.ttl, so the Norwegian pages show it in English only: add "
        f"<{ID}notodden/quality/note/body/nb> with the note, as the table has it, in a comment on the line above it"]


def test_byregion_build_prints_the_warnings_as_it_prints_its_others(tmp_path: Path) -> None:
    repo = notes_repo(tmp_path)
    edit(repo / "data" / "programme" / "regions.csv", f"{ELVERUM}New in phase 2.", f"{ELVERUM}New in phase two.")
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(repo), "--build-dir",
                           str(tmp_path / "builds")], capture_output=True, text=True, timeout=120)
    said = [line for line in done.stderr.splitlines() if "programme-notes.ttl" in line]
    assert said == [f"byregion build: warning: data/curation/programme-notes.ttl: <{ID}elverumregionen/quality/note/"
                    "body/nb> was made from the note 'New in phase 2.', but data/programme/regions.csv, line 27, now "
                    "says 'New in phase two.': translate the note again, and write it in the comment above the "
                    "translation"], done.stderr


@pytest.mark.slow  # copies and loads all of the repository's data
def test_a_translation_of_a_note_the_table_no_longer_has_is_refused_naming_the_file_and_the_iri(
        tmp_path: Path) -> None:
    """Its note and English body answer 410; the Norwegian body would go on being published, derived from them."""
    repo = tmp_path / "repo"
    for folder in ("ontology", "data", "shapes"):
        shutil.copytree(REPO_ROOT / folder, repo / folder)
    edit(repo / "data" / "programme" / "regions.csv",
         "\"Members from the municipality's own page, not a Fakta block.\"", "")
    with pytest.raises(Disagreement) as caught:
        load_dataset(repo)
    assert (f"data/curation/programme-notes.ttl: <{ID}alesundregionen/quality/note/body/nb> translates the note on "
            "alesundregionen, but data/programme/regions.csv has no note on it (line 21): the note and its English "
            "body are gone (410)") in str(caught.value)
