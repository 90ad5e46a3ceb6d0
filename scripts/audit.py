"""Audit the installed dependencies for known vulnerabilities with pip-audit, and say plainly what was audited.

    .venv/bin/python scripts/audit.py            (scripts/test.sh runs it; CI through .ci/run)
    AUDIT=required .venv/bin/python scripts/audit.py

pip-audit looks every installed package up in a vulnerability database on the network. When the database
cannot be reached, pip-audit itself reports the packages as "not found" and still says "No known
vulnerabilities found"; this script counts what was really audited instead:

* a known vulnerability in any package: exit 1, each one listed;
* nothing could be audited (no network, the database down): a warning that names how many packages were NOT
  audited, exit 0, so that an offline machine can still run the tests; with ``AUDIT=required`` (set it where
  CI has network) this is exit 1;
* some packages not audited (e.g. not published): listed, exit 0.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

PIP_AUDIT = Path(sys.executable).parent / "pip-audit"


def verdict(report: dict[str, Any] | None, required: bool) -> tuple[int, list[str]]:
    """Exit code and lines to print for a pip-audit JSON report (None: pip-audit gave no report)."""
    if report is None:
        why = "pip-audit could not audit anything (it gave no report; see above): the dependencies were NOT audited"
        return (1 if required else 0), [why + (" and AUDIT=required." if required else ".")]
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = [d for d in dependencies if not d.get("skip_reason")]
    found = [(d["name"], d["version"], v) for d in audited for v in d.get("vulns", [])]
    lines = [f"{name} {version}: {v['id']} (fixed in {', '.join(v.get('fix_versions', [])) or 'no release yet'})"
             for name, version, v in found]
    if found:
        return 1, [f"{len(found)} known vulnerabilities in the installed dependencies:", *lines]
    if not audited:
        lines = [f"the vulnerability database could not be reached: none of the {len(skipped)} installed packages "
                 "was audited (pip-audit reports each as not found)."]
        return (1 if required else 0), [*lines, "AUDIT=required: failing." if required else
                                        "Not failing the run (AUDIT=required would); audit where the network allows."]
    lines = [f"{len(audited)} packages audited, no known vulnerabilities."]
    if skipped:
        lines.append(f"{len(skipped)} not audited: " + ", ".join(d["name"] for d in skipped))
    return 0, lines


def main() -> int:
    required = os.environ.get("AUDIT", "") == "required"
    done = subprocess.run([str(PIP_AUDIT), "--local", "--skip-editable", "--format", "json",
                           "--progress-spinner", "off", "--timeout", "15"], capture_output=True, text=True)
    try:
        report = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError:
        report = None
    if report is None and done.stderr.strip():
        print(done.stderr.strip().splitlines()[-1], file=sys.stderr)  # pip-audit's own last word on why
    code, lines = verdict(report, required)
    for line in lines:
        print(f"pip-audit: {line}")
    return code


if __name__ == "__main__":
    sys.exit(main())
