"""A small pool of query processes running queries on the embedded store, killed on timeout.

pyoxigraph cannot cancel a query from another thread, so a query that must be stopped runs in a
process we can kill. The processes are forked by the pool's :class:`~byregion.sparql.forkserver.ForkServer`,
which holds a small build's store in memory for all of them (a larger one each opens from disk); each
runs a trivial query (so that every code path is loaded before a client comes) and then serves jobs
over a socket pair (:mod:`byregion.sparql.frames`); a timed-out process is killed (SIGKILL, which really
frees the CPU) and replaced in the background while the others keep answering. The pool's size is the
number of query slots; requests beyond it wait in the bounded queue of :mod:`byregion.sparql.admission`.
:meth:`WorkerPool.wait_ready` blocks until every process is warm: the server calls it before it accepts
connections, so its first clients meet the same pool as later ones.

Unless ``SERVICE`` is allowed, the processes have no network at all
(:func:`~byregion.sparql.forkserver.without_network`; Linux, where unprivileged user namespaces are allowed):
the guards refuse ``SERVICE`` before a query runs, and a query that slipped past them still could not fetch
a URL. Where the system does not allow it, the log says so once and the processes run as before.

The hop to a query process costs two context switches and one copy of the result
(``scripts/bench_sparql.py`` measures the endpoint end to end).
"""

from __future__ import annotations

import atexit
import logging
import queue
import signal
import socket
import threading
import time
from pathlib import Path

from byregion import sparql
from byregion.settings import DEFAULT_SPARQL_START_TIMEOUT
from byregion.sparql import EngineError, QueryOutOfMemory, QueryTimeout, Refused
from byregion.sparql.admission import Admission
from byregion.sparql.execute import Job, Result
from byregion.sparql.forkserver import ForkedProcess, ForkServer
from byregion.sparql.frames import ANSWER, READY, encode_job, recv_exact, recv_frame

log = logging.getLogger(__name__)
#: Seconds after a worker failed to start before the pool tries again (on the next query).
RESTART_BACKOFF = 1.0


class _Worker:
    def __init__(self, process: ForkedProcess, sock: socket.socket) -> None:
        self.process = process
        self.sock = sock

    def kill(self) -> None:
        try:
            self.process.kill()
            self.sock.close()
            self.process.wait(5)
        finally:
            self.process.close()

    def ended_by(self, signum: int, wait: float = 1.0) -> bool:
        """Whether the process ended (within ``wait`` s) killed by signal ``signum``."""
        return self.process.wait(wait) == -signum

    def ask(self, job: Job, timeout: float) -> Result:
        """Send ``job``, wait at most ``timeout`` s for the whole answer (TimeoutError), return it."""
        deadline = time.monotonic() + timeout
        self.sock.sendall(encode_job(job))
        (status, truncated, rows, _), body = recv_frame(self.sock, ANSWER, deadline)
        if status == b"o":
            return Result(body, job.media_type, truncated, rows)
        name, _, message = body.decode().partition("\n")
        error = getattr(sparql, name, EngineError)
        raise (error if isinstance(error, type) and issubclass(error, Refused) else EngineError)(message)


