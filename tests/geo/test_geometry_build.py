"""The geometries as the build publishes them from the repository's own data: the store (what SPARQL sees),
the rendered documents (RDF and GeoJSON) and ``byregion serve`` over HTTP."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import shapely
import shapely.geometry
from geojson_pydantic import FeatureCollection
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS

from byregion import uris
from byregion.build import PublishedBuild
from byregion.docstore import FILE, DocumentStore
from byregion.geo import topology
from byregion.namespaces import BASE, BR, GEO
from byregion.paths import boundary_layer
from byregion.sparql.examples import by_slug
from tests.conftest import Server
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # the repository's own build, and `byregion serve` over it

PREFIXES = """PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX dct: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""


def _geometry(feature: str, period: str) -> str:
    return str(uris.geometry(str(uris.municipality(feature)), period))


@pytest.fixture(scope="module")
def documents(real_build: PublishedBuild) -> Iterator[DocumentStore]:
    store = DocumentStore(real_build.path / FILE)
    try:
        yield store
    finally:
        store.close()


def select(build: PublishedBuild, query: str) -> list[dict[str, Any]]:
    return store_of(build).select(PREFIXES + query)


def test_every_2015_member_of_every_region_has_a_geometry_valid_on_its_reference_date(
        real_build: PublishedBuild) -> None:
    members = select(real_build, """SELECT DISTINCT ?region ?member ?day WHERE {
        ?region br:referenceDate ?day ; br:membership/org:member ?member }""")
    assert len({str(r["member"]) for r in members}) > 150 and len({str(r["region"]) for r in members}) == 33
    missing = select(real_build, """SELECT ?region ?member WHERE {
        ?region br:referenceDate ?day ; br:membership/org:member ?member .
        FILTER NOT EXISTS {
            ?member geo:hasGeometry ?g .
            OPTIONAL { ?g schema:validFrom ?from } OPTIONAL { ?g schema:validThrough ?through }
            FILTER ((!bound(?from) || ?from <= ?day) && (!bound(?through) || ?through >= ?day)) } }""")
    assert missing == []


def test_every_unit_of_every_period_has_a_geometry_box_and_centroid(real_build: PublishedBuild) -> None:
    [row] = select(real_build, """SELECT (COUNT(?g) AS ?n) (COUNT(?box) AS ?boxes) (COUNT(?point) AS ?points) WHERE {
        ?g a geo:Geometry ; geo:asWKT ?wkt ; dcat:bbox ?box ; dcat:centroid ?point }""")
    assert (int(row["n"]), int(row["boxes"]), int(row["points"])) == (422 + 18 + 356 + 11 + 357 + 15 + 33,) * 3


def test_an_outline_is_no_surer_than_the_member_list_it_is_made_of(real_build: PublishedBuild) -> None:
    """A region whose members no facts block confirms (unverified, count only, a secondary source) has an outline
    whose description says so; one with a facts block's list has none of that."""
    rows = select(real_build, """SELECT ?region ?confidence ?text WHERE {
        ?region a br:CityRegion ; geo:hasGeometry ?g . ?g dct:description ?text .
        FILTER (lang(?text) = "en" && STRSTARTS(?text, "The region's outline"))
        OPTIONAL { ?region br:confidence ?confidence } }""")
    caveat = "neither is the outline"
    unsure = {str(r["region"]) for r in rows if r.get("confidence") not in (None, BR.fakta)}
    assert {f"{BASE}/id/region/{s}" for s in ("tonsberg", "hallingdal")} <= unsure
    for row in rows:
        assert (caveat in str(row["text"])) is (str(row["region"]) in unsure), row["region"]


