"""What ``/validation`` and ``/catalog`` say of the data's quality passes the shapes that guard the data.

A linked-data agent ran the repository's shapes on ``/validation`` and found its SHACL annotation (a
``dqv:QualityAnnotation``) without the ``prov:wasDerivedFrom`` every quality annotation needs: the build validates
the dataset, not the documents that describe it, so the shapes had never seen it.
"""

from __future__ import annotations

import pytest
from rdflib import Graph

from byregion import REPO_ROOT
from byregion.quality import METRICS, quality_graph, validation_document
from byregion.validate import load_shapes, validate

pytestmark = pytest.mark.slow  # pyshacl over the whole shapes graph, twice

MANIFEST = {
    "base_uri": "https://data.byregion.no",
    "version": "20261206T120000Z",
    "created": "2026-12-06T12:00:00Z",
    "content_sha256": "0" * 64,
    "quality": {key: ("0.5" if key.endswith("share") else 3) for key in METRICS},
    "validation": {"conforms": True, "warnings": 2},
}


def ontology() -> Graph:
    """The ontology and the theme scheme, which the shapes ask of any data they see."""
    graph = Graph().parse(REPO_ROOT / "ontology" / "byregion.ttl", format="turtle")
    return graph.parse(REPO_ROOT / "ontology" / "themes.ttl", format="turtle")


def test_the_quality_figures_and_their_annotation_conform() -> None:
    report = validate(quality_graph(MANIFEST), load_shapes(REPO_ROOT), ontology=ontology())
    assert report.conforms, "\n".join(report.format_lines())
    assert not report.results


def test_the_validation_document_with_its_report_conforms() -> None:
    shacl_report = validate(Graph(), load_shapes(REPO_ROOT)).graph  # an empty graph's report: it conforms
    document = validation_document(shacl_report, MANIFEST)
    report = validate(document, load_shapes(REPO_ROOT), ontology=ontology())
    assert report.conforms, "\n".join(report.format_lines())
