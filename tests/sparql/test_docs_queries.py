"""The SPARQL queries the docs show (docs/*.md, in ```sparql blocks) run as written on the build and answer: a
reader copies them, so a renamed term or a missing prefix fails here, not in their hands."""

from __future__ import annotations

import re

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # the repository's own build (tests/conftest.py's real_build)

BLOCK = re.compile(r"```sparql\n(.*?)```", re.S)
QUERIES = [(f"{path.name}#{n}", text) for path in sorted((REPO_ROOT / "docs").glob("*.md"))
           for n, text in enumerate(BLOCK.findall(path.read_text(encoding="utf-8")), 1)]


def test_the_docs_show_queries() -> None:
    assert {name.split("#")[0] for name, _ in QUERIES} >= {"sparql.md", "MODEL.md"}


@pytest.mark.parametrize(("name", "query"), QUERIES, ids=[name for name, _ in QUERIES])
def test_each_query_in_the_docs_answers(real_build: PublishedBuild, name: str, query: str) -> None:
    rows = store_of(real_build).select(query)
    assert rows, f"{name} answered nothing"


def test_the_spatial_example_finds_grenlands_members_within_its_outline(real_build: PublishedBuild) -> None:
    [query] = [q for name, q in QUERIES if "geof:sfWithin" in q]
    rows = store_of(real_build).select(query)
    assert len(rows) == 6 and all(str(r["within"]) == "true" for r in rows), rows
