"""The maps of the real data, as the build draws them: which shapes each page's map has, where they link,
and how big they are."""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET
from itertools import pairwise

import pytest
import requests
import shapely
from rdflib import URIRef
from shapely.geometry import Polygon

from byregion import uris
from byregion.build import PublishedBuild
from byregion.build.render.pages import Linker
from byregion.graph_index import GraphIndex
from byregion.maps.atlas import COUNTY_NAMES_MAX, Atlas, MapFigure
from byregion.namespaces import BR
from byregion.settings import Settings
from tests.conftest import Server
from tests.support.stores import store_of
from tests.support.svg_paths import absolute_points

pytestmark = pytest.mark.slow  # the repository's own dataset, built

SVG_NS = "{http://www.w3.org/2000/svg}"
#: Largest markup of one map (bytes): the pages must stay small.
LOCAL_MAP_BYTES = 16_000
NATIONAL_MAP_BYTES = 26_000


@pytest.fixture(scope="module")
def atlas(real_build: PublishedBuild, real_settings: Settings) -> Atlas:
    index = GraphIndex.from_store(store_of(real_build).oxigraph, real_build.base_uri)
    made = Atlas.load(real_settings.repo_dir, index, BR)
    assert made is not None, "the repository has boundary files, so the build has maps"
    return made


@pytest.fixture(scope="module")
def href(real_build: PublishedBuild) -> Linker:
    return Linker(real_build.base_uri, lang="nb")


def links(figure: MapFigure) -> list[ET.Element]:
    return list(ET.fromstring(figure.svg).iter(f"{SVG_NS}a"))


def municipality(slug: str, base: str) -> URIRef:
    return URIRef(f"{base}/id/municipality/{slug}")


def test_the_notodden_map_links_its_six_members_and_marks_the_applicant(
        atlas: Atlas, href: Linker, real_build: PublishedBuild) -> None:
    region = uris.region("notodden", real_build.base_uri)
    rows = store_of(real_build).select(f"""SELECT ?m ?role WHERE {{ <{region}> <{BR.membership}>
        [ <http://www.w3.org/ns/org#member> ?m ; <http://www.w3.org/ns/org#role> ?role ] }}""")
    members = {href(str(r["m"])): str(r["role"]).endswith("#applicant") for r in rows}
    assert len(members) == 6
    figure = atlas.region_map(URIRef(region), "nb", href, {})
    assert figure is not None
    shapes = links(figure)
    assert {a.get("href"): "applicant" in (a.get("class") or "") for a in shapes} == members
    assert [a.find(f"{SVG_NS}title").text for a in shapes if "applicant" in (a.get("class") or "")] == \
        ["Notodden (søkerkommune)"]
    assert (figure.links[0].text, figure.links[0].href) == ("Notodden", "/doc/municipality/notodden")
    assert "Kartverket" in "".join(text for text, _ in figure.attribution) and len(figure.svg) < LOCAL_MAP_BYTES
    assert [e.classes for e in figure.legend] == ["applicant", "partner", "other", "county"]
    # a region whose map draws its applicant alone names no partner in its legend (Tønsberg's had), nor a county
    # boundary where none is in its frame (its coast had been dashed as one)
    alone = atlas.region_map(URIRef(uris.region("tonsberg", real_build.base_uri)), "nb", href, {})
    assert alone is not None and [e.classes for e in alone.legend] == ["applicant", "other"]


