"""Render once per build: every document is rendered when the build is made, and serving one is a look-up.

On the site fixture's real build: what ``documents.sqlite`` holds, that answering needs nothing but it (no
store, no rdflib, no template), and gzip to clients that take it. A server following new builds is
``test_following.py``'s.
"""

from __future__ import annotations

import gc
import gzip
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from byregion import progress
from byregion.build import PublishedBuild
from byregion.build.render import render
from byregion.build.render import step as render_module
from byregion.build.render.documents import Document, Renderer
from byregion.build.render.ontology_versions import MissingVersion
from byregion.build.render.pages import members_facts
from byregion.build.render.sources import SourceMismatch
from byregion.docstore import FILE, DocumentStore, etag_of
from byregion.graph_index import GraphIndex
from byregion.mediatypes import DOCUMENT_TYPES, SERVED_TYPES
from byregion.namespaces import BASE, BR
from byregion.serve.documents import Served, answer
from byregion.serve.rules import Request
from byregion.settings import Settings
from tests.conftest import Server

pytestmark = pytest.mark.slow

REGION = "/doc/region/notodden"
GEO = "http://www.opengis.net/ont/geosparql#"


def test_every_thing_of_ours_has_its_document_in_every_format(site_build: PublishedBuild,
                                                              site_index: GraphIndex) -> None:
    store = DocumentStore(site_build.path / FILE)
    prefix = f"{site_build.base_uri}/id/"
    things = {"/doc/" + iri[len(prefix):] for iri in site_index.own if iri.startswith(prefix)}
    assert things and things <= set(store.paths())
    mapped = {"/doc/" + str(s)[len(prefix):] for s, pairs in site_index.outgoing.items()
              for p, _o in pairs if str(p) == GEO + "hasGeometry" or (p == RDF.type and str(_o) == GEO + "Geometry")}
    assert mapped, "the site has boundaries, so some things are map layers too"
    for path in sorted(things)[:25] + sorted(mapped):
        geojson = path in mapped  # a thing with a geometry is GeoJSON too
        assert store.variants(path) == tuple(m.extension for m in (SERVED_TYPES if geojson else DOCUMENT_TYPES))
        variants = {r.variant for r in store.all(path) if "/" not in r.variant}  # the default profile's
        assert variants == {"ttl", "jsonld", "nt", "rdf", "html.nb", "html.en", *(["geojson"] if geojson else [])}
        for representation in store.all(path):
            assert representation.etag == etag_of(representation.body)  # the ETag is a hash of the content
    assert {"/", "/catalog", "/dataset", "/.well-known/void", "/validation", "/sitemap.xml", "/robots.txt",
            "/context.jsonld", "/def/byregion"} <= set(store.paths())
    assert site_build.manifest["documents"]["documents"] == len(store.paths())


