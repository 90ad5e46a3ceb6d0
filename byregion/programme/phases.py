"""Which phases of the programme each region took part in, with how that is known (docs/programme.md).

Pure: the checked rows and the research notes in, a graph and the problems met out.

The table (``regions.csv``) lists regions of phase 2, so each of its regions took part in phase 2, as its
sources say. The notes name the municipalities whose regions came "directly" into phase 2; no source lists
phase 1. A region whose applicant is not among those names is therefore taken to have been in phase 1,
and the data says it is inferred and how::

    id:region/grenland br:participation id:region/grenland/phase/1, id:region/grenland/phase/2 .
    id:region/grenland/phase/1 a br:PhaseParticipation ;
        br:inPhase id:programme/byregionprogrammet/phase/1 ;
        br:confidence br:inferred ;
        rdfs:comment "…"@nb, "…"@en ;                    # how it was inferred, and what weakens it
        prov:wasDerivedFrom id:region/grenland/phase/1/source,          # the region's row
                            id:region/grenland/phase/1/notes .          # the notes' sentence (offsets)

A region new in phase 2 gets no phase-1 participation, and its phase-2 participation says it was new. Phase 1 is
stated, not inferred, where the region's own source describes phase 1 (the table's note says so: Ranaregionen) or
the notes say what happened to the region between the phases (Notodden "grew from two to six municipalities"). A
region whose source describes phase 1 has its phase 2 inferred instead (the table lists it there, but what it cites
does not say so), and so its members, whom that source names, are inferred to be phase 2's
(:func:`byregion.pages.membership_doubts`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS

from byregion import uris
from byregion.graph_index import GraphIndex
from byregion.namespaces import BASE, BR, bind_prefixes
from byregion.programme.graph import derived_from_passage, derived_from_row
from byregion.programme.rows import NOTES, REGIONS, Programme, Region

#: The notes' sentence naming the municipalities whose regions were new in phase 2, up to ";", the sentence's end, a
#: blank line or a line that opens a list item, as the research notes write it (in any case, across line breaks).
NEW_IN_PHASE_2 = re.compile(r"new\s+directly\s+in\s+phase\s+2\s*:\s*"
                            r"(?P<names>(?:[^;.\n]|\n(?![ \t]*(?:[-*+]\s|\d+\.\s|\n)))+)", re.IGNORECASE)
#: What a municipality's name looks like: letters first, then letters, spaces, hyphens, apostrophes, full stops.
_NAME = re.compile(r"[^\W\d_][\w '.-]*")
#: A table note saying that the region's source is about phase 1 (Ranaregionen): phase 1 is then stated.
_DESCRIBES_PHASE_1 = "describes phase 1"
#: Said of the phase-2 participation of a region whose source describes phase 1 (Ranaregionen): the table lists the
#: region in phase 2, but what it cites does not say so, nor that the members it names (phase 1's) were phase 2's.
_PHASE_2_FROM_PHASE_1_NB = ("Utledet: tabellen fører byregionen opp blant byregionene i fase 2, men kilden den viser "
                            "til, gjelder fase 1 (tabellens merknad). At den var med i fase 2, og med de samme "
                            "medlemskommunene, er derfor utledet, ikke oppgitt.")
_PHASE_2_FROM_PHASE_1_EN = ("Inferred: the table lists the region among those of phase 2, but the source it cites "
                            "describes phase 1 (the table's note). That it took part in phase 2, and with the same "
                            "member municipalities, is therefore inferred, not stated.")
#: What weakens an inferred phase 1, as the notes give it (README.md): no list, figures that do not add up, and
#: members that changed between the phases (the phase-2 page: "endring i sammensetningen av kommuner").
_CAVEAT_NB = ("Ingen kilde lister opp byregionene i fase 1, og tallene går ikke opp (33 − 2 + 7 = 38, men fase 2 "
              "hadde 37). Medlemskommunene kan ha vært andre i fase 1.")
_CAVEAT_EN = ("No source lists the regions of phase 1, and the figures do not add up (33 − 2 + 7 = 38, but phase 2 "
              "had 37). The member municipalities may have been others in phase 1.")
#: Small counts as words, as Norwegian and English prose write them ("de sju", "the seven").
_COUNT_NB = {2: "to", 3: "tre", 4: "fire", 5: "fem", 6: "seks", 7: "sju", 8: "åtte", 9: "ni", 10: "ti"}
_COUNT_EN = {2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven", 8: "eight", 9: "nine", 10: "ten"}


@dataclass(frozen=True)
class Passage:
    """A place in the notes: code-point offsets, the line it starts on, and what it says (verbatim)."""

    start: int
    end: int
    line: int
    text: str = ""


def through_both_phases(notes: str, name: str) -> Passage | None:
    """The notes' bullet on the region ``name`` that says what happened to it "between phase 1 and phase 2"
    (Notodden "grew from two to six municipalities"): it was in both, as the notes state. None where there is none."""
    found = re.search(rf"^[-*+][ \t]+{re.escape(name)}:[ \t]*(?P<said>[^\n]*?between\s+phase\s+1\s+and\s+phase\s+2)",
                      notes, re.IGNORECASE | re.MULTILINE)
    if found is None:
        return None
    return Passage(found.start(), found.end(), notes.count("\n", 0, found.start()) + 1, found["said"])


@dataclass(frozen=True)
class NewInPhase2:
    """The notes' sentence naming the newcomers of phase 2: the names, and where the sentence is."""

    names: tuple[str, ...]
    start: int  # code-point offsets of the sentence in the notes
    end: int
    line: int


