"""Another method on /sparql or /reconcile (PUT, DELETE, …) is a plain-text 405 naming the methods they answer,
in `Allow` too, with the CORS and `Vary` headers of their other answers (it was Flask's HTML page without
them, so a script could not even read the status)."""

from __future__ import annotations

from typing import Any

import pytest
import requests

pytestmark = pytest.mark.slow  # a real build; the endpoint and its stores

Endpoint = Any  # tests/sparql/conftest.py: .kind ("embedded" | "remote" | "virtuoso"), .url, .base
ALLOWED = "GET, HEAD, POST, OPTIONS"
#: What a 405 must share with the service's other answers.
SHARED = ("Access-Control-Allow-Origin", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers",
          "Access-Control-Max-Age", "Access-Control-Expose-Headers", "Vary")


def shared(response: requests.Response) -> dict[str, str | None]:
    return {name: response.headers.get(name) for name in SHARED}


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize(("path", "query"), [("/sparql", {"query": "ASK {}"}), ("/reconcile", {})])
def test_another_method_is_a_plain_405_naming_the_allowed_ones_with_the_services_cors(
        endpoint: Endpoint, method: str, path: str, query: dict[str, str]) -> None:
    answered = requests.get(endpoint.base + path, params=query, timeout=30)
    assert answered.status_code == 200 and answered.headers["Access-Control-Allow-Origin"] == "*"
    refused = requests.request(method, endpoint.base + path, params=query, data="ASK {}",
                               headers={"Origin": "https://example.org"}, timeout=30)
    assert refused.status_code == 405
    assert refused.headers["Allow"] == ALLOWED
    said = f"{path} answers GET, HEAD, POST and OPTIONS, not {method}."
    if path == "/reconcile":  # a JSON-only service: problem details, whatever the request accepts
        assert refused.headers["Content-Type"] == "application/problem+json"
        assert refused.json()["detail"] == refused.json()["message"] == said
    else:
        assert refused.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert refused.text == f"405 Method Not Allowed: {said}\n"
    # a result also varies by Accept-Encoding (it may go compressed), a refusal by Accept (problem details) but a
    # JSON-only service's, which is problem details whatever the request accepts
    vary = [v.strip() for v in (answered.headers.get("Vary") or "").split(",") if v.strip() != "Accept-Encoding"]
    by_accept = [] if "Accept" in vary or path == "/reconcile" else ["Accept"]
    wanted = {**shared(answered), "Vary": ", ".join(vary + by_accept)}
    assert shared(refused) == wanted
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
