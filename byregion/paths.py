"""Path prefixes of the site that the request path needs without rdflib (:mod:`byregion.uris` mints the IRIs)."""

from __future__ import annotations

#: Where the named graphs of the SPARQL dataset are; each graph's IRI is its own document (its VoID figures, who
#: made it), negotiated, or by extension.
GRAPHS = "/graph/"
