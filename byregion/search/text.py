"""Words for search: how a text becomes the tokens the index holds, how a query becomes an FTS5 expression that
can only ever be a list of quoted tokens, and how the matched words are found again in the original text.
Pure: no SQLite, no graph.

**Words** are runs of letters and digits (``Sør-Varanger`` is two words, ``0807`` one). Each word has:

* its **folded** form: case-folded, æ → ``ae``, ø → ``o``, å → ``a``, and every other accent dropped (``é`` →
  ``e``, Sámi ``á`` → ``a``), then ``aa`` → ``a`` (å as written before 1917 and still in names and English:
  ``Aalesund`` finds *Ålesund*), so that ``Bo`` finds *Bø*, ``sor`` *Sør* and ``Barum`` and ``Baerum`` *Bærum*
  (ASCII keyboards and habits write Norwegian letters both ways; the folded form keeps them apart from nothing
  a reader would miss);
* its **stems**: the Snowball stemmer of the text's language (Norwegian for ``nb``, ``nn`` and ``no``,
  English for ``en``, both for an untagged text) applied to the case-folded word, then folded
  (``kommunene`` → ``kommun``, ``regions`` → ``region``); numbers are not stemmed;
* its **exact** form: the word case-folded only (``bø``), indexed for names so that the spelling typed ranks
  first (``Bø`` above a ``Bo``).

A **query** is read the same way. Every word must match (AND); a word matches a thing when one of its forms
(the folded word and its Norwegian and English stems, or its exact form) is a token of the thing; the last word
also matches as a prefix while it is being typed (``Notod`` finds *Notodden*). Common function words (``og``,
``i``, ``the``, ``of``) are dropped unless the query has nothing else. The expression handed to FTS5 is built
here from those tokens alone, each in double quotes, so nothing a user types (quotes, ``*``, ``NEAR``,
``AND``, parentheses, column names) is ever read as FTS5 syntax.

**Highlighting** maps back from tokens to the words of the original text: each word of the displayed text is
read as the index read it, and marked when one of its forms matches a query term.
"""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import snowballstemmer
from markupsafe import Markup, escape

#: A word: a run of letters and digits (no underscore: FTS5's tokenizer splits there too).
WORD = re.compile(r"[^\W_]+")
#: Norwegian letters that are letters of their own, folded as they are written without them.
_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ŋ": "n", "ŧ": "t", "ł": "l"})
#: Stemmers by language tag: Norwegian for bokmål (and nynorsk and plain ``no``), English for ``en``.
_STEMMER_OF = {"nb": "norwegian", "nn": "norwegian", "no": "norwegian", "en": "english"}
#: Both stemmers for an untagged text or a query (its language is not known).
BOTH = ("norwegian", "english")
#: Function words dropped from a query that has other words (folded forms).
STOPWORDS = frozenset({
    "og", "i", "pa", "til", "for", "av", "med", "som", "er", "en", "et", "ei", "det", "den", "de", "a", "at", "om",
    "fra", "har", "var", "ble", "blir", "kan", "skal", "vil", "seg", "sin", "sitt", "sine", "ikke", "eller", "men",
    "sa", "nar", "der", "her", "hva", "hvor", "hvordan", "ogsa", "the", "of", "and", "to", "in", "an", "is", "are",
    "was", "were", "be", "on", "with", "as", "by", "from", "or", "that", "this", "it", "its", "into", "not",
})


def fold(word: str) -> str:
    """``Bø`` → ``bo``, ``Sør`` → ``sor``, ``Bærum`` → ``baerum``, ``Guovdageaidnu`` unchanged, ``Kárášjohka`` →
    ``karasjohka``, ``Ålesund`` and ``Aalesund`` → ``alesund``."""
    lowered = word.casefold().translate(_NORWEGIAN)
    if not lowered.isascii():
        lowered = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return lowered.replace("aa", "a")  # å as written before 1917, and still in names and English: Aalesund, Aasen


@functools.cache
def _stemmer(algorithm: str) -> Any:
    return snowballstemmer.stemmer(algorithm)


@functools.lru_cache(maxsize=65_536)  # a corpus repeats its words: each is stemmed once per process
def stem(word: str, algorithm: str) -> str:
    """The folded Snowball stem of a case-folded word (``kommunene``, ``norwegian`` → ``kommun``)."""
    return fold(str(_stemmer(algorithm).stemWord(word)))


