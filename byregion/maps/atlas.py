"""The build's maps: the boundaries tied to the build's IRIs and projected once, and each page's figure.

Made once per build, before the pages are rendered (:func:`Atlas.load`), from the repository's boundary
files (:mod:`byregion.geo.boundaries`) and the build's index (numbers, succession, regions and members).
The page renderer asks it for a figure per page; the national map (programme and home page) is drawn
once and kept, the others cost what their few shapes cost.

* A **region** is drawn in the boundary period of its reference date (2015: the 2019 files, see
  data/reference/geo/SOURCES.md): its members filled by role (the applicant hatched, with a thick outline)
  over the other municipalities and the borders of the counties they lie in (not their coasts).
* A **municipality** is drawn among its neighbours in each boundary period where what it covers changed
  (Sauherad until 2019, Midt-Telemark, which it became part of, from 2020); periods with the same
  municipality and the same neighbours share one map, drawn from the newest of them.
* The **programme** (and the home page) shows every region with members on one map of Norway, each the
  union of its members, simplified for the national scale, over the counties.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import shapely
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF, SKOS
from rdflib.term import Node
from shapely.geometry.base import BaseGeometry

from byregion.describe import best_label
from byregion.geo import boundaries, published, topology
from byregion.geo.boundaries import BoundaryPeriod, PlacedUnit, Unit, UnitKey
from byregion.graph_index import GraphIndex
from byregion.i18n import norwegian_key
from byregion.maps import svg, texts
from byregion.maps.projection import project_geometry
from byregion.namespaces import BR, SCHEMA

#: SVG width of a region's or a municipality's map (units; whole units are 100–300 m at these scales).
LOCAL_WIDTH = 600
#: SVG width of the map of Norway (a unit is about 2.7 km).
NATIONAL_WIDTH = 440
#: Shapes of the map of Norway are simplified to this many SVG units (Douglas–Peucker, topology kept).
NATIONAL_TOLERANCE = 1.5
#: Parts (islands) smaller than this many square SVG units are left off the map of Norway.
NATIONAL_MIN_AREA = 2.0
#: A local map is at least this many kilometres across (a small town is not drawn county-sized).
LOCAL_MIN_SPAN_KM = 40.0
#: A county's shapes are simplified to this many SVG units (its map has up to 51 municipalities, Viken's).
COUNTY_TOLERANCE = 0.8
#: Islands smaller than this many square SVG units are left off a county's map.
COUNTY_MIN_AREA = 1.0
#: A county's maps write their municipalities' names when each has at most this many (more would overlap; the
#: maps of one county, side by side, either all have names or none).
COUNTY_NAMES_MAX = 20
#: Drawn shapes kept for the page in the other language (then forgotten, so memory stays flat).
DRAWINGS_KEPT = 256
#: The day a region's members are drawn on when it states no reference date (the programme's year).
DEFAULT_REFERENCE_DATE = dt.date(2015, 1, 1)

Href = Callable[[str], str]


@dataclass(frozen=True)
class Link:
    """An entry of a map's text alternative: a shape's name, where it links, and what it is."""

    text: str
    href: str | None
    note: str = ""


@dataclass(frozen=True)
class LegendEntry:
    classes: str
    text: str


@dataclass(frozen=True)
class MapFigure:
    """One map as a page shows it: the ``<svg>``, its caption, legend, text alternative and attribution."""

    ident: str
    svg: str
    title: str
    caption: str
    legend: tuple[LegendEntry, ...]
    links: tuple[Link, ...]
    #: The boundaries' attribution: runs of text, each with the address it links to (None: plain).
    attribution: tuple[tuple[str, str | None], ...]
    #: The heading of the text alternative (the shapes as a list of links), shown open or folded.
    list_heading: str = ""
    list_open: bool = True
    #: The heading of the page's map section.
    heading: str = ""
    #: Classes of the ``<figure>`` (``national``: the map of Norway, its list beside it).
    classes: str = ""
    #: The period's label, where a page has a map per period.
    period: str | None = None
    note: str | None = None
    #: The link that skips the map's shapes, for the keyboard (its list of links says the same).
    skip: str = ""


@dataclass(frozen=True)
class MapSet:
    """A municipality's maps, one per run of boundary periods, with the words of the period switch."""

    heading: str
    switch: str
    all_periods: str
    figures: tuple[MapFigure, ...]


@dataclass(frozen=True)
class Member:
    municipality: URIRef
    role: URIRef | None


@dataclass(frozen=True)
class Region:
    iri: URIRef
    labels: dict[str, str]
    members: tuple[Member, ...]
    reference_date: dt.date
    member_count: int | None = None  # br:memberCount: None where the region's size is not known (Tønsberg)
    unverified: bool = False  # br:confidence br:unverified: its member list is not confirmed (Hallingdal's)


