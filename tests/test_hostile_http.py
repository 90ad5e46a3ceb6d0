"""Hostile HTTP input never gives a 5xx or a traceback: property-based tests (hypothesis) against the real
server (`byregion serve`), with requests written byte for byte on a socket, so that nothing a client library
would clean up (invalid UTF-8, ``%00``, ``..``, huge segments, broken headers) is cleaned up."""

from __future__ import annotations

import socket
import time
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve`, a few hundred requests per property

#: Examples per property; each is one request (a few ms), so a property takes seconds.
EXAMPLES = 200
PROPERTY = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
LEAKS = (b"Traceback", b'File "', b"Error:", b"werkzeug", b"jinja2")


@dataclass(frozen=True)
class Raw:
    status: int
    head: bytes
    body: bytes


def send(server: Server, request: bytes, *, timeout: float = 30.0) -> Raw:
    """Write ``request`` as it is and read the whole answer (the request asks the server to close)."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    data = b"".join(chunks)
    head, _, body = data.partition(b"\r\n\r\n")
    status_line = head.split(b"\r\n", 1)[0]
    assert status_line.startswith(b"HTTP/1."), f"no HTTP answer to {request[:200]!r}: {data[:200]!r}"
    return Raw(int(status_line.split()[1]), head, body)


def request(method: str, target: bytes, headers: Sequence[tuple[bytes, bytes]] = (), body: bytes = b"") -> bytes:
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close",
             *(name + b": " + value for name, value in headers)]
    if body or method == "POST":
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def no_failure(answer: Raw, what: bytes) -> None:
    assert answer.status < 500, f"{answer.status} for {what[:300]!r}: {answer.body[:300]!r}"
    for leak in LEAKS:
        assert leak not in answer.body, f"{leak!r} in the answer to {what[:300]!r}"


# ------------------------------------------------------------------------------------------- paths

HOSTILE_SEGMENTS = ["..", ".", "%2e%2e", "%2f", "%2F", "%00", "%ff%fe", "%c0%ae", "%e2%80%ae", "%", "%zz", ";x=1",
                    "\\", "~", "doc", "id", "def", "region", "notodden", "sparql", "static", "dumps", ".well-known",
                    "byregion.ttl", "style.css", "etc", "passwd", "..%2f..%2fetc%2fpasswd", "a" * 10_000,
                    "notodden.ttl", "notodden.exe", "NOTODDEN", "region.", "index.html", "_errors"]
raw_bytes = st.binary(min_size=1, max_size=40).map(lambda b: bytes(c for c in b if c > 0x20 and c not in b"?#\x7f"))
segment = st.one_of(st.sampled_from(HOSTILE_SEGMENTS).map(str.encode),
                    st.text(max_size=30).map(lambda t: quote(t, safe="").encode()),
                    raw_bytes)
paths = st.lists(segment, min_size=1, max_size=6).map(lambda parts: b"/" + b"/".join(parts))


@PROPERTY
@given(path=paths, method=st.sampled_from(["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE"]))
def test_hostile_paths(server: Server, path: bytes, method: str) -> None:
    no_failure(send(server, request(method, path)), path)


# ----------------------------------------------------------------------------------------- headers

header_text = st.one_of(
    st.sampled_from(["*/*", "text/turtle;q=0.5", "text/html;q=abc", ";;;", ",,,", "q=", "*;q=1e999", "en-", "*-*",
                     "nb;q=-1", "text/*;q=0.5, */*;q=0.1, application/ld+json;q=1.0000001", "a" * 10_000,
                     "\u00e6\u00f8\u00e5", 'profile="http://example.org/"', "W/\"x\", *", "Thu, 31 Feb 2015 25:61"]),
    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0xFF, exclude_characters="\x7f"),
            max_size=200),
).map(lambda value: value.encode("latin-1", "replace"))
HEADER_NAMES = [b"Accept", b"Accept-Language", b"Accept-Profile", b"Accept-Encoding", b"Cookie", b"If-None-Match",
                b"If-Modified-Since", b"Content-Type", b"Range", b"Host-Extra", b"X-Forwarded-For"]
PAGES = [b"/", b"/doc/region/notodden", b"/id/region/notodden", b"/def/byregion", b"/catalog", b"/context.jsonld",
         b"/sparql", b"/sparql?query=ASK%20%7B%7D", b"/dumps/byregion.ttl", b"/static/style.css", b"/health",
         b"/doc/region/atlantis", b"/.well-known/void"]


@PROPERTY
@given(target=st.sampled_from(PAGES),
       headers=st.lists(st.tuples(st.sampled_from(HEADER_NAMES), header_text), min_size=1, max_size=5))
def test_hostile_headers(server: Server, target: bytes, headers: list[tuple[bytes, bytes]]) -> None:
    no_failure(send(server, request("GET", target, headers)), target + repr(headers).encode())


# -------------------------------------------------------------------------------- query parameters

KEYS = ["_mediatype", "lang", "query", "format", "default-graph-uri", "named-graph-uri", "update", "x"]
VALUES = ["ttl", "text/turtle", "html", "en", "nb", "xx", "", "ASK {}", "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
          "DESCRIBE <https://data.byregion.no/id/region/notodden>", "LOAD <http://example.org/>",
          "SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }", "INSERT DATA { <a:b> <a:c> <a:d> }", "json",
          "%ff", "\u00e6"]
param = st.tuples(st.one_of(st.sampled_from(KEYS), st.text(max_size=10)),
                  st.one_of(st.sampled_from(VALUES), st.text(max_size=60)))


def encode_query(pairs: list[tuple[str, str]], raw: bytes) -> bytes:
    return b"&".join(quote(k, safe="").encode() + b"=" + quote(v, safe="").encode() for k, v in pairs) + raw


@PROPERTY
@given(target=st.sampled_from([b"/", b"/doc/region/notodden", b"/id/region/notodden", b"/sparql", b"/catalog",
                               b"/health", b"/openapi.json", b"/dumps/byregion.ttl"]),
       pairs=st.lists(param, max_size=4),
       raw=st.sampled_from([b"", b"&%", b"&query=%ff%fe", b"&&&=", b"&lang", b"&query=%00", b";a=b"]))
def test_hostile_query_parameters(server: Server, target: bytes, pairs: list[tuple[str, str]], raw: bytes) -> None:
    full = target + b"?" + encode_query(pairs, raw)
    no_failure(send(server, request("GET", full, [(b"Accept", b"*/*")])), full)


# ------------------------------------------------------------------------------------------ bodies

CONTENT_TYPES = [b"application/x-www-form-urlencoded", b"application/sparql-query", b"application/sparql-update",
                 b"application/json", b"multipart/form-data; boundary=x", b"text/plain", b"",
                 b"application/x-www-form-urlencoded; charset=latin-1", b"application/sparql-query; charset=utf-16"]
bodies = st.one_of(
    st.binary(max_size=2000),
    st.sampled_from([b"query=SELECT%20*%20WHERE%20%7B", b"query=", b"query=%", b"query=ASK%20%7B%7D&query=ASK%20%7B%7D",
                     b"update=DROP%20ALL", b"query=ASK%20%7B%7D&default-graph-uri=%ff", b"ASK {",
                     b"\xff\xfe\x00A\x00S\x00K",
                     b"--x\r\nContent-Disposition: form-data; name=query\r\n\r\nASK {}\r\n"]),
)


@PROPERTY
@given(target=st.sampled_from([b"/sparql", b"/sparql?query=ASK%20%7B%7D", b"/doc/region/notodden", b"/",
                               b"/dumps/byregion.ttl", b"/health"]),
       content_type=st.sampled_from(CONTENT_TYPES), body=bodies,
       accept=st.sampled_from([b"application/sparql-results+json", b"text/html", b"*/*", b"image/png"]))
def test_hostile_bodies(server: Server, target: bytes, content_type: bytes, body: bytes, accept: bytes) -> None:
    headers = [(b"Accept", accept)] + ([(b"Content-Type", content_type)] if content_type else [])
    no_failure(send(server, request("POST", target, headers, body)), target + content_type + body[:100])


# ------------------------------------------------------------------------------- large and cut bodies

@pytest.mark.parametrize("target", [b"/sparql", b"/doc/region/notodden", b"/dumps/byregion.ttl"])
def test_a_large_body_is_refused_before_it_is_sent(server: Server, target: bytes) -> None:
    """A 60 MB body announced but not sent: the answer (413 for the endpoint, 405 elsewhere) comes at once."""
    head = request("POST", target, [(b"Content-Type", b"application/x-www-form-urlencoded")])
    head = head.replace(b"Content-Length: 0", b"Content-Length: " + str(60 * 1024 * 1024).encode())
    started = time.monotonic()
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head + b"query=" + b"x" * 1000)
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413" if target == b"/sparql" else b"HTTP/1.1 405"), answer[:200]
    assert time.monotonic() - started < 5


def test_a_body_cut_short_is_not_a_failure(server: Server) -> None:
    """A form announced longer than what arrives before the client stops sending."""
    port = int(server.url.rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccept: application/sparql-results+json"
                     b"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 500\r\n\r\nquery=ASK%20")
        sock.shutdown(socket.SHUT_WR)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    if answer:  # the server may also just close the connection: nothing was asked in full
        status = int(answer.split(b" ", 2)[1])
        assert status < 500, answer[:300]
        assert b"Traceback" not in answer


@pytest.mark.parametrize("host", [b"a<b", b"x</script><script>alert(1)</script>", b"example.org, evil.example",
                                  b"a&b", b"a b", b"exa\"mple.org", b"[::1", b"example.org:80:80", b"a..b",
                                  b".example.org", b"example.org:65536", b"127.0.0.1:99999"])
@pytest.mark.parametrize("target", [b"/sitemap.xml", b"/", b"/doc/region/notodden", b"/sparql", b"/nowhere"])
def test_a_host_that_is_not_one_is_400_and_never_written_into_a_document(server: Server, host: bytes,
                                                                         target: bytes) -> None:
    """The documents name the request's host in their links; a Host that is not a host name, an address or an
    IPv6 literal with a port is refused (RFC 9112 §3.2), so it cannot break a page or the sitemap."""
    answer = send(server, b"GET " + target + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
    assert answer.status == 400, (host, target)
    assert host not in answer.body


@pytest.mark.parametrize("host", [b"example.org", b"localhost:8080", b"127.0.0.1", b"[::1]:8080", b"my_host.local",
                                  b"example.org:", b"example.org.", b"example.org:65535", b"example.org:80"])
def test_a_real_host_names_the_links_of_the_sitemap(server: Server, host: bytes) -> None:
    """The links name the host as the request did, without an empty port or the scheme's default one (RFC 3986
    §6.2.3: ``example.org:`` and ``example.org:80`` are ``example.org``)."""
    answer = send(server, b"GET /sitemap.xml HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n")
    written = host.removesuffix(b":").removesuffix(b":80")
    assert answer.status == 200 and b"<loc>http://" + written + b"/" in answer.body


def test_http_1_1_without_host_is_400_and_http_1_0_is_answered(server: Server) -> None:
    assert send(server, b"GET /robots.txt HTTP/1.1\r\nConnection: close\r\n\r\n").status == 400
    assert send(server, b"GET /robots.txt HTTP/1.0\r\n\r\n").status == 200
