"""The build a server answers from, and following ``build/current`` as new builds are made.

:class:`Following` owns the served build (its rendered documents, opened read-only). Every request takes
:meth:`Following.current` once, so a response never mixes two builds; at most every
``BYREGION_FOLLOW_INTERVAL`` seconds that call looks whether ``build/current`` points somewhere new, and
if the new build is complete it is opened, and served without a restart from the interval after it became current
(the ``current`` link's own time) on. Each worker looks on its own, so a worker that served a new build as soon as
it saw it answered from the new build while another still answered from the old, and one URL asked twice gave
old, new, old ETags for a second (an operator's review); every worker waits for the same moment instead, by which
each has looked at least once.

While a process serves a build it holds a *lease* on it: a file ``build/.leases/{pid}-{namespace}`` naming the
build's folder (its version, unless the folder was copied or restored under another name by hand).
``byregion build`` never prunes a build a live process holds a lease on (:func:`byregion.build.leases.in_use`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from byregion.build import PublishedBuild, open_current
from byregion.build.leases import FOLDER as LEASES
from byregion.build.leases import READ_ONLY, REFRESH, refresh, release, take
from byregion.build.reader import rollback_floor
from byregion.docstore import FILE, PROBE_PATH, DocumentStore, Unreadable
from byregion.identifiers import build as identifiers
from byregion.reconcile.index import FILE as RECONCILE_FILE
from byregion.reconcile.service import Index as ReconcileIndex
from byregion.search import FILE as SEARCH_FILE
from byregion.serve.documents import Served
from byregion.serve.graph_store import GraphStore
from byregion.serve.search import SearchIndex, SearchUnavailable
from byregion.settings import Settings

log = logging.getLogger(__name__)


#: Seconds :meth:`ServedBuild.damage_of` keeps what it found.
DAMAGE_SEEN = 5.0


def _lease_failure(exc: OSError) -> str:
    """Why a lease could not be written, naming the leases' folder, never a path of the machine."""
    return f"{exc.strerror or exc} ({LEASES} in the build folder)"


