"""Validating a large dataset in parts, in worker processes, with the verdict of validating it whole.

pyshacl over rdflib validates a 25k-triple graph in seconds but a million triples not in an hour, and
holds the whole graph twice meanwhile. Yet what the shapes can see from a focus node is small: the
triples of the node and of the nodes a few steps away along the predicates of the shapes' paths and
SPARQL patterns. :func:`shapes_reach` reads from the shapes how far that is (:class:`Reach`: the
predicates followed forwards, those followed backwards, and the number of steps). So the focus nodes
are split into parts and each part is validated on its **closure** (:func:`closure`): the triples of
every node within that many steps of the part's focus nodes, plus the class hierarchy. Every triple a
shape reads from a focus node is in that closure, so each focus node gets the same results as in the
whole graph; a part reports the results of its own focus nodes only (its closure holds other nodes too),
and pyshacl is given only those as targets (:func:`_target_own_focus`): the nodes on a closure's edge
would fail for want of what lies beyond it, and reporting that is costly.

The bound matters: the geometry graph links every boundary to its neighbours (``geo:sfTouches``) and
its county's (``geo:sfWithin``), so a closure that followed every predicate as far as it led would hold
the whole reference and geometry for every page (33,723 of the repository's 45,394 triples for the
Notodden page; 2,669 with the bound).

The parts: the subjects of the region and curation graphs are cut into parts of about ``part_triples``
triples, whole pages at a time, each with the shared subjects one step from it (a region's geometry);
the other subjects of the shared graphs (ontology, themes, programme, reference, geometry) are one part.
A page's closure is the page plus the few reference nodes it points to (its members and their numbers,
themes, classes, the programme); the shared part's does not grow with the pages.

When the shapes look somewhere this cannot bound (a SPARQL pattern unconnected to ``$this``, a
pattern from a constant subject, a property path in SPARQL, ``sh:zeroOrMorePath``, a shape that nests
itself, ``sh:targetObjectsOf``, SPARQL-based targets), or the dataset is small, it is validated whole,
as :func:`byregion.validate.validate` does.
``tests/test_validate_parallel.py`` checks that both ways give the same report, and
``tests/test_validate_reach.py`` how the reach is read from the shapes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue

from byregion import memory, uris
from byregion.namespaces import BASE, SH, bind_prefixes
from byregion.progress import bar as progress_bar
from byregion.rdflib_log import quiet_ill_typed_literals
from byregion.settings import DEFAULT_PART_TRIPLES
from byregion.validate import (
    THIS,
    Report,
    Result,
    ValidationGraph,
    _graphs_of,
    _rank,
    rebase_shapes,
    validate,
)
from byregion.workers import Workers, as_worker

Triple = tuple[Node, Node, Node]
#: Named graphs holding one page each (and its curation); every other graph is shared by all pages, a curation
#: graph of no page among them (``curation/programme-notes``, which translates the programme's notes).
PAGE_GRAPHS = ("region", "curation")


@dataclass(frozen=True)
class Reach:
    """How far the shapes look from a focus node, or why that cannot be bounded.

    A shape reads the triples of nodes it reaches from its focus node along its paths and SPARQL
    patterns: ``forward`` are the predicates it follows from subject to object (None: any, as a SPARQL
    pattern with a variable predicate does), ``backward`` those it follows from object to subject, and
    ``depth`` how many such steps away the deepest node whose triples it reads lies. ``problem`` says why
    the shapes cannot be validated in parts (None when they can).
    """

    backward: frozenset[URIRef]
    forward: frozenset[URIRef] | None = None
    depth: int = 0
    problem: str | None = None


class _Unbounded(Exception):
    """The shapes look somewhere a closure of bounded depth cannot follow; the message says where."""


@dataclass(frozen=True)
class Part:
    """Focus nodes validated together, and the triples they are validated on."""

    focus: frozenset[Node]
    triples: list[Triple]


def shapes_reach(shapes: Graph) -> Reach:
    """How far the shapes look from a focus node (:class:`Reach`), or why the shapes cannot be validated
    in parts."""
    for predicate in (SH.targetObjectsOf, SH.target):
        if next(shapes.subject_objects(predicate), None) is not None:
            return Reach(frozenset(), problem=f"{shapes.namespace_manager.normalizeUri(predicate)} is not followed")
    if next(shapes.subjects(SH.ask, None), None) is not None or next(shapes.subjects(SH.validator, None), None):
        return Reach(frozenset(), problem="SPARQL-based constraint components are not followed")
    walk = _ShapeWalk(shapes, _prefix_lines(shapes))
    roots = {s for p in (SH.path, SH.property, SH.sparql, SH.node, SH.targetClass, SH.targetNode,
                         SH.targetSubjectsOf) for s in shapes.subjects(p, None)}
    roots |= set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
    try:
        depth = max((walk.shape(root, 0, frozenset()) for root in sorted(roots, key=str)), default=0)
    except _Unbounded as exc:
        return Reach(frozenset(), problem=str(exc))
    forward = None if walk.any_forward else frozenset(walk.forward)
    return Reach(frozenset(walk.backward), forward, depth)


class _ShapeWalk:
    """Follows the shapes from a node at a given distance from the focus node, collecting the predicates
    they step along and returning the distance of the deepest node whose triples they read."""

    def __init__(self, shapes: Graph, prefixes: str) -> None:
        self.shapes = shapes
        self.prefixes = prefixes
        self.forward: set[URIRef] = set()
        self.any_forward = False
        self.backward: set[URIRef] = set()
        self._sparql: dict[Node, int] = {}

    def shape(self, shape: Node, at: int, outer: frozenset[Node]) -> int:
        """The deepest node ``shape`` reads when applied to a node ``at`` steps from the focus node."""
        if shape in outer:
            raise _Unbounded(f"the shape {shape} refers to itself through sh:node or sh:property")
        outer = outer | {shape}
        g = self.shapes
        deepest, values = at, at  # a node shape's value node is its focus node
        path = g.value(shape, SH.path)
        if path is not None:
            values, read = self.path(path, at)
            deepest = max(deepest, read)
            if next(g.objects(shape, SH.sparql), None) is not None:
                raise _Unbounded(f"a SPARQL constraint on the property shape {shape} ($PATH) is not followed")
        if next(g.objects(shape, SH["class"]), None) is not None:
            deepest = max(deepest, values)  # the value's rdf:type (the class hierarchy is in every part)
        if any(v == Literal(True) for v in g.objects(shape, SH.qualifiedValueShapesDisjoint)):
            raise _Unbounded(f"sh:qualifiedValueShapesDisjoint on {shape} reads sibling shapes, which is not followed")
        nested = [n for p in (SH.node, SH.qualifiedValueShape, SH["not"], SH.property) for n in g.objects(shape, p)]
        for p in (SH["and"], SH["or"], SH.xone):
            for items in g.objects(shape, p):
                nested.extend(Collection(g, items))
        for inner in nested:
            deepest = max(deepest, self.shape(inner, values, outer))
        for constraint in g.objects(shape, SH.sparql):
            deepest = max(deepest, at + self.sparql(constraint))
        return deepest

    def path(self, path: Node, at: int) -> tuple[int, int]:
        """(steps to the value nodes, deepest node whose triples are read) of ``path`` from a node ``at``
        steps from the focus node."""
        g = self.shapes
        if isinstance(path, URIRef):
            self.forward.add(path)
            return at + 1, at  # the triple is the node's own
        inverse = g.value(path, SH.inversePath)
        if inverse is not None:
            if not isinstance(inverse, URIRef):
                raise _Unbounded(f"sh:inversePath of a path ({inverse}) is not followed")
            self.backward.add(inverse)
            return at + 1, at + 1  # the triple is the value node's
        alternatives = g.value(path, SH.alternativePath)
        if alternatives is not None:
            ends = [self.path(step, at) for step in Collection(g, alternatives)]
            return max(end for end, _ in ends), max(read for _, read in ends)
        optional = g.value(path, SH.zeroOrOnePath)
        if optional is not None:
            return self.path(optional, at)
        for repeated in (SH.zeroOrMorePath, SH.oneOrMorePath):
            if g.value(path, repeated) is not None:
                raise _Unbounded(f"{g.namespace_manager.normalizeUri(repeated)} has no bounded length")
        if g.value(path, RDF.first) is not None:
            end, deepest = at, at
            for step in Collection(g, path):
                end, read = self.path(step, end)
                deepest = max(deepest, read)
            return end, deepest
        raise _Unbounded(f"the path {path} is not a SHACL property path")

    def sparql(self, constraint: Node) -> int:
        """The deepest node a SPARQL constraint's patterns read, in steps from ``$this``."""
        if constraint not in self._sparql:
            text = self.shapes.value(constraint, SH.select)
            try:
                patterns = list(_patterns(prepareQuery(self.prefixes + str(text)).algebra))
            except Exception as exc:  # a query pyshacl could not run either; validate whole and let it say so
                raise _Unbounded(f"the SPARQL of {constraint} cannot be read: {exc}") from exc
            try:
                self._sparql[constraint] = self._pattern_depth(patterns)
            except _Unbounded as exc:
                raise _Unbounded(f"the SPARQL of {constraint} {exc}") from exc
        return self._sparql[constraint]

    def _pattern_depth(self, patterns: list[tuple[Any, Any, Any]]) -> int:
        """Steps from ``$this`` to each variable (shortest, either way along a pattern); the predicates
        of the steps a closure takes to reach them, preferring forwards; the deepest subject read."""
        for s, p, _ in patterns:
            if not isinstance(p, URIRef | Variable):
                raise _Unbounded(f"uses a property path ({p}), which is not followed")
            if not isinstance(s, Variable):
                raise _Unbounded(f"reads from a fixed subject ({s}), which is not followed")
        steps: dict[Node, int] = {THIS: 0}
        changed = True
        while changed:
            changed = False
            for s, _, o in patterns:
                if s in steps and isinstance(o, Variable) and steps[s] + 1 < steps.get(o, 1 << 30):
                    steps[o] = steps[s] + 1
                    changed = True
                if o in steps and steps[o] + 1 < steps.get(s, 1 << 30):
                    steps[s] = steps[o] + 1
                    changed = True
        loose = [t for t in patterns if t[0] not in steps]
        if loose:
            raise _Unbounded(f"has a pattern not connected to $this ({loose[0]}), which reads the whole graph")
        # The closure must reach every subject the patterns read, and the nodes on the way to them.
        wanted = [s for s, _, _ in patterns]
        done: set[Node] = set()
        while wanted:
            variable = wanted.pop()
            if variable in done or steps[variable] == 0:
                continue
            done.add(variable)
            distance = steps[variable]
            forwards = [(s, p) for s, p, o in patterns if o == variable and steps.get(s) == distance - 1]
            for s, p in forwards:
                self._step_forward(p)
                wanted.append(s)
            if forwards:
                continue
            for s, p, o in patterns:
                if s == variable and steps.get(o) == distance - 1:
                    if not isinstance(p, URIRef):
                        raise _Unbounded("reads backwards along a variable predicate, which is not followed")
                    self.backward.add(p)
                    wanted.append(o)
        return max(steps[s] for s, _, _ in patterns) if patterns else 0

    def _step_forward(self, predicate: Node) -> None:
        if isinstance(predicate, URIRef):
            self.forward.add(predicate)
        else:
            self.any_forward = True


