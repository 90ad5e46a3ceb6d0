"""Answering a look-up: ``/id/{scheme}/{code}[?date=YYYY-MM-DD]`` (or ``YYYY-MM``, ``YYYY``: its first day).
Pure: request and the build's code history in, answer out (README "URL layout"; docs/server.md "Look-ups").

* one unit held the code (on the date, when one is given): ``303 See Other`` to the unit's IRI, with the query
  parameters that choose the unit's representation (:data:`CARRIED`: ``?_mediatype=``, ``?_profile=``, ``?lang=``)
  passed on, so that following the redirects ends in the representation asked for;
* several did (undated, or on the date in data that disagree with themselves): ``300 Multiple Choices`` with the
  choices the build rendered (HTML, RDF; negotiated like any document, ``406`` when nothing asked for is offered),
  ``Link: <…>; rel="item"`` for each unit and, when one of them still holds it, that one as ``Location`` (RFC 9110
  §15.4.1: the server's preferred choice);
* none did on the date: ``404`` saying who held it when, and where that unit is: its code on the date, or, for a
  unit that had ended (or was part of another for a while), the codes its successors held then
  (``br:succeededBy``); a code no unit ever held:
  ``404``; a date before the records where the only candidates held the code from before them: ``404`` saying the
  records do not tell (:meth:`~byregion.identifiers.history.Holding.recorded_on`);
* a code written in another notation of the same code (``q2326``, ``NO 938 583 986 MVA``, a space around it):
  ``301 Moved Permanently`` to the canonical look-up (:func:`~byregion.identifiers.history.read_code`);
* a malformed code or date: ``400`` saying what it should look like, and the look-up it may have meant ("Did you
  mean /id/kommunenummer/0301?") where the text holds one code among other things (``K-0301``, ``807``); a code
  that is not UTF-8: ``400`` saying so;
* ``/id/{scheme}`` (and ``/id/{scheme}/``) alone: ``404`` saying what a look-up URL looks like (:func:`index_text`);
* a ``?_mediatype=`` or ``?_profile=`` no document is offered in: ``406``, as a document answers it.

The explanations are in the reader's language (``?lang=``, the cookie, ``Accept-Language``, as for pages): plain text
lines, or, for a client that prefers HTML to plain text (a browser), a page of the site with the same lines, its
units and look-ups linked (the page around them is rendered by the build: ``!lookup/{status}``,
:func:`byregion.identifiers.documents.explanations`). The 406s are plain text in English, as every 406 of the server.

The history comes with the build (``identifiers.json``, :mod:`byregion.identifiers.build`); the choices are
documents of the build (``!choices/{scheme}/{code}``, :mod:`byregion.identifiers.documents`).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlencode, urlsplit

from byregion import conneg, i18n
from byregion.docstore import DocumentStore, StoredProfile
from byregion.identifiers import CodeHistory, Holding, MalformedIdentifier, parse_date, read_code, read_day
from byregion.identifiers.history import (
    COVERED_FROM,
    EXAMPLE_DATE,
    EXAMPLES,
    FYLKESNUMMER,
    KOMMUNENUMMER,
    RECORDS_BEGIN,
    SCHEMES,
    SHAPES,
    SHOWN_CHARACTERS,
)
from byregion.identifiers.paths import (
    COUNTY_TABLE,
    LINES_MARKER,
    QUERY_MARKER,
    TABLE,
    choices_path,
    explanation_path,
)
from byregion.mediatypes import (
    DOCUMENT_TYPES,
    HTML,
    HTML_TYPE,
    PLAIN,
    PLAIN_TYPE,
    PROBLEM,
    SERVED_TYPES,
    MediaType,
    by_extension,
)
from byregion.serve import problems, rules
from byregion.serve.rules import Answer, Request

#: The look-up routes, in Flask's rule syntax, with what each answers (README "URL layout", /openapi.json).
ROUTES: dict[str, str] = {
    "/id/kommunenummer/<code>": "The municipality that holds or held a kommunenummer (?date=YYYY-MM-DD: on that "
                                "date): 303 to it, 300 when several did, 404 when none did, 400 when malformed.",
    "/id/fylkesnummer/<code>": "The county that holds or held a fylkesnummer (?date=YYYY-MM-DD: on that date).",
    "/id/orgnr/<number>": "The municipality or county with an organisation number (?date=YYYY-MM-DD: on that date).",
    "/id/wikidata/<qid>": "The municipality or county a Wikidata item stands for (?date=YYYY-MM-DD: on that date).",
}
#: SSB's kommunenummer for an unspecified municipality ("Uoppgitt" in KLASS 131; left out of the reference data),
#: which a look-up names as such.
UNSPECIFIED = "9999"
#: The query parameter of a dated look-up (it is the look-up's own: never passed on).
DATE = "date"
#: A parameter people write for a date (``?year=2024``): refused with a 400 that names ``?date=``, not dropped as
#: other parameters are, since the undated answer it would get reads as the dated one.
YEAR = "year"
#: The query parameters a look-up passes on to the unit it redirects to, as the unit's document reads them: the
#: format, the profile and the language. Each only with a value a document takes, written as this server writes it
#: (``?_mediatype=text/turtle`` goes on as ``_mediatype=ttl``): nothing of the request's own text is repeated in
#: ``Location``. A language that is not one of ours is left out, as a document ignores it; a format or profile no
#: document is offered in is a 406 here, as it would be there. Any other parameter is dropped.
MEDIATYPE, PROFILE, LANG = "_mediatype", "_profile", "lang"
CARRIED = (MEDIATYPE, PROFILE, LANG)
#: Why a look-up refuses a format or profile to pass on ({value}: the value asked for, as Python writes it).
REFUSALS = {MEDIATYPE: "_mediatype={value} is not one of the formats the documents come in",
            PROFILE: "_profile={value} is not one of the profiles of the documents"}
_PATH = re.compile(r"^/id/(" + "|".join(SCHEMES) + r")(?:/([^/]*))?$")
#: What an explanation comes as (its ``Vary`` is ``rules.PAGE_VARY``: the reader's language, plain text or HTML),
#: the first where the client takes both alike (``*/*``, no ``Accept``): curl and scripts read lines; a browser,
#: which asks for HTML first, gets a page; a client that asks for JSON, the lines (which
#: :mod:`byregion.serve.problems` turns into problem details).
EXPLAINED_TYPES = (PLAIN, HTML, PROBLEM)
#: The problem types of a look-up's refusals (RFC 9457 §3.1.1), for a client that asks for JSON: a script branches on
#: ``type`` and reads the members (:func:`_holdings`, :func:`_not_then`), not the sentence of ``detail``. ``tag:``
#: URIs (RFC 4151): names of the kinds, not pages; their titles are the problems' own (§3.1.3).
PROBLEM_TAG = "tag:data.byregion.no,2026:lookup/"
PROBLEM_TITLES = {"never-held": "No unit held this code", "not-held-then": "No unit held this code on this date",
                  "not-recorded": "The records do not say who held this code on this date",
                  "malformed": "Not a code or date of this scheme"}
#: A unit's IRI, or a path of the site with its query (a look-up, a table), in an explanation's line: linked on its
#: page (the end of a sentence left out).
_LINKED = re.compile(r"https?://[^\s]+|/(?:id|doc)/[A-Za-z0-9._~%/-]+(?:\?[A-Za-z0-9._~%=&-]+)?")
#: A path's last segment that stands for a code to write (``/id/kommunenummer/KODE``): shown, not linked.
_PLACEHOLDER = re.compile(r"/[A-ZÆØÅ]+$")
#: A day as ISO 8601 writes it, in an explanation's words (not in a link's ``?date=``).
_ISO_DAY = re.compile(r"(?<![\w=-])\d{4}-\d{2}-\d{2}(?![\w-])")
#: Where each scheme's codes are listed, one row each (the tables of :mod:`byregion.identifiers.documents`).
TABLES = {KOMMUNENUMMER: (TABLE,), FYLKESNUMMER: (COUNTY_TABLE,)}


def is_lookup(path: str) -> bool:
    """Whether ``path`` is a look-up, or a scheme's prefix alone (``/id/kommunenummer``)."""
    return _PATH.match(path) is not None


