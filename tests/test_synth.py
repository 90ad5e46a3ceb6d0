"""Synthetic region pages (byregion/synth.py) and the repository `byregion synth` writes from them."""

from __future__ import annotations

import json
import multiprocessing
import os
import shlex
import shutil
import signal
import time
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF

from byregion import REPO_ROOT, programme, synth, uris
from byregion.build.writer import merge_and_validate
from byregion.cli import main
from byregion.cli.synth import PARALLEL_FROM_PAGES, _Importer, imported_pages, triple_count
from byregion.importer import import_document
from byregion.namespaces import BR
from byregion.settings import Settings
from byregion.workers import WorkerDied
from tests.support.reference import cut_reference

pytestmark = pytest.mark.slow  # loads or builds the whole data

MUNICIPALITIES_CSV = (REPO_ROOT / "data/reference/csv/municipalities.csv").read_text("utf-8")


def test_a_page_is_the_same_text_for_the_same_index_and_seed_and_another_for_another() -> None:
    municipalities = synth.municipalities_on(MUNICIPALITIES_CSV)
    assert synth.page(3, 1, municipalities) == synth.page(3, 1, municipalities)
    assert synth.page(3, 1, municipalities).text != synth.page(3, 2, municipalities).text
    assert synth.page(3, 1, municipalities).text != synth.page(4, 1, municipalities).text


def test_every_page_has_its_own_region_name_and_a_synth_slug() -> None:
    municipalities = synth.municipalities_on(MUNICIPALITIES_CSV)
    slugs = [synth.page(i, 1, municipalities).slug for i in range(3000)]
    assert len(set(slugs)) == len(slugs)
    assert all(slug.startswith("synth-") and uris.is_slug(slug) for slug in slugs)


def test_the_facts_block_names_municipalities_that_held_a_number_on_1_january_2015() -> None:
    municipalities = synth.municipalities_on(MUNICIPALITIES_CSV)
    names = {m.name for m in municipalities}
    assert {"Notodden", "Kongsberg", "Tinn", "Sauherad"} <= names
    assert "Indre Østfold" not in names  # made on 2020-01-01
    assert "Nore og Uvdal" not in names  # the importer reads "og" in a member list as "and"
    assert not any("(" in name for name in names)  # "Bø (Telemark)": two municipalities were called Bø


@pytest.fixture(scope="module")
def importer() -> _Importer:
    return _Importer(REPO_ROOT)


def test_the_importer_reads_a_page_as_the_programmes_template(importer: _Importer) -> None:
    page = synth.page(0, 1, importer.municipalities)
    result = import_document(page.text.encode("utf-8"), reference=importer.reference, themes=importer.themes,
                             programme=importer.programme)
    graph = result.graph
    region = uris.region(page.slug)
    assert result.slug == page.slug and (region, RDF.type, BR.CityRegion) in graph
    assert len(result.warnings) == 1 and "is not in the programme's list" in result.warnings[0]
    for kind in (BR.goal, BR.result, BR.advice, BR.followUp, BR.applicationExcerpt, BR.introduction):
        assert list(graph.objects(region, kind)), f"no {kind} read from the page"
    assert all(graph.value(advice, DCTERMS.title) for advice in graph.objects(region, BR.advice))
    members = [graph.value(m, ORG.member) for m in graph.objects(region, BR.membership)]
    assert len(members) >= 2
    assert all(str(m).startswith(str(uris.municipality(""))) for m in members)  # resolved, none unknown
    assert graph.value(region, BR.population) is not None and graph.value(region, BR.area) is not None


def test_a_page_never_takes_a_programme_regions_name(importer: _Importer) -> None:
    taken = programme.read(REPO_ROOT / programme.DATA_DIR)
    applicants = {m.name for r in taken.regions for m in r.applicants}
    assert not applicants & {m.name for m in importer.municipalities}
    assert "Fjell" not in {m.name for m in importer.municipalities}  # "Fjell" finds Fjellregionen


