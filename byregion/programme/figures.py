"""Figures about the programme as a whole, computed by the build with SPARQL over the merged data.

Each figure is a ``br:ProgrammeFigure`` under ``id:programme/byregionprogrammet/figure/…`` with its value,
a sentence saying how it is computed (nb, en), the query itself (``br:query``) and what it was computed from
(``prov:wasDerivedFrom`` the dataset: the query runs over the union of its named graphs, as ``/sparql`` does; one
statement whatever the number of graphs, where naming each graph a query touches would grow with every region
page), so the programme page shows the figure, the method and a link that runs the same query on ``/sparql``, and
the figure's provenance is data as every other fact's is. The build runs the
queries once on an in-memory Oxigraph store (the same engine as the endpoint), so a request never
computes them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from byregion import literals, uris
from byregion.namespaces import BASE, BR, SCHEMA, bind_prefixes

PREFIXES = """PREFIX br: <https://data.byregion.no/def/byregion#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

#: A municipality (or county) number valid on 2015-01-01, as a SPARQL pattern on ?number.
_VALID_2015 = """OPTIONAL { ?number schema:validFrom ?from }
  OPTIONAL { ?number schema:validThrough ?through }
  FILTER ((!BOUND(?from) || ?from <= "2015-01-01"^^xsd:date)
          && (!BOUND(?through) || "2015-01-01"^^xsd:date <= ?through))"""


@dataclass(frozen=True)
class FigureSpec:
    """One figure: its IRI slug, label and method in both languages, and the query giving ``?value``."""

    slug: str
    label: tuple[str, str]  # nb, en
    how: tuple[str, str]  # nb, en
    query: str

    def text(self, **fill: str) -> str:
        """The query as it is run and published, with ``fill`` written into its ``{…}`` fields (a county's IRI)."""
        return PREFIXES + (self.query.format(**fill) if fill else self.query).strip() + "\n"


PROGRAMME = "<https://data.byregion.no/id/programme/byregionprogrammet>"
PHASE_2 = "<https://data.byregion.no/id/programme/byregionprogrammet/phase/2>"
#: Said of every figure that counts regions or their members (nb, en): the data hold some of the programme's 37
#: city regions (docs/programme.md), so a count of them is the data's, not the programme's.
_ONLY_IN_DATA = (" Bare byregionene i dataene er med (se «Byregioner i dataene»), ikke alle programmets 37.",
                 " Only the regions in the data count (see “City regions in the data”), not all 37 of the "
                 "programme's.")

FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec(
        "regions",
        ("Byregioner i dataene", "City regions in the data"),
        ("Byregionene som hører til programmet (br:programme), talt én gang hver.",
         "The city regions that belong to the programme (br:programme), each counted once."),
        f"SELECT (COUNT(DISTINCT ?region) AS ?value) WHERE {{ ?region a br:CityRegion ; br:programme {PROGRAMME} }}"),
    FigureSpec(
        "memberships",
        ("Medlemskap i dataene", "Memberships in the data"),
        ("Alle medlemskap (org:Membership) i programmets byregioner; en kommune i to byregioner telles to ganger."
         + _ONLY_IN_DATA[0],
         "Every membership (org:Membership) of the programme's regions; a municipality in two regions counts "
         "twice." + _ONLY_IN_DATA[1]),
        f"""SELECT (COUNT(DISTINCT ?membership) AS ?value) WHERE {{
  ?region br:programme {PROGRAMME} ; br:membership ?membership .
}}"""),
    FigureSpec(
        "municipalities",
        ("Deltakende kommuner i dataene", "Participating municipalities in the data"),
        ("Kommunene som er medlem av minst én av programmets byregioner, talt én gang hver." + _ONLY_IN_DATA[0]
         + " Medlemslistene er ikke like sikre (br:confidence på byregionen): se «Deltakende kommuner fra "
           "faktabokser» og «… fra faktabokser eller andre skriftlige kilder».",
         "The municipalities that are members of at least one of the programme's regions, each counted once."
         + _ONLY_IN_DATA[1] + " The member lists are not all as certain (br:confidence on the region): see "
           "“Participating municipalities from facts blocks” and “… from facts blocks or other written sources”."),
        f"""SELECT (COUNT(DISTINCT ?municipality) AS ?value) WHERE {{
  ?region br:programme {PROGRAMME} ; br:membership/org:member ?municipality .
}}"""),
    FigureSpec(
        "municipalities-from-facts-blocks",
        ("Deltakende kommuner fra faktabokser", "Participating municipalities from facts blocks"),
        ("Kommunene som er medlem av minst én byregion hvis medlemsliste står i byregionens faktaboks hos "
         "Distriktssenteret (br:confidence br:fakta), talt én gang hver: den sikreste delen av «Deltakende kommuner "
         "i dataene»." + _ONLY_IN_DATA[0],
         "The municipalities that are members of at least one region whose member list is in the region's facts "
         "block at Distriktssenteret (br:confidence br:fakta), each counted once: the surest part of "
         "“Participating municipalities in the data”." + _ONLY_IN_DATA[1]),
        f"""SELECT (COUNT(DISTINCT ?municipality) AS ?value) WHERE {{
  ?region br:programme {PROGRAMME} ; br:confidence br:fakta ; br:membership/org:member ?municipality .
}}"""),
    FigureSpec(
        "municipalities-from-written-sources",
        ("Deltakende kommuner fra faktabokser eller andre skriftlige kilder",
         "Participating municipalities from facts blocks or other written sources"),
        ("Som «Deltakende kommuner fra faktabokser», og med byregioner hvis medlemsliste står i en annen skriftlig "
         "kilde (br:confidence br:secondary); ikke de uverifiserte listene eller dem der bare antallet er kjent."
         + _ONLY_IN_DATA[0],
         "As “Participating municipalities from facts blocks”, and with the regions whose member list is in another "
         "written source (br:confidence br:secondary); not the unverified lists nor those of which only the count "
         "is known." + _ONLY_IN_DATA[1]),
        f"""SELECT (COUNT(DISTINCT ?municipality) AS ?value) WHERE {{
  VALUES ?confidence {{ br:fakta br:secondary }}
  ?region br:programme {PROGRAMME} ; br:confidence ?confidence ; br:membership/org:member ?municipality .
}}"""),
    FigureSpec(
        "municipalities-in-several-regions",
        ("Kommuner i mer enn én byregion i dataene", "Municipalities in more than one region in the data"),
        ("Kommunene som er medlem av to eller flere av programmets byregioner." + _ONLY_IN_DATA[0],
         "The municipalities that are members of two or more of the programme's regions." + _ONLY_IN_DATA[1]),
        f"""SELECT (COUNT(?municipality) AS ?value) WHERE {{
  {{ SELECT ?municipality WHERE {{
      ?region br:programme {PROGRAMME} ; br:membership/org:member ?municipality .
    }} GROUP BY ?municipality HAVING (COUNT(DISTINCT ?region) > 1) }}
}}"""),
    FigureSpec(
        "municipalities-2015",
        ("Kommuner i Norge 1. januar 2015", "Municipalities in Norway on 1 January 2015"),
        ("Kommunene i referansedataene med et kommunenummer som gjaldt 2015-01-01.",
         "The municipalities of the reference data with a municipality number valid on 2015-01-01."),
        f"""SELECT (COUNT(DISTINCT ?municipality) AS ?value) WHERE {{
  ?municipality a br:Municipality ; br:municipalityNumber ?number .
  {_VALID_2015}
}}"""),
    FigureSpec(
        "participation-share",
        ("Andel av landets kommuner (2015) som deltok, etter dataene, prosent",
         "Share of Norway's municipalities (2015) that took part, by the data, per cent"),
        ("Deltakende kommuner i dataene delt på kommunene som fantes 2015-01-01, ganger 100, avrundet til én "
         "desimal. Alle medlemslistene telles, også de tre som ikke er bekreftet (br:unverified) og medlemmet "
         "som er utledet for byregionen der bare deltakelsen er bekreftet (br:countOnly): se «… bare bekreftede "
         "medlemslister» for andelen uten dem." + _ONLY_IN_DATA[0]
         + " Med alle programmets byregioner er andelen høyere.",
         "Participating municipalities in the data divided by the municipalities that existed on 2015-01-01, times "
         "100, rounded to one decimal. Every member list counts, the three not confirmed (br:unverified) and the "
         "member inferred for the region whose participation alone is confirmed (br:countOnly) too: see “… "
         "confirmed member lists only” for the share without them." + _ONLY_IN_DATA[1]
         + " With all of them the share is higher."),
        f"""SELECT ((ROUND((1000.0 * ?taking) / ?all)) / 10 AS ?value) WHERE {{
  {{ SELECT (COUNT(DISTINCT ?member) AS ?taking) WHERE {{
      ?region br:programme {PROGRAMME} ; br:membership/org:member ?member . }} }}
  {{ SELECT (COUNT(DISTINCT ?municipality) AS ?all) WHERE {{
      ?municipality a br:Municipality ; br:municipalityNumber ?number .
      {_VALID_2015} }} }}
}}"""),
    FigureSpec(
        "participation-share-confirmed",
        ("Andel av landets kommuner (2015) som deltok, etter dataene, bare bekreftede medlemslister, prosent",
         "Share of Norway's municipalities (2015) that took part, by the data, confirmed member lists only, "
         "per cent"),
        ("Som «Andel av landets kommuner (2015) som deltok», men bare med kommunene i byregioner hvis medlemsliste "
         "står i en faktaboks eller en annen skriftlig kilde (br:confidence br:fakta eller br:secondary, som «… fra "
         "faktabokser eller andre skriftlige kilder»); ikke de uverifiserte listene eller dem der bare "
         "deltakelsen er bekreftet, og ikke byregioner der deltakelsen i fase 2 er utledet (kilden gjelder fase 1: "
         "Ranaregionen). En nedre grense for dataenes andel." + _ONLY_IN_DATA[0],
         "As “Share of Norway's municipalities (2015) that took part”, but counting only the municipalities of "
         "regions whose member list is in a facts block or another written source (br:confidence br:fakta or "
         "br:secondary, as “… from facts blocks or other written sources”); not the unverified lists nor those "
         "whose participation alone is confirmed, nor regions whose participation in phase 2 is inferred (their source "
         "describes phase 1: Ranaregionen). A lower bound of the data's share." + _ONLY_IN_DATA[1]),
        f"""SELECT ((ROUND((1000.0 * ?taking) / ?all)) / 10 AS ?value) WHERE {{
  {{ SELECT (COUNT(DISTINCT ?member) AS ?taking) WHERE {{
      VALUES ?confidence {{ br:fakta br:secondary }}
      ?region br:programme {PROGRAMME} ; br:confidence ?confidence ; br:membership/org:member ?member .
      FILTER NOT EXISTS {{ ?region br:participation ?second .
                           ?second br:inPhase {PHASE_2} ; br:confidence br:inferred }} }} }}
  {{ SELECT (COUNT(DISTINCT ?municipality) AS ?all) WHERE {{
      ?municipality a br:Municipality ; br:municipalityNumber ?number .
      {_VALID_2015} }} }}
}}"""),
    FigureSpec(
        "population-sum",
        ("Sum av byregionenes folketall (1. januar 2015) i dataene",
         "Sum of the regions' populations (1 January 2015) in the data"),
        ("Summen av folketallene byregionene selv oppgir i faktaboksen; byregioner uten folketall er ikke med, "
         "og en kommune i to byregioner telles to ganger." + _ONLY_IN_DATA[0],
         "The sum of the populations the regions give in their facts blocks; regions without a population are "
         "left out, and a municipality in two regions counts twice." + _ONLY_IN_DATA[1]),
        f"""SELECT (SUM(?population) AS ?value) WHERE {{
  ?region br:programme {PROGRAMME} ; br:population/schema:value ?population .
}}"""),
    FigureSpec(
        "regions-with-population",
        ("Byregioner med oppgitt folketall", "Regions with a population figure"),
        ("Byregionene som har et folketall i dataene (fra faktaboksen).",
         "The regions that have a population figure in the data (from their facts block)."),
        f"""SELECT (COUNT(DISTINCT ?region) AS ?value) WHERE {{
  ?region br:programme {PROGRAMME} ; br:population/schema:value ?population .
}}"""),
)

