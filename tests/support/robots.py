"""Reading robots.txt as a crawler does (RFC 9309), for the tests of what the server tells crawlers."""

from __future__ import annotations

import re


def allowed(robots: str, url: str) -> bool:
    """Whether ``url`` (a path with its query) may be crawled by the rules of ``robots``' one group, that of
    ``User-agent: *`` (RFC 9309 §2.2.2): the longest matching rule wins, an ``Allow`` on a tie; ``*`` is any
    characters and a final ``$`` the end of the URL."""
    best: tuple[int, bool] | None = None
    for line in robots.splitlines():
        key, _, pattern = line.partition(":")
        rule, pattern = key.strip().lower(), pattern.strip()
        if rule not in ("allow", "disallow") or not pattern:
            continue
        anchored = pattern.endswith("$")
        regex = "".join(".*" if c == "*" else re.escape(c) for c in pattern.removesuffix("$"))
        if re.match(regex + ("$" if anchored else ""), url):
            rank = (len(pattern), rule == "allow")
            best = rank if best is None or rank > best else best
    return best is None or best[1]
