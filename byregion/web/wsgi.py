"""WSGI layers around the whole app: the access log, and a plain 500 for anything unforeseen.

They wrap every surface at once (documents, the SPARQL fast path, Flask), so no surface can answer an
unexpected error with a traceback or be missing from the log.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from byregion.serve.access_log import clf_now, combined, request_target
from byregion.serve.problems import as_problem, error_headers, json_only, turnable, wants_problem
from byregion.serve.rules import (
    SCHEMES,
    above_the_root,
    bad_host,
    bad_scheme,
    encoded_body,
    failed,
    forwarded_vary,
    header_in,
    method_not_known,
    remove_dot_segments,
    status_line,
    with_security,
)
from byregion.web.documents import StartResponse, WSGIApp

log = logging.getLogger(__name__)

class Guarded:
    """Answers ``500`` with a plain sentence (no traceback, no detail) when ``app`` raises; logs the error."""

    def __init__(self, app: WSGIApp, explain: Callable[[BaseException], str | None] | None = None) -> None:
        self.app = app
        #: What the log line adds about an error, where it can (a damaged file of the build, named).
        self.explain = explain

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            return self.app(environ, start_response)
        except Exception as exc:
            said = self.explain(exc) if self.explain is not None else None
            log.exception("%s %s failed%s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"),
                          f": {said}" if said else "")
            answer = failed()
            start_response(status_line(answer.status), answer.headers, sys.exc_info())
            return [answer.body]


class ValidHost:
    """Refuses (400) a request whose ``Host`` is missing in HTTP/1.1 or is not a host, or whose scheme is neither
    ``http`` nor ``https``, before anything reads them: the documents name the request's origin in their links, so it
    must be one (:func:`byregion.serve.rules.bad_host`, :func:`~byregion.serve.rules.bad_scheme`). A scheme a proxy
    wrote in capitals (``HTTPS``) is read as the scheme it names."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        scheme = str(environ.get("wsgi.url_scheme", "http"))
        environ["wsgi.url_scheme"] = scheme.lower() if scheme.lower() in SCHEMES else scheme
        refused = (bad_host(environ.get("HTTP_HOST"), environ.get("SERVER_PROTOCOL", "HTTP/1.1"))
                   or bad_scheme(environ["wsgi.url_scheme"]))
        if refused is not None:
            start_response(status_line(refused.status), refused.headers)
            return [refused.body]
        return self.app(environ, start_response)


