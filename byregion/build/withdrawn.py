"""Which published addresses a build no longer answers: each document path the previous build served that this
one does not (a region taken out of the programme's tables, a statement of a page read again), with the version
that last served it, what it was and where to go instead.

A published URI is meant to stay (README, "Design decisions"), so none goes unnoticed and none turns into one
that never was: ``byregion build`` names them (an archivist's review found a region's IRIs turned 404 with no
word), the manifest keeps the list (``withdrawn``), carried from build to build while the address stays away, and
every server answers such an address 410 Gone in the negotiated format, as it answers a 404 (the app,
:func:`byregion.serve.documents.not_found`; nginx's byregion.js; Apache's ``withdrawn.txt``).

Each entry says what was there when it went (an archivist found every 410 the same sentence, naming nothing):
its thing's IRI, its labels in each language and its kind (class) with the kind's labels, read from the previous
build's search index (``search.sqlite``, which holds every thing with a page: one look-up per withdrawn path, no
graph), the version that withdrew it and when (``gone``, ``gone_at``), and where to go (``see``): the nearest
address above it this build still answers (a membership's region), else the list its kind is on (a region's
``/doc/regions``), else the home page. The build renders its 410 bodies from that
(:meth:`byregion.build.render.documents.Renderer.withdrawn_documents`), once, for every server.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from byregion.docstore import DocumentStore
from byregion.identifiers.paths import COUNTY_LIST, MEMBERSHIP_LIST, MUNICIPALITY_LIST, REGION_LIST

#: The list a thing of each kind is on (its class's local name: the ontology's namespace follows the base URI):
#: where a withdrawn one's 410 points when nothing above it is left.
LISTS = {"CityRegion": REGION_LIST, "Membership": MEMBERSHIP_LIST, "Municipality": MUNICIPALITY_LIST,
         "County": COUNTY_LIST}


def published(store: Path) -> set[str]:
    """The addresses the documents of ``store`` answer (their paths; not the build's own entries, ``!…``)."""
    documents = DocumentStore(store)
    try:
        return {path for path in documents.paths() if not path.startswith("!")}
    finally:
        documents.close()


def described(search: Path | None, paths: Collection[str]) -> dict[str, dict[str, Any]]:
    """What each of ``paths`` was, from a build's search index (``search.sqlite``): its thing's ``iri``, its
    ``label`` and its ``kind`` (``iri`` and labels), by language; nothing for a path it does not hold (a list, the
    index unreadable or missing)."""
    if search is None or not paths or not search.is_file():
        return {}
    found: dict[str, dict[str, Any]] = {}
    try:
        connection = sqlite3.connect(search.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return {}
    wanted = set(paths)
    try:
        # one pass over the index (its paths are not indexed: a look-up a path had scanned the whole table, minutes
        # for thousands of withdrawn paths of a large build), keeping the first row of each path wanted
        for path, iri, kind, text in connection.execute("SELECT path, iri, kind, shown FROM things"):
            if path not in wanted or path in found:
                continue
            shown = json.loads(text)
            entry: dict[str, Any] = {"iri": iri, "label": dict(shown.get("titles") or {})}
            if kind is not None:
                entry["kind"] = {"iri": kind, **(shown.get("kinds") or {})}
            found[path] = entry
    except (sqlite3.Error, ValueError):  # a damaged index of the previous build: what it says is not known
        return found
    finally:
        connection.close()
    return found


#: Addresses whose content a later build gives at another address, by the end of the path that moves: the programme
#: table's row of a membership or figure (``…/source/row``) that a region page added since states too (the page's
#: sentence is its ``…/source`` then, and the row its second source, ``…/table``: byregion.programme.graph).
MOVED = (("/source/row", "/table/row"),)


def moved_to(path: str, now: Collection[str]) -> str | None:
    """Where this build gives what the withdrawn ``path`` held (:data:`MOVED`), where it does."""
    for old, new in MOVED:
        if path.endswith(old) and (there := path[: -len(old)] + new) in now:
            return there
    return None


def was_moved(entry: Mapping[str, Any]) -> bool:
    """Whether a withdrawn address's entry points where this build gives what it held (:func:`moved_to`)."""
    return moved_to(str(entry["path"]), {str(entry.get("see", ""))}) is not None


def where_to(path: str, kind: str | None, now: Collection[str], pointed: Mapping[str, str] | None = None) -> str:
    """Where a reader of the withdrawn ``path`` goes instead: where this build gives what it held
    (:func:`moved_to`), else the nearest address above it that ``now`` (this build's addresses) holds, else the list
    of its ``kind`` where this build has it, else where the nearest withdrawn address above it points (``pointed``:
    a region's selector goes where its region does), else the home page."""
    if (there := moved_to(path, now)) is not None:
        return there
    parents = []
    parent = path
    while parent.count("/") > 2:
        parent = parent.rsplit("/", 1)[0]
        if parent in now:
            return parent
        parents.append(parent)
    listed = LISTS.get(re.split(r"[#/]", kind)[-1]) if kind else None
    if listed is not None and listed in now:
        return listed
    above = pointed or {}
    return next((above[p] for p in parents if p in above), "/")


def withdrawn(previous_store: Path | None, previous_manifest: dict[str, Any] | None, now: set[str],
              previous_version: str | None, *, previous_search: Path | None = None, version: str | None = None,
              created: str | None = None) -> list[dict[str, Any]]:
    """Each address the previous build answered, or had listed as withdrawn, that ``now`` (this build's addresses)
    does not hold, sorted by path: ``path``, ``last`` (the version that last answered it), and where known what
    it was (``iri``, ``label``, ``kind``: :func:`described`, from ``previous_search``), the version that withdrew
    it and when (``gone``, ``gone_at``: this build's ``version`` and ``created`` for one it withdraws, carried on
    for one an earlier build withdrew) and ``see`` (:func:`where_to`, worked out again by each build)."""
    gone: dict[str, dict[str, Any]] = {}
    for entry in (previous_manifest or {}).get("withdrawn", []):
        gone[entry["path"]] = dict(entry)
    if previous_store is not None and previous_store.exists() and previous_version is not None:
        fresh = {path for path in published(previous_store) if path not in now}
        about = described(previous_search, fresh)
        for path in fresh:
            gone[path] = {"path": path, "last": previous_version, **about.get(path, {}),
                          **({"gone": version} if version else {}), **({"gone_at": created} if created else {})}
    pointed: dict[str, str] = {}
    for path, entry in sorted(gone.items()):  # an address before those below it
        if path not in now:
            entry["see"] = pointed[path] = where_to(path, (entry.get("kind") or {}).get("iri"), now, pointed)
    return [entry for path, entry in sorted(gone.items()) if path not in now]
