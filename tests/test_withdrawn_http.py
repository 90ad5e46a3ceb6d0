"""An address an earlier build published and this one does not answers 410 Gone, from the app, nginx and Apache
alike: in the negotiated format and language, as a 404 is (a page, a Turtle comment, problem details), so that a
published URI never turns into "never was" (an archivist's review took a region out of the programme's tables and
its IRIs turned 404). The build is real: the site's small data built, a region taken out, built again
(byregion/build/withdrawn.py); the export of that build runs under Debian's nginx and Apache."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
import requests
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import PROV

from byregion import REPO_ROOT
from byregion.build import PublishedBuild, build, open_current
from byregion.serve import rules
from byregion.settings import Settings
from byregion.uris import page_path
from byregion.web.app import create_app
from tests.conftest import BYREGION, built_copy, settings_env
from tests.support.nginx import (
    apache_missing,
    export_folder,
    nginx_missing,
    start_apache_export,
    start_nginx,
    stop_web_server,
)
from tests.support.servers import Server, free_port, start_endpoint, stop

pytestmark = pytest.mark.slow  # two builds, the app, nginx and Apache

GONE = "midt-telemark"  # the region the second build no longer has


@dataclass
class Servers:
    app: Server
    nginx: Server
    apache: Server
    settings: Settings  # the primary's: its build folder holds the build that withdrew the region

    def each(self) -> dict[str, str]:
        return {"app": self.app.base, "nginx": self.nginx.base, "apache": self.apache.base}


@pytest.fixture(scope="module")
def servers(site_settings: Settings, site_build: PublishedBuild,
            tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    for missing in (nginx_missing(), apache_missing()):
        if missing:
            pytest.fail(missing)
    settings = built_copy(site_settings, tmp_path_factory.mktemp("withdrawn"))  # the site built, then a region goes
    repo = settings.repo_dir
    for name in ("regions.csv", "memberships.csv"):
        table = repo / "data" / "programme" / name
        lines = table.read_text(encoding="utf-8").splitlines(keepends=True)
        table.write_text("".join(line for line in lines if not line.startswith(GONE + ",")), encoding="utf-8")
    assert f"/doc/region/{GONE}" in {w["path"] for w in build(settings, progress=False).manifest["withdrawn"]}
    app = start_endpoint(settings.build_dir, {"access_log": False, "base_uri": settings.base_uri})
    export = export_folder()
    port = free_port()
    done = subprocess.run([*BYREGION, "export-static", str(export), "--port", str(port)], env=settings_env(settings),
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    nginx = start_nginx(export, port)
    try:
        apache = start_apache_export(export, free_port())
        try:
            yield Servers(app, nginx, apache, settings)
        finally:
            stop_web_server(apache, export)
    finally:
        stop_web_server(nginx, export)
        stop(app.process)
        shutil.rmtree(export, ignore_errors=True)


def get(base: str, path: str, **headers: str) -> requests.Response:
    return requests.get(base + path, headers=headers, allow_redirects=False, timeout=10)


@pytest.mark.parametrize("path", [f"/id/region/{GONE}", f"/doc/region/{GONE}", f"/doc/region/{GONE}.ttl",
                                  f"/id/region/{GONE}.ttl"])
def test_a_withdrawn_address_is_410_in_turtle_from_every_server(servers: Servers, path: str) -> None:
    for name, base in servers.each().items():
        answer = get(base, path, Accept="text/turtle")
        assert answer.status_code == 410, (name, path, answer.status_code)
        assert answer.headers["Content-Type"].startswith("text/turtle"), (name, answer.headers["Content-Type"])
        assert answer.text.startswith("# Withdrawn:"), (name, answer.text[:80])
        assert answer.headers["Access-Control-Allow-Origin"] == "*", name


def test_a_withdrawn_address_is_a_page_in_the_readers_language_and_problem_details_to_a_script(
        servers: Servers) -> None:
    for name, base in servers.each().items():
        for lang, title in (("nb", "Trukket tilbake"), ("en", "Withdrawn")):
            page = get(base, f"/doc/region/{GONE}", Accept="text/html", **{"Accept-Language": lang})
            assert page.status_code == 410 and page.headers["Content-Type"].startswith("text/html"), name
            assert title in page.text and f'href="{page_path("/dataset#versions", lang)}"' in page.text, (name, lang)
            assert page.headers.get("Content-Language") == lang, (name, lang)
        problem = get(base, f"/id/region/{GONE}", Accept="application/json")
        assert problem.status_code == 410, name
        if name != "apache":  # Apache's error bodies are its type map's: the page or RDF, never problem details
            assert problem.headers["Content-Type"] == "application/problem+json", name
            assert problem.json()["status"] == 410 and "earlier version" in problem.json()["detail"], name


def test_a_withdrawn_address_says_what_was_there_which_versions_and_where_to_go_from_every_server(
        servers: Servers) -> None:
    """Not one sentence for every withdrawn address (an archivist's review): its page names the region and its kind,
    the version that last published it and the one that withdrew it, and links the list of regions it was on."""
    for name, base in servers.each().items():
        for lang, said in (("nb", ("Her var Midt-Telemark (byregion).", "Sist publisert i versjon",
                                   "Der det hørte til")),
                           ("en", ("This was Midt-Telemark (city region).", "Last published in version",
                                   "Where it belonged"))):
            page = get(base, f"/doc/region/{GONE}", Accept="text/html", **{"Accept-Language": lang})
            assert page.status_code == 410, (name, lang)
            for text in said:
                assert text in page.text, (name, lang, text)
            assert f'href="{page_path("/doc/regions", lang)}"' in page.text, (name, lang)  # in the reader's language
            assert f'href="{page_path("/dataset#versions", lang)}"' in page.text, (name, lang)


def test_a_withdrawn_address_is_described_in_rdf_the_same_by_every_server(servers: Servers) -> None:
    """In RDF the 410 is a small description of the thing that was there: its labels, its class, when it was
    withdrawn, and rdfs:seeAlso where to go (its list); the same bytes from the app, nginx and Apache."""
    base_uri = servers.settings.base_uri
    iri = URIRef(f"{base_uri}/id/region/{GONE}")
    for accept, rdf_format in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                               ("application/rdf+xml", "xml"), ("application/ld+json", "json-ld")):
        bodies = {}
        for name, base in servers.each().items():
            answer = get(base, f"/id/region/{GONE}", Accept=accept)
            assert answer.status_code == 410, (name, accept)
            bodies[name] = answer.content
        assert len(set(bodies.values())) == 1, (accept, {k: v[:200] for k, v in bodies.items()})
        graph = Graph().parse(data=bodies["app"], format=rdf_format)
        assert {str(o) for o in graph.objects(iri, RDFS.label)} == {"Midt-Telemark"}, accept
        assert (iri, RDF.type, URIRef(f"{base_uri}/def/byregion#CityRegion")) in graph, accept
        assert (iri, RDFS.seeAlso, URIRef(f"{base_uri}/doc/regions")) in graph, accept
        assert graph.value(iri, PROV.invalidatedAtTime) is not None, accept
    # a membership whose region went too points at the list of memberships, not at its region's page (gone); what
    # was below the region (a selector of its row) where the region points
    withdrawn = open_current(servers.settings.build_dir).manifest["withdrawn"]
    members = [w for w in withdrawn if re.fullmatch(f"/doc/region/{GONE}/membership/[^/]+", w["path"])]
    assert members and {w["see"] for w in members} == {"/doc/memberships"}
    assert all(w["see"] != "/" for w in withdrawn if w["path"].startswith(f"/doc/region/{GONE}/")), withdrawn
    assert f"<{base_uri}/doc/memberships>" in get(servers.app.base, members[0]["path"] + ".nt").text


def test_what_never_was_is_still_404_and_what_is_still_303(servers: Servers) -> None:
    for name, base in servers.each().items():
        for never in (f"/doc/region/{GONE}.xyz", f"/doc/region/{GONE}.nb.ttl", f"/id/region/{GONE}.xyz"):
            assert get(base, never).status_code == 404, (name, never)  # no format of it: not its address
        assert get(base, "/id/region/never-was", Accept="text/turtle").status_code == 404, name
        assert get(base, "/doc/region/never-was.ttl").status_code == 404, name
        assert get(base, "/id/region/notodden", Accept="text/turtle").status_code == 303, name
        assert get(base, "/doc/region/notodden.ttl").status_code == 200, name


@pytest.mark.parametrize("path", [f"/doc/region/{GONE}", f"/doc/region/{GONE}.ttl", "/doc/region/never-was",
                                  "/doc/region/never-was.ttl", "/doc/region/notodden.xyz",
                                  # a graph the build has not, an id the reconciliation service does not know
                                  "/graph-store?graph=https%3A%2F%2Fdata.byregion.no%2Fgraph%2Fnone",
                                  "/reconcile/preview?id=https%3A%2F%2Fdata.byregion.no%2Fid%2Fmunicipality%2Fnone"])
def test_a_404_and_a_410_are_cached_as_long_as_a_document_by_every_server(servers: Servers, path: str) -> None:
    """Without a Cache-Control each cache in front (a CDN) kept a 404 or a 410 as long as its own defaults said
    (RFC 9111 §4.2.2: both are cacheable by default; an operator's review): every server says as long as a
    document (rules.ERROR_CACHE), so a page the next build adds is found as soon as a changed document is."""
    for name, base in servers.each().items():
        answer = get(base, path)
        assert answer.status_code in (404, 410), (name, path, answer.status_code)
        assert answer.headers.get("Cache-Control") == rules.ERROR_CACHE[1], (name, path, answer.headers)


@pytest.mark.parametrize("path", ["/id/kommunenummer/9998", "/id/kommunenummer", "/id/wikidata/Q1",
                                  "/id/kommunenummer/3007?date=2010-01-01"])
@pytest.mark.parametrize("accept", ["text/plain", "text/html", "application/problem+json"])
def test_a_look_ups_404_is_cached_as_long_as_a_document(servers: Servers, path: str, accept: str) -> None:
    """A look-up answers from the build's code history, which never changes: its 404 (a code no unit held, a scheme
    without a code, a date before the records), in every format, is kept as long as a document's, where it had
    carried no Cache-Control (an operator's review). The exports pass the app's look-ups on as they are."""
    answer = requests.get(servers.app.base + path, headers={"Accept": accept}, timeout=10)
    assert answer.status_code == 404, (path, answer.status_code, answer.text)
    assert answer.headers.get("Cache-Control") == rules.ERROR_CACHE[1], (path, answer.headers)


def test_the_api_description_names_the_410(servers: Servers) -> None:
    described = requests.get(servers.app.base + "/openapi.json", timeout=10).json()
    for path in ("/doc/{path}", "/id/{path}", "/graph/{name}"):
        assert "410" in described["paths"][path]["get"]["responses"], path


def test_a_new_build_folder_seeded_with_the_primarys_newest_build_keeps_its_410s(servers: Servers,
                                                                                  tmp_path: Path) -> None:
    """A replica's (or a recovery's) new build folder knows nothing of earlier builds: the README's recipe seeds it
    with the primary's newest build (its folder copied under its name, ``current`` linked to it), and `byregion
    build` there keeps the withdrawn addresses: the replica answers 410 where the primary does."""
    newest = (servers.settings.build_dir / "current").resolve()
    seeded = tmp_path / "replica"
    shutil.copytree(newest, seeded / newest.name)
    (seeded / "current.tmp").symlink_to(newest.name)
    os.replace(seeded / "current.tmp", seeded / "current")
    replica = replace(servers.settings, build_dir=seeded)
    done = subprocess.run([*BYREGION, "build"], env=settings_env(replica), cwd=REPO_ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    built = open_current(seeded)
    assert f"/doc/region/{GONE}" in built.info.withdrawn
    with create_app(replace(replica, follow_interval=0), built).test_client() as client:
        assert client.get(f"/doc/region/{GONE}", headers={"Accept": "text/turtle"}).status_code == 410
