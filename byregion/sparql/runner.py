"""Choosing how queries run: worker processes on the embedded store, or a remote endpoint.

Both runners take a :class:`~byregion.sparql.execute.Job` and a timeout and return bytes in the
negotiated format, and both admit at most ``settings.sparql_max_concurrent`` queries at once with
``settings.sparql_queue_length`` more waiting in turn (:mod:`byregion.sparql.admission`). The embedded
store's answers are kept for the life of the build (:mod:`byregion.sparql.cache`).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from byregion.build.reader import CANONICAL_NQUADS, PublishedBuild
from byregion.settings import Settings
from byregion.sparql.admission import Admission
from byregion.sparql.cache import CachedRunner
from byregion.sparql.execute import Job, Result
from byregion.sparql.guards import dataset_clauses, relative_iri, resolve_graphs
from byregion.sparql.pool import WorkerPool
from byregion.store.remote import RemoteStore


class Runner(Protocol):
    admission: Admission
    #: Whether the runner's engine parses every query itself and refuses a malformed one with
    #: :class:`~byregion.sparql.MalformedQuery`, so that the guards need not parse it first
    #: (:func:`byregion.sparql.guards.check`, ``parse``). Not so for a remote store, whose errors are its own.
    parses: bool

    def run(self, job: Job, timeout: float, *, wait: float | None = None) -> Result:
        """Run ``job`` within ``timeout`` s once it has a slot; ``wait``: at most so long in the queue for one (the
        admission's own wait when None)."""
        ...

    def wait_ready(self, timeout: float | None = ...) -> None: ...

    def close(self) -> None: ...


class RemoteRunner:
    """A :class:`RemoteStore` behind the admission queue (HTTP waits need no process: abandoning them frees us)."""

    def __init__(self, store: RemoteStore, max_concurrent: int, *, queue_length: int = 0, wait: float = 0.25) -> None:
        self.store = store
        self.admission = Admission(max_concurrent, queue_length, wait)
        self.parses = False

    def run(self, job: Job, timeout: float, *, wait: float | None = None) -> Result:
        with self.admission.slot(wait):
            return self.store.run(dataset_in_parameters(with_base(job)), timeout)

    def wait_ready(self, timeout: float | None = None) -> None:
        """Nothing to start: the remote server is up or not, and the first query says which."""

    def close(self) -> None:
        self.store.close()


def with_base(job: Job) -> Job:
    """``job`` with its base IRI written into the text, for a remote store, when the query has relative IRIs and no
    ``BASE`` of its own: the protocol has no parameter for a base, and each engine took its own (Oxigraph server
    its endpoint's URL; Virtuoso none, and sent the IRIs back relative, which no RDF format can carry). Written on
    the query's first line, before its prologue (which may hold BASE and PREFIX in any order), so every line
    number of an error message stays true."""
    if job.base_iri is None or relative_iri(job.query) is None:
        return job
    return replace(job, query=f"BASE <{job.base_iri}> {job.query}")


def dataset_in_parameters(job: Job) -> Job:
    """``job`` as a remote store must get it to run on the dataset the embedded store runs it on
    (:func:`byregion.sparql.execute.dataset_options`): with the dataset in the protocol's parameters.

    Oxigraph server's ``--union-default-graph`` (0.5) puts the union in place of the query's own ``FROM`` and
    ``FROM NAMED`` whenever the request names no graph, so the graphs the query names are sent as
    ``default-graph-uri`` / ``named-graph-uri`` as well (the same dataset for any engine that follows Protocol
    §2.1.4). Virtuoso adds the request's graphs to the query's instead of putting them in their place, so when
    the request names graphs itself, the query's dataset clauses are blanked out of the text (with spaces, so a
    line and column in an error message stay true)."""
    clauses = dataset_clauses(job.query)
    if not clauses:
        return job
    if job.default_graphs or job.named_graphs:
        text = job.query
        for clause in reversed(clauses):
            text = text[:clause.start] + _NOT_NEWLINE.sub(" ", text[clause.start:clause.end]) + text[clause.end:]
        return replace(job, query=text)
    graphs = resolve_graphs(job.query, clauses, job.base_iri)
    if graphs is None:
        return job  # not valid SPARQL: the store says so
    named = list(dict.fromkeys((clause.named, graph) for clause, graph in zip(clauses, graphs, strict=True)))
    return replace(job, default_graphs=tuple(g for n, g in named if not n),
                   named_graphs=tuple(g for n, g in named if n))


_NOT_NEWLINE = re.compile(r"[^\n\r]")


def in_memory(settings: Settings, build: PublishedBuild) -> Path | None:
    """The N-Quads to query ``build`` from memory, or None to query its on-disk store (too large, or none)."""
    if not 0 < build.info.triples <= settings.sparql_in_memory_max_triples:
        return None
    try:
        return build.file(CANONICAL_NQUADS)
    except KeyError:  # a build made before the dataset was listed
        return None


def make_runner(settings: Settings, remote: RemoteStore | None, build: PublishedBuild) -> Runner:
    """The runner for the app: on ``remote`` when there is one, else a worker pool on ``build``'s store, from memory
    when the build has at most ``settings.sparql_in_memory_max_triples`` triples."""
    slots, length, wait = settings.sparql_max_concurrent, settings.sparql_queue_length, settings.sparql_queue_wait
    if remote is not None:
        return RemoteRunner(remote, slots, queue_length=length, wait=wait)
    pool = WorkerPool(build.path / "store", slots, queue_length=length, wait=wait,
                      start_timeout=settings.sparql_start_timeout, isolate=not settings.sparql_allow_service,
                      max_memory=settings.sparql_max_memory, in_memory=in_memory(settings, build))
    return CachedRunner(pool, settings.sparql_cache_bytes) if settings.sparql_cache_bytes > 0 else pool
