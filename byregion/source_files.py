"""Where the source documents are published (``/source/…``) and which file of the repository each path is.

Plain strings and no rdflib: the request path (:mod:`byregion.serve.documents`) and the static export's servers
tell a source document's path by :data:`SOURCE_PATTERN`; the build (:mod:`byregion.build.render.sources`) reads
the file :func:`source_file` names. ``byregion.uris.source_url`` mints the URL the data gives (``schema:url``).
"""

from __future__ import annotations

import re
from pathlib import Path

#: Where the source documents are published, byte for byte (``schema:url`` of a ``br:SourceDocument``).
SOURCES = "/source/"
#: Each published folder of sources and the repository's folder it is copied from.
SOURCE_FOLDERS = {"": "data/sources", "programme/": "data/programme"}
#: The form of a ``/source/…`` path (a regular expression the static export's servers share).
SOURCE_PATTERN = (SOURCES + "(?:" + "|".join(re.escape(f) for f in SOURCE_FOLDERS if f) + ")?"
                  + "[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_SOURCE_PATH = re.compile(SOURCE_PATTERN)


def source_file(repo: Path, path: str) -> Path | None:
    """The repository's file a ``/source/…`` path publishes, or None when the path names none (a hostile or
    malformed path never leaves the source folders)."""
    if not _SOURCE_PATH.fullmatch(path):
        return None
    folder, _, name = path[len(SOURCES):].rpartition("/")
    return repo / SOURCE_FOLDERS[folder + "/" if folder else ""] / name


def valid_source_path(path: str) -> bool:
    """Whether ``path`` may name a source document (its form only; whether it exists is the build's)."""
    return source_file(Path("."), path) is not None
