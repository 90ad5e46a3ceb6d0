"""The programme's regions as RDF: the named graph ``{base}/graph/programme/regions`` (docs/programme.md).

Pure: the checked rows (:mod:`byregion.programme.rows`), the reference graph and the set of regions
that have an imported page in; a graph and the problems met out.

What a region row becomes::

    id:region/grenland a br:CityRegion ;
        skos:prefLabel "Grenland"@nb, "Grenland"@en ;        # left out where the region's page names it
        br:programme id:programme/byregionprogrammet ;
        br:referenceDate "2015-01-01"^^xsd:date ;             # the table's numbers are those of 2015-01-01
        br:county id:county/telemark ;                        # the county of most members, in 2015
        br:memberCount 6 ;                                   # as the table gives it, the applicant included
        br:confidence br:fakta ;                             # how the member list is known
        br:applicantConfidence br:fakta ;                    # how the applicant is known (br:unknown: none)
        dct:source <https://distriktssenteret.no/artikkel/skien/> ;
        br:population id:region/grenland/population ;        # Fakta figures, left out where a page gives them
        br:area id:region/grenland/area ;
        br:membership id:region/grenland/membership/skien, … ;
        dqv:hasQualityAnnotation id:region/grenland/quality/note ;   # the table's note, where it has one
        prov:wasDerivedFrom id:region/grenland/source .      # row N of regions.csv (RFC 7111 selector)

A municipality listed by two regions gets a ``br:DataConflict`` on each of its memberships, naming the
other: the conflicts are data, not comments. Where a region has an imported page, the page wins: its
memberships and figures are the page's, and :func:`disagreements` says where the table differs.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DC, DCTERMS, ORG, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from byregion import i18n, literals, uris
from byregion.mediatypes import CSV_TABLE, MARKDOWN, PLAIN, iana_iri
from byregion.namespaces import BASE, BR, DQV, OA, QUDT, SCHEMA, UNIT, bind_prefixes
from byregion.pages import name_on
from byregion.periods import covers
from byregion.programme.rows import MEMBERSHIPS, NOTES, REGIONS, Membership, Programme, Region

#: The day the table's kommunenummer are valid on, and its Fakta figures are dated.
TABLE_DATE = dt.date(2015, 1, 1)
RFC_7111 = URIRef("http://tools.ietf.org/rfc/rfc7111")
NB, EN = "nb", "en"
ENGLISH = URIRef("http://id.loc.gov/vocabulary/iso639-1/en")

#: ``regions.csv`` confidence values → br:ConfidenceLevel individuals.
CONFIDENCE = {"fakta": BR.fakta, "secondary": BR.secondary, "unverified": BR.unverified,
              "count-only": BR.countOnly}

#: What a note says about the applicant, in the research table's words (lower case), and the level it means.
_APPLICANT_UNKNOWN = ("applicant is not known", "applicant is unknown")
_APPLICANT_INFERRED = ("applicant is inferred", "applicant is implied", "applicant not stated",
                       "applicant is not stated", "likely applicant")
#: A note's words that say how its inferred applicant is known (from the page's address, implied by its sources, the
#: likely one): one that says only that the applicant is "not stated" does not, and its basis is sought in the
#: region's sources (:func:`applicant_address`).
_APPLICANT_BASIS = ("page address", "implied", "likely")
#: A region's page at Distriktssenteret, by its address: the article's name, a "-2" of a second article left off.
_REGION_PAGE = re.compile(r"https?://(?:www\.)?distriktssenteret\.no/artikkel/(?P<name>[a-z0-9-]+?)(?:-\d+)?/?$")


@dataclass(frozen=True)
class NumberPeriod:
    """One municipality or county number with its validity, as the reference graph has it."""

    code: str
    valid_from: dt.date | None
    valid_through: dt.date | None
    unit: URIRef

    def valid_on(self, day: dt.date) -> bool:
        return covers(self.valid_from, self.valid_through, day)


def _date(value: object) -> dt.date | None:
    return dt.date.fromisoformat(str(value)) if value is not None else None


def number_periods(reference: Graph, number_property: URIRef) -> list[NumberPeriod]:
    """Every ``br:municipalityNumber`` (or ``br:countyNumber``) of the reference graph with its period."""
    found = []
    for unit, number in reference.subject_objects(number_property):
        code = reference.value(number, SKOS.notation)
        if isinstance(unit, URIRef) and code is not None:
            found.append(NumberPeriod(str(code), _date(reference.value(number, SCHEMA.validFrom)),
                                      _date(reference.value(number, SCHEMA.validThrough)), unit))
    return found


def unit_on(periods: Iterable[NumberPeriod], code: str, day: dt.date) -> URIRef | None:
    """The unit that held ``code`` on ``day``, or None."""
    held = {p.unit for p in periods if p.code == code and p.valid_on(day)}
    return next(iter(held)) if len(held) == 1 else None


def derived_from_row(graph: Graph, item: URIRef, table: URIRef, row: int, line: int, name: str = "source",
                     label: tuple[str, str] | None = None) -> None:
    """``item prov:wasDerivedFrom item/{name}``: record ``row`` of the CSV ``table`` (an RFC 7111 fragment, the header
    row 1), which starts on ``line`` (``br:line``: the same but after a cell of several lines), its selector
    ``item/{name}/row``; ``label`` (nb, en) names it where a page lists the item's sources."""
    _derived(graph, item, name, table, label, "row", OA.FragmentSelector,
             ((DCTERMS.conformsTo, RFC_7111), (RDF.value, Literal(f"row={row}")), (BR.line, Literal(line))))


