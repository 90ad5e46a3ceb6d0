"""The SPARQL 1.1 Protocol over real HTTP, on the embedded store and on the remote Oxigraph server.

Answers are checked against rdflib's own evaluation of the same query over the same data, so the
expected values come from an independent engine, not from our code.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
import requests
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, TSV, TURTLE, XML, SPARQLWrapper

from byregion.namespaces import PREFIXES

pytestmark = pytest.mark.slow  # a real build; the endpoint and Oxigraph servers

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote"), .url

PROLOGUE = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if p in {"br", "skos", "schema", "id"})
SELECT = PROLOGUE + """SELECT ?statement ?position WHERE {
  ?statement br:region <https://data.byregion.no/id/region/notodden> ; schema:position ?position .
} ORDER BY ?position"""
ASK_TRUE = PROLOGUE + "ASK { <https://data.byregion.no/id/region/notodden> a br:CityRegion }"
ASK_FALSE = PROLOGUE + "ASK { <https://data.byregion.no/id/region/notodden> a br:Municipality }"
CONSTRUCT = PROLOGUE + "CONSTRUCT { ?item schema:position ?p } WHERE { ?item br:region ?r ; schema:position ?p }"


def expected_rows(dataset: Dataset, query: str) -> list[tuple[str, ...]]:
    return [tuple(str(v) for v in row) for row in dataset.query(query)]  # type: ignore[union-attr]


def expected_graph(dataset: Dataset, query: str) -> Graph:
    return dataset.query(query).graph  # type: ignore[return-value]


@pytest.fixture(scope="module")
def select_rows(dataset: Dataset) -> list[tuple[str, ...]]:
    rows = expected_rows(dataset, SELECT)
    assert len(rows) > 10  # the Notodden region has many statements
    return rows


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_json_by_every_protocol_form(
    endpoint: Endpoint, select_rows: list[tuple[str, ...]], method: str
) -> None:
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(SELECT)
    client.setReturnFormat(JSON)
    client.setMethod("POST" if method != "GET" else "GET")
    if method == "POSTDIRECTLY":
        client.setRequestMethod("postdirectly")
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [(b["statement"]["value"], b["position"]["value"]) for b in bindings] == select_rows


def test_select_xml_csv_tsv(endpoint: Endpoint, select_rows: list[tuple[str, ...]]) -> None:
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(SELECT)
    client.setReturnFormat(XML)
    document = client.queryAndConvert()
    ns = "{http://www.w3.org/2005/sparql-results#}"
    xml_rows = [tuple(b.findtext(f"{ns}uri") or b.findtext(f"{ns}literal") for b in result.iter(f"{ns}binding"))
                for result in document.getroot().iter(f"{ns}result")] if hasattr(document, "getroot") else [
        tuple(b.firstChild.firstChild.data for b in r.getElementsByTagName("binding"))  # type: ignore[attr-defined]
        for r in document.getElementsByTagName("result")]  # type: ignore[attr-defined]
    assert xml_rows == select_rows
    client.setReturnFormat(CSV)
    csv_rows = list(csv.reader(io.StringIO(client.queryAndConvert().decode("utf-8"))))  # type: ignore[union-attr]
    assert csv_rows[0] == ["statement", "position"]
    assert [tuple(r) for r in csv_rows[1:]] == select_rows
    client.setReturnFormat(TSV)
    lines = client.queryAndConvert().decode("utf-8").splitlines()  # type: ignore[union-attr]
    assert lines[0].split("\t") == ["?statement", "?position"]
    assert [tuple(line.split("\t")) for line in lines[1:]] == [(f"<{s}>", p) for s, p in select_rows]


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_ask_in_every_result_format(endpoint: Endpoint, accept: str) -> None:
    for query, answer in [(ASK_TRUE, True), (ASK_FALSE, False)]:
        response = requests.get(endpoint.url, params={"query": query}, headers={"Accept": accept}, timeout=30)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
        if accept.endswith("json"):
            assert response.json()["boolean"] is answer
        else:
            assert str(answer).lower() in response.text.lower()


@pytest.mark.parametrize(("accept", "rdflib_format"), [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
    ("application/n-triples", "nt"), ("application/rdf+xml", "xml"),
])
def test_construct_in_every_rdf_format(endpoint: Endpoint, dataset: Dataset, accept: str, rdflib_format: str) -> None:
    response = requests.post(endpoint.url, data={"query": CONSTRUCT}, headers={"Accept": accept}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(accept)
    got = Graph().parse(data=response.content, format=rdflib_format)
    want = expected_graph(dataset, CONSTRUCT)
    assert len(want) > 5 and set(got) == set(want)


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize(("return_format", "rdflib_format"), [
    (JSONLD, "json-ld"), (N3, "n3"), (TURTLE, "turtle"), (XML, "xml"),
])
def test_sparqlwrapper_gets_a_construct_in_every_format_it_asks_for(
        endpoint: Endpoint, dataset: Dataset, method: str, return_format: str, rdflib_format: str) -> None:
    """SPARQLWrapper's own request (not only conneg): it sends ``format=`` twice, a word and then a list of media
    types (``format=json-ld&format=application/ld+json,application/x-json+ld``), and ``format=n3`` with Accept
    ``text/rdf+n3``. The endpoint answered both with 400, which SPARQLWrapper reports as a malformed query."""
    client = SPARQLWrapper(endpoint.url)
    client.setQuery(CONSTRUCT)
    client.setReturnFormat(return_format)
    client.setMethod(method)
    converted = client.queryAndConvert()
    got = converted if isinstance(converted, Graph) else Graph().parse(data=converted, format=rdflib_format)
    want = expected_graph(dataset, CONSTRUCT)
    assert len(want) > 5 and set(got) == set(want)


def test_blank_nodes_come_back_as_blank_nodes(endpoint: Endpoint, dataset: Dataset) -> None:
    # The ontology's enumerations (owl:oneOf lists) are blank nodes. Virtuoso names them "nodeID://b…" in its
    # JSON results, which is no blank node label: the endpoint answered 502 before it relabelled them.
    query = "SELECT ?class ?list WHERE { ?class <http://www.w3.org/2002/07/owl#oneOf> ?list } ORDER BY ?class"
    response = requests.get(endpoint.url, params={"query": query},
                            headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert response.status_code == 200, response.text
    bindings = response.json()["results"]["bindings"]
    assert [b["class"]["value"] for b in bindings] == [row[0] for row in expected_rows(dataset, query)]
    assert bindings and all(b["list"]["type"] == "bnode" for b in bindings)
    assert len({b["list"]["value"] for b in bindings}) == len(bindings)  # each list its own node


def test_describe_returns_the_resource(endpoint: Endpoint) -> None:
    region = "https://data.byregion.no/id/region/notodden"
    response = requests.get(endpoint.url, params={"query": f"DESCRIBE <{region}>"},
                            headers={"Accept": "text/turtle"}, timeout=30)
    graph = Graph().parse(data=response.text, format="turtle")
    assert (URIRef(region), None, None) in graph


@pytest.mark.parametrize(("param", "ext", "media_type"), [
    ("format", "csv", "text/csv"), ("format", "tsv", "text/tab-separated-values"),
    ("format", "srx", "application/sparql-results+xml"), ("format", "json", "application/sparql-results+json"),
    ("output", "xml", "application/sparql-results+xml"), ("output", "csv", "text/csv"),  # Fuseki's name
    ("results", "tsv", "text/tab-separated-values"),
])
def test_format_parameter_overrides_a_browser_accept(endpoint: Endpoint, param: str, ext: str, media_type: str) -> None:
    response = requests.get(endpoint.url, params={"query": SELECT, param: ext},
                            headers={"Accept": "text/html,*/*;q=0.8"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type)


def test_rdflib_sparqlstore_reads_the_endpoint(endpoint: Endpoint, select_rows: list[tuple[str, ...]]) -> None:
    store = SPARQLStore(endpoint.url, returnFormat="json")
    rows = [tuple(str(v) for v in row) for row in store.query(SELECT)]  # type: ignore[union-attr]
    assert rows == select_rows
    graph = Graph(store=store)
    assert (URIRef("https://data.byregion.no/id/region/notodden"), None, None) in graph


@pytest.mark.parametrize("return_format", ["json", "csv"])
def test_rdflib_sparqlstore_in_a_results_format_reads_a_construct(endpoint: Endpoint, return_format: str) -> None:
    """rdflib sends its results format's Accept for a CONSTRUCT too: the answer is Turtle, which it reads."""
    store = SPARQLStore(endpoint.url, returnFormat=return_format)
    result = store.query("CONSTRUCT { <https://data.byregion.no/id/region/notodden> ?p ?o } "
                         "WHERE { <https://data.byregion.no/id/region/notodden> ?p ?o }")
    assert result.type == "CONSTRUCT" and result.graph is not None and len(result.graph) > 5


