"""Names as people write them, folded to keys that compare equal when they mean the same name. Pure.

A spreadsheet writes "Bo i Telemark", "BØ (TELEMARK)", "sauherad kommune", "Notodden k.", "Snåsa" or
"Loabák"; the data says "Bø (Telemark)", "Sauherad", "Notodden", "Snåase - Snåsa" and "Loabák - Lavangen".
:func:`parse` turns either side into a :class:`Parsed`: the name's key (case, diacritics and punctuation
folded), the keys of the parts of a double name (Norwegian, Sámi and Kven forms joined by " - ", "–" or
"/"), a qualifier (a county's name in parentheses, after " i " or after a comma; any other text there is part
of the name) and what kind of unit a suffix ("kommune", "fylke", …) said it was.

Folding: lower case; æ→ae, ø→o, å→a (as :func:`byregion.uris.slugify` does), "aa"→"a" (the old spelling of
å: "Aasnes" is "Åsnes") and "oe"→"o" (ø where a keyboard has none: "Stjoerdal" is "Stjørdal"; no Norwegian
municipality or county has "oe" in its name), every other accent dropped (á→a, č→c, ï→i: Sámi letters), đ→d, ŋ→n, ŧ→t;
invisible format characters (zero-width space, soft hyphen, …) are dropped; anything else that is not a letter
or digit is a space. Both the data and the query are folded the same way,
so a folding that merges two names merges them on both sides.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from byregion.literals import visible

_TRANSLIT = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "đ": "d", "ŋ": "n", "ŧ": "t", "ß": "ss", "ð": "d",
                           "þ": "th", "ł": "l"})
#: Double names: a dash with spaces around it, an en or em dash, or a slash (a hyphen inside a word, as in
#: "Midt-Telemark", is part of the name).
_DOUBLE = re.compile(r"\s+-\s+|\s*[–—/]\s*")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_NOT_WORD = re.compile(r"[^0-9a-z]+")

#: Trailing words that say "municipality" (Norwegian, Nynorsk, Sámi, Kven, English); stripped, and they hint
#: at the type. Folded, several words as one string.
MUNICIPALITY_WORDS = ("kommune", "kommunen", "kommun", "k", "herad", "heradet", "suohkan", "gielda",
                      "tjielte", "komuuni", "kunta", "municipality", "kommunestyre")
#: Trailing words that say "county" (longest first, so "fylkeskommune" is taken whole).
COUNTY_WORDS = ("fylkeskommune", "fylkeskommunen", "fylkeskommuna", "fylkesting", "fylke", "fylket",
                "fylkkasuohkan", "fylkkagielda", "county council", "county municipality", "county", "fylkesmann")
#: The suffixes of the Sámi and Kven languages among those: an organisation's name in those languages writes the
#: unit's name in the genitive before them ("Kárášjoga gielda", "Romssa fylkkasuohkan").
SAMI_KVEN_WORDS = ("suohkan", "gielda", "tjielte", "komuuni", "fylkkasuohkan", "fylkkagielda")
MUNICIPALITY = "municipality"
COUNTY = "county"


def fold(text: str) -> str:
    """The key of a piece of text: folded and with single spaces (see the module docstring)."""
    text = unicodedata.normalize("NFKC", visible(text)).casefold().translate(_TRANSLIT)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _NOT_WORD.sub(" ", text).strip()
    return re.sub(r"\s+", " ", text.replace("aa", "a").replace("oe", "o"))


def written(text: str) -> tuple[str, ...]:
    """``text`` and each part of it if it is a double name, as written but for case, Unicode normalisation,
    invisible characters and runs of spaces: what tells "Hå" from "Ha", which fold to the same key."""
    whole = " ".join(unicodedata.normalize("NFC", visible(text)).casefold().split())
    pieces = [" ".join(p.split()) for p in _DOUBLE.split(whole) if p.strip()]
    return tuple(dict.fromkeys([whole, *(pieces if len(pieces) > 1 else [])]))


@dataclass(frozen=True)
class Parsed:
    """A name taken apart: its key, the keys of its parts, a qualifier and the kind a suffix named."""

    key: str
    parts: tuple[str, ...] = ()
    qualifier: str = ""
    kind_hint: str = ""
    #: The keys of the texts either side of a comma and in and out of parentheses that are not a qualifier
    #: ("Notodden (Kongsberg)" → "notodden", "kongsberg"): not the name, but what a reader would look up next.
    pieces: tuple[str, ...] = ()
    #: Whether the suffix taken off was a Sámi or Kven one (:data:`SAMI_KVEN_WORDS`): the name may be in the genitive.
    sami_kven: bool = False

    @property
    def keys(self) -> tuple[str, ...]:
        """The whole name's key, then each part's (each once, none empty)."""
        return tuple(dict.fromkeys(k for k in (self.key, *self.parts) if k))


def _strip_suffix(key: str) -> tuple[str, str]:
    """``"notodden k"`` → ``("notodden", "municipality")``; a key that is only the suffix is kept."""
    for words, kind in ((COUNTY_WORDS, COUNTY), (MUNICIPALITY_WORDS, MUNICIPALITY)):
        for word in words:
            if key.endswith(" " + word):
                return key[: -len(word) - 1].strip(), kind
    return key, ""


def parse(name: str, counties: Iterable[str] = ()) -> Parsed:
    """Take ``name`` apart. ``counties`` are folded county names: "X (county)", "X, county" and "X i county"
    qualify X by that county. Any other parentheses, comma or " i " are part of the name ("Notodden (Kongsberg)",
    "Leikanger, Luster og Sogndal", "Våler i Solør" are names whole), so no text is read as less than it says."""
    county_keys = set(counties)
    qualifier = ""
    found = _PARENTHESES.search(name)
    if found and _strip_suffix(fold(found.group(1)))[0] in county_keys:
        qualifier = _strip_suffix(fold(found.group(1)))[0]
        name = name[:found.start()] + " " + name[found.end():]
    if not qualifier and "," in name:
        head, _, tail = name.rpartition(",")
        if fold(head) and _strip_suffix(fold(tail))[0] in county_keys:
            qualifier, name = _strip_suffix(fold(tail))[0], head
    key, hint = _strip_suffix(fold(name))
    sami_kven = bool(hint) and fold(name).rpartition(" ")[2] in SAMI_KVEN_WORDS
    words = key.split(" ")
    for at in range(1, len(words) - 1):
        if words[at] == "i" and " ".join(words[at + 1:]) in county_keys:
            qualifier, key = qualifier or " ".join(words[at + 1:]), " ".join(words[:at])
            break
    pieces = [p for p in _DOUBLE.split(name) if p.strip()]
    parts = tuple(_strip_suffix(fold(p))[0] for p in pieces) if len(pieces) > 1 else ()
    if parts:  # the whole key of a double name is its parts joined, whatever the dashes were
        key = " ".join(parts)
    return Parsed(key, parts, qualifier, hint, _pieces(name, {key, *parts, qualifier}), sami_kven and not parts)


def trailing_county(parsed: Parsed, counties: Iterable[str]) -> Parsed | None:
    """``parsed`` read as a name followed by its county with only a space between ("Notodden Telemark", "Nes
    [Buskerud]" from a spreadsheet), or None where its key does not end in a county's name after another word.

    Only a fallback: "Midt-Telemark" and "Indre Østfold" end in a county's name too, so a caller tries this
    where the whole key names nothing, and takes it where what is left does name something."""
    if parsed.qualifier or parsed.parts:
        return None
    county_keys, words = set(counties), parsed.key.split(" ")
    for size in range(min(4, len(words) - 1), 0, -1):  # the longest county name first: "more og romsdal"
        if " ".join(words[-size:]) in county_keys:
            return Parsed(" ".join(words[:-size]), (), " ".join(words[-size:]), parsed.kind_hint, ())
    return None


def county_begun(text: str, counties: Iterable[str]) -> list[tuple[str, str]]:
    """``text`` read as a name followed by the start of its county's name, as one types "Herøy (Nordland)", "Bø i
    Telemark", "Os, Hordaland" or "Nes Buskerud" letter by letter: each reading (the name's key, the county's
    start, folded) whose start begins a county's name in ``counties``. "Herøy (N" is ("heroy", "n"); "Herøy i" is
    ("heroy", "i") and ("heroy", ""), which every county begins with. Suggest's, where a name with a qualifier
    typed part way is no key's start: the index keys "Herøy (Nordland)" as "heroy", with the county apart."""
    county_keys = tuple(counties)
    words = fold(text).split(" ")
    out = []
    for at in range(1, len(words)):
        if words[at - 1] == "i":  # "Bø i T" is Bø and "t", not "Bø i"
            continue
        rest = words[at:]
        for start in (" ".join(rest), *((" ".join(rest[1:]),) if rest[0] == "i" else ())):
            if any(k.startswith(start) for k in county_keys):
                out.append((" ".join(words[:at]), start))
    return out


def _pieces(name: str, keys: set[str]) -> tuple[str, ...]:
    """The keys of ``name``'s texts between commas and parentheses, and either side of an " i " that names no
    county ("Os i Østerdalen": Os and Østerdalen), each once, none a key of the whole."""
    split = re.split(r"[,()]|\s+i\s+", name)
    if len(split) == 1:
        return ()
    found = (_strip_suffix(fold(p))[0] for p in split)
    return tuple(dict.fromkeys(k for k in found if k and k not in keys))