def _prefix_lines(shapes: Graph) -> str:
    declared = {(str(p), str(n)) for d in shapes.objects(None, SH.declare)
                for p in shapes.objects(d, SH.prefix) for n in shapes.objects(d, SH.namespace)}
    return "".join(f"PREFIX {prefix}: <{namespace}>\n" for prefix, namespace in sorted(declared))


def _patterns(node: object) -> Iterator[tuple[Any, Any, Any]]:
    """Every triple pattern of a query's algebra (EXISTS patterns are attributes, not items)."""
    if isinstance(node, CompValue):
        if node.name in ("BGP", "TriplesBlock"):
            yield from (tuple(t) for t in node.get("triples") or ())
        for child in [*node.values(), *vars(node).values()]:
            yield from _patterns(child)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from _patterns(child)


def _page_graph(identifier: Node, base: str, pages: frozenset[str]) -> bool:
    """Whether ``identifier`` is a page's graph (``region/{slug}``) or its curation's (``curation/{slug}`` of one of
    ``pages``, the slugs of the pages)."""
    for kind in PAGE_GRAPHS:
        prefix = str(uris.graph(kind, base)) + "/"
        if str(identifier).startswith(prefix):
            return kind != "curation" or str(identifier)[len(prefix):] in pages
    return False


def focus_groups(dataset: Dataset, base: str, part_triples: int, reach: Reach) -> list[frozenset[Node]]:
    """The subjects in parts: the shared graphs' first, then pages'.

    A subject of a page belongs to the page's part even when a shared graph states more about it (a
    region of the programme with its own page, whose geometry is in the geometry graph); a subject of
    several pages (a region with two pages) belongs to the first. A subject only shared graphs have but
    that is one step of ``reach`` from a page's subject (a region's geometry) goes with that page too:
    in the shared part its closure would take in every page. Pages are taken whole, in the order of
    their graph IRIs, until a part holds about ``part_triples`` triples.
    """
    graphs = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
    region = str(uris.graph("region", base)) + "/"
    slugs = frozenset(str(g.identifier)[len(region):] for g in graphs if str(g.identifier).startswith(region))
    page: dict[Node, int] = {}  # subject -> index of its part among the pages' parts
    pages: list[set[Node]] = [set()]
    size = 0
    for graph in graphs:
        if not _page_graph(graph.identifier, base, slugs):
            continue
        if size >= part_triples:
            pages.append(set())
            size = 0
        for subject in graph.subjects(unique=True):
            if subject not in page:
                page[subject] = len(pages) - 1
                pages[-1].add(subject)
        size += len(graph)
    shared: set[Node] = set()
    for graph in graphs:
        if not _page_graph(graph.identifier, base, slugs):
            shared.update(s for s in graph.subjects(unique=True) if s not in page)
    for subject in list(shared):
        near = _page_next_to(dataset, subject, page, reach)
        if near is not None:
            shared.discard(subject)
            pages[near].add(subject)
    return [frozenset(shared), *(frozenset(p) for p in pages if p)]


