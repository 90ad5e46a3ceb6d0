"""``/openapi.json`` describes every route the server answers (it is made from the routes: a route added
anywhere is described or this fails), and schemathesis, run against the live server from that description,
finds no server error, no undocumented status and no body of another shape than described."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from byregion.build import PublishedBuild
from byregion.serve import documents
from byregion.settings import Settings
from byregion.web.app import create_app
from byregion.web.openapi import document
from tests.support.servers import start_endpoint, stop

pytestmark = pytest.mark.slow  # a real build; schemathesis against granian

SCHEMATHESIS = Path(sys.executable).parent / "st"
#: Bounds of the schemathesis run: examples per operation and phase (17 s alone; with 10, 34 s within the suite),
#: and the time after which a run that hangs is stopped (not passed as --max-time: with it, schemathesis goes on
#: fuzzing until the time is spent). The run's time is not asserted: a test that fails on a busy machine tells
#: nothing of the server (one did, at 62 s, while reviewers' builds ran beside the suite); its speed is the
#: benchmarks' to measure.
MAX_EXAMPLES = 5
MAX_SECONDS = 120


def test_every_route_is_described_with_its_methods(site_settings: Settings, site_build: PublishedBuild) -> None:
    app = create_app(site_settings, site_build)
    try:
        described = document(app, site_build)
    finally:
        app.extensions["byregion"].close()
    expected: dict[str, set[str]] = {route: {"get", "head", "options"} for route in documents.ROUTES}
    for rule in app.url_map.iter_rules():
        expected.setdefault(rule.rule, set()).update(m.lower() for m in rule.methods or () if m != "TRACE")
    assert {"/sparql", "/dumps/<name>", "/health", "/openapi.json", "/static/<path:filename>"} <= set(expected)
    for rule, methods in expected.items():
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)
        assert path in described["paths"], f"{rule} is not described in /openapi.json"
        operations = {k for k in described["paths"][path] if k != "parameters"}
        assert methods <= operations, f"{rule}: {sorted(methods - operations)} not described"
        for method in methods:
            operation = described["paths"][path][method]
            assert operation["summary"] and operation["responses"], f"{method} {rule}"
    assert len(described["paths"]) == len(expected)  # and nothing that is not a route
    post = described["paths"]["/sparql"]["post"]["requestBody"]["content"]
    assert set(post) == {"application/x-www-form-urlencoded", "application/sparql-query"}


def test_schemathesis_finds_no_failure_against_the_live_server(site_settings: Settings,
                                                              site_build: PublishedBuild) -> None:
    server = start_endpoint(site_settings.build_dir, {"access_log": False, "base_uri": site_settings.base_uri})
    try:
        run = subprocess.run(
            [str(SCHEMATHESIS), "run", server.base + "/openapi.json", "--url", server.base,
             "--checks", "not_a_server_error,status_code_conformance,response_schema_conformance",
             "--phases", "examples,coverage,fuzzing",
             "--max-examples", str(MAX_EXAMPLES), "--workers", "1", "--seed", "1",
             "--no-color"], capture_output=True, text=True, timeout=MAX_SECONDS)
    finally:
        stop(server.process)
    summary = run.stdout[-4000:]
    assert run.returncode == 0, summary + run.stderr[-2000:]
    generated = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
    assert generated and generated.group(1) == generated.group(2) and int(generated.group(1)) > 500, summary


def test_a_generated_client_gets_names_types_and_examples_that_exist(site_settings: Settings,
                                                                    site_build: PublishedBuild) -> None:
    """What an API client developer's review found a code generator lacked: a unique operationId on every operation,
    JSON bodies as JSON objects (not strings), /search.json as JSON only, source files as files (not negotiated),
    extensions each route answers, and path examples that answer (they had pointed every {name} at a dump)."""
    app = create_app(site_settings, site_build)
    try:
        described = document(app, site_build)
        client = app.test_client()
        operations = [(path, method, op) for path, item in described["paths"].items()
                      for method, op in item.items() if method != "parameters"]
        ids = [op["operationId"] for _, _, op in operations]
        assert len(ids) == len(set(ids)) == len(operations)
        assert described["paths"]["/doc/{path}"]["get"]["operationId"] == "get_doc_path"
        for path, method, op in operations:
            for status, response in op["responses"].items():
                for media_type, body in response.get("content", {}).items():
                    json_like = media_type == "application/json" or media_type.split(";")[0].endswith("+json")
                    schema = _resolved(body["schema"], described)
                    kinds = schema.get("type")
                    assert ("object" in (kinds or ()) if json_like else kinds == "string"), (method, path, status,
                                                                                            media_type)
                    if kinds == "object":  # members a generated client can read: listed, or open
                        assert schema.get("properties") or "additionalProperties" in schema, (method, path, status)
        assert set(described["paths"]["/search.json"]["get"]["responses"]["200"]["content"]) == {"application/json"}
        source = described["paths"]["/source/{name}"]["get"]
        assert not {p["name"] for p in source["parameters"]} & {"Accept", "_mediatype", "_profile", "Range"}
        assert "406" not in source["responses"]
        search = {p["name"]: p["schema"] for p in described["paths"]["/search.json"]["get"]["parameters"]}
        assert search["limit"]["maximum"] == site_settings.search_limit  # the settings, as the server holds them
        assert search["page"]["maximum"] == site_settings.search_max_page
        assert search["lang"]["enum"] == ["nb", "en"]
        assert search["kind"] == {"type": "array", "items": {"type": "string"}}  # repeated: any of them
        assert client.get(f"/search.json?q=notodden&limit={site_settings.search_limit + 1}").status_code == 400
        [ext] = described["paths"]["/.well-known/void.{ext}"]["parameters"]
        assert "html" not in ext["schema"]["enum"] and "ttl" in ext["schema"]["enum"]
        for path, item in described["paths"].items():
            parameters = {p["name"]: p.get("example") for p in item.get("parameters", [])}
            if not parameters or None in parameters.values() or "get" not in item:
                continue
            url = path.format(**parameters)
            answer = client.get(url, headers={"Accept": "*/*"})
            assert answer.status_code in (200, 300, 303), f"the example {url} of {path} answers {answer.status_code}"
    finally:
        app.extensions["byregion"].close()


def _resolved(schema: dict[str, Any], described: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with a ``$ref`` to the components, or the first of its ``allOf``, followed."""
    if "allOf" in schema:
        return _resolved(schema["allOf"][0], described)
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return _resolved(described["components"]["schemas"][name], described)
    return schema


