"""What the HTML dataset page shows (``/dataset``, ``/catalog`` as HTML)."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath
from typing import Any

from byregion import i18n, uris
from byregion.build.since import content_version
from byregion.dcat.citation import citation
from byregion.dcat.sources import boundaries_view
from byregion.dcat.texts import pick, texts, triples
from byregion.identifiers.paths import LISTS
from byregion.licence import LICENCE, LICENCE_LABEL, LICENCE_PAGE
from byregion.mediatypes import GEOJSON, GZIP, named


def _distributions(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    files = manifest["files"]
    rows = []
    for dump in manifest.get("dumps", []):
        media_type = named(dump["media_type"])
        rows.append({
            "path": "/" + dump["file"], "name": PurePosixPath(dump["file"]).name,
            "format": (media_type.label if media_type else dump["media_type"])
            + (" (gzip)" if dump["compressed"] else ""),
            "media_type": GZIP.name if dump["compressed"] else dump["media_type"],
            "quads": dump["quads"], "bytes": files[dump["file"]]["bytes"], "sha256": files[dump["file"]]["sha256"],
        })
    return rows


def tables_view(manifest: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The tables of numbers for spreadsheets (``manifest["tables"]``), as the dataset and home pages list them;
    ``page``: the list of the table's units for readers, where it has one (``/doc/municipalities``), and ``key``,
    its texts' i18n key (``list_municipalities``, ``list_municipalities_desc``)."""
    return [{"path": t["path"], "name": PurePosixPath(t["path"]).name, "title": pick(t["title"], lang),
             "page": LISTS.get(t["path"]),
             "key": "list_" + PurePosixPath(LISTS[t["path"]]).name if t["path"] in LISTS else None,
             "anchor": str(uris.table_page(t["path"])).rsplit("#", 1)[1],
             "metadata": t["metadata"], "rows": t["rows"], "bytes": t["bytes"], "sha256": t["sha256"]}
            for t in manifest.get("tables", [])]


def layers_view(manifest: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The boundary layers (``manifest["layers"]``, :mod:`byregion.build.render.layers`), as the dataset page lists
    them for a GIS user: the GeoJSON file, its title, how many geometries it holds, the days its period runs
    (``start``, ``end``: None where it is open) and its size and SHA-256. The catalogue describes them as a dataset of
    their own (:mod:`byregion.dcat.layers`); without this list no page linked them."""
    return [{"path": e["file"], "media_type": GEOJSON.name, "title": pick(e["title"], lang),
             "anchor": f"layer-{e['period']}-{PurePosixPath(e['file']).stem}", "features": e["features"],
             "valid": _valid(e.get("start"), e.get("end"), lang), "bytes": e["bytes"], "sha256": e["sha256"]}
            for e in manifest.get("layers", [])]


#: A period's days in words, by which of its ends it has: a screen reader drops a dash, and "–31. desember 2019"
#: sounded like one day.
_VALID = {"nb": {"both": "{start} til {end}", "end": "til og med {end}", "start": "fra {start}", "none": "alltid"},
          "en": {"both": "{start} to {end}", "end": "through {end}", "start": "from {start}", "none": "always"}}


def _valid(start: str | None, end: str | None, lang: str) -> str:
    """``1. januar 2020 til 31. desember 2023``, ``til og med 31. desember 2019``, ``from 1 January 2024``."""
    which = "both" if start and end else "start" if start else "end" if end else "none"
    return _VALID["nb" if lang == "nb" else "en"][which].format(start=i18n.date(start, lang), end=i18n.date(end, lang))


def _places(entries: list[dict[str, Any]], lang: str, base: str) -> list[dict[str, str]]:
    """The dataset's places (``dct:spatial``) as the page links them: name and host-relative link."""
    return [{"text": pick(e["label"], lang), "href": uris.local_href(e["iri"], lang, base)} for e in entries]


_MONTHS = {"nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                  "november", "desember"),
           "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                  "November", "December")}


def _when(created: str, lang: str) -> str:
    """``2026-12-04T13:03:09Z`` as a reader says it: "4. desember 2026 kl. 13.03 UTC", "4 December 2026, 13:03 UTC"
    (the text as it is when it is no such time)."""
    try:
        moment = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return created
    month = _MONTHS["nb" if lang == "nb" else "en"][moment.month - 1]
    if lang == "nb":
        return f"{moment.day}. {month} {moment.year} kl. {moment:%H.%M} UTC"
    return f"{moment.day} {month} {moment.year}, {moment:%H:%M} UTC"


def dataset_view(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the HTML dataset page shows, in ``lang``: texts, distributions with sizes and checksums,
    the licence in words, versions and a citation. Links are host-relative paths."""
    facts = manifest["dcat"]
    identifier = str(uris.dataset(str(manifest["base_uri"])))
    title = pick(texts("title", facts, manifest), lang)
    publisher = pick(facts["publisher"]["label"], lang) or "Byregion LOD"
    # the version of the content, as the catalogue names it (a build of the same data is the same version)
    current = content_version(manifest)
    created = str(manifest.get("content_since") or manifest["created"])
    year = created[:4]
    return {
        "title": title,
        "description": pick(texts("description", facts, manifest), lang),
        "catalogue_title": pick(texts("catalogue_title", facts, manifest), lang),
        "catalogue_description": pick(texts("catalogue_description", facts, manifest), lang),
        "identifier": identifier,
        "version": current.version, "created": created,
        # each earlier version as the current one is shown: its date as a reader says it, and its content hash, by which
        # a copy of it is checked (the SHA-256 of its canonical N-Quads, byregion.nq)
        "history": [{**entry, "created_text": _when(str(entry["created"]), lang)} for entry in current.earlier],
        "content_sha256": manifest["content_sha256"],
        "triples": triples(manifest),
        "licence": pick(LICENCE_LABEL, lang), "licence_iri": LICENCE, "licence_page": LICENCE_PAGE,
        "publisher": publisher,
        "period": facts.get("period") or {},
        "created_text": _when(created, lang),
        "regions": _places(facts["regions"], lang, str(manifest["base_uri"])),
        "municipalities": _places(facts["municipalities"], lang, str(manifest["base_uri"])),
        "themes": [pick(t["label"], lang) for t in facts["themes"]],
        "keywords": facts["keywords"].get(lang, []),
        "distributions": _distributions(manifest),
        "boundaries": boundaries_view(facts, lang),
        "tables": tables_view(manifest, lang),
        "layers": layers_view(manifest, lang),
        "validation": manifest.get("validation", {}),
        "citation": citation(publisher, year, title, current.version, identifier, lang),
    }
