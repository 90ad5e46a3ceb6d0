"""The profiles our documents conform to, and which document has which: the one table of them. Pure, no rdflib
(the request path reads it).

W3C "Content Negotiation by Profile" lets a client ask for a document *according to a profile* — a named
selection and shape of the data — as well as in a format and a language. Each profile here is a resource of
its own, ``{base}/id/profile/{token}`` (minted by :func:`byregion.uris.profile`, described with W3C PROF in
the named graph ``profiles`` by :mod:`byregion.profile_views`), and each is asked for by its URI
(``Accept-Profile: <…/id/profile/ids>``) or its token (``?_profile=ids``):

* ``full`` — the full description (the default, on every negotiated document);
* ``ids`` — identifiers only: what a linker needs (the thing's type and labels, its numbers with their
  validity periods, Wikidata and other ``owl:sameAs``, the organisation number);
* ``schema`` — the description in schema.org terms, for search engines;
* ``dcat-ap`` — the catalogue (``/catalog``, ``/dataset``) as DCAT-AP 3.0.1 describes it, for harvesters that
  ask for it by the specification's IRI (``Accept-Profile: <http://data.europa.eu/r5r/>``): the full one, which
  conforms to it (tests/catalogue), under the profile's name;
* ``dcat-ap-no`` — the catalogue (``/catalog``, ``/dataset``) as Norway's DCAT-AP-NO 2 shapes require where
  they differ from DCAT-AP 3.0.1, for data.norge.no's validator (docs/catalogue.md);
* ``alt`` — the list of every profile × format of the document with its URL (the specification's
  "alternate profiles" view).

Which documents have which (:func:`for_document`): ``full`` and ``alt`` every negotiated document; ``ids`` and
``schema`` the things whose kind is listed (municipalities, counties, regions), not their parts; ``dcat-ap`` and
``dcat-ap-no`` the documents whose path is listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from byregion.mediatypes import DOCUMENT_TYPES, HTML, JSONLD, NTRIPLES, RDF_TYPES, RDFXML, TURTLE, MediaType

#: The W3C "Alternate Representations" data model the ``alt`` profile's view follows (2019 and 2023 names).
ALTR = "http://www.w3.org/ns/dx/conneg/altr"
ALTR_EXTENDED = "http://www.w3.org/ns/dx/connegp/altr-ext#alt-profile"
SCHEMA_ORG = "https://schema.org/"
#: DCAT-AP, as its specification names itself: its namespace (``dcatap:``), which its SHACL shapes' ontology is
#: (``<http://data.europa.eu/r5r>``, without the slash), and what harvesters and data.europa.eu name it by.
DCAT_AP_SPECIFICATION = "http://data.europa.eu/r5r/"
#: The other ways DCAT-AP 3.0.1 is named: the ontology's IRI, the same under https, and the release's own page
#: ("This version", which its generated SHACL shapes take as their base), with and without the closing slash.
DCAT_AP_NAMES = ("http://data.europa.eu/r5r", "https://data.europa.eu/r5r/", "https://data.europa.eu/r5r",
                 "https://semiceu.github.io/DCAT-AP/releases/3.0.1", "https://semiceu.github.io/DCAT-AP/releases/3.0.1/")
#: DCAT-AP-NO, as its specification names itself (its SHACL shapes describe ``…/dcat-ap-no/#shacl``).
DCAT_AP_NO_SPECIFICATION = "https://data.norge.no/specification/dcat-ap-no"
#: Separates a profile's token from the variant in ``documents.sqlite`` (``ids/ttl``, ``alt/html.nb``); a
#: variant of the default profile has none, so the full documents are stored, found and exported as before.
SEPARATOR = "/"


@dataclass(frozen=True)
class Profile:
    """One profile: its token, names, the formats it is rendered in (server order) and where it applies."""

    token: str
    title: Mapping[str, str]  # nb, en
    description: Mapping[str, str]  # nb, en
    formats: tuple[MediaType, ...]  # for the default profile: a document's own formats
    kinds: tuple[str, ...] | None  # kinds of thing (``/doc/{kind}/{slug}``) it applies to; None: every document
    is_profile_of: tuple[str, ...] = ()  # what it profiles: tokens of ours, or IRIs of standards
    aliases: tuple[str, ...] = field(default=())  # other IRIs that name it in ``Accept-Profile``
    paths: tuple[str, ...] = ()  # documents it applies to by their path, besides ``kinds``

    def applies_to(self, path: str) -> bool:
        if path in self.paths:
            return True
        if self.kinds is None:
            return not self.paths
        parts = path.split("/")  # "", "doc", kind, slug: a thing itself, not a part below it
        return len(parts) == 4 and parts[1] == "doc" and parts[2] in self.kinds

    def variant(self, variant: str) -> str:
        """The key of one of its representations in ``documents.sqlite``: ``ttl`` → ``ids/ttl``."""
        return variant if self is DEFAULT else f"{self.token}{SEPARATOR}{variant}"


FULL = Profile(
    "full", {"nb": "Full beskrivelse", "en": "Full description"},
    {"nb": "Alt vi vet om tingen: hvert utsagn om den og delene dens, med kilder og etiketter. Standardprofilen.",
     "en": "Everything we know of the thing: every statement about it and its parts, with sources and labels. "
           "The default profile."},
    DOCUMENT_TYPES, None)
IDENTIFIERS = Profile(
    "ids", {"nb": "Bare identifikatorer", "en": "Identifiers only"},
    {"nb": "Det en lenker trenger: type og navn, kommune- og fylkesnummer med gyldighetsperiode, Wikidata og "
           "andre owl:sameAs, organisasjonsnummer, og for en byregion medlemmene med deres identifikatorer og hvor "
           "sikker medlemslisten er.",
     "en": "What a linker needs: type and names, municipality and county numbers with their validity periods, "
           "Wikidata and other owl:sameAs, the organisation number, and for a city region its members with "
           "their identifiers and how sure the member list is."},
    RDF_TYPES, ("municipality", "county", "region"), ("full",))
SCHEMA = Profile(
    "schema", {"nb": "schema.org", "en": "schema.org"},
    {"nb": "Beskrivelsen med schema.org-begreper, for søkemotorer: navn, nummer, organisasjonsnummer, sameAs, "
           "hvilket fylke en kommune ligger i og hvilke kommuner en byregion har.",
     "en": "The description in schema.org terms, for search engines: names, numbers, the organisation number, "
           "sameAs, the county a municipality lies in and the municipalities of a city region."},
    (JSONLD, TURTLE, NTRIPLES, RDFXML), ("municipality", "county", "region"), (SCHEMA_ORG,),
    (SCHEMA_ORG, "http://schema.org/"))
DCAT_AP = Profile(
    "dcat-ap", {"nb": "DCAT-AP 3.0.1", "en": "DCAT-AP 3.0.1"},
    {"nb": "Katalogen slik DCAT-AP 3.0.1 beskriver den, for høstere som ber om den profilen: den fullstendige "
           "katalogen, som følger DCAT-AP 3.0.1 (prøvd mot formene til DCAT-AP), under profilens navn. De samme "
           "triplene som i standardprofilen.",
     "en": "The catalogue as DCAT-AP 3.0.1 describes it, for harvesters that ask for that profile: the full "
           "catalogue, which conforms to DCAT-AP 3.0.1 (tested against DCAT-AP's shapes), under the profile's name. "
           "The same triples as the default profile."},
    (TURTLE, JSONLD, NTRIPLES, RDFXML), (), (DCAT_AP_SPECIFICATION,),
    (DCAT_AP_SPECIFICATION, *DCAT_AP_NAMES), ("/catalog", "/dataset"))
DCAT_AP_NO = Profile(
    "dcat-ap-no", {"nb": "DCAT-AP-NO 2", "en": "DCAT-AP-NO 2"},
    {"nb": "Katalogen slik DCAT-AP-NO 2 krever der den skiller seg fra DCAT-AP 3.0.1, for validatoren til "
           "data.norge.no: dcat:byteSize som xsd:decimal, uten SHA-256-sjekksummene (DCAT-AP-NO 2 godtar bare "
           "SHA-1), og Kartverkets datasett som datasettets kilde (dct:source). Ellers den samme katalogen.",
     "en": "The catalogue as DCAT-AP-NO 2 requires where it differs from DCAT-AP 3.0.1, for data.norge.no's "
           "validator: dcat:byteSize as xsd:decimal, without the SHA-256 checksums (DCAT-AP-NO 2 accepts only "
           "SHA-1), and Kartverket's datasets as the dataset's source (dct:source). Otherwise the same catalogue."},
    (TURTLE, JSONLD, NTRIPLES, RDFXML), (), ("full", DCAT_AP_NO_SPECIFICATION),
    (DCAT_AP_NO_SPECIFICATION, DCAT_AP_NO_SPECIFICATION + "/"), ("/catalog", "/dataset"))
ALT = Profile(
    "alt", {"nb": "Alternative profiler", "en": "Alternate profiles"},
    {"nb": "Hvilke profiler og formater dokumentet finnes i, med adressen til hver (W3C Content Negotiation by "
           "Profile).",
     "en": "The profiles and formats the document is available in, with the URL of each (W3C Content Negotiation "
           "by Profile)."},
    (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML), None, (ALTR,), (ALTR, ALTR_EXTENDED))
#: Every profile, in the order the alternate view lists them.
PROFILES: tuple[Profile, ...] = (FULL, IDENTIFIERS, SCHEMA, DCAT_AP, DCAT_AP_NO, ALT)
DEFAULT = FULL
#: Documents with one form each are not negotiated and have no profiles but the default.
_BY_TOKEN = {p.token: p for p in PROFILES}


def by_token(token: str) -> Profile | None:
    return _BY_TOKEN.get(token)


def for_document(path: str) -> tuple[Profile, ...]:
    """The profiles a negotiated document is rendered in, the default first."""
    return tuple(p for p in PROFILES if p.applies_to(path))


def representation_url(doc_path: str, token: str, extension: str) -> str:
    """The URL of one profile × format of a document: its extension URL, with ``?_profile=`` for a profile
    other than the default (``/doc/x.ttl?_profile=ids``)."""
    url = f"{doc_path}.{extension}"
    return url if token == DEFAULT.token else f"{url}?_profile={token}"


def split_variant(key: str) -> tuple[str, str]:
    """``ids/ttl`` → ``("ids", "ttl")``; ``ttl`` → ``("full", "ttl")``."""
    token, separator, variant = key.rpartition(SEPARATOR)
    return (token, variant) if separator else (DEFAULT.token, key)


def formats_text(formats: Mapping[str, tuple[str, ...]]) -> str:
    """The other profiles of a document as ``documents.sqlite`` keeps them (beside its default formats):
    ``{"ids": ("ttl", "jsonld")}`` → ``"ids=ttl jsonld"``; several are joined by ``;``."""
    return ";".join(f"{token}={' '.join(exts)}" for token, exts in formats.items())


def parse_formats(text: str) -> dict[str, tuple[str, ...]]:
    """The inverse of :func:`formats_text` (``""`` → ``{}``)."""
    found: dict[str, tuple[str, ...]] = {}
    for part in text.split(";") if text else ():
        token, _, exts = part.partition("=")
        found[token] = tuple(exts.split(" "))
    return found
