"""The programme's city regions and their member municipalities (``data/programme/``).

``rows`` reads and checks the research tables; ``graph`` turns them into RDF for the build (the named
graph ``{base}/graph/programme/regions``). See docs/programme.md.
"""

from byregion.programme import rows
from byregion.programme.rows import (
    CONFIDENCE_LEVELS,
    Membership,
    Programme,
    ProgrammeDataError,
    Region,
    parse,
    read,
)

#: Where the tables live in the repository.
DATA_DIR = "data/programme"

__all__ = [
    "CONFIDENCE_LEVELS",
    "DATA_DIR",
    "Membership",
    "Programme",
    "ProgrammeDataError",
    "Region",
    "parse",
    "read",
    "rows",
]
