"""Running a checked query and serialising its results with Oxigraph's native (Rust) serialisers.

The row cap works on the wire format, so the hot path never touches a term in Python: SELECT
results are first written as SPARQL TSV (one solution per line, newlines inside literals escaped)
and CONSTRUCT/DESCRIBE results as N-Triples (one triple per line) into a writer that stops the
query as soon as one line more than the cap has arrived. The lines kept are then parsed and
re-serialised natively in the negotiated format. The same function serves the embedded store (in a
worker process, see :mod:`byregion.sparql.pool`) and a remote endpoint's TSV/N-Triples stream.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, cast

import pyoxigraph as ox

from byregion import mediatypes
from byregion.mediatypes import SPARQL_CSV, SPARQL_JSON, SPARQL_TSV
from byregion.prefixes import PREFIXES, written
from byregion.sparql import QUERY_FAULTS, EngineError, NotAcceptable, NotXml, QueryFailed
from byregion.sparql.guards import Form, dataset_clauses, form_of, has_dataset_clause, malformed, resolve_graphs

TSV = SPARQL_TSV.name
CSV = SPARQL_CSV.name
NTRIPLES = mediatypes.NTRIPLES.name
#: The prefixes a CONSTRUCT's Turtle declares (not those whose names go on with a path, written whole).
WRITTEN_PREFIXES = written(PREFIXES)
#: Characters XML 1.0 cannot carry at all, not even as character references (XML 1.0 §2.2 ``Char``), as UTF-8.
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


@dataclass(frozen=True)
class Job:
    """One query to run: the checked text, its form, the negotiated media type and the limits."""

    query: str
    form: Form
    media_type: str
    max_rows: int
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()
    #: The query's own top-level ``LIMIT`` (SELECT only; :func:`byregion.sparql.guards.top_level_limit`).
    limit: int | None = None
    #: The most bytes of rows as the engine writes them (``BYREGION_SPARQL_MAX_RESULT_BYTES``); none by default.
    max_bytes: int = 2**62
    #: What a relative IRI of a query with no ``BASE`` is resolved against: the endpoint's own IRI, as the base a
    #: document retrieved from it would have (SPARQL 1.1 Query §4.1.1, RFC 3986 §5.1.3; the W3C protocol test
    #: ``query_content_type_construct`` sends ``CONSTRUCT { <s> <p> 1 } WHERE {}``). None: such a query is refused.
    base_iri: str | None = None

    @property
    def bounded(self) -> bool:
        """Whether the query itself returns no more rows than the cap: a SELECT whose own ``LIMIT`` is within
        ``max_rows``. Its results are written straight in the negotiated format, without the line-per-row
        hop the cap needs (a third of the engine's time for a short query)."""
        return self.form == "SELECT" and self.limit is not None and self.limit <= self.max_rows

    @property
    def wire_type(self) -> str:
        """The line-per-row format the results travel in before the cap (see module docstring)."""
        return {"SELECT": TSV, "GRAPH": NTRIPLES}.get(self.form, self.media_type)


@dataclass(frozen=True)
class Result:
    body: bytes
    media_type: str
    truncated: bool = False
    rows: int = -1  # solutions or triples returned; -1 for ASK, and for a bounded SELECT (not counted)
    timings: dict[str, float] = field(default_factory=dict)


class _Full(Exception):
    """Raised inside the serialiser's write() to stop the query once the cap is passed."""


class CappedLines:
    """A binary writer keeping whole lines up to ``limit`` lines and ``max_bytes`` bytes, and stopping the writer
    after that; ``header``: the first line is a header (a SELECT's TSV), kept whatever its size; ``unique``: a line
    written before is left out (a graph's N-Triples: the triples of a CONSTRUCT are a set, SPARQL 1.1 Query §16.2,
    but Oxigraph repeats those with a blank node of the data, 71 of 4,647 lines in one review's query, and they
    counted against the cap)."""

    def __init__(self, limit: int, max_bytes: int = 2**62, header: bool = False, unique: bool = False) -> None:
        self.limit = limit
        self.max_bytes = max_bytes
        self.header = header
        self.chunks: list[bytes] = []
        self.lines = 0
        self.size = 0
        self.full = False
        self.unique = unique
        self._seen: set[bytes] = set()  # at most ``limit`` + 1 lines: the cap stops the writer after that
        self._pending = b""  # a line the serialiser has not ended yet

    def write(self, data: bytes) -> int:
        written = len(data)
        if self.unique:
            data = self._new_lines(bytes(data))
        self.chunks.append(bytes(data))
        self.lines += data.count(b"\n")
        self.size += len(data)
        if self.lines > self.limit or self.size > self.max_bytes:
            self.full = True
            raise _Full
        return written

    def _new_lines(self, data: bytes) -> bytes:
        """The whole lines of ``self._pending + data`` not seen before, each once; the unended rest kept back."""
        *whole, self._pending = (self._pending + data).split(b"\n")
        fresh = []
        for line in whole:
            if line not in self._seen:
                self._seen.add(line)
                fresh.append(line + b"\n")
        return b"".join(fresh)

    def flush(self) -> None:
        pass

    def take(self, serialise: Callable[[IO[bytes]], object]) -> None:
        """Let ``serialise`` write into this writer until it ends or the cap is reached."""
        with contextlib.suppress(_Full):
            serialise(cast(IO[bytes], self))

    def feed(self, chunks: Iterable[bytes]) -> None:
        """Consume a stream (a remote response) the same way the serialiser would write it."""
        try:
            for chunk in chunks:
                self.write(chunk)
        except _Full:
            pass

    def kept(self) -> bytes:
        """The first ``limit`` whole lines that fit in ``max_bytes`` (and the header line, whatever its size); all of
        them when no cap was reached."""
        data = b"".join(self.chunks)
        if not self.full:
            return data + (self._pending if self._pending not in self._seen else b"")
        lines = data.split(b"\n")[:-1]  # the whole lines: the text after the last newline is cut off
        kept: list[bytes] = []
        size = 0
        for line in lines[:self.limit]:
            size += len(line) + 1
            if size > self.max_bytes and (kept or not self.header):
                break
            kept.append(line)
        return b"".join(line + b"\n" for line in kept)


def _results_format(media_type: str) -> ox.QueryResultsFormat:
    found = ox.QueryResultsFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"{media_type} is not a SPARQL results format this endpoint writes.")
    return found


