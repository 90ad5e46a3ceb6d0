"""Result formats as the specifications write them: CSV quoted per RFC 4180, no XML that a parser must refuse,
``application/json`` for every query form, a ``format=`` the endpoint does not know told apart from one it
does not offer for the query, and a relative IRI named in the error."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest

from byregion.mediatypes import JSONLD, SPARQL_JSON, SPARQL_XML
from byregion.sparql import MalformedQuery, NotAcceptable
from byregion.sparql.execute import Job, run_on_store
from byregion.sparql.guards import check
from byregion.sparql.protocol import BadRequest, choose_format, read_protocol

pytestmark = pytest.mark.fast

ODD = 'SELECT ?iri ?text ?none WHERE { BIND(IRI("http://example.org/a,b") AS ?iri) BIND("a,b\\"c\\nd" AS ?text) }'


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ox.Store:
    path = tmp_path_factory.mktemp("store") / "store"
    writable = ox.Store(str(path))
    writable.add(ox.Quad(ox.NamedNode("http://x/s"), ox.NamedNode("http://x/p"), ox.Literal("bell \x07 here"),
                         ox.NamedNode("http://x/g")))
    writable.flush()
    del writable
    return ox.Store.read_only(str(path))


def run(store: ox.Store, query: str, media_type: str, max_rows: int = 100) -> bytes:
    checked = check(query, max_bytes=10_000, allow_service=False)
    return run_on_store(store, Job(checked.text, checked.form, media_type, max_rows, limit=checked.limit)).body


@pytest.mark.parametrize("limit", ["", " LIMIT 5"])  # through the row cap, and bounded by the query's own LIMIT
def test_csv_quotes_an_iri_holding_a_comma_and_reads_back_field_for_field(store: ox.Store, limit: str) -> None:
    body = run(store, ODD + limit, "text/csv")
    assert body.endswith(b"\r\n")
    rows = list(csv.reader(io.StringIO(body.decode("utf-8"), newline="")))
    assert rows == [["iri", "text", "none"], ["http://example.org/a,b", 'a,b"c\nd', ""]]


def test_csv_writes_blank_nodes_with_their_prefix(store: ox.Store) -> None:
    body = run(store, "SELECT ?b WHERE { BIND(BNODE() AS ?b) }", "text/csv")
    assert next(csv.reader(io.StringIO(body.decode().splitlines()[1])))[0].startswith("_:")


@pytest.mark.parametrize(("query", "media_type"), [
    ("SELECT ?o WHERE { ?s ?p ?o }", SPARQL_XML.name),
    ("SELECT ?o WHERE { ?s ?p ?o } LIMIT 1", SPARQL_XML.name),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "application/rdf+xml"),
])
def test_xml_that_would_hold_a_control_character_is_refused_with_a_way_out(store: ox.Store, query: str,
                                                                           media_type: str) -> None:
    with pytest.raises(NotAcceptable, match=r"U\+0007.*XML 1\.0 cannot carry.*application/"):
        run(store, query, media_type)
    other = SPARQL_JSON.name if query.startswith("SELECT") else JSONLD.name
    assert b"bell \\u0007 here" in run(store, query, other)  # the way out the message names carries it


def test_xml_of_ordinary_text_passes(store: ox.Store) -> None:
    body = run(store, 'SELECT ?x WHERE { BIND("Ålesund – €\\t\\n" AS ?x) }', SPARQL_XML.name)
    assert "Ålesund – €".encode() in body


@pytest.mark.parametrize(("query", "media_type"), [
    ('SELECT ?r WHERE { BIND("a\\rb\\r\\nc" AS ?r) }', SPARQL_XML.name),
    ('SELECT ?r WHERE { BIND("a\\rb\\r\\nc" AS ?r) } LIMIT 1', SPARQL_XML.name),
    ('CONSTRUCT { <urn:a> <urn:p> ?r } WHERE { BIND("a\\rb\\r\\nc" AS ?r) }', "application/rdf+xml")])
def test_a_carriage_return_in_a_literal_reads_back_from_xml_as_itself(store: ox.Store, query: str,
                                                                      media_type: str) -> None:
    """An XML parser reads a raw carriage return as a line feed (XML 1.0 §2.11): it is written ``&#13;``, so the
    value is the same in XML as in JSON (a SPARQL client's review)."""
    body = run(store, query, media_type)
    assert b"\r" not in body
    if media_type == SPARQL_XML.name:
        solutions = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
        assert isinstance(solutions, ox.QuerySolutions)
        assert [row["r"].value for row in solutions] == ["a\rb\r\nc"]
    else:
        assert [t.object.value for t in ox.parse(body, ox.RdfFormat.RDF_XML)] == ["a\rb\r\nc"]


@pytest.mark.parametrize("predicate", ["http://example.org/1", "http://example.org/v#"])
def test_rdf_xml_of_a_predicate_it_cannot_name_is_refused_with_a_way_out(store: ox.Store, predicate: str) -> None:
    """A CONSTRUCT can make a predicate whose IRI ends in no XML name; Oxigraph wrote ``<oxprefix:>`` with a 200."""
    query = f"CONSTRUCT {{ <urn:a> <{predicate}> 1 }} WHERE {{ }}"
    with pytest.raises(NotAcceptable, match=f"the predicate <{predicate}>.*RDF/XML cannot carry.*text/turtle"):
        run(store, query, "application/rdf+xml")
    assert predicate.encode() in run(store, query, "text/turtle")
    named = run(store, "CONSTRUCT { <urn:a> <http://example.org/v1> 1 } WHERE { }", "application/rdf+xml")
    assert [t.predicate.value for t in ox.parse(named, ox.RdfFormat.RDF_XML)] == ["http://example.org/v1"]


@pytest.mark.parametrize("query", ["SELECT ?y WHERE { BIND(<rel> AS ?y) }", "ASK { <> ?p ?o }"])
def test_a_relative_iri_without_base_is_named_in_the_error(store: ox.Store, query: str) -> None:
    with pytest.raises(MalformedQuery, match="is relative and the query declares no BASE"):
        run(store, query, SPARQL_JSON.name)
    with pytest.raises(MalformedQuery, match="is relative"):
        check(query, max_bytes=10_000, allow_service=False)  # the guards' own parse says the same


@pytest.mark.parametrize(("query", "named"), [
    ("SELECT * WHERE {\n ?s skos:prefLabel ?o }", "at 2:5 the prefix skos: is not declared. Add `PREFIX skos: "
                                                  "<http://www.w3.org/2004/02/skos/core#>` before the query."),
    ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\nSELECT * WHERE { ?s skos:prefLabel ?o ; rdfs:label ?l }",
     "the prefix rdfs: is not declared. Add `PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>`"),
    ("SELECT * WHERE { ?s foo:bar ?o }", "the prefix foo: is not declared. Add `PREFIX foo: <…>`"),
    # a local name of one character: Oxigraph says "expected OPTIONAL", not "Prefix not found"
    ("SELECT ?s WHERE { ?s ex:p ?o }", "at 1:22 the prefix ex: is not declared. Add `PREFIX ex: <…>`"),
    ("SELECT ?s WHERE { skos:x ?p ?o }", "at 1:19 the prefix skos: is not declared. Add `PREFIX skos: "
                                         "<http://www.w3.org/2004/02/skos/core#>`"),
    ('SELECT * WHERE { ?s ?p "x"@en , ex:a ?o }', "the prefix ex: is not declared"),  # not the language tag
    # the GeoSPARQL functions' prefix, which no data of ours uses (docs/sparql.md)
    ("SELECT * WHERE { BIND (geof:sfWithin(1, 2) AS ?x) }",
     "the prefix geof: is not declared. Add `PREFIX geof: <http://www.opengis.net/def/function/geosparql/>`"),
])
def test_an_undeclared_prefix_is_named_with_its_declaration(store: ox.Store, query: str, named: str) -> None:
    """Oxigraph's own message for an undeclared prefix is some 500 characters of character classes that never name
    it; researchers forget a PREFIX more often than anything else. A prefix of the project's table gets its line."""
    for refuse in (lambda: run(store, query, SPARQL_JSON.name),
                   lambda: check(query, max_bytes=10_000, allow_service=False)):
        with pytest.raises(MalformedQuery) as refused:
            refuse()
        assert named in refused.value.message and "\\u{" not in refused.value.message, refused.value.message


