"""What `byregion serve` tells crawlers, over real HTTP: every URL of the sitemap is one robots.txt lets them fetch
and one that answers, and a page's ``lastmod`` is when its content changed across real builds, never the date of a
build that left it as it was. The rules as pure functions: tests/test_sitemap_dates.py."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from dataclasses import replace
from xml.etree import ElementTree

import pytest
import requests

from byregion.build import PublishedBuild, build, open_current
from byregion.settings import Settings
from tests.conftest import BYREGION, REPO_ROOT, Server, built_copy, repo_copy, serving, settings_env
from tests.support.nginx import export_folder, nginx_missing, start_nginx, stop_web_server
from tests.support.robots import allowed
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # real builds and `byregion serve`

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
REGION = "/doc/region/notodden"
#: The most URLs a part of the sitemap lists in the last build of the lastmod test (BYREGION_SITEMAP_URLS), so that
#: the test site's pages need an index and several parts.
PART_URLS = 100


def dates(server: Server | str, path: str = "/sitemap.xml") -> dict[str, str | None]:
    """Every URL of the server's sitemap (host-relative) with its ``lastmod``, None where it has none; where the
    sitemap is an index, those of each part it names, as a crawler reads them."""
    base = server if isinstance(server, str) else server.url
    found: dict[str, str | None] = {}
    answer = requests.get(base + path, timeout=30)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/xml"), path
    root = ElementTree.fromstring(answer.content)
    for url in root:
        loc, lastmod = url.find(SITEMAP + "loc"), url.find(SITEMAP + "lastmod")
        assert loc is not None and loc.text and loc.text.startswith(base)
        if root.tag == SITEMAP + "sitemapindex":
            part = dates(base, loc.text[len(base):])
            assert len(part) <= PART_URLS, path
            assert (lastmod.text if lastmod is not None else None) == (
                None if None in part.values() else max(d for d in part.values() if d)), loc.text
            assert not set(part) & set(found), "a URL in two parts"
            found.update(part)
        else:
            found[loc.text[len(base):]] = lastmod.text if lastmod is not None else None
    return found


def test_every_url_of_the_sitemap_may_be_crawled_and_answers(server: Server) -> None:
    robots = requests.get(server.url + "/robots.txt", timeout=10).text
    urls = list(dates(server))
    assert len(urls) < 10_000  # as the README's table of URLs says of /sitemap/<part>.xml
    assert "/sparql?lang=en" in urls  # the English query page is a page of its own
    assert [url for url in urls if not allowed(robots, url)] == []
    assert not allowed(robots, "/sparql?query=ASK%20%7B%7D")  # the endpoint's answers stay off limits
    assert allowed(robots, "/search?q=notodden")  # search's may be fetched, so that their noindex is read
    pages = [url for url in urls if not url.startswith("/doc/")] + [url for url in urls if url.startswith("/doc/")][:20]
    for url in pages:
        answer = requests.get(server.url + url, headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("text/html"), url
    english = requests.get(server.url + "/sparql?lang=en", headers={"Accept": "text/html"}, timeout=30).text
    assert '<html lang="en">' in english


ROBOTS_NOINDEX = '<meta name="robots" content="noindex">'


@pytest.mark.parametrize(("path", "listed"), [
    ("/search?q=notodden", False), ("/search?q=notodden&lang=en", False), ("/sparql?query=ASK%20%7B%7D", False),
    ("/search", True), ("/search?lang=en", True), ("/sparql", True)])
def test_an_answer_is_noindex_without_a_canonical_url_and_the_search_page_is_a_page(
        server: Server, path: str, listed: bool) -> None:
    """A search's or a query's answer is ``noindex`` (robots.txt lets a crawler fetch a search's, so that it reads it:
    a forbidden URL is listed by its address alone); ``/search`` without words is a page as every page, with its
    canonical URL and ``hreflang``."""
    html = requests.get(server.url + path, headers={"Accept": "text/html"}, timeout=30).text
    assert (ROBOTS_NOINDEX in html) != listed, path
    assert ('<link rel="canonical"' in html) == listed, path
    assert ('<link rel="alternate" hreflang="en"' in html) == listed, path
    if listed and path.startswith("/search"):
        english = "?lang=en" if "lang=en" in path else ""
        assert f'<link rel="canonical" href="https://data.byregion.no/search{english}">' in html


def wait_for_version(server: Server, version: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if requests.get(server.url + "/health", timeout=10).json().get("version") == version:
            return
        time.sleep(0.2)
    raise AssertionError(f"the server did not follow build {version}")


def test_lastmod_is_when_a_page_changed_not_when_a_build_was_made(
        site_settings: Settings, site_build: PublishedBuild, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = built_copy(site_settings, tmp_path_factory.mktemp("lastmod"))
    repo = settings.repo_dir
    first_created = open_current(settings.build_dir).info.created.strftime("%Y-%m-%dT%H:%M:%SZ")
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
        # most pages are as they were: dated with the first build, which had them unchanged, not with this one
        unchanged = [url for url, date in second.items() if date == first_created]
        assert len(unchanged) > len(second) / 2
        undated = {url for url, date in second.items() if date is None}
        assert undated == {"/sparql", "/sparql?lang=en"}  # rendered per request: no build can tell
        assert set(second.values()) == {None, first_created, second_build["created"]}

        # the same data again, its sitemap in parts (read through its index by dates())
        third_build = build(replace(settings, sitemap_urls=PART_URLS), force=True, progress=False).manifest
        wait_for_version(running, third_build["version"])
        assert b"<sitemapindex" in requests.get(running.url + "/sitemap.xml", timeout=30).content
        third = dates(running)
        assert list(third) == list(second)  # the same URLs in the same order
        parts = -(-len(third) // PART_URLS)
        assert parts > 2 and requests.get(running.url + f"/sitemap/{parts + 1}.xml", timeout=30).status_code == 404
        assert third[REGION] == second_build["created"]  # unchanged since: the date it changed is kept
        assert {url for url, date in third.items() if date is None} == undated
        # a build of the same data changes no page: those naming the version name the content's (the catalogue's,
        # the dataset's), so every date is kept
        assert third == second and third_build["created"] not in third.values()
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", third[REGION] or "")
    assert open_current(settings.build_dir).version == third_build["version"]


def test_a_sitemap_in_parts_is_served_alike_by_the_app_and_the_static_export(
        site_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    """A build whose pages need parts (BYREGION_SITEMAP_URLS): nginx serving its export answers the index and every
    part as the app does, byte for byte with --app; without --app it lists only what it answers (no /sparql page)
    and still in parts of the same length."""
    missing = nginx_missing()
    if missing:
        pytest.fail(missing)
    root = tmp_path_factory.mktemp("parts")
    settings = repo_copy(replace(site_settings, sitemap_urls=PART_URLS), root)
    build(settings, progress=False)
    with serving(settings) as running:
        from_app = dates(running)
        for app_url in (running.url, None):
            folder, port = export_folder(), free_port()
            done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port),
                                   *(("--app", app_url) if app_url else ())],
                                  env=settings_env(settings), cwd=REPO_ROOT, capture_output=True, text=True,
                                  timeout=300)
            assert done.returncode == 0, done.stderr
            nginx = start_nginx(folder, port)
            try:
                static = f"http://127.0.0.1:{port}"
                from_export = dates(static)
                if app_url:
                    assert from_export == from_app
                    for path in ("/sitemap.xml", "/sitemap/1.xml", "/sitemap/2.xml"):
                        host = {"Host": "data.example.org"}
                        mine, theirs = (requests.get(base + path, headers=host, timeout=30)
                                        for base in (running.url, static))
                        assert (theirs.status_code, theirs.content) == (mine.status_code, mine.content), path
                        assert theirs.headers["ETag"] == mine.headers["ETag"], path
                else:
                    assert from_export == {url: date for url, date in from_app.items()
                                           if not url.startswith("/sparql")}
                assert requests.get(static + "/sitemap/99.xml", timeout=30).status_code == 404
            finally:
                stop_web_server(nginx, folder)
                shutil.rmtree(folder, ignore_errors=True)
