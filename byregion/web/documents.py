"""Documents over WSGI: the plain handler in front of Flask that answers every document from the build's
rendered documents (:mod:`byregion.serve.documents`). Flask sees only what is left, the paths of
:data:`byregion.serve.documents.ELSEWHERE`: the SPARQL endpoint and its page, search, reconciliation, the graph
store, the dump files, the static files, the health check and the OpenAPI description (``byregion.web.app.SURFACES``).

The build being served is read once per request (:class:`byregion.serve.following.Following`), so a response never
mixes two builds, and a new build is picked up without a restart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from byregion.serve.documents import answer, elsewhere
from byregion.serve.following import Following, ServedBuild
from byregion.serve.rules import Request, query_of, status_line

StartResponse = Callable[..., Any]
WSGIApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
#: The key of a request's WSGI environ that holds the build it is answered from (:func:`taken`).
SERVED = "byregion.served"


def taken(environ: dict[str, Any], following: Following) -> ServedBuild:
    """The build this request is answered from: taken from ``following`` by the first layer or view that asks, and
    kept in the request's environ, so that every other one of the same request reads the same build (a layer that
    passed the request on, such as the SPARQL fast path to the query page, had taken it again)."""
    served: ServedBuild | None = environ.get(SERVED)
    if served is None:
        served = environ[SERVED] = following.current()
    return served



def request_of(environ: dict[str, Any]) -> Request:
    """The parts of a WSGI request the rules read; the query as :func:`byregion.serve.rules.query_of` reads it."""
    raw_query = environ.get("QUERY_STRING", "")
    query = query_of(raw_query)
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    path = environ.get("PATH_INFO", "") or "/"
    return Request(environ.get("REQUEST_METHOD", "GET"), path, query, headers, raw_query)


class DocumentHandler:
    """WSGI middleware: documents answered here, everything else passed to ``app``."""

    def __init__(self, app: WSGIApp, following: Following) -> None:
        self.app = app
        self.following = following

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        if elsewhere(environ.get("PATH_INFO", "")):  # a SPARQL query's text is not parsed twice
            return self.app(environ, start_response)
        served = taken(environ, self.following)
        result = answer(served.documents, request_of(environ), environ.get("wsgi.url_scheme", "http"))
        if result is None:
            return self.app(environ, start_response)
        start_response(status_line(result.status), result.headers)
        return [result.body]
