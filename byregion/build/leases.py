"""Which builds running servers still use, so that pruning never deletes one from under them.

A serving process writes ``build/.leases/{pid}`` naming the folder of the build it answers from (:func:`take`,
again whenever it follows a newer build; pruning goes by folder, and a folder copied or restored by hand keeps the
version of its manifest) and removes it when it stops (:func:`release`; a worker the WSGI server stops without
running its exit handlers leaves its file, which ``byregion serve`` sweeps when it ends). :func:`in_use` reads
the leases, drops those of processes that no longer exist (a server killed with ``kill -9`` leaves its
file behind), and returns the versions still held.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

FOLDER = ".leases"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive
    return True


def take(build_dir: Path, pid: int, version: str, *more: str) -> None:
    """Record that process ``pid`` serves the build in folder ``version`` (and ``more``: the one it switches to at
    the moment every worker does, :class:`byregion.web.state.Following`), one folder a line, atomically: a reader
    never sees half a name."""
    folder = build_dir / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{pid}.tmp"
    try:
        tmp.write_text("".join(f"{name}\n" for name in (version, *more)), encoding="utf-8")
        os.replace(tmp, folder / str(pid))
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
        (build_dir / FOLDER / str(pid)).unlink()


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
    for lease in leases:
        if not lease.name.isdigit():
            continue
        if not _alive(int(lease.name)):
            with contextlib.suppress(OSError):  # gone already, or a read-only folder: it is not held either way
                lease.unlink()
            continue
        with contextlib.suppress(FileNotFoundError):
            held.update(line.strip() for line in lease.read_text(encoding="utf-8").splitlines() if line.strip())
    return held
