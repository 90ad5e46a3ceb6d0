"""The web tier: a Flask application factory with one blueprint per surface."""

from byregion.web.app import create_app

__all__ = ["create_app"]
