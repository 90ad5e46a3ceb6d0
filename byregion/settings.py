"""Every setting and limit, named and documented in one place.

Each :class:`Setting` has an environment variable (``BYREGION_<NAME>``), a default and a sentence
of documentation. ``tests/test_docs.py`` fails when a setting is missing from the README, so the
table in the README stays honest. Command-line options override the environment.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any
from urllib.parse import SplitResult, urlsplit

from byregion import REPO_ROOT
from byregion.prefixes import BASE

#: Defaults of the two description limits, importable by the pure modules that take them as parameters.
DEFAULT_BLANK_DEPTH = 3
DEFAULT_INBOUND_LIMIT = 200
#: Default of ``sparql_start_timeout``, importable by :mod:`byregion.sparql.pool`.
DEFAULT_SPARQL_START_TIMEOUT = 60.0
#: Default of ``sparql_max_nesting``, importable by :mod:`byregion.sparql.guards`.
DEFAULT_SPARQL_MAX_NESTING = 100
#: Default of ``sparql_max_operations``, importable by :mod:`byregion.sparql.guards`.
DEFAULT_SPARQL_MAX_OPERATIONS = 1_000
#: Default of ``sparql_max_rereads``, importable by :mod:`byregion.sparql.guards`.
DEFAULT_SPARQL_MAX_REREADS = 500_000
#: Most worker processes a server or a build's validation may start (BYREGION_WORKERS, BYREGION_VALIDATION_JOBS),
#: and most query processes a worker may start (BYREGION_SPARQL_MAX_CONCURRENT): a typo of 300 had started 301 query
#: processes (1.3 GB more); the defaults, the machine's CPUs, are held to them too.
MOST_WORKERS = 128
MOST_QUERY_PROCESSES = 64
#: Default of ``validation_part_triples``, importable by :mod:`byregion.validate_parallel`.
DEFAULT_PART_TRIPLES = 50_000


def _doc(text: str, cast: Callable[[str], Any] = str) -> dict[str, Any]:
    return {"doc": text, "cast": cast}


#: How a yes/no setting is written; anything else is refused (a typo such as ``ture`` must not turn a log off).
FLAG_WORDS = {"1": True, "true": True, "yes": True, "on": True, "0": False, "false": False, "no": False,
              "off": False}


def _flag(value: str) -> bool:
    try:
        return FLAG_WORDS[value.strip().lower()]
    except KeyError:
        raise ValueError("it must be 1, true, yes or on, or 0, false, no or off") from None


#: A whole number as a setting is written: ASCII digits, perhaps signed (Python's int() also takes ``8_899`` and other
#: scripts' digits, such as full-width ones, which had been taken as a port).
WHOLE = re.compile(r"[+-]?[0-9]+")
#: A number as a setting is written: ASCII, without Python's ``_`` between digits (``nan`` and ``inf`` are read, then
#: refused as no finite number, saying so).
NUMBER = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)", re.I)


def whole(value: str) -> int:
    """A whole-number setting (:data:`WHOLE`), or ValueError."""
    if not WHOLE.fullmatch(value.strip()):
        raise ValueError("it must be a whole number")
    return int(value)


def number(value: str) -> float:
    """A number setting (:data:`NUMBER`), or ValueError."""
    if not NUMBER.fullmatch(value.strip()):
        raise ValueError("it must be a number")
    return float(value)


#: What an IRI may not hold (RFC 3987: no space or control character, none of ``"<>\^`{|}``): a base URI with one
#: had been taken, and the build ended after 15 s in rdflib's "Invalid IRI code point".
NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f"<>\\^`{|}]')


def _is_iri(iri: str) -> bool:
    """Whether Oxigraph takes ``iri`` as an IRI, as the build will (its RFC 3987 parser): a base URI holding
    ``%zz`` or ``[x]`` in its path had passed the checks above and ended the build in a traceback."""
    import pyoxigraph  # here: the settings of a command that never builds need no RDF library

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True


def _split(url: str) -> SplitResult | None:
    """``url``'s parts, or None where it cannot be split (``http://[::1``: urlsplit's ValueError had ended every
    command in a traceback)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is no number ('http://x:y') raises here
    except ValueError:
        return None
    return parts


def address(host: str, port: int) -> str:
    """``host:port`` as a URL and a listen directive write it: an IPv6 address in brackets (``[::1]:8080``), where
    ``http://::1:8080/`` had been printed, a URL no browser opens."""
    return f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"


