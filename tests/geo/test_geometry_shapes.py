# ruff: noqa: E501  (SPARQL updates read better unwrapped)
"""The geometry graph and its shapes (shapes/geometry.ttl), rule by rule.

The valid case is what :func:`byregion.geo.rdf.geometry_graph` makes of the Notodden region's
municipalities and their counties in 2019 and 2020 (from the committed files) and the region's outline;
each broken case is that graph plus ONE SPARQL Update, and passes only when the report holds exactly the
one expected result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
import shapely
from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns

from byregion import REPO_ROOT, uris
from byregion.geo import boundaries as b
from byregion.geo import rdf, topology
from byregion.namespaces import GEO, SCHEMA
from byregion.validate import load_shapes, validate

pytestmark = pytest.mark.fast

#: The region's municipalities (2019 codes → 2020 codes) and the counties they lay in.
CODES = {"0604": "3006", "0807": "3808", "0821": "3817", "0822": "3817", "0826": "3818", "0827": "3819",
         "0828": "3820"}
COUNTIES = {"06": "buskerud", "08": "telemark", "30": "viken", "38": "vestfold-og-telemark"}
REGION = uris.region("notodden")
SAUHERAD_2019 = uris.geometry(str(uris.municipality("sauherad")), "2019")
NOTODDEN_2019 = uris.geometry(str(uris.municipality("notodden")), "2019")
PREFIXES = "PREFIX geo: <http://www.opengis.net/ont/geosparql#>\nPREFIX schema: <https://schema.org/>\nPREFIX dcat: <http://www.w3.org/ns/dcat#>\nPREFIX prov: <http://www.w3.org/ns/prov#>\nPREFIX dct: <http://purl.org/dc/terms/>\n"


def _slug(unit: b.Unit) -> str:
    return COUNTIES.get(unit.code) or uris.slugify(unit.name)


@pytest.fixture(scope="module")
def placed(units: list[b.Unit]) -> list[b.PlacedUnit]:
    """The region's units tied to IRIs by a made-up numbering: the 2019 codes until 2019, the 2020 ones after
    (Bø and Sauherad end in 2019; Midt-Telemark begins in 2020)."""
    wanted = {**{c: "2019" for c in CODES}, **{c: "2020" for c in CODES.values()}, "06": "2019", "08": "2019",
              "30": "2020", "38": "2020"}
    chosen = [u for u in units if wanted.get(u.code) == u.period.key]
    numbers = [b.Numbered(uris.thing(u.kind, _slug(u)), u.kind, u.code,
                          dt.date(2020, 1, 1) if u.period.key == "2020" else None,
                          dt.date(2019, 12, 31) if u.period.key == "2019" else None) for u in chosen]
    located, unplaced = b.place(chosen, numbers)
    assert unplaced == [] and len(located) == 17
    return located


@pytest.fixture(scope="module")
def valid_graph(placed: list[b.PlacedUnit]) -> Graph:
    members = tuple(p.thing for p in placed if p.unit.kind == "municipality" and p.unit.period.key == "2019")
    region = rdf.Region(REGION, "Notodden", dt.date(2015, 1, 1), members)
    files = [rdf.BoundaryFile(name, "tittel", "title", "https://example.org/up", "https://example.org/snap", "0" * 64)
             for name in ("kommuner-2019.geojson", "fylker-2019.geojson", "kommuner-2020.geojson", "fylker-2020.geojson")]
    units = [p.unit for p in placed]  # their borders and counties, as the build's are of all its units
    relations = tuple(topology.borders(units)), topology.counties(units, missing_ok=True)
    return rdf.geometry_graph(placed, [region], files, relations)


@pytest.fixture(scope="module")
def shapes() -> Graph:
    """The geometry shapes alone (the others insist on things this graph does not hold, such as the themes);
    the repository's build is validated with all of them."""
    return Graph().parse(REPO_ROOT / "shapes" / "geometry.ttl")


def test_the_geometry_shapes_are_among_the_builds() -> None:
    ours = {s for s in Graph().parse(REPO_ROOT / "shapes" / "geometry.ttl").subjects() if isinstance(s, URIRef)}
    assert len(ours) > 10 and ours <= set(load_shapes(REPO_ROOT).subjects())