def new_in_phase_2(notes: str) -> NewInPhase2 | None:
    """The names the notes give as new directly in phase 2, or None where the notes do not say."""
    found = NEW_IN_PHASE_2.search(notes)
    if found is None:
        return None
    names = tuple(name.strip() for name in re.split(r",|\band\b", found["names"]) if name.strip())
    return NewInPhase2(names, found.start(), found.end(), notes.count("\n", 0, found.start()) + 1)


def inner_quotes(text: str) -> str:
    """``text`` to quote inside double quotes (“…”, «…»): its own double quotes (straight or curly) made single
    ones, ‘…’."""
    return re.sub(r'["\u201c]([^"\u201c\u201d]*)["\u201d]', "\u2018\\1\u2019", text)


def _phase(number: int, base: str) -> URIRef:
    return URIRef(f"{uris.thing('programme', 'byregionprogrammet', base=base)}/phase/{number}")


class _Writer:
    def __init__(self, base: str, notes_node: URIRef) -> None:
        self.base, self.notes_node = base, notes_node
        self.graph = bind_prefixes(Graph())
        self.table = uris.source("programme-regions", base)

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        self.graph.add((s, p, o))

    def both(self, s: URIRef, p: URIRef, nb: str, en: str) -> None:
        self.add(s, p, Literal(nb, lang="nb"))
        self.add(s, p, Literal(en, lang="en"))

    def participation(self, region: Region, number: int) -> URIRef:
        node = uris.region(region.slug, self.base)
        item = URIRef(f"{node}/phase/{number}")
        self.add(node, BR.participation, item)
        self.add(item, RDF.type, BR.PhaseParticipation)
        self.add(item, BR.inPhase, _phase(number, self.base))
        self.both(item, RDFS.label, f"{region.name} i fase {number}", f"{region.name} in phase {number}")
        derived_from_row(self.graph, item, self.table, region.row, region.line,
                         label=(f"Rad {region.row} i {REGIONS}", f"Row {region.row} of {REGIONS}"))
        return item

    def from_bullet(self, item: URIRef, passage: Passage, region: str) -> None:
        derived_from_passage(self.graph, item, self.notes_node, passage.start, passage.end, passage.line, "notes",
                             (f"Avsnittet om {region} i merknadene, linje {passage.line}",
                              f"The notes' remark on {region}, line {passage.line}"))

    def from_notes(self, item: URIRef, sentence: NewInPhase2) -> None:
        derived_from_passage(self.graph, item, self.notes_node, sentence.start, sentence.end, sentence.line, "notes",
                             (f"Setningen om dem som ble tatt direkte opp i fase 2 (merknadene, linje {sentence.line})",
                              f"The notes' sentence on those admitted directly to phase 2, line {sentence.line}"))


