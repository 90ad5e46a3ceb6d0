"""Chromium (Debian's package) driven by Playwright, for the browser tests: one page per module, axe-core,
and a watch on Content-Security-Policy violations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import axe_playwright_python
import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
AXE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
#: An init script that keeps every CSP violation of the page in ``window.__violations``.
WATCH_CSP = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));"""


@contextmanager
def chromium_page(**context: Any) -> Iterator[Page]:
    """A page of a fresh Chromium (Norwegian locale unless ``context`` says otherwise), closed afterwards."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser.new_context(**{"locale": "nb-NO", **context}).new_page()
        finally:
            browser.close()


def axe_serious(page: Page, selector: str | None = None) -> list[str]:
    """axe-core's serious and critical findings on the page, or within ``selector``."""
    page.evaluate(AXE)
    target = f"document.querySelector({selector!r})" if selector else "document"
    result = page.evaluate(f"async () => await axe.run({target})")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def rgb(css: str) -> tuple[int, int, int]:
    """A computed CSS colour (``rgb(179, 92, 0)``, ``rgba(…)``) as red, green, blue."""
    found = re.match(r"rgba?\((\d+),\s*(\d+),\s*(\d+)", css)
    assert found, f"not a computed colour: {css}"
    red, green, blue = (int(part) for part in found.groups())
    return red, green, blue


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    def luminance(colour: tuple[int, int, int]) -> float:
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in colour)]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
