"""What a build tells crawlers: ``/sitemap.xml`` (every page, in each language, and when it last changed) and
``/robots.txt`` (what they may not fetch). Pure: pages, ETags and dates in, bytes out.

* **The pages**: each page in each language, its Norwegian page at its path and its English one at ``?lang=en``
  (:func:`byregion.i18n.page_urls`), each naming the other and the page for a reader who has not chosen
  (``hreflang``, with the request's host: a search engine reads only whole URLs there).
* **lastmod** says when the page's content last changed (sitemaps.org: the date of the last modification of the
  page, optional), never merely when a build was made. A build knows it by comparing each page's ETag (a hash of
  its body) with the previous build's (:meth:`byregion.docstore.DocumentWriter.date`, which dates every
  representation so, for its ``Last-Modified``): a page whose body is new or changed changed with this build, and
  gets the build's date; an unchanged one keeps the date the previous build gave it, or that build's own date. Where
  neither is known (the first build, the SPARQL page, which the server renders per request) the page has no
  ``lastmod``: a date that is not the content's would have crawlers fetch every page again after every build.
* **Its parts**: one sitemap file may list 50,000 URLs in at most 50 MB (sitemaps.org, :data:`MAX_URLS`,
  :data:`MAX_BYTES`). Where the pages' URLs do not fit in one, ``/sitemap.xml`` is a sitemap index naming its parts,
  ``/sitemap/1.xml`` … (:data:`byregion.paths.SITEMAP_PART`), each a list of pages that fits, with each page's URLs
  in every language in the same part (:func:`sitemap_files`). The million-triple build has 190,572 documents.
* **robots.txt** keeps crawlers off the SPARQL endpoint's answers (:data:`NOT_CRAWLED`: a query's URL runs the
  query; search's answers are ``noindex`` instead, which a crawler must fetch to read) and allows each page the
  sitemap lists under such a prefix, by its exact URL (``Allow: /sparql?lang=en$``: the query page in English is a
  page; RFC 9309's longest match lets the ``Allow`` win, its ``$`` keeps it to that URL), so that no URL of the
  sitemap is one a crawler may not fetch.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from xml.sax.saxutils import escape, unescape

from byregion.docstore import HOST
from byregion.i18n import LANGUAGES, page_urls
from byregion.mediatypes import HTML
from byregion.paths import SITEMAP

#: URL prefixes crawlers may not fetch: the SPARQL endpoint's answers (``/sparql?query=…`` runs the query; its
#: answers are marked ``noindex`` too, for a crawler that fetches one anyway). Search's answers (``/search?q=…``) are
#: not kept off but marked ``noindex``: a search engine reads a ``noindex`` only on a page it may fetch, and indexes a
#: disallowed URL that others link by its address alone (Google, "Block Search indexing with noindex").
NOT_CRAWLED = ("/sparql?",)
#: The representation a page's URL in each language answers with (``html.nb``, ``html.en``).
VARIANTS: dict[str, str] = {lang: f"{HTML.extension}.{lang}" for lang in LANGUAGES}

#: A representation: its document's path and its variant.
Key = tuple[str, str]

#: The most URLs one sitemap file may list (sitemaps.org: "no more than 50,000 URLs"); a protocol's rule, not a
#: setting.
MAX_URLS = 50_000
#: The most bytes one sitemap file may have, uncompressed (sitemaps.org: "no larger than 50MB (52,428,800 bytes)").
MAX_BYTES = 52_428_800
#: The longest scheme and host the server puts in for :data:`HOST` (a host name of 253 characters and a port,
#: ``rules.HOST_PATTERN``): a part is measured as if every URL named it, so no request's host makes it too long.
LONGEST_ORIGIN = len("https://") + 253 + len(":65535")
_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
         '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')
_TAIL = "</urlset>\n"


def _page(path: str, dates: Mapping[Key, str]) -> list[str]:
    """The ``<url>`` lines of the page at ``path``, one in each language, each naming the others (``hreflang``)."""
    urls = page_urls(path)
    alternates = "".join(f'<xhtml:link rel="alternate" hreflang="{code}" href="{HOST}{escape(urls[code])}"/>'
                         for code in (*LANGUAGES, "x-default"))
    lines = []
    for lang in LANGUAGES:
        date = dates.get((path, VARIANTS[lang]))
        lastmod = f"<lastmod>{escape(date)}</lastmod>" if date else ""
        lines.append(f"<url><loc>{HOST}{escape(urls[lang])}</loc>{lastmod}{alternates}</url>\n")
    return lines


def _urlset(lines: Iterable[str]) -> bytes:
    return (_HEAD + "".join(lines) + _TAIL).encode("utf-8")


def _longest(text: str) -> int:
    """The bytes of ``text`` once the server has put the longest scheme and host in for each :data:`HOST`."""
    return len(text.encode("utf-8")) + text.count(HOST) * (LONGEST_ORIGIN - len(HOST))


def sitemap_xml(paths: Iterable[str], dates: Mapping[Key, str]) -> bytes:
    """One sitemap file of the pages at ``paths``, each in each language, with its ``lastmod`` where ``dates`` (by
    the representation its URL answers with, :data:`VARIANTS`) knows it."""
    return _urlset(line for path in paths for line in _page(path, dates))


def part_path(number: int) -> str:
    """The path of the sitemap's part ``number`` (from 1): ``/sitemap/1.xml``."""
    return f"/sitemap/{number}.xml"


