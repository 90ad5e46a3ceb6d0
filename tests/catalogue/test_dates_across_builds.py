"""The catalogue dates the data by when it changed, not by when it was built: a build of the same data (new software,
``--force``) is no new version of the dataset: its dataset (version, previous version, quality figures),
distributions and tables keep the version and dates of the build that first had those bytes, so a harvester polling
``dct:modified`` or comparing the dataset's description (data.norge.no does) sees no change that is not one."""

from __future__ import annotations

import copy
import time
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from byregion.build import PublishedBuild, build, open_current
from byregion.build.since import carry, carry_tables, content_version
from byregion.dcat import catalogue_graph
from byregion.namespaces import BASE
from byregion.quality import quality_graph
from byregion.settings import Settings
from byregion.void import void_graph
from byregion.web.app import create_app
from tests.conftest import built_copy

pytestmark = pytest.mark.slow  # a real build of the web tests' small dataset, after a copy of one

DCAT = Namespace("http://www.w3.org/ns/dcat#")  # DCAT 3 (rdflib's namespace has no dcat:version)


def dated(moment: str) -> Literal:
    return Literal(moment, datatype=XSD.dateTime)


def test_a_build_of_the_same_data_keeps_the_dates_and_the_version(site_settings: Settings, site_build: PublishedBuild,
                                                                  tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)  # the run's shared build, copied: made a while ago
    first = open_current(settings.build_dir).manifest
    made = datetime.fromisoformat(first["created"].replace("Z", "+00:00")).timestamp()
    time.sleep(max(0.0, made + 1.1 - time.time()))  # a build's time is to the second: the next build's must differ
    second = build(settings, force=True, progress=False).manifest
    assert second["version"] != first["version"] and second["content_sha256"] == first["content_sha256"]
    assert second["created"] != first["created"]

    g = catalogue_graph(second)
    dataset = URIRef(f"{BASE}/dataset")
    assert g.value(dataset, DCTERMS.modified) == dated(first["created"])
    assert g.value(dataset, DCAT.version) == Literal(first["version"])  # the version of this content
    assert g.value(dataset, DCAT.previousVersion) is None  # no earlier content: the first build is not another one
    before = catalogue_graph(first)
    assert set(g.predicate_objects(dataset)) == set(before.predicate_objects(dataset))  # a harvester's copy stays
    quality_now, quality_before = quality_graph(second), quality_graph(first)  # what /catalog adds of the report
    assert set(quality_now) and set(quality_now) == set(quality_before)
    distributions = set(g.subjects(RDF.type, DCAT.Distribution)) - {URIRef(f"{BASE}/catalog#sparql")}
    dates = {(g.value(d, DCTERMS.issued), g.value(d, DCTERMS.modified)) for d in distributions
             if g.value(d, DCTERMS.issued) is not None}
    assert dates == {(dated(first["created"]), dated(first["created"]))}
    tables = [t for t in g.objects(URIRef(f"{BASE}/catalog"), DCAT.dataset) if t != dataset]
    assert tables and {g.value(t, DCTERMS.modified) for t in tables} == {dated(first["created"])}
    catalogue = URIRef(f"{BASE}/catalog")  # it names the content's version: modified with the content
    assert g.value(catalogue, DCTERMS.modified) == dated(first["created"])
    described = [str(o) for d in distributions for o in g.objects(d, DCTERMS.description)]
    described += [str(o) for o in g.objects(dataset, DCTERMS.description)]
    assert described and not [text for text in described if second["version"] in text]  # a harvester's copy stays
    void = void_graph(open_current(settings.build_dir).manifest)
    assert set(void.objects(dataset, DCTERMS.modified)) == {dated(first["created"])}
    # a dump's Last-Modified is that date too, so If-Modified-Since of it is a 304, not the whole file again
    client = create_app(settings).test_client()
    dump = client.get("/dumps/byregion.ttl")
    since = format_datetime(datetime.fromisoformat(first["created"].replace("Z", "+00:00")), usegmt=True)
    assert dump.status_code == 200 and dump.headers["Last-Modified"] == since
    assert client.get("/dumps/byregion.ttl", headers={"If-Modified-Since": since}).status_code == 304
    page = client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)  # its page says the same
    assert f"<code>{first['version']}</code>" in page and second["version"] not in page