@dataclass
class ServedBuild:
    """One build as this process serves it: the published build, its documents, its search index (None when
    the build has none this server can read: ``/search`` then says to rebuild), its graph store's look-up of files by
    graph IRI and its reconciliation index
    (:meth:`reconcile`, read on first use). It owns the files it opens; :meth:`close` closes them."""

    build: PublishedBuild
    documents: Served
    #: The graph store's files by graph IRI (``/graph-store``), made from the manifest when the build is opened.
    graph_store: GraphStore
    search: SearchIndex | None = None
    _reconcile: ReconcileIndex | None = field(default=None, init=False)
    _reconcile_lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    #: When :meth:`damage_of` last looked, and what it found.
    _damage_seen: tuple[float, str | None] | None = field(default=None, init=False)

    @classmethod
    def open(cls, build: PublishedBuild, settings: Settings) -> ServedBuild:
        floor = rollback_floor(settings.build_dir, build)  # once per build opened: after a rollback, dates hold
        if floor is not None:
            log.info("build %s is older than the newest whole build in its folder (a rollback): no Last-Modified "
                     "before %s, when current was pointed at it", build.version, floor.isoformat())
        return cls(build, Served(DocumentStore(build.path / FILE), build.info.created, settings.max_url_length,
                                 identifiers.load(build.path), withdrawn=build.info.withdrawn, floor=floor),
                   GraphStore.of(build.info, floor), open_search(build))

    def dated(self, moment: datetime) -> datetime:
        """A date of the build (its own, a file's) as the ``Last-Modified`` it is sent with (:meth:`Served.dated`)."""
        return self.documents.dated(moment)

    @property
    def version(self) -> str:
        return self.build.version

    def unreadable(self) -> list[str]:
        """Why the build cannot be answered whole, for ``/health``, a sentence a file (none when it can), each naming
        the file and the folder, never a path: a file of the manifest missing or of another size than it says (one
        ``stat`` a file), the home page's stored document looked up and its body read (:meth:`DocumentStore.probe`),
        and the search and reconciliation indexes probed by SQLite (:func:`probe_index`: the schema and each
        table's first row)."""
        folder = self.build.path
        said: list[str] = []
        if not folder.is_dir():
            # the served build's folder removed under the server, which answers from the files it holds open: a
            # problem the following reports ("degraded", 200: a load balancer keeps it), not 71 files unreadable
            return said
        for name, recorded in self.build.info.files.items():
            try:
                size = (folder / name).stat().st_size
            except OSError as exc:
                said.append(self._damage(name, f"it cannot be read: {exc.strerror or exc}"))
                continue
            if size != recorded.bytes:
                said.append(self._damage(name, f"it is {size:,} bytes, its manifest says {recorded.bytes:,}"))
        if said:
            return said
        try:
            self.documents.documents.probe()
        except Unreadable as exc:
            said.append(self._damage(FILE, f"{exc}, looking up {PROBE_PATH}"))
        for name in (SEARCH_FILE, RECONCILE_FILE):
            if name in self.build.info.files and (why := probe_index(folder / name)) is not None:
                said.append(self._damage(name, why))
        return said

    def damage_of(self, exc: BaseException) -> str | None:
        """For the log line of a request that failed with ``exc``: where ``exc`` is SQLite's (a file damaged), which
        of the build's files cannot be read (:meth:`unreadable`, looked at most once in :data:`DAMAGE_SEEN` seconds,
        so that a storm of 500s does not read the indexes through for each), else None."""
        if not isinstance(exc, sqlite3.DatabaseError):
            return None
        seen = self._damage_seen
        if seen is None or time.monotonic() - seen[0] > DAMAGE_SEEN:
            seen = self._damage_seen = (time.monotonic(), "; ".join(self.unreadable()) or None)
        return seen[1]

    def _damage(self, name: str, why: str) -> str:
        answered = {FILE: "every document is answered 500", SEARCH_FILE: "searches are answered 500",
                    RECONCILE_FILE: "the reconciliation service answers 500"}.get(name, "it cannot be sent")
        return (f"the served build's {name} cannot be read ({why}): {answered}; "
                f"`byregion verify {self.build.path.name}` names the damaged files; point current at a whole build, or "
                "run `byregion build --force`")

    def reconcile(self) -> ReconcileIndex | None:
        """The build's reconciliation index and code history, read on first use (the units and names are held in
        memory: a server that is never asked to reconcile never reads them); None for a build made before the
        service (or the look-ups' code history) existed."""
        with self._reconcile_lock:
            if self._reconcile is None:
                try:
                    path = self.build.file(RECONCILE_FILE)
                except KeyError:
                    return None
                history = self.documents.history
                if history is None:
                    return None
                self._reconcile = ReconcileIndex(path, self.build.base_uri, history)
            return self._reconcile

    def close(self) -> None:
        """Close the build's documents, search and reconciliation files."""
        self.documents.documents.close()
        if self.search is not None:
            self.search.close()
        with self._reconcile_lock:
            if self._reconcile is not None:
                self._reconcile.close()


def probe_index(path: Path) -> str | None:
    """Why SQLite cannot read ``path``, or None: on a connection of its own (no page another connection keeps is
    trusted), its schema and the first row of each of its tables (their root pages and the path down to a first
    leaf; an FTS index's own tables among them). Its cost is the number of tables times the trees' depth, not the
    file's size: ``PRAGMA quick_check``, which reads every page, had taken 10 ms of each ``/health`` on the
    repository's 3.7 MB search index and would grow with a larger build's (``byregion verify`` hashes whole files).
    A file cut short is seen by the size check before this."""
    try:
        connection = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return f"SQLite: {exc}"
    try:
        tables = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage > 0")]
        if not tables:
            return "SQLite: it holds no table"
        for table in tables:
            quoted = table.replace('"', '""')
            connection.execute(f'SELECT * FROM "{quoted}" LIMIT 1').fetchall()
    except sqlite3.Error as exc:
        return f"SQLite: {exc}"
    finally:
        connection.close()
    return None


