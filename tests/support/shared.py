"""Folders that every worker of one test run shares, made once (pytest-xdist runs the suite on both cores).

A session fixture is made once per worker process; the repository's build takes half a minute, so the
workers share it instead: the first to ask makes it under a file lock while the others wait, then all of
them read it. Without xdist the folder is simply the session's own.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from filelock import FileLock

#: Written into a shared folder once whoever made it has finished without an error.
DONE = ".made"


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of this test run: the session's base folder, or under xdist the one above every worker's."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextmanager
def made_once(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[tuple[Path, bool]]:
    """``(folder, first)``: ``first`` is true for the one worker that must fill the folder, which it does
    inside the ``with`` block while the others wait. A worker whose block failed leaves no mark, so the
    next one tries again (and fails the same way, with its own traceback)."""
    run = run_folder(tmp_path_factory)
    folder = run / name
    with FileLock(str(run / f"{name}.lock")):
        first = not (folder / DONE).exists()
        if first:
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        yield folder, first
        if first:
            (folder / DONE).touch()