def test_sauherad_is_drawn_until_2019_and_midt_telemark_from_2020(atlas: Atlas, href: Linker,
                                                                    real_build: PublishedBuild) -> None:
    base = real_build.base_uri
    maps = atlas.municipality_maps(municipality("sauherad", base), "en", href, "Sauherad")
    assert maps is not None
    before, after = maps.figures
    assert (before.period, after.period) == ("until 2019", "from 2020")
    focus = [[a.get("href") for a in links(f) if a.get("class") == "focus"] for f in maps.figures]
    assert focus == [["/doc/municipality/sauherad"], ["/doc/municipality/midt-telemark"]]
    assert after.note == "Sauherad became part of Midt-Telemark."
    neighbours = {a.get("href") for a in links(before) if a.get("class") == "neighbour"}
    assert {"/doc/municipality/notodden", "/doc/municipality/bo-telemark"} <= neighbours
    merged = atlas.municipality_maps(municipality("midt-telemark", base), "nb", href, "Midt-Telemark")
    # a municipality "ble dannet av" others (a Norwegian editor: "ble laget av" is no Norwegian for it)
    assert merged is not None and merged.figures[0].note == "Midt-Telemark ble dannet av Bø (Telemark) og Sauherad."
    assert "Sauherad (Midt-Telemark ble dannet av den)" in merged.figures[0].svg
    # the legend names no shape before it for "den" to point back to ("Sauherad ble en del av den" had read alone)
    assert after.legend[0].text == "The municipality Sauherad became part of"
    assert merged.figures[0].legend[0].text == "Kommunene Midt-Telemark ble dannet av"  # Bø and Sauherad
    assert merged.figures[0].caption.startswith("Bø (Telemark) og Sauherad og nabokommunene deres,")


def test_a_municipality_more_than_one_change_from_those_on_a_map_says_so(atlas: Atlas, href: Linker,
                                                                          real_build: PublishedBuild) -> None:
    """Haram of 2024 was split from the Ålesund of 2020, which was made from five municipalities of 2019: its area
    is the Haram of 2019's (``br:areaWithin``, read backwards), so the map of 2019 shows that one alone, said to be
    more than one change away; the Ålesund of 2024 goes back to the other four, not to Haram (a GIS review: both
    maps had shown all five)."""
    maps = atlas.municipality_maps(municipality("haram", real_build.base_uri), "en", href, "Haram")
    assert maps is not None
    notes = [f.note for f in maps.figures]
    assert notes == ["Through more than one change, Haram goes back to Haram (1534).",  # told apart by its number
                     "Haram was made from Ålesund.", None]
    assert "(Haram goes back to it through more than one change)" in maps.figures[0].svg
    alesund = atlas.municipality_maps(municipality("alesund", real_build.base_uri), "en", href, "Ålesund")
    assert alesund is not None and alesund.figures[0].note == (
        "Through more than one change, Ålesund goes back to Ålesund (1504), Ørskog (1523), Skodje (1529) and "
        "Sandøy (1546).")


def test_a_municipality_whose_surroundings_never_changed_has_one_map(atlas: Atlas, href: Linker,
                                                                      real_build: PublishedBuild) -> None:
    """Trysil and its neighbours kept their boundaries through both reforms: one map, no period switch."""
    maps = atlas.municipality_maps(municipality("trysil", real_build.base_uri), "nb", href, "Trysil")
    assert maps is not None and len(maps.figures) == 1 and maps.figures[0].period is None


def test_every_municipality_with_boundaries_has_small_maps(atlas: Atlas, href: Linker) -> None:
    things = {p.thing for p in atlas.placed if p.unit.kind == "municipality"}
    assert len(things) > 450
    sizes = []
    for thing in things:
        maps = atlas.municipality_maps(thing, "nb", href, "x")
        assert maps is not None, f"{thing} has boundaries but no map"
        sizes += [len(f.svg) for f in maps.figures]
        assert all(re.fullmatch(r"map-\d{4}", f.ident) for f in maps.figures)
    assert max(sizes) < LOCAL_MAP_BYTES, max(sizes)


def test_the_programme_map_shows_every_region_with_members(atlas: Atlas, href: Linker,
                                                           real_build: PublishedBuild) -> None:
    rows = store_of(real_build).select(f"""SELECT DISTINCT ?r WHERE {{ ?r a <{BR.CityRegion}> ;
        <{BR.membership}> [] }}""")
    with_members = {href(str(r["r"])) for r in rows}
    figure = atlas.national_map("nb", href)
    assert figure is not None
    shapes = [a.get("href") for a in links(figure)]
    assert sorted(shapes) == sorted(with_members) and len(with_members) >= 30
    assert {link.href for link in figure.links} == with_members
    assert len(figure.svg) < NATIONAL_MAP_BYTES
    assert atlas.national_map("nb", href) is figure  # drawn once per build and language


