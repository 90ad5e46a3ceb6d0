"""Making a build: merge → validate → write to a temporary folder → switch ``current`` atomically.

The steps: merge the inputs into an rdflib dataset and hash its canonical N-Quads; validate it; read the
catalogue facts from it and drop it; write the canonical N-Quads and load them into the build's Oxigraph
store; write the artifacts (dumps, figures) from the store; render every document from an index of the
store; publish. Only merging and validation hold the rdflib dataset, the largest thing a build holds (about
2 KB a triple).

A build that fails at any step leaves the previous build and ``current`` untouched.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import hashlib
import itertools
import json
import logging
import multiprocessing
import os
import shutil
import signal
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, OWL, RDF, SKOS

from byregion import dcat, docstore, dumps, memory, sources, uris
from byregion.build import leases, since, vocabulary
from byregion.build.reader import (
    BUILD_NAME,
    CANONICAL_NQUADS,
    CURRENT,
    MANIFEST,
    ClassCount,
    DamagedBuildError,
    GraphCount,
    NoBuildError,
    build_folders,
    check_whole,
    current_is_folder,
    newest_whole,
    open_current,
    read_build,
)
from byregion.build.render import ontology_versions, render
from byregion.build.render.ontology_versions import MissingVersion
from byregion.build.render.pages import TemplateProblem, check_templates
from byregion.build.render.sources import SourceMismatch, changed_since_import
from byregion.build.software import software_fingerprint
from byregion.dcat import places
from byregion.geo import published
from byregion.identifiers import build as identifiers
from byregion.identifiers.documents import TableError
from byregion.lifetime import end_with_parent
from byregion.mediatypes import TURTLE
from byregion.namespaces import BASE, BR, ONTOLOGY_IRI, bind_prefixes
from byregion.progress import Progress
from byregion.progress import bar as progress_bar
from byregion.reconcile import index as reconcile_index
from byregion.render import serialise
from byregion.search import index as search_index
from byregion.settings import Settings
from byregion.store.convert import canonical
from byregion.workers import WorkerDied

if TYPE_CHECKING:
    from rdflib.term import Node

    from byregion.validate import Report, Result

#: Extra outputs of a build (dumps, catalogue files, ...): called with the build's complete Oxigraph store
#: (every validated quad, opened for reading and writing: do not change it), the folder being written (which
#: holds the canonical N-Quads, ``dataset.nq``) and the manifest so far; return the files they wrote
#: (relative paths). The merged rdflib graph is gone by then: at a million triples it alone is gigabytes.
ArtifactWriter = Callable[[ox.Store, Path, dict[str, Any]], list[str]]
ARTIFACT_WRITERS: list[ArtifactWriter] = [dumps.write, identifiers.write, reconcile_index.write, vocabulary.write]

log = logging.getLogger(__name__)

#: Complete builds kept besides the current one; older ones are removed after a successful build.


class BuildError(RuntimeError):
    """The build could not be made; nothing published was changed."""


class ValidationFailed(BuildError):
    """The merged graph does not conform to the shapes; ``report`` says where."""

    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__(f"validation failed: {len(report.violations)} violation(s); nothing was published")


@dataclass(frozen=True)
class BuildResult:
    """What :func:`build` made: the build's folder, its manifest and the validation report (None when the data
    was up to date and no build was made)."""

    path: Path
    manifest: dict[str, Any]
    report: Report | None
    up_to_date: bool = False
    #: Why a build was made of data the current build already has (the software changed, or the current build is
    #: damaged), for the command to say.
    reason: str | None = None


def file_info(path: Path) -> dict[str, Any]:
    """Size and SHA-256 of a file, as the manifest records them."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"bytes": path.stat().st_size, "sha256": digest.hexdigest()}


#: The store's files that reading it never changes: its tables, and the files that say which tables make it.
#: Left out: its write-ahead logs (``*.log``), its info ``LOG`` and ``LOCK``, which an open store may touch.
STORE_FILES = ("*.sst", "CURRENT", "IDENTITY", "MANIFEST-*", "OPTIONS-*")


