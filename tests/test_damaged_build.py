"""A build that is not whole — half-written, cut short, its manifest broken — is refused with a message
that says what is wrong, and a running server goes on serving the last whole build (issue 13, point 3)."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from byregion.build import BuildError, DamagedBuildError, PublishedBuild, build, open_current
from byregion.build.reader import current_is_folder, read_build
from byregion.serve.following import Following
from byregion.settings import Settings
from tests.conftest import built_copy, serving

pytestmark = pytest.mark.slow  # real builds


def point_current_at(build_dir: Path, version: str) -> None:
    link = build_dir / ".current-test"
    link.symlink_to(version)
    os.replace(link, build_dir / "current")


@pytest.fixture
def settings(site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> Settings:
    """A folder of the test's own holding a whole build (the run's shared one, copied), to damage."""
    return replace(built_copy(site_settings, tmp_path), follow_interval=0.01)


@pytest.fixture(scope="module")
def two_builds(site_settings: Settings, site_build: PublishedBuild, tmp_path_factory: pytest.TempPathFactory
               ) -> Settings:
    """A folder holding the run's shared build (copied) and a second, forced build of the same data over it, made
    once for the module: the tests that damage the newer one copy the folder (:func:`copied`)."""
    settings = built_copy(site_settings, tmp_path_factory.mktemp("two-builds"))
    build(settings, force=True, progress=False)
    return settings


def copied(settings: Settings, root: Path) -> tuple[Settings, PublishedBuild, PublishedBuild]:
    """``settings``' repository and build folder copied to ``root`` (:func:`built_copy`): the copy's settings, its
    first (older) build and its current one."""
    copy = built_copy(settings, root)
    second = open_current(copy.build_dir)
    first = read_build(copy.build_dir / str(second.manifest["previous_version"]))
    return copy, first, second


def test_a_damaged_build_is_refused_and_the_server_keeps_the_whole_one(
        settings: Settings, caplog: pytest.LogCaptureFixture) -> None:
    first = open_current(settings.build_dir)
    following = Following(settings)
    try:
        damaged = settings.build_dir / "20990101T000000Z"
        shutil.copytree(first.path, damaged)
        documents = damaged / "documents.sqlite"
        with documents.open("r+b") as handle:  # cut short, as a copy that ran out of disk would be
            handle.truncate(documents.stat().st_size // 2)
        point_current_at(settings.build_dir, damaged.name)
        with pytest.raises(DamagedBuildError, match=r"documents\.sqlite is [\d,]+ bytes, its manifest says"):
            open_current(settings.build_dir)
        with caplog.at_level(logging.ERROR, logger="byregion.serve.following"):
            for _ in range(3):
                assert following.current().version == first.manifest["version"]
                assert following.current().documents.documents.get("/doc/region/notodden", "ttl") is not None
                time.sleep(0.02)
        refusals = [r.getMessage() for r in caplog.records if "not following" in r.getMessage()]
        assert len(refusals) == 1 and "damaged" in refusals[0] and first.manifest["version"] in refusals[0]

        whole = build(settings, force=True, progress=False)  # a whole build is followed again
        time.sleep(0.02)
        assert following.current().version == whole.manifest["version"]
        # and it carries on from the newest whole build: the same data keeps its version and its dates
        assert whole.manifest["previous_version"] == first.manifest["version"]  # was None
        assert whole.manifest["history"][0]["version"] == first.manifest["version"]
        assert whole.manifest["content_since"] == first.manifest["content_since"]
    finally:
        following.close()


def test_health_is_503_naming_documents_sqlite_when_blocks_of_it_are_overwritten(settings: Settings) -> None:
    """Blocks of documents.sqlite overwritten in place (its size unchanged, so the build opens): every document
    answers 500, and /health had said 200 "ok". It looks up the home page's stored document and says 503, naming the
    file and the folder (no path)."""
    served = open_current(settings.build_dir)
    documents = served.path / "documents.sqlite"
    with documents.open("r+b") as handle:  # the tables' first pages, as a disk or a copy gone wrong would
        handle.seek(4096)
        handle.write(bytes(range(256)) * 16 * 20)
    with serving(settings) as running:
        assert requests.get(running.url + "/doc/region/notodden", timeout=30).status_code == 500
        answer = requests.get(running.url + "/health", timeout=30)
    assert answer.status_code == 503, answer.text
    health = answer.json()
    assert health["status"] == "unavailable" and health["store"]["reachable"] is True
    said = health["build"]["problems"]
    assert said[0].startswith("the served build's documents.sqlite cannot be read (SQLite: "), said
    assert f"`byregion verify {served.path.name}`" in said[0] and str(settings.build_dir) not in said[0]


def test_a_manifest_that_is_not_json_is_refused_with_what_to_do(settings: Settings) -> None:
    first = open_current(settings.build_dir)
    (first.path / "manifest.json").write_text('{"version": "cut', encoding="utf-8")
    with pytest.raises(DamagedBuildError, match=r"manifest\.json is not JSON .*byregion build --force --build-dir"):
        open_current(settings.build_dir)


@pytest.mark.parametrize(("field", "value"), [("bytes", None), ("bytes", "12"), ("bytes", True), ("sha256", None),
                                            ("sha256", ""), ("sha256", "ab")])
def test_a_file_recorded_without_its_size_is_damage_not_passed_over(settings: Settings, field: str,
                                                                    value: object) -> None:
    """A manifest's record of a file without its size or SHA-256, or with one that is none (``null``, ``""``, edited
    by hand or cut): the size check had passed over the file, and the build was served; it is damaged."""
    first = open_current(settings.build_dir)
    manifest = json.loads((first.path / "manifest.json").read_text(encoding="utf-8"))
    if value is None and field == "bytes":
        del manifest["files"]["report.ttl"][field]
    else:
        manifest["files"]["report.ttl"][field] = value
    (first.path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DamagedBuildError, match=r"is damaged: manifest\.json is incomplete or malformed"):
        open_current(settings.build_dir)


def test_a_missing_file_is_named(settings: Settings) -> None:
    first = open_current(settings.build_dir)
    (first.path / "report.ttl").unlink()
    with pytest.raises(DamagedBuildError, match=r"report\.ttl is missing"):
        open_current(settings.build_dir)


def test_a_store_table_cut_short_or_missing_is_named(settings: Settings) -> None:
    """The store's tables are in the manifest too: a damaged store is refused when the build is opened, not found
    by the first query that reads the wrong table."""
    first = open_current(settings.build_dir)
    tables = sorted((first.path / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    assert tables and all(f"store/{t.name}" in first.manifest["files"] for t in tables)
    with tables[-1].open("r+b") as handle:
        handle.truncate(tables[-1].stat().st_size - 1)
    with pytest.raises(DamagedBuildError, match=rf"store/{tables[-1].name} is [\d,]+ bytes, its manifest says"):
        open_current(settings.build_dir)
    tables[0].unlink()
    with pytest.raises(DamagedBuildError, match=r"store/\d+\.sst is missing"):
        open_current(settings.build_dir)


def test_a_damaged_current_build_is_replaced_by_a_plain_build_of_unchanged_data(two_builds: Settings,
                                                                                 tmp_path: Path) -> None:
    """Unchanged data is "up to date" only when the current build is whole: with a damaged one, a plain
    ``byregion build`` makes a whole build and makes it current (it had said "up to date" and left the damaged
    one current, which no server would start on; an SRE's re-check)."""
    settings, first, second = copied(two_builds, tmp_path)
    search = second.path / "search.sqlite"
    with search.open("r+b") as handle:
        handle.truncate(search.stat().st_size // 2)
    again = build(settings, progress=False)
    assert not again.up_to_date and again.path not in (first.path, second.path)
    assert open_current(settings.build_dir).path == again.path
    assert again.manifest["previous_version"] == first.manifest["version"]  # the newest whole one's history
    # why a build was made of unchanged data (it had said "which other software or other shapes made", the same made)
    assert again.manifest["software_sha256"] == first.manifest["software_sha256"]
    assert again.reason == (f"the data is unchanged since build {first.manifest['version']}, but the current build is "
                            "damaged: a whole one is made in its place")


@pytest.mark.parametrize("damage", ["manifest", "folder"])
def test_a_current_build_without_its_manifest_or_folder_is_damaged_not_none(two_builds: Settings, tmp_path: Path,
                                                                          damage: str) -> None:
    """The current build's manifest.json removed (or its folder): it had read as no build at all, so the next build
    started the history anew (no previous version, new dates for the same data) and verify said "run byregion
    build first". It is a damaged build: said so, and replaced carrying on the newest whole one's history."""
    settings, first, second = copied(two_builds, tmp_path)
    if damage == "manifest":
        (second.path / "manifest.json").unlink()
        said = re.escape(f"manifest.json is missing; run `byregion build --force --build-dir {settings.build_dir}` to "
                         f"make a whole one, or go back to the newest whole build, {first.path.name} (cd "
                         f"{settings.build_dir} && ln -sfn {first.path.name} current.tmp && mv -T current.tmp current)")
    else:
        shutil.rmtree(second.path)
        said = r"the current build is gone: .*current points at .*, which is no folder"
    with pytest.raises(DamagedBuildError, match=said):
        open_current(settings.build_dir)
    again = build(settings, progress=False)
    assert not again.up_to_date and open_current(settings.build_dir).path == again.path
    assert again.manifest["previous_version"] == first.manifest["version"]  # was None
    assert again.manifest["content_since"] == first.manifest["content_since"]
    assert again.path.stat().st_mode & 0o777 == 0o755  # readable as its files are (mkdtemp had made it 0700)


def test_a_current_that_is_a_folder_is_refused_at_the_start_saying_how_to_link_it(settings: Settings) -> None:
    """A build folder copied with its links followed (`cp -rL`, `rsync -L`) has `current` as a folder: no build can
    be switched in its place. A build had run a minute and then ended in a traceback (IsADirectoryError), leaving a
    `.current-PID` link behind; it and reading it refuse at once, naming the newest whole build to link instead."""
    first = open_current(settings.build_dir)
    link = settings.build_dir / "current"
    link.unlink()
    shutil.copytree(first.path, link)
    said = (rf"current is a folder, not a link: move it aside and link it to a build \(cd .* && mv current "
            rf"current\.folder && ln -sfn {first.path.name} current\)")
    with pytest.raises(DamagedBuildError, match=said):
        open_current(settings.build_dir)
    spaced = settings.build_dir.parent / "builds of a county"  # pasted, its cd names one folder (a reviewer's)
    settings.build_dir.rename(spaced)
    said_there = current_is_folder(spaced)
    spaced.rename(settings.build_dir)
    assert said_there is not None and f"cd '{spaced}' && mv current" in said_there
    started = time.monotonic()
    with pytest.raises(BuildError, match=said):
        build(settings, force=True, progress=False)
    assert time.monotonic() - started < 5  # before any work
    assert not [p.name for p in settings.build_dir.iterdir() if p.name.startswith((".current-", ".tmp-"))]


def overwrite(path: Path) -> None:
    """Blocks of ``path`` overwritten in place past its first page, its size unchanged (the first half)."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(4096)
        handle.write((bytes(range(256)) * (size // 256))[:size // 2 - 4096])


def test_health_is_503_naming_a_file_cut_short_while_the_server_runs(settings: Settings) -> None:
    """documents.sqlite cut to half its size under a running server: 79 of 80 documents had answered 500 while
    /health, which reads the home page's document at the file's start, said 200 "ok". Each file of the manifest is
    checked for the size it says."""
    served = open_current(settings.build_dir)
    documents = served.path / "documents.sqlite"
    with serving(settings) as running:
        assert requests.get(running.url + "/health", timeout=30).status_code == 200
        whole = documents.stat().st_size
        with documents.open("r+b") as handle:
            handle.truncate(whole // 2)
        answer = requests.get(running.url + "/health", timeout=30)
    assert answer.status_code == 503, answer.text
    said = answer.json()["build"]["problems"]
    assert said[0].startswith(f"the served build's documents.sqlite cannot be read (it is {whole // 2:,} bytes, its "
                              f"manifest says {whole:,}): every document is answered 500"), said
    assert f"`byregion verify {served.path.name}`" in said[0] and str(settings.build_dir) not in said[0]


@pytest.mark.parametrize(("name", "request_path", "answered"), [
    ("search.sqlite", "/search.json?q=notodden", "searches are answered 500"),
    ("reconcile.sqlite", "/reconcile?queries=" + requests.utils.quote('{"q0": {"query": "Notodden"}}'),
     "the reconciliation service answers 500"),
])
def test_a_damaged_index_is_named_by_health_and_its_log_and_is_answered_again_once_whole(
        settings: Settings, name: str, request_path: str, answered: str) -> None:
    """search.sqlite or reconcile.sqlite overwritten in place (its size unchanged): its requests had answered 500
    while /health said "ok", the log line said only "database disk image is malformed", and search stayed 500 after
    the whole file was copied back, until a restart (a pooled connection kept what it had read of the damaged file).
    /health reads each index's schema and each table's first row, the log names the file, and search reads it anew."""
    served = open_current(settings.build_dir)
    index = served.path / name
    kept = index.with_name(name + ".whole")
    shutil.copyfile(index, kept)
    with serving(settings) as running:
        assert requests.get(running.url + "/health", timeout=30).status_code == 200
        overwrite(index)
        failed = requests.get(running.url + request_path, timeout=30)
        health = requests.get(running.url + "/health", timeout=30)
        shutil.copyfile(kept, index)  # in place, as `cp` does
        again = requests.get(running.url + request_path, timeout=30)
        healthy = requests.get(running.url + "/health", timeout=30)
    log = running.process.stdout.read().decode() if running.process.stdout else ""
    assert failed.status_code == 500
    assert health.status_code == 503, health.text
    said = health.json()["build"]["problems"]
    assert said[0].startswith(f"the served build's {name} cannot be read (SQLite: ") and answered in said[0], said
    assert f"failed: the served build's {name} cannot be read" in log, log[-3000:]
    assert again.status_code == 200 and healthy.status_code == 200, (again.text, healthy.text)