class WorkerPool:
    """``size`` worker processes on the store at ``store_path``, ``queue_length`` requests waiting; thread-safe.

    With ``in_memory`` (the build's N-Quads), the workers query those from memory, loaded once for all of them
    (:mod:`byregion.sparql.forkserver`); without, each opens ``store_path`` read-only. The workers start in the
    background at once; :meth:`wait_ready` waits for them.
    """

    def __init__(self, store_path: Path, size: int, *, queue_length: int = 0, wait: float = 0.25,
                 start_timeout: float = DEFAULT_SPARQL_START_TIMEOUT, isolate: bool = True,
                 max_memory: int = 0, in_memory: Path | None = None) -> None:
        self.store_path = str(store_path)
        self.in_memory = in_memory
        self._forks = ForkServer(self.store_path, None if in_memory is None else str(in_memory), isolate=isolate,
                                 max_memory=max_memory, start_timeout=start_timeout)
        self.start_timeout = start_timeout
        self.isolate = isolate  # workers without network (SERVICE is not allowed)
        self.max_memory = max_memory  # bytes of data a worker may allocate (0: no limit)
        self.size = max(1, size)
        self.admission = Admission(self.size, queue_length, wait)
        self.parses = True  # run_on_store parses every query and refuses a malformed one as the guards do
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()  # the most recently used is warmest
        self._closed = False
        self._running: set[_Worker] = set()  # busy with a query: ended by close() too
        self._starting = 0
        self._busy = 0
        self._lock = threading.Lock()
        self._last_error = ""
        self._failed_at = 0.0  # when a worker last failed to start (replacements wait RESTART_BACKOFF after it)
        self.replaced = 0  # workers killed and replaced (timeouts, crashes); for tests and metrics
        for _ in range(self.size):
            self._spawn_in_background()
        atexit.register(self.close)

    def _spawn_in_background(self) -> None:
        with self._lock:
            self._starting += 1
        threading.Thread(target=self._spawn, name="sparql-worker-spawn", daemon=True).start()

    def _spawn(self) -> None:
        try:
            ours, theirs = socket.socketpair()
            try:
                worker = _Worker(self._forks.fork(theirs), ours)
            except BaseException:
                ours.close()
                raise
            finally:
                theirs.close()
            try:
                greeting = recv_exact(ours, len(READY), time.monotonic() + self.start_timeout)
            except (TimeoutError, EOFError):
                worker.kill()
                self._last_error = "a query worker did not start in time"
                self._failed_at = time.monotonic()
                return
            if greeting != READY:
                ours.settimeout(5)
                self._last_error = (greeting + ours.recv(4096)).decode(errors="replace").strip()
                self._failed_at = time.monotonic()
                worker.kill()
                return
            ours.settimeout(None)
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
        except (OSError, Refused) as exc:
            self._last_error = getattr(exc, "message", None) or f"a query worker could not start: {exc}"
            self._failed_at = time.monotonic()
        finally:
            with self._lock:
                self._starting -= 1

    def wait_ready(self, timeout: float | None = None) -> None:
        """Return once every worker is started and warm (within ``timeout`` s, by default the start timeout);
        :class:`EngineError` if one failed or time ran out."""
        timeout = self.start_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while self._starting and time.monotonic() < deadline:
            time.sleep(0.01)
        if self._starting:
            raise EngineError(f"The query workers did not start within {timeout:g} s; check the server's log.")
        if self._idle.qsize() + self._busy < self.size:
            raise EngineError(f"The query engine is unavailable: {self._last_error}")

    def _acquire(self, wait: float | None) -> _Worker:
        """A slot (in turn, else :class:`Busy`), then a worker: idle, or the next to start or return.

        Slots count requests, not live workers, so a replacement still starting is a slot taken by
        whoever came first; later requests wait in the queue rather than racing for it.
        """
        self.admission.acquire(wait)
        self._refill()
        try:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                worker = self._wait_for_worker()
        except BaseException:
            self.admission.release()
            raise
        with self._lock:
            self._busy += 1
            self._running.add(worker)
        return worker

    def _refill(self) -> None:
        """Start a worker for each one missing (one that failed to start is replaced, never given up on), at
        most once every :data:`RESTART_BACKOFF` seconds after a failure, so a broken store is not hammered."""
        with self._lock:
            missing = self.size - (self._idle.qsize() + self._busy + self._starting)
            if missing <= 0 or self._closed or time.monotonic() - self._failed_at < RESTART_BACKOFF:
                return
        for _ in range(missing):
            self._spawn_in_background()

    def _wait_for_worker(self) -> _Worker:
        deadline = time.monotonic() + self.start_timeout
        while True:
            try:
                return self._idle.get(timeout=0.02)
            except queue.Empty:
                if self._busy == 0 and self._starting == 0 and self._last_error:
                    raise EngineError(f"The query engine is unavailable: {self._last_error}") from None
                if time.monotonic() >= deadline:
                    raise EngineError(f"No query worker became ready within {self.start_timeout:g} s; "
                                      "check the server's log and the store.") from None

    def run(self, job: Job, timeout: float, *, wait: float | None = None) -> Result:
        """Run ``job`` on an idle worker; :class:`QueryTimeout` after ``timeout`` seconds (the worker is killed).
        ``wait``: seconds at most in the queue for a slot, if fewer than the admission's own."""
        if self._closed:
            raise EngineError("The server is shutting down; try again in a moment.")
        worker = self._acquire(wait)
        started = time.monotonic()
        healthy = False
        try:
            result = worker.ask(job, timeout)
            healthy = True
            return result
        except Refused:
            healthy = True  # the worker answered with a refusal and is ready for the next job
            raise
        except TimeoutError:
            raise QueryTimeout.after(timeout) from None
        except (EOFError, OSError) as exc:
            if self._closed:
                raise EngineError("The server is shutting down; try again in a moment.") from exc
            if self.max_memory and worker.ended_by(signal.SIGABRT):  # an allocation past the cap failed
                raise QueryOutOfMemory.over(self.max_memory) from None
            raise EngineError("The query engine stopped unexpectedly; try again.") from exc
        finally:
            with self._lock:
                self._running.discard(worker)
            if healthy and not self._closed:
                self._idle.put(worker)
            elif healthy:  # the pool was closed while this query ran: its worker ends with it
                threading.Thread(target=worker.kill, daemon=True).start()
            else:
                self.replaced += 1
                threading.Thread(target=worker.kill, daemon=True).start()
                if not self._closed:
                    self._spawn_in_background()  # counted as starting before the slot is free again
            with self._lock:
                self._busy -= 1
            self.admission.release(time.monotonic() - started)

    def close(self) -> None:
        """End every worker: the idle ones, and those busy with a query (whose request gets an EngineError)."""
        self._closed = True
        with self._lock:
            running = list(self._running)
        for worker in running:
            worker.process.kill()  # its request's ask() sees the socket close; run() then reaps it
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                break
        self._forks.close()

