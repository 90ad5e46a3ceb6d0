"""Where a withdrawn address points: what it held, where a later build gives it at another address (a table's row
that a region page added since moved to the item's ``…/table``), else the nearest address above it."""

from __future__ import annotations

import pytest

from byregion.build.withdrawn import moved_to, was_moved, where_to
from byregion.cli.build import withdrawn_lines

pytestmark = pytest.mark.fast

ROW = "/doc/region/steinkjer/membership/snasa/source/row"
NOW = {"/doc/region/steinkjer", "/doc/region/steinkjer/membership/snasa",
       "/doc/region/steinkjer/membership/snasa/source", "/doc/region/steinkjer/membership/snasa/table/row"}


def test_a_tables_row_a_page_now_states_points_at_its_new_place() -> None:
    """An importer's review: adding Steinkjer's page withdrew the row of each membership (…/source is the page's
    sentence now); its 410 pointed at …/source, the page's sentence, where the row is …/table/row."""
    assert moved_to(ROW, NOW) == "/doc/region/steinkjer/membership/snasa/table/row"
    assert where_to(ROW, None, NOW) == "/doc/region/steinkjer/membership/snasa/table/row"
    assert was_moved({"path": ROW, "see": "/doc/region/steinkjer/membership/snasa/table/row"})


def test_an_address_whose_content_is_nowhere_points_above_it_as_before() -> None:
    without_row = NOW - {"/doc/region/steinkjer/membership/snasa/table/row"}
    assert moved_to(ROW, without_row) is None
    assert where_to(ROW, None, without_row) == "/doc/region/steinkjer/membership/snasa/source"
    assert not was_moved({"path": ROW, "see": "/doc/region/steinkjer/membership/snasa/source"})
    assert where_to("/doc/region/gone/goal/1", None, NOW) == "/"


def test_the_build_says_why_such_rows_went() -> None:
    manifest = {"previous_version": "v1", "withdrawn": [
        {"path": ROW, "last": "v1", "see": "/doc/region/steinkjer/membership/snasa/table/row"},
        {"path": "/doc/region/gone", "last": "v1", "see": "/doc/regions"}]}
    [warning] = withdrawn_lines(manifest)
    assert warning.startswith("warning: 2 published address(es) of build v1 are not in this build")
    assert "1 of them are the programme table's row of an item that a region page added since states too" in warning
    manifest["withdrawn"] = manifest["withdrawn"][1:]
    [warning] = withdrawn_lines(manifest)
    assert "region page added since" not in warning
