"""``byregion reference``: regenerate data/reference/norway.ttl from data/reference/csv/."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from byregion import REPO_ROOT

if TYPE_CHECKING:
    from rdflib import Graph

    from byregion.reference import Row

CSV_DIR = REPO_ROOT / "data/reference/csv"
OUTPUT = REPO_ROOT / "data/reference/norway.ttl"

HELP = """\
Turn the reference CSVs (every Norwegian municipality and county since 2014, their numbers,
validity periods, changes, Wikidata items and, for the Notodden region, organisation numbers,
population on 2015-01-01 and area per boundary period) into
the reference graph data/reference/norway.ttl. The output is sorted, so running it again on the same
CSVs gives a byte-identical file; commit the result. Rules and exclusions: docs/reference.md."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "reference", help="regenerate data/reference/norway.ttl from the reference CSVs",
        description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--csv-dir", type=Path, default=CSV_DIR,
                        help="folder with the reference CSV files (default: data/reference/csv; "
                             "docs/reference.md lists them)")
    parser.add_argument("--output", type=Path, default=OUTPUT,
                        help="Turtle file to write (default: data/reference/norway.ttl)")
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


def generate(csv_dir: Path = CSV_DIR) -> Graph:
    """The reference graph made from the CSVs in ``csv_dir``."""
    from byregion.reference import build_graph, resolve

    return build_graph(resolve(read_tables(csv_dir)))


def serialise(graph: Graph) -> bytes:
    """Turtle with subjects and statements in sorted order, so equal graphs give equal bytes."""
    return graph.serialize(format="longturtle", encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    from byregion.reference import ReferenceDataError

    try:
        data = serialise(generate(args.csv_dir))
    except ReferenceDataError as exc:
        print(f"byregion reference: {exc}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(data)
    lines = data.count(b"\n")
    print(f"byregion reference: wrote {args.output} ({lines} lines)")
    return 0
