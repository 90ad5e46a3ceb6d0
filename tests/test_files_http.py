"""Files sent as they are (the dumps, the static files) and the documents of one form, over real HTTP (`byregion
serve`): byte ranges, the preconditions of RFC 9110 §13 (412), a ``Vary`` that names only what the answer varies by,
and static files with the headers every file of ours has. The rules themselves: tests/test_conditional_rules.py."""

from __future__ import annotations

import hashlib

import pytest
import requests

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over the site fixture's build

DUMP = "/dumps/byregion.ttl"
FOLDER = REPO_ROOT / "byregion" / "web" / "static"


def get(server: Server, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> requests.Response:
    return requests.request(method, server.url + path, headers={"Accept-Encoding": "identity", **(headers or {})},
                            allow_redirects=False, timeout=30)


def vary(response: requests.Response) -> set[str]:
    return {v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()}


# ------------------------------------------------------------------------------------------------- Vary

@pytest.mark.parametrize(("path", "expected"), [
    ("/robots.txt", {"Host"}),  # names the host; nothing is negotiated
    ("/sitemap.xml", {"Host", "Accept-Encoding"}),  # compressed once the host is in
    ("/source/notodden.txt", {"Accept-Encoding"}),  # kept gzip-compressed: the body varies by Accept-Encoding
    ("/context.jsonld", {"Accept-Encoding"}),
    ("/", {"Accept-Language", "Cookie", "Host", "Accept-Encoding"}),  # the home page: the reader's language
    ("/id/region/notodden", set()),  # the 303 names the same document for every request
    (DUMP, set()), (DUMP + ".gz", set()),  # a .gz dump is a file of its own: no gzip negotiation
    ("/static/style.css", set()),
    ("/doc/region/notodden", {"Accept", "Accept-Profile", "Accept-Language", "Cookie", "Accept-Encoding"}),
])
def test_vary_names_only_what_the_answer_varies_by(server: Server, path: str, expected: set[str]) -> None:
    answers = [get(server, path), get(server, path, {"Accept": "text/turtle", "Accept-Encoding": "gzip"})]
    for answer in answers:
        assert answer.status_code in (200, 303), path
        assert vary(answer) == expected, (path, answer.headers.get("Vary"))
    if "Accept" not in expected and answers[0].status_code == 200:  # and indeed: Accept changes nothing
        assert answers[0].content == requests.get(server.url + path, headers={"Accept": "text/turtle"},
                                                  timeout=30).content


# ----------------------------------------------------------------------------------------- byte ranges

@pytest.fixture(scope="module")
def dump_bytes(site_build: PublishedBuild) -> bytes:
    return site_build.file(DUMP.lstrip("/")).read_bytes()


@pytest.mark.parametrize(("header", "part"), [
    ("bytes=0-99", slice(0, 100)), ("bytes=100-", slice(100, None)), ("bytes=-50", slice(-50, None)),
    ("bytes=10-10", slice(10, 11)), ("bytes=5-99999999999", slice(5, None)),
])
def test_a_dump_answers_one_byte_range_with_206(server: Server, dump_bytes: bytes, header: str, part: slice) -> None:
    answer = get(server, DUMP, {"Range": header})
    expected = dump_bytes[part]
    assert answer.status_code == 206 and answer.content == expected
    start = part.start if part.start >= 0 else len(dump_bytes) + part.start
    assert answer.headers["Content-Range"] == f"bytes {start}-{start + len(expected) - 1}/{len(dump_bytes)}"
    assert int(answer.headers["Content-Length"]) == len(expected)
    whole = get(server, DUMP)
    assert whole.headers["Accept-Ranges"] == "bytes"
    assert answer.headers["ETag"] == whole.headers["ETag"] == f'"{hashlib.sha256(dump_bytes).hexdigest()}"'


def test_an_unsatisfiable_range_is_416_naming_the_length(server: Server, dump_bytes: bytes) -> None:
    for header in (f"bytes={len(dump_bytes)}-", "bytes=-0"):
        answer = get(server, DUMP, {"Range": header})
        assert answer.status_code == 416, header
        assert answer.headers["Content-Range"] == f"bytes */{len(dump_bytes)}"
        assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=9-2", "lines=0-1", "bytes=x-"])
def test_a_range_not_served_gets_the_whole_file(server: Server, dump_bytes: bytes, header: str) -> None:
    answer = get(server, DUMP, {"Range": header})
    assert answer.status_code == 200 and answer.content == dump_bytes and "Content-Range" not in answer.headers


def test_if_range_applies_the_range_only_to_the_same_file(server: Server, dump_bytes: bytes) -> None:
    whole = get(server, DUMP, method="HEAD")
    etag, modified = whole.headers["ETag"], whole.headers["Last-Modified"]
    for condition, status in ((etag, 206), (modified, 206), ('"an-older-dump"', 200), (f"W/{etag}", 200),
                              ("Thu, 01 Jan 2015 00:00:00 GMT", 200)):
        answer = get(server, DUMP, {"Range": "bytes=0-9", "If-Range": condition})
        assert answer.status_code == status, condition
        assert answer.content == (dump_bytes[:10] if status == 206 else dump_bytes)


def test_head_ignores_range_and_a_validator_still_gives_304(server: Server, dump_bytes: bytes) -> None:
    head = get(server, DUMP, {"Range": "bytes=0-9"}, "HEAD")  # Range is defined for GET only (RFC 9110 §14.2)
    assert head.status_code == 200 and int(head.headers["Content-Length"]) == len(dump_bytes)
    etag = head.headers["ETag"]
    assert get(server, DUMP, {"Range": "bytes=0-9", "If-None-Match": etag}).status_code == 304


def test_a_static_file_answers_ranges_too(server: Server) -> None:
    style = (FOLDER / "style.css").read_bytes()
    answer = get(server, "/static/style.css", {"Range": "bytes=0-15"})
    assert answer.status_code == 206 and answer.content == style[:16]


# ------------------------------------------------------------------------------------------ preconditions

@pytest.mark.parametrize("path", [DUMP, "/static/style.css", "/doc/region/notodden.ttl", "/robots.txt"])
def test_if_match_and_if_unmodified_since_give_412_when_they_fail(server: Server, path: str) -> None:
    first = get(server, path)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert first.status_code == 200
    for headers in ({"If-Match": '"someone-elses"'}, {"If-Match": f"W/{etag}"},
                    {"If-Unmodified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"},
                    {"If-Match": '"someone-elses"', "If-None-Match": etag}):
        refused = get(server, path, headers)
        assert refused.status_code == 412, (path, headers)
        assert refused.headers["Access-Control-Allow-Origin"] == "*" and refused.text.startswith("412 ")
        assert get(server, path, headers, "HEAD").status_code == 412
    for headers in ({"If-Match": etag}, {"If-Match": "*"}, {"If-Match": f'"other", {etag}'},
                    {"If-Unmodified-Since": modified}, {"If-Unmodified-Since": "not a date"},
                    {"If-Match": etag, "If-Unmodified-Since": "Thu, 01 Jan 2015 00:00:00 GMT"}):
        kept = get(server, path, headers)
        assert kept.status_code == 200 and kept.content == first.content, (path, headers)
    assert get(server, path, {"If-Match": etag, "If-None-Match": etag}).status_code == 304


def test_a_missing_file_is_404_whatever_its_preconditions(server: Server) -> None:
    assert get(server, "/dumps/nothing.ttl", {"If-Match": '"x"'}).status_code == 404
    assert get(server, "/doc/region/atlantis", {"If-Match": '"x"'}).status_code == 404


def test_the_preflight_allows_the_validators_and_range(server: Server) -> None:
    allowed = get(server, DUMP, method="OPTIONS").headers["Access-Control-Allow-Headers"]
    assert {"If-Match", "If-Unmodified-Since", "If-Range", "Range"} <= {h.strip() for h in allowed.split(",")}


# ------------------------------------------------------------------------------------------- static files

@pytest.mark.parametrize("path", ["/static/style.css/", "/static/sparql/", "/static/sparql", "/static/favicon.svg/",
                                  "/static/nothing.css", "/static/.hidden"])
def test_a_static_url_that_names_no_file_is_404(server: Server, path: str) -> None:
    answer = get(server, path)
    assert answer.status_code == 404, path
    assert b"body {" not in answer.content  # not the stylesheet under a second URL


@pytest.mark.parametrize(("name", "content_type"), [("style.css", "text/css; charset=utf-8"),
                                                    ("favicon.svg", "image/svg+xml"),
                                                    ("sparql/editor.js", "text/javascript; charset=utf-8")])
def test_a_static_file_has_the_headers_of_every_file_of_ours(server: Server, name: str, content_type: str) -> None:
    """What docs/server.md says of every answer: CORS, ``Cache-Control: public, max-age=300`` and a strong ETag that
    is a hash of the content (werkzeug's was the file's time and size, and ``no-cache``)."""
    body = (FOLDER / name).read_bytes()
    answer = get(server, "/static/" + name)
    assert answer.status_code == 200 and answer.content == body
    headers = answer.headers
    assert headers["Content-Type"] == content_type
    assert headers["Access-Control-Allow-Origin"] == "*" and "ETag" in headers["Access-Control-Expose-Headers"]
    assert headers["Cache-Control"] == "public, max-age=300"
    assert headers["ETag"] == '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    assert headers["Last-Modified"] and "Content-Disposition" not in headers and "Vary" not in headers
    again = get(server, "/static/" + name, {"If-None-Match": headers["ETag"]})
    assert again.status_code == 304 and again.headers["ETag"] == headers["ETag"]
    assert get(server, "/static/" + name, {"If-Modified-Since": headers["Last-Modified"]}).status_code == 304
    head = get(server, "/static/" + name, method="HEAD")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["Content-Length"]) == len(body)
