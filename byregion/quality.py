"""Data quality in W3C DQV: figures computed once per build, and the published validation report.

:func:`figures` (build time, stored as ``manifest["quality"]``) counts what a reuser wants to know
before trusting the data: how much of the text has an English translation, how many statements cite
their source, how many municipalities are linked to Wikidata, and what SHACL said.
:func:`quality_graph` turns those figures into ``dqv:QualityMeasurement`` resources on the dataset and
links the SHACL report (``report.ttl`` of the build, served at ``/validation``) as a quality annotation.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from byregion import i18n, uris
from byregion.build.since import content_version
from byregion.namespaces import BR, DQV, OA, PROV, SH, bind_prefixes, ontology_namespace
from byregion.store.convert import canonical

#: Linked-data quality dimensions (Zaveri et al.), as the DQV Note uses them: the 18 of W3C's ``ldqd.ttl``
#: (copied to ontology/vocab/; a metric names one of them, ``tests/test_quality_dimensions.py``).
LDQD = Namespace("http://www.w3.org/2016/05/ldqd#")

#: metric key → (dimension, datatype, nb label, en label)
METRICS: dict[str, tuple[URIRef, URIRef, str, str]] = {
    "english_share": (LDQD.completeness, XSD.decimal, "Andel utsagn med engelsk oversettelse",
                      "Share of statements with an English translation"),
    # how far a statement can be checked against its source: LDQD has no "verifiability" (Zaveri et al. fold it
    # into trustworthiness, "the degree to which the information is accepted to be correct … and credible")
    "provenance_share": (LDQD.trustworthiness, XSD.decimal, "Andel utsagn med kildehenvisning",
                         "Share of statements that cite their place in the source"),
    "municipalities_with_wikidata": (LDQD.interlinking, XSD.integer, "Kommuner lenket til Wikidata",
                                     "Municipalities linked to Wikidata"),
    "municipalities": (LDQD.completeness, XSD.integer, "Kommuner i datasettet", "Municipalities in the dataset"),
    "statements": (LDQD.completeness, XSD.integer, "Utsagn (mål, resultater, råd …)",
                   "Statements (goals, results, advice …)"),
    "shacl_violations": (LDQD.consistency, XSD.integer, "SHACL-brudd", "SHACL violations"),
    "shacl_warnings": (LDQD.consistency, XSD.integer, "SHACL-advarsler", "SHACL warnings"),
}

_COUNTS = """
PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT
  (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?en) AS ?english) (COUNT(DISTINCT ?src) AS ?sourced)
WHERE {
  ?class rdfs:subClassOf* br:RegionStatement . ?s a ?class .
  OPTIONAL { ?s schema:text ?t . FILTER(LANGMATCHES(LANG(?t), "en")) BIND(?s AS ?en) }
  OPTIONAL { ?s prov:wasDerivedFrom ?d . BIND(?s AS ?src) }
}"""
_MUNICIPALITIES = """
PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT (COUNT(DISTINCT ?m) AS ?all) (COUNT(DISTINCT ?wd) AS ?linked) WHERE {
  ?m a br:Municipality .
  OPTIONAL { ?m owl:sameAs ?w . FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) BIND(?m AS ?wd) }
}"""


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _counts(store: ox.Store, query: str) -> list[int]:
    """The one row of a counting SELECT over the union of the store's graphs."""
    solutions = store.query(query, use_default_graph_as_union=True)
    assert isinstance(solutions, ox.QuerySolutions)
    row = next(iter(solutions))
    return [int(value.value) if value is not None else 0 for value in row]


def figures(store: ox.Store, manifest: dict[str, Any]) -> dict[str, Any]:
    """Quality figures of the build's store (every graph; the ontology included). The queries count distinct
    nodes only, so a triple stated in several graphs counts once."""
    base = str(manifest["base_uri"])
    ours, theirs = str(BR), str(ontology_namespace(base))  # the queries' br: is the canonical base's
    statements, english, sourced = _counts(store, _COUNTS.replace(ours, theirs))
    towns = _counts(store, _MUNICIPALITIES.replace(ours, theirs))
    validation = manifest.get("validation", {})
    return {
        "statements": statements,
        "english_share": _share(english, statements),
        "provenance_share": _share(sourced, statements),
        "municipalities": int(towns[0]),
        "municipalities_with_wikidata": int(towns[1]),
        "shacl_violations": int(validation.get("violations", 0)),
        "shacl_warnings": int(validation.get("warnings", 0)),
    }