def test_a_regions_outline_holds_each_members_centroid(real_build: PublishedBuild) -> None:
    """The centroid is the true (area-weighted) one, so for a municipality of islands or around a fjord it can
    lie outside the municipality itself (84 of the 1 179 units, up to about 4 km, Hadsel the farthest); such
    a centroid may lie outside the region too, but never farther from its municipality than that. Every
    other member's centroid lies inside the region's outline."""
    rows = select(real_build, """SELECT ?region ?outline ?member ?shape ?centroid WHERE {
        ?region a br:CityRegion ; geo:hasGeometry ?g . ?g geo:asWKT ?outline ; prov:wasDerivedFrom ?member .
        ?member dcat:centroid ?centroid ; geo:asWKT ?shape }""")
    assert len({str(r["region"]) for r in rows}) == 33
    outlines = {str(r["region"]): shapely.from_wkt(str(r["outline"])) for r in rows}
    outside_themselves = 0
    for row in rows:
        centroid, own = shapely.from_wkt(str(row["centroid"])), shapely.from_wkt(str(row["shape"]))
        if own.contains(centroid):
            assert outlines[str(row["region"])].contains(centroid), row["member"]
        else:
            outside_themselves += 1
            assert topology.distance_m(own, centroid) < 5_000, row["member"]
    assert outside_themselves < len(rows) / 10


@pytest.mark.parametrize(("a", "b", "period"), [
    ("notodden", "sauherad", "2019"), ("notodden", "midt-telemark", "2020"), ("notodden", "midt-telemark", "2024"),
    ("kongsberg", "notodden", "2019"), ("kongsberg", "notodden", "2020"), ("kongsberg", "notodden", "2024"),
])
def test_bordering_municipalities_touch_in_their_period(real_build: PublishedBuild, a: str, b: str,
                                                        period: str) -> None:
    touching = f"ASK {{ <{_geometry(a, period)}> geo:sfTouches <{_geometry(b, period)}> }}"
    assert store_of(real_build).ask(PREFIXES + touching)


def test_touching_is_symmetric_and_stays_within_a_period(real_build: PublishedBuild) -> None:
    store = store_of(real_build)
    assert not store.ask(PREFIXES + "ASK { ?a geo:sfTouches ?b FILTER NOT EXISTS { ?b geo:sfTouches ?a } }")
    assert not store.ask(PREFIXES + """ASK { ?a geo:sfTouches|geo:sfWithin ?b .
        ?a prov:wasDerivedFrom ?file . ?b prov:wasDerivedFrom ?other .
        FILTER (REPLACE(STR(?file), "^.*-", "") != REPLACE(STR(?other), "^.*-", "")) }""")  # the file's year
    [row] = select(real_build, "SELECT (COUNT(*) AS ?n) WHERE { ?a geo:sfWithin ?b }")
    assert int(row["n"]) == 422 + 356 + 357  # every municipality's geometry in its county's, each period


#: A geometry's feature, its validity and the feature's numbers with theirs (a number's validity: none, from the
#: records' start; a geometry's likewise).
_NUMBERS = """?feature geo:hasGeometry ?g ; br:municipalityNumber|br:countyNumber ?n . ?n skos:notation ?code .
    OPTIONAL { ?g schema:validFrom ?from } OPTIONAL { ?g schema:validThrough ?through }
    OPTIONAL { ?n schema:validFrom ?nFrom } OPTIONAL { ?n schema:validThrough ?nThrough }"""


