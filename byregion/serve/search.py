"""Answering a search from the build's index (``search.sqlite``, :mod:`byregion.search.index`): read the request,
run one ranked FTS5 query, show each hit with its matched words marked. No graph, no rdflib, no template.

The rank is FTS5's bm25 with the index's column weights (a name counts more than a mention in a text),
multiplied by each thing's boost; ties go to the order of the index. A search may be restricted to some kinds
(``?kind=municipality``, :meth:`SearchIndex.kinds_asked`), and counts its matches by kind before that (the
facets), in the same pass over the matched rows that counts them. The words a query matched are found again
in the title and texts shown (:func:`byregion.search.text.mark`), in the reader's language first.

:class:`SearchIndex` holds the build's file open read-only, in a few SQLite connections reused by the request
threads (SQLite runs queries on different connections at once); :meth:`SearchIndex.close` closes them.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from byregion import i18n
from byregion import search as layout
from byregion.docstore import compressed, etag_of
from byregion.mediatypes import HTML, HTML_TYPE, PLAIN_TYPE, SEARCH_TYPES, MediaType
from byregion.search.text import Marked, Query, closest, mark, parse, snippet, trigram_expression
from byregion.serve import rules
from byregion.serve.rules import CORS_HEADERS, NO_STORE, PAGE_VARY, Answer, Request, cache_of, search_vary


class SearchUnavailable(RuntimeError):
    """The build has no search index this server can read (made before search existed, or in another format)."""


class BadSearch(ValueError):
    """A request this server will not search for; the message says what is wrong and what to do."""

    def __init__(self, key: str, **values: Any) -> None:
        self.key = key
        self.values = values
        super().__init__(key)


@dataclass(frozen=True)
class Ask:
    """A search request as read: the query, the page (from 1), the results per page, and the kinds it is restricted
    to (their tokens, sorted; none: every kind)."""

    query: Query
    page: int
    limit: int
    kinds: tuple[str, ...] = ()

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.limit


def _whole(value: str | None, name: str, default: int, highest: int) -> int:
    if value is None or value == "":
        return default
    text = value.strip()
    # ASCII digits only: int() also reads other scripts' digits ("５", "٥"), which no link of ours writes
    number = int(text) if len(value) <= 12 and text.isascii() and text.isdigit() else -1
    if not 1 <= number <= highest:
        raise BadSearch("search_bad_number", name=name, highest=highest)
    return number


def read(q: str | None, page: str | None, limit: str | None, *, max_chars: int, max_limit: int,
         max_page: int) -> Ask:
    """The request's ``q``, ``page`` and ``limit``; :class:`BadSearch` for a query longer than ``max_chars`` or a
    page (up to ``max_page``) or limit (up to ``max_limit``) that is not a whole number in range. An empty query
    (or one with no words) is not an error here: the page then asks for words, and the JSON answer is a 400."""
    text = q or ""
    if len(text) > max_chars:
        raise BadSearch("search_too_long", max_chars=max_chars, length=len(text))
    return Ask(parse(text), _whole(page, "page", 1, max_page), _whole(limit, "limit", max_limit, max_limit))


@dataclass(frozen=True)
class Hit:
    """One result as shown: the thing, its title and the passage of its text with the matched words marked."""

    iri: str
    path: str
    kind: str | None  # the class's IRI
    kind_label: str
    title: Marked
    snippet: Marked | None
    snippet_lang: str | None
    score: float


@dataclass(frozen=True)
class Kind:
    """A kind of thing in the index (a row of ``kinds``): its token, its class's IRI (None: of no class), its labels
    by language and its row's id."""

    id: int
    token: str
    iri: str | None
    labels: dict[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.labels.get("nb") or self.token


@dataclass(frozen=True)
class Facet:
    """How many things of a kind the query matched, before the restriction to kinds, and whether it is one of
    the kinds asked for."""

    kind: Kind
    count: int
    selected: bool


@dataclass(frozen=True)
class Results:
    ask: Ask
    total: int  # within the kinds asked for
    hits: list[Hit]
    suggestion: str | None = None  # with no hit: a query with a name's words for words that are none (a typo)
    facets: tuple[Facet, ...] = ()  # the kinds matched, by their best match's rank, then those asked for not matched
    #: The kinds the suggestion's search keeps: those asked for where it finds something of them, else none (Notoden
    #: asked of the counties finds no county as Notodden: its search is of every kind, not an empty one).
    suggestion_kinds: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.ask.limit))

    @property
    def has_next(self) -> bool:
        return self.ask.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.ask.page > 1

    @property
    def previous_page(self) -> int:
        """The page before this one; the last page for a page past the end (``page=999`` of 3: back to 3)."""
        return min(self.ask.page - 1, self.pages)


