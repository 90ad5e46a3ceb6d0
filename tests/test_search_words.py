"""How search reads words (byregion.search.text), as a specification: what folds together, what inflections
meet, what a query becomes for SQLite's FTS5 (only ever quoted tokens, whatever is typed), and how the matched
words are marked in the original text, escaped for HTML."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from byregion.search import COLUMNS, kind_token
from byregion.search.index import Kinds
from byregion.search.text import exact_tokens, fold, mark, parse, snippet, stemmed_tokens

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("typed", "written"), [
    ("Bo", "Bø"), ("sor", "Sør"), ("SØR", "sør"), ("Baerum", "Bærum"),
    ("Asnes", "Åsnes"), ("karasjohka", "Kárášjohka"), ("Tromso", "Tromsø"),
    ("Aalesund", "Ålesund"), ("AASNES", "Åsnes"), ("Raade", "Råde"), ("paa", "på"),
])
def test_case_accents_and_norwegian_letters_fold_together(typed: str, written: str) -> None:
    assert fold(typed) == fold(written)


def test_the_exact_spelling_is_kept_beside_the_folded_one() -> None:
    assert exact_tokens("Bø i Telemark") == ["bø", "i", "telemark"]
    assert parse("Bø").terms[0].exact == "bø" and "bo" in parse("Bø").terms[0].forms


@pytest.mark.parametrize(("query", "text", "lang"), [
    ("kommunene", "Befolkning etter kommune", "nb"),
    ("kommune", "Samarbeid mellom kommunene i en region", "nb"),
    ("samarbeidet", "Regionalt samarbeid", "nb"),
    ("regions", "Phase 2 had 37 city region", "en"),
    ("municipality", "the municipalities of the region", "en"),
])
def test_inflected_forms_meet_at_their_stem(query: str, text: str, lang: str) -> None:
    marked = mark(text, parse(query + " "), lang)  # a space after the word: no prefix, the stem alone meets
    assert marked.spans, f"{query!r} does not find {text!r}"


def test_the_last_word_matches_as_a_prefix_while_it_is_typed_and_not_after_a_space() -> None:
    assert mark("Notodden", parse("Notod"), "nb").spans == ((0, 8),)
    assert mark("Notodden", parse("Notod "), "nb").spans == ()
    assert not parse("Notodden samarb").terms[0].prefix and parse("Notodden samarb").terms[1].prefix


def test_a_word_typed_with_a_norwegian_letter_is_begun_as_typed_and_a_whole_word_still_matches_folded() -> None:
    """"bø" begun as "bo" had found "boundaries" in every boundary's English description: 1,212 of the 1,289 results
    for "bø". Typed with its ø, a word is begun as typed; a whole word still meets its folded form both ways."""
    typed = parse("bø")
    assert typed.terms[0].prefix and '"bo"*' not in typed.expression() and '"bø"*' in typed.expression()
    assert mark("not legal boundaries", typed, "en").spans == ()
    assert mark("Bømlo og Bø", typed, "nb").spans == ((0, 5), (9, 11))
    assert mark("Bo og Bodø", parse("bø "), "nb").spans == ((0, 2),)  # the whole word, folded
    assert mark("Bø og Bodø", parse("bo"), "nb").spans == ((0, 2), (6, 10))  # typed without ø: begun folded
    # a longer word is begun folded too: the texts are indexed folded, and "søkn" had found labels alone
    assert '"sokn"*' in parse("søkn").expression() and '"tons"*' in parse("Tøns").expression()
    assert mark("Vi sendte søknaden", parse("søkn"), "nb").spans == ((10, 18),)
    assert '"alesu"*' in parse("Aalesu").expression()  # "aa" is å written otherwise, not a letter folding changes


def test_numbers_are_words_of_their_own_and_are_not_stemmed() -> None:
    assert stemmed_tokens("0807 Notodden", "nb") == ["0807", "notodd"]
    assert mark("Kommunenummer 0807 · 3808", parse("0807 "), None).spans == ((14, 18),)


def test_a_number_a_spreadsheet_shortened_or_the_statistics_bank_wrote_is_read_as_a_kommunenummer() -> None:
    """807 (0807 read as a number) and K-0807 (SSB's statistics bank) find 0807, as the look-ups read them (a data
    scientist's review: no result and no suggestion)."""
    assert "0807" in parse("807").terms[0].forms and mark("0807 Notodden", parse("807 "), None).spans == ((0, 4),)
    assert [t.forms for t in parse("K-0807").terms] == [frozenset({"0807"})]
    assert [t.word for t in parse("K nord").terms] == ["K", "nord"]  # a lone letter before a word stays


def test_function_words_are_dropped_unless_there_is_nothing_else() -> None:
    assert [t.word for t in parse("samarbeid i regionen og med kommunene").terms] == \
        ["samarbeid", "regionen", "kommunene"]
    assert [t.word for t in parse("og").terms] == ["og"]


#: FTS5's own syntax and other things people paste.
HOSTILE = ['"', '""', "*", "* *", "NEAR", "NEAR(a b)", "a NEAR/2 b", "AND", "OR", "NOT", "a OR", "(", ")", "((",
           "{name}: x", "name:x", "^x", "-x", "+x", "x*", '"x"*', "'", "\\", "\x00", "a\x00b", "%", "_", ":",
           "SELECT * FROM things", "'; DROP TABLE things; --", "<script>", "Bø*", "\u202e", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "１２３"]
_EXPRESSION = re.compile(r'^(\("[^"]+"\*?( OR "[^"]+"\*?)*\)( AND \("[^"]+"\*?( OR "[^"]+"\*?)*\))*)?$')


def fts5_table() -> sqlite3.Connection:
    connection = sqlite3.connect(":memory:")
    connection.execute(f"CREATE VIRTUAL TABLE search USING fts5({', '.join(COLUMNS)}, content='', "
                       "tokenize='unicode61 remove_diacritics 0')")
    connection.execute(f"INSERT INTO search (rowid, {', '.join(COLUMNS)}) VALUES (1, 'notodd', 'notodden', '0807', "
                       "'delingskultur', 'telemark')")
    return connection


def run(connection: sqlite3.Connection, typed: str) -> None:
    query = parse(typed)
    expression = query.expression()
    assert _EXPRESSION.match(expression), f"{typed!r} gave {expression!r}, not only quoted tokens"
    if not query.empty:
        connection.execute("SELECT rowid, bm25(search) FROM search WHERE search MATCH ?", (expression,)).fetchall()


@pytest.mark.parametrize("typed", HOSTILE)
def test_what_is_typed_never_reaches_fts5_as_syntax(typed: str) -> None:
    run(fts5_table(), typed)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(['"', "*", "NEAR", "AND", "OR", "NOT", "(", ")", ":", "^", "-", "+",
                                           "{", "}", "Bø", "sør", "0807", " ", "/", "'"]),
                          st.text(max_size=6)), max_size=12).map("".join))