def _map_set(figures: list[MapFigure], lang: str) -> MapSet | None:
    """A page's maps, one per run of periods (a single one says no period); None without any."""
    if not figures:
        return None
    if len(figures) == 1:
        figures = [replace(figures[0], period=None)]
    return MapSet(texts.text("maps" if len(figures) > 1 else "map", lang), texts.text("period_switch", lang),
                  texts.text("all_periods", lang), tuple(figures))


def _label(labels: dict[str, str], lang: str, fallback: str) -> str:
    return labels.get(lang) or labels.get("nb") or labels.get("") or labels.get("en") or fallback


def _literal_labels(index: GraphIndex, node: Node) -> dict[str, str]:
    return {(v.language or ""): str(v) for v in index.literal_values(node, SKOS.prefLabel)}


def _polygons(geometry: BaseGeometry) -> list[list[list[tuple[float, float]]]]:
    """A (Multi)Polygon's rings as point lists, for :func:`svg.path_data`."""
    parts = getattr(geometry, "geoms", [geometry])
    return [[list(p.exterior.coords), *(list(r.coords) for r in p.interiors)] for p in parts
            if p.geom_type == "Polygon" and not p.is_empty]


def _lines(geometry: BaseGeometry) -> list[list[tuple[float, float]]]:
    """A (Multi)LineString's lines as point lists, for :func:`svg.line_data`."""
    return [list(line.coords) for line in getattr(geometry, "geoms", [geometry])
            if line.geom_type in ("LineString", "LinearRing") and not line.is_empty]


def _shared_lines(one: BaseGeometry, other: BaseGeometry) -> list[BaseGeometry]:
    """The lines the boundaries of two polygons share (the border between two neighbours), without the points
    where they only meet; none for polygons that only touch at a corner or lie apart."""
    meet = one.boundary.intersection(other.boundary)
    return [line for line in shapely.get_parts(shapely.get_parts(meet)).tolist()
            if line.geom_type == "LineString" and not line.is_empty]


def _bounds(geometries: Sequence[BaseGeometry]) -> tuple[float, float, float, float]:
    west, south, east, north = (float(v) for v in shapely.total_bounds(geometries))
    return west, south, east, north


def _without_small_parts(geometry: BaseGeometry, min_area: float) -> BaseGeometry:
    """``geometry`` without its parts smaller than ``min_area``; the largest part stays in any case."""
    parts = sorted(getattr(geometry, "geoms", [geometry]), key=lambda p: -p.area)
    kept = [p for p in parts if p.area >= min_area] or parts[:1]
    return shapely.MultiPolygon(kept) if len(kept) > 1 else kept[0]


def numbers_graph(index: GraphIndex, br: Namespace) -> Graph:
    """The municipality and county numbers of the build with their validity, in the default ``br:``
    namespace (as :func:`byregion.geo.boundaries.numbers` reads them), whatever base the build has."""
    graph = Graph()
    for kind_class, prop, default in ((br.Municipality, br.municipalityNumber, BR.municipalityNumber),
                                      (br.County, br.countyNumber, BR.countyNumber)):
        for thing in index.subjects_with(RDF.type, kind_class):
            for number in index.values(thing, prop):
                graph.add((thing, default, number))
                for p in (SKOS.notation, SCHEMA.validFrom, SCHEMA.validThrough):
                    for o in index.values(number, p):
                        graph.add((number, p, o))
    return graph


def regions_of(index: GraphIndex, br: Namespace) -> list[Region]:
    """Every city region of the build with its members, roles and reference date."""
    out = []
    for region in index.subjects_with(RDF.type, br.CityRegion):
        if not isinstance(region, URIRef):
            continue
        members = []
        for membership in index.values(region, br.membership):
            member, role = index.value(membership, ORG.member), index.value(membership, ORG.role)
            if isinstance(member, URIRef):
                members.append(Member(member, role if isinstance(role, URIRef) else None))
        day = index.value(region, br.referenceDate)
        try:
            reference = dt.date.fromisoformat(str(day)) if isinstance(day, Literal) else DEFAULT_REFERENCE_DATE
        except ValueError:
            reference = DEFAULT_REFERENCE_DATE
        count = index.value(region, br.memberCount)
        out.append(Region(region, _literal_labels(index, region), tuple(dict.fromkeys(members)), reference,
                          int(str(count)) if isinstance(count, Literal) and str(count).isdigit() else None,
                          index.value(region, br.confidence) == br.unverified))
    return sorted(out, key=lambda r: str(r.iri))


