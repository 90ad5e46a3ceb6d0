"""Progress on stderr: a bar on a terminal, a plain line now and then anywhere else.

tqdm draws its bar only when stderr is a terminal (``disable=None``); in a CI log, under ``nohup`` or through a
pipe it shows nothing, and a 1M build was fifteen minutes of silence before its last line. Where stderr is not a
terminal, :func:`bar` writes a line when a step starts and at each tenth of the work instead ("render: 4,000 of
20,000 documents (20%), 95 s"), which a log keeps readably (no carriage returns).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import Protocol, TextIO, TypeVar

from tqdm import tqdm

T = TypeVar("T")

#: Lines over the whole work (one at each tenth), where stderr is not a terminal …
LINES = 10
#: … but not sooner than this many seconds after the last line (a short step, such as the dumps of a small build,
#: says nothing at all).
LINE_SECONDS = 5.0


class Progress(Protocol):
    """What the build's steps use of a progress bar (tqdm has it; so has :class:`LineProgress`)."""

    def update(self, n: float | None = 1) -> bool | None: ...
    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> Progress: ...
    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None: ...


class LineProgress:
    """Progress as lines: one when a step starts (``set_postfix_str``), one at each :data:`LINES`-th of
    ``total`` and one at the end, each with the seconds since the start."""

    def __init__(self, total: float, desc: str, unit: str, initial: float = 0, file: TextIO | None = None) -> None:
        self.total, self.desc, self.unit = total, desc, unit
        self.n = initial
        self.file = file
        self.start = self._last = time.monotonic()
        self._said = False  # no tenth of the work said yet
        self._next = self._threshold(initial)
        self._closed = False
        self._named = False  # the work is named steps: their lines say enough, no line at each tenth

    def _threshold(self, done: float) -> float:
        if self.total <= 0:
            return float("inf")
        tenths = int(done * LINES // self.total) + 1
        return tenths * self.total / LINES

    def _say(self, text: str) -> None:
        self._last = time.monotonic()
        print(f"{self.desc}: {text}, {self._last - self.start:.0f} s", file=self.file or sys.stderr, flush=True)

    def _count(self) -> str:
        return f"{self.n:,.0f} of {self.total:,.0f} {self.unit} ({self.n / self.total:.0%})"

    def update(self, n: float | None = 1) -> bool | None:
        self.n += n or 0
        if self.n >= self._next and self.n < self.total and not self._named:
            self._next = self._threshold(self.n)
            if time.monotonic() - self._last >= LINE_SECONDS:
                self._said = True
                self._say(self._count())
        return None

    def set_postfix_str(self, s: str = "", refresh: bool = True) -> None:
        self._named = True
        self._say(s)

    def close(self) -> None:
        """The last line, for work that took long enough to have said something (named steps end with the
        command's own last line)."""
        long = self._said or time.monotonic() - self.start >= LINE_SECONDS
        if not self._closed and not self._named and self.total > 0 and self.n > 0 and long:
            self._say(f"{self._count()}, done" if self.n < self.total else f"{self.n:,.0f} {self.unit}, done")
        self._closed = True

    def __enter__(self) -> LineProgress:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is not None:
            self._closed = True  # stopped by an error, which says so itself: not "done"
        self.close()


def bar(total: float, desc: str, unit: str, progress: bool | None = None, *, initial: float = 0,
        leave: bool = False, unit_scale: bool = False) -> Progress:
    """A progress bar of ``total`` ``unit`` on stderr. ``progress``: True a bar (tqdm) even where stderr is no
    terminal, False nothing, None a bar on a terminal and :class:`LineProgress` elsewhere."""
    if progress is None and not _is_terminal(sys.stderr):
        return LineProgress(total, desc, unit, initial)
    drawn: Progress = tqdm(total=total, desc=desc, unit=unit, initial=initial, leave=leave, unit_scale=unit_scale,
                           disable=not progress if progress is not None else None)
    return drawn


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced by something that is no file, or closed
        return False


def each(items: Sequence[T], desc: str, unit: str, progress: bool | None = None) -> Iterator[T]:
    """``items`` one by one, counted on a :func:`bar` as each is done (when the loop comes back for the next)."""
    with bar(len(items), desc, unit, progress) as shown:
        for item in items:
            yield item
            shown.update()
