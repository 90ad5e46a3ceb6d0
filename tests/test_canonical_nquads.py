"""The build's canonical N-Quads (:func:`byregion.build.writer.canonical_nquads`): the same data gives the same
bytes, and the blank nodes get the labels RDFC-1.0 gives them in the whole dataset."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import BNode, Dataset, Literal, Namespace, URIRef, namespace
from rdflib.namespace import RDF

from byregion.build.writer import canonical_nquads

pytestmark = pytest.mark.fast

EX = Namespace("https://data.byregion.no/id/")
GRAPH = URIRef("https://data.byregion.no/graph/region/notodden")


def dataset_with(labels: list[str]) -> Dataset:
    """Plain quads and blank nodes of every kind: chained (a blank node named only through another), in a
    named graph and the default one, a list, one blank node as a graph's name, and two look-alike blank
    nodes told apart only by what they reach; ``labels`` are the blank nodes' names in the source."""
    a, b, c, d, e, f, g = (BNode(label) for label in labels)
    data = Dataset()
    page = data.graph(GRAPH)
    page.add((EX["region/notodden"], RDF.type, EX.CityRegion))
    page.add((EX["region/notodden"], EX.label, Literal("Notodden", lang="nb")))
    page.add((EX["region/notodden"], EX.members, Literal("3", datatype=namespace.XSD.integer)))
    page.add((EX["region/notodden"], EX.text, Literal('«sitat» med "hermetegn"\nog linjeskift', lang="nb")))
    page.add((EX["region/notodden"], EX.source, a))
    page.add((a, EX.line, Literal(12)))
    page.add((a, EX.next, b))
    page.add((b, EX.line, Literal(12)))  # b looks like a but for what follows it
    page.add((b, EX.next, c))
    page.add((c, RDF.first, EX["municipality/notodden"]))
    page.add((c, RDF.rest, RDF.nil))
    data.add((d, EX.note, Literal("in the default graph")))
    data.add((EX["region/notodden"], EX.note, d))
    data.add((e, EX.note, Literal("same text")))
    data.add((f, EX.note, Literal("same text")))
    named_by_blank = data.graph(g)
    named_by_blank.add((EX["region/notodden"], EX.seenIn, Literal("a graph named by a blank node")))
    return data


def whole_dataset_canonicalised(data: Dataset) -> bytes:
    """The reference: every quad in one Oxigraph dataset, canonicalised by RDFC-1.0, lines sorted."""
    def term(node: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, Literal):
            if node.language:
                return ox.Literal(str(node), language=node.language)
            return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
        return ox.BlankNode(str(node)) if isinstance(node, BNode) else ox.NamedNode(str(node))

    whole = ox.Dataset()
    for s, p, o, g in data.quads((None, None, None, None)):
        name = getattr(g, "identifier", g)
        graph = ox.DefaultGraph() if name is None or str(name).startswith("urn:x-rdflib:default") else term(name)
        whole.add(ox.Quad(term(s), term(p), term(o), graph))  # type: ignore[arg-type]
    whole.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(whole, format=ox.RdfFormat.N_QUADS)
    assert text is not None
    return b"\n".join(sorted(line for line in text.split(b"\n") if line)) + b"\n"


def test_blank_nodes_get_the_labels_of_the_whole_datasets_canonical_form() -> None:
    data = dataset_with(["a", "b", "c", "d", "e", "f", "g"])
    assert canonical_nquads(data) == whole_dataset_canonicalised(data)


def test_the_same_data_with_other_blank_node_labels_gives_the_same_bytes() -> None:
    first = canonical_nquads(dataset_with(["a", "b", "c", "d", "e", "f", "g"]))
    second = canonical_nquads(dataset_with(["z9", "y8", "x7", "w6", "v5", "u4", "t3"]))
    assert first == second
    assert b"_:a " not in first and b"_:z9" not in second  # the source's labels are gone


def test_lines_are_sorted_one_per_quad_and_end_with_a_newline() -> None:
    data = dataset_with(["a", "b", "c", "d", "e", "f", "g"])
    text = canonical_nquads(data)
    lines = text.split(b"\n")
    assert text.endswith(b".\n") and lines[-1] == b""
    assert lines[:-1] == sorted(lines[:-1]) and len(lines) - 1 == len(list(data.quads((None, None, None, None))))
    assert b'"\\u00absitat\\u00bb' not in text and "«sitat»".encode() in text  # UTF-8 kept, not escaped
    assert b'\\"hermetegn\\"\\nog' in text
