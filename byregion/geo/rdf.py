"""The geometry graph (``{base}/graph/geometry``): GeoSPARQL geometries of every municipality and county in
each boundary period, each region's outline, and the relations between them, made when a build is made.

The model (docs/MODEL.md "Geometry"):

* every municipality, county and region is a ``geo:Feature`` with ``geo:hasGeometry`` one geometry per
  boundary period (a region: one, its outline on its reference date);
* a geometry (``{base}/id/geometry/{kind}/{slug}/{period}``, its own document) has ``geo:asWKT`` (CRS84),
  ``dcat:bbox`` and ``dcat:centroid``, ``schema:validFrom``/``schema:validThrough`` (the period cut to the
  feature's lifetime), ``prov:wasDerivedFrom`` the boundary file (a ``br:ReferenceSource`` with licence,
  attribution and checksum), ``dct:license`` and a ``dct:description`` saying it is simplified;
* ``geo:sfTouches`` between the geometries of bordering municipalities of one period (both directions), and
  ``geo:sfWithin`` from a municipality's geometry to its county's of the same period; both hold on the
  published WKT, which is one coverage per period (:func:`byregion.geo.topology.fitted`: a county's geometry is
  the union of its municipalities').

:func:`geometry_graph` is pure; :func:`load` reads the repository's files and the features' IRIs.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from byregion import i18n, uris
from byregion.geo import ATTRIBUTION, CC_BY_URI, boundaries, measure, published, topology
from byregion.geo.boundaries import GEO_DIR, Numbered, PlacedUnit, Unit, UnitKey
from byregion.geo.topology import Border
from byregion.namespaces import ADMS, BASE, BR, GEO, SCHEMA, SPDX, bind_prefixes

log = logging.getLogger(__name__)

#: Where the boundary files are described (title, upstream, snapshot), one row per file.
FILES_TABLE = "files.csv"
FILE_COLUMNS = ("file", "title_nb", "title_en", "upstream", "snapshot")
LICENCE = URIRef(CC_BY_URI)
SIMPLIFIED = {
    "nb": "Forenklet illustrasjonsgeometri (feil på flere hundre meter), ikke juridiske grenser: god for kart, "
          "omriss og naboskap, ikke for areal eller nøyaktige grenser.",
    "en": "Simplified illustration geometry (errors of hundreds of metres), not legal boundaries: good for maps, "
          "outlines and neighbours, not for areas or exact boundaries.",
}
OUTLINE = {
    "nb": "Omrisset av regionen: unionen av grensene til medlemskommunene slik de var på referansedatoen.",
    "en": "The region's outline: the union of its member municipalities' boundaries as they were on its "
          "reference date.",
}
#: The files a unit's geometry is made from: a county's is the union of its municipalities' (topology.fitted), its
#: code and name from the county file.
_MADE_FROM: dict[str, tuple[boundaries.Kind, ...]] = {"municipality": ("municipality",),
                                                      "county": ("county", "municipality")}
COUNTY = {
    "nb": "Fylkets geometri er unionen av kommunene i fylket i samme grenseperiode, så hver av dem ligger nøyaktig "
          "innenfor den (geo:sfWithin); fylkesnummer og navn er fra fylkesfilen.",
    "en": "The county's geometry is the union of its municipalities of the same boundary period, so that each lies "
          "exactly within it (geo:sfWithin); the county number and name are from the county file.",
}
#: Said of the outline of a region whose member list the sources do not confirm (its ``br:confidence`` is other than
#: the facts block's, ``br:fakta``): the outline is no surer than the list it is made of.
UNCONFIRMED_OUTLINE = {
    "nb": "Medlemslisten omrisset er laget av er ikke bekreftet av en faktaboks (se byregionens br:confidence og "
          "merknad), og det er ikke omrisset heller.",
    "en": "The member list the outline is made of is not confirmed by a facts block (see the region's "
          "br:confidence and note), and neither is the outline.",
}
_KIND_WORDS = {"municipality": ("kommunegrenser", "municipal boundaries"),
               "county": ("fylkesgrenser", "county boundaries")}


@dataclass(frozen=True)
class BoundaryFile:
    """One boundary file as a source: its name, titles, upstream page, snapshot and SHA-256."""

    file: str
    title_nb: str
    title_en: str
    upstream: str
    snapshot: str
    sha256: str

    def iri(self, base: str = BASE) -> URIRef:
        return uris.source("boundaries-" + self.file.removesuffix(".geojson"), base)


@dataclass(frozen=True)
class Region:
    """A region whose outline is published: its IRI, name (nb), reference date and member IRIs."""

    iri: URIRef
    name: str
    reference_date: dt.date
    members: tuple[URIRef, ...]
    #: Whether a facts block gives the members (``br:confidence br:fakta``, or no confidence stated).
    confirmed: bool = True


def _span(start: dt.date | None, end: dt.date | None, lang: str) -> str:
    until, since = ("til og med", "fra") if lang == "nb" else ("until", "from")
    # the days in words, as a label's sentence writes them ("til og med 31. desember 2019"), like the figures'
    first, last = (i18n.date(d.isoformat(), lang) if d else "" for d in (start, end))
    if start and end:
        return f"{first} – {last}"
    if end:
        return f"{until} {last}"
    return f"{since} {first}" if start else ""


def _date(value: dt.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def _add_source(graph: Graph, source: BoundaryFile, base: str) -> None:
    iri = source.iri(base)
    graph.add((iri, RDF.type, BR.ReferenceSource))
    graph.add((iri, RDF.type, PROV.Entity))
    graph.add((iri, DCTERMS.title, Literal(source.title_nb, lang="nb")))
    graph.add((iri, DCTERMS.title, Literal(source.title_en, lang="en")))
    graph.add((iri, DCTERMS.source, URIRef(source.upstream)))
    graph.add((iri, RDFS.seeAlso, URIRef(source.snapshot)))
    graph.add((iri, DCTERMS.license, LICENCE))
    for lang, text in ATTRIBUTION.items():
        graph.add((iri, SCHEMA.creditText, Literal(text, lang=lang)))
    checksum = uris.source_checksum(str(iri))
    graph.add((iri, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(source.sha256, datatype=XSD.hexBinary)))
    graph.add((checksum, RDFS.label, Literal(f"SHA-256-sjekksum: {source.title_nb}", lang="nb")))
    graph.add((checksum, RDFS.label, Literal(f"SHA-256 checksum: {source.title_en}", lang="en")))


def _add_shape(graph: Graph, feature: URIRef, node: URIRef, shape: boundaries.Polygonal) -> None:
    """What every geometry has: its type, the feature's link to it, its WKT, box and centroid, licence and
    the note that it is simplified."""
    graph.add((feature, RDF.type, GEO.Feature))
    graph.add((feature, GEO.hasGeometry, node))
    graph.add((node, RDF.type, GEO.Geometry))
    graph.add((node, GEO.asWKT, Literal(measure.wkt(shape), datatype=GEO.wktLiteral)))
    box, centroid = measure.box_and_centroid(shape)
    graph.add((node, DCAT.bbox, Literal(box, datatype=GEO.wktLiteral)))
    graph.add((node, DCAT.centroid, Literal(centroid, datatype=GEO.wktLiteral)))
    graph.add((node, DCTERMS.license, LICENCE))
    for lang, text in SIMPLIFIED.items():
        graph.add((node, DCTERMS.description, Literal(text, lang=lang)))


@dataclass(frozen=True, order=True)
class Adjustment:
    """A boundary adjustment of a unit (``br:changeKind br:boundaryAdjustment`` in the reference graph): the day it
    took effect and the change."""

    day: dt.date
    event: URIRef


def adjustments(reference: Graph) -> dict[URIRef, tuple[Adjustment, ...]]:
    """Each unit's boundary adjustments, by the IRI of the unit that gave or got land, oldest first."""
    found: dict[URIRef, set[Adjustment]] = {}
    for event in reference.subjects(BR.changeKind, BR.boundaryAdjustment):
        try:
            day = dt.date.fromisoformat(str(reference.value(event, DCTERMS.date)))
        except ValueError:
            continue
        for prop in (ORG.originalOrganization, ORG.resultingOrganization):
            for unit in reference.objects(event, prop):
                if isinstance(unit, URIRef) and isinstance(event, URIRef):
                    found.setdefault(unit, set()).add(Adjustment(day, event))
    return {unit: tuple(sorted(found[unit])) for unit in found}


