"""A build made with another base (``BYREGION_BASE_URI``) says what the build with the canonical base says, at its
own IRIs: every document, page and RDF alike. The data is written with the canonical IRIs and moved to the build's
base before it is validated and rendered, so code that reads the moved data with the canonical namespace
(``BR.membership`` where the build's is ``br.membership``) finds nothing and says nothing, with no error: an
accessibility review found a region page's member table empty, the dataset page's title without its name and the
maps gone in a build for another host, and the build had reported nothing wrong.
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from urllib.parse import quote

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from byregion.build import PublishedBuild, build, open_current
from byregion.docstore import FILE, DocumentStore, Representation
from byregion.search import FILE as SEARCH_FILE
from byregion.settings import Settings
from tests.conftest import BASE

pytestmark = pytest.mark.slow

OTHER = "http://lod.example.org"
#: The RDF formats compared as graphs (their order of statements may follow the IRIs' order, which the base moves):
#: Turtle, whose graph every other format of a document writes too.
RDF_FORMATS = {"ttl": "turtle"}


@pytest.fixture(scope="module")
def builds(site_build: PublishedBuild, site_settings: Settings,
           tmp_path_factory: pytest.TempPathFactory) -> tuple[PublishedBuild, PublishedBuild]:
    settings = replace(site_settings, build_dir=tmp_path_factory.mktemp("other-base") / "build", base_uri=OTHER)
    build(settings, progress=False)
    return site_build, open_current(settings.build_dir)


@pytest.fixture(scope="module")
def stores(builds: tuple[PublishedBuild, PublishedBuild]) -> tuple[DocumentStore, DocumentStore]:
    return DocumentStore(Path(builds[0].path) / FILE), DocumentStore(Path(builds[1].path) / FILE)


#: What differs between two builds of the same data whatever their bases: the build's version and moment, and the
#: dumps' digests and sizes (their bytes hold the IRIs).
BUILD_OWN = re.compile(r"\d{8}T\d{6}Z|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.]\d+)?(?:Z|[+-]\d\d:\d\d)?"
                       r"|(?<!_:)\b[0-9a-f]{64}\b"
                       r'|data-bytes="\d+">[\d,\u00a0 ]+<|\d[\d,.\u00a0 ]*[ \u00a0]?(?:kB|MB|B|bytes)\b'
                       r'|"\d+"\^\^(?:xsd:nonNegativeInteger|<http://www\.w3\.org/2001/XMLSchema#nonNegativeInteger>)')


def _canonical(body: bytes) -> str:
    """The body with the other base written as the canonical one, and the build's own moment and digests left out."""
    text = body.decode("utf-8").replace(OTHER, BASE).replace(quote(OTHER, safe=""), quote(BASE, safe=""))
    return BUILD_OWN.sub(lambda m: '"…"' if m[0].startswith('"') else "…", text)


def _words(html: bytes) -> Counter[str]:
    """The page's words and links (:func:`_canonical`), in any order: a list sorted by IRI may come in another
    order under another base."""
    text = re.sub(r"<time[^>]*>[^<]*</time>", "", _canonical(html))  # the build's date, as the page writes it
    return Counter(re.findall(r"[^\s<>\"]+", re.sub(r"<[^>]*>", " ", text)))


def test_another_base_publishes_the_same_documents(stores: tuple[DocumentStore, DocumentStore]) -> None:
    canonical, other = stores
    assert set(other.paths()) == set(canonical.paths())


def _pairs(stores: tuple[DocumentStore, DocumentStore], wanted: Callable[[str], bool]
           ) -> Iterator[tuple[str, Representation, Representation]]:
    """Each representation of the canonical build whose variant is ``wanted``, with the other build's of it."""
    canonical, other = stores
    for path in canonical.paths():
        for ours in canonical.all(path):
            if wanted(ours.variant):
                theirs = other.get(path, ours.variant)
                assert theirs is not None, (path, ours.variant)
                yield path, ours, theirs


def test_every_page_says_in_another_base_what_it_says_in_the_canonical(
        stores: tuple[DocumentStore, DocumentStore]) -> None:
    differing = []
    for path, ours, theirs in _pairs(stores, lambda variant: variant.startswith("html")):
        lost, gained = _words(ours.body) - _words(theirs.body), _words(theirs.body) - _words(ours.body)
        if lost or gained:
            differing.append(f"{path} {ours.variant}: lost {sorted(lost)[:6]}, gained {sorted(gained)[:6]}")
    assert not differing, "\n".join(differing[:20])


def test_every_rdf_document_is_the_canonical_graph_at_the_builds_iris(
        stores: tuple[DocumentStore, DocumentStore]) -> None:
    differing = []
    for path, ours, theirs in _pairs(stores, lambda variant: variant in RDF_FORMATS):
        fmt = RDF_FORMATS[ours.variant]
        expected = Graph().parse(data=_canonical(ours.body), format=fmt)
        found = Graph().parse(data=_canonical(theirs.body), format=fmt)
        if not isomorphic(expected, found):
            differing.append(f"{path} {ours.variant}: {len(expected)} triples, {len(found)} in another base")
    assert not differing, "\n".join(differing[:20])


def test_search_names_each_thing_of_another_base_by_the_same_kind(
        builds: tuple[PublishedBuild, PublishedBuild]) -> None:
    """A thing of several classes is named by one of them in search's results; it had been the first of its classes
    by IRI, which the base reorders (a reviewer's search for "kartverket": ``br:ReferenceSource`` in one build,
    ``prov:Entity`` in the other)."""
    kinds = []
    for published in builds:
        connection = sqlite3.connect(Path(published.path) / SEARCH_FILE)
        try:
            kinds.append({path: (kind or "").replace(OTHER, BASE)
                          for path, kind in connection.execute("SELECT path, kind FROM things")})
        finally:
            connection.close()
    assert kinds[0] and kinds[1] == kinds[0]
