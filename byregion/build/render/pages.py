"""HTML pages, rendered when the build is made: the resource pages, the home page, the catalogue's pages and
the error page, in Norwegian and English.

The templates are the site's (``byregion/web/templates``); this module gives them what a request would have
(``lang``, ``t``, ``url_with_lang``) without a request. Links to our own IRIs are host-relative paths, so
a page works on whatever host serves it; the few texts that must name the host hold
:data:`byregion.docstore.HOST`, which the server replaces.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, TemplateSyntaxError, select_autoescape
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, SKOS, VOID
from rdflib.term import Node

from byregion import REPO_ROOT, dcat, describe, i18n, pages, quality, uris, void
from byregion.build.reader import ClassCount
from byregion.docstore import DESCRIBEDBY, HOST, PageLink
from byregion.graph_index import GraphIndex
from byregion.identifiers.history import first_reached
from byregion.identifiers.paths import COUNTY_LIST, MEMBERSHIP_LIST, MUNICIPALITY_LIST, REGION_LIST
from byregion.importer.parse import LINE_BREAK
from byregion.maps.atlas import Atlas, names_of
from byregion.maps.texts import listing
from byregion.mediatypes import DOCUMENT_TYPES, GEOJSON, HTML, JSONLD, RDF_TYPES, TURTLE, MediaType
from byregion.namespaces import OA, SCHEMA
from byregion.paths import GRAPH_STORE
from byregion.titles import Titles

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"


class TemplateProblem(ValueError):
    """A page template Jinja cannot compile (:func:`check_templates`), said in one line."""


@cache
def environment() -> Environment:
    """The Jinja environment of the site's templates (autoescaped, as Flask sets it up)."""
    return _environment(TEMPLATES)


def check_templates(folder: Path = TEMPLATES) -> None:
    """Compile every template in ``folder`` (the site's) with the filters the pages use, as rendering will:
    :class:`TemplateProblem` naming the first Jinja cannot compile, with the line Jinja gives and what it says (for a
    block left open, the tag's name; Jinja gives the line where the template ended it, not where the tag opened).
    The build runs it before any work: a ``{% if %}`` left open had stopped the build after its merge and validation,
    in three tracebacks."""
    env = environment() if folder == TEMPLATES else _environment(folder)
    shown = folder.relative_to(REPO_ROOT) if folder.is_relative_to(REPO_ROOT) else folder
    for name in env.list_templates():
        try:
            env.get_template(name)  # kept compiled in the environment, for the render
        except TemplateSyntaxError as exc:  # an assertion too (a filter no page has)
            said = " ".join(exc.message.split()).rstrip(".") if exc.message else type(exc).__name__
            raise TemplateProblem(f"{shown / name}, line {exc.lineno}: {said}") from None
        except UnicodeDecodeError as exc:
            raise TemplateProblem(f"{shown / name} is not UTF-8 ({exc.reason} at byte {exc.start})") from None


def _environment(folder: Path) -> Environment:
    env = Environment(loader=FileSystemLoader(folder), autoescape=select_autoescape(["html", "xml"]),
                      trim_blocks=False, lstrip_blocks=False, keep_trailing_newline=True, auto_reload=False)
    env.filters["number"] = i18n.number  # {{ n | number(lang) }}: one way of writing numbers per language
    env.filters["file_size"] = i18n.file_size  # {{ bytes | file_size(lang) }}: "6,9 MB"
    env.filters["whole_dates"] = i18n.whole_dates  # {{ label | whole_dates }}: no date broken at its hyphens
    env.filters["language_name"] = i18n.language_name  # {{ "nb" | language_name(lang) }}: "norsk"
    env.filters["quotations_in"] = i18n.quotations_in  # {{ text | quotations_in("en") }}: «…» marked as English
    env.filters["day"] = i18n.date  # {{ "2020-01-01" | day(lang) }}: "1. januar 2020" in a sentence
    env.filters["page_path"] = uris.page_path  # {{ "/id/scheme/themes" | page_path(lang) }}: the page in lang
    # the lists of every municipality and every county, which the municipalities' and counties' pages link, and the
    # programme's tables as pages, which the programme's page links
    env.globals["lists"] = {"municipalities": MUNICIPALITY_LIST, "counties": COUNTY_LIST,
                            "memberships": MEMBERSHIP_LIST, "regions": REGION_LIST}
    return env