def unlike_the_file(placed: PlacedUnit, known: dict[URIRef, tuple[Adjustment, ...]]
                    ) -> list[tuple[Adjustment, bool]]:
    """The boundary adjustments inside a geometry's period of validity on the other side of the day its file shows
    (``codes_on``): ``True`` where the file shows the boundaries after it (before that day they differed: Tønsberg's
    2019 polygon holds what it got from Stokke on 2017-01-01), ``False`` where it shows them before (from that day
    they differed). The period's first day is no such day: the file's boundaries begin there."""
    codes_on, out = placed.unit.period.codes_on, []
    for adjustment in known.get(placed.thing, ()):
        if not placed.valid_on(adjustment.day) or adjustment.day == placed.valid_from:
            continue
        out.append((adjustment, adjustment.day <= codes_on))
    return out


#: What a geometry's description adds for each :func:`unlike_the_file` adjustment, by whether the file shows the
#: boundaries after it.
_ADJUSTED = {
    True: {"nb": "Grensene er de etter grensejusteringen {day}; før den var de noe annerledes.",
           "en": "The boundaries are those after the boundary adjustment of {day}; before it they were somewhat "
                 "different."},
    False: {"nb": "Grensene er de før grensejusteringen {day}; fra den var de noe annerledes.",
            "en": "The boundaries are those before the boundary adjustment of {day}; from it they were somewhat "
                  "different."},
}
#: An outline's words for a member whose boundaries a boundary adjustment between the reference date and its file's
#: day changed: the outline is not quite the members' boundaries on the reference date.
_OUTLINE_ADJUSTED = {
    True: {"nb": "Grensene til {name} er de etter grensejusteringen {day}, ikke de på referansedatoen.",
           "en": "{name}'s boundaries are those after the boundary adjustment of {day}, not those on the reference "
                 "date."},
    False: {"nb": "Grensene til {name} er de før grensejusteringen {day}, ikke de på referansedatoen.",
            "en": "{name}'s boundaries are those before the boundary adjustment of {day}, not those on the "
                  "reference date."},
}


