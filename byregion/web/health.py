"""``/health``: whether this server can answer, for load balancers and monitoring.

JSON with the served build's version and whether the store answers a trivial query (``ASK {}``) through the
app's own query runner within ``BYREGION_HEALTH_TIMEOUT`` seconds: ``200`` when it does, ``503`` when it does
not; ``200`` with ``"busy": true`` when every query slot is taken and none came free within the timeout (the
queries are answered in turn). The probe waits for a slot at most that long too, not the queue's own wait
(``BYREGION_SPARQL_QUEUE_WAIT``), so a load balancer hears back within twice the timeout, however busy the
endpoint is.
The build's files are checked too, each time (:meth:`byregion.serve.following.ServedBuild.unreadable`): each file of the
manifest has the size it says (a ``stat`` a file: a file cut short while the server runs), the home page's stored
document is looked up in ``documents.sqlite`` and its body read (unpacked where kept packed), two look-ups by key,
and SQLite reads the search and reconciliation indexes' schemas and each table's first row (a cost that does
not grow with the files). When one
fails (blocks of a file overwritten in place, which the start's check of sizes does not see, and its requests
answer 500) ``/health`` is ``503`` too, ``"status": "unavailable"``, with a sentence naming each such file and
the build folder first under ``build.problems``. Files are not hashed here (``byregion verify`` does that).
The answer cache is bypassed, so a store that went away is seen at once. Why the store failed is logged, not
published (the error names the store's address).

``"status": "degraded"`` (still 200: every document is answered) says what keeps the server from the build that
is current, each in a sentence under ``build.problems``: a current build it cannot serve (damaged), one it does not
follow, its own build's folder removed under it, no current build at all
(:meth:`byregion.serve.following.Following.problems`).
A monitor alerts on it; a load balancer keeps the server.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from flask import Blueprint, Response, jsonify

from byregion.mediatypes import SPARQL_JSON
from byregion.serve.rules import CORS_HEADERS, NO_STORE
from byregion.sparql import Busy, Refused
from byregion.sparql.cache import CachedRunner
from byregion.sparql.execute import Job
from byregion.sparql.runner import Runner
from byregion.web.app import AppState, state

log = logging.getLogger(__name__)
bp = Blueprint("health", __name__)

PROBE = Job("ASK {}", "ASK", SPARQL_JSON.name, 1)


def probe(runner: Runner, timeout: float) -> dict[str, Any]:
    """Run :data:`PROBE` on the store itself (not the answer cache): reachable, seconds taken, and why not.

    The probe takes a query slot like any query, waiting at most ``timeout`` for one. When none came free by then
    (or the queue is full) it is refused as :class:`Busy` would refuse a client: the store is then reported
    reachable and ``busy`` (200), since
    queries are being answered and documents never need the store; a load balancer that took such a server out
    would move its load to the others and make them busy in turn."""
    engine = runner.inner if isinstance(runner, CachedRunner) else runner
    started = time.monotonic()
    try:
        engine.run(PROBE, timeout, wait=timeout)
    except Busy:  # every query slot is taken and the queue is full: the store works, and documents are served
        return {"reachable": True, "busy": True, "seconds": round(time.monotonic() - started, 3)}
    except Refused as refused:
        log.warning("/health: the store did not answer ASK {}: %s", refused.message)
        return {"reachable": False, "seconds": round(time.monotonic() - started, 3),
                "error": f"the store did not answer a trivial query ({type(refused).__name__}, "
                         f"HTTP {refused.status}); the server's log says why"}
    return {"reachable": True, "seconds": round(time.monotonic() - started, 3)}


def health_of(app_state: AppState) -> tuple[dict[str, Any], int]:
    taken = app_state.following.current()
    served = taken.build
    store = probe(app_state.runner(served), app_state.settings.health_timeout)
    store["kind"] = "remote" if app_state.remote is not None else "embedded"
    unreadable = taken.unreadable()
    healthy = bool(store["reachable"]) and not unreadable
    for problem in unreadable:
        log.error("/health: build %s: %s", served.path, problem)
    problems = unreadable + app_state.following.problems(taken)
    status = "unavailable" if not healthy else "degraded" if problems else "ok"
    return {"status": status, "version": served.version, "content_version": served.info.content_version,
            "created": served.info.created.isoformat(),
            "build": {"folder": served.path.name, "problems": problems}, "store": store}, 200 if healthy else 503


@bp.route("/health", methods=["GET", "HEAD"])
def health() -> Response:
    """Health of this server: the served build's version and whether its store answers (200, else 503)."""
    document, status = health_of(state())
    response = jsonify(document)
    response.status_code = status
    response.headers.set(*NO_STORE)
    response.headers.extend(CORS_HEADERS)  # a status page on another site reads it, as every other route
    return response
