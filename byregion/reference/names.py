"""The languages of a municipality's or county's official name (``data/reference/name-parts.csv``).

SSB writes an official name in several languages as one string, its parts separated by `` - `` ("Kárášjohka -
Karasjok", "Troms - Romsa - Tromssa"): Northern Sámi (``se``), Lule Sámi (``smj``), Southern Sámi (``sma``), Kven
(``fkv``) and Norwegian, in the order the municipality's name has them (stadnavnloven: each is an official name of
its own). The reference graph keeps that string as the unit's name in Norwegian and English, as SSB writes it, and
adds each part in its own language: ``skos:prefLabel "Kárášjohka"@se`` (one name per language, as SKOS asks) and
``skos:altLabel "Karasjok"@nb``. A screen reader reads each in its own language, and a reader of Sámi finds the name
in theirs. Where SSB's spelling of a part is not the official one (it writes "Porsángu" without the ŋ), the part is
given as it is officially spelt, and a note on the unit says what SSB writes.

Pure: rows in, triples out; ``byregion reference`` reads the file (``byregion.cli.reference``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from byregion.i18n import NAME_LANGUAGES
from byregion.reference.rows import ReferenceDataError

FILE = "name-parts.csv"
COLUMNS = ("name", "part", "language", "ssb_spelling")
#: The languages a part may be in (:data:`byregion.i18n.NAME_LANGUAGES`).
LANGUAGES = NAME_LANGUAGES
SEPARATOR = " - "


@dataclass(frozen=True)
class NamePart:
    """One part of an official name: its text (officially spelt), its language, and SSB's spelling where that
    differs ("" where it does not)."""

    text: str
    language: str
    ssb_spelling: str = ""


def name_parts(rows: Iterable[Mapping[str, str]], source: str = FILE) -> dict[str, tuple[NamePart, ...]]:
    """The file's rows by name, each name's parts in order; a row that does not fit its name (a part the name does
    not hold, a language not in :data:`LANGUAGES`, parts missing) is a :class:`ReferenceDataError` naming its line."""
    found: dict[str, list[NamePart]] = {}
    for line, row in enumerate(rows, start=2):
        name, part, language, ssb = (row.get(c, "").strip() for c in COLUMNS)
        if language not in LANGUAGES:
            raise ReferenceDataError(source, line, "language", f"{language!r} is none of {', '.join(LANGUAGES)}")
        written = name.split(SEPARATOR)
        position = len(found.get(name, []))
        if position >= len(written) or (ssb or part) != written[position]:
            raise ReferenceDataError(source, line, "part", f"{part!r} is not part {position + 1} of {name!r} as SSB "
                                     "writes it (give SSB's spelling in ssb_spelling where the official one differs)")
        found.setdefault(name, []).append(NamePart(part, language, ssb))
    for name, parts in found.items():
        if len(parts) != len(name.split(SEPARATOR)):
            raise ReferenceDataError(source, None, "part", f"{name!r} has {len(name.split(SEPARATOR))} parts, the "
                                     f"file gives {len(parts)}")
    return {name: tuple(parts) for name, parts in found.items()}


def add_name_parts(graph: Graph, parts: Mapping[str, tuple[NamePart, ...]]) -> Graph:
    """Each part of a unit's names in its own language (see the module's docstring): of its name
    (``skos:prefLabel`` in nb), each part in another language as ``skos:prefLabel`` and ``rdfs:label``, the
    Norwegian one as ``skos:altLabel``; of its earlier names (``skos:altLabel`` in nb), each part not said already
    as ``skos:altLabel``. A note (``skos:editorialNote``) where SSB spells a part otherwise."""
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for unit, label in list(graph.subject_objects(predicate)):
            if not isinstance(unit, URIRef) or not isinstance(label, Literal) or label.language != "nb" \
                    or str(label) not in parts:
                continue
            for part in parts[str(label)]:
                said = Literal(part.text, lang=part.language)
                if predicate == SKOS.prefLabel and part.language != "nb":
                    graph.add((unit, SKOS.prefLabel, said))
                    graph.add((unit, RDFS.label, said))
                elif (unit, SKOS.prefLabel, said) not in graph:
                    graph.add((unit, SKOS.altLabel, said))
                if part.ssb_spelling:
                    graph.add((unit, SKOS.editorialNote, Literal(
                        f"SSB skriver {part.ssb_spelling} i navnet {label}; den offisielle skrivemåten er "
                        f"{part.text}.", lang="nb")))
                    graph.add((unit, SKOS.editorialNote, Literal(
                        f"SSB writes {part.ssb_spelling} in the name {label}; the official spelling is "
                        f"{part.text}.", lang="en")))
    return graph
