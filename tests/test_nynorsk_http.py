"""A region page written in Nynorsk, imported and built with the rest: its words keep the tag ``nn``, the shapes take
it as the Norwegian text, and the pages, search, SPARQL examples and catalogue read it as Norwegian without
calling it Bokmål (``lang="nn"`` where it stands on a page, Nynorsk among the dataset's languages). Beside it, a
page with lead-in lines, which the region's page shows above the statements under them."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS

from byregion.build import build
from byregion.cli import main
from byregion.settings import Settings
from byregion.sparql.examples import EXAMPLES
from tests.conftest import Server, serving

pytestmark = pytest.mark.slow  # builds and serves a copy of the fixture site

PAGE = Path(__file__).parent / "fixtures" / "documents" / "nynorsk.txt"
CAPTIONED = Path(__file__).parent / "fixtures" / "documents" / "fjell-newer.txt"
GOAL = "Målet er å gjere regionen meir attraktiv for unge vaksne."
TRANSLATION = "The goal is to make the region more attractive to young adults."
NYNORSK = URIRef("http://publications.europa.eu/resource/authority/language/NNO")


@pytest.fixture(scope="module")
def nynorsk_site(site_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("nynorsk")
    repo = root / "repo"
    shutil.copytree(site_settings.repo_dir, repo)
    page = repo / "data" / "sources" / "bo.txt"
    shutil.copyfile(PAGE, page)
    assert main(["import", str(page), "--out", str(repo / "data" / "regions" / "bo.ttl"), "--repo", str(repo)]) == 0
    captioned = repo / "data" / "sources" / "fjellregionen.txt"  # a page with lead-in lines (br:Caption)
    shutil.copyfile(CAPTIONED, captioned)
    assert main(["import", str(captioned), "--out", str(repo / "data" / "regions" / "fjellregionen.ttl"),
                 "--repo", str(repo)]) == 0
    (repo / "data" / "curation" / "bo.ttl").write_text(  # a curated translation of the Nynorsk goal
        f'<https://data.byregion.no/id/region/bo/goal/1> <https://schema.org/text> "{TRANSLATION}"@en .\n',
        encoding="utf-8")
    settings = replace(site_settings, repo_dir=repo, build_dir=root / "build")
    build(settings, progress=False)  # raises where the shapes find a violation: nn is Norwegian text to them
    with serving(settings) as running:
        yield running


def test_the_page_marks_the_nynorsk_text_as_nynorsk(nynorsk_site: Server) -> None:
    html = requests.get(f"{nynorsk_site.url}/doc/region/bo/goal/1?lang=nb", headers={"Accept": "text/html"},
                        timeout=10).text
    assert f'<span lang="nn">{GOAL}' in html  # a screen reader reads it as Nynorsk
    region = requests.get(f"{nynorsk_site.url}/doc/region/bo?lang=nb", headers={"Accept": "text/html"},
                          timeout=10).text
    assert f'<span lang="nn">{GOAL}' in region
    result = requests.get(f"{nynorsk_site.url}/doc/region/bo/result/1?lang=en", headers={"Accept": "text/html"},
                          timeout=10).text  # no translation: the Nynorsk text, marked, on the English page too
    assert '<span lang="nn">Ein felles strategi for busetjing' in result


def test_an_english_translation_shows_its_original_as_nynorsk(nynorsk_site: Server) -> None:
    html = requests.get(f"{nynorsk_site.url}/doc/region/bo/goal/1?lang=en", headers={"Accept": "text/html"},
                        timeout=10).text
    assert TRANSLATION in html and f'<p lang="nn">{GOAL}' in html  # the original under the translation


def test_the_documents_keep_the_tag(nynorsk_site: Server) -> None:
    turtle = requests.get(f"{nynorsk_site.url}/doc/region/bo/goal/1.ttl", timeout=10).text
    assert f'"{GOAL}' in turtle and '"@nn' in turtle and '"@nb' in turtle  # the text nn, its label ours in nb


def test_search_finds_nynorsk_words_and_says_the_snippet_is_nynorsk(nynorsk_site: Server) -> None:
    found = requests.get(f"{nynorsk_site.url}/search.json", params={"q": "busetjing"}, timeout=10).json()
    snippets = [hit["snippet"] for hit in found["results"] if hit["path"] == "/doc/region/bo/result/1"]
    assert snippets and snippets[0]["lang"] == "nn"


def test_the_advice_example_lists_advice_written_in_nynorsk(nynorsk_site: Server) -> None:
    query = next(example.query for example in EXAMPLES if example.slug == "advice")
    answer = requests.post(f"{nynorsk_site.url}/sparql", data={"query": query},
                           headers={"Accept": "application/sparql-results+json"}, timeout=30)
    rows = answer.json()["results"]["bindings"]
    titles = {row["title"]["value"]: row["title"].get("xml:lang") for row in rows
              if row["region"]["value"].endswith("/region/bo")}
    assert titles == {"Tid": "nn", "Forankring": "nn"}


def test_the_dataset_is_said_to_be_in_nynorsk_too(nynorsk_site: Server) -> None:
    dataset = Graph().parse(data=requests.get(f"{nynorsk_site.url}/dataset.ttl", timeout=10).text, format="turtle")
    languages = set(dataset.objects(None, DCTERMS.language))
    assert NYNORSK in languages and len(languages) == 3
    # the dataset's page, where the schema.org Dataset is marked up (on its own page alone)
    page = requests.get(f"{nynorsk_site.url}/dataset", headers={"Accept": "text/html"}, timeout=10).text
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    described = [json.loads(block) for block in blocks]
    assert [d["inLanguage"] for d in described if d.get("@type") == "Dataset"] == [["nb", "nn", "en"]]


def test_a_pages_lead_in_lines_stand_above_the_statements_under_them(nynorsk_site: Server) -> None:
    """An unseen-pages review: a page's lead-ins ("Sammen med andre aktører har Byregionprosjektet bidratt til:")
    were in its RDF and nowhere on the region's page, whose list then read as the page's own sentences."""
    html = requests.get(f"{nynorsk_site.url}/doc/region/fjellregionen?lang=nb", headers={"Accept": "text/html"},
                        timeout=10).text
    shown = re.findall(r'<p class="lead-in"><span>([^<]*)</span></p>', html)
    assert shown == ["Innsatsområder:", "Sammen med andre aktører har Byregionprosjektet bidratt til:"]
    lead_in = html.index("Sammen med andre aktører har Byregionprosjektet bidratt til:")
    assert lead_in < html.index("en felles plan for næringsarealer") < html.index("bedre kunnskap om pendling")
    english = requests.get(f"{nynorsk_site.url}/doc/region/fjellregionen?lang=en", headers={"Accept": "text/html"},
                           timeout=10).text  # no translation: the Norwegian words, marked so
    assert '<p class="lead-in"><span lang="nb">Innsatsområder:</span>' in english
