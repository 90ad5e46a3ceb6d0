"""The tables of numbers are datasets of their own in the catalogue, each with a CSV distribution that is exactly
what the server sends, and the dataset and home pages link them."""

from __future__ import annotations

import csv
import hashlib
import io
import re

import pytest
from flask.testing import FlaskClient
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, XSD

from byregion.build import PublishedBuild
from byregion.identifiers.documents import COVERED_FROM, TABLES
from byregion.namespaces import EU_FILETYPE, EU_THEME, SPDX

pytestmark = pytest.mark.slow  # a real build of the repository's data

DCAT = Namespace("http://www.w3.org/ns/dcat#")
BASE = "https://data.byregion.no"
IANA = "https://www.iana.org/assignments/media-types/"


def dataset_of(path: str) -> URIRef:
    """/doc/municipalities.csv → {BASE}/dataset#table-municipalities (docs/catalogue.md, IRIs)."""
    return URIRef(f"{BASE}/dataset#table-{path.rsplit('/', 1)[1].removesuffix('.csv')}")


@pytest.fixture(scope="module")
def catalogue(built: PublishedBuild, settings_for) -> Graph:  # type: ignore[no-untyped-def]
    from byregion.web.app import create_app

    body = create_app(settings_for).test_client().get("/catalog", headers={"Accept": "text/turtle"}).data
    return Graph().parse(data=body, format="turtle")


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.path)
def test_each_table_is_a_dataset_derived_from_the_graph(catalogue: Graph, table) -> None:  # type: ignore[no-untyped-def]
    dataset = dataset_of(table.path)
    assert (URIRef(f"{BASE}/catalog"), DCAT.dataset, dataset) in catalogue
    assert (dataset, RDF.type, DCAT.Dataset) in catalogue
    assert catalogue.value(dataset, DCTERMS.source) == URIRef(f"{BASE}/dataset")
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {o.language for o in catalogue.objects(dataset, predicate)} == {"nb", "en"}
    assert Literal(table.titles[0], lang="nb") in set(catalogue.objects(dataset, DCTERMS.title))
    assert {EU_THEME.REGI, EU_THEME.GOVE} <= set(catalogue.objects(dataset, DCAT.theme))
    for predicate in (DCTERMS.publisher, DCAT.contactPoint, DCTERMS.license, DCTERMS.accessRights,
                      DCTERMS.identifier, DCAT.keyword):
        assert catalogue.value(dataset, predicate) is not None, predicate
    # the whole graph's own downloads are the dumps only: a table is not the dataset in another format
    whole = {str(catalogue.value(d, DCAT.downloadURL))
             for d in catalogue.objects(URIRef(f"{BASE}/dataset"), DCAT.distribution)
             if catalogue.value(d, DCAT.accessService) is None}  # the SPARQL endpoint is the other distribution
    assert whole and all("/dumps/" in url for url in whole)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.path)
def test_each_table_says_the_period_it_covers_and_every_row_falls_in_it(catalogue: Graph, client: FlaskClient,
                                                                        table) -> None:  # type: ignore[no-untyped-def]
    """A portal filters datasets by time (DCAT-AP's dct:temporal): a table covers the numbers valid on some day
    since the reference data's first day, with no last day while it is kept up."""
    period = catalogue.value(dataset_of(table.path), DCTERMS.temporal)
    assert (period, RDF.type, DCTERMS.PeriodOfTime) in catalogue
    start = catalogue.value(period, DCAT.startDate)
    assert start == Literal(COVERED_FROM, datatype=XSD.date) and catalogue.value(period, DCAT.endDate) is None
    rows = list(csv.DictReader(io.StringIO(client.get(table.path).text)))
    assert rows and all(not row["valid_through"] or row["valid_through"] >= COVERED_FROM for row in rows)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.path)
