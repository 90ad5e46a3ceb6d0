# ruff: noqa: E501  (SPARQL query text and generated N-Quads read better unwrapped)
"""Example queries for the SPARQL page: each answers a research question about the programme.

Written against docs/MODEL.md. Every example is also a test (``tests/sparql/test_examples.py``):
it must return a non-empty answer on the repository's data. Queries rely on the union default graph
and spell out their prefixes, so they can be copied to any other SPARQL client unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

from byregion.namespaces import BASE
from byregion.render import prefixes


@dataclass(frozen=True)
class Example:
    slug: str
    title: dict[str, str]  # {"nb": …, "en": …}
    question: dict[str, str]  # the research question it answers
    body: str  # the query without its prologue, with our IRIs at the canonical base

    @property
    def query(self) -> str:
        """The full query on the canonical build: PREFIX lines for the prefixes the body uses, then the body."""
        return self.query_for(BASE)

    def query_for(self, base: str) -> str:
        """The full query on a build made with ``base`` (``BYREGION_BASE_URI``): its prefixes and the IRIs the body
        names are that build's (the canonical ones had found nothing there)."""
        table = prefixes(base)
        used = [p for p in table if f"{p}:" in self.body]
        prologue = "".join(f"PREFIX {p}: <{table[p]}>\n" for p in used)
        body = self.body.strip().replace(BASE + "/", base + "/")  # in IRIs and in the strings that cut them
        return prologue + "\n" + body + "\n"


