"""What the document about an IRI contains. Pure over a :class:`~byregion.graph_index.GraphIndex`:
the build indexes its graph once by subject and by object, and each description is drawn from the index
at the cost of the description itself (no SPARQL, no scan of the graph per document).

A description of ``<x>`` holds:

* every triple whose subject is ``<x>`` or one of its *parts*: our IRIs below it (``<x>/…``), such as a
  goal's provenance ``<x>/source`` and ``<x>/source/position``, a municipality's numbers, and for a
  region everything of the region (goals, results, advice, follow-up, excerpts, sections, facts,
  memberships) — so one GET gives a harvester the whole region;
* recursively, the triples of blank nodes those triples point at (up to ``blank_depth`` levels, the
  setting ``BYREGION_BLANK_DEPTH``);
* the labels (rdfs:label, skos:prefLabel, dct:title; nb, en and untagged) of every IRI it mentions
  (objects, predicates and classes), so no page needs to show a bare IRI where a label exists;
* for a concept scheme, its concepts; for the ontology document, the whole ontology graph;
* for an organisation with members (a city region), the identifiers of each member: its
  kommunenummer nodes with their validity, Wikidata item and organisation number;
* for a programme, every region in brief (county, member count, confidence, population, members and
  roles), so one document lists the whole programme; where a region states a confidence level, what
  the level means.

Inbound links ("used by") are separate (:func:`inbound`): HTML shows them, RDF does not carry them.

A thing's RDF document (``/doc/x``, not the thing ``/id/x``) also says what it is (:func:`document_metadata`): its
primary topic, the dataset it belongs to and its licence, so a crawler that fetched one document, and nothing else
of ours, knows the terms it may reuse it on and where the rest is.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from byregion import i18n, uris
from byregion.fastgraph import FastGraph
from byregion.graph_index import GraphIndex
from byregion.licence import LICENCE, LICENCE_LABEL
from byregion.namespaces import BASE, BR, FOAF, ONTOLOGY_IRI, SCHEMA, VOID
from byregion.settings import DEFAULT_BLANK_DEPTH

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
LABEL_LANGUAGES = (*i18n.NORWEGIAN_TEXT, "en", "")


def _add_subject(index: GraphIndex, graph: Graph, subject: Node, blank_depth: int) -> None:
    """``subject``'s triples, and those of the blank nodes below it, ``blank_depth`` levels deep."""
    frontier = [subject]
    for depth in range(blank_depth + 1):
        following: list[Node] = []
        for node in frontier:
            for p, o in index.outgoing.get(node, ()):
                graph.add((node, p, o))
                if isinstance(o, BNode) and depth < blank_depth:
                    following.append(o)
        frontier = following


def add_labels(index: GraphIndex, graph: Graph, iris: Iterable[Node] | None = None) -> None:
    """Add the labels of ``iris`` (default: every IRI ``graph`` mentions as object or predicate)."""
    # in order of first mention, not a set's: a set's order follows the process's hash seed, and the
    # document's bytes (and ETag) would change from one build of the same data to the next
    wanted = dict.fromkeys(iris if iris is not None else
                           (n for _s, p, o in graph for n in (p, o) if isinstance(n, URIRef)))
    for node in wanted:
        for p, o in index.outgoing.get(node, ()):
            if p in LABEL_PROPERTIES and isinstance(o, Literal) and (o.language or "") in LABEL_LANGUAGES:
                graph.add((node, p, o))


def labels(index: GraphIndex, iris: Iterable[Node]) -> Graph:
    """A graph with only the labels of ``iris``."""
    graph: Graph = FastGraph()
    add_labels(index, graph, iris)
    return graph


def _member_identifiers(index: GraphIndex, graph: Graph, br: Namespace) -> None:
    for member in dict.fromkeys(o for _s, p, o in graph.triples((None, ORG.member, None))):  # stable order
        for p, o in index.outgoing.get(member, ()):
            if p == br.municipalityNumber:
                graph.add((member, p, o))
                for q, value in index.outgoing.get(o, ()):
                    if q in (SKOS.notation, SCHEMA.validFrom, SCHEMA.validThrough, br.county):
                        graph.add((o, q, value))
            elif p in (OWL.sameAs, br.organisationNumber):
                graph.add((member, p, o))
        # its changes of name, so that its name on a date can be read (docs/MODEL.md; byregion.pages.name_on)
        for change in (index.subjects_with(ORG.resultingOrganization, member) if isinstance(member, URIRef) else ()):
            if br.nameChange in index.values(change, br.changeKind):
                graph.add((change, br.changeKind, br.nameChange))
                graph.add((change, ORG.resultingOrganization, member))
                for q in (DCTERMS.date, br.previousName, br.newName):
                    for value in index.values(change, q):
                        graph.add((change, q, value))