@dataclass
class Atlas:
    """The boundaries of every period tied to the build's IRIs, projected, and what the maps need."""

    periods: tuple[BoundaryPeriod, ...]
    placed: list[PlacedUnit]
    regions: dict[URIRef, Region]
    successors: dict[URIRef, list[URIRef]]
    applicant_role: URIRef
    #: Unit key → the municipalities it borders, and → the county it lies in (:mod:`byregion.geo.topology`).
    bordering: dict[UnitKey, list[Unit]]
    county: dict[UnitKey, Unit]
    #: An ended municipality → the one its area lies within after a later split (``br:areaWithin``).
    within: dict[URIRef, URIRef] = field(default_factory=dict)
    _national: dict[str, MapFigure] = field(default_factory=dict, repr=False)
    _drawings: dict[tuple[Any, svg.Frame], tuple[str, tuple[int, int]]] = field(default_factory=dict, repr=False)
    _layers: dict[tuple[Any, ...], svg.Layer] = field(default_factory=dict, repr=False)

    # ------------------------------------------------------------------------------------------ making

    @classmethod
    def load(cls, repo: Path, index: GraphIndex, br: Namespace) -> Atlas | None:
        """The atlas of the build whose index is ``index``, from the boundary files of ``repo``; None when
        the repository has no boundaries (then the pages have no maps)."""
        periods, units = published.units(repo)  # the geometries the build publishes
        if not periods:
            return None
        placed, _unplaced = boundaries.place(units, boundaries.numbers(numbers_graph(index, br)))
        borders, county_of = published.relations(repo)  # worked out once for the build (the geometry graph's too)
        bordering = topology.neighbours(borders)
        successors: dict[URIRef, list[URIRef]] = {}
        within: dict[URIRef, URIRef] = {}
        for thing in index.subjects_with(RDF.type, br.Municipality):
            if isinstance(thing, URIRef):
                later = [s for s in index.values(thing, br.succeededBy) if isinstance(s, URIRef)]
                if later:
                    successors[thing] = sorted(later, key=str)
                part = index.value(thing, br.areaWithin)
                if isinstance(part, URIRef):
                    within[thing] = part
        atlas = cls(periods, placed, {r.iri: r for r in regions_of(index, br)}, successors, br.applicant,
                    bordering, dict(county_of), within)
        atlas.prepare()
        return atlas

    def prepare(self) -> None:
        """Work out now what every page shares (projection, look-ups, spatial indexes, the national map's
        shapes), so that render workers forked afterwards share it rather than each making its own."""
        _ = (self._projected, self._by_thing, self._by_key, self._predecessors, self._held, self._trees,
             self._county_members, self._county_borders, self._national_shapes)  # cached properties, read once here

    @cached_property
    def _projected(self) -> dict[UnitKey, BaseGeometry]:
        """Every placed unit's geometry in projected kilometres, by :attr:`Unit.key`."""
        return {p.unit.key: project_geometry(p.unit.geometry) for p in self.placed}

    @cached_property
    def _by_key(self) -> dict[UnitKey, PlacedUnit]:
        return {p.unit.key: p for p in self.placed}

    @cached_property
    def _by_thing(self) -> dict[tuple[str, str, URIRef], PlacedUnit]:
        """(period, kind, IRI) → its unit in that period."""
        return {(p.unit.period.key, p.unit.kind, p.thing): p for p in self.placed}

    @cached_property
    def _predecessors(self) -> dict[URIRef, list[URIRef]]:
        out: dict[URIRef, list[URIRef]] = {}
        for earlier, laters in self.successors.items():
            for later in laters:
                out.setdefault(later, []).append(earlier)
        return {k: sorted(v, key=str) for k, v in out.items()}

    @cached_property
    def _held(self) -> dict[URIRef, list[URIRef]]:
        """A municipality → the ended ones whose area lies within it after a later split (``br:areaWithin``
        read backwards)."""
        out: dict[URIRef, list[URIRef]] = {}
        for ended, part in self.within.items():
            out.setdefault(part, []).append(ended)
        return {k: sorted(v, key=str) for k, v in out.items()}

    def geometry(self, unit: PlacedUnit) -> BaseGeometry:
        return self._projected[unit.unit.key]

    def unit(self, period: BoundaryPeriod, kind: boundaries.Kind, thing: URIRef) -> PlacedUnit | None:
        return self._by_thing.get((period.key, kind, thing))

    def units_in(self, period: BoundaryPeriod, kind: boundaries.Kind) -> list[PlacedUnit]:
        return [p for p in self.placed if p.unit.period == period and p.unit.kind == kind]

    def period_on(self, day: dt.date) -> BoundaryPeriod | None:
        return next((p for p in self.periods if p.covers(day)), None)

    # ------------------------------------------------------------------------------------ look-ups

    @cached_property
    def _trees(self) -> dict[tuple[str, boundaries.Kind], tuple[shapely.STRtree, list[PlacedUnit]]]:
        """Per period and kind, a spatial index of its units."""
        out = {}
        for period in self.periods:
            for kind in boundaries.KINDS:
                units = self.units_in(period, kind)
                out[(period.key, kind)] = (shapely.STRtree([self.geometry(u) for u in units]), units)
        return out

    def neighbours(self, focus: Sequence[PlacedUnit]) -> list[PlacedUnit]:
        """The municipalities that border any of ``focus`` (of one period), in code order."""
        own = {p.thing for p in focus}
        found: dict[URIRef, PlacedUnit] = {}
        for unit in focus:
            for other in self.bordering.get(unit.unit.key, ()):
                placed = self._by_key.get(other.key)
                if placed is not None and placed.thing not in own:
                    found.setdefault(placed.thing, placed)
        return sorted(found.values(), key=lambda u: u.unit.code)

    @cached_property
    def _county_members(self) -> dict[UnitKey, list[PlacedUnit]]:
        """County unit key → the municipalities lying in it (same period), in code order."""
        out: dict[UnitKey, list[PlacedUnit]] = {}
        for placed in self.placed:
            county = self.county.get(placed.unit.key) if placed.unit.kind == "municipality" else None
            if county is not None:
                out.setdefault(county.key, []).append(placed)
        return {key: sorted(units, key=lambda u: u.unit.code) for key, units in out.items()}

    def county_of(self, unit: PlacedUnit) -> PlacedUnit | None:
        """The county a municipality lies in, in the same period."""
        county = self.county.get(unit.unit.key)
        return self._by_key.get(county.key) if county is not None else None

    @cached_property
    def _county_borders(self) -> dict[str, list[tuple[UnitKey, UnitKey, BaseGeometry]]]:
        """Per period, the borders between two counties (the lines their boundaries share), once per pair in code
        order: the dashed county boundaries of the region and county maps. A county's whole outline is no border:
        its coast and the border with Sweden had been drawn as county boundaries."""
        out: dict[str, list[tuple[UnitKey, UnitKey, BaseGeometry]]] = {}
        for period in self.periods:
            tree, units = self._trees[(period.key, "county")]
            pairs = out[period.key] = []
            for county in units:
                geometry = self.geometry(county)
                for j in sorted(int(j) for j in tree.query(geometry, predicate="intersects")):
                    other = units[j]
                    if other.unit.code <= county.unit.code:
                        continue
                    lines = _shared_lines(geometry, self.geometry(other))
                    if lines:
                        border = shapely.line_merge(shapely.MultiLineString(lines))
                        pairs.append((county.unit.key, other.unit.key, border))
        return out

    def county_borders(self, counties: Sequence[PlacedUnit]) -> BaseGeometry:
        """The borders of ``counties`` (of one period) with the counties around them, each border once."""
        if not counties:
            return shapely.MultiLineString()
        keys = {c.unit.key for c in counties}
        lines = [line for a, b, border in self._county_borders.get(counties[0].unit.period.key, [])
                 if a in keys or b in keys for line in _lines(border)]
        return shapely.MultiLineString(lines)

    # ------------------------------------------------------------------------------------------ shapes

    def _linked(self, unit: PlacedUnit, frame: svg.Frame, classes: str, href: str | None, label: str,
                name: str | None = None) -> svg.Shape:
        """A unit as a linked shape with its name written at a point inside it (a 3×3 square where it is too
        small to draw). The drawing is kept a while: the page in the other language draws it again."""
        key = (unit.unit.key, frame)
        drawn = self._drawings.get(key)
        if drawn is None:
            if len(self._drawings) > DRAWINGS_KEPT:
                self._drawings.clear()
            geometry = self.geometry(unit)
            d = svg.path_data(_polygons(geometry), frame)
            inside = geometry.point_on_surface()
            at = frame.point(inside.x, inside.y)
            drawn = self._drawings[key] = (d or f"M{at[0] - 1} {at[1] - 1}h3v3h-3z", at)
        return svg.Shape(drawn[0], classes, href, label, drawn[1] if name else None, name)

    def _kept_layer(self, key: tuple[Any, ...], make: Callable[[], svg.Layer]) -> svg.Layer:
        """A layer with no text in it, made once for the pages in both languages (then forgotten, as drawings
        are): cutting the context to a region's frame took 30 ms a page."""
        layer = self._layers.get(key)
        if layer is None:
            if len(self._layers) > DRAWINGS_KEPT:
                self._layers.clear()
            layer = self._layers[key] = make()
        return layer

    def _context(self, frame: svg.Frame, period: BoundaryPeriod, kind: boundaries.Kind,
                 classes: str) -> svg.Layer:
        """The units of ``kind`` in the frame (cut to it), unlinked, for orientation."""
        return self._kept_layer(("context", frame, period.key, kind, classes),
                                lambda: self._make_context(frame, period, kind, classes))

    def _make_context(self, frame: svg.Frame, period: BoundaryPeriod, kind: boundaries.Kind,
                      classes: str) -> svg.Layer:
        tree, units = self._trees[(period.key, kind)]
        shapes = []
        for i in sorted(tree.query(shapely.box(*frame.bounds()), predicate="intersects")):
            d = svg.path_data(_polygons(shapely.clip_by_rect(self.geometry(units[i]), *frame.bounds())), frame)
            if d:
                shapes.append(svg.Shape(d))
        return svg.Layer(classes, tuple(shapes), decorative=True)

    # ------------------------------------------------------------------------------------------- region

    def _county_layer(self, counties: Sequence[PlacedUnit], frame: svg.Frame) -> svg.Layer:
        """The borders of ``counties`` with their neighbours, cut to the frame, as one dashed line (none where no
        border is in the frame)."""
        d = svg.line_data(_lines(shapely.clip_by_rect(self.county_borders(counties), *frame.bounds())), frame)
        return svg.Layer("map-county", (svg.Shape(d),) if d else (), decorative=True)

    def region_map(self, region: URIRef, lang: str, href: Href, names: dict[URIRef, str],
                   counties: Sequence[str] = ()) -> MapFigure | None:
        """The region's members by role within their counties, or None without members on the map. ``counties``:
        the names of the counties the members lay in on the region's reference date where they lay in more than
        one (the facts block's, :func:`byregion.pages.member_counties`), which the title names."""
        info = self.regions.get(region)
        period = self.period_on(info.reference_date) if info else None
        if info is None or period is None or not info.members:
            return None
        name = _label(info.labels, lang, str(region))
        drawn: list[tuple[Member, PlacedUnit]] = []
        links: list[Link] = []
        for member in sorted(info.members, key=lambda m: (m.role != self.applicant_role, names.get(m.municipality,
                                                                                                 ""))):
            unit = self.unit(period, "municipality", member.municipality)
            role = texts.text("applicant" if member.role == self.applicant_role else "partner", lang)
            town = names.get(member.municipality) or (unit.unit.name if unit else str(member.municipality))
            links.append(Link(town, href(str(member.municipality)),
                              role if unit else f"{role}, {texts.text('not_on_map', lang)}"))
            if unit is not None:
                drawn.append((member, unit))
        if not drawn:
            return None
        frame = svg.Frame.around(_bounds([self.geometry(u) for _, u in drawn]), LOCAL_WIDTH,
                                 margin=0.08, min_span=LOCAL_MIN_SPAN_KM)
        shapes = []
        for member, unit in drawn:
            applicant = member.role == self.applicant_role
            town = names.get(member.municipality) or unit.unit.name
            role = texts.text("applicant" if applicant else "partner", lang)
            shapes.append(self._linked(unit, frame, "member applicant" if applicant else
                                       "member partner", href(str(member.municipality)), f"{town} ({role})", town))
        around = [c for c in dict.fromkeys(self.county_of(u) for _, u in drawn) if c is not None]
        county_layer = self._kept_layer(("counties", frame, tuple(c.unit.key for c in around)),
                                        lambda: self._county_layer(around, frame))
        layers = [self._context(frame, period, "municipality", "map-other"), svg.Layer("map-members", tuple(shapes)),
                  county_layer]
        year = period.codes_on.year
        # the counties named where the members lay in more than one (Notodden's Kongsberg was in Buskerud): those
        # of the membership's reference date, not the boundaries' (Fjellregionen's Røros was in Sør-Trøndelag in
        # 2015; the 2019 boundaries have it in Trøndelag, made in 2018)
        title = texts.text("region_title_counties", lang, region=name,
                           counties=texts.listing(list(counties), lang)) if len(counties) > 1 \
            else texts.text("region_title", lang, region=name)
        applicant_drawn = any(m.role == self.applicant_role for m, _ in drawn)
        # the hatching is said where an applicant is drawn (Midt-Telemark's is not known: nothing is hatched)
        caption = texts.text("region_caption" if applicant_drawn else "region_caption_no_applicant", lang,
                             region=name, period=year)
        return MapFigure("map-region", svg.svg(frame, layers, title=title, ident="map-region", hatch=True), title,
                         caption,
                         # an entry for each kind the map draws (Tønsberg's, its applicant alone, had named partners)
                         tuple(entry for entry, drawn_kind in (
                             (LegendEntry("applicant", texts.text("applicant", lang).capitalize()), applicant_drawn),
                             (LegendEntry("partner", texts.text("partner", lang).capitalize()),
                              any(m.role != self.applicant_role for m, _ in drawn)),
                             (LegendEntry("other", texts.text("other_municipality", lang).capitalize()), True),
                             # where a border between two counties is in the frame (a coast is none)
                             (LegendEntry("county", texts.text("county", lang).capitalize()),
                              bool(county_layer.shapes))) if drawn_kind),
                         tuple(links), texts.attribution_links(lang), texts.text("on_map", lang),
                         skip=texts.text("skip_map", lang),
                         heading=texts.text("map", lang))

    # ------------------------------------------------------------------------------------- municipality

    def _related(self, thing: URIRef, period: BoundaryPeriod) -> tuple[list[PlacedUnit], str]:
        """What stands for ``thing`` in ``period``: itself, else what it became part of (``"became"``), else
        what it was made from (``"came_from"``), each with ``_far`` where one of them is more than one change
        away; none when the period knows none of them. A split is read by area (``br:areaWithin``, both ways):
        Haram of 2024 was split from the Ålesund of 2020, which was made from five municipalities of 2019, and goes
        back to the Haram of 1534 that lies within it, not to the five; Ålesund of 2024 goes back to the other
        four."""
        own = self.unit(period, "municipality", thing)
        if own is not None:
            return [own], "self"
        part = self.unit(period, "municipality", self.within[thing]) if thing in self.within else None
        if part is not None:  # through a later split, to the part that holds its area (Haram of 1534 in 2024)
            return [part], "became" if part.thing in self.successors.get(thing, ()) else "within"
        # back the same way: what lies within it after a later split (Haram of 2024 goes back to Haram of 1534
        # alone, not to the five that made the Ålesund it was split from)
        held = [u for u in (self.unit(period, "municipality", o) for o in self._held.get(thing, ())) if u is not None]
        if held:
            direct = all(u.thing in self._predecessors.get(thing, ()) for u in held)
            return sorted(held, key=lambda u: u.unit.code), "came_from" + ("" if direct else "_far")
        for relation, links in (("became", self.successors), ("came_from", self._predecessors)):
            seen, todo, found, far = {thing}, [(o, 1) for o in links.get(thing, ())], [], False
            while todo:
                other, steps = todo.pop(0)
                if other in seen:
                    continue
                seen.add(other)
                unit = self.unit(period, "municipality", other)
                if unit is not None:
                    if relation == "came_from" and self.within.get(other, thing) != thing:
                        continue  # its area went to another unit in a later split (Haram of 1534, not Ålesund's)
                    found.append(unit)
                    far = far or steps > 1
                else:
                    todo.extend((o, steps + 1) for o in links.get(other, ()))
            if found:
                return sorted(found, key=lambda u: u.unit.code), relation + ("_far" if far else "")
        return [], "none"

    def _period_label(self, first: BoundaryPeriod, last: BoundaryPeriod, lang: str) -> str:
        start = first.valid_from.year if first.valid_from else None
        end = last.valid_through.year if last.valid_through else None
        if start and end:
            return texts.text("between", lang, start=start, end=end)
        if end:
            return texts.text("until", lang, year=end)
        if start:
            return texts.text("from", lang, year=start)
        return texts.text("always", lang)

    def municipality_maps(self, thing: URIRef, lang: str, href: Href, name: str) -> MapSet | None:
        """The municipality among its neighbours, a map per run of periods in which neither changed."""
        runs: list[tuple[list[BoundaryPeriod], list[PlacedUnit], str, list[PlacedUnit]]] = []
        for period in self.periods:
            focus, relation = self._related(thing, period)
            if not focus:
                continue
            around = self.neighbours(focus)
            same = runs and [u.thing for u in runs[-1][1]] == [u.thing for u in focus] \
                and sorted(str(u.thing) for u in runs[-1][3]) == sorted(str(u.thing) for u in around)
            if same:
                runs[-1] = ([*runs[-1][0], period], focus, relation, around)  # the newest period's shapes
            else:
                runs.append(([period], focus, relation, around))
        figures = []
        for periods, focus, relation, around in runs:
            label = self._period_label(periods[0], periods[-1], lang)
            figures.append(self._municipality_figure(thing, name, focus, relation, around, label, lang, href,
                                                     f"map-{periods[0].key}"))
        return _map_set(figures, lang)

    def _municipality_figure(self, thing: URIRef, name: str, focus: list[PlacedUnit], relation: str,
                             around: list[PlacedUnit], label: str, lang: str, href: Href,
                             ident: str) -> MapFigure:
        frame = svg.Frame.around(_bounds([self.geometry(u) for u in [*focus, *around]]),
                                 LOCAL_WIDTH, margin=0.03, min_span=LOCAL_MIN_SPAN_KM)
        focus_names = [u.unit.name for u in focus]
        shown = name if relation == "self" else texts.listing(focus_names, lang)
        # a unit of the same name is told apart by its number ("Drammen became part of Drammen (3005)", not "…
        # part of Drammen": a Wikidata editor's and a GIS analyst's reviews)
        told = [f"{u.unit.name} ({u.unit.code})" for u in focus] if name in focus_names else focus_names
        note = None if relation == "self" else texts.text(relation, lang, name=name, others=texts.listing(told, lang))
        neighbours = sorted(around, key=lambda u: u.unit.name)
        role = texts.text("focus" if relation == "self" else f"focus_{relation}", lang, name=name)
        layers = [
            svg.Layer("map-neighbours", tuple(self._linked(u, frame, "neighbour", href(str(u.thing)),
                                                           u.unit.name, u.unit.name) for u in neighbours)),
            svg.Layer("map-focus", tuple(self._linked(u, frame, "focus", href(str(u.thing)),
                                                      f"{u.unit.name} ({role})", u.unit.name)
                                         for u in focus)),
        ]
        many = "_many" if len(focus) > 1 else ""  # "X and Y and their neighbours"
        title = texts.text(f"municipality_title{many}", lang, name=shown, period=label)
        links = [Link(u.unit.name, href(str(u.thing)), role) for u in focus]
        links += [Link(u.unit.name, href(str(u.thing)), texts.text("neighbour", lang)) for u in neighbours]
        return MapFigure(ident, svg.svg(frame, layers, title=title, ident=ident), title,
                         texts.text(f"municipality_caption{many}", lang, name=shown, period=label),
                         (LegendEntry("focus", role[0].upper() + role[1:] if relation == "self"
                                      else texts.text(f"legend_{relation}", lang, name=name,
                                                      which=texts.text("legend_many" if many else "legend_one", lang))),
                          LegendEntry("neighbour", texts.text("neighbour", lang).capitalize())),
                         tuple(links), texts.attribution_links(lang), texts.text("on_map", lang),
                         skip=texts.text("skip_map_period", lang, period=label), period=label, note=note)

    # ------------------------------------------------------------------------------------------- county

    def neighbouring_counties(self, county: PlacedUnit) -> list[PlacedUnit]:
        """The counties of the same period that border ``county``: those of its municipalities' neighbours."""
        members = self._county_members.get(county.unit.key, [])
        found = {c.thing: c for u in self.neighbours(members) if (c := self.county_of(u)) is not None
                 and c.thing != county.thing}
        return sorted(found.values(), key=lambda u: u.unit.code)

    def county_maps(self, thing: URIRef, lang: str, href: Href, name: str) -> MapSet | None:
        """The county's municipalities among the counties around it, a map per run of boundary periods in which
        neither its municipalities nor its neighbours changed (Telemark until 2019 and from 2024; none while it
        was part of Vestfold og Telemark)."""
        runs: list[tuple[list[BoundaryPeriod], PlacedUnit, list[PlacedUnit], list[PlacedUnit]]] = []
        for period in self.periods:
            own = self.unit(period, "county", thing)
            if own is None:
                continue
            members, around = self._county_members.get(own.unit.key, []), self.neighbouring_counties(own)
            previous = runs[-1] if runs and runs[-1][0][-1] == self._before(period) else None
            if previous is not None and [u.thing for u in previous[2]] == [u.thing for u in members] \
                    and [u.thing for u in previous[3]] == [u.thing for u in around]:
                runs[-1] = ([*previous[0], period], own, members, around)  # the newest period's shapes
            else:
                runs.append(([period], own, members, around))
        named = all(len(members) <= COUNTY_NAMES_MAX for _, _, members, _ in runs)  # every map alike, side by side
        figures = [self._county_figure(own, name, members, around, self._period_label(periods[0], periods[-1], lang),
                                       lang, href, f"map-{periods[0].key}", named)
                   for periods, own, members, around in runs]
        return _map_set(figures, lang)

    def _before(self, period: BoundaryPeriod) -> BoundaryPeriod | None:
        """The boundary period just before ``period`` (None for the first)."""
        at = self.periods.index(period)
        return self.periods[at - 1] if at > 0 else None

    def _simple_shape(self, unit: PlacedUnit, frame: svg.Frame, classes: str, href: str | None, label: str,
                      name: str | None = None, clip: bool = False) -> svg.Shape:
        """A unit simplified for a county's scale (its small islands left off), optionally cut to the frame."""
        geometry = self.geometry(unit)
        if clip:
            geometry = shapely.clip_by_rect(geometry, *frame.bounds())
        inside = geometry.point_on_surface()
        at = frame.point(inside.x, inside.y)
        simple = _without_small_parts(geometry, COUNTY_MIN_AREA / frame.scale ** 2).simplify(
            COUNTY_TOLERANCE / frame.scale)
        d = svg.path_data(_polygons(simple), frame) or f"M{at[0] - 1} {at[1] - 1}h3v3h-3z"
        return svg.Shape(d, classes, href, label, at if name else None, name)

    def _county_figure(self, county: PlacedUnit, name: str, members: list[PlacedUnit], around: list[PlacedUnit],
                       label: str, lang: str, href: Href, ident: str, named: bool) -> MapFigure:
        frame = svg.Frame.around(_bounds([self.geometry(county)]), LOCAL_WIDTH, margin=0.03,
                                 min_span=LOCAL_MIN_SPAN_KM)
        in_county, neighbour = texts.text("in_county", lang), texts.text("neighbouring_county", lang)
        neighbours = sorted(around, key=lambda u: norwegian_key(u.unit.name))
        towns = sorted(members, key=lambda u: norwegian_key(u.unit.name))
        layers = [
            svg.Layer("map-neighbours", tuple(self._simple_shape(u, frame, "neighbour", href(str(u.thing)),
                                                                 f"{u.unit.name} ({neighbour})", clip=True)
                                              for u in neighbours)),
            svg.Layer("map-members", tuple(self._simple_shape(u, frame, "in-county", href(str(u.thing)), u.unit.name,
                                                              u.unit.name if named else None) for u in towns)),
        ]
        # its borders with the counties around it, not its coast (nor a border with Sweden)
        border = svg.line_data(_lines(self.county_borders([county]).simplify(COUNTY_TOLERANCE / frame.scale)), frame)
        if border:
            layers.append(svg.Layer("map-county", (svg.Shape(border),), decorative=True))
        title = texts.text("county_title", lang, name=name, period=label)
        count = texts.text("members_count_one" if len(members) == 1 else "members_count", lang, count=len(members))
        links = [Link(u.unit.name, href(str(u.thing)), in_county) for u in towns]
        links += [Link(u.unit.name, href(str(u.thing)), neighbour) for u in neighbours]
        return MapFigure(ident, svg.svg(frame, layers, title=title, ident=ident), title,
                         texts.text("county_caption", lang, name=name, period=label, count=count),
                         (LegendEntry("in-county", in_county.capitalize()),
                          LegendEntry("neighbour", neighbour.capitalize()),
                          *([LegendEntry("county", texts.text("county", lang).capitalize())] if border else [])),
                         tuple(links), texts.attribution_links(lang), texts.text("on_map", lang),
                         list_open=False,  # the page's table lists the municipalities too
                         skip=texts.text("skip_map_period", lang, period=label), period=label)

    # ----------------------------------------------------------------------------------------- national

    @cached_property
    def _national_shapes(self) -> tuple[svg.Frame, list[str], list[tuple[Region, str, tuple[int, int], int]]]:
        """The map of Norway drawn once: frame, county path data, and each region's path data, label point
        and member count on the map (largest region first, so small ones lie on top)."""
        period = self.period_on(DEFAULT_REFERENCE_DATE) or self.periods[0]
        counties = [self.geometry(c) for c in self.units_in(period, "county")]
        frame = svg.Frame.around(_bounds(counties), NATIONAL_WIDTH, margin=0.01)
        tolerance, min_area = NATIONAL_TOLERANCE / frame.scale, NATIONAL_MIN_AREA / frame.scale ** 2
        county_paths = [svg.path_data(_polygons(_without_small_parts(c, min_area).simplify(tolerance)), frame)
                        for c in counties]
        regions = []
        for region in self.regions.values():
            day_period = self.period_on(region.reference_date) or period
            units = [u for m in region.members if (u := self.unit(day_period, "municipality", m.municipality))]
            if not units:
                continue
            shape = topology.union([self.geometry(u) for u in units])
            simple = _without_small_parts(shape, min_area).simplify(tolerance)
            inside = shape.point_on_surface()
            d = svg.path_data(_polygons(simple), frame)
            at = frame.point(inside.x, inside.y)
            regions.append((shape.area, region, d or f"M{at[0] - 1} {at[1] - 1}h3v3h-3z", at, len(units)))
        regions.sort(key=lambda r: -r[0])
        return frame, county_paths, [(r, d, at, n) for _, r, d, at, n in regions]

    def national_map(self, lang: str, href: Href) -> MapFigure | None:
        """Every region with members on one map of Norway, each a link (drawn once per language)."""
        if lang in self._national:
            return self._national[lang]
        frame, county_paths, regions = self._national_shapes
        if not regions:
            return None
        period = self.period_on(DEFAULT_REFERENCE_DATE) or self.periods[0]
        shapes, links = [], []
        for region, d, _at, count in regions:
            name = _label(region.labels, lang, str(region.iri))
            known = "" if region.member_count == count else "_known"  # more members than the map knows of
            note = texts.text(("members_count_one" if count == 1 else "members_count") + known, lang, count=count)
            shapes.append(svg.Shape(d, "region", href(str(region.iri)), f"{name} ({note})"))
            links.append(Link(name, href(str(region.iri)), note))
        layers = [svg.Layer("map-county", tuple(svg.Shape(d) for d in county_paths if d), decorative=True),
                  svg.Layer("map-regions", tuple(shapes))]
        title = texts.text("programme_title", lang)
        # more members than the map knows of (Tønsberg's, count-only), as the list's "known" says
        partial = sum(1 for r, _, _, n in regions if r.member_count != n)
        unverified = sum(1 for r, _, _, _ in regions if r.unverified)
        caption = " ".join([texts.text("programme_caption_one" if len(regions) == 1 else "programme_caption", lang,
                                       count=len(regions), period=period.codes_on.year),
                            *([texts.text("programme_partial", lang, count=partial)] if partial else []),
                            *([texts.text("programme_unverified", lang, count=unverified)] if unverified else [])])
        figure = MapFigure("map-programme", svg.svg(frame, layers, title=title, ident="map-programme",
                                                    classes="map national"), title,
                           caption,
                           (LegendEntry("region", texts.text("region", lang).capitalize()),
                            LegendEntry("land", texts.text("county_area", lang).capitalize())),
                           tuple(sorted(links, key=lambda link: norwegian_key(link.text))),
                           texts.attribution_links(lang),
                           texts.text("on_map", lang), skip=texts.text("skip_map", lang),
                           heading=texts.text("map", lang), classes="national",
                           # closed: the pages it is on list the regions beside it (the home page's cards, the
                           # programme's table), and open it made 33 more tab stops (an accessibility audit)
                           list_open=False)
        self._national[lang] = figure
        return figure


def names_of(graph: Graph, things: Iterable[Any], lang: str) -> dict[URIRef, str]:
    """IRI → its label in ``lang`` from a description graph (what the page shows the member as)."""
    out = {}
    for thing in things:
        label = best_label(graph, thing, lang)
        if label is not None and isinstance(thing, URIRef):
            out[thing] = str(label)
    return out
