"""The reference graph: sources, municipalities, counties, their numbers, changes and figures.

Shape: docs/MODEL.md "Municipalities and counties over time".
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from byregion import i18n, uris
from byregion.namespaces import BR, DQV, OA, SCHEMA, WD, bind_prefixes
from byregion.reference.figures import add_figures
from byregion.reference.identity import Event, Reference, Unit
from byregion.reference.rows import UnitRow
from byregion.reference.sources import ARTSDATABANKEN, KLASS, ORGNR_SOURCE, SOURCES

BRREG_PAGE = "https://data.brreg.no/enhetsregisteret/oppslag/enheter/"
_KIND_LABELS = {"merger": ("sammenslåing", "merger"), "split": ("deling", "split"),
                "renumbering": ("nytt nummer", "renumbering"), "nameChange": ("navneendring", "name change"),
                "boundaryAdjustment": ("grensejustering", "boundary adjustment")}
#: The changes table's wordings of a change (its ``kind`` column, the English ``dct:description``) in Norwegian. A
#: change with a wording that is not here has its English description only (the pages show it marked as English).
KIND_WORDINGS_NB = {
    "renumbering": "nytt nummer",
    "renumbering and name change": "nytt nummer og navneendring",
    "name change": "navneendring",
    "merger": "sammenslåing",
    "merger (part of the old municipality)": "sammenslåing (del av den gamle kommunen)",
    "merger (code kept, absorbs others)": "sammenslåing (beholder nummeret og innlemmer andre)",
    "county merger": "fylkessammenslåing",
    "split": "deling",
    "county split": "fylkesdeling",
    "boundary adjustment": "grensejustering",
    "boundary adjustment (grunnkrets level)": "grensejustering (på grunnkretsnivå)",
    "boundary adjustment (grunnkrets level, both directions)": "grensejustering (på grunnkretsnivå, begge veier)",
    "boundary adjustment (grunnkrets Verrabotn)": "grensejustering (grunnkretsen Verrabotn)",
    "boundary adjustment (grunnkretser Andgard and Hjuksebø)": "grensejustering (grunnkretsene Andgard og Hjuksebø)",
    "boundary adjustment (part transferred)": "grensejustering (en del overført)",
    "boundary adjustment (receives part of 0720 Stokke; code kept)":
        "grensejustering (får en del av 0720 Stokke; beholder nummeret)",
    "municipality moved to another county (1444 Hornindal merged into 1577 Volda)":
        "kommune flyttet til et annet fylke (1444 Hornindal innlemmet i 1577 Volda)",
    "municipality moved to another county (1567 Rindal -> 5061)":
        "kommune flyttet til et annet fylke (1567 Rindal -> 5061)",
    "municipalities moved to another county (0532 Jevnaker, 0533 Lunner)":
        "kommuner flyttet til et annet fylke (0532 Jevnaker, 0533 Lunner)",
    "municipality moved to another county (0711 Svelvik merged into 3005 Drammen)":
        "kommune flyttet til et annet fylke (0711 Svelvik innlemmet i 3005 Drammen)",
    "municipality moved to another county (1571 Halsa merged into 5055 Heim)":
        "kommune flyttet til et annet fylke (1571 Halsa innlemmet i 5055 Heim)",
    "municipality moved to another county (1852 Tjeldsund merged into 5412 Tjeldsund)":
        "kommune flyttet til et annet fylke (1852 Tjeldsund innlemmet i 5412 Tjeldsund)",
}


def build_graph(ref: Reference) -> Graph:
    """The reference graph (docs/MODEL.md "Municipalities and counties over time")."""
    graph = bind_prefixes(Graph())
    for source in SOURCES:
        iri = uris.source(source.slug)
        graph.add((iri, RDF.type, BR.ReferenceSource))
        graph.add((iri, RDF.type, PROV.Entity))
        graph.add((iri, DCTERMS.title, Literal(source.title_nb, lang="nb")))
        graph.add((iri, DCTERMS.title, Literal(source.title_en, lang="en")))
        graph.add((iri, DCTERMS.source, URIRef(source.upstream)))
        for snapshot in source.snapshots:
            graph.add((iri, RDFS.seeAlso, URIRef(snapshot)))
    for unit in ref.municipalities:
        _add_unit(graph, unit, ref)
    for unit in ref.counties:
        _add_unit(graph, unit, ref)
    for unit in ref.municipalities:
        add_figures(graph, unit.iri(), unit.slug, unit.preferred_name, unit.populations, unit.areas)
    changed = [(event, *numbers_changed(event)) for event in ref.events]
    # A split is an event per part (Viken's into Akershus, Buskerud and Østfold), all ending Viken's 30; PROV lets
    # one activity invalidate an entity, so a number more than one event ended is invalidated by none of them.
    ended_by = Counter(number for _, ended, _ in changed for number in ended)
    divided = divided_units(ref.events)
    for event, ended, began in changed:
        _add_event(graph, event, [n for n in ended if ended_by[n] == 1], began, divided)
    for earlier, later in ref.successions:
        graph.add((URIRef(earlier), BR.succeededBy, URIRef(later)))
        graph.add((URIRef(later), BR.succeeds, URIRef(earlier)))
    return graph


def _labels(graph: Graph, iri: URIRef, text: str, *predicates: URIRef) -> None:
    for predicate in predicates or (SKOS.prefLabel, RDFS.label):
        for lang in ("nb", "en"):  # no English names in the sources: the Norwegian name serves both
            graph.add((iri, predicate, Literal(text, lang=lang)))


def _span(unit: Unit, code: str) -> str:
    """``3808 (2020–2023)``: a code and the years it was valid, open where the records give no end or no start
    (``0807 (–2019)``, ``4005 (2024–)``)."""
    rows = [r for r in unit.rows if r.code == code]
    start = None if any(r.period.start is None for r in rows) else min(r.period.start for r in rows if r.period.start)
    end = None if any(r.period.end is None for r in rows) else max(r.period.end for r in rows if r.period.end)
    return f"{code} ({start.year if start else ''}–{end.year if end else ''})"


def _listed(items: list[str], lang: str) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + (" og " if lang == "nb" else " and ") + items[-1]


#: The note's label, which the page links (nb, en).
ORGNR_NOTE_LABEL = {"nb": "Hvor sikkert organisasjonsnummeret er", "en": "How sure the organisation number is"}


def _orgnr_note(graph: Graph, unit: Unit, orgnr: str) -> None:
    """Where an organisation number is confirmed for some of the unit's numbers only (the region table's confidence
    "high" for one code, "medium (same legal entity assumed)" for the others, and a code the table has no row for
    is not confirmed either), a quality note on the unit says for which it is confirmed and for which carried over:
    the number itself is stated for the unit's whole life."""
    codes = dict.fromkeys(r.code for r in unit.rows)
    confirmed = [_span(unit, c) for c in codes if unit.orgnr_codes.get(c)]
    assumed = [_span(unit, c) for c in codes if not unit.orgnr_codes.get(c)]
    if not assumed:
        return
    iri = unit.iri()
    note = uris.organisation_number_note(str(iri))
    number_nb, numbers_nb, number_en, numbers_en = ("kommunenummer", "kommunenummer", "municipality number",
                                                    "municipality numbers") if unit.level == "municipality" else \
        ("fylkesnummer", "fylkesnummer", "county number", "county numbers")
    entity_nb, entity_en = ("kommunen", "the municipality") if unit.level == "municipality" else \
        ("fylkeskommunen", "the county authority")
    nb = en = ""
    if confirmed:
        nb = (f"SSBs korrespondansetabell 1236 (organisasjonsnummer–kommunenummer) bekrefter organisasjonsnummeret "
              f"{orgnr} for {number_nb} {_listed(confirmed, 'nb')}. ")
        en = (f"SSB's correspondence table 1236 (organisation number to municipality number) confirms the "
              f"organisation number {orgnr} for {number_en if len(confirmed) == 1 else numbers_en} "
              f"{_listed(confirmed, 'en')}. ")
    nb += (f"For {numbers_nb if len(assumed) > 1 else number_nb} {_listed(assumed, 'nb')} er det videreført under "
           f"forutsetning av at {entity_nb} er samme juridiske enhet; dette er ikke bekreftet.")
    en += (f"For {numbers_en if len(assumed) > 1 else number_en} {_listed(assumed, 'en')} it is carried over on the "
           f"assumption that {entity_en} is the same legal entity; that is not confirmed.")
    _quality_note(graph, iri, note, ORGNR_NOTE_LABEL, {"nb": nb, "en": en}, ORGNR_SOURCE)


