"""Norwegian (bokmål) and English interface strings, and choosing a reader's language. Pure: no Flask.

Used when the build renders every page (``byregion.build.render``) and per request, for the few pages that
are made then (the SPARQL page, ``byregion.web.i18n``).

Order: ``?lang=`` (which the visible toggle uses, and which also sets a cookie), then the cookie,
then ``Accept-Language``; the default is ``nb``. Data text is chosen per language elsewhere
(:mod:`byregion.describe`); this module only holds the words of the interface.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal

from markupsafe import Markup, escape

LANGUAGES = ("nb", "en")
DEFAULT = "nb"
#: The language tags of the data's Norwegian text: Bokmål, and Nynorsk where a source page is written in it. A
#: reader of either interface language who finds no text in it gets these next, in this order.
NORWEGIAN_TEXT = ("nb", "nn")


@functools.cache  # a handful of languages; asked for every literal a page shows
def text_preference(lang: str) -> tuple[str, ...]:
    """The language tags a reader of ``lang`` takes a text or label of the data in, best first: their own, Norwegian
    (:data:`NORWEGIAN_TEXT`), untagged (``""``), English. Pages, titles, labels and search all choose by it."""
    return tuple(dict.fromkeys((lang, *NORWEGIAN_TEXT, "", "en")))
COOKIE = "lang"
#: The ``lang`` cookie's value in a ``Cookie`` header: one of :data:`LANGUAGES`, bare or quoted (RFC 6265 §4.1.1
#: allows ``lang="en"``), the first such pair of the header. The app's documents and pages, byregion.js and Apache
#: all read it with this one pattern (``\x22`` is the quote, which each of their regex dialects reads).
COOKIE_PATTERN = rf"(?:^|;)\s*{COOKIE}=(\x22?)({'|'.join(LANGUAGES)})\1\s*(?:;|$)"
_COOKIE = re.compile(COOKIE_PATTERN)


def cookie_language(header: str | None) -> str | None:
    """The language the ``lang`` cookie names in a ``Cookie`` header, or None (:data:`COOKIE_PATTERN`)."""
    match = _COOKIE.search(header) if header and COOKIE in header else None
    return match.group(2) if match else None

#: Accept-Language tags that mean Norwegian bokmål to us (nynorsk readers get bokmål, not English).
_NORWEGIAN = {"nb", "no", "nn", "nb-no", "no-no", "nn-no"}

STRINGS: dict[str, dict[str, str]] = {
    "wkt_cut": {"nb": "({chars} tegn i alt: hele geometrien står i RDF- og GeoJSON-formatene under)",
                "en": "({chars} characters in all: the whole geometry is in the RDF and GeoJSON formats below)"},
    "site_name": {"nb": "Byregionprogrammet som lenkede data", "en": "The City Region Programme as linked data"},
    # Open Graph's og:locale (language_TERRITORY) of a page, and of its page in the other language
    "og_locale": {"nb": "nb_NO", "en": "en_GB"},
    "og_locale_other": {"nb": "en_GB", "en": "nb_NO"},
    "skip": {"nb": "Hopp til innholdet", "en": "Skip to content"},
    "nav_home": {"nb": "Forside", "en": "Home"},
    "nav_sparql": {"nb": "SPARQL", "en": "SPARQL"},
    "nav_catalog": {"nb": "Datakatalog", "en": "Data catalogue"},
    "nav_ontology": {"nb": "Ontologi", "en": "Ontology"},
    "nav_themes": {"nb": "Temaer", "en": "Themes"},
    "nav_main": {"nb": "Hovedmeny", "en": "Main menu"},
    "search_label": {"nb": "Søk i dataene", "en": "Search the data"},
    "search_button": {"nb": "Søk", "en": "Search"},
    "search_landmark": {"nb": "Søk på hele nettstedet", "en": "Search the whole site"},
    "language": {"nb": "Språk", "en": "Language"},
    "in_english": {"nb": "English", "en": "English"},
    "in_norwegian": {"nb": "Norsk", "en": "Norsk"},
    "footer": {
        "nb": "Data fra Byregionprogrammet (Kommunal- og moderniseringsdepartementet, 2014–2018), "
              "publisert som lenkede åpne data.",
        "en": "Data from the City Region Programme (Norwegian Ministry of Local Government and Modernisation, "
              "2014–2018), published as linked open data.",
    },
    "formats": {"nb": "Andre formater", "en": "Other formats"},
    "profiles_title": {"nb": "Profiler og formater", "en": "Profiles and formats"},
    "profiles_intro": {"nb": "Hver profil og hvert format dette dokumentet finnes i:",
                       "en": "Every profile and format this document is available in:"},
    "profiles_how": {"nb": "Be om en profil med ?_profile=TOKEN eller med HTTP-hodet Accept-Profile: <URI> "
                           "(W3C Content Negotiation by Profile), og om et format med ?_mediatype= eller Accept.",
                     "en": "Ask for a profile with ?_profile=TOKEN or the HTTP header Accept-Profile: <URI> "
                           "(W3C Content Negotiation by Profile), and for a format with ?_mediatype= or Accept."},
    "profile": {"nb": "Profil", "en": "Profile"},
    "token": {"nb": "Kortnavn", "en": "Token"},
    "formats_heading": {"nb": "Formater", "en": "Formats"},
    "profile_default": {"nb": "standard", "en": "default"},
    "home_intro": {
        "nb": "Byregionprogrammet (2014–2018) hjalp byer og omlandskommuner å samarbeide om vekst. "
              "Her er programmets byregioner og medlemskommuner som lenkede åpne data.",
        "en": "The City Region Programme (2014–2018) helped towns and their surrounding municipalities work "
              "together for growth. Here are the programme's city regions and member municipalities as linked open "
              "data.",
    },
    "home_texts": {
        "nb": "Mål, resultater og råd er med for byregionene der nettsiden er lest inn ({count} av {total}):",
        "en": "Goals, results and advice are in for the city regions whose web page has been read in ({count} of "
              "{total}):"},
    "home_texts_one": {
        "nb": "Mål, resultater og råd er foreløpig med bare for én byregion, den der nettsiden er lest inn "
              "(1 av {total}):",
        "en": "So far, goals, results and advice are in for one city region only, whose web page has been read "
              "in (1 of {total}):"},
    "home_texts_all": {"nb": "For alle er medlemmene, tallene og kildene med.",
                       "en": "Members, figures and sources are in for all of them."},
    "regions": {"nb": "Byregioner", "en": "City regions"},
    "entry_points": {"nb": "Inngangsporter for data", "en": "Data entry points"},
    "sparql_desc": {"nb": "Still spørsmål til hele grafen", "en": "Query the whole graph"},
    "catalog_desc": {"nb": "DCAT-katalog med nedlastinger", "en": "DCAT catalogue with downloads"},
    "reconcile_desc": {"nb": "Avstem kommune- og fylkesnavn mot kommunenummer, Wikidata og organisasjonsnummer: legg "
                             "til tjenesten som avstemmingstjeneste i OpenRefine:",
                       "en": "Reconcile municipality and county names against their numbers, Wikidata and "
                             "organisation numbers: add the service in OpenRefine as a reconciliation service:"},
    "home_dataset_rdf": {"nb": "Datasettet beskrevet i RDF", "en": "The dataset described in RDF"},
    "dumps_desc": {"nb": "Hele datasettet som filer (Turtle, TriG, N-Quads, N-Triples, JSON-LD)",
                   "en": "The whole dataset as files (Turtle, TriG, N-Quads, N-Triples, JSON-LD)"},
    "ontology_desc": {"nb": "Begrepene dataene bruker", "en": "The terms the data uses"},
    "earlier_version": {"nb": "Dette er en tidligere versjon av ontologien, versjon {version}, slik den ble publisert. "
                              "Den er ikke lenger gjeldende: begrepene kan ha endret seg siden.",
                        "en": "This is an earlier version of the ontology, version {version}, as it was published. "
                              "It is no longer current: its terms may have changed since."},
    "current_version": {"nb": "Se den gjeldende ontologien (versjon {version})",
                        "en": "See the current ontology (version {version})"},
    "current_ontology": {"nb": "Se den gjeldende ontologien", "en": "See the current ontology"},
    "themes_desc": {"nb": "Temaene utsagnene er merket med", "en": "The themes statements are tagged with"},
    "dumps": {"nb": "Nedlasting", "en": "Download"},
    "graph_dumps_note": {"nb": "Denne grafens tripler og ingen andre, som filer.",
                         "en": "This graph's triples and no others, as files."},
    "graph_store_note": {"nb": "Det samme etter SPARQL 1.1 Graph Store-protokollen (Turtle eller N-Triples):",
                         "en": "The same by the SPARQL 1.1 Graph Store Protocol (Turtle or N-Triples):"},
    "graph_holds": {"nb": "Innhold", "en": "What it holds"},
    "graph_holds_note": {"nb": "Tingene grafen gir en type (rdf:type), klasse for klasse (VoIDs klasseinndeling).",
                         "en": "The things the graph gives a type (rdf:type), class by class (VoID's class "
                               "partitions)."},
    "graph_holds_class": {"nb": "Klasse", "en": "Class"},
    "graph_holds_count": {"nb": "Antall", "en": "Number"},
    "graph_holds_list": {"nb": "Liste", "en": "List"},
    "municipalities": {"nb": "Kommuner", "en": "Municipalities"},
    "members": {"nb": "Medlemskommuner", "en": "Member municipalities"},
    "members_phase": {"nb": "Medlemslisten gjelder", "en": "The member list is that of"},
    "named_graph": {"nb": "navngitt graf", "en": "named graph"},
    "contents": {"nb": "Innhold", "en": "Contents"},
    # after a note the source wrote in English, on a Norwegian page (the research table's notes are English)
    "as_written_in_english": {"nb": "på engelsk, som kilden skrev den", "en": "in English, as the source wrote it"},
    "memberships_table": {"nb": "Alle byregioner og medlemskommuner med kommunenumrene i 2015, 2020 og 2024, som "
                                "tabell for regneark:",
                          "en": "Every region and member municipality with their numbers in 2015, 2020 and 2024, as a "
                                "table for spreadsheets:"},
    "regions_table": {"nb": "Alle byregionene med navn, søkerkommune, medlemmer, fylke, faser og kilder, som tabell "
                            "for regneark:",
                      "en": "Every region with its names, applicant, members, county, phases and sources, as a table "
                            "for spreadsheets:"},
    "regions_geojson": {"nb": "Alle byregionene med omriss på ett kart, med medlemskommunene, som GeoJSON for QGIS og "
                              "nettkart:",
                        "en": "Every region with an outline on one map, with its member municipalities, as GeoJSON for "
                              "QGIS and web maps:"},
    "role": {"nb": "Rolle", "en": "Role"},
    "municipality": {"nb": "Kommune", "en": "Municipality"},
    "municipality_numbers": {"nb": "Kommunenummer", "en": "Municipality numbers"},
    "county_numbers": {"nb": "Fylkesnummer", "en": "County numbers"},
    "county_municipalities": {"nb": "Kommuner i fylket", "en": "Municipalities in the county"},
    "county_municipalities_note": {"nb": "Én rad per kommunenummer fylket har hatt: en kommune som fikk nytt "
                                         "nummer, står én gang per nummer.",
                                   "en": "One row per municipality number the county has had: a renumbered "
                                         "municipality appears once per number."},
    "county_regions": {"nb": "Byregioner i fylket", "en": "City regions in the county"},
    "county_regions_note": {"nb": "Byregioner med minst én medlemskommune i fylket, i en av periodene.",
                            "en": "City regions with at least one member municipality in the county, in any "
                                  "period."},
    # the lists of every municipality and every county (/doc/municipalities, /doc/counties), the tables as pages
    "list_municipalities": {"nb": "Alle kommuner", "en": "All municipalities"},
    "list_counties": {"nb": "Alle fylker", "en": "All counties"},
    "list_municipalities_intro": {
        "nb": "Alle kommuner siden 2014, gjennom reformene i 2020 og 2024: {units} kommuner med {rows} kommunenumre. "
              "Én rad per kommunenummer, sortert etter nummeret: en kommune som har hatt flere numre, står én gang "
              "per nummer.",
        "en": "Every municipality since 2014, through the 2020 and 2024 reforms: {units} municipalities with {rows} "
              "municipality numbers. One row per number, sorted by number: a municipality that has had several "
              "numbers appears once per number."},
    "list_counties_intro": {
        "nb": "Alle fylker siden 2014, gjennom reformene i 2020 og 2024: {units} fylker med {rows} fylkesnumre. "
              "Én rad per fylkesnummer, sortert etter nummeret: et fylke som har hatt flere numre, står én gang per "
              "nummer.",
        "en": "Every county since 2014, through the 2020 and 2024 reforms: {units} counties with {rows} county "
              "numbers. One row per number, sorted by number: a county that has had several numbers appears once "
              "per number."},
    "list_municipalities_desc": {"nb": "Alle kommuner siden 2014, med nummer og fylke",
                                 "en": "Every municipality since 2014, with its numbers and county"},
    "list_counties_desc": {"nb": "Alle fylker siden 2014, med nummer",
                           "en": "Every county since 2014, with its numbers"},
    "list_table": {"nb": "Den samme tabellen for regneark, med flere kolonner (Wikidata, organisasjonsnummer, "
                         "nummeret i 2020 og 2024):",
                   "en": "The same table for spreadsheets, with more columns (Wikidata, organisation number, the "
                         "number in 2020 and 2024):"},
    "list_in_dataset": {"nb": "tabellen i datasettbeskrivelsen", "en": "the table in the dataset description"},
    "list_name_then": {"nb": "med nummeret: {name}", "en": "with this number: {name}"},
    "list_ended": {"nb": "Opphørt", "en": "Ended"},
    "list_as_page": {"nb": "som side", "en": "as a page"},
    "list_see_also": {"nb": "Se også", "en": "See also"},
    # the programme's tables as pages (/doc/memberships, /doc/regions; byregion.programme.lists)
    "list_memberships": {"nb": "Medlemskommunene i byregionene", "en": "The city regions' member municipalities"},
    "list_regions": {"nb": "Alle byregionene", "en": "All city regions"},
    "list_memberships_intro": {
        "nb": "Alle medlemskommunene i byregionene i Byregionprogrammet: {rows} medlemskap i {regions} byregioner, "
              "én rad per byregion og kommune, med kommunenummeret 1. januar 2015, 2020 og 2024. Der kommunen var "
              "slått sammen med en annen, står kommunen som da hadde området, med nummeret sitt. {uncertain} av "
              "medlemskapene er ikke bekreftet av en faktaboks: de to siste kolonnene sier hvor sikkert hvert er "
              "kjent.",
        "en": "Every member municipality of the city regions of the City Region Programme: {rows} memberships in "
              "{regions} city regions, one row per region and municipality, with the municipality number on 1 "
              "January 2015, 2020 and 2024. Where the municipality had merged with another, the municipality that "
              "then held its area is given, with its number. {uncertain} of the memberships are not confirmed by a "
              "facts block: the last two columns say how certainly each is known."},
    "list_regions_intro": {
        "nb": "Alle de {rows} byregionene i Byregionprogrammet (2014–2018), sortert etter navn: fylket, folketallet "
              "og arealet slik kildene oppgir dem per 1. januar 2015, antall medlemskommuner, hvor sikker "
              "medlemslisten er, og kilden. Medlemslisten til {uncertain} av dem er ikke bekreftet av en faktaboks.",
        "en": "All {rows} city regions of the City Region Programme (2014–2018), by name: the county, the "
              "population and the area as the sources give them on 1 January 2015, the number of member "
              "municipalities, how certain the member list is, and the source. The member list of {uncertain} of "
              "them is not confirmed by a facts block."},
    "list_memberships_desc": {"nb": "Hver byregions medlemskommuner, med kommunenummeret i 2015, 2020 og 2024",
                              "en": "Each city region's member municipalities, with their numbers in 2015, 2020 "
                                    "and 2024"},
    "list_regions_desc": {"nb": "Alle byregionene med fylke, folketall, areal og kilde",
                          "en": "Every city region with its county, population, area and source"},
    "list_table_programme": {"nb": "Den samme tabellen for regneark, med flere kolonner (IRI-ene blant dem):",
                             "en": "The same table for spreadsheets, with more columns (the IRIs among them):"},
    "code_in": {"nb": "Nummer {year}", "en": "Code {year}"},
    "successor_in": {"nb": "Etterfølger {year}", "en": "Successor {year}"},
    "county_in": {"nb": "Fylke {year}", "en": "County {year}"},
    "population_in": {"nb": "Folketall {year}", "en": "Population {year}"},
    "area_km2": {"nb": "Areal (km²)", "en": "Area (km²)"},
    "source": {"nb": "Kilde", "en": "Source"},
    "list_confidence": {"nb": "Sikkerhetsnivå for medlemslisten", "en": "Confidence in the member list"},
    "on_day": {"nb": "per {date}", "en": "on {date}"},
    "org_number": {"nb": "Organisasjonsnummer", "en": "Organisation number"},
    "code": {"nb": "Nummer", "en": "Code"},
    "valid_from": {"nb": "Gyldig fra", "en": "Valid from"},
    "valid_through": {"nb": "Gyldig til og med", "en": "Valid through"},
    "county": {"nb": "Fylke", "en": "County"},
    # a region's br:county where its members lay in more than one, and those counties with how many members each
    "county_most": {"nb": "Fylke (flest medlemmer)", "en": "County (of most members)"},
    "member_counties": {"nb": "Medlemmenes fylker ({date})", "en": "The members' counties ({date})"},
    "n_municipalities": {"nb": "{n} kommuner", "en": "{n} municipalities"},
    "one_municipality": {"nb": "1 kommune", "en": "1 municipality"},
    "facts": {"nb": "Fakta", "en": "Facts"},
    "population": {"nb": "Folketall", "en": "Population"},
    "area": {"nb": "Areal", "en": "Area"},
    "themes": {"nb": "Temaer", "en": "Themes"},
    "broader": {"nb": "Overordnet tema", "en": "Broader theme"},
    "narrower": {"nb": "Underordnede temaer", "en": "Narrower themes"},
    "statements": {"nb": "Utsagn merket med dette temaet", "en": "Statements tagged with this theme"},
    "region": {"nb": "Region", "en": "Region"},
    "properties": {"nb": "Alle egenskaper", "en": "All properties"},
    "property": {"nb": "Egenskap", "en": "Property"},
    "value": {"nb": "Verdi", "en": "Value"},
    "used_by": {"nb": "Andre ressurser som viser hit", "en": "Other resources that point here"},
    "resource": {"nb": "Ressurs", "en": "Resource"},
    "inbound_cut": {"nb": "Bare de første {n} vises; alle finnes med",
                    "en": "Only the first {n} are shown; all are in"},
    "translation": {"nb": "Oversettelse", "en": "Translation"},
    "translation_note": {
        "nb": "Engelsk tekst er prosjektets egen oversettelse; originalen på norsk åpnes under den («Original»).",
        "en": "English text is the project's own translation; the Norwegian original opens below it "
              "(\u201cOriginal\u201d).",
    },
    "original": {"nb": "Original (norsk)", "en": "Original (Norwegian)"},
    "original_en": {"nb": "Original (engelsk)", "en": "Original (English)"},
    "source_line": {"nb": "Kilde: linje", "en": "Source: line"},
    "source_text": {"nb": "Teksten", "en": "The text"},
    "source_text_note": {
        "nb": "Dokumentet slik det ble lest inn, linje for linje: hvert utsagn som er hentet herfra, viser til "
              "linjen sin. Filen selv, byte for byte, ligger under «nettadresse» nedenfor.",
        "en": "The document as it was read in, as written, line by line: each statement taken from it points to its "
              "line. The file itself, byte for byte, is under \u201cURL\u201d below."},
    "links": {"nb": "Lenker", "en": "Links"},
    "wikidata": {"nb": "Wikidata", "en": "Wikidata"},
    "brreg": {"nb": "Enhetsregisteret", "en": "The Central Coordinating Register (Enhetsregisteret)"},
    "successor": {"nb": "Etterfølger", "en": "Successor"},
    "successors": {"nb": "Etterfølgere", "en": "Successors"},
    "predecessor": {"nb": "Forgjenger", "en": "Predecessor"},
    "predecessors": {"nb": "Forgjengere", "en": "Predecessors"},
    "changes": {"nb": "Endringer", "en": "Changes"},
    # titles of pages whose thing has no name of its own (byregion/titles.py)
    "title_membership": {"nb": "{member} i {organisation}", "en": "{member} in {organisation}"},
    "title_statement": {"nb": "{kind} {number} – {region}", "en": "{kind} {number} – {region}"},
    "title_source": {"nb": "Kilde: {of}", "en": "Source: {of}"},
    "title_table_source": {"nb": "Kilde i programmets tabell: {of}", "en": "Source in the programme's table: {of}"},
    "title_line": {"nb": "Kildelinje {line}: {of}", "en": "Source line {line}: {of}"},
    "title_row": {"nb": "Kilderad {line}: {of}", "en": "Source row {line}: {of}"},
    "title_place": {"nb": "Sted i kilden: {of}", "en": "Place in the source: {of}"},
    "title_body": {"nb": "Tekst: {of}", "en": "Text: {of}"},
    "title_part": {"nb": "{kind} – {of}", "en": "{kind} – {of}"},
    "title_ended": {"nb": "{kind}, opphørt {year}", "en": "{kind}, ended {year}"},
    "unit_ended": {"nb": "{name} opphørte {date}.", "en": "{name} ended on {date}."},
    # a municipality's figures (pages.unit_figures): the population on its day, the area within its boundaries of a
    # period
    "population_on": {"nb": "Folketall {date}", "en": "Population on {date}"},
    "area_within": {"nb": "Areal innenfor grensene {span}", "en": "Area within the boundaries {span}"},
    "span_until": {"nb": "til og med {through}", "en": "until {through}"},
    "span_from": {"nb": "fra {start}", "en": "from {start}"},
    "span_between": {"nb": "{start} – {through}", "en": "{start} to {through}"},
    "lookup": {"nb": "Oppslag", "en": "Look-up"},
    "lookup_title_300": {"nb": "Flere treff på oppslaget", "en": "Several matches for the look-up"},
    "lookup_title_400": {"nb": "Oppslaget kan ikke leses", "en": "The look-up cannot be read"},
    "lookup_title_404": {"nb": "Ingen treff på oppslaget", "en": "Nothing found for the look-up"},
    "lookup_tables": {"nb": "Alle kommune- og fylkesnumre siden 2014 står i", "en": "Every municipality and county "
                      "number since 2014 is in"},
    "scheme_kommunenummer": {"nb": "kommunenummer", "en": "municipality number"},
    "scheme_fylkesnummer": {"nb": "fylkesnummer", "en": "county number"},
    "scheme_orgnr": {"nb": "organisasjonsnummer", "en": "organisation number"},
    "scheme_wikidata": {"nb": "Wikidata-elementet", "en": "Wikidata item"},
    "lookup_choices_title": {"nb": "Flere treff for {scheme} {code}", "en": "Several matches for {scheme} {code}"},
    "lookup_choices_intro": {
        "nb": "{scheme} {code} har hørt til mer enn én enhet over tid. Velg én nedenfor, eller spør etter den som "
              "hadde det på en dato, for eksempel",
        "en": "The {scheme} {code} has belonged to more than one unit over time. Choose one below, or ask for the "
              "one that held it on a date, for example"},
    "holder": {"nb": "Enhet", "en": "Unit"},
    "before_records": {"nb": "(eldre enn kildene)", "en": "(older than the records)"},
    "still_valid": {"nb": "(fortsatt gyldig)", "en": "(still valid)"},
    "sort_hint": {"nb": "(kolonneoverskriftene er knapper som sorterer tabellen)",
                  "en": "(the column headers are buttons that sort the table)"},
    "lookup_none_on": {
        "nb": "Ingen enhet hadde {scheme} {code} per {date}.",
        "en": "No unit held the {scheme} {code} on {date}."},
    "lookup_held": {"nb": "{name} hadde det {span}: {iri}", "en": "{name} held it {span}: {iri}"},
    # a holder renamed while it held the code: "Harstad (fra 2018-01-01 Harstad - Hárstták)"
    "lookup_renamed": {"nb": "fra {date} {name}", "en": "from {date} {name}"},
    "lookup_span": {"nb": "fra {start} til og med {end}", "en": "from {start} through {end}"},
    "lookup_start_unknown": {"nb": "før kildene begynner", "en": "before the records begin"},
    "lookup_span_open": {"nb": "fra {start}, og har det fortsatt etter de nyeste kildene (endringene per {horizon})",
                         "en": "from {start}, and still does in the newest records (the changes of {horizon})"},
    "lookup_after_records": {
        "nb": "Kildene slutter med endringene per {horizon}: om {date} sier de bare det de visste da.",
        "en": "The records end with the changes of {horizon}: of {date} they say only what was known then."},
    "lookup_then": {"nb": "{name} hadde {scheme} {code} per {date}: {path}",
                    "en": "On {date}, {name} held the {scheme} {code}: {path}"},
    "lookup_successor": {"nb": "{name} ble etterfulgt av {successor}, som hadde {scheme} {code} per {date}: {path}",
                         "en": "{name} was succeeded by {successor}, which held the {scheme} {code} on {date}: {path}"},
    "lookup_area_within": {
        "nb": "Området til {name} ligger nå i {successor}, som hadde {scheme} {code} per {date}: {path}",
        "en": "The area of {name} now lies within {successor}, which held the {scheme} {code} on {date}: {path}"},
    "lookup_successor_unlinked": {
        "nb": "{name} ble etterfulgt av {successor}, som fantes per {date}, men som dataene ikke har noen slik "
              "identifikator for: {iri}",
        "en": "{name} was succeeded by {successor}, which existed on {date} but has no such identifier in the data: "
              "{iri}"},
    "lookup_unknown": {
        "nb": "Ingen enhet i dataene (kommuner og fylker siden 2014) har hatt {scheme} {code}.",
        "en": "No unit in the data (municipalities and counties since 2014) has held the {scheme} {code}."},
    "lookup_unspecified": {
        "nb": "9999 er SSBs kode for uoppgitt kommune (KLASS 131: «Uoppgitt»), som står i statistikk der kommunen ikke "
              "er kjent; ingen kommune har den. Tabellen over alle kommunenummer: /doc/municipalities.csv",
        "en": "9999 is Statistics Norway's code for an unspecified municipality (KLASS 131: \"Uoppgitt\"), found in "
              "statistics where the municipality is not known; no municipality holds it. Every municipality number: "
              "/doc/municipalities.csv"},
    "lookup_malformed": {"nb": "400 Ugyldig forespørsel: {message}", "en": "400 Bad Request: {message}"},
    "lookup_did_you_mean": {"nb": "Mente du {path}?", "en": "Did you mean {path}?"},
    "lookup_not_utf8": {
        "nb": "kodens byte {shown} er ikke UTF-8-tekst: en URL skriver andre tegn enn ASCII som prosentkodet UTF-8 "
              "(%C3%85 for Å)",
        "en": "the code's bytes {shown} are not UTF-8 text: a URL writes characters other than ASCII as "
              "percent-encoded UTF-8 (%C3%85 for Å)"},
    "lookup_unrecorded": {
        "nb": "Kildene sier ikke hvem som hadde {scheme} {code} per {date}: de begynner {begin}, og sier bare at "
              "det var i bruk da, ikke siden når.",
        "en": "The records do not say who held the {scheme} {code} on {date}: they begin on {begin}, and say only "
              "that it was held then, not since when."},
    "lookup_none_in_data_on": {
        "nb": "Ingen enhet i dataene hadde {scheme} {code} per {date}.",
        "en": "No unit in the data held the {scheme} {code} on {date}."},
    "lookup_before_coverage": {
        "nb": "Dataene har enhetene som fantes {covered} eller senere; en enhet som bare hadde det før det, er ikke "
              "med.",
        "en": "The data hold the units that existed on {covered} or later; one that held it only before then is not "
              "in them."},
    "lookup_index": {
        "nb": "404 Fant ikke: {prefix} er ikke et dokument, men begynnelsen på oppslag etter {scheme}.",
        "en": "404 Not Found: {prefix} is not a document but the start of look-ups by {scheme}."},
    "lookup_index_form": {
        "nb": "Et oppslag er {prefix}/KODE, med koden som {shape}: {example}. Legg til ?date=ÅÅÅÅ-MM-DD for enheten "
              "som hadde koden den dagen: {example}?date={date}.",
        "en": "A look-up is {prefix}/CODE, the code {shape}: {example}. Add ?date=YYYY-MM-DD for the unit that held "
              "it on that day: {example}?date={date}."},
    "lookup_index_tables": {"nb": "Alle kodene siden 2014 står i {tables}.",
                            "en": "Every code since 2014 is in {tables}."},
    "and": {"nb": "og", "en": "and"},
    "regions_of": {"nb": "Med i byregion", "en": "Member of city region"},
    "programme_page": {"nb": "programmets side", "en": "the programme's page"},
    "predecessors_in_programme": {"nb": "Forgjengerne i Byregionprogrammet",
                                  "en": "Its predecessors in the City Region Programme"},
    "not_in_programme": {
        "nb": "Dataene viser ikke at kommunen eller en forgjenger var med i Byregionprogrammet (2014–2018). De har "
              "{count} av programmets byregioner; om de andre, se",
        "en": "The data do not show the municipality or a predecessor taking part in the City Region Programme "
              "(2014–2018). They hold {count} of the programme's city regions; of the others, see"},
    "classes": {"nb": "Klasser", "en": "Classes"},
    "object_properties": {"nb": "Egenskaper", "en": "Properties"},
    "individuals": {"nb": "Individer", "en": "Individuals"},
    "term": {"nb": "Begrep", "en": "Term"},
    "definition": {"nb": "Definisjon", "en": "Definition"},
    "subclass_of": {"nb": "Underklasse av", "en": "Subclass of"},
    "subproperty_of": {"nb": "Underegenskap av", "en": "Subproperty of"},
    "domain": {"nb": "Domene", "en": "Domain"},
    "range": {"nb": "Verdiområde", "en": "Range"},
    "concepts": {"nb": "Begreper", "en": "Concepts"},
    "top_concepts": {"nb": "Toppbegreper", "en": "Top concepts"},
    "match": {"nb": "Tilsvarer", "en": "Matches"},
    # said before a thing's IRI to a screen reader, which otherwise reads out an address with no word of what it is
    "iri_label": {"nb": "Identifikator:", "en": "Identifier:"},
    "gone_title": {"nb": "Trukket tilbake", "en": "Withdrawn"},
    "gone": {
        "nb": "Denne adressen ble publisert i en tidligere versjon av dataene, men det den beskrev, er ikke med i "
              "denne. Adressen står likevel: den sier at noe var her.",
        "en": "This address was published in an earlier version of the data, but what it described is not in this "
              "one. The address stays all the same: it says that something was here.",
    },
    "gone_versions": {"nb": "Datasettets versjoner", "en": "The dataset's versions"},
    "gone_what": {"nb": "Her var {label}{kind}.", "en": "This was {label}{kind}."},
    "gone_when": {"nb": "Sist publisert i versjon {last}, trukket tilbake i versjon {gone}{date}.",
                  "en": "Last published in version {last}, withdrawn in version {gone}{date}."},
    "gone_last": {"nb": "Sist publisert i versjon {last}.", "en": "Last published in version {last}."},
    "gone_see": {"nb": "Der det hørte til", "en": "Where it belonged"},
    "not_found_title": {"nb": "Fant ikke siden", "en": "Page not found"},
    "not_found": {
        "nb": "Vi har ingen beskrivelse av denne adressen. Sjekk stavemåten, eller start på forsiden.",
        "en": "We have no description of this address. Check the spelling, or start from the home page.",
    },
    "not_acceptable_title": {"nb": "Formatet finnes ikke", "en": "Format not available"},
    "not_acceptable": {"nb": "Dokumentet finnes i disse formatene:", "en": "The document is available as:"},
    "error_title": {"nb": "Feil", "en": "Error"},
    "sections": {"nb": "Kildedokumentet", "en": "The source document"},
    "introduction": {"nb": "Innledning", "en": "Introduction"},
    "member_of_regions": {"nb": "Byregioner i Byregionprogrammet", "en": "City regions in the City Region Programme"},
    "section_facts_above": {"nb": "Faktaene i denne delen (medlemmer, folketall og areal) står øverst på siden.",
                            "en": "The facts of this part (members, population and area) are at the top of the page."},
    "section_empty": {"nb": "Kildedokumentet har ingen tekst under denne overskriften.",
                      "en": "The source document has no text under this heading."},
    "part_of": {"nb": "Del av", "en": "Part of"},
    "type": {"nb": "Type", "en": "Type"},
    "nav_programme": {"nb": "Programmet", "en": "The programme"},
    "programme_desc": {"nb": "Alle byregionene og kommunene som deltok, med kilder og tall",
                       "en": "Every region and municipality that took part, with sources and figures"},
    "programme_lead": {
        "nb": "Se alle byregionene og de deltakende kommunene, med hvor sikkert hvert medlemskap er kjent",
        "en": "See every city region and participating municipality, with how certainly each membership is known",
    },
    "member_count": {"nb": "Antall kommuner", "en": "Number of municipalities"},
    "listed_members": {"nb": "{listed} av {count} kjent", "en": "{listed} of {count} known"},
    "confidence": {"nb": "Sikkerhetsnivå", "en": "Confidence"},
    "phases": {"nb": "Faser", "en": "Phases"},
    "phase_number": {"nb": "fase {number}", "en": "phase {number}"},
    "applicant_confidence": {"nb": "Sikkerhetsnivå for søkerkommunen", "en": "Confidence in the applicant"},
    # after a member's name of 2015 where the municipality has another today: "Nes (nå Nesbyen)"
    "now_called": {"nb": "nå {name}", "en": "now {name}"},
    "officially_called": {"nb": "offisielt {name}", "en": "officially {name}"},
    "summary_region": {"nb": "{name}: byregion i Byregionprogrammet (2014–2018), {n} kommuner: {members}.",
                       "en": "{name}: a city region of the City Region Programme (2014–2018), {n} municipalities: "
                             "{members}."},
    "summary_municipality": {"nb": "{name}: kommune, kommunenummer {codes}.",
                             "en": "{name}: a Norwegian municipality, municipality number {codes}."},
    "summary_municipality_many": {"nb": "{name}: kommune, kommunenummer {codes}.",
                                  "en": "{name}: a Norwegian municipality, municipality numbers {codes}."},
    "summary_in_regions": {"nb": "Med i Byregionprogrammet i byregionen {regions}.",
                           "en": "Took part in the City Region Programme in the city region {regions}."},
    "summary_in_regions_many": {"nb": "Med i Byregionprogrammet i byregionene {regions}.",
                                "en": "Took part in the City Region Programme in the city regions {regions}."},
    "summary_not_in_programme": {"nb": "Ikke med i Byregionprogrammet.",
                                 "en": "Took no part in the City Region Programme."},
    "summary_county": {"nb": "{name}: fylke, fylkesnummer {codes}.",
                       "en": "{name}: a Norwegian county, county number {codes}."},
    "summary_county_many": {"nb": "{name}: fylke, fylkesnummer {codes}.",
                            "en": "{name}: a Norwegian county, county numbers {codes}."},
    "n_more": {"nb": "{n} til", "en": "{n} more"},
    "names_in_other_languages": {"nb": "Navn på andre språk", "en": "Names in other languages"},
    "now_part_of": {"nb": "nå en del av", "en": "now part of"},
    "now_split_between": {"nb": "nå delt mellom", "en": "now split between"},
    # a successor split later, where the boundaries do not say which part holds the member's area (no br:areaWithin)
    "now_part_of_either": {"nb": "nå en del av", "en": "now part of"},
    "or": {"nb": "eller", "en": "or"},
    "the_new": {"nb": "nye {name}", "en": "the new {name}"},
    "sources": {"nb": "Kilder", "en": "Sources"},
    "quality_notes": {"nb": "Merknader om kvalitet", "en": "Quality notes"},
    "conflicts_with": {"nb": "Strider mot", "en": "Conflicts with"},
    "no_text_yet": {
        "nb": "Mål, resultater og råd for denne byregionen er ikke med i datasettet ennå: sideteksten er ikke "
              "samlet inn. Det som står her, kommer fra programmets tabeller over byregioner og medlemmer.",
        "en": "This region's goals, results and advice are not in the dataset yet: its page text has not been "
              "collected. What is shown here comes from the programme's tables of regions and members.",
    },
    "page_imported": {"nb": "Importert side", "en": "Imported page"},
    "figures": {"nb": "Tall for programmet", "en": "Figures for the programme"},
    "figures_note": {
        "nb": "Tallene regnes ut av dataene når datasettet bygges; hvert tall har spørringen som gir det.",
        "en": "The figures are computed from the data when the dataset is built; each has the query that "
              "gives it.",
    },
    # where some figures are the sources' own (phase 1's regions, …), which no query gives: the note above had
    # said each had its query
    "figures_note_sources": {
        "nb": "Tall uten spørring står slik kildene oppgir dem; de andre regnes ut av dataene når datasettet "
              "bygges, og hvert av dem har spørringen som gir det.",
        "en": "A figure without a query is as the sources give it; the others are computed from the data when the "
              "dataset is built, and each has the query that gives it.",
    },
    "how": {"nb": "Hvordan", "en": "How"},
    "run_query": {"nb": "Kjør spørringen", "en": "Run the query"},
    "regions_per_county": {"nb": "Byregioner per fylke (2015)", "en": "City regions per county (2015)"},
    "participating": {"nb": "Deltakende kommuner", "en": "Participating municipalities"},
    "in_regions": {"nb": "Byregioner", "en": "City regions"},
    "with_page": {"nb": "Sidetekst", "en": "Page text"},
    "yes": {"nb": "ja", "en": "yes"},
    "no": {"nb": "nei", "en": "no"},
    "unknown_value": {"nb": "ukjent", "en": "unknown"},
}


#: How each language writes a number's thousands and decimals: Norwegian (and SI) ``1 271 320`` with a no-break
#: space, ``51,3``; English ``1,271,320``, ``51.3``.
_NUMBER_MARKS = {"nb": str.maketrans({",": "\u00a0", ".": ","}), "en": str.maketrans({})}


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def whole_dates(text: object) -> Markup:
    """``text`` for a page (escaped), each ISO date in it kept on one line (``<span class="date">``): a browser
    breaks a line after a hyphen, and a county's change read "2024-01-" above "01" on a phone (a re-check)."""
    escaped = str(escape(str(text)))
    return Markup(_ISO_DATE.sub(lambda m: f'<span class="date">{m.group(0)}</span>', escaped))


