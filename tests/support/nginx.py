"""nginx (and Apache httpd) serving a static export (``byregion export-static``), for the tests and the benchmark
scripts.

The export's own ``nginx.conf`` runs nginx in the foreground (``daemon off``), so the process started here is
nginx's master; :func:`stop_web_server` ends it with its workers and checks that none is left. ``apache.conf`` runs
the same way (``apache2 -DFOREGROUND``; :func:`start_apache`).
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from tests.support.servers import Server, process_tree, stop

#: The njs module of Debian's libnginx-mod-http-js, which the export's nginx.conf loads.
NJS_MODULE = Path("/usr/lib/nginx/modules/ngx_http_js_module.so")


def nginx_missing() -> str | None:
    """Why nginx cannot run an export here (what to install), or None."""
    if shutil.which("nginx") is None:
        return "nginx is missing: install Debian's nginx-light (scripts/test.sh does: apt-get install nginx-light)"
    if not NJS_MODULE.is_file():
        return f"{NJS_MODULE} is missing: install Debian's libnginx-mod-http-js (scripts/test.sh does)"
    return None


def export_folder(prefix: str = "byregion-export-") -> Path:
    """A new folder for an export that nginx's unprivileged workers can read (pytest's own are private)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(stat.S_IRWXU | stat.S_IRGRP | stat.S_IXGRP | stat.S_IROTH | stat.S_IXOTH)
    return folder


def start_nginx(folder: Path, port: int, timeout: float = 20.0) -> Server:
    """``nginx -p FOLDER -c nginx.conf`` and wait until it answers on ``port``."""
    return _start(["nginx", "-p", str(folder), "-c", "nginx.conf"], "nginx", folder / "logs" / "error.log",
                  folder, port, timeout)


#: Debian's apache2 binary (package apache2-bin), which the export's apache.conf is written for.
APACHE = Path("/usr/sbin/apache2")


def apache_missing() -> str | None:
    """Why Apache httpd cannot run an export here (what to install), or None."""
    if not APACHE.is_file():
        return f"{APACHE} is missing: install Debian's apache2-bin (scripts/test.sh does)"
    return None


def start_apache(folder: Path, conf: Path, port: int, timeout: float = 20.0) -> Server:
    """``apache2 -f CONF -DFOREGROUND`` (an export's ``apache.conf``) and wait until it answers on ``port``."""
    return _start([str(APACHE), "-f", str(conf), "-DFOREGROUND"], "Apache", folder / "logs" / "apache-error.log",
                  folder, port, timeout)


def start_apache_export(export: Path, port: int) -> Server:
    """Apache on an export's ``apache.conf``, on ``port`` (a copy, ``apache-test.conf``, with its ``Listen`` line
    moved there: the export's nginx may hold the port it was written for)."""
    conf = export / "apache-test.conf"
    written = (export / "apache.conf").read_text(encoding="utf-8")
    conf.write_text(re.sub(r"^Listen 127\.0\.0\.1:\d+$", f"Listen 127.0.0.1:{port}", written, flags=re.M),
                    encoding="utf-8")
    return start_apache(export, conf, port)


def _start(command: list[str], name: str, log: Path, folder: Path, port: int, timeout: float) -> Server:
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode() if process.stdout else ""
            raise RuntimeError(f"{name} exited with {process.returncode}:\n{out}\n"
                               f"{log.read_text() if log.exists() else ''}")
        try:
            requests.get(base + "/robots.txt", timeout=1)
            return Server(base, process, name=name)
        except requests.ConnectionError:
            time.sleep(0.1)
    stop_web_server(Server(base, process, name=name), folder)
    raise RuntimeError(f"{name} on {base} did not answer within {timeout} s; see {log}")


def stop_web_server(server: Server, folder: Path) -> None:
    """Stop nginx or Apache (SIGTERM: fast shutdown) and check that no process of it is left, workers included."""
    workers = process_tree(server.process.pid) - {server.process.pid}
    stop(server.process, grace=10)
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    left = sorted(pid for pid in workers if _alive(pid))
    if left:
        raise AssertionError(f"{server.name} workers {left} still run after the master of {folder} ended")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/stat")
    return status.exists() and ") Z " not in status.read_text()
