"""SHACL validation of the knowledge graph against ``shapes/*.ttl`` (pure: no printing, no exit).

The data is validated as ONE graph, the union of all named graphs: a region graph points at
municipalities in the reference graph and at themes in the themes graph, so the graphs are not
valid one by one (pyshacl would validate each named graph of a Dataset on its own).

Inference is off (``inference="none"``). The shapes target every class explicitly (``br:Goal``,
``br:Result``, … and not only ``br:RegionStatement``), and every ``sh:class`` value in the data
is typed directly, so RDFS inference would add nothing but time (it roughly doubles a 25k-triple
graph) and would make the result depend on whether the ontology graph happens to be loaded.
pyshacl still follows ``rdfs:subClassOf`` triples present in the data for ``sh:targetClass``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from pyshacl import validate as pyshacl_validate
from rdflib import BNode, Dataset, Graph, Literal, Node, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.query import Result as QueryResult

from byregion.namespaces import BASE, SH, bind_prefixes
from byregion.pyshacl_tuned import tuned
from byregion.store.convert import to_oxigraph, to_rdflib
from byregion.uris import rebase

#: Severity names in report order: what blocks a build first.
SEVERITY_ORDER = ("Violation", "Warning", "Info")


@dataclass(frozen=True)
class Result:
    """One SHACL validation result, in terms a maintainer can act on."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: Node
    focus_label: str  # nb label, else en label, else the IRI
    path: str | None  # compact form, e.g. "skos:prefLabel" or "^br:membership"
    value: Node | None
    message: str
    source_shape: Node | None
    #: Named graphs stating the offending statement (the focus node, a one-property path, the value), else those in
    #: which the focus node is a subject (empty for a plain Graph input).
    graphs: tuple[URIRef, ...] = ()
    #: The offending value as Turtle (``"54165"^^xsd:string``, ``<…/data-theme/ECON>``), or None.
    value_text: str | None = None
    #: The path's property, where the path is one property (None for an inverse or longer path).
    predicate: URIRef | None = None
    #: The result is about a statement that is not there (too few values): it belongs where the focus node is
    #: described, not where its other values are.
    missing: bool = False

    @property
    def is_violation(self) -> bool:
        return self.severity == "Violation"

    def line(self, files: Mapping[URIRef, str] | None = None) -> str:
        """``SEVERITY  focus-label <iri>  path  message``, then ``(value: …)`` when a value is at fault, and
        ``(in data/regions/x.ttl)``: the files of the named graphs that describe the focus node, where ``files``
        (:func:`byregion.sources.graph_files`) names them, so that a maintainer knows which file to open.

        The label is left out when it is the IRI itself.
        """
        focus = f"<{self.focus}>" if isinstance(self.focus, URIRef) else f"_:{self.focus}"
        if self.focus_label != str(self.focus):
            focus = f"{self.focus_label} {focus}"
        line = f"{self.severity.upper()}  {focus}  {self.path or '-'}  {self.message}"
        line = f"{line}  (value: {self.value_text})" if self.value_text else line
        where = sorted({files[g] for g in self.graphs if g in files}) if files else []
        return f"{line}  (in {', '.join(where)})" if where else line


