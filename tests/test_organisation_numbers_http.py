"""An organisation number as people read it on a municipality's page (a Wikidata editor's review: the table
confirms it for one of the municipality's numbers only, and said so nowhere in the data): the number, and beside it
the quality note saying for which numbers it is confirmed and for which carried over."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

NOTE = "/id/municipality/notodden/quality/organisation-number"


@pytest.mark.parametrize(("lang", "said"), [
    ("nb", "Organisasjonsnummer: 938583986. Organisasjonsnummeret 938583986 er bekreftet for kommunenummer 3808 "
           "(2020–2023)"),
    ("en", "Organisation number: 938583986. The organisation number 938583986 is confirmed for municipality number "
           "3808 (2020–2023)"),
])
def test_the_page_says_for_which_numbers_the_organisation_number_is_confirmed(real_server: Server, lang: str,
                                                                           said: str) -> None:
    answer = requests.get(f"{real_server.url}/doc/municipality/notodden?lang={lang}",
                          headers={"Accept": "text/html"}, timeout=10)
    tree, faults = parse(answer.text)
    assert faults == []
    [item] = [li for li in tree.find_all("li") if li.text.startswith(said.split(":")[0] + ":")]
    assert item.text.startswith(said) and item.find("a").attrs["href"] == NOTE
    note = requests.get(real_server.url + NOTE, headers={"Accept": "text/turtle"}, timeout=10)
    assert note.status_code == 200 and "dqv:QualityAnnotation" in note.text


def test_a_municipality_without_an_organisation_number_has_no_note(real_server: Server) -> None:
    answer = requests.get(f"{real_server.url}/doc/municipality/bo-telemark", headers={"Accept": "text/html"},
                          timeout=10)
    assert "organisation-number" not in answer.text and "Organisasjonsnummer:" not in answer.text
