"""Look-ups as clients write and follow them, over HTTP (`byregion serve` over the repository's own data, the
`real_server` fixture, as tests/test_lookups_http.py):

* the representation asked for (``?_mediatype=``, ``?_profile=``, ``?lang=``) survives the look-up's redirect, and
  only as this server writes it (nothing of the request's own text is repeated in ``Location``);
* a code outside ASCII is read as the UTF-8 it is, and bytes that are not UTF-8 are said to be so;
* another notation of the same code (``q2326``, ``NO 938 583 986 MVA``, a space around it) is a 301 to the canonical
  look-up; a text holding a code among other things (``K-0301``) is a 400 that says which look-up it may have meant;
* ``/id/kommunenummer`` alone says what a look-up URL looks like (a 404), instead of a 303 to a page that is not;
* the choices of a code several units held (a 300) are a 406 when no format asked for is offered, as a document is;
* a date before the records begin is not answered as if the number had always been held.
"""

from __future__ import annotations

import pytest
import requests

from byregion.identifiers.history import SCHEMES
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


# ----------------------------------------------------------------------------------------------- UTF-8

def test_a_code_outside_ascii_is_read_as_utf8(real_server: Server) -> None:
    for lang, says in (("en", "'Ålesund' is not a valid kommunenummer (municipality number)"),
                       ("nb", "'Ålesund' er ikke et gyldig kommunenummer")):
        response = get(real_server, "/id/kommunenummer/Ålesund", **{"Accept-Language": lang})
        assert response.status_code == 400 and says in response.text, response.text
        assert "Ã" not in response.text


def test_bytes_that_are_not_utf8_are_said_to_be_so(real_server: Server) -> None:
    response = get(real_server, "/id/kommunenummer/08%FF7", **{"Accept-Language": "en"})
    assert response.status_code == 400
    assert response.text == ("400 Bad Request: the code's bytes '08%FF7' are not UTF-8 text: a URL writes characters "
                             "other than ASCII as percent-encoded UTF-8 (%C3%85 for Å)\n")


# ----------------------------------------------------------------------------------------------- other notations

@pytest.mark.parametrize(("path", "canonical"), [
    ("/id/wikidata/q2326", "/id/wikidata/Q2326"),
    ("/id/orgnr/NO938583986", "/id/orgnr/938583986"),
    ("/id/orgnr/NO938583986MVA", "/id/orgnr/938583986"),
    ("/id/orgnr/NO%20938%20583%20986%20MVA", "/id/orgnr/938583986"),
    ("/id/orgnr/938%20583%20986", "/id/orgnr/938583986"),
    ("/id/orgnr/938%C2%A0583%C2%A0986", "/id/orgnr/938583986"),  # a spreadsheet's non-breaking spaces
    ("/id/kommunenummer/0807%20", "/id/kommunenummer/0807"),
    ("/id/kommunenummer/%200807", "/id/kommunenummer/0807"),
    ("/id/fylkesnummer/08%09", "/id/fylkesnummer/08"),
])
def test_another_notation_of_a_code_is_301_to_the_canonical_look_up(real_server: Server, path: str,
                                                                     canonical: str) -> None:
    response = get(real_server, path)
    assert response.status_code == 301, response.text
    assert response.headers["Location"] == canonical
    followed = get(real_server, path, follow=True, Accept="text/turtle")
    assert followed.status_code == 200 and [r.status_code for r in followed.history] == [301, 303, 303]


def test_the_301_keeps_the_date_and_what_is_passed_on(real_server: Server) -> None:
    response = get(real_server, "/id/wikidata/q26525", {"date": "2019-12-31", "_mediatype": "text/turtle", "y": "1"})
    assert response.status_code == 301
    assert response.headers["Location"] == "/id/wikidata/Q26525?date=2019-12-31&_mediatype=ttl"


