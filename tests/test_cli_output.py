"""The ``byregion`` command's output never ends it in a traceback: in an ASCII locale every command's help is written
(a character the locale lacks as an escape), a reader that stops reading ends it quietly, an output that takes no
more is said in one line, and a usage error (no command, no repository folder) is said on stderr with exit code 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from byregion.cli import COMMANDS

pytestmark = pytest.mark.fast

MAIN = "import sys; from byregion.cli import main; sys.exit(main(sys.argv[1:]))"
#: An ASCII locale, as a minimal container or a cron job has it: Python neither coerces it nor turns on UTF-8 mode.
ASCII = {**{k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"}, "LC_ALL": "C", "PYTHONUTF8": "0",
         "PYTHONCOERCECLOCALE": "0"}


def byregion(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
             ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", MAIN, *args], env=env, cwd=cwd, capture_output=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("command", sorted(name.rstrip("_").replace("_", "-") for name in COMMANDS))
def test_every_commands_help_is_written_in_an_ascii_locale(command: str) -> None:
    done = byregion(command, "--help", env=ASCII)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stderr == b"" and done.stdout.startswith(b"usage: byregion " + command.encode())
    done.stdout.decode("ascii")  # nothing the locale cannot show


def test_a_character_the_locale_lacks_is_written_as_an_escape() -> None:
    said = byregion("import", "--help", env=ASCII).stdout.decode("ascii")
    assert "one region page \\u2192 the region's Turtle file" in said  # '→' in a UTF-8 locale
    said = byregion("synth", "--help", env=ASCII).stdout.decode("ascii")
    assert "in Bokm\\xe5l" in said


def test_a_reader_that_stopped_reading_ends_the_command_quietly() -> None:
    """``byregion --help | head -c 0``: the help meets a pipe with no reader; the command ends as one ended by
    SIGPIPE does, and says nothing."""
    read, write = os.pipe()
    os.close(read)  # no one will read
    try:
        done = subprocess.run([sys.executable, "-c", MAIN, "--help"], stdout=write, stderr=subprocess.PIPE,
                              timeout=60, check=False)
    finally:
        os.close(write)
    assert done.returncode == 128 + signal.SIGPIPE and done.stderr == b"", done.stderr


@pytest.mark.parametrize("args", [["--help"], ["--version"]], ids=["help", "version"])
def test_an_output_that_takes_no_more_is_said_in_one_line(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-c", MAIN, *args], stdout=full, stderr=subprocess.PIPE, text=True,
                              timeout=60, check=False)
    assert done.returncode == 1
    assert done.stderr == "byregion: cannot write the output: No space left on device\n"


def test_no_command_is_a_usage_error_said_on_stderr() -> None:
    done = byregion()
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.startswith(b"usage: byregion ") and b"COMMAND" in done.stderr


@pytest.mark.parametrize("command", [["build"], ["validate"], ["synth", "OUT", "--triples", "10"],
                                     ["import", "page.txt", "--out", "OUT"]],
                         ids=["build", "validate", "synth", "import"])
def test_a_repository_folder_that_is_not_there_is_a_usage_error_of_each_command(command: list[str],
                                                                               tmp_path: Path) -> None:
    """``--repo`` naming no folder is said in one line with exit code 2 by each command that reads a repository
    (build had said it with 1, synth with a traceback), and nothing is left behind (synth's OUT, build's folder)."""
    args = [str(tmp_path / "out") if arg == "OUT" else arg for arg in command]
    done = byregion(*args, "--repo", str(tmp_path / "repoo"), cwd=tmp_path,
                    env={**os.environ, "BYREGION_BUILD_DIR": str(tmp_path / "builds")})
    said = done.stderr.decode()
    assert done.returncode == 2, said
    assert f"{tmp_path / 'repoo'}: there is no such folder; give --repo" in said and "Traceback" not in said
    assert len(said.splitlines()) == 1, said
    assert sorted(tmp_path.iterdir()) == []
