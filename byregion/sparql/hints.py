"""Why a query found nothing, where its own words say: a term in a namespace the data use that neither the data
nor the ontologies have (``br:memberships`` for ``br:membership``, ``br:Cityregion``), a namespace written with
the other scheme (``http://schema.org/`` where the data use ``https://schema.org/``), or a date compared as a plain
string (``FILTER (?from > "2019-12-31")``, where the data's dates are ``xsd:date``: SPARQL compares no date with a
string, so the filter is false for every row), or a string without a language tag where the data's values of that
property all have one (``?r skos:prefLabel "Notodden"``, where the data hold ``"Notodden"@nb``: in RDF the two are
different terms). The query page says so under an empty answer, from the build's vocabulary
(:mod:`byregion.build.vocabulary`): nothing is looked up in the graph. Pure functions."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass

from rdflib.namespace import XSD as XSD_NAMESPACE

from byregion.sparql import MalformedQuery
from byregion.sparql.guards import declared_prefixes, decode_escapes, terms
from byregion.sparql.lexer import significant

#: The most suggestions a hint names.
MAX_SUGGESTIONS = 3
#: How alike a term of the vocabulary must be to be suggested (difflib's ratio): ``br:membership`` for
#: ``br:memberships``, not every ``br:m…``.
SIMILARITY = 0.75
#: The most hints the page shows, and the most distinct terms of a query it looks at: a query of the largest size
#: the endpoint takes (BYREGION_SPARQL_MAX_QUERY_BYTES) could name hundreds, each compared with a namespace's terms.
MAX_HINTS = 10
MAX_TERMS = 200
#: ``\-`` in a local name (PN_LOCAL_ESC) stands for the character after the backslash.
_LOCAL_ESCAPE = re.compile(r"\\(.)")


@dataclass(frozen=True)
class Hint:
    """One term of the query that no data or ontology of the build has."""

    written: str  # as the query writes it: br:memberships, <http://schema.org/name>
    suggestions: tuple[str, ...] = ()  # close terms of the same namespace, written the query's way
    namespace: str | None = None  # the namespace the data use where the query wrote the other scheme
    typed: str | None = None  # a plain string compared where the data have typed dates: the literal as it is meant
    #: A string without a language tag where the data's values of the property all have one: the literal with each
    #: of their languages (``"Notodden"@en``, ``"Notodden"@nb``), at most :data:`MAX_SUGGESTIONS`.
    tagged: tuple[str, ...] = ()


def namespace(iri: str) -> str:
    """The IRI up to its last ``#`` or ``/``: ``https://schema.org/`` of ``https://schema.org/name``."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _other_scheme(ns: str) -> str | None:
    if ns.startswith("http://"):
        return "https://" + ns[len("http://"):]
    if ns.startswith("https://"):
        return "http://" + ns[len("https://"):]
    return None


def unknown_terms(query: str, vocabulary: frozenset[str]) -> list[Hint]:
    """The query's terms that the build's ``vocabulary`` lacks although their namespace (or its twin of the other
    scheme) is one the data use; each once, in the query's order. None where the vocabulary is empty (a build made
    before it was recorded)."""
    if not vocabulary:
        return []
    try:
        decoded = decode_escapes(query)
    except MalformedQuery:
        return []  # the engine refuses it
    # a term counts where the text as sent and the text with its escapes decoded both hold it (engines differ on
    # whether "\u0022" ends a string): a hint is never of a word inside a string
    both = set(terms(decoded)) & set(terms(query)) if decoded != query else None
    query = decoded
    prefixes = declared_prefixes(query)
    by_namespace: dict[str, list[str]] = {}
    for term in vocabulary:
        by_namespace.setdefault(namespace(term), []).append(term)
    hints: list[Hint] = []
    seen: set[str] = set()
    for written in terms(query):
        if len(hints) == MAX_HINTS or len(seen) == MAX_TERMS:
            break
        if both is not None and written not in both:
            continue
        resolved = _resolved(written, prefixes)
        if resolved is None:
            continue  # an undeclared prefix: the engine refuses the query before it finds anything
        iri, prefix = resolved, None if written.startswith("<") else written.partition(":")[0]
        if iri in vocabulary or iri in seen or iri == namespace(iri):  # a namespace itself: a PREFIX's IRI
            continue
        seen.add(iri)
        ns = namespace(iri)
        if ns in by_namespace:
            local_names = [t[len(ns):] for t in by_namespace[ns]]
            close = difflib.get_close_matches(iri[len(ns):], local_names, n=MAX_SUGGESTIONS, cutoff=SIMILARITY)
            hints.append(Hint(written, tuple(f"{prefix}:{name}" if prefix is not None else f"<{ns}{name}>"
                                             for name in close)))
        elif (twin := _other_scheme(ns)) is not None and twin in by_namespace:
            hints.append(Hint(written, namespace=twin))
    return hints


