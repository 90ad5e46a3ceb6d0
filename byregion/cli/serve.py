"""``byregion serve``: build if needed, then serve the linked data with a production WSGI server.

Granian runs the Flask application factory (``byregion.web.app:serve_app``) in WSGI mode with worker
processes; settings reach the workers through ``BYREGION_*`` environment variables, so command-line
options are written there before the server starts. Each worker starts and warms its SPARQL query
processes before it accepts a connection. Its request threads (``Settings.request_threads``) cover
every query slot and queue place, so that SPARQL requests beyond the queue reach it and get 503
instead of waiting in granian's own unbounded queue.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import logging
import os
import signal
import sys
from collections.abc import Mapping
from typing import Any

from byregion.cli.build import add_common_options, settings_from, whole_option
from byregion.mediatypes import TURTLE
from byregion.settings import Settings, address

HELP = """\
Serve the current build: resource pages with content negotiation, the SPARQL endpoint and the
catalogue, in one command. When there is no build yet, one is made first (but a --build-dir or
BYREGION_BUILD_DIR that does not exist is refused: a typo is not a new place to build). Uses Granian (WSGI) with
--workers processes; --reload is for development. Every option also has a BYREGION_* variable.

With --store URL the descriptions and SPARQL answers come from that remote SPARQL 1.1 query
endpoint (e.g. an Oxigraph server loaded with `byregion build --publish`) instead of the build's
embedded store. A build is still needed: its manifest gives the catalogue, the dumps, the VoID
figures and the base of the IRIs, so load the remote store from that same build."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the linked data over HTTP", description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  byregion serve\n  byregion serve --host 0.0.0.0 --port 8000 --workers 4\n"
               f"  curl -L -H 'Accept: {TURTLE.name}' http://127.0.0.1:8080/id/region/notodden\n\n"
               "exit codes: 0 stopped, 1 refused (the port is taken, no such --build-dir, a build that failed or is "
               "damaged),\n2 a setting or option no server can run with, 130 interrupted")
    add_common_options(parser)
    parser.add_argument("--host", help="address to bind (BYREGION_HOST, default 127.0.0.1)")
    parser.add_argument("--port", type=whole_option, help="port to listen on (BYREGION_PORT, default 8080)")
    parser.add_argument("--workers", type=whole_option,
                        help="worker processes (BYREGION_WORKERS, default: CPUs, at least 2 and at most 128)")
    parser.add_argument("--store", metavar="URL",
                        help="remote SPARQL query endpoint to read from, e.g. http://127.0.0.1:7878/query "
                             "(BYREGION_STORE_URL; default: the build's embedded store; a build is still "
                             "needed for its manifest)")
    parser.add_argument("--reload", action="store_true", help="restart on code changes (development only)")
    parser.set_defaults(func=run)


def export(settings: Settings) -> None:
    """Write the effective settings to the environment the workers inherit."""
    for name, value in vars(settings).items():
        os.environ[Settings.env_name(name)] = str(value)


def ensure_build(settings: Settings) -> str | None:
    """None when there is a build to serve (made first when there was none), else why there is none.

    The build's machinery is imported only to make one: granian forks the workers from this process, and each
    would carry it (:mod:`byregion.build`)."""
    from byregion.build import DamagedBuildError, NoBuildError, open_current

    try:
        open_current(settings.build_dir)
        return None
    except NoBuildError:
        print(f"byregion serve: no build in {settings.build_dir}; building first", file=sys.stderr)
    except DamagedBuildError as damaged:  # it says what to run; a build is not made unasked over one
        return str(damaged)
    from byregion.build import BuildError, build

    try:
        build(settings)
    except BuildError as exc:
        return str(exc)
    return None


def source_of(name: str, given: object, environ: Mapping[str, str]) -> str:
    """What a refusal names as where the value of ``name`` came from: ``BYREGION_NAME`` where that variable set it
    (not empty: :meth:`Settings.from_env` passes over an empty one), else ``--name``, given or its default (a bad
    BYREGION_HOST had been reported as --host, an option never given)."""
    variable = f"BYREGION_{name.upper()}"
    return variable if given is None and environ.get(variable) else f"--{name}"


