"""Build time: what the catalogue says about the data, read once from the merged graph.

:func:`facts` returns plain JSON (stored as ``manifest["dcat"]``), so the catalogue can be generated
per request from the manifest alone.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, RDF, RDFS, SKOS

from byregion import i18n, uris
from byregion.dcat.places import geometries
from byregion.dcat.sources import boundary_facts, related_facts
from byregion.dcat.terms import LANGUAGE_CODES
from byregion.dcat.texts import LANGS
from byregion.namespaces import BASE, EU_THEME, LOS, ONTOLOGY_IRI, SCHEMA, VCARD, ontology_namespace


def as_date(value: str, *, end: bool = False) -> str:
    """A year, year-month or date as an ``xsd:date`` (DCAT-AP-NO wants dates): ``"2018"`` → ``"2018-12-31"``
    when it ends a period, ``"2014-03"`` → ``"2014-03-01"`` when it starts one."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31" if end else f"{parts[0]}-01-01"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
        return f"{value}-{last:02d}" if end else f"{value}-01"
    return value[:10]


def _labels(graph: Graph, iri: URIRef, *predicates: URIRef) -> dict[str, str]:
    out: dict[str, str] = {}
    for predicate in predicates or (SKOS.prefLabel, RDFS.label, FOAF.name):
        for value in graph.objects(iri, predicate):
            if isinstance(value, Literal) and value.language in LANGS:
                out.setdefault(value.language, str(value))
    return out


def _entry(graph: Graph, iri: URIRef) -> dict[str, Any]:
    return {"iri": str(iri), "label": _labels(graph, iri)}


def _alphabetical(entry: dict[str, Any]) -> tuple[str, str]:
    """Norwegian alphabetical order of the entry's name (Ålesundregionen after Vest-Telemark, as a reader looks
    for it; an IRI's slug would put it among the A's), its IRI breaking a tie."""
    labels = entry["label"]
    return i18n.norwegian_key(labels.get("nb") or next(iter(labels.values()), "")), entry["iri"]


def _themes(graph: Graph, top: list[URIRef]) -> list[dict[str, Any]]:
    """The EU data themes and LOS concepts that our top concepts match, named as the themes graph names them (from
    the vocabulary copies: :func:`byregion.sources.add_mapping_labels`)."""
    themes: dict[str, dict[str, Any]] = {}
    for concept in top:
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for target in graph.objects(concept, predicate):
                if str(target).startswith((str(EU_THEME), str(LOS))) and str(target) not in themes:
                    entry = _entry(graph, URIRef(str(target)))
                    entry["scheme"] = str(graph.value(URIRef(str(target)), SKOS.inScheme) or "")
                    themes[str(target)] = entry
    return sorted(themes.values(), key=lambda t: t["iri"])


#: A keyword a harvester can take as a tag: CKAN's alphabet of tags (``tag_name_validator``), and no comma, at which
#: ckanext-dcat cuts a keyword in pieces. "R&D" in a keyword made CKAN refuse the whole dataset.
_TAG = re.compile(r"[\w .-]+")
#: Alternative labels put in for a part of a preferred label that is no tag, at most.
_STAND_INS = 3
#: The word that ends an enumeration ("A, B og C"), by language.
_AND = {"nb": " og ", "en": " and "}


def _items(label: str, lang: str) -> list[str]:
    """The items a label enumerates ("Høgskoler, universiteter og forskning": three), or the label alone: a keyword
    holds no comma (ckanext-dcat cuts there), and "universiteter og forskning" is no theme."""
    pieces = [piece.strip() for piece in label.split(",") if piece.strip()]
    if len(pieces) > 1 and _AND[lang] in pieces[-1]:
        pieces[-1:] = [piece.strip() for piece in pieces[-1].split(_AND[lang]) if piece.strip()]
    return pieces


def _keywords(graph: Graph, concepts: list[URIRef], top: list[URIRef]) -> dict[str, list[str]]:
    """Keywords from the 20 most used themes (then unused top concepts), per language; the same data gives the
    same list. A theme gives its preferred label, or the items it enumerates (:func:`_items`); an item that is no
    tag (:data:`_TAG`) gives way to the theme's alternative labels that are ("R&D": "research and development", …)."""
    known = set(concepts)
    uses = Counter(o for o in graph.objects(None, DCTERMS.subject) if isinstance(o, URIRef) and o in known)
    by_use = sorted(uses.items(), key=lambda item: (-item[1], str(item[0])))  # ties in IRI order: stable
    ranked: list[URIRef] = [c for c, _n in by_use] + sorted(c for c in top if c not in uses)
    keywords: dict[str, list[str]] = {lang: [] for lang in LANGS}
    seen: dict[str, set[str]] = {lang: set() for lang in LANGS}  # casefolded: one keyword of each
    for concept in ranked[:20]:
        for lang, label in _labels(graph, concept, SKOS.prefLabel).items():
            pieces = _items(label, lang)
            words = [piece for piece in pieces if _TAG.fullmatch(piece)]
            if len(words) < len(pieces):
                alternatives = sorted(str(a) for a in graph.objects(concept, SKOS.altLabel)
                                      if isinstance(a, Literal) and a.language == lang and _TAG.fullmatch(str(a)))
                words += alternatives[:_STAND_INS]
            for word in words:
                if word.casefold() not in seen[lang]:
                    seen[lang].add(word.casefold())
                    keywords[lang].append(word)
    return keywords


