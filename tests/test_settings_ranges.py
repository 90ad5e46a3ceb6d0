"""A setting no server or build could run with is refused when the settings are read, naming the variable and what
it may be, in one line and exit code 2 from every command: not a traceback, nor a server that answers every page
with 414 (``BYREGION_MAX_URL_LENGTH=0``) or a base URI that ends a build with a traceback from rdflib."""

from __future__ import annotations

import os
import subprocess
from dataclasses import fields
from pathlib import Path
from unittest import mock

import pytest

from byregion import REPO_ROOT
from byregion.cli import run_command
from byregion.settings import RANGES, Settings, SettingsError
from tests.conftest import BYREGION

pytestmark = pytest.mark.fast

#: The commands that read the settings before they do anything.
COMMANDS = ("build", "serve", "validate")


def test_every_number_setting_has_a_range() -> None:
    numbers = {f.name for f in fields(Settings) if f.type in ("int", "float")}
    assert numbers == set(RANGES)


@pytest.mark.parametrize(("name", "value", "says"), [
    ("WORKERS", "-1", "BYREGION_WORKERS=-1 is not valid: it must be at least 1"),
    ("WORKERS", "0", "BYREGION_WORKERS=0 is not valid: it must be at least 1"),
    ("MAX_URL_LENGTH", "0", "BYREGION_MAX_URL_LENGTH=0 is not valid: it must be at least 16"),
    ("SPARQL_TIMEOUT", "-5", "BYREGION_SPARQL_TIMEOUT=-5.0 is not valid: it must be more than 0"),
    ("PORT", "70000", "BYREGION_PORT=70000 is not valid: it must be at least 1 and at most 65535"),
    ("PORT", "0", "BYREGION_PORT=0 is not valid: it must be at least 1 and at most 65535"),
    ("SPARQL_TIMEOUT", "nan", "BYREGION_SPARQL_TIMEOUT=nan is not valid: it must be a finite number"),
    ("SPARQL_QUEUE_WAIT", "inf", "BYREGION_SPARQL_QUEUE_WAIT=inf is not valid: it must be a finite number"),
    ("SPARQL_START_TIMEOUT", "1e300", "BYREGION_SPARQL_START_TIMEOUT=1e+300 is not valid: it must be more than 0 "
                                      "and at most 86400"),  # it had passed, then overflowed in a socket: a hang
    ("STORE_URL", "notaurl", "BYREGION_STORE_URL='notaurl' is not valid: it must be empty (the build's own store)"),
    ("SITEMAP_URLS", "60000", "BYREGION_SITEMAP_URLS=60000 is not valid: it must be at least 2 and at most 50000"),
    ("PORT", "abc", "BYREGION_PORT='abc' is not valid: it must be a whole number"),
    # Python's int() and float() take these; a port of 8_899 or in full-width digits had been listened on
    ("PORT", "8_899", "BYREGION_PORT='8_899' is not valid: it must be a whole number"),
    ("PORT", "\uff18\uff18\uff19\uff19", "BYREGION_PORT='\uff18\uff18\uff19\uff19' is not valid: it must be a "
                                         "whole number"),
    ("SPARQL_TIMEOUT", "1_0", "BYREGION_SPARQL_TIMEOUT='1_0' is not valid: it must be a number"),
    # settings that start processes have a most: 300 had started 301 query processes a worker (1.3 GB more)
    ("SPARQL_MAX_CONCURRENT", "300", "BYREGION_SPARQL_MAX_CONCURRENT=300 is not valid: it must be at least 1 and at "
                                     "most 64"),
    ("WORKERS", "300", "BYREGION_WORKERS=300 is not valid: it must be at least 1 and at most 128"),
    # every number has a most: these had passed, then crashed each worker in a loop (threads, the queue's places) or
    # started a server whose query processes could not start (memory), as an operator's "unlimited" (a review)
    ("THREADS", "99999999999999999999", "BYREGION_THREADS=99999999999999999999 is not valid: it must be at least 1 "
                                        "and at most 10000"),
    ("SPARQL_QUEUE_LENGTH", "99999999999999999999", "BYREGION_SPARQL_QUEUE_LENGTH=99999999999999999999 is not "
                                                    "valid: it must be at least 0 and at most 100000"),
    ("SPARQL_MAX_MEMORY", "99999999999999999999", "BYREGION_SPARQL_MAX_MEMORY=99999999999999999999 is not valid: "
                                                  "it must be at least 0 and at most 4611686018427387904"),
    ("PROXY_HOPS", "99999999999999999999", "BYREGION_PROXY_HOPS=99999999999999999999 is not valid: it must be at "
                                           "least 0 and at most 2147483647"),
    ("MAX_URL_LENGTH", "40000", "BYREGION_MAX_URL_LENGTH=40000 is not valid: it must be at least 16 and at most "
                                "32000"),
    ("VALIDATION_JOBS", "129", "BYREGION_VALIDATION_JOBS=129 is not valid: it must be at least 1 and at most 128"),
    ("SPARQL_TIMEOUT", "5s", "BYREGION_SPARQL_TIMEOUT='5s' is not valid: it must be a number"),
    ("BASE_URI", "data.byregion.no", "BYREGION_BASE_URI='data.byregion.no' is not valid: it must be an absolute"),
    ("BASE_URI", "ftp://x", "BYREGION_BASE_URI='ftp://x' is not valid"),
    # taken, then the build ended in rdflib's "Invalid IRI code point ' '"; urlsplit's "Invalid IPv6 URL" in every
    # command's traceback
    ("BASE_URI", "https://x.no/a b", "BYREGION_BASE_URI='https://x.no/a b' is not valid: it must be an absolute"),
    ("BASE_URI", "http://[::1", "BYREGION_BASE_URI='http://[::1' is not valid: it must be an absolute"),
    ("ACCESS_LOG", "ture", "BYREGION_ACCESS_LOG='ture' is not valid: it must be 1, true, yes or on, or 0, false"),
])
@pytest.mark.parametrize("command", COMMANDS)
def test_a_setting_out_of_range_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         command: str, name: str, value: str, says: str) -> None:
    """Each command as `byregion` runs it (:func:`byregion.cli.run_command`), in this process with only these
    variables set: 84 processes of Python had taken 20 s; the next test runs the commands as processes."""
    env = {"BYREGION_BUILD_DIR": str(tmp_path / "build"), f"BYREGION_{name}": value}
    with mock.patch.dict(os.environ, env, clear=True):
        code = run_command([command])
    said = capsys.readouterr()
    assert code == 2, said.err
    assert says in said.err and len(said.err.strip().splitlines()) == 1 and not said.out
    assert not (tmp_path / "build").exists()  # refused before anything was made


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_as_a_process_says_it_in_one_line_and_exits_2(tmp_path: Path, command: str) -> None:
    env = {"PATH": "/usr/bin:/bin", "BYREGION_BUILD_DIR": str(tmp_path / "build"), "BYREGION_SITEMAP_URLS": "60000"}
    done = subprocess.run([*BYREGION, command], env=env, cwd=REPO_ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == "byregion: BYREGION_SITEMAP_URLS=60000 is not valid: it must be at least 2 and at most " \
                          "50000\n"
    assert not (tmp_path / "build").exists()


def test_the_defaults_and_the_edges_are_taken() -> None:
    Settings.from_env({})
    Settings.from_env({"BYREGION_PORT": "1", "BYREGION_SPARQL_MAX_MEMORY": "0", "BYREGION_SITEMAP_URLS": "2",
                       "BYREGION_BASE_URI": "http://localhost:8080/"})
    Settings.from_env({"BYREGION_FOLLOW_INTERVAL": "0"})  # never follow, as the README says
    taken = Settings.from_env({"BYREGION_PORT": " 8080 ", "BYREGION_WORKERS": "128", "BYREGION_VALIDATION_JOBS": "+128",
                               "BYREGION_SPARQL_MAX_CONCURRENT": "64", "BYREGION_SPARQL_TIMEOUT": "1e1"})
    assert (taken.port, taken.workers, taken.validation_jobs, taken.sparql_max_concurrent,
            taken.sparql_timeout) == (8080, 128, 128, 64, 10.0)
    with pytest.raises(SettingsError, match=r"BYREGION_HEALTH_TIMEOUT=0\.0 is not valid: it must be more than 0"):
        Settings.from_env({"BYREGION_HEALTH_TIMEOUT": "0"})


@pytest.mark.parametrize(("written", "meant"), [("1", True), ("TRUE", True), (" yes ", True), ("on", True),
                                                 ("0", False), ("false", False), ("No", False), ("off", False)])
def test_a_yes_or_no_setting_is_read_in_any_of_its_words(written: str, meant: bool) -> None:
    assert Settings.from_env({"BYREGION_ACCESS_LOG": written}).access_log is meant


@pytest.mark.parametrize("written", ["maybe", "ture", "2", "enabled"])
def test_a_yes_or_no_setting_in_no_such_word_is_refused_not_read_as_no(written: str) -> None:
    with pytest.raises(SettingsError, match=r"BYREGION_ACCESS_LOG=.* is not valid: it must be 1, true"):
        Settings.from_env({"BYREGION_ACCESS_LOG": written})


@pytest.mark.parametrize("written", ["https://x.no/a b", "https://x.no ", 'https://x.no/"', "https://x.no/<>",
                                     "https://x.no/a{b}", "https://x.no/\\", "http://[::1", "http://x.no:port"])
def test_a_base_uri_no_iri_could_start_with_is_refused_naming_the_setting(written: str) -> None:
    with pytest.raises(SettingsError, match=r"^BYREGION_BASE_URI=.* is not valid: it must be an absolute http"):
        Settings.from_env({"BYREGION_BASE_URI": written})
    with pytest.raises(SettingsError, match=r"^BYREGION_STORE_URL=.* is not valid"):
        Settings.from_env({"BYREGION_STORE_URL": written})


@pytest.mark.parametrize("written", ["https://data.byregion.no/%zz", "https://data.byregion.no/a%/x",
                                     "https://data.byregion.no/[x]"])
def test_a_base_uri_oxigraph_takes_for_no_iri_is_refused_before_the_build(written: str) -> None:
    """A percent sign without two hex digits, or a bracket in the path, passed the character checks and ended the
    build after its merge in a traceback ("Invalid IRI percent encoding"): the IRI parser the build uses decides."""
    with pytest.raises(SettingsError, match=r"^BYREGION_BASE_URI=.* is not valid: it must be an absolute http"):
        Settings.from_env({"BYREGION_BASE_URI": written})
    assert Settings.from_env({"BYREGION_BASE_URI": "https://data.byregion.no/a%C3%A5"}).base_uri.endswith("%C3%A5")
