"""Municipality names in a facts block → municipality IRIs of the reference graph.

The reference (``data/reference/norway.ttl``, MODEL.md shape) gives each municipality labels and
numbers with validity periods. A name resolves to the municipality that is known by that name and
has a number valid on the page's reference date. Names match case-insensitively, by label, by any
part of a parallel name ("Raarvihke - Røyrvik"), by a number's label ("0807 Notodden") and by the
KLASS disambiguated form: "Bø" matches "Bø (Telemark)".
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from byregion.importer.facts import HYPHEN_BREAK
from byregion.literals import visible
from byregion.namespaces import BR, SCHEMA


@dataclass(frozen=True)
class Resolution:
    """The outcome for one name: ``iri`` when one municipality was chosen; every one that fits."""

    name: str
    iri: URIRef | None
    candidates: tuple[URIRef, ...]


#: Dashes a page may write in a name's hyphen: hyphen, non-breaking hyphen, figure, en and em dash, minus.
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
#: A hyphen inside a name (``Nord-Fron``): as a space, so that ``Sør Fron`` and ``Sør–Fron`` meet ``Sør-Fron``. A
#: dash between spaces (``Raarvihke - Røyrvik``) is the separator of a double name (:func:`_name_forms`) and stays.
_INNER_HYPHEN = re.compile(r"(?<=\S)-(?=\S)")


#: The forms of a name in several languages written with slashes, as the reference writes them with " - ".
_SLASH = re.compile(r"\s*/\s*")


def _norm(name: str) -> str:
    """A name as it is compared: composed (NFC: "Flå" in decomposed form is Flå), case-folded, dashes and spaces
    made one, and without invisible format characters (a soft hyphen from ``&shy;``, a zero-width space)."""
    # "Drange-" / "dal" is Drangedal; "Storfjord/Omasvuotna" is written "Storfjord - Omasvuotna"
    joined = _SLASH.sub(" - ", HYPHEN_BREAK.sub("", name))
    shown = visible(unicodedata.normalize("NFC", joined))
    return " ".join(_INNER_HYPHEN.sub(" ", _DASHES.sub("-", shown.casefold())).split())


#: A county after a name, as KLASS writes it where two municipalities bear the name: "bø (telemark)".
_QUALIFIER = re.compile(r"\s*\([^)]*\)\s*$")


def _name_forms(label: str) -> set[str]:
    """Every form under which ``label`` may be written on a page."""
    label = _norm(label)
    forms = {label}
    bare = re.sub(r"\s*\([^)]*\)\s*$", "", label)  # "bø (telemark)" → "bø"
    forms.add(bare)
    for part in re.split(r"\s+-\s+", bare):  # "raarvihke - røyrvik" → both parts
        forms.add(part)
    return {f for f in forms if f}


def _labels(graph: Graph, node: URIRef) -> Iterable[str]:
    for prop in (SKOS.prefLabel, SKOS.altLabel, RDFS.label):
        for value in graph.objects(node, prop):
            yield str(value)
    for number in graph.objects(node, BR.municipalityNumber):
        for value in graph.objects(number, RDFS.label):
            yield re.sub(r"^\d{4}\s+", "", str(value))  # "0807 Notodden" → "Notodden"


def _valid_on(graph: Graph, node: URIRef, on_date: dt.date | None) -> bool:
    """Whether ``node`` held a number valid on ``on_date``."""
    return on_date is None or any(_number_valid_on(graph, number, on_date)
                                  for number in graph.objects(node, BR.municipalityNumber))


def _number_valid_on(graph: Graph, number: Node, on_date: dt.date | None) -> bool:
    """Whether ``number`` was valid on ``on_date`` (any number is, without a date)."""
    if on_date is None:
        return True
    start, end = graph.value(number, SCHEMA.validFrom), graph.value(number, SCHEMA.validThrough)
    return (start is None or _date(start) <= on_date) and (end is None or on_date <= _date(end))


def _date(value: object) -> dt.date:
    python = value.toPython() if isinstance(value, Literal) else value
    return python if isinstance(python, dt.date) else dt.date.fromisoformat(str(python))


def _county_on(graph: Graph, node: URIRef, on_date: dt.date | None) -> set[URIRef]:
    counties = set()
    for number in graph.objects(node, BR.municipalityNumber):
        if _number_valid_on(graph, number, on_date):
            counties |= {c for c in graph.objects(number, BR.county) if isinstance(c, URIRef)}
    return counties


#: What a page may write after a municipality's name: "kommune" (or "kommune" in Nynorsk, or the plural), a remark
#: in parentheses. A name that itself ends so ("Bø (Telemark)") is found before this is taken off.
_AFTER_NAME = re.compile(r"(?:\s+kommun(?:e|ar|er)|\s*\([^()]*\))+$")


def _bare(name: str) -> str:
    """``name`` as compared, without what a page may write after it (:data:`_AFTER_NAME`) unless that is all of it."""
    compared = _norm(name)
    return _AFTER_NAME.sub("", compared) or compared


#: What a page may write after a county's name: "Telemark fylke", "Viken fylkeskommune".
_COUNTY_AFTER = re.compile(r"\s+fylke(?:skommunen?|t)?$")


#: At most this many names a warning offers for a name no municipality has (:meth:`MunicipalityNames.near`).
NEAR_NAMES = 3
#: How alike a name must be to be offered: difflib's ratio, twice the letters in common over both lengths. A letter
#: left out of Notodden is 0.93, Kviteseid's "e" 0.94; Bø and Bo, 0.5.
NEAR_RATIO = 0.8


class MunicipalityNames:
    """The reference graph's municipalities by every form of their names, for many look-ups in one graph.

    An import resolves each name of a page's facts two or three times; scanning every municipality's labels and
    numbers in the graph for each took about 0.1 s a name, most of an import. The graph must not change while
    this is in use (an import reads it only).
    """

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        #: name → the municipalities with a label of that name, and those with it as another form (in IRI order)
        self.exact: dict[str, list[URIRef]] = {}
        self.loose: dict[str, list[URIRef]] = {}
        #: name → the municipalities that bore it with a county after it, each with the number they bore it under
        #: ("bø" → Bø (Telemark) and its 0821): the name named another too while that number was valid
        self.qualified: dict[str, list[tuple[URIRef, Node]]] = {}
        for node in sorted({n for n in graph.subjects(RDF.type, BR.Municipality) if isinstance(n, URIRef)}):
            labels = list(_labels(graph, node))
            exact = {_norm(label) for label in labels}
            forms = {form for label in labels for form in _name_forms(label)}
            for name in exact:
                self.exact.setdefault(name, []).append(node)
            for number in graph.objects(node, BR.municipalityNumber):
                for label in graph.objects(number, RDFS.label):
                    name = _norm(re.sub(r"^\d{4}\s+", "", str(label)))
                    bare = _QUALIFIER.sub("", name)
                    if bare != name:
                        self.qualified.setdefault(bare, []).append((node, number))
            for name in forms - exact:
                self.loose.setdefault(name, []).append(node)
        self._near_forms: dict[dt.date | None, dict[str, list[URIRef]]] = {}  # _forms_on's, by date
        self._counties: dict[str, str] | None = None  # county's, made when first asked

    def resolve(self, name: str, on_date: dt.date | None,
                prefer_counties: frozenset[URIRef] = frozenset()) -> Resolution:
        """The municipality called ``name`` on ``on_date``: see :func:`resolve_municipality`. A name no
        municipality has is tried again without what a page may write after it: "Harstad kommune", "Salangen (7
        kommuner)"."""
        found = self._resolve(_norm(name), name, on_date, prefer_counties)
        if found.candidates:
            return found
        # a name broken at its own hyphen: "Drange-" / "dal" is Drangedal, but "Sør-" / "Fron" is Sør-Fron (an
        # unseen-pages review: it had become a placeholder municipality "SørFron")
        hyphenated = _norm(HYPHEN_BREAK.sub("-", name))
        if hyphenated != _norm(name) and (kept := self._resolve(hyphenated, name, on_date, prefer_counties)).candidates:
            return kept
        bare = _AFTER_NAME.sub("", _norm(name))
        if bare and bare != _norm(name) and (shorter := self._resolve(bare, name, on_date, prefer_counties)).candidates:
            return shorter
        # a name with a form in another language no record has: "Bodø/Bådåddjo", "Bardu/Beardu" (an unseen-pages
        # review: a placeholder municipality, which the programme's table then contradicted); the one part that
        # names a municipality names it, the page's words kept
        parts = [part for part in _SLASH.split(name) if part.strip()] if "/" in name else []
        named = [found_part for part in parts
                 if (found_part := self._resolve(_norm(part), name, on_date, prefer_counties)).candidates]
        return named[0] if len(named) == 1 else found

    def _resolve(self, wanted: str, name: str, on_date: dt.date | None,
                 prefer_counties: frozenset[URIRef]) -> Resolution:
        exact = [n for n in self.exact.get(wanted, ()) if _valid_on(self.graph, n, on_date)]
        loose = [n for n in self.loose.get(wanted, ()) if _valid_on(self.graph, n, on_date)]
        candidates = every = exact + loose
        if len(candidates) > 1 and prefer_counties:
            local = [c for c in candidates if _county_on(self.graph, c, on_date) & prefer_counties]
            candidates = local or candidates
        # A label of exactly the name beats another's "Name (County)", unless that one held its number on the date:
        # KLASS puts the county after a name while two municipalities bear it, so the name then named either. The
        # reference labels a municipality by its latest name: Bø in Nordland is "Bø" since 2020, "Bø (Nordland)"
        # before, and "Bø" on a page of 2015 is Bø in Telemark as much as Bø in Nordland.
        clash = any(node in candidates and node not in exact and _number_valid_on(self.graph, number, on_date)
                    for node, number in self.qualified.get(wanted, ()))
        if len(candidates) > 1 and any(c in exact for c in candidates) and not clash:
            candidates = [c for c in candidates if c in exact]
        return Resolution(name, candidates[0] if len(candidates) == 1 else None, tuple(every))

    def held(self, name: str) -> list[str]:
        """When the municipalities called ``name`` at any date held a number, and what followed them: for a
        name the page's date does not fit ("Sauherad 0822 until 2019-12-31, then Midt-Telemark")."""
        found = self.resolve(name, None)
        return [self._history(node) for node in found.candidates]

    def near(self, name: str, on_date: dt.date | None) -> list[str]:
        """The names of the municipalities of ``on_date`` spelt most like ``name``, a name none of them has (a letter
        left out, doubled or swapped: "Notoden" → Notodden), for its warning, each as its number of the date was
        labelled ("Nes (Buskerud)" in 2015, Nesbyen since 2020): at most :data:`NEAR_NAMES`, those at
        least :data:`NEAR_RATIO` alike (difflib's ratio of the compared forms, a county after a name left out on both
        sides), none when no name is that near or ``name`` is a county's (:meth:`county`)."""
        if self.county(name) is not None:
            return []
        wanted = _QUALIFIER.sub("", _bare(name))
        forms = self._forms_on(on_date)
        shown: list[str] = []
        for form in difflib.get_close_matches(wanted, forms, n=NEAR_NAMES, cutoff=NEAR_RATIO):
            for node in forms[form]:
                if (label := self._name_on(node, on_date)) not in shown:
                    shown.append(label)
        return shown[:NEAR_NAMES]

    def county(self, name: str) -> str | None:
        """The Norwegian name of the county (of any date) called ``name``, or None: a county named among a page's
        municipalities is said to be one, not offered the municipalities spelt like it (Nordland is not Nordre
        Land)."""
        if self._counties is None:
            self._counties = {form: _name(self.graph, node)
                              for node in self.graph.subjects(RDF.type, BR.County) if isinstance(node, URIRef)
                              for label in _labels(self.graph, node) for form in _name_forms(label)}
        wanted = _bare(name)
        return self._counties.get(_COUNTY_AFTER.sub("", wanted) or wanted)

    def _name_on(self, node: URIRef, on_date: dt.date | None) -> str:
        """The name ``node``'s number valid on ``on_date`` was labelled with ("Nes (Buskerud)" in 2015, not Nesbyen)."""
        for number in sorted(self.graph.objects(node, BR.municipalityNumber), key=str):
            if on_date is not None and _number_valid_on(self.graph, number, on_date):
                for label in self.graph.objects(number, RDFS.label):
                    if isinstance(label, Literal) and label.language == "nb":
                        return re.sub(r"^\d{4}\s+", "", str(label))
        return _name(self.graph, node)

    def _forms_on(self, on_date: dt.date | None) -> dict[str, list[URIRef]]:
        """Every form of a name of the municipalities that held a number on ``on_date``, without a county after it
        ("os (hordaland)" is "os"), each with all of them that bear it (worked out once a date)."""
        if on_date not in self._near_forms:
            forms: dict[str, list[URIRef]] = {}
            for table in (self.exact, self.loose):
                for form, nodes in table.items():
                    kept = forms.setdefault(_QUALIFIER.sub("", form), [])
                    kept += [n for n in nodes if n not in kept and _valid_on(self.graph, n, on_date)]
            self._near_forms[on_date] = {form: nodes for form, nodes in forms.items() if nodes}
        return self._near_forms[on_date]

    def _history(self, node: URIRef) -> str:
        graph = self.graph
        label = _name(graph, node)
        periods = []
        for number in sorted(graph.objects(node, BR.municipalityNumber), key=str):
            start, end = graph.value(number, SCHEMA.validFrom), graph.value(number, SCHEMA.validThrough)
            span = (f"from {start} " if start is not None else "") + (f"until {end}" if end is not None else "on")
            periods.append(f"{graph.value(number, SKOS.notation)} {span}")
        successors = sorted(_name(graph, s) for s in graph.objects(node, BR.succeededBy))
        return f"{label} " + ", ".join(periods) + (f", then {' and '.join(successors)}" if successors else "")