def quotations_in(text: object, quoted: str) -> Markup:
    """``text`` for a page (escaped), the words of each quotation in «» in it marked as in the language ``quoted``
    (``<span lang="en">``): the notes' English quoted in a Norwegian sentence, which a screen reader had read out
    with Norwegian sounds."""
    escaped = str(escape(str(text)))
    return Markup(re.sub(r"«([^«»]+)»", lambda m: f'«<span lang="{escape(quoted)}">{m.group(1)}</span>»', escaped))


def number(value: object, lang: str) -> str:
    """A number as ``lang`` writes it (:data:`_NUMBER_MARKS`), the same rule on every page; what is no number
    comes back as it is."""
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        return str(value)
    if not amount.is_finite():
        return str(value)
    written = f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount.normalize():,f}"
    return written.translate(_NUMBER_MARKS.get(lang, _NUMBER_MARKS[DEFAULT]))


#: The units of a file's size, each a thousand of the one before (as the catalogue's byte counts are decimal).
_SIZE_UNITS = ("B", "kB", "MB", "GB", "TB")


def file_size(size: object, lang: str) -> str:
    """A file's size for a reader: "6,9 MB" (nb), "6.9 MB" (en), "512 B"; one decimal below 10 of a unit, none
    above (the exact bytes are in the catalogue, beside each file's SHA-256)."""
    try:
        amount = Decimal(str(size))
    except ArithmeticError:
        return str(size)
    unit = 0
    while unit < len(_SIZE_UNITS) - 1 and abs(round(amount, 1 if unit and abs(amount) < 10 else 0)) >= 1000:
        amount /= 1000  # rounded, 999,999 B would read "1 000 kB": it is 1 MB
        unit += 1
    places = 1 if unit and abs(amount) < 10 else 0
    return f"{number(round(amount, places), lang)}\u00a0{_SIZE_UNITS[unit]}"


