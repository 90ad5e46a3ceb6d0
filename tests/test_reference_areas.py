"""``br:areaWithin``: where the successions of an ended municipality reach several of today's, the boundaries say
which holds its area. Haram went into Ålesund in 2020 and Ålesund was split into Ålesund and Haram in 2024: Haram
of 1534 is now Haram, not "Ålesund or Haram"."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS
from shapely.geometry import box

from byregion import REPO_ROOT
from byregion.geo.boundaries import BoundaryPeriod, Unit
from byregion.identifiers.history import first_reached
from byregion.namespaces import BR, SCHEMA
from byregion.reference.areas import areas_within

pytestmark = pytest.mark.fast

ID = "https://data.byregion.no/id/municipality/"
OLD = BoundaryPeriod("2019", None, dt.date(2019, 12, 31), dt.date(2019, 1, 1), {})
MIDDLE = BoundaryPeriod("2020", dt.date(2020, 1, 1), dt.date(2023, 12, 31), dt.date(2020, 1, 1), {})
NEW = BoundaryPeriod("2024", dt.date(2024, 1, 1), None, dt.date(2024, 1, 1), {})


def municipality(graph: Graph, slug: str, code: str, start: dt.date | None, end: dt.date | None,
                 successors: tuple[str, ...] = ()) -> None:
    iri, number = URIRef(ID + slug), URIRef(f"{ID}{slug}/number/{code}")
    graph.add((iri, RDF.type, BR.Municipality))
    graph.add((iri, BR.municipalityNumber, number))
    graph.add((number, SKOS.notation, Literal(code)))
    if start:
        graph.add((number, SCHEMA.validFrom, Literal(start)))
    if end:
        graph.add((number, SCHEMA.validThrough, Literal(end)))
    for successor in successors:
        graph.add((iri, BR.succeededBy, URIRef(ID + successor)))


def test_a_municipality_merged_then_split_off_again_lies_within_the_part_that_holds_its_area() -> None:
    """A (west) and B (east) merge into M in 2020; M is split into M2 (west, 97 % of A: a coastline drawn otherwise)
    and N (east) in 2024. C, divided itself between the two, has none."""
    graph = Graph()
    end, start, split = dt.date(2019, 12, 31), dt.date(2020, 1, 1), dt.date(2024, 1, 1)
    municipality(graph, "a", "0001", None, end, ("m",))
    municipality(graph, "b", "0002", None, end, ("m",))
    municipality(graph, "c", "0003", None, end, ("m2", "n"))
    municipality(graph, "m", "0010", start, split - dt.timedelta(days=1), ("m2", "n"))
    municipality(graph, "m2", "0020", split, None)
    municipality(graph, "n", "0021", split, None)
    drawn = [("0001", OLD, (0, 0, 1, 1)), ("0002", OLD, (1, 0, 2, 1)), ("0003", OLD, (0, 1, 2, 2)),
             ("0010", MIDDLE, (0, 0, 2, 2)), ("0020", NEW, (0.03, 0, 1, 2)), ("0021", NEW, (1, 0, 2, 2))]
    units = [Unit("municipality", code, code, period, box(*corners)) for code, period, corners in drawn]
    found = {(str(a).removeprefix(ID), str(b).removeprefix(ID)): round(share, 2)
             for a, b, share in areas_within(graph, units)}
    assert found == {("a", "m2"): 0.97, ("b", "n"): 1.0}  # C is half in each; M itself was split, its parts are new


def test_the_reference_data_says_where_haram_and_the_ålesund_of_2020_went() -> None:
    graph = Graph().parse(REPO_ROOT / "data" / "reference" / "norway.ttl")
    within = {str(a).removeprefix(ID): str(b).removeprefix(ID) for a, b in graph.subject_objects(BR.areaWithin)}
    assert within == {"haram-1534": "haram", "alesund-1504": "alesund", "sandoy": "alesund", "skodje": "alesund",
                      "orskog": "alesund"}
    assert (URIRef(ID + "tysfjord-divtasvuodna"), BR.areaWithin, None) not in graph  # divided itself: none


@pytest.mark.parametrize(("successions", "within", "reached"), [
    ({"a": ["m"], "m": ["p", "q"]}, "p", ["p"]),  # the split's part itself
    ({"a": ["m"], "m": ["c", "d"], "c": ["e", "f"]}, "e", ["e"]),  # a part split again later
    ({"a": ["m"], "m": ["c", "d"], "c": ["e"], "d": ["g"]}, "e", ["e"]),  # a part merged on later
    ({"a": ["m"], "m": ["c", "d"]}, "z", ["c", "d"]),  # a part the walk never reaches: every branch, as before
    ({"a": ["m"], "m": ["c", "d"], "c": ["m"]}, "d", ["d"]),  # a chain that comes back on itself
])
def test_the_walk_through_successions_follows_the_branch_that_leads_to_the_area(
        successions: dict[str, list[str]], within: str, reached: list[str]) -> None:
    today = {"p", "q", "d", "e", "f", "g", "c"} - set(successions)
    found = first_reached("a", lambda u: successions.get(u, []), lambda u: u in today, (within,))
    assert found == reached
