"""The HTML pages as people and their browsers read them, on the site fixture's build (every page as the build
rendered it into ``documents.sqlite``, in Norwegian and English): valid nesting, titles that say what a page is
about, links between pages, alternates, and words and numbers in the page's language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape as html_unescape
from xml.etree import ElementTree

import pytest
import requests
from rdflib import Graph, URIRef

from byregion.build import PublishedBuild
from byregion.docstore import FILE, HOST, DocumentStore
from byregion.i18n import file_size, t
from byregion.namespaces import BASE, PREFIXES
from byregion.pages import MIN_OWN_DESCRIPTION
from byregion.uris import page_path
from tests.conftest import Server
from tests.support.html import Element, parse

pytestmark = pytest.mark.slow  # a real build of the site fixture (and `byregion serve` over it)

REGION = "/doc/region/notodden"
BR_LINE = URIRef("https://data.byregion.no/def/byregion#line")
SCHEMA_TEXT = URIRef("https://schema.org/text")

#: The section titles the fixture's curation translates (tests/fixtures/site/data/curation/notodden.ttl).
TRANSLATED_SECTIONS = ("Goals for the test region", "Advice to other city regions")


@pytest.fixture(scope="module")
def store(site_build: PublishedBuild) -> Iterator[DocumentStore]:
    opened = DocumentStore(site_build.path / FILE)
    yield opened
    opened.close()


def html(store: DocumentStore, path: str, lang: str = "nb") -> str:
    found = store.get(path, f"html.{lang}")
    assert found is not None, f"{path} has no {lang} page"
    return found.body.decode("utf-8")


def page(store: DocumentStore, path: str, lang: str = "nb") -> Element:
    tree, faults = parse(html(store, path, lang))
    assert not faults, (path, lang, faults)
    return tree


def pages(store: DocumentStore) -> Iterator[tuple[str, str, str]]:
    """Every HTML page of the build: (path, variant, markup)."""
    for path in store.paths():
        for representation in store.all(path):
            if representation.media_type.startswith("text/html"):
                yield path, representation.variant, representation.body.decode("utf-8")


# ------------------------------------------------------------------------------------------------ markup


def test_no_page_has_a_block_inside_a_paragraph_or_heading_nor_an_end_tag_out_of_place(
        store: DocumentStore) -> None:
    """A browser repairs such markup its own way (a <details> closes the <p> around it, leaving a stray </p>):
    what it shows and what a screen reader announces is then not what the page says."""
    faulty = {}
    for path, variant, markup in pages(store):
        faults = parse(markup)[1]
        if faults:
            faulty[(path, variant)] = sorted(set(faults))
    assert not faulty, list(faulty.items())[:10]


def test_a_translated_heading_holds_its_words_alone_with_mark_and_original_after_it(store: DocumentStore) -> None:
    english = page(store, REGION, "en")
    translated = [section for section in english.find_all("section")
                  if any(h.text in TRANSLATED_SECTIONS for h in section.find_all("h3"))]
    assert len(translated) == len(TRANSLATED_SECTIONS)
    for section in translated:
        heading = section.find("h3")
        assert "Translation" not in heading.text and not heading.find_all("details")
        following = section.children[section.children.index(heading) + 1:]
        after = next(c for c in following if isinstance(c, Element) or c.strip())
        assert isinstance(after, Element) and after.tag == "details", section.text[:80]
        # the mark, and a colon a screen reader says ("Translation: Original (Norwegian)", not "Translation Original")
        assert after.find("span", class_="translation-mark").text == "Translation:"
        assert after.find("span", class_="aural").text == ":"
        assert after.find("p").attrs["lang"] == "nb"


# ------------------------------------------------------------------------------------------------ words


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_theme_list_words_a_broader_theme_as_the_themes_own_page_does(store: DocumentStore, lang: str) -> None:
    own = page(store, "/doc/theme/delingskultur", lang).find("h2", id="broader").text
    listed = page(store, "/doc/scheme/themes", lang).find("section", id="delingskultur")
    said = [p.text for p in listed.find_all("p") if p.find_all("a", href=page_path("/id/theme/samarbeid", lang))]
    assert said == [f"{own}: {page(store, '/doc/theme/samarbeid', lang).find('h1').text}"]


@pytest.mark.parametrize(("lang", "words"), [("nb", "Underegenskap av"), ("en", "Subproperty of")])
def test_the_ontology_says_what_a_property_is_a_subproperty_of(store: DocumentStore, lang: str, words: str) -> None:
    """br:owner is a subproperty of prov:wasAssociatedWith, not a subclass of it."""
    term = page(store, "/def/byregion", lang).find("section", id="owner")
    said = [p.text for p in term.find_all("p") if p.find_all("a", href="http://www.w3.org/ns/prov#wasAssociatedWith")]
    assert said == [f"{words}: prov:wasAssociatedWith"]


@pytest.mark.parametrize(("path", "lang", "one", "two"), [
    ("/", "nb", "1 kommune", "2 kommuner"), ("/", "en", "1 municipality", "2 municipalities"),
    ("/doc/programme/byregionprogrammet", "nb", "1 kommune", "2 kommuner")])
def test_the_national_map_counts_one_municipality_in_the_singular(store: DocumentStore, path: str, lang: str,
                                                                  one: str, two: str) -> None:
    """Midt-Telemark has one known member, Notodden two: in the map's list and in each shape's name."""
    national = page(store, path, lang).find("figure", id="map-programme-figure")
    shapes = {a.attrs["href"]: a.find("title").text for a in national.find("svg").find_all("a")}
    assert shapes == {page_path("/id/region/midt-telemark", lang): f"Midt-Telemark ({one})",
                      page_path("/id/region/notodden", lang): f"Notodden ({two})"}
    listed = [li.text for li in national.find_all("li") if li.find_all("a")]
    assert listed == [f"Midt-Telemark ({one})", f"Notodden ({two})"]


@pytest.mark.parametrize(("lang", "said"), [
    ("nb", "Mål, resultater og råd er foreløpig med bare for én byregion, den der nettsiden er lest inn (1 av 2): "
           "Notodden. For alle er medlemmene, tallene og kildene med."),
    ("en", "So far, goals, results and advice are in for one city region only, whose web page has been read in "
           "(1 of 2): Notodden. Members, figures and sources are in for all of them.")])
def test_the_home_page_says_which_regions_have_goals_results_and_advice(store: DocumentStore, lang: str,
                                                                        said: str) -> None:
    """Only a region whose page is read in has them (Notodden here; Midt-Telemark has members only): the home page
    does not promise every region's, and says one in the singular (a copy editor's review)."""
    told = page(store, "/", lang).find("p", id="page-texts")
    assert " ".join(told.text.split()) == said
    assert [a.attrs["href"] for a in told.find_all("a")] == [page_path("/id/region/notodden", lang)]


def test_a_statements_source_line_leads_to_that_line_of_the_source_documents_page(store: DocumentStore) -> None:
    """The source document's page shows its text line by line (``#line-N``), numbered as the importer numbers
    ``br:line``: every statement's "Source: line N" leads to a line that holds the start of its text."""
    lines = {li.attrs["id"]: li.find("span").text
             for ol in page(store, "/doc/source/notodden").find_all("ol") if "source-lines" in ol.attrs.get("class", "")
             for li in ol.find_all("li")}
    assert len(lines) > 20 and "line-1" in lines
    checked = 0
    for path in store.paths():
        if not re.fullmatch(r"/doc/region/notodden/(goal|result|advice|followup|intro|excerpt)/\d+", path):
            continue
        found = store.get(path, "ttl")
        assert found is not None
        graph = Graph().parse(data=found.body, format="turtle")
        line = next(graph.objects(None, BR_LINE))
        text = next(o for o in graph.objects(None, SCHEMA_TEXT) if o.language == "nb")
        assert str(text).split("\n")[0][:40] in lines[f"line-{line}"], (path, line)
        assert f'href="/doc/source/notodden#line-{line}"' in html(store, "/doc/region/notodden")
        checked += 1
    assert checked >= 3  # the fixture's page: a goal, a result, a piece of advice at least


