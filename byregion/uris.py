"""Minting IRIs, and mapping between things (``/id/``) and the documents about them (``/doc/``).

Pure functions: no I/O, no Flask. Every IRI the project publishes is minted here, so the URI
policy lives in one place (see README "URI layout"):

* ``{base}/id/{kind}/{slug}[/{part}/{n}]`` — things (regions, municipalities, goals, themes, …)
* ``{base}/doc/{kind}/{slug}[...]``       — the document about a thing (content-negotiated)
* ``{base}/def/byregion``                 — the ontology document (hash namespace ``#Term``)
* ``{base}/id/profile/{token}``           — a profile documents conform to (``?_profile={token}``)
* ``{base}/graph/{name}``                 — named graphs in the SPARQL dataset
* ``{base}/doc/boundaries/{period}/{municipalities|counties}.geojson`` — a boundary period's layer (GeoJSON)
* ``{base}/source/{file}``                — a source document as received (``notodden.txt``, ``programme/regions.csv``)
* ``{base}/catalog``, ``{base}/dataset``, ``{base}/validation``, ``{base}/dumps/…`` — the catalogue's
  own resources (DCAT, VoID, DQV); see docs/catalogue.md "IRIs"
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath

from rdflib import URIRef

from byregion.i18n import DEFAULT
from byregion.identifiers.history import SCHEMES
from byregion.namespaces import BASE
from byregion.paths import GRAPHS, SPARQL, boundary_layer
from byregion.source_files import SOURCES

# Norwegian letters get a fixed transliteration so that slugs are stable and ASCII-only.
_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
_SLUG_OK = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Kinds of thing that have an ``/id/`` IRI, in the order the home page lists them.
KINDS = ("region", "municipality", "county", "theme", "scheme", "source", "programme", "organisation", "role",
         "geometry", "profile")


def slugify(name: str) -> str:
    """``"Bø (Telemark)"`` → ``"bo-telemark"``; ``"Midt-Telemark"`` → ``"midt-telemark"``.

    æ→ae, ø→o, å→a, other accents dropped (Sámi letters are folded by NFKD), everything that is
    not a letter or digit becomes one hyphen.
    """
    text = name.translate(_TRANSLIT)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    if not slug:
        raise ValueError(f"cannot make a URI slug from {name!r}")
    return slug


def is_slug(text: str) -> bool:
    return bool(_SLUG_OK.match(text))


#: The identifier of a municipality, county, city region or theme as an external identifier (Wikidata's
#: "format as a regular expression"): the path of its IRI after ``/id/``, which ``{base}/id/$1`` resolves
#: (docs/reference.md, "For Wikidata"). Every such IRI of a build matches it (tests/sparql/test_examples.py).
IDENTIFIER = r"(?:municipality|county|region|theme)/[a-z0-9]+(?:-[a-z0-9]+)*"


def thing(kind: str, slug: str, *parts: str | int, base: str = BASE) -> URIRef:
    """IRI of a thing: ``thing("region", "notodden", "goal", 1)`` → ``{base}/id/region/notodden/goal/1``."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}; expected one of {', '.join(KINDS)}")
    path = "/".join([kind, slug, *(str(p) for p in parts)])
    return URIRef(f"{base}/id/{path}")


def region(slug: str, base: str = BASE) -> URIRef:
    return thing("region", slug, base=base)


def municipality(slug: str, base: str = BASE) -> URIRef:
    return thing("municipality", slug, base=base)


def county(slug: str, base: str = BASE) -> URIRef:
    return thing("county", slug, base=base)


def theme(slug: str, base: str = BASE) -> URIRef:
    return thing("theme", slug, base=base)


def organisation_number_note(unit: str) -> URIRef:
    """The quality note on a municipality's or county's organisation number: ``{unit}/quality/organisation-number``
    (docs/reference.md), under the unit's own IRI whatever the base."""
    return URIRef(f"{unit}/quality/organisation-number")


def identity_note(unit: str) -> URIRef:
    """The quality note on a county whose numbers before 2020 and from 2024 are held to be one county on an assumed
    Wikidata item: ``{unit}/quality/identity`` (docs/reference.md)."""
    return URIRef(f"{unit}/quality/identity")


