"""SPARQL in a static export made without ``--app``. Queries are answered per request by ``byregion serve``, which
such an export does not have, though every page's menu, the VoID description and the catalogue name ``/sparql``:
nginx and Apache answer it 404 with a page that says so and where the data is instead (the dumps), rather than
their bare 404 (a Linked Data crawler's review). With ``--app`` they pass it to the app (:mod:`.nginx`,
:mod:`.apache`). Pure: words in, text out (the page is rendered from the site's own templates).
"""

from __future__ import annotations

#: The page nginx and Apache answer ``/sparql`` with when the export has no ``--app`` (a URL path under site/).
UNAVAILABLE = "/_sparql/unavailable.html"

WORDS: dict[str, dict[str, str]] = {
    "title": {"nb": "SPARQL er ikke tilgjengelig her", "en": "SPARQL is not available here"},
    "needs_server": {
        "nb": "SPARQL-spørringer besvares av Python-serveren (byregion serve), og denne kopien av nettstedet er "
              "statiske filer. Hele grafen kan lastes ned fra datakatalogen (/catalog) og spørres der du er, for "
              "eksempel med Oxigraph eller rdflib.",
        "en": "SPARQL queries are answered by the Python server (byregion serve), and this copy of the site is "
              "static files. The whole graph can be downloaded from the catalogue (/catalog) and queried where you "
              "are, with Oxigraph or rdflib for instance.",
    },
}


def unavailable_page() -> bytes:
    """The page, in Norwegian and English at once (a static server has no reader's language to choose by)."""
    from byregion.build.render.pages import render  # the templates: only when an export is written

    return render("needs_server.html", "nb", title=WORDS["title"], message=WORDS["needs_server"],
                  ident="sparql-needs-server", links=[("/catalog", "nav_catalog")]).encode("utf-8")


def nginx_locations(security: str) -> str:
    """The ``location`` blocks of ``/sparql`` without ``--app``; ``security`` is the add_header lines of the security
    headers. A POST is answered the same (nginx serves an ``error_page`` to any method as to GET)."""
    return (f"        # No --app was given: /sparql (and /reconcile) are not part of this export. /sparql, which\n"
            f"        # every page's menu, VoID and the catalogue name, answers 404 with a page saying so; re-export\n"
            f"        # with --app URL to pass them to `byregion serve`.\n"
            f"        location = /sparql {{\n"
            f"            error_page 404 {UNAVAILABLE};\n"
            f"            return 404;\n"
            f"        }}\n"
            f"        location = {UNAVAILABLE} {{\n"
            f"            internal;\n"
            f"            add_header Cache-Control \"public, max-age=300\" always;\n"
            f"{security}\n"
            f"        }}")


def apache_lines() -> str:
    """The Apache directives of ``/sparql`` without ``--app``: the page that says it needs the app (404)."""
    return (f"# /sparql needs `byregion serve` (--app): without it, a page that says so (404).\n"
            f"RewriteEngine On\nRewriteRule ^/sparql$ - [R=404,L]\n"
            f"<LocationMatch \"^/sparql$\">\n    ErrorDocument 404 {UNAVAILABLE}\n</LocationMatch>\n")
