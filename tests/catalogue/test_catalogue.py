"""/catalog is a DCAT-AP 3.0.1 and DCAT-AP-NO 2 catalogue generated from the build (issue 6, points 1, 3, 7)."""

from __future__ import annotations

import re
from collections import Counter
from html import escape
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from pyshacl import validate
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.dcat.norway import sources_of
from byregion.namespaces import DCATAP, EU_ACCESS, EU_LICENCE, EU_THEME, LOS, SPDX, VCARD
from byregion.settings import Settings
from byregion.web.app import create_app

pytestmark = pytest.mark.slow  # a real build of the repository's data

DCAT = Namespace("http://www.w3.org/ns/dcat#")
EXTERNAL = REPO_ROOT / "shapes" / "external"
BASE = "https://data.byregion.no"
AP3 = [EXTERNAL / "dcat-ap-3.0.1" / name for name in
       ("shapes.ttl", "shapes_recommended.ttl", "range.ttl", "mdr-vocabularies.shape.ttl", "deprecateduris.ttl")]
NO2 = [EXTERNAL / "dcat-ap-no-2" / "DCAT-AP-NO-shacl_shapes_2.00.ttl"]

#: Where the profiles contradict each other DCAT-AP 3.0.1 wins; these results are expected, nothing else.
KNOWN_CONFLICTS = {
    # DCAT-AP-NO 2 wants dcat:byteSize as xsd:decimal, DCAT-AP 3.0.1 as xsd:nonNegativeInteger.
    ("NO2", str(DCAT.byteSize), str(SH.DatatypeConstraintComponent)),
    # DCAT-AP-NO 2 admits only SHA-1 checksums; we publish SHA-256 as DCAT-AP 3.0.1 allows.
    ("NO2", str(SPDX.algorithm), str(SH.HasValueConstraintComponent)),
}


def _graph(files: list[Path]) -> Graph:
    graph = Graph()
    for path in files:
        graph.parse(path, format="xml" if path.suffix == ".rdf" else "turtle")
    return graph


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return _graph(sorted((EXTERNAL / "vocab").iterdir()))


def dereferenced(catalogue: Graph, vocabularies: Graph) -> Graph:
    """The catalogue plus what a harvester gets by dereferencing each vocabulary IRI in it."""
    data = Graph()
    data += catalogue
    for node in set(catalogue.all_nodes()):
        for triple in vocabularies.triples((node, None, None)):
            data.add(triple)
    return data


def results(data: Graph, shapes: list[Path]) -> list[tuple[str, str, str, str]]:
    """Top-level SHACL results as (severity, path, component, focus)."""
    _conforms, report, _text = validate(data, shacl_graph=_graph(shapes), inference="none", allow_warnings=True)
    out = []
    for result in report.objects(None, SH.result):
        out.append((str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                    str(report.value(result, SH.resultPath)), str(report.value(result, SH.sourceConstraintComponent)),
                    str(report.value(result, SH.focusNode))))
    return out


@pytest.mark.parametrize(("path", "media_type"), [("/catalog", "text/turtle"), ("/catalog", "application/ld+json"),
                                                   ("/dataset", "text/turtle")])
def test_catalogue_validates_against_dcat_ap_3_and_dcat_ap_no_2(client: FlaskClient, vocabularies: Graph,
                                                                 path: str, media_type: str) -> None:
    """The harvested catalogue, and the dataset's document with every earlier version described."""
    response = client.get(path, headers={"Accept": media_type})
    assert response.status_code == 200 and response.mimetype == media_type
    catalogue = Graph().parse(data=response.data, format="turtle" if "turtle" in media_type else "json-ld")
    data = dereferenced(catalogue, vocabularies)
    distributions = len(set(catalogue.subjects(DCAT.downloadURL, None)))  # the conflicts are of files
    for profile, shapes in (("AP3", AP3), ("NO2", NO2)):
        violations = [r for r in results(data, shapes) if r[0] == "Violation"]
        unexpected = [r for r in violations if (profile, r[1], r[2]) not in KNOWN_CONFLICTS]
        assert unexpected == [], f"{profile}: {unexpected}"
        # each known conflict fires once per distribution, no more (so no other rule hides behind it)
        counts = Counter((profile, r[1], r[2]) for r in violations)
        assert all(n == distributions for n in counts.values()), counts


