"""``byregion build`` refuses what no build can run with before it touches the build folder: a repository folder
that is not there (a typo in ``--repo`` left an empty build folder, with only a lock file, to be mistaken for a
place builds are) and a ``SOURCE_DATE_EPOCH`` that is no time; and it names a page saved but never imported."""

from __future__ import annotations

import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from tests.support.site import fixture_repo

pytestmark = pytest.mark.fast

MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


def test_a_repository_folder_that_does_not_exist_leaves_the_build_folder_alone(tmp_path: Path) -> None:
    build_dir = tmp_path / "builds"
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(tmp_path / "repoo"),
                           "--build-dir", str(build_dir)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr  # a usage error, as `byregion validate` says it
    assert f"{tmp_path / 'repoo'}: there is no such folder; give --repo" in done.stderr
    assert "Traceback" not in done.stderr and "merge" not in done.stderr + done.stdout
    assert not build_dir.exists()


def test_a_page_saved_but_never_imported_is_named_with_the_command_that_imports_it(tmp_path: Path) -> None:
    """A page in data/sources/ without its data/regions/ file is in no build, and the build had said nothing: it
    names the file and the import command (a page with its region file, and the sources' notes, are not named)."""
    repo = tmp_path / "repo"
    (repo / "data" / "sources").mkdir(parents=True)
    (repo / "data" / "regions").mkdir()
    for name in ("testby.txt", "annenby.txt", "SOURCES.md"):
        (repo / "data" / "sources" / name).write_text("Testby\n", encoding="utf-8")
    (repo / "data" / "regions" / "annenby.ttl").write_text("", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(repo), "--build-dir",
                           str(tmp_path / "builds")], capture_output=True, text=True, timeout=120)
    said = [line for line in done.stderr.splitlines() if "never imported" in line]
    assert said == ["byregion build: warning: data/sources/testby.txt has no data/regions/testby.ttl: the page was "
                    "saved but never imported, so it is in no build; import it: byregion import "
                    "data/sources/testby.txt --out data/regions/testby.ttl"], done.stderr


def test_a_page_template_left_broken_is_refused_before_any_work_in_one_line(tmp_path: Path) -> None:
    """A ``{% if %}`` left open in a page template: the build had merged and validated for 40 s and then ended in
    three tracebacks. Every template is compiled first: one line naming the file, the line Jinja gives and the tag
    left open, at once. (The code is copied, its template broken there, and run from the copy.)"""
    code = tmp_path / "code"
    shutil.copytree(REPO_ROOT / "byregion", code / "byregion", ignore=shutil.ignore_patterns("__pycache__"))
    template = code / "byregion" / "web" / "templates" / "region.html"
    lines = template.read_text(encoding="utf-8").splitlines(keepends=True)
    template.write_text("".join([*lines[:10], "{% if foo %}\n", *lines[10:]]), encoding="utf-8")
    build_dir = tmp_path / "builds"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(REPO_ROOT), "--build-dir",
                           str(build_dir)], capture_output=True, text=True, timeout=60, cwd=code,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(code)})
    assert done.returncode == 1, done.stderr
    said = done.stderr.splitlines()
    assert len(said) == 1 and re.match(r"byregion build: a page template cannot be compiled: "
                                       r"byregion/web/templates/region\.html, line \d+: ", said[0]), said
    assert "The innermost block that needs to be closed is 'if'; nothing was built" in said[0]
    assert time.monotonic() - started < 30 and not build_dir.exists()


def test_a_source_date_epoch_that_is_no_time_is_a_setting_no_build_can_run_with(tmp_path: Path) -> None:
    build_dir = tmp_path / "builds"
    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--build-dir", str(build_dir)], capture_output=True,
                          text=True, timeout=60, env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "last tuesday"})
    assert done.returncode == 2, done.stderr
    assert "byregion build: SOURCE_DATE_EPOCH='last tuesday' is not valid: it must be a whole number of seconds" \
        in done.stderr
    assert not build_dir.exists()


@pytest.mark.slow
def test_a_build_folder_that_takes_no_more_is_said_so_and_nothing_is_published(tmp_path: Path) -> None:
    """A full disk, stood for by a limit on the size of a file the build may write (RLIMIT_FSIZE, with SIGXFSZ
    ignored, so a write fails as on a full disk): one line saying what and where, not a traceback, and no folder
    of a half-made build left behind. (The fixture site's data: its merged N-Quads, 0.45 MB, pass the limit.)"""
    build_dir = tmp_path / "builds"
    repo = fixture_repo(tmp_path / "repo")

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, 200_000))

    done = subprocess.run([sys.executable, "-c", MAIN, "build", "--repo", str(repo), "--build-dir", str(build_dir)],
                          capture_output=True, text=True, timeout=300, preexec_fn=limited)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert "byregion build: could not write the build: File too large" in done.stderr
    assert "Nothing was published and the previous build stays current" in done.stderr
    assert not (build_dir / "current").exists() and not list(build_dir.glob(".tmp-*"))
