"""The build's vocabulary, worked out when the build is made: every property, class and datatype its data use, and
every term its own ontologies define (``rdfs:isDefinedBy``: the ``br:`` terms, the confidence levels), and the
properties whose every literal value has a language tag, with their languages. The SPARQL page reads them to say why
a query found nothing (:mod:`byregion.sparql.hints`: ``br:memberships`` is no term of the data; ``"Notodden"`` is
not ``"Notodden"@nb``) without looking at the graph per request.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyoxigraph as ox

from byregion.sparql.hints import namespace

#: The manifest's keys.
KEY = "vocabulary"
TAGGED_KEY = "language_tagged"

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


#: How many literal values each property has in each language (``""``: none, a plain string or another datatype).
_LANGUAGES = """
SELECT ?p ?language (COUNT(*) AS ?values)
WHERE { GRAPH ?g { ?s ?p ?o FILTER (isLiteral(?o)) } BIND (lang(?o) AS ?language) }
GROUP BY ?p ?language"""


def tagged(store: ox.Store) -> dict[str, list[str]]:
    """The properties whose every literal value in the data has a language tag (``skos:prefLabel``, ``dct:title``),
    each with its tags, the most used first (``nb``, ``en``, then the Sami languages of a few names): a query that
    asks one of them for a string without a tag finds nothing."""
    counts: dict[str, dict[str, int]] = {}
    solutions = store.query(_LANGUAGES)
    assert isinstance(solutions, ox.QuerySolutions)
    for solution in solutions:
        prop, language, values = solution["p"], solution["language"], solution["values"]
        if isinstance(prop, ox.NamedNode) and isinstance(language, ox.Literal) and isinstance(values, ox.Literal):
            counts.setdefault(prop.value, {})[language.value] = int(values.value)
    return {prop: sorted(by_language, key=lambda language: (-by_language[language], language))
            for prop, by_language in sorted(counts.items()) if "" not in by_language}


def write(store: ox.Store, folder: Path, manifest: dict[str, Any]) -> list[str]:
    """An artifact writer (:data:`byregion.build.writer.ARTIFACT_WRITERS`): the vocabulary and the tagged properties
    go in the manifest, no file."""
    manifest[KEY] = terms(store)
    manifest[TAGGED_KEY] = tagged(store)
    return []
