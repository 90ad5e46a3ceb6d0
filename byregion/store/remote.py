"""The remote store: any SPARQL 1.1 Protocol endpoint (Oxigraph server, Fuseki, Virtuoso, GraphDB, …).

For deployments that outgrow one machine: ``byregion serve --store URL`` (``BYREGION_STORE_URL``)
names the endpoint's query URL, e.g. ``http://127.0.0.1:7878/query`` for Oxigraph server started with
``--union-default-graph``, or ``http://127.0.0.1:8890/sparql`` for Virtuoso. SELECT results are asked for as
SPARQL JSON (the one results format every engine writes to the letter: Virtuoso's TSV names its columns
``"r"`` instead of ``?r`` and writes IRIs as plain strings), read as they arrive by Oxigraph's parser and
written as TSV lines into the same row cap as the embedded store (:mod:`byregion.sparql.execute`), which
stops reading at the cap; CONSTRUCT and DESCRIBE come as N-Triples. Then both go through the same native
re-serialisation as the embedded store.

Stopping a query: the request is abandoned at ``timeout`` seconds, which frees this process at once;
the remote server must stop the query itself (docs/sparql.md, "A remote store"): Virtuoso does at its
``[SPARQL] MaxQueryExecutionTime``; Oxigraph server's ``--timeout-s`` only abandons the answer.
"""

from __future__ import annotations

import io
import logging
import threading
import time
from collections.abc import Generator, Iterator
from typing import IO, Any, cast

import pyoxigraph as ox
import requests
from rdflib import Graph

from byregion import mediatypes
from byregion.mediatypes import NTRIPLES
from byregion.namespaces import bind_prefixes
from byregion.sparql import EngineError, MalformedQuery, QueryTimeout, Refused, StoreUnavailable
from byregion.sparql.execute import CappedLines, Job, Result, finish, serialized
from byregion.store import QuerySyntaxError, Row, StoreError
from byregion.store.convert import to_rdflib

log = logging.getLogger(__name__)
_CHUNK = 1 << 16
SPARQL_JSON = mediatypes.SPARQL_JSON.name
#: What an engine says in a 5xx answer when its own time limit stopped the query (Virtuoso: "SR171:
#: Transaction timed out"; Oxigraph, Fuseki: "timeout").
_TIMED_OUT = ("timed out", "timeout")


#: The one variable of Virtuoso's answer to ASK: a table with a row holding 1 for true, no row for false.
_VIRTUOSO_ASK = "__ASK_RETVAL"


def _boolean(answer: ox.QueryBoolean | ox.QuerySolutions | ox.QueryTriples) -> ox.QueryBoolean:
    """The answer to an ASK query as a boolean, also where the engine answers with a table (Virtuoso)."""
    if isinstance(answer, ox.QueryBoolean):
        return answer
    if isinstance(answer, ox.QuerySolutions) and [v.value for v in answer.variables] == [_VIRTUOSO_ASK]:
        value = any(row[_VIRTUOSO_ASK] is not None and row[_VIRTUOSO_ASK].value not in ("0", "false")
                    for row in answer)
        parsed = ox.parse_query_results(b'{"head": {}, "boolean": %s}' % (b"true" if value else b"false"),
                                        ox.QueryResultsFormat.JSON)
        assert isinstance(parsed, ox.QueryBoolean)
        return parsed
    raise ValueError("the answer to an ASK query is neither a boolean nor Virtuoso's table of __ASK_RETVAL")


#: Virtuoso writes a blank node of a JSON result as ``"value": "nodeID://b10000"``, which is not a blank node
#: label (SPARQL 1.1 Query Results JSON §3.2.2), so the results parser refused the whole answer (a 502) whenever
#: one came back; the label is what follows ``nodeID://``.
_VIRTUOSO_BNODE = (b'"type": "bnode", "value": "nodeID://', b'"type": "bnode", "value": "')


