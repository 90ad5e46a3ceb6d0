"""The programme's regions and memberships as checked, typed rows (``data/programme/*.csv``).

Pure: text in, rows out. Every problem is a :class:`ProgrammeDataError` naming the file, line and
column, so that the CSV can be fixed where it is wrong. What the columns mean and where the facts come
from is in ``data/programme/README.md`` (a verbatim copy of the research notes).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from urllib.parse import urlsplit

from byregion.tables import TableError
from byregion.uris import is_slug, slugify

REGIONS, MEMBERSHIPS = "regions.csv", "memberships.csv"
#: The research notes beside the tables (Markdown): where the rows come from, and the programme's own facts.
NOTES = "README.md"
REGION_COLUMNS = ("slug", "name", "county_code_2015", "population_2015", "area_km2", "member_count",
                  "confidence", "source", "note")
MEMBERSHIP_COLUMNS = ("region", "municipality_code_2015", "municipality_name", "role")

#: The confidence levels the README defines, in order of strength.
CONFIDENCE_LEVELS = ("fakta", "secondary", "unverified", "count-only")
ROLES = ("applicant", "partner")

#: Between two of a region's sources in one ``source`` cell (docs/programme.md).
SOURCE_SEPARATOR = " ; "
#: What a page address may not hold: what no IRI may (RFC 3987: a space or control character, one of ``"<>\^`{|}``),
#: and ';', which is how two sources run together (`a;b`) would otherwise be published as one IRI.
_NOT_IN_ADDRESS = re.compile(r'[\x00-\x20\x7f"<>\\^`{|};]')
_CODE = re.compile(r"^[0-9]{4}$")
_COUNTY = re.compile(r"^[0-9]{2}$")


class ProgrammeDataError(TableError):
    """A programme CSV cannot be used; the message names the file, line and column."""


@dataclass(frozen=True)
class Membership:
    """One region–municipality row: the 2015 kommunenummer and the role in the region."""

    region: str  # region slug
    code: str  # kommunenummer valid on 2015-01-01
    name: str  # as the source writes it
    role: str  # "applicant" | "partner"
    line: int  # the record's first line in the file
    row: int  # the record's number, the header row 1 (RFC 7111's row=): the line but for multi-line cells before it


@dataclass(frozen=True)
class Region:
    """One region row with its members (in the file's order)."""

    slug: str
    name: str
    county_code: str  # the county of most members, 2015 numbering
    population: int | None  # the region's own Fakta figure, 1 January 2015
    area_km2: Decimal | None  # the region's own Fakta figure
    member_count: int  # the applicant included
    confidence: str  # one of CONFIDENCE_LEVELS
    sources: tuple[str, ...]  # page addresses
    note: str  # English, verbatim from the research table ("" when none)
    line: int  # the record's first line in the file
    row: int  # the record's number, the header row 1 (RFC 7111's row=)
    members: tuple[Membership, ...] = ()

    @property
    def applicants(self) -> tuple[Membership, ...]:
        return tuple(m for m in self.members if m.role == "applicant")


@dataclass(frozen=True)
class Programme:
    """Every region of the table, in the file's order."""

    regions: tuple[Region, ...]

    def region(self, slug: str) -> Region | None:
        return next((r for r in self.regions if r.slug == slug), None)

    @property
    def memberships(self) -> tuple[Membership, ...]:
        return tuple(m for r in self.regions for m in r.members)

    def regions_of(self, code: str) -> tuple[Region, ...]:
        """The regions a municipality (2015 number) is a member of."""
        return tuple(r for r in self.regions if any(m.code == code for m in r.members))


def _rows(text: str, file: str, columns: tuple[str, ...]) -> Iterable[tuple[int, int, dict[str, str]]]:
    """Each record after the header as (its first line, its record number with the header row 1, its cells). A
    quoted cell may hold line breaks (a note of several lines), so a record's lines and its number can differ; a
    blank line is no record."""
    reader = csv.reader(io.StringIO(text))
    header, row, ended = next(reader, None), 1, reader.line_num
    if header is not None and len(header) == 1 and ";" in header[0]:  # a spreadsheet's CSV where ',' is a decimal
        raise ProgrammeDataError(file, 1, None, "the file separates its cells with ';': save it with ',' between "
                                                f"cells, the columns {', '.join(columns)}")
    if tuple(header or ()) != columns:
        raise ProgrammeDataError(file, 1, None, f"expected the columns {', '.join(columns)}; "
                                                f"found {', '.join(header or ['nothing'])}")
    for cells in reader:
        line, ended = ended + 1, reader.line_num
        if not cells:
            continue
        row += 1
        if len(cells) != len(columns):
            raise ProgrammeDataError(file, line, None, f"expected {len(columns)} fields")
        yield line, row, {k: v.strip() for k, v in zip(columns, cells, strict=True)}


def _is_page_address(text: str) -> bool:
    """Whether ``text`` is one http(s) address an IRI can be made of (:data:`_NOT_IN_ADDRESS`), with a host, and not
    two run together ("https://a/,https://b/"; an archived page's address holds another after a '/')."""
    if _NOT_IN_ADDRESS.search(text) or re.search(r",https?://", text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:  # "http://[::1"
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _integer(value: str, file: str, line: int, column: str) -> int | None:
    if not value:
        return None
    if not value.isdigit():
        raise ProgrammeDataError(file, line, column, f"{value!r} is not a whole number")
    return int(value)


def parse(regions_text: str, memberships_text: str) -> Programme:
    """Both CSVs as a :class:`Programme`, or :class:`ProgrammeDataError` saying where they are wrong."""
    regions: dict[str, Region] = {}
    for line, number, row in _rows(regions_text, REGIONS, REGION_COLUMNS):
        slug = row["slug"]
        if not is_slug(slug):
            raise ProgrammeDataError(REGIONS, line, "slug", f"{slug!r} is not a URI slug (a-z, 0-9, hyphens)")
        if slug in regions:
            raise ProgrammeDataError(REGIONS, line, "slug", f"{slug!r} is already on line {regions[slug].line}")
        if not row["name"]:
            raise ProgrammeDataError(REGIONS, line, "name", "empty")
        if not _COUNTY.match(row["county_code_2015"]):
            raise ProgrammeDataError(REGIONS, line, "county_code_2015",
                                     f"{row['county_code_2015']!r} is not a two-digit county number")
        if row["confidence"] not in CONFIDENCE_LEVELS:
            raise ProgrammeDataError(REGIONS, line, "confidence",
                                     f"{row['confidence']!r} is not one of {', '.join(CONFIDENCE_LEVELS)}")
        area = None
        if row["area_km2"]:
            try:
                area = Decimal(row["area_km2"])
            except InvalidOperation:
                raise ProgrammeDataError(REGIONS, line, "area_km2", f"{row['area_km2']!r} is not a number") from None
        count = _integer(row["member_count"], REGIONS, line, "member_count")
        if not count:
            raise ProgrammeDataError(REGIONS, line, "member_count", "a region has at least one member")
        sources = tuple(s.strip() for s in row["source"].split(SOURCE_SEPARATOR) if s.strip())
        if not sources:
            raise ProgrammeDataError(REGIONS, line, "source", "empty: expected the addresses of the pages the region "
                                     f"is known from, separated by {SOURCE_SEPARATOR!r}")
        for source in sources:
            if not _is_page_address(source):
                raise ProgrammeDataError(REGIONS, line, "source", f"{source!r} is not one page address (http or "
                                         "https, no space, no ';'); several are written in one cell separated by "
                                         f"{SOURCE_SEPARATOR!r}: https://a.example/ ; https://b.example/")
        regions[slug] = Region(slug, row["name"], row["county_code_2015"],
                               _integer(row["population_2015"], REGIONS, line, "population_2015"), area, count,
                               row["confidence"], sources, row["note"], line, number)

    members: dict[str, list[Membership]] = {slug: [] for slug in regions}
    for line, number, row in _rows(memberships_text, MEMBERSHIPS, MEMBERSHIP_COLUMNS):
        if row["region"] not in regions:
            raise ProgrammeDataError(MEMBERSHIPS, line, "region", f"no region {row['region']!r} in {REGIONS}")
        if not _CODE.match(row["municipality_code_2015"]):
            raise ProgrammeDataError(MEMBERSHIPS, line, "municipality_code_2015",
                                     f"{row['municipality_code_2015']!r} is not a four-digit kommunenummer")
        try:  # the membership's IRI ends in the name (graph.membership_key)
            slugify(row["municipality_name"])
        except ValueError:
            name = row["municipality_name"]
            problem = f"{name!r} holds no letter or digit" if name else "empty"
            raise ProgrammeDataError(MEMBERSHIPS, line, "municipality_name", problem) from None
        if row["role"] not in ROLES:
            raise ProgrammeDataError(MEMBERSHIPS, line, "role", f"{row['role']!r} is not one of {', '.join(ROLES)}")
        same = [m for m in members[row["region"]] if m.code == row["municipality_code_2015"]]
        if same:
            raise ProgrammeDataError(MEMBERSHIPS, line, "municipality_code_2015",
                                     f"{row['municipality_code_2015']} is already a member of "
                                     f"{row['region']} on line {same[0].line}")
        named = [m for m in members[row["region"]] if slugify(m.name) == slugify(row["municipality_name"])]
        if named:  # a membership's IRI ends in its name (graph.membership_key): two would be one
            raise ProgrammeDataError(MEMBERSHIPS, line, "municipality_name",
                                     f"{row['municipality_name']!r} is already a member of {row['region']} on line "
                                     f"{named[0].line} (as {named[0].name!r}, {named[0].code}): a region's members "
                                     "have names of their own")
        members[row["region"]].append(Membership(row["region"], row["municipality_code_2015"],
                                                 row["municipality_name"], row["role"], line, number))
    out = []
    for slug, region in regions.items():
        rows = tuple(members[slug])
        if region.confidence != "count-only" and len(rows) != region.member_count:
            raise ProgrammeDataError(MEMBERSHIPS, None, None, f"{slug} has {len(rows)} member rows but "
                                     f"{REGIONS} line {region.line} gives member_count {region.member_count}")
        out.append(Region(**{**region.__dict__, "members": rows}))
    return Programme(tuple(out))


def _text(folder: Path, name: str) -> str:
    """The file ``name`` of ``folder`` as text; a :class:`ProgrammeDataError` naming it (and the line of a byte that
    is not UTF-8) where it is missing or not UTF-8. utf-8-sig: a spreadsheet's "CSV UTF-8" starts with a byte order
    mark, which is no part of the first column."""
    try:
        body = (folder / name).read_bytes()
    except FileNotFoundError:
        raise ProgrammeDataError(name, None, None, "missing") from None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ProgrammeDataError(name, body.count(b"\n", 0, exc.start) + 1, None,
                                 f"not UTF-8 (byte 0x{body[exc.start]:02x}, as Windows-1252 or Latin-1 write "
                                 f"{body[exc.start:exc.start + 1].decode('cp1252', 'replace')!r}): save the file "
                                 "as UTF-8") from None


def read(folder: Path) -> Programme:
    """Read ``folder/regions.csv`` and ``folder/memberships.csv`` (``data/programme`` in the repository)."""
    return parse(_text(folder, REGIONS), _text(folder, MEMBERSHIPS))
