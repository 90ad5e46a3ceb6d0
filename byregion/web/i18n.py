"""The interface language of a Flask request, and the template globals for pages made per request.

The words themselves, and the pure choice of a language, are in :mod:`byregion.i18n`.
"""

from __future__ import annotations

from typing import Any

from flask import Request, request

from byregion.i18n import LANGUAGES, choose, cookie_language, t


def request_language(req: Request | None = None) -> str:
    req = req or request
    return choose(req.args.get("lang"), cookie_language(req.headers.get("Cookie")), req.headers.get("Accept-Language"))


def template_context() -> dict[str, Any]:
    """Variables every page (also other blueprints' pages extending base.html) can use."""
    lang = request_language()

    def url_with_lang(code: str) -> str:
        """This page's URL in language ``code``: every parameter kept, a repeated one (search's ``kind``) too."""
        args = request.args.to_dict(flat=False)
        args["lang"] = [code]
        from urllib.parse import urlencode

        return request.path + "?" + urlencode(args, doseq=True)

    return {"lang": lang, "t": lambda key: t(key, lang), "url_with_lang": url_with_lang,
            "languages": LANGUAGES}
