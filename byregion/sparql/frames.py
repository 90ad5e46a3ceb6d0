"""The frames a query process and the web process exchange over their socket pair: raw bytes, not pickles.

A job goes as one length-prefixed JSON array; the answer comes back as a fixed header (status, truncated,
rows, length) and the serialised bytes. The hop costs two context switches and one copy of the result.

Each side reads a frame with :func:`recv_frame`: one read for the header and a short body together (the other
side sends each frame with one ``sendall`` and then waits, so a read never takes part of the next frame). Reading
the header and the body apart cost each query two more system calls on each side and, on the web side's socket
with a timeout, a ``poll`` and a change of the timeout before each.
"""

from __future__ import annotations

import json
import socket
import struct
import time
from typing import Any

from byregion.mediatypes import SPARQL_JSON
from byregion.sparql import Refused
from byregion.sparql.execute import Job, Result

JOB = struct.Struct("!I")  # length of the JSON job that follows
ANSWER = struct.Struct("!c?qQ")  # b"o" ok / b"e" error, truncated, rows, length of the body that follows
#: What a query process sends once it has opened the store and answered :data:`WARM_UP`.
READY = b"ready\n"
#: Run by each query process before it reports ready: reads the store and loads the query and serialiser paths.
WARM_UP = Job("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "SELECT", SPARQL_JSON.name, 1)


def encode_job(job: Job) -> bytes:
    fields = [job.query, job.form, job.media_type, job.max_rows, job.default_graphs, job.named_graphs, job.limit,
              job.max_bytes, job.base_iri]
    payload = json.dumps(fields, ensure_ascii=False).encode("utf-8")
    return JOB.pack(len(payload)) + payload


def decode_job(payload: bytes) -> Job:
    query, form, media_type, max_rows, default_graphs, named_graphs, limit, max_bytes, base_iri = json.loads(payload)
    return Job(query, form, media_type, max_rows, tuple(default_graphs), tuple(named_graphs), limit, max_bytes,
               base_iri)


def encode_answer(result: Result | Refused) -> bytes:
    if isinstance(result, Refused):
        body = f"{type(result).__name__}\n{result.message}".encode()
        return ANSWER.pack(b"e", False, 0, len(body)) + body
    return ANSWER.pack(b"o", result.truncated, result.rows, len(result.body)) + result.body


#: Bytes asked of the socket by the first read of a frame: a job, and most answers, whole.
FIRST_READ = 65536


def recv_frame(sock: socket.socket, header: struct.Struct, deadline: float | None = None
               ) -> tuple[tuple[Any, ...], bytes]:
    """A frame from ``sock``: the fields of ``header`` (whose last is the length of the body) and the body;
    :class:`TimeoutError` after ``deadline``, :class:`EOFError` if the socket closes first."""
    data = _recv_some(sock, FIRST_READ, deadline)
    while len(data) < header.size:
        data += _recv_some(sock, FIRST_READ, deadline)
    fields = header.unpack_from(data)
    end = header.size + fields[-1]
    if len(data) >= end:
        return fields, data[header.size:end]
    return fields, data[header.size:] + recv_exact(sock, end - len(data), deadline)


def _recv_some(sock: socket.socket, most: int, deadline: float | None) -> bytes:
    """At least one and at most ``most`` bytes from ``sock``: what one read gives."""
    if deadline is not None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError
        sock.settimeout(remaining)
    data = sock.recv(most)
    if not data:
        raise EOFError
    return data


def recv_exact(sock: socket.socket, size: int, deadline: float | None = None) -> bytes:
    """``size`` bytes from ``sock``; :class:`TimeoutError` after ``deadline``, :class:`EOFError` if it closes."""
    buffer = bytearray(size)
    view = memoryview(buffer)
    got = 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError
            sock.settimeout(remaining)
        count = sock.recv_into(view[got:])
        if count == 0:
            raise EOFError
        got += count
    return bytes(buffer)
