"""One ``dcat:Distribution`` per dump file, with what CKAN (ckanext-dcat, DCAT-AP 3) and data.norge.no
read: download URL, IANA media type, EU file type, licence, byte size and SHA-256 checksum."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, XSD

from byregion import uris
from byregion.dcat.shared import Shared
from byregion.dcat.terms import AVAILABILITY, DCAT, EU_AUTHORITY, add_concept, add_texts, date_time
from byregion.mediatypes import GZIP, MediaType, iana_iri, named
from byregion.namespaces import DCATAP, EU_FILETYPE, SPDX

#: The SHA-256 algorithm as DCAT-AP 3.0.1 names it: its mdr-vocabularies shape requires algorithm IRIs
#: under ``https://spdx.org/rdf/terms``; SPDX 2.3's own namespace is ``http://spdx.org/rdf/terms#``,
#: so the two are declared the same (``owl:sameAs``) for consumers of either.
SHA256 = URIRef("https://spdx.org/rdf/terms#checksumAlgorithm_sha256")


def add_distributions(graph: Graph, dataset: URIRef, shared: Shared) -> None:
    """Every dump of the build as a distribution of ``dataset``."""
    for dump in shared.manifest.get("dumps", []):
        distribution = uris.distribution(dump["file"], shared.base)
        graph.add((dataset, DCAT.distribution, distribution))
        add_distribution(graph, distribution, dump, shared)


def _media_type(name: str) -> MediaType:
    media_type = named(name)
    if media_type is None:
        raise ValueError(f"manifest dump has unknown media type {name!r}; add it to byregion.mediatypes")
    return media_type


def add_distribution(graph: Graph, iri: URIRef, dump: dict[str, Any], shared: Shared) -> None:
    """One dump (``manifest["dumps"]`` entry); its bytes and SHA-256 come from ``manifest["files"]``."""
    manifest = shared.manifest
    media_type = _media_type(dump["media_type"])
    info = manifest["files"][dump["file"]]
    graph.add((iri, RDF.type, DCAT.Distribution))
    url = uris.download(dump["file"], shared.base)
    graph.add((iri, DCAT.accessURL, url))
    graph.add((iri, DCAT.downloadURL, url))
    label = media_type.label + (" (gzip)" if dump["compressed"] else "")
    graphs = {"nb": " med navngitte grafer", "en": " with named graphs"} if dump["quads"] else {"nb": "", "en": ""}
    add_texts(graph, iri, DCTERMS.title, {"nb": f"Hele grafen som {label}", "en": f"The whole graph as {label}"})
    add_texts(graph, iri, DCTERMS.description, {
        "nb": f"Alle dataene som {label}{graphs['nb']}.",  # no build version: the text changes with the data only
        "en": f"All the data as {label}{graphs['en']}.",
    })
    add_format(graph, iri, media_type, compressed=bool(dump["compressed"]))
    add_file_facts(graph, iri, info["bytes"], info["sha256"], shared, info.get("since"), info.get("first"))


def add_file_facts(graph: Graph, iri: URIRef, size: int, sha256: str, shared: Shared, since: str | None,
                   first: str | None = None) -> None:
    """What every distribution of the build says of its file: byte size, SHA-256, licence, access rights,
    availability and dates: modified since when its bytes are as they are (``since``, kept across builds that wrote
    the same bytes: :mod:`byregion.build.since`), issued when a file of its name was first published (``first``),
    each else the build's."""
    manifest = shared.manifest
    graph.add((iri, DCAT.byteSize, Literal(size, datatype=XSD.nonNegativeInteger)))
    checksum = uris.checksum(iri)
    graph.add((iri, SPDX.checksum, checksum))
    graph.add((checksum, RDF.type, SPDX.Checksum))
    graph.add((checksum, SPDX.algorithm, SHA256))
    graph.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
    graph.add((SHA256, OWL.sameAs, SPDX.checksumAlgorithm_sha256))
    graph.add((checksum, SPDX.checksumValue, Literal(sha256, datatype=XSD.hexBinary)))
    graph.add((iri, DCTERMS.license, shared.licence))
    graph.add((iri, DCTERMS.accessRights, shared.access))
    graph.add((iri, DCATAP.availability, AVAILABILITY.STABLE))
    graph.add((iri, DCTERMS.issued, date_time(first or since or manifest["created"])))
    graph.add((iri, DCTERMS.modified, date_time(since or manifest["created"])))


def add_format(graph: Graph, iri: URIRef, media_type: MediaType, *, compressed: bool) -> None:
    """IANA media type, EU file type and W3C format of the (uncompressed) content; gzip as compressFormat."""
    media = URIRef(iana_iri(media_type))
    graph.add((iri, DCAT.mediaType, media))
    graph.add((media, RDF.type, DCTERMS.MediaType))
    graph.add((media, RDFS.label, Literal(media_type.name)))  # "text/turtle": a harvester's mimetype, not the IRI
    file_type = EU_FILETYPE[media_type.eu_file_type or ""]
    graph.add((iri, DCTERMS.format, file_type))
    add_concept(graph, file_type, URIRef(EU_AUTHORITY + "file-type"), {"en": media_type.label},
                DCTERMS.MediaTypeOrExtent)
    if compressed:
        gz = URIRef(iana_iri(GZIP))
        graph.add((iri, DCAT.compressFormat, gz))
        graph.add((gz, RDF.type, DCTERMS.MediaType))
        graph.add((gz, RDFS.label, Literal(GZIP.name)))
    if media_type.w3c_format:
        standard = URIRef(media_type.w3c_format)
        graph.add((iri, DCTERMS.conformsTo, standard))
        graph.add((standard, RDF.type, DCTERMS.Standard))
        graph.add((standard, DCTERMS.title, Literal(media_type.label, lang="en")))
