"""Where the look-ups' documents are kept in a build (``documents.sqlite``), shared by the build that renders
them and the server that answers with them."""

#: The choices of a code several units held: ``!choices/{scheme}/{code}`` (a path no request can have).
CHOICES = "!choices/"
#: The municipalities table and its CSV on the Web metadata (CSVW's default locating rule: ``{url}-metadata.json``).
TABLE = "/doc/municipalities.csv"
TABLE_METADATA = TABLE + "-metadata.json"
#: The counties table and its metadata, made the same way.
COUNTY_TABLE = "/doc/counties.csv"
COUNTY_TABLE_METADATA = COUNTY_TABLE + "-metadata.json"
#: The programme's memberships (region × municipality, with the municipality's numbers of 2015, 2020 and 2024)
#: and its metadata (byregion.programme.table).
MEMBERSHIPS_TABLE = "/doc/memberships.csv"
MEMBERSHIPS_TABLE_METADATA = MEMBERSHIPS_TABLE + "-metadata.json"
#: The programme's city regions, one row each, and its metadata (byregion.programme.regions_table).
REGIONS_TABLE = "/doc/regions.csv"
REGIONS_TABLE_METADATA = REGIONS_TABLE + "-metadata.json"
#: The reader's lists of every municipality and every county: each table above as a page (nb, en), at the table's
#: path without ``.csv``, so that the page and the table it shows are one name apart (byregion.identifiers.documents).
MUNICIPALITY_LIST = "/doc/municipalities"
COUNTY_LIST = "/doc/counties"
#: The programme's memberships and regions as pages, made the same way (byregion.programme.lists).
MEMBERSHIP_LIST = "/doc/memberships"
REGION_LIST = "/doc/regions"
#: Each list page by the table it shows.
LISTS = {TABLE: MUNICIPALITY_LIST, COUNTY_TABLE: COUNTY_LIST, MEMBERSHIPS_TABLE: MEMBERSHIP_LIST,
         REGIONS_TABLE: REGION_LIST}
#: Every table and every table's metadata.
TABLE_PATHS = (TABLE, TABLE_METADATA, COUNTY_TABLE, COUNTY_TABLE_METADATA, MEMBERSHIPS_TABLE,
               MEMBERSHIPS_TABLE_METADATA, REGIONS_TABLE, REGIONS_TABLE_METADATA)


def choices_path(scheme: str, code: str) -> str:
    return f"{CHOICES}{scheme}/{code}"


#: The page around a look-up's explanation (a 400, a 404, a 300 the build has no choices for), one per status:
#: ``!lookup/{status}`` (:func:`explanation_path`). The build renders each in every language with the markers below
#: in place of what only the request knows; the server puts the explanation's lines and the query in.
EXPLANATION = "!lookup/"
#: Where the explanation's lines go, inside the page's main content.
LINES_MARKER = "<!--byregion:lines-->"
#: Where the request's query goes in the language switch's links (``?date=2024-06-01&amp;lang=en``), which keep the
#: look-up's other parameters: replaced by ``?`` alone, or by ``?`` and the escaped query and ``&amp;``.
QUERY_MARKER = "byregion-query-marker:"
#: The statuses a look-up explains in words.
EXPLAINED_STATUSES = (300, 400, 404)


def explanation_path(status: int) -> str:
    return f"{EXPLANATION}{status}"