def derived_from_passage(graph: Graph, item: URIRef, document: URIRef, start: int, end: int, line: int,
                         name: str = "source", label: tuple[str, str] | None = None, *, activity: bool = False) -> None:
    """``item prov:wasDerivedFrom item/{name}``: the code points ``start``–``end`` of ``document`` (from ``line``),
    its selector ``item/{name}/position``, as a region page's statements cite their sentences. An ``activity`` (the
    programme, a phase: ``prov:Activity``) cites it with ``dct:source`` instead, as a change event cites KLASS:
    PROV-O says ``prov:wasDerivedFrom`` of entities only, and makes activities and entities disjoint."""
    _derived(graph, item, name, document, label, "position", OA.TextPositionSelector,
             ((OA.start, Literal(start)), (OA.end, Literal(end)), (BR.line, Literal(line))),
             DCTERMS.source if activity else PROV.wasDerivedFrom)


def _derived(graph: Graph, item: URIRef, name: str, source: URIRef, label: tuple[str, str] | None, kind: str,
             selector_type: URIRef, values: Iterable[tuple[URIRef, Node]],
             cited_by: URIRef = PROV.wasDerivedFrom) -> None:
    target, selector = URIRef(f"{item}/{name}"), URIRef(f"{item}/{name}/{kind}")
    graph.add((item, cited_by, target))
    graph.add((target, RDF.type, OA.SpecificResource))
    graph.add((target, OA.hasSource, source))
    graph.add((target, OA.hasSelector, selector))
    graph.add((selector, RDF.type, selector_type))
    for p, o in values:
        graph.add((selector, p, o))
    if label is not None:
        graph.add((target, RDFS.label, Literal(label[0], lang=NB)))
        graph.add((target, RDFS.label, Literal(label[1], lang=EN)))


def name_forms(official: str) -> set[str]:
    """How a source may write a municipality whose official name is ``official``: that name, the name without its
    parenthesised county ("Nes" for "Nes (Buskerud)"), and each of its parts in its languages ("Lavangen" for
    "Loabák - Lavangen", as the table writes it)."""
    bare = re.sub(r"\s*\([^)]*\)$", "", official)
    return {official, bare, *(part.strip() for part in bare.split(" - "))}


def membership_key(member: Membership) -> str:
    """The membership IRI's last segment: the municipality's name as written, as the importer mints it."""
    return uris.slugify(member.name)


def applicant_confidence(region: Region) -> URIRef:
    """How the applicant is known: from the note's words, else as the member list is known."""
    note = region.note.lower()
    if any(words in note for words in _APPLICANT_UNKNOWN):
        return BR.unknown
    if any(words in note for words in _APPLICANT_INFERRED):
        return BR.inferred
    if region.confidence == "count-only":  # its members are not known, yet the table may list the one its count
        return BR.inferred if region.applicants else BR.unknown  # of one and its name imply (Tønsberg)
    return CONFIDENCE[region.confidence]


