"""Documentation kept honest: every setting, command and route is documented, and the README opens
with exactly the two commands that CI runs."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from byregion import REPO_ROOT
from byregion.build import PublishedBuild
from byregion.cli import COMMANDS, make_parser
from byregion.serve import documents
from byregion.settings import Settings
from byregion.web.app import create_app

pytestmark = pytest.mark.fast

README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
DOCS = README + "".join(p.read_text(encoding="utf-8") for p in sorted((REPO_ROOT / "docs").glob("*.md")))


#: A module constant whose name says it bounds something (MAX_, _LIMIT, _TIMEOUT, …) is a limit, and a limit is a
#: setting (``byregion/settings.py``, documented in the README). These are not limits on a request or an operation
#: but facts of a format or rules of a heuristic, each with why.
NOT_LIMITS = {
    "MAX_URLS": "the sitemap protocol's own most URLs in one file; BYREGION_SITEMAP_URLS chooses fewer",
    "MAX_BYTES": "the sitemap protocol's own most bytes in one file (50 MB)",
    "GZIP_FROM_BYTES": "documents smaller than this are not stored gzipped: gzip would not pay",
    "PAGE_CACHE_BYTES": "each thread's SQLite page cache of the rendered documents: what it bounds is the server's "
                        "memory (threads times this), not what a client may ask",
    "MAX_SUGGESTIONS": "how many close terms the query page's hint names (sparql/hints.py): wording, no resource",
    "MAX_HINTS": "how many terms the query page's hint names (sparql/hints.py): a page's length, not a resource",
    "MAX_TERMS": "the distinct terms of a query the page's hint compares (sparql/hints.py); the query's own size is "
                 "BYREGION_SPARQL_MAX_QUERY_BYTES",
    "MIN_BUCKET": "nginx's own hash sizing rule (export/nginx_hash.py)",
    "MIN_TABLE": "nginx's own hash sizing rule (export/nginx_hash.py)",
    "VARIABLES_HASH_MAX_SIZE": "nginx's table of variable names, fitted to the configuration (export/nginx.py)",
    "MIN_SHARED_BORDER_M": "what counts as a shared border between two municipalities (geometry)",
    "MIN_COVERED_SHARE": "what counts as lying within a region (geometry)",
    "MAX_NAME_WORDS": "how long a region's name in a heading can be (the importer's reading of the template)",
    "_MAX_TITLE_WORDS": "how long a page's title line can be (the importer's reading of the template)",
    "_MAX_SUBHEADING_WORDS": "how long a subheading can be (the importer's reading of the template)",
    "_MAX_SUBHEADING_CHARS": "how long a subheading can be (the importer's reading of the template)",
    "_MAX_FRAGMENT_WORDS": "how short a line must be to be a wrapped fragment (the importer)",
    "_MAX_HEADING_LINE_CHARS": "how long each line of a heading broken over two may be (the importer's reading)",
    "_MAX_RUNNING_HEAD_WORDS": "how many words a printed page's running header has (the importer's reading)",
    "_MIN_PROSE_WORDS": "how many words make a paragraph after a facts block text (the importer's reading)",
    "PART_MIN_LENGTH": "how long a part of a double name must be to count as another form of a name (scoring)",
    "_MAX_TITLE_WORDS_OF_PAGE": "how long a page's first line may be and still be its title (the importer)",
    "MIN_WORDS": "how many Nynorsk words make a page Nynorsk (the importer's reading of the language)",
    "MIN_ENGLISH_WORDS": "how many common English words make a page read as English (the importer's reading of "
                         "a page's language)",
    "MIN_LABEL_LENGTH": "shortest theme label matched in text (theme tagging)",
    "MIN_OWN_DESCRIPTION": "how short a thing's own description may be and still be its page's meta description "
                           "(wording for search engines, byregion/pages.py)",
    "NATIONAL_MIN_AREA": "smallest island drawn on the national map",
    "LOCAL_MIN_SPAN_KM": "smallest extent of a region's map",
    "COUNTY_MIN_AREA": "smallest island drawn on a county's map",
    "COUNTY_NAMES_MAX": "how many names a county's map writes before they would overlap (drawing)",
    "LINE_SECONDS": "how often a progress line is written where there is no terminal",
    "DEFAULT_SUGGEST_LIMIT": "the Reconciliation API's default, under BYREGION_RECONCILE_MAX_CANDIDATES",
    "COOKIE_MAX_AGE": "how long the language cookie lasts",
    "CHUNK_BYTES": "the size of the reads a file is sent in",
    "END_WAIT": "how long a build's worker that has answered every task gets to end before it is killed: it has "
                "nothing left to do (byregion/workers.py)",
}
_LIMIT_NAME = re.compile(r"(^|_)(MAX|MIN|LIMIT|KEEP|TIMEOUT|SECONDS|RETRY|WAIT|BYTES|AGE|DEPTH)(_|$)")


def _numeric(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.BinOp):
        return _numeric(node.left) and _numeric(node.right)
    return isinstance(node, ast.UnaryOp) and _numeric(node.operand)


def test_no_limit_is_a_module_constant_outside_the_settings() -> None:
    found = set()
    for path in sorted((REPO_ROOT / "byregion").rglob("*.py")):
        if path.name == "settings.py":
            continue
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None and _numeric(node.value):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                found |= {f"{path.relative_to(REPO_ROOT)}: {t.id}" for t in targets
                          if isinstance(t, ast.Name) and _LIMIT_NAME.search(t.id.lstrip("_"))
                          and t.id not in NOT_LIMITS}
    assert not found, f"limits written as constants (make each a setting, or say in NOT_LIMITS why not): {found}"


def test_every_setting_is_in_the_readme_table() -> None:
    missing = [env for env, _, _ in Settings.documentation() if f"| `{env}` |" not in README]
    assert not missing, f"settings missing from the README's table: {missing}"


#: Settings whose default is the machine's (its CPUs), which the README says in words.
MACHINE_DEFAULTS = {"BYREGION_WORKERS", "BYREGION_VALIDATION_JOBS"}


def _readme_text(text: str) -> str:
    """A README cell as the setting's own text says it: no code marks, no links to the docs."""
    return re.sub(r" \(\[[^]]*\]\([^)]*\)\)", "", text).replace("`", "")


