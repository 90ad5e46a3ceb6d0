"""Choosing how queries run: worker processes on the embedded store, or a remote endpoint.

Both runners take a :class:`~byregion.sparql.execute.Job` and a timeout and return bytes in the
negotiated format, and both cap concurrency at ``settings.sparql_max_concurrent``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

from byregion.settings import Settings
from byregion.sparql import Busy
from byregion.sparql.execute import Job, Result
from byregion.sparql.pool import WorkerPool
from byregion.store.remote import RemoteStore


class Runner(Protocol):
    def run(self, job: Job, timeout: float) -> Result: ...

    def close(self) -> None: ...


class RemoteRunner:
    """A :class:`RemoteStore` behind a semaphore (HTTP waits need no process: abandoning them frees us)."""

    def __init__(self, store: RemoteStore, max_concurrent: int, wait: float = 0.25) -> None:
        self.store = store
        self.slots = threading.BoundedSemaphore(max(1, max_concurrent))
        self.size = max(1, max_concurrent)
        self.wait = wait

    def run(self, job: Job, timeout: float) -> Result:
        if not self.slots.acquire(timeout=self.wait):
            raise Busy.all_of(self.size)
        try:
            return self.store.run(job, timeout)
        finally:
            self.slots.release()

    def close(self) -> None:
        self.store.close()


def make_runner(settings: Settings, store: object, build_path: Path) -> Runner:
    """The runner for the app's store: remote when ``store`` is a :class:`RemoteStore`, else a worker pool."""
    if isinstance(store, RemoteStore):
        return RemoteRunner(store, settings.sparql_max_concurrent)
    return WorkerPool(build_path / "store", settings.sparql_max_concurrent)
