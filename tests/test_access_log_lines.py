"""The access log's lines stay whole when a worker's threads write at once (:class:`byregion.web.wsgi.LineWriter`): one
``write(2)`` a line, with no lock held across it, to a file opened for appending; a line longer than a pipe holds is
written to its end; a stream without a file (a test's) gets whole lines as well."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest

from byregion.web.wsgi import LineWriter

pytestmark = pytest.mark.fast

THREADS, LINES = 8, 400


def write_at_once(writer: LineWriter, width: int) -> set[str]:
    """Every thread writes its lines, all at once; the lines written."""
    start = threading.Barrier(THREADS)

    def write(n: int) -> None:
        start.wait()
        for i in range(LINES):
            writer.write(f"{n:02d}-{i:04d} " + "x" * width)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(THREADS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return {f"{n:02d}-{i:04d} " + "x" * width for n in range(THREADS) for i in range(LINES)}


def test_lines_to_a_file_stay_whole(tmp_path: Path) -> None:
    with (tmp_path / "access.log").open("a", encoding="utf-8") as stream:
        stream.write("before\n")  # written through the stream's buffer: it comes first
        writer = LineWriter(stream)
        assert writer.fd is not None
        written = write_at_once(writer, 200)
    lines = (tmp_path / "access.log").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "before"
    assert sorted(lines[1:]) == sorted(written)


def test_a_line_longer_than_a_pipe_holds_is_written_to_its_end() -> None:
    read_end, write_end = os.pipe()
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.extend(iter(lambda: os.read(read_end, 65536), b"")))
    reader.start()
    try:
        with os.fdopen(write_end, "w", encoding="utf-8") as stream:
            writer = LineWriter(stream)
            line = "y" * 100_000  # far beyond PIPE_BUF and the pipe's buffer: written in parts, to the end
            writer.write(line)
            writer.write("next")
    finally:
        reader.join(10)
        os.close(read_end)
    assert b"".join(received).decode().split("\n") == [line, "next", ""]


def test_a_write_the_kernel_cuts_short_is_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A write(2) may take fewer bytes than given (a signal, a full pipe): the rest follows, in order."""
    taken: list[int] = []

    def short_write(fd: int, data: bytes) -> int:
        written = real_write(fd, data[:1000])
        taken.append(written)
        return written

    real_write = os.write
    with (tmp_path / "access.log").open("a", encoding="utf-8") as stream:
        writer = LineWriter(stream)
        monkeypatch.setattr("byregion.web.wsgi.os.write", short_write)
        writer.write("z" * 4500)
    assert taken == [1000, 1000, 1000, 1000, 501]
    assert (tmp_path / "access.log").read_text(encoding="utf-8") == "z" * 4500 + "\n"


def test_lines_to_a_stream_without_a_file_stay_whole() -> None:
    stream = io.StringIO()
    writer = LineWriter(stream)
    assert writer.fd is None
    written = write_at_once(writer, 50)
    assert sorted(stream.getvalue().splitlines()) == sorted(written)


def test_a_character_the_stream_cannot_encode_is_escaped(tmp_path: Path) -> None:
    with (tmp_path / "access.log").open("a", encoding="ascii") as stream:
        LineWriter(stream).write("GET /doc/region/tønsberg")
    assert (tmp_path / "access.log").read_text(encoding="ascii") == "GET /doc/region/t\\xf8nsberg\n"
