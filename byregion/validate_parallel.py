"""Validating a large dataset in parts, in worker processes, with the verdict of validating it whole.

pyshacl over rdflib validates a 25k-triple graph in seconds but a million triples not in an hour, and
holds the whole graph twice meanwhile. Yet what the shapes can see from a focus node is small: the
triples of the node, of the nodes it points to, and so on, plus the few places where a shape looks
backwards (``sh:inversePath``, a SPARQL pattern ending at the focus node). So the focus nodes are
split into parts and each part is validated on its **closure**: the triples whose subject is reachable
from the part's focus nodes by following objects forwards along any predicate, and subjects backwards
along the predicates the shapes read backwards (:func:`shapes_reach`). Every triple a shape reads from
a focus node is in that closure, so each focus node gets the same results as in the whole graph; a
part reports the results of its own focus nodes only (its closure holds other nodes too).

The parts: the subjects of the shared graphs (ontology, themes, programme, reference) are one part;
the subjects only the region and curation graphs have are cut into parts of about
``part_triples`` triples, whole pages at a time. A page's closure is the page plus the few reference
nodes it points to (its members and their numbers, themes, classes, the programme).

When the shapes look somewhere this cannot follow (a SPARQL pattern unconnected to ``$this``, a
pattern from a constant subject, a property path in SPARQL, ``sh:targetObjectsOf``, SPARQL-based
targets), or the dataset is small, it is validated whole, as :func:`byregion.validate.validate` does.
``tests/test_validate_parallel.py`` checks that both ways give the same report.
"""

from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef, Variable
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.parserutils import CompValue
from tqdm import tqdm

from byregion import memory, uris
from byregion.namespaces import BASE, SH, bind_prefixes
from byregion.validate import (
    THIS,
    Report,
    Result,
    _graphs_of,
    _PreparedQueryGraph,
    _rank,
    rebase_shapes,
    validate,
)

Triple = tuple[Node, Node, Node]
#: Named graphs holding one page each (and its curation); every other graph is shared by all pages.
PAGE_GRAPHS = ("region", "curation")
#: Below this many triples the dataset is validated whole: starting workers would cost more.
DEFAULT_PART_TRIPLES = 50_000


@dataclass(frozen=True)
class Reach:
    """Where the shapes look from a focus node: forwards along any predicate, and backwards along
    ``backward``; ``problem`` says why the shapes cannot be validated in parts (None when they can)."""

    backward: frozenset[URIRef]
    problem: str | None = None


@dataclass(frozen=True)
class Part:
    """Focus nodes validated together, and the triples they are validated on."""

    focus: frozenset[Node]
    triples: list[Triple]


def shapes_reach(shapes: Graph) -> Reach:
    """The predicates the shapes follow backwards, or why the shapes cannot be validated in parts."""
    backward: set[URIRef] = set()
    for path in shapes.objects(None, SH.inversePath):
        if not isinstance(path, URIRef):
            return Reach(frozenset(), f"sh:inversePath of a path ({path}) is not followed")
        backward.add(path)
    for predicate in (SH.targetObjectsOf, SH.target):
        if next(shapes.subject_objects(predicate), None) is not None:
            return Reach(frozenset(), f"{shapes.namespace_manager.normalizeUri(predicate)} is not followed")
    if next(shapes.subjects(SH.ask, None), None) is not None or next(shapes.subjects(SH.validator, None), None):
        return Reach(frozenset(), "SPARQL-based constraint components are not followed")
    prefixes = _prefix_lines(shapes)
    for constraint, text in shapes.subject_objects(SH.select):
        try:
            patterns = list(_patterns(prepareQuery(prefixes + str(text)).algebra))
        except Exception as exc:  # a query pyshacl could not run either; validate whole and let it say so
            return Reach(frozenset(), f"the SPARQL of {constraint} cannot be read: {exc}")
        found = _backward_in(patterns)
        if isinstance(found, str):
            return Reach(frozenset(), f"the SPARQL of {constraint} {found}")
        backward |= found
    return Reach(frozenset(backward))


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


def _backward_in(patterns: list[tuple[Any, Any, Any]]) -> set[URIRef] | str:
    """Predicates a query follows from an object to its subject, starting from ``$this``; or what it
    does that a closure cannot follow."""
    reached: set[Node] = {THIS}
    backward: set[URIRef] = set()
    for s, p, _ in patterns:
        if not isinstance(p, URIRef | Variable):
            return f"uses a property path ({p}), which is not followed"
        if not isinstance(s, Variable):
            return f"reads from a fixed subject ({s}), which is not followed"
    changed = True
    while changed:
        changed = False
        for s, p, o in patterns:
            if s in reached and isinstance(o, Variable) and o not in reached:
                reached.add(o)
                changed = True
            elif o in reached and s not in reached:
                if not isinstance(p, URIRef):
                    return "reads backwards along a variable predicate, which is not followed"
                reached.add(s)
                backward.add(p)
                changed = True
    loose = [t for t in patterns if t[0] not in reached]
    if loose:
        return f"has a pattern not connected to $this ({loose[0]}), which reads the whole graph"
    return backward


