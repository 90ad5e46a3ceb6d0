"""The rules of conditional requests, byte ranges and ``Vary`` as pure functions (``byregion/serve/rules.py``, the
one place that decides them): RFC 9110 §13 (preconditions, in §13.2.2's order) and §14 (ranges). The same rules over
real HTTP: tests/test_files_http.py."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from byregion.serve import rules
from byregion.serve.files import static_type
from byregion.serve.rules import UNSATISFIABLE, Request, byte_range, file_answer, if_range_holds, preconditions

pytestmark = pytest.mark.fast

ETAG = '"abc"'
MODIFIED = datetime(2026, 12, 1, 12, 0, 0, tzinfo=UTC)
AT = "Tue, 01 Dec 2026 12:00:00 GMT"
BEFORE = "Tue, 01 Dec 2026 11:59:59 GMT"
AFTER = "Wed, 02 Dec 2026 00:00:00 GMT"


def request(headers: dict[str, str] | None = None, method: str = "GET") -> Request:
    return Request(method, "/dumps/byregion.ttl", {}, {k.lower(): v for k, v in (headers or {}).items()})


@pytest.mark.parametrize(("headers", "expected"), [
    ({}, None),
    ({"If-Match": ETAG}, None), ({"If-Match": "*"}, None), ({"If-Match": f'"other", {ETAG}'}, None),
    ({"If-Match": '"other"'}, 412), ({"If-Match": f"W/{ETAG}"}, 412),  # the strong comparison: a weak tag never
    ({"If-Match": ""}, 412), ({"If-Match": "garbage"}, 412),
    ({"If-Unmodified-Since": AT}, None), ({"If-Unmodified-Since": AFTER}, None),
    ({"If-Unmodified-Since": BEFORE}, 412),
    ({"If-Unmodified-Since": "yesterday"}, None),  # not an HTTP-date: ignored (§13.1.4)
    ({"If-Match": ETAG, "If-Unmodified-Since": BEFORE}, None),  # If-Match decides; the date is not read (§13.2.2)
    ({"If-Match": '"other"', "If-None-Match": ETAG}, 412),  # step 1 before step 3
    ({"If-None-Match": ETAG}, 304), ({"If-None-Match": f"W/{ETAG}"}, 304), ({"If-Modified-Since": AT}, 304),
    ({"If-None-Match": '"other"', "If-Modified-Since": AT}, None),  # If-None-Match wins over the date
])
def test_the_preconditions_in_their_order(headers: dict[str, str], expected: int | None) -> None:
    assert preconditions(request(headers), ETAG, MODIFIED) == expected


@pytest.mark.parametrize(("headers", "expected"), [
    ({"If-None-Match": ETAG}, 412), ({"If-None-Match": "*"}, 412),  # step 3: a match is 412 for other methods
    ({"If-None-Match": '"other"'}, None),
    ({"If-Modified-Since": AT}, None), ({"If-Modified-Since": AFTER}, None),  # step 4 is for GET and HEAD alone
    ({"If-Match": '"other"', "If-None-Match": '"other"'}, 412),
])
def test_a_method_other_than_get_and_head_reads_no_if_modified_since(headers: dict[str, str],
                                                                       expected: int | None) -> None:
    assert preconditions(request(headers, method="POST"), ETAG, MODIFIED) == expected


def test_without_a_date_if_unmodified_since_is_ignored() -> None:
    assert preconditions(request({"If-Unmodified-Since": BEFORE}), ETAG, None) is None


@pytest.mark.parametrize(("header", "expected"), [
    (None, None), ("", None),
    ("bytes=0-9", (0, 10)), ("bytes=10-", (10, 100)), ("bytes=-10", (90, 100)), ("bytes=-1000", (0, 100)),
    ("bytes=99-99", (99, 100)), ("bytes=90-1000", (90, 100)), ("BYTES=0-0", (0, 1)), ("bytes= 5-6 ", (5, 7)),
    ("bytes=0009-0010", (9, 11)),
    ("bytes=100-", UNSATISFIABLE), ("bytes=100-200", UNSATISFIABLE), ("bytes=-0", UNSATISFIABLE),
    ("bytes=" + "9" * 5000 + "-", UNSATISFIABLE),  # a position of thousands of digits is past the end
    ("bytes=5-4", None), ("bytes=-", None), ("bytes=0-1,5-6", None),  # malformed or several: the whole file
    ("items=0-9", None), ("bytes 0-9", None), ("bytes=a-b", None),
])
def test_a_byte_range_is_one_range_of_bytes(header: str | None, expected: tuple[int, int] | None) -> None:
    assert byte_range(header, 100) == expected


def test_an_empty_file_has_no_satisfiable_range() -> None:
    assert byte_range("bytes=0-", 0) == UNSATISFIABLE and byte_range("bytes=-5", 0) == UNSATISFIABLE


@pytest.mark.parametrize(("condition", "holds"), [
    (None, True), (ETAG, True), ('"other"', False), (f"W/{ETAG}", False), (AT, True), (BEFORE, False),
    (AFTER, False),  # a date is an exact match or no match
    ("garbage", False),
])
def test_if_range_holds_for_the_strong_etag_or_the_exact_date(condition: str | None, holds: bool) -> None:
    headers = {"Range": "bytes=0-1", **({"If-Range": condition} if condition is not None else {})}
    assert if_range_holds(request(headers), ETAG, MODIFIED) is holds


def answer(headers: dict[str, str] | None = None, method: str = "GET") -> rules.FileAnswer:
    return file_answer(request(headers, method), "text/turtle; charset=utf-8", 100, etag=ETAG, modified=MODIFIED)


def test_a_file_answer_names_no_vary_and_offers_ranges() -> None:
    whole = answer()
    assert (whole.status, whole.span) == (200, (0, 100))
    names = {k.lower(): v for k, v in whole.headers}
    assert "vary" not in names  # nothing is negotiated: a .gz dump is a file of its own
    assert names["accept-ranges"] == "bytes" and names["content-length"] == "100" and names["etag"] == ETAG
    assert names["cache-control"] == "public, max-age=300" and names["access-control-allow-origin"] == "*"


def test_a_file_answer_sends_the_range_asked_for() -> None:
    part = answer({"Range": "bytes=10-19"})
    assert (part.status, part.span) == (206, (10, 20))
    assert ("Content-Range", "bytes 10-19/100") in part.headers and ("Content-Length", "10") in part.headers
    refused = answer({"Range": "bytes=100-"})
    assert refused.status == 416 and ("Content-Range", "bytes */100") in refused.headers and refused.span is None
    assert answer({"Range": "bytes=10-19", "If-Range": '"old"'}).status == 200  # changed since: the whole file
    assert answer({"Range": "bytes=10-19"}, "HEAD").status == 200  # Range is GET's only (RFC 9110 §14.2)
    assert answer({"Range": "bytes=10-19", "If-None-Match": ETAG}).status == 304  # 304 before the range


def test_a_file_answer_refuses_a_failed_precondition_with_412() -> None:
    failed = answer({"If-Match": '"other"'})
    assert failed.status == 412 and failed.span is None and failed.text.startswith(b"412 Precondition Failed")
    assert answer({"If-Unmodified-Since": BEFORE}).status == 412
    assert answer({"If-Match": ETAG, "Range": "bytes=0-0"}).status == 206


def test_a_document_refuses_a_failed_precondition_with_412() -> None:
    headers = [("Content-Type", "text/turtle; charset=utf-8"), ("Vary", "Accept")]
    finished = rules.finish(request({"If-Match": '"other"'}), 200, headers, b"x", etag=ETAG, modified=MODIFIED)
    assert finished.status == 412 and finished.header("Vary") == "Accept"
    kept = rules.finish(request({"If-Match": ETAG}), 200, headers, b"x", etag=ETAG, modified=MODIFIED)
    assert kept.status == 200 and kept.body == b"x"
    missing = rules.finish(request({"If-Match": '"other"'}), 404, headers, b"x", etag=ETAG, modified=MODIFIED)
    assert missing.status == 404  # only what would be a 200 is conditional


@pytest.mark.parametrize(("html", "vary"), [(True, (("Vary", "Accept-Language, Cookie"),)), (False, ())])
def test_a_document_of_one_form_varies_by_the_language_of_a_page_alone(html: bool, vary: tuple[object, ...]) -> None:
    assert rules.single_vary(html) == vary


@pytest.mark.parametrize(("name", "content_type"), [
    ("style.css", "text/css; charset=utf-8"), ("favicon.svg", "image/svg+xml"),
    ("sparql/editor.js", "text/javascript; charset=utf-8"),
    ("style.css/", None), ("sparql/", None), ("sparql", None), ("../app.py", None), ("./style.css", None),
    (".hidden.css", None), ("style.exe", None), ("a//style.css", None), ("", None), ("style%2ecss", None),
])
def test_a_static_url_names_a_file_of_a_known_type_or_nothing(name: str, content_type: str | None) -> None:
    assert static_type(name) == content_type


@pytest.mark.parametrize(("raw", "expected"), [
    ("_mediatype=%C3%A5", {"_mediatype": "å"}),  # UTF-8 escapes (RFC 3986 §2.5)
    ("q=Bl%C3%A5b%C3%A6r+og+%F0%9F%98%80", {"q": "Blåbær og 😀"}),
    ("_mediatype=%E5", {"_mediatype": "å"}),  # not UTF-8: the byte as Latin-1
    ("a=%C3%A5&b=%E5", {"a": "Ã¥", "b": "å"}),  # one escape not UTF-8: the whole query as Latin-1
    ("a=%C0%AF", {"a": "À¯"}), ("a=%ED%A0%80", {"a": "í\xa0\x80"}), ("a=%F4%90%80%80", {"a": "ô\x90\x80\x80"}),
    ("a=%C3", {"a": "Ã"}),  # overlong, a surrogate, above U+10FFFF, cut short: none is UTF-8
    ("lang=en&lang=nb&x", {"lang": "en", "x": ""}),  # the first value of a name; a name alone is empty
    ("a=%2B+%zz%", {"a": "+ %zz%"}),
    # bytes sent unescaped, as WSGI hands them over (one character each): UTF-8 as if escaped, else Latin-1
    ("_mediatype=\u00c3\u00a5", {"_mediatype": "å"}), ("a=\u00e5", {"a": "å"}),
    ("a=\u00c3\u00a5&b=%E5", {"a": "Ã¥", "b": "å"}), ("a=\u20ac", {"a": "€"}),
])
def test_a_query_is_read_as_utf_8_or_else_as_latin_1(raw: str, expected: dict[str, str]) -> None:
    assert rules.query_of(raw) == expected


def test_an_answer_that_sets_the_language_cookie_is_kept_by_browsers_only() -> None:
    """A shared cache that kept ``?lang=en``'s answer would hand its ``Set-Cookie`` to every reader after (RFC 9111
    §3: a response with Set-Cookie may be stored unless it says otherwise); a browser may keep it as any page."""
    cookie = ("Set-Cookie", "lang=en; Max-Age=31536000; Path=/; SameSite=Lax")
    chosen = rules.finish(request(), 200, [("Content-Type", "text/html"), cookie], b"<p>", etag='"x"', modified=None)
    plain = rules.finish(request(), 200, [("Content-Type", "text/html")], b"<p>", etag='"x"', modified=None)
    assert chosen.header("Cache-Control") == "private, max-age=300"
    assert plain.header("Cache-Control") == "public, max-age=300"


def test_a_404_is_cached_once_and_privately_where_it_sets_a_cookie() -> None:
    """rules.finish gives a 404 or 410 the documents' Cache-Control (ERROR_CACHE); one with an ETag gets the one
    cache_of gives, not both, and one setting the language cookie stays out of shared caches (a diff review)."""
    def cache(status: int, headers: list[tuple[str, str]], etag: str | None) -> list[str]:
        answer = rules.finish(request(), status, [("Content-Type", "text/plain"), *headers], b"x", etag=etag,
                              modified=None)
        return [value for name, value in answer.headers if name == "Cache-Control"]
    assert cache(404, [], None) == [rules.ERROR_CACHE[1]] == cache(410, [], None)
    assert cache(404, [], '"e"') == [rules.CACHE[1]]
    assert cache(404, [("Set-Cookie", "lang=en")], None) == [rules.PRIVATE_CACHE[1]]
    assert cache(400, [], None) == []
    preview = rules.reconcile_headers("POST", 404, framable=False, names_host=False)
    assert "Cache-Control" not in dict(preview)  # a POST's answer says nothing of caching, as its 200 does not