def test_a_file_is_dated_by_the_build_that_first_wrote_its_bytes() -> None:
    previous = {"created": "2026-01-01T00:00:00Z", "content_sha256": "a", "content_since": "2025-06-01T00:00:00Z",
                "files": {"same.ttl": {"sha256": "1", "since": "2025-06-01T00:00:00Z"},
                          "old.ttl": {"sha256": "2"}, "changed.ttl": {"sha256": "3"}},
                "tables": [{"path": "/doc/t.csv", "sha256": "4"}]}
    manifest = {"created": "2026-02-01T00:00:00Z", "content_sha256": "a",
                "files": {"same.ttl": {"sha256": "1"}, "old.ttl": {"sha256": "2"}, "changed.ttl": {"sha256": "9"},
                          "new.ttl": {"sha256": "5"}},
                "tables": [{"path": "/doc/t.csv", "sha256": "4"}, {"path": "/doc/u.csv", "sha256": "6"}]}
    carry(manifest, previous)
    carry_tables(manifest, previous)
    assert manifest["content_since"] == "2025-06-01T00:00:00Z"
    assert {name: info["since"] for name, info in manifest["files"].items()} == {
        "same.ttl": "2025-06-01T00:00:00Z", "old.ttl": "2026-01-01T00:00:00Z",
        "changed.ttl": "2026-02-01T00:00:00Z", "new.ttl": "2026-02-01T00:00:00Z"}
    assert [t["since"] for t in manifest["tables"]] == ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]
    changed = {**manifest, "content_sha256": "b"}
    carry(changed, previous)
    assert changed["content_since"] == "2026-02-01T00:00:00Z"
    first = {"created": "2026-03-01T00:00:00Z", "content_sha256": "c", "files": {"x": {"sha256": "1"}}}
    carry(first, None)
    assert first["content_since"] == first["files"]["x"]["since"] == "2026-03-01T00:00:00Z"


def test_a_file_is_issued_when_a_file_of_its_name_was_first_published() -> None:
    """``dct:issued`` stays the first publication, whatever the bytes since (a harvester saw the dump's issued date
    move to the build that changed it); a build from before these dates were kept gives its ``since``."""
    previous = {"created": "2026-01-01T00:00:00Z", "content_sha256": "a",
                "files": {"kept.ttl": {"sha256": "1", "since": "2025-09-01T00:00:00Z", "first": "2025-06-01T00:00:00Z"},
                          "older.ttl": {"sha256": "2", "since": "2025-09-01T00:00:00Z"}},
                "tables": [{"path": "/doc/t.csv", "sha256": "4", "first": "2025-06-01T00:00:00Z"}]}
    manifest = {"created": "2026-02-01T00:00:00Z", "content_sha256": "b",
                "files": {"kept.ttl": {"sha256": "9"}, "older.ttl": {"sha256": "8"}, "new.ttl": {"sha256": "5"}},
                "tables": [{"path": "/doc/t.csv", "sha256": "7"}, {"path": "/doc/u.csv", "sha256": "6"}]}
    carry(manifest, previous)
    carry_tables(manifest, previous)
    assert {name: (info["first"], info["since"]) for name, info in manifest["files"].items()} == {
        "kept.ttl": ("2025-06-01T00:00:00Z", "2026-02-01T00:00:00Z"),
        "older.ttl": ("2025-09-01T00:00:00Z", "2026-02-01T00:00:00Z"),
        "new.ttl": ("2026-02-01T00:00:00Z", "2026-02-01T00:00:00Z")}
    assert [t["first"] for t in manifest["tables"]] == ["2025-06-01T00:00:00Z", "2026-02-01T00:00:00Z"]
    alone = {"created": "2026-03-01T00:00:00Z", "content_sha256": "c", "files": {"x": {"sha256": "1"}}}
    carry(alone, None)
    assert alone["files"]["x"]["first"] == "2026-03-01T00:00:00Z"


def test_the_version_is_the_build_that_first_had_the_content_and_the_previous_one_the_build_before_it() -> None:
    history = [{"version": "b3", "content_sha256": "B"}, {"version": "b2", "content_sha256": "A"},
               {"version": "b1", "content_sha256": "A"}]  # newest first, as the manifest keeps it
    now = content_version({"version": "b4", "content_sha256": "B", "history": history})
    assert (now.version, [e["version"] for e in now.earlier]) == ("b3", ["b1"])  # b2 is b1's content: one version
    changed = content_version({"version": "b5", "content_sha256": "C", "history": history})
    assert (changed.version, [e["version"] for e in changed.earlier]) == ("b5", ["b3", "b1"])
    assert content_version({"version": "b1", "content_sha256": "A"}).version == "b1"  # the first build


def test_the_layers_are_issued_with_their_first_layer_not_with_the_dataset_before_them(
        site_build: PublishedBuild) -> None:
    """A harvester's review: the boundary layers came builds after the dataset, and their dataset was issued on the
    dataset's first day, before any of its distributions; it is issued with its first layer."""
    manifest = copy.deepcopy(site_build.manifest)
    assert manifest["layers"], "the fixture site has boundary files, so the build has layers"
    manifest["history"] = [*manifest.get("history", []), {"version": "20250101T000000Z",
                                                          "created": "2025-01-01T00:00:00Z", "content_sha256": "x"}]
    for n, entry in enumerate(manifest["layers"]):
        entry["first"] = entry["since"] = f"2026-0{1 + n % 2}-15T00:00:00Z"
    g = catalogue_graph(manifest)
    layers = URIRef(f"{BASE}/dataset#boundaries")
    issued = {g.value(d, DCTERMS.issued) for d in g.objects(layers, DCAT.distribution)}
    assert issued == {dated("2026-01-15T00:00:00Z"), dated("2026-02-15T00:00:00Z")}
    assert g.value(layers, DCTERMS.issued) == dated("2026-01-15T00:00:00Z")
    assert g.value(URIRef(f"{BASE}/dataset"), DCTERMS.issued) == dated("2025-01-01T00:00:00Z")  # the dataset's own
