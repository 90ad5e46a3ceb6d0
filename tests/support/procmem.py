"""Memory of a process and all its descendants, from /proc: what a build with worker processes really holds.

``ru_maxrss`` (and ``/usr/bin/time -v``) gives the peak of one process; a build that forks or spawns
workers holds the sum. RSS counts a page shared by a parent and its forked children once per process;
PSS (proportional set size, ``/proc/PID/smaps_rollup``) divides each shared page between the processes
that map it, so the summed PSS is what the machine actually gives the build.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROC = Path("/proc")


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children.get(current, [])
    return found


def _kilobytes(text: str, key: str) -> int:
    match = re.search(rf"^{key}:\s+(\d+)", text, re.MULTILINE)
    return int(match.group(1)) if match else 0


def tree_memory_mb(pid: int, *, pss: bool = True) -> tuple[float, float]:
    """Summed RSS and summed PSS (0 when not asked or not readable) of ``pid`` and its descendants, in MB."""
    rss = proportional = 0
    for current in descendants(pid):
        try:
            rss += _kilobytes((PROC / str(current) / "status").read_text(), "VmRSS")
            if pss:
                proportional += _kilobytes((PROC / str(current) / "smaps_rollup").read_text(), "Pss")
        except OSError:  # the process ended meanwhile
            continue
    return rss / 1024, proportional / 1024


def tree_rss_mb(pid: int) -> float:
    """The summed RSS of ``pid`` and its descendants, in MB."""
    return tree_memory_mb(pid, pss=False)[0]


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    pss_mb: float
    processes: int


@dataclass
class TreeSampler:
    """Samples :func:`tree_memory_mb` of ``pid`` every ``interval`` seconds in a thread until :meth:`stop`."""

    pid: int
    interval: float = 0.5
    pss: bool = True
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeSampler:
        started = time.monotonic()

        def run() -> None:
            while not self._stop.is_set():
                rss, pss = tree_memory_mb(self.pid, pss=self.pss)
                if rss:
                    self.samples.append(Sample(time.monotonic() - started, rss, pss,
                                               len(descendants(self.pid))))
                self._stop.wait(self.interval)
        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    @property
    def peak_rss_mb(self) -> float:
        return max((s.rss_mb for s in self.samples), default=0.0)

    @property
    def peak_pss_mb(self) -> float:
        return max((s.pss_mb for s in self.samples), default=0.0)
