"""The source documents, published byte for byte at the URLs the data gives them (``schema:url``).

Every statement points into its source: a region page's text by code-point offsets (``oa:TextPositionSelector``),
a row of the programme's tables by its number (RFC 7111). The source document's description gives where the
copy is (``schema:url``, ``{base}/source/notodden.txt``, ``{base}/source/programme/regions.csv``) and the
SHA-256 of its bytes (``br:sha256``). The build puts each file cited so into the build's documents, after checking
that its bytes are the ones the data hashed: a reader can fetch the text and count the offsets, and a document
whose provenance would not hold is never published.
"""

from __future__ import annotations

import hashlib
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, Dataset, Literal, URIRef
from rdflib.term import Node

from byregion import literals, source_files
from byregion.docstore import Representation, representation
from byregion.graph_index import GraphIndex
from byregion.i18n import NORWEGIAN_TEXT
from byregion.mediatypes import SOURCE_TYPES
from byregion.namespaces import OA, PROV, SCHEMA, ontology_namespace


class SourceMismatch(ValueError):
    """A cited source file is missing, of a kind not published, or not the bytes its description hashes."""


@dataclass(frozen=True)
class _Facts:
    """The look-ups :func:`misquoted` makes in an rdflib dataset (the union of its graphs)."""

    dataset: Dataset

    def value(self, subject: Node, predicate: URIRef) -> Node | None:
        return next((o for _, _, o, _ in self.dataset.quads((subject, predicate, None, None))), None)

    def subjects_with(self, predicate: URIRef, obj: URIRef) -> list[Node]:
        return list(dict.fromkeys(s for s, _, _, _ in self.dataset.quads((None, predicate, obj, None))))

    def literal_values(self, subject: Node, predicate: URIRef) -> list[Literal]:
        return [o for _, _, o, _ in self.dataset.quads((subject, predicate, None, None)) if isinstance(o, Literal)]


#: How much of the source a message about a misquoted statement shows.
SHOWN_CHARACTERS = 80


def misquoted(dataset: Dataset, repo: Path, base: str) -> list[tuple[Node, str]]:
    """``(statement, what is wrong)`` for each statement whose Norwegian text (``schema:text@nb``) is not the
    characters of its source file that its ``oa:TextPositionSelector`` points at (code points ``oa:start`` to
    ``oa:end``; line ends aside, which a literal writes LF), said in a sentence: the importer quotes a page
    verbatim, so a text edited by hand afterwards, or a source edited without importing it again, breaks the
    provenance every statement claims. Only sources of ours
    (``schema:url`` under ``{base}/source/``) are read; a missing or unreadable file is :func:`source_documents`' to
    name. Checked with the shapes (:func:`byregion.validate.with_sources_checked`), by the build and by
    ``byregion validate`` alike."""
    facts = _Facts(dataset)
    texts: dict[Path, str | None] = {}
    said: list[tuple[Node, str]] = []
    for selector in facts.subjects_with(RDF.type, OA.TextPositionSelector):
        start, end = facts.value(selector, OA.start), facts.value(selector, OA.end)
        if not isinstance(selector, URIRef) or not isinstance(start, Literal) or not isinstance(end, Literal):
            continue
        for resource in facts.subjects_with(OA.hasSelector, selector):
            url = facts.value(facts.value(resource, OA.hasSource) or URIRef(""), SCHEMA.url)
            if not isinstance(url, URIRef) or not str(url).startswith(base + source_files.SOURCES):
                continue
            file = source_files.source_file(repo, str(url)[len(base):])
            if file is None:
                continue
            if file not in texts:
                try:  # as the importer read it, to count its offsets: a byte order mark dropped, CRLF kept
                    texts[file] = file.read_bytes().decode("utf-8-sig")
                except (OSError, UnicodeDecodeError):
                    texts[file] = None
            text = texts[file]
            if text is None or not isinstance(resource, URIRef):
                continue
            try:
                quoted = text[int(start.toPython()):int(end.toPython())]
            except (TypeError, ValueError):  # an offset that is no integer: the shapes say so
                continue
            for statement in facts.subjects_with(PROV.wasDerivedFrom, resource):
                norwegian = (t for t in facts.literal_values(statement, SCHEMA.text) if t.language in NORWEGIAN_TEXT)
                for text_said in norwegian:
                    if str(text_said) != literals.lf_lines(quoted):  # line ends are written LF
                        shown = quoted if len(quoted) <= SHOWN_CHARACTERS else quoted[:SHOWN_CHARACTERS] + "…"
                        said.append((statement, f"its Norwegian text is not characters {start}–{end} of {file} "
                                                f"({shown!r}): the text was edited after its import, or the file "
                                                "was; import the page again instead of editing either"))
    return sorted(said)


