"""Content negotiation by profile over HTTP (W3C "Content Negotiation by Profile"), as a specification. Every
test runs twice: against `byregion serve` and against nginx serving `byregion export-static` of the same
build (tests/test_static_export.py compares their answers byte for byte; here each must meet the rules).

* A profile is asked for with ``?_profile=TOKEN`` or ``Accept-Profile: <URI>`` (q-values; tokens too); the
  parameter beats the header; without either the full description (the default profile) is sent.
* Every negotiated answer says which profile it conforms to: ``Content-Profile: <URI>`` and
  ``Link: <URI>; rel="profile"``, and ``Vary`` names ``Accept-Profile``.
* ``?_profile=alt`` lists every profile × format of the document with its URL, and each URL answers in it.
* A profile the document is not offered in is 406, with a body listing those it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF

from byregion.licence import LICENCE
from tests.conftest import Server
from tests.support.servers import Server as Process
from tests.test_static_export import Answer, fetch

pytestmark = pytest.mark.slow  # a real build, `byregion serve`, the static export and nginx

BASE = "https://data.byregion.no"
ALTR = Namespace("http://www.w3.org/ns/dx/conneg/altr#")
# open namespaces (rdflib's closed ones warn when pytest looks through this module)
DCAT = Namespace("http://www.w3.org/ns/dcat#")
PROF = Namespace("http://www.w3.org/ns/dx/prof/")
XSD_TOKEN = URIRef("http://www.w3.org/2001/XMLSchema#token")
SCHEMA = Namespace("https://schema.org/")
BR = Namespace(f"{BASE}/def/byregion#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
ORG = Namespace("http://www.w3.org/ns/org#")
REGION = "/doc/region/notodden"
MUNICIPALITY = "/doc/municipality/notodden"
THEME = "/doc/theme/delingskultur"
#: Every kind of negotiated document, with the profiles it is offered in.
DOCUMENTS = {
    REGION: ("full", "ids", "schema", "alt"), MUNICIPALITY: ("full", "ids", "schema", "alt"),
    "/doc/county/telemark": ("full", "ids", "schema", "alt"), THEME: ("full", "alt"),
    "/doc/profile/ids": ("full", "alt"), "/def/byregion": ("full", "alt"),
    "/catalog": ("full", "dcat-ap", "dcat-ap-no", "alt"), "/dataset": ("full", "dcat-ap", "dcat-ap-no", "alt"),
    "/validation": ("full", "alt"), "/.well-known/void": ("full", "alt"),
    # the lists' pages: HTML alone in the full profile (their CSV is a document of its own), and the listing
    "/doc/municipalities": ("full", "alt"), "/doc/counties": ("full", "alt"), "/doc/memberships": ("full", "alt"),
    "/doc/regions": ("full", "alt"),
}


def uri(token: str) -> str:
    return f"{BASE}/id/profile/{token}"


def profile_of(answer: Answer) -> str:
    """The token of the profile an answer says it conforms to (``Content-Profile``), checked against its Link."""
    value = answer.headers["content-profile"]
    assert value.startswith(f"<{BASE}/id/profile/") and value.endswith(">"), value
    assert f'{value}; rel="profile"' in answer.headers["link"]
    return value[len(f"<{BASE}/id/profile/"):-1]


def graph_of(answer: Answer, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=answer.body.decode("utf-8"), format=fmt)


@pytest.fixture(params=["app", "nginx"])
def site(request: pytest.FixtureRequest) -> Iterator[str]:
    """The base URL of `byregion serve` or of nginx over the export of the same build."""
    if request.param == "app":
        yield request.getfixturevalue("server").url
    else:
        yield request.getfixturevalue("nginx").base


def test_without_a_profile_the_full_description_is_sent_and_says_so(site: str) -> None:
    answer = fetch(site, REGION, {"Accept": "text/turtle"})
    assert answer.status == 200 and profile_of(answer) == "full"
    assert answer.body == fetch(site, REGION + ".ttl").body  # the document as it always was
    assert answer.headers["content-location"] == REGION + ".ttl"
    assert "Accept-Profile" in answer.headers["vary"]
    assert f'<{REGION}?_profile=alt>; rel=alternate; profile="{uri("alt")}"' in answer.headers["link"]


@pytest.mark.parametrize("token", ["full", "ids", "schema", "alt"])
def test_a_profile_is_asked_for_by_its_token_in_the_query_string(site: str, token: str) -> None:
    answer = fetch(site, f"{MUNICIPALITY}?_profile={token}", {"Accept": "text/turtle"})
    assert answer.status == 200 and profile_of(answer) == token
    assert answer.headers["content-type"] == "text/turtle; charset=utf-8"
    suffix = "" if token == "full" else f"?_profile={token}"
    assert answer.headers["content-location"] == f"{MUNICIPALITY}.ttl{suffix}"
    assert answer.body == fetch(site, f"{MUNICIPALITY}.ttl{suffix}").body  # its own URL gives the same


@pytest.mark.parametrize(("header", "expected"), [
    (f"<{uri('ids')}>", "ids"),
    ("ids", "ids"),
    (f"<{uri('schema')}>;q=0.4, <{uri('ids')}>;q=0.9", "ids"),
    (f"<https://example.org/unknown>;q=1.0, <{uri('schema')}>;q=0.2", "schema"),
    ("<https://schema.org/>", "schema"),
    (f"<{uri('ids')}>;q=0, <{uri('full')}>;q=0.1", "full"),
    (f"<{uri('schema')}>, <{uri('ids')}>", "ids"),
    ("", "full"),
    ("<http://www.w3.org/ns/dx/conneg/altr>", "alt"),
])
def test_accept_profile_takes_uris_tokens_and_q_values(site: str, header: str, expected: str) -> None:
    answer = fetch(site, MUNICIPALITY, {"Accept": "text/turtle", "Accept-Profile": header})
    assert answer.status == 200 and profile_of(answer) == expected


def test_the_query_string_beats_the_header(site: str) -> None:
    answer = fetch(site, f"{MUNICIPALITY}?_profile=schema", {"Accept-Profile": f"<{uri('ids')}>",
                                                             "Accept": "application/ld+json"})
    assert profile_of(answer) == "schema"


@pytest.mark.parametrize(("path", "headers"), [
    (f"{MUNICIPALITY}?_profile=bogus", {}),
    (MUNICIPALITY, {"Accept-Profile": "<https://example.org/no-such-profile>"}),
    (MUNICIPALITY, {"Accept-Profile": "bogus"}),
    (MUNICIPALITY, {"Accept-Profile": f"<{uri('ids')}>;q=0"}),
    (f"{THEME}?_profile=ids", {}),  # a profile of ours, but not of a theme
    (THEME, {"Accept-Profile": f"<{uri('schema')}>"}),
])
def test_a_profile_the_document_is_not_offered_in_is_406_listing_those_it_is(site: str, path: str,
                                                                           headers: dict[str, str]) -> None:
    answer = fetch(site, path, {"Accept": "text/turtle", **headers})
    assert answer.status == 406 and "Accept-Profile" in answer.headers["vary"]
    text = answer.body.decode("utf-8")
    offered = DOCUMENTS[path.split("?")[0]]
    for token in ("full", "ids", "schema", "alt"):
        assert (f"  {token}  <{uri(token)}>" in text) is (token in offered), token
        assert (f'<{uri(token)}>; rel="profile"' in answer.headers["link"]) is (token in offered)


@pytest.mark.parametrize(("path", "headers"), [
    (f"{MUNICIPALITY}?_profile=ids", {"Accept": "text/html"}),  # the identifiers have no page
    (f"{MUNICIPALITY}.html?_profile=schema", {}),
])
def test_a_format_the_profile_is_not_offered_in_is_406_listing_its_formats(site: str, path: str,
                                                                         headers: dict[str, str]) -> None:
    answer = fetch(site, path, headers)
    assert answer.status == 406
    token = path.rsplit("=", 1)[1]
    assert f"  text/turtle  {MUNICIPALITY}.ttl?_profile={token}  (Turtle)" in answer.body.decode("utf-8")


def listing(site: str, path: str) -> Graph:
    answer = fetch(site, f"{path}?_profile=alt", {"Accept": "text/turtle"})
    assert answer.status == 200 and profile_of(answer) == "alt"
    return graph_of(answer)


@pytest.mark.parametrize("path", list(DOCUMENTS))
def test_the_alt_profile_lists_every_profile_and_format_and_each_answers_as_listed(site: str, path: str) -> None:
    """Each representation the ``alt`` view lists answers with its media type, in its profile, which its
    Content-Profile and Link rel="profile" name: on every negotiated document."""
    graph = listing(site, path)
    listed = {(str(rep), str(graph.value(rep, DCTERMS.conformsTo)), str(graph.value(rep, DCAT.mediaType)))
              for rep in graph.subjects(RDF.type, ALTR.Representation)}
    assert {p for _, p, _ in listed} == {uri(t) for t in DOCUMENTS[path]}
    # the full description in its formats (a list's page: HTML), and the alternates in five
    assert len(listed) >= (6 if path.startswith(("/doc/municipalities", "/doc/counties", "/doc/memberships",
                                                 "/doc/regions")) else 9)
    for url, profile, media_type in listed:
        assert url.startswith(BASE + path + ".")
        answer = fetch(site, url[len(BASE):])
        assert answer.status == 200, url
        assert iana_iri_of(answer) == media_type, url
        assert uri(profile_of(answer)) == profile, url
    plain = fetch(site, path)  # no Accept, no profile: the default representation
    assert [str(u) for u in graph.objects(None, ALTR.hasDefaultRepresentation)] == \
        [BASE + plain.headers["content-location"]]


def iana_iri_of(answer: Answer) -> str:
    return "https://www.iana.org/assignments/media-types/" + answer.headers["content-type"].split(";")[0]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_alt_profile_is_a_page_for_people_with_the_same_links(site: str, lang: str) -> None:
    page = fetch(site, f"{REGION}?_profile=alt&lang={lang}").body.decode("utf-8")
    assert ("Profiles and formats" if lang == "en" else "Profiler og formater") in page
    for rep in listing(site, REGION).subjects(RDF.type, ALTR.Representation):
        assert f'href="{str(rep)[len(BASE):].replace("&", "&amp;")}"' in page, rep
    assert 'href="?_profile=alt&amp;lang=' in page  # the language switch keeps the profile


def test_a_list_s_alt_page_is_titled_as_the_list_not_by_its_address(site: str) -> None:
    page = fetch(site, "/doc/memberships?_profile=alt&lang=en").body.decode("utf-8")
    assert "Profiles and formats: The city regions&#x27; member municipalities" in page
    assert "Profiles and formats: https://" not in page


def test_a_304_says_which_profile_the_clients_copy_is_in(site: str) -> None:
    asked = {"Accept": "application/n-triples", "Accept-Profile": "ids"}
    first = fetch(site, MUNICIPALITY, asked)
    again = fetch(site, MUNICIPALITY, {**asked, "If-None-Match": first.headers["etag"]})
    assert again.status == 304 and again.headers["content-profile"] == f"<{uri('ids')}>"
    assert fetch(site, MUNICIPALITY, {"Accept": "application/n-triples"}).headers["etag"] != first.headers["etag"]


def test_a_things_iri_keeps_the_profile_through_its_303(site: str) -> None:
    answer = fetch(site, "/id/municipality/notodden?_profile=ids")
    assert answer.status == 303 and answer.headers["location"] == "/doc/municipality/notodden?_profile=ids"


def test_the_identifiers_profile_holds_what_a_linker_needs_and_nothing_else(site: str) -> None:
    ids = graph_of(fetch(site, f"{MUNICIPALITY}.ttl?_profile=ids"))
    full = graph_of(fetch(site, f"{MUNICIPALITY}.ttl"))
    assert set(ids) <= set(full)  # a selection of the full description
    thing = URIRef(f"{BASE}/id/municipality/notodden")
    numbers = {str(ids.value(n, SKOS.notation))
               for n in ids.objects(thing, BR.municipalityNumber)}
    assert numbers == {"0807", "3808", "4005"}
    assert (thing, OWL.sameAs, URIRef("http://www.wikidata.org/entity/Q2326")) in ids
    assert (thing, BR.organisationNumber, Literal("938583986")) in ids
    assert any(ids.objects(None, SCHEMA.validFrom)) and any(ids.objects(None, SCHEMA.validThrough))
    assert not set(ids.objects(thing, BR.population)) and len(ids) < len(full)
    region = graph_of(fetch(site, f"{REGION}.nt?_profile=ids"), "nt")
    members = set(region.objects(None, ORG.member))
    assert thing in members and (thing, BR.organisationNumber, Literal("938583986")) in region
    assert not set(region.objects(None, BR.goal))
    region_iri = URIRef(f"{BASE}{REGION.replace('/doc/', '/id/')}")
    for certainty in (BR.confidence, BR.applicantConfidence, BR.memberCount):  # how sure the member list is
        assert set(region.objects(region_iri, certainty)) == set(graph_of(fetch(site, f"{REGION}.ttl")).objects(
            region_iri, certainty)) != set(), certainty
    # A region's adds its members' identifiers, which its full description leaves to the members' documents
    # (docs/server.md): it is a subset of its full description and its members' own identifiers.
    whole = set(graph_of(fetch(site, f"{REGION}.ttl")))
    for member in members:
        whole |= set(graph_of(fetch(site, str(member).replace(f"{BASE}/id/", "/doc/") + ".ttl?_profile=ids")))
    assert set(region) <= whole, sorted(map(str, set(region) - whole))[:5]


def test_the_schema_org_profile_is_json_ld_search_engines_read(site: str) -> None:
    answer = fetch(site, f"{MUNICIPALITY}?_profile=schema")  # JSON-LD first: what search engines ask for
    assert answer.headers["content-type"] == "application/ld+json" and profile_of(answer) == "schema"
    document = json.loads(answer.body)
    assert document["@context"] == {"@vocab": "https://schema.org/"}  # no context to fetch
    assert document["@id"] == f"{BASE}/id/municipality/notodden" and document["@type"] == "AdministrativeArea"
    numbers = {n["value"]: n for n in document["identifier"]}
    assert numbers["3808"]["propertyID"] == "kommunenummer" and numbers["938583986"]["propertyID"] == \
        "organisasjonsnummer"
    # its period as an ISO 8601 interval: schema.org's validator warns of validFrom on a PropertyValue
    assert numbers["3808"]["description"] == "2020-01-01/2023-12-31" and numbers["4005"]["description"] == \
        "2024-01-01/.."
    graph = Graph().parse(data=answer.body.decode("utf-8"), format="json-ld")
    turtle = graph_of(fetch(site, f"{MUNICIPALITY}.ttl?_profile=schema"))
    assert isomorphic(graph, turtle)  # every format of the profile holds the same triples
    assert {str(p) for p in graph.predicates()} - {str(RDF.type)} <= {str(SCHEMA[t]) for t in (
        "name", "url", "sameAs", "identifier", "propertyID", "value", "description", "containedInPlace",
        "containsPlace", "mainEntityOfPage", "license")}
    # on what terms: the licence is its page's (a place is no creative work), as the other profiles state theirs
    page = f"{BASE}/doc/municipality/notodden"
    assert document["url"] == {"@id": page}  # an address, as schema.org's url is
    assert document["mainEntityOfPage"] == {"@id": page, "@type": "WebPage", "license": {"@id": LICENCE}}
    assert all(str(t).startswith(str(SCHEMA)) for t in graph.objects(None, RDF.type))


def test_profiles_are_things_described_with_w3c_prof(site: str) -> None:
    assert fetch(site, "/id/profile/ids").headers["location"] == "/doc/profile/ids"
    graph = graph_of(fetch(site, "/doc/profile/ids.ttl"))
    node = URIRef(uri("ids"))
    assert (node, RDF.type, PROF.Profile) in graph
    assert (node, PROF.hasToken, Literal("ids", datatype=XSD_TOKEN)) in graph
    assert {t.language for t in graph.objects(node, DCTERMS.title)} == {"nb", "en"}
    assert (node, PROF.isProfileOf, URIRef(uri("full"))) in graph


@pytest.mark.parametrize("path", ["/catalog", "/dataset"])
@pytest.mark.parametrize("asked", ["<http://data.europa.eu/r5r/>", "<https://semiceu.github.io/DCAT-AP/releases/3.0.1>"])
def test_a_harvester_asking_for_dcat_ap_gets_the_catalogue_in_that_profile(site: str, path: str, asked: str) -> None:
    """DCAT-AP 3.0.1 by its IRI (W3C Content Negotiation by Profile): the full catalogue, which conforms to it
    (tests/catalogue/test_catalogue.py), named as the ``dcat-ap`` profile; ``?_profile=dcat-ap`` gives the same."""
    answer = fetch(site, path, {"Accept": "text/turtle", "Accept-Profile": asked})
    assert answer.status == 200 and profile_of(answer) == "dcat-ap"
    assert answer.headers["content-location"] == f"{path}.ttl?_profile=dcat-ap"
    assert answer.body == fetch(site, f"{path}.ttl").body == fetch(site, f"{path}.ttl?_profile=dcat-ap").body
    by_token = fetch(site, f"{path}?_profile=dcat-ap", {"Accept": "application/ld+json"})
    assert by_token.status == 200 and profile_of(by_token) == "dcat-ap"
    assert by_token.body == fetch(site, f"{path}.jsonld").body
    links = answer.headers["link"]  # its other formats and the alt view, as every profile's answer names them
    assert f'<{path}.jsonld?_profile=dcat-ap>; rel="alternate"; type="application/ld+json"; ' \
           f'profile="{uri("dcat-ap")}"' in links
    assert f'<{path}?_profile=alt>; rel=alternate; profile="{uri("alt")}"' in links
    assert fetch(site, f"{path}?_profile=dcat-ap", {"Accept": "text/html"}).status == 406  # no page of its own


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_catalogue_s_profiles_page_lists_dcat_ap(site: str, lang: str) -> None:
    page = fetch(site, f"/catalog?_profile=alt&lang={lang}").body.decode("utf-8")
    assert 'id="profile-dcat-ap"' in page and "DCAT-AP 3.0.1" in page
    assert ("fullstendige katalogen" if lang == "nb" else "full catalogue") in page
    assert 'href="/catalog.ttl?_profile=dcat-ap"' in page


def test_the_dcat_ap_profile_is_a_profile_of_the_specification(site: str) -> None:
    graph = graph_of(fetch(site, "/doc/profile/dcat-ap.ttl"))
    node = URIRef(uri("dcat-ap"))
    assert (node, RDF.type, PROF.Profile) in graph
    assert set(graph.objects(node, PROF.isProfileOf)) == {URIRef("http://data.europa.eu/r5r/")}


def test_a_browser_script_may_send_accept_profile(site: str) -> None:
    answer = fetch(site, MUNICIPALITY, {"Origin": "https://example.org",
                                        "Access-Control-Request-Headers": "accept-profile"}, "OPTIONS")
    assert "Accept-Profile" in answer.headers["access-control-allow-headers"]


def test_the_app_answers_profile_requests_as_nginx_does(server: Server, nginx: Process) -> None:
    """The headers that carry the profile are the same from both (the whole answers are compared in
    tests/test_static_export.py)."""
    for path, headers in [(f"{REGION}?_profile=alt", {"Accept-Language": "en"}),
                          (MUNICIPALITY, {"Accept-Profile": "ids", "Accept": "application/ld+json"}),
                          (f"{MUNICIPALITY}?_profile=nope", {})]:
        app, static = fetch(server.url, path, headers), fetch(nginx.base, path, headers)
        assert (app.status, app.body) == (static.status, static.body), path
        for name in ("content-profile", "link", "vary", "content-location"):
            assert app.headers.get(name) == static.headers.get(name), (path, name)


@pytest.mark.parametrize("path", [REGION, MUNICIPALITY, "/doc/county/telemark"])
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_pages_of_a_place_embed_its_schema_profile_for_search_engines(site: str, path: str, lang: str) -> None:
    """The HTML page of a region, municipality or county carries the ``schema`` profile's JSON-LD (what search
    engines read), the same data as ``?_profile=schema`` in JSON-LD."""
    page = fetch(site, f"{path}.html?lang={lang}").body.decode("utf-8")
    assert f'<html lang="{lang}">' in page
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, flags=re.S)
    assert len(blocks) == 1, blocks
    schema = fetch(site, f"{path}.jsonld?_profile=schema")
    assert schema.status == 200 and profile_of(schema) == "schema"
    assert json.loads(blocks[0]) == json.loads(schema.body)


def test_a_page_without_a_schema_profile_embeds_no_json_ld(site: str) -> None:
    page = fetch(site, f"{THEME}.html")
    assert page.status == 200 and b"<h1" in page.body
    assert b'<script type="application/ld+json">' not in page.body


def test_a_browser_script_may_read_the_negotiation_headers(site: str) -> None:
    """CORS: a script on another site gets the document, and may read which representation and profile it got,
    its ETag and its alternates (headers a browser hides from scripts unless the answer exposes them)."""
    answer = fetch(site, REGION, {"Accept": "text/turtle", "Origin": "https://example.org"})
    assert answer.status == 200 and answer.headers["access-control-allow-origin"] == "*"
    exposed = {name.strip().lower() for name in answer.headers["access-control-expose-headers"].split(",")}
    assert {"link", "content-location", "content-profile", "etag"} <= exposed
    assert all(name in answer.headers for name in ("link", "content-location", "content-profile", "etag"))
