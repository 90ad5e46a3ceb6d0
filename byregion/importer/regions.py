"""Which of the programme's regions a page is about, and under which slugs its things are minted.

A page names its region in its title (the newer layout), or only in its "Fakta X" and "Fra/Utdrag
fra X sin søknad …" headings when its title is the project's (the older layout). Each name is
looked up in the programme's list (``data/programme``, :mod:`byregion.programme`) under the
region's name, its slug, its applicant municipality and the few variants in :data:`EXTRA_NAMES`,
compared without "Region …"/"…regionen" and with æ/ø/å folded, so that "Notoddenregionen",
"Tynset" (the applicant of Fjellregionen) and "Namsosregionen" (the slug of "Region Namdal") all
find their region. Pure: names and the programme in, a :class:`PageRegion` and warnings out.
"""

from __future__ import annotations

from dataclasses import dataclass

from byregion.importer.errors import DocumentError
from byregion.importer.headings import FactKind, levenshtein
from byregion.importer.parse import ParsedDocument, Span
from byregion.programme import Programme, Region
from byregion.uris import slugify

#: Names the pages use that are neither a region's name, its slug nor its applicant's name.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "midt-troms": ("Finnsnes", "Byregionen Finnsnes"),  # the town of the applicant Lenvik
}


@dataclass(frozen=True)
class PageRegion:
    """The region a page is about and how its IRIs are minted (docs/importing.md "Regions")."""

    slug: str  # the region IRI's slug: id:region/{slug}
    label: str  # the region's name
    page_slug: str  # the page's own slug: id:source/{page_slug}, data/regions/{page_slug}.ttl
    title_is_project: bool  # the title names the project, not the region
    region: Region | None  # the programme's row, when the page matched one

    @property
    def scope(self) -> tuple[str, ...]:
        """Path parts between the region and the page's things: a project page's own ``page/{slug}``."""
        return ("page", self.page_slug) if self.page_slug != self.slug else ()


def name_keys(name: str) -> set[str]:
    """Forms of a region name that compare equal: "Region Ålesund", "Ålesundregionen" → {"alesund", …}."""
    try:
        compact = slugify(name).replace("-", "")
    except ValueError:
        return set()
    keys = {compact}
    stem = compact[len("region"):] if compact.startswith("region") and len(compact) > len("region") + 1 else compact
    for suffix in ("regionen", "region"):
        if stem.endswith(suffix) and len(stem) > len(suffix) + 1:
            stem = stem[:-len(suffix)]
            if compact.endswith("s" + suffix) and len(stem) > 3:  # "Kristiansundsregionen"
                keys.add(stem[:-1])
            break
    keys.add(stem)
    return keys


def region_names(region: Region) -> tuple[str, ...]:
    """The names a page may call ``region`` by."""
    return (region.name, region.slug, *(m.name for m in region.applicants), *EXTRA_NAMES.get(region.slug, ()))


def match_region(name: str, programme: Programme) -> list[Region]:
    """The regions ``name`` names (usually one; none when it is not in the list)."""
    keys = name_keys(name)
    return [r for r in programme.regions if any(keys & name_keys(n) for n in region_names(r))]


#: A name is close to another when they differ by at most this share of the longer one's letters (a typo or two:
#: "Notoden", "Halingdal"), not merely the least different of names that have nothing in common.
CLOSE_NAME_EDIT_SHARE = 1 / 3


def _edits_if_close(key: str, other: str) -> int | None:
    """The edit distance of two name keys, or None when they are not close (:data:`CLOSE_NAME_EDIT_SHARE`)."""
    edits = levenshtein(key, other)
    return edits if edits <= CLOSE_NAME_EDIT_SHARE * max(len(key), len(other)) else None


#: Words that name a part of a land ("Øvre Romerike", "Vest-Lofoten", "Nord-Telemark"), slugified: a name that
#: differs from another only in such a word names another part, not the other with a typo.
PART_WORDS = frozenset({"nord", "sor", "ost", "aust", "vest", "midt", "indre", "ytre", "ovre", "nedre", "nordre",
                        "sondre", "ostre", "vestre"})


