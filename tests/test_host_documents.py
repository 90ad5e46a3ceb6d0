"""A document that names the request's host (the home page, the catalogue's pages, the sitemap) is kept with a
marker where the host goes, compressed like any body where that pays; the server puts the host in and compresses
what it made. Over HTTP, from the app, nginx and Apache: tests/test_apache_export.py."""

from __future__ import annotations

import gzip

import pytest

from byregion.docstore import HOST, representation

pytestmark = pytest.mark.fast

SITEMAP = "".join(f"<url><loc>{HOST}/id/municipality/m{n}</loc></url>\n" for n in range(400)).encode()


def test_a_long_one_is_kept_compressed_with_its_marker_and_sent_compressed_with_the_host() -> None:
    kept = representation("/sitemap.xml", "", "application/xml", SITEMAP, host=True)
    assert kept.gzip is not None and kept.identity is None and gzip.decompress(kept.gzip) == SITEMAP
    served = kept.for_host("https://data.example.org", pack=True)
    expected = SITEMAP.replace(HOST.encode(), b"https://data.example.org")
    assert served.identity == expected and served.gzip is not None and gzip.decompress(served.gzip) == expected
    plain = kept.for_host("https://data.example.org", pack=False)  # a client that does not take gzip: not packed
    assert plain.identity == expected and plain.gzip is None and plain.etag == served.etag != kept.etag
    assert served.etag != kept.for_host("http://localhost:8080", pack=True).etag  # another host, another body


def test_a_short_one_goes_as_it_is() -> None:
    kept = representation("/robots.txt", "", "text/plain", f"Sitemap: {HOST}/sitemap.xml\n".encode(), host=True)
    served = kept.for_host("https://data.example.org", pack=True)
    assert kept.gzip is None and served.gzip is None
    assert served.body == b"Sitemap: https://data.example.org/sitemap.xml\n"
