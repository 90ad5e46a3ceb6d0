"""``byregion export-static``: a build's rendered documents as files any web server can serve, with the
configurations that make nginx (tested against the app) and Apache (its core tested) answer as ``byregion serve``
does.

What the export folder holds (see :mod:`byregion.export.layout` for the file names):

* ``site/``: every representation of every document (``.gz`` beside the bodies the build keeps compressed),
  the 404 bodies, the dump files and the ``/static`` assets, each file dated with the build's date (a static file
  with its own, a dump with that of the build that first wrote its bytes, as the app dates them);
* ``nginx.conf``, ``byregion.js`` and ``documents.map``: ``nginx -p DIR -c nginx.conf`` serves the export on
  127.0.0.1:PORT (:mod:`byregion.export.nginx`);
* ``apache.conf`` and a type map per document (``site/**.var``): the same for Apache httpd
  (:mod:`byregion.export.apache`);
* ``logs/`` and ``tmp/`` for nginx.

Documents that name the request's host (the home page, the catalogue pages, robots.txt and the sitemap)
keep the build's marker; nginx (``byregion.js``) puts the request's scheme and host in, as the Python
server does; the Apache configuration puts them in with ``mod_substitute``.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import json
import os
import re
import shutil
import sys
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import format_datetime
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from urllib.parse import SplitResult, urlsplit

from byregion import i18n, profiles, source_files
from byregion.build import PublishedBuild
from byregion.build.reader import rollback_floor
from byregion.build.render import sitemap as crawlers
from byregion.docstore import (
    FILE,
    HOST,
    DocumentStore,
    PageLink,
    Representation,
    StoredDocument,
    StoredProfile,
    etag_of,
    representation,
)
from byregion.export import DEBIAN_NJS_MODULE, apache, fastpath, forwarded, nginx_hash, search, sparql
from byregion.export.layout import (
    APP_DOCUMENTS,
    APP_SERVICE_PATHS,
    ERRORS,
    GONE_ERRORS,
    INDEX,
    LOOKUP_NEEDS_APP_FILE,
    METHOD_NOT_ALLOWED,
    PROFILES,
    SITE,
    Dates,
    Stored,
    extension_of,
    file_of,
    gone_file,
    gz_file,
    info,
    is_error,
)
from byregion.export.nginx import (
    DEFAULT_APP_READ_TIMEOUT,
    GENERATED_HEADER,
    LOOKUP_NEEDS_APP,
    NginxSite,
    ServedFile,
    fast_request_table,
    nginx_conf,
)
from byregion.identifiers import build as identifiers
from byregion.identifiers.history import SCHEMES
from byregion.mediatypes import (
    GZIP,
    HTML_TYPE,
    PLAIN_TYPE,
    SERVED_TYPES,
    SHARED_NAMES,
    STATIC_TYPES,
    dump_content_type,
)
from byregion.paths import GRAPHS, ROBOTS, SITEMAP, SITEMAP_PART, gone_key, is_sitemap_part
from byregion.progress import each
from byregion.serve import documents, lookups, problems, rules
from byregion.serve.files import STATIC, static_modified, static_type

#: A file every export has: a folder holding it may be exported over again.
MARKER = "nginx.conf"


class ExportError(RuntimeError):
    """The export cannot be written (the folder is not an export, two formats share an extension, …)."""


#: What a host, a URL or a path written into the generated configurations may hold: no space, quote, brace,
#: semicolon or comment sign, which would end nginx's or Apache's directive and begin another.
_HOST = re.compile(r"[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")
_CONFIG_UNSAFE = re.compile(r"[\s\"'`;{}#$\\<>|]")


@dataclass(frozen=True)
class ExportOptions:
    """How the export is served; checked when made (:class:`ExportError`), since each value is written into the
    generated nginx and Apache configurations."""

    port: int = 8080
    host: str = "127.0.0.1"
    max_url_length: int = 2_048
    app_url: str | None = None
    #: The public scheme and host the export is reached at (``https://data.byregion.no``, behind a TLS proxy or a
    #: CDN): written into the documents that name the host whatever ``Host`` a request names, and told to the app.
    #: None: the request's scheme and ``Host``.
    origin: str | None = None
    njs_module: str | None = None
    progress: bool | None = None  # None: a progress bar when the output is a terminal
    #: The app's own limits on a body to /sparql and /reconcile (settings), which nginx passes a body within, so
    #: that the app, not nginx's 1 MiB default, says what is too large (and nginx's own 413 only past it).
    sparql_max_body: int = 68_192
    reconcile_max_body: int = 1_000_000
    #: How long nginx and Apache wait for the app's answer, in seconds (nginx.app_read_timeout of the settings).
    app_read_timeout: int = DEFAULT_APP_READ_TIMEOUT

    def __post_init__(self) -> None:
        if not 1 <= self.port <= 65_535:
            raise ExportError(f"--port {self.port} is no TCP port; give one from 1 to 65535")
        if not _HOST.fullmatch(self.host):
            raise ExportError(f"--host {self.host!r} is no address to listen on; give an IP address "
                              "(127.0.0.1, ::1, [::1]) or a host name")
        if self.app_url is not None:
            parts = urlsplit(self.app_url)
            if parts.scheme not in ("http", "https") or not parts.netloc or _CONFIG_UNSAFE.search(self.app_url) \
                    or parts.query or parts.fragment:
                raise ExportError(f"--app {self.app_url!r} is not the URL of a running `byregion serve`; give "
                                  "one such as http://127.0.0.1:8080 (no spaces, quotes or query)")
            if _same_address(parts, self.host, self.port):
                raise ExportError(f"--app {self.app_url} is where this export's nginx listens (--host {self.host} "
                                  f"--port {self.port}, 8080 when not given): nginx would pass /sparql to itself; "
                                  "give nginx another --port")
        if self.origin is not None:
            object.__setattr__(self, "origin", _origin(self.origin))
        if self.njs_module is not None and (not self.njs_module or _CONFIG_UNSAFE.search(self.njs_module)):
            raise ExportError(f"--njs-module {self.njs_module!r} cannot be written into nginx.conf; give the "
                              "module's path without spaces or quotes")


def _origin(given: str) -> str:
    """``--origin`` as ``scheme://host[:port]``; :class:`ExportError` for anything else (a path, a query, a user, a
    port that is none), since it is written into nginx.conf, apache.conf and the host documents."""
    refused = ExportError(f"--origin {given!r} is not a scheme and host; give the public address the export is "
                          "reached at, such as https://data.byregion.no (no path or query)")
    parts = urlsplit(given)
    try:
        port = parts.port
    except ValueError:
        raise refused from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path not in ("", "/") or parts.query \
            or parts.fragment or _CONFIG_UNSAFE.search(given) or not _HOST.fullmatch(parts.hostname) \
            or "@" in parts.netloc or port == 0 or parts.netloc.endswith(":"):
        raise refused
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return rules.origin_of(parts.scheme, host + (f":{port}" if port is not None else ""))


#: The loopback names of each address family ("localhost" is either), and the wildcards nginx may listen on.
_LOOPBACK = ({"127.0.0.1", "localhost"}, {"::1", "localhost"})
_WILDCARD = {"0.0.0.0", "::"}


def _same_address(app: SplitResult, host: str, port: int) -> bool:
    """Whether the app at ``app`` is on the socket nginx listens on (``host``:``port``): the same host, a wildcard
    nginx would bind over the app's, or two loopback names of one family (127.0.0.1 and ::1 are two sockets)."""
    try:
        app_port = app.port or (443 if app.scheme == "https" else 80)
    except ValueError:  # a port that is no number: no address at all, and not ours
        return False
    app_host, host = (app.hostname or "").strip("[]").lower(), host.strip("[]").lower()
    return app_port == port and (app_host == host or host in _WILDCARD or app_host in _WILDCARD
                                 or any({app_host, host} <= names for names in _LOOPBACK))