def _programme_regions(index: GraphIndex, graph: Graph, programme: URIRef, br: Namespace) -> None:
    brief = (br.county, br.memberCount, br.confidence, br.applicantConfidence, br.sourceDocument)
    regions = index.subjects_with(br.programme, programme)
    for region in regions:
        graph.add((region, br.programme, programme))
        graph.add((region, RDF.type, br.CityRegion))
        for p, o in index.outgoing.get(region, ()):
            if p in brief:
                graph.add((region, p, o))
            elif p == br.population:
                for value in index.values(o, SCHEMA.value):
                    graph.add((region, p, o))
                    graph.add((o, SCHEMA.value, value))
            elif p == br.membership:
                member, role = index.value(o, ORG.member), index.value(o, ORG.role)
                if member is not None and role is not None:
                    graph.add((region, p, o))
                    graph.add((o, ORG.member, member))
                    graph.add((o, ORG.role, role))
                    for text in index.values(o, SCHEMA.text):  # the member as the table names it (of 2015)
                        graph.add((o, SCHEMA.text, text))
            elif p == br.participation:  # which phases, and whether inferred (br:confidence)
                for q in (br.inPhase, br.confidence):
                    for value in index.values(o, q):
                        graph.add((region, p, o))
                        graph.add((o, q, value))
    add_labels(index, graph, regions)  # the regions are subjects here, which add_labels does not look at


def describe(index: GraphIndex, iri: str, base: str = BASE, blank_depth: int = DEFAULT_BLANK_DEPTH) -> Graph:
    """The description graph of ``iri`` (empty when the build knows nothing about it).

    ``base`` is the base the build was made with (``PublishedBuild.base_uri``).
    """
    graph: Graph = FastGraph()
    thing = URIRef(iri)
    for subject in index.parts(iri):
        _add_subject(index, graph, subject, blank_depth)
    if not len(graph):
        return graph
    br = Namespace(uris.rebase(str(BR), BASE, base))
    if (thing, RDF.type, SKOS.ConceptScheme) in graph:
        for concept in index.subjects_with(SKOS.inScheme, thing):
            _add_subject(index, graph, concept, blank_depth)
    if (None, ORG.member, None) in graph:
        _member_identifiers(index, graph, br)
    levels = [o for p in (br.confidence, br.applicantConfidence) for o in graph.objects(thing, p)]
    for level in levels:  # say what a confidence level means where it is used, in both languages: its definition,
        # written for a reader (br:countOnly's comment names the ontology's terms), else its comment
        said = SKOS.definition if index.values(level, SKOS.definition) else RDFS.comment
        for text in index.values(level, said):
            graph.add((level, said, text))
    if (thing, RDF.type, br.Programme) in graph:
        _programme_regions(index, graph, thing, br)
    if iri == uris.rebase(ONTOLOGY_IRI, BASE, base):
        for term in index.graphs.get(str(uris.graph("ontology", base)), ()):
            _add_subject(index, graph, term, 0)
    add_labels(index, graph)
    return with_dotted_decimals(graph)


def document_metadata(document: str, topic: str, base: str = BASE,
                      own_licence: Node | None = None) -> list[tuple[Node, Node, Node]]:
    """What a thing's document (``{base}/doc/x``) says of itself: ``foaf:primaryTopic`` the thing, ``void:inDataset``
    the dataset, ``dct:license`` the dataset's licence (with its name in nb and en), or the thing's own where it has
    one (``own_licence``: a boundary's geometry is Kartverket's, CC BY 4.0, and its document is that geometry).

    The Linked Data pattern "document metadata": licence and dataset travel with each document, since a crawler
    or a cache may hold one without the catalogue. Nothing here changes from one build to the next (no date), so a
    document's bytes and ETag stay as long as its data does."""
    doc = URIRef(document)
    found: list[tuple[Node, Node, Node]] = [(doc, RDF.type, FOAF.Document), (doc, FOAF.primaryTopic, URIRef(topic)),
                                            (doc, VOID.inDataset, uris.dataset(base))]
    if own_licence is not None:
        return [*found, (doc, DCTERMS.license, own_licence)]
    licence = URIRef(LICENCE)
    return [*found, (doc, DCTERMS.license, licence),
            *((licence, RDFS.label, Literal(LICENCE_LABEL[lang], lang=lang)) for lang in ("nb", "en"))]


