"""Path prefixes of the site that the request path needs without rdflib (:mod:`byregion.uris` mints the IRIs)."""

from __future__ import annotations

import re

#: Where the named graphs of the SPARQL dataset are; each graph's IRI is its own document (its VoID figures, who
#: made it), negotiated, or by extension.
GRAPHS = "/graph/"
#: Folder (inside a build, and under the server's root path) that holds the dumps (``/dumps/byregion.ttl.gz``).
DUMPS_FOLDER = "dumps"
#: Folder (under :data:`DUMPS_FOLDER`) of the dumps of one named graph each, by the graph's path under ``/graph/``:
#: ``/dumps/graph/reference.ttl`` holds the graph ``{base}/graph/reference``. Not ``/graph/reference.ttl``, which is
#: the graph's own document (its VoID figures) in Turtle.
GRAPH_DUMPS_FOLDER = "graph"
#: The read-only graph store (W3C SPARQL 1.1 Graph Store HTTP Protocol, indirect identification): ``?graph=<IRI>``
#: answers one named graph's dump, ``?default`` the whole dataset's (:mod:`byregion.serve.graph_store`).
GRAPH_STORE = "/graph-store"
#: The SPARQL 1.1 query endpoint (its page for a browser, its service description without a query).
SPARQL = "/sparql"
#: The build's key of the SPARQL endpoint's service description (``GET /sparql`` without a query): a document of
#: the build in each RDF format, which only the endpoint answers (no request path reaches it as a document).
SERVICE_DESCRIPTION = "!sparql"
#: The build's key of the bodies of a 404 (each format; a page in each language): not a path any request can have.
NOT_FOUND = "!404"
#: The build's key of the bodies of a 410 (each format; a page in each language): what an address an earlier build
#: published, and this one does not, answers (the build's ``withdrawn``, :mod:`byregion.build.withdrawn`).
GONE = "!410"


def gone_key(path: str) -> str:
    """The build's key of the 410 bodies of one withdrawn address, ``path`` (``!410/doc/region/x``): what it was
    and where to go (:mod:`byregion.build.withdrawn`); :data:`GONE`'s are for a build made before them."""
    return GONE + path
#: The crawlers' rules (``/robots.txt``): what they may fetch, and where the sitemap is.
ROBOTS = "/robots.txt"
#: The sitemap (``/sitemap.xml``): a list of pages, or, where the pages are more than one file of the protocol may
#: list, an index of its parts (:data:`SITEMAP_PART`).
SITEMAP = "/sitemap.xml"
#: A part of a sitemap too long for one file: ``/sitemap/1.xml``, ``/sitemap/2.xml`` … (a path of one form each).
SITEMAP_PART = r"/sitemap/[1-9][0-9]{0,5}\.xml"
_SITEMAP_PART = re.compile(SITEMAP_PART)


def is_sitemap_part(path: str) -> bool:
    """Whether ``path`` names a part of a sitemap (``/sitemap/2.xml``, :data:`SITEMAP_PART`); every document request
    asks, so the pattern runs only on a path under ``/sitemap/``."""
    return path.startswith("/sitemap/") and _SITEMAP_PART.fullmatch(path) is not None


#: The boundary layers: every municipality, or every county, of one boundary period, as one GeoJSON document for GIS
#: tools (``/doc/boundaries/2019/municipalities.geojson``), rendered when the build is made
#: (:mod:`byregion.build.render.layers`); the period is its key in ``data/reference/geo/periods.csv``.
BOUNDARIES = "/doc/boundaries/"
#: Each layer's name, by the kind of unit it holds.
LAYER_NAMES = {"municipality": "municipalities", "county": "counties"}


def boundary_layer(period: str, kind: str) -> str:
    """The document of the layer of every ``kind`` (``municipality``, ``county``) of ``period`` (``2019``):
    ``/doc/boundaries/2019/municipalities``, whose one form is GeoJSON (``….geojson``)."""
    return f"{BOUNDARIES}{period}/{LAYER_NAMES[kind]}"