def _add_unit(graph: Graph, placed: PlacedUnit, made_from: Sequence[URIRef], base: str,
              known: dict[URIRef, tuple[Adjustment, ...]] | None = None, held: Sequence[Numbered] = ()) -> URIRef:
    unit = placed.unit
    node = uris.geometry(str(placed.thing), unit.period.key, base)
    _add_shape(graph, placed.thing, node, unit.geometry)
    for lang, words in zip(("nb", "en"), _KIND_WORDS[unit.kind], strict=True):
        span = _span(placed.valid_from, placed.valid_through, lang)
        graph.add((node, RDFS.label, Literal(f"{unit.name}: {words} {span}".strip(), lang=lang)))
    # the numbers the feature held while this geometry was valid, each with its own validity (adms:identifier,
    # the reference graph's number nodes); skos:notation only where the file's number held on every one of those
    # days: Flatanger's 2019 geometry, valid since before the records, had 1749 until 2017 and 5049 from 2018
    numbers = [n for n in held if n.kind == unit.kind and n.overlaps(placed.valid_from, placed.valid_through)]
    for number in numbers:
        if number.iri is not None:
            graph.add((node, ADMS.identifier, number.iri))
    if any(n.code == unit.code and n.holds_throughout(placed.valid_from, placed.valid_through) for n in numbers):
        graph.add((node, SKOS.notation, Literal(unit.code)))
    if placed.valid_from:
        graph.add((node, SCHEMA.validFrom, _date(placed.valid_from)))
    if placed.valid_through:
        graph.add((node, SCHEMA.validThrough, _date(placed.valid_through)))
    for source in made_from:
        graph.add((node, PROV.wasDerivedFrom, source))
    said = {lang: [COUNTY[lang]] if unit.kind == "county" else [] for lang in ("nb", "en")}
    for adjustment, after in unlike_the_file(placed, known or {}):
        graph.add((node, RDFS.seeAlso, adjustment.event))
        for lang in said:
            said[lang].append(_ADJUSTED[after][lang].format(day=i18n.date(adjustment.day.isoformat(), lang)))
    for lang, texts in said.items():
        if texts:
            graph.add((node, DCTERMS.description, Literal(" ".join(texts), lang=lang)))
    return node


