"""The guards, as pure functions: what is refused, with which status, and what passes."""

from __future__ import annotations

import itertools

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byregion.sparql import MalformedQuery, QueryTooLarge, Refused, ServiceRefused, UpdateRefused
from byregion.sparql.guards import (
    _TOKENS,
    check,
    check_nesting,
    check_operations,
    dataset_clauses,
    has_dataset_clause,
    malformed,
    operations,
    resolve_graphs,
    top_level_limit,
    uses_service,
)

pytestmark = pytest.mark.fast


def run(text: str, *, allow_service: bool = False, max_bytes: int = 10_000,  # type: ignore[no-untyped-def]
        parse: bool = True, max_nesting: int = 100):
    return check(text, max_bytes=max_bytes, allow_service=allow_service, parse=parse, max_nesting=max_nesting)


@pytest.mark.parametrize(("query", "form"), [
    ("SELECT * WHERE { ?s ?p ?o }", "SELECT"),
    ("PREFIX br: <https://data.byregion.no/def/byregion#> ASK { ?r a br:CityRegion }", "ASK"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "GRAPH"),
    ("DESCRIBE <https://data.byregion.no/id/region/notodden>", "GRAPH"),
    # the letters "service" in a literal, an IRI or a comment are not federated query
    ('SELECT * WHERE { ?s ?p "public service" } # SERVICE', "SELECT"),
    ("SELECT * WHERE { <http://example.org/service> ?p ?o }", "SELECT"),
])
def test_read_queries_pass_with_their_form(query: str, form: str) -> None:
    assert run(query).form == form


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s x:p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "CLEAR ALL",
    "DROP GRAPH <https://data.byregion.no/graph/ontology>",
    "CREATE GRAPH <http://g>",
    "MOVE DEFAULT TO <http://g>",
    "insert { ?s ?p ?o } where { ?s ?p ?o ",  # even a broken update is named for what it is
])
def test_updates_are_refused_as_read_only(update: str) -> None:
    with pytest.raises(UpdateRefused, match="read-only"):
        run(update)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE <http://example.org/sparql> { ?s ?q ?x } } }",
    # SPARQL's codepoint escapes are decoded before parsing: \u0053ERVICE is SERVICE
    "SELECT * WHERE { \\u0053ERVICE <http://example.org/sparql> { ?s ?p ?o } }",
])
def test_service_is_refused_by_default(query: str) -> None:
    with pytest.raises(ServiceRefused, match="SERVICE") as refused:
        run(query)
    assert refused.value.status == 403


@pytest.mark.parametrize("query", [
    # Oxigraph needs no space after a keyword: these are SERVICE and a name (a second review reached a listener)
    "PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }",
    "PREFIX ex: <http://127.0.0.1:9/> SELECT * WHERE { SERVICEex:x { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICESILENT<http://127.0.0.1:9/x> { ?s ?p ?o } }",
    "SELECT * WHERE { service:x { ?s ?p ?o } }",  # no prefix service: declared
])
def test_service_run_together_with_what_follows_is_service(query: str) -> None:
    with pytest.raises(ServiceRefused, match="SERVICE") as refused:
        run(query)
    assert refused.value.status == 403


@pytest.mark.parametrize("query", [
    # to the grammar's tokens <'x> is an IRI and the quote after it opens a string that hides SERVICE; Oxigraph
    # reads a comparison with the string 'x>' and runs the SERVICE
    "SELECT * WHERE { OPTIONAL { FILTER(?zz<'x>') } SERVICE <http://127.0.0.1:9/a> { ?s ?p ?o } "
    "OPTIONAL { FILTER('x'='x') } }",
    # the same quote hides a LIMIT the row cap would trust, and a FROM
    "SELECT * WHERE { ?s ?p ?o FILTER(true || ?o<'x>') } #' LIMIT 10",
    "SELECT ?s (1<'x>' AS ?d) FROM <urn:x:nothing> WHERE { ?s ?p ?o } LIMIT 3 #'",
], ids=repr)
def test_a_quote_inside_an_iri_reference_is_refused_not_guessed_at(query: str) -> None:
    for parse in (True, False):
        with pytest.raises(MalformedQuery, match="IRI or as < \\(less than\\) before what follows") as refused:
            run(query, parse=parse)
        assert refused.value.status == 400


