"""The source documents are published byte for byte where the data says they are (``schema:url``), so that a
reader can check every statement's provenance: the text at its offsets, the table's row, the file's SHA-256."""

from __future__ import annotations

import hashlib
from pathlib import PurePosixPath

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.mediatypes import SOURCE_TYPES
from byregion.namespaces import BASE, BR, OA, SCHEMA
from tests.conftest import Server
from tests.support.stores import store_of

pytestmark = pytest.mark.slow  # `byregion serve` over the repository's build

NOTODDEN = REPO_ROOT / "data" / "sources" / "notodden.txt"


def local(url: str) -> str:
    assert url.startswith(BASE + "/source/"), url
    return url[len(BASE):]


@pytest.fixture(scope="module")
def sources(real_build: PublishedBuild) -> dict[str, str]:
    """Every source document the data publishes at a URL of ours: path → the SHA-256 the data gives."""
    rows = store_of(real_build).select(f"""SELECT ?url ?sha WHERE {{ ?s a <{BR.SourceDocument}> ; <{SCHEMA.url}> ?url ;
        <{BR.sha256}> ?sha FILTER (STRSTARTS(STR(?url), "{BASE}/source/")) }}""")
    return {local(str(r["url"])): str(r["sha"]) for r in rows}


def test_every_source_the_data_cites_is_served_as_the_bytes_it_hashes(real_server: Server,
                                                                      sources: dict[str, str]) -> None:
    assert {"/source/notodden.txt", "/source/programme/regions.csv", "/source/programme/memberships.csv",
            "/source/programme/README.md"} <= set(sources)
    for path, sha in sources.items():
        response = requests.get(real_server.url + path, timeout=10)
        assert response.status_code == 200, path
        assert hashlib.sha256(response.content).hexdigest() == sha, path
        assert response.headers["Content-Type"] == SOURCE_TYPES[PurePosixPath(path).suffix]
        assert response.headers["ETag"] and response.headers["Access-Control-Allow-Origin"] == "*"
        again = requests.get(real_server.url + path, headers={"If-None-Match": response.headers["ETag"]}, timeout=10)
        assert again.status_code == 304
    assert requests.get(real_server.url + "/source/notodden.txt", timeout=10).content == NOTODDEN.read_bytes()


def test_a_statements_offsets_count_in_the_served_text(real_server: Server) -> None:
    """What the Web Annotation selector says: code points ``oa:start`` to ``oa:end`` of the source are the text."""
    text = requests.get(real_server.url + "/source/notodden.txt", timeout=10).content.decode("utf-8")
    goal = Graph().parse(data=requests.get(real_server.url + "/doc/region/notodden/goal/1.ttl", timeout=10).text,
                         format="turtle")
    node = URIRef(BASE + "/id/region/notodden/goal/1")
    position = URIRef(BASE + "/id/region/notodden/goal/1/source/position")
    start, end = int(goal.value(position, OA.start)), int(goal.value(position, OA.end))
    (norwegian,) = [t for t in goal.objects(node, SCHEMA.text) if t.language == "nb"]  # the page's own words
    assert text[start:end] == str(norwegian)
    assert (position, RDF.type, OA.TextPositionSelector) in goal


def test_the_programmes_own_facts_point_into_the_research_notes(real_server: Server) -> None:
    """The programme, its phases, its owner and the network's operator (data/programme.ttl) are derived from the
    notes' "Programme facts" section: its offsets count in the notes as served (Markdown, byte for byte)."""
    notes = requests.get(real_server.url + "/source/programme/README.md", timeout=10)
    assert notes.headers["Content-Type"] == "text/markdown; charset=utf-8"
    text = notes.content.decode("utf-8")
    for thing in ("/id/programme/byregionprogrammet", "/id/programme/byregionprogrammet/phase/2",
                  "/id/organisation/kmd", "/id/organisation/distriktssenteret"):
        described = Graph().parse(data=requests.get(real_server.url + thing.replace("/id/", "/doc/", 1) + ".ttl",
                                                    timeout=10).text, format="turtle")
        position = URIRef(BASE + thing + "/source/position")
        start, end = int(described.value(position, OA.start)), int(described.value(position, OA.end))
        assert text[start:end].startswith("## Programme facts"), thing
        assert "Phase 2: 2015–2018, 37 regions, 213\nmunicipalities" in text[start:end]
        assert text.count("\n", 0, start) + 1 == int(described.value(position, BR.line))


@pytest.mark.parametrize("path", ["/source/nothing.txt", "/source/../data/sources/notodden.txt",
                                  "/source/%2e%2e/pyproject.toml", "/source/programme/SOURCES.md",
                                  "/source/Notodden.txt", "/source/a/b/c.txt", "/source/"])
def test_a_path_that_names_no_published_source_is_404(real_server: Server, path: str) -> None:
    response = requests.get(real_server.url + path, timeout=10)
    assert response.status_code == 404 and b"Notodden" not in response.content[:200]
