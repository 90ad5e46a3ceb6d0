"""``byregion validate``: check the repository's graphs against the SHACL shapes in ``shapes/``."""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from byregion.namespaces import BASE
from byregion.settings import Settings

if TYPE_CHECKING:
    from rdflib import URIRef

    from byregion.validate import Report

HELP = "check the data against the SHACL shapes; exit 1 on any violation"

DESCRIPTION = """\
Load every graph of the repository (ontology/, data/) as the build does, and check the union
against our SHACL shapes (shapes/*.ttl; docs/validation.md says what each checks). A large
repository is checked in parts by BYREGION_VALIDATION_JOBS processes, with the same verdict.

Text output: one line per problem, violations first:

  SEVERITY  label <IRI>  path  what is wrong and what to do  (value: the offending value)  (in FILE)

FILE is the repository file that describes the node (data/regions/notodden.ttl, say).

then a summary line "N violations, M warnings". Warnings (a missing English translation, a
municipality name the reference data does not know) are reported but do not fail.

exit codes: 0 no violation (warnings allowed), 1 at least one violation, or the programme's table and a
region's page disagree, 2 an input file cannot be read (the message names the file and line)."""

#: Seconds before a progress indicator appears; a quick run stays silent.
PROGRESS_DELAY = 1.0


def register(subparsers: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = subparsers.add_parser(
        "validate", help=HELP, description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--repo", type=Path, default=None, metavar="DIR",
        help="repository folder holding ontology/, data/ and shapes/ (default: $BYREGION_REPO_DIR "
             "or this checkout; installed outside one, the current folder)",
    )
    parser.add_argument(
        "--format", choices=("text", "turtle"), default="text",
        help="text: one line per result for people (default); turtle: the SHACL validation report "
             "as RDF on stdout, summary on stderr",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from byregion.sources import Disagreement, InputError, graph_files, load_dataset
    from byregion.validate import load_shapes, with_sources_checked
    from byregion.validate_parallel import validate_in_parts
    from byregion.workers import WorkerDied

    settings = Settings.from_env()
    repo = (args.repo or settings.repo_dir).resolve()
    try:
        with progress("validating"):
            dataset = load_dataset(repo)
            shapes = load_shapes(repo)
            report = validate_in_parts(dataset, shapes, jobs=settings.validation_jobs,
                                       part_triples=settings.validation_part_triples, progress=False)
            report = with_sources_checked(report, dataset, repo, BASE)  # the dataset as read: not rebased
    except InputError as exc:
        print(f"byregion validate: {exc}", file=sys.stderr)
        return 1 if isinstance(exc, Disagreement) else 2
    except FileNotFoundError as exc:
        print(f"byregion validate: {exc}; is --repo the repository folder?", file=sys.stderr)
        return 2
    except WorkerDied as exc:
        print(f"byregion validate: the validation stopped: {exc}. Where memory ran out, give it more, or fewer "
              "BYREGION_VALIDATION_JOBS", file=sys.stderr)
        return 1
    print_report(report, args.format, graph_files(repo))
    return 0 if report.conforms else 1


def print_report(report: Report, fmt: str, files: Mapping[URIRef, str] | None = None) -> None:
    if fmt == "turtle":
        sys.stdout.write(report.graph.serialize(format="turtle"))
        for result in report.results:
            if result.source_shape is None:  # found beside the shapes: in no SHACL report
                print(result.line(files), file=sys.stderr)
        print(report.summary(), file=sys.stderr)
        return
    for line in report.format_lines(files):
        print(line)
    print(report.summary())


@contextmanager
def progress(label: str) -> Iterator[None]:
    """Show an elapsed-time indicator on stderr if the block runs longer than PROGRESS_DELAY.

    The work is one long pyshacl call with no progress of its own, so a thread refreshes a tqdm
    counter; tqdm stays silent when stderr is not a terminal.
    """
    from tqdm import tqdm

    done = threading.Event()

    def show() -> None:
        if done.wait(PROGRESS_DELAY):
            return
        with tqdm(desc=label, file=sys.stderr, bar_format="{desc}: {elapsed}", disable=None,
                  leave=False) as bar:
            if not bar.disable:
                bar.start_t -= PROGRESS_DELAY  # count from the start of the work, not of the bar
            while not done.wait(0.2):
                bar.refresh()

    thread = threading.Thread(target=show, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
