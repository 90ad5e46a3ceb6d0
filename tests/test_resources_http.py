"""The resource surface over a real HTTP server (`byregion serve` in a subprocess): issue 4's matrix."""

from __future__ import annotations

import http.client
import json
import re
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
import requests
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS

from byregion import REPO_ROOT
from byregion.build import PublishedBuild, build, open_current
from byregion.describe import describe, document_metadata
from byregion.docstore import FILE, DocumentStore
from byregion.graph_index import GraphIndex
from byregion.i18n import norwegian_key
from byregion.mediatypes import DOCUMENT_TYPES, HTML, RDF_TYPES, MediaType
from byregion.namespaces import BASE, BR, SCHEMA, VOID
from byregion.publish import publish
from byregion.settings import Settings
from byregion.sparql.examples import EXAMPLES
from byregion.web.app import create_app
from tests.conftest import Server, serving
from tests.support.raw_http import status_and_location
from tests.support.servers import free_port, start_oxigraph, stop
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # `byregion serve` over a real build; an Oxigraph server

REGION = "/doc/region/notodden"
MUNICIPALITY = "/doc/municipality/sauherad"


def rdf_format(name: str) -> str:
    fmt = next(m.rdflib_format for m in RDF_TYPES if m.name == name)
    return "nt" if fmt == "nt11" else str(fmt)