XSD = str(XSD_NAMESPACE)
#: A variable as the lexer gives it (``?from``, ``$from``): the other side of a comparison that may be a date.
_VARIABLE = re.compile(r"[?$]\w+")
#: A plain string that reads as a date or a date-time, by the datatype it reads as.
_DATE_TEXTS = ((re.compile(r"\d{4}-\d{2}-\d{2}"), "date"),
               (re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?"), "dateTime"))
#: The characters of a comparison's operator, which the lexer gives one token each: ``<``, ``>``, ``=``, ``<=``,
#: ``>=``, ``!=``.
_COMPARING = frozenset("<>=!")


def _compared_with_a_variable(tokens: list[tuple[str | None, str]], at: int) -> bool:
    """Whether the string ``tokens[at]`` is one side of a comparison whose other side is a variable: a string
    compared with a call's result (``STR(?from) = "2019-12-31"``) is a string compared with a string, no mistake."""
    before = at - 1
    while before >= 0 and tokens[before][1] in _COMPARING:
        before -= 1
    after = at + 1
    while after < len(tokens) and tokens[after][1] in _COMPARING:
        after += 1
    return (before < at - 1 and before >= 0 and _VARIABLE.fullmatch(tokens[before][1]) is not None) or (
        after > at + 1 and after < len(tokens) and _VARIABLE.fullmatch(tokens[after][1]) is not None)


def untyped_dates(query: str, vocabulary: frozenset[str]) -> list[Hint]:
    """The plain strings that read as a date (or a date-time) and that the query compares (``?from > "2019-12-31"``,
    ``"2019-12-31" <= ?through``), where the data use that datatype: each once, in the query's order, with the
    literal typed as meant, in the query's prefix for XML Schema where it declares one. Nothing for a string with a
    datatype or a language tag, one in a list (``IN``), or where the data use no such datatype."""
    found: list[Hint] = []
    tokens = [(t.lastgroup, t.group()) for t in significant(query)]
    xsd = next((p for p, ns in declared_prefixes(query).items() if ns == XSD), None)
    for at, (kind, text) in enumerate(tokens):
        if kind != "string" or len(found) == MAX_HINTS:
            continue
        after = tokens[at + 1][1] if at + 1 < len(tokens) else ""
        if after in ("^", "@") or not _compared_with_a_variable(tokens, at):
            continue
        value = text.strip("'\"")
        datatype = next((name for pattern, name in _DATE_TEXTS if pattern.fullmatch(value)), None)
        if datatype is None or XSD + datatype not in vocabulary:
            continue
        typed = f"{text}^^{xsd}:{datatype}" if xsd is not None else f"{text}^^<{XSD}{datatype}>"
        if all(h.written != text for h in found):
            found.append(Hint(text, typed=typed))
    return found


#: The tokens after an object that end it: the next statement, predicate or object, the group's or a blank node's
#: end, or a keyword that begins the next part of the pattern (a dot before it may be left out).
_OBJECT_ENDS = frozenset({".", ";", ",", "}", ")", "]", "", "FILTER", "OPTIONAL", "MINUS", "BIND", "VALUES", "GRAPH",
                          "SERVICE", "{"})


def _resolved(text: str, prefixes: Mapping[str, str]) -> str | None:
    """The IRI a term token names (``<…>`` or a declared prefixed name, its statement's dots cut), or None."""
    if text.startswith("<"):
        return text[1:-1]
    while text.endswith(".") and not text.endswith("\\."):
        text = text[:-1]
    prefix, colon, local = text.partition(":")
    if not colon or text[0] in "?$_" or prefix not in prefixes:
        return None
    return prefixes[prefix] + _LOCAL_ESCAPE.sub(r"\1", local)


def untagged_strings(query: str, tagged: Mapping[str, tuple[str, ...]]) -> list[Hint]:
    """The strings without a language tag or a datatype that the query asks of a property whose values in the data
    all have a language tag (``tagged``: :func:`byregion.build.vocabulary.tagged`): as the object of a pattern
    (``?r skos:prefLabel "Notodden"``) or compared with ``=`` to a variable such a pattern binds
    (``?r skos:prefLabel ?l FILTER (?l = "Notodden")``). SPARQL matches and compares terms, and ``"Notodden"`` is
    not ``"Notodden"@nb``: such a query finds nothing. Each once, in the query's order."""
    if not tagged:
        return []
    tokens = [(t.lastgroup, t.group()) for t in significant(query)]
    prefixes = declared_prefixes(query)
    property_of: dict[str, str] = {}  # a variable a tagged property binds (``?l`` of ``skos:prefLabel ?l``)
    for at in range(1, len(tokens)):
        kind, text = tokens[at]
        if kind == "name" and text[0] in "?$" and tokens[at - 1][0] in ("name", "iri"):
            iri = _resolved(tokens[at - 1][1], prefixes)
            if iri is not None and iri in tagged:
                property_of.setdefault(_variable_name(text), iri)
    found: list[Hint] = []
    for at, (kind, text) in enumerate(tokens):
        if kind != "string" or len(found) == MAX_HINTS or any(h.written == text for h in found):
            continue
        after = tokens[at + 1][1] if at + 1 < len(tokens) else ""
        if after in ("^", "@"):
            continue
        before_kind, before = tokens[at - 1] if at else (None, "")
        iri = _resolved(before, prefixes) if before_kind in ("name", "iri") and after.upper() in _OBJECT_ENDS else None
        if iri is None and (variable := _compared_variable(tokens, at)) is not None:
            iri = property_of.get(variable)
        if iri is not None and iri in tagged:
            found.append(Hint(text, tagged=tuple(f"{text}@{lang}" for lang in tagged[iri][:MAX_SUGGESTIONS])))
    return found


def _is_variable(token: tuple[str | None, str]) -> bool:
    return token[0] == "name" and token[1][:1] in ("?", "$")


def _variable_name(text: str) -> str:
    """A variable's name as the lexer gives its token: ``?l.`` (a statement's dot run on) is ``l``."""
    return text[1:].rstrip(".")


def _compared_variable(tokens: list[tuple[str | None, str]], at: int) -> str | None:
    """The variable (its name) that the string ``tokens[at]`` is compared with by ``=``, on either side; None for
    another operator: ``<=`` is an order, not a match, and ``!=`` is true of every tagged value (it never empties
    an answer, so it is never why one is empty; a diff review: the hint had named such a string, and what it wrote
    changed the answer)."""
    before = at - 1
    if before >= 1 and tokens[before][1] == "=" and _is_variable(tokens[before - 1]):
        return _variable_name(tokens[before - 1][1])
    after = at + 1
    if after + 1 < len(tokens) and tokens[after][1] == "=" and _is_variable(tokens[after + 1]):
        return _variable_name(tokens[after + 1][1])
    return None