def _page_next_to(dataset: Dataset, subject: Node, page: dict[Node, int], reach: Reach) -> int | None:
    """The part of the first page subject one step of ``reach`` from ``subject``, if any."""
    store = dataset.store
    for (_, predicate, obj), _ in store.triples((subject, None, None), None):
        if obj in page and (reach.forward is None or predicate in reach.forward):
            return page[obj]
    for predicate in reach.backward:
        for (other, _, _), _ in store.triples((None, predicate, subject), None):
            if other in page:
                return page[other]
    return None


@dataclass(frozen=True)
class Neighbours:
    """What :func:`closure` steps along, made once for all the parts in one pass over the store: each subject's
    triples but its ``rdfs:subClassOf`` ones (each once, whatever its graph), its superclasses, the subjects that
    reach an object along the shapes' backward predicates, and the class hierarchy. rdflib's own look-ups work
    out every triple's graphs, which a closure does not need (under cProfile at 100k triples, 6.9 s of the
    closures' 8.3 s); with this index the parent's CPU went from 9.9 to 8.7 s, the parts' results the same."""

    by_subject: dict[Node, list[Triple]]
    superclasses: dict[Node, list[Node]]
    backward: dict[Node, list[Node]]
    hierarchy: list[Triple]

    @classmethod
    def of(cls, dataset: Dataset, reach: Reach) -> Neighbours:
        by_subject: dict[Node, list[Triple]] = {}
        superclasses: dict[Node, list[Node]] = {}
        backward: dict[Node, list[Node]] = {}
        hierarchy: list[Triple] = []
        for triple, _ in dataset.store.triples((None, None, None), None):
            subject, predicate, obj = triple
            if predicate == RDFS.subClassOf:
                hierarchy.append(triple)
                superclasses.setdefault(subject, []).append(obj)
            else:
                by_subject.setdefault(subject, []).append(triple)
            if predicate in reach.backward:
                backward.setdefault(obj, []).append(subject)
        return cls(by_subject, superclasses, backward, hierarchy)