def test_a_geometrys_code_held_on_every_day_the_geometry_is_valid(real_build: PublishedBuild) -> None:
    """A geometry states a skos:notation only where its feature held that number on every day the geometry is
    valid; every number held on some day of it is the geometry's adms:identifier (the reference graph's dated number).
    Flatanger's 2019 geometry, valid since before the records, had said 5049, its number from 2018 (1749 before):
    a join with 2015 statistics found nothing for all of Region Namdal and Steinkjer (a GIS review)."""
    wrong = select(real_build, f"""SELECT ?g ?code WHERE {{ ?g skos:notation ?code ; ^geo:hasGeometry ?feature .
        FILTER NOT EXISTS {{ {_NUMBERS}
            FILTER ((!bound(?nFrom) || (bound(?from) && ?nFrom <= ?from))
                    && (!bound(?nThrough) || (bound(?through) && ?through <= ?nThrough))) }} }}""")
    assert wrong == [], f"a geometry's notation not held on every day of its validity: {wrong[:5]}"
    held = {(str(r["g"]), str(r["n"])) for r in select(real_build, f"""SELECT ?g ?n WHERE {{ {_NUMBERS}
        FILTER ((!bound(?nThrough) || !bound(?from) || ?from <= ?nThrough)
                && (!bound(?nFrom) || !bound(?through) || ?nFrom <= ?through)) }}""")}
    stated = {(str(r["g"]), str(r["n"])) for r in select(real_build, """SELECT ?g ?n WHERE {
        ?g a geo:Geometry ; <http://www.w3.org/ns/adms#identifier> ?n }""")}
    assert stated == held and len(stated) > 1_200
    renumbered = {str(r["g"]) for r in select(real_build, """SELECT ?g WHERE { ?feature geo:hasGeometry ?g .
        ?feature br:municipalityNumber|br:countyNumber [] . FILTER NOT EXISTS { ?g skos:notation [] } }""")}
    assert {_geometry("flatanger", "2019"), _geometry("rindal", "2019"), _geometry("trondheim", "2019")} <= renumbered


def test_a_geometry_lies_within_its_countys_geometry_of_the_period_and_a_day_is_asked_of_their_validity(
        real_build: PublishedBuild) -> None:
    """geo:sfWithin is a relation of the two shapes: Flatanger's 2019 geometry (valid since before the records) lies
    within Trøndelag's 2019 one, as the county's description says of each of its municipalities (a first mend of a GIS
    review had dropped the 47 such relations, leaving Trøndelag's 2019 geometry with one municipality within it). A
    question about a day asks each geometry's own validity: on 2015-01-01 Trøndelag's is not valid."""
    assert store_of(real_build).ask(PREFIXES + f"ASK {{ <{_geometry('flatanger', '2019')}> geo:sfWithin ?c }}")
    trondelag = uris.geometry(str(uris.county("trondelag")), "2019")
    [row] = select(real_build, f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m geo:sfWithin <{trondelag}> }}")
    assert int(row["n"]) == 48
    on_the_day = select(real_build, f"""SELECT ?c WHERE {{ <{_geometry('flatanger', '2019')}> geo:sfWithin ?c .
        OPTIONAL {{ ?c schema:validFrom ?from }} FILTER (!bound(?from) || ?from <= "2015-01-01"^^xsd:date) }}""")
    assert on_the_day == []  # no county geometry of that day: Nord-Trøndelag's boundaries are not in the data


def test_every_stated_relation_holds_on_the_published_wkt(real_build: PublishedBuild) -> None:
    """A GeoSPARQL engine computes geof:sfWithin and geof:sfTouches on the WKT we publish: each geo:sfWithin and
    geo:sfTouches the build states must come out true there (the 2024 county layer, simplified apart from the
    municipalities, made 274 of them false, and three slivers made bordering municipalities overlap)."""
    shapes = {row["g"]: shapely.from_wkt(row["wkt"]) for row in select(real_build, """
        SELECT ?g ?wkt WHERE { ?g a geo:Geometry ; geo:asWKT ?wkt
                               FILTER NOT EXISTS { ?region geo:hasGeometry ?g ; a br:CityRegion } }""")}
    assert all(shape.is_valid for shape in shapes.values())
    for relation, holds in (("sfWithin", shapely.within), ("sfTouches", shapely.touches)):
        pairs = [(row["a"], row["b"]) for row in select(real_build, f"SELECT ?a ?b WHERE {{ ?a geo:{relation} ?b }}")]
        false = [pair for pair in pairs if not holds(shapes[pair[0]], shapes[pair[1]])]
        assert len(pairs) > 1_000 and false == [], f"geo:{relation} stated but false on the WKT: {false[:5]}"


