"""schema.org JSON-LD for the catalogue's pages (Google Dataset Search and the like): the ``Dataset``, which its own
page (``/dataset``) embeds, and the ``DataCatalog`` that holds it, which the catalogue's page (``/catalog``) embeds."""

from __future__ import annotations

import json
from typing import Any

from byregion import uris
from byregion.build.since import content_version
from byregion.dcat import layers
from byregion.dcat.terms import LANGUAGE_CODES, LANGUAGES
from byregion.dcat.texts import pick, texts
from byregion.licence import LICENCE_PAGE
from byregion.mediatypes import CSV_TABLE, GEOJSON, named

#: The terms whose values are links (schema.org's ``URL``): IRIs to an RDF reader of the block.
LINKS = ("url", "license", "contentUrl")


def schema_org_dataset(manifest: dict[str, Any], base: str, lang: str = "nb") -> dict[str, Any]:
    """schema.org ``Dataset`` of the build, named and described in the page's language ``lang`` (the other one's
    name its ``alternateName``: a name in Norwegian over an English description had read as two languages mixed).

    ``base`` is where the pages are served (the request's host); identifiers stay canonical.
    """
    other = "en" if lang == "nb" else "nb"
    facts = manifest["dcat"]
    identifier = str(uris.dataset(str(manifest["base_uri"])))
    title = texts("title", facts, manifest)
    period = facts.get("period") or {}
    organisation = {"@type": "Organization", "@id": facts["publisher"]["iri"],
                    "name": pick(facts["publisher"]["label"], "nb") or "Byregion LOD"}
    return {
        # inline, as the things' blocks (byregion.profile_views): nothing to fetch to read it, and the terms are
        # https://schema.org/ IRIs (schema.org's own context maps them to http://schema.org/); a link's value is
        # written as the string search engines read, and is an IRI to an RDF reader, as on every other page
        "@context": {"@vocab": "https://schema.org/", **{term: {"@type": "@id"} for term in LINKS}},
        "@type": "Dataset",
        "@id": identifier,
        "name": title[lang],
        "alternateName": title[other],
        "description": texts("description", facts, manifest)[lang],
        "url": f"{base}/dataset",
        "includedInDataCatalog": {"@type": "DataCatalog", "@id": str(uris.catalogue(str(manifest["base_uri"]))),
                                  "name": "Byregion LOD", "url": f"{base}/catalog"},
        "identifier": identifier,
        "version": content_version(manifest).version,  # a build of the same data is the same version
        "dateModified": manifest.get("content_since") or manifest["created"],  # when the data last changed
        "datePublished": manifest["history"][-1]["created"] if manifest.get("history") else manifest["created"],
        "inLanguage": [tag for tag, code in LANGUAGE_CODES.items() if code in facts.get("languages", LANGUAGES)],
        "isAccessibleForFree": True,
        "license": LICENCE_PAGE,
        "keywords": facts["keywords"].get("nb", []) + facts["keywords"].get("en", []),
        "creator": organisation,
        "publisher": dict(organisation),
        "spatialCoverage": [{"@type": "Place", "@id": p["iri"], "name": pick(p["label"], "nb")}
                            for p in facts["regions"] + facts["municipalities"]],
        "temporalCoverage": f"{period.get('start', '..')}/{period.get('end', '..')}",
        "distribution": [_download(d, manifest, base, lang) for d in manifest.get("dumps", [])],
        "hasPart": [_table(entry, manifest, base, organisation, lang) for entry in manifest.get("tables", [])]
        + ([_layers(manifest, base, organisation, lang)] if manifest.get("layers") else []),
        **_credit(manifest, lang),
    }