_MONTH_NAMES = {
    "nb": ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november",
           "desember"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
}


def date(value: object, lang: str) -> str:
    """An ISO date (``2015-01-01``) as ``lang`` writes it in a sentence: ``1. januar 2015``, ``1 January 2015``;
    what is no ISO date comes back as it is."""
    text = str(value)
    found = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not found or not 1 <= int(found[2]) <= 12:
        return text
    year, month, day = int(found[1]), _MONTH_NAMES.get(lang, _MONTH_NAMES[DEFAULT])[int(found[2]) - 1], int(found[3])
    return f"{day}. {month} {year}" if lang == "nb" else f"{day} {month} {year}"


#: The languages the parts of an official name may be in (byregion.reference.names): BCP 47 tags (ISO 639-1 ``se``,
#: ISO 639-3 for the others), each as a reader of the pages calls it.
NAME_LANGUAGES = {"nb": {"nb": "norsk", "en": "Norwegian"}, "se": {"nb": "nordsamisk", "en": "Northern Sámi"},
                  "smj": {"nb": "lulesamisk", "en": "Lule Sámi"}, "sma": {"nb": "sørsamisk", "en": "Southern Sámi"},
                  "fkv": {"nb": "kvensk", "en": "Kven"}}

#: The language of a literal, by its tag, in each page language: what a screen reader says for the ``@nb`` that a
#: page's table of properties shows after a text (the tag itself where the table has no name for it).
LITERAL_LANGUAGES = {**NAME_LANGUAGES, "en": {"nb": "engelsk", "en": "English"}}


