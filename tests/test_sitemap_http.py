"""What `byregion serve` tells crawlers, over real HTTP: every URL of the sitemap is one robots.txt lets them fetch
and one that answers, and a page's ``lastmod`` is when its content changed across real builds, never the date of a
build that left it as it was. The rules as pure functions: tests/test_sitemap_dates.py."""

from __future__ import annotations

import re
import time
from xml.etree import ElementTree

import pytest
import requests

from byregion.build import build, open_current
from byregion.settings import Settings
from tests.conftest import Server, built_copy, serving
from tests.support.robots import allowed

pytestmark = pytest.mark.slow  # real builds and `byregion serve`

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REGION = "/doc/region/notodden"


def dates(server: Server) -> dict[str, str | None]:
    """Every URL of the server's sitemap (host-relative) with its ``lastmod``, None where it has none."""
    found: dict[str, str | None] = {}
    for url in ElementTree.fromstring(requests.get(server.url + "/sitemap.xml", timeout=30).content):
        loc, lastmod = url.find(SITEMAP + "loc"), url.find(SITEMAP + "lastmod")
        assert loc is not None and loc.text and loc.text.startswith(server.url)
        found[loc.text[len(server.url):]] = lastmod.text if lastmod is not None else None
    return found


def test_every_url_of_the_sitemap_may_be_crawled_and_answers(server: Server) -> None:
    robots = requests.get(server.url + "/robots.txt", timeout=10).text
    urls = list(dates(server))
    assert "/sparql?lang=en" in urls  # the English query page is a page of its own
    assert [url for url in urls if not allowed(robots, url)] == []
    assert not allowed(robots, "/sparql?query=ASK%20%7B%7D")  # the endpoint's answers stay off limits
    assert not allowed(robots, "/search?q=notodden")  # and search's (any text is a new URL)
    pages = [url for url in urls if not url.startswith("/doc/")] + [url for url in urls if url.startswith("/doc/")][:20]
    for url in pages:
        answer = requests.get(server.url + url, headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html"), url
    english = requests.get(server.url + "/sparql?lang=en", headers={"Accept": "text/html"}, timeout=30).text
    assert '<html lang="en">' in english


def wait_for_version(server: Server, version: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if requests.get(server.url + "/health", timeout=10).json().get("version") == version:
            return
        time.sleep(0.2)
    raise AssertionError(f"the server did not follow build {version}")


def test_lastmod_is_when_a_page_changed_not_when_a_build_was_made(
        site_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = built_copy(site_settings, tmp_path_factory.mktemp("lastmod"))
    repo = settings.repo_dir
    with serving(settings) as running:
        first = dates(running)
        assert first and set(first.values()) == {None}  # the first build cannot tell when anything changed

        curation = repo / "data" / "curation" / "notodden.ttl"
        curation.write_text(curation.read_text(encoding="utf-8") + '\n<https://data.byregion.no/id/region/notodden> '
                            '<http://www.w3.org/2000/01/rdf-schema#comment> "Endret side"@nb .\n', encoding="utf-8")
        second_build = build(settings, progress=False).manifest
        wait_for_version(running, second_build["version"])
        second = dates(running)
        assert second[REGION] == second_build["created"]  # its page changed with this build
        assert "Endret side" in requests.get(running.url + REGION, timeout=10).text
        unchanged = [url for url, date in second.items() if date is None]
        assert len(unchanged) > len(second) / 2  # most pages are as they were: no date claimed for them
        assert set(second.values()) == {None, second_build["created"]}

        third_build = build(settings, force=True, progress=False).manifest  # the same data again
        wait_for_version(running, third_build["version"])
        third = dates(running)
        assert third[REGION] == second_build["created"]  # unchanged since: the date it changed is kept
        assert {url for url, date in third.items() if date is None} <= set(unchanged)
        assert third_build["created"] in third.values()  # the pages that name the build (the home page) changed
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", third[REGION] or "")
    assert open_current(settings.build_dir).version == third_build["version"]