def _texts_in_order(texts: list[list[Any]], lang: str) -> list[tuple[str | None, str]]:
    """The texts to take a snippet from: as :func:`byregion.i18n.text_preference` orders them (the reader's language,
    Norwegian, untagged, English), the rest after."""
    order = {tag or None: rank for rank, tag in enumerate(i18n.text_preference(lang))}
    pairs = [(t[0], str(t[1])) for t in texts]
    return sorted(pairs, key=lambda pair: order.get(pair[0], len(order)))


def hit(row: tuple[Any, ...], query: Query, lang: str) -> Hit:
    """A result from a row of ``things`` and its score."""
    _id, iri, path, kind, shown_json, score = row
    shown = json.loads(shown_json)
    title = shown["titles"].get(lang) or next(iter(shown["titles"].values()), iri)
    texts = _texts_in_order(shown["texts"], lang)
    chosen = next(((t_lang, text) for t_lang, text in texts if mark(text, query, t_lang).spans), None)
    if chosen is None and texts:
        chosen = texts[0]
    passage = snippet(chosen[1], query, chosen[0]) if chosen is not None else None
    return Hit(iri, path, kind, shown["kinds"].get(lang, ""), mark(title, query, None), passage,
               chosen[0] if chosen is not None else None, round(-float(score), 4))


#: The most names a word of a query with no hit is compared with (those sharing the most runs of three letters with
#: it, by the trigram index's rank): the suggestion is a look-up, whatever the number of names.
SUGGESTION_CANDIDATES = 50