def sitemap_files(paths: Iterable[str], dates: Mapping[Key, str], *, max_urls: int = MAX_URLS,
                  max_bytes: int = MAX_BYTES) -> dict[str, bytes]:
    """The sitemap of the pages at ``paths`` by path: ``/sitemap.xml`` alone (:func:`sitemap_xml`) where their URLs
    fit in one file of at most ``max_urls`` URLs and ``max_bytes`` bytes; else ``/sitemap.xml`` a sitemap index
    and its parts (:func:`part_path`), in the order of ``paths``, a page's URLs in one part. A part's ``lastmod``
    in the index is its pages' latest, where every URL of the part has one."""
    parts: list[list[str]] = [[]]
    part_dates: list[list[str | None]] = [[]]  # each URL's lastmod, by part
    room = max_bytes - _longest(_HEAD + _TAIL)
    used = 0
    for path in paths:
        lines = _page(path, dates)
        size = sum(_longest(line) for line in lines)
        if size > room or len(lines) > max_urls:
            raise ValueError(f"the page {path} alone does not fit in a sitemap of {max_urls} URLs and {max_bytes} "
                             "bytes")
        if used + size > room or len(parts[-1]) + len(lines) > max_urls:
            parts.append([])
            part_dates.append([])
            used = 0
        parts[-1].extend(lines)
        part_dates[-1].extend(dates.get((path, VARIANTS[lang])) for lang in LANGUAGES)
        used += size
    if len(parts) == 1:
        return {SITEMAP: _urlset(parts[0])}
    files = {part_path(n): _urlset(lines) for n, lines in enumerate(parts, 1)}
    index = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n, known in enumerate(part_dates, 1):
        lastmod = f"<lastmod>{escape(max(d for d in known if d))}</lastmod>" if all(known) else ""
        index.append(f"<sitemap><loc>{HOST}{part_path(n)}</loc>{lastmod}</sitemap>")
    index.append("</sitemapindex>")
    return {SITEMAP: ("\n".join(index) + "\n").encode("utf-8"), **files}
_LOC = re.compile(r"<loc>([^<]*)</loc>")


def listed_paths(get: Callable[[str], bytes | None]) -> list[str]:
    """The paths of the pages a sitemap of :func:`sitemap_files` lists, in its order, ``get`` giving a file of it by
    path (``/sitemap.xml``, and its parts where it is an index): the ``paths`` it was made of (each page's URL in
    the default language is its path, :func:`byregion.i18n.page_urls`), so that a server that answers only some
    of them (the static export without ``--app``) can list those with the same dates."""
    body = get(SITEMAP)
    if body is None:
        return []
    text = body.decode("utf-8")
    if "<sitemapindex" in text:
        parts = [unescape(url).removeprefix(HOST) for url in _LOC.findall(text)]
        text = "".join(found.decode("utf-8") for part in parts if (found := get(part)) is not None)
    urls = (unescape(url).removeprefix(HOST) for url in _LOC.findall(text))
    return list(dict.fromkeys(url.partition("?")[0] for url in urls))


def robots_txt(paths: Iterable[str]) -> bytes:
    """robots.txt: every URL may be crawled but those under :data:`NOT_CRAWLED`, except the pages at ``paths`` (those
    of the sitemap) that are under one, each allowed by its exact URL."""
    allowed = [url for path in paths for url in dict.fromkeys(page_urls(path).values())
               if url.startswith(NOT_CRAWLED)]
    lines = ["User-agent: *", "Allow: /", *(f"Allow: {url}$" for url in allowed),
             *(f"Disallow: {prefix}" for prefix in NOT_CRAWLED), "", f"Sitemap: {HOST}/sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")
