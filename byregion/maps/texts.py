"""The words on the maps, in Norwegian (bokmål) and English, and the boundaries' attribution.

Kept apart from :mod:`byregion.i18n` (the interface's words): a map's figure carries its texts already
chosen for the page's language, so the templates need no keys of their own for it.
"""

from __future__ import annotations

from byregion.geo import ATTRIBUTION, attribution_parts

STRINGS: dict[str, dict[str, str]] = {
    "map": {"nb": "Kart", "en": "Map"},
    "maps": {"nb": "Kart", "en": "Maps"},
    "region_title": {"nb": "Kart over {region}: medlemskommunene etter rolle, i fylket sitt",
                     "en": "Map of {region}: the member municipalities by role, within their county"},
    # members in more than one county: the counties named ({counties}: "Telemark og Buskerud")
    "region_title_counties": {"nb": "Kart over {region}: medlemskommunene etter rolle, i fylkene {counties}",
                              "en": "Map of {region}: the member municipalities by role, within their counties, "
                                    "{counties}"},
    "region_caption": {"nb": "Medlemskommunene i {region} (grensene per {period}). Søkerkommunen er skravert "
                             "og har tykk kant.",
                       "en": "The member municipalities of {region} (boundaries of {period}). The applicant "
                             "is hatched and has a thick outline."},
    # no applicant drawn (Midt-Telemark's is not known): nothing is hatched
    "region_caption_no_applicant": {"nb": "Medlemskommunene i {region} (grensene per {period}). Hvilken kommune som "
                                          "var søkerkommune, er ikke kjent.",
                                    "en": "The member municipalities of {region} (boundaries of {period}). Which "
                                          "of them was the applicant is not known."},
    "municipality_title": {"nb": "Kart over {name} og nabokommunene, {period}",
                           "en": "Map of {name} and its neighbours, {period}"},
    "municipality_caption": {"nb": "{name} og nabokommunene, grenser {period}.",
                             "en": "{name} and its neighbouring municipalities, boundaries {period}."},
    "municipality_title_many": {"nb": "Kart over {name} og nabokommunene, {period}",
                                "en": "Map of {name} and their neighbours, {period}"},
    "municipality_caption_many": {"nb": "{name} og nabokommunene deres, grenser {period}.",
                                  "en": "{name} and their neighbouring municipalities, boundaries {period}."},
    "county_title": {"nb": "Kart over {name} med kommunene og nabofylkene, {period}",
                     "en": "Map of {name} with its municipalities and neighbouring counties, {period}"},
    "county_caption": {"nb": "{name}: {count}, grenser {period}.",
                       "en": "{name}: {count}, boundaries {period}."},
    "in_county": {"nb": "kommune i fylket", "en": "municipality in the county"},
    "neighbouring_county": {"nb": "nabofylke", "en": "neighbouring county"},
    "became": {"nb": "{name} ble en del av {others}.", "en": "{name} became part of {others}."},
    "came_from": {"nb": "{name} ble dannet av {others}.", "en": "{name} was made from {others}."},
    # more than one change away: what the map shows is where the municipality's line leads, not one merger
    "became_far": {"nb": "Gjennom mer enn én endring ble {name} en del av {others}.",
                   "en": "Through more than one change, {name} became part of {others}."},
    # through a later split, the part that holds its area (br:areaWithin): Haram of 1534 in the Haram of 2024
    "within": {"nb": "Området til {name} ligger nå i {others}.", "en": "The area of {name} now lies within {others}."},
    "came_from_far": {"nb": "Gjennom mer enn én endring går {name} tilbake til {others}.",
                      "en": "Through more than one change, {name} goes back to {others}."},
    "programme_title": {"nb": "Kart over Norge med byregionene i programmet",
                        "en": "Map of Norway with the programme's city regions"},
    # what the map of Norway draws: each region as the members the data has, and how many of them it says are not all
    # (Tønsberg's, count-only) or not confirmed (br:unverified)
    "programme_caption": {"nb": "{count} byregioner, hver tegnet som medlemskommunene den har i datasettet "
                                "(grensene per {period}).",
                          "en": "{count} city regions, each drawn as the member municipalities the dataset has for it "
                                "(boundaries of {period})."},
    "programme_caption_one": {"nb": "1 byregion, tegnet som medlemskommunene den har i datasettet (grensene per "
                                    "{period}).",
                              "en": "1 city region, drawn as the member municipalities the dataset has for it "
                                    "(boundaries of {period})."},
    "programme_partial": {"nb": "For {count} av dem er ikke alle medlemmene kjent.",
                          "en": "For {count} of them not every member is known."},
    "programme_unverified": {"nb": "For {count} av dem er medlemslisten ikke bekreftet.",
                             "en": "For {count} of them the member list is not confirmed."},
    "on_map": {"nb": "På kartet", "en": "On the map"},
    "skip_map": {"nb": "Hopp over kartet", "en": "Skip the map"},
    # a page with a map per period has a skip link per map: each names its period, so that they differ
    "skip_map_period": {"nb": "Hopp over kartet ({period})", "en": "Skip the map ({period})"},
    "not_on_map": {"nb": "ikke på kartet", "en": "not on the map"},
    "applicant": {"nb": "søkerkommune", "en": "applicant municipality"},
    "partner": {"nb": "samarbeidskommune", "en": "partner municipality"},
    "other_municipality": {"nb": "annen kommune", "en": "other municipality"},
    "county": {"nb": "fylkesgrense", "en": "county boundary"},
    "county_area": {"nb": "fylke", "en": "county"},
    "focus": {"nb": "kommunen", "en": "the municipality"},
    "focus_became": {"nb": "{name} ble en del av den", "en": "{name} became part of it"},
    "focus_came_from": {"nb": "{name} ble dannet av den", "en": "{name} was made from it"},
    "focus_became_far": {"nb": "{name} ble en del av den gjennom mer enn én endring",
                         "en": "{name} became part of it through more than one change"},
    "focus_within": {"nb": "området til {name} ligger nå i den", "en": "the area of {name} now lies within it"},
    "focus_came_from_far": {"nb": "{name} går tilbake til den gjennom mer enn én endring",
                            "en": "{name} goes back to it through more than one change"},
    # the same in the legend, where no name stands before it for "den" / "it" to point back to; {which}: the
    # municipality or municipalities highlighted (legend_one, legend_many)
    "legend_became": {"nb": "{which} {name} ble en del av", "en": "{which} {name} became part of"},
    "legend_came_from": {"nb": "{which} {name} ble dannet av", "en": "{which} {name} was made from"},
    "legend_became_far": {"nb": "{which} {name} ble en del av gjennom mer enn én endring",
                          "en": "{which} {name} became part of through more than one change"},
    "legend_within": {"nb": "{which} området til {name} nå ligger i",
                      "en": "{which} the area of {name} now lies within"},
    "legend_came_from_far": {"nb": "{which} {name} går tilbake til gjennom mer enn én endring",
                             "en": "{which} {name} goes back to through more than one change"},
    "legend_one": {"nb": "Kommunen", "en": "The municipality"},
    "legend_many": {"nb": "Kommunene", "en": "The municipalities"},
    "neighbour": {"nb": "nabokommune", "en": "neighbouring municipality"},
    "region": {"nb": "byregion", "en": "city region"},
    "members_count": {"nb": "{count} kommuner", "en": "{count} municipalities"},
    "members_count_one": {"nb": "{count} kommune", "en": "{count} municipality"},
    "members_count_known": {"nb": "{count} kjente kommuner", "en": "{count} known municipalities"},
    "members_count_one_known": {"nb": "{count} kjent kommune", "en": "{count} known municipality"},
    "period_switch": {"nb": "Grenser i perioden", "en": "Boundaries in the period"},
    "all_periods": {"nb": "alle perioder side om side", "en": "all periods side by side"},
    "until": {"nb": "til og med {year}", "en": "until {year}"},
    "from": {"nb": "fra {year}", "en": "from {year}"},
    "between": {"nb": "{start}–{end}", "en": "{start}–{end}"},
    "always": {"nb": "i alle periodene", "en": "in every period"},
    "and": {"nb": "og", "en": "and"},
}


def text(key: str, lang: str, **values: object) -> str:
    """The map text ``key`` in ``lang`` (bokmål when there is none), with ``values`` filled in."""
    words = STRINGS[key]
    return words.get(lang, words["nb"]).format(**values)


def attribution(lang: str) -> str:
    return ATTRIBUTION.get(lang, ATTRIBUTION["nb"])


def attribution_links(lang: str) -> tuple[tuple[str, str | None], ...]:
    """The attribution as a map shows it: runs of text, the licences' names and the dataset linked."""
    return attribution_parts(lang)


def listing(names: list[str], lang: str) -> str:
    """``A, B og C`` / ``A, B and C``."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} {text('and', lang)} {names[-1]}"
