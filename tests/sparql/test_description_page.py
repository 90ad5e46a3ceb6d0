"""Service description for RDF clients, the query page for browsers, and its local assets."""

from __future__ import annotations

import http.client
import re
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF

from byregion.build import open_current
from byregion.docstore import FILE, DocumentStore
from byregion.mediatypes import RDF_TYPES
from byregion.namespaces import PREFIXES, SD, VOID
from byregion.paths import SERVICE_DESCRIPTION
from byregion.sparql.examples import EXAMPLES

pytestmark = pytest.mark.slow  # a real build; the endpoint and Oxigraph servers

Endpoint = Any


def test_service_description_lists_the_named_graphs_of_the_build(endpoint: Endpoint, build_dir: Any) -> None:
    response = requests.get(endpoint.url, headers={"Accept": "text/turtle"}, timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/turtle")
    g = Graph().parse(data=response.text, format="turtle")
    service = g.value(predicate=RDF.type, object=SD.Service)
    assert service == URIRef("https://data.byregion.no/sparql")
    assert (service, SD.feature, SD.UnionDefaultGraph) in g
    assert (service, SD.resultFormat, URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in g
    names = {str(o) for o in g.objects(None, SD.name)}
    manifest = open_current(build_dir).manifest
    assert names == {entry["iri"] for entry in manifest["graphs"]}
    assert {"https://data.byregion.no/graph/ontology", "https://data.byregion.no/graph/themes",
            "https://data.byregion.no/graph/region/notodden"} <= names
    sizes = {int(o) for o in g.objects(None, VOID.triples)}
    assert {entry["triples"] for entry in manifest["graphs"]} <= sizes
    for named in g.subjects(RDF.type, SD.NamedGraph):  # each says what it holds, in both languages
        assert {t.language for t in g.objects(g.value(named, SD.graph), DCTERMS.title)} == {"nb", "en"}, named
    # the default graph is the union of the named graphs: each triple once, the figure VoID gives the dataset (as
    # many as the quads, since no triple of the build is in two graphs: tests/test_build.py)
    default = g.value(g.value(service, SD.defaultDataset), SD.defaultGraph)
    assert int(g.value(default, VOID.triples)) == manifest["void"]["triples"] <= manifest["triples"]


@pytest.mark.parametrize("accept", [None, "*/*"])
def test_a_client_naming_no_type_gets_the_service_description_in_rdf(endpoint: Endpoint,
                                                                       accept: str | None) -> None:
    """SPARQL 1.1 Service Description §2: the endpoint's URL, dereferenced, gives its description in RDF."""
    url = urlsplit(endpoint.url)
    connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:  # http.client sends no Accept unless told (requests would send */*)
        connection.request("GET", url.path, headers={"Accept": accept} if accept else {})
        response = connection.getresponse()
        status, content_type, body = response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()
    assert status == 200 and content_type.startswith("text/turtle")
    assert (None, RDF.type, SD.Service) in Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize(("params", "accept", "status", "media_type"), [
    ({"format": "json"}, None, 200, "application/ld+json"),  # format= reads as for a CONSTRUCT's results
    ({}, "application/json", 200, "application/ld+json"),
    ({"format": "xml"}, None, 200, "application/rdf+xml"),
    ({"format": "bogus"}, None, 400, "text/plain"),
    ({"format": "csv"}, None, 406, "text/plain"),  # a format of SELECT results, not of a description
    ({}, "image/png", 406, "text/plain"),
])
def test_the_service_description_reads_format_and_accept_as_queries_do(
        endpoint: Endpoint, params: dict[str, str], accept: str | None, status: int, media_type: str) -> None:
    response = requests.get(endpoint.url, params=params, headers={"Accept": accept} if accept else {}, timeout=30)
    assert response.status_code == status and response.headers["Content-Type"].startswith(media_type), response.text
    if status == 200:
        rdflib_format = {"application/ld+json": "json-ld", "application/rdf+xml": "xml"}[media_type]
        assert (None, RDF.type, SD.Service) in Graph().parse(data=response.content, format=rdflib_format)
    else:
        assert "The service description comes as" in response.text


@pytest.mark.parametrize("media_type", ["text/turtle", "application/ld+json", "application/n-triples",
                                        "application/rdf+xml"])
def test_the_service_description_is_rendered_with_the_build_and_revalidates(endpoint: Endpoint, build_dir: Any,
                                                                            media_type: str) -> None:
    """Nothing of it is worked out per request: the body is the build's document, byte for byte, with its ETag, so
    a harvester that polls the endpoint's description gets a 304 until a build changes it."""
    store = DocumentStore(open_current(build_dir).path / FILE)
    try:
        stored = store.get(SERVICE_DESCRIPTION, next(m for m in RDF_TYPES if m.name == media_type).extension)
    finally:
        store.close()
    assert stored is not None
    plain = {"Accept": media_type, "Accept-Encoding": "identity"}
    response = requests.get(endpoint.url, headers=plain, timeout=30)
    assert response.status_code == 200 and response.content == stored.body
    assert response.headers["ETag"] == stored.etag and "Last-Modified" in response.headers
    assert response.headers["Vary"].startswith("Accept, Accept-Language, Cookie")  # a browser gets the page
    again = requests.get(endpoint.url, headers={**plain, "If-None-Match": response.headers["ETag"]}, timeout=30)
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == response.headers["ETag"]
    head = requests.head(endpoint.url, headers=plain, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Length"] == str(len(stored.body))
    if stored.gzip is not None:
        packed = requests.get(endpoint.url, headers={"Accept": media_type, "Accept-Encoding": "gzip"}, stream=True,
                              timeout=30)
        assert packed.headers["Content-Encoding"] == "gzip" and packed.raw.read() == stored.gzip


def test_service_description_in_json_ld(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, headers={"Accept": "application/ld+json"}, timeout=30)
    g = Graph().parse(data=response.text, format="json-ld")
    assert (None, RDF.type, SD.Service) in g


def test_browser_gets_the_query_page_with_examples_prefixes_and_local_assets(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
                            timeout=30)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith("text/html")
    html = response.text
    assert '<textarea id="query" name="query"' in html
    assert len(EXAMPLES) >= 12 and all(f'id="example-{e.slug}"' in html for e in EXAMPLES)
    assert all(f"<code>{p}:</code>" in html for p in PREFIXES)
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', html)
    assert assets and all(a.startswith("/static/") for a in assets)  # served locally, never from a CDN
    for asset in assets:
        assert requests.get(urljoin(endpoint.base, asset), timeout=30).status_code == 200


def test_page_shows_results_with_clickable_iris_and_download_links(endpoint: Endpoint) -> None:
    """Our IRIs are linked on the host the page is read on, as every page links them (other IRIs as they are); a
    text in a language is marked with it, its tag shown after it."""
    query = ("SELECT ?region ?name ?elsewhere WHERE { ?region a <https://data.byregion.no/def/byregion#CityRegion> ; "
             "<http://www.w3.org/2004/02/skos/core#prefLabel> ?name FILTER(LANG(?name) = 'nb') "
             "BIND(<http://www.wikidata.org/entity/Q26525> AS ?elsewhere) }")
    html = requests.get(endpoint.url, params={"query": query, "lang": "en"}, headers={"Accept": "text/html"},
                        timeout=30).text
    assert '<a href="/doc/region/notodden?lang=en">id:region/notodden</a>' in html  # its page in the reader's language
    assert '<a href="http://www.wikidata.org/entity/Q26525">wd:Q26525</a>' in html
    # the tag set apart by a space, so a screen reader does not read "Notodden@nb" as one word
    assert '<td title="rdf:langString" lang="nb">Notodden<span class="meta" translate="no"> @nb</span></td>' in html
    # each saved under a name of its format (a bare ``download`` had saved JSON, XML and TSV as "sparql")
    downloads = re.findall(r'<a href="(/sparql\?[^"]+)" type="([^"]+)" download="([^"]+)">', html)
    assert {(t, name) for _, t, name in downloads} == {
        ("application/sparql-results+json", "results.srj"), ("application/sparql-results+xml", "results.srx"),
        ("text/csv", "results.csv"), ("text/tab-separated-values", "results.tsv")}
    for href, media_type, _ in downloads:
        got = requests.get(urljoin(endpoint.base, href.replace("&amp;", "&")), timeout=30)
        assert got.status_code == 200 and got.headers["Content-Type"].startswith(media_type)
        assert "notodden" in got.text


def test_page_links_no_iri_of_a_scheme_that_runs_or_carries_content(endpoint: Endpoint) -> None:
    """A query may bind any IRI: one that is no http(s) link (``javascript:``, ``data:``) is shown, not linked,
    so that following it cannot run it (only the Content-Security-Policy had stopped it; a security review)."""
    query = ('SELECT ?x WHERE { VALUES ?x { <javascript:alert(1)> <data:text/html,hi> <JAVASCRIPT:x> '
             '<https://example.org/a> } }')
    html = requests.get(endpoint.url, params={"query": query}, headers={"Accept": "text/html"}, timeout=30).text
    assert '<a href="https://example.org/a">' in html
    assert not re.search(r'href="(?i:javascript|data):', html), re.findall(r'href="[^"]*"', html)
    assert "javascript:alert(1)" in html  # shown as text


@pytest.mark.parametrize(("values", "lang", "said"), [("1", "en", "1 row"), ("1 2", "en", "2 rows"),
                                                       ("1", "nb", "1 rad"), ("1 2", "nb", "2 rader")])
def test_page_counts_its_rows_in_the_readers_grammar(endpoint: Endpoint, values: str, lang: str, said: str) -> None:
    html = requests.get(endpoint.url, params={"query": f"SELECT ?x WHERE {{ VALUES ?x {{ {values} }} }}", "lang": lang},
                        headers={"Accept": "text/html"}, timeout=30).text
    assert f'<p id="row-count">{said}</p>' in html


def test_page_explains_a_refused_query(endpoint: Endpoint) -> None:
    response = requests.get(endpoint.url, params={"query": "SELECT * WHERE { ?s ?p }"},
                            headers={"Accept": "text/html"}, timeout=30)
    assert response.status_code == 400 and 'id="sparql-error"' in response.text
    # the endpoint's messages are English, so marked on the Norwegian page too (WCAG 3.1.2, language of parts)
    norwegian = requests.get(endpoint.url, params={"query": "SELECT * WHERE { ?s ?p }", "lang": "nb"},
                             headers={"Accept": "text/html"}, timeout=30).text
    assert '<pre id="sparql-error" lang="en">' in norwegian and "Spørringen kunne ikke besvares" in norwegian


def test_an_empty_answer_names_the_terms_the_data_do_not_have(endpoint: Endpoint) -> None:
    """A researcher's typo (``br:memberships``) or ``http://schema.org/`` found nothing and said nothing; the page
    names each such term, with the close ones of the build's vocabulary, under an empty answer only."""
    query = ("PREFIX br: <https://data.byregion.no/def/byregion#>\nPREFIX schema: <http://schema.org/>\n"
             "SELECT * WHERE { ?r a br:CityRegion ; br:memberships ?m ; schema:name ?n }")
    html = requests.get(endpoint.url, params={"query": query, "lang": "en"}, headers={"Accept": "text/html"},
                        timeout=30).text
    assert '<p id="row-count">0 rows</p>' in html and 'id="hints"' in html
    assert "<code>br:memberships</code>: no term the data use or the ontology defines; did you mean " \
           "<code>br:membership</code>, <code>br:MembershipRoles</code>?" in html  # the closest first
    assert "<code>schema:name</code>: the data use <code>https://schema.org/</code>" in html
    assert "<code>br:CityRegion</code>:" not in html  # a term of the ontology
    found = requests.get(endpoint.url, headers={"Accept": "text/html"}, timeout=30, params={
        "query": "PREFIX br: <https://data.byregion.no/def/byregion#>\nSELECT * WHERE { ?r a br:CityRegion ; "
                 "br:nothing ?x } LIMIT 1"}).text
    assert 'id="hints"' in found  # nothing found: br:nothing is named
    answered = requests.get(endpoint.url, headers={"Accept": "text/html"}, timeout=30, params={
        "query": "PREFIX br: <https://data.byregion.no/def/byregion#>\nSELECT * WHERE { ?r a br:CityRegion "
                 "OPTIONAL { ?r br:nothing ?x } } LIMIT 1"}).text
    assert 'id="hints"' not in answered  # an answer with rows is left as it is


def first_hint(endpoint: Endpoint, query: str, lang: str) -> str:
    """The first item of the hints the query page gives under ``query``'s answer, which must be empty."""
    html = requests.get(endpoint.url, params={"query": query, "lang": lang}, headers={"Accept": "text/html"},
                        timeout=30).text
    assert '<p id="row-count">0 ' in html and 'id="hints"' in html
    return html.split('id="hints"', 1)[1].split("</li>", 1)[0]


def test_an_empty_answer_names_a_date_compared_as_a_plain_string(endpoint: Endpoint) -> None:
    """A researcher's review: every validity date is an xsd:date, and ``FILTER (?from > "2019-12-31")`` found
    nothing, the page saying nothing; it names the string and the literal meant, with which the query finds rows."""
    query = ("PREFIX schema: <https://schema.org/>\nPREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
             'SELECT ?n WHERE { ?n schema:validFrom ?from FILTER (?from > "2019-12-31") } LIMIT 2')
    for lang, words in (("en", "a plain string, not a date"), ("nb", "en tekst, ikke en dato")):
        item = first_hint(endpoint, query, lang)
        assert f"<code>&#34;2019-12-31&#34;</code>: {words}" in item  # the quotes escaped, as every text of the page
        assert "write <code>&#34;2019-12-31&#34;^^xsd:date</code>" in item or lang == "nb"
        assert "skriv <code>&#34;2019-12-31&#34;^^xsd:date</code>" in item or lang == "en"
    meant = query.replace('"2019-12-31")', '"2019-12-31"^^xsd:date)')
    rows = requests.get(endpoint.url, params={"query": meant}, headers={"Accept": "application/sparql-results+json"},
                        timeout=30).json()["results"]["bindings"]
    assert len(rows) == 2


def test_an_empty_answer_names_a_string_asked_without_the_language_tag_of_the_data(endpoint: Endpoint) -> None:
    """A researcher's review: ``?r skos:prefLabel "Notodden"`` found nothing and said nothing, where every label of
    the data has a language tag; the page names the literals meant, and with the first the query finds the region
    (and the municipality of that name)."""
    query = ("PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
             'SELECT ?r WHERE { ?r skos:prefLabel "Notodden" }')
    for lang, words in (("en", "a string without a language tag"), ("nb", "en tekst uten språkkode")):
        item = first_hint(endpoint, query, lang)
        assert f"<code>&#34;Notodden&#34;</code>: {words}" in item
        meant = re.findall(r"<code>(&#34;Notodden&#34;@[a-z]+)</code>", item)
        assert meant[:2] in (["&#34;Notodden&#34;@nb", "&#34;Notodden&#34;@en"],
                             ["&#34;Notodden&#34;@en", "&#34;Notodden&#34;@nb"])
    rows = requests.get(endpoint.url, headers={"Accept": "application/sparql-results+json"}, timeout=30, params={
        "query": query.replace('"Notodden"', '"Notodden"@nb')}).json()["results"]["bindings"]
    assert ["region", "notodden"] in [row["r"]["value"].rsplit("/", 2)[-2:] for row in rows]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_query_page_has_a_description_of_its_own(endpoint: Endpoint, lang: str) -> None:
    """A crawler's review: the query page, listed in the sitemap, said the home page's meta and Open Graph
    description; every listable page has its own."""
    def described(path: str) -> set[str]:
        html = requests.get(endpoint.base + path, params={"lang": lang},
                            headers={"Accept": "text/html"}, timeout=30).text
        return set(re.findall(r'<meta (?:name="description"|property="og:description") content="([^"]*)"', html))
    query_page, home = described("/sparql"), described("/")
    assert len(query_page) == 1 and query_page.isdisjoint(home) and "SPARQL" in next(iter(query_page))