def source_documents(index: GraphIndex, repo: Path) -> Iterator[tuple[str, bytes, str]]:
    """``(path, bytes, content type)`` of every source document the data cites at a URL of ours, in path order;
    :class:`SourceMismatch` for one that cannot be published as its description says."""
    base, br = index.base, ontology_namespace(index.base)
    found: dict[str, tuple[bytes, str]] = {}
    for node in index.subjects_with(RDF.type, br.SourceDocument):
        url = index.value(node, SCHEMA.url)
        if not isinstance(url, URIRef) or not str(url).startswith(base + source_files.SOURCES):
            continue  # a source elsewhere on the web: not ours to publish
        path = str(url)[len(base):]
        file = source_files.source_file(repo, path)
        content_type = SOURCE_TYPES.get(Path(path).suffix)
        if file is None or content_type is None:
            raise SourceMismatch(f"{node} is published at {url}, which names no source file of the repository "
                                 f"(data/sources/NAME.txt or data/programme/NAME.csv)")
        if not file.is_file():
            raise SourceMismatch(f"{node} is published at {url}, but {file} is missing")
        body = file.read_bytes()
        expected = index.value(node, br.sha256)
        if expected is not None and (changed := _changed(file, body, node, str(expected))):
            raise SourceMismatch(changed)
        if (not_utf8 := _not_utf8(file, body, content_type)) is not None:
            raise SourceMismatch(not_utf8)
        found[path] = (body, content_type)
    for path in sorted(found):
        yield path, *found[path]


def source_texts(index: GraphIndex, repo: Path) -> dict[str, str]:
    """The text of each source document of ours (IRI → text, as the importer read it: a byte order mark dropped),
    for its page, which shows it line by line so that a statement's "line 7" can be read there. A file that
    cannot be read is left out here: :func:`source_documents` names it."""
    base, texts, br = index.base, {}, ontology_namespace(index.base)
    for node in index.subjects_with(RDF.type, br.SourceDocument):
        url = index.value(node, SCHEMA.url)
        if not isinstance(url, URIRef) or not str(url).startswith(base + source_files.SOURCES):
            continue
        file = source_files.source_file(repo, str(url)[len(base):])
        try:
            texts[str(node)] = file.read_bytes().decode("utf-8-sig") if file is not None else None
        except (OSError, UnicodeDecodeError):
            continue
    return {iri: text for iri, text in texts.items() if text is not None}


def changed_since_import(dataset: Dataset, repo: Path, base: str) -> list[str]:
    """The cited source files of ours that are gone or whose bytes are no longer those the data hashed
    (``br:sha256``), each said in a sentence: what :func:`source_documents` refuses. The build asks it when the data
    is unchanged, so that a source edited or deleted without its import again is named, not taken as "up to
    date" (the next build that is not would fail on it)."""
    return sorted({said for _, said in changed_sources(dataset, repo, base)})


def changed_sources(dataset: Dataset, repo: Path, base: str, *, missing: bool = True) -> list[tuple[Node, str]]:
    """:func:`changed_since_import` with the source document each sentence is about, and the files that are to be
    published as UTF-8 text and are not (what :func:`source_documents` refuses); ``missing=False`` leaves out the
    files that are not there (``byregion validate`` checks the files it has; a build needs them all)."""
    changed: list[tuple[Node, str]] = []
    for node, _, url, _ in dataset.quads((None, SCHEMA.url, None, None)):
        if not str(url).startswith(base + source_files.SOURCES):
            continue
        expected = next((o for _, _, o, _ in dataset.quads((node, ontology_namespace(base).sha256, None, None))), None)
        file = source_files.source_file(repo, str(url)[len(base):])
        if file is None or expected is None:
            continue  # not a source file of the repository: the full build's check names it
        if not file.is_file():
            if not missing:
                continue
            changed.append((node, f"{node} is published at {url}, but {file} is missing: restore it, or remove "
                                  "its data and import again"))
        elif said := _changed(file, body := file.read_bytes(), node, str(expected)) or \
                _not_utf8(file, body, SOURCE_TYPES.get(file.suffix)):
            changed.append((node, said))
    return sorted(set(changed))


def _not_utf8(file: Path, body: bytes, content_type: str | None) -> str | None:
    """What is wrong when ``body`` (the bytes of ``file``) is to be published as UTF-8 text and is not UTF-8."""
    if content_type is None or not (content_type.startswith("text/") and "charset=utf-8" in content_type):
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return (f"{file} is not UTF-8 (byte {exc.start}), but is published as UTF-8 text ({content_type}): a "
                f"reader would see its letters garbled and could not count the offsets. Convert it (`iconv -f "
                f"windows-1252 -t utf-8 {shlex.quote(str(file))} > converted && mv converted "
                f"{shlex.quote(str(file))}`, a command that works from any folder) and import it again")
    return None


def _changed(file: Path, body: bytes, node: object, expected: str) -> str | None:
    """What is wrong when ``body`` (the bytes of ``file``) is not the text ``node`` hashed as ``expected``."""
    actual = hashlib.sha256(body).hexdigest()
    if actual == expected:
        return None
    return (f"{file} is not the text {node} was made from (SHA-256 {actual}, the data says {expected}): the file "
            "changed after its import; import it again")


def documents(index: GraphIndex, repo: Path) -> Iterator[tuple[str, tuple[str, ...], tuple[Representation, ...]]]:
    """The source documents as the build's documents (one form each, as ``/robots.txt``)."""
    for path, body, content_type in source_documents(index, repo):
        yield path, ("",), (representation(path, "", content_type, body),)
