"""``/graph-store``: the read-only graph store (W3C SPARQL 1.1 Graph Store HTTP Protocol, GET and HEAD by indirect
identification): ``?graph=<IRI>`` sends that named graph's dump, ``?default`` the default graph's (the union).

What is answered is :func:`byregion.serve.graph_store.answer`'s, from the served build's :class:`GraphStore` (made
once when the build was opened: a look-up by IRI, no scan); this view sends the file it names
(:func:`byregion.web.files.send`) or the refusal. Other methods are the app's 405 (read-only), OPTIONS its preflight.
"""

from __future__ import annotations

from flask import Blueprint, Response, request

from byregion.paths import GRAPH_STORE
from byregion.serve import graph_store
from byregion.web.app import served, state
from byregion.web.documents import request_of
from byregion.web.files import answered, send

bp = Blueprint("graph_store", __name__)


@bp.route(GRAPH_STORE)
def graph() -> Response:
    """A named graph's triples by its IRI (?graph=), or the default graph's (?default): the Graph Store Protocol."""
    app_state = state()
    build = served()
    found = graph_store.answer(build.graph_store, request_of(request.environ), app_state.settings.max_url_length)
    if isinstance(found, graph_store.Chosen):
        return send(found.answer, build.build.file(found.file))
    return answered(found)
