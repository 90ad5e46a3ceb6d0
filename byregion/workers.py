"""What the command and the build's worker processes do with the signals that stop a command, and how the command
notices a worker that ended without answering.

Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. A worker that took it raised
``KeyboardInterrupt`` wherever it was, once while holding its pool's result-queue lock, and the command, ending the
pool, then waited for that lock for ever (a review's build hung 2 times in 12 interrupted renders). Workers forked
from the command also inherited its SIGTERM handler (:func:`byregion.cli._terminate`), so the SIGTERM with which a
pool ends its workers printed a traceback of each. The command alone decides: it is interrupted, and it ends its
workers.

A worker can also end without the command's word: the kernel's out-of-memory killer sends it SIGKILL. Its pool
(``multiprocessing.Pool``) starts another in its place, but what the dead one was given is lost, and the command
waited for it for ever. The command waits for a pool's results through
:func:`watched` and :func:`awaited`, which look at the pool's workers (:func:`workers_started`) whenever no result
has come for :data:`CHECK_INTERVAL` seconds, and raise :class:`WorkerDied` naming how one ended.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.pool import AsyncResult, IMapIterator
from multiprocessing.process import BaseProcess
from typing import TypeVar

T = TypeVar("T")

#: Seconds a command waits for a pool's next result before it looks whether a worker ended (:func:`watched`): the
#: longest a lost task keeps it waiting, and a look costs a ``waitpid`` per worker.
CHECK_INTERVAL = 1.0


#: Seconds between a worker's looks at whether the command that started it still runs (:func:`as_worker`): the
#: longest a worker outlives its command.
COMMAND_CHECK_INTERVAL = 1.0


class WorkerDied(RuntimeError):
    """A worker of a pool ended before it answered (killed by the kernel's out-of-memory killer, say): what it was
    given is lost, and the work cannot be finished."""


def as_worker() -> None:
    """Leave Ctrl-C to the command (SIGINT ignored), let SIGTERM end this process at once (its default action), and
    end when the command has ended: the initializer of every process pool of the build and of `byregion synth`.

    A pool's worker killed while it waited for a task (as the pool's own end kills them) holds the lock of the
    pool's task queue for ever, and a worker the pool started in its place meanwhile waits for that lock for ever:
    orphaned when the command ended, it went on holding the command's stderr, and a suite's Ctrl-C test waited for
    the command's output in vain (seen once on 2026-12-07; ``tests/test_workers.py`` makes such a worker). A thread
    of the worker looks every :data:`COMMAND_CHECK_INTERVAL` seconds whether its parent is still the command. Not the
    kernel's parent-death signal (:mod:`byregion.lifetime`): it follows the thread that forked a process, and a pool
    starts its replacements from a thread of its own, which ends as the pool ends, killing those workers as the pool
    drains its queue, with the queue's lock held."""
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


def workers_started(make_pool: Callable[[], T]) -> tuple[T, list[BaseProcess]]:
    """``make_pool()`` and the worker processes it started (``multiprocessing.Pool`` starts them all at once):
    the children this process has after it and had not before."""
    before = set(multiprocessing.active_children())
    pool = make_pool()
    return pool, [child for child in multiprocessing.active_children() if child not in before]


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


def check(workers: Sequence[BaseProcess], what: str) -> None:
    """:class:`WorkerDied` when one of ``workers`` has ended (``what``: what it was doing, for the message)."""
    for worker in workers:
        if worker.exitcode is not None:
            raise WorkerDied(f"a worker process {what} (pid {worker.pid}) ended before it answered: "
                             f"{ended(worker.exitcode)}")


def watched(results: IMapIterator[T], workers: Sequence[BaseProcess], what: str) -> Iterator[T]:
    """The results of ``pool.imap(...)`` in order, :class:`WorkerDied` as soon as none comes and one of the pool's
    ``workers`` has ended.

    Only with a chunksize of 1: with more, ``imap`` returns a generator over its chunks, which cannot be waited on
    for a while (a TypeError here, not a wait for ever; ``byregion synth`` had passed one)."""
    if not isinstance(results, IMapIterator):
        raise TypeError(f"watched() needs pool.imap(...)'s own iterator (chunksize 1), not {type(results).__name__}")
    while True:
        try:
            result = results.next(CHECK_INTERVAL)
        except StopIteration:
            return
        except multiprocessing.TimeoutError:
            check(workers, what)
            continue
        yield result


def awaited(result: AsyncResult[T], workers: Sequence[BaseProcess], what: str) -> T:
    """The value of ``pool.apply_async(...)``, :class:`WorkerDied` as soon as it has not come and one of the pool's
    ``workers`` has ended."""
    while not result.ready():
        result.wait(CHECK_INTERVAL)
        if not result.ready():
            check(workers, what)
    return result.get()

