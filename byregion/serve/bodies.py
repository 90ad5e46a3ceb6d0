"""A request body read within a limit, whether the client announced its length or sent it in chunks. Pure: the
reading is a function it is given.

The WSGI server hands a chunked body (no ``Content-Length``) to the app as it comes; werkzeug's own limit cut
one at the limit and let the rest be parsed as a shorter request, which can change what it means. Both services
that take a body (SPARQL, reconciliation) read theirs here and refuse one past their limit (413) instead.
"""

from __future__ import annotations

from collections.abc import Callable


def read_within(content_length: int | None, read: Callable[[int], bytes], limit: int) -> bytes | None:
    """The body, or None when it is longer than ``limit`` bytes: announced so (then it is not read, but for one
    a single byte past the limit), or found so by reading one byte past the limit of a body of no announced length.

    The export's nginx lets through one byte past the app's limit, so that the app's 413 says what is too large; an
    app that answered without reading that body closed the connection while nginx was still sending it, which nginx
    then answered 502 (a full run of the suite, now and then). That body, no larger than one the app takes, is read
    to its end and thrown away; one announced farther past is not read at all."""
    if content_length is not None and content_length > limit:
        remaining = content_length if content_length == limit + 1 else 0
        while remaining > 0 and (chunk := read(remaining)):  # a read may give less than asked
            remaining -= len(chunk)
        return None
    body = read(limit + 1 if content_length is None else content_length)
    return None if len(body) > limit else body