def _path(value: str) -> Path:
    return Path(value).expanduser().resolve()


@dataclass(frozen=True)
class Settings:
    """Immutable settings of one process; build with :meth:`from_env`."""

    base_uri: str = field(
        default=BASE,
        metadata=_doc("Canonical base URI of the data; requests on any host resolve paths against it."),
    )
    build_dir: Path = field(
        default=REPO_ROOT / "build",
        metadata=_doc("Folder holding the versioned builds and the `current` link (the default is `build/` in the "
                      "checkout the package runs from, or in the current folder where it is installed outside one; "
                      "a relative value is read from the current folder).", _path),
    )
    repo_dir: Path = field(
        default=REPO_ROOT,
        metadata=_doc("Folder with ontology/, data/ and shapes/ that a build reads (the default is the checkout "
                      "the package runs from, or the current folder where it is installed outside one).", _path),
    )
    store_url: str = field(
        default="",
        metadata=_doc("Remote SPARQL 1.1 query endpoint to serve from; empty means the embedded store."),
    )
    host: str = field(default="127.0.0.1", metadata=_doc("Address `byregion serve` binds to."))
    port: int = field(default=8080, metadata=_doc("Port `byregion serve` listens on.", whole))
    workers: int = field(
        default=min(MOST_WORKERS, max(2, os.cpu_count() or 2)),
        metadata=_doc(f"Worker processes of the WSGI server behind `byregion serve`, at most {MOST_WORKERS}.", whole),
    )
    keep_builds: int = field(
        default=5,
        metadata=_doc("Older whole builds `byregion build` keeps beside the current one (to go back to by hand); "
                      "older ones, and any that is not whole, are pruned, except a build a running server still "
                      "serves.", whole),
    )
    follow_interval: float = field(
        default=2.0,
        metadata=_doc("Seconds between a server's looks at `build/current`; a newer complete build is served "
                      "without a restart by every worker from the same moment, this long after it became current "
                      "(0: never follow).", number),
    )
    header_timeout: float = field(
        default=5.0,
        metadata=_doc("Seconds a client of `byregion serve` has to send a request's headers once it has sent their "
                      "first byte; a slower one is disconnected (granian's own default, 30 s, let 3,000 clients "
                      "sending a byte a second hold every connection a worker takes).", number),
    )
    backlog: int = field(
        default=2048,
        metadata=_doc("Connections `byregion serve` holds at once, accepted or waiting to be (granian's backlog, "
                      "shared by the workers: each takes at most this over the number of workers, 1,024 of the "
                      "default with two; granian takes no fewer than 128); the kernel holds at most "
                      "`net.core.somaxconn` of them waiting.", whole),
    )
    shutdown_timeout: int = field(
        default=10,
        metadata=_doc("Seconds `byregion serve` lets its workers finish the answers under way once it is told to "
                      "stop (SIGTERM, SIGINT); a worker still busy then (a slow download) is killed.", whole),
    )
    threads: int = field(
        default=8,
        metadata=_doc("Request threads per worker for everything but SPARQL queries; each worker has one "
                      "more per query slot and queue place.", whole),
    )
    sparql_timeout: float = field(
        default=10.0,
        metadata=_doc("Seconds a SPARQL query may run before it is stopped and answered with 503.", number),
    )
    sparql_max_rows: int = field(
        default=10_000,
        metadata=_doc("Most result rows a SELECT returns; more are cut and the cut is flagged.", whole),
    )
    sparql_max_result_bytes: int = field(
        default=32 * 1024 * 1024,
        metadata=_doc("Most bytes of a SPARQL answer's rows as the engine writes them (TSV, N-Triples); the rows "
                      "past it are cut and the cut is flagged, as past BYREGION_SPARQL_MAX_ROWS: a few long values "
                      "a row would otherwise fill a web worker's memory.", whole),
    )
    sparql_max_query_bytes: int = field(
        default=20_000,
        metadata=_doc("Largest SPARQL query text accepted, in bytes (as UTF-8, however it is sent: a form's "
                      "percent-encoding does not count); larger answers 413.", whole),
    )
    sparql_max_nesting: int = field(
        default=DEFAULT_SPARQL_MAX_NESTING,
        metadata=_doc("Deepest nesting of brackets ({, ( and [) in a SPARQL query; deeper answers 400. Oxigraph's "
                      "parser recurses once a level, on the web process's threads too: about 220 levels of FILTER "
                      "EXISTS overflow a 2 MB thread stack, which ends the whole worker.", whole),
    )
    sparql_max_rereads: int = field(
        default=DEFAULT_SPARQL_MAX_REREADS,
        metadata=_doc("Most readings of a SPARQL query's words that Oxigraph's parser may need, counting each word "
                      "twice for each bracket around it after ! or of REGEX, SUBSTR, REPLACE or GROUP_CONCAT, which "
                      "the parser may read twice; more answers 400. Up to about a microsecond each (a bracket after "
                      "! around a mistake; the functions' less): 500,000 is at most about half a second of "
                      "parsing, where 40 of !( that do not close (120 bytes) took longer than any timeout; 14 nested "
                      "REPLACE count 212,990.", whole),
    )
    sparql_max_operations: int = field(
        default=DEFAULT_SPARQL_MAX_OPERATIONS,
        metadata=_doc("Most operations in a SPARQL query: arithmetic operators (+, -, *, /) and the keywords "
                      "OPTIONAL, MINUS, UNION, BIND, VALUES, GRAPH and SERVICE, wherever they stand (a "
                      "VALUES block's data are values); more answers "
                      "400. Oxigraph builds each as one step inside the one before and evaluates them recursively: "
                      "a chain of 2,850 MINUS or 8,500 additions (20 kB) overflowed a query process's stack and "
                      "ended it, and the time of a chain of additions grows with its square.", whole),
    )
    sparql_max_concurrent: int = field(
        default=4,
        metadata=_doc("Queries one worker runs at once (one query process each, at most "
                      f"{MOST_QUERY_PROCESSES}); more wait in the queue.", whole),
    )
    sparql_queue_length: int = field(
        default=64,
        metadata=_doc("Queries that may wait for a slot, per worker, served in arrival order; "
                      "one more gets 503 with `Retry-After` at once.", whole),
    )
    sparql_queue_wait: float = field(
        default=12.0,
        metadata=_doc("Seconds a query may wait in the queue for a slot before it gets 503 with `Retry-After`; "
                      "longer than `BYREGION_SPARQL_TIMEOUT`, so that a query waiting behind runaways gets a slot "
                      "when the timeout frees one.", number),
    )
    sparql_max_memory: int = field(
        default=1024 * 1024 * 1024,
        metadata=_doc("Bytes of memory one SPARQL query process may allocate, counting a store held in memory "
                      "(which the processes share); a query that needs more stops it and is answered with 503 (an "
                      "ORDER BY over a cross product took 4 GB in 15 s); 0: no limit.", whole),
    )
    sparql_in_memory_max_triples: int = field(
        default=200_000,
        metadata=_doc("Builds of at most this many triples (summed over the graphs) are queried from memory: "
                      "loaded once per worker, 0.5 to 0.7 KB a triple, shared by its query processes, and 1.5 to 3 "
                      "times as fast as the on-disk store; larger builds are queried from disk (0: always from "
                      "disk). A build that takes more than half of `BYREGION_SPARQL_MAX_MEMORY` in memory is "
                      "refused, saying so.", whole),
    )
    sparql_start_timeout: float = field(
        default=DEFAULT_SPARQL_START_TIMEOUT,
        metadata=_doc("Seconds a query process may take to open the store and answer its warm-up query; one that "
                      "takes longer is stopped and another started, and a query waiting for it gets 502.", number),
    )
    store_retry_after: int = field(
        default=5,
        metadata=_doc("Seconds a client is told to wait (`Retry-After` of the 503) when the remote store "
                      "(`BYREGION_STORE_URL`) cannot be reached.", whole),
    )
    sparql_cache_bytes: int = field(
        default=32 * 1024 * 1024,
        metadata=_doc("Bytes of SPARQL answers a worker keeps for the served build, so that a repeated query is "
                      "answered without running it again (least recently used go first); 0 turns it off.", whole),
    )
    sparql_allow_service: bool = field(
        default=False,
        metadata=_doc("Allow SPARQL `SERVICE` (federated query); off, since it makes the server fetch URLs. While "
                      "off, the query processes also run without network where Linux allows unprivileged user "
                      "namespaces, so a `SERVICE` the guards missed reaches nothing.", _flag),
    )
    health_timeout: float = field(
        default=2.0,
        metadata=_doc("Seconds `/health` waits for its trivial query to the store before it reports the store "
                      "unreachable (503), and at most as long for a query slot before it reports it busy (200).",
                      number),
    )
    proxy_hops: int = field(
        default=0,
        metadata=_doc("Proxies in front of `byregion serve` whose `X-Forwarded-For`, `-Proto` and `-Host` are "
                      "believed (werkzeug's ProxyFix; a port goes in `-Host`, `-Port` is never read): 1 behind one "
                      "TLS proxy (or behind the static export's nginx, which writes them itself), so that the pages, "
                      "the sitemap, robots.txt and the reconciliation manifest name `https` and the public host, and "
                      "the access log the client. The proxy must overwrite a client's own (docs/server.md, \"Behind "
                      "a proxy\"). 0 reads none of them (a client could write them).", whole),
    )
    access_log: bool = field(
        default=True,
        metadata=_doc("Write one line per request to standard output in the Combined Log Format (as Apache and "
                      "nginx write it).", _flag),
    )
    max_url_length: int = field(
        default=2_048,
        metadata=_doc("Longest URL served on resource pages and by the graph store, in characters: the decoded path, "
                      "and `?` and the query string when there is one; longer answers 414.", whole),
    )
    search_limit: int = field(
        default=20,
        metadata=_doc("Most results a search (`/search`) answers at once: a page; `?limit=` may ask for fewer, "
                      "`?page=` for the next.", whole),
    )
    search_max_query_chars: int = field(
        default=200,
        metadata=_doc("Longest search query (`/search?q=`) in characters; longer answers 400.", whole),
    )
    search_max_page: int = field(
        default=1_000_000,
        metadata=_doc("Highest page number a search (`/search?page=`) answers; higher answers 400.", whole),
    )
    inbound_limit: int = field(
        default=DEFAULT_INBOUND_LIMIT,
        metadata=_doc("Most inbound links (\"used by\") on a resource page, and statements on a theme page; "
                      "more are cut and the cut is shown.", whole),
    )
    blank_depth: int = field(
        default=DEFAULT_BLANK_DEPTH,
        metadata=_doc("How many levels of blank nodes under a thing its document follows.", whole),
    )
    sitemap_urls: int = field(
        default=50_000,
        metadata=_doc("Most URLs one sitemap file lists, up to the protocol's 50,000; a build with more pages makes "
                      "`/sitemap.xml` an index of parts (`/sitemap/1.xml` …) of at most this many each.",
                      whole),
    )
    import_max_bytes: int = field(
        default=200_000,
        metadata=_doc("Largest region page `byregion import` reads, in bytes (a real page has about 4 KB; the "
                      "import's time grows faster than the page); larger is refused, saying so.", whole),
    )
    reconcile_max_batch: int = field(
        default=50,
        metadata=_doc("Most queries in one reconciliation batch (`queries`), the manifest's `batchSize`; more answers "
                      "413 (OpenRefine sends 10).", whole),
    )
    reconcile_max_candidates: int = field(
        default=25,
        metadata=_doc("Most candidates a reconciliation query returns, and results a suggest or property "
                      "proposal returns, whatever `limit` asks.", whole),
    )
    reconcile_max_query_length: int = field(
        default=200,
        metadata=_doc("Longest text of a reconciliation query or suggest prefix, in characters; a longer query has "
                      "no candidates (the others of its batch are answered), a longer prefix answers 400.", whole),
    )
    reconcile_max_extend_ids: int = field(
        default=500,
        metadata=_doc("Most ids in one data extension request (`extend`); more answers 400.", whole),
    )
    reconcile_max_property_values: int = field(
        default=20,
        metadata=_doc("Most property values in one reconciliation query (each value of each `properties` item); more "
                      "answers 400.", whole),
    )
    reconcile_max_nesting: int = field(
        default=12,
        metadata=_doc("Deepest nesting of arrays and objects in a reconciliation request's JSON (`queries`, "
                      "`extend`); deeper answers 400 (a batch needs six).", whole),
    )
    reconcile_max_request_bytes: int = field(
        default=1_000_000,
        metadata=_doc("Largest body of a POST to the reconciliation service, in bytes; larger answers 413.", whole),
    )
    validation_jobs: int = field(
        default=min(MOST_WORKERS, os.cpu_count() or 1),
        metadata=_doc("Worker processes `byregion build` validates a large dataset with, a part each at a time, at "
                      f"most {MOST_WORKERS}.", whole),
    )
    validation_part_triples: int = field(
        default=DEFAULT_PART_TRIPLES,
        metadata=_doc("Triples of pages per part when a build validates in parts; a dataset smaller than this is "
                      "validated whole.", whole),
    )

    @property
    def request_threads(self) -> int:
        """Threads a web worker needs so that every query slot and queue place has one, and ``threads`` more.

        The WSGI server holds requests beyond its threads in its own unbounded queue, where no limit
        of ours applies; with a thread for each place of our queue, the overflow reaches
        :mod:`byregion.sparql.admission` and is refused with 503 instead of waiting unseen.
        """
        return self.threads + self.sparql_max_concurrent + self.sparql_queue_length

    def __post_init__(self) -> None:
        """Refuse a value no server or build could run with (a port past 65535, no workers, a negative or NaN
        timeout, a URL limit that refuses ``/``, a store that is no URL), naming the setting and what it may be."""
        for name, (least, most, strict) in RANGES.items():
            value = getattr(self, name)
            if isinstance(value, float) and not math.isfinite(value):  # NaN passes every comparison below
                raise SettingsError(name, value, "it must be a finite number")
            if (value <= least if strict else value < least) or value > most:
                shown = f"more than {least}" if strict else f"at least {least}"
                raise SettingsError(name, value, f"it must be {shown} and at most {most}")
        parts = _split(self.base_uri)
        if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment or NOT_IN_IRI.search(self.base_uri) or not _is_iri(self.base_uri + "/id/x"):
            raise SettingsError("base_uri", self.base_uri, "it must be an absolute http or https URI with a host "
                                                           "and no query or fragment, no space and none of "
                                                           '"<>\\^`{|}, like https://data.byregion.no')
        store = _split(self.store_url)
        if self.store_url and (store is None or store.scheme not in ("http", "https") or not store.netloc
                               or store.fragment or NOT_IN_IRI.search(self.store_url)):
            raise SettingsError("store_url", self.store_url, "it must be empty (the build's own store) or an absolute "
                                                             "http or https URL of a SPARQL query endpoint, like "
                                                             "http://127.0.0.1:7878/query")

    @classmethod
    def env_name(cls, name: str) -> str:
        return f"BYREGION_{name.upper()}"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Defaults, then ``BYREGION_*`` variables, then explicit ``overrides`` (None is ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = environ.get(cls.env_name(f.name))
            if raw is not None and raw != "":
                cast = f.metadata["cast"]
                try:
                    values[f.name] = cast(raw)
                except ValueError as exc:
                    said = str(exc)
                    raise SettingsError(f.name, raw, said) from exc
        given = {k: v for k, v in overrides.items() if v is not None}
        values.update(given)
        try:
            settings = cls(**values)
        except SettingsError as exc:
            exc.from_option = exc.setting in given
            raise
        return replace(settings, base_uri=settings.base_uri.rstrip("/"))

    @classmethod
    def documentation(cls) -> list[tuple[str, str, str]]:
        """(environment variable, default, description) for every setting, for docs and --help."""
        out = []
        for f in fields(cls):
            default = f.default
            if isinstance(default, Path):
                default = default.relative_to(REPO_ROOT) if default.is_relative_to(REPO_ROOT) else default
            out.append((cls.env_name(f.name), str(default), f.metadata["doc"]))
        return out


class SettingsError(ValueError):
    """A setting's value cannot be used: which (``setting``, a field of :class:`Settings`), the value, and what it
    must be. Said as the ``BYREGION_*`` variable; :meth:`as_option` says it as the command-line option that gave
    it, so that no one goes looking for a variable they never set."""

    def __init__(self, setting: str, value: object, reason: str) -> None:
        self.setting, self.value, self.reason = setting, value, reason
        #: Whether the value came from a command-line option (an override of :meth:`Settings.from_env`).
        self.from_option = False
        super().__init__(f"{Settings.env_name(setting)}={value!r} is not valid: {reason}")

    def __reduce__(self) -> tuple[type[SettingsError], tuple[str, object, str]]:
        return type(self), (self.setting, self.value, self.reason)

    def as_option(self, option: str) -> str:
        return f"{option} {self.value} is not valid: {self.reason}"


#: The longest time a setting may give, in seconds (a day): sockets and waits take no more (a start timeout of
#: 1e300 s passed the check, then overflowed in the socket, and the health and SPARQL answers hung).
LONGEST = 86_400
#: The most of a count with no smaller bound of its own: the largest number a C ``int`` holds, which granian, the
#: system calls and SQLite are handed (99999999999999999999 threads had passed the check, then crashed every worker
#: in a loop: an operator's review).
MOST_COUNT = 2**31 - 1
#: The most of a setting in bytes: ``setrlimit`` takes a signed 64-bit number (a memory limit of 1e20 bytes had
#: started a server whose query processes could not start, while its pages answered).
MOST_BYTES = 2**62
#: Request threads a worker may run for documents and pages (``BYREGION_THREADS``), and places in its SPARQL queue:
#: each waits in a thread of its own (:attr:`Settings.request_threads`), and ten thousand are already more than a
#: machine runs well.
MOST_THREADS = 10_000
MOST_QUEUE = 100_000
#: The longest URL limit: nginx reads a request line of at most its buffer (``LARGE_HEADER_BUFFER``, 32 KB) and the
#: export writes the limit into a regular expression, whose counts stop at 65,535.
MOST_URL_LENGTH = 32_000
#: What each number setting may be: (least, most, whether the least is excluded). A count of things that must exist
#: is at least 1; a time is more than 0 and at most :data:`LONGEST`; where the docs give 0 a meaning (no limit, off),
#: 0 is allowed; every one has a most, so that a value meant as "unlimited" is refused in one line, not in a crash.
RANGES: dict[str, tuple[float, float, bool]] = {
    "port": (1, 65535, False), "workers": (1, MOST_WORKERS, False), "keep_builds": (0, MOST_COUNT, False),
    "follow_interval": (0, LONGEST, False), "threads": (1, MOST_THREADS, False), "sparql_timeout": (0, LONGEST, True),
    "header_timeout": (0, 3_600, True), "shutdown_timeout": (1, 1_800, False),
    "backlog": (128, 65_535, False),  # granian takes no fewer than 128
    "sparql_max_rows": (1, MOST_COUNT, False), "sparql_max_query_bytes": (1, MOST_BYTES, False),
    "sparql_max_result_bytes": (1, MOST_BYTES, False), "sparql_max_nesting": (1, MOST_COUNT, False),
    "sparql_max_operations": (1, MOST_COUNT, False), "sparql_max_rereads": (1, MOST_COUNT, False),
    "sparql_max_concurrent": (1, MOST_QUERY_PROCESSES, False), "sparql_queue_length": (0, MOST_QUEUE, False),
    "sparql_queue_wait": (0, LONGEST, False), "sparql_max_memory": (0, MOST_BYTES, False),
    "sparql_in_memory_max_triples": (0, MOST_COUNT, False), "sparql_start_timeout": (0, LONGEST, True),
    "store_retry_after": (0, LONGEST, False), "sparql_cache_bytes": (0, MOST_BYTES, False),
    "health_timeout": (0, LONGEST, True), "proxy_hops": (0, MOST_COUNT, False),
    "max_url_length": (16, MOST_URL_LENGTH, False), "search_limit": (1, MOST_COUNT, False),
    "search_max_query_chars": (1, MOST_COUNT, False), "search_max_page": (1, MOST_COUNT, False),
    "inbound_limit": (1, MOST_COUNT, False), "blank_depth": (0, MOST_COUNT, False), "sitemap_urls": (2, 50_000, False),
    "reconcile_max_batch": (1, MOST_COUNT, False), "reconcile_max_candidates": (1, MOST_COUNT, False),
    "reconcile_max_query_length": (1, MOST_COUNT, False), "reconcile_max_extend_ids": (1, MOST_COUNT, False),
    "reconcile_max_property_values": (1, MOST_COUNT, False), "reconcile_max_nesting": (1, MOST_COUNT, False),
    "reconcile_max_request_bytes": (1, MOST_BYTES, False), "validation_jobs": (1, MOST_WORKERS, False),
    "import_max_bytes": (1, MOST_BYTES, False), "validation_part_triples": (1, MOST_COUNT, False),
}
