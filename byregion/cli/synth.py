"""``byregion synth OUT --triples N``: a copy of the repository grown with synthetic region pages.

The pages come from :mod:`byregion.synth`; each is run through the real importer
(:func:`byregion.importer.import_document`, as ``byregion import`` does) in worker processes.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import re
import shlex
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from byregion import synth
from byregion.progress import bar as progress_bar
from byregion.settings import Settings
from byregion.workers import WorkerDied, Workers, as_worker

HELP = """\
Write a complete copy of the repository (ontology/, shapes/, data/) into OUT and add deterministic
synthetic region pages until the dataset a build makes from OUT holds about N triples, the
repository's own data included (the real data alone is about 51k, so a smaller N adds no page).

Each page is written in the programme's template, in Bokmål: title, introduction, goals, results,
numbered advice ("Title, explanation"), follow-up, application excerpts and a "Fakta" block whose
applicant and partners are real municipalities that held a number on 2015-01-01 (from
data/reference/csv/municipalities.csv). Its region is made up (Synth-Asvika, Synth-Bredalen, ...):
the importer warns that it is not in the programme's list and names it by its page. Every page goes
through the real importer, as `byregion import` does but without checking each page with SHACL on its
own (the build validates them all): data/sources/synth-*.txt and data/regions/synth-*.ttl.

The same arguments always give the same bytes (OUT/synth.json records them). Build the copy with

    BYREGION_REPO_DIR=OUT BYREGION_BUILD_DIR=OUT/build byregion build

Sizes may be written 10k, 250k, 1M. At 1M the import takes several minutes on two cores."""

#: Folders of the repository a build reads; copied whole.
COPIED = ("ontology", "shapes", "data")
#: Below this many pages the import runs in this process: starting workers would cost more.
PARALLEL_FROM_PAGES = 16
_SIZE = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([kKmM]?)\s*$")


def triple_count(text: str) -> int:
    """``"10k"`` → 10000, ``"1M"`` → 1000000, ``"2500"`` → 2500."""
    match = _SIZE.match(text)
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r} is not a triple count; write e.g. 100000, 100k or 1M")
    number, unit = float(match.group(1)), match.group(2).lower()
    return int(number * {"": 1, "k": 1_000, "m": 1_000_000}[unit])


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("synth", help="copy the repository and grow it with synthetic region pages",
                                   description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
                                   epilog="exit codes: 0 written, 1 refused (OUT is the repository or inside it, or "
                                          "is not empty without\n--force; a repository without what a build reads), "
                                          "2 a setting no command can run with (or no folder at --repo)")
    parser.add_argument("out", type=Path, metavar="OUT", help="folder to write the repository copy to (new or empty)")
    parser.add_argument("--triples", type=triple_count, required=True, metavar="N",
                        help="about how many triples the built dataset should hold (e.g. 10k, 100k, 1M)")
    parser.add_argument("--seed", type=int, default=1, help="which synthetic pages (default 1)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="import processes (default: the number of CPUs)")
    parser.add_argument("--repo", type=Path, help="repository to copy (BYREGION_REPO_DIR)")
    parser.add_argument("--force", action="store_true", help="replace OUT when it is not empty")
    parser.set_defaults(func=run)


@dataclass(frozen=True)
class Imported:
    """One page after the importer: what is written and how many triples it adds."""

    page: synth.Page
    turtle: str
    triples: int


class _Importer:
    """The importer with the copy's reference data, themes and programme list, loaded once per process."""

    def __init__(self, repo: Path) -> None:
        from rdflib import Graph

        from byregion import programme
        from byregion.importer.regions import match_region
        from byregion.rdf_files import parse_path

        self.reference = parse_path(Graph(), repo / "data/reference/norway.ttl")
        self.themes = parse_path(Graph(), repo / "ontology/themes.ttl")
        self.programme = programme.read(repo / programme.DATA_DIR)
        csv_text = (repo / "data/reference/csv/municipalities.csv").read_text("utf-8")
        every = synth.municipalities_on(csv_text)
        # A name that finds one of the programme's regions ("Fjell" finds Fjellregionen) would make the
        # importer take the page for that region's.
        taken = frozenset(m.name.casefold() for m in every if match_region(m.name, self.programme))
        self.municipalities = synth.municipalities_on(csv_text, excluded=taken)
        from byregion.geo import rdf as geo_rdf

        self.boundaries = geo_rdf.load_placed(repo, self.reference)[0]  # a region's outline is built too

    def __call__(self, index: int, seed: int) -> Imported:
        from byregion.importer import import_document

        page = synth.page(index, seed, self.municipalities)
        result = import_document(page.text.encode("utf-8"), reference=self.reference, themes=self.themes,
                                 programme=self.programme)
        if result.slug != page.slug or result.region.slug != page.slug:
            raise RuntimeError(f"page {index} ({page.name}) was imported as {result.slug!r}, not {page.slug!r}")
        from byregion.geo import rdf as geo_rdf

        outlines = sum(len(geo_rdf.outline_graph(region, self.boundaries)) for region in geo_rdf.regions(result.graph))
        return Imported(page, result.graph.serialize(format="turtle"), len(result.graph) + outlines)


_worker: _Importer | None = None


def _start_worker(repo: Path) -> None:
    global _worker
    as_worker()
    _worker = _Importer(repo)


def _import_in_worker(job: tuple[int, int]) -> Imported:
    assert _worker is not None, "the worker was not started with _start_worker"
    return _worker(*job)