def closure(neighbours: Neighbours, focus: Iterable[Node], reach: Reach) -> list[Triple]:
    """Every triple (once, whatever its graph) that the shapes can read from ``focus``: the triples of
    every node at most ``reach.depth`` steps away, stepping from subject to object along
    ``reach.forward`` and from object to subject along ``reach.backward`` (those ``neighbours`` was made
    for); and the class hierarchy (``rdfs:subClassOf``), which ``sh:class`` and ``sh:targetClass`` follow
    from any node."""
    triples: list[Triple] = list(neighbours.hierarchy)
    up = reach.forward is None or RDFS.subClassOf in reach.forward
    seen: set[Node] = set()
    level = list(dict.fromkeys(focus))
    for distance in range(reach.depth + 1):
        following: list[Node] = []
        for node in level:
            if node in seen:
                continue
            seen.add(node)
            own = neighbours.by_subject.get(node, ())
            triples.extend(own)
            if distance < reach.depth:
                following.extend(obj for _, predicate, obj in own
                                 if isinstance(obj, URIRef | BNode) and obj not in seen
                                 and (reach.forward is None or predicate in reach.forward))
                if up:
                    following.extend(c for c in neighbours.superclasses.get(node, ())
                                     if isinstance(c, URIRef | BNode) and c not in seen)
                following.extend(subject for subject in neighbours.backward.get(node, ()) if subject not in seen)
        level = following
    return triples


