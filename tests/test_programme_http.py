"""The programme's pages over a real HTTP server (`byregion serve`), on the site fixture: the programme
document with every region and municipality and its computed figures, a region whose page text has not
been collected, and the ways people and crawlers find them."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import ORG

from byregion.build import PublishedBuild
from byregion.namespaces import BR
from tests.conftest import Server

pytestmark = pytest.mark.slow  # `byregion serve` over a real build

PROGRAMME = "/doc/programme/byregionprogrammet"
NO_TEXT = "/doc/region/midt-telemark"


def get(server: Server, path: str, **headers: str) -> requests.Response:
    response = requests.get(server.url + path, headers=headers, timeout=20)
    assert response.status_code == 200, (path, response.status_code)
    return response


def test_programme_document_names_every_region_and_member_in_rdf(server: Server, site_build: PublishedBuild) -> None:
    graph = Graph().parse(data=get(server, PROGRAMME, Accept="text/turtle").text, format="turtle")
    programme = URIRef(f"{site_build.base_uri}/id/programme/byregionprogrammet")
    regions = set(graph.subjects(BR.programme, programme))
    assert {str(r).rsplit("/", 1)[-1] for r in regions} == {"notodden", "midt-telemark"}
    for region in regions:
        assert graph.value(region, BR.confidence) is not None and graph.value(region, BR.county) is not None
    members = {str(m).rsplit("/", 1)[-1] for r in regions for ms in graph.objects(r, BR.membership)
               for m in graph.objects(ms, ORG.member)}
    assert members == {"notodden", "sauherad"}
    assert len(set(graph.objects(programme, BR.figure))) >= 8


def test_programme_page_lists_regions_municipalities_and_figures_with_how(server: Server) -> None:
    html = get(server, PROGRAMME + "?lang=en").text
    regions = html.split('id="regions"', 1)[1].split("</table>", 1)[0]
    assert 'href="/doc/region/notodden?lang=en"' in regions and 'href="/doc/region/midt-telemark?lang=en"' in regions
    assert "54,165" in regions  # Notodden's population, as English writes it
    assert "facts block" in regions and "secondary source" in regions  # each region's confidence
    municipalities = html.split('id="municipalities"', 1)[1].split("</table>", 1)[0]
    sauherad = next(row for row in municipalities.split("<tr") if "/doc/municipality/sauherad?lang=en" in row)
    assert 'class="several"' in sauherad and "Notodden" in sauherad and "Midt-Telemark" in sauherad
    assert "Participating municipalities in the data" in html and "Municipalities in more than one region" in html


def test_each_figures_query_link_gives_the_figure_shown(server: Server) -> None:
    html = get(server, PROGRAMME + "?lang=en").text
    rows = re.findall(r'<tr id="figure-([a-z0-9-]+)"[^>]*><th scope="row"[^>]*>.*?<td class="number"[^>]*>([^<]+)</td>'
                      r'.*?<a href="(/sparql\?query=[^"#]+)(?:#answer)?" aria-describedby="figure-[a-z0-9-]+-name">',
                      html, flags=re.S)
    assert {slug for slug, _, _ in rows} >= {"regions", "municipalities", "municipalities-in-several-regions",
                                             "population-sum", "participation-share"}
    for slug, shown, link in rows:
        query = parse_qs(urlsplit(unescape(link)).query)["query"][0]
        answer = requests.get(server.url + "/sparql", params={"query": query},
                              headers={"Accept": "application/sparql-results+json"}, timeout=20).json()
        value = answer["results"]["bindings"][0]["value"]["value"]
        # the English page groups thousands with commas
        assert float(value) == float(shown.replace(",", "")) or \
            f"{float(value):.1f}" == shown, slug
    several = dict((slug, shown) for slug, shown, _ in rows)["municipalities-in-several-regions"]
    assert several == "1"  # Sauherad, in both fixture regions


def test_a_region_without_page_text_has_a_real_page(server: Server) -> None:
    html = get(server, NO_TEXT + "?lang=en").text
    assert 'id="no-text"' in html and "not in the dataset yet" in html
    members = html.split('id="members"', 1)[1].split("</table>", 1)[0]
    assert 'href="/doc/municipality/sauherad?lang=en"' in members and "0822 (through 2019)" in members
    assert "Sauherad was also a member of the city region Notodden" in members  # the conflict, where it applies
    assert "secondary source" in html and "https://www.sa-ho.no/byregionprogrammet" in html
    assert "Invented for the tests: the applicant is not known." in html  # the table's note
    assert 'id="document"' not in html  # no empty source-document section


def test_the_imported_region_says_where_its_page_and_confidence_come_from(server: Server) -> None:
    html = get(server, "/doc/region/notodden?lang=en").text
    assert 'id="no-text"' not in html and 'id="document"' in html
    assert "facts block" in html and "Sauherad was also a member of the city region Midt-Telemark" in html


@pytest.mark.parametrize(("path", "said"), [
    (NO_TEXT + "?lang=en", 'The member list is that of <a href="/doc/programme/byregionprogrammet/phase/2?lang=en">'
                           "Phase 2</a>."),  # the fixture's label of the phase
    ("/doc/region/notodden", 'Medlemslisten gjelder <a href="/doc/programme/byregionprogrammet/phase/2">'
                             "Fase 2</a>."),
])
def test_a_regions_page_says_which_phase_its_member_list_is_of(server: Server, path: str, said: str) -> None:
    """The members are phase 2's (br:inPhase), a table's or a page's: the page says so above them and links the
    phase, so that a reader does not take them for phase 1's (a researcher's review found the data silent)."""
    html = get(server, path).text
    members = html.split('id="members"', 1)[1]
    assert f'<p class="meta" id="members-phase">{said}</p>' in members.split("</table>", 1)[1].split("<h2", 1)[0]


def test_home_page_and_menu_lead_to_the_programme(server: Server) -> None:
    html = get(server, "/").text
    assert html.count('href="/doc/programme/byregionprogrammet"') >= 2
    assert 'href="/doc/region/midt-telemark"' in html


def test_sitemap_void_and_dumps_include_the_programme_graph(server: Server, site_build: PublishedBuild) -> None:
    sitemap = get(server, "/sitemap.xml").text
    assert "/doc/region/midt-telemark</loc>" in sitemap and "/doc/programme/byregionprogrammet</loc>" in sitemap
    void = get(server, "/.well-known/void", Accept="text/turtle").text
    assert f"{site_build.base_uri}/graph/programme/regions" in void
    trig = get(server, "/dumps/byregion.trig").text
    assert f"<{site_build.base_uri}/graph/programme/regions>" in trig
