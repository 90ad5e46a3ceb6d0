"""A worker process of the build leaves Ctrl-C to the command and ends at once on SIGTERM, and a command waiting
for a pool's results learns at once that a worker ended without answering (byregion.workers)."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import subprocess
import sys
import time

import pytest

from byregion.workers import WorkerDied, as_worker, awaited, watched, workers_started
from tests.support.sessions import session_processes

pytestmark = pytest.mark.fast

WORKER = """
import signal, time
from byregion.cli import _terminate
signal.signal(signal.SIGTERM, _terminate)  # the command's handler, as a forked worker inherits it
from byregion.workers import as_worker
as_worker()
print("ready", flush=True)
time.sleep(30)
"""


def test_a_worker_ignores_ctrl_c_and_ends_on_sigterm_without_a_traceback() -> None:
    process = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        assert process.poll() is None  # Ctrl-C is the command's: it ends its workers itself
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
        assert process.returncode == -signal.SIGTERM and "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def _answer(n: int) -> int:
    """A task: ``n`` squared, or the worker killed as the out-of-memory killer kills (SIGKILL) when ``n`` is 3."""
    if n == 3:
        os.kill(os.getpid(), signal.SIGKILL)
    return n * n


def test_a_worker_killed_while_the_command_waits_for_its_answer_is_named_within_seconds() -> None:
    """``multiprocessing.Pool`` starts a worker in place of a killed one, but the task it held is lost: waited for
    plainly, its answer never comes. Watched, the wait ends within about :data:`byregion.workers.CHECK_INTERVAL`
    seconds, naming the worker and how it ended; the answers before the lost task come first, in order."""
    pool, started = workers_started(lambda: multiprocessing.get_context("fork").Pool(2, initializer=as_worker))
    assert len(started) == 2 and all(worker.is_alive() for worker in started)
    with pool:
        begun = time.monotonic()
        answers = []
        with pytest.raises(WorkerDied, match=r"a worker process squaring \(pid \d+\) ended before it answered: it "
                                             r"was killed \(SIGKILL\), as the kernel's out-of-memory killer"):
            for answer in watched(pool.imap(_answer, range(6)), started, "squaring"):
                answers.append(answer)
        assert answers == [0, 1, 4] and time.monotonic() - begun < 10
        with pytest.raises(WorkerDied, match="awaiting"):  # a worker that is gone is named to every later wait
            awaited(pool.apply_async(time.sleep, (60,)), started, "awaiting")
    with multiprocessing.get_context("fork").Pool(1) as whole:  # where no worker ends, the answers as they come
        assert list(watched(whole.imap(abs, [-1, -2]), [], "")) == [1, 2]



def test_watching_a_chunked_imap_is_refused_at_once_rather_than_waited_on() -> None:
    """With a chunksize above 1, ``Pool.imap`` returns a plain generator over its chunks, which has no timed wait:
    ``byregion synth`` passed one, and its parallel import failed on its first page."""
    with multiprocessing.get_context("fork").Pool(1) as pool, pytest.raises(TypeError, match=r"chunksize 1"):
        next(watched(pool.imap(abs, [-1, -2], chunksize=2), [], ""))


ORPHANED = """
import multiprocessing, time
from byregion.workers import as_worker
pool = multiprocessing.get_context("fork").Pool(2, initializer=as_worker)
print(" ".join(str(worker.pid) for worker in multiprocessing.active_children()), flush=True)
time.sleep(60)
"""


@pytest.mark.slow  # a command of its own, and seconds of waiting for its workers
def test_no_worker_outlives_its_command() -> None:
    """A pool's worker killed while it waits for a task holds the task queue's lock for ever, and the workers the
    pool starts in place of the killed ones wait for that lock for ever. Orphaned when the command ended, they had
    run on, holding its stderr (a suite's Ctrl-C test waited for the command's output in vain). Every worker now
    ends within about :data:`byregion.workers.COMMAND_CHECK_INTERVAL` seconds of its command."""
    command = subprocess.Popen([sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        assert command.stdout is not None
        workers = [int(pid) for pid in command.stdout.readline().split()]
        assert len(workers) == 2
        time.sleep(0.3)  # both wait for a task, one of them holding the queue's lock
        for worker in workers:
            os.kill(worker, signal.SIGKILL)
        time.sleep(1)  # the pool has started two others, which wait for that lock
        command.kill()
        command.wait()
        deadline = time.monotonic() + 10
        while session_processes(command.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(command.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(command.pid, signal.SIGKILL)
