"""Why a query does not parse, said for the person who wrote it.

Oxigraph's parser (rust-peg) names the furthest place it reached, which is often after the mistake: an operator
with nothing after it shows as the next line (``FILTER(?l = )`` as the triple below it), a ``)`` left out as the
end of the query, a misspelt ``SELEC`` as the ``WHERE`` after it. Its "expected one of …" lists a few
alternatives of wherever it got furthest, SPARQL 1.2 and its own extensions among them, which mislead more than
they help. So the query's tokens (:mod:`byregion.sparql.lexer`) are first searched for a mistake that is one
whatever the parser tried, at or before the parser's place (:func:`first_mistake`): a word that is no keyword or
function, brackets that do not pair, an operator with nothing on one side, a string left open, ``FILTER`` without
its bracket, ``GROUP`` or ``ORDER`` without ``BY``, commas between selected variables, Turtle's ``@prefix``. The
earliest is shown with a caret under it; where none is found, the parser's place is, with what to look for.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from byregion.sparql.lexer import significant
from byregion.sparql.select_clause import SAYS, check_in, in_subquery_before, offending_token

#: Oxigraph's position and expected tokens: ``error at 3:17: expected one of ABS, AVG, …``.
_PARSE_ERROR = re.compile(r"error at (\d+):(\d+): expected (?:one of )?(.*)", re.DOTALL)
#: What Oxigraph's parser (rust-peg) lists as expected that is no SPARQL 1.1 (SPARQL 1.2 and Oxigraph's own
#: extensions, its "whitespace" class) or no token at all (a check's message that ended up in the list).
_NOT_SPARQL_11 = frozenset({"[_]", "LATERAL", "STRLANGDIR", "LANGDIR", "hasLangDir", "hasLANG", "VERSION", "TRIPLE",
                            "SUBJECT", "PREDICATE", "OBJECT", "isTRIPLE", '"{|"', '"|}"', '"~"', '"<<("', '")>>"',
                            '"<<"', '">>"'})

#: The words SPARQL 1.1 Query and Update write bare (§19.8, case-insensitive), the built-in functions and
#: aggregates (§17.4, §18.5), and what Oxigraph's parser also reads (SPARQL 1.2's, its LATERAL): any other bare
#: word in a query is a mistake. The first group is what a misspelt word is compared with.
_KEYWORDS = ("SELECT", "CONSTRUCT", "DESCRIBE", "ASK", "PREFIX", "BASE", "WHERE", "FROM", "NAMED", "GRAPH",
             "OPTIONAL", "UNION", "MINUS", "FILTER", "BIND", "VALUES", "SERVICE", "SILENT", "GROUP", "ORDER", "BY",
             "HAVING", "LIMIT", "OFFSET", "DISTINCT", "REDUCED", "AS", "ASC", "DESC", "NOT", "EXISTS", "IN", "UNDEF")
_FUNCTIONS = ("COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT", "SEPARATOR", "STR", "LANG",
              "LANGMATCHES", "DATATYPE", "BOUND", "IRI", "URI", "BNODE", "RAND", "ABS", "CEIL", "FLOOR", "ROUND",
              "CONCAT", "STRLEN", "UCASE", "LCASE", "ENCODE_FOR_URI", "CONTAINS", "STRSTARTS", "STRENDS",
              "STRBEFORE", "STRAFTER", "YEAR", "MONTH", "DAY", "HOURS", "MINUTES", "SECONDS", "TIMEZONE", "TZ", "NOW",
              "UUID", "STRUUID", "MD5", "SHA1", "SHA256", "SHA384", "SHA512", "COALESCE", "IF", "STRLANG", "STRDT",
              "SAMETERM", "ISIRI", "ISURI", "ISBLANK", "ISLITERAL", "ISNUMERIC", "REGEX", "SUBSTR", "REPLACE")
_OTHER_WORDS = frozenset({"A", "TRUE", "FALSE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "TO", "INTO",
                          "DATA", "INSERT", "DELETE", "WITH", "USING", "DEFAULT", "ALL", "LATERAL", "TRIPLE",
                          "SUBJECT", "PREDICATE", "OBJECT", "ISTRIPLE", "LANGDIR", "HASLANG", "HASLANGDIR",
                          "STRLANGDIR", "ADJUST", "VERSION"})
_KNOWN = frozenset(_KEYWORDS) | frozenset(_FUNCTIONS) | _OTHER_WORDS
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_PAIRS = {"(": ")", "{": "}", "[": "]"}
_OPERATOR_CHARACTERS = frozenset("=!<>&|")
_BINARY = frozenset({"=", "!=", "<", ">", "<=", ">=", "&&", "||"})
#: SQL's logical words, which SPARQL writes as operators (a researcher's review: ``AND`` was told "did you mean
#: RAND?"). ``NOT`` is SPARQL's too (``NOT EXISTS``, ``NOT IN``): only ``NOT`` before a bracket or a term is SQL's.
_SQL_WORDS = {"AND": "&&", "OR": "||"}
#: The aggregates (§18.5), which SELECT takes only as ``(COUNT(?s) AS ?n)``.
_AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})


@dataclass(frozen=True)
class Mistake:
    """A place in the query (an offset into its text) and what is wrong there."""

    at: int
    says: str
    #: A bracket still open where the text ends: it counts as found there (any mistake the parser met comes first)
    #: and is said where the parser stopped.
    unclosed: bool = False


def _place(text: str, offset: int) -> str:
    line = text.count("\n", 0, offset) + 1
    return f"{line}:{offset - (text.rfind(chr(10), 0, offset) + 1) + 1}"


_A_NAME = ": a name needs its prefix (ex:{word}), a variable its ? (?{word})"


def _misspelt(word: str, between_terms: bool, in_group: bool) -> str:
    """What a bare word that is no keyword could be meant as: between two terms of a group (``?s name ?n``) a name
    without its prefix, whatever keyword it looks like ("name" is no misspelt NAMED); elsewhere the keyword it is
    closest to, and in a group a name as well."""
    close = difflib.get_close_matches(word.upper(), _KEYWORDS + _FUNCTIONS, n=1, cutoff=0.7)
    if between_terms or not close:
        return _A_NAME.format(word=word) + "."
    return f": did you mean {close[0]}?" + (f" (Or{_A_NAME.format(word=word)[1:]}.)" if in_group else "")


def _is_term(token: re.Match[str] | None) -> bool:
    """A variable, an IRI, a prefixed name, a literal or a blank node: what stands on either side of a predicate."""
    if token is None:
        return False
    value = token.group()
    return token.lastgroup in ("iri", "string") or (token.lastgroup == "name" and (
        value[0] in "?$" or ":" in value or value[0].isdigit()))


def _unreliable(text: str, tokens: list[re.Match[str]]) -> bool:
    """Whether the tokens may not be the parser's: an escape (``\\u00F8``, which Oxigraph decodes before it parses
    and which no IRI token holds, so an IRI with one is cut in pieces), or an "IRI" that reads as well as a
    comparison written without spaces (:func:`comparison_like`)."""
    return "\\u" in text or "\\U" in text or any(t.lastgroup == "iri" and comparison_like(t.group()) for t in tokens)


#: An IRI reference relative to the endpoint's IRI (``<>``, ``<id/region/notodden>``): a path, nothing that reads
#: as an expression; the endpoint resolves it (docs/sparql.md), so it is an IRI and the tokens around it are sound.
_RELATIVE_PATH = re.compile(r"<[A-Za-z_][\w./#%~-]*>|<>")


def comparison_like(iri: str) -> bool:
    """An IRI token that reads as well as a comparison without spaces: no scheme and no plain relative path
    (``<1)&&?a>``), or the marks of an expression (``<ex:max)&&?x>``: a bracket and a variable, or ``&&``, ``||``)."""
    return (":" not in iri and not _RELATIVE_PATH.fullmatch(iri)) or "&&" in iri or "||" in iri or (
        any(c in iri for c in "()") and any(c in iri for c in "?$"))


def _mistakes(text: str) -> list[Mistake]:
    """Every place the tokens alone show to be no SPARQL 1.1, in no particular order."""
    tokens = list(significant(text))
    if _unreliable(text, tokens):
        return []
    found: list[Mistake] = []
    opened: list[tuple[str, int]] = []
    select_at: int | None = None  # depth of brackets since the SELECT whose variables are being read
    depth = 0
    for at, match in enumerate(tokens):
        value, kind = match.group(), match.lastgroup
        before = tokens[at - 1].group() if at else ""
        after = tokens[at + 1].group() if at + 1 < len(tokens) else ""
        if kind == "name" and _WORD.fullmatch(value) and before != "@":  # a bare word; after @ a language tag
            upper = value.upper()
            if upper in ("GROUP", "ORDER") and after.upper() != "BY":
                found.append(Mistake(match.start(), f"{value} needs BY after it: {upper} BY ?x."))
            elif upper == "FILTER" and after and (after[0] in "?$\"'0123456789" or after in ("true", "false")):
                found.append(Mistake(match.start(), "FILTER takes its condition in brackets: FILTER(?x > 3), or a "
                                                    "function call such as FILTER regex(?x, \"a\")."))
            elif upper in _SQL_WORDS and depth > 0:
                found.append(Mistake(match.start(), f"{value} is SQL's: SPARQL writes {_SQL_WORDS[upper]} "
                                                    f"(?a = 1 {_SQL_WORDS[upper]} ?b = 2)."))
            elif upper == "HAVING" and _bare_condition(tokens, at + 1):
                found.append(Mistake(match.start(), "HAVING takes its condition in brackets: HAVING (COUNT(?s) > 1)."))
            elif upper in _AGGREGATES and after == "(" and select_at is not None and depth == select_at:
                found.append(Mistake(match.start(), f"SELECT takes an aggregate with a name for its result, in "
                                                    f"brackets: SELECT ({upper}(?s) AS ?n)."))
            elif upper == "SELECT":
                select_at = depth
            elif upper in ("WHERE", "FROM"):
                select_at = None
            elif upper not in _KNOWN:  # in a group, between two terms, a predicate ("?s name ?n")
                between = depth > 0 and _is_term(tokens[at - 1] if at else None) and _is_term(
                    tokens[at + 1] if at + 1 < len(tokens) else None)
                found.append(Mistake(match.start(), f"{value} is no SPARQL keyword or function"
                                                    f"{_misspelt(value, between, depth > 0)}"))
        elif kind == "iri" and value == "<>" and opened and opened[-1][0] == "(" \
                and (_is_term(tokens[at - 1] if at else None) or before == ")") \
                and _is_term(tokens[at + 1] if at + 1 < len(tokens) else None):  # ?s <> ?o in a group is a triple
            found.append(Mistake(match.start(), "SPARQL writes not equal as '!=': ?x != 2 ('<>' is an IRI, the "
                                                "endpoint's own, where it stands for a term)."))
        elif kind == "other":
            if value in "\"'":
                found.append(Mistake(match.start(), f"This string is not closed: a string in {value} ends with "
                                                    f"{value} on the same line (a text over lines goes in "
                                                    f"{value * 3}…{value * 3}), and a {value} inside it is written "
                                                    f"\\{value}."))
            elif value == "@" and after.lower() in ("prefix", "base"):
                written = "PREFIX ex: <…>" if after.lower() == "prefix" else "BASE <…>"
                found.append(Mistake(match.start(), f"@{after} is Turtle's: SPARQL writes {written} (no @, no dot "
                                                    "at the end)."))
            elif value in _PAIRS:
                opened.append((value, match.start()))
                depth += 1
                if value == "{":
                    select_at = None
            elif value in ")}]":
                depth = max(0, depth - 1)
                if not opened:
                    found.append(Mistake(match.start(), f"This '{value}' closes nothing: one too many, or its opening "
                                                        "bracket is missing."))
                    continue
                opening, where = opened.pop()
                if _PAIRS[opening] != value:
                    found.append(Mistake(where, f"This '{opening}' is not closed: a '{_PAIRS[opening]}' is missing "
                                                f"before the '{value}' at {_place(text, match.start())}."))
                    opened.clear()  # what follows cannot be paired any more
                    depth = 0
            elif value == "," and select_at is not None and depth == select_at:
                found.append(Mistake(match.start(), "SPARQL separates the selected variables with spaces, not commas: "
                                                    "SELECT ?a ?b."))
            elif value in _OPERATOR_CHARACTERS and not (before and before in _OPERATOR_CHARACTERS
                                                         and tokens[at - 1].end() == match.start()):
                end = at  # the operator's last character: "!=", "<=", "&&" are one operator in two tokens
                while end + 1 < len(tokens) and tokens[end + 1].group() in _OPERATOR_CHARACTERS \
                        and tokens[end + 1].start() == tokens[end].end():
                    end += 1
                operator = text[match.start():tokens[end].end()]
                following = tokens[end + 1].group() if end + 1 < len(tokens) else ""
                if operator == "==":
                    found.append(Mistake(match.start(), "SPARQL compares with one '=': ?x = \"nb\" (and '!=' for "
                                                        "not equal)."))
                elif operator in _BINARY and following in (")", ",", "}", "]", ""):
                    found.append(Mistake(match.start(), f"'{operator}' has nothing after it: write what it "
                                                        f"compares or joins (?x {operator} ?y)."))
                elif operator in _BINARY and (before in ("(", ",", "{", "") or before in _OPERATOR_CHARACTERS):
                    found.append(Mistake(match.start(), f"'{operator}' has nothing before it: write what it "
                                                        f"compares or joins (?x {operator} ?y)."))
    for opening, where in opened:  # counted where the text ends: any other mistake the parser met comes first
        found.append(Mistake(where, f"The '{opening}' at {_place(text, where)} is never closed: a "
                                    f"'{_PAIRS[opening]}' is missing.", unclosed=True))
    return found


def _bare_condition(tokens: list[re.Match[str]], at: int) -> bool:
    """Whether the condition beginning at ``tokens[at]`` (after ``HAVING``) is an expression without its brackets:
    a bare term (``HAVING ?n > 1``), or a call compared with something (``HAVING COUNT(?s) > 1``). A call alone is
    a condition of its own (``HAVING isIRI(?r)``, SPARQL 1.1 §19.8 ``Constraint``)."""
    if at >= len(tokens):
        return False
    first = tokens[at].group()
    if first[0] in "?$\"'0123456789" or first in ("true", "false"):
        return True
    if at + 1 >= len(tokens) or tokens[at + 1].group() != "(":
        return False
    depth = 0
    for close in range(at + 1, len(tokens)):
        depth += {"(": 1, ")": -1}.get(tokens[close].group(), 0)
        if depth == 0:
            return close + 1 < len(tokens) and tokens[close + 1].group() in _OPERATOR_CHARACTERS
    return False


def _offset(text: str, line: int, column: int) -> int:
    """The offset into ``text`` of a place given as line and column (from 1)."""
    return sum(len(x) + 1 for x in text.split("\n")[:line - 1]) + column - 1


def first_mistake(text: str, line: int, column: int) -> Mistake | None:
    """The earliest mistake the tokens show at or before the parser's place (``line``:``column``, from 1), where
    there is one; a mistake after it would be a guess, the parser having read everything before its place."""
    stopped = _offset(text, line, column)

    def rank(mistake: Mistake) -> int:
        return len(text) if mistake.unclosed else mistake.at

    before = [m for m in _mistakes(text) if rank(m) <= stopped]
    return min(before, key=rank) if before else None


def _shown(text: str, line: int, column: int) -> str:
    """The line and a caret under the place; above it the line before that holds something, where the place is
    at the start of its line (what is missing is at the end of the line before)."""
    lines = text.split("\n")
    shown = lines[line - 1] if 0 < line <= len(lines) else ""
    start = max(0, column - 60)  # a long line: the 60 characters before the place and 20 or more after
    excerpt = shown[start:start + 80]
    under = "".join(c if c == "\t" else " " for c in shown[start:column - 1])  # a tab stays a tab, for the caret
    above = ""
    if not shown[:column - 1].strip():
        earlier = next((x for x in reversed(lines[:line - 1]) if x.strip()), None)
        if earlier is not None:
            above = f"    {earlier[-80:]}\n"
    return f"at {line}:{column} (line {line}, column {column}):\n{above}    {excerpt}\n    {under}^\n"


def pointed(text: str, offset: int, says: str) -> str:
    """``says`` of the place ``offset`` of ``text``: its line and column, the line with a caret under it, as a
    syntax error is said (:func:`where_it_fails`)."""
    line, column = (int(x) for x in _place(text, offset).split(":"))
    return _shown(text, line, column) + says


def where_it_fails(text: str, error: str) -> str:
    """Oxigraph's syntax error said for a reader: the line and column of the mistake, the line itself with a caret
    under it, and what is wrong (:func:`first_mistake`); where the tokens show no mistake, the parser's place and
    what it could have read there where that is punctuation (a ``}`` left out). A message it does not shape so
    is kept as it is."""
    found = _PARSE_ERROR.fullmatch(error.strip())
    if found is None:
        return error
    line, column, expected = int(found.group(1)), int(found.group(2)), found.group(3)
    if (check := check_in(expected)) is not None:  # checked once the whole (sub)query is read: said at the variable
        if (place := offending_token(text, check, _offset(text, line, column))) is not None:
            at_line, at_column = (int(x) for x in _place(text, place[0]).split(":"))
            return _shown(text, at_line, at_column) + place[1] + f" (The parser stopped at {line}:{column}.)"
        sentence, _ = SAYS[check]
        return _shown(text, line, column) + (SAYS["unbound"][1].split(". ", 1)[1] if check == "unbound"
                                             else sentence + ".")
    items = [t.strip() for t in expected.split(", ") if t.strip() and t.strip() not in _NOT_SPARQL_11]
    said = [t for t in items if " " in t and not t.startswith(('"', "["))]  # a check's own sentence, not a token
    punctuation = bool(items) and all(t.startswith('"') for t in items)  # what closes or goes on ("}" left out)
    could = f"it could have read {', '.join(items)}." if punctuation else ""
    if (mistake := first_mistake(text, line, column)) is not None:
        if mistake.unclosed:  # found where the text ends, which is where the parser stopped
            return _shown(text, line, column) + mistake.says + (f" The parser stopped here; {could}" if could else "")
        where = _place(text, mistake.at)
        at_line, at_column = (int(x) for x in where.split(":"))
        stopped = "" if (at_line, at_column) == (line, column) else f" (The parser stopped at {line}:{column}.)"
        return _shown(text, at_line, at_column) + mistake.says + stopped
    if not said and (place := in_subquery_before(text, _offset(text, line, column))) is not None:
        at_line, at_column = (int(x) for x in _place(text, place[0]).split(":"))
        return _shown(text, at_line, at_column) + place[1] + f" (The parser stopped at {line}:{column}.)"
    if said:  # after a mistake the tokens show: "IRI parsing failed" came of "|| < 5)", which is no IRI
        return _shown(text, line, column) + " ".join(s if s.endswith(".") else s + "." for s in said)
    if punctuation:
        return _shown(text, line, column) + f"The parser stopped here; {could}"
    # a list of keywords is a few of the parser's alternatives at the furthest place it tried, often misleading
    # ("expected OPTIONAL" for a triple without its object), so it is not repeated
    return _shown(text, line, column) + "The parser stopped here; the mistake is here or just before (a missing " \
                                        "term, dot or bracket, a misspelt keyword or function)."
