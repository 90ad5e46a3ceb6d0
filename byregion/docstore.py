"""The build's rendered documents: the contract between the build that writes them and whatever serves them.

A build renders every representation of every document once (``byregion.build.render``) into one SQLite
file, ``documents.sqlite`` in the build folder. Serving a document is then a look-up by path and variant
plus headers: no SPARQL, no rdflib, no template on the request path, and nothing to warm.

* a **document** is a path (``/doc/region/notodden``, ``/catalog``, ``/``) with the formats it is
  offered in, as file extensions in server preference order (``html ttl jsonld nt rdf`` for a resource,
  ``""`` for a document with one form);
* a **representation** is one variant of it: ``ttl``, ``jsonld``, …, ``html.nb`` / ``html.en`` (HTML in
  each language), or ``""`` for a document with one form (``/robots.txt``); its media type, its ETag (a
  hash of the body) and its body, stored gzip-compressed where that is smaller by a tenth or more (then
  sent as it is to clients that take gzip, and unpacked for the others);
* a document in a **profile** other than the default (:mod:`byregion.profiles`) has its formats in the
  document's ``profiles`` column and its representations under ``{token}/{variant}`` (``ids/ttl``,
  ``alt/html.en``); the table ``profiles`` names every profile's token and IRIs.

The table ``modified`` keeps, for every representation, the date its body last changed, where the builds could tell
(:meth:`DocumentWriter.date`): the next build reads it to carry an unchanged representation's date on. It is each
answer's ``Last-Modified`` (the build's date where it holds none: a first build) and the sitemap's ``lastmod``.

The table ``recipes`` keeps, for a document whose inputs can be named in full (an earlier version of the ontology,
:meth:`byregion.build.render.documents.Renderer.recipe`), a digest of them: the next build whose document would be made
of the same carries it over as it is (:func:`kept`) instead of rendering it again.

Documents whose text names the request's host (the home page's schema.org block, the sitemap) hold the
marker :data:`HOST` where the host goes; the server puts the host in, and their ETag varies with it. They are
kept compressed, as any body, where that pays; the server compresses the body it made again for the host, fast
(:data:`HOST_GZIP_LEVEL`), so that the sitemap goes as 150 kB, not 4 MB.

Each thread that reads opens its own read-only connection (:class:`DocumentStore`), each with a page cache of at
most :data:`PAGE_CACHE_BYTES`, so memory does not grow with traffic: at most the server's threads times that.
"""

from __future__ import annotations

import functools
import hashlib
import re
import sqlite3
import threading
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import cast

from isal import isal_zlib

FILE = "documents.sqlite"
#: Where a host-dependent document names the request's scheme and host (``https://example.org``).
HOST = "@@BYREGION-HOST@@"
#: Compress a body only from this size, and only when gzip saves at least a tenth.
GZIP_FROM_BYTES = 512
#: ISA-L's level (0–3; python-isal writes the gzip format zlib does, and any gzip reader reads it). On the
#: repository's build (55,336 bodies, 304 MB), level 3 took 2.2 s and kept 24.3 % of the bytes where zlib at
#: level 5 took 5.4 s and kept 23.2 %; compressing had been an eighth of rendering.
GZIP_LEVEL = 3
#: The gzip wrapper (header without a name or a time: equal bodies give equal bytes).
GZIP_WBITS = 31
#: What a body that does not unpack raises (isal's stub types ``isal_zlib.error`` as an instance, not a class).
_UNPACK_ERROR = cast("type[Exception]", isal_zlib.error)
#: The document :meth:`DocumentStore.probe` reads (``/health``): the home page, which every build renders.
PROBE_PATH = "/"
#: The page cache of each thread's connection (SQLite's default is 2 MiB). The operating system caches the file
#: for every thread and process alike; this holds what one thread reads again within a request and the next (the
#: b-tree's upper pages), and bounds the memory of a server with many threads.
PAGE_CACHE_BYTES = 256 * 1024
#: ISA-L's level for a body made per request (a document that names the host, :meth:`Representation.for_host`):
#: the repository's 4.2 MB sitemap takes 1.2 ms and keeps 3.7 % of its bytes at level 1 or 2, 5.7 ms and 3.6 %
#: at level 3.
HOST_GZIP_LEVEL = 2

