"""Every media-type table of the project, in one module.

RDF document formats (resources, catalogue, dumps, CONSTRUCT results) and SPARQL result formats
(SELECT/ASK). Each entry knows its file extension, its rdflib / pyoxigraph format name, and the
W3C format IRI (``http://www.w3.org/ns/formats/…``) used in service descriptions and VoID.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaType:
    name: str  # canonical media type
    extension: str  # without the dot
    label: str  # human name, for pages and 406 bodies
    rdflib_format: str | None = None  # serializer name in rdflib; None for non-RDF
    w3c_format: str | None = None  # http://www.w3.org/ns/formats/... IRI
    aliases: tuple[str, ...] = ()  # other media types that mean the same
    eu_file_type: str | None = None  # EU file-type authority code (DCAT dct:format)


HTML = MediaType("text/html", "html", "HTML", aliases=("application/xhtml+xml",))
#: Turtle also answers N3 (``text/n3``, ``text/rdf+n3``) and TriG (``application/trig``), of which it is a part:
#: every Turtle document is N3, and TriG of its default graph. rdflib's ``Graph().parse(url, format="n3")`` asks
#: for ``text/n3`` alone (with ``*/*;q=0.1``), ``Dataset().parse(url, format="trig")`` for ``application/trig``.
TURTLE = MediaType("text/turtle", "ttl", "Turtle", "turtle", "http://www.w3.org/ns/formats/Turtle",
                   ("application/x-turtle", "text/n3", "text/rdf+n3", "application/trig"), "RDF_TURTLE")
#: JSON-LD also answers a plain ``application/json``, named exactly: JSON-LD is JSON (JSON-LD 1.1 §9), and a
#: script's ``fetch(url, {headers: {Accept: "application/json"}})`` gets the description rather than a 406; and
#: SPARQLWrapper's ``application/x-json+ld``.
JSONLD = MediaType("application/ld+json", "jsonld", "JSON-LD", "json-ld", "http://www.w3.org/ns/formats/JSON-LD",
                   ("application/json", "application/x-json+ld"), "JSON_LD")
#: N-Triples also answers N-Quads (``application/n-quads``), of which it is a part: every N-Triples document is
#: N-Quads of its default graph (a client review: Comunica asks for N-Quads first, rdflib's quads by it).
NTRIPLES = MediaType("application/n-triples", "nt", "N-Triples", "nt11", "http://www.w3.org/ns/formats/N-Triples",
                     ("text/plain", "application/n-quads"), "RDF_N_TRIPLES")
RDFXML = MediaType("application/rdf+xml", "rdf", "RDF/XML", "xml", "http://www.w3.org/ns/formats/RDF_XML",
                   ("application/xml", "text/xml"), "RDF_XML")
TRIG = MediaType("application/trig", "trig", "TriG", "trig", "http://www.w3.org/ns/formats/TriG", (), "RDF_TRIG")
NQUADS = MediaType("application/n-quads", "nq", "N-Quads", "nquads", "http://www.w3.org/ns/formats/N-Quads",
                   (), "RDF_N_QUADS")

#: Compression of the dumps (``.gz``); as a DCAT ``dcat:compressFormat``, not a document format.
GZIP = MediaType("application/gzip", "gz", "gzip", aliases=("application/x-gzip",), eu_file_type="GZIP")

#: Plain text: the refusals and messages of every surface, ``/robots.txt``, a source document (``dct:format``).
PLAIN = MediaType("text/plain", "txt", "Plain text")
#: Problem details (RFC 9457): an error as JSON, for clients that ask for JSON (``application/json`` included);
#: the search API's and the reconciliation service's errors always (:mod:`byregion.serve.problems`).
PROBLEM = MediaType("application/problem+json", "json", "Problem details (RFC 9457)", aliases=("application/json",))
#: XML that is no RDF: the sitemap (``/sitemap.xml``).
XML = MediaType("application/xml", "xml", "XML", aliases=("text/xml",))
#: SVG, a static file (the icon): a page to a browser, which may run its script.
SVG = MediaType("image/svg+xml", "svg", "SVG")

#: Request bodies: a form (the SPARQL protocol's and the reconciliation service's; OpenRefine posts the first), and
#: the SPARQL protocol's query and update bodies (the endpoint refuses an update; ``byregion publish`` sends one to a
#: remote store).
FORM = "application/x-www-form-urlencoded"
MULTIPART_FORM = "multipart/form-data"
SPARQL_QUERY = "application/sparql-query"
SPARQL_UPDATE = "application/sparql-update"
#: The EU file type of a SPARQL endpoint as a distribution's ``dct:format`` ("SPARQL query"; ckanext-dcat's and
#: data.europa.eu's reading of an endpoint).
SPARQL_ENDPOINT_FILE_TYPE = "SPARQLQ"


def utf8(name: str) -> str:
    """The ``Content-Type`` we send a media type named ``name`` as: a ``text/`` type with ``charset=utf-8`` (every
    text of ours is UTF-8, and a text type without a charset may be read otherwise), any other type as it is (its
    own specification says its encoding: JSON, RDF/XML and N-Triples are UTF-8 by definition or by declaration)."""
    return name + ("; charset=utf-8" if name.startswith("text/") else "")


def content_type(media_type: MediaType) -> str:
    """:func:`utf8` of ``media_type``: how a document, a dump or a static file of this type is sent."""
    return utf8(media_type.name)


def result_content_type(name: str) -> str:
    """The ``Content-Type`` of a SPARQL result (or of the endpoint's answer) of the media type ``name``: with
    ``charset=utf-8`` for text, and also for the JSON, XML and N-Triples types, which some SPARQL clients decode
    by the charset alone; any other type as it is."""
    return f"{name}; charset=utf-8" if name.startswith("text/") or name.endswith(("json", "xml", "triples")) else name


#: The ``Content-Type`` of a plain-text answer (a refusal, an error, ``/robots.txt``) and of a page, as sent.
PLAIN_TYPE = content_type(PLAIN)
HTML_TYPE = content_type(HTML)

#: What every resource document is offered as, in server preference order (first = default for */*).
DOCUMENT_TYPES: tuple[MediaType, ...] = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML)
#: The catalogue's and the dataset description's formats: Turtle first, for the harvesters that send ``*/*`` (or no
#: Accept) and read the answer by its type (ckanext-dcat's requests, a plain ``curl``); a browser names text/html.
HARVESTED_TYPES: tuple[MediaType, ...] = (TURTLE, HTML, JSONLD, NTRIPLES, RDFXML)
#: GeoJSON (RFC 7946): offered besides :data:`DOCUMENT_TYPES` by the documents of things with a geometry
#: (municipalities, counties, regions and their geometries; docs/server.md "GeoJSON").
GEOJSON = MediaType("application/geo+json", "geojson", "GeoJSON", aliases=("application/vnd.geo+json",),
                    eu_file_type="GEOJSON")
#: Every format some document is offered in, in server preference order: what a path's extension, a
#: ``?_mediatype=`` and a 404 are read against (a document offers those of its own formats).
SERVED_TYPES: tuple[MediaType, ...] = (*DOCUMENT_TYPES, GEOJSON)
#: Aliases that name a kind of text rather than one format (JSON, plain text, XML): at equal q, a format named by its
#: own name, or by an alias of its own, wins against one named by these (``application/geo+json, application/json``
#: is GeoJSON).
SHARED_NAMES = frozenset({"application/json", "text/plain", "application/xml", "text/xml"})
#: Graph formats (no HTML), for CONSTRUCT/DESCRIBE results and RDF-only documents.
RDF_TYPES: tuple[MediaType, ...] = (TURTLE, JSONLD, NTRIPLES, RDFXML)

SPARQL_JSON = MediaType("application/sparql-results+json", "srj", "SPARQL results JSON",
                        w3c_format="http://www.w3.org/ns/formats/SPARQL_Results_JSON",
                        aliases=("application/json",))
SPARQL_XML = MediaType("application/sparql-results+xml", "srx", "SPARQL results XML",
                       w3c_format="http://www.w3.org/ns/formats/SPARQL_Results_XML",
                       aliases=("application/xml", "text/xml"))
SPARQL_CSV = MediaType("text/csv", "csv", "CSV", w3c_format="http://www.w3.org/ns/formats/SPARQL_Results_CSV")
SPARQL_TSV = MediaType("text/tab-separated-values", "tsv", "TSV",
                       w3c_format="http://www.w3.org/ns/formats/SPARQL_Results_TSV")

#: CONSTRUCT and DESCRIBE results: the documents' graph formats, with their other names (a plain
#: ``application/json`` is JSON-LD, as it is SPARQL JSON for SELECT and ASK: clients ask a SPARQL endpoint for "JSON"
#: whatever the form; ``text/n3`` is Turtle).
GRAPH_RESULT_TYPES: tuple[MediaType, ...] = RDF_TYPES
#: SELECT results, in server preference order.
SELECT_TYPES: tuple[MediaType, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)
#: ASK results (CSV/TSV are not defined for booleans by the W3C specs; we follow Oxigraph and Jena).
ASK_TYPES: tuple[MediaType, ...] = (SPARQL_JSON, SPARQL_XML, SPARQL_CSV, SPARQL_TSV)

#: The look-ups' tables for spreadsheets (``/doc/municipalities.csv``, RFC 4180 with a header row) and their
#: CSV on the Web metadata (``…csv-metadata.json``, W3C Metadata Vocabulary for Tabular Data).
CSV_TABLE = MediaType("text/csv", "csv", "CSV", eu_file_type="CSV")
CSV_TABLE_TYPE = "text/csv; charset=utf-8; header=present"  # as served: RFC 4180 §3's parameters
CSVW_METADATA = MediaType("application/csvm+json", "json", "CSVW metadata",
                          w3c_format="http://www.w3.org/ns/csvw")

#: Markdown (RFC 7763): the research notes beside the programme's tables (a source document), and the notes
#: beside the SPARQL page's script (a static file). One Content-Type for both: the static export names a file's
#: type by its extension alone.
MARKDOWN = MediaType("text/markdown", "md", "Markdown")
MARKDOWN_TYPE = utf8(MARKDOWN.name)

#: The source documents (``/source/notodden.txt``, ``/source/programme/regions.csv``,
#: ``/source/programme/README.md``), as received, by extension.
SOURCE_TYPES: dict[str, str] = {".txt": PLAIN_TYPE, ".csv": CSV_TABLE_TYPE, ".md": MARKDOWN_TYPE}

#: The server's own files (``/static/style.css``, the SPARQL page's script), by extension: what the app sends them as
#: (:mod:`byregion.serve.files`); a file of another extension is not served.
STATIC_TYPES: dict[str, str] = {".css": utf8("text/css"), ".js": utf8("text/javascript"), ".svg": SVG.name,
                                ".md": MARKDOWN_TYPE}

#: Search results (``/search``): the page, or JSON (``byregion.serve.search``), in server preference order.
JSON = MediaType("application/json", "json", "JSON")
SEARCH_TYPES: tuple[MediaType, ...] = (HTML, JSON)

ALL: tuple[MediaType, ...] = (*DOCUMENT_TYPES, TRIG, NQUADS, *SELECT_TYPES)

#: Prefix of IANA media-type IRIs, as DCAT-AP wants them in ``dcat:mediaType``.
IANA_MEDIA_TYPES = "https://www.iana.org/assignments/media-types/"


def iana_iri(media_type: MediaType) -> str:
    """``text/turtle`` → ``https://www.iana.org/assignments/media-types/text/turtle``."""
    return IANA_MEDIA_TYPES + media_type.name


def by_extension(extension: str, offered: tuple[MediaType, ...] = ALL) -> MediaType | None:
    ext = extension.lower().lstrip(".")
    return next((m for m in offered if m.extension == ext), None)


def dump_content_type(media_type: str, compressed: bool) -> str:
    """The ``Content-Type`` of a dump file (``dumps/byregion.ttl``, ``….ttl.gz``): gzip for a compressed one (a file
    of its own, not a ``Content-Encoding``), else its format, with ``charset=utf-8`` for a ``text/`` type."""
    return content_type(GZIP if compressed else (named(media_type) or TURTLE))


def named(name: str, offered: tuple[MediaType, ...] = ALL) -> MediaType | None:
    """The media type whose own name ``name`` is (parameters ignored), never through an alias: how a file a build
    recorded (a dump's ``application/trig``) is typed, which :func:`by_name` would read as Turtle's alias (a diff
    review: the TriG and N-Quads dumps had been served and catalogued as Turtle and N-Triples)."""
    bare = name.split(";", 1)[0].strip().lower()
    return next((m for m in offered if bare == m.name), None)


def by_name(name: str, offered: tuple[MediaType, ...] = ALL) -> MediaType | None:
    """Look up a media type a client names, by its own name first, then by an alias (parameters such as
    ``;charset=`` ignored): ``application/trig`` is TriG where TriG is offered, else Turtle, which answers it."""
    return named(name, offered) or next((m for m in offered if name.split(";", 1)[0].strip().lower() in m.aliases),
                                        None)


def compressible(content_type: str | None) -> bool:
    """Whether a body of ``content_type`` is text that gzip makes smaller (pages, JSON, XML, CSV, scripts), not one
    that is compressed already (an image, a gzip file)."""
    name = (content_type or "").split(";", 1)[0].strip().lower()
    top, _, sub = name.partition("/")
    return top == "text" or (top == "application" and (sub in ("json", "xml", "javascript")
                                                        or sub.endswith(("+json", "+xml"))))
