"""A worker process of the build leaves Ctrl-C to the command and ends at once on SIGTERM; the command hands its
workers tasks and reads their answers in order, and learns at once that a worker ended without answering, however it
ended, without waiting for ever as it ends them (byregion.workers)."""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import multiprocessing.process
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import pytest

from byregion.workers import WorkerDied, Workers, as_worker
from tests.support.query_processes import stat_fields
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


def _large(size: int) -> bytes:
    return b"x" * size


def _slow(item: tuple[int, float]) -> int:
    time.sleep(item[1])
    return item[0]


def _unpicklable() -> object:
    return threading.Lock()


def _failing_start() -> None:
    raise OSError(28, "No space left on device")


def workers(jobs: int = 2, **kwargs: object) -> Workers:
    return Workers(jobs, "fork", as_worker, **kwargs)  # type: ignore[arg-type]


def ended_within(processes: list[multiprocessing.process.BaseProcess], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while any(process.is_alive() for process in processes) and time.monotonic() < deadline:
        time.sleep(0.02)
    return not any(process.is_alive() for process in processes)


def test_answers_come_in_order_and_a_worker_killed_is_named_at_once() -> None:
    """A worker killed as the kernel's out-of-memory killer kills loses the task it held: the wait for answers ends
    as soon as the command sees it, naming the worker and how it ended; the answers read before come in order, and
    every later wait says so too. (``multiprocessing.Pool`` started a worker in its place, and the lost answer was
    waited for for ever.)"""
    with workers(doing="squaring") as pool:
        begun, answers = time.monotonic(), []
        with pytest.raises(WorkerDied, match=r"a worker process squaring \(pid \d+\) ended before it answered: it "
                                             r"was killed \(SIGKILL\), as the kernel's out-of-memory killer"):
            for answer in pool.map(_answer, range(6)):
                answers.append(answer)
        assert answers == [0, 1, 4][:len(answers)] and time.monotonic() - begun < 10
        with pytest.raises(WorkerDied, match="squaring"):
            pool.wait(pool.submit(time.sleep, 60))
        processes = pool.processes
    assert ended_within(processes, 2)


def test_a_worker_killed_in_the_middle_of_its_answer_neither_hangs_the_wait_nor_the_end() -> None:
    """The CI failure of 2026-12-08: a synth worker of ``multiprocessing.Pool`` was killed while it wrote its answer
    to the queue all workers share, holding that queue's lock, and the pool's end waited for the lock for ever
    (pytest's timeout, 300 s). Here the answer is 64 MB, which nobody reads until the wait: the worker is killed
    after its first bytes. The wait names it, and the other worker, busy, ends with the pool at once."""
    with workers(doing="answering") as pool:
        answer = pool.submit(_large, 64 * 2**20)
        pool.submit(time.sleep, 60)
        writer, sleeper = pool.processes
        deadline = time.monotonic() + 10
        while (stat_fields(writer.pid) or ["?"])[0] != "S" and time.monotonic() < deadline:  # blocked writing
            time.sleep(0.05)
        time.sleep(0.2)
        os.kill(writer.pid, signal.SIGKILL)
        begun = time.monotonic()
        with pytest.raises(WorkerDied, match=rf"a worker process answering \(pid {writer.pid}\) ended before it "
                                             r"answered: it was killed \(SIGKILL\)"):
            pool.wait(answer)
        assert time.monotonic() - begun < 5
    assert ended_within([writer, sleeper], 2)


def test_an_error_in_a_task_is_raised_in_the_command_as_it_was_with_where_it_was_raised() -> None:
    with workers(1, doing="reading") as pool:
        with pytest.raises(ValueError, match="invalid literal for int") as raised:
            pool.wait(pool.submit(int, "tolv"))
        assert "ValueError: invalid literal for int() with base 10: 'tolv'" in str(raised.value.__cause__)
        # an answer that cannot cross to the command is an error that names it; the worker goes on
        with pytest.raises(TypeError, match=r"cannot pickle '_thread.lock' object"):
            pool.wait(pool.submit(_unpicklable))
        assert pool.wait(pool.submit(abs, -12)) == 12


def test_a_worker_that_cannot_start_says_why_at_the_first_wait() -> None:
    """``multiprocessing.Pool`` started a worker whose initializer failed again and again, for ever."""
    with Workers(1, "fork", _failing_start, doing="starting") as pool, \
            pytest.raises(OSError, match="No space left on device"):
        pool.wait(pool.submit(abs, -1))


def test_leaving_by_an_error_or_a_stop_ends_busy_workers_at_once() -> None:
    """Ctrl-C (or an error of the command's) while the workers are busy: they end now, not after their tasks."""
    with pytest.raises(KeyboardInterrupt), workers() as pool:
        pool.submit(time.sleep, 60)
        pool.submit(time.sleep, 60)
        processes = pool.processes
        raise KeyboardInterrupt
    assert ended_within(processes, 2)


def test_map_takes_items_as_workers_free_up_and_can_give_them_as_they_come() -> None:
    drawn = []

    def endless() -> Iterator[tuple[int, float]]:
        for n in itertools.count():
            drawn.append(n)
            yield n, 0

    with workers() as pool:
        answers = pool.map(_slow, endless(), ahead=3)
        assert [next(answers) for _ in range(5)] == [0, 1, 2, 3, 4] and len(drawn) <= 5 + 3
        answers.close()
    with workers() as pool:  # not in order: the slow first item comes last
        assert list(pool.map(_slow, [(0, 1.0), (1, 0), (2, 0), (3, 0)], ordered=False))[-1] == 0


ORPHANED = """
import time
from byregion.workers import Workers, as_worker
pool = Workers(2, "fork", as_worker)
pool.submit(time.sleep, 60)
pool.submit(time.sleep, 60)
print(" ".join(str(process.pid) for process in pool.processes), flush=True)
time.sleep(60)
"""


@pytest.mark.slow  # a command of its own, and seconds of waiting for its workers
def test_no_worker_outlives_its_command() -> None:
    """A worker busy with a long task when its command is killed would finish it for nobody, holding the command's
    stderr (a suite's Ctrl-C test once waited for a killed command's output in vain, while an orphaned worker of
    ``multiprocessing.Pool`` waited for a lock). Every worker ends within about
    :data:`byregion.workers.COMMAND_CHECK_INTERVAL` seconds of its command."""
    command = subprocess.Popen([sys.executable, "-c", ORPHANED], stdout=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        assert command.stdout is not None
        pids = [int(pid) for pid in command.stdout.readline().split()]
        assert len(pids) == 2
        command.kill()
        command.wait()
        deadline = time.monotonic() + 10
        while session_processes(command.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert session_processes(command.pid) == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(command.pid, signal.SIGKILL)
