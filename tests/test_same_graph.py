"""tests/support/graphs.py's ``same_graph`` is isomorphism: what the tests that compare whole graphs rely on."""

from __future__ import annotations

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from tests.support.graphs import same_graph

pytestmark = pytest.mark.fast

BASE = "<urn:a> <urn:p> _:x . _:x <urn:q> 1 . _:x <urn:r> _:y . <urn:a> <urn:s> 'tekst'@nb ."


@pytest.mark.parametrize(("other", "expected"), [
    ("<urn:a> <urn:p> _:b1 . _:b1 <urn:q> 1 . _:b1 <urn:r> _:b2 . <urn:a> <urn:s> 'tekst'@nb .", True),
    ("<urn:a> <urn:p> _:x . _:x <urn:q> 2 . _:x <urn:r> _:y . <urn:a> <urn:s> 'tekst'@nb .", False),  # a value
    ("<urn:a> <urn:p> _:x . _:x <urn:q> 1 . _:x <urn:r> _:x . <urn:a> <urn:s> 'tekst'@nb .", False),  # its shape
    ("<urn:a> <urn:p> _:x . _:x <urn:q> 1 . _:x <urn:r> _:y . <urn:a> <urn:s> 'tekst'@en .", False),  # a ground triple
    ("<urn:a> <urn:p> _:x . _:x <urn:q> 1 . _:x <urn:r> _:y .", False),  # one triple fewer
    ("<urn:a> <urn:p> _:x . _:x <urn:q> 1 . _:x <urn:r> _:y . <urn:a> <urn:s> 'tekst'@nb . <urn:b> <urn:p> _:z .",
     False),  # one more, with a blank node
])
def test_same_graph_answers_as_rdflibs_isomorphic(other: str, expected: bool) -> None:
    first = Graph().parse(data=BASE, format="turtle")
    second = Graph().parse(data=other, format="turtle")
    assert same_graph(first, second) is expected
    assert isomorphic(first, second) is expected