def render(template: str, lang: str, **context: Any) -> str:
    """``template`` in ``lang``; the language switch links to ``?lang=…`` on the same page."""
    return environment().get_template(template).render(
        lang=lang, t=lambda key: i18n.t(key, lang), url_with_lang=lambda code: f"?lang={code}",
        languages=i18n.LANGUAGES, **context)


class Linker:
    """Turns our IRIs into host-relative paths to their documents in the page's language ``lang`` (``/doc/region/x``,
    ``/doc/region/x?lang=en``: :func:`byregion.uris.local_href`), so that links work on any host and an English page
    leads on to English pages; with the build's ``titles``, names a thing of ours as its page is titled where its
    label does not say what it is (:class:`byregion.pages.Titling`)."""

    def __init__(self, base: str, titles: Titles | None = None, *, lang: str) -> None:
        self.base = base
        self.titles = titles
        self.lang = lang
        self._own = f"{base}/id/"

    def __call__(self, iri: str) -> str:
        return uris.local_href(iri, self.lang, self.base)

    def title(self, iri: str, lang: str) -> str | None:
        if self.titles is None or not iri.startswith(self._own):
            return None
        return self.titles.derived_cached(iri, lang)


def page_link(href: str, media_type: MediaType, rel: str | None = None) -> PageLink:
    """A link of a page's ``<head>`` to ``href`` in ``media_type`` (``rel=alternate`` unless ``rel`` says another)."""
    return PageLink(href, media_type.name, media_type.label, *(() if rel is None else (rel,)))


#: What the home page links for a linked-data client that dereferences the site's root (which does not read HTML):
#: the dataset's description in RDF, and its VoID. Its head and its answers' ``Link`` header are made of these.
HOME_LINKS = (page_link(f"/dataset.{TURTLE.extension}", TURTLE), page_link(f"/dataset.{JSONLD.extension}", JSONLD),
              page_link("/.well-known/void", TURTLE, DESCRIBEDBY))


def alternates(doc_path: str, lang: str = i18n.DEFAULT, offered: tuple[MediaType, ...] = DOCUMENT_TYPES
               ) -> list[tuple[str, str, str]]:
    """The other formats of a page (``offered``: the document's formats, GeoJSON too for a thing with a geometry),
    and the list of its profiles and formats (``?_profile=alt``), that list in the page's language (an English page
    had linked the Norwegian one)."""
    return [*((f"{doc_path}.{m.extension}", m.name, m.label) for m in offered if m is not HTML),
            (uris.in_language(f"{doc_path}?_profile=alt", lang), HTML.name, i18n.t("profiles_title", lang))]


