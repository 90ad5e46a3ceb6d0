"""The read-only graph store, ``/graph-store``: the W3C SPARQL 1.1 Graph Store HTTP Protocol's GET and HEAD with
indirect identification (§4.2, §5.2, §5.3), as Jena's ``RDFConnection.fetch(graph)``, rdflib and curl use it:
``?graph=<IRI>`` is that named graph's triples, ``?default`` the default graph's (the union of the named graphs),
each sent from the dump file the build wrote, negotiated by ``Accept``, with the dump's validators and ranges.
Refusals say what to send instead. Over real HTTP (``byregion serve``)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

from byregion.build import PublishedBuild
from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over the site fixture's build

STORE = "/graph-store"
NOTODDEN = "https://data.byregion.no/graph/region/notodden"


def fetch(server: Server, query: str, headers: dict[str, str] | None = None, method: str = "GET"
          ) -> requests.Response:
    return requests.request(method, f"{server.url}{STORE}{query}",
                            headers={"Accept-Encoding": "identity", **(headers or {})}, allow_redirects=False,
                            timeout=60)


def of(iri: str) -> str:
    return "?graph=" + quote(iri, safe="")


def named_graphs(build: PublishedBuild) -> dict[str, int]:
    """Every named graph the manifest lists with a dump of its own, and its triples."""
    dumped = {d["graph"] for d in build.manifest["graph_dumps"]}
    return {g["iri"]: int(g["triples"]) for g in build.manifest["graphs"] if g["iri"] in dumped}


def constructed(server: Server, iri: str) -> Graph:
    """The graph as the SPARQL endpoint gives it."""
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
    answer = requests.get(server.url + "/sparql", params={"query": query},
                          headers={"Accept": "application/n-triples"}, timeout=60)
    assert answer.status_code == 200 and "X-Byregion-Truncated" not in answer.headers, iri
    return Graph().parse(data=answer.content, format="nt")


def test_every_named_graph_is_fetched_by_its_iri_as_turtle_by_default(server: Server,
                                                                      site_build: PublishedBuild) -> None:
    graphs = named_graphs(site_build)
    assert len(graphs) >= 2, "the site's build has named graphs with dumps"
    for iri, count in graphs.items():
        answer = fetch(server, of(iri))
        assert answer.status_code == 200, iri
        assert answer.headers["Content-Type"] == "text/turtle; charset=utf-8"
        path = iri.removeprefix(site_build.base_uri + "/graph/")
        assert answer.headers["Content-Location"] == f"/dumps/graph/{path}.ttl"
        assert answer.content == site_build.file(f"dumps/graph/{path}.ttl").read_bytes()
        assert len(Graph().parse(data=answer.content, format="turtle")) == count, iri


def test_a_fetched_graph_is_the_graph_the_sparql_endpoint_constructs(server: Server,
                                                                     site_build: PublishedBuild) -> None:
    """At least the two smallest graphs, compared triple for triple (blank nodes by isomorphism), in both formats."""
    smallest = sorted(named_graphs(site_build).items(), key=lambda item: item[1])[:2]
    for iri, _count in smallest:
        expected = constructed(server, iri)
        assert len(expected) > 0, iri
        turtle = fetch(server, of(iri), {"Accept": "text/turtle"})
        ntriples = fetch(server, of(iri), {"Accept": "application/n-triples"})
        assert ntriples.headers["Content-Type"] == "application/n-triples"
        assert isomorphic(Graph().parse(data=turtle.content, format="turtle"), expected), iri
        assert isomorphic(Graph().parse(data=ntriples.content, format="nt"), expected), iri


def test_accept_chooses_the_format_by_q_values(server: Server) -> None:
    for accept, expected in (("application/n-triples;q=0.9, text/turtle;q=0.5", "application/n-triples"),
                             ("text/turtle;q=0.2, application/n-triples;q=0.3", "application/n-triples"),
                             ("*/*", "text/turtle; charset=utf-8"),
                             ("text/*", "text/turtle; charset=utf-8"),
                             ("application/ld+json;q=1, text/turtle;q=0.1", "text/turtle; charset=utf-8")):
        answer = fetch(server, of(NOTODDEN), {"Accept": accept})
        assert answer.status_code == 200 and answer.headers["Content-Type"] == expected, accept
        assert answer.headers["Vary"] == "Accept, Accept-Encoding", accept


def test_the_default_graph_is_the_union_of_the_named_graphs(server: Server, site_build: PublishedBuild) -> None:
    answer = fetch(server, "?default", {"Accept": "application/n-triples"})
    assert answer.status_code == 200 and answer.headers["Content-Location"] == "/dumps/byregion.nt"
    union = Graph().parse(data=answer.content, format="nt")
    assert len(union) == site_build.info.distinct_triples
    turtle = fetch(server, "?default")
    assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
    assert turtle.headers["Content-Location"] == "/dumps/byregion.ttl"
    for iri in named_graphs(site_build):  # every named graph's triples are in it
        part = Graph().parse(data=fetch(server, of(iri), {"Accept": "application/n-triples"}).content, format="nt")
        assert all(t in union for t in part if not any(term.__class__.__name__ == "BNode" for term in t)), iri


def test_head_is_the_get_without_the_body(server: Server) -> None:
    got, head = fetch(server, of(NOTODDEN)), fetch(server, of(NOTODDEN), method="HEAD")
    assert head.status_code == 200 and head.content == b""
    for name in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Content-Location", "Vary", "Digest"):
        assert head.headers[name] == got.headers[name], name


def test_the_dumps_validators_304_412_and_a_range(server: Server, site_build: PublishedBuild) -> None:
    got = fetch(server, of(NOTODDEN))
    dump = requests.get(server.url + "/dumps/graph/region/notodden.ttl", timeout=30)
    assert got.headers["ETag"] == dump.headers["ETag"] and got.headers["Digest"] == dump.headers["Digest"]
    again = fetch(server, of(NOTODDEN), {"If-None-Match": got.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == got.headers["ETag"] and again.headers["Vary"] == "Accept, Accept-Encoding"
    assert again.headers["Content-Location"] == "/dumps/graph/region/notodden.ttl"
    other = fetch(server, of(NOTODDEN), {"If-None-Match": got.headers["ETag"], "Accept": "application/n-triples"})
    assert other.status_code == 200  # another format is another representation, with its own ETag
    assert fetch(server, of(NOTODDEN), {"If-Match": '"other"'}).status_code == 412
    part = fetch(server, of(NOTODDEN), {"Range": "bytes=0-9"})
    assert part.status_code == 206 and part.content == got.content[:10]
    assert part.headers["Content-Range"] == f"bytes 0-9/{len(got.content)}"


def test_a_client_that_takes_gzip_gets_the_gzip_file_as_a_content_coding(server: Server) -> None:
    packed = fetch(server, of(NOTODDEN), {"Accept-Encoding": "gzip", "Accept": "application/n-triples"})
    plain = fetch(server, of(NOTODDEN), {"Accept": "application/n-triples"})
    assert packed.headers["Content-Encoding"] == "gzip" and packed.headers["Content-Type"] == "application/n-triples"
    assert packed.headers["Content-Location"] == "/dumps/graph/region/notodden.nt"
    assert packed.content == plain.content  # requests undoes the content coding: the plain file's bytes
    assert packed.headers["ETag"] != plain.headers["ETag"]  # another representation
    assert "Content-Encoding" not in plain.headers


def test_a_range_asked_with_gzip_gets_the_whole_file_a_client_can_decode(server: Server) -> None:
    """A range of gzip bytes (bytes 5 to 9 of the .gz) is no body a client can undo the coding of: schemathesis's
    decoder failed on one. With gzip the whole file goes, as a document's does (a server may ignore Range), and no
    ``Accept-Ranges`` offers ranges; without it, the range is the identity file's (above)."""
    whole = fetch(server, of(NOTODDEN), {"Accept-Encoding": "gzip"})
    ranged = fetch(server, of(NOTODDEN), {"Accept-Encoding": "gzip", "Range": "bytes=5-9"})
    assert ranged.status_code == 200 and ranged.headers["Content-Encoding"] == "gzip"
    assert "Content-Range" not in ranged.headers and "Accept-Ranges" not in ranged.headers
    assert ranged.content == whole.content == fetch(server, of(NOTODDEN)).content  # decoded by requests


