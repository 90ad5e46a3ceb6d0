"""Errors as problem details (RFC 9457): a client that asks for JSON gets every refusal as
``application/problem+json``, from the app and from the static export under nginx alike; any other client gets
the plain text or page it had, and every such error says in ``Vary`` that it depends on ``Accept``."""

from __future__ import annotations

import json

import pytest
import requests

from byregion.serve.lookups import PROBLEM_TAG, PROBLEM_TITLES
from byregion.serve.problems import detail_of
from byregion.serve.rules import reason
from tests.conftest import Server
from tests.support.servers import Server as Process
from tests.test_static_export import fetch, same_answer

pytestmark = pytest.mark.slow  # `byregion serve` and nginx over a real build

PROBLEM = "application/problem+json"

#: (what, method, path): a refusal of each surface, each a sentence in plain text (or a page) to other clients.
REFUSALS = [
    ("no such document", "GET", "/doc/region/nowhere"),
    ("a format the document lacks", "GET", "/doc/region/notodden?_mediatype=bogus"),
    ("a method documents refuse", "DELETE", "/doc/region/notodden"),
    ("a malformed code", "GET", "/id/kommunenummer/99x"),
    ("a code no unit held", "GET", "/id/kommunenummer/0000"),
    ("a query that is no SPARQL", "GET", "/sparql?query=SELEC"),
    ("an update", "GET", "/sparql?query=DROP%20ALL"),
    ("a URL too long", "GET", "/doc/" + "a" * 9000),
    ("no such file", "GET", "/static/nothing.css"),
    ("a path with an empty segment", "GET", "/static//style.css"),
]


def ask(server: Server, method: str, path: str, accept: str | None) -> requests.Response:
    headers = {"Accept": accept} if accept is not None else {}
    return requests.request(method, server.url + path, headers=headers, allow_redirects=False, timeout=10)


