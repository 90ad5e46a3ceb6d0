"""Reading the current build: its manifest and its store. No validation or parsing happens here."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shlex
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any

from byregion.build.since import content_version

CURRENT = "current"
MANIFEST = "manifest.json"
#: The canonical N-Quads a build writes beside its store (relative to the build folder): the N-Quads dump, and
#: what the SPARQL query processes load when the build is queried from memory.
CANONICAL_NQUADS = "dataset.nq"


def _moment(value: object) -> datetime | None:
    """A manifest's ISO 8601 time (``…Z``) as a datetime, or None."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")) if value else None


class NoBuildError(FileNotFoundError):
    """There is no complete build to serve."""


@dataclass(frozen=True)
class FileInfo:
    bytes: int
    sha256: str
    #: Since when the file has had these bytes (the build that first wrote them: :mod:`byregion.build.since`), its
    #: ``Last-Modified``; None in a build made before that was kept.
    since: datetime | None = None


@dataclass(frozen=True)
class DumpFile:
    """One dump of the build: ``dumps/byregion.ttl.gz`` with its media type, and whether it is gzip; a dump of one
    named graph (``dumps/graph/reference.ttl``) also names its graph."""

    file: str
    media_type: str
    compressed: bool
    #: The named graph whose triples the file holds (its IRI); None for a dump of the whole dataset.
    graph: str | None = None


@dataclass(frozen=True)
class ClassCount:
    """How many things of one class a named graph types (``rdf:type``): VoID's class partition of the graph."""

    iri: str
    entities: int


@dataclass(frozen=True)
class GraphCount:
    """A named graph of the build: its IRI, its triples, and the classes of the things it types, by count (most
    first; the VoID description's and the graph's own page's class partitions, ``void:classPartition``)."""

    iri: str
    triples: int
    classes: tuple[ClassCount, ...] = ()
    #: The licence the graph's own works state (the ontology's and the theme scheme's CC BY 4.0,
    #: :func:`byregion.build.writer.own_licence`); None: the dataset's.
    licence: str | None = None


@dataclass(frozen=True)
class Manifest:
    """What a server needs to know of a build: the typed contract between ``byregion build`` and serving.

    (``manifest.json`` holds more: the catalogue's and VoID's facts, which only the build itself reads when
    it renders those documents.)
    """

    version: str
    created: datetime
    base_uri: str
    #: The version of the data: the first build that had this content (byregion.build.since), which the catalogue,
    #: the dataset page's citation and schema.org name; a build of the same data has the same.
    content_version: str
    triples: int  # statements, summed over the named graphs (a triple in two graphs counts twice)
    #: Distinct triples of the union of the named graphs (VoID's ``void:triples``, the SPARQL default graph's).
    distinct_triples: int
    graphs: tuple[GraphCount, ...]
    files: Mapping[str, FileInfo]
    dumps: tuple[DumpFile, ...]
    documents: int  # rendered documents in documents.sqlite
    #: Every property and class the data use and every term its ontologies define (byregion.build.vocabulary); empty
    #: for a build made before it was written.
    vocabulary: frozenset[str] = frozenset()
    #: Every address an earlier build answered that this one does not (byregion.build.withdrawn): a 410, not a 404.
    withdrawn: frozenset[str] = frozenset()
    #: The properties whose every literal value has a language tag, with the tags (byregion.build.vocabulary); empty
    #: for a build made before it was written.
    language_tagged: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    #: The dumps of each named graph on its own (``dumps/graph/…``, :func:`byregion.dumps.graph_dumps`); empty for a
    #: build made before they were written.
    graph_dumps: tuple[DumpFile, ...] = ()

    @cached_property
    def dump_files(self) -> dict[str, DumpFile]:
        """Every dump (the whole dataset's and each named graph's) by its file: a request finds its file by name,
        however many graphs the build has (a thousand regions are four thousand files)."""
        return {d.file: d for d in (*self.dumps, *self.graph_dumps)}

    @classmethod
    def parse(cls, raw: Mapping[str, Any]) -> Manifest:
        """Read the fields from ``manifest.json``; a missing or malformed one is a ``ValueError`` naming it."""
        try:
            return cls(
                version=str(raw["version"]),
                created=datetime.fromisoformat(str(raw["created"]).replace("Z", "+00:00")),
                base_uri=str(raw["base_uri"]),
                content_version=content_version(raw).version,
                triples=int(raw.get("triples", 0)),
                distinct_triples=int(raw.get("void", {}).get("triples", raw.get("triples", 0))),
                graphs=tuple(GraphCount(str(g["iri"]), int(g["triples"]), tuple(
                    ClassCount(str(c["iri"]), int(c["entities"])) for c in g.get("classes", [])),
                    str(g["licence"]) if g.get("licence") else None)
                    for g in raw.get("graphs", [])),
                files={name: _file_info(name, f) for name, f in raw["files"].items()},
                dumps=tuple(DumpFile(str(d["file"]), str(d["media_type"]), bool(d["compressed"]))
                            for d in raw.get("dumps", [])),
                documents=int(raw.get("documents", {}).get("documents", 0)),
                vocabulary=frozenset(str(term) for term in raw.get("vocabulary", [])),
                language_tagged={str(iri): tuple(str(lang) for lang in languages)
                                 for iri, languages in raw.get("language_tagged", {}).items()},
                withdrawn=frozenset(str(entry["path"]) for entry in raw.get("withdrawn", [])),
                graph_dumps=tuple(DumpFile(str(d["file"]), str(d["media_type"]), bool(d["compressed"]), str(d["graph"]))
                                  for d in raw.get("graph_dumps", [])),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"{MANIFEST} is incomplete or malformed ({exc!r})") from exc


