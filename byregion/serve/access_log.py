"""Access log lines in the Combined Log Format (Apache's ``combined``, nginx's default ``combined``). Pure.

``127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /doc/region/notodden HTTP/1.1" 200 2326 "-" "curl/8.5.0"``

Every field a client chooses (the request line, ``Referer``, ``User-Agent``) is escaped as Apache escapes it:
``"`` and ``\\`` with a backslash, anything that is not printable ASCII as ``\\xHH``, so a hostile request
cannot forge a line or hide in one.
"""

from __future__ import annotations

import functools
import re
from datetime import datetime
from urllib.parse import quote

#: Characters a request target keeps as they are when it is written back from the decoded WSGI path.
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
#: Printable ASCII but ``"`` and ``\\``: what needs no escaping.
_PLAIN = re.compile(r'[ !#-\[\]-~]*')
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def escape(value: str) -> str:
    """``value`` with ``"`` and ``\\`` escaped and every byte outside printable ASCII as ``\\xHH``."""
    if _PLAIN.fullmatch(value):
        return value  # the usual case: nothing to escape
    out = []
    for byte in value.encode("utf-8", "surrogateescape"):
        char = chr(byte)
        if char in '"\\':
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def clf_time(moment: datetime) -> str:
    """``10/Oct/2000:13:55:36 -0700`` (English month names whatever the locale)."""
    return f"{moment:%d}/{_MONTHS[moment.month - 1]}/{moment:%Y:%H:%M:%S %z}"


@functools.lru_cache(maxsize=4)  # requests of the same second share the text
def clf_now(second: int) -> str:
    """:func:`clf_time` of a Unix time in whole seconds, in the local time zone."""
    return clf_time(datetime.fromtimestamp(second).astimezone())


def request_target(path: str, query: str) -> str:
    """The request target as sent, from WSGI's decoded ``PATH_INFO`` (Latin-1 text of the raw bytes) and
    ``QUERY_STRING``."""
    target = quote(path.encode("latin-1", "replace"), safe=_PATH_SAFE)
    return f"{target}?{query}" if query else target


#: The protocol as a request line writes it, where the server names it otherwise: granian gives an HTTP/1.0
#: request's ``SERVER_PROTOCOL`` as ``HTTP/1`` (every request nginx passes on).
_REQUEST_LINE_PROTOCOL = {"HTTP/1": "HTTP/1.0"}


def combined(remote: str, when: str, method: str, target: str, protocol: str, status: int,
             size: int | None, referer: str | None, agent: str | None) -> str:
    """One line of the Combined Log Format (``when`` from :func:`clf_time`); ``size`` None or 0 is written ``-``
    (no body sent)."""
    protocol = _REQUEST_LINE_PROTOCOL.get(protocol, protocol)
    request = escape(f"{method} {target} {protocol}")
    return (f'{remote or "-"} - - [{when}] "{request}" {status} {size or "-"} '
            f'"{escape(referer) if referer else "-"}" "{escape(agent) if agent else "-"}"')
