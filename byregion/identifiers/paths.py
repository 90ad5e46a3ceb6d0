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
#: Every table and every table's metadata.
TABLE_PATHS = (TABLE, TABLE_METADATA, COUNTY_TABLE, COUNTY_TABLE_METADATA)


def choices_path(scheme: str, code: str) -> str:
    return f"{CHOICES}{scheme}/{code}"