#: How counties.csv's ``source`` says a row's Wikidata item is assumed to be an earlier county's, not verified.
ASSUMED_QID = "QID: ASSUMED"
IDENTITY_NOTE_LABEL = {"nb": "Antatt samme fylke", "en": "Assumed to be the same county"}
#: How changes.csv's ``source`` says a row is this project's own derivation, not a change SSB's notes state.
DERIVED_ROW = "Derived by this project"
DERIVATION_NOTE_LABEL = {"nb": "Utledet av dette prosjektet", "en": "Derived by this project"}


def _quality_note(graph: Graph, target: URIRef, note: URIRef, labels: dict[str, str], comments: dict[str, str],
                  source: str) -> None:
    """A ``dqv:QualityAnnotation`` on ``target`` in nb and en, derived from the reference source ``source``."""
    graph.add((target, DQV.hasQualityAnnotation, note))
    graph.add((note, RDF.type, DQV.QualityAnnotation))
    graph.add((note, OA.hasTarget, target))
    graph.add((note, OA.motivatedBy, DQV.qualityAssessment))
    graph.add((note, PROV.wasDerivedFrom, uris.source(source)))
    for lang in ("nb", "en"):
        graph.add((note, RDFS.label, Literal(labels[lang], lang=lang)))
        graph.add((note, SKOS.prefLabel, Literal(labels[lang], lang=lang)))
        graph.add((note, RDFS.comment, Literal(comments[lang], lang=lang)))