def test_the_sparql_example_lists_the_municipalities_bordering_notodden_in_2018(real_build: PublishedBuild) -> None:
    """On 1 January 2018 every neighbour has a boundary in the data: Larvik and Holmestrand as they were from
    2018 (on a day before, they and Lardal and Hof, merged into them that day, had none and were left out)."""
    example = by_slug("region-neighbours")
    assert example is not None
    rows = store_of(real_build).select(example.query)
    names = {str(r["name"]) for r in rows}
    assert names == {"Flesberg", "Bø (Telemark)", "Skien", "Nome", "Vinje", "Holmestrand", "Larvik", "Kviteseid",
                     "Nore og Uvdal", "Rollag", "Siljan", "Tokke", "Øvre Eiker"}
    assert not names & {"Notodden", "Kongsberg", "Sauherad", "Tinn", "Hjartdal", "Seljord"}  # members are not
    assert ("Bø (Telemark)", "Sauherad") in {(str(r["name"]), str(r["borders"])) for r in rows}


def test_the_catalogue_places_are_the_2019_geometries_box_and_centroid(real_build: PublishedBuild,
                                                                        documents: DocumentStore) -> None:
    stored = documents.get("/catalog", "ttl")
    assert stored is not None
    catalogue = Graph().parse(data=stored.body, format="turtle")
    geometry = URIRef(_geometry("notodden", "2019"))
    [row] = select(real_build, f"SELECT ?box ?point WHERE {{ <{geometry}> dcat:bbox ?box ; dcat:centroid ?point }}")
    notodden = uris.municipality("notodden")
    assert str(catalogue.value(notodden, DCAT.bbox)) == str(row["box"])
    assert str(catalogue.value(notodden, DCAT.centroid)) == str(row["point"])


def test_a_municipality_document_links_its_geometries_which_hold_the_wkt(documents: DocumentStore) -> None:
    stored = documents.get("/doc/municipality/notodden", "ttl")
    assert stored is not None and len(stored.body) < 20_000  # three periods of WKT are not in it
    graph = Graph().parse(data=stored.body, format="turtle")
    geometries = set(graph.objects(uris.municipality("notodden"), GEO.hasGeometry))
    assert {str(g) for g in geometries} == {_geometry("notodden", p) for p in ("2019", "2020", "2024")}
    assert not list(graph.objects(None, GEO.asWKT))
    own = documents.get("/doc/geometry/municipality/notodden/2019", "ttl")
    assert own is not None
    [wkt] = Graph().parse(data=own.body, format="turtle").objects(URIRef(_geometry("notodden", "2019")), GEO.asWKT)
    assert isinstance(wkt, Literal) and wkt.datatype == GEO.wktLiteral and str(wkt).startswith("MULTIPOLYGON")


def test_a_document_states_the_licence_of_the_work_it_is(
        documents: DocumentStore) -> None:
    """The document of a geometry is Kartverket's boundary (CC BY 4.0), so its licence is the boundary's, not the
    dataset's NLOD that a municipality's document states; a source's document describes the file, under NLOD."""
    def licence(path: str) -> set[str]:
        stored = documents.get(path, "ttl")
        assert stored is not None, path
        graph = Graph().parse(data=stored.body, format="turtle")
        return {str(o) for o in graph.objects(URIRef(BASE + path), DCTERMS.license)}
    assert licence("/doc/geometry/municipality/notodden/2019") == {"https://creativecommons.org/licenses/by/4.0/"}
    nlod = {"http://publications.europa.eu/resource/authority/licence/NLOD_2_0"}
    assert licence("/doc/municipality/notodden") == licence("/doc/source/boundaries-kommuner-2020") == nlod
    # the theme scheme is the ontology's work, CC BY 4.0 as the ontology, and so is each of its concepts
    cc_by = {"http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"}
    assert licence("/doc/scheme/themes") == licence("/doc/theme/delingskultur") == cc_by


def _rings(geometry: shapely.geometry.base.BaseGeometry) -> Iterator[tuple[shapely.LinearRing, bool]]:
    for polygon in getattr(geometry, "geoms", [geometry]):
        yield polygon.exterior, True
        for hole in polygon.interiors:
            yield hole, False


