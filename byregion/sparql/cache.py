"""Answers of the embedded store kept for the life of the build they came from.

A build is immutable, so the answer to a query — the same text, dataset, format and row cap — is the
same every time it is asked of that build. :class:`CachedRunner` keeps recent answers in memory, up to
``settings.sparql_cache_bytes`` (least recently used go first), and answers a repeated query without
a query process: the example queries of the SPARQL page, the links under the programme's figures, a
dashboard that polls. It wraps the runner of one build and is closed with it when the server follows a
newer build, so no answer outlives its build. Refusals and errors are not kept (a timeout may pass), nor the
answer of a query that calls ``NOW()``, ``RAND()``, ``UUID()``, ``STRUUID()`` or ``BNODE()``
(:func:`~byregion.sparql.guards.volatile`).
A remote store is not wrapped: its data can change without a new build.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import TYPE_CHECKING

from byregion.sparql.admission import Admission
from byregion.sparql.execute import Job, Result
from byregion.sparql.guards import volatile

if TYPE_CHECKING:
    from byregion.sparql.runner import Runner

#: What an entry costs besides its body (the key, the objects), so that many tiny answers are bounded too.
ENTRY_OVERHEAD = 512


class ResultCache:
    """A byte-bounded least-recently-used map from :class:`Job` to :class:`Result`; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Job, Result] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def cost(job: Job, result: Result) -> int:
        return len(result.body) + len(job.query) + ENTRY_OVERHEAD

    def get(self, job: Job) -> Result | None:
        with self._lock:
            found = self._entries.get(job)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(job)
            self.hits += 1
            return found

    def put(self, job: Job, result: Result) -> None:
        cost = self.cost(job, result)
        if cost > self.max_bytes:
            return  # larger than the whole cache: keeping it would only empty the cache
        with self._lock:
            if job in self._entries:
                return
            self._entries[job] = result
            self.bytes += cost
            while self.bytes > self.max_bytes:
                old_job, old = self._entries.popitem(last=False)
                self.bytes -= self.cost(old_job, old)

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.bytes = 0


class CachedRunner:
    """A runner of one build's embedded store with a :class:`ResultCache` in front."""

    def __init__(self, inner: Runner, max_bytes: int) -> None:
        self.inner = inner
        self.cache = ResultCache(max_bytes)
        self.admission: Admission = inner.admission  # a cached answer takes no slot
        self.parses: bool = inner.parses

    def run(self, job: Job, timeout: float, *, wait: float | None = None) -> Result:
        if volatile(job.query):  # NOW(), RAND(), …: a new answer at every run, never kept
            return self.inner.run(job, timeout, wait=wait)
        found = self.cache.get(job)
        if found is not None:
            return found
        result = self.inner.run(job, timeout, wait=wait)
        self.cache.put(job, result)
        return result

    def wait_ready(self, timeout: float | None = None) -> None:
        if timeout is None:
            self.inner.wait_ready()
        else:
            self.inner.wait_ready(timeout)

    def close(self) -> None:
        self.cache.clear()
        self.inner.close()