@pytest.mark.parametrize(("query", "said"), [
    ("", "name the graph to fetch"),
    ("?default&graph=" + quote(NOTODDEN, safe=""), "name two graphs"),
    (of(NOTODDEN) + "&graph=" + quote(NOTODDEN + "x", safe=""), "2 graph= parameters"),
    ("?graph=graph/reference", "must be an absolute IRI"),
    ("?graph=", "must be an absolute IRI"),
    ("?graph=http://a%20b", "must be an absolute IRI"),
    ("?graph=%3C" + quote(NOTODDEN, safe="") + "%3E", "without its angle brackets"),
    ("?graph=%ff%fe%00", "must be an absolute IRI"),
    ("?graph=" + "a" * 1500, "must be an absolute IRI"),
])
def test_a_request_that_names_no_one_graph_is_a_400_saying_what_to_send(server: Server, query: str,
                                                                        said: str) -> None:
    answer = fetch(server, query)
    assert answer.status_code == 400 and said in answer.text, (query[:60], answer.text)
    assert answer.headers["Content-Type"] == "text/plain; charset=utf-8" and "graph=" in answer.text


def test_a_graph_the_build_does_not_have_is_a_404_naming_where_the_graphs_are_listed(server: Server) -> None:
    answer = fetch(server, of("https://data.byregion.no/graph/nowhere"))
    assert answer.status_code == 404 and "GET /sparql" in answer.text and "/.well-known/void" in answer.text
    local = fetch(server, of(server.url + "/graph/region/notodden"))  # the server's host, not the dataset's
    assert local.status_code == 404 and of(NOTODDEN) in local.text
    problem = fetch(server, of("urn:x:nowhere"), {"Accept": "application/problem+json"})
    assert problem.status_code == 404 and problem.json()["status"] == 404
    assert "sd:namedGraph" in problem.json()["detail"]


