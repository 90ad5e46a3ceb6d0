"""Checks a query must pass before it runs: size, read-only, no ``SERVICE``, well-formed.

The query form is read from the first keyword after the prologue, when the text as sent and with its escapes
decoded agree on it; syntax errors come from Oxigraph's own parser. Where the query then runs on Oxigraph in a
query process (``parse=False``, the embedded store), that parse is left to the run, which gives the same
:class:`~byregion.sparql.MalformedQuery`. The web process never runs a query (:func:`syntax_error`): a query on
an empty store still runs its ``VALUES``, aggregates and ``SERVICE``, here with no time limit and the network.

``SERVICE`` is found by SPARQL's own lexical grammar before that, since Oxigraph evaluates ``SERVICE``
eagerly: the text (after SPARQL's ``\\uXXXX`` escapes are decoded) is cut into the grammar's tokens —
string literals (all four quotings), IRI references (which hold no spaces), comments, names — and a query uses
``SERVICE`` exactly when one token is the keyword itself (not a variable ``?service``, not a prefixed name
``ex:service`` or ``service:x``). One pass of one regular expression whose alternatives cannot backtrack
into each other: linear in the query's length, so no text can make the check slow (it replaced rdflib's
parser, which ran in the web process with no time limit).

Where the grammar's tokens and Oxigraph's reading could differ, the query is refused rather than guessed at
(:func:`ambiguous_iri`): ``?x<'a>'`` is an IRI reference ``<'a>`` and a quote to the grammar's tokens, but a
comparison with the string ``'a>'`` to Oxigraph's parser, which reads ``<`` by its context; a quote read
differently would hide the rest of the query (a ``SERVICE``, a ``LIMIT``, a ``FROM``) from these checks. A
query processes also run with no network where the system allows it (:mod:`byregion.sparql.pool`), so that a
``SERVICE`` missed here still reaches nothing.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote

import pyoxigraph as ox

from byregion.paths import SPARQL
from byregion.prefixes import BASE, PREFIXES, QUERY_PREFIXES
from byregion.settings import DEFAULT_SPARQL_MAX_NESTING, DEFAULT_SPARQL_MAX_OPERATIONS, DEFAULT_SPARQL_MAX_REREADS
from byregion.sparql import MalformedQuery, QueryTooLarge, ServiceRefused, UpdateRefused
from byregion.sparql.lexer import QUOTED as _QUOTED
from byregion.sparql.lexer import TOKENS as _TOKENS
from byregion.sparql.lexer import significant as _significant
from byregion.sparql.mistakes import comparison_like, pointed, where_it_fails

Form = Literal["SELECT", "ASK", "GRAPH"]  # GRAPH = CONSTRUCT or DESCRIBE (same output formats)

_EMPTY = ox.Store()
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
#: Space between two tokens: white space and comments (SPARQL 1.1 §19.4: a comment is white space).
_GAP = r"(?:\s|(?>\#[^\n\r]*))*"  # a comment taken whole (atomic): "###" is one, never split three ways on a retry
#: The prologue: PREFIX, BASE and VERSION (SPARQL 1.2) declarations, with space and comments anywhere between their
#: tokens, as Oxigraph reads them (``PREFIX ex: #c\n<http://e/>``). It may take more than the grammar allows (the
#: query's engine parses it for real); it must never take less, or a valid query's form goes unread.
_PROLOGUE = re.compile(rf"""(?ix)^(?:\s+|\#[^\n\r]*
    | PREFIX{_GAP}[^\s:\#<]*:{_GAP}<[^>]*>
    | BASE{_GAP}<[^>]*>
    | VERSION{_GAP}(?:"[^"\n\r]*"|'[^'\n\r]*'))*""")
_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed every guard, and its form (which decides the result formats offered)."""

    text: str
    form: Form
    #: A SELECT's own top-level ``LIMIT`` (:func:`top_level_limit`), else None.
    limit: int | None = None


def decode_escapes(text: str) -> str:
    """Apply SPARQL's codepoint escapes (SPARQL 1.1 §19.2), as the parser sees the text; :class:`MalformedQuery`
    for an escape of no character (``\\U00110000``, past Unicode's last)."""
    if "\\u" not in text and "\\U" not in text:
        return text

    def character(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise MalformedQuery(f"The query is not valid SPARQL 1.1: the escape {match.group()} at character "
                                 f"{match.start() + 1} names no Unicode character (the last is \\U0010FFFF).")
        return chr(code)

    return _ESCAPE.sub(character, text)


def first_keyword(text: str) -> str:
    """The first word after the prologue, upper-cased (``"INSERT"`` for ``PREFIX x: <…> INSERT DATA …``)."""
    rest = text[_PROLOGUE.match(text).end():]  # type: ignore[union-attr]
    match = re.match(r"[A-Za-z]+", rest)
    return match.group(0).upper() if match else ""


def check_size(text: str, max_bytes: int) -> None:
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise QueryTooLarge(f"The query is {size} bytes; this endpoint accepts at most {max_bytes} bytes. "
                            "Shorten it, or download the dump and query it locally.")


#: The tokens that can hold a "}" that closes no group (strings, IRIs, comments), and "}" itself, and the escapes
#: of a name (``ex:a\\'``: a quote in a name, PN_LOCAL_ESC). No other token holds a quote, "<", "#" or "}", so
#: searching for these finds the same ones as cutting every token.
_CLOSING = re.compile(_QUOTED + r"""
    | (?P<escape>(?<=[\w\u00b7\u0300-\u036f\u203f-\u2040.\-:%])(?:\\.)+)
    | (?P<close>\})
""", re.VERBOSE | re.DOTALL)


def terms(text: str) -> Iterator[str]:
    """The IRI references (``<…>``) and prefixed names (``br:membership``) of ``text``, as written, in order: not a
    variable, a blank node, a keyword, a language tag (``"x"@en``), a literal's datatype (``"1"^^xsd:int``), a
    function (``xsd:double(?x)``), a declaration's prefix, or anything inside a string or a comment; a name's last
    unescaped dots are the statement's (``?r a br:CityRegion.``), not the name's."""
    tokens = list(_significant(text))
    for at, match in enumerate(tokens):
        value = match.group()
        before = tokens[at - 1].group() if at else ""
        after = tokens[at + 1].group() if at + 1 < len(tokens) else ""
        if before in ("@", "^") or after == "(":
            continue  # a language tag, a literal's datatype, a function (xsd:double(?x), geof:sfWithin(…))
        if match.lastgroup == "name" and value[0] not in "?$_" and ":" in value:
            while value.endswith(".") and not value.endswith("\\."):
                value = value[:-1]
            if not value.endswith(":"):
                yield value
        elif match.lastgroup == "iri":
            yield value


def declared_prefixes(text: str) -> dict[str, str]:
    """The prefixes ``text`` declares (``PREFIX br: <…>``; a later one of the same name wins, as in the
    grammar's scope), read from its tokens, so a declaration in a comment or a string is none."""
    declared: dict[str, str] = {}
    step, name = 0, ""
    for match in _significant(text):
        value = match.group()
        if match.lastgroup == "name" and value.upper() == "PREFIX":
            step = 1
        elif step == 1 and match.lastgroup == "name" and value.endswith(":") and value.count(":") == 1:
            step, name = 2, value[:-1]
        elif step == 2 and match.lastgroup == "iri":
            declared[name], step = value[1:-1], 0
        else:
            step = 0
    return declared


def _glued(value: str, word: str, declared: Mapping[str, str]) -> bool:
    """Whether the name token ``value`` begins with the keyword ``word`` run together with what follows
    (``SERVICE:x``, ``SERVICESILENT``, ``FROM:g``, ``FROMNAMED``): Oxigraph needs no space after a keyword and
    reads one there, unless the token is a prefixed name whose prefix the query declares (``service:x``)."""
    upper = value.upper()
    if upper == word or not upper.startswith(word) or value[0] in "?$":
        return False
    prefix, colon, _ = value.partition(":")
    return not (colon and prefix in declared)


def _keywords(tokens: Iterator[re.Match[str]], word: str,
              declared: Mapping[str, str] | None = None) -> Iterator[re.Match[str]]:
    """Each name among ``tokens`` that is the keyword ``word`` (upper case), or, with the query's ``declared``
    prefixes, begins with it run together with what follows (:func:`_glued`): not a language tag
    (``"x"@service``, the one place a name follows ``@``)."""
    before = ""
    for match in tokens:
        value = match.group()
        if match.lastgroup == "name" and before != "@" and (
                value.upper() == word or (declared is not None and _glued(value, word, declared))):
            yield match
        before = value


def glued_keyword(text: str, word: str) -> str | None:
    """The first name of ``text`` that runs the keyword ``word`` together with what follows (:func:`_glued`), or
    None: the checks read the keyword's clause token by token, and such a one would be passed over (a review found
    ``FROM:g`` run on the union of the graphs, and ``SERVICE:x`` fetch another server)."""
    declared = declared_prefixes(text)
    return next((m.group() for m in _keywords(_significant(text), word, declared) if m.group().upper() != word),
                None)


#: An IRI reference holding a quote: ``<'a>`` (see the module docstring).
_QUOTE_IN_IRI = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*'[^<>\"{}|^`\\\x00-\x20]*>")


#: An IRI reference (or its start) holding a "#".
_IRI_WITH_HASH = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*\#")
#: The last characters of what can end an operand: a name, a variable, a number, a literal, ")", "]", an IRI.
_OPERAND_END_CHARACTERS = frozenset("?$'\")]>_")


def _hash_after_operand(text: str) -> bool:
    """Whether an IRI reference of ``text`` holding a ``#`` may follow an operand: where Oxigraph may read its ``<``
    as less-than and its ``#`` as a comment. Cheap and generous (the tokens decide): a search for the literal ``<``,
    then a look at the character before it, or at its whole line when a comment may stand between."""
    for match in _IRI_WITH_HASH.finditer(text):
        before = text[:match.start()].rstrip()
        if before and (before[-1].isalnum() or before[-1] in _OPERAND_END_CHARACTERS or text[match.start() - 1] == "<"
                       or "#" in before[before.rfind("\n") + 1:]):
            return True
    return False


#: The tokens after which Oxigraph reads "<" in an expression as less-than: the ends of an operand.
_OPERAND_ENDS = {"name", "string", "iri"}
#: Keywords after which a group's brackets hold expressions: a subquery's select clause and its modifiers.
_CLAUSE_KEYWORDS = {"SELECT", "GROUP", "ORDER", "HAVING"}


def _bracket(stack: list[str], previous: re.Match[str] | None, earlier: re.Match[str] | None) -> str:
    """What a ``(`` opens, given the brackets open around it and the two tokens before it: ``"data"`` where the
    grammar has only RDF terms (a ``VALUES`` block's variables and rows, a collection in a triple pattern or a
    template), where Oxigraph too reads ``<`` as an IRI's start; ``"expr"`` anywhere else (the generous side).

    Inside a group (``{``, ``[``) a ``(`` after a term is a collection (``?s ?p (1 <b#c>)``), unless the term is
    a function after ``FILTER`` (``FILTER <f>(…)``, ``FILTER ex:f(…)``); a group holding a subquery's ``SELECT``,
    ``GROUP BY``, ``ORDER BY`` or ``HAVING`` has expressions in its brackets (``{ SELECT ?a (… AS ?b) … }``)."""
    top = stack[-1] if stack else ""
    if top in ("data", "values"):
        return "data"
    value = previous.group() if previous else ""
    if value.upper() == "VALUES" and previous is not None and previous.lastgroup == "name":
        return "data"
    if top not in ("{", "["):
        return "expr"
    if value in ("{", ".", ",", "["):
        return "data"
    term = previous is not None and (previous.lastgroup == "iri" or (
        previous.lastgroup == "name" and (value[0] in "?$" or (":" in value and not value.startswith("_:")))))
    after_filter = earlier is not None and earlier.lastgroup == "name" and earlier.group().upper() == "FILTER"
    return "data" if term and not after_filter else "expr"


def ambiguous_iri(text: str) -> str | None:
    """An IRI reference of ``text`` that Oxigraph may read otherwise than the grammar's tokens do; None when there
    is none. Cheap: the tokens are cut only when a plain search finds such a text.

    One that holds a quote (``<'a>``) or a ``#`` right after a ``<`` (SPARQL 1.2's ``<<(`` opens a triple term to
    Oxigraph, where the tokens see ``<`` and an IRI reference ``<(?s?p'a>``), or in an expression's brackets right
    after an operand, where Oxigraph reads ``<`` as less-than: ``BIND((1<1)AS?w)SERVICE#>`` is an IRI reference to
    the grammar's tokens, but Oxigraph reads ``<`` as less-than there, then ``SERVICE``, then a comment that takes
    the rest of the line; ``?x<'a>'`` a comparison with a string. A ``SERVICE``, ``LIMIT`` or ``}`` would be
    hidden from one reading or the other. Where the grammar has only terms (a triple pattern, a ``VALUES`` row, a
    collection: ``VALUES (?r ?c) { (<…/notodden> <…byregion#CityRegion>) }``, as rdflib's ``initBindings`` sends)
    it is an IRI to both.
    """
    quoted = "'" in text and _QUOTE_IN_IRI.search(text) is not None
    hashed = "#" in text and _hash_after_operand(text)
    if not quoted and not hashed:
        return None
    for match, compares in _marked(text):
        if compares and ("'" in match.group() or "#" in match.group()):
            return match.group()  # after an operand in an expression, or where "<<" may open a triple term ("<<(")
    return None


def _marked(text: str) -> Iterator[tuple[re.Match[str], bool]]:
    """Each significant token of ``text``, with whether it is an IRI reference that Oxigraph may read as ``<``
    (less-than) and what follows: in an expression's brackets right after the end of an operand, or right after a
    ``<`` (``<<(``, a triple term). Where the grammar has only terms (a triple pattern, a ``VALUES`` block or row, a
    collection) it is an IRI to both readings (:func:`_bracket` tells the brackets apart)."""
    stack: list[str] = []  # the open brackets: "expr" or "data" for "(", "{", "values" (a VALUES block), "["
    values = False  # a VALUES keyword read, its block not yet open
    before, previous, earlier = "", None, None
    for match in _significant(text):
        kind, value = match.lastgroup, match.group()
        yield match, kind == "iri" and (
            (before in _OPERAND_ENDS and bool(stack) and stack[-1] == "expr")
            or (previous is not None and previous.group() == "<" and previous.end() == match.start()))
        if value == "(":
            stack.append(_bracket(stack, previous, earlier))
        elif value in ("{", "["):
            stack.append("values" if value == "{" and values else value)
            values = values and value != "{"
        elif value in (")", "}", "]"):
            if stack:
                stack.pop()
        elif kind == "name" and (previous is None or previous.group() != "@"):
            word = value.upper()
            values = values or word == "VALUES"
            if word in _CLAUSE_KEYWORDS and stack and stack[-1] == "{":
                stack[-1] = "{clauses"
        closes_triple = value == ">" and previous is not None and previous.group() == ">" \
            and previous.end() == match.start()  # the ">>" that ends a triple term: an operand's end
        before = "name" if value in (")", "]") or closes_triple else kind or ""
        previous, earlier = match, previous


def uses_service(text: str) -> bool:
    """Whether the query has the ``SERVICE`` keyword among its tokens (see the module docstring)."""
    return next(_keywords(_significant(text), "SERVICE", declared_prefixes(text)), None) is not None


_FROM = re.compile("from", re.IGNORECASE)


def _from_keywords(text: str) -> Iterator[tuple[re.Match[str], Iterator[re.Match[str]]]]:
    """Each ``FROM`` keyword among the tokens of ``text``, with the tokens after it (spaces and comments aside).

    ``FROM`` occurs in the grammar only in a dataset clause, and a subquery has none, so these are the query's
    dataset clauses: not ``?from``, ``ex:from``, ``from:x``, a word in a literal, an IRI or a comment, nor a
    language tag (``"x"@from``, the one place a name follows ``@``). The text is read as sent, as Oxigraph reads
    keywords: it does not decode ``\\u`` escapes there (``\\u0046ROM`` is a syntax error)."""
    if _FROM.search(text) is None:
        return
    tokens = _significant(text)
    for match in _keywords(tokens, "FROM"):
        yield match, tokens


def has_dataset_clause(text: str) -> bool:
    """Whether the query names its own dataset: a ``FROM`` or ``FROM NAMED`` clause (SPARQL 1.1 Query §13.2).

    Such a query runs on the dataset it names, any other on the union of the named graphs
    (:func:`byregion.sparql.execute.dataset_options`)."""
    return next(_from_keywords(text), None) is not None


@dataclass(frozen=True)
class DatasetClause:
    """A ``FROM`` or ``FROM NAMED`` clause: its graph as written (an IRI reference or a prefixed name), and the
    span of the whole clause in the query's text."""

    named: bool
    graph: str
    start: int
    end: int


def dataset_clauses(text: str) -> list[DatasetClause]:
    """The query's dataset clauses, in order (see :func:`_from_keywords` for which ``FROM`` counts)."""
    clauses = []
    for keyword, after in _from_keywords(text):
        term = next(after, None)
        named = term is not None and term.lastgroup == "name" and term.group().upper() == "NAMED"
        if named:
            term = next(after, None)
        if term is not None and (term.lastgroup == "iri" or term.lastgroup == "name"):
            clauses.append(DatasetClause(named, term.group(), keyword.start(), term.end()))
    return clauses


def resolve_graphs(text: str, clauses: list[DatasetClause], base: str | None = None) -> list[str] | None:
    """The IRIs of ``clauses``' graphs, as Oxigraph reads them in ``text``: its own parser resolves each as written
    (a prefixed name, an IRI relative to ``BASE``) against the query's prologue. None when one cannot be read so
    (the query is then not valid SPARQL, which its engine will say)."""
    first = next((m for m in _TOKENS.finditer(text) if m.lastgroup == "name" and m.group().upper() in _QUERY_FORMS),
                 None)
    if first is None or not clauses:
        return None
    names = " ".join(f"?g{i}" for i in range(len(clauses)))
    probe = f"{text[:first.start()]}\nSELECT * {{ VALUES ({names}) {{ ({' '.join(c.graph for c in clauses)}) }} }}"
    try:
        solutions = _EMPTY.query(probe, base_iri=base)
    except (SyntaxError, OSError):
        return None
    solution = next(solutions, None) if isinstance(solutions, ox.QuerySolutions) else None
    graphs = [solution[f"g{i}"] for i in range(len(clauses))] if solution is not None else []
    return [g.value for g in graphs] if graphs and all(isinstance(g, ox.NamedNode) for g in graphs) else None


def top_level_limit(text: str) -> int | None:
    """The ``LIMIT`` of the outermost query in ``text``, or None when it has none.

    Every group opens with ``{`` and closes with ``}``, so after the query's last ``}`` token no group is
    open: a ``LIMIT`` there is the outermost query's (its solution modifiers, possibly after an ``EXISTS {…}``
    in ``HAVING`` or ``ORDER BY``), never a subquery's. A ``LIMIT`` before a trailing ``VALUES`` block is not
    seen (None), which only costs the endpoint its cheaper path (:attr:`byregion.sparql.execute.Job.bounded`).
    """
    if "limit" not in text.lower():
        return None
    after = _after_last_close(text)  # only the tokens after it are cut (cutting every token took 0.12 ms of the
    tail = [m.group() for m in _TOKENS.finditer(text, after)  # web process's 0.43 ms for a short query)
            if m.lastgroup == "name" or m.lastgroup == "other"]
    for keyword, value in itertools.pairwise(tail):
        if keyword.upper() == "LIMIT" and value.isdigit():
            return int(value)
    return None


#: The characters a token of :data:`_CLOSING` starts with (an escape at its backslash: its look-behind takes no
#: character).
_CLOSING_STARTS = re.compile(r"""['"<#\\}]""")


def _after_last_close(text: str) -> int:
    """Where the last ``}`` token of ``text`` ends (0 when it has none): the matches of ``_CLOSING.finditer``, found
    by trying :data:`_CLOSING` only where one of its tokens can start. ``finditer`` tries every alternative at every
    character, since no first character is common to them: 16 µs for the benchmark's 160-character aggregate,
    against 3 µs so."""
    after = position = 0
    while (start := _CLOSING_STARTS.search(text, position)) is not None:
        token = _CLOSING.match(text, start.start())
        if token is None:  # a "<" that opens no IRI (a comparison), a "\\" after no name: the next character
            position = start.start() + 1
            continue
        if token.lastgroup == "close":
            after = token.end()
        position = token.end()
    return after


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:")


def relative_iri(text: str) -> str | None:
    """The first IRI reference of ``text`` that is relative (``<rel>``, ``<>``), when the query has no ``BASE``:
    Oxigraph, given no base IRI, refuses it with a parse error that names neither the IRI nor the cause."""
    found = None
    for match in _significant(text):
        if match.lastgroup == "name" and match.group().upper() == "BASE":
            return None
        if found is None and match.lastgroup == "iri" and not _SCHEME.match(match.group()[1:]):
            found = match.group()
    return found


#: Where Oxigraph's parser stopped: ``error at LINE:COLUMN:`` (both from 1).
_ERROR_AT = re.compile(r"error at (\d+):(\d+)")
#: A prefixed name ending where the parser stopped: its prefix (empty for ``:name``).
_PNAME_BEFORE = re.compile(r"(?<![\w<\"'])([^\W\d_][\w.-]*|):[\w.%:-]*$")
_DECLARED = re.compile(r"PREFIX\s+([^\W\d_][\w.-]*|):", re.IGNORECASE)  # a prefix begins with any letter: ø:
#: An IRI reference with SPARQL's escapes in it (``<http://x/Troms\u00F8>``), which the tokens cut: the parser reads
#: it decoded, so no name inside it is a prefixed name.
_ESCAPED_IRI = re.compile(r"<[^<>\"{}|^`\x00-\x20]*\\[uU][^<>\"{}|^`\x00-\x20]*>")


def undeclared_prefix(text: str, error: SyntaxError) -> tuple[str, int, int] | None:
    """The prefix of the prefixed name Oxigraph stopped after with "Prefix not found", when the query does not
    declare it, and where that name starts (line and column from 1): ``("foo", 2, 5)`` for ``\\n ?s foo:bar ?o``;
    None otherwise."""
    where = _ERROR_AT.search(str(error))
    if where is None:
        return None
    if "Prefix not found" not in str(error):  # Oxigraph says so only of a local name of two characters or more
        return _first_undeclared(text)
    lines = text.split("\n")
    line, column = int(where.group(1)), int(where.group(2))
    if not 0 < line <= len(lines):
        return None
    found = _PNAME_BEFORE.search(lines[line - 1][: column - 1])
    if found is None or found.group(1) in set(_DECLARED.findall(text)):
        return None
    return found.group(1), line, found.start() + 1


def _first_undeclared(text: str) -> tuple[str, int, int] | None:
    """The first prefixed name among the tokens of a malformed ``text`` whose prefix it does not declare, and
    where it starts (line and column from 1): ``ex:p`` gets Oxigraph's "expected OPTIONAL", not "Prefix not
    found". Not a variable, a blank node (``_:b``), a language tag (``"x"@en``) or a name in an IRI or string, nor
    the scheme of an IRI the tokens cut (``<http://…/Troms\\u00F8>``: an escape is no part of an IRI token)."""
    declared = set(_DECLARED.findall(text))
    escaped = [m.span() for m in _ESCAPED_IRI.finditer(text)] if "\\" in text else []
    after_at = False
    for match in _significant(text):
        value = match.group()
        if match.lastgroup == "name" and not after_at and value[0] not in "?$_" and ":" in value \
                and not any(start < match.start() < end for start, end in escaped):
            prefix = value.split(":", 1)[0]
            if (prefix == "" or prefix[0].isalpha()) and prefix not in declared:
                line = text.count("\n", 0, match.start()) + 1
                return prefix, line, match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        after_at = value == "@"
    return None


#: An IRI reference holding a character an IRI may not (RFC 3987: a space, ``"{}|^```, a control character; a ``\``
#: begins SPARQL's escapes, ``\u00F8``)
#: before its ``>`` on the same line: SPARQL's IRIREF cannot hold it, so the parser reads the ``<`` as "less than"
#: and the scheme as a prefix ("the prefix https: is not declared", a researcher's review of
#: ``<https://no.wikipedia.org/wiki/Bø i Telemark>``).
_BROKEN_IRI = re.compile(r"<[A-Za-z][A-Za-z0-9+.\-]*:[^<>\x00-\x20\"{}|^`]*([\x00-\x20\"{}|^`])[^<>\n]*>")


def broken_iri(text: str, error: SyntaxError) -> MalformedQuery | None:
    """The 400 for an IRI with a character no IRI may hold, where the parser stopped inside it; None otherwise. Only
    a ``<`` the tokens read as such (none in a comment or a string) and what does not read as a comparison (``?n
    <xsd:integer("5") && ?n > 1``) is taken: a diff review found both told to percent-encode, over their mistake."""
    where = _ERROR_AT.search(str(error))
    if where is None:
        return None
    line, column = int(where.group(1)), int(where.group(2))
    stopped = sum(len(x) + 1 for x in text.split("\n")[:line - 1]) + column - 1  # offset of the parser's place
    for token in _significant(text):
        if token.start() > stopped:
            return None
        if token.group() != "<":
            continue
        found = _BROKEN_IRI.match(text, token.start())
        if found is None or not found.start() <= stopped <= found.end() or comparison_like(found.group()):
            continue
        character = found.group(1)
        what = "a space" if character == " " else "a tab" if character == "\t" else f"the character {character!r}"
        shown = found.group()[:80] + ("…" if len(found.group()) > 80 else "")
        return MalformedQuery(f"The query is not valid SPARQL 1.1: at {_place(text, found.start(1))} the IRI "
                              f"{shown} holds {what}, which an IRI may not: write it percent-encoded "
                              f"({quote(character)}), as a browser's address bar does.")
    return None


def malformed(text: str, error: SyntaxError, base: str | None = None) -> MalformedQuery:
    """The 400 for a query Oxigraph could not parse: its message, and the likely cause where one is plain.
    ``base``: the IRI relative IRIs were resolved against (the endpoint's); without one, a relative IRI is a cause."""
    if (broken := broken_iri(text, error)) is not None:
        return broken
    if (undeclared := undeclared_prefix(text, error)) is not None:
        prefix, line, column = undeclared
        known = PREFIXES.get(prefix) or QUERY_PREFIXES.get(prefix)
        if known and base is not None and base.endswith(SPARQL):  # the endpoint of a build for another host
            own = base[:-len(SPARQL)]
            known = own + known[len(BASE):] if known.startswith(BASE + "/") else known
        declaration = f"PREFIX {prefix}: <{known}>" if known else f"PREFIX {prefix}: <…>"
        return MalformedQuery(f"The query is not valid SPARQL 1.1: at {line}:{column} the prefix {prefix}: is not "
                              f"declared. Add `{declaration}` before the query.")
    message = f"The query is not valid SPARQL 1.1: {where_it_fails(text, str(error))}"
    if base is None and (iri := relative_iri(text)) is not None:
        ended = message if message.endswith(".)") else message.rstrip(".") + "."  # "(The parser stopped at 2:5.)"
        message = ended + (f" The IRI {iri} is relative and the query declares no BASE, so it cannot be resolved: "
                           "write it in full (such as <https://data.byregion.no/id/region/notodden>) or declare a "
                           "BASE.")
    return MalformedQuery(message)


def _is_update(text: str) -> bool:
    return first_keyword(text) in _UPDATE_KEYWORDS


def check_nesting(text: str, max_nesting: int) -> None:
    """:class:`MalformedQuery` when brackets (``{``, ``(``, ``[``, outside strings, IRIs and comments) nest deeper
    than ``max_nesting`` in ``text``: Oxigraph's parser recurses once a level, on the thread that calls it, and
    about 220 levels of ``FILTER EXISTS {`` overflow a 2 MB stack (a granian thread's), which kills the process.
    A run of ``!`` nests as deep (the parser reads ``!!!x`` as a ``!`` of a ``!`` of a ``!``, one level each:
    10,000 of them overflowed that stack), where a run of ``-``, ``+`` or ``^`` is a syntax error at its second.
    An IRI reference that may be less-than (``1<!!!…!1&&2>1``) is read both ways (:func:`_tokens_both_ways`): its
    ``!`` and brackets count too, where 10,000 ``!`` inside one had passed and ended the query process (or the web
    process, where the guards parse). Cheap: the tokens are cut only when the text holds more opening brackets and
    ``!`` than the limit."""
    if text.count("(") + text.count("{") + text.count("[") + text.count("!") <= max_nesting:
        return
    # depth: the open brackets and the negations before each (in force until it closes); pending: a run of !
    # before the next term, in force until that term ends
    depth, pending, opened = 0, 0, []
    for match in _tokens_both_ways(text):
        value = match.group()
        if match.lastgroup != "other" or value not in "!({[)}]" or text.startswith("!=", match.start()):
            pending = 0  # a term, or != (no negation)
            continue
        if value == "!":
            pending += 1
        elif value in "({[":
            opened.append(1 + pending)
            depth, pending = depth + 1 + pending, 0
        else:
            depth, pending = depth - (opened.pop() if opened else 0), 0
        if depth + pending > max_nesting:
            line = text.count("\n", 0, match.start()) + 1
            raise MalformedQuery(f"The query nests brackets or negations (!) more than {max_nesting} deep (at line "
                                 f"{line}); this endpoint reads at most so many (BYREGION_SPARQL_MAX_NESTING). Write "
                                 "it flatter: a chain of && or UNION needs no brackets around each part, and !!x is x.")


_PAIRS = {"(": ")", "{": "}", "[": "]"}
def unpaired_bracket(text: str) -> MalformedQuery | None:
    """The 400 for a bracket of ``text`` (``(``, ``{``, ``[``, outside strings, IRIs and comments) that no bracket of
    its kind closes, or one that closes none, which no SPARQL query has; None when they pair, or where the tokens
    may not be the parser's: an escape (``\\u0028``, decoded in an IRI or a string but nowhere else), or an IRI
    reference holding a bracket, a ``#`` or a quote where it may as well be less-than (``?a<?b||(?c>?d)``), which
    no valid query is then refused for. Oxigraph's parser tries again at each ``!`` a bracket that does not close
    (40 of them took longer than any timeout); its place, the query's end, would not say which bracket it was."""
    if "\\u" in text or "\\U" in text:
        return None
    opened: list[re.Match[str]] = []
    for match, compares in _marked(text):
        value = match.group()
        if compares and any(c in value for c in "()[]#'"):
            return None
        if match.lastgroup != "other":
            continue
        if value in _PAIRS:
            opened.append(match)
        elif value in ")}]":
            if not any(_PAIRS[o.group()] == value for o in opened):
                return _bracket_refused(text, match.start(), f"This '{value}' closes nothing: one too many, or its "
                                                             "opening bracket is missing.")
            opening = opened.pop()
            if _PAIRS[opening.group()] != value:
                return _bracket_refused(text, opening.start(), f"This '{opening.group()}' is not closed: a "
                                        f"'{_PAIRS[opening.group()]}' is missing before the '{value}' at "
                                        f"{_place(text, match.start())}.")
    if opened:
        last = opened[-1]
        return _bracket_refused(text, last.start(), f"This '{last.group()}' is never closed: a "
                                                    f"'{_PAIRS[last.group()]}' is missing.")
    return None


def _counts_differ(text: str) -> bool:
    """Whether ``text`` has more of one kind of bracket than of its closer, counting every character: only then is the
    token pass of :func:`unpaired_bracket` made, since its message is what it adds (the brackets that the parser reads
    again and again are :func:`check_rereads`'s, whatever their number). A bracket inside a string or an IRI may make
    even counts of a text whose brackets do not pair: Oxigraph's parser then names the place, as for any mistake."""
    return (text.count("(") != text.count(")") or text.count("{") != text.count("}")
            or text.count("[") != text.count("]"))


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


def _bracket_refused(text: str, offset: int, says: str) -> MalformedQuery:
    return MalformedQuery("The query is not valid SPARQL 1.1: " + pointed(text, offset, says)
                          + " (Refused before it was parsed.)")


#: Functions Oxigraph's parser reads twice when their last, optional argument is not there: it tries the form
#: with it first (REGEX's flags, SUBSTR's length, REPLACE's flags, GROUP_CONCAT's separator).
_READ_TWICE = frozenset({"REGEX", "SUBSTR", "REPLACE", "GROUP_CONCAT"})



def _reads_twice(text: str) -> bool:
    """Whether ``text`` names one of :data:`_READ_TWICE` anywhere: a look for each in the text upper-cased, 1 µs on
    the benchmark's queries where one case-blind regular expression took 13 µs."""
    upper = text.upper()
    return any(name in upper for name in _READ_TWICE)
#: A ``!`` that is no ``!=``: a text without one has no bracket after ``!`` (``FILTER (?a != ?b)`` is common).
_NEGATION = re.compile("!(?!=)")


def _tokens_both_ways(text: str) -> Iterator[re.Match[str]]:
    """The significant tokens of ``text``, and inside an IRI reference that may be less-than (:func:`_marked`: in an
    expression, after an operand) the tokens between its ``<`` and ``>`` as well, each closing bracket among them
    only where one of them opened it: a count of brackets over these is never lower than over either reading of
    the ``<``. An IRI where the grammar has only terms (a ``VALUES`` block, a triple pattern) is one token: read
    there as less-than too, the brackets of a list of IRIs such as ``<…/a(>`` had added up to a refusal."""
    for match, compares in _marked(text):
        yield match
        if compares:
            inner: list[str] = []
            for token in _significant_between(text, match.start() + 1, match.end() - 1):
                value = token.group()
                if token.lastgroup == "other" and value in ")}]":
                    if not inner or _PAIRS[inner[-1]] != value:
                        continue
                    inner.pop()
                elif token.lastgroup == "other" and value in _PAIRS:
                    inner.append(value)
                yield token


def _significant_between(text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    return (m for m in _TOKENS.finditer(text, start, end) if m.lastgroup != "space" and m.lastgroup != "comment")


def rereads(text: str, stop: int | None = None) -> tuple[int, int]:
    """How many tokens Oxigraph's parser may read in ``text`` at worst, counting a token once for each way it may
    be reached, and the offset of the bracket around which the count passed ``stop`` (else -1).

    The parser (rust-peg) keeps nothing of an alternative that fails: at ``!`` it tries ``!`` before a further
    negation, then ``!`` before any other operand, so an operand in brackets after ``!`` that does not parse is
    read twice, and each ``!(`` around it doubles that (20 of them took 5.8 s, 40 no end); REGEX, SUBSTR, REPLACE
    and GROUP_CONCAT (:data:`_READ_TWICE`) read their arguments twice even when they parse. So each token counts
    2 to the power of such brackets around it (a bracket after ``!``, or after a name or IRI after it, as in
    ``!STR(``, ``!EXISTS {``, counts as such; one of those functions after ``!`` twice)."""
    total, place = 0, -1
    opened: list[int] = []  # the factor of each open bracket: 1, 2 or 4
    factor = 1
    recent: list[re.Match[str]] = []  # the last three tokens
    for match in _tokens_both_ways(text):
        value, kind = match.group(), match.lastgroup
        if kind == "other" and value in _PAIRS:
            doubled = 1
            for at, before in enumerate(reversed(recent)):
                word = before.group()
                if before.lastgroup == "other" and word == "!" and not text.startswith("!=", before.start()):
                    doubled = 2
                    break
                if at == 2 or not (before.lastgroup in ("name", "iri") or word == "<"):
                    break
            if recent and recent[-1].lastgroup == "name" and recent[-1].group().upper() in _READ_TWICE:
                doubled *= 2
            opened.append(doubled)
            factor *= doubled
        elif kind == "other" and value in ")}]" and opened:
            factor //= opened.pop()
        total += factor
        if stop is not None and total > stop and place < 0:
            place = match.start()
            break
        recent = [*recent[-2:], match]
    return total, place


def check_rereads(text: str, max_rereads: int) -> None:
    """:class:`MalformedQuery` when Oxigraph's parser may read more than ``max_rereads`` tokens of ``text``
    (:func:`rereads`): a few lines of ``!(`` or nested ``REPLACE`` that do not parse take it seconds, or longer
    than any timeout, in the query process or, where the guards parse, in the web process."""
    if len(text) <= max_rereads and _NEGATION.search(text) is None and not _reads_twice(text):
        return  # no bracket doubles: each token counts once, and there are fewer than characters
    total, place = rereads(text, max_rereads)
    if total > max_rereads:
        raise MalformedQuery(
            f"The query nests brackets that SPARQL's parser may read again and again (after ! and in REGEX, SUBSTR, "
            f"REPLACE and GROUP_CONCAT, each such bracket doubling what is inside it): past {max_rereads:,} "
            f"readings of its words at {_place(text, place)}, the most this endpoint allows "
            "(BYREGION_SPARQL_MAX_REREADS). Write it flatter: !(a && b) as (!a || !b), !!x as x, and a chain of "
            "REPLACE as fewer, each with a pattern of several characters ('[æÆ]').")



#: Keywords that each add one step inside the steps before them in Oxigraph's algebra (a left join, a minus, a
#: union, an extension, a join), as arithmetic operators do in an expression.
_OPERATION_KEYWORDS = frozenset({"OPTIONAL", "MINUS", "UNION", "BIND", "VALUES", "GRAPH", "SERVICE"})
_ARITHMETIC = frozenset("+-*/")
#: A minus inside a name token that SPARQL reads as one (``1-1``, ``?a-1``): not an exponent's sign (``1e-5``).
_MINUS = re.compile(r"(?<![0-9.][eE])-")


def operations(text: str) -> int:
    """How many operations ``text`` holds, outside strings, IRIs and comments: arithmetic operators (``+``,
    ``-``, ``*``, ``/``, also as a property path's or ``SELECT *``'s) and the keywords of
    :data:`_OPERATION_KEYWORDS`. A ``-`` inside a number or variable token counts (``1-1-1`` is two
    subtractions to SPARQL's grammar, one token to :mod:`~byregion.sparql.lexer`); one inside a prefixed name
    (``ex:a-b``), a language tag (``"a"@nb-NO``) or an exponent (``1e-5``) does not, nor anything in a ``VALUES``
    block's data (``VALUES ?x { -1 -2 }``: values, not operations; the VALUES itself counts once)."""
    count = 0
    values, depth, before = False, 0, ""  # in a VALUES block's data, its brackets' depth, the token before
    for match in _significant(text):
        value, kind = match.group(), match.lastgroup
        if values:  # after VALUES: its variables, then { data } (a bracket per row of several variables)
            depth += (value == "{") - (value == "}") if kind == "other" else 0
            values = not (value == "}" and depth == 0)
        elif kind == "other":
            count += value in _ARITHMETIC
        elif kind == "name" and ":" not in value and before != "@":
            count += len(_MINUS.findall(value))
            if value.upper() in _OPERATION_KEYWORDS:
                count += 1
                values = value.upper() == "VALUES"
        before = value
    return count


#: A call of a function whose value is new at every evaluation (SPARQL 1.1 §17.4: NOW, RAND, UUID, STRUUID, BNODE):
#: found by name before a bracket anywhere in the text, a string's or a comment's too (one found there only keeps
#: an answer from being kept, which costs nothing but a run). Linear: a name, spaces and comments (SPARQL 1.1 §19.6:
#: a comment may stand between any two tokens; ``RAND#x⏎()`` had been kept), a bracket.
_VOLATILE = re.compile(r"(?i)(?<![\w:?$])(?:NOW|RAND|UUID|STRUUID|BNODE)(?:\s|#[^\n\r]*(?:[\n\r]|$))*\(")


def volatile(text: str) -> bool:
    """Whether ``text`` (as sent, or with its ``\\u`` escapes decoded) may call a function whose value is new at
    every evaluation: its answer is then no answer of the build alone, so neither the server keeps it
    (:class:`~byregion.sparql.cache.CachedRunner`) nor is a cache told it may (a re-check found ``NOW()`` and
    ``RAND()`` kept for 300 s)."""
    return _VOLATILE.search(text) is not None or (
        "\\u" in text.lower() and _VOLATILE.search(decode_escapes(text)) is not None)


def check_operations(text: str, max_operations: int) -> None:
    """:class:`MalformedQuery` when ``text`` holds more than ``max_operations`` :func:`operations`: Oxigraph
    evaluates a chain of them recursively, one level each (``1+1+…`` nests each sum in the next), so a long
    chain overflows the query process's stack and ends it (2,850 ``MINUS {}`` or 8,500 additions, within the
    size limit), and a chain of additions takes time with its square (5,700 took 1.2 s). Cheap: the tokens are
    cut only when the text could hold more."""
    if len(text) <= max_operations:
        return
    if (count := operations(text)) > max_operations:
        raise MalformedQuery(f"The query holds {count:,} operations (+, -, *, / of arithmetic or of a property "
                             f"path, and OPTIONAL, MINUS, UNION, BIND, VALUES, GRAPH, SERVICE); this endpoint "
                             f"reads at most {max_operations:,} (BYREGION_SPARQL_MAX_OPERATIONS). Split it into "
                             "several queries, or put a long list of values in one VALUES block.")


def check(text: str, *, max_bytes: int, allow_service: bool, parse: bool = True,
          max_nesting: int = DEFAULT_SPARQL_MAX_NESTING,
          max_operations: int = DEFAULT_SPARQL_MAX_OPERATIONS, max_rereads: int = DEFAULT_SPARQL_MAX_REREADS,
          base: str | None = None) -> CheckedQuery:
    """Run every guard on ``text``; return the checked query or raise a :class:`~byregion.sparql.Refused`.

    With ``parse=False`` a query whose form is plain from its first keyword is not parsed here: the caller's
    engine parses it when it runs and refuses a malformed one itself (see the module docstring). ``base``: the
    IRI a relative IRI of a query without ``BASE`` is resolved against (the endpoint's, :data:`Job.base_iri`)."""
    check_size(text, max_bytes)
    decoded = decode_escapes(text)
    check_nesting(text, max_nesting)
    if decoded is not text:
        check_nesting(decoded, max_nesting)
    check_operations(text, max_operations)
    if decoded is not text:
        check_operations(decoded, max_operations)
    if (iri := ambiguous_iri(decoded)) is not None:
        raise MalformedQuery(f"The query writes {iri[:60]}, which SPARQL can read as an IRI or as < (less than) "
                             "before what follows. If it compares, put a space after <; if it is an IRI, write its "
                             "quote as %27, or write it as a prefixed name (PREFIX ex: <…#> and ex:name).")
    if _counts_differ(text) and not _is_update(decoded) and (unpaired := unpaired_bracket(text)) is not None:
        raise unpaired  # (an update is refused as one, whatever its brackets)
    check_rereads(text, max_rereads)
    if decoded is not text:
        check_rereads(decoded, max_rereads)
    if "from" in text.lower() and (glued := glued_keyword(text, "FROM")) is not None:
        raise MalformedQuery(f"The query writes {glued[:60]}, which SPARQL can read as FROM and what follows it or as "
                             "one name: put a space after FROM (FROM :g, FROM NAMED <…>).")
    if "service" in decoded.lower() and uses_service(decoded):
        if not allow_service:
            raise ServiceRefused("SERVICE (federated query) is switched off on this endpoint, since it would make "
                                 "the server fetch other URLs. Query the other endpoint directly instead.")
        # Allowed: Oxigraph must not pre-run it, so take the form from the first keyword after the prologue.
        return CheckedQuery(text, _form_from_keyword(first_keyword(decoded)))
    form = _QUERY_FORMS.get(first_keyword(text))
    if form is None or (decoded is not text and _QUERY_FORMS.get(first_keyword(decoded)) != form):
        if _is_update(decoded):
            raise UpdateRefused("This endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP, …) "
                                "is not accepted. Send a SELECT, ASK, CONSTRUCT or DESCRIBE query.")
        if (error := syntax_error(text, base)) is not None:
            raise malformed(text, error, base) from error
        raise MalformedQuery("The query is not valid SPARQL 1.1: after its PREFIX and BASE declarations a query "
                             "starts with SELECT, ASK, CONSTRUCT or DESCRIBE, written without escapes.")
    if parse and (error := syntax_error(text, base)) is not None:
        raise malformed(text, error, base) from error
    return CheckedQuery(text, form, _select_limit(text, decoded) if form == "SELECT" else None)


#: Put after a query to parse it without running it: a line that begins with "@@" follows no query, and within a
#: long string it leaves the string open, so the text with it is never a query and Oxigraph, which runs a query
#: it parses (an ASK, an aggregate or a SERVICE at once), only ever parses it.
_NEVER_A_QUERY = "\n@@"


def syntax_error(text: str, base: str | None = None) -> SyntaxError | None:
    """Oxigraph's own error for ``text`` when the text goes wrong before its end; None when it reads to its end (a
    query, or one cut short at the very end, which its engine will refuse). Nothing of it is ever evaluated here:
    the web process has no time limit and may reach the network (a query on an empty store still runs its
    ``VALUES``, ``BIND`` and ``SERVICE``). The error is the text's own: the parser never reaches past it."""
    try:
        _EMPTY.query(text + _NEVER_A_QUERY, base_iri=base)
    except SyntaxError as exc:
        where = _ERROR_AT.search(str(exc))
        return exc if where is None or int(where.group(1)) <= text.count("\n") + 1 else None
    except OSError:
        return None
    return None


def _select_limit(text: str, decoded: str) -> int | None:
    """A SELECT's own ``LIMIT``, read on the text as sent and with its escapes decoded (Oxigraph decodes them
    only in some places): a limit only when both agree, so no escape can show a LIMIT the engine does not see."""
    limit = top_level_limit(text)
    return limit if decoded is text or top_level_limit(decoded) == limit else None


_QUERY_FORMS: dict[str, Form] = {"SELECT": "SELECT", "ASK": "ASK", "CONSTRUCT": "GRAPH", "DESCRIBE": "GRAPH"}
#: The form of each kind of result Oxigraph gives (CONSTRUCT and DESCRIBE both give triples).
_RESULT_FORMS: dict[type, Form] = {ox.QuerySolutions: "SELECT", ox.QueryBoolean: "ASK", ox.QueryTriples: "GRAPH"}


def form_of(result: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> Form:
    """The form of the query that gave ``result``: what the guards read from a parse, and what the query process
    checks the form read from the first keyword against."""
    return _RESULT_FORMS[type(result)]


def _form_from_keyword(keyword: str) -> Form:
    """The form a query's first keyword names; SELECT for any other word (a query with SERVICE, not parsed)."""
    return _QUERY_FORMS.get(keyword, "SELECT")