def with_dotted_decimals(graph: Graph) -> Graph:
    """Write ``xsd:decimal`` values with a decimal point (``5150`` → ``5150.0``, the XSD 1.0 canonical form).

    Oxigraph may return ``"5150"^^xsd:decimal``, and Turtle's shorthand ``5150.0`` reads back as another
    lexical form; with the point in every format, all of them parse to identical triples.
    """
    for s, p, o in list(graph.triples((None, None, None))):
        if isinstance(o, Literal) and o.datatype == XSD.decimal and "." not in str(o) and "E" not in str(o).upper():
            graph.remove((s, p, o))
            graph.add((s, p, Literal(str(o) + ".0", datatype=XSD.decimal)))
    return graph


@dataclass(frozen=True)
class Link:
    """One inbound link: ``subject`` says ``predicate`` about the described thing."""

    subject: URIRef
    predicate: URIRef
    labels: dict[str, str]


def _label_texts(index: GraphIndex, node: Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for prop in LABEL_PROPERTIES:
        for value in index.literal_values(node, prop):
            found.setdefault(value.language or "", str(value))
    return {lang: text for lang, text in found.items() if lang in LABEL_LANGUAGES}


def inbound(index: GraphIndex, iri: str, limit: int) -> tuple[list[Link], bool]:
    """Things outside ``iri``'s own parts that link to it, with their labels; and whether more were cut."""
    own = iri + "/"
    pairs = sorted({(str(p), str(s)) for s, p in index.incoming.get(URIRef(iri), ())
                    if isinstance(s, URIRef) and not str(s).startswith(own)})
    links = [Link(URIRef(s), URIRef(p), _label_texts(index, URIRef(s))) for p, s in pairs[:limit]]
    return links, len(pairs) > limit


@dataclass(frozen=True)
class Change:
    """A change (``org:ChangeEvent``) a municipality or county took part in, as the one it made or one it ended."""

    iri: URIRef
    date: str
    labels: dict[str, str]


def changes(index: GraphIndex, iri: str) -> list[Change]:
    """The changes that name ``iri`` as an original or resulting organisation (its own, ``iri/change/…``, and
    those of others it went into), oldest first: its page links them."""
    found = {s for s, p in index.incoming.get(URIRef(iri), ())
             if p in (ORG.originalOrganization, ORG.resultingOrganization) and isinstance(s, URIRef)}
    listed = [Change(s, str(index.value(s, DCTERMS.date) or ""), _label_texts(index, s)) for s in found]
    return sorted(listed, key=lambda change: (change.date, str(change.iri)))


def best_label(graph: Graph, node: Node, lang: str) -> Literal | None:
    """The label of ``node`` in ``lang`` (then as :func:`byregion.i18n.text_preference` orders), trying each label
    property in turn."""
    for prop in LABEL_PROPERTIES:
        values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
        for wanted in i18n.text_preference(lang):
            for value in values:
                if (value.language or "") == wanted:
                    return value
    return None


def tagged_statements(index: GraphIndex, theme: str, limit: int, br: Namespace) -> Graph:
    """Statements tagged with ``theme`` (``dct:subject``) across regions: their text, title, type, region,
    position and the labels of their regions and types, for the theme page. ``br`` is the ontology
    namespace of the build."""
    keep = (RDF.type, DCTERMS.title, SCHEMA.text, SCHEMA.position, DCTERMS.subject, br.region)
    graph: Graph = FastGraph()
    for statement in sorted(index.subjects_with(DCTERMS.subject, URIRef(theme)), key=str)[:limit]:
        for p, o in index.outgoing.get(statement, ()):
            if p in keep:
                graph.add((statement, p, o))
    add_labels(index, graph)
    return graph
