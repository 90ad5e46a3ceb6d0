"""The dataset (the whole graph) and its earlier versions.

An earlier version is described by what is known of it (its version, date, content hash and place in the chain)
and what DCAT-AP-NO asks of every dataset (title, description, identifier, publisher, theme): not by the current
build's regions, places and keywords, which may not be its own. ``/catalog`` names the previous version but
describes none (ckanext-dcat makes a CKAN dataset of every ``dcat:Dataset`` it harvests: one per build would pile
up); ``/dataset`` describes them all (:func:`byregion.dcat.catalogue.catalogue_graph`)."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, XSD

from byregion import uris
from byregion.build.since import content_version
from byregion.dcat.citation import citations
from byregion.dcat.shared import Shared, add_shared
from byregion.dcat.terms import DCAT, EU_FREQUENCY, EU_LANGUAGE, LANGUAGES, add_texts, date_time
from byregion.dcat.texts import DATASET_TEXT, LANGS, texts
from byregion.namespaces import ADMS


def content_note(sha256: str) -> Literal:
    """Version note by which a harvester tells whether the data changed between two versions."""
    return Literal(f"content SHA-256 (canonical N-Quads): {sha256}", lang="en")


def describe(graph: Graph, iri: URIRef, shared: Shared) -> None:
    """What the current version of the dataset has: mandatory and recommended DCAT-AP(-NO) properties."""
    facts, manifest = shared.facts, shared.manifest
    graph.add((iri, RDF.type, DCAT.Dataset))
    add_texts(graph, iri, DCTERMS.title, texts("title", facts, manifest))
    add_texts(graph, iri, DCTERMS.description, texts("description", facts, manifest))
    add_shared(graph, iri, shared)
    for kw_lang, words in facts["keywords"].items():
        for word in words:
            graph.add((iri, DCAT.keyword, Literal(word, lang=kw_lang)))
    for place in shared.spatial:
        graph.add((iri, DCTERMS.spatial, place))
    period = facts.get("period") or {}
    if period:
        node = uris.dataset_part("period", shared.base)
        graph.add((node, RDF.type, DCTERMS.PeriodOfTime))
        for key, predicate in (("start", DCAT.startDate), ("end", DCAT.endDate)):
            if key in period:
                graph.add((node, predicate, Literal(period[key], datatype=XSD.date)))
        graph.add((iri, DCTERMS.temporal, node))
    if facts.get("programme"):
        graph.add((iri, DCTERMS.relation, URIRef(facts["programme"]["iri"])))


def add_dataset(graph: Graph, shared: Shared, first_issued: Literal, ontology: URIRef, *,
                versions: bool = True) -> URIRef:
    """The current version of the dataset, with its history where ``versions`` (else only its previous version's
    IRI); returns its IRI (distributions are added by :mod:`byregion.dcat.distributions`)."""
    manifest, base = shared.manifest, shared.base
    dataset = uris.dataset(base)
    describe(graph, dataset, shared)
    graph.add((dataset, DCTERMS.issued, first_issued))
    graph.add((dataset, DCTERMS.modified, date_time(manifest.get("content_since") or manifest["created"])))
    current = content_version(manifest)
    _version(graph, dataset, current.version, manifest["content_sha256"])
    created = str(manifest.get("content_since") or manifest["created"])
    publisher = shared.facts["publisher"]["label"] or {"nb": "Byregion LOD"}
    add_texts(graph, dataset, DCTERMS.bibliographicCitation, citations(
        publisher, created[:4], texts("title", shared.facts, manifest), current.version, str(dataset)))
    graph.add((dataset, DCTERMS.conformsTo, ontology))
    page = uris.dataset_page(base)
    graph.add((dataset, DCAT.landingPage, page))
    graph.add((page, RDF.type, FOAF.Document))
    add_texts(graph, page, DCTERMS.title, texts("title", shared.facts, manifest))
    for code in shared.facts.get("languages", LANGUAGES):  # a build made before they were read: the two
        graph.add((dataset, DCTERMS.language, EU_LANGUAGE[code]))
    graph.add((dataset, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    if current.earlier:
        graph.add((dataset, DCAT.previousVersion, uris.dataset_version(current.earlier[0]["version"], base)))
    if versions:
        add_history(graph, dataset, shared)
    return dataset


def _version(graph: Graph, iri: URIRef, version: str, sha256: str) -> None:
    """A version's name, as DCAT 3 (``dcat:version``) and DCAT-AP-NO 2 (``owl:versionInfo``, which ckanext-dcat's
    DCAT-AP 2 profile reads) say it, and its content note."""
    graph.add((iri, DCAT.version, Literal(version)))
    graph.add((iri, OWL.versionInfo, Literal(version)))
    graph.add((iri, ADMS.versionNotes, content_note(sha256)))


def add_history(graph: Graph, dataset: URIRef, shared: Shared) -> None:
    """Earlier builds as versions of the dataset (newest first in the manifest), chained by previousVersion, each
    described by what is known of it (the module's docstring)."""
    base = shared.base
    history = content_version(shared.manifest).earlier  # those of this content are this version
    title = texts("title", shared.facts, shared.manifest)
    for index, entry in enumerate(history):
        version = uris.dataset_version(entry["version"], base)
        graph.add((version, RDF.type, DCAT.Dataset))
        add_texts(graph, version, DCTERMS.title, {"nb": f"{title['nb']} (versjon {entry['version']})",
                                                  "en": f"{title['en']} (version {entry['version']})"})
        add_texts(graph, version, DCTERMS.description,
                  {lang: DATASET_TEXT["version_description"][lang].format(version=entry["version"],
                                                                          created=entry["created"])
                   for lang in LANGS})
        add_shared(graph, version, shared)
        graph.add((version, DCTERMS.isVersionOf, dataset))
        graph.add((dataset, DCAT.hasVersion, version))
        graph.add((dataset, DCTERMS.hasVersion, version))
        graph.add((version, DCTERMS.issued, date_time(entry["created"])))
        _version(graph, version, entry["version"], entry["content_sha256"])
        if index + 1 < len(history):
            graph.add((version, DCAT.previousVersion, uris.dataset_version(history[index + 1]["version"], base)))
