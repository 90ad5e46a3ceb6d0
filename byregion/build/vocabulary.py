"""The build's vocabulary, worked out when the build is made: every property, class and datatype its data use, and
every term its own ontologies define (``rdfs:isDefinedBy``: the ``br:`` terms, the confidence levels). The SPARQL
page reads it to say why a query found nothing (:mod:`byregion.sparql.hints`: ``br:memberships`` is no term of the
data) without looking at the graph per request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from byregion.sparql.hints import namespace

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


#: The IRIs the data hold as objects: those in a namespace of the vocabulary are terms too (schema:AdministrativeArea
#: as a class's superclass, spdx:checksumAlgorithm_sha256, rdf:nil), the rest things of the data.
_OBJECTS = "SELECT DISTINCT ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER (isIRI(?o)) }"


def _iris(store: ox.Store, query: str) -> set[str]:
    solutions = store.query(query)
    assert isinstance(solutions, ox.QuerySolutions)
    return {solution[0].value for solution in solutions if isinstance(solution[0], ox.NamedNode)}


def terms(store: ox.Store) -> list[str]:
    """The vocabulary's IRIs, sorted (a few hundred: it grows with the ontologies, not with the data)."""
    found = _iris(store, _QUERY)
    namespaces = {namespace(term) for term in found}
    return sorted(found | {iri for iri in _iris(store, _OBJECTS) if namespace(iri) in namespaces})


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """An artifact writer (:data:`byregion.build.writer.ARTIFACT_WRITERS`): the vocabulary goes in the manifest,
    no file."""
    manifest[KEY] = terms(store)
    return []
