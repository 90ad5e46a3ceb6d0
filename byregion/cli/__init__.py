"""The ``byregion`` command: one entry point, one module per subcommand.

Each module in :data:`COMMANDS` defines ``register(subparsers)``, which adds its parser and sets
``func`` to a callable taking the parsed arguments and returning the exit code. A module imports the
machinery its command runs on (SHACL, the store, the build, the web server) inside that callable, so making
the parser, ``--help`` and argument errors load none of it (tests/test_cli_start.py).
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import importlib
import io
import os
import signal
import sys
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

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
    parser = _Parser(
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
    """Run the command ``argv`` names (the process's arguments by default) and give its exit code.

    Its output never ends the command in a traceback: a character the terminal's encoding cannot write is written
    as an escape (:func:`tolerant_output`); a reader that stopped reading (``| head``) ends it quietly, 141 as a
    command ended by SIGPIPE; an output that takes no more (a full disk, ``>/dev/full``) is said in one line on
    stderr, exit code 1."""
    tolerant_output()
    try:
        try:
            code = run_command(argv)
        except SystemExit:  # argparse's --help, --version and usage errors: their text is flushed before the exit
            sys.stdout.flush()
            raise
        sys.stdout.flush()
        return code
    except OSError as exc:
        if not _output_failed(exc):  # the command's own work (a file it writes): it says what, or it is a fault
            raise
        # the rest would go nowhere, and Python's own flush at the exit would complain: point stdout at nothing
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        if isinstance(exc, BrokenPipeError):
            return 128 + signal.SIGPIPE
        with contextlib.suppress(OSError):
            print(f"byregion: cannot write the output: {exc.strerror or exc}", file=sys.stderr)
        return 1


class _Output(io.TextIOWrapper):
    """Standard output that remembers the error a write or flush of it raised: where the command writes its
    output is told from its other writes by it."""

    failed: OSError | None = None

    def write(self, text: str) -> int:
        try:
            return super().write(text)
        except OSError as exc:
            self.failed = exc
            raise

    def flush(self) -> None:
        try:
            super().flush()
        except OSError as exc:
            self.failed = exc
            raise


def _output_failed(exc: OSError) -> bool:
    """Whether ``exc`` is standard output refusing what is written to it (a closed pipe, a full disk)."""
    if isinstance(sys.stdout, _Output):
        return sys.stdout.failed is exc
    try:  # stdout is another's (a test's capture): it failed if it still cannot take what it holds
        sys.stdout.flush()
    except OSError:
        return True
    return False


def _escape_what_cannot_be_written(error: UnicodeError) -> tuple[str | bytes, int]:
    """An encoding error handler: a file name's bytes that the locale could not read (held as surrogates) are
    written back as they were; any other character the output's encoding lacks ('→', 'å' in an ASCII locale) as a
    backslash escape."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    try:
        return _SURROGATE_ESCAPE(error)
    except UnicodeError:
        return codecs.backslashreplace_errors(error)


_SURROGATE_ESCAPE = codecs.lookup_error("surrogateescape")
codecs.register_error("byregion.escape", _escape_what_cannot_be_written)


def tolerant_output() -> None:
    """Let standard output and standard error write any text: in an ASCII locale (``LC_ALL=C``), ``byregion import
    --help`` had ended in a UnicodeEncodeError at its first '→'; in any locale, a file name's undecodable bytes.
    The process's own standard output becomes an :class:`_Output` on the same file."""
    out = sys.stdout
    if out is sys.__stdout__ and type(out) is io.TextIOWrapper:
        out.flush()
        sys.stdout = _Output(out.buffer, encoding=out.encoding, errors="byregion.escape",
                             line_buffering=out.line_buffering, write_through=out.write_through)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="byregion.escape")


class _Parser(argparse.ArgumentParser):
    """argparse's parser, but its help, usage and version are written as any output is: argparse drops an OSError
    writing them, and ``byregion --help >/dev/full`` said nothing and exited 0."""

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            (file or sys.stderr).write(message)


def run_command(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):  # no command: a usage error, said on stderr as argparse says one
        parser.print_help(sys.stderr)
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
