"""The build's code history: ``identifiers.json`` in the build folder, written when the build is made.

An artifact writer (:data:`byregion.build.writer.ARTIFACT_WRITERS`): it reads only the predicates a history
needs from the build's store (:func:`byregion.identifiers.triples.predicates`), so its cost follows the
reference data, not the dataset. The server reads the file once per build (:func:`load`); the rendering step
reads it for the look-ups' pages and the municipalities table (:mod:`byregion.identifiers.documents`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib.term import Node

from byregion.identifiers.history import CodeHistory
from byregion.identifiers.triples import history_from_triples, predicates
from byregion.store.convert import to_rdflib

#: The file in the build folder (listed in the manifest with every other file).
FILE = "identifiers.json"


def _triples(store: ox.Store, base: str) -> Iterator[tuple[Node, Node, Node]]:
    for predicate in predicates(base):
        for quad in store.quads_for_pattern(None, ox.NamedNode(str(predicate)), None, None):
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)


def history_of(store: ox.Store, base: str) -> CodeHistory:
    """The code history the build's store tells (a triple in several named graphs counts once)."""
    return history_from_triples(dict.fromkeys(_triples(store, base)), base)


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Write ``identifiers.json`` into the build folder (an :data:`~byregion.build.writer.ArtifactWriter`)."""
    history = history_of(store, str(manifest["base_uri"]))
    (folder / FILE).write_bytes(history.to_json())
    manifest["identifiers"] = {"file": FILE, "holdings": len(history)}
    return [FILE]


def load(folder: Path) -> CodeHistory | None:
    """The history of the build in ``folder``, or None for a build made before look-ups existed."""
    path = folder / FILE
    return CodeHistory.from_json(path.read_bytes()) if path.is_file() else None