#: Real answers whose bodies a generated client reads, each with the route and status it is described under:
#: (path of the description, method, URL, Accept, status).
READ_BY_CLIENTS = [
    ("/id/kommunenummer/{code}", "get", "/id/kommunenummer/0822?date=2024-06-01", "application/json", "404"),
    ("/id/kommunenummer/{code}", "get", "/id/kommunenummer/K-0301", "application/json", "400"),
    ("/sparql", "get", "/sparql?query=SELECT%20%3Fs%20%3Fp%20WHERE%20%7B%3Fs%20%3Fp%20%3Fo%7D%20LIMIT%203",
     "application/sparql-results+json", "200"),
    ("/sparql", "get", "/sparql?query=ASK%7B%7D", "application/sparql-results+json", "200"),
    ("/sparql", "get", "/sparql?query=DESCRIBE%20%3Chttps%3A%2F%2Fdata.byregion.no%2Fid%2Fregion%2Fnotodden%3E",
     "application/ld+json", "200"),
    ("/sparql", "get", "/sparql", "application/ld+json", "200"),  # the service description
    ("/doc/{path}", "get", "/doc/region/notodden", "application/ld+json", "200"),
    ("/doc/{path}", "get", "/doc/municipality/notodden", "application/geo+json", "200"),
    ("/id/kommunenummer/{code}", "get", "/id/kommunenummer/0807", "application/ld+json", "200"),  # followed: the 200
    ("/id/{path}", "get", "/id/region/notodden", "application/ld+json", "200"),
    ("/health", "get", "/health", "application/json", "200"),
    ("/reconcile/suggest/entity", "get", "/reconcile/suggest/entity?prefix=noto", "application/json", "200"),
    ("/search.json", "get", "/search.json?q=notodden", "application/json", "200"),
    ("/search.json", "get", "/search.json?kind=municipality&q=notodden", "application/json", "200"),
    ("/search.json", "get", "/search.json?kind=nothing&q=notodden", "application/problem+json", "400"),
]


@pytest.mark.parametrize(("path", "method", "url", "accept", "status"), READ_BY_CLIENTS,
                         ids=[r[2][:40] for r in READ_BY_CLIENTS])
def test_what_a_client_reads_has_the_shape_the_description_gives(site_settings: Settings, site_build: PublishedBuild,
                                                                path: str, method: str, url: str,
                                                                accept: str, status: str) -> None:
    """A front-end review's generated client could read nothing of 122 JSON answers, each described as a bare
    object: the SPARQL results, JSON-LD, GeoJSON, /health and the suggestions now have their shapes, and a look-up
    its document (what fetch ends with after the 303). Each real answer is validated against its description."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    app = create_app(site_settings, site_build)
    try:
        described = document(app, site_build)
        answer = app.test_client().get(url, headers={"Accept": accept}, follow_redirects=True)
    finally:
        app.extensions["byregion"].close()
    assert answer.status_code == int(status), (url, answer.status_code)
    media_type = answer.headers["Content-Type"].split(";")[0]
    schema = described["paths"][path][method]["responses"][status]["content"][media_type]["schema"]
    registry = Registry().with_resource("urn:openapi", Resource.from_contents(
        {"$schema": "https://json-schema.org/draft/2020-12/schema", **described}))
    # the response's schema, its references (also nested: a search's problem is allOf Problem and its members) read
    # in the description (a registered resource)
    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: v.replace("#/components", "urn:openapi#/components") if k == "$ref" else resolve(v)
                    for k, v in node.items()}
        return [resolve(v) for v in node] if isinstance(node, list) else node

    resolved = resolve(schema)
    errors = [e.message for e in Draft202012Validator(resolved, registry=registry).iter_errors(answer.get_json())]
    assert errors == [], (url, errors[:3])