def store_files(folder: Path) -> list[str]:
    """The store's files (:data:`STORE_FILES`) relative to the build ``folder``, for the manifest, so that a store
    cut short or missing a table is found when the build is opened (:func:`byregion.build.reader.check_whole`)
    rather than by a query that fails."""
    return sorted(str(path.relative_to(folder)) for pattern in STORE_FILES for path in (folder / "store").glob(pattern))


def rebased(dataset: Dataset, base: str) -> Dataset:
    """The dataset with our IRIs moved from the canonical :data:`BASE` to ``base``."""
    if base == BASE:
        return dataset
    out = Dataset()
    bind_prefixes(out)

    def move(term: Any) -> Any:
        return URIRef(uris.rebase(str(term), BASE, base)) if isinstance(term, URIRef) else term

    for s, p, o, g in dataset.quads((None, None, None, None)):
        if p == BR.query and isinstance(o, Literal):  # a query text names our IRIs: move them too
            o = Literal(str(o).replace(f"<{BASE}/", f"<{base}/"), datatype=o.datatype)
        out.add((move(s), move(p), move(o), move(getattr(g, "identifier", g))))
    return out


def _ox_term(term: Any) -> Any:
    """The pyoxigraph term for an rdflib term (a literal keeps its lexical form, language and datatype)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def catalogue_facts(dataset: Dataset, base: str, repo_dir: Path | None = None) -> dict[str, Any]:
    """What the DCAT catalogue says about the data (:func:`byregion.dcat.facts`), read from the merged dataset
    as one graph: the union of its named graphs, without copying it."""
    dataset.default_union = True
    try:
        return dcat.facts(dataset, base, places.load_boundaries(repo_dir) if repo_dir else places.load_boundaries())
    finally:
        dataset.default_union = False


def canonical_nquads(dataset: Dataset) -> bytes:
    """N-Quads in canonical form (RDFC-1.0 blank node labels, sorted lines): the same data always
    gives the same bytes, and so the same hash, however often it is parsed.

    Only the quads with a blank node go through Oxigraph's canonicalisation: RDFC-1.0 names a blank node
    from the quads that mention it and from the blank nodes it reaches through them, never from a quad
    without one, so canonicalising them alone gives the labels the whole dataset would. The rest (nearly all
    of them) are written as N-Quads straight from rdflib's terms, term by term (not through rdflib's N-Quads
    text, which at a million quads took longer and twice the memory), without an Oxigraph dataset of a million
    quads and its six indexes (1.3 GB of the merge's 3.9 GB peak at 1M). Lines sort as bytes, which for
    UTF-8 is code point order.
    """
    made: dict[Any, Any] = {}  # a subject, predicate or graph recurs in many quads: make its term once

    def term(node: Any) -> Any:
        found = made.get(node)
        if found is None:
            found = made[node] = _ox_term(node)
        return found

    blank = ox.Dataset()  # the quads with a blank node, to be canonicalised

    def plain() -> Iterator[Any]:
        """Every quad without a blank node, as Oxigraph's; those with one go to ``blank``."""
        for s, p, o, g in dataset.quads((None, None, None, None)):
            name = getattr(g, "identifier", g)
            graph = ox.DefaultGraph() if name is None or name == DATASET_DEFAULT_GRAPH_ID else term(name)
            quad = ox.Quad(term(s), term(p), _ox_term(o) if isinstance(o, Literal) else term(o), graph)
            if isinstance(s, BNode) or isinstance(o, BNode) or isinstance(name, BNode):
                blank.add(quad)
            else:
                yield quad

    written = ox.serialize(plain(), format=ox.RdfFormat.N_QUADS)
    made.clear()
    blank.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    relabelled = ox.serialize(blank, format=ox.RdfFormat.N_QUADS)
    assert written is not None and relabelled is not None  # None only when an output file is given
    lines = written.split(b"\n")
    del written
    lines += relabelled.split(b"\n")
    del relabelled
    lines.sort()
    canonical = b"\n".join(line for line in lines if line) + b"\n"
    del lines
    memory.release()
    return canonical


def _step(bar: Progress, name: str) -> None:
    """Show and log the step starting now (``scripts/profile_build`` times the steps by these lines)."""
    bar.set_postfix_str(name)
    log.info("build step: %s", name)


def source_date_epoch(value: str | None) -> datetime | None:
    """The time ``SOURCE_DATE_EPOCH`` gives a build (reproducible-builds.org: whole seconds since 1970, UTC), or
    None when it is unset or empty (the build takes the time it is made). With it, two builds of one commit in
    two new folders (two replicas, CI, a recovery) get the same version, dates and ETags, where each would
    otherwise state the moment it ran. A value that is no such number is refused, as the specification asks."""
    if value is None or not value.strip():
        return None
    try:
        seconds = int(value.strip())
        if seconds < 0:
            raise ValueError(value)
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        raise BuildError(f"SOURCE_DATE_EPOCH={value!r} is not valid: it must be a whole number of seconds since "
                         "1970-01-01 UTC, such as `git log -1 --format=%ct` gives (or unset it)") from None


def free_version(build_dir: Path, stamp: str, content_sha256: str) -> str:
    """The name of a new build: its time ``stamp``, with the content's hash (then a count) where a build of that
    name is already in ``build_dir`` (two builds in one second, or a fixed SOURCE_DATE_EPOCH)."""
    hashed = f"{stamp}-{content_sha256[:8]}"
    candidates = itertools.chain((stamp, hashed), (f"{hashed}-{n}" for n in itertools.count(2)))
    return next(c for c in candidates if not (build_dir / c).exists())


@contextlib.contextmanager
def _lock(build_dir: Path) -> Iterator[None]:
    try:
        build_dir.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError) as exc:  # a file where the folder (or one above it) should be
        blocker = next((p for p in (build_dir, *build_dir.parents) if p.exists() and not p.is_dir()), build_dir)
        raise BuildError(f"the build folder {build_dir} cannot be made: {blocker} is a file, not a folder; give a "
                         "folder with --build-dir (BYREGION_BUILD_DIR)") from exc
    with (build_dir / ".lock").open("w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise BuildError(f"another build is running in {build_dir}; wait for it to finish") from exc
        _sweep_leftovers(build_dir)
        yield


def _sweep_leftovers(build_dir: Path) -> None:
    """Remove what a build that was killed left behind: its ``.tmp-*`` folder and ``.current-PID`` link.

    Called with the lock held, so no other build is writing them; nothing published is touched.
    """
    for leftover in build_dir.glob(".tmp-*"):  # a build's folder, or an old build being pruned (_remove)
        shutil.rmtree(leftover, ignore_errors=True)
    for cut in _cut_short(build_dir):
        log.warning("removed %s: a folder named as a build, holding only what a build writes, but no %s (a removal "
                    "or a copy stopped part way), so no build to go back to", cut.name, MANIFEST)
        _remove(build_dir, cut)
    for link in build_dir.glob(f".{CURRENT}-*"):
        with contextlib.suppress(FileNotFoundError):
            link.unlink()


def _switch_current(build_dir: Path, version: str) -> None:
    tmp_link = build_dir / f".{CURRENT}-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    tmp_link.symlink_to(version)
    try:
        os.replace(tmp_link, build_dir / CURRENT)
    except IsADirectoryError:  # made a folder since the build began (checked at its start: current_is_folder)
        tmp_link.unlink()
        raise BuildError(current_is_folder(build_dir) or f"{build_dir / CURRENT} is a folder, not a link") from None
    _sync_folder(build_dir)


def _sync(folder: Path) -> None:
    """Every file and folder under ``folder`` written to the disk (fsync): after a power cut, a build that its
    name and ``current`` call whole is whole, not files the kernel had not yet written (an SRE's review)."""
    for path in sorted(folder.rglob("*"), reverse=True):  # the files in a folder before the folder
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
        elif path.is_dir():
            _sync_folder(path)
    _sync_folder(folder)


def _sync_folder(folder: Path) -> None:
    """A folder's entries (names made, renamed, linked) written to the disk."""
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _prune(build_dir: Path, keep: str, keep_builds: int) -> None:
    """Remove all but the newest ``keep_builds`` old whole builds (``settings.keep_builds``), and every old build that
    is not whole, except ``keep`` (the current one) and any a running server still serves. A damaged build is no
    build to go back to: counted among those kept, it had kept its place while an older whole one was removed."""
    # the older builds, newest last: not ``keep``, and not the link `current` (is_dir follows it), which had taken
    # one of the kept places; only folders a build made (its name and its manifest): anything else a person keeps
    # in the build folder is theirs (an SRE's review found a folder of backups pruned as an old build)
    older = [p for p in build_folders(build_dir) if p.name != keep]
    try:
        held = leases.in_use(build_dir)
    except leases.UnreadableLeases as exc:
        log.warning("no old build is removed: %s, so which builds running servers use is not known", exc)
        return
    whole, damaged = [], []
    for old in older:  # the cheap check a server makes at start (sizes, not SHA-256s)
        try:
            check_whole(read_build(old))
            whole.append(old)
        except (OSError, ValueError):  # DamagedBuildError is a ValueError
            damaged.append(old)
    # the oldest beyond the ``keep_builds`` newest: none while there are no more (a negative end had sliced from the
    # end, and three old builds with five to keep lost their oldest)
    for old in damaged + whole[:max(0, len(whole) - max(0, keep_builds))]:
        if old.name not in held:
            if old in damaged:  # said, so that an operator who wanted to look into it knows where it went
                log.warning("removed build %s: it is not whole (a file cut short, changed or missing), so no build "
                            "to go back to", old.name)
            _remove(build_dir, old)


#: What a build writes in its folder besides its manifest: a folder named as a build that holds some of these and
#: nothing else, but no manifest, is what a removal stopped part way left (:func:`_cut_short`).
BUILD_ENTRIES = frozenset({"dataset.nq", "report.ttl", "identifiers.json", "documents.sqlite", "search.sqlite",
                           "reconcile.sqlite", "dumps", "store"})


def _cut_short(build_dir: Path) -> list[Path]:
    """Folders named as builds, without a manifest, holding what a build writes and nothing else: what a prune killed
    part way (before :func:`_remove` renamed first) left, never cleaned nor reported since no longer a build. Not
    the one ``current`` names (a damaged current build, which a build replaces and says so), nor one a running
    server serves, nor any while the leases cannot be read; a folder a person keeps (anything else in it) stays."""
    try:
        held = leases.in_use(build_dir)
        current = (build_dir / CURRENT).resolve()
    except (leases.UnreadableLeases, OSError):
        return []
    found = []
    for path in build_dir.iterdir():
        if path.is_symlink() or not path.is_dir() or not BUILD_NAME.fullmatch(path.name) or path.name in held \
                or path == current or (path / MANIFEST).exists():
            continue
        with contextlib.suppress(OSError):
            entries = {entry.name for entry in path.iterdir()}
            if entries and entries <= BUILD_ENTRIES:
                found.append(path)
    return sorted(found)


def _remove(build_dir: Path, folder: Path) -> None:
    """Remove an old build: renamed first to a ``.tmp-`` name (one step, made durable), then deleted, so that a
    removal killed part way leaves what the next build sweeps (:func:`_sweep_leftovers`), never a folder named as a
    build that has lost its manifest and is no longer seen as one."""
    doomed = build_dir / f".tmp-removed-{folder.name}"
    try:
        os.rename(folder, doomed)
        _sync_folder(build_dir)
    except OSError as exc:
        log.warning("could not remove build %s: %s", folder.name, exc.strerror or exc)
        return
    shutil.rmtree(doomed, ignore_errors=True)


@dataclass(frozen=True)
class Merged:
    """What merging and validating found (made in a process of its own, see :func:`merge_and_validate`)."""

    content_sha256: str
    quads: int
    up_to_date: bool = False
    conforms: bool = True
    results: list[Result] = field(default_factory=list)
    report_triples: list[tuple[Node, Node, Node]] = field(default_factory=list)
    graphs: tuple[GraphCount, ...] = ()
    catalogue: dict[str, Any] = field(default_factory=dict)

    def report(self) -> Report:
        """The validation report, its graph made again from the triples that came through the pipe."""
        from byregion.validate import Report

        graph = bind_prefixes(Graph())
        for triple in self.report_triples:
            graph.add(triple)
        return Report(conforms=self.conforms, results=self.results, graph=graph)


def merge_and_validate(settings: Settings, nquads_path: Path, previous_sha256: str | None,
                       progress: bool | None = None) -> Merged:
    """Merge the inputs, write their canonical N-Quads to ``nquads_path`` and validate them; stop after hashing
    when the hash is ``previous_sha256`` (the data is up to date). Raises :class:`BuildError` for broken input.

    This is the only step that holds the merged rdflib dataset (about 2 KB a triple). Python keeps most of
    such a heap after it is freed (a few live objects pin each arena), so :func:`build` runs this in a
    process of its own, which gives all of it back when it ends.
    """
    from byregion.validate import load_shapes, with_sources_checked  # heavy; import only when building
    from byregion.validate_parallel import validate_in_parts

    try:
        dataset = rebased(sources.load_dataset(settings.repo_dir), settings.base_uri)
    except sources.InputError as exc:
        raise BuildError(str(exc)) from exc
    nquads = canonical_nquads(dataset)
    merged = Merged(hashlib.sha256(nquads).hexdigest(), nquads.count(b"\n"))
    if merged.content_sha256 == previous_sha256:
        changed = changed_since_import(dataset, settings.repo_dir, settings.base_uri)
        ontology = dataset.graph(uris.graph("ontology", settings.base_uri))
        changed += ontology_versions.missing(settings.repo_dir, list(ontology.predicate_objects(
            URIRef(uris.rebase(ONTOLOGY_IRI, BASE, settings.base_uri)))), settings.base_uri)
        if changed:
            raise BuildError("; ".join(changed))
        return replace(merged, up_to_date=True)
    nquads_path.write_bytes(nquads)
    del nquads

    log.info("build step: validate")
    try:
        shapes = load_shapes(settings.repo_dir)
    except (FileNotFoundError, sources.InputError) as exc:
        raise BuildError(str(exc)) from exc
    try:
        report = validate_in_parts(dataset, shapes, base=settings.base_uri, jobs=settings.validation_jobs,
                                   part_triples=settings.validation_part_triples, progress=progress)
    except WorkerDied as exc:
        raise BuildError(f"the validation stopped: {exc}; nothing was published. Where memory ran out, give the "
                         "build more, or a smaller BYREGION_VALIDATION_PART_TRIPLES, and run it again") from exc
    report = with_sources_checked(report, dataset, settings.repo_dir, settings.base_uri)
    merged = replace(merged, conforms=report.conforms, results=report.results, report_triples=list(report.graph))
    if not report.conforms:
        return merged

    log.info("build step: facts")
    classes = class_counts(dataset)
    graphs = tuple(GraphCount(str(g.identifier), len(g), classes.get(str(g.identifier), ()), own_licence(g))
                   for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)) if len(g))
    return replace(merged, graphs=graphs, catalogue=catalogue_facts(dataset, settings.base_uri, settings.repo_dir))


