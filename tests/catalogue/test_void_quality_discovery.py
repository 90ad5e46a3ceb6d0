"""VoID, the published validation report with DQV figures, and discovery (issue 6, points 4–6)."""

from __future__ import annotations

import html
import json
import re
from collections import Counter

import pytest
from flask.testing import FlaskClient
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH

from byregion.build import PublishedBuild, open_current
from byregion.namespaces import ADMS, DQV, VOID
from byregion.settings import Settings
from byregion.web.app import create_app
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # a real build of the repository's data

DCAT = Namespace("http://www.w3.org/ns/dcat#")
BASE = "https://data.byregion.no"


@pytest.fixture(scope="module")
def served(settings_for: Settings) -> Graph:
    """The whole graph, from the served N-Quads dump (an independent path to the same data), read once for the
    module: no test here changes it."""
    app = create_app(settings_for)
    dataset = Dataset()
    dataset.parse(data=app.test_client().get("/dumps/byregion.nq").data, format="nquads")
    union = Graph()
    for s, p, o, _g in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def count(graph: Graph, query: str) -> int:
    return int(next(iter(graph.query(query)))[0])


def test_void_names_example_resources_that_dereference(client: FlaskClient) -> None:
    """VoID §4.2: a harvester (the LOD cloud's among them) starts from ``void:exampleResource``: a region with its
    page's text, a member municipality and the themes, each a thing whose IRI is answered (303 to its document)."""
    v = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    examples = set(v.objects(URIRef(f"{BASE}/dataset"), VOID.exampleResource))
    assert URIRef(f"{BASE}/id/region/notodden") in examples and URIRef(f"{BASE}/id/scheme/themes") in examples
    assert any(str(e).startswith(f"{BASE}/id/municipality/") for e in examples)
    for example in examples:
        answer = client.get(str(example)[len(BASE):])
        assert answer.status_code == 303 and client.get(answer.headers["Location"]).status_code == 200, example


def test_void_homepage_is_the_page_people_read_as_the_catalogues_landing_page(client: FlaskClient) -> None:
    """``foaf:homepage`` is a page about the dataset (VoID §3.1), the same as DCAT's ``dcat:landingPage``: not the
    dataset's own IRI, which names the thing and answers RDF first."""
    v = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    catalogue = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    homepage = v.value(dataset, URIRef("http://xmlns.com/foaf/0.1/homepage"))
    assert homepage == catalogue.value(dataset, DCAT.landingPage) == URIRef(f"{BASE}/dataset.html")
    page = client.get(str(homepage)[len(BASE):])
    assert page.status_code == 200 and page.mimetype == "text/html"


