"""The catalogue's fixed wording (nb and en), filled in from the build's facts."""

from __future__ import annotations

from typing import Any

from byregion.i18n import number

LANGS = ("nb", "en")

#: Fixed wording; ``{regions}``, ``{with_pages}`` (the regions whose page is imported), ``{programme}``,
#: ``{version}``, ``{triples}`` come from the build.
DATASET_TEXT: dict[str, dict[str, str]] = {
    "catalogue_title": {"nb": "Datakatalog for Byregion LOD", "en": "Byregion LOD data catalogue"},
    "catalogue_description": {
        "nb": "Datasett og tjenester som publiserer {programme} som lenkede åpne data.",
        "en": "Datasets and services publishing {programme} as linked open data.",
    },
    "title": {"nb": "{programme} som lenkede åpne data", "en": "{programme} as linked open data"},
    "description": {
        "nb": "Byregionene i {programme} ({regions}) med medlemskommunene, og for byregionene hvis side er "
              "lest inn ({with_pages}) målene, resultatene, rådene og oppfølgingen med temaer og kilde til hver "
              "setning, som RDF ({triples} tripler). Engelske tekster er prosjektets egne "
              "oversettelser.",
        "en": "The city regions of {programme} ({regions}) with their member municipalities, and for the regions "
              "whose page is imported ({with_pages}) their goals, results, advice and follow-up with themes and "
              "the source of every sentence, as RDF ({triples} triples). English texts are "
              "the project's own translations.",
    },
    # an earlier version: what is known of it (filled in with its own ``{version}`` and ``{created}``)
    "version_description": {
        "nb": "Versjon {version} av datasettet, bygget {created}. Filene er ikke lenger tilgjengelige; "
              "SHA-256 i versjonsnotatet viser om innholdet er det samme som i en annen versjon.",
        "en": "Version {version} of the dataset, built {created}. Its files are no longer served; the SHA-256 in "
              "its version notes tells whether its content is that of another version.",
    },
    "service_title": {"nb": "SPARQL-endepunkt for Byregion LOD", "en": "Byregion LOD SPARQL endpoint"},
    "service_description": {
        "nb": "SPARQL 1.1-spørringer over hele grafen; standardgrafen er unionen av alle navngitte grafer.",
        "en": "SPARQL 1.1 queries over the whole graph; the default graph is the union of all named graphs.",
    },
}
PROVENANCE = {
    "nb": "Importert fra Byregionprogrammets regionsider og offisielle kommunedata, validert med SHACL og "
          "bygget automatisk; hver setning viser til sin plass i kildeteksten.",
    "en": "Imported from the programme's region pages and official municipality data, validated with SHACL "
          "and built automatically; every sentence points to its place in the source text.",
}


def triples(manifest: dict[str, Any]) -> int:
    """The dataset's distinct triples, as VoID counts them: ``manifest["triples"]`` counts the statements of the
    named graphs, where a triple two graphs state (a sentence's theme from the page and from the curation) is two."""
    void = manifest.get("void") or {}
    return int(void.get("triples", manifest["triples"]))


def texts(key: str, facts: dict[str, Any], manifest: dict[str, Any]) -> dict[str, str]:
    """``DATASET_TEXT[key]`` in every language, filled in with the regions, programme, version and size."""
    def names(regions: list[dict[str, Any]], lang: str) -> str:
        # semicolons: a region's name can hold a comma ("Leikanger, Luster og Sogndal")
        return "; ".join(r["label"].get(lang) or r["label"].get("nb", "") for r in regions) or "–"

    def inside(text: str) -> str:
        """A name inside a sentence: "the City Region Programme", where its label begins "The"."""
        return text if key == "title" or not text.startswith("The ") else "the " + text[len("The "):]

    paged = [r for r in facts["regions"] if r.get("page")]
    programme = (facts.get("programme") or {}).get("label", {})
    return {lang: DATASET_TEXT[key][lang].format(regions=names(facts["regions"], lang),
                                                 with_pages=names(paged, lang),
                                                 programme=inside(programme.get(lang, "")),
                                                 version=manifest["version"], triples=number(triples(manifest), lang))
            for lang in LANGS}


def pick(labels: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else Norwegian, else English, else empty."""
    return labels.get(lang) or labels.get("nb") or labels.get("en") or ""