_SCHEMA = """
-- profiles: the document's other profiles and their formats ("ids=ttl jsonld nt rdf;alt=html ttl …");
-- links: what its page's <head> links, which its answers' Link header names too (links_text)
CREATE TABLE documents (path TEXT PRIMARY KEY, variants TEXT NOT NULL, profiles TEXT NOT NULL DEFAULT '',
    links TEXT NOT NULL DEFAULT '') WITHOUT ROWID;
-- every profile of the build (byregion.profiles) with its IRI and the other IRIs that name it, in order
CREATE TABLE profiles (position INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, uri TEXT NOT NULL,
    aliases TEXT NOT NULL);
-- a rowid table: bodies of a few kB fill overflow pages far better there than in a WITHOUT ROWID b-tree
CREATE TABLE representations (
    path TEXT NOT NULL, variant TEXT NOT NULL, media_type TEXT NOT NULL, etag TEXT NOT NULL,
    body BLOB, gzip BLOB, host INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (path, variant));
-- when a representation's body last changed, where the builds could tell (DocumentWriter.date)
CREATE TABLE modified (path TEXT NOT NULL, variant TEXT NOT NULL, date TEXT NOT NULL, PRIMARY KEY (path, variant))
    WITHOUT ROWID;
-- what a document was made of (a digest of every input), where that can be said: a later build carries it over (kept)
CREATE TABLE recipes (path TEXT PRIMARY KEY, recipe TEXT NOT NULL) WITHOUT ROWID;
"""


#: The relations a page links another resource by (:class:`PageLink`): another representation of what it shows
#: (a table's CSV), and a description of it (the dataset's VoID).
ALTERNATE = "alternate"
DESCRIBEDBY = "describedby"
#: What no field of a :class:`PageLink` may hold, so that :func:`links_text` reads back as it was written (and a web
#: server's table, documents.map, may hold it in quotes): its separators, quotes, a backslash, a control character.
_LINK_UNSAFE = re.compile(r'[,;|"\\\x00-\x1f]')


@dataclass(frozen=True)
class PageLink:
    """A link in a page's ``<head>`` (``<link rel=… type=… href=…>``) to another resource: decided when the build
    is made and kept with the document, so that the page's head and its answers' ``Link`` header (RFC 8288,
    :func:`byregion.serve.rules.page_links`), a 406 too, name the same resources."""

    href: str  # a path on the site (/doc/municipalities.csv)
    media_type: str  # its type's name (text/csv), as byregion.mediatypes has it
    label: str  # its type's label (CSV), what a 406 calls it
    rel: str = ALTERNATE

    def __post_init__(self) -> None:
        if self.rel not in (ALTERNATE, DESCRIBEDBY) or not self.href.startswith("/") \
                or any(_LINK_UNSAFE.search(part) or not part for part in (self.href, self.media_type, self.label)) \
                or " " in self.href or " " in self.media_type:
            raise ValueError(f"{self!r} cannot be kept: a path, a type and a label without ',;|\"', by a relation "
                             f"of {ALTERNATE!r} or {DESCRIBEDBY!r}")


def links_text(links: Iterable[PageLink]) -> str:
    """Links as ``documents.links`` and the static export's documents.map hold them:
    ``alternate;text/csv;/doc/municipalities.csv;CSV,…`` (``""`` for none)."""
    return ",".join(f"{link.rel};{link.media_type};{link.href};{link.label}" for link in links)


@functools.lru_cache(maxsize=64)  # a build has a handful of pages with links
def parse_links(text: str) -> tuple[PageLink, ...]:
    """The links :func:`links_text` wrote."""
    found = []
    for item in text.split(",") if text else ():
        rel, media_type, href, label = item.split(";")
        found.append(PageLink(href, media_type, label, rel))
    return tuple(found)


