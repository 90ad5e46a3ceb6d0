"""Every distribution in the catalogue is downloadable and is what the catalogue says (issue 6, point 2)."""

from __future__ import annotations

import gzip
import hashlib

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from byregion.build import PublishedBuild
from byregion.mediatypes import by_name
from byregion.namespaces import EU_FILETYPE, SPDX
from tests.support.graphs import same_graph

pytestmark = pytest.mark.slow  # a real build of the repository's data

DCAT = Namespace("http://www.w3.org/ns/dcat#")
BASE = "https://data.byregion.no"
IANA = "https://www.iana.org/assignments/media-types/"


@pytest.fixture(scope="module")
def downloads(built: PublishedBuild, settings_for) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    """Each distribution of the served catalogue with the bytes served at its download URL."""
    from byregion.web.app import create_app

    client = create_app(settings_for).test_client()
    g = Graph().parse(data=client.get("/catalog", headers={"Accept": "text/turtle"}).data, format="turtle")
    out = []
    for distribution in g.objects(URIRef(f"{BASE}/dataset"), DCAT.distribution):
        if g.value(distribution, DCAT.accessService) is not None:
            continue  # the SPARQL endpoint: nothing to download (test_catalogue.py)
        url = str(g.value(distribution, DCAT.downloadURL))
        assert url.startswith(BASE + "/dumps/"), url
        response = client.get(url[len(BASE):])
        checksum = g.value(distribution, SPDX.checksum)
        out.append({
            "url": url, "status": response.status_code, "content_type": response.mimetype, "body": response.data,
            "byte_size": int(g.value(distribution, DCAT.byteSize)),
            "sha256": str(g.value(checksum, SPDX.checksumValue)),
            "algorithm": g.value(checksum, SPDX.algorithm),
            "media_type": str(g.value(distribution, DCAT.mediaType)),
            "compress": g.value(distribution, DCAT.compressFormat),
            "format": g.value(distribution, DCTERMS.format),
            "licence": g.value(distribution, DCTERMS.license),
        })
    return out


def _parse(body: bytes, media_type: str) -> tuple[Graph, int]:
    """The union graph and the number of non-empty named graphs of a dump."""
    fmt = by_name(media_type)
    assert fmt is not None and fmt.rdflib_format
    if fmt.extension in ("trig", "nq"):
        dataset = Dataset()
        dataset.parse(data=body, format=fmt.rdflib_format)
        union = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            union.add((s, p, o))
        return union, sum(1 for g in dataset.graphs() if len(g) and g.identifier != dataset.default_graph.identifier)
    return Graph().parse(data=body, format=fmt.rdflib_format), 0


def test_every_format_is_offered_plain_and_gzipped(downloads: list[dict]) -> None:  # type: ignore[type-arg]
    names = {d["url"].rsplit("/", 1)[1] for d in downloads}
    for ext in ("ttl", "nt", "jsonld", "trig", "nq"):
        assert {f"byregion.{ext}", f"byregion.{ext}.gz"} <= names


def test_downloads_match_size_checksum_and_media_type(downloads: list[dict]) -> None:  # type: ignore[type-arg]
    for d in downloads:
        assert d["status"] == 200, d["url"]
        assert len(d["body"]) == d["byte_size"], d["url"]
        assert hashlib.sha256(d["body"]).hexdigest() == d["sha256"], d["url"]
        assert str(d["algorithm"]) == "https://spdx.org/rdf/terms#checksumAlgorithm_sha256"  # DCAT-AP 3.0.1
        assert str(d["licence"]).endswith("/licence/NLOD_2_0")
        assert str(d["format"]).startswith(str(EU_FILETYPE))
        served = d["content_type"]
        if d["url"].endswith(".gz"):
            assert served == "application/gzip" and str(d["compress"]) == IANA + "application/gzip"
            assert d["body"][4:8] == b"\0\0\0\0", "gzip mtime must be 0 (deterministic)"
        else:
            assert IANA + served == d["media_type"], d["url"]


def test_every_dump_parses_to_the_same_graph(downloads: list[dict], built: PublishedBuild) -> None:  # type: ignore[type-arg]
    """Each format read by rdflib (not the library that wrote it) gives the N-Triples dump's graph; each
    gzipped dump is its plain dump's bytes, so it is read once."""
    plain = {d["url"]: d["body"] for d in downloads if not d["url"].endswith(".gz")}
    graphs = {}
    for d in downloads:
        if d["url"].endswith(".gz"):
            assert gzip.decompress(d["body"]) == plain[d["url"].removesuffix(".gz")], d["url"]
            continue
        media_type = d["media_type"][len(IANA):]
        assert b"\\/" not in d["body"], f"{d['url']}: a prefixed name with an escaped /, not the IRI written whole"
        union, named = _parse(d["body"], media_type)
        if media_type in ("application/trig", "application/n-quads"):
            assert named == len(built.manifest["graphs"]), d["url"]
        graphs[d["url"]] = union
    reference = graphs[f"{BASE}/dumps/byregion.nt"]
    assert len(reference) > 1000 and len(graphs) == 5
    for url, graph in graphs.items():
        assert same_graph(graph, reference), url


def test_catalogue_figures_are_the_manifest_figures(client: FlaskClient, built: PublishedBuild) -> None:
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    for dump in built.manifest["dumps"]:
        distribution = URIRef(f"{BASE}/dataset#dist-{dump['file'].rsplit('/', 1)[1]}")
        assert (distribution, RDF.type, DCAT.Distribution) in g
        info = built.manifest["files"][dump["file"]]
        assert int(g.value(distribution, DCAT.byteSize)) == info["bytes"]
        assert str(g.value(g.value(distribution, SPDX.checksum), SPDX.checksumValue)) == info["sha256"]
        assert (built.path / dump["file"]).stat().st_size == info["bytes"]


def test_unknown_dump_is_404(client: FlaskClient) -> None:
    assert client.get("/dumps/manifest.json").status_code == 404
    assert client.get("/dumps/..%2Fmanifest.json").status_code == 404


def test_head_of_a_dump_gives_the_headers_of_its_get(client: FlaskClient, built: PublishedBuild) -> None:
    """A link checker's HEAD (CKAN's tries HEAD first) sees the file's size, not an empty file (RFC 9110 §9.3.2)."""
    for dump in built.manifest["dumps"]:
        path = "/" + dump["file"]
        head, get = client.head(path), client.get(path)
        assert head.status_code == get.status_code == 200, path
        assert head.data == b"", path
        assert int(head.headers["Content-Length"]) == built.manifest["files"][dump["file"]]["bytes"] == len(get.data)
        for name in ("Content-Type", "ETag", "Digest", "Last-Modified", "Cache-Control"):
            assert head.headers[name] == get.headers[name], (path, name)
