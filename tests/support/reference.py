"""The repository's reference data cut down to what its regions use, for tests whose builds or validations
are about the regions and not about every municipality and county since 2014 (most of the data's triples).

A copy of the repository keeps, of each reference file, the member municipalities of every region (the
pages' and the programme table's alike), their numbers, counties and sources, and every resource under
their own IRI (figures and the like); plus whatever a test names in ``also``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV

from byregion import programme
from byregion.namespaces import BR
from byregion.programme.graph import programme_graph


def reference_subset(reference: Graph, regions: Graph, also: Iterable[URIRef] = ()) -> Graph:
    """The reference triples about the regions' member municipalities (and ``also``) and what they point to."""
    wanted: set[URIRef] = {m for ms in regions.objects(None, BR.membership)
                           for m in regions.objects(ms, ORG.member) if isinstance(m, URIRef)} | set(also)
    frontier = set(wanted)
    while frontier:
        nxt: set[URIRef] = set()
        for subject in frontier:
            for p, o in reference.predicate_objects(subject):
                part = str(o).startswith(str(subject) + "/")  # its numbers, figures, …
                if isinstance(o, URIRef) and o not in wanted and (part or p in (
                        BR.municipalityNumber, BR.county, BR.countyNumber, PROV.wasDerivedFrom)):
                    nxt.add(o)
        wanted |= nxt
        frontier = nxt
    # the changes that involve only what is kept (a name change: Nes, Nesbyen from 2020), so that a member's name
    # on a day (pages.name_on, which the programme table's names are checked by) is the data's
    for change in reference.subjects(BR.changeKind, BR.nameChange):
        involved = {o for p in (ORG.originalOrganization, ORG.resultingOrganization, PROV.generated,
                                PROV.invalidated) for o in reference.objects(change, p)}
        if isinstance(change, URIRef) and involved and involved <= wanted:
            wanted.add(change)
            wanted |= {o for o in reference.objects(change, DCTERMS.source) if isinstance(o, URIRef)}
    out = Graph()
    for subject in wanted:
        for p, o in reference.predicate_objects(subject):
            if not (isinstance(o, URIRef) and p in (BR.succeededBy, BR.succeeds, BR.areaWithin)):
                out.add((subject, p, o))
    return out


def cut_reference(repo: Path, also: Iterable[URIRef] = ()) -> None:
    """Rewrite the reference files of the repository copy ``repo`` to ``reference_subset`` of its regions."""
    regions = Graph()
    for path in (repo / "data/regions").glob("*.ttl"):
        regions.parse(path, format="turtle")
    for path in (repo / "data/reference").glob("*.ttl"):
        reference = Graph().parse(path, format="turtle")
        table, _ = programme_graph(programme.read(repo / programme.DATA_DIR), reference)  # the table's members too
        subset = reference_subset(reference, regions + table, also)
        path.write_text(subset.serialize(format="turtle"), encoding="utf-8")