def test_every_geojson_document_is_valid_rfc7946_and_round_trips(real_build: PublishedBuild,
                                                                 documents: DocumentStore) -> None:
    """Valid by geojson-pydantic, CRS84 ranges, the right-hand rule (outer rings counter-clockwise, holes
    clockwise), no foreign members at the top, and each Feature's geometry is exactly its WKT in the store."""
    wkt = {str(r["g"]): shapely.from_wkt(str(r["wkt"]))
           for r in select(real_build, "SELECT ?g ?wkt WHERE { ?g geo:asWKT ?wkt }")}
    paths = [p for p in documents.paths() if "geojson" in (documents.variants(p) or ()) and p.startswith("/doc/")]
    kinds = {p.split("/")[2] for p in paths}
    assert kinds == {"municipality", "county", "region", "geometry", "programme", "boundaries"}
    assert len(paths) > 1179 + 33 + 400
    for path in paths:
        stored = documents.get(path, "geojson")
        assert stored is not None and stored.media_type == "application/geo+json", path
        collection = json.loads(stored.body)
        FeatureCollection.model_validate(collection)
        assert set(collection) == {"type", "features", "bbox"}, path
        west, south, east, north = collection["bbox"]
        assert -180 <= west <= east <= 180 and -90 <= south <= north <= 90, path
        for feature in collection["features"]:
            shape = shapely.geometry.shape(feature["geometry"])
            assert shapely.equals_exact(shape, wkt[feature["id"]], tolerance=0), (path, feature["id"])
            assert all(ring.is_ccw is outer for ring, outer in _rings(shape)), (path, feature["id"])
            assert feature["properties"]["iri"].startswith("https://data.byregion.no/id/"), path


def test_a_regions_geojson_is_its_outline_and_its_members(documents: DocumentStore) -> None:
    stored = documents.get("/doc/region/notodden", "geojson")
    assert stored is not None
    features = json.loads(stored.body)["features"]
    assert [f["properties"]["kind"] for f in features] == ["outline"] + ["municipality"] * 6
    assert features[0]["properties"] | {"date": "2015-01-01", "name": "Notodden"} == features[0]["properties"]
    assert {f["properties"]["name"]: f["properties"]["code"] for f in features[1:]} == {
        "Notodden": "0807", "Kongsberg": "0604", "Sauherad": "0822", "Tinn": "0826", "Hjartdal": "0827",
        "Seljord": "0828"}
    outline = shapely.geometry.shape(features[0]["geometry"])
    members = shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in features[1:]])
    assert outline.symmetric_difference(members).area < 1e-9
    # what the RDF says of each geometry, and the credit, in both languages (a GIS user reads the GeoJSON alone)
    notes = features[0]["properties"]["notes"]
    assert any("Omrisset av regionen" in n for n in notes) and any("illustrasjonsgeometri" in n for n in notes)
    assert any("The region's outline" in n for n in features[0]["properties"]["notes_en"])
    for feature in features:
        assert "Kartverket" in feature["properties"]["attribution_nb"] and "© Kartverket" in feature["properties"][
            "attribution"]
        assert any("illustration geometry" in n for n in feature["properties"]["notes_en"])


