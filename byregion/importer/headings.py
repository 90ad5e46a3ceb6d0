"""The region page template's heading vocabulary, and tolerant matching against it.

The 37 region pages were written by different authors over several years, in Bokmål or Nynorsk,
with the region name in headings sometimes differing from the title, and with the odd typo.
A heading is matched word by word against templates in which ``*`` stands for one to four words
of region name (possessive included: "Notoddens råd …"). Words are compared case-insensitively,
with æ/ø/å folded, and a small edit distance is tolerated (see :func:`word_tolerance`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

from byregion.literals import visible


class SectionKind(Enum):
    """The template's sections; values are the local names of the br:SectionKind individuals."""

    INTRO = "IntroSection"
    GOALS = "GoalsSection"
    RESULTS = "ResultsSection"
    ADVICE = "AdviceSection"
    FOLLOW_UP = "FollowUpSection"
    EXCERPT = "ExcerptSection"
    DOCUMENTS = "DocumentsSection"
    FACTS = "FactsSection"


class Layout(Enum):
    """The two page layouts the programme's pages were written in (docs/importing.md "Layouts")."""

    NEWER = "newer"  # title = region; Mål, Resultater, råd, Dette jobber …, Utdrag fra …, Dokumenter, Fakta
    OLDER = "older"  # title = the project; text, then "Fra X sin søknad til Byregionprogrammet" and "Fakta X"


#: The sections each layout has, so that only a section the layout has is reported missing.
LAYOUT_SECTIONS: dict[Layout, tuple[SectionKind, ...]] = {
    Layout.NEWER: tuple(k for k in SectionKind if k is not SectionKind.INTRO),
    Layout.OLDER: (SectionKind.EXCERPT, SectionKind.FACTS),
}
#: Sections only the newer layout has: a page with one of them is in the newer layout.
NEWER_ONLY = frozenset({SectionKind.GOALS, SectionKind.RESULTS, SectionKind.ADVICE, SectionKind.FOLLOW_UP})
#: The excerpt heading of the older layout ("Fra …", not "Utdrag fra …").
OLDER_EXCERPT_TEMPLATES = ("Fra * sin søknad til Byregionprogrammet", "Frå * sin søknad til Byregionprogrammet")
#: Headings whose ``*`` names the region (not a project): where the older layout names its region.
NAMING_KINDS = (SectionKind.FACTS, SectionKind.EXCERPT)


class FactKind(Enum):
    APPLICANT = "applicant"
    PARTNERS = "partners"
    POPULATION = "population"
    AREA = "area"


#: Heading templates per section kind; ``*`` = region name (1-4 words). Bokmål and Nynorsk forms.
SECTION_TEMPLATES: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.INTRO: ("Innledning", "Innleiing", "Om byregionen"),
    SectionKind.GOALS: ("Mål for *", "Mål", "Mål for byregionen", "Mål for regionen"),
    SectionKind.RESULTS: ("Resultater", "Resultat", "Resultater for *", "Resultat for *"),
    SectionKind.ADVICE: (
        "* råd for samarbeid om regional utvikling",
        "Råd for samarbeid om regional utvikling",
        "Råd frå *", "Råd fra *",
    ),
    SectionKind.FOLLOW_UP: (
        "Dette jobber byregionen med etter programslutt",
        "Dette jobbar byregionen med etter programslutt",
        "Dette jobber * med etter programslutt",
        "Dette jobbar * med etter programslutt",
    ),
    SectionKind.EXCERPT: (
        "Utdrag fra * sin søknad til Byregionprogrammet",
        "Utdrag frå * sin søknad til Byregionprogrammet",
        "Utdrag fra søknaden til Byregionprogrammet",
        "Utdrag frå søknaden til Byregionprogrammet",
        # the older layout
        "Fra * sin søknad til Byregionprogrammet",
        "Frå * sin søknad til Byregionprogrammet",
    ),
    SectionKind.DOCUMENTS: ("Dokumenter", "Dokument"),
    SectionKind.FACTS: ("Fakta *", "Fakta", "Fakta om *"),
}