@dataclass(frozen=True)
class StoredProfile:
    """A profile as the build names it: its token, its IRI and other IRIs that name it too."""

    token: str
    uri: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Representation:
    """One stored variant of a document: its body as it is (``identity``) or gzip-compressed (``gzip``); both for
    a body made per request (:meth:`for_host`)."""

    path: str
    variant: str
    media_type: str  # the Content-Type, charset included
    etag: str  # quoted strong ETag of the uncompressed body, '"…"'
    identity: bytes | None
    gzip: bytes | None = None
    host: bool = False  # the body holds :data:`HOST`
    modified: str | None = None  # when the body last changed ("2026-11-02T10:34:10Z"), where the builds could tell

    def changed(self, built: datetime) -> datetime:
        """When the body last changed (its ``Last-Modified``): :attr:`modified`, else ``built``, the build's date
        (a first build knows no earlier one)."""
        return datetime.fromisoformat(self.modified) if self.modified is not None else built

    @property
    def body(self) -> bytes:
        """The uncompressed body."""
        if self.identity is not None:
            return self.identity
        assert self.gzip is not None
        return unpacked(self.gzip)

    def for_host(self, host: str, *, pack: bool) -> Representation:
        """The representation as served on ``host`` (``https://example.org``): marker replaced, own ETag, and
        compressed again where ``pack`` says to (the build found that compressing it pays, and the client takes
        gzip: the compressing is left out for the others)."""
        if not self.host:
            return self
        tag = hashlib.sha256(host.encode("utf-8")).hexdigest()[:8]
        body = self.body.replace(HOST.encode(), host.encode("utf-8"))
        packed = isal_zlib.compress(body, HOST_GZIP_LEVEL, wbits=GZIP_WBITS) if pack and self.gzip is not None else None
        return replace(self, etag=self.etag[:-1] + f"-{tag}\"", identity=body, gzip=packed, host=False)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def unpacked(packed: bytes) -> bytes:
    """A body the build compressed (:func:`compressed`), as it was: ISA-L reads the 4 MB sitemap in 0.65 ms, where
    the standard library's gzip module took 3.8 ms."""
    return isal_zlib.decompress(packed, wbits=GZIP_WBITS)


def compressed(body: bytes) -> bytes | None:
    """The body gzip-compressed (deterministic: no name, no time), or None when that does not pay."""
    if len(body) < GZIP_FROM_BYTES:
        return None
    packed = isal_zlib.compress(body, GZIP_LEVEL, wbits=GZIP_WBITS)
    return packed if len(packed) <= len(body) * 0.9 else None


def representation(path: str, variant: str, media_type: str, body: bytes, *, host: bool = False) -> Representation:
    """A representation with its ETag worked out, kept compressed where that pays (a body that names the host
    as well: it is compressed again once the host is put in, per request)."""
    packed = compressed(body)
    return Representation(path, variant, media_type, etag_of(body), body if packed is None else None, packed, host)


@dataclass(frozen=True)
class StoredDocument:
    """One document as the build kept it: the formats it is offered in (extensions, server order; ``("",)`` for
    one form), its other profiles with theirs (:func:`byregion.profiles.formats_text`), and what its page links
    (:class:`PageLink`)."""

    formats: tuple[str, ...]
    profiles: str = ""
    links: tuple[PageLink, ...] = ()


