"""The DCAT catalogue (DCAT-AP 3.0.1 and DCAT-AP-NO 2, with the contact point of the NO 3 draft).

Two steps, both pure:

* :func:`facts` runs once per build over the merged graph and returns plain JSON (stored as
  ``manifest["dcat"]``): publisher, regions and municipalities, programme period, themes, keywords.
* :func:`catalogue_graph` turns a manifest (those facts, the version history, the byte sizes and
  SHA-256 of the dumps) into the catalogue graph. Nothing in it is written by hand per release.

One dataset covers the whole graph (see docs/catalogue.md for why not one per region). IRIs of the
catalogue's own resources are minted in :mod:`byregion.uris`, all under the canonical base.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT as _DCAT
from rdflib.namespace import DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from byregion import REPO_ROOT, uris
from byregion.mediatypes import GZIP, MediaType, by_name, iana_iri
from byregion.namespaces import (
    ADMS,
    BASE,
    BR,
    DCATAP,
    EU_ACCESS,
    EU_FILETYPE,
    EU_THEME,
    LOS,
    ONTOLOGY_IRI,
    SCHEMA,
    SPDX,
    VCARD,
    bind_prefixes,
)

#: DCAT (open namespace: rdflib's closed one lacks the DCAT 3 versioning terms).
DCAT = Namespace(str(_DCAT))
EU_AUTHORITY = "http://publications.europa.eu/resource/authority/"
EU_LANGUAGE = Namespace(EU_AUTHORITY + "language/")
EU_COUNTRY = Namespace(EU_AUTHORITY + "country/")
EU_FREQUENCY = Namespace(EU_AUTHORITY + "frequency/")
AVAILABILITY = Namespace(EU_AUTHORITY + "planned-availability/")
SPARQL11 = URIRef("https://www.w3.org/TR/sparql11-protocol/")
VOCAB_DIR = REPO_ROOT / "shapes" / "external" / "vocab"
LANGS = ("nb", "en")

#: The dataset's licence: Norwegian public-sector information, so NLOD 2.0 from the EU licence table.
LICENCE = EU_AUTHORITY + "licence/NLOD_2_0"
#: ADMS licence type of NLOD 2.0 (it requires attribution).
ATTRIBUTION = URIRef("http://purl.org/adms/licencetype/Attribution")
LICENCE_LABEL = {"nb": "Norsk lisens for offentlige data (NLOD) 2.0",
                 "en": "Norwegian Licence for Open Government Data (NLOD) 2.0"}
#: Human-readable licence text (linked from the dataset page).
LICENCE_PAGE = "https://data.norge.no/nlod/no/2.0"

#: Titles of the external tables the catalogue refers to (a ConceptScheme needs a dct:title in DCAT-AP).
SCHEME_TITLES: dict[str, dict[str, str]] = {
    EU_AUTHORITY + "data-theme": {"nb": "EUs datatemaer", "en": "EU data themes"},
    EU_AUTHORITY + "licence": {"nb": "EUs lisensliste", "en": "EU licences"},
    EU_AUTHORITY + "access-right": {"nb": "EUs tilgangsnivåer", "en": "EU access rights"},
    EU_AUTHORITY + "language": {"nb": "EUs språkliste", "en": "EU languages"},
    EU_AUTHORITY + "country": {"nb": "EUs landliste", "en": "EU countries"},
    EU_AUTHORITY + "frequency": {"nb": "EUs frekvenser", "en": "EU frequencies"},
    EU_AUTHORITY + "file-type": {"nb": "EUs filtyper", "en": "EU file types"},
    EU_AUTHORITY + "planned-availability": {"nb": "EUs planlagt tilgjengelighet", "en": "EU planned availability"},
    "http://purl.org/adms/licencetype/1.0": {"en": "ADMS licence types"},
    "https://psi.norge.no/los/ontologi/tema": {"nb": "LOS – temaer", "en": "LOS – themes"},
    "https://psi.norge.no/los/ontologi/ord": {"nb": "LOS – ord", "en": "LOS – words"},
}

#: Fixed wording; ``{regions}``, ``{programme}``, ``{version}``, ``{triples}`` come from the build.
DATASET_TEXT: dict[str, dict[str, str]] = {
    "catalogue_title": {"nb": "Datakatalog for Byregion LOD", "en": "Byregion LOD data catalogue"},
    "catalogue_description": {
        "nb": "Datasett og tjenester som publiserer {programme} som lenkede åpne data.",
        "en": "Datasets and services publishing {programme} as linked open data.",
    },
    "title": {"nb": "{programme} som lenkede åpne data", "en": "{programme} as linked open data"},
    "description": {
        "nb": "Mål, resultater, råd og oppfølging fra byregionene i {programme} ({regions}), med "
              "medlemskommunene, temaer og kilde til hver setning, som RDF ({triples} tripler i versjon "
              "{version}). Engelske tekster er prosjektets egne oversettelser.",
        "en": "Goals, results, advice and follow-up of the city regions of {programme} ({regions}), with "
              "their member municipalities, themes and the source of every sentence, as RDF ({triples} "
              "triples in version {version}). English texts are the project's own translations.",
    },
    "service_title": {"nb": "SPARQL-endepunkt for Byregion LOD", "en": "Byregion LOD SPARQL endpoint"},
    "service_description": {
        "nb": "SPARQL 1.1-spørringer over hele grafen; standardgrafen er unionen av alle navngitte grafer.",
        "en": "SPARQL 1.1 queries over the whole graph; the default graph is the union of all named graphs.",
    },
}
PROVENANCE = {
    "nb": "Importert fra Byregionprogrammets regionsider og offisielle kommunedata, validert med SHACL og "
          "bygget automatisk; hver setning viser til sin plass i kildeteksten.",
    "en": "Imported from the programme's region pages and official municipality data, validated with SHACL "
          "and built automatically; every sentence points to its place in the source text.",
}


# --- build time: facts from the graph ----------------------------------------------------------------

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


@lru_cache(maxsize=1)
def _external_vocabulary() -> Graph:
    """The EU data-theme table and LOS (copies in shapes/external/vocab), for labels and schemes."""
    graph = Graph()
    graph.parse(VOCAB_DIR / "data-theme-sparql-result.ttl", format="turtle")
    graph.parse(VOCAB_DIR / "los.rdf", format="xml")
    return graph


def _entry(graph: Graph, iri: URIRef) -> dict[str, Any]:
    return {"iri": str(iri), "label": _labels(graph, iri)}


def facts(graph: Graph, base: str) -> dict[str, Any]:
    """Everything the catalogue says about the data, read from the merged graph (JSON-able)."""
    publisher = uris.thing("organisation", "byregion-lod", base=base)
    regions = sorted(s for s in graph.subjects(RDF.type, BR.CityRegion) if isinstance(s, URIRef))
    members = sorted({m for r in regions for ms in graph.objects(r, URIRef("http://www.w3.org/ns/org#hasMembership"))
                      for m in graph.objects(ms, URIRef("http://www.w3.org/ns/org#member"))
                      if isinstance(m, URIRef)})
    programmes = sorted(s for s in graph.subjects(RDF.type, BR.Programme) if isinstance(s, URIRef))
    period: dict[str, str] = {}
    if programmes:
        for key, predicate in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
            value = graph.value(programmes[0], predicate)
            if isinstance(value, Literal):
                period[key] = as_date(str(value), end=key == "end")

    scheme = uris.thing("scheme", "themes", base=base)
    concepts = [c for c in graph.subjects(SKOS.inScheme, scheme) if isinstance(c, URIRef)]
    top = [c for c in concepts if (c, SKOS.topConceptOf, scheme) in graph] or concepts
    vocabulary = _external_vocabulary()
    themes: dict[str, dict[str, Any]] = {}
    for concept in top:
        for predicate in (SKOS.exactMatch, SKOS.closeMatch):
            for target in graph.objects(concept, predicate):
                if str(target).startswith((str(EU_THEME), str(LOS))) and str(target) not in themes:
                    entry = _entry(vocabulary, URIRef(str(target)))
                    entry["scheme"] = str(vocabulary.value(URIRef(str(target)), SKOS.inScheme) or "")
                    themes[str(target)] = entry
    uses = Counter(o for o in graph.objects(None, DCTERMS.subject) if isinstance(o, URIRef) and o in set(concepts))
    ranked: list[URIRef] = [c for c, _n in uses.most_common()] + sorted(c for c in top if c not in uses)
    keywords: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for concept in ranked[:20]:
        for lang, label in _labels(graph, concept, SKOS.prefLabel).items():
            keywords[lang].append(label)
    return {
        "publisher": {
            **_entry(graph, publisher),
            "organisation_number": next((str(v) for p in (BR.organisationNumber, DCTERMS.identifier)
                                         for v in graph.objects(publisher, p)), None),
            "email": next((str(v) for p in (FOAF.mbox, SCHEMA.email, VCARD.hasEmail)
                           for v in graph.objects(publisher, p)), None),
            "homepage": next((str(v) for v in graph.objects(publisher, FOAF.homepage)), None),
        },
        "programme": _entry(graph, programmes[0]) if programmes else None,
        "period": period,
        "regions": [_entry(graph, r) for r in regions],
        "municipalities": [_entry(graph, m) for m in members],
        "scheme": _entry(graph, scheme) if concepts else None,
        "themes": sorted(themes.values(), key=lambda t: t["iri"]),
        "keywords": keywords,
        "ontology": _entry(graph, URIRef(uris.rebase(ONTOLOGY_IRI, BASE, base))),
    }


# --- request time: the catalogue graph from the manifest ---------------------------------------------

def _lit(graph: Graph, subject: URIRef | BNode, predicate: URIRef, texts: dict[str, str]) -> None:
    for lang in LANGS:
        if texts.get(lang):
            graph.add((subject, predicate, Literal(texts[lang], lang=lang)))


def _content_note(sha256: str) -> Literal:
    """Version note by which a harvester tells whether the data changed between two versions."""
    return Literal(f"content SHA-256 (canonical N-Quads): {sha256}", lang="en")


def _date(value: str) -> Literal:
    return Literal(value, datatype=XSD.dateTime)


def _concept(graph: Graph, iri: URIRef, scheme: URIRef, label: dict[str, str], kind: URIRef = SKOS.Concept) -> None:
    """Type a controlled-vocabulary value and state its table, as DCAT-AP range checks need."""
    graph.add((iri, RDF.type, kind))
    graph.add((iri, SKOS.inScheme, scheme))
    _lit(graph, iri, SKOS.prefLabel, label)
    if (scheme, RDF.type, SKOS.ConceptScheme) not in graph:
        graph.add((scheme, RDF.type, SKOS.ConceptScheme))
        name = str(scheme).rstrip("/").rsplit("/", 1)[-1]
        _lit(graph, scheme, DCTERMS.title, SCHEME_TITLES.get(str(scheme), {"en": name}))


def _texts(key: str, facts_: dict[str, Any], manifest: dict[str, Any]) -> dict[str, str]:
    regions = {lang: ", ".join(r["label"].get(lang) or r["label"].get("nb", "") for r in facts_["regions"])
               for lang in LANGS}
    programme = (facts_.get("programme") or {}).get("label", {})
    values = {"version": manifest["version"], "triples": manifest["triples"]}
    return {lang: DATASET_TEXT[key][lang].format(regions=regions[lang] or "–",
                                                 programme=programme.get(lang, ""), **values)
            for lang in LANGS}


def catalogue_graph(manifest: dict[str, Any]) -> Graph:
    """The DCAT catalogue of one build, with canonical IRIs (``manifest["base_uri"]``)."""
    base = str(manifest["base_uri"])
    facts_ = manifest["dcat"]
    g = bind_prefixes(Graph())
    catalogue, dataset, service = uris.catalogue(base), uris.dataset(base), uris.data_service(base)
    publisher = URIRef(facts_["publisher"]["iri"])
    created = _date(manifest["created"])
    first = _date(manifest["history"][-1]["created"]) if manifest.get("history") else created
    licence = URIRef(LICENCE)
    access = EU_ACCESS.PUBLIC

    # publisher (foaf:Agent) and contact point (vCard)
    g.add((publisher, RDF.type, FOAF.Agent))
    _lit(g, publisher, FOAF.name, facts_["publisher"]["label"] or {"nb": "Byregion LOD", "en": "Byregion LOD"})
    if facts_["publisher"].get("organisation_number"):
        g.add((publisher, DCTERMS.identifier, Literal(facts_["publisher"]["organisation_number"])))
    contact = uris.contact_point(base)
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(facts_["publisher"]["label"].get("en", "Byregion LOD"))))
    if facts_["publisher"].get("email"):
        email = facts_["publisher"]["email"]
        g.add((contact, VCARD.hasEmail, URIRef(email if email.startswith("mailto:") else f"mailto:{email}")))
    g.add((contact, VCARD.hasURL, URIRef(facts_["publisher"].get("homepage") or uris.home_page(base))))

    # controlled vocabularies used below, typed and placed in their tables
    _concept(g, licence, URIRef(EU_AUTHORITY + "licence"), LICENCE_LABEL, DCTERMS.LicenseDocument)
    g.add((licence, DCTERMS.type, ATTRIBUTION))
    g.add((licence, RDFS.seeAlso, URIRef(LICENCE_PAGE)))
    _concept(g, ATTRIBUTION, URIRef("http://purl.org/adms/licencetype/1.0"), {"en": "Attribution"})
    _concept(g, access, URIRef(EU_AUTHORITY + "access-right"), {"nb": "offentlig", "en": "public"},
             DCTERMS.RightsStatement)
    for code, label in (("NOB", {"nb": "norsk bokmål", "en": "Norwegian Bokmål"}),
                        ("ENG", {"nb": "engelsk", "en": "English"})):
        _concept(g, EU_LANGUAGE[code], URIRef(EU_AUTHORITY + "language"), label, DCTERMS.LinguisticSystem)
    _concept(g, EU_COUNTRY.NOR, URIRef(EU_AUTHORITY + "country"), {"nb": "Norge", "en": "Norway"},
             DCTERMS.Location)
    _concept(g, EU_FREQUENCY.IRREG, URIRef(EU_AUTHORITY + "frequency"), {"nb": "uregelmessig", "en": "irregular"},
             DCTERMS.Frequency)
    _concept(g, AVAILABILITY.STABLE, URIRef(EU_AUTHORITY + "planned-availability"),
             {"nb": "stabil", "en": "stable"})
    spatial = [EU_COUNTRY.NOR]
    for place in facts_["regions"] + facts_["municipalities"]:
        iri = URIRef(place["iri"])
        g.add((iri, RDF.type, DCTERMS.Location))
        _lit(g, iri, SKOS.prefLabel, place["label"])
        spatial.append(iri)
    themes = []
    for theme in facts_["themes"]:
        iri = URIRef(theme["iri"])
        _concept(g, iri, URIRef(theme["scheme"] or (EU_AUTHORITY + "data-theme")), theme["label"])
        themes.append(iri)
    taxonomies = sorted({URIRef(t["scheme"]) for t in facts_["themes"] if t["scheme"]}
                        | {URIRef(EU_AUTHORITY + "data-theme")})
    if facts_.get("scheme"):
        own = URIRef(facts_["scheme"]["iri"])
        g.add((own, RDF.type, SKOS.ConceptScheme))
        _lit(g, own, DCTERMS.title, facts_["scheme"]["label"])
        taxonomies.append(own)
    ontology = URIRef(facts_["ontology"]["iri"])
    g.add((ontology, RDF.type, DCTERMS.Standard))
    _lit(g, ontology, DCTERMS.title, facts_["ontology"]["label"] or {"en": "Byregion ontology"})

    # the catalogue
    g.add((catalogue, RDF.type, DCAT.Catalog))
    _lit(g, catalogue, DCTERMS.title, _texts("catalogue_title", facts_, manifest))
    _lit(g, catalogue, DCTERMS.description, _texts("catalogue_description", facts_, manifest))
    g.add((catalogue, DCTERMS.identifier, Literal(str(catalogue))))
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((catalogue, DCAT.contactPoint, contact))
    g.add((catalogue, FOAF.homepage, uris.home_page(base)))
    g.add((uris.home_page(base), RDF.type, FOAF.Document))
    g.add((catalogue, DCTERMS.license, licence))
    g.add((catalogue, DCTERMS.issued, first))
    g.add((catalogue, DCTERMS.modified, created))
    g.add((catalogue, DCTERMS.spatial, EU_COUNTRY.NOR))
    for code in ("NOB", "ENG"):
        g.add((catalogue, DCTERMS.language, EU_LANGUAGE[code]))
    for taxonomy in taxonomies:
        g.add((catalogue, DCAT.themeTaxonomy, taxonomy))
    provenance = uris.catalogue_part("provenance", base)
    g.add((provenance, RDF.type, DCTERMS.ProvenanceStatement))
    _lit(g, provenance, RDFS.label, PROVENANCE)
    g.add((catalogue, DCTERMS.provenance, provenance))
    g.add((catalogue, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    g.add((catalogue, DCAT.dataset, dataset))
    g.add((catalogue, DCAT.service, service))

    # the dataset (the whole graph)
    _describe_dataset(g, dataset, facts_, manifest, publisher, themes, spatial, licence, access, contact)
    g.add((dataset, DCTERMS.issued, first))
    g.add((dataset, DCTERMS.modified, created))
    g.add((dataset, DCAT.version, Literal(manifest["version"])))
    g.add((dataset, ADMS.versionNotes, _content_note(manifest["content_sha256"])))
    g.add((dataset, DCTERMS.conformsTo, ontology))
    page = uris.dataset_page(base)
    g.add((dataset, DCAT.landingPage, page))
    g.add((page, RDF.type, FOAF.Document))
    _lit(g, page, DCTERMS.title, _texts("title", facts_, manifest))
    for lang_code in ("NOB", "ENG"):
        g.add((dataset, DCTERMS.language, EU_LANGUAGE[lang_code]))
    g.add((dataset, DCTERMS.accrualPeriodicity, EU_FREQUENCY.IRREG))
    if manifest.get("previous_version"):
        g.add((dataset, DCAT.previousVersion, uris.dataset_version(manifest["previous_version"], base)))
    _history(g, dataset, facts_, manifest, publisher, themes, spatial, licence, access, contact)
    for dump in manifest.get("dumps", []):
        distribution = uris.distribution(dump["file"], base)
        g.add((dataset, DCAT.distribution, distribution))
        _distribution(g, distribution, dump, manifest, licence, access)

    # the SPARQL endpoint as a data service
    g.add((service, RDF.type, DCAT.DataService))
    _lit(g, service, DCTERMS.title, DATASET_TEXT["service_title"])
    _lit(g, service, DCTERMS.description, DATASET_TEXT["service_description"])
    g.add((service, DCTERMS.identifier, Literal(str(service))))
    g.add((service, DCAT.endpointURL, uris.sparql_endpoint(base)))
    g.add((service, DCAT.endpointDescription, uris.sparql_endpoint(base)))
    g.add((service, DCAT.servesDataset, dataset))
    g.add((service, DCTERMS.conformsTo, SPARQL11))
    g.add((SPARQL11, RDF.type, DCTERMS.Standard))
    g.add((SPARQL11, DCTERMS.title, Literal("SPARQL 1.1 Protocol", lang="en")))
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCAT.contactPoint, contact))
    g.add((service, DCTERMS.license, licence))
    g.add((service, DCTERMS.accessRights, access))
    for theme in themes:
        g.add((service, DCAT.theme, theme))
    for word in facts_["keywords"].get("en", [])[:5]:
        g.add((service, DCAT.keyword, Literal(word, lang="en")))
    g.add((service, DCAT.keyword, Literal("SPARQL", lang="en")))
    return g


def _describe_dataset(g: Graph, iri: URIRef, facts_: dict[str, Any], manifest: dict[str, Any], publisher: URIRef,
                      themes: list[URIRef], spatial: list[URIRef], licence: URIRef, access: URIRef,
                      contact: URIRef, version: str | None = None) -> None:
    """What every version of the dataset has: mandatory and recommended DCAT-AP(-NO) properties."""
    g.add((iri, RDF.type, DCAT.Dataset))
    suffix = {"nb": f" (versjon {version})", "en": f" (version {version})"} if version else {"nb": "", "en": ""}
    title = _texts("title", facts_, manifest)
    _lit(g, iri, DCTERMS.title, {lang: title[lang] + suffix[lang] for lang in LANGS})
    _lit(g, iri, DCTERMS.description, _texts("description", facts_, manifest))
    g.add((iri, DCTERMS.identifier, Literal(str(iri))))
    g.add((iri, DCTERMS.publisher, publisher))
    g.add((iri, DCAT.contactPoint, contact))
    g.add((iri, DCTERMS.accessRights, access))
    g.add((iri, DCTERMS.license, licence))
    for theme in themes:
        g.add((iri, DCAT.theme, theme))
    for kw_lang, words in facts_["keywords"].items():
        for word in words:
            g.add((iri, DCAT.keyword, Literal(word, lang=kw_lang)))
    for place in spatial:
        g.add((iri, DCTERMS.spatial, place))
    period = facts_.get("period") or {}
    if period:
        node = uris.dataset_part("period", str(manifest["base_uri"]))
        g.add((node, RDF.type, DCTERMS.PeriodOfTime))
        for key, predicate in (("start", DCAT.startDate), ("end", DCAT.endDate)):
            if key in period:
                g.add((node, predicate, Literal(period[key], datatype=XSD.date)))
        g.add((iri, DCTERMS.temporal, node))
    if facts_.get("programme"):
        g.add((iri, DCTERMS.relation, URIRef(facts_["programme"]["iri"])))


def _history(g: Graph, dataset: URIRef, facts_: dict[str, Any], manifest: dict[str, Any], publisher: URIRef,
             themes: list[URIRef], spatial: list[URIRef], licence: URIRef, access: URIRef, contact: URIRef) -> None:
    """Earlier builds as versions of the dataset (newest first in the manifest), chained by previousVersion."""
    base = str(manifest["base_uri"])
    history = manifest.get("history", [])
    for index, entry in enumerate(history):
        version = uris.dataset_version(entry["version"], base)
        _describe_dataset(g, version, facts_, manifest, publisher, themes, spatial, licence, access, contact,
                          version=entry["version"])
        g.add((dataset, DCAT.hasVersion, version))
        g.add((dataset, DCTERMS.hasVersion, version))
        g.add((version, DCAT.version, Literal(entry["version"])))
        g.add((version, DCTERMS.issued, _date(entry["created"])))
        g.add((version, ADMS.versionNotes, _content_note(entry["content_sha256"])))
        if index + 1 < len(history):
            g.add((version, DCAT.previousVersion, uris.dataset_version(history[index + 1]["version"], base)))


def _distribution(g: Graph, iri: URIRef, dump: dict[str, Any], manifest: dict[str, Any], licence: URIRef,
                  access: URIRef) -> None:
    base = str(manifest["base_uri"])
    media_type: MediaType = by_name(dump["media_type"])  # type: ignore[assignment]
    info = manifest["files"][dump["file"]]
    g.add((iri, RDF.type, DCAT.Distribution))
    url = uris.download(dump["file"], base)
    g.add((iri, DCAT.accessURL, url))
    g.add((iri, DCAT.downloadURL, url))
    label = media_type.label + (" (gzip)" if dump["compressed"] else "")
    graphs = {"nb": " med navngitte grafer", "en": " with named graphs"} if dump["quads"] else {"nb": "", "en": ""}
    _lit(g, iri, DCTERMS.title, {"nb": f"Hele grafen som {label}", "en": f"The whole graph as {label}"})
    _lit(g, iri, DCTERMS.description, {
        "nb": f"Alle data i versjon {manifest['version']} som {label}{graphs['nb']}.",
        "en": f"All data of version {manifest['version']} as {label}{graphs['en']}.",
    })
    media = URIRef(iana_iri(media_type))
    g.add((iri, DCAT.mediaType, media))
    g.add((media, RDF.type, DCTERMS.MediaType))
    file_type = EU_FILETYPE[media_type.eu_file_type or ""]
    g.add((iri, DCTERMS.format, file_type))
    _concept(g, file_type, URIRef(EU_AUTHORITY + "file-type"), {"en": media_type.label}, DCTERMS.MediaTypeOrExtent)
    if dump["compressed"]:
        gz = URIRef(iana_iri(GZIP))
        g.add((iri, DCAT.compressFormat, gz))
        g.add((gz, RDF.type, DCTERMS.MediaType))
    g.add((iri, DCAT.byteSize, Literal(info["bytes"], datatype=XSD.nonNegativeInteger)))
    checksum = uris.checksum(iri)
    g.add((iri, SPDX.checksum, checksum))
    g.add((checksum, RDF.type, SPDX.Checksum))
    g.add((checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256))
    g.add((SPDX.checksumAlgorithm_sha256, RDF.type, SPDX.ChecksumAlgorithm))
    g.add((checksum, SPDX.checksumValue, Literal(info["sha256"], datatype=XSD.hexBinary)))
    g.add((iri, DCTERMS.license, licence))
    g.add((iri, DCTERMS.accessRights, access))
    g.add((iri, DCATAP.availability, AVAILABILITY.STABLE))
    g.add((iri, DCTERMS.issued, _date(manifest["created"])))
    g.add((iri, DCTERMS.modified, _date(manifest["created"])))
    g.add((iri, DCTERMS.conformsTo, URIRef(media_type.w3c_format or "")))
    g.add((URIRef(media_type.w3c_format or ""), RDF.type, DCTERMS.Standard))
    g.add((URIRef(media_type.w3c_format or ""), DCTERMS.title, Literal(media_type.label, lang="en")))


# --- for people: the dataset page and schema.org -------------------------------------------------------

def _pick(texts: dict[str, str], lang: str) -> str:
    return texts.get(lang) or texts.get("nb") or texts.get("en") or ""


def dataset_view(manifest: dict[str, Any], lang: str) -> dict[str, Any]:
    """What the HTML dataset page shows, in ``lang``: texts, distributions with sizes and checksums,
    the licence in words, versions and a citation. Links are host-relative paths."""
    facts_ = manifest["dcat"]
    base = str(manifest["base_uri"])
    title = _texts("title", facts_, manifest)
    files = manifest["files"]
    distributions = []
    for dump in manifest.get("dumps", []):
        media_type = by_name(dump["media_type"])
        distributions.append({
            "path": "/" + dump["file"], "name": Path(dump["file"]).name,
            "format": (media_type.label if media_type else dump["media_type"])
            + (" (gzip)" if dump["compressed"] else ""),
            "media_type": GZIP.name if dump["compressed"] else dump["media_type"],
            "quads": dump["quads"], "bytes": files[dump["file"]]["bytes"], "sha256": files[dump["file"]]["sha256"],
        })
    publisher = _pick(facts_["publisher"]["label"], lang) or "Byregion LOD"
    year = str(manifest["created"])[:4]
    return {
        "title": _pick(title, lang),
        "description": _pick(_texts("description", facts_, manifest), lang),
        "catalogue_title": _pick(_texts("catalogue_title", facts_, manifest), lang),
        "identifier": str(uris.dataset(base)),
        "version": manifest["version"], "created": manifest["created"],
        "history": manifest.get("history", []),
        "triples": manifest["triples"],
        "licence": _pick(LICENCE_LABEL, lang), "licence_iri": LICENCE, "licence_page": LICENCE_PAGE,
        "publisher": publisher,
        "period": facts_.get("period") or {},
        "regions": [_pick(r["label"], lang) for r in facts_["regions"]],
        "municipalities": [_pick(m["label"], lang) for m in facts_["municipalities"]],
        "themes": [_pick(t["label"], lang) for t in facts_["themes"]],
        "keywords": facts_["keywords"].get(lang, []),
        "distributions": distributions,
        "validation": manifest.get("validation", {}),
        "citation": f"{publisher} ({year}). {_pick(title, lang)}, "
                    f"{'versjon' if lang == 'nb' else 'version'} {manifest['version']}. {uris.dataset(base)}",
    }


def schema_org_dataset(manifest: dict[str, Any], base: str) -> dict[str, Any]:
    """schema.org ``Dataset`` JSON-LD for embedding in HTML (Google Dataset Search and the like).

    ``base`` is where the pages are served (the request's host); identifiers stay canonical.
    """
    facts_ = manifest["dcat"]
    canonical = str(manifest["base_uri"])
    title = _texts("title", facts_, manifest)
    period = facts_.get("period") or {}
    return {
        "@context": "https://schema.org/",
        "@type": "Dataset",
        "@id": str(uris.dataset(canonical)),
        "name": title["nb"],
        "alternateName": title["en"],
        "description": _texts("description", facts_, manifest)["en"],
        "url": f"{base}/dataset",
        "identifier": str(uris.dataset(canonical)),
        "version": manifest["version"],
        "dateModified": manifest["created"],
        "datePublished": manifest["history"][-1]["created"] if manifest.get("history") else manifest["created"],
        "inLanguage": ["nb", "en"],
        "isAccessibleForFree": True,
        "license": LICENCE_PAGE,
        "keywords": facts_["keywords"].get("nb", []) + facts_["keywords"].get("en", []),
        "creator": {"@type": "Organization", "@id": facts_["publisher"]["iri"],
                    "name": _pick(facts_["publisher"]["label"], "nb") or "Byregion LOD"},
        "publisher": {"@type": "Organization", "@id": facts_["publisher"]["iri"],
                      "name": _pick(facts_["publisher"]["label"], "nb") or "Byregion LOD"},
        "spatialCoverage": [{"@type": "Place", "@id": p["iri"], "name": _pick(p["label"], "nb")}
                            for p in facts_["regions"] + facts_["municipalities"]],
        "temporalCoverage": f"{period.get('start', '..')}/{period.get('end', '..')}",
        "distribution": [
            {"@type": "DataDownload", "contentUrl": f"{base}/{d['file']}",
             "encodingFormat": GZIP.name if d["compressed"] else d["media_type"],
             "contentSize": f"{manifest['files'][d['file']]['bytes']} B"}
            for d in manifest.get("dumps", [])
        ],
    }


def schema_org_json(manifest: dict[str, Any], base: str) -> str:
    """:func:`schema_org_dataset` as text safe inside ``<script type="application/ld+json">``."""
    import json

    text = json.dumps(schema_org_dataset(manifest, base), ensure_ascii=False, indent=1)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
