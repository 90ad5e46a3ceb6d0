"""A running server follows the builds: a new build is served within seconds without a restart, no response
mixes two builds, pruning never deletes a build a server still serves, and a build the server has moved past is
closed (its files with it) once a newer one replaces its successor."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from byregion.build import PublishedBuild, build, open_current
from byregion.build import leases as build_leases
from byregion.build import writer as build_writer
from byregion.build.leases import REFRESH, STALE_AFTER, in_use, refresh, release, take
from byregion.serve.following import Following
from byregion.settings import Settings
from tests.conftest import built_copy, serving

pytestmark = pytest.mark.slow

REGION = "/doc/region/notodden"


def test_a_running_server_follows_a_new_build_and_keeps_it_from_pruning(
        site_settings: Settings, site_build: PublishedBuild, tmp_path_factory: pytest.TempPathFactory) -> None:
    settings = built_copy(site_settings, tmp_path_factory.mktemp("follow"))
    repo = settings.repo_dir
    first = open_current(settings.build_dir)
    comments = {"query": 'ASK { ?s <http://www.w3.org/2000/01/rdf-schema#comment> "Fulgt bygg"@nb }'}
    json_results = {"Accept": "application/sparql-results+json"}
    with serving(settings) as running:
        before = requests.get(running.url + REGION + "?lang=nb", timeout=10)
        assert before.status_code == 200 and "Fulgt bygg" not in before.text
        asked = requests.get(running.url + "/sparql", params=comments, headers=json_results, timeout=10)
        assert asked.json()["boolean"] is False  # and this answer is now kept for the first build
        curation = repo / "data" / "curation" / "notodden.ttl"
        curation.write_text(curation.read_text(encoding="utf-8") + '\n<https://data.byregion.no/id/region/notodden> '
                            '<http://www.w3.org/2000/01/rdf-schema#comment> "Fulgt bygg"@nb .\n', encoding="utf-8")
        build(settings, progress=False)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            after = requests.get(running.url + REGION + "?lang=nb", timeout=10)
            if "Fulgt bygg" in after.text:
                break
            time.sleep(0.2)
        assert "Fulgt bygg" in after.text, "the server did not follow the new build"
        assert after.headers["ETag"] != before.headers["ETag"]
        asked = requests.get(running.url + "/sparql", params=comments, headers=json_results, timeout=10)
        assert asked.json()["boolean"] is True, "a kept answer outlived its build"
        held = in_use(settings.build_dir)
        assert open_current(settings.build_dir).version in held
    assert first.path.exists()


def published(folder: Path) -> None:
    """A folder as a build leaves it, as far as pruning reads it: named by its time, with its manifest, whole (the one
    file the manifest lists is there with its size)."""
    folder.mkdir()
    (folder / "dataset.nq").write_text("\n")
    (folder / "manifest.json").write_text(json.dumps({
        "version": folder.name, "created": "2026-01-01T00:00:00Z", "base_uri": "https://data.byregion.no",
        "files": {"dataset.nq": {"bytes": 1, "sha256": "0" * 64}}}))


def test_a_damaged_build_is_not_one_of_those_kept_and_goes_first(tmp_path: Path) -> None:
    """Whole builds A and B and a damaged C (a file cut short) before the current one, one to keep: B is kept and C
    pruned (C had been kept as the build to go back to, and whole A and B pruned); a damaged build a server holds a
    lease on stays."""
    versions = [f"2026010{i}T000000Z" for i in range(1, 6)]
    for version in versions:
        published(tmp_path / version)
    (tmp_path / "current").symlink_to(versions[-1])
    for damaged in versions[2:4]:
        (tmp_path / damaged / "dataset.nq").write_text("")  # cut short
    take(tmp_path, os.getpid(), versions[2])
    try:
        build_writer._prune(tmp_path, keep=versions[-1], keep_builds=1)
        left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".") and not p.is_symlink())
        assert left == [versions[1], versions[2], versions[4]]  # B whole, the held damaged one, the current one
    finally:
        release(tmp_path, os.getpid())


def test_a_lowered_number_to_keep_prunes_when_the_data_is_up_to_date(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """BYREGION_KEEP_BUILDS lowered: the next build prunes to it, even one that finds the data unchanged (it had
    returned "up to date" before pruning, and nothing went until the data changed)."""
    settings = built_copy(site_settings, tmp_path)
    current = open_current(settings.build_dir)
    older = [f"2026010{i}T000000Z" for i in range(1, 4)]
    for version in older:
        published(settings.build_dir / version)
    again = build(replace(settings, keep_builds=1), progress=False)
    assert again.up_to_date
    left = sorted(p.name for p in settings.build_dir.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    assert left == sorted([older[-1], current.path.name])


def test_pruning_keeps_builds_that_a_live_process_serves(tmp_path: Path) -> None:
    for version in [f"2026010{i}T000000Z" for i in range(1, 10)]:
        published(tmp_path / version)
    (tmp_path / "current").symlink_to("20260109T000000Z")  # as a build leaves it
    take(tmp_path, os.getpid(), "20260101T000000Z")  # the oldest, held by this live process
    take(tmp_path, 999_999_999, "20260102T000000Z")  # a lease of a process that no longer exists
    build_writer._prune(tmp_path, keep="20260109T000000Z", keep_builds=5)
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    assert "20260101T000000Z" in left and "20260102T000000Z" not in left
    assert left[-6:] == [f"2026010{i}T000000Z" for i in range(4, 10)]  # the current one and the five before it
    assert len(left) == 1 + 5 + 1  # those, and the held one
    assert (tmp_path / "current").resolve() == tmp_path / "20260109T000000Z"


def test_a_server_in_another_pid_namespace_keeps_its_build_while_it_touches_its_lease(tmp_path: Path) -> None:
    """A server in another container on the same build folder cannot be looked for by its pid here (which may be
    nobody's, or anyone's): with BYREGION_KEEP_BUILDS=0 a build pruned the build it answered from, and its dumps
    answered 500 (an operator's review, with the server under `unshare --pid`). Its lease names its PID namespace,
    and is held while its process touches it (every REFRESH seconds), and given up once it has not for STALE_AFTER."""
    for version in ("20260101T000000Z", "20260102T000000Z", "20260103T000000Z"):
        published(tmp_path / version)
    (tmp_path / "current").symlink_to("20260103T000000Z")
    leases = tmp_path / ".leases"
    leases.mkdir()
    elsewhere = leases / f"{os.getpid()}-1"  # this pid, in a namespace that is not this process's
    elsewhere.write_text("20260101T000000Z\n", encoding="utf-8")
    gone = leases / "999999998-1"
    gone.write_text("20260102T000000Z\n", encoding="utf-8")
    os.utime(gone, (time.time() - STALE_AFTER - 1,) * 2)
    assert in_use(tmp_path) == {"20260101T000000Z"} and not gone.exists()
    build_writer._prune(tmp_path, keep="20260103T000000Z", keep_builds=0)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("2026")) == [
        "20260101T000000Z", "20260103T000000Z"]
    take(tmp_path, os.getpid(), "20260103T000000Z")  # this process's own lease, touched as a server touches it
    ours = next(p for p in leases.iterdir() if p != elsewhere)
    os.utime(ours, (time.time() - STALE_AFTER - 1,) * 2)
    refresh(tmp_path, os.getpid())
    assert time.time() - ours.stat().st_mtime < REFRESH


def test_a_lease_is_written_through_a_file_of_its_own_namespace(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Two containers of one image run their servers under the same pids; their leases were written through one
    temporary file, ``.{pid}.tmp``, so each could rename the other's lease into place as its own (a reviewer's race:
    thousands of times in 5 s). Another namespace's temporary file, there at the same moment, is not ours."""
    leases = tmp_path / ".leases"
    leases.mkdir()
    (leases / f".{os.getpid()}.tmp").mkdir()  # the other container's, as the old name would have shared it
    monkeypatch.setattr(build_leases, "namespace", lambda: "7")
    take(tmp_path, os.getpid(), "20260101T000000Z")
    assert (leases / f"{os.getpid()}-7").read_text(encoding="utf-8") == "20260101T000000Z\n"


@pytest.mark.parametrize("keep_builds", [0, 1, 2, 3, 5])
def test_keeping_older_builds_keeps_the_current_one_and_that_many(tmp_path: Path, keep_builds: int) -> None:
    """Fewer old builds than the setting keeps: none goes (with three and five to keep, the oldest had gone: the
    number to remove came out negative and the slice counted from the end)."""
    versions = [f"2026010{i}T000000Z" for i in range(1, 5)]
    for version in versions:
        published(tmp_path / version)
    (tmp_path / "current").symlink_to(versions[-1])
    build_writer._prune(tmp_path, keep=versions[-1], keep_builds=keep_builds)
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    assert left == versions[max(0, len(versions) - 1 - keep_builds):]
    assert not (tmp_path / ".leases" / "999999999").exists()  # the dead process's lease is cleared
    release(tmp_path, os.getpid())
    assert in_use(tmp_path) == set()


def test_pruning_removes_only_what_builds_made(tmp_path: Path) -> None:
    """A build folder may hold what a person keeps there (backups, notes, a folder named like a date): pruning
    removes old builds (a build's name and its manifest), never those, however few builds it keeps."""
    for version in ("20260101T000000Z", "20260102T000000Z-0a1b2c3d", "20260103T000000Z"):
        published(tmp_path / version)
    (tmp_path / "current").symlink_to("20260103T000000Z")
    theirs = ["backups", "2025-notes", "20250101T000000Z", "Archive"]  # the third: no manifest, not a build
    for name in theirs:
        (tmp_path / name).mkdir()
        (tmp_path / name / "keep.txt").write_text("mine")
    build_writer._prune(tmp_path, keep="20260103T000000Z", keep_builds=0)
    left = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".") and not p.is_symlink())
    assert left == sorted([*theirs, "20260103T000000Z"])
    assert all((tmp_path / name / "keep.txt").read_text() == "mine" for name in theirs)


