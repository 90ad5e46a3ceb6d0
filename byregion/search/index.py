"""The build's search index, ``search.sqlite``: one row for every thing with a page, made when the build is made.

A row holds what people look for a thing by, read from the build's :class:`~byregion.graph_index.GraphIndex`
(the thing's own triples and those of its numbered parts, so the cost of a row is the row's, never the graph's):

* ``name``: the stems of its labels and titles (``skos:prefLabel``, ``rdfs:label``, ``dct:title``, …) in
  every language; ``exact``: the same words case-folded only (the spelling typed ranks first);
* ``numbers``: its codes (``skos:notation``, the organisation number) and those of its parts (a
  municipality's kommunenummer in every period: ``0807``, ``3808``, ``4005``);
* ``body``: the stems of its texts (a statement's text, descriptions, definitions, comments);
* ``context``: the stems of the label of the thing it belongs to (a goal's region), so that ``Notodden
  delingskultur`` finds Notodden's goal, ranked below Notodden itself.

Words are read by :mod:`byregion.search.text`; the FTS5 table's own tokenizer only splits the prepared tokens
at spaces (``unicode61``, no folding of its own). What a result shows (the title and kind in nb and en, the
texts for the snippet, the document's path) is kept beside, in ``things``: a search answers from this file
alone, with no graph.

A thing's **boost** multiplies its rank: the things people look for by name (regions, municipalities,
counties, the programme, themes) before the statements, and those before parts (numbers, memberships,
sections, figures) that mostly repeat their whole's name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from byregion import uris
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES, TERM_LABELS, text_preference
from byregion.namespaces import BASE, ONTOLOGY_IRI, ONTOLOGY_PATH, SCHEMA, ontology_namespace
from byregion.pages import curie
from byregion.search import COLUMNS, FILE, FORMAT, kind_token
from byregion.search.text import SUGGESTED_FROM, exact_tokens, stemmed_tokens
from byregion.search.text import words as text_words
from byregion.search.words import word
from byregion.titles import Titles

__all__ = ["FILE", "Row", "RowMaker", "write"]

LABELS = (SKOS.prefLabel, RDFS.label, DCTERMS.title, SCHEMA.name, SKOS.altLabel)
TEXTS = (SCHEMA.text, DCTERMS.description, SKOS.definition, RDFS.comment, SKOS.scopeNote, DCTERMS.abstract)
#: Boosts by the local name of a class of the ontology, and for a few classes of other vocabularies.
OWN_BOOSTS = {"CityRegion": 3.0, "Municipality": 3.0, "County": 3.0, "Programme": 3.0,
              "Goal": 1.5, "Result": 1.5, "Advice": 1.5, "Introduction": 1.5, "FollowUp": 1.5,
              "ApplicationExcerpt": 1.5, "MunicipalityNumber": 0.6, "CountyNumber": 0.6, "Section": 0.6,
              "PopulationFigure": 0.6, "AreaFigure": 0.6, "ProgrammeFigure": 0.8, "SourceDocument": 0.8}
OTHER_BOOSTS = {SKOS.Concept: 2.0, SKOS.ConceptScheme: 2.0, ORG.Membership: 0.6}
#: Language preference for a title in each interface language.
_PREFERENCE = {lang: text_preference(lang) for lang in LANGUAGES}

_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- every kind (class) of the things, once: the token a search is filtered by (?kind=), its labels (JSON, nb and en)
-- and how many things are of it; iri NULL for the things of no class
CREATE TABLE kinds (id INTEGER PRIMARY KEY, token TEXT NOT NULL UNIQUE, iri TEXT UNIQUE, labels TEXT NOT NULL,
                    rows INTEGER NOT NULL);
-- what a result shows: its document, IRI, kind (the IRI, and its row of `kinds`), boost, and (JSON) its titles,
-- kinds and texts
CREATE TABLE things (id INTEGER PRIMARY KEY, iri TEXT NOT NULL, path TEXT NOT NULL, kind TEXT,
                     kind_id INTEGER NOT NULL REFERENCES kinds (id), boost REAL NOT NULL, shown TEXT NOT NULL);
-- contentless: the tokens are indexed, not kept (a result is shown from `things`)
CREATE VIRTUAL TABLE search USING fts5({", ".join(COLUMNS)}, content='', prefix='2 3',
                                        tokenize='unicode61 remove_diacritics 0');
-- every word of a name (its titles), once, by its trigrams: what a query with no hit may have been meant as
CREATE VIRTUAL TABLE names USING fts5(word, tokenize='trigram');
"""