def own_licence(graph: Graph) -> str | None:
    """The licence a named graph's own works state, where the graph is one: every ontology and concept scheme in it
    (``owl:Ontology``, ``skos:ConceptScheme``) states the same one ``dct:license`` (the ontology's and the themes'
    CC BY 4.0). None for a graph of data, which is under the dataset's licence: a source described in the reference
    graph states its file's licence, which is not the graph's. The VoID description and each graph's document state
    it, so that they agree with the ontology's own header (a researcher found NLOD in the one and CC BY in the
    other)."""
    works = {s for kind in (OWL.Ontology, SKOS.ConceptScheme) for s in graph.subjects(RDF.type, kind)}
    licences = {licence for work in works for licence in graph.objects(work, DCTERMS.license)}
    stated_by_all = all(any(True for _ in graph.objects(work, DCTERMS.license)) for work in works)
    if not works or not stated_by_all or len(licences) != 1:
        return None
    return str(next(iter(licences)))


def class_counts(dataset: Dataset) -> dict[str, tuple[ClassCount, ...]]:
    """For each named graph of ``dataset`` (by IRI), the classes it types things as (``rdf:type``), with how many
    things of each, most first (then by IRI); each ``(thing, class)`` counts once in a graph.

    One pass over the dataset's type statements. Asking each graph for its own (``graph.objects(None, RDF.type)``)
    made rdflib's memory store read every graph's type statements and keep the graph's: quadratic, 57 s of a
    300k-triple build and most of the 780 s that merging and validation had grown by at a million triples."""
    counts: dict[str, dict[str, int]] = {}
    for _thing, _type, cls, graph in dataset.quads((None, RDF.type, None, None)):
        if isinstance(cls, URIRef):  # the default graph is None in some versions of rdflib, its IRI in others
            of_graph = counts.setdefault(str(graph if graph is not None else DATASET_DEFAULT_GRAPH_ID), {})
            of_graph[str(cls)] = of_graph.get(str(cls), 0) + 1
    return {graph: tuple(ClassCount(iri, n) for iri, n in sorted(found.items(), key=lambda item: (-item[1], item[0])))
            for graph, found in counts.items()}


