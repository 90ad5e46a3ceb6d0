"""The ontology's earlier versions are archives: a build carries their documents over from the build before, byte for
byte, where it would make them of the same inputs (the same software, base and limits, the version's text, the labels
its page borrows from the data), and renders them again where any of those changed or the kept bytes are not whole.
Rendering the 15 archives had been a third of the fixture site's render step in every build (docs/build-performance.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild, build
from byregion.build.render.ontology_versions import named, own_statements, version_index
from byregion.docstore import FILE, DocumentStore
from byregion.namespaces import BASE
from byregion.settings import Settings
from tests.conftest import built_copy

pytestmark = pytest.mark.slow  # real builds of the fixture site

ONTOLOGY = REPO_ROOT / "ontology" / "byregion.ttl"
VERSIONS = named(own_statements(version_index(ONTOLOGY, BASE)), BASE)[1]
PUBLISHER = "https://data.byregion.no/id/organisation/byregion-lod"


def kept(build_dir: Path, path: str) -> list[tuple[str, str, str, bytes]]:
    """Every representation of ``path`` in the current build of ``build_dir``: variant, media type, ETag, body."""
    store = DocumentStore(build_dir / "current" / FILE)
    try:
        return [(r.variant, r.media_type, r.etag, r.body) for r in store.all(path)]
    finally:
        store.close()


def test_a_build_carries_every_earlier_version_over_as_rendering_it_would_write_it(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)  # the shared build, which rendered every version: the one before
    made = build(settings, force=True, progress=False)
    assert made.manifest["documents"]["carried"] == len(VERSIONS) == 15
    for path in VERSIONS:
        assert kept(settings.build_dir, path) == kept(site_settings.build_dir, path), path
        stored = DocumentStore(settings.build_dir / "current" / FILE)
        try:
            assert stored.stored_document(path) == DocumentStore(site_settings.build_dir / "current" / FILE) \
                .stored_document(path)
        finally:
            stored.close()


def test_a_label_a_versions_page_borrows_from_the_data_renders_the_versions_again(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    """Every version names its publisher, whose name its page takes from the build's data: a name given there is a new
    input of every version's page."""
    settings = built_copy(site_settings, tmp_path)
    before = kept(settings.build_dir, VERSIONS[0])
    with (settings.repo_dir / "data" / "programme.ttl").open("a", encoding="utf-8") as data:
        data.write(f'\n<{PUBLISHER}> rdfs:label "Utgiveren av versjonene"@nb, "The publisher of the versions"@en .\n')
    made = build(settings, progress=False)
    assert made.manifest["documents"]["carried"] == 0
    after = dict((variant, body) for variant, _, _, body in kept(settings.build_dir, VERSIONS[0]))
    assert b"The publisher of the versions" in after["html.en"]
    assert b"Utgiveren av versjonene" in after["html.nb"]
    assert dict((variant, body) for variant, _, _, body in before)["ttl"] == after["ttl"]  # its own text, unchanged


def test_a_kept_body_that_is_not_what_its_etag_says_is_rendered_again(
        site_settings: Settings, site_build: PublishedBuild, tmp_path: Path) -> None:
    settings = built_copy(site_settings, tmp_path)
    damaged = VERSIONS[3]
    connection = sqlite3.connect(settings.build_dir / "current" / FILE)
    with connection:  # its Turtle overwritten in place: the ETag beside it unchanged
        connection.execute("UPDATE representations SET body = ?, gzip = NULL WHERE path = ? AND variant = 'ttl'",
                           (b"# damaged\n", damaged))
    connection.close()
    made = build(settings, force=True, progress=False)
    assert made.manifest["documents"]["carried"] == len(VERSIONS) - 1
    assert kept(settings.build_dir, damaged) == kept(site_settings.build_dir, damaged)
