"""``byregion reference``: regenerate data/reference/norway.ttl from data/reference/csv/."""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from byregion import REPO_ROOT
from byregion.cli.import_ import write_atomically

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rdflib import Graph

    from byregion.reference import PublishedSlug, Reference, Row, Unit

REFERENCE_DIR = REPO_ROOT / "data/reference"
CSV_DIR = REFERENCE_DIR / "csv"
OUTPUT = REPO_ROOT / "data/reference/norway.ttl"
REGISTER = REPO_ROOT / "data/reference/slugs.csv"

HELP = """\
Turn the reference CSVs (every Norwegian municipality and county since 2014, their numbers,
validity periods, changes, Wikidata items and, for the Notodden region, organisation numbers,
population on 2015-01-01 and area per boundary period) into
the reference graph data/reference/norway.ttl. The output is sorted, so running it again on the same
CSVs gives a byte-identical file; commit the result. Rules and exclusions: docs/reference.md.

URIs are permanent once published: every municipality and county keeps the slug the register
(data/reference/slugs.csv) gives it, whatever the CSVs add later. A municipality or county the register
does not hold yet (a new one, after a reform) stops the command with its proposed slug; run again with
--register-new to add such slugs to the register, and commit both files. A register that no longer fits the
CSVs (a slug's row gone, two slugs on one municipality) stops the command too: fix the CSVs or, knowingly,
the register."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reference", help="regenerate data/reference/norway.ttl from the reference CSVs",
        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="exit codes: 0 written, 1 refused (a CSV or boundary file that cannot be read, a unit with no "
               "registered\nslug; nothing written), 2 a setting no command can run with",
    )
    parser.add_argument("--csv-dir", type=Path, default=CSV_DIR,
                        help="folder with the reference CSV files (default: data/reference/csv; "
                             "docs/reference.md lists them)")
    parser.add_argument("--output", type=Path, default=OUTPUT,
                        help="Turtle file to write (default: data/reference/norway.ttl)")
    parser.add_argument("--slugs", type=Path, default=REGISTER,
                        help="the register of published slugs (default: data/reference/slugs.csv)")
    parser.add_argument("--register-new", action="store_true",
                        help="add the slugs of municipalities and counties the register does not hold yet to it, "
                             "instead of stopping")
    parser.set_defaults(func=run)


def read_tables(csv_dir: Path) -> dict[str, list[Row]]:
    """Read the CSV files, checking that each exists and has the expected header."""
    from byregion.reference import COLUMNS, CSV_FILES, ReferenceDataError, make_rows

    tables: dict[str, list[Row]] = {}
    for name in CSV_FILES:
        path = csv_dir / name
        if not path.is_file():
            raise ReferenceDataError(name, None, None, f"file not found in {csv_dir}; restore it from git")
        try:
            with path.open(newline="", encoding="utf-8") as handle:
                reader = csv.DictReader(handle, strict=True)
                missing = [c for c in COLUMNS[name] if c not in (reader.fieldnames or ())]
                if missing:
                    raise ReferenceDataError(name, 1, missing[0], "column is missing from the header")
                rows: list[Row] = []
                for record in reader:
                    if None in record or None in record.values():
                        raise ReferenceDataError(name, reader.line_num, None,
                                                 "row does not have as many cells as the header")
                    rows.append(make_rows(name, [record], first_line=reader.line_num)[0])
        except (csv.Error, UnicodeDecodeError) as exc:
            raise ReferenceDataError(name, None, None, f"not readable as UTF-8 CSV: {exc}") from exc
        tables[name] = rows
    return tables


def read_register(path: Path) -> list[PublishedSlug]:
    """The register of published slugs, checked row by row (its header must be :data:`SLUG_COLUMNS`)."""
    from byregion.reference import SLUG_COLUMNS, ReferenceDataError, make_rows, published_slug

    name = path.name
    if not path.is_file():
        raise ReferenceDataError(name, None, None, f"the register of published slugs is not at {path}; restore it "
                                                   "from git (every published IRI is in it)")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle, strict=True)
            if tuple(reader.fieldnames or ()) != SLUG_COLUMNS:
                raise ReferenceDataError(name, 1, None, f"the header must be {','.join(SLUG_COLUMNS)}")
            found = []
            for record in reader:
                if None in record or None in record.values():
                    raise ReferenceDataError(name, reader.line_num, None,
                                             "row does not have as many cells as the header")
                found.append(published_slug(make_rows(name, [record], first_line=reader.line_num)[0]))
            return found
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ReferenceDataError(name, None, None, f"not readable as UTF-8 CSV: {exc}") from exc


def register_text(published: Sequence[PublishedSlug], new: Sequence[Unit]) -> str:
    """The register with the rows of ``new`` added after the ones it had, in the order they were published."""
    from byregion.reference import SLUG_COLUMNS, register_row

    rows = [{c: entry.row.get(c) for c in SLUG_COLUMNS} for entry in published] + [register_row(u) for u in new]
    out = io.StringIO()
    writer = csv.DictWriter(out, SLUG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def resolved(csv_dir: Path = CSV_DIR, register: Path = REGISTER) -> Reference:
    """The CSVs in ``csv_dir`` resolved, with the slugs of ``register``."""
    from byregion.reference import resolve

    return resolve(read_tables(csv_dir), read_register(register))


def generate(csv_dir: Path = CSV_DIR, register: Path = REGISTER) -> Graph:
    """The reference graph made from the CSVs in ``csv_dir`` and the slugs of ``register``; refused (a
    :class:`ReferenceDataError`) while a municipality or county is not registered."""
    reference = resolved(csv_dir, register)
    _refuse_unregistered(reference, register)
    return graph_of(reference, csv_dir)


def graph_of(reference: Reference, csv_dir: Path, note: Callable[[str], None] | None = None) -> Graph:
    """The reference graph of ``reference``: its units and numbers, the areas within one another and the languages
    of names, from the files beside ``csv_dir`` (else this checkout's, which ``note`` is told). :func:`generate`
    and the command both make it here, so the tests check what the command writes."""
    from byregion.reference import build_graph

    return with_names(with_areas(build_graph(reference), csv_dir, note), csv_dir, note)


def with_names(graph: Graph, csv_dir: Path, note: Callable[[str], None] | None = None) -> Graph:
    """``graph`` with each part of an official name in several languages in its own language
    (:mod:`byregion.reference.names`), from ``name-parts.csv`` beside ``csv_dir`` (in ``data/reference/``), else
    this checkout's, which ``note`` is told."""
    from byregion.reference import ReferenceDataError
    from byregion.reference.names import FILE, add_name_parts, name_parts

    path = csv_dir.parent / FILE
    if not path.is_file():
        if note is not None:
            note(f"no {FILE} beside {csv_dir}: the languages of names are this checkout's ({REFERENCE_DIR / FILE})")
        path = REFERENCE_DIR / FILE
    if not path.is_file():
        raise ReferenceDataError(FILE, None, None, f"file not found in {path.parent}; restore it from git")
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            parts = name_parts(csv.DictReader(handle, strict=True))
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ReferenceDataError(FILE, None, None, f"not readable as UTF-8 CSV: {exc}") from exc
    return add_name_parts(graph, parts)


def with_areas(graph: Graph, csv_dir: Path, note: Callable[[str], None] | None = None) -> Graph:
    """``graph`` with ``br:areaWithin`` (:mod:`byregion.reference.areas`) from the boundaries of the repository the
    CSVs are in (``data/reference/geo`` beside ``data/reference/csv``), else this checkout's, which ``note`` is told;
    boundaries that cannot be read raise :class:`~byregion.geo.boundaries.BoundaryDataError`, naming the file."""
    from byregion.geo.boundaries import GEO_DIR, PERIODS_FILE, load_periods, load_units
    from byregion.reference.areas import add_areas_within

    parents = csv_dir.resolve().parents
    repo = parents[2] if len(parents) > 2 else csv_dir.resolve()
    if not (repo / GEO_DIR / PERIODS_FILE).exists():
        if note is not None:
            note(f"no boundaries beside {csv_dir} ({GEO_DIR / PERIODS_FILE} of its repository): br:areaWithin is "
                 f"derived from this checkout's ({REPO_ROOT / GEO_DIR})")
        repo = REPO_ROOT
    add_areas_within(graph, load_units(repo, load_periods(repo)))
    return graph


def _refuse_unregistered(reference: Reference, register: Path) -> None:
    from byregion.reference import ReferenceDataError

    if reference.unregistered:
        listed = "; ".join(f"{u.first.code} {u.first.name} as {u.slug!r}" for u in reference.unregistered[:5])
        more = f" and {len(reference.unregistered) - 5} more" if len(reference.unregistered) > 5 else ""
        raise ReferenceDataError(register.name, None, None,
                                 f"{len(reference.unregistered)} municipalities or counties have no published slug "
                                 f"yet ({listed}{more}); check them and run again with --register-new")


def serialise(graph: Graph) -> bytes:
    """Turtle with subjects and statements in sorted order, so equal graphs give equal bytes."""
    return graph.serialize(format="longturtle", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from byregion.geo.boundaries import BoundaryDataError
    from byregion.reference import ReferenceDataError

    def told(said: str) -> None:
        print(f"byregion reference: {said}", file=sys.stderr)

    try:
        reference = resolved(args.csv_dir, args.slugs)
        new = list(reference.unregistered) if args.register_new else []
        if args.register_new:
            reference.unregistered.clear()
        _refuse_unregistered(reference, args.slugs)
        data = serialise(graph_of(reference, args.csv_dir, told))
    except (ReferenceDataError, BoundaryDataError) as exc:
        print(f"byregion reference: {exc}", file=sys.stderr)
        return 1
    if new:  # only once the graph is made: the register is the one file holding every published IRI
        write_atomically(register_text(read_register(args.slugs), new), args.slugs)
        print(f"byregion reference: registered {len(new)} new slug(s) in {args.slugs}: "
              + ", ".join(u.slug for u in new))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    lines = data.count(b"\n")
    print(f"byregion reference: wrote {args.output} ({lines} lines)")
    return 0
