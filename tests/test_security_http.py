"""Security of what the server sends, over real HTTP: the headers of every surface, every literal escaped in
HTML, and an unforeseen error answered with a plain 500 that shows no traceback."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests

from byregion.build import PublishedBuild, build, open_current
from byregion.serve.rules import CONTENT_SECURITY_POLICY, security_headers
from byregion.settings import Settings
from byregion.web.app import create_app
from tests.conftest import Server
from tests.support.servers import start_endpoint, stop
from tests.support.site import fixture_repo

pytestmark = pytest.mark.slow  # a real build and `byregion serve`

#: One request per surface and kind of answer: (what, method, path, headers, expected status).
SURFACES = [
    ("an HTML document", "GET", "/doc/region/notodden", {}, 200),
    ("a Turtle document", "GET", "/doc/region/notodden", {"Accept": "text/turtle"}, 200),
    ("RDF/XML", "GET", "/doc/region/notodden.rdf", {}, 200),
    ("the home page", "GET", "/", {}, 200),
    ("a 304", "GET", "/doc/region/notodden", {"If-None-Match": "*"}, 304),
    ("a 303", "GET", "/id/region/notodden", {}, 303),
    ("a 404 page", "GET", "/doc/region/atlantis", {}, 404),
    ("a 404 in Turtle", "GET", "/nowhere", {"Accept": "text/turtle"}, 404),
    ("a 406", "GET", "/.well-known/void", {"Accept": "text/html"}, 406),
    ("a 405", "DELETE", "/doc/region/notodden", {}, 405),
    ("a 414", "GET", "/doc/region/notodden?x=" + "a" * 3000, {}, 414),
    ("SPARQL results", "GET", "/sparql?query=ASK%20%7B%7D", {"Accept": "application/sparql-results+json"}, 200),
    ("a SPARQL refusal", "GET", "/sparql?query=nonsense", {"Accept": "application/sparql-results+json"}, 400),
    ("the SPARQL page", "GET", "/sparql", {"Accept": "text/html"}, 200),
    ("SPARQL results as a page", "GET", "/sparql?query=ASK%20%7B%7D", {"Accept": "text/html"}, 200),
    ("the service description", "GET", "/sparql", {"Accept": "text/turtle"}, 200),
    ("a dump", "GET", "/dumps/byregion.ttl", {}, 200),
    ("a missing dump", "GET", "/dumps/nothing.ttl", {}, 404),
    ("the stylesheet", "GET", "/static/style.css", {}, 200),
    ("the icon (SVG)", "GET", "/static/favicon.svg", {}, 200),
    ("health", "GET", "/health", {}, 200),
    ("the OpenAPI description", "GET", "/openapi.json", {}, 200),
]


@pytest.mark.parametrize(("method", "path", "headers", "status"), [s[1:] for s in SURFACES],
                         ids=[s[0] for s in SURFACES])
def test_every_answer_has_the_security_headers_its_type_calls_for(server: Server, method: str, path: str,
                                                                   headers: dict[str, str], status: int) -> None:
    answer = requests.request(method, server.url + path, headers=headers, allow_redirects=False, timeout=30)
    assert answer.status_code == status
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    content_type = answer.headers.get("Content-Type")
    if status == 304:
        content_type = requests.get(server.url + path, timeout=30).headers["Content-Type"]  # what it stands for
    page = len(security_headers(content_type)) > 1
    assert page == (content_type is not None and content_type.startswith(("text/html", "image/svg", "application/rdf")))
    for name, value in security_headers(content_type):
        assert answer.headers.get(name) == value, name
    if not page:
        assert "Content-Security-Policy" not in answer.headers


def test_the_policy_allows_no_inline_script_and_no_framing() -> None:
    directives = dict(d.strip().split(" ", 1) for d in CONTENT_SECURITY_POLICY.split(";"))
    assert directives["script-src"] == "'self'" and "unsafe" not in CONTENT_SECURITY_POLICY
    assert directives["frame-ancestors"] == "'none'" and directives["default-src"] == "'none'"
    assert dict(security_headers("text/html; charset=utf-8"))["X-Frame-Options"] == "DENY"


# ------------------------------------------------------------------------------------ literals escaped

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = "\"'><img onerror=alert(2) src=x>"


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory: pytest.TempPathFactory) -> PublishedBuild:
    """The site fixture with two English translations that are markup: a goal's text and an advice's title."""
    repo = tmp_path_factory.mktemp("hostile") / "repo"
    fixture_repo(repo)
    curation = repo / "data" / "curation" / "notodden.ttl"
    text = curation.read_text(encoding="utf-8")
    text = text.replace('"to develop a culture of sharing between the municipalities"@en', f'"sharing {SCRIPT}"@en')
    text = text.replace('"Start early"@en', '"start \\"\'><img onerror=alert(2) src=x>"@en')
    assert SCRIPT in text and "onerror=alert(2)" in text
    curation.write_text(text, encoding="utf-8")
    settings = Settings.from_env({}, repo_dir=repo, build_dir=repo.parent / "build", workers=1, access_log=False)
    build(settings, progress=False)
    return open_current(settings.build_dir)


def test_every_literal_is_escaped_on_the_rendered_pages(hostile_build: PublishedBuild) -> None:
    settings = Settings.from_env({}, repo_dir=hostile_build.path, build_dir=hostile_build.path.parent,
                                 access_log=False, sparql_max_concurrent=1)
    app = create_app(settings, hostile_build)
    try:
        client = app.test_client()
        page = client.get("/doc/region/notodden?lang=en").get_data(as_text=True)
        assert "sharing &lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "start &#34;&#39;&gt;&lt;img onerror=alert(2) src=x&gt;" in page
        assert SCRIPT not in page and "<img onerror" not in page
        # no script element but data blocks and the site's own files (maps.js)
        assert not re.search(r'<script(?![^>]*(?:application/ld\+json|src="/static/[a-z/]+\.js"))', page)
        turtle = client.get("/doc/region/notodden", headers={"Accept": "text/turtle"}).get_data(as_text=True)
        assert SCRIPT in turtle  # the data itself is kept as it is: only HTML escapes it
        query = 'SELECT ?t WHERE { ?g <https://schema.org/text> ?t FILTER(CONTAINS(?t, "<script>")) }'
        results = client.get("/sparql", query_string={"query": query}, headers={"Accept": "text/html"})
        html = results.get_data(as_text=True)
        assert results.status_code == 200 and "sharing &lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert SCRIPT not in html
    finally:
        app.extensions["byregion"].close()


# ------------------------------------------------------------------------------ no traceback, ever

FAILING_APP = '''
from byregion.web.app import serve_app


def make():
    """The real app with a view that fails, and a documents file closed under the document handler (both under
    /static/: only what is not a document reaches Flask)."""
    app = serve_app()

    def explode():
        raise RuntimeError("secret-detail-4711 in a view")

    app.add_url_rule("/static/explode", "explode", explode)
    app.add_url_rule("/static/close-documents", "close", lambda: (
        app.extensions["byregion"].following.current().documents.documents.close(), "closed")[1])
    return app
'''


@pytest.fixture
def failing_server(site_build: PublishedBuild, site_settings: Settings, tmp_path: Path) -> Iterator[str]:
    (tmp_path / "failing_app.py").write_text(FAILING_APP, encoding="utf-8")
    server = start_endpoint(site_settings.build_dir, {"access_log": False, "base_uri": site_settings.base_uri},
                            app="failing_app:make", pythonpath=(tmp_path,))
    try:
        yield server.base
    finally:
        stop(server.process)


def test_an_unexpected_error_is_a_plain_500_without_traceback(failing_server: str) -> None:
    in_view = requests.get(failing_server + "/static/explode", timeout=30)
    assert requests.get(failing_server + "/static/close-documents", timeout=30).text == "closed"
    in_handler = requests.get(failing_server + "/doc/region/notodden", headers={"Accept": "text/turtle"}, timeout=30)
    for answer in (in_view, in_handler):
        assert answer.status_code == 500
        assert answer.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert answer.headers["X-Content-Type-Options"] == "nosniff"
        assert answer.text.startswith("500 Internal Server Error: the server failed unexpectedly")
        for leak in ("Traceback", "secret-detail", "File \"", "sqlite", "ProgrammingError"):
            assert leak not in answer.text, leak


def test_the_app_is_never_in_debug_mode(site_settings: Settings, site_build: PublishedBuild) -> None:
    app = create_app(replace(site_settings, access_log=False), site_build)
    try:
        assert not app.debug and not app.testing and not app.config["PROPAGATE_EXCEPTIONS"]
    finally:
        app.extensions["byregion"].close()
