"""A build's embedded store, for the tests that query a build directly: opened once per build folder for the run
and closed at its end (:func:`close_all`, from ``tests/conftest.py``). The runtime package has no such cache: a
server's stores are owned by its state and closed with it."""

from __future__ import annotations

from pathlib import Path

from byregion.build import PublishedBuild
from byregion.store.embedded import EmbeddedStore

_OPEN: dict[Path, EmbeddedStore] = {}


def store_of(build: PublishedBuild) -> EmbeddedStore:
    """The store of ``build``, read-only, as a server opens it."""
    store = _OPEN.get(build.path)
    if store is None:
        store = _OPEN[build.path] = EmbeddedStore.open(build.path / "store")
    return store


def close_all() -> None:
    """Close every store :func:`store_of` opened."""
    while _OPEN:
        _OPEN.popitem()[1].close()