def _add_region(graph: Graph, region: Region, members: Sequence[PlacedUnit], base: str,
                known: dict[URIRef, tuple[Adjustment, ...]] | None = None) -> None:
    node = uris.geometry(str(region.iri), None, base)
    _add_shape(graph, region.iri, node, topology.union(m.unit.geometry for m in members))
    day = region.reference_date.isoformat()
    graph.add((node, RDFS.label, Literal(f"{region.name}: omriss {i18n.date(day, 'nb')}", lang="nb")))
    graph.add((node, RDFS.label, Literal(f"{region.name}: outline on {i18n.date(day, 'en')}", lang="en")))
    graph.add((node, DCTERMS.date, _date(region.reference_date)))
    # a member's adjustment between the reference date and the day its file shows
    moved = [(m.unit.name, a, after) for m in members for a, after in unlike_the_file(m, known or {})
             if (a.day > region.reference_date) == after]
    for lang, text in OUTLINE.items():
        caveat = "" if region.confirmed else " " + UNCONFIRMED_OUTLINE[lang]
        caveat += "".join(" " + _OUTLINE_ADJUSTED[after][lang].format(name=name, day=i18n.date(a.day.isoformat(),
                                                                                                 lang))
                          for name, a, after in moved)
        graph.add((node, DCTERMS.description, Literal(text + caveat, lang=lang)))
    for member in members:
        graph.add((node, PROV.wasDerivedFrom, uris.geometry(str(member.thing), member.unit.period.key, base)))


def geometry_graph(placed: Sequence[PlacedUnit], regions: Iterable[Region], files: Iterable[BoundaryFile],
                   relations: tuple[Sequence[Border], Mapping[UnitKey, Unit]],
                   base: str = BASE, known: dict[URIRef, tuple[Adjustment, ...]] | None = None,
                   held: Iterable[Numbered] = ()) -> Graph:
    """The geometry graph of the placed units, with their borders and counties, and the outline of every
    region whose members all have a boundary on its reference date (a region without is left out). ``held``: the
    reference graph's numbers (:func:`byregion.geo.boundaries.numbers`), which date each geometry's codes.
    ``relations``: the borders and counties of the units (:func:`byregion.geo.published.relations` for the build's:
    worked out once, for the maps too), of which those between placed units are stated."""
    graph = bind_prefixes(Graph())
    sources = {}
    for source in files:
        _add_source(graph, source, base)
        sources[source.file] = source.iri(base)
    numbers: dict[URIRef, list[Numbered]] = {}
    for number in held:
        numbers.setdefault(number.thing, []).append(number)
    nodes = {p.unit.key: _add_unit(graph, p, [sources[p.unit.period.files[kind]] for kind in _MADE_FROM[p.unit.kind]],
                                   base, known, numbers.get(p.thing, [])) for p in placed}
    borders, county_of = relations
    # Of the placed units: a border is a relation of its two units alone, and fitted units lie each in one county
    # (at least half of it, topology.MIN_COVERED_SHARE), so those of all units give the placed ones' own.
    for border in borders:
        if border.a.key in nodes and border.b.key in nodes:
            a, b = nodes[border.a.key], nodes[border.b.key]
            graph.add((a, GEO.sfTouches, b))
            graph.add((b, GEO.sfTouches, a))
    # a relation of the two shapes, whatever their days: Flatanger's 2019 geometry (valid since before the records)
    # lies within Trøndelag's 2019 one (valid from 2018), and a question about a day asks each geometry's validity
    for municipality, county in county_of.items():
        if municipality in nodes and county.key in nodes:
            graph.add((nodes[municipality], GEO.sfWithin, nodes[county.key]))
    for region in regions:
        graph += outline_graph(region, placed, base, known)
    return graph