def test_pruning_removes_nothing_when_the_leases_cannot_be_read(tmp_path: Path) -> None:
    """With no readable leases, any build may be one a server uses: none is removed (a re-check: with a file in the
    leases' place, the build a server answered from was pruned, and its dumps answered 500)."""
    versions = [f"2026010{i}T000000Z" for i in range(1, 4)]
    for version in versions:
        published(tmp_path / version)
    (tmp_path / "current").symlink_to(versions[-1])
    (tmp_path / ".leases").write_text("not a folder")
    build_writer._prune(tmp_path, keep=versions[-1], keep_builds=0)
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".") and not p.is_symlink()) == versions


def test_a_prune_killed_part_way_leaves_what_the_next_build_sweeps(tmp_path: Path) -> None:
    """kill -9 while an old build was being deleted had left a folder named as a build with its dataset, dumps and
    store but no manifest (shutil.rmtree removes the manifest among the first), which no build cleaned nor reported
    since it was no longer a build. The old build is now renamed to a .tmp- name first, which the next build sweeps."""
    import signal
    import subprocess
    import sys

    from byregion import REPO_ROOT

    old, current = tmp_path / "20260101T000000Z", "20260102T000000Z"
    for version in (old.name, current):
        published(tmp_path / version)
    (tmp_path / "current").symlink_to(current)
    many = old / "store"
    many.mkdir()
    for i in range(20_000):  # enough files for the deletion to be under way when the kill comes
        (many / f"{i:05}.sst").write_bytes(b"x")
    prune = subprocess.Popen([sys.executable, "-c", "import sys; from pathlib import Path; "
                              "from byregion.build import writer; "
                              f"writer._prune(Path(sys.argv[1]), keep={current!r}, keep_builds=0)", str(tmp_path)],
                             cwd=REPO_ROOT)
    try:
        deadline = time.monotonic() + 60
        while (old / "manifest.json").exists() and time.monotonic() < deadline and prune.poll() is None:
            pass  # the kill lands as soon as the deletion has begun
        os.kill(prune.pid, signal.SIGKILL)
    finally:
        prune.wait(10)
    left = [p.name for p in tmp_path.iterdir() if p.name not in (current, "current") and not p.name.startswith(".")]
    assert left == [], f"a removal killed part way left {left} behind under a build's name"
    build_writer._sweep_leftovers(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != ".leases") == [current, "current"]


