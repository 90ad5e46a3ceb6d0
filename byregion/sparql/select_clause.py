"""Where in a SELECT clause the parser's own checks of it fail.

Oxigraph checks what a SELECT may select only once it has read the whole query (or subquery): "Duplicated
variable name in SELECT", "The SELECT overrides an existing variable using an expression", "SELECT * is not
authorized with GROUP BY", "The SELECT contains a variable that is unbound", "The SELECT contains an expression
with a variable that is unbound". It reports them at the end of the query, far from the variable they are about.
This reads the SELECT clauses from the query's tokens and finds the variable (or the ``*``) each check is about, so
the caret can stand under it; where none is found, the parser's place stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from byregion.sparql.lexer import significant

_AGGREGATES = frozenset({"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"})
#: What ends a GROUP BY clause: the next solution modifier, a subquery's or VALUES' end.
_AFTER_GROUP = frozenset({"HAVING", "ORDER", "LIMIT", "OFFSET", "VALUES"})


@dataclass
class _Select:
    """One SELECT clause as its tokens show it."""

    plain: list[re.Match[str]] = field(default_factory=list)  # variables selected as they are
    named: list[re.Match[str]] = field(default_factory=list)  # the ?v of each (… AS ?v), in order
    projected: list[re.Match[str]] = field(default_factory=list)  # both, in the order they are written
    star: re.Match[str] | None = None
    aggregates: bool = False
    in_expressions: list[re.Match[str]] = field(default_factory=list)  # variables of (… AS ?v), no aggregate's
    grouped: set[str] = field(default_factory=set)  # variables GROUP BY names or binds, or its expressions use
    grouped_exactly: set[str] = field(default_factory=set)  # variables GROUP BY names or binds: ?x, (… AS ?x)
    group_by: bool = False
    body: set[str] = field(default_factory=set)  # variables of its WHERE group
    nested: bool = False  # a subquery in its group: which of the group's variables are in scope is not read here
    end: int = 0  # the offset after the last token of this query or subquery


def _name(token: re.Match[str]) -> str:
    return token.group()[1:].rstrip(".")  # ?x and $x are one variable; "?x." ends a triple (the lexer keeps the dot)


#: Words before a part of a group whose variables are not in the group's scope: a filter's, an EXISTS's, a MINUS's.
_OUT_OF_SCOPE = frozenset({"FILTER", "EXISTS", "MINUS"})


def _after_bracket(tokens: list[re.Match[str]], i: int) -> int:
    """The index after the bracketed part that starts at ``tokens[i]`` (``(`` or ``{``), or ``i`` where none does."""
    if i >= len(tokens) or tokens[i].group() not in ("(", "{"):
        return i
    depth = 0
    while i < len(tokens):
        value = tokens[i].group()
        depth += value in ("(", "{")
        depth -= value in (")", "}")
        i += 1
        if depth == 0:
            break
    return i


def _is_variable(token: re.Match[str]) -> bool:
    return token.lastgroup == "name" and token.group()[0] in "?$" and len(token.group()) > 1


def _read(tokens: list[re.Match[str]], at: int) -> _Select:
    """The SELECT clause whose keyword is ``tokens[at]``, with its WHERE group and GROUP BY."""
    select = _Select()
    n, i, depth = len(tokens), at + 1, 0
    while i < n and tokens[i].group().upper() in ("DISTINCT", "REDUCED"):
        i += 1
    aggregate_at: int | None = None  # the depth outside the aggregate being read: its variables are aggregated
    while i < n:  # the projection: to WHERE, FROM or the group's {
        token, value = tokens[i], tokens[i].group()
        if depth == 0 and (value == "{" or value.upper() in ("WHERE", "FROM")):
            break
        if value.upper() == "EXISTS" and i + 1 < n and tokens[i + 1].group() == "{":
            i = _after_bracket(tokens, i + 1)  # a pattern's variables, not the expression's
            continue
        if value == "(":
            depth += 1
        elif value == ")":
            depth -= 1
            aggregate_at = None if depth == aggregate_at else aggregate_at
        elif value == "*" and depth == 0:
            select.star = token
        elif _is_variable(token):
            if depth == 0:
                select.plain.append(token)
                select.projected.append(token)
            elif tokens[i - 1].group().upper() == "AS":
                select.named.append(token)
                select.projected.append(token)
            elif aggregate_at is None:
                select.in_expressions.append(token)
        elif value.upper() in _AGGREGATES and i + 1 < n and tokens[i + 1].group() == "(":
            select.aggregates = True
            aggregate_at = depth if aggregate_at is None else aggregate_at
        i += 1
    while i < n and tokens[i].group() != "{":  # WHERE, FROM <…>
        i += 1
    depth = 0
    while i < n:  # the group, to its closing }
        value = tokens[i].group()
        if depth > 0 and value.upper() in _OUT_OF_SCOPE:  # FILTER(…), FILTER NOT EXISTS {…}, MINUS {…}, regex(…)
            i += 1
            while i < n and tokens[i].lastgroup == "name" and tokens[i].group()[0] not in "?$":
                i += 1  # NOT, EXISTS, a function's name
            i = _after_bracket(tokens, i)
            continue
        depth += value == "{"
        depth -= value == "}"
        if _is_variable(tokens[i]):
            select.body.add(_name(tokens[i]))
        select.nested = select.nested or value.upper() == "SELECT"
        i += 1
        if depth == 0:
            break
    select.end = tokens[i - 1].end() if i else 0
    if i + 1 < n and tokens[i].group().upper() == "GROUP" and tokens[i + 1].group().upper() == "BY":
        select.group_by, i, depth = True, i + 2, 0
        while i < n:
            value = tokens[i].group()
            if depth == 0 and (value.upper() in _AFTER_GROUP or value == "}"):
                break
            depth += value == "("
            depth -= value == ")"
            if _is_variable(tokens[i]):
                select.grouped.add(_name(tokens[i]))
                if depth == 0 or tokens[i - 1].group().upper() == "AS" or _bracketed_alone(tokens, i):
                    select.grouped_exactly.add(_name(tokens[i]))
            i += 1
        select.end = tokens[i - 1].end()
    return select


def _bracketed_alone(tokens: list[re.Match[str]], i: int) -> bool:
    """Whether the variable ``tokens[i]`` of a GROUP BY is a condition of its own in brackets, ``GROUP BY (?t)``
    (which groups by ``?t``), not a function's argument, ``LANG(?t)``."""
    if not (i >= 2 and i + 1 < len(tokens) and tokens[i - 1].group() == "(" and tokens[i + 1].group() == ")"):
        return False
    before = tokens[i - 2]
    return before.group().upper() == "BY" or before.group() == ")" or _is_variable(before)


def _offending(select: _Select, check: str) -> re.Match[str] | None:
    """The token of ``select`` that ``check`` (one of :data:`SAYS`) is about, where it is one."""
    if check == "duplicated":
        seen: set[str] = set()
        for token in select.projected:  # ?x twice, or (… AS ?n) twice
            if _name(token) in seen:
                return token
            seen.add(_name(token))
    elif check == "overrides" and not select.nested:
        earlier = set(select.grouped if select.group_by or select.aggregates else select.body)  # after GROUP BY, its
        for token in select.projected:                                                        # own
            if token in select.named and _name(token) in earlier:
                return token
            earlier.add(_name(token))
    elif check == "star" and select.group_by:
        return select.star
    elif check == "unbound" and (select.group_by or select.aggregates):
        return next((t for t in select.plain if _name(t) not in select.grouped_exactly), None)
    elif check == "unbound_in_expression" and (select.group_by or select.aggregates):
        return next((t for t in select.in_expressions if _name(t) not in select.grouped_exactly), None)
    return None


#: Oxigraph's sentence for each check, and what is said instead with the variable (``{v}``) it is about.
SAYS = {
    "duplicated": ("Duplicated variable name in SELECT",
                   "{v} is selected twice: select each variable once."),
    "overrides": ("The SELECT overrides an existing variable using an expression",
                  "{v} is already a variable of this query, so (… AS {v}) may not bind it: give the expression's "
                  "value a new name."),
    "star": ("SELECT * is not authorized with GROUP BY",
             "SELECT * cannot be used with GROUP BY: select the grouped variables and aggregates by name "
             "(SELECT ?x (COUNT(*) AS ?n))."),
    "unbound": ("The SELECT contains a variable that is unbound",
                "{v} is neither grouped nor aggregated. A query with an aggregate (COUNT, SUM, …) or GROUP BY may "
                "select only the variables it groups by and aggregates: add the other variables to GROUP BY, or "
                "aggregate them (SAMPLE(?x))."),
    "unbound_in_expression": (
        "The SELECT contains an expression with a variable that is unbound",
        "{v} is neither grouped nor aggregated, and an expression of the SELECT uses it. A query with an aggregate "
        "(COUNT, SUM, …) or GROUP BY may use only the variables it groups by and aggregates (grouping by an "
        "expression of {v} does not group by {v}): group by {v}, or group by the expression under a name and select "
        "that name (GROUP BY (LANG({v}) AS ?value) with SELECT ?value), or aggregate it (SAMPLE({v}))."),
}


def check_in(expected: str) -> str | None:
    """Which of the SELECT checks Oxigraph's "expected …" text names, if any."""
    return next((check for check, (sentence, _) in SAYS.items() if sentence in expected), None)


def offending_token(text: str, check: str, stopped: int) -> tuple[int, str] | None:
    """The offset of the variable (or ``*``) that ``check`` is about and what to say of it: of the SELECT clauses
    where the check finds one, the one whose query ends nearest the parser's place ``stopped`` (where the parser
    checked it). None where the tokens show none (the check is then said at the parser's place)."""
    tokens = list(significant(text))
    found: list[tuple[int, re.Match[str]]] = []
    for at, token in enumerate(tokens):
        if token.lastgroup == "name" and token.group().upper() == "SELECT":
            select = _read(tokens, at)
            if (offending := _offending(select, check)) is not None:
                found.append((abs(stopped - select.end), offending))
    if not found:
        return None
    _, token = min(found, key=lambda pair: pair[0])
    return token.start(), SAYS[check][1].format(v=token.group())


def in_subquery_before(text: str, stopped: int) -> tuple[int, str] | None:
    """A SELECT check that fails in a subquery before the parser's place (``{ SELECT ?y ?y … } ?x``): the parser
    then names none of its sentences, only what could have followed the subquery, somewhere after it (its lists
    there vary: "HAVING, OFFSET, …", "GROUP_CONCAT"). The first such variable is said; None where no subquery
    before the place has one. Each check is one only where it is certain (a variable a FILTER, EXISTS or MINUS
    alone reads is out of scope; a group with a subquery of its own is not read for what is in scope), so that a
    good subquery is never blamed for a mistake after it."""
    tokens = list(significant(text))
    for at, token in enumerate(tokens):
        if token.lastgroup == "name" and token.group().upper() == "SELECT" and at > 0 \
                and tokens[at - 1].group() == "{":
            select = _read(tokens, at)
            if select.end > stopped:
                continue
            found = [(t.start(), SAYS[check][1].format(v=t.group())) for check in SAYS
                     if (t := _offending(select, check)) is not None]
            if found:
                return min(found)
    return None
