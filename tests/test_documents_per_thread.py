"""The rendered documents are read through a connection per thread (:class:`byregion.docstore.DocumentStore`):
threads answering documents at once do not queue on one connection, each connection's page cache is bounded, and
closing the store lets go of every thread's connection and file."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

import pytest

from byregion.docstore import FILE, PAGE_CACHE_BYTES, DocumentStore, DocumentWriter, representation

pytestmark = pytest.mark.fast


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    writer = DocumentWriter(tmp_path / FILE)
    for n in range(50):
        path = f"/doc/thing/{n}"
        writer.add(path, ["ttl"], [representation(path, "ttl", "text/turtle", f"<#t{n}> a <#Thing> .\n".encode())])
    writer.close()
    return tmp_path / FILE


def open_files(path: Path) -> int:
    """How many of this process's file descriptors are open on ``path``."""
    found = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            if os.readlink(f"/proc/self/fd/{fd}") == str(path.resolve()):
                found += 1
        except OSError:  # the descriptor listdir itself used, closed since
            continue
    return found


def look_up_in_threads(store: DocumentStore, threads: int) -> list[tuple[int, int, bytes]]:
    """From each of ``threads`` threads at once: its connection's id, its page cache setting and one body."""
    seen: list[tuple[int, int, bytes]] = []
    start, end = threading.Barrier(threads), threading.Barrier(threads)

    def read(n: int) -> None:
        start.wait()
        found = store.get(f"/doc/thing/{n}", "ttl")
        assert found is not None
        cache = store.connection.execute("PRAGMA cache_size").fetchone()[0]
        seen.append((id(store.connection), cache, found.body))
        end.wait()  # every thread alive until each has looked: an ended thread's connection goes, and its id with it

    workers = [threading.Thread(target=read, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return seen


def test_each_thread_reads_through_a_connection_of_its_own(store_file: Path) -> None:
    store = DocumentStore(store_file)
    try:
        seen = look_up_in_threads(store, 6)
        assert len({connection for connection, _, _ in seen}) == 6
        assert sorted(body for _, _, body in seen) == sorted(f"<#t{n}> a <#Thing> .\n".encode() for n in range(6))
    finally:
        store.close()


def test_each_connection_has_a_bounded_page_cache(store_file: Path) -> None:
    store = DocumentStore(store_file)
    try:
        assert {cache for _, cache, _ in look_up_in_threads(store, 3)} == {-PAGE_CACHE_BYTES // 1024}  # negative: KiB
        assert store.connection.execute("PRAGMA cache_size").fetchone()[0] == -PAGE_CACHE_BYTES // 1024
    finally:
        store.close()


def test_a_thread_that_ends_takes_its_connection_with_it(store_file: Path) -> None:
    store = DocumentStore(store_file)
    try:
        assert open_files(store_file) == 1  # this thread's, which read the store's tables when it opened
        look_up_in_threads(store, 4)
        assert open_files(store_file) == 1  # the four threads have ended
        assert store.get("/doc/thing/1", "ttl") is not None
        assert open_files(store_file) == 1
    finally:
        store.close()


def test_a_thread_that_starts_after_the_file_was_removed_reads_through_the_first_connection(store_file: Path) -> None:
    """A build's folder removed by hand while it is served: the file stays open in the store, as it did when one
    connection served every thread, so a new thread still answers from it."""
    store = DocumentStore(store_file)
    try:
        store_file.unlink()
        found: list[bytes] = []
        worker = threading.Thread(target=lambda: found.append(store.get("/doc/thing/4", "ttl").body))  # type: ignore[union-attr]
        worker.start()
        worker.join()
        assert found == [b"<#t4> a <#Thing> .\n"]
    finally:
        store.close()


def test_closing_the_store_lets_go_of_every_connection(store_file: Path) -> None:
    store = DocumentStore(store_file)
    ready, done = threading.Event(), threading.Event()

    def keep_reading() -> None:  # a thread that outlives the store's close, as a web worker's threads do
        store.get("/doc/thing/2", "ttl")
        ready.set()
        done.wait(10)

    worker = threading.Thread(target=keep_reading)
    worker.start()
    try:
        ready.wait(10)
        store.get("/doc/thing/3", "ttl")
        assert open_files(store_file) == 2
        store.close()
        assert open_files(store_file) == 0
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):  # and none opens again
            store.get("/doc/thing/3", "ttl")
    finally:
        done.set()
        worker.join()