@pytest.mark.parametrize(("path", "media_type"), [("/catalog", "text/turtle"), ("/catalog", "application/ld+json"),
                                                   ("/dataset", "application/n-triples")])
def test_a_harvester_asking_for_dcat_ap_gets_the_catalogue_that_conforms_to_it(client: FlaskClient, path: str,
                                                                               media_type: str) -> None:
    """DCAT-AP 3.0.1 asked for by its IRI (``Accept-Profile: <http://data.europa.eu/r5r/>``) or as
    ``?_profile=dcat-ap``: the catalogue the test above validates against its shapes, the same bytes, under the
    ``dcat-ap`` profile's name (docs/catalogue.md); it had been a 406."""
    asked = client.get(path, headers={"Accept": media_type, "Accept-Profile": "<http://data.europa.eu/r5r/>"})
    assert asked.status_code == 200 and asked.mimetype == media_type
    assert asked.headers["Content-Profile"] == "<https://data.byregion.no/id/profile/dcat-ap>"
    assert asked.data == client.get(f"{path}?_profile=dcat-ap", headers={"Accept": media_type}).data
    assert asked.data == client.get(path, headers={"Accept": media_type}).data


@pytest.mark.parametrize(("path", "media_type"), [("/catalog", "text/turtle"), ("/catalog", "application/rdf+xml"),
                                                   ("/dataset", "application/ld+json")])
def test_the_dcat_ap_no_profile_meets_dcat_ap_no_2_and_changes_only_what_they_disagree_on(
        client: FlaskClient, vocabularies: Graph, path: str, media_type: str) -> None:
    """For data.norge.no's validator the catalogue has a profile of its own (``?_profile=dcat-ap-no``, or
    ``Accept-Profile`` with the specification's IRI): DCAT-AP-NO 2's shapes find no violation in it, and it is the
    default catalogue but for the byte sizes' datatype, the checksums and the upstream datasets as sources
    (docs/catalogue.md)."""
    formats = {"text/turtle": "turtle", "application/rdf+xml": "xml", "application/ld+json": "json-ld"}
    asked = client.get(path, headers={"Accept": media_type,
                                      "Accept-Profile": "<https://data.norge.no/specification/dcat-ap-no>"})
    assert asked.status_code == 200 and asked.mimetype == media_type
    assert asked.headers["Content-Profile"] == "<https://data.byregion.no/id/profile/dcat-ap-no>"
    by_token = client.get(f"{path}?_profile=dcat-ap-no", headers={"Accept": media_type})
    assert by_token.data == asked.data
    norway = Graph().parse(data=asked.data, format=formats[media_type])
    violations = [r for r in results(dereferenced(norway, vocabularies), NO2) if r[0] == "Violation"]
    assert violations == [], violations
    default = Graph().parse(data=client.get(path, headers={"Accept": media_type}).data, format=formats[media_type])
    checksums = set(default.objects(None, SPDX.checksum))
    assert checksums and not set(norway.objects(None, SPDX.checksum))
    algorithms = {a for c in checksums for a in default.objects(c, SPDX.algorithm)}
    expected = Graph()
    for s, p, o in default:  # the default catalogue as the profile should change it, and nothing else
        if p == DCAT.byteSize:
            expected.add((s, p, Literal(str(o), datatype=XSD.decimal)))
        elif p != SPDX.checksum and s not in checksums and s not in algorithms:
            expected.add((s, p, o))
    for dataset, upstream in sources_of(default):  # DCAT-AP-NO's "kilde": a dct:source, a dcat:Dataset
        expected.add((dataset, DCTERMS.source, upstream))
        expected.add((upstream, RDF.type, DCAT.Dataset))
    assert len(list(expected.triples((None, DCAT.byteSize, None)))) == len(checksums)
    assert isomorphic(expected, norway)


