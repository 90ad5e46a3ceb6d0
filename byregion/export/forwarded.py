"""What the export's nginx tells `byregion serve` (``--app``) of each request it passes on, and where an operator's
own nginx directives go.

The app believes the ``X-Forwarded-*`` headers of as many proxies as ``BYREGION_PROXY_HOPS`` says (werkzeug's
ProxyFix). nginx passes a request's headers on as they came, so a client's own ``X-Forwarded-Host: attacker.test``
reached the app through the export and was written into cacheable answers (search results, the reconciliation
manifest, a 303). So nginx writes each of them itself, whatever the client sent: ``X-Forwarded-Proto`` and
``-Host`` say the export's public origin (``--origin``, the scheme and host behind a TLS proxy or a CDN), else
the scheme and ``Host`` nginx was asked with; ``X-Forwarded-Port`` is removed (the host names any port);
``X-Forwarded-For`` is the client's chain with the address nginx saw added, as nginx's own proxies write it.
With ``BYREGION_PROXY_HOPS=1`` the app then believes nginx, and only nginx (docs/server.md, "Behind a proxy").
"""

from __future__ import annotations

from urllib.parse import urlsplit

#: Folders beside nginx.conf whose ``*.conf`` files the configuration includes, in its ``http`` block and in its
#: ``server`` block: an operator's own directives (TLS, ``set_real_ip_from``, a log format, a header), which a new
#: export keeps where they are.
HTTP_HOOKS = "http.d"
SERVER_HOOKS = "server.d"
HOOKS = (HTTP_HOOKS, SERVER_HOOKS)


def origin_parts(origin: str | None) -> tuple[str, str] | None:
    """``("https", "data.byregion.no")`` of an origin (``https://data.byregion.no``), None without one."""
    if not origin:
        return None
    parts = urlsplit(origin)
    return parts.scheme, parts.netloc


def proxy_headers(origin: str | None, indent: str) -> str:
    """The ``proxy_set_header`` lines of a ``location`` that passes requests to the app."""
    scheme, host = origin_parts(origin) or ("$scheme", "$http_host")
    lines = ("proxy_set_header Host $http_host;",
             "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
             f"proxy_set_header X-Forwarded-Proto {scheme};",
             f"proxy_set_header X-Forwarded-Host {host};",
             'proxy_set_header X-Forwarded-Port "";')
    return "".join(f"{indent}{line}\n" for line in lines)
