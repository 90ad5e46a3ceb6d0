"""Checking an imported graph against the project's SHACL shapes before it is written.

The region graph refers to things other graphs define (the programme, themes, reference
municipalities), and the shapes check those references with ``sh:class``. So the graph is
validated together with that context, and only findings about the region graph's own nodes are
reported: the context files are checked by the build, not by every import.

The project's validator is ``byregion.validate.validate``, used when it can be imported; otherwise
pyshacl is run on ``shapes/*.ttl`` directly (the shapes are the same either way).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import PROV, RDF

from byregion.namespaces import BR, SH
from byregion.rdf_files import parse_path


@dataclass(frozen=True)
class Finding:
    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: <{self.focus}>: {self.message}"


Validator = Callable[[Graph, Graph], list[Finding]]  # (output graph, context graph) → findings


def reference_context(reference: Graph, members: Iterable[URIRef]) -> Graph:
    """The part of the reference that the shapes need to check ``members``: them, their numbers and figures."""
    context = Graph()
    for member in members:
        for triple in reference.triples((member, None, None)):
            context.add(triple)
        for number in reference.objects(member, BR.municipalityNumber):
            for triple in reference.triples((number, None, None)):
                context.add(triple)
            for county in reference.objects(number, BR.county):
                context.add((county, RDF.type, BR.County))
        for figure in (*reference.objects(member, BR.population), *reference.objects(member, BR.area)):
            for triple in reference.triples((figure, None, None)):
                context.add(triple)
            for source in reference.objects(figure, PROV.wasDerivedFrom):
                context.add((source, RDF.type, BR.ReferenceSource))
    return context


def shacl_validator(shapes_dir: Path) -> Validator:
    """A validator running pyshacl with every ``*.ttl`` in ``shapes_dir``."""

    def validate(output: Graph, context: Graph) -> list[Finding]:
        shapes = Graph()
        for path in sorted(shapes_dir.glob("*.ttl")):
            parse_path(shapes, path)
        data = Graph()
        for triple in output:
            data.add(triple)
        for triple in context:
            data.add(triple)
        own = set(output.subjects())
        try:
            from byregion import validate as project
        except ImportError:  # the project's validator is not there: pyshacl directly
            project = None  # type: ignore[assignment]
        if project is not None:
            found = project.validate(data, shapes=shapes).results
            return sorted((Finding(r.severity, str(r.focus), r.message) for r in found if r.focus in own),
                          key=lambda f: (f.severity != "Violation", f.focus, f.message))
        import pyshacl  # heavy; only imported when validating

        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True,
                                        allow_warnings=True)
        findings = []
        for result in report.subjects(RDF.type, SH.ValidationResult):
            focus = report.value(result, SH.focusNode)
            if focus not in own:
                continue
            severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
            message = str(report.value(result, SH.resultMessage) or report.value(result, SH.sourceShape))
            findings.append(Finding(severity, str(focus), message))
        return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.message))

    return validate
