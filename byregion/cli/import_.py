"""``byregion import DOCUMENT --out FILE.ttl``: one region page → the region's Turtle file.

The output is validated with the SHACL shapes and written atomically; on any error nothing is
written, one line on stderr says what is wrong, and the exit code is non-zero. Warnings (an
unknown municipality, a misspelt heading, a page that ends mid-sentence) go to stderr too.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rdflib import Graph

    from byregion.importer.validation import Validator
    from byregion.programme import Programme

#: The programme's list of regions, in the repository (``byregion.programme.DATA_DIR``; a test checks they agree).
PROGRAMME_DATA = "data/programme"

EXIT_BAD_INPUT = 1
EXIT_INVALID_OUTPUT = 3


#: The files ``byregion import`` reads besides the page, by option, relative to the repository (``--repo``).
DEFAULTS = {"reference": "data/reference/norway.ttl", "themes": "ontology/themes.ttl",
            "programme": "data/programme.ttl", "programme_data": PROGRAMME_DATA, "shapes": "shapes"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "import", help="turn one region page (plain text) into the region's RDF",
        description=__doc__.replace("``", "`"), formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  byregion import data/sources/notodden.txt --out data/regions/notodden.ttl\n\n"
               f"exit codes: 0 written, {EXIT_BAD_INPUT} refused (a page, a file or an option that cannot be read; "
               f"nothing written),\n{EXIT_INVALID_OUTPUT} the region's RDF breaks a SHACL shape (nothing written), "
               "2 a setting no command can run with (or no folder at --repo)")
    parser.add_argument("document", type=Path, help="the region page, UTF-8 text (data/sources/{slug}.txt)")
    parser.add_argument("--out", type=Path, required=True, help="Turtle file to write (data/regions/{slug}.ttl)")
    parser.add_argument("--repo", type=Path, default=None,
                        help="the repository whose files the options below default to (default: "
                             "BYREGION_REPO_DIR, else this checkout; installed outside one, the current folder)")
    parser.add_argument("--reference", type=Path, default=None,
                        help="municipality reference graph (default: data/reference/norway.ttl in --repo)")
    parser.add_argument("--themes", type=Path, default=None,
                        help="SKOS themes for automatic tags (default: ontology/themes.ttl in --repo)")
    parser.add_argument("--programme", type=Path, default=None,
                        help="programme graph the region belongs to, used when validating (default: "
                             "data/programme.ttl in --repo)")
    parser.add_argument("--programme-data", type=Path, default=None,
                        help="the programme's list of regions (regions.csv, memberships.csv), which names the "
                             "page's region and settles same-name municipalities (default: data/programme in --repo)")
    parser.add_argument("--curation", type=Path, default=None,
                        help="curation graph validated alongside, so curated English texts count "
                             "(default: data/curation/{slug}.ttl in --repo when it exists)")
    parser.add_argument("--shapes", type=Path, default=None,
                        help="folder of SHACL shapes (*.ttl) the output must conform to (default: shapes in --repo)")
    parser.set_defaults(func=run)


def _optional_graph(path: Path, what: str) -> Graph | None:
    if not path.is_file():
        print(f"byregion import: warning: no {what} at {path}; continuing without it", file=sys.stderr)
        return None
    from byregion.sources import InputError, parse_file

    try:
        return parse_file(path, f"the {what}")
    except InputError as exc:  # the file and what is wrong: not Turtle, not UTF-8, not readable
        raise _UnusableInput(str(exc)) from exc


class _UnusableInput(Exception):
    """A file the import reads besides the page (reference data, themes, shapes) that cannot be used."""


def _optional_programme(folder: Path) -> Programme | None:
    from byregion import programme

    if not (folder / "regions.csv").is_file():
        print(f"byregion import: warning: no programme list at {folder}; the region is named by its page",
              file=sys.stderr)
        return None
    try:
        return programme.read(folder)
    except programme.ProgrammeDataError as exc:
        print(f"byregion import: warning: the programme list cannot be used ({exc}); the region is named by "
              "its page", file=sys.stderr)
        return None


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links or ``..``, or the same path where neither exists yet)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def write_atomically(text: str, out: Path) -> None:
    """Write ``text`` to ``out`` via a temporary file in the same folder and ``os.replace``, readable as any file
    the user makes (``mkstemp`` makes it private, 0600: CI or a service account could not read the import)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def run(args: argparse.Namespace, validator: Validator | None = None) -> int:

    from byregion.importer import DocumentError, read_document
    from byregion.settings import Settings

    settings = Settings.from_env(repo_dir=args.repo)
    if args.repo is not None and not settings.repo_dir.is_dir():  # a usage error (2), as build and validate say it
        from byregion.sources import InputError, require_repo

        try:
            require_repo(settings.repo_dir)
        except InputError as exc:
            print(f"byregion import: {exc}", file=sys.stderr)
            return 2
    if args.repo is None and not os.environ.get("BYREGION_REPO_DIR"):  # its defaults read from another checkout
        from byregion.sources import another_checkout

        if (elsewhere := another_checkout(settings.repo_dir, Path.cwd())) is not None:
            print(f"byregion import: warning: {elsewhere}", file=sys.stderr)
    for option, relative in DEFAULTS.items():  # each file the page is read with, from the repository unless given
        if getattr(args, option) is None:
            setattr(args, option, settings.repo_dir / relative)
    args.repo = settings.repo_dir
    name = args.document
    if args.out.is_dir():  # before reading anything, and before any warning about the page's name
        print(f"byregion import: {args.out} is a folder; --out names the Turtle file to write, such as "
              f"{args.out / (name.stem + '.ttl')}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if _same_file(name, args.out):  # an unseen-pages review: the page, kept byte for byte, had become its Turtle
        print(f"byregion import: --out {args.out} is the page itself, which the import would replace with its Turtle; "
              f"--out names the Turtle file to write, such as data/regions/{name.stem}.ttl", file=sys.stderr)
        return EXIT_BAD_INPUT
    limit = settings.import_max_bytes
    try:
        size = name.stat().st_size
        if size > limit:
            print(f"byregion import: {name}: {size:,} bytes, more than a region page has (at most {limit:,}: "
                  "BYREGION_IMPORT_MAX_BYTES); is it the right file?", file=sys.stderr)
            return EXIT_BAD_INPUT
        raw = name.read_bytes()
        read_document(raw)  # a page that cannot be imported at all is refused before the reference data loads
    except OSError as exc:
        print(f"byregion import: {name}: cannot read: {exc.strerror}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except DocumentError as exc:
        print(f"byregion import: {name}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.out.parent.is_dir():  # a typo (data/region/) had made a folder no build reads; the page's own
        # refusals said first, before the reference data loads and the shapes run
        print(f"byregion import: the folder of --out, {args.out.parent}, does not exist; give a file in an existing "
              f"folder, such as data/regions/{name.stem}.ttl", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        return _import(args, name, raw, validator)
    except _UnusableInput as exc:
        print(f"byregion import: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _import(args: argparse.Namespace, name: Path, raw: bytes, validator: Validator | None) -> int:
    from rdflib import Graph, URIRef
    from rdflib.namespace import ORG, RDF

    from byregion.importer import DocumentError, import_document
    from byregion.importer.validation import reference_context, shacl_validator

    if validator is None and not any(args.shapes.glob("*.ttl")):
        raise _UnusableInput(f"{args.shapes}: no SHACL shapes (*.ttl) to check the output with; point --shapes at "
                             "the project's shapes folder (the default)")
    reference = _optional_graph(args.reference, "reference data")
    themes = _optional_graph(args.themes, "themes")
    regions = _optional_programme(args.programme_data)
    try:
        result = import_document(raw, reference=reference, themes=themes, programme=regions)
    except DocumentError as exc:
        print(f"byregion import: {name}: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    for warning in result.warnings:
        print(f"byregion import: {name}: warning: {warning}", file=sys.stderr)

    context = Graph()
    if reference is not None:
        members = [m for m in result.graph.objects(None, ORG.member) if isinstance(m, URIRef)]
        context += reference_context(reference, members)
    row = next((r for r in regions.regions if r.slug == result.region.slug), None) if regions is not None else None
    if row is not None:  # how the programme's table knows the region (its confidence), as the build adds it
        from byregion.namespaces import BR
        from byregion.programme.graph import CONFIDENCE

        for region in result.graph.subjects(RDF.type, BR.CityRegion):
            context.add((region, BR.confidence, CONFIDENCE[row.confidence]))
    curation = args.curation or args.repo / f"data/curation/{result.slug}.ttl"
    for extra in (themes, _optional_graph(args.programme, "programme"),
                  _optional_graph(curation, "curation") if args.curation or curation.is_file() else None):
        if extra is not None:
            context += extra
    try:
        findings = (validator or shacl_validator(args.shapes))(result.graph, context)
    except SyntaxError as exc:  # a shapes file that is not Turtle (rdflib names the file and line)
        raise _UnusableInput(f"{args.shapes}: the SHACL shapes cannot be read: {exc}") from exc
    violations = [f for f in findings if f.severity == "Violation"]
    grouped: dict[tuple[str, str], list[str]] = {}
    for finding in findings:
        if finding.severity != "Violation":
            grouped.setdefault((finding.severity, finding.message), []).append(finding.focus)
    for (severity, message), nodes in grouped.items():
        where = nodes[0] if len(nodes) == 1 else f"{nodes[0]} and {len(nodes) - 1} more"
        print(f"byregion import: {name}: SHACL {severity.lower()}: {message} (<{where}>)", file=sys.stderr)
    if violations:
        print(f"byregion import: {name}: the output breaks {len(violations)} SHACL rule(s), first: "
              f"{violations[0]}; nothing was written", file=sys.stderr)
        return EXIT_INVALID_OUTPUT
    misnamed = [path for path in (name, args.out) if path.stem != result.slug]
    if misnamed:  # the build finds a page's source by its slug: under another name it fails, far from here
        print(f"byregion import: {name}: warning: the page's slug is {result.slug!r}, but "
              f"{' and '.join(str(p) for p in misnamed)} {'is' if len(misnamed) == 1 else 'are'} named otherwise; "
              f"the build publishes the page from data/sources/{result.slug}.txt (name it so, and its import "
              f"data/regions/{result.slug}.ttl)",
              file=sys.stderr)
    try:
        write_atomically(result.graph.serialize(format="turtle"), args.out)
    except OSError as exc:
        raise _UnusableInput(f"{args.out}: cannot write the output there ({exc.strerror}); --out names a file "
                             "in a folder you may write to") from exc
    print(result.slug)  # the page's slug (docs/importing.md): what its files are named by
    return 0