def derivation_note(change: str) -> URIRef:
    """The quality note on a change this project derived from the change table, which SSB's notes do not state:
    ``{change}/quality/derived`` (docs/reference.md)."""
    return URIRef(f"{change}/quality/derived")


def approximation_note(figure: str) -> URIRef:
    """The quality note on a figure its page gives as approximate ("ca. 120 000"): ``{figure}/quality/approximate``."""
    return URIRef(f"{figure}/quality/approximate")


def source(slug: str, base: str = BASE) -> URIRef:
    return thing("source", slug, base=base)


def source_url(name: str, base: str = BASE) -> URIRef:
    """The published copy of a source file: ``notodden.txt`` or ``programme/regions.csv``
    (:mod:`byregion.source_files` says which file of the repository each is)."""
    return URIRef(f"{base}{SOURCES}{name}")


def geometry(feature: str, period: str | None = None, base: str = BASE) -> URIRef:
    """IRI of a geometry of one of our features, outside the feature's own parts so that its WKT is in its
    own document (docs/MODEL.md "Geometry"): ``geometry(".../id/municipality/notodden", "2019")`` →
    ``{base}/id/geometry/municipality/notodden/2019``; a region's outline has no period."""
    prefix = f"{base}/id/"
    if not feature.startswith(prefix) or feature.startswith(prefix + "geometry/"):
        raise ValueError(f"{feature!r} is not one of our features (an IRI under {prefix})")
    return thing("geometry", *feature[len(prefix):].split("/"), *([period] if period else []), base=base)


def layer(period: str, kind: str, base: str = BASE) -> URIRef:
    """The GeoJSON file of every municipality or county of a boundary period, as a download:
    ``layer("2019", "municipality")`` → ``{base}/doc/boundaries/2019/municipalities.geojson``
    (:func:`byregion.paths.boundary_layer`)."""
    return URIRef(f"{base}{boundary_layer(period, kind)}.geojson")


def profile(token: str, base: str = BASE) -> URIRef:
    """A profile of our documents (W3C PROF, Content Negotiation by Profile): ``profile("ids")`` →
    ``{base}/id/profile/ids``; its token is the last segment (``?_profile=ids``)."""
    return thing("profile", token, base=base)


def graph(name: str, base: str = BASE) -> URIRef:
    """Named graph IRI: ``graph("region/notodden")`` → ``{base}/graph/region/notodden``."""
    return URIRef(f"{base}{GRAPHS}{name}")


def document_path_for(iri: str, base: str = BASE) -> str | None:
    """Path of the document describing ``iri``, or None when the IRI is not ours.

    ``/id/x`` → ``/doc/x``; a hash IRI ``/def/byregion#Goal`` → ``/def/byregion`` (the ontology
    document itself); other paths of ours (``/def/...``, ``/graph/...``) are their own documents.
    """
    if not iri.startswith(base + "/"):
        return None
    path = iri[len(base):].split("#", 1)[0]
    if path.startswith("/id/"):
        return "/doc/" + path[len("/id/"):]
    return path


#: The paths under which our documents are pages in each language (``?lang=en``): the things' documents, the
#: ontology's and the named graphs'; and the site's own pages. A source file, a dump, a table's CSV are not.
PAGE_PREFIXES = ("/doc/", "/def/", "/graph/")
SITE_PAGES = ("/", "/catalog", "/dataset", "/validation", "/sparql", "/search")
#: The extensions of files under :data:`PAGE_PREFIXES` that are not pages (``/doc/regions.csv``,
#: ``…csv-metadata.json``, ``/doc/x.ttl``): a link to one has no language.
FILE_EXTENSIONS = frozenset({"csv", "json", "ttl", "jsonld", "nt", "rdf", "geojson", "html", "txt", "md", "gz",
                             "nq", "trig"})


