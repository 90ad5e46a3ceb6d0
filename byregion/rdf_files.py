"""Reading RDF files and opening Oxigraph stores whatever the locale.

rdflib turns a path it is given into a ``file://`` URI and back into a file name, which it then encodes with the
locale's encoding: in an ASCII locale (``LC_ALL=C`` without Python's UTF-8 mode) a file in a folder named with
Norwegian letters was refused as "not valid Turtle: 'ascii' codec can't encode characters". Opened here, the file
is named to the system as the path came (its bytes kept, as Python keeps them), and Oxigraph parses the bytes
(:func:`parse_path`), with the same base a path would have given rdflib. Oxigraph's stores take a path as UTF-8
text (:func:`oxigraph_path`).
No rdflib is imported until a file is parsed: the query processes open stores with this module.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph


def parse_path(graph: Graph, path: Path) -> Graph:
    """``graph`` with the triples of the Turtle file at ``path`` added (its relative IRIs read against the file's
    own ``file:`` URI, its blank nodes new ones, its prefixes bound in ``graph`` as rdflib's parser binds them).
    Oxigraph's :class:`SyntaxError` where the file is no valid Turtle, :class:`UnicodeDecodeError` where it is not
    UTF-8, OSError where it cannot be read.

    Oxigraph parses, not rdflib: the same triples and prefixes (``tests/test_load_dataset.py`` compares them for every
    Turtle file of the repository) in about half the time of rdflib's parser (a 200k-triple repository's files
    loaded in 6.8 s against 11.8 s, 2026-12-08), which every build spends on every file. Two things come out as RDF
    1.1 has them rather than as written, as the build's store held them already: a language tag in lower case
    (``nb-NO`` and ``nb-no`` are the same tag), and a literal written ``"x"^^xsd:string`` as the plain ``"x"`` (the
    same term, which rdflib alone tells apart)."""
    from rdflib import BNode, Literal, URIRef

    from byregion.store.convert import to_rdflib

    with open(path, "rb") as handle:
        text = handle.read()
    text.decode("utf-8")  # a file that is not UTF-8 is named with the place of its first wrong byte
    iris: dict[str, URIRef] = {}  # each IRI made once per file: most recur on every line
    blanks: dict[str, BNode] = {}  # the file's labels, each a new blank node (another file's _:b0 is another)

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> URIRef | BNode | Literal:
        if isinstance(node, ox.NamedNode):
            iri = iris.get(node.value)
            if iri is None:
                iri = iris[node.value] = URIRef(node.value)
            return iri
        if isinstance(node, ox.BlankNode):
            blank = blanks.get(node.value)
            if blank is None:
                blank = blanks[node.value] = BNode()
            return blank
        if isinstance(node, ox.Triple):
            raise SyntaxError(f"an RDF-star triple term ({node}), which Turtle 1.1 does not have")
        return to_rdflib(node)  # type: ignore[return-value]  # a literal

    parser = ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=Path(path).absolute().as_uri())
    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in parser)
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace)
    return graph


def oxigraph_path(path: Path | str) -> str:
    """``path`` as Oxigraph's stores take it: a ``str`` they write as UTF-8. A path read in an ASCII locale holds
    its non-ASCII bytes as Python's stand-ins (surrogates), which no UTF-8 can write ("surrogates not allowed": a
    build folder named with Norwegian letters could not be opened); read as the UTF-8 they are, they name the
    same folder."""
    return os.fsencode(path).decode("utf-8", "surrogateescape")