def raw_get(server: Server, path: str, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """A request with the path sent exactly as written (no client-side normalisation)."""
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    conn.putrequest("GET", path, skip_accept_encoding=True)
    for k, v in (headers or {}).items():
        conn.putheader(k, v)
    conn.endheaders()
    response = conn.getresponse()
    return response.status, response.read()


@pytest.mark.parametrize("thing", ["region/notodden", "municipality/sauherad", "theme/delingskultur",
                                   "region/notodden/goal/1"])
def test_id_answers_303_to_the_document(server: Server, thing: str) -> None:
    response = requests.get(f"{server.url}/id/{thing}", allow_redirects=False, timeout=10)
    assert response.status_code == 303
    assert urlsplit(response.headers["Location"]).path == f"/doc/{thing}"
    assert requests.get(f"{server.url}/id/{thing}", timeout=10).status_code == 200  # the target exists


@pytest.mark.parametrize("media_type", [m.name for m in RDF_TYPES])
def test_each_format_carries_the_same_graph_as_the_store(
        server: Server, site_build: PublishedBuild, site_index: GraphIndex, media_type: str) -> None:
    thing = f"{site_build.base_uri}/id/region/notodden"
    expected = describe(site_index, thing, site_build.base_uri)
    expected += document_metadata(site_build.base_uri + REGION, thing, site_build.base_uri)
    response = requests.get(server.url + REGION, headers={"Accept": media_type}, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == media_type
    graph = Graph().parse(data=response.content, format=rdf_format(media_type))
    assert isomorphic(graph, expected)
    # RDF keeps the canonical IRIs, whatever host served it
    assert any(str(s).startswith(site_build.base_uri + "/id/region/notodden") for s in graph.subjects())


@pytest.mark.parametrize("media_type", [m.name for m in RDF_TYPES])
@pytest.mark.parametrize("thing", ["region/notodden", "municipality/sauherad", "region/notodden/goal/1",
                                   "theme/delingskultur"])
def test_a_things_document_names_its_topic_dataset_and_licence(
        server: Server, site_build: PublishedBuild, thing: str, media_type: str) -> None:
    """A crawler holding one document, and nothing else of ours, knows what it is about, where the rest is and on
    what terms it may reuse it."""
    base = site_build.base_uri
    response = requests.get(f"{server.url}/doc/{thing}", headers={"Accept": media_type}, timeout=10)
    graph = Graph().parse(data=response.content, format=rdf_format(media_type))
    document = URIRef(f"{base}/doc/{thing}")
    assert graph.value(document, FOAF.primaryTopic) == URIRef(f"{base}/id/{thing}")
    assert graph.value(document, VOID.inDataset) == URIRef(f"{base}/dataset")
    licence = graph.value(document, DCTERMS.license)
    # (the test data's theme scheme states no licence of its own: tests/geo checks one that does)
    assert licence == URIRef("http://publications.europa.eu/resource/authority/licence/NLOD_2_0")
    assert {label.language for label in graph.objects(licence, RDFS.label)} == {"nb", "en"}
    if thing.count("/") == 1 and not thing.startswith("theme/"):  # a unit or region: its identifiers profile too
        ids = requests.get(f"{server.url}/doc/{thing}", params={"_profile": "ids"}, headers={"Accept": media_type},
                           timeout=10)
        linked = Graph().parse(data=ids.content, format=rdf_format(media_type))
        assert linked.value(document, DCTERMS.license) == licence
        assert linked.value(document, FOAF.primaryTopic) == URIRef(f"{base}/id/{thing}")


@pytest.mark.parametrize("media_type", [m.name for m in RDF_TYPES])
@pytest.mark.parametrize("path", ["/doc/region/notodden", "/doc/municipality/sauherad", "/validation", "/catalog"])
def test_the_listing_of_a_documents_profiles_and_formats_names_its_topic_and_licence(
        server: Server, site_build: PublishedBuild, path: str, media_type: str) -> None:
    """The ``alt`` profile is a document of ours too: a crawler that holds only it knows what it lists the
    representations of, where the rest is and on what terms it may reuse it (even where the thing's own document
    is another's work, as a boundary's is Kartverket's)."""
    base = site_build.base_uri
    response = requests.get(server.url + path, params={"_profile": "alt"}, headers={"Accept": media_type},
                            timeout=10)
    assert response.status_code == 200, response.text
    graph = Graph().parse(data=response.content, format=rdf_format(media_type))
    listing = URIRef(f"{base}{path}?_profile=alt")
    topic = graph.value(listing, FOAF.primaryTopic)
    assert topic is not None and set(graph.objects(topic, URIRef("http://www.w3.org/ns/dx/conneg/altr#hasRepresentation")))
    assert graph.value(listing, VOID.inDataset) == URIRef(f"{base}/dataset")
    licence = graph.value(listing, DCTERMS.license)
    assert licence == URIRef("http://publications.europa.eu/resource/authority/licence/NLOD_2_0")
    assert {label.language for label in graph.objects(licence, RDFS.label)} == {"nb", "en"}


@pytest.mark.parametrize("media_type", [m.name for m in RDF_TYPES])
def test_the_validation_report_names_its_topic_and_licence(server: Server, site_build: PublishedBuild,
                                                           media_type: str) -> None:
    base = site_build.base_uri
    response = requests.get(server.url + "/validation", headers={"Accept": media_type}, timeout=10)
    graph = Graph().parse(data=response.content, format=rdf_format(media_type))
    document = URIRef(f"{base}/validation")
    annotation = graph.value(document, FOAF.primaryTopic)
    assert annotation == URIRef(f"{base}/validation#shacl")
    assert graph.value(annotation, URIRef("http://www.w3.org/ns/oa#hasTarget")) == URIRef(f"{base}/dataset")
    assert graph.value(document, VOID.inDataset) == URIRef(f"{base}/dataset")
    assert graph.value(document, DCTERMS.license) == URIRef(
        "http://publications.europa.eu/resource/authority/licence/NLOD_2_0")


def test_the_ontology_and_a_named_graph_are_their_own_text(server: Server, site_build: PublishedBuild) -> None:
    """Their IRIs are their documents: what they hold is the ontology's, or the graph's, own statements."""
    for path in ("/def/byregion", "/graph/ontology"):
        graph = Graph().parse(data=requests.get(server.url + path + ".ttl", timeout=10).text, format="turtle")
        assert len(graph) and not set(graph.subjects(FOAF.primaryTopic, None)), path


@pytest.mark.parametrize(("accept", "expected"), [
    (None, "text/html"),
    ("text/turtle;q=0.4, application/ld+json;q=0.9", "application/ld+json"),
    ("*/*;q=0.1, application/n-triples", "application/n-triples"),
    ("application/*;q=0.5, text/html;q=0.1", "application/ld+json"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("this is ;;; not a header", "text/html"),  # malformed: lenient, never a 500
])
def test_accept_header_negotiation(server: Server, accept: str | None, expected: str) -> None:
    headers = {"Accept": accept} if accept is not None else {}
    response = requests.get(server.url + REGION, headers=headers, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].split(";")[0] == expected


def test_no_accept_header_at_all_gets_html(server: Server) -> None:
    status, body = raw_get(server, REGION)
    assert status == 200 and body.lstrip().startswith(b"<!doctype html>")


@pytest.mark.parametrize("media_type", DOCUMENT_TYPES)
def test_extensions_and_mediatype_parameter(server: Server, media_type: object) -> None:
    by_ext = requests.get(f"{server.url}{REGION}.{media_type.extension}", headers={"Accept": "image/png"},  # type: ignore[attr-defined]
                          timeout=10)
    by_param = requests.get(f"{server.url}{REGION}", params={"_mediatype": media_type.name},  # type: ignore[attr-defined]
                            headers={"Accept": "text/html"}, timeout=10)
    for response in (by_ext, by_param):
        assert response.status_code == 200
        assert response.headers["Content-Type"].split(";")[0] == media_type.name  # type: ignore[attr-defined]
    assert by_ext.content == by_param.content


def test_nothing_acceptable_is_406_listing_the_formats(server: Server) -> None:
    response = requests.get(server.url + REGION, headers={"Accept": "image/png"}, timeout=10)
    assert response.status_code == 406
    for media_type in DOCUMENT_TYPES:
        assert media_type.name in response.text and f"{REGION}.{media_type.extension}" in response.text


def test_a_client_asking_for_plain_json_gets_the_json_ld(server: Server) -> None:
    """``fetch(url, {headers: {Accept: "application/json"}})``: JSON-LD is JSON, sent under its own name; the same
    client's 404 is problem details, not an empty graph."""
    response = requests.get(server.url + REGION, headers={"Accept": "application/json"}, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/ld+json"
    assert response.headers["Content-Location"] == f"{REGION}.jsonld"
    assert len(Graph().parse(data=response.text, format="json-ld", publicID=server.url + REGION)) > 10
    missing = requests.get(server.url + "/doc/region/nowhere", headers={"Accept": "application/json"}, timeout=10)
    assert missing.status_code == 404 and missing.json()["status"] == 404
    processor = requests.get(server.url + "/doc/region/nowhere", timeout=10,
                             headers={"Accept": "application/ld+json, application/json"})  # pyld's: names JSON-LD
    assert processor.status_code == 404 and processor.headers["Content-Type"] == "application/ld+json"


def test_headers_on_every_representation(server: Server) -> None:
    for media_type in DOCUMENT_TYPES:
        response = requests.get(server.url + REGION, headers={"Accept": media_type.name}, timeout=10)
        headers = response.headers
        assert "Accept" in headers["Vary"]
        assert headers["Access-Control-Allow-Origin"] == "*"
        assert headers["Content-Location"] == f"{REGION}.{media_type.extension}"
        assert headers["ETag"] and headers["Last-Modified"]
        links = headers["Link"]
        others = [m for m in DOCUMENT_TYPES if m is not media_type]
        # rel as a token (pyld fails on several quoted ones), but the one JSON-LD alternate quoted, which pyld and
        # rdflib follow from an answer that is no JSON
        rel = {m.name: "rel=alternate" for m in others} | {"application/ld+json": 'rel="alternate"'}
        assert all(f'<{REGION}.{m.extension}>; {rel[m.name]}; type="{m.name}"' in links for m in others)
        assert f"type=\"{media_type.name}\"" not in links


def test_conditional_requests_give_304(server: Server) -> None:
    for headers in ({"Accept": "text/turtle"}, {}):
        first = requests.get(server.url + REGION, headers=headers, timeout=10)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        by_etag = requests.get(server.url + REGION, headers={**headers, "If-None-Match": etag}, timeout=10)
        by_date = requests.get(server.url + REGION, headers={**headers, "If-Modified-Since": modified}, timeout=10)
        stale = requests.get(server.url + REGION, headers={**headers, "If-None-Match": '"other"'}, timeout=10)
        assert (by_etag.status_code, by_date.status_code, stale.status_code) == (304, 304, 200)
        assert by_etag.content == b"" and by_etag.headers["ETag"] == etag


def test_different_formats_have_different_etags(server: Server) -> None:
    etags = {requests.get(server.url + REGION, headers={"Accept": m.name}, timeout=10).headers["ETag"]
             for m in DOCUMENT_TYPES}
    assert len(etags) == len(DOCUMENT_TYPES)


def test_head_and_options(server: Server) -> None:
    get = requests.get(server.url + REGION, headers={"Accept": "text/turtle"}, timeout=10)
    head = requests.head(server.url + REGION, headers={"Accept": "text/turtle"}, timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["ETag"] == get.headers["ETag"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"]  # of the body as sent (gzip)
    plain = {"Accept": "text/turtle", "Accept-Encoding": "identity"}
    head = requests.head(server.url + REGION, headers=plain, timeout=10)
    assert int(head.headers["Content-Length"]) == len(get.content) and "Content-Encoding" not in head.headers
    options = requests.options(server.url + REGION, timeout=10)
    assert options.status_code == 204 and options.reason == "No Content"  # the status line has its phrase
    assert {"GET", "HEAD", "OPTIONS"} <= {m.strip() for m in options.headers["Allow"].split(",")}
    assert options.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(("accept", "expected"), [("text/html", "text/html"), ("text/turtle", "text/turtle"),
                                                  ("application/ld+json", "application/ld+json"),
                                                  ("application/n-triples", "application/n-triples"),
                                                  ("text/plain", "application/n-triples")])
def test_unknown_resources_are_404_in_the_negotiated_format(server: Server, accept: str, expected: str) -> None:
    for path in ("/doc/region/atlantis", "/id/region/atlantis", "/nowhere/at/all"):
        response = requests.get(server.url + path, headers={"Accept": accept}, timeout=10)
        assert response.status_code == 404, path
        assert response.headers["Content-Type"].split(";")[0] == expected
        # a cache keeps one 404 per format and, for the page, per language (RFC 9110 §12.5.5)
        assert response.headers["Vary"] == "Accept, Accept-Language, Cookie", path
    if expected != "text/html":
        assert len(Graph().parse(data=response.content, format=rdf_format(expected))) == 0  # a valid empty document
    if expected in ("text/turtle", "application/n-triples"):  # what a reader of plain text sees: why it is empty
        assert response.text.startswith("# No description of this resource here")


@pytest.mark.parametrize(("path", "status"), [
    ("/doc/municipalities.csv.ttl", 404),  # a document of one form: an extension names nothing
    ("/doc/municipalities.csv-metadata.json.geojson", 404),
    ("/robots.txt.html", 404),
    ("/doc/theme/delingskultur.geojson", 404),  # no profile of a theme comes as GeoJSON
    ("/catalog.geojson", 404),
    ("/.well-known/void.html", 406),  # VoID does come as HTML, in the alt profile: this one is not it
    ("/doc/municipality/notodden.geojson", 200),
    # every path of ours is in lower case, the extension too: one URL for each representation
    ("/doc/region/notodden.TTL", 404), ("/doc/region/notodden.Html", 404), ("/catalog.TTL", 404),
    ("/id/region/notodden.TTL", 404), ("/id/region/notodden.ttl", 303),
])
def test_an_extension_names_a_format_the_document_comes_in_or_nothing(server: Server, path: str,
                                                                      status: int) -> None:
    response = requests.get(server.url + path, timeout=10, allow_redirects=False)
    assert response.status_code == status, path


@pytest.mark.parametrize("path", [
    "/doc/../../etc/passwd", "/doc/region/..%2F..%2Fetc%2Fpasswd", "/doc/%2e%2e/%2e%2e/etc/passwd",
    "/static/../resources.py", "/static/..%2Fresources.py", "/doc/region/notodden%00.ttl",
    "/doc/region/NOTODDEN", "/doc//region//notodden", "/id/%ff%fe", "/def/byregion.exe",
])
def test_path_abuse_never_500_nor_leaks(server: Server, path: str) -> None:
    status, body = raw_get(server, path, {"Accept": "text/turtle"})
    assert status in (400, 404, 308), (path, status)  # 308: werkzeug merging "//" into "/"
    assert b"root:" not in body and b"import " not in body


def test_very_long_urls_are_414(server: Server) -> None:
    limit = server.settings.max_url_length
    status, _ = raw_get(server, REGION + "?x=" + "a" * limit)
    assert status == 414
    assert raw_get(server, REGION + "?x=" + "a" * 10)[0] == 200


def test_html_links_point_at_the_request_host_and_rdf_keeps_canonical_iris(
        server: Server, site_build: PublishedBuild) -> None:
    html = requests.get(server.url + REGION, headers={"Accept": "text/html"}, timeout=10).text
    assert 'href="/doc/municipality/sauherad"' in html and 'href="/id/' not in html
    assert f'href="{site_build.base_uri}/id/' not in html  # never sends the reader to the canonical host
    turtle = requests.get(server.url + REGION + ".ttl", timeout=10).text
    assert "127.0.0.1" not in turtle


#: A page's links of ours: its ``href``s that are host-relative paths (not the formats' ``<link>``s of its head).
_OWN_LINK = re.compile(r'<a [^>]*href="(/[^"]*)"')
#: Paths of ours that are pages in each language (an ``href`` to one of them from an English page names ``lang=en``),
#: a query's answer (``/sparql?query=…``) and a list of profiles (``?_profile=alt``) too: a reader of an English page
#: who ran a figure's query, or opened "other formats", had been shown Norwegian
_PAGE = re.compile(r"^/(?:$|[?#]|(?:catalog|dataset|validation|sparql)(?:$|[?#])|(?:doc|def|graph)/[^.?#]*(?:$|[?#]))")


@pytest.mark.parametrize(("lang", "query"), [("nb", ""), ("en", "?lang=en")])
def test_a_pages_links_lead_straight_to_the_documents_in_its_language_and_it_shows_the_iri(
        server: Server, site_build: PublishedBuild, lang: str, query: str) -> None:
    """A page links a thing of ours at its document in the page's language, the URL that page names canonical
    (``/doc/x`` in Norwegian, ``/doc/x?lang=en`` in English), not at its IRI: the IRI's 303 is for linked-data
    clients, and it led a crawler on an English page to the Norwegian one. The page still names the IRI."""
    html = requests.get(server.url + REGION + query, headers={"Accept": "text/html"}, timeout=10).text
    assert f'href="/doc/municipality/sauherad{query}"' in html
    assert f'href="/catalog{query}"' in html and f'href="/def/byregion{query}#membership"' in html
    assert f"{site_build.base_uri}/id/region/notodden" in html  # its identifier, as the page has always shown it
    led = requests.get(server.url + f"/doc/municipality/sauherad{query}", allow_redirects=False, timeout=10)
    assert (led.status_code, led.headers["Content-Language"]) == (200, lang)
    for path in ("/id/region/notodden", "/id/region/notodden.ttl"):  # the IRI itself still answers with its 303
        assert requests.get(server.url + path, allow_redirects=False, timeout=10).status_code == 303


def test_no_page_of_the_build_links_a_things_iri_and_each_links_its_own_languages_pages(
        site_build: PublishedBuild) -> None:
    """Every page of the build, in each language (0.4 s): no link goes through an IRI's 303 but a look-up's
    (``/id/kommunenummer/0807?date=…``, which has no document of its own), an English page's links to pages of ours
    (a query's answer and a list of profiles too) name ``lang=en`` and a Norwegian page's name no language (its pages'
    canonical URLs)."""
    store = DocumentStore(site_build.path / FILE)
    seen, wrong = 0, set()
    for path in store.paths():
        for kept in store.all(path):
            if not kept.variant.endswith(("html.nb", "html.en")):
                continue
            english = kept.variant.endswith("html.en")
            for href in _OWN_LINK.findall(kept.body.decode("utf-8")):
                href = href.replace("&amp;", "&")
                seen += 1
                if href.startswith("/id/") and "?" not in href:
                    wrong.add((path, kept.variant, href))
                if (_PAGE.match(href) and ("lang=en" in href) != english) or "lang=nb" in href:
                    wrong.add((path, kept.variant, href))
    assert not wrong, sorted(wrong)[:10]
    assert seen > 10_000


def test_the_query_pages_examples_answer_in_its_language(server: Server) -> None:
    """An example of the English query page is run on an English page (it had answered in Norwegian); the Norwegian
    page's examples name no language."""
    for query, lang in (("", "nb"), ("?lang=en", "en")):
        html = requests.get(server.url + "/sparql" + query, headers={"Accept": "text/html"}, timeout=10).text
        section = html.split('<section class="sparql-examples"', 1)[1].split("</section>", 1)[0]
        links = [href.replace("&amp;", "&") for href in re.findall(r'<a href="(/sparql\?query=[^"]*)"', section)]
        assert len(links) >= 5 and all(("&lang=en#answer" in link) == (lang == "en") for link in links), links
        answer = requests.get(server.url + links[0], headers={"Accept": "text/html"}, timeout=30)
        assert answer.status_code == 200 and answer.headers["Content-Language"] == lang


def test_region_page_lists_members_with_role_and_numbers_over_time(server: Server) -> None:
    html = requests.get(server.url + REGION + "?lang=nb", timeout=10).text
    # each on one line, its years in words (a screen reader drops a dash: "0807 (–2019)" read "0807 2019")
    numbers = ("0807 (til og med 2019)", "3808 (2020 til 2023)", "4005 (fra 2024)")
    assert '</span>, <span class="nowrap">'.join(numbers) in html
    assert "0822 (til og med 2019)" in html
    english = requests.get(server.url + REGION + "?lang=en", timeout=10).text
    assert "0807 (through 2019)" in english and "3808 (2020 to 2023)" in english and "4005 (from 2024)" in english
    assert "søkerkommune" in html and "samarbeidskommune" in html


def test_context_is_published_and_used(server: Server) -> None:
    context = requests.get(server.url + "/context.jsonld", timeout=10)
    assert context.status_code == 200 and context.headers["Access-Control-Allow-Origin"] == "*"
    document = requests.get(server.url + REGION + ".jsonld", timeout=10).json()
    assert document["@context"] == context.json()["@context"]


def version_path(server: Server, which: URIRef) -> str:
    """The path of the ontology's version IRI (``owl:versionIRI``) or of its earliest one (``owl:priorVersion``),
    as the served ontology names it."""
    ontology = Graph().parse(data=requests.get(server.url + "/def/byregion.ttl", timeout=10).text, format="turtle")
    versions = sorted(ontology.objects(URIRef("https://data.byregion.no/def/byregion"), which),
                      key=lambda v: tuple(int(n) for n in str(v).rsplit("/", 1)[1].split(".")))
    assert versions and str(versions[0]).startswith("https://data.byregion.no/def/byregion/")
    return str(versions[0])[len("https://data.byregion.no"):]


@pytest.mark.parametrize("suffix", ["", ".ttl", ".html"])
def test_the_ontologys_version_iri_dereferences_to_the_ontology(server: Server, suffix: str) -> None:
    """Its ``owl:versionIRI`` is a document of its own (not a 404): the ontology as it is."""
    path = version_path(server, OWL.versionIRI)
    response = requests.get(server.url + path + suffix, headers={"Accept": "text/turtle"}, timeout=10)
    assert response.status_code == 200, path + suffix
    if suffix == ".html":
        assert response.headers["Content-Type"].startswith("text/html") and "Goal" in response.text
        assert 'id="earlier-version"' not in response.text
    else:
        current = Graph().parse(data=requests.get(server.url + "/def/byregion.ttl", timeout=10).text, format="turtle")
        assert isomorphic(Graph().parse(data=response.text, format="turtle"), current)
    assert requests.get(server.url + path + "/x", timeout=10).status_code == 404


@pytest.mark.parametrize("media_type", RDF_TYPES, ids=lambda m: m.extension)
def test_an_earlier_version_iri_dereferences_to_that_versions_own_text(server: Server, media_type: MediaType) -> None:
    """An earlier version's IRI (``owl:priorVersion``), published and so kept, answers with that version as it was
    published (ontology/versions/0.1.0.ttl), negotiated and by extension, in every format the ontology has: not
    with the ontology as it is now."""
    path = version_path(server, OWL.priorVersion)
    published = Graph().parse(REPO_ROOT / "ontology" / "versions" / f"{path.rsplit('/', 1)[1]}.ttl")
    current = Graph().parse(data=requests.get(server.url + "/def/byregion.ttl", timeout=10).text, format="turtle")
    for url, headers in ((path, {"Accept": media_type.name}), (f"{path}.{media_type.extension}", {})):
        response = requests.get(server.url + url, headers=headers, timeout=10)
        assert response.status_code == 200 and response.headers["Content-Type"].startswith(media_type.name), url
        served = Graph().parse(data=response.content, format=rdf_format(media_type.name))
        assert isomorphic(served, published), url
        assert not isomorphic(served, current), url
    assert requests.get(server.url + path + "/x", timeout=10).status_code == 404


@pytest.mark.parametrize(("lang", "words", "link"), [
    ("nb", "Dette er en tidligere versjon av ontologien, versjon 0.1.0",
     "Se den gjeldende ontologien (versjon 0.12.0)"),
    ("en", "This is an earlier version of the ontology, version 0.1.0", "See the current ontology (version 0.12.0)"),
])
def test_an_earlier_versions_page_says_so_and_links_the_current_ontology(server: Server, lang: str, words: str,
                                                                        link: str) -> None:
    """The page of an earlier version shows that version's terms (0.1.0 had no br:membership) under a note, in the
    reader's language, that it is an earlier version, with a link to the current ontology."""
    path = version_path(server, OWL.priorVersion)
    response = requests.get(f"{server.url}{path}?lang={lang}", headers={"Accept": HTML.name}, timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"].startswith(HTML.name)
    note = re.search(r'<p class="note" id="earlier-version"[^>]*>(.*?)</p>', response.text, re.S)
    assert note, "the page of an earlier version does not say that it is one"
    here = "?lang=en" if lang == "en" else ""  # the current ontology's page in the reader's language
    assert words in note.group(1) and f'<a href="/def/byregion{here}">{link}</a>' in note.group(1)
    assert '<section class="term" id="Goal">' in response.text
    assert '<section class="term" id="membership">' not in response.text  # a term 0.2.0 brought
    now = requests.get(f"{server.url}/def/byregion?lang={lang}", timeout=10).text
    assert '<section class="term" id="membership">' in now and 'id="earlier-version"' not in now


def test_ontology_document_negotiates(server: Server) -> None:
    for media_type in RDF_TYPES:
        response = requests.get(server.url + "/def/byregion", headers={"Accept": media_type.name}, timeout=10)
        assert response.status_code == 200
        assert len(Graph().parse(data=response.content, format=rdf_format(media_type.name))) > 100
    assert requests.get(server.url + "/def/byregion.html", timeout=10).headers["Content-Type"].startswith(HTML.name)


@pytest.mark.parametrize(("lang", "word"), [("nb", "eller"), ("en", "or")])
def test_ontology_page_shows_a_union_domain_as_linked_classes(server: Server, lang: str, word: str) -> None:
    """br:population's domain is owl:unionOf (br:CityRegion br:Municipality): both classes, labelled and linked."""
    ontology = Graph().parse(REPO_ROOT / "ontology/byregion.ttl")
    html = requests.get(server.url + "/def/byregion?lang=" + lang, timeout=10).text
    term = re.search(r'<section class="term" id="population">(.*?)</section>', html, re.S)
    assert term, "the ontology page has no section for br:population"
    domain = re.search(r'<p class="domain">(.*?)</p>', term.group(1), re.S)
    assert domain, "br:population's section shows no domain"
    links = re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', domain.group(1))
    labels = [next(str(v) for v in ontology.objects(c, RDFS.label) if isinstance(v, Literal) and v.language == lang)
              for c in (BR.CityRegion, BR.Municipality)]
    here = "?lang=en" if lang == "en" else ""
    assert links == [(f"/def/byregion{here}#CityRegion", labels[0]), (f"/def/byregion{here}#Municipality", labels[1])]
    assert re.sub(r"<[^>]+>", "", domain.group(1)).split(": ", 1)[1].strip() == f"{labels[0]} {word} {labels[1]}"


def test_language_from_parameter_cookie_and_accept_language(server: Server) -> None:
    english = requests.get(server.url + REGION, headers={"Accept-Language": "en-GB,en;q=0.9"}, timeout=10)
    norwegian = requests.get(server.url + REGION, headers={"Accept-Language": "nb-NO,nb;q=0.9"}, timeout=10)
    assert '<html lang="en">' in english.text and '<html lang="nb">' in norwegian.text
    session = requests.Session()
    toggled = session.get(server.url + REGION + "?lang=en", timeout=10)
    assert '<html lang="en">' in toggled.text and session.cookies.get("lang") == "en"
    assert '<html lang="en">' in session.get(server.url + MUNICIPALITY, timeout=10).text  # the cookie sticks


def test_home_page_links_the_real_dumps_and_the_dataset_page_alone_embeds_the_schema_org_dataset(
        server: Server, site_build: PublishedBuild) -> None:
    """The schema.org ``Dataset`` is marked up on its own page (``/dataset``) alone, as Google's Dataset guidance
    asks (the home page and the catalogue's had embedded the same one): the home page links the dataset instead."""
    html = requests.get(server.url + "/", timeout=10).text
    assert '<script type="application/ld+json">' not in html and '"@type": "Dataset"' not in html
    assert 'href="/dataset.ttl"' in html  # its <head> links the dataset's description, as before
    page = requests.get(server.url + "/dataset", headers={"Accept": "text/html"}, timeout=10).text
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block, "the dataset page has no schema.org JSON-LD block"
    data = json.loads(block.group(1))
    assert data["@type"] == "Dataset"
    assert {d["contentUrl"] for d in data["distribution"]} == {f"{server.url}/{d['file']}"
                                                               for d in site_build.manifest["dumps"]}
    # JSON-LD with its context inline (a remote one needs the network, and schema.org's maps terms to http://):
    # it expands offline to the https://schema.org/ terms every other block of ours uses
    assert data["@context"] == {"@vocab": str(SCHEMA), "url": {"@type": "@id"}, "license": {"@type": "@id"},
                                "contentUrl": {"@type": "@id"}}  # links are IRIs to an RDF reader
    graph = Graph().parse(data=block.group(1), format="json-ld")
    assert (URIRef(data["@id"]), RDF.type, SCHEMA.Dataset) in graph
    dumps = set(re.findall(r'href="(/dumps/[^"]+)"', html))
    assert dumps == {"/" + d["file"] for d in site_build.manifest["dumps"]}
    for path in sorted(set(re.findall(r'href="(/[^"#]*)"', html))):  # every local link, the dumps included
        response = requests.get(server.url + path, timeout=10)
        assert response.status_code == 200, path
        if path in dumps:
            assert len(response.content) == site_build.manifest["files"][path[1:]]["bytes"], path
            head = requests.head(server.url + path, timeout=10)  # RFC 9110 §9.3.2: the same header fields as GET
            assert sorted(head.headers) == sorted(response.headers) and "Content-Disposition" not in head.headers
            assert head.headers["Content-Length"] == response.headers["Content-Length"]


def test_a_build_with_another_base_serves_its_own_iris(
        site_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"  # the IRIs of this build dereference on the test server itself
    settings = replace(site_settings, build_dir=tmp_path_factory.mktemp("rebased") / "build", base_uri=base)
    build(settings, progress=False)
    rebased = open_current(settings.build_dir)
    br, region = Namespace(f"{base}/def/byregion#"), URIRef(f"{base}/id/region/notodden")
    goals = {row["g"] for row in store_of(rebased).select(f"SELECT ?g WHERE {{ <{region}> <{br.goal}> ?g }}")}
    assert goals, "the rebased build has no goals for the region"
    with serving(settings, port=port) as running:
        html = requests.get(running.url + REGION, timeout=10).text
        for goal in goals:  # the document's sections list every goal as a statement
            assert f'<div class="statement" id="goal-{str(goal).rsplit("/", 1)[-1]}">' in html
        assert 'href="/doc/region/notodden"' in requests.get(running.url + "/", timeout=10).text
        turtle = requests.get(running.url + REGION, headers={"Accept": "text/turtle"}, timeout=10).text
        assert f"@prefix br: <{br}> ." in turtle and BASE not in turtle
        graph = Graph().parse(data=turtle, format="turtle")
        assert (region, RDF.type, br.CityRegion) in graph
        assert set(graph.objects(region, br.goal)) == goals
        goal = requests.get(str(sorted(goals)[0]), headers={"Accept": "text/turtle"}, timeout=10)
        assert goal.status_code == 200 and goal.url.startswith(f"{base}/doc/region/notodden/goal/")
        # the SPARQL page's examples, prefixes and results are the build's: the canonical ones had found nothing
        page = requests.get(running.url + "/sparql", headers={"Accept": "text/html"}, timeout=10).text
        assert BASE not in page and f"PREFIX br: &lt;{br}&gt;" in page
        first = EXAMPLES[0].query_for(base)  # the region's goals, by the region's IRI
        assert f"<{region}>" in first and f"&lt;{region}&gt;" in page
        answered = requests.get(running.url + "/sparql", params={"query": first},
                                headers={"Accept": "application/sparql-results+json"}, timeout=10).json()
        assert {b["goal"]["value"] for b in answered["results"]["bindings"]} == {str(g) for g in goals}
        shown = requests.get(running.url + "/sparql", params={"query": first}, headers={"Accept": "text/html"},
                             timeout=10).text
        assert ">id:region/notodden/goal/" in shown  # the build's own IRIs compacted by its prefixes


def test_serve_from_a_remote_store(site_build: PublishedBuild, site_settings: Settings,
                                   tmp_path_factory: pytest.TempPathFactory) -> None:
    """With ``--store``, SPARQL goes to the remote store; documents are the build's, rendered when it was made."""
    oxigraph = start_oxigraph(tmp_path_factory.mktemp("oxigraph-resources"))
    region = f"{site_build.base_uri}/id/region/notodden"
    try:
        publish(site_build, oxigraph.base)
        # one statement only the remote store has, so the answers show where they are read from
        only_remote = (URIRef(region), RDFS.comment, Literal("Bare i Oxigraph", lang="nb"))
        update = f"INSERT DATA {{ GRAPH <urn:x-test:remote-only> {{ {' '.join(t.n3() for t in only_remote)} }} }}"
        requests.post(oxigraph.base + "/update", data={"update": update}, timeout=10).raise_for_status()
        with serving(site_settings, "--store", oxigraph.query_url) as running:
            query = f"ASK {{ {' '.join(t.n3() for t in only_remote)} }}"
            asked = requests.get(running.url + "/sparql", params={"query": query},
                                 headers={"Accept": "application/sparql-results+json"}, timeout=10)
            assert asked.status_code == 200 and asked.json()["boolean"] is True
            document = requests.get(running.url + "/id/region/notodden", headers={"Accept": "text/turtle"},
                                    timeout=10)
            assert document.status_code == 200 and "Bare i Oxigraph" not in document.text
            html = requests.get(running.url + REGION, timeout=10).text
            assert '<div class="statement" id="goal-1">' in html
    finally:
        stop(oxigraph.process)


def test_inbound_limit_setting_cuts_the_used_by_list(server: Server, site_settings: Settings,
                                                    tmp_path_factory: pytest.TempPathFactory) -> None:
    full = requests.get(server.url + MUNICIPALITY, timeout=10).text
    assert full.count("<tr><td>") > 1 and 'id="used-by-cut"' not in full  # default limit: all shown
    settings = replace(site_settings, build_dir=tmp_path_factory.mktemp("inbound") / "build", inbound_limit=1)
    build(settings, progress=False)  # the limit applies when the pages are rendered: at build time
    app = create_app(settings)
    client = app.test_client()
    html = client.get(MUNICIPALITY).get_data(as_text=True)
    used_by = html.split('id="used-by"', 1)[1].split("</table>", 1)[0]
    assert used_by.count("<tr><td>") == 1 and 'id="used-by-cut"' in html
    # the note links the query that lists them all, not the empty query page
    link = html.split('id="used-by-cut"', 1)[1].split('href="', 1)[1].split('"', 1)[0]
    assert link.startswith("/sparql?query=") and link.endswith("#answer")
    try:
        answer = client.get(link.split("#")[0], headers={"Accept": "application/sparql-results+json"})
    finally:
        app.extensions["byregion"].close()  # its query processes
    rows = answer.get_json()["results"]["bindings"]
    assert len(rows) == full.split('id="used-by"', 1)[1].split("</table>", 1)[0].count("<tr><td>") > 1



def test_the_used_by_list_is_in_norwegian_order_of_names_within_each_property(real_server: Server) -> None:
    """By their IRIs, Ålesundregionen came first and Region Namdal among the N's (a copy editor's review): each
    property's things are listed by name, æ, ø and å after z, in either language."""
    for lang in ("nb", "en"):
        html = requests.get(f"{real_server.url}/doc/programme/byregionprogrammet?lang={lang}", timeout=10).text
        rows = html.split('id="used-by"', 1)[1].split("</table>", 1)[0].split("<tr>")[2:]
        cells = [re.findall(r">([^<>]+)</a>", row) for row in rows]
        by_property: dict[str, list[str]] = {}
        for found in cells:
            if len(found) >= 2:
                by_property.setdefault(found[-1], []).append(found[0])
        assert by_property and all(names == sorted(names, key=norwegian_key) for names in by_property.values()), \
            by_property
        regions = max(by_property.values(), key=len)  # the programme's regions
        assert regions[0] != "Ålesundregionen" and regions[-1] == "Ålesundregionen", regions


@pytest.mark.parametrize(("target", "location"), [
    (b"/id/region/notodden?q=\xc3\xb8&lang=en", b"/doc/region/notodden?q=%C3%B8&lang=en"),
    (b"/id/region/notodden?q=%C3%B8&x=a/b:c@d", b"/doc/region/notodden?q=%C3%B8&x=a/b:c@d"),  # kept as sent
])
def test_the_303_of_a_thing_keeps_its_query_as_a_uri_may_hold_it(server: Server, target: bytes,
                                                                  location: bytes) -> None:
    """A lax client's raw UTF-8 in the query is percent-encoded in Location, not passed on as bytes a URI
    cannot hold (RFC 9110 §10.2.2, RFC 3986 §3.4)."""
    assert status_and_location(server.url, target) == (303, location)
