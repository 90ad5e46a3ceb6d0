"""A kommunenummer held by two municipalities, one after the other, answered end to end in this process: the
build's own code (code history from an Oxigraph store, the choices rendered into a real documents.sqlite) and
the server's own answer (byregion.serve.documents.answer). The repository's data since 2014 has no such number
(tests/test_lookups_http.py has the same case over HTTP for a Wikidata item); the next reform may bring one,
and it must be an addition of data only.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS, XSD

from byregion.docstore import DocumentStore, DocumentWriter
from byregion.graph_index import GraphIndex
from byregion.identifiers import documents
from byregion.identifiers.build import FILE, history_of, write
from byregion.namespaces import BASE, BR, ID, SCHEMA
from byregion.serve import documents as serve
from byregion.serve.rules import Answer, Request
from byregion.store.convert import to_oxigraph

pytestmark = pytest.mark.fast

OLD, NEW = "/id/municipality/oldtown", "/id/municipality/newtown"


def reference_store() -> ox.Store:
    """Oldtown held 1234 until 2019-12-31, Newtown from 2024-01-01 (and 5678 before that)."""
    graph = Graph()
    for slug, name, numbers in (("oldtown", "Oldtown", [("1234", None, "2019-12-31")]),
                                ("newtown", "Newtown", [("5678", "2020-01-01", "2023-12-31"),
                                                        ("1234", "2024-01-01", None)])):
        unit = ID[f"municipality/{slug}"]
        graph.add((unit, RDF.type, BR.Municipality))
        graph.add((unit, SKOS.prefLabel, Literal(name, lang="nb")))
        for code, start, end in numbers:
            number = ID[f"municipality/{slug}/number/{code}"]
            graph.add((unit, BR.municipalityNumber, number))
            graph.add((number, RDF.type, BR.MunicipalityNumber))
            graph.add((number, SKOS.notation, Literal(code)))
            if start:
                graph.add((number, SCHEMA.validFrom, Literal(start, datatype=XSD.date)))
            if end:
                graph.add((number, SCHEMA.validThrough, Literal(end, datatype=XSD.date)))
    store = ox.Store()
    store.extend(ox.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o), ox.DefaultGraph())  # type: ignore[arg-type]
                 for s, p, o in graph)
    return store


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[serve.Served]:
    folder: Path = tmp_path_factory.mktemp("reused")
    store = reference_store()
    assert write(store, folder, {"base_uri": BASE}) == [FILE]
    history = history_of(store, BASE)
    writer = DocumentWriter(folder / "documents.sqlite")
    for document in documents.documents(history, GraphIndex.from_store(store, BASE)):
        writer.add(document.path, document.formats, document.representations)
    writer.close()
    store_of_documents = DocumentStore(folder / "documents.sqlite")
    yield serve.Served(store_of_documents, dt.datetime(2026, 1, 1, tzinfo=dt.UTC), 2048, history)
    store_of_documents.close()


def get(served: serve.Served, path: str, query: str = "", **headers: str) -> Answer:
    params = dict(part.split("=", 1) for part in query.split("&") if part)
    found = serve.answer(served, Request("GET", path, params, {k.lower().replace("_", "-"): v
                                                                for k, v in headers.items()}, query))
    assert found is not None
    return found


def test_the_undated_look_up_is_300_listing_both_with_the_current_holder_preferred(served: serve.Served) -> None:
    answer = get(served, "/id/kommunenummer/1234", Accept="text/html", Accept_Language="en")
    assert answer.status == 300
    assert answer.header("Location") == NEW
    assert answer.header("Link") == f'<{OLD}>; rel="item"; title="Oldtown", <{NEW}>; rel="item"; title="Newtown"'
    page = answer.body.decode()
    assert "Several matches for municipality number 1234" in page
    # each linked at its page in the page's language (Location and Link name the IRIs)
    assert page.index('<a href="/doc/municipality/oldtown?lang=en">Oldtown</a>') < page.index(
        '<a href="/doc/municipality/newtown?lang=en">Newtown</a>')
    assert "(older than the records)" in page and "2019-12-31" in page and "2024-01-01" in page


def test_the_choices_in_turtle_hold_both_numbers_with_their_periods(served: serve.Served) -> None:
    answer = get(served, "/id/kommunenummer/1234", Accept="text/turtle")
    assert answer.status == 300 and answer.header("Content-Type") == "text/turtle; charset=utf-8"
    graph = Graph().parse(data=answer.body.decode(), format="turtle")
    holders = {str(s)[len(BASE):] for s, _, n in graph.triples((None, BR.municipalityNumber, None))
               if str(graph.value(n, SKOS.notation)) == "1234"}
    assert holders == {OLD, NEW}
    assert graph.value(ID["municipality/newtown/number/1234"], SCHEMA.validFrom) == \
        Literal("2024-01-01", datatype=XSD.date)


@pytest.mark.parametrize(("date", "status", "location"), [
    ("2019-12-31", 303, OLD), ("2020-01-01", 404, None), ("2023-12-31", 404, None), ("2024-01-01", 303, NEW),
])
def test_the_dated_look_up_picks_the_holder_of_the_day(served: serve.Served, date: str, status: int,
                                                       location: str | None) -> None:
    answer = get(served, "/id/kommunenummer/1234", f"date={date}", Accept_Language="en")
    assert answer.status == status and answer.header("Location") == location
    if status == 404:
        text = answer.body.decode()
        assert "Oldtown held it from before the records begin through 2019-12-31" in text
        # open as far as the records know, which end with the changes of the day Newtown began
        assert "Newtown held it from 2024-01-01, and still does in the newest records (the changes of 2024-01-01)" \
            in text
        assert f"On {date}, Newtown held the municipality number 5678: /id/kommunenummer/5678" in text


def test_the_table_has_a_row_for_each_holding(served: serve.Served) -> None:
    table = get(served, "/doc/municipalities.csv")
    assert table.status == 200
    rows = list(csv.DictReader(io.StringIO(table.body.decode(), newline="")))
    periods = [[row["code"], row["valid_from"], row["valid_through"]] for row in rows]
    assert periods == [["1234", "", "2019-12-31"], ["1234", "2024-01-01", ""],
                       ["5678", "2020-01-01", "2023-12-31"]]
