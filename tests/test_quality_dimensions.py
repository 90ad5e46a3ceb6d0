"""The quality metrics the catalogue publishes (``byregion.quality.METRICS``, DQV) name real dimensions.

An ontology reviewer found ``ldqd:verifiability`` as a metric's ``dqv:inDimension``: W3C's list of linked-data
quality dimensions (``ontology/vocab/ldqd.ttl``, Zaveri et al.) has no such term, so a consumer grouping the
catalogue's measurements by dimension found a dimension nobody defined.
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from byregion import REPO_ROOT
from byregion.namespaces import DQV
from byregion.quality import LDQD, METRICS

pytestmark = pytest.mark.fast

LDQD_FILE = REPO_ROOT / "ontology" / "vocab" / "ldqd.ttl"


def dimensions() -> set[URIRef]:
    graph = Graph().parse(LDQD_FILE, format="turtle")
    return {s for s in graph.subjects(RDF.type, DQV.Dimension) if isinstance(s, URIRef)}


def test_the_copy_holds_the_eighteen_dimensions_of_the_survey() -> None:
    found = dimensions()
    assert len(found) == 18
    assert all(str(d).startswith(str(LDQD)) for d in found)


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_each_metric_names_a_dimension_w3c_defines(metric: str) -> None:
    dimension = METRICS[metric][0]
    assert dimension in dimensions(), f"{metric}: {dimension} is no dimension of {LDQD_FILE.name}"