# ------------------------------------------------------------------------------------------- alternates


@pytest.mark.parametrize(("path", "mapped"), [(REGION, True), ("/doc/municipality/notodden", True),
                                              ("/doc/county/telemark", True), ("/doc/region/notodden/goal/1", False),
                                              ("/doc/theme/delingskultur", False)])
def test_a_page_links_every_other_format_of_its_document_geojson_too(store: DocumentStore, path: str,
                                                                     mapped: bool) -> None:
    """The page's <link rel=alternate> and "Andre formater" name what the document's Link header names: GeoJSON
    too where the thing has a geometry; the list of profiles and formats in the page's language (an English page had
    linked the Norwegian list)."""
    formats = store.variants(path)
    assert formats is not None and formats[0] == "html" and ("geojson" in formats) == mapped
    for lang, listing in (("nb", f"{path}?_profile=alt"), ("en", f"{path}?_profile=alt&lang=en")):
        expected = [f"{path}.{extension}" for extension in formats[1:]] + [listing]
        shown = page(store, path, lang)
        linked = [link.attrs["href"] for link in shown.find_all("link", rel="alternate")
                  if "hreflang" not in link.attrs]
        listed = [a.attrs["href"] for a in shown.find("aside", class_="formats").find_all("a")]
        assert linked == listed == expected, lang


# ----------------------------------------------------------------------------------------------- values

CHANGE = "/doc/municipality/midt-telemark/change/2020-01-01"


def property_cells(shown: Element) -> dict[str, Element]:
    """The "All properties" table: each property's name → the cell of its values."""
    heading = shown.find_all("h2", id="properties")
    if not heading:
        return {}
    table = shown.find("div", **{"aria-labelledby": "properties"}).find("table")
    return {row.find("th").text: row.find("td") for row in table.find_all("tr") if row.find_all("td")}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_value_only_in_another_language_is_shown_with_its_language_never_an_empty_cell(
        store: DocumentStore, lang: str) -> None:
    """The fixture describes Midt-Telemark's merger in English only (as a change the reference has no Norwegian
    words for): the Norwegian page shows the English, marked as English, in its lead and its table."""
    shown = page(store, CHANGE, lang)
    marked = {"lang": "en"} if lang == "nb" else {}
    assert shown.find("p", class_="lead").find("span").attrs == marked
    cell = property_cells(shown)[{"nb": "beskrivelse", "en": "description"}[lang]]
    assert cell.find("span").text == "merger" and cell.find("span").attrs == marked
    # its language, as a SPARQL result shows it (@en), and for a screen reader by its name in the page's language
    assert cell.find("span", class_="meta").text.strip() == "@en"
    assert cell.find("span", class_="aural").text.strip() == {"nb": "(engelsk)", "en": "(English)"}[lang]
    empty = [(path, variant, name) for path, variant, markup in pages(store)
             for name, cell in property_cells(parse(markup)[0]).items() if not cell.text]
    assert not empty, empty[:10]


# ------------------------------------------------------------------------------------------------ links


def test_every_change_is_linked_from_the_pages_of_the_units_it_names(store: DocumentStore) -> None:
    """Midt-Telemark's merger is linked from Sauherad (that went into it) and from Midt-Telemark (that it made);
    and no change page of the build is left unlinked."""
    merger = "/doc/municipality/midt-telemark/change/2020-01-01"
    for unit in ("/doc/municipality/sauherad", "/doc/municipality/midt-telemark"):
        for lang, heading in (("nb", "Endringer"), ("en", "Changes")):
            shown = page(store, unit, lang)
            assert shown.find("h2", id="changes").text == heading
            listed = [a.attrs["href"] for a in shown.find("ul", class_="changes").find_all("a")]
            assert page_path(merger, lang) in listed, (unit, lang)
    linked = {a.attrs["href"].split("?")[0] for _, _, markup in pages(store)
              for a in parse(markup)[0].find_all("a") if "href" in a.attrs}
    changes = [path for path in store.paths() if "/change/" in path]
    assert changes and not [path for path in changes if path not in linked]


# ----------------------------------------------------------------------------------------------- titles

SITE = {"nb": "Byregionprogrammet som lenkede data", "en": "The City Region Programme as linked data"}


@pytest.mark.parametrize(("path", "nb", "en"), [
    ("/doc/region/notodden/goal/1", "Mål 1 – Notodden", "Goal 1 – Notodden"),
    ("/doc/region/notodden/intro/1", "Innledning 1 – Notodden", "Introduction 1 – Notodden"),
    ("/doc/region/notodden/membership/sauherad", "Sauherad i Notodden", "Sauherad in Notodden"),
    ("/doc/region/notodden/goal/1/source", "Kilde: Mål 1 – Notodden", "Source: Goal 1 – Notodden"),
    ("/doc/region/notodden/goal/1/source/position", "Kildelinje 7: Mål 1 – Notodden",
     "Source line 7: Goal 1 – Notodden"),
    ("/doc/region/notodden/section/1/source/position", "Kildelinje 10: Mål for testregionen – Notodden",
     "Source line 10: Goals for the test region – Notodden"),
    ("/doc/region/midt-telemark/membership/sauherad/source/row", "Kilderad 4: Sauherad i Midt-Telemark",
     "Source row 4: Sauherad in Midt-Telemark"),
])
def test_a_thing_without_a_name_of_its_own_is_titled_by_what_it_is_and_whose(
        store: DocumentStore, path: str, nb: str, en: str) -> None:
    """Statements, memberships and the provenance of each have titles that say what and whose they are, in the
    page's language, instead of their identifier (``id:region/notodden/goal/1``) or the heading a membership
    stood under (``Samarbeidskommune``)."""
    for lang, title in (("nb", nb), ("en", en)):
        shown = page(store, path, lang)
        assert (shown.find("h1").text, shown.find("title").text) == (title, f"{title} – {SITE[lang]}")


