"""A syntax error points at the mistake, not at where Oxigraph's parser gave up.

The parser names the furthest place it reached: an operator with nothing after it shows as the line below it, a
missing ``)`` as the end of the query, ``SELEC`` as the ``WHERE`` after it. The message names the mistake the
query's tokens show, its line and column, and the line with a caret under it; the parser's own place follows.
Each query here is parsed by Oxigraph itself, so a change in its messages shows here."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byregion import REPO_ROOT
from byregion.sparql.examples import EXAMPLES
from byregion.sparql.guards import malformed
from byregion.sparql.mistakes import _mistakes

pytestmark = pytest.mark.fast


def message_for(query: str) -> str:
    with pytest.raises(SyntaxError) as error:
        ox.Store().query(query)
    return malformed(query, error.value).message


FILTER_WITH_NOTHING = """PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?l ?n WHERE {
  ?r a br:CityRegion ; skos:prefLabel ?l .
  FILTER(?l = )
  ?r br:memberCount ?n .
}"""
CLOSING_BRACKET_LEFT_OUT = """PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?r ?l WHERE {
  ?r skos:prefLabel ?l .
  FILTER(CONTAINS(?l, "Tromsø")
}"""


@pytest.mark.parametrize(("query", "place", "caret_line", "says"), [
    (FILTER_WITH_NOTHING, "5:13", "  FILTER(?l = )", "'=' has nothing after it"),
    ("SELECT * { ?s ?p ?o FILTER(?o != ) }", "1:31", None, "'!=' has nothing after it"),
    ("SELECT * { ?s ?p ?o FILTER(?o > 1 && ) }", "1:35", None, "'&&' has nothing after it"),
    (CLOSING_BRACKET_LEFT_OUT, "4:9", '  FILTER(CONTAINS(?l, "Tromsø")',
     "This '(' is not closed: a ')' is missing before the '}' at 5:1"),
    ("SELECT * WHERE { FILTER(?o > 3 } }", "1:24", None, "This '(' is not closed: a ')' is missing before the '}'"),
    ("SELECT * WHERE { ?r ?p ?o }}", "1:28", None, "This '}' closes nothing"),
    ("SELEC ?r WHERE { ?r ?p ?o }", "1:1", None, "SELEC is no SPARQL keyword or function: did you mean SELECT?"),
    ("SELECT * WHERE { ?r ?p ?o OPTINAL { ?r ?q ?z } }", "1:27", None, "did you mean OPTIONAL?"),
    ("SELECT * { ?s ?p ?o } LIMT 3", "1:23", None, "did you mean LIMIT?"),
    ("SELECT * WHERE { ?r ?p ?o FILTER ?o > 3 }", "1:27", None, "FILTER takes its condition in brackets"),
    ("SELECT ?a, ?b WHERE { ?a ?p ?b }", "1:10", None, "separates the selected variables with spaces"),
    ('SELECT * WHERE { ?a ?p "abc }', "1:24", None, "This string is not closed"),
    ("SELECT ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?b } GROUP ?a", "1:48", None, "GROUP needs BY after it"),
    ("@prefix ex: <http://example.org/> .\nSELECT * { ?s ex:p ?o }", "1:1", None, "@prefix is Turtle's"),
    ("@base <http://example.org/> .\nSELECT * { ?s ?p ?o }", "1:1", None, "SPARQL writes BASE <…> (no @"),
    ("SELECT * WHERE {\n ?s ?p ?o\n FILTER(?o > 3\n ?s ?q ?z .\n ?z ?r ?w .\n}", "3:8", " FILTER(?o > 3",
     "This '(' is not closed: a ')' is missing before the '}' at 6:1"),  # the parser stops lines before that '}'
    ("SELECT * WHERE {\n ?s ?p ?o\n OPTINAL { ?s ?q ?z }\n", "3:2", " OPTINAL { ?s ?q ?z }",
     "did you mean OPTIONAL?"),  # the '{' never closed counts from the end: the word the parser met comes first
    ("SELECT * WHERE { ?s name ?n }", "1:21", None, "name is no SPARQL keyword or function: a name needs its "
                                                    "prefix (ex:name), a variable its ? (?name)."),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 10 OFSET 20", "1:38", None, "did you mean OFFSET?"),  # between numbers
    ("PREFIX ø: <http://x/>\nSELECT * { ?s ø:p ?o } LIMT 3", "2:24", None, "did you mean LIMIT?"),  # ø: declared
    ("SELECT * { ?s ?p ?o FILTER(?o > 1 || < 5) FILTER(?s > 2) }", "1:38", None, "'<' has nothing before it"),
    # SQL's habits (a researcher's review: told "did you mean RAND?", or at the line after the mistake)
    ('SELECT ?s WHERE {\n  ?s ?p ?l .\n  FILTER(lang(?l) == "nb")\n  OPTIONAL { ?s ?q ?b }\n}', "3:19",
     '  FILTER(lang(?l) == "nb")', "SPARQL compares with one '='"),
    ('SELECT ?s WHERE { ?s ?p ?l FILTER(?l = "a" AND ?s != ?l) }', "1:44", None, "AND is SQL's: SPARQL writes &&"),
    ('SELECT ?s WHERE { ?s ?p ?l FILTER(?l = "a" OR ?s != ?l) }', "1:44", None, "OR is SQL's: SPARQL writes ||"),
    ("SELECT ?b (COUNT(?s) AS ?n) WHERE { ?s ?p ?b } GROUP BY ?b\nHAVING COUNT(?s) > 1\nORDER BY ?b", "2:1",
     "HAVING COUNT(?s) > 1", "HAVING takes its condition in brackets: HAVING (COUNT(?s) > 1)."),
    ("SELECT count(?s) WHERE { ?s ?p ?o }", "1:8", None, "SELECT (COUNT(?s) AS ?n)"),
], ids=["operator", "not equal", "and", "missing )", "mismatch", "extra }", "SELEC", "OPTINAL", "LIMT",
        "FILTER", "commas", "string", "GROUP", "@prefix", "@base", "missing ) lines before", "OPTINAL unclosed",
        "name without prefix", "OFSET outside a group", "non-ASCII prefix", "nothing before", "==", "AND", "OR",
        "HAVING", "count in SELECT"])
def test_the_message_points_at_the_mistake_and_says_what_it_is(query: str, place: str, caret_line: str | None,
                                                               says: str) -> None:
    message = message_for(query)
    line, column = (int(x) for x in place.split(":"))
    assert f"at {place} (line {line}, column {column}):" in message, message
    assert says in message, message
    shown = query.split("\n")[line - 1]
    assert f"    {caret_line or shown[:80]}\n    {' ' * (column - 1)}^\n" in message, message
    assert re.search(r"\(The parser stopped at \d+:\d+\.\)$", message), message  # where Oxigraph gave up


ENDPOINT = "https://data.byregion.no/sparql"


@pytest.mark.parametrize(("query", "says"), [
    ("SELECT ?x WHERE { BIND(1 AS ?x) FILTER(?x <> 2) }", "at 1:43 (line 1, column 43):"),
    ("SELECT ?p WHERE { <id/region/notodden> ?p ?x . FILTER(?p = ) }", "'=' has nothing after it"),
])
def test_a_query_with_a_relative_iri_is_told_its_mistake_not_to_declare_a_base(query: str, says: str) -> None:
    """The endpoint resolves a relative IRI against its own (docs/sparql.md), so a query holding one was told a false
    cause ("cannot be resolved: declare a BASE") in place of its mistake, and SQL's ``<>`` was told it was an IRI."""
    with pytest.raises(SyntaxError) as error:
        ox.Store().query(query, base_iri=ENDPOINT)
    message = malformed(query, error.value, ENDPOINT).message
    assert says in message and "BASE" not in message, message
    if "<>" in query:
        assert "SPARQL writes not equal as '!='" in message, message


@pytest.mark.parametrize(("query", "place", "says"), [
    ("SELECT ?p ?o WHERE { <https://no.wikipedia.org/wiki/Bø i Telemark> ?p ?o }", "1:55", "holds a space"),
    ("SELECT ?s WHERE { ?s ?p <https://example.org/a|b> }", "1:47", "holds the character '|'"),
    ('SELECT ?z WHERE { BIND(<http://e.org/"x> AS ?z) }', "1:38", "holds the character '\"'"),
])
def test_an_iri_with_a_character_no_iri_may_hold_is_named_with_how_to_write_it(query: str, place: str,
                                                                               says: str) -> None:
    """A space in a pasted IRI (a Wikipedia title) made the parser read ``<`` as "less than" and ``https:`` as a
    prefix: the query was told to declare the prefix https:, which cannot mend it (a researcher's review)."""
    message = message_for(query)
    assert f"at {place} the IRI" in message and says in message and "percent-encoded" in message, message
    assert "prefix" not in message, message


@pytest.mark.parametrize(("query", "says"), [
    ('PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n'
     'SELECT * WHERE { ?r ?q ?n FILTER(?n <xsd:integer("5") && ?n > 1) ?r ?x ?y FILTER(?y = ) }',
     "'=' has nothing after it"),  # a comparison before a prefixed name, not an IRI
    ("SELECT * WHERE {\n # from <https://no.wikipedia.org/wiki/Bø i Telemark>\n ?s ?p ?n .\n FILTER(?n = ) }",
     "'=' has nothing after it"),  # an "IRI" in a comment
    ('SELECT * WHERE { ?s ?p "see <http://x.org/a b>" FILTER(?p = ) }', "'=' has nothing after it"),  # in a string
    ("SELECT ?r (COUNT(?m) AS ?k) WHERE { ?r ?p ?m } GROUP BY ?r HAVING isIRI(?r) LIMT 5", "did you mean LIMIT?"),
    ("SELECT * WHERE { ?s <> ?o . FILTER(?o = ) }", "'=' has nothing after it"),  # <> as a predicate
    ("SELECT * WHERE { VALUES ?x { <a> <> <b> } FILTER(?x = ) }", "'=' has nothing after it"),  # <> as a value
], ids=["less than a prefixed name", "comment", "string", "HAVING a call", "<> as a predicate", "<> in VALUES"])
def test_what_is_valid_sparql_is_never_blamed_for_a_mistake_after_it(query: str, says: str) -> None:
    """A diff review of the SQL habits and the broken IRIs: each of these is valid up to a mistake after it, which
    the message must name (it had been told to percent-encode, bracket its HAVING or write != instead)."""
    with pytest.raises(SyntaxError) as error:
        ox.Store().query(query, base_iri=ENDPOINT)
    message = malformed(query, error.value, ENDPOINT).message
    assert says in message and "percent-encoded" not in message and "HAVING takes" not in message, message
    assert "'!='" not in message, message


@pytest.mark.parametrize(("endpoint_iri", "namespace"), [
    (ENDPOINT, "https://data.byregion.no/def/byregion#"),
    ("http://localhost:8080/sparql", "http://localhost:8080/def/byregion#")])
def test_the_prefix_to_declare_is_the_builds_own(endpoint_iri: str, namespace: str) -> None:
    """On a build for another host (BYREGION_BASE_URI) the advice named the canonical br: namespace, which finds
    nothing there (a diff review)."""
    query = "SELECT ?r WHERE { ?r br:memberCount ?n }"
    with pytest.raises(SyntaxError) as error:
        ox.Store().query(query, base_iri=endpoint_iri)
    assert f"Add `PREFIX br: <{namespace}>`" in malformed(query, error.value, endpoint_iri).message


def test_a_place_at_the_start_of_a_line_shows_the_line_before_where_the_missing_part_belongs() -> None:
    message = message_for("SELECT * WHERE {\n ?r ?p .\n}")
    assert "at 3:1 (line 3, column 1):\n     ?r ?p .\n    }\n    ^\n" in message, message


def test_a_bracket_left_open_at_the_end_is_said_where_the_text_ends_with_what_the_parser_could_read() -> None:
    message = message_for("SELECT * WHERE { ?s ?p ?o OPTIONAL")
    assert "at 1:35 (line 1, column 35):" in message, message
    assert "The '{' at 1:16 is never closed: a '}' is missing." in message and 'could have read "{"' in message


@pytest.mark.parametrize("query", [
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:p ?a FILTER((?a<1)&&?a>0) } LIMT 3",
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:p ?x FILTER((?x<ex:max)&&?x>ex:min) } LIMT 3",
    "SELECT * { ?s <http://example.org/Troms\\u00F8> ?o FILTER(?o = 1) } LIMT 3",
    "SELECT * { ?s <http://localhost:8080/Troms\\u00F8> ?o } LIMT 3",
    "SELECT * { ?s <urn:isbn:Troms\\u00F8> ?o } LIMT 3",
], ids=["comparison read as an IRI", "comparison with names read as an IRI", "escape", "escape and port",
        "escape in a URN"])
