"""Documentation kept honest: every setting, command and route is documented, and the README opens
with exactly the two commands that CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.cli import COMMANDS, make_parser
from byregion.serve import documents
from byregion.settings import Settings
from server.app import create_app

pytestmark = pytest.mark.fast

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "docs").glob("*.md")))


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [env for env, _, _ in Settings.documentation() if f"| `{env}` |" not in README]
    assert not missing, f"settings missing from the README's table: {missing}"


def test_every_setting_documented_in_the_readme_exists() -> None:
    known = {env for env, _, _ in Settings.documentation()}
    documented = set(re.findall(r"\| `(BYREGION_[A-Z_]+)` \|", README))
    assert documented <= known, f"README documents settings that do not exist: {documented - known}"


def test_every_command_is_in_the_readme_and_explains_itself() -> None:
    parser = make_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    for name in COMMANDS:
        cli_name = name.rstrip("_").replace("_", "-")
        assert f"`byregion {cli_name}" in README, f"`byregion {cli_name}` is not in the README's command table"
        help_text = subparsers.choices[cli_name].format_help()  # type: ignore[attr-defined]
        assert len(help_text.splitlines()) > 4, f"`byregion {cli_name} --help` explains too little"


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one() -> None:
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block and README.index(block.group(0)) < 40, "the README must open with its commands"
    commands = [line.split("#", 1)[0].strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 2
    ci = Path(REPO_ROOT / ".ci/run").read_text(encoding="utf-8")
    assert commands[1] in ci, ".ci/run must call the README's test command"


def url_layout_rows() -> list[tuple[list[str], str]]:
    """(routes, example cell) of each row of the README's "URL layout" table."""
    section = README.split("\n## URL layout\n", 1)
    assert len(section) == 2, 'the README has no "## URL layout" section'
    rows = []
    for line in section[1].split("\n## ", 1)[0].splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `/") and len(cells) == 3:
            rows.append((re.findall(r"`([^`]+)`", cells[0]), cells[2]))
    return rows


def _served(settings: Settings, build: PublishedBuild) -> documents.Served:
    from server.state import ServedBuild

    return ServedBuild.open(build, settings).documents


def _get(path: str) -> documents.Request:
    return documents.Request("GET", path, {}, {"accept": "text/turtle"})


@pytest.mark.slow  # needs a real build (site_build)
def test_every_route_is_in_the_readme_url_layout_with_an_example(
        site_settings: Settings, site_build: PublishedBuild) -> None:
    app = create_app(site_settings, site_build)
    routes = {rule.rule for rule in app.url_map.iter_rules()} | set(documents.ROUTES)
    blueprints = {rule.endpoint.split(".", 1)[0] for rule in app.url_map.iter_rules() if "." in rule.endpoint}
    assert {"sparql", "dumps"} <= blueprints  # the check covers every surface: Flask's and the documents'
    for route in documents.ROUTES:  # and the documents' routes are what the handler answers
        example = route.replace("<path:path>", "region/notodden").replace("<ext>", "ttl")
        assert documents.answer(_served(site_settings, site_build), _get(example)) is not None, route
    rows = url_layout_rows()
    documented = {route for row_routes, _ in rows for route in row_routes}
    assert not routes - documented, f"routes missing from the README's URL layout: {sorted(routes - documented)}"
    assert not documented - routes, f"the README documents routes that do not exist: {sorted(documented - routes)}"
    for row_routes, example in rows:
        assert "`curl " in example, f"no curl example for {row_routes} in the README's URL layout"


def test_the_static_export_is_documented_with_how_to_run_it() -> None:
    server_md = (REPO_ROOT / "docs" / "server.md").read_text(encoding="utf-8")
    section = server_md.split("\n## Static export\n", 1)
    assert len(section) == 2, 'docs/server.md has no "## Static export" section'
    text = section[1].split("\n## ", 1)[0]
    for needed in ("byregion export-static", "nginx -p", "apache.conf", "tests/test_apache_export.py", "CDN",
                   "/sparql"):
        assert needed in text, f'docs/server.md, "Static export", does not say {needed!r}'
    assert "`byregion export-static DIR" in README
