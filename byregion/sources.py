"""Which input file becomes which named graph: the one table the build reads.

See docs/MODEL.md "Files and named graphs". Pure path logic plus a loader that turns parse errors
into :class:`InputError` values naming the file and line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph, URIRef

from byregion import uris
from byregion.namespaces import BASE, bind_prefixes


@dataclass(frozen=True)
class GraphSource:
    """One input file and the named graph it fills."""

    graph_name: str  # e.g. "ontology", "region/notodden"
    path: Path

    def graph_iri(self, base: str = BASE) -> URIRef:
        return uris.graph(self.graph_name, base)


class InputError(ValueError):
    """An input file cannot be read as RDF; the message names the file and the parser's complaint."""


def discover(repo_dir: Path) -> list[GraphSource]:
    """Every input graph under ``repo_dir``, in a stable order."""
    found: list[GraphSource] = []
    fixed = [("ontology", "ontology/byregion.ttl"), ("themes", "ontology/themes.ttl"),
             ("programme", "data/programme.ttl")]
    for name, rel in fixed:
        if (repo_dir / rel).is_file():
            found.append(GraphSource(name, repo_dir / rel))
    found += [GraphSource("reference", p) for p in sorted((repo_dir / "data/reference").glob("*.ttl"))]
    found += [GraphSource(f"region/{p.stem}", p) for p in sorted((repo_dir / "data/regions").glob("*.ttl"))]
    found += [GraphSource(f"curation/{p.stem}", p) for p in sorted((repo_dir / "data/curation").glob("*.ttl"))]
    return found


def parse_file(path: Path) -> Graph:
    """Parse one Turtle file, or raise :class:`InputError` saying where it is broken."""
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except Exception as exc:  # rdflib raises many types; all mean "this file is not valid Turtle"
        raise InputError(f"{path}: not valid Turtle: {exc}") from exc
    return graph


def load_dataset(repo_dir: Path, base: str = BASE) -> Dataset:
    """All input graphs as one dataset with a named graph each (base rewriting is the build's job)."""
    dataset = Dataset()
    bind_prefixes(dataset)
    for source in discover(repo_dir):
        target = dataset.graph(source.graph_iri(base))
        for triple in parse_file(source.path):
            target.add(triple)
    return dataset
