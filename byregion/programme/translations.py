"""The project's Norwegian translations of the table's notes (``data/curation/programme-notes.ttl``) checked against
the notes as the table has them now (``data/programme/regions.csv``, column ``note``).

Pure: the curation file's graph and text, and the read table, in; messages out. A translation is
``{region}/quality/note/body/nb``; the English note it was made from is the comment on the line right above its
subject, as the table had it then (``# Members from the municipality's own page, not a Fakta block.``). What is
said:

- a translation of a note the table no longer has (:func:`orphans`): its note and English body are withdrawn
  (410) while the translation would go on being published, derived from them; the build refuses it;
- a translation made from another text than the table's note now, or that does not say which text it was made
  from, and a note without a translation (:func:`warnings`): the build warns, since the Norwegian pages show the
  old translation beside the new original, or the note in English only.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from byregion import uris
from byregion.namespaces import BASE
from byregion.programme.rows import REGIONS, Programme

#: The curation file, as messages name it.
FILE = "data/curation/programme-notes.ttl"
TABLE = f"data/programme/{REGIONS}"


def translation(slug: str, base: str = BASE) -> URIRef:
    """The Norwegian body of the note on the region ``slug``."""
    return URIRef(f"{uris.region(slug, base)}/quality/note/body/nb")


def _note_iris(graph: Graph, base: str) -> dict[str, set[URIRef]]:
    """The IRIs of the graph that are a region's note, its body or its translation, by the region's slug."""
    pattern = re.compile(re.escape(uris.region("", base)) + r"([^/]+)/quality/note(?:/body(?:/nb)?)?")
    found: dict[str, set[URIRef]] = {}
    terms: Iterable[Node] = (term for triple in graph for term in (triple[0], triple[2]))
    for term in terms:
        if isinstance(term, URIRef) and (match := pattern.fullmatch(str(term))):
            found.setdefault(match.group(1), set()).add(term)
    return found


def orphans(graph: Graph, table: Programme, base: str = BASE) -> list[str]:
    """A problem for each region whose note the curation ``graph`` translates (or names) while the table has no
    note on it: the note is withdrawn, so its translation would be published derived from a body that is gone."""
    problems = []
    for slug, iris in sorted(_note_iris(graph, base).items()):
        region = table.region(slug)
        if region is not None and region.note:
            continue
        named = translation(slug, base) if translation(slug, base) in iris else min(iris, key=str)
        why = "has no row" if region is None else f"has no note on it (line {region.line})"
        problems.append(f"{FILE}: <{named}> translates the note on {slug}, but {TABLE} {why}: the note and its "
                        "English body are gone (410), and the translation would be published derived from them; "
                        "delete the translation (its statements and the note's oa:hasBody to it) from the file, or "
                        "put the note back in the table")
    return problems


def recorded_original(text: str, body: URIRef) -> str | None:
    """The English note the translation ``body`` says it was made from: the comment on the line right above the
    line its subject starts (``# …``), or None where there is none."""
    match = re.search(r"(?m)^#[ \t]?(.*)\n<" + re.escape(str(body)) + ">", text)
    return match.group(1).rstrip() if match else None


def warnings(graph: Graph, text: str, table: Programme, base: str = BASE) -> list[str]:
    """A warning for each note of the table whose translation in the curation file (``graph``, parsed from
    ``text``) was made from another text, or does not say from which, and for each note without a translation."""
    found = []
    for region in table.regions:
        if not region.note:
            continue
        body = translation(region.slug, base)
        if not any(isinstance(value, Literal) and value.language == "nb" for value in graph.objects(body, None)):
            found.append(f"{TABLE}, line {region.line}: the note on {region.slug} has no Norwegian translation in "
                         f"{FILE}, so the Norwegian pages show it in English only: add <{body}> with the note, "
                         "as the table has it, in a comment on the line above it")
            continue
        original = recorded_original(text, body)
        if original is None:
            found.append(f"{FILE}: <{body}> does not say which English note it translates: write the note it was "
                         f"made from in a comment (# …) on the line right above it")
        elif original != region.note:
            found.append(f"{FILE}: <{body}> was made from the note {original!r}, but {TABLE}, line {region.line}, "
                         f"now says {region.note!r}: translate the note again, and write it in the comment above "
                         "the translation")
    return found