class SearchIndex:
    """A build's ``search.sqlite``, opened read-only; safe to share between threads (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise SearchUnavailable(f"{path.parent} has no search index ({path.name}); rebuild with "
                                    "`byregion build --force`")
        self.path = path
        self._uri = f"file:{path}?mode=ro&immutable=1"
        self._idle: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False
        connection = self._open()
        try:
            meta = dict(connection.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise SearchUnavailable(f"{path} is not a search index ({exc}); rebuild with `byregion build --force`") \
                from exc
        if meta.get("format") != layout.FORMAT or meta.get("columns") != " ".join(layout.COLUMNS):
            connection.close()
            raise SearchUnavailable(f"{path} is a search index of format {meta.get('format')!r}, this server reads "
                                    f"{layout.FORMAT!r}; rebuild with `byregion build --force`")
        self.rows = int(meta.get("rows", "0"))
        #: The build's kinds by token, in the index's order (a few dozen: the classes of the things with pages)
        try:
            self.kinds = {token: Kind(kind_id, token, iri, json.loads(labels)) for kind_id, token, iri, labels in
                          connection.execute("SELECT id, token, iri, labels FROM kinds ORDER BY id")}
        except sqlite3.DatabaseError as exc:
            connection.close()
            raise SearchUnavailable(f"{path} has no kinds ({exc}); rebuild with `byregion build --force`") from exc
        self._kind_ids = {kind.id: kind for kind in self.kinds.values()}
        self._kind_iris = {kind.iri: kind for kind in self.kinds.values() if kind.iri is not None}
        self._idle.append(connection)
        weights = ", ".join(str(layout.WEIGHTS[c]) for c in layout.COLUMNS)
        # CROSS JOIN: the matches are read first and each looked up in things by its id, so a restriction to a kind
        # filters the matches (never a scan of a kind's things)
        self._ranked = ("SELECT things.id, things.iri, things.path, things.kind, things.shown, "
                        f"bm25(search, {weights}) * things.boost AS score "
                        "FROM search CROSS JOIN things ON things.id = search.rowid WHERE search MATCH ? {kinds}"
                        "ORDER BY score, things.id LIMIT ? OFFSET ?")
        # with each kind's best score, so the kinds are listed in the order their best matches rank; FTS5 refuses
        # bm25() under an aggregate, so it is taken in a subquery its LIMIT keeps SQLite from merging into the outer
        self._counted = (f"SELECT kind_id, count(*), min(score) FROM (SELECT things.kind_id AS kind_id, "
                         f"bm25(search, {weights}) * things.boost AS score "
                         "FROM search CROSS JOIN things ON things.id = search.rowid WHERE search MATCH ? LIMIT -1) "
                         "GROUP BY kind_id")

    def kinds_asked(self, ask: Ask, values: list[str]) -> Ask:
        """``ask`` restricted to the kinds ``values`` name, each by its token (``municipality``) or its class's IRI;
        empty values are none. :class:`BadSearch` naming the tokens there are for a value that is neither."""
        found: set[str] = set()
        for value in values:
            text = value.strip()
            if not text:
                continue
            kind = self.kinds.get(text) or self._kind_iris.get(text)
            if kind is None:
                raise BadSearch("search_bad_kind", value=text[:80], known=", ".join(sorted(self.kinds)))
            found.add(kind.token)
        return replace(ask, kinds=tuple(sorted(found)))

    def _open(self) -> sqlite3.Connection:
        return sqlite3.connect(self._uri, uri=True, check_same_thread=False)

    def _take(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise SearchUnavailable("the search index was closed")
            if self._idle:
                return self._idle.pop()
        return self._open()

    def _give_back(self, connection: sqlite3.Connection) -> None:
        with self._lock:
            if not self._closed:
                self._idle.append(connection)
                return
        connection.close()

    def search(self, ask: Ask, lang: str) -> Results:
        """The page of results ``ask`` asks for, in ``lang`` (an empty query finds nothing); with no result at all,
        what the query may have been meant as (:meth:`suggest`)."""
        if ask.query.empty:
            return Results(ask, 0, [])
        expression = ask.query.expression()
        chosen = [self.kinds[token].id for token in ask.kinds]
        connection = self._take()
        try:
            # the matches counted by kind: as many rows as the ranked query reads, grouped by the build's kinds
            counted = connection.execute(self._counted, (expression,)).fetchall()
            counts = {kind_id: int(n) for kind_id, n, _best in counted}
            best = {kind_id: float(score) for kind_id, _n, score in counted}
            total = sum(counts.get(kind_id, 0) for kind_id in chosen) if chosen else sum(counts.values())
            rows = []
            if ask.offset < total:
                within = f"AND things.kind_id IN ({', '.join('?' for _ in chosen)}) " if chosen else ""
                rows = connection.execute(self._ranked.format(kinds=within),
                                          (expression, *chosen, ask.limit, ask.offset)).fetchall()
            # a misspelling is suggested only when the query finds nothing of any kind
            suggestion = self.suggest(connection, ask) if not counts else None
            kept = ask.kinds if suggestion is not None and chosen and connection.execute(
                "SELECT 1 FROM search CROSS JOIN things ON things.id = search.rowid WHERE search MATCH ? "
                f"AND things.kind_id IN ({', '.join('?' for _ in chosen)}) LIMIT 1",
                (parse(suggestion).expression(), *chosen)).fetchone() is not None else ()
        except sqlite3.DatabaseError:
            # the file damaged: the connection that read it is not reused (opened immutable, it would never read the
            # file again), so that once the file is whole again the next search reads it anew
            connection.close()
            raise
        except BaseException:
            self._give_back(connection)
            raise
        self._give_back(connection)
        return Results(ask, total, [hit(row, ask.query, lang) for row in rows], suggestion,
                       self._facets(counts, best, set(chosen)), kept)

    def _facets(self, counts: dict[int, int], best: dict[int, float], chosen: set[int]) -> tuple[Facet, ...]:
        """The kinds matched, in the order their best matches rank in the results (``Telemark``: the county, the
        city regions and the municipalities before the memberships and geometries that mention it, although
        those are more), then those asked for that matched nothing."""
        matched = sorted(counts.items(), key=lambda pair: (best[pair[0]], -pair[1], pair[0]))
        facets = [Facet(self._kind_ids[kind_id], n, kind_id in chosen) for kind_id, n in matched
                  if kind_id in self._kind_ids]
        return tuple(facets + [Facet(self._kind_ids[kind_id], 0, True) for kind_id in sorted(chosen - set(counts))])

    def suggest(self, connection: sqlite3.Connection, ask: Ask) -> str | None:
        """The query with each word that is no name's replaced by the name's word most like it ("Notoden" →
        "Notodden"), where one is alike enough and the new query finds something; None otherwise, or for an index
        written before names were kept. A word's candidates are the names sharing three letters with it, at most
        :data:`SUGGESTION_CANDIDATES` of them (an index look-up: the cost does not grow with the build)."""
        words, changed = [], False
        for term in ask.query.terms:
            if connection.execute("SELECT 1 FROM search WHERE search MATCH ? LIMIT 1",
                                  (term.expression(),)).fetchone() is not None:
                words.append(term.word)  # a word that finds something alone is kept ("regionen"), whatever names hold
                continue
            grams = trigram_expression(term.word)
            candidates: list[str] = []
            if grams is not None:
                try:
                    candidates = [r[0] for r in connection.execute(
                        "SELECT word FROM names WHERE names MATCH ? ORDER BY rank LIMIT ?",
                        (grams, SUGGESTION_CANDIDATES))]
                except sqlite3.OperationalError:  # an index without names (written by an earlier version)
                    return None
            if any(c.casefold() == term.word.casefold() for c in candidates):
                words.append(term.word)  # a name's word as it stands: the other words found nothing
                continue
            better = closest(term.word, candidates)
            words.append(better or term.word)
            changed = changed or better is not None
        if not changed:
            return None
        suggested = " ".join(words)
        expression = parse(suggested).expression()
        found = connection.execute("SELECT 1 FROM search WHERE search MATCH ? LIMIT 1", (expression,)).fetchone()
        return suggested if found else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for connection in idle:
            connection.close()


def answer_headers(media_type: MediaType, *, cache: bool, cookie: str | None = None) -> list[tuple[str, str]]:
    """The headers of a search answer (:mod:`byregion.web.search`) in ``media_type`` (the page or JSON): its own
    (:func:`_own_headers`), CORS, and caching: a search's answer is kept as a document is (``cache``; by browsers
    only when it sets a cookie), a refusal or an unavailable index is not kept."""
    headers = [*_own_headers(media_type, cookie), *CORS_HEADERS]
    return [*headers, cache_of(headers) if cache else NO_STORE]


def _own_headers(media_type: MediaType, cookie: str | None) -> list[tuple[str, str]]:
    """Its type, ``Vary`` (the format is negotiated, the page is in the reader's language, the JSON names the
    host), and the ``cookie`` it sets (the language switch)."""
    content_type = HTML_TYPE if media_type is HTML else media_type.name
    headers = [("Content-Type", content_type), ("Vary", search_vary(names_host=media_type is not HTML))]
    return [*headers, ("Set-Cookie", cookie)] if cookie is not None else headers


def found_answer(request: Request, media_type: MediaType, body: bytes, *, cookie: str | None,
                 modified: datetime) -> Answer:
    """A search's 200 (the page or JSON), answered as a document is (:func:`~byregion.serve.rules.finish`): an ETag
    of its bytes, the build's date as ``Last-Modified``, 304 to a client that has them, compressed for one that
    takes gzip. The same request to the same build gives the same bytes, so a client revalidates instead of
    fetching the results again (a front-end review found nothing to revalidate with)."""
    return rules.finish(request, 200, _own_headers(media_type, cookie), body, etag=etag_of(body), modified=modified,
                        gzip_body=compressed(body))


def not_acceptable(request: Request) -> Answer:
    """406 when neither the page nor JSON is acceptable: the text naming both, with ``Vary`` and, as every answer
    of search, CORS (a script's fetch could not read why; a code review)."""
    offered = ", ".join(f"{m.name} (?_mediatype={m.extension})" for m in SEARCH_TYPES)
    return rules.finish(request, 406, [("Content-Type", PLAIN_TYPE), ("Vary", PAGE_VARY)],
                        f"406 Not Acceptable: search answers {offered}.\n".encode(), etag=None, modified=None)
