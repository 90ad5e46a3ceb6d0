"""The notes of the programme's table (data/programme/regions.csv, written in English by the research) have the
project's Norwegian translation each (data/curation/programme-notes.ttl), and the Norwegian pages show it marked as
a translation, with the English original beside it; the English pages show the note as the source wrote it."""

from __future__ import annotations

import csv

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.docstore import FILE, DocumentStore
from byregion.namespaces import OA
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