def _end_with(parent: int) -> None:
    """Have this forked process sent SIGTERM when ``parent`` ends (:mod:`byregion.lifetime`). It shares the build's
    lock (the file it inherited), so after a ``kill -9`` of the command alone it would go on merging and validating
    for nobody and refuse every other build until it ended: minutes at a million triples (an SRE's review)."""
    if not end_with_parent(parent, signal.SIGTERM):  # it ended before the kernel was told
        os.kill(os.getpid(), signal.SIGTERM)


def _isolated(function: Callable[..., Merged], *args: Any) -> Merged:
    """``function(*args)`` in a forked process (its memory goes back to the system when it ends); its result
    or its exception comes back through a pipe. In this process where fork is not available."""
    if "fork" not in multiprocessing.get_all_start_methods():
        return function(*args)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)

    parent = os.getpid()

    def run() -> None:
        # Ctrl-C is the command's, which then ends this process (terminate: SIGTERM, raised here as Terminated by
        # the handler inherited from the command, so that the validation's pool is shut down, not orphaned).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        _end_with(parent)
        # What it inherited is the command's, not garbage of its own: out of its collector's reach, so that the
        # collections between its steps (memory.release) walk only what it makes, and do not write into (and so
        # copy) every page of the parent's heap it shares. In a test worker that heap was the whole session's:
        # those collections took 61 s of a suite's CPU (py-spy, 2026-12-07).
        gc.freeze()
        try:
            outcome: tuple[str, Any] = ("result", function(*args))
        except BaseException as exc:  # every failure is handed to the parent, which raises it
            outcome = ("error", exc)
        try:
            try:
                sender.send(outcome)
            except Exception as exc:  # an exception that cannot be pickled: its message at least
                sender.send(("error", BuildError(f"{outcome[1]!r} ({exc})")))
            sender.close()
        except KeyboardInterrupt:  # stopped while it answered: the command, which stopped it, reads nothing
            pass

    process = context.Process(target=run, name="byregion-merge")
    process.start()
    sender.close()
    try:
        kind, value = receiver.recv()  # before join: a large result would fill the pipe and block the child
    except EOFError:
        process.join()
        raise BuildError(f"merging and validating stopped (exit code {process.exitcode}), perhaps out of memory; "
                         "nothing was published") from None
    except BaseException:  # Ctrl-C or SIGTERM while it works: it stops too, not left to run for nothing
        process.terminate()
        process.join()
        raise
    finally:
        receiver.close()
    process.join()
    if kind == "error":
        raise value
    assert isinstance(value, Merged)
    return value