def page_path(path: str, lang: str) -> str:
    """Where a page in ``lang`` links the host-relative ``path`` of ours: a thing (``/id/x``) straight to its
    document (``/doc/x``), not through the 303 its IRI answers (which suits a linked-data client, not a reader
    or a crawler); a page in the page's own language, at the URL that page names canonical (``/doc/x`` in
    Norwegian, ``/doc/x?lang=en`` in English, :func:`byregion.i18n.page_urls`); a fragment kept on its document
    (``/doc/x?lang=en#part``). A file (a source, a dump, a table, a format: :data:`FILE_EXTENSIONS`) or any other
    path is linked as it is."""
    path, hash_, fragment = path.partition("#")
    # a look-up (``/id/kommunenummer/0807``, with or without its ?date=) is no thing's IRI: it has no document
    if path.startswith("/id/") and "?" not in path and path.split("/", 3)[2] not in SCHEMES:
        path = "/doc/" + path[len("/id/"):]
    stem = path.partition("?")[0]
    last = stem.rsplit("/", 1)[-1]
    page = (stem in SITE_PAGES or stem.startswith(PAGE_PREFIXES)) and (
        "." not in last or last.rsplit(".", 1)[1] not in FILE_EXTENSIONS)
    return (in_language(path, lang) if page else path) + hash_ + fragment


def in_language(path: str, lang: str) -> str:
    """The URL of the page at ``path`` (no fragment) in ``lang``: ``?lang=en`` added (``&lang=en`` after a query),
    the path as it is in the default language, or where it names a language already."""
    stem, _, query = path.partition("?")
    if lang == DEFAULT or "lang=" in query:
        return path
    return f"{stem}?{query}&lang={lang}" if query else f"{stem}?lang={lang}"


def local_href(iri: str, lang: str, base: str = BASE) -> str:
    """Where a page in ``lang`` links ``iri``: one of ours as a host-relative path to its document in ``lang``
    (:func:`page_path`: ``/doc/region/x``, ``/doc/region/x?lang=en``, ``/def/byregion#Goal``), so that the link works
    on whatever host serves the page and leads straight to the page; any other IRI as it is. The page still shows
    the thing's IRI as its identifier, and RDF keeps the IRI: only the link of a page is its document's URL."""
    if document_path_for(iri, base) is None:
        return iri
    return page_path(iri[len(base):], lang)


#: The schemes of IRIs a page may make a link of: an IRI a query binds may be anything (``javascript:…``,
#: ``data:…``), and a link to such a one would run it where the page's Content-Security-Policy did not stop it.
LINKED_SCHEMES = ("http", "https")


def linkable(iri: str) -> bool:
    """Whether a page may link ``iri`` (its scheme is one of :data:`LINKED_SCHEMES`)."""
    scheme, colon, _ = iri.partition(":")
    return bool(colon) and scheme.lower() in LINKED_SCHEMES


def rebase(iri: str, from_base: str, to_base: str) -> str:
    """Move one of our IRIs from one base to another (other IRIs are returned unchanged)."""
    if from_base != to_base and iri.startswith(from_base + "/"):
        return to_base + iri[len(from_base):]
    return iri


# --- the catalogue's own resources (DCAT, VoID, DQV); always at the canonical base -----------------

def home_page(base: str = BASE) -> URIRef:
    """The site's home page, ``{base}/`` (the catalogue's ``foaf:homepage``)."""
    return URIRef(f"{base}/")


def catalogue(base: str = BASE) -> URIRef:
    """The ``dcat:Catalog``: ``{base}/catalog``."""
    return URIRef(f"{base}/catalog")


def catalogue_part(name: str, base: str = BASE) -> URIRef:
    """A resource described only inside the catalogue: ``catalogue_part("contact")`` → ``{base}/catalog#contact``.

    Used for the contact point (``contact``), the SPARQL data service (``sparql``) and the provenance
    statement (``provenance``); see :func:`contact_point` and :func:`data_service`.
    """
    return URIRef(f"{catalogue(base)}#{name}")


def contact_point(base: str = BASE) -> URIRef:
    """The catalogue's vCard contact point: ``{base}/catalog#contact``."""
    return catalogue_part("contact", base)


def data_service(base: str = BASE) -> URIRef:
    """The SPARQL endpoint as a ``dcat:DataService``: ``{base}/catalog#sparql`` (not the endpoint URL)."""
    return catalogue_part("sparql", base)


def sparql_endpoint(base: str = BASE) -> URIRef:
    """Where SPARQL requests go: ``{base}/sparql``."""
    return URIRef(f"{base}{SPARQL}")