#: Largest markup of a county's map (bytes): Nordland's coast, simplified, is the largest.
COUNTY_MAP_BYTES = 48_000


def county(slug: str, base: str) -> URIRef:
    return URIRef(f"{base}/id/county/{slug}")


def test_telemark_is_drawn_until_2019_and_from_2024_with_its_municipalities_of_each(
        atlas: Atlas, href: Linker, real_build: PublishedBuild) -> None:
    """Telemark was part of Vestfold og Telemark from 2020 to 2023: no map for those years; Bø and Sauherad,
    merged into Midt-Telemark in 2020, are on the first map only."""
    maps = atlas.county_maps(county("telemark", real_build.base_uri), "en", href, "Telemark")
    assert maps is not None
    before, after = maps.figures
    assert (before.period, after.period) == ("until 2019", "from 2024")
    inside = [{a.get("href") for a in links(f) if a.get("class") == "in-county"} for f in maps.figures]
    assert len(inside[0]) == 18 and len(inside[1]) == 17
    assert {"/doc/municipality/sauherad", "/doc/municipality/bo-telemark"} <= inside[0] - inside[1]
    assert "/doc/municipality/midt-telemark" in inside[1] - inside[0]
    around = [{a.get("href") for a in links(f) if a.get("class") == "neighbour"} for f in maps.figures]
    assert {"/doc/county/vestfold", "/doc/county/buskerud", "/doc/county/aust-agder"} <= around[0]
    assert {"/doc/county/vestfold", "/doc/county/agder"} <= around[1] and "/doc/county/aust-agder" not in around[1]
    assert before.caption == "Telemark: 18 municipalities, boundaries until 2019."
    assert [link.note for link in before.links].count("neighbouring county") == len(around[0])


def test_a_county_whose_surroundings_never_changed_has_one_map_without_a_period(
        atlas: Atlas, href: Linker, real_build: PublishedBuild) -> None:
    maps = atlas.county_maps(county("vestfold-og-telemark", real_build.base_uri), "nb", href, "Vestfold og Telemark")
    assert maps is not None and len(maps.figures) == 1 and maps.figures[0].period is None
    assert maps.heading == "Kart"


def test_every_county_with_boundaries_has_small_maps_that_name_few_municipalities_only(atlas: Atlas,
                                                                                      href: Linker) -> None:
    """A county of many municipalities (Viken had 51) is drawn without names, which would overlap; its shapes
    are named by their links and the list below the map. The maps of one county, side by side, all have names or
    none (Buskerud had 21 municipalities until 2019 and 18 from 2024)."""
    things = {p.thing for p in atlas.placed if p.unit.kind == "county"}
    assert len(things) > 20
    sizes = []
    for thing in things:
        maps = atlas.county_maps(thing, "nb", href, "x")
        assert maps is not None, f"{thing} has boundaries but no map"
        shapes = [[a for a in links(figure) if a.get("class") == "in-county"] for figure in maps.figures]
        assert all(shapes), f"{thing} has a map without its municipalities"
        named = all(len(s) <= COUNTY_NAMES_MAX for s in shapes)
        for figure, shown in zip(maps.figures, shapes, strict=True):
            sizes.append(len(figure.svg))
            written = [t for g in ET.fromstring(figure.svg).iter(f"{SVG_NS}g")
                       if g.get("class") == "map-labels map-labels-wide" for t in g]
            # names on every map or none; one that would overlap another is left out (svg.placed_labels)
            assert (0 < len(written) <= len(shown)) if named else not written, (thing, len(shown), len(written))
    assert max(sizes) < COUNTY_MAP_BYTES, max(sizes)


def test_a_unit_of_the_same_name_is_told_apart_by_its_number(atlas: Atlas, href: Linker,
                                                            real_build: PublishedBuild) -> None:
    """Drammen of 0602 became part of the Drammen of 2020: the note had read "Drammen became part of Drammen"
    (a Wikidata editor's review; "Ålesund was made from Ålesund" a GIS analyst's)."""
    maps = atlas.municipality_maps(municipality("drammen-0602", real_build.base_uri), "en", href, "Drammen")
    assert maps is not None
    notes = [f.note for f in maps.figures if f.note]
    assert notes and all("Drammen became part of Drammen (" in note for note in notes), notes


