"""scripts/setup.sh leaves every module the server imports at start compiled, so that a start does not depend
on Python being allowed to write bytecode (PYTHONDONTWRITEBYTECODE, set by many container images, kept each
start compiling them all again: a server ready in 2.3-3.0 s instead of 1.3-1.8 s)."""

from __future__ import annotations

import importlib
import importlib.util
from pathlib import Path

import pytest

pytestmark = pytest.mark.fast

#: Modules of each kind a server start imports: installed packages (compiled by the installer) and our own.
STARTUP_MODULES = ["rdflib.graph", "flask.app", "jinja2.environment", "granian.server", "pyshacl",
                   "byregion.build.writer", "byregion.cli.serve", "byregion.web.app", "byregion.web.sparql"]


@pytest.mark.parametrize("name", STARTUP_MODULES)
def test_a_module_the_server_starts_with_has_current_bytecode(name: str) -> None:
    source = importlib.import_module(name).__file__
    assert source is not None and source.endswith(".py")
    cached = Path(importlib.util.cache_from_source(source))
    assert cached.is_file(), f"{name} has no bytecode at {cached}: set up with `bash scripts/setup.sh`"
    header = cached.read_bytes()[:16]
    ours = name.startswith("byregion.")  # edited between set-ups; compiled again by the next one
    if not ours and int.from_bytes(header[4:8], "little") == 0:  # checked by the source's time, as Python does
        recorded = int.from_bytes(header[8:12], "little")
        assert recorded == int(Path(source).stat().st_mtime) & 0xFFFF_FFFF, \
            f"{name}'s bytecode is of an older source: set up with `bash scripts/setup.sh`"