def test_each_table_is_issued_with_the_graph_and_has_a_landing_page(catalogue: Graph, client: FlaskClient,
                                                                     table) -> None:  # type: ignore[no-untyped-def]
    """What a portal shows of a dataset besides its files: when it was first issued (the graph's first version)
    and a page for people, its row on the dataset page."""
    dataset = dataset_of(table.path)
    assert catalogue.value(dataset, DCTERMS.issued) == catalogue.value(URIRef(f"{BASE}/dataset"), DCTERMS.issued)
    page = str(catalogue.value(dataset, DCAT.landingPage))
    assert page.startswith(f"{BASE}/dataset.html#"), page
    for lang in ("nb", "en"):
        html = client.get(f"/dataset.html?lang={lang}").text
        assert f'id="{page.rsplit("#", 1)[1]}"' in html and f'href="{table.path}"' in html


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.path)
def test_the_csv_distribution_is_what_the_server_sends(catalogue: Graph, client: FlaskClient,
                                                        table) -> None:  # type: ignore[no-untyped-def]
    dataset = dataset_of(table.path)
    (distribution,) = catalogue.objects(dataset, DCAT.distribution)
    assert catalogue.value(distribution, DCAT.downloadURL) == URIRef(BASE + table.path)
    response = client.get(table.path)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert int(catalogue.value(distribution, DCAT.byteSize)) == len(response.data)
    checksum = catalogue.value(distribution, SPDX.checksum)
    assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(response.data).hexdigest()
    assert catalogue.value(distribution, DCAT.mediaType) == URIRef(IANA + "text/csv")
    assert catalogue.value(distribution, DCTERMS.format) == EU_FILETYPE.CSV
    rows = response.data.decode("utf-8").count("\r\n") - 1
    assert f"{rows} rows" in str(next(o for o in catalogue.objects(distribution, DCTERMS.description)
                                      if o.language == "en"))
    schema = catalogue.value(distribution, DCTERMS.conformsTo)
    assert schema == URIRef(BASE + table.metadata_path) and (schema, RDF.type, DCTERMS.Standard) in catalogue
    metadata = client.get(table.metadata_path)
    assert metadata.status_code == 200 and metadata.mimetype == "application/csvm+json"


