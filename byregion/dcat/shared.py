"""What the catalogue's dataset, its versions and the data service all point to, in one value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from byregion.dcat.terms import DCAT


@dataclass(frozen=True)
class Shared:
    """The build (``manifest``, its ``facts`` and canonical ``base``) and the resources every described
    dataset or service refers to."""

    manifest: dict[str, Any]
    publisher: URIRef
    contact: URIRef
    licence: URIRef
    access: URIRef
    themes: tuple[URIRef, ...]
    spatial: tuple[URIRef, ...]

    @property
    def base(self) -> str:
        return str(self.manifest["base_uri"])

    @property
    def facts(self) -> dict[str, Any]:
        return self.manifest["dcat"]  # type: ignore[no-any-return]


def add_shared(graph: Graph, iri: URIRef, shared: Shared) -> None:
    """Identifier, publisher, contact point, access rights, licence and themes: what DCAT-AP(-NO) asks of
    every dataset and data service, and what data.norge.no and CKAN read from each."""
    graph.add((iri, DCTERMS.identifier, Literal(str(iri))))
    graph.add((iri, DCTERMS.publisher, shared.publisher))
    graph.add((iri, DCAT.contactPoint, shared.contact))
    graph.add((iri, DCTERMS.accessRights, shared.access))
    graph.add((iri, DCTERMS.license, shared.licence))
    for theme in shared.themes:
        graph.add((iri, DCAT.theme, theme))
