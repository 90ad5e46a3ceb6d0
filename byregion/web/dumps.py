"""The dump files of the served build, ``/dumps/<name>`` (the whole dataset) and ``/dumps/graph/<name>`` (one named
graph each: ``/dumps/graph/region/notodden.ttl``), byte for byte as the manifest describes them.

They are files of the build already; this view only finds the file; the headers (its SHA-256 as ETag and
``Digest``, the date of the build that first wrote its bytes as ``Last-Modified``), the preconditions (304, 412)
and a byte range (206, 416) come from :func:`byregion.serve.rules.dump_answer`:
:func:`~byregion.serve.rules.file_answer`, the same rules as every document's and static file's, and the digest.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, request

from byregion.mediatypes import dump_content_type
from byregion.paths import DUMPS_FOLDER, GRAPH_DUMPS_FOLDER
from byregion.serve import rules
from byregion.web.app import served
from byregion.web.documents import request_of
from byregion.web.files import send

bp = Blueprint("dumps", __name__)


@bp.route(f"/{DUMPS_FOLDER}/<name>")
def dump(name: str) -> Response:
    """A dump file of the build, byte for byte (Turtle, N-Triples, JSON-LD, TriG, N-Quads; each also .gz)."""
    return _send(f"{DUMPS_FOLDER}/{name}", of_graph=False)


@bp.route(f"/{DUMPS_FOLDER}/{GRAPH_DUMPS_FOLDER}/<path:name>")
def graph_dump(name: str) -> Response:
    """A named graph's triples as a file of the build (Turtle, N-Triples; each also .gz), at the graph's path."""
    return _send(f"{DUMPS_FOLDER}/{GRAPH_DUMPS_FOLDER}/{name}", of_graph=True)


def _send(file: str, *, of_graph: bool) -> Response:
    """The dump ``file`` (its path in the build) when the manifest lists it (among the named graphs' dumps where
    ``of_graph``), else 404."""
    following = served()
    build = following.build
    manifest = build.info
    entry = manifest.dump_files.get(file)
    if entry is None or (entry.graph is not None) != of_graph:
        abort(404)
    info = manifest.files[entry.file]
    answer = rules.dump_answer(request_of(request.environ), dump_content_type(entry.media_type, entry.compressed),
                               info.bytes, sha256=info.sha256, modified=following.dated(info.since or manifest.created))
    return send(answer, build.file(entry.file))
