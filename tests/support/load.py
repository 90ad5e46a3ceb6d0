"""What the load scripts share (``scripts/bench``, ``scripts/load_test.py``): running wrk and reading its report,
the documents of a build to rotate over, and stopping a server started in a process group of its own."""

from __future__ import annotations

import os
import re
import signal
import sqlite3
import subprocess
from collections.abc import Mapping
from contextlib import closing, suppress
from dataclasses import dataclass
from pathlib import Path

from byregion.build import open_current


@dataclass(frozen=True)
class WrkRun:
    """What one wrk run reports: requests a second, answers outside 2xx/3xx, socket errors, latency."""

    rate: float
    non_2xx: int
    socket_errors: int
    p50_ms: float
    p99_ms: float


def wrk(base: str, script: Path, env: Mapping[str, str], seconds: float, connections: int,
        read_timeout_s: float | None = None) -> WrkRun:
    """``wrk`` with the Lua ``script`` against ``base`` for ``seconds`` (two threads at most), the script's inputs in
    ``env``; RuntimeError when wrk reports no rate (the server did not answer)."""
    command = ["wrk", "-t", str(min(connections, 2)), "-c", str(connections), "-d", f"{max(1, round(seconds))}s",
               "--latency", "-s", str(script), base]
    if read_timeout_s is not None:
        command[1:1] = ["--timeout", f"{read_timeout_s:g}s"]
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env},
                          timeout=seconds + 120)
    out = done.stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if rate is None:
        raise RuntimeError(f"wrk against {base} gave no rate:\n{out}\n{done.stderr}")
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)) else 0
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    socket_errors = sum(int(n) for n in errors.groups()) if errors else 0

    def percentile(p: str) -> float:
        found = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        if not found:
            return float("nan")
        value, unit = float(found.group(1)), found.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    return WrkRun(float(rate.group(1)), non_2xx, socket_errors, percentile("50"), percentile("99"))


def document_paths(build_dir: Path, limit: int) -> list[str]:
    """The ``/doc/`` documents of the current build in ``build_dir`` that come in RDF and HTML (the loads ask for
    both; not the pages alone, ``/doc/municipalities``), evenly spaced, at most ``limit``."""
    database = f"file:{open_current(build_dir).path / 'documents.sqlite'}?mode=ro"
    with closing(sqlite3.connect(database, uri=True)) as db:
        paths = [row[0] for row in db.execute("SELECT path FROM documents WHERE path LIKE '/doc/%' "
                                              "AND ' ' || variants || ' ' LIKE '% ttl %' ORDER BY path")]
    return paths[:: max(1, len(paths) // limit)][:limit]


def stop_group(process: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    """SIGTERM to the process group ``process`` leads (``start_new_session=True``), SIGKILL after ``grace`` s."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
