"""The suite's tiers and the line between runtime and test code, kept honest.

Every test module chooses its tier (``fast`` or ``slow``, registered in pyproject.toml) with a module-level
``pytestmark``, so a new module cannot land in the everyday tier (``pytest -m "not slow"``) by accident;
and nothing under ``byregion/`` imports the tests' helpers (``tests/support/``).
"""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

import pytest

from byregion import REPO_ROOT

pytestmark = pytest.mark.fast

TIERS = ("fast", "slow")
TEST_MODULES = sorted((REPO_ROOT / "tests").rglob("test_*.py"))
RUNTIME_MODULES = sorted((REPO_ROOT / "byregion").rglob("*.py"))
#: Modules the runtime must never import: the tests, their helpers and their tools.
TEST_ONLY = ("tests", "conftest", "pytest", "_pytest")


def relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def module_tiers(path: Path) -> list[str]:
    """The tiers named by the module-level ``pytestmark`` of ``path`` ([] when it has none)."""
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark"
                                                for t in node.targets):
            return [n.attr for n in ast.walk(node.value) if isinstance(n, ast.Attribute) and n.attr in TIERS
                    and isinstance(n.value, ast.Attribute) and n.value.attr == "mark"]
    return []


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_test_module_chooses_exactly_one_tier() -> None:
    assert len(TEST_MODULES) > 20  # the glob found the suite
    wrong = {relative(p): tiers for p in TEST_MODULES if len(tiers := module_tiers(p)) != 1}
    assert not wrong, (f"test modules without exactly one tier: {wrong}. Add `pytestmark = pytest.mark.fast` or "
                       "`pytestmark = pytest.mark.slow` after the imports (tiers: pyproject.toml and README)")


def test_the_tiers_are_registered_and_a_misspelt_mark_fails() -> None:
    options = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"]["ini_options"]
    registered = {marker.split(":", 1)[0] for marker in options["markers"]}
    assert set(TIERS) <= registered
    assert "--strict-markers" in options["addopts"].split()


def test_the_readme_and_the_test_script_tell_how_to_run_the_fast_tier() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r'pytest -m "not slow"', readme), "the README should say how to run the fast tier"
    script = (REPO_ROOT / "scripts" / "test.sh").read_text(encoding="utf-8")
    assert '-m "not slow"' in script and '"$@"' in script, "scripts/test.sh should explain that it passes options on"


def test_the_runtime_packages_import_no_test_helpers() -> None:
    assert len(RUNTIME_MODULES) > 20  # the glob found the packages
    found = {relative(p): sorted(m for m in imported_modules(p) if m.split(".", 1)[0] in TEST_ONLY)
             for p in RUNTIME_MODULES}
    found = {path: modules for path, modules in found.items() if modules}
    assert not found, f"runtime modules importing test code: {found}; test helpers belong in tests/support/"
    assert not (REPO_ROOT / "byregion" / "sparql" / "servers.py").exists(), "it moved to tests/support/servers.py"


def test_the_check_sees_an_import_of_the_test_helpers(tmp_path: Path) -> None:
    module = tmp_path / "runtime.py"
    module.write_text("import json\nfrom tests.support.servers import free_port\n", encoding="utf-8")
    assert imported_modules(module) == {"json", "tests.support.servers"}
    module.write_text('"""doc"""\nimport pytest\npytestmark = [pytest.mark.slow, pytest.mark.fast]\n', encoding="utf-8")
    assert module_tiers(module) == ["slow", "fast"]  # two tiers: refused above
