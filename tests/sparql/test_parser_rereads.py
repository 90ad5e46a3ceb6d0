"""Brackets that Oxigraph's parser would read again and again are refused before it reads them, at once and
saying where: one never closed or closing none (which no query has), and brackets after ``!`` or of REGEX,
SUBSTR, REPLACE and GROUP_CONCAT, which its parser (rust-peg, Oxigraph 0.5) may read twice each, nested past
BYREGION_SPARQL_MAX_REREADS. No valid query is refused for brackets in strings, IRIs, comments, triple terms, a
VALUES row or a collection, nor for a comparison written without spaces that looks like an IRI."""

from __future__ import annotations

import time

import pytest

from byregion.settings import DEFAULT_SPARQL_MAX_REREADS
from byregion.sparql import MalformedQuery
from byregion.sparql.examples import EXAMPLES
from byregion.sparql.guards import check, rereads, unpaired_bracket

pytestmark = pytest.mark.fast

#: The report's query: 40 of "!(" that never close, 120 bytes, which held a query slot for the whole timeout.
NEVER_CLOSED = "SELECT * WHERE { FILTER(" + "!(" * 40 + "1 }"


def refused(query: str, parse: bool) -> str:
    started = time.monotonic()
    with pytest.raises(MalformedQuery) as error:
        check(query, max_bytes=20_000, allow_service=False, parse=parse)
    assert time.monotonic() - started < 0.5, "refused before the parser reads it"
    return error.value.message


@pytest.mark.parametrize("parse", [True, False], ids=["parsed here", "parsed by the query process"])
def test_a_bracket_never_closed_is_refused_at_once_naming_it(parse: bool) -> None:
    message = refused(NEVER_CLOSED, parse)
    # the innermost "(", the one the "}" comes before, is the 40th: column 24 + 2 * 40
    assert "at 1:104 (line 1, column 104):" in message, message
    assert "This '(' is not closed: a ')' is missing before the '}' at 1:107." in message, message
    assert "ran longer" not in message


@pytest.mark.parametrize(("query", "says"), [
    ("SELECT * WHERE { ?s ?p ?o FILTER(!(?o > 1)", "at 1:33 (line 1, column 33):\n    SELECT * WHERE { ?s ?p ?o "
     "FILTER(!(?o > 1)\n" + " " * 36 + "^\nThis '(' is never closed: a ')' is missing."),  # the innermost open
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o > 1)) }", "This ')' closes nothing"),
    ("SELECT * WHERE {\n  ?s ?p [ ?q ?o }\n}", "at 2:9 (line 2, column 9):"),
    ("SELECT * WHERE {\n  ?s ?p [ ?q ?o }\n}", "This '[' is not closed: a ']' is missing before the '}' at 2:17."),
], ids=["left open at the end", "closes nothing", "another kind closes it: where", "another kind closes it: what"])
def test_brackets_that_do_not_pair_are_said_with_line_and_column(query: str, says: str) -> None:
    for parse in (True, False):
        assert says in refused(query, parse)