def test_the_geometry_graph_conforms_without_a_single_result(valid_graph: Graph, shapes: Graph) -> None:
    report = validate(valid_graph, shapes)
    assert [r.line() for r in report.results] == []


def test_neighbours_counties_and_outline_are_stated(valid_graph: Graph) -> None:
    touches = set(valid_graph.objects(NOTODDEN_2019, GEO.sfTouches))
    assert SAUHERAD_2019 in touches and (SAUHERAD_2019, GEO.sfTouches, NOTODDEN_2019) in valid_graph
    midt = uris.geometry(str(uris.municipality("midt-telemark")), "2020")
    assert midt in set(valid_graph.objects(uris.geometry(str(uris.municipality("notodden")), "2020"), GEO.sfTouches))
    assert list(valid_graph.objects(NOTODDEN_2019, GEO.sfWithin)) == [uris.geometry(str(uris.county("telemark")), "2019")]
    outline = uris.geometry(str(REGION))
    assert (REGION, GEO.hasGeometry, outline) in valid_graph and (REGION, ns.RDF.type, GEO.Feature) in valid_graph
    assert len(list(valid_graph.objects(outline, ns.PROV.wasDerivedFrom))) == 7
    assert valid_graph.value(midt, SCHEMA.validFrom) == Literal(dt.date(2020, 1, 1))


def test_the_labels_give_their_days_in_words_as_a_sentence_does(valid_graph: Graph) -> None:
    """An editor read ISO days in the labels of figures and changes ("Folketall i Notodden 2015-01-01"); the
    geometries' labels write their days as those now do."""
    def labels(node: URIRef) -> dict[str, str]:
        return {o.language: str(o) for o in valid_graph.objects(node, ns.RDFS.label) if isinstance(o, Literal)}

    assert labels(NOTODDEN_2019) == {"nb": "Notodden: kommunegrenser til og med 31. desember 2019",
                                     "en": "Notodden: municipal boundaries until 31 December 2019"}
    assert labels(uris.geometry(str(REGION))) == {"nb": "Notodden: omriss 1. januar 2015",
                                                  "en": "Notodden: outline on 1 January 2015"}


def test_the_wkt_is_the_files_geometry_and_the_centroid_lies_in_the_outline(
        valid_graph: Graph, placed: list[b.PlacedUnit]) -> None:
    notodden = next(p for p in placed if p.unit.code == "0807")
    wkt = shapely.from_wkt(str(valid_graph.value(NOTODDEN_2019, GEO.asWKT)))
    assert shapely.equals_exact(wkt, notodden.unit.geometry, tolerance=0)
    outline = shapely.from_wkt(str(valid_graph.value(uris.geometry(str(REGION)), GEO.asWKT)))
    for member in valid_graph.objects(uris.geometry(str(REGION)), ns.PROV.wasDerivedFrom):
        assert outline.contains(shapely.from_wkt(str(valid_graph.value(URIRef(member), ns.DCAT.centroid)))), member


@dataclass(frozen=True)
class Case:
    name: str
    update: str
    focus: URIRef
    message: str


