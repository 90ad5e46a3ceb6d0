"""The build's worker processes: how they leave signals to the command, and the pool (:class:`Workers`) through
which the command hands them work and learns at once that one ended without answering.

Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. A worker that took it raised
``KeyboardInterrupt`` wherever it was, once while holding its pool's result-queue lock, and the command, ending the
pool, then waited for that lock for ever (a review's build hung 2 times in 12 interrupted renders). Workers forked
from the command also inherited its SIGTERM handler (:func:`byregion.cli._terminate`), so the SIGTERM that ends a
worker printed a traceback of each. The command alone decides: it is interrupted, and it ends its workers.

A worker can also end without the command's word: the kernel's out-of-memory killer sends it SIGKILL. The
standard library's pools share one task queue and one result queue among their workers, each guarded by a lock
that a worker holds while it waits for a task or writes an answer; a worker killed meanwhile never gives it back.
``multiprocessing.Pool`` then waited for that lock for ever as it ended (CI, 2026-12-08: a synth worker killed while
it wrote its page). Killing one of two workers while 8 MB answers came, the Pool's end hung in 13 of 20 tries, and
``concurrent.futures.ProcessPoolExecutor``'s (which the validation used) in 7 of 20. Here each worker has a pipe of
its own, which nothing but it writes: a worker that ends mid-answer closes its pipe, the command reads the end of
it, and nothing is shared for a dead worker to hold (0 of 20).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from types import TracebackType
from typing import Any, Generic, NoReturn, TypeVar

T = TypeVar("T")
A = TypeVar("A")

#: Seconds between a worker's looks at whether the command that started it still runs (:func:`as_worker`): the
#: longest a worker outlives its command.
COMMAND_CHECK_INTERVAL = 1.0

#: Seconds :meth:`Workers.close` waits for each worker to end after its last task before it kills it.
END_WAIT = 10.0


class WorkerDied(RuntimeError):
    """A worker ended before it answered (killed by the kernel's out-of-memory killer, say): what it was given is
    lost, and the work cannot be finished."""


class RemoteTraceback(Exception):
    """Where in a worker a task's error was raised: the ``__cause__`` of the error the command raises again."""

    def __str__(self) -> str:
        return f"\n\n{self.args[0]}"


def as_worker() -> None:
    """Leave Ctrl-C to the command (SIGINT ignored), let SIGTERM end this process at once (its default action), and
    end when the command has ended: the initializer of every worker of the build and of `byregion synth`.

    A worker of ``multiprocessing.Pool`` that the pool had started in place of a killed one waited for ever for a
    lock the killed one held; orphaned when the command ended, it went on holding the command's stderr, and a
    suite's Ctrl-C test waited for the command's output in vain (seen once on 2026-12-07). :class:`Workers` shares
    no lock, but a worker busy with a long task would still finish it for nobody: a thread of the worker looks
    every :data:`COMMAND_CHECK_INTERVAL` seconds whether its parent is still the command. Not the kernel's
    parent-death signal (:mod:`byregion.lifetime`): it follows the thread that forked a process, not the process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None:
        threading.Thread(target=_end_with_command, args=(parent.pid,), name="end-with-command", daemon=True).start()


def _end_with_command(command: int) -> None:
    while os.getppid() == command:
        time.sleep(COMMAND_CHECK_INTERVAL)
    os._exit(1)  # orphaned: nobody waits for what this worker would do


def quiet_half_made_objects() -> None:
    """After a stop, drop the errors of finalizers instead of printing their tracebacks under the command's line.

    A stop is raised wherever the process was, which may be inside a constructor: on CI a SIGTERM landed in
    pyparsing's ``Forward.__init__`` while the build's merging process built rdflib's SPARQL grammar, and the
    half-made object's ``__del__`` failed as it was freed ("Exception ignored in ..."). Such an object has nothing
    left to report once the process stops; the command's one line and its exit code say what happened. Called
    by the SIGTERM handler that the command and its merging process share (:func:`byregion.cli._terminate`), and by
    the command once Ctrl-C reaches it (tests/test_cli_stop.py)."""
    sys.unraisablehook = lambda unraisable: None


def ended(exitcode: int) -> str:
    """How a process ended, from its exit code (``-9``: SIGKILL), for a message."""
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        if -exitcode == signal.SIGKILL:
            return f"it was killed ({name}), as the kernel's out-of-memory killer kills a process when memory runs out"
        return f"it was ended by {name}"
    return f"it exited with status {exitcode}"


@dataclass(eq=False)  # each its own: one is found in a list by identity
class Answer(Generic[T]):
    """What :meth:`Workers.submit` promised: :meth:`Workers.wait` gives the value, or raises the task's error."""

    done: bool = False
    value: Any = None
    error: BaseException | None = None

    @property
    def failed(self) -> bool:
        return self.done and self.error is not None


@dataclass
class _Worker:
    process: BaseProcess
    pipe: Connection  # the command's end: tasks go out, answers come back
    task: Answer[Any] | None = None  # the answer to the task it was given, while it has not given it


@dataclass
class Workers:
    """``jobs`` worker processes (``start_method``: ``"fork"`` shares this process's memory with them, page by page,
    ``"spawn"`` starts them afresh), each made ready by ``initializer(*initargs)``, for work that cannot go on
    without every answer: when a worker ends before it answers, every wait raises :class:`WorkerDied`, saying
    which and how (``doing``: what the workers do, for that message).

    Tasks go to the workers in the order they were submitted (:meth:`submit` before :meth:`map`), one to a worker
    at a time, and each worker's answers come back through a pipe of its own (the module's docstring says why).
    Nothing runs in the background: the workers are given tasks, and their answers read, while the command waits
    (:meth:`wait`, :meth:`map`). Leaving the ``with`` ends them: once their tasks are done, or at once (SIGKILL)
    when it is left by an error or a stop.
    """

    jobs: int
    start_method: str
    initializer: Callable[..., object]
    initargs: tuple[object, ...] = ()
    doing: str = "working"
    _workers: list[_Worker] = field(default_factory=list, init=False)
    _queue: deque[tuple[Answer[Any], Callable[..., object], tuple[object, ...]]] = field(default_factory=deque,
                                                                                         init=False)
    _dead: WorkerDied | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        context = multiprocessing.get_context(self.start_method)
        try:  # a stop while they start (Ctrl-C) leaves none of them running
            for _ in range(max(1, self.jobs)):
                ours, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs,),  # type: ignore[attr-defined]
                                          name=f"byregion worker ({self.doing})", daemon=True)
                process.start()
                theirs.close()  # theirs alone: the pipe ends when the worker does, even in the middle of an answer
                self._workers.append(_Worker(process, ours))
            # What makes them ready goes through their own pipes, once all are started, not with the start: a
            # spawned process's arguments are written into a pipe whose reading end the command itself holds until
            # the write ends, and the validation's shapes outgrow a pipe. A worker killed as it started made that
            # write wait for ever (a build's test, 2026-12-08); here the write fails, and says which worker died.
            for worker in self._workers:
                try:
                    worker.pipe.send((self.initializer, self.initargs))
                except OSError:
                    self._died(worker)
        except BaseException:
            self.kill()
            raise

    @property
    def processes(self) -> list[BaseProcess]:
        return [worker.process for worker in self._workers]

    def submit(self, function: Callable[..., T], *args: object) -> Answer[T]:
        """Queue ``function(*args)`` for the first worker free (after what was queued before)."""
        answer: Answer[T] = Answer()
        self._queue.append((answer, function, args))
        self._give()
        return answer

    def wait(self, answer: Answer[T]) -> T:
        """The value ``answer`` promised, once a worker has given it; the task's error raised again, or
        :class:`WorkerDied`."""
        while not answer.done:
            self._receive()
        if answer.error is not None:
            raise answer.error
        return answer.value  # type: ignore[no-any-return]

    def map(self, function: Callable[[A], T], items: Iterable[A], *, ahead: int | None = None,
            ordered: bool = True) -> Iterator[T]:
        """``function(item)`` for each of ``items``: in their order, or as they come when not ``ordered``. Items are
        taken from ``items`` as answers are read (``ahead``: at most so many given out, or answered and not yet
        read; ``2 * jobs`` if not said), so an endless iterator is fine and they are not all held at once."""
        ahead = ahead or 2 * len(self._workers)
        pending = iter(items)
        waiting: deque[Answer[T]] = deque()
        exhausted = False
        while True:
            while not exhausted and len(waiting) < ahead:
                item = next(pending, _END)
                if item is _END:
                    exhausted = True
                else:
                    waiting.append(self.submit(function, item))
            if not waiting:
                return
            if ordered:
                answer = waiting[0]
            else:
                while not any(answer.done for answer in waiting):
                    self._receive()
                answer = next(answer for answer in waiting if answer.done)
            value = self.wait(answer)
            waiting.remove(answer)
            yield value

    def close(self) -> None:
        """End the workers: each told to end and given :data:`END_WAIT` seconds to, or killed at once where a task
        given out is still unanswered (nobody would read its answer)."""
        if self._queue or any(worker.task is not None for worker in self._workers):
            self.kill()
            return
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.pipe.send(None)
        deadline = time.monotonic() + END_WAIT
        for worker in self._workers:
            worker.process.join(max(0.0, deadline - time.monotonic()))
        self.kill()

    def kill(self) -> None:
        """End the workers now (SIGKILL), whatever they were doing: nothing they hold needs cleaning up."""
        for worker in self._workers:
            if worker.process.exitcode is None:
                with contextlib.suppress(OSError, ValueError):
                    worker.process.kill()
        for worker in self._workers:
            with contextlib.suppress(OSError, ValueError):
                worker.process.join()
                worker.pipe.close()
        self._workers.clear()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None and self._dead is None:
            self.close()
        else:
            self.kill()

    def _give(self) -> None:
        """Hand queued tasks to the workers that have none."""
        for worker in self._workers:
            if not self._queue:
                return
            if worker.task is None:
                answer, function, args = self._queue[0]
                try:
                    worker.pipe.send((function, args))
                except OSError:  # it ended: its pipe is closed
                    self._died(worker)
                self._queue.popleft()
                worker.task = answer

    def _receive(self) -> None:
        """Wait for an answer (or a worker's end), read those that have come, and give the workers that answered
        their next tasks."""
        if self._dead is not None:
            raise self._dead
        if not any(worker.task is not None for worker in self._workers):
            raise RuntimeError("waited for an answer no task was given for")
        by_pipe = {worker.pipe: worker for worker in self._workers}
        by_sentinel = {worker.process.sentinel: worker for worker in self._workers}
        ready = wait([*by_pipe, *by_sentinel])
        for pipe in ready:  # answers before ends: a worker that answered and then ended did answer
            if isinstance(pipe, Connection):
                self._read(by_pipe[pipe])
        for sentinel in ready:
            if isinstance(sentinel, int) and not by_sentinel[sentinel].pipe.poll():
                self._died(by_sentinel[sentinel])  # ended, its pipe read to the end: it was given no task
        self._give()

    def _read(self, worker: _Worker) -> None:
        """A worker answers the one task it was given, so what it says needs no name. A worker whose initializer
        failed says so once, as the answer to its first task (or, given none yet, raised at once)."""
        try:
            ok, value = worker.pipe.recv()
        except (EOFError, OSError):  # ended, in the middle of an answer or between two
            self._died(worker)
        answer = worker.task
        if answer is None:  # its initializer failed: it cannot take a task
            raise _raised(value)
        answer.done, worker.task = True, None
        if ok:
            answer.value = value
        else:
            answer.error = _raised(value)

    def _died(self, worker: _Worker) -> NoReturn:
        """Raise :class:`WorkerDied` for ``worker``, now and at every later wait (or what it said before it ended:
        an initializer's error)."""
        with contextlib.suppress(EOFError, OSError):
            while worker.task is None and worker.pipe.poll():
                _, value = worker.pipe.recv()
                raise _raised(value)
        worker.process.join(5)  # its end is known: its exit code comes at once
        code = worker.process.exitcode
        how = ended(code) if code is not None else "its pipe closed"
        self._dead = WorkerDied(f"a worker process {self.doing} (pid {worker.process.pid}) ended before it answered: "
                                f"{how}")
        raise self._dead