@pytest.mark.parametrize("accept", ["application/ld+json", "application/rdf+xml", "text/html"])
def test_a_format_no_dump_is_in_is_a_406_naming_those_there_are(server: Server, accept: str) -> None:
    answer = fetch(server, of(NOTODDEN), {"Accept": accept})
    assert answer.status_code == 406, accept
    assert "text/turtle" in answer.text and "application/n-triples" in answer.text


def test_the_default_graph_comes_as_json_ld_too_since_the_build_wrote_that_dump(server: Server) -> None:
    answer = fetch(server, "?default", {"Accept": "application/ld+json"}, method="HEAD")
    assert answer.status_code == 200 and answer.headers["Content-Location"] == "/dumps/byregion.jsonld"
    assert fetch(server, "?default", {"Accept": "application/rdf+xml"}).status_code == 406


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE", "PATCH"])
def test_the_store_is_read_only_other_methods_are_405_with_allow(server: Server, method: str) -> None:
    answer = fetch(server, of(NOTODDEN), method=method)
    assert answer.status_code == 405 and answer.headers["Allow"] == "GET, HEAD, OPTIONS"
    assert "read-only" in answer.text
    options = fetch(server, of(NOTODDEN), method="OPTIONS")
    assert options.status_code == 204 and options.headers["Allow"] == "GET, HEAD, OPTIONS"


def test_hostile_query_strings_are_clean_4xx(server: Server) -> None:
    for query in ("?" + "graph=a&" * 2000, "?graph=" + "%" * 3000, "?default=" + "x" * 10_000, "?%zz&&&==",
                  "?graph=" + quote("https://data.byregion.no/graph/\u00e5\u0000", safe="")):
        answer = fetch(server, query)
        assert 400 <= answer.status_code < 500, (query[:40], answer.status_code)
    too_long = fetch(server, "?graph=" + "a" * server.settings.max_url_length)  # BYREGION_MAX_URL_LENGTH
    assert too_long.status_code == 414