def test_rdflib_init_bindings_of_iris_with_a_hash(endpoint: Endpoint) -> None:
    """rdflib's ``initBindings`` adds a ``VALUES`` row of the bound terms: a class of the ontology
    (``…byregion#CityRegion``) beside a region's IRI is a row of two IRIs, which the endpoint answers."""
    store = SPARQLStore(endpoint.url, returnFormat="json")
    region = URIRef("https://data.byregion.no/id/region/notodden")
    kind = URIRef("https://data.byregion.no/def/byregion#CityRegion")
    rows = list(store.query("SELECT ?s ?t WHERE { ?s a ?t }", initBindings={"s": region, "t": kind}))
    assert [(row[0], row[1]) for row in rows] == [(region, kind)]  # type: ignore[index]


def test_default_and_named_graph_uri_choose_the_dataset(endpoint: Endpoint, dataset: Dataset) -> None:
    ontology = "https://data.byregion.no/graph/ontology"
    region = "https://data.byregion.no/graph/region/notodden"
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    only_ontology = requests.get(endpoint.url, params={"query": count, "default-graph-uri": ontology},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert int(only_ontology["results"]["bindings"][0]["n"]["value"]) == len(dataset.graph(URIRef(ontology)))
    named = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    response = requests.post(endpoint.url, data={"query": named, "named-graph-uri": [ontology, region]},
                             headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    assert {b["g"]["value"] for b in response["results"]["bindings"]} == {ontology, region}
    # the same parameters in the URL of a direct POST
    direct = requests.post(endpoint.url, params={"default-graph-uri": region}, data=count.encode(),
                           headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}, timeout=30)
    assert direct.text.split()[-1] == str(len(dataset.graph(URIRef(region))))


def test_cors_is_open(endpoint: Endpoint) -> None:
    preflight = requests.options(endpoint.url, headers={"Origin": "https://example.org",
                                                        "Access-Control-Request-Method": "POST"}, timeout=30)
    assert preflight.status_code in (200, 204)
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    response = requests.get(endpoint.url, params={"query": ASK_TRUE}, headers={"Origin": "https://example.org"},
                            timeout=30)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_a_get_on_the_builds_store_may_be_kept_as_a_document_is(endpoint: Endpoint) -> None:
    """A build never changes, so the answer of a GET on its store may be kept by a browser or a CDN as long as a
    document (a front-end review found nothing to keep it by); a POST's may not, nor a remote store's, whose data
    may change under the same query."""
    for accept in ("application/sparql-results+json", "text/html;q=0.1, application/sparql-results+json"):
        got = requests.get(endpoint.url, params={"query": ASK_TRUE}, headers={"Accept": accept}, timeout=30)
        assert got.status_code == 200
        assert got.headers.get("Cache-Control") == ("public, max-age=300" if endpoint.kind == "embedded" else None)
    posted = requests.post(endpoint.url, data={"query": ASK_TRUE}, timeout=30,
                           headers={"Accept": "application/sparql-results+json"})
    assert posted.status_code == 200 and "Cache-Control" not in posted.headers
    fresh = requests.get(endpoint.url, params={"query": "SELECT (RAND() AS ?r) WHERE {}"}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"})
    assert fresh.status_code == 200 and "Cache-Control" not in fresh.headers  # a new answer at every run


@pytest.mark.parametrize(("name", "send", "status"), [
    ("wrong method", lambda url: requests.put(url, data="ASK {}", timeout=30), 405),
    ("two queries", lambda url: requests.get(url, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=30), 400),
    ("query in URL and body", lambda url: requests.post(url + "?query=ASK%7B%7D", data={"query": "ASK {}"},
                                                        timeout=30), 400),
    ("wrong content type", lambda url: requests.post(url, data="ASK {}", headers={"Content-Type": "text/plain"},
                                                     timeout=30), 415),
    ("missing content type", lambda url: requests.post(url, data=b"ASK {}", timeout=30), 415),
    ("non-UTF-8 direct body", lambda url: requests.post(
        url, data='SELECT * WHERE { ?s ?p "blåbær" }'.encode("latin-1"),
        headers={"Content-Type": "application/sparql-query"}, timeout=30), 400),
    ("non-UTF-8 form body", lambda url: requests.post(
        url, data=b"query=ASK%7B%22bl%E5%22%7D", headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30), 400),
    ("update parameter", lambda url: requests.post(url, data={"update": "CLEAR ALL"}, timeout=30), 400),
    ("sparql-update body", lambda url: requests.post(url, data="CLEAR ALL", timeout=30,
                                                     headers={"Content-Type": "application/sparql-update"}), 400),
    ("POST without query", lambda url: requests.post(url, data={"default-graph-uri": "http://g"}, timeout=30), 400),
    ("unacceptable format", lambda url: requests.get(url, params={"query": "ASK {}"},
                                                     headers={"Accept": "image/png"}, timeout=30), 406),
    ("unknown format parameter", lambda url: requests.get(url, params={"query": "ASK {}", "format": "bogus"},
                                                          timeout=30), 400),
    ("format parameter not offered for the form", lambda url: requests.get(
        url, params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "csv"}, timeout=30), 406),
])
def test_protocol_negative_cases(endpoint: Endpoint, name: str, send, status: int) -> None:  # type: ignore[no-untyped-def]
    response = send(endpoint.url)
    assert response.status_code == status, (name, response.text)
    assert "Traceback" not in response.text


def test_a_relative_iri_is_resolved_against_the_endpoint(endpoint: Endpoint) -> None:
    """The W3C protocol test ``query_content_type_construct``, as its manifest sends it: a query with relative
    IRIs and no ``BASE`` is answered, its IRIs resolved against the endpoint's own (SPARQL 1.1 Query §4.1.1, RFC
    3986 §5.1.3: the base of what was retrieved from it), as Oxigraph server and Jena do; it was refused."""
    response = requests.post(endpoint.url, params={"default-graph-uri": "https://data.byregion.no/graph/themes"},
                             data="CONSTRUCT { <s> <p> 1 } WHERE {}", timeout=30,
                             headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"})
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.text, format="turtle")
    assert set(graph) == {(URIRef("https://data.byregion.no/s"), URIRef("https://data.byregion.no/p"), Literal(1))}
    asked = requests.get(endpoint.url, params={"query": "ASK { <id/region/notodden> ?p ?o }"}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"})
    assert asked.status_code == 200 and asked.json()["boolean"] is True


def test_plain_json_asked_of_a_construct_gets_json_ld(endpoint: Endpoint, dataset: Dataset) -> None:
    response = requests.get(endpoint.url, params={"query": CONSTRUCT}, headers={"Accept": "application/json"},
                            timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("application/ld+json")
    assert set(Graph().parse(data=response.text, format="json-ld")) == set(expected_graph(dataset, CONSTRUCT))


def test_csv_quotes_what_rfc_4180_asks_and_reads_back(endpoint: Endpoint) -> None:
    query = 'SELECT ?iri ?text WHERE { BIND(IRI("http://example.org/a,b") AS ?iri) BIND("x,\\"y\\"" AS ?text) }'
    response = requests.get(endpoint.url, params={"query": query}, headers={"Accept": "text/csv"}, timeout=30)
    rows = list(csv.reader(io.StringIO(response.text, newline="")))
    assert rows == [["iri", "text"], ["http://example.org/a,b", 'x,"y"']]


def test_non_ascii_text_round_trips(endpoint: Endpoint) -> None:
    query = 'SELECT ?x WHERE { BIND ("Næringsliv og bærekraft – Notodden"@nb AS ?x) }'
    body = requests.post(endpoint.url, data=query.encode("utf-8"), timeout=30,
                         headers={"Content-Type": "application/sparql-query",
                                  "Accept": "application/sparql-results+json"}).json()
    value = body["results"]["bindings"][0]["x"]
    assert Literal(value["value"], lang=value["xml:lang"]) == Literal("Næringsliv og bærekraft – Notodden", lang="nb")
    assert json.dumps(body)  # well-formed JSON
