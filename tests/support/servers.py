"""Server processes for the tests and the benchmark scripts: the endpoint under granian, and Oxigraph.

Each is started on a free port of 127.0.0.1 and waited for until it answers; :func:`stop` ends one, and
:func:`wait_until_idle` shows that one has nothing left to do once a test is over.

Why here and not in ``byregion``: the runtime package is what a deployment installs; starting test
servers (and the ``oxigraph`` command, a test extra) is no part of it, and ``tests/test_tiers.py`` fails
when ``byregion/`` imports from ``tests``. The tests import this module as
``tests.support.servers`` (pytest puts the repository root on ``sys.path``: ``pythonpath`` in
pyproject.toml); a script in ``scripts/`` does the same with ``sys.path.insert(0, <repository root>)``
before its imports, so it runs as ``.venv/bin/python scripts/NAME.py`` from any folder.
"""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from byregion import REPO_ROOT
from byregion.settings import Settings

#: A query every SPARQL endpoint answers at once; used to see that a server is up.
PROBE = "?" + urlencode({"query": "ASK {}"})


@dataclass
class Server:
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]
    name: str = "server"  # what it is, for messages: "Oxigraph", "the endpoint"
    query_path: str = "/query"  # where a SPARQL store answers queries: Oxigraph's /query, Virtuoso's /sparql

    @property
    def processes(self) -> dict[str, subprocess.Popen[bytes]]:
        """Its process by a readable name (what :func:`wait_until_idle` takes)."""
        return {f"{self.name} at {self.base}": self.process}

    @property
    def query_url(self) -> str:
        """A store's query URL (for ``BYREGION_STORE_URL``)."""
        return self.base + self.query_path

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(server: Server, path: str, seconds: float = 120.0) -> None:
    """Return once ``GET path`` answers 200; RuntimeError if the process exits or time runs out."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server for {server.base} exited with {server.process.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            conn.request("GET", path, headers={"Accept": "application/sparql-results+json"})
            if conn.getresponse().status == 200:
                conn.close()
                return
            conn.close()
        except OSError:
            pass
        time.sleep(0.1)
    stop(server.process)
    raise RuntimeError(f"{server.base}{path} did not answer within {seconds:g} s")


def stop(process: subprocess.Popen[bytes], grace: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after ``grace`` seconds (Oxigraph busy with a query can take seconds to exit) to the
    process and everything under it: killing granian's main process alone left its forked workers (and their query
    processes) running with no parent after a test whose queries outlasted the grace."""
    process.terminate()
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        for pid in sorted(process_tree(process.pid)):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        process.wait(5)


def oxigraph_binary() -> str:
    """The `oxigraph` command (PyPI package ``oxigraph``, a test extra), next to this Python first."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: install the test extras (PyPI package oxigraph)")
    return found


def load_oxigraph(location: Path, nquads: Path) -> None:
    """Bulk-load ``nquads`` into a new Oxigraph store at ``location`` (``oxigraph load``; no server runs on it).

    For a store a test only reads: 1.4 s for the repository's build, where loading the same graphs into a
    running server with ``byregion.publish`` (staging graphs, then one ``MOVE`` request per build) takes 10 to
    20 s, most of it in the ``MOVE``. tests/sparql/test_publish.py shows what ``publish`` loads.
    """
    done = subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(nquads)],
                          capture_output=True, text=True, timeout=300)
    if done.returncode != 0:
        raise RuntimeError(f"oxigraph load of {nquads} failed: {done.stderr.strip()}")


def start_oxigraph(location: Path, *, read_only: bool = False, timeout_s: float | None = None,
                   port: int | None = None) -> Server:
    """``oxigraph serve`` (or ``serve-read-only``) with the union default graph, as our endpoint has.

    ``timeout_s`` only abandons the answer: the query goes on using a core until it ends by itself or
    the server stops. A test that starts a query that never ends must have a server of its own.
    """
    port = port or free_port()
    command = [oxigraph_binary(), "serve-read-only" if read_only else "serve", "--location", str(location),
               "--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    if timeout_s:
        command += ["--timeout-s", f"{timeout_s:g}"]
    server = Server(f"http://127.0.0.1:{port}",
                    subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL), "Oxigraph")
    wait_for(server, "/query" + PROBE)
    return server


def start_endpoint(build_dir: Path, settings: Mapping[str, object], *, app: str = "byregion.web.app:serve_app",
                   workers: int = 1, threads: int | None = None, pythonpath: tuple[Path, ...] = ()) -> Server:
    """The web app under granian on ``build_dir``, as ``byregion serve`` runs it; ``settings`` become
    ``BYREGION_*`` variables, and ``threads`` defaults to what they ask for (``Settings.request_threads``)."""
    port = free_port()
    if threads is None:
        threads = Settings.from_env({}, **settings).request_threads
    env = dict(os.environ, BYREGION_BUILD_DIR=str(build_dir),
               PYTHONPATH=os.pathsep.join(str(p) for p in (REPO_ROOT, *pythonpath)))
    env.update({f"BYREGION_{name.upper()}": str(value) for name, value in settings.items()})
    granian = str(Path(sys.executable).parent / "granian")
    process = subprocess.Popen(
        [granian, "--interface", "wsgi", "--factory", "--host", "127.0.0.1", "--port", str(port),
         "--workers", str(workers), "--blocking-threads", str(threads), app],
        cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", process, "the endpoint")
    wait_for(server, "/sparql" + PROBE)
    return server


# ------------------------------------------------------------------------------ nothing left running

#: Length of one CPU sample, seconds. A query left running uses most of a core, even on a busy machine.
IDLE_WINDOW = 0.05
#: How long a tree with a thread ready to run as the test ends is watched for a moment when none is (seconds), before
#: the sample: on a loaded machine a server finishing the answer the test has read waits its turn for a core, and
#: 126 of the 310 tests of test_problem_details_http.py, run beside two busy processes, had paid a whole sample.
IDLE_GLANCE = 0.02
#: The pause between two looks of that glance, seconds.
GLANCE_PAUSE = 0.002
#: CPU the trees may use over the glance and still count as idle at a later look, seconds: a reviewer's process that
#: computed 9 ms and slept 1 ms in turn had passed as idle at up to 21 of 40 glances that took any such look as idle.
GLANCE_CPU = 0.001
#: Share of one core a process tree may use in a sample and still count as idle (if none of its threads
#: is ready to run and waiting for a core at the sample's end).
IDLE_SHARE = 0.1
#: How long a server may take to settle after a test (closing connections, replacing a killed worker).
IDLE_SETTLE = 10.0


def _parents() -> dict[int, int]:
    """Parent pid of every process (from ``/proc/PID/stat``; processes that end meanwhile are skipped)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    return parents


