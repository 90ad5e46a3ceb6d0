"""``create_app``: the Flask application factory that ``byregion serve`` and any WSGI server run.

What a request can ask of a build was worked out when the build was made: every document is answered by
:class:`byregion.web.documents.DocumentHandler` (a look-up in the build's rendered documents, plus headers), in
front of Flask. Flask keeps what cannot be known in advance, one module of :data:`SURFACES` each: the SPARQL
endpoint and its page (``byregion.web.sparql``), search (``byregion.web.search``), reconciliation and the dated
look-ups (``byregion.web.reconcile``), the graph store (``byregion.web.graph_store``), the dump files
(``byregion.web.dumps``), the server's own static files (``byregion.web.files``), the health check
(``byregion.web.health``) and the OpenAPI description (``byregion.web.openapi``).
Logic lives in :mod:`byregion`; the blueprints only adapt it to HTTP.
"""

from __future__ import annotations

import atexit
import importlib
import logging
import multiprocessing
import signal
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed
from werkzeug.middleware.proxy_fix import ProxyFix

from byregion.build import PublishedBuild, open_current
from byregion.i18n import date, language_name, number, whole_dates
from byregion.lifetime import end_with_parent
from byregion.serve import rules
from byregion.serve.documents import not_found
from byregion.serve.following import Following, ServedBuild
from byregion.settings import Settings
from byregion.sparql.runner import Runner, make_runner
from byregion.store.remote import RemoteStore
from byregion.uris import page_path
from byregion.web import i18n
from byregion.web.documents import DocumentHandler, request_of, taken
from byregion.web.files import answered
from byregion.web.wsgi import (
    AccessLog,
    DotSegments,
    ForwardedVary,
    Guarded,
    IdentityBodies,
    MethodAsWritten,
    Problems,
    Secured,
    ValidHost,
)

#: Blueprint modules under ``byregion/web/``, each exposing ``bp``; registered in this order.
SURFACES: tuple[str, ...] = ("files", "dumps", "graph_store", "sparql", "health", "openapi", "reconcile",
                             "search")


@dataclass
class AppState:
    """What the Flask side needs: the settings, the served build (:class:`Following`), the remote endpoint when
    ``settings.store_url`` names one, and the SPARQL query runner, which it owns and closes."""

    settings: Settings
    following: Following
    remote: RemoteStore | None = None
    _runner: Runner | None = field(default=None, init=False)
    _runner_build: Path | None = field(default=None, init=False)  # the build folder the runner queries
    _runner_lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def runner(self, served: PublishedBuild) -> Runner:
        """The query runner for the build ``served`` (the request's: :func:`served`): the remote store's, or a
        worker pool on that build's store, made on first use (or by ``byregion.web.sparql.warm``) and made anew when
        the server has followed a newer build (the old pool is closed: its idle processes end at once, busy ones
        when their query is done). A request that took its build just before a switch gets the pool there is: made
        anew for it, the pool would go back to the build just left, then forward again (a diff review)."""
        with self._runner_lock:
            existing = self._runner
            if existing is not None and (self.remote is not None or self._runner_build == served.path
                                         or served.path != self.following.current().build.path):
                return existing
            self._runner, self._runner_build = make_runner(self.settings, self.remote, served), served.path
        if existing is not None:
            existing.close()
        return self._runner

    def close(self) -> None:
        """End the query processes (or the remote session) and release the served build."""
        with self._runner_lock:
            runner, self._runner = self._runner, None
        if runner is not None:
            runner.close()
        elif self.remote is not None:
            self.remote.close()
        self.following.close()


#: The methods of a resource that is only read (a dump, a static file, search): those of every document.
READ_ONLY = frozenset({"GET", "HEAD", "OPTIONS"})


class App(Flask):
    """Flask, with the answer to ``OPTIONS`` on a read-only view that every document gets (:func:`rules.options`,
    the CORS preflight included), instead of Flask's own; a view that takes ``POST`` keeps Flask's."""

    def make_default_options_response(self) -> Response:
        default = super().make_default_options_response()
        if not set(default.allow) <= READ_ONLY:
            return default
        return answered(rules.options())


def open_remote(settings: Settings) -> RemoteStore | None:
    """The remote endpoint named by ``settings.store_url``, or None: queries then run on the build's own store."""
    if not settings.store_url:
        return None
    return RemoteStore(settings.store_url, timeout=settings.sparql_timeout, retry_after=settings.store_retry_after)


