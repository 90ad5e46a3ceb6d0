"""SPARQL, reconciliation and the graph store in a static export made without ``--app``. Queries are answered per
request by ``byregion serve``, which such an export does not have, though every page's menu, the VoID description and
the catalogue name ``/sparql``, the home page gives ``/reconcile`` to OpenRefine users, and ``/graph-store`` answers a
graph by the IRI in its query string (a static server has a file per path): nginx and Apache answer them 404 with a
page that says so and where the data is instead (the dumps), rather than their bare 404 (a Linked Data crawler's
review; a re-check for ``/reconcile``). With ``--app`` they pass them to the app (:mod:`.nginx`, :mod:`.apache`).
Pure: words in, text out (the page is rendered from the site's own templates).
"""

from __future__ import annotations

from byregion.paths import GRAPH_STORE
from byregion.serve.rules import CACHE

#: The page nginx and Apache answer ``/sparql``, ``/reconcile`` and ``/graph-store`` with when the export has no
#: ``--app`` (a URL path under site/).
UNAVAILABLE = "/_sparql/unavailable.html"
#: The paths that need the app: nginx has an exact location for each, Apache the regular expression.
PATHS = ("/sparql", "/reconcile", GRAPH_STORE)

WORDS: dict[str, dict[str, str]] = {
    "title": {"nb": "SPARQL og avstemming er ikke tilgjengelig her",
              "en": "SPARQL and reconciliation are not available here"},
    "needs_server": {
        "nb": "SPARQL-spørringer, avstemmingstjenesten for OpenRefine (/reconcile) og graflageret (/graph-store) "
              "besvares av Python-serveren (byregion serve), og denne kopien av nettstedet er statiske filer. Hele "
              "grafen kan lastes ned fra datakatalogen (/catalog) og spørres der du er, for eksempel med Oxigraph "
              "eller rdflib; hver navngitte graf har sin egen fil under /dumps/graph/.",
        "en": "SPARQL queries, the reconciliation service for OpenRefine (/reconcile) and the graph store "
              "(/graph-store) are answered by the Python server (byregion serve), and this copy of the site is "
              "static files. The whole graph can be downloaded from the catalogue (/catalog) and queried where you "
              "are, with Oxigraph or rdflib for instance; each named graph has a file of its own under "
              "/dumps/graph/.",
    },
}


def unavailable_page() -> bytes:
    """The page, in Norwegian and English at once (a static server has no reader's language to choose by)."""
    from byregion.build.render.pages import render  # the templates: only when an export is written

    return render("needs_server.html", "nb", title=WORDS["title"], message=WORDS["needs_server"],
                  ident="sparql-needs-server", links=[("/catalog", "nav_catalog")]).encode("utf-8")


def nginx_locations(security: str, cors: str) -> str:
    """The ``location`` blocks of ``/sparql``, ``/reconcile`` and ``/graph-store`` without ``--app``; ``security`` and
    ``cors`` are the add_header lines of the security and CORS headers. A POST is answered the same (nginx serves an
    ``error_page`` to any method as to GET)."""
    blocks = "".join(f"        location = {path} {{\n"
                     f"            error_page 404 {UNAVAILABLE};\n"
                     f"            return 404;\n"
                     f"        }}\n" for path in PATHS)
    return (f"        # No --app was given: /sparql, /reconcile and /graph-store are not part of this export. They,\n"
            f"        # which every page's menu, VoID, the catalogue and the home page name, answer 404 with a page\n"
            f"        # saying so; re-export with --app URL to pass them to `byregion serve`.\n"
            f"{blocks}"
            f"        location = {UNAVAILABLE} {{\n"
            f"            internal;\n"
            f"            add_header {CACHE[0]} \"{CACHE[1]}\" always;\n"
            f"{cors}"
            f"{security}\n"
            f"        }}")


def apache_lines() -> str:
    """The Apache directives of ``/sparql``, ``/reconcile`` and ``/graph-store`` without ``--app``: the page that says
    they need the app (404)."""
    paths = "|".join(p.lstrip("/") for p in PATHS)
    return (f"# /sparql, /reconcile and /graph-store need `byregion serve` (--app): without it, a page that says so "
            f"(404).\n"
            f"RewriteEngine On\nRewriteRule ^/({paths})$ - [R=404,L]\n"
            f"<LocationMatch \"^/({paths})$\">\n    ErrorDocument 404 {UNAVAILABLE}\n</LocationMatch>\n"
            f"<Location \"{UNAVAILABLE}\">\n    Header always set {CACHE[0]} \"{CACHE[1]}\"\n</Location>\n")