@pytest.mark.parametrize("path", ["/dataset", "/"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_pages_link_each_table_and_its_metadata(client: FlaskClient, built: PublishedBuild, path: str,
                                                    lang: str) -> None:
    page = client.get(path, headers={"Accept": "text/html", "Accept-Language": lang}).data.decode("utf-8")
    for table in TABLES:
        assert re.search(rf'<a href="{re.escape(table.path)}" type="text/csv" download>', page), table.path
        assert f'href="{table.metadata_path}"' in page
        assert table.titles[0 if lang == "nb" else 1] in page
    entry = {t["path"]: t for t in built.manifest["tables"]}[TABLES[0].path]
    assert str(entry["rows"]) in page


def test_the_schema_org_dataset_has_each_table_as_a_part(client: FlaskClient, built: PublishedBuild) -> None:
    """What Google Dataset Search reads from the dataset page: each table a Dataset with its CSV download."""
    import json

    page = client.get("/dataset", headers={"Accept": "text/html"}, base_url="http://mirror.example").data.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    parts = {part["@id"]: part for part in data["hasPart"]}
    for entry in built.manifest["tables"]:
        part = parts[str(dataset_of(entry["path"]))]
        assert part["@type"] == "Dataset" and part["name"] == entry["title"]["nb"] and part["description"]
        (download,) = part["distribution"]
        assert download["contentUrl"] == "http://mirror.example" + entry["path"]
        assert download["encodingFormat"] == "text/csv" and download["contentSize"] == f"{entry['bytes']} B"
        # each at its own row of the page, named and described in the page's language (an SEO review: all four had
        # one url and an English description on the Norwegian page)
        assert part["url"].endswith("/dataset#table-" + entry["path"].rsplit("/", 1)[1].removesuffix(".csv"))
        assert part["description"] == entry["description"]["nb"]
    english = client.get("/dataset?lang=en", headers={"Accept": "text/html"}).data.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', english, re.S).group(1))
    assert {part["name"] for part in data["hasPart"]} == {entry["title"]["en"] for entry in built.manifest["tables"]} \
        | {"Municipal and county boundaries per boundary period (GeoJSON)"}  # and the boundary layers, below


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_schema_org_dataset_credits_the_boundaries_and_has_their_layers_as_a_part(
        client: FlaskClient, built: PublishedBuild, lang: str) -> None:
    """A crawler's review: the block Google Dataset Search reads said NLOD for everything and credited no one,
    though the dumps hold Kartverket's boundaries under CC BY 4.0 (which asks for the credit the DCAT catalogue
    gives as dct:rights); it names the credit, the upstream datasets, and the layers as a part under CC BY 4.0."""
    import json

    page = client.get("/dataset", query_string={"lang": lang}, headers={"Accept": "text/html"}).data.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    boundaries = built.manifest["dcat"]["boundaries"]
    assert data["creditText"] == boundaries["attribution"][lang] and "Kartverket" in data["creditText"]
    assert {b["@id"] for b in data["isBasedOn"]} == {u["iri"] for u in boundaries["upstream"]}
    [layers] = [p for p in data["hasPart"] if p["@id"] == f"{BASE}/dataset#boundaries"]
    assert layers["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert layers["creditText"] == data["creditText"]
    assert sorted(d["contentUrl"].rsplit("/doc/", 1)[1] for d in layers["distribution"]) == sorted(
        e["file"].removeprefix("/doc/") for e in built.manifest["layers"])
    assert {d["encodingFormat"] for d in layers["distribution"]} == {"application/geo+json"}


def test_the_boundary_layers_are_a_dataset_with_a_geojson_distribution_each_as_served(
        catalogue: Graph, client: FlaskClient) -> None:
    """Every municipality, or county, of a boundary period as one GeoJSON layer (/doc/boundaries/…): a GIS user's
    portal finds them as the distributions of one dataset derived from the graph, each under Kartverket's CC BY
    4.0, GeoJSON by EU file type and IANA media type, with the bytes and checksum the server sends."""
    dataset = URIRef(f"{BASE}/dataset#boundaries")
    assert (URIRef(f"{BASE}/catalog"), DCAT.dataset, dataset) in catalogue
    assert catalogue.value(dataset, DCTERMS.source) == URIRef(f"{BASE}/dataset")
    cc_by = URIRef("http://publications.europa.eu/resource/authority/licence/CC_BY_4_0")
    assert catalogue.value(dataset, DCTERMS.license) == cc_by
    urls = []
    for distribution in catalogue.objects(dataset, DCAT.distribution):
        url = str(catalogue.value(distribution, DCAT.downloadURL))
        urls.append(url.removeprefix(BASE))
        assert catalogue.value(distribution, DCTERMS.format) == EU_FILETYPE.GEOJSON
        assert catalogue.value(distribution, DCAT.mediaType) == URIRef(IANA + "application/geo+json")
        assert catalogue.value(distribution, DCTERMS.license) == cc_by
        assert catalogue.value(distribution, DCTERMS.rights) is not None  # the credit CC BY asks for
        body = client.get(url.removeprefix(BASE)).data
        assert catalogue.value(distribution, DCAT.byteSize) == Literal(len(body), datatype=XSD.nonNegativeInteger)
        checksum = catalogue.value(distribution, SPDX.checksum)
        assert str(catalogue.value(checksum, SPDX.checksumValue)) == hashlib.sha256(body).hexdigest()
    assert sorted(urls) == sorted(f"/doc/boundaries/{period}/{layer}.geojson" for period in ("2019", "2020", "2024")
                                  for layer in ("municipalities", "counties"))


def test_the_boundary_layers_dataset_says_the_periods_it_covers_as_its_layers_do(catalogue: Graph) -> None:
    """A portal reads a dataset's time coverage from the dataset (ckanext-dcat and data.norge.no read dct:temporal
    there, and DCAT-AP 3.0.1 recommends it there, not on a distribution): the layers' dataset names each boundary
    period, with the days its layers give (2019's first day and 2024's last are not known: left out)."""
    dataset = URIRef(f"{BASE}/dataset#boundaries")
    periods = {}
    for period in catalogue.objects(dataset, DCTERMS.temporal):
        assert (period, RDF.type, DCTERMS.PeriodOfTime) in catalogue
        periods[str(period).rsplit("-", 1)[1]] = tuple(
            None if (v := catalogue.value(period, p)) is None else (v.toPython().isoformat(), v.datatype)
            for p in (DCAT.startDate, DCAT.endDate))
    assert periods == {"2019": (None, ("2019-12-31", XSD.date)),
                       "2020": (("2020-01-01", XSD.date), ("2023-12-31", XSD.date)),
                       "2024": (("2024-01-01", XSD.date), None)}
    for distribution in catalogue.objects(dataset, DCAT.distribution):  # each layer's own, as before
        layer = catalogue.value(distribution, DCTERMS.temporal)
        period = str(catalogue.value(distribution, DCAT.downloadURL)).split("/boundaries/")[1].split("/")[0]
        assert (catalogue.value(layer, DCAT.startDate), catalogue.value(layer, DCAT.endDate)) == tuple(
            None if d is None else Literal(d[0], datatype=XSD.date) for d in periods[period])
