"""Norwegian municipalities and counties over time, from the reference CSVs to RDF.

Pure functions: the caller reads the CSV files (``byregion.cli.reference``) and hands over rows;
``resolve`` checks them and works out which rows are the same municipality or county, and
``build_graph`` builds the graph described in docs/MODEL.md "Municipalities and counties over time".
The rules (identity, slugs, what is left out and why) are explained in docs/reference.md.

Modules: ``sources`` (the upstream sources), ``rows`` (reading and checking CSV rows),
``figures`` (the region table: population, area, orgnr), ``identity`` (rows → municipalities,
counties and changes), ``graph`` (the RDF).
"""

from byregion.reference.figures import AREA_NOTE, POPULATION_DATE, period_slug
from byregion.reference.graph import build_graph
from byregion.reference.identity import (
    SLUG_COLUMNS,
    Event,
    PublishedSlug,
    Reference,
    Unit,
    published_slug,
    register_row,
    resolve,
)
from byregion.reference.rows import (
    CHANGES,
    COLUMNS,
    COUNTIES,
    CSV_FILES,
    MUNICIPALITIES,
    REGION,
    Period,
    ReferenceDataError,
    Row,
    make_rows,
)
from byregion.reference.sources import SOURCES, ReferenceSource

__all__ = [
    "AREA_NOTE", "CHANGES", "COLUMNS", "COUNTIES", "CSV_FILES", "MUNICIPALITIES", "POPULATION_DATE", "REGION",
    "SLUG_COLUMNS", "SOURCES", "Event", "Period", "PublishedSlug", "Reference", "ReferenceDataError",
    "ReferenceSource", "Row", "Unit", "build_graph", "make_rows", "period_slug", "published_slug", "register_row",
    "resolve",
]
