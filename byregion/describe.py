"""What the document about an IRI contains. Pure over the :class:`~byregion.store.Store` protocol (SPARQL
only), so it works on the embedded store and on a remote endpoint alike.

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
  roles), so one document lists the whole programme.

Inbound links ("used by") are separate (:func:`inbound`): HTML shows them, RDF does not carry them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from byregion import uris
from byregion.namespaces import BASE, BR, ONTOLOGY_IRI, SCHEMA, bind_prefixes
from byregion.settings import DEFAULT_BLANK_DEPTH
from byregion.store import Store

LABEL_PROPERTIES = (RDFS.label, SKOS.prefLabel, DCTERMS.title)
LABEL_LANGUAGES = ("nb", "en", "")


def _iri(term: str) -> str:
    if any(c in term for c in '<>"{}|^`\\ \n'):
        raise ValueError(f"not a usable IRI: {term!r}")
    return f"<{term}>"


def _string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _own(var: str, iri: str) -> str:
    return f"({var} = {_iri(iri)} || STRSTARTS(STR({var}), {_string(iri + '/')}))"


def subtree_query(iri: str, blank_depth: int = DEFAULT_BLANK_DEPTH) -> str:
    """CONSTRUCT of ``iri``, its parts, and blank nodes under them, ``blank_depth`` levels deep.

    Deeper chains are cut (OWL lists in the ontology are served with the whole ontology graph instead).
    """
    branches = [f"{{ ?s ?p ?o . FILTER {_own('?s', iri)} }}"]
    for depth in range(1, blank_depth + 1):
        chain = ["?r ?q0 ?b1 ."] + [f"?b{i} ?q{i} ?b{i + 1} ." for i in range(1, depth)]
        blanks = " && ".join(f"isBlank(?b{i})" for i in range(1, depth + 1))
        branches.append(f"{{ {' '.join(chain)} ?b{depth} ?p ?o . BIND(?b{depth} AS ?s) "
                        f"FILTER ({_own('?r', iri)} && {blanks}) }}")
    return "CONSTRUCT { ?s ?p ?o } WHERE {\n  " + "\n  UNION ".join(branches) + "\n}"


def labels_query(iris: Sequence[Node]) -> str:
    values = " ".join(_iri(str(i)) for i in iris)
    props = " ".join(_iri(str(p)) for p in LABEL_PROPERTIES)
    langs = ", ".join(_string(lang) for lang in LABEL_LANGUAGES)
    return (f"CONSTRUCT {{ ?x ?p ?l }} WHERE {{ VALUES ?x {{ {values} }} VALUES ?p {{ {props} }} "
            f"?x ?p ?l . FILTER (isLiteral(?l) && LANG(?l) IN ({langs})) }}")


def _mentioned(graph: Graph) -> list[URIRef]:
    seen: set[URIRef] = set()
    for _s, p, o in graph:
        seen.add(p)  # type: ignore[arg-type]
        if isinstance(o, URIRef):
            seen.add(o)
    return sorted(seen)


def add_labels(store: Store, graph: Graph, batch: int = 200) -> None:
    """Add the labels of every IRI ``graph`` mentions (as object or predicate)."""
    mentioned = _mentioned(graph)
    for start in range(0, len(mentioned), batch):
        graph += store.construct(labels_query(mentioned[start:start + batch]))


def member_identifiers_query(iri: str, br: str) -> str:
    """CONSTRUCT of the identifiers of the members of ``iri``'s memberships (``br``: the build's namespace)."""
    own = _own("?ms", iri)
    return (f"PREFIX org: <http://www.w3.org/ns/org#> PREFIX br: <{br}> "
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <https://schema.org/> "
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> "
            "CONSTRUCT { ?m br:municipalityNumber ?n . ?n skos:notation ?code ; schema:validFrom ?from ; "
            "schema:validThrough ?through . ?m owl:sameAs ?same ; br:organisationNumber ?orgnr } "
            f"WHERE {{ ?ms org:member ?m . FILTER {own} "
            "{ ?m br:municipalityNumber ?n . ?n skos:notation ?code "
            "OPTIONAL { ?n schema:validFrom ?from } OPTIONAL { ?n schema:validThrough ?through } } "
            "UNION { ?m owl:sameAs ?same } UNION { ?m br:organisationNumber ?orgnr } }")


def programme_regions_query(iri: str, br: str) -> str:
    """CONSTRUCT of a programme's regions in brief: what its page lists for each region and member.

    Each region's type, county, member count, confidence, population and memberships (member and role),
    so the programme's document names every region and every participating municipality.
    """
    return (f"PREFIX org: <http://www.w3.org/ns/org#> PREFIX br: <{br}> PREFIX schema: <https://schema.org/> "
            "CONSTRUCT { ?r br:programme ?p ; a br:CityRegion ; br:county ?county ; br:memberCount ?count ; "
            "br:confidence ?confidence ; br:applicantConfidence ?applicant ; br:population ?figure ; "
            "org:hasMembership ?ms . ?figure schema:value ?population . ?ms org:member ?m ; org:role ?role . "
            "?r br:sourceDocument ?page } "
            f"WHERE {{ BIND ({_iri(iri)} AS ?p) ?r br:programme ?p . "
            "{ ?r br:county ?county } UNION { ?r br:memberCount ?count } UNION { ?r br:confidence ?confidence } "
            "UNION { ?r br:applicantConfidence ?applicant } UNION { ?r br:sourceDocument ?page } "
            "UNION { ?r br:population ?figure . ?figure schema:value ?population } "
            "UNION { ?r org:hasMembership ?ms . ?ms org:member ?m ; org:role ?role } }")


def describe(store: Store, iri: str, base: str, blank_depth: int = DEFAULT_BLANK_DEPTH) -> Graph:
    """The description graph of ``iri`` (empty when the store knows nothing about it).

    ``base`` is the base the store's data was built with (``PublishedBuild.base_uri``).
    """
    graph = bind_prefixes(Graph())
    graph += store.construct(subtree_query(iri, blank_depth))
    if not len(graph):
        return graph
    if (URIRef(iri), RDF.type, SKOS.ConceptScheme) in graph:
        graph += store.construct(
            f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c {_iri(str(SKOS.inScheme))} {_iri(iri)} ; ?p ?o }}")
    if (None, ORG.member, None) in graph:
        graph += store.construct(member_identifiers_query(iri, uris.rebase(str(BR), BASE, base)))
    br = uris.rebase(str(BR), BASE, base)
    levels = [o for p in ("confidence", "applicantConfidence") for o in graph.objects(URIRef(iri), URIRef(br + p))]
    if levels:  # say what a confidence level means where it is used, in both languages
        graph += store.construct(f"CONSTRUCT {{ ?l {_iri(str(RDFS.comment))} ?c }} WHERE {{ "
                                 f"VALUES ?l {{ {' '.join(_iri(str(x)) for x in levels)} }} "
                                 f"?l {_iri(str(RDFS.comment))} ?c }}")
    if (URIRef(iri), RDF.type, URIRef(br + "Programme")) in graph:
        graph += store.construct(programme_regions_query(iri, br))
        regions = sorted(set(graph.subjects(URIRef(br + "programme"), URIRef(iri))), key=str)
        if regions:  # the regions are subjects here, which add_labels does not look at
            graph += store.construct(labels_query(regions))
    if iri == uris.rebase(ONTOLOGY_IRI, BASE, base):
        graph += store.construct(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {_iri(str(uris.graph('ontology', base)))} {{ ?s ?p ?o }} }}")
    add_labels(store, graph)
    return with_dotted_decimals(graph)


def with_dotted_decimals(graph: Graph) -> Graph:
    """Write ``xsd:decimal`` values with a decimal point (``5150`` → ``5150.0``, the XSD 1.0 canonical form).

    Oxigraph returns ``"5150"^^xsd:decimal``, and Turtle's shorthand ``5150.0`` reads back as another
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