class DocumentWriter:
    """Writes ``documents.sqlite`` (used by the build only; the file is complete once :meth:`close` ran)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        # URI filenames: the previous build's file is attached read-only (:meth:`date`)
        self.connection = sqlite3.connect(path.absolute().as_uri(), uri=True)
        self.connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        self.documents = 0
        self.representations = 0

    def add(self, path: str, variants: Iterable[str], representations: Iterable[Representation],
            profiles: str = "", links: Iterable[PageLink] = (), recipe: str = "") -> None:
        """Keep a document; ``recipe``: the digest of what it was made of, where that can be said (:func:`kept`)."""
        rows = [(r.path, r.variant, r.media_type, r.etag, r.identity, r.gzip, int(r.host)) for r in representations]
        self.connection.execute("INSERT INTO documents VALUES (?, ?, ?, ?)",
                                (path, " ".join(variants), profiles, links_text(links)))
        self.connection.executemany("INSERT INTO representations VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
        if recipe:
            self.connection.execute("INSERT INTO recipes VALUES (?, ?)", (path, recipe))
        self.documents += 1
        self.representations += len(rows)

    def published(self) -> set[str]:
        """The addresses the documents written so far answer (their paths; not the build's own entries, ``!…``)."""
        return {row[0] for row in self.connection.execute("SELECT path FROM documents WHERE path NOT LIKE '!%'")}

    def add_profiles(self, profiles: Iterable[StoredProfile]) -> None:
        self.connection.executemany("INSERT INTO profiles VALUES (?, ?, ?, ?)",
                                    [(i, p.token, p.uri, " ".join(p.aliases)) for i, p in enumerate(profiles)])

    def date(self, previous: Path | None, previous_created: str | None, built: str) -> None:
        """Record when each representation written so far, and not dated yet, last changed, from the build before
        (``previous``, its ``documents.sqlite``, made at ``previous_created``): ``built`` (this build's date) where
        it is new or its ETag differs; where it is the same, the date the previous build gave it, or the previous
        build's own date where it gave none (it was there unchanged then). Without a previous build (or its date)
        nothing is known: the server sends the build's date, and the sitemap says no ``lastmod``.

        In SQL, by a join on the two files' keys: at a million triples the two builds' ETags would not fit in
        memory as dictionaries."""
        if previous is None or previous_created is None or not previous.is_file() \
                or previous.resolve() == self.path.resolve():
            return
        # What is rendered is on disk first, and this one statement is journalled (in memory): the writer runs
        # without a journal, and a damaged previous file (SQLITE_CORRUPT in the join) would otherwise roll back
        # every row rendered so far, or leave some of the dates written.
        self.connection.commit()
        self.connection.execute("PRAGMA main.journal_mode=MEMORY")
        try:
            self.connection.execute("ATTACH DATABASE ? AS previous", (previous.absolute().as_uri() + "?mode=ro",))
        except sqlite3.DatabaseError:  # not a database: nothing is known of it
            self.connection.execute("PRAGMA main.journal_mode=OFF")
            return
        try:
            dated = bool(self.connection.execute(
                "SELECT 1 FROM previous.sqlite_master WHERE type = 'table' AND name = 'modified'").fetchone())
            earlier = ("(SELECT date FROM previous.modified AS m WHERE m.path = r.path AND m.variant = r.variant)"
                       if dated else "NULL")
            self.connection.execute(
                f"""INSERT INTO modified
                    SELECT r.path, r.variant,
                           CASE WHEN p.etag = r.etag THEN coalesce({earlier}, :previous) ELSE :built END
                    FROM representations AS r
                    LEFT JOIN previous.representations AS p ON p.path = r.path AND p.variant = r.variant
                    WHERE NOT EXISTS (SELECT 1 FROM modified AS d WHERE d.path = r.path AND d.variant = r.variant)""",
                {"previous": previous_created, "built": built})
            self.connection.commit()
        except sqlite3.DatabaseError:  # a damaged previous build (a broken page): nothing is known of it
            self.connection.rollback()
        finally:
            self.connection.execute("DETACH DATABASE previous")
            self.connection.execute("PRAGMA main.journal_mode=OFF")

    def modified(self, variants: Iterable[str]) -> dict[tuple[str, str], str]:
        """When each representation in one of ``variants`` last changed, of those :meth:`date` could tell."""
        return _dates(self.connection, variants)

    def close(self) -> None:
        """Commit and close. No ``VACUUM``: rows are only ever inserted, so the file has no free pages to give
        back (at 1M triples 0 of 779,329), and rewriting its 3.2 GB took 45 s of the build for the same size."""
        self.connection.commit()
        self.connection.close()


class DocumentStore:
    """Read-only look-ups in a build's ``documents.sqlite``; safe to share between threads.

    Each thread reads through a connection of its own. One connection shared by a web worker's threads was the
    largest cost of a document under load: SQLite lets go of the GIL for every step of a query and holds the
    connection's mutex meanwhile, so eight threads answering documents at once queued on that mutex and handed
    the GIL back and forth at every step (docs/server.md, "Documents under load")."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise FileNotFoundError(f"{path}: no rendered documents in this build; run `byregion build`")
        self._uri = f"file:{path}?mode=ro&immutable=1"
        self.path = path
        self._local = threading.local()
        self._readers: weakref.WeakSet[_Reader] = weakref.WeakSet()
        self._readers_lock = threading.Lock()
        self._closed = False
        # The opening thread's connection, kept open for the store's life: a thread that starts after the build's
        # folder was removed by hand cannot open the file by its name, and reads through this one (shared then).
        self._first = _Reader(self._uri)
        self._readers.add(self._first)
        self._local.reader = self._first
        self._profiles: tuple[StoredProfile, ...] | None = None
        columns = {row[1] for row in self.connection.execute("PRAGMA table_info(documents)")}
        tables = {row[0] for row in self.connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        # a build made before every representation was dated has dates for pages alone, or none (no table)
        self._get_query = ("SELECT media_type, etag, body, gzip, host, (SELECT date FROM modified AS m "
                           "WHERE m.path = r.path AND m.variant = r.variant) FROM representations AS r "
                           "WHERE path = ? AND variant = ?" if "modified" in tables else
                           "SELECT media_type, etag, body, gzip, host, NULL FROM representations "
                           "WHERE path = ? AND variant = ?")
        # a build rendered before profiles existed has no profiles column: its documents have the default alone;
        # one rendered before pages' links were kept, no links column: its pages link nothing in their headers
        kept = ", ".join(name if name in columns else "''" for name in ("profiles", "links"))
        self._document_query = f"SELECT variants, {kept} FROM documents WHERE path = ?"

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on its first look-up; it closes when the thread ends (a WSGI server
        ends idle threads and starts others) or when the store is closed."""
        reader: _Reader | None = getattr(self._local, "reader", None)
        if reader is not None:
            return reader.connection
        self._refuse_when_closed()  # as a closed connection refuses: a request still holding a build let go of fails
        try:
            reader = _Reader(self._uri)
        except sqlite3.OperationalError:  # the file is gone (its folder removed by hand): it is still open here
            return self._first.connection
        with self._readers_lock:  # not while close() runs: it would miss this one
            if self._closed:
                reader.connection.close()
                self._refuse_when_closed()
            self._readers.add(reader)
            self._local.reader = reader
        return reader.connection

    def _refuse_when_closed(self) -> None:
        if self._closed:
            raise sqlite3.ProgrammingError(f"Cannot operate on a closed database ({self.path}).")

    def variants(self, path: str) -> tuple[str, ...] | None:
        """The formats ``path`` is offered in (extensions, server preference order), or None when there is no
        such document."""
        row = self.connection.execute("SELECT variants FROM documents WHERE path = ?", (path,)).fetchone()
        return tuple(row[0].split(" ")) if row is not None else None

    def document(self, path: str) -> tuple[tuple[str, ...], str] | None:
        """The formats ``path`` is offered in (as :meth:`variants`) and its other profiles with theirs (as
        :func:`byregion.profiles.formats_text` wrote them), in one look-up; None when there is no such document."""
        found = self.stored_document(path)
        return (found.formats, found.profiles) if found is not None else None

    def stored_document(self, path: str) -> StoredDocument | None:
        """What the build kept of the document at ``path`` besides its representations, in one look-up; None when
        there is no such document."""
        row = self.connection.execute(self._document_query, (path,)).fetchone()
        return StoredDocument(tuple(row[0].split(" ")), row[1], parse_links(row[2])) if row is not None else None

    def profiles(self) -> tuple[StoredProfile, ...]:
        """Every profile of the build, in order (read once)."""
        if self._profiles is None:
            try:
                rows = self.connection.execute("SELECT token, uri, aliases FROM profiles ORDER BY position").fetchall()
            except sqlite3.OperationalError:  # rendered before profiles existed
                rows = []
            self._profiles = tuple(StoredProfile(t, u, tuple(a.split()) if a else ()) for t, u, a in rows)
        return self._profiles

    def get(self, path: str, variant: str) -> Representation | None:
        row = self.connection.execute(self._get_query, (path, variant)).fetchone()
        if row is None:
            return None
        return Representation(path, variant, row[0], row[1], bytes(row[2]) if row[2] is not None else None,
                              bytes(row[3]) if row[3] is not None else None, bool(row[4]), row[5])

    def probe(self, path: str = PROBE_PATH) -> None:
        """Read the document at ``path`` as a request for it does, and its first representation's body, unpacked where
        it is kept packed: two look-ups by key and a few kB, cheap enough for every ``/health``. Raises
        :class:`Unreadable` saying what failed: damage within the file (blocks overwritten, its size unchanged)
        that the build's manifest (sizes alone, at start) cannot see and every document would answer 500 for."""
        try:
            found = self.variants(path)
            row = self.connection.execute("SELECT body, gzip FROM representations WHERE path = ? ORDER BY variant "
                                          "LIMIT 1", (path,)).fetchone()
            if found is None or row is None or (row[0] is None and row[1] is None):
                raise Unreadable(f"it holds no document {path}")
            if row[0] is None:
                unpacked(bytes(row[1]))
        except sqlite3.Error as exc:  # SQLITE_CORRUPT, SQLITE_NOTADB, an I/O error
            raise Unreadable(f"SQLite: {exc}") from exc
        except _UNPACK_ERROR as exc:  # a packed body overwritten
            raise Unreadable(f"a body does not unpack: {exc}") from exc

    def paths(self) -> list[str]:
        """Every document path, sorted (for exports and sitemaps)."""
        return [row[0] for row in self.connection.execute("SELECT path FROM documents ORDER BY path")]

    def all(self, path: str) -> list[Representation]:
        """Every representation of ``path`` (HTML once per language)."""
        rows = self.connection.execute(
            "SELECT variant FROM representations WHERE path = ? ORDER BY variant", (path,)).fetchall()
        return [r for r in (self.get(path, row[0]) for row in rows) if r is not None]

    def modified(self, variants: Iterable[str]) -> dict[tuple[str, str], str]:
        """When each representation in one of ``variants`` last changed, of those the build could tell (none for a
        build made before builds kept it)."""
        try:
            return _dates(self.connection, variants)
        except sqlite3.OperationalError:  # no such table
            return {}

    def close(self) -> None:
        """Closes every thread's connection."""
        with self._readers_lock:
            readers, self._readers = list(self._readers), weakref.WeakSet()
            self._local, self._closed = threading.local(), True
        for reader in readers:
            reader.connection.close()


@dataclass(frozen=True)
class Kept:
    """A document as a build kept it, with the digest of what it was made of (:func:`kept`)."""

    recipe: str
    document: StoredDocument
    representations: tuple[Representation, ...]  # by variant, as DocumentStore.all reads them


def kept(previous: Path | None) -> dict[str, Kept]:
    """Every document the build whose ``documents.sqlite`` is ``previous`` kept with a recipe (what it was made of,
    as :meth:`DocumentWriter.add` was given it), by path: a build that would make one of them of the same inputs
    carries it over instead of rendering it again (the same bytes). Empty where there is no such file or it keeps
    no recipes (a build made before they were kept). A document that cannot be read whole is left out: a body that
    does not unpack, or whose hash is not its ETag (a damaged build), is never carried on."""
    if previous is None or not previous.is_file():
        return {}
    try:
        store = DocumentStore(previous)
    except sqlite3.Error:  # not a database
        return {}
    found: dict[str, Kept] = {}
    try:
        for path, recipe in store.connection.execute("SELECT path, recipe FROM recipes ORDER BY path").fetchall():
            document, representations = store.stored_document(path), tuple(store.all(path))
            if document is not None and representations and all(_whole(r) for r in representations):
                found[path] = Kept(recipe, document, representations)
    except sqlite3.Error:  # no such table (an older build), SQLITE_CORRUPT, an I/O error: nothing is carried
        return {}
    finally:
        store.close()
    return found


def _whole(kept: Representation) -> bool:
    """Whether a kept body is there and is what its ETag says."""
    if kept.identity is None and kept.gzip is None:
        return False
    try:
        return etag_of(kept.body) == kept.etag
    except _UNPACK_ERROR:
        return False


class Unreadable(Exception):
    """``documents.sqlite`` could not be read where :meth:`DocumentStore.probe` looked; the message says why, naming
    no path."""


class _Reader:
    """One thread's connection to ``documents.sqlite``, closed when the thread's reference goes. A connection
    alone would wait for the garbage collector: it is in a reference cycle with its own statement cache."""

    __slots__ = ("__weakref__", "connection")

    def __init__(self, uri: str) -> None:
        self.connection = sqlite3.connect(uri, uri=True, check_same_thread=False)
        self.connection.execute(f"PRAGMA cache_size = -{PAGE_CACHE_BYTES // 1024}")  # negative: KiB

    def __del__(self) -> None:
        connection = getattr(self, "connection", None)  # none when opening it failed
        if connection is not None:
            connection.close()


def _dates(connection: sqlite3.Connection, variants: Iterable[str]) -> dict[tuple[str, str], str]:
    wanted = tuple(variants)
    rows = connection.execute(f"SELECT path, variant, date FROM modified WHERE variant IN "
                              f"({', '.join('?' for _ in wanted)})", wanted)
    return {(path, variant): date for path, variant, date in rows}