def plan(dataset: Dataset, shapes: Graph, base: str = BASE,
         part_triples: int = DEFAULT_PART_TRIPLES) -> tuple[Reach, list[frozenset[Node]]]:
    """How :func:`validate_in_parts` would split ``dataset``: no groups means "validate whole"."""
    reach = shapes_reach(shapes)
    total = sum(len(g) for g in dataset.graphs())
    if reach.problem is not None or total < part_triples:
        return reach, []
    groups = focus_groups(dataset, base, part_triples, reach)
    # A sh:targetNode is a focus node even when no triple names it (then it fails its shape):
    # the shared part checks those that no page has as a subject.
    owned = set().union(*groups[1:])
    targets = {n for n in shapes.objects(None, SH.targetNode) if isinstance(n, URIRef | BNode)} - owned
    groups[0] = groups[0] | targets
    return reach, groups if len(groups) > 1 else []


def validate_in_parts(dataset: Dataset, shapes: Graph, base: str = BASE, jobs: int | None = None,
                      part_triples: int = DEFAULT_PART_TRIPLES, progress: bool | None = None) -> Report:
    """The report :func:`byregion.validate.validate` gives for ``dataset``, made in parts by ``jobs``
    worker processes when the dataset is larger than ``part_triples`` triples.

    ``shapes`` and ``base`` as for :func:`~byregion.validate.validate`. ``progress``: show a progress bar
    of the parts on stderr (None: when stderr is a terminal).
    """
    shapes = rebase_shapes(shapes, base)
    if sum(len(g) for g in dataset.graphs()) < part_triples:  # one part: the shapes' reach is not needed
        return validate(dataset, shapes)
    reach, groups = plan(dataset, shapes, base, part_triples)
    if not groups:
        return validate(dataset, shapes)
    jobs = max(1, jobs or os.cpu_count() or 1)
    memory.release()  # before the workers start beside this process
    neighbours = Neighbours.of(dataset, reach)
    parts = (Part(group, closure(neighbours, group, reach)) for group in groups)
    with progress_bar(len(groups), "validate", "parts", progress) as bar:
        outcomes = _run(parts, list(shapes), jobs, bar.update)
    report = _merge(outcomes, dataset)
    del outcomes
    memory.release()
    return report


@dataclass(frozen=True)
class _Outcome:
    """A part's results about its own focus nodes, and their triples of the SHACL report."""

    results: list[Result]
    roots: list[Node]  # the report's result nodes about the part's focus nodes
    report: list[Triple]


#: The targets :func:`_target_own_focus` replaces (sh:targetObjectsOf and sh:target make the shapes unbounded).
_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf)

_shapes: Graph | None = None  # the shapes without their targets, for the parts of this worker
_targets: dict[Node, list[tuple[Node, Node]]] = {}  # each shape's targets: (target predicate, its object)


def _start_worker(shape_triples: list[Triple]) -> None:
    global _shapes, _targets
    as_worker()
    quiet_ill_typed_literals()
    _shapes = Graph()
    _targets = {}
    for subject, predicate, obj in shape_triples:
        if predicate in _TARGETS:
            _targets.setdefault(subject, []).append((predicate, obj))
        else:
            _shapes.add((subject, predicate, obj))


