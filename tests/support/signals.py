"""Ctrl-C for the commands the tests start, however the tests themselves were started."""

from __future__ import annotations

import signal


def ctrl_c_as_at_a_terminal() -> None:
    """A ``preexec_fn`` that gives the command the default SIGINT, so that Python raises KeyboardInterrupt on it.

    A shell without job control (a CI runner's script, ``nohup``, ``cmd &`` in a script) starts a background
    command with SIGINT ignored; its children inherit that, and a Python started with SIGINT ignored keeps it
    ignored. The tests of Ctrl-C then saw the build and the export run to their end (exit 0) when the suite was
    started in the background, where a person's Ctrl-C at a terminal ends them."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