def test_a_query_with_base_resolves_its_relative_iris(store: ox.Store) -> None:
    body = run(store, "BASE <http://example.org/> SELECT ?y WHERE { BIND(<rel> AS ?y) }", SPARQL_JSON.name)
    assert json.loads(body)["results"]["bindings"][0]["y"]["value"] == "http://example.org/rel"


def test_an_unrelated_syntax_error_gets_no_relative_iri_hint(store: ox.Store) -> None:
    with pytest.raises(MalformedQuery) as refused:
        run(store, "SELECT ?s WHERE { ?s <http://x/p> }", SPARQL_JSON.name)
    assert "relative" not in refused.value.message


@pytest.mark.parametrize(("form", "accept", "expected"), [
    ("GRAPH", "application/json", JSONLD.name),
    ("SELECT", "application/json", SPARQL_JSON.name),
    ("ASK", "application/json", SPARQL_JSON.name),
    ("SELECT", "application/xml", SPARQL_XML.name),
    ("GRAPH", "application/xml", "application/rdf+xml"),
    # a client review: Turtle is TriG of the default graph, N-Triples N-Quads (Comunica asks for N-Quads first)
    ("GRAPH", "application/trig", "text/turtle"),
    ("GRAPH", "application/n-quads,application/trig;q=0.95,text/turtle;q=0.6", "application/n-triples"),
])
def test_plain_json_and_xml_are_answered_for_every_query_form(form: str, accept: str, expected: str) -> None:
    assert choose_format(form, None, accept).name == expected  # type: ignore[arg-type]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv",
                                    "application/sparql-results+xml, application/sparql-results+json;q=0.5"])