def outline_graph(region: Region, placed: Sequence[PlacedUnit], base: str = BASE,
                  known: dict[URIRef, tuple[Adjustment, ...]] | None = None) -> Graph:
    """The triples of a region's outline (its members' union on its reference date); none when a member has
    no boundary valid that day. ``byregion synth`` counts a synthetic page's with it."""
    graph = Graph()
    try:
        members = topology.members_on(region.members, placed, region.reference_date)
    except ValueError:
        return graph
    _add_region(graph, region, members, base, known)
    return graph


# --- reading ---------------------------------------------------------------------------------------------

def read_files(repo: Path, names: Iterable[str]) -> list[BoundaryFile]:
    """The boundary files ``names`` as sources, described by ``files.csv`` (every one must have a row)."""
    table = repo / GEO_DIR / FILES_TABLE
    rows = {row["file"]: row for row in csv.DictReader(table.read_text(encoding="utf-8").splitlines())} \
        if table.exists() else {}
    out = []
    for name in sorted(set(names)):
        row = rows.get(name)
        if row is None or any(not (row.get(c) or "").strip() for c in FILE_COLUMNS):
            raise boundaries.BoundaryDataError(str(GEO_DIR / FILES_TABLE), None, None, f"{name} needs a row with "
                                               f"{', '.join(FILE_COLUMNS)}")
        digest = hashlib.sha256((repo / GEO_DIR / name).read_bytes()).hexdigest()
        out.append(BoundaryFile(name, row["title_nb"], row["title_en"], row["upstream"], row["snapshot"], digest))
    return out


def regions(graph: Graph) -> list[Region]:
    """The regions of ``graph`` (all named graphs as one) that have a reference date (a valid one: any other is the
    shapes' to report) and members."""
    out = []
    for iri in sorted(s for s in graph.subjects(RDF.type, BR.CityRegion) if isinstance(s, URIRef)):
        day = graph.value(iri, BR.referenceDate)
        members = sorted({m for ms in graph.objects(iri, BR.membership)
                          for m in graph.objects(ms, ORG.member) if isinstance(m, URIRef)})
        names = [n for n in graph.objects(iri, SKOS.prefLabel) if isinstance(n, Literal) and n.language == "nb"]
        if day is None or not members:
            continue
        try:
            date = dt.date.fromisoformat(str(day))
        except ValueError:  # not an xsd:date: the shapes say so (br:referenceDate), with the node and the value
            log.warning("no outline for %s: its br:referenceDate %r is not a date", iri, str(day))
            continue
        confidence = graph.value(iri, BR.confidence)
        out.append(Region(iri, str(names[0]) if names else str(iri).rsplit("/", 1)[-1], date, tuple(members),
                          confirmed=confidence in (None, BR.fakta)))
    return out


def load_placed(repo: Path, reference: Graph) -> tuple[list[PlacedUnit], list[boundaries.BoundaryPeriod]]:
    """Every unit of the repository's boundary files tied to the IRIs of ``reference`` (the reference graph),
    and the periods; a unit no IRI held the code of is left out with a warning."""
    periods, units = published.units(repo)
    placed, unplaced = boundaries.place(units, boundaries.numbers(reference))
    if unplaced:
        log.warning("geometry left out: %s", boundaries.unplaced_message(unplaced))
    return placed, list(periods)


def load(repo: Path, dataset: Dataset, base: str = BASE) -> Graph | None:
    """The geometry graph of the repository at ``repo`` for the merged ``dataset`` (its reference graph gives
    the IRIs, its regions the outlines), or None when the repository has no boundary periods.

    A unit whose code no municipality or county of the reference graph held is left out, with a warning
    naming it (a repository whose reference data is cut down, as some tests make, has many; the
    repository's own has none, which ``tests/geo/test_boundaries.py`` checks). Raises
    :class:`byregion.geo.boundaries.BoundaryDataError` when a file is broken."""
    reference = dataset.graph(uris.graph("reference", base))
    placed, periods = load_placed(repo, reference)
    held = boundaries.numbers(reference)
    if not periods:
        return None
    files = read_files(repo, (p.files[kind] for p in periods for kind in boundaries.KINDS))
    dataset.default_union = True  # every named graph as one, without copying them
    try:
        found = regions(dataset)
    finally:
        dataset.default_union = False
    return geometry_graph(placed, found, files, published.relations(repo), base, adjustments(reference), held)
