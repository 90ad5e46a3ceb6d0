"""Every document a build publishes, and each of its representations. Pure: index and manifest in, bytes out.

The documents (paths as the server answers them; see README "URL layout"):

* ``/doc/{…}`` for every thing of ours (every subject IRI under ``{base}/id/``), ``/def/byregion`` and its
  version IRIs (``/def/byregion/0.2.0`` the ontology as it is, an earlier one as it was published,
  :mod:`.ontology_versions`): HTML (nb, en), Turtle, JSON-LD, N-Triples and RDF/XML;
* ``/catalog``, ``/dataset``, ``/validation``: the same five formats (the first two Turtle first, for harvesters that
  send ``*/*``: :data:`~byregion.mediatypes.HARVESTED_TYPES`); ``/.well-known/void``: RDF only;
* ``/`` (HTML, nb and en), ``/context.jsonld``, ``/robots.txt`` and ``/sitemap.xml`` in one form each (the
  sitemap, :meth:`Renderer.sitemap`, last: its dates come from every other page's ETag, :mod:`.sitemap`);
* :data:`NOT_FOUND` and :data:`~byregion.paths.GONE`, the bodies of a 404 and a 410 in each format, and
  :data:`~byregion.paths.SERVICE_DESCRIPTION`, what
  ``GET /sparql`` without a query answers in each RDF format (keys no request path can reach as a document).
"""

from __future__ import annotations

import functools
import hashlib
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from html import escape as html_escape
from typing import Any

from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, SKOS, VOID, XSD
from rdflib.term import Node

from byregion import dcat, describe, i18n, profile_views, profiles, quality, uris, void
from byregion.build.reader import ClassCount
from byregion.build.render import geojson, ontology_versions
from byregion.build.render import pages as html
from byregion.build.render import sitemap as crawlers
from byregion.build.render.service_description import service_description
from byregion.dcat.norway import dcat_ap_no
from byregion.docstore import Kept, PageLink, Representation, representation
from byregion.fastgraph import FastGraph
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES
from byregion.identifiers.paths import LISTS
from byregion.maps.atlas import Atlas
from byregion.mediatypes import (
    DOCUMENT_TYPES,
    GEOJSON,
    HARVESTED_TYPES,
    HTML,
    HTML_TYPE,
    JSONLD,
    NTRIPLES,
    PLAIN_TYPE,
    RDF_TYPES,
    SERVED_TYPES,
    TURTLE,
    XML,
    MediaType,
    content_type,
)
from byregion.namespaces import BASE, ONTOLOGY_IRI, ontology_namespace
from byregion.pages import curie
from byregion.paths import GONE, GRAPHS, NOT_FOUND, ROBOTS, SERVICE_DESCRIPTION, gone_key
from byregion.render import context_document, serialise, serialise_all, triple_order
from byregion.titles import Titles

#: The 404's body in Turtle and N-Triples: a comment, which both allow, so a reader sees why the graph is empty.
NOT_FOUND_COMMENT = b"# No description of this resource here; see / for what there is.\n"
#: The comment of a 410's Turtle and N-Triples (:data:`~byregion.paths.GONE`).
GONE_COMMENT = (b"# Withdrawn: this address was published in an earlier version of the data, and what it described is "
                b"not in this one; see /dataset#versions.\n")
#: Pages besides the /doc/ pages that the sitemap lists (paths).
SITE_PAGES = ("/", "/catalog", "/dataset", "/sparql", "/def/byregion", "/validation")
def html_variant(lang: str) -> str:
    return f"{HTML.extension}.{lang}"


@dataclass(frozen=True)
class Document:
    """One document: its path, the formats it is offered in (extensions, server order), its representations."""

    path: str
    formats: tuple[str, ...]
    representations: tuple[Representation, ...]
    profiles: str = ""  # its other profiles and their formats (byregion.profiles.formats_text)
    #: what its page's <head> links (a table's CSV, the dataset's RDF), which its answers' Link header names too
    links: tuple[PageLink, ...] = ()
    #: what it was made of, as a digest (:meth:`Renderer.recipe`), where that can be said in full; kept with it
    recipe: str = ""
    #: carried over from the build before, made of the same (:data:`Renderer.kept`), not rendered again
    carried: bool = False