_SHA256 = re.compile(r"[0-9a-f]{64}")


def _file_info(name: str, recorded: Mapping[str, Any]) -> FileInfo:
    """A file's record in the manifest: a whole number of bytes and a SHA-256 of 64 hex digits, or a ``ValueError``
    naming the file (``null``, ``""`` or ``"12"`` had passed as a record, and a check of the file against it)."""
    size, digest = recorded["bytes"], recorded["sha256"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise ValueError(f"{name}: its size {size!r} is no number of bytes")
    if not isinstance(digest, str) or not _SHA256.fullmatch(digest):
        raise ValueError(f"{name}: its SHA-256 {digest!r} is not 64 hex digits")
    return FileInfo(size, digest, _moment(recorded.get("since")))


@dataclass(frozen=True)
class PublishedBuild:
    """A complete build folder and its manifest (``manifest`` as written; :attr:`info` typed)."""

    path: Path
    manifest: dict[str, Any]

    @cached_property
    def info(self) -> Manifest:
        return Manifest.parse(self.manifest)

    @property
    def version(self) -> str:
        return self.info.version

    @property
    def base_uri(self) -> str:
        return self.info.base_uri

    def file(self, relative: str) -> Path:
        """Path of a file listed in the manifest (raises KeyError for anything not listed)."""
        if relative not in self.info.files:
            raise KeyError(relative)
        return self.path / relative


class DamagedBuildError(ValueError):
    """A build folder that is not whole (a file missing or of another size than its manifest says, or the
    manifest unreadable): it was half-written, cut short or changed by hand, and is never served.

    ``damage`` says what is wrong; the message adds ``remedy``, what to run (:func:`remedy`), where it is known."""

    def __init__(self, damage: str, remedy: str = "") -> None:
        super().__init__(f"{damage}; {remedy}" if remedy else damage)
        self.damage = damage


def remedy(build_dir: Path, *, but: Path | None = None) -> str:
    """What to do about a damaged build in ``build_dir``, said for an operator to paste: the build command with the
    build folder it was found in (a ``byregion build --force`` run elsewhere builds in another folder), and where
    there is a whole build (:func:`newest_whole`, not ``but``) the line that makes it current again."""
    where = shlex.quote(str(build_dir.absolute()))
    said = f"run `byregion build --force --build-dir {where}` to make a whole one"
    newest = newest_whole(build_dir, but=but)
    if newest is not None:
        version = shlex.quote(newest.path.name)
        said += (f", or go back to the newest whole build, {newest.path.name} (cd {where} && ln -sfn {version} "
                 f"{CURRENT}.tmp && mv -T {CURRENT}.tmp {CURRENT})")
    return said


class CurrentIsFolderError(DamagedBuildError):
    """``current`` is a folder of its own, not a link to a build (a build folder copied or restored with its links
    followed, ``cp -rL``): no build can be made current in its place (a build had run a minute, then failed to
    switch it with a traceback), so every command refuses it at the start, saying how to make it a link."""


def current_is_folder(build_dir: Path) -> str | None:
    """Why ``build_dir/current`` cannot be used when it is a folder rather than a link, naming the newest whole
    build to link it to; None when it is a link (or not there)."""
    link = build_dir / CURRENT
    if link.is_symlink() or not link.is_dir():
        return None
    newest = newest_whole(build_dir)
    where = shlex.quote(str(build_dir.absolute()))
    aside = f"cd {where} && mv {CURRENT} {CURRENT}.folder"
    if newest is None:  # no build to link it to: a new one is made and linked
        return (f"{link} is a folder, not a link: move it aside and make a build ({aside} && "
                f"byregion build --build-dir {where})")
    return (f"{link} is a folder, not a link: move it aside and link it to a build ({aside} && "
            f"ln -sfn {shlex.quote(newest.path.name)} {CURRENT})")


def open_current(build_dir: Path) -> PublishedBuild:
    """The build ``build_dir/current`` points at, whole; :class:`NoBuildError` saying what to run when there
    is none, :class:`DamagedBuildError` saying what is wrong when it is not whole and what to run, naming
    ``build_dir`` (:class:`CurrentIsFolderError` when ``current`` is a folder, not a link)."""
    link = build_dir / CURRENT
    if not link.is_symlink() and not link.exists():  # no link (or no folder): no build yet
        where = shlex.quote(str(build_dir.absolute()))
        raise NoBuildError(f"no build in {build_dir}: run `byregion build --build-dir {where}` first")
    if (folder_said := current_is_folder(build_dir)) is not None:
        raise CurrentIsFolderError(folder_said)
    try:
        folder = link.resolve(strict=True)
    except (FileNotFoundError, NotADirectoryError, RuntimeError) as exc:  # a link to a folder that is gone
        raise DamagedBuildError(f"the current build is gone: {link} points at {os.readlink(link)!r}, which is no "
                                "folder", remedy(build_dir)) from exc
    try:
        build = read_build(folder)
        check_whole(build)
    except (FileNotFoundError, NotADirectoryError) as exc:  # a build's folder without its manifest: damaged, not none
        raise DamagedBuildError(f"the build in {folder} is damaged: its {MANIFEST} is missing",
                                remedy(build_dir, but=folder)) from exc
    except DamagedBuildError as exc:
        raise DamagedBuildError(exc.damage, remedy(build_dir, but=folder)) from exc
    return build


def read_build(folder: Path) -> PublishedBuild:
    """The build in ``folder`` by its manifest, not checked whole (:func:`check_whole`); FileNotFoundError without
    a manifest, :class:`DamagedBuildError` for one that is not JSON."""
    text = (folder / MANIFEST).read_text(encoding="utf-8")
    try:
        manifest = json.loads(text)
    except ValueError as exc:
        raise DamagedBuildError(f"the build in {folder} is damaged: {MANIFEST} is not JSON ({exc})") from exc
    return PublishedBuild(folder, manifest)


#: The name a build is given (byregion.build.writer.free_version): its time, then where needed the content's hash
#: and a count.
BUILD_NAME = re.compile(r"\d{8}T\d{6}Z(?:-[0-9a-f]{8}(?:-\d+)?)?")


def is_build_folder(path: Path) -> bool:
    """Whether ``path`` is a build this software published: a folder named as a build is, with its manifest.
    Pruning removes nothing else."""
    return BUILD_NAME.fullmatch(path.name) is not None and (path / MANIFEST).is_file()


def build_folders(build_dir: Path) -> list[Path]:
    """The builds in ``build_dir`` (:func:`is_build_folder`; not the link ``current``), oldest first by name."""
    return sorted(p for p in build_dir.iterdir() if not p.is_symlink() and is_build_folder(p))


def newest_whole(build_dir: Path, *, but: Path | None = None) -> PublishedBuild | None:
    """The newest whole build in ``build_dir`` by name (other than ``but``), or None: what a build carries its
    history on from when ``current`` is damaged (a new build in its place had started the history anew: new dates
    and a new version for the same data, and the withdrawn addresses forgotten; an SRE's review), and what to go
    back to (:func:`remedy`)."""
    for folder in reversed(build_folders(build_dir)):
        if but is not None and folder.absolute() == but.absolute():
            continue
        try:
            build = read_build(folder)
            check_whole(build)
        except (OSError, ValueError):  # DamagedBuildError is a ValueError
            continue
        return build
    return None


def rollback_floor(build_dir: Path, build: PublishedBuild) -> datetime | None:
    """The earliest ``Last-Modified`` a server may send of ``build`` (UTC, whole seconds), or None: where a build in
    ``build_dir`` was made after ``build`` (its manifest's ``history`` names ``build``'s version: a build that
    followed it in this folder, whole or damaged, for a damaged one is what an operator rolls back from), ``build``
    is served after a rollback, and its documents' own dates are earlier than those of the build it replaced: a
    cache revalidating the withdrawn build's copy by date (``If-Modified-Since``) would be told 304 and keep it (RFC
    9110 §13.1.3). Not by the folders' names: a build dated earlier by ``SOURCE_DATE_EPOCH`` follows the one before
    it all the same, and is no rollback. The floor is the moment the rollback took effect, the ``current`` link's own
    time (``lstat``: the rename that made it current), which a restart reads again. Worked out once, when a server
    opens a build (a manifest read for each build of the folder), never per request."""
    if not any(build.version in _followed(folder) for folder in build_folders(build_dir)
               if folder.absolute() != build.path.absolute()):
        return None
    try:
        switched = os.lstat(build_dir / CURRENT).st_mtime
    except OSError:
        return None
    return datetime.fromtimestamp(int(switched), UTC)


def _followed(folder: Path) -> set[str]:
    """The versions the build in ``folder`` followed (its manifest's ``history``); none where it cannot be read."""
    try:
        history = json.loads((folder / MANIFEST).read_text(encoding="utf-8")).get("history", [])
    except (OSError, ValueError, AttributeError):
        return set()
    return {str(entry["version"]) for entry in history if isinstance(entry, dict) and "version" in entry}


def unlike_manifest(build: PublishedBuild, read: Callable[[int], object] | None = None) -> list[str]:
    """Each file of ``build`` whose bytes are not those its manifest records (SHA-256), said for an operator; an
    empty list when every one is. ``read``: told the number of bytes as each file is read (a progress bar).
    :func:`check_whole` compares sizes only, at every start; a file damaged in place (a disk, a copy, a restore)
    keeps its size, and only its bytes tell (an SRE's review found such a build served, its pages 500s)."""
    said = []
    for name, recorded in sorted(recorded_files(build).items()):
        try:
            with (build.path / name).open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError as exc:
            said.append(f"{name}: cannot be read ({exc.strerror or exc})")
            continue
        if read is not None:
            read(recorded.bytes)
        if digest != recorded.sha256:
            said.append(f"{name}: its SHA-256 is {digest}, its manifest says {recorded.sha256}")
    return said


def recorded_files(build: PublishedBuild) -> Mapping[str, FileInfo]:
    """The files ``build``'s manifest lists, each with the size and SHA-256 it records (:attr:`Manifest.files`), or
    :class:`DamagedBuildError` when a file's record lacks one: a check that passed over such a file had called it
    whole."""
    try:
        return build.info.files
    except ValueError as exc:
        raise DamagedBuildError(f"the build in {build.path} is damaged: {exc}") from None


def check_whole(build: PublishedBuild) -> None:
    """:class:`DamagedBuildError` unless every file the manifest lists is there with the size it records (a
    cheap check that catches a half-written or cut-short file; the SHA-256s are there for a full check)."""
    for name, recorded in recorded_files(build).items():
        path = build.path / name
        try:
            size = path.stat().st_size
        except OSError:
            raise DamagedBuildError(f"the build in {build.path} is damaged: {name} is missing") from None
        if size != recorded.bytes:
            raise DamagedBuildError(f"the build in {build.path} is damaged: {name} is {size:,} bytes, its manifest "
                                    f"says {recorded.bytes:,}")
