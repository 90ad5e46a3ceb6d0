"""Parsed region page → the region's graph, in the shape of docs/MODEL.md "A region".

Beyond MODEL.md (documented in docs/importing.md):
* a nested bullet points at the bullet it belongs to with ``schema:isPartOf`` (``dct:isPartOf``
  stays the section, as for every statement);
* figures and memberships carry the facts line's label as written (``dct:title "Folketall i
  regionen"@nb``) and ``dct:isPartOf`` the facts section, so no word of the page is lost;
* a municipality name the reference does not know becomes ``id:region/{slug}/municipality/{name}``,
  a ``br:Municipality`` with only its label (local to the region, so it can never collide with a
  reference IRI);
* a caption (a lead-in line or a sub-heading) is a ``br:Caption`` with its text, position and
  provenance; the statements under it point to it with ``br:caption``;
* a page titled by its project mints its things under ``id:region/{slug}/page/{page}/``, so that it
  adds to its region beside the region's own page without their IRIs colliding;
* a page cut off inside its member list says so: ``br:memberListIncomplete true`` on the region.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from byregion import i18n, literals, uris
from byregion.importer.facts import (
    Population,
    approximate,
    gives_range,
    parse_area,
    parse_date,
    parse_population,
    split_names,
)
from byregion.importer.headings import FactKind, SectionKind
from byregion.importer.municipalities import MunicipalityNames, Resolution, counties_of, settle
from byregion.importer.parse import LINE_BREAK, Caption, FactLine, Item, ParsedDocument, Span
from byregion.importer.regions import PageRegion
from byregion.mediatypes import PLAIN, iana_iri
from byregion.namespaces import BASE, BR, DQV, OA, QUDT, SCHEMA, UNIT, bind_prefixes
from byregion.programme.graph import TABLE_DATE, membership_key, number_periods, unit_on

NB = "nb"
#: A facts line's value that says the figure is not given: a dash, or words for none.
NOT_GIVEN = frozenset({"-", "–", "—", "ikke oppgitt", "ikkje oppgitt", "ukjent", "ikke kjent", "ingen", "n/a"})
#: A source document's language (dct:language), by the tag of its text.
LANGUAGE_IRIS = {tag: URIRef(f"http://id.loc.gov/vocabulary/iso639-1/{tag}") for tag in ("nb", "nn")}

#: section kind → (statement class, region property, IRI segment)
STATEMENT_KINDS: dict[SectionKind, tuple[URIRef, URIRef, str]] = {
    SectionKind.INTRO: (BR.Introduction, BR.introduction, "intro"),
    SectionKind.GOALS: (BR.Goal, BR.goal, "goal"),
    SectionKind.RESULTS: (BR.Result, BR.result, "result"),
    SectionKind.ADVICE: (BR.Advice, BR.advice, "advice"),
    SectionKind.FOLLOW_UP: (BR.FollowUp, BR.followUp, "followup"),
    SectionKind.EXCERPT: (BR.ApplicationExcerpt, BR.applicationExcerpt, "excerpt"),
}

#: The names of the statements' classes, as the ontology labels them (a test holds them to it): a statement's label
#: is its kind, number and region ("Mål 1 – Notodden"), as its page is titled (:mod:`byregion.titles`).
KIND_NAMES: dict[URIRef, tuple[str, str]] = {
    BR.Introduction: ("Innledning", "Introduction"), BR.Goal: ("Mål", "Goal"), BR.Result: ("Resultat", "Result"),
    BR.Advice: ("Råd", "Advice"), BR.FollowUp: ("Oppfølging", "Follow-up"),
    BR.ApplicationExcerpt: ("Utdrag fra søknad", "Application excerpt"),
}

Tagger = Callable[[str], list[URIRef]]


def source_url(slug: str, base: str = BASE) -> URIRef:
    """Where the published copy of a source text lives (the build publishes it there)."""
    return uris.source_url(f"{slug}.txt", base)


@dataclass
class _Builder:
    doc: ParsedDocument
    text: str
    raw: bytes
    reference: Graph | None
    tagger: Tagger | None
    page: PageRegion
    graph: Graph = field(default_factory=lambda: bind_prefixes(Graph()))
    warnings: list[str] = field(default_factory=list)
    position: int = 0
    counters: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.names = MunicipalityNames(self.reference) if self.reference is not None else None
        self.slug = self.page.slug
        self.region = uris.region(self.slug)
        self.source = uris.source(self.page.page_slug)

    def iri(self, *parts: str | int) -> URIRef:
        return uris.thing("region", self.slug, *self.page.scope, *parts)

    def next_iri(self, segment: str) -> URIRef:
        self.counters[segment] = self.counters.get(segment, 0) + 1
        return self.iri(segment, self.counters[segment])

    def next_position(self) -> Literal:
        self.position += 1
        return Literal(self.position)

    def provenance(self, item: URIRef, span: Span) -> None:
        """``item prov:wasDerivedFrom item/source``: a Web Annotation pointing at ``span``."""
        assert self.text[span.start:span.end] == span.text
        g, target, selector = self.graph, URIRef(f"{item}/source"), URIRef(f"{item}/source/position")
        g.add((item, PROV.wasDerivedFrom, target))
        g.add((target, RDF.type, OA.SpecificResource))
        g.add((target, OA.hasSource, self.source))
        g.add((target, OA.hasSelector, selector))
        g.add((selector, RDF.type, OA.TextPositionSelector))
        g.add((selector, OA.start, Literal(span.start)))
        g.add((selector, OA.end, Literal(span.end)))
        g.add((selector, BR.line, Literal(span.line)))

    def build(self) -> Graph:
        g, region = self.graph, self.region
        title = Literal(self.page.label, lang=NB)
        g.add((region, RDF.type, BR.CityRegion))
        g.add((region, SKOS.prefLabel, title))
        g.add((region, RDFS.label, title))
        g.add((region, BR.programme, uris.thing("programme", "byregionprogrammet")))
        g.add((region, BR.sourceDocument, self.source))
        self.source_document()
        self.statements(SectionKind.INTRO, None, self.doc.intro, self.doc.intro_captions)
        facts_section: URIRef | None = None
        for section in self.doc.sections:
            node = self.next_iri("section")
            g.add((region, BR.section, node))
            g.add((node, RDF.type, BR.Section))
            g.add((node, DCTERMS.title, self.quote(section.heading.text)))
            g.add((node, BR.sectionKind, BR[section.kind.value]))
            g.add((node, SCHEMA.position, self.next_position()))
            self.provenance(node, section.heading)
            if section.kind is SectionKind.FACTS and facts_section is None:
                facts_section = node
            self.statements(section.kind, node, section.items, section.captions)
        self.facts(facts_section)
        if self.doc.members_incomplete:
            g.add((region, BR.memberListIncomplete, Literal(True)))
        return g

    def source_document(self) -> None:
        g, s = self.graph, self.source
        g.add((s, RDF.type, BR.SourceDocument))
        g.add((s, DCTERMS.title, self.quote(self.doc.title.text)))
        g.add((s, DCTERMS.language, LANGUAGE_IRIS[self.doc.language]))
        g.add((s, DCTERMS.format, URIRef(iana_iri(PLAIN))))  # a media type (dct:MediaType), as DCAT names one
        g.add((s, BR.sha256, Literal(hashlib.sha256(self.raw).hexdigest())))
        g.add((s, SCHEMA.url, source_url(self.page.page_slug)))
        for page in published_pages(self.page):
            g.add((s, DCTERMS.source, page))

    def caption(self, caption: Caption, section: URIRef | None) -> URIRef:
        g, node = self.graph, self.next_iri("caption")
        g.add((node, RDF.type, BR.Caption))
        g.add((node, SCHEMA.text, self.quote(caption.span.text)))
        g.add((node, SCHEMA.position, self.next_position()))
        if section is not None:
            g.add((node, DCTERMS.isPartOf, section))
        self.provenance(node, caption.span)
        return node

    def statements(self, kind: SectionKind, section: URIRef | None, items: list[Item],
                   captions: list[Caption]) -> None:
        """The section's statements and captions, numbered in document order."""
        if kind not in STATEMENT_KINDS:
            return
        cls, prop, segment = STATEMENT_KINDS[kind]
        g, nodes = self.graph, []
        caption_nodes: dict[int, URIRef] = {}
        waiting = sorted(range(len(captions)), key=lambda i: captions[i].span.start)
        for item in items:
            while waiting and captions[waiting[0]].span.start < item.span.start:
                index = waiting.pop(0)
                caption_nodes[index] = self.caption(captions[index], section)
            node = self.next_iri(segment)
            nodes.append(node)
            g.add((self.region, prop, node))
            g.add((node, RDF.type, cls))
            self.titled(node, "title_statement", kind=KIND_NAMES[cls], number=self.counters[segment])
            g.add((node, BR.region, self.region))
            if section is not None:
                g.add((node, DCTERMS.isPartOf, section))
            if item.parent is not None:
                g.add((node, SCHEMA.isPartOf, nodes[item.parent]))
            for index in item.captions:
                g.add((node, BR.caption, caption_nodes[index]))
            g.add((node, SCHEMA.position, self.next_position()))
            g.add((node, SCHEMA.text, self.quote(item.span.text)))
            if item.title and item.description:
                g.add((node, DCTERMS.title, self.quote(item.title.text)))
                g.add((node, DCTERMS.description, self.quote(item.description.text)))
            for theme in (self.tagger(item.span.text) if self.tagger else []):
                g.add((node, DCTERMS.subject, theme))
            self.provenance(node, item.span)
        for index in waiting:  # by construction a caption has items after it; kept if one has not
            self.caption(captions[index], section)

    def facts(self, section: URIRef | None) -> None:
        g = self.graph
        population = [f for f in self.doc.facts if f.kind is FactKind.POPULATION]
        reference_date: dt.date | None = None
        for fact in population[:1]:
            if self.not_given(fact, "population"):
                continue
            value = parse_population(fact.value.text)
            if value is None and gives_range(fact.value.text):
                self.range_refused("population", fact)
                continue
            if value is None:
                self.warnings.append(f"line {fact.value.line}: the population {fact.value.text!r} is not one whole "
                                     "number as Norwegian writes it (thousands after a space or a point: 54 165, "
                                     "54.165); it was not imported")
                continue
            if value.date is None:  # "Folketall (1. januar 2015): 54 165": the date in the label
                value = Population(value.value, parse_date(fact.label.text))
            node = self.figure(self.iri("population"), BR.PopulationFigure, fact, section)
            g.add((node, SCHEMA.value, Literal(value.value)))
            self.approximate(node, fact)
            # the day in words, as a sentence writes it ("Folketall i Notodden 1. januar 2015"), not ISO 8601
            on_nb = f" {i18n.date(value.date.isoformat(), 'nb')}" if value.date is not None else ""
            on_en = f" on {i18n.date(value.date.isoformat(), 'en')}" if value.date is not None else ""
            self.labels(node, f"Folketall i {self.page.label}{on_nb}", f"Population of {self.page.label}{on_en}")
            if value.date is None:
                self.warnings.append(f"line {fact.value.line}: the population {fact.value.text!r} has no "
                                     "date I can read; the region has no reference date")
            else:
                reference_date = value.date
                g.add((node, DCTERMS.date, Literal(value.date, datatype=XSD.date)))
                g.add((self.region, BR.referenceDate, Literal(value.date, datatype=XSD.date)))
        for fact in [f for f in self.doc.facts if f.kind is FactKind.AREA][:1]:
            if self.not_given(fact, "area"):
                continue
            area = parse_area(fact.value.text, fact.label.text)
            if area is None and gives_range(fact.value.text, decimal=True):
                self.range_refused("area", fact)
                continue
            if area is None:
                self.warnings.append(f"line {fact.value.line}: the area {fact.value.text!r} is not a number "
                                     "in km² as Norwegian writes it (decimals after a comma: 2 648,5 km²); it was "
                                     "not imported")
                continue
            node = self.figure(self.iri("area"), BR.AreaFigure, fact, section)
            g.add((node, QUDT.numericValue, literals.decimal(area.value)))
            self.approximate(node, fact, decimal=True)
            self.labels(node, f"Areal for {self.page.label}", f"Area of {self.page.label}")
            g.add((node, QUDT.unit, UNIT.KiloM2))
        for extra in population[1:] + [f for f in self.doc.facts if f.kind is FactKind.AREA][1:]:
            self.warnings.append(f"line {extra.label.line}: a second {extra.label.text!r} line was ignored")
        applicants = [f for f in self.doc.facts if f.kind is FactKind.APPLICANT]
        for extra in applicants[1:]:  # both are kept: which one is the page's, a person must say
            self.warnings.append(f"line {extra.label.line}: a second {extra.label.text!r} line (the first is on "
                                 f"line {applicants[0].label.line}); a region has one applicant: is the facts "
                                 "block on the page twice?")
        self.memberships(section, reference_date)

    def not_given(self, fact: FactLine, what: str) -> bool:
        """Whether the page's figure is a mark for none (``–``, ``-``, ``ikke oppgitt``), said in a warning as what it
        is: an unseen-pages review had "'–' is not a number in km² as Norwegian writes it" for "Areal i regionen: –"."""
        if literals.visible(fact.value.text).strip().strip(".").casefold() not in NOT_GIVEN:
            return False
        self.warnings.append(f"line {fact.value.line}: the page gives no {what} ({fact.label.text.strip()}: "
                             f"{fact.value.text.strip()!r}); none was imported")
        return True

    def range_refused(self, what: str, fact: FactLine) -> None:
        """The warning for a figure given as a range ("110 000–115 000"): no one value is the page's, and the
        data has no place for two, so it is not imported (docs/importing.md)."""
        self.warnings.append(f"line {fact.value.line}: the {what} {fact.value.text!r} is a range, not one figure; "
                             "it was not imported: give the one figure the page means (with 'ca.' if it is "
                             "approximate)")

    def approximate(self, figure: URIRef, fact: FactLine, decimal: bool = False) -> None:
        """A quality note on a figure the page gives as approximate ("ca. 120 000"): its value is the number as
        written, which the data must not pass off as exact (docs/importing.md)."""
        said = approximate(fact.value.text, decimal)
        if said is None:
            return
        g, note = self.graph, uris.approximation_note(str(figure))
        g.add((figure, DQV.hasQualityAnnotation, note))
        g.add((note, RDF.type, DQV.QualityAnnotation))
        g.add((note, OA.hasTarget, figure))
        g.add((note, OA.motivatedBy, DQV.qualityAssessment))
        g.add((note, PROV.wasDerivedFrom, URIRef(f"{figure}/source")))  # the figure's own words on the page
        text = literals.lf_lines(fact.value.text.strip())
        for lang, label, comment in (
                (NB, "Omtrentlig tall", f"Siden oppgir tallet som omtrentlig («{text}»: «{said}»); verdien er "
                                        "tallet slik det står, ikke et nøyaktig tall."),
                ("en", "Approximate figure", f"The page gives the figure as approximate (“{text}”: “{said}”); its "
                                             "value is the number as written, not an exact count.")):
            g.add((note, RDFS.label, Literal(label, lang=lang)))
            g.add((note, SKOS.prefLabel, Literal(label, lang=lang)))
            g.add((note, RDFS.comment, Literal(comment, lang=lang)))
        self.warnings.append(f"line {fact.value.line}: the figure {text!r} is given as approximate ({said!r}); it "
                             "was imported as written, with a quality note saying so")

    def quote(self, text: str, lang: str | None = None) -> Literal:
        """The page's words as a literal in its language (or ``lang``), verbatim but for line ends, which are
        written LF (:func:`~byregion.literals.lf_lines`)."""
        return Literal(literals.lf_lines(text), lang=lang or self.doc.language)

    def titled(self, node: URIRef, key: str, **parts: object) -> None:
        """A label in both languages for a thing the page gives no name (a statement, a membership), worded as its
        page is titled (``i18n`` ``key``; a pair in ``parts`` is a word per language, nb then en)."""
        for index, lang in enumerate((NB, "en")):
            words = {name: value[index] if isinstance(value, tuple) else value for name, value in parts.items()}
            self.graph.add((node, RDFS.label, Literal(i18n.t(key, lang).format(region=self.page.label, **words),
                                                      lang=lang)))

    def labels(self, node: URIRef, nb: str, en: str) -> None:
        """A figure's label in both languages, worded as the programme table's figures are
        (:meth:`byregion.programme.graph._Writer.figures`): the page's own words stay in ``dct:title``."""
        self.graph.add((node, RDFS.label, Literal(nb, lang=NB)))
        self.graph.add((node, RDFS.label, Literal(en, lang="en")))

    def figure(self, node: URIRef, cls: URIRef, fact: FactLine, section: URIRef | None) -> URIRef:
        g = self.graph
        g.add((self.region, BR.population if cls == BR.PopulationFigure else BR.area, node))
        g.add((node, RDF.type, cls))
        g.add((node, SCHEMA.text, self.quote(fact.value.text)))
        g.add((node, DCTERMS.title, self.quote(fact.label.text)))
        if section is not None:
            g.add((node, DCTERMS.isPartOf, section))
        self.provenance(node, fact.value)
        return node

    def is_municipality_name(self, name: str) -> bool:
        """Whether the reference data knows ``name`` as a municipality (at any date)."""
        return self.names is not None and bool(self.names.resolve(name, None).candidates)

    def table_keys(self) -> dict[URIRef, str]:
        """The last segment of each membership IRI the programme's table mints for this page's region, by member (the
        municipality that held the row's number on the table's date): a member the page writes otherwise than the
        table ("Snåase" for Snåsa, "Raarvihke" for Røyrvik) keeps the IRI the table published before the page came,
        as a page's spelling is no reason to move a published address. Empty without the programme's list."""
        region = self.page.region
        if region is None or self.reference is None:
            return {}
        periods = number_periods(self.reference, BR.municipalityNumber)
        keys: dict[URIRef, str] = {}
        for member in region.members:
            unit = unit_on(periods, member.code, TABLE_DATE)
            if isinstance(unit, URIRef):
                keys.setdefault(unit, membership_key(member))
        return keys

    def memberships(self, section: URIRef | None, on_date: dt.date | None) -> None:
        names: list[tuple[FactLine, Span, URIRef]] = []
        for fact in self.doc.facts:
            if fact.kind in (FactKind.APPLICANT, FactKind.PARTNERS):
                role = BR.applicant if fact.kind is FactKind.APPLICANT else BR.partner
                for start, end in split_names(fact.value.text, self.is_municipality_name):
                    line = fact.value.line + len(LINE_BREAK.findall(fact.value.text, 0, start))  # a wrapped list
                    span = Span(fact.value.start + start, fact.value.start + end, fact.value.text[start:end], line)
                    names.append((fact, span, role))
        first = [self.names.resolve(s.text, on_date) for _, s, _ in names] if self.names is not None else []
        if names and self.doc.last_name_uncertain and not self.certain(first[-1] if first else None):
            _, span, _ = names.pop()
            first = first[:-1]
            self.warnings.append(f"line {span.line}: the page is cut off after {span.text!r}, which is no "
                                 "municipality's whole name; the fragment was not imported")
        certain = [r.candidates[0] for r in first if len(r.candidates) == 1]
        prefer = counties_of(certain, on_date, self.reference) \
            if self.reference is not None else frozenset()
        used: set[str] = set()
        keys = self.table_keys()
        members: dict[URIRef, Span] = {}  # each member once: a second mention is warned about, not a membership
        g = self.graph
        position = 0
        for fact, span, role in names:
            member = self.municipality(span, on_date, prefer)
            if member in members:
                first_said = members[member]
                self.warnings.append(f"line {span.line}: {span.text!r} is listed again (first as {first_said.text!r} "
                                     f"on line {first_said.line}); a municipality is a member once, so the second "
                                     "mention was not imported")
                continue
            members[member] = span
            position += 1
            key = keys.get(member) or uris.slugify(span.text)
            while key in used:
                key += "-2"
            used.add(key)
            node = self.iri("membership", key)
            g.add((self.region, BR.membership, node))
            g.add((node, RDF.type, ORG.Membership))
            g.add((node, ORG.organization, self.region))
            g.add((node, ORG.member, member))
            g.add((node, ORG.role, role))
            g.add((node, SCHEMA.position, Literal(position)))
            g.add((node, SCHEMA.text, self.quote(span.text)))
            g.add((node, DCTERMS.title, self.quote(fact.label.text)))
            name = self.name_of(member) or span.text
            self.titled(node, "title_membership", member=(name, name), organisation=self.page.label)
            if section is not None:
                g.add((node, DCTERMS.isPartOf, section))
            self.provenance(node, span)

    def name_of(self, municipality: URIRef) -> str | None:
        """A municipality's Norwegian name: the reference data's, or the one this page gave a municipality the
        reference does not know."""
        for graph in (self.graph, self.reference) if self.reference is not None else (self.graph,):
            for label in graph.objects(municipality, SKOS.prefLabel):
                if isinstance(label, Literal) and label.language == NB:
                    return str(label)
        return None

    def held(self, name: str) -> str:
        """When a name the page's date does not fit was held, for the warning (empty when never)."""
        history = self.names.held(name) if self.names is not None else []
        return f" (the reference data has {'; '.join(history)})" if history else ""

    def near(self, name: str, on_date: dt.date | None) -> str:
        """What a name no municipality had is, for its warning: a county's, or like the names of the date's
        municipalities spelt like it (empty when none is near)."""
        if self.names is None:
            return ""
        if (county := self.names.county(name)) is not None:
            return f" (it is the name of a county, {county})"
        names = self.names.near(name, on_date)
        if not names:
            return ""
        return f" (did you mean {names[0] if len(names) == 1 else ', '.join(names[:-1]) + ' or ' + names[-1]}?)"

    @staticmethod
    def certain(found: Resolution | None) -> bool:
        """Whether a name is some municipality's whole name (the last name of a cut line may not be)."""
        return found is not None and bool(found.candidates)

    def municipality(self, span: Span, on_date: dt.date | None, prefer: frozenset[URIRef]) -> URIRef:
        when = on_date.isoformat() if on_date else "any date"
        if self.names is not None:
            found = self.names.resolve(span.text, on_date, prefer)
            settled = self.settle(found)  # the programme's list is surer than a name's form (Nes, Nes (Buskerud))
            if settled is not None:
                return settled
            if found.iri is not None:
                if len(found.candidates) > 1 and on_date is None:
                    others = ", ".join(str(c).rsplit("/", 1)[-1] for c in found.candidates if c != found.iri)
                    self.warnings.append(f"line {span.line}: municipality {span.text!r} was read as "
                                         f"{str(found.iri).rsplit('/', 1)[-1]} (its name exactly), but the page "
                                         f"gives no date and {others} had the name too: check it")
                return found.iri
            names = ", ".join(str(c).rsplit("/", 1)[-1] for c in found.candidates)
            why = (f"is ambiguous ({names}), and "
                   + ("the date, the county and the programme's list of " + self.page.slug + " do not settle it"
                      if self.page.region is not None else "the region is not in the programme's list")
                   if found.candidates else f"is not a municipality in the reference data on {when}"
                   + (self.held(span.text) or self.near(span.text, on_date)))
        else:
            why = "cannot be resolved: no reference data was given"
        self.warnings.append(f"line {span.line}: municipality {span.text!r} {why}; it was kept as a "
                             "municipality known only by its label")
        node = self.iri("municipality", uris.slugify(span.text))
        self.graph.add((node, RDF.type, BR.Municipality))
        self.graph.add((node, SKOS.prefLabel, self.quote(span.text, NB)))
        self.graph.add((node, RDFS.label, self.quote(span.text, NB)))
        return node

    def settle(self, found: Resolution) -> URIRef | None:
        """A same-name municipality chosen by the programme's list or the region's county (issue 14)."""
        region = self.page.region
        if region is None or self.reference is None or len(found.candidates) < 2:
            return None
        return settle(found.candidates, frozenset(m.code for m in region.members), region.county_code,
                      self.reference)


def build_graph(doc: ParsedDocument, text: str, raw: bytes, reference: Graph | None,
                tagger: Tagger | None, page: PageRegion) -> tuple[Graph, list[str]]:
    """The region's graph and the warnings met while building it."""
    builder = _Builder(doc, text, raw, reference, tagger, page)
    return builder.build(), builder.warnings


def published_pages(page: PageRegion) -> list[URIRef]:
    """Where the page was published, as far as the programme's table says: the sources of its region's row whose
    last path segment is the page's own slug (``https://distriktssenteret.no/artikkel/notodden/`` for
    ``notodden.txt``), so that the text's provenance reaches the publisher's page, not only our copy of it."""
    if page.region is None:
        return []
    return [URIRef(url) for url in page.region.sources
            if urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] == page.page_slug]
