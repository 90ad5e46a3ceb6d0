"""``CITATION.cff`` (an archivist's review found none) is valid Citation File Format 1.2.0, and cites what the
build publishes: its title, publisher, address and licence, and Kartverket's boundaries as its references."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from jsonschema import Draft7Validator

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.dcat.sources import UPSTREAM
from byregion.dcat.texts import texts
from byregion.licence import LICENCE, LICENCE_PAGE

pytestmark = pytest.mark.slow  # the repository's build


def cff() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / "CITATION.cff").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_the_citation_file_is_valid_citation_file_format() -> None:
    schema = json.loads((REPO_ROOT / "tests" / "citation_file_format" / "schema-1.2.0.json").read_text())
    errors = [f"{list(e.path)}: {e.message}" for e in Draft7Validator(schema).iter_errors(cff())]
    assert errors == []
    assert (REPO_ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")  # the code's, as named


def test_the_citation_file_cites_what_the_build_publishes(real_build: PublishedBuild) -> None:
    manifest = real_build.manifest
    cited = cff()
    assert cited["title"] == texts("title", manifest["dcat"], manifest)["en"]
    assert [a["name"] for a in cited["authors"]] == [manifest["dcat"]["publisher"]["label"]["en"]]
    assert cited["url"] == f"{manifest['base_uri']}/dataset"
    assert LICENCE.endswith("/NLOD_2_0") and cited["license-url"] == LICENCE_PAGE  # NLOD 2.0, as the page links it
    assert {r["url"] for r in cited["references"]} == set(UPSTREAM)
    assert all(r["license"] == "CC-BY-4.0" for r in cited["references"])
