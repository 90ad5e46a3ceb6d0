"""The ``byregion`` command: one entry point, one module per subcommand.

Each module in :data:`COMMANDS` defines ``register(subparsers)``, which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning the exit code. A module imports the
machinery its command runs on (SHACL, the store, the build, the web server) inside that callable, so making
the parser, ``--help`` and argument errors load none of it (tests/test_cli_start.py).
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence

from byregion import __version__
from byregion.settings import SettingsError
from byregion.workers import quiet_half_made_objects

#: Subcommand modules, in the order ``byregion --help`` lists them.
COMMANDS: tuple[str, ...] = ("import_", "reference", "validate", "build", "verify", "serve", "export_static",
                             "synth")

DESCRIPTION = """\
Byregion LOD publishes the Norwegian city-region programme (Byregionprogrammet) as linked open data.

Data flows one way: region pages and reference CSVs are turned into RDF (import, reference), merged
with the ontology and themes, validated with SHACL (validate), written as an immutable versioned
build (build) and served (serve)."""


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="byregion", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n  byregion build && byregion serve     # build the repository's data, serve it on "
               "127.0.0.1:8080\n  byregion import data/sources/notodden.txt --out data/regions/notodden.ttl\n"
               "  byregion COMMAND --help               # what each command does, its options and exit codes\n\n"
               "Every setting has a BYREGION_* environment variable (README.md, \"Settings\"), which an option of "
               "the\nsame name overrides; a value no command can run with is refused with exit code 2."
    )
    parser.add_argument("--version", action="version", version=f"byregion {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(f"byregion.cli.{name}").register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    from byregion.rdflib_log import quiet_ill_typed_literals

    quiet_ill_typed_literals()
    # `kill`, a service manager's stop: cleaned up as Ctrl-C is (only the main thread may set a handler)
    earlier = signal.signal(signal.SIGTERM, _terminate) if threading.current_thread() is threading.main_thread() \
        else None
    try:
        code: int = args.func(args)
    except Terminated:
        quiet_half_made_objects()
        print("byregion: stopped (SIGTERM); nothing half-made was published", file=sys.stderr)
        return 128 + signal.SIGTERM
    except KeyboardInterrupt:
        quiet_half_made_objects()
        print("byregion: interrupted; nothing half-made was published", file=sys.stderr)
        return 130
    except SettingsError as exc:  # a BYREGION_* variable or an option no command can run with: say which
        option = OPTION_OF.get(exc.setting, "--" + exc.setting.replace("_", "-")) if exc.from_option else None
        print(f"byregion: {exc.as_option(option) if option else exc}", file=sys.stderr)
        return 2
    finally:
        if earlier is not None:
            signal.signal(signal.SIGTERM, earlier)
    return code


#: The command-line option of each setting whose option is not its name written ``--with-dashes``: what an error
#: about a value an option gave names (:attr:`byregion.settings.SettingsError.from_option`).
OPTION_OF = {"repo_dir": "--repo", "store_url": "--store"}


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the command is, so that what it was making is removed as after Ctrl-C (a build's
    temporary folder, its merging process) instead of left to the next build to sweep."""


def _terminate(signum: int, frame: object) -> None:
    quiet_half_made_objects()  # at once: what the stop's clean-up frees may be half-made (the build's merging
    raise Terminated           # process, which inherits this handler, frees it before it hands the stop on)


if __name__ == "__main__":
    sys.exit(main())
