"""pyshacl with two of its costs taken out while it validates for us (:func:`tuned`), the report unchanged.

pyshacl evaluates a nested shape (``sh:node``, ``sh:not``, ``sh:or``, ``sh:xone``, a property shape's own
property shapes) once for every value node it reaches, and two things it does on each of those calls cost more
than the check itself on our shapes:

* It finds the shape's constraint components by testing each predicate of the shape against a **list** of every
  constraint parameter (``p in ALL_CONSTRAINT_PARAMETERS``, about 40 rdflib terms compared in Python one by one):
  11.7 million ``URIRef.__eq__`` calls in a validation of the repository's data. pyshacl keeps that list on its
  ``pyshacl.shape`` module (``CONSTRAINT_PARAMS``) once it has made it; here it is the same list, answering ``in``
  from a set.
* For every result it makes, it writes a human description (``make_v_result_description``: each node written
  out with the shapes' prefixes) for the text report. A nested shape's results are mostly thrown away (a value
  that is *not* an activity fails ``brsh:ActivityClass`` under ``sh:not``; the first of two ``sh:or`` alternatives
  fails for half the values): 18,185 of them in the repository's validation, none of which reach the report.
  We read the report graph only (:func:`byregion.validate.validate`), never pyshacl's text, so while
  :func:`tuned` holds, the descriptions are empty.

Neither changes a triple of the report graph (``tests/test_validate_engine.py`` compares the reports of shapes
that use every nested constraint, with and without). The repository's validation took 13.6 s against 16.7 s (the
mean of 8 runs each, alternated, one process; 2026-12-08). Both are put back when :func:`tuned` ends, so pyshacl
called in any other way works and writes its text report as usual.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pyshacl.shape
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.constraint_component import ConstraintComponent


class _Parameters(list[Any]):
    """pyshacl's list of constraint parameters, in the same order, that answers ``in`` by hashing (an rdflib
    term's hash agrees with its ``==``)."""

    def __init__(self, items: Iterable[Any]) -> None:
        super().__init__(items)
        self._members = frozenset(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members


def _no_description(self: ConstraintComponent, *args: Any, **kwargs: Any) -> str:
    return ""


@contextmanager
def tuned() -> Iterator[None]:
    """While it holds, pyshacl finds constraint components by hashing and writes no text descriptions of
    results (the module's docstring says why both leave the report graph as it was); both are put back after."""
    shape_module: Any = pyshacl.shape
    missing = object()
    parameters = getattr(shape_module, "CONSTRAINT_PARAMS", missing)
    describe = ConstraintComponent.__dict__["make_v_result_description"]
    shape_module.CONSTRAINT_PARAMS = (_Parameters(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
    ConstraintComponent.make_v_result_description = _no_description  # type: ignore[method-assign]
    try:
        yield
    finally:
        ConstraintComponent.make_v_result_description = describe  # type: ignore[method-assign]
        if parameters is missing:
            del shape_module.CONSTRAINT_PARAMS
        else:
            shape_module.CONSTRAINT_PARAMS = parameters
