"""Literals written the one way every RDF format and the store agree on.

Oxigraph keeps an ``xsd:decimal`` in its canonical form (``519.5``, ``5150.0``), so the documents, SPARQL and the
build's store say ``519.5`` where a reference table wrote ``519.50``. The dumps are written from the merged data
as read: a decimal written otherwise there was a second, different triple for anyone merging a document with a
dump. Every ``xsd:decimal`` the project mints is written here, canonically (XSD 1.0: no leading or trailing
zeros beyond one on each side of the point, which is always there: without it Turtle's shorthand would read the
number back as an ``xsd:integer``).
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.namespace import XSD


def decimal(value: Decimal | int | str) -> Literal:
    """``519.50`` → ``"519.5"^^xsd:decimal``; ``5150`` → ``"5150.0"``; ``-0.0`` → ``"0.0"``."""
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{value!r} is no xsd:decimal")
    text = format(number.normalize() + 0, "f")  # "+ 0" turns -0 into 0
    if "." in text:
        text = text.rstrip("0")
    text = text + "0" if text.endswith(".") else text if "." in text else text + ".0"
    return Literal(text, datatype=XSD.decimal)