@dataclass(frozen=True)
class Report:
    """The outcome of :func:`validate`. ``conforms`` is True when there is no Violation."""

    conforms: bool
    results: list[Result]
    graph: Graph = field(repr=False)

    @property
    def violations(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[Result]:
        return [r for r in self.results if r.severity == "Warning"]

    def format_lines(self, files: Mapping[URIRef, str] | None = None) -> list[str]:
        """One line per result, violations first (results are already sorted that way), each naming the files
        its focus node is described in where ``files`` knows them."""
        return [r.line(files) for r in self.results]

    def summary(self) -> str:
        v, w = len(self.violations), len(self.warnings)
        return f"{v} violation{'s' * (v != 1)}, {w} warning{'s' * (w != 1)}"


def load_shapes(repo_dir: Path, base: str = BASE) -> Graph:
    """Our own shapes: every ``shapes/*.ttl`` (not ``shapes/external/``, which holds DCAT shapes).

    ``base``: the base the data to validate uses (see :func:`rebase_shapes`).
    """
    from byregion.sources import parse_file

    shapes = Graph()
    files = sorted((repo_dir / "shapes").glob("*.ttl"))
    if not files:
        raise FileNotFoundError(f"no shapes found: {repo_dir / 'shapes'} has no *.ttl file")
    for path in files:
        shapes += parse_file(path)
    return rebase_shapes(shapes, base)


def rebase_shapes(shapes: Graph, base: str) -> Graph:
    """The shapes for data rebased from the canonical base to ``base`` (as a build with
    BYREGION_BASE_URI does): our IRIs, and our IRIs inside SPARQL text and messages, move along.
    Without this every ``br:`` target would match nothing and any data would pass."""
    base = base.rstrip("/")
    if base == BASE:
        return shapes

    def move(term: Node) -> Node:
        if isinstance(term, URIRef):
            return URIRef(rebase(str(term), BASE, base))
        if isinstance(term, Literal) and BASE + "/" in term:
            text = str(term).replace(BASE + "/", base + "/")
            return Literal(text, lang=term.language, datatype=term.datatype)
        return term

    moved = Graph()
    for s, p, o in shapes:
        moved.add((move(s), move(p), move(o)))
    return moved


#: The variable pyshacl binds to the focus node of a SPARQL-based constraint.
THIS = Variable("this")


class ValidationGraph(Graph):
    """The data graph pyshacl validates, answering its SPARQL constraints with Oxigraph.

    pyshacl runs a SPARQL constraint once per focus node, as text with ``$this`` pre-bound; in rdflib's engine
    that was more than half of a validation (the repository's: 27.7 s in all, against 19 s now). The first
    query copies the graph into an in-memory Oxigraph store (0.7 s for 45k triples), and each query runs there
    with ``$this`` substituted (SHACL's pre-binding, SPARQL-dev SEP-0007, as Oxigraph implements it), its
    solutions handed back as an rdflib result. Only used with pyshacl's ``inplace=True``, which queries this
    object; changing the graph drops the copy.
    """

    _mirror: ox.Store | None = None

    def add(self, triple: Any) -> Any:
        self._mirror = None
        return super().add(triple)

    def addN(self, quads: Any) -> Any:
        self._mirror = None
        return super().addN(quads)

    def remove(self, triple: Any) -> Any:
        self._mirror = None
        return super().remove(triple)

    def query(self, query_object: Any, processor: Any = "sparql", result: Any = "sparql", initNs: Any = None,
              initBindings: Any = None, use_store_provided: bool = True, **kwargs: Any) -> Any:
        if isinstance(query_object, str) and processor == "sparql":
            return self._by_oxigraph(query_object, initBindings or {})
        return super().query(query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs)

    def _by_oxigraph(self, text: str, bindings: dict[Any, Node]) -> QueryResult:
        if self._mirror is None:
            store = ox.Store()
            store.bulk_extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o))  # type: ignore[arg-type]
                              for s, p, o in self)
            self._mirror = store
        substitutions = {ox.Variable(str(name)): to_oxigraph(value) for name, value in bindings.items()}
        try:
            solutions = self._mirror.query(text, substitutions=substitutions)  # type: ignore[arg-type]
        except SyntaxError as exc:
            raise ValueError(f"a SPARQL constraint of the shapes is not SPARQL 1.1: {exc}\n{text}") from exc
        if not isinstance(solutions, ox.QuerySolutions):
            raise ValueError(f"a SPARQL constraint of the shapes is not a SELECT query:\n{text}")
        names = [variable.value for variable in solutions.variables]
        answer = QueryResult("SELECT")
        answer.vars = [Variable(name) for name in names]
        answer.bindings = [{Variable(name): to_rdflib(solution[name])  # type: ignore[misc]
                            for name in names if solution[name] is not None} for solution in solutions]
        return answer


