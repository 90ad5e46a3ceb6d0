"""A code history from the graph's triples (build time: rdflib terms in, :class:`CodeHistory` out).

Apart from :mod:`byregion.identifiers.history` so that the serving side, which reads the history from the
build's JSON, imports no rdflib.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDFS, SKOS
from rdflib.term import Node

from byregion.identifiers.history import (
    FYLKESNUMMER,
    KOMMUNENUMMER,
    ORGNR,
    WIKIDATA,
    CodeHistory,
    Holding,
    Renaming,
    to_date,
    unit_lives,
)
from byregion.namespaces import BASE, BR, SCHEMA, WD, ontology_namespace


def predicates(base: str = BASE) -> tuple[URIRef, ...]:
    """The predicates :func:`history_from_triples` reads, our own under ``base``; a build passes only these."""
    br = ontology_namespace(base)
    return (br.municipalityNumber, br.countyNumber, SKOS.notation, SCHEMA.validFrom, SCHEMA.validThrough,
            br.county, br.organisationNumber, OWL.sameAs, RDFS.seeAlso, SKOS.prefLabel, br.succeededBy,
            br.areaWithin, br.changeKind, ORG.resultingOrganization, DCTERMS.date, br.previousName, br.newName)


def history_from_triples(triples: Iterable[tuple[Node, Node, Node]], base: str = BASE) -> CodeHistory:
    """The history the triples tell (rdflib terms; only :func:`predicates` are read, others ignored).
    ``base``: the build's base, when it is not the canonical one (our ontology's IRIs move with it)."""
    br = ontology_namespace(base)
    number_schemes = {br.municipalityNumber: KOMMUNENUMMER, br.countyNumber: FYLKESNUMMER}
    numbers: dict[Node, tuple[str, str]] = {}  # number node → (scheme, holder)
    facts: dict[Node, dict[URIRef, Node]] = defaultdict(dict)
    names: dict[str, str] = {}
    orgnrs: list[tuple[str, str]] = []
    items: list[tuple[str, str]] = []
    successors: dict[str, list[str]] = defaultdict(list)
    within: dict[str, str] = {}
    renamed: set[Node] = set()  # the events that are changes of name
    events: dict[Node, dict[URIRef, list[Node]]] = defaultdict(lambda: defaultdict(list))  # result, date, names
    for s, p, o in triples:
        if p in number_schemes:
            numbers[o] = (number_schemes[p], str(s))  # type: ignore[index]
        elif p in (SKOS.notation, SCHEMA.validFrom, SCHEMA.validThrough, br.county):
            facts[s][BR.county if p == br.county else p] = o  # type: ignore[index]
        elif p == br.organisationNumber:
            orgnrs.append((str(s), str(o)))
        elif p in (OWL.sameAs, RDFS.seeAlso) and str(o).startswith(str(WD)):
            items.append((str(s), str(o)[len(str(WD)):]))
        elif p == SKOS.prefLabel and isinstance(o, Literal) and o.language == "nb":
            names[str(s)] = str(o)
        elif p == br.succeededBy:
            successors[str(s)].append(str(o))
        elif p == br.areaWithin:
            within[str(s)] = str(o)
        elif p == br.changeKind and o == br.nameChange:
            renamed.add(s)
        elif p in (ORG.resultingOrganization, DCTERMS.date, br.previousName, br.newName):
            events[s][BR.previousName if p == br.previousName else BR.newName if p == br.newName else p].append(o)  # type: ignore[index]
    holdings = [_number_holding(scheme, holder, node, facts.get(node, {}))
                for node, (scheme, holder) in numbers.items()]
    held = [h for h in holdings if h is not None]
    lives = unit_lives(held)
    for scheme, pairs in ((ORGNR, orgnrs), (WIKIDATA, items)):
        for holder, code in pairs:
            held += [Holding(scheme, code, holder, start, end) for start, end in lives.get(holder, ())]
    units = {h.holder for h in held}
    return CodeHistory(held, {h.holder: names[h.holder] for h in held if h.holder in names},
                       {unit: tuple(sorted(set(after) & units)) for unit, after in successors.items() if unit in units},
                       _renamings((events[e] for e in renamed), units),
                       {unit: part for unit, part in within.items() if unit in units and part in units})


def _renamings(events: Iterable[Mapping[URIRef, list[Node]]], units: set[str]) -> dict[str, list[Renaming]]:
    """The changes of name of ``units``, from each event's unit, date and names: an event with one of each (one with
    a part missing, which the shapes refuse, or with several, which could not be paired, is skipped)."""
    found: dict[str, list[Renaming]] = defaultdict(list)
    for facts in events:
        parts = [facts.get(p, []) for p in (ORG.resultingOrganization, DCTERMS.date, BR.previousName, BR.newName)]
        if any(len(values) != 1 for values in parts):
            continue
        (unit,), (day,), (previous,), (new,) = parts
        if str(unit) in units:
            found[str(unit)].append(Renaming(dt.date.fromisoformat(str(day)), str(previous), str(new)))
    return found


def _number_holding(scheme: str, holder: str, node: Node, facts: Mapping[URIRef, Node]) -> Holding | None:
    notation = facts.get(SKOS.notation)
    if notation is None:
        return None
    county = facts.get(BR.county)
    return Holding(scheme, str(notation), holder, to_date(facts.get(SCHEMA.validFrom)),
                   to_date(facts.get(SCHEMA.validThrough)), str(node), str(county) if county is not None else None)
