"""What ``scripts/bench`` writes to BENCHMARKS.md: every target is judged, none hidden by rounding."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.scripts import load_script

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    return load_script("bench")


def report_text(bench: ModuleType, **figures: float) -> str:
    report = bench.SizeReport("1m", triples=1_000_186, documents=10_000, **figures)
    report.runs["export under nginx (turtle)"] = bench.Run("export", 33_971, 0, 0.56, 4.55)
    report.runs["plain nginx files (.ttl)"] = bench.Run("plain", 37_892, 0, 0.41, 0.59)
    args = argparse.Namespace(sizes="1m", seconds=3.0, connections=16, rounds=5)
    return str(bench.markdown([report], args))


def test_a_ratio_just_under_its_target_is_not_rounded_up_to_it(bench: ModuleType) -> None:
    text = report_text(bench)
    assert "| 0.897 (missed) | ≥ 0.9 |" in text
    assert bench.shown_ratio(0.8312, 0.8) == "0.83" and bench.shown_ratio(0.7951, 0.8) == "0.795"


def test_the_builds_and_the_servers_limits_are_judged(bench: ModuleType) -> None:
    text = report_text(bench, build_s=1_250.0, build_pss_mb=2_646.0, start_s=1.4, server_rss_mb=900.0,
                       server_pss_mb=640.0)
    assert "| build time | 1,250.0 s (missed) | 1,200 s |" in text
    assert "| build's peak summed PSS | 2,646.0 MB (met) | 4,000 MB |" in text
    assert "| server ready | 1.4 s (met) | 3 s |" in text
    assert "| server's summed PSS after the load | 640.0 MB (missed) | 600 MB |" in text
    assert "RSS 900 MB (PSS 640 MB) after the dereference load" in text  # the summed RSS is shown too


def test_profile_build_judges_the_builds_time_and_memory() -> None:
    """scripts/profile_build (the 1M build's figures in docs/build-performance.md) says met or missed, as the bench."""
    module = load_script("profile_build")
    assert module.judged(844.1, 2_646.0)[2:] == ["| build time | 844.1 s (met) | 1,200 s |",
                                                 "| build's peak summed PSS | 2,646.0 MB (met) | 4,000 MB |"]
    assert module.judged(1_253.3, 4_249.0)[2:] == ["| build time | 1,253.3 s (missed) | 1,200 s |",
                                                   "| build's peak summed PSS | 4,249.0 MB (missed) | 4,000 MB |"]


def test_a_new_run_goes_first_under_the_heading_and_keeps_every_earlier_one(bench: ModuleType, tmp_path: Path) -> None:
    out = tmp_path / "BENCHMARKS.md"
    bench.add_newest_first(out, "## first\n\nold figures\n")
    bench.add_newest_first(out, "## second\n\nnew figures")
    text = out.read_text(encoding="utf-8")
    assert text.startswith(bench.HEADING)
    assert text.index("## second") < text.index("## first")
    assert text == bench.HEADING + "## second\n\nnew figures\n\n## first\n\nold figures\n\n"


def test_benchmarks_md_opens_with_the_heading_the_scripts_write_under(bench: ModuleType) -> None:
    """Else the next run would put a second heading on top instead of its figures under the first."""
    text = (Path(__file__).resolve().parent.parent / "BENCHMARKS.md").read_text(encoding="utf-8")
    assert text.startswith(bench.HEADING)
