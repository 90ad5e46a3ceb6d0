"""Admission to the query slots: a bounded first-come-first-served queue in front of them.

A web worker runs at most ``slots`` queries at once (one per query process). A request that finds
every slot taken waits its turn in a queue of at most ``queue_length`` places, for at most ``wait``
seconds; only a request that finds the queue full, or that waits longer than ``wait``, is refused
with :class:`~byregion.sparql.Busy` (503 and ``Retry-After``). A freed slot is handed straight to the
request at the head of the queue, so nobody arriving later overtakes a waiting request: waits stay
close to the queue's length times the time of a query, with no unlucky request starving.

``Retry-After`` is an estimate of when the queue will have room again: the requests ahead, divided
among the slots, times the recent mean time a slot is held (at least 1 s, at most ``wait``).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager

from byregion.sparql import Busy

#: Weight of the latest hold time in the running mean behind ``Retry-After``.
_SMOOTHING = 0.2


class Admission:
    """At most ``slots`` holders at once; up to ``queue_length`` more wait in arrival order, each ``wait`` s."""

    def __init__(self, slots: int, queue_length: int, wait: float) -> None:
        self.slots = max(1, slots)
        self.queue_length = max(0, queue_length)
        self.wait = max(0.0, wait)
        self._lock = threading.Lock()
        self._free = self.slots
        self._queue: deque[threading.Event] = deque()
        self._mean_hold = 0.0  # seconds a slot was held, running mean

    @property
    def waiting(self) -> int:
        """Requests in the queue now."""
        return len(self._queue)

    @property
    def free(self) -> int:
        """Slots nobody holds now."""
        return self._free

    def acquire(self, wait: float | None = None) -> None:
        """Take a slot: at once if one is free and nobody waits, else in turn; :class:`Busy` when refused.
        ``wait``: at most so many seconds in the queue, if fewer than :attr:`wait` (``/health``'s probe)."""
        patience = self.wait if wait is None else max(0.0, min(wait, self.wait))
        with self._lock:
            if self._free and not self._queue:
                self._free -= 1
                return
            if len(self._queue) >= self.queue_length:
                raise Busy.queue_full(self.slots, len(self._queue), self._retry_after(len(self._queue)))
            turn = threading.Event()
            self._queue.append(turn)
        if turn.wait(patience):
            return
        with self._lock:
            if turn.is_set():  # handed a slot between the timeout and the lock
                return
            self._queue.remove(turn)
            retry_after = self._retry_after(len(self._queue))
        raise Busy.waited(self.slots, patience, retry_after)

    def release(self, held: float | None = None) -> None:
        """Give the slot back (to the first waiting request, if any); ``held`` s feeds ``Retry-After``."""
        with self._lock:
            if held is not None:
                self._mean_hold += _SMOOTHING * (held - self._mean_hold)
            if self._queue:
                self._queue.popleft().set()  # the slot changes hands; it is never free in between
            else:
                self._free += 1

    @contextmanager
    def slot(self, wait: float | None = None) -> Iterator[None]:
        """Hold a slot for the ``with`` block (see :meth:`acquire` for refusals and ``wait``)."""
        self.acquire(wait)
        started = time.monotonic()
        try:
            yield
        finally:
            self.release(time.monotonic() - started)

    def _retry_after(self, ahead: int) -> int:
        """Whole seconds until the ``ahead`` queued requests are likely through: at least 1, at most ``wait``."""
        estimate = (ahead + 1) / self.slots * self._mean_hold
        return max(1, math.ceil(min(estimate, self.wait)))