VALID = [
    *(example.query for example in EXAMPLES),
    'SELECT * WHERE { ?s ?p "(((" . ?s ?q """)\n]]""" . ?s ?r \'{\' } # ((( {{ ]]',
    "SELECT * WHERE { ?s <http://dbpedia.org/resource/Bodø_(town)> ?o . ?o ?p <http://x/a(> }",
    "SELECT * WHERE { ?s ?p <http://x/a(> , <http://x/b)> }",
    "PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:a\\(b ?o . ?s ex:c\\) ?o }",
    "SELECT * WHERE { ?s <http://x/Troms\\u00F8(> ?o }",  # an escape: decoded, the IRI holds the bracket
    "SELECT * WHERE { FILTER(?a<?b||(?c>?d)) }",  # "<?b||(?c>" is an IRI to SPARQL's tokens, less-than to Oxigraph
    "PREFIX ex: <http://e/> SELECT * WHERE { FILTER(ex:a<ex:b+(1>2)) }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL {} (1 <http://x/a)>) ?p ?o }",  # a collection holding an IRI
    "SELECT * WHERE { BIND(<<(?s ?p ?o)>> AS ?t) BIND(<<(?s?p?o)>> AS ?u) BIND(TRIPLE(?s, ?p, <<(?a ?b ?c)>>) AS ?v) }",
    "SELECT * WHERE { VALUES (?a ?b) { (1 <http://x/(>) (UNDEF \")\") } ?s ?p (1 (2 [ ?q ?r ]) ()) }",
    "SELECT * WHERE { FILTER(!(!(!(?a != ?b)))) FILTER(!REGEX(STR(?s), '(', 'i')) }",
    "SELECT * WHERE { BIND(" + "REPLACE(" * 10 + "?x" + ",'a','b')" * 10 + " AS ?y) }",  # ten nested: read 2^10 times
    # a normalisation of Norwegian letters, 13 nested REPLACE (a reviewer's; refused under the first limit, 100,000)
    "SELECT ?k WHERE { ?s ?p ?o BIND(" + "".join("REPLACE(" for _ in range(13)) + "LCASE(STR(?o))"
    + "".join(f",'{a}','{b}')" for a, b in zip("æøåÆØÅéüèàöä", ["ae", "o", "aa", "ae", "o", "aa", "e", "u", "e", "a",
                                                               "o", "a"], strict=True)) + ",'ß','ss')"
    + " AS ?k) }",
    # IRIs with brackets where the grammar has only terms: each its own token, whatever their number (a list of
    # them had added up to a refusal for nesting, or for the parser's readings)
    "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://example.org/a{i}(>" for i in range(101)) + " } }",
    "SELECT * WHERE { VALUES ?x { " + " ".join(f"<http://example.org/yahoo!(N{i}>" for i in range(40)) + " } }",
    "SELECT * WHERE { ?s ?p " + " , ".join(f"<http://example.org/b{i}(!>" for i in range(120)) + " }",
]


@pytest.mark.parametrize("query", VALID)
def test_no_valid_query_is_refused_for_its_brackets(query: str) -> None:
    assert unpaired_bracket(query) is None
    assert check(query, max_bytes=20_000, allow_service=False).text == query  # parsed by Oxigraph here: valid


def _nested(opening: str, closing: str, levels: int, core: str = "1 + ") -> str:
    """A FILTER of ``levels`` brackets around a mistake (a "+" with nothing after it): balanced, and no SPARQL."""
    return "SELECT * WHERE { FILTER(" + opening * levels + core + closing * levels + ") }"


@pytest.mark.parametrize("query", [
    _nested("!(", ")", 40),  # 20 took Oxigraph's parser 5.8 s
    _nested("!(-(", "))", 20),
    _nested("!STR(", ")", 40),
    _nested("!EXISTS { FILTER(", ") }", 30),
    _nested("! ( ", " ) ", 40),
    _nested("SUBSTR(", ", 2)", 30, "?x"),  # these parse twice even where they are right
    _nested("REGEX(", ", 'a')", 30, "?x"),
    _nested("1 = !(", ")", 40),
    "SELECT * WHERE { FILTER(1<" + "!(" * 40 + "1>2" + ")" * 40 + ") }",  # not hidden in an "IRI" <!(…1>
], ids=["!(", "!(-(", "!STR(", "!EXISTS", "spaces", "SUBSTR", "REGEX", "after =", "in an IRI's look"])
def test_brackets_the_parser_reads_again_and_again_are_refused_at_once(query: str) -> None:
    for parse in (True, False):
        message = refused(query, parse)
        assert "BYREGION_SPARQL_MAX_REREADS" in message and "500,000" in message, message


def test_each_bracket_after_a_negation_doubles_what_is_inside_it() -> None:
    """What the limit counts: each token once for every way the parser may reach it."""
    assert rereads("ASK { FILTER(?a) }")[0] == 7
    assert rereads("ASK { FILTER(!(?a)) }")[0] == 8 + 2 * 2  # a bracket after "!": it and what it holds twice
    assert rereads("ASK { FILTER(?a != (?b)) }")[0] == 12  # != is no negation
    assert rereads("ASK { FILTER(!REGEX(?a, 'b')) }")[0] == 9 + 4 * 4  # "!" before a function read twice: 4 times
    assert rereads(_nested("!(", ")", 16))[0] <= DEFAULT_SPARQL_MAX_REREADS < rereads(_nested("!(", ")", 17))[0]