def _another_part(name: str, other: str) -> bool:
    """Whether ``name`` and ``other`` differ only in a word of :data:`PART_WORDS` ("Øvre Romerike", "Nedre
    Romerike")."""
    try:
        words, others = slugify(name).split("-"), slugify(other).split("-")
    except ValueError:
        return False
    differ = [(a, b) for a, b in zip(words, others, strict=False) if a != b]
    return len(words) == len(others) and len(differ) == 1 and all(w in PART_WORDS for w in differ[0])


def closest_region(name: str, programme: Programme) -> Region | None:
    """The region whose name is nearest to ``name`` by edit distance, for the warning; None when no region's name
    is close to it ("Indre Østfold" is close to none: its nearest, "Harstadregionen", is no suggestion), or the
    close one names another part of a land ("Øvre Romerike" is not "Nedre Romerike" mistyped)."""
    keys = name_keys(name)
    scored = [(edits, r.line, r) for r in programme.regions for n in region_names(r) if not _another_part(name, n)
              for k in keys for v in name_keys(n) if (edits := _edits_if_close(k, v)) is not None]
    return min(scored, key=lambda s: (s[0], s[1]))[2] if scored else None


def page_region(doc: ParsedDocument, programme: Programme | None) -> tuple[PageRegion, list[str]]:
    """The page's region: by its headings' names, then its title, then its applicant."""
    heading_names = doc.region_names
    applicants = [f.value for f in doc.facts if f.kind is FactKind.APPLICANT]
    candidates: list[Span] = [*heading_names, doc.title, *applicants[:1]]
    warnings: list[str] = []
    if programme is not None:
        found = [(span, match_region(span.text, programme)) for span in candidates]
        chosen = next(((span, regions[0]) for span, regions in found if len(regions) == 1), None)
        for span, regions in found:
            if len(regions) > 1:
                warnings.append(f"line {span.line}: {span.text!r} names several regions of the programme "
                                f"({', '.join(r.slug for r in regions)})")
        if chosen is not None:
            span, region = chosen
            others = sorted({r.slug for _, regions in found for r in regions if len(regions) == 1} - {region.slug})
            if others:
                warnings.append(f"line {span.line}: the page names the region {region.slug!r} here, but also "
                                f"{', '.join(others)} elsewhere; it was imported as {region.slug!r}")
            if applicants and span is applicants[0]:  # found by its applicant alone: the names it gives are none
                named = found[:len(heading_names)] or found[len(heading_names):len(heading_names) + 1]
                unknown = next((s for s, regions in named if not regions), None)
                if unknown is not None:
                    warnings.append(f"line {unknown.line}: {unknown.text!r} is no region in the programme's list; "
                                    f"the page was imported as {region.slug!r}, the region of its applicant "
                                    f"{span.text!r}: check that the page is about {region.name!r}")
            title_is_project = region not in match_region(doc.title.text, programme)
            page_slug = _slug(doc.title) if title_is_project else region.slug
            return PageRegion(region.slug, region.name, page_slug, title_is_project, region), warnings
    title_is_project = bool(heading_names) and not any(
        name_keys(doc.title.text) & name_keys(span.text) for span in heading_names)
    name = heading_names[0] if title_is_project else doc.title
    slug = _slug(name)
    if programme is not None:
        closest = closest_region(name.text, programme)
        hint = f"; the closest is {closest.name!r} ({closest.slug})" if closest else "; no region's name is close"
        warnings.append(f"line {name.line}: the region {name.text!r} is not in the programme's list{hint}; "
                        f"it was imported as region {slug!r}")
    page_slug = _slug(doc.title) if title_is_project else slug
    return PageRegion(slug, name.text, page_slug, title_is_project, None), warnings


def _slug(span: Span) -> str:
    """The IRI slug of a name on the page; a one-line :class:`DocumentError` when it has no letter or digit."""
    try:
        return slugify(span.text)
    except ValueError:
        raise DocumentError(f"line {span.line}: {span.text.strip()!r} has no letter or digit to name the region "
                            "by; give the page the region's name as its title") from None