# ------------------------------------------------------------------------------------ county boundaries

#: How far to each side of a dashed line (SVG units) a map must have land for the line to be between two counties.
SIDE_UNITS = 3.0
#: The least share of a map's dashed line that must have land on both sides (simplified shapes leave a little).
BETWEEN_COUNTIES_SHARE = 0.9


def between_land(figure: MapFigure) -> tuple[float, float]:
    """The length of ``figure``'s dashed county line (SVG units) and the share of it with a municipality or county
    drawn on both sides. A border between two counties has land on both; a coast has sea on one side, and the
    border with Sweden a country the map does not draw."""
    root = ET.fromstring(figure.svg)
    land, dashed = [], []
    for g in root.iter(f"{SVG_NS}g"):
        rings = [ring for path in g.iter(f"{SVG_NS}path") for ring in absolute_points(path.get("d") or "")]
        if g.get("class") == "map-county":
            dashed += rings
        elif g.get("class") in ("map-other", "map-members", "map-neighbours"):
            land += [shapely.make_valid(Polygon(ring)) for ring in rings if len(ring) > 2]
    ground = shapely.union_all(land)
    shapely.prepare(ground)
    total = between = 0.0
    for line in dashed:
        for (x0, y0), (x1, y1) in pairwise(line):
            length = math.hypot(x1 - x0, y1 - y0)
            mx, my, nx, ny = (x0 + x1) / 2, (y0 + y1) / 2, -(y1 - y0) / length, (x1 - x0) / length
            total += length
            if all(ground.covers(shapely.Point(mx + side * SIDE_UNITS * nx, my + side * SIDE_UNITS * ny))
                   for side in (1, -1)):
                between += length
    return total, between / total if total else 1.0


def test_a_region_map_dashes_the_borders_between_counties_not_coasts_or_the_border_with_sweden(
        atlas: Atlas, href: Linker, real_build: PublishedBuild) -> None:
    """The legend calls the dashed line "Fylkesgrense": every island coast around Bømlo and Karmøy had been dashed
    on Haugesundregionen's map, and the border with Sweden on Fjellregionen's (each county's whole outline was
    drawn). A region with no county border in its frame (Salten) has no dashed line and no legend entry for it."""
    for region in atlas.regions:
        figure = atlas.region_map(region, "nb", href, {})
        if figure is not None:
            length, share = between_land(figure)
            assert share >= BETWEEN_COUNTIES_SHARE, (region, round(length), share)
            assert ("county" in [e.classes for e in figure.legend]) == (length > 0), region
    for slug in ("haugesundregionen", "fjellregionen", "notodden"):  # members in two counties: their border shown
        figure = atlas.region_map(URIRef(uris.region(slug, real_build.base_uri)), "nb", href, {})
        assert figure is not None and between_land(figure)[0] > 200, slug
    salten = atlas.region_map(URIRef(uris.region("salten", real_build.base_uri)), "en", href, {})
    assert salten is not None and between_land(salten)[0] == 0
    assert [e.classes for e in salten.legend] == ["applicant", "partner", "other"]


def test_a_county_map_dashes_its_borders_with_other_counties_not_its_coast_or_the_border_with_sweden(
        atlas: Atlas, href: Linker, real_build: PublishedBuild) -> None:
    """Nordland's map had dashed all of its coast, Hedmark's its border with Sweden."""
    for thing in sorted({p.thing for p in atlas.placed if p.unit.kind == "county"}, key=str):
        maps = atlas.county_maps(thing, "nb", href, "x")
        assert maps is not None
        for figure in maps.figures:
            length, share = between_land(figure)
            assert length > 0 and share >= BETWEEN_COUNTIES_SHARE, (thing, figure.period, round(length), share)
    nordland = atlas.county_maps(county("nordland", real_build.base_uri), "en", href, "Nordland")
    assert nordland is not None and all(e.classes == "county" for e in [f.legend[-1] for f in nordland.figures])


# ----------------------------------------------------------------------------------------- the words

