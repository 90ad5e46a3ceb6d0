"""A request body read within a limit, whether the client announced its length or sent it in chunks. Pure: the
reading is a function it is given.

The WSGI server hands a chunked body (no ``Content-Length``) to the app as it comes; werkzeug's own limit cut
one at the limit and let the rest be parsed as a shorter request, which can change what it means. Both services
that take a body (SPARQL, reconciliation) read theirs here and refuse one past their limit (413) instead.
"""

from __future__ import annotations

from collections.abc import Callable


class IncompleteBody(ValueError):
    """The body ended before the length its ``Content-Length`` announced: the client closed its side of the
    connection (or a proxy cut it) part way. Nothing may be made of the part (RFC 9112 §6.3, item 5, and §8): the
    first 86 bytes of an 87-byte query read ``LIMIT 10`` where ``LIMIT 100`` was sent, and were answered 200."""

    def __init__(self, received: int, announced: int) -> None:
        super().__init__(f"the request body ended after {received} of the {announced} bytes its Content-Length "
                         "announced, so nothing was done with it; send the whole body again")
        self.received = received
        self.announced = announced


def read_within(content_length: int | None, read: Callable[[int], bytes], limit: int) -> bytes | None:
    """The body, or None when it is longer than ``limit`` bytes: announced so (then it is not read, but for one
    a single byte past the limit), or found so by reading one byte past the limit of a body of no announced length.
    :class:`IncompleteBody` when one of an announced length ends before it.

    The export's nginx lets through one byte past the app's limit, so that the app's 413 says what is too large; an
    app that answered without reading that body closed the connection while nginx was still sending it, which nginx
    then answered 502 (a full run of the suite, now and then). That body, no larger than one the app takes, is read
    to its end and thrown away; one announced farther past is not read at all."""
    if content_length is not None and content_length > limit:
        remaining = content_length if content_length == limit + 1 else 0
        while remaining > 0 and (chunk := read(remaining)):  # a read may give less than asked
            remaining -= len(chunk)
        return None
    if content_length is None:
        body = read(limit + 1)
        return None if len(body) > limit else body
    parts, received = [], 0
    while received < content_length and (chunk := read(content_length - received)):  # a read may give less
        parts.append(chunk)
        received += len(chunk)
    if received < content_length:
        raise IncompleteBody(received, content_length)
    return b"".join(parts)