def imported_pages(repo: Path, seed: int, jobs: int, expected: int) -> Iterator[Imported]:
    """Page 0, 1, 2, … of ``seed`` through the importer, in order, for as long as the caller reads.

    Workers are given pages as they answer (a few ahead of the caller); when the caller stops reading, the pages
    still being imported are dropped.
    """
    if jobs <= 1 or expected < PARALLEL_FROM_PAGES:
        importer = _Importer(repo)
        yield from (importer(index, seed) for index in itertools.count())
        return
    # a worker that ends without answering (the out-of-memory killer) stops the command, saying so
    with Workers(jobs, "spawn", _start_worker, (repo,), doing="importing synthetic pages") as pool:
        yield from pool.map(_import_in_worker, ((index, seed) for index in itertools.count()))


def copy_repository(source: Path, out: Path) -> None:
    for folder in COPIED:
        shutil.copytree(source / folder, out / folder, ignore=shutil.ignore_patterns("__pycache__", "synth-*"))


def base_triples(repo: Path) -> int:
    """Triples (quads: one per named graph) a build of ``repo`` holds before any synthetic page."""
    from byregion.sources import load_dataset

    dataset = load_dataset(repo)
    return sum(len(graph) for graph in dataset.graphs())


def refusal(source: Path, out: Path) -> str | None:
    """Why OUT cannot be written (``--force`` included), or None: it must be a folder apart from the repository
    it copies (replacing it, or a folder around it, would delete the repository; one inside it would be copied
    into itself)."""
    if out.exists() and not out.is_dir():
        return f"{out} is a file, not a folder; choose a folder to write the copy to"
    if out == source or source.is_relative_to(out):
        return f"{out} holds the repository it would copy ({source}); choose a folder outside it"
    if out.is_relative_to(source):
        return f"{out} is inside the repository it would copy ({source}); choose a folder outside it"
    return None


def run(args: argparse.Namespace) -> int:
    from byregion.sources import InputError, require_repo

    source = (args.repo or Settings.from_env().repo_dir).resolve()
    out: Path = args.out.resolve()
    try:  # a repository folder that is not there: a usage error (2), as `byregion build` and `validate` say it
        require_repo(source)
    except InputError as exc:
        print(f"byregion synth: {exc}", file=sys.stderr)
        return 2
    refused = refusal(source, out)
    if refused:
        print(f"byregion synth: {refused}", file=sys.stderr)
        return 1
    if out.exists() and any(out.iterdir()):
        if not args.force:
            print(f"byregion synth: {out} is not empty; choose a new folder or pass --force to replace it",
                  file=sys.stderr)
            return 1
        shutil.rmtree(out)
    made = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    try:
        copy_repository(source, out)
        base = base_triples(out)
        wanted = max(0, args.triples - base)
        written, added = write_pages(out, args.seed, args.jobs, base, wanted)
    except BaseException as exc:  # nothing half-made is left: the folder as it was (gone, or empty)
        for child in [out] if made else list(out.iterdir()):
            _remove(child)
        if isinstance(exc, WorkerDied):
            print(f"byregion synth: {exc}; nothing was written. Where memory ran out, give it more, or fewer "
                  "--jobs", file=sys.stderr)
            return 1
        if isinstance(exc, (InputError, FileNotFoundError)):  # a repository without what a build reads
            said = f"{exc.filename}: {exc.strerror}" if isinstance(exc, OSError) else str(exc)
            print(f"byregion synth: {source} cannot be copied: {said}; give --repo the repository's folder, the one "
                  "with ontology/, data/ and shapes/", file=sys.stderr)
            return 1
        raise
    summary = {"seed": args.seed, "target_triples": args.triples, "base_triples": base,
               "pages": written, "page_triples": added, "triples": base + added}
    (out / "synth.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    # both folders: with the repository's alone, the build goes to the default build folder of where it is run
    # (a checkout's own build/, whose current build it would replace with the synthetic data)
    print(f"byregion synth: {out}: {written} synthetic page(s), about {base + added} triples "
          f"({base} of the repository's own); build it with BYREGION_REPO_DIR={shlex.quote(str(out))} "
          f"BYREGION_BUILD_DIR={shlex.quote(str(out / 'build'))} byregion build")
    return 0


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink()


def write_pages(out: Path, seed: int, jobs: int, base: int, wanted: int) -> tuple[int, int]:
    """Import and write pages until they add ``wanted`` triples; the number of pages and triples added."""
    if wanted <= 0:
        return 0, 0
    written = added = 0
    names: list[str] = []
    with progress_bar(base + wanted, "synth", "triples", initial=base, unit_scale=True) as bar:
        for imported in imported_pages(out, seed, jobs, expected=wanted // 450):
            page = imported.page
            (out / "data/sources" / f"{page.slug}.txt").write_text(page.text, "utf-8", newline="\n")
            (out / "data/regions" / f"{page.slug}.ttl").write_text(imported.turtle, "utf-8", newline="\n")
            names.append(page.slug)
            written, added = written + 1, added + imported.triples
            bar.update(imported.triples)
            if added >= wanted:
                break
    with (out / "data/sources/SOURCES.md").open("a", encoding="utf-8", newline="\n") as handle:
        handle.write(f"\n`synth-*.txt` ({written} pages, {names[0]} … {names[-1]}): synthetic pages made by "
                     f"`byregion synth --seed {seed}` for measuring builds; not the programme's.\n")
    return written, added
