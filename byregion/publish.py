"""``byregion build --publish URL``: load a validated build into a remote store, replacing the old data
only once the new data is completely there.

How (for Oxigraph server at ``URL``: Graph Store Protocol ``/store``, query ``/query``, update ``/update``):

1. every named graph of the build is PUT under a fresh staging name (``urn:byregion:staging:…``);
2. the staged graphs are counted, and must hold exactly the build's triple counts;
3. one SPARQL Update request swaps them in: ``MOVE`` each staging graph onto its real name, ``DROP``
   graphs of the previous build that the new one no longer has, and leftovers of earlier failed runs.

Why a single ``MOVE`` request rather than replacing graphs one by one: SPARQL 1.1 Update (§2.2) asks
services to treat each request atomically and Oxigraph runs one request as one transaction, so
readers see the whole previous build or the whole new one, never a mix. If anything fails before
step 3, the staging graphs are dropped and the served data has not changed at all.
"""

from __future__ import annotations

import contextlib
import secrets
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import requests

from byregion.build import PublishedBuild, open_current
from byregion.mediatypes import NTRIPLES, SPARQL_JSON, SPARQL_UPDATE
from byregion.sparql.execute import serialized

STAGING_PREFIX = "urn:byregion:staging:"


class PublishError(RuntimeError):
    """The build could not be loaded; the remote store still serves what it served before."""


@dataclass(frozen=True)
class Endpoints:
    query: str
    update: str
    store: str

    @classmethod
    def for_oxigraph(cls, url: str) -> Endpoints:
        """``http://host:7878`` (or its ``/query`` URL) → Oxigraph server's three endpoints."""
        base = url.rstrip("/").removesuffix("/query").removesuffix("/store").removesuffix("/update")
        return cls(f"{base}/query", f"{base}/update", f"{base}/store")


@dataclass(frozen=True)
class PublishResult:
    version: str
    graphs: dict[str, int]  # graph IRI → triples loaded
    dropped: list[str]  # graphs of the previous data that are gone


def graphs_of(build: PublishedBuild) -> dict[str, bytes]:
    """The build's named graphs as N-Triples documents, read from its ``dataset.nq``."""
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    with build.file("dataset.nq").open("rb") as handle:
        for quad in ox.parse(handle, ox.RdfFormat.N_QUADS):
            if isinstance(quad.graph_name, ox.NamedNode):
                out[quad.graph_name.value].append(quad.triple)
    return {g: serialized(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)) for g, triples in out.items()}


def _check(response: requests.Response, what: str) -> None:
    if response.status_code >= 300:
        raise PublishError(f"{what} failed with HTTP {response.status_code}: {response.text.strip()[:500]}")


def _graph_counts(session: requests.Session, endpoints: Endpoints, timeout: float) -> dict[str, int]:
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = session.post(endpoints.query, data={"query": query}, timeout=timeout,
                            headers={"Accept": SPARQL_JSON.name})
    _check(response, "listing the remote graphs")
    rows = response.json()["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


def publish(build: PublishedBuild, url: str, *, session: requests.Session | None = None,
            timeout: float = 300.0) -> PublishResult:
    """Load ``build`` into the Oxigraph server at ``url`` (see the module docstring for the steps)."""
    session = session or requests.Session()
    endpoints = Endpoints.for_oxigraph(url)
    documents = graphs_of(build)
    expected = {g: doc.count(b"\n") for g, doc in documents.items()}
    token = f"{build.version}:{secrets.token_hex(4)}"
    staging = {g: f"{STAGING_PREFIX}{token}:{i}" for i, g in enumerate(sorted(documents))}
    try:
        before = _graph_counts(session, endpoints, timeout)
        for graph, document in documents.items():
            response = session.put(endpoints.store, params={"graph": staging[graph]}, data=document,
                                   headers={"Content-Type": NTRIPLES.name}, timeout=timeout)
            _check(response, f"loading {graph}")
        loaded = _graph_counts(session, endpoints, timeout)
        for graph, count in expected.items():
            if loaded.get(staging[graph], 0) != count:
                raise PublishError(f"{graph}: the store holds {loaded.get(staging[graph], 0)} staged triples, "
                                   f"expected {count}")
    except (requests.RequestException, PublishError) as exc:
        _drop_quietly(session, endpoints, list(staging.values()), timeout)
        if isinstance(exc, PublishError):
            raise
        raise PublishError(f"cannot load the build into {url}: {exc}") from exc
    dropped = sorted(g for g in before if g not in expected and not g.startswith(STAGING_PREFIX))
    leftovers = sorted(g for g in before if g.startswith(STAGING_PREFIX))
    operations = [f"MOVE SILENT GRAPH <{staging[g]}> TO GRAPH <{g}>" for g in sorted(documents)]
    operations += [f"DROP SILENT GRAPH <{g}>" for g in dropped + leftovers]
    try:
        response = session.post(endpoints.update, data=" ;\n".join(operations).encode("utf-8"), timeout=timeout,
                                headers={"Content-Type": SPARQL_UPDATE})
        _check(response, "swapping in the new graphs")
    except requests.RequestException as exc:
        raise PublishError(f"cannot swap in the new graphs at {url}: {exc}") from exc
    return PublishResult(build.version, expected, dropped)


def _drop_quietly(session: requests.Session, endpoints: Endpoints, graphs: list[str], timeout: float) -> None:
    """Best effort: remove staging graphs after a failure (the next publish removes any that remain)."""
    if not graphs:
        return
    update = " ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)
    with contextlib.suppress(requests.RequestException):
        session.post(endpoints.update, data=update.encode("utf-8"), timeout=timeout,
                     headers={"Content-Type": SPARQL_UPDATE})


def publish_cli(build_dir: Path, url: str) -> int:
    """``byregion build --publish URL``: publish the current build, report, and return the exit code."""
    try:
        result = publish(open_current(build_dir), url)
    except PublishError as exc:
        print(f"byregion build --publish: {exc}; the store at {url} still serves its previous data", file=sys.stderr)
        return 1
    dropped = f", removed {len(result.dropped)} old graph(s)" if result.dropped else ""
    print(f"published build {result.version} to {url}: {sum(result.graphs.values())} triples in "
          f"{len(result.graphs)} graphs{dropped}")
    return 0