@pytest.mark.parametrize(("path", "nb", "en"), [
    (REGION, "Notodden (byregion)", "Notodden (city region)"),
    ("/doc/municipality/notodden", "Notodden (kommune)", "Notodden (municipality)"),
    ("/doc/source/notodden", "Notodden (kildedokument)", "Notodden (source document)"),
    ("/doc/municipality/sauherad", "Sauherad", "Sauherad"),
])
def test_pages_of_things_named_alike_say_their_kind_in_their_title(store: DocumentStore, path: str, nb: str,
                                                                    en: str) -> None:
    for lang, title in (("nb", nb), ("en", en)):
        shown = page(store, path, lang)
        assert shown.find("title").text == f"{title} – {SITE[lang]}"
        assert shown.find("h1").text == title.split(" (")[0]  # the heading is the name; the kind is above it


def test_no_two_pages_of_things_share_a_title(store: DocumentStore) -> None:
    """The ontology's version IRIs are the ontology's document again (its canonical link says so). A named graph's
    page counts too: /graph/programme had the programme's title, /graph/ontology the ontology's (a crawler's review):
    each says it is a named graph."""
    for lang in ("nb", "en"):
        titles: dict[str, list[str]] = {}
        for path in store.paths():
            if path.startswith(("/doc/", "/def/byregion", "/graph/")) and not path.startswith("/def/byregion/") \
                    and "html" in (store.variants(path) or ()):
                titles.setdefault(page(store, path, lang).find("title").text, []).append(path)
        assert not {title: paths for title, paths in titles.items() if len(paths) > 1}
        assert not [title for title in titles if title.startswith("id:")]



@pytest.mark.parametrize(("lang", "words"), [("nb", ["innledning 1", "mål 1", "råd 1"]),
                                             ("en", ["introduction 1", "goal 1", "advice 1"])])
def test_a_statements_link_is_its_kind_and_number_in_the_pages_language(store: DocumentStore, lang: str,
                                                                        words: list[str]) -> None:
    statements = page(store, REGION, lang).find_all("div", class_="statement")
    assert [s.find("div", class_="meta").find("a").text for s in statements] == words


# ---------------------------------------------------------------------------------------------- numbers

#: A whole number of thousands and more as each language writes it: a no-break space or a comma between them.
GROUPED = {"nb": r"\d{1,3}(?:\u00a0\d{3})+", "en": r"\d{1,3}(?:,\d{3})+"}
POPULATION = {"nb": "Folketall", "en": "Population"}
TRIPLES = {"nb": "Tripler", "en": "Triples"}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_numbers_are_written_one_way_per_language(store: DocumentStore, lang: str) -> None:
    """The programme's populations, the catalogue's count of triples (its figure and its description) and the
    sizes of its files, each grouped as the page's language groups thousands."""
    programme = page(store, "/doc/programme/byregionprogrammet", lang)
    regions = next(t for t in programme.find_all("table") if POPULATION[lang] in [th.text for th in t.find_all("th")])
    column = [th.text for th in regions.find_all("th")].index(POPULATION[lang])
    # a body row's first cell is its header (th), the others td
    populations = [row.find_all("td")[column - 1].text for row in regions.find_all("tr") if row.find_all("td")]
    assert ("54\u00a0165" if lang == "nb" else "54,165") in populations  # Notodden's
    assert all(re.fullmatch(GROUPED[lang], p) for p in populations if p[:1].isdigit())
    catalogue = page(store, "/catalog", lang)
    facts = catalogue.find("dl", class_="facts")
    figure = facts.find_all("dd")[[dt.text for dt in facts.find_all("dt")].index(TRIPLES[lang])].text
    assert re.fullmatch(GROUPED[lang], figure)
    assert f"({figure} " in catalogue.find("p", class_="lead").text
    sizes = [td.text for td in catalogue.find_all("td", class_="number")
             if int(td.attrs.get("data-bytes", "0")) >= 1000]
    assert sizes and all(re.fullmatch(GROUPED[lang], size) for size in sizes)
    # the home page's downloads give sizes to read ("6,9 MB"), the catalogue's the exact bytes beside the checksum
    home = page(store, "/", lang).find("ul", class_="downloads").text
    assert re.search(r"\d+(,\d)?\u00a0(kB|MB)" if lang == "nb" else r"\d+(\.\d)?\u00a0(kB|MB)", home), home
    assert not re.search(r"\d B\b", home)


@pytest.mark.parametrize(("size", "nb", "en"), [(512, "512 B", "512 B"), (6_894_465, "6,9 MB", "6.9 MB"),
                                                (11_520_000, "12 MB", "12 MB"), (999_999, "1 MB", "1 MB")])
def test_a_file_size_is_written_for_a_reader(size: int, nb: str, en: str) -> None:
    assert file_size(size, "nb") == nb.replace(" ", "\u00a0")
    assert file_size(size, "en") == en.replace(" ", "\u00a0")


# ------------------------------------------------------------------------------ canonical and languages


@pytest.mark.parametrize(("path", "canonical"), [
    (REGION, REGION), ("/doc/region/notodden/goal/1/source/position", "/doc/region/notodden/goal/1/source/position"),
    ("/", "/"), ("/catalog", "/catalog"), ("/dataset", "/dataset"), ("/validation", "/validation"),
    ("/def/byregion", "/def/byregion"), ("/def/byregion/0.1.0", "/def/byregion/0.1.0"),
    ("/def/byregion/0.12.0", "/def/byregion"), ("/def/byregion/0.11.0", "/def/byregion/0.11.0"),
    ("/def/byregion/0.9.0", "/def/byregion/0.9.0"),
    ("/def/byregion/0.8.0", "/def/byregion/0.8.0"),
    ("/def/byregion/0.7.1", "/def/byregion/0.7.1"), ("/def/byregion/0.7.0", "/def/byregion/0.7.0"),
    ("/def/byregion/0.5.1", "/def/byregion/0.5.1"),
    ("/def/byregion/0.5.0", "/def/byregion/0.5.0"),
    ("/def/byregion/0.4.0", "/def/byregion/0.4.0"),
    ("/def/byregion/0.3.0", "/def/byregion/0.3.0"),
    ("/def/byregion/0.2.0", "/def/byregion/0.2.0"),
])
def test_a_page_names_its_canonical_url_and_its_pages_in_each_language(store: DocumentStore, path: str,
                                                                        canonical: str) -> None:
    """The Norwegian page is the document's URL (``.html``, ``?lang=nb`` and the reader's choice give the same
    page), the English one ``?lang=en``; the ontology's own version IRI's page is the ontology's, an earlier
    version's (other terms) its own."""
    canonical = BASE + canonical  # absolute, on the build's base: a staging host's copy names the real page
    english = f"{canonical}?lang=en"
    for lang, own in (("nb", canonical), ("en", english)):
        shown = page(store, path, lang)
        assert [link.attrs["href"] for link in shown.find_all("link", rel="canonical")] == [own]
        languages = {link.attrs["hreflang"]: link.attrs["href"] for link in shown.find_all("link", rel="alternate")
                     if "hreflang" in link.attrs}
        assert languages == {"nb": canonical, "en": english, "x-default": canonical}


