"""A region's members are named as they were called when they took part (the table's names, of 2015), with the
municipality's name today beside them where it is another: Hallingdal's "Nes" became Nesbyen in 2020, and its
page said "Nesbyen" of a member of 2015 (a Norwegian domain expert's review). A name told apart only by its county
("Bø" is "Bø (Telemark)") is the same name and gets no "now"."""

from __future__ import annotations

import pytest
import requests

from byregion.uris import page_path
from tests.conftest import Server
from tests.support.html import parse

pytestmark = pytest.mark.slow  # `byregion serve` over a real build of the repository's data


def member_cells(server: Server, path: str, lang: str, table_id: str) -> dict[str, str]:
    """The header of each row of the table labelled ``table_id`` (its first cell): the IRI path of the thing its link
    leads to (``/id/municipality/gol``; the link is its page in the reader's language, ``uris.page_path``) → its
    text."""
    page = requests.get(server.url + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    wrap = root.find("div", **{"aria-labelledby": table_id})
    cells = {}
    for row in wrap.find_all("tr"):
        first = row.find("th") if row.find_all("td") else None  # a body row's header: its unit
        links = first.find_all("a") if first is not None else []
        if links:
            href = links[0].attrs["href"]
            iri_path = "/id/" + href.removeprefix("/doc/").partition("?")[0]
            assert href == page_path(iri_path, lang), href  # the member's page, in the reader's language
            cells[iri_path] = first.text
    return cells


@pytest.mark.parametrize(("lang", "nes", "sauherad"), [
    ("nb", "Nes (nå Nesbyen)", "Sauherad (nå en del av Midt-Telemark (4020))"),
    ("en", "Nes (now Nesbyen)", "Sauherad (now part of Midt-Telemark (4020))")])
def test_a_regions_members_are_named_as_they_were_then_with_their_name_today(
        real_server: Server, lang: str, nes: str, sauherad: str) -> None:
    hallingdal = member_cells(real_server, "/doc/region/hallingdal", lang, "members")
    assert hallingdal["/id/municipality/nes-buskerud"] == nes
    assert hallingdal["/id/municipality/gol"] == "Gol"
    fjell = member_cells(real_server, "/doc/region/fjellregionen", lang, "members")
    assert fjell["/id/municipality/roros"].startswith("Røros (")  # Røros - Rosse since 2023
    notodden = member_cells(real_server, "/doc/region/notodden", lang, "members")
    assert notodden["/id/municipality/sauherad"].startswith(sauherad)  # ended: what it is part of today, no name
    renamed = [text for text in notodden.values() if ("(nå " in text or "(now " in text) and " part of " not in text
               and " en del av " not in text]
    assert not renamed, notodden  # no member of Notodden's was renamed (Bø is Bø (Telemark) in Midt-Telemark's)


def test_the_programmes_list_of_municipalities_names_them_as_they_were_then(real_server: Server) -> None:
    """... and, as a region's table does, what each is called now or what it became (a language review: the list said
    neither, and three municipalities were called "Nes" in 2015)."""
    listed = member_cells(real_server, "/doc/programme/byregionprogrammet", "nb", "municipalities")
    assert listed["/id/municipality/nes-buskerud"] == "Nes (nå Nesbyen)"  # the link names it today
    assert listed["/id/municipality/harstad"] == "Harstad (nå Harstad - Hárstták)"
    assert listed["/id/municipality/sauherad"] == "Sauherad (nå en del av Midt-Telemark (4020))"
    assert listed["/id/municipality/lavangen"] == "Lavangen (offisielt Loabák - Lavangen)"
    assert listed["/id/municipality/tysfjord-divtasvuodna"].endswith(
        "(nå delt mellom Narvik (1806) og Hábmer - Hamarøy (1875))")
    assert listed["/id/municipality/gol"] == "Gol"
    english = member_cells(real_server, "/doc/programme/byregionprogrammet", "en", "municipalities")
    assert english["/id/municipality/nes-buskerud"] == "Nes (now Nesbyen)"


@pytest.mark.parametrize(("path", "member", "shown"), [
    # renamed, but it ended in 2019: not "now" a name, but what it is part of today
    ("/doc/region/namsosregionen", "/id/municipality/namsos",
     "Namsos (nå en del av Namsos - Nåavmesjenjaelmie (5007))"),
    # ended in 2019, never renamed; the table wrote its Norwegian name alone
    ("/doc/region/salten", "/id/municipality/habmer-hamaroy-1849",
     "Hamarøy (offisielt Hábmer - Hamarøy) (nå en del av Hábmer - Hamarøy (1875))"),
    # renamed on 2015-01-01 itself: not "now", but its official name on the day, which the table did not write (a
    # language review: the page had hidden the name that was official then)
    ("/doc/region/harstadregionen", "/id/municipality/lavangen", "Lavangen (offisielt Loabák - Lavangen)"),
    ("/doc/region/elverumregionen", "/id/municipality/valer-hedmark", "Våler"),  # only its county told apart
    ("/doc/region/fjellregionen", "/id/municipality/roros", "Røros (nå Røros - Rosse)"),  # renamed in 2023
    # renamed in 2018 under the number it held in 2015 (1903), which the number's label, its latest name, hid
    ("/doc/region/harstadregionen", "/id/municipality/harstad", "Harstad (nå Harstad - Hárstták)"),
])
def test_now_is_said_only_of_a_municipality_renamed_after_the_reference_date_that_still_exists(
        real_server: Server, path: str, member: str, shown: str) -> None:
    """A review of the first version: "nå Namsos - Nåavmesjenjaelmie" of a Namsos that ended in 2019, "nå Hábmer -
    Hamarøy" of a name that never changed: the note compared the table's short name with today's."""
    assert member_cells(real_server, path, "nb", "members")[member] == shown


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_members_name_is_marked_in_the_language_the_reader_gets(real_server: Server, lang: str) -> None:
    """The Notodden region's members are named on its page (@nb) and in the curation's translation (@en): each
    reader gets the name in their own language, so a screen reader reads "Hjartdal" with a Norwegian voice on the
    Norwegian page (an accessibility review found all six marked ``lang="en"`` there)."""
    page = requests.get(real_server.url + "/doc/region/notodden", params={"lang": lang},
                        headers={"Accept": "text/html"}, timeout=10)
    root, _ = parse(page.text)
    wrap = root.find("div", **{"aria-labelledby": "members"})
    assert root.find("html").attrs["lang"] == lang
    first_cells = [row.find("th") for row in wrap.find_all("tr") if row.find_all("td")]  # each row's header
    names = [cell.find_all("a")[0] for cell in first_cells]
    marked = {a.text: a.attrs.get("lang", lang) for a in names}  # unmarked: the page's language
    assert len(marked) == 6 and set(marked.values()) == {lang}, marked