def open_search(build: PublishedBuild) -> SearchIndex | None:
    """The build's search index, or None (logged) when it has none this server can read."""
    try:
        return SearchIndex(build.path / SEARCH_FILE)
    except SearchUnavailable as exc:
        log.warning("no search for build %s: %s", build.version, exc)
        return None


def switched_at(build_dir: Path) -> float:
    """When ``build/current`` was last pointed at a build (the link's own modification time; ``time.time()`` when it
    cannot be read): every worker of every server on this folder reads the same moment."""
    try:
        return (build_dir / "current").lstat().st_mtime
    except OSError:
        return time.time()


class Following:
    """The served build, switched to each newer complete build (see the module docstring)."""

    def __init__(self, settings: Settings, build: PublishedBuild | None = None) -> None:
        self.settings = settings
        self.build_dir = settings.build_dir
        self._served = ServedBuild.open(build or open_current(self.build_dir), settings)
        self._checked = time.monotonic()
        self._lock = threading.Lock()
        #: The last build refused, so that each is reported once, and what was wrong with it (its exception's class,
        #: for /health: no path), set together.
        self._refused: tuple[Path, str] | None = None
        #: The build served before this one: a request may still be reading it, so it is closed only when the next
        #: newer build replaces this one (builds take far longer than any request), or when the server stops.
        self._previous: ServedBuild | None = None
        #: A newer build opened and leased, and the moment (``time.time()``) every worker serves it from.
        self._next: tuple[ServedBuild, float] | None = None
        #: Touches this worker's lease every REFRESH seconds (a build in another PID namespace goes by its age), idle
        #: or not; set to stop it.
        self._stopped = threading.Event()
        self._refresher = threading.Thread(target=self._refresh_lease, name="lease", daemon=True)
        self._refresher.start()
        #: Why this worker could not record the build it serves (a full disk), for /health; None once it has.
        self._unleased: str | None = None
        try:
            take(self.build_dir, os.getpid(), self._served.build.path.name)
        except OSError as exc:  # a worker started again on a full disk serves on, and says so, rather than crash
            if exc.errno in READ_ONLY:  # no lease can be written here, ever: `byregion serve` warned at its start
                log.debug("worker %d serves build %s from a build folder it cannot write: %s", os.getpid(),
                          self._served.version, exc)
            else:
                self._unleased = _lease_failure(exc)  # granian ends the server after a few crashes in a row
                log.error("worker %d serves build %s without a lease: %s", os.getpid(), self._served.version,
                          self._unleased)

    def _refresh_lease(self) -> None:
        while not self._stopped.wait(REFRESH):
            refresh(self.build_dir, os.getpid())

    def current(self) -> ServedBuild:
        """The build to answer this request from (checks for a newer one at most every interval)."""
        interval = self.settings.follow_interval
        upcoming = self._next
        due = upcoming is not None and time.time() >= upcoming[1]
        if (due or (interval > 0 and time.monotonic() - self._checked >= interval)) \
                and self._lock.acquire(blocking=False):
            try:  # at the moment too: current may have gone back, or on to a newer build still (a reviewer's race)
                self._checked = time.monotonic()
                self._follow()
                self._switch_when_due()
            finally:
                self._lock.release()
        return self._served

    def _switch_when_due(self) -> None:
        """Serve the newer build (:attr:`_next`) once its moment has come, if ``current`` still names it."""
        if self._next is None or time.time() < self._next[1]:
            return
        newer, _ = self._next
        try:
            if (self.build_dir / "current").resolve(strict=True) != newer.build.path:
                return  # pointed elsewhere since it was seen: the next look follows that
        except OSError:
            return  # no current build right now: the next request looks again
        self._next = None
        with contextlib.suppress(OSError):  # the lease names the build served alone again
            take(self.build_dir, os.getpid(), newer.build.path.name)
        retired, self._previous = self._previous, self._served
        self._served = newer  # one reference swap: each request sees one build or the other
        log.info("worker %d now serves build %s (folder %s); it served %s", os.getpid(), newer.version,
                 newer.build.path.name, self._previous.version)
        if retired is not None:
            retired.close()

    def _follow(self) -> None:
        try:
            target = (self.build_dir / "current").resolve(strict=True)
        except OSError:
            return  # no current build right now (being switched, or removed by hand): keep serving ours
        if self._next is not None and target == self._next[0].build.path:
            return  # seen already: served from its moment on
        if target == self._served.build.path:
            if self._next is not None:  # current went back before the newer one was served: it never will be
                self._next[0].close()
                self._next = None
                with contextlib.suppress(OSError):
                    take(self.build_dir, os.getpid(), self._served.build.path.name)
            if self._unleased is not None:  # space again, perhaps: the lease this worker could not write at start
                with contextlib.suppress(OSError):
                    take(self.build_dir, os.getpid(), self._served.build.path.name)
                    self._unleased = None
            return
        try:
            newer = ServedBuild.open(open_current(self.build_dir), self.settings)
        except (OSError, ValueError, KeyError) as exc:  # not whole or not readable: keep serving the build we have
            if self._refused is None or target != self._refused[0]:
                self._refused = (target, type(exc).__name__)
                log.error("not following %s: %s; still serving build %s", target, exc, self._served.version)
            return
        try:  # the lease first, on both: a build served without one could be pruned from under this server
            take(self.build_dir, os.getpid(), self._served.build.path.name, newer.build.path.name)
        except OSError as exc:  # a full disk (right after a build, before it prunes); a read-only folder takes no
            if exc.errno not in READ_ONLY:  # lease ever, and the build written there from elsewhere is followed
                newer.close()
                if self._refused is None or target != self._refused[0]:
                    self._refused = (target, f"its lease could not be written: {_lease_failure(exc)}")
                    log.error("not following %s: its lease could not be written (%s); still serving build %s",
                              target, exc, self._served.version)
                return
        self._unleased = None
        if self._next is not None:  # a build newer still came before the last one's moment: that one is never served
            self._next[0].close()
        self._next = (newer, switched_at(self.build_dir) + self.settings.follow_interval)

    def problems(self, served_build: ServedBuild | None = None) -> list[str]:
        """What keeps this server from serving the build ``current`` names, or from serving its own whole, each said
        for an operator (``/health``): ``current`` missing, a current build it cannot serve, one it does not follow
        (``BYREGION_FOLLOW_INTERVAL=0``), its own build's folder gone, a lease it could not write. Folders are named,
        never paths.
        ``served_build``: the build a request took (the one served now by default), so that one answer speaks of
        one build while the server switches."""
        served = (served_build or self._served).build.path
        refused = self._refused  # read once: a switch may set it meanwhile
        said = []
        if not served.is_dir():
            said.append(f"the served build's folder {served.name} is gone (removed by hand?): the files it holds (the "
                        "dumps) cannot be sent; restart the server on a whole build")
        unleased = self._unleased
        if unleased is not None:
            said.append(f"a worker serves {served.name} without a lease ({unleased}): pruning cannot tell that it is "
                        "in use; free space in the build folder (the worker writes its lease again by itself)")
        try:
            target = (self.build_dir / "current").resolve(strict=True)
        except OSError:
            link = self.build_dir / "current"
            try:
                pointed = Path(os.readlink(link)).name  # its folder's name, never a path
            except OSError:
                said.append("no build is current (the build folder's 'current' link is missing): run `byregion build`")
            else:
                said.append(f"no build is current (the build folder's 'current' link points at {pointed!r}, which is "
                            "no folder: removed?): point it at a whole build, or run `byregion build`")
            return said
        if target == served:
            return said
        if refused is not None and target == refused[0]:
            said.append(f"the current build {target.name} cannot be served ({refused[1]}; the server's log "
                        f"says why): this server still serves {served.name}")
        elif self.settings.follow_interval <= 0:
            said.append(f"the current build is {target.name}, but this server serves {served.name} and does not "
                        "follow builds (BYREGION_FOLLOW_INTERVAL=0): restart it to serve the current one")
        return said

    def close(self) -> None:
        self._stopped.set()
        release(self.build_dir, os.getpid())
        self._served.close()
        if self._previous is not None:
            self._previous.close()
        if self._next is not None:
            self._next[0].close()