@pytest.mark.parametrize(("lang", "hatched", "unknown"), [
    ("nb", "Søkerkommunen er skravert og har tykk kant.", "Hvilken kommune som var søkerkommune, er ikke kjent."),
    ("en", "The applicant is hatched and has a thick outline.", "Which of them was the applicant is not known.")])
def test_a_region_maps_caption_speaks_of_hatching_only_where_an_applicant_is_drawn(
        atlas: Atlas, href: Linker, real_build: PublishedBuild, lang: str, hatched: str, unknown: str) -> None:
    """Midt-Telemark's applicant is not known: nothing is hatched, and its caption had said the applicant was."""
    midt = atlas.region_map(URIRef(uris.region("midt-telemark", real_build.base_uri)), lang, href, {})
    assert midt is not None and "applicant" not in [e.classes for e in midt.legend]
    assert midt.caption.endswith(f" 2019). {unknown}")
    assert hatched not in midt.caption
    notodden = atlas.region_map(URIRef(uris.region("notodden", real_build.base_uri)), lang, href, {})
    assert notodden is not None and notodden.caption.endswith(hatched)


@pytest.mark.parametrize(("slug", "lang", "title"), [
    ("notodden", "nb", "Kart over Notodden: medlemskommunene etter rolle, i fylkene Telemark og Buskerud"),
    ("notodden", "en", "Map of Notodden: the member municipalities by role, within their counties, Telemark and "
                       "Buskerud"),
    ("haugesundregionen", "nb", "Kart over Haugesundregionen: medlemskommunene etter rolle, i fylkene Rogaland og "
                                "Hordaland"),
    # the counties of the membership's reference date (Røros was in Sør-Trøndelag in 2015), as the facts name them,
    # not those of the 2019 boundaries the map draws (Trøndelag was made in 2018)
    ("fjellregionen", "en", "Map of Fjellregionen: the member municipalities by role, within their counties, "
                            "Hedmark and Sør-Trøndelag"),
    ("grenland", "nb", "Kart over Grenland: medlemskommunene etter rolle, i fylket sitt"),
    ("grenland", "en", "Map of Grenland: the member municipalities by role, within their county")])
def test_a_region_maps_title_names_the_counties_where_its_members_lie_in_several(
        real_server: Server, slug: str, lang: str, title: str) -> None:
    """Notodden's Kongsberg is in Buskerud: "within their county" had said one county of members in two (the
    applicant's county first). The counties are those the page's facts name for the reference date."""
    page = requests.get(f"{real_server.url}/doc/region/{slug}?lang={lang}", timeout=10).text
    assert f"<title id=\"map-region-title\">{html.escape(title, quote=False)}</title>" in page


@pytest.mark.parametrize(("lang", "caption"), [
    ("nb", "{drawn} byregioner, hver tegnet som medlemskommunene den har i datasettet (grensene per 2019). For "
           "{partial} av dem er ikke alle medlemmene kjent. For {unverified} av dem er medlemslisten ikke bekreftet."),
    ("en", "{drawn} city regions, each drawn as the member municipalities the dataset has for it (boundaries of "
           "2019). For {partial} of them not every member is known. For {unverified} of them the member list is not "
           "confirmed.")])
def test_the_programme_maps_caption_says_which_member_lists_are_incomplete_or_unconfirmed(
        atlas: Atlas, href: Linker, real_build: PublishedBuild, lang: str, caption: str) -> None:
    """The caption had called all 33 regions' members known, though Tønsberg's are not (count-only: its applicant
    alone) and three lists are unverified; the numbers are the data's."""
    def count(where: str) -> int:
        rows = store_of(real_build).select(f"""SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE {{ ?r a <{BR.CityRegion}> ;
            <{BR.membership}> [] . {where} }}""")
        return int(rows[0]["n"])
    drawn = count("")
    partial = count(f"FILTER NOT EXISTS {{ ?r <{BR.memberCount}> [] }}")
    unverified = count(f"?r <{BR.confidence}> <{BR.unverified}>")
    assert (drawn, partial, unverified) == (33, 1, 3)  # Tønsberg; Hallingdal, Kongsvingerregionen, Listerregionen
    figure = atlas.national_map(lang, href)
    assert figure is not None
    assert figure.caption == caption.format(drawn=drawn, partial=partial, unverified=unverified)