def algorithms(lang: str | None) -> tuple[str, ...]:
    """The stemmers for a text in ``lang`` (both when the language is not one we know)."""
    found = _STEMMER_OF.get((lang or "").lower().split("-", 1)[0])
    return (found,) if found else BOTH


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text`` with their places (``match.start()``, ``match.end()``)."""
    return WORD.finditer(text)


@functools.lru_cache(maxsize=65_536)
def forms(word: str, langs: tuple[str, ...] = BOTH) -> frozenset[str]:
    """The folded forms under which ``word`` is indexed and matched: its folded self and its stems."""
    lowered = word.casefold()
    folded = fold(word)
    if not folded:
        return frozenset()
    if any(c.isdigit() for c in lowered):
        return frozenset({folded})
    return frozenset({folded, *(stem(lowered, a) for a in langs)})


def stemmed_tokens(text: str, lang: str | None) -> list[str]:
    """The tokens of ``text`` for a stemmed column: every word's stems in the text's language (sorted per word, so
    the same text always gives the same tokens)."""
    langs = algorithms(lang)
    out: list[str] = []
    for match in words(text):
        word = match.group()
        lowered = word.casefold()
        if any(c.isdigit() for c in lowered):
            out.append(fold(word))
        else:
            out.extend(sorted({stem(lowered, a) for a in langs}))
    return out


def exact_tokens(text: str) -> list[str]:
    """The tokens of ``text`` for the exact column: each word case-folded, accents and Norwegian letters kept."""
    return [unicodedata.normalize("NFC", m.group().casefold()) for m in words(text)]


# ------------------------------------------------------------------------------------------------------ queries


def _quoted(token: str) -> str:
    """One token as an FTS5 string. Tokens are letters and digits only (:data:`WORD`); the doubling of quotes is
    there so that this stays safe whatever a later change lets through."""
    return '"' + token.replace('"', '""') + '"'


@dataclass(frozen=True)
class Term:
    """One word of a query: the forms it matches, its exact form, and whether it is the word being typed."""

    word: str
    forms: frozenset[str]
    exact: str
    prefix: bool

    def expression(self) -> str:
        """``("kommun" OR "kommunene" OR "kommunene"*)``: quoted tokens only."""
        alternatives = [_quoted(f) for f in sorted(self.forms)] + [_quoted(self.exact)]
        if self.prefix:
            alternatives += [_quoted(self.exact) + "*"] if self.precise else \
                [_quoted(fold(self.word)) + "*", _quoted(self.exact) + "*"]
        return "(" + " OR ".join(dict.fromkeys(alternatives)) + ")"

    @property
    def precise(self) -> bool:
        """Whether the word is begun as typed only: a word shorter than :data:`FOLDED_PREFIX_FROM` holding a letter
        folding changes (ø, å, é; not "aa", which stands for å). "bø" begun as "bo" had found "boundaries" in every
        boundary's English description (1,212 of 1,289 results); a longer word ("søkn", "Tøns") is begun folded
        too, since the texts are indexed folded (begun as typed, it found only labels). Whole words are matched
        folded either way: "Bø" finds "Bo" and "bo" finds "Bø"."""
        return len(self.word) < FOLDED_PREFIX_FROM and any(fold(c) != c.casefold() for c in self.word)

    def matches(self, word: str, langs: tuple[str, ...]) -> bool:
        """Whether a word of a displayed text (in a text whose stemmers are ``langs``) is one this term found."""
        lowered = word.casefold()
        if lowered == self.exact or (self.prefix and lowered.startswith(self.exact)):
            return True
        found = forms(word, langs)
        if found & self.forms:
            return True
        return self.prefix and not self.precise and fold(word).startswith(fold(self.word))


#: Shortest last word matched as a prefix (a single letter would match nearly every thing).
PREFIX_FROM = 2
#: Shortest last word with ø, å or é that is begun folded as well as as typed (:attr:`Term.precise`).
FOLDED_PREFIX_FROM = 3


@dataclass(frozen=True)
class Query:
    """A query as words to find (see the module docstring)."""

    text: str
    terms: tuple[Term, ...]

    @property
    def empty(self) -> bool:
        return not self.terms

    def expression(self) -> str:
        """The FTS5 MATCH expression: every term (AND), each a list of quoted tokens (OR)."""
        return " AND ".join(term.expression() for term in self.terms)

    @functools.cached_property
    def initials(self) -> frozenset[str]:
        """The first letters (folded) of every form the terms match: stemming and folding keep a word's first
        letter, so a word that starts otherwise cannot match and is not stemmed at all (marking a long text)."""
        return frozenset(fold(form[:1])[:1] for term in self.terms for form in (*term.forms, term.exact, term.word))

    def matches(self, word: str, langs: tuple[str, ...]) -> bool:
        if fold(word[:1])[:1] not in self.initials:
            return False
        return any(term.matches(word, langs) for term in self.terms)


def parse(text: str) -> Query:
    """Read what a user typed; never fails (a text without words is an empty query)."""
    text = unicodedata.normalize("NFC", text)
    found = [m.group() for m in words(text)]
    kept = list(dict.fromkeys(w for w in found if fold(w) not in STOPWORDS)) or list(dict.fromkeys(found))
    typing = bool(found) and not text[-1].isspace() and kept[-1] == found[-1]
    terms = []
    for position, word in enumerate(kept):
        if word.casefold() == "k" and position + 1 < len(kept) and kept[position + 1].isdigit():
            continue  # SSB's statistics bank writes a municipality "K-0807"
        last = position == len(kept) - 1
        found_as = forms(word)
        if word.isdigit() and len(word) == NUMBER_DIGITS - 1:  # 807: a spreadsheet dropped the leading zero of 0807
            found_as |= {"0" + word}
        terms.append(Term(word, found_as, word.casefold(), prefix=last and typing and len(word) >= PREFIX_FROM))
    return Query(text, tuple(t for t in terms if t.forms))


#: The digits of a kommunenummer: a number of one fewer is also looked for with its leading zero put back (as the
#: look-ups and reconciliation read it).
NUMBER_DIGITS = 4


# --------------------------------------------------------------------------------------------- highlighting


@dataclass(frozen=True)
class Marked:
    """A text to show, with the spans (``[start, end)`` character offsets) of the words a query matched."""

    text: str
    spans: tuple[tuple[int, int], ...]

    @property
    def parts(self) -> list[tuple[str, bool]]:
        """The text cut at the spans: ``[("… å utvikle en ", False), ("delingskultur", True), …]``."""
        out: list[tuple[str, bool]] = []
        position = 0
        for start, end in self.spans:
            if start > position:
                out.append((self.text[position:start], False))
            out.append((self.text[start:end], True))
            position = end
        if position < len(self.text):
            out.append((self.text[position:], False))
        return out

    def html(self) -> Markup:
        """The text escaped for HTML, each matched word in ``<mark>``."""
        return Markup("").join(Markup("<mark>{}</mark>").format(part) if marked else escape(part)
                               for part, marked in self.parts)


def mark(text: str, query: Query, lang: str | None) -> Marked:
    """``text`` with the words ``query`` matches marked."""
    langs = algorithms(lang)
    spans = tuple((m.start(), m.end()) for m in words(text) if query.matches(m.group(), langs))
    return Marked(text, spans)


#: Words of context before the first matched word in a snippet, and words in a snippet at most.
SNIPPET_BEFORE = 8
SNIPPET_WORDS = 32
ELLIPSIS = "…"


def snippet(text: str, query: Query, lang: str | None) -> Marked:
    """A short passage of ``text`` around its first matched word (its start when none matched), marked; an
    ellipsis where the text was cut."""
    langs = algorithms(lang)
    found = list(words(text))
    first = next((i for i, m in enumerate(found) if query.matches(m.group(), langs)), 0)
    start_word = max(0, first - SNIPPET_BEFORE)
    end_word = min(len(found), start_word + SNIPPET_WORDS)
    start = found[start_word].start() if start_word > 0 and found else 0
    end = found[end_word - 1].end() if end_word < len(found) and found else len(text)
    passage = text[start:end].strip()
    lead = ELLIPSIS + " " if start > 0 else ""
    tail = " " + ELLIPSIS if end < len(text) else ""
    marked = mark(passage, query, lang)
    shift = len(lead)
    return Marked(lead + passage + tail, tuple((s + shift, e + shift) for s, e in marked.spans))


# --------------------------------------------------------------------------------------------- suggestions

#: Shortest word of a name the index keeps for suggestions, and shortest word of a query it suggests for: a word
#: of three letters is one letter from too many others ("Bø", "Os", "Hol" are names as they stand).
SUGGESTED_FROM = 4
#: How alike a name's word must be to a query's word to be suggested for it (difflib's ratio, 0–1): "Notoden" and
#: "Notodden" 0.93, "Kongsbreg" and "Kongsberg" 0.89, "Tynsett" and "Tynset" 0.92, "samarbeid" and "Sandnes" 0.5.
SUGGESTED_RATIO = 0.8


def trigram_expression(word: str) -> str | None:
    """An FTS5 expression (trigram tokenizer) that finds the names sharing a run of three letters with ``word``;
    None for a word too short to suggest for."""
    lowered = word.casefold()
    if len(lowered) < SUGGESTED_FROM:
        return None
    grams = dict.fromkeys(lowered[i:i + 3] for i in range(len(lowered) - 2))
    return " OR ".join(_quoted(g) for g in grams)


def closest(word: str, names: Iterable[str]) -> str | None:
    """The name most like ``word`` (difflib's ratio, case aside) where it is alike enough and not the word itself;
    ties go to the name first in order."""
    lowered = word.casefold()
    best, score = None, SUGGESTED_RATIO
    for name in names:
        ratio = difflib.SequenceMatcher(None, lowered, name.casefold()).ratio()
        if (ratio > score or (ratio == score and best is None)) and name.casefold() != lowered:
            best, score = name, ratio
    return best