@dataclass
class Exported:
    """What an export wrote."""

    folder: Path
    documents: int = 0
    files: int = 0
    bytes: int = 0
    content_types: dict[str, str] = field(default_factory=dict)
    #: What was put back before this export began (:func:`recover`), to be said; None when nothing was.
    recovered: str | None = None


def is_export(folder: Path) -> bool:
    """Whether ``folder`` holds an export this command wrote (:func:`_earlier_export`)."""
    return _earlier_export(folder)


def _earlier_export(folder: Path) -> bool:
    """Whether ``folder`` holds an export this command wrote: its ``nginx.conf`` starts with the generated header
    (an ``nginx.conf`` of someone's own is not replaced)."""
    try:
        with (folder / MARKER).open(encoding="utf-8", errors="replace") as handle:
            return handle.readline().startswith(GENERATED_HEADER)
    except OSError:
        return False


def serving(folder: Path) -> str | None:
    """Which web server serves the export in ``folder`` now (its pid file names a live process), else None."""
    for name in ("nginx.pid", "apache.pid"):
        try:
            pid = int((folder / name).read_text(encoding="ascii").strip())
            os.kill(pid, 0)
        except (OSError, ValueError):
            continue  # no pid file, a stale one, or one of no process
        return f"{name.split('.')[0]} (process {pid})"
    return None


