"""A request body read within a limit (byregion/serve/bodies.py): announced or chunked, never cut short."""

from __future__ import annotations

import io

import pytest

from byregion.serve.bodies import IncompleteBody, read_within

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("body", "announced", "read"), [
    (b"x" * 10, 10, b"x" * 10), (b"x" * 10, None, b"x" * 10),  # at the limit: whole
    (b"x" * 11, None, None),  # chunked past the limit: refused, not cut at it
    (b"x" * 11, 11, None),  # announced past the limit: refused
    (b"", None, b""),
])
def test_a_body_is_read_whole_or_refused(body: bytes, announced: int | None, read: bytes | None) -> None:
    assert read_within(announced, io.BytesIO(body).read, 10) == read


def test_an_announced_body_past_the_limit_is_not_read_at_all() -> None:
    def never(_: int) -> bytes:
        raise AssertionError("read")
    assert read_within(1_000_000, never, 10) is None


def test_a_body_just_past_the_limit_is_read_to_its_end_before_it_is_refused() -> None:
    """A proxy that lets through one byte past the limit is still sending when the app refuses: the app reads that
    body to its end (and throws it away), so the proxy gets the 413 instead of a closed connection (its 502)."""
    body = io.BytesIO(b"x" * 11)
    assert read_within(11, body.read, 10) is None and body.read() == b""
    farther = io.BytesIO(b"x" * 12)
    assert read_within(12, farther.read, 10) is None and farther.tell() == 0  # farther past: not read


def test_a_body_that_ends_before_its_announced_length_is_refused_not_read_as_it_is() -> None:
    """The client closed its side after 86 of 87 bytes: those bytes are another request (``LIMIT 10`` where
    ``LIMIT 100`` was sent), which must not be answered (RFC 9112 §6.3, item 5)."""
    with pytest.raises(IncompleteBody) as refused:
        read_within(87, io.BytesIO(b"x" * 86).read, 1000)
    assert (refused.value.received, refused.value.announced) == (86, 87)
    assert "86 of the 87 bytes" in str(refused.value) and "send the whole body again" in str(refused.value)


def test_a_body_that_comes_in_several_reads_is_read_whole() -> None:
    """A read may give fewer bytes than asked while more are coming: only an empty read ends the body."""
    pieces = [b"SELECT ", b"* WHERE ", b"{ ?s ?p ?o }"]

    def read(_: int) -> bytes:
        return pieces.pop(0) if pieces else b""
    assert read_within(27, read, 1000) == b"SELECT * WHERE { ?s ?p ?o }"