EXAMPLES: tuple[Example, ...] = (
    Example(
        "region-goals",
        {"nb": "Alle mål for en region", "en": "All goals of a region"},
        {"nb": "Hva ville Notodden-regionen oppnå med byregionprogrammet?",
         "en": "What did the Notodden region set out to achieve in the programme?"},
        """
SELECT ?goal ?position ?text WHERE {
  ?goal a br:Goal ; br:region <https://data.byregion.no/id/region/notodden> ; schema:position ?position ; schema:text ?text .
  FILTER (lang(?text) = "nb")
}
ORDER BY ?position""",
    ),
    Example(
        "municipality-codes-on-date",
        {"nb": "Kommuner og kommunenummer på en dato", "en": "Municipalities and their codes on a date"},
        {"nb": "Hvilket kommunenummer og navn hadde hver kommune 1. januar 2015?",
         "en": "Which number and name did each municipality have on 1 January 2015?"},
        """
SELECT ?municipality ?code ?name WHERE {
  ?municipality a br:Municipality ; skos:prefLabel ?label ; br:municipalityNumber ?number .
  ?number skos:notation ?code .
  OPTIONAL { ?number schema:validFrom ?from }
  OPTIONAL { ?number schema:validThrough ?through }
  FILTER (lang(?label) = "nb")
  FILTER ((!bound(?from) || ?from <= "2015-01-01"^^xsd:date) && (!bound(?through) || ?through >= "2015-01-01"^^xsd:date))
  # the name that day (docs/MODEL.md): the new name of its last change of name before it, else the old name of its
  # first change after it, else its label (Harstad held 1903 as "Harstad" until 2017, "Harstad - Hárstták" after)
  OPTIONAL {
    ?before org:resultingOrganization ?municipality ; br:changeKind br:nameChange ; dct:date ?on ; br:newName ?newName .
    FILTER (?on <= "2015-01-01"^^xsd:date)
    OPTIONAL { ?later org:resultingOrganization ?municipality ; br:changeKind br:nameChange ; dct:date ?d .
               FILTER (?d > ?on && ?d <= "2015-01-01"^^xsd:date) }
    FILTER (!bound(?later))  # none later before the day: the last
  }
  OPTIONAL {
    ?after org:resultingOrganization ?municipality ; br:changeKind br:nameChange ; dct:date ?on2 ; br:previousName ?oldName .
    FILTER (?on2 > "2015-01-01"^^xsd:date)
    OPTIONAL { ?sooner org:resultingOrganization ?municipality ; br:changeKind br:nameChange ; dct:date ?d2 .
               FILTER (?d2 > "2015-01-01"^^xsd:date && ?d2 < ?on2) }
    FILTER (!bound(?sooner))  # none sooner after the day: the first
  }
  BIND (COALESCE(?newName, ?oldName, STR(?label)) AS ?name)
}
ORDER BY ?code""",
    ),
    Example(
        "statements-per-theme",
        {"nb": "Utsagn per tema på tvers av regioner", "en": "Statements per theme across regions"},
        {"nb": "Hvilke temaer tar regionene oftest opp i mål, resultater og råd?",
         "en": "Which themes do the regions raise most often in their goals, results and advice?"},
        """
SELECT ?theme ?label (COUNT(DISTINCT ?statement) AS ?statements) (COUNT(DISTINCT ?region) AS ?regions) WHERE {
  ?statement br:region ?region ; dct:subject ?theme .
  ?theme skos:prefLabel ?label .
  FILTER (lang(?label) = "nb")
}
GROUP BY ?theme ?label
ORDER BY DESC(?statements)""",
    ),
    Example(
        "population",
        {"nb": "Folketall per kommune og region", "en": "Population per municipality and region"},
        {"nb": "Hvor mange bodde i hver byregion på regionens dato, og i hver av kommunene der regionens egen side "
               "gir kommunens tall? (Tom celle der den ikke gjør det: de fleste regionene har bare tallet for hele "
               "regionen.)",
         "en": "How many people lived in each city region on the region's date, and in each of its municipalities "
               "where the region's own page gives the municipality's figure? (An empty cell where it does not: most "
               "regions have only the figure for the whole region.)"},
        """
SELECT ?region ?regionPopulation ?date ?municipality ?name ?population WHERE {
  ?region a br:CityRegion ; br:population ?regionFigure ; br:membership ?membership .
  ?regionFigure schema:value ?regionPopulation ; dct:date ?date .
  ?membership org:member ?municipality .
  ?municipality skos:prefLabel ?name .
  FILTER (lang(?name) = "nb")
  OPTIONAL { ?municipality br:population ?figure . ?figure schema:value ?population ; dct:date ?date }
}
ORDER BY ?region DESC(?population)""",
    ),
    Example(
        "changed-number",
        {"nb": "Kommuner som fikk nytt nummer i 2020 eller 2024", "en": "Municipalities that changed number in 2020 or 2024"},
        {"nb": "Hvilke kommuner fikk nytt kommunenummer ved regionreformen (2020) eller da fylkene ble delt (2024), og hvilket?",
         "en": "Which municipalities got a new number in the 2020 reform or when counties split in 2024, and which?"},
        """
SELECT ?municipality ?name ?old ?new ?year WHERE {
  ?municipality skos:prefLabel ?name ; br:municipalityNumber ?a, ?b .
  ?a skos:notation ?old ; schema:validThrough ?end .
  ?b skos:notation ?new ; schema:validFrom ?start .
  FILTER (lang(?name) = "nb" && ?old != ?new)
  FILTER (year(?end) + 1 = year(?start) && month(?end) = 12 && day(?end) = 31 && month(?start) = 1 && day(?start) = 1)
  BIND (year(?start) AS ?year)
  FILTER (?year IN (2020, 2024))
}
ORDER BY ?year ?name""",
    ),
    Example(
        "members-and-roles",
        {"nb": "Medlemskommuner og roller", "en": "Member municipalities and their roles"},
        {"nb": "Hvilke kommuner søkte, og hvilke var partnere, i hver region?",
         "en": "Which municipalities applied, and which were partners, in each region?"},
        """
SELECT ?region ?municipality ?role ?position WHERE {
  ?region br:membership ?membership .
  ?membership org:member ?municipality ; org:role ?role ; schema:position ?position .
}
ORDER BY ?region ?position""",
    ),
    Example(
        "advice",
        {"nb": "Råd til andre regioner", "en": "Advice to other regions"},
        {"nb": "Hvilke råd ga regionene videre, med tittel og forklaring?",
         "en": "What advice did the regions pass on, with title and explanation?"},
        """
SELECT ?region ?advice ?title ?description WHERE {
  ?advice a br:Advice ; br:region ?region ; dct:title ?title ; schema:position ?position .
  OPTIONAL { ?advice dct:description ?description . FILTER (lang(?description) = lang(?title)) }
  FILTER (lang(?title) IN ("nb", "nn"))  # Norwegian: a page written in Nynorsk is tagged nn
}
ORDER BY ?region ?position""",
    ),
    Example(
        "provenance",
        {"nb": "Kilden til et utsagn, linje for linje", "en": "Where a statement comes from, line by line"},
        {"nb": "Hvor i kildedokumentet står hvert mål (linje og tegnposisjon)?",
         "en": "Where in the source document is each goal written (line and character offsets)?"},
        """
SELECT ?goal ?document ?line ?start ?end WHERE {
  ?goal a br:Goal ; prov:wasDerivedFrom ?source .
  ?source oa:hasSource ?document ; oa:hasSelector ?selector .
  ?selector br:line ?line ; oa:start ?start ; oa:end ?end .
}
ORDER BY ?line""",
    ),
    Example(
        "mergers",
        {"nb": "Kommunesammenslåinger", "en": "Municipal mergers"},
        {"nb": "Hvilke kommuner ble slått sammen, når, og til hva?",
         "en": "Which municipalities merged, when, and into what?"},
        """
SELECT ?date ?result (GROUP_CONCAT(DISTINCT ?originalName; separator=" + ") AS ?from) WHERE {
  ?change a br:MunicipalityChange ; br:changeKind br:merger ; dct:date ?date ;
          org:resultingOrganization ?result ; org:originalOrganization ?original .
  ?result a br:Municipality .  # counties merge too (Trøndelag 2018, Viken 2020)
  ?original skos:prefLabel ?originalName .
  FILTER (lang(?originalName) = "nb")
}
GROUP BY ?date ?result
ORDER BY ?date""",
    ),
    Example(
        "regions-by-phase",
        {"nb": "Byregionene i hver fase", "en": "The regions in each phase"},
        {"nb": "Hvilke byregioner var med i fase 1 og i fase 2, og hvor sikkert er det kjent?",
         "en": "Which regions took part in phase 1 and in phase 2, and how certainly is that known?"},
        """
SELECT ?phase ?region ?name ?confidence ?how WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?name ; br:participation ?participation .
  ?participation br:inPhase/schema:position ?phase .
  OPTIONAL { ?participation br:confidence ?confidence }          # br:inferred where no source says it outright
  OPTIONAL { ?participation rdfs:comment ?how FILTER (lang(?how) = "en") }
  FILTER (lang(?name) = "nb")
}
ORDER BY ?phase ?name""",
    ),
    Example(
        "theme-hierarchy",
        {"nb": "Temaer og overordnede temaer", "en": "Themes and their broader themes"},
        {"nb": "Hvordan er temaene ordnet, og hva heter de på norsk og engelsk?",
         "en": "How are the themes arranged, and what are they called in Norwegian and English?"},
        """
SELECT ?theme ?nb ?en ?broader WHERE {
  ?theme a skos:Concept ; skos:inScheme <https://data.byregion.no/id/scheme/themes> ; skos:prefLabel ?nb .
  FILTER (lang(?nb) = "nb")
  OPTIONAL { ?theme skos:prefLabel ?en . FILTER (lang(?en) = "en") }
  OPTIONAL { ?theme skos:broader ?broader }
}
ORDER BY ?broader ?nb""",
    ),
    Example(
        "statements-by-kind",
        {"nb": "Utsagn per type og region", "en": "Statements per kind and region"},
        {"nb": "Hvor mange mål, resultater, råd og oppfølgingspunkter har hver region?",
         "en": "How many goals, results, pieces of advice and follow-ups does each region have?"},
        """
SELECT ?region ?kind (COUNT(?statement) AS ?count) WHERE {
  ?statement br:region ?region ; a ?kind .
  ?kind rdfs:subClassOf* br:RegionStatement .
  FILTER (?kind != br:RegionStatement)
}
GROUP BY ?region ?kind
ORDER BY ?region DESC(?count)""",
    ),
    Example(
        "graphs",
        {"nb": "De navngitte grafene", "en": "The named graphs"},
        {"nb": "Hvilke deler består datasettet av, og hvor store er de?",
         "en": "What parts does the dataset consist of, and how big are they?"},
        """
SELECT ?graph (COUNT(*) AS ?triples) WHERE {
  GRAPH ?graph { ?s ?p ?o }
}
GROUP BY ?graph
ORDER BY ?graph""",
    ),
    Example(
        "english-translations",
        {"nb": "Mål med engelsk oversettelse", "en": "Goals with their English translation"},
        {"nb": "Hva sier målene på norsk, og hvordan er de oversatt til engelsk?",
         "en": "What do the goals say in Norwegian, and how are they translated into English?"},
        """
SELECT ?goal ?nb ?en WHERE {
  ?goal a br:Goal ; schema:text ?nb, ?en ; schema:position ?position .
  FILTER (lang(?nb) IN ("nb", "nn") && lang(?en) = "en")  # Norwegian: nn where the page is Nynorsk
}
ORDER BY ?position""",
    ),
    Example(
        "programme-members-2024",
        {"nb": "Byregionenes kommuner med nummer i 2024", "en": "The regions' municipalities with their 2024 numbers"},
        {"nb": "Hvilke kommuner var med i hver byregion, og hvilket kommunenummer har de (eller etterfølgeren) i 2024? "
               "Der etterfølgeren senere ble delt (Ålesund i 2024), gis delen som har kommunens område "
               "(br:areaWithin, utledet av grensene: Haram er Haram igjen, Sandøy er Ålesund); en kommune som selv "
               "ble delt (Tysfjord i 2020), har begge delene. Bare for 2024 og senere: for en annen dato, se "
               "«Byregionenes kommuner med nummer på en dato».",
         "en": "Which municipalities took part in each region, and which number do they (or their successor) have in 2024? "
               "Where the successor was later split (Ålesund in 2024), the part holding the municipality's area is "
               "given (br:areaWithin, derived from the boundaries: Haram is Haram again, Sandøy is Ålesund); a "
               "municipality itself divided (Tysfjord in 2020) has both parts. For 2024 and later only: for "
               "another date, see \"The regions' municipalities with their numbers on a date\"."},
        """
SELECT DISTINCT ?region ?regionName ?municipality ?name ?role ?in2024 ?code2024 WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?regionName ; br:membership ?membership .
  ?membership org:member ?municipality ; org:role ?role .
  ?municipality skos:prefLabel ?name .
  FILTER (lang(?regionName) = "nb" && lang(?name) = "nb")
  OPTIONAL {
    { ?municipality br:areaWithin ?in2024 }
    UNION { FILTER NOT EXISTS { ?municipality br:areaWithin ?part } ?municipality br:succeededBy* ?in2024 }
    ?in2024 br:municipalityNumber ?number .
    ?number skos:notation ?code2024 .
    OPTIONAL { ?number schema:validFrom ?from }
    OPTIONAL { ?number schema:validThrough ?through }
    FILTER ((!bound(?from) || ?from <= "2024-01-01"^^xsd:date) && (!bound(?through) || ?through >= "2024-01-01"^^xsd:date))
  }
}
ORDER BY ?regionName ?name""",
    ),
    Example(
        "programme-members-on-a-date",
        {"nb": "Byregionenes kommuner med nummer på en dato",
         "en": "The regions' municipalities with their numbers on a date"},
        {"nb": "Hvilket kommunenummer hadde hver medlemskommune, eller enheten som hadde området dens, på en dato "
               "(endre ?day)? Før Ålesund ble delt i 2024 er det Ålesund (1507) for Haram, Sandøy, Skodje og "
               "Ørskog; etter det delen som har kommunens område (br:areaWithin). Samme svar som "
               "/doc/memberships.csv for 2015, 2020 og 2024.",
         "en": "Which municipality number did each member, or the unit holding its area, have on a date (change "
               "?day)? Before Ålesund was split in 2024 it is Ålesund (1507) for Haram, Sandøy, Skodje and Ørskog; "
               "after that the part holding the municipality's area (br:areaWithin). The same answer as "
               "/doc/memberships.csv for 2015, 2020 and 2024."},
        """
SELECT DISTINCT ?region ?regionName ?municipality ?name ?then ?code WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?regionName ; br:membership/org:member ?municipality .
  ?municipality skos:prefLabel ?name .
  FILTER (lang(?regionName) = "nb" && lang(?name) = "nb")
  OPTIONAL {
    VALUES ?day { "2020-01-01"^^xsd:date }  # the date: inside this group, where every engine's FILTER sees it
    { ?municipality br:areaWithin ?then BIND (true AS ?within) } UNION { ?municipality br:succeededBy* ?then }
    # the day the part holding the municipality's area (br:areaWithin) got its number: from then on, that part
    OPTIONAL { ?municipality br:areaWithin/br:municipalityNumber/schema:validFrom ?split }
    ?then br:municipalityNumber ?number .
    ?number skos:notation ?code .
    OPTIONAL { ?number schema:validFrom ?from }
    OPTIONAL { ?number schema:validThrough ?through }
    FILTER ((!bound(?from) || ?from <= ?day) && (!bound(?through) || ?through >= ?day)
            && (bound(?within) || !bound(?split) || ?split > ?day))
  }
}
ORDER BY ?regionName ?name""",
    ),
    Example(
        "regions-per-county",
        {"nb": "Byregioner per fylke", "en": "City regions per county"},
        {"nb": "Hvor mange byregioner hadde hvert fylke (fylket til flest medlemmer i 2015)?",
         "en": "How many city regions did each county have (the county of most members in 2015)?"},
        """
SELECT ?county ?countyName (COUNT(DISTINCT ?region) AS ?regions) WHERE {
  ?region a br:CityRegion ; br:county ?county .
  ?county skos:prefLabel ?countyName .
  FILTER (lang(?countyName) = "nb")
}
GROUP BY ?county ?countyName
ORDER BY DESC(?regions) ?countyName""",
    ),
    Example(
        "municipalities-in-several-regions",
        {"nb": "Kommuner i to byregioner", "en": "Municipalities in two regions"},
        {"nb": "Hvilke kommuner er oppført i mer enn én byregion, og i hvilke?",
         "en": "Which municipalities are listed in more than one region, and in which?"},
        """
SELECT ?municipality ?name (COUNT(DISTINCT ?region) AS ?regions) (GROUP_CONCAT(DISTINCT ?regionName; separator=", ") AS ?regionNames) WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?regionName ; br:membership/org:member ?municipality .
  ?municipality skos:prefLabel ?name .
  FILTER (lang(?name) = "nb" && lang(?regionName) = "nb")
}
GROUP BY ?municipality ?name
HAVING (COUNT(DISTINCT ?region) > 1)
ORDER BY ?name""",
    ),
    Example(
        "regions-by-population",
        {"nb": "Byregioner etter folketall", "en": "Regions ranked by population"},
        {"nb": "Hvilke byregioner var størst i folketall 1. januar 2015?",
         "en": "Which regions had the most inhabitants on 1 January 2015?"},
        """
SELECT DISTINCT ?region ?name ?population ?confidence WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?name ; br:population/schema:value ?population ; br:confidence ?confidence .
  FILTER (lang(?name) = "nb")
}
ORDER BY DESC(?population)""",
    ),
    Example(
        "regions-by-density",
        {"nb": "Byregioner etter befolkningstetthet", "en": "Regions ranked by population density"},
        {"nb": "Hvor mange bodde det per km² i hver byregion (regionenes egne tall)?",
         "en": "How many people lived per km² in each region (the regions' own figures)?"},
        """
SELECT DISTINCT ?region ?name ?population ?area (ROUND(10 * ?population / ?area) / 10 AS ?perKm2) WHERE {
  ?region a br:CityRegion ; skos:prefLabel ?name ;
          br:population/schema:value ?population ; br:area/qudt:numericValue ?area .
  FILTER (lang(?name) = "nb" && ?area > 0)
}
ORDER BY DESC(?perKm2)""",
    ),
    Example(
        "county-participation-2015",
        {"nb": "Andel av fylkets kommuner som deltok", "en": "Share of each county's municipalities that took part"},
        {"nb": "Hvor stor andel av kommunene i hvert fylke (1. januar 2015) var med i en byregion i dataene? "
               "taking og percent teller alle medlemslistene, også de uverifiserte (br:unverified) og den utledete "
               "(br:countOnly); takingConfirmed og percentConfirmed bare listene fra en faktaboks eller en annen "
               "skriftlig kilde (br:confidence br:fakta eller br:secondary) i byregioner der deltakelsen i fase 2 ikke er "
               "utledet.",
         "en": "What share of each county's municipalities (on 1 January 2015) took part in a region of the data? "
               "taking and percent count every member list, the unverified (br:unverified) and the inferred "
               "(br:countOnly) too; takingConfirmed and percentConfirmed only the lists from a facts block or "
               "another written source (br:confidence br:fakta or br:secondary) of regions whose participation in "
               "phase 2 is not inferred."},
        """
SELECT ?county ?countyName (COUNT(DISTINCT ?municipality) AS ?municipalities)
       (COUNT(DISTINCT ?member) AS ?taking) (ROUND(1000 * COUNT(DISTINCT ?member) / COUNT(DISTINCT ?municipality)) / 10 AS ?percent)
       (COUNT(DISTINCT ?confirmed) AS ?takingConfirmed)
       (ROUND(1000 * COUNT(DISTINCT ?confirmed) / COUNT(DISTINCT ?municipality)) / 10 AS ?percentConfirmed) WHERE {
  ?municipality a br:Municipality ; br:municipalityNumber ?number .
  ?number br:county ?county .
  OPTIONAL { ?number schema:validFrom ?from }
  OPTIONAL { ?number schema:validThrough ?through }
  FILTER ((!bound(?from) || ?from <= "2015-01-01"^^xsd:date) && (!bound(?through) || ?through >= "2015-01-01"^^xsd:date))
  OPTIONAL {
    ?region br:programme ?programme ; br:membership/org:member ?municipality . BIND (?municipality AS ?member)
    # confirmed: a member of a region whose member list is in a facts block or another written source, and whose
    # participation in phase 2 is not inferred (its source describes phase 1: Ranaregionen)
    OPTIONAL { ?region br:confidence ?level FILTER (?level IN (br:fakta, br:secondary)) }
    OPTIONAL { ?region br:participation ?inferred .
               ?inferred br:inPhase <https://data.byregion.no/id/programme/byregionprogrammet/phase/2> ;
                         br:confidence br:inferred }
    BIND (IF(BOUND(?level) && !BOUND(?inferred), ?municipality, ?unconfirmed) AS ?confirmed)
  }
  ?county skos:prefLabel ?countyName .
  FILTER (lang(?countyName) = "nb")
}
GROUP BY ?county ?countyName
ORDER BY DESC(?percent) ?countyName""",
    ),
    Example(
        "region-neighbours",
        {"nb": "Kommuner som grenser til en region", "en": "Municipalities bordering a region"},
        {"nb": "Hvilke kommuner utenfor Notodden-regionen grenset til den 1. januar 2018, programmets siste år (grensene som gjaldt da; grensene i dataene begynner med 2018–2019, så en tidligere dato mangler kommunene som ble slått sammen i 2018, som Lardal og Hof)?",
         "en": "Which municipalities outside the Notodden region bordered it on 1 January 2018, the programme's last year (the boundaries of then; the boundaries in the data begin with 2018–2019, so an earlier date misses the municipalities merged in 2018, such as Lardal and Hof)?"},
        """
SELECT DISTINCT ?neighbour ?name ?code ?borders WHERE {
  <https://data.byregion.no/id/region/notodden> br:membership/org:member ?member .
  ?member geo:hasGeometry ?geometry .
  OPTIONAL { ?geometry schema:validFrom ?from }
  OPTIONAL { ?geometry schema:validThrough ?through }
  FILTER ((!bound(?from) || ?from <= "2018-01-01"^^xsd:date) && (!bound(?through) || ?through >= "2018-01-01"^^xsd:date))
  ?geometry geo:sfTouches ?other .
  ?neighbour geo:hasGeometry ?other ; skos:prefLabel ?name .
  ?other skos:notation ?code .
  OPTIONAL { ?other schema:validFrom ?otherFrom }
  FILTER (!bound(?otherFrom) || ?otherFrom <= "2018-01-01"^^xsd:date)
  ?member skos:prefLabel ?borders .
  FILTER NOT EXISTS { <https://data.byregion.no/id/region/notodden> br:membership/org:member ?neighbour }
  FILTER (lang(?name) = "nb" && lang(?borders) = "nb")
}
ORDER BY ?code ?borders""",
    ),
    Example(
        "mixnmatch-catalogue",
        {"nb": "Identifikatorene for Wikidata (Mix'n'match)", "en": "The identifiers for Wikidata (Mix'n'match)"},
        {"nb": "Hvilke kommuner, fylker og byregioner har identifikatorer her, med navn, beskrivelse og "
               "Wikidata-element, som en Mix'n'match-katalog (last ned som CSV eller TSV)?",
         "en": "Which municipalities, counties and city regions have identifiers here, with name, description and "
               "Wikidata item, as a Mix'n'match catalogue (download as CSV or TSV)?"},
        """
SELECT ?id ?name ?description ?wikidata WHERE {
  {
    SELECT ?unit ?kind (GROUP_CONCAT(DISTINCT COALESCE(?code, ""); separator=", ") AS ?codes) WHERE {
      VALUES (?class ?kind) {
        (br:Municipality "Norwegian municipality, kommunenummer")
        (br:County "Norwegian county, fylkesnummer")
        (br:CityRegion "City region of Byregionprogrammet (2014–2018)")
      }
      ?unit a ?class .
      OPTIONAL { ?unit br:municipalityNumber|br:countyNumber ?number . ?number skos:notation ?code }
    }
    GROUP BY ?unit ?kind
  }
  ?unit skos:prefLabel ?name . FILTER (lang(?name) = "nb")
  BIND (STRAFTER(STR(?unit), "https://data.byregion.no/id/") AS ?id)
  BIND (IF(?codes = "", ?kind, CONCAT(?kind, " ", ?codes)) AS ?description)
  OPTIONAL { ?unit owl:sameAs ?item . FILTER (STRSTARTS(STR(?item), "http://www.wikidata.org/entity/Q")) }
  BIND (STRAFTER(STR(?item), "http://www.wikidata.org/entity/") AS ?wikidata)
}
ORDER BY ?id""",
    ),
)


def by_slug(slug: str) -> Example | None:
    return next((e for e in EXAMPLES if e.slug == slug), None)
