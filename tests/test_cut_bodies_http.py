"""A request body that ends before its ``Content-Length``: the client closed its side part way (or a proxy cut the
upload). The part is another request, which must not be answered as if it were the one sent (RFC 9112 §6.3, item 5,
and §8): 86 of 87 bytes of a query read ``LIMIT 10`` where ``LIMIT 100`` was sent, and the app ran it and said
200 (a review of the wire). Both services that take a body refuse it with a 400 that says what happened."""

from __future__ import annotations

import json
import socket

import pytest

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve`

QUERY = b"SELECT ?s WHERE { ?s a <https://data.byregion.no/def/byregion#Municipality> } LIMIT 100"


def cut(server: Server, path: str, content_type: str, body: bytes, short_by: int = 1) -> tuple[int, bytes]:
    """POST ``body`` announcing its whole length, send all of it but ``short_by`` bytes, close the sending side if
    it was cut, and read the answer."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/sparql-results+json\r\n"
                     f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                     "Connection: close\r\n\r\n".encode()
                     + body[:len(body) - short_by])
        if short_by:
            sock.shutdown(socket.SHUT_WR)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, answer = b"".join(chunks).partition(b"\r\n\r\n")
    return int(head.split()[1]), answer


@pytest.mark.parametrize(("content_type", "body"), [
    ("application/sparql-query", QUERY),
    ("application/x-www-form-urlencoded", b"query=" + QUERY.replace(b" ", b"+")),
])
def test_a_query_cut_short_is_refused_not_run(server: Server, content_type: str, body: bytes) -> None:
    status, answer = cut(server, "/sparql", content_type, body)
    assert status == 400, answer
    text = answer.decode()
    assert f"after {len(body) - 1} of the {len(body)} bytes its Content-Length announced" in text
    assert "send the whole body again" in text and "boolean" not in text and "bindings" not in text


def test_the_whole_query_is_answered(server: Server) -> None:
    status, answer = cut(server, "/sparql", "application/sparql-query", QUERY, short_by=0)
    assert status == 200 and "bindings" in json.loads(answer)["results"]


def test_a_reconciliation_batch_cut_short_is_refused(server: Server) -> None:
    queries = json.dumps({"q0": {"query": "Notodden"}}).encode()
    body = b"queries=" + queries.replace(b" ", b"+")
    status, answer = cut(server, "/reconcile", "application/x-www-form-urlencoded", body, short_by=3)
    assert status == 400, answer
    assert f"after {len(body) - 3} of the {len(body)} bytes" in answer.decode()
