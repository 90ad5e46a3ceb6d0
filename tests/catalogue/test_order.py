"""The catalogue lists the city regions and municipalities in Norwegian alphabetical order of their names (… z, æ,
ø, å), as a reader looks for them, not in the order of their IRIs' slugs (which fold Å to a)."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from byregion.dcat import texts
from byregion.dcat.facts import facts
from byregion.i18n import norwegian_key
from byregion.namespaces import BASE, BR

pytestmark = pytest.mark.fast

REGIONS = {"alesundregionen": "Ålesundregionen", "alstahaugregionen": "Alstahaugregionen",
           "ostre-agder": "Østre Agder", "vest-telemark": "Vest-Telemark", "aerfjord": "Ærfjord"}


def test_norwegian_order_puts_ae_o_and_a_ring_after_z_ignoring_case() -> None:
    names = ["Ål", "Alvdal", "øyer", "Zeta", "Ærø", "aukra", "Østre Toten", "Åmli", "Hamarøy", "Hábmer", "Haram",
             "A\u030amot"]  # Åmot written with a combining ring
    assert sorted(names, key=norwegian_key) == ["Alvdal", "aukra", "Hábmer", "Hamarøy", "Haram", "Zeta", "Ærø",
                                                "Østre Toten", "øyer", "Ål", "Åmli", "A\u030amot"]


def test_the_catalogues_regions_are_in_norwegian_alphabetical_order() -> None:
    graph = Graph()
    for slug, name in REGIONS.items():
        region = URIRef(f"{BASE}/id/region/{slug}")
        graph.add((region, RDF.type, BR.CityRegion))
        graph.add((region, SKOS.prefLabel, Literal(name, lang="nb")))
    found = facts(graph, BASE)
    assert [r["label"]["nb"] for r in found["regions"]] == [
        "Alstahaugregionen", "Vest-Telemark", "Ærfjord", "Østre Agder", "Ålesundregionen"]
    manifest = {"dcat": found, "version": "1", "triples": 1}
    description = texts.texts("description", found, manifest)["nb"]
    assert description.index("Vest-Telemark") < description.index("Østre Agder") < description.index("Ålesund")
