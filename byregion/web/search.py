"""``/search``: search for people, over the build's search index (:mod:`byregion.serve.search`), as a page (nb
or en, the reader's language) or as JSON (``/search.json``, ``?_mediatype=json`` or ``Accept:
application/json``).

The JSON answer::

    {"query": "kommunene", "lang": "nb", "kind": [], "total": 66, "page": 1, "limit": 20, "pages": 4,
     "next": "http://host/search.json?q=kommunene&page=2", "previous": null,
     "kinds": [{"token": "concept", "iri": "http://www.w3.org/2004/02/skos/core#Concept", "label": "Begrep",
                "count": 9, "selected": false, "url": "http://host/search.json?q=kommunene&kind=concept"}, …],
     "results": [{"iri": "https://data.byregion.no/id/theme/regionalt-samarbeid",
                  "url": "http://host/doc/theme/regionalt-samarbeid", "path": "/doc/theme/regionalt-samarbeid",
                  "label": "Regionalt samarbeid", "label_highlights": [],
                  "kind": {"iri": "http://www.w3.org/2004/02/skos/core#Concept", "label": "Begrep"},
                  "snippet": {"text": "Samarbeid mellom kommunene i en region …", "lang": "nb",
                              "highlights": [[17, 26]], "html": "Samarbeid mellom <mark>kommunene</mark> i …"},
                  "score": 45.7}]}

``kind`` repeated (``?kind=municipality&kind=county``) restricts the results to those kinds (by token or class
IRI; an unknown one is a 400 naming the tokens there are); ``total``, ``pages`` and every link the answer makes
keep the restriction. ``kinds`` counts the query's matches by kind before it (Datasette's facets), in the order
their best matches rank, each with the URL that adds it to the restriction or takes it away (``selected``).

``next``, ``previous``, ``suggestion_url`` and the kinds' ``url`` are absolute, on the request's host as every
``url`` is: a script on another origin that fetched a relative one would have asked its own host. ``highlights``
are ``[start, end)`` character offsets of the matched words in ``label`` and ``snippet.text``; ``snippet.html`` is
the same text escaped for HTML with each matched word in ``<mark>``. A query without words, one longer than
``BYREGION_SEARCH_MAX_QUERY_CHARS``, a ``page`` or ``limit`` out of range, or an unknown ``kind`` answers 400 with
problem details (RFC 9457) with ``error`` and ``query`` beside ``detail`` (and ``kinds``, the tokens there are, for
an unknown kind; the page: 400 with the message; an empty query gets the page that asks for words, 200).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request

from byregion import conneg
from byregion.i18n import LANGUAGES, number, page_urls
from byregion.mediatypes import HTML, JSON, PROBLEM, SEARCH_TYPES, MediaType
from byregion.search.words import WORDS, word
from byregion.serve import rules
from byregion.serve.documents import lang_cookie
from byregion.serve.problems import problem
from byregion.serve.search import (
    Ask,
    BadSearch,
    Facet,
    Hit,
    Results,
    answer_headers,
    found_answer,
    not_acceptable,
    read,
)
from byregion.web.app import served, state
from byregion.web.documents import request_of
from byregion.web.files import answered
from byregion.web.i18n import request_language

bp = Blueprint("search", __name__)


def _format(extension: str | None) -> MediaType | None:
    chosen = conneg.choose(request.headers.get("Accept"), SEARCH_TYPES,
                           extension=JSON if extension == "json" else None,
                           parameter=request.args.get("_mediatype"))
    return chosen.media_type


def _search_url(ask: Ask, media_type: MediaType, *, q: str | None = None, page: int | None = None,
                kinds: Iterable[str] | None = None) -> str:
    """The URL of a search like ``ask`` in ``media_type``: its query (or ``q``), the ``page`` (none: the first),
    its limit when not the default, its kinds (or ``kinds``) and the language asked for."""
    path = "/search.json" if media_type is JSON else "/search"
    args: list[tuple[str, str]] = [("q", ask.query.text if q is None else q)]
    if page is not None:
        args.append(("page", str(page)))
    if ask.limit != state().settings.search_limit:
        args.append(("limit", str(ask.limit)))
    args += [("kind", token) for token in (ask.kinds if kinds is None else sorted(kinds))]
    if request.args.get("lang") in LANGUAGES:  # the language asked for: a client without cookies keeps it
        args.append(("lang", request.args["lang"]))
    return f"{path}?{urlencode(args)}"


def _suggested(results: Results, media_type: MediaType) -> str:
    """The URL of the search a query with no hit may have been meant as (``Results.suggestion``), of the same kinds
    where it finds something of them (``Results.suggestion_kinds``), else of every kind."""
    return _search_url(results.ask, media_type, q=results.suggestion or "", kinds=results.suggestion_kinds)


def _link(ask: Ask, page: int, media_type: MediaType) -> str:
    """The URL of another page of the same search, in the same format."""
    return _search_url(ask, media_type, page=page)


def _toggled(ask: Ask, facet: Facet, media_type: MediaType) -> str:
    """The URL of the search with ``facet``'s kind added to the kinds asked for, or taken away when it is one."""
    token = facet.kind.token
    return _search_url(ask, media_type, kinds=set(ask.kinds) ^ {token})


