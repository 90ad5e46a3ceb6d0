"""What an HTML page shows, as plain data for the templates. Pure: description graph in, dicts out.

Links to our own IRIs are made by the caller's ``href`` (the server turns ``{base}/id/x`` into the path
``/id/x`` so that links work on whatever host serves the page); other IRIs are linked as they are. An ``href``
that can also title (:class:`Titling`: the build's, :mod:`byregion.titles`) names each thing of ours the way its
own page is titled (``Kongsberg i Notodden``, ``Mål 1 – Notodden``) rather than by a label that does not say
what it is (a membership's heading, ``Samarbeidskommune``) or by its compact IRI.

A build made with another base (``BYREGION_BASE_URI``) has its ontology terms rebased too, so the
functions that read ``br:`` terms take the build's namespace, ``br=ontology_namespace(build.base_uri)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from byregion import i18n, uris
from byregion.describe import best_label
from byregion.literals import visible
from byregion.namespaces import BASE, DQV, GEO, OA, PREFIXES, QUDT, SCHEMA
from byregion.periods import covers

Href = Callable[[str], str]


class Titling(Protocol):
    """An ``href`` that also knows the title of a thing of ours' page, where its label does not say what it is."""

    def __call__(self, iri: str) -> str: ...

    def title(self, iri: str, lang: str) -> str | None: ...



def ordered(nodes: Iterable[Node]) -> list[Node]:
    """``nodes`` in rdflib's term order (rdflib terms compare, but are not typed as comparable)."""
    return sorted(cast(Iterable[Any], nodes))


def one(graph: Graph, node: Node | None, prop: URIRef) -> Node | None:
    """One value of ``prop`` on ``node`` (None when ``node`` is None or has none)."""
    return None if node is None else graph.value(node, prop)


@dataclass
class Text:
    """A text in the reader's language; ``original`` is set when it is a translation of the Norwegian text, which is
    in ``original_lang`` (``nb``, or ``nn`` from a page written in Nynorsk)."""

    value: str
    lang: str | None
    original: str | None = None
    original_lang: str = "nb"
    #: the language of the quotations in «» in it, where not its own (the English of a source it quotes)
    quoted_lang: str | None = None

    @property
    def is_translation(self) -> bool:
        return self.original is not None


@dataclass
class Value:
    text: str
    href: str | None = None
    lang: str | None = None
    iri: str | None = None
    #: The language of the quotations in «» inside ``text`` where it is another than the text's (as :class:`Text`).
    quoted_lang: str | None = None


