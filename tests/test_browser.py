"""The pages in a real browser (Chromium via Playwright): navigation, text, language, console, axe-core."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from playwright.sync_api import Page
from rdflib.namespace import DCTERMS, SKOS

from byregion import uris
from byregion.build import PublishedBuild
from byregion.namespaces import BR, SCHEMA
from tests.conftest import Server
from tests.support.browser import AXE, WATCH_CSP, axe_serious, chromium_page, contrast, rgb
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # a browser over `byregion serve`



def first(build: PublishedBuild, query: str) -> Any:
    rows = store_of(build).select(query)
    assert rows, f"the test build has no answer to {query}"
    return rows[0]


@pytest.fixture(scope="module")
def page() -> Iterator[Page]:
    with chromium_page() as opened:
        yield opened


def test_a_reader_walks_from_home_to_region_municipality_and_theme(
        page: Page, server: Server, site_build: PublishedBuild) -> None:
    base = site_build.base_uri
    region = uris.region("notodden", base)
    goal_text = str(first(site_build, f"SELECT ?t WHERE {{ <{region}> <{BR.goal}> ?g . ?g <{SCHEMA.text}> ?t ; "
                                      f"<{DCTERMS.subject}> [] FILTER(LANG(?t) = 'nb') }}")["t"])
    member = first(site_build, f"SELECT ?m ?l ?code WHERE {{ <{region}> <{BR.membership}>/"
                               f"<http://www.w3.org/ns/org#member> ?m . ?m <{SKOS.prefLabel}> ?l ; "
                               f"<{BR.municipalityNumber}>/<{SKOS.notation}> ?code FILTER(LANG(?l) = 'nb') }}")
    theme = first(site_build, f"SELECT ?th ?l ?gt WHERE {{ <{region}> <{BR.goal}> ?g . ?g <{DCTERMS.subject}> ?th ; "
                              f"<{SCHEMA.text}> ?gt FILTER(LANG(?gt) = 'nb') "
                              f"?th <{SKOS.prefLabel}> ?l FILTER(LANG(?l) = 'nb') }}")
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    page.goto(server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert not axe_serious(page)
    region_label = str(first(site_build, f"SELECT ?l WHERE {{ <{region}> <{SKOS.prefLabel}> ?l }}")["l"])
    page.get_by_role("main").get_by_role("link", name=region_label, exact=True).first.click()
    page.wait_for_url("**/doc/region/notodden")
    assert goal_text in page.inner_text("main")
    assert not axe_serious(page)

    page.get_by_role("link", name=str(member["l"]), exact=True).first.click()
    page.wait_for_url("**/doc/municipality/*")
    assert str(member["code"]) in page.inner_text("main")
    assert not axe_serious(page)

    page.go_back()
    page.get_by_role("link", name=str(theme["l"]), exact=True).first.click()
    page.wait_for_url("**/doc/theme/*")
    main = page.inner_text("main")
    assert str(theme["l"]) in page.inner_text("h1") and str(theme["gt"]) in main  # it lists the tagged goal
    assert not axe_serious(page)

    page.click("#lang-en")
    assert page.locator("html").get_attribute("lang") == "en"
    en_label = first(site_build, f"SELECT ?l WHERE {{ <{theme['th']}> <{SKOS.prefLabel}> ?l FILTER(LANG(?l)='en') }}")
    assert str(en_label["l"]) in page.inner_text("h1")
    page.goto(server.url + "/doc/region/notodden")  # the choice sticks (cookie)
    assert page.locator("html").get_attribute("lang") == "en"
    en_goal = first(site_build, f"SELECT ?t WHERE {{ <{region}> <{BR.goal}> ?g . ?g <{SCHEMA.text}> ?t "
                                f"FILTER(LANG(?t) = 'en') }}")
    assert str(en_goal["t"]) in page.inner_text("main")
    assert page.locator(".translation-mark").count() > 0
    assert not axe_serious(page)
    page.click("#lang-nb")
    assert page.locator("html").get_attribute("lang") == "nb"
    assert not errors, errors


@pytest.mark.parametrize("path", ["/def/byregion", "/id/scheme/themes", "/doc/region/atlantis",
                                  "/doc/region/midt-telemark", "/doc/programme/byregionprogrammet",
                                  "/doc/municipalities", "/doc/counties?lang=en", "/doc/memberships?lang=en",
                                  "/doc/regions"])
def test_other_pages_pass_axe(page: Page, server: Server, path: str) -> None:
    page.goto(server.url + path)
    assert page.title()
    assert not axe_serious(page)


def test_the_sparql_page_names_each_landmark_once(page: Page, server: Server) -> None:
    """A screen reader's list of landmarks: the results and the prefixes once each, not as a section and again as
    the scrolling table inside it (axe's landmark-unique, a moderate finding the serious-only checks let pass)."""
    page.goto(server.url + "/sparql?query=" + quote("SELECT ?x WHERE { VALUES ?x { 1 2 } }"))
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {runOnly: ['landmark-unique']})")
    assert not result["violations"], result["violations"]


