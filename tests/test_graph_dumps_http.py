"""One download per named graph: each graph of ours is a file of the build on its own, at its graph's path under
``/dumps/graph/`` (``…/graph/region/notodden`` → ``/dumps/graph/region/notodden.ttl``), in Turtle and N-Triples, each
also gzip-compressed; served as the whole dumps are (the SHA-256 as ETag, 304, a byte range) and named by the
graph's own document (``void:dataDump``; its page lists them with their sizes) and by the VoID description, but not
by the DCAT catalogue, whose distributions are the whole dataset's. Over real HTTP (`byregion serve`); a product
review found that a researcher who wanted only the reference data had to download and filter the whole dump."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Iterable

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from byregion import i18n
from byregion.build import PublishedBuild
from byregion.namespaces import VOID
from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over the site fixture's build

NOTODDEN = "/dumps/graph/region/notodden"


def get(server: Server, path: str, headers: dict[str, str] | None = None) -> requests.Response:
    return requests.get(server.url + path, headers={"Accept-Encoding": "identity", **(headers or {})},
                        allow_redirects=False, timeout=30)


def graphs_of_ours(build: PublishedBuild) -> dict[str, int]:
    """Each named graph of the build under ``/graph/`` and its triples, as the manifest counts them."""
    return {g["iri"]: int(g["triples"]) for g in build.manifest["graphs"]
            if g["iri"].startswith(build.base_uri + "/graph/")}


def triples(data: bytes, format: ox.RdfFormat) -> set[tuple[str, str, str]]:
    return {(str(q.subject), str(q.predicate), str(q.object)) for q in ox.parse(data, format=format)}


def by_graph(nquads: bytes) -> dict[str, set[tuple[str, str, str]]]:
    found: dict[str, set[tuple[str, str, str]]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        found.setdefault(str(quad.graph_name.value if isinstance(quad.graph_name, ox.NamedNode) else ""),
                         set()).add((str(quad.subject), str(quad.predicate), str(quad.object)))
    return found


def files_of(build: PublishedBuild, graph: str) -> list[str]:
    return ["/" + d["file"] for d in build.manifest["graph_dumps"] if d["graph"] == graph]


def test_every_graph_of_ours_has_turtle_and_ntriples_plain_and_gzip_at_its_own_path(site_build: PublishedBuild) -> None:
    graphs = graphs_of_ours(site_build)
    assert graphs, "the site's build has named graphs"
    for iri, count in graphs.items():
        stem = "/dumps/graph/" + iri.removeprefix(site_build.base_uri + "/graph/")
        assert sorted(files_of(site_build, iri)) == sorted(stem + ext for ext in (".nt", ".nt.gz", ".ttl", ".ttl.gz"))
        assert {d["triples"] for d in site_build.manifest["graph_dumps"] if d["graph"] == iri} == {count}
        for file in files_of(site_build, iri):  # in the manifest's files, as the whole dumps: bytes and SHA-256
            info = site_build.manifest["files"][file[1:]]
            assert hashlib.sha256(site_build.file(file[1:]).read_bytes()).hexdigest() == info["sha256"]


def test_a_graphs_dump_holds_exactly_its_graphs_triples(server: Server, site_build: PublishedBuild) -> None:
    """Each file, fetched over HTTP, parses and holds the graph's triples, no more, no fewer: those of that graph in
    the whole N-Quads dump, as many as the manifest counts; the Turtle is the same graph as the N-Triples."""
    whole = get(server, "/dumps/byregion.nq")
    assert whole.status_code == 200
    expected = by_graph(whole.content)
    for iri, count in graphs_of_ours(site_build).items():
        stem = "/dumps/graph/" + iri.removeprefix(site_build.base_uri + "/graph/")
        ntriples = get(server, stem + ".nt")
        assert ntriples.status_code == 200 and ntriples.headers["Content-Type"] == "application/n-triples", stem
        found = triples(ntriples.content, ox.RdfFormat.N_TRIPLES)
        assert found == expected[iri] and len(found) == count == len(ntriples.content.splitlines()), stem
        turtle = get(server, stem + ".ttl")
        assert turtle.headers["Content-Type"] == "text/turtle; charset=utf-8"
        assert isomorphic(Graph().parse(data=turtle.content, format="turtle"),
                          Graph().parse(data=ntriples.content, format="nt")), stem
        for plain in (ntriples, turtle):  # the .gz is the same bytes, a file of its own
            packed = get(server, stem + (".nt.gz" if plain is ntriples else ".ttl.gz"))
            assert packed.headers["Content-Type"] == "application/gzip" and "Content-Encoding" not in packed.headers
            assert gzip.decompress(packed.content) == plain.content


def test_a_graphs_dump_has_the_validators_and_ranges_of_every_dump(server: Server, site_build: PublishedBuild) -> None:
    path = NOTODDEN + ".ttl"
    body = site_build.file(path[1:]).read_bytes()
    whole = get(server, path)
    assert whole.status_code == 200 and whole.content == body
    assert whole.headers["ETag"] == f'"{hashlib.sha256(body).hexdigest()}"'
    assert whole.headers["Accept-Ranges"] == "bytes" and "Vary" not in whole.headers
    assert whole.headers["Digest"].startswith("sha-256=") and whole.headers["Last-Modified"]
    again = get(server, path, {"If-None-Match": whole.headers["ETag"]})
    assert again.status_code == 304 and not again.content and again.headers["ETag"] == whole.headers["ETag"]
    part = get(server, path, {"Range": "bytes=10-19"})
    assert part.status_code == 206 and part.content == body[10:20]
    assert part.headers["Content-Range"] == f"bytes 10-19/{len(body)}"


@pytest.mark.parametrize("path", [
    "/dumps/graph/nothing.ttl",  # no such graph
    NOTODDEN + ".trig", NOTODDEN + ".jsonld", NOTODDEN,  # a format not written, no format
    "/dumps/graph/", "/dumps/graph/region/", "/dumps/graph/region",  # folders
    "/dumps/graph/REGION/NOTODDEN.TTL",  # another letter case
])
def test_what_names_no_graphs_dump_is_404(server: Server, path: str) -> None:
    assert get(server, path).status_code == 404, path


def test_a_graphs_document_names_its_dumps_and_its_page_lists_them_with_sizes(server: Server,
                                                                              site_build: PublishedBuild) -> None:
    for iri in graphs_of_ours(site_build):
        path = iri.removeprefix(site_build.base_uri)
        files = files_of(site_build, iri)
        document = Graph().parse(data=get(server, path + ".ttl").content, format="turtle")
        assert set(document.objects(URIRef(iri), VOID.dataDump)) == {URIRef(site_build.base_uri + f)
                                                                      for f in files}, path
        for lang in i18n.LANGUAGES:
            page = get(server, f"{path}.html?lang={lang}").text
            listed = re.search(r'<h2 id="downloads">.*?</ul>', page, re.S)
            assert listed is not None, (path, lang)
            assert i18n.t("graph_dumps_note", lang).replace("'", "&#39;") in page
            for file in files:
                size = i18n.file_size(site_build.manifest["files"][file[1:]]["bytes"], lang)
                assert re.search(rf'href="{re.escape(file)}"[^<]*</a>\s*<span class="meta">[^<]*{size}</span>',
                                 listed.group(0)), (path, lang, file)
            for href in re.findall(r'href="(/dumps/[^"]+)"', listed.group(0)):  # and each link answers
                assert requests.head(server.url + href, timeout=30).status_code == 200, href


def dumps_named(graph: Graph, subject: URIRef) -> set[str]:
    return {str(o) for o in graph.objects(subject, VOID.dataDump)}


def all_files(build: PublishedBuild, entries: Iterable[dict[str, str]]) -> set[str]:
    return {build.base_uri + "/" + d["file"] for d in entries}


def test_the_void_names_each_graphs_dumps_and_the_catalogue_only_the_whole_dumps(server: Server,
                                                                                 site_build: PublishedBuild) -> None:
    void = Graph().parse(data=get(server, "/.well-known/void.ttl").content, format="turtle")
    dataset = URIRef(site_build.base_uri + "/dataset")
    assert dumps_named(void, dataset) == all_files(site_build, site_build.manifest["dumps"])
    for iri in graphs_of_ours(site_build):
        assert (dataset, VOID.subset, URIRef(iri)) in void
        assert dumps_named(void, URIRef(iri)) == all_files(
            site_build, (d for d in site_build.manifest["graph_dumps"] if d["graph"] == iri))
    catalogue = get(server, "/catalog.ttl").text
    assert "/dumps/byregion.ttl" in catalogue and "/dumps/graph/" not in catalogue