@dataclass
class Row:
    """One thing as the index holds it."""

    iri: str
    path: str
    kind: str | None
    boost: float
    titles: dict[str, str]
    kinds: dict[str, str]
    texts: list[tuple[str | None, str]]
    columns: dict[str, list[str]] = field(default_factory=dict)

    def shown(self) -> str:
        return json.dumps({"titles": self.titles, "kinds": self.kinds, "texts": self.texts}, ensure_ascii=False,
                          separators=(",", ":"))


def _literals(index: GraphIndex, subject: Node, properties: Iterable[URIRef]) -> list[Literal]:
    wanted = set(properties)
    found = [(p, o) for p, o in index.outgoing.get(subject, ()) if p in wanted and isinstance(o, Literal)]
    order = {p: i for i, p in enumerate(properties)}
    return [o for _p, o in sorted(found, key=lambda pair: order[pair[0]])]


def _by_language(literals: Iterable[Literal]) -> dict[str, str]:
    """The first literal per language tag ("" for none), in the order given."""
    found: dict[str, str] = {}
    for literal in literals:
        found.setdefault(literal.language or "", str(literal))
    return found


def _pick(texts: dict[str, str]) -> dict[str, str]:
    """A text per interface language from texts by language tag (:func:`byregion.i18n.text_preference`)."""
    out = {}
    for lang, order in _PREFERENCE.items():
        chosen = next((texts[tag] for tag in order if tag in texts), None)
        if chosen is None and texts:
            chosen = next(iter(texts.values()))
        if chosen is not None:
            out[lang] = chosen
    return out