def test_a_render_stopped_by_an_error_is_not_said_to_be_done(site_settings: Settings, site_build: PublishedBuild,
                                                             tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Where stderr is no terminal, a render that fails (a cited source file gone) ends without a line: it had said
    "render: 12 of 130 documents (9%), done" right before the error (or before "stopped (SIGTERM)")."""
    monkeypatch.setattr(progress, "LINE_SECONDS", 0.0)  # lines as a long render says them
    folder = tmp_path / "build"
    shutil.copytree(site_build.path, folder, ignore=shutil.ignore_patterns(FILE, "search.sqlite"))
    repo = tmp_path / "repo"
    shutil.copytree(site_settings.repo_dir, repo)
    for source in (repo / "data" / "sources").glob("*.txt"):
        source.unlink()
    with pytest.raises(SourceMismatch, match="is missing"):
        render(folder, dict(site_build.manifest), Graph().parse(folder / "report.ttl"),
               inbound_limit=site_settings.inbound_limit, blank_depth=site_settings.blank_depth, workers=1,
               progress=None, repo=repo)
    said = capsys.readouterr().err
    assert not [line for line in said.splitlines() if line.startswith("render: ") and ", done" in line], said


def test_workers_write_the_same_documents_in_the_same_order_as_one_process(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's own documents (catalogue, VoID, the validation report) render in a worker beside the things, and
    the parent writes whatever the workers render in document order: ``documents.sqlite`` holds the same rows,
    row for row, as when one process renders everything. The site's build renders in parallel here
    (``PARALLEL_FROM`` 1, a few pages a task)."""
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render_module, "CHUNK", 7)
    report = Graph().parse(site_build.path / "report.ttl")
    gc.freeze()  # as a process that froze its own heap (a test worker does, tests/conftest.py)
    dumps = []
    for workers in (1, 2):
        folder = tmp_path / f"workers-{workers}"
        shutil.copytree(site_build.path, folder, ignore=shutil.ignore_patterns(FILE, "search.sqlite"))
        render(folder, dict(site_build.manifest), report, inbound_limit=site_settings.inbound_limit,
               blank_depth=site_settings.blank_depth, workers=workers, progress=False, repo=site_settings.repo_dir)
        with closing(sqlite3.connect(folder / FILE)) as db:
            dumps.append(list(db.iterdump()))
    one, parallel = dumps
    assert len(one) > 1000 and any("/validation" in line for line in one)
    assert parallel == one
    # the render froze the heap its workers shared and left the caller's frozen objects frozen: unfrozen, every
    # later collection would walk them again
    assert gc.get_freeze_count() > 0


