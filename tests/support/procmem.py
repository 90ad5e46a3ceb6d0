"""Memory of a process and all its descendants, from /proc: what a build with worker processes really holds.

``ru_maxrss`` (and ``/usr/bin/time -v``) gives the peak of one process; a build that forks or spawns
workers holds the sum. RSS counts a page shared by a parent and its forked children once per process;
PSS (proportional set size, ``/proc/PID/smaps_rollup``) divides each shared page between the processes
that map it, so the summed PSS is what the machine actually gives the build.

Reading PSS is not free: the kernel walks every page table of the process for ``smaps_rollup`` (tens of
milliseconds for a process of several GB; at two samples a second a sampler took 3 min 22 s of CPU during a
27-minute build of a million triples). RSS comes from ``status`` at almost no cost, and a process's PSS never
exceeds its RSS, so :class:`TreeSampler` reads PSS only when the summed RSS is above the highest summed PSS
seen so far (the only moments a new peak can be), and otherwise every ``pss_every`` seconds: the peak is exact,
the PSS of the samples between is left out.
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


def _summed_mb(pids: list[int], file: str, key: str) -> float:
    """The sum of ``key`` in ``/proc/PID/file`` over ``pids``, in MB; a process that ended meanwhile counts 0."""
    total = 0
    for current in pids:
        try:
            total += _kilobytes((PROC / str(current) / file).read_text(), key)
        except OSError:
            continue
    return total / 1024


def tree_memory_mb(pid: int, *, pss: bool = True) -> tuple[float, float]:
    """Summed RSS and summed PSS (0 when not asked or not readable) of ``pid`` and its descendants, in MB."""
    pids = descendants(pid)
    return _summed_mb(pids, "status", "VmRSS"), _summed_mb(pids, "smaps_rollup", "Pss") if pss else 0.0


def tree_rss_mb(pid: int) -> float:
    """The summed RSS of ``pid`` and its descendants, in MB."""
    return tree_memory_mb(pid, pss=False)[0]


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    pss_mb: float | None  # None: not read at this sample (it could not have been a new peak)
    processes: int


@dataclass
class TreeSampler:
    """Samples the summed memory of ``pid`` and its descendants every ``interval`` seconds in a thread until
    :meth:`stop`: RSS at every sample, PSS when it could be a new peak or ``pss_every`` seconds after the last
    reading (``pss=False``: never)."""

    pid: int
    interval: float = 0.5
    pss: bool = True
    pss_every: float = 5.0
    samples: list[Sample] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> TreeSampler:
        started = time.monotonic()

        def run() -> None:
            peak_pss, last_pss = 0.0, float("-inf")
            while not self._stop.is_set():
                now = time.monotonic() - started
                pids = descendants(self.pid)
                rss = _summed_mb(pids, "status", "VmRSS")
                pss: float | None = None
                if self.pss and (rss > peak_pss or now - last_pss >= self.pss_every):
                    pss, last_pss = _summed_mb(pids, "smaps_rollup", "Pss"), now
                    peak_pss = max(peak_pss, pss)
                if rss:
                    self.samples.append(Sample(now, rss, pss, len(pids)))
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
        return max((s.pss_mb for s in self.samples if s.pss_mb is not None), default=0.0)

    @property
    def pss_readings(self) -> int:
        """How many samples read PSS."""
        return sum(s.pss_mb is not None for s in self.samples)