def process_tree(pid: int) -> set[int]:
    """``pid`` and all its descendants (granian's workers, the query processes of the embedded store)."""
    children: dict[int, list[int]] = {}
    for child, parent in _parents().items():
        children.setdefault(parent, []).append(child)
    tree, todo = set(), [pid]
    while todo:
        current = todo.pop()
        tree.add(current)
        todo.extend(children.get(current, ()))
    return tree


def cpu_seconds(pid: int) -> float:
    """CPU time used so far by all threads of ``pid`` (nanosecond resolution where the kernel gives it);
    0 for a process that has ended."""
    try:
        return sum(int((task / "schedstat").read_text().split()[0])
                   for task in Path(f"/proc/{pid}/task").iterdir()) / 1e9
    except OSError:
        pass  # no schedstat in this kernel, or a thread or the process ended meanwhile
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime, in clock ticks


def _tree_cpu(pid: int) -> dict[int, float]:
    return {p: cpu_seconds(p) for p in process_tree(pid)}


def runnable(pid: int) -> bool:
    """Whether a thread of ``pid``'s tree is running or ready to run (state R) right now.

    On CI two test workers share two cores, and a query left running may wait out a whole sample for
    a core: it used no CPU in the sample, yet it is not idle. An idle server's threads sleep (state S).
    """
    for process in process_tree(pid):
        try:
            tasks = list(Path(f"/proc/{process}/task").iterdir())
        except OSError:
            continue  # ended meanwhile
        for task in tasks:
            try:
                if (task / "stat").read_text().rsplit(")", 1)[1].split()[0] == "R":
                    return True
            except (OSError, IndexError):
                continue
    return False


def cpu_shares(pids: Mapping[str, int], window: float = IDLE_WINDOW) -> dict[str, float]:
    """Share of one core each named process tree uses over the same ``window`` seconds (0.5 = half a core).

    A process that starts within the window counts with all its time; one that ends, not at all.
    """
    before = {name: _tree_cpu(pid) for name, pid in pids.items()}
    time.sleep(window)
    shares = {}
    for name, pid in pids.items():
        used = sum(max(0.0, cpu - before[name].get(p, 0.0)) for p, cpu in _tree_cpu(pid).items())
        shares[name] = used / window
    return shares


def _idle_at_a_glance(running: Mapping[str, int]) -> bool:
    """Whether no thread of any tree is running or waiting for a core (state R), as a query left running never is (it
    computes): at once (most tests end so, and skip the sample's pause, 0.05 s, over a thousand tests), or at a later
    look of :data:`IDLE_GLANCE` when the trees have used at most :data:`GLANCE_CPU` since the first (a server finishing
    its answer; a query that computes and now and then waits for a lock or a disk uses more, and is sampled)."""
    return not any(runnable(pid) for pid in running.values()) or _idle_at_a_later_look(running)


def _idle_at_a_later_look(running: Mapping[str, int]) -> bool:
    """The later looks of :func:`_idle_at_a_glance`, after a first that found a thread ready to run."""
    before = {name: _tree_cpu(pid) for name, pid in running.items()}
    glance_ends = time.monotonic() + IDLE_GLANCE
    while time.monotonic() < glance_ends:
        time.sleep(GLANCE_PAUSE)
        if not any(runnable(pid) for pid in running.values()):
            used = sum(max(0.0, cpu - before[name].get(p, 0.0))
                       for name, pid in running.items() for p, cpu in _tree_cpu(pid).items())
            return used <= GLANCE_CPU
    return False


def wait_until_idle(servers: Mapping[str, subprocess.Popen[bytes]], settle: float = IDLE_SETTLE) -> None:
    """Return once every named server's process tree is idle in one sample; AssertionError naming the
    busy ones if they are still working ``settle`` seconds later (a query that a test left running)."""
    deadline = time.monotonic() + settle
    running = {name: process.pid for name, process in servers.items() if process.poll() is None}
    if _idle_at_a_glance(running):
        return
    while True:
        running = {name: process.pid for name, process in servers.items() if process.poll() is None}
        busy = {name: share for name, share in cpu_shares(running).items()
                if share > IDLE_SHARE or runnable(running[name])}
        if not busy:
            return
        if time.monotonic() >= deadline:
            named = ", ".join(f"{name} ({share:.0%} of a core, or ready to run and waiting for one)"
                              for name, share in busy.items())
            raise AssertionError(
                f"still working {settle:g} s after the test ended: {named}. The test left a query running, "
                "which slows every later test; send queries that never end to a server of the test's own.")
