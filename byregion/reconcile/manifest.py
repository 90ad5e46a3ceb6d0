"""The service's vocabulary (types and properties) and its manifest (W3C Entity Reconciliation API 0.2). Pure.

Entity identifiers are our IRIs (``identifierSpace`` is ``{base}/id/``), so a reconciled cell holds the IRI
itself and ``view`` is the IRI. Types are the ontology's classes (``schemaSpace`` is the ontology's
namespace); a query may also name a type by its short id (``municipality``, ``county``, ``city-region``,
``theme``). Properties have short ids (:data:`PROPERTIES`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from byregion.docstore import HOST
from byregion.namespaces import ontology_namespace

SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
#: Where the service answers, under the server's root.
PATH = "/reconcile"
PREVIEW_WIDTH = 400
PREVIEW_HEIGHT = 200


@dataclass(frozen=True)
class Type:
    kind: str  # the short id, one of byregion.reconcile.units.KINDS
    local: str  # the class's local name in our ontology ("" for SKOS concepts)
    name: str
    description: str

    def id(self, base: str) -> str:
        return str(ontology_namespace(base)[self.local]) if self.local else SKOS_CONCEPT


TYPES = (
    Type("municipality", "Municipality", "Municipality (kommune)",
         "A Norwegian municipality valid at some time since 2014, with its numbers across the 2020 and 2024 reforms"),
    Type("county", "County", "County (fylke)", "A Norwegian county valid at some time since 2014"),
    Type("city-region", "CityRegion", "City region (byregion)", "A city region of the City Region Programme"),
    Type("theme", "", "Theme (tema)", "A theme of the City Region Programme (SKOS concept)"),
)


@dataclass(frozen=True)
class Property:
    id: str
    name: str
    description: str
    kinds: tuple[str, ...]  # the types it applies to
    query: bool  # narrows a query's candidates (a query accepts every property; the others narrow nothing)
    extend: bool  # offered for data extension (data extension accepts every property; the others give no values)


_PLACES = ("municipality", "county")
#: What a property's description says of a use it has no part in, so that whoever picks it from suggest knows.
NO_NARROWING = " A query accepts it and narrows nothing by it."
NO_VALUES = " Data extension gives no values for it."
PROPERTIES = (
    Property("number", "Number (kommunenummer / fylkesnummer)",
             "In a query: a number the unit held (on the query's date, if it has one). In data extension: the "
             "number valid on the setting's date (default: today).", _PLACES, True, True),
    Property("current-number", "Today's number (nummer i dag)",
             "The number valid today; for a unit that has ended, the numbers of its successors valid today (through "
             "a later split, only the part that holds its area). In a query: one of those numbers.", _PLACES, True,
             True),
    Property("name", "Name on the date (navn på datoen)",
             "The name in use on the setting's date (default: today), as the register wrote it: from its changes of "
             "name, else the name used with the number valid then." + NO_NARROWING,
             _PLACES, False, True),
    Property("county", "County (fylke)",
             "In a query: the county by name, number, IRI or Wikidata item (on the query's date, if it has one). "
             "In data extension: the county on the setting's date (default: today).",
             ("municipality", "city-region"), True, True),
    Property("date", "Date (dato)",
             "In a query: the date the name refers to (YYYY-MM-DD, YYYY-MM or YYYY: 1 January; or DD.MM.YYYY); "
             "the units valid then are preferred." + NO_VALUES + " (Each property's setting 'date' says the date "
             "its values hold on.)", _PLACES, True, False),
    Property("wikidata", "Wikidata item (Wikidata-element)", "The Wikidata item (Q-id).", _PLACES, True, True),
    Property("orgnr", "Organisation number (organisasjonsnummer)",
             "The organisation number in Enhetsregisteret (9 digits), where the data holds a confirmed one (a few "
             "municipalities): an empty cell is a number not known, not a unit without one.", _PLACES, True, True),
    Property("valid-from", "Valid from (gyldig fra)",
             "The first day of the unit's first number (empty: before the records)." + NO_NARROWING,
             _PLACES, False, True),
    Property("valid-through", "Valid through (gyldig til)",
             "The last day of the unit's last number (empty: still valid)." + NO_NARROWING, _PLACES, False, True),
    Property("successors", "Successors (etterfølgere)",
             "The units that took over when this one ended (merger, split)." + NO_NARROWING, _PLACES, False, True),
    Property("predecessors", "Predecessors (forgjengere)", "The units this one took over from." + NO_NARROWING,
             _PLACES, False, True),
    Property("members", "Member municipalities (medlemskommuner)",
             "The municipalities of a city region." + NO_NARROWING, ("city-region",), False, True),
    Property("regions", "City regions (byregioner)",
             "The city regions of the programme the municipality was a member of (some were in two)."
             + NO_NARROWING, ("municipality",), False, True),
)
#: The properties a query without text takes its candidates from (the others only narrow).
FINDING = ("number", "current-number", "wikidata", "orgnr")
DATE_SETTING = {"type": "text", "name": "date", "label": "Date (YYYY-MM-DD)", "default": "",
                "help_text": "The date the number, name and county are given for (YYYY-MM-DD, or DD.MM.YYYY); "
                             "empty: today."}


def template(base: str) -> str:
    """The manifest as JSON, with :data:`~byregion.docstore.HOST` where the request's scheme and host go."""
    service = HOST + PATH
    return json.dumps({
        "versions": ["0.2"],
        "name": "Byregion LOD: Norwegian municipalities and counties since 2014, city regions and themes",
        "identifierSpace": f"{base}/id/",
        "schemaSpace": str(ontology_namespace(base)),
        "documentation": HOST + "/openapi.json",  # on the host that answers it, as preview and suggest
        "view": {"url": service + "/view?id={{id}}"},  # 0.2: the client encodes the id; a 303 to it
        "defaultTypes": [{"id": t.id(base), "name": t.name} for t in TYPES[:2]],
        "preview": {"url": service + "/preview?id={{id}}", "width": PREVIEW_WIDTH, "height": PREVIEW_HEIGHT},
        "suggest": {name: {"service_url": service, "service_path": f"/suggest/{name}"}
                    for name in ("entity", "type", "property")},
        "extend": {"propose_properties": {"service_url": service, "service_path": "/properties"},
                   "property_settings": [DATE_SETTING]},
    }, ensure_ascii=False)


