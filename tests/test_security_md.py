"""SECURITY.md stays honest: every setting it names exists, every limit setting (SPARQL, URL, body, health)
is named there, and the dependency audit's verdict is what it says."""

from __future__ import annotations

import re
import sys

import pytest

from byregion import REPO_ROOT
from byregion.settings import Settings

pytestmark = pytest.mark.fast

SECURITY = (REPO_ROOT / "SECURITY.md").read_text(encoding="utf-8")
KNOWN = {env for env, _, _ in Settings.documentation()}


def test_every_setting_named_in_security_md_exists() -> None:
    named = set(re.findall(r"`(BYREGION_[A-Z_]+)`", SECURITY))
    assert named, "SECURITY.md names no setting"
    assert named <= KNOWN, f"SECURITY.md names settings that do not exist: {sorted(named - KNOWN)}"


def test_every_limit_setting_is_in_the_limits_table() -> None:
    table = SECURITY.split("\n## Limits and their settings\n", 1)[1].split("\n## ", 1)[0]
    limits = {env for env in KNOWN if env.startswith(("BYREGION_SPARQL_", "BYREGION_MAX_"))}
    limits |= {"BYREGION_HEALTH_TIMEOUT", "BYREGION_THREADS"}
    missing = {env for env in limits if f"`{env}` |" not in table}
    assert not missing, f"limit settings missing from SECURITY.md's table: {sorted(missing)}"


def test_security_md_says_how_to_report_and_what_is_refused() -> None:
    for needed in ("## Reporting a problem", "privately", "No SPARQL Update", "LOAD", "SERVICE", "pip-audit",
                   "AUDIT=required", "Content-Security-Policy", "nosniff"):
        assert needed in SECURITY, needed


@pytest.fixture(scope="module")
def audit() -> object:
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import audit as module
    finally:
        sys.path.pop(0)
    return module


def test_the_audit_fails_on_a_vulnerability_and_says_when_nothing_was_audited(audit: object) -> None:
    verdict = audit.verdict  # type: ignore[attr-defined]
    vulnerable = {"dependencies": [{"name": "flask", "version": "0.1", "vulns": [{"id": "PYSEC-1", "fix_versions":
                                                                                  ["3.0"]}]}]}
    assert verdict(vulnerable, False)[0] == 1 and "PYSEC-1" in verdict(vulnerable, False)[1][1]
    offline = {"dependencies": [{"name": "flask", "version": "3.1", "skip_reason": "Dependency not found on PyPI"}]}
    code, lines = verdict(offline, False)
    assert code == 0 and "none of the 1 installed packages was audited" in lines[0]
    assert verdict(offline, True)[0] == 1 and verdict(None, True)[0] == 1 and verdict(None, False)[0] == 0
    clean = {"dependencies": [{"name": "flask", "version": "3.1", "vulns": []}]}
    assert verdict(clean, True) == (0, ["1 packages audited, no known vulnerabilities."])