#: What other authors call the template's sections. Such a name is a section's heading only where it matches
#: exactly, where the page has no heading of the template for that section, and outside an excerpt of an
#: application (which has "Målsetting" and "Videre arbeid" of its own): ``parse._split``.
OTHER_SECTION_NAMES: dict[SectionKind, tuple[str, ...]] = {
    SectionKind.GOALS: ("Målsetting", "Målsettinger", "Målsettingar", "Målsetjing", "Målsetjingar",
                        "Målsettinger for *", "Våre mål"),
    SectionKind.RESULTS: ("Resultater og erfaringer", "Resultat og erfaringar", "Oppnådde resultater"),
    SectionKind.ADVICE: ("Våre råd til andre regioner", "Våre råd til andre regionar", "Råd til andre regioner",
                         "Råd til andre regionar", "Våre råd"),
    SectionKind.FOLLOW_UP: ("Veien videre", "Vegen vidare", "Videre arbeid", "Vidare arbeid", "Etter programslutt"),
}

#: Headings of what a web page around the template holds and the template has no section for (who to contact,
#: links, sharing, dates of the page): the text under one is not the region's goals, results or advice, so it is
#: not imported (the page keeps it, published as it is), and the import says so.
FOREIGN_HEADINGS: tuple[str, ...] = (
    "Kontakt", "Kontaktperson", "Kontaktpersoner", "Kontaktpersonar", "Kontaktinformasjon", "Kontaktinfo",
    "Kontakt oss", "Les mer", "Les meir", "Les mer om *", "Les meir om *",
    "Lenker", "Lenkjer", "Nyttige lenker", "Relaterte lenker", "Relatert", "Relaterte artikler", "Se også",
    "Sjå også", "Del", "Del siden", "Del sida", "Del denne siden", "Publisert", "Sist oppdatert", "Sist endret",
    "Kilder", "Kjelder",
)

#: Labels of the facts block's "Label: value" lines.
FACT_TEMPLATES: dict[FactKind, tuple[str, ...]] = {
    FactKind.APPLICANT: ("Søkerkommune", "Søkjarkommune", "Søkerkommuner", "Søkjarkommunar"),
    FactKind.PARTNERS: ("Samarbeidskommune", "Samarbeidskommuner", "Samarbeidskommunar",
                        # what other authors call them
                        "Deltakende kommuner", "Deltakarkommunar", "Medlemskommuner", "Medlemskommunar",
                        "Samarbeidende kommuner"),
    FactKind.POPULATION: ("Folketall i regionen", "Folketal i regionen", "Folketall", "Folketal",
                          "Innbyggjarar i regionen", "Innbyggere i regionen",
                          "Innbyggertall", "Innbyggjartal", "Antall innbyggere", "Talet på innbyggjarar",
                          "Folkemengde"),
    FactKind.AREA: ("Areal i regionen", "Areal"),
}

_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a"})
#: A word: letters and digits, and the combining marks of a page in decomposed form (NFD, as a Mac may copy it:
#: "å" is "a" and a ring), which ``\w`` does not take.
_WORD = re.compile(r"[^\W_](?:[^\W_]|[\u0300-\u036f])*(?:[-'’][^\W_](?:[^\W_]|[\u0300-\u036f])*)*")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class HeadingMatch:
    kind: SectionKind
    template: str
    distance: int  # total edit distance over the template's fixed words
    name: str | None  # the words standing for the region name, as written
    other_name: bool = False  # one of OTHER_SECTION_NAMES, not the template's own


def fold(word: str) -> str:
    """Lower-case with æ/ø/å folded, so that "Mal" and "Mål" differ by nothing but a typo; composed first (NFC), so
    that a page in decomposed form reads as one in composed form; without invisible format characters
    (:func:`~byregion.literals.visible`), which names leave out too: "Resul\u00adtater" is "Resultater"."""
    return visible(unicodedata.normalize("NFC", word)).lower().translate(_FOLD)