def _identity_note(graph: Graph, unit: Unit) -> None:
    """A county whose number from 2024 is held to be the same county as an earlier number because the research
    table assumes their Wikidata item is the same (``QID: ASSUMED … not verified``): the data says so, on the county
    (Buskerud is one county with 06 until 2019 and 33 from 2024 on that assumption alone)."""
    assumed = [r for r in unit.rows if ASSUMED_QID in r.sources]
    earlier = sorted({r.code for r in unit.rows if ASSUMED_QID not in r.sources})
    if unit.level != "county" or not assumed or not earlier:
        return
    name, qid = unit.preferred_name, assumed[0].qid_as_given
    new = {lang: " og ".join(f"{r.code} (fra {i18n.date(r.period.start, 'nb')})" for r in assumed) if lang == "nb"
           else " and ".join(f"{r.code} (from {i18n.date(r.period.start, 'en')})" for r in assumed)
           for lang in ("nb", "en")}
    old_nb, old_en = " og ".join(earlier), " and ".join(earlier)
    comments = {
        "nb": f"{name} med fylkesnummer {new['nb']} er her samme fylke som {name} med fylkesnummer {old_nb}, fordi "
              f"kildene gir dem samme Wikidata-element ({qid}); for det nye nummeret er det antatt, ikke bekreftet. "
              f"Det som sies om fylket før og etter, hviler på den antagelsen.",
        "en": f"{name} with county number {new['en']} is here the same county as {name} with county number "
              f"{old_en}, because the sources give them the same Wikidata item ({qid}); for the new number that is "
              f"assumed, not verified. What is said of the county before and after rests on that assumption."}
    _quality_note(graph, unit.iri(), uris.identity_note(str(unit.iri())), IDENTITY_NOTE_LABEL, comments,
                  ARTSDATABANKEN)


