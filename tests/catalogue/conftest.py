"""One real build for the catalogue tests, served by the real app.

The build runs the real pipeline (merge → validate → write, with the dumps writer) over a copy of the
repository's inputs. The reference graph is cut down to what the regions use (their municipalities,
pages' and programme table's alike,
those municipalities' numbers and counties): the catalogue is about the regions, and the cut keeps
the build fast and independent of unrelated reference records.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, URIRef
from rdflib.namespace import ORG, PROV

from byregion import REPO_ROOT, programme
from byregion.build import PublishedBuild, build, open_current
from byregion.namespaces import BR
from byregion.programme.graph import programme_graph
from byregion.settings import Settings
from server.app import create_app
from tests.support.shared import made_once

EXTERNAL = REPO_ROOT / "shapes" / "external"


def reference_subset(reference: Graph, regions: Graph) -> Graph:
    """The reference triples about the regions' member municipalities and what they point to: their
    numbers, counties and sources, and every resource under their own IRI (figures and the like)."""
    wanted: set[URIRef] = {m for ms in regions.objects(None, ORG.hasMembership)
                           for m in regions.objects(ms, ORG.member) if isinstance(m, URIRef)}
    frontier = set(wanted)
    while frontier:
        nxt: set[URIRef] = set()
        for subject in frontier:
            for p, o in reference.predicate_objects(subject):
                part = str(o).startswith(str(subject) + "/")  # its numbers, figures, …
                if isinstance(o, URIRef) and o not in wanted and (part or p in (
                        BR.municipalityNumber, BR.county, BR.countyNumber, PROV.wasDerivedFrom)):
                    nxt.add(o)
        wanted |= nxt
        frontier = nxt
    out = Graph()
    for subject in wanted:
        for p, o in reference.predicate_objects(subject):
            if not (isinstance(o, URIRef) and p in (BR.succeededBy, BR.succeeds)):
                out.add((subject, p, o))
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> PublishedBuild:
    """Two builds of the cut-down repository (made once for the run; the workers share them)."""
    with made_once(tmp_path_factory, "catalogue") as (root, first):
        settings = Settings.from_env({}, repo_dir=root / "repo", build_dir=root / "build")
        if first:
            _build_twice(settings)
    return open_current(settings.build_dir)


def _build_twice(settings: Settings) -> None:
    repo = settings.repo_dir
    for name in ("ontology", "data", "shapes"):
        shutil.copytree(REPO_ROOT / name, repo / name)
    regions = Graph()
    for path in (repo / "data/regions").glob("*.ttl"):
        regions.parse(path, format="turtle")
    for path in (repo / "data/reference").glob("*.ttl"):
        reference = Graph().parse(path, format="turtle")
        table, _ = programme_graph(programme.read(repo / programme.DATA_DIR), reference)  # the table's members too
        subset = reference_subset(reference, regions + table)
        path.write_text(subset.serialize(format="turtle"), encoding="utf-8")
    first = build(settings, progress=False)
    assert not first.up_to_date
    # a second build gives a version history (what harvesters compare)
    build(settings, force=True, progress=False)


@pytest.fixture(scope="session")
def settings_for(built: PublishedBuild) -> Settings:
    return Settings.from_env({}, build_dir=built.path.parent)


@pytest.fixture()
def client(settings_for: Settings) -> Iterator[FlaskClient]:
    app = create_app(settings_for)
    app.config["TESTING"] = True
    with app.test_client() as test_client:
        yield test_client
