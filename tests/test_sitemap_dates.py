"""What a build tells crawlers, as pure functions (``byregion/build/render/sitemap.py``): a page's ``lastmod`` is when
its content changed, as far as the builds can tell, never the build's date for a page that did not change; and
robots.txt allows every URL the sitemap lists. Over real HTTP and real builds: tests/test_sitemap_http.py."""

from __future__ import annotations

import re

import pytest

from byregion.build.render.documents import SITE_PAGES
from byregion.build.render.sitemap import listed_paths, page_dates, robots_txt, sitemap_xml
from byregion.docstore import HOST
from tests.support.robots import allowed

pytestmark = pytest.mark.fast

NB, EN = ("/doc/region/notodden", "html.nb"), ("/doc/region/notodden", "html.en")


def test_the_first_build_knows_no_dates() -> None:
    assert page_dates({NB: '"a"', EN: '"b"'}, None, {}, "2026-12-02T00:00:00Z") == {}


def test_a_changed_or_new_page_changed_with_this_build_and_an_unchanged_one_keeps_its_date() -> None:
    now = "2026-12-03T00:00:00Z"
    current = {NB: '"a"', EN: '"changed"', ("/doc/theme/new", "html.nb"): '"n"', ("/", "html.nb"): '"home"'}
    previous = {NB: '"a"', EN: '"b"', ("/", "html.nb"): '"home"'}
    known = {NB: "2026-11-01T00:00:00Z"}  # the home page's date was not known before either
    assert page_dates(current, previous, known, now) == {
        NB: "2026-11-01T00:00:00Z", EN: now, ("/doc/theme/new", "html.nb"): now}


def test_the_sitemap_says_lastmod_only_where_it_is_known() -> None:
    body = sitemap_xml(["/doc/region/notodden"], {EN: "2026-12-03T00:00:00Z"}).decode()
    assert f"<loc>{HOST}/doc/region/notodden</loc><xhtml:link" in body  # no lastmod
    assert f"<loc>{HOST}/doc/region/notodden?lang=en</loc><lastmod>2026-12-03T00:00:00Z</lastmod>" in body


def test_robots_allows_every_url_of_the_sitemap_and_no_query_of_the_endpoint() -> None:
    pages = [*SITE_PAGES, "/doc/region/notodden"]
    robots = robots_txt(pages).decode()
    listed = [loc.removeprefix(HOST) for loc in re.findall(r"<loc>([^<]+)</loc>", sitemap_xml(pages, {}).decode())]
    assert "/sparql?lang=en" in listed  # the query page in English is a page
    assert [url for url in listed if not allowed(robots, url)] == []
    for answer in ("/sparql?query=ASK%20%7B%7D", "/sparql?lang=en&query=ASK%20%7B%7D", "/sparql?format=ttl",
                   "/sparql?query=ASK%20%7B%7D&lang=en"):
        assert not allowed(robots, answer), answer
    assert allowed(robots, "/sparql") and robots.index("Allow: /sparql?lang=en$") < robots.index("Disallow: /sparql?")


def test_a_sitemap_says_which_pages_it_was_made_of() -> None:
    """``listed_paths`` gives back the paths a sitemap was made of, so that the static export without --app makes
    the sitemap again of those it answers, with the same dates, and the same bytes when it keeps them all."""
    paths = [*SITE_PAGES, "/doc/region/notodden", "/doc/theme/a&b"]
    dates = {NB: "2026-11-01T00:00:00Z", ("/sparql", "html.en"): "2026-11-02T00:00:00Z"}
    made = sitemap_xml(paths, dates)
    assert listed_paths(made) == paths
    assert sitemap_xml(listed_paths(made), dates) == made
