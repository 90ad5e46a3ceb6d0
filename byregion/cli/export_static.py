"""``byregion export-static DIR``: the current build as files, with an nginx (and Apache) configuration."""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path
from typing import Any

from byregion.cli.build import add_common_options, settings_from, whole_option
from byregion.export import DEBIAN_NJS_MODULE
from byregion.settings import address

HELP = """\
Write every document of the current build (each RDF format, the HTML pages in Norwegian and English, with
a .gz beside each body the build keeps compressed), the 404 bodies, the dumps and the /static assets as
files under DIR/site, and the configurations that serve them as `byregion serve` does:

  DIR/nginx.conf    complete; `nginx -p DIR -c nginx.conf` serves on HOST:PORT in the foreground, logs and
                    pid file inside DIR. Needs Debian's nginx and libnginx-mod-http-js (njs), which
                    negotiates (DIR/byregion.js): 303 from /id/ to /doc/, Accept with q-values, the
                    extensions and ?_mediatype=, 406, the page language, Vary, ETag and 304, gzip.
  DIR/apache.conf   the same with Apache httpd's mod_negotiation, its core tested under Debian's apache2;
                    where it differs from nginx, see docs/server.md ("Apache").

DIR must be empty, new, or an earlier export (which is replaced; its DIR/http.d/ and DIR/server.d/, where an
operator's own nginx directives go, and DIR/logs/ are kept). SPARQL and its page are not in the export:
--app URL passes /sparql to a running `byregion serve`. Behind a TLS proxy or a CDN, give --origin.
See docs/server.md, "Static export" and "Behind a proxy"."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("export-static", help="write the build as files with an nginx configuration",
                                   description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
                                   epilog="exit codes: 0 written, 1 refused (no build, a folder that is not empty, "
                                          "an option that is no port,\nhost or URL, a file that cannot be written), "
                                          "2 a setting no command can run with")
    add_common_options(parser)
    parser.add_argument("folder", metavar="DIR", type=Path, help="where to write the export")
    parser.add_argument("--port", type=whole_option, default=8080, help="port nginx listens on (default 8080)")
    parser.add_argument("--host", default="127.0.0.1", help="address nginx listens on (default 127.0.0.1)")
    parser.add_argument("--app", metavar="URL",
                        help="where `byregion serve` runs (e.g. http://127.0.0.1:8080), for /sparql; "
                             "default: /sparql is not served")
    parser.add_argument("--origin", metavar="URL",
                        help="the public scheme and host the export is reached at behind a TLS proxy or a CDN "
                             "(e.g. https://data.byregion.no): written into the documents that name the host "
                             "(sitemap, robots.txt, the home page, the catalogue's page) whatever Host a request "
                             "names, and told to the app (--app) as X-Forwarded-Proto and -Host; default: the "
                             "request's own scheme and Host")
    parser.add_argument("--njs-module", metavar="PATH", default=DEBIAN_NJS_MODULE,
                        help=f"the njs module nginx loads (default: Debian's, {DEBIAN_NJS_MODULE})")
    parser.set_defaults(func=run)


def unwritten(exc: OSError, folder: Path) -> str:
    """What to say of an export that could not write (a full disk, a read-only folder): the folder, that nothing was
    changed (``export_static`` gave back the earlier export, or left no folder) and what to do, as `byregion build`
    says it; any other OSError as it is."""
    from byregion.cli.build import UNWRITABLE
    from byregion.export.static import is_export

    if exc.errno not in UNWRITABLE:
        return str(exc)
    where = f" ({exc.filename})" if exc.filename else ""
    left = (f"{folder} holds the earlier export as it was" if is_export(folder) else
            f"{folder} is as it was" if folder.exists() else f"no folder {folder} was left")
    return (f"could not write the export into {folder}: {exc.strerror}{where}. Nothing was changed: {left}. Free space "
            f"where {folder} is (while it is written, the new export takes its own room beside the earlier one, which "
            "goes only once the new one is whole), or make it writable, or export into another folder")


def run(args: argparse.Namespace) -> int:
    from byregion.build import DamagedBuildError, NoBuildError, open_current
    from byregion.export.nginx import app_read_timeout
    from byregion.export.static import ExportError, ExportOptions, export_static
    from byregion.sparql.protocol import body_limit as sparql_body_limit

    settings = settings_from(args)
    try:
        build = open_current(settings.build_dir)
    except (NoBuildError, DamagedBuildError) as exc:  # none, or not whole: says what to run
        print(f"byregion export-static: {exc}", file=sys.stderr)
        return 1
    try:
        options = ExportOptions(port=args.port, host=args.host, max_url_length=settings.max_url_length,
                                app_url=args.app, origin=args.origin, njs_module=args.njs_module,
                                sparql_max_body=sparql_body_limit(settings.sparql_max_query_bytes),
                                reconcile_max_body=settings.reconcile_max_request_bytes,
                                app_read_timeout=app_read_timeout(settings))
        exported = export_static(build, args.folder, options)
    except ExportError as exc:
        print(f"byregion export-static: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"byregion export-static: {unwritten(exc, args.folder.resolve())}", file=sys.stderr)
        return 1
    if exported.recovered:
        print(f"byregion export-static: {exported.recovered}; it is now replaced by this export", file=sys.stderr)
    print(f"build {build.version}: {exported.documents} documents, {exported.files} files "
          f"({exported.bytes / 1e6:.1f} MB) -> {exported.folder}\n"
          f"serve it with: nginx -p {shlex.quote(str(exported.folder))} -c nginx.conf   "
          f"(http://{address(args.host, args.port)}/)")
    if not args.app:
        print("note: without --app, /sparql answers 404 with a page that says it needs `byregion serve`, though every "
              "page's menu, the VoID description and the catalogue name it: give --app URL where `byregion serve` runs "
              "to pass /sparql, /reconcile, /search and the dated look-ups to it", file=sys.stderr)
    return 0