def _check(folder: Path) -> None:
    """An empty folder, or an earlier export that no server is serving (then its files are replaced)."""
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder; name a new or empty folder to export to")
    if folder.exists() and any(folder.iterdir()):
        if not _earlier_export(folder):
            raise ExportError(f"{folder} is not empty and holds no earlier export (a {MARKER} that "
                              "`byregion export-static` wrote); choose an empty or new folder")
        if (server := serving(folder)) is not None:
            raise ExportError(f"{server} serves the export in {folder}: replacing its files would leave it serving "
                              "half of each export. Export into a new folder and point the server there, or stop "
                              "it first")


def _prepare(folder: Path) -> None:
    for name in (SITE, "logs", "tmp", *forwarded.HOOKS):
        (folder / name).mkdir(parents=True, exist_ok=True)
    for path in (folder, folder / SITE, folder / "logs", folder / "tmp"):
        path.chmod(0o755)  # nginx's workers run as an unprivileged user: the files must be readable


#: The prefix of the folder an earlier export is set aside in while a new one is written (inside the export folder).
EARLIER = ".earlier-export-"
#: The file :func:`_replacing` writes in that folder once all of the earlier export is in it.
SET_ASIDE = ".set-aside"
#: The prefix that folder is renamed to once the new export is whole, before it is deleted.
DISCARDED = ".discarded-export-"
#: What stays in the export folder from one export to the next: the web server's logs, an operator's own directives.
KEPT_WHERE_THEY_ARE = ("logs", *forwarded.HOOKS)


def recover(folder: Path) -> str | None:
    """Put back the earlier export that an export killed part way (kill -9, a power cut: no handler ran) left set
    aside in ``folder``/:data:`EARLIER`…, removing the half of a new export beside it; say what was done, or None
    when there was nothing to put back. The next run had refused the folder as "not empty and holds no earlier
    export", not saying where the earlier one was."""
    if not folder.is_dir():
        return None
    for discarded in folder.glob(DISCARDED + "*"):  # a whole new export was written: the earlier one was going
        shutil.rmtree(discarded, ignore_errors=True)
    set_aside = sorted(p for p in folder.glob(EARLIER + "*") if p.is_dir() and not p.is_symlink())
    if not set_aside:
        return None
    if len(set_aside) > 1:
        raise ExportError(f"{folder} holds {len(set_aside)} earlier exports set aside by exports that were stopped "
                          f"part way ({', '.join(p.name for p in set_aside)}); keep the one to put back, move its "
                          f"files into {folder} in place of the others, and export again")
    kept = set_aside[0]
    # all of the earlier export is there: the rest is half of the new one; else stopped while setting it aside,
    # before anything new was written: what is beside it is the rest of it
    _put_back(folder, kept, drop_beside=(kept / SET_ASIDE).exists())
    return (f"put back the earlier export in {folder}, which an export stopped part way had left set aside in "
            f"{kept.name}")


def _put_back(folder: Path, kept: Path | None, *, drop_beside: bool) -> None:
    """The earlier export set aside in ``kept`` (none: there was none) put back in ``folder``; ``drop_beside``: what
    else is in ``folder`` (a new export's half) removed first, but for the web server's logs and an operator's own
    directives (:data:`KEPT_WHERE_THEY_ARE`)."""
    if drop_beside:
        for path in folder.iterdir():
            if path == kept or path.name in KEPT_WHERE_THEY_ARE:
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path)
            else:
                path.unlink()
    if kept is not None:
        (kept / SET_ASIDE).unlink(missing_ok=True)
        for path in kept.iterdir():
            path.rename(folder / path.name)
        kept.rmdir()


class _Writer:
    """Writes files under ``site/``, world-readable and dated with the build's date."""

    def __init__(self, site: Path, created: datetime, exported: Exported) -> None:
        self.site = site
        self.stamp = created.replace(microsecond=0).timestamp()
        self.exported = exported
        self.folders: set[Path] = set()

    def _folder(self, path: Path) -> None:
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            for parent in (path.parent, *path.parent.parents):
                if parent == self.site or parent in self.folders:
                    break
                parent.chmod(0o755)
                self.folders.add(parent)
            self.folders.add(path.parent)

    def _done(self, path: Path) -> None:
        path.chmod(0o644)
        os.utime(path, (self.stamp, self.stamp))
        self.exported.files += 1
        self.exported.bytes += path.stat().st_size

    def write(self, url_path: str, body: bytes, stamp: float | None = None) -> None:
        """Write ``body`` to ``url_path``, dated with the build's date or with ``stamp`` (the date it last changed:
        a web server sends a file's time as its ``Last-Modified``)."""
        path = self.site / url_path.lstrip("/")
        self._folder(path)
        path.write_bytes(body)
        self._done(path)
        if stamp is not None:
            os.utime(path, (stamp, stamp))

    def copy(self, url_path: str, source: Path, stamp: float | None = None) -> None:
        """Copy ``source`` to ``url_path``, dated with the build's date or with ``stamp``."""
        path = self.site / url_path.lstrip("/")
        self._folder(path)
        shutil.copyfile(source, path)
        self._done(path)
        if stamp is not None:
            os.utime(path, (stamp, stamp))


