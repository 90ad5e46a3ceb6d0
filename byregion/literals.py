"""Literals written the one way every RDF format and the store agree on.

Oxigraph keeps an ``xsd:decimal`` in its canonical form (``519.5``, ``5150.0``), so the documents, SPARQL and the
build's store say ``519.5`` where a reference table wrote ``519.50``. The dumps are written from the merged data
as read: a decimal written otherwise there was a second, different triple for anyone merging a document with a
dump. Every ``xsd:decimal`` the project mints is written here, canonically (XSD 1.0: no leading or trailing
zeros beyond one on each side of the point, which is always there: without it Turtle's shorthand would read the
number back as an ``xsd:integer``).
"""

from __future__ import annotations

import re
import unicodedata
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


#: The characters XML 1.0 cannot hold (its ``Char`` production), raw or as a reference: C0 controls but tab, LF and CR,
#: lone surrogates (a Turtle ``\\uD800``), U+FFFE and U+FFFF. A literal holding one is valid RDF, but its RDF/XML is
#: not well-formed and its page not conforming HTML, so no input may bring one into a build.
XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: What a maintainer may know some of them as, and where they come from.
_KNOWN = {"\x0b": "a vertical tab (U+000B, the line break Word writes for Shift+Enter)",
          "\x0c": "a form feed (U+000C, the page break pdftotext writes between pages)",
          "\x1b": "an escape (U+001B, the start of a terminal's colour code)"}


def unsafe_character(character: str) -> str:
    """``character`` (one of :data:`XML_UNSAFE`) named for a message: "a form feed (U+000C, …)"."""
    known = _KNOWN.get(character)
    if known is not None:
        return known
    code = f"U+{ord(character):04X}"
    if ord(character) < 0x20:
        return f"a control character ({code})"
    return f"a lone surrogate ({code})" if unicodedata.category(character) == "Cs" else f"a noncharacter ({code})"


def visible(text: str) -> str:
    """``text`` without the invisible format characters (Unicode category Cf) that pasted text carries: zero-width
    space and joiners, soft hyphen, word joiner, byte order mark, direction marks. They are not part of any name,
    word or number, so every comparison and every reading of a figure leaves them out (the text keeps them)."""
    return "".join(c for c in text if unicodedata.category(c) != "Cf") if not text.isascii() else text


#: A line end: CRLF (a page saved on Windows), CR or LF.
LINE_END = re.compile(r"\r\n|\r|\n")


def lf_lines(text: str) -> str:
    """``text`` with every line end written LF: line ends are no content, so a text quoted from a page saved with
    CRLF is the literal one saved with LF gives (no ``\\r`` in any literal); its selector's offsets still count the
    source as it is."""
    return LINE_END.sub("\n", text)