def test_an_error_in_the_site_documents_stops_a_render_in_workers(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The site's own documents render in a worker beside the things: an error there (an earlier version of the
    ontology without its text, say) reaches the build as it would from one process, not a hang or a partial file."""
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(render_module, "CHUNK", 7)

    def broken(self: Renderer) -> Iterator[Document]:
        raise MissingVersion("the ontology names /def/byregion/0.0.1 as an earlier version, but the build has none")
        yield  # a generator, as the real one is

    monkeypatch.setattr(Renderer, "site_documents", broken)
    folder = tmp_path / "build"
    shutil.copytree(site_build.path, folder, ignore=shutil.ignore_patterns(FILE, "search.sqlite"))
    with pytest.raises(MissingVersion, match="as an earlier version"):
        render(folder, dict(site_build.manifest), Graph().parse(folder / "report.ttl"),
               inbound_limit=site_settings.inbound_limit, blank_depth=site_settings.blank_depth, workers=2,
               progress=False, repo=site_settings.repo_dir)


def test_answering_needs_only_the_rendered_documents(site_build: PublishedBuild) -> None:
    """A copy of documents.sqlite alone, with no store beside it, answers every kind of request."""
    folder = Path(site_build.path.parent.parent / "documents-only")
    folder.mkdir(exist_ok=True)
    shutil.copy(site_build.path / FILE, folder / FILE)
    served = Served(DocumentStore(folder / FILE), datetime.now(UTC), 2048)
    for path, accept, status in [(REGION, "text/turtle", 200), (REGION + ".jsonld", "", 200), ("/", "", 200),
                                 ("/id/region/notodden", "", 303), ("/doc/region/atlantis", "text/turtle", 404),
                                 ("/id/region/atlantis", "", 404), ("/id/region/notodden.ttl", "", 303),
                                 (REGION, "image/png", 406), ("/catalog", "application/ld+json", 200)]:
        result = answer(served, Request("GET", path, {}, {"accept": accept} if accept else {}))
        assert result is not None and result.status == status, (path, accept)


def test_the_request_logic_imports_no_rdflib_no_store_and_no_templates() -> None:
    code = ("import sys; import byregion.serve.documents; "
            "bad = sorted({m.split('.')[0] for m in sys.modules} & {'rdflib', 'jinja2', 'pyshacl', 'pyoxigraph', "
            "'flask'}); print(','.join(bad))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert found == "", f"the request path imports {found}"


def test_the_web_app_loads_none_of_the_builds_machinery(site_settings: Settings, site_build: PublishedBuild) -> None:
    """A server reads builds and never makes one: each of its processes would otherwise carry the writer, pyshacl,
    shapely and numpy (tens of MB, and a third of a second at start). The app is made as ``byregion serve``'s
    workers make it, every surface registered."""
    code = ("import sys; from byregion.web.app import create_app; create_app(); "
            "print(','.join(sorted({m for m in sys.modules if m.split('.')[0] in ('pyshacl', 'shapely', 'numpy')} "
            "| ({'byregion.build.writer', 'byregion.dumps', 'byregion.dcat'} & set(sys.modules)))))")
    env = {**os.environ, "BYREGION_BUILD_DIR": str(site_settings.build_dir)}
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env).stdout.strip()
    assert found == "", f"the web app imports {found[:300]}"


def test_the_web_app_opens_no_store(site_settings: Settings, site_build: PublishedBuild) -> None:
    """Queries run in the query processes (or on a remote store): a web worker that opened the build's Oxigraph
    store as well would hold its files and caches for nothing, once per worker."""
    code = ("import os; from pathlib import Path; from byregion.web.app import create_app; create_app(); "
            "print('\\n'.join(str(p.resolve()) for p in Path('/proc/self/fd').iterdir() if p.is_symlink()))")
    env = {**os.environ, "BYREGION_BUILD_DIR": str(site_settings.build_dir)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    opened = done.stdout.split("\n")
    assert [f for f in opened if "/store/" in f] == []
    assert any(f.endswith("/documents.sqlite") for f in opened)  # what it does open: the rendered documents


def test_gzip_goes_to_clients_that_take_it(server: Server) -> None:
    packed = requests.get(server.url + REGION, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip"},
                          stream=True, timeout=10)
    raw = packed.raw.read()
    plain = requests.get(server.url + REGION, headers={"Accept": "text/turtle", "Accept-Encoding": "identity"},
                         timeout=10)
    assert packed.headers["Content-Encoding"] == "gzip" and "Content-Encoding" not in plain.headers
    assert gzip.decompress(raw) == plain.content
    assert "Accept-Encoding" in packed.headers["Vary"] and "Accept-Encoding" in plain.headers["Vary"]
    assert packed.headers["ETag"] != plain.headers["ETag"]  # two representations, two validators
    again = requests.get(server.url + REGION, headers={"Accept": "text/turtle", "Accept-Encoding": "gzip",
                                                        "If-None-Match": packed.headers["ETag"]}, timeout=10)
    assert again.status_code == 304



def test_a_change_of_name_that_is_also_a_renumbering_names_the_member_as_it_was_called() -> None:
    """Gratangen's change of 2024-01-01 is both a renumbering and a change of name (``br:changeKind`` twice): the
    programme's table read one kind of it, whichever the store gave first, and in a build where that was the
    renumbering called Gratangen "officially Gratangen - Rivtták" in 2015 instead of "now Gratangen - Rivtták"."""
    member = URIRef(f"{BASE}/id/municipality/gratangen")
    change = URIRef(f"{member}/change/2024-01-01")
    graph = Graph()
    graph.add((URIRef(f"{BASE}/id/region/x/membership/gratangen"), ORG.member, member))
    statements = [(BR.changeKind, BR.renumbering), (BR.changeKind, BR.nameChange), (ORG.resultingOrganization, member),
                  (DCTERMS.date, Literal("2024-01-01")), (BR.newName, Literal("Gratangen - Rivtták"))]
    quads = [ox.Quad(ox.NamedNode(str(change)), ox.NamedNode(str(p)),
                     ox.NamedNode(str(o)) if isinstance(o, URIRef) else ox.Literal(str(o))) for p, o in statements]
    facts = members_facts(GraphIndex.from_quads(quads, BASE), graph, BR)
    assert (change, BR.newName, Literal("Gratangen - Rivtták")) in facts