@pytest.mark.parametrize("path", [REGION, "/doc/municipality/notodden", "/", "/catalog"])
def test_a_link_to_a_page_previews_with_its_title_description_address_and_language(store: DocumentStore,
                                                                                   path: str) -> None:
    """Open Graph, which chat and social sites read for a link's preview: the page's own title (without the site's
    name, which og:site_name gives), the meta description, the canonical URL, and the page's language with the
    other one as an alternate."""
    for lang, other in (("nb", "en_GB"), ("en", "nb_NO")):
        shown = page(store, path, lang)
        og = {meta.attrs["property"]: meta.attrs["content"] for meta in shown.find_all("meta")
              if meta.attrs.get("property", "").startswith("og:")}
        description = next(m.attrs["content"] for m in shown.find_all("meta") if m.attrs.get("name") == "description")
        canonical = next(link.attrs["href"] for link in shown.find_all("link", rel="canonical"))
        assert og["og:description"] == description and og["og:url"] == canonical, (path, lang, og)
        assert og["og:site_name"] == t("site_name", lang) and og["og:title"], (path, lang, og)
        assert path == "/" or t("site_name", lang) not in og["og:title"], og["og:title"]
        assert og["og:locale"] == {"nb": "nb_NO", "en": "en_GB"}[lang] and og["og:locale:alternate"] == other


