"""What made a build: a hash of the code that writes its documents, so that new code makes a new build.

A build is "up to date" when the merged data is the same as the current build's *and* it was made by the same
software: an upgrade that changes a page template, a label table or a serialiser changes what the documents say
although the data did not change, and a build that kept the old documents would serve them on.
"""

from __future__ import annotations

import hashlib
from importlib import metadata
from pathlib import Path

#: The folders whose files make a build's documents: the package (importer, renderers, labels) and the site's
#: templates and static files (``byregion/web/``), in a checkout as in an installed package.
SOURCE_FOLDERS = ("byregion",)
#: Libraries whose version changes bytes a build writes: serialisers, the store, the template engine and its
#: escaping, the geometry's figures (area, bounding box, centre), the compressed bodies (whose ETag is the
#: uncompressed body's with ``-gzip``: new bytes under an old strong ETag would mix in a range answer) and the
#: search index's stems. One left out lets an upgrade call an old build "up to date" and serve what the old one wrote.
LIBRARIES = ("rdflib", "pyoxigraph", "Jinja2", "MarkupSafe", "pyshacl", "shapely", "numpy", "isal",
             "snowballstemmer", "PyStemmer")
#: Files that are the interpreter's caches, not code.
SKIPPED_SUFFIXES = (".pyc", ".pyo")


def software_fingerprint(root: Path | None = None, shapes: Path | None = None) -> str:
    """SHA-256 over the files of :data:`SOURCE_FOLDERS` under ``root`` (names and bytes, in path order), the
    ``shapes`` a build validates with (the repository's ``shapes/``: a shape made stricter judges the same data
    again, and a build that kept the old verdict would publish data the new shape refuses) and the versions of
    :data:`LIBRARIES`."""
    root = root or Path(__file__).resolve().parents[2]
    digest = hashlib.sha256()
    folders = [(root, root / folder) for folder in SOURCE_FOLDERS]
    if shapes is not None and shapes.is_dir():
        folders.append((shapes.parent, shapes))
    for base, folder in folders:
        files = sorted(p for p in folder.rglob("*")
                       if p.is_file() and "__pycache__" not in p.parts and p.suffix not in SKIPPED_SUFFIXES)
        for path in files:
            digest.update(path.relative_to(base).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for library in LIBRARIES:
        try:
            version = metadata.version(library)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{library}=={version}\0".encode())
    return digest.hexdigest()
