"""Geometry of municipalities and counties: the simplified boundaries of each boundary period
(:mod:`byregion.geo.boundaries`) and what follows from them (:mod:`byregion.geo.topology`)."""
