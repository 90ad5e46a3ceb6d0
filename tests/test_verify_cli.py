"""``byregion verify``: a build's files read against the SHA-256s of its manifest. A file damaged in place keeps its
size, which is all a server checks at start; verify finds it, names it, and exits 1."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from byregion.build import PublishedBuild

pytestmark = pytest.mark.slow  # reads a whole build

MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"


def verify(build_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", MAIN, "verify", "--build-dir", str(build_dir), *args],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def copied(site_build: PublishedBuild, tmp_path: Path) -> Path:
    """A copy of the test build as the current build of a build folder of its own."""
    build_dir = tmp_path / "build"
    shutil.copytree(site_build.path, build_dir / site_build.path.name)
    (build_dir / "current").symlink_to(site_build.path.name)
    return build_dir


def test_a_whole_build_is_said_to_be_as_recorded(copied: Path) -> None:
    done = verify(copied)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"build {next(p for p in copied.iterdir() if not p.is_symlink()).name}: ")
    assert "files," in done.stdout and "each as its manifest records" in done.stdout


def test_a_file_damaged_in_place_is_named(copied: Path) -> None:
    version = next(p for p in copied.iterdir() if not p.is_symlink() and not p.name.startswith("."))
    documents = version / "documents.sqlite"
    size = documents.stat().st_size
    with documents.open("r+b") as handle:  # the same size, other bytes: as a failing disk leaves a file
        handle.seek(size // 2)
        handle.write(bytes(4096))
    assert documents.stat().st_size == size
    for args in ((), (version.name,)):
        done = verify(copied, *args)
        assert done.returncode == 1, done.stdout
        assert f"{version.name}: documents.sqlite: its SHA-256 is " in done.stderr
        assert "1 of " in done.stderr
        assert f"run `byregion build --force --build-dir {copied}` to make a whole one" in done.stderr
        assert "Traceback" not in done.stderr


def test_a_current_that_is_a_folder_is_refused_saying_how_to_link_it(copied: Path) -> None:
    version = next(p for p in copied.iterdir() if not p.is_symlink() and not p.name.startswith("."))
    (copied / "current").unlink()
    shutil.copytree(version, copied / "current")  # a restore with cp -rL
    done = verify(copied)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.strip() == (f"byregion verify: {copied / 'current'} is a folder, not a link: move it aside and "
                                   f"link it to a build (cd {copied} && mv current current.folder && ln -sfn "
                                   f"{version.name} current)")


def test_a_version_that_is_no_build_is_refused(copied: Path) -> None:
    done = verify(copied, "backups")
    assert done.returncode == 1 and "there is no build 'backups'" in done.stderr
    version = next(p for p in copied.iterdir() if not p.is_symlink() and not p.name.startswith("."))
    elsewhere = f"../{copied.name}/{version.name}"  # a build, but named by a path: not one of this folder's names
    done = verify(copied, elsewhere)
    assert done.returncode == 1 and f"there is no build {elsewhere!r}" in done.stderr


def test_a_build_this_user_cannot_read_is_one_line_saying_so(copied: Path) -> None:
    """A build folder of another user's (mode 0700, as builds were made) had ended verify in a traceback."""
    import os

    if os.geteuid() == 0:  # root reads whatever the mode says; a folder that is no folder gives the same refusal
        folder = next(p for p in copied.iterdir() if not p.is_symlink())
        (folder / "manifest.json").unlink()
        (folder / "manifest.json").mkdir()  # read_text() of a folder: IsADirectoryError, an OSError
        done = verify(copied)
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert done.stderr.startswith("byregion verify: cannot read "), done.stderr
        return
    folder = next(p for p in copied.iterdir() if not p.is_symlink())
    folder.chmod(0o000)
    try:
        done = verify(copied)
    finally:
        folder.chmod(0o755)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert "byregion verify: " in done.stderr and "Permission denied" in done.stderr


def test_a_build_folder_that_is_a_file_is_named_by_build(tmp_path: Path) -> None:
    """It had been a 20-line traceback ending in FileExistsError."""
    from byregion.build.writer import BuildError, _lock

    afile = tmp_path / "builds"
    afile.write_text("not a folder")
    for build_dir in (afile, afile / "inside"):
        with pytest.raises(BuildError, match=r"builds is a file, not a folder; give a folder with --build-dir"), \
                _lock(build_dir):
            pass


def test_a_reader_that_stopped_reading_ends_it_quietly_and_a_full_output_in_one_line(copied: Path) -> None:
    """``byregion verify | head -c 0`` had ended in a BrokenPipeError's traceback, ``>/dev/full`` in an OSError's."""
    read, write = os.pipe()
    os.close(read)  # no one will read
    try:
        done = subprocess.run([sys.executable, "-c", MAIN, "verify", "--build-dir", str(copied)], stdout=write,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    finally:
        os.close(write)
    assert done.returncode == 128 + signal.SIGPIPE and "Traceback" not in done.stderr, done.stderr
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-c", MAIN, "verify", "--build-dir", str(copied)], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == "byregion: cannot write the output: No space left on device"
    assert "Traceback" not in done.stderr
