"""``create_app``: the Flask application factory that ``byregion serve`` and any WSGI server run.

The app reads one complete build (never re-parsing or re-validating it) and registers one blueprint
per surface. Logic lives in :mod:`byregion`; the blueprints only adapt it to HTTP.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from rdflib import Namespace

from byregion.build import PublishedBuild, open_current
from byregion.pages import ontology_namespace
from byregion.settings import Settings
from byregion.store import Store

#: Blueprint modules under ``server/``, each exposing ``bp``; registered in this order.
SURFACES: tuple[str, ...] = ("resources", "catalogue", "sparql")


@dataclass
class AppState:
    """What every request needs: settings, the build being served, its store, and caches.

    ``base`` and ``br`` are the build's own base and ontology namespace: a build made with another
    ``BYREGION_BASE_URI`` has every IRI of ours rebased, ontology terms included.
    """

    settings: Settings
    build: PublishedBuild
    store: Store
    cache: dict[Any, Any] = field(default_factory=dict)
    base: str = field(init=False)
    br: Namespace = field(init=False)

    def __post_init__(self) -> None:
        self.base = self.build.base_uri
        self.br = ontology_namespace(self.base)


def open_store(settings: Settings, build: PublishedBuild) -> Store:
    """The embedded store of the build, or the remote endpoint named by ``settings.store_url``."""
    if settings.store_url:
        from byregion.store.remote import RemoteStore

        return RemoteStore(settings.store_url, timeout=settings.sparql_timeout)
    return build.store


def create_app(settings: Settings | None = None, build: PublishedBuild | None = None) -> Flask:
    """Build the WSGI app for ``settings`` (default: from the environment) and the current build."""
    settings = settings or Settings.from_env()
    build = build or open_current(settings.build_dir)
    app = Flask(__name__)
    app.config["BYREGION"] = settings
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["byregion"] = AppState(settings, build, open_store(settings, build))
    for name in SURFACES:
        app.register_blueprint(importlib.import_module(f"server.{name}").bp)
    return app


def state() -> AppState:
    """The :class:`AppState` of the app handling the current request."""
    return current_app.extensions["byregion"]  # type: ignore[no-any-return]