def _path_of(iri: str) -> str:
    """Our IRIs as host-relative paths (as every redirect of ours), so a look-up works on any host."""
    return urlsplit(iri).path


def _with_query(path: str, pairs: Iterable[tuple[str, str]]) -> str:
    query = urlencode(list(pairs))
    return f"{path}?{query}" if query else path


def _explained(request: Request, documents: DocumentStore, history: CodeHistory, status: int, lines: list[str],
               lang: str, extra: list[tuple[str, str]], *, dated: bool = True, here: str | None = None,
               problem: tuple[str, dict[str, object]] | None = None) -> Answer:
    """A look-up's explanation: ``lines`` as plain text, or in the build's page for ``status`` for a client that
    prefers HTML (:data:`EXPLAINED_TYPES`); ``dated``: the page's language switch keeps the request's date.
    ``problem``: the kind (:data:`PROBLEM_TITLES`) and members of the problem details a client that asks for JSON
    gets, the lines as ``detail`` (without it, :mod:`byregion.serve.problems` turns the lines alone)."""
    media_type = conneg.negotiate(request.header("Accept"), EXPLAINED_TYPES)
    page = documents.get(explanation_path(status), f"html.{lang}") if media_type is HTML else None
    if media_type is PROBLEM and problem is not None:
        kind, members = problem
        content_type = problems.PROBLEM_TYPE
        body = problems.problem(status, problems.detail_of("\n".join(lines)), type=PROBLEM_TAG + kind,
                                title=PROBLEM_TITLES[kind], **members)
    elif page is None:
        content_type, body = PLAIN_TYPE, ("\n".join(lines) + "\n").encode("utf-8")
    else:
        date = request.query.get(DATE) if dated else None
        content_type, body = HTML_TYPE, explanation_page(page.body, lines, history.names, date, here, lang)
    headers = [("Content-Type", content_type), ("Content-Language", lang), ("Vary", rules.PAGE_VARY), *extra]
    return rules.finish(request, status, headers, body, etag=None, modified=None)