def test_where_the_tokens_may_not_be_the_parsers_no_good_part_is_blamed(query: str) -> None:
    """``?a<1)&&?a>`` is an IRI to SPARQL's tokens and a comparison to Oxigraph; an escape is decoded before the
    parser reads (and counts columns): the parser's place is given, never a bracket that is fine."""
    message = message_for(query)
    assert "closed" not in message and "closes nothing" not in message and "has nothing after" not in message
    assert "is not declared" not in message, message
    assert "the mistake is here or just before" in message or "The IRI" in message, message


def test_a_good_subquery_is_not_blamed_for_a_mistake_after_it() -> None:
    """A subquery whose ?x a FILTER reads binds ?x legally; the triple without its object after it is the mistake."""
    message = message_for("SELECT ?o WHERE { { SELECT (1 AS ?x) WHERE { ?s ?p ?o FILTER(?x) } } ?s ?p ?o . ?s ?p }")
    assert "at 1:88" in message and "already a variable" not in message, message


def test_where_the_tokens_show_no_mistake_the_parsers_place_is_given() -> None:
    message = message_for("SELECT * WHERE { ?r ?p ?o \n ?s ?p ?o }")  # a dot left out: every token is fine
    assert "at 2:10 (line 2, column 10):" in message and "the mistake is here or just before" in message, message
    assert "stopped at" not in message, message