def resource_page(index: GraphIndex, doc_path: str, iri: str, graph: Graph, lang: str, *, inbound_limit: int,
                  br: Namespace, inbound: tuple[list[describe.Link], bool] | None = None,
                  atlas: Atlas | None = None, structured_data: bytes | None = None,
                  offered: tuple[MediaType, ...] = DOCUMENT_TYPES, titles: Titles | None = None,
                  earlier: tuple[str, str] | None = None, source_text: str | None = None,
                  downloads: list[dict[str, Any]] | None = None,
                  holds: tuple[ClassCount, ...] = ()) -> str:
    """The HTML page of a thing: its kind's template (region, municipality, theme, programme, terms) or the
    generic one, with what links to it ("used by"), and its maps when the build has an ``atlas``.
    ``structured_data``: the thing's schema.org JSON-LD, embedded for search engines; ``offered``: the formats
    of its document, which the page links; ``titles``: the build's (knowing which titles things share);
    ``earlier``: on the page of an earlier version of the ontology, its version and the current one's (the page
    says that it is an earlier version, and links to the current ontology); ``source_text``: a source document's
    text, which its page shows line by line (``#line-7``, where a statement's "Source: line 7" leads);
    ``downloads``: a named graph's dumps (:func:`dump_rows`), which its page lists with their sizes; ``holds``: a
    named graph's classes by count (its VoID class partitions), which its page lists (:func:`holds_rows`)."""
    titles = titles or Titles(index, br)
    href = Linker(index.base, titles, lang=lang)
    node = URIRef(iri)
    page = pages.base_page(graph, node, lang, href)
    # a text other things say too (a class's word; an earlier version of the ontology says the current one's)
    shared = page.description is not None and (index.said_by[page.description.value] > 1 or earlier is not None)
    if page.description is not None:
        page.description = quoting_sources(index, graph, node, page.description)
    if (quoted := source_language(index, graph, node)) is not None:  # the texts in the table of its properties too
        for _, values in page.properties:
            for shown in values:
                if shown.href is None and "«" in shown.text and quoted != (shown.lang or lang).split("-")[0]:
                    shown.quoted_lang = quoted
    page.title = titles.derived(iri, lang) or page.title
    page.head_title = titles.described(iri, page.title, lang)
    types = set(graph.objects(node, RDF.type))
    extra: dict[str, Any] = {}
    template = "resource.html"
    if br.CityRegion in types:
        extra, template = pages.region(graph, node, lang, href, br), "region.html"
        for member in extra["members"]:
            if member["member"] is not None and member["member"].iri:
                member.update(_became(index, member["member"], lang, href, titles, br))
    elif br.Programme in types:
        # the members' numbers and changes of name, which the programme's own description does not hold (each
        # region's does): the table of municipalities says what a member is called now, or what it became
        extra, template = pages.programme(graph + members_facts(index, graph, br), node, lang, href,
                                          br), "programme.html"
        for member in extra["municipalities"]:
            if member["municipality"].iri:
                member.update(_became(index, member["municipality"], lang, href, titles, br))
        # every region's outline on one map file, linked beside the map (the formats list has it too)
        geojson = f"{doc_path}.{GEOJSON.extension}"
        extra["geojson"] = {"href": geojson, "type": GEOJSON.name,
                            "name": geojson.rsplit("/", 1)[-1]} if GEOJSON in offered else None
    elif br.SourceDocument in types and source_text is not None:
        # numbered as the importer numbers br:line (LF, CRLF, CR), not as str.splitlines (which parts at U+2028)
        extra["lines"] = LINE_BREAK.split(source_text.removesuffix("\n").removesuffix("\r"))
        written = graph.value(node, DCTERMS.language)  # an IRI ending in its tag: the programme's tables are English
        extra["lines_lang"] = str(written).rsplit("/", 1)[-1] if written is not None else None
    elif br.Municipality in types:
        extra, template = pages.municipality(graph, node, lang, href, br), "municipality.html"
        extra["regions"] = city_regions(index, node, lang, href, titles, br)
        extra["predecessor_regions"] = predecessor_regions(index, node, lang, href, titles, br)
        extra["regions_in_data"] = len(index.subjects_with(RDF.type, br.CityRegion))
    elif br.County in types:
        extra, template = pages.county(graph, node, lang, href, br), "county.html"
        extra.update(county_contents(index, node, lang, href, titles, br))
    elif SKOS.Concept in types:
        extra = pages.concept(graph, node, lang, href)
        tagged = describe.tagged_statements(index, iri, inbound_limit, br)
        subjects = sorted(set(tagged.subjects(RDF.type)), key=lambda s: str(s))
        regions = {s: tagged.value(s, br.region) for s in subjects}
        extra["statements"] = [dict(pages.statement(tagged, s, lang, href, br),
                                    region=pages.value(tagged, region, lang, href) if region is not None else None)
                               for s, region in regions.items()]
        template = "theme.html"
    changed = describe.changes(index, iri)
    if changed and ("successors" in extra or "predecessors" in extra):
        extra["change_dates"] = succession_dates(index, node, changed)
    if changed:  # a municipality's or county's changes: their pages are linked from here
        extra["changes"] = [pages.Value(pages.text_by_language(change.labels, lang)
                                        or pages.curie(str(change.iri), href.base), href(str(change.iri)),
                                        iri=str(change.iri))
                            for change in changed]
    page.summary = summary(template, page.title, extra, lang)
    if atlas is not None:
        extra.update(page_maps(atlas, template, node, graph, page.title, lang, href,
                               [c["county"].text for c in extra.get("member_counties", [])]))
    if SKOS.ConceptScheme in types or doc_path == "/def/byregion" or doc_path.startswith("/def/byregion/"):
        extra.update(pages.terms(graph, node, lang, href))
        template = "terms.html"
    if earlier is not None:
        version, current = earlier
        extra["earlier"] = {"text": i18n.t("earlier_version", lang).format(version=version),
                            "current": i18n.t("current_version" if current else "current_ontology", lang).format(
                                version=current),
                            "href": "/def/byregion"}
        page.head_title = f"{page.head_title or page.title} {version}"
    page.meta_description = pages.meta_description(page.description.value if page.description else None, shared,
                                                   page.summary, page.head_title or page.title,
                                                   i18n.t("site_name", lang))
    links, cut = inbound if inbound is not None else describe.inbound(index, iri, inbound_limit)
    named = [(link, pages.Value(href.title(str(link.subject), lang) or pages.text_by_language(link.labels, lang)
                                or pages.curie(str(link.subject), href.base), href(str(link.subject)),
                                iri=str(link.subject)))
             for link in links]
    # each property's things by their names, in Norwegian order (the names are Norwegian in either language): by
    # their IRIs, Ålesundregionen came first and Region Namdal among the N's (a copy editor's review)
    named.sort(key=lambda pair: (str(pair[0].predicate), i18n.norwegian_key(pair[1].text), str(pair[0].subject)))
    used_by = [(_property(graph, link.predicate, lang, href, titles), value) for link, value in named]
    # the ontology's own version IRI is the ontology's document again: that is its canonical page; an earlier
    # version's page is a page of its own (other terms)
    canonical = "/def/byregion" if doc_path.startswith("/def/byregion/") and earlier is None else doc_path
    if downloads:
        extra["downloads"] = downloads
        extra["graph_store"] = graph_store_url(iri)
    if holds:  # its own table, where the properties' would show each partition's blank node as "[…]"
        extra["holds"] = holds_rows(iri, holds, lang, href, titles)
        page.properties = [(prop, values) for prop, values in page.properties if prop.iri != str(VOID.classPartition)]
    return render(template, lang, page=page, extra=extra, inbound=used_by, inbound_cut=cut,
                  alternates=alternates(doc_path, lang, offered),
                  page_urls=i18n.page_urls(canonical, origin=index.base),
                  structured_data=dcat.script_safe(structured_data.decode("utf-8")) if structured_data else None)


