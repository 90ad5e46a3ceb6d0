"""The ontology's earlier versions, each rendered from its own text at its version IRI.

The ontology (``ontology/byregion.ttl``) names its version IRI (``owl:versionIRI``, ``/def/byregion/0.2.0``) and
those of the versions before it (``owl:priorVersion``, ``/def/byregion/0.1.0``). A published IRI keeps answering,
and a version IRI answers with that version: the current one with the ontology as it is, an earlier one with the
text it was published with, kept byte for byte in ``ontology/versions/{version}.ttl`` (ontology/versions/README.md
says where each came from). The build reads each earlier version named under ``/def/byregion/`` into the triples
the ontology's own reading gives (our IRIs moved to the build's base, blank nodes labelled by RDFC-1.0, so that two
builds give the same bytes), in a graph index of its own, which the renderer describes as it describes the ontology's
document; a named version without its file stops the build (:class:`MissingVersion`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL
from rdflib.term import Node

from byregion import sources, uris
from byregion.graph_index import GraphIndex
from byregion.namespaces import BASE, ONTOLOGY_IRI

#: Where the text of each earlier version is kept, relative to the repository (``{version}.ttl``).
FOLDER = "ontology/versions"
#: The path under which the ontology's version IRIs are (``/def/byregion/0.1.0``).
VERSIONS = "/def/byregion/"


class MissingVersion(ValueError):
    """The ontology names an earlier version at an IRI of ours whose text the repository does not hold (or holds
    as broken Turtle, or holds the text of another version there)."""


def named(said: Iterable[tuple[Node, Node]], base: str) -> tuple[str | None, list[str]]:
    """The document paths of the ontology's own version IRI and of its earlier versions' (``owl:priorVersion``),
    from what the ontology says of itself (``said``: its predicates and objects), those under :data:`VERSIONS` of
    the build's ``base`` (a version published elsewhere is not ours to serve)."""
    current, earlier = None, []
    for predicate, value in said:
        if not isinstance(value, URIRef) or not str(value).startswith(base + VERSIONS):
            continue
        path = str(value)[len(base):]
        if predicate == OWL.versionIRI:
            current = path
        elif predicate == OWL.priorVersion:
            earlier.append(path)
    return current, sorted(set(earlier) - {current})


def version_file(repo: Path, path: str) -> Path:
    """``/def/byregion/0.1.0`` → ``{repo}/ontology/versions/0.1.0.ttl``."""
    return repo / FOLDER / f"{path[len(VERSIONS):]}.ttl"


def missing(repo: Path | None, said: Iterable[tuple[Node, Node]], base: str) -> list[str]:
    """What is wrong, one message each, when an earlier version the ontology names (``said``, as :func:`named`
    reads it) has no file in ``repo``: the build stops on it, even when the data is up to date."""
    return [f"the ontology names {base}{path} as an earlier version (owl:priorVersion), but "
            f"{FOLDER}/{path[len(VERSIONS):]}.ttl is missing: a published version IRI must keep answering with its "
            f"own text. Restore the file (that version's ontology/byregion.ttl from the repository's history, byte "
            f"for byte; see {FOLDER}/README.md), or do not name the version"
            for path in named(said, base)[1] if repo is None or not version_file(repo, path).is_file()]


def own_statements(index: GraphIndex) -> list[tuple[Node, Node]]:
    """What the ontology in ``index`` says of itself (predicate, object)."""
    return list(index.outgoing.get(URIRef(uris.rebase(ONTOLOGY_IRI, BASE, index.base)), ()))


def version_info(index: GraphIndex) -> str:
    """The ``owl:versionInfo`` of the ontology in ``index`` (empty when it has none)."""
    return next((str(v) for p, v in own_statements(index) if p == OWL.versionInfo), "")


def load(repo: Path | None, index: GraphIndex) -> dict[str, GraphIndex]:
    """The ontology's earlier versions in the build whose graph is ``index`` (path of each version IRI → that
    version's graph, indexed), each read from ``repo``; :class:`MissingVersion` when one has no file, or its file
    is not of that version."""
    base, said = index.base, own_statements(index)
    problems = missing(repo, said, base)
    if problems:
        raise MissingVersion("; ".join(problems))
    assert repo is not None or not named(said, base)[1]
    versions: dict[str, GraphIndex] = {}
    for path in named(said, base)[1]:
        file = version_file(repo, path)  # type: ignore[arg-type]  # (no earlier version without a repository)
        try:
            versions[path] = version_index(file, base)
        except sources.InputError as exc:
            raise MissingVersion(str(exc)) from exc
        claimed = [str(v) for p, v in own_statements(versions[path]) if p == OWL.versionIRI]
        if claimed != [base + path]:
            raise MissingVersion(f"{file} is not the ontology of version {base}{path}: its owl:versionIRI is "
                                 f"{', '.join(claimed) or 'missing'}")
    return versions


def version_index(file: Path, base: str) -> GraphIndex:
    """One version's text as the build holds the ontology: in the named graph ``ontology``, our IRIs at ``base``,
    blank nodes labelled canonically (RDFC-1.0), indexed for rendering.

    Oxigraph parses the text, not rdflib: the same quads (a test compares them for every version kept), in a sixth
    of the time, which every build spends once per version (eleven of them by 0.10.0)."""
    graph = ox.NamedNode(str(uris.graph("ontology", base)))

    def move(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(term, ox.NamedNode):
            return ox.NamedNode(uris.rebase(term.value, BASE, base))
        if isinstance(term, ox.Triple):
            raise sources.InputError(f"{file}: an RDF-star triple term, which no version of the ontology holds")
        return term

    quads = ox.Dataset()
    try:
        for triple in ox.parse(path=file, format=ox.RdfFormat.TURTLE, base_iri=file.resolve().as_uri()):
            quads.add(ox.Quad(move(triple.subject), move(triple.predicate), move(triple.object),  # type: ignore[arg-type]
                              graph))
    except SyntaxError as exc:
        raise sources.InputError(f"{file}: not valid Turtle: {exc.msg}") from exc
    quads.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    # in the quads' sorted order (blank nodes labelled canonically): an in-memory store's order changed from one
    # build to the next, and with it every earlier version's bytes, ETag and Last-Modified (a re-check)
    return GraphIndex.from_quads(sorted(quads, key=str), base)
