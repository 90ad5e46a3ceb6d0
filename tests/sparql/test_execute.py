"""Native execution with the row cap, and the worker pool that really stops long queries."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pyoxigraph as ox
import pytest

from byregion.sparql import EngineError, MalformedQuery, QueryFailed, QueryTimeout
from byregion.sparql.execute import Job, run_on_store
from byregion.sparql.frames import JOB, decode_job, encode_job
from byregion.sparql.guards import check
from byregion.sparql.pool import WorkerPool

pytestmark = pytest.mark.fast

N = 300


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("store") / "store"
    store = ox.Store(str(path))
    lines = [f'<http://x/s{i}> <http://x/p> "line one\\nline\\ttwo {i}"@nb <http://x/g{i % 3}> .\n' for i in range(N)]
    store.bulk_load("".join(lines).encode(), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return path


def job(query: str, media_type: str, max_rows: int) -> Job:
    checked = check(query, max_bytes=10_000, allow_service=False)
    return Job(checked.text, checked.form, media_type, max_rows, limit=checked.limit)


def test_select_is_capped_and_flagged_and_the_kept_rows_are_intact(store_path: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    full = run_on_store(store, job(query, "application/sparql-results+json", N + 10))
    capped = run_on_store(store, job(query, "application/sparql-results+json", 25))
    full_rows = json.loads(full.body)["results"]["bindings"]
    capped_rows = json.loads(capped.body)["results"]["bindings"]
    assert (full.truncated, len(full_rows)) == (False, N)
    assert (capped.truncated, capped.rows, capped_rows) == (True, 25, full_rows[:25])
    # literals with newlines and tabs survive the TSV hop unchanged
    assert capped_rows[0]["o"]["value"].startswith("line one\nline\ttwo")


def test_construct_is_capped_in_every_rdf_format(store_path: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    for media_type, fmt in [("text/turtle", ox.RdfFormat.TURTLE), ("application/ld+json", ox.RdfFormat.JSON_LD),
                            ("application/rdf+xml", ox.RdfFormat.RDF_XML),
                            ("application/n-triples", ox.RdfFormat.N_TRIPLES)]:
        result = run_on_store(store, job("CONSTRUCT WHERE { ?s ?p ?o }", media_type, 40))
        assert result.truncated and len(list(ox.parse(result.body, fmt))) == 40, media_type


def test_a_construct_is_a_set_of_triples_even_where_the_engine_repeats_one_with_a_blank_node(tmp_path: Path) -> None:
    """SPARQL 1.1 Query §16.2: the triples of a CONSTRUCT are a set. Oxigraph repeats those that hold a blank node
    of the data (71 of 4,647 lines in one review), and they counted against the row cap; each is written once, and
    the cap counts distinct triples."""
    store = ox.Store()
    store.load(b"_:a <http://x/p> 1 ; <http://x/q> 2 . <http://x/b> <http://x/p> 3 ; <http://x/q> 4 .",
               format=ox.RdfFormat.TURTLE)
    query = "CONSTRUCT { ?s <http://x/seen> 1 } WHERE { ?s ?p ?o }"
    engine = store.query(query)
    assert isinstance(engine, ox.QueryTriples)
    repeated = engine.serialize(format=ox.RdfFormat.N_TRIPLES) or b""
    assert len(repeated.splitlines()) > len(set(repeated.splitlines())), "Oxigraph no longer repeats: simplify"
    for media_type in ("application/n-triples", "text/turtle"):
        result = run_on_store(store, job(query, media_type, 10))
        syntax = ox.RdfFormat.N_TRIPLES if "n-triples" in media_type else ox.RdfFormat.TURTLE
        triples = list(ox.parse(result.body, syntax))
        assert len(triples) == len(set(map(str, triples))) == 2 == result.rows, media_type
    capped = run_on_store(store, job(query, "application/n-triples", 2))  # two distinct triples fill a cap of two
    assert not capped.truncated and capped.rows == 2


@pytest.mark.parametrize(("query", "media_type"), [
    ("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s", "application/sparql-results+json"),
    ("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 100", "application/sparql-results+json"),  # bounded
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle"),
])
def test_rows_past_the_byte_cap_are_cut_and_flagged_as_past_the_row_cap(store_path: Path, query: str,
                                                                        media_type: str) -> None:
    """BYREGION_SPARQL_MAX_RESULT_BYTES: a few rows of long values must not fill a web worker's memory; the rows
    within the bytes (as the engine writes them) are kept whole, the rest cut, and the answer says it was cut."""
    store = ox.Store.read_only(str(store_path))
    whole = run_on_store(store, job(query, media_type, N + 10))
    capped = run_on_store(store, replace(job(query, media_type, N + 10), max_bytes=2_000))
    assert not whole.truncated and capped.truncated and 0 < capped.rows < 100, capped.rows
    if media_type == "text/turtle":
        assert len(list(ox.parse(capped.body, ox.RdfFormat.TURTLE))) == capped.rows
    else:
        kept = json.loads(capped.body)["results"]["bindings"]
        assert kept == json.loads(whole.body)["results"]["bindings"][:len(kept)] and len(kept) == capped.rows


def test_one_triple_past_the_byte_cap_is_cut_too(store_path: Path) -> None:
    """Only a SELECT's header line is kept whatever its size: a CONSTRUCT's first triple is a row like another."""
    store = ox.Store.read_only(str(store_path))
    query = 'CONSTRUCT { <http://x/s> <http://x/p> ?long } WHERE { BIND(CONCAT(' + ", ".join(['"x"'] * 400) + \
        ') AS ?x) BIND(CONCAT(?x, ?x, ?x, ?x, ?x, ?x, ?x, ?x, ?x, ?x) AS ?long) }'
    capped = run_on_store(store, replace(job(query, "application/n-triples", 10), max_bytes=1_000))
    assert capped.truncated and capped.rows == 0 and capped.body == b"", capped


def test_a_bounded_select_past_the_byte_cap_in_its_own_format_is_cut_by_the_bytes_of_its_rows(
        store_path: Path) -> None:
    """A SELECT with its own LIMIT is written straight in its format, and its writer stopped at the cap: then it
    runs again through the cap, which cuts by the bytes of its TSV rows."""
    store = ox.Store.read_only(str(store_path))
    bounded = replace(job("SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 100", "application/sparql-results+xml",
                          N), max_bytes=3_000)
    assert bounded.bounded
    result = run_on_store(store, bounded)
    rows = list(ox.parse_query_results(result.body, ox.QueryResultsFormat.XML))  # type: ignore[arg-type]
    assert result.truncated and 0 < len(rows) == result.rows < 100


def test_protocol_dataset_restricts_the_default_graph(store_path: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    everything = run_on_store(store, job(count, "text/csv", 10))
    one = run_on_store(store, Job(count, "SELECT", "text/csv", 10, default_graphs=("http://x/g0",)))
    assert everything.body.split()[-1] == str(N).encode()
    assert one.body.split()[-1] == str(N // 3).encode()


def test_pool_kills_a_query_at_the_timeout_and_keeps_answering(store_path: Path) -> None:
    pool = WorkerPool(store_path, 2)
    try:
        cheap = job("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "text/csv", 10)
        assert pool.run(cheap, 30).body.split()[-1] == str(N).encode()
        expensive = job("SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f . ?g ?t ?h }", "text/csv", 10)
        started = time.monotonic()
        with pytest.raises(QueryTimeout, match="stopped"):
            pool.run(expensive, 1.0)
        assert time.monotonic() - started < 3
        assert pool.replaced == 1
        assert pool.run(cheap, 30).body.split()[-1] == str(N).encode()
    finally:
        pool.close()


@pytest.mark.parametrize("media_type", ["application/sparql-results+json", "application/sparql-results+xml",
                                        "text/csv", "text/tab-separated-values"])
def test_a_select_bounded_by_its_own_limit_answers_as_through_the_cap(store_path: Path, media_type: str) -> None:
    """A SELECT whose LIMIT is within the cap is written straight in its format: the same answer as the
    capped path's (the job without its limit), and never flagged as cut."""
    store = ox.Store.read_only(str(store_path))
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s LIMIT 30"
    bounded = job(query, media_type, 30)
    assert bounded.bounded and bounded.limit == 30
    direct = run_on_store(store, bounded)
    through_cap = run_on_store(store, Job(bounded.query, "SELECT", media_type, 30))
    assert not direct.truncated and not through_cap.truncated
    if media_type == "text/csv":  # lossy, so no parser reads it back: the same bytes
        assert direct.body == through_cap.body and direct.body.count(b"\r\n") == 31
        return
    fmt = ox.QueryResultsFormat.from_media_type(media_type)
    assert fmt is not None
    rows = [list(s) for s in ox.parse_query_results(direct.body, fmt)]  # type: ignore[union-attr]
    assert rows == [list(s) for s in ox.parse_query_results(through_cap.body, fmt)]  # type: ignore[union-attr]
    assert len(rows) == 30


