#!/usr/bin/env python3
"""Dereferencing speed: `byregion serve` against Oxigraph server answering the equivalent CONSTRUCT.

Starts both on 127.0.0.1 over the same build (Oxigraph loaded from the build's dataset.nq), drives each
for a few seconds with keep-alive HTTP clients in separate processes, prints requests/s and the ratio,
and exits 1 when byregion's rate is below ``--min-ratio`` times Oxigraph's (the bar of issue 4).

    .venv/bin/python scripts/bench_resources.py [--build-dir build] [--seconds 5] [--clients 4]
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for tests.support

from byregion.build import open_current
from byregion.describe import subtree_query
from byregion.settings import Settings
from tests.support.servers import free_port


def wait_for(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} within {timeout} s")


def client(port: int, path: str, accept: str, seconds: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    done, failed = 0, 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        conn.request("GET", path, headers={"Accept": accept})
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            done += 1
        else:
            failed += 1
    out.put((done, failed))


def drive(port: int, path: str, accept: str, seconds: float, clients: int) -> float:
    """Requests per second over ``clients`` keep-alive connections (after a short warm-up)."""
    warm = multiprocessing.Queue()  # type: ignore[var-annotated]
    client(port, path, accept, 0.5, warm)
    queue = multiprocessing.Queue()  # type: ignore[var-annotated]
    procs = [multiprocessing.Process(target=client, args=(port, path, accept, seconds, queue)) for _ in range(clients)]
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    for p in procs:
        p.join()
    done, failed = sum(r[0] for r in results), sum(r[1] for r in results)
    if failed or not done:
        raise SystemExit(f"port {port}: {failed} failed requests, {done} succeeded: check the server")
    return done / seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, help="build folder (BYREGION_BUILD_DIR); built if empty")
    parser.add_argument("--thing", default="region/notodden", help="what to dereference (path under /id/)")
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--workers", type=int, help="byregion serve worker processes")
    parser.add_argument("--min-ratio", type=float, default=0.5)
    args = parser.parse_args()

    settings = Settings.from_env(build_dir=args.build_dir.resolve() if args.build_dir else None)
    env = dict(os.environ, BYREGION_BUILD_DIR=str(settings.build_dir))
    repo = Path(__file__).resolve().parent.parent
    byregion_cmd = [sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())", "serve"]
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        raise SystemExit("the `oxigraph` command is missing: install the PyPI package `oxigraph` (test extra)")

    by_port, ox_port = free_port(), free_port()
    byregion = subprocess.Popen([*byregion_cmd, "--host", "127.0.0.1", "--port", str(by_port),
                                 *(["--workers", str(args.workers)] if args.workers else [])],
                                env=env, cwd=repo, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    store_dir = Path(tempfile.mkdtemp(prefix="bench-oxigraph-"))
    ox_server = None
    try:
        wait_for(by_port, "/static/style.css", timeout=600)  # may build first
        build = open_current(settings.build_dir)
        subprocess.run([oxigraph, "load", "--location", str(store_dir), "--file", str(build.path / "dataset.nq")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ox_server = subprocess.Popen([oxigraph, "serve", "--location", str(store_dir),
                                      "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(ox_port, "/")
        iri = f"{build.base_uri}/id/{args.thing}"
        # The bar is measured against the cheapest CONSTRUCT (one hop, no labels, no parts): a stricter
        # comparison than the full description query, which is also reported.
        simple = f"CONSTRUCT {{ <{iri}> ?p ?o }} WHERE {{ <{iri}> ?p ?o }}"
        ox_rate = drive(ox_port, "/query?query=" + quote(simple), "text/turtle", args.seconds, args.clients)
        ox_full = drive(ox_port, "/query?query=" + quote(subtree_query(iri)), "text/turtle", args.seconds,
                        args.clients)
        by_rate = drive(by_port, f"/doc/{args.thing}", "text/turtle", args.seconds, args.clients)
    finally:
        for proc in (byregion, ox_server):
            if proc is not None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
        shutil.rmtree(store_dir, ignore_errors=True)
    ratio = by_rate / ox_rate
    print(f"oxigraph one-hop CONSTRUCT: {ox_rate:,.0f} req/s (full description CONSTRUCT: {ox_full:,.0f} req/s)")
    print(f"byregion /doc/{args.thing}: {by_rate:,.0f} req/s")
    print(f"ratio {ratio:.2f} (bar {args.min_ratio:.2f}): {'ok' if ratio >= args.min_ratio else 'BELOW THE BAR'}")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
