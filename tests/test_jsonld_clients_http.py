"""JSON-LD processors load our documents by URL, from the app and from the static export under nginx: pyld (Python's
JSON-LD processor) with its own loader, which follows the 303 from a thing's IRI and reads the ``Link`` header.

pyld, up to its current 3.3, keys the links by a quoted ``rel`` and failed on every document of ours, whose ``Link``
names each other format as ``rel="alternate"`` ("'list' object has no attribute 'get'"); the links are now written
with ``rel=alternate`` as a token (RFC 8288 §3), which it skips, but for the one JSON-LD alternate, quoted: the link a
JSON-LD processor follows from an answer that is no JSON (the home page), which pyld and rdflib find only quoted."""

from __future__ import annotations

import pytest
import requests
from pyld import jsonld
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from tests.conftest import Server
from tests.support.servers import Server as Process

pytestmark = pytest.mark.slow  # `byregion serve` and nginx over a real build

NOTODDEN = "https://data.byregion.no/id/region/notodden"
RDF_TYPE = "@type"


def expanded(base: str, path: str) -> list[dict[str, object]]:
    """What pyld's default loader (requests) makes of a URL, as an application calls it."""
    return jsonld.expand(base + path)


@pytest.mark.parametrize("surface", ["app", "export"])
@pytest.mark.parametrize("path", ["/id/region/notodden", "/doc/region/notodden", "/doc/municipality/notodden",
                                  "/id/theme/delingskultur", "/catalog", "/def/byregion"])
def test_pyld_loads_a_document_by_its_url(server: Server, nginx: Process, surface: str, path: str) -> None:
    base = server.url if surface == "app" else nginx.base
    nodes = expanded(base, path)
    assert nodes and all("@id" in node or "@value" in node or "@graph" in node for node in nodes), path


def test_pyld_reads_the_region_as_the_turtle_says(server: Server) -> None:
    nodes = expanded(server.url, "/id/region/notodden")
    region = next(node for node in nodes if node.get("@id") == NOTODDEN)
    assert "https://data.byregion.no/def/byregion#CityRegion" in region[RDF_TYPE]
    nquads = jsonld.to_rdf(server.url + "/doc/region/notodden", {"format": "application/n-quads"})
    turtle = requests.get(server.url + "/doc/region/notodden.nt", timeout=10).text
    assert len(set(nquads.splitlines())) == len({line for line in turtle.splitlines() if line.strip()})


@pytest.mark.parametrize("surface", ["app", "export"])
@pytest.mark.parametrize(("path", "accept", "at_least"), [
    ("/doc/region/notodden.jsonld", None, 5),  # the formats, the alt view
    ("/doc/region/notodden.ttl?_profile=ids", None, 3),  # a profile's formats
    ("/doc/region/notodden", "image/png", 6),  # a 406 lists them all
])
def test_every_link_to_another_format_names_rel_as_a_token_but_json_ld_s(server: Server, nginx: Process, surface: str,
                                                                         path: str, accept: str | None,
                                                                         at_least: int) -> None:
    base = server.url if surface == "app" else nginx.base
    links = requests.get(base + path, headers={"Accept": accept} if accept else {}, timeout=10).headers["Link"]
    quoted = [part for part in links.split(", <") if 'rel="alternate"' in part]
    assert len(quoted) <= 1 and all('type="application/ld+json"' in part for part in quoted)  # pyld takes one
    assert links.count("rel=alternate") + len(quoted) >= at_least
    parsed = requests.utils.parse_header_links(links)  # as other parsers read it
    assert sum(link["rel"] == "alternate" for link in parsed) == links.count("rel=alternate") + len(quoted)


@pytest.mark.parametrize("surface", ["app", "export"])
def test_a_json_ld_processor_given_the_home_page_loads_the_datasets_description(server: Server, nginx: Process,
                                                                                 surface: str) -> None:
    """A client review: ``jsonld.expand("/")`` (pyld) and rdflib's ``Graph().parse("/", format="json-ld")`` got no
    RDF from the home page, a page whose ``Link`` names the dataset's JSON-LD as ``rel=alternate``: JSON-LD 1.1 API
    §9.4.1 has a processor follow it, and both look for it quoted."""
    base = server.url if surface == "app" else nginx.base
    nodes = expanded(base, "/")
    assert any(node.get("@id") == "https://data.byregion.no/dataset" for node in nodes)
    graph = Graph().parse(base + "/", format="json-ld")
    assert (URIRef("https://data.byregion.no/dataset"), RDF.type, URIRef("http://www.w3.org/ns/dcat#Dataset")) in graph
