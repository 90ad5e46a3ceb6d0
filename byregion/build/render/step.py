"""The build's render step: every document of a build, rendered once into ``documents.sqlite``
(:func:`render`; the package's docstring says how)."""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph

from byregion.build import since, withdrawn
from byregion.build.reader import MANIFEST
from byregion.build.render import layers, ontology_versions, sitemap, sources
from byregion.build.render.documents import Document, Renderer
from byregion.docstore import FILE, DocumentWriter, StoredProfile, kept
from byregion.graph_index import GraphIndex
from byregion.identifiers import build as identifiers
from byregion.identifiers import documents as lookups
from byregion.maps.atlas import Atlas
from byregion.namespaces import ontology_namespace
from byregion.profile_views import profile_iri
from byregion.profiles import PROFILES
from byregion.progress import bar as progress_bar
from byregion.rdf_files import oxigraph_path
from byregion.search import index as search_index
from byregion.workers import Workers, as_worker

#: Documents handed to a worker at a time.
CHUNK = 64
#: Below this many documents, render in this process (forking costs more than it saves).
PARALLEL_FROM = 400

_RENDERER: Renderer | None = None

log = logging.getLogger(__name__)


def _render_chunk(paths: list[tuple[str, str]]) -> list[Document]:
    assert _RENDERER is not None, "the renderer is set before the workers fork"
    return [_RENDERER.thing(path, iri) for path, iri in paths]


def _render_site() -> list[Document]:
    """The site's own documents (:meth:`Renderer.site_documents`), rendered in a worker beside the things."""
    assert _RENDERER is not None, "the renderer is set before the workers fork"
    return list(_RENDERER.site_documents())


