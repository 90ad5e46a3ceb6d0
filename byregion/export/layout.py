"""Where each representation of a build goes in a static export, and what each server needs to know of it.
Pure: names in, names out.

The export's document root is ``DIR/site``. A document path keeps its place and each representation adds its
format: ``/doc/region/notodden`` → ``doc/region/notodden.ttl``, ``.jsonld``, ``.nt``, ``.rdf``, ``.nb.html``,
``.en.html``; the home page ``/`` → ``index.nb.html`` and ``index.en.html``; a document of one form keeps its
own name (``/robots.txt``). Where the build keeps a body gzip-compressed, the export writes both the body and
the ``.gz`` beside it (what nginx's ``gzip_static`` and Apache's type maps serve), apart from a body that names
the host, which the servers compress once they have put the host in (:func:`gz_file`). The 404 bodies go under
:data:`ERRORS`, and a document's representations in a profile other than the default under
:data:`PROFILES` (``/_profile/ids/doc/region/notodden.ttl``), where no document path can reach.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime

from byregion.docstore import PageLink, Representation, links_text
from byregion.identifiers.paths import CHOICES
from byregion.paths import GONE, GRAPH_STORE, NOT_FOUND, SERVICE_DESCRIPTION
from byregion.profiles import SEPARATOR

#: The export's document root, inside the export folder.
SITE = "site"
#: The file stem of the home page, ``/``.
INDEX = "index"
#: Where the 404 bodies are (``/_errors/404.ttl``, ``/_errors/404.nb.html``, …).
ERRORS = "/_errors/404"
#: The body of the 405 a request of another method than GET, HEAD or OPTIONS gets (Apache's ErrorDocument; nginx's
#: byregion.js sends the same text itself, ``rules.method_not_allowed``).
METHOD_NOT_ALLOWED = "/_errors/405.txt"
#: The body of the 501 a look-up only the app answers gets without --app (Apache's ErrorDocument; byregion.js sends
#: the same text itself, ``nginx.LOOKUP_NEEDS_APP``).
LOOKUP_NEEDS_APP_FILE = "/_errors/501.txt"
#: The services only ``byregion serve`` answers, as a regular expression of a URL path: ``/sparql``, everything
#: under ``/reconcile``, the description of the routes (``/openapi.json``, which the reconciliation manifest names as
#: its documentation), ``/health`` and the graph store (``/graph-store``, which reads its query string). An export
#: made with --app passes them to the app (their methods, POST among them, are the app's); one made without answers
#: them 404 and leaves them out of its sitemap and robots.txt.
APP_SERVICE_PATHS = r"^/(sparql$|reconcile|openapi\.json$|health$|graph-store$)"
#: Of those, the ones a GET answers alone (no form, no body): passed to the app by path.
APP_READ_PATHS = ("/openapi.json", "/health", GRAPH_STORE)
#: The build's documents that only the app answers, by key prefix, and an export leaves out: the choices of a code
#: several units held (a 300 naming each) and the SPARQL endpoint's service description (``GET /sparql``).
APP_DOCUMENTS = (CHOICES, SERVICE_DESCRIPTION)
#: Where the 410 bodies are (``/_errors/410.ttl``, …): what a withdrawn address answers (``byregion.paths.GONE``).
GONE_ERRORS = "/_errors/410"
#: The error bodies, by the build's path: sent as they are, never compressed ahead (the app sends them so).
ERROR_STEMS = {NOT_FOUND: ERRORS, GONE: GONE_ERRORS}


def is_error(path: str) -> bool:
    """Whether the build's ``path`` holds an error's bodies: the 404's, the 410's, or one withdrawn address's 410
    (``!410/doc/…``, :func:`byregion.paths.gone_key`, its files under :data:`GONE_ERRORS`: ``/_errors/410/doc/…``)."""
    return path in ERROR_STEMS or path.startswith(GONE + "/")


def gone_file(path: str) -> str:
    """The stem of the 410 bodies a withdrawn address ``path`` answers with (``/_errors/410/doc/region/x``)."""
    return GONE_ERRORS + path
#: Where the representations in a profile other than the default are (``/_profile/{token}{document path}…``).
PROFILES = "/_profile"


def gz_file(path: str, representation: Representation) -> bytes | None:
    """The ``.gz`` file beside the representation's, where one goes: where the build keeps it compressed, but not
    for an error's body (a 404's, a 410's: sent as it is, as the app sends it) nor one that names the host (its
    marker is put in per request, and the servers compress what they made: nginx's gzip filter, Apache's
    mod_deflate)."""
    return None if is_error(path) or representation.host else representation.gzip


def file_of(path: str, variant: str) -> str:
    """The file (a URL path under the site root) of one representation: ``("/doc/x", "html.nb")`` →
    ``/doc/x.nb.html``; ``("/", "html.en")`` → ``/index.en.html``; ``("/robots.txt", "")`` → ``/robots.txt``;
    ``("/doc/x", "ids/ttl")`` → ``/_profile/ids/doc/x.ttl``."""
    token, _, variant = variant.rpartition(SEPARATOR)
    stem = ERROR_STEMS.get(path) or (gone_file(path[len(GONE):]) if path.startswith(GONE + "/") else
                                     "/" + INDEX if path == "/" else path)
    stem = f"{PROFILES}/{token}{stem}" if token else stem
    if not variant:
        return stem
    fmt, _, lang = variant.partition(".")
    return f"{stem}.{lang}.{fmt}" if lang else f"{stem}.{fmt}"


def extension_of(file: str) -> str:
    return file.rsplit("/", 1)[-1].rpartition(".")[2]


@dataclass(frozen=True)
class Stored:
    """What the servers need to know of one representation besides its file: its ETag, whether it is sent
    compressed (a ``.gz`` file beside it; compressed per request where it names the host), and whether it names the
    request's host."""

    variant: str
    hash: str  # the ETag without its quotes
    gzip: bool
    host: bool
    date: int = 0  # its Last-Modified, as a place in the export's :class:`Dates` (0: the build's date)

    @classmethod
    def of(cls, representation: Representation, date: int = 0) -> Stored:
        return cls(representation.variant, representation.etag.strip('"'), representation.gzip is not None,
                   representation.host, date)

    def entry(self) -> str:
        flags = f"{'g' if self.gzip else ''}{'h' if self.host else ''}"
        return f"{self.variant}:{self.hash}:{flags}" + (f":{self.date}" if self.date else "")


