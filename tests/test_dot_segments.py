"""A request's path without its dot segments (RFC 3986 §5.2.4), as nginx reads it for the static export and the
app reads it before routing (``byregion.serve.rules.remove_dot_segments``; the answers of both servers are compared
in tests/test_static_export.py)."""

from __future__ import annotations

import pytest

from byregion.serve.rules import remove_dot_segments

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("path", "normal"), [
    ("/doc/region/notodden", "/doc/region/notodden"), ("/", "/"),
    ("/doc/../catalog", "/catalog"), ("/doc/./region/notodden", "/doc/region/notodden"), ("/./", "/"),
    ("/doc/region/notodden/.", "/doc/region/notodden/"), ("/doc/region/notodden/..", "/doc/region/"),
    ("/doc/..", "/"), ("/a/.../b", "/a/.../b"), ("/a/.b/c", "/a/.b/c"), ("/a//./b", "/a//b"),
    # above the root: nginx answers 400, and so does the app
    ("/..", None), ("/../doc/region/notodden", None), ("/doc/../..", None),
])
def test_dot_segments_are_removed_and_climbing_above_the_root_is_refused(path: str, normal: str | None) -> None:
    assert remove_dot_segments(path) == normal
