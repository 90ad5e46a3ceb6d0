"""Search in a static export. Search answers per request from the build's index, which a static server cannot
do: with ``--app URL`` nginx (and Apache) pass ``/search`` and ``/search.json`` to ``byregion serve``; without
it they answer 404 with a page that says search needs the Python server and where to go instead, so the search
box on every exported page leads somewhere that explains itself. Pure: names in, text out (the page is rendered
from the site's own templates).
"""

from __future__ import annotations

from byregion.search.words import WORDS

#: The page nginx and Apache answer ``/search`` with when the export has no ``--app`` (a URL path under site/).
UNAVAILABLE = "/_search/unavailable.html"
#: The paths of search (``server.search``): nginx has an exact location for each (a regex location would be tried
#: on every request), Apache the regular expression.
NGINX_PATHS = ("/search", "/search.json")
PATHS = r"^/search(\.json)?$"


def unavailable_page() -> bytes:
    """The page, in Norwegian and English at once (a static server has no reader's language to choose by)."""
    from byregion.build.render.pages import render  # the templates: only when an export is written

    return render("search_static.html", "nb", title=WORDS["title"], message=WORDS["needs_server"]).encode("utf-8")


def nginx_locations(app_url: str | None, security: str) -> str:
    """The ``location`` blocks of search; ``security`` is the add_header lines of the security headers."""
    if app_url:
        proxied = "".join(f"        location = {path} {{\n"
                          f"            proxy_pass {app_url.rstrip('/')};\n"
                          f"            proxy_set_header Host $http_host;\n"
                          f"            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                          f"        }}\n" for path in NGINX_PATHS)
        return f"        # Search answers per request: passed to `byregion serve` (--app).\n{proxied.rstrip()}"
    unavailable = "".join(f"        location = {path} {{\n"
                          f"            error_page 404 {UNAVAILABLE};\n"
                          f"            return 404;\n"
                          f"        }}\n" for path in NGINX_PATHS)
    return (f"        # Search answers per request and needs `byregion serve`: without --app, a page saying so (404).\n"
            f"{unavailable}"
            f"        location = {UNAVAILABLE} {{\n"
            f"            internal;\n"
            f"            add_header Cache-Control \"public, max-age=300\" always;\n"
            f"{security}\n"
            f"        }}")


def apache_lines(app_url: str | None) -> str:
    """The Apache directives of search: the app behind ``--app``, else the page that says search needs it (404)."""
    if app_url:
        return f"ProxyPassMatch {PATHS} {app_url.rstrip('/')}/search$1\n"
    return (f"# Search needs `byregion serve` (--app): without it, a page that says so (404).\n"
            f"RewriteEngine On\nRewriteRule {PATHS} - [R=404,L]\n"
            f"<LocationMatch \"{PATHS}\">\n    ErrorDocument 404 {UNAVAILABLE}\n</LocationMatch>\n")
