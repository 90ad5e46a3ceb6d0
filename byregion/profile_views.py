"""What a document holds in each profile of :mod:`byregion.profiles`, and the profiles' own description. Pure
over a :class:`~byregion.graph_index.GraphIndex`; run when the build is made.

* :func:`profiles_graph`: every profile as a ``prof:Profile`` (token, titles and descriptions in nb and en,
  what it is a profile of), the named graph ``profiles`` of the dataset, so each profile's IRI dereferences
  like any other thing and is in the SPARQL endpoint;
* :func:`identifiers`: the ``ids`` profile, what a linker needs and nothing else;
* :func:`schema_org` and :func:`schema_org_jsonld`: the ``schema`` profile, the same thing in schema.org terms,
  and its JSON-LD as search engines read it (``@vocab`` schema.org, the thing at the top, nested values);
* :func:`alternates`: the ``alt`` profile, every profile × format of a document with its URL
  (W3C "Alternate Representations" terms).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, ORG, OWL, PROF, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from byregion import profiles, uris
from byregion.describe import LABEL_LANGUAGES, LABEL_PROPERTIES, document_metadata, with_dotted_decimals
from byregion.fastgraph import FastGraph
from byregion.graph_index import GraphIndex
from byregion.licence import LICENCE
from byregion.mediatypes import SERVED_TYPES, MediaType, iana_iri
from byregion.namespaces import ALTR, BASE, SCHEMA, WD, ontology_namespace
from byregion.profiles import Profile, representation_url

#: The name of the profiles' graph in the dataset (``{base}/graph/profiles``).
GRAPH_NAME = "profiles"
#: The numbers of a thing (each a node with its notation and validity period).
NUMBER_PROPERTIES = ("municipalityNumber", "countyNumber")
#: What a number node holds that a linker needs.
NUMBER_DETAILS = (RDF.type, SKOS.notation, SCHEMA.validFrom, SCHEMA.validThrough)
#: Links to the same thing elsewhere, and the thing's place among its predecessors and successors.
IDENTITY_LINKS = (OWL.sameAs, RDFS.seeAlso)
IDENTITY_PROPERTIES = ("organisationNumber", "succeededBy", "succeeds")
#: How sure a city region's member list is, and how long it should be: a linker taking the members must see it.
CERTAINTY_PROPERTIES = ("confidence", "applicantConfidence", "memberCount")


def profile_iri(profile: Profile, base: str) -> URIRef:
    return uris.profile(profile.token, base)


def profiles_graph(base: str = BASE) -> Graph:
    """The profiles described with W3C PROF (the dataset's named graph ``profiles``)."""
    graph: Graph = FastGraph()
    for profile in profiles.PROFILES:
        node = profile_iri(profile, base)
        graph.add((node, RDF.type, PROF.Profile))
        graph.add((node, PROF.hasToken, Literal(profile.token, datatype=XSD.token)))
        for lang in ("nb", "en"):
            graph.add((node, DCTERMS.title, Literal(profile.title[lang], lang=lang)))
            graph.add((node, RDFS.label, Literal(profile.title[lang], lang=lang)))
            graph.add((node, DCTERMS.description, Literal(profile.description[lang], lang=lang)))
        for target in profile.is_profile_of:
            other = profiles.by_token(target)
            graph.add((node, PROF.isProfileOf, profile_iri(other, base) if other else URIRef(target)))
    return graph


# ------------------------------------------------------------------------------------------ identifiers

def _labels(index: GraphIndex, graph: Graph, node: Node) -> None:
    for p, o in index.outgoing.get(node, ()):
        if p in LABEL_PROPERTIES and isinstance(o, Literal) and (o.language or "") in LABEL_LANGUAGES:
            graph.add((node, p, o))


def _identify(index: GraphIndex, graph: Graph, node: Node, br: Namespace) -> None:
    """The type, labels, numbers (with their details and county), sameAs and organisation number of ``node``."""
    numbers = {br[name] for name in NUMBER_PROPERTIES}
    kept = {*IDENTITY_LINKS, *(br[name] for name in (*IDENTITY_PROPERTIES, *CERTAINTY_PROPERTIES))}
    _labels(index, graph, node)
    for p, o in index.outgoing.get(node, ()):
        if p == RDF.type or p in kept:
            graph.add((node, p, o))
        elif p in numbers:
            graph.add((node, p, o))
            for q, value in index.outgoing.get(o, ()):
                if q in NUMBER_DETAILS:
                    graph.add((o, q, value))
                elif q == br.county:
                    graph.add((o, q, value))
                    _labels(index, graph, value)


def identifiers(index: GraphIndex, iri: str, base: str = BASE) -> Graph:
    """The ``ids`` profile of ``iri``: see :data:`byregion.profiles.IDENTIFIERS`; for a city region also each
    member municipality (through its membership) with the member's identifiers, and how sure the member list is
    (``br:confidence``, ``br:applicantConfidence``, ``br:memberCount``): uncertain facts say so in every profile."""
    br = ontology_namespace(base)
    graph: Graph = FastGraph()
    thing = URIRef(iri)
    _identify(index, graph, thing, br)
    for p, membership in index.outgoing.get(thing, ()):
        if p != br.membership:
            continue
        member = index.value(membership, ORG.member)
        if member is not None:
            graph.add((thing, br.membership, membership))
            graph.add((membership, ORG.member, member))
            _identify(index, graph, member, br)
    return with_dotted_decimals(graph)


# ---------------------------------------------------------------------------------------------- schema.org

#: schema.org types of our classes (the thing's own; the members' and counties' the same way).
SCHEMA_TYPES = {"Municipality": SCHEMA.AdministrativeArea, "County": SCHEMA.AdministrativeArea,
                "CityRegion": SCHEMA.Place}
#: ``schema:propertyID`` of each number, as Statistics Norway names them.
NUMBER_NAMES = {"municipalityNumber": "kommunenummer", "countyNumber": "fylkesnummer"}
ORGANISATION_NUMBER = "organisasjonsnummer"


def _schema_type(index: GraphIndex, node: Node, br: Namespace) -> URIRef | None:
    for cls in index.values(node, RDF.type):
        for name, schema_type in SCHEMA_TYPES.items():
            if cls == br[name]:
                return schema_type
    return None


def _names(index: GraphIndex, graph: Graph, node: Node) -> None:
    """``schema:name`` in each language from the preferred label, else rdfs:label."""
    seen: set[str] = set()
    for prop in (SKOS.prefLabel, RDFS.label):
        for value in index.literal_values(node, prop):
            if (value.language or "") in LABEL_LANGUAGES and value.language not in seen:
                seen.add(value.language or "")
                graph.add((node, SCHEMA.name, Literal(str(value), lang=value.language)))


def _page(node: Node, base: str) -> URIRef | None:
    path = uris.document_path_for(str(node), base)
    return URIRef(base + path) if path else None


def _schema_place(index: GraphIndex, graph: Graph, node: Node, br: Namespace, base: str, *, whole: bool) -> None:
    """``node`` in schema.org terms; ``whole`` adds its identifiers and links (the thing itself, not a place it
    merely names)."""
    schema_type = _schema_type(index, node, br)
    if schema_type is not None:
        graph.add((node, RDF.type, schema_type))
    _names(index, graph, node)
    page = _page(node, base)
    if page is not None:
        graph.add((node, SCHEMA.url, page))
    if not whole:
        return
    for p, o in index.outgoing.get(node, ()):
        if p == OWL.sameAs or (p == RDFS.seeAlso and not str(o).startswith(str(WD))):
            graph.add((node, SCHEMA.sameAs, o))  # a Wikidata item shared with another unit identifies neither
        elif p == br.organisationNumber:
            number = BNode(f"{ORGANISATION_NUMBER}-{o}")  # named by its value: the same bytes every build
            graph.add((node, SCHEMA.identifier, number))
            graph.add((number, RDF.type, SCHEMA.PropertyValue))
            graph.add((number, SCHEMA.propertyID, Literal(ORGANISATION_NUMBER)))
            graph.add((number, SCHEMA.value, Literal(str(o))))
        for name, property_id in NUMBER_NAMES.items():
            if p == br[name]:
                graph.add((node, SCHEMA.identifier, o))
                graph.add((o, RDF.type, SCHEMA.PropertyValue))
                graph.add((o, SCHEMA.propertyID, Literal(property_id)))
                period = {SCHEMA.validFrom: "..", SCHEMA.validThrough: ".."}
                for q, value in index.outgoing.get(o, ()):
                    if q == SKOS.notation:
                        graph.add((o, SCHEMA.value, Literal(str(value))))
                    elif q in period:
                        period[q] = str(value)
                    elif q == br.county:
                        graph.add((node, SCHEMA.containedInPlace, value))
                        _schema_place(index, graph, value, br, base, whole=False)
                # its period as an ISO 8601 interval ("2020-01-01/2023-12-31", ".." where open): schema.org's
                # validFrom and validThrough are no properties of a PropertyValue, and its validator says so
                graph.add((o, SCHEMA.description, Literal(f"{period[SCHEMA.validFrom]}/{period[SCHEMA.validThrough]}")))


def schema_org(index: GraphIndex, iri: str, base: str = BASE, licence: Node | None = None) -> Graph:
    """The ``schema`` profile of ``iri``: a municipality or county as a ``schema:AdministrativeArea``, a city
    region as a ``schema:Place`` that ``schema:containsPlace`` its members; names, page, identifiers
    (``schema:PropertyValue``: kommunenummer and fylkesnummer with their validity as an ISO 8601 interval in
    ``description``, organisasjonsnummer),
    ``schema:sameAs`` (Wikidata, Enhetsregisteret) and the counties a municipality has lain in. A Wikidata item
    the unit shares with another (old and new Drammen's, ``rdfs:seeAlso`` in the full description) is left out:
    schema.org's ``sameAs`` says the page identifies the thing unambiguously.

    Its page (its ``url``) is also its ``schema:mainEntityOfPage``, a ``schema:WebPage`` with the ``schema:license``
    of the document (``licence``, the dataset's where None), as the full and ``ids`` profiles state theirs with
    ``dct:license``: a place is no creative work, so the licence is its page's; ``url`` stays an address, its range."""
    br = ontology_namespace(base)
    graph: Graph = FastGraph()
    thing = URIRef(iri)
    _schema_place(index, graph, thing, br, base, whole=True)
    page = _page(thing, base)
    if page is not None:
        graph.add((thing, SCHEMA.mainEntityOfPage, page))
        graph.add((page, RDF.type, SCHEMA.WebPage))
        graph.add((page, SCHEMA.license, licence if licence is not None else URIRef(LICENCE)))
    for p, membership in index.outgoing.get(thing, ()):
        member = index.value(membership, ORG.member) if p == br.membership else None
        if member is not None:
            graph.add((thing, SCHEMA.containsPlace, member))
            _schema_place(index, graph, member, br, base, whole=False)
    return graph


def _schema_term(iri: str) -> str:
    return iri[len(str(SCHEMA)):] if iri.startswith(str(SCHEMA)) else iri


def schema_org_jsonld(graph: Graph, iri: str) -> bytes:
    """The ``schema`` profile as search engines read JSON-LD: ``@vocab`` schema.org (no context to fetch), the
    thing at the top and what it names nested in it, each node once; expands to exactly ``graph``."""
    subjects = {s for s in graph.subjects()}
    done: set[Node] = set()

    def literal(value: Literal) -> Any:
        if value.language:
            return {"@value": str(value), "@language": value.language}
        if value.datatype is not None and value.datatype != XSD.string:
            return {"@value": str(value), "@type": str(value.datatype)}
        return str(value)

    def node(subject: Node) -> dict[str, Any]:
        done.add(subject)
        out: dict[str, Any] = {"@id": f"_:{subject}" if isinstance(subject, BNode) else str(subject)}
        for p, o in graph.predicate_objects(subject):
            if p == RDF.type:
                out.setdefault("@type", []).append(_schema_term(str(o)))
                continue
            if isinstance(o, Literal):
                value = literal(o)
            elif o in subjects and o not in done and p != SCHEMA.url:  # a url is an address (schema.org's URL)
                value = node(o)
            else:
                value = {"@id": f"_:{o}" if isinstance(o, BNode) else str(o)}
            out.setdefault(_schema_term(str(p)), []).append(value)
        return {k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in out.items()}

    top = node(URIRef(iri))
    rest = [node(s) for s in dict.fromkeys(graph.subjects()) if s not in done]
    document = {"@context": {"@vocab": str(SCHEMA)}, **top} if not rest else \
        {"@context": {"@vocab": str(SCHEMA)}, "@graph": [top, *rest]}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# ------------------------------------------------------------------------------------------ alternates

def offered(doc_formats: Iterable[MediaType], document_profiles: Iterable[Profile]
            ) -> list[tuple[Profile, tuple[MediaType, ...]]]:
    """Each profile of a document with its formats (the default profile in the document's own)."""
    own = tuple(doc_formats)
    return [(p, own if p is profiles.DEFAULT else p.formats) for p in document_profiles]


def alternates(doc_path: str, resource: str, listing: list[tuple[Profile, tuple[MediaType, ...]]],
               base: str = BASE, *, documents: str | None = None) -> Graph:
    """The ``alt`` profile: ``resource`` (the thing, or the document itself) ``altr:hasRepresentation`` each
    profile × format, a ``altr:Representation`` that ``dct:conformsTo`` its profile, with its
    ``dcat:mediaType``; the default profile's first format is ``altr:hasDefaultRepresentation``. The
    representations' IRIs are ``documents`` (default ``base``) + their URL.

    The listing (``{doc_path}?_profile=alt``) is a document of ours like the thing's own, and says so as that one
    does (:func:`byregion.describe.document_metadata`): what it is about, its dataset, and its licence, the
    dataset's also for a boundary, whose own document is Kartverket's geometry and this listing of it ours."""
    graph: Graph = FastGraph()
    subject = URIRef(resource)
    graph += document_metadata(f"{documents or base}{doc_path}?_profile={profiles.ALT.token}", resource, base)
    for profile, formats in listing:
        iri = profile_iri(profile, base)
        for media_type in formats:
            node = URIRef((documents or base) + representation_url(doc_path, profile.token, media_type.extension))
            graph.add((subject, ALTR.hasRepresentation, node))
            if profile is profiles.DEFAULT and media_type is formats[0]:
                graph.add((subject, ALTR.hasDefaultRepresentation, node))
            graph.add((node, RDF.type, ALTR.Representation))
            graph.add((node, DCTERMS.conformsTo, iri))
            graph.add((node, DCAT.mediaType, URIRef(iana_iri(media_type))))
        graph.add((iri, RDF.type, PROF.Profile))
        graph.add((iri, PROF.hasToken, Literal(profile.token, datatype=XSD.token)))
        for lang in ("nb", "en"):
            graph.add((iri, DCTERMS.title, Literal(profile.title[lang], lang=lang)))
    return graph


def alternates_rows(doc_path: str, listing: list[tuple[Profile, tuple[MediaType, ...]]], lang: str,
                    base: str = BASE) -> list[dict[str, Any]]:
    """The ``alt`` profile for people: a row per profile with its URI, token, title, description and the URL
    of each of its formats; the profile linked at its page in ``lang`` (:func:`byregion.uris.local_href`)."""
    return [{"token": p.token, "uri": str(profile_iri(p, base)), "href": uris.local_href(str(profile_iri(p, base)),
                                                                                      lang, base),
             "title": p.title[lang], "description": p.description[lang], "default": p is profiles.DEFAULT,
             "formats": [{"label": m.label, "media_type": m.name,
                          "href": representation_url(doc_path, p.token, m.extension)} for m in formats]}
            for p, formats in listing]


def default_formats(formats: Mapping[str, None] | Iterable[str]) -> tuple[MediaType, ...]:
    """A document's own formats (extensions) as media types, in order."""
    by_ext = {m.extension: m for m in SERVED_TYPES}
    return tuple(by_ext[ext] for ext in formats if ext in by_ext)
