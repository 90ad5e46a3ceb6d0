"""The processes of a command's session as /proc shows them, for a test's message when the command does not end.

A command a test starts with ``start_new_session=True`` leads a session of its own (its pid is the session's id),
and every process it starts stays in it: a test whose command did not end in time names them all (which one was
left, in what state, running what) before it kills them.
"""

from __future__ import annotations

from tests.support.query_processes import PROC, stat_fields


def session_processes(session: int) -> list[str]:
    """Each live process of ``session``: its pid, parent, state (``R`` running, ``S`` asleep, ``D`` in the kernel,
    ``Z`` ended but not reaped) and command line."""
    found = []
    for entry in sorted(PROC.iterdir(), key=lambda e: int(e.name) if e.name.isdigit() else -1):
        if not entry.name.isdigit():
            continue
        fields = stat_fields(int(entry.name))
        if fields is None or int(fields[3]) != session:
            continue
        try:
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # ended meanwhile
            continue
        found.append(f"{entry.name} (parent {fields[1]}, {fields[0]}): {command[:160]}")
    return found