def test_a_folder_a_killed_removal_left_is_swept_and_said(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """What a prune killed before removals were renamed first left (named as a build, holding only what a build
    writes, no manifest) is removed by the next build, saying so; a folder named as a build that holds anything else
    is a person's and stays, and so does a build whose manifest is there."""
    import logging

    published(tmp_path / "20260103T000000Z")
    (tmp_path / "current").symlink_to("20260103T000000Z")
    cut = tmp_path / "20260101T000000Z"
    (cut / "dumps").mkdir(parents=True)
    (cut / "store").mkdir()
    (cut / "dataset.nq").write_text("\n")
    theirs = tmp_path / "20260102T000000Z"
    theirs.mkdir()
    (theirs / "dataset.nq").write_text("\n")
    (theirs / "notes.txt").write_text("mine")
    with caplog.at_level(logging.WARNING, logger="byregion.build.writer"):
        build_writer._sweep_leftovers(tmp_path)
    assert not cut.exists() and (theirs / "notes.txt").read_text() == "mine"
    assert (tmp_path / "20260103T000000Z" / "manifest.json").is_file()
    assert any(r.getMessage().startswith("removed 20260101T000000Z: a folder named as a build, holding only what a "
                                         "build writes, but no manifest.json") for r in caplog.records)


def _copies(site_build: PublishedBuild, build_dir: Path, *versions: str) -> tuple[str, ...]:
    """Copies of the site's build under the names ``versions``, ``current`` pointing at the first."""
    for version in versions:
        shutil.copytree(site_build.path, build_dir / version)
    _point_current_at(build_dir, versions[0])
    return versions


def _point_current_at(build_dir: Path, version: str) -> None:
    link = build_dir / ".current-test"
    link.symlink_to(version)
    os.replace(link, build_dir / "current")


def test_a_build_moved_past_is_closed_when_the_next_one_replaces_its_successor(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    versions = ("20990101T000000Z", "20990102T000000Z", "20990103T000000Z")
    for version in versions:
        shutil.copytree(site_build.path, build_dir / version)
    _point_current_at(build_dir, versions[0])
    following = Following(replace(site_settings, build_dir=build_dir, follow_interval=0.001))
    try:
        first = following.current()
        assert first.reconcile() is not None  # its reconciliation index read, to be closed with it
        _point_current_at(build_dir, versions[1])
        time.sleep(0.01)
        second = following.current()
        assert second is not first
        # a request that took the first build just before the switch can still read it
        assert first.documents.documents.get(REGION, "ttl") is not None
        _point_current_at(build_dir, versions[2])
        time.sleep(0.01)
        assert following.current() is not second
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            first.documents.documents.get(REGION, "ttl")
        assert second.documents.documents.get(REGION, "ttl") is not None
    finally:
        following.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        second.documents.documents.get(REGION, "ttl")


def test_every_worker_serves_a_new_build_from_the_same_moment(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """Each worker of a server looks at ``build/current`` on its own: one served a new build as soon as it saw it,
    another a second later, and one URL asked again and again gave the old, the new and the old ETag in turn (an
    operator's review; a CDN revalidating with the new ETag could have kept the old body). Every worker serves the
    new build from the same moment, the link's own time plus the interval, by which each has looked at least once;
    until then both builds are leased."""
    build_dir = tmp_path / "build"
    old, new = _copies(site_build, build_dir, "20990101T000000Z", "20990102T000000Z")
    settings = replace(site_settings, build_dir=build_dir, follow_interval=1.0)
    first, second = Following(settings), Following(settings)
    try:
        time.sleep(1.0)  # both workers look at their next request
        _point_current_at(build_dir, new)
        moment = (build_dir / "current").lstat().st_mtime + settings.follow_interval
        assert first.current().build.path.name == old and second.current().build.path.name == old
        assert in_use(build_dir) == {old, new}
        time.sleep(max(0.0, moment - time.time()))
        assert first.current().build.path.name == new and second.current().build.path.name == new
        assert in_use(build_dir) == {new}
    finally:
        first.close()
        second.close()


def _moment(build_dir: Path, interval: float) -> None:
    """Wait until the moment the build ``current`` names now is served: its link's time plus ``interval``."""
    time.sleep(max(0.0, (build_dir / "current").lstat().st_mtime + interval - time.time()) + 0.01)


def test_a_build_current_no_longer_names_at_its_moment_is_never_served(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """A worker that saw a new build waits for its moment, and at the moment looks again: ``current`` pointed back
    by hand, or on to a newer build still, had one worker serve the build seen first while the others served what
    ``current`` named (a reviewer's race: old, new, old again)."""
    build_dir = tmp_path / "build"
    old, middle, newest = "20990101T000000Z", "20990102T000000Z", "20990103T000000Z"
    for version in (old, middle, newest):
        shutil.copytree(site_build.path, build_dir / version)
    _point_current_at(build_dir, old)
    interval = 1.0
    settings = replace(site_settings, build_dir=build_dir, follow_interval=interval)
    first, second = Following(settings), Following(settings)
    try:
        time.sleep(interval)
        _point_current_at(build_dir, middle)
        assert first.current().build.path.name == old  # it has seen the middle one, and waits
        _point_current_at(build_dir, old)  # pointed back before the middle one's moment
        _moment(build_dir, interval)
        assert {first.current().build.path.name, second.current().build.path.name} == {old}
        assert in_use(build_dir) == {old}
        _point_current_at(build_dir, middle)
        middle_moment = (build_dir / "current").lstat().st_mtime + interval
        assert first.current().build.path.name == old  # seen again; waiting
        time.sleep(interval / 2)
        _point_current_at(build_dir, newest)  # before the middle one's moment
        assert second.current().build.path.name == old
        time.sleep(max(0.0, middle_moment - time.time()) + 0.05)
        assert first.current().build.path.name == old  # the middle one's moment: current names another now
        _moment(build_dir, interval)
        assert {first.current().build.path.name, second.current().build.path.name} == {newest}
    finally:
        first.close()
        second.close()


def two_builds_followed(site_settings: Settings, site_build: PublishedBuild, tmp_path: Path, served: str,
                        other: str) -> tuple[Path, Following]:
    """A build folder holding the test build twice, as ``served`` (current) and ``other``, and a server's
    :class:`Following` of it that looks for a new build at every request."""
    build_dir = tmp_path / "build"
    for version in (served, other):
        shutil.copytree(site_build.path, build_dir / version)
    _point_current_at(build_dir, served)
    return build_dir, Following(replace(site_settings, build_dir=build_dir, follow_interval=0.001))


def test_health_names_what_keeps_the_server_from_the_current_build(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """``/health``'s ``build.problems`` (:meth:`Following.problems`): a current build it cannot serve, one it does
    not follow, no current build, its own folder removed; each names folders, never a path of the machine."""
    served, damaged = "20990101T000000Z", "20990102T000000Z"
    build_dir, following = two_builds_followed(site_settings, site_build, tmp_path, served, damaged)
    try:
        assert following.problems() == []
        documents = build_dir / damaged / "documents.sqlite"
        documents.write_bytes(documents.read_bytes()[: documents.stat().st_size // 2])
        _point_current_at(build_dir, damaged)
        time.sleep(0.01)
        assert following.current().build.path.name == served  # the damaged build is not followed
        said = following.problems()
        assert len(said) == 1 and f"current build {damaged} cannot be served" in said[0], said
        assert f"still serves {served}" in said[0] and str(tmp_path) not in said[0]
        (build_dir / "current").unlink()
        assert following.problems() == ["no build is current (the build folder's 'current' link is missing): run "
                                        "`byregion build`"]
        shutil.rmtree(build_dir / damaged)  # a link to a folder removed: it is there, and points at none
        _point_current_at(build_dir, damaged)
        assert following.problems() == [f"no build is current (the build folder's 'current' link points at "
                                        f"'{damaged}', which is no folder: removed?): point it at a whole build, or "
                                        "run `byregion build`"]
        _point_current_at(build_dir, served)
        (build_dir / served).rename(build_dir / "moved-away")
        said = following.problems()
        assert any(f"served build's folder {served} is gone" in line for line in said), said
        # the server still answers from the files it holds open: degraded (200), not a file unreadable (503), which
        # each of the manifest's 71 files had been said to be (the diff's reviewer)
        assert following.current().unreadable() == []
    finally:
        following.close()


def test_a_build_whose_lease_cannot_be_written_is_not_followed(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """A full disk is likeliest right after a build, before it prunes: a server that cannot record which build it
    serves keeps serving the one it has (a build served with no lease could be pruned from under it) and says so
    in ``/health``, where requests had failed with 500. (The leases' folder made a file stands for the full disk.)"""
    served, newer = "20990101T000000Z", "20990102T000000Z"
    build_dir, following = two_builds_followed(site_settings, site_build, tmp_path, served, newer)
    try:
        shutil.rmtree(build_dir / ".leases")
        (build_dir / ".leases").write_text("not a folder")
        _point_current_at(build_dir, newer)
        time.sleep(0.01)
        assert following.current().build.path.name == served
        said = following.problems()
        assert len(said) == 1 and f"current build {newer} cannot be served (its lease could not be written" in said[0]
        (build_dir / ".leases").unlink()  # space again: the next look follows it
        time.sleep(0.01)
        assert following.current().build.path.name == newer and following.problems() == []
    finally:
        following.close()


def test_a_worker_that_cannot_write_its_lease_at_start_serves_and_says_so(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """A worker started again on a full disk serves its build without a lease and says so in /health, where it
    had crashed at start, and granian ends the whole server after a few such crashes; it writes the lease once it
    can. (The leases' folder made a file stands for the full disk.)"""
    served = "20990101T000000Z"
    build_dir = tmp_path / "build"
    shutil.copytree(site_build.path, build_dir / served)
    _point_current_at(build_dir, served)
    (build_dir / ".leases").write_text("not a folder")
    following = Following(replace(site_settings, build_dir=build_dir, follow_interval=0.001))
    try:
        assert following.current().documents.documents.get(REGION, "ttl") is not None
        said = following.problems()
        assert len(said) == 1 and f"a worker serves {served} without a lease" in said[0], said
        assert ".leases in the build folder" in said[0] and str(tmp_path) not in said[0]
        (build_dir / ".leases").unlink()
        time.sleep(0.01)
        following.current()
        assert following.problems() == [] and in_use(build_dir) == {served}
    finally:
        following.close()


def test_a_server_that_does_not_follow_says_so_when_a_newer_build_is_current(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    for version in ("20990101T000000Z", "20990102T000000Z"):
        shutil.copytree(site_build.path, build_dir / version)
    _point_current_at(build_dir, "20990101T000000Z")
    following = Following(replace(site_settings, build_dir=build_dir, follow_interval=0))
    try:
        _point_current_at(build_dir, "20990102T000000Z")
        assert following.current().build.path.name == "20990101T000000Z"
        assert following.problems() == [
            "the current build is 20990102T000000Z, but this server serves 20990101T000000Z and does not follow "
            "builds (BYREGION_FOLLOW_INTERVAL=0): restart it to serve the current one"]
    finally:
        following.close()


def test_a_build_folder_copied_by_hand_is_leased_by_its_folder_and_the_leases_go_when_the_server_stops(
        site_build: PublishedBuild, site_settings: Settings, tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    build_dir.mkdir()
    shutil.copytree(site_build.path, build_dir / site_build.path.name)
    _point_current_at(build_dir, site_build.path.name)
    settings = replace(site_settings, build_dir=build_dir, follow_interval=0.2)
    restored = "20991231T000000Z"  # a copy under another name: its manifest still says the first version
    with serving(settings, "--workers", "1") as running:
        shutil.copytree(site_build.path, build_dir / restored)
        _point_current_at(build_dir, restored)
        deadline = time.monotonic() + 20
        while in_use(build_dir) != {restored} and time.monotonic() < deadline:  # the first is leased until the
            requests.get(running.url + REGION, timeout=10)  # moment the worker switches (a follow interval on)
            time.sleep(0.2)
        assert in_use(build_dir) == {restored}
        build_writer._prune(build_dir, keep=site_build.path.name, keep_builds=0)
        assert (build_dir / restored).is_dir(), "pruning deleted the build a server answers from"
        process = running.process
    said = process.stdout.read().decode() if process.stdout else ""
    assert f"now serves build {site_build.version} (folder {restored})" in said
    assert not any((build_dir / ".leases").iterdir()), "a stopped server left its lease"


@pytest.mark.parametrize(("path", "accept"), [
    ("/search?q=notodden", "text/html"), ("/search.json?q=notodden", "application/json"), ("/sparql", "text/html"),
    ("/sparql", "text/turtle"), ("/sparql?query=ASK%20%7B%7D", "text/html"),
    ("/sparql?query=ASK%20%7B%7D", "application/sparql-results+json"), ("/openapi.json", "application/json"),
    ("/doc/region/notodden", "text/turtle"), ("/dumps/nowhere.nt", "*/*"), ("/dumps/byregion.nt", "*/*"),
    ("/graph-store?default", "text/turtle"), ("/reconcile", "application/json"),
    ("/reconcile/preview?id=nowhere", "text/html"),
    ("/sparql?query=ASK%20%7B%7D&format=html", "application/json"),  # the fast path hands it to the page
    ("/sparql?query=ASK%20%7B%7D&format=html", "")])
def test_a_request_takes_the_served_build_once(site_settings: Settings, site_build: PublishedBuild,
                                               monkeypatch: pytest.MonkeyPatch, path: str, accept: str) -> None:
    """A request is answered from one build: the views that asked the server's Following again for the body, its
    date and its base (search, SPARQL, OpenAPI: up to four times) could have mixed two builds across a switch."""
    from byregion.web.app import create_app
    app = create_app(site_settings, site_build)
    taken = 0
    original = Following.current

    def counted(self: Following) -> object:
        nonlocal taken
        taken += 1
        return original(self)
    try:
        client = app.test_client()
        client.get("/health")  # the query processes started, outside the count
        monkeypatch.setattr(Following, "current", counted)
        answer = client.get(path, headers={"Accept": accept})
        assert answer.status_code in (200, 404), (path, answer.status_code)
        assert taken == 1, f"{path} took the served build {taken} times"
    finally:
        app.extensions["byregion"].close()


def test_a_request_that_took_the_build_before_a_switch_keeps_the_new_builds_query_pool(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """A request that took the old build just before the switch, asking for the query runner after a request of the
    new build had made the new pool, had the pool made again on the old build (and the new one closed), then again
    on the new: query processes started and warmed for nothing (a diff review)."""
    from byregion.web.app import AppState
    build_dir = tmp_path / "build"
    _, new = _copies(site_build, build_dir, "20990101T000000Z", "20990102T000000Z")
    settings = replace(site_settings, build_dir=build_dir, follow_interval=0.1)
    state = AppState(settings, Following(settings))
    try:
        before = state.following.current().build
        first = state.runner(before)
        _point_current_at(build_dir, new)
        _moment(build_dir, 0.1)
        after = state.following.current().build
        assert after.path.name == new
        second = state.runner(after)
        assert second is not first
        assert state.runner(before) is second  # the request of the old build: the pool of the new one
        assert state.runner(after) is second
    finally:
        state.close()
