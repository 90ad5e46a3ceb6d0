"""The parent of a pool's query processes: one process that holds the store and forks a query process per slot.

Why a parent of their own: a build is immutable, and a small one is queried several times faster from memory
than from its on-disk store (pyoxigraph, the repository's build, one process, 2,000 queries with a new text
each: the benchmark's select 0.22 ms from memory against 0.72 ms from disk, its aggregate 0.15 against 0.25 ms,
its text search 0.17 against 0.34 ms). This process loads the build's N-Quads into an in-memory store once
(when :class:`ForkServer` is given a dataset) and forks every query process from itself, so the store's pages
are shared copy-on-write, not loaded again by each process; a larger build is opened from disk by each query
process after the fork (RocksDB's threads must not cross a fork). Either way a query process killed at its
timeout is replaced by a fork in milliseconds, not by a new interpreter.

The process stays single-threaded, so a fork is safe: it leaves the network (unless ``SERVICE`` is allowed,
:func:`without_network`) before it loads anything, and its children inherit that. It speaks over a
socket pair, one request at a time and a reply of fixed size to each:

- ``f`` with a socket in ``SCM_RIGHTS``: fork a query process answering jobs on it; the reply is its pid
  (negative: the ``errno`` of a failed fork);
- ``s`` and a pid: whether that child has ended and its exit code (``-signal`` if a signal ended it), which
  only this process, its parent, can read; the pool tells a query that passed the memory cap by it.

When the web process closes the socket (or dies), the parent kills every child still running and exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import select
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from byregion.lifetime import end_with_parent
from byregion.rdf_files import oxigraph_path
from byregion.sparql import EngineError, Refused
from byregion.sparql.frames import JOB, READY, WARM_UP, decode_job, encode_answer, recv_exact, recv_frame

if TYPE_CHECKING:
    import pyoxigraph as ox

    from byregion.sparql.execute import Result

PID = struct.Struct("!q")
STATUS = struct.Struct("!?q")  # ended, exit code (-signal when a signal ended it)
#: Exit codes of ended children kept until the pool asks; the oldest go first (the pool asks only after a failure).
KEPT_EXITS = 256
#: Seconds between the parent's reaping of ended children when no request comes.
REAP_INTERVAL = 1.0


@functools.cache
def _libc() -> ctypes.CDLL:
    """The C library, found once (``find_library`` runs ``ldconfig``): the parent loads it before it forks, so a
    fork asking for its parent's death signal does not look for it again."""
    import ctypes.util

    return ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)


def without_network() -> str | None:
    """Move this (single-threaded) process into new user and network namespaces: it keeps its files (its user id
    is mapped to itself) but has no network interface but a loopback that is down. None when done, else why not."""
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    uid, gid = os.getuid(), os.getgid()
    try:
        libc = _libc()
        if libc.unshare(clone_newuser | clone_newnet) != 0:
            return os.strerror(ctypes.get_errno())
        for name, text in (("uid_map", f"{uid} {uid} 1\n"), ("setgroups", "deny"), ("gid_map", f"{gid} {gid} 1\n")):
            with open(f"/proc/self/{name}", "w") as handle:
                handle.write(text)
    except (OSError, AttributeError, TypeError) as exc:  # no libc with unshare (not Linux), or /proc refused it
        return str(exc)
    return None


# --- the web process's side ---------------------------------------------------------------------------------


