"""Maps drawn at build time as SVG: projection (:mod:`.projection`), markup (:mod:`.svg`), the words
(:mod:`.texts`) and the build's boundaries tied to its IRIs with each page's figure (:mod:`.atlas`)."""
