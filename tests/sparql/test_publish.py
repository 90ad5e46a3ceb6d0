"""``byregion.publish``: a build replaces the remote data only once it is completely loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
import requests
from rdflib import Dataset, Literal, URIRef

from byregion.build import open_current
from byregion.build.writer import canonical_nquads, file_info
from byregion.publish import PublishError, publish
from tests.support.servers import start_oxigraph, stop

pytestmark = pytest.mark.slow  # a real build; Oxigraph servers

EX = "https://data.byregion.no/graph/"


def make_build(dataset: Dataset, build_dir: Path, version: str = "20240101T000000Z") -> Path:
    """A minimal build folder (dataset.nq, store/, manifest.json, `current`) of a few made-up triples:
    publishing moves whatever a build holds, so these builds need no shapes."""
    folder = build_dir / version
    folder.mkdir(parents=True)
    nquads = canonical_nquads(dataset)
    (folder / "dataset.nq").write_bytes(nquads)
    store = ox.Store(str(folder / "store"))
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    manifest = {
        "version": version, "created": "2024-01-01T00:00:00Z", "base_uri": "https://data.byregion.no",
        "content_sha256": "", "triples": nquads.count(b"\n"), "history": [], "previous_version": None,
        "graphs": [{"iri": str(g.identifier), "triples": len(g)}
                   for g in sorted(dataset.graphs(), key=lambda g: str(g.identifier)) if len(g)],
        "files": {"dataset.nq": file_info(folder / "dataset.nq")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2), "utf-8")
    (build_dir / "current").symlink_to(version)
    return folder


def small_dataset(label: str, graphs: list[str]) -> Dataset:
    data = Dataset()
    for name in graphs:
        for i in range(3):
            data.graph(URIRef(EX + name)).add((URIRef(f"https://data.byregion.no/id/x/{name}/{i}"),
                                               URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                               Literal(f"{label} {i}")))
    return data


def served(base: str) -> dict[str, set[str]]:
    query = "SELECT ?g ?label WHERE { GRAPH ?g { ?s ?p ?label } }"
    rows = requests.post(base + "/query", data={"query": query}, timeout=30,
                         headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    out: dict[str, set[str]] = {}
    for row in rows:
        out.setdefault(row["g"]["value"], set()).add(row["label"]["value"])
    return out


class FailingSession(requests.Session):
    """Breaks the connection on the n-th Graph Store PUT, as a dying network would."""

    def __init__(self, fail_at: int) -> None:
        super().__init__()
        self.puts = 0
        self.fail_at = fail_at

    def put(self, *args, **kwargs):  # type: ignore[no-untyped-def,override]
        self.puts += 1
        if self.puts == self.fail_at:
            raise requests.ConnectionError("connection reset by peer (simulated)")
        return super().put(*args, **kwargs)


def test_publish_replaces_data_and_a_failed_load_leaves_the_previous_data(tmp_path: Path) -> None:
    first_dir, second_dir, third_dir = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    make_build(small_dataset("first", ["ontology", "region/a", "region/old"]), first_dir)
    make_build(small_dataset("second", ["ontology", "region/a", "region/b"]), second_dir)
    make_build(small_dataset("third", ["ontology", "region/a", "region/b"]), third_dir)
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        publish(open_current(first_dir), server.base)
        assert served(server.base) == {EX + g: {"first 0", "first 1", "first 2"}
                                       for g in ["ontology", "region/a", "region/old"]}

        result = publish(open_current(second_dir), server.base + "/query")  # the query URL works too
        assert result.dropped == [EX + "region/old"]
        assert served(server.base) == {EX + g: {"second 0", "second 1", "second 2"}
                                       for g in ["ontology", "region/a", "region/b"]}

        with pytest.raises(PublishError, match="simulated"):
            publish(open_current(third_dir), server.base, session=FailingSession(fail_at=2))
        after = served(server.base)
        assert after == {EX + g: {"second 0", "second 1", "second 2"} for g in ["ontology", "region/a", "region/b"]}
    finally:
        stop(server.process)


def test_build_cli_publishes_the_current_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from byregion.publish import publish_cli

    make_build(small_dataset("cli", ["ontology"]), tmp_path / "build")
    server = start_oxigraph(tmp_path / "oxigraph")
    try:
        assert publish_cli(tmp_path / "build", server.base) == 0
        assert "published build" in capsys.readouterr().out
        assert served(server.base) == {EX + "ontology": {"cli 0", "cli 1", "cli 2"}}
        stop(server.process)
        assert publish_cli(tmp_path / "build", server.base) == 1
        assert "still serves its previous data" in capsys.readouterr().err
    finally:
        stop(server.process)