def test_a_region_without_source_text_renders_its_facts_and_members(page: Page, server: Server) -> None:
    """Issue 10: a region whose page text is not collected still has a real page for people."""
    page.goto(server.url + "/")
    page.click('#programme-link a')
    page.click('a[href^="/doc/region/midt-telemark"]')  # its page, in the reader's language
    assert "/doc/region/midt-telemark" in page.url
    assert page.locator("#no-text").is_visible()
    assert page.locator("#members + .table-wrap table tbody tr").count() == 1
    assert page.locator('#members + .table-wrap table a[href^="/doc/municipality/sauherad"]').is_visible()
    assert not axe_serious(page)


@pytest.mark.parametrize("path", ["/", "/doc/region/notodden", "/doc/programme/byregionprogrammet", "/catalog",
                                  "/def/byregion", "/sparql", "/doc/region/atlantis"])
def test_the_pages_work_under_their_content_security_policy(page: Page, server: Server, path: str) -> None:
    """Nothing a page needs is blocked by its policy (no inline script or style; JSON-LD blocks are data)."""
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(WATCH_CSP)
    answer = page.goto(server.url + path)
    assert answer is not None and "script-src 'self'" in answer.headers["content-security-policy"]
    if path == "/sparql":  # the editor's script runs: it draws the highlighted copy and runs an example
        assert page.locator(".editor.enhanced pre.highlight").count() == 1
        page.locator("a[data-query]").first.click()
        page.wait_for_load_state()
    assert page.evaluate("window.__violations") == []
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_an_example_clicked_after_a_query_on_one_graph_asks_the_whole_graph(page: Page, server: Server) -> None:
    """The form keeps a query's dataset for "Run"; an example, written for the whole graph, had been run on that
    dataset too and answered nothing (a researcher's review): it asks what its link asks."""
    themes = "https://data.byregion.no/graph/themes"
    page.goto(server.url + "/sparql?" + urlencode({"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1",
                                                    "default-graph-uri": themes}))
    assert page.locator('input[name="default-graph-uri"]').count() == 1
    page.locator("#example-region-goals a").click()
    page.wait_for_load_state()
    assert "default-graph-uri" not in page.url and "query=" in page.url
    assert page.locator("#results tbody tr").count() > 0


