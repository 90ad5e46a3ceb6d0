"""Byregion LOD: the city-region programme's knowledge published as linked open data."""

from pathlib import Path

__version__ = "0.1.0"

#: The repository root: ontology/, data/ and shapes/ are read from here.
REPO_ROOT = Path(__file__).resolve().parent.parent
