"""Problem details (RFC 9457) as :mod:`byregion.serve.problems` makes them: when a client has asked for JSON, what
``detail`` says, which headers stay, and what is left as it is."""

from __future__ import annotations

import gzip
import json

import pytest

from byregion.serve.problems import as_problem, detail_of, json_only, problem, wants_problem

pytestmark = pytest.mark.fast

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(("accept", "wanted"), [
    (None, False), ("", False), ("*/*", False), ("application/json", True), (PROBLEM, True),
    ("application/*", True), ("text/plain, application/json", False), ("application/json, text/plain;q=0.9", True),
    ("text/html, application/json", False), ("application/ld+json", False), ("application/json;q=0", False),
    ("application/sparql-results+json, */*;q=0.1", False), ("this is ;;; json", False),
    ("APPLICATION/JSON", True), (f"{PROBLEM};q=0, application/json", False),
])
def test_json_must_be_preferred_to_text_and_pages(accept: str | None, wanted: bool) -> None:
    assert wants_problem(accept) is wanted


def test_the_detail_is_the_sentence_without_its_status_line() -> None:
    assert detail_of("405 Method Not Allowed: documents answer GET.\n") == "documents answer GET."
    assert detail_of("400 Ugyldig forespørsel: '99x' er ikke …\n") == "'99x' er ikke …"
    assert detail_of("URL longer than 8 characters\n") == "URL longer than 8 characters"
    assert detail_of("406 Not Acceptable: x.\nThis document is available as:\n  a\n") == (
        "x.\nThis document is available as:\n  a")


def test_a_compressed_refusal_is_read_before_it_is_turned() -> None:
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Encoding", "gzip"), ("ETag", '"x"'),
               ("Content-Language", "nb"), ("Vary", "Accept-Encoding")]
    turned = as_problem(404, headers, gzip.compress(b"404 Ikke funnet: ingen slik kode\n"))
    assert turned is not None
    kept, body = turned
    assert json.loads(body) == {"type": "about:blank", "title": "Not Found", "status": 404,
                                "detail": "ingen slik kode"}
    names = dict(kept)
    assert names["Content-Type"] == PROBLEM and names["Content-Language"] == "nb"
    assert names["Vary"] == "Accept-Encoding, Accept" and "ETag" not in names and "Content-Encoding" not in names
    assert names["Content-Length"] == str(len(body))


def test_answers_that_are_no_errors_or_no_text_stay_as_they_are() -> None:
    assert as_problem(200, [("Content-Type", "text/plain")], b"fine") is None
    assert as_problem(404, [("Content-Type", "text/turtle")], b"# nothing") is None
    assert as_problem(503, [("Content-Type", "application/json")], b"{}") is None


def test_members_follow_the_standard_ones() -> None:
    assert json.loads(problem(400, "d", error="d", query="q")) == {
        "type": "about:blank", "title": "Bad Request", "status": 400, "detail": "d", "error": "d", "query": "q"}


def test_the_json_only_services_and_the_members_their_clients_read() -> None:
    assert json_only("/search.json") == ("error",)
    assert json_only("/reconcile/suggest/entity") == ("message",)
    assert json_only("/search") is None and json_only("/reconciled") is None


@pytest.mark.parametrize(("status", "title"), [(413, "Content Too Large"), (414, "URI Too Long"),
                                               (416, "Range Not Satisfiable"), (404, "Not Found")])
def test_a_title_is_rfc_9110s_phrase_whatever_the_python(status: int, title: str) -> None:
    assert json.loads(problem(status, "d"))["title"] == title


@pytest.mark.parametrize("status", ["504 Gateway Timeout", "200 OK"])
def test_a_head_is_asked_of_the_app_once_as_the_get_it_stands_for(status: str) -> None:
    """The layer (byregion.web.wsgi.Problems) asks the app a HEAD as a GET without its Range, once, and drops the body
    unread: an error's text is there to turn, so the HEAD's Content-Length is the problem details', and a query
    that ran out of time is not run a second time for its text (it had been: 20 s for a HEAD of a 10 s query)."""
    from byregion.web.wsgi import Problems

    asked: list[tuple[str, str | None]] = []
    text = b"504 Gateway Timeout: the query ran longer than 10 s.\n" if status[0] == "5" else b"{}"

    def app(environ: dict[str, object], start_response: object) -> list[bytes]:
        asked.append((str(environ["REQUEST_METHOD"]), environ.get("HTTP_RANGE")))  # type: ignore[arg-type]
        start_response(status, [("Content-Type", "text/plain; charset=utf-8" if status[0] == "5"  # type: ignore
                                 else "application/json"), ("Content-Length", str(len(text)))])
        return [text]

    started: list[tuple[str, list[tuple[str, str]]]] = []
    body = b"".join(Problems(app)({"REQUEST_METHOD": "HEAD", "PATH_INFO": "/sparql", "HTTP_RANGE": "bytes=0-1",
                                   "HTTP_ACCEPT": "application/json"},
                                  lambda s, h, exc_info=None: started.append((s, h))))  # type: ignore[arg-type]
    assert asked == [("GET", None)] and body == b""
    assert started[0][0] == status
    length = dict(started[0][1])["Content-Length"]
    if status[0] == "5":  # the problem details' length, made of the GET's text
        made = as_problem(504, [("Content-Type", "text/plain; charset=utf-8")], text)
        assert made is not None and length == str(len(made[1])) and b"10 s" in made[1], started
    else:
        assert length == str(len(text))
