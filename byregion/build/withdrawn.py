"""Which published addresses a build no longer answers: each document path the previous build served that this
one does not (a region taken out of the programme's tables, a statement of a page read again), with the version
that last served it.

A published URI is meant to stay (README, "Design decisions"), so none goes unnoticed and none turns into one
that never was: ``byregion build`` names them (an archivist's review found a region's IRIs turned 404 with no
word), the manifest keeps the list (``withdrawn``), carried from build to build while the address stays away, and
every server answers such an address 410 Gone in the negotiated format, as it answers a 404 (the app,
:func:`byregion.serve.documents.not_found`; nginx's byregion.js; Apache's ``withdrawn.txt``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from byregion.docstore import DocumentStore


def published(store: Path) -> set[str]:
    """The addresses the documents of ``store`` answer (their paths; not the build's own entries, ``!…``)."""
    documents = DocumentStore(store)
    try:
        return {path for path in documents.paths() if not path.startswith("!")}
    finally:
        documents.close()


def withdrawn(previous_store: Path | None, previous_manifest: dict[str, Any] | None, now: set[str],
              previous_version: str | None) -> list[dict[str, str]]:
    """Each address the previous build answered, or had listed as withdrawn, that ``now`` (this build's addresses)
    does not hold, with ``last`` the version that last answered it; sorted by path."""
    gone: dict[str, str] = {}
    for entry in (previous_manifest or {}).get("withdrawn", []):
        gone[entry["path"]] = entry["last"]
    if previous_store is not None and previous_store.exists() and previous_version is not None:
        for path in published(previous_store):
            gone[path] = previous_version
    return [{"path": path, "last": last} for path, last in sorted(gone.items()) if path not in now]
