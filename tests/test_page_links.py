"""Where a page links one of our IRIs (``uris.page_path``): a thing at its document in the page's language, with no
303 on the way (a crawler's review); a look-up, which has no document, at its IRI, which answers it (a review of
the first version: the SPARQL results page had linked ``/id/kommunenummer/0807`` at ``/doc/kommunenummer/0807``,
a 404)."""

from __future__ import annotations

import pytest

from byregion.identifiers.history import SCHEMES
from byregion.uris import page_path

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("path", "lang", "linked"), [
    ("/id/region/notodden", "nb", "/doc/region/notodden"),
    ("/id/region/notodden", "en", "/doc/region/notodden?lang=en"),
    ("/id/region/notodden/statement/1#text", "en", "/doc/region/notodden/statement/1?lang=en#text"),
    ("/id/kommunenummer/0807", "en", "/id/kommunenummer/0807"),
    ("/id/fylkesnummer/08", "nb", "/id/fylkesnummer/08"),
    ("/id/orgnr/938583986", "en", "/id/orgnr/938583986"),
    ("/id/wikidata/Q104095", "en", "/id/wikidata/Q104095"),
    ("/id/kommunenummer/0807?date=2015-01-01", "en", "/id/kommunenummer/0807?date=2015-01-01"),
])
def test_a_thing_is_linked_at_its_page_and_a_look_up_at_its_iri(path: str, lang: str, linked: str) -> None:
    assert page_path(path, lang) == linked


def test_every_look_up_scheme_is_linked_at_its_iri() -> None:
    assert all(page_path(f"/id/{scheme}/x", "en") == f"/id/{scheme}/x" for scheme in SCHEMES)
