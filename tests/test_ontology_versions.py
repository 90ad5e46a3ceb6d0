"""The ontology's version IRIs as a specification: each earlier version the ontology names is kept as it was
published (ontology/versions/), and its IRI answers with that text in every format of the ontology's document,
its page saying that it is an earlier version; a named version without its text is refused."""

from __future__ import annotations

import hashlib
import re
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic, to_isomorphic
from rdflib.namespace import OWL

from byregion import REPO_ROOT
from byregion.build.render.documents import Document, Renderer
from byregion.build.render.ontology_versions import MissingVersion, load, named, own_statements, version_index
from byregion.graph_index import GraphIndex
from byregion.mediatypes import RDF_TYPES, MediaType
from byregion.namespaces import BASE, ONTOLOGY_IRI

pytestmark = pytest.mark.fast

ONTOLOGY = REPO_ROOT / "ontology" / "byregion.ttl"
VERSIONS = REPO_ROOT / "ontology" / "versions"
RDFLIB_FORMAT = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
                 "application/rdf+xml": "xml"}


@pytest.fixture(scope="module")
def current(tmp_path_factory: pytest.TempPathFactory) -> GraphIndex:
    """The ontology as it is, with the programme's data (which names the ontology's publisher), indexed as the build
    indexes its graph."""
    both = Graph().parse(ONTOLOGY)
    both.parse(REPO_ROOT / "data" / "programme.ttl")
    file = tmp_path_factory.mktemp("ontology") / "with-programme.ttl"
    both.serialize(file, format="turtle")
    return version_index(file, BASE)


def earlier_versions() -> list[str]:
    """The earlier versions the ontology names under /def/byregion/, as paths."""
    return named(own_statements(version_index(ONTOLOGY, BASE)), BASE)[1]


def test_the_ontology_names_every_earlier_version() -> None:
    """The build serves the versions the ontology names: 0.12.0 names 0.11.0, 0.10.2, 0.10.1, 0.10.0, 0.9.0, 0.8.0,
    0.7.1, 0.7.0, 0.6.0, 0.5.1, 0.5.0, 0.4.0, 0.3.0, 0.2.0 and 0.1.0, or 0.1.0 would stop answering."""
    assert earlier_versions() == ["/def/byregion/0.1.0", "/def/byregion/0.10.0", "/def/byregion/0.10.1",
                                  "/def/byregion/0.10.2", "/def/byregion/0.11.0", "/def/byregion/0.2.0",
                                  "/def/byregion/0.3.0", "/def/byregion/0.4.0", "/def/byregion/0.5.0",
                                  "/def/byregion/0.5.1", "/def/byregion/0.6.0", "/def/byregion/0.7.0",
                                  "/def/byregion/0.7.1", "/def/byregion/0.8.0", "/def/byregion/0.9.0"]  # as text


@pytest.mark.parametrize("path", earlier_versions())
def test_each_earlier_version_is_kept_as_published_and_listed(path: str) -> None:
    """Its file is that version (its own owl:versionIRI and owl:versionInfo), and the README names where it came
    from and its SHA-256: a changed byte fails here."""
    version = path.rsplit("/", 1)[1]
    file = VERSIONS / f"{version}.ttl"
    text = Graph().parse(file)
    assert set(text.objects(URIRef(ONTOLOGY_IRI), OWL.versionIRI)) == {URIRef(BASE + path)}
    assert set(text.objects(URIRef(ONTOLOGY_IRI), OWL.versionInfo)) == {Literal(version)}
    row = next((line for line in (VERSIONS / "README.md").read_text(encoding="utf-8").splitlines()
                if line.startswith(f"| `{version}.ttl` |")), None)
    assert row is not None, f"ontology/versions/README.md has no row for {version}.ttl"
    assert re.search(r"commit `[0-9a-f]{40}`", row), "the row names the commit the file was taken from"
    assert f"`{hashlib.sha256(file.read_bytes()).hexdigest()}`" in row


def test_every_file_kept_is_a_version_the_ontology_names() -> None:
    kept = {p.stem for p in VERSIONS.glob("*.ttl")}
    assert kept == {path.rsplit("/", 1)[1] for path in earlier_versions()}


def test_a_named_version_without_its_file_is_refused(current: GraphIndex, tmp_path: Path) -> None:
    with pytest.raises(MissingVersion, match=r"names https://data\.byregion\.no/def/byregion/0\.1\.0 as an earlier "
                                             r"version .*ontology/versions/0\.1\.0\.ttl is missing"):
        load(tmp_path, current)


