"""Search in a static export. Search answers per request from the build's index, which a static server cannot
do: with ``--app URL`` nginx (and Apache) pass ``/search`` and ``/search.json`` to ``byregion serve``; without
it they answer 404 with a page that says search needs the Python server and where to go instead, so the search
box on every exported page leads somewhere that explains itself. Pure: names in, text out (the page is rendered
from the site's own templates).
"""

from __future__ import annotations

from byregion.mediatypes import PROBLEM
from byregion.search.words import WORDS
from byregion.serve.rules import CACHE, CORS_HEADERS

#: The page nginx and Apache answer ``/search`` with when the export has no ``--app`` (a URL path under site/).
UNAVAILABLE = "/_search/unavailable.html"
#: What nginx answers ``/search.json`` with then: the same, as problem details (the search API answers JSON only).
UNAVAILABLE_JSON = "/_search/unavailable.json"
#: The paths of search (``byregion.web.search``): nginx has an exact location for each (a regex location would be tried
#: on every request), Apache the regular expression.
NGINX_PATHS = ("/search", "/search.json")
PATHS = r"^/search(\.json)?$"


def unavailable_page() -> bytes:
    """The page, in Norwegian and English at once (a static server has no reader's language to choose by)."""
    from byregion.build.render.pages import render  # the templates: only when an export is written

    return render("needs_server.html", "nb", title=WORDS["title"], message=WORDS["needs_server"],
                  ident="search-needs-server").encode("utf-8")


def unavailable_problem() -> bytes:
    """:func:`unavailable_page`'s words as problem details, with ``error`` and ``query`` as the search API's."""
    from byregion.serve.problems import problem

    said = WORDS["needs_server"]["en"]
    return problem(404, said, error=said, query="")


def nginx_locations(app_url: str | None, security: str, cors: str = "", proxy_headers: str = "") -> str:
    """The ``location`` blocks of search; ``security`` is the add_header lines of the security headers,
    ``proxy_headers`` the ``proxy_set_header`` lines of a request passed to the app (:mod:`.forwarded`)."""
    if app_url:
        proxied = "".join(f"        location = {path} {{\n"
                          f"            proxy_pass {app_url.rstrip('/')};\n"
                          f"{proxy_headers}"
                          f"        }}\n" for path in NGINX_PATHS)
        return f"        # Search answers per request: passed to `byregion serve` (--app).\n{proxied.rstrip()}"
    unavailable = "".join(f"        location = {path} {{\n"
                          f"            error_page 404 {page};\n"
                          f"            return 404;\n"
                          f"        }}\n" for path, page in zip(NGINX_PATHS, (UNAVAILABLE, UNAVAILABLE_JSON),
                                                          strict=True))
    return (f"        # Search answers per request and needs `byregion serve`: without --app, a page saying so (404),\n"
            f"        # and to /search.json the same as problem details (RFC 9457), as the app's refusals of it.\n"
            f"{unavailable}"
            f"        location = {UNAVAILABLE} {{\n"
            f"            internal;\n"
            f"            add_header {CACHE[0]} \"{CACHE[1]}\" always;\n"
            f"{cors}"
            f"{security}\n"
            f"        }}\n"
            f"        location = {UNAVAILABLE_JSON} {{\n"
            f"            internal;\n"
            f"            types {{ }}\n"
            f"            default_type {PROBLEM.name};\n"
            f"            add_header {CACHE[0]} \"{CACHE[1]}\" always;\n"
            f"{cors}"
            f"{security}\n"
            f"        }}")


def apache_lines(app_url: str | None) -> str:
    """The Apache directives of search: the app behind ``--app``, else the page that says search needs it (404)."""
    if app_url:
        return f"ProxyPassMatch {PATHS} {app_url.rstrip('/')}/search$1\n"
    return (f"# Search needs `byregion serve` (--app): without it, a page that says so (404), to /search.json as\n"
            f"# problem details (RFC 9457).\n"
            f"RewriteEngine On\nRewriteRule {PATHS} - [R=404,L]\n"
            f"<LocationMatch \"^/search$\">\n    ErrorDocument 404 {UNAVAILABLE}\n</LocationMatch>\n"
            f"<LocationMatch \"^/search\\.json$\">\n    ErrorDocument 404 {UNAVAILABLE_JSON}\n</LocationMatch>\n"
            f"<Location \"{UNAVAILABLE}\">\n    Header always set {CACHE[0]} \"{CACHE[1]}\"\n</Location>\n"
            f"<Location \"{UNAVAILABLE_JSON}\">\n    ForceType {PROBLEM.name}\n"
            + "".join(f"    Header always set {name} \"{value}\"\n" for name, value in (CACHE, *CORS_HEADERS))
            + "</Location>\n")