def explanation_page(page: bytes, lines: list[str], units: Mapping[str, str], date: str | None = None,
                     here: str | None = None, lang: str | None = None) -> bytes:
    """The build's ``page`` with ``lines`` in it, one paragraph each; the language switch keeps the look-up's
    ``date`` (the one parameter that changes what an explanation says). A unit's IRI (one of ``units``) is linked
    by its name to its page and a path of the site to itself; an address elsewhere, which only the request's own text (a
    malformed code or date) can hold, is shown, never linked. The first line's status ("400 Ugyldig forespørsel: ",
    which a plain-text answer begins with) is left out: the page's heading says it in words. The page's own path
    (``here``) is not linked: a link to the page one is reading leads nowhere. A day in the text is written as the
    page's language (``lang``) writes it in a sentence ("per 1. juni 2024", "on 1 June 2024"), where the plain
    text and the problem details, which programs read, keep ISO 8601 (a link's ``?date=`` too)."""
    shown = [problems.detail_of(lines[0]), *lines[1:]] if lines else []
    paragraphs = "\n".join(f"<p>{_linked(line, units, here, lang)}</p>" for line in shown)
    kept = "?" + html.escape(urlencode([(DATE, date)])) + "&amp;" if date else "?"
    return (page.replace(LINES_MARKER.encode(), paragraphs.encode("utf-8"))
            .replace(QUERY_MARKER.encode(), kept.encode("utf-8")))


def _in_words(text: str, lang: str | None) -> str:
    """``text`` escaped, each ISO day in it as ``lang`` writes it in a sentence (none: as it is)."""
    def day(match: re.Match[str]) -> str:
        try:
            dt.date.fromisoformat(match.group(0))
        except ValueError:  # "2024-02-30" in a request that is refused: quoted as it was written
            return match.group(0)
        return i18n.date(match.group(0), lang) if lang else match.group(0)
    return html.escape(_ISO_DAY.sub(day, text))