#: The tables of controlled values the catalogue uses of which no copy is kept (shapes/external/SOURCES.md): their
#: values are checked by name in test_catalogue_has_every_mandatory_and_recommended_property, not against a table.
TABLES_WITHOUT_A_COPY = {
    "http://publications.europa.eu/resource/authority/language",
    "http://publications.europa.eu/resource/authority/country",
    "http://publications.europa.eu/resource/authority/file-type",
    "http://purl.org/adms/licencetype/1.0",
    "http://purl.org/adms/publishertype/1.0",  # ADMS's publisher types: no copy in the standards we keep
}


def test_every_controlled_value_is_in_its_table_by_the_tables_own_word(client: FlaskClient,
                                                                        vocabularies: Graph) -> None:
    """The catalogue places each value it uses in its table (``skos:inScheme``), so that a harvester validates it
    without fetching the tables; here each is checked against the copy of that table, not the catalogue's word:
    a made-up licence or theme fails, and so does a label in a language the table has one in that is not the
    table's."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    placed = set(g.subject_objects(SKOS.inScheme))
    assert placed, "the catalogue places no value in a table"
    held = {str(o) for o in vocabularies.objects(None, SKOS.inScheme)}
    for value, table in placed:
        if str(table) in TABLES_WITHOUT_A_COPY:
            continue
        assert str(table) in held, f"{table}: no copy of this table; keep one or name it in TABLES_WITHOUT_A_COPY"
        assert (value, SKOS.inScheme, table) in vocabularies, f"{value} is not in {table}"
        theirs = {(label.language, str(label)) for label in vocabularies.objects(value, SKOS.prefLabel)
                  if label.language in ("nb", "en")}
        told = {language for language, _ in theirs}  # a language the table has no label in is ours to give
        ours = {(label.language, str(label)) for label in g.objects(value, SKOS.prefLabel) if label.language in told}
        assert ours <= theirs, f"{value}: the labels {ours - theirs} are not the table's"


def test_the_sparql_endpoint_is_a_distribution_naming_its_data_service(client: FlaskClient) -> None:
    """ckanext-dcat, as DCAT-AP 3, finds a data service through a distribution's ``dcat:accessService``."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    dataset, service = URIRef(f"{BASE}/dataset"), URIRef(f"{BASE}/catalog#sparql")
    (endpoint,) = [d for d in g.objects(dataset, DCAT.distribution) if g.value(d, DCAT.accessService) is not None]
    assert g.value(endpoint, DCAT.accessService) == service
    assert g.value(endpoint, DCAT.accessURL) == g.value(service, DCAT.endpointURL) == URIRef(f"{BASE}/sparql")
    assert g.value(endpoint, DCAT.downloadURL) is None
    # a format, as DCAT-AP 3 recommends of every distribution: the EU file type ckanext-dcat reads as "sparql"
    assert g.value(endpoint, DCTERMS.format) == URIRef("http://publications.europa.eu/resource/authority/file-type/SPARQLQ")
    assert (service, DCAT.servesDataset, dataset) in g
    assert {t.language for t in g.objects(endpoint, DCTERMS.title)} == {"nb", "en"}
    assert g.value(endpoint, DCTERMS.license) == g.value(dataset, DCTERMS.license)
    answer = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200 and answer.json == {"head": {}, "boolean": True}


def test_the_triples_the_texts_count_are_the_ones_void_counts(client: FlaskClient) -> None:
    """The dataset's description and page give its distinct triples, as VoID does (a triple two named graphs
    state is one triple), not its statements."""
    void = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    counted = int(void.value(URIRef(f"{BASE}/dataset"), Namespace("http://rdfs.org/ns/void#").triples))
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    descriptions = {d.language: str(d) for d in g.objects(URIRef(f"{BASE}/dataset"), DCTERMS.description)}
    grouped = {"en": f"{counted:,}", "nb": f"{counted:,}".replace(",", "\u00a0")}  # as each language writes it
    assert all(f"({grouped[lang]} " in descriptions[lang] for lang in grouped), (counted, descriptions)
    for lang, written in grouped.items():
        assert f">{written}<" in client.get("/dataset.html", headers={"Accept-Language": lang}).text


