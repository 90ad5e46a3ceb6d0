#!/usr/bin/env python3
# ruff: noqa: E501  (SPARQL query text and generated N-Quads read better unwrapped)
"""SPARQL speed: our /sparql endpoint against Oxigraph server, on the same synthetic graphs (issue 5).

For each size (default 1k, 100k and 1M triples) a graph shaped like our data is generated (regions
with goals/results/advice tagged with themes, memberships, municipalities with dated numbers) as
N-Quads, bulk-loaded once into a build folder's store, and served twice from those same files: by
`/sparql` (granian + the app, production settings: one worker per CPU, query processes per worker)
and by `oxigraph serve-read-only --union-default-graph` (all cores). Both get the same requests from
the same client: ``--clients`` processes with one keep-alive connection each, POST form, the same
Accept, every body read. Two mixes are measured: ``aggregate`` (COUNT/SUM/GROUP BY over the whole
graph, as in the issue) and ``lookup`` (a label, a region's first items, an ASK). The two servers
take turns in short rounds (ours, theirs, theirs, ours, …) so that noise from a shared machine hits
both alike. Before measuring, each query's answer is compared between the two.

Prints queries/s and the ratio per size and mix; exits 1 when any ratio is below ``--min-ratio``.

    .venv/bin/python scripts/bench_sparql.py [--sizes 1000,100000,1000000] [--rounds 4] [--seconds 2]
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import multiprocessing
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repository root, for tests.support

from byregion.docstore import FILE as DOCUMENTS
from byregion.docstore import DocumentWriter
from byregion.settings import Settings
from tests.support.servers import Server, start_endpoint, start_oxigraph, stop

BASE = "https://data.byregion.no"
BR = f"{BASE}/def/byregion#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SCHEMA = "https://schema.org/"
DCT = "http://purl.org/dc/terms/"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
XSD = "http://www.w3.org/2001/XMLSchema#"
KINDS = ("Goal", "Result", "Advice", "FollowUp")
THEMES = 40
ITEMS = 40  # statements per region
ACCEPT = "application/sparql-results+json"

AGGREGATE = [
    f"""PREFIX br: <{BR}> PREFIX dct: <{DCT}> PREFIX skos: <{SKOS}>
SELECT ?theme (COUNT(DISTINCT ?s) AS ?statements) (COUNT(DISTINCT ?r) AS ?regions) WHERE {{
  ?s br:region ?r ; dct:subject ?theme . ?theme skos:prefLabel ?label }} GROUP BY ?theme ORDER BY DESC(?statements) ?theme""",
    f"""PREFIX br: <{BR}>
SELECT ?kind (COUNT(?s) AS ?n) WHERE {{ ?s a ?kind ; br:region ?r }} GROUP BY ?kind ORDER BY ?kind""",
    f"""PREFIX br: <{BR}> PREFIX schema: <{SCHEMA}> PREFIX org: <{ORG}>
SELECT ?r (SUM(?pop) AS ?population) (COUNT(?m) AS ?members) WHERE {{
  ?r a br:CityRegion ; br:membership ?ms ; br:population ?f . ?f schema:value ?pop . ?ms org:member ?m }}
GROUP BY ?r ORDER BY DESC(?population) ?r LIMIT 20""",
]
#: Light lookups; ``{n}`` is a region number, chosen per request (the same sequence for both servers).
LOOKUP = [
    f"PREFIX skos: <{SKOS}> SELECT ?label WHERE {{ <{BASE}/id/theme/t{{t}}> skos:prefLabel ?label }}",
    f"""PREFIX br: <{BR}> PREFIX schema: <{SCHEMA}>