def _content_type(exported: Exported, file: str, media_type: str) -> None:
    ext = extension_of(file)
    known = exported.content_types.setdefault(ext, media_type)
    if known != media_type:
        raise ExportError(f"{file}: the extension .{ext} is already served as {known!r}, not {media_type!r}; "
                          "the export names files by extension, so each extension needs one Content-Type")


def answered_without_app(path: str) -> bool:
    """Whether an export made without --app answers the page at ``path`` (not a service of the app's, nor search)."""
    return not re.match(APP_SERVICE_PATHS, path.partition("?")[0]) and path not in search.NGINX_PATHS


def crawler_documents(store: DocumentStore) -> dict[str, Representation | None]:
    """The sitemap and robots.txt of an export made without --app: the build's, made again of the pages it lists
    that such an export answers (:func:`answered_without_app`), with the same dates (the build's ``modified``
    table), by the build's own functions (:mod:`byregion.build.render.sitemap`). A part of the build's sitemap
    that the one made again has not is None: not exported."""
    built = store.get(SITEMAP, "")
    if built is None:
        return {}

    def body(path: str) -> bytes | None:
        found = store.get(path, "")
        return None if found is None else found.body

    paths = [path for path in crawlers.listed_paths(body) if answered_without_app(path)]
    first = body(crawlers.part_path(1))  # parts as long as the build's (its BYREGION_SITEMAP_URLS)
    longest = first.count(b"<url>") if first is not None else crawlers.MAX_URLS
    dates = store.modified(crawlers.VARIANTS.values())
    made = {**crawlers.sitemap_files(paths, dates, max_urls=longest), ROBOTS: crawlers.robots_txt(paths)}
    answers: dict[str, Representation | None] = {path: None for path in store.paths() if is_sitemap_part(path)}
    for path, text in made.items():
        stored = store.get(path, "")
        like = stored or (built if path != ROBOTS else None)  # a part: as the sitemap is
        if like is not None:
            made_again = representation(path, "", like.media_type, text, host=like.host)
            # the same bytes as the build's: its date too (it last changed when the build's did); else this build's
            answers[path] = replace(made_again, modified=stored.modified) \
                if stored is not None and stored.etag == made_again.etag else made_again
    return answers


def _documents(store: DocumentStore, writer: _Writer, exported: Exported, progress: bool | None,
               replaced: Mapping[str, Representation | None], dates: Dates,
               linked: dict[str, tuple[PageLink, ...]]) -> Iterator[tuple[str, str, list[Stored], bool]]:
    """Write every representation (``replaced``'s instead of the build's for its documents of one form, none of
    a document it gives None), each file dated when its body last changed (its place in ``dates``); yield
    ``(path, info, fast, geojson)`` of every document: its entry of documents.map, its entries of fast.map (none
    for a document the fast path leaves to byregion.js) and whether it offers GeoJSON (a flag of its fast.map
    entries). What each page links (its head's links, for its ``Link``) goes to ``linked``, by path."""
    paths = [p for p in store.paths() if not p.startswith(APP_DOCUMENTS)]
    for path in each(paths, "export", "documents", progress):
        instead = replaced.get(path)
        if instead is None and path in replaced:
            continue
        document = store.stored_document(path) or StoredDocument(("",))
        formats, others = document.formats, document.profiles
        stored: list[Stored] = []
        for rep in [instead] if instead is not None else store.all(path):
            if dates.floor is not None and (path == SITEMAP or is_sitemap_part(path)):
                raised = documents.raised_lastmods(rep.body, dates.floor)  # as the app sends it
                rep = replace(representation(path, rep.variant, rep.media_type, raised, host=rep.host),
                              modified=rep.modified)
            file = file_of(path, rep.variant)
            _content_type(exported, file, rep.media_type)
            date = dates.place(rep)
            stamp = dates.dates[date].timestamp()
            writer.write(file, rep.body, stamp)
            if (packed := gz_file(path, rep)) is not None:
                writer.write(file + ".gz", packed, stamp)
            stored.append(Stored.of(rep, date))
        exported.documents += 1
        if document.links:
            linked[path] = document.links
        if not is_error(path):
            fast = (fastpath.default_profile(stored)
                    if fastpath.eligible(path, formats, any(s.host for s in stored), others, document.links) else [])
            yield path, info(formats, stored, others, document.links), fast, fastpath.offers_geojson(formats)