def test_a_graph_asked_for_in_a_results_format_comes_in_turtle(accept: str) -> None:
    """A library that sends one Accept for every query form (rdflib's SPARQLStore with returnFormat="json") gets
    its CONSTRUCT in Turtle, which it reads by the Content-Type; it had got a 406."""
    assert choose_format("GRAPH", None, accept).name == "text/turtle"


@pytest.mark.parametrize(("form", "accept"), [("GRAPH", "image/png"), ("SELECT", "text/turtle"), ("ASK", "image/png")])
def test_a_format_of_no_kind_the_form_has_is_still_406(form: str, accept: str) -> None:
    with pytest.raises(NotAcceptable):
        choose_format(form, None, accept)  # type: ignore[arg-type]


def test_an_unknown_format_parameter_is_a_bad_request_and_a_known_one_not_offered_is_406() -> None:
    with pytest.raises(BadRequest, match="format='bogus' is not a format this endpoint knows"):
        choose_format("SELECT", "bogus", None)
    with pytest.raises(NotAcceptable, match="format='csv' is not offered for this query"):
        choose_format("GRAPH", "csv", None)


@pytest.mark.parametrize(("query_string", "form", "expected"), [
    (b"format=json&format=csv", "SELECT", "text/csv"),  # a later format= overrides an earlier one (a link's own)
    (b"format=csv&format=json", "SELECT", "application/sparql-results+json"),
    # SPARQLWrapper's JSON-LD: a word, then a list of media types naming the same format
    (b"format=json-ld&format=application%2Fld%2Bjson%2Capplication%2Fx-json%2Bld", "GRAPH", "application/ld+json"),
    (b"format=n3", "GRAPH", "text/turtle"),
])
def test_every_format_parameter_is_read_the_last_first(query_string: bytes, form: str, expected: str) -> None:
    proto = read_protocol("GET", b"query=ASK%7B%7D&" + query_string, "", b"")
    assert choose_format(form, proto.format, None).name == expected  # type: ignore[arg-type]


def test_a_query_body_saved_with_a_byte_order_mark_is_read_without_it() -> None:
    """A .rq file written by a Windows editor starts with U+FEFF; it is no part of the query (once a 400,
    "expected CONSTRUCT")."""
    proto = read_protocol("POST", b"", "application/sparql-query", "\ufeffASK {}".encode())
    assert proto.query == "ASK {}"


@pytest.mark.parametrize("method, query_string, mimetype, body", [
    ("GET", b"query=%EF%BB%BFASK%20%7B%7D", "", b""),  # SPARQLWrapper or httr with a file read with its BOM
    ("POST", b"", "application/x-www-form-urlencoded", b"query=%EF%BB%BFASK+%7B%7D"),  # curl --data-urlencode query@f
])
def test_a_query_parameter_saved_with_a_byte_order_mark_is_read_without_it(method: str, query_string: bytes,
                                                                           mimetype: str, body: bytes) -> None:
    """The same .rq file sent as the ``query`` parameter, in the URL or a form: the BOM had given a 400 ("at 1:10 …
    a missing term") that named anything but it."""
    assert read_protocol(method, query_string, mimetype, body).query == "ASK {}"


def test_a_construct_s_turtle_spells_our_iris_whole(store: ox.Store) -> None:
    """``id:municipality\\/notodden`` is valid Turtle but no reader's: an IRI under a prefix whose names go on with a
    path is written whole (byregion.prefixes.PATH_PREFIXES)."""
    body = run(store, "CONSTRUCT { <https://data.byregion.no/id/municipality/notodden> ?p ?o } "
                      "WHERE { ?s ?p ?o } LIMIT 1", "text/turtle")
    assert b"<https://data.byregion.no/id/municipality/notodden>" in body and b"\\/" not in body, body


@pytest.mark.parametrize(("query_string", "chosen"), [
    (b"query=ASK%7B%7D&output=xml", "xml"), (b"query=ASK%7B%7D&results=csv", "csv"),
    (b"query=ASK%7B%7D&output=xml&format=json", "json"),  # format= first, as SPARQLWrapper sends all three
    (b"query=ASK%7B%7D&results=csv&output=tsv", "tsv"),
    (b"query=ASK%7B%7D&output=text", None),  # Fuseki's text table, which we do not write: Accept chooses
    (b"query=ASK%7B%7D&output=text&results=csv", "csv"),
])
def test_fusekis_output_parameter_names_the_format_where_format_does_not(query_string: bytes,
                                                                          chosen: str | None) -> None:
    assert read_protocol("GET", query_string, "", b"").format == chosen


def test_a_forms_format_in_the_url_wins_over_output_in_the_body() -> None:
    form = "application/x-www-form-urlencoded"
    assert read_protocol("POST", b"format=json", form, b"query=ASK%7B%7D&output=xml").format == "json"