def _add_unit(graph: Graph, unit: Unit, ref: Reference) -> None:
    iri, municipal = unit.iri(), unit.level == "municipality"
    graph.add((iri, RDF.type, BR.Municipality if municipal else BR.County))
    _labels(graph, iri, unit.preferred_name)
    for name in sorted({n for r in unit.rows for n in (r.name, *r.variants)} - {unit.preferred_name}):
        _labels(graph, iri, name, SKOS.altLabel)
    sources = {KLASS}
    for qid in unit.qids():
        graph.add((iri, RDFS.seeAlso if qid in ref.shared_qids else OWL.sameAs, WD[qid]))
        sources.add(ARTSDATABANKEN)
    if not municipal and any("name: Artsdatabanken" in r.sources for r in unit.rows):
        sources.add(ARTSDATABANKEN)
    for orgnr in unit.orgnrs:
        graph.add((iri, BR.organisationNumber, Literal(orgnr)))
        graph.add((iri, RDFS.seeAlso, URIRef(BRREG_PAGE + orgnr)))
        sources.add(ORGNR_SOURCE)
        _orgnr_note(graph, unit, orgnr)
    for slug in sources:
        graph.add((iri, PROV.wasDerivedFrom, uris.source(slug)))
    _identity_note(graph, unit)
    if unit.end != dt.date.max:  # ended: its last day, that of its last number (docs/reference.md)
        graph.add((iri, SCHEMA.dissolutionDate, Literal(unit.end, datatype=XSD.date)))
    by_code: dict[str, list[UnitRow]] = defaultdict(list)
    for r in unit.rows:
        by_code[r.code].append(r)
    for code, rows in by_code.items():
        number = unit.number_iri(code)
        graph.add((iri, BR.municipalityNumber if municipal else BR.countyNumber, number))
        graph.add((number, RDF.type, BR.MunicipalityNumber if municipal else BR.CountyNumber))
        graph.add((number, SKOS.notation, Literal(code)))
        starts, ends = [r.period.start for r in rows], [r.period.end for r in rows]
        if None not in starts:
            graph.add((number, SCHEMA.validFrom, Literal(min(d for d in starts if d), datatype=XSD.date)))
        if None not in ends:
            graph.add((number, SCHEMA.validThrough, Literal(max(d for d in ends if d), datatype=XSD.date)))
        if municipal:
            graph.add((number, BR.county, ref.county_of_code[code[:2]].iri()))
        graph.add((number, RDFS.label, Literal(f"{code} {rows[-1].name}", lang="nb")))
        graph.add((number, RDFS.label, Literal(f"{code} {rows[-1].name}", lang="en")))
        graph.add((number, PROV.wasDerivedFrom, uris.source(KLASS)))


#: How a label says what a change did, with the other units it names (``{others}``): "Viken: sammenslåing av
#: Østfold, Akershus og Buskerud", "Akershus: fra delingen av Viken", "Notodden: grensejustering med Sauherad".
_KIND_WITH_OTHERS = {"merger": ("sammenslåing av {others}", "merger of {others}"),
                     "split": ("fra delingen av {others}", "from the split of {others}"),
                     "boundaryAdjustment": ("grensejustering med {others}", "boundary adjustment with {others}"),
                     "mergerWith": ("sammenslåing med {others}", "merger with {others}")}