def region_page_name(address: str) -> str | None:
    """The name a region's page at Distriktssenteret is addressed by (``…/artikkel/vagan-2/`` → ``vagan``)."""
    found = _REGION_PAGE.match(address)
    return found["name"] if found else None


def applicant_address(region: Region) -> str | None:
    """The source address of ``region`` that names its applicant (its page at Distriktssenteret, addressed by the
    applicant's name: ``…/artikkel/kongsvinger/``), or None."""
    names = {uris.slugify(m.name) for m in region.applicants}
    return next((a for a in region.sources if region_page_name(a) in names), None)


def addressed_by_applicant(programme: Programme) -> tuple[int, int]:
    """Of the regions whose facts block names their applicant and whose page's address names one of their members,
    how many are addressed by the applicant's name, and how many there are: the evidence for reading an applicant
    from a page's address (15 of 15 in the research table)."""
    named, by_applicant = 0, 0
    for region in programme.regions:
        if region.confidence != "fakta" or not region.applicants:
            continue
        members = {uris.slugify(m.name) for m in region.members}
        if any(region_page_name(a) in members for a in region.sources):
            named += 1
            by_applicant += applicant_address(region) is not None
    return by_applicant, named


def needs_applicant_basis(region: Region) -> bool:
    """Whether the applicant of ``region`` is inferred by a note that does not say how ("the applicant is not
    stated"), so that the build must find the basis in its sources or refuse it."""
    note = region.note.lower()
    return (applicant_confidence(region) == BR.inferred and region.confidence != "count-only"
            and not any(words in note for words in _APPLICANT_BASIS))


