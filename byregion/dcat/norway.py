"""The catalogue as DCAT-AP-NO 2 requires where it contradicts DCAT-AP 3.0.1 (the ``dcat-ap-no`` profile,
:data:`byregion.profiles.DCAT_AP_NO`).

The profiles disagree on the dataset's upstream datasets (Kartverket's boundaries): DCAT-AP-NO names each as the
dataset's "kilde", ``dct:source``, a ``dcat:Dataset``; the default catalogue, which CKAN harvests, names each as a
related resource it is derived from (``dct:relation``, ``prov:wasDerivedFrom``), since ckanext-dcat makes a CKAN
dataset of every ``dcat:Dataset`` it reads. The profile adds the ``dct:source`` and the type to every related
resource a dataset is derived from (both ``dct:relation`` and ``prov:wasDerivedFrom``: Dublin Core's own words for
a source), :func:`sources_of`.

They also disagree on two things of every distribution (docs/catalogue.md, "Where the profiles
disagree"): DCAT-AP-NO 2 wants ``dcat:byteSize`` as ``xsd:decimal`` where DCAT-AP 3.0.1 wants
``xsd:nonNegativeInteger``, and it admits only SHA-1 as a checksum's algorithm, which the build does not compute
(SHA-1 no longer resists collisions; SHA-256 is what DCAT-AP 3 and the default catalogue give). So the profile's
catalogue is the default one with each byte size as a decimal and without the checksums; everything else is the
same triples.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV, RDF, XSD
from rdflib.term import Node

from byregion.dcat.terms import DCAT
from byregion.namespaces import SPDX


def dcat_ap_no(catalogue: Graph) -> Graph:
    """A copy of ``catalogue`` as DCAT-AP-NO 2's shapes accept it (the module's docstring says what changes)."""
    graph = Graph()
    for prefix, namespace in catalogue.namespaces():
        graph.bind(prefix, namespace, override=True)
    checksums = set(catalogue.objects(None, SPDX.checksum))
    algorithms = {a for c in checksums for a in catalogue.objects(c, SPDX.algorithm)}
    for s, p, o in catalogue:
        if p == SPDX.checksum or s in checksums or s in algorithms:
            continue
        if p == DCAT.byteSize and isinstance(o, Literal):
            o = Literal(str(o), datatype=XSD.decimal)
        graph.add((s, p, o))
    for dataset, upstream in sources_of(catalogue):
        graph.add((dataset, DCTERMS.source, upstream))
        graph.add((upstream, RDF.type, DCAT.Dataset))
    return graph


def sources_of(catalogue: Graph) -> list[tuple[Node, Node]]:
    """Each dataset of ``catalogue`` and each related resource it is derived from (``dct:relation`` and
    ``prov:wasDerivedFrom`` both): DCAT-AP-NO's "kilde" of the dataset."""
    return [(dataset, upstream) for dataset in catalogue.subjects(RDF.type, DCAT.Dataset)
            for upstream in catalogue.objects(dataset, DCTERMS.relation)
            if (dataset, PROV.wasDerivedFrom, upstream) in catalogue]

