"""A command run inside another checkout than the repository it reads says so: a second checkout sharing one
installed ``byregion`` built the first one's data, green, with none of the pages just added (an importer's review)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from byregion.sources import another_checkout

pytestmark = pytest.mark.fast


def checkout(folder: Path) -> Path:
    for part in ("ontology", "data", "shapes"):
        (folder / part).mkdir(parents=True)
    return folder


def test_a_folder_inside_another_checkout_is_named_with_the_option_to_read_it(tmp_path: Path) -> None:
    other = checkout(tmp_path / "second")
    (other / "data" / "sources").mkdir()
    said = another_checkout(REPO_ROOT, other / "data" / "sources")
    assert said == (f"this reads the repository {REPO_ROOT}, not {other}, where the command runs; to use that one, "
                    f"give --repo {other} (or set BYREGION_REPO_DIR)")


def test_the_repository_itself_or_a_folder_in_no_checkout_says_nothing(tmp_path: Path) -> None:
    assert another_checkout(REPO_ROOT, REPO_ROOT / "data") is None
    assert another_checkout(REPO_ROOT, tmp_path) is None
    assert another_checkout(checkout(tmp_path / "same"), tmp_path / "same") is None


def test_import_warns_when_run_in_another_checkout_and_not_when_told_where_to_read(tmp_path: Path) -> None:
    other = checkout(tmp_path / "second")
    page = REPO_ROOT / "data" / "sources" / "notodden.txt"
    env = {k: v for k, v in os.environ.items() if k != "BYREGION_REPO_DIR"}
    command = [sys.executable, "-m", "byregion", "import", str(page), "--out", str(tmp_path / "out.ttl")]
    ran = subprocess.run(command, cwd=other, env=env, capture_output=True, text=True, check=False)
    assert ran.returncode == 0, ran.stderr
    assert f"byregion import: warning: this reads the repository {REPO_ROOT}, not {other}" in ran.stderr
    told = subprocess.run([*command, "--repo", str(REPO_ROOT)], cwd=other, env=env, capture_output=True, text=True,
                          check=False)
    assert told.returncode == 0 and "another" not in told.stderr and "this reads the repository" not in told.stderr


def test_build_warns_when_run_in_another_checkout(tmp_path: Path) -> None:
    """Said before the build starts (here it stops at once: its build folder is a file)."""
    other = checkout(tmp_path / "second")
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "BYREGION_REPO_DIR"}
    ran = subprocess.run([sys.executable, "-m", "byregion", "build", "--build-dir", str(tmp_path / "a-file")],
                         cwd=other, env=env, capture_output=True, text=True, check=False)
    assert ran.returncode == 1 and "is a file, not a folder" in ran.stderr
    assert ran.stderr.startswith(f"byregion build: warning: this reads the repository {REPO_ROOT}, not {other}")