SELECT ?s ?position ?text WHERE {{ ?s br:region <{BASE}/id/region/r{{n}}> ; schema:position ?position ; schema:text ?text }}
ORDER BY ?position LIMIT 10""",
    f"PREFIX br: <{BR}> ASK {{ <{BASE}/id/region/r{{n}}> a br:CityRegion }}",
]
MIXES = {"aggregate": AGGREGATE, "lookup": LOOKUP}


def quads(triples: int) -> Iterator[str]:
    """About ``triples`` N-Quads lines in named graphs shaped like docs/MODEL.md (at least one region)."""
    themes_g, ref_g = f"<{BASE}/graph/themes>", f"<{BASE}/graph/reference>"
    for t in range(THEMES):
        yield f'<{BASE}/id/theme/t{t}> <{RDF_TYPE}> <{SKOS}Concept> {themes_g} .\n<{BASE}/id/theme/t{t}> <{SKOS}prefLabel> "Tema {t}"@nb {themes_g} .\n'
    municipalities = max(4, triples // 200)
    for m in range(municipalities):
        mun, num = f"<{BASE}/id/municipality/m{m}>", f"<{BASE}/id/municipality/m{m}/number/{m:04d}>"
        yield (f"{mun} <{RDF_TYPE}> <{BR}Municipality> {ref_g} .\n{mun} <{SKOS}prefLabel> \"Kommune {m}\"@nb {ref_g} .\n"
               f"{mun} <{BR}municipalityNumber> {num} {ref_g} .\n{num} <{SKOS}notation> \"{m:04d}\" {ref_g} .\n"
               f'{num} <{SCHEMA}validThrough> "2019-12-31"^^<{XSD}date> {ref_g} .\n')
    per_region = 3 + 4 * 2 + ITEMS * 5
    for region in range(max(1, (triples - 2 * THEMES - 5 * municipalities) // per_region)):
        r, g = f"<{BASE}/id/region/r{region}>", f"<{BASE}/graph/region/r{region}>"
        lines = [f"{r} <{RDF_TYPE}> <{BR}CityRegion> {g} .", f"{r} <{BR}population> <{BASE}/id/region/r{region}/population> {g} .",
                 f'<{BASE}/id/region/r{region}/population> <{SCHEMA}value> "{10000 + region}"^^<{XSD}integer> {g} .']
        for k in range(4):
            ms = f"<{BASE}/id/region/r{region}/membership/{k}>"
            lines += [f"{r} <{BR}membership> {ms} {g} .",
                      f"{ms} <{ORG}member> <{BASE}/id/municipality/m{(region * 4 + k) % municipalities}> {g} ."]
        for i in range(ITEMS):
            s = f"<{BASE}/id/region/r{region}/item/{i}>"
            lines += [f"{s} <{RDF_TYPE}> <{BR}{KINDS[i % 4]}> {g} .", f"{s} <{BR}region> {r} {g} .",
                      f'{s} <{SCHEMA}position> "{i + 1}"^^<{XSD}integer> {g} .', f'{s} <{SCHEMA}text> "Mål {i} for region {region}"@nb {g} .',
                      f"{s} <{DCT}subject> <{BASE}/id/theme/t{(i * 7 + region) % THEMES}> {g} ."]
        yield "\n".join(lines) + "\n"


def write_build(triples: int, build_dir: Path) -> tuple[Path, int, int]:
    """A build folder (N-Quads, bulk-loaded store, manifest); returns the store path, triples, regions."""
    folder = build_dir / "20000101T000000Z"  # named as a build is
    folder.mkdir(parents=True)
    nquads = folder / "dataset.nq"
    with nquads.open("w", encoding="utf-8", buffering=1 << 20) as out:
        out.writelines(quads(triples))
    store = ox.Store(str(folder / "store"))
    store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS)
    store.optimize()
    count = len(store)
    iris = [g.value for g in store.named_graphs()]
    graphs = [{"iri": iri, "triples": 0} for iri in iris]
    regions = sum(1 for iri in iris if "/graph/region/" in iri)
    del store
    DocumentWriter(folder / DOCUMENTS).close()  # no documents: the endpoint alone is measured, but a server opens them
    # the files a server checks at start (their sizes; `byregion verify` reads their checksums)
    files = {name: {"bytes": (folder / name).stat().st_size,
                    "sha256": hashlib.sha256((folder / name).read_bytes()).hexdigest()}
             for name in ("dataset.nq", DOCUMENTS)}
    manifest = {"version": "20000101T000000Z", "created": "2000-01-01T00:00:00Z", "base_uri": BASE,
                "triples": count, "graphs": graphs, "files": files, "history": [], "previous_version": None}
    (folder / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    (build_dir / "current").symlink_to(folder.name)
    return folder / "store", count, regions


def request_body(mix: str, i: int, regions: int) -> bytes:
    """The ``i``-th request of a mix, form-encoded (deterministic, so both servers get the same ones). Each
    ends with a comment of its own, so that every request is run by the engine: our endpoint would answer a
    repeated text from the answers it keeps for the build (byregion/sparql/cache.py)."""
    queries = MIXES[mix]
    query = queries[i % len(queries)].replace("{n}", str((i * 7919) % regions)).replace("{t}", str(i % THEMES))
    return urlencode({"query": f"{query}\n# request {i}"}).encode()


def post(conn: http.client.HTTPConnection, path: str, body: bytes) -> tuple[int, bytes]:
    conn.request("POST", path, body=body, headers={"Accept": ACCEPT, "Content-Type": "application/x-www-form-urlencoded"})
    response = conn.getresponse()
    return response.status, response.read()


def client(port: int, path: str, mix: str, regions: int, offset: int, seconds: float, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    done = failed = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        status, _ = post(conn, path, request_body(mix, offset + done + failed, regions))
        done, failed = (done + 1, failed) if status == 200 else (done, failed + 1)
    out.put((done, failed))


def drive(server: Server, path: str, mix: str, regions: int, seconds: float, clients: int) -> tuple[int, float]:
    """Queries answered and seconds taken by ``clients`` keep-alive connections running for ``seconds``."""
    queue: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    procs = [multiprocessing.Process(target=client, args=(server.port, path, mix, regions, c * 1_000_003, seconds, queue))
             for c in range(clients)]
    started = time.monotonic()
    for p in procs:
        p.start()
    results = [queue.get() for _ in procs]
    elapsed = time.monotonic() - started
    for p in procs:
        p.join()
    done, failed = sum(r[0] for r in results), sum(r[1] for r in results)
    if failed or not done:
        raise SystemExit(f"{server.base}{path}: {failed} failed queries, {done} answered: check the server")
    return done, elapsed


def same_answers(ours: Server, theirs: Server, mix: str, regions: int) -> None:
    """Every query of ``mix`` answers the same on both servers (else the comparison would be void)."""
    a = http.client.HTTPConnection("127.0.0.1", ours.port, timeout=300)
    b = http.client.HTTPConnection("127.0.0.1", theirs.port, timeout=300)
    for i in range(len(MIXES[mix])):
        body = request_body(mix, i, regions)
        (sa, ra), (sb, rb) = post(a, "/sparql", body), post(b, "/query", body)
        if sa != 200 or sb != 200 or json.loads(ra) != json.loads(rb):
            raise SystemExit(f"{mix} query {i} answers differently: /sparql {sa} {ra[:300]!r}, oxigraph {sb} {rb[:300]!r}")


def compare(ours: Server, theirs: Server, mix: str, regions: int, args: argparse.Namespace) -> tuple[float, float]:
    """Queries/s of both, over ``args.rounds`` rounds taken in turns (ABBA), after a warm-up."""
    same_answers(ours, theirs, mix, regions)
    drive(ours, "/sparql", mix, regions, 0.5, args.clients)
    drive(theirs, "/query", mix, regions, 0.5, args.clients)
    totals = {"ours": [0, 0.0], "theirs": [0, 0.0]}
    for r in range(args.rounds):
        for who in (("ours", "theirs") if r % 2 == 0 else ("theirs", "ours")):
            server, path = (ours, "/sparql") if who == "ours" else (theirs, "/query")
            done, elapsed = drive(server, path, mix, regions, args.seconds, args.clients)
            totals[who][0] += done
            totals[who][1] += elapsed
    return totals["ours"][0] / totals["ours"][1], totals["theirs"][0] / totals["theirs"][1]


def bench_size(size: int, args: argparse.Namespace) -> list[tuple[str, int, float, float]]:
    work = Path(tempfile.mkdtemp(prefix=f"bench-sparql-{size}-"))
    servers: list[Server] = []
    try:
        started = time.monotonic()
        store, count, regions = write_build(size, work / "build")
        print(f"  {count:,} triples generated and loaded in {time.monotonic() - started:.1f} s", file=sys.stderr)
        settings = {"sparql_timeout": args.timeout, "sparql_max_concurrent": args.max_concurrent}
        servers.append(theirs := start_oxigraph(store, read_only=True, timeout_s=args.timeout))
        servers.append(ours := start_endpoint(work / "build", settings, workers=args.workers, threads=args.threads))
        return [(mix, count, *compare(ours, theirs, mix, regions, args)) for mix in args.mixes.split(",")]
    finally:
        for server in servers:
            stop(server.process)
        shutil.rmtree(work, ignore_errors=True)


def main() -> int:
    defaults = Settings()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,100000,1000000", help="comma-separated triple counts")
    parser.add_argument("--mixes", default="aggregate,lookup", help="comma-separated: aggregate, lookup")
    parser.add_argument("--rounds", type=int, default=4, help="turns per server (taken alternately)")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of one turn")
    parser.add_argument("--clients", type=int, default=4, help="concurrent keep-alive clients (bounded load)")
    parser.add_argument("--workers", type=int, default=defaults.workers, help="granian workers (default: as `byregion serve`)")
    parser.add_argument("--threads", type=int, default=8, help="granian blocking threads per worker (as `byregion serve`)")
    parser.add_argument("--max-concurrent", type=int, default=defaults.sparql_max_concurrent, help="query processes per worker")
    parser.add_argument("--timeout", type=float, default=120.0, help="per-query timeout on both servers, seconds")
    parser.add_argument("--min-ratio", type=float, default=0.8)
    args = parser.parse_args()
    worst = float("inf")
    print(f"{'triples':>10} {'mix':>10} {'/sparql q/s':>12} {'oxigraph q/s':>13} {'ratio':>6}", flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        for mix, count, ours, theirs in bench_size(size, args):
            ratio = ours / theirs
            worst = min(worst, ratio)
            print(f"{count:>10,} {mix:>10} {ours:>12,.1f} {theirs:>13,.1f} {ratio:>6.2f}", flush=True)
    if worst < args.min_ratio:
        print(f"FAIL: lowest ratio {worst:.2f} is below --min-ratio {args.min_ratio}", file=sys.stderr)
        return 1
    print(f"ok: every ratio is at least {args.min_ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
