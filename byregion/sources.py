"""Which input file becomes which named graph: the one table the build reads.

See docs/MODEL.md "Files and named graphs". Pure path logic plus a loader that turns parse errors
into :class:`InputError` values naming the file and line.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS, NamespaceManager

from byregion import profile_views, programme, uris
from byregion.literals import XML_UNSAFE, unsafe_character
from byregion.namespaces import BASE, BR, bind_prefixes
from byregion.programme import graph as programme_graph
from byregion.programme import phases, translations
from byregion.programme.figures import programme_figures
from byregion.rdf_files import parse_path
from byregion.store.convert import to_rdflib


@dataclass(frozen=True)
class GraphSource:
    """One input file and the named graph it fills."""

    graph_name: str  # e.g. "ontology", "region/notodden"
    path: Path

    def graph_iri(self, base: str = BASE) -> URIRef:
        return uris.graph(self.graph_name, base)


#: The named graph the programme's tables become (``{base}/graph/programme/regions``).
PROGRAMME_REGIONS = "programme/regions"


class InputError(ValueError):
    """An input file cannot be read as RDF; the message names the file and the parser's complaint."""


class Disagreement(InputError):
    """The inputs can be read but say different things (the programme's table and a region's page): as a violation
    of the shapes, the data cannot be published until a person says which is right."""


#: The inputs every build needs, by named graph: without the ontology the data would validate against a vocabulary
#: nobody declared (a build without it once published 8 graphs as if nothing were missing).
REQUIRED = (("ontology", "ontology/byregion.ttl"), ("themes", "ontology/themes.ttl"),
            ("programme", "data/programme.ttl"))


def require_repo(repo_dir: Path) -> None:
    """:class:`InputError` when ``repo_dir`` is no folder: a typo in ``--repo``, named as one, not as its first file
    missing."""
    if not repo_dir.is_dir():
        raise InputError(f"{repo_dir}: there is no such folder; give --repo (or BYREGION_REPO_DIR) the repository's "
                         "folder, the one with ontology/, data/ and shapes/")


def another_checkout(repo_dir: Path, here: Path) -> str | None:
    """A warning where the folder a command runs in (``here``) is inside a repository of its own (``ontology/``,
    ``data/`` and ``shapes/``) other than ``repo_dir``, the one it reads: a second checkout sharing an installed
    ``byregion`` builds the first one's data unless told otherwise (an importer's review got a green build of the
    other checkout, its new pages in none)."""
    for folder in (here, *here.parents):
        if all((folder / part).is_dir() for part in ("ontology", "data", "shapes")):
            if folder.resolve() != repo_dir.resolve():
                return (f"this reads the repository {repo_dir}, not {folder}, where the command runs; to use that "
                        f"one, give --repo {folder} (or set BYREGION_REPO_DIR)")
            return None
    return None


def in_git(folder: Path) -> bool:
    """Whether ``folder`` is in a git checkout (itself or a folder above it holds ``.git``): only there does git's
    advice help (an install from the wheel had been told to ``git checkout`` its site-packages)."""
    return any((above / ".git").exists() for above in (folder, *folder.parents))


def discover(repo_dir: Path) -> list[GraphSource]:
    """Every input graph under ``repo_dir``, in a stable order; :class:`InputError` naming a :data:`REQUIRED`
    file that is missing."""
    found: list[GraphSource] = []
    require_repo(repo_dir)
    for name, rel in REQUIRED:
        if not (repo_dir / rel).is_file():
            restore = (f"Restore it (git checkout -- {rel}), or give --repo the folder that has it" if in_git(repo_dir)
                       else "Give --repo (or BYREGION_REPO_DIR) the repository's folder, the one with ontology/, "
                            "data/ and shapes/, or run the command in it")
            raise InputError(f"{repo_dir / rel}: missing; every build needs it (the named graph {name}). {restore}")
        found.append(GraphSource(name, repo_dir / rel))
    found += [GraphSource("reference", p) for p in sorted((repo_dir / "data/reference").glob("*.ttl"))]
    found += [GraphSource(f"region/{p.stem}", p) for p in sorted((repo_dir / "data/regions").glob("*.ttl"))]
    found += [GraphSource(f"curation/{p.stem}", p) for p in sorted((repo_dir / "data/curation").glob("*.ttl"))]
    return found


