"""What a withdrawn address was, read from the previous build's search index (``byregion.build.withdrawn``).

The diff's reviewer found the look-up a path at a time, each a scan of the whole ``things`` table (its paths are
not indexed): 48 ms a path at the million-triple size, minutes for thousands of withdrawn paths. It is one pass
over the table now; these tests say what that pass must keep.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from byregion.build.withdrawn import described

pytestmark = pytest.mark.fast

REGION = "https://data.byregion.no/def/byregion#CityRegion"


def index(path: Path, rows: list[tuple[str, str, str | None, dict[str, object]]]) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, path TEXT NOT NULL, "
                       "kind TEXT, shown TEXT NOT NULL)")
    connection.executemany("INSERT INTO things (iri, path, kind, shown) VALUES (?, ?, ?, ?)",
                           [(iri, doc, kind, json.dumps(shown)) for iri, doc, kind, shown in rows])
    connection.commit()
    connection.close()
    return path


def test_each_path_wanted_is_described_by_its_first_row_and_no_other_path_is(tmp_path: Path) -> None:
    rows: list[tuple[str, str, str | None, dict[str, object]]] = [
        (f"https://data.byregion.no/id/region/r{i}", f"/doc/region/r{i}", REGION,
         {"titles": {"nb": f"R{i}", "en": f"R{i}"}, "kinds": {"nb": "Byregion", "en": "City region"}})
        for i in range(2_000)]
    rows.append(("https://data.byregion.no/id/region/r7#later", "/doc/region/r7", None, {"titles": {"nb": "x"}}))
    wanted = [f"/doc/region/r{i}" for i in range(0, 2_000, 3)] + ["/doc/region/r7", "/doc/regions"]
    found = described(index(tmp_path / "search.sqlite", rows), wanted)
    assert set(found) == set(wanted) - {"/doc/regions"}  # a list has no thing of its own
    assert found["/doc/region/r999"] == {
        "iri": "https://data.byregion.no/id/region/r999", "label": {"nb": "R999", "en": "R999"},
        "kind": {"iri": REGION, "nb": "Byregion", "en": "City region"}}
    assert found["/doc/region/r7"]["iri"] == "https://data.byregion.no/id/region/r7"  # its first row, not a later


def test_a_missing_or_damaged_index_describes_nothing(tmp_path: Path) -> None:
    assert described(tmp_path / "none.sqlite", ["/doc/region/a"]) == {}
    (tmp_path / "bad.sqlite").write_bytes(b"not a database" * 100)
    assert described(tmp_path / "bad.sqlite", ["/doc/region/a"]) == {}
