"""Two WSGI apps that bound what any Python SPARQL endpoint could reach (``scripts/sparql_ceiling``).

Both run under granian as ``byregion serve`` runs the real app (same workers, threads and backlog), and answer
``GET ?query=…`` with ``application/sparql-results+json``:

* :func:`nothing`: reads the query from the URL and answers an empty result without running it: the cost of
  granian's WSGI path and a Python handler alone, under which no Python endpoint can answer;
* :func:`in_process`: runs the query on the build's store in the web process itself (pyoxigraph, the default
  graph the union of the named graphs, as ``/sparql`` has it) and sends Oxigraph's own JSON. No guards, no
  limit, no timeout and nothing that could stop a runaway query: **unsafe to serve**, and the fastest an
  endpoint on pyoxigraph could be, since ours must at least do this much.

They live with the benchmark helpers, not in ``byregion``: nothing serves them but the benchmark.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs

import pyoxigraph as ox

#: Where :func:`in_process` finds the store: the build's ``store/`` folder (a read-only open).
STORE_VARIABLE = "CEILING_STORE"
SPARQL_JSON = "application/sparql-results+json"
EMPTY = b'{"head":{"vars":[]},"results":{"bindings":[]}}'

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _query(environ: dict[str, Any]) -> str | None:
    values = parse_qs(environ.get("QUERY_STRING", "")).get("query")
    return values[0] if values else None


def _answer(start_response: StartResponse, status: str, body: bytes, content_type: str) -> list[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]


def nothing() -> WSGIApp:
    """The app that answers every query with no rows, without running it (granian ``--factory``)."""
    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if _query(environ) is None:
            return _answer(start_response, "400 Bad Request", b"no query\n", "text/plain; charset=utf-8")
        return _answer(start_response, "200 OK", EMPTY, SPARQL_JSON)
    return app


def in_process(store_path: str | None = None) -> WSGIApp:
    """The app that runs every query in its own thread on the store at ``store_path`` (default: the
    ``CEILING_STORE`` variable), with nothing around it. Unsafe: see the module's docstring."""
    store = ox.Store.read_only(store_path or os.environ[STORE_VARIABLE])

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        query = _query(environ)
        if query is None:
            return _answer(start_response, "400 Bad Request", b"no query\n", "text/plain; charset=utf-8")
        try:
            results = store.query(query, use_default_graph_as_union=True)
        except SyntaxError as exc:
            return _answer(start_response, "400 Bad Request", f"{exc}\n".encode(), "text/plain; charset=utf-8")
        if not isinstance(results, ox.QuerySolutions | ox.QueryBoolean):
            return _answer(start_response, "400 Bad Request", b"SELECT or ASK only\n", "text/plain; charset=utf-8")
        body = results.serialize(format=ox.QueryResultsFormat.JSON)
        assert body is not None
        return _answer(start_response, "200 OK", body, SPARQL_JSON)
    return app
