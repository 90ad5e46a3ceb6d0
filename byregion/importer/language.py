"""Which written Norwegian a page is in: Bokmål (its quoted text tagged ``nb``) or Nynorsk (tagged ``nn``).

A page in Nynorsk is imported as every page is, its text verbatim, and tagged ``nn`` (the shapes take ``nb`` or
``nn`` as a statement's one Norwegian text); the import warns, so that a misreading is seen. Nynorsk is told by
the words only it writes (``ikkje``, ``frå``, ``korleis``) against the Bokmål words for the same (``ikke``,
``fra``, ``hvordan``): names and headings do not tell (the template's Nynorsk headings are read as its Bokmål
ones, and a Bokmål page may quote a Nynorsk name).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from byregion.literals import visible

#: Common words of Nynorsk and the Bokmål word for the same, neither written in the other.
PAIRS: dict[str, str] = {
    "ikkje": "ikke", "frå": "fra", "korleis": "hvordan", "kva": "hva", "kvifor": "hvorfor", "meir": "mer",
    "mykje": "mye", "noko": "noe", "nokre": "noen", "desse": "disse", "dei": "de", "eit": "et", "ein": "en",
    "vere": "være", "vore": "vært", "berre": "bare", "fleire": "flere", "heile": "hele", "sjølv": "selv",
    "òg": "også", "auke": "øke", "kommunane": "kommunene", "saman": "sammen", "høgare": "høyere",
    "difor": "derfor", "arbeidsplassar": "arbeidsplasser", "innbyggjarar": "innbyggere",
}
#: At least this many Nynorsk words, and more than twice the Bokmål ones, make a page Nynorsk.
MIN_WORDS = 5

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Written:
    """What a page's words say of its written standard: ``nynorsk`` and the Nynorsk words it counted most."""

    nynorsk: bool
    examples: tuple[str, ...]
    nynorsk_words: int
    bokmal_words: int


#: Common words of English that Norwegian does not write (not "for", "i", "a": Norwegian has them), and common words
#: of Norwegian, Bokmål or Nynorsk, that English does not.
ENGLISH = frozenset({"the", "and", "of", "to", "is", "are", "was", "were", "with", "which", "that", "this", "will",
                     "have", "has", "their", "from", "by", "be", "been", "its", "more", "region's"})
NORWEGIAN = frozenset({"og", "er", "som", "til", "av", "på", "det", "med", "en", "et", "ein", "eit", "har", "skal",
                       "ikke", "ikkje", "kommunene", "kommunane", "regionen", "å", "fra", "frå", "den", "de", "dei"})
#: At least this many English words, and more than twice the Norwegian ones, make a page English.
MIN_ENGLISH_WORDS = 10


def in_english(text: str) -> tuple[int, int] | None:
    """``(English words, Norwegian words)`` where ``text`` reads as English (:data:`ENGLISH` against
    :data:`NORWEGIAN`), else None: the programme's pages are Norwegian, and an English page read as one had its
    headings matched fuzzily ("Results" as "Resultat"), its sections mixed up, and every text tagged ``nb``."""
    words = Counter(w.lower() for w in _WORD.findall(visible(unicodedata.normalize("NFC", text))))
    english = sum(words[w] for w in ENGLISH)
    norwegian = sum(words[w] for w in NORWEGIAN)
    return (english, norwegian) if english >= MIN_ENGLISH_WORDS and english > 2 * norwegian else None


def written_in(text: str) -> Written:
    """Whether ``text`` is Nynorsk, by :data:`PAIRS`."""
    # "frå" in NFD too, and "ikk\u00adje" with a soft hyphen: words as the reader sees them
    words = Counter(w.lower() for w in _WORD.findall(visible(unicodedata.normalize("NFC", text))))
    nynorsk = Counter({w: words[w] for w in PAIRS if words[w]})
    bokmal = sum(words[w] for w in PAIRS.values())
    total = sum(nynorsk.values())
    examples = tuple(w for w, _ in nynorsk.most_common(3))
    return Written(total >= MIN_WORDS and total > 2 * bokmal, examples, total, bokmal)