def phases_graph(programme: Programme, notes: str | None, base: str = BASE) -> tuple[Graph, list[str]]:
    """Each region's participation in phase 2 and, where it follows from the notes, in phase 1; and the problems.

    The problems: a name the notes give as new in phase 2 that is the applicant of two regions (which one was
    new is then not known); names that cannot be names (the sentence read into the next); a region without a
    known applicant one of whose members is among the names (it may have been the new one). A name that is no
    region's applicant is a region not identified here. Without the notes (or without their sentence) only
    phase 2 is stated.
    """
    writer = _Writer(base, uris.source("programme-notes", base))
    sentence = new_in_phase_2(notes) if notes is not None else None
    new: dict[str, str] = {}  # region slug → the name the notes give
    problems = []
    unreadable = [name for name in sentence.names if not _NAME.fullmatch(name)] if sentence else []
    if sentence and unreadable:
        problems.append(f"{NOTES}, line {sentence.line}: the names new in phase 2 cannot be read: "
                        + ", ".join(repr(n) for n in unreadable))
    for name in sentence.names if sentence else ():
        regions = [r.slug for r in programme.regions if any(m.name == name for m in r.applicants)]
        if len(regions) > 1:
            problems.append(f"{NOTES}, line {sentence.line if sentence else '?'}: {name}, new in phase 2, is the "
                            f"applicant of {', '.join(regions)} in {REGIONS}: which region was new is not known")
        elif regions:
            new[regions[0]] = name
    count = len(sentence.names) if sentence else 0
    among_nb = f"de {_COUNT_NB.get(count, str(count))}" if count > 1 else "dem"
    among_en = f"the {_COUNT_EN.get(count, str(count))}" if count > 1 else "those"
    for region in programme.regions:
        second = writer.participation(region, 2)
        for address in region.sources:
            writer.add(second, DCTERMS.source, URIRef(address))
        if _DESCRIBES_PHASE_1 in region.note.lower():  # the table lists it in phase 2; what it cites is of phase 1
            writer.add(second, BR.confidence, BR.inferred)
            writer.both(second, RDFS.comment, _PHASE_2_FROM_PHASE_1_NB, _PHASE_2_FROM_PHASE_1_EN)
        if sentence is None:
            continue
        if region.slug in new:
            writer.both(second, RDFS.comment,
                        f"Ny i fase 2: søkerkommunen {new[region.slug]} er blant {among_nb} som ifølge merknadene ble "
                        "tatt direkte opp i fase 2.",
                        f"New in phase 2: its applicant, {new[region.slug]}, is among {among_en} the notes say were "
                        "admitted directly to phase 2.")
            writer.from_notes(second, sentence)
            continue
        newcomers = [m.name for m in region.members if m.name in sentence.names]
        if not region.applicants and newcomers:  # its applicant is not known, and a member of it came in new
            problems.append(f"{REGIONS}, line {region.line}: {region.slug} has no known applicant, and its member "
                            f"{', '.join(newcomers)} is among the names new in phase 2 ({NOTES}, line "
                            f"{sentence.line}): whether the region was in phase 1 is not known")
            continue
        first = writer.participation(region, 1)
        if notes is not None and (bullet := through_both_phases(notes, region.name)) is not None:
            writer.from_bullet(first, bullet, region.name)  # the notes say it changed between the phases: stated
            # the notes' words verbatim (English): what happened between them; a quotation in them is in single
            # quotes inside ours ("from two to six municipalities" had stood in straight double quotes inside “”)
            said = inner_quotes(bullet.text)
            writer.both(first, RDFS.comment,  # its page marks the «…» as English (it cites the notes, in English)
                        f"Merknadene skriver om byregionen: «{said}». Den var altså med i både fase 1 og fase 2.",
                        f"The notes say of the region: \u201c{said}\u201d. So it took part in both phase 1 and "
                        "phase 2.")
            continue
        if _DESCRIBES_PHASE_1 in region.note.lower():  # its own source: no inference, so not the newcomers' sentence
            for address in region.sources:
                writer.add(first, DCTERMS.source, URIRef(address))
            writer.both(first, RDFS.comment, "Kilden for medlemslisten gjelder fase 1.",
                        "The source of the member list is about phase 1.")
            continue
        writer.from_notes(first, sentence)
        writer.add(first, BR.confidence, BR.inferred)
        applicant = ", ".join(m.name for m in region.applicants)
        who = f"søkerkommunen ({applicant}) er ikke" if applicant else "ingen av medlemmene er"
        who_en = f"its applicant ({applicant}) is not" if applicant else "none of its members is"
        weaker = ("" if applicant else " Søkerkommunen er ikke kjent, så slutningen er svakere enn for de andre.",
                  "" if applicant else " Its applicant is not known, so the inference is weaker than for the others.")
        writer.both(first, RDFS.comment,
                    f"Utledet: byregionen var med i fase 2, og {who} blant {among_nb} som ifølge merknadene ble "
                    f"tatt direkte opp i fase 2 ({', '.join(sentence.names)}). Derfor antas den å ha vært med i "
                    f"fase 1.{weaker[0]} {_CAVEAT_NB}",
                    f"Inferred: the region took part in phase 2, and {who_en} among {among_en} the notes say "
                    f"were admitted directly to phase 2 ({', '.join(sentence.names)}). It is therefore taken to have "
                    f"been in phase 1.{weaker[1]} {_CAVEAT_EN}")
    return writer.graph, problems


def taken(index: GraphIndex, region: URIRef, br: Namespace) -> tuple[list[str], list[str]]:
    """The numbers of the phases ``region`` took part in as the graph holds them (its ``br:participation``), and of
    those inferred (``…/phase/1`` → ``1``; ``/doc/regions.csv`` and the programme's GeoJSON)."""
    found: dict[str, bool] = {}
    for participation in index.values(region, br.participation):
        phase = index.value(participation, br.inPhase)
        if isinstance(phase, URIRef):
            found[str(phase).rsplit("/", 1)[-1]] = index.value(participation, br.confidence) == br.inferred
    ordered = sorted(found, key=lambda n: (len(n), n))
    return ordered, [n for n in ordered if found[n]]