def _listing(names: list[str], lang: str) -> str:
    """``A, B og C`` / ``A, B and C``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {'og' if lang == 'nb' else 'and'} {names[-1]}"


_PART_OF = ("deler av {name}", "part of {name}")


def divided_units(events: list[Event]) -> frozenset[tuple[str, dt.date]]:
    """The units (IRI, day) that went into more than one other unit on one day: Snillfjord in 2020, split between
    Hitra, Orkland and Heim, each of which took a part of it (its changes name Snillfjord whole in each); also one
    that gave a small part to a neighbour (Sauherad, a part of which went to Notodden), whose merger is then of a
    part too.
    Two events of one receiving unit that day (a merger and an adjustment) are one."""
    went_into: dict[tuple[str, dt.date], set[str]] = defaultdict(set)
    for event in events:
        for unit in event.original:
            if unit is not event.unit:
                went_into[(str(unit.iri()), event.date)].add(str(event.unit.iri()))
    return frozenset(key for key, receivers in went_into.items() if len(receivers) > 1)


def change_label(event: Event, kinds: list[str], lang: str,
                 divided: frozenset[tuple[str, dt.date]] = frozenset()) -> str:
    """The change as its unit's page lists it: the unit, what happened with which others, and the day. The unit is
    the one the change produced, so a split names what was split ("Akershus: fra delingen av Viken"), not the unit
    as if it had split; a merger names a unit that went into several (``divided``) as a part of it ("Hitra:
    sammenslåing med deler av Snillfjord")."""
    at = 0 if lang == "nb" else 1
    merger = "merger" in kinds and "split" not in kinds  # a split and an adjustment name a part already

    def named(unit: Unit) -> str:
        whole = (str(unit.iri()), event.date) not in divided or not merger
        return unit.preferred_name if whole else _PART_OF[at].format(name=unit.preferred_name)
    others = _listing([named(u) for u in event.original if u is not event.unit], lang) \
        if any(u is not event.unit for u in event.original) else ""
    kept = any(u is event.unit for u in event.original)  # Larvik absorbing Lardal: a merger *with* Lardal
    what = [(_KIND_WITH_OTHERS["mergerWith" if k == "merger" and kept else k][at].format(others=others)
             if others and k in _KIND_WITH_OTHERS else _KIND_LABELS[k][at]) for k in kinds]
    day = i18n.date(event.date.isoformat(), lang)  # in words, as a sentence writes it: "1. januar 2020"
    return f"{event.unit.preferred_name}: {', '.join(what)} {day if lang == 'nb' else 'on ' + day}"


def numbers_changed(event: Event) -> tuple[list[URIRef], list[URIRef]]:
    """The numbers ``event`` ended (its changes' old codes, held by an original unit until the day before and not
    on the day) and the numbers it gave (their new codes, held by a resulting unit from the day and not the day
    before): 0807 and 3808 for Notodden's renumbering on 2020-01-01; none for a boundary adjustment or a change of
    name, where the units keep their numbers."""
    before = event.date - dt.timedelta(days=1)

    def held(unit: Unit, code: str, day: dt.date) -> bool:
        return any(r.code == code and r.period.covers(day) for r in unit.rows)

    rows = [c for c in event.rows if "boundaryAdjustment" not in c.kinds]  # an adjustment moves land, no numbers
    ended = {unit.number_iri(code) for unit in event.original for code in {c.old_code for c in rows}
             if held(unit, code, before) and not held(unit, code, event.date)}
    began = {unit.number_iri(code) for unit in event.resulting for code in {c.new_code for c in rows}
             if held(unit, code, event.date) and not held(unit, code, before)}
    return sorted(ended, key=str), sorted(began, key=str)


def _add_event(graph: Graph, event: Event, ended: list[URIRef], began: list[URIRef],
               divided: frozenset[tuple[str, dt.date]]) -> None:
    day = event.date.isoformat()
    iri = uris.thing(event.level, event.unit.slug, "change", f"{day}-{event.part}" if event.part else day)
    graph.add((iri, RDF.type, BR.MunicipalityChange))  # the ontology: municipalities or counties
    kinds = sorted({k for c in event.rows for k in c.kinds})
    for kind in kinds:
        graph.add((iri, BR.changeKind, BR[kind]))
    for unit in event.original:
        graph.add((iri, ORG.originalOrganization, unit.iri()))
    for unit in event.resulting:
        graph.add((iri, ORG.resultingOrganization, unit.iri()))
    graph.add((iri, DCTERMS.date, Literal(event.date, datatype=XSD.date)))
    for change in event.rows:  # a change of name: the name it ended and the one it gave, as the register wrote them
        if "nameChange" in change.kinds:
            graph.add((iri, BR.previousName, Literal(change.row.get("old_name"))))
            graph.add((iri, BR.newName, Literal(change.row.get("new_name"))))
    for number in ended:  # a change is a prov:Activity (org:ChangeEvent): the numbers it ended and gave
        graph.add((iri, PROV.invalidated, number))
    for number in began:
        graph.add((iri, PROV.generated, number))
    for lang in ("nb", "en"):
        graph.add((iri, RDFS.label, Literal(change_label(event, kinds, lang, divided), lang=lang)))
    # The CSV's own wording of the kind keeps details (which grunnkretser, which direction); in Norwegian too.
    wordings = sorted({c.kind for c in event.rows})
    graph.add((iri, DCTERMS.description, Literal("; ".join(wordings), lang="en")))
    if all(w in KIND_WORDINGS_NB for w in wordings):
        graph.add((iri, DCTERMS.description, Literal("; ".join(KIND_WORDINGS_NB[w] for w in wordings), lang="nb")))
    # dct:source, not prov:wasDerivedFrom: a change is an event (org:ChangeEvent ⊑ prov:Activity), and
    # prov:wasDerivedFrom is said of entities (PROV-O: domain and range prov:Entity, disjoint with prov:Activity)
    graph.add((iri, DCTERMS.source, uris.source(KLASS)))
    derived = sorted({c.kind for c in event.rows if c.row.get("source").startswith(DERIVED_ROW)})
    if derived:  # named part by part: an event may join a change SSB states (Jevnaker) and one derived (Svelvik)
        parts_nb = "; ".join(KIND_WORDINGS_NB.get(w, w) for w in derived)
        comments = {"nb": f"SSBs merknader oppgir ikke dette: {parts_nb}. Dette prosjektet har utledet det fra "
                          "endringstabellen i SSB KLASS 131, der kommunen går inn i en kommune i et annet fylke.",
                    "en": f"SSB's notes do not state this: {'; '.join(derived)}. This project derived it from the "
                          "change table of SSB KLASS 131, where the municipality is merged into one in another county."}
        _quality_note(graph, iri, uris.derivation_note(str(iri)), DERIVATION_NOTE_LABEL, comments, KLASS)