def quoting_sources(index: GraphIndex, graph: Graph, node: URIRef, text: pages.Text) -> pages.Text:
    """``text`` (a thing's lead) with the language its quotations are in, where it is the project's own words (no
    translation) and the thing is derived from a source written in another language: Notodden's phase 1 quotes
    the programme's notes, which are English, in a Norwegian sentence («the region grew …»)."""
    if text.is_translation or "«" not in text.value:
        return text
    tag = source_language(index, graph, node)
    return replace(text, quoted_lang=tag) if tag and tag != (text.lang or "").split("-")[0] else text


def source_language(index: GraphIndex, graph: Graph, node: URIRef) -> str | None:
    """The language tag of the first source ``node`` is derived from that says its language (``dct:language``)."""
    for cited in graph.objects(node, PROV.wasDerivedFrom):
        source = graph.value(cited, OA.hasSource)
        written = index.value(source, DCTERMS.language) if source is not None else None
        if written is not None:
            return str(written).rsplit("/", 1)[-1]
    return None


def named(thing: Node, lang: str, href: Linker, titles: Titles) -> pages.Value:
    """A thing of the build linked by its label (its CURIE where it has none)."""
    return pages.Value(titles.label(thing, lang) or pages.curie(str(thing), href.base), href(str(thing)), lang,
                       str(thing))


def city_regions(index: GraphIndex, node: URIRef, lang: str, href: Linker, titles: Titles,
                 br: Namespace) -> list[dict[str, Any]]:
    """The city regions a municipality was a member of, each with its role (applicant or partner) and a link to the
    membership, whose page says where the membership is stated."""
    found = []
    for membership in sorted(index.subjects_with(ORG.member, node), key=str):
        region, role = index.value(membership, ORG.organization), index.value(membership, ORG.role)
        if not isinstance(region, URIRef):
            continue
        found.append({"region": named(region, lang, href, titles),
                      "role": titles.label(role, lang) if role is not None else None,
                      "membership": href(str(membership)),
                      "doubts": [named(d, lang, href, titles)
                                 for d in pages.membership_doubts(index, region, role, br)]})
    return sorted(found, key=lambda r: i18n.norwegian_key(r["region"].text))


