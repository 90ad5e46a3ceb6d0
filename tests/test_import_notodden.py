"""The Notodden page, imported: nothing lost, facts typed, provenance exact, output reproducible.

These tests read the committed source, region graph, curation, themes and reference data, so
they also fail when one of those drifts from the others.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from byregion import REPO_ROOT, programme
from byregion.importer import import_document
from byregion.importer.headings import match_heading
from byregion.importer.rdf import KIND_NAMES
from byregion.namespaces import BR, OA, QUDT, SCHEMA, UNIT

pytestmark = pytest.mark.fast

SOURCE = REPO_ROOT / "data/sources/notodden.txt"
REGION = REPO_ROOT / "data/regions/notodden.ttl"
CURATION = REPO_ROOT / "data/curation/notodden.ttl"
REFERENCE = REPO_ROOT / "data/reference/norway.ttl"
THEMES = REPO_ROOT / "ontology/themes.ttl"
ID = "https://data.byregion.no/id/"
BULLET = re.compile(r"^\s*(?:•|\d+\.)\s+")


def _graph(path: Path) -> Graph:
    return Graph().parse(path, format="turtle")


@pytest.fixture(scope="module")
def imported() -> Graph:
    """The page imported as `byregion import` imports it: with the programme's list, which names its region and
    where the page was published (the source document's dct:source)."""
    return import_document(SOURCE.read_bytes(), reference=_graph(REFERENCE), themes=_graph(THEMES),
                           programme=programme.read(REPO_ROOT / "data/programme")).graph


@pytest.fixture(scope="module")
def region() -> Graph:
    return _graph(REGION)


def _nb(graph: Graph) -> list[str]:
    return [str(o) for o in graph.objects() if isinstance(o, Literal) and o.language == "nb"]


def test_reimport_is_isomorphic_to_the_committed_region(imported: Graph, region: Graph) -> None:
    assert isomorphic(imported, region), "data/regions/notodden.ttl is stale: re-run `byregion import`"


def test_the_source_document_names_the_page_it_was_published_at(region: Graph) -> None:
    """Every quoted sentence traces to our copy of the page (schema:url) and through it to the publisher's page,
    as the programme's list gives it (dct:source), not only to a file of ours."""
    source = URIRef(ID + "source/notodden")
    assert set(region.objects(source, DCTERMS.source)) == {URIRef("https://distriktssenteret.no/artikkel/notodden/")}


def test_every_heading_is_a_literal_and_every_sentence_is_in_one(region: Graph) -> None:
    lines = [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]
    literals = _nb(region)
    headings = [line for line in lines[1:] if match_heading(line)]
    assert len(headings) == 7  # Mål, Resultater, råd, Dette jobber, Utdrag, Dokumenter, Fakta
    assert lines[0] in literals  # the title
    for heading in headings:
        assert heading in literals, heading
    facts_at = lines.index(headings[-1])
    body = [BULLET.sub("", line) for line in lines[1:facts_at] if line not in headings]
    sentences = [s for line in body for s in re.split(r"(?<=[.?!])\s+", line)]
    assert len(sentences) >= 30
    for sentence in sentences:
        assert any(sentence in literal for literal in literals), sentence
    for line in lines[facts_at + 1:]:  # "Label: value" or "Label: name, name, …": each part exact
        label, value = line.split(": ")
        assert label in literals and (value in literals or all(n in literals for n in value.split(", ")))


def test_facts_are_typed_values(region: Graph) -> None:
    population = URIRef(ID + "region/notodden/population")
    area = URIRef(ID + "region/notodden/area")
    value = region.value(population, SCHEMA.value)
    assert value.datatype == XSD.integer and value.toPython() == 54165
    date = region.value(population, DCTERMS.date)
    assert date.datatype == XSD.date and date.toPython() == dt.date(2015, 1, 1)
    assert region.value(URIRef(ID + "region/notodden"), BR.referenceDate) == date
    number = region.value(area, QUDT.numericValue)
    assert number.datatype == XSD.decimal and number.toPython() == Decimal(5150)
    assert region.value(area, QUDT.unit) == UNIT.KiloM2
    assert str(region.value(area, SCHEMA.text)) == "5.150 km²"
    # labelled in both languages, as the programme table's figures are; the page's own words stay the title; the
    # day in words, as a sentence writes it (a Norwegian editor read "Folketall i Notodden 2015-01-01"), and the
    # area "for" the region ("Areal av Notodden" is no Norwegian)
    assert {(x.language, str(x)) for x in region.objects(population, RDFS.label)} == {
        ("nb", "Folketall i Notodden 1. januar 2015"), ("en", "Population of Notodden on 1 January 2015")}
    assert {(x.language, str(x)) for x in region.objects(area, RDFS.label)} == {
        ("nb", "Areal for Notodden"), ("en", "Area of Notodden")}
    assert str(region.value(population, DCTERMS.title)) == "Folketall i regionen"


def test_memberships_resolve_to_reference_municipalities(region: Graph) -> None:
    reference = _graph(REFERENCE)
    memberships = sorted(region.objects(URIRef(ID + "region/notodden"), BR.membership),
                         key=lambda m: int(region.value(m, SCHEMA.position)))
    names = [str(region.value(m, SCHEMA.text)) for m in memberships]
    assert names == ["Notodden", "Kongsberg", "Sauherad", "Tinn", "Hjartdal", "Seljord"]
    roles = [region.value(m, ORG.role) for m in memberships]
    assert roles == [BR.applicant] + [BR.partner] * 5
    for name, membership in zip(names, memberships, strict=True):
        member = region.value(membership, ORG.member)
        assert (member, RDF.type, BR.Municipality) in reference, name
        assert name in {str(label) for label in reference.objects(member, SKOS.prefLabel)}


def test_provenance_offsets_point_at_the_text(region: Graph) -> None:
    text = SOURCE.read_text(encoding="utf-8")
    lines = text.split("\n")
    source_doc = URIRef(ID + "source/notodden")
    checked = 0
    for item, target in region.subject_objects(PROV.wasDerivedFrom):
        assert region.value(target, OA.hasSource) == source_doc
        selector = region.value(target, OA.hasSelector)
        assert (selector, RDF.type, OA.TextPositionSelector) in region
        start, end = (int(region.value(selector, p)) for p in (OA.start, OA.end))
        line = int(region.value(selector, BR.line))
        quoted = str(region.value(item, SCHEMA.text) or region.value(item, DCTERMS.title))
        assert text[start:end] == quoted
        assert quoted.startswith(lines[line - 1].strip()[:20]) or quoted in lines[line - 1]
        checked += 1
    statements = set(region.subjects(BR.region, None))
    assert checked >= len(statements) + 7 + 2 + 6  # statements, sections, figures, memberships


def test_positions_follow_document_order(region: Graph) -> None:
    ordered = []
    for item, position in region.subject_objects(SCHEMA.position):
        if (item, RDF.type, ORG.Membership) in region:
            continue
        selector = region.value(region.value(item, PROV.wasDerivedFrom), OA.hasSelector)
        ordered.append((int(region.value(selector, OA.start)), int(position)))
    positions = [p for _, p in sorted(ordered)]
    assert positions == list(range(1, len(positions) + 1))


def test_advice_keeps_title_and_explanation_apart(region: Graph) -> None:
    advice = URIRef(ID + "region/notodden/advice/2")
    assert str(region.value(advice, DCTERMS.title)) == "Tillit og unne hverandre suksess"
    assert str(region.value(advice, DCTERMS.description)).startswith("bli enige om hvor man samarbeider")
    whole = str(region.value(advice, SCHEMA.text))
    assert whole == f"{region.value(advice, DCTERMS.title)}, {region.value(advice, DCTERMS.description)}"


def test_source_document_records_checksum_and_empty_documents_section(region: Graph) -> None:
    source_doc = URIRef(ID + "source/notodden")
    assert str(region.value(source_doc, BR.sha256)) == hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    documents = [s for s in region.subjects(BR.sectionKind, BR.DocumentsSection)]
    assert [str(region.value(s, DCTERMS.title)) for s in documents] == ["Dokumenter"]


def test_curation_translates_every_text_and_tags_every_statement(region: Graph) -> None:
    curation = _graph(CURATION)
    themes = _graph(THEMES)
    graph_iri = URIRef("https://data.byregion.no/graph/curation/notodden")
    assert (graph_iri, DCTERMS.type, BR.ProjectTranslation) in curation
    assert curation.value(graph_iri, PROV.wasAttributedTo) == URIRef(ID + "organisation/byregion-lod")
    for prop in (SCHEMA.text, DCTERMS.title, DCTERMS.description, SKOS.prefLabel):
        for item, value in region.subject_objects(prop):
            if value.language == "nb" and (item, RDF.type, BR.Municipality) not in region:
                english = [v for v in curation.objects(item, prop) if v.language == "en"]
                assert len(english) == 1 and str(english[0]).strip(), (item, prop)
    for item in set(curation.subjects()) - {graph_iri}:  # curation never invents IRIs
        assert (item, None, None) in region, item
    for statement in region.subjects(BR.region, None):
        tags = set(region.objects(statement, DCTERMS.subject)) | set(curation.objects(statement, DCTERMS.subject))
        assert tags, statement
        for tag in tags:
            assert (tag, SKOS.inScheme, URIRef(ID + "scheme/themes")) in themes, tag


def test_statements_and_memberships_are_labelled_as_their_pages_are_titled(region: Graph) -> None:
    """A linked-data client that shows names shows one for every statement and membership too, in both languages,
    in the words that title its page (byregion.titles): the kind, number and region, or member and region."""
    assert set(region.objects(URIRef(ID + "region/notodden/goal/2"), RDFS.label)) == {
        Literal("Mål 2 – Notodden", lang="nb"), Literal("Goal 2 – Notodden", lang="en")}
    assert set(region.objects(URIRef(ID + "region/notodden/membership/kongsberg"), RDFS.label)) == {
        Literal("Kongsberg i Notodden", lang="nb"), Literal("Kongsberg in Notodden", lang="en")}
    unnamed = {s for cls in (*KIND_NAMES, ORG.Membership) for s in region.subjects(RDF.type, cls)
               if {label.language for label in region.objects(s, RDFS.label)} != {"nb", "en"}}
    assert not unnamed


def test_the_statements_kinds_are_named_as_the_ontology_names_them() -> None:
    ontology = _graph(REPO_ROOT / "ontology/byregion.ttl")
    for cls, (nb, en) in KIND_NAMES.items():
        assert set(ontology.objects(cls, RDFS.label)) == {Literal(nb, lang="nb"), Literal(en, lang="en")}, cls