@dataclass
class Page:
    iri: str
    title: str
    kinds: list[Value]
    description: Text | None
    properties: list[tuple[Value, list[Value]]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    #: The title in <title> (browser tabs, bookmarks, search engines), where it says more than ``title``.
    head_title: str | None = None
    #: What a search engine shows under the title where the thing has no description of its own (the meta
    #: description): a sentence made of its facts (:func:`byregion.build.render.pages.summary`).
    summary: str | None = None
    #: The page's meta description (and Open Graph's), as :func:`meta_description` chooses it when the build renders it.
    meta_description: str | None = None


#: The shortest description of a thing's own that a page's meta description is made of: a shorter one ("nytt
#: nummer", "name change") says what kind of thing it is, not which (an SEO review: 355 pages said only that).
MIN_OWN_DESCRIPTION = 25


def meta_description(description: str | None, shared: bool, summary: str | None, title: str, site: str) -> str:
    """What a search engine shows under a page's title: the thing's own ``description`` where it is at least
    :data:`MIN_OWN_DESCRIPTION` characters and no other thing says it (``shared``: a class's text, as every
    geometry's disclaimer); else the ``summary`` sentence of its facts (a region's, a municipality's, a county's);
    else its ``title`` (each page's own), followed by the description where there is one that long, shared or not,
    and by the ``site``'s name where there is none."""
    said = " ".join(description.split()) if description else ""
    if len(said) >= MIN_OWN_DESCRIPTION and not shared:
        return said
    if summary:
        return summary
    return f"{title} – {said if len(said) >= MIN_OWN_DESCRIPTION else site}"


def pick(graph: Graph, node: Node, prop: URIRef, lang: str) -> Text | None:
    """The value of ``prop`` in ``lang``; in English, the @en text marked as a translation of the Norwegian one."""
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
    if not values:
        return None
    by_lang = {v.language or "": str(v) for v in values}
    norwegian = next((tag for tag in i18n.NORWEGIAN_TEXT if tag in by_lang), None)
    nb = by_lang[norwegian] if norwegian else None
    if lang == "en" and "en" in by_lang:
        return Text(by_lang["en"], "en", nb if nb and nb != by_lang["en"] else None, norwegian or "nb")
    for wanted in i18n.text_preference(lang):
        if wanted in by_lang:
            return Text(by_lang[wanted], wanted or None)
    return Text(str(values[0]), values[0].language)


def written_in(graph: Graph, node: Node, prop: URIRef, lang: str, source_lang: str,
               translations: Iterable[Node] = ()) -> Text | None:
    """The value of ``prop`` in ``lang`` where the text was written in ``source_lang`` and its other languages are
    the project's translations of it (a note of the research table, written in English, translated into Norwegian:
    the values of ``prop`` on ``translations``, its other bodies): a translation is marked as one, with the original
    beside it. Without a value in ``source_lang``, :func:`pick`."""
    by_lang = {v.language or "": str(v) for n in (*translations, node) for v in graph.objects(n, prop)
               if isinstance(v, Literal)}
    if source_lang not in by_lang:
        return pick(graph, node, prop, lang)
    for wanted in (*i18n.text_preference(lang), source_lang):
        if wanted in by_lang:
            return (Text(by_lang[wanted], wanted) if wanted == source_lang
                    else Text(by_lang[wanted], wanted or None, by_lang[source_lang], source_lang))
    return None


def text_by_language(texts: dict[str, str], lang: str) -> str | None:
    """Of texts by language tag ("" for none), the one in ``lang``, then in Norwegian, untagged, English."""
    return next((texts[tag] for tag in i18n.text_preference(lang) if texts.get(tag)), None)


def own_words(graph: Graph, node: Node, prop: URIRef, lang: str) -> Text | None:
    """The value of ``prop`` in ``lang`` where both languages are the project's own words (labels of
    computed figures, notes it wrote): no translation mark, unlike :func:`pick`."""
    text = pick(graph, node, prop, lang)
    return Text(text.value, text.lang) if text is not None else None


def number_text(number: Node | None, lang: str = "nb") -> str:
    """A number as ``lang`` writes it (:func:`byregion.i18n.number`): ``1 271 320`` (a no-break space between
    thousands, as Norwegian and SI write it), ``1,271,320`` in English."""
    return "" if number is None else i18n.number(number, lang)


def lowercase(word: str) -> str:
    """The name of a kind as a common noun inside a sentence: ``Utdrag fra søknad`` → ``utdrag fra søknad``;
    ``DCAT-katalog`` stays."""
    return word[:1].lower() + word[1:] if word[1:2].islower() else word


def base_of(href: Href) -> str:
    """The base of the build whose IRIs ``href`` links (a :class:`~byregion.build.render.pages.Linker` knows it)."""
    return str(getattr(href, "base", BASE))


def curie(iri: str, base: str = BASE) -> str:
    """``iri`` as a compact IRI (``br:Goal``, ``dct:source``) where a prefix of :data:`PREFIXES` covers it; ours
    (``br:``, ``id:``) at the build's ``base``."""
    for prefix, canonical in PREFIXES.items():
        ns = uris.rebase(canonical, BASE, base)
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


#: Characters of a WKT geometry a page shows: the start of its first ring says what it is; the whole (a county's is up
#: to 100 KB) is in the RDF and GeoJSON forms of the same document, which the page links.
WKT_SHOWN = 160
#: Literals written as numbers with a fraction, in the reader's language (:func:`byregion.i18n.number`).
_DECIMALS = frozenset((XSD.decimal, XSD.double, XSD.float))
#: Whole numbers written with their thousands apart from five digits on, as Norwegian typesetting does (a line
#: number or a year-like 2015 stays as it is).
_INTEGERS = frozenset((XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger, XSD.positiveInteger))


def value(graph: Graph, node: Node, lang: str, href: Href) -> Value:
    if isinstance(node, Literal):
        text = str(node)
        if node.datatype in _DECIMALS:  # 321,11 on a Norwegian page, as every figure is written there
            return Value(i18n.number(text, lang), lang=node.language)
        if node.datatype in _INTEGERS and len(text.lstrip("+-")) > 4 and text.lstrip("+-").isdigit():
            return Value(i18n.number(text, lang), lang=node.language)  # a population: 12 599, not 12599
        if node.datatype == GEO.wktLiteral and len(text) > WKT_SHOWN:
            text = (text[:WKT_SHOWN].rsplit(",", 1)[0] + ", … "
                    + i18n.t("wkt_cut", lang).format(chars=i18n.number(len(text), lang)))
        return Value(text, lang=node.language)
    if isinstance(node, URIRef):
        # a Titling's title: isinstance() with a runtime-checkable protocol took a tenth of a page's rendering
        title_of = getattr(href, "title", None)
        title = title_of(str(node), lang) if title_of is not None else None
        if title is not None:
            return Value(title, href(str(node)), lang, str(node))
        label = best_label(graph, node, lang)
        if label is None and (words := i18n.term_label(str(node), lang)) is not None:
            return Value(words, href(str(node)), lang, str(node))  # another vocabulary's term: what we call it
        return Value(str(label) if label is not None else curie(str(node), base_of(href)), href(str(node)),
                     label.language if label is not None else None, str(node))
    return Value("[…]")


def sort_key(graph: Graph, node: Node) -> tuple[int, str]:
    position = one(graph, node, SCHEMA.position)
    try:
        return (int(str(position)), str(node)) if position is not None else (1 << 30, str(node))
    except ValueError:
        return (1 << 30, str(node))


#: The IRIs of what a region's page says (its statements, sections, excerpts): their Norwegian is the page's own
#: text, and an English one is the project's translation of it. Not a conflict, a note or a phase participation:
#: those are the project's own words in both languages.
_PAGE_TEXT = re.compile(r"/id/region/[^/]+/(?!(?:.*/)?(?:conflict|quality|phase)(?:/|$)).")


def base_page(graph: Graph, iri: URIRef, lang: str, href: Href) -> Page:
    label = best_label(graph, iri, lang)
    description = None
    # only a region page's text is marked as translated; elsewhere both languages are the project's own words (the
    # ontology's comments) or the English is the source's (the changes table's wording of a change)
    page_text = _PAGE_TEXT.search(str(iri)) is not None
    read = pick if page_text else own_words
    # a statement's lead is its whole text as the page has it, title included ("Tillit og unne hverandre suksess,
    # bli enige …"), which the translation translates whole; its dct:description is the part after the title
    leads = ((SKOS.definition, SCHEMA.text, DCTERMS.description, RDFS.comment) if page_text
             else (SKOS.definition, DCTERMS.description, RDFS.comment, SCHEMA.text))
    for prop in leads:
        description = read(graph, iri, prop, lang)
        if description:
            break
    kinds = [value(graph, k, lang, href) for k in ordered(graph.objects(iri, RDF.type))]
    properties = []
    for predicate in ordered(set(graph.predicates(iri)) - {RDF.type}):
        values = sorted(graph.objects(iri, predicate), key=lambda n: sort_key(graph, n))
        # texts in the reader's language, in Norwegian or in none; texts in another language only where there are
        # no such (shown marked with their language), never an empty cell
        readable = [v for v in values if isinstance(v, Literal) and v.language in (None, lang, *i18n.NORWEGIAN_TEXT)]
        shown = [value(graph, v, lang, href) for v in values
                 if not isinstance(v, Literal) or v in readable or not readable or not lang]
        properties.append((value(graph, predicate, lang, href), shown))
    return Page(str(iri), str(label) if label is not None else curie(str(iri), base_of(href)), kinds, description,
                properties)


def statement(graph: Graph, node: Node, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    derived = one(graph, node, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
    selector = one(graph, derived, URIRef("http://www.w3.org/ns/oa#hasSelector"))
    source = one(graph, derived, URIRef("http://www.w3.org/ns/oa#hasSource"))
    kind = one(graph, node, RDF.type)
    kind_value = value(graph, kind, lang, href) if kind is not None else None
    number = str(node).rsplit("/", 1)[-1]
    title, text = pick(graph, node, DCTERMS.title, lang), pick(graph, node, SCHEMA.text, lang)
    return {
        "iri": str(node), "href": href(str(node)),
        "kind": kind_value,
        # its link's words: its kind in the page's language and its number ("mål 1", "goal 1")
        "name": f"{lowercase(kind_value.text)} {number}" if kind_value is not None and kind_value.lang
        else " ".join(str(node).rsplit("/", 2)[-2:]),
        "number": number,
        "title": title,
        "text": text,
        # a title its text begins with ("Tillit og unne hverandre suksess, bli enige …", an advice's) is the text's
        # start, set in bold there: shown above it too, it had read twice
        "title_leads": bool(title and text and title.lang == text.lang and text.value.startswith(title.value)),
        # in the page's alphabetical order, as the page's list of themes ("Sharing culture" had come first in English)
        "themes": sorted((value(graph, t, lang, href) for t in ordered(graph.objects(node, DCTERMS.subject))),
                         key=lambda v: i18n.norwegian_key(v.text)),
        "line": one(graph, selector, br.line),
        "source": href(str(source)) if source is not None else None,  # the source document's page
        "captions": [],  # the lead-ins it is the first statement under (:func:`captioned`)
    }


def number_periods(graph: Graph, thing: Node, br: Namespace, lang: str) -> list[str]:
    """A municipality's numbers with the years they were valid, oldest first, the years in words: ``["0807 (til og
    med 2019)", "3808 (2020 til 2023)", "4005 (fra 2024)"]`` (in English "through 2019", "2020 to 2023", "from
    2024"). In words, not "(–2019)": a screen reader drops the dash, and "0807 2019" says neither until nor from (a
    screen-reader user's review)."""
    rows = []
    for number in graph.objects(thing, br.municipalityNumber):
        code = one(graph, number, SKOS.notation)
        if code is None:
            continue
        start, end = one(graph, number, SCHEMA.validFrom), one(graph, number, SCHEMA.validThrough)
        years = f" ({i18n.year_span(str(start)[:4] if start else None, str(end)[:4] if end else None, lang)})" \
            if start or end else ""
        rows.append((str(start or ""), f"{code}{years}"))  # a number held throughout the records: the code alone
    return [text for _, text in sorted(rows)]


#: The day a region's members are named and counted on where it states none (the programme's tables' day).
DEFAULT_REFERENCE_DAY = "2015-01-01"


def reference_day(graph: Graph, region: Node, br: Namespace) -> str:
    """The region's reference date (ISO), the day its members' names, numbers and counties are those of."""
    return str(one(graph, region, br.referenceDate) or DEFAULT_REFERENCE_DAY)


def number_on(graph: Graph, unit: Node, day: str, br: Namespace) -> Node | None:
    """The municipality number ``unit`` held on ``day`` (ISO), or None."""
    for number in graph.objects(unit, br.municipalityNumber):
        start, end = one(graph, number, SCHEMA.validFrom), one(graph, number, SCHEMA.validThrough)
        if covers(None if start is None else str(start), None if end is None else str(end), day):
            return number
    return None


def _bare(name: str) -> str:
    """A name without its parenthesised disambiguation: "Våler (Hedmark)" and "Våler (Innlandet)" are one name; and
    without the invisible characters pasted text carries (:func:`byregion.literals.visible`: "Alsta\u200bhaug" is
    Alstahaug, which the page had called "officially Alstahaug")."""
    return re.sub(r"\s*\([^)]*\)$", "", visible(name))


def name_on(graph: Graph, member: Node, day: str, br: Namespace) -> str | None:
    """The municipality's name on ``day`` (ISO), by docs/MODEL.md's rule: the ``br:newName`` of its last change of
    name before it, else the ``br:previousName`` of its first change after it, else (never renamed) its label. A
    number's label will not do: 1903 was borne by "Harstad" until 2017 and by "Harstad - Hárstták" after."""
    changes = sorted((str(one(graph, c, DCTERMS.date)), c) for c in graph.subjects(ORG.resultingOrganization, member)
                     if (c, br.changeKind, br.nameChange) in graph and one(graph, c, DCTERMS.date) is not None)
    before = [c for date, c in changes if date <= day]
    after = [c for date, c in changes if date > day]
    named = one(graph, before[-1], br.newName) if before else one(graph, after[0], br.previousName) if after else None
    if named is not None:
        return str(named)
    label = best_label(graph, member, "nb")
    return str(label) if label is not None else None


def renamed_since(graph: Graph, member: Node, day: str, br: Namespace) -> str | None:
    """The municipality's name today where it took another name after ``day`` (ISO) and still exists: its name on
    that day (:func:`name_on`, "Nes (Buskerud)") against its latest ("Nesbyen"). None where it ended (every number
    of its has a last day) and where only the disambiguation differs ("Våler (Hedmark)", "Våler (Innlandet)")."""
    numbers = list(graph.objects(member, br.municipalityNumber))
    if not numbers or all(one(graph, n, SCHEMA.validThrough) is not None for n in numbers):
        return None
    then, today = name_on(graph, member, day, br), best_label(graph, member, "nb")
    if then is None or today is None:
        return None
    return str(today) if _bare(then) != _bare(str(today)) else None


class Valued(Protocol):
    """A graph that gives one value of a property: an rdflib ``Graph`` or the build's ``GraphIndex``."""

    def value(self, subject: Node, predicate: URIRef) -> Node | None: ...


def membership_doubts(graph: Valued, region: Node, role: Node | None, br: Namespace) -> list[Node]:
    """How uncertain a membership of ``region`` in ``role`` is, each way it is; none where the region's facts block
    states it. Every member's, the applicant's too, the region's ``br:confidence`` of its member list (the applicant
    of an unverified list is as unverified as its partners: Kongsvinger, Gol, Farsund had shown only "inferred");
    the applicant's besides, the region's ``br:applicantConfidence`` where it is another level and not ``br:fakta``
    (``br:inferred``: named after it, no source names it); and ``br:inferred`` where the region's participation in
    phase 2 (``{region}/phase/2``), whose members the programme's table lists, is inferred: its source describes
    phase 1 (Ranaregionen), so that these were phase 2's members is inferred too. Every list of a municipality's
    regions says so beside the role (a reviewer read Gol as a certain applicant)."""
    doubts: list[Node] = []
    listed = graph.value(region, br.confidence)
    if listed is not None and listed != br.fakta:
        doubts.append(listed)
    applicant = graph.value(region, br.applicantConfidence) if role == br.applicant else None
    if applicant is not None and applicant != br.fakta and applicant not in doubts:
        doubts.append(applicant)
    if graph.value(URIRef(f"{region}/phase/2"), br.confidence) == br.inferred and br.inferred not in doubts:
        doubts.append(br.inferred)
    return doubts


@dataclass(frozen=True)
class MemberNames:
    """How a region's member is named on a page: as its source wrote it (``shown``), its official name on the
    region's reference date where the source wrote another (``official``: "Loabák - Lavangen" for "Lavangen"), and
    its name today where it was renamed since (``now``: "Nesbyen" for "Nes")."""

    shown: Value
    now: str | None
    official: str | None


def member_names(graph: Graph, membership: Node, member: Node, lang: str, href: Href, day: str,
                 br: Namespace) -> MemberNames:
    """How a membership names its member, linked to the municipality: as its source wrote it (the region's page
    or the programme's table, ``schema:text``: "Nes"), its official name on ``day``, the region's reference date,
    where that is another (:func:`name_on`, a disambiguation aside: the source wrote "Lavangen", officially "Loabák -
    Lavangen" since 2015-01-01), and its name today where it was renamed after ``day`` and still exists
    (:func:`renamed_since`: "Nesbyen")."""
    today = value(graph, member, lang, href)
    written = pick(graph, membership, SCHEMA.text, lang)  # in the reader's language: a curation adds @en
    if written is None or not written.value.strip():
        return MemberNames(today, renamed_since(graph, member, day, br), None)
    then = name_on(graph, member, day, br)
    official = then if then is not None and _bare(then) != _bare(written.value.strip()) else None
    return MemberNames(Value(written.value, today.href, written.lang or today.lang, today.iri),
                       renamed_since(graph, member, day, br), official)


def county_on(graph: Graph, member: Node, day: str, br: Namespace) -> Node | None:
    """The county ``member`` lay in on ``day`` (ISO), that of its number valid then (``br:county``)."""
    number = number_on(graph, member, day, br)
    return one(graph, number, br.county) if number is not None else None


def member_counties(graph: Graph, members: list[Node], day: str, lang: str, href: Href,
                    br: Namespace) -> list[dict[str, Any]]:
    """The counties a region's members lay in on its reference date, most members first, where they lay in more
    than one: the region's ``br:county`` is the county of most (Notodden's Kongsberg was in Buskerud)."""
    counts: dict[Node, int] = {}
    for member in members:
        if (county := county_on(graph, member, day, br)) is not None:
            counts[county] = counts.get(county, 0) + 1
    if len(counts) < 2:
        return []
    shown = [(value(graph, c, lang, href), n) for c, n in counts.items()]
    return [{"county": v, "members": i18n.t("n_municipalities" if n > 1 else "one_municipality", lang).format(n=n)}
            for v, n in sorted(shown, key=lambda item: (-item[1], item[0].text))]


def region(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """Sections of the source document in order with their statements, facts, members and themes."""
    statements = [s for p in (br.introduction, br.goal, br.result, br.advice, br.followUp, br.applicationExcerpt)
                  for s in graph.objects(iri, p)]
    by_section: dict[Node | None, list[Node]] = {}
    for s in statements:
        by_section.setdefault(one(graph, s, DCTERMS.isPartOf), []).append(s)
    sections: list[dict[str, Any]] = []
    intro = sorted(by_section.get(None, []), key=lambda n: sort_key(graph, n))
    if intro:
        sections.append({"title": None, "items": captioned(graph, intro, lang, href, br)})
    for section in sorted(graph.objects(iri, br.section), key=lambda n: sort_key(graph, n)):
        items = sorted(by_section.get(section, []), key=lambda n: sort_key(graph, n))
        kind = one(graph, section, br.sectionKind)
        sections.append({"title": pick(graph, section, DCTERMS.title, lang), "iri": str(section),
                         "kind": value(graph, kind, lang, href) if kind is not None else None,
                         "facts": kind == br.FactsSection,  # its lines are the facts at the top of the page
                         # advice is numbered ("råd 1", "råd 2"), as the pages number their advice ("1. Innovative
                         # offentlige anskaffelser, …"): a list of those numbers, where none is a sub-point
                         "numbered": kind == br.AdviceSection and bool(items)
                         and not any(graph.value(s, SCHEMA.isPartOf) is not None for s in items),
                         "items": captioned(graph, items, lang, href, br)})
    members = []
    day = reference_day(graph, iri, br)  # the members' names and counties are those of this day
    for membership in sorted(graph.objects(iri, br.membership), key=lambda n: sort_key(graph, n)):
        member, role = one(graph, membership, ORG.member), one(graph, membership, ORG.role)
        numbers = number_periods(graph, member, br, lang) if member is not None else []
        names = member_names(graph, membership, member, lang, href, day, br) if member is not None else None
        members.append({"member": names.shown if names else None, "now": names.now if names else None,
                        "official": names.official if names else None,
                        "role": value(graph, role, lang, href) if role is not None else None, "numbers": numbers,
                        "doubts": [value(graph, d, lang, href) for d in membership_doubts(graph, iri, role, br)],
                        "notes": quality_notes(graph, membership, lang, href, br)})
    # the phase the member list is of, where every membership says one and the same (br:inPhase): phase 2's
    phases = {one(graph, m, br.inPhase) for m in graph.objects(iri, br.membership)}
    members_phase = next(iter(phases)) if len(phases) == 1 else None
    facts = []
    for prop, key in ((br.population, "population"), (br.area, "area")):
        for figure in graph.objects(iri, prop):
            facts.append({"key": key,
                          "text": pick(graph, figure, SCHEMA.text, lang) or figure_text(graph, figure, lang),
                          "sources": [str(u) for u in ordered(graph.objects(figure, DCTERMS.source))],
                          "notes": quality_notes(graph, figure, lang, href, br)})  # "ca. 120 000": approximate
    themes = {str(t): value(graph, t, lang, href) for s in statements for t in graph.objects(s, DCTERMS.subject)}
    member_nodes = [m for ms in graph.objects(iri, br.membership) for m in graph.objects(ms, ORG.member)]
    return {"sections": sections, "members": members, "facts": facts,
            "members_phase": value(graph, members_phase, lang, href) if members_phase is not None else None,
            "member_counties": member_counties(graph, list(dict.fromkeys(member_nodes)), day, lang, href, br),
            "reference_date": i18n.date(day, lang),
            "themes": sorted(themes.values(), key=lambda v: i18n.norwegian_key(v.text)),
            "has_text": bool(statements), **knowledge(graph, iri, lang, href, br)}


def captioned(graph: Graph, nodes: list[Node], lang: str, href: Href, br: Namespace) -> list[dict[str, Any]]:
    """The statements of a section in order, the first under each caption (``br:caption``: the page's lead-in line
    or sub-heading, "For å nå målet vil regionen:"; a statement may stand under a sub-heading and a lead-in both)
    carrying their texts as ``captions``, in the page's order, which the page shows above it (an unseen-pages
    review: a page's lead-ins were in its RDF, and nowhere on its page)."""
    out: list[dict[str, Any]] = []
    shown: set[Node] = set()
    for node in nodes:
        item = statement(graph, node, lang, href, br)
        new = sorted((c for c in graph.objects(node, br.caption) if c not in shown), key=lambda c: sort_key(graph, c))
        item["captions"] = [text for c in new if (text := pick(graph, c, SCHEMA.text, lang)) is not None]
        shown.update(new)
        out.append(item)
    return out


def figure_text(graph: Graph, figure: Node, lang: str = "nb") -> Text | None:
    """A figure without a text of its own (from a table), written out: ``120 748`` or ``2 648 km²``."""
    number = one(graph, figure, SCHEMA.value) or one(graph, figure, QUDT.numericValue)
    if number is None:
        return None
    shown = number_text(number, lang)
    unit = " km²" if one(graph, figure, QUDT.unit) is not None else ""
    date = one(graph, figure, DCTERMS.date)
    return Text(shown + unit + (f" ({i18n.date(date, lang)})" if date else ""), None)


def quality_notes(graph: Graph, node: Node, lang: str, href: Href, br: Namespace) -> list[dict[str, Any]]:
    """Quality notes and conflicts on ``node`` (``dqv:hasQualityAnnotation``): their text and what they oppose."""
    found = []
    for note in ordered(graph.objects(node, DQV.hasQualityAnnotation)):
        # the body as the source wrote it, and the project's translations of it (bodies derived from it)
        bodies = list(ordered(graph.objects(note, OA.hasBody)))
        translations = [b for b in bodies if any((b, PROV.wasDerivedFrom, o) in graph for o in bodies)]
        body = next((b for b in bodies if b not in translations), None)
        written = one(graph, body, DCTERMS.language) if body is not None else None  # an IRI ending in its tag
        text = (None if body is None else pick(graph, body, RDF.value, lang) if written is None
                else written_in(graph, body, RDF.value, lang, str(written).rsplit("/", 1)[-1], translations)) \
            or own_words(graph, note, RDFS.comment, lang) or own_words(graph, note, RDFS.label, lang)
        found.append({"iri": str(note), "href": href(str(note)), "label": own_words(graph, note, RDFS.label, lang),
                      "text": text, "conflict": (note, RDF.type, br.DataConflict) in graph,
                      "conflicts_with": [value(graph, other, lang, href)
                                         for other in ordered(graph.objects(note, br.conflictsWith))]})
    return found


def knowledge(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """What is known about a region and how well: county, member count, confidence, sources and notes."""
    def optional(prop: URIRef) -> Value | None:
        node = one(graph, iri, prop)
        return value(graph, node, lang, href) if node is not None else None

    confidence = one(graph, iri, br.confidence)
    count = one(graph, iri, br.memberCount)
    phases = []
    for participation in graph.objects(iri, br.participation):
        phase, how = one(graph, participation, br.inPhase), one(graph, participation, br.confidence)
        if phase is None:
            continue
        number = str(phase).rstrip("/").rsplit("/", 1)[-1]  # the phase's IRI ends in its number (uris.thing)
        phases.append({"number": number, "href": href(str(participation)),
                       "confidence": value(graph, how, lang, href) if how is not None else None})
    return {
        "county": optional(br.county),
        "member_count": int(str(count)) if count is not None else None,
        "confidence": optional(br.confidence),
        # the level's definition, written for a reader (its comment may use the ontology's terms: br:countOnly's)
        "confidence_note": (own_words(graph, confidence, SKOS.definition, lang)
                            or own_words(graph, confidence, RDFS.comment, lang)) if confidence is not None else None,
        "applicant_confidence": optional(br.applicantConfidence),
        "phases": sorted(phases, key=lambda p: p["number"]),
        "sources": [str(u) for u in ordered(graph.objects(iri, DCTERMS.source))],
        "notes": quality_notes(graph, iri, lang, href, br),
        "page": optional(br.sourceDocument),
    }


def programme(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """Every region of the programme in brief, every participating municipality, and the computed figures."""
    regions = []
    municipalities: dict[Node, dict[str, Any]] = {}
    for region_node in graph.subjects(br.programme, iri):
        info = knowledge(graph, region_node, lang, href, br)  # type: ignore[arg-type]
        memberships = list(graph.objects(region_node, br.membership))
        population = one(graph, one(graph, region_node, br.population), SCHEMA.value)
        region_value = value(graph, region_node, lang, href)
        regions.append({"region": region_value, "county": info["county"], "confidence": info["confidence"],
                        "phases": info["phases"],
                        "member_count": info["member_count"], "listed": len(memberships),
                        "population": int(str(population)) if population is not None else None,
                        "has_page": info["page"] is not None})
        for membership in memberships:
            member, role = one(graph, membership, ORG.member), one(graph, membership, ORG.role)
            if member is None:
                continue
            names = member_names(graph, membership, member, lang, href, reference_day(graph, region_node, br), br)
            entry = municipalities.setdefault(member, {"municipality": names.shown, "now": names.now,
                                                       "official": names.official, "regions": []})
            entry["regions"].append({"region": region_value,
                                     "role": value(graph, role, lang, href) if role is not None else None,
                                     "doubts": [value(graph, d, lang, href)
                                                for d in membership_doubts(graph, region_node, role, br)]})
    figures = []
    for figure in sorted(graph.objects(iri, br.figure), key=lambda n: sort_key(graph, n)):
        query = one(graph, figure, br.query)
        number = one(graph, figure, SCHEMA.value)
        figures.append({"iri": str(figure), "label": own_words(graph, figure, RDFS.label, lang),
                        "value": str(number), "text": number_text(number, lang),
                        "how": own_words(graph, figure, DCTERMS.description, lang),
                        "query": str(query) if query is not None else None,
                        "county": one(graph, figure, br.county) is not None})
    for entry in municipalities.values():
        entry["regions"].sort(key=lambda r: r["region"].text)
    return {"regions": sorted(regions, key=lambda r: i18n.norwegian_key(r["region"].text)),
            "municipalities": sorted(municipalities.values(), key=lambda m: i18n.norwegian_key(m["municipality"].text)),
            "figures": [f for f in figures if not f["county"]],
            "county_figures": sorted((f for f in figures if f["county"]),
                                     key=lambda f: (-int(f["value"]), f["label"].value if f["label"] else "")),
            "notes": quality_notes(graph, iri, lang, href, br)}


#: The languages of a name's parts other than the pages' own, as a reader calls them.
LANGUAGE_NAMES = {tag: names for tag, names in i18n.NAME_LANGUAGES.items() if tag != i18n.DEFAULT}


def names_in_other_languages(graph: Graph, iri: URIRef, lang: str) -> list[dict[str, str]]:
    """A municipality's or county's names in Sámi and Kven (``skos:prefLabel``, then ``skos:altLabel``, in those
    languages: a county's official name in several languages is its alternative name, "Troms - Romsa - Tromssa"),
    each with its language tag, for ``lang="se"`` on the page, and the language's name in the reader's language."""
    found = list(dict.fromkeys((str(label), str(label.language)) for predicate in (SKOS.prefLabel, SKOS.altLabel)
                               for label in graph.objects(iri, predicate)
                               if isinstance(label, Literal) and label.language in LANGUAGE_NAMES))
    return [{"text": text, "lang": code, "language": LANGUAGE_NAMES[code][lang if lang in ("nb", "en") else "nb"]}
            for text, code in sorted(found, key=lambda pair: list(LANGUAGE_NAMES).index(pair[1]))]


def municipality(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """Codes with their periods and counties, and links to Wikidata and Enhetsregisteret."""
    codes = []
    for number in graph.objects(iri, br.municipalityNumber):
        county = graph.value(number, br.county)
        codes.append({"code": str(graph.value(number, SKOS.notation) or ""),
                      "from": graph.value(number, SCHEMA.validFrom),
                      "through": graph.value(number, SCHEMA.validThrough),
                      "county": value(graph, county, lang, href) if county else None})
    codes.sort(key=lambda c: (str(c["from"] or ""), c["code"]))
    return {"codes": codes, "other_names": names_in_other_languages(graph, iri, lang),
            "figures": unit_figures(graph, iri, lang, href, br),
            **identifiers(graph, iri, lang, href, br), **lifecycle(graph, iri, lang, href, br)}


def unit_figures(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> list[dict[str, Any]]:
    """A municipality's population on its day and its area within the boundaries of each period, as a reader looks
    for them at the top of its page (a reader had found them only as links under "All properties")."""
    found: list[tuple[str, dict[str, Any]]] = []
    for figure in graph.objects(iri, br.population):
        day = one(graph, figure, DCTERMS.date)
        label = i18n.t("population_on", lang).format(date=i18n.date(day, lang)) if day else i18n.t("population", lang)
        found.append((f"0 {day}", {
            "label": label,
            "value": number_text(one(graph, figure, SCHEMA.value), lang), "href": href(str(figure)),
            "note": own_words(graph, figure, DCTERMS.description, lang)}))
    for figure in graph.objects(iri, br.area):
        start, through = one(graph, figure, SCHEMA.validFrom), one(graph, figure, SCHEMA.validThrough)
        dates = {"start": i18n.date(start, lang), "through": i18n.date(through, lang)}
        span = i18n.t("span_between" if start and through else "span_from" if start else "span_until", lang) \
            .format(**dates) if start or through else ""
        found.append((f"1 {start or ''}", {
            "label": i18n.t("area_within", lang).format(span=span).strip() if span else i18n.t("area", lang),
            "value": number_text(one(graph, figure, QUDT.numericValue), lang) + " km²", "href": href(str(figure)),
            "note": own_words(graph, figure, DCTERMS.description, lang)}))
    return [shown for _, shown in sorted(found, key=lambda f: f[0])]


def county(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """County numbers with their periods, and links to Wikidata and Enhetsregisteret."""
    codes = [{"code": str(graph.value(number, SKOS.notation) or ""),
              "from": graph.value(number, SCHEMA.validFrom), "through": graph.value(number, SCHEMA.validThrough)}
             for number in graph.objects(iri, br.countyNumber)]
    codes.sort(key=lambda c: (str(c["from"] or ""), c["code"]))
    return {"codes": codes, "other_names": names_in_other_languages(graph, iri, lang),
            "identity_note": quality_note(graph, iri, uris.identity_note(str(iri)), lang, href),
            **identifiers(graph, iri, lang, href, br), **lifecycle(graph, iri, lang, href, br)}


def quality_note(graph: Graph, iri: URIRef, note: URIRef, lang: str, href: Href) -> dict[str, Any] | None:
    """The quality note ``note`` on ``iri`` as a page shows it beside what it is about (its label, linked, and its
    words), or None where ``iri`` has none such: a county's numbers held to be one county on an assumed Wikidata
    item (docs/reference.md: ``{county}/quality/identity``), a municipality's organisation number."""
    if (iri, DQV.hasQualityAnnotation, note) not in graph:
        return None
    said = own_words(graph, note, RDFS.comment, lang)
    return {"text": said, "href": href(str(note)), "label": own_words(graph, note, RDFS.label, lang)} if said else None


def identifiers(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """A municipality's or county's identifiers elsewhere: Wikidata items, Enhetsregisteret entries and its
    organisation number, with the note saying for which of its numbers that is confirmed where it is not for all
    (docs/reference.md: ``{unit}/quality/organisation-number``)."""
    return {"wikidata": [str(o) for o in graph.objects(iri, OWL.sameAs) if "wikidata.org" in str(o)],
            "brreg": [str(o) for o in graph.objects(iri, RDFS.seeAlso) if "brreg.no" in str(o)],
            "org_number": graph.value(iri, br.organisationNumber),
            "org_number_note": quality_note(graph, iri, uris.organisation_number_note(str(iri)), lang, href)}


def lifecycle(graph: Graph, iri: URIRef, lang: str, href: Href, br: Namespace) -> dict[str, Any]:
    """When a municipality or county ended (its last day, ``schema:dissolutionDate``), what succeeded it and
    what it succeeds; an ended unit keeps its IRI and its page."""
    ended = graph.value(iri, SCHEMA.dissolutionDate)
    return {"ended": i18n.date(ended, lang) if ended is not None else None,
            "successors": [value(graph, o, lang, href) for o in ordered(graph.objects(iri, br.succeededBy))],
            "predecessors": [value(graph, o, lang, href) for o in ordered(graph.objects(iri, br.succeeds))]}


def concept(graph: Graph, iri: URIRef, lang: str, href: Href) -> dict[str, Any]:
    return {"broader": [value(graph, b, lang, href) for b in ordered(graph.objects(iri, SKOS.broader))],
            "narrower": [value(graph, n, lang, href) for n in ordered(graph.objects(iri, SKOS.narrower))],
            "matches": [value(graph, m, lang, href) for p in (SKOS.exactMatch, SKOS.closeMatch)
                        for m in ordered(graph.objects(iri, p))]}


_OR = {"nb": "eller", "en": "or"}


def rdf_list(graph: Graph, head: Node | None) -> list[Node] | None:
    """The members of the RDF list ``head``, or None when it is not a complete list in ``graph``."""
    members: list[Node] = []
    seen: set[Node] = set()
    while head != RDF.nil:
        first = one(graph, head, RDF.first)
        if head is None or head in seen or first is None:
            return None
        seen.add(head)
        members.append(first)
        head = one(graph, head, RDF.rest)
    return members


def term_value(graph: Graph, node: Node, lang: str, href: Href) -> Value:
    """A term as an ontology's documentation names it among its terms' parents, domains and ranges: by its label where
    the data has one (ours), else by its compact IRI (``prov:wasAssociatedWith``), the name a reader of an ontology
    looks for, rather than the words the other pages call it (:func:`byregion.i18n.term_label`)."""
    if isinstance(node, URIRef) and best_label(graph, node, lang) is None:
        return Value(curie(str(node), base_of(href)), href(str(node)), None, str(node))
    return value(graph, node, lang, href)


def class_expressions(graph: Graph, nodes: Iterable[Node], lang: str, href: Href) -> list[dict[str, Any]]:
    """Domains or ranges to show: a named class, or a union of named classes ("A or B", "A eller B").

    Each is ``{"classes": [Value, ...], "or": word}``; other anonymous classes are left out.
    """
    shown = []
    for node in nodes:
        if isinstance(node, URIRef):
            classes: list[Node] | None = [node]
        else:
            classes = rdf_list(graph, one(graph, node, OWL.unionOf))
        if classes and all(isinstance(c, URIRef) for c in classes):
            shown.append({"classes": [term_value(graph, c, lang, href) for c in classes], "or": _OR.get(lang, "or")})
    return sorted(shown, key=lambda e: [v.text for v in e["classes"]])


#: What a term is below, each with its words (byregion.i18n): a theme's broader theme is worded as on its own page.
_PARENTS = (("subclass_of", RDFS.subClassOf), ("subproperty_of", RDFS.subPropertyOf), ("broader", SKOS.broader))


def terms(graph: Graph, iri: URIRef, lang: str, href: Href) -> dict[str, Any]:
    """Every term of an ontology (``rdfs:isDefinedBy``) or concept scheme (``skos:inScheme``), documented."""
    groups: dict[str, list[dict[str, Any]]] = {"classes": [], "object_properties": [], "individuals": [],
                                               "concepts": []}
    members = set(graph.subjects(RDFS.isDefinedBy, iri)) | set(graph.subjects(SKOS.inScheme, iri))
    for term in sorted(members, key=lambda n: str(n)):
        types = set(graph.objects(term, RDF.type))
        if types & {OWL.Class, RDFS.Class}:
            group = "classes"
        elif types & {OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty}:
            group = "object_properties"
        elif SKOS.Concept in types:
            group = "concepts"
        else:
            group = "individuals"
        definition = pick(graph, term, SKOS.definition, lang) or pick(graph, term, RDFS.comment, lang)
        groups[group].append({
            "id": str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1], "iri": str(term), "href": href(str(term)),
            "label": value(graph, term, lang, href).text, "definition": definition,
            "curie": curie(str(term), base_of(href)),
            "parents": [{"key": key, "terms": parents} for key, prop in _PARENTS
                        if (parents := [term_value(graph, p, lang, href) for p in graph.objects(term, prop)
                                        if isinstance(p, URIRef)])],
            "domain": class_expressions(graph, graph.objects(term, RDFS.domain), lang, href),
            "range": class_expressions(graph, graph.objects(term, RDFS.range), lang, href),
        })
    # each group in the page's alphabetical order of the names it shows ("Areal" had followed "Utdrag fra søknad",
    # by the terms' English IRIs), the IRI apart two terms named alike
    return {"groups": {k: sorted(v, key=lambda t: (i18n.norwegian_key(t["label"]), t["iri"]))
                       for k, v in groups.items() if v}}