def language_name(tag: str, lang: str) -> str:
    """The name of the language ``tag`` (``nb``, ``en``, ``se``) in the page language ``lang``: ``norsk``."""
    names = LITERAL_LANGUAGES.get(tag.lower()) or LITERAL_LANGUAGES.get(tag.split("-")[0].lower())
    return names[lang if lang in names else DEFAULT] if names else tag


def page_urls(path: str, query: str = "", origin: str = "") -> dict[str, str]:
    """A page's URL in each language, for its canonical link and its ``hreflang`` alternates: ``path`` (with
    ``query``, such as ``_profile=alt``) is the Norwegian page, since Norwegian is what it gives a reader who
    has not chosen (a crawler), and so also the page for whoever has not chosen (``x-default``: the language
    then follows ``Accept-Language`` and the cookie); ``?lang=en`` the English one. A ``?lang=nb`` or ``.html``
    URL is the same page as ``path`` and names it canonical. Each on ``origin``: the build's base
    (``https://data.byregion.no``) in a page's ``<link>``s, since search engines want them absolute (a relative one
    made a staging host's copy its own canonical page); "" gives the host-relative paths (the sitemap puts in the
    request's host)."""
    own = f"{origin}{path}?{query}" if query else f"{origin}{path}"
    urls = {DEFAULT: own, "x-default": own}
    urls.update({lang: f"{origin}{path}?{query + '&' if query else ''}lang={lang}"
                 for lang in LANGUAGES if lang != DEFAULT})
    urls[PAGE_PATH] = f"{path}?{query}" if query else path  # the page's own path, which the menu marks as open
    return urls