def _linked(line: str, units: Mapping[str, str], here: str | None = None, lang: str | None = None) -> str:
    shown, last = [], 0
    for match in _LINKED.finditer(line):
        token = match.group(0).rstrip(".,;:?!)")
        href = (_path_of(token) if token in units else
                token if token.startswith("/") and token != here and not _PLACEHOLDER.search(token) else None)
        shown.append(_in_words(line[last:match.start()], lang))
        # a unit's link says its name, not its IRI, which a screen reader reads out letter by letter (its review)
        text = units.get(token, token)
        shown.append(f'<a href="{html.escape(href)}">{html.escape(text)}</a>' if href else html.escape(token))
        last = match.start() + len(token)
    shown.append(_in_words(line[last:], lang))
    return "".join(shown)


def _span(holding: Holding, lang: str, horizon: dt.date | None) -> str:
    start = holding.valid_from.isoformat() if holding.valid_from else i18n.t("lookup_start_unknown", lang)
    if holding.valid_through is None:  # as far as the records know: they end with the changes of ``horizon``
        return i18n.t("lookup_span_open", lang).format(start=start, horizon=horizon.isoformat() if horizon else "")
    return i18n.t("lookup_span", lang).format(start=start, end=holding.valid_through.isoformat())


def _items(history: CodeHistory, holders: tuple[str, ...], scheme: str, code: str) -> list[tuple[str, str]]:
    names = history.told_apart(scheme, code)
    return [("Link", ", ".join(f'<{_path_of(h)}>; rel="item"; {_title(names.get(h) or history.name(h))}'
                               for h in holders))] if holders else []


def _title(text: str) -> str:
    """A link's ``title`` parameter (RFC 8288 §3.4.1): a quoted string where ``text`` is ASCII, else ``title*``
    in UTF-8 (RFC 8187), as a header's value is ASCII: "Bø (Telemark)" is ``title*=UTF-8''B%C3%B8%20%28Telemark%29``."""
    cleaned = re.sub(r'["\\\x00-\x1f\x7f]', "", text)
    if cleaned.isascii():
        return f'title="{cleaned}"'
    return "title*=UTF-8''" + quote(cleaned, safe="")


def _decoded(text: str) -> str:
    """A path segment as WSGI gives it (each byte one character, Latin-1: PEP 3333) read as the UTF-8 text it is;
    MalformedIdentifier when its bytes are not UTF-8. A segment with a character beyond Latin-1 was read already
    (a caller that decoded the path itself) and is taken as it is."""
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        shown = quote(raw, safe="")
        shown = repr(shown if len(shown) <= SHOWN_CHARACTERS else shown[:SHOWN_CHARACTERS] + "…")
        raise MalformedIdentifier(i18n.t("lookup_not_utf8", "en").format(shown=shown),
                                  i18n.t("lookup_not_utf8", "nb").format(shown=shown)) from None


def carried(request: Request, profiles: tuple[StoredProfile, ...]) -> tuple[list[tuple[str, str]], str | None]:
    """The query parameters to pass on (:data:`CARRIED`), as ``(name, value)`` pairs in that order, or the reason
    for a 406 (a format or profile no document is offered in). ``profiles``: the build's (none: a build rendered
    before profiles, whose documents ignore ``?_profile=``). Empty values count as absent, as documents take them."""
    pairs: list[tuple[str, str]] = []
    value = request.query.get(MEDIATYPE)
    if value:
        media_type = conneg.from_parameter(value, SERVED_TYPES)
        if media_type is None:
            return [], REFUSALS[MEDIATYPE].format(value=repr(value))
        pairs.append((MEDIATYPE, media_type.extension))
    value = request.query.get(PROFILE)
    if value is not None and value.strip() and profiles:
        token = conneg.choose_profile(None, profiles, value).token
        if token is None:
            return [], REFUSALS[PROFILE].format(value=repr(value))
        pairs.append((PROFILE, token))
    value = request.query.get(LANG)
    if value in i18n.LANGUAGES:
        pairs.append((LANG, value))
    return pairs, None