def parse_file(path: Path, what: str = "") -> Graph:
    """Parse one Turtle file, or raise :class:`InputError` saying where it is broken (``what``: what the file is,
    as the message names it: "the reference data")."""
    return parse_into(Graph(), path, what)


def parse_into(graph: Graph, path: Path, what: str = "") -> Graph:
    """Parse one Turtle file into ``graph``, or raise :class:`InputError` saying where it is broken, or that it cannot
    be read or is not UTF-8 (``what`` as in :func:`parse_file`)."""
    named, it_is = (f"{path}: {what} ", "is ") if what else (f"{path}: ", "")
    try:
        parse_path(graph, path)
    except OSError as exc:  # a file this user may not read, a folder where the file should be
        raise InputError(f"{named}cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"{named}{it_is}not UTF-8 (byte {exc.start}), as Turtle must be: save it as UTF-8") from exc
    except UnicodeEncodeError as exc:  # a name the file system's encoding cannot write: no fault of the file's
        raise InputError(f"{named}cannot be opened: its name cannot be written in this system's file name encoding "
                         f"({exc.encoding}); run with a UTF-8 locale (LC_ALL=C.UTF-8)") from exc
    except (SyntaxError, ValueError) as exc:  # Oxigraph's parser: the file is not valid Turtle
        raise InputError(f"{named}{it_is}not valid Turtle: {syntax_error(exc)}") from exc
    return graph


def refuse_unsafe_literals(dataset: Dataset, repo_dir: Path, base: str = BASE) -> None:
    """:class:`InputError` naming the file, the statement and the character where a literal holds one of
    :data:`~byregion.literals.XML_UNSAFE`: valid RDF (Turtle's ``\\u000B``, a table's cell), but its RDF/XML would
    not parse and its page would not be HTML, so nothing is published (``byregion import`` refuses such a page)."""
    for s, p, o, g in dataset.quads((None, None, None, None)):
        found = XML_UNSAFE.search(o) if isinstance(o, Literal) else None
        if found is None:
            continue
        name = g.identifier if isinstance(g, Graph) else g
        where = graph_files(repo_dir, base).get(URIRef(str(name)), str(name))
        shown = str(o)[max(0, found.start() - 30):found.end() + 30]
        raise InputError(f"{where}: the literal of <{s}> <{p}> holds {unsafe_character(found.group())}, which no "
                         f"RDF/XML or HTML can carry ({shown!r}): delete it, or write a space or a line break in "
                         "its place")


def syntax_error(exc: Exception) -> str:
    """Oxigraph's parse error (:func:`byregion.rdf_files.parse_path`) in one line: where and what.

    ``Parser error at line 4 column 24: . is not a valid RDF object`` → ``at line 4 column 24: . is not a valid RDF
    object``
    """
    message = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    return re.sub(r"\s+", " ", message.removeprefix("Parser error ")).strip()


def unimported_pages(repo_dir: Path) -> list[str]:
    """A warning for each region page saved in ``data/sources/`` (``X.txt``) without its ``data/regions/X.ttl``:
    a page saved but never imported is in no build, and nothing else would say so."""
    return [f"data/sources/{page.name} has no data/regions/{page.stem}.ttl: the page was saved but never imported, "
            f"so it is in no build; import it: byregion import data/sources/{page.name} --out "
            f"data/regions/{page.stem}.ttl"
            for page in sorted((repo_dir / "data/sources").glob("*.txt"))
            if not (repo_dir / "data/regions" / f"{page.stem}.ttl").exists()]


#: The named graph of the project's Norwegian translations of the table's notes (data/curation/programme-notes.ttl).
NOTE_TRANSLATIONS = "curation/programme-notes"


def note_translation_warnings(repo_dir: Path) -> list[str]:
    """A warning for each note of the programme's table whose Norwegian translation was made from another text,
    or does not say from which, and for each note without one (:func:`byregion.programme.translations.warnings`).
    Nothing where the table or the curation file cannot be read: the build says why."""
    folder, path = repo_dir / programme.DATA_DIR, repo_dir / translations.FILE
    if not (folder / programme.rows.REGIONS).is_file():
        return []
    try:
        table = programme.read(folder)
        text = path.read_text(encoding="utf-8") if path.is_file() else ""
        graph = parse_file(path) if path.is_file() else Graph()
    except (programme.ProgrammeDataError, UnicodeDecodeError, InputError):
        return []
    return translations.warnings(graph, text, table)


def graph_files(repo_dir: Path, base: str = BASE) -> dict[URIRef, str]:
    """Named graph → the repository's file (or files) it is made from, as a message names them
    (``data/regions/notodden.ttl``): what a maintainer opens to mend what the validation found."""
    files = {source.graph_iri(base): source.path.relative_to(repo_dir).as_posix() for source in discover(repo_dir)}
    files[uris.graph(PROGRAMME_REGIONS, base)] = "data/programme/regions.csv, data/programme/memberships.csv"
    files[uris.graph(GEOMETRY, base)] = "data/reference/geo/"
    files[uris.graph("themes", base)] = "ontology/themes.ttl (and the names of what it maps to: ontology/vocab/)"
    return files


def load_dataset(repo_dir: Path, base: str = BASE) -> Dataset:
    """All input graphs as one dataset with a named graph each (base rewriting is the build's job).

    The Turtle files come first; then the programme's tables (``data/programme/*.csv``) are turned into
    the graph ``programme/regions``, checked against the reference data and the imported pages; last the
    profiles documents are offered in (:mod:`byregion.profiles`) become the graph ``profiles``.
    """
    dataset = Dataset()
    bind_prefixes(dataset)
    # Each file is parsed straight into its graph of the dataset (a copy from a graph of its own added every
    # triple twice: a fifth of the load). The parser binds the file's prefixes in the graph it fills; these
    # graphs keep them in a namespace manager of their own, so the dataset's stays ours (the validation report's
    # lines are written with it: a focus node would read ``r:goal-1``).
    files_prefixes = NamespaceManager(Graph(bind_namespaces="none"), bind_namespaces="none")
    for source in discover(repo_dir):
        name = source.graph_iri(base)
        dataset.graph(name)  # a graph of the dataset, even when its file holds no triple
        parse_into(Graph(dataset.store, name, namespace_manager=files_prefixes), source.path)
    add_programme_regions(dataset, repo_dir, base)
    add_geometries(dataset, repo_dir, base)
    add_mapping_labels(dataset.graph(uris.graph("themes", base)), repo_dir)
    profiles = dataset.graph(uris.graph(profile_views.GRAPH_NAME, base))
    for triple in profile_views.profiles_graph(base):
        profiles.add(triple)
    refuse_unsafe_literals(dataset, repo_dir, base)
    return dataset


#: The copies of the vocabularies our themes map to (ontology/SOURCES.md), and the language of their labels we keep.
VOCABULARIES = (("ontology/vocab/data-theme-sparql-result.ttl", ox.RdfFormat.TURTLE),
                ("ontology/vocab/los.rdf", ox.RdfFormat.RDF_XML))
MAPPINGS = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch)