_END = object()


def _raised(sent: tuple[BaseException, str]) -> BaseException:
    error, where = sent
    error.__cause__ = RemoteTraceback(where)
    return error


def _portable(error: BaseException) -> tuple[BaseException, str]:
    """``error`` and its traceback as text, as they can cross to the command (an error that cannot be pickled
    goes as a RuntimeError that names it)."""
    where = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # any error of pickling: the error is named instead
        return RuntimeError(f"{type(error).__name__}: {error}"), where
    return error, where


def _serve(pipe: Connection) -> None:
    """A worker's life: made ready by what comes first on its pipe, then a task at a time until told to end
    (``None``) or the command's pipe closes. Ctrl-C is the command's from the start (the initializer,
    :func:`as_worker`, says so again)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        initializer, initargs = pipe.recv()
    except (EOFError, OSError):
        return
    try:
        initializer(*initargs)
    except Exception as error:  # said to the command, which raises it again
        pipe.send((False, _portable(error)))
        sys.exit(1)
    while True:
        try:
            message = pipe.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        function, args = message
        try:
            answer: tuple[bool, object] = (True, function(*args))
        except Exception as error:  # said to the command, which raises it again
            answer = (False, _portable(error))
        try:
            pipe.send(answer)
        except Exception as error:  # an answer that cannot be pickled (nothing of it was sent)
            pipe.send((False, _portable(error)))
