"""Geometry of municipalities and counties: the simplified boundaries of each boundary period
(:mod:`byregion.geo.boundaries`) and what follows from them (:mod:`byregion.geo.topology`)."""

from __future__ import annotations

from byregion.licence import LICENCE_PAGE

#: The boundaries' licence (Kartverket's), as the licensor gives its URI.
CC_BY_URI = "https://creativecommons.org/licenses/by/4.0/"
#: Kartverket's record of the dataset the boundaries are simplified from (Geonorge's catalogue; files.csv's upstream).
DATASET_RECORD = ("https://kartkatalog.geonorge.no/metadata/kartverket/administrative-enheter/"
                  "041f1e6e-bdbc-4091-b48f-8a5990f3cc5b")

#: The attribution data/reference/geo/SOURCES.md asks for wherever the boundaries are used or shown (the
#: geometry graph, GeoJSON, every map; tests/maps/test_svg.py checks that the two agree).
ATTRIBUTION = {
    "nb": "Kommune- og fylkesgrenser: © Kartverket, CC BY 4.0 (Administrative enheter), forenklet av "
          "github.com/robhop/fylker-og-kommuner (2024) og github.com/Torskelgen/ReadyMaps (2019, 2020–23); "
          "koder og navn: Statistisk sentralbyrå (KLASS 131), NLOD. Bearbeidet (reprojisert, reparert).",
    "en": "Municipal and county boundaries © Kartverket (Norwegian Mapping Authority), CC BY 4.0; simplified by "
          "robhop/fylker-og-kommuner and Torskelgen/ReadyMaps; codes and names: Statistics Norway (KLASS 131), "
          "NLOD; modified (reprojected, repaired).",
}
#: Where the attribution's words link on a page with a map: CC BY 4.0 asks for "the URI or hyperlink to" the licence
#: (§3(a)(1)(C)); NLOD's text for the codes and names, and Kartverket's dataset record. Each phrase is in the text.
ATTRIBUTION_LINKS = {
    "nb": (("Administrative enheter", DATASET_RECORD), ("CC BY 4.0", CC_BY_URI), ("NLOD", LICENCE_PAGE)),
    "en": (("Kartverket (Norwegian Mapping Authority)", DATASET_RECORD), ("CC BY 4.0", CC_BY_URI),
           ("NLOD", "https://data.norge.no/nlod/en/2.0")),
}


def attribution_parts(lang: str) -> tuple[tuple[str, str | None], ...]:
    """The attribution in ``lang`` (bokmål when there is none) as runs of text in order, each with the address
    its words link to (None: plain text); the runs joined are :data:`ATTRIBUTION`'s text."""
    lang = lang if lang in ATTRIBUTION else "nb"
    rest, parts = ATTRIBUTION[lang], []
    for phrase, href in sorted(ATTRIBUTION_LINKS[lang], key=lambda link: rest.find(link[0])):
        before, found, rest = rest.partition(phrase)
        if not found:
            raise ValueError(f"the {lang} attribution lacks {phrase!r}, which ATTRIBUTION_LINKS links")
        parts += [(before, None), (phrase, href)]
    return tuple(p for p in (*parts, (rest, None)) if p[0])