def test_the_description_claims_page_text_only_for_the_regions_whose_page_is_imported(client: FlaskClient) -> None:
    """Every region of the data is named, but goals, results, advice and the source of every sentence only for
    those with an imported page (the test site's Notodden); it once claimed them for every region it listed."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    descriptions = {d.language: str(d) for d in g.objects(URIRef(f"{BASE}/dataset"), DCTERMS.description)}
    assert "whose page is imported (Notodden) their goals" in descriptions["en"], descriptions["en"]
    assert "hvis side er lest inn (Notodden) målene" in descriptions["nb"], descriptions["nb"]


def test_catalogue_has_every_mandatory_and_recommended_property(client: FlaskClient, built: PublishedBuild) -> None:
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    manifest = built.manifest
    catalogue, dataset = URIRef(f"{BASE}/catalog"), URIRef(f"{BASE}/dataset")
    assert (catalogue, DCAT.dataset, dataset) in g and (catalogue, RDF.type, DCAT.Catalog) in g
    for subject in (catalogue, dataset):
        for predicate in (DCTERMS.title, DCTERMS.description):
            assert {o.language for o in g.objects(subject, predicate)} == {"nb", "en"}, (subject, predicate)
        assert g.value(subject, DCTERMS.identifier) is not None
        assert g.value(subject, DCAT.contactPoint) is not None
        assert g.value(subject, DCTERMS.license) == EU_LICENCE.NLOD_2_0
    publisher = g.value(dataset, DCTERMS.publisher)
    assert publisher == URIRef(f"{BASE}/id/organisation/byregion-lod")
    assert (publisher, RDF.type, FOAF.Agent) in g and g.value(publisher, FOAF.name) is not None
    contact = g.value(dataset, DCAT.contactPoint)
    assert (contact, RDF.type, VCARD.Organization) in g and g.value(contact, VCARD.fn) is not None
    themes = set(g.objects(dataset, DCAT.theme))
    assert any(str(t).startswith(str(EU_THEME)) for t in themes) and any(str(t).startswith(str(LOS)) for t in themes)
    keywords = set(g.objects(dataset, DCAT.keyword))
    assert len(keywords) >= 2 and {k.language for k in keywords} == {"nb", "en"}
    # each a tag for CKAN: ckanext-dcat cuts a keyword at its commas, and CKAN refuses a dataset whose tag holds
    # a character outside [\w .-] ("R&D" once did)
    assert all(re.fullmatch(r"[\w .-]+", str(k)) for k in keywords), [str(k) for k in keywords]
    spatial = set(g.objects(dataset, DCTERMS.spatial))
    facts = manifest["dcat"]
    assert {URIRef(r["iri"]) for r in facts["regions"] + facts["municipalities"]} <= spatial
    assert URIRef(f"{BASE}/id/region/notodden") in spatial
    period = g.value(dataset, DCTERMS.temporal)
    assert g.value(period, DCAT.startDate) == Literal("2014-01-01", datatype=XSD.date)
    assert g.value(period, DCAT.endDate) == Literal("2018-12-31", datatype=XSD.date)
    assert g.value(dataset, DCTERMS.accessRights) is not None
    created = Literal(manifest["created"], datatype=XSD.dateTime)
    assert g.value(dataset, DCTERMS.modified) == created and g.value(catalogue, DCTERMS.modified) == created
    assert g.value(dataset, DCTERMS.issued) == Literal(manifest["history"][-1]["created"], datatype=XSD.dateTime)
    assert g.value(dataset, DCTERMS.conformsTo) == URIRef(f"{BASE}/def/byregion")
    taxonomies = set(g.objects(catalogue, DCAT.themeTaxonomy))
    assert URIRef("http://publications.europa.eu/resource/authority/data-theme") in taxonomies
    assert URIRef(f"{BASE}/id/scheme/themes") in taxonomies
    assert all((t, RDF.type, SKOS.ConceptScheme) in g for t in taxonomies)


def test_publisher_organisation_number_is_read_from_the_graph(built: PublishedBuild) -> None:
    from byregion import dcat

    manifest = dict(built.manifest)
    assert manifest["dcat"]["publisher"]["organisation_number"] is None  # none in our sources: none invented
    g = dcat.catalogue_graph(manifest)
    assert g.value(URIRef(f"{BASE}/id/organisation/byregion-lod"), DCTERMS.identifier) is None
    manifest["dcat"] = dict(manifest["dcat"], publisher=dict(manifest["dcat"]["publisher"],
                                                              organisation_number="123456789"))
    g = dcat.catalogue_graph(manifest)
    assert g.value(URIRef(f"{BASE}/id/organisation/byregion-lod"), DCTERMS.identifier) == Literal("123456789")


def test_sparql_endpoint_is_a_data_service(client: FlaskClient) -> None:
    g = Graph().parse(data=client.get("/catalog", headers={"Accept": "text/turtle"}).data, format="turtle")
    service = g.value(URIRef(f"{BASE}/catalog"), DCAT.service)
    assert (service, RDF.type, DCAT.DataService) in g
    assert g.value(service, DCAT.endpointURL) == URIRef(f"{BASE}/sparql")
    assert g.value(service, DCAT.endpointDescription) is not None
    assert g.value(service, DCAT.servesDataset) == URIRef(f"{BASE}/dataset")
    assert g.value(service, DCTERMS.conformsTo) == URIRef("https://www.w3.org/TR/sparql11-protocol/")
    keywords = {k.language for k in g.objects(service, DCAT.keyword)}
    assert keywords == {"nb", "en"}  # a Norwegian portal shows the Bokmål ones: they had been English only
    assert {t.language for t in g.objects(service, DCTERMS.title)} == {"nb", "en"}


def test_versions_come_from_the_manifest_history(client: FlaskClient, built: PublishedBuild) -> None:
    """/dataset describes every earlier build as a version, by what is known of it (its version, date and content
    hash), never by the current build's places, keywords or regions, which need not be its own."""
    g = Graph().parse(data=client.get("/dataset.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    manifest = built.manifest
    assert g.value(dataset, DCAT.version) == Literal(manifest["version"])
    assert g.value(dataset, OWL.versionInfo) == Literal(manifest["version"])  # DCAT-AP-NO 2's (and CKAN's AP 2)
    previous = URIRef(f"{BASE}/dataset#version-{manifest['previous_version']}")
    assert g.value(dataset, DCAT.previousVersion) == previous
    versions = {URIRef(f"{BASE}/dataset#version-{h['version']}") for h in manifest["history"]}
    assert set(g.objects(dataset, DCAT.hasVersion)) == versions
    assert g.value(previous, DCAT.version) == g.value(previous, OWL.versionInfo) == Literal(
        manifest["history"][0]["version"])
    assert g.value(previous, DCTERMS.issued) == Literal(manifest["history"][0]["created"], datatype=XSD.dateTime)
    for version in versions:
        assert g.value(version, DCTERMS.isVersionOf) == dataset
        assert {p for p in (DCTERMS.spatial, DCAT.keyword, DCTERMS.temporal, DCTERMS.relation)
                if g.value(version, p) is not None} == set()
        assert {d.language for d in g.objects(version, DCTERMS.description)} == {"nb", "en"}


def test_the_harvested_catalogue_names_the_previous_version_and_describes_none(
        client: FlaskClient, built: PublishedBuild) -> None:
    """ckanext-dcat makes a CKAN dataset of every dcat:Dataset in what it harvests: one per build would pile up, so
    /catalog keeps the chain's first link and leaves the versions to /dataset."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    previous = URIRef(f"{BASE}/dataset#version-{built.manifest['previous_version']}")
    assert g.value(dataset, DCAT.previousVersion) == previous
    assert (previous, None, None) not in g and g.value(dataset, DCAT.hasVersion) is None
    assert not [s for s in g.subjects(RDF.type, DCAT.Dataset) if "#version-" in str(s)]


def test_rdf_keeps_canonical_iris_on_any_host(client: FlaskClient) -> None:
    body = client.get("/catalog.ttl", base_url="http://mirror.example:8000").data.decode()
    assert "mirror.example" not in body and f"<{BASE}/dumps/" in body


def test_catalogue_parses_in_every_format_a_harvester_reads(client: FlaskClient) -> None:
    """ckanext-dcat reads Turtle, RDF/XML and JSON-LD; each must give the same graph, with download URLs (but on
    the SPARQL endpoint's distribution, which names its service instead)."""
    from rdflib.compare import isomorphic

    graphs = {ext: Graph().parse(data=client.get(f"/catalog.{ext}").data, format=fmt)
              for ext, fmt in (("ttl", "turtle"), ("rdf", "xml"), ("jsonld", "json-ld"), ("nt", "nt"))}
    for ext, graph in graphs.items():
        assert isomorphic(graph, graphs["ttl"]), ext
        for distribution in graph.subjects(RDF.type, DCAT.Distribution):
            if graph.value(distribution, DCAT.accessService) is not None:
                continue
            assert graph.value(distribution, DCAT.downloadURL) is not None
            assert graph.value(distribution, DCTERMS.format) is not None
            assert graph.value(distribution, DCAT.mediaType) is not None


def test_what_data_norge_no_and_ckan_read_is_on_every_described_resource(client: FlaskClient,
                                                                        vocabularies: Graph) -> None:
    """Identifier, publisher with a name, a contact point that can be reached, EU access rights; and
    geometry on every region and municipality, so DCAT-AP asks for bbox/centroid only on EU's Norway."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    catalogue = URIRef(f"{BASE}/catalog")
    dataset, service = URIRef(f"{BASE}/dataset"), g.value(catalogue, DCAT.service)
    datasets = set(g.objects(catalogue, DCAT.dataset))
    assert dataset in datasets and len(datasets) > 1  # the tables of numbers are datasets too
    for subject in (catalogue, *datasets, service):
        assert g.value(subject, DCTERMS.identifier) == Literal(str(subject)), subject
        publisher = g.value(subject, DCTERMS.publisher)
        names = {n.language for n in g.objects(publisher, FOAF.name) if isinstance(n, Literal)}
        assert names == {"nb", "en"}, subject
        contact = g.value(subject, DCAT.contactPoint)
        assert g.value(contact, VCARD.hasEmail) or g.value(contact, VCARD.hasURL), subject
    for subject in (*datasets, service, *g.subjects(RDF.type, DCAT.Distribution)):
        assert g.value(subject, DCTERMS.accessRights) == EU_ACCESS.PUBLIC, subject
    ours = {s for s in g.objects(dataset, DCTERMS.spatial) if str(s).startswith(BASE)}
    geometry_warnings = {r[3] for r in results(dereferenced(g, vocabularies), AP3)
                         if r[1] in (str(DCAT.bbox), str(DCAT.centroid))}
    assert ours and not geometry_warnings & {str(s) for s in ours}


# ------------------------------------------------------------------------ the boundaries' source and attribution

KARTVERKET_DATASETS = {
    URIRef("https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter/"
           "041f1e6e-bdbc-4091-b48f-8a5990f3cc5b"),
    URIRef("https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter-fylker/"
           "6093c8a8-fa80-11e6-bc64-92361f002671"),
}
#: The dataset's other upstream sources the repository's data cites (byregion.dcat.sources.OTHER_UPSTREAM): SSB's
#: KLASS 131, KLASS 582's correspondence and table 07459, Wikidata, and Distriktssenteret's region pages.
OTHER_SOURCES = {URIRef(iri) for iri in (
    "https://www.ssb.no/klass/klassifikasjoner/131", "https://www.ssb.no/klass/klassifikasjoner/582/korrespondanser/1236",
    "https://www.ssb.no/statbank/table/07459", "https://www.wikidata.org/", "https://distriktssenteret.no/")}
CC_BY_4 = URIRef("https://creativecommons.org/licenses/by/4.0/")
#: The credit data/reference/geo/SOURCES.md asks for ("Licence and attribution"), as it begins in each language.
CREDIT = {"nb": "Kommune- og fylkesgrenser: © Kartverket, CC BY 4.0 (Administrative enheter)",
          "en": "Municipal and county boundaries © Kartverket (Norwegian Mapping Authority), CC BY 4.0"}


Sources = tuple[set[URIRef], dict[str, str]]


@pytest.fixture(scope="module")
def boundary_sources(settings_for: Settings) -> Sources:
    """What the served data says of the boundary files the geometries are derived from: their upstream datasets,
    and their attribution by language (the whole dump read once for the module)."""
    data = Graph().parse(data=create_app(settings_for).test_client().get("/dumps/byregion.nt").data, format="nt")
    files = {s for g in data.subjects(RDF.type, URIRef("http://www.opengis.net/ont/geosparql#Geometry"))
             for s in data.objects(g, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"))
             if (s, RDF.type, URIRef("https://data.byregion.no/def/byregion#ReferenceSource")) in data}
    assert files, "the data has no boundary files to credit"
    upstream = {o for f in files for o in data.objects(f, DCTERMS.source) if isinstance(o, URIRef)}
    credit = {c.language: str(c) for f in files for c in data.objects(f, URIRef("https://schema.org/creditText"))
              if isinstance(c, Literal) and c.language}
    return upstream, credit


def test_the_dataset_names_kartverkets_boundaries_as_its_source(client: FlaskClient, boundary_sources: Sources
                                                                 ) -> None:
    """The geometries are Kartverket's "Administrative enheter", simplified: the dataset names them as what it is
    derived from, each published by Kartverket under CC BY 4.0 (in the EU licence table's words, which a harvester
    reads), the same upstream datasets the data's boundary files name. The DCAT-AP-NO profile names them as its
    sources (``dct:source``, "kilde", each a ``dcat:Dataset``); the default catalogue, which CKAN harvests, as
    related resources (``dct:relation``, ``prov:wasDerivedFrom``), no ``dcat:Dataset``: ckanext-dcat made a CKAN
    dataset of each, again at every harvest (a harvester's review)."""
    upstream, _credit = boundary_sources
    dataset = URIRef(f"{BASE}/dataset")
    default = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    norwegian = Graph().parse(data=client.get("/catalog.ttl?_profile=dcat-ap-no").data, format="turtle")
    derived = set(default.objects(dataset, DCTERMS.relation)) & set(default.objects(dataset, PROV.wasDerivedFrom))
    assert derived == set(norwegian.objects(dataset, DCTERMS.source)) == upstream | OTHER_SOURCES
    assert upstream == KARTVERKET_DATASETS
    assert set(default.objects(dataset, DCTERMS.source)) == set()
    for g in (default, norwegian):
        for source in upstream:
            assert ((source, RDF.type, DCAT.Dataset) in g) == (g is norwegian)
            assert {t.language for t in g.objects(source, DCTERMS.title)} == {"nb", "en"}
            publisher = g.value(source, DCTERMS.publisher)
            assert Literal("Kartverket", lang="nb") in set(g.objects(publisher, FOAF.name))
            licence = g.value(source, DCTERMS.license)
            assert licence == EU_LICENCE.CC_BY_4_0 and g.value(licence, RDFS.seeAlso) == CC_BY_4
    listed = set(default.objects(None, DCAT.dataset))
    assert set(default.subjects(RDF.type, DCAT.Dataset)) <= listed | set(default.objects(None, DCAT.hasVersion)) \
        | set(default.objects(None, DCAT.previousVersion)) | set(default.objects(None, DCTERMS.hasVersion))


def test_the_dataset_and_each_distribution_carry_kartverkets_attribution(client: FlaskClient,
                                                                         boundary_sources: Sources) -> None:
    """The licence of the boundaries asks for attribution wherever they are published: the dataset and every one of
    its distributions (the dumps and the SPARQL endpoint hold the geometries) state it as their rights, in the words
    the data's boundary files give it (``schema:creditText``), in Norwegian and English."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    _upstream, credit = boundary_sources
    distributions = set(g.objects(dataset, DCAT.distribution))
    assert len(distributions) > 2
    statements = {g.value(s, DCTERMS.rights) for s in (dataset, *distributions)}
    assert len(statements) == 1 and None not in statements
    (statement,) = statements
    assert (statement, RDF.type, DCTERMS.RightsStatement) in g
    said = {label.language: str(label) for label in g.objects(statement, RDFS.label) if isinstance(label, Literal)}
    assert said == credit and set(said) == {"nb", "en"}
    assert all(said[lang].startswith(CREDIT[lang]) for lang in CREDIT)


@pytest.mark.parametrize("path", ["/dataset", "/catalog"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_dataset_page_shows_the_attribution_and_names_the_source(client: FlaskClient, path: str, lang: str,
                                                                     boundary_sources: Sources) -> None:
    """For people: the page of the dataset (and of the catalogue) says where the boundaries come from, links the
    source datasets and their licence, and gives the attribution to show, in the page's language."""
    _upstream, credit = boundary_sources
    html = client.get(f"{path}.html", headers={"Accept-Language": lang}).text
    section = html.split('id="boundaries"', 1)[1].split("<h2", 1)[0] if 'id="boundaries"' in html else ""
    assert section, "the page has no section on the boundaries' source"
    assert escape(credit[lang]) in section
    for source in KARTVERKET_DATASETS:
        assert f'href="{source}"' in section
    assert f'href="{CC_BY_4}"' in section and "CC BY 4.0" in section and "Kartverket" in section


def test_ckan_names_each_media_type_and_keeps_every_other_controlled_value_an_iri(client: FlaskClient) -> None:
    """ckanext-dcat (``RDFProfile._object_value``) takes the first ``rdfs:label`` of an object IRI as the value: a
    media type's label is its name, which CKAN reads as the resource's mimetype (and from it the format); a
    licence, access right, availability, frequency or file type with an ``rdfs:label`` was stored as that label
    ("stabil", "Norsk lisens …") where DCAT-AP asks for the IRI, so those are named by ``skos:prefLabel`` only. A
    licence's ``dct:title`` finds it among CKAN's licences."""
    g = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    distributions = set(g.subjects(RDF.type, DCAT.Distribution))
    formats = {o for d in distributions for o in g.objects(d, DCTERMS["format"])}
    media = {o for d in distributions for p in (DCAT.mediaType, DCAT.compressFormat) for o in g.objects(d, p)}
    assert formats and media
    assert not [o for o in media if g.value(o, RDFS.label) is None]
    assert g.value(URIRef("https://www.iana.org/assignments/media-types/text/turtle"), RDFS.label) == \
        Literal("text/turtle")
    things = {*g.subjects(RDF.type, DCAT.Distribution), *g.subjects(RDF.type, DCAT.Dataset),
              *g.subjects(RDF.type, DCAT.DataService), *g.subjects(RDF.type, DCAT.Catalog)}
    controlled = {o for t in things for p in (DCTERMS.license, DCTERMS.accessRights, DCATAP.availability,
                                             DCTERMS.accrualPeriodicity, DCTERMS["format"], DCTERMS.language)
                  for o in g.objects(t, p)}
    assert controlled and not [o for o in controlled if g.value(o, RDFS.label) is not None]
    assert all(g.value(o, SKOS.prefLabel) is not None for o in controlled)
    licences = {o for d in distributions for o in g.objects(d, DCTERMS.license)}
    assert licences and all({t.language for t in g.objects(o, DCTERMS.title)} == {"nb", "en"} for o in licences)