#: The counties the regions are in (``?county``), each of which gets a figure of its own (:data:`PER_COUNTY`).
COUNTIES = FigureSpec("counties", ("", ""), ("", ""), f"""SELECT DISTINCT ?county WHERE {{
  ?region br:programme {PROGRAMME} ; br:county ?county .
}}""")
#: Regions in one county (``{county}``: its IRI, written into the query): a figure for each of :data:`COUNTIES`,
#: whose own query gives its value alone, as every figure's does.
PER_COUNTY = FigureSpec(
    "regions-in-county",
    ("Byregioner i {name} i dataene", "City regions in {name} in the data"),
    ("Byregionene talt etter fylket der flest av medlemmene lå i 2015 (br:county på byregionen)."
     + _ONLY_IN_DATA[0],
     "The regions counted by the county most of their members were in on 1 January 2015 (br:county on the region)."
     + _ONLY_IN_DATA[1]),
    f"""SELECT (COUNT(DISTINCT ?region) AS ?value) WHERE {{{{
  ?region br:programme {PROGRAMME} ; br:county <{{county}}> .
}}}}""")


def _store(dataset: Dataset) -> ox.Store:
    store = ox.Store()
    store.bulk_load(dataset.serialize(format="nquads").encode("utf-8"), ox.RdfFormat.N_QUADS)
    return store


