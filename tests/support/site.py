"""The web tests' small repository: the invented dataset of ``tests/fixtures/site`` with the real ontology and
shapes, copied where a test builds it (a quick build, unlike the repository's data)."""

from __future__ import annotations

import shutil
from pathlib import Path

from byregion import REPO_ROOT
from tests.support.ontology import copy_ontology

FIXTURE_SITE = Path(__file__).parent.parent / "fixtures" / "site"


def fixture_repo(repo: Path) -> Path:
    """Write the small repository at ``repo`` (which must not exist) and return it."""
    shutil.copytree(FIXTURE_SITE, repo)
    copy_ontology(repo)
    shutil.copytree(REPO_ROOT / "shapes", repo / "shapes", ignore=shutil.ignore_patterns("external"))
    return repo
