"""A geometry's page shows the start of its WKT and how long the whole is, not up to 100 KB of coordinates in a
table cell; the RDF and GeoJSON forms of the document keep the whole. A short WKT (a centroid) is shown whole."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal

from byregion import pages
from byregion.namespaces import GEO

pytestmark = pytest.mark.fast

RING = ", ".join(f"8.{i:06d} 59.{i:06d}" for i in range(2_000))


@pytest.mark.parametrize(("lang", "words"), [("nb", "40\u00a0017 tegn i alt"), ("en", "40,017 characters in all")])
def test_a_long_wkt_is_cut_at_a_coordinate_and_says_how_long_it_is(lang: str, words: str) -> None:
    wkt = Literal(f"MULTIPOLYGON ((({RING})))", datatype=GEO.wktLiteral)
    shown = pages.value(Graph(), wkt, lang, str).text
    start, _, said = shown.partition(", … ")
    assert str(wkt).startswith(start) and start.endswith("59.000006") and words in said
    assert len(shown) < pages.WKT_SHOWN + 120


def test_a_short_wkt_and_other_long_texts_are_shown_whole() -> None:
    assert pages.value(Graph(), Literal("POINT(9.25 59.56)", datatype=GEO.wktLiteral), "nb", str).text == \
        "POINT(9.25 59.56)"
    text = "Notodden " * 100
    assert pages.value(Graph(), Literal(text, lang="nb"), "nb", str).text == text
