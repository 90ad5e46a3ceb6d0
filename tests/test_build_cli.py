"""``byregion build`` refuses a repository folder that is not there before it touches the build folder: a typo in
``--repo`` leaves no empty build folder (with only a lock file) behind to be mistaken for a place builds are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


def test_a_repository_folder_that_does_not_exist_leaves_the_build_folder_alone(tmp_path: Path) -> None:
    build_dir = tmp_path / "builds"
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(tmp_path / "repoo"),
                           "--build-dir", str(build_dir)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1, done.stderr
    assert f"{tmp_path / 'repoo'}: there is no such folder; give --repo" in done.stderr
    assert "Traceback" not in done.stderr and "merge" not in done.stderr + done.stdout
    assert not build_dir.exists()
