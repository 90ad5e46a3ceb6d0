"""schema.org ``Dataset`` JSON-LD for embedding in any HTML page (Google Dataset Search and the like)."""

from __future__ import annotations

import json
from typing import Any

from byregion import uris
from byregion.build.since import content_version
from byregion.dcat.terms import LANGUAGE_CODES, LANGUAGES
from byregion.dcat.texts import pick, texts
from byregion.licence import LICENCE_PAGE
from byregion.mediatypes import CSV_TABLE, GZIP

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
        "distribution": [
            {"@type": "DataDownload", "contentUrl": f"{base}/{d['file']}",
             "encodingFormat": GZIP.name if d["compressed"] else d["media_type"],
             "contentSize": f"{manifest['files'][d['file']]['bytes']} B"}
            for d in manifest.get("dumps", [])
        ],
        "hasPart": [_table(entry, manifest, base, organisation, lang) for entry in manifest.get("tables", [])],
    }


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