def _target_own_focus(data: Graph, focus: frozenset[Node]) -> list[Triple]:
    """Each shape's ``sh:targetNode`` triples for the part's focus nodes its targets select in ``data``.

    A closure ends a few steps out: the nodes on its edge lack what lies beyond, so validating them would
    report violations that are not there, and making those results' messages took most of a part's time.
    Selecting the targets here, as pyshacl would (``sh:targetClass`` with the class hierarchy, which every
    part holds), and handing pyshacl only the part's own focus nodes leaves every result about them as it
    was: the constraints, and what they read, do not change.
    """
    classes: dict[Node, set[Node]] = {}
    added: list[Triple] = []
    for shape, targets in _targets.items():
        selected: set[Node] = set()
        for kind, value in targets:
            if kind == SH.targetNode:
                if value in focus:
                    selected.add(value)
            elif kind == SH.targetSubjectsOf:
                selected.update(s for s in data.subjects(value, None, unique=True) if s in focus)
            else:
                if value not in classes:
                    below = data.transitive_subjects(RDFS.subClassOf, value)
                    classes[value] = {value, *(c for c in below if c is not None)}
                for cls in classes[value]:
                    selected.update(s for s in data.subjects(RDF.type, cls) if s in focus)
        added.extend((shape, SH.targetNode, node) for node in selected)
    return added


def _validate_part(part: Part) -> _Outcome:
    assert _shapes is not None, "the worker was not started with _start_worker"
    data = bind_prefixes(ValidationGraph())
    for triple in part.triples:
        data.add(triple)
    focus = part.focus
    del part  # its triples are in the graph now
    targets = _target_own_focus(data, focus)
    for triple in targets:
        _shapes.add(triple)
    try:
        outcome = _own(validate(data, _shapes), focus)
    finally:
        for triple in targets:
            _shapes.remove(triple)
    del data
    memory.release()  # the next part starts from a small process again
    return outcome


def _own(report: Report, focus: frozenset[Node]) -> _Outcome:
    """The results of ``report`` about ``focus``, and every report triple reachable from them."""
    graph = report.graph
    roots = [r for r in graph.objects(None, SH.result) if graph.value(r, SH.focusNode) in focus]
    triples: list[Triple] = []
    seen: set[Node] = set()
    stack: list[Node] = list(roots)
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            triples.append(triple)
            if isinstance(triple[2], BNode):
                stack.append(triple[2])
    return _Outcome([r for r in report.results if r.focus in focus], roots, triples)


def _run(parts: Iterable[Part], shape_triples: list[Triple], jobs: int,
         progress: Callable[[int], object]) -> list[_Outcome]:
    """Validate the parts in ``jobs`` processes, at most two parts per process given out at a time (the parts are
    made while earlier ones are validated, so they are not all held at once). Stopped (SIGTERM when the build's
    command ended, Ctrl-C) or failed, the processes end at once, not after the parts they were given: a build killed
    while its validation ran in parts had held the build's lock for seconds after (an SRE's re-check)."""
    outcomes: list[_Outcome] = []
    with Workers(jobs, "spawn", _start_worker, (shape_triples,), doing="validating a part of the data") as pool:
        for outcome in pool.map(_validate_part, parts, ahead=2 * jobs, ordered=False):
            outcomes.append(outcome)
            progress(1)
    return outcomes


def _merge(outcomes: list[_Outcome], dataset: Dataset) -> Report:
    """One report from the parts' own results, as one validation of the whole would give it."""
    seen: set[tuple[object, ...]] = set()
    results: list[Result] = []
    for outcome in outcomes:
        for result in outcome.results:
            key = (result.severity, result.focus, result.path, result.value, result.message, result.source_shape)
            if key not in seen:
                seen.add(key)
                results.append(replace(result, graphs=_graphs_of(dataset, result.focus, result.predicate,
                                                                 result.value, result.missing)))
    results.sort(key=lambda r: (_rank(r.severity), r.focus_label, str(r.focus), r.path or "", r.message))
    conforms = not any(r.is_violation for r in results)
    graph = bind_prefixes(Graph())
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(conforms)))
    for outcome in outcomes:
        for triple in outcome.report:
            graph.add(triple)
        for root in outcome.roots:
            graph.add((report, SH.result, root))
    return Report(conforms=conforms, results=results, graph=graph)