def test_the_policy_is_in_force(page: Page, server: Server) -> None:
    """The other side: markup smuggled into a page does not run, and the browser says why."""
    page.add_init_script(WATCH_CSP)
    page.goto(server.url + "/doc/region/notodden")
    page.evaluate("""document.body.insertAdjacentHTML('beforeend',
        '<img src=x onerror="window.__ran = true"><div style="color: red"></div>');
        const s = document.createElement('script'); s.textContent = 'window.__ran = true'; document.body.append(s);""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran") is None
    violated = page.evaluate("window.__violations")
    assert any(v.startswith("script-src") for v in violated) and any(v.startswith("style-src") for v in violated)


#: The focused element's outline colour and the background around it (its nearest ancestor's with a colour).
FOCUSED = """() => {
    const focused = document.activeElement;
    let around = focused.parentElement, background = 'rgb(255, 255, 255)';
    for (; around; around = around.parentElement) {
        const colour = getComputedStyle(around).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') { background = colour; break; }
    }
    return {visible: focused.matches(':focus-visible'), outline: getComputedStyle(focused).outlineColor, background};
}"""


def test_the_focus_outline_has_3_to_1_against_white_the_table_tint_the_map_and_the_header(
        page: Page, server: Server) -> None:
    """WCAG 1.4.11 (non-text contrast): the keyboard focus is seen wherever a link is."""
    page.goto(server.url + "/doc/region/notodden")
    page.keyboard.press("Tab")  # a keyboard user: focus is then shown (:focus-visible)
    backgrounds = set()
    outline = None
    for selector in ("header.site nav a", "#members + .table-wrap table td a", "#properties + .table-wrap table th a"):
        page.locator(selector).first.focus()
        focused = page.evaluate(FOCUSED)
        assert focused["visible"], selector
        assert contrast(rgb(focused["outline"]), rgb(focused["background"])) >= 3, (selector, focused)
        backgrounds.add(focused["background"])
        if not selector.startswith("header"):
            outline = rgb(focused["outline"])
    assert len(backgrounds) == 3  # the header's blue, white, and the tint of table headers
    assert outline is not None
    map_background = page.evaluate("getComputedStyle(document.querySelector('svg.map')).backgroundColor")
    assert contrast(outline, rgb(map_background)) >= 3, map_background


#: Each sort mark of the page's headers: its colour, its opacity (with its header's), the background it lies on.
SORT_MARKS = """() => [...document.querySelectorAll('th .sort-mark')].map(mark => {
    const drawn = getComputedStyle(mark, '::after');
    let opacity = parseFloat(drawn.opacity), background = 'rgb(255, 255, 255)';
    for (let e = mark; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
    for (let e = mark; e; e = e.parentElement) {
        const colour = getComputedStyle(e).backgroundColor;
        if (colour !== 'rgba(0, 0, 0, 0)') { background = colour; break; }
    }
    return {sorted: mark.closest('th').hasAttribute('aria-sort'), mark: drawn.content, colour: drawn.color, opacity,
            background};
})"""


def test_a_sortable_headers_mark_has_3_to_1_whether_sorted_by_or_not(page: Page, server: Server) -> None:
    """WCAG 1.4.11: a header is a sort button with no border and no underline, so its mark (↕, or ▲ ▼ for the column
    sorted by) is the one sign that it can be pressed. The ↕ is lighter, drawn at an opacity: at .45 it had 2.75:1
    on the headers' tint (an accessibility review). Measured as drawn, the mark's colour over its background."""
    page.goto(server.url + "/doc/municipalities")
    marks = page.evaluate(SORT_MARKS)
    assert {m["sorted"] for m in marks} == {True, False}, marks  # both kinds of mark on the page
    for mark in marks:
        alpha = re.match(r"rgba\(.*,\s*([\d.]+)\)", mark["colour"])
        opacity = mark["opacity"] * (float(alpha.group(1)) if alpha else 1)
        ink, ground = rgb(mark["colour"]), rgb(mark["background"])
        drawn = tuple(round(opacity * i + (1 - opacity) * g) for i, g in zip(ink, ground, strict=True))
        assert contrast(drawn, ground) >= 3, mark


def test_a_source_documents_line_numbers_are_targets_of_24_px(page: Page, server: Server) -> None:
    """WCAG 2.5.8: each line of a source document is a link to itself (a statement's "Source: line 7" leads there),
    one above the next: each is 24 px tall at least, so 24 px apart (they had been 22.3 px, an accessibility
    review). On a wide screen and on a phone."""
    before = page.viewport_size
    try:
        for width in (1280, 375):
            page.set_viewport_size({"width": width, "height": 800})
            page.goto(server.url + "/doc/source/notodden")
            boxes = page.locator("ol.source-lines a.line-number").evaluate_all(
                "links => links.map(a => { const r = a.getBoundingClientRect(); return [r.width, r.height, r.top]; })")
            assert len(boxes) > 5
            small = [(i + 1, box) for i, box in enumerate(boxes) if min(box[:2]) < 24 - 0.01]
            assert not small, (width, small[:5])
            assert all(b[2] - a[2] >= 24 - 0.01 for a, b in itertools.pairwise(boxes)), width
    finally:
        if before is not None:
            page.set_viewport_size(before)


#: One page of each kind the site has, read on a phone.
PAGE_KINDS = ["/", "/doc/region/notodden", "/doc/region/midt-telemark", "/doc/municipality/notodden",
              "/doc/county/telemark", "/doc/region/notodden/goal/1", "/doc/region/notodden/goal/1/source/position",
              "/doc/region/notodden/membership/sauherad", "/doc/region/midt-telemark/membership/sauherad/source/row",
              "/doc/municipality/midt-telemark/change/2020-01-01", "/doc/geometry/municipality/midt-telemark/2020",
              "/doc/source/notodden", "/doc/theme/delingskultur", "/id/scheme/themes",
              "/doc/programme/byregionprogrammet", "/def/byregion", "/catalog", "/dataset", "/validation", "/sparql",
              "/sparql?query=SELECT+*+WHERE+%7B+%3Fs+%3Fp+%3Fo+%7D+LIMIT+20", "/search?q=Notodden",
              "/doc/region/notodden?_profile=alt", "/doc/region/atlantis", "/doc/municipalities", "/doc/memberships",
              "/doc/regions"]


#: The words of a page's table cells that the browser drew on more than one line (IRIs, checksums, code, links to
#: other sites and the compact IRIs a query's answer links aside, which may break anywhere, style.css says: a phone
#: reads a table of properties as lines, not columns). A hyphen or a dash is a place to break ("Midt-" and
#: "Telemark"), as in any text.
BROKEN_WORDS = """() => {
  const broken = [];
  for (const cell of document.querySelectorAll('td, th[scope="row"]')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('code, .iri, a[href^="http"], #results td a')) continue;
      for (const word of node.data.matchAll(/[^\\s\u2013-]+[\u2013-]?/g)) {
        if (/:\\/\\/|^[0-9a-f]{32,}$/.test(word[0])) continue;  // an IRI or a checksum, as an IRI's link may
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) broken.push(word[0]);
      }
    }
  }
  return broken.slice(0, 10);
}"""


def test_no_page_scrolls_sideways_on_a_phone_and_no_word_of_a_table_is_cut(page: Page, server: Server) -> None:
    """At 375 px (a small phone) every kind of page fits the screen's width: long names and IRIs wrap, a list of
    facts stacks, and a table too wide for the screen scrolls within itself, its words whole ("appli/cant" and
    "1,564,2/05" once, when every cell could break anywhere to fit)."""
    wider, broken = [], []
    before = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        for lang in ("nb", "en"):
            for path in PAGE_KINDS:
                page.goto(f"{server.url}{path}{'&' if '?' in path else '?'}lang={lang}")
                width = page.evaluate("document.documentElement.scrollWidth")
                if width > 375:
                    wider.append((lang, path, width))
                if words := page.evaluate(BROKEN_WORDS):
                    broken.append((lang, path, words))
        page.goto(server.url + "/doc/programme/byregionprogrammet?lang=nb")
        assert not axe_serious(page)  # the scrolling table is a region a keyboard reaches
    finally:
        if before is not None:
            page.set_viewport_size(before)
    assert not wider
    assert not broken



@pytest.mark.parametrize("width", [375, 1440])
def test_the_sparql_editors_colours_lie_on_its_text(page: Page, server: Server, width: int) -> None:
    """The highlighted copy under the query box is exactly as tall as the box, so that scrolled to its end a long
    query's colours are on its words (they drifted 5 px: the inline box's gap below it)."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": 800})
    try:
        page.goto(server.url + "/sparql")
        page.locator(".editor.enhanced pre.highlight").wait_for()
        page.fill("#query", "\n".join(f"SELECT ?s{i} WHERE {{ ?s{i} ?p ?o }}" for i in range(80)))
        page.evaluate("document.querySelector('#query').scrollTop = 1e6")
        page.evaluate("document.querySelector('#query').dispatchEvent(new Event('scroll'))")
        boxes = page.evaluate("""() => {
            const area = document.querySelector('#query'), copy = document.querySelector('.editor pre.highlight');
            return [area.getBoundingClientRect().height, copy.getBoundingClientRect().height,
                    area.scrollTop, copy.scrollTop];
        }""")
        assert abs(boxes[0] - boxes[1]) < 1 and abs(boxes[2] - boxes[3]) < 1, boxes
    finally:
        if before is not None:
            page.set_viewport_size(before)


