"""The load test in its short form (scripts/load_test.py; the full 60 s form's figures are in
docs/load-test.md): mixed traffic at 64 connections against a real `byregion serve` — documents in every
format, HTML pages, SPARQL queries, look-ups — with no failed request and memory at the end within 10 % of
memory after warm-up (issue 13, point 5). The p99 of documents while a pathological query runs is measured
and printed, not asserted: over seconds-long windows on two shared cores it swings from 1× to 9× of the
p99 without it between identical runs (docs/load-test.md), which no test can hold to 2× without flaking."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.settings import Settings
from tests.conftest import settings_env

pytestmark = pytest.mark.slow  # a real server under load for about 15 s


def test_mixed_traffic_at_64_connections_fails_nothing_and_memory_stays_flat(
        site_build: PublishedBuild, site_settings: Settings, tmp_path: Path) -> None:
    if shutil.which("wrk") is None:
        pytest.fail("wrk is missing: install Debian's wrk (scripts/test.sh does)")
    out = tmp_path / "load.json"
    done = subprocess.run([sys.executable, str(REPO_ROOT / "scripts" / "load_test.py"), "--seconds", "3",
                           "--warmup", "2", "--connections", "64", "--json", str(out)],
                          env=settings_env(site_settings), capture_output=True, text=True, timeout=300)
    assert out.exists(), done.stderr
    report = json.loads(out.read_text())
    print(done.stdout)  # the figures, for the CI log
    assert report["mix"]["failed"] == 0 and report["mix"]["requests_per_s"] > 0
    assert report["memory_growth"] <= 1.10, report
    assert report["documents_with_pathological"]["failed"] == 0 and report["documents"]["failed"] == 0
