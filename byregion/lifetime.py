"""A process whose life is tied to its parent's: the kernel signals it when the parent ends.

Three kinds of process must not outlive the one that made them, or they run on for nobody: the build's merge and
validation (it holds the build's lock), a SPARQL query process (it would run a query nobody waits for), and a
web worker of ``byregion serve`` (after a ``kill -9`` of the server, a worker orphaned to init went on answering
on the port with its build's lease held, so a new server could not listen and the build was never pruned: an
SRE's review). Linux's ``prctl(PR_SET_PDEATHSIG)`` does it; elsewhere nothing is asked, and the caller's other
means (a closed socket, a lock) remain.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys

#: Linux's prctl option that has the kernel signal a process when its parent ends.
PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int, sig: signal.Signals = signal.SIGTERM) -> bool:
    """Have the kernel send ``sig`` to this process when ``parent`` (the process, or on Linux the thread, that made
    it) ends; False when ``parent`` has ended already (before the kernel was told), for the caller to end now.

    ``ctypes.CDLL(None)``: the symbols already loaded into this process, so a fork does not search for the C
    library (``find_library`` runs ``ldconfig``)."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError, TypeError):
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(sig))
    return os.getppid() == parent