@pytest.mark.parametrize(("path", "meant"), [
    ("/id/kommunenummer/K-0301", "/id/kommunenummer/0301"),
    ("/id/kommunenummer/0301%20Oslo", "/id/kommunenummer/0301"),
    ("/id/kommunenummer/807", "/id/kommunenummer/0807"),
    ("/id/fylkesnummer/F-08", "/id/fylkesnummer/08"),
    ("/id/orgnr/938.583.986", "/id/orgnr/938583986"),
    ("/id/wikidata/2326", "/id/wikidata/Q2326"),
    ("/id/wikidata/wd:Q2326", "/id/wikidata/Q2326"),
])
def test_a_code_among_other_things_is_400_saying_which_look_up_it_may_mean(real_server: Server, path: str,
                                                                            meant: str) -> None:
    response = get(real_server, path, **{"Accept-Language": "en"})
    assert response.status_code == 400 and response.text.startswith("400 Bad Request: ")
    assert response.text.endswith(f"\nDid you mean {meant}?\n")
    assert "Mente du " + meant + "?" in get(real_server, path, **{"Accept-Language": "nb"}).text


def test_no_guess_where_there_is_none_to_make(real_server: Server) -> None:
    for path in ("/id/kommunenummer/0301-0807", "/id/orgnr/NO938583987MVA", "/id/wikidata/Q0"):
        response = get(real_server, path, **{"Accept-Language": "en"})
        assert response.status_code == 400 and "Did you mean" not in response.text, path
    assert "its check digit is wrong" in get(real_server, "/id/orgnr/NO938583987MVA", **{"Accept-Language": "en"}).text


# ----------------------------------------------------------------------------------------------- /id/{scheme}

@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("slash", ["", "/"])
def test_a_schemes_prefix_alone_is_404_saying_what_a_look_up_is(real_server: Server, scheme: str,
                                                                 slash: str) -> None:
    response = get(real_server, f"/id/{scheme}{slash}", **{"Accept-Language": "en"})
    assert response.status_code == 404 and response.headers["Content-Type"].startswith("text/plain")
    text = response.text
    assert f"A look-up is /id/{scheme}/CODE" in text
    example = text.split("the unit that held it on that day: ", 1)[1].split("?date=", 1)[0]
    assert get(real_server, example).status_code == 303  # the example it gives is one
    tables = [word.rstrip(".") for word in text.split() if word.startswith("/doc/")]
    assert tables and all(get(real_server, table).status_code == 200 for table in tables)


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


# ----------------------------------------------------------------------------------------------- before the records

def test_a_date_before_the_records_is_not_answered_as_if_the_number_had_always_been_held(real_server: Server) -> None:
    response = get(real_server, "/id/kommunenummer/0807", {"date": "1960-01-01"}, **{"Accept-Language": "en"})
    assert response.status_code == 404 and "Location" not in response.headers
    assert response.text.startswith("The records do not say who held the municipality number 0807 on 1960-01-01: "
                                    "they begin on 1971-01-01")
    assert "Notodden held it from before the records begin through 2019-12-31" in response.text
    assert response.headers["Link"] == '</id/municipality/notodden>; rel="item"; title="Notodden"'
    for path in ("/id/orgnr/938583986", "/id/wikidata/Q2326", "/id/fylkesnummer/08"):
        assert get(real_server, path, {"date": "1970-12-31"}).status_code == 404, path
    assert get(real_server, "/id/kommunenummer/0807", {"date": "1971-01-01"}).headers["Location"] == NOTODDEN
    assert get(real_server, "/id/kommunenummer/0807", {"date": "2010-06-01"}).headers["Location"] == NOTODDEN


def test_before_2014_no_holder_is_no_holder_in_the_data(real_server: Server) -> None:
    """The data hold the units that existed on 2014-01-01 or later: Sarpsborg's 0105 from 1992 is recorded, but
    which unit, if any, held 0105 in 1980 is not something they can say."""
    response = get(real_server, "/id/kommunenummer/0105", {"date": "1980-01-01"}, **{"Accept-Language": "en"})
    assert response.status_code == 404
    assert response.text.startswith("No unit in the data held the municipality number 0105 on 1980-01-01.\n"
                                    "The data hold the units that existed on 2014-01-01 or later")
    assert get(real_server, "/id/kommunenummer/0105", {"date": "2000-01-01"}).headers["Location"] == \
        "/id/municipality/sarpsborg"