def test_the_parallel_import_gives_the_serial_pages_in_order_and_stops_at_once_when_a_worker_is_killed(
        importer: _Importer) -> None:
    """From :data:`PARALLEL_FROM_PAGES` pages on, ``byregion synth`` imports in a pool of worker processes: the
    pages come as the serial import gives them, in order. A worker killed as the kernel's out-of-memory killer
    kills (SIGKILL) loses the pages it was given: the import stops within seconds, naming it, instead of waiting
    for them for ever (``byregion synth`` then removes what it wrote and exits 1)."""
    before = set(multiprocessing.active_children())
    pages = imported_pages(REPO_ROOT, 1, jobs=2, expected=PARALLEL_FROM_PAGES)
    try:
        parallel = [next(pages) for _ in range(3)]
        workers = [child for child in multiprocessing.active_children() if child not in before]
        assert len(workers) == 2
        os.kill(workers[0].pid, signal.SIGKILL)
        begun = time.monotonic()
        with pytest.raises(WorkerDied, match=rf"a worker process importing synthetic pages \(pid {workers[0].pid}\) "
                                             r"ended before it answered: it was killed \(SIGKILL\)"):
            for _ in range(20):  # a few pages are given out ahead of the reader: the lost one among them
                next(pages)
        assert time.monotonic() - begun < 30
    finally:
        pages.close()  # ends the pool and the pages it was still importing
    assert not [child for child in multiprocessing.active_children() if child not in before]
    assert [(p.page.slug, p.turtle) for p in parallel] == [
        (p.page.slug, p.turtle) for p in (importer(index, 1) for index in range(3))]


def test_sizes_are_written_as_people_write_them() -> None:
    assert (triple_count("10k"), triple_count("1M"), triple_count("2500"), triple_count("1.5m")) == (
        10_000, 1_000_000, 2_500, 1_500_000)


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_synth_writes_the_same_repository_twice_and_a_build_of_it_holds_the_triples_it_says(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # The repository without its boundary files and with the reference data cut to what its regions use
    # (about 15k triples with the name changes it keeps; all of it is 45k, half of it geometry, which makes every
    # step here longer and is not what synth is about): a few synthetic pages more.
    source = tmp_path / "source"
    for name in ("ontology", "data", "shapes"):
        shutil.copytree(REPO_ROOT / name, source / name)
    shutil.rmtree(source / "data" / "reference" / "geo")
    cut_reference(source)
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        assert main(["synth", str(out), "--triples", "16k", "--jobs", "1", "--repo", str(source)]) == 0
    assert files(first) == files(second)
    # the command it ends with builds the copy in a folder of its own, never into the build folder of where it is
    # run (a docs review: the line named the repository alone, and the synthetic data became the checkout's current)
    command = shlex.split(capsys.readouterr().out.rsplit("build it with ", 1)[1])
    assert command[-2:] == ["byregion", "build"]
    told = Settings.from_env(dict(word.split("=", 1) for word in command[:-2]))
    assert (told.repo_dir, told.build_dir) == (second, second / "build")
    summary = json.loads((first / "synth.json").read_text())
    pages = sorted(p.name for p in (first / "data/sources").glob("synth-*.txt"))
    assert summary["pages"] == len(pages) >= 2
    assert summary["triples"] >= 16_000
    assert sorted(p.name for p in (first / "data/regions").glob("synth-*.ttl")) == [
        name.replace(".txt", ".ttl") for name in pages]
    assert main(["synth", str(first), "--triples", "15k"]) == 1
    assert "is not empty" in capsys.readouterr().err

    # the build's own merging and validation, whose count is the build's (its manifest's "triples"); rendering the
    # pages would add a quarter of a minute and nothing to what synth says
    merged = merge_and_validate(Settings.from_env({}, repo_dir=first, build_dir=tmp_path / "build"),
                                tmp_path / "dataset.nq", None, progress=False)
    assert merged.conforms, merged.results[:3]
    assert merged.quads == summary["triples"]
    regions = {URIRef(g.iri) for g in merged.graphs}
    assert {uris.graph(f"region/{name[:-4]}") for name in pages} <= regions
    assert Graph().parse(first / "data/regions" / pages[0].replace(".txt", ".ttl"))


@pytest.mark.parametrize("where", ["the repository", "its parent", "inside it", "a file"])
def test_synth_never_writes_over_or_into_the_repository_it_copies(tmp_path: Path, where: str,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """``--force`` replaces OUT; OUT the repository, a folder around it or one inside it would delete or
    copy it into itself, and a file is not a folder: each is refused before anything is touched."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "kept.txt").write_text("kept\n", encoding="utf-8")
    out = {"the repository": repo, "its parent": tmp_path, "inside it": repo / "synth",
           "a file": repo / "data" / "kept.txt"}[where]
    assert main(["synth", str(out), "--triples", "10k", "--repo", str(repo), "--force"]) == 1
    assert "choose a folder" in capsys.readouterr().err
    assert (repo / "data" / "kept.txt").read_text(encoding="utf-8") == "kept\n"