def test_void_figures_match_the_served_data(client: FlaskClient, served: Graph) -> None:
    """Each figure of the VoID description, counted again from the served dump (in Python, over rdflib's reading of
    it: neither the build's code nor its store)."""
    response = client.get("/.well-known/void")
    assert response.status_code == 200 and response.mimetype == "text/turtle"
    v = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    data = served
    triples = list(data)

    def figure(predicate: URIRef, subject: URIRef = dataset) -> int:
        return int(v.value(subject, predicate))

    typed = [(s, o) for s, p, o in triples if p == RDF.type]
    assert figure(VOID.triples) == len(triples)
    assert figure(VOID.distinctSubjects) == len({s for s, _p, _o in triples})
    assert figure(VOID.distinctObjects) == len({o for _s, _p, o in triples})
    assert figure(VOID.properties) == len({p for _s, p, _o in triples})
    assert figure(VOID.classes) == len({c for _s, c in typed})
    assert figure(VOID.entities) == len({s for s, _p, _o in triples
                                         if isinstance(s, URIRef) and str(s).startswith(f"{BASE}/")})
    entities = Counter(c for _s, c in set(typed))
    for part in v.objects(dataset, VOID.classPartition):
        assert figure(VOID.entities, part) == entities[v.value(part, VOID["class"])]
    uses = Counter(p for _s, p, _o in triples)
    for part in v.objects(dataset, VOID.propertyPartition):
        assert figure(VOID.triples, part) == uses[v.value(part, VOID.property)]
    assert len(set(v.objects(dataset, VOID.propertyPartition))) == figure(VOID.properties)
    # linksets: owl:sameAs to Wikidata from our resources
    wikidata = [ls for ls in v.subjects(RDF.type, VOID.Linkset)
                if v.value(ls, VOID.linkPredicate) == OWL.sameAs
                and str(v.value(v.value(ls, VOID.objectsTarget), VOID.uriSpace)) == "http://www.wikidata.org/entity/"]
    assert len(wikidata) == 1
    assert figure(VOID.triples, wikidata[0]) == sum(
        1 for s, p, o in triples if p == OWL.sameAs and str(s).startswith(f"{BASE}/")
        and str(o).startswith("http://www.wikidata.org/entity/")) > 0
    linksets = set(v.subjects(RDF.type, VOID.Linkset))
    targets = {str(v.value(v.value(ls, VOID.objectsTarget), VOID.uriSpace)) for ls in linksets}
    assert {"http://publications.europa.eu/resource/authority/data-theme/", "https://psi.norge.no/los/"} <= targets
    # each target is titled in both languages where its name is no proper name (and the page shows the reader's)
    eu = next(v.value(ls, VOID.objectsTarget) for ls in linksets if str(v.value(v.value(ls, VOID.objectsTarget),
              VOID.uriSpace)).endswith("/data-theme/"))
    assert {(str(t), t.language) for t in v.objects(eu, DCTERMS.title)} == {("EUs datatemaer", "nb"),
                                                                          ("EU data themes", "en")}
    page = client.get("/dataset", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert ">EUs datatemaer</a>:" in page and "EU data themes" not in page
    assert v.value(dataset, VOID.sparqlEndpoint) == URIRef(f"{BASE}/sparql")
    assert str(v.value(dataset, VOID.uriSpace)) == f"{BASE}/"
    assert URIRef(f"{BASE}/dumps/byregion.nt") in set(v.objects(dataset, VOID.dataDump))


def namespace(term: str) -> str:
    """The vocabulary a term is of: up to its hash (``skos:`` ``…/core#``), else up to its last slash."""
    return term.split("#", 1)[0] + "#" if "#" in term else term.rsplit("/", 1)[0] + "/"


def test_void_names_every_vocabulary_the_data_uses_and_no_other(client: FlaskClient, served: Graph) -> None:
    """``void:vocabulary`` (VoID §4.6) lists the vocabulary of every predicate and every class (``rdf:type``
    object) in the data as served (the N-Quads dump), computed from the data when the build is made: a vocabulary
    the data starts to use is listed without anyone listing it, and one it no longer uses is dropped."""
    v = Graph().parse(data=client.get("/.well-known/void.ttl").data, format="turtle")
    listed = {str(o) for o in v.objects(URIRef(f"{BASE}/dataset"), VOID.vocabulary)}
    data = served
    predicates = {namespace(str(p)) for p in set(data.predicates())}
    classes = {namespace(str(c)) for c in set(data.objects(None, RDF.type)) if isinstance(c, URIRef)}
    assert predicates - listed == set(), "the vocabularies of these predicates are not listed"
    assert classes - listed == set(), "the vocabularies of these classes are not listed"
    assert listed - predicates - classes == set(), "listed, but the data uses no term of them"
    # the data's own and the ones a harvester looks for by name
    assert {f"{BASE}/def/byregion#", "http://www.w3.org/ns/org#", "http://www.opengis.net/ont/geosparql#",
            "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#"} <= listed


def test_validation_report_is_published_and_linked_with_quality_figures(client: FlaskClient, built: PublishedBuild,
                                                                       served: Graph) -> None:
    catalogue = Graph().parse(data=client.get("/catalog.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    annotation = catalogue.value(dataset, DQV.hasQualityAnnotation)
    report_doc = URIRef(f"{BASE}/validation")
    assert annotation is not None and report_doc in set(catalogue.objects(annotation, URIRef(
        "http://www.w3.org/ns/oa#hasBody")))
    report = Graph().parse(data=client.get("/validation", headers={"Accept": "text/turtle"}).data, format="turtle")
    node = report.value(predicate=RDF.type, object=SH.ValidationReport)
    assert report.value(node, SH.conforms) == Literal(True)
    warnings = [r for r in report.objects(node, SH.result) if report.value(r, SH.resultSeverity) == SH.Warning]
    assert len(warnings) == built.manifest["validation"]["warnings"]
    measurements = {str(m).rsplit("#", 1)[1]: report.value(m, DQV.value)
                    for m in report.objects(dataset, DQV.hasQualityMeasurement)}
    data = served
    linked = count(data, """PREFIX br: <https://data.byregion.no/def/byregion#>
        SELECT (COUNT(DISTINCT ?m) AS ?n) WHERE { ?m a br:Municipality ; owl:sameAs ?w
        FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) }""")
    assert int(measurements["municipalities_with_wikidata"]) == linked > 0
    statements = count(data, """PREFIX br: <https://data.byregion.no/def/byregion#>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c rdfs:subClassOf* br:RegionStatement . ?s a ?c }""")
    english = count(data, """PREFIX br: <https://data.byregion.no/def/byregion#> PREFIX schema: <https://schema.org/>
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?c rdfs:subClassOf* br:RegionStatement . ?s a ?c ;
        schema:text ?t FILTER(LANG(?t) = "en") }""")
    assert statements > 0
    assert float(measurements["english_share"]) == round(english / statements, 4)
    assert int(measurements["shacl_violations"]) == 0


def test_robots_and_sitemap_list_every_html_page_on_the_request_host(client: FlaskClient,
                                                                     built: PublishedBuild) -> None:
    host = "http://mirror.example:8000"
    robots = client.get("/robots.txt", base_url=host).data.decode()
    assert f"Sitemap: {host}/sitemap.xml" in robots
    sitemap = client.get("/sitemap.xml", base_url=host)
    assert sitemap.status_code == 200
    locs = set(re.findall(r"<loc>([^<]+)</loc>", sitemap.data.decode()))
    assert {f"{host}{p}" for p in ("/", "/catalog", "/sparql", "/def/byregion")} <= locs
    rows = store_of(open_current(built.path.parent)).select(
        f'SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{BASE}/id/")) }}')
    subjects = {str(r["s"]).split("#", 1)[0] for r in rows}
    assert len(subjects) > 100
    expected = {host + "/doc/" + s[len(f"{BASE}/id/"):] for s in subjects}
    assert expected <= locs


def test_catalogue_and_dataset_pages_embed_schema_org_and_show_downloads(client: FlaskClient,
                                                                        built: PublishedBuild) -> None:
    host = "http://mirror.example:8000"
    for path in ("/catalog", "/dataset"):
        page = client.get(path, headers={"Accept": "text/html"}, base_url=host)
        assert page.status_code == 200 and page.mimetype == "text/html"
        html = page.data.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert block is not None
        data = json.loads(block.group(1))
        if path == "/catalog":  # the catalogue that holds the dataset, which its own page marks up whole
            assert data["@type"] == "DataCatalog" and data["@id"] == f"{BASE}/catalog"
            assert [(d["@id"], d["url"]) for d in data["dataset"]] == [(f"{BASE}/dataset", host + "/dataset")]
        else:
            assert data["@type"] == "Dataset" and data["version"] == built.manifest["version"]
            assert all(d["contentUrl"].startswith(host + "/dumps/") for d in data["distribution"])
            # a .gz names its content's format, and says in its name that it is compressed
            formats = {d["contentUrl"].rsplit("/", 1)[1]: (d["encodingFormat"], d["name"])
                       for d in data["distribution"]}
            assert formats["byregion.ttl.gz"] == ("text/turtle", "byregion.ttl.gz (Turtle, gzip-komprimert)")
            assert formats["byregion.nq.gz"][0] == "application/n-quads"
            assert formats["byregion.ttl"][0] == "text/turtle"
        for dump in built.manifest["dumps"]:
            info = built.manifest["files"][dump["file"]]
            assert f'href="/{dump["file"]}"' in html
            assert str(info["bytes"]) in html and info["sha256"] in html
        assert "Norsk lisens for offentlige data (NLOD) 2.0" in html
        assert f"{BASE}/dataset" in html  # the citation names the permanent identifier
        assert 'href="/.well-known/void.ttl"' in html  # VoID has no page: a browser gets its Turtle, not RDF/XML
        assert built.manifest["history"][0]["version"] in html
    english = client.get("/dataset?lang=en", headers={"Accept": "text/html"}).data.decode()
    assert "Norwegian Licence for Open Government Data (NLOD) 2.0" in english and "How to cite" in english
    # named and described in the page's language (a Norwegian name over an English description read as mixed), and
    # placed in its catalogue, for Google Dataset Search
    pages = {lang: client.get(f"/dataset?lang={lang}", headers={"Accept": "text/html"}).data.decode()
             for lang in ("nb", "en")}
    described = {lang: json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html,
                                            re.S).group(1)) for lang, html in pages.items()}
    assert described["nb"]["name"] == described["en"]["alternateName"] != described["en"]["name"]
    assert described["en"]["description"] != described["nb"]["description"]
    assert described["en"]["includedInDataCatalog"]["@id"] == f"{BASE}/catalog"


def test_schema_org_dataset_is_callable_for_other_pages(built: PublishedBuild) -> None:
    from byregion.dcat import schema_org_dataset

    data = schema_org_dataset(built.manifest, "http://localhost:8080")
    assert data["url"] == "http://localhost:8080/dataset" and data["identifier"] == f"{BASE}/dataset"
    assert data["license"].startswith("https://data.norge.no/nlod/")
    # read as RDF, every link is an IRI, as the things' blocks write them (it had been a string)
    graph = Graph().parse(data=json.dumps(data), format="json-ld")
    links = [o for p in ("url", "license", "contentUrl") for o in graph.objects(None, URIRef(f"https://schema.org/{p}"))]
    assert len(links) > 5 and all(isinstance(o, URIRef) for o in links), links


def test_the_citation_is_the_same_on_the_page_and_in_the_catalogue(client: FlaskClient) -> None:
    """An archivist's review: the suggested citation said no kind of work and was for people alone. The catalogue
    gives it as ``dct:bibliographicCitation`` in Bokmål and English, APA's form for a data set, and each dataset
    page shows its language's sentence."""
    g = Graph().parse(data=client.get("/dataset.ttl").data, format="turtle")
    dataset = URIRef(f"{BASE}/dataset")
    cited = {c.language: str(c) for c in g.objects(dataset, DCTERMS.bibliographicCitation)}
    assert set(cited) == {"nb", "en"}
    version = str(g.value(dataset, DCAT.version))
    assert "[Datasett]" in cited["nb"] and "[Data set]" in cited["en"]
    for lang, sentence in cited.items():
        assert sentence.endswith(f") [{'Datasett' if lang == 'nb' else 'Data set'}]. {dataset}")
        assert f"({'versjon' if lang == 'nb' else 'version'} " in sentence
        title = next(str(t) for t in g.objects(dataset, DCTERMS.title) if t.language == lang)
        assert title in sentence and version in sentence
        page = client.get(f"/dataset?lang={lang}", headers={"Accept": "text/html"}).data.decode()
        assert html.escape(sentence, quote=False) in page
        # the version cited, with its content hash, by which a copy is checked (sha256sum byregion.nq)
        versions = page[page.index('id="versions"'):]
        content = str(g.value(dataset, ADMS.versionNotes)).rsplit(" ", 1)[1]
        assert version in versions and f'<code class="sha256">{content}</code>' in versions