class Dates:
    """The dates the export's documents last changed (their ``Last-Modified``), each once: a representation names
    its date by its place here, the build's own first (place 0), so that the servers' tables (fast.map, documents.map)
    hold a short number where the builds knew an earlier date, and nothing where they did not. A build has as
    many dates as there were builds that changed something."""

    def __init__(self, built: datetime, floor: datetime | None = None) -> None:
        #: The earliest date sent, where the build is exported after a rollback (a build made after it is in its
        #: folder: :func:`byregion.build.reader.rollback_floor`, as the app's); None otherwise.
        self.floor = floor
        self.built = self.raised(built.replace(microsecond=0))
        self.dates: list[datetime] = [self.built]
        self._places: dict[str | None, int] = {None: 0}

    def place(self, representation: Representation) -> int:
        """Where the date ``representation`` last changed is (0: the build's, or unknown)."""
        if representation.modified not in self._places:
            date = self.raised(representation.changed(self.built).replace(microsecond=0))
            if date not in self.dates:
                self.dates.append(date)
            self._places[representation.modified] = self.dates.index(date)
        return self._places[representation.modified]

    def raised(self, date: datetime) -> datetime:
        """``date`` as it is sent: never before :attr:`floor`."""
        return date if self.floor is None or date >= self.floor else self.floor

    def http(self) -> list[str]:
        """Every date as an HTTP date (``Last-Modified``), in place order."""
        return [format_datetime(date, usegmt=True) for date in self.dates]


def info(formats: tuple[str, ...], stored: list[Stored], profiles: str = "", links: tuple[PageLink, ...] = ()) -> str:
    """One document as the nginx configuration's map holds it (read by ``byregion.js``, ``parseInfo``):
    ``"html ttl jsonld nt rdf|html.nb:<hash>:g,ttl:<hash>:g,…|ids=ttl jsonld nt rdf;alt=…|alternate;text/csv;…"``
    (the third part: its other profiles and their formats, :func:`byregion.profiles.formats_text`; the last, what
    its page links, :func:`byregion.docstore.links_text`, for its answers' ``Link``)."""
    return " ".join(formats) + "|" + ",".join(s.entry() for s in stored) + "|" + profiles + "|" + links_text(links)
