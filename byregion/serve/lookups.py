"""Answering a look-up: ``/id/{scheme}/{code}[?date=YYYY-MM-DD]``. Pure: request and the build's code history in,
answer out (README "URL layout"; docs/server.md "Look-ups").

* one unit held the code (on the date, when one is given): ``303 See Other`` to the unit's IRI;
* several did (undated, or on the date in data that disagree with themselves): ``300 Multiple Choices`` with the
  choices the build rendered (HTML, RDF; negotiated like any document), ``Link: <…>; rel="item"`` for each unit and,
  when one of them still holds it, that one as ``Location`` (RFC 9110 §15.4.1: the server's preferred choice);
* none did on the date: ``404`` saying who held it when, and where that unit is; a code no unit ever held:
  ``404``; a malformed code or date: ``400`` saying what it should look like. These explanations are plain text in
  the reader's language (``?lang=``, the cookie, ``Accept-Language``, as for pages).

The history comes with the build (``identifiers.json``, :mod:`byregion.identifiers.build`); the choices are
documents of the build (``!choices/{scheme}/{code}``, :mod:`byregion.identifiers.documents`).
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlsplit

from byregion import conneg, i18n
from byregion.docstore import DocumentStore
from byregion.identifiers import CodeHistory, Holding, MalformedIdentifier, parse_code, parse_date
from byregion.identifiers.history import SCHEMES
from byregion.identifiers.paths import choices_path
from byregion.mediatypes import DOCUMENT_TYPES, HTML, by_extension
from byregion.serve import rules
from byregion.serve.rules import Answer, Request

#: The look-up routes, in Flask's rule syntax, with what each answers (README "URL layout", /openapi.json).
ROUTES: dict[str, str] = {
    "/id/kommunenummer/<code>": "The municipality that holds or held a kommunenummer (?date=YYYY-MM-DD: on that "
                                "date): 303 to it, 300 when several did, 404 when none did, 400 when malformed.",
    "/id/fylkesnummer/<code>": "The county that holds or held a fylkesnummer (?date=YYYY-MM-DD: on that date).",
    "/id/orgnr/<number>": "The municipality or county with an organisation number (?date=YYYY-MM-DD: on that date).",
    "/id/wikidata/<qid>": "The municipality or county a Wikidata item stands for (?date=YYYY-MM-DD: on that date).",
}
#: The query parameter of a dated look-up.
DATE = "date"
_PATH = re.compile(r"^/id/(" + "|".join(SCHEMES) + r")/([^/]*)$")
_LANGUAGE_VARY = "Accept-Language, Cookie"


def is_lookup(path: str) -> bool:
    return _PATH.match(path) is not None


def _path_of(iri: str) -> str:
    """Our IRIs as host-relative paths (as every redirect of ours), so a look-up works on any host."""
    return urlsplit(iri).path


def _text(request: Request, status: int, lines: list[str], lang: str, extra: list[tuple[str, str]]) -> Answer:
    headers = [("Content-Type", "text/plain; charset=utf-8"), ("Content-Language", lang),
               ("Vary", _LANGUAGE_VARY), *extra]
    return rules.finish(request, status, headers, ("\n".join(lines) + "\n").encode("utf-8"), etag=None,
                        modified=None)


def _span(holding: Holding, lang: str) -> str:
    start = holding.valid_from.isoformat() if holding.valid_from else i18n.t("lookup_start_unknown", lang)
    if holding.valid_through is None:
        return i18n.t("lookup_span_open", lang).format(start=start)
    return i18n.t("lookup_span", lang).format(start=start, end=holding.valid_through.isoformat())


def _items(history: CodeHistory, holders: tuple[str, ...]) -> list[tuple[str, str]]:
    return [("Link", ", ".join(f'<{_path_of(h)}>; rel="item"; title="{_quoted(history.name(h))}"'
                               for h in holders))] if holders else []


def _quoted(text: str) -> str:
    """``text`` fit for a quoted string of a header (RFC 9110 §5.6.4): no quotes, no control characters, ASCII."""
    return re.sub(r'["\\\x00-\x1f\x7f]', "", text).encode("ascii", "backslashreplace").decode("ascii")


def answer(history: CodeHistory, documents: DocumentStore, request: Request, lang: str) -> Answer | None:
    """The answer to a look-up, or None when ``request`` is not one (``documents``: the build's, for the
    choices)."""
    match = _PATH.match(request.path)
    if match is None:
        return None
    scheme, text = match.groups()
    scheme_name = i18n.t(f"scheme_{scheme}", lang)
    try:
        code = parse_code(scheme, text)
        day = parse_date(request.query[DATE]) if DATE in request.query else None
    except MalformedIdentifier as malformed:
        message = malformed.nb if lang == "nb" else str(malformed)
        return _text(request, 400, [i18n.t("lookup_malformed", lang).format(message=message)], lang, [])
    if day is None:
        holders = history.holder_iris(scheme, code)
    else:
        holders = tuple(dict.fromkeys(h.holder for h in history.held_on(scheme, code, day)))
    if len(holders) == 1:
        return rules.redirect(303, _path_of(holders[0]))
    if len(holders) > 1:
        return _choices(history, documents, request, scheme, code, holders, lang)
    if day is None or not history.holders(scheme, code):
        lines = [i18n.t("lookup_unknown", lang).format(scheme=scheme_name, code=code)]
        return _text(request, 404, lines, lang, [])
    return _not_then(history, request, scheme, code, day, lang)


def _not_then(history: CodeHistory, request: Request, scheme: str, code: str, day: dt.date, lang: str) -> Answer:
    """404 for a code no unit held on ``day``: who held it when, and what each of them held on ``day``."""
    scheme_name = i18n.t(f"scheme_{scheme}", lang)
    lines = [i18n.t("lookup_none_on", lang).format(scheme=scheme_name, code=code, date=day.isoformat())]
    for holding in history.holders(scheme, code):
        lines.append(i18n.t("lookup_held", lang).format(name=history.name(holding.holder),
                                                         span=_span(holding, lang), iri=holding.holder))
    for holder in history.holder_iris(scheme, code):
        then = history.code_of(holder, scheme, day)
        if then is not None:
            lines.append(i18n.t("lookup_then", lang).format(
                name=history.name(holder), scheme=scheme_name, code=then.code, date=day.isoformat(),
                path=f"/id/{scheme}/{then.code}"))
    return _text(request, 404, lines, lang, _items(history, history.holder_iris(scheme, code)))


def _choices(history: CodeHistory, documents: DocumentStore, request: Request, scheme: str, code: str,
             holders: tuple[str, ...], lang: str) -> Answer:
    path = choices_path(scheme, code)
    formats = documents.variants(path) or ()
    offered = tuple(m for m in (by_extension(ext, DOCUMENT_TYPES) for ext in formats) if m is not None)
    choice = conneg.choose(request.header("Accept"), offered, parameter=request.query.get("_mediatype"))
    media_type = choice.media_type or HTML
    stored = documents.get(path, f"html.{lang}" if media_type is HTML else media_type.extension)
    still = [h for h in holders if any(x.valid_through is None for x in history.holders(scheme, code)
                                       if x.holder == h)]
    headers = [("Vary", "Accept, Accept-Language, Cookie"), *_items(history, holders)]
    if len(still) == 1:
        headers.append(("Location", _path_of(still[0])))
    if stored is None:  # a build whose choices do not cover this case (several holders on one day): a list
        lines = [f"{history.name(h)}: {h}" for h in holders]
        return _text(request, 300, lines, lang, headers[1:])
    return rules.finish(request, 300, [("Content-Type", stored.media_type), *headers], stored.identity,
                        etag=stored.etag, modified=None, gzip_body=stored.gzip)