def _spans(spans: tuple[tuple[int, int], ...]) -> list[list[int]]:
    return [[start, end] for start, end in spans]


def result_json(found: Hit, root: str) -> dict[str, Any]:
    snippet = None
    if found.snippet is not None:
        snippet = {"text": found.snippet.text, "lang": found.snippet_lang,
                   "highlights": _spans(found.snippet.spans), "html": str(found.snippet.html())}
    return {"iri": found.iri, "url": root + found.path, "path": found.path, "label": found.title.text,
            "label_highlights": _spans(found.title.spans),
            "kind": {"iri": found.kind, "label": found.kind_label}, "snippet": snippet, "score": found.score}


def results_json(results: Results, lang: str) -> dict[str, Any]:
    ask = results.ask
    root = rules.origin_of(request.scheme, request.headers.get("Host"))
    kinds = [{"token": f.kind.token, "iri": f.kind.iri, "label": f.kind.label(lang), "count": f.count,
              "selected": f.selected, "url": root + _toggled(ask, f, JSON)} for f in results.facets]
    return {"query": ask.query.text, "lang": lang, "kind": list(ask.kinds), "total": results.total, "page": ask.page,
            "limit": ask.limit, "pages": results.pages, "kinds": kinds, "suggestion": results.suggestion,
            "suggestion_url": root + _suggested(results, JSON) if results.suggestion else None,
            "next": root + _link(ask, ask.page + 1, JSON) if results.has_next else None,
            "previous": root + _link(ask, results.previous_page, JSON) if results.has_previous else None,
            "results": [result_json(found, root) for found in results.hits]}


def _cookie() -> str | None:
    chosen = request.args.get("lang")  # the page's language switch sets the cookie, as on every document
    return lang_cookie(chosen) if chosen in LANGUAGES else None


def _answer(body: str | bytes, status: int, media_type: MediaType, *, cache: bool) -> Response:
    return Response(body, status, headers=answer_headers(media_type, cache=cache, cookie=_cookie()))


def _found(body: str, media_type: MediaType) -> Response:
    """The results (a 200): with an ETag and the build's date, 304 to a client that has them."""
    build = served()
    modified = build.dated(build.build.info.created)
    return answered(found_answer(request_of(request.environ), media_type, body.encode("utf-8"), cookie=_cookie(),
                                 modified=modified))