def _period(graph: Graph, programme: URIRef) -> dict[str, str]:
    period: dict[str, str] = {}
    for key, predicate in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        value = graph.value(programme, predicate)
        if isinstance(value, Literal):
            period[key] = as_date(str(value), end=key == "end")
    return period


def _languages(graph: Graph, br: Namespace) -> list[str]:
    """The EU codes of the languages the data's text is in: Bokmål and English (every name and label has
    them), and Nynorsk where a source page is written in it (its ``dct:language``)."""
    tags = {"nb", "en"} | {str(language).rsplit("/", 1)[-1]
                           for source in graph.subjects(RDF.type, br.SourceDocument)
                           for language in graph.objects(source, DCTERMS.language)}
    return [code for tag, code in LANGUAGE_CODES.items() if tag in tags]


def _publisher(graph: Graph, publisher: URIRef, br: Namespace) -> dict[str, Any]:
    return {
        **_entry(graph, publisher),
        "organisation_number": next((str(v) for p in (br.organisationNumber, DCTERMS.identifier)
                                     for v in graph.objects(publisher, p)), None),
        "email": next((str(v) for p in (FOAF.mbox, SCHEMA.email, VCARD.hasEmail)
                       for v in graph.objects(publisher, p)), None),
        "homepage": next((str(v) for v in graph.objects(publisher, FOAF.homepage)), None),
    }


def facts(graph: Graph, base: str, boundaries: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """Everything the catalogue says about the data, read from the merged graph (JSON-able).

    ``boundaries`` (municipality code → GeoJSON geometry, :func:`byregion.dcat.places.load_boundaries`)
    give each region and municipality a ``bbox`` and ``centroid`` (WKT) where they cover it.
    """
    br = ontology_namespace(base)  # the build's: the data's IRIs have moved to ``base``
    regions = sorted(s for s in graph.subjects(RDF.type, br.CityRegion) if isinstance(s, URIRef))
    members = sorted({m for r in regions for ms in graph.objects(r, br.membership)
                      for m in graph.objects(ms, ORG.member) if isinstance(m, URIRef)})
    programmes = sorted(s for s in graph.subjects(RDF.type, br.Programme) if isinstance(s, URIRef))
    scheme = uris.thing("scheme", "themes", base=base)
    concepts = [c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)]
    top = [c for c in concepts if (c, SKOS.topConceptOf, scheme) in graph] or concepts
    shapes = geometries(graph, boundaries or {}, br)

    def place(iri: URIRef) -> dict[str, Any]:
        return {**_entry(graph, iri), **shapes.get(str(iri), {})}

    def region(iri: URIRef) -> dict[str, Any]:
        """A region, and whether its page is imported (its text has a source document)."""
        return {**place(iri), "page": (iri, br.sourceDocument, None) in graph}
    return {
        "publisher": _publisher(graph, uris.thing("organisation", "byregion-lod", base=base), br),
        "programme": _entry(graph, programmes[0]) if programmes else None,
        "period": _period(graph, programmes[0]) if programmes else {},
        "regions": sorted((region(r) for r in regions), key=_alphabetical),  # as people look for them, not by IRI
        "municipalities": sorted((place(m) for m in members), key=_alphabetical),
        "scheme": _entry(graph, scheme) if concepts else None,
        "themes": _themes(graph, top),
        "keywords": _keywords(graph, concepts, top),
        "ontology": _entry(graph, URIRef(uris.rebase(ONTOLOGY_IRI, BASE, base))),
        "languages": _languages(graph, br),
        "boundaries": boundary_facts(graph, br),  # where the geometries come from, and the credit their licence asks
        "related": related_facts(graph, br),  # the other upstream sources the data cites
        "programme_figures": _stated_figures(graph, programmes[0]) if programmes else {},
    }


#: The programme's own counts the catalogue's description gives beside the data's, by the figures' slugs
#: (data/programme.ttl: ``…/figure/phase-2-regions``, ``…/figure/phase-2-municipalities``).
_STATED = {"regions": "phase-2-regions", "municipalities": "phase-2-municipalities"}


def _stated_figures(graph: Graph, programme: URIRef) -> dict[str, int]:
    """The programme's count of its regions and municipalities as the sources state it, where the data holds it."""
    found = {}
    for key, slug in _STATED.items():
        number = graph.value(URIRef(f"{programme}/figure/{slug}"), SCHEMA.value)
        if isinstance(number, Literal) and str(number).isdigit():
            found[key] = int(str(number))
    return found