def _rdf_format(media_type: str) -> ox.RdfFormat:
    found = ox.RdfFormat.from_media_type(media_type)
    if found is None:
        raise NotAcceptable(f"{media_type} is not an RDF format this endpoint writes.")
    return found


def _csv_field(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def csv_results(solutions: ox.QuerySolutions) -> bytes:
    """SPARQL 1.1 Query Results CSV (W3C, §2): the variables, then one line per solution with each value's
    lexical form, quoted as RFC 4180 says wherever it holds a comma, a quote or a line break.

    Oxigraph's own CSV writer leaves IRIs unquoted, so ``<http://example.org/a,b>`` came out as two fields."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([v.value for v in solutions.variables])
    for solution in solutions:
        writer.writerow([_csv_field(term) for term in solution])
    return out.getvalue().encode("utf-8")


def write_solutions(solutions: ox.QuerySolutions, media_type: str) -> bytes:
    """``solutions`` in the negotiated results format: Oxigraph's writers, but CSV by :func:`csv_results`."""
    if media_type == CSV:
        return csv_results(solutions)
    return serialized(solutions.serialize(format=_results_format(media_type)))


def xml_safe(data: bytes, media_type: str) -> bytes:
    """``data``, unless it is XML holding a character XML 1.0 cannot carry (a control character in a literal):
    then a 406 saying so and what to ask for, rather than a document no XML parser reads.

    A carriage return is written ``&#13;``: Oxigraph writes it as it is, and an XML parser reads a raw one as a
    line feed (XML 1.0 §2.11), so ``"a\rb"`` came back ``"a\nb"`` in XML and ``"a\rb"`` in JSON. Oxigraph
    writes line ends as line feeds, so every carriage return in its XML is a literal's."""
    if not media_type.endswith("xml"):
        return data
    if found := _NOT_XML.search(data):
        code = ord(found.group().decode("utf-8"))
        raise NotXml(f"The results hold the character U+{code:04X}, which XML 1.0 cannot carry (in "
                            f"{media_type}); ask for another format, such as {SPARQL_JSON.name} "
                            f"(SELECT, ASK) or {NTRIPLES} (CONSTRUCT, DESCRIBE).")
    return data.replace(b"\r", b"&#13;")


#: The end of an IRI that RDF/XML can write as an element's name (XML Namespaces' NCName, its start character
#: then name characters, roughly: letters, ``_``, then also digits, ``-`` and ``.``).
_XML_NAME_END = re.compile(r"[A-Za-z_\u00C0-\uFFFF][\w.\-\u00B7\u00C0-\uFFFF]*$")


def rdf_xml_checked(data: bytes, predicates: Iterable[str]) -> bytes:
    """Oxigraph's RDF/XML, read back before it goes out: a predicate whose IRI ends in no XML name
    (``http://example.org/1``, ``…/v#``, which a CONSTRUCT can make) has no element name, and Oxigraph writes
    ``<oxprefix:>``, a document no XML parser reads. Such results are :class:`NotXml` (another format the client
    accepts, or 406) naming the predicate."""
    import xml.parsers.expat  # only an RDF/XML answer needs it

    try:
        xml.parsers.expat.ParserCreate(namespace_separator=" ").Parse(data, True)  # names read as XML Namespaces
    except xml.parsers.expat.ExpatError as exc:
        unwritable = next((p for p in predicates if not _XML_NAME_END.search(p)), None)
        said = (f"the predicate <{unwritable}>, whose IRI ends in no XML name" if unwritable
                else f"something Oxigraph's RDF/XML writer cannot write ({exc})")
        raise NotXml(f"The results hold {said}, so RDF/XML cannot carry them; ask for another format, such as "
                     f"{mediatypes.TURTLE.name} or {NTRIPLES}.") from None
    return data


def serialized(data: bytes | None) -> bytes:
    """The bytes of a pyoxigraph ``serialize`` call made without an output (which always returns them)."""
    if data is None:
        raise EngineError("The serialiser returned nothing; this is a bug, please report it.")
    return data


def finish(capped: CappedLines, job: Job) -> Result:
    """Turn the capped wire-format lines into the negotiated format."""
    data = capped.kept()
    if job.form == "SELECT":
        rows = max(0, data.count(b"\n") - 1)  # minus the header line
        if job.media_type != TSV:
            solutions = ox.parse_query_results(data, _results_format(TSV))
            assert isinstance(solutions, ox.QuerySolutions)  # TSV of a SELECT: solutions, never a boolean
            data = write_solutions(solutions, job.media_type)
    else:
        rows = data.count(b"\n")
        if job.media_type == mediatypes.RDFXML.name:
            kept = list(ox.parse(data, ox.RdfFormat.N_TRIPLES))
            written_xml = serialized(ox.serialize(kept, format=ox.RdfFormat.RDF_XML, prefixes=WRITTEN_PREFIXES))
            data = rdf_xml_checked(xml_safe(written_xml, job.media_type),  # control characters named first
                                   dict.fromkeys(t.predicate.value for t in kept))
        elif job.media_type != NTRIPLES:
            triples = ox.parse(data, ox.RdfFormat.N_TRIPLES)
            data = serialized(ox.serialize(triples, format=_rdf_format(job.media_type), prefixes=WRITTEN_PREFIXES))
    return Result(xml_safe(data, job.media_type), job.media_type, capped.full, rows)


def dataset_options(query: str, default_graphs: Sequence[str], named_graphs: Sequence[str],
                    base: str | None = None) -> dict[str, object]:
    """Keyword arguments of ``Store.query``: the dataset of ``query`` under the protocol's default-graph-uri /
    named-graph-uri.

    With either parameter, the dataset is exactly what the request names, whatever the query's own ``FROM`` and
    ``FROM NAMED`` say (SPARQL 1.1 Protocol §2.1.4). Without them, a query with a dataset clause runs on the
    dataset it names (SPARQL 1.1 Query §13.2: with ``FROM NAMED`` alone the default graph is empty), and any
    other query on the union of the named graphs as its default graph (``sd:UnionDefaultGraph``): Oxigraph
    server's ``--union-default-graph``. Oxigraph's ``use_default_graph_as_union`` would override the query's own
    dataset, so it is passed only when the query has none (:func:`~byregion.sparql.guards.has_dataset_clause`).

    A graph named twice is one graph (§13.2: the default graph is the merge of the graphs named, the named graphs
    a set), whether in the parameters (a client that puts them in the URL and the form, SPARQLWrapper's
    ``addDefaultGraph`` called twice) or in the query's own clauses: Oxigraph counted its triples twice.
    """
    if not default_graphs and not named_graphs:
        if not has_dataset_clause(query):
            return {"use_default_graph_as_union": True}
        clauses = dataset_clauses(query)
        graphs = resolve_graphs(query, clauses, base)
        named = [(clause.named, graph) for clause, graph in zip(clauses, graphs or (), strict=False)]
        if graphs is None or len(set(named)) == len(named):
            return {}  # the query's own dataset, as written (or not valid SPARQL: the engine says so)
        default_graphs = [g for n, g in dict.fromkeys(named) if not n]
        named_graphs = [g for n, g in dict.fromkeys(named) if n]
    return {
        "default_graph": [ox.NamedNode(g) for g in dict.fromkeys(default_graphs)] or [ox.DefaultGraph()],
        "named_graphs": [ox.NamedNode(g) for g in dict.fromkeys(named_graphs)],
    }


def _written_within(solutions: ox.QuerySolutions, job: Job) -> bytes | None:
    """A bounded SELECT's solutions in its format, or None once they pass ``job.max_bytes``: Oxigraph's writer is
    stopped there, so a few rows of long values are never held whole (CSV, written here, is measured after)."""
    if job.media_type == CSV:
        data = write_solutions(solutions, CSV)
        return data if len(data) <= job.max_bytes else None
    out = CappedLines(2**62, job.max_bytes)
    try:
        solutions.serialize(cast(IO[bytes], out), _results_format(job.media_type))
    except _Full:
        return None
    return b"".join(out.chunks)


def run_on_store(store: ox.Store, job: Job) -> Result:
    """Run ``job`` on an Oxigraph store and serialise the (capped) results. Used in the worker processes.

    The query is parsed here, whether or not the guards parsed it first: a malformed one is refused with
    :class:`~byregion.sparql.MalformedQuery`, as the guards would have refused it."""
    try:
        dataset = dataset_options(job.query, job.default_graphs, job.named_graphs, job.base_iri)
        results = store.query(job.query, base_iri=job.base_iri, **dataset)  # type: ignore[arg-type]
        if (form := form_of(results)) != job.form:  # the form was read from the first keyword (guards, parse=False)
            raise EngineError(f"The query runs as a {form} query, but was read as a {job.form} "
                              "query; this is a bug, please report it with the query.")
        if isinstance(results, ox.QueryBoolean):
            return Result(serialized(results.serialize(format=_results_format(job.media_type))), job.media_type)
        if job.bounded and isinstance(results, ox.QuerySolutions):
            written = _written_within(results, job)
            if written is not None:
                return Result(xml_safe(written, job.media_type), job.media_type)
            # past the bytes in its own format: again, through the cap, which cuts by the bytes of its TSV
            results = cast(ox.QuerySolutions, store.query(job.query, base_iri=job.base_iri,
                                                          **dataset))  # type: ignore[arg-type]
        capped = CappedLines(job.max_rows + (1 if job.form == "SELECT" else 0), job.max_bytes,
                             header=job.form == "SELECT", unique=job.form == "GRAPH")
        try:
            if isinstance(results, ox.QuerySolutions):
                results.serialize(cast(IO[bytes], capped), _results_format(TSV))
            else:
                results.serialize(cast(IO[bytes], capped), ox.RdfFormat.N_TRIPLES)
        except _Full:
            pass
        return finish(capped, job)
    except SyntaxError as exc:
        raise malformed(job.query, exc, job.base_iri) from exc
    except (ValueError, RuntimeError) as exc:
        if any(fault in str(exc) for fault in QUERY_FAULTS):
            raise QueryFailed(f"The query cannot be run as written: {exc}. The endpoint's service description "
                              "(GET /sparql, as Turtle: sd:extensionFunction) lists the functions it has beyond "
                              "SPARQL 1.1's.") from exc
        raise EngineError(f"The query failed while running: {exc}") from exc
    except OSError as exc:
        raise EngineError(f"The query failed while running: {exc}") from exc
