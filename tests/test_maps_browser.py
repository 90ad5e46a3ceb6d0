"""The maps in a real browser (Chromium via Playwright) over the repository's own data: the Notodden
region's six members each a link with the applicant marked, the programme's regions on one map of Norway,
a municipality's period switch without JavaScript, the keyboard, the content security policy and axe.

Each map's screenshot is saved to ``test-results/maps/`` at the repository root (not committed), for
people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import FloatRect, Page

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.uris import local_href
from tests.conftest import Server
from tests.support.browser import WATCH_CSP, axe_serious, chromium_page
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # a browser over `byregion serve` of the real data

SCREENSHOTS = REPO_ROOT / "test-results" / "maps"
ORG = "http://www.w3.org/ns/org#"


#: Console errors of the page opened last (:func:`visit`).
PROBLEMS: list[str] = []


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with chromium_page(viewport={"width": 1100, "height": 900}) as opened:
        opened.on("console", lambda msg: PROBLEMS.append(msg.text) if msg.type == "error" else None)
        opened.add_init_script(WATCH_CSP)
        yield opened


def visit(page: Page, url: str) -> list[str]:
    """Open ``url``; returns the list its console errors go to."""
    PROBLEMS.clear()
    page.goto(url)
    return PROBLEMS


def follow(page: Page, link: str, name: str) -> None:
    """Click the map's shape for ``name`` where its name is written (a point inside it), as a reader does."""
    label = page.locator("svg.map .map-labels text", has_text=name).first
    label.scroll_into_view_if_needed()
    box = label.bounding_box()
    assert box is not None, f"{name} is not written on the map"
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(f"**{link}")


def shot(page: Page, selector: str, name: str) -> Path:
    path = SCREENSHOTS / f"{name}.png"
    page.locator(selector).screenshot(path=str(path))
    assert path.stat().st_size > 5_000, f"{path} is (nearly) empty"
    return path


def assert_clean(page: Page, problems: list[str], selector: str = "section.maps") -> None:
    """No policy violation or console error, no serious axe finding in the map, no inline style."""
    assert page.evaluate("window.__violations") == [], "the map broke the content security policy"
    assert not problems, problems
    # before axe runs: axe adds elements of its own, with style attributes, while it checks contrast
    # (Chromium itself gives the search box an empty style attribute, which styles nothing)
    styled = page.evaluate("[...document.querySelectorAll('[style]:not([style=\"\"]), style')]"
                           ".map(e => e.outerHTML.slice(0, 200))")
    assert styled == [], styled
    assert not axe_serious(page, selector)


