"""The map drawing itself: the projection, path data, the SVG markup and the attribution's words."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pytest

from byregion import REPO_ROOT
from byregion.build.render.pages import environment
from byregion.maps import svg, texts
from byregion.maps.atlas import MapFigure
from byregion.maps.projection import CENTRAL_MERIDIAN, project
from tests.support.svg_paths import absolute_points

pytestmark = pytest.mark.fast

SVG_NS = "{http://www.w3.org/2000/svg}"


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    (lon1, lat1), (lon2, lat2) = (tuple(map(math.radians, p)) for p in (a, b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(("a", "b"), [((10.75, 59.91), (18.96, 69.65)),   # Oslo – Tromsø
                                      ((5.32, 60.39), (30.05, 69.73)),    # Bergen – Kirkenes
                                      ((9.26, 59.57), (8.55, 59.50))])    # Notodden – Seljord
def test_the_projection_keeps_distances_across_norway(a: tuple[float, float], b: tuple[float, float]) -> None:
    """Transverse Mercator around 15° E: map distance within 2 % of the true one from Lindesnes to
    Kirkenes (an equirectangular map would be off by half in the north)."""
    (x1, y1), (x2, y2) = project(*a), project(*b)
    assert math.hypot(x2 - x1, y2 - y1) == pytest.approx(great_circle_km(a, b), rel=0.02)


def test_the_projection_puts_north_up_and_the_central_meridian_at_zero() -> None:
    assert project(CENTRAL_MERIDIAN, 65.0)[0] == pytest.approx(0.0)
    assert project(10.0, 70.0)[1] > project(10.0, 60.0)[1]
    assert project(20.0, 65.0)[0] > 0 > project(10.0, 65.0)[0]


FRAME = svg.Frame(0.0, 0.0, 100.0, 50.0, width=200)  # 2 units a kilometre, 100 units high


def test_path_data_are_the_rounded_points_without_drift() -> None:
    """Relative steps between *rounded* points: reading the path back gives each point rounded on its own,
    however many steps there are."""
    ring = [(0.3 + i * 0.37, 10 + 20 * math.sin(i / 7)) for i in range(200)] + [(0.3, 10.0)]
    d = svg.path_data([[ring]], FRAME)
    [points] = absolute_points(d)
    expected: list[tuple[int, int]] = []
    for x, y in ring[:-1]:
        p = FRAME.point(x, y)
        if not expected or expected[-1] != p:
            expected.append(p)
    assert points == expected
    assert d.startswith("M") and d.endswith("z") and "  " not in d and " -" not in d


def test_a_ring_too_small_to_see_is_left_out_with_its_holes() -> None:
    speck = [(10.0, 10.0), (10.1, 10.0), (10.1, 10.1), (10.0, 10.0)]
    island = [(20.0, 20.0), (30.0, 20.0), (30.0, 30.0), (20.0, 20.0)]
    assert svg.path_data([[speck]], FRAME) == ""
    assert absolute_points(svg.path_data([[speck], [island, speck]], FRAME)) == [[(40, 60), (60, 60), (60, 40)]]


def test_a_hole_is_drawn_in_the_same_path() -> None:
    outer = [(0.0, 0.0), (50.0, 0.0), (50.0, 40.0), (0.0, 40.0), (0.0, 0.0)]
    hole = [(10.0, 10.0), (10.0, 20.0), (20.0, 20.0), (20.0, 10.0), (10.0, 10.0)]
    assert len(absolute_points(svg.path_data([[outer, hole]], FRAME))) == 2


def test_a_frame_grows_to_its_least_span_and_keeps_a_margin() -> None:
    tiny = svg.Frame.around((10.0, 10.0, 12.0, 11.0), 600, margin=0.1, min_span=40.0)
    assert tiny.max_x - tiny.min_x == pytest.approx(40.0) and tiny.max_y - tiny.min_y == pytest.approx(40.0)
    wide = svg.Frame.around((0.0, 0.0, 200.0, 100.0), 600, margin=0.05)
    assert (wide.min_x, wide.max_x) == (-10.0, 210.0) and wide.height == math.ceil(120 * 600 / 220)
    with pytest.raises(ValueError, match="needs an area"):
        svg.Frame.around((1.0, 1.0, 1.0, 1.0), 600)


def test_the_markup_links_each_shape_with_a_name_and_hides_decoration() -> None:
    square = svg.path_data([[[(10.0, 10.0), (20.0, 10.0), (20.0, 20.0), (10.0, 20.0)]]], FRAME)
    hostile = 'Bø <i>"&</i>'
    markup = svg.svg(FRAME, [svg.Layer("map-other", (svg.Shape(square),), decorative=True),
                             svg.Layer("map-members", (svg.Shape(square, "member applicant", "/id/municipality/bo",
                                                                 f"{hostile} (søkerkommune)", (30, 70), hostile),))],
                     title="Kart over <Notodden>", ident="map-region", hatch=True)
    root = ET.fromstring(markup)  # well-formed XML, escaped
    assert root.get("role") == "group" and root.get("aria-labelledby") == "map-region-title"
    assert root.find(f"{SVG_NS}title").text == "Kart over <Notodden>"
    [link] = root.iter(f"{SVG_NS}a")
    assert link.get("href") == "/id/municipality/bo" and link.get("class") == "member applicant"
    assert link.find(f"{SVG_NS}title").text == f"{hostile} (søkerkommune)"  # its name, and the tooltip
    assert link.get("aria-label") is None  # not named twice (name and description) by a screen reader
    hidden = [g for g in root.iter(f"{SVG_NS}g") if g.get("aria-hidden") == "true"]
    assert {g.get("class") for g in hidden} == {"map-other", "map-labels map-labels-wide",
                                                "map-labels map-labels-narrow"}
    assert [t.text for t in root.iter(f"{SVG_NS}text")] == [hostile, hostile]  # one set of names per screen size
    assert root.find(f"{SVG_NS}defs/{SVG_NS}pattern").get("id") == svg.HATCH_ID
    assert "style" not in markup  # the pages' CSP allows no inline style: every look is a class


def test_the_attribution_is_the_one_the_boundary_sources_ask_for() -> None:
    """data/reference/geo/SOURCES.md quotes the attribution to show wherever the geometry is shown."""
    sources = " ".join((REPO_ROOT / "data/reference/geo/SOURCES.md").read_text(encoding="utf-8")
                       .replace("\n> ", " ").split())
    for lang in ("nb", "en"):
        assert " ".join(texts.attribution(lang).split()) in sources
    assert "Kartverket" in texts.attribution("en") and "CC BY 4.0" in texts.attribution("nb")


@pytest.mark.parametrize(("lang", "nlod"), [("nb", "https://data.norge.no/nlod/no/2.0"),
                                            ("en", "https://data.norge.no/nlod/en/2.0")])
def test_a_maps_attribution_links_the_licences_and_kartverkets_dataset(lang: str, nlod: str) -> None:
    """CC BY 4.0 asks for "the URI or hyperlink to" the licence (§3(a)(1)(C)): a map's credit had named "CC BY 4.0"
    and "NLOD" as words alone (a GIS review). Its words are the attribution's, the licences and Kartverket's record
    linked; the page renders each link (the template, in the app and the export alike)."""
    parts = texts.attribution_links(lang)
    assert "".join(text for text, _ in parts) == texts.attribution(lang)
    links = {text: href for text, href in parts if href}
    assert links["CC BY 4.0"] == "https://creativecommons.org/licenses/by/4.0/" and links["NLOD"] == nlod
    assert any(href.startswith("https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter/")
               for href in links.values())
    figure = MapFigure("map-region", "<svg/>", "title", "caption", (), (), parts)
    markup = environment().from_string('{% from "_maps.html" import map_figure %}{{ map_figure(m) }}').render(m=figure)
    attribution = markup.split('<p class="map-attribution">', 1)[1].split("</p>", 1)[0]
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>' in attribution
    assert f'<a href="{nlod}">NLOD</a>' in attribution


def test_no_two_names_overlap_a_name_moves_a_line_and_the_focus_is_placed_first() -> None:
    """Names written at nearly the same point ("Bø (Telemark)" and "Sauherad"): the focus layer's (drawn last)
    stays where it is, the next moves a line up or down, and one with no room left is left out (its shape keeps
    its tooltip, and the list beside the map names it)."""
    def named(name: str, at: tuple[int, int]) -> svg.Shape:
        return svg.Shape("M0 0", "", f"/id/municipality/{name.lower()}", name, at, name)
    others = svg.Layer("map-others", (named("Sauherad", (300, 205)), named("Seljord", (302, 200)),
                                      named("Hjartdal", (301, 203)), named("Tinn", (500, 100))))
    focus = svg.Layer("map-members", (named("Notodden", (300, 200)),))
    for size in svg.LABEL_SIZES.values():
        placed = svg.placed_labels([others, focus], size)
        assert placed[0] == (300, 200, "Notodden")
        line = round(1.05 * size + 5)
        assert (300, 205 - line, "Sauherad") in placed or (300, 205 + line, "Sauherad") in placed
        assert "Tinn" in {name for _, _, name in placed} and len(placed) < 5
        boxes = [svg._box(x, y, name, size) for x, y, name in placed]
        assert not [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                    if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
