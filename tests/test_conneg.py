"""Content negotiation as a pure function: Accept headers, extensions and ?_mediatype=."""

from __future__ import annotations

import pytest

from byregion.conneg import by_alias_only, choose, negotiate, split_extension
from byregion.mediatypes import (
    DOCUMENT_TYPES,
    GEOJSON,
    HTML,
    JSONLD,
    NTRIPLES,
    RDF_TYPES,
    RDFXML,
    SERVED_TYPES,
    TURTLE,
)
from byregion.serve.rules import accepts_gzip, read_http_date

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, HTML),  # no header: the first offered type
        ("", HTML),
        ("text/turtle", TURTLE),
        ("application/ld+json", JSONLD),
        ("application/n-triples", NTRIPLES),
        ("application/rdf+xml", RDFXML),
        ("application/x-turtle", TURTLE),  # alias
        ("application/json", JSONLD),  # JSON-LD is JSON: a script's fetch asking for JSON gets it
        ("text/n3, */*;q=0.1", TURTLE),  # rdflib's Graph().parse(url, format="n3"): Turtle is N3
        ("text/rdf+n3", TURTLE),
        # a client review: every Turtle document is TriG, every N-Triples document N-Quads (of the default graph);
        # rdflib's Dataset().parse(url, format="trig") and Comunica, which asks for N-Quads first, had a 406 or HTML
        ("application/trig, */*;q=0.1", TURTLE),
        ("application/n-quads,application/trig;q=0.95,application/ld+json;q=0.9,text/turtle;q=0.6", NTRIPLES),
        ("application/json, */*;q=0.8", JSONLD),
        ("application/json;q=0.9, text/turtle", TURTLE),
        ("text/turtle;q=0.5, application/ld+json", JSONLD),  # q-values decide
        ("*/*;q=0.1, text/turtle", TURTLE),  # the specific entry beats the wildcard
        ("text/html;q=0, */*", TURTLE),  # q=0 excludes; then server order
        ("text/*;q=0.9, application/rdf+xml;q=0.8", HTML),
        ("application/*", JSONLD),  # wildcard subtype, server order among matches
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", HTML),  # a browser
        ("TEXT/TURTLE", TURTLE),  # case-insensitive
        ("text/turtle;charset=utf-8", TURTLE),  # parameters ignored
    ],
)
def test_accept_header_picks_the_best_offered_type(accept: str | None, expected: object) -> None:
    assert negotiate(accept, DOCUMENT_TYPES) is expected


@pytest.mark.parametrize("accept", ["image/png", "application/*+xml;q=0, text/csv", "text/html;q=0, application/pdf"])
def test_nothing_acceptable_is_none(accept: str) -> None:
    assert negotiate(accept, DOCUMENT_TYPES) is None


@pytest.mark.parametrize("accept", ["garbage;;;", ",,,;q=abc", ";", "\x00\x01", "text/turtle;q=abc;;"])
def test_malformed_headers_are_treated_leniently(accept: str) -> None:
    # Never an exception; a header of nothing usable counts as no header.
    assert negotiate(accept, DOCUMENT_TYPES) in DOCUMENT_TYPES


def test_aliases_only_match_exactly_not_through_wildcards() -> None:
    # application/* must not select Turtle through its alias application/x-turtle.
    assert negotiate("application/*", (TURTLE,)) is None
    assert negotiate("application/x-turtle", (TURTLE,)) is TURTLE


@pytest.mark.parametrize(
    ("path", "stem", "media_type"),
    [
        ("/doc/region/notodden.ttl", "/doc/region/notodden", TURTLE),
        ("/doc/region/notodden.jsonld", "/doc/region/notodden", JSONLD),
        ("/doc/region/notodden.nt", "/doc/region/notodden", NTRIPLES),
        ("/doc/region/notodden.rdf", "/doc/region/notodden", RDFXML),
        ("/doc/region/notodden.html", "/doc/region/notodden", HTML),
        ("/doc/region/notodden", "/doc/region/notodden", None),
        ("/doc/region/notodden.exe", "/doc/region/notodden.exe", None),
        ("/doc/a.b/notodden", "/doc/a.b/notodden", None),  # only the last segment counts
        ("/doc/region/.ttl", "/doc/region/.ttl", None),
    ],
)
def test_split_extension(path: str, stem: str, media_type: object) -> None:
    assert split_extension(path, DOCUMENT_TYPES) == (stem, media_type)