class ForkedProcess:
    """A query process forked by the :class:`ForkServer`: killed and waited for through a pidfd (it is not our
    child, so ``waitpid`` cannot), its exit code asked of its parent."""

    def __init__(self, pid: int, parent: ForkServer) -> None:
        self.pid = pid
        self._parent = parent
        self._lock = threading.Lock()  # kill() and close() may come from two threads (the pool's close, a reaper)
        self._pidfd: int | None = None
        self._ended: int | None = None
        if hasattr(os, "pidfd_open"):  # Linux 5.3+: signals and waits that cannot reach a reused pid
            try:
                self._pidfd = os.pidfd_open(pid)
            except ProcessLookupError:  # it ended already, and its parent has reaped it
                self._ended = parent.exit_code(pid)

    def kill(self) -> None:
        with self._lock, contextlib.suppress(ProcessLookupError, OSError):
            if self._pidfd is not None:
                signal.pidfd_send_signal(self._pidfd, signal.SIGKILL)
            elif self._ended is None:
                os.kill(self.pid, signal.SIGKILL)

    def wait(self, timeout: float) -> int | None:
        """Its exit code (``-signal`` when a signal ended it) once it has ended, waiting at most ``timeout``
        seconds; None if it still runs then (or its parent is gone and cannot say)."""
        if self._ended is None and self._pidfd is not None:
            poller = select.poll()  # not select(): it refuses descriptors numbered 1024 and above
            with self._lock:
                if self._pidfd is None:
                    return self._ended
                poller.register(self._pidfd, select.POLLIN)
            if poller.poll(max(0, int(timeout * 1000))):
                self._ended = self._parent.exit_code(self.pid)
        elif self._ended is None:  # no pidfd: ask the parent until it has reaped the process
            deadline = time.monotonic() + timeout
            while (code := self._parent.exit_code(self.pid)) is None and time.monotonic() < deadline:
                time.sleep(0.01)
            self._ended = code
        return self._ended

    def close(self) -> None:
        with self._lock:
            if self._pidfd is not None:
                os.close(self._pidfd)
                self._pidfd = None


