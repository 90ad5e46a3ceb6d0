"""The conditional answers of a file sent as it is (``rules.file_answer``) and what the static export's generated
configurations take from those rules: the 304 location of nginx.conf, the dumps' ETags, the 405 of every other
method. The answers themselves, from a real nginx and Apache against the app, are in tests/test_static_export.py
and tests/test_apache_export.py."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from byregion.export import nginx
from byregion.export.apache import ApacheSite, apache_conf
from byregion.export.layout import APP_SERVICE_PATHS, METHOD_NOT_ALLOWED
from byregion.serve import rules

pytestmark = pytest.mark.fast

SHA256 = "86eee556ba580db81351c64cd9e2315634ebea8195029140c9b4ed964d201d9c"
BUILT = datetime(2026, 12, 3, 6, 27, 5, tzinfo=UTC)


def request(**headers: str) -> rules.Request:
    return rules.Request("GET", "/dumps/byregion.ttl", {}, {k.lower().replace("_", "-"): v for k, v in headers.items()})


def test_a_file_has_its_sha256_as_etag_and_digest() -> None:
    answer = rules.file_answer(request(), "text/turtle; charset=utf-8", 12, etag=rules.file_etag(SHA256),
                               modified=BUILT)
    sent = dict(answer.headers)
    assert answer.status == 200 and sent["ETag"] == rules.file_etag(SHA256) == f'"{SHA256}"'
    assert rules.digest(SHA256) == "sha-256=hu7lVrpYDbgTUcZM2eIxVjTr6oGVApFAybTtlk0gHZw="
    assert sent["Content-Length"] == "12" and "Vary" not in sent  # nothing negotiated


@pytest.mark.parametrize("condition", [{"if_none_match": f'"{SHA256}"'}, {"if_none_match": "*"},
                                       {"if_none_match": f'"x", W/"{SHA256}"'},
                                       {"if_modified_since": "Thu, 03 Dec 2026 06:27:05 GMT"}])
def test_a_files_304_keeps_what_keep_on_304_names_and_nothing_else(condition: dict[str, str]) -> None:
    """The validators, caching and CORS of the 200, and its security headers; no Content-Type, Content-Length
    or Digest (RFC 9110 §15.4.5: no other representation metadata; §8.6: no length but the 200's)."""
    answer = rules.file_answer(request(**condition), "text/turtle; charset=utf-8", 12, etag=rules.file_etag(SHA256),
                               modified=BUILT)
    names = {name.lower() for name, _ in answer.headers}
    assert answer.status == 304
    assert names - {n.lower() for n, _ in rules.security_headers("text/turtle")} <= rules.KEEP_ON_304
    assert {"etag", "last-modified", "cache-control", "access-control-allow-origin"} <= names
    assert not names & {"content-type", "content-length", "digest"}


MODIFIED = "Thu, 03 Dec 2026 06:27:05 GMT"
STYLE_ETAG = '"0123456789abcdef0123456789abcdef"'


def site(app_url: str | None = None) -> nginx.NginxSite:
    files = {"/dumps/byregion.ttl": nginx.ServedFile(rules.file_etag(SHA256), MODIFIED, rules.digest(SHA256)),
             "/static/style.css": nginx.ServedFile(STYLE_ETAG, "Wed, 02 Dec 2026 10:00:00 GMT")}
    return nginx.NginxSite(8080, {"ttl": "text/turtle; charset=utf-8", "gz": "application/gzip"}, files, MODIFIED,
                           rules.CACHE[1], 2048, app_url=app_url)


def location(conf: str, head: str) -> str:
    """The text of one location block of ``conf`` (no block nested in it holds another ``location``)."""
    start = conf.index(f"        location {head} {{\n")
    return conf[start:conf.index("\n        }\n", start)]


def test_nginx_sends_no_304_of_its_own_making() -> None:
    """``return 304`` sends a Content-Type and ``Content-Length: 0``: every 304 byregion.js decides goes to the 304
    location, whose headers are the js_var headers a 304 keeps, with no type (``default_type ""``)."""
    conf = nginx.nginx_conf(site())
    assert not re.search(r"\breturn 304\b", conf)
    assert conf.count(f"rewrite ^ {nginx.NOT_MODIFIED} last;") == 3  # documents, dumps, static files
    block = location(conf, f"= {nginx.NOT_MODIFIED}")
    assert "internal;" in block and 'default_type "";' in block and "js_content byregion.notModified;" in block
    sent = set(re.findall(r"add_header (\S+) \$br_\w+;", block))
    assert {name.lower() for name in sent} == {name.lower() for name, _ in nginx.NOT_MODIFIED_VARIABLES}
    assert {name.lower() for name in sent} <= rules.KEEP_ON_304
    assert {name for name, _ in nginx.HEADER_VARIABLES} - sent == set()  # every header byregion.js sends is kept


@pytest.mark.parametrize("prefix", nginx.FILE_PREFIXES)
def test_nginx_sends_the_apps_etag_and_digest_for_a_file(prefix: str) -> None:
    """The dumps and the static files: one mechanism, their ETags, dates and Digests written into maps; anything
    under the prefix that the maps do not name is 404 (a folder, ``style.css/``)."""
    conf = nginx.nginx_conf(site())
    block = location(conf, f"^~ {prefix}")
    assert "etag off;" in block and "set $br_route $br_file_decision;" in block
    assert 'if ($br_file_etag = "") {\n                return 404;' in block
    assert rules.file_etag(SHA256) == f'"{SHA256}"'
    # each map's key is a regular expression of the exact path (nginx's string keys ignore letter case), written
    # in nginx's quoting, which keeps a backslash as two; the values' quotes are escaped
    dump, style = '"~^/dumps/byregion\\\\.ttl$"', '"~^/static/style\\\\.css$"'
    assert f'{dump} "\\"{SHA256}\\"";' in conf  # the map of $br_file_etag
    assert f'{dump} "{rules.digest(SHA256)}";' in conf
    assert f'{style} "{STYLE_ETAG.replace(chr(34), chr(92) + chr(34))}";' in conf
    assert f'{style} "Wed, 02 Dec 2026 10:00:00 GMT";' in conf


@pytest.mark.parametrize("app_url", [None, "http://127.0.0.1:8080"])
def test_nginx_answers_trace_as_other_methods(app_url: str | None) -> None:
    """nginx refuses TRACE before it chooses a location; the server's error_page sends it to byregion.js (and, with
    --app, the app's services to the app, whose Allow names POST)."""
    conf = nginx.nginx_conf(site(app_url))
    assert f"error_page 405 = {nginx.REFUSED};" in conf
    block = location(conf, nginx.REFUSED)
    assert "js_content byregion.respond;" in block
    assert ("rewrite ^ $uri last;" in block) is (app_url is not None)


@pytest.mark.parametrize("app_url", [None, "http://127.0.0.1:8080"])
def test_apache_refuses_other_methods_as_the_app(app_url: str | None, tmp_path: Path) -> None:
    conf = apache_conf(ApacheSite(8080, tmp_path, {"ttl": "text/turtle; charset=utf-8"}, app_url))
    assert "\nTraceEnable off\n" in conf
    assert "RewriteCond %{REQUEST_METHOD} !^(GET|HEAD|OPTIONS)$\n" in conf
    assert f"ErrorDocument 405 {METHOD_NOT_ALLOWED}\n" in conf
    assert f'Header always set Allow "{rules.ALLOWED}"' in conf
    assert (f"!{APP_SERVICE_PATHS}" in conf) is (app_url is not None)  # POST to the app's services passes
