"""Content negotiation by profile as pure functions (W3C "Content Negotiation by Profile"): which profile a
request gets from ``?_profile=`` and ``Accept-Profile``, and which documents have which profiles.

The same rules answered over HTTP, by the app and by nginx, are in tests/test_profiles_http.py."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDFS

from byregion import profile_views, profiles
from byregion.build.render import pages
from byregion.build.render.documents import alternates_bodies
from byregion.conneg import choose_profile, negotiate_profile, parse_accept_profile
from byregion.dcat import script_safe
from byregion.docstore import StoredProfile
from byregion.export.layout import file_of
from byregion.graph_index import GraphIndex
from byregion.mediatypes import DOCUMENT_TYPES, HTML, RDF_TYPES
from byregion.namespaces import SCHEMA
from byregion.profiles import ALTR, SCHEMA_ORG
from byregion.render import serialise_all

pytestmark = pytest.mark.fast

BASE = "https://data.byregion.no"
OFFERED = tuple(StoredProfile(p.token, f"{BASE}/id/profile/{p.token}", p.aliases) for p in profiles.PROFILES)
#: A document with the default profile and the alternates view only (a theme, the catalogue).
FEW = tuple(p for p in OFFERED if p.token in ("full", "alt"))
# open namespaces (rdflib's closed ones warn when pytest looks through this module)
DCTERMS = Namespace("http://purl.org/dc/terms/")
PROF = Namespace("http://www.w3.org/ns/dx/prof/")
XSD_TOKEN = URIRef("http://www.w3.org/2001/XMLSchema#token")


def uri(token: str) -> str:
    return f"<{BASE}/id/profile/{token}>"


@pytest.mark.parametrize(("header", "expected"), [
    (None, "full"),  # no header: the default profile, the first offered
    ("", "full"),
    (uri("ids"), "ids"),  # a profile's URI in angle brackets (the specification's form)
    ("ids", "ids"),  # its token
    (f"{BASE}/id/profile/schema", "schema"),  # a URI without brackets
    (f"{uri('schema')};q=0.4, {uri('ids')};q=0.9", "ids"),  # the highest q wins
    (f"<https://example.org/unknown>;q=1.0, {uri('schema')};q=0.2", "schema"),  # unknown entries are passed over
    (f"<{SCHEMA_ORG}>", "schema"),  # another IRI of the profile: schema.org itself
    (f"<{ALTR}>", "alt"),  # the W3C alternate representations model
    (f"{uri('ids')};q=0, {uri('full')};q=0.1", "full"),  # q=0 refuses
    ("*", "full"),  # anything: the default
    (f"{uri('schema')}, {uri('ids')}", "ids"),  # equal q: the server's order, not the header's
    (f"{uri('ids')} ; q=0.5 , {uri('alt')} ;q=0.6", "alt"),  # spaces around parameters
    (f"{uri('ids')};q=1.5, {uri('schema')};q=0.1", "schema"),  # a q out of range drops its entry
    ("<https://example.org/a,b>;q=1, ids;q=0.5", "ids"),  # a comma inside <…> belongs to the URI
])
def test_accept_profile_picks_the_best_offered_profile(header: str | None, expected: str) -> None:
    assert negotiate_profile(header, OFFERED) == expected


@pytest.mark.parametrize("header", ["bogus", "<https://example.org/p>", f"{uri('ids')};q=0", f"{uri('ids')}"])
def test_nothing_offered_in_accept_profile_is_none_and_the_choice_says_why(header: str) -> None:
    assert negotiate_profile(header, FEW) is None
    choice = choose_profile(header, FEW)
    assert choice.token is None and header in choice.reason and "Accept-Profile" in choice.reason


@pytest.mark.parametrize("header", [";;;", "<unclosed", ",,,", ";q=0.5"])
def test_a_header_with_nothing_readable_is_no_header(header: str) -> None:
    assert negotiate_profile(header, OFFERED) == "full"


def test_parse_accept_profile_keeps_uris_tokens_and_q_values_in_header_order() -> None:
    assert parse_accept_profile(f"{uri('ids')};q=0.5, schema, <x:y>;q=0.25") == (
        (f"{BASE}/id/profile/ids", 0.5), ("schema", 1.0), ("x:y", 0.25))


@pytest.mark.parametrize(("parameter", "expected"), [
    ("ids", "ids"), ("schema", "schema"), (f"{BASE}/id/profile/alt", "alt"), (uri("alt"), "alt"),
    (" full ", "full"), ("", "ids"),  # an empty parameter is no parameter: the header decides
])
def test_the_query_string_beats_the_header(parameter: str, expected: str) -> None:
    choice = choose_profile(uri("ids"), OFFERED, parameter)
    assert choice.token == expected
    assert choice.negotiated is (parameter == "")


@pytest.mark.parametrize("parameter", ["bogus", "*", "IDS", "https://example.org/p"])
def test_an_unknown_profile_in_the_query_string_is_none_with_a_reason(parameter: str) -> None:
    choice = choose_profile(None, OFFERED, parameter)
    assert choice.token is None and f"_profile={parameter!r}" in choice.reason


#: The profiles of the catalogue, as the build names them.
CATALOGUE = tuple(p for p in OFFERED if p.token in ("full", "dcat-ap", "dcat-ap-no", "alt"))


@pytest.mark.parametrize("header", [
    "<http://data.europa.eu/r5r/>",  # DCAT-AP's own IRI, its namespace, what harvesters send
    "<http://data.europa.eu/r5r>",  # its SHACL shapes' ontology
    "<https://data.europa.eu/r5r/>", "<https://data.europa.eu/r5r>",
    "<https://semiceu.github.io/DCAT-AP/releases/3.0.1>",  # the release's page ("This version")
    "<https://semiceu.github.io/DCAT-AP/releases/3.0.1/>",
    "dcat-ap", uri("dcat-ap"),
    "<https://data.norge.no/specification/dcat-ap-no>;q=0.5, <http://data.europa.eu/r5r/>",
])
def test_a_harvester_asking_for_dcat_ap_by_its_iri_gets_the_dcat_ap_profile(header: str) -> None:
    assert negotiate_profile(header, CATALOGUE) == "dcat-ap"
    assert negotiate_profile(header, FEW) is None  # a document with no such profile: a 406


def test_the_dcat_ap_profile_is_described_as_a_profile_of_the_specification() -> None:
    graph = profile_views.profiles_graph(BASE)
    node = URIRef(f"{BASE}/id/profile/dcat-ap")
    assert set(graph.objects(node, PROF.isProfileOf)) == {URIRef("http://data.europa.eu/r5r/")}
    assert (node, PROF.hasToken, Literal("dcat-ap", datatype=XSD_TOKEN)) in graph
    for lang in ("nb", "en"):  # it says that it is the full catalogue, which conforms to DCAT-AP 3.0.1
        description = next(str(d) for d in graph.objects(node, DCTERMS.description) if d.language == lang)
        assert "DCAT-AP 3.0.1" in description
        assert ("fullstendige katalogen" if lang == "nb" else "full catalogue") in description


@pytest.mark.parametrize(("path", "tokens"), [
    ("/doc/municipality/notodden", ("full", "ids", "schema", "alt")),
    ("/doc/county/telemark", ("full", "ids", "schema", "alt")),
    ("/doc/region/notodden", ("full", "ids", "schema", "alt")),
    ("/doc/municipality/notodden/number/3808", ("full", "alt")),  # a part of a thing: no linker's view of its own
    ("/doc/theme/delingskultur", ("full", "alt")),
    ("/doc/profile/ids", ("full", "alt")),
    ("/catalog", ("full", "dcat-ap", "dcat-ap-no", "alt")),  # for DCAT-AP harvesters and data.norge.no's validator
    ("/dataset", ("full", "dcat-ap", "dcat-ap-no", "alt")),
    ("/.well-known/void", ("full", "alt")),
    ("/def/byregion", ("full", "alt")),
])
def test_which_documents_have_which_profiles(path: str, tokens: tuple[str, ...]) -> None:
    assert tuple(p.token for p in profiles.for_document(path)) == tokens


def test_every_profile_has_a_token_titles_and_a_description_in_both_languages() -> None:
    assert profiles.PROFILES[0] is profiles.DEFAULT
    assert len({p.token for p in profiles.PROFILES}) == len(profiles.PROFILES)
    for profile in profiles.PROFILES:
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", profile.token), profile.token  # a URL's and a folder's word
        assert set(profile.title) == set(profile.description) == {"nb", "en"}
        assert profile.formats


def test_profiled_representations_have_urls_keys_and_files_of_their_own() -> None:
    assert profiles.representation_url("/doc/x", "ids", "ttl") == "/doc/x.ttl?_profile=ids"
    assert profiles.representation_url("/doc/x", "full", "ttl") == "/doc/x.ttl"  # the default needs no parameter
    assert profiles.IDENTIFIERS.variant("ttl") == "ids/ttl" and profiles.FULL.variant("ttl") == "ttl"
    assert profiles.split_variant("alt/html.nb") == ("alt", "html.nb")
    assert profiles.split_variant("html.nb") == ("full", "html.nb")
    assert file_of("/doc/x", "ids/ttl") == "/_profile/ids/doc/x.ttl"  # no document path can reach it
    assert file_of("/doc/x", "alt/html.en") == "/_profile/alt/doc/x.en.html"
    text = profiles.formats_text({"ids": ("ttl", "nt"), "alt": ("html",)})
    assert profiles.parse_formats(text) == {"ids": ("ttl", "nt"), "alt": ("html",)}
    assert profiles.parse_formats("") == {}


@pytest.mark.parametrize(("path", "resource"), [
    ("/doc/region/notodden", f"{BASE}/id/region/notodden"), ("/catalog", f"{BASE}/catalog"),
    ("/.well-known/void", f"{BASE}/.well-known/void"),
])
def test_the_alt_view_rendered_once_per_listing_is_the_view_rendered_for_the_document(path: str,
                                                                                   resource: str) -> None:
    """Each document's ``alt`` bodies are a shared rendering with its path and thing put in: the same triples
    and the same page as rendering them for the document itself."""
    listing = profile_views.offered(DOCUMENT_TYPES, profiles.for_document(path))
    titles = {"nb": "Notodden <byregion> & co", "en": "Notodden (city region)"}  # escaped as the template does
    shared = alternates_bodies(path, resource, listing, BASE, titles)
    direct = serialise_all(profile_views.alternates(path, resource, listing, BASE), RDF_TYPES, BASE)
    for media_type, body in direct.items():
        fmt = {"jsonld": "json-ld", "rdf": "xml", "nt": "nt", "ttl": "turtle"}[media_type.extension]
        assert isomorphic(Graph().parse(data=shared[media_type.extension], format=fmt),
                          Graph().parse(data=body, format=fmt)), media_type.label
    for lang in ("nb", "en"):
        page = pages.profiles_page(path, profile_views.alternates_rows(path, listing, lang, BASE), lang, titles[lang],
                                   BASE)
        assert shared[f"{HTML.extension}.{lang}"] == page.encode("utf-8")


def test_json_ld_embedded_in_a_page_cannot_close_its_script_element() -> None:
    """A text such as ``</script><script>…`` in the data stays inside the JSON: ``<``, ``>`` and ``&`` are escaped,
    and the JSON reads back to the same value."""
    value = {"name": "</script><script>alert('x')</script> & <!-- Ørsta -->"}
    embedded = script_safe(json.dumps(value, ensure_ascii=False))
    assert "<" not in embedded and ">" not in embedded and "&" not in embedded
    assert json.loads(embedded) == value


def test_the_schema_profile_says_same_as_only_of_what_identifies_the_thing_alone() -> None:
    """``schema:sameAs`` means the page identifies the thing unambiguously: the unit's own Wikidata item and its
    Enhetsregisteret page are sent; a Wikidata item it shares with another unit (old and new Drammen's) is not."""
    drammen = URIRef(f"{BASE}/id/municipality/drammen-0602")
    own, shared = URIRef("http://www.wikidata.org/entity/Q1"), URIRef("http://www.wikidata.org/entity/Q26525")
    register = URIRef("https://data.brreg.no/enhetsregisteret/oppslag/enheter/970945892")
    index = GraphIndex(BASE, outgoing={drammen: [(OWL.sameAs, own), (RDFS.seeAlso, shared),
                                                 (RDFS.seeAlso, register)]})
    said = set(profile_views.schema_org(index, str(drammen), BASE).objects(drammen, SCHEMA.sameAs))
    assert said == {own, register}