class HeaderStep:
    """A layer that passes the headers of every answer below it through :attr:`step`, a rule of
    :mod:`byregion.serve.rules` (``headers -> headers``), on their way out."""

    step: Callable[[list[tuple[str, str]]], list[tuple[str, str]]]

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        def stepped(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            headers = self.step(headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        return self.app(environ, stepped)


class ForwardedVary(HeaderStep):
    """Behind a proxy (``BYREGION_PROXY_HOPS``), names the forwarded scheme and host in every ``Vary`` that names
    ``Host`` (:func:`byregion.serve.rules.forwarded_vary`): the answers take the origin from them."""

    step = staticmethod(forwarded_vary)


class IdentityBodies:
    """Refuses (415) a request whose body comes with a content coding to a service that would read it as it is
    (:func:`byregion.serve.rules.encoded_body`)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        coding = environ.get("HTTP_CONTENT_ENCODING")
        if coding:
            length = environ.get("CONTENT_LENGTH") or ""
            has_body = (length.isdigit() and int(length) > 0) or "HTTP_TRANSFER_ENCODING" in environ
            refused = encoded_body(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""), coding, has_body)
            if refused is not None:
                start_response(status_line(refused.status), refused.headers)
                return [refused.body]
        return self.app(environ, start_response)


class MethodAsWritten:
    """Refuses (501) a method not written in capitals before anything routes it: methods are case-sensitive (RFC 9110
    §9.1), and werkzeug upper-cases them, so Flask's routes would answer ``get`` as ``GET`` where the documents and
    nginx refuse it. Every method this server knows is written in capitals."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if not method.isupper():
            answer = method_not_known(method)
            start_response(status_line(answer.status), answer.headers)
            return [answer.body]
        return self.app(environ, start_response)


class DotSegments:
    """Removes ``.`` and ``..`` segments from the path before anything routes it, as nginx does for the static
    export (``/doc/../catalog`` is the catalogue); a path climbing above the root is a 400."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        normal = remove_dot_segments(path)
        if normal is None:
            answer = above_the_root()
            start_response(status_line(answer.status), answer.headers)
            return [answer.body]
        if normal != path:
            environ["PATH_INFO"] = normal
        return self.app(environ, start_response)


class Secured(HeaderStep):
    """The security headers of every answer the app makes (:func:`byregion.serve.rules.with_security`: ``nosniff``,
    a page's policy), in one layer outside every surface and every refusal, so that no view, fast path or guard has
    to remember them; a header an answer set itself (a framable page's policy) is kept."""

    step = staticmethod(with_security)


class Problems:
    """Errors as problem details (RFC 9457) for a client that asks for JSON, and ``Accept`` in the ``Vary`` of every
    error that depends on it (:mod:`byregion.serve.problems`): one layer for every surface, so no view chooses.

    ``Accept`` is read only when an answer is such an error, and only such an answer's body is held back (to be
    turned); every other passes through as it streams. The layers below start their answer before they return it
    (Flask and the document handler do), as this layer needs to hold one back. A ``HEAD`` is asked of the layers
    below as the ``GET`` it stands for (RFC 9110 §9.3.2: the same answer without the content), and its body is
    dropped here unread: an error to turn has its text, so that its ``Content-Length`` is the problem details', as
    nginx sends it, without asking twice (a query that ran out of time had run twice: a security review)."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        held: list[Any] = []
        written: list[bytes] = []  # what the app writes through start_response's write() while held
        members: tuple[str, ...] | None = None

        def answering(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            nonlocal members
            if status[0] in "45":
                code = int(status[:3])
                members = json_only(environ.get("PATH_INFO", ""))  # as the layers below read it (dot segments)
                if turnable(code, headers) and (members is not None or wants_problem(environ.get("HTTP_ACCEPT"))):
                    held[:] = [code, status, headers, exc_info]
                    return written.append
                headers = error_headers(code, headers)
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        head = environ.get("REQUEST_METHOD") == "HEAD"
        if head:  # a GET without Range: range requests are GET's alone (RFC 9110 §14.2), a HEAD's is ignored
            environ = {k: v for k, v in environ.items() if k not in ("HTTP_RANGE", "HTTP_IF_RANGE")}
            environ["REQUEST_METHOD"] = "GET"
        result = self.app(environ, answering)
        if not held:
            if head:
                _close(result)  # unread: a dump's file is never read for a HEAD
                return []
            return result
        code, status, headers, exc_info = held
        try:
            body = b"".join([*written, *result])
        finally:
            _close(result)
        made = as_problem(code, headers, body, members=members or ())
        assert made is not None, "a turnable answer is turned"
        headers, body = made
        start_response(status, headers, exc_info) if exc_info else start_response(status, headers)
        return [b"" if head else body]


def _close(result: Iterable[bytes]) -> None:
    close = getattr(result, "close", None)
    if close is not None:
        close()


class LineWriter:
    """Whole lines to a stream, each written at once (cheaper than ``logging``, which costs as much per line as
    answering a document).

    A stream with a file descriptor (standard output in a server) gets each line as one ``write(2)``, and no lock:
    a lock held across the write, while the GIL is let go, had every other thread of the worker queue behind it,
    a fifth of a document's cost under load (docs/server.md, "Documents under load"). One write per line keeps a
    line whole where the kernel writes it at once: to a file opened for appending, and to a pipe up to ``PIPE_BUF``
    (4 KiB). A longer line to a pipe (a very long ``User-Agent`` or ``Referer``) may be written in parts, between
    which another thread's or worker's line may land, as the lines of two workers could before; a write that comes
    back short is finished by the loop. Any other stream (a test's) is written one line at a time under a lock."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.lock = threading.Lock()
        try:
            stream.flush()  # what was written through the stream before goes first
            self.fd: int | None = stream.fileno()
        except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is an OSError and a ValueError
            self.fd = None

    def write(self, line: str) -> None:
        if self.fd is None:
            with self.lock:
                self.stream.write(line + "\n")
                self.stream.flush()
            return
        data = (line + "\n").encode(self.stream.encoding or "utf-8", "backslashreplace")
        while data:
            data = data[os.write(self.fd, data):]


class AccessLog:
    """Writes a Combined Log Format line for each request on standard output (``BYREGION_ACCESS_LOG``), once
    its answer is known (status and size). The size is the body's length, not the bytes sent: a file's body goes to
    the WSGI server whole (``wsgi.file_wrapper``, sent with ``sendfile``), and counting it on the way would copy
    it through Python instead (docs/server.md, "Access log")."""

    def __init__(self, app: WSGIApp, out: LineWriter | None = None) -> None:
        self.app = app
        self.out = out or LineWriter(sys.stdout)

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
            length = header_in(seen.get("headers", ()), "Content-Length")
            size = int(length) if length and length.isdigit() and environ.get("REQUEST_METHOD") != "HEAD" else None
        status = int(str(seen.get("status", "500")).split(" ", 1)[0])
        self.out.write(combined(environ.get("REMOTE_ADDR", "-"), clf_now(int(time.time())),
                             environ.get("REQUEST_METHOD", "-"),
                             request_target(environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")),
                             environ.get("SERVER_PROTOCOL", "HTTP/1.1"), status, size,
                             environ.get("HTTP_REFERER"), environ.get("HTTP_USER_AGENT")))
        return body
