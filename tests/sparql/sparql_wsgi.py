"""WSGI factory for the endpoint tests: the real app, with the SPARQL blueprint registered even while
``server.app.SURFACES`` does not list it yet (granian imports this with ``--factory``)."""

from __future__ import annotations

from flask import Flask

from server.app import create_app


def make_app() -> Flask:
    app = create_app()
    if "sparql" not in app.blueprints:
        from server.sparql import bp

        app.register_blueprint(bp)
    return app