def inbound(store: Store, iri: str, limit: int) -> tuple[list[Link], bool]:
    """Things outside ``iri``'s own parts that link to it, with their labels; and whether more were cut."""
    props = " ".join(_iri(str(p)) for p in LABEL_PROPERTIES)
    rows = store.select(
        f"SELECT ?s ?p (SAMPLE(?nb) AS ?lnb) (SAMPLE(?en) AS ?len) (SAMPLE(?any) AS ?lany) WHERE {{ "
        f"?s ?p {_iri(iri)} . FILTER (isIRI(?s) && !STRSTARTS(STR(?s), {_string(iri + '/')})) "
        f"OPTIONAL {{ VALUES ?lp {{ {props} }} ?s ?lp ?nb FILTER (LANG(?nb) = 'nb') }} "
        f"OPTIONAL {{ VALUES ?lp2 {{ {props} }} ?s ?lp2 ?en FILTER (LANG(?en) = 'en') }} "
        f"OPTIONAL {{ VALUES ?lp3 {{ {props} }} ?s ?lp3 ?any FILTER (LANG(?any) = '') }} "
        f"}} GROUP BY ?s ?p ORDER BY ?p ?s LIMIT {int(limit) + 1}")
    links = []
    for row in rows[:limit]:
        labels = {lang: str(row[key]) for lang, key in (("nb", "lnb"), ("en", "len"), ("", "lany")) if key in row}
        links.append(Link(row["s"], row["p"], labels))  # type: ignore[arg-type]
    return links, len(rows) > limit


def best_label(graph: Graph, node: Node, lang: str) -> Literal | None:
    """The label of ``node`` in ``lang`` (then nb, en, untagged), trying each label property in turn."""
    for prop in LABEL_PROPERTIES:
        values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
        for wanted in (lang, "nb", "en", None):
            for value in values:
                if value.language == wanted or (wanted is None and not value.language):
                    return value
    return None


def tagged_statements(store: Store, theme: str, limit: int, br: Namespace = BR) -> Graph:
    """Statements tagged with ``theme`` (``dct:subject``) across regions: their text, title, type, region,
    position and the labels of their regions and types, for the theme page. ``br`` is the ontology
    namespace of the build (see :func:`byregion.pages.vocabulary`)."""
    props = " ".join(_iri(str(p)) for p in (RDF.type, DCTERMS.title, SCHEMA.text, SCHEMA.position, DCTERMS.subject))
    graph = bind_prefixes(Graph())
    graph += store.construct(
        f"CONSTRUCT {{ ?s ?p ?o . ?s {_iri(str(br.region))} ?r }} WHERE {{ "
        f"{{ SELECT ?s WHERE {{ ?s {_iri(str(DCTERMS.subject))} {_iri(theme)} }} ORDER BY ?s LIMIT {int(limit)} }} "
        f"VALUES ?p {{ {props} }} ?s ?p ?o . OPTIONAL {{ ?s {_iri(str(br.region))} ?r }} }}")
    add_labels(store, graph)
    return graph
