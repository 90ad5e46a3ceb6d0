"""The reconciliation index, made when the build is made: ``reconcile.sqlite`` in the build folder.

:func:`write` is an artifact writer of :mod:`byregion.build.writer`: it reads every municipality, county,
city region and theme from the build's store, and writes

* ``units``: each :class:`~byregion.reconcile.units.Unit` as JSON (names, numbers with their periods and
  counties, Wikidata, organisation number, successors, members);
* ``names``: one row per name key of a unit (:func:`byregion.reconcile.names.parse`: the whole name and each
  part of a double name), with the name as written, its qualifier and the period it was in use; the index a
  request looks names up in;
* ``previews``: the preview page of each unit (a small HTML document, see :mod:`byregion.reconcile.preview`);
* ``meta``: the service manifest, with :data:`byregion.docstore.HOST` where the request's host goes.

A request then only looks up and scores (:mod:`byregion.reconcile.service`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from byregion.namespaces import ontology_namespace
from byregion.reconcile import manifest as service_manifest
from byregion.reconcile import preview
from byregion.reconcile.names import parse
from byregion.reconcile.units import Name, Number, Unit

FILE = "reconcile.sqlite"
WIKIDATA = "http://www.wikidata.org/entity/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SCHEMA = """
CREATE TABLE units (iri TEXT PRIMARY KEY, kind TEXT NOT NULL, data TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE names (key TEXT NOT NULL, iri TEXT NOT NULL, name TEXT NOT NULL, qualifier TEXT NOT NULL,
                    start TEXT NOT NULL, end TEXT NOT NULL, preferred INTEGER NOT NULL);
CREATE INDEX names_key ON names (key);
CREATE TABLE previews (iri TEXT PRIMARY KEY, html BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
"""


def _rows(store: ox.Store, query: str) -> Iterator[dict[str, str]]:
    """Each solution of ``query`` over the union of the build's graphs, as variable → lexical value."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    names = [v.value for v in solutions.variables]
    for solution in solutions:
        yield {n: solution[n].value for n in names if solution[n] is not None}


def read_units(store: ox.Store, base: str) -> list[Unit]:
    """Every unit the service matches, read from the build's store (sorted by IRI, so the file is stable)."""
    br = str(ontology_namespace(base))
    prefixes = (f"PREFIX br: <{br}> PREFIX skos: <{_SKOS}> PREFIX schema: <https://schema.org/> "
                "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
                "PREFIX org: <http://www.w3.org/ns/org#> PREFIX dct: <http://purl.org/dc/terms/> ")
    kinds: dict[str, str] = {}
    for row in _rows(store, prefixes + "SELECT ?u ?c WHERE { VALUES ?c { br:Municipality br:County br:CityRegion } "
                                       "?u a ?c }"):
        kinds[row["u"]] = {"Municipality": "municipality", "County": "county"}.get(
            row["c"].rsplit("#", 1)[1], "city-region")
    scheme = f"{base}/id/scheme/themes"
    for row in _rows(store, prefixes + f"SELECT ?u WHERE {{ ?u skos:inScheme <{scheme}> }}"):
        kinds[row["u"]] = "theme"

    labels: dict[str, dict[str, list[tuple[str, bool]]]] = defaultdict(lambda: defaultdict(list))
    for row in _rows(store, prefixes + "SELECT ?u ?l ?p (LANG(?l) AS ?lang) WHERE { { ?u skos:prefLabel ?l "
                                       "BIND(true AS ?p) } UNION { ?u skos:altLabel ?l BIND(false AS ?p) } }"):
        # a Sámi or Kven part of a name ("Raarvihke"@sma) is matched as part of the whole name, which has its dates
        if row["u"] in kinds and row.get("lang", "") in ("nb", "en", ""):
            labels[row["u"]]["en" if row.get("lang") == "en" else "nb"].append((row["l"], row["p"] == "true"))

    numbers: dict[str, list[Number]] = defaultdict(list)
    for row in _rows(store, prefixes + "SELECT ?u ?code ?label ?from ?through ?county WHERE { "
                                       "?u br:municipalityNumber|br:countyNumber ?n . ?n skos:notation ?code . "
                                       "OPTIONAL { ?n rdfs:label ?label } OPTIONAL { ?n schema:validFrom ?from } "
                                       "OPTIONAL { ?n schema:validThrough ?through } "
                                       "OPTIONAL { ?n br:county ?county } }"):
        code = row["code"]
        label = row.get("label", "")
        numbers[row["u"]].append(Number(code, row.get("from", ""), row.get("through", ""), row.get("county", ""),
                                        label[len(code):].strip() if label.startswith(code) else label))

    renamed: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # the changes of name of each unit
    for row in _rows(store, prefixes + "SELECT ?u ?day ?old ?new WHERE { ?e br:previousName ?old ; br:newName ?new ; "
                                       "dct:date ?day ; org:resultingOrganization ?u }"):
        renamed[row["u"]].append((row["day"], row["old"], row["new"]))

    links = _links(store, prefixes)
    units = []
    for iri, kind in sorted(kinds.items()):
        nb = labels[iri]["nb"] or labels[iri]["en"]
        preferred = next((text for text, pref in nb if pref), nb[0][0] if nb else iri.rsplit("/", 1)[1])
        english = next((text for text, pref in labels[iri]["en"] if pref), preferred)
        # one row per number (a label in two languages gives two solutions)
        once = {(n.code, n.start, n.end, n.county): n for n in numbers[iri]}
        unit_numbers = tuple(sorted(once.values(), key=lambda n: (n.start, n.code)))
        counties = sorted({n.county for n in unit_numbers if n.county} | set(links["county"][iri]))
        wikidata = [w[len(WIKIDATA):] for w in (*sorted(links["sameAs"][iri]), *sorted(links["seeAlso"][iri]))]
        units.append(Unit(
            iri=iri, kind=kind, name=preferred, name_en=english,
            names=tuple(_names(preferred, [t for t, _ in (*nb, *labels[iri]["en"])], unit_numbers,
                               sorted(renamed[iri]))),
            numbers=unit_numbers, counties=tuple(counties), wikidata=tuple(dict.fromkeys(wikidata)),
            orgnr=min(links["orgnr"][iri], default=""), successors=tuple(sorted(links["successor"][iri])),
            predecessors=tuple(sorted(links["predecessor"][iri])), members=tuple(sorted(links["member"][iri])),
            regions=tuple(sorted(links["region"][iri])),
            broader=tuple(sorted(links["broader"][iri]))))
    return units


def _links(store: ox.Store, prefixes: str) -> dict[str, dict[str, set[str]]]:
    """Links between units and identifiers, by name: county, sameAs, seeAlso (Wikidata), orgnr, successor,
    predecessor, member, region (a member's regions), broader."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    queries = {
        "county": "SELECT ?u ?v WHERE { ?u a br:CityRegion ; br:county ?v }",
        "sameAs": f"SELECT ?u ?v WHERE {{ ?u owl:sameAs ?v FILTER(STRSTARTS(STR(?v), '{WIKIDATA}')) }}",
        "seeAlso": f"SELECT ?u ?v WHERE {{ ?u rdfs:seeAlso ?v FILTER(STRSTARTS(STR(?v), '{WIKIDATA}')) }}",
        "orgnr": "SELECT ?u ?v WHERE { ?u br:organisationNumber ?v }",
        "successor": "SELECT ?u ?v WHERE { ?u br:succeededBy ?v }",
        "predecessor": "SELECT ?u ?v WHERE { ?v br:succeededBy ?u }",
        "member": "SELECT ?u ?v WHERE { ?u a br:CityRegion ; br:membership/org:member ?v }",
        "region": "SELECT ?u ?v WHERE { ?v a br:CityRegion ; br:membership/org:member ?u }",
        "broader": "SELECT ?u ?v WHERE { ?u skos:broader ?v }",
    }
    for name, query in queries.items():
        for row in _rows(store, prefixes + query):
            found[name][row["u"]].add(row["v"])
    return found


def _names(preferred: str, labels: Iterable[str], numbers: tuple[Number, ...],
           renamed: Sequence[tuple[str, str, str]] = ()) -> list[Name]:
    """The unit's names with the period each was in use. Where the unit changed its name (``renamed``: the day,
    the name ended and the name given, in order), its names run from change to change: the first from the unit's
    first day, the last to its last (Røyrvik until 2014-12-31, Raarvihke - Røyrvik from 2015-01-01; a name given
    back later has a period for each time). Any other name carried by numbers is in use over their periods (from
    the first one's start to the last one's end); any other label has no known period."""
    first = "" if not numbers or any(not n.start for n in numbers) else min(n.start for n in numbers)
    last = "" if not numbers or any(not n.end for n in numbers) else max(n.end for n in numbers)
    timeline: list[Name] = []
    start = first
    for day, old, _new in renamed:
        timeline.append(Name(old, start, (date.fromisoformat(day) - timedelta(days=1)).isoformat(), old == preferred,
                             True))
        start = day
    if renamed:
        timeline.append(Name(renamed[-1][2], start, last, renamed[-1][2] == preferred, True))
    periods: dict[str, list[Number]] = defaultdict(list)
    for number in numbers:
        if number.name:
            periods[number.name].append(number)
    out = []
    for text in dict.fromkeys([preferred, *labels, *periods, *(n.text for n in timeline)]):
        dated = [n for n in timeline if n.text == text]
        if dated:
            out.extend(dated)
            continue
        held = periods.get(text, [])
        start = "" if not held or any(not n.start for n in held) else min(n.start for n in held)
        end = "" if not held or any(not n.end for n in held) else max(n.end for n in held)
        out.append(Name(text, start, end, text == preferred, bool(held)))
    return out


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """Artifact writer: ``folder/reconcile.sqlite`` from the build's store (see the module docstring)."""
    base = str(manifest["base_uri"])
    units = read_units(store, base)
    county_keys = sorted({k for u in units if u.kind == "county" for n in u.names for k in parse(n.text).keys})
    path = folder / FILE
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    try:
        connection.executescript(_SCHEMA)
        by_iri = {u.iri: u for u in units}
        units = [replace(u, description=preview.describe(u, by_iri)) for u in units]
        for unit in units:
            connection.execute("INSERT INTO units VALUES (?, ?, ?)", (unit.iri, unit.kind, unit.to_json()))
            connection.executemany("INSERT INTO names VALUES (?, ?, ?, ?, ?, ?, ?)", _name_rows(unit, county_keys))
            connection.execute("INSERT INTO previews VALUES (?, ?)", (unit.iri, preview.render(unit, by_iri)))
        connection.execute("INSERT INTO meta VALUES ('manifest', ?)", (service_manifest.template(base),))
        connection.execute("INSERT INTO meta VALUES ('county_keys', ?)", ("\n".join(county_keys),))
        connection.commit()
        connection.execute("VACUUM")
    finally:
        connection.close()
    manifest["reconcile"] = {"units": len(units), "names": sum(len(u.names) for u in units)}
    return [FILE]


def _name_rows(unit: Unit, county_keys: list[str]) -> Iterator[tuple[str, str, str, str, str, str, int]]:
    seen = set()
    for name in unit.names:
        parsed = parse(name.text, county_keys)
        for key in parsed.keys:
            row = (key, unit.iri, name.text, parsed.qualifier, name.start, name.end, int(name.preferred))
            if row not in seen:
                seen.add(row)
                yield row
