"""Files sent as they are: the response of a file (:func:`send`, the dumps').

What is sent is decided elsewhere: every header, the preconditions and the byte range by
:func:`byregion.serve.rules.file_answer`. This module sends the bytes it is told to.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from flask import Response, current_app, request
from werkzeug.wsgi import wrap_file

from byregion.serve import rules

#: Bytes read from a file at a time when a part of it is sent.
CHUNK_BYTES = 1 << 16


def send(answer: rules.FileAnswer, path: Path) -> Response:
    """The response of a file's :class:`~byregion.serve.rules.FileAnswer`: its headers alone (Flask adds none but
    the security headers), and as the body the bytes of ``path`` it names, or its short text."""
    if answer.span is None:
        body: bytes | Iterable[bytes] = answer.text if request.method != "HEAD" else b""
    elif answer.status == 200:  # the whole file: as the WSGI server sends files
        body = wrap_file(request.environ, path.open("rb"))
    else:
        body = _part(path, *answer.span)
    return _with(current_app.response_class(body, answer.status, direct_passthrough=True), answer)


def _with(response: Response, answer: rules.FileAnswer) -> Response:
    response.headers.clear()
    response.headers.extend(answer.headers)
    return response


def _part(path: Path, start: int, stop: int) -> Iterator[bytes]:
    """Bytes ``[start, stop)`` of the file, a chunk at a time."""
    with path.open("rb") as handle:
        handle.seek(start)
        left = stop - start
        while left > 0:
            chunk = handle.read(min(CHUNK_BYTES, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk

