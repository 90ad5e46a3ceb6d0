"""What a build tells crawlers: ``/sitemap.xml`` (every page, in each language, and when it last changed) and
``/robots.txt`` (what they may not fetch). Pure: pages, ETags and dates in, bytes out.

* **The pages**: each page in each language, its Norwegian page at its path and its English one at ``?lang=en``
  (:func:`byregion.i18n.page_urls`), each naming the other and the page for a reader who has not chosen
  (``hreflang``, with the request's host: a search engine reads only whole URLs there).
* **lastmod** says when the page's content last changed (sitemaps.org: the date of the last modification of the
  page, optional), never merely when a build was made. A build knows it by comparing each page's ETag (a hash of
  its body) with the previous build's (:func:`page_dates`): a page whose body is new or changed changed with this
  build, and gets the build's date; an unchanged one keeps the date the previous build gave it, if it had one.
  Where neither is known (the first build, a page unchanged since a build that could not tell, the SPARQL page,
  which the server renders per request) the page has no ``lastmod``: a date that is not the content's would have
  crawlers fetch every page again after every build.
* **robots.txt** keeps crawlers off the SPARQL endpoint's and search's answers (:data:`NOT_CRAWLED`: a query's URL
  runs the query) and allows each page the sitemap lists under such a prefix, by its exact URL
  (``Allow: /sparql?lang=en$``: the query page in English is a page; RFC 9309's longest match lets the ``Allow``
  win, its ``$`` keeps it to that URL), so that no URL of the sitemap is one a crawler may not fetch.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, unescape

from byregion.docstore import HOST
from byregion.i18n import LANGUAGES, page_urls
from byregion.mediatypes import HTML

#: URL prefixes crawlers may not fetch: the SPARQL endpoint's answers (``/sparql?query=…`` runs the query) and
#: search's (``/search?q=…``: any text makes a new URL; the answers are marked ``noindex`` as well).
NOT_CRAWLED = ("/sparql?", "/search?")
#: The representation a page's URL in each language answers with (``html.nb``, ``html.en``).
VARIANTS: dict[str, str] = {lang: f"{HTML.extension}.{lang}" for lang in LANGUAGES}

#: A representation: its document's path and its variant.
Key = tuple[str, str]


def page_dates(current: Mapping[Key, str], previous: Mapping[Key, str] | None,
               previous_dates: Mapping[Key, str], built: str) -> dict[Key, str]:
    """When each representation of ``current`` (key → ETag) last changed, where that is known: ``built`` (this
    build's date) for one that is new or whose ETag differs from ``previous`` (the previous build's ETags), the date
    of ``previous_dates`` (the previous build's own answer) for an unchanged one. None of them is known without a
    previous build (``previous`` None)."""
    if previous is None:
        return {}
    dates = {}
    for key, etag in current.items():
        if previous.get(key) != etag:
            dates[key] = built
        elif key in previous_dates:
            dates[key] = previous_dates[key]
    return dates


def sitemap_xml(paths: Iterable[str], dates: Mapping[Key, str]) -> bytes:
    """The sitemap of the pages at ``paths``, each in each language, with its ``lastmod`` where ``dates`` (by the
    representation its URL answers with, :data:`VARIANTS`) knows it."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for path in paths:
        urls = page_urls(path)
        alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{HOST}{escape(urls[code])}"/>'
                             for code in (*LANGUAGES, "x-default"))
        for lang in LANGUAGES:
            date = dates.get((path, VARIANTS[lang]))
            lastmod = f"<lastmod>{escape(date)}</lastmod>" if date else ""
            lines.append(f"<url><loc>{HOST}{escape(urls[lang])}</loc>{lastmod}{alternates}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


_LOC = re.compile(r"<loc>([^<]*)</loc>")


def listed_paths(sitemap: bytes) -> list[str]:
    """The paths of the pages a sitemap of :func:`sitemap_xml` lists, in its order: the ``paths`` it was made of
    (each page's URL in the default language is its path, :func:`byregion.i18n.page_urls`), so that a server that
    answers only some of them (the static export without ``--app``) can list those with the same dates."""
    urls = (unescape(url).removeprefix(HOST) for url in _LOC.findall(sitemap.decode("utf-8")))
    return list(dict.fromkeys(url.partition("?")[0] for url in urls))


def robots_txt(paths: Iterable[str]) -> bytes:
    """robots.txt: every URL may be crawled but those under :data:`NOT_CRAWLED`, except the pages at ``paths`` (those
    of the sitemap) that are under one, each allowed by its exact URL."""
    allowed = [url for path in paths for url in dict.fromkeys(page_urls(path).values())
               if url.startswith(NOT_CRAWLED)]
    lines = ["User-agent: *", "Allow: /", *(f"Allow: {url}$" for url in allowed),
             *(f"Disallow: {prefix}" for prefix in NOT_CRAWLED), "", f"Sitemap: {HOST}/sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")