def refusal_text(reason: str, profiles: tuple[StoredProfile, ...]) -> str:
    """The body of the 406 for a format or profile a look-up cannot pass on (``profiles``: the build's)."""
    formats = ", ".join(m.extension for m in SERVED_TYPES)
    tokens = ", ".join(p.token for p in profiles)
    return (f"406 Not Acceptable: {reason}.\n"
            "A look-up passes ?_mediatype= and ?_profile= on to the document of the unit it leads to: "
            f"formats {formats} (an extension or a media type); profiles {tokens or '(none)'} (a token or a URI).\n")


def _refused(request: Request, reason: str, profiles: tuple[StoredProfile, ...]) -> Answer:
    return rules.finish(request, 406, [("Content-Type", PLAIN_TYPE)],
                        refusal_text(reason, profiles).encode("utf-8"), etag=None, modified=None)


def index_text(scheme: str, lang: str) -> str:
    """The body of the 404 for ``/id/{scheme}`` alone: what a look-up URL looks like, and where every code is."""
    prefix = f"/id/{scheme}"
    example = f"{prefix}/{EXAMPLES[scheme]}"
    shape = SHAPES[scheme][0 if lang == "nb" else 1]
    tables = TABLES.get(scheme, (TABLE, COUNTY_TABLE))
    listed = f" {i18n.t('and', lang)} ".join(tables)
    scheme_name = i18n.t(f"scheme_{scheme}", lang)
    return "\n".join([i18n.t("lookup_index", lang).format(prefix=prefix, scheme=scheme_name),
                      i18n.t("lookup_index_form", lang).format(prefix=prefix, shape=shape, example=example,
                                                               date=EXAMPLE_DATE.isoformat()),
                      i18n.t("lookup_index_tables", lang).format(tables=listed)]) + "\n"


def index_page(documents: DocumentStore, scheme: str, lang: str) -> bytes | None:
    """The page of the 404 for ``/id/{scheme}`` alone (:func:`index_text` in the build's page; the same whatever
    the request's query), or None for a build without the look-ups' pages. The static export serves it as it is."""
    page = documents.get(explanation_path(404), f"html.{lang}")
    return None if page is None else explanation_page(page.body, index_text(scheme, lang).splitlines(), {},
                                                      here=f"/id/{scheme}")


def answer(history: CodeHistory, documents: DocumentStore, request: Request, lang: str) -> Answer | None:
    """The answer to a look-up, or None when ``request`` is not one (``documents``: the build's, for the
    choices and the profiles)."""
    match = _PATH.match(request.path)
    if match is None:
        return None
    scheme, text = match.groups()
    if not text:
        return _explained(request, documents, history, 404, index_text(scheme, lang).splitlines(), lang, [],
                          dated=False, here=f"/id/{scheme}")  # the page is index_page's
    try:
        code = read_code(scheme, _decoded(text))
        if YEAR in request.query:
            passed_on, _ = carried(request, documents.profiles())
            years = list(dict.fromkeys(rules.query_values(request.raw_query, YEAR))) if request.raw_query else []
            raise _year_refused(code, request.query.get(DATE, request.query[YEAR]), passed_on,
                                several=DATE not in request.query and len(years) > 1)
        day = _date_of(request)
    except MalformedIdentifier as malformed:
        lines = [i18n.t("lookup_malformed", lang).format(message=malformed.nb if lang == "nb" else str(malformed))]
        suggestion = f"/id/{scheme}/{malformed.suggestion}" if malformed.suggestion is not None else None
        if suggestion is not None:
            lines.append(i18n.t("lookup_did_you_mean", lang).format(path=suggestion))
        return _explained(request, documents, history, 400, lines, lang, [],
                          problem=("malformed", {"scheme": scheme, "suggestion": suggestion}))
    if code != text:  # the same code in another notation: the canonical look-up, with what the request asked
        pairs, refusal = carried(request, documents.profiles())
        if refusal is not None:
            return _refused(request, refusal, documents.profiles())
        dated = [(DATE, day.isoformat())] if day is not None else []
        return rules.lookup_redirect(301, _with_query(f"/id/{scheme}/{code}", [*dated, *pairs]))
    if day is None:
        holders = history.holder_iris(scheme, code)
    else:
        held = history.held_on(scheme, code, day)
        holders = tuple(dict.fromkeys(h.holder for h in held if h.recorded_on(day)))
        if held and not holders:
            return _unrecorded(history, documents, request, scheme, code, day, lang)
    if not holders:
        if day is None or not history.holders(scheme, code):
            lines = [i18n.t("lookup_unknown", lang).format(scheme=i18n.t(f"scheme_{scheme}", lang), code=code)]
            if (scheme, code) == (KOMMUNENUMMER, UNSPECIFIED):  # in SSB's tables, so in a statistician's join
                lines.append(i18n.t("lookup_unspecified", lang))
            never: dict[str, object] = {"scheme": scheme, "code": code,
                                        "date": day.isoformat() if day else None, "holders": []}
            return _explained(request, documents, history, 404, lines, lang, [], problem=("never-held", never))
        return _not_then(history, documents, request, scheme, code, day, lang)
    pairs, refusal = carried(request, documents.profiles())
    if refusal is not None:
        return _refused(request, refusal, documents.profiles())
    if len(holders) == 1:
        return rules.lookup_redirect(303, _with_query(_path_of(holders[0]), pairs))
    return _choices(history, documents, request, scheme, code, holders, lang, pairs)