N, S = f"<{NOTODDEN_2019}>", f"<{SAUHERAD_2019}>"
CASES = [
    Case("no-wkt", f"DELETE WHERE {{ {N} geo:asWKT ?w }}", NOTODDEN_2019, "exactly one geo:asWKT"),
    Case("wkt-not-a-polygon", f"DELETE {{ {N} geo:asWKT ?w }} INSERT {{ {N} geo:asWKT 'POINT(9 59)'^^geo:wktLiteral }} WHERE {{ {N} geo:asWKT ?w }}",
         NOTODDEN_2019, "POLYGON or MULTIPOLYGON"),
    Case("no-bbox", f"DELETE WHERE {{ {N} dcat:bbox ?b }}", NOTODDEN_2019, "exactly one dcat:bbox"),
    Case("no-centroid", f"DELETE WHERE {{ {N} dcat:centroid ?c }}", NOTODDEN_2019, "exactly one dcat:centroid"),
    Case("no-feature", f"DELETE WHERE {{ ?f geo:hasGeometry {N} }}", NOTODDEN_2019, "exactly one geo:Feature"),
    Case("no-provenance", f"DELETE WHERE {{ {N} prov:wasDerivedFrom ?s }}", NOTODDEN_2019, "prov:wasDerivedFrom its boundary file"),
    Case("not-said-simplified", f"DELETE WHERE {{ {N} dct:description ?d }}", NOTODDEN_2019, "simplified illustration geometry"),
    Case("no-licence", f"DELETE WHERE {{ {N} dct:license ?l }}", NOTODDEN_2019, "dct:license"),
    Case("no-english-label", f"DELETE {{ {N} rdfs:label ?l }} WHERE {{ {N} rdfs:label ?l FILTER (lang(?l) = 'en') }}",
         NOTODDEN_2019, "rdfs:label in English"),
    Case("two-ends", f"INSERT DATA {{ {N} schema:validThrough '2019-06-30'^^<http://www.w3.org/2001/XMLSchema#date> }}",
         NOTODDEN_2019, "schema:validThrough of a geometry must be at most one"),
    Case("touches-one-way", f"DELETE DATA {{ {S} geo:sfTouches {N} }}", NOTODDEN_2019, "not the other way round"),
    Case("touches-a-feature", f"INSERT DATA {{ {N} geo:sfTouches <{uris.municipality('tinn')}> . <{uris.municipality('tinn')}> geo:sfTouches {N} }}",
         NOTODDEN_2019, "geo:sfTouches must point to another geo:Geometry"),
    Case("within-two-counties", f"INSERT DATA {{ {N} geo:sfWithin <{uris.geometry(str(uris.county('buskerud')), '2019')}> }}",
         NOTODDEN_2019, "geo:sfWithin of a municipality's geometry must be one"),
    Case("related-across-periods",
         f"DELETE DATA {{ {N} geo:sfWithin <{uris.geometry(str(uris.county('telemark')), '2019')}> }} ; INSERT DATA {{ {N} geo:sfWithin <{uris.geometry(str(uris.county('vestfold-og-telemark')), '2020')}> }}",
         NOTODDEN_2019, "does not overlap its own"),
    Case("feature-without-geometry", f"INSERT DATA {{ <{uris.municipality('gransherad')}> a geo:Feature }}",
         uris.municipality("gransherad"), "needs geo:hasGeometry"),
    Case("two-geometries-at-once", f"DELETE WHERE {{ <{uris.geometry(str(uris.municipality('notodden')), '2020')}> schema:validFrom ?d }}",
         uris.municipality("notodden"), "two geometries valid on the same days"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_each_geometry_rule_is_reported_alone(case: Case, valid_graph: Graph, shapes: Graph) -> None:
    graph = Graph()
    graph += valid_graph
    graph.update("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + PREFIXES + case.update)
    report = validate(graph, shapes)
    assert [(r.severity, r.focus) for r in report.results] == [("Violation", case.focus)], \
        [r.line() for r in report.results]
    [result] = report.results
    assert case.message in result.message


def test_a_region_whose_reference_date_is_not_a_date_gets_no_outline_and_no_crash() -> None:
    """``"1.jan 2015"^^xsd:date`` is the shapes' to report (node, property, value); drawing the region's outline
    passes it over rather than stopping validate and build with a ValueError."""
    from byregion.namespaces import BR

    g = Graph()
    for iri, day in ((URIRef("urn:x:good"), "2015-01-01"), (URIRef("urn:x:bad"), "1.jan 2015")):
        g.add((iri, ns.RDF.type, BR.CityRegion))
        g.add((iri, BR.referenceDate, Literal(day, datatype=ns.XSD.date)))
        membership = URIRef(f"{iri}/membership")
        g.add((iri, BR.membership, membership))
        g.add((membership, ns.ORG.member, URIRef("urn:x:municipality")))
    assert [(r.iri, r.reference_date) for r in rdf.regions(g)] == [(URIRef("urn:x:good"), dt.date(2015, 1, 1))]