@functools.cache
def _list_title_keys() -> dict[str, str]:
    """The text key of each list page's title (``/doc/memberships``: ``list_memberships``). Read when first asked:
    the modules that make the lists' pages import this one."""
    from byregion.identifiers.documents import LIST_TEXTS
    from byregion.programme.lists import TEXTS

    return {LISTS[table]: keys[0] for table, keys in (*LIST_TEXTS.items(), *TEXTS.items())}


#: The ``alt`` view is the same for every document with the same profiles and formats but for the document's
#: path and the thing it describes: it is rendered once per such listing with these in their place, and each
#: document's bodies are that rendering with its own put in (full IRIs in every RDF format; 0.05 ms a document
#: instead of 5 ms for rendering each from its graph and template).
ALT_DOCUMENTS = "https://alt.invalid"
ALT_PATH = "/@@BYREGION-DOCUMENT@@"
ALT_RESOURCE = "https://alt.invalid/@@BYREGION-RESOURCE@@"
#: Where the title of the thing goes in the ``alt`` view's page (``Profiler og formater: Notodden (byregion)``).
ALT_TITLE = "@@BYREGION-TITLE@@"


@functools.lru_cache(maxsize=64)  # a build has a handful of listings
def _alternates_shape(shape: tuple[tuple[str, tuple[str, ...]], ...], base: str) -> dict[str, bytes]:
    """The ``alt`` bodies (by variant) of every document whose listing is ``shape`` ((token, extensions) of
    each profile), with :data:`ALT_PATH` and :data:`ALT_RESOURCE` for the document and its thing."""
    by_extension = {m.extension: m for m in SERVED_TYPES}
    listing = []
    for token, extensions in shape:
        profile = profiles.by_token(token)
        assert profile is not None, token
        listing.append((profile, tuple(by_extension[ext] for ext in extensions)))
    graph = profile_views.alternates(ALT_PATH, ALT_RESOURCE, listing, base, documents=ALT_DOCUMENTS)
    rdf = tuple(m for m in profiles.ALT.formats if m is not HTML)
    bodies = {m.extension: body for m, body in serialise_all(graph, rdf, base).items()}
    for lang in LANGUAGES:
        rows = profile_views.alternates_rows(ALT_PATH, listing, lang, base)
        bodies[html_variant(lang)] = html.profiles_page(ALT_PATH, rows, lang, ALT_TITLE, base).encode("utf-8")
    return bodies


def alternates_bodies(path: str, resource: str, listing: list[tuple[profiles.Profile, tuple[MediaType, ...]]],
                      base: str, titles: Mapping[str, str]) -> dict[str, bytes]:
    """The ``alt`` view of the document at ``path`` about ``resource``, by variant (see :data:`ALT_PATH`);
    ``titles``: the thing's page title in each language, for the page's."""
    shape = tuple((p.token, tuple(m.extension for m in formats)) for p, formats in listing)
    own = {(ALT_DOCUMENTS + ALT_PATH).encode(): (base + path).encode(), ALT_RESOURCE.encode(): resource.encode()}
    bodies = {}
    for variant, body in _alternates_shape(shape, base).items():
        if variant.startswith(HTML.extension):
            title = html_escape(titles[variant.split(".", 1)[1]]).encode("utf-8")
            body = body.replace(ALT_PATH.encode(), path.encode()).replace(ALT_TITLE.encode(), title)
        else:
            for placeholder, value in own.items():
                body = body.replace(placeholder, value)
        bodies[variant] = body
    return bodies


