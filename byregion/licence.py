"""The dataset's licence: its IRI, names and page. Plain constants, so that the request path (a page's description,
:mod:`byregion.describe`) has them without the catalogue's machinery (:mod:`byregion.dcat` re-exports them)."""

from __future__ import annotations

#: The dataset's licence: Norwegian public-sector information, so NLOD 2.0 from the EU licence table.
LICENCE = "http://publications.europa.eu/resource/authority/licence/NLOD_2_0"
LICENCE_LABEL = {"nb": "Norsk lisens for offentlige data (NLOD) 2.0",
                 "en": "Norwegian Licence for Open Government Data (NLOD) 2.0"}
#: Human-readable licence text (linked from the dataset page).
LICENCE_PAGE = "https://data.norge.no/nlod/no/2.0"
#: The ontology's and the theme scheme's licence (their own headers state it: ontology/byregion.ttl, themes.ttl).
CC_BY_4_0 = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"
#: Each licence the data states, by name in nb and en (the VoID description and a graph's page name them).
LICENCE_NAMES: dict[str, dict[str, str]] = {
    LICENCE: LICENCE_LABEL,
    CC_BY_4_0: {"nb": "Creative Commons Navngivelse 4.0 Internasjonal",
                "en": "Creative Commons Attribution 4.0 International"},
}
