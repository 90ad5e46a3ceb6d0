"""A worker process of the build leaves Ctrl-C to the command and ends at once on SIGTERM (byregion.workers)."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.fast

WORKER = """
import signal, time
from byregion.cli import _terminate
signal.signal(signal.SIGTERM, _terminate)  # the command's handler, as a forked worker inherits it
from byregion.workers import as_worker
as_worker()
print("ready", flush=True)
time.sleep(30)
"""


def test_a_worker_ignores_ctrl_c_and_ends_on_sigterm_without_a_traceback() -> None:
    process = subprocess.Popen([sys.executable, "-c", WORKER], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == "ready"
        process.send_signal(signal.SIGINT)
        time.sleep(0.3)
        assert process.poll() is None  # Ctrl-C is the command's: it ends its workers itself
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=10)
        assert process.returncode == -signal.SIGTERM and "Traceback" not in stderr, stderr
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
