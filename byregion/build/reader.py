"""Reading the current build: its manifest and its store. No validation or parsing happens here."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from byregion.store.embedded import EmbeddedStore

CURRENT = "current"
MANIFEST = "manifest.json"


class NoBuildError(FileNotFoundError):
    """There is no complete build to serve."""


@dataclass(frozen=True)
class PublishedBuild:
    """A complete build folder and its manifest."""

    path: Path
    manifest: dict[str, Any]

    @property
    def version(self) -> str:
        return str(self.manifest["version"])

    @property
    def base_uri(self) -> str:
        return str(self.manifest["base_uri"])

    def file(self, relative: str) -> Path:
        """Path of a file listed in the manifest (raises KeyError for anything not listed)."""
        if relative not in self.manifest["files"]:
            raise KeyError(relative)
        return self.path / relative

    @cached_property
    def store(self) -> EmbeddedStore:
        return EmbeddedStore.open(self.path / "store")


def open_current(build_dir: Path) -> PublishedBuild:
    """The build ``build_dir/current`` points at, or :class:`NoBuildError` saying what to run."""
    link = build_dir / CURRENT
    try:
        folder = link.resolve(strict=True)
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise NoBuildError(f"no build in {build_dir}: run `byregion build` first") from exc
    return PublishedBuild(folder, manifest)