def _chunks(items: list[tuple[str, str]], size: int) -> Iterator[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _manifest_of(previous: Path | None) -> dict[str, Any] | None:
    """The previous build's manifest as written (None when there is none, or it cannot be read)."""
    try:
        return json.loads((previous / MANIFEST).read_text(encoding="utf-8")) if previous is not None else None
    except (OSError, ValueError):
        return None


def _write(writer: DocumentWriter, document: Document) -> None:
    """Keep ``document`` in the build: its formats, representations, other profiles and what its page links."""
    writer.add(document.path, document.formats, document.representations, document.profiles, document.links,
               document.recipe)


def render(folder: Path, manifest: dict[str, Any], report: Graph, *, inbound_limit: int, blank_depth: int,
           workers: int = 0, progress: bool | None = None, repo: Path | None = None,
           previous: Path | None = None, sitemap_urls: int = sitemap.MAX_URLS) -> dict[str, int]:
    """Render every document of the build in ``folder`` (its ``store/`` must be complete) into
    ``folder/documents.sqlite``, and index every thing for search into ``folder/search.sqlite``
    (:mod:`byregion.search.index`, from the same graph index); returns the counts for the manifest, and records
    the tables of numbers in ``manifest["tables"]`` (the catalogue lists them). ``workers`` 0 means one per CPU.
    ``repo`` is the repository the build was made from: its boundary files give the pages their maps, and
    ``ontology/versions/`` the text of each earlier version of the ontology (:mod:`.ontology_versions`). ``previous``
    is the folder of the build before it (None: there is none), whose pages' ETags and dates tell when each page of
    this one last changed (the sitemap's ``lastmod``, :mod:`byregion.build.render.sitemap`), and whose documents
    kept with what they were made of are carried over where this build would make them of the same (the ontology's
    earlier versions: :meth:`Renderer.recipe`; the returned ``carried`` counts them); ``sitemap_urls`` the most URLs
    one file of the sitemap lists."""
    global _RENDERER
    store = ox.Store.read_only(oxigraph_path(folder / "store"))
    index = GraphIndex.from_store(store, str(manifest["base_uri"]))
    atlas = Atlas.load(repo, index, ontology_namespace(index.base)) if repo is not None else None
    versions = ontology_versions.load(repo, index)  # before the long part: a missing version stops the build
    renderer = Renderer(index, manifest, report, inbound_limit, blank_depth, atlas, versions,
                        source_texts=sources.source_texts(index, repo) if repo is not None else {},
                        kept=kept(previous / FILE if previous is not None else None))
    del store
    writer = DocumentWriter(folder / FILE)
    things = renderer.thing_paths()
    carried = 0  # documents carried over from the previous build (Renderer.kept)
    # a document a thing, and the site's own documents as one more: they come together from a worker (their number
    # is known only then), and a bar counting each had ended past its whole (1,781 named graphs' at 1M)
    bar = progress_bar(len(things) + 1, "render", "documents", progress)
    writer.add_profiles(StoredProfile(p.token, str(profile_iri(p, renderer.base)), p.aliases) for p in PROFILES)
    try:
        # the bar as a context: stopped by an error or a signal, its last line is not "…, done"
        with bar:
            history = identifiers.load(folder)  # the look-ups' choices and the tables of numbers
            tables = lookups.render_tables(history, renderer.index) if history is not None else []
            manifest["tables"] = [table.manifest_entry() for table in tables]  # before the catalogue, which lists them
            since.carry_tables(manifest, _manifest_of(previous))
            # every municipality and every county of each boundary period, one GeoJSON layer each (the catalogue's
            # distributions of them, so before it)
            boundary_layers = layers.layers(renderer.index)
            manifest["layers"] = [layer.manifest_entry() for layer in boundary_layers]
            since.carry_tables(manifest, _manifest_of(previous), "layers")  # a layer's dates as a table's
            for document in lookups.documents(history, renderer.index, tables) if history is not None else ():
                _write(writer, renderer.listed(document))
            for path, formats, representations in sources.documents(renderer.index, repo) if repo is not None else ():
                writer.add(path, formats, representations)
            for layer in boundary_layers:
                _write(writer, layer.document())
            workers = workers or os.cpu_count() or 1
            if workers > 1 and len(things) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
                renderer.prepare()
                _RENDERER = renderer
                # The workers share the index (and all else) with this process, page by page, until a page is
                # written. The collector would write to every object it tracks: frozen, it leaves them alone.
                # A caller that had frozen objects itself (a process that embeds the build, a test worker) keeps
                # them frozen afterwards: unfreezing them would hand its whole heap back to every collection.
                caller_froze = gc.get_freeze_count() > 0
                gc.collect()
                gc.freeze()
                try:
                    # a worker that ends without answering (the out-of-memory killer) stops the render, saying so
                    with Workers(workers, "fork", as_worker, doing="rendering documents") as pool:
                        # The site's own documents in a worker beside the things, not before them all: the
                        # validation report's, the catalogue's and VoID's grow with the data (a minute and more of
                        # one core at a million triples, while the other core waited). Written after the things, so
                        # that this process writes each thing as it comes rather than holding them meanwhile; an
                        # error in them stops the render as soon as it is known.
                        site = pool.submit(_render_site)
                        for documents in pool.map(_render_chunk, _chunks(things, CHUNK)):
                            for document in documents:
                                _write(writer, document)
                            bar.update(len(documents))
                            if site.failed:
                                pool.wait(site)  # raises the worker's error
                        rendered: list[Document] = pool.wait(site)
                        site_documents: Iterable[Document] = rendered
                    del site, rendered
                finally:
                    if not caller_froze:
                        gc.unfreeze()
                    _RENDERER = None
            else:
                for path, iri in things:
                    document = renderer.thing(path, iri)
                    _write(writer, document)
                    bar.update()
                site_documents = renderer.site_documents()
            for document in site_documents:
                _write(writer, document)
                carried += document.carried
            bar.update()
            del site_documents
            earlier = _manifest_of(previous)
            dated = (previous / FILE if previous is not None else None, str(earlier["created"]) if earlier else None,
                     str(manifest["created"]))
            writer.date(*dated)
            for document in renderer.sitemap(writer.modified(sitemap.VARIANTS.values()), sitemap_urls):
                _write(writer, document)
            # what earlier builds answered and this one does not (every document written): 410, each with what it
            # was and where to go
            manifest["withdrawn"] = withdrawn.withdrawn(
                previous / FILE if previous is not None else None, earlier, writer.published(),
                str(earlier["version"]) if earlier else None,
                previous_search=previous / search_index.FILE if previous is not None else None,
                version=str(manifest["version"]), created=str(manifest["created"]))
            for document in renderer.withdrawn_documents(manifest["withdrawn"]):
                _write(writer, document)
            writer.date(*dated)  # the sitemap's own, and the 410s'
    finally:
        writer.close()
    searchable = search_index.write(folder / search_index.FILE, renderer.index, things)
    if carried:
        log.info("render: %d documents carried over from build %s, made of the same inputs", carried,
                 previous.name if previous is not None else "")
    return {"documents": writer.documents, "representations": writer.representations, "searchable": searchable,
            "carried": carried}
