"""Which builds running servers still use, so that pruning never deletes one from under them.

A serving process writes ``build/.leases/{pid}-{namespace}`` naming the folder of the build it answers from
(:func:`take`, again whenever it follows a newer build; pruning goes by folder, and a folder copied or restored by
hand keeps the version of its manifest) and removes it when it stops (:func:`release`; a worker the WSGI server
stops without running its exit handlers leaves its file, which ``byregion serve`` sweeps when it ends).
:func:`in_use` reads the leases, drops those of processes that no longer exist (a server killed with ``kill -9``
leaves its file behind), and returns the versions still held.

A process is looked for in the PID namespace that can see it: a lease is named ``{pid}-{namespace}``. A server in
another namespace (another container on the same build folder) cannot be looked for, and its pid may be anyone's
here: a build pruned the build such a server answered from, its dumps then 500 (an operator's review). Its lease
is held while it is fresh instead: every serving process touches its lease every :data:`REFRESH` seconds, and one
of another namespace untouched for :data:`STALE_AFTER` is a process that is gone.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import re
import time
from pathlib import Path

FOLDER = ".leases"
#: Seconds between a serving process's touches of its lease (:func:`refresh`).
REFRESH = 60.0
#: Seconds after its last touch that a lease of another PID namespace is taken for a process that is gone.
STALE_AFTER = 3 * REFRESH
#: A lease's name: the process's pid, and the inode of its PID namespace where the system has one.
_NAME = re.compile(r"(\d+)(?:-(\d+))?")


@functools.cache
def namespace() -> str:
    """This process's PID namespace (the inode ``/proc/self/ns/pid`` names), or "" where there is none to read."""
    try:
        return os.readlink("/proc/self/ns/pid").rpartition("[")[2].rstrip("]")
    except OSError:
        return ""


def lease_name(pid: int) -> str:
    """The name of the lease of process ``pid`` of this PID namespace."""
    return f"{pid}-{namespace()}" if namespace() else str(pid)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def _live(lease: Path, pid: int, its: str, ours: str) -> bool:
    """Whether the process of ``lease`` still exists: looked for where it can be, else by its lease's last touch."""
    if its == ours:
        return _alive(pid)
    try:
        return time.time() - lease.stat().st_mtime < STALE_AFTER
    except FileNotFoundError:
        return False


def take(build_dir: Path, pid: int, version: str, *more: str) -> None:
    """Record that process ``pid`` serves the build in folder ``version`` (and ``more``: the one it switches to at
    the moment every worker does, :class:`byregion.serve.following.Following`), one folder a line, atomically: a reader
    never sees half a name."""
    folder = build_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{lease_name(pid)}.tmp"  # a process of the same pid in another namespace writes its own
    try:
        tmp.write_text("".join(f"{name}\n" for name in (version, *more)), encoding="utf-8")
        os.replace(tmp, folder / lease_name(pid))
    except OSError:  # a full disk: no half-written file left behind
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


#: Why a folder takes no file at all, whatever is freed: a read-only mount or image, a folder not this user's. A
#: server serves from such a folder without a lease (``byregion serve`` says what that means); a full disk or a file
#: in the leases' place is another matter, which space or a hand mends.
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def lease_error(build_dir: Path) -> OSError | None:
    """The error writing a lease in ``build_dir`` raises (a read-only or full folder), or None where it can be
    written. Asked before a server starts, which then says so in one line rather than let each worker fail with a
    traceback (an SRE's review)."""
    folder = build_dir / FOLDER
    probe = folder / f".{os.getpid()}.probe"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe.write_text("probe\n", encoding="utf-8")
        probe.unlink()
    except OSError as exc:
        with contextlib.suppress(OSError):
            probe.unlink()
        return exc
    return None


def said(exc: OSError) -> str:
    """``exc`` as a message says it: the system's words and the file."""
    return f"{exc.strerror or exc}{f' ({exc.filename})' if exc.filename else ''}"


def release(build_dir: Path, pid: int) -> None:
    with contextlib.suppress(FileNotFoundError):
        (build_dir / FOLDER / lease_name(pid)).unlink()


def refresh(build_dir: Path, pid: int) -> None:
    """Touch the lease of process ``pid``, so that a build in another PID namespace knows it is still there."""
    with contextlib.suppress(OSError):  # none (a read-only folder), or a full disk: the next touch may do
        os.utime(build_dir / FOLDER / lease_name(pid))


class UnreadableLeases(OSError):
    """The leases cannot be read (``.leases`` is no folder, or unreadable): which builds servers use is unknown."""


def in_use(build_dir: Path) -> set[str]:
    """Build folders held by live processes; leases of dead processes are removed on the way.
    :class:`UnreadableLeases` where ``.leases`` is there but no folder that can be read: pruning then removes
    nothing, since any build may be one a server uses (an SRE's re-check: with a file in its place, the build a
    server answered from was pruned, and its dumps answered 500)."""
    held: set[str] = set()
    folder = build_dir / FOLDER
    if not folder.exists() and not folder.is_symlink():
        return held
    if not folder.is_dir():
        raise UnreadableLeases(f"{FOLDER} in the build folder is no folder")
    try:
        leases = list(folder.iterdir())
    except OSError as exc:
        raise UnreadableLeases(f"{FOLDER} in the build folder cannot be read ({exc.strerror or exc})") from exc
    ours = namespace()
    for lease in leases:
        named = _NAME.fullmatch(lease.name)
        if named is None:
            continue
        if not _live(lease, int(named[1]), named[2] or ours, ours):
            with contextlib.suppress(OSError):  # gone already, or a read-only folder: it is not held either way
                lease.unlink()
            continue
        with contextlib.suppress(FileNotFoundError):
            held.update(line.strip() for line in lease.read_text(encoding="utf-8").splitlines() if line.strip())
    return held