def test_a_file_of_another_version_is_refused(current: GraphIndex, tmp_path: Path) -> None:
    (tmp_path / "ontology" / "versions").mkdir(parents=True)
    for kept in ("0.2.0.ttl", "0.3.0.ttl", "0.4.0.ttl", "0.5.0.ttl", "0.5.1.ttl", "0.6.0.ttl", "0.7.0.ttl",
                 "0.7.1.ttl", "0.8.0.ttl", "0.9.0.ttl", "0.10.0.ttl", "0.10.1.ttl",
                 "0.10.2.ttl", "0.11.0.ttl"):
        shutil.copy(VERSIONS / kept, tmp_path / "ontology" / "versions" / kept)
    shutil.copy(ONTOLOGY, tmp_path / "ontology" / "versions" / "0.1.0.ttl")  # 0.12.0 under 0.1.0's name
    with pytest.raises(MissingVersion, match=r"0\.1\.0\.ttl is not the ontology of version .*/0\.1\.0: its "
                                             r"owl:versionIRI is .*/0\.12\.0"):
        load(tmp_path, current)


@pytest.mark.parametrize("path", [*earlier_versions(), "/def/byregion/current"])
def test_each_version_is_read_into_the_triples_rdflib_reads_from_it(path: str) -> None:
    """The versions are parsed by Oxigraph (a sixth of rdflib's time, once per version and build), the ontology and
    data by rdflib: both read each text into the same graph, blank nodes aside."""
    file = ONTOLOGY if path.endswith("/current") else VERSIONS / f"{path.rsplit('/', 1)[1]}.ttl"
    index = version_index(file, BASE)
    read = Graph()
    for subject, outgoing in index.outgoing.items():
        for predicate, value in outgoing:
            read.add((subject, predicate, value))
    assert len(read) > 700
    assert isomorphic(read, Graph().parse(file, format="turtle"))


def test_a_broken_version_file_is_refused_naming_the_file_and_line(current: GraphIndex, tmp_path: Path) -> None:
    folder = tmp_path / "ontology" / "versions"
    folder.mkdir(parents=True)
    for kept in VERSIONS.glob("*.ttl"):
        shutil.copy(kept, folder / kept.name)
    text = (folder / "0.3.0.ttl").read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(text) if line.startswith("<") or line.startswith("br:"))
    text.insert(at, "br:Broken a owl:Class } .")
    (folder / "0.3.0.ttl").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(MissingVersion, match=rf"0\.3\.0\.ttl: not valid Turtle: .*line {at + 1}\b"):
        load(tmp_path, current)


def documents(index: GraphIndex, base: str = BASE) -> dict[str, Document]:
    """The ontology's documents of a build whose ontology is ``index``, by path (what the build renders)."""
    renderer = Renderer(index, {"base_uri": base}, Graph(), inbound_limit=50, blank_depth=3,
                        versions=load(REPO_ROOT, index))
    ontology = base + "/def/byregion"
    return {d.path: d for d in (renderer.thing("/def/byregion", ontology), *renderer.ontology_versions(ontology))}


@pytest.fixture(scope="module")
def rendered(current: GraphIndex) -> dict[str, Document]:
    return documents(current)


def body(document: Document, variant: str) -> bytes:
    return next(r.body for r in document.representations if r.variant == variant)


def test_the_version_iris_are_documents_in_every_format_of_the_ontologys(rendered: dict[str, Document]) -> None:
    assert set(rendered) == {"/def/byregion", "/def/byregion/0.12.0", "/def/byregion/0.11.0", "/def/byregion/0.10.2",
                             "/def/byregion/0.10.1",
                             "/def/byregion/0.10.0",
                             "/def/byregion/0.9.0",
                             "/def/byregion/0.8.0",
                             "/def/byregion/0.7.1",
                             "/def/byregion/0.7.0",
                             "/def/byregion/0.6.0",
                             "/def/byregion/0.5.1",
                             "/def/byregion/0.5.0",
                             "/def/byregion/0.4.0",
                             "/def/byregion/0.3.0", "/def/byregion/0.2.0", "/def/byregion/0.1.0"}
    for document in rendered.values():
        assert document.formats == ("html", "ttl", "jsonld", "nt", "rdf")
        assert {r.variant for r in document.representations} >= {"ttl", "jsonld", "nt", "rdf", "html.nb", "html.en"}


#: The earlier versions each served as its own text.
SERVED_AS_PUBLISHED = ("0.1.0", "0.2.0", "0.3.0", "0.4.0", "0.5.0", "0.5.1", "0.6.0", "0.7.0", "0.7.1", "0.8.0",
                       "0.10.0", "0.10.1", "0.10.2", "0.11.0")


def canonical(graph: Graph) -> int:
    """A hash equal for two graphs exactly when they are isomorphic (what :func:`rdflib.compare.isomorphic`
    compares), computed once a graph: each format's test compares with the same published texts."""
    return to_isomorphic(graph).internal_hash()


@pytest.fixture(scope="module")
def published() -> dict[str, int]:
    """:func:`canonical` of each earlier version's file, and of the ontology as it is (``"as is"``)."""
    hashes = {version: canonical(Graph().parse(VERSIONS / f"{version}.ttl")) for version in SERVED_AS_PUBLISHED}
    return {**hashes, "as is": canonical(Graph().parse(ONTOLOGY))}


