"""A remote store's JSON results are read as they arrive (byregion/store/remote.py), Virtuoso's blank nodes
included: it writes them as "nodeID://b10000", which is no blank node label."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from byregion.store.remote import relabel_virtuoso_bnodes

pytestmark = pytest.mark.fast

#: As Virtuoso 7 writes it (spacing and the tab before the comma included).
VIRTUOSO = (b'{ "head": { "link": [], "vars": ["s", "p", "o"] },\n  "results": { "distinct": false, "ordered": true, '
            b'"bindings": [\n    { "s": { "type": "bnode", "value": "nodeID://b10000" }\t, "p": { "type": "uri", '
            b'"value": "http://ex/p" }\t, "o": { "type": "literal", "value": "nodeID://lit" }},\n    { "s": { "type": '
            b'"uri", "value": "http://ex/s" }\t, "p": { "type": "uri", "value": "http://ex/q" }\t, "o": { "type": '
            b'"bnode", "value": "nodeID://b10000" }} ] } }')


def parsed(body: bytes) -> list[tuple[str, str, str]]:
    solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    assert isinstance(solutions, ox.QuerySolutions)
    return [(str(s["s"]), str(s["p"]), str(s["o"])) for s in solutions]


def test_virtuosos_blank_nodes_are_refused_as_they_come() -> None:
    with pytest.raises(SyntaxError, match="blank node"):
        parsed(VIRTUOSO)


def test_every_split_of_the_answer_reads_the_same_with_labels_and_literals_untouched() -> None:
    expected = [("_:b10000", "<http://ex/p>", '"nodeID://lit"'), ("<http://ex/s>", "<http://ex/q>", "_:b10000")]
    assert parsed(b"".join(relabel_virtuoso_bnodes(iter([VIRTUOSO])))) == expected
    for cut in range(len(VIRTUOSO) + 1):
        chunks = iter([VIRTUOSO[:cut], VIRTUOSO[cut:]])
        assert parsed(b"".join(relabel_virtuoso_bnodes(chunks))) == expected, cut
    one_byte_each = iter([VIRTUOSO[i:i + 1] for i in range(len(VIRTUOSO))])
    assert parsed(b"".join(relabel_virtuoso_bnodes(one_byte_each))) == expected


def test_an_answer_without_blank_nodes_passes_byte_for_byte() -> None:
    body = VIRTUOSO.replace(b'"bnode", "value": "nodeID://b10000"', b'"uri", "value": "http://ex/b"')
    assert b"".join(relabel_virtuoso_bnodes(iter([body[:50], body[50:], b""]))) == body