def accessible_name(page: Page, selector: str) -> str:
    """The name Chromium gives the element ``selector`` in its accessibility tree, as a screen reader gets it."""
    cdp = page.context.new_cdp_session(page)
    try:
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        tree = cdp.send("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
        return str(tree["nodes"][0]["name"]["value"])
    finally:
        cdp.detach()


def assert_named_by_what_it_shows(page: Page, figure: str) -> None:
    """The figure's name is its caption's sentence saying what the map shows, not the whole caption: named by its
    <figcaption> (HTML-AAM, as the accessible-name algorithm and Firefox and Safari name a figure), a screen reader
    announced legend, list of shapes and licence, 618 characters on Notodden's page (an accessibility review).
    The rest is still there, as the figure's content. Both as Chromium names it and by the algorithm (Playwright's
    own, which names a figure by its caption as Chromium does not)."""
    sentence = page.locator(f"{figure} figcaption > p:not(.map-note)").first.inner_text()
    assert 20 < len(sentence) < 250, sentence
    assert accessible_name(page, figure) == sentence
    assert page.locator(figure).aria_snapshot().splitlines()[0].startswith(f'- figure "{sentence}"')
    assert "Kartverket" in page.locator(f"{figure} figcaption").inner_text()

def test_the_notodden_map_shows_six_linked_members_with_the_applicant_marked(
        page: Page, real_server: Server, real_build: PublishedBuild) -> None:
    rows = store_of(real_build).select(f"""SELECT ?m ?role WHERE {{ <{real_build.base_uri}/id/region/notodden>
        <{real_build.base_uri}/def/byregion#membership> [ <{ORG}member> ?m ; <{ORG}role> ?role ] }}""")
    members = {local_href(str(r["m"]), "nb", real_build.base_uri): str(r["role"]).endswith("#applicant") for r in rows}
    problems = visit(page, real_server.url + "/doc/region/notodden")
    shapes = page.locator("svg#map-region a")
    assert shapes.count() == 6
    hrefs = {shapes.nth(i).get_attribute("href"): "applicant" in (shapes.nth(i).get_attribute("class") or "")
             for i in range(6)}
    assert hrefs == members and sum(hrefs.values()) == 1
    applicant = page.locator("svg#map-region a.applicant path")
    partner = page.locator("svg#map-region a.partner path").first
    style = "(e) => { const s = getComputedStyle(e); return [s.fill, s.strokeWidth]; }"
    (a_fill, a_stroke), (p_fill, p_stroke) = applicant.evaluate(style), partner.evaluate(style)
    assert "url(" in a_fill and "url(" not in p_fill  # hatched, not only another colour
    assert float(a_stroke.rstrip("px")) > 2 * float(p_stroke.rstrip("px"))  # and a thicker outline
    figure = page.locator("#map-region-figure")
    assert "Kartverket" in figure.locator(".map-attribution").inner_text()
    assert figure.locator(".map-list a").count() == 6  # the text alternative: the same six as links
    shot(page, "#map-region-figure", "region-notodden")
    assert_clean(page, problems)
    assert_named_by_what_it_shows(page, "#map-region-figure")
    assert page.evaluate("document.documentElement.lang") == "nb"

    names = {href: (shapes.nth(i).locator("title").text_content() or "").split(" (")[0]
             for i, href in enumerate(hrefs)}
    for href, name in names.items():  # each shape leads to its municipality's page, which has its own map
        page.goto(real_server.url + "/doc/region/notodden")
        follow(page, href, name)
        assert name in page.inner_text("h1") and page.locator("section.maps svg.map").count() >= 1


def test_the_programme_map_shows_every_region_with_members(page: Page, real_server: Server,
                                                           real_build: PublishedBuild) -> None:
    rows = store_of(real_build).select(f"""SELECT DISTINCT ?r WHERE {{
        ?r a <{real_build.base_uri}/def/byregion#CityRegion> ; <{real_build.base_uri}/def/byregion#membership> [] }}""")
    regions = sorted(local_href(str(r["r"]), "nb", real_build.base_uri) for r in rows)
    for path, name in (("/doc/programme/byregionprogrammet", "programme"), ("/", "home")):
        problems = visit(page, real_server.url + path)
        shapes = page.eval_on_selector_all("svg#map-programme a.region",
                                           "(links) => links.map(a => a.getAttribute('href'))")
        assert sorted(shapes) == regions
        assert "Kartverket" in page.locator("#map-programme-figure .map-attribution").inner_text()
        shot(page, "#map-programme-figure", f"national-{name}")
        assert_clean(page, problems, "#map-programme-figure")
        assert_named_by_what_it_shows(page, "#map-programme-figure")
    page.locator('svg#map-programme a[href="/doc/region/grenland"]').focus()  # the keyboard follows a region
    page.keyboard.press("Enter")
    page.wait_for_url("**/doc/region/grenland")


def test_a_municipality_has_a_period_switch_that_works_without_javascript(page: Page, real_server: Server) -> None:
    problems = visit(page, real_server.url + "/doc/municipality/sauherad")
    figures = page.locator(".map-set figure")
    assert figures.count() == 2
    shot(page, "section.maps", "municipality-sauherad")
    switch = page.locator("nav.map-periods a")
    assert [switch.nth(i).inner_text() for i in range(switch.count())][:2] == ["til og med 2019", "fra 2020"]
    switch.nth(1).click()  # an in-page link: the chosen period's map alone (CSS :target), no script
    assert page.locator("#map-2020-figure").is_visible() and not page.locator("#map-2019-figure").is_visible()
    assert "Midt-Telemark" in page.locator("#map-2020-figure .map-note").inner_text()
    shot(page, "section.maps", "municipality-sauherad-from-2020")
    switch.nth(0).click()
    assert page.locator("#map-2019-figure").is_visible() and not page.locator("#map-2020-figure").is_visible()
    assert_clean(page, problems)


def test_the_map_links_are_reached_with_the_keyboard(page: Page, real_server: Server) -> None:
    visit(page, real_server.url + "/doc/region/notodden")
    page.locator("#map-heading").evaluate("(e) => { e.tabIndex = -1; e.focus(); }")
    page.keyboard.press("Tab")  # first the link that skips the shapes (the list below says the same)
    assert page.evaluate("document.activeElement.textContent") == "Hopp over kartet"
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0  # shown when focused
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.closest('svg') ? "
                                     "document.activeElement.querySelector('title').textContent : null"))
    assert reached[0] == "Notodden (søkerkommune)" and None not in reached
    page.locator("#map-heading").evaluate("(e) => e.focus()")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # skip: the next Tab is past every shape
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('svg') === null")
    assert page.evaluate("document.activeElement.closest('figcaption') !== null")


