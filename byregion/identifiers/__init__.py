"""Identifiers of municipalities and counties across reforms: code histories and their look-ups.

``history`` is pure (triples in, answers out) and is the API other parts use (look-ups, reconciliation):
see :mod:`byregion.identifiers.history`.
"""

from byregion.identifiers.history import (
    FYLKESNUMMER,
    KOMMUNENUMMER,
    ORGNR,
    SCHEMES,
    WIKIDATA,
    CodeHistory,
    Holding,
    MalformedIdentifier,
    parse_code,
    parse_date,
    read_code,
    read_day,
)

__all__ = ["FYLKESNUMMER", "KOMMUNENUMMER", "ORGNR", "SCHEMES", "WIKIDATA", "CodeHistory", "Holding",
           "MalformedIdentifier", "parse_code", "parse_date", "read_code", "read_day"]
