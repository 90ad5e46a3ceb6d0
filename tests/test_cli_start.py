"""The ``byregion`` command starts at once: ``--help``, ``--version`` and argument errors load none of the
machinery (SHACL, the store, the web and map libraries); each subcommand loads what it needs when it runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from byregion import programme
from byregion.cli import COMMANDS
from byregion.cli import import_ as import_command

pytestmark = pytest.mark.fast

#: Libraries that take most of a second to load between them, and that no parser needs.
HEAVY = ("pyshacl", "pyoxigraph", "flask", "granian", "shapely", "jinja2", "byregion.build", "byregion.validate")

PROBE = """
import sys
from byregion.cli import make_parser
parser = make_parser()
for args in {arguments!r}:
    try:
        parser.parse_args(args)
    except SystemExit:
        pass
print("loaded:" + ",".join(name for name in {heavy!r} if name in sys.modules))
"""


def loaded_by(*arguments: list[str]) -> list[str]:
    code = PROBE.format(arguments=list(arguments), heavy=HEAVY)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("loaded:"), done.stdout
    return [name for name in last.removeprefix("loaded:").split(",") if name]


def test_help_version_and_argument_errors_load_no_machinery() -> None:
    subcommands = {name.rstrip("_").replace("_", "-") for name in COMMANDS}
    arguments = [["--help"], ["--version"], *([name, "--help"] for name in sorted(subcommands)),
                 ["import"], ["build", "--no-such-option"]]
    assert loaded_by(*arguments) == []


def test_the_import_commands_default_programme_folder_is_the_programmes() -> None:
    assert import_command.PROGRAMME_DATA == programme.DATA_DIR
