"""After a rollback (``current`` pointed back at an older whole build, as the README says: ``ln -sfn VERSION
current.tmp && mv -T current.tmp current``) no representation goes back in time: every ``Last-Modified`` the
server sends, every ``If-Modified-Since`` it answers and every ``<lastmod>`` of its sitemap is at least the moment
the rollback took effect (the ``current`` link's own time), so that a cache holding the withdrawn build's copy,
revalidating it by date, gets the rolled-back body and not a 304 (RFC 9110 §13.1.3; an archivist found the older
date sent and the newer copy kept). ETags stay those of the build's bodies. A build that is the newest in its
folder is dated as it always was (tests/test_last_modified_http.py)."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from byregion.build import PublishedBuild, open_current
from byregion.build.reader import rollback_floor
from byregion.docstore import FILE, HOST, DocumentStore, etag_of, representation
from byregion.export.layout import SITE
from byregion.export.static import ExportOptions, export_static
from byregion.mediatypes import XML
from byregion.serve.documents import Served, floored_sitemap
from byregion.serve.files import STATIC
from byregion.settings import Settings
from byregion.web.app import create_app

pytestmark = pytest.mark.slow  # a real build, copied into a build folder twice, served by the app in-process

OLDER, NEWER = "20990101T000000Z", "20990102T000000Z"
#: What a cache may hold a copy of: a page, the home page, the sitemap, a dataset description, a dump.
PATHS = ("/doc/regions.html", "/", "/sitemap.xml", "/dataset.ttl", "/dumps/byregion.ttl")


def _point_current_at(build_dir: Path, version: str, moment: datetime) -> None:
    """``current`` made to point at ``version`` as the README says, the link's own time set to ``moment``."""
    link = build_dir / "current.tmp"
    link.symlink_to(version)
    os.replace(link, build_dir / "current")
    os.utime(build_dir / "current", (moment.timestamp(), moment.timestamp()), follow_symlinks=False)


def _folder(site_build: PublishedBuild, tmp_path: Path, *versions: str) -> Path:
    """A build folder holding the site's build under each of ``versions`` in turn, each made after the ones before
    it (its manifest's history names them, as a build's does)."""
    build_dir = tmp_path / "build"
    for version in versions:
        _add(site_build, build_dir, version)
    return build_dir


def _add(site_build: PublishedBuild, build_dir: Path, version: str) -> None:
    """The site's build copied into ``build_dir`` as ``version``, made after every build already there."""
    before = sorted(p.name for p in build_dir.iterdir() if not p.is_symlink()) if build_dir.exists() else []
    shutil.copytree(site_build.path, build_dir / version)
    manifest = build_dir / version / "manifest.json"
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["version"] = version
    data["history"] = [{"version": name, "created": data["created"], "content_sha256": data["content_sha256"]}
                       for name in reversed(before)]
    manifest.write_text(json.dumps(data), encoding="utf-8")


def _modified(client: FlaskClient, path: str) -> tuple[datetime, str]:
    answer = client.get(path)
    assert answer.status_code == 200, path
    return parsedate_to_datetime(answer.headers["Last-Modified"]), answer.headers["ETag"]