def add_mapping_labels(themes: Graph, repo_dir: Path) -> None:
    """The names (``skos:prefLabel`` in nb and en) and scheme of each EU data theme and LOS concept our themes map
    to, from the vocabulary copies, into the themes graph: a theme's page and its RDF then name "Miljø" /
    "Environment" where they showed ``eutheme:ENVI``. Nothing is added for a repository without the copies."""
    targets = {o for p in MAPPINGS for o in themes.objects(None, p) if isinstance(o, URIRef)}
    if not targets:
        return
    wanted = {str(t) for t in targets}
    for rel, syntax in VOCABULARIES:  # parsed by Oxigraph: rdflib's RDF/XML parser takes 1.8 s over LOS
        path = repo_dir / rel
        if not path.is_file():
            continue
        for triple in ox.parse(path=path, format=syntax):
            if triple.subject.value not in wanted:
                continue
            if triple.predicate.value == str(SKOS.inScheme) or (
                    triple.predicate.value == str(SKOS.prefLabel) and isinstance(triple.object, ox.Literal)
                    and triple.object.language in ("nb", "en")):
                themes.add((URIRef(triple.subject.value), URIRef(triple.predicate.value), to_rdflib(triple.object)))


#: The named graph of the geometries (``{base}/graph/geometry``), made from ``data/reference/geo/``.
GEOMETRY = "geometry"


