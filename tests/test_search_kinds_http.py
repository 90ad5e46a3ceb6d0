"""Search filtered and counted by kind (`/search?kind=…`, `/search.json?kind=…`), as a specification, against
`byregion serve` over the repository's own data. A product review found that `?q=Telemark` mixed the county, the
regions, the municipalities and the statements, that `&type=`, `&kind=`, `&class=` were silently ignored, and that
neither the JSON nor the page counted anything: the results are now restricted to the kinds asked for, counted by
kind before that (as Datasette's facets), and an unknown kind is refused, saying which there are."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests

from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # a real build and `byregion serve`

COUNTY = "https://data.byregion.no/def/byregion#County"
MUNICIPALITY = "https://data.byregion.no/def/byregion#Municipality"


def search(server: Server, q: str, *kinds: str, **params: str) -> dict[str, Any]:
    answer = requests.get(server.url + "/search.json", params=[("q", q), *(("kind", k) for k in kinds),
                                                               *params.items()], timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()  # type: ignore[no-any-return]


def page(server: Server, q: str, *kinds: str, **params: str) -> str:
    answer = requests.get(server.url + "/search", params=[("q", q), *(("kind", k) for k in kinds), *params.items()],
                          headers={"Accept": "text/html"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.text


def counts(found: dict[str, Any]) -> dict[str, int]:
    return {k["token"]: k["count"] for k in found["kinds"]}


def kinds_of(found: dict[str, Any]) -> set[str]:
    return {r["kind"]["iri"] for r in found["results"]}


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# ------------------------------------------------------------------------------------------ the restriction


def test_a_search_gives_only_the_kinds_asked_for(real_server: Server) -> None:
    everything = search(real_server, "Telemark")
    assert everything["kind"] == [] and len(kinds_of(everything)) > 2  # a county, regions, figures, memberships…
    counties = search(real_server, "Telemark", "county")
    assert counties["kind"] == ["county"] and kinds_of(counties) == {COUNTY}
    assert counties["total"] == counts(everything)["county"] == len(counties["results"])
    assert counties["results"][0]["label"] == "Telemark"  # ranked as before, among its kind
    both = search(real_server, "Telemark", "municipality", "county")  # repeated: either
    assert kinds_of(both) == {COUNTY, MUNICIPALITY}
    assert both["kind"] == ["county", "municipality"]  # sorted: one URL for one search
    assert both["total"] == counts(everything)["county"] + counts(everything)["municipality"]
    by_iri = search(real_server, "Telemark", MUNICIPALITY, "county")  # the class's IRI names it too
    assert by_iri["results"] == both["results"] and by_iri["kind"] == both["kind"]
    assert search(real_server, "Telemark", "county", "county", "")["results"] == counties["results"]  # once; "" none


def test_paging_counts_and_walks_the_restricted_results(real_server: Server) -> None:
    first = search(real_server, "kommune", "municipality-change", limit="2")
    assert first["total"] > 4 and first["pages"] == -(-first["total"] // 2)
    seen, found = [], first
    while True:
        assert kinds_of(found) == {"https://data.byregion.no/def/byregion#MunicipalityChange"}
        seen += [r["iri"] for r in found["results"]]
        if found["next"] is None:
            break
        assert query(found["next"])["kind"] == ["municipality-change"] and query(found["next"])["limit"] == ["2"]
        found = requests.get(found["next"], timeout=10).json()
        assert query(found["previous"])["kind"] == ["municipality-change"]
    assert len(seen) == len(set(seen)) == first["total"]


# ------------------------------------------------------------------------------------------ the counts by kind


def test_the_counts_by_kind_are_the_querys_before_the_restriction(real_server: Server) -> None:
    everything = search(real_server, "Telemark")
    assert sum(counts(everything).values()) == everything["total"]
    # listed in the order their best matches rank: the kinds of the first results first, not the most numerous
    # (the memberships and geometries that mention Telemark are more than the county, and rank below it)
    first_seen = list(dict.fromkeys(hit["kind"]["iri"] for hit in everything["results"]))
    assert [k["iri"] for k in everything["kinds"]][:len(first_seen)] == first_seen
    assert everything["kinds"][0]["token"] == "county"
    assert not any(k["selected"] for k in everything["kinds"])
    county = next(k for k in everything["kinds"] if k["token"] == "county")
    assert county["iri"] == COUNTY and county["label"] == "Fylke"
    restricted = search(real_server, "Telemark", "county")
    assert counts(restricted) == counts(everything)  # the same counts: the other kinds stay in reach
    assert [k["token"] for k in restricted["kinds"] if k["selected"]] == ["county"]
    english = search(real_server, "Telemark", lang="en")
    assert next(k["label"] for k in english["kinds"] if k["token"] == "county") == "County"
    for kind in everything["kinds"][:4]:  # each count is what asking for that kind finds
        assert search(real_server, "Telemark", kind["token"])["total"] == kind["count"], kind["token"]


def test_each_kind_links_to_the_search_with_it_added_or_taken_away(real_server: Server) -> None:
    found = search(real_server, "Telemark", "county", limit="5", lang="en")
    municipality = next(k for k in found["kinds"] if k["token"] == "municipality")
    assert municipality["url"].startswith(real_server.url + "/search.json?")  # absolute, as next is
    assert query(municipality["url"]) == {"q": ["Telemark"], "limit": ["5"], "kind": ["county", "municipality"],
                                          "lang": ["en"]}  # the first page of the wider search
    wider = requests.get(municipality["url"], timeout=10).json()
    assert wider["kind"] == ["county", "municipality"] and kinds_of(wider) == {COUNTY, MUNICIPALITY}
    county = next(k for k in wider["kinds"] if k["token"] == "county")
    assert county["selected"] and query(county["url"])["kind"] == ["municipality"]


def test_a_kind_asked_for_that_matched_nothing_is_listed_with_nothing(real_server: Server) -> None:
    """Else the kind chosen would vanish from the list that takes it away."""
    found = search(real_server, "Notodden", "checksum")
    assert found["total"] == 0 and found["results"] == []
    assert found["kinds"][-1] == {**found["kinds"][-1], "token": "checksum", "count": 0, "selected": True}
    assert sum(k["count"] for k in found["kinds"]) > 0  # the other kinds are still counted
    assert found["suggestion"] is None  # the query matched: nothing was misspelt


def test_a_suggestion_keeps_the_kinds(real_server: Server) -> None:
    found = search(real_server, "Notoden", "municipality")
    assert found["suggestion"] == "Notodden"
    assert found["suggestion_url"] == real_server.url + "/search.json?" + urlencode(
        {"q": "Notodden", "kind": "municipality"})
    assert [r["path"] for r in requests.get(found["suggestion_url"], timeout=10).json()["results"]] == [
        "/doc/municipality/notodden"]


@pytest.mark.parametrize(("query", "kind", "suggestion"), [("Notoden", "county", "Notodden"),
                                                           ("Kongsbreg", "city-region", "Kongsberg")])
def test_a_suggestion_that_finds_nothing_of_the_kinds_asked_leads_to_every_kind(real_server: Server, query: str,
                                                                               kind: str, suggestion: str) -> None:
    """Notodden is no county: "Did you mean Notodden?" within the counties led to no result (a re-check)."""
    found = search(real_server, query, kind)
    assert found["suggestion"] == suggestion
    assert found["suggestion_url"] == real_server.url + "/search.json?" + urlencode({"q": suggestion})
    assert requests.get(found["suggestion_url"], timeout=10).json()["total"] > 0


# ------------------------------------------------------------------------------------------ what is refused


@pytest.mark.parametrize(("kind", "lang", "says"), [
    ("municipalities", "nb", "«kind» kan ikke være «municipalities»"),
    ("type", "en", "“kind” cannot be “type”"),
    ("https://data.byregion.no/def/byregion#Nothing", "en", "“kind” cannot be"),
])
def test_an_unknown_kind_is_a_400_that_names_the_kinds_there_are(real_server: Server, kind: str, lang: str,
                                                                 says: str) -> None:
    params = [("q", "Telemark"), ("kind", "county"), ("kind", kind), ("lang", lang)]
    answer = requests.get(real_server.url + "/search.json", params=params, timeout=10)
    assert answer.status_code == 400 and answer.headers["Content-Type"] == "application/problem+json"
    problem = answer.json()
    assert says in problem["detail"] and problem["error"] == problem["detail"] and problem["query"] == "Telemark"
    assert {"county", "municipality", "city-region", "goal", "concept"} <= set(problem["kinds"])
    assert "municipality, municipality-change" in problem["detail"]  # the tokens, in the sentence too
    assert answer.headers["Cache-Control"] == "no-store"
    shown = requests.get(real_server.url + "/search", params=params, headers={"Accept": "text/html"}, timeout=10)
    assert shown.status_code == 400 and "text/html" in shown.headers["Content-Type"]
    root, _ = parse(shown.text)
    assert says in root.find("p", id="search-error").text
    assert 'aria-invalid="true"' not in shown.text  # the words are fine: a screen reader is not told they are wrong


# ------------------------------------------------------------------------------------------ the page


@pytest.mark.parametrize(("lang", "heading", "everything", "county", "limited", "remove", "add"), [
    ("nb", "Avgrens etter type", "Alle typer", "Fylke (2)", "Avgrenset til Fylke", ", fjern fra avgrensningen",
     ", legg til i avgrensningen"),
    ("en", "Filter by kind", "All kinds", "County (2)", "Limited to County", ", remove from the filter",
     ", add to the filter")])
def test_the_page_lists_the_kinds_with_their_counts_and_marks_the_chosen(real_server: Server, lang: str,
                                                                         heading: str, everything: str, county: str,
                                                                         limited: str, remove: str, add: str) -> None:
    """Each kind's link says to a screen reader what it does once a kind is chosen: the chosen one takes its kind
    away, the others add theirs (a sighted reader sees the chosen marked)."""
    root, _ = parse(page(real_server, "Telemark", lang=lang))
    nav = root.find("nav", class_="kinds")
    assert nav.attrs["aria-labelledby"] == "search-kinds-heading"
    assert nav.find("h2", id="search-kinds-heading").text == heading
    links = nav.find_all("a")
    assert links[0].text == everything and links[0].attrs.get("aria-current") == "true"
    assert [a.text for a in links if a.attrs.get("aria-current")] == [everything]
    chosen = next(a for a in links if a.attrs.get("data-kind") == "county")
    assert chosen.text == county
    assert query(chosen.attrs["href"]) == {"q": ["Telemark"], "kind": ["county"], "lang": [lang]}

    root, _ = parse(page(real_server, "Telemark", "county", lang=lang))
    nav = root.find("nav", class_="kinds")
    current = [a for a in nav.find_all("a") if a.attrs.get("aria-current") == "true"]
    assert [(a.text, a.attrs["aria-label"]) for a in current] == [(county, county + remove)]
    assert query(current[0].attrs["href"]) == {"q": ["Telemark"], "lang": [lang]}  # takes it away
    other = next(a for a in nav.find_all("a") if a.attrs.get("data-kind") == "municipality")
    assert other.attrs["aria-label"] == other.text + add and query(other.attrs["href"])["kind"] == [
        "county", "municipality"]
    assert query(nav.find_all("a")[0].attrs["href"]) == {"q": ["Telemark"], "lang": [lang]}
    assert limited in root.find("p", id="search-summary").text
    assert root.find("ol", class_="results").find("h2").text.startswith("Telemark")


def test_every_link_of_the_page_keeps_the_kinds(real_server: Server) -> None:
    text = page(real_server, "kommune", "municipality-change", "county", limit="2")
    root, _ = parse(text)
    form = root.find("form", class_="search-page")  # a new query keeps the filter the list shows
    assert sorted(i.attrs["value"] for i in form.find_all("input") if i.attrs.get("name") == "kind") == [
        "county", "municipality-change"]
    english = root.find("a", id="lang-en")
    assert query(english.attrs["href"])["kind"] == ["municipality-change", "county"]  # every kind, not the first
    kept = ["county", "municipality-change"]
    assert query(root.find("a", rel="next").attrs["href"])["kind"] == kept
    alternate = next(link for link in root.find_all("link") if link.attrs.get("type") == "application/json")
    assert query(alternate.attrs["href"])["kind"] == kept
    assert requests.get(real_server.url + alternate.attrs["href"], timeout=10).json()["kind"] == kept


def test_the_page_without_a_match_lists_no_kinds(real_server: Server) -> None:
    assert 'class="kinds"' not in page(real_server, "xyzzyxyzzy")
    assert 'class="kinds"' not in page(real_server, "")