def test_the_readme_table_says_what_the_settings_say() -> None:
    """Each row's default and description are the setting's own (``Settings.documentation``, which --help and the
    errors read), so the table cannot drift from the code."""
    rows = {m[0]: (m[1], m[2]) for m in re.findall(r"^\| `(BYREGION_[A-Z_]+)` \| (.*?) \| (.*) \|$", README, re.M)}
    for env, default, text in Settings.documentation():
        shown, described = rows[env]
        if env not in MACHINE_DEFAULTS:
            written = {"": "(empty)", "True": "`true`", "False": "`false`"}.get(default, f"`{default}`")
            assert shown == written, f"{env}: the README's default is {shown}, the setting's {written}"
        assert _readme_text(described) == _readme_text(text), f"{env}: the README's description is not the setting's"


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
        # the top-level --help promises each command's exit codes, and a script needs them
        codes = help_text.partition("exit codes: ")[2]
        assert codes.startswith("0 ") and re.search(r"(^|\s)2 ", codes), f"`byregion {cli_name} --help`: exit codes"
        assert "``" not in help_text, f"`byregion {cli_name} --help` shows reStructuredText's double backticks"
    # a build deletes older builds: said where an operator looks first, with the setting that keeps them (a review)
    assert "BYREGION_KEEP_BUILDS" in subparsers.choices["build"].format_help()  # type: ignore[attr-defined]


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
    from byregion.serve.following import ServedBuild

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
        example = route.replace("<path:path>", "region/notodden").replace("<ext>", "ttl").replace("<part>", "1")
        assert documents.answer(_served(site_settings, site_build), _get(example)) is not None, route
    for rule in app.url_map.iter_rules():  # and Flask's reach Flask: the documents' handler takes every other path
        fixed = rule.rule.split("<", 1)[0]  # a route missing from documents.ELSEWHERE would be their 404 (a review)
        assert documents.elsewhere(fixed if "<" not in rule.rule else fixed + "x"), rule.rule
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
