"""The cross-cutting HTTP rules and the media types each have one home, and the views only adapt them to HTTP.

* The headers every surface shares (``Vary``, ``Cache-Control``, ``Link``, ``Content-Type``, ``Content-Location``,
  ``Content-Profile``, the validators, CORS and the security headers) are decided in ``byregion/serve/rules.py`` (or
  the pure module of a surface under ``byregion/serve/``): a view module (``byregion/web/*.py``) never names one, so it
  cannot set one of its own. It may read what the rules give it (``rules.CSP``, a ``Vary`` name to add).
* Every media type is written once, in ``byregion/mediatypes.py``; the rest of ``byregion/`` uses its
  names (``PLAIN_TYPE``, ``HTML_TYPE``, ``JSON.name``, …). A few strings are allowed to spell media types, each for
  the reason given in :data:`ALLOWED_LITERALS`.

Docstrings are prose and are not read. CORS alone: tests/test_cors_in_one_place.py.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from byregion import REPO_ROOT

pytestmark = pytest.mark.fast

VIEWS = sorted((REPO_ROOT / "byregion" / "web").glob("*.py"))
RUNTIME = sorted((REPO_ROOT / "byregion").rglob("*.py"))
MEDIATYPES = REPO_ROOT / "byregion" / "mediatypes.py"

#: Response headers whose rule is the same on every surface (lower case); any ``Access-Control-`` header too.
CROSS_CUTTING = frozenset({
    "vary", "cache-control", "link", "content-type", "content-location", "content-profile", "etag", "last-modified",
    "x-content-type-options", "content-security-policy", "x-frame-options", "referrer-policy",
})
#: werkzeug's shortcuts that set such a header on a response (``response.cache_control.max_age = …``).
HEADER_SHORTCUTS = frozenset({
    "cache_control", "set_etag", "add_etag", "last_modified", "expires", "content_security_policy",
    "access_control_allow_origin", "access_control_allow_methods", "access_control_allow_headers",
    "access_control_expose_headers", "access_control_max_age",
})

#: A media type (``type/subtype``) inside a string, not as part of a path or URL (``/static/text/…``).
MEDIA_TYPE = re.compile(r"(?<![\w/.-])(?:text|application|image|audio|video|font|multipart)/[A-Za-z0-9][\w.+-]*")
#: The top-level definitions (module, name) whose strings may spell media types, and why.
ALLOWED_LITERALS: dict[tuple[str, str], str] = {
    ("byregion/export/fastpath.py", "ACCEPTS"):
        "Accept headers exactly as clients write them (browsers, rdflib, Jena, crawlers): the export precomputes "
        "the answer to each string, so each is a request header's text, not a media type of ours.",
    ("byregion/export/nginx.py", "nginx_conf"):
        "the text of the generated nginx.conf (nginx's own default_type for a file no rule names), a directive of "
        "nginx's language rather than a type the app sends.",
    ("byregion/export/apache.py", "apache_conf"):
        "the text of the generated apache.conf (AddType, AddOutputFilterByType, an expression on the "
        "Content-Type), directives of httpd's language written as httpd reads them.",
}


def relative(path: Path) -> str:
    return path.relative_to(REPO_ROOT).as_posix()


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _name_of(statement: ast.stmt) -> str:
    """The name a top-level statement defines (a function, a class, an assignment's first target), else ``""``."""
    if isinstance(statement, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return statement.name
    targets = statement.targets if isinstance(statement, ast.Assign) else (
        [statement.target] if isinstance(statement, ast.AnnAssign) else [])
    return next((t.id for t in targets if isinstance(t, ast.Name)), "")


def strings(source: str) -> Iterator[tuple[str, int, str]]:
    """Every string constant of ``source`` but its docstrings (an f-string's literal parts too): the name of the
    top-level definition it is in, its line and its text."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for statement in tree.body:
        name = _name_of(statement)
        for node in ast.walk(statement):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield name, node.lineno, node.value


def header_names(source: str) -> list[tuple[int, str]]:
    """The cross-cutting headers ``source`` names (as a string) or sets through a werkzeug shortcut, by line."""
    named = [(line, text) for _, line, text in strings(source)
             if text.lower() in CROSS_CUTTING or text.lower().startswith("access-control-")]
    shortcuts = [(node.lineno, f".{node.attr}") for node in ast.walk(ast.parse(source))
                 if isinstance(node, ast.Attribute) and node.attr in HEADER_SHORTCUTS]
    return sorted(named + shortcuts)


def media_type_literals(source: str, module: str) -> list[tuple[int, str]]:
    """The media types ``source`` spells outside the definitions :data:`ALLOWED_LITERALS` allows, by line."""
    return [(line, found) for name, line, text in strings(source) if (module, name) not in ALLOWED_LITERALS
            for found in MEDIA_TYPE.findall(text)]


def test_the_checks_find_what_they_look_for() -> None:
    view = ('"""A view that says Vary and text/html in its docstring."""\n'
            'response.headers["Vary"] = "Accept"\n'
            'response.headers.extend([("Access-Control-Allow-Origin", "*")])\n'
            'response.cache_control.max_age = 300\n'
            'Response(body, content_type=f"text/plain; charset={charset}")\n')
    assert header_names(view) == [(2, "Vary"), (3, "Access-Control-Allow-Origin"), (4, ".cache_control")]
    assert media_type_literals(view, "byregion/web/example.py") == [(5, "text/plain")]
    assert media_type_literals('ACCEPTS = ("text/html",)\n', "byregion/export/fastpath.py") == []
    assert media_type_literals('path = "/static/text/a.css"\n', "byregion/example.py") == []


def test_no_view_sets_a_cross_cutting_header_itself() -> None:
    assert len(VIEWS) > 5  # the app's modules are where this looks
    spelled = [f"{relative(path)}:{line}: {name}" for path in VIEWS
               for line, name in header_names(path.read_text(encoding="utf-8"))]
    assert spelled == [], ("a view names a header whose rule every surface shares: decide it in "
                           "byregion/serve/rules.py (or the surface's module under byregion/serve/) and send what "
                           "it gives")


def test_no_media_type_is_written_outside_mediatypes() -> None:
    assert len(RUNTIME) > 50
    spelled = [f"{relative(path)}:{line}: {found}" for path in RUNTIME if path != MEDIATYPES
               for line, found in media_type_literals(path.read_text(encoding="utf-8"), relative(path))]
    assert spelled == [], "define the media type once in byregion/mediatypes.py and use its name"


def test_each_allowed_literal_is_still_needed() -> None:
    """An allowance whose definition no longer spells a media type goes, so that the list stays short."""
    unused = [f"{module}: {name}" for module, name in ALLOWED_LITERALS
              if not any(MEDIA_TYPE.search(text) for defined, _, text in
                         strings((REPO_ROOT / module).read_text(encoding="utf-8")) if defined == name)]
    assert unused == []


def test_the_security_headers_are_added_by_one_layer() -> None:
    """Every answer's security headers come from the one WSGI layer outside every surface (``wsgi.Secured``): they
    had been added at ten places by two functions that disagreed on a framable page (a code review)."""
    naming = {relative(path) for path in VIEWS
              if re.search(r"\b(with_security|security_of|security_headers)\b", path.read_text(encoding="utf-8"))}
    assert naming == {"byregion/web/wsgi.py"}, naming
    wsgi = (REPO_ROOT / "byregion" / "web" / "wsgi.py").read_text(encoding="utf-8")
    assert re.findall(r"[^`]\bwith_security\b[^`]", wsgi) == [" with_security,", "(with_security)"], \
        "imported once, and used once: the step of Secured"
