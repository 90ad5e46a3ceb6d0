"""An organisation number as people read it on a municipality's page (a Wikidata editor's review: the table
confirms it for one of the municipality's numbers only, and said so nowhere in the data): the number, and beside it
the quality note saying for which numbers it is confirmed and for which carried over."""

from __future__ import annotations

import pytest
import requests

from byregion.uris import page_path
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

NOTE = "/id/municipality/notodden/quality/organisation-number"


@pytest.mark.parametrize(("lang", "said"), [
    ("nb", "Organisasjonsnummer: 938583986 (Hvor sikkert organisasjonsnummeret er: SSBs korrespondansetabell 1236 "
           "(organisasjonsnummer–kommunenummer) bekrefter organisasjonsnummeret 938583986 for kommunenummer 3808"),
    ("en", "Organisation number: 938583986 (How sure the organisation number is: SSB's correspondence table 1236 "
           "(organisation number to municipality number) confirms"),
])
def test_the_page_says_for_which_numbers_the_organisation_number_is_confirmed(real_server: Server, lang: str,
                                                                           said: str) -> None:
    answer = requests.get(f"{real_server.url}/doc/municipality/notodden?lang={lang}",
                          headers={"Accept": "text/html"}, timeout=10)
    tree, faults = parse(answer.text)
    assert faults == []
    [item] = [li for li in tree.find_all("li") if li.text.startswith(said.split(":")[0] + ":")]
    assert item.text.startswith(said) and item.text.endswith("bekreftet.)" if lang == "nb" else "confirmed.)")
    [link] = item.find_all("a")  # the note's label, not the whole sentence
    assert link.attrs["href"] == page_path(NOTE, lang) and link.text.startswith(("Hvor sikkert", "How sure"))
    note = requests.get(real_server.url + NOTE, headers={"Accept": "text/turtle"}, timeout=10)
    assert note.status_code == 200 and "dqv:QualityAnnotation" in note.text


def test_a_municipality_whose_organisation_number_was_left_out_shows_neither(real_server: Server) -> None:
    """Bø's number is in the table with low confidence, so it is left out, and with it any note (docs/reference.md)."""
    answer = requests.get(f"{real_server.url}/doc/municipality/bo-telemark", headers={"Accept": "text/html"},
                          timeout=10)
    assert answer.status_code == 200 and "Bø" in answer.text
    assert "organisation-number" not in answer.text and "962276172" not in answer.text
