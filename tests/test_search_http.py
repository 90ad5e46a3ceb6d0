"""Search for people (`/search`, `/search.json`), as a specification, against `byregion serve` over the
repository's own data (every municipality and county since 2014, the programme, Notodden's page): what finds
what, in which order, with which words marked; the JSON answer's shape; paging and limits; hostile queries; the
search box on every page; the index in the build; and the static export's `/search`."""

from __future__ import annotations

import hashlib
import html.parser
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import requests

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.search import FILE
from byregion.serve.search import SearchIndex, SearchUnavailable
from byregion.settings import Settings
from tests.conftest import BYREGION, Server, settings_env
from tests.support.html import parse
from tests.support.nginx import export_folder, nginx_missing, start_nginx, stop_web_server
from tests.support.servers import Server as Process
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # a real build and `byregion serve`

LIMIT = Settings().search_limit
MAX_CHARS = Settings().search_max_query_chars


def search(server: Server, q: str, **params: str) -> dict[str, Any]:
    answer = requests.get(server.url + "/search.json", params={"q": q, **params}, timeout=10)
    assert answer.status_code == 200, answer.text
    assert answer.headers["Content-Type"] == "application/json"
    return answer.json()  # type: ignore[no-any-return]


def labels(found: dict[str, Any]) -> list[str]:
    return [r["label"] for r in found["results"]]