def _page_graph(identifier: Node, base: str) -> bool:
    return any(str(identifier).startswith(str(uris.graph(kind, base)) + "/") for kind in PAGE_GRAPHS)


def focus_groups(dataset: Dataset, base: str, part_triples: int) -> list[frozenset[Node]]:
    """The subjects in parts: the shared graphs' first, then pages'.

    A subject of a shared graph belongs to the shared part even when a page states more about it; a
    subject of several pages (a region with two pages) belongs to the first. Pages are taken whole, in
    the order of their graph IRIs, until a part holds about ``part_triples`` triples.
    """
    graphs = sorted((g for g in dataset.graphs() if len(g)), key=lambda g: str(g.identifier))
    shared: set[Node] = set()
    for graph in graphs:
        if not _page_graph(graph.identifier, base):
            shared.update(graph.subjects(unique=True))
    groups, current, size, taken = [frozenset(shared)], set[Node](), 0, set(shared)
    for graph in graphs:
        if not _page_graph(graph.identifier, base):
            continue
        mine = set(graph.subjects(unique=True)) - taken
        taken |= mine
        current |= mine
        size += len(graph)
        if size >= part_triples:
            groups.append(frozenset(current))
            current, size = set(), 0
    if current:
        groups.append(frozenset(current))
    return groups


def closure(dataset: Dataset, focus: Iterable[Node], backward: frozenset[URIRef]) -> list[Triple]:
    """Every triple (once, whatever its graph) whose subject is reachable from ``focus``: forwards
    from subject to object, and backwards from object to subject along ``backward``."""
    store = dataset.store
    seen: set[Node] = set()
    stack = list(focus)
    triples: list[Triple] = []
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple, _ in store.triples((node, None, None), None):
            triples.append(triple)
            if isinstance(triple[2], URIRef | BNode) and triple[2] not in seen:
                stack.append(triple[2])
        for predicate in backward:
            for (subject, _, _), _ in store.triples((None, predicate, node), None):
                if subject not in seen:
                    stack.append(subject)
    return triples


def plan(dataset: Dataset, shapes: Graph, base: str = BASE,
         part_triples: int = DEFAULT_PART_TRIPLES) -> tuple[Reach, list[frozenset[Node]]]:
    """How :func:`validate_in_parts` would split ``dataset``: no groups means "validate whole"."""
    reach = shapes_reach(shapes)
    total = sum(len(g) for g in dataset.graphs())
    if reach.problem is not None or total < part_triples:
        return reach, []
    groups = focus_groups(dataset, base, part_triples)
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
    reach, groups = plan(dataset, shapes, base, part_triples)
    if not groups:
        return validate(dataset, shapes)
    jobs = max(1, jobs or os.cpu_count() or 1)
    memory.release()  # before the workers start beside this process
    parts = (Part(group, closure(dataset, group, reach.backward)) for group in groups)
    with tqdm(total=len(groups), desc="validate", unit="part", leave=False,
              disable=None if progress is None else not progress) as bar:
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


_shapes: Graph | None = None


def _start_worker(shape_triples: list[Triple]) -> None:
    global _shapes
    _shapes = Graph()
    for triple in shape_triples:
        _shapes.add(triple)


def _validate_part(part: Part) -> _Outcome:
    assert _shapes is not None, "the worker was not started with _start_worker"
    data = bind_prefixes(_PreparedQueryGraph())
    for triple in part.triples:
        data.add(triple)
    focus = part.focus
    del part  # its triples are in the graph now
    outcome = _own(validate(data, _shapes), focus)
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
    """Validate the parts in ``jobs`` processes, at most two parts per process waiting at a time (the
    parts are made while earlier ones are validated, so they are not all held at once)."""
    context = multiprocessing.get_context("spawn")
    outcomes: list[_Outcome] = []
    with futures.ProcessPoolExecutor(jobs, mp_context=context, initializer=_start_worker,
                                     initargs=(shape_triples,)) as pool:
        running: set[futures.Future[_Outcome]] = set()
        pending = iter(parts)

        def submit() -> bool:
            part = next(pending, None)
            if part is None:
                return False
            running.add(pool.submit(_validate_part, part))
            return True

        while len(running) < 2 * jobs and submit():
            pass
        while running:
            done, _ = futures.wait(running, return_when=futures.FIRST_COMPLETED)
            for future in done:
                running.discard(future)
                outcomes.append(future.result())
                progress(1)
                submit()
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
                results.append(replace(result, graphs=_graphs_of(dataset, result.focus)))
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