def _dumps(build: PublishedBuild, writer: _Writer, exported: Exported, dates: Dates) -> dict[str, ServedFile]:
    """Copy the dump files; their headers by URL path: their SHA-256 as ETag and Digest, and the date of the build
    that first wrote their bytes (the build's, where the manifest does not say; never before ``dates``' floor), as
    the app's."""
    files = {}
    for dump in (*build.info.dumps, *build.info.graph_dumps):  # the whole dataset's, and each named graph's
        relative = dump.file
        _content_type(exported, relative, dump_content_type(dump.media_type, dump.compressed))
        info = build.info.files[relative]
        since = dates.raised(info.since.replace(microsecond=0)) if info.since is not None else dates.built
        writer.copy("/" + relative, build.file(relative), since.timestamp())
        files["/" + relative] = ServedFile(rules.file_etag(info.sha256), format_datetime(since, usegmt=True),
                                           rules.digest(info.sha256), build.file(relative).stat().st_size)
    return files


def _lookups(build: PublishedBuild, target: Path, keys: nginx_hash.MapKeys) -> None:
    """``lookups.map``: every look-up of a code one unit held (its path), and that unit's path (the 303 the app
    answers without a date), and the same as httpd's ``lookups.txt``; its keys go to ``keys``."""
    history = identifiers.load(build.path)
    with target.open("w", encoding="utf-8") as out, \
            target.with_name(apache.LOOKUPS).open("w", encoding="utf-8") as for_apache:
        for scheme, code in dict.fromkeys((h.scheme, h.code) for h in history.holdings) if history else ():
            holders = history.holder_iris(scheme, code) if history else ()
            if len(holders) == 1:
                key, unit = f"/id/{scheme}/{code}", urlsplit(holders[0]).path
                out.write(_map_line(key, unit))
                for_apache.write(f"{key} {unit}\n")  # httpd's RewriteMap txt: key and value, no space in either
                keys.add(key)


def _static(writer: _Writer, exported: Exported) -> dict[str, ServedFile]:
    """The stylesheets, icon and SPARQL page assets the pages link to (``byregion/web/static``): those the app serves
    (``byregion.serve.files.static_type``), each dated with its own time and with the app's headers, by URL path."""
    files = {}
    root = resources.files("byregion") / "web" / "static"  # not the package byregion.web, which loads the app
    with resources.as_file(root) as folder:
        for source in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            relative = source.relative_to(folder).as_posix()
            media_type = static_type(relative)
            if media_type is None:
                continue  # the app does not serve it: neither does the export
            _content_type(exported, relative, media_type)
            mtime = source.stat().st_mtime
            modified = static_modified(mtime)
            writer.copy(f"{STATIC}{relative}", source, modified.timestamp())
            body = source.read_bytes()
            files[f"{STATIC}{relative}"] = ServedFile(etag_of(body), format_datetime(modified, usegmt=True),
                                                      size=len(body))
    return files