def _error(message: str, status: int, media_type: MediaType, lang: str, query: str, *, words_at_fault: bool = True,
           **members: object) -> Response:
    """The refusal; ``words_at_fault``: the search words are what is wrong (the page marks their box invalid; not
    for an unknown kind, whose words are fine)."""
    if media_type is JSON:  # problem details, with the members the API's clients read before
        body = problem(status, message, error=message, query=query, **members)
        return _answer(body, status, PROBLEM, cache=False)
    html = render_template("search.html", words=_words(lang), search_query=query, error=message, results=None,
                           max_chars=state().settings.search_max_query_chars, noindex=True,
                           words_at_fault=words_at_fault)
    return _answer(html, status, HTML, cache=False)


@bp.route("/search", methods=["GET", "HEAD"])
@bp.route("/search.json", methods=["GET", "HEAD"], defaults={"extension": "json"})
def search(extension: str | None = None) -> Response:
    """Search for people: names, labels, numbers and texts in Norwegian and English, ranked, matches marked."""
    lang = request_language()
    text = request.args.get("q", "")
    media_type = _format(extension)
    if media_type is None:
        return answered(not_acceptable(request_of(request.environ)))
    try:
        settings = state().settings
        ask = read(text, request.args.get("page"), request.args.get("limit"), max_chars=settings.search_max_query_chars,
                   max_limit=settings.search_limit, max_page=settings.search_max_page)
    except BadSearch as bad:  # the query is shown back as far as a query may be long
        return _error(word(bad.key, lang, **bad.values), 400, media_type, lang, text[:settings.search_max_query_chars])
    if ask.query.empty and media_type is JSON:
        return _error(word("search_empty", lang), 400, JSON, lang, text)
    index = served().search
    if index is None:
        return _error(word("search_unavailable", lang), 503, media_type, lang, text)
    try:
        ask = index.kinds_asked(ask, request.args.getlist("kind"))
    except BadSearch as bad:  # a program is given the tokens there are as a list too
        return _error(word(bad.key, lang, **bad.values), 400, media_type, lang, text, words_at_fault=False,
                      kinds=sorted(index.kinds))
    results = index.search(ask, lang)
    if media_type is JSON:
        return _found(json.dumps(results_json(results, lang), ensure_ascii=False), JSON)
    html = render_template(
        "search.html", words=_words(lang), search_query=text, error=None, results=results,
        max_chars=state().settings.search_max_query_chars, noindex=bool(text),  # an answer is no page to list
        # the search page itself is a page in each language, as every page (its canonical URL and hreflang)
        page_urls=None if text else page_urls("/search", origin=served().build.base_uri),
        summary=_summary(results, lang),
        kinds=[{"label": f.kind.label(lang), "count": number(f.count, lang), "selected": f.selected,
                "url": _toggled(ask, f, HTML), "token": f.kind.token} for f in results.facets],
        all_kinds=_search_url(ask, HTML, kinds=()),
        count=_count(results, lang),
        suggested=_suggested(results, HTML) if results.suggestion else None,
        previous=_link(ask, results.previous_page, HTML) if results.has_previous else None,
        next=_link(ask, ask.page + 1, HTML) if results.has_next else None,
        # no words, no JSON answer (400): the page offers none
        alternates=[] if ask.query.empty else [(_link(ask, ask.page, JSON), JSON.name, JSON.label)])
    return _found(html, HTML)


def _words(lang: str) -> dict[str, str]:
    """The search page's words in ``lang`` (byregion/search/words.py)."""
    return {key: entry.get(lang) or entry["nb"] for key, entry in WORDS.items()}


def _count(results: Results, lang: str) -> str:
    """How many were found, for the page's title: "12 treff", "1 result"."""
    return word("one_result", lang) if results.total == 1 else word("results", lang, total=number(results.total, lang))


def _summary(results: Results, lang: str) -> str:
    text = results.ask.query.text.strip()
    if results.total == 1:
        said = word("one_result_for", lang, query=text)
    else:
        said = word("results_for", lang, total=number(results.total, lang), query=text)
    chosen = [f.kind.label(lang) for f in results.facets if f.selected]
    return f"{said} · {word('limited_to', lang, kinds=', '.join(chosen))}" if chosen else said
