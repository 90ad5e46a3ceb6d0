"""The catalogue's fixed wording (nb and en), filled in from the build's facts."""

from __future__ import annotations

from typing import Any

from byregion.i18n import number

LANGS = ("nb", "en")

#: Fixed wording; ``{regions}``, ``{with_pages}`` (the regions whose page is imported), ``{programme}``,
#: ``{version}``, ``{triples}``, ``{lead}`` ("33 of the 37 city regions") and ``{gap}`` (the programme's count of
#: municipalities against the data's) come from the build.
DATASET_TEXT: dict[str, dict[str, str]] = {
    "catalogue_title": {"nb": "Datakatalog for Byregion LOD", "en": "Byregion LOD data catalogue"},
    "catalogue_description": {
        "nb": "Datasett og tjenester som publiserer {programme} som lenkede åpne data.",
        "en": "Datasets and services publishing {programme} as linked open data.",
    },
    "title": {"nb": "{programme} som lenkede åpne data", "en": "{programme} as linked open data"},
    "description": {
        "nb": "{lead} i {programme} ({regions}) med medlemskommunene, og for byregionene hvis "
              "side er lest inn ({with_pages}) målene, resultatene, rådene og oppfølgingen med temaer og kilde til "
              "hver setning, som RDF ({triples} tripler).{gap} Engelske tekster er prosjektets egne "
              "oversettelser.",
        "en": "{lead} of {programme} ({regions}) with their member municipalities, and for "
              "the regions whose page is imported ({with_pages}) their goals, results, advice and follow-up with "
              "themes and the source of every sentence, as RDF ({triples} triples).{gap} English texts are "
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
#: How each kind of the data is known (``catalog#provenance``), filled in by :func:`provenance`: the region pages
#: imported sentence by sentence (``{with_pages}``, ``{paged}`` of them), the other regions from the research table
#: (``{others}``), and the reference data from its upstream sources.
PROVENANCE = {
    "nb": "Byregionsider hos Distriktssenteret lest inn setning for setning ({paged}: {with_pages}); hver setning "
          "viser til sin plass i kildeteksten. De andre byregionene ({others}) er fra prosjektets "
          "forskningstabell, der hver rad oppgir sidene den bygger på (Distriktssenterets, kommuners, "
          "statsforvalteres og regionråds) og hvor sikker medlemslisten er (faktaboks, annen skriftlig kilde, ikke "
          "bekreftet, bare deltakelsen bekreftet); hvert faktum om dem viser til sin rad, og en innlest sides "
          "medlemmer må stemme med tabellen. Programmets egne tall er fra "
          "forskernes notater, som ikke oppgir primærkildene deres. Kommunene, fylkene, numrene og endringene er "
          "fra SSB KLASS 131, Wikidata-elementene fra Wikidata (gjennom Artsdatabankens kommune-data), grensene "
          "fra Kartverket (forenklet), og Notodden-regionens folketall og organisasjonsnumre fra SSB. Validert med "
          "SHACL og bygget automatisk.",
    "en": "Region pages at Distriktssenteret imported sentence by sentence ({paged}: {with_pages}); every sentence "
          "points to its place in the source text. The other regions ({others}) come from the project's research "
          "table, each row naming the pages it rests on (Distriktssenteret's, municipalities', county governors' and "
          "regional councils') and how sure its member list is (facts block, other written source, unverified, "
          "participation alone confirmed); each fact of theirs points to its row, and an imported page's members "
          "must agree with the table. The programme's "
          "own figures come from the researchers' notes, which do not give their primary sources. The "
          "municipalities, counties, numbers and changes are from SSB KLASS 131, the Wikidata items from Wikidata "
          "(through Artsdatabanken's kommune-data), the boundaries from Kartverket (simplified), and the Notodden "
          "region's populations and organisation numbers from SSB. Validated with SHACL and built automatically.",
}
#: Said in the description where the data knows fewer municipalities than the programme states it had.
_GAP = {"nb": " Programmet hadde {stated} kommuner etter egne tall; dataene kjenner {known} (se programmets side).",
        "en": " The programme had {stated} municipalities by its own count; the data knows {known} (see the "
              "programme's page)."}
#: How the description begins: the data's regions of the programme's count ("33 of the 37 city regions"), or, where
#: the data does not hold that count, the regions alone.
_LEAD = {"nb": "{count} av de {total} byregionene", "en": "{count} of the {total} city regions"}
_LEAD_ALONE = {"nb": "Byregionene", "en": "The city regions"}


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
    stated = facts.get("programme_figures") or {}
    known = len(facts.get("municipalities", []))

    def gap(lang: str) -> str:
        if not stated.get("municipalities") or stated["municipalities"] == known:
            return ""
        return _GAP[lang].format(stated=number(stated["municipalities"], lang), known=number(known, lang))

    def lead(lang: str) -> str:
        if not stated.get("regions"):
            return _LEAD_ALONE[lang]
        return _LEAD[lang].format(count=number(len(facts["regions"]), lang), total=number(stated["regions"], lang))

    return {lang: DATASET_TEXT[key][lang].format(regions=names(facts["regions"], lang),
                                                 with_pages=names(paged, lang),
                                                 programme=inside(programme.get(lang, "")),
                                                 lead=lead(lang), gap=gap(lang),
                                                 version=manifest["version"], triples=number(triples(manifest), lang))
            for lang in LANGS}


def provenance(facts: dict[str, Any]) -> dict[str, str]:
    """:data:`PROVENANCE` in every language, with the regions whose page is imported and the number of the others."""
    paged = [r for r in facts["regions"] if r.get("page")]
    return {lang: PROVENANCE[lang].format(
        paged=number(len(paged), lang), others=number(len(facts["regions"]) - len(paged), lang),
        with_pages="; ".join(r["label"].get(lang) or r["label"].get("nb", "") for r in paged) or "–")
        for lang in LANGS}


def pick(labels: dict[str, str], lang: str) -> str:
    """The text in ``lang``, else Norwegian, else English, else empty."""
    return labels.get(lang) or labels.get("nb") or labels.get("en") or ""