def overlaps(one: FloatRect | None, other: FloatRect | None) -> bool:
    """Whether two boxes (``bounding_box()``) share any area (one under the other, touching, shares none)."""
    assert one is not None and other is not None
    return (one["x"] < other["x"] + other["width"] - 0.5 and other["x"] < one["x"] + one["width"] - 0.5
            and one["y"] < other["y"] + other["height"] - 0.5 and other["y"] < one["y"] + one["height"] - 0.5)


def assert_named_under_the_map(page: Page, figure: str, link: str) -> None:
    """Focus ``link`` on the map of ``figure``: its name is shown just under the map, over nothing (not the map,
    not the caption beside or under it)."""
    shape = page.locator(f"{figure} svg.map a[href='{link}']")
    shape.focus()
    shown = page.locator(f"{figure} p.map-focus")
    assert shown.is_visible() and shown.text_content() == shape.locator("title").text_content()
    box, drawing = shown.bounding_box(), page.locator(f"{figure} svg.map").bounding_box()
    assert box is not None and drawing is not None
    assert not overlaps(box, drawing) and not overlaps(box, page.locator(f"{figure} figcaption").bounding_box())
    assert drawing["x"] <= box["x"] < drawing["x"] + 20  # at the map's left edge,
    assert drawing["y"] + drawing["height"] <= box["y"] < drawing["y"] + drawing["height"] + 20  # just under it


def test_a_shape_focused_with_the_keyboard_has_its_name_shown_under_the_map(page: Page, real_server: Server) -> None:
    """A shape's name was only its <title>, which no one sees: on the map of Norway a focused region turned purple
    and said nothing (an accessibility review). Its name is shown under the map while it has focus, covering
    nothing: over the map's corner it had covered other shapes and their names (Tinn's, Hjartdal focused on a
    phone), and Sandøy's whole shape when Sandøy had focus on Ålesund's page (WCAG 1.4.13 and 2.4.11, an
    accessibility review)."""
    problems = visit(page, real_server.url + "/?lang=nb")
    national = page.locator("figure.map-figure svg.map").first
    shown = page.locator("figure.map-figure p.map-focus").first
    assert shown.count() == 0  # made when a shape first has focus
    first = national.locator("a").first
    first.focus()
    title = first.locator("title").text_content()
    assert title and shown.is_visible() and shown.text_content() == title
    assert shown.get_attribute("aria-hidden") == "true"  # a screen reader has the title already
    # beside the caption on a wide screen: under the map, not under the caption
    assert_named_under_the_map(page, "#map-programme-figure", first.get_attribute("href") or "")
    page.keyboard.press("Tab")  # the next region: its name
    assert shown.text_content() != title or national.locator("a").count() == 1
    page.locator("h1").evaluate("(e) => { e.tabIndex = -1; e.focus(); }")  # focus leaves the map: hidden again
    assert not shown.is_visible()
    assert not problems and page.evaluate("window.__violations") == []  # no console error, nothing the CSP refused
    before = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})  # a phone: the map drawn at about half its size
    try:
        visit(page, real_server.url + "/doc/municipality/alesund?lang=nb")
        assert_named_under_the_map(page, "#map-2019-figure", "/doc/municipality/sandoy")  # at its corner
    finally:
        if before is not None:
            page.set_viewport_size(before)
