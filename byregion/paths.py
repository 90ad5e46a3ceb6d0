"""Path prefixes of the site that the request path needs without rdflib (:mod:`byregion.uris` mints the IRIs)."""

from __future__ import annotations

#: Where the named graphs of the SPARQL dataset are; each graph's IRI is its own document (its VoID figures, who
#: made it), negotiated, or by extension.
GRAPHS = "/graph/"
#: Folder (inside a build, and under the server's root path) that holds the dumps (``/dumps/byregion.ttl.gz``).
DUMPS_FOLDER = "dumps"
#: The build's key of the SPARQL endpoint's service description (``GET /sparql`` without a query): a document of
#: the build in each RDF format, which only the endpoint answers (no request path reaches it as a document).
SERVICE_DESCRIPTION = "!sparql"