def for_request(template_json: str, host: str, batch_size: int) -> str:
    """The manifest a request gets: the build's :func:`template` on the request's scheme and host, with the
    serving process's ``batchSize`` (``BYREGION_RECONCILE_MAX_BATCH``: a setting of the server, not the build)."""
    manifest = json.loads(template_json.replace(HOST, host))
    manifest["batchSize"] = batch_size
    return json.dumps(manifest, ensure_ascii=False)


def type_of(value: str, base: str) -> Type | None:
    """The type a query names: a class IRI (also written with the other scheme, ``http://`` for ``https://``, as our
    entities' IRIs are read), a short id (``city-region``) or the class's local name; None for anything else, a blank
    included (the themes' class has no local name of ours, and "" must not name it)."""
    wanted = value.strip()
    if not wanted:
        return None
    folded = wanted.casefold().replace("_", "-").replace(" ", "-")
    other = ("https://" + wanted[len("http://"):] if wanted.startswith("http://") else
             "http://" + wanted[len("https://"):] if wanted.startswith("https://") else wanted)
    for kind in TYPES:
        if kind.id(base) in (wanted, other) or folded in (kind.kind, kind.local.casefold(), kind.kind.replace("-", "")):
            return kind
    return {"region": TYPES[2], "concept": TYPES[3], "kommune": TYPES[0], "fylke": TYPES[1]}.get(folded)


def property_of(value: str) -> Property | None:
    wanted = value.strip().casefold()
    return next((p for p in PROPERTIES if p.id == wanted), None)
