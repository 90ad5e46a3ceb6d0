"""The wheel a user installs holds one top-level package, ``byregion``, with the page templates, the static files and
nginx's script inside it: the Flask adapters were a top-level ``server`` package, installed as ``site-packages/server``
beside every other project's, where any other ``server`` (a module of a script, another wheel's) shadowed it or was
shadowed.

The wheel is built as a user's installer builds it (``uv build``: the sdist, then the wheel from the sdist) from a copy
of the checkout's files, so the checkout's ``build/`` (our builds' folder, where setuptools also writes) stays ours.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from byregion import REPO_ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    source = tmp_path_factory.mktemp("checkout")
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    for name in tracked.decode().split("\0"):
        if name and (REPO_ROOT / name).is_file():  # a file deleted in the working tree is not the package's
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, source / name)
    uv = Path(sys.executable).parent / "uv"
    assert uv.is_file(), "uv is not in the virtual environment: set up with `bash scripts/setup.sh`"
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([str(uv), "build", "-q", "--python", sys.executable, "-o", str(out), str(source)],
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    wheels = sorted(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    return zipfile.ZipFile(wheels[0])


def test_the_wheel_installs_one_top_level_package_and_its_metadata(wheel: zipfile.ZipFile) -> None:
    tops = {name.split("/", 1)[0] for name in wheel.namelist()}
    assert {top for top in tops if not top.endswith(".dist-info")} == {"byregion"}
    top_level = next(n for n in wheel.namelist() if n.endswith(".dist-info/top_level.txt"))
    assert wheel.read(top_level).decode().split() == ["byregion"]


@pytest.mark.parametrize("folder", ["byregion/web/templates", "byregion/web/static", "byregion/export"])
def test_the_wheel_holds_every_file_the_pages_and_the_export_need(wheel: zipfile.ZipFile, folder: str) -> None:
    """Every template and static file (the build renders the pages with them, the app and the export serve them),
    and nginx's script beside the export's code: what the checkout has, the wheel has."""
    wanted = {str(p.relative_to(REPO_ROOT)) for p in (REPO_ROOT / folder).rglob("*")
              if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}
    assert wanted, folder
    assert wanted - set(wheel.namelist()) == set()
