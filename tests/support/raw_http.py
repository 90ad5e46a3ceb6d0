"""Requests sent byte for byte, as no HTTP client library sends them (raw UTF-8 in the target, for one)."""

from __future__ import annotations

import socket
from urllib.parse import urlsplit


def status_and_location(base: str, target: bytes, host: bytes = b"localhost") -> tuple[int, bytes]:
    """The status and ``Location`` of ``GET target`` sent to ``base`` exactly as given."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = conn.recv(4096)
            if not chunk:
                break
            head += chunk
    lines = head.split(b"\r\n\r\n")[0].split(b"\r\n")
    location = next((line.split(b":", 1)[1].strip() for line in lines[1:] if line.lower().startswith(b"location:")),
                    b"")
    return int(lines[0].split()[1]), location
