"""The regions table's cells that are not one value of the graph each (byregion/programme/regions_table.py): a
region's sources are one IRI per cell, since CSVW's ``valueUrl`` makes one IRI of a whole cell."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from byregion.identifiers.documents import TableError
from byregion.programme.regions_table import COLUMNS, _sources

pytestmark = pytest.mark.fast

REGION = URIRef("https://data.byregion.no/id/region/notodden")


def test_two_sources_take_a_cell_each_and_none_leaves_both_empty() -> None:
    assert _sources(REGION, ["https://a.example/", "https://b.example/"]) == \
        {"source": "https://a.example/", "other_source": "https://b.example/"}
    assert _sources(REGION, []) == {"source": "", "other_source": ""}
    assert list(COLUMNS)[-5:-3] == ["source", "other_source"]  # the figures came after them


def test_a_third_source_is_refused_rather_than_left_out() -> None:
    with pytest.raises(TableError, match="notodden has 3 sources; the regions table has room for two"):
        _sources(REGION, ["https://a.example/", "https://b.example/", "https://c.example/"])
