"""A statement's Norwegian text is the characters of its source its selector points at
(``byregion.build.render.sources.misquoted``), counted as the importer counts them: in the text as decoded, a UTF-8
byte order mark dropped and CRLF line ends kept (the text writes its line ends LF). A selector whose offsets are no
integers is the shapes' to report."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, Dataset, Literal, URIRef

from byregion.build.render.sources import misquoted
from byregion.namespaces import BASE, OA, PROV, SCHEMA

pytestmark = pytest.mark.fast

GOAL = URIRef(f"{BASE}/id/region/testby/goal/1")
SAID = "å dele kunnskap"


def dataset(start: object, end: object, text: str = SAID) -> Dataset:
    data = Dataset()
    source, resource, selector = (URIRef(f"{BASE}/id/source/testby"), URIRef(f"{GOAL}/source"),
                                  URIRef(f"{GOAL}/source/position"))
    for triple in ((GOAL, SCHEMA.text, Literal(text, lang="nb")), (GOAL, PROV.wasDerivedFrom, resource),
                   (resource, OA.hasSource, source), (resource, OA.hasSelector, selector),
                   (selector, RDF.type, OA.TextPositionSelector), (selector, OA.start, Literal(start)),
                   (selector, OA.end, Literal(end)), (source, SCHEMA.url, URIRef(f"{BASE}/source/testby.txt"))):
        data.add(triple)
    return data


def page(repo: Path, raw: bytes) -> None:
    (repo / "data" / "sources").mkdir(parents=True, exist_ok=True)
    (repo / "data" / "sources" / "testby.txt").write_bytes(raw)


@pytest.mark.parametrize("raw", [
    "Testby\n\nMål\n\n  • å dele kunnskap\n".encode(),
    "Testby\r\n\r\nMål\r\n\r\n  • å dele kunnskap\r\n".encode(),  # saved on Windows: CRLF
    "\ufeffTestby\r\n\r\nMål\r\n\r\n  • å dele kunnskap\r\n".encode(),  # and with a byte order mark
])
def test_offsets_count_the_text_as_the_importer_decoded_it(tmp_path: Path, raw: bytes) -> None:
    text = raw.decode("utf-8-sig")
    start = text.index(SAID)
    page(tmp_path, raw)
    assert misquoted(dataset(start, start + len(SAID)), tmp_path, BASE) == []
    [(statement, what)] = misquoted(dataset(start, start + len(SAID), "å dele mer kunnskap"),
                                    tmp_path, BASE)
    assert statement == GOAL and f"characters {start}–{start + len(SAID)} of" in what


def test_a_quote_over_a_crlf_line_end_is_the_literal_with_an_lf(tmp_path: Path) -> None:
    """A statement over two lines of a page saved with CRLF is written with LF (line ends are no content, and no
    literal holds a ``\\r``); its selector counts the source as it is, and the quote is not called edited."""
    raw = "Testby\r\n\r\nMål\r\n\r\nå dele\r\nkunnskap\r\n".encode()
    start = raw.decode().index("å dele")
    end = start + len("å dele\r\nkunnskap")
    page(tmp_path, raw)
    assert misquoted(dataset(start, end, "å dele\nkunnskap"), tmp_path, BASE) == []
    assert len(misquoted(dataset(start, end, "å dele kunnskap"), tmp_path, BASE)) == 1


def test_an_offset_that_is_no_integer_is_left_to_the_shapes(tmp_path: Path) -> None:
    page(tmp_path, "å dele kunnskap".encode())
    malformed = Literal("12a", datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    assert misquoted(dataset(malformed, 15), tmp_path, BASE) == []
