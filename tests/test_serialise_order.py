"""How a document's triples are written (byregion/render.py ``serialise``): each subject once in Turtle, its type
first; and the same bytes for the same data in every build, whatever order rdflib's store iterates in."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from byregion import REPO_ROOT
from byregion.fastgraph import FastGraph
from byregion.mediatypes import TURTLE
from byregion.render import serialise

pytestmark = pytest.mark.fast

DATASET, OTHER = URIRef("https://data.byregion.no/dataset"), URIRef("https://data.byregion.no/dataset#dist")

#: A catalogue-like graph made in rdflib's own store, its Turtle printed: run under two hash seeds.
SCRIPT = """
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF
from byregion.mediatypes import TURTLE
from byregion.render import serialise
g = Graph()
d = URIRef("https://data.byregion.no/dataset")
for i in range(40):
    g.add((d, DCTERMS.spatial, URIRef(f"https://data.byregion.no/id/municipality/m{i}")))
    g.add((URIRef(f"https://data.byregion.no/id/municipality/m{i}"), RDF.type, DCTERMS.Location))
g.add((d, RDF.type, DCAT.Dataset))
g.add((d, DCTERMS.title, Literal("Byregionprogrammet", lang="nb")))
print(serialise(g, TURTLE).decode())
"""


def test_the_same_graph_gives_the_same_bytes_under_any_hash_seed() -> None:
    """rdflib's store iterates in an order the process's hash seed decides: a catalogue, a dataset or a VoID
    document rendered from one changed its bytes and ETag at every build of the same data."""
    outputs = {subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True, cwd=REPO_ROOT,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout for seed in ("1", "2", "3")}
    assert len(outputs) == 1


def test_each_subject_is_written_once_with_its_type_first() -> None:
    graph = Graph()
    graph.add((DATASET, DCTERMS.title, Literal("a")))
    graph.add((OTHER, DCTERMS.title, Literal("b")))
    graph.add((DATASET, RDF.type, DCAT.Dataset))
    turtle = serialise(graph, TURTLE).decode()
    assert turtle.count("<https://data.byregion.no/dataset> ") == 1
    assert "<https://data.byregion.no/dataset> a dcat:Dataset ;" in turtle


def test_a_description_keeps_the_order_the_build_gave_it() -> None:
    """A FastGraph (every description of a thing) is written in its own order: the thing first."""
    graph = FastGraph([(OTHER, DCTERMS.title, Literal("b")), (DATASET, DCTERMS.title, Literal("a"))])
    turtle = serialise(graph, TURTLE).decode()
    assert turtle.index("dataset#dist>") < turtle.index("dataset> ")


def test_iris_under_a_prefix_that_goes_on_with_a_path_are_written_whole() -> None:
    """Turtle allows a ``/`` in a prefixed name only escaped (``id:municipality\\/notodden``): the IRIs of our
    things and of LOS are spelt whole, so a reader can read and copy them; the vocabularies keep their prefixes."""
    g = FastGraph()
    thing = URIRef("https://data.byregion.no/id/municipality/notodden")
    g.add((thing, RDF.type, URIRef("https://data.byregion.no/def/byregion#Municipality")))
    g.add((thing, DCAT.theme, URIRef("https://psi.norge.no/los/tema/natur-klima-og-miljo")))
    text = serialise(g, TURTLE).decode()
    assert "\\/" not in text and "@prefix id:" not in text and "@prefix los:" not in text, text
    assert f"<{thing}>" in text and "br:Municipality" in text, text
    assert set(Graph().parse(data=text, format="turtle")) == set(g)