def test_parameter_beats_extension_beats_accept() -> None:
    by_param = choose("text/html", DOCUMENT_TYPES, extension=JSONLD, parameter="text/turtle")
    assert (by_param.media_type, by_param.negotiated) == (TURTLE, False)
    assert choose("text/html", DOCUMENT_TYPES, parameter="nt").media_type is NTRIPLES  # extension name
    by_ext = choose("text/html", DOCUMENT_TYPES, extension=JSONLD)
    assert (by_ext.media_type, by_ext.negotiated) == (JSONLD, False)
    by_accept = choose("text/turtle", DOCUMENT_TYPES)
    assert (by_accept.media_type, by_accept.negotiated) == (TURTLE, True)


def test_unknown_parameter_is_a_406_with_a_reason() -> None:
    choice = choose(None, RDF_TYPES, parameter="text/html")
    assert choice.media_type is None
    assert "text/html" in choice.reason


@pytest.mark.parametrize(("accept", "expected"), [
    ("application/geo+json", GEOJSON),
    ("application/vnd.geo+json", GEOJSON),  # the type's name before RFC 7946
    ("application/geo+json;q=0.5, text/turtle;q=0.4", GEOJSON),
    ("application/*", JSONLD),  # server order: GeoJSON comes last, so no wildcard picks it over RDF
    ("*/*", HTML),
    ("application/json", JSONLD),  # plain JSON is JSON-LD's, named exactly: GeoJSON comes later in server order
    ("application/json;q=0.5, application/geo+json", GEOJSON),
    # a tie: the type named by its own name wins against one named by an alias (a map tool listing plain JSON too)
    ("application/geo+json, application/json", GEOJSON),
    ("application/vnd.geo+json, application/json, */*;q=0.1", GEOJSON),
    ("application/json, application/ld+json;q=0", None),  # the type's own name outranks the alias
])
def test_a_thing_with_a_geometry_also_negotiates_geojson(accept: str, expected: object) -> None:
    assert negotiate(accept, SERVED_TYPES) is expected


def test_geojson_is_chosen_by_extension_and_parameter_only_where_offered() -> None:
    assert split_extension("/doc/municipality/notodden.geojson", SERVED_TYPES) == ("/doc/municipality/notodden",
                                                                                  GEOJSON)
    assert choose(None, SERVED_TYPES, parameter="geojson").media_type is GEOJSON
    assert choose(None, SERVED_TYPES, parameter="application/geo+json").media_type is GEOJSON
    assert choose("application/geo+json", DOCUMENT_TYPES).media_type is None  # a theme: 406


@pytest.mark.parametrize(("header", "gzipped"), [
    (None, False), ("", False), ("identity", False), ("gzip", True), ("GZIP", True), ("gzip, deflate, br", True),
    ("br;q=1.0, gzip;q=0.8", True), ("gzip;q=0", False), ("gzip ; q=0.001", True), ("gzip;Q=0.5", True),
    ("gzip;q=1.000", True), ("deflate, gzip;q=0", False),
    # RFC 9110 would take these as gzip; nginx's gzip_static does not, and identity is acceptable to all of them
    ("*", False), ("x-gzip", False), ("gzip;q=0.1234", False), ("gzip;q=1.5", False), ("gzip;q=.5", False),
    # the first q of the first gzip decides, as in nginx
    ("gzip;q=0;q=0.2", False), ("gzip, gzip;q=0", True), ("gzip;level=1", False), ("gzipx, gzip", False),
])
def test_gzip_is_sent_by_nginxs_own_test_of_accept_encoding(header: str | None, gzipped: bool) -> None:
    """The app and the static export under nginx (whose gzip_static decides) send the same body for a header."""
    assert accepts_gzip(header) is gzipped


