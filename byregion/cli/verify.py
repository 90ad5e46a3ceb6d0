"""``byregion verify``: every file of a build read against the SHA-256 its manifest records."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from byregion.cli.build import add_common_options, settings_from

HELP = """\
Read every file of the current build (or of the build VERSION names) and compare its SHA-256 with the one the
build's manifest recorded when it was made. A server checks at every start only that the files are there with
their sizes, which is quick; a file damaged in place (a failing disk, a copy or a restore gone wrong) keeps its
size, and only its bytes tell. Run it after copying or restoring a build folder, or from a monitor."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("verify", help="check every file of a build against its manifest",
                                   description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
                                   epilog="examples:\n  byregion verify\n  byregion verify 20261205T202845Z "
                                          "--build-dir /srv/byregion/build\n\n"
                                          "exit codes: 0 every file as recorded, 1 a file that is not (each is "
                                          "named), or no such build,\n2 a setting no command can run with")
    add_common_options(parser, reads_repo=False)
    parser.add_argument("version", nargs="?", metavar="VERSION",
                        help="the build folder's name (default: the current build)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from byregion.build.reader import (
        DamagedBuildError,
        NoBuildError,
        is_build_folder,
        open_current,
        read_build,
        recorded_files,
        remedy,
        unlike_manifest,
    )
    from byregion.progress import bar

    settings = settings_from(args)
    try:
        if args.version is None:
            build = open_current(settings.build_dir)
        else:
            folder = settings.build_dir / args.version
            if "/" in args.version or not is_build_folder(folder):  # a build of this folder, not a path elsewhere
                print(f"byregion verify: there is no build {args.version!r} in {settings.build_dir}: give the name "
                      "of a build folder (one with a manifest.json), or none for the current build", file=sys.stderr)
                return 1
            build = read_build(folder)
    except (NoBuildError, ValueError) as exc:  # no build; a manifest that is not JSON (DamagedBuildError too)
        print(f"byregion verify: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # a build this user may not read (a folder of another user's, mode 0700)
        print(f"byregion verify: cannot read {exc.filename or settings.build_dir}: {exc.strerror}; run it as a user "
              "who can read the build folder", file=sys.stderr)
        return 1
    try:
        files = recorded_files(build)
    except DamagedBuildError as exc:  # a file's record without its size or SHA-256
        print(f"byregion verify: {exc}; {remedy(settings.build_dir, but=build.path)}", file=sys.stderr)
        return 1
    total = sum(f.bytes for f in files.values())
    with bar(total, "verify", "B", unit_scale=True) as progress:  # interrupted: its last line is not "…, done"
        said = unlike_manifest(build, progress.update)  # a file it cannot read is named among the others
    for line in said:
        print(f"byregion verify: {build.path.name}: {line}", file=sys.stderr)
    if said:
        print(f"byregion verify: build {build.path.name} is damaged: {len(said)} of {len(files)} files are not as "
              f"its manifest records; {remedy(settings.build_dir, but=build.path)}, or restore the folder",
              file=sys.stderr)
        return 1
    print(f"build {build.path.name}: {len(files)} files, {total:,} bytes, each as its manifest records")
    return 0