def test_a_rolled_back_build_sends_no_date_before_the_rollback(site_settings: Settings, site_build: PublishedBuild,
                                                               tmp_path: Path) -> None:
    built = site_build.info.created
    rolled_back = built.replace(microsecond=0) + timedelta(days=1)  # the moment current was pointed back
    newer_copy = built + timedelta(hours=1)  # when a cache fetched the newer build's copy: before the rollback
    build_dir = _folder(site_build, tmp_path, OLDER)
    _point_current_at(build_dir, OLDER, rolled_back)
    settings = replace(site_settings, build_dir=build_dir, follow_interval=0)
    with create_app(settings).test_client() as alone:  # the newest build of its folder: its own dates
        before = {path: _modified(alone, path) for path in PATHS}
    assert all(date < rolled_back for date, _ in before.values())

    _add(site_build, build_dir, NEWER)  # a build made after it is there: OLDER is a rollback
    with create_app(settings).test_client() as client:
        for path in PATHS:
            date, etag = _modified(client, path)
            assert date == rolled_back, path
            if path != "/sitemap.xml":  # its body is another (its lastmod raised): the rest are the same bytes
                assert etag == before[path][1], path
            revalidated = client.get(path, headers={"If-Modified-Since": format_datetime(newer_copy, usegmt=True)})
            assert revalidated.status_code == 200, path  # the newer build's copy is not "not modified"
            assert revalidated.headers["Last-Modified"] == format_datetime(rolled_back, usegmt=True)
            current = client.get(path, headers={"If-Modified-Since": format_datetime(rolled_back, usegmt=True)})
            assert current.status_code == 304, path
        # a first build's sitemap has no lastmod (nothing earlier to compare with); it gains none
        assert "<lastmod>" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_a_rolled_back_sitemap_says_no_page_changed_before_the_rollback(site_build: PublishedBuild) -> None:
    """Each ``<lastmod>`` before the rollback is raised to it, one after it kept: the sitemap agrees with the pages'
    ``Last-Modified`` (a crawler that fetched a page of the newer build is told it changed since)."""
    floor = datetime(2099, 1, 2, 12, tzinfo=UTC)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               f"<url><loc>{HOST}/doc/regions</loc><lastmod>2099-01-01T00:00:00Z</lastmod></url>"
               f"<url><loc>{HOST}/doc/counties</loc><lastmod>2099-01-03T00:00:00Z</lastmod></url>"
               f"<url><loc>{HOST}/</loc></url></urlset>\n").encode()
    stored = replace(representation("/sitemap.xml", "", XML.name, sitemap, host=True), modified="2099-01-01T00:00:00Z")
    documents = DocumentStore(site_build.path / FILE)
    try:
        served = Served(documents, site_build.info.created, 4096, floor=floor)
        raised = floored_sitemap(served, stored)
        assert re.findall(rb"<lastmod>([^<]+)</lastmod>", raised.body) == [b"2099-01-02T12:00:00Z",
                                                                          b"2099-01-03T00:00:00Z"]
        assert raised.etag == etag_of(raised.body) != stored.etag and raised.host
        assert served.modified(raised) == floor
        assert floored_sitemap(served, stored) is raised  # made once per build
    finally:
        documents.close()


def test_the_floor_is_kept_across_a_restart_and_set_when_a_running_server_follows_the_rollback(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    build_dir = _folder(site_build, tmp_path, OLDER, NEWER)
    _point_current_at(build_dir, NEWER, site_build.info.created)
    settings = replace(site_settings, build_dir=build_dir, follow_interval=0.001)
    with create_app(settings).test_client() as client:
        newest, _ = _modified(client, "/doc/regions.html")
        assert newest <= site_build.info.created  # the newest build: its own date
        moment = datetime.now(UTC).replace(microsecond=0)
        _point_current_at(build_dir, OLDER, moment)  # rolled back while it runs
        time.sleep(0.01)
        assert _modified(client, "/doc/regions.html")[0] == moment
    with create_app(replace(settings, follow_interval=0)).test_client() as restarted:
        assert _modified(restarted, "/doc/regions.html")[0] == moment


def test_an_export_of_a_rolled_back_build_dates_its_files_as_the_app_does(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """The static export of the current build after a rollback dates every file of the build (documents, dumps,
    error bodies) and its tables' dates no earlier than the rollback, as the app sends them; the software's own static
    files keep their times."""
    build_dir = _folder(site_build, tmp_path, OLDER, NEWER)
    rolled_back = site_build.info.created.replace(microsecond=0) + timedelta(days=1)
    _point_current_at(build_dir, OLDER, rolled_back)
    exported = export_static(open_current(build_dir), tmp_path / "export", ExportOptions(progress=False))
    site = exported.folder / SITE
    dated = [p for p in site.rglob("*") if p.is_file() and p.relative_to(site).parts[0] != STATIC.strip("/")]
    assert dated and {datetime.fromtimestamp(p.stat().st_mtime, UTC) for p in dated} == {rolled_back}
    stamp = format_datetime(rolled_back, usegmt=True)
    assert stamp in (exported.folder / "nginx.conf").read_text(encoding="utf-8") + "".join(
        p.read_text(encoding="utf-8") for p in exported.folder.glob("*.js"))


def test_a_rollback_is_told_by_the_builds_history_not_by_the_folders_names(
        site_build: PublishedBuild, tmp_path: Path) -> None:
    """The diff's reviewer found a floor set by names: a build dated earlier by SOURCE_DATE_EPOCH (made after the
    one before it, so named before it) had every date moved to the link's time, unlike a replica of it; and none
    where the newer build was damaged, which is what an operator rolls back from."""
    moment = site_build.info.created.replace(microsecond=0) + timedelta(days=1)
    build_dir = _folder(site_build, tmp_path, NEWER, OLDER)  # OLDER by its name, made after NEWER
    _point_current_at(build_dir, OLDER, moment)
    assert rollback_floor(build_dir, open_current(build_dir)) is None

    build_dir = _folder(site_build, tmp_path / "damaged", OLDER, NEWER)
    (build_dir / NEWER / "documents.sqlite").write_bytes(b"damaged")  # the newer build: what is rolled back from
    _point_current_at(build_dir, OLDER, moment)
    assert rollback_floor(build_dir, open_current(build_dir)) == moment