def test_no_text_makes_a_query_fts5_refuses(typed: str) -> None:
    run(fts5_table(), typed)


def test_marked_words_are_the_original_words_and_the_rest_is_escaped() -> None:
    marked = mark('<b>Kommunenes</b> "areal" & kommune-data', parse("kommunene "), "nb")
    assert [marked.text[s:e] for s, e in marked.spans] == ["Kommunenes", "kommune"]
    assert str(marked.html()) == ('&lt;b&gt;<mark>Kommunenes</mark>&lt;/b&gt; &#34;areal&#34; &amp; '
                                  '<mark>kommune</mark>-data')


def test_a_snippet_is_the_passage_around_the_first_match_with_ellipses_where_cut() -> None:
    text = " ".join(f"ord{i}" for i in range(100)) + " delingskultur " + " ".join(f"ord{i}" for i in range(100))
    passage = snippet(text, parse("delingskultur "), "nb")
    assert passage.text.startswith("… ") and passage.text.endswith(" …") and len(passage.text) < 300
    assert [passage.text[s:e] for s, e in passage.spans] == ["delingskultur"]
    whole = snippet("Start tidlig, forankring tar tid", parse("forankring "), "nb")
    assert whole.text == "Start tidlig, forankring tar tid" and whole.spans == ((14, 24),)


def test_the_search_request_path_imports_no_rdflib_no_store_and_no_templates() -> None:
    code = ("import sys; import byregion.serve.search; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'jinja2', 'pyshacl', 'pyoxigraph', "
            "'flask'}); print(','.join(bad))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "", f"the search request path imports {found}"


def test_a_word_is_suggested_the_name_most_like_it_where_one_is_alike_enough() -> None:
    from byregion.search.text import closest, trigram_expression

    assert closest("Notoden", ["Notodden", "Nordkapp", "Notteroy"]) == "Notodden"
    assert closest("samarbeid", ["Sandnes", "Samnanger"]) is None  # not alike enough
    assert closest("Notodden", ["Notodden", "notodden"]) is None  # the word itself is no suggestion
    assert trigram_expression("Bø") is None  # too short to suggest for: "Bø", "Os" are names as they stand
    assert trigram_expression('Kon"g') == '"kon" OR "on""" OR "n""g"'  # quoted, whatever the word holds


@pytest.mark.parametrize(("iri", "token"), [
    ("https://data.byregion.no/def/byregion#Municipality", "municipality"),
    ("https://data.byregion.no/def/byregion#CityRegion", "city-region"),
    ("http://www.w3.org/2004/02/skos/core#ConceptScheme", "concept-scheme"),
    ("http://www.w3.org/ns/dx/prof/Profile", "profile"),
    ("https://data.byregion.no/def/byregion#FollowUp", "follow-up"),
    (None, "untyped"),
])
def test_a_kind_is_asked_for_by_its_class_name_in_lower_case(iri: str | None, token: str) -> None:
    assert kind_token(iri) == token


def test_kinds_of_one_name_in_two_vocabularies_get_tokens_of_their_own() -> None:
    """The ontology's class keeps the plain token; another vocabulary's gets its prefix, an unknown one a number."""
    kinds = Kinds()
    kinds.ids = {"http://www.w3.org/2004/02/skos/core#Concept": 1, "https://data.byregion.no/def/byregion#Concept": 2,
                 "http://example.org/Concept": 3}
    assert kinds.tokens("https://data.byregion.no/def/byregion#") == {
        "https://data.byregion.no/def/byregion#Concept": "concept",
        "http://www.w3.org/2004/02/skos/core#Concept": "skos-concept", "http://example.org/Concept": "concept-3"}
