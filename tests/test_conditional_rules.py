"""The rules of ``Vary`` as pure functions (``byregion/serve/rules.py``, the one place that decides them). The same
rules over real HTTP: tests/test_files_http.py."""

from __future__ import annotations

import pytest

from byregion.serve import rules

pytestmark = pytest.mark.fast


@pytest.mark.parametrize(("html", "vary"), [(True, (("Vary", "Accept-Language, Cookie"),)), (False, ())])
def test_a_document_of_one_form_varies_by_the_language_of_a_page_alone(html: bool, vary: tuple[object, ...]) -> None:
    assert rules.single_vary(html) == vary