class RowMaker:
    """Makes the rows of one build's things from its graph index."""

    def __init__(self, index: GraphIndex) -> None:
        self.index = index
        self.base = index.base
        self.br = ontology_namespace(self.base)
        self.boosts = {**{self.br[name]: boost for name, boost in OWN_BOOSTS.items()}, **OTHER_BOOSTS}
        self._kind_names: dict[Node, dict[str, str]] = {}
        self.titles = Titles(index, self.br)  # a result is titled as its page is (``Kongsberg i Notodden``)

    def kind_names(self, kind: Node) -> dict[str, str]:
        found = self._kind_names.get(kind)
        if found is None:
            labels = _by_language(_literals(self.index, kind, LABELS))
            if labels:
                found = _pick(labels)
            elif str(kind) in TERM_LABELS:  # another vocabulary's class, named as the pages name it
                found = TERM_LABELS[str(kind)]
            else:
                found = {lang: curie(str(kind), self.base) for lang in LANGUAGES}
            self._kind_names[kind] = found
        return found

    def kind_of(self, subject: Node) -> Node | None:
        """The class a result names: one the ranking knows, else one with a label, else the first (by its IRI at the
        canonical base: a build with another base had named a quality note ``br:DataConflict`` where the canonical
        build named it ``dqv:QualityAnnotation``)."""
        types = sorted((o for p, o in self.index.outgoing.get(subject, ()) if p == RDF.type),
                       key=lambda t: uris.rebase(str(t), self.base, BASE))
        return (next((t for t in types if t in self.boosts), None)
                or next((t for t in types if str(t) in TERM_LABELS or _literals(self.index, t, LABELS)), None)
                or (types[0] if types else None))

    def owner(self, iri: str) -> Node | None:
        """The nearest thing above ``iri`` (``…/region/x`` for ``…/region/x/goal/1``) that has a label."""
        floor = f"{self.base}/id/"
        current = iri
        while True:
            current = current.rsplit("/", 1)[0]
            if len(current) <= len(floor) or not current.startswith(floor):
                return None
            node = URIRef(current)
            if _literals(self.index, node, LABELS):
                return node

    def numbers_by_kind(self, subject: URIRef) -> list[tuple[str, list[str]]]:
        """Its numbers by what they are (a key of :data:`byregion.search.words.WORDS`): its own code, its
        organisation number, its parts' numbers (a municipality's kommunenummer, a county's fylkesnummer)."""
        def own(prop: URIRef) -> list[str]:
            return [str(o) for o in _literals(self.index, subject, (prop,))]

        found = [("code", own(SKOS.notation)), ("organisation_number", own(self.br.organisationNumber))]
        kind = "county_numbers" if self.br.County in self.index.values(subject, RDF.type) else "municipality_numbers"
        below, parts = str(subject) + "/", []
        for _p, part in self.index.outgoing.get(subject, ()):
            if isinstance(part, URIRef) and str(part).startswith(below):
                since = str(self.index.value(part, SCHEMA.validFrom) or "")  # oldest first ("" before the records)
                parts += [(since, str(o)) for o in _literals(self.index, part, (SKOS.notation,))]
        found.append((kind, list(dict.fromkeys(code for _, code in sorted(parts)))))
        return [(key, numbers) for key, numbers in found if numbers]

    @staticmethod
    def numbers_said(by_kind: list[tuple[str, list[str]]]) -> list[tuple[str | None, str]]:
        """Numbers (:meth:`numbers_by_kind`) as a result shows them, said for what they are in each language:
        "kommunenummer 0604, 3006, 3303 · organisasjonsnummer 942402465" (a bare list mixed the two)."""
        def said(key: str, numbers: list[str], lang: str) -> str:
            one = key.removesuffix("s") if len(numbers) == 1 and key.endswith("_numbers") else key  # one: singular
            return f"{word(one, lang)} {', '.join(numbers)}"

        return [(lang, " · ".join(said(key, numbers, lang) for key, numbers in
                                  sorted(by_kind, key=lambda pair: pair[0] == "organisation_number")))
                for lang in LANGUAGES] if by_kind else []

    def row(self, iri: str, path: str) -> Row | None:
        """The row of one thing, or None when there is nothing to find it by (no label, text or number)."""
        subject = URIRef(iri)
        labels = _literals(self.index, subject, LABELS)
        texts = _literals(self.index, subject, TEXTS)
        by_kind = self.numbers_by_kind(subject)  # its codes and its parts' (a municipality's numbers), once
        numbers = list(dict.fromkeys(n for _, found in by_kind for n in found))
        if not (labels or texts or numbers):
            return None
        kind = self.kind_of(subject)
        kinds = self.kind_names(kind) if kind is not None else {}
        owner = self.owner(iri)
        owner_labels = _literals(self.index, owner, LABELS) if owner is not None else []
        titles = {lang: title for lang in LANGUAGES if (title := self.titles.derived(iri, lang))} \
            or _pick(_by_language(labels))
        if not titles:
            owner_titles = _pick(_by_language(owner_labels))
            titles = {lang: " – ".join(part for part in (kinds.get(lang), owner_titles.get(lang)) if part)
                      or curie(iri, self.base) for lang in LANGUAGES}
        shown_texts = [(t.language or None, str(t)) for t in texts]
        shown_texts += self.numbers_said(by_kind)  # shown where a number matched (found by its kommunenummer)
        columns = {
            "name": [token for label in labels for token in stemmed_tokens(str(label), label.language)],
            "exact": [token for label in labels for token in exact_tokens(str(label))]
            + [token for n in numbers for token in exact_tokens(n)],
            "numbers": [token for n in numbers for token in stemmed_tokens(n, None)],
            "body": [token for text in texts for token in stemmed_tokens(str(text), text.language)],
            "context": [token for label in owner_labels for token in stemmed_tokens(str(label), label.language)],
        }
        boost = self.boosts.get(kind, 1.0) if isinstance(kind, URIRef) else 1.0
        return Row(iri, path, str(kind) if kind is not None else None, boost, titles, kinds, shown_texts, columns)

    def rows(self, things: Iterable[tuple[str, str]]) -> Iterator[Row]:
        """The rows of ``things`` (``(document path, IRI)``), then of the ontology and its terms."""
        for path, iri in things:
            row = self.row(iri, path)
            if row is not None:
                yield row
        ontology = uris.rebase(ONTOLOGY_IRI, BASE, self.base)
        namespace = str(self.br)
        terms = [str(s) for s in self.index.graphs.get(str(uris.graph("ontology", self.base)), ())
                 if isinstance(s, URIRef) and str(s).startswith(namespace)]
        for iri in [ontology, *sorted(terms)]:
            row = self.row(iri, "/def/byregion" + (iri[len(ontology):] if iri != ontology else ""))
            if row is not None:
                yield row


