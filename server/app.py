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


def create_app(settings: Settings | None = None, build: PublishedBuild | None = None, *, warm: bool = False) -> Flask:
    """Build the WSGI app for ``settings`` (default: from the environment) and the current build.

    With ``warm``, each surface that has a ``warm(state)`` function gets it called before this returns
    (the SPARQL query processes are started): a WSGI server loads the app before it accepts connections,
    so the first requests find it as later ones will. Tests that only call the app in-process leave it off.
    """
    settings = settings or Settings.from_env()
    build = build or open_current(settings.build_dir)
    app = Flask(__name__)
    app.config["BYREGION"] = settings
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["byregion"] = AppState(settings, build, open_store(settings, build))
    modules = [importlib.import_module(f"server.{name}") for name in SURFACES]
    for module in modules:
        app.register_blueprint(module.bp)
    if warm:
        for module in modules:
            if hasattr(module, "warm"):
                module.warm(app.extensions["byregion"])
    return app


def serve_app() -> Flask:
    """The factory WSGI servers run (``byregion serve``): :func:`create_app` from the environment, warmed."""
    return create_app(warm=True)


def state() -> AppState:
    """The :class:`AppState` of the app handling the current request."""
    return current_app.extensions["byregion"]  # type: ignore[no-any-return]
