"""Files sent as they are (the dumps) and the documents of one form, over real HTTP (`byregion serve`): a ``Vary``
that names only what the answer varies by. The rules themselves: tests/test_conditional_rules.py."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over the site fixture's build

DUMP = "/dumps/byregion.ttl"


def get(server: Server, path: str, headers: dict[str, str] | None = None, method: str = "GET") -> requests.Response:
    return requests.request(method, server.url + path, headers={"Accept-Encoding": "identity", **(headers or {})},
                            allow_redirects=False, timeout=30)


def vary(response: requests.Response) -> set[str]:
    return {v.strip() for v in response.headers.get("Vary", "").split(",") if v.strip()}


# ------------------------------------------------------------------------------------------------- Vary

@pytest.mark.parametrize(("path", "expected"), [
    ("/robots.txt", {"Host"}),  # names the host; nothing is negotiated
    ("/sitemap.xml", {"Host"}),
    ("/source/notodden.txt", {"Accept-Encoding"}),  # kept gzip-compressed: the body varies by Accept-Encoding
    ("/context.jsonld", {"Accept-Encoding"}),
    ("/", {"Accept-Language", "Cookie", "Host"}),  # the home page: the reader's language
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
