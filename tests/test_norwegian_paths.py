"""A repository or a build in a folder named with Norwegian letters is read in an ASCII locale (``LC_ALL=C``, as a
minimal container or a cron job has it): rdflib had turned each file's path into a URI and back, then failed to
write its name ("not valid Turtle: 'ascii' codec can't encode characters"), and Oxigraph to open a store there."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_cli_output import ASCII, MAIN
from tests.test_validate_cli import make_repo

pytestmark = pytest.mark.slow  # runs `byregion validate`


def test_a_repository_in_a_folder_with_norwegian_letters_validates_in_an_ascii_locale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "kommunar på Østlandet")
    done = subprocess.run([sys.executable, "-c", MAIN, "validate", "--repo", str(repo)], env=ASCII,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stdout == b"0 violations, 0 warnings\n"


def test_a_file_that_is_not_utf8_is_said_so_not_called_bad_turtle(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    (repo / "data/regions/notodden.ttl").write_bytes(b'<http://a> <http://b> "Tr\xf8ndelag" .\n')  # Latin-1
    done = subprocess.run([sys.executable, "-c", MAIN, "validate", "--repo", str(repo)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 2
    assert done.stderr == (f"byregion validate: {repo / 'data/regions/notodden.ttl'}: not UTF-8 (byte 25), as Turtle "
                           "must be: save it as UTF-8\n")


STORE = """
import sys
from pathlib import Path
import pyoxigraph as ox
from byregion.store.embedded import EmbeddedStore
folder = Path(sys.argv[1])
store = ox.Store(folder)
store.add(ox.Quad(ox.NamedNode("http://a"), ox.NamedNode("http://b"), ox.Literal("c")))
store.flush()
del store
print(bool(EmbeddedStore.open(folder).oxigraph.query("ASK { ?s ?p 'c' }")))
"""


def test_a_build_store_in_a_folder_with_norwegian_letters_opens_in_an_ascii_locale(tmp_path: Path) -> None:
    (tmp_path / "bygg på Ås").mkdir()  # the build's folder, where it writes its store
    folder = tmp_path / "bygg på Ås" / "store"
    done = subprocess.run([sys.executable, "-c", STORE, str(folder)], env=ASCII, capture_output=True, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    assert done.stdout == b"True\n"
