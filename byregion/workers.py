"""What a worker process of the build does with the signals that stop a command. Pure: no I/O.

Ctrl-C in a terminal sends SIGINT to the whole process group, workers included. A worker that took it raised
``KeyboardInterrupt`` wherever it was, once while holding its pool's result-queue lock, and the command, ending the
pool, then waited for that lock for ever (a review's build hung 2 times in 12 interrupted renders). Workers forked
from the command also inherited its SIGTERM handler (:func:`byregion.cli._terminate`), so the SIGTERM with which a
pool ends its workers printed a traceback of each. The command alone decides: it is interrupted, and it ends its
workers.
"""

from __future__ import annotations

import signal


def as_worker() -> None:
    """Leave Ctrl-C to the command (SIGINT ignored) and let SIGTERM end this process at once (its default action):
    the initializer of every process pool of the build and of `byregion synth`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