class _Writer:
    def __init__(self, programme: Programme, reference: Graph, pages: Mapping[str, Graph],
                 digests: Mapping[str, str], base: str) -> None:
        self.programme, self.pages, self.base = programme, pages, base
        self.reference = reference
        self.graph = bind_prefixes(Graph())
        self.municipalities = number_periods(reference, BR.municipalityNumber)
        self.counties = number_periods(reference, BR.countyNumber)
        self.digests = digests
        self.problems: list[str] = []
        self.table = {REGIONS: uris.source("programme-regions", base),
                      MEMBERSHIPS: uris.source("programme-memberships", base)}

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def both(self, s: URIRef, p: URIRef, nb: str, en: str) -> None:
        self.add(s, p, Literal(nb, lang=NB))
        self.add(s, p, Literal(en, lang=EN))

    def row_source(self, item: URIRef, file: str, record: Region | Membership) -> None:
        """``item prov:wasDerivedFrom item/source``: the row of ``file`` ``record`` was read from
        (:func:`derived_from_row`)."""
        derived_from_row(self.graph, item, self.table[file], record.row, record.line)

    def tables(self) -> None:
        titles = {REGIONS: ("Byregionprogrammets byregioner (forskningstabell)",
                            "The programme's city regions (research table)"),
                  MEMBERSHIPS: ("Medlemskommunene i Byregionprogrammets byregioner (forskningstabell)",
                                "Member municipalities of the programme's city regions (research table)")}
        for file, node in self.table.items():
            self.add(node, RDF.type, BR.SourceDocument)
            self.both(node, DCTERMS.title, *titles[file])
            self.add(node, DCTERMS.language, ENGLISH)
            self.add(node, DCTERMS.format, URIRef(iana_iri(CSV_TABLE)))  # a media type (dct:MediaType)
            self.add(node, DCTERMS.conformsTo, URIRef("https://www.rfc-editor.org/rfc/rfc4180"))
            if file in self.digests:
                self.add(node, BR.sha256, Literal(self.digests[file]))
            self.add(node, SCHEMA.url, uris.source_url(f"programme/{file}", self.base))

    def region(self, region: Region) -> None:
        node, page = uris.region(region.slug, self.base), self.pages.get(region.slug)
        self.add(node, RDF.type, BR.CityRegion)
        self.add(node, BR.programme, uris.thing("programme", "byregionprogrammet", base=self.base))
        if page is None:
            self.both(node, SKOS.prefLabel, region.name, region.name)
            self.both(node, RDFS.label, region.name, region.name)
        takes_members = page is None or (node, BR.membership, None) not in page \
            or (node, BR.memberListIncomplete, Literal(True)) in page  # the table's members, some or all of them
        if page is None or ((node, BR.referenceDate, None) not in page and takes_members):  # and their date, where
            self.add(node, BR.referenceDate, Literal(TABLE_DATE))  # the page gives none (cut before it)
        county = unit_on(self.counties, region.county_code, TABLE_DATE)
        if county is None:
            self.problems.append(f"{REGIONS}, line {region.line}: no county had the number "
                                 f"{region.county_code} on {TABLE_DATE}")
        else:
            self.add(node, BR.county, county)
        if region.confidence != "count-only" or region.member_count > len(region.members):
            # a count-only region's count that is no more than the members the table names counts only those (its
            # applicant, the region's namesake): its size is not known (the notes name 2 as the smallest region's)
            self.add(node, BR.memberCount, Literal(region.member_count))
        self.add(node, BR.confidence, CONFIDENCE[region.confidence])
        self.add(node, BR.applicantConfidence, applicant_confidence(region))
        if needs_applicant_basis(region):
            self.applicant_basis(node, region)
        for address in region.sources:
            self.add(node, DCTERMS.source, URIRef(address))
        self.row_source(node, REGIONS, region)
        if region.note:
            self.note(node, region)
        # The page wins where it says something; what it does not say (a page cut off before its facts
        # block, say) comes from the table.
        self.figures(node, region, with_population=page is None or (node, BR.population, None) not in page,
                     with_area=page is None or (node, BR.area, None) not in page)
        for prop, value in ((BR.population, region.population), (BR.area, region.area_km2)):
            figure = page.value(node, prop) if page is not None else None  # the page's, which the table states too
            if isinstance(figure, URIRef) and value is not None:  # (what differs stops the build: disagreements)
                derived_from_row(self.graph, figure, self.table[REGIONS], region.row, region.line, name="table")
        if page is None or (node, BR.membership, None) not in page:
            for position, member in enumerate(region.members, 1):
                self.membership(node, region.name, member, position)
        else:
            self.page_memberships(node, region, page)
        # The table lists phase 2's regions, so the member list, the page's or the table's, is phase 2's; how certain
        # that is, the region's participation in phase 2 says (byregion.programme.phases: inferred for Ranaregionen)
        phase_2 = uris.thing("programme", "byregionprogrammet", "phase", 2, base=self.base)
        for listed in (self.graph, page) if page is not None else (self.graph,):
            for membership in list(listed.objects(node, BR.membership)):
                if isinstance(membership, URIRef):
                    self.add(membership, BR.inPhase, phase_2)

    def page_memberships(self, node: URIRef, region: Region, page: Graph) -> None:
        """The table's rows of a region whose page lists its members: each member the page lists too keeps its row
        as a second source (``{membership}/table``, beside the page's sentence at ``{membership}/source``), so that
        adding a page takes no fact's source away; and where the page is cut off inside its member list
        (``br:memberListIncomplete``), the members it does not reach are the table's, as a region without a page has
        them (their roles are checked by :func:`disagreements`)."""
        listed = {page.value(ms, ORG.member): ms for ms in page.objects(node, BR.membership)}
        cut = (node, BR.memberListIncomplete, Literal(True)) in page
        position = len(listed)
        for member in region.members:
            municipality = unit_on(self.municipalities, member.code, TABLE_DATE)
            on_page = listed.get(municipality)
            if isinstance(on_page, URIRef):
                derived_from_row(self.graph, on_page, self.table[MEMBERSHIPS], member.row, member.line, name="table")
            elif on_page is None and cut:  # (a number no municipality had is a problem, as without a page)
                position += 1
                self.membership(node, region.name, member, position)

    def applicant_basis(self, region_node: URIRef, region: Region) -> None:
        """Say how an applicant the note calls "not stated" is inferred: from the address of the region's page, named
        after it (Kongsvingerregionen), as the pages whose facts block names the applicant are; a quality note on the
        region and on the applicant's membership. With no such address the applicant has no basis: a problem (make
        it a partner and say that the applicant is not known, as for Midt-Telemark, or say in the note how it is
        known)."""
        address = applicant_address(region)
        if address is None:
            self.problems.append(f"{REGIONS}, line {region.line}: the note says the applicant of {region.slug} is not "
                                 "stated, and neither the note nor the address of a source says how it is known: say "
                                 "how in the note, or make it a partner and say that the applicant is not known")
            return
        applicant = ", ".join(m.name for m in region.applicants)
        agree, pages = addressed_by_applicant(self.programme)
        note = URIRef(f"{region_node}/quality/applicant")
        self.add(region_node, DQV.hasQualityAnnotation, note)
        for member in region.applicants:
            self.add(URIRef(f"{region_node}/membership/{membership_key(member)}"), DQV.hasQualityAnnotation, note)
        self.add(note, RDF.type, DQV.QualityAnnotation)
        self.add(note, OA.hasTarget, region_node)
        self.add(note, OA.motivatedBy, DQV.qualityAssessment)
        self.both(note, RDFS.label, f"Søkerkommunen {applicant} er utledet av sidens adresse",
                  f"The applicant {applicant} is inferred from the page's address")
        self.both(note, RDFS.comment,
                  f"Tabellens merknad sier at søkerkommunen ikke er oppgitt. {applicant} er ført opp som søkerkommune "
                  f"fordi adressen til byregionens side hos Distriktssenteret bærer navnet ({address}), slik adressen "
                  f"gjør for søkerkommunen i {agree} av de {pages} byregionene hvis faktaboks oppgir søkerkommunen og "
                  "hvis sideadresse bærer navnet til et av medlemmene. Utledet av dette prosjektet fra tabellens "
                  "kilder; medlemslisten er like usikker som før.",
                  f"The table's note says the applicant is not stated. {applicant} is listed as the applicant because "
                  f"the address of the region's page at Distriktssenteret bears its name ({address}), as the address "
                  f"does for the applicant of {agree} of the {pages} regions whose facts block names the applicant and "
                  "whose page's address bears one of their members' names. Inferred by this project from the table's "
                  "sources; the member list is as uncertain as before.")
        self.row_source(note, REGIONS, region)

    def note(self, region_node: URIRef, region: Region) -> None:
        note, body = URIRef(f"{region_node}/quality/note"), URIRef(f"{region_node}/quality/note/body")
        self.add(region_node, DQV.hasQualityAnnotation, note)
        self.add(note, RDF.type, DQV.QualityAnnotation)
        self.add(note, OA.hasTarget, region_node)
        self.add(note, OA.motivatedBy, DQV.qualityAssessment)
        self.add(note, OA.hasBody, body)
        self.both(note, RDFS.label, f"Merknad om {region.name}", f"Note on {region.name}")
        self.add(body, RDF.type, OA.TextualBody)
        self.add(body, RDF.value, Literal(region.note, lang=EN))
        self.add(body, DCTERMS.language, ENGLISH)
        self.add(body, DC.format, Literal(PLAIN.name))  # Web Annotation's format of a body: dc:format, a string
        self.row_source(note, REGIONS, region)

    def figures(self, node: URIRef, region: Region, with_population: bool, with_area: bool) -> None:
        if region.population is not None and with_population:
            figure = URIRef(f"{node}/population")
            self.add(node, BR.population, figure)
            self.add(figure, RDF.type, BR.PopulationFigure)
            self.add(figure, SCHEMA.value, Literal(region.population))
            self.add(figure, DCTERMS.date, Literal(TABLE_DATE))
            day = TABLE_DATE.isoformat()  # in words, as a sentence writes it: "Folketall i Notodden 1. januar 2015"
            self.both(figure, RDFS.label, f"Folketall i {region.name} {i18n.date(day, 'nb')}",
                      f"Population of {region.name} on {i18n.date(day, 'en')}")
            self.sources(figure, region)
        if region.area_km2 is not None and with_area:
            figure = URIRef(f"{node}/area")
            self.add(node, BR.area, figure)
            self.add(figure, RDF.type, BR.AreaFigure)
            self.add(figure, QUDT.numericValue, literals.decimal(region.area_km2))
            self.add(figure, QUDT.unit, UNIT.KiloM2)
            self.both(figure, RDFS.label, f"Areal for {region.name}", f"Area of {region.name}")
            self.sources(figure, region)

    def sources(self, figure: URIRef, region: Region) -> None:
        for address in region.sources:
            self.add(figure, DCTERMS.source, URIRef(address))
        self.row_source(figure, REGIONS, region)

    def membership(self, region_node: URIRef, region_name: str, member: Membership, position: int) -> None:
        node = URIRef(f"{region_node}/membership/{membership_key(member)}")
        municipality = unit_on(self.municipalities, member.code, TABLE_DATE)
        if municipality is None:
            self.problems.append(f"{MEMBERSHIPS}, line {member.line}: no municipality had the number "
                                 f"{member.code} on {TABLE_DATE} ({member.name})")
            return
        self.add(region_node, BR.membership, node)
        self.add(node, RDF.type, ORG.Membership)
        self.add(node, ORG.organization, region_node)
        self.add(node, ORG.member, municipality)
        self.add(node, ORG.role, BR.applicant if member.role == "applicant" else BR.partner)
        self.add(node, SCHEMA.position, Literal(position))
        self.add(node, SCHEMA.text, Literal(member.name, lang=NB))
        # a name for clients that show labels, which is also its page's title (byregion.titles): "Nes i Hallingdal",
        # in the name the table gives, that of 2015; the municipality's latest ("Nesbyen") is not the member's
        self.both(node, RDFS.label, *(i18n.t("title_membership", lang).format(member=member.name,
                                                                             organisation=region_name)
                                      for lang in (NB, EN)))
        self.row_source(node, MEMBERSHIPS, member)

    def names(self) -> None:
        """A problem for each membership whose name is none the municipality that held its number on
        :data:`TABLE_DATE` had then (:func:`name_forms`): a number mistyped for a neighbour's would otherwise make
        the neighbour the member, under the name written."""
        day = TABLE_DATE.isoformat()
        written_by: dict[str, list[str]] | None = None  # each form of a name on the day: the numbers that bore it
        for member in self.programme.memberships:
            municipality = unit_on(self.municipalities, member.code, TABLE_DATE)
            official = name_on(self.reference, municipality, day, BR) if municipality is not None else None
            if official is None or member.name in name_forms(official):
                continue
            if written_by is None:
                written_by = {}
                for period in self.municipalities:
                    held = name_on(self.reference, period.unit, day, BR) if period.valid_on(TABLE_DATE) else None
                    for form in name_forms(held) if held is not None else ():
                        written_by.setdefault(form, []).append(period.code)
            codes = sorted(set(written_by.get(member.name, [])))
            had = (f"{member.name} had {' and '.join(codes)}" if codes
                   else f"no municipality was called {member.name} on {day}")
            self.problems.append(f"{MEMBERSHIPS}, line {member.line}, column 'municipality_name': {member.code} was "
                                 f"{official} on {day}, not {member.name} ({had}); correct the number or the name")

    def conflicts(self) -> None:
        """A ``br:DataConflict`` on each membership of a municipality that two or more regions list."""
        for code in sorted({m.code for m in self.programme.memberships}):
            regions = self.programme.regions_of(code)
            if len(regions) < 2:
                continue
            for region in regions:
                member = next(m for m in region.members if m.code == code)
                others = [r for r in regions if r is not region]
                membership = URIRef(f"{uris.region(region.slug, self.base)}/membership/{membership_key(member)}")
                node = URIRef(f"{membership}/conflict")
                name = member.name  # as the table writes it, the name of 2015
                self.add(node, RDF.type, BR.DataConflict)
                self.add(node, RDF.type, DQV.QualityAnnotation)
                self.add(node, OA.hasTarget, membership)
                self.add(node, OA.motivatedBy, DQV.qualityAssessment)
                self.add(node, BR.conflictKind, BR.memberOfSeveralRegions)
                for other in others:
                    other_member = next(m for m in other.members if m.code == code)
                    self.add(node, BR.conflictsWith, URIRef(
                        f"{uris.region(other.slug, self.base)}/membership/{membership_key(other_member)}"))
                listed = ", ".join(r.name for r in others)
                # the region named as one: under Sauherad's "(nå en del av Midt-Telemark (4020))", the municipality,
                # "Sauherad var også med i Midt-Telemark" had read as the same Midt-Telemark (an editor's review)
                several = len(others) > 1
                for label in (RDFS.label, SKOS.prefLabel):  # as every conflict, those written by hand too
                    self.both(node, label, f"{name} var også med i {'byregionene' if several else 'byregionen'} "
                              f"{listed}", f"{name} was also a member of the city region{'s' if several else ''} "
                              f"{listed}")  # the programme ended in 2018
                self.both(node, RDFS.comment,
                          f"Kildene oppgir {name} som medlem av {len(regions)} byregioner: "
                          f"{', '.join(r.name for r in regions)}. En kommune kan delta i mer enn én byregion.",
                          f"The sources list {name} as a member of {len(regions)} city regions: "
                          f"{', '.join(r.name for r in regions)}. A municipality can take part in more than "
                          "one region.")
                self.add(membership, DQV.hasQualityAnnotation, node)
                self.row_source(node, MEMBERSHIPS, member)


