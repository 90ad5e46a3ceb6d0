"""A build is immutable, versioned, and switched in atomically only when complete and valid."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from byregion import REPO_ROOT
from byregion.build import BuildError, PublishedBuild, ValidationFailed, build, open_current
from byregion.build.render import step as render_step
from byregion.build.software import LIBRARIES, SOURCE_FOLDERS, software_fingerprint
from byregion.cli.build import withdrawn_lines
from byregion.progress import LineProgress
from byregion.settings import Settings
from tests.conftest import built_copy
from tests.support.query_processes import children_of
from tests.support.servers import process_tree
from tests.support.sessions import session_processes
from tests.support.signals import ctrl_c_as_at_a_terminal
from tests.support.site import fixture_repo
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # real builds

INPUTS = ("ontology", "data", "shapes")


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the repository's inputs, to break on purpose."""
    root = tmp_path_factory.mktemp("repo")
    for name in INPUTS:
        shutil.copytree(REPO_ROOT / name, root / name)
    return root


@pytest.fixture(scope="module")
def small_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site fixture's small data with the real ontology and shapes: a real, validated build in seconds,
    for the tests about how builds are made (the repository's own data is built by the first test)."""
    return fixture_repo(tmp_path_factory.mktemp("small-repo") / "repo")


def fresh(repo: Path, tmp_path: Path, name: str = "build") -> Settings:
    return Settings.from_env({}, repo_dir=repo, build_dir=tmp_path / name)


def test_build_writes_a_complete_version_and_points_current_at_it(real_build: PublishedBuild,
                                                                   real_settings: Settings) -> None:
    """The repository's own data, built once for the session (tests/conftest.py ``real_build``)."""
    current = open_current(real_settings.build_dir)
    result = real_build
    assert current.path == result.path
    assert (real_settings.build_dir / "current").is_symlink()
    manifest = json.loads((result.path / "manifest.json").read_text())
    assert manifest["version"] == current.version
    assert manifest["validation"]["conforms"] is True
    assert manifest["triples"] == sum(g["triples"] for g in manifest["graphs"])
    names = {g["iri"].rsplit("/graph/", 1)[1] for g in manifest["graphs"]}
    assert {"ontology", "themes", "reference", "programme", "region/notodden", "geometry"} <= names
    for name, info in manifest["files"].items():
        assert (result.path / name).stat().st_size == info["bytes"], name
    # the store answers with the same number of quads as the dump
    count = store_of(current).select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")[0]["n"]
    assert int(count) == manifest["triples"]


def test_unchanged_data_is_up_to_date_and_force_makes_a_new_version(site_settings: Settings, site_build: PublishedBuild,
                                                                     tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)  # the data built (the run's shared build, copied)
    first = open_current(settings.build_dir)
    again = build(settings, progress=False)
    assert again.up_to_date and again.path == first.path

    forced = build(settings, force=True, progress=False)
    assert forced.path != first.path
    assert forced.manifest["previous_version"] == first.manifest["version"]
    assert forced.manifest["history"][0]["version"] == first.manifest["version"]
    assert open_current(settings.build_dir).path == forced.path
    # the same data is the same dataset: the service description names the content's version, not the build's,
    # and the report's blank nodes are labelled canonically, so neither's bytes change with a build of it; of all
    # documents only the sitemap changes, which learns at a folder's second build when each page last changed
    before, after = stored(first.path), stored(forced.path)
    assert [key for key in before if before[key] != after.get(key)] == [("/sitemap.xml", "")]
    assert (first.path / "report.ttl").read_bytes() == (forced.path / "report.ttl").read_bytes()
    assert forced.manifest["files"]["report.ttl"]["since"] == first.manifest["files"]["report.ttl"]["since"]


def stored(build_path: Path) -> dict[tuple[str, str], tuple[str, bytes | None, bytes | None]]:
    """Every representation of a build: its ETag and bodies, by path and variant."""
    with sqlite3.connect(build_path / "documents.sqlite") as db:
        rows = db.execute("SELECT path, variant, etag, body, gzip FROM representations").fetchall()
    return {(path, variant): (etag, body, packed) for path, variant, etag, body, packed in rows}


def test_a_build_is_on_disk_before_its_name_and_the_link_call_it_whole(small_repo: Path, tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """After a power cut, ``current`` must not name files the kernel had not yet written: every file of the new
    build is synced while it is still the temporary folder, and the folder holding the link after the switch."""
    synced: list[str] = []
    fsync = os.fsync

    def recorded(descriptor: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{descriptor}"))
        fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recorded)
    settings = fresh(small_repo, tmp_path)
    result = build(settings, progress=False)
    temporary = {path for path in synced if "/.tmp-" in path}
    for name in ("manifest.json", "documents.sqlite", "dataset.nq", "report.ttl", "dumps"):
        assert any(path.endswith(f"/{name}") for path in temporary), name
    assert sum(1 for _ in result.path.rglob("*")) <= len(temporary)  # each file and folder of it
    assert synced[-1] == str(settings.build_dir)  # the link's folder, last


def published_files(build_path: Path) -> dict[str, object]:
    """The manifest's files with their checksums and dates, but the store's (RocksDB names a store by a random
    identity and lays out its files as it goes: internal to the server, never published)."""
    files = json.loads((build_path / "manifest.json").read_text())["files"]
    return {name: info for name, info in files.items() if not name.startswith("store/")}


def test_source_date_epoch_makes_two_new_folders_build_the_same_bytes(small_repo: Path, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Two replicas, CI and a recovery each build in a folder of their own: with SOURCE_DATE_EPOCH (as
    reproducible-builds.org defines it) they publish one version, with the same dates and every document's bytes
    and ETag alike; without it each states the time it ran. Built twice in one folder, the second is a new
    version still (its name carries the content's hash)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # 2024-12-01T00:00:00Z
    one = build(fresh(small_repo, tmp_path, "one"), progress=False)
    two = build(fresh(small_repo, tmp_path, "two"), progress=False)
    assert one.manifest["version"] == two.manifest["version"] == "20241201T000000Z"
    assert one.reason is None  # a first build has nothing to say (a later one says why it was made: below)
    assert one.manifest["created"] == "2024-12-01T00:00:00Z"
    assert stored(one.path) == stored(two.path)
    assert published_files(one.path) == published_files(two.path)
    again = build(fresh(small_repo, tmp_path, "one"), force=True, progress=False)
    assert again.manifest["version"] == f"20241201T000000Z-{one.manifest['content_sha256'][:8]}"


def test_source_date_epoch_may_not_date_changed_data_before_the_build_it_follows(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fixed time left in CI's settings while the data moves on would give changed documents a date no later
    than the old ones: a cache asking If-Modified-Since would keep them. Refused; unchanged data may be rebuilt."""
    settings = built_copy(site_settings, tmp_path)  # built now (the run's shared build, copied)
    repo = settings.repo_dir
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1733011200")  # 2024-12-01, before it
    assert build(settings, force=True, progress=False).manifest["created"] == "2024-12-01T00:00:00Z"  # same data
    region = next((repo / "data" / "regions").glob("*.ttl"))  # changed data (its name is the table's: not that)
    region.write_text(region.read_text(encoding="utf-8") + '\n<https://data.byregion.no/id/region/notodden> '
                      'rdfs:comment "Endret."@nb .\n', encoding="utf-8")
    with pytest.raises(BuildError, match=r"SOURCE_DATE_EPOCH gives 2024-12-01T00:00:00\+00:00, not after build "):
        build(settings, progress=False)


@pytest.mark.parametrize("value", ["yesterday", "-1", "1.5", "99999999999999999999"])
def test_a_source_date_epoch_that_is_no_time_is_refused_before_anything_is_built(
        small_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    with pytest.raises(BuildError, match=r"SOURCE_DATE_EPOCH=.* is not valid: it must be a whole number of "
                                         r"seconds since 1970-01-01 UTC"):
        build(fresh(small_repo, tmp_path), progress=False)
    assert not (tmp_path / "build").exists()


def test_a_build_made_by_other_software_is_not_up_to_date(site_settings: Settings, site_build: PublishedBuild,
                                                          tmp_path: Path) -> None:
    """After an upgrade (a new page template, label or serialiser) the same data makes a new build: the old one's
    documents say what the old code wrote. A build records the software that made it; one made before it did
    (no ``software_sha256``) or by other code is built again, once."""
    settings = built_copy(site_settings, tmp_path)  # built by this software (the run's shared build, copied)
    first = open_current(settings.build_dir)
    assert first.manifest["software_sha256"] == software_fingerprint(shapes=settings.repo_dir / "shapes")
    manifest_file = first.path / "manifest.json"
    older = json.loads(manifest_file.read_text())
    older["software_sha256"] = "0" * 64  # as if an earlier release had made it
    manifest_file.write_text(json.dumps(older))

    upgraded = build(settings, progress=False)
    assert not upgraded.up_to_date and upgraded.path != first.path
    assert upgraded.manifest["content_sha256"] == first.manifest["content_sha256"]  # same data, new documents
    assert upgraded.reason is not None and first.manifest["version"] in upgraded.reason
    assert build(settings, progress=False).up_to_date


def test_every_library_of_the_fingerprint_is_installed_under_that_name() -> None:
    """A misspelt distribution name counts as "not installed" for every version, so its upgrades would go unseen."""
    from importlib import metadata

    missing = []
    for library in LIBRARIES:
        try:
            metadata.version(library)
        except metadata.PackageNotFoundError:
            missing.append(library)
    assert not missing


def test_the_software_fingerprint_follows_code_and_templates_not_caches(tmp_path: Path) -> None:
    for folder in SOURCE_FOLDERS:
        (tmp_path / folder).mkdir()
    page = tmp_path / "byregion" / "web" / "templates" / "page.html"
    page.parent.mkdir(parents=True)
    page.write_text("<h1>{{ title }}</h1>")
    (tmp_path / "byregion" / "labels.py").write_text("LABEL = 'navn'\n")
    before = software_fingerprint(tmp_path)
    (tmp_path / "byregion" / "__pycache__").mkdir()
    (tmp_path / "byregion" / "__pycache__" / "labels.cpython-311.pyc").write_bytes(b"cache")
    assert software_fingerprint(tmp_path) == before
    page.write_text("<h1 class=title>{{ title }}</h1>")
    assert software_fingerprint(tmp_path) != before


def test_a_changed_shape_judges_the_same_data_again(site_settings: Settings, site_build: PublishedBuild,
                                                    tmp_path: Path) -> None:
    """The data is unchanged but a shape is stricter: the build validates again, and refuses data the new shape
    refuses, instead of saying "up to date" and serving the old verdict."""
    settings = built_copy(site_settings, tmp_path)  # its own copy of the data, built
    repo, first = settings.repo_dir, open_current(settings.build_dir)
    shapes = repo / "shapes" / "byregion.ttl"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "\n# a comment is a change of the file too\n",
                      encoding="utf-8")
    again = build(settings, progress=False)
    assert not again.up_to_date and again.path != first.path
    assert build(settings, progress=False).up_to_date


def test_a_source_edited_after_its_import_is_named_not_up_to_date(site_settings: Settings, site_build: PublishedBuild,
                                                                   tmp_path: Path) -> None:
    """The data is unchanged but the page it was imported from is not: the build says which file and what to do
    (it said "up to date", and kept serving the text the data was made from)."""
    settings = built_copy(site_settings, tmp_path)
    repo, first = settings.repo_dir, open_current(settings.build_dir)
    source = repo / "data/sources/notodden.txt"
    source.write_bytes(source.read_bytes() + b"\nEn linje lagt til etter importen.\n")
    with pytest.raises(BuildError, match=r"notodden\.txt is not the text .* changed after its import; import it again"):
        build(settings, progress=False)
    assert open_current(settings.build_dir).path == first.path
    source.unlink()  # deleted: no longer "up to date" either
    with pytest.raises(BuildError, match=r"notodden\.txt is missing: restore it"):
        build(settings, progress=False)
    assert open_current(settings.build_dir).path == first.path


def test_an_earlier_ontology_version_without_its_text_stops_the_build(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """The ontology names 0.1.0 as an earlier version (owl:priorVersion): its IRI was published, and answers with
    ontology/versions/0.1.0.ttl. Without that file no build is made, and the build says which file is missing,
    also when the data is unchanged since the build that is served."""
    settings = built_copy(site_settings, tmp_path)
    repo, first = settings.repo_dir, open_current(settings.build_dir)
    (repo / "ontology/versions/0.1.0.ttl").unlink()
    missing = (r"names https://data\.byregion\.no/def/byregion/0\.1\.0 as an earlier version .*"
               r"ontology/versions/0\.1\.0\.ttl is missing")
    with pytest.raises(BuildError, match=missing):
        build(settings, progress=False)
    with pytest.raises(BuildError, match=missing):
        build(settings, force=True, progress=False)
    assert open_current(settings.build_dir).path == first.path
    assert not [p for p in settings.build_dir.iterdir() if p.name.startswith(".tmp-")]


def test_a_violation_leaves_the_previous_build_current_and_untouched(
        small_repo: Path, site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)
    good = open_current(settings.build_dir)
    before = {p: p.stat().st_mtime_ns for p in good.path.rglob("*") if p.is_file()}

    broken = tmp_path / "broken-repo"
    shutil.copytree(small_repo, broken)
    (broken / "data/curation/zz-broken.ttl").write_text(
        "@prefix br: <https://data.byregion.no/def/byregion#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://data.byregion.no/id/municipality/nowhere> a br:Municipality ;\n"
        '    skos:prefLabel "Nowhere"@en ;\n'
        "    br:municipalityNumber <https://data.byregion.no/id/municipality/nowhere/number/12345> .\n"
        "<https://data.byregion.no/id/municipality/nowhere/number/12345> a br:MunicipalityNumber ;\n"
        '    skos:notation "12345" .\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationFailed) as failed:
        build(Settings.from_env({}, repo_dir=broken, build_dir=settings.build_dir), progress=False)
    assert failed.value.report.violations, "the failure carries the report that says what is wrong"
    assert any("nowhere" in line for line in failed.value.report.format_lines())

    assert open_current(settings.build_dir).path == good.path
    assert {p: p.stat().st_mtime_ns for p in good.path.rglob("*") if p.is_file()} == before
    assert not [p for p in settings.build_dir.iterdir() if p.name.startswith(".tmp-")]


def test_broken_turtle_is_refused_with_the_file_named(repo_copy: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-repo"
    shutil.copytree(repo_copy, broken)
    (broken / "data/curation/zz-syntax.ttl").write_text("<a> <b> \"unterminated .\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"zz-syntax\.ttl") as refused:
        build(fresh(broken, tmp_path), progress=False)
    assert not (tmp_path / "build" / "current").exists()
    # one line, as `byregion validate` says it: where and what (Oxigraph's parser: the literal from where it opens)
    assert str(refused.value) == (f"{broken / 'data/curation/zz-syntax.ttl'}: not valid Turtle: between line 1 "
                                  "column 9 and line 2 column 1: Unexpected end of file")


@pytest.mark.parametrize("required", ["ontology/byregion.ttl", "ontology/themes.ttl", "data/programme.ttl"])
def test_a_missing_required_input_is_refused_by_name(repo_copy: Path, tmp_path: Path, required: str) -> None:
    """A build without the ontology once published its other 8 graphs as conforming: a required input that is
    missing is named, and nothing is published."""
    broken = tmp_path / "broken-repo"
    shutil.copytree(repo_copy, broken)
    (broken / required).unlink()
    with pytest.raises(BuildError, match=rf"{re.escape(required)}: missing; every build needs it"):
        build(fresh(broken, tmp_path), progress=False)
    assert not (tmp_path / "build" / "current").exists()


def test_another_base_uri_rewrites_our_iris_only(small_repo: Path, tmp_path: Path) -> None:
    settings = Settings.from_env({}, repo_dir=small_repo, build_dir=tmp_path / "b", base_uri="http://localhost:9/")
    result = build(settings, progress=False)
    store = store_of(open_current(settings.build_dir))
    assert store.ask("ASK { <http://localhost:9/id/region/notodden> ?p ?o }")
    assert not store.ask("ASK { ?s ?p ?o FILTER(STRSTARTS(STR(?s), 'https://data.byregion.no/')) }")
    assert store.ask("ASK { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
                     "FILTER(STRSTARTS(STR(?o), 'http://www.wikidata.org/entity/')) }")
    assert result.manifest["base_uri"] == "http://localhost:9"


def test_dumps_keep_the_data_as_written(small_repo: Path, tmp_path: Path) -> None:
    """The dumps hold every triple of the canonical N-Quads (the content hash's bytes) as written there, also
    where the store reads a literal back in canonical form ("2.50"^^xsd:decimal as "2.5")."""
    (small_repo / "data/curation/zz-decimal.ttl").write_text(
        "<http://example.org/thing> <http://example.org/measure> "
        '"2.50"^^<http://www.w3.org/2001/XMLSchema#decimal> .\n', encoding="utf-8")
    try:
        result = build(fresh(small_repo, tmp_path), progress=False)
    finally:
        (small_repo / "data/curation/zz-decimal.ttl").unlink()
    written = {quad.triple for quad in ox.parse(path=result.path / "dataset.nq", format=ox.RdfFormat.N_QUADS)}
    ntriples = result.path / "dumps" / "byregion.nt"
    dumped = [quad.triple for quad in ox.parse(path=ntriples, format=ox.RdfFormat.N_TRIPLES)]
    assert len(dumped) == len(set(dumped)) and set(dumped) == written
    assert b'"2.50"^^<http://www.w3.org/2001/XMLSchema#decimal>' in ntriples.read_bytes()
    assert result.manifest["void"]["triples"] == len(written)


def _wait_until_unlocked(lock: Path, timeout: float = 30.0) -> None:
    """Wait for every process of a killed build to be gone: its workers share the build's lock, and the kernel
    may still be tearing one down (releasing its files) after the main process has been reaped. Until then the
    next build rightly answers "another build is running"."""
    deadline = time.monotonic() + timeout
    with lock.open("a") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                assert time.monotonic() < deadline, f"the killed build's processes still hold {lock} after {timeout} s"
                time.sleep(0.05)
            else:
                fcntl.flock(handle, fcntl.LOCK_UN)
                return


def test_a_build_killed_at_any_point_leaves_the_previous_build_served_and_nothing_behind(
        small_repo: Path, tmp_path: Path) -> None:
    """``kill -9`` of ``byregion build`` at points spread over a whole build: each time the previous build is
    still current and whole, and the next build sweeps what the killed one left (``.tmp-*``, a link)."""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir))
    command = [sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())", "build", "--force"]
    started = time.monotonic()  # the first build, timed: the kills below are spread over its length
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=300)
    whole = time.monotonic() - started
    current = open_current(settings.build_dir).version
    # of this build: validating, rendering, about to switch (scripts/profile_build), in the builds killed, which
    # are shorter than this first one by the ontology's earlier versions they carry over from it
    # (tests/test_carried_documents.py)
    for fraction in (0.3, 0.6, 0.75):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        time.sleep(whole * fraction)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers, as a crash or an OOM kill would
        process.wait(10)
        _wait_until_unlocked(settings.build_dir / ".lock")
        served = open_current(settings.build_dir)
        if served.version != current:  # the kill came after the switch: the new build is whole too
            current = served.version
        with sqlite3.connect(f"file:{served.path / 'documents.sqlite'}?mode=ro", uri=True) as db:
            assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] > 10
        assert json.loads((served.path / "manifest.json").read_text())["version"] == current
    final = build(settings, force=True, progress=False)
    assert open_current(settings.build_dir).version == final.manifest["version"]
    assert not list(settings.build_dir.glob(".tmp-*")) and not list(settings.build_dir.glob(".current-*"))


def test_a_build_killed_alone_takes_its_merging_process_with_it(small_repo: Path, tmp_path: Path) -> None:
    """``kill -9`` of the command alone (not its process group): its merging process, which shares the build's
    lock, ends too, so the next build can start at once rather than wait for it to validate for nobody. (Its
    merging is made to take a minute here, as a large build's does.)"""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir))
    slow = ("import sys, time; import byregion.build.writer as w; merge = w.merge_and_validate\n"
            "def slow(*args, **kwargs):\n    time.sleep(60)\n    return merge(*args, **kwargs)\n"
            "w.merge_and_validate = slow\nfrom byregion.cli import main; sys.exit(main())")
    command = [sys.executable, "-c", slow, "build", "--force"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not (children := children_of(process.pid)):
            assert process.poll() is None and time.monotonic() < deadline, "the build never began to merge"
            time.sleep(0.01)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(10)
        deadline = time.monotonic() + 15
        while any(Path(f"/proc/{pid}").exists() and _stat_state(pid) != "Z" for pid in children):
            assert time.monotonic() < deadline, "the merging process outlived the build that started it"
            time.sleep(0.05)
        _wait_until_unlocked(settings.build_dir / ".lock", timeout=5)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def _stat_state(pid: int) -> str:
    """A process's state letter (``Z``: a zombie, ended), or ``Z`` for one already gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def test_sigterm_stops_a_build_as_ctrl_c_does_leaving_nothing_behind(small_repo: Path, tmp_path: Path) -> None:
    """``kill`` (SIGTERM, what a service manager sends) while the build merges: the command says it stopped, exits
    with 143, and removes its temporary folder and its merging process itself; nothing is published."""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir))
    command = [sys.executable, "-c", "import sys; from byregion.cli import main; sys.exit(main())", "build"]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    deadline = time.monotonic() + 60
    while not list(settings.build_dir.glob(".tmp-*")) and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(0.5)  # inside the merge, in its own process
    process.send_signal(signal.SIGTERM)  # to the command alone, not its process group
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 128 + signal.SIGTERM, stderr
    assert "stopped (SIGTERM)" in stderr and "Traceback" not in stderr
    assert not list(settings.build_dir.glob(".tmp-*")) and not (settings.build_dir / "current").exists()
    with pytest.raises(ProcessLookupError):
        os.killpg(process.pid, 0)  # no process of the group is left: the merge stopped with the command


def test_a_source_file_changed_after_its_import_stops_the_build(small_repo: Path, tmp_path: Path) -> None:
    """The build publishes each cited source at its schema:url; if its bytes are no longer those the region was
    imported from, the offsets would point at other text: the build stops and says what to do."""
    changed = tmp_path / "changed-repo"
    shutil.copytree(small_repo, changed)
    page = changed / "data/sources/notodden.txt"
    page.write_bytes(page.read_bytes().replace(b"Notodden", b"Notoden", 1))
    with pytest.raises(ValidationFailed) as failed:  # in the validation report, as `byregion validate` says it
        build(fresh(changed, tmp_path), progress=False)
    lines = failed.value.report.format_lines()
    assert any(re.search(r"br:sha256  .*notodden\.txt is not the text .* was made from .*import it again", line)
               for line in lines), lines
    assert not (tmp_path / "build" / "current").exists()
    page.unlink()
    with pytest.raises(BuildError, match=r"/source/notodden\.txt, but .*notodden\.txt is missing"):
        build(fresh(changed, tmp_path), progress=False)


def test_the_dumps_say_every_literal_as_the_store_and_the_documents_do(real_build: PublishedBuild) -> None:
    """Merging a dereferenced document with a dump gives no second triple: the N-Quads dump's quads are exactly
    the store's, lexical forms included (a reference table's ``519.50`` was the store's ``519.5``)."""
    import pyoxigraph as ox

    decimal = "http://www.w3.org/2001/XMLSchema#decimal"

    def as_documents_write_it(quad: ox.Quad) -> ox.Quad:
        """The store keeps ``5150.0`` as ``5150``; the documents write the point (describe.with_dotted_decimals)."""
        o = quad.object
        if isinstance(o, ox.Literal) and o.datatype.value == decimal and "." not in o.value:
            dotted = ox.Literal(o.value + ".0", datatype=o.datatype)
            return ox.Quad(quad.subject, quad.predicate, dotted, quad.graph_name)
        return quad

    dumped = set(ox.parse(path=str(real_build.path / "dumps" / "byregion.nq"), format=ox.RdfFormat.N_QUADS))
    stored = {as_documents_write_it(q)
              for q in ox.Store.read_only(str(real_build.path / "store")).quads_for_pattern(None, None, None, None)}
    assert dumped == stored, sorted(map(str, dumped ^ stored))[:5]


def _with_a_windows_1252_source(small_repo: Path, tmp_path: Path) -> Path:
    """A copy of the small repository whose page is in Windows-1252, its data hashing those bytes (as its import
    would: the importer reads such a page, with a warning)."""
    import hashlib

    repo = tmp_path / "repo"
    shutil.copytree(small_repo, repo)
    source, region = repo / "data/sources/notodden.txt", repo / "data/regions/notodden.ttl"
    utf8 = source.read_bytes()
    latin = utf8.decode("utf-8").encode("cp1252")
    assert latin != utf8  # the page has Norwegian letters
    region.write_text(region.read_text(encoding="utf-8").replace(hashlib.sha256(utf8).hexdigest(),
                                                                 hashlib.sha256(latin).hexdigest()), encoding="utf-8")
    source.write_bytes(latin)
    return repo


def test_a_source_that_is_not_utf8_is_refused_saying_how_to_convert_it(small_repo: Path, tmp_path: Path) -> None:
    """A source is published as UTF-8 text: a Windows-1252 page's bytes would reach readers garbled under that
    label, and the offsets could not be counted. The build names the file and the conversion, and publishes
    nothing."""
    repo = _with_a_windows_1252_source(small_repo, tmp_path)
    with pytest.raises(ValidationFailed) as failed:  # in the validation report, as `byregion validate` says it
        build(fresh(repo, tmp_path), progress=False)
    said = [v.message for v in failed.value.report.violations]
    assert len(said) == 1 and re.search(r"notodden\.txt is not UTF-8 .*iconv -f windows-1252 -t utf-8", said[0])
    # the command names the file by its whole path, so that it works pasted in the folder the build ran in (it had
    # named notodden.txt alone: an importer's review)
    source = repo / "data" / "sources" / "notodden.txt"
    assert f"-t utf-8 {source} > converted && mv converted {source}`" in said[0]


def test_validate_refuses_such_a_source_as_the_build_does(small_repo: Path, tmp_path: Path) -> None:
    """``byregion validate`` had passed it, and the build failed on it 20 s later."""
    repo = _with_a_windows_1252_source(small_repo, tmp_path)
    done = subprocess.run([sys.executable, "-m", "byregion", "validate", "--repo", str(repo)], capture_output=True,
                          text=True, cwd=REPO_ROOT, check=False)
    assert done.returncode == 1, done.stderr
    assert re.search(r"notodden\.txt is not UTF-8 \(byte \d+\).*iconv -f windows-1252", done.stdout)


def test_no_triple_of_the_repository_is_in_two_graphs(real_build: PublishedBuild) -> None:
    """The endpoint's default graph is the union of the named graphs, in which a triple of two graphs is two rows
    (a COUNT(*) of 46,046 where VoID and the service description say 46,029): the curation once repeated 17 theme
    tags the importer makes itself. A triple is asserted by one graph, with that graph's provenance."""
    graphs: dict[tuple[object, object, object], set[object]] = {}
    for quad in ox.parse(path=str(real_build.path / "dataset.nq"), format=ox.RdfFormat.N_QUADS):
        graphs.setdefault((quad.subject, quad.predicate, quad.object), set()).add(quad.graph_name)
    twice = [(triple, sorted(str(g) for g in where)) for triple, where in graphs.items() if len(where) > 1]
    assert not twice, twice[:5]


def test_ctrl_c_while_the_pages_render_in_parallel_ends_the_build_at_once(small_repo: Path, tmp_path: Path) -> None:
    """Ctrl-C (SIGINT to the whole process group) once the render's pool of workers runs: the command says it was
    interrupted, exits 130 within seconds, prints no traceback of a worker and leaves no temporary folder. A
    worker that took the SIGINT itself once died holding the pool's queue lock, and the build waited for ever.
    The small repository renders in parallel here (``PARALLEL_FROM`` set to 1, one page a task)."""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir))
    code = ("import sys; import byregion.build.render.step as r; r.PARALLEL_FROM = 1; r.CHUNK = 1; "
            "from byregion.cli import main; sys.exit(main())")
    for delay in (0.0, 0.15):
        process = subprocess.Popen([sys.executable, "-c", code, "build", "--force"], env=env, text=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                                   preexec_fn=ctrl_c_as_at_a_terminal)
        deadline = time.monotonic() + 120
        while not any((t / "documents.sqlite").exists() for t in settings.build_dir.glob(".tmp-*")):
            assert process.poll() is None and time.monotonic() < deadline, "the build never began to render"
            time.sleep(0.005)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, stderr = process.communicate(timeout=30)
        except subprocess.TimeoutExpired as late:  # which process held on (its stderr open), then none is left
            left = session_processes(process.pid)
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise AssertionError(f"not ended 30 s after Ctrl-C (delay {delay}); its session's processes: {left}; "
                                 f"its stderr: {late.stderr!r}") from None
        assert process.returncode == 130, stderr
        assert stderr.strip().endswith("byregion: interrupted; nothing half-made was published") \
            and "Traceback" not in stderr, stderr
        assert not list(settings.build_dir.glob(".tmp-*"))


def test_a_render_worker_killed_stops_the_build_at_once_saying_so(small_repo: Path, tmp_path: Path) -> None:
    """A render worker killed (SIGKILL, as the kernel's out-of-memory killer kills) while the pages render in
    parallel: the command says which worker ended and how, exits 1 within seconds, and publishes nothing. The pool
    starts another worker in the dead one's place, but what it was given is lost, and the build had waited for it
    for ever. Here the worker given the Notodden region's page kills itself (``PARALLEL_FROM`` 1, a page a task)."""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir))
    code = ("import os, signal, sys\n"
            "import byregion.build.render.step as r\n"
            "r.PARALLEL_FROM, r.CHUNK = 1, 1\n"
            "render_chunk = r._render_chunk\n"
            "def dying(paths):\n"
            "    if paths[0][0] == '/doc/region/notodden':\n"
            "        os.kill(os.getpid(), signal.SIGKILL)\n"
            "    return render_chunk(paths)\n"
            "r._render_chunk = dying\n"
            "from byregion.cli import main\n"
            "sys.exit(main())\n")
    process = subprocess.Popen([sys.executable, "-c", code, "build"], env=env, text=True, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, start_new_session=True)
    with group_killed_after(process):
        _, stderr = process.communicate(timeout=120)
    assert_stopped_for_a_killed_worker(process, stderr, settings, r"the render stopped: a worker process rendering "
                                       r"documents \(pid \d+\)")


def test_a_validation_worker_killed_stops_the_build_at_once_saying_so(small_repo: Path, tmp_path: Path) -> None:
    """A worker validating a part of the data killed (SIGKILL, as the kernel's out-of-memory killer kills): the
    command says which worker ended and how, exits 1 within seconds, and publishes nothing. The validation's pool
    (``ProcessPoolExecutor``) had ended such a build with a traceback, when its end did not hang. Parts of 100
    triples make the validation run in parts; the first worker seen is killed as it starts or works."""
    settings = fresh(small_repo, tmp_path)
    env = dict(os.environ, BYREGION_REPO_DIR=str(small_repo), BYREGION_BUILD_DIR=str(settings.build_dir),
               BYREGION_VALIDATION_PART_TRIPLES="100", BYREGION_VALIDATION_JOBS="2")
    process = subprocess.Popen([sys.executable, "-m", "byregion", "build"], env=env, text=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    with group_killed_after(process):
        killed, deadline = None, time.monotonic() + 120
        while killed is None and process.poll() is None and time.monotonic() < deadline:
            for pid in process_tree(process.pid):
                with contextlib.suppress(OSError):
                    if b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes():
                        os.kill(pid, signal.SIGKILL)
                        killed = pid
                        break
            time.sleep(0.01)
        assert killed is not None, "no validation worker was seen"
        _, stderr = process.communicate(timeout=60)
    assert_stopped_for_a_killed_worker(process, stderr, settings, r"the validation stopped: a worker process "
                                       rf"validating a part of the data \(pid {killed}\)")


@contextlib.contextmanager
def group_killed_after(process: subprocess.Popen[str]) -> Iterator[None]:
    """The build's whole session killed when the block ends, however it ends: nothing of it left running."""
    try:
        yield
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)


def assert_stopped_for_a_killed_worker(process: subprocess.Popen[str], stderr: str, settings: Settings,
                                       said: str) -> None:
    """The build exited 1 with one last line that ``said`` which worker ended, that it was killed, and that nothing
    was published; no traceback, and nothing of it left in the build folder."""
    assert process.returncode == 1, stderr
    last = stderr.strip().splitlines()[-1]
    assert re.fullmatch(rf"byregion build: {said} ended before it answered: it was killed \(SIGKILL\), as the "
                        r"kernel's out-of-memory killer kills a process when memory runs out; nothing was published\. "
                        r".*", last), stderr
    assert "Traceback" not in stderr, stderr
    assert not (settings.build_dir / "current").exists() and not list(settings.build_dir.glob(".tmp-*"))


def test_a_statement_text_edited_after_its_import_fails_validation_before_anything_is_written(
        small_repo: Path, tmp_path: Path) -> None:
    """A statement's Norwegian text must be the characters of its source its selector points at: the build says so
    in its validation report (the lines `byregion validate` prints), before the store or any document is made."""
    edited = tmp_path / "edited-repo"
    shutil.copytree(small_repo, edited)
    region = edited / "data" / "regions" / "notodden.ttl"
    text = region.read_text(encoding="utf-8")
    assert text.count("å utvikle en delingskultur for kommunenes") == 1
    region.write_text(text.replace("å utvikle en delingskultur for", "å utvikle en god delingskultur for"),
                      encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        build(fresh(edited, tmp_path), progress=False)
    [line] = failed.value.report.format_lines()
    assert line.startswith("VIOLATION  <https://data.byregion.no/id/region/notodden/goal/1>  prov:wasDerivedFrom  "
                           "its Norwegian text is not characters 348–425 of")
    assert not (tmp_path / "build" / "current").exists()


def test_an_address_the_previous_build_answered_is_named_when_it_goes_and_kept_in_the_manifest(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """An archivist's review took a region out of the programme's tables and rebuilt: its IRIs turned 404 and the
    build said nothing. The build names what the previous one answered and this one does not, and the manifest
    keeps the list (with the version that last answered each) while the addresses stay away."""
    settings = built_copy(site_settings, tmp_path)
    repo, first = settings.repo_dir, open_current(settings.build_dir)
    assert first.manifest["withdrawn"] == []
    tables = repo / "data" / "programme"
    kept = {name: (tables / name).read_text(encoding="utf-8") for name in ("regions.csv", "memberships.csv")}
    for name, text in kept.items():
        (tables / name).write_text("".join(line for line in text.splitlines(keepends=True)
                                           if "midt-telemark" not in line.split(",")[0]), encoding="utf-8")
    second = build(settings, progress=False)
    gone = {w["path"]: w["last"] for w in second.manifest["withdrawn"]}
    assert gone.get("/doc/region/midt-telemark") == first.manifest["version"]
    assert all(path.startswith("/") for path in gone)  # addresses, not the build's own entries
    [warning] = withdrawn_lines(second.manifest)
    assert "/doc/region/midt-telemark" in warning and first.manifest["version"] in warning
    third = build(settings, force=True, progress=False)  # still away: kept, with the version that last had it
    assert {w["path"]: w["last"] for w in third.manifest["withdrawn"]} == gone and withdrawn_lines(third.manifest) == []
    for name, text in kept.items():
        (tables / name).write_text(text, encoding="utf-8")
    back = build(settings, progress=False)
    assert "/doc/region/midt-telemark" not in {w["path"] for w in back.manifest["withdrawn"]}


def test_the_render_bar_ends_at_its_whole(site_settings: Settings, site_build: PublishedBuild, tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A document a thing, and the site's own documents as one: the bar had counted those one by one against a
    guess of ten, and ended past its whole (here 158 of 132: the fixture site has 36; a million triples' build has a
    document for each of its 1,781 named graphs among them)."""
    bars: list[LineProgress] = []

    def recorded(total: float, desc: str, unit: str, progress: bool | None = None) -> LineProgress:
        bars.append(LineProgress(total, desc, unit, file=io.StringIO()))
        return bars[-1]

    monkeypatch.setattr(render_step, "progress_bar", recorded)
    build(built_copy(site_settings, tmp_path), force=True, progress=False)
    [bar] = bars
    assert bar.n == bar.total > 100