def add_geometries(dataset: Dataset, repo_dir: Path, base: str = BASE) -> None:
    """Add the named graph ``geometry`` made from the boundary files (nothing when there are none)."""
    from byregion.geo import boundaries, rdf  # shapely: only when a build reads the inputs

    try:
        graph = rdf.load(repo_dir, dataset, base)
    except boundaries.BoundaryDataError as exc:
        raise InputError(str(exc)) from exc
    if graph is not None:
        target = dataset.graph(uris.graph(GEOMETRY, base))
        for triple in graph:
            target.add(triple)


def region_pages(dataset: Dataset, repo_dir: Path, base: str = BASE) -> dict[str, Graph]:
    """The imported pages by the slug of the region they describe (both pages of a region in one graph).

    A page's file name need not be its region's slug (an older-layout page of a region that has a newer
    one too, say), so the region is read from the page: the ``br:CityRegion`` its graph types.
    """
    pages: dict[str, Graph] = {}
    prefix = uris.region("", base)
    for source in discover(repo_dir):
        if not source.graph_name.startswith("region/"):
            continue
        page = dataset.graph(source.graph_iri(base))
        for region in page.subjects(RDF.type, BR.CityRegion):
            if str(region).startswith(prefix):
                slug = str(region)[len(prefix):]
                pages[slug] = pages[slug] + page if slug in pages else page
    return pages


def add_programme_regions(dataset: Dataset, repo_dir: Path, base: str = BASE) -> None:
    """Add the named graph ``programme/regions`` made from ``data/programme/`` (nothing when it is absent).

    Raises :class:`InputError` when a table is broken, names a number no unit held on 2015-01-01, or
    disagrees with a region's imported page (the page wins in the data; the build says where they differ).
    """
    folder = repo_dir / programme.DATA_DIR
    if not (folder / programme.rows.REGIONS).is_file():
        return
    try:
        table = programme.read(folder)
    except programme.ProgrammeDataError as exc:
        raise InputError(f"{folder}/{exc}") from exc
    reference = dataset.graph(uris.graph("reference", base))
    pages = region_pages(dataset, repo_dir, base)
    disagreeing = []
    for slug, page in sorted(pages.items()):
        disagreeing += programme_graph.disagreements(table, slug, page, reference, base)
    disagreeing += translations.orphans(dataset.graph(uris.graph(NOTE_TRANSLATIONS, base)), table, base)
    problems: list[str] = []
    digests = {name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
               for name in (programme.rows.REGIONS, programme.rows.MEMBERSHIPS)}
    graph, more = programme_graph.programme_graph(table, reference, pages, digests, base)
    problems += more
    notes = folder / programme.rows.NOTES
    text = None
    if notes.is_file():  # the research notes: the source of the programme's own facts (data/programme.ttl)
        body = notes.read_bytes()
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{notes} is not UTF-8 (byte {exc.start}): its offsets could not be counted") from None
        cited, more = programme_graph.notes_graph(text, hashlib.sha256(body).hexdigest(),
                                                  dataset.graph(uris.graph("programme", base)), base)
        graph += cited
        problems += more
    participations, more = phases.phases_graph(table, text, base)  # which phases each region took part in
    graph += participations
    problems += more
    if problems or disagreeing:  # a table that cannot be read is the worse: its exit code is an unreadable file's
        raise (InputError if problems else Disagreement)(
            f"{folder}: the programme table cannot be published as it is "
            f"(the region pages win; fix the table or the page):\n  " + "\n  ".join(disagreeing + problems))
    target = dataset.graph(uris.graph(PROGRAMME_REGIONS, base))
    for triple in graph:
        target.add(triple)
    for triple in programme_figures(dataset, base):
        target.add(triple)
