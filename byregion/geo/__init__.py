"""Geometry of municipalities and counties: the simplified boundaries of each boundary period
(:mod:`byregion.geo.boundaries`) and what follows from them (:mod:`byregion.geo.topology`)."""

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
