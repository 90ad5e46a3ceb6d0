"""Hostile documents: region pages broken at random (cut short, lines dropped, doubled or moved, bytes and
characters thrown in, other encodings) either import or fail with one line that says why; never a
traceback, and never a partial output file (issue 13, point 2).

In-process, hypothesis drives the importer itself over hundreds of pages; through the command, a few
broken pages show the exit code, the one-line message and that nothing is written or replaced."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Graph

from byregion import REPO_ROOT
from byregion.importer import import_document
from byregion.importer.errors import DocumentError
from tests.conftest import BYREGION

pytestmark = pytest.mark.slow  # a few hundred imports, and the command run as a process

PAGE = (REPO_ROOT / "data" / "sources" / "notodden.txt").read_bytes()
REFERENCE = Graph().parse(Path(__file__).parent / "fixtures" / "reference.ttl", format="turtle")
LINES = PAGE.decode("utf-8").splitlines(keepends=True)

#: Text that breaks parsers: control characters, NUL, bidi marks, combining marks, emoji, lone surrogates
#: left out (they cannot be UTF-8), look-alike headings and Fakta lines.
NOISE = st.one_of(
    st.text(min_size=1, max_size=40),
    st.sampled_from(["\x00", "\x1b[31m", "\u202e", "\ufeff", "e\u0301", "🙂", "\r", "\t\t", "Fakta", "Fakta\n",
                     "Innbyggere: -1\n", "Areal: 1e400 km²\n", "Kommuner: , , og\n", "Søker: \n", "1.\n",
                     "Dette har byregionen jobbet med\n", "Resultater\n" * 3, "<script>alert(1)</script>\n"]),
)


@st.composite
def broken_pages(draw: st.DrawFn) -> bytes:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["drop", "double", "move", "insert", "cut", "replace"]))
        if not lines:
            break
        at = draw(st.integers(0, len(lines) - 1))
        if kind == "drop":
            del lines[at: at + draw(st.integers(1, 20))]
        elif kind == "double":
            lines[at:at] = lines[at: at + draw(st.integers(1, 10))]
        elif kind == "move":
            block = lines[at: at + draw(st.integers(1, 15))]
            del lines[at: at + len(block)]
            to = draw(st.integers(0, len(lines)))
            lines[to:to] = block
        elif kind == "insert":
            lines.insert(at, draw(NOISE))
        elif kind == "cut":
            lines = lines[:at]
        else:
            line = lines[at]
            pos = draw(st.integers(0, len(line)))
            lines[at] = line[:pos] + draw(NOISE) + line[pos + draw(st.integers(0, 5)):]
    text = "".join(lines)
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "utf-16", "cp1252"]))
    raw = text.encode(encoding, errors="replace")
    if draw(st.booleans()):  # a few bytes of anything, anywhere
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(broken_pages())
def test_a_broken_page_imports_or_fails_with_one_line(raw: bytes) -> None:
    try:
        result = import_document(raw, reference=REFERENCE)
    except DocumentError as error:
        message = str(error)
        assert message and "\n" not in message and "Traceback" not in message
        return
    turtle = result.graph.serialize(format="turtle")
    assert len(Graph().parse(data=turtle, format="turtle")) == len(result.graph)  # what is written reads back


@pytest.mark.parametrize("raw", [b"", b"\xff\xfe\x00", PAGE[:200], b"\x00" * 1000, PAGE.replace(b"Fakta", b"")[:3000]],
                         ids=["empty", "bytes", "cut short", "NULs", "no facts, cut"])
def test_the_command_fails_in_one_line_and_writes_nothing(tmp_path: Path, raw: bytes) -> None:
    page, out = tmp_path / "page.txt", tmp_path / "out.ttl"
    page.write_bytes(raw)
    out.write_text("# the earlier import\n", encoding="utf-8")
    done = subprocess.run([*BYREGION, "import", str(page), "--out", str(out)], capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=300)
    if done.returncode == 0:
        assert Graph().parse(out, format="turtle") is not None
        return
    errors = [line for line in done.stderr.splitlines() if "warning" not in line]
    assert len(errors) == 1 and errors[0].startswith("byregion import: "), done.stderr
    assert "Traceback" not in done.stderr
    assert out.read_text(encoding="utf-8") == "# the earlier import\n"  # nothing replaced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ttl", "page.txt"]  # no half-written file beside it
