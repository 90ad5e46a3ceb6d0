"""What a page says in words, read as a Norwegian domain expert read it (this stop's review): a statement's lead is
its whole text, its title included, in each language; the catalogue's sentence names the programme in lower case
inside a sentence and keeps a region whose name holds a comma in one piece."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data


def lead(server: Server, path: str, lang: str) -> str:
    """The page's lead paragraph as text (a translation's mark runs into it: it is a label beside it)."""
    page = requests.get(server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    return root.find("p", class_="lead").text


@pytest.mark.parametrize(("lang", "text"), [
    ("nb", "Tillit og unne hverandre suksess, bli enige om hvor man samarbeider og hvor man konkurrerer om "
           "innbyggere og bedrifter/arbeidstakere."),
    ("en", "TranslationTrust, and not begrudging each other success: agree on where you cooperate and where you "
           "compete for residents and businesses/employees.")])
def test_an_advices_lead_is_its_whole_text_title_included(real_server: Server, lang: str, text: str) -> None:
    assert lead(real_server, "/doc/region/notodden/advice/2", lang) == text


def test_the_catalogues_description_names_the_programme_inside_a_sentence(real_server: Server) -> None:
    described = lead(real_server, "/dataset", "en")
    assert described.startswith("The city regions of the City Region Programme (")
    assert "; Leikanger, Luster og Sogndal;" in described  # one region, not three