def _words(text: str) -> list[tuple[int, int]]:
    """Spans of the words of ``text`` (:data:`_WORD`). An invisible format character inside a word is part of it,
    as the reader sees one word ("Folke\u200btall"), and :func:`fold` leaves it out of the comparison."""
    shown = visible(text)
    if shown == text:
        return [m.span() for m in _WORD.finditer(text)]
    at = [i for i, c in enumerate(text) if visible(c)]  # where each character of ``shown`` stands in ``text``
    return [(at[m.start()], at[m.end() - 1] + 1) for m in _WORD.finditer(shown)]


def levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def word_tolerance(word: str) -> int:
    """Edits allowed in one template word: none below 4 letters, one up to 7, two beyond."""
    return 0 if len(word) < 4 else 1 if len(word) <= 7 else 2


def _match_words(words: list[str], template: list[str]) -> tuple[int, tuple[int, int] | None] | None:
    """Best (distance, name span) aligning ``words`` to ``template``, or None when nothing fits."""
    if "*" not in template:
        if len(words) != len(template):
            return None
        total = 0
        for w, t in zip(words, template, strict=True):
            d = levenshtein(fold(w), fold(t))
            if d > word_tolerance(t):
                return None
            total += d
        return total, None
    star = template.index("*")
    before, after = template[:star], template[star + 1:]
    best: tuple[int, tuple[int, int] | None] | None = None
    for n in range(1, MAX_NAME_WORDS + 1):
        if len(before) + n + len(after) != len(words):
            continue
        fixed = _match_words(words[:star] + words[star + n:], before + after)
        if fixed is not None and (best is None or fixed[0] < best[0]):
            best = (fixed[0], (star, star + n))
    return best


def match_heading(line: str) -> HeadingMatch | None:
    """The section kind ``line`` is a heading of, or None. Exact words beat fuzzy ones."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 120 or text.endswith((".", "?", "!", ",")):
        return None
    spans = _words(text)
    words = [text[s:e] for s, e in spans]
    best: HeadingMatch | None = None
    for other, table in ((False, SECTION_TEMPLATES), (True, OTHER_SECTION_NAMES)):
        for kind, templates in table.items():
            for template in templates:
                found = _match_words(words, template.split())
                if found is None or (other and found[0]):  # another name counts only as written
                    continue
                distance, name_span = found
                if best is None or distance < best.distance:
                    name = text[spans[name_span[0]][0]:spans[name_span[1] - 1][1]] if name_span else None
                    best = HeadingMatch(kind, template, distance, name, other)
    return best


def match_foreign(line: str) -> str | None:
    """The heading of :data:`FOREIGN_HEADINGS` ``line`` is (as written, without a colon), or None. Only as written
    (letter case and æ/ø/å aside): "Kilden" or "Kontrakt" is no such heading."""
    text = line.strip().rstrip(":").strip()
    if not text or len(text) > 60 or text.endswith((".", "?", "!", ",")):
        return None
    words = [text[a:b] for a, b in _words(text)]
    return text if any((found := _match_words(words, t.split())) is not None and found[0] == 0
                       for t in FOREIGN_HEADINGS) else None


_LABEL_ASIDE = re.compile(r"\([^()]*\)")


#: What may follow a fact's label and is no part of it: the date its figure is of ("Folketall pr. 1.1.2015",
#: "Folketall per 1. januar 2015", "Folketall 1.1.2015"), its year ("Folketall i regionen 2015", "Folketall, 2015")
#: or its unit ("Areal km2", "Areal i km²").
_LABEL_TAIL = re.compile(r",?\s+(?:(?:pr|per)\.?\s.*|\d{1,2}\.\s*\S+\s*\d{4}|(?:19|20)\d\d"
                         r"|(?:i\s+)?(?:km²|km2|kvadratkilometer))$", re.IGNORECASE)


def match_fact_label(label: str) -> FactKind | None:
    """The fact a "Label: value" line of the facts block gives, or None for an unknown label. What the label says
    in parentheses is left out ("Folketall i regionen (2015)", "Areal (km²)"), and so is a date or unit after it
    ("Folketall pr. 1.1.2015", "Areal km2"), which the value is read with."""
    plain = _LABEL_TAIL.sub("", _LABEL_ASIDE.sub(" ", label).strip())
    words = [plain[a:b] for a, b in _words(plain)]
    best: tuple[int, FactKind] | None = None
    for kind, templates in FACT_TEMPLATES.items():
        for template in templates:
            found = _match_words(words, template.split())
            if found is not None and (best is None or found[0] < best[0]):
                best = (found[0], kind)
    return best[1] if best else None


def trailing_fact_label(text: str) -> tuple[FactKind, int] | None:
    """The fact label ``text`` ends with and where it starts, or None: ``"Steinkjer  Samarbeidskommuner"`` →
    (partners, 11), for a facts line that runs several facts together. What stands in parentheses at its end is
    left out, as in :func:`match_fact_label`; the closest label wins, and the longer of two equally close."""
    plain = _LABEL_ASIDE.sub(lambda m: " " * len(m.group()), text)
    spans = _words(plain)
    longest = max(len(t.split()) for templates in FACT_TEMPLATES.values() for t in templates)
    best: tuple[int, int, FactKind, int] | None = None  # (distance, -words, kind, start)
    for count in range(1, min(len(spans), longest) + 1):
        words = [plain[a:b] for a, b in spans[-count:]]
        for kind, templates in FACT_TEMPLATES.items():
            for template in templates:
                found = _match_words(words, template.split())
                if found is not None and (best is None or (found[0], -count) < best[:2]):
                    best = (found[0], -count, kind, spans[-count][0])
    return (best[2], best[3]) if best else None


def layout_of(matches: list[HeadingMatch]) -> Layout:
    """The older layout has the "Fra X sin søknad" heading and none of the newer layout's own sections."""
    kinds = {m.kind for m in matches}
    older = any(m.template in OLDER_EXCERPT_TEMPLATES for m in matches)
    return Layout.OLDER if older and not kinds & NEWER_ONLY else Layout.NEWER