def _fit_boundaries(repo: Path) -> None:
    """The published boundaries (:mod:`byregion.geo.published`) and their borders and counties made here, before the
    merge forks: its process finds them made for the geometry graph and the catalogue's places, and rendering for
    the maps. Broken boundary files are left for the merge to report, as a :class:`BuildError` naming them."""
    with contextlib.suppress(ValueError, OSError):
        published.relations(repo)


def build(settings: Settings, *, force: bool = False, progress: bool | None = None) -> BuildResult:
    """Merge, validate and write a new build; switch ``current`` to it.

    Raises :class:`ValidationFailed` (with the report) or :class:`BuildError`; in both cases the
    previous build stays current. When the merged data equals the current build's, the current build was made
    by the same software (:mod:`byregion.build.software`) and ``force`` is false, nothing is written and the
    current build is returned with ``up_to_date=True``.
    """
    try:  # before the lock, which makes the build folder: a typo in --repo, or a folder that is no repository (the
        sources.discover(settings.repo_dir)  # current folder of an install outside a checkout), leaves nothing behind
    except sources.InputError as exc:
        raise BuildError(str(exc)) from exc
    fixed_time = source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    if (folder_said := current_is_folder(settings.build_dir)) is not None:  # before any work: it cannot be switched
        raise BuildError(folder_said)
    try:  # before any work: a template left broken had ended the build after its merge, in tracebacks
        check_templates()
    except TemplateProblem as exc:
        raise BuildError(f"a page template cannot be compiled: {exc}; nothing was built") from None
    steps = progress_bar(7, "build", "steps", progress)
    with _lock(settings.build_dir):
        damaged_current = False
        try:
            previous = open_current(settings.build_dir)
        except NoBuildError:
            previous = None
        except DamagedBuildError as damaged:  # a whole build replaces it, carrying on the newest whole one's history
            damaged_current = True  # and one is made even for unchanged data: none of those is current
            previous = newest_whole(settings.build_dir)
            log.warning("%s; this build replaces it%s", damaged.damage, "" if previous is None else
                        f", carrying on from build {previous.version} (its dates, versions and withdrawn addresses)")
        software = software_fingerprint(shapes=settings.repo_dir / "shapes")
        same_software = previous is not None and previous.manifest.get("software_sha256") == software
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=settings.build_dir))
        # readable as its files are (mkdtemp makes it the owner's alone, whatever the umask): a server or `verify`
        # run as another user had been refused every file of a build; a umask that keeps files private still does
        umask = os.umask(0o022)
        os.umask(umask)
        tmp.chmod(0o777 & ~umask)
        try:
            _step(steps, "merge")
            _fit_boundaries(settings.repo_dir)
            merged = _isolated(merge_and_validate, settings, tmp / CANONICAL_NQUADS,
                               None if force or damaged_current or previous is None or not same_software
                               else previous.manifest.get("content_sha256"),
                               progress)
            if merged.up_to_date:
                assert previous is not None
                shutil.rmtree(tmp, ignore_errors=True)
                _prune(settings.build_dir, previous.path.name, settings.keep_builds)  # a lowered KEEP_BUILDS holds now
                steps.close()
                return BuildResult(previous.path, previous.manifest, None, up_to_date=True)
            report = merged.report()
            if not report.conforms:
                raise ValidationFailed(report)
            steps.update(3)
            content_sha256, catalogue = merged.content_sha256, merged.catalogue
            reason = None
            if previous is not None and not force and content_sha256 == previous.manifest.get("content_sha256"):
                reason = (f"the data is unchanged since build {previous.version}, but the current build is damaged:"
                          " a whole one is made in its place" if damaged_current and same_software else
                          f"the data is unchanged since build {previous.version}, which other software or other "
                          "shapes made: the data is judged and its documents written again")
            now = fixed_time or datetime.now(UTC).replace(microsecond=0)
            if fixed_time and previous and content_sha256 != previous.manifest.get("content_sha256") \
                    and fixed_time <= datetime.fromisoformat(str(previous.manifest["created"])):
                raise BuildError(f"SOURCE_DATE_EPOCH gives {fixed_time.isoformat()}, not after build "
                                 f"{previous.version} ({previous.manifest['created']}), and the data changed: its "
                                 "documents' Last-Modified would not move on, and caches asking If-Modified-Since "
                                 "would keep the old ones. Give the time of the commit the data is from")
            version = free_version(settings.build_dir, now.strftime("%Y%m%dT%H%M%SZ"), content_sha256)
            history = list(previous.manifest.get("history", [])) if previous else []
            if previous:
                history.insert(0, {k: previous.manifest[k] for k in ("version", "created", "content_sha256")})
            manifest: dict[str, Any] = {
                "version": version,
                "created": now.isoformat().replace("+00:00", "Z"),
                "previous_version": previous.version if previous else None,
                "history": history,
                "base_uri": settings.base_uri,
                "content_sha256": content_sha256,
                # the code and libraries that wrote its documents (byregion/build/software.py)
                "software_sha256": software,
                "triples": merged.quads,
                "graphs": [asdict(g) for g in merged.graphs],
                "validation": {"conforms": True, "violations": 0, "warnings": len(report.warnings)},
                "files": {},
            }
            del merged

            _step(steps, "store")
            (tmp / "report.ttl").write_bytes(serialise(canonical(report.graph), TURTLE, settings.base_uri))
            store = ox.Store(tmp / "store")
            # parsed here, not by bulk_load, which gives blank nodes new random labels at every build
            store.bulk_extend(ox.parse(path=tmp / CANONICAL_NQUADS, format=ox.RdfFormat.N_QUADS))
            store.optimize()
            steps.update()

            _step(steps, "artifacts")
            written = [CANONICAL_NQUADS, "report.ttl"]
            for writer in ARTIFACT_WRITERS:
                written += writer(store, tmp, manifest)
            del store
            manifest["dcat"] = catalogue
            written += store_files(tmp)
            manifest["files"].update({name: file_info(tmp / name) for name in written})
            since.carry(manifest, previous.manifest if previous is not None else None)
            memory.release()
            steps.update()

            _step(steps, "render")
            try:
                manifest["documents"] = render(tmp, manifest, report.graph, inbound_limit=settings.inbound_limit,
                                               blank_depth=settings.blank_depth, progress=progress,
                                               sitemap_urls=settings.sitemap_urls,
                                               repo=settings.repo_dir, previous=previous.path if previous else None)
            except (SourceMismatch, MissingVersion) as exc:
                raise BuildError(str(exc)) from exc
            except WorkerDied as exc:
                raise BuildError(f"the render stopped: {exc}; nothing was published. Where memory ran out, give the "
                                 "build more and run it again") from exc
            except TableError as exc:  # the graph holds what a table for spreadsheets cannot say
                raise BuildError(f"a table for spreadsheets cannot be made: {exc}") from exc
            manifest["files"][docstore.FILE] = file_info(tmp / docstore.FILE)
            manifest["files"][search_index.FILE] = file_info(tmp / search_index.FILE)
            (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", "utf-8")
            steps.update()

            _step(steps, "publish")
            final = settings.build_dir / version
            _sync(tmp)  # on disk before its name and the link say it is whole
            os.replace(tmp, final)
            _sync_folder(settings.build_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            steps.close()
            raise
        _switch_current(settings.build_dir, version)
        _prune(settings.build_dir, version, settings.keep_builds)
        steps.update()
        log.info("build step: done")
        steps.close()
        return BuildResult(final, manifest, report, reason=reason)
