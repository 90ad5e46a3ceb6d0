"""Every xsd:decimal the project mints is written canonically, so that a dump and a document say the same
triple (byregion/literals.py)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib.namespace import XSD

from byregion.literals import decimal

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("value", "written"), [
    ("519.50", "519.5"), ("5150", "5150.0"), (Decimal("5150.0"), "5150.0"), ("0.00", "0.0"), ("-0.0", "0.0"),
    ("45.10", "45.1"), ("1E+3", "1000.0"), ("0.000123", "0.000123"), ("-12.50", "-12.5"), (7, "7.0"),
])
def test_a_decimal_is_written_canonically_with_its_point(value: Decimal | str | int, written: str) -> None:
    literal = decimal(value)
    assert str(literal) == written and literal.datatype == XSD.decimal


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity"])
def test_what_is_no_decimal_is_refused(value: str) -> None:
    with pytest.raises(ValueError, match="no xsd:decimal"):
        decimal(value)
