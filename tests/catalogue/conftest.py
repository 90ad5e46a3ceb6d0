"""The catalogue tests read the run's real build (tests/conftest.py, ``real_build``), served by the real app.

It is the repository's own data built by the real pipeline (merge → validate → write, with the dumps writer) over
a copy of the fixture site's build: two versions give the catalogue a history (what harvesters compare), as between
two releases.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from byregion.build import PublishedBuild
from byregion.settings import Settings
from byregion.web.app import create_app


@pytest.fixture(scope="session")
def built(real_build: PublishedBuild) -> PublishedBuild:
    """The build the catalogue tests read: the run's real build, the second of its folder."""
    return real_build


@pytest.fixture(scope="session")
def settings_for(built: PublishedBuild) -> Settings:
    return Settings.from_env({}, build_dir=built.path.parent)


@pytest.fixture()
def client(settings_for: Settings) -> Iterator[FlaskClient]:
    app = create_app(settings_for)
    app.config["TESTING"] = True
    with app.test_client() as test_client:
        yield test_client