def union_graph(data: Graph | Dataset) -> Graph:
    """All triples of ``data`` (every named graph of a Dataset) in one fresh Graph."""
    union = bind_prefixes(ValidationGraph())
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            union.add((s, p, o))
    else:
        for triple in data:
            union.add(triple)
    return union


def validate(data: Graph | Dataset, shapes: Graph | None = None, ontology: Graph | None = None,
             base: str = BASE) -> Report:
    """Validate ``data`` against ``shapes`` (default: this repository's ``shapes/``).

    ``ontology`` is mixed into the data before validation, for callers whose data lacks the
    ontology graph; the repository's dataset already holds it as a named graph.
    ``base``: pass the base URI when ``data`` was rebased away from the canonical one; the shapes
    (written with the canonical base) are rebased to match.
    """
    if shapes is None:
        from byregion import REPO_ROOT

        shapes = load_shapes(REPO_ROOT)
    shapes = rebase_shapes(shapes, base)
    # A graph made for validation (a part, byregion.validate_parallel) is used as it is, not copied.
    union = data if isinstance(data, ValidationGraph) and ontology is None else union_graph(data)
    if ontology is not None:
        union += ontology
    with tuned():  # pyshacl_tuned: the same report, less of pyshacl's own overhead
        _, report_graph, _ = pyshacl_validate(
            union, shacl_graph=shapes, inference="none", allow_warnings=True, inplace=True,
            advanced=False, abort_on_first=False,
        )
    results = _results(report_graph, union, shapes, data if isinstance(data, Dataset) else None)
    conforms = not any(r.is_violation for r in results)
    return Report(conforms=conforms, results=results, graph=bind_prefixes(report_graph))


def _results(report: Graph, data: Graph, shapes: Graph, dataset: Dataset | None) -> list[Result]:
    seen: set[tuple[object, ...]] = set()
    out: list[Result] = []
    # Only top-level results: pyshacl also types the nested sh:detail results of sh:node.
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        severity_iri = report.value(node, SH.resultSeverity)
        severity = str(severity_iri).rsplit("#", 1)[-1] if severity_iri else "Violation"
        path_node = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        shape = report.value(node, SH.sourceShape)
        path = _format_path(path_node, report, data) if path_node is not None else None
        message = _message(report, node)
        # One line per rule broken: a shape with sh:datatype and sh:minInclusive gives two
        # results with the same message for one bad value.
        key = (severity, focus, path, value, message, shape)
        if focus is None or key in seen:
            continue
        seen.add(key)
        predicate = path_node if isinstance(path_node, URIRef) else None
        missing = report.value(node, SH.sourceConstraintComponent) in TOO_FEW
        graphs = _graphs_of(dataset, focus, predicate, value, missing) if dataset is not None else ()
        value_text = _value_text(data, value) if value is not None and value != focus else None
        out.append(Result(severity, focus, _label(data, focus), path, value, message, shape, graphs,
                          value_text, predicate, missing))
    out.sort(key=lambda r: (_rank(r.severity), r.focus_label, str(r.focus), r.path or "", r.message))
    return out


def _rank(severity: str) -> int:
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def _message(report: Graph, node: Node) -> str:
    """The English message when there is one (shapes write messages in English), else any."""
    messages = [m for m in report.objects(node, SH.resultMessage) if isinstance(m, Literal)]
    english = [m for m in messages if m.language == "en"]
    chosen = english or messages
    return " ".join(str(m) for m in chosen) if chosen else "(the shape gives no message)"


def _label(data: Graph, node: Node) -> str:
    """nb label, else en label, else the IRI: what a maintainer recognises."""
    labels: list[Literal] = [
        lbl for p in (SKOS.prefLabel, RDFS.label, SKOS.notation)
        for lbl in data.objects(node, p) if isinstance(lbl, Literal)
    ]
    for lang in ("nb", "en", None):
        for lbl in labels:
            if lbl.language == lang:
                return str(lbl)
    return str(node)