def unavailable(host: str, port: int, host_from: str, port_from: str) -> str | None:
    """Why ``host``:``port`` cannot be listened on (taken, or no address of this machine), else None; the advice
    names where each came from (``host_from``, ``port_from``: the option or the variable that gave it).

    Granian binds with ``SO_REUSEPORT``, so a second server on a port would share it with the first, each
    answering some of the connections from its own build; a plain bind finds a listener first."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except (socket.gaierror, UnicodeError) as exc:
        return f"{host_from} {host!r} is no address of this machine ({exc}); give one such as 127.0.0.1 or 0.0.0.0"
    family, kind, proto, _, bound = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a closed server's TIME_WAIT is no listener
        try:
            probe.bind(bound)
        except OSError as exc:
            why = BIND_ADVICE.get(exc.errno or 0, "; give another {host} or {port}")
            return f"cannot listen on {address(host, port)}: {exc.strerror}{why.format(host=host_from, port=port_from)}"
    return None


#: What to do where a bind fails, by its errno (each said after the system's own words, ``{host}`` and ``{port}``
#: the option or variable that gave each): one sentence for all had told a --host this machine does not have to
#: stop "another server" on its port.
BIND_ADVICE = {
    errno.EADDRINUSE: " (another server, perhaps a `byregion serve`, listens there); stop it or give another {port}",
    errno.EADDRNOTAVAIL: " (it is no address of this machine); give one it has, such as 127.0.0.1, or 0.0.0.0 "
                         "for all of them ({host})",
    errno.EACCES: " (a port below 1024 needs privileges this user does not have); give a port from 1024 up, such "
                  "as 8080 ({port}), behind a proxy on the low port if it must be",
}


def _intended_threads(record: logging.LogRecord) -> bool:
    """Leave out granian's warning that its threads outnumber the CPUs. They are meant to: besides the request
    threads, one waits for each query slot and queue place (``Settings.request_threads``; docs/sparql.md, "Many
    clients at once"), and a waiting thread holds no CPU. An operator told to "review the configuration" at every
    start would go looking for a fault there is not."""
    return not record.getMessage().startswith("Configuration allows spawning up to")


def run(args: argparse.Namespace) -> int:

    from granian import Granian
    from granian.constants import Interfaces
    from granian.http import HTTP1Settings

    settings = settings_from(args, host=args.host, port=args.port, workers=args.workers, store_url=args.store)
    host_from, port_from = (source_of(name, getattr(args, name), os.environ) for name in ("host", "port"))
    if (taken := unavailable(settings.host, settings.port, host_from, port_from)) is not None:
        print(f"byregion serve: {taken}", file=sys.stderr)
        return 1
    named = "--build-dir" if args.build_dir else "BYREGION_BUILD_DIR" if os.environ.get("BYREGION_BUILD_DIR") else None
    if named and not settings.build_dir.exists():  # a typo must not become a new build of the checkout's data
        print(f"byregion serve: there is no folder {settings.build_dir} ({named}): give the folder the builds are "
              f"in, or make one there first with `byregion build --build-dir {settings.build_dir}`", file=sys.stderr)
        return 1
    failed = ensure_build(settings)
    if failed is not None:
        print(f"byregion serve: cannot serve: {failed}", file=sys.stderr)
        return 1
    from byregion.build.leases import READ_ONLY, lease_error, said

    unleased = lease_error(settings.build_dir)
    if unleased is not None and unleased.errno in READ_ONLY:  # a read-only volume or image: served as it is
        print(f"byregion serve: warning: the build folder cannot be written ({said(unleased)}), so this server "
              "cannot record there which build it serves: a `byregion build` writing to this folder from elsewhere "
              "cannot see that this server uses its build, and may prune it; keep enough builds "
              "(BYREGION_KEEP_BUILDS) there", file=sys.stderr)
    elif unleased is not None:
        print(f"byregion serve: cannot record in the build folder which build this server serves: {said(unleased)}. "
              "A server writes it there so that pruning keeps that build; free space in the build folder (or "
              "remove what stands in the way)", file=sys.stderr)
        return 1
    export(settings)
    store = settings.store_url or "the build's embedded store"
    workers = f"{settings.workers} worker{'s' if settings.workers != 1 else ''}"
    print(f"byregion serve: http://{address(settings.host, settings.port)}/ ({workers}, data from {store})",
          file=sys.stderr)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # granian stops its workers on SIGTERM itself, not the CLI's way
    try:
        granian = Granian(
            "byregion.web.app:serve_app", address=settings.host, port=settings.port, interface=Interfaces.WSGI,
            workers=1 if args.reload else settings.workers, factory=True, reload=args.reload, log_access=False,
            backlog=settings.backlog, blocking_threads=settings.request_threads,
            # a worker that dies (killed for memory, a crash in native code) is started again, not the end of the
            # server: granian otherwise stops every worker when one exits (an SRE's review)
            respawn_failed_workers=True,
            # a client that sends its headers a byte at a time holds one of the worker's connections until this
            # ends it (granian's default of 30 s let 3,000 such clients hold them all: a reliability review)
            http1_settings=HTTP1Settings(header_read_timeout=max(1, round(settings.header_timeout * 1000))),
            # a stop waits this long for the answers under way, then kills the worker (a slow download had kept a
            # stopped server running, its port closed, for as long as the client took)
            workers_kill_timeout=settings.shutdown_timeout,
        )
        logging.getLogger("_granian").addFilter(_intended_threads)  # after Granian() has configured its logging
        granian.serve()
    finally:  # granian ends its workers without their exit handlers: sweep the leases they left
        from byregion.build.leases import UnreadableLeases, in_use

        with contextlib.suppress(UnreadableLeases):
            in_use(settings.build_dir)
    return 0
