"""Byregion LOD: the city-region programme's knowledge published as linked open data."""

from pathlib import Path

__version__ = "0.1.0"


def _repo_root() -> Path:
    """The checkout the package runs from (the folder holding ``byregion/`` and ``ontology/``), or, where it runs
    from no checkout (installed from the wheel, which holds the code but no data), the current folder: an install
    had read its data from and written its builds into ``site-packages``."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "ontology").is_dir():
        return checkout
    try:
        return Path.cwd()
    except OSError:  # a current folder removed from under the process: relative paths, which will say so
        return Path()


#: The repository root: ontology/, data/ and shapes/ are read from here, and builds written under it, unless
#: BYREGION_REPO_DIR / BYREGION_BUILD_DIR (--repo, --build-dir) say otherwise.
REPO_ROOT = _repo_root()