def marked_words(text: str, spans: list[list[int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


# ----------------------------------------------------------------------------------------- what finds what


def test_case_and_accents_do_not_matter_and_the_spelling_typed_ranks_first(real_server: Server) -> None:
    plain = search(real_server, "Bo")
    assert labels(plain)[:2] == ["Bø", "Bø (Telemark)"]  # "Bo" finds Bø, before Bodø and Bokn
    assert marked_words(plain["results"][0]["label"], plain["results"][0]["label_highlights"]) == ["Bø"]
    assert all(label.startswith(("Sør", "sør")) for label in labels(search(real_server, "sor"))[:5])
    assert "Bærum" in labels(search(real_server, "baerum"))[:3]
    assert labels(search(real_server, "TROMSO"))[0] == "Tromsø"
    old_spelling = search(real_server, "Aalesund")  # å as written before 1917, and in English texts
    assert labels(old_spelling)[0] == "Ålesund"
    assert marked_words(old_spelling["results"][0]["label"], old_spelling["results"][0]["label_highlights"]) == [
        "Ålesund"]


def test_inflected_words_find_each_other_in_norwegian_and_english(real_server: Server) -> None:
    norwegian = search(real_server, "kommunene ")
    found = {w.lower() for r in norwegian["results"] if r["snippet"]
             for w in marked_words(r["snippet"]["text"], r["snippet"]["highlights"])}
    assert {"kommune", "kommunene", "kommunenes"} <= found, found
    english = search(real_server, "regions ")
    found = {w.lower() for r in english["results"] if r["snippet"]
             for w in marked_words(r["snippet"]["text"], r["snippet"]["highlights"])}
    assert "region" in found and "regions" in found, found


def test_a_municipality_is_found_by_any_of_its_numbers(real_server: Server) -> None:
    for number in ("0807", "3808", "4005"):
        first = search(real_server, number)["results"][0]
        assert first["path"] == "/doc/municipality/notodden", number
        assert number in marked_words(first["snippet"]["text"], first["snippet"]["highlights"])
    for written in ("807", "K-0807"):  # a spreadsheet's number, the statistics bank's code
        assert search(real_server, written)["results"][0]["path"] == "/doc/municipality/notodden", written


def test_norwegian_statement_text_is_found_and_the_match_is_shown_in_its_passage(real_server: Server) -> None:
    found = search(real_server, "delingskultur")
    assert "/doc/region/notodden/goal/1" in [r["path"] for r in found["results"]]
    goal = next(r for r in found["results"] if r["path"] == "/doc/region/notodden/goal/1")
    assert goal["kind"]["label"] == "Mål" and goal["label"] == "Mål 1 – Notodden"  # as its page is titled
    assert goal["snippet"]["lang"] == "nb" and "<mark>delingskultur</mark>" in goal["snippet"]["html"]
    both = search(real_server, "Notodden delingskultur")  # a place and a word of its texts
    assert both["total"] >= 1 and all(r["path"].startswith("/doc/region/notodden/") for r in both["results"])


def test_an_exact_name_ranks_above_mentions_in_texts(real_server: Server) -> None:
    found = search(real_server, "Notodden")
    assert {r["path"] for r in found["results"][:2]} == {"/doc/region/notodden", "/doc/municipality/notodden"}
    scores = [r["score"] for r in found["results"]]
    assert scores == sorted(scores, reverse=True)
    mentions = [r for r in found["results"] if r["kind"]["label"] in ("Mål", "Resultat", "Innledning")]
    assert mentions and all(m["score"] < found["results"][1]["score"] for m in mentions)


def test_the_word_being_typed_matches_as_a_prefix(real_server: Server) -> None:
    assert labels(search(real_server, "Notod"))[:2] == ["Notodden", "Notodden"]
    assert search(real_server, "Notod ")["total"] == 0  # a finished word is a word


def test_english_pages_show_english_titles_and_kinds(real_server: Server) -> None:
    found = search(real_server, "Notodden", lang="en")
    assert found["lang"] == "en"
    assert {r["kind"]["label"] for r in found["results"][:2]} == {"City region", "Municipality"}
    page = requests.get(real_server.url + "/search", params={"q": "Notodden", "lang": "en"}, timeout=10)
    assert '<html lang="en">' in page.text and "results for" in page.text
    assert "lang=en" in page.headers["Set-Cookie"]
    assert page.headers["Cache-Control"] == "private, max-age=300"  # no shared cache hands the cookie on


@pytest.mark.parametrize(("lang", "geometry"), [("nb", "Geometri"), ("en", "Geometry")])
def test_every_kind_is_named_in_words_not_a_prefixed_name(real_server: Server, lang: str, geometry: str) -> None:
    """Another vocabulary's class (a boundary's geo:Geometry, a change's org:ChangeEvent) is named as the pages
    name it, in the reader's language."""
    kinds = {r["kind"]["label"] for q in ("0807", "Kongsberg", "Telemark", "nytt nummer")
             for r in search(real_server, q, lang=lang, limit="20")["results"]}
    assert geometry in kinds
    assert not [kind for kind in kinds if ":" in kind]


def test_a_result_is_titled_as_its_page_is(real_server: Server) -> None:
    """A membership's own title is the heading it stood under (``Samarbeidskommune``): a result names whose
    membership of what it is, as the membership's page does."""
    found = [r["label"] for r in search(real_server, "Kongsberg", limit="20")["results"]
             if "/membership/" in r["iri"]]
    assert found and "Kongsberg i Notodden" in found
    assert not [label for label in found if label in ("Samarbeidskommune", "Søkerkommune")]


# ------------------------------------------------------------------------------------- the JSON answer


def test_the_json_answer_has_the_documented_shape(real_server: Server) -> None:
    found = search(real_server, "samarbeid")
    assert set(found) == {"query", "lang", "kind", "total", "page", "limit", "pages", "kinds", "next", "previous",
                          "results", "suggestion", "suggestion_url"}
    assert found["kind"] == [] and set(found["kinds"][0]) == {"token", "iri", "label", "count", "selected", "url"}
    assert found["query"] == "samarbeid" and found["page"] == 1 and found["limit"] == LIMIT
    first = found["results"][0]
    assert set(first) == {"iri", "url", "path", "label", "label_highlights", "kind", "snippet", "score"}
    assert first["iri"].startswith("https://data.byregion.no/id/") and first["url"] == real_server.url + first["path"]
    assert set(first["snippet"]) == {"text", "lang", "highlights", "html"}
    for result in found["results"]:  # every result's document is there
        assert requests.get(real_server.url + result["path"], timeout=10).status_code == 200, result["path"]
        for text, spans in [(result["label"], result["label_highlights"]),
                            *([(result["snippet"]["text"], result["snippet"]["highlights"])] if result["snippet"]
                              else [])]:
            assert all(0 <= s < e <= len(text) for s, e in spans)


@pytest.mark.parametrize(("how", "path", "headers"), [
    ("extension", "/search.json?q=0807", {}),
    ("Accept", "/search?q=0807", {"Accept": "application/json"}),
    ("_mediatype", "/search?q=0807&_mediatype=json", {"Accept": "text/html"}),
])
def test_json_is_chosen_by_extension_accept_or_mediatype(real_server: Server, how: str, path: str,
                                                         headers: dict[str, str]) -> None:
    answer = requests.get(real_server.url + path, headers=headers, timeout=10)
    assert answer.status_code == 200, how
    found = [r["path"] for r in answer.json()["results"]]
    # the municipality first, then its parts that hold the number (the number itself, its 2019 geometry)
    assert found[0] == "/doc/municipality/notodden" and "/doc/municipality/notodden/number/0807" in found, (how, found)
    assert answer.json()["total"] == len(found), how
    assert "Accept" in answer.headers["Vary"] and answer.headers["Access-Control-Allow-Origin"] == "*"
    # each result's url is on the request's host: a shared cache keys the JSON on it (the page names paths only)
    assert "Host" in answer.headers["Vary"].split(", "), answer.headers["Vary"]
    assert all(r["url"] == real_server.url + r["path"] for r in answer.json()["results"])
    page = requests.get(real_server.url + "/search?q=0807", headers={"Accept": "text/html"}, timeout=10)
    assert "Host" not in page.headers["Vary"].split(", ")
    refused = requests.get(real_server.url + "/search?q=x", headers={"Accept": "image/png"}, timeout=10)
    assert refused.status_code == 406 and "search answers text/html" in refused.text
    assert refused.headers["Access-Control-Allow-Origin"] == "*"  # a script's fetch may read why, as every answer's


# ------------------------------------------------------------------------------------ pages and limits


def test_pages_follow_each_other_without_overlap(real_server: Server) -> None:
    first = search(real_server, "kommune", limit="3")
    assert len(first["results"]) == 3 and first["pages"] == -(-first["total"] // 3) and first["previous"] is None
    assert first["next"].startswith(real_server.url + "/search.json?")  # absolute: a script elsewhere follows it
    second = requests.get(first["next"], timeout=10).json()
    assert second["page"] == 2 and second["previous"] is not None
    assert not {r["iri"] for r in first["results"]} & {r["iri"] for r in second["results"]}
    last = search(real_server, "kommune", limit="3", page=str(first["pages"]))
    assert last["next"] is None and 1 <= len(last["results"]) <= 3
    beyond = search(real_server, "kommune", limit="3", page=str(first["pages"] + 5))
    assert beyond["results"] == [] and beyond["next"] is None
    assert f"page={first['pages']}" in beyond["previous"]  # back to the last page, not to the empty one before
    english = search(real_server, "kommune", limit="3", lang="en")  # a client without cookies keeps its language
    assert "lang=en" in english["next"] and requests.get(english["next"], timeout=10).json()["lang"] == "en"
    past = {"q": "kommune", "limit": "3", "page": str(first["pages"] + 5), "lang": "en"}
    page = requests.get(real_server.url + "/search", params=past, timeout=10).text
    assert "past the last" in page and f"Page {first['pages'] + 5} of" not in page  # not "no results", not "99 of 7"
    assert 'id="search-none"' not in page


@pytest.mark.parametrize(("params", "says"), [
    ({"q": "x" * (MAX_CHARS + 1)}, f"{MAX_CHARS}"),
    ({"q": "Notodden", "limit": str(LIMIT + 1)}, "limit"),
    ({"q": "Notodden", "limit": "0"}, "limit"),
    ({"q": "Notodden", "page": "0"}, "page"),
    ({"q": "Notodden", "page": "zwei"}, "page"),
    ({"q": "Notodden", "page": "9" * 40}, "page"),
    ({"q": "Notodden", "limit": "\uff15"}, "limit"),  # a full-width 5: int() reads it, no link of ours writes it
    ({"q": "Notodden", "page": "\u0661"}, "page"),  # an Arabic-Indic 1
    ({"q": ""}, "q"),
    ({"q": '" * ('}, "q"),
])
def test_what_cannot_be_searched_is_a_400_that_says_why(real_server: Server, params: dict[str, str],
                                                        says: str) -> None:
    answer = requests.get(real_server.url + "/search.json", params=params, timeout=10)
    assert answer.status_code == 400 and says in answer.json()["error"], answer.text
    page = requests.get(real_server.url + "/search", params=params, timeout=10)
    if params["q"].strip(' "*(') == "":  # the page asks for words instead
        assert page.status_code == 200 and 'id="search-hint"' in page.text
    else:
        assert page.status_code == 400 and 'id="search-error"' in page.text and "text/html" in page.headers[
            "Content-Type"]
        root, _ = parse(page.text)  # the field says it is in error and which text says why (WCAG 3.3.1)
        field = root.find("input", id="search-page-q")
        assert field.attrs.get("aria-invalid") == "true" and field.attrs.get("aria-describedby") == "search-error"
        assert root.find("title").text.startswith("Feil – ")


@pytest.mark.parametrize(("lang", "sparql"), [("nb", 'href="/sparql"'), ("en", 'href="/sparql?lang=en"')])
def test_a_search_that_finds_nothing_offers_the_query_page_in_its_language(real_server: Server, lang: str,
                                                                         sparql: str) -> None:
    """The English page had offered the Norwegian query page."""
    page = requests.get(real_server.url + "/search", params={"q": "xqzvwy", "lang": lang},
                        headers={"Accept": "text/html"}, timeout=10).text
    assert sparql in page.split('id="search-none"', 1)[1].split("</p>", 1)[0]


def test_a_long_search_is_cut_in_the_pages_title(real_server: Server) -> None:
    words = "næringsutvikling " * 11  # 186 characters of a title a screen reader would read before the site's name
    page = requests.get(real_server.url + "/search", params={"q": words.strip()}, timeout=10)
    root, _ = parse(page.text)
    title = root.find("title").text
    assert title.startswith("næringsutvikling") and len(title) < 120 and "…" in title, title



@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "   "}, {"q": '" * ('}])
def test_a_search_without_words_offers_no_other_format(real_server: Server, params: dict[str, str]) -> None:
    """The JSON of a query without words is a 400, so the page that asks for words offers no JSON."""
    page = requests.get(real_server.url + "/search", params=params, timeout=10)
    assert page.status_code == 200 and 'id="search-hint"' in page.text
    assert 'type="application/json"' not in page.text and 'id="formats-heading"' not in page.text
    found = requests.get(real_server.url + "/search", params={"q": "Notodden"}, timeout=10).text
    assert '<link rel="alternate" type="application/json" href="/search.json?q=Notodden&amp;page=1"' in found
    assert requests.get(real_server.url + "/search.json?q=Notodden&page=1", timeout=10).status_code == 200

HOSTILE = ['"', "*", "NEAR", "NEAR(Bø sør)", "Bø NEAR/2 sør", "AND", "OR Notodden", "NOT Notodden", "(Notodden",
           "name:Notodden", "{name exact}: Bø", "^Notodden", "-Notodden", "Notodden*", '"Notodden"*',
           "'; DROP TABLE things; --", "%00", "\\", "\u202e", "１２３", "Bø\tsør\nNotodden"]

FINDS_NOTODDEN = {"OR Notodden", "NOT Notodden", "(Notodden", "^Notodden", "-Notodden", "Notodden*", '"Notodden"*'}


@pytest.mark.parametrize("typed", HOSTILE)
def test_hostile_queries_are_words_to_look_for_never_errors(real_server: Server, typed: str) -> None:
    for path in ("/search", "/search.json"):
        answer = requests.get(real_server.url + path, params={"q": typed}, timeout=10)
        assert answer.status_code in (200, 400), (typed, path, answer.status_code)
    if typed in FINDS_NOTODDEN:  # the syntax around a word is not read: the word is looked for
        assert "/doc/municipality/notodden" in [r["path"] for r in search(real_server, typed)["results"]]


def test_the_page_escapes_what_was_typed_and_marks_what_was_found(real_server: Server) -> None:
    typed = '<"Notodden">'
    page = requests.get(real_server.url + "/search", params={"q": typed}, timeout=10).text
    assert '<"Notodden">' not in page and "&lt;&#34;Notodden&#34;&gt;" in page
    assert '<a href="/doc/municipality/notodden"><mark>Notodden</mark></a>' in page


# ------------------------------------------------------------------------------------ the box, the index


@pytest.mark.parametrize("path", ["/", "/doc/region/notodden", "/doc/municipality/notodden?lang=en",
                                  "/doc/theme/delingskultur", "/catalog", "/def/byregion", "/sparql",
                                  "/search?q=Bø", "/doc/region/atlantis"])
def test_every_page_has_the_search_box(real_server: Server, path: str) -> None:
    # as a browser asks (a client naming no type gets /sparql's service description in Turtle, not its page)
    page = requests.get(real_server.url + path, headers={"Accept": "text/html"}, timeout=10).text
    assert '<form class="search" role="search" method="get" action="/search" aria-label="' in page, path
    assert '<label for="search-q">' in page and '<input id="search-q" type="search" name="q"' in page


def test_the_index_is_a_file_of_the_build_listed_with_its_hash(real_build: PublishedBuild) -> None:
    listed = real_build.manifest["files"][FILE]
    data = (real_build.path / FILE).read_bytes()
    assert listed == {"bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
    assert real_build.manifest["documents"]["searchable"] > 2_000


def test_a_server_reads_only_an_index_of_its_own_format(real_build: PublishedBuild, tmp_path: Path) -> None:
    """A build made before search (no file) or with another reading of words (another format) is not searched
    with today's words: /search then answers 503 saying to rebuild."""
    with pytest.raises(SearchUnavailable, match="byregion build --force"):
        SearchIndex(tmp_path / FILE)
    copy = tmp_path / FILE
    shutil.copy(real_build.path / FILE, copy)
    with sqlite3.connect(copy) as connection:
        connection.execute("UPDATE meta SET value = '0' WHERE key = 'format'")
    with pytest.raises(SearchUnavailable, match=r"format '0'.*byregion build --force"):
        SearchIndex(copy)


# ------------------------------------------------------------------------------------ the static export


@pytest.fixture(scope="module")
def exported_nginx(site_build: PublishedBuild, site_settings: Settings, server: Server
                   ) -> Iterator[tuple[Process, Process]]:
    """nginx over two exports of the test build: one without --app, one passing /search to `server`."""
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    started: list[tuple[Process, Any]] = []
    try:
        for app in (None, server.url):
            folder, port = export_folder(), free_port()
            done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port),
                                   *(["--app", app] if app else [])], env=settings_env(site_settings), cwd=REPO_ROOT,
                                  capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, done.stderr
            started.append((start_nginx(folder, port), folder))
        yield started[0][0], started[1][0]
    finally:
        for process, folder in started:
            stop_web_server(process, folder)
            shutil.rmtree(folder, ignore_errors=True)