class ForkServer:
    """The parent of one pool's query processes, started on the first :meth:`fork` (and again after it failed or
    died); thread-safe. ``dataset``: N-Quads to load into memory and share, None to open ``store_path`` in each
    query process."""

    def __init__(self, store_path: str, dataset: str | None, *, isolate: bool, max_memory: int,
                 start_timeout: float) -> None:
        self.store_path = store_path
        self.dataset = dataset
        self.isolate = isolate
        self.max_memory = max_memory
        self.start_timeout = start_timeout
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._control: socket.socket | None = None
        self._closed = False

    def _start(self) -> socket.socket:
        ours, theirs = socket.socketpair()
        process = subprocess.Popen(
            [sys.executable, "-m", "byregion.sparql.forkserver", str(theirs.fileno()), self.store_path,
             self.dataset or "", "isolated" if self.isolate else "networked", str(self.max_memory)],
            pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        try:
            greeting = _greeting(ours, self.start_timeout)
        except OSError as exc:
            greeting = f"its socket failed: {exc}".encode()
        if greeting != READY:
            ours.close()
            process.kill()
            process.wait(5)
            why = greeting.decode(errors="replace").strip() or f"it exited with {process.returncode}"
            raise EngineError(f"The query processes could not start: {why}")
        self._process, self._control = process, ours
        return ours

    def _ask(self, message: bytes, reply_size: int, fds: tuple[int, ...] = (), *, start: bool = True) -> bytes:
        """Send ``message`` (with ``fds``) and return the reply of ``reply_size`` bytes, starting the parent first
        if it is not running (and ``start``); :class:`EngineError` if it cannot be started or stops answering."""
        with self._lock:
            if self._closed:
                raise EngineError("The server is shutting down; try again in a moment.")
            if self._control is None and not start:
                raise EngineError("The query processes' parent is not running.")
            control = self._control or self._start()
            try:
                socket.send_fds(control, [message], list(fds))
                return recv_exact(control, reply_size, time.monotonic() + self.start_timeout)
            except (OSError, EOFError):  # TimeoutError is an OSError
                self._stop()
                raise EngineError("The query processes' parent stopped answering; the next query starts it "
                                  "again.") from None

    def fork(self, sock: socket.socket) -> ForkedProcess:
        """A new query process answering jobs on ``sock`` (its greeting comes on ``sock``: :data:`READY` or why not)."""
        (pid,) = PID.unpack(self._ask(b"f", PID.size, (sock.fileno(),)))
        if pid < 0:
            raise EngineError(f"A query process could not be started: {os.strerror(-pid)}")
        return ForkedProcess(pid, self)

    def exit_code(self, pid: int) -> int | None:
        """The exit code of the query process ``pid`` if it has ended, else None (also when the parent is gone)."""
        try:
            ended, code = STATUS.unpack(self._ask(b"s" + PID.pack(pid), STATUS.size, start=False))
        except EngineError:
            return None
        return code if ended else None

    def _stop(self) -> None:
        control, process, self._control, self._process = self._control, self._process, None, None
        if control is not None:
            control.close()  # the parent kills its children and exits when it reads the end
        if process is not None:
            try:
                process.wait(5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(5)

    def close(self) -> None:
        """End the parent, and with it every query process it still has."""
        with self._lock:
            self._closed = True
            self._stop()


def _greeting(sock: socket.socket, timeout: float) -> bytes:
    """What the parent says once it has loaded the store: :data:`READY`, or why not (all it wrote before it
    closed the socket), or that it said nothing within ``timeout`` seconds."""
    deadline, said = time.monotonic() + timeout, b""
    while said != READY:
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:  # (a timeout of 0 would make the socket non-blocking, not time out)
                raise TimeoutError
            sock.settimeout(remaining)
            chunk = sock.recv(65536)
        except (TimeoutError, BlockingIOError):
            return said or f"it did not load the store within {timeout:g} s".encode()
        if not chunk:
            break
        said += chunk
    return said


# --- the parent's side ----------------------------------------------------------------------------------------


def _load(dataset: str) -> ox.Store:
    """The N-Quads at ``dataset`` in an in-memory store, blank nodes keeping their labels (the build's canonical
    ``_:c14n…``, as the on-disk store and the dumps have them; ``bulk_load`` would give them new random ones)."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_extend(ox.parse(path=Path(dataset), format=ox.RdfFormat.N_QUADS))
    return store


def _data_bytes() -> int:
    """This process's data segment and private mappings (``VmData``): what ``RLIMIT_DATA`` counts."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def _reap(children: set[int], ended: dict[int, int]) -> None:
    """Collect every child that has ended, keeping its exit code for the pool to ask."""
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        children.discard(pid)
        ended[pid] = os.waitstatus_to_exitcode(status)
        while len(ended) > KEPT_EXITS:
            del ended[next(iter(ended))]


def serve_forks(control: socket.socket, store_path: str, dataset: str, isolate: bool, max_memory: int) -> None:
    """The parent's loop: load the store (``dataset``, when given), report ready, fork on request.

    Ctrl-C in a terminal reaches the whole process group; this process and its children ignore it and end with
    the web process (their sockets close) instead, so that a query in flight is not broken off with a traceback
    before the web process has shut down."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if isolate and (why := without_network()) is not None:
        print(f"byregion: the SPARQL query processes run with the network ({why}): SERVICE is refused by the "
              "guards alone", file=sys.stderr)
    store = None
    if dataset:
        try:
            store = _load(dataset)
        except (OSError, SyntaxError, ValueError) as exc:
            control.sendall(f"cannot load {dataset} into memory: {exc}".encode())
            return
        # The forks inherit the store, and RLIMIT_DATA counts it: a store that takes half the cap leaves every
        # query less room than the store itself. Say so now, rather than answer every query "out of memory".
        if max_memory > 0 and (held := _data_bytes()) * 2 > max_memory:
            control.sendall(f"the build takes {held / 2**20:.0f} MB in memory, more than half the "
                            f"{max_memory / 2**20:.0f} MB a query process may use (BYREGION_SPARQL_MAX_MEMORY); "
                            "raise that, or lower BYREGION_SPARQL_IN_MEMORY_MAX_TRIPLES to query it from "
                            "disk".encode())
            return
    import byregion.sparql.execute  # noqa: F401  (loaded once here, not in every query process)

    gc.freeze()  # the objects so far are never collected in a fork, so its collector leaves their pages shared
    control.sendall(READY)
    children: set[int] = set()
    ended: dict[int, int] = {}
    control.settimeout(REAP_INTERVAL)
    try:
        while True:
            _reap(children, ended)
            try:
                command, fds, _flags, _address = socket.recv_fds(control, 1, 1)
            except TimeoutError:
                continue
            if not command:
                return  # the web process closed its end or went away
            if command == b"f" and fds:
                pid = _fork(fds[0], control, store, store_path, max_memory)
                if pid > 0:
                    children.add(pid)
                control.sendall(PID.pack(pid))
            elif command == b"s":
                (pid,) = PID.unpack(recv_exact(control, PID.size))
                _reap(children, ended)
                code = ended.pop(pid, None)
                control.sendall(STATUS.pack(code is not None, code or 0))
            for fd in fds:
                os.close(fd)
    finally:
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _fork(fd: int, control: socket.socket, store: ox.Store | None, store_path: str, max_memory: int) -> int:
    """Fork a query process answering on ``fd``; its pid, or ``-errno`` when the fork failed."""
    parent = os.getpid()
    try:
        pid = os.fork()
    except OSError as exc:
        return -(exc.errno or 1)
    if pid:
        return pid
    code = 1
    try:  # the child: it never returns into the parent's loop
        control.close()
        _end_with(parent)
        code = answer_jobs(socket.socket(fileno=fd), store, store_path, max_memory)
    except BaseException:
        traceback.print_exc()
    finally:
        os._exit(code)


def _end_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent`` (the thread that forked it: the parent's only one) ends,
    so that a query process never outlives its parent and runs on with nobody to stop it (Linux; elsewhere the
    closed socket ends it once its query is done)."""
    if not end_with_parent(parent, signal.SIGKILL):  # it ended between the fork and the request
        os._exit(1)


def answer_jobs(sock: socket.socket, store: ox.Store | None, store_path: str, max_memory: int) -> int:
    """A query process: cap its memory (``max_memory`` bytes of data, 0 for none), open the store unless it has
    one, warm up, report ready, then answer jobs until the socket closes. Returns the exit code.

    The cap is ``RLIMIT_DATA`` (heap and private mappings, which include an in-memory store shared with the
    parent), not the address space, which the store's files and thread stacks reserve far beyond what is used.
    A query that passes it ends the process (the engine aborts when an allocation fails); the pool tells that
    from a crash by the exit signal."""
    import resource

    import pyoxigraph as ox

    from byregion.sparql.execute import run_on_store

    if max_memory > 0:
        resource.setrlimit(resource.RLIMIT_DATA, (max_memory, max_memory))
    try:
        if store is None:
            store = ox.Store.read_only(oxigraph_path(store_path))
        run_on_store(store, WARM_UP)
    except (OSError, Refused) as exc:
        sock.sendall(f"cannot query the store at {store_path}: {getattr(exc, 'message', exc)}\n".encode())
        return 1
    sock.sendall(READY)
    while True:
        try:
            _, payload = recv_frame(sock, JOB)
            job = decode_job(payload)
        except (EOFError, OSError):
            return 0  # the web process went away
        answer: Result | Refused
        try:
            answer = run_on_store(store, job)
        except Refused as exc:
            answer = exc
        except Exception as exc:  # never let a query process die silently; the web process makes this a 502
            answer = EngineError(f"the query failed: {type(exc).__name__}: {exc}")
        sock.sendall(encode_answer(answer))


if __name__ == "__main__":
    serve_forks(socket.socket(fileno=int(sys.argv[1])), sys.argv[2], sys.argv[3], sys.argv[4] == "isolated",
                int(sys.argv[5]))
