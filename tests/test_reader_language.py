"""The language of a page: ``?lang=``, then the ``lang`` cookie, then ``Accept-Language`` with its q-values
(RFC 9110 §12.5.4), then Norwegian Bokmål."""

from __future__ import annotations

import pytest

from byregion.i18n import choose, language_name

pytestmark = pytest.mark.fast  # pure functions


@pytest.mark.parametrize(("accept_language", "expected"), [
    (None, "nb"), ("", "nb"), ("en", "en"), ("en-GB,en;q=0.9", "en"), ("nn-NO", "nb"), ("no", "nb"),
    ("de, en;q=0.5", "en"), ("fr;q=0.9, en;q=0", "nb"),
    ("en;q=0", "nb"),  # q=0 is "not acceptable" (RFC 9110 §12.4.2): not the first choice, not a choice at all
    ("en;q=0, nb;q=0.1", "nb"), ("nb;q=0, en;q=0.2", "en"), ("EN;q=0.0", "nb"), ("en;q=0.001", "en"),
])
def test_accept_language_with_its_q_values(accept_language: str | None, expected: str) -> None:
    assert choose(None, None, accept_language) == expected



@pytest.mark.parametrize(("accept_language", "expected"), [
    ("*", "nb"), ("*;q=0", "nb"),  # every language, or none: the default
    ("*, nb;q=0", "en"), ("*, no;q=0", "en"), ("*, en;q=0", "nb"),  # "*" is every language the header does not name
    ("en;q=0.5, *", "nb"), ("nb;q=0.5, *", "en"),  # ... at its own q, which can beat a named one
    ("*;q=0.5, en", "en"), ("en-US,en;q=0.9,*;q=0.5", "en"), ("nb, *", "nb"),  # a named language wins a tie
    ("*;q=0, en", "en"), ("en;q=0, *", "nb"), ("en;q=0, nb;q=0, *", "nb"),  # nothing acceptable: the default
])
def test_the_wildcard_gives_its_q_to_the_languages_not_named(accept_language: str, expected: str) -> None:
    """RFC 9110 §12.5.4 and RFC 4647 §2.1: ``*`` matches any language not matched by another range in the header."""
    assert choose(None, None, accept_language) == expected

def test_the_parameter_beats_the_cookie_beats_the_header() -> None:
    assert choose("en", "nb", "nb") == "en"
    assert choose(None, "en", "nb") == "en"
    assert choose("xx", "yy", "en") == "en"  # an unknown parameter or cookie is passed over


@pytest.mark.parametrize(("tag", "page", "expected"), [
    ("nb", "nb", "norsk"), ("nb", "en", "Norwegian"), ("en", "nb", "engelsk"), ("EN", "en", "English"),
    ("en-GB", "en", "English"), ("se", "nb", "nordsamisk"), ("sma", "en", "Southern Sámi"),
    ("en", "de", "engelsk"),  # a page language there is no name in: the default's
    ("nn", "nb", "nn"), ("x-private", "en", "x-private"),  # a language the table does not name: its tag
])
def test_a_texts_language_is_named_in_the_pages_language(tag: str, page: str, expected: str) -> None:
    """What a screen reader says for the ``@nb`` after a text in a page's table of properties."""
    assert language_name(tag, page) == expected