@pytest.mark.parametrize("query", [
    # to the grammar's tokens <1)AS?w)SERVICE#> is an IRI; Oxigraph reads 1 < 1, then SERVICE, then a comment
    "SELECT * WHERE { BIND((1<1)AS?w)SERVICE#>\n<http://127.0.0.1:9/sparql>{ ?s ?p ?o } }",
    # Oxigraph reads ?s < ?s and a comment that hides "} LIMIT 0": the row cap would trust a LIMIT it never sees
    "SELECT * WHERE { ?s ?p ?o } ORDER BY (?s<?s#>} LIMIT 0\n)\n",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY (?s #c\n<?s#>} LIMIT 0\n)\n",  # a comment between is space
    "ASK { FILTER(\"a\"@en<x:y#>} LIMIT 1\n) }",
])
def test_a_hash_inside_an_iri_reference_after_an_operand_is_refused_not_guessed_at(query: str) -> None:
    for parse in (True, False):
        with pytest.raises(MalformedQuery, match="IRI or as < \\(less than\\)"):
            run(query, parse=parse)


@pytest.mark.parametrize("query", [
    # the same, in the brackets of a subquery's select clause after a variable, and of its ORDER BY
    "SELECT * WHERE { { SELECT ?s (?s<?s#>} LIMIT 0\n AS ?t) WHERE { ?s ?p ?o } } }",
    "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s <http://f>(?s<?s#>} LIMIT 0\n) } }",
    # a function after FILTER, written as an IRI or a prefixed name, in a group where a term's "(" is a collection
    "ASK { ?s ?p ?o FILTER <http://f>(?o<?o#>} LIMIT 1\n) }",
    "PREFIX ex: <http://e/> ASK { ?s ?p ?o FILTER ex:f(?o<?o#>} LIMIT 1\n) }",
    "ASK { ?s ?p ?o FILTER <http://f>(?o<'x>') SERVICE <http://127.0.0.1:9/a> { ?s ?p ?o } FILTER('x'='x') }",
    # SPARQL 1.2's triple term: "<<(" opens it to Oxigraph, where the tokens read "<" and an IRI reference whose
    # quote, or hash, hid the SERVICE after it (a review found the first pass the guard and reach the network)
    "SELECT * WHERE { BIND(<<(?s?p'a>')>> AS ?t) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } # '\n}",
    "SELECT * WHERE { BIND(<<(?s?p#>'''\n?o)>> AS ?t) SERVICE <http://127.0.0.1:9/x> { ?a ?b ?c } # '''\n}",
    # a triple term is an operand: a "<" after its ">>" is less-than to Oxigraph (a second review)
    "SELECT * WHERE { BIND((<<(?s ?p ?o)>><?s)AS?w)SERVICE#>\n<http://127.0.0.1:9/hash>{ ?a ?b ?c } }",
    "SELECT * WHERE { OPTIONAL { FILTER(<<(?s ?p ?o)>><'x>') } SERVICE <http://127.0.0.1:9/q> { ?s ?p ?o } "
    "OPTIONAL { FILTER('x'='x') } }",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY (<<(?s ?p ?o)>><?s#>} LIMIT 0\n)",
], ids=repr)
def test_an_expression_looking_like_terms_is_still_refused(query: str) -> None:
    with pytest.raises(MalformedQuery, match="IRI or as < \\(less than\\)"):
        run(query)


@pytest.mark.parametrize("query", [
    # a VALUES row of two IRIs, as rdflib's SPARQLStore sends initBindings; UNDEF first; after the query
    "SELECT ?r ?c WHERE { VALUES (?r ?c) { (<https://data.byregion.no/id/region/notodden> "
    "<https://data.byregion.no/def/byregion#CityRegion>) } ?r a ?c }",
    "SELECT * { VALUES (?s ?p) { (UNDEF <http://www.w3.org/2000/01/rdf-schema#label>) } }",
    "SELECT * { ?s ?p ?o } VALUES (?a ?b) { (<http://x#a> <http://x#b>) (<http://x#c> 'd') }",
    # a collection in a triple pattern and in a CONSTRUCT template, nested too
    "ASK { ?s <http://ex.org/list> (<http://ex.org/a> <http://ex.org/b#c>) }",
    "ASK { ?s ?p ((<http://ex.org/a> <http://ex.org/b#c>) 1) }",
    "CONSTRUCT { <http://ex.org/s> <http://ex.org/list> (1 <http://ex.org/b#c>) } WHERE {}",
    # a quote is a character of an IRI (IRIREF), as DBpedia's IRIs have them
    "ASK { ?s ?p <http://dbpedia.org/resource/People's_Republic_of_China> }",
    "ASK { VALUES (?a ?b) { (1 <http://dbpedia.org/resource/People's_Republic>) } }",
], ids=repr)
def test_iris_where_the_grammar_has_only_terms_pass(query: str) -> None:
    """Brackets that hold only RDF terms (a ``VALUES`` row, a collection) have no less-than: an IRI there with a
    ``#`` or a quote is an IRI to Oxigraph too, and the query runs. They had been refused with a 400 that told the
    client to write the quote as ``%27`` (another IRI), and rdflib's ``initBindings`` failed on every ``rdfs:``,
    ``owl:`` or ``br:`` term."""
    ox.Store().query(query)  # valid SPARQL, as Oxigraph reads it
    for parse in (True, False):
        run(query, parse=parse)


@pytest.mark.parametrize(("query", "limit"), [
    ("SELECT * { ?s <http://x#p> ?o } LIMIT 5", 5),  # a triple pattern: an IRI in both readings
    ("SELECT * { ?s ?p ?o FILTER(?o = <http://x#a>) } LIMIT 5", 5),  # after an operator, not an operand
    ("SELECT * { ?s ?p ?o FILTER(?o IN (<http://x#a>, <http://x#b>)) } LIMIT 5", 5),
    ("SELECT * { VALUES ?o { <http://x#a> } ?s ?p ?o } ORDER BY ?s <http://x#f>(?o) LIMIT 5", 5),
    ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT * { ?s a skos:Concept } LIMIT 5", 5),
])
def test_iris_with_a_hash_pass_where_oxigraph_reads_them_as_iris(query: str, limit: int) -> None:
    assert run(query).limit == limit


@pytest.mark.parametrize(("query", "form"), [
    ("PREFIX ex: #c\n<http://e/>\nASK {}", "ASK"),  # comments are space, also inside a declaration
    ("PREFIX#c\nex:#c\n<http://e/>BASE#c\n<http://b/>SELECT * {}", "SELECT"),
    ('VERSION "1.2" PREFIX ex: <http://e/> CONSTRUCT WHERE { ?s ?p ?o }', "GRAPH"),  # SPARQL 1.2's VERSION
])
def test_the_form_is_read_after_any_prologue_oxigraph_reads(query: str, form: str) -> None:
    for parse in (True, False):
        assert run(query, parse=parse).form == form


class NothingRuns:
    """An empty store that lets Oxigraph parse what the guards give it and fails the test if it is ever a query:
    the web process has no time limit, and a query on an empty store still runs its VALUES and its SERVICE."""

    def __init__(self, store: object) -> None:
        self.store = store

    def query(self, text: str, **options: object) -> object:
        result = self.store.query(text, **options)  # type: ignore[attr-defined]
        if "VALUES (?g0" not in text:  # resolve_graphs: the query's prologue and one row of its FROM graphs
            pytest.fail(f"the guards ran a query in the web process: {text[:120]!r}")
        return result


CROSS_PRODUCT = " ".join(f"VALUES ?{v} {{{' '.join(map(str, range(36)))}}}" for v in "abcde")


@pytest.mark.parametrize("query", [
    f"PREFIX ex: #c\n<http://e/>\nASK {{ {CROSS_PRODUCT} FILTER(?a+?b+?c+?d+?e < 0) }}",
    f"SELECT (COUNT(*) AS ?n) WHERE {{ {CROSS_PRODUCT} }}",
    f"SELECT * WHERE {{ {CROSS_PRODUCT} }} ORDER BY ?a",
    "SELECT * WHERE { ?s ?p ?o ",  # cut short at its end: the engine that runs it refuses it
    "SELEC * {}", "PREFIX ex: <http://e/>", "INSERT DATA { <http://a> <http://b> <http://c> }",
    "SELECT * FROM <urn:x:g> WHERE { ?s ?p ?o }",
])
def test_the_guards_parse_a_query_and_never_run_it(query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from byregion.sparql import guards

    monkeypatch.setattr(guards, "_EMPTY", NothingRuns(guards._EMPTY))
    for parse in (True, False):
        try:
            checked = run(query, parse=parse)
        except Refused:
            continue
        resolve_graphs(query, dataset_clauses(query))
        assert checked.form in ("SELECT", "ASK")


@pytest.mark.parametrize("query", ["PREFIX : <http://x/> SELECT ?o FROM:g WHERE { ?s ?p ?o }",
                                   "SELECT ?o FROMNAMED<http://g> WHERE { ?s ?p ?o }"])
def test_from_run_together_with_its_graph_is_refused_saying_to_part_them(query: str) -> None:
    """``FROM:g`` is FROM and ``:g`` to Oxigraph, one name to the checks: its clause went unseen, and the query ran
    on the union of the graphs, not on ``:g``."""
    with pytest.raises(MalformedQuery, match="put a space after FROM"):
        run(query)


@pytest.mark.parametrize("query", ["PREFIX service: <http://e/> SELECT * WHERE { ?s service:x ?o }",
                                   "PREFIX from: <http://e/> SELECT * WHERE { ?s from:x ?o }",
                                   "PREFIX serviceex: <http://e/> SELECT * WHERE { ?s serviceex:x ?o }"])
def test_a_declared_prefix_that_begins_like_a_keyword_is_a_name(query: str) -> None:
    assert run(query).form == "SELECT"


def test_an_escaped_quote_in_a_prefixed_name_hides_no_service() -> None:
    """``ex:a\\'`` is a local name with an escaped quote (PN_LOCAL_ESC), not a name and a string."""
    query = ("PREFIX ex: <http://e/> SELECT * WHERE { OPTIONAL { ?s ex:a\\' ?o } SERVICE <http://127.0.0.1:9/a> "
             "{ ?s ?p ?o } OPTIONAL { ?s ?p 'x' } }")
    with pytest.raises(ServiceRefused):
        run(query)


def test_an_escape_of_no_character_is_a_400_that_says_where() -> None:
    with pytest.raises(MalformedQuery, match=r"\\U00110000 at character 19 names no Unicode character"):
        run('SELECT * { ?s ?p "\\U00110000" }')


def test_service_passes_when_allowed() -> None:
    assert run("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", allow_service=True).form \
        == "SELECT"


def test_malformed_query_names_the_position() -> None:
    with pytest.raises(MalformedQuery) as bad:
        run("SELECT * WHERE { ?s ?p } LIMIT 5")
    assert bad.value.status == 400
    message = bad.value.message
    assert "at 1:26 (line 1, column 26):\n    SELECT * WHERE { ?s ?p } LIMIT 5\n" in message, message


@pytest.mark.parametrize(("query", "says", "not_said"), [
    # a triple without its object: Oxigraph expected "one of LATERAL, SERVICE" (LATERAL is no SPARQL 1.1)
    ("SELECT ?s WHERE { ?s ?p } LIMIT 1", "a missing term, dot or bracket", ("LATERAL", "SERVICE", "[_]")),
    ("SELECT * {\n  ?s ?p ?o .\n  FILTER(?o = ) }", "at 3:13 (line 3, column 13):\n      FILTER(?o = ) }\n"
     "                ^\n", ("ABS", "STRSTARTS")),
    ("SELECT ?x (COUNT(*) AS ?n) { ?x ?p ?o } LIMIT 1", "add the other variables to GROUP BY", ("unbound",)),
    ("SELECT * { ?s ?p ?o } LIMT 3", "did you mean LIMIT?", ("HAVING", "OPTIONAL")),
    ("SELECT * WHERE { ?s ?p ?o OPTIONAL", 'it could have read "{"', ()),  # punctuation helps: said
    ("SELECT ?x ?x { ?x ?p ?o }", "?x is selected twice", ("mistake",)),  # the parser's own check, at ?x
    ("SELECT * {\n\t?s ?p }", "at 2:9 (line 2, column 9):\n    \t?s ?p }\n    \t       ^\n", ()),  # a tab
    ("SELECT * { ?s ?p <rel> }", "IRI parsing failed. The IRI <rel> is relative", ("..",)),
], ids=["no object", "caret", "aggregate", "keywords", "punctuation", "check", "tab", "relative"])
def test_a_syntax_error_shows_the_line_and_the_place_and_no_misleading_tokens(query: str, says: str,
                                                                             not_said: tuple[str, ...]) -> None:
    """Oxigraph's "expected one of …" lists a few alternatives of wherever its parser got furthest, SPARQL 1.2
    and its own extensions among them: the message shows the line with a caret instead, and what to look for."""
    with pytest.raises(SyntaxError) as error:
        ox.Store().query(query)
    message = malformed(query, error.value).message
    assert says in message, message
    assert not any(word in message.split("^", 1)[-1] for word in not_said), message  # after the quoted line


def test_a_query_cut_short_at_its_very_end_is_left_to_the_engine() -> None:
    """Oxigraph's parser reports an error at the end of the text after the space it read, so a text that reads to
    its end cannot be told from a whole query without running it, which the web process never does: the engine
    that runs it (a query process, a remote store) refuses it with a 400 (tests/sparql/test_head.py and
    test_vary.py send one)."""
    assert run("SELECT * WHERE { ?s ?p }").form == "SELECT"


def test_size_limit_counts_utf8_bytes() -> None:
    query = 'SELECT * WHERE { ?s ?p "' + "ø" * 60 + '" }'  # 60 characters, 120 bytes
    assert run(query, max_bytes=200).form == "SELECT"
    with pytest.raises(QueryTooLarge) as large:
        run(query, max_bytes=100)
    assert large.value.status == 413 and "at most 100 bytes" in large.value.message


@pytest.mark.parametrize(("query", "uses"), [
    ("SELECT * WHERE { FILTER(?a<3) SERVICE <http://x> { ?s ?p ?o } FILTER(?b>2) }", True),
    ("SELECT * { ?s ?p ?o }#\n SERVICE <http://x> { }", True),
    ("SELECT ?service WHERE { ?service ?p ?o }", False),
    ("PREFIX service: <http://x/> SELECT * WHERE { service:a ?p ?o }", False),
    ("PREFIX ex: <http://x/> SELECT * WHERE { ex:service ?p ?o }", False),
    ("SELECT * WHERE { ?s ?p '''a \" SERVICE <x> {} ''' }", False),
    ('SELECT * WHERE { ?s ?p "a \\" SERVICE <x> {}" }', False),
    ("SELECT * WHERE { ?s ?p ?o } # SERVICE <x> {}", False),
    # no bare name begins with SERVICE but the keyword run together with another (SERVICESILENT, SERVICE:x)
    ("SELECT * WHERE { ?s ?p ?o }" + " serviceX" * 3, True),
    ('SELECT * WHERE { ?s ?p "x"@service }', False),  # a language tag, not the keyword
], ids=repr)
def test_service_is_found_among_the_tokens_not_in_literals_iris_comments_or_names(query: str, uses: bool) -> None:
    assert uses_service(query) is uses


@pytest.mark.parametrize(("query", "has"), [
    ("SELECT * FROM <urn:g> { ?s ?p ?o }", True),
    ("select * from named <urn:g> { graph ?g { ?s ?p ?o } }", True),
    ("SELECT*FROM<urn:g>{?s ?p ?o}", True),
    ("CONSTRUCT { ?s ?p ?o } FROM <urn:g> WHERE { ?s ?p ?o }", True),
    ("DESCRIBE <urn:x> From <urn:g>", True),
    ("ASK FROM NAMED <urn:g> { GRAPH ?g { ?s ?p ?o } }", True),
    ("SELECT (EXISTS { ?s ?p ?o } AS ?e) # a comment\nFROM <urn:g> { ?s ?p ?o }", True),
    ('SELECT (STR("x"@en) AS ?x) FROM <urn:g> { }', True),
    ("SELECT * { ?s ?p ?o }", False),
    ('SELECT * { ?s ?p "FROM <urn:g>" }', False),
    ("SELECT * { ?s ?p '''it's \" FROM <urn:g> ''' }", False),
    ('SELECT * { ?s ?p "a \\" FROM <urn:g>" }', False),
    ("SELECT * { ?s ?p <urn:x:FROM> }", False),
    ("SELECT * { ?s ?p <urn:x#FROM> }", False),
    ("SELECT * # FROM <urn:g>\n{ ?s ?p ?o }", False),
    ("SELECT ?from { ?from ?p $from }", False),
    ("PREFIX from: <urn:x:> PREFIX ex: <urn:x:> PREFIX : <urn:y:> SELECT * { from:a ex:from :from }", False),
    ('SELECT * { ?s ?p "x"@from, "y" @from, "z"@en-from }', False),
    ("SELECT * { ?s ?p ?o }" + " fromage" * 3, False),
], ids=repr)
def test_a_dataset_clause_is_the_from_keyword_among_the_tokens(query: str, has: bool) -> None:
    """Whether the query runs on its own dataset or on the union of the named graphs rests on this
    (:func:`byregion.sparql.execute.dataset_options`; tests/sparql/test_dataset_clauses.py over HTTP)."""
    assert has_dataset_clause(query) is has


def test_the_graphs_of_the_dataset_clauses_are_read_as_oxigraph_reads_them() -> None:
    """What a remote store is sent as `default-graph-uri` / `named-graph-uri` (`runner.dataset_in_parameters`)."""
    query = ("PREFIX g: <https://data.byregion.no/graph/>\nBASE <https://data.byregion.no/graph/region/>\n"
             "# FROM <urn:x:comment>\nSELECT * FROM g:themes FROM NAMED <notodden> from named <urn:x:a>\n"
             "FROM # a comment\n <urn:x:b> WHERE { ?s ?p 'FROM <urn:x:c>' }")
    clauses = dataset_clauses(query)
    assert [(c.named, c.graph) for c in clauses] == [(False, "g:themes"), (True, "<notodden>"),
                                                    (True, "<urn:x:a>"), (False, "<urn:x:b>")]
    assert query[clauses[-1].start:clauses[-1].end] == "FROM # a comment\n <urn:x:b>"
    assert resolve_graphs(query, clauses) == ["https://data.byregion.no/graph/themes",
                                              "https://data.byregion.no/graph/region/notodden", "urn:x:a", "urn:x:b"]
    assert resolve_graphs("SELECT * FROM <relative> { }", dataset_clauses("SELECT * FROM <relative> { }")) is None


def test_no_query_text_reaches_rdflib_in_the_web_process() -> None:
    """The guards use Oxigraph's parser and SPARQL's lexical grammar only: rdflib's parser, which no time
    limit bounds, is never imported by them."""
    import subprocess
    import sys

    code = ("import sys; from byregion.sparql.guards import check\n"
            "check('SELECT * WHERE { SERVICE <http://x> { ?s ?p ?o } }', max_bytes=1000, allow_service=True)\n"
            "for text in ('INSERT DATA { <x:a> <x:b> <x:c> }', 'SELECT nonsense'):\n"
            "    try: check(text, max_bytes=1000, allow_service=False)\n"
            "    except Exception: pass\n"
            "print('rdflib.plugins.sparql.parser' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr


@pytest.mark.parametrize(("query", "limit"), [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", 5),
    ("select * { ?s ?p ?o } order by ?s limit 5 offset 10", 5),
    ("SELECT * { ?s ?p ?o } OFFSET 10 LIMIT 7", 7),
    ("SELECT ?s (COUNT(*) AS ?n) { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(*) > 1) LIMIT 3", 3),
    # a "}" inside an expression of the solution modifiers: what follows is still the outer query's
    ("SELECT * { ?s ?p ?o } ORDER BY (EXISTS { ?s a ?t }) LIMIT 4", 4),
    # a "}" in a comment is no token; the LIMIT after it is the query's
    ("SELECT * { ?s ?p ?o } # }\nLIMIT 6", 6),
    # an escaped newline ends the comment for SPARQL 1.1 but not for Oxigraph: no limit is read from it
    ("SELECT * { ?s ?p ?o } # \\u000A LIMIT 5", None),
    ("SELECT * { ?s ?p ?o } LIMIT 8 # \\u000A LIMIT 5", 8),
    ("SELECT * WHERE { ?s ?p ?o }", None),
    # a subquery's LIMIT does not bound the outer query
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 5 } ?s ?q ?r }", None),
    # nor a LIMIT in a literal, or in a comment after the query
    ('SELECT * { ?s ?p "} LIMIT 5" }', None),
    ("SELECT * { ?s ?p ?o } # LIMIT 5", None),
    # a "#" in an IRI starts no comment: the "}" after it is a token, and the query's last one
    ("SELECT * { { SELECT * { ?s ?p ?o } LIMIT 3 VALUES ?s { <x:a#b> } } }", None),
    ("SELECT ?limit { ?limit ?p ?o }", None),
    # a LIMIT before a trailing VALUES block is not looked for (the query takes the capped path)
    ("SELECT * { ?s ?p ?o } LIMIT 2 VALUES ?s { <http://x/a> }", None),
    # a CONSTRUCT's LIMIT counts solutions, not the triples its template makes: it bounds nothing here
    ("CONSTRUCT WHERE { ?s ?p ?o } LIMIT 5", None),
    ("ASK { ?s ?p ?o } LIMIT 1", None),
])
def test_a_selects_own_top_level_limit_is_read(query: str, limit: int | None) -> None:
    """The cheaper path for a SELECT whose own LIMIT is within the row cap (``Job.bounded``) rests on this."""
    assert run(query).limit == limit


def limit_after_every_token(text: str) -> int | None:
    """The reading of the outer LIMIT that cuts the whole text into tokens: the oracle of the faster one."""
    if "limit" not in text.lower():
        return None
    tail: list[str] = []
    for match in _TOKENS.finditer(text):
        if match.lastgroup in ("name", "other"):
            tail = [] if match.group() == "}" else [*tail, match.group()]
    return next((int(v) for k, v in itertools.pairwise(tail) if k.upper() == "LIMIT" and v.isdigit()), None)


_PIECES = ["} LIMIT 5 ", " LIMIT 7", "}", "} ", "{", " ", "\n", "LIMIT", "limit", "5", "?limit", "ex:a", "ex:b\\'",
           "<x:i>", "<x:i#j>", "<x:'a>", "<", ">", "#", "# } LIMIT 9\n", '"', "'", '"}"', "'''}'''", '"""a"""',
           '"\\""', "(", ")", "EXISTS", ".", ":x", "\\u007D"]


@pytest.mark.slow  # thousands of texts: seconds
@settings(max_examples=4000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=24).map("".join))
def test_the_outer_limit_is_read_as_when_every_token_is_cut(text: str) -> None:
    """Only the tokens after the last "}" are cut; strings, IRIs and comments are still found wherever they
    start, so the reading is the same as cutting every token, for any text."""
    assert top_level_limit(text) == limit_after_every_token(text)


@pytest.mark.parametrize(("query", "form", "limit"), [
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 5", "SELECT", 5),
    ("PREFIX br: <https://data.byregion.no/def/byregion#>\n# a comment\nask { ?r a br:CityRegion }", "ASK", None),
    ("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", "GRAPH", None),
    ("DESCRIBE <https://data.byregion.no/id/region/notodden>", "GRAPH", None),
])
def test_without_the_parse_the_form_comes_from_the_first_keyword(query: str, form: str, limit: int | None) -> None:
    checked = check(query, max_bytes=10_000, allow_service=False, parse=False)
    assert (checked.form, checked.limit) == (form, limit)


def test_without_the_parse_a_malformed_query_is_left_to_the_engine() -> None:
    """The query process parses it and refuses it with the same MalformedQuery (tests/sparql/test_execute.py)."""
    assert check("SELECT * WHERE { ?s ?p }", max_bytes=10_000, allow_service=False, parse=False).form == "SELECT"


@pytest.mark.parametrize("text", [
    "INSERT DATA { <http://a> <http://b> <http://c> }",  # an update is refused as before
    "PREFIX x: <http://x/>\nDELETE WHERE { ?s x:p ?o }",
    "SELECTED * WHERE { ?s ?p ?o }",  # no form keyword: parsed, and refused with its syntax error
    "PREFIX:<http://x/> SELECT * { ?s ?p ?o }",  # a prologue the keyword reading does not know: parsed
    "\\u0053ELECT * { ?s ?p ?o }",  # escapes that change the first keyword: parsed
])
def test_without_the_parse_anything_unplain_is_still_parsed(text: str) -> None:
    try:
        fast = check(text, max_bytes=10_000, allow_service=False, parse=False)
    except Refused as refused:
        with pytest.raises(type(refused)):
            check(text, max_bytes=10_000, allow_service=False)
    else:
        assert fast == check(text, max_bytes=10_000, allow_service=False)


@pytest.mark.parametrize("query", [
    "SELECT * WHERE " + "{" * 101 + "}" * 101,
    "SELECT * WHERE { FILTER" + "(" * 101 + "1" + ")" * 101 + " }",
    "SELECT * WHERE { ?s <p> " + "[ <p> " * 101 + "1" + " ]" * 101 + " }",
    "SELECT * WHERE " + "\\u007B" * 101 + "}" * 101,  # an escaped bracket is a bracket to a parser that decodes it
    "ASK { FILTER(" + "!" * 100 + "true) }",  # a run of ! nests as deep: 10,000 overflowed the parser's stack
    "ASK { FILTER(" + "(!" * 51 + "true" + ")" * 51 + ") }",  # brackets and negations together
    # inside what reads as an IRI reference, <!!!…1&&2>, where < may be less-than: the run had passed the guard and
    # 10,000 of them ended the query process (502), or the web process where it parses (within 10 kB here)
    "ASK { FILTER(1<" + "!" * 9_900 + "1&&2>1) }",
    "ASK { FILTER(1<" + "!" * 9_900 + "1>2) }",
    "ASK { FILTER(?a<" + "!" * 100 + "?b&&?c>?d) }",
    "ASK { FILTER(1<(" + "!(" * 50 + "1" + ")" * 50 + "&&2)>1) }",
])
def test_brackets_nested_deeper_than_the_limit_are_refused_before_any_parse(query: str) -> None:
    for parse in (True, False):
        with pytest.raises(MalformedQuery, match="BYREGION_SPARQL_MAX_NESTING"):
            run(query, parse=parse, max_nesting=100)


def test_brackets_up_to_the_limit_and_brackets_in_strings_pass() -> None:
    assert run("SELECT * WHERE " + "{" * 50 + "}" * 50, max_nesting=100).form == "SELECT"
    assert run("ASK { FILTER(!(?a != ?b) && !(?c != ?d)) } " + "# !" * 500, max_nesting=100).form == "ASK"
    check_nesting("{ ( ?a != ?b ) }", 2)  # != is no negation: two deep, at the limit
    with pytest.raises(MalformedQuery):
        check_nesting("{ ( !?a ) }", 2)
    quoted = 'SELECT * WHERE { ?s ?p "' + "(" * 500 + '" } # ' + "{" * 500
    assert run(quoted, max_nesting=100).form == "SELECT"
    # what reads as an IRI reference but may be less-than counts both ways, and valid queries of either pass
    assert run("ASK { FILTER(1<" + "!" * 97 + "1&&2>1) }", max_nesting=100).form == "ASK"
    assert run("ASK { ?s <http://e/a!b!!c> ?o FILTER(?o<!!?s&&2>1) }", max_nesting=100).form == "ASK"
    assert run("SELECT * WHERE { ?s <http://e/" + "!" * 90 + "> ?o }", max_nesting=100).form == "SELECT"


@pytest.mark.parametrize(("text", "count"), [
    ("SELECT ?x WHERE { BIND(1+2*3/4-5 AS ?x) }", 1 + 4),  # the BIND and four operators
    ("SELECT ?x WHERE { BIND(1-1-1 AS ?x) }", 1 + 2),  # one token to the lexer, two subtractions to SPARQL
    ("SELECT ?x WHERE { BIND(?a-?b AS ?x) }", 1 + 1),
    ("PREFIX ex: <http://e/a-b/> SELECT * WHERE { ?s ex:part-of ?o }", 1),  # a name's hyphen: only SELECT *
    ("SELECT * WHERE { {} UNION {} OPTIONAL {} MINUS {} VALUES ?v {1} GRAPH ?g {} }", 6),
    ("select * where { bind(1 as ?x) optional { ?s <p> ?o } }", 3),  # keywords in any case
    ('SELECT ?x WHERE { BIND("1+1-OPTIONAL" AS ?x) } # UNION + MINUS', 1),  # strings and comments do not count
    ("SELECT ?x WHERE { ?s <http://e/a+b*c> ?x ; ?optional ?union }", 0),  # nor IRIs and variables
    ("SELECT * WHERE { ?s <p>/<q>/<r> ?o }", 3),  # a property path's steps (and SELECT *)
    ("SELECT ?x WHERE { BIND(1 -1 -1 AS ?x) }", 1 + 2),  # a sign after a number is a subtraction
    # a VALUES block's data are values (a re-check found 1,200 negative numbers refused), and so are a language
    # tag's and an exponent's hyphens, anywhere
    ("SELECT ?x WHERE { VALUES ?x { " + "-1 1e-5 \"a\"@nb-NO " * 400 + "} }", 1),
    ("SELECT * WHERE { VALUES (?x ?y) { (-1 -2) (UNDEF -3) } OPTIONAL { ?x ?p ?y } }", 3),
    ('SELECT * WHERE { ?s ?p "a"@nb-NO . BIND(1e-5 - 1 AS ?z) }', 3),
])
def test_operations_are_counted_where_the_grammar_has_them(text: str, count: int) -> None:
    assert operations(text) == count


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { BIND(1" + "+1" * 8_500 + " AS ?x) }",  # ended the query process (502)
    "SELECT ?x WHERE { BIND(1" + "-1" * 9_000 + " AS ?x) }",  # one lexer token, 9,000 subtractions
    "SELECT * WHERE {" + "MINUS{}" * 2_850 + "}",  # ended the query process, within 20 kB
    "SELECT * WHERE {" + "BIND(1 AS ?a)" * 1_001 + "}",
    "SELECT ?x WHERE { BIND(1" + "\\u002B1" * 1_001 + " AS ?x) }",  # an escaped + (decoded: a + to the parser)
])
def test_a_chain_of_more_operations_than_the_limit_is_refused(query: str) -> None:
    for parse in (True, False):
        with pytest.raises(MalformedQuery, match="BYREGION_SPARQL_MAX_OPERATIONS"):
            check(query, max_bytes=100_000, allow_service=False, parse=parse, max_operations=1_000)