def predecessor_regions(index: GraphIndex, node: URIRef, lang: str, href: Linker, titles: Titles,
                        br: Namespace) -> list[dict[str, Any]]:
    """The city regions the municipalities ``node`` succeeds were members of, through every merger before it
    (``br:succeeds``, followed back): Midt-Telemark's page names Bø's and Sauherad's regions, which its own
    memberships (none: it was made in 2020) do not. A split is read by area (``br:areaWithin``), as the maps read
    it: a municipality that lies within ``node`` after a later split is its predecessor there (Haram of 1534 for
    Haram of 2024, not the five the Ålesund it was split from was made of), and one that lies within another is not
    (Haram of 1534 is not Ålesund of 2024's)."""
    held = [e for e in index.subjects_with(br.areaWithin, node) if isinstance(e, URIRef)]
    seen: list[URIRef] = []
    waiting = sorted(held, key=str) or [p for p in index.values(node, br.succeeds) if isinstance(p, URIRef)]
    while waiting:
        earlier = waiting.pop(0)
        if earlier in seen or earlier == node:
            continue
        seen.append(earlier)
        waiting += [p for p in index.values(earlier, br.succeeds) if isinstance(p, URIRef)]
    found = []
    for earlier in seen:
        if index.value(earlier, br.areaWithin) not in (None, node):
            continue  # its area went to another municipality in a later split
        name = named(earlier, lang, href, titles)
        found += [dict(r, predecessor=name) for r in city_regions(index, earlier, lang, href, titles, br)]
    return sorted(found, key=lambda r: (i18n.norwegian_key(r["predecessor"].text),
                                        i18n.norwegian_key(r["region"].text)))


def current_number(index: GraphIndex, unit: Node, br: Namespace) -> str | None:
    """The municipality number ``unit`` holds today (one without ``schema:validThrough``), if any."""
    for number in index.values(unit, br.municipalityNumber):
        if not index.values(number, SCHEMA.validThrough):
            code = index.value(number, SKOS.notation)
            if code is not None:
                return str(code)
    return None


def _listed(names: list[str], lang: str, most: int = 6) -> str:
    """``A, B og C`` (:func:`byregion.maps.texts.listing`), the first ``most`` and how many more."""
    return listing(names[:most] + ([i18n.t("n_more", lang).format(n=len(names) - most)] if len(names) > most else []),
                   lang)


def _codes(codes: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(c["code"]) for c in codes if c["code"]))


def summary(template: str, title: str, extra: dict[str, Any], lang: str) -> str | None:
    """A sentence of a region's, municipality's or county's facts, for the meta description of a page whose thing
    has no description of its own: a search result showed its title again (an SEO review: 1,070 such pages)."""
    if template == "region.html":
        members = [m["member"].text for m in extra.get("members", []) if m.get("member") is not None]
        return i18n.t("summary_region", lang).format(name=title, n=len(members), members=_listed(members, lang)) \
            if members else None
    codes = _codes(extra.get("codes", []))
    many = "_many" if len(codes) > 1 else ""
    if template == "municipality.html":
        regions = [r["region"].text for r in extra.get("regions", [])]
        said = i18n.t("summary_municipality" + many, lang).format(name=title, codes=", ".join(codes))
        in_regions = "summary_in_regions" + ("_many" if len(regions) > 1 else "")
        return said + " " + (i18n.t(in_regions, lang).format(regions=_listed(regions, lang)) if regions
                             else i18n.t("summary_not_in_programme", lang))
    if template == "county.html":
        return i18n.t("summary_county" + many, lang).format(name=title, codes=", ".join(codes))
    return None


