"""WSGI layers around the whole app: the access log, and a plain 500 for anything unforeseen.

They wrap every surface at once (documents, the SPARQL fast path, Flask), so no surface can answer an
unexpected error with a traceback or be missing from the log.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from byregion.serve.access_log import combined, request_target
from byregion.serve.rules import with_security
from server.documents import StartResponse, WSGIApp

log = logging.getLogger(__name__)
#: The access log: one Combined Log Format line per request on standard output (``BYREGION_ACCESS_LOG``).
access = logging.getLogger("byregion.access")

FAILED = b"500 Internal Server Error: the server failed unexpectedly; the error was logged. Try again later.\n"


class Guarded:
    """Answers ``500`` with a plain sentence (no traceback, no detail) when ``app`` raises; logs the error."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            return self.app(environ, start_response)
        except Exception:
            log.exception("%s %s failed", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            headers = with_security([("Content-Type", "text/plain; charset=utf-8"),
                                     ("Content-Length", str(len(FAILED)))])
            start_response("500 Internal Server Error", headers, sys.exc_info())
            return [FAILED]


def stdout_handler() -> None:
    """Send the access log to standard output, one line per record, flushed (once per process)."""
    if not access.handlers:
        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(logging.Formatter("%(message)s"))
        access.addHandler(handler)
        access.setLevel(logging.INFO)
        access.propagate = False


class AccessLog:
    """Writes a Combined Log Format line for each request once its answer is known (status and size)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        stdout_handler()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        seen: dict[str, Any] = {}

        def noting(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            seen["status"], seen["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        body = self.app(environ, noting)
        size: int | None = None
        if isinstance(body, list):
            size = sum(len(part) for part in body)
        else:
            length = next((v for k, v in seen.get("headers", ()) if k.lower() == "content-length"), None)
            size = int(length) if length and length.isdigit() and environ.get("REQUEST_METHOD") != "HEAD" else None
        status = int(str(seen.get("status", "500")).split(" ", 1)[0])
        access.info(combined(environ.get("REMOTE_ADDR", "-"), datetime.now().astimezone(),
                             environ.get("REQUEST_METHOD", "-"),
                             request_target(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")),
                             environ.get("SERVER_PROTOCOL", "HTTP/1.1"), status, size,
                             environ.get("HTTP_REFERER"), environ.get("HTTP_USER_AGENT")))
        return body
