"""A tiny WSGI cache in front of Flask for representations that are already rendered.

Representations never change while a process serves one build, so a complete response (status,
headers, body) can be replayed without entering Flask at all. The view marks a response as
replayable by setting ``environ[CACHEABLE]``; the key is everything the response depends on
(path, query, Host, Accept, Accept-Language and the ``lang`` cookie; the home page names the host). If-None-Match is
answered here (304); If-Modified-Since goes through Flask. Bounded, oldest entries dropped first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

CACHEABLE = "byregion.cacheable"
_LANG_COOKIE = re.compile(r"(?:^|;\s*)lang=([A-Za-z-]{1,8})")
_KEEP_ON_304 = {"etag", "vary", "cache-control", "content-location", "last-modified", "link",
                "access-control-allow-origin"}

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class FastPath:
    def __init__(self, app: WSGIApp, max_entries: int) -> None:
        self.app = app
        self.max_entries = max_entries
        self.entries: dict[tuple[str, ...], tuple[str, list[tuple[str, str]], bytes, str]] = {}

    @staticmethod
    def key(environ: dict[str, Any]) -> tuple[str, ...]:
        cookie = _LANG_COOKIE.search(environ.get("HTTP_COOKIE", ""))
        return (environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", ""), environ.get("HTTP_HOST", ""),
                environ.get("HTTP_ACCEPT", ""), environ.get("HTTP_ACCEPT_LANGUAGE", ""),
                cookie.group(1) if cookie else "")

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD") or environ.get("HTTP_IF_MODIFIED_SINCE") or self.max_entries <= 0:
            return self.app(environ, start_response)
        key = self.key(environ)
        hit = self.entries.get(key)
        if hit is not None:
            status, headers, body, etag = hit
            wanted = environ.get("HTTP_IF_NONE_MATCH")
            if wanted and (wanted.strip() == "*" or etag in [t.strip() for t in wanted.split(",")]):
                start_response("304 Not Modified", [(k, v) for k, v in headers if k.lower() in _KEEP_ON_304])
                return []
            start_response(status, headers)
            return [] if method == "HEAD" else [body]
        if method == "HEAD" or environ.get("HTTP_IF_NONE_MATCH"):
            return self.app(environ, start_response)
        captured: dict[str, Any] = {}

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            captured["status"], captured["headers"] = status, headers
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        chunks = self.app(environ, capture)
        if not environ.get(CACHEABLE):
            return chunks
        try:
            body = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
        headers = captured["headers"]
        if not any(k.lower() == "set-cookie" for k, _ in headers):
            if len(self.entries) >= self.max_entries:
                self.entries.pop(next(iter(self.entries)))
            etag = next((v for k, v in headers if k.lower() == "etag"), "")
            self.entries[key] = (captured["status"], headers, body, etag)
        return [body]