@pytest.mark.parametrize(("what", "method", "path"), REFUSALS, ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("accept", ["application/json", PROBLEM, "text/html;q=0.5, application/json"])
def test_a_client_asking_for_json_gets_the_same_refusal_as_problem_details(
        server: Server, what: str, method: str, path: str, accept: str) -> None:
    plain = ask(server, method, path, "text/plain")
    answer = ask(server, method, path, accept)
    assert answer.status_code == plain.status_code >= 400, what
    assert answer.headers["Content-Type"] == PROBLEM
    body = answer.json()
    assert body["status"] == answer.status_code
    if path.startswith("/id/"):  # a look-up's refusals have kinds of their own, and members (test_lookups_http)
        kind = body["type"].removeprefix(PROBLEM_TAG)
        assert kind in PROBLEM_TITLES and body["title"] == PROBLEM_TITLES[kind], body
    else:
        assert body["type"] == "about:blank" and body["title"] == reason(answer.status_code)
    if plain.headers["Content-Type"].startswith("text/plain"):
        assert body["detail"] == detail_of(plain.text) != ""
        assert not body["detail"].startswith(str(answer.status_code))
    else:  # a page: its English sentence, not the reader's language
        assert body["detail"] and "Content-Language" not in answer.headers
    assert "accept" in [v.strip().lower() for v in answer.headers["Vary"].split(",")]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in answer.headers  # no page
    assert answer.headers["Access-Control-Allow-Origin"] == "*"  # a script reads why it was refused


@pytest.mark.parametrize(("what", "method", "path"), REFUSALS, ids=[r[0] for r in REFUSALS])
@pytest.mark.parametrize("accept", [None, "*/*", "text/plain", "text/html", "application/json;q=0.5, text/plain",
                                    "application/ld+json", "application/sparql-results+json"])
def test_any_other_client_gets_the_text_or_page_it_had(server: Server, what: str, method: str, path: str,
                                                        accept: str | None) -> None:
    answer = ask(server, method, path, accept)
    assert answer.status_code >= 400
    assert not answer.headers["Content-Type"].startswith(PROBLEM), what
    assert "accept" in [v.strip().lower() for v in answer.headers.get("Vary", "").split(",")], what


@pytest.mark.parametrize("path", ["/id/kommunenummer/99x", "/doc/region/nowhere", "/sparql?query=SELEC"])
def test_head_says_the_type_and_length_of_gets_problem_without_a_body(server: Server, path: str) -> None:
    got = requests.get(server.url + path, headers={"Accept": "application/json"}, timeout=10)
    answer = requests.head(server.url + path, headers={"Accept": "application/json"}, timeout=10)
    assert answer.status_code == got.status_code >= 400 and answer.headers["Content-Type"] == PROBLEM
    assert answer.content == b"" and answer.headers["Content-Length"] == str(len(got.content))


def test_head_of_a_file_is_its_head_whatever_it_accepts(server: Server) -> None:
    """A range is a GET's: a HEAD asking for JSON gets the whole file's headers, not a 206 (the layer had passed
    such a HEAD down as a GET)."""
    answer = requests.head(server.url + "/static/style.css", timeout=10,
                           headers={"Accept": "application/json", "Range": "bytes=0-9"})
    assert answer.status_code == 200 and "Content-Range" not in answer.headers


def test_search_and_reconciliation_answer_problem_details_whatever_is_accepted(server: Server) -> None:
    """Both answer JSON only; the member their clients read before stays beside ``detail``."""
    searched = requests.get(server.url + "/search.json", params={"q": ""}, timeout=10)
    assert searched.status_code == 400 and searched.headers["Content-Type"] == PROBLEM
    body = searched.json()
    assert body["status"] == 400 and body["title"] == "Bad Request"
    assert body["error"] == body["detail"] != "" and body["query"] == ""
    reconciled = requests.get(server.url + "/reconcile", params={"queries": "not json"}, timeout=10)
    assert reconciled.status_code == 400 and reconciled.headers["Content-Type"] == PROBLEM
    body = reconciled.json()
    assert body["message"] == body["detail"] and "'queries' is not JSON" in body["detail"]


#: Refusals the static export makes itself (its documents, look-ups and methods), for the parity test.
EXPORT_REFUSALS = [
    ("GET", "/doc/region/nowhere"), ("GET", "/doc/region/nowhere.jsonld"), ("GET", "/doc/region/notodden"),
    ("GET", "/doc/region/notodden.exe"),
    ("GET", "/doc/region/notodden?_mediatype=bogus"), ("GET", "/doc/region/notodden?_profile=nothing"),
    ("DELETE", "/doc/region/notodden"), ("PUT", "/catalog"), ("GET", "/id/kommunenummer"),
    ("GET", "/id/kommunenummer/0807?_mediatype=bogus"), ("GET", "/doc/" + "a" * 9000), ("GET", "/id/region/x.xyz"),
    # files: nginx's 404 takes its body from byregion.js (a JSON client's had been a 302 to "undefined")
    ("GET", "/static/nothing.css"), ("GET", "/static//style.css"), ("GET", "/static/style.css/"), ("GET", "/dumps/"),
    ("GET", "/dumps/nothing.ttl"), ("HEAD", "/dumps/nothing.ttl"),
]


@pytest.mark.parametrize(("method", "path"), EXPORT_REFUSALS, ids=[f"{m} {p[:40]}" for m, p in EXPORT_REFUSALS])
@pytest.mark.parametrize("accept", ["application/json", PROBLEM, "text/plain", None, "APPLICATION/JSON",
                                    "application/*", f"{PROBLEM};q=0, application/json", "application/ld+json",
                                    "application/json, application/ld+json;q=0.5",
                                    "application/ld+json, application/json", "text/turtle, application/json;q=0.5"])
def test_nginx_refuses_as_the_app(server: Server, nginx: Process, method: str, path: str, accept: str | None) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    app = fetch(server.url, path, headers, method)
    same_answer(app, fetch(nginx.base, path, headers, method), f"{method} {path[:40]} {accept}")


@pytest.mark.parametrize(("method", "path", "member"), [
    ("PUT", "/search.json", "error"), ("PUT", "/reconcile", "message"), ("POST", "/reconcile/properties", "message"),
])
def test_a_json_only_service_refuses_in_problem_details_whatever_is_accepted(
        server: Server, method: str, path: str, member: str) -> None:
    answer = requests.request(method, server.url + path, timeout=10)  # requests' Accept: */*
    assert answer.status_code == 405 and answer.headers["Content-Type"] == PROBLEM
    body = answer.json()
    assert body[member] == body["detail"] and "GET" in body["detail"]


def test_a_coded_body_to_reconciliation_is_problem_details_with_its_message(server: Server) -> None:
    answer = requests.post(server.url + "/reconcile", data=b"queries=x", timeout=10,
                           headers={"Content-Type": "application/x-www-form-urlencoded", "Content-Encoding": "br"})
    assert answer.status_code == 415 and answer.headers["Content-Type"] == PROBLEM
    assert answer.json()["message"].startswith("this server reads a request's body as it is sent")


def test_a_malformed_query_keeps_its_sentence_for_a_client_that_would_take_the_page_second(server: Server) -> None:
    """The page came first among what the endpoint offers, and was turned into a generic sentence."""
    answer = ask(server, "GET", "/sparql?query=SELEC", f"{PROBLEM}, text/html;q=0.9")
    assert answer.status_code == 400 and answer.headers["Content-Type"] == PROBLEM
    assert answer.json()["detail"].startswith("The query is not valid SPARQL 1.1")


@pytest.mark.parametrize(("headers", "status", "title"), [
    ({"Range": "bytes=99999999-"}, 416, "Range Not Satisfiable"),
])
def test_titles_are_rfc_9110s_reason_phrases(server: Server, headers: dict[str, str], status: int,
                                             title: str) -> None:
    answer = requests.get(server.url + "/static/style.css", headers={**headers, "Accept": "application/json"},
                          timeout=10)
    assert answer.status_code == status and answer.json()["title"] == title
    long = ask(server, "GET", "/doc/" + "a" * 9000, "application/json")
    assert long.status_code == 414 and long.json()["title"] == "URI Too Long"


def test_search_without_the_app_is_problem_details_from_the_export(nginx: Process) -> None:
    answer = fetch(nginx.base, "/search.json?q=notodden", {"Accept": "*/*"})
    assert answer.status == 404 and answer.headers["content-type"] == PROBLEM
    body = json.loads(answer.body)
    assert body["title"] == "Not Found" and body["error"] == body["detail"] and "byregion serve" in body["detail"]
    assert answer.headers["access-control-allow-origin"] == "*"
