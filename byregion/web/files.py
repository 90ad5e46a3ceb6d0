"""Files sent as they are: the server's own (``/static/<path>``: the stylesheets, the icon, the SPARQL page's script)
and the response of any file (:func:`send`, the dumps' too) or of any other answer the rules decided in full
(:func:`answered`, the SPARQL endpoint's service description).

What is sent is decided elsewhere: which URL names which static file and as what type by
:func:`byregion.serve.files.static_type`, every header, the preconditions and the byte range by
:func:`byregion.serve.rules.file_answer`. This module finds the file and sends the bytes it is told to.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, request
from werkzeug.datastructures import Headers
from werkzeug.wsgi import wrap_file

from byregion.docstore import etag_of
from byregion.serve import rules
from byregion.serve.files import static_modified, static_type
from byregion.web.documents import request_of

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

bp = Blueprint("static", __name__)
#: The folder the static files are in.
FOLDER = Path(__file__).parent / "static"
#: Bytes read from a file at a time when a part of it is sent.
CHUNK_BYTES = 1 << 16


@functools.lru_cache(maxsize=64)  # a handful of files; a changed file has another time or size
def _etag(path: Path, mtime_ns: int, size: int) -> str:
    """A strong ETag of the file's content, as every document's (:func:`byregion.docstore.etag_of`)."""
    return etag_of(path.read_bytes())


@bp.route("/static/<path:filename>")
def static_file(filename: str) -> Response:
    """A stylesheet, icon or script the pages use, byte for byte (no CDN; the pages work offline)."""
    content_type = static_type(filename)
    path = FOLDER / filename
    if content_type is None or not path.is_file():
        abort(404)
    stat = path.stat()
    answer = rules.file_answer(request_of(request.environ), content_type, stat.st_size,
                               etag=_etag(path, stat.st_mtime_ns, stat.st_size),
                               modified=static_modified(stat.st_mtime))
    return send(answer, path)


def send(answer: rules.FileAnswer, path: Path) -> Response:
    """The response of a file's :class:`~byregion.serve.rules.FileAnswer`: its headers alone (Flask adds none but
    the security headers), and as the body the bytes of ``path`` it names, or its short text."""
    if answer.span is None:
        body: bytes | Iterable[bytes] = answer.text if request.method != "HEAD" else b""
    elif answer.status == 200:  # the whole file: as the WSGI server sends files
        body = wrap_file(request.environ, path.open("rb"))
    else:
        body = _part(path, *answer.span)
    return _with(_AsDecided(body, answer.status, direct_passthrough=True), answer)


def answered(answer: rules.Answer) -> Response:
    """The response of an :class:`~byregion.serve.rules.Answer`: its status, exactly its headers, its body."""
    response = _AsDecided(answer.body, answer.status, direct_passthrough=True)
    response.headers.clear()
    response.headers.extend((k, v) for k, v in answer.headers  # a 204 carries no length (RFC 9110 §8.6)
                            if answer.status != 204 or k.lower() != "content-length")
    return response


class _AsDecided(Response):
    """A response sent with exactly the headers :func:`byregion.serve.rules.file_answer` decided: werkzeug would
    drop ``Last-Modified`` from a 304 (an "entity header" of RFC 2616), which ``rules.KEEP_ON_304`` keeps, as every
    other 304 of ours does."""

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        return Headers(self.headers)


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