def test_the_profiles_page_is_canonical_at_its_own_address(store: DocumentStore) -> None:
    found = store.get(REGION, "alt/html.en")
    assert found is not None
    shown, faults = parse(found.body.decode("utf-8"))
    assert not faults
    assert shown.find("link", rel="canonical").attrs["href"] == f"{BASE}{REGION}?_profile=alt&lang=en"
    # every document has one, all alike: search engines are asked to list the document's own page instead
    assert [m.attrs["content"] for m in shown.find_all("meta") if m.attrs.get("name") == "robots"] == ["noindex"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_profiles_page_is_titled_by_the_thing_as_its_own_page_is(store: DocumentStore, lang: str) -> None:
    """Its tab and heading name the thing (``Profiles and formats: Notodden (city region)``), not a path."""
    own = page(store, REGION, lang)
    found = store.get(REGION, f"alt/html.{lang}")
    assert found is not None
    listing, faults = parse(found.body.decode("utf-8"))
    assert not faults
    described = own.find("title").text.rsplit(" – ", 1)[0]  # the tab's title, without the site's name
    words = {"nb": "Profiler og formater", "en": "Profiles and formats"}[lang]
    assert listing.find("h1").text == f"{words}: {described}"
    assert listing.find("title").text == f"{words}: {own.find('title').text}"


@pytest.mark.parametrize("path", ["/catalog", "/dataset", "/validation"])
def test_a_profiles_page_of_a_document_made_from_its_own_graph_names_it_by_its_title(store: DocumentStore,
                                                                                  path: str) -> None:
    """The catalogue's, the dataset's and the validation report's graphs are made apart from the build's index:
    their ``alt`` pages named them by their IRIs (``Profiler og formater: https://data.byregion.no/catalog``)."""
    for lang in ("nb", "en"):
        found = store.get(path, f"alt/html.{lang}")
        assert found is not None
        heading = parse(found.body.decode("utf-8"))[0].find("h1").text
        assert "https://" not in heading and ": " in heading, heading


def _robots_meta(shown: Element) -> list[str]:
    return [m.attrs["content"] for m in shown.find_all("meta") if m.attrs.get("name") == "robots"]


def test_no_document_page_asks_not_to_be_listed(store: DocumentStore) -> None:
    for path in (REGION, "/", "/catalog", "/doc/municipality/notodden"):
        assert _robots_meta(page(store, path)) == [], path


@pytest.mark.parametrize(("params", "listed"), [({}, True), ({"lang": "en"}, True), ({"q": "notodden"}, False),
                                                ({"q": "x" * 500}, False)])
def test_an_answer_to_a_search_asks_not_to_be_listed(server: Server, params: dict[str, str], listed: bool) -> None:
    shown = parse(requests.get(server.url + "/search", params=params, headers={"Accept": "text/html"},
                               timeout=10).text)[0]
    assert _robots_meta(shown) == ([] if listed else ["noindex"])


def test_the_sitemap_lists_each_page_in_each_language_with_its_alternates(store: DocumentStore) -> None:
    found = store.get("/sitemap.xml", "")
    assert found is not None and found.host  # the request's host goes in
    body = found.body.decode("utf-8").replace(HOST, "http://example.org")
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    urls = {}
    for url in ElementTree.fromstring(body):
        loc = url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
        assert loc is not None and loc.text
        urls[loc.text] = {link.get("hreflang"): link.get("href") for link in url.iter(xhtml)}
    region = "http://example.org" + REGION
    expected = {"nb": region, "en": region + "?lang=en", "x-default": region}
    assert urls[region] == urls[region + "?lang=en"] == expected
    assert urls["http://example.org/?lang=en"]["x-default"] == "http://example.org/"
    assert not [loc for loc in urls if "/def/byregion/" in loc]  # versions: their page is the ontology's


def test_the_urls_of_one_page_answer_it_naming_one_canonical_url(server: Server) -> None:
    """The extension, ``?lang=nb`` and both give the Norwegian page; it names the URL without them."""
    bodies = {requests.get(server.url + url, headers={"Accept-Language": "nb"}, timeout=10).text
              for url in (REGION, f"{REGION}.html", f"{REGION}?lang=nb", f"{REGION}.html?lang=nb")}
    assert len(bodies) == 1
    assert parse(bodies.pop())[0].find("link", rel="canonical").attrs["href"] == BASE + REGION


@pytest.mark.parametrize(("params", "canonical"), [({}, "/sparql"), ({"lang": "en"}, "/sparql?lang=en"),
                                                   ({"query": "ASK {}"}, None)])
def test_the_query_page_is_canonical_without_a_query(server: Server, params: dict[str, str],
                                                      canonical: str | None) -> None:
    """The page of an answer is no page of its own to index (robots.txt keeps crawlers off it, too)."""
    shown = parse(requests.get(server.url + "/sparql", params=params, headers={"Accept": "text/html"},
                               timeout=10).text)[0]
    named = [link.attrs["href"] for link in shown.find_all("link", rel="canonical")]
    assert named == ([BASE + canonical] if canonical else [])


@pytest.mark.parametrize(("lang", "empty", "facts"), [
    ("nb", "Kildedokumentet har ingen tekst under denne overskriften.", "Faktaene i denne delen"),
    ("en", "The source document has no text under this heading.", "The facts of this part")])
def test_a_heading_of_the_source_with_nothing_under_it_says_why(real_build: PublishedBuild, lang: str, empty: str,
                                                                facts: str) -> None:
    """Notodden's page (the repository's own) has "Dokumenter" (no text under it in the source) and "Fakta
    Notodden" (whose lines are the members, population and area shown at the top): neither is a bare heading."""
    shown = page(DocumentStore(real_build.path / FILE), REGION, lang)
    notes = [p.text for p in shown.find_all("p", class_="empty")]
    assert len(notes) == 2 and notes[0] == empty and notes[1].startswith(facts)  # Dokumenter, Fakta Notodden
    sections = [s for s in shown.find_all("section") if s.find_all("h3")]
    assert [s.find("h3").text for s in sections if not s.find_all("div", class_="statement")
            and not s.find_all("p", class_="empty") and not s.find_all("svg")] == []


@pytest.mark.parametrize(("lang", "name", "share"), [("nb", "Andel utsagn med kildehenvisning", "100\u00a0%"),
                                                     ("en", "Share of statements that cite their place in the source",
                                                      "100%")])
def test_the_validation_page_names_its_figures_and_writes_shares_as_percentages(store: DocumentStore, lang: str,
                                                                                name: str, share: str) -> None:
    shown = page(store, "/validation", lang)
    figures = dict(zip((dt.text for dt in shown.find_all("dt")), (dd.text for dd in shown.find_all("dd")),
                       strict=True))
    assert figures[name] == share
    assert not [key for key in figures if "_" in key]  # no internal key shown


def test_a_link_to_a_thing_of_ours_names_it_as_its_page_is_titled(store: DocumentStore) -> None:
    """A membership's own title is the heading it stood under (``Samarbeidskommune``), the same for five members:
    its links say whose membership of what it is, as its page's title does."""
    members = [a for a in page(store, REGION).find_all("a") if "/membership/" in a.attrs.get("href", "")]
    assert members and all(a.text.endswith(" i Notodden") for a in members), [a.text for a in members]
    assert len({a.text for a in members}) == len({a.attrs["href"] for a in members})


#: Prefixes of data other sites publish (Wikidata items, LOS and EU themes): a link to one of their things keeps its
#: compact IRI (``wd:Q2326``), which names it where it is published. Every other prefix is of a vocabulary.
OTHER_SITES_DATA = ("wd", "los", "eutheme")


def test_no_link_is_named_by_the_compact_iri_of_our_things_or_of_a_vocabulary_term(real_build: PublishedBuild) -> None:
    """The repository's own build: a thing without a label is named by what it is and whose (``Mål 1 –
    Notodden``, ``Kildelinje 7: …``), never ``id:region/notodden/goal/1``; a property or class of another
    vocabulary by what the page's language calls it (``avledet fra``, ``was derived from``), never
    ``prov:wasDerivedFrom``: every term the build uses is in byregion/i18n.py's table or labelled in the data.
    (An ontology's documentation of its terms names their parents, domains and ranges by compact IRI, as
    ontology documentation does; its table of properties does not.)"""
    vocabularies = "|".join(re.escape(prefix) for prefix in PREFIXES if prefix not in OTHER_SITES_DATA)
    compact = re.compile(rf'<a href="[^"]*"[^>]*>((?:{vocabularies}):[^<]*)</a>')
    term_sections = re.compile(r'<section class="term".*?</section>', re.DOTALL)
    named: dict[str, tuple[str, str]] = {}
    for path, variant, markup in pages(DocumentStore(real_build.path / FILE)):
        for link in compact.findall(term_sections.sub("", markup)):
            named.setdefault(link, (path, variant))
    assert named == {}


@pytest.mark.parametrize(("lang", "heading", "shown"), [
    ("nb", "Byregioner i Byregionprogrammet",
     ["Midt-Telemark – samarbeidskommune (annenhåndskilde)", "Notodden – samarbeidskommune"]),
    ("en", "City regions in the City Region Programme",
     ["Midt-Telemark – partner municipality (secondary source)", "Notodden – partner municipality"])])
def test_a_municipality_page_names_the_city_regions_it_was_a_member_of(real_build: PublishedBuild, lang: str,
                                                                       heading: str, shown: list[str]) -> None:
    """Sauherad was a partner in two city regions (its page says so near the top, not only in "used by"), in
    Midt-Telemark's by a secondary source, which the page says."""
    municipality = page(DocumentStore(real_build.path / FILE), "/doc/municipality/sauherad", lang)
    assert municipality.find("h2", id="regions").text == heading
    items = municipality.find("h2", id="regions")
    listed = [li.text for li in municipality.find_all("li") if " – " in li.text and li.find_all("a")
              and li.find("a").attrs.get("href", "").startswith("/doc/region/")]
    assert listed == shown, (items, listed)


def test_every_page_has_a_description_for_search_engines_its_own_where_the_thing_has_one(
        store: DocumentStore) -> None:
    """``<meta name="description">``: the thing's own description (definition, description, comment or text), at
    most 200 characters on one line, else its title and the site's name; the catalogue its own."""
    missing = []
    for path, variant, markup in pages(store):
        found = re.search(r'<meta name="description" content="([^"]*)">', markup)
        if found is None or not found.group(1).strip() or len(html_unescape(found.group(1))) > 200 \
                or "\n" in found.group(1):
            missing.append((path, variant, found.group(1) if found else None))
    assert not missing, missing[:5]
    goal = page(store, "/doc/region/notodden/goal/1", "nb").find("meta", name="description").attrs["content"]
    assert goal.startswith("å utvikle en delingskultur"), goal  # the goal's own text, as the page writes it
    theme = page(store, "/doc/theme/delingskultur", "en").find("meta", name="description").attrs["content"]
    assert theme and "Sharing culture" not in theme[:15], theme  # its definition, not its title


def test_no_page_search_engines_list_has_a_short_description_or_one_another_page_of_its_language_has(
        store: DocumentStore) -> None:
    """Every page a search engine may list (its own canonical page, not ``noindex``), in each language: a meta
    description of at least :data:`MIN_OWN_DESCRIPTION` characters, and one no other page of that language has, Open
    Graph's the same. A class's text that things share ("nytt nummer" on every renumbering, the disclaimer on every
    geometry: 43 % of the repository's pages had shared theirs, 355 said only "nytt nummer") gives way to the page's
    summary or its title, which are each page's own (an SEO review)."""
    by_text: dict[tuple[str, str], list[str]] = {}
    short = []
    for path, variant, markup in pages(store):
        own = f'<link rel="canonical" href="{BASE}{path}{"?lang=en" if variant.endswith("en") else ""}">'
        if path.startswith("!") or 'content="noindex"' in markup or own not in markup:
            continue  # an error's page, one not to list, or another's (the ontology's current version: /def/byregion)
        said = html_unescape(re.search(r'<meta name="description" content="([^"]*)">', markup).group(1))
        shown = html_unescape(re.search(r'<meta property="og:description" content="([^"]*)">', markup).group(1))
        assert shown == said, (path, variant)
        if len(said) < MIN_OWN_DESCRIPTION:
            short.append((path, variant, said))
        by_text.setdefault((variant, said), []).append(path)
    assert not short, short[:5]
    assert not {key: paths for key, paths in by_text.items() if len(paths) > 1}, [
        (key[1][:60], paths[:3]) for key, paths in by_text.items() if len(paths) > 1]
    change = page(store, "/doc/municipality/midt-telemark/change/2020-01-01", "nb")
    assert change.find("meta", name="description").attrs["content"].startswith(change.find("h1").text)


@pytest.mark.parametrize(("lang", "numbers", "municipalities", "regions"), [
    ("nb", "Fylkesnummer", "Kommuner i fylket", "Byregioner i fylket"),
    ("en", "County numbers", "Municipalities in the county", "City regions in the county")])
def test_a_county_page_has_its_maps_numbers_municipalities_and_city_regions(
        real_build: PublishedBuild, lang: str, numbers: str, municipalities: str, regions: str) -> None:
    """Telemark: numbers 08 (through 2019) and 40 (from 2024), each municipality number that named it with its
    period (Notodden as 0807 and as 4005), the city regions placed in it, and a map per period it existed in."""
    county = page(DocumentStore(real_build.path / FILE), "/doc/county/telemark", lang)
    assert county.find("h2", id="codes").text == numbers
    assert county.find("h2", id="municipalities").text == municipalities
    assert county.find("h2", id="regions").text == regions
    tables = county.find_all("table")
    codes = [[td.text for td in tr.find_all("td")] for tr in tables[0].find_all("tr") if tr.find_all("td")]
    older, still = t("before_records", lang), t("still_valid", lang)  # no empty cell: what an empty date means
    assert codes == [["08", older, "2019-12-31"], ["40", "2024-01-01", still]]
    rows = {tuple(td.text for td in tr.find_all("td")) for tr in tables[1].find_all("tr") if tr.find_all("td")}
    assert {("0807", "Notodden", older, "2019-12-31"), ("4005", "Notodden", "2024-01-01", still)} <= rows
    assert len(rows) == 18 + 17
    listed = [a.text for a in county.find("ul", class_="county-regions").find_all("a")]
    assert {"Notodden", "Grenland"} <= set(listed)
    viken = page(DocumentStore(real_build.path / FILE), "/doc/county/viken", lang)  # no region placed in it in 2015
    assert {"Hallingdal", "Nedre Romerike"} <= \
        {a.text for a in viken.find("ul", class_="county-regions").find_all("a")}
    figures = county.find_all("figure")
    assert [f.attrs.get("id") for f in figures] == ["map-2019-figure", "map-2024-figure"]
    # the same county on both sides of its life, each with its day: it went into Vestfold og Telemark, came out again
    times = county.find("p", id="ended").find_all("time") + county.find("p", id="predecessors").find_all("time")
    assert [t.attrs.get("datetime") for t in times] == ["2020-01-01", "2024-01-01"]
    # written as the sentence around them writes a day (they were ISO dates in the middle of a sentence)
    assert [t.text for t in times] == {"nb": ["1. januar 2020", "1. januar 2024"],
                                       "en": ["1 January 2020", "1 January 2024"]}[lang]
    # one county across the gap only on an assumed Wikidata item: said under its numbers, linked to the note
    note = county.find("p", id="identity-note")
    assert note is not None and note.find("a").attrs["href"] == page_path("/id/county/telemark/quality/identity", lang)
    assert {"nb": "antatt, ikke bekreftet", "en": "assumed, not verified"}[lang] in note.text
    assert not viken.find_all("p", id="identity-note")


@pytest.mark.parametrize(("lang", "summary", "version"), [
    ("nb", r"Norge: 33 byregioner og 193 kommuner", r"\d{1,2}\. [a-z]+ 20\d\d kl\. \d\d\.\d\d UTC"),
    ("en", r"Norway: 33 city regions and 193 municipalities", r"\d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d UTC")])
def test_the_catalogue_page_counts_its_places_and_folds_their_linked_names_and_says_when_in_words(
        real_build: PublishedBuild, lang: str, summary: str, version: str) -> None:
    """The ~230 places of ``dct:spatial`` were one paragraph of names; the version was its raw string."""
    shown = page(DocumentStore(real_build.path / FILE), "/catalog", lang)
    places = shown.find("details", class_="places")
    assert re.fullmatch(summary, places.find("summary").text), places.find("summary").text
    links = [a.attrs["href"] for a in places.find_all("a")]
    assert len(links) == 33 + 193 and page_path("/id/region/notodden", lang) in links
    assert page_path("/id/municipality/sauherad", lang) in links
    when = shown.find("time")
    assert re.fullmatch(version, when.text) and when.attrs["datetime"].endswith("Z"), when.text


def test_only_a_region_pages_text_is_marked_as_translated(real_build: PublishedBuild) -> None:
    """A change's English description is the changes table's own wording (its Norwegian is made from it), and the
    ontology's comments are the project's in both languages: no "Translation" mark, which belongs to the English of
    a region page's Norwegian text."""
    store = DocumentStore(real_build.path / FILE)
    for path in ("/doc/county/viken/change/2020-01-01", "/doc/municipality/notodden/change/2020-01-01"):
        assert not page(store, path, "en").find_all("span", class_="translation-mark"), path
    assert page(store, "/doc/region/notodden/goal/1", "en").find_all("span", class_="translation-mark")


def next_after(shown: Element, heading: str, tag: str) -> Element:
    """The first ``tag`` after the ``<h2 id=heading>`` in document order (the list or table it heads)."""
    order = list(shown.iter())
    start = order.index(shown.find("h2", id=heading))
    return next(e for e in order[start:] if e.tag == tag)


@pytest.mark.parametrize(("lang", "inferred", "unverified"), [("nb", "utledet", "ikke bekreftet"),
                                                              ("en", "inferred", "unverified")])
def test_every_list_of_memberships_says_how_uncertain_each_is(real_build: PublishedBuild, lang: str, inferred: str,
                                                               unverified: str) -> None:
    """Beside the role, wherever a membership is listed (a researcher read Gol as a certain applicant): the
    applicant's br:applicantConfidence, else the region's br:confidence of its member list; nothing where the
    region's facts block states it."""
    store = DocumentStore(real_build.path / FILE)
    doubt = next_after(page(store, "/doc/municipality/gol", lang), "regions", "ul").find("span", class_="doubt")
    # Gol's list is unverified, and its role inferred: both (it had shown only "inferred", as if it surely took part)
    assert doubt.text == f"({unverified}; {inferred})"
    assert [a.attrs["href"] for a in doubt.find_all("a")] == [page_path("/def/byregion#unverified", lang),
                                                                page_path("/def/byregion#inferred", lang)]
    kongsvinger = next_after(page(store, "/doc/region/kongsvingerregionen", lang), "members", "table")
    assert {s.text for s in kongsvinger.find_all("span", class_="doubt")} == {
        f"({unverified})", f"({unverified}; {inferred})"}
    flaa = next_after(page(store, "/doc/municipality/fla", lang), "regions", "ul")
    assert flaa.find("span", class_="doubt").text == f"({unverified})"  # a partner of an unverified list
    notodden = next_after(page(store, "/doc/municipality/notodden", lang), "regions", "ul")
    assert notodden.find_all("span", class_="doubt") == []  # Notodden's facts block names its members
    members = next_after(page(store, "/doc/region/hallingdal", lang), "members", "table")
    assert len(members.find_all("span", class_="doubt")) == len(members.find("tbody").find_all("tr"))
    listed = next_after(page(store, "/doc/programme/byregionprogrammet", lang), "municipalities", "table")
    row = next(tr for tr in listed.find_all("tr") if any(a.text == "Gol" for a in tr.find_all("a")))
    assert row.find("span", class_="doubt").text == f"{unverified}; {inferred}"
    # Ranaregionen's source describes phase 1: its members as phase 2's (2015's) are inferred, beside their list's level
    secondary = {"nb": "annenhåndskilde", "en": "secondary source"}[lang]
    hemnes = next_after(page(store, "/doc/municipality/hemnes", lang), "regions", "ul")
    assert hemnes.find("span", class_="doubt").text == f"({secondary}; {inferred})"
    rana = next_after(page(store, "/doc/region/ranaregionen", lang), "members", "table")
    assert {s.text for s in rana.find_all("span", class_="doubt")} == {f"({secondary}; {inferred})"}


@pytest.mark.parametrize(("lang", "part_of", "split", "within", "new"), [
    ("nb", "nå en del av", "(nå delt mellom Narvik (1806) og Hábmer - Hamarøy (1875))",
     "(nå en del av Ålesund (1508))", "(nå en del av nye Molde (1506))"),
    ("en", "now part of", "(now split between Narvik (1806) and Hábmer - Hamarøy (1875))",
     "(now part of Ålesund (1508))", "(now part of the new Molde (1506))")])
def test_a_member_that_has_ended_says_what_it_is_part_of_today(real_build: PublishedBuild, lang: str,
                                                                part_of: str, split: str, within: str,
                                                                new: str) -> None:
    """Both reviewers of the data read "0822 (–2019)" as a member that was gone: the region's member table names
    the municipalities that hold its area today, through every merger since (Tysfjord: two)."""
    store = DocumentStore(real_build.path / FILE)

    def became(region: str) -> dict[str, list[str]]:
        members = next_after(page(store, f"/doc/region/{region}", lang), "members", "table")
        out = {}
        for row in members.find("tbody").find_all("tr"):
            cell = row.find("th")  # the row's header: the member
            now = [s for s in cell.find_all("span", class_="now") if s.text.startswith(f"({part_of}")
                   or s.text == split]
            out[cell.find("a").text] = [a.attrs["href"] for s in now for a in s.find_all("a")]
        return out
    notodden = became("notodden")
    assert notodden["Sauherad"] == [page_path("/id/municipality/midt-telemark", lang)] and notodden["Notodden"] == []
    tysfjord = became("narvikregionen")["Tysfjord"]
    assert sorted(tysfjord) == [page_path("/id/municipality/habmer-hamaroy", lang), page_path("/id/municipality/narvik",
                                                                                              lang)]

    def said(region: str, member: str) -> str:
        members = next_after(page(store, f"/doc/region/{region}", lang), "members", "table")
        row = next(r for r in members.find("tbody").find_all("tr") if r.find("th").find("a").text == member)
        return row.find("th").find_all("span", class_="now")[-1].text  # after an "officially" where there is one
    assert said("narvikregionen", "Tysfjord") == split  # split itself between two
    # the Ålesund of 2020, split in 2024: the boundaries say which part holds Sandøy's area (br:areaWithin)
    assert said("alesundregionen", "Sandøy") == within
    assert became("alesundregionen")["Haram"] == [page_path("/id/municipality/haram", lang)]
    assert said("molderegionen", "Molde") == new  # a successor of its own name is the new one


def test_a_statements_source_line_links_to_the_page_it_was_read_from(real_build: PublishedBuild) -> None:
    """"Kilde: linje 7" leads to the source document's page (a researcher found it plain text)."""
    shown = page(DocumentStore(real_build.path / FILE), "/doc/region/notodden", "nb")
    lines = [a for a in shown.find_all("a") if a.text.startswith("Kilde: linje ")]
    assert lines and all(a.attrs["href"] == f"/doc/source/notodden#line-{a.text.rsplit(' ', 1)[1]}" for a in lines)
    source = page(DocumentStore(real_build.path / FILE), "/doc/source/notodden", "nb")
    ids = {li.attrs.get("id") for li in source.find_all("li")}
    assert {a.attrs["href"].split("#")[1] for a in lines} <= ids  # each line is on the page
    # the text's language is its own: the programme's tables were written in English; each line says it, and the
    # line numbers' labels ("Source: line 7") stay in the page's language (a crawler's review: they had been in a
    # list marked nb on the English page, read out with Norwegian sounds)
    for path, lang in (("/doc/source/notodden", "nb"), ("/doc/source/programme-regions", "en")):
        for page_lang in ("nb", "en"):
            shown = page(DocumentStore(real_build.path / FILE), path, page_lang)
            [lines] = [ol for ol in shown.find_all("ol") if "source-lines" in ol.attrs.get("class", "")]
            assert "lang" not in lines.attrs and {s.attrs.get("lang") for s in lines.find_all("span")} == {lang}, path
            labels = {a.attrs["aria-label"].rsplit(" ", 1)[0] for a in lines.find_all("a")}
            assert labels == {{"nb": "Kilde: linje", "en": "Source: line"}[page_lang]}, path


def test_a_municipality_made_by_a_merger_names_its_predecessors_regions_and_one_in_none_says_so(
        real_build: PublishedBuild) -> None:
    """Midt-Telemark (2020) said nothing of the programme, though Bø and Sauherad took part (a planner's review),
    and Hof or Sande left the section out without a word."""
    store = DocumentStore(real_build.path / FILE)
    merged = page(store, "/doc/municipality/midt-telemark", "nb")
    assert merged.find("h2", id="predecessor-regions").text == "Forgjengerne i Byregionprogrammet"
    listed = [" ".join(li.text.split()) for li in merged.find_all("li")
              if li.find_all("a", href="/doc/region/notodden") or li.find_all("a", href="/doc/region/midt-telemark")]
    assert any(item.startswith("Sauherad: Notodden") for item in listed), listed
    assert any(item.startswith("Bø (Telemark): Midt-Telemark") for item in listed), listed
    assert not merged.find_all("p", id="not-in-programme")
    for path in ("/doc/municipality/hof", "/doc/municipality/sande-vestfold"):
        said = page(store, path, "en").find("p", id="not-in-programme")
        assert "do not show the municipality or a predecessor" in said.text, path
        assert "33 of the programme's city regions" in said.text
    member = page(store, "/doc/municipality/kongsberg", "nb")
    assert not member.find_all("p", id="not-in-programme") and not member.find_all("h2", id="predecessor-regions")
    # a split is read by area, as the maps read it: Haram of 2024 goes back to Haram of 1534 alone, and Ålesund of
    # 2024 to the four others the Ålesund of 2020 was made of (both had named all five: a GIS review)
    for path, expected in (("/doc/municipality/haram", ["Haram"]),
                           ("/doc/municipality/alesund", ["Sandøy", "Skodje", "Ørskog", "Ålesund"])):
        shown = page(store, path, "en")
        assert shown.find("h2", id="predecessor-regions") is not None, path
        listed = [" ".join(li.text.split()).split(":")[0] for li in shown.find_all("li")
                  if li.find_all("a", href="/doc/region/alesundregionen?lang=en") and ":" in li.text]
        assert listed == expected, path


@pytest.mark.slow  # the repository's build: the test site's regions have no notes
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_parts_of_different_regions_that_share_a_label_have_titles_naming_their_region(real_build: PublishedBuild,
                                                                                        lang: str) -> None:
    """Each region's phase notes have one label ("Setningen om dem som ble tatt direkte opp i fase 2 …"): their
    pages' titles name the region too, so a search result or a tab tells them apart (an SEO review found 31 pages
    titled alike)."""
    store = DocumentStore(real_build.path / FILE)
    notes = [p for p in store.paths() if p.endswith("/phase/2/notes")]
    assert len(notes) > 1
    titles = {p: page(store, p, lang).find("title").text for p in notes}
    assert len(set(titles.values())) == len(titles), titles
    for path, title in titles.items():
        region = page(store, path.split("/phase/")[0], lang).find("h1").text.strip()
        assert region in title, (path, title)
    store.close()


@pytest.mark.parametrize(("path", "lang", "said"), [
    # the test site's Notodden region lists two members
    ("/doc/region/notodden", "nb", "Notodden: byregion i Byregionprogrammet (2014–2018), 2 kommuner: Notodden og "
                                   "Sauherad."),
    ("/doc/municipality/notodden", "nb", "Notodden: kommune, kommunenummer 0807, 3808, 4005. Med i "
                                         "Byregionprogrammet i byregionen Notodden."),
    ("/doc/municipality/notodden", "en", "Notodden: a Norwegian municipality, municipality numbers 0807, 3808, 4005. "
                                         "Took part in the City Region Programme in the city region Notodden."),
])
def test_a_page_whose_thing_has_no_description_is_described_by_its_facts(store: DocumentStore, path: str, lang: str,
                                                                         said: str) -> None:
    """The meta description a search engine shows under the title: a region's, municipality's or county's facts,
    where it had been the title again (an SEO review: every region, municipality and county page)."""
    description = page(store, path, lang).find("meta", name="description").attrs["content"]
    assert description.startswith(said), description


@pytest.mark.parametrize("path", ["/doc/programme/byregionprogrammet", "/def/byregion"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_long_page_opens_with_its_contents_and_each_entry_leads_to_its_section(store: DocumentStore, path: str,
                                                                                lang: str) -> None:
    """The programme's page is some thirty screens on a phone (a phone review): its sections are listed first, as
    the ontology's terms are, and every entry leads to a heading of the page."""
    shown = page(store, path, lang)
    contents = shown.find("nav", class_="contents")
    assert contents is not None, path
    targets = [a.attrs["href"][1:] for a in contents.find_all("a")]
    ids = {element.attrs["id"] for element in shown.find_all("*") if "id" in element.attrs}
    assert len(targets) >= 4 and not set(targets) - ids, (path, set(targets) - ids)



@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_figures_note_says_each_has_its_query_only_where_each_has_one(store: DocumentStore,
                                                                           real_build: PublishedBuild,
                                                                           lang: str) -> None:
    """The programme's first five figures are the sources' own (phase 1's regions, …) and have no query, while the
    note above them had said each had the query that gives it (a Norwegian editor's review)."""
    def note_and_queries(documents: DocumentStore) -> tuple[str, list[bool]]:
        shown = page(documents, "/doc/programme/byregionprogrammet", lang)
        rows = shown.find("table", class_="figures").find("tbody").find_all("tr")
        return (next_after(shown, "figures", "p").text,
                [any(a.text == t("run_query", lang) for a in row.find_all("a")) for row in rows])
    note, queries = note_and_queries(DocumentStore(real_build.path / FILE))
    assert queries[:5] == [False] * 5 and all(queries[5:])
    assert note == t("figures_note_sources", lang)
    assert note.startswith({"nb": "Tall uten spørring står slik kildene oppgir dem",
                            "en": "A figure without a query is as the sources give it"}[lang])
    note, queries = note_and_queries(store)  # the site fixture's figures are all computed
    assert queries and all(queries) and note == t("figures_note", lang)
