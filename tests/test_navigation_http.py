"""The site's menu says which of its pages is the one open (``aria-current="page"``, WCAG 2.4.8): a screen reader
hears "current page" on its link, which an accessibility review found no page saying."""

from __future__ import annotations

import pytest
import requests

from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data


def current(server: Server, path: str, lang: str) -> list[str]:
    page = requests.get(server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    menu = root.find("nav", **{"aria-label": "Hovedmeny" if lang == "nb" else "Main menu"})
    return [a.attrs["href"] for a in menu.find_all("a") if a.attrs.get("aria-current") == "page"]


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize(("path", "link"), [
    ("/", "/"), ("/doc/programme/byregionprogrammet", "/doc/programme/byregionprogrammet"), ("/sparql", "/sparql"),
    ("/catalog", "/catalog"), ("/def/byregion", "/def/byregion"), ("/doc/scheme/themes", "/doc/scheme/themes"),
    ("/doc/region/notodden", None), ("/search", None)])
def test_the_menu_marks_the_page_that_is_open(real_server: Server, path: str, link: str | None, lang: str) -> None:
    """Each of the menu's links leads to its page in the page's language (``?lang=en`` on an English page)."""
    assert current(real_server, path, lang) == ([link + ("?lang=en" if lang == "en" else "")] if link else [])
