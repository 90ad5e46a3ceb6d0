"""Titles of pages whose thing has no name of its own, or one that does not say what it is. Pure: the build's
graph index in, words out.

A goal, a result or any statement of a region has a text, not a name: its page is titled by its kind, number and
region (``Mål 1 – Notodden`` / ``Goal 1 – Notodden``). A membership's ``dct:title`` is the heading it stood under
on the page (``Samarbeidskommune``): it is titled by its member and region (``Kongsberg i Notodden``). The
provenance of a statement (``…/source``, ``…/source/position``, ``…/source/row``) and a note's text (``…/body``)
are titled by what they are and whose they are (``Kildelinje 40: Mål 1 – Notodden``), with the region named
when the title of their owner does not name it; anything else without a label by its kind (and code) and the
nearest named thing above it (``Fylkesnummer 08 – Telemark``). The words are :mod:`byregion.i18n`'s (``title_*``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from rdflib import Namespace, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS
from rdflib.term import Node

from byregion import i18n
from byregion.describe import LABEL_PROPERTIES
from byregion.graph_index import GraphIndex
from byregion.i18n import LANGUAGES
from byregion.namespaces import SCHEMA
from byregion.pages import curie, lowercase

OA = Namespace("http://www.w3.org/ns/oa#")
#: The classes of a region's statements (local names in the ontology), titled "kind number – region".
STATEMENTS = ("Introduction", "Goal", "Result", "Advice", "FollowUp", "ApplicationExcerpt")
#: What a thing under another is, by its class: the i18n key of its title.
PARTS: dict[Node, str] = {OA.SpecificResource: "title_source", OA.TextPositionSelector: "title_line",
         OA.FragmentSelector: "title_row", OA.TextualBody: "title_body"}


class Titles:
    """The titles of one build's things, in either language. ``shared``: by language, the titles more than one
    thing has (:meth:`shared_by`), which a page's <title> tells apart (:meth:`described`)."""

    def __init__(self, index: GraphIndex, br: Namespace, shared: dict[str, frozenset[str]] | None = None) -> None:
        self.index = index
        self.br = br
        self.statements = {br[name] for name in STATEMENTS}
        self.shared = shared or {}
        self._derived: dict[tuple[str, str], str | None] = {}

    def derived_cached(self, iri: str, lang: str) -> str | None:
        """:meth:`derived`, kept: every page linking a thing asks for its title again."""
        key = (iri, lang)
        if key not in self._derived:
            self._derived[key] = self.derived(iri, lang)
        return self._derived[key]

    def shared_by(self, iris: Iterable[str], others: Mapping[str, Iterable[str]] | None = None
                  ) -> dict[str, frozenset[str]]:
        """By language, the titles that more than one of ``iris`` has, counting ``others`` too (by language, the
        titles of pages titled otherwise: a named graph's, by its VoID title)."""
        shared = {}
        iris = list(iris)
        for lang in LANGUAGES:
            count = Counter(self.title(iri, lang) for iri in iris)
            count.update((others or {}).get(lang, ()))
            shared[lang] = frozenset(title for title, times in count.items() if times > 1)
        return shared

    def label(self, node: Node | None, lang: str) -> str | None:
        """The thing's own label, chosen as :func:`byregion.describe.best_label` chooses it, or None."""
        if node is None:
            return None
        for prop in LABEL_PROPERTIES:
            values = self.index.literal_values(node, prop)
            for wanted in i18n.text_preference(lang):
                for value in values:
                    if (value.language or "") == wanted:
                        return str(value)
        return None

    def own_label(self, node: Node, lang: str) -> bool:
        """Whether ``node`` has an ``rdfs:label`` in ``lang``."""
        return any(v.language == lang for v in self.index.literal_values(node, RDFS.label))

    def types(self, node: Node) -> list[Node]:
        return sorted(self.index.values(node, RDF.type), key=str)

    def kind(self, node: Node, lang: str) -> str | None:
        """The name of the thing's kind: of its class in our ontology, else of a class with a label."""
        types = self.types(node)
        ours = [t for t in types if str(t).startswith(str(self.br))]
        return next((name for t in (*ours, *types) if (name := self.label(t, lang))), None)

    def region(self, iri: str) -> str | None:
        """The IRI of the region (or other top thing: ``{base}/id/{kind}/{slug}``) ``iri`` is part of."""
        parts = iri[len(self.index.base) + len("/id/"):].split("/")
        return f"{self.index.base}/id/{parts[0]}/{parts[1]}" if len(parts) > 2 else None

    def derived(self, iri: str, lang: str) -> str | None:
        """A title for ``iri`` where its own label is missing or does not say what it is; None where it does."""
        node = URIRef(iri)
        types = set(self.types(node))
        if ORG.Membership in types and not self.own_label(node, lang):
            # a membership's own label names the member as its source did (the programme's "Nes i Hallingdal",
            # of 2015); made from the municipality's label it would take today's name ("Nesbyen")
            member = self.label(self.index.value(node, ORG.member), lang)
            organisation = self.label(self.index.value(node, ORG.organization), lang)
            if member and organisation:
                return i18n.t("title_membership", lang).format(member=member, organisation=organisation)
        if self.label(node, lang) is not None:
            return None
        if types & self.statements:
            kind, region = self.kind(node, lang), self.label(URIRef(self.region(iri) or ""), lang)
            number = iri.rsplit("/", 1)[-1]
            if kind and region:
                return i18n.t("title_statement", lang).format(kind=kind, number=number, region=region)
        part = next((PARTS[t] for t in sorted(types & PARTS.keys(), key=str)), None)
        if part is not None:
            owner = iri.rsplit("/", 1)[0]
            if part in ("title_line", "title_row"):  # a place in a statement's source: the statement's
                owner = owner.rsplit("/", 1)[0] if owner.endswith(("/source", "/table")) else owner
            elif part == "title_source" and iri.endswith("/table"):  # the programme table's row beside a page's
                part = "title_table_source"                            # sentence (byregion.programme.graph)
            line = self.index.value(node, self.br.line)
            key = part if line is not None or part not in ("title_line", "title_row") else "title_place"
            return i18n.t(key, lang).format(line=line, of=self.of(owner, lang))
        kind, above = self.kind(node, lang), self.above(iri, lang)
        if kind and above:  # anything else: its kind (and code) and the nearest named thing above it
            code = self.index.value(node, SKOS.notation)
            return i18n.t("title_part", lang).format(kind=f"{kind} {code}" if code is not None else kind, of=above)
        return None

    def above(self, iri: str, lang: str) -> str | None:
        """The label of the nearest thing above ``iri`` (``…/county/x`` for ``…/county/x/number/08``) with one."""
        found = self.above_thing(iri, lang)
        return found[1] if found is not None else None

    def above_thing(self, iri: str, lang: str) -> tuple[URIRef, str] | None:
        """The nearest thing above ``iri`` with a label, and its label."""
        floor = f"{self.index.base}/id/"
        current = iri
        while len(current := current.rsplit("/", 1)[0]) > len(floor):
            if (label := self.label(URIRef(current), lang)) is not None:
                return URIRef(current), label
        return None

    def of(self, iri: str, lang: str) -> str:
        """``iri``'s title as the end of another's (``Kilde: …``), naming its region when the title does not."""
        title = self.title(iri, lang)
        region = self.region(iri)
        named = self.label(URIRef(region), lang) if region is not None else None
        return title if named is None or named in title else f"{title} – {named}"

    def title(self, iri: str, lang: str) -> str:
        """The title of ``iri``'s page: what :meth:`derived` gives, else its label, else its compact IRI."""
        return self.derived(iri, lang) or self.label(URIRef(iri), lang) or curie(iri)

    def described(self, iri: str, title: str, lang: str) -> str:
        """The page's title as a browser tab, a bookmark and a search engine show it: a title other things share
        with the kind of the thing (``Notodden (byregion)``, ``Notodden (kommune)``, ``Notodden
        (kildedokument)``), when a municipality or county ended (``Ålesund (kommune, opphørt 2019)``,
        ``Ålesund (kommune, opphørt 2023)``, ``Ålesund (kommune)``), and the named thing a part is of where its title
        does not say it (``… (merknad, Hallingdal)``), so that pages named alike differ."""
        node = URIRef(iri)
        if title not in self.shared.get(lang, ()):
            return title
        kind = self.kind(node, lang) or (i18n.t("named_graph", lang) if iri.startswith(f"{self.index.base}/graph/")
                                         else None)  # a graph's page, titled as what it holds (``/graph/ontology``)
        found = self.above_thing(iri, lang)
        above = found[1] if found is not None else None
        if kind is None:
            return title if above is None or above in title else f"{title} – {above}"
        ended = self.index.value(node, SCHEMA.dissolutionDate)
        what = lowercase(kind) if ended is None else i18n.t("title_ended", lang).format(
            kind=lowercase(kind), year=str(ended)[:4])
        # a part of another named thing names it too: the notes of each region's phase 2 have one label, and the kind
        # alone ("merknad") left 31 pages titled alike (an SEO review); where its title names it already, what it
        # is: the population of the region Notodden and of the municipality Notodden (a re-check)
        if found is None:
            return f"{title} ({what})"
        if above is not None and above not in title:
            return f"{title} ({what}, {above})"
        owner_kind = self.kind(found[0], lang)
        return f"{title} ({what}, {lowercase(owner_kind)})" if owner_kind else f"{title} ({what})"
