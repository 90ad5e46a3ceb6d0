"""One real build for the catalogue tests, served by the real app.

The build runs the real pipeline (merge → validate → write, with the dumps writer) over a copy of the
repository's inputs. The reference graph is cut down to what the regions use (tests/support/reference.py):
the catalogue is about the regions, and the cut keeps the build fast and independent of unrelated
reference records.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from byregion import REPO_ROOT
from byregion.build import PublishedBuild, build, open_current
from byregion.settings import Settings
from server.app import create_app
from tests.conftest import built_copy
from tests.support.reference import cut_reference
from tests.support.shared import made_once

EXTERNAL = REPO_ROOT / "shapes" / "external"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory, site_settings: Settings, site_build: PublishedBuild
          ) -> PublishedBuild:
    """Two builds, the second of the cut-down repository (made once for the run; the workers share them)."""
    with made_once(tmp_path_factory, "catalogue") as (root, first):
        settings = Settings.from_env({}, repo_dir=root / "repo", build_dir=root / "build")
        if first:
            _build_twice(settings, site_settings)
    return open_current(settings.build_dir)


def _build_twice(settings: Settings, site_settings: Settings) -> None:
    # Two versions give a history (what harvesters compare). The first is the small invented dataset of the
    # web tests (tests/fixtures/site, with the real ontology and shapes: the run's shared build of it, copied);
    # the second, served, is the repository's: data that changed, as between two releases.
    first = open_current(built_copy(site_settings, settings.build_dir.parent).build_dir)
    repo = settings.repo_dir
    shutil.rmtree(repo)
    for name in ("ontology", "data", "shapes"):
        shutil.copytree(REPO_ROOT / name, repo / name)
    cut_reference(repo)
    second = build(settings, progress=False)
    assert not second.up_to_date and second.manifest["version"] != first.manifest["version"]


@pytest.fixture(scope="session")
def settings_for(built: PublishedBuild) -> Settings:
    return Settings.from_env({}, build_dir=built.path.parent)


@pytest.fixture()
def client(settings_for: Settings) -> Iterator[FlaskClient]:
    app = create_app(settings_for)
    app.config["TESTING"] = True
    with app.test_client() as test_client:
        yield test_client
