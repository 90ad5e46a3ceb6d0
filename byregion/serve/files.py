"""Which of the server's own files a ``/static/…`` URL names, as what type and with which date. Pure: a name in, a
type out; the view (``byregion.web.files``) checks that the file is there and sends it by
:func:`byregion.serve.rules.file_answer`, with its content hash as ETag (:func:`byregion.docstore.etag_of`) and
:func:`static_modified` as ``Last-Modified``. The static export (``byregion.export.static``) copies the same files,
with the same headers.

A URL names a file when each of its segments is a plain file name and the last has an extension of
:data:`byregion.mediatypes.STATIC_TYPES`. ``/static/style.css/`` is not the stylesheet: a URL with a trailing slash
names a folder, and no folder is served (werkzeug's ``send_from_directory`` read it as the file, a second URL for
it); nor are dot segments, escapes or names that start with a dot.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from byregion.mediatypes import STATIC_TYPES

#: Where the server's own files are answered (``byregion/web/static`` in the repository).
STATIC = "/static/"
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


def static_type(name: str) -> str | None:
    """The ``Content-Type`` of the file that ``name`` (the path after ``/static/``) names, or None when it names
    none (see the module's docstring)."""
    segments = name.split("/")
    if not all(_SEGMENT.fullmatch(segment) for segment in segments):
        return None
    stem, dot, extension = segments[-1].rpartition(".")
    return STATIC_TYPES.get(dot + extension) if stem else None


def static_modified(mtime: float) -> datetime:
    """A static file's ``Last-Modified``: its modification time (``st_mtime``), to the second (an HTTP date has no
    fraction)."""
    return datetime.fromtimestamp(int(mtime), UTC)
