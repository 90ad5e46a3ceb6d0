"""The preview of a unit that OpenRefine shows in a frame next to a candidate: a small HTML page, rendered when
the build is made, that fits the frame the manifest advertises (400 × 200 px). Pure. No script and no inline
style (its own small stylesheet, :data:`STYLESHEET`), every text escaped."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

from byregion.reconcile.units import Unit

#: The preview's own stylesheet (byregion/web/static/preview.css): compact, for the frame the manifest advertises.
STYLESHEET = "/static/preview.css"
#: A unit's kind, in Norwegian and in English.
_KIND = {"municipality": ("Kommune", "municipality"), "county": ("Fylke", "county"),
         "city-region": ("Byregion", "city region"), "theme": ("Tema", "theme")}


def _bilingual(nb: str, en: str) -> str:
    """A label in both languages on the Norwegian page, ``Kommune · municipality``, its English half marked as
    English (WCAG 3.1.2: a screen reader had read "municipality" with Norwegian sounds). HTML, escaped."""
    return f'{escape(nb)} · <span lang="en">{escape(en)}</span>'


def period(start: str, end: str) -> str:
    """``2020-01-01 – 2023-12-31``, ``– 2019-12-31``, ``2024-01-01 –``, or empty when both ends are open."""
    return "" if not start and not end else f"{start} – {end}".strip()


def _names(iris: tuple[str, ...], by_iri: Mapping[str, Unit]) -> str:
    return ", ".join(f'<a href="{escape(i)}" target="_blank" rel="noopener">'
                     f"{escape(by_iri[i].name if i in by_iri else i)}</a>" for i in iris)


def describe(unit: Unit, by_iri: Mapping[str, Unit]) -> str:
    """One line about a unit, for a candidate's ``description`` (plain text)."""
    parts = [_KIND[unit.kind][1]]
    if unit.numbers:
        parts.append(", ".join(f"{n.code} ({period(n.start, n.end)})" if period(n.start, n.end) else n.code
                               for n in unit.numbers))
    counties = [by_iri[c].name for c in unit.counties if c in by_iri]
    if counties:
        parts.append(" / ".join(dict.fromkeys(counties)))
    if unit.successors and not unit.current:
        parts.append("succeeded by " + ", ".join(by_iri[s].name for s in unit.successors if s in by_iri))
    return "; ".join(parts)


def render(unit: Unit, by_iri: Mapping[str, Unit]) -> bytes:
    """The preview page of ``unit`` (UTF-8 HTML): its name and kind, IRI, other names, numbers with their periods
    and counties, identifiers and links, in the frame the manifest advertises (:data:`~byregion.reconcile.manifest.
    PREVIEW_WIDTH` × :data:`~byregion.reconcile.manifest.PREVIEW_HEIGHT`). Its own small stylesheet
    (``/static/preview.css``, not the site's) keeps each part to one line, or two for a long list."""
    named = any(n.name and n.name != unit.name for n in unit.numbers)  # a name column only when one differs
    rows = []
    for number in unit.numbers:
        county = by_iri[number.county].name if number.county in by_iri else ""
        rows.append(f"<tr><td>{escape(number.code)}</td>" + (f"<td>{escape(number.name)}</td>" if named else "")
                    + f"<td>{escape(period(number.start, number.end))}</td><td>{escape(county)}</td></tr>")
    facts = []
    if unit.wikidata:
        facts.append("<dt>Wikidata</dt><dd>" + ", ".join(
            f'<a href="http://www.wikidata.org/entity/{escape(q)}" target="_blank" rel="noopener">{escape(q)}</a>'
            for q in unit.wikidata) + "</dd>")
    if unit.orgnr:
        facts.append(f"<dt>Org.nr.</dt><dd>{escape(unit.orgnr)}</dd>")
    for (nb, en), iris in ((("Etterfølgere", "successors"), unit.successors),
                           (("Forgjengere", "predecessors"), unit.predecessors),
                           (("Fylke", "county"), unit.counties if unit.kind == "city-region" else ()),
                           (("Kommuner", "municipalities"), unit.members),
                           (("Byregioner", "city regions"), unit.regions), (("Overordnet", "broader"), unit.broader)):
        if iris:
            facts.append(f"<dt>{_bilingual(nb, en)}</dt><dd>{_names(iris, by_iri)}</dd>")
    others = [n.text for n in unit.names if n.text != unit.name]
    table = ('<table><colgroup><col class="code">' + ("<col>" if named else "") + '<col class="period"><col>'
             "</colgroup><thead><tr><th>Nr.</th>" + ("<th>Navn</th>" if named else "")
             + "<th>Gyldig</th><th>Fylke</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>") if rows else ""
    also = f'<p class="line also">{_bilingual("Også", "also")}: {escape(", ".join(others))}</p>' if others else ""
    body = (f'<header><h1 class="line">{escape(unit.name)}</h1><p class="kind">{_bilingual(*_KIND[unit.kind])}</p>'
            f'</header><p class="line iri"><a href="{escape(unit.iri)}" target="_blank" rel="noopener">'
            f"{escape(unit.iri)}</a></p>" + also
            + table + (f"<dl>{''.join(facts)}</dl>" if facts else ""))
    return (f'<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8"><title>{escape(unit.name)}</title>'
            f'<link rel="stylesheet" href="{STYLESHEET}"></head><body><main>{body}</main></body></html>\n').encode()
