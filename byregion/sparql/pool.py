"""A small pool of worker processes running queries on the embedded store, killed on timeout.

pyoxigraph cannot cancel a query from another thread, so a query that must be stopped runs in a
process we can kill. Each worker opens the build's store read-only once and then serves jobs over a
pipe; a timed-out worker is killed (SIGKILL, which really frees the CPU) and replaced in the
background while the other workers keep answering. The pool's size is the concurrency cap: a request
that finds no idle worker within ``wait`` seconds is refused with 503 and ``Retry-After``.

The overhead of the hop is one pipe round trip plus a copy of the result bytes (well under a
millisecond; ``scripts/bench_sparql.py`` measures the endpoint end to end).
"""

from __future__ import annotations

import atexit
import logging
import queue
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path

from byregion import sparql
from byregion.sparql import Busy, EngineError, QueryTimeout, Refused
from byregion.sparql.execute import Job, Result

log = logging.getLogger(__name__)
_STARTUP_SECONDS = 60.0


def _worker_main(conn: Connection, store_path: str) -> None:
    """Entry point of a worker process: open the store, then answer jobs until the pipe closes."""
    import pyoxigraph as ox

    from byregion.sparql.execute import run_on_store

    try:
        store = ox.Store.read_only(store_path)
    except OSError as exc:
        conn.send(("error", "EngineError", f"cannot open the store at {store_path}: {exc}"))
        return
    conn.send(("ready", None, None))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return  # the web process went away
        try:
            conn.send(("ok", run_on_store(store, job), None))
        except Refused as exc:
            conn.send(("error", type(exc).__name__, exc.message))
        except Exception as exc:  # never let a worker die silently; the parent turns this into a 502
            conn.send(("error", "EngineError", f"the query failed: {type(exc).__name__}: {exc}"))


class _Worker:
    def __init__(self, process: subprocess.Popen[bytes], conn: Connection) -> None:
        self.process = process
        self.conn = conn

    def kill(self) -> None:
        self.process.kill()
        self.conn.close()
        self.process.wait(5)


class WorkerPool:
    """``size`` worker processes on the store at ``store_path``; thread-safe."""

    def __init__(self, store_path: Path, size: int, *, wait: float = 0.25) -> None:
        self.store_path = str(store_path)
        self.size = max(1, size)
        self.wait = wait
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._closed = False
        self._starting = 0
        self._busy = 0
        self._lock = threading.Lock()
        self._last_error = ""
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
            # A fresh interpreter (no fork: the web process has threads), talking over a socket pair.
            ours, theirs = socket.socketpair()
            process = subprocess.Popen(
                [sys.executable, "-m", "byregion.sparql.pool", str(theirs.fileno()), self.store_path],
                pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
            theirs.close()
            parent = Connection(ours.detach())
            if not parent.poll(_STARTUP_SECONDS):
                _Worker(process, parent).kill()
                self._last_error = "a query worker did not start in time"
                return
            status, _name, message = parent.recv()
            if status != "ready":
                self._last_error = message
                process.wait(5)
                return
            worker = _Worker(process, parent)
            if self._closed:
                worker.kill()
            else:
                self._idle.put(worker)
        except (OSError, EOFError) as exc:
            self._last_error = f"a query worker could not start: {exc}"
        finally:
            with self._lock:
                self._starting -= 1

    def _acquire(self) -> _Worker:
        """An idle worker; wait ``wait`` s when all are busy, longer only while the pool is (re)starting."""
        deadline = time.monotonic() + self.wait
        startup_deadline = time.monotonic() + _STARTUP_SECONDS
        while True:
            try:
                worker = self._idle.get(timeout=0.02)
            except queue.Empty:
                now = time.monotonic()
                if self._busy == 0 and self._starting == 0 and self._last_error:
                    raise EngineError(f"The query engine is unavailable: {self._last_error}") from None
                starting_only = self._starting > 0  # a (replacement) worker is on its way: wait for it
                if now >= (startup_deadline if starting_only else deadline):
                    raise Busy(f"All {self.size} query slots are busy; try again in a moment.",
                               headers={"Retry-After": "2"}) from None
                continue
            with self._lock:
                self._busy += 1
            return worker

    def run(self, job: Job, timeout: float) -> Result:
        """Run ``job`` on an idle worker; :class:`QueryTimeout` after ``timeout`` seconds (the worker is killed)."""
        worker = self._acquire()
        healthy = False
        try:
            worker.conn.send(job)
            if not worker.conn.poll(timeout):
                raise QueryTimeout(f"The query ran longer than {timeout:g} s and was stopped. Make it more "
                                   "selective (a LIMIT, fewer OPTIONALs, a narrower pattern) and try again.")
            status, payload, message = worker.conn.recv()
            healthy = True
        except (EOFError, OSError) as exc:
            raise EngineError("The query engine stopped unexpectedly; try again.") from exc
        finally:
            with self._lock:
                self._busy -= 1
            if healthy:
                self._idle.put(worker)
            else:
                self.replaced += 1
                threading.Thread(target=worker.kill, daemon=True).start()
                if not self._closed:
                    self._spawn_in_background()
        if status == "ok":
            return payload  # type: ignore[no-any-return]
        raise getattr(sparql, payload, EngineError)(message)

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().kill()
            except queue.Empty:
                return


if __name__ == "__main__":
    _worker_main(Connection(int(sys.argv[1])), sys.argv[2])
