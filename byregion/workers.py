"""What the command and the build's worker processes do with the signals that stop a command. Pure: no I/O.

Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. A worker that took it raised
``KeyboardInterrupt`` wherever it was, once while holding its pool's result-queue lock, and the command, ending the
pool, then waited for that lock for ever (a review's build hung 2 times in 12 interrupted renders). Workers forked
from the command also inherited its SIGTERM handler (:func:`byregion.cli._terminate`), so the SIGTERM with which a
pool ends its workers printed a traceback of each. The command alone decides: it is interrupted, and it ends its
workers.
"""

from __future__ import annotations

import signal
import sys


def as_worker() -> None:
    """Leave Ctrl-C to the command (SIGINT ignored) and let SIGTERM end this process at once (its default action):
    the initializer of every process pool of the build and of `byregion synth`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def quiet_half_made_objects() -> None:
    """After a stop, drop the errors of finalizers instead of printing their tracebacks under the command's line.

    A stop is raised wherever the process was, which may be inside a constructor: on CI a SIGTERM landed in
    pyparsing's ``Forward.__init__`` while the build's merging process built rdflib's SPARQL grammar, and the
    half-made object's ``__del__`` failed as it was freed ("Exception ignored in ..."). Such an object has nothing
    left to report once the process stops; the command's one line and its exit code say what happened. Called
    by the SIGTERM handler that the command and its merging process share (:func:`byregion.cli._terminate`), and by
    the command once Ctrl-C reaches it (tests/test_cli_stop.py)."""
    sys.unraisablehook = lambda unraisable: None