def write(path: Path, index: GraphIndex, things: Iterable[tuple[str, str]]) -> int:
    """Write ``search.sqlite`` at ``path`` for ``things`` (``(document path, IRI)``, as the build renders them)
    and the ontology's terms; returns the number of rows. The file is complete when this returns."""
    connection = sqlite3.connect(path)
    try:
        connection.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        count = 0
        batch: list[Row] = []
        names: set[str] = set()
        maker = RowMaker(index)
        kinds = Kinds()
        for row in maker.rows(things):
            batch.append(row)
            names.update(m.group() for title in row.titles.values() for m in text_words(title)
                         if len(m.group()) >= SUGGESTED_FROM and not m.group().isdigit())
            if len(batch) >= 2_000:
                count = _insert(connection, batch, count, kinds)
                batch = []
        count = _insert(connection, batch, count, kinds)
        connection.executemany("INSERT INTO kinds VALUES (?, ?, ?, ?, ?)", kinds.rows(str(maker.br)))
        connection.executemany("INSERT INTO names (word) VALUES (?)", [(w,) for w in sorted(names)])
        connection.executemany("INSERT INTO meta VALUES (?, ?)", [
            ("format", FORMAT), ("rows", str(count)), ("columns", " ".join(COLUMNS))])
        connection.execute("INSERT INTO search(search) VALUES ('optimize')")
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    return count


class Kinds:
    """The kinds of the rows written, numbered as they are first met, with their labels and how many rows each has."""

    def __init__(self) -> None:
        self.ids: dict[str | None, int] = {}
        self.labels: dict[str | None, dict[str, str]] = {}
        self.counts: dict[str | None, int] = {}

    def id_of(self, row: Row) -> int:
        found = self.ids.setdefault(row.kind, len(self.ids) + 1)
        self.labels.setdefault(row.kind, row.kinds if row.kind is not None else dict(UNTYPED_LABELS))
        self.counts[row.kind] = self.counts.get(row.kind, 0) + 1
        return found

    def tokens(self, own: str) -> dict[str | None, str]:
        """Each kind's token (:func:`byregion.search.kind_token`); where two kinds share one, the class of the
        ontology (IRIs starting with ``own``) keeps it and the others are prefixed with their vocabulary's prefix
        (``skos-concept``), or else numbered."""
        by_token: dict[str, list[str | None]] = {}
        for iri in self.ids:
            by_token.setdefault(kind_token(iri), []).append(iri)
        tokens: dict[str | None, str] = {}
        for token, iris in by_token.items():
            keeper = next((i for i in iris if i is not None and i.startswith(own)), iris[0])
            for iri in iris:
                short = curie(iri, own.removesuffix(ONTOLOGY_PATH)) if iri is not None else ""
                prefixed = f"{short.split(':', 1)[0]}-{token}" if short != iri and ":" in short else None
                tokens[iri] = token if iri == keeper else prefixed or f"{token}-{self.ids[iri]}"
        return tokens

    def rows(self, own: str) -> list[tuple[int, str, str | None, str, int]]:
        """The rows of the table ``kinds``."""
        tokens = self.tokens(own)
        return [(kind_id, tokens[iri], iri, json.dumps(self.labels[iri], ensure_ascii=False, sort_keys=True),
                 self.counts[iri]) for iri, kind_id in self.ids.items()]


#: What the things of no class are called (``kind=untyped``).
UNTYPED_LABELS = {"nb": "Uten type", "en": "No type"}


def _insert(connection: sqlite3.Connection, rows: list[Row], count: int, kinds: Kinds) -> int:
    ids = range(count + 1, count + len(rows) + 1)
    connection.executemany("INSERT INTO things VALUES (?, ?, ?, ?, ?, ?, ?)",
                           [(i, r.iri, r.path, r.kind, kinds.id_of(r), r.boost, r.shown())
                            for i, r in zip(ids, rows, strict=True)])
    placeholders = ", ".join("?" for _ in COLUMNS)
    connection.executemany(f"INSERT INTO search (rowid, {', '.join(COLUMNS)}) VALUES (?, {placeholders})",
                           [(i, *(" ".join(r.columns[c]) for c in COLUMNS)) for i, r in zip(ids, rows, strict=True)])
    return count + len(rows)