def create_app(settings: Settings | None = None, build: PublishedBuild | None = None, *, warm: bool = False) -> Flask:
    """Build the WSGI app for ``settings`` (default: from the environment) and the current build.

    With ``warm``, each surface that has a ``warm(state)`` function gets it called before this returns
    (the SPARQL query processes are started): a WSGI server loads the app before it accepts connections,
    so the first requests find it as later ones will. Tests that only call the app in-process leave it off.
    """
    settings = settings or Settings.from_env()
    build = build or open_current(settings.build_dir)
    app = App(__name__, static_folder=None)  # the static files are byregion.web.files' (the rules' headers)
    app.url_map.merge_slashes = False  # /static//style.css names no file: a 404, as nginx answers it, not a 308
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app_state = AppState(settings, Following(settings, build), open_remote(settings))
    atexit.register(app_state.close)  # end the query processes, release the lease and the build's files
    app.extensions["byregion"] = app_state
    app.context_processor(i18n.template_context)
    app.jinja_env.filters["number"] = number  # as the build's pages write numbers
    app.jinja_env.filters["whole_dates"] = whole_dates  # and keep their dates whole
    app.jinja_env.filters["language_name"] = language_name  # (the macros the pages share name a text's language)
    app.jinja_env.filters["day"] = date  # and write a day in a sentence as the language does
    app.jinja_env.filters["page_path"] = page_path  # and link a page of ours in the page's language
    modules = [importlib.import_module(f"byregion.web.{name}") for name in SURFACES]
    for module in modules:
        app.register_blueprint(module.bp)
    app.register_error_handler(404, _not_found)
    app.register_error_handler(MethodNotAllowed, _not_allowed)
    app.register_error_handler(InternalServerError, _failed)
    app.after_request(_page_language)
    app.after_request(_packed)
    documents = DocumentHandler(app.wsgi_app, app_state.following)
    guarded = Guarded(ValidHost(MethodAsWritten(DotSegments(IdentityBodies(documents)))),
                      lambda exc: app_state.following.current().damage_of(exc))
    app.wsgi_app = Secured(Problems(guarded))  # type: ignore[method-assign]
    if settings.access_log:
        app.wsgi_app = AccessLog(app.wsgi_app)  # type: ignore[method-assign]
    if settings.proxy_hops > 0:  # outermost: every layer, the log's client too, sees what the proxy was asked
        hops = settings.proxy_hops
        # X-Forwarded-Port is not believed (x_port=0): a proxy names a port in X-Forwarded-Host, and the usual one
        # (the export's nginx too) passes a client's own -Port on, which would be written into cacheable answers
        app.wsgi_app = ProxyFix(ForwardedVary(app.wsgi_app), x_for=hops, x_proto=hops, x_host=hops,  # type: ignore[method-assign]
                                x_port=0)
    if warm:
        for module in modules:
            if hasattr(module, "warm"):
                module.warm(app_state)
    return app