def test_a_limit_above_the_cap_is_still_cut_at_the_cap(store_path: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    over = job("SELECT ?s WHERE { ?s ?p ?o } LIMIT 200", "application/sparql-results+json", 25)
    assert over.limit == 200 and not over.bounded
    result = run_on_store(store, over)
    assert result.truncated and len(json.loads(result.body)["results"]["bindings"]) == 25


def test_the_query_process_refuses_a_malformed_query_the_guards_left_to_it(store_path: Path) -> None:
    """With ``parse=False`` (the embedded store) the guards read the form from the first keyword and the run
    parses: the same MalformedQuery, with the position, as the guards give."""
    store = ox.Store.read_only(str(store_path))
    text = "SELECT ?s WHERE {\n  ?s ?p \n}"
    checked = check(text, max_bytes=10_000, allow_service=False, parse=False)
    with pytest.raises(MalformedQuery) as from_run:
        run_on_store(store, Job(checked.text, checked.form, "application/sparql-results+json", 10))
    with pytest.raises(MalformedQuery) as from_guards:
        check(text, max_bytes=10_000, allow_service=False)
    assert from_run.value.message == from_guards.value.message and "3:" in from_run.value.message


def test_a_job_whose_form_is_not_the_querys_is_an_error_not_a_wrong_answer(store_path: Path) -> None:
    store = ox.Store.read_only(str(store_path))
    with pytest.raises(EngineError, match="runs as a GRAPH query, but was read as a SELECT"):
        run_on_store(store, Job("CONSTRUCT WHERE { ?s ?p ?o }", "SELECT", "application/sparql-results+json", 10))


def test_a_job_crosses_to_the_query_process_whole() -> None:
    """Every field of a job, the byte cap among them, reaches the query process (byregion.sparql.frames)."""
    sent = replace(job("SELECT * WHERE { ?s ?p ?o } LIMIT 3", "text/csv", 7), default_graphs=("http://x/g1",),
                   max_bytes=1_234)
    encoded = encode_job(sent)
    assert decode_job(encoded[JOB.size:]) == sent


@pytest.mark.parametrize("query", [
    "PREFIX geof: <http://www.opengis.net/def/function/geosparql/> "
    "SELECT (geof:buffer('POINT(1 1)', 1, <http://www.opengis.net/def/uom/OGC/1.0/metre>) AS ?b) {}",
    "SELECT ?s { ?s ?p ?o FILTER(<http://example.org/f>(?o)) }"])
def test_a_function_the_engine_has_not_is_the_clients_400_not_a_failed_store(store_path: Path, query: str) -> None:
    """The client's query names what the engine lacks: a 400 that says which function, where it had been the
    502 of a store that failed (a GIS user's review), also through a query process (the pool names it by class)."""
    store = ox.Store.read_only(str(store_path))
    with pytest.raises(QueryFailed, match="is not supported") as refused:
        run_on_store(store, Job(query, "SELECT", "application/sparql-results+json", 10))
    # it names what a client can fetch (a repository's path, docs/sparql.md, was no URL of the site's: a review)
    assert refused.value.status == 400 and "GET /sparql" in refused.value.message
    assert "sd:extensionFunction" in refused.value.message and "docs/" not in refused.value.message
    pool = WorkerPool(store_path, 1)
    try:
        with pytest.raises(QueryFailed):
            pool.run(Job(query, "SELECT", "application/sparql-results+json", 10), 30)
    finally:
        pool.close()