@pytest.mark.parametrize(("query", "place", "says"), [
    ("SELECT ?a ?b ?a WHERE { ?a ?b ?c }", "1:14", "?a is selected twice"),
    ("SELECT ?a (STR(?c) AS ?a)\nWHERE { ?a ?b ?c }", "1:23", "?a is already a variable of this query"),
    ("SELECT (1 AS ?b) WHERE { ?a ?b ?c }", "1:14", "?b is already a variable of this query"),
    ("SELECT ?x (COUNT(?y) AS ?x) WHERE { ?x ?p ?y } GROUP BY ?x", "1:25", "?x is already a variable"),
    ("SELECT *\nWHERE { ?a ?b ?c }\nGROUP BY ?a", "1:8", "SELECT * cannot be used with GROUP BY"),
    ("SELECT ?a ?b WHERE { ?a ?b ?c } GROUP BY ?a", "1:11", "?b is neither grouped nor aggregated"),
    ("SELECT (COUNT(*) AS ?n) ?x WHERE { ?x ?p ?o }", "1:25", "?x is neither grouped nor aggregated"),
    # in a subquery the parser names none of these checks, only what could follow the subquery
    ("SELECT ?x WHERE {\n  { SELECT ?y ?y WHERE { ?y ?p ?o } }\n  ?x ?p ?o }", "2:15", "?y is selected twice"),
    ("SELECT ?x WHERE { { SELECT ?y WHERE { ?y ?p ?o } GROUP BY ?o } ?x ?p ?o }", "1:28",
     "?y is neither grouped nor aggregated"),
    # a variable only a FILTER, an EXISTS or a MINUS reads is not in the group's scope: binding it is no mistake
    ("SELECT (1 AS ?x) (2 AS ?o) WHERE { ?s ?p ?o FILTER(?x) }", "1:24", "?o is already a variable"),
    ("SELECT (1 AS ?x) WHERE { ?s ?p ?x. }", "1:14", "?x is already a variable"),  # "?x." ends a triple
    ("SELECT (COUNT(*) AS ?n) (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "1:38", "?n is selected twice"),
    # an expression of the SELECT whose variable is neither grouped nor aggregated (a researcher's review: the
    # message had named neither the variable nor the fix); grouping by an expression of it does not group by it
    ("SELECT (LANG(?t) AS ?lang) (COUNT(*) AS ?n)\nWHERE { ?m ?p ?t } GROUP BY LANG(?t)", "1:14",
     "?t is neither grouped nor aggregated, and an expression of the SELECT uses it"),
    ("SELECT (STR(?t) AS ?s) (COUNT(*) AS ?n) WHERE { ?m ?p ?t }", "1:13", "group by the expression under a name"),
    ("SELECT (CONCAT(STR(?t), STR(SUM(?u))) AS ?s) WHERE { ?m ?p ?t ; ?q ?u } GROUP BY ?u", "1:20",
     "?t is neither grouped nor aggregated, and an expression"),  # ?u, inside SUM, is aggregated
    ("SELECT ?t (COUNT(*) AS ?n) WHERE { ?m ?p ?t } GROUP BY LANG(?t)", "1:8", "?t is neither grouped nor aggregated"),
    ("SELECT ?t ?u (COUNT(*) AS ?n) WHERE { ?m ?p ?t ; ?q ?u } GROUP BY ?m (?t)", "1:11",
     "?u is neither grouped nor aggregated"),  # (?t) in brackets groups by ?t
    # an EXISTS pattern's variables are the pattern's, not the expression's (a review: ?p had been blamed)
    ("SELECT ?g (EXISTS { ?g ?p ?type } AS ?e) (STR(?o) AS ?s) WHERE { ?g ?q ?o } GROUP BY ?g", "1:47",
     "?o is neither grouped nor aggregated, and an expression"),
], ids=["twice", "overrides", "overrides a group's", "overrides a grouped", "star", "not grouped", "not aggregated",
        "twice in a subquery", "not grouped in a subquery", "a filter's is out of scope", "a triple's dot",
        "named twice", "an expression grouped by an expression", "an expression with an aggregate",
        "beside an aggregate inside it", "grouped by an expression of it", "grouped in brackets",
        "an exists pattern is no expression"])
def test_what_a_select_may_not_select_is_said_at_the_variable(query: str, place: str, says: str) -> None:
    """Oxigraph checks a SELECT clause once it has read the whole (sub)query and reports it there, at the end: the
    caret stands under the variable the check is about instead, and the parser's place follows."""
    message = message_for(query)
    assert f"at {place} (line" in message and says in message, message
    assert "(The parser stopped at" in message, message


QUERIES_THAT_PARSE = [e.query for e in EXAMPLES] + [
    "SELECT ?g (EXISTS { ?g ?p ?type } AS ?e) WHERE { ?g ?q ?o } GROUP BY ?g"] + [  # an EXISTS in a projection
    text for path in sorted((REPO_ROOT / "docs").glob("*.md"))
    for text in re.findall(r"```sparql\n(.*?)```", path.read_text(encoding="utf-8"), re.S)] + [
    'SELECT (GROUP_CONCAT(?l; SEPARATOR=", ") AS ?ls) (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s ?p ?l '
    'FILTER(!BOUND(?x) || ?l != "a"@en-GB && langMatches(lang(?l), "nb") && ?l <= 3 && ?l >= 1.5e3) '
    'OPTIONAL { ?s <http://x/p>|^<http://x/q>* [ a ?t ] } MINUS { ?s ?p "x"^^<http://x/d> } '
    'FILTER NOT EXISTS { ?s ?p true } BIND(IF(isIRI(?s), STRLEN(STR(?s)), -1) AS ?len) '
    'VALUES ?v { UNDEF 1 } FILTER regex(?l, "(a)") } GROUP BY ?s HAVING(COUNT(*) > 1) ORDER BY DESC(?n) '
    'LIMIT 1 OFFSET 2',
    "PREFIX : <http://x/> ASK { :a :b _:c . FILTER(sameTerm(?a, :a) && ?a IN (:a, :b)) }",
    "DESCRIBE ?s FROM NAMED <http://x/g> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?a FILTER((?a<1)&&?a>0) }",  # "<1)&&?a>" reads as an IRI
    "PREFIX ex: <http://example.org/> SELECT * { ?s ex:p ?a FILTER(?a<1&&(?a>0)) }",
    "SELECT * { ?s <http://example.org/place/Troms\\u00F8> ?o }",  # an escape: Oxigraph decodes it first
    "PREFIX ex: <http://example.org/>\nSELECT * { ?s ex:p ?x FILTER((?x<ex:max)&&?x>ex:min) }",
]


@pytest.mark.parametrize("query", QUERIES_THAT_PARSE, ids=range(len(QUERIES_THAT_PARSE)))
def test_no_mistake_is_seen_in_a_query_that_parses(query: str) -> None:
    """The tokens' checks see no mistake in any query the parser reads: every example, every query the docs show,
    and one that uses most of the grammar."""
    ox.Store().query(query)
    assert _mistakes(query) == []


FRAGMENTS = ("SELECT", "SELEC", "*", "WHERE", "{", "}", "(", ")", "[", "]", "?s", "?o", "ex:p", "<http://x/a>", "<1",
             ">", "=", "!=", "&&", "||", "FILTER", "GROUP", "BY", ",", ".", ";", '"a', '"b"', "'", "@prefix", "@en",
             "\\u00F8", "#c\n", "\n", "1e5", "-1", "name", "OPTINAL", "OPTIONAL", "VALUES", "a", "_:b", "^^", "/",
             "AS", "COUNT", "?s ?s", "{ SELECT")


@settings(max_examples=400, deadline=None, derandomize=True, database=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join))
def test_any_text_gets_a_message_that_names_a_place_in_it(text: str) -> None:
    """Whatever the text, reading its mistake never fails, and the place it names lies within the text."""
    try:
        ox.Store().query(text)
    except SyntaxError as error:
        caught = error
    except Exception:  # a query that parses runs on an empty store: not this test's concern
        return
    else:
        return
    message = malformed(text, caught).message  # outside the try: its own failure fails the test
    place = re.search(r"at (\d+):(\d+)", message)
    if place is not None:
        line, column = int(place.group(1)), int(place.group(2))
        lines = text.split("\n")
        assert line <= len(lines) and column <= len(lines[line - 1]) + 1, message
