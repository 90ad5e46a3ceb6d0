"""Since when a build's content and each of its files are as they are: dates kept across builds of the same bytes.

A build is written again when the software changes (or with ``--force``) even if the data did not, and the catalogue
dates the dataset and its distributions. Dated by the build, every such build would tell a harvester that polls
``dct:modified`` that everything changed. So each file (a dump, a table of numbers) carries ``since``: the previous
build's date for it when the previous build had the same bytes (its SHA-256), else this build's time; and the
manifest carries ``content_since`` for the merged data (its ``content_sha256``) the same way. Each file and table
also carries ``first``: when a file of that name was first published (the previous build's ``first`` for it, else
its ``since``, else that build's time, whatever the bytes; this build's time for a new file), its ``dct:issued``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ContentVersion:
    """The version a harvester sees: the build that first published this content (``version``), and the versions
    before it, newest first (``earlier``: each the first build of a content, as this one). A build of the same data
    by new software is no new version of the dataset: it keeps the version, its date and its previous one, so
    data.norge.no and CKAN, which compare the dataset's description (its version and quality figures too), do not
    see a change where the data has none."""

    version: str
    earlier: tuple[Mapping[str, Any], ...]


def content_version(manifest: Mapping[str, Any]) -> ContentVersion:
    """The :class:`ContentVersion` of the build ``manifest`` describes, from its ``history`` (newest first, each with
    its ``content_sha256``; an entry without one counts as other content)."""
    runs: list[list[Mapping[str, Any]]] = [[manifest]]  # consecutive builds of one content, newest first
    for entry in manifest.get("history", []):
        sha = entry.get("content_sha256")
        if sha is not None and sha == runs[-1][-1].get("content_sha256"):
            runs[-1].append(entry)
        else:
            runs.append([entry])
    return ContentVersion(str(runs[0][-1]["version"]), tuple(run[-1] for run in runs[1:]))


def kept(entry: Mapping[str, Any], earlier: Mapping[str, Any] | None, previous_created: str | None,
         created: str) -> str:
    """``entry``'s date: ``earlier``'s (its ``since``, else the previous build's time) when both have the same
    ``sha256``, else ``created``."""
    if earlier is None or previous_created is None or earlier.get("sha256") != entry.get("sha256"):
        return created
    return str(earlier.get("since") or previous_created)


def first(earlier: Mapping[str, Any] | None, previous_created: str | None, created: str) -> str:
    """When the file ``earlier`` describes (the previous build's, of the same name) was first published: its
    ``first`` (a build before those dates were kept: its ``since``, else that build's time); ``created`` for a new
    file."""
    if earlier is None or previous_created is None:
        return created
    return str(earlier.get("first") or earlier.get("since") or previous_created)


def carry(manifest: dict[str, Any], previous: Mapping[str, Any] | None) -> None:
    """Set ``content_since`` and every file's ``since`` in ``manifest`` from the ``previous`` build's manifest."""
    created = str(manifest["created"])
    previous_created = str(previous["created"]) if previous is not None else None
    earlier_content = None if previous is None else {"sha256": previous.get("content_sha256"),
                                                     "since": previous.get("content_since")}
    manifest["content_since"] = kept({"sha256": manifest["content_sha256"]}, earlier_content, previous_created,
                                     created)
    earlier_files = previous.get("files", {}) if previous is not None else {}
    for name, info in manifest["files"].items():
        info["since"] = kept(info, earlier_files.get(name), previous_created, created)
        info["first"] = first(earlier_files.get(name), previous_created, created)


def carry_tables(manifest: dict[str, Any], previous: Mapping[str, Any] | None, key: str = "tables") -> None:
    """Each table of numbers' ``since`` and ``first`` (``manifest["tables"]``, by path) from the ``previous``
    build's manifest; ``key`` ``"layers"``: each boundary layer's, the same way."""
    created = str(manifest["created"])
    previous_created = str(previous["created"]) if previous is not None else None
    earlier = {t["path"]: t for t in previous.get(key, [])} if previous is not None else {}
    for entry in manifest.get(key, []):
        entry["since"] = kept(entry, earlier.get(entry["path"]), previous_created, created)
        entry["first"] = first(earlier.get(entry["path"]), previous_created, created)