# The Python server's own tables, some private to their modules: the export must follow them exactly.
@functools.cache
def unprintable_ranges() -> list[list[int]]:
    """The code points this Python's ``repr`` escapes (``str.isprintable`` false), as ``[first, last]`` ranges, but
    those not yet assigned (Unicode's ``Cn``, thousands of short ranges): byregion.js's ``pyRepr`` quotes a value in
    a 406 or 404 message as the app's ``repr`` does."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if not char.isprintable() and unicodedata.category(char) != "Cn":
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return ranges


#: The documents' 404 as problem details (RFC 9457), beside its other bodies (layout.ERRORS): what the app's 404
#: page turns into for a client that asks for JSON (byregion.serve.problems); and the 410's.
NOT_FOUND_PROBLEM = ERRORS + ".problem"
GONE_PROBLEM = GONE_ERRORS + ".problem"


def _not_satisfiable() -> dict[str, object]:
    """The app's 416 of a file (:func:`rules.file_answer`), with ``{size}`` where the file's size goes: byregion.js
    fills it in (the app's CORS headers are byregion.js's own)."""
    size = 987654321  # a size the answer's words cannot hold otherwise
    refused = rules.file_answer(rules.Request("GET", "/", {}, {"range": f"bytes={size + 1}-"}), PLAIN_TYPE, size,
                                etag='"x"', modified=datetime(2000, 1, 1, tzinfo=UTC))
    assert refused.status == 416, refused
    cors = {name.lower() for name, _ in rules.CORS_HEADERS} | {"content-length"}  # njs sends its own length
    return {"type": PLAIN_TYPE, "body": refused.text.decode("utf-8").replace(str(size), "{size}"),
            "headers": [[k, v.replace(str(size), "{size}")] for k, v in refused.headers if k.lower() not in cors]}


def thing_targets(path: str, value: str) -> list[str]:
    """What a thing's IRI may 303 to, from its document's entry of documents.map (``value``, :func:`info`): the
    document, and the document with each extension some profile of it comes in (``.geojson`` of a region, not of a
    theme: a 303 to it would send the client on to a 404)."""
    formats, _, profiles, _ = value.split("|")
    extensions = set(formats.split()) | {ext for part in profiles.split(";") if "=" in part
                                         for ext in part.split("=", 1)[1].split()}
    return [path, *(f"{path}.{ext}" for ext in sorted(extensions) if ext)]


def njs_config(dates: Dates, content_types: dict[str, str], max_url_length: int,
               stored_profiles: tuple[StoredProfile, ...] = (),
               index_pages: Mapping[str, Mapping[str, str]] | None = None,
               origin: str | None = None, withdrawn: Mapping[str, str] | None = None) -> dict[str, object]:
    """What byregion.js needs to answer as the Python server does, taken from the Python server's own tables
    (``index_pages``: the page of each look-up scheme's 404 in each language, :func:`.lookups.index_page`;
    ``origin``: the public scheme and host written into the documents that name the host, else the request's;
    ``withdrawn``: the addresses that answer 410, the build's, each with the stem of its 410 bodies' files)."""
    return {
        "origin": origin or "",
        "profiles": [{"token": p.token, "uri": p.uri, "aliases": list(p.aliases)} for p in stored_profiles],
        "defaultProfile": profiles.DEFAULT.token, "altProfile": profiles.ALT.token,
        "profileSeparator": profiles.SEPARATOR, "profilesFolder": PROFILES, "rdfDocumentVary": rules.RDF_DOCUMENT_VARY,
        "allowedHeaders": rules.ALLOWED_HEADERS, "preflightMaxAge": rules.PREFLIGHT_MAX_AGE[1],
        "corsExpose": rules.CORS_EXPOSE[1],
        "documentTypes": [{"name": m.name, "extension": m.extension, "label": m.label, "aliases": list(m.aliases)}
                          for m in SERVED_TYPES],
        "sharedNames": sorted(SHARED_NAMES),
        "languages": list(i18n.LANGUAGES), "defaultLanguage": i18n.DEFAULT,
        "norwegian": sorted(i18n._NORWEGIAN), "cookie": i18n.COOKIE,
        "cookiePattern": i18n.COOKIE_PATTERN, "cookieAttributes": documents.COOKIE_ATTRIBUTES,
        "maxUrlLength": max_url_length, "documentVary": rules.DOCUMENT_VARY, "languageVary": rules.LANGUAGE_VARY,
        "single": list(documents.SINGLE), "sitemapPart": SITEMAP_PART, "withExtension": list(documents._WITH_EXTENSION),
        "ontologyVersions": documents.ONTOLOGY_VERSIONS,
        "graphs": GRAPHS, "sources": source_files.SOURCES, "sourcePattern": source_files.SOURCE_PATTERN,
        "notFound": ERRORS, "gone": GONE_ERRORS, "withdrawn": dict(sorted((withdrawn or {}).items())),
        "indexName": INDEX, "allowed": rules.ALLOWED, "cacheControl": rules.CACHE[1],
        "errorCacheControl": rules.ERROR_CACHE[1], "privateCacheControl": rules.PRIVATE_CACHE[1],
        # each Last-Modified a document may have (layout.Dates: a representation names its place), as an HTTP date
        # and in seconds; the build's own first
        "dates": [[text, int(date.timestamp())] for text, date in zip(dates.http(), dates.dates, strict=True)],
        "hostMarker": HOST, "hostPattern": "^" + rules.HOST_PATTERN + "$", "badHost": rules.BAD_HOST,
        "defaultPorts": rules.DEFAULT_PORTS,
        "noHost": rules.MISSING_HOST, "thingTooLong": rules.THING_TOO_LONG,
        "contentTypes": content_types, "unprintable": unprintable_ranges(),
        "preconditionFailed": rules.precondition_failed().body.decode("utf-8"),
        "notSatisfiable": _not_satisfiable(),
        "problems": {"turnable": list(problems.TURNABLE),
                     "types": [{"name": m.name, "extension": m.extension, "aliases": list(m.aliases)}
                               for m in problems.ERROR_TYPES],
                     "type": problems.PROBLEM_TYPE, "notFound": NOT_FOUND_PROBLEM, "gone": GONE_PROBLEM,
                     "pageDetail": {str(k): v for k, v in problems.PAGE_DETAIL.items()},
                     "titles": {str(s.value): rules.reason(s.value) for s in HTTPStatus if s.value >= 400},
                     "pageDetailElse": problems.PAGE_DETAIL_ELSE},
        "lookups": {
            "schemes": list(SCHEMES), "date": lookups.DATE, "year": lookups.YEAR, "vary": rules.PAGE_VARY,
            "explained": [{"name": m.name, "extension": m.extension, "aliases": list(m.aliases)}
                          for m in lookups.EXPLAINED_TYPES],
            "indexPages": dict(index_pages or {}), "htmlType": HTML_TYPE,
            "carried": {"mediatype": lookups.MEDIATYPE, "profile": lookups.PROFILE, "lang": lookups.LANG},
            "refusals": lookups.REFUSALS, "refusal": lookups.refusal_text("{reason}", stored_profiles),
            "index": {scheme: {lang: lookups.index_text(scheme, lang) for lang in i18n.LANGUAGES}
                      for scheme in SCHEMES},
            "needsApp": LOOKUP_NEEDS_APP,
        },
    }


def _njs_script(config: dict[str, object]) -> str:
    template = (resources.files("byregion.export") / "byregion.js").read_text(encoding="utf-8")
    return template.replace("/*@@CONFIG@@*/null", json.dumps(config, ensure_ascii=True, sort_keys=True))


def _map_line(key: str, value: str) -> str:
    return f'"{key}" "{value}";\n'


def export_static(build: PublishedBuild, folder: Path, options: ExportOptions) -> Exported:
    """Write the export of ``build`` into ``folder`` (empty, new, or an earlier export). An export that fails
    (a broken build, a full disk, Ctrl-C) leaves the folder as it found it: empty, or the earlier export whole."""
    folder = folder.resolve()
    if re.search(r'["\\\x00-\x1f]', str(folder)):
        raise ExportError(f"{str(folder)!r} holds a quote, a backslash or a control character, which apache.conf "
                          "cannot name in its ServerRoot; export into a folder whose path has none")
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file, not a folder; name a new or empty folder to export to")
    with _alone(folder) as made:
        recovered = recover(folder)
        _check(folder)
        with _replacing(folder, made):
            _prepare(folder)
            exported = _export(build, folder, options)
    exported.recovered = recovered
    return exported


@contextlib.contextmanager
def _alone(folder: Path) -> Iterator[bool]:
    """``folder`` (made where it is not there: told to the body, True) held by this export alone, by a lock on the
    folder itself (``flock``, let go when the process ends, however it ends): a second export into it had taken the
    first one's earlier export, set aside while it wrote, for one a killed export left, and the two had deleted each
    other's files (the diff's reviewer). A folder this made and no export filled is removed again."""
    made = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise ExportError(f"another `byregion export-static` is writing into {folder}; wait for it to end, or "
                              "export into another folder") from None
        try:
            yield made
        except BaseException:
            if made and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
            raise
    finally:
        os.close(handle)


@contextlib.contextmanager
def _replacing(folder: Path, made: bool) -> Iterator[None]:
    """Set what ``folder`` holds aside (in :data:`EARLIER`… inside it) while the body writes a new export there; give
    it back if the body fails, else remove it (and ``folder`` itself where this export ``made`` it). The web
    server's logs and an operator's own directives (:data:`.forwarded.HOOKS`) stay where they are."""
    earlier = [path for path in folder.iterdir()
               if not path.name.startswith(EARLIER) and path.name not in KEPT_WHERE_THEY_ARE]
    kept = Path(tempfile.mkdtemp(prefix=EARLIER, dir=folder)) if earlier else None
    if kept is not None:
        for path in earlier:
            path.rename(kept / path.name)
    try:
        if kept is not None:
            (kept / SET_ASIDE).touch()  # all of it is here: what recover() reads after a kill
        yield
    except BaseException:
        _put_back(folder, kept, drop_beside=True)
        if made:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    if kept is not None:  # renamed first: a kill while it is deleted leaves no earlier export to put back over this
        discarded = kept.rename(folder / (DISCARDED + kept.name.removeprefix(EARLIER)))
        shutil.rmtree(discarded, ignore_errors=True)


def _export(build: PublishedBuild, folder: Path, options: ExportOptions) -> Exported:
    # a build older than the newest whole one in its folder (a rollback) is dated as the app dates it: no
    # Last-Modified, file time or sitemap lastmod before the moment current was pointed at it
    dates = Dates(build.info.created, rollback_floor(build.path.parent, build))
    created = dates.built
    exported = Exported(folder)
    writer = _Writer(folder / SITE, created, exported)
    store = DocumentStore(build.path / FILE)
    keys = {name: nginx_hash.MapKeys() for name in ("documents", "fast", "lookups", "things", "requests")}
    linked: dict[str, tuple[PageLink, ...]] = {}  # what each page links (its Link), for apache.conf
    for key in fast_request_table():  # the fast path's table of requests: a thousand long keys of its own
        keys["requests"].add(key)
    try:
        with (folder / "documents.map").open("w", encoding="utf-8") as out, \
                (folder / "fast.map").open("w", encoding="utf-8") as fast_out, \
                (folder / "things.map").open("w", encoding="utf-8") as things_out:
            replaced = {} if options.app_url else crawler_documents(store)
            for path, value, fast, geojson in _documents(store, writer, exported, options.progress, replaced, dates,
                                                         linked):
                out.write(_map_line(path, value))
                keys["documents"].add(path)
                if path.startswith("/doc/"):  # what a thing's IRI, /id/…, may 303 to, bare or with an extension
                    for target in thing_targets(path, value):
                        things_out.write(_map_line(target, "1"))
                        keys["things"].add(target)
                for stored in fast:
                    key = file_of(path, stored.variant)
                    fast_out.write(_map_line(key, fastpath.fast_value(stored.hash, geojson, not stored.gzip,
                                                                      stored.date)))
                    keys["fast"].add(key)
        _lookups(build, folder / "lookups.map", keys["lookups"])
        files = {**_dumps(build, writer, exported, dates),
                 **_static(writer, exported)}
        writer.write(search.UNAVAILABLE, search.unavailable_page())  # /search without --app says what it needs
        writer.write(search.UNAVAILABLE_JSON, search.unavailable_problem())
        writer.write(sparql.UNAVAILABLE, sparql.unavailable_page())  # /sparql without --app says what it needs
        for problem_file, status in ((NOT_FOUND_PROBLEM, 404), (GONE_PROBLEM, 410)):  # to a client asking for JSON
            _content_type(exported, problem_file, problems.PROBLEM_TYPE)
            writer.write(problem_file, problems.problem(status, problems.PAGE_DETAIL[status]))
        refused = rules.method_not_allowed()
        _content_type(exported, METHOD_NOT_ALLOWED, str(refused.header("Content-Type")))
        writer.write(METHOD_NOT_ALLOWED, refused.body)  # Apache's 405 (byregion.js sends its own)
        _content_type(exported, LOOKUP_NEEDS_APP_FILE, PLAIN_TYPE)
        writer.write(LOOKUP_NEEDS_APP_FILE, LOOKUP_NEEDS_APP.encode("utf-8"))  # Apache's 501 (byregion.js: its own)
        # every type a file besides the documents may have (the static files' of the app's table, a compressed dump's)
        for ext, media_type in (*STATIC_TYPES.items(), (GZIP.extension, GZIP.name)):
            exported.content_types.setdefault(ext.lstrip("."), media_type)
        exported.files += apache.write_type_maps(
            store, writer.site, exported.content_types,
            lambda representations: max((dates.dates[dates.place(r)] for r in representations),
                                        default=dates.built).timestamp())
        stored_profiles = store.profiles()
        index_pages = {scheme: {lang: page.decode("utf-8") for lang in i18n.LANGUAGES
                                if (page := lookups.index_page(store, scheme, lang)) is not None}
                       for scheme in SCHEMES}
        # each withdrawn address's 410 bodies: its own (what it was, where to go), or the shared ones of a build
        # made before those
        gone = {path: gone_file(path) if store.document(gone_key(path)) is not None else GONE_ERRORS
                for path in sorted(build.info.withdrawn)}
    finally:
        store.close()
    config = njs_config(dates, exported.content_types, options.max_url_length, stored_profiles, index_pages,
                        options.origin, gone)
    (folder / "byregion.js").write_text(_njs_script(config), encoding="utf-8")
    table = nginx_hash.table_size(keys.values())
    site = NginxSite(options.port, exported.content_types, files, tuple(dates.http()), rules.CACHE[1],
                     options.max_url_length, options.njs_module or DEBIAN_NJS_MODULE, options.app_url, options.host,
                     map_hash_max_size=table, map_hash_bucket_size=nginx_hash.bucket_size(keys.values(), table),
                     profile=fastpath.default_profiled(stored_profiles),
                     body_limits={"/sparql": options.sparql_max_body, "/reconcile": options.reconcile_max_body},
                     origin=options.origin, app_read_timeout=options.app_read_timeout)
    (folder / "nginx.conf").write_text(nginx_conf(site), encoding="utf-8")
    # httpd's RewriteMap txt: key and value (the stem of its 410 bodies), no space in either (a path has none)
    (folder / apache.WITHDRAWN).write_text("".join(f"{path} {stem.removeprefix(apache.ERRORS_FOLDER)}\n"
                                                   for path, stem in gone.items()),
                                           encoding="utf-8")
    (folder / "apache.conf").write_text(apache.apache_conf(apache.ApacheSite(
        options.port, folder, exported.content_types, options.app_url, options.host, options.origin or build.base_uri,
        stored_profiles, options.max_url_length, options.origin, site.body_limits, linked,
        options.app_read_timeout)), encoding="utf-8")
    for name in ("documents.map", "fast.map", "lookups.map", apache.LOOKUPS, apache.WITHDRAWN, "things.map",
                 "byregion.js", "nginx.conf", "apache.conf"):
        (folder / name).chmod(0o644)
    return exported
