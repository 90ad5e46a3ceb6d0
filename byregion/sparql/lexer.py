"""SPARQL 1.1's tokens, as the checks before a query runs (:mod:`byregion.sparql.guards`) and the reading of a
syntax error (:mod:`byregion.sparql.mistakes`) need them: one pass of one regular expression, linear in the
query's length."""

from __future__ import annotations

import re
from collections.abc import Iterator

#: SPARQL 1.1's tokens as far as finding a keyword needs them (§19.8): long and short string literals with
#: their escapes, IRI references, comments, and names (variables, prefixed names, keywords) as one token.
QUOTED = r"""
      (?P<string>'{3}(?:[^'\\]|\\.|'(?!''))*'{3} | "{3}(?:[^"\\]|\\.|"(?!""))*"{3}
                | '(?:[^'\\\n\r]|\\.)*' | "(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<comment>\#[^\n\r]*)"""
TOKENS = re.compile(QUOTED + r"""
    | (?P<name>[?$]?[\w\u00b7\u0300-\u036f\u203f-\u2040.\-]+:?(?:[\w\u00b7\u0300-\u036f\u203f-\u2040.\-:%]|\\.)*
              | :(?:[\w\u00b7\u0300-\u036f\u203f-\u2040.\-:%]|\\.)*)
    | (?P<space>\s+)
    | (?P<other>.)
""", re.VERBOSE | re.DOTALL)


def significant(text: str) -> Iterator[re.Match[str]]:
    """The tokens of ``text`` but spaces and comments."""
    return (m for m in TOKENS.finditer(text) if m.lastgroup != "space" and m.lastgroup != "comment")