def _name(graph: Graph, node: Node) -> str:
    """A unit's Norwegian name for a message (not a part in another language, "Kárášjohka"@se)."""
    for prop in (SKOS.prefLabel, RDFS.label):
        for label in graph.objects(node, prop):
            if isinstance(label, Literal) and label.language == "nb":
                return str(label)
    return str(node)


def resolve_municipality(name: str, on_date: dt.date | None, reference_graph: Graph,
                         prefer_counties: frozenset[URIRef] = frozenset()) -> Resolution:
    """The municipality called ``name`` on ``on_date`` (any date when None).

    When several fit ("Bø" was both Bø (Telemark) and Bø (Nordland) in 2015), the ones in
    ``prefer_counties`` (the counties of the page's other municipalities) win, then exact label
    matches win over disambiguated forms; if that still leaves more than one, nothing is chosen
    and the candidates are returned for the warning. For many names in one graph,
    :class:`MunicipalityNames` reads the graph once.
    """
    return MunicipalityNames(reference_graph).resolve(name, on_date, prefer_counties)


def counties_of(iris: Iterable[URIRef], on_date: dt.date | None, reference_graph: Graph) -> frozenset[URIRef]:
    """The counties the given municipalities were in on ``on_date``."""
    out: set[URIRef] = set()
    for iri in iris:
        out |= _county_on(reference_graph, iri, on_date)
    return frozenset(out)


def _notations(graph: Graph, node: URIRef) -> set[str]:
    return {str(graph.value(number, SKOS.notation)) for number in graph.objects(node, BR.municipalityNumber)}


def settle(candidates: Iterable[URIRef], member_codes: frozenset[str], county_code: str,
           reference_graph: Graph) -> URIRef | None:
    """The one same-name municipality the region's programme list or county points at, else None.

    For a page without a facts date (cut off): first the candidate holding one of the region's
    member numbers in ``data/programme/memberships.csv`` (2015 numbers), then the only candidate
    with a number in the region's county (``county_code``, the 2015 county: a number's first two
    digits). The caller has already narrowed the candidates by date and by the page's other names.
    """
    pool = {c: _notations(reference_graph, c) for c in candidates}
    in_list = [c for c, codes in pool.items() if codes & member_codes]
    if len(in_list) == 1:
        return in_list[0]
    in_county = [c for c, codes in pool.items() if any(code[:2] == county_code for code in codes)]
    return in_county[0] if len(in_county) == 1 else None
