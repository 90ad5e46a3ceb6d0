"""The DCAT catalogue (DCAT-AP 3.0.1 and DCAT-AP-NO 2, with the contact point of the NO 3 draft).

Two steps, both pure:

* :func:`facts` runs once per build over the merged graph and returns plain JSON (stored as
  ``manifest["dcat"]``): publisher, regions and municipalities, programme period, themes, keywords.
* :func:`catalogue_graph` turns a manifest (those facts, the version history, the byte sizes and
  SHA-256 of the dumps) into the catalogue graph. Nothing in it is written by hand per release.

For people: :func:`dataset_view` (the HTML dataset page) and :func:`schema_org_dataset` /
:func:`schema_org_json` (schema.org JSON-LD that any HTML page can embed).

One dataset covers the whole graph (see docs/catalogue.md for why not one per region). IRIs of the
catalogue's own resources are minted in :mod:`byregion.uris`, all under the canonical base.

Modules: :mod:`.facts` (build time), :mod:`.terms` (vocabularies, licence, RDF helpers), :mod:`.texts`
(wording), :mod:`.shared` (what every described resource points to), :mod:`.catalogue`,
:mod:`.dataset` (the dataset and its versions), :mod:`.distributions`, :mod:`.service` (SPARQL
data service), :mod:`.page` and :mod:`.schema_org`.
"""

from byregion.dcat.catalogue import catalogue_graph
from byregion.dcat.facts import as_date, facts
from byregion.dcat.page import dataset_view, tables_view
from byregion.dcat.schema_org import (
    schema_org_catalogue,
    schema_org_catalogue_json,
    schema_org_dataset,
    schema_org_json,
    script_safe,
)
from byregion.dcat.texts import DATASET_TEXT, LANGS
from byregion.licence import LICENCE, LICENCE_LABEL, LICENCE_PAGE

__all__ = [
    "DATASET_TEXT", "LANGS", "LICENCE", "LICENCE_LABEL", "LICENCE_PAGE",
    "as_date", "catalogue_graph", "dataset_view", "facts", "schema_org_catalogue", "schema_org_catalogue_json",
    "schema_org_dataset", "schema_org_json", "script_safe",
    "tables_view",
]
