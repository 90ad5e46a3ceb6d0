"""Look-ups as clients write and follow them, over HTTP (`byregion serve` over the repository's own data, the
`real_server` fixture, as tests/test_lookups_http.py):

* the representation asked for (``?_mediatype=``, ``?_profile=``, ``?lang=``) survives the look-up's redirect, and
  only as this server writes it (nothing of the request's own text is repeated in ``Location``);
* the choices of a code several units held (a 300) are a 406 when no format asked for is offered, as a document is.
"""

from __future__ import annotations

import pytest
import requests

from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data

NOTODDEN, DRAMMEN = "/id/municipality/notodden", "/id/municipality/drammen"


def get(server: Server, path: str, params: dict[str, str] | None = None, follow: bool = False,
        **headers: str) -> requests.Response:
    return requests.get(server.url + path, params=params, headers=headers, allow_redirects=follow, timeout=10)


# ----------------------------------------------------------------------------------------------- what is passed on

@pytest.mark.parametrize(("path", "params", "document", "content_type"), [
    ("/id/kommunenummer/0807", {"_mediatype": "text/turtle"}, "/doc/municipality/notodden", "text/turtle"),
    ("/id/orgnr/938583986", {"_mediatype": "application/n-triples"}, "/doc/municipality/notodden",
     "application/n-triples"),
    ("/id/wikidata/Q26525", {"date": "2020-01-01", "_mediatype": "application/ld+json"}, "/doc/municipality/drammen",
     "application/ld+json"),
    ("/id/fylkesnummer/40", {"date": "2024-01-01", "_mediatype": "geojson"}, "/doc/county/telemark",
     "application/geo+json"),
])
def test_following_a_look_up_ends_in_the_format_asked_for(real_server: Server, path: str, params: dict[str, str],
                                                           document: str, content_type: str) -> None:
    response = get(real_server, path, params, follow=True, Accept="text/html")
    assert response.status_code == 200, (response.url, response.text[:200])
    assert response.url.split("?")[0] == real_server.url + document
    assert response.headers["Content-Type"].startswith(content_type)
    assert [r.status_code for r in response.history] == [303, 303]


def test_the_profile_and_the_language_asked_for_are_passed_on(real_server: Server) -> None:
    ids = get(real_server, "/id/kommunenummer/3808", {"date": "2021-06-01", "_profile": "ids", "_mediatype": "ttl"},
              follow=True)
    assert ids.status_code == 200 and ids.headers["Content-Type"].startswith("text/turtle")
    assert ids.headers["Content-Profile"] == "<https://data.byregion.no/id/profile/ids>"
    english = get(real_server, "/id/wikidata/Q2326", {"lang": "en"}, follow=True, **{"Accept-Language": "nb"})
    assert english.status_code == 200 and '<html lang="en">' in english.text


def test_only_what_a_document_reads_goes_on_and_as_this_server_writes_it(real_server: Server) -> None:
    response = get(real_server, "/id/kommunenummer/3808", {
        "date": "2021-06-01", "_mediatype": " text/turtle ", "_profile": "<https://schema.org/>", "lang": "xx",
        "x": '"><script>alert(1)</script>', "callback": "evil"})
    assert response.status_code == 303
    assert response.headers["Location"] == f"{NOTODDEN}?_mediatype=ttl&_profile=schema"


def test_the_preferred_choice_of_a_300_keeps_them_too(real_server: Server) -> None:
    response = get(real_server, "/id/wikidata/Q26525", {"_mediatype": "ttl", "lang": "en"})
    assert response.status_code == 300 and response.headers["Content-Type"].startswith("text/turtle")
    assert response.headers["Location"] == f"{DRAMMEN}?_mediatype=ttl&lang=en"


@pytest.mark.parametrize(("name", "value", "says"), [
    ("_mediatype", "image/png", "_mediatype='image/png' is not one of the formats"),
    ("_profile", "nonsense", "_profile='nonsense' is not one of the profiles"),
])
def test_a_format_or_profile_no_document_has_is_406_as_from_a_document(real_server: Server, name: str, value: str,
                                                                       says: str) -> None:
    response = get(real_server, "/id/kommunenummer/0807", {name: value})
    assert response.status_code == 406 and response.headers["Content-Type"].startswith("text/plain")
    assert says in response.text and "Location" not in response.headers
    assert get(real_server, "/doc/municipality/notodden", {name: value}).status_code == 406


# ----------------------------------------------------------------------------------------------- 300 and Accept

def test_the_choices_in_no_acceptable_format_are_406_as_a_documents(real_server: Server) -> None:
    response = get(real_server, "/id/wikidata/Q26525", Accept="image/png")
    assert response.status_code == 406 and "Accept" in response.headers["Vary"]
    assert get(real_server, "/doc/municipality/drammen", Accept="image/png").status_code == 406
    links = requests.utils.parse_header_links(response.headers["Link"])
    assert {link["type"] for link in links} == {"text/html", "text/turtle", "application/ld+json",
                                               "application/n-triples", "application/rdf+xml"}
    for link in links:
        assert link["url"] in response.text
        offered = get(real_server, link["url"])
        assert offered.status_code == 300 and offered.headers["Content-Type"].startswith(link["type"])
    geojson = get(real_server, "/id/wikidata/Q26525", {"_mediatype": "geojson"})
    assert geojson.status_code == 406 and "_mediatype='geojson' is not one of the offered formats" in geojson.text