def test_a_long_property_path_is_told_as_one() -> None:
    """Oxigraph nests a path's steps as it nests sums: they count, and the refusal says a path's ``/`` is one."""
    query = "ASK { ?s " + "/".join(["<http://e/p>"] * 1_500) + " ?o }"
    with pytest.raises(MalformedQuery, match=r"1,499 operations \(\+, -, \*, / of arithmetic or of a property path"):
        check(query, max_bytes=100_000, allow_service=False, max_operations=1_000)


def test_operations_up_to_the_limit_pass() -> None:
    assert run("SELECT ?x WHERE { BIND(1" + "+1" * 999 + " AS ?x) }").form == "SELECT"  # the BIND and 999 +
    check_operations("ASK { ?s ?p ?o FILTER(?o IN (" + '"+-*/", ' * 5_000 + '"")) }', 0)  # strings hold none
    assert run("SELECT ?v WHERE { VALUES ?v { " + "1 " * 4_000 + "} }").form == "SELECT"  # one VALUES, many values


def test_a_prologue_of_many_hashes_is_read_in_linear_time() -> None:
    """``PREFIX ###…#!``: a comment could once be split at every "#" on each retry, 2**n ways (22 of them took
    0.2 s, 40 would take days); the suite's timeout ends the test if that comes back."""
    text = "PREFIX " + "#" * 5_000 + "!"
    with pytest.raises(MalformedQuery):
        run(text)