def _date_of(request: Request) -> dt.date | None:
    """The day of a dated look-up (None: undated), or MalformedIdentifier. A date given twice with two values is
    refused rather than read as its first: a script that appended one to a URL holding another would get the answer
    for a day it did not mean."""
    if DATE not in request.query:
        return None
    values = list(dict.fromkeys(rules.query_values(request.raw_query, DATE))) if request.raw_query else []
    if len(values) > 1:
        shown = ", ".join(repr(v[:SHOWN_CHARACTERS]) for v in values[:3]) + (", …" if len(values) > 3 else "")
        raise MalformedIdentifier(f"?{DATE}= is given {len(values)} times, with different values ({shown}); "
                                  "give one date",
                                  f"?{DATE}= er gitt {len(values)} ganger, med ulike verdier ({shown}); "
                                  "oppgi én dato")
    return parse_date(request.query[DATE])


def _year_refused(code: str, year: str, passed_on: list[tuple[str, str]], several: bool = False
                  ) -> MalformedIdentifier:
    """``?year=``: what to write instead (``?date=2024``, which means 1 January 2024, the day the reforms took
    effect), as a suggestion when the year reads as a date, with the parameters the look-up would pass on.
    ``several``: the request gives two years and no date, so no one look-up is the one it meant: no suggestion."""
    day = None if several else read_day(year)
    suggestion = _with_query(code, [(DATE, year.strip()), *passed_on]) if day is not None else None
    return MalformedIdentifier(
        f"a look-up reads no ?{YEAR}=; give ?{DATE}=YYYY-MM-DD, or ?{DATE}=YYYY for 1 January of the year",
        f"et oppslag leser ikke ?{YEAR}=; bruk ?{DATE}=ÅÅÅÅ-MM-DD, eller ?{DATE}=ÅÅÅÅ for 1. januar det året",
        suggestion)


def _holdings(history: CodeHistory, scheme: str, code: str) -> list[dict[str, object]]:
    """Who held the code when, as members of problem details: each unit's IRI, name, first and last day (None:
    before the records; still held)."""
    return [{"iri": h.holder, "name": history.name(h.holder), "code": h.code,
             "from": h.valid_from.isoformat() if h.valid_from else None,
             "through": h.valid_through.isoformat() if h.valid_through else None}
            for h in history.holders(scheme, code)]


def _held_lines(history: CodeHistory, scheme: str, code: str, lang: str) -> list[str]:
    return [i18n.t("lookup_held", lang).format(name=_names(history, h, lang), span=_span(h, lang, history.horizon),
                                              iri=h.holder)
            for h in history.holders(scheme, code)]


