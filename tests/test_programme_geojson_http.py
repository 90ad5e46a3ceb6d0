"""Every city region on one map file (a product review: a QGIS or web-map user had to make 33 requests, or turn
SPARQL's WKT into GeoJSON, to see all the regions): the programme's document offers GeoJSON, as a region's does,
over ``byregion serve`` of the repository's own data.

``/doc/programme/byregionprogrammet.geojson`` is a FeatureCollection of each region's outline, exactly as the
region's own ``.geojson`` has it, with what a map user needs of the region (its page, applicant, member count,
confidence and phases, as ``/doc/regions.csv`` gives them), then each member municipality's geometry the outlines
are the union of, once, with the regions it was in."""

from __future__ import annotations

import re
from typing import Any

import pytest
import requests
import shapely
import shapely.geometry
from geojson_pydantic import FeatureCollection

from tests.conftest import Server
from tests.test_lookups_http import table_rows

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

PROGRAMME = "/doc/programme/byregionprogrammet"
ID = "https://data.byregion.no/id/"
GEOJSON = "application/geo+json"


def get(server: Server, path: str, **headers: str) -> requests.Response:
    return requests.get(server.url + path, headers=headers, timeout=20)


@pytest.fixture(scope="module")
def collection(real_server: Server) -> dict[str, Any]:
    response = get(real_server, PROGRAMME + ".geojson")
    assert response.status_code == 200 and response.headers["Content-Type"] == GEOJSON
    found: dict[str, Any] = response.json()
    return found


