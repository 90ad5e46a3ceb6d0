"""requirements.lock pins every library the project installs (scripts/setup.sh installs with it as constraints): each
dependency of pyproject.toml is in it, and the environment the suite runs in is the one it names, so a fresh clone
runs on the libraries the suite was run with."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata

import pytest
from packaging.requirements import Requirement

from byregion import REPO_ROOT

pytestmark = pytest.mark.fast

LOCK = REPO_ROOT / "requirements.lock"


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins() -> list[Requirement]:
    lines = (line.strip() for line in LOCK.read_text(encoding="utf-8").splitlines())
    return [Requirement(line) for line in lines if line and not line.startswith("#")]


def test_every_dependency_of_the_project_is_pinned() -> None:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pinned = {normalised(p.name) for p in pins()}
    missing = sorted(n for n in (normalised(Requirement(w).name) for w in wanted) if n not in pinned)
    assert not missing, f"not in requirements.lock: {missing}; make it again (its first lines say how)"
    for pin in pins():
        assert str(pin.specifier).startswith("=="), f"{pin}: a lock pins one version"


def test_the_environment_is_the_one_the_lock_names() -> None:
    wrong = []
    for pin in pins():
        if pin.marker is not None and not pin.marker.evaluate():
            continue
        try:
            installed = metadata.version(pin.name)
        except metadata.PackageNotFoundError:
            continue  # a test tool's dependency on another platform, or an extra not installed
        if not pin.specifier.contains(installed, prereleases=True):
            wrong.append(f"{pin.name} {installed}, the lock says {pin.specifier}")
    assert not wrong, "run scripts/setup.sh again: " + "; ".join(wrong)
