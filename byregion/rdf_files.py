"""Reading RDF files and opening Oxigraph stores whatever the locale.

rdflib turns a path it is given into a ``file://`` URI and back into a file name, which it then encodes with the
locale's encoding: in an ASCII locale (``LC_ALL=C`` without Python's UTF-8 mode) a file in a folder named with
Norwegian letters was refused as "not valid Turtle: 'ascii' codec can't encode characters". Opened here, the file
is named to the system as the path came (its bytes kept, as Python keeps them), and rdflib reads the bytes, with
the same base a path would have given it. Oxigraph's stores take a path as UTF-8 text (:func:`oxigraph_path`).
No rdflib is imported until a file is parsed: the query processes open stores with this module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph


def parse_path(graph: Graph, path: Path, format: str = "turtle") -> Graph:
    """``graph`` with the triples of the file at ``path`` added (its relative IRIs read against the file's own
    ``file:`` URI); rdflib's error where the file is no valid ``format``, OSError where it cannot be read."""
    with open(path, "rb") as handle:
        return graph.parse(handle, format=format, publicID=Path(path).absolute().as_uri())


def oxigraph_path(path: Path | str) -> str:
    """``path`` as Oxigraph's stores take it: a ``str`` they write as UTF-8. A path read in an ASCII locale holds
    its non-ASCII bytes as Python's stand-ins (surrogates), which no UTF-8 can write ("surrogates not allowed": a
    build folder named with Norwegian letters could not be opened); read as the UTF-8 they are, they name the
    same folder."""
    return os.fsencode(path).decode("utf-8", "surrogateescape")