def _names(history: CodeHistory, holding: Holding, lang: str) -> str:
    """Who held it, by the names it bore meanwhile: "Harstad (fra 2018-01-01 Harstad - Hárstták)"."""
    (_, first), *renamed = history.names_during(holding)
    later = "; ".join(i18n.t("lookup_renamed", lang).format(date=day.isoformat(), name=name)
                      for day, name in renamed if day is not None)
    return f"{first} ({later})" if later else first


def _not_then(history: CodeHistory, documents: DocumentStore, request: Request, scheme: str, code: str,
              day: dt.date, lang: str) -> Answer:
    """404 for a code no unit held on ``day``: who held it when, and what each of them held on ``day``. Before
    :data:`COVERED_FROM` it says no unit *in the data* held it: one that ended before then is not in them."""
    scheme_name = i18n.t(f"scheme_{scheme}", lang)
    before = day < COVERED_FROM
    lines = [i18n.t("lookup_none_in_data_on" if before else "lookup_none_on", lang).format(
        scheme=scheme_name, code=code, date=day.isoformat())]
    if before:
        lines.append(i18n.t("lookup_before_coverage", lang).format(covered=COVERED_FROM.isoformat()))
    elif history.horizon is not None and day > history.horizon:  # 2099: as far as the records know
        lines.append(i18n.t("lookup_after_records", lang).format(horizon=history.horizon.isoformat(),
                                                                  date=day.isoformat()))
    lines += _held_lines(history, scheme, code, lang)
    where: list[dict[str, object]] = []  # where each unit is on the day, as problem details' members
    unlinked: set[tuple[str, str]] = set()
    for holder in history.holder_iris(scheme, code):
        then = history.code_of(holder, scheme, day)
        if then is not None and then.recorded_on(day):
            lines.append(i18n.t("lookup_then", lang).format(
                name=history.name_on(holder, day), scheme=scheme_name, code=then.code, date=day.isoformat(),
                path=f"/id/{scheme}/{then.code}"))
            where.append({"iri": holder, "name": history.name_on(holder, day), "code": then.code,
                         "lookup": f"/id/{scheme}/{then.code}", "succeeds": None})
        elif _ended_before(history, holder, scheme, day):
            successors = history.successors_on(holder, scheme, day)
            for successor, held in successors:
                # reached through a later split by the part holding its area: Haram (1534) was succeeded by
                # Ålesund (1507), whose split gave Haram (1580) its area back
                how = "lookup_area_within" if history.within.get(holder) == successor else "lookup_successor"
                lines.append(i18n.t(how, lang).format(
                    name=history.name(holder), successor=history.name_on(successor, day), scheme=scheme_name,
                    code=held.code, date=day.isoformat(), path=f"/id/{scheme}/{held.code}"))
                where.append({"iri": successor, "name": history.name_on(successor, day), "code": held.code,
                             "lookup": f"/id/{scheme}/{held.code}", "succeeds": holder})
            if not successors:  # they hold none of this scheme in the data (a Wikidata item not linked): name them
                for successor, _ in _successors_then(history, holder, day):
                    if (history.name(holder), successor) in unlinked:
                        continue  # Ålesund of 1977 and of 2020 lead to the same two
                    unlinked.add((history.name(holder), successor))
                    lines.append(i18n.t("lookup_successor_unlinked", lang).format(
                        name=history.name(holder), successor=history.name_on(successor, day), date=day.isoformat(),
                        iri=successor))
                    where.append({"iri": successor, "name": history.name_on(successor, day), "code": None,
                                 "lookup": None, "succeeds": holder})
    return _explained(request, documents, history, 404, lines, lang,
                      _items(history, history.holder_iris(scheme, code), scheme, code), problem=(
                          "not-held-then", {"scheme": scheme, "code": code, "date": day.isoformat(),
                                            "holders": _holdings(history, scheme, code), "then": where,
                                            "records_end": history.horizon.isoformat() if history.horizon else None}))


