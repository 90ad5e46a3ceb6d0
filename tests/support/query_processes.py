"""The SPARQL query processes as /proc shows them: a pool's parent (``byregion.sparql.forkserver``) and its forks."""

from __future__ import annotations

import os
from pathlib import Path

PROC = Path("/proc")
PARENT_MODULE = b"byregion.sparql.forkserver"


def stat_fields(pid: int) -> list[str] | None:
    """The fields of ``/proc/PID/stat`` after the command (state first, then the parent's pid); None if gone."""
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, ended but not yet reaped, does not)."""
    fields = stat_fields(pid)
    return fields is not None and fields[0] != "Z"


def children_of(parent: int) -> list[int]:
    """The live children of ``parent``."""
    found = []
    for entry in PROC.iterdir():
        if entry.name.isdigit() and (fields := stat_fields(int(entry.name))) and fields[0] != "Z" \
                and int(fields[1]) == parent:
            found.append(int(entry.name))
    return found


def fork_servers(of: int | None = None) -> list[int]:
    """The live parents of query processes started by ``of`` (by default this process)."""
    found = []
    for pid in children_of(os.getpid() if of is None else of):
        try:
            if PARENT_MODULE in (PROC / str(pid) / "cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def query_processes(of: int | None = None) -> set[int]:
    """The live query processes of the pools started by ``of`` (by default this process): their parents' forks."""
    return {pid for parent in fork_servers(of) for pid in children_of(parent)}