def _folded_text(text: str) -> str:
    return fold(" ".join(text.split()))


def heading_prefix(line: str, names: list[str]) -> str | None:
    """The heading template ``line`` is the cut-off start of ("Utdrag f", "Hal" for "Hallingdals råd …").

    ``names`` are the region names the page gives elsewhere (title, headings), substituted for ``*``
    (also as a possessive); a template's fixed words before ``*`` match without them. None when
    ``line`` starts no heading, or is a whole heading.
    """
    text = _folded_text(line)
    if not text or text.endswith((".", "!", "?", ",", ";", ":")):
        return None
    for templates in SECTION_TEMPLATES.values():
        for template in templates:
            folded = fold(template)
            if "*" not in folded:
                if folded.startswith(text) and folded != text:
                    return template
                continue
            before, after = folded.split("*")
            if before and before.startswith(text):
                return template
            if before and text.startswith(before) and _rest_starts(text[len(before):], after):
                return template
            for name in names:
                for form in (_folded_text(name), _folded_text(name) + "s"):
                    full = folded.replace("*", form)
                    if full.startswith(text) and full != text:
                        return template
    return None


def _rest_starts(rest: str, after: str) -> bool:
    """Whether ``rest`` is 1–4 words of name followed by the start of ``after`` (or by nothing)."""
    words = rest.split(" ")
    for n in range(1, min(MAX_NAME_WORDS, len(words)) + 1):
        tail = " ".join(words[n:])
        if not tail or (after.startswith(" " + tail) and " " + tail != after):
            return True
    return False


def fact_label_prefix(text: str) -> bool:
    """Whether ``text`` is the cut-off start of a facts line's label ("Samarbeid", "Folketall i re")."""
    folded = _folded_text(text)
    return bool(folded) and any(fold(t).startswith(folded) and fold(t) != folded
                                for templates in FACT_TEMPLATES.values() for t in templates)