def test_the_static_export_passes_search_to_the_app_or_says_it_needs_it(
        exported_nginx: tuple[Process, Process], server: Server) -> None:
    alone, with_app = exported_nginx
    page = requests.get(alone.base + "/search", params={"q": "Notodden"}, timeout=10)
    assert page.status_code == 404 and 'id="search-needs-server"' in page.text
    assert "byregion serve" in page.text and page.headers["Content-Security-Policy"]
    assert requests.get(alone.base + "/search.json?q=x", timeout=10).status_code == 404
    exported_page = requests.get(alone.base + "/doc/region/notodden", timeout=10).text
    assert 'action="/search"' in exported_page
    proxied = requests.get(with_app.base + "/search.json", params={"q": "delingskultur"}, timeout=10)
    direct = requests.get(server.url + "/search.json", params={"q": "delingskultur"}, timeout=10)
    assert proxied.status_code == 200 and proxied.json()["results"] == [
        dict(r, url=r["url"].replace(server.url, with_app.base)) for r in direct.json()["results"]]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_two_search_landmarks_of_the_search_page_have_names_of_their_own(real_server: Server, lang: str) -> None:
    """The header's search form and the page's are both ``role="search"``; a screen reader lists landmarks by name,
    so each has its own (the header's, the page's heading)."""
    class Landmarks(html.parser.HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.names: list[str] = []
            self.ids: dict[str, str] = {}
            self._heading: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found = dict(attrs)
            if found.get("role") == "search":
                self.names.append(found.get("aria-label") or f"#{found.get('aria-labelledby')}")
            if tag == "h1":
                self._heading = found.get("id")

        def handle_data(self, data: str) -> None:
            if self._heading:
                self.ids[self._heading] = data.strip()
                self._heading = None

    page = requests.get(f"{real_server.url}/search", params={"q": "notodden", "lang": lang}, timeout=30)
    parsed = Landmarks()
    parsed.feed(page.text)
    names = [parsed.ids.get(n[1:], "") if n.startswith("#") else n for n in parsed.names]
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names


@pytest.mark.parametrize(("typed", "meant"), [
    ("Notoden", "Notodden"), ("Kongsbreg", "Kongsberg"), ("Tynsett", "Tynset"), ("Trondhiem", "Trondheim"),
    ("ålesundd", "Ålesund"), ("Midt-Telemrk", "Midt Telemark")])
def test_a_query_with_no_hit_suggests_the_names_it_may_have_meant(real_server: Server, typed: str,
                                                                  meant: str) -> None:
    """A misspelt name found nothing and said only "no results" (a planner's review): the names' words most like
    the query's are suggested, in JSON and on the page, and the suggestion finds what was meant."""
    found = search(real_server, typed)
    assert found["total"] == 0 and found["suggestion"] == meant
    assert found["suggestion_url"] == real_server.url + "/search.json?" + urlencode({"q": meant})
    assert search(real_server, meant)["total"] > 0
    page = requests.get(real_server.url + "/search", params={"q": typed}, headers={"Accept": "text/html"}, timeout=10)
    told = parse(page.text)[0].find("p", id="search-suggestion")
    link = told.find("a")
    assert link.text == meant and link.attrs["href"] == "/search?" + urlencode({"q": meant})


def test_a_word_that_finds_something_alone_is_not_replaced_in_a_suggestion(real_server: Server) -> None:
    """"Notoden regionen" found nothing for the misspelt name alone: "regionen" is kept (it was suggested as
    "regionens", a name's word like it)."""
    found = search(real_server, "Notoden regionen")
    assert found["total"] == 0 and found["suggestion"] == "Notodden regionen"


def test_one_number_is_said_in_the_singular(real_server: Server) -> None:
    first = search(real_server, "0822", lang="en")["results"][0]
    assert first["path"] == "/doc/municipality/sauherad" and first["snippet"]["text"] == "municipality number 0822"


@pytest.mark.parametrize("typed", ["xyzzyq", "qqqqqqqq", "Notodden"])
def test_no_suggestion_for_words_like_no_name_nor_for_a_query_that_finds(real_server: Server, typed: str) -> None:
    found = search(real_server, typed)
    assert found["suggestion"] is None and found["suggestion_url"] is None
    page = requests.get(real_server.url + "/search", params={"q": typed}, headers={"Accept": "text/html"}, timeout=10)
    assert 'id="search-suggestion"' not in page.text


@pytest.mark.parametrize(("lang", "said"), [
    ("nb", "kommunenummer 0807, 3808, 4005 · organisasjonsnummer 938583986"),
    ("en", "municipality numbers 0807, 3808, 4005 · organisation number 938583986")])
def test_a_thing_found_by_a_number_shows_its_numbers_said_for_what_they_are(real_server: Server, lang: str,
                                                                           said: str) -> None:
    """"942402465 · 3303 · 0604 · 3006" mixed an organisation number with the municipality numbers, unlabelled and
    in no order (a planner's review): each kind is named, the numbers oldest first, the one matched marked."""
    first = search(real_server, "0807", lang=lang)["results"][0]
    assert first["path"] == "/doc/municipality/notodden"
    assert first["snippet"]["text"] == said and first["snippet"]["lang"] == lang
    start = said.index("0807")
    assert [start, start + 4] in first["snippet"]["highlights"]
    county = search(real_server, "telemark 40", lang=lang)["results"]
    assert any(r["snippet"] and "08, 40" in r["snippet"]["text"] for r in county if r["path"] == "/doc/county/telemark")


def test_a_client_revalidates_a_search_instead_of_fetching_it_again(real_server: Server) -> None:
    """A front-end review found nothing to revalidate a search with: its JSON and its page carry an ETag of their
    bytes and the build's date, and a client that has them gets 304 (a fetch with ``cache: 'no-cache'``)."""
    for path, accept in (("/search.json?q=notodden", "application/json"), ("/search?q=notodden", "text/html")):
        first = requests.get(real_server.url + path, headers={"Accept": accept}, timeout=10)
        assert first.status_code == 200 and first.headers["ETag"] and first.headers["Last-Modified"]
        again = requests.get(real_server.url + path, timeout=10,
                             headers={"Accept": accept, "If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == first.headers["ETag"]
        dated = requests.get(real_server.url + path, timeout=10,
                             headers={"Accept": accept, "If-Modified-Since": first.headers["Last-Modified"]})
        assert dated.status_code == 304
        other = requests.get(real_server.url + path + "&page=2", headers={"Accept": accept,
                                                                           "If-None-Match": first.headers["ETag"]},
                             timeout=10)
        assert other.status_code in (200, 400) and other.headers.get("ETag") != first.headers["ETag"]



def test_the_pages_title_says_how_many_were_found(real_server: Server) -> None:
    """A screen reader announces the title as the page opens; the count in the page had been in a status region
    present from the start, which is not announced (a screen-reader user's review)."""
    found = search(real_server, "notodden", lang="en")
    page = requests.get(real_server.url + "/search", params={"q": "notodden", "lang": "en"},
                        headers={"Accept": "text/html"}, timeout=10).text
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.startswith(f"notodden ({found['total']} results) – "), title
