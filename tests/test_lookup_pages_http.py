"""A look-up that finds nothing, or cannot be read, explains itself to a browser as a page of the site (`byregion
serve` over the repository's own data): the same lines as the plain text curl and scripts get, with the units and
look-ups they name linked, the page's language switch keeping the date. A client that takes any type (``*/*``, no
``Accept``) still gets plain text, and a cache keeps the two apart by ``Vary: Accept``."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import requests

from byregion import i18n
from byregion.serve.problems import detail_of
from tests.conftest import Server
from tests.support.html import Element, parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


def get(server: Server, path: str, accept: str | None, lang: str = "en", **params: str) -> requests.Response:
    headers = {"Accept-Language": lang, **({"Accept": accept} if accept is not None else {})}
    return requests.get(server.url + path, params=params, headers=headers, allow_redirects=False, timeout=10)


def page(response: requests.Response) -> Element:
    tree, faults = parse(response.text)
    assert faults == [], faults
    return tree


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def lines(response: requests.Response) -> list[str]:
    return [p.text for p in page(response).find("div", id="explanation").find_all("p")]


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/id/kommunenummer/0807", {"date": "2024-06-01"}, 404),  # Notodden held 4005 then
    ("/id/kommunenummer/0000", {}, 404),  # no unit ever held it
    ("/id/kommunenummer/K-0301", {}, 400),  # a code among other things: did you mean
    ("/id/orgnr/12", {}, 400),
    ("/id/kommunenummer/0807", {"date": "2020-02-30"}, 400),
    ("/id/fylkesnummer", {}, 404),  # what a look-up URL looks like
])
def test_a_browser_reads_the_explanation_as_a_page_with_the_lines_curl_reads(real_server: Server, path: str,
                                                                               params: dict[str, str],
                                                                               status: int) -> None:
    text = get(real_server, path, "*/*", **params)
    html = get(real_server, path, BROWSER, **params)
    assert (text.status_code, html.status_code) == (status, status)
    assert text.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert html.headers["Content-Type"] == "text/html; charset=utf-8"
    for response in (text, html):
        assert "Accept" in response.headers["Vary"].split(", ")
        assert response.headers["Content-Language"] == "en"
    plain = text.text.splitlines()  # the page's first line without the status the heading says in words
    # a unit's IRI, read out letter by letter by a screen reader, is its name on the page (the link goes there)
    plain = [line.replace("https://data.byregion.no/id/municipality/notodden", "Notodden") for line in plain]
    # and a day is in words ("on 1 June 2024"), where the text keeps ISO 8601 for programs (not a day: as written)
    plain = [re.sub(r"(?<![\w=-])\d{4}-\d{2}-\d{2}(?![\w-])",
                    lambda day: i18n.date(day[0], "en") if _is_day(day[0]) else day[0], line) for line in plain]
    assert lines(html) == [detail_of(plain[0]), *plain[1:]]
    assert not lines(html)[0].startswith(("400 ", "404 ")), lines(html)
    shown = page(html)
    assert shown.find("h1").text == {404: "Nothing found for the look-up", 400: "The look-up cannot be read"}[status]
    assert [m.attrs["content"] for m in shown.find_all("meta") if m.attrs.get("name") == "robots"] == ["noindex"]
    assert html.headers["X-Frame-Options"] == "DENY"  # the security headers of every page


@pytest.mark.parametrize("scheme", ["kommunenummer", "fylkesnummer", "wikidata"])
def test_a_schemes_page_links_its_example_and_tables_but_not_itself(real_server: Server, scheme: str) -> None:
    links = [a.attrs["href"] for a in page(get(real_server, f"/id/{scheme}", BROWSER)).find(
        "div", id="explanation").find_all("a")]
    assert f"/id/{scheme}" not in links, links  # a link to the page one reads leads nowhere
    assert any(link.startswith(f"/id/{scheme}/") for link in links) and any(
        link.endswith(".csv") for link in links), links


def test_the_page_links_the_unit_that_held_the_code_and_its_number_on_the_date(real_server: Server) -> None:
    response = get(real_server, "/id/kommunenummer/0807", BROWSER, lang="nb", date="2024-06-01")
    links = {a.attrs["href"]: a.text for a in page(response).find("div", id="explanation").find_all("a")}
    assert links == {"/id/municipality/notodden": "Notodden",  # by its name, not its IRI
                     "/id/kommunenummer/4005": "/id/kommunenummer/4005"}
    # the Link header still names the unit for clients that read headers
    assert response.headers["Link"] == '</id/municipality/notodden>; rel="item"; title="Notodden"'
    switch = page(response).find("a", id="lang-en")
    assert switch.attrs["href"] == "?date=2024-06-01&lang=en"
    english = requests.get(response.url.split("?")[0] + switch.attrs["href"], headers={"Accept": BROWSER},
                           allow_redirects=False, timeout=10)
    assert english.status_code == 404 and english.headers["Content-Language"] == "en"
    assert lines(english)[0] == "No unit held the municipality number 0807 on 1 June 2024."  # a day in words


def test_a_malformed_code_is_shown_as_written_never_as_markup_or_a_link(real_server: Server) -> None:
    response = get(real_server, '/id/kommunenummer/K-0301"><script>alert(1)<script>', BROWSER)
    assert response.status_code == 400
    shown = page(response)
    assert all("alert" not in script.text for script in shown.find_all("script"))
    explanation = shown.find("div", id="explanation")
    assert '"><script>alert(1)<script>' in explanation.text
    assert explanation.find_all("a") == []


@pytest.mark.parametrize(("accept", "kind"), [
    (None, "text/plain"), ("*/*", "text/plain"), ("text/plain", "text/plain"), ("image/png", "text/plain"),
    ("application/json", "application/problem+json"),
    ("text/html", "text/html"), ("application/xhtml+xml", "text/html"), ("text/plain;q=0.5, text/html", "text/html"),
])
def test_plain_text_unless_html_is_preferred(real_server: Server, accept: str | None, kind: str) -> None:
    """No type asked for is offered (``image/png``): the explanation still comes, as text (an error's answer is
    never a 406); a client that asks for JSON has it as problem details."""
    response = get(real_server, "/id/kommunenummer/0000", accept)
    assert response.status_code == 404 and response.headers["Content-Type"].startswith(kind)


@pytest.mark.parametrize("scheme", ["kommunenummer", "fylkesnummer", "orgnr", "wikidata"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_look_up_a_schemes_page_shows_as_an_example_finds_its_unit(real_server: Server, scheme: str,
                                                                        lang: str) -> None:
    """``/id/{scheme}`` alone explains what a look-up looks like, undated and dated: each example it links leads
    to a unit (a 303), not to a 404 (0807 was no number on 2020-01-01, the day the example once named)."""
    shown = page(get(real_server, f"/id/{scheme}", BROWSER, lang))
    examples = [a.attrs["href"] for a in shown.find("div", id="explanation").find_all("a")
                if a.attrs["href"].startswith(f"/id/{scheme}/")]
    assert len(examples) >= 2 and any("?date=" in href for href in examples), examples
    for href in examples:
        answer = requests.get(real_server.url + href, allow_redirects=False, timeout=10)
        assert answer.status_code == 303, (href, answer.status_code)
