"""The dump files of the served build, ``/dumps/<name>``, byte for byte as the manifest describes them.

They are files of the build already; this view only finds the file; the headers (its SHA-256 as ETag and
``Digest``, the build's date as ``Last-Modified``, 304) come from :func:`byregion.serve.rules.file_headers`,
the same rules as every document's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Blueprint, Response, abort, request, send_file
from werkzeug.datastructures import Headers

from byregion import dumps
from byregion.mediatypes import GZIP, TURTLE, by_name
from byregion.serve import rules
from server.app import state
from server.documents import request_of

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIEnvironment

bp = Blueprint("dumps", __name__)


class _NotModified(Response):
    """A 304 with the headers :func:`byregion.serve.rules.file_headers` gave it (``rules.KEEP_ON_304``), as every
    other 304 of ours: werkzeug would drop ``Last-Modified`` from it (an "entity header" of RFC 2616)."""

    def get_wsgi_headers(self, environ: WSGIEnvironment) -> Headers:
        return Headers(self.headers)


@bp.route(f"/{dumps.FOLDER}/<name>")
def dump(name: str) -> Response:
    """A dump file of the build, byte for byte (Turtle, N-Triples, JSON-LD, TriG, N-Quads; each also .gz)."""
    served = state().following.current().build
    manifest = served.info
    entry = next((d for d in manifest.dumps if d.file == f"{dumps.FOLDER}/{name}"), None)
    if entry is None:
        abort(404)
    info = manifest.files[entry.file]
    media_type = GZIP if entry.compressed else (by_name(entry.media_type) or TURTLE)
    charset = "; charset=utf-8" if media_type.name.startswith("text/") else ""
    status, headers = rules.file_headers(request_of(request.environ), media_type.name + charset, info.bytes,
                                         sha256=info.sha256, modified=manifest.created)
    if status == 304 or request.method == "HEAD":
        # no body; the headers (Content-Length too) are the file's, as for GET; a 304's are those rules keep
        response = (_NotModified if status == 304 else Response)(status=status)
        response.headers.clear()
        response.headers.extend(headers)
        return response
    response = send_file(served.file(entry.file), mimetype=media_type.name + charset, conditional=False)
    response.headers.clear()  # the shared rules decide every header (send_file's Content-Disposition is not
    response.headers.extend(headers)  # one of them: HEAD and the static export do not send it)
    return response