def _successors_then(history: CodeHistory, holder: str, day: dt.date) -> tuple[tuple[str, Holding], ...]:
    """The units that succeeded ``holder`` and existed on ``day``, by their official number then (a municipality's
    kommunenummer, a county's fylkesnummer)."""
    return history.successors_on(holder, KOMMUNENUMMER, day) or history.successors_on(holder, FYLKESNUMMER, day)


def _ended_before(history: CodeHistory, holder: str, scheme: str, day: dt.date) -> bool:
    """Whether a code ``holder`` held (it held none on ``day``) had ended before ``day``: it had ended, or was in
    another unit for a while (Telemark county in Vestfold og Telemark, 2020–2023)."""
    return any(h.valid_through is not None and h.valid_through < day for h in history.codes_of(holder, scheme))


def _unrecorded(history: CodeHistory, documents: DocumentStore, request: Request, scheme: str, code: str,
                day: dt.date, lang: str) -> Answer:
    """404 for a day before :data:`RECORDS_BEGIN` on which only units that held the code from before the records
    may have held it: the records do not say whether they did; who held it when, and those units as ``Link``."""
    lines = [i18n.t("lookup_unrecorded", lang).format(scheme=i18n.t(f"scheme_{scheme}", lang), code=code,
                                                        date=day.isoformat(), begin=RECORDS_BEGIN.isoformat()),
             *_held_lines(history, scheme, code, lang)]
    return _explained(request, documents, history, 404, lines, lang,
                      _items(history, history.holder_iris(scheme, code), scheme, code), problem=(
                          "not-recorded", {"scheme": scheme, "code": code, "date": day.isoformat(),
                                           "holders": _holdings(history, scheme, code)}))


def _choices(history: CodeHistory, documents: DocumentStore, request: Request, scheme: str, code: str,
             holders: tuple[str, ...], lang: str, pairs: list[tuple[str, str]]) -> Answer:
    path = choices_path(scheme, code)
    formats = documents.variants(path) or ()
    offered = tuple(m for m in (by_extension(ext, DOCUMENT_TYPES) for ext in formats) if m is not None)
    choice = conneg.choose(request.header("Accept"), offered, parameter=request.query.get(MEDIATYPE))
    if offered and choice.media_type is None:
        return _choices_not_acceptable(request, f"/id/{scheme}/{code}", offered, choice.reason)
    media_type = choice.media_type or HTML
    stored = documents.get(path, f"html.{lang}" if media_type is HTML else media_type.extension)
    still = [h for h in holders if any(x.valid_through is None for x in history.holders(scheme, code)
                                       if x.holder == h)]
    headers = [("Vary", rules.PAGE_VARY), *_items(history, holders, scheme, code)]
    if len(still) == 1:
        headers.append(("Location", _with_query(_path_of(still[0]), pairs)))
    if stored is None:  # a build whose choices do not cover this case (several holders on one day): a list
        names = history.told_apart(scheme, code)
        lines = [f"{names.get(h) or history.name(h)}: {h}" for h in holders]
        return _explained(request, documents, history, 300, lines, lang, headers[1:])
    return rules.finish(request, 300, [("Content-Type", stored.media_type), *headers], stored.identity,
                        etag=stored.etag, modified=None, gzip_body=stored.gzip)


def _choices_not_acceptable(request: Request, lookup: str, offered: tuple[MediaType, ...], reason: str) -> Answer:
    """406 for the choices of a look-up (a 300) in no format asked for, as a document's 406 (``Accept`` or
    ``?_mediatype=``): the body and ``Link`` list the formats there are, each by its ``?_mediatype=`` URL."""
    def url(media_type: MediaType) -> str:
        return _with_query(lookup, [(MEDIATYPE, media_type.extension)])
    lines = [f"406 Not Acceptable: {reason}.", "The choices of this look-up are available as:"]
    lines += [f"  {m.name}  {url(m)}  ({m.label})" for m in offered]
    link = ", ".join(rules.alternate(url(m), m.name) for m in offered)
    return rules.finish(request, 406, [("Content-Type", PLAIN_TYPE), ("Vary", "Accept"),
                                       ("Link", link)],
                        ("\n".join(lines) + "\n").encode("utf-8"), etag=None, modified=None)
