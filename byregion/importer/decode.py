"""Bytes → text, refusing what is not a text document and naming why.

UTF-8 is expected. A file that is not UTF-8 but reads cleanly as Windows-1252 (a superset of
Latin-1 for the printable range) with Norwegian letters in it is decoded as such, with a warning;
anything else is refused rather than guessed at.
"""

from __future__ import annotations

import codecs
import re

from byregion.importer.errors import DocumentError
from byregion.literals import XML_UNSAFE, unsafe_character

_NORWEGIAN = set("æøåÆØÅ")
# bytes that Windows-1252 leaves undefined: their presence means "not cp1252"
_CP1252_UNDEFINED = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
_ALLOWED_CONTROLS = set("\t\n\r\f\v")
_LINE_BREAK = re.compile(rb"\r\n|\r|\n")
#: How a saved web page or XML starts (after blank lines and comments, such as a browser's "saved from url"):
#: the page's markup, not its text.
_MARKUP_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>]|\?xml\s|head[\s>]|body[\s>])",
                           re.IGNORECASE | re.DOTALL)
#: A line that starts with an HTML element of a page's structure: a fragment of HTML copied without its <html>.
_MARKUP_LINE = re.compile(r"^[ \t]*</?(?:h[1-6]|p|div|ul|ol|li|table|tr|td|th|section|article|header|footer|nav|"
                          r"main|span|a|br|img)\b[^>]*>", re.IGNORECASE | re.MULTILINE)
#: How many lines may start with such an element before the document is taken for HTML (the title's line alone
#: is enough): a page's text may quote a tag, but not line after line.
MARKUP_LINES = 3


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _ALLOWED_CONTROLS)
    return "\x00" in text or controls > max(2, len(text) // 100)


def decode(raw: bytes) -> tuple[str, list[str]]:
    """The document's text (a UTF-8 byte order mark dropped) and any warnings."""
    if not raw.strip():
        raise DocumentError("the document is empty (no text)")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or raw.startswith(codecs.BOM_UTF32_LE):
        raise DocumentError("the document is UTF-16/UTF-32 encoded; save it as UTF-8 and import again")
    if b"\x00" in raw:
        if _looks_utf16(raw):
            raise DocumentError("the document is UTF-16 encoded (without a byte order mark: every other byte is "
                                "NUL); save it as UTF-8 and import again")
        raise DocumentError("the document is a binary file (it contains NUL bytes), not a text page")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw) and _decodes(raw[:exc.start]):
            # UTF-8 up to a character cut at the very end: a page cut off while it was saved, not another encoding
            raise DocumentError(f"the document ends in the middle of a character ({_where(raw, exc.start)}: the "
                                f"first {len(raw) - exc.start} byte(s) of a UTF-8 character and nothing after them): "
                                "the file was cut off while it was saved; save the whole page again (or delete the "
                                "incomplete last character) and import again") from None
        legacy = _decode_legacy(raw, exc)
        _refuse_markup(legacy)  # what is refused in UTF-8 is refused here too, in one round trip
        _refuse_unsafe(legacy)
        return legacy, [
            "the document is not UTF-8; it was decoded as Windows-1252/Latin-1 (it reads as Norwegian "
            "that way); the build publishes sources as UTF-8 and refuses this file: save it as UTF-8 and "
            "import it again"]
    if _looks_binary(text):
        raise DocumentError("the document is a binary file (it is full of control characters), not a text page")
    _refuse_markup(text)
    _refuse_unsafe(text)
    return text, []


def _refuse_unsafe(text: str) -> None:
    """A character no statement may carry (:data:`~byregion.literals.XML_UNSAFE`: its RDF/XML would not parse) is
    refused where it is, not dropped: the text is quoted verbatim and its offsets point into the file as it is."""
    found = XML_UNSAFE.search(text)
    if found is None:
        return
    breaks = list(re.finditer(r"\r\n|\r|\n", text[:found.start()]))  # as the import numbers lines
    line, column = len(breaks) + 1, found.start() - (breaks[-1].end() if breaks else 0) + 1
    more = len(XML_UNSAFE.findall(text)) - 1
    raise DocumentError(f"line {line}, column {column}: {unsafe_character(found.group())}"
                        + (f" (and {more} more such character{'s' if more > 1 else ''})" if more else "")
                        + ", which no RDF/XML or HTML can carry: delete it from the file (where it parts a "
                          "paragraph, join the lines), or put a line break in its place, and import again")


def _looks_utf16(raw: bytes) -> bool:
    """Text in UTF-16 without a byte order mark (Notepad's "Unicode" of old): the high byte of nearly every ASCII
    character is NUL, on one side of each pair, and the text reads as UTF-16 from that side."""
    for high, codec in ((raw[1::2], "utf-16-le"), (raw[0::2], "utf-16-be")):
        if len(raw) >= 8 and len(raw) % 2 == 0 and high.count(0) >= 0.9 * len(high):
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                return False
            return True
    return False


def _refuse_markup(text: str) -> None:
    """A saved web page, XML, or HTML copied without its ``<html>`` (its title line, or line after line, starting
    with an element of the page's structure) is refused, naming where."""
    first = text.lstrip()
    if _MARKUP_START.match(text):
        where = f"it starts with {first.splitlines()[0][:60]!r}"
    else:
        tagged = list(_MARKUP_LINE.finditer(text))
        if not tagged or (len(tagged) < MARKUP_LINES and not first.startswith(tagged[0].group().lstrip())):
            return
        line = len(re.findall(r"\r\n|\r|\n", text[:tagged[0].start()])) + 1  # as the import numbers lines
        where = f"line {line} starts with {tagged[0].group().strip()!r}"
    raise DocumentError(f"the document is HTML or XML ({where}), not the page's text: open the page in a "
                        "browser, select its text and save that as a .txt file, then import again")


def _decodes(raw: bytes) -> bool:
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return False
    return True


def _where(raw: bytes, offset: int) -> str:
    """``line 12, column 5 (byte 874)``: where an undecodable byte is, as an editor counts (lines from 1)."""
    breaks = list(_LINE_BREAK.finditer(raw, 0, offset))  # LF, CRLF, CR: as the import numbers lines
    line = len(breaks) + 1
    column = offset - (breaks[-1].end() if breaks else 0) + 1
    return f"line {line}, column {column} (byte {offset})"


def _decode_legacy(raw: bytes, exc: UnicodeDecodeError) -> str:
    where = _where(raw, exc.start)
    if any(b in _CP1252_UNDEFINED for b in raw):
        raise DocumentError(f"the document is not UTF-8 (invalid at {where}) and not Windows-1252/Latin-1 "
                            "either; convert it to UTF-8 and import again")
    text = raw.decode("cp1252")
    high = [ch for ch in text if ord(ch) > 127]
    norwegian = sum(1 for ch in high if ch in _NORWEGIAN)
    if _looks_binary(text) or norwegian == 0 or norwegian < len(high) / 2:
        raise DocumentError(f"the document is not UTF-8 (invalid at {where}) and does not clearly read as "
                            "Norwegian in Windows-1252/Latin-1; convert it to UTF-8 and import again")
    return text
