"""CORS is decided in one place (byregion/serve/rules.py): the Flask views and the services only send what it
gives them, so that a change of the rule reaches every surface of the app at once. The static export's
configurations (byregion/export/) spell it for nginx and Apache, and tests/test_static_export.py checks that
they send what the app sends."""

from __future__ import annotations

import pytest

from byregion import REPO_ROOT
from byregion.serve import rules

pytestmark = pytest.mark.fast


def test_no_view_spells_a_cors_header_of_its_own() -> None:
    views = sorted((REPO_ROOT / "byregion" / "web").rglob("*.py"))
    assert len(views) > 5  # the app's modules are where this looks
    spelled = [f"{path.relative_to(REPO_ROOT)}:{number}"
               for path in views
               for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if "Access-Control-" in line]
    assert spelled == [], "CORS headers belong in byregion/serve/rules.py"


def test_a_service_that_takes_post_answers_its_preflight_and_exposes_what_it_names() -> None:
    plain = rules.service_cors()
    assert plain["Access-Control-Allow-Origin"] == "*"
    assert "POST" in plain["Access-Control-Allow-Methods"] and "Content-Type" in plain["Access-Control-Allow-Headers"]
    assert "Access-Control-Expose-Headers" not in plain
    exposed = rules.service_cors(expose=("Retry-After", "X-Byregion-Truncated"))
    assert exposed["Access-Control-Expose-Headers"] == "Retry-After, X-Byregion-Truncated"



def test_every_preflight_may_be_kept_a_day_and_every_answer_exposes_a_300s_choice() -> None:
    """Without ``Access-Control-Max-Age`` a browser keeps a preflight 5 s: a script sending ``Accept-Profile`` or a
    validator to documents paid an ``OPTIONS`` on nearly every fetch, where the services' preflight was kept a day.
    nginx and Apache send what :func:`rules.options` sends (the parity tables of their tests)."""
    assert dict(rules.options().headers)["Access-Control-Max-Age"] == dict(rules.service_cors())[
        "Access-Control-Max-Age"] == "86400"
    assert "Location" in dict(rules.CORS_HEADERS)["Access-Control-Expose-Headers"].split(", ")


def test_a_script_reads_the_sparql_service_descriptions_etag() -> None:
    """The service description (GET /sparql without a query) is answered with an ETag, as a document: a script
    revalidating it reads it (a re-check found the endpoint exposing none)."""
    assert "ETag" in rules.SPARQL_CORS["Access-Control-Expose-Headers"].split(", ")