def _credit(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """The credit the boundaries' licence (CC BY 4.0) asks, as the DCAT catalogue gives it (``dct:rights``): the
    dumps hold Kartverket's geometries, so the whole dataset's ``creditText`` names them, and ``isBasedOn`` the
    upstream datasets (none without boundaries). A crawler's review found the block saying NLOD alone."""
    boundaries = manifest["dcat"].get("boundaries") or {}
    attribution = boundaries.get("attribution") or {}
    if not attribution:
        return {}
    return {"creditText": pick(attribution, lang),
            "isBasedOn": [{"@type": "Dataset", "@id": u["iri"], "url": u["iri"], "name": pick(u["label"], lang)}
                          for u in boundaries.get("upstream", [])]}


def _layers(manifest: dict[str, Any], base: str, organisation: dict[str, Any], lang: str) -> dict[str, Any]:
    """The boundary layers as a ``Dataset`` of their own (:mod:`byregion.dcat.layers`), under the boundaries'
    licence, with the credit it asks and a ``DataDownload`` per layer."""
    origin = str(manifest["base_uri"])
    identifier = str(uris.layers_dataset(origin))
    other = "en" if lang == "nb" else "nb"
    licences = (manifest["dcat"].get("boundaries") or {}).get("licences") or [LICENCE_PAGE]
    return {
        "@type": "Dataset", "@id": identifier, "identifier": identifier,
        "name": layers.TITLE[lang], "alternateName": layers.TITLE[other], "description": layers.DESCRIPTION[lang],
        "url": f"{base}/dataset{'?lang=en' if lang == 'en' else ''}#layers", "license": licences[0],
        "isAccessibleForFree": True, "creator": dict(organisation), **_credit(manifest, lang),
        "distribution": [{"@type": "DataDownload", "name": pick(e["title"], lang),
                          "contentUrl": f"{base}{e['file']}", "encodingFormat": GEOJSON.name,
                          "contentSize": f"{e['bytes']} B"} for e in manifest["layers"]],
    }


#: How a page's language says that a file is compressed (a dump's ``name``).
_COMPRESSED = {"nb": "{format}, gzip-komprimert", "en": "gzip-compressed {format}"}


def _download(dump: dict[str, Any], manifest: dict[str, Any], base: str, lang: str) -> dict[str, Any]:
    """A dump as a ``DataDownload``: its ``encodingFormat`` the format of its content (schema.org's, which has no
    term for DCAT's ``dcat:compressFormat``: ``application/gzip`` alone had left the Turtle dump and the N-Quads one
    alike), and a ``name`` that says the format and, for a ``.gz``, that it is gzip-compressed."""
    media_type = named(dump["media_type"])
    label = media_type.label if media_type is not None else dump["media_type"]
    said = _COMPRESSED[lang if lang in _COMPRESSED else "nb"].format(format=label) if dump["compressed"] else label
    return {"@type": "DataDownload", "name": f"{dump['file'].rsplit('/', 1)[-1]} ({said})",
            "contentUrl": f"{base}/{dump['file']}", "encodingFormat": dump["media_type"],
            "contentSize": f"{manifest['files'][dump['file']]['bytes']} B"}


def schema_org_catalogue(manifest: dict[str, Any], base: str, lang: str = "nb") -> dict[str, Any]:
    """schema.org ``DataCatalog`` of the catalogue's page (``/catalog``), named and described in ``lang``, with its
    ``dataset`` named and linked to its own page, which alone marks it up whole (Google's Dataset guidance: a
    dataset on its own page; the catalogue's had embedded the same ``Dataset`` as ``/dataset`` and the home page)."""
    facts = manifest["dcat"]
    origin = str(manifest["base_uri"])
    organisation = {"@type": "Organization", "@id": facts["publisher"]["iri"],
                    "name": pick(facts["publisher"]["label"], "nb") or "Byregion LOD"}
    return {
        "@context": {"@vocab": "https://schema.org/", **{term: {"@type": "@id"} for term in LINKS}},
        "@type": "DataCatalog",
        "@id": str(uris.catalogue(origin)),
        "name": texts("catalogue_title", facts, manifest)[lang],
        "description": texts("catalogue_description", facts, manifest)[lang],
        "url": f"{base}/catalog",
        "publisher": organisation,
        "license": LICENCE_PAGE,
        "dataset": [{"@type": "Dataset", "@id": str(uris.dataset(origin)),
                     "name": texts("title", facts, manifest)[lang], "url": f"{base}/dataset"}],
    }


def schema_org_catalogue_json(manifest: dict[str, Any], base: str, lang: str = "nb") -> str:
    """:func:`schema_org_catalogue` as text safe inside ``<script type="application/ld+json">``."""
    return script_safe(json.dumps(schema_org_catalogue(manifest, base, lang), ensure_ascii=False, indent=1))


def _table(entry: dict[str, Any], manifest: dict[str, Any], base: str, organisation: dict[str, Any],
           lang: str) -> dict[str, Any]:
    """A table of numbers as a ``Dataset`` of its own (as in the DCAT catalogue, :mod:`byregion.dcat.tables`): named
    and described in the page's language, at its own row of the dataset page."""
    identifier = str(uris.table_dataset(entry["path"], str(manifest["base_uri"])))
    other = "en" if lang == "nb" else "nb"
    anchor = str(uris.table_page(entry["path"])).rsplit("#", 1)[1]
    return {
        "@type": "Dataset", "@id": identifier, "identifier": identifier,
        "name": entry["title"][lang], "alternateName": entry["title"][other],
        "description": entry["description"][lang],
        "url": f"{base}/dataset{'?lang=en' if lang == 'en' else ''}#{anchor}", "license": LICENCE_PAGE,
        "isAccessibleForFree": True,
        "creator": dict(organisation), "dateModified": entry.get("since") or manifest["created"],
        "keywords": list(entry["keyword"].values()),
        "distribution": [{"@type": "DataDownload", "contentUrl": f"{base}{entry['path']}",
                          "encodingFormat": CSV_TABLE.name, "contentSize": f"{entry['bytes']} B"}],
    }


def schema_org_json(manifest: dict[str, Any], base: str, lang: str = "nb") -> str:
    """:func:`schema_org_dataset` as text safe inside ``<script type="application/ld+json">``."""
    return script_safe(json.dumps(schema_org_dataset(manifest, base, lang), ensure_ascii=False, indent=1))


def script_safe(text: str) -> str:
    """JSON ``text`` that can stand inside ``<script type="application/ld+json">`` as it is: ``<``, ``>`` and
    ``&`` (which occur in JSON only inside strings) as ``\\u`` escapes, so no value can close the element."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