def _number(term: ox.Literal) -> Literal:
    if term.datatype.value == str(XSD.integer):
        return Literal(int(term.value))
    return literals.decimal(Decimal(term.value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _select(store: ox.Store, spec: FigureSpec, **fill: str) -> list[dict[str, ox.Literal | ox.NamedNode]]:
    result = store.query(spec.text(**fill), use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{name: row[name] for name in names if row[name] is not None} for row in result]


def programme_figures(dataset: Dataset, base: str = BASE) -> Graph:
    """Run every figure's query over ``dataset`` (canonical base) and state the results as RDF."""
    store, graph = _store(dataset), bind_prefixes(Graph())
    programme = uris.thing("programme", "byregionprogrammet", base=base)
    labels = {s: str(o) for s, _, o, _ in dataset.quads((None, SKOS.prefLabel, None, None))
              if getattr(o, "language", None) == "nb"}

    source = uris.dataset(base)  # the query runs over the union of the named graphs: the dataset

    def state(spec: FigureSpec, slug: str, value: ox.Literal, fill: dict[str, str], position: int,
              query: str) -> URIRef:
        node = URIRef(f"{programme}/figure/{slug}")
        graph.add((programme, BR.figure, node))
        graph.add((node, RDF.type, BR.ProgrammeFigure))
        graph.add((node, SCHEMA.value, _number(value)))
        graph.add((node, SCHEMA.position, Literal(position)))
        for text, lang in ((spec.label[0], "nb"), (spec.label[1], "en")):
            graph.add((node, RDFS.label, Literal(text.format(**fill), lang=lang)))
        for text, lang in ((spec.how[0], "nb"), (spec.how[1], "en")):
            graph.add((node, DCTERMS.description, Literal(text.format(**fill), lang=lang)))
        graph.add((node, BR.query, Literal(query)))
        graph.add((node, PROV.wasDerivedFrom, source))
        return node

    # after the figures the sources state (data/programme.ttl), in whichever graph they are
    position = len({o for _, _, o, _ in dataset.quads((programme, BR.figure, None, None))})
    for spec in FIGURES:
        rows = _select(store, spec)
        value = rows[0].get("value") if rows else None
        if isinstance(value, ox.Literal):
            position += 1
            state(spec, spec.slug, value, {}, position, spec.text())
    counties = sorted(c.value for c in (row.get("county") for row in _select(store, COUNTIES))
                      if isinstance(c, ox.NamedNode))
    for county in counties:
        rows = _select(store, PER_COUNTY, county=county)
        value = rows[0].get("value") if rows else None
        if isinstance(value, ox.Literal):
            position += 1
            name = labels.get(URIRef(county), county.rsplit("/", 1)[-1])
            node = state(PER_COUNTY, f"{PER_COUNTY.slug}/{county.rsplit('/', 1)[-1]}", value, {"name": name},
                         position, PER_COUNTY.text(county=county))
            graph.add((node, BR.county, URIRef(county)))
    return graph
