"""When each representation last changed (``byregion.docstore.DocumentWriter.date``): a build compares every
representation's ETag with the build before's, so a document's ``Last-Modified`` and the sitemap's ``lastmod`` say
when its body changed, never merely that a build was made. Over real HTTP (app, nginx, Apache):
tests/test_sitemap_http.py and tests/test_export_conditional.py."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from byregion.docstore import DocumentStore, DocumentWriter, representation

pytestmark = pytest.mark.fast

FIRST, SECOND, THIRD = "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"
TURTLE = "text/turtle; charset=utf-8"


def _build(folder: Path, bodies: dict[tuple[str, str], bytes], previous: Path | None, previous_created: str | None,
           created: str) -> Path:
    """A documents.sqlite of these bodies, dated against ``previous`` as ``byregion build`` dates it."""
    folder.mkdir()
    writer = DocumentWriter(folder / "documents.sqlite")
    for path in sorted({path for path, _ in bodies}):
        variants = [variant for p, variant in bodies if p == path]
        writer.add(path, variants, [representation(path, v, TURTLE, bodies[path, v]) for v in variants])
    writer.date(previous, previous_created, created)
    writer.close()
    return folder / "documents.sqlite"


def _dates(store_path: Path) -> dict[tuple[str, str], str | None]:
    store = DocumentStore(store_path)
    try:
        return {(path, r.variant): r.modified for path in store.paths() for r in store.all(path)}
    finally:
        store.close()


def test_a_first_build_knows_no_date_and_answers_with_its_own(tmp_path: Path) -> None:
    first = _build(tmp_path / "1", {("/doc/a", "ttl"): b"a"}, None, None, FIRST)
    assert _dates(first) == {("/doc/a", "ttl"): None}
    store = DocumentStore(first)
    built = datetime(2026, 11, 1, tzinfo=UTC)
    stored = store.get("/doc/a", "ttl")
    store.close()
    assert stored is not None and stored.changed(built) == built


def test_a_changed_or_new_body_changed_with_the_build_and_an_unchanged_one_keeps_its_date(tmp_path: Path) -> None:
    first = _build(tmp_path / "1", {("/doc/a", "ttl"): b"a", ("/doc/a", "html.nb"): b"<p>a",
                                    ("/doc/b", "ttl"): b"b"}, None, None, FIRST)
    # unchanged since a build that knew no date: there it was, unchanged, at that build's date
    second = _build(tmp_path / "2", {("/doc/a", "ttl"): b"a", ("/doc/a", "html.nb"): b"<p>a, changed",
                                     ("/doc/b", "ttl"): b"b", ("/doc/c", "ttl"): b"new"}, first, FIRST, SECOND)
    assert _dates(second) == {("/doc/a", "ttl"): FIRST, ("/doc/a", "html.nb"): SECOND, ("/doc/b", "ttl"): FIRST,
                              ("/doc/c", "ttl"): SECOND}
    third = _build(tmp_path / "3", {("/doc/a", "ttl"): b"a", ("/doc/a", "html.nb"): b"<p>a, changed",
                                    ("/doc/b", "ttl"): b"b, changed", ("/doc/c", "ttl"): b"new"}, second, SECOND, THIRD)
    assert _dates(third) == {("/doc/a", "ttl"): FIRST, ("/doc/a", "html.nb"): SECOND, ("/doc/b", "ttl"): THIRD,
                             ("/doc/c", "ttl"): SECOND}
    store = DocumentStore(third)
    stored = store.get("/doc/a", "ttl")
    store.close()
    assert stored is not None and stored.changed(datetime(2026, 11, 3, tzinfo=UTC)) == datetime(2026, 11, 1,
                                                                                                 tzinfo=UTC)


def test_a_representation_dated_once_keeps_that_date_when_the_build_dates_again(tmp_path: Path) -> None:
    """The build dates its documents, then writes the sitemap of their dates, then dates the sitemap: the first
    dates stand."""
    first = _build(tmp_path / "1", {("/doc/a", "ttl"): b"a"}, None, None, FIRST)
    folder = tmp_path / "2"
    folder.mkdir()
    writer = DocumentWriter(folder / "documents.sqlite")
    writer.add("/doc/a", ["ttl"], [representation("/doc/a", "ttl", TURTLE, b"a")])
    writer.date(first, FIRST, SECOND)
    writer.add("/sitemap.xml", [""], [representation("/sitemap.xml", "", "application/xml", b"<urlset/>")])
    writer.date(first, FIRST, SECOND)
    assert writer.modified(["ttl", ""]) == {("/doc/a", "ttl"): FIRST, ("/sitemap.xml", ""): SECOND}
    writer.close()


@pytest.mark.parametrize("damage", ["not a database", "no tables", "no date"])
def test_a_damaged_or_older_previous_build_tells_what_it_can_and_never_stops_the_build(tmp_path: Path,
                                                                                       damage: str) -> None:
    previous = tmp_path / "previous.sqlite"
    if damage == "not a database":
        previous.write_bytes(b"this is no SQLite file" * 100)
    elif damage == "no tables":
        sqlite3.connect(previous).close()
    else:  # a build made before builds kept dates: its ETags, no table of dates
        made = _build(tmp_path / "old", {("/doc/a", "ttl"): b"a"}, None, None, FIRST)
        connection = sqlite3.connect(made)
        connection.execute("DROP TABLE modified")
        connection.commit()
        connection.close()
        previous = made
    second = _build(tmp_path / "2", {("/doc/a", "ttl"): b"a"}, previous, FIRST, SECOND)
    assert _dates(second) == {("/doc/a", "ttl"): FIRST if damage == "no date" else None}


@pytest.mark.parametrize("where", ["inner pages", "the schema's page"])
def test_a_previous_build_damaged_inside_loses_no_document_of_the_new_one(tmp_path: Path, where: str) -> None:
    """A file of the right size whose pages are broken: SQLite reports it corrupt in the join, which (the writer
    running without a journal) had rolled back every row rendered before, and failed the build (a review)."""
    bodies = {(f"/doc/t{n}", "ttl"): f"body {n} ".encode() * 200 for n in range(300)}
    previous = _build(tmp_path / "1", bodies, None, None, FIRST)
    size = previous.stat().st_size
    with previous.open("r+b") as damaged:
        if where == "inner pages":
            for page in range(3, size // 4096, 3):
                damaged.seek(page * 4096 + 8)
                damaged.write(b"\xff" * 200)
        else:
            damaged.seek(120)
            damaged.write(b"\x00\xff" * 900)
    assert previous.stat().st_size == size
    second = _build(tmp_path / "2", bodies, previous, FIRST, SECOND)
    store = DocumentStore(second)
    try:
        assert len(store.paths()) == 300 and all(store.get(p, v) is not None for p, v in bodies)
    finally:
        store.close()


def test_a_build_dated_against_its_own_file_is_refused_quietly(tmp_path: Path) -> None:
    folder = tmp_path / "1"
    folder.mkdir()
    writer = DocumentWriter(folder / "documents.sqlite")
    writer.add("/doc/a", ["ttl"], [representation("/doc/a", "ttl", TURTLE, b"a")])
    writer.date(folder / "documents.sqlite", FIRST, SECOND)
    assert writer.modified(["ttl"]) == {}
    writer.close()
    assert _dates(folder / "documents.sqlite") == {("/doc/a", "ttl"): None}