def test_the_programmes_map_joins_on_the_numbers_its_memberships_table_gives_for_2015(
        documents: DocumentStore) -> None:
    """Each member feature of the programme's and every region's GeoJSON has the number its municipality held on the
    region's reference date (memberships.csv's code_2015), and says that day: the 2019 boundaries' 50xx had left
    19 of the 193 members unjoined with 2015 statistics (all of Region Namdal and Steinkjer)."""
    table = documents.get("/doc/memberships.csv", "")
    assert table is not None
    rows = list(csv.DictReader(io.StringIO(table.body.decode("utf-8"))))
    code_2015 = {(row["region"], row["municipality"]): row["code_2015"] for row in rows}
    stored = documents.get("/doc/programme/byregionprogrammet", "geojson")
    assert stored is not None
    members = [f["properties"] for f in json.loads(stored.body)["features"]
               if f["properties"]["kind"] == "municipality"]
    assert len(members) == 193
    for member in members:
        assert member["code_date"] == "2015-01-01"
        assert {code_2015[(region, member["iri"])] for region in member["regions"]} == {member["code"]}, member
    for region in {r["region"] for r in rows}:
        found = documents.get(region.replace("/id/", "/doc/").removeprefix("https://data.byregion.no"), "geojson")
        for feature in json.loads(found.body)["features"] if found is not None else []:
            if feature["properties"]["kind"] == "municipality":
                assert feature["properties"]["code"] == code_2015[(region, feature["properties"]["iri"])]
    flatanger = next(m for m in members if m["name"] == "Flatanger")
    assert (flatanger["code"], flatanger["codes"]) == ("1749", [
        {"code": "1749", "validThrough": "2017-12-31"},
        {"code": "5049", "validFrom": "2018-01-01", "validThrough": "2019-12-31"}])


@pytest.mark.parametrize("kind", ["municipality", "county"])
def test_each_boundary_period_is_a_layer_of_every_municipality_and_every_county(
        real_build: PublishedBuild, documents: DocumentStore, kind: str) -> None:
    """``/doc/boundaries/{period}/municipalities.geojson`` (and counties): every geometry of that period and kind, each
    Feature with the number of the period, the name, the IRI and the validity, for a GIS user's join by number."""
    rows = select(real_build, f"""SELECT ?g ?code ?from ?through WHERE {{ ?g a geo:Geometry .
        OPTIONAL {{ ?g skos:notation ?code }} OPTIONAL {{ ?g schema:validFrom ?from }}
        OPTIONAL {{ ?g schema:validThrough ?through }}
        FILTER (STRSTARTS(STR(?g), "{BASE}/id/geometry/{kind}/")) }}""")
    periods = sorted({str(r["g"]).rsplit("/", 1)[1] for r in rows})
    assert periods == ["2019", "2020", "2024"]
    for period in periods:
        stored = documents.get(boundary_layer(period, kind), "geojson")
        assert stored is not None and stored.media_type == "application/geo+json"
        features = {f["id"]: f["properties"] for f in json.loads(stored.body)["features"]}
        wanted = {str(r["g"]): r for r in rows if str(r["g"]).endswith("/" + period)}
        assert set(features) == set(wanted)
        for iri, properties in features.items():
            row = wanted[iri]
            assert properties["iri"].startswith(f"{BASE}/id/{kind}/") and properties["name"]
            assert (properties.get("validFrom"), properties.get("validThrough")) == (
                str(row["from"]) if row.get("from") else None, str(row["through"]) if row.get("through") else None)
            if row.get("code"):  # the one number held while the geometry was valid
                assert properties["code"] == str(row["code"]) and "code_date" not in properties
            else:  # renumbered within it: the number of its last day, said so, and each number with its days
                assert properties["code_date"] == properties["validThrough"] and len(properties["codes"]) > 1
                assert properties["codes"][-1]["code"] == properties["code"]
            assert properties["license"] == "https://creativecommons.org/licenses/by/4.0/"
    layer = documents.get(boundary_layer("2024", kind), "geojson")
    assert layer is not None
    codes = [f["properties"]["code"] for f in json.loads(layer.body)["features"]]
    assert len(codes) == len(set(codes)) == {"municipality": 357, "county": 15}[kind]