def test_a_query_run_from_the_keyboard_is_announced_and_focused(page: Page, server: Server) -> None:
    """Run with Ctrl+Enter, the page that answers names the outcome in its title (what a screen reader announces
    first) and lands on the answer, focused; a refused query also marks the editor invalid and points it at the
    message. Focus had landed on the page's top, fourteen tabs from the results (an accessibility audit)."""
    page.goto(server.url + "/sparql")
    page.locator("#query").fill("SELECT ?x WHERE { VALUES ?x { 1 2 } }")
    page.locator("#query").press("Control+Enter")
    page.wait_for_load_state()
    assert page.title().startswith("Resultat (2 rader) – SPARQL")
    assert page.evaluate("document.activeElement.id") == "answer"
    assert page.locator("#query").get_attribute("aria-invalid") is None
    page.keyboard.press("Tab")  # from the answer on: its table, not the page's header
    assert page.evaluate("document.activeElement.closest('#answer') !== null")

    page.locator("#query").fill("SELEC nothing")
    page.locator("#query").press("Control+Enter")
    page.wait_for_load_state()
    assert page.title().startswith("Spørringen kunne ikke besvares – SPARQL")
    assert page.evaluate("document.activeElement.id") == "answer"
    editor = page.locator("#query")
    assert editor.get_attribute("aria-invalid") == "true" and editor.get_attribute("aria-describedby") == "sparql-error"
    assert page.locator("#sparql-error").inner_text().strip()

    page.goto(server.url + "/sparql?query=" + quote("ASK {}") + "&lang=en#answer")
    assert page.title().startswith("Results (yes) – SPARQL")  # not "(yes (true))"


def test_the_skip_link_moves_focus_into_the_page(page: Page, server: Server) -> None:
    """Not only the view: some browser and screen reader pairs start from the focused element."""
    page.goto(server.url + "/doc/region/notodden")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
