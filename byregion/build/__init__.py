"""Builds: immutable, versioned folders that the server reads (see README "Builds").

``build/<version>/`` holds ``dataset.nq`` (every named graph), ``store/`` (the Oxigraph database),
``report.ttl`` (the SHACL report), ``manifest.json`` (counts, checksums, dates, history) and whatever
the artifact writers add (dumps). ``build/current`` is a symbolic link switched atomically, and only
after a build is complete and valid.
"""

from byregion.build.reader import DamagedBuildError, NoBuildError, PublishedBuild, open_current
from byregion.build.writer import BuildError, BuildResult, ValidationFailed, build

__all__ = ["BuildError", "BuildResult", "DamagedBuildError", "NoBuildError", "PublishedBuild", "ValidationFailed",
           "build", "open_current"]
