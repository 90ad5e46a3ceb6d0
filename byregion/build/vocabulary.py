"""The build's vocabulary, worked out when the build is made: every property, class and datatype its data use, and
every term its own ontologies define (``rdfs:isDefinedBy``: the ``br:`` terms, the confidence levels). The SPARQL
page reads it to say why a query found nothing (:mod:`byregion.sparql.hints`: ``br:memberships`` is no term of the
data) without looking at the graph per request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

#: The manifest's key.
KEY = "vocabulary"

_QUERY = """
SELECT DISTINCT ?term WHERE {
  { GRAPH ?g { ?s ?term ?o } }
  UNION { GRAPH ?g { ?s a ?term } }
  UNION { GRAPH ?g { ?term <http://www.w3.org/2000/01/rdf-schema#isDefinedBy> ?o } }
  UNION { GRAPH ?g { ?s ?p ?o FILTER (isLiteral(?o)) } BIND (datatype(?o) AS ?term) }
  FILTER (isIRI(?term))
}"""


def terms(store: ox.Store) -> list[str]:
    """The vocabulary's IRIs, sorted (a few hundred: it grows with the ontologies, not with the data)."""
    solutions = store.query(_QUERY)
    assert isinstance(solutions, ox.QuerySolutions)
    return sorted({solution["term"].value for solution in solutions if isinstance(solution["term"], ox.NamedNode)})


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """An artifact writer (:data:`byregion.build.writer.ARTIFACT_WRITERS`): the vocabulary goes in the manifest,
    no file."""
    manifest[KEY] = terms(store)
    return []