def programme_graph(programme: Programme, reference: Graph, pages: Mapping[str, Graph] | None = None,
                    digests: Mapping[str, str] | None = None, base: str = BASE) -> tuple[Graph, list[str]]:
    """The programme's regions as RDF, and the problems that keep it from being published (empty when none).

    ``pages`` maps the slugs of regions that have an imported page to the page's graph: for those the
    page's name, members and figures stand, and the table adds what the page cannot know (confidence,
    county, sources) and what the page lacks. ``digests`` maps the CSV file names to their SHA-256.
    """
    writer = _Writer(programme, reference, pages or {}, digests or {}, base)
    writer.tables()
    writer.names()
    for region in programme.regions:
        writer.region(region)
    writer.conflicts()
    for page in writer.pages.values():  # a triple a page states already is not stated twice
        for triple in page:
            writer.graph.remove(triple)
    return writer.graph, writer.problems


def disagreements(programme: Programme, slug: str, page: Graph, reference: Graph, base: str = BASE) -> list[str]:
    """Where the table's row for ``slug`` differs from the region's imported page (empty when they agree).

    Compared: the name, the members with their roles (by the municipality each resolves to) and the population and
    area figures. The page wins in the published data; a difference means one of the two is wrong (and the
    table's name, which the phases' and the conflicts' labels are written with, would show beside the page's).
    """
    region = programme.region(slug)
    if region is None:
        return []
    node = uris.region(slug, base)
    periods = number_periods(reference, BR.municipalityNumber)
    table: dict[tuple[Node | None, Node | None], Membership] = {
        (unit_on(periods, m.code, TABLE_DATE), BR.applicant if m.role == "applicant" else BR.partner): m
        for m in region.members}
    on_page: set[tuple[Node | None, Node | None]] = {
        (page.value(ms, ORG.member), page.value(ms, ORG.role)) for ms in page.objects(node, BR.membership)}
    problems = []
    label = {s: str(o) for s, o in reference.subject_objects(SKOS.prefLabel) if getattr(o, "language", None) == NB}

    def name(pair: tuple[Node | None, Node | None]) -> str:
        role = "applicant" if pair[1] == BR.applicant else "partner"
        return f"{label.get(pair[0], str(pair[0]).rsplit('/', 1)[-1]) if pair[0] else '?'} ({role})"

    cut = (node, BR.memberListIncomplete, Literal(True)) in page  # cut off inside its member list: the rest is
    listed = {member for member, _ in on_page}                    # the table's (a member it lists is compared)
    for pair, member in table.items() if on_page else ():  # a page without members takes the table's
        if pair not in on_page and not (cut and pair[0] not in listed):
            problems.append(f"{MEMBERSHIPS}, line {member.line}: {member.name} ({member.role}) of {slug} is not "
                            "a member with that role on the region's page")
    for pair in sorted(on_page - set(table), key=str):
        problems.append(f"{MEMBERSHIPS}: the page of {slug} lists {name(pair)}, which the table does not")
    names = sorted(str(o) for o in page.objects(node, SKOS.prefLabel) if getattr(o, "language", None) == NB)
    if names and region.name not in names:
        problems.append(f"{REGIONS}, line {region.line}: name {region.name!r} of {slug} differs from the page's "
                        f"{' or '.join(repr(n) for n in names)}")
    population = page.value(page.value(node, BR.population), SCHEMA.value)
    if region.population is not None and population is not None and str(population) != str(region.population):
        problems.append(f"{REGIONS}, line {region.line}: population_2015 {region.population} of {slug} differs "
                        f"from the page's {population}")
    area = page.value(page.value(node, BR.area), QUDT.numericValue)
    if region.area_km2 is not None and area is not None and Decimal(str(area)) != region.area_km2:
        problems.append(f"{REGIONS}, line {region.line}: area_km2 {region.area_km2} of {slug} differs from "
                        f"the page's {area}")
    return problems


