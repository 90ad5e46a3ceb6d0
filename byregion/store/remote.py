"""The remote store: any SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, …).

For deployments that outgrow one machine: ``byregion serve --store URL`` (``BYREGION_STORE_URL``)
names the endpoint's query URL, e.g. ``http://127.0.0.1:7878/query`` for Oxigraph server started with
``--union-default-graph``. Results are requested as SPARQL TSV / N-Triples and go through the same
row cap and native re-serialisation as the embedded store (:mod:`byregion.sparql.execute`).

Stopping a query: the request is abandoned at ``timeout`` seconds, which frees this process at once;
the remote server should have its own limit too (``oxigraph serve --timeout-s``), or it keeps working.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Generator

import pyoxigraph as ox
import requests
from rdflib import Graph

from byregion.namespaces import bind_prefixes
from byregion.sparql import EngineError, MalformedQuery, QueryTimeout, Refused
from byregion.sparql.execute import CappedLines, Job, Result, finish
from byregion.store import QuerySyntaxError, Row, StoreError
from byregion.store.convert import to_rdflib

_CHUNK = 1 << 16


class RemoteStore:
    """A SPARQL 1.1 query endpoint at ``url``; safe to share between threads (one HTTP session each)."""

    def __init__(self, url: str, timeout: float = 10.0) -> None:
        self.url = url
        self.timeout = timeout
        self._local = threading.local()

    @property
    def session(self) -> requests.Session:
        session: requests.Session | None = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _stream(self, job: Job, accept: str, timeout: float) -> Generator[bytes, None, None]:
        """POST the query (SPARQL 1.1 Protocol §2.1.2) and yield the body, giving up at ``timeout`` s overall."""
        deadline = time.monotonic() + timeout
        data: list[tuple[str, str]] = [("query", job.query)]
        data += [("default-graph-uri", g) for g in job.default_graphs]
        data += [("named-graph-uri", g) for g in job.named_graphs]
        try:
            response = self.session.post(self.url, data=data, headers={"Accept": accept}, stream=True,
                                         timeout=(min(5.0, timeout), timeout))
        except requests.Timeout as exc:
            raise QueryTimeout.after(timeout) from exc
        except requests.RequestException as exc:
            raise EngineError(f"The SPARQL store at {self.url} cannot be reached: {exc}") from exc
        with response:
            if response.status_code == 400:
                raise MalformedQuery(f"The store refused the query: {response.text.strip()[:2000]}")
            if response.status_code >= 300:
                raise EngineError(f"The SPARQL store at {self.url} answered {response.status_code}: "
                                  f"{response.text.strip()[:500]}")
            try:
                for chunk in response.iter_content(_CHUNK):
                    if time.monotonic() > deadline:
                        raise QueryTimeout.after(timeout)
                    yield chunk
            except requests.RequestException as exc:
                if isinstance(exc, requests.ConnectionError) and "timed out" not in str(exc).lower():
                    raise EngineError(f"The SPARQL store at {self.url} broke off the answer: {exc}") from exc
                raise QueryTimeout.after(timeout) from exc

    def run(self, job: Job, timeout: float | None = None) -> Result:
        """Run a checked query and return its (capped) results in ``job.media_type``."""
        timeout = self.timeout if timeout is None else timeout
        if job.form == "ASK":
            return Result(b"".join(self._stream(job, job.media_type, timeout)), job.media_type)
        capped = CappedLines(job.max_rows + (1 if job.form == "SELECT" else 0))
        stream = self._stream(job, job.wire_type, timeout)
        capped.feed(stream)
        stream.close()  # stops reading as soon as the cap is reached
        try:
            return finish(capped, job)
        except (SyntaxError, ValueError) as exc:
            raise EngineError(f"The SPARQL store at {self.url} sent results that cannot be read: {exc}") from exc

    # The Store protocol, for code that wants rdflib terms rather than bytes.

    def _job(self, query: str, form: str, media_type: str) -> Job:
        return Job(query, form, media_type, max_rows=10**9)  # type: ignore[arg-type]

    def _checked(self, job: Job) -> Result:
        try:
            return self.run(job)
        except MalformedQuery as exc:
            raise QuerySyntaxError(exc.message) from exc
        except Refused as exc:
            raise StoreError(exc.message) from exc

    def select(self, query: str) -> list[Row]:
        body = self._checked(self._job(query, "SELECT", "application/sparql-results+json")).body
        solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]

    def construct(self, query: str) -> Graph:
        body = self._checked(self._job(query, "GRAPH", "application/n-triples")).body
        return bind_prefixes(Graph()).parse(data=body.decode("utf-8"), format="nt")

    def ask(self, query: str) -> bool:
        body = self._checked(self._job(query, "ASK", "application/sparql-results+json")).body
        return bool(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))

    def close(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()