def figure_rows(figures: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The quality figures as a page shows them: each metric's name in ``lang`` (:data:`METRICS`) and its value as
    ``lang`` writes numbers, a share as a percentage."""
    rows = []
    for key, value in figures.items():
        _, datatype, nb, en = METRICS[key]
        if datatype == XSD.decimal:  # a share, 0 to 1
            shown = f"{i18n.number(round(float(value) * 100, 1), lang)}\u00a0%" if lang == "nb" \
                else f"{i18n.number(round(float(value) * 100, 1), lang)}%"
        else:
            shown = i18n.number(value, lang)
        rows.append((nb if lang == "nb" else en, shown))
    return rows


def quality_graph(manifest: dict[str, Any]) -> Graph:
    """DQV measurements and the SHACL-report annotation on the dataset (canonical IRIs)."""
    base = str(manifest["base_uri"])
    dataset = uris.dataset(base)
    # measured on this content: dated and named as its version is (a build of the same data is the same version)
    created = Literal(manifest.get("content_since") or manifest["created"], datatype=XSD.dateTime)
    version = content_version(manifest).version
    g = bind_prefixes(Graph())
    g.bind("ldqd", LDQD)
    for key, value in manifest["quality"].items():
        dimension, datatype, nb, en = METRICS[key]
        metric = uris.validation(f"metric-{key}", base)
        g.add((metric, RDF.type, DQV.Metric))
        g.add((metric, DQV.inDimension, dimension))
        g.add((metric, DQV.expectedDataType, datatype))
        g.add((metric, RDFS.label, Literal(nb, lang="nb")))
        g.add((metric, RDFS.label, Literal(en, lang="en")))
        measurement = uris.validation(key, base)
        g.add((dataset, DQV.hasQualityMeasurement, measurement))
        g.add((measurement, RDF.type, DQV.QualityMeasurement))
        g.add((measurement, DQV.computedOn, dataset))
        g.add((measurement, DQV.isMeasurementOf, metric))
        g.add((measurement, DQV.value, Literal(value, datatype=datatype)))
        g.add((measurement, DCTERMS.date, created))
    report = uris.validation(base=base)
    annotation = uris.validation("shacl", base)
    g.add((dataset, DQV.hasQualityAnnotation, annotation))
    g.add((annotation, RDF.type, DQV.QualityAnnotation))
    g.add((annotation, OA.hasTarget, dataset))
    g.add((annotation, OA.hasBody, report))
    g.add((annotation, OA.motivatedBy, DQV.qualityAssessment))
    g.add((annotation, DQV.inDimension, LDQD.consistency))
    # where the verdict was read, as the shapes ask of every quality annotation: the dataset it was computed on
    g.add((annotation, PROV.wasDerivedFrom, dataset))
    g.add((report, RDF.type, DQV.QualityMetadata))
    validation = manifest.get("validation", {})
    g.add((report, RDFS.label, Literal(
        f"SHACL-rapport for versjon {version}: "
        f"{'i samsvar' if validation.get('conforms') else 'ikke i samsvar'}, "
        f"{validation.get('warnings', 0)} advarsler", lang="nb")))
    g.add((report, RDFS.label, Literal(
        f"SHACL report of version {version}: "
        f"{'conforms' if validation.get('conforms') else 'does not conform'}, "
        f"{validation.get('warnings', 0)} warnings", lang="en")))
    return g


def validation_document(report: Graph, manifest: dict[str, Any]) -> Graph:
    """What ``/validation`` serves: the build's SHACL report, the DQV figures, and the link between them."""
    g = quality_graph(manifest)
    for triple in report:
        g.add(triple)
    base = str(manifest["base_uri"])
    annotation = uris.validation("shacl", base)
    for node in report.subjects(RDF.type, SH.ValidationReport):
        g.add((annotation, OA.hasBody, node))
        g.add((uris.validation(base=base), DCTERMS.hasPart, node))
    # pyshacl's report is blank nodes with random labels: labelled by their content instead, so that the same
    # verdict on the same data is the same document (its ETag, a crawler's store) from one build to the next; by
    # Oxigraph's RDFC-1.0, as report.ttl is: rdflib's to_canonical_graph had taken over half an hour on the 45,000
    # warnings of a million-triple build, which the build's own canonical report had taken seconds on
    return canonical(g)


def warning_rows(report: Graph) -> list[dict[str, str]]:
    """The SHACL results of a validation document as rows (severity, focus, path, message), sorted."""
    rows = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        rows.append({
            "severity": str(report.value(result, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            "focus": str(report.value(result, SH.focusNode) or ""),
            "path": str(report.value(result, SH.resultPath) or ""),
            "message": str(report.value(result, SH.resultMessage) or ""),
        })
    return sorted(rows, key=lambda r: (r["severity"], r["focus"], r["path"]))