@pytest.fixture(scope="module")
def outlines(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The regions' outlines by the region's IRI."""
    return {f["properties"]["iri"]: f for f in collection["features"] if f["properties"]["kind"] == "outline"}


@pytest.fixture(scope="module")
def regions(real_server: Server) -> dict[str, dict[str, str]]:
    """The regions table's rows by the region's IRI: what the map's properties must agree with."""
    return {row["region"]: row for row in table_rows(real_server.url + "/doc/regions.csv")}


def test_it_is_one_rfc_7946_feature_collection_a_gis_opens_as_it_is(collection: dict[str, Any]) -> None:
    FeatureCollection.model_validate(collection)
    assert set(collection) == {"type", "bbox", "features"}  # no "crs": CRS84, lon/lat
    west, south, east, north = collection["bbox"]
    assert 4 < west < east < 32 and 57 < south < north < 72  # Norway, longitude first
    for feature in collection["features"]:
        shape = shapely.geometry.shape(feature["geometry"])
        assert shape.is_valid and shape.geom_type in ("Polygon", "MultiPolygon"), feature["id"]
        for polygon in getattr(shape, "geoms", [shape]):  # the right-hand rule: outer rings counter-clockwise
            assert polygon.exterior.is_ccw and not any(ring.is_ccw for ring in polygon.interiors), feature["id"]


def test_one_outline_per_region_with_a_geometry_the_same_as_the_regions_own_geojson(
        real_server: Server, outlines: dict[str, dict[str, Any]], regions: dict[str, dict[str, str]]) -> None:
    own = {}
    for iri in regions:
        response = get(real_server, "/doc/" + iri.removeprefix(ID) + ".geojson")
        if response.status_code == 200:
            own[iri] = response.json()["features"][0]
    assert len(own) == 33 and set(outlines) == set(own)
    for iri, feature in own.items():
        assert feature["properties"]["kind"] == "outline"
        assert outlines[iri]["id"] == feature["id"] and outlines[iri]["geometry"] == feature["geometry"], iri
        # the region's own properties stand unchanged, the map's are added
        assert outlines[iri]["properties"] | feature["properties"] == outlines[iri]["properties"], iri


def test_each_outline_says_what_a_map_user_needs_of_its_region_as_the_regions_table_does(
        outlines: dict[str, dict[str, Any]], regions: dict[str, dict[str, str]]) -> None:
    for iri, feature in outlines.items():
        properties, row = feature["properties"], regions[iri]
        assert (properties["name"], properties["name_en"]) == (row["name"], row["name_en"]), iri
        assert properties["url"] == "https://data.byregion.no/doc/" + iri.removeprefix(ID), iri
        assert properties.get("applicant", "") == row["applicant"], iri
        assert properties.get("member_count", "") == (int(row["member_count"]) if row["member_count"] else ""), iri
        assert properties["confidence"] == row["confidence"], iri
        assert properties["phases"] == [int(n) for n in row["phases"].split()], iri
        assert properties["inferred_phases"] == [int(n) for n in row["inferred_phases"].split()], iri
        assert properties["date"] == row["reference_date"] == "2015-01-01", iri  # the members of 2015
    notodden = outlines[ID + "region/notodden"]["properties"]
    assert notodden | {"name": "Notodden", "applicant": ID + "municipality/notodden", "applicant_name": "Notodden",
                       "member_count": 6, "confidence": "fakta", "phases": [1, 2], "inferred_phases": []} == notodden
    assert outlines[ID + "region/grenland"]["properties"]["inferred_phases"] == [1]


def test_an_outline_is_the_union_of_the_member_geometries_that_follow_it_each_once(
        collection: dict[str, Any], outlines: dict[str, dict[str, Any]]) -> None:
    members = [f for f in collection["features"] if f["properties"]["kind"] == "municipality"]
    assert collection["features"][:len(outlines)] == list(outlines.values())  # the regions first
    assert len(members) + len(outlines) == len(collection["features"])
    assert len({f["id"] for f in members}) == len(members) == 193  # the programme's municipalities of 2015
    for iri, outline in outlines.items():
        own = [shapely.geometry.shape(f["geometry"]) for f in members if iri in f["properties"]["regions"]]
        union = shapely.union_all(own)
        assert shapely.geometry.shape(outline["geometry"]).symmetric_difference(union).area < 1e-9, iri
    seljord = next(f for f in members if f["properties"]["name"] == "Seljord")["properties"]
    assert seljord["regions"] == [ID + "region/notodden", ID + "region/vest-telemark"]
    assert seljord["code"] == "0828" and seljord["validThrough"] == "2019-12-31"
    # every feature is clickable on a map: the members name their pages as the outlines do (a re-check)
    assert seljord["url"] == "https://data.byregion.no/doc/municipality/seljord"
    assert all(f["properties"]["url"].startswith("https://data.byregion.no/doc/") for f in collection["features"])


def test_a_member_is_the_feature_its_regions_own_geojson_has(real_server: Server,
                                                             collection: dict[str, Any]) -> None:
    region = get(real_server, "/doc/region/notodden.geojson").json()["features"][1:]
    ours = {f["id"]: f for f in collection["features"]}
    for feature in region:
        assert ours[feature["id"]]["geometry"] == feature["geometry"]
        assert ours[feature["id"]]["properties"] | feature["properties"] == ours[feature["id"]]["properties"]


def test_it_is_negotiated_linked_and_listed_as_every_other_geojson_is(real_server: Server) -> None:
    by_accept = get(real_server, PROGRAMME, Accept=GEOJSON)
    assert by_accept.status_code == 200 and by_accept.headers["Content-Type"] == GEOJSON
    assert by_accept.headers["Content-Location"] == PROGRAMME + ".geojson"
    assert by_accept.content == get(real_server, PROGRAMME + ".geojson").content
    by_iri = get(real_server, "/id/programme/byregionprogrammet.geojson")
    assert by_iri.history[0].status_code == 303 and by_iri.headers["Content-Type"] == GEOJSON
    page = get(real_server, PROGRAMME, Accept="text/turtle")
    assert f'<{PROGRAMME}.geojson>; rel=alternate; type="{GEOJSON}"' in page.headers["Link"]
    listing = get(real_server, PROGRAMME + "?_profile=alt", Accept="text/turtle").text
    assert f"{PROGRAMME}.geojson" in listing
    refused = get(real_server, PROGRAMME, Accept="image/png")
    assert refused.status_code == 406 and f"{PROGRAMME}.geojson" in refused.text


@pytest.mark.parametrize(("lang", "words"), [("nb", "som GeoJSON for QGIS og nettkart"),
                                             ("en", "as GeoJSON for QGIS and web maps")])
def test_the_programmes_page_links_it_beside_its_map(real_server: Server, lang: str, words: str) -> None:
    page = get(real_server, f"{PROGRAMME}?lang={lang}").text
    paragraph = re.search(r'<p id="regions-geojson">(.*?)</p>', page, re.S)
    assert paragraph is not None and words in paragraph.group(1)
    assert f'<a href="{PROGRAMME}.geojson" type="{GEOJSON}" download>' in paragraph.group(1)
    assert page.index('id="regions-geojson"') > page.index('id="map-heading"')
