"""What a build tells crawlers, as pure functions (``byregion/build/render/sitemap.py``): a page's ``lastmod`` where its
date is known (when it is: tests/test_document_dates.py); and robots.txt allows every URL the sitemap lists. Over
real HTTP and real builds: tests/test_sitemap_http.py."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest

from byregion.build.render.documents import SITE_PAGES
from byregion.build.render.sitemap import VARIANTS, listed_paths, robots_txt, sitemap_files, sitemap_xml
from byregion.docstore import HOST
from byregion.paths import SITEMAP, is_sitemap_part
from tests.support.robots import allowed

pytestmark = pytest.mark.fast

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NB, EN = ("/doc/region/notodden", "html.nb"), ("/doc/region/notodden", "html.en")


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
    assert listed_paths({SITEMAP: made}.get) == paths
    assert sitemap_xml(listed_paths({SITEMAP: made}.get), dates) == made
    assert sitemap_files(paths, dates) == {SITEMAP: made}  # they fit in one file: no index


def _urls(body: bytes) -> list[str]:
    return [loc.removeprefix(HOST) for loc in re.findall(r"<loc>([^<]+)</loc>", body.decode())]


def test_pages_more_than_one_file_may_list_are_listed_in_parts_named_by_an_index() -> None:
    """sitemaps.org: at most 50,000 URLs and 50 MB a file, and a sitemap index naming the files where there are more.
    Each page's URLs (nb and en) stay in one part, the parts keep the pages' order, and the index dates a part where
    every URL in it is dated."""
    paths = [f"/doc/theme/t{n}" for n in range(7)]
    dated = {(p, v): f"2026-11-0{n + 1}T00:00:00Z" for n, p in enumerate(paths) for v in VARIANTS.values()}
    dates = {k: v for k, v in dated.items() if k[0] != "/doc/theme/t6"}  # the last page has no dates
    files = sitemap_files(paths, dates, max_urls=5)
    assert list(files) == [SITEMAP, "/sitemap/1.xml", "/sitemap/2.xml", "/sitemap/3.xml", "/sitemap/4.xml"]
    index = ElementTree.fromstring(files[SITEMAP])
    assert index.tag == f"{NS}sitemapindex"
    assert [(s.findtext(f"{NS}loc"), s.findtext(f"{NS}lastmod")) for s in index] == [
        (f"{HOST}/sitemap/1.xml", "2026-11-02T00:00:00Z"), (f"{HOST}/sitemap/2.xml", "2026-11-04T00:00:00Z"),
        (f"{HOST}/sitemap/3.xml", "2026-11-06T00:00:00Z"), (f"{HOST}/sitemap/4.xml", None)]
    assert [len(_urls(files[part])) for part in list(files)[1:]] == [4, 4, 4, 2]  # two pages in nb and en, not 5
    assert {ElementTree.fromstring(files[part]).tag for part in list(files)[1:]} == {f"{NS}urlset"}
    listed = [url for part in list(files)[1:] for url in _urls(files[part])]
    assert listed == _urls(sitemap_xml(paths, dates))  # the same URLs, in the same order, as one file would list
    assert listed_paths(files.get) == paths
    assert all(is_sitemap_part(part) for part in list(files)[1:]) and not is_sitemap_part("/sitemap/0.xml")


def test_a_part_fits_the_protocol_s_bytes_whatever_host_the_request_names() -> None:
    paths = [f"/doc/theme/{'x' * 90}{n}" for n in range(40)]
    one = sitemap_xml(paths[:1], {})
    files = sitemap_files(paths, {}, max_bytes=20_000)
    longest = "https://" + "h" * 253 + ":65535"
    assert len(files) > 2
    for part in list(files)[1:]:
        assert len(files[part].replace(HOST.encode(), longest.encode())) <= 20_000
    assert listed_paths(files.get) == paths
    with pytest.raises(ValueError, match="does not fit"):
        sitemap_files(paths, {}, max_bytes=len(one))