def _became(index: GraphIndex, member: pages.Value, lang: str, href: Linker, titles: Titles,
            br: Namespace) -> dict[str, Any]:
    """What an ended member of a region became (``became``, each successor today with its number, and
    ``became_how``); nothing for one that still exists."""
    unit = URIRef(member.iri or "")
    became = successors_today(index, unit, br)
    # several: split itself (Tysfjord), or part of a successor split later where the boundaries do not say which
    # part holds the member's area (no br:areaWithin: Sandøy's says Ålesund of 2024)
    return {"became": [_with_number(_new_namesake(named(u, lang, href, titles), member.text, lang),
                                    current_number(index, u, br)) for u in became],
            "became_how": ("now_part_of" if len(became) < 2 else
                           "now_split_between" if len(index.values(unit, br.succeededBy)) > 1 else
                           "now_part_of_either")}


def members_facts(index: GraphIndex, graph: Graph, br: Namespace) -> Graph:
    """What :func:`byregion.pages.member_names` reads of each member the programme's memberships name: its labels
    and numbers (each with its dates) and its changes of name (``org:resultingOrganization``), from the index."""
    facts = Graph()
    members = {o for o in graph.objects(None, ORG.member) if isinstance(o, URIRef)}
    for member in members:
        subjects: list[Node] = [member, *index.values(member, br.municipalityNumber),
                                *(c for c in index.subjects_with(ORG.resultingOrganization, member)
                                  if br.nameChange in index.values(c, br.changeKind))]  # one of its kinds
        for subject in subjects:
            for predicate, obj in index.outgoing.get(subject, ()):
                facts.add((subject, predicate, obj))
    return facts


def _with_number(successor: pages.Value, number: str | None) -> pages.Value:
    """A successor named with the number it holds today, which a reader looks a merged member up by: "Midt-Telemark
    (4020)"."""
    return successor if number is None else replace(successor, text=f"{successor.text} ({number})")


def _new_namesake(successor: pages.Value, name: str, lang: str) -> pages.Value:
    """A successor of the member's own name is "the new" one: "Molde (nå en del av nye Molde)"."""
    if successor.text != name:
        return successor
    return pages.Value(i18n.t("the_new", lang).format(name=successor.text), successor.href, successor.lang,
                       successor.iri)


def _exists(index: GraphIndex, unit: Node, br: Namespace) -> bool:
    """Whether the municipality still exists: it holds a number with no last day."""
    numbers = index.values(unit, br.municipalityNumber)
    return any(index.value(n, SCHEMA.validThrough) is None for n in numbers)


def successors_today(index: GraphIndex, unit: URIRef, br: Namespace) -> list[URIRef]:
    """Where a municipality that has ended went: the units that succeeded it (``br:succeededBy``, followed through
    those that ended in turn) and exist today, so a region's member table says Sauherad is now part of Midt-Telemark;
    none for a municipality that still exists."""
    if _exists(index, unit, br):
        return []
    return first_reached(unit, lambda u: [s for s in index.values(u, br.succeededBy) if isinstance(s, URIRef)],
                         lambda u: _exists(index, u, br),
                         [s for s in index.values(unit, br.areaWithin) if isinstance(s, URIRef)])


def succession_dates(index: GraphIndex, node: URIRef, changed: list[describe.Change]) -> dict[str, dict[str, str]]:
    """For the units that succeeded ``node`` (``successors``) and those it succeeds (``predecessors``): IRI → the day
    of the change between them, so a page says when (Telemark went into Vestfold og Telemark on 2020-01-01 and came
    out of it on 2024-01-01: the same unit on both sides)."""
    dates: dict[str, dict[str, str]] = {"successors": {}, "predecessors": {}}
    for change in changed:
        before = set(index.values(change.iri, ORG.originalOrganization))
        after = set(index.values(change.iri, ORG.resultingOrganization))
        for role, others in (("successors", after if node in before else set()),
                             ("predecessors", before if node in after else set())):
            for other in others - {node}:
                if change.date:
                    dates[role].setdefault(str(other), change.date)
    return dates