# ----------------------------------------------------------------------------------------------- the notes

#: The heading in the research notes (:data:`~byregion.programme.rows.NOTES`) over the programme's own facts: its
#: owner, the learning network's operator, its phases with their years and counts.
PROGRAMME_FACTS = "## Programme facts"
#: The things of data/programme.ttl those facts are about, each as (kind, slug, path below it): the programme, its
#: two phases, its owner and the operator of its learning network. Each that the programme's graph describes is
#: derived from the section (a ``oa:TextPositionSelector`` over the notes, as a region page's statements are).
PROGRAMME_THINGS = (("programme", "byregionprogrammet", ""), ("programme", "byregionprogrammet", "/phase/1"),
                    ("programme", "byregionprogrammet", "/phase/2"), ("organisation", "kmd", ""),
                    ("organisation", "distriktssenteret", ""))


def notes_graph(notes: str, digest: str, described: Graph, base: str = BASE) -> tuple[Graph, list[str]]:
    """The research notes as a source document (``{base}/id/source/programme-notes``, published at
    ``/source/programme/README.md``), and the provenance of the programme's own facts in ``described`` (the
    hand-written programme graph): each of :data:`PROGRAMME_THINGS` it describes cites the notes'
    :data:`PROGRAMME_FACTS` section by code-point offsets and line (``prov:wasDerivedFrom``; the programme and its
    phases, activities, ``dct:source``). The problems: a notes file without that section."""
    graph = bind_prefixes(Graph())
    node = uris.source("programme-notes", base)
    graph.add((node, RDF.type, BR.SourceDocument))
    graph.add((node, DCTERMS.title, Literal("Merknader til forskningstabellene om Byregionprogrammet", lang=NB)))
    graph.add((node, DCTERMS.title, Literal("Notes on the research tables of the City Region Programme", lang=EN)))
    graph.add((node, DCTERMS.language, ENGLISH))
    graph.add((node, DCTERMS.format, URIRef(iana_iri(MARKDOWN))))
    graph.add((node, BR.sha256, Literal(digest)))
    graph.add((node, SCHEMA.url, uris.source_url(f"programme/{NOTES}", base)))
    if notes.startswith(PROGRAMME_FACTS):
        start = 0
    elif (heading := notes.find("\n" + PROGRAMME_FACTS)) >= 0:
        start = heading + 1
    else:
        return graph, [f"{NOTES} has no section {PROGRAMME_FACTS!r}: the programme's own facts (data/programme.ttl) "
                       "cite it as their source"]
    following = notes.find("\n## ", start + len(PROGRAMME_FACTS))
    end = len(notes[:following if following >= 0 else len(notes)].rstrip())
    line = notes.count("\n", 0, start) + 1
    for kind, slug, below in PROGRAMME_THINGS:
        item = URIRef(f"{uris.thing(kind, slug, base=base)}{below}")
        if (item, None, None) not in described:
            continue
        derived_from_passage(graph, item, node, start, end, line, activity=kind == "programme")
    return graph, []
