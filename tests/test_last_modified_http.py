"""A document's ``Last-Modified`` is when its body last changed, across real builds, never merely the date of the
build that serves it: a crawler or a cache that revalidates with ``If-Modified-Since`` gets 304 for what did not
change. The app, nginx serving the export (its fast path and byregion.js) and Apache send the same date. How a
build dates its representations: tests/test_document_dates.py."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
import requests

from byregion.build import PublishedBuild, build, open_current
from byregion.settings import Settings
from tests.conftest import BYREGION, REPO_ROOT, Server, built_copy, serving, settings_env
from tests.support.nginx import apache_missing, export_folder, nginx_missing, start_apache, start_nginx, stop_web_server
from tests.support.servers import free_port

pytestmark = pytest.mark.slow  # two real builds, `byregion serve`, nginx and Apache

CHANGED = "/doc/region/notodden"
UNCHANGED = "/doc/municipality/notodden"
#: What each server is asked: the fast path's plain requests, and byregion.js's (a query string, a cookie).
ASKED = [("ttl", {"Accept": "text/turtle"}, ""), ("html", {"Accept": "text/html"}, ""),
         ("jsonld", {"Accept": "application/ld+json"}, "?_mediatype=application/ld%2Bjson"),
         ("html", {"Accept": "text/html", "Cookie": "lang=en"}, "")]


@pytest.fixture(scope="module")
def two_builds(site_settings: Settings, site_build: PublishedBuild,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Settings, str, str]]:
    """The site built, a page's data changed, and built again: the settings and each build's date."""
    settings = built_copy(site_settings, tmp_path_factory.mktemp("last-modified"))
    first = open_current(settings.build_dir).info.created
    curation = settings.repo_dir / "data" / "curation" / "notodden.ttl"
    curation.write_text(curation.read_text(encoding="utf-8") + '\n<https://data.byregion.no/id/region/notodden> '
                        '<http://www.w3.org/2000/01/rdf-schema#comment> "Endret side"@nb .\n', encoding="utf-8")
    second = build(settings, progress=False).manifest["created"]
    yield settings, format_datetime(first, usegmt=True), format_datetime(datetime.fromisoformat(second), usegmt=True)


def _export(settings: Settings) -> tuple[Path, int]:
    folder, port = export_folder(), free_port()
    done = subprocess.run([*BYREGION, "export-static", str(folder), "--port", str(port)], env=settings_env(settings),
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return folder, port


def _dates(base: str) -> dict[tuple[str, str, str], str]:
    found = {}
    for path in (CHANGED, UNCHANGED):
        for fmt, headers, query in ASKED:
            answer = requests.get(base + path + query, headers=headers, timeout=30)
            assert answer.status_code == 200, (path, headers, query)
            found[path, fmt, str(headers) + query] = answer.headers["Last-Modified"]
    return found


def test_a_document_is_dated_when_its_body_changed_by_the_app_nginx_and_apache(
        two_builds: tuple[Settings, str, str]) -> None:
    settings, first, second = two_builds
    missing = nginx_missing() or apache_missing()
    if missing:
        pytest.fail(missing)
    with serving(settings) as app:
        from_app = _dates(app.url)
        # the region's page and its RDF changed with the second build; the municipality's did not
        assert {d for (path, _, _), d in from_app.items() if path == CHANGED} == {second}
        assert {d for (path, _, _), d in from_app.items() if path == UNCHANGED} == {first}
        _revalidates(app.url, first, second)
        folder, port = _export(settings)
        nginx: Server | None = None
        apache = None
        try:
            nginx = start_nginx(folder, port)
            assert _dates(f"http://127.0.0.1:{port}") == from_app
            _revalidates(f"http://127.0.0.1:{port}", first, second)
            apache_port = free_port()
            conf = folder / "apache-test.conf"
            conf.write_text(re.sub(r"^Listen 127\.0\.0\.1:\d+$", f"Listen 127.0.0.1:{apache_port}",
                                   (folder / "apache.conf").read_text(encoding="utf-8"), flags=re.M),
                            encoding="utf-8")
            # httpd makes a negotiated answer's ETag of its type map's time too: dated with the latest of its
            # document's representations, an unchanged document keeps its ETag across builds (a review)
            unchanged_map = folder / "site" / (UNCHANGED.lstrip("/") + ".var")
            assert format_datetime(datetime.fromtimestamp(unchanged_map.stat().st_mtime, UTC), usegmt=True) == first
            apache = start_apache(folder, conf, apache_port)
            apache_base = f"http://127.0.0.1:{apache_port}"
            for path in (CHANGED, UNCHANGED):
                for fmt, headers, _ in ASKED[:2]:  # Apache negotiates by Accept alone (its type maps)
                    answer = requests.get(apache_base + path, headers=headers, timeout=30)
                    assert answer.headers["Last-Modified"] == from_app[path, fmt, str(headers)], (path, fmt)
            _revalidates(apache_base, first, second)
        finally:
            for server in (apache, nginx):
                if server is not None:
                    stop_web_server(server, folder)
            shutil.rmtree(folder, ignore_errors=True)


def _revalidates(base: str, first: str, second: str) -> None:
    """A cache holding each document since the first build revalidates it: 304 for the unchanged one, the new body
    for the changed one; and ``If-Unmodified-Since`` of the first build's date holds for the unchanged one only."""
    turtle = {"Accept": "text/turtle"}
    assert requests.get(base + UNCHANGED, headers={**turtle, "If-Modified-Since": first}, timeout=30).status_code == 304
    changed = requests.get(base + CHANGED, headers={**turtle, "If-Modified-Since": first}, timeout=30)
    assert changed.status_code == 200 and "Endret side" in changed.text
    assert changed.headers["Last-Modified"] == second
    for path, status in ((UNCHANGED, 200), (CHANGED, 412)):
        answer = requests.get(base + path, headers={**turtle, "If-Unmodified-Since": first}, timeout=30)
        assert answer.status_code == status, (base, path)