@pytest.mark.parametrize(("text", "moment"), [
    ("Sun, 06 Nov 1994 08:49:37 GMT", "1994-11-06T08:49:37"),  # IMF-fixdate
    ("Sunday, 06-Nov-94 08:49:37 GMT", "1994-11-06T08:49:37"),  # RFC 850, obsolete
    ("Sun Nov  6 08:49:37 1994", "1994-11-06T08:49:37"),  # asctime, obsolete
    ("Sun Nov 16 08:49:37 1994", "1994-11-16T08:49:37"),
    ("Friday, 06-Nov-15 08:49:37 GMT", "2015-11-06T08:49:37"),  # a two-digit year below 70 is in the 2000s
    ("Sun, 06 Nov 1994 08:49:37 GMT; length=1024", "1994-11-06T08:49:37"),  # what an old browser sent
    ("Sun, 06 Nov 1994 08:49:37 +0100", "1994-11-06T08:49:37"),  # HTTP-dates are in GMT; nginx reads no zone
    ("sun, 06 nov 1994 08:49:37 gmt", None), ("06 Nov 1994 08:49:37 GMT", None),
    ("Sun, 31 Feb 1994 08:49:37 GMT", None),
    ("Sun, 06 Nov 1994 24:00:00 GMT", None), ("Sun Nov   6 08:49:37 1994", None), ("1994-11-06T08:49:37Z", None),
    ("yesterday", None), ("", None),
])
def test_an_http_date_is_read_in_its_three_forms_as_nginx_reads_if_modified_since(text: str, moment: str | None
                                                                                   ) -> None:
    read = read_http_date(text)
    assert (read.replace(tzinfo=None).isoformat() if read else None) == moment


@pytest.mark.parametrize("written", ["application/ld+json", "application/ld json", " application/ld json "])
def test_a_format_parameter_with_a_space_is_the_plus_of_a_link_written_by_hand(written: str) -> None:
    """``?_mediatype=application/ld+json`` typed into a URL reaches the server as ``application/ld json`` (a query
    string's ``+`` is a space); no media type holds a space, so it is read as the ``+`` it was."""
    assert choose(None, DOCUMENT_TYPES, parameter=written).media_type is JSONLD
    assert choose(None, DOCUMENT_TYPES, parameter="application/ld  json").media_type is None


@pytest.mark.parametrize(("accept", "alias_only"), [
    ("application/json", True), ("application/json, text/plain;q=0.5", True),
    ("application/ld+json, application/json", False),  # pyld's: JSON-LD by its name
    ("application/*", False), ("*/*", False), ("text/turtle", False), (None, False),
])
def test_a_type_taken_only_under_another_name(accept: str | None, alias_only: bool) -> None:
    """What turns a document's 404 into problem details for a plain-JSON client, not for a JSON-LD one."""
    assert by_alias_only(accept, JSONLD) is alias_only


def test_a_recorded_file_is_typed_by_its_own_name_and_a_client_by_name_then_alias() -> None:
    """A diff review: with TriG and N-Quads answered as aliases of Turtle and N-Triples, the lookup by name or alias
    read the build's own ``application/trig`` dump as Turtle: it was served and catalogued as Turtle. A recorded
    type is read by its own name only; a client's by its name first, then by an alias."""
    from byregion.mediatypes import NQUADS, RDF_TYPES, TRIG, by_name, dump_content_type, named

    assert named("application/trig") is TRIG and named("application/n-quads") is NQUADS
    assert named("application/trig", RDF_TYPES) is None  # not Turtle: a file of another format
    assert dump_content_type("application/trig", False) == "application/trig"
    assert dump_content_type("application/n-quads", False) == "application/n-quads"
    assert by_name("application/trig") is TRIG and by_name("application/trig", RDF_TYPES) is TURTLE
    assert by_name("application/n-quads; charset=utf-8", RDF_TYPES) is NTRIPLES
