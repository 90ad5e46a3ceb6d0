"""Builds: immutable, versioned folders that the server reads (see README "Builds").

``build/<version>/`` holds ``dataset.nq`` (every named graph), ``store/`` (the Oxigraph database),
``report.ttl`` (the SHACL report), ``manifest.json`` (counts, checksums, dates, history) and whatever
the artifact writers add (dumps). ``build/current`` is a symbolic link switched atomically, and only
after a build is complete and valid.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from byregion.build.reader import DamagedBuildError, NoBuildError, PublishedBuild, open_current

if TYPE_CHECKING:
    from byregion.build.writer import BuildError, BuildResult, ValidationFailed, build

#: What :mod:`byregion.build.writer` gives, imported on first use: a server reads builds and never makes one, so
#: it does not load the build's machinery (rdflib's plugins, pyshacl, shapely and numpy: 0.3 s and tens of MB a
#: process).
_WRITER = ("BuildError", "BuildResult", "ValidationFailed", "build")


def __getattr__(name: str) -> Any:
    if name in _WRITER:
        from byregion.build import writer
        return getattr(writer, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["BuildError", "BuildResult", "DamagedBuildError", "NoBuildError", "PublishedBuild", "ValidationFailed",
           "build", "open_current"]