def serve_app() -> Flask:
    """The factory WSGI servers run (``byregion serve``): :func:`create_app` from the environment, warmed; what the
    server does of note (following a newer build, refusing one) is said on stderr beside granian's own lines."""
    logger = logging.getLogger("byregion")  # the web adapters' loggers (byregion.web.*) are under it too
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("[%(levelname)s] %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    # a worker ends with the process that started it (granian's, through multiprocessing): after its `kill -9` an
    # orphaned worker had gone on answering on the port from its build, its lease held, and a new server could not
    # listen there (byregion.lifetime). A server that runs the factory in its own top process (waitress, gunicorn
    # --preload) has no such parent, and is left as it is.
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid is not None and not end_with_parent(parent.pid, signal.SIGTERM):
        sys.exit(f"byregion serve: the server that started this worker ({parent.pid}) has ended")
    return create_app(warm=True)


def _not_found(_error: HTTPException) -> Any:
    """A path Flask does not know (under /static or /dumps): 404 in the negotiated format, as for documents; the
    reconciliation service's paths with a trailing slash, a 308 to the service
    (:func:`byregion.serve.rules.slash_redirect`; a file's path with one is a 404, as nginx answers it)."""
    path = request.path
    if path.startswith(rules.RECONCILE_PATH + "/") and path.endswith("/"):
        adapter = current_app.create_url_adapter(request)
        try:
            endpoint, _ = adapter.match(path[:-1], method=request.method) if adapter is not None else ("", {})
            if endpoint.partition(".")[0] == "reconcile":  # the blueprint of byregion/web/reconcile.py
                return answered(rules.slash_redirect(path[:-1], request.query_string.decode("latin-1")))
        except HTTPException:
            pass  # no service there (or not for that method): the 404
    return answered(not_found(served().documents, request_of(request.environ)))


def _not_allowed(error: MethodNotAllowed) -> Any:
    """Another method: on a read-only view the 405 of every document (``Allow: GET, HEAD, OPTIONS``); on a service
    that takes POST as well (/sparql, /reconcile) one plain sentence naming the methods it answers, in ``Allow``
    too, with the headers its blueprint gives its other answers (CORS, ``Vary``; :func:`_as_its_blueprint_would`)."""
    if error.valid_methods is not None and set(error.valid_methods) <= READ_ONLY:
        return answered(rules.method_not_allowed(request.path))
    if not error.valid_methods:
        return error
    refused = rules.service_method_not_allowed(request.path, request.method, error.valid_methods)
    response = current_app.response_class(refused.body, refused.status, refused.headers)
    return _as_its_blueprint_would(response, rules.in_method_order(error.valid_methods)[0])


def _as_its_blueprint_would(response: Response, method: str) -> Response:
    """``response`` through the after-request functions of the blueprint whose view answers ``method`` on the
    request's path: Flask runs a blueprint's only for a request one of its views took, so a 405 would lack what the
    blueprint adds to every answer (the SPARQL endpoint's and the reconciliation service's CORS headers)."""
    adapter = current_app.create_url_adapter(request)
    try:
        endpoint, _ = adapter.match(method=method) if adapter is not None else ("", {})
    except HTTPException:
        return response
    blueprint = endpoint.rpartition(".")[0] if isinstance(endpoint, str) else ""
    while blueprint:  # a nested blueprint's functions first, then its parents', as Flask orders them
        for function in reversed(current_app.after_request_funcs.get(blueprint, [])):
            response = current_app.ensure_sync(function)(response)
        blueprint = blueprint.rpartition(".")[0]
    return response


def _page_language(response: Response) -> Response:
    """A page a view made (search, the SPARQL query page, a look-up's, an error page) says its language, the
    reader's, as the build's pages do (:func:`byregion.serve.rules.content_language`)."""
    for name, value in rules.page_language(response.content_type, response.status_code, i18n.request_language()):
        response.headers.setdefault(name, value)
    return response


def _packed(response: Response) -> Response:
    """A page or JSON a view made goes gzip-compressed to a client that takes it, as the documents do
    (:func:`byregion.serve.rules.packed_per_request`); a file sent as it is (a dump, a static file) is left alone."""
    if response.direct_passthrough or response.is_streamed:
        return response
    body = response.get_data()
    packing = rules.packed_per_request(response.headers.get, response.status_code, body,
                                       request.headers.get("Accept-Encoding"))
    if packing.body is not body:
        response.set_data(packing.body)
    for name, value in packing.headers:
        response.headers[name] = value
    return response


def _failed(error: InternalServerError) -> Any:
    """An unforeseen error in a view (Flask has logged it): a plain sentence, never a traceback or its text. Where it
    is SQLite's, a line naming the build's file that cannot be read follows Flask's (``ServedBuild.damage_of``)."""
    if error.original_exception is not None and (
            said := served().damage_of(error.original_exception)) is not None:
        current_app.logger.error("%s %s failed: %s", request.method, request.path, said)
    return answered(rules.failed())


def state() -> AppState:
    """The :class:`AppState` of the app handling the current request."""
    return state_of(current_app)


def state_of(app: Flask) -> AppState:
    """The :class:`AppState` ``app`` was made with (:func:`create_app`), typed: Flask keeps it untyped."""
    owned: AppState = app.extensions["byregion"]
    return owned


def served() -> ServedBuild:
    """The build the current request is answered from, taken once a request (``Following.current``): a view that
    asked again for the body, its date and its base could have had them from two builds across a switch (a code
    review found the search, SPARQL and OpenAPI views asking up to four times)."""
    return taken(request.environ, state().following)