def county_contents(index: GraphIndex, node: URIRef, lang: str, href: Linker, titles: Titles,
                    br: Namespace) -> dict[str, Any]:
    """What lay in a county, from the build's index: its municipalities by the municipality numbers that name it
    (each number with its period, so a municipality that changed number is listed once per number), and the
    city regions the programme places in it or that had a member municipality in it (Hallingdal, placed in
    Buskerud in 2015, lay in Viken from 2020)."""
    municipalities: list[dict[str, Any]] = []
    regions: set[URIRef] = set()
    for thing in index.subjects_with(br.county, node):
        if not isinstance(thing, URIRef):
            continue
        kinds = set(index.values(thing, RDF.type))
        if br.CityRegion in kinds:
            regions.add(thing)
        elif br.MunicipalityNumber in kinds:
            owner = next((m for m in index.subjects_with(br.municipalityNumber, thing) if isinstance(m, URIRef)),
                         None)
            if owner is None:
                continue
            regions.update(r for m in index.subjects_with(ORG.member, owner)
                           if isinstance(r := index.value(m, ORG.organization), URIRef))
            municipalities.append({
                "code": str(index.value(thing, SKOS.notation) or ""),
                "municipality": named(owner, lang, href, titles),
                "from": index.value(thing, SCHEMA.validFrom), "through": index.value(thing, SCHEMA.validThrough)})
    municipalities.sort(key=lambda m: (str(m["from"] or ""), m["code"]))
    shown = [named(r, lang, href, titles) for r in regions]
    return {"municipalities": municipalities, "regions": sorted(shown, key=lambda r: i18n.norwegian_key(r.text))}


def _property(graph: Graph, prop: URIRef, lang: str, href: Linker, titles: Titles) -> pages.Value:
    """A property linking to the page's thing, named by its label in the build (the ontology's, for ours) where the
    page's own description has none: it describes the thing, not the properties of the things linking to it."""
    shown = pages.value(graph, prop, lang, href)
    label = titles.label(prop, lang) if shown.text == pages.curie(str(prop), href.base) else None
    return pages.Value(label, shown.href, lang, shown.iri) if label else shown


def page_maps(atlas: Atlas, template: str, node: URIRef, graph: Graph, title: str, lang: str,
              href: Linker, counties: list[str] | None = None) -> dict[str, Any]:
    """The maps of a region's, the programme's, a municipality's or a county's page (``map`` / ``maps``);
    ``counties``: a region's members' counties on its reference date, as its facts block names them."""
    if template == "region.html":
        members = list(graph.objects(None, ORG.member))
        return {"map": atlas.region_map(node, lang, href, names_of(graph, members, lang), counties or [])}
    if template == "programme.html":
        return {"map": atlas.national_map(lang, href)}
    if template == "municipality.html":
        return {"maps": atlas.municipality_maps(node, lang, href, title)}
    if template == "county.html":
        return {"maps": atlas.county_maps(node, lang, href, title)}
    return {}


def holds_rows(graph_iri: str, holds: tuple[ClassCount, ...], lang: str, href: Linker,
               titles: Titles) -> list[dict[str, Any]]:
    """What a named graph holds, for its page: each class it types things as (named as the build names it, else
    as the pages name another vocabulary's terms, else by its prefixed name), how many, and a SPARQL query that
    lists them (the query page, run)."""
    rows, unlabelled = [], Graph()  # the class's link and prefixed name; its label is the build's (titles)
    for part in holds:
        shown = pages.value(unlabelled, URIRef(part.iri), lang, href)
        label = titles.label(URIRef(part.iri), lang) or i18n.term_label(part.iri, lang)
        query = f"SELECT ?thing WHERE {{\n  GRAPH <{graph_iri}> {{ ?thing a <{part.iri}> }}\n}}\nORDER BY ?thing"
        rows.append({"class": pages.Value(label, shown.href, lang, shown.iri) if label else shown,
                     "entities": part.entities,
                     "query": uris.in_language("/sparql?" + urlencode({"query": query}), lang) + "#answer"})
    return rows


def graph_store_url(graph_iri: str) -> str:
    """The graph store's URL of a named graph (``/graph-store?graph=…``, the SPARQL 1.1 Graph Store HTTP Protocol)."""
    return f"{GRAPH_STORE}?{urlencode({'graph': graph_iri})}"


