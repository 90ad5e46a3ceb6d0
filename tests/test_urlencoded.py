"""Parameters are read strictly as UTF-8, by the SPARQL protocol and the reconciliation service alike."""

from __future__ import annotations

import pytest

from byregion.urlencoded import NotUTF8, utf8_pairs

pytestmark = pytest.mark.fast


def test_utf8_pairs_in_order_with_blank_values_and_escapes() -> None:
    assert utf8_pairs(b"q=B%C3%A6rum&q=2&empty=&plus=a+b", "the form") == [
        ("q", "Bærum"), ("q", "2"), ("empty", ""), ("plus", "a b")]


@pytest.mark.parametrize(("raw", "said"), [
    (b"q=B\xe6rum", "the form is not UTF-8: byte 4 is 0xE6"),
    (b"ok=1&q=B%E6rum", "the field 'q' of the form has a %-escape that is not UTF-8"),
    (b"%FF%FE=1", "of the form has a %-escape that is not UTF-8"),
])
def test_a_byte_or_an_escape_that_is_not_utf8_is_named_not_replaced(raw: bytes, said: str) -> None:
    with pytest.raises(NotUTF8, match=said):
        utf8_pairs(raw, "the form")