@pytest.mark.parametrize("media_type", RDF_TYPES, ids=lambda m: m.extension)
def test_each_version_iri_answers_with_its_own_version(rendered: dict[str, Document], published: dict[str, int],
                                                       media_type: MediaType) -> None:
    """0.12.0 (the current version) is the ontology's document (the ontology as it is, with the names of what it
    links); 0.11.0, 0.10.2, 0.10.1, 0.10.0, 0.8.0, 0.7.1, 0.7.0, 0.6.0, 0.5.1, 0.5.0, 0.4.0, 0.3.0, 0.2.0 and 0.1.0 are
    each their own text, not the current one, and nothing else."""
    extension, name = media_type.extension, media_type.name
    as_is = Graph().parse(ONTOLOGY)
    for earlier in SERVED_AS_PUBLISHED:
        served = Graph().parse(data=body(rendered[f"/def/byregion/{earlier}"], extension), format=RDFLIB_FORMAT[name])
        assert canonical(served) == published[earlier] != published["as is"], earlier
    served = Graph().parse(data=body(rendered["/def/byregion/0.12.0"], extension), format=RDFLIB_FORMAT[name])
    document = Graph().parse(data=body(rendered["/def/byregion"], extension), format=RDFLIB_FORMAT[name])
    ground = {t for t in as_is if not any(isinstance(term, BNode) for term in t)}
    assert isomorphic(served, document) and not ground - set(served)


def test_an_earlier_version_is_rendered_at_the_builds_base(tmp_path: Path) -> None:
    """A build made with another base (BYREGION_BASE_URI) moves the version's IRIs as it moves the ontology's."""
    other = "http://localhost:8080"
    rendered = documents(version_index(ONTOLOGY, other), other)
    served = Graph().parse(data=body(rendered["/def/byregion/0.1.0"], "ttl"), format="turtle")
    assert (URIRef(other + "/def/byregion"), OWL.versionIRI, URIRef(other + "/def/byregion/0.1.0")) in served
    assert not [t for t in served if any(isinstance(term, URIRef) and term.startswith(BASE + "/") for term in t)]


@pytest.mark.parametrize(("lang", "note"), [
    ("nb", "Dette er en tidligere versjon av ontologien, versjon 0.1.0, slik den ble publisert."),
    ("en", "This is an earlier version of the ontology, version 0.1.0, as it was published."),
])
def test_only_an_earlier_versions_page_says_it_is_one(rendered: dict[str, Document], lang: str, note: str) -> None:
    page = body(rendered["/def/byregion/0.1.0"], f"html.{lang}").decode("utf-8")
    here = "?lang=en" if lang == "en" else ""  # each link leads to its page in the page's language
    assert note in page
    assert f'<a href="/def/byregion{here}">' in page.split('id="earlier-version"', 1)[1].split("</p>")[0]
    assert f'<link rel="canonical" href="{BASE}/def/byregion/0.1.0{"?lang=en" if lang == "en" else ""}">' in page
    assert 'id="earlier-version"' not in body(rendered["/def/byregion/0.12.0"], f"html.{lang}").decode("utf-8")
    # what its text links but does not label (its publisher) is named from the build's data, not by a CURIE
    assert re.findall(rf'<a href="/doc/organisation/byregion-lod{re.escape(here)}">([^<]*)</a>', page) == [
        "Byregion LOD"] * 2


def test_the_recipe_names_the_software_the_base_the_limits_and_the_versions_text() -> None:
    """What :meth:`Renderer.recipe` is made of, one input at a time: each changes the digest, and nothing else
    does (two renderers of the same give the same)."""
    current = version_index(ONTOLOGY, BASE)
    manifest = {"base_uri": BASE, "software_sha256": "a" * 64}
    renderer = Renderer(current, manifest, Graph(), inbound_limit=50, blank_depth=3, versions=load(REPO_ROOT, current))
    ontology, path = BASE + "/def/byregion", earlier_versions()[0]

    def recipe(made: Renderer, version: GraphIndex | None = None) -> str:
        index = version or made.versions[path]
        shown = ("0.1.0", "current")
        return replace(made, index=index, versions={}, earlier=shown, names=made.index).recipe(path, ontology)

    same = recipe(renderer)
    assert len(same) == 64 and same == recipe(replace(renderer))
    others = {
        "software": recipe(replace(renderer, manifest={**manifest, "software_sha256": "b" * 64})),
        "inbound limit": recipe(replace(renderer, inbound_limit=51)),
        "blank depth": recipe(replace(renderer, blank_depth=4)),
        "version's text": recipe(renderer, renderer.versions[earlier_versions()[1]]),
    }
    assert same not in others.values() and len(set(others.values())) == len(others), others
    assert recipe(replace(renderer, manifest={"base_uri": BASE})) == ""  # no software named: never carried
