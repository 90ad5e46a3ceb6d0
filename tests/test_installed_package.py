"""The package installed outside a checkout (from the wheel, which holds the code, templates and static files but no
data) reads its repository from, and writes its builds into, the current folder, as the README's settings table
says (``.`` and ``build``): it had read ``site-packages/ontology/`` and built into ``site-packages/build/``, and told
a user without a checkout to ``git checkout`` a file there."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from byregion import REPO_ROOT

pytestmark = pytest.mark.fast

SETTINGS = ("import byregion; from byregion.settings import Settings; s = Settings.from_env({}); "
            "print(byregion.REPO_ROOT, s.repo_dir, s.build_dir, sep='\\n')")
MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """The package as the wheel lays it out in site-packages: byregion/ alone, nothing of the checkout."""
    site = tmp_path / "site-packages"
    shutil.copytree(REPO_ROOT / "byregion", site / "byregion", ignore=shutil.ignore_patterns("__pycache__"))
    return site


def run(installed: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("BYREGION_")}
    return subprocess.run([sys.executable, *args], env={**env, "PYTHONPATH": str(installed)}, cwd=cwd,
                          capture_output=True, text=True, timeout=60, check=False)


def test_outside_a_checkout_the_repository_and_builds_are_the_current_folders(installed: Path,
                                                                              tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    done = run(installed, work, "-c", SETTINGS)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [str(work), str(work), str(work / "build")]


def test_a_build_where_there_is_no_repository_says_to_give_one_and_leaves_nothing(installed: Path,
                                                                                 tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    done = run(installed, work, "-c", MAIN, "build")
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        f"byregion build: {work / 'ontology/byregion.ttl'}: missing; every build needs it (the named graph ontology). "
        "Give --repo (or BYREGION_REPO_DIR) the repository's folder, the one with ontology/, data/ and shapes/, or "
        "run the command in it"]
    assert list(work.iterdir()) == []  # no build folder, no lock
    assert sorted(p.name for p in installed.iterdir()) == ["byregion"]


def test_in_a_checkout_a_missing_file_is_restored_with_git(tmp_path: Path) -> None:
    repo = tmp_path / "checkout"
    (repo / ".git").mkdir(parents=True)
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(repo), "--build-dir",
                           str(tmp_path / "builds")], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1
    assert "Restore it (git checkout -- ontology/byregion.ttl), or give --repo the folder that has it" in done.stderr