def dataset(base: str = BASE) -> URIRef:
    """The one ``dcat:Dataset`` (the whole graph): ``{base}/dataset``."""
    return URIRef(f"{base}/dataset")


def source_checksum(source: str, algorithm: str = "sha256") -> URIRef:
    """The checksum of the file a source of ours describes: ``{source}/sha256``, a part of the source (its document
    holds it; a distribution's is :func:`checksum`). An IRI, not a blank node: a document's bytes then do not follow
    a canonical blank-node label that other data can renumber."""
    return URIRef(f"{source}/{algorithm}")


def dataset_part(name: str, base: str = BASE) -> URIRef:
    """A resource described only with the dataset: ``dataset_part("period")`` → ``{base}/dataset#period``."""
    return URIRef(f"{dataset(base)}#{name}")


def dataset_page(base: str = BASE) -> URIRef:
    """The dataset's landing page for people: ``{base}/dataset.html``."""
    return URIRef(f"{dataset(base)}.html")


def dataset_version(version: str, base: str = BASE) -> URIRef:
    """An earlier build as a version of the dataset: ``{base}/dataset#version-{version}``."""
    return dataset_part(f"version-{version}", base)


def endpoint_distribution(base: str = BASE) -> URIRef:
    """The dataset's distribution that is its SPARQL endpoint: ``{base}/dataset#dist-sparql``."""
    return URIRef(f"{base}/dataset#dist-sparql")


def distribution(file: str, base: str = BASE) -> URIRef:
    """The distribution of a dump, named by its file name.

    ``dumps/byregion.ttl.gz`` → ``{base}/dataset#dist-byregion.ttl.gz``.
    """
    return dataset_part(f"dist-{PurePosixPath(file).name}", base)


def table_dataset(path: str, base: str = BASE) -> URIRef:
    """A table of numbers as a dataset of its own, named by its file: ``/doc/municipalities.csv`` →
    ``{base}/dataset#table-municipalities`` (its CSV distribution is :func:`distribution` of the same path)."""
    return dataset_part(f"table-{PurePosixPath(path).stem}", base)


def layers_dataset(base: str = BASE) -> URIRef:
    """The boundary layers as a dataset of their own: ``{base}/dataset#boundaries`` (each layer a distribution of it,
    :func:`layer_distribution`)."""
    return dataset_part("boundaries", base)


def layer_distribution(period: str, kind: str, base: str = BASE) -> URIRef:
    """A boundary layer as a distribution: ``("2019", "municipality")`` →
    ``{base}/dataset#dist-boundaries-2019-municipalities.geojson`` (its file is :func:`layer`)."""
    return dataset_part(f"dist-boundaries-{period}-{PurePosixPath(str(layer(period, kind, base))).name}", base)


def table_page(path: str, base: str = BASE) -> URIRef:
    """Where the dataset page lists a table (its landing page): ``/doc/municipalities.csv`` →
    ``{base}/dataset.html#table-municipalities``."""
    return URIRef(f"{dataset_page(base)}#table-{PurePosixPath(path).stem}")


def layers_page(base: str = BASE) -> URIRef:
    """Where the dataset page lists the boundary layers (their dataset's landing page):
    ``{base}/dataset.html#layers``."""
    return URIRef(f"{dataset_page(base)}#layers")


def checksum(distribution_iri: str) -> URIRef:
    """The ``spdx:Checksum`` of a distribution: ``{distribution}-sha256``."""
    return URIRef(f"{distribution_iri}-sha256")


def download(file: str, base: str = BASE) -> URIRef:
    """Download URL of a build file: ``dumps/byregion.ttl`` (path in the build) → ``{base}/dumps/byregion.ttl``."""
    return URIRef(f"{base}/{file}")


def validation(fragment: str = "", base: str = BASE) -> URIRef:
    """The published validation report ``{base}/validation``, or a resource in it (``#english_share``)."""
    return URIRef(f"{base}/validation" + (f"#{fragment}" if fragment else ""))


def void_document(base: str = BASE) -> URIRef:
    """The VoID description: ``{base}/.well-known/void``."""
    return URIRef(f"{base}/.well-known/void")
