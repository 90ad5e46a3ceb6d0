"""``byregion build``: merge, validate and publish a new build."""

from __future__ import annotations

import argparse
import errno
import os
import sys
from pathlib import Path
from typing import Any

from byregion.settings import Settings, whole

#: How many older builds a build keeps by default (the setting's own default, which --help says).
KEEP = Settings.__dataclass_fields__["keep_builds"].default
HELP = f"""\
Merge the ontology, themes, reference data, regions and curation into one dataset, validate it with
the SHACL shapes in shapes/, and write a new versioned build (store, dumps, report, manifest) to the
build folder. `build/current` is switched to it only when everything succeeded; a failed build
leaves the previous one untouched and exits 1 with the validation report.

Every build, one that finds the data up to date too, then deletes the older builds beyond
BYREGION_KEEP_BUILDS ({KEEP}, kept to go back to by hand) and any that is not whole,
never one a running `byregion serve` still answers from."""


def whole_option(value: str) -> int:
    """An option's whole number as a setting's is read (:func:`byregion.settings.whole`: ASCII digits, where int()
    also took ``8_899`` and full-width digits), or argparse's one-line error (exit code 2)."""
    try:
        return whole(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{value!r} is not valid: {exc}") from None


def add_common_options(parser: argparse.ArgumentParser, *, reads_repo: bool = True) -> None:
    """Options shared by every command that reads the repository or a build; ``reads_repo`` False: a command that
    reads a build alone (``verify``) offers ``--build-dir`` only, not options that would do nothing."""
    if reads_repo:
        parser.add_argument("--repo", type=Path, help="folder with ontology/, data/, shapes/ (BYREGION_REPO_DIR)")
    parser.add_argument("--build-dir", type=Path, help="where builds are written (BYREGION_BUILD_DIR)")
    if reads_repo:
        parser.add_argument("--base-uri", help="canonical base URI of the data (BYREGION_BASE_URI)")
    else:
        parser.set_defaults(repo=None, base_uri=None)


def settings_from(args: argparse.Namespace, **options: Any) -> Settings:
    """The settings: the ``BYREGION_*`` variables, then the common options and ``options`` (None: not given)."""
    return Settings.from_env(
        repo_dir=args.repo.resolve() if args.repo else None,
        build_dir=args.build_dir.resolve() if args.build_dir else None,
        base_uri=args.base_uri, **options,
    )


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "build", help="validate and publish a new build", description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  byregion build\n  byregion build --force --base-uri http://localhost:8080\n"
               "  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) byregion build   # the commit's time, not now: two "
               "folders\n      built from one commit hold the same version, dates and documents (README)\n\n"
               "exit codes: 0 built (or up to date), 1 refused (broken input, a SHACL violation; the previous build "
               "stays\ncurrent), 2 a setting no build can run with (or no folder at --repo), 130 interrupted "
               "(nothing\nhalf-made published)")
    add_common_options(parser)
    parser.add_argument("--force", action="store_true", help="build even when the data has not changed")
    parser.add_argument("--publish", metavar="URL",
                        help="then load the build into the Oxigraph server at URL (e.g. http://127.0.0.1:7878), "
                             "replacing its data only once the new data is fully loaded (see docs/sparql.md)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from byregion.build import BuildError, ValidationFailed, build
    from byregion.build.writer import source_date_epoch

    settings = settings_from(args)
    try:
        source_date_epoch(os.environ.get("SOURCE_DATE_EPOCH"))
    except BuildError as exc:  # a setting no build can run with (2), as a malformed BYREGION_* is
        print(f"byregion build: {exc}", file=sys.stderr)
        return 2
    from byregion.sources import (
        InputError,
        another_checkout,
        note_translation_warnings,
        require_repo,
        unimported_pages,
    )

    try:  # a repository folder that is not there: a usage error (2), as `byregion validate` says it
        require_repo(settings.repo_dir)
    except InputError as exc:
        print(f"byregion build: {exc}", file=sys.stderr)
        return 2

    told = args.repo or os.environ.get("BYREGION_REPO_DIR")  # where to read was said: nothing to warn of
    elsewhere = another_checkout(settings.repo_dir, Path.cwd()) if not told else None
    for warning in [*filter(None, [elsewhere]), *unimported_pages(settings.repo_dir),
                    *note_translation_warnings(settings.repo_dir)]:
        print(f"byregion build: warning: {warning}", file=sys.stderr)
    try:
        result = build(settings, force=args.force)
    except ValidationFailed as failed:
        from byregion.sources import graph_files

        for line in failed.report.format_lines(graph_files(settings.repo_dir)):
            print(line, file=sys.stderr)
        print(f"byregion build: {failed}", file=sys.stderr)
        return 1
    except BuildError as exc:
        print(f"byregion build: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno not in UNWRITABLE:
            raise
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"byregion build: could not write the build: {exc.strerror}{where}. Nothing was published and the "
              f"previous build stays current; free space in {settings.build_dir} (or make it writable), or give "
              "another --build-dir", file=sys.stderr)
        return 1
    manifest = result.manifest
    if result.up_to_date:
        print(f"build {manifest['version']} is up to date ({manifest['triples']} triples); use --force to rebuild")
    else:
        warnings = manifest["validation"]["warnings"]
        print(f"build {manifest['version']}: {manifest['triples']} triples in {len(manifest['graphs'])} graphs, "
              f"conforms with {warnings} warning(s) -> {result.path}")
        if result.reason:
            print(f"  ({result.reason})")
        for line in withdrawn_lines(manifest):
            print(line, file=sys.stderr)
    if args.publish:
        from byregion.publish import publish_cli

        return publish_cli(settings.build_dir, args.publish)
    return 0


#: Why a build folder takes no more: full, over quota, a file over the size allowed, read-only, not ours to write.
UNWRITABLE = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM})


#: How many withdrawn addresses the build names one by one; the manifest lists them all.
SHOWN_WITHDRAWN = 10


def withdrawn_lines(manifest: dict[str, Any]) -> list[str]:
    """A warning naming the addresses the previous build answered and this one does not, which now answer 410."""
    new = [w["path"] for w in manifest.get("withdrawn", []) if w["last"] == manifest.get("previous_version")]
    if not new:
        return []
    shown = ", ".join(new[:SHOWN_WITHDRAWN]) + (f", and {len(new) - SHOWN_WITHDRAWN} more" if len(new) >
                                                  SHOWN_WITHDRAWN else "")
    from byregion.build.withdrawn import was_moved

    moved = sum(1 for w in manifest.get("withdrawn", []) if w["last"] == manifest.get("previous_version")
                and was_moved(w))
    why = (f" {moved} of them are the programme table's row of an item that a region page added since states too: "
           "the row is the item's second source now, at …/table/row, where each 410 points." if moved else "")
    return [f"warning: {len(new)} published address(es) of build {manifest['previous_version']} are not in this "
            f"build and now answer 410 Gone: {shown}.{why} A published URI is meant to stay: restore what was taken "
            "out of the data if it was a mistake (manifest.json lists every withdrawn address under 'withdrawn')."]