#: The key of :func:`page_urls`'s answer that holds the page's host-relative path (not a language).
PAGE_PATH = "path"


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang`` (falls back to nb, then to the key itself)."""
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry[DEFAULT]


@functools.lru_cache(maxsize=4_096)  # few distinct headers reach a server: each is read once per process
def from_accept_language(header: str | None) -> str | None:
    """The one of our languages the header prefers, or None when it accepts neither (RFC 9110 §12.5.4).

    Each language gets the highest q of the ranges that name it (``nb``, ``no``, ``nn`` and their regions name
    Bokmål; ``en`` and ``en-*`` English); ``*`` gives its q to a language no range names, so ``*, nb;q=0``
    chooses English. q=0 rules a language out (RFC 9110 §12.4.2). Of equal q a language named wins over one
    that only ``*`` accepts, then the one named first, then :data:`DEFAULT`. A parameter other than ``q``
    (outside the header's grammar) is passed over. The static export's byregion.js chooses the same way."""
    if not header:
        return None
    from werkzeug.http import parse_accept_header

    from byregion.conneg import bare_value

    named: dict[str, tuple[float, int]] = {}  # language -> its highest q, and the place of the range giving it
    star: float | None = None
    for place, (value, quality) in enumerate(parse_accept_header(header)):
        tag = bare_value(value)
        if tag == "*":
            star = quality if star is None else max(star, quality)
            continue
        language = "nb" if tag in _NORWEGIAN else "en" if tag == "en" or tag.startswith("en-") else None
        if language is not None and (language not in named or quality > named[language][0]):
            named[language] = (quality, place)
    ranked = [((quality, 1, -place, language == DEFAULT), language) for language, (quality, place) in named.items()]
    if star is not None:
        ranked += [((star, 0, 0, language == DEFAULT), language) for language in LANGUAGES if language not in named]
    if not ranked:
        return None
    (quality, *_), language = max(ranked)
    return language if quality > 0 else None


def choose(query_lang: str | None, cookie: str | None, accept_language: str | None) -> str:
    """Pure choice of the interface language; see the module docstring for the order."""
    for candidate in (query_lang, cookie):
        if candidate in LANGUAGES:
            return candidate
    return from_accept_language(accept_language) or DEFAULT


#: Words of the SPARQL query page (byregion/web/templates/sparql.html).
SPARQL_PAGE: dict[str, dict[str, str]] = {
    "title": {"nb": "SPARQL-spørringer", "en": "SPARQL queries"},
    "intro": {"nb": "Still spørsmål til hele kunnskapsgrafen med SPARQL 1.1. Standardgrafen er unionen av alle "
                    "navngitte grafer.",
              "en": "Ask the whole knowledge graph with SPARQL 1.1. The default graph is the union of all named "
                    "graphs."},
    "meta_description": {
        "nb": "Still spørsmål til Byregionprogrammets lenkede data med SPARQL 1.1: byregioner, medlemskommuner, "
              "kommune- og fylkesnummer over tid og grenser, med eksempelspørringer og svar som tabell, JSON, CSV "
              "eller RDF.",
        "en": "Query the City Region Programme's linked data with SPARQL 1.1: city regions, member municipalities, "
              "municipality and county numbers over time and boundaries, with example queries and answers as a "
              "table, JSON, CSV or RDF."},
    "query": {"nb": "Spørring", "en": "Query"},
    "run": {"nb": "Kjør", "en": "Run"},
    "results": {"nb": "Resultat", "en": "Results"},
    "rows": {"nb": "rader", "en": "rows"},
    "row": {"nb": "rad", "en": "row"},
    "hints": {"nb": "Dette i spørringen kan være grunnen til at den ikke fant noe:",
              "en": "This in the query may be why it found nothing:"},
    "hint_unknown": {"nb": "ikke et begrep dataene bruker eller ontologien definerer",
                     "en": "no term the data use or the ontology defines"},
    "hint_did_you_mean": {"nb": "mente du", "en": "did you mean"},
    "hint_scheme": {"nb": "dataene bruker", "en": "the data use"},
    "hint_typed": {"nb": "en tekst, ikke en dato: datoene i dataene er xsd:date, og SPARQL sammenligner ingen dato med "
                         "en tekst (filteret blir usant for hver rad); skriv",
                   "en": "a plain string, not a date: the data's dates are xsd:date, and SPARQL compares no date with "
                         "a string (the filter is false for every row); write"},
    "hint_tagged": {"nb": "en tekst uten språkkode, men alle verdiene dataene har av denne egenskapen, har en "
                          "(i RDF er \"Notodden\" og \"Notodden\"@nb to forskjellige termer); skriv",
                    "en": "a string without a language tag, where every value the data have of this property has one "
                          "(in RDF \"Notodden\" and \"Notodden\"@nb are two different terms); write"},
    "hint_or": {"nb": "eller", "en": "or"},
    "download": {"nb": "Last ned", "en": "Download"},
    "truncated": {"nb": "Resultatet er kuttet etter {n} rader (dette endepunktets grense for rader eller byte). Legg "
                        "til LIMIT/OFFSET eller last ned datasettet.",
                  "en": "The results were cut after {n} rows (this endpoint's limit on rows or bytes). Add "
                        "LIMIT/OFFSET, or download the dataset."},
    "examples": {"nb": "Eksempler", "en": "Examples"},
    "prefixes": {"nb": "Prefikser", "en": "Prefixes"},
    "graphs": {"nb": "Navngitte grafer", "en": "Named graphs"},
    "error": {"nb": "Spørringen kunne ikke besvares", "en": "The query could not be answered"},  # refused, or timed out
    "answer": {"nb": "Svar", "en": "Answer"},
    # the page's title after a query: "Resultat (ja)", "Resultat (2 rader)", "Resultat (10 000 rader, kuttet)"
    "title_yes": {"nb": "ja", "en": "yes"},
    "title_no": {"nb": "nei", "en": "no"},
    "title_cut": {"nb": "kuttet", "en": "cut short"},
    "yes": {"nb": "ja (true)", "en": "yes (true)"},
    "no": {"nb": "nei (false)", "en": "no (false)"},
    "description": {"nb": "Tjenestebeskrivelse", "en": "Service description"},
    # the request's dataset (default-graph-uri, named-graph-uri), kept by the form: said above it, with a way out
    "dataset_default": {"nb": "Standardgrafen er avgrenset til", "en": "The default graph is limited to"},
    "dataset_named": {"nb": "Navngitte grafer i datasettet", "en": "Named graphs of the dataset"},
    "dataset_all": {"nb": "Spør hele grafen i stedet", "en": "Ask the whole graph instead"},
}


#: Norwegian's last three letters after z ("{", "|" and "}" follow "z" in code points); ä, ö and ü sort as æ, ø
#: and y, as Norwegian dictionaries have them.
_NORWEGIAN_LETTERS = str.maketrans({"æ": "{", "ä": "{", "ø": "|", "ö": "|", "å": "}", "ü": "y"})


def norwegian_key(text: str) -> str:
    """Sort key in Norwegian alphabetical order (… z, æ, ø, å: Ålesund after Vinje), ignoring case and other accents
    (Hábmer among the H's, as Hamarøy); for lists of Norwegian names in either language, since the names are
    the same."""
    letters = unicodedata.normalize("NFC", text).casefold().translate(_NORWEGIAN_LETTERS)
    return "".join(c for c in unicodedata.normalize("NFD", letters) if not unicodedata.combining(c))


#: What the pages call the terms of other vocabularies that our data uses and that come without labels in the build
#: (the vocabularies are not copied into it): their own English labels, and Norwegian ones of ours. Shown only; the
#: data says nothing about other vocabularies' terms. Keyed by the term's IRI.
_TERMS = {
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": {
        "type": ("type", "type"), "value": ("verdi", "value"), "first": ("første", "first"),
        "rest": ("resten", "rest")},
    "http://www.w3.org/2000/01/rdf-schema#": {
        "label": ("navn", "label"), "comment": ("kommentar", "comment"), "seeAlso": ("se også", "see also"),
        "isDefinedBy": ("definert av", "is defined by"), "domain": ("domene", "domain"),
        "range": ("verdiområde", "range"), "subClassOf": ("underklasse av", "subclass of"),
        "subPropertyOf": ("underegenskap av", "subproperty of"), "Literal": ("Litteral", "Literal")},
    "http://www.w3.org/2001/XMLSchema#": {
        "string": ("tekst", "string"), "integer": ("heltall", "integer"), "decimal": ("desimaltall", "decimal"),
        "boolean": ("sannhetsverdi", "boolean"), "date": ("dato", "date"), "dateTime": ("tidspunkt", "date and time"),
        "gYear": ("årstall", "year"), "anyURI": ("URI", "URI")},
    "http://purl.org/dc/terms/": {
        "title": ("tittel", "title"), "description": ("beskrivelse", "description"), "source": ("kilde", "source"),
        "license": ("lisens", "license"), "rights": ("rettigheter", "rights"), "date": ("dato", "date"),
        "issued": ("utgitt", "date issued"), "modified": ("endret", "date modified"),
        "created": ("opprettet", "date created"), "conformsTo": ("samsvarer med", "conforms to"),
        "subject": ("emne", "subject"), "isPartOf": ("er del av", "is part of"), "hasPart": ("har del", "has part"),
        "format": ("format", "format"), "language": ("språk", "language"), "creator": ("opphavsperson", "creator"),
        "publisher": ("utgiver", "publisher"), "type": ("type", "type"), "identifier": ("identifikator", "identifier"),
        "replaces": ("erstatter", "replaces"), "isReplacedBy": ("erstattet av", "is replaced by"),
        "temporal": ("tidsrom", "temporal coverage"), "spatial": ("område", "spatial coverage"),
        "accessRights": ("tilgangsrettigheter", "access rights"), "references": ("viser til", "references"),
        "rightsHolder": ("rettighetshaver", "rights holder"),
        "RightsStatement": ("Rettighetserklæring", "Rights statement")},
    "http://www.w3.org/2004/02/skos/core#": {
        "Concept": ("Begrep", "Concept"), "ConceptScheme": ("Begrepssystem", "Concept scheme"),
        "prefLabel": ("foretrukket navn", "preferred label"), "altLabel": ("alternativt navn", "alternative label"),
        "hiddenLabel": ("skjult navn", "hidden label"), "notation": ("kode", "notation"),
        "definition": ("definisjon", "definition"), "scopeNote": ("bruksmerknad", "scope note"),
        "note": ("merknad", "note"), "editorialNote": ("redaksjonell merknad", "editorial note"),
        "inScheme": ("i begrepssystem", "is in scheme"),
        "broader": ("overordnet begrep", "has broader"), "narrower": ("underordnet begrep", "has narrower"),
        "related": ("beslektet begrep", "has related"), "topConceptOf": ("toppbegrep i", "is top concept in scheme"),
        "hasTopConcept": ("har toppbegrep", "has top concept"),
        "exactMatch": ("samsvarer nøyaktig med", "has exact match"),
        "closeMatch": ("samsvarer nær med", "has close match"),
        "broadMatch": ("samsvarer med bredere", "has broader match"),
        "narrowMatch": ("samsvarer med smalere", "has narrower match"),
        "relatedMatch": ("samsvarer med beslektet", "has related match")},
    "http://www.opengis.net/ont/geosparql#": {
        "Feature": ("Geografisk objekt", "Feature"), "Geometry": ("Geometri", "Geometry"),
        "asWKT": ("som WKT", "as WKT"), "hasGeometry": ("har geometri", "has geometry"),
        "sfWithin": ("ligger innenfor", "within"), "sfTouches": ("grenser til", "touches"),
        "wktLiteral": ("WKT-tekst", "WKT literal")},
    "http://www.w3.org/ns/oa#": {
        "Annotation": ("Merknad", "Annotation"), "SpecificResource": ("Bestemt del av en ressurs", "Specific resource"),
        "Selector": ("Velger", "Selector"), "FragmentSelector": ("Fragmentvelger", "Fragment selector"),
        "TextPositionSelector": ("Tekstposisjonsvelger", "Text position selector"),
        "TextualBody": ("Tekstinnhold", "Textual body"), "hasSource": ("har kilde", "has source"),
        "hasSelector": ("har velger", "has selector"), "hasTarget": ("gjelder", "has target"),
        "hasBody": ("har innhold", "has body"), "motivatedBy": ("formål", "motivated by"),
        "start": ("start", "start"), "end": ("slutt", "end")},
    "http://www.w3.org/ns/org#": {
        "Membership": ("Medlemskap", "Membership"), "Organization": ("Organisasjon", "Organization"),
        "FormalOrganization": ("Formell organisasjon", "Formal organization"), "Role": ("Rolle", "Role"),
        "OrganizationalCollaboration": ("Samarbeid mellom organisasjoner", "Organizational collaboration"),
        "ChangeEvent": ("Endring", "Change event"), "member": ("medlem", "member"),
        "organization": ("organisasjon", "organization"), "role": ("rolle", "role"),
        "memberOf": ("medlem av", "member of"), "hasMember": ("har medlem", "has member"),
        "originalOrganization": ("organisasjon før endringen", "original organization"),
        "resultingOrganization": ("organisasjon etter endringen", "resulting organization"),
        "changedBy": ("endret ved", "changed by"), "resultedFrom": ("oppstått ved", "resulted from"),
        "identifier": ("identifikator", "identifier"), "memberDuring": ("medlem i tidsrommet", "member during")},
    "http://www.w3.org/ns/dqv#": {
        "QualityAnnotation": ("Kvalitetsmerknad", "Quality annotation"),
        "hasQualityAnnotation": ("har kvalitetsmerknad", "has quality annotation"),
        "qualityAssessment": ("kvalitetsvurdering", "quality assessment")},
    "http://www.w3.org/2002/07/owl#": {
        "Class": ("Klasse", "Class"), "ObjectProperty": ("Objektegenskap", "Object property"),
        "DatatypeProperty": ("Dataegenskap", "Datatype property"),
        "FunctionalProperty": ("Funksjonell egenskap", "Functional property"),
        "NamedIndividual": ("Navngitt individ", "Named individual"), "Ontology": ("Ontologi", "Ontology"),
        "AllDifferent": ("Alle forskjellige", "All different"), "sameAs": ("samme som", "same as"),
        "AllDisjointClasses": ("Parvis disjunkte klasser", "All disjoint classes"),
        "oneOf": ("en av", "one of"), "unionOf": ("union av", "union of"), "inverseOf": ("omvendt av", "inverse of"),
        "members": ("medlemmer", "members"), "versionIRI": ("versjonens IRI", "version IRI"),
        "versionInfo": ("versjon", "version info"), "priorVersion": ("forrige versjon", "prior version")},
    "http://www.w3.org/ns/prov#": {
        "Entity": ("Entitet", "Entity"), "Activity": ("Aktivitet", "Activity"), "Agent": ("Aktør", "Agent"),
        "wasDerivedFrom": ("avledet fra", "was derived from"), "wasAttributedTo": ("tilskrevet", "was attributed to"),
        "wasAssociatedWith": ("knyttet til", "was associated with"), "wasGeneratedBy": ("laget av", "was generated by"),
        "generatedAtTime": ("laget", "generated at time"), "generated": ("ga opphav til", "generated"),
        "invalidated": ("avsluttet", "invalidated")},
    "http://www.w3.org/ns/dx/prof/": {
        "Profile": ("Profil", "Profile"), "hasToken": ("kortnavn", "has token"),
        "isProfileOf": ("er profil av", "is profile of")},
    "http://xmlns.com/foaf/0.1/": {
        "Agent": ("Aktør", "Agent"), "Document": ("Dokument", "Document"), "name": ("navn", "name"),
        "homepage": ("hjemmeside", "homepage"), "page": ("side", "page")},
    "https://schema.org/": {
        "AdministrativeArea": ("Administrativt område", "Administrative area"), "Project": ("Prosjekt", "Project"),
        "QuantitativeValue": ("Mengdeverdi", "Quantitative value"),
        "validFrom": ("gyldig fra", "valid from"), "validThrough": ("gyldig til og med", "valid through"),
        "startDate": ("startdato", "start date"), "endDate": ("sluttdato", "end date"),
        "dissolutionDate": ("oppløst", "dissolution date"), "position": ("rekkefølge", "order"),
        "text": ("tekst", "text"), "value": ("verdi", "value"), "url": ("nettadresse", "URL"),
        "creditText": ("kreditering", "credit text"), "name": ("navn", "name"), "sameAs": ("samme som", "same as"),
        "identifier": ("identifikator", "identifier")},
    "http://www.w3.org/ns/dcat#": {
        "bbox": ("avgrensningsboks", "bounding box"), "centroid": ("midtpunkt", "centroid")},
    "http://rdfs.org/ns/void#": {
        "triples": ("antall tripler", "triples"), "sparqlEndpoint": ("SPARQL-endepunkt", "SPARQL endpoint"),
        "dataDump": ("nedlasting", "data dump"), "Dataset": ("Datasett", "Dataset"),
        "classPartition": ("klasseinndeling", "class partition"), "class": ("klasse", "class"),
        "entities": ("antall ting", "entities")},
    "http://qudt.org/schema/qudt/": {
        "QuantityValue": ("Mengdeverdi", "Quantity value"), "numericValue": ("tallverdi", "numeric value"),
        "unit": ("enhet", "unit")},
    "http://qudt.org/vocab/unit/": {"KiloM2": ("km²", "km²")},
    "http://purl.org/dc/elements/1.1/": {"format": ("format", "format")},  # a note's body (Web Annotation)
    "http://www.w3.org/ns/adms#": {
        "Identifier": ("Identifikator", "Identifier"), "identifier": ("identifikator", "identifier")},
    "http://spdx.org/rdf/terms#": {
        "Checksum": ("Sjekksum", "Checksum"), "checksum": ("sjekksum", "checksum"),
        "checksumValue": ("sjekksumverdi", "checksum value"), "algorithm": ("algoritme", "algorithm"),
        "checksumAlgorithm_sha256": ("SHA-256", "SHA-256")},
}
TERM_LABELS: dict[str, dict[str, str]] = {namespace + name: dict(zip(LANGUAGES, words, strict=True))
                                          for namespace, terms in _TERMS.items() for name, words in terms.items()}


def term_label(iri: str, lang: str) -> str | None:
    """What a page calls ``iri``, a term of another vocabulary (:data:`TERM_LABELS`), in ``lang``; None for others."""
    words = TERM_LABELS.get(iri)
    return None if words is None else words.get(lang, words[DEFAULT])


#: How a span of years reads, by language: from a year, until a year (inclusive), from one to another.
_YEAR_SPANS = {"nb": ("fra {start}", "til og med {end}", "{start} til {end}"),
               "en": ("from {start}", "through {end}", "{start} to {end}")}


def year_span(start: str | None, end: str | None, lang: str) -> str:
    """``2024–`` as "fra 2024", ``–2019`` as "til og med 2019", ``2020–2023`` as "2020 til 2023" (en: "from 2024",
    "through 2019", "2020 to 2023"): in words, which a screen reader says, where it drops a dash."""
    since, until, both = _YEAR_SPANS["en" if lang == "en" else "nb"]
    if start and end:
        return both.format(start=start, end=end)
    return since.format(start=start) if start else until.format(end=end)

