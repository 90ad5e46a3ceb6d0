"""A build of the same data serves the same VoID description and validation report, byte for byte: their blank nodes
(VoID's class and property partitions, pyshacl's report) had random labels, so their ETags changed with every build
and a crawler revalidating them never got a 304, and one merging documents gathered new nodes each time (a Linked
Data crawler's review). And the VoID linksets' IRIs (``/dataset#linkset-…``) dereference to a document that
describes them: ``/dataset``, which points to the VoID description for the figures."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS

from byregion.build import build
from byregion.namespaces import BASE, VOID
from byregion.pages import curie
from byregion.settings import Settings
from server.app import create_app
from tests.support.site import fixture_repo

pytestmark = pytest.mark.slow  # two real builds of the web tests' small dataset

FORMATS = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")


def served(settings: Settings, path: str) -> dict[str, tuple[str, bytes]]:
    client = create_app(settings).test_client()
    out = {}
    for media_type in FORMATS:
        answer = client.get(path, headers={"Accept": media_type})
        assert answer.status_code == 200, (path, media_type)
        out[media_type] = (answer.headers["ETag"], answer.get_data())
    return out


def test_a_build_of_the_same_data_serves_the_same_void_and_validation_documents(tmp_path: Path) -> None:
    settings = Settings.from_env({}, repo_dir=fixture_repo(tmp_path / "repo"), build_dir=tmp_path / "build")
    build(settings, progress=False)
    before = {path: served(settings, path) for path in ("/.well-known/void", "/validation")}
    time.sleep(1.1)  # another build's name
    build(settings, force=True, progress=False)
    after = {path: served(settings, path) for path in ("/.well-known/void", "/validation")}
    for path, answers in before.items():
        for media_type, (etag, body) in answers.items():
            assert after[path][media_type] == (etag, body), (path, media_type)
    void = Graph().parse(data=after["/.well-known/void"]["text/turtle"][1], format="turtle")
    assert len(set(void.objects(None, VOID.classPartition))) > 3  # blank nodes, labelled by what they count


def test_the_void_linksets_dereference_to_the_dataset_document_which_points_to_void(tmp_path: Path) -> None:
    settings = Settings.from_env({}, repo_dir=fixture_repo(tmp_path / "repo"), build_dir=tmp_path / "build")
    build(settings, progress=False)
    client = create_app(settings).test_client()
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


def test_two_processes_building_the_same_data_write_the_same_bytes_for_every_document(tmp_path: Path) -> None:
    """Every representation, the SPARQL service description's too (it names the content's version, not the
    build's: a reproducible-builds review), has the same ETag from two builds of the same data, made by processes
    with different hash seeds: an rdflib graph's order and an in-memory store's follow the seed, and the earlier
    ontology versions and the named graphs' documents had changed with every build, and with them their
    Last-Modified (a re-check). The first build is left out of the comparison: the
    sitemap of the second dates its pages, which the first could not."""
    import sqlite3
    import subprocess

    from tests.conftest import BYREGION, REPO_ROOT, settings_env

    settings = Settings.from_env({}, repo_dir=fixture_repo(tmp_path / "repo"), build_dir=tmp_path / "build")
    etags: list[dict[tuple[str, str], str]] = []
    for seed in ("1", "2", "3"):
        done = subprocess.run([*BYREGION, "build", "--force"], env={**settings_env(settings), "PYTHONHASHSEED": seed},
                              cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        connection = sqlite3.connect((tmp_path / "build" / "current").resolve() / "documents.sqlite")
        etags.append({(path, variant): etag for path, variant, etag in connection.execute(
            "SELECT path, variant, etag FROM representations")})
        connection.close()
        time.sleep(1.1)  # another build's name
    second, third = etags[1], etags[2]
    assert sorted({path for (path, variant), etag in second.items() if third.get((path, variant)) != etag}) == []
    assert any(path.startswith("/def/byregion/0.") for path, _ in second)  # the earlier versions are there
