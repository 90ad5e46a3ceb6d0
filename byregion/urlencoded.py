"""Query strings and ``application/x-www-form-urlencoded`` bodies, read strictly as UTF-8. Pure: no I/O.

The SPARQL protocol and the reconciliation service read their parameters so (RFC 3986 §2.5; WHATWG URL §5.1): a
byte or a ``%``-escape that is not UTF-8 is refused, naming where, never read with a replacement character
(``B%E6rum``, Latin-1, would be matched as a name it is not). The documents read theirs leniently instead
(:func:`byregion.serve.rules.query_of`), since a look-up quotes what was sent.
"""

from __future__ import annotations

from urllib.parse import parse_qsl


class NotUTF8(ValueError):
    """Parameters that are not UTF-8; the message says where (a byte, or the field with a bad escape)."""


def utf8_pairs(raw: bytes, where: str) -> list[tuple[str, str]]:
    """The ``(name, value)`` pairs of ``raw`` (``where`` names it in a message: "the query string", "the form"), in
    order; :class:`NotUTF8` when a byte or an escape is not UTF-8."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise NotUTF8(f"{where} is not UTF-8: byte {exc.start + 1} is 0x{raw[exc.start]:02X}") from None
    try:  # the common case at the cost of one parse: on a hot path (every SPARQL query)
        return parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        pass
    for name, value in parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="surrogateescape"):
        try:
            name.encode("utf-8"), value.encode("utf-8")
        except UnicodeEncodeError:
            shown = name.encode("utf-8", "replace").decode()[:40]
            raise NotUTF8(f"the field {shown!r} of {where} has a %-escape that is not UTF-8 (Latin-1 or "
                          "Windows-1252, say)") from None
    raise AssertionError("unreachable: a strict parse failed, so some field holds a bad escape")
