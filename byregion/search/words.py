"""The words of the search page and its messages, in Norwegian (bokmål) and English (``/search``,
``byregion/web/templates/search.html``); the search box on every page uses ``search_label`` and ``search_button`` of
:data:`byregion.i18n.STRINGS`. Messages take ``str.format`` values by name."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "title": {"nb": "Søk", "en": "Search"},
    "intro": {"nb": "Søk etter byregioner, kommuner, fylker, mål, resultater, råd, temaer og begreper: på navn, "
                    "kommunenummer eller ord fra teksten, på norsk eller engelsk.",
              "en": "Search the city regions, municipalities, counties, goals, results, advice, themes and terms: "
                    "by name, municipality number or words of the text, in Norwegian or English."},
    "query": {"nb": "Søkeord", "en": "Search words"},
    "results_for": {"nb": "{total} treff for «{query}»", "en": "{total} results for “{query}”"},
    "one_result_for": {"nb": "1 treff for «{query}»", "en": "1 result for “{query}”"},
    # the count in the page's title, which a screen reader announces as the page opens
    "results": {"nb": "{total} treff", "en": "{total} results"},
    "one_result": {"nb": "1 treff", "en": "1 result"},
    "showing": {"nb": "Viser {first}–{last}", "en": "Showing {first}–{last}"},
    "none": {"nb": "Ingen treff. Prøv færre ord, et annet ord for det samme, eller et kommunenummer; hele grafen "
                   "kan også spørres med SPARQL.",
             "en": "No results. Try fewer words, another word for the same thing, or a municipality number; the "
                   "whole graph can also be queried with SPARQL."},
    "empty": {"nb": "Skriv et navn, et nummer eller noen ord, for eksempel «Notodden», «0807» eller «samarbeid».",
              "en": "Type a name, a number or a few words, for example “Notodden”, “0807” or “cooperation”."},
    "previous": {"nb": "Forrige side", "en": "Previous page"},
    "next": {"nb": "Neste side", "en": "Next page"},
    "pages": {"nb": "Sider", "en": "Pages"},
    "page_of": {"nb": "Side {page} av {pages}", "en": "Page {page} of {pages}"},
    "did_you_mean": {"nb": "Mente du", "en": "Did you mean"},
    # the counts by kind (?kind=): the heading of the list, its first link, and what the summary says of a filter
    "kinds": {"nb": "Avgrens etter type", "en": "Filter by kind"},
    "all_kinds": {"nb": "Alle typer", "en": "All kinds"},
    # what a kind's link does, said to a screen reader after its name (a sighted reader sees it marked chosen)
    "kind_remove": {"nb": "fjern fra avgrensningen", "en": "remove from the filter"},
    "kind_add": {"nb": "legg til i avgrensningen", "en": "add to the filter"},
    "limited_to": {"nb": "Avgrenset til {kinds}", "en": "Limited to {kinds}"},
    # what a result found by its numbers shows, each number said for what it is
    "municipality_numbers": {"nb": "kommunenummer", "en": "municipality numbers"},
    "municipality_number": {"nb": "kommunenummer", "en": "municipality number"},
    "county_numbers": {"nb": "fylkesnummer", "en": "county numbers"},
    "county_number": {"nb": "fylkesnummer", "en": "county number"},
    "organisation_number": {"nb": "organisasjonsnummer", "en": "organisation number"},
    "code": {"nb": "kode", "en": "code"},
    "past_last": {"nb": "Søket har {pages} sider; side {page} kommer etter den siste.",
                  "en": "The search has {pages} pages; page {page} is past the last."},
    "search_too_long": {"nb": "Søket er {length} tegn langt; det lengste som godtas er {max_chars} tegn. Bruk "
                              "færre ord.",
                        "en": "The query is {length} characters long; the longest accepted is {max_chars}. Use "
                              "fewer words."},
    "search_bad_number": {"nb": "«{name}» må være et helt tall fra 1 til {highest}.",
                          "en": "“{name}” must be a whole number from 1 to {highest}."},
    "search_bad_kind": {"nb": "«kind» kan ikke være «{value}»; typene som finnes, er {known}.",
                        "en": "“kind” cannot be “{value}”; the kinds there are {known}."},
    "search_empty": {"nb": "Søket har ingen ord: send noen ord i q, for eksempel /search.json?q=Notodden.",
                     "en": "The query has no words: send a few words in q, for example /search.json?q=Notodden."},
    "search_unavailable": {"nb": "Dette bygget har ingen søkeindeks som serveren kan lese; lag et nytt bygg med "
                                 "byregion build --force.",
                           "en": "This build has no search index this server can read; make a new build with "
                                 "byregion build --force."},
    "needs_server": {"nb": "Søk trenger Python-serveren (byregion serve): denne kopien av nettstedet er statiske "
                           "filer. Start på forsiden eller i programmet, eller still spørsmål med SPARQL der "
                           "serveren kjører.",
                     "en": "Search needs the Python server (byregion serve): this copy of the site is static "
                           "files. Start from the home page or the programme, or query with SPARQL where the "
                           "server runs."},
}


def word(key: str, lang: str, **values: object) -> str:
    """The word or message ``key`` in ``lang`` (Norwegian when there is no such language), filled in."""
    entry = WORDS[key]
    text = entry.get(lang) or entry["nb"]
    return text.format(**values) if values else text