def test_a_boundary_layer_is_served_for_a_web_map(real_server: Server) -> None:
    response = requests.get(f"{real_server.url}/doc/boundaries/2024/municipalities.geojson", timeout=10)
    assert response.status_code == 200 and response.headers["Content-Type"] == "application/geo+json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.json()["features"][0]["properties"]["code"] == "0301"  # Oslo first
    by_accept = requests.get(f"{real_server.url}/doc/boundaries/2024/counties",
                             headers={"Accept": "application/geo+json"}, timeout=10)
    assert by_accept.status_code == 200 and len(by_accept.json()["features"]) == 15


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_dataset_page_links_each_boundary_layer_with_its_size_and_checksum(real_server: Server,
                                                                                real_build: PublishedBuild,
                                                                                lang: str) -> None:
    """A GIS user reading /dataset finds every layer the catalogue names (no page had linked them), and each link
    answers with the bytes whose size and SHA-256 the page gives."""
    page = requests.get(f"{real_server.url}/dataset?lang={lang}", timeout=10)
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    section = page.text.split('<h2 id="layers">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr id="layer-(\d{4})-(\w+)" role="row"><td role="cell"><a href="([^"]+)" '
                      r'type="application/geo\+json" download>([^<]+)</a></td>\s*<td role="cell">([^<]+)</td>\s*'
                      r'<td role="cell" class="number">([^<]+)</td>\s*<td role="cell" class="number" '
                      r'data-bytes="(\d+)">[^<]*</td>\s*<td role="cell" class="sha256"><code class="sha256">'
                      r'([0-9a-f]{64})</code>', section)
    entries = {e["file"]: e for e in real_build.manifest["layers"]}
    assert sorted(r[2] for r in rows) == sorted(entries) and len(rows) == 6
    # the days of each period in words (a screen reader drops a dash), its period's features as the file holds them
    valid = {"nb": {"2019": "til og med 31. desember 2019", "2020": "1. januar 2020 til 31. desember 2023",
                    "2024": "fra 1. januar 2024"},
             "en": {"2019": "through 31 December 2019", "2020": "1 January 2020 to 31 December 2023",
                    "2024": "from 1 January 2024"}}[lang]
    word = {"nb": "Kommunegrenser, grenseperioden", "en": "Municipal boundaries, boundary period"}[lang]
    for period, stem, path, title, days, count, size, checksum in rows:
        entry = entries[path]
        assert (period, stem) == (entry["period"], path.rsplit("/", 1)[1].removesuffix(".geojson"))
        assert days == valid[period] and int(re.sub(r"\D", "", count)) == entry["features"]
        assert title.startswith(word) == (entry["kind"] == "municipality") and period in title
        body = requests.get(real_server.url + path, timeout=10).content
        assert (len(body), hashlib.sha256(body).hexdigest()) == (int(size), checksum), path
        assert len(json.loads(body)["features"]) == entry["features"]
    assert 'href="#boundaries-attribution"' in page.text.split('<h2 id="layers">', 1)[1]
    # the catalogue names this list as the layers' landing page, as it names a table's row
    catalogue = Graph().parse(data=requests.get(f"{real_server.url}/catalog.ttl", timeout=10).text, format="turtle")
    assert (uris.layers_dataset(BASE), DCAT.landingPage, URIRef(f"{BASE}/dataset.html#layers")) in catalogue


def test_a_region_opens_as_geojson_by_its_iri(real_server: Server) -> None:
    response = requests.get(f"{real_server.url}/id/region/notodden", headers={"Accept": "application/geo+json"},
                            timeout=10)
    assert response.status_code == 200 and response.history[0].status_code == 303
    assert response.headers["Content-Type"] == "application/geo+json"
    assert response.headers["Content-Location"] == "/doc/region/notodden.geojson"
    assert '</doc/region/notodden.ttl>; rel=alternate; type="text/turtle"' in response.headers["Link"]
    assert response.json()["type"] == "FeatureCollection"
    by_extension = requests.get(f"{real_server.url}/doc/municipality/notodden.geojson", timeout=10)
    assert by_extension.status_code == 200 and len(by_extension.json()["features"]) == 3
    theme = requests.get(f"{real_server.url}/doc/theme/delingskultur", headers={"Accept": "application/geo+json"},
                         timeout=10)
    assert theme.status_code == 406 and "/doc/theme/delingskultur.ttl" in theme.text