@dataclass(frozen=True)
class Renderer:
    """What rendering needs from the build: its index, manifest, validation report and limits."""

    index: GraphIndex
    manifest: dict[str, Any]
    report: Graph
    inbound_limit: int
    blank_depth: int
    #: The build's maps (None: the repository has no boundaries, and the pages no maps).
    atlas: Atlas | None = None
    #: The ontology's earlier versions: the path of each version IRI and that version's graph, indexed
    #: (:mod:`.ontology_versions`).
    versions: Mapping[str, GraphIndex] = field(default_factory=dict)
    #: Set on the renderer of an earlier version of the ontology: its ``owl:versionInfo`` and the current one's
    #: (its page says that it is an earlier version and links to the current ontology).
    earlier: tuple[str, str] | None = None
    #: Set on the renderer of an earlier version of the ontology: the build's graph, whose labels name on its page
    #: the things of ours its text links but does not label (its publisher); its RDF stays its own text.
    names: GraphIndex | None = None
    #: The text of each source document of ours (IRI → text), which its page shows line by line.
    source_texts: Mapping[str, str] = field(default_factory=dict)
    #: Set on a renderer made from the build's (an earlier version's): the named graphs' page titles, by language,
    #: as the build's renderer worked them out (:attr:`graph_titles`; the same manifest, so not again for each version).
    shared_graph_titles: Mapping[str, tuple[str, ...]] | None = None
    #: The documents the build before kept with what they were made of (:func:`byregion.docstore.kept`), by path: one
    #: this build would make of the same inputs (:meth:`recipe`) is carried over as it is.
    kept: Mapping[str, Kept] = field(default_factory=dict)

    @property
    def base(self) -> str:
        return str(self.manifest["base_uri"])

    @property
    def br(self) -> Namespace:
        return ontology_namespace(self.base)

    @functools.cached_property
    def titles(self) -> Titles:
        """The pages' titles, knowing which titles things share (worked out once, before workers fork): a named
        graph's page among them (``/graph/programme`` is titled as the programme it describes)."""
        titles = Titles(self.index, self.br)
        ontology = uris.rebase(ONTOLOGY_IRI, BASE, self.base)  # /def/byregion, titled as /graph/ontology is
        titles.shared = titles.shared_by([*(iri for _, iri in self.thing_paths()), ontology], self.graph_titles)
        return titles

    @functools.cached_property
    def graph_titles(self) -> Mapping[str, tuple[str, ...]]:
        """By language, the titles of the named graphs' pages: each is titled by its VoID title
        (:meth:`graph_documents`), which the build's VoID description, made from the manifest, gives."""
        if self.shared_graph_titles is not None:
            return self.shared_graph_titles
        paths = self.graph_paths()
        figures = void.void_graph(self.manifest) if paths else Graph()
        return {lang: tuple(str(label) for _, iri in paths if (label := describe.best_label(figures, iri, lang))
                            is not None) for lang in LANGUAGES}

    def prepare(self) -> None:
        """Work out now what every document reads and each would otherwise work out on first use (the titles things
        share, how many things say each text), so that render workers forked afterwards share it rather than each
        making its own."""
        _ = self.titles, self.index.said_by  # each a cached property, worked out when first read

    # ------------------------------------------------------------------------------------- documents

    def thing_paths(self) -> list[tuple[str, str]]:
        """``(document path, IRI)`` of every thing of ours, in IRI order."""
        prefix = f"{self.base}/id/"
        return [("/doc/" + iri[len(prefix):], iri) for iri in self.index.own if iri.startswith(prefix)]

    def documents(self) -> Iterator[Document]:
        """Every document, the site's own first, then every thing (the bulk), then the sitemap (with no dates: a
        build renders it from the others' ETags, :meth:`sitemap`)."""
        yield from self.site_documents()
        for path, iri in self.thing_paths():
            yield self.thing(path, iri)
        yield from self.sitemap({})

    def thing(self, path: str, iri: str, extra: Graph | None = None,
              downloads: list[dict[str, Any]] | None = None, holds: tuple[ClassCount, ...] = ()) -> Document:
        """A thing's document (or the ontology's, or a named graph's) in every format; ``extra``: triples about
        it that are not in the data (a named graph's VoID figures and dumps); ``downloads``: a named graph's dumps,
        which its page lists (:func:`.pages.dump_rows`); ``holds``: a named graph's classes by count, which its page
        lists (:func:`.pages.holds_rows`)."""
        graph = describe.describe(self.index, iri, self.base, self.blank_depth)
        if extra is not None:  # sorted: an rdflib graph's order changes with the process's hash seed
            graph += sorted(extra, key=triple_order)
        rdf = graph
        if path.startswith("/doc/"):  # a document apart from its thing says what it is (the ontology and the
            # named graphs are their own documents, their RDF their own text)
            rdf = FastGraph()
            rdf += graph
            rdf += describe.document_metadata(self.base + path, iri, self.base, self.own_licence(iri))
        bodies = serialise_all(rdf, RDF_TYPES, self.base)
        reps = [representation(path, m.extension, content_type(m), bodies[m]) for m in RDF_TYPES]
        inbound = describe.inbound(self.index, iri, self.inbound_limit)
        schema = self.schema_org(iri) if profiles.SCHEMA in profiles.for_document(path) else None
        offered = DOCUMENT_TYPES
        if self.names is not None:
            graph = graph + describe.labels(self.names, (o for _s, _p, o in graph
                                                         if isinstance(o, URIRef) and o.startswith(self.base + "/id/")))
        features = geojson.document(self.index, iri, self.base)
        if features is not None:  # a thing with a geometry is a map layer too
            offered = SERVED_TYPES
        for lang in LANGUAGES:
            body = html.resource_page(self.index, path, iri, graph, lang, inbound_limit=self.inbound_limit,
                                      br=self.br, inbound=inbound, atlas=self.atlas,
                                      structured_data=schema[1] if schema else None, offered=offered,
                                      titles=self.titles, earlier=self.earlier,
                                      source_text=self.source_texts.get(iri),
                                      downloads=downloads, holds=holds).encode("utf-8")
            reps.append(representation(path, html_variant(lang), HTML_TYPE, body))
        if features is not None:
            reps.append(representation(path, GEOJSON.extension, content_type(GEOJSON), features))
        return self.with_profiles(Document(path, tuple(m.extension for m in offered), tuple(reps)), iri, schema)

    def own_licence(self, iri: str) -> Node | None:
        """The licence of a thing whose document is a licensed work of its own (a boundary's geometry: Kartverket's,
        CC BY 4.0; the theme scheme, and each of its concepts, under the scheme's), or None for the dataset's. A
        source's ``dct:license`` is that of the file it describes, not of the description, which is ours."""
        thing = URIRef(iri)
        if self.br.ReferenceSource in self.index.values(thing, RDF.type):
            return None
        own = self.index.value(thing, DCTERMS.license)
        if own is None and (scheme := self.index.value(thing, SKOS.inScheme)) is not None:
            return self.index.value(scheme, DCTERMS.license)
        return own

    def schema_org(self, resource: str) -> tuple[Graph, bytes]:
        """The ``schema`` profile of a thing, as a graph and as the JSON-LD search engines read (its pages
        embed it)."""
        graph = profile_views.schema_org(self.index, resource, self.base, self.own_licence(resource))
        return graph, profile_views.schema_org_jsonld(graph, resource)

    # -------------------------------------------------------------------------------------- profiles

    def with_profiles(self, document: Document, resource: str, schema: tuple[Graph, bytes] | None = None,
                      graph: Graph | None = None) -> Document:
        """``document`` with its representations in each of its other profiles (:mod:`byregion.profiles`);
        ``resource`` is the thing it describes (or the document's own IRI); ``schema``: its ``schema`` profile
        when already made; ``graph``: the document's own graph, where a profile is made from it (``dcat-ap-no``). The
        ``dcat-ap`` profile's bodies are the default ones (the same representation objects, renamed: not serialised
        or compressed again; ``documents.sqlite`` keeps a body per key, so they are stored twice: 245 kB compressed
        for the catalogue's and the dataset's eight, of 95 MB of bodies)."""
        own = profile_views.default_formats(document.formats)
        listing = profile_views.offered(own, profiles.for_document(document.path))
        reps = list(document.representations)
        formats: dict[str, tuple[str, ...]] = {}
        for profile, offered in listing:
            if profile is profiles.DEFAULT:
                continue
            if profile is profiles.DCAT_AP:  # the full catalogue conforms to it: its bodies, made once, under its name
                reps += [replace(r, variant=profile.variant(r.variant)) for r in document.representations
                         if r.variant in {m.extension for m in offered}]
            else:
                reps += self.profile_representations(document.path, resource, profile, listing, schema, graph)
            formats[profile.token] = tuple(m.extension for m in offered)
        return replace(document, representations=tuple(reps), profiles=profiles.formats_text(formats))

    def listed(self, document: Document) -> Document:
        """A document of the look-ups and tables as it is kept: a list's page (``/doc/memberships``) with its other
        profiles, as every other negotiated document has them (``?_profile=alt`` lists its formats, where it was
        a 406); any other as it is."""
        title_key = _list_title_keys().get(document.path)
        if title_key is None or document.profiles:
            return document
        page = URIRef(self.base + document.path)
        titled = Graph()  # its alt page titled as the list's own page, not by its address
        for lang in LANGUAGES:
            titled.add((page, DCTERMS.title, Literal(i18n.t(title_key, lang), lang=lang)))
        return self.with_profiles(document, str(page), graph=titled)

    def alt_title(self, resource: str, lang: str, graph: Graph | None) -> str:
        """The thing's title on its ``alt`` page: its page's title; for a document made from a graph of its own
        (the catalogue, the dataset, the validation report), which the build's index does not label, that graph's
        title of it (``Profiler og formater: https://data.byregion.no/catalog`` read as an address)."""
        title = self.titles.title(resource, lang)
        if graph is not None and title == curie(resource):
            node = URIRef(resource)
            named = [o for p in (DCTERMS.title, RDFS.label) for o in graph.objects(node, p) if isinstance(o, Literal)]
            for wanted in i18n.text_preference(lang):
                if own := next((str(o) for o in named if (o.language or "") == wanted), None):
                    return own
        return self.titles.described(resource, title, lang)

    def profile_representations(self, path: str, resource: str, profile: profiles.Profile,
                                listing: list[tuple[profiles.Profile, tuple[MediaType, ...]]],
                                schema: tuple[Graph, bytes] | None = None,
                                graph: Graph | None = None) -> list[Representation]:
        """Every format of one profile of a document (``graph``: its own, for a profile made from it)."""
        rdf = tuple(m for m in profile.formats if m is not HTML)
        if profile is profiles.ALT:
            titles = {lang: self.alt_title(resource, lang, graph) for lang in LANGUAGES}
            bodies = alternates_bodies(path, resource, listing, self.base, titles)
        elif profile is profiles.IDENTIFIERS:  # a linker's document: what it is, and on what terms, as the full one
            graph = profile_views.identifiers(self.index, resource, self.base)
            graph += describe.document_metadata(self.base + path, resource, self.base, self.own_licence(resource))
            bodies = {m.extension: body for m, body in serialise_all(graph, rdf, self.base).items()}
        elif profile is profiles.SCHEMA:
            graph, jsonld = schema or self.schema_org(resource)
            bodies = {m.extension: body for m, body in serialise_all(
                graph, tuple(m for m in rdf if m is not JSONLD), self.base).items()}
            bodies[JSONLD.extension] = jsonld
        elif profile is profiles.DCAT_AP_NO and graph is not None:
            bodies = {m.extension: body for m, body in serialise_all(dcat_ap_no(graph), rdf, self.base).items()}
        else:
            raise ValueError(f"no renderer for the profile {profile.token!r} of {path}")
        reps = [representation(path, profile.variant(m.extension), content_type(m), bodies[m.extension])
                for m in rdf]
        reps += [representation(path, profile.variant(html_variant(lang)), HTML_TYPE, bodies[html_variant(lang)])
                 for lang in LANGUAGES if HTML in profile.formats]
        return reps

    def site_documents(self) -> Iterator[Document]:
        base, manifest = self.base, self.manifest
        ontology = uris.rebase(ONTOLOGY_IRI, BASE, base)
        yield self.thing("/def/byregion", ontology)
        yield from self.ontology_versions(ontology)
        yield from self.graph_documents()
        yield Document("/context.jsonld", ("",), (representation(
            "/context.jsonld", "", JSONLD.name, context_document(base)),))
        yield Document("/", ("",), tuple(
            representation("/", html_variant(lang), HTML_TYPE,
                           html.home_page(self.index, manifest, lang, self.br, self.atlas).encode("utf-8"), host=True)
            for lang in LANGUAGES), links=html.HOME_LINKS)
        quality_figures = quality.quality_graph(manifest)
        for path, is_catalogue in (("/catalog", True), ("/dataset", False)):
            # the harvested catalogue names the previous version; the dataset's document describes every version
            catalogue = dcat.catalogue_graph(manifest, versions=not is_catalogue) + quality_figures
            if not is_catalogue:  # the linksets' IRIs (/dataset#linkset-…) dereference here, with their own counts;
                # the dataset's figures (triples, partitions) are in VoID, which it points to
                catalogue += void.linksets(manifest)
                catalogue.add((uris.dataset(self.base), RDFS.seeAlso, uris.void_document(self.base)))
            yield self.graph_document(path, catalogue, HARVESTED_TYPES, host=True,
                                      page=lambda lang, c=is_catalogue: html.dataset_page(manifest, lang, c))
        yield self.graph_document("/.well-known/void", void.void_graph(manifest), RDF_TYPES)
        yield self.service_description()
        validation = quality.validation_document(self.report, manifest)
        # the report's document says, as a thing's does, what it is about (the SHACL verdict) and on what terms
        validation += describe.document_metadata(str(uris.validation(base=base)), str(uris.validation("shacl", base)),
                                                 base)
        yield self.graph_document("/validation", validation, DOCUMENT_TYPES,
                                  page=lambda lang: html.validation_page(manifest, validation, lang))
        yield Document(ROBOTS, ("",), (representation(
            ROBOTS, "", PLAIN_TYPE, crawlers.robots_txt(self.sitemap_paths()), host=True),))
        yield self.not_found()
        yield self.gone()

    def ontology_versions(self, ontology: str) -> Iterator[Document]:
        """The documents of the ontology's version IRIs (published IRIs stay): its own (``owl:versionIRI``) is the
        ontology as it is; an earlier one (``owl:priorVersion``) is that version as it was published, from its own
        text (:mod:`.ontology_versions`), in the same formats, its page saying that it is an earlier version."""
        current, earlier = ontology_versions.named(ontology_versions.own_statements(self.index), self.base)
        if current is not None:
            yield self.thing(current, ontology)
        for path in earlier:
            index = self.versions.get(path)
            if index is None:
                raise ontology_versions.MissingVersion(
                    f"the ontology names {self.base}{path} as an earlier version, but the build has no text of it")
            shown = (ontology_versions.version_info(index) or path.rsplit("/", 1)[-1],
                     ontology_versions.version_info(self.index))
            renderer = replace(self, index=index, atlas=None, versions={}, earlier=shown, names=self.index,
                               shared_graph_titles=self.graph_titles)
            recipe = renderer.recipe(path, ontology)
            kept = self.kept.get(path)
            if kept is not None and recipe and kept.recipe == recipe:  # an archive, made of what the last one was
                yield Document(path, kept.document.formats, kept.representations, kept.document.profiles,
                               kept.document.links, recipe, carried=True)
            else:
                yield replace(renderer.thing(path, ontology), recipe=recipe)

    def recipe(self, path: str, iri: str) -> str:
        """What the document of an earlier version of the ontology (``path``, about ``iri``, rendered by this
        renderer, :meth:`ontology_versions`) is made of, as a SHA-256 digest: the software that renders it (the
        manifest's ``software_sha256``: the code and its templates and texts, the libraries that write the bytes) and
        the interpreter; the base and the limits; that version's triples; the versions its page names; the graphs'
        titles; the labels of the things of ours its text links, from the build's graph (its publisher's name); a
        source text of it. The same digest makes the same bytes, so a build carries the document over from the build
        before (:attr:`kept`) rather than render the archives again (a third of the fixture site's render step).
        Empty where the manifest names no software (nothing is kept or carried then)."""
        software = str(self.manifest.get("software_sha256", ""))
        if not software:
            return ""
        digest = hashlib.sha256()

        def put(*parts: object) -> None:
            for part in parts:
                digest.update(str(part).encode("utf-8") + b"\0")

        put(software, sys.version, self.base, path, iri, self.inbound_limit, self.blank_depth,
            self.earlier, self.source_texts.get(iri))
        for lang in sorted(self.graph_titles):
            put(lang, *self.graph_titles[lang])
        ours: set[URIRef] = set()
        for subject, pairs in self.index.outgoing.items():  # in the order of the version's sorted quads
            for predicate, value in pairs:
                put(subject.n3(), predicate.n3(), value.n3())
                if isinstance(value, URIRef) and value.startswith(self.base + "/id/"):
                    ours.add(value)
        if self.names is not None:
            for triple in sorted(tuple(term.n3() for term in t) for t in describe.labels(self.names, sorted(ours))):
                put(*triple)
        return digest.hexdigest()

    def graph_documents(self) -> Iterator[Document]:
        """Each named graph of the dataset at its own IRI (``/graph/region/notodden``, as ``uris.document_path_for``
        says): what the data says about it (who made a curation graph), its VoID figures and its dumps
        (``void:dataDump``, ``/dumps/graph/…``, which its page lists with their sizes), so that a graph the VoID
        description, a page or a SPARQL result names dereferences."""
        figures = void.void_graph(self.manifest)
        dumps_of = void.graph_dumps(self.manifest)
        classes_of = {str(entry["iri"]): entry.get("classes", []) for entry in self.manifest["graphs"]}
        for path, iri in self.graph_paths():
            about = Graph()
            for triple in figures.triples((iri, None, None)):
                about.add(triple)
            for part in (*figures.objects(iri, VOID.classPartition),  # what it holds, class by class
                         *figures.objects(iri, DCTERMS.license),  # its licence's name
                         *figures.objects(iri, DCTERMS.rights)):  # whom its data credits (the boundaries')
                for triple in figures.triples((part, None, None)):
                    about.add(triple)
            holds = tuple(ClassCount(str(c["iri"]), int(c["entities"])) for c in classes_of.get(str(iri), []))
            yield self.thing(path, str(iri), about, html.dump_rows(self.manifest, dumps_of.get(str(iri), [])), holds)

    def graph_paths(self) -> list[tuple[str, URIRef]]:
        """``(document path, IRI)`` of each named graph of the dataset that has a document of its own."""
        found = []
        for entry in self.manifest.get("graphs", []):  # none in a renderer of a few documents (the ontology's)
            path = uris.document_path_for(str(entry["iri"]), self.base)
            if path is not None and path.startswith(GRAPHS):
                found.append((path, URIRef(entry["iri"])))
        return found

    def graph_document(self, path: str, graph: Graph, offered: tuple[MediaType, ...], *, host: bool = False,
                       page: Any = None) -> Document:
        # every format from one sorting and one conversion of the graph (the validation report's 363,000 triples at a
        # million: a minute when each format sorted them again)
        bodies = serialise_all(graph, [m for m in offered if m is not HTML], self.base)
        reps = [representation(path, m.extension, content_type(m), body) for m, body in bodies.items()]
        if HTML in offered and page is not None:
            reps += [representation(path, html_variant(lang), HTML_TYPE, page(lang).encode("utf-8"), host=host)
                     for lang in LANGUAGES]
        return self.with_profiles(Document(path, tuple(m.extension for m in offered), tuple(reps)), self.base + path,
                                  graph=graph)

    def sitemap_paths(self) -> list[str]:
        """Every page the sitemap lists: the site's, then each named graph's (its title and description say what it
        holds), then each thing's. The ontology's version IRIs are not listed: the current version's page is the
        ontology's, which is, and an earlier version's is an archive, reached from the ontology's page (its earlier
        versions)."""
        return [*SITE_PAGES, *self.list_paths(), *(p for p, _ in self.graph_paths()),
                *(p for p, _ in self.thing_paths() if p not in SITE_PAGES)]

    def list_paths(self) -> list[str]:
        """The lists of every municipality and every county (``/doc/municipalities``), those of the tables the build
        made (``manifest["tables"]``, set before the site's documents are rendered)."""
        return [LISTS[t["path"]] for t in self.manifest.get("tables", []) if t["path"] in LISTS]

    def sitemap(self, dates: Mapping[crawlers.Key, str], max_urls: int = crawlers.MAX_URLS) -> list[Document]:
        """``/sitemap.xml`` (and its parts where the pages' URLs are more than ``max_urls``, or than one file may
        hold): every page in each language (:func:`.sitemap.sitemap_files`), with the date its content last changed
        where ``dates`` knows it (:meth:`byregion.docstore.DocumentWriter.date`)."""
        return [Document(path, ("",), (representation(path, "", XML.name, body, host=True),))
                for path, body in crawlers.sitemap_files(self.sitemap_paths(), dates, max_urls=max_urls).items()]

    def service_description(self) -> Document:
        """What ``GET /sparql`` without a query answers, in each RDF format (the endpoint's; not a page of the site)."""
        graph = service_description(str(uris.sparql_endpoint(self.base)), self.manifest)
        return Document(SERVICE_DESCRIPTION, tuple(m.extension for m in RDF_TYPES), tuple(
            representation(SERVICE_DESCRIPTION, m.extension, content_type(m), body)
            for m, body in serialise_all(graph, RDF_TYPES, self.base).items()))

    def not_found(self) -> Document:
        """404 bodies: a page for browsers, a comment in Turtle and N-Triples (what ``Accept: text/plain``, an alias
        of N-Triples, reads), and an empty graph in the other formats."""
        return self._error(NOT_FOUND, NOT_FOUND_COMMENT, {lang: html.error_page(lang) for lang in LANGUAGES})

    def gone(self) -> Document:
        """410 bodies (an address an earlier build published, withdrawn since), as the 404's: the page says so and
        links the dataset's versions."""
        pages = {lang: html.error_page(lang, "gone_title", "gone", ("/dataset#versions", "gone_versions"))
                 for lang in LANGUAGES}
        return self._error(GONE, GONE_COMMENT, pages)

    def withdrawn_documents(self, entries: list[dict[str, Any]]) -> Iterator[Document]:
        """The 410 bodies of each withdrawn address (the manifest's ``withdrawn``, :mod:`byregion.build.withdrawn`),
        at ``!410{path}`` (:func:`byregion.paths.gone_key`): a page in each language saying what was there (its
        label and kind), which version last had it and which withdrew it, when, and where to go (``see``); in RDF a
        small description of its IRI (``rdfs:label``, ``rdf:type``, ``prov:invalidatedAtTime``, ``rdfs:comment``,
        ``rdfs:seeAlso`` the address to go to), after the shared 410's comment in Turtle and N-Triples. Made once,
        here, for the app and both exports; an entry that knows nothing of its thing (a build before these were
        kept) gets them all the same, with what it knows."""
        for entry in entries:
            path = str(entry["path"])
            iri = URIRef(entry.get("iri") or (f"{self.base}/id/{path[len('/doc/'):]}" if path.startswith("/doc/")
                                              else self.base + path))
            see = str(entry.get("see") or "/")
            graph = Graph()
            label, kind = entry.get("label") or {}, entry.get("kind") or {}
            for lang in LANGUAGES:
                if label.get(lang):
                    graph.add((iri, RDFS.label, Literal(label[lang], lang=lang)))
                graph.add((iri, RDFS.comment, Literal(gone_said(entry, lang), lang=lang)))
            if kind.get("iri"):
                graph.add((iri, RDF.type, URIRef(kind["iri"])))
            if entry.get("gone_at"):
                graph.add((iri, PROV.invalidatedAtTime,
                           Literal(str(entry["gone_at"]).replace("Z", "+00:00"), datatype=XSD.dateTime)))
            graph.add((iri, RDFS.seeAlso, URIRef(self.base + see)))
            pages = {lang: html.error_page(lang, "gone_title", "gone", (see, "gone_see") if see != "/" else None,
                                           facts=gone_facts(entry, lang), also=("/dataset#versions", "gone_versions"))
                     for lang in LANGUAGES}
            reps = [representation(gone_key(path), html_variant(lang), HTML_TYPE, page.encode("utf-8"))
                    for lang, page in pages.items()]
            for media_type, body in serialise_all(graph, RDF_TYPES, self.base).items():
                if media_type in (TURTLE, NTRIPLES):
                    body = GONE_COMMENT + body
                reps.append(representation(gone_key(path), media_type.extension, content_type(media_type), body))
            reps.append(representation(gone_key(path), GEOJSON.extension, content_type(GEOJSON), geojson.empty()))
            yield Document(gone_key(path), tuple(m.extension for m in SERVED_TYPES), tuple(reps))

    def _error(self, path: str, comment: bytes, pages: dict[str, str]) -> Document:
        reps = [representation(path, html_variant(lang), HTML_TYPE, page.encode("utf-8"))
                for lang, page in pages.items()]
        for media_type in RDF_TYPES:
            body = comment if media_type in (TURTLE, NTRIPLES) else serialise(Graph(), media_type, self.base)
            reps.append(representation(path, media_type.extension, content_type(media_type), body))
        reps.append(representation(path, GEOJSON.extension, content_type(GEOJSON), geojson.empty()))
        return Document(path, tuple(m.extension for m in SERVED_TYPES), tuple(reps))




def gone_facts(entry: Mapping[str, Any], lang: str) -> list[str]:
    """What a withdrawn address's page says of it in ``lang``: what it was (label and kind, where known), and
    :func:`gone_said`."""
    facts = []
    label = (entry.get("label") or {}).get(lang) or (entry.get("label") or {}).get(i18n.DEFAULT)
    kind = (entry.get("kind") or {}).get(lang)
    if label:
        kind_said = f" ({kind[:1].lower()}{kind[1:]})" if kind else ""
        facts.append(i18n.t("gone_what", lang).format(label=label, kind=kind_said))
    facts.append(gone_said(entry, lang))
    return facts


def gone_said(entry: Mapping[str, Any], lang: str) -> str:
    """Which version last published a withdrawn address, and which withdrew it and when, where known, in ``lang``."""
    if entry.get("gone"):
        when = f" ({str(entry['gone_at'])[:10]})" if entry.get("gone_at") else ""
        return i18n.t("gone_when", lang).format(last=entry["last"], gone=entry["gone"], date=when)
    return i18n.t("gone_last", lang).format(last=entry["last"])
