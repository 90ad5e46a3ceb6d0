"""Regions and municipalities in dct:spatial carry a bounding box and centroid (GeoSPARQL WKT, CRS84)
computed at build time from the committed member boundaries (DCAT-AP recommends both)."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS

from byregion.dcat import places
from byregion.dumps import union_graph
from byregion.namespaces import BR

pytestmark = pytest.mark.slow  # a real build of the repository's data

DCAT = Namespace("http://www.w3.org/ns/dcat#")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
BASE = "https://data.byregion.no"


@pytest.fixture(scope="module")
def repository_graph(repository_dataset: Dataset) -> Graph:
    """Every region (imported pages and the programme's table) with the reference data, as one graph."""
    return union_graph(repository_dataset)


def _box(literal: object) -> tuple[float, float, float, float]:
    assert isinstance(literal, Literal) and literal.datatype == GEO.wktLiteral and str(literal).startswith("POLYGON((")
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", str(literal))]
    lons, lats = numbers[0::2], numbers[1::2]
    assert (lons[0], lats[0]) == (lons[-1], lats[-1]), "the ring must be closed"
    return min(lons), min(lats), max(lons), max(lats)


def _point(literal: object) -> tuple[float, float]:
    assert isinstance(literal, Literal) and literal.datatype == GEO.wktLiteral and str(literal).startswith("POINT(")
    lon, lat = (float(n) for n in str(literal)[len("POINT("):-1].split())
    return lon, lat


def test_region_box_encloses_its_members_and_centroids_lie_inside(client: FlaskClient, repository_graph: Graph
                                                                   ) -> None:
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    region = URIRef(f"{BASE}/id/region/notodden")
    assert region in set(g.objects(URIRef(f"{BASE}/dataset"), DCTERMS.spatial))
    west, south, east, north = _box(g.value(region, DCAT.bbox))
    assert 4 < west < east < 32 and 57 < south < north < 72, "CRS84 is lon lat, and this is Norway"
    members = places.members(repository_graph, BR)[URIRef(f"{BASE}/id/region/notodden")]
    boxes = [_box(g.value(m, DCAT.bbox)) for m in members]
    assert (west, south, east, north) == (min(b[0] for b in boxes), min(b[1] for b in boxes),
                                          max(b[2] for b in boxes), max(b[3] for b in boxes))
    for subject, (w, s, e, n) in [(region, (west, south, east, north)), *zip(members, boxes, strict=True)]:
        lon, lat = _point(g.value(subject, DCAT.centroid))
        assert w < lon < e and s < lat < n, subject


def test_every_member_of_every_region_has_a_2019_boundary(repository_graph: Graph) -> None:
    """Every member municipality of every region (imported pages and the programme's table) held a code on
    2019-01-01 that the committed 2019 boundaries have."""
    wanted = {code for towns in places.members(repository_graph, BR).values() for code in towns.values()}
    assert None not in wanted and wanted <= set(places.load_boundaries())


def test_centroid_and_box_of_a_square_with_a_hole() -> None:
    # 4×4 square (counter-clockwise) with a centred 2×2 hole (clockwise, as RFC 7946 winds holes)
    outer = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]]
    hole = [[1, 1], [1, 3], [3, 3], [3, 1], [1, 1]]
    assert places.centroid([{"type": "Polygon", "coordinates": [outer, hole]}]) == (2.0, 2.0)
    shifted = [[1, 1], [1, 2], [2, 2], [2, 1], [1, 1]]  # 1×1 hole centred at (1.5, 1.5): area 15 remains
    x, y = places.centroid([{"type": "Polygon", "coordinates": [outer, shifted]}])
    assert round(x, 9) == round(y, 9) == round((16 * 2 - 1 * 1.5) / 15, 9)
    two = {"type": "MultiPolygon", "coordinates": [[outer], [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]]]}
    assert places.bounding_box([two]) == (0, 0, 11, 11)
    assert places.wkt_box((0, 0, 11, 11)) == "POLYGON((0 0, 11 0, 11 11, 0 11, 0 0))"
