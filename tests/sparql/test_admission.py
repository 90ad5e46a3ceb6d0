"""The admission queue in front of the query slots, with real threads: who gets a slot, in which order,
who is refused and what ``Retry-After`` says."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from byregion.sparql import Busy
from byregion.sparql.admission import Admission

pytestmark = pytest.mark.fast


def until(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.005)


def waiting(admission: Admission, count: int) -> Callable[[], bool]:
    return lambda: admission.waiting == count


def test_a_free_slot_is_taken_at_once_and_given_back() -> None:
    admission = Admission(slots=2, queue_length=0, wait=0.0)
    admission.acquire()
    admission.acquire()
    assert admission.free == 0
    admission.release()
    assert admission.free == 1


def test_waiting_requests_get_freed_slots_in_arrival_order() -> None:
    admission = Admission(slots=1, queue_length=5, wait=10.0)
    admission.acquire()  # the slot is held, so everyone below queues
    order: list[int] = []

    def request(n: int) -> None:
        with admission.slot():
            order.append(n)

    threads = []
    for n in range(5):
        threads.append(threading.Thread(target=request, args=(n,)))
        threads[-1].start()
        until(waiting(admission, n + 1))  # each is queued before the next arrives
    admission.release()
    for thread in threads:
        thread.join(5)
    assert order == [0, 1, 2, 3, 4]
    assert admission.free == 1 and admission.waiting == 0


def test_a_freed_slot_goes_to_the_waiting_request_not_to_a_newcomer() -> None:
    admission = Admission(slots=1, queue_length=2, wait=0.3)
    admission.acquire()
    served: list[str] = []

    def first_request() -> None:
        admission.acquire()
        served.append("first")

    first = threading.Thread(target=first_request)
    first.start()
    until(lambda: admission.waiting == 1)
    admission.release()
    assert admission.free == 0  # handed over, even before the waiting thread runs again
    with pytest.raises(Busy, match=r"within 0\.3 s"):
        admission.acquire()  # the newcomer queues behind; the slot stays with the first
    first.join(5)
    assert served == ["first"]


def test_a_full_queue_refuses_at_once_with_retry_after() -> None:
    admission = Admission(slots=1, queue_length=1, wait=10.0)
    admission.acquire()
    waiter = threading.Thread(target=admission.acquire)
    waiter.start()
    until(lambda: admission.waiting == 1)
    started = time.monotonic()
    with pytest.raises(Busy) as refused:
        admission.acquire()
    assert time.monotonic() - started < 0.5  # refused at once, not after the wait
    assert refused.value.status == 503 and isinstance(refused.value.retry_after, int)
    assert "1 more queries are waiting" in refused.value.message
    admission.release()
    waiter.join(5)


def test_a_queue_of_zero_refuses_whenever_every_slot_is_busy() -> None:
    admission = Admission(slots=1, queue_length=0, wait=10.0)
    admission.acquire()
    with pytest.raises(Busy, match="as many as may wait"):
        admission.acquire()


def test_a_request_waits_at_most_the_queue_wait_and_then_leaves_the_queue() -> None:
    admission = Admission(slots=1, queue_length=4, wait=0.3)
    admission.acquire()
    started = time.monotonic()
    with pytest.raises(Busy, match=r"within 0\.3 s") as refused:
        admission.acquire()
    assert 0.3 <= time.monotonic() - started < 2
    assert refused.value.retry_after == 1  # never more than the wait, never less than 1 s
    assert admission.waiting == 0
    admission.release()
    assert admission.free == 1  # the slot was not handed to the request that had left


def test_retry_after_grows_with_the_queue_and_the_time_a_slot_is_held() -> None:
    admission = Admission(slots=2, queue_length=8, wait=30.0)
    for _ in range(20):  # slots held 2 s on average
        admission.acquire()
        admission.release(held=2.0)
    admission.acquire()
    admission.acquire()
    waiters = [threading.Thread(target=admission.acquire) for _ in range(8)]
    for thread in waiters:
        thread.start()
    until(lambda: admission.waiting == 8)
    with pytest.raises(Busy) as refused:
        admission.acquire()
    # 8 ahead plus this one, over 2 slots, at a mean of 1.98 s (20 samples of 2 s): 8.9 s, rounded up
    assert refused.value.retry_after == 9
    for _ in range(10):
        admission.release()
    for thread in waiters:
        thread.join(5)
