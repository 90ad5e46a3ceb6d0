"""The read-only graph store: one named graph's triples by its IRI, the W3C SPARQL 1.1 Graph Store HTTP Protocol's
``GET`` and ``HEAD`` with indirect identification (§4.2, §5.2, §5.3). Pure: no Flask, no I/O.

``GET /graph-store?graph=<IRI>`` answers the graph's dump (``dumps/graph/…``, :func:`byregion.dumps.graph_dumps`),
``GET /graph-store?default`` the default graph's: the union of the named graphs, the whole dataset's dump in a triple
format. Nothing is made per request: the build wrote the files, and :class:`GraphStore` (made once when a build is
opened, :class:`byregion.serve.following.ServedBuild`) finds a graph's by its IRI in a mapping. The format is
negotiated by ``Accept`` among the files there are (Turtle first, for a client that names no type), and the headers,
the validators, a byte range and gzip are :func:`byregion.serve.rules.negotiated_dump_answer`'s. A request that names no
graph, two, or no absolute IRI is a 400, a graph the build does not have a 404 that says where the graphs are listed,
a format no file is in a 406 naming those there are: each a sentence that says what to send instead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlsplit

import pyoxigraph as ox

from byregion import uris
from byregion.build.reader import Manifest
from byregion.conneg import negotiate
from byregion.mediatypes import JSONLD, NTRIPLES, PLAIN_TYPE, TURTLE, MediaType, content_type, named
from byregion.paths import GRAPH_STORE
from byregion.serve import rules
from byregion.serve.rules import Answer, FileAnswer, Request, StoredFile

#: The formats a graph is offered in, in server order (Turtle for ``*/*`` and no ``Accept``), where the build wrote
#: a file of it: the triple formats (TriG and N-Quads hold quads: not a graph). Each graph's own dumps are Turtle and
#: N-Triples; the whole dataset's (the default graph) JSON-LD as well.
TRIPLE_TYPES: tuple[MediaType, ...] = (TURTLE, NTRIPLES, JSONLD)
#: How many characters of a value a refusal quotes (a query string may be long).
QUOTED_CHARS = 200


@dataclass(frozen=True)
class Offer:
    """A graph in one format: its file, and the same bytes gzip-compressed where the build wrote them."""

    media_type: MediaType
    plain: StoredFile
    packed: StoredFile | None = None


@dataclass(frozen=True)
class GraphStore:
    """Every graph the store answers, by IRI, each with its formats (:data:`TRIPLE_TYPES` order); the default graph's;
    and the named graphs of the dataset that have no dump of their own (a 404 that says where their triples are)."""

    base: str
    graphs: Mapping[str, tuple[Offer, ...]]
    default: tuple[Offer, ...]
    without_dumps: frozenset[str] = frozenset()

    @classmethod
    def of(cls, manifest: Manifest, floor: datetime | None = None) -> GraphStore:
        """The store of the build whose manifest is ``manifest``: its dumps, by graph and format; ``floor``: the
        earliest Last-Modified a file is sent with (a build served after a rollback, :class:`Served`'s)."""
        found: dict[str | None, dict[MediaType, dict[bool, StoredFile]]] = {}
        for dump in (*manifest.dumps, *manifest.graph_dumps):
            media_type = named(dump.media_type, TRIPLE_TYPES)
            info = manifest.files.get(dump.file)
            if media_type is None or info is None:
                continue
            modified = info.since or manifest.created
            stored = StoredFile(dump.file, info.bytes, info.sha256,
                                modified if floor is None or modified >= floor else floor)
            found.setdefault(dump.graph, {}).setdefault(media_type, {})[dump.compressed] = stored
        offers = {graph: tuple(Offer(m, files[False], files.get(True)) for m in TRIPLE_TYPES
                               if (files := by_type.get(m)) is not None and False in files)
                  for graph, by_type in found.items()}
        graphs = {graph: offered for graph, offered in offers.items() if graph is not None and offered}
        return cls(manifest.base_uri, graphs, offers.get(None, ()),
                   frozenset(g.iri for g in manifest.graphs) - set(graphs))

    @property
    def example(self) -> str:
        """A graph IRI of the build, for the refusals' examples (the reference data's where there is one)."""
        reference = str(uris.graph("reference", self.base))
        return reference if reference in self.graphs else next(iter(sorted(self.graphs)), reference)


def url_of(iri: str | None) -> str:
    """The graph store's URL of the graph ``iri`` (None: the default graph)."""
    return f"{GRAPH_STORE}?default" if iri is None else f"{GRAPH_STORE}?graph={quote(iri, safe='')}"


@dataclass(frozen=True)
class Chosen:
    """A graph's file to send: the answer (:func:`byregion.serve.rules.negotiated_dump_answer`) and the build's file
    whose bytes it names."""

    answer: FileAnswer
    file: str


def answer(store: GraphStore, request: Request, max_url_length: int) -> Answer | Chosen:
    """The graph store's answer to a ``GET`` or ``HEAD`` of ``request``: the file of the graph it names, or a
    refusal (plain text; problem details to a client that asks for JSON, by the app's layer)."""
    if len(request.path) + len(request.raw_query) + 1 > max_url_length:
        return rules.too_long(max_url_length)
    pairs = rules.query_pairs(request.raw_query)
    graphs = [value for name, value in pairs if name == "graph"]
    default = any(name == "default" for name, _ in pairs)
    if not graphs and not default:
        return _refused(request, 400, "400 Bad Request: name the graph to fetch: ?graph= and its IRI "
                                      f"(percent-encoded: {url_of(store.example)}), or ?default for the default "
                                      "graph (the union of every named graph), as the SPARQL 1.1 Graph Store HTTP "
                                      f"Protocol writes it (§4.2). {_listed()}")
    if graphs and default:
        return _refused(request, 400, "400 Bad Request: ?graph= and ?default name two graphs; the graph store answers "
                                      "one: send one of them.")
    if len(graphs) > 1:
        return _refused(request, 400, f"400 Bad Request: {len(graphs)} graph= parameters were sent; the graph store "
                                      "answers one graph at a time: send one (every named graph at once, each kept "
                                      "apart, is the dump /dumps/byregion.trig).")
    iri = graphs[0] if graphs else None
    if iri is None:
        return _chosen(store.default, request, "the default graph")
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        inner = iri[1:-1].strip() if iri.startswith("<") and iri.endswith(">") else None
        meant = (f" Send the IRI without its angle brackets: {url_of(inner)}." if inner else _meant(store, iri))
        return _refused(request, 400, f"400 Bad Request: graph= must be an absolute IRI (RFC 3987), percent-encoded "
                                      f"in the query string, such as {url_of(store.example)}; but it is {_shown(iri)} "
                                      f"({exc}).{meant}")
    offers = store.graphs.get(iri)
    if offers is not None:
        return _chosen(offers, request, f"the graph <{iri}>")
    if iri in store.without_dumps:
        return _refused(request, 404, f"404 Not Found: the graph <{iri}> has no dump of its own, so the graph store "
                                      "does not answer it; its triples are in the whole dataset's dump "
                                      "(/dumps/byregion.trig, each graph kept apart), or ask the SPARQL endpoint: "
                                      f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}.")
    return _refused(request, 404, f"404 Not Found: this build has no named graph {_shown(iri)}. {_listed()} "
                                  f"?default is their union.{_meant(store, iri)}")


def _listed() -> str:
    return ("The graph IRIs are listed by the SPARQL service description (GET /sparql: sd:namedGraph) and the VoID "
            "description (/.well-known/void: void:subset).")


def _cut(value: str) -> str:
    """``value`` as a refusal quotes it: its first :data:`QUOTED_CHARS` characters."""
    return value if len(value) <= QUOTED_CHARS else value[:QUOTED_CHARS] + "…"


def _shown(value: str) -> str:
    return f"<{_cut(value)}>"


def _meant(store: GraphStore, value: str) -> str:
    """A graph of the build that ``value`` may mean: the same path on the dataset's own host (a graph's IRI is on it
    whatever server answers: ``http://127.0.0.1:8080/graph/reference``), or a relative path (``/graph/reference``)."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    path = parts.path if parts.path.startswith("/") else "/" + parts.path
    candidate = store.base + path
    if candidate == value or candidate not in store.graphs:
        return ""
    return f" Graph IRIs are on the dataset's own host, whatever server answers: did you mean {url_of(candidate)}?"


def _chosen(offers: tuple[Offer, ...], request: Request, what: str) -> Answer | Chosen:
    """The file of ``offers`` that ``Accept`` likes best, or a 406 naming the formats there are."""
    accept = request.header("Accept")
    chosen = negotiate(accept, tuple(offer.media_type for offer in offers))
    offer = next((o for o in offers if o.media_type is chosen), None)
    if offer is None:
        formats = ", ".join(f"{o.media_type.name} ({o.media_type.label})" for o in offers)
        return _refused(request, 406, f"406 Not Acceptable: nothing in Accept: {_cut(accept or '')!r} is a "
                                      f"format {what} is offered in; it comes as {formats or 'nothing'} (the first "
                                      "to a client that names no type).")
    sent, file = rules.negotiated_dump_answer(request, content_type(offer.media_type), "/" + offer.plain.file,
                                              offer.plain, offer.packed)
    return Chosen(sent, file.file)


def _refused(request: Request, status: int, text: str) -> Answer:
    return rules.finish(request, status, [("Content-Type", PLAIN_TYPE)], (text + "\n").encode("utf-8"), etag=None,
                        modified=None)
