"""A build of the same data serves the same VoID description and validation report, byte for byte: their blank nodes
(VoID's class and property partitions, pyshacl's report) had random labels, so their ETags changed with every build
and a crawler revalidating them never got a 304, and one merging documents gathered new nodes each time (a Linked
Data crawler's review). And the VoID linksets' IRIs (``/dataset#linkset-…``) dereference to a document that
describes them: ``/dataset``, which points to the VoID description for the figures."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from byregion.build import PublishedBuild, build
from byregion.namespaces import BASE, VOID
from byregion.pages import curie
from byregion.settings import Settings
from byregion.web.app import create_app
from tests.conftest import built_copy

pytestmark = pytest.mark.slow  # real builds of the web tests' small dataset

FORMATS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def served(settings: Settings, path: str) -> dict[str, tuple[str, bytes]]:
    client = create_app(settings).test_client()
    out = {}
    for media_type in FORMATS:
        answer = client.get(path, headers={"Accept": media_type})
        assert answer.status_code == 200, (path, media_type)
        out[media_type] = (answer.headers["ETag"], answer.get_data())
    return out


def test_a_build_of_the_same_data_serves_the_same_void_and_validation_documents(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)  # the run's shared build, copied: made seconds or minutes ago
    before = {path: served(settings, path) for path in ("/.well-known/void", "/validation")}
    build(settings, force=True, progress=False)
    after = {path: served(settings, path) for path in ("/.well-known/void", "/validation")}
    for path, answers in before.items():
        for media_type, (etag, body) in answers.items():
            assert after[path][media_type] == (etag, body), (path, media_type)
    void = Graph().parse(data=after["/.well-known/void"]["text/turtle"][1], format="turtle")
    assert len(set(void.objects(None, VOID.classPartition))) > 3  # blank nodes, labelled by what they count


def test_the_void_linksets_dereference_to_the_dataset_document_which_points_to_void(
        site_settings: Settings, site_build: PublishedBuild) -> None:
    client = create_app(site_settings).test_client()
    void = Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).get_data(),
                         format="turtle")
    dataset = Graph().parse(data=client.get("/dataset", headers={"Accept": "text/turtle"}).get_data(),
                            format="turtle")
    parts = {s for s in void.subjects() if isinstance(s, URIRef) and str(s).startswith(f"{BASE}/dataset#")}
    assert parts and set(void.subjects(RDF.type, VOID.Linkset)) <= parts
    for part in parts:  # its document (the IRI without its fragment) says what VoID says of it
        assert set(void.predicate_objects(part)) == set(dataset.predicate_objects(part)), part
    assert (URIRef(f"{BASE}/dataset"), RDFS.seeAlso, URIRef(f"{BASE}/.well-known/void")) in dataset
    page = client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)
    versions = {o for o in dataset.subjects() if isinstance(o, URIRef) and "#version-" in str(o)}
    for fragment in {str(part).split("#", 1)[1] for part in parts | versions}:  # a browser lands on its place
        assert f'id="{fragment}"' in page, fragment
    # each linkset names its property as a reader writes it, linked to the property (not a bare IRI in <code>)
    for linkset in void.subjects(RDF.type, VOID.Linkset):
        predicate = str(void.value(linkset, VOID.linkPredicate))
        prefix, _, local = curie(predicate).partition(":")
        assert local and f'<a href="{predicate}"><code>{prefix}:{local}</code></a>' in page, predicate


def test_two_processes_building_the_same_data_write_the_same_bytes_for_every_document(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """Every representation, the SPARQL service description's too (it names the content's version, not the
    build's: a reproducible-builds review), has the same ETag, and every dump the same bytes, from two builds of
    the same data, made by processes with different hash seeds: an rdflib graph's order and an in-memory store's
    follow the seed, and the earlier ontology versions and the named graphs' documents had changed with every
    build, and with them their Last-Modified (a re-check). Both follow a build of the same data (the run's shared
    one, copied): a folder's first build cannot date the sitemap's pages, which a later one does."""
    import sqlite3
    import subprocess

    from tests.conftest import BYREGION, REPO_ROOT, settings_env

    settings = built_copy(site_settings, tmp_path)
    published: list[tuple[dict[tuple[str, str], str], dict[str, bytes]]] = []
    for seed in ("1", "2"):
        done = subprocess.run([*BYREGION, "build", "--force"], env={**settings_env(settings), "PYTHONHASHSEED": seed},
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        current = (settings.build_dir / "current").resolve()
        connection = sqlite3.connect(current / "documents.sqlite")
        etags = {(path, variant): etag for path, variant, etag in connection.execute(
            "SELECT path, variant, etag FROM representations")}
        connection.close()
        dumps = {str(p.relative_to(current / "dumps")): p.read_bytes() for p in (current / "dumps").rglob("*")
                 if p.is_file()}
        published.append((etags, dumps))  # (a second build within the same second takes a name of its own)
    (first, dumps), (second, dumps_again) = published
    assert sorted({path for (path, variant), etag in first.items() if second.get((path, variant)) != etag}) == []
    assert len(first) > 100 and any(path.startswith("/def/byregion/0.") for path, _ in first)  # earlier versions too
    whole = {f"byregion.{ext}{gz}" for ext in ("ttl", "nt", "jsonld", "trig", "nq") for gz in ("", ".gz")}
    assert whole < set(dumps) and any(name.startswith("graph/") for name in dumps)  # each named graph's too
    assert dumps_again == dumps
