"""The repository's ontology put into a test repository: its current text and the text of each earlier version,
which the build publishes at the version IRIs the ontology names (a build without them is refused)."""

from __future__ import annotations

import shutil
from pathlib import Path

from byregion import REPO_ROOT


def copy_ontology(repo: Path) -> None:
    """``ontology/byregion.ttl``, ``ontology/versions/`` and ``ontology/vocab/`` of the repository, into ``repo``'s
    ``ontology/``."""
    (repo / "ontology").mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO_ROOT / "ontology" / "byregion.ttl", repo / "ontology" / "byregion.ttl")
    shutil.copytree(REPO_ROOT / "ontology" / "versions", repo / "ontology" / "versions", dirs_exist_ok=True)
    # the copies of the vocabularies the themes map to, whose names the build adds (byregion.sources)
    shutil.copytree(REPO_ROOT / "ontology" / "vocab", repo / "ontology" / "vocab", dirs_exist_ok=True)
