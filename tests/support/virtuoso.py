"""Virtuoso (Debian's ``virtuoso-opensource-7``) as a remote store for the tests: a database of its own in a
folder, on free ports of 127.0.0.1, loaded with a build's ``dataset.nq`` by Virtuoso's bulk loader.

Its ``[SPARQL] MaxQueryExecutionTime`` is what stops a runaway query inside Virtuoso (docs/sparql.md, "A
remote store"); :func:`start_virtuoso` sets it, so the tests can show that the store stops working.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from tests.support.servers import PROBE, Server, free_port, stop, wait_for

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"
#: Debian's shared files of Virtuoso (the VAD packages it looks for at start).
VAD = Path("/usr/share/virtuoso-opensource-7/vad")


def virtuoso_missing() -> str | None:
    """Why Virtuoso cannot run here (what to install), or None."""
    for command in (VIRTUOSO, ISQL):
        if shutil.which(command) is None:
            return (f"`{command}` is missing: install Debian's virtuoso-opensource-7 "
                    "(scripts/test.sh does: apt-get install virtuoso-opensource-7)")
    return None


def _ini(folder: Path, sql_port: int, http_port: int, max_seconds: int) -> str:
    db = folder / "db"
    return f"""\
[Database]
DatabaseFile = {db}/virtuoso.db
ErrorLogFile = {db}/virtuoso.log
LockFile = {db}/virtuoso.lck
TransactionFile = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {db}/virtuoso-temp.db
TransactionFile = {db}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
DirsAllowed = ., {folder}/load, {VAD}
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
VADInstallDir = {VAD}/
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}/www
ServerThreads = 10
MaxClientConnections = 10
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = {max_seconds}
MaxQueryCostEstimationTime = 0
"""


def start_virtuoso(folder: Path, data: Path, *, max_seconds: int = 5) -> Server:
    """Virtuoso in ``folder`` holding ``data`` (N-Quads), each query stopped by Virtuoso after ``max_seconds``."""
    for sub in ("db", "load", "www"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(data, folder / "load" / "dataset.nq")
    sql_port, http_port = free_port(), free_port()
    (folder / "virtuoso.ini").write_text(_ini(folder, sql_port, http_port, max_seconds), encoding="utf-8")
    process = subprocess.Popen([VIRTUOSO, "+foreground", "+configfile", str(folder / "virtuoso.ini")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    server = Server(f"http://127.0.0.1:{http_port}", process, "Virtuoso", query_path="/sparql")
    wait_for(server, "/sparql" + PROBE)
    load = (f"ld_dir('{folder}/load', 'dataset.nq', 'urn:byregion:default'); rdf_loader_run(); "
            "checkpoint;")
    done = subprocess.run([ISQL, str(sql_port), "dba", "dba", f"exec={load}"], capture_output=True, text=True,
                          timeout=300)
    if done.returncode != 0 or "Error" in done.stdout:
        stop(process)
        raise RuntimeError(f"Virtuoso's bulk loader failed: {done.stdout}\n{done.stderr}")
    # One pass over the data before the tests' first query: a query of 0.1 s, run first on a Virtuoso just loaded
    # while the other test worker kept both cores busy, once ran into Virtuoso's own time limit (max_seconds).
    warm = subprocess.run([ISQL, str(sql_port), "dba", "dba", "exec=SPARQL SELECT (COUNT(*) AS ?n) "
                           "WHERE { GRAPH ?g { ?s ?p ?o } };"], capture_output=True, text=True, timeout=120)
    if warm.returncode != 0 or "Error" in warm.stdout:
        stop(process)
        raise RuntimeError(f"Virtuoso could not read what it loaded: {warm.stdout}\n{warm.stderr}")
    return server
