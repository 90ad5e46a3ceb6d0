"""A stopped command ends with one line and its exit code, wherever the stop landed.

Ctrl-C and SIGTERM are raised where the command is (:func:`byregion.cli._terminate`), which may be inside a
constructor of another library. The object it leaves half-made can fail in its ``__del__`` as it is freed; that
error is not the user's business and no traceback follows the command's line (seen on CI with pyparsing's
``Forward`` while rdflib built its SPARQL grammar)."""

from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from tests.support.signals import ctrl_c_as_at_a_terminal

pytestmark = pytest.mark.fast

#: A build command that stops (by a real signal to itself) in the middle of making an object whose ``__del__``
#: needs what the constructor never set, as pyparsing's ``Forward`` does.
STOPPED_INSIDE_A_CONSTRUCTOR = """
import os, signal, sys
from byregion import cli
from byregion.cli import build

class HalfMade:
    def __init__(self):
        os.kill(os.getpid(), signal.{signal_name})
        for _ in range(10_000_000):  # the handler runs here, between two bytecodes
            pass
        self.expr = None

    def __del__(self):
        self.expr

def stopped(args):
    HalfMade()
    return 0

build.run = stopped
sys.exit(cli.main(["build"]))
"""


#: The build's merging process (:func:`byregion.build.writer._isolated`), stopped by SIGTERM as the command stops it.
#: Its clean-up frees a half-made object (as the validation's shutdown may) before the stop reaches the command.
MERGE_STOPPED_WITH_A_HALF_MADE_OBJECT = """
import os, signal, sys
from byregion import cli
from byregion.build import writer

class HalfMade:
    def __del__(self):
        self.expr

def merge():
    made = [HalfMade.__new__(HalfMade)]  # never initialised, as after a stop inside its constructor
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        for _ in range(10_000_000):
            pass
    finally:
        made.clear()

signal.signal(signal.SIGTERM, cli._terminate)
try:
    writer._isolated(merge)
except cli.Terminated:
    print("the command got the stop")
"""


@pytest.mark.parametrize(("signal_name", "code", "line"), [
    ("SIGTERM", 128 + signal.SIGTERM, "byregion: stopped (SIGTERM); nothing half-made was published"),
    ("SIGINT", 130, "byregion: interrupted; nothing half-made was published"),
])
def test_a_stop_inside_a_constructor_prints_one_line_and_no_traceback(signal_name: str, code: int,
                                                                       line: str) -> None:
    done = subprocess.run([sys.executable, "-c", STOPPED_INSIDE_A_CONSTRUCTOR.format(signal_name=signal_name)],
                          capture_output=True, text=True, timeout=60,
                          preexec_fn=ctrl_c_as_at_a_terminal)
    assert done.returncode == code, done.stderr
    assert done.stderr.strip() == line


def test_a_merging_process_stopped_with_a_half_made_object_prints_no_traceback() -> None:
    done = subprocess.run([sys.executable, "-c", MERGE_STOPPED_WITH_A_HALF_MADE_OBJECT], capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "the command got the stop", done.stderr
    assert done.stderr == ""
