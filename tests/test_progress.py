"""Progress where stderr is no terminal (a CI log, nohup, a pipe): plain lines, not silence and not tqdm's
carriage returns."""

from __future__ import annotations

import io
import sys

import pytest

from byregion import progress
from byregion.progress import LineProgress, bar, each

pytestmark = pytest.mark.fast


def lines(out: io.StringIO) -> list[str]:
    """The lines written, without their seconds (", 3 s")."""
    return [line.rsplit(", ", 1)[0] for line in out.getvalue().splitlines()]


def test_long_work_says_each_tenth_and_the_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    out = io.StringIO()
    with LineProgress(2_000, "render", "documents", file=out) as shown:
        for _ in range(2_000):
            shown.update()
    assert lines(out) == [f"render: {n:,} of 2,000 documents ({n // 20}%)" for n in range(200, 2_000, 200)] + [
        "render: 2,000 documents, done"]


def test_short_work_says_nothing() -> None:
    """The dumps of a small build take a second: ten lines about them would be noise."""
    out = io.StringIO()
    with LineProgress(5, "dumps", "formats", file=out) as shown:
        shown.update(5)
    assert out.getvalue() == ""


def test_named_steps_say_each_step_and_no_tenths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    out = io.StringIO()
    steps = LineProgress(7, "build", "steps", file=out)
    steps.set_postfix_str("merge")
    steps.update(3)
    steps.set_postfix_str("store")
    steps.update(4)
    steps.close()
    assert lines(out) == ["build: merge", "build: store"]


def test_work_stopped_by_an_error_is_not_called_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    out = io.StringIO()
    with pytest.raises(RuntimeError), LineProgress(10, "export", "documents", file=out) as shown:
        shown.update(5)
        raise RuntimeError("disk full")
    assert lines(out) == ["export: 5 of 10 documents (50%)"]


def test_the_kind_of_progress_follows_stderr(monkeypatch: pytest.MonkeyPatch) -> None:
    """No terminal: lines; asked for a bar: tqdm's; asked for none: tqdm disabled."""
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert isinstance(bar(10, "x", "things"), LineProgress)
    assert not isinstance(bar(10, "x", "things", progress=True), LineProgress)
    quiet = bar(10, "x", "things", progress=False)
    assert not isinstance(quiet, LineProgress) and getattr(quiet, "disable", False)


def test_each_counts_an_item_once_it_is_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)
    out = io.StringIO()
    monkeypatch.setattr(sys, "stderr", out)
    seen = []
    for item in each(list(range(10)), "export", "documents"):
        seen.append(item)
        assert out.getvalue().count("\n") == len(seen) - 1  # the line for an item comes after its work
    assert seen == list(range(10)) and lines(out)[-1] == "export: 10 documents, done"