def _value_text(data: Graph, value: Node) -> str:
    if isinstance(value, Literal):
        return value.n3(data.namespace_manager)
    return f"<{value}>" if isinstance(value, URIRef) else f"_:{value}"


#: The constraint components whose results are about statements that are not there.
TOO_FEW = frozenset({SH.MinCountConstraintComponent, SH.QualifiedMinCountConstraintComponent})


def _graphs_of(dataset: Dataset, node: Node, path: Node | None = None, value: Node | None = None,
               missing: bool = False) -> tuple[URIRef, ...]:
    """The named graphs that state what the result is about: those holding the offending statement (the focus node,
    the path's property, the value) where the path is one property, else those describing the focus node. For a
    statement that is ``missing``, those that give the node its type, where the statement belongs: not those
    holding its other values (a region's Norwegian text removed from its page's graph was said to be missing "in"
    the curation graph, which holds the English one; an SRE's review)."""
    if missing:
        home = {g for _, _, _, g in dataset.quads((node, RDF.type, None, None)) if isinstance(g, URIRef)}
        if home:
            return tuple(sorted(home))
    for pattern in ((node, path, value), (node, path, None)) if isinstance(path, URIRef) else ():
        found = {g for _, _, _, g in dataset.quads(pattern) if isinstance(g, URIRef)}
        if found:
            return tuple(sorted(found))
    found = {g for _, _, _, g in dataset.quads((node, None, None, None)) if isinstance(g, URIRef)}
    return tuple(sorted(found))


def _format_path(path: Node, report: Graph, data: Graph) -> str:
    """SHACL property path → SPARQL-like text: ``skos:prefLabel``, ``^br:membership``, ``a/b``."""
    if isinstance(path, URIRef):
        return data.namespace_manager.curie(path, generate=False) if _has_prefix(data, path) else f"<{path}>"
    if isinstance(path, BNode):
        inverse = report.value(path, SH.inversePath)
        if inverse is not None:
            return "^" + _format_path(inverse, report, data)
        alternative = report.value(path, SH.alternativePath)
        if alternative is not None:
            return "|".join(_format_path(p, report, data) for p in _list(report, alternative))
        for predicate, suffix in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = report.value(path, predicate)
            if inner is not None:
                return f"({_format_path(inner, report, data)}){suffix}"
        if report.value(path, RDF.first) is not None:
            return "/".join(_format_path(p, report, data) for p in _list(report, path))
    return str(path)


def _list(graph: Graph, head: Node) -> Iterable[Node]:
    return list(Collection(graph, head))


def _has_prefix(data: Graph, iri: URIRef) -> bool:
    try:
        return data.namespace_manager.curie(iri, generate=False) is not None
    except (KeyError, ValueError):
        return False


def with_sources_checked(report: Report, dataset: Dataset, repo: Path, base: str) -> Report:
    """``report`` with what the build would refuse of the sources, as violations: a source file whose bytes are not
    those the data hashed (of the files there are: a build also refuses a missing one), and a statement whose
    Norwegian text is not the source's characters its selector points at (the shapes cannot read files).
    Used by the build (before anything is written) and by ``byregion validate``; ``base``: the dataset's (the
    build's rebased one, or the canonical one of the repository as read). Not in the RDF report: the shapes' own."""
    from byregion.build.render.sources import changed_sources, misquoted  # the build's render step, loaded here
    from byregion.namespaces import BR, PROV

    found = [Result("Violation", node, str(node), "br:sha256", None, what, None, predicate=BR.sha256)
             for node, what in changed_sources(dataset, repo, base, missing=False)]
    found += [Result("Violation", statement, str(statement), "prov:wasDerivedFrom", None, what, None,
                     predicate=PROV.wasDerivedFrom)
              for statement, what in misquoted(dataset, repo, base)]
    if not found:
        return report
    return Report(conforms=False, results=[*found, *report.results], graph=report.graph)
