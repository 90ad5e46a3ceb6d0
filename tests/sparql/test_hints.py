"""Why a query found nothing, from its own words and the build's vocabulary: a term of a namespace the data use
that no data or ontology of the build has (a typo of a term, a plural), or a namespace of the other scheme."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from byregion.build.vocabulary import tagged, terms
from byregion.sparql.hints import MAX_HINTS, Hint, unknown_terms, untagged_strings, untyped_dates

pytestmark = pytest.mark.fast

BR = "https://data.byregion.no/def/byregion#"
VOCABULARY = frozenset({BR + "membership", BR + "CityRegion", BR + "region", BR + "in-phase", "https://schema.org/name",
                        "http://www.w3.org/2004/02/skos/core#prefLabel"})
PROLOGUE = f"PREFIX br: <{BR}>\nPREFIX schema: <http://schema.org/>\nPREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"


def test_a_misspelt_term_is_named_with_the_terms_it_is_close_to() -> None:
    query = PROLOGUE + "SELECT * WHERE { ?r a br:Cityregion ; br:memberships ?m }"
    assert unknown_terms(query, VOCABULARY) == [Hint("br:Cityregion", ("br:CityRegion", "br:region")),
                                                Hint("br:memberships", ("br:membership",))]


def test_a_namespace_of_the_other_scheme_names_the_one_the_data_use() -> None:
    query = PROLOGUE + "SELECT * WHERE { ?r schema:name ?n . ?r <http://schema.org/name> ?m }"
    assert unknown_terms(query, VOCABULARY) == [Hint("schema:name", namespace="https://schema.org/")]


def test_an_iri_written_whole_is_read_as_the_same_term() -> None:
    query = f"SELECT * WHERE {{ ?r <{BR}membershp> ?m }}"
    assert unknown_terms(query, VOCABULARY) == [Hint(f"<{BR}membershp>", (f"<{BR}membership>",))]


@pytest.mark.parametrize("query", [
    PROLOGUE + "SELECT * WHERE { ?r a br:CityRegion ; skos:prefLabel ?l FILTER (lang(?l) = 'en') }",  # all known
    PROLOGUE + 'SELECT * WHERE { ?r skos:prefLabel "br:memberships"@en . # br:Cityregion\n }',  # string, comment
    "SELECT * WHERE { ?r <https://example.org/own#thing> ?o }",  # a namespace the data do not use
    "SELECT * WHERE { ?r ex:thing ?o }",  # undeclared: the engine refuses it
    PROLOGUE + "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\nSELECT * WHERE { ?r br:membership ?m "
               'FILTER (xsd:double(?m) > "1"^^xsd:decimalx) }',  # a cast, a literal's datatype
    PROLOGUE + 'SELECT * WHERE { ?s ?p "\\u0022 br:memberships" }',  # a string to one reading of the escapes
])
def test_nothing_is_said_of_known_terms_strings_comments_or_other_namespaces(query: str) -> None:
    assert unknown_terms(query, VOCABULARY) == []


@pytest.mark.parametrize("query", [
    PROLOGUE + "SELECT * WHERE { ?r a br:CityRegion. ?r br:membership ?m. }",  # the statement's dot, no space
    PROLOGUE + "SELECT * WHERE { ?r br:memb\\u0065rship ?m }",  # a codepoint escape
    PROLOGUE + "SELECT * WHERE { ?r br:in\\-phase ?m }",  # PN_LOCAL_ESC: br:in-phase
])
def test_a_term_written_another_way_the_grammar_allows_is_known(query: str) -> None:
    assert unknown_terms(query, VOCABULARY) == []


def test_a_declaration_in_a_comment_or_a_string_is_none() -> None:
    query = PROLOGUE + '# PREFIX br: <http://example.org/x#>\nSELECT * WHERE { ?r br:memberships "PREFIX br: <x:>" }'
    assert unknown_terms(query, VOCABULARY) == [Hint("br:memberships", ("br:membership",))]


def test_a_query_of_many_unknown_terms_gets_a_bounded_answer() -> None:
    body = " ".join(f"?r br:membershi{'x' * n} ?o{n} ." for n in range(1, 700))
    hints = unknown_terms(PROLOGUE + "SELECT * WHERE { " + body + " }", VOCABULARY)
    assert len(hints) == MAX_HINTS


def test_a_build_without_a_vocabulary_says_nothing() -> None:
    assert unknown_terms(PROLOGUE + "SELECT * WHERE { ?r br:memberships ?m }", frozenset()) == []


def test_the_vocabulary_is_what_the_data_use_and_the_ontology_defines() -> None:
    store = ox.Store()
    graph = ox.NamedNode("https://data.byregion.no/graph/x")
    region, kind = ox.NamedNode("https://data.byregion.no/id/region/x"), ox.NamedNode(BR + "CityRegion")
    store.add(ox.Quad(region, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), kind, graph))
    store.add(ox.Quad(ox.NamedNode(BR + "inferred"), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"),
                      ox.NamedNode(BR[:-1]), graph))
    store.add(ox.Quad(region, ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
                      ox.Literal("X", language="nb"), graph))
    store.add(ox.Quad(kind, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf"),
                      ox.NamedNode("https://schema.org/AdministrativeArea"), graph))  # an object of a term's kind
    store.add(ox.Quad(region, ox.NamedNode("https://schema.org/name"), ox.Literal("X"), graph))
    store.add(ox.Quad(region, ox.NamedNode(BR + "county"), ox.NamedNode("https://data.byregion.no/id/county/x"),
                      graph))  # an object that is a thing of the data, not a term
    assert set(terms(store)) == {"http://www.w3.org/1999/02/22-rdf-syntax-ns#type", BR + "CityRegion",
                                 "http://www.w3.org/2000/01/rdf-schema#isDefinedBy", BR + "inferred",
                                 "http://www.w3.org/2004/02/skos/core#prefLabel",
                                 "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",  # a literal's datatype
                                 "http://www.w3.org/2000/01/rdf-schema#subClassOf", BR + "county",
                                 "https://schema.org/name", "http://www.w3.org/2001/XMLSchema#string",
                                 "https://schema.org/AdministrativeArea"}  # an object in a namespace of the terms


DATED = VOCABULARY | {"http://www.w3.org/2001/XMLSchema#date"}
SCHEMA_PROLOGUE = "PREFIX schema: <https://schema.org/>\n"


@pytest.mark.parametrize(("comparison", "typed"), [
    ('?from > "2019-12-31"', '"2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ("'2019-12-31' <= ?from", "'2019-12-31'^^<http://www.w3.org/2001/XMLSchema#date>"),
    ('?from != "2019-12-31"', '"2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
    ('?from >= "2019-12-31" && ?from = "2019-12-31"', '"2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date>'),
])
def test_a_date_compared_as_a_plain_string_is_named_with_the_literal_meant(comparison: str, typed: str) -> None:
    """A researcher's review: ``FILTER (?from > "2019-12-31")`` found nothing and said nothing, where every date of
    the data is an xsd:date (SPARQL compares no date with a string: the filter is false for every row)."""
    query = SCHEMA_PROLOGUE + f"SELECT ?n WHERE {{ ?n schema:validFrom ?from FILTER ({comparison}) }}"
    assert untyped_dates(query, DATED) == [Hint(typed.split("^^")[0], typed=typed)]


def test_the_literal_meant_is_written_with_the_querys_own_prefix_for_xml_schema() -> None:
    query = ("PREFIX x: <http://www.w3.org/2001/XMLSchema#>\n" + SCHEMA_PROLOGUE
             + 'SELECT ?n WHERE { ?n schema:validFrom ?from FILTER (?from < "2020-01-01") }')
    assert untyped_dates(query, DATED) == [Hint('"2020-01-01"', typed='"2020-01-01"^^x:date')]


@pytest.mark.parametrize("query", [
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:validFrom ?f FILTER (?f > "2019-12-31"^^xsd:date) }',  # typed
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:name ?f FILTER (?f = "2019-12-31"@nb) }',  # a language tag
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:validFrom ?f FILTER (?f IN ("2019-12-31")) }',  # a list
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:name ?f FILTER (?f > "Notodden") }',  # no date
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:name ?f FILTER (CONTAINS(?f, "2019-12-31")) }',  # no comparison
    # a string compared with a string: a call's result (a review: the hint's advice made such a query find nothing)
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:validFrom ?f FILTER (STR(?f) = "2099-01-01") }',
    SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:validFrom ?f FILTER ("2099-01-01" <= SUBSTR(STR(?f), 1, 10)) }',
])
def test_nothing_is_said_of_typed_tagged_listed_or_other_strings(query: str) -> None:
    assert untyped_dates(query, DATED) == []


def test_nothing_is_said_where_the_data_have_no_dates() -> None:
    query = SCHEMA_PROLOGUE + 'SELECT * WHERE { ?n schema:validFrom ?f FILTER (?f > "2019-12-31") }'
    assert untyped_dates(query, VOCABULARY) == []


SKOS_PROLOGUE = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
TAGGED = {"http://www.w3.org/2004/02/skos/core#prefLabel": ("nb", "en", "se", "sma")}
MEANT = ('"Notodden"@nb', '"Notodden"@en', '"Notodden"@se')  # the most used languages first, three at most


@pytest.mark.parametrize("pattern", [
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" }',
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden". }',
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" ; a ?kind }',
    'SELECT ?r WHERE { ?r <http://www.w3.org/2004/02/skos/core#prefLabel> "Notodden" }',
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (?l = "Notodden") }',
    'SELECT ?r WHERE { ?r skos:prefLabel $l FILTER ("Notodden" = $l) }',
    # a diff review: as the lexer gives them, "?l." with its statement's dot, and an object before a keyword
    'SELECT ?r WHERE { ?r skos:prefLabel ?l. FILTER (?l = "Notodden") }',
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" FILTER (true) }',
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" OPTIONAL { ?r a ?kind } }',
    'SELECT ?r WHERE { ?r skos:altLabel [ skos:prefLabel "Notodden" ] }',
])
def test_a_string_without_the_language_tag_every_value_of_its_property_has_is_named(pattern: str) -> None:
    """A researcher's review: ``?r skos:prefLabel "Notodden"`` found nothing and the page said nothing, where the data
    hold ``"Notodden"@nb``: in RDF the two are different terms, and SPARQL matches terms."""
    assert untagged_strings(SKOS_PROLOGUE + pattern, TAGGED) == [Hint('"Notodden"', tagged=MEANT)]


@pytest.mark.parametrize("pattern", [
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden"@nb }',  # tagged
    'SELECT ?r WHERE { ?r skos:prefLabel "Notodden"^^xsd:string }',  # a datatype: the writer meant it
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (str(?l) = "Notodden") }',  # the text alone: it matches
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (?l <= "Notodden") }',  # an order, not a match
    # != is true of every tagged value: it never empties an answer (a diff review: the hint blamed it)
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (?l != "Notodden" && "Notodden" != ?l) }',
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (?l == "Notodden") }',  # SQL's ==, which its own message names
    'SELECT ?r WHERE { ?r skos:notation "0807" }',  # a property whose values are plain
    'SELECT ?r WHERE { ?r skos:prefLabel ?l . ?r skos:notation ?n FILTER (?n = "0807") }',  # another variable
    'SELECT ?r WHERE { ?r ex:prefLabel "Notodden" }',  # undeclared prefix: the engine refuses the query
    'SELECT ?r WHERE { ?r skos:prefLabel ?l FILTER (CONTAINS(?l, "Notodden")) }',  # a function: it takes tags
    'SELECT ?r WHERE { ?r skos:prefLabel ?l # skos:prefLabel "Notodden"\n }',  # a comment
])
def test_nothing_is_said_of_tagged_typed_or_text_compared_strings(pattern: str) -> None:
    assert untagged_strings(SKOS_PROLOGUE + pattern, TAGGED) == []


def test_nothing_is_said_where_the_build_recorded_no_tagged_properties() -> None:
    assert untagged_strings(SKOS_PROLOGUE + 'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" }', {}) == []


def test_the_tagged_properties_are_those_whose_every_literal_has_a_language() -> None:
    store = ox.Store()
    graph = ox.NamedNode("https://data.byregion.no/graph/x")
    label, name = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"), ox.NamedNode("https://schema.org/name")
    for n, language in enumerate(("nb", "nb", "en", "se")):
        store.add(ox.Quad(ox.NamedNode(f"https://data.byregion.no/id/x{n}"), label, ox.Literal("X", language=language),
                          graph))
    store.add(ox.Quad(ox.NamedNode("https://data.byregion.no/id/x0"), name, ox.Literal("X", language="nb"), graph))
    store.add(ox.Quad(ox.NamedNode("https://data.byregion.no/id/x1"), name, ox.Literal("X"), graph))  # one plain
    assert tagged(store) == {str(label.value): ["nb", "en", "se"]}  # the most used first, then by name