def relabel_virtuoso_bnodes(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """``chunks`` of a JSON result with Virtuoso's blank node values made labels; a value split between two
    chunks is mended too (the end of a chunk that may begin one waits for the next)."""
    old, new = _VIRTUOSO_BNODE
    carry = b""
    for chunk in chunks:
        data = carry + chunk
        cut = len(data)
        for size in range(min(len(old) - 1, len(data)), 0, -1):
            if data.endswith(old[:size]):
                cut = len(data) - size
                break
        carry = data[cut:]
        if cut:
            yield data[:cut].replace(old, new)
    if carry:
        yield carry


class _Reader(io.RawIOBase):
    """A generator of chunks as a readable binary file, for a parser that reads as the answer arrives."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            self._pending = next(self._chunks, b"")
            if not self._pending:
                return 0
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


class RemoteStore:
    """A SPARQL 1.1 query endpoint at ``url``; safe to share between threads (one HTTP session each)."""

    def __init__(self, url: str, timeout: float = 10.0, retry_after: int = 5) -> None:
        self.url = url
        self.timeout = timeout
        self.retry_after = retry_after  # seconds a client is told to wait when the store cannot be reached
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
            log.warning("the SPARQL store at %s cannot be reached: %s", self.url, exc)
            raise StoreUnavailable.now(self.retry_after) from exc
        with response:
            if response.status_code == 400:
                raise MalformedQuery(f"The store refused the query: {response.text.strip()[:2000]}")
            if response.status_code >= 500 and any(w in response.text.lower() for w in _TIMED_OUT):
                raise QueryTimeout(f"The SPARQL store stopped the query at its own time limit: "
                                   f"{response.text.strip().splitlines()[0][:300]}")
            if response.status_code >= 300:
                raise EngineError(f"The SPARQL store answered {response.status_code}: "
                                  f"{response.text.strip()[:500]}")
            try:
                for chunk in response.iter_content(_CHUNK):
                    if time.monotonic() > deadline:
                        raise QueryTimeout.after(timeout)
                    yield chunk
            except requests.RequestException as exc:
                if isinstance(exc, requests.ConnectionError) and "timed out" not in str(exc).lower():
                    log.warning("the SPARQL store at %s broke off an answer: %s", self.url, exc)
                    raise StoreUnavailable.now(self.retry_after) from exc
                raise QueryTimeout.after(timeout) from exc

    def run(self, job: Job, timeout: float | None = None) -> Result:
        """Run a checked query and return its (capped) results in ``job.media_type``."""
        timeout = self.timeout if timeout is None else timeout
        if job.form == "ASK":  # as JSON, written anew: engines differ in ASK as CSV or TSV (Virtuoso's is a table)
            body = b"".join(self._stream(job, SPARQL_JSON, timeout))
            try:
                answer = _boolean(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))
                out = answer.serialize(format=ox.QueryResultsFormat.from_media_type(job.media_type)
                                       or ox.QueryResultsFormat.JSON)
            except (SyntaxError, ValueError) as exc:
                raise EngineError(f"The SPARQL store sent an ASK answer that cannot be read: {exc}"
                                  ) from exc
            return Result(serialized(out), job.media_type)
        capped = CappedLines(job.max_rows + (1 if job.form == "SELECT" else 0), job.max_bytes,
                             header=job.form == "SELECT", unique=job.form == "GRAPH")
        try:
            if job.form == "SELECT":
                stream = self._stream(job, SPARQL_JSON, timeout)
                solutions = ox.parse_query_results(cast(IO[bytes], _Reader(relabel_virtuoso_bnodes(stream))),
                                                   ox.QueryResultsFormat.JSON)
                if not isinstance(solutions, ox.QuerySolutions):
                    raise EngineError("The SPARQL store answered a SELECT query with a boolean.")
                capped.take(lambda out: solutions.serialize(out, ox.QueryResultsFormat.TSV))
            else:
                stream = self._stream(job, job.wire_type, timeout)
                capped.feed(stream)
            stream.close()  # stops reading as soon as the cap is reached
            return finish(capped, job)
        except (SyntaxError, ValueError) as exc:
            raise EngineError(f"The SPARQL store sent results that cannot be read: {exc}") from exc

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
        body = self._checked(self._job(query, "SELECT", SPARQL_JSON)).body
        solutions = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QuerySyntaxError("expected a SELECT query")
        names = [v.value for v in solutions.variables]
        return [{n: to_rdflib(s[n]) for n in names if s[n] is not None} for s in solutions]

    def construct(self, query: str) -> Graph:
        body = self._checked(self._job(query, "GRAPH", NTRIPLES.name)).body
        return bind_prefixes(Graph()).parse(data=body.decode("utf-8"), format="nt")

    def ask(self, query: str) -> bool:
        body = self._checked(self._job(query, "ASK", SPARQL_JSON)).body
        return bool(ox.parse_query_results(body, ox.QueryResultsFormat.JSON))

    def close(self) -> None:
        session = getattr(self._local, "session", None)
        if session is not None:
            session.close()