def dump_rows(manifest: dict[str, Any], entries: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
    """The build's dump files as the catalogue serves them (``/dumps/…``), with media type and size; ``entries``:
    those of one named graph instead (``/dumps/graph/…``, :func:`byregion.void.graph_dumps`)."""
    entries = manifest.get("dumps", []) if entries is None else entries
    return [{"href": "/" + entry["file"], "name": entry["file"].rsplit("/", 1)[-1],
             "media_type": entry["media_type"], "compressed": entry["compressed"],
             "bytes": manifest["files"][entry["file"]]["bytes"]} for entry in entries]


def home_page(index: GraphIndex, manifest: dict[str, Any], lang: str, br: Namespace,
              atlas: Atlas | None = None) -> str:
    """The regions, the entry points, the dumps and tables, and the schema.org ``Dataset`` naming the request's host."""
    regions = sorted(index.subjects_with(RDF.type, br.CityRegion), key=str)
    labels = describe.labels(index, regions)
    href = Linker(index.base, lang=lang)
    pairs = sorted(((pages.value(labels, r, lang, href), r) for r in regions),
                   key=lambda pair: i18n.norwegian_key(pair[0].text))
    shown = [v for v, _ in pairs]
    # the regions whose page is read in: only they have goals, results and advice (the others, members and facts)
    with_text = [v for v, r in pairs if any(index.values(r, p) for p in (br.goal, br.result, br.advice))]
    return render("home.html", lang, regions=shown, with_text=with_text,
                  map=atlas.national_map(lang, href) if atlas else None,
                  dumps=dump_rows(manifest), tables=dcat.tables_view(manifest, lang),
                  host=HOST,
                  page_urls=i18n.page_urls("/", origin=index.base), links=HOME_LINKS)


def dataset_page(manifest: dict[str, Any], lang: str, catalogue: bool) -> str:
    """``/catalog`` or ``/dataset`` for people."""
    return render("dataset.html", lang, view=dcat.dataset_view(manifest, lang), catalogue=catalogue,
                  linksets=void.linkset_rows(manifest),
                  # the dataset marked up on its own page alone; the catalogue's, the catalogue that holds it
                  schema_org=(dcat.schema_org_catalogue_json if catalogue else dcat.schema_org_json)(manifest, HOST,
                                                                                                     lang),
                  page_urls=i18n.page_urls("/catalog" if catalogue else "/dataset",
                                           origin=str(manifest["base_uri"])),
                  alternates=[(f"{'/catalog' if catalogue else '/dataset'}.{m.extension}", m.name, m.label)
                              for m in RDF_TYPES])


def validation_page(manifest: dict[str, Any], report: Graph, lang: str) -> str:
    """``/validation`` for people: the figures and every warning."""
    return render("catalog_validation.html", lang, view=dcat.dataset_view(manifest, lang),
                  figures=quality.figure_rows(manifest["quality"], lang), validation=manifest["validation"],
                  warnings=quality.warning_rows(report),
                  page_urls=i18n.page_urls("/validation", origin=str(manifest["base_uri"])),
                  alternates=[(f"/validation.{m.extension}", m.name, m.label) for m in RDF_TYPES])


def profiles_page(doc_path: str, rows: list[dict[str, Any]], lang: str, title: str, origin: str = "") -> str:
    """The ``alt`` profile of a document for people: every profile × format with its URL, under the ``title`` of
    the thing's page. The language switch keeps ``?_profile=alt``; search engines are asked not to list it
    (``noindex``)."""
    return environment().get_template("profiles.html").render(
        lang=lang, t=lambda key: i18n.t(key, lang), url_with_lang=lambda code: f"?_profile=alt&lang={code}",
        languages=i18n.LANGUAGES, doc_path=doc_path, doc_href=uris.in_language(doc_path, lang), rows=rows,
        page_urls=i18n.page_urls(doc_path, "_profile=alt", origin),
        title=title,
        noindex=True)  # one per document, every one alike: the document's own page is the one to list


def error_page(lang: str, title_key: str = "not_found_title", message_key: str = "not_found",
               more: tuple[str, str] | None = None, *, facts: list[str] | None = None,
               also: tuple[str, str] | None = None) -> str:
    """An error's page in ``lang``: its title and message (i18n keys), ``facts`` (sentences in ``lang``, after the
    message), and ``more`` and ``also``, links (path, i18n key)."""
    more_href, more_key = more or (None, None)
    also_href, also_key = also or (None, None)
    return render("error.html", lang, title_key=title_key, message_key=message_key, more_href=more_href,
                  more_key=more_key, facts=facts or [], also_href=also_href, also_key=also_key)
