"""Neo4j benchmark: load rate on a generated graph, and p99 of each query on Neo4j beside networkx.

    .venv/bin/python bench/bench_neo4j.py [--documents 33000] [--load-runs 3] [--repeat 50] [--seed 1]
                                          [--workers 2] [--batch-size 10000] [--warmup 1] [--no-queries]
                                          [--path both|bulk|incremental] [--export FILE]

Needs the server of `cpgraph neo4j start` (NEO4J_URI / NEO4J_PASSWORD ...); EMPTIES its database.
`--path bulk` (and `both`, the default when the server was started here) also measures the bulk
path: the server is stopped, `neo4j-admin database import full` run, the server started again.
The graph is generated here: central directives and laws, province plans implementing them,
district plans implementing province plans (some also the directive), commune letters
implementing district plans, CITES to laws and decrees, ISSUED_BY to ~800 organizations.
Prints a markdown table.
"""
from __future__ import annotations

import argparse
import functools
import inspect
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest.export import SCHEMA, graph_from_export  # noqa: E402
from queries.neo4j_backend import Neo4jQueries  # noqa: E402
from queries.neo4j_bulk import bulk_load  # noqa: E402
from queries.neo4j_install import Layout, layout_for  # noqa: E402
from queries.neo4j_loader import BATCH_SIZE, WORKERS, clear, counts, write_to_neo4j  # noqa: E402
from queries.neo4j_server import Settings, open_driver, ports_of  # noqa: E402
from queries.neo4j_state import started_servers  # noqa: E402
from queries.networkx_backend import NetworkxQueries  # noqa: E402

PROVINCES = 63
DISTRICTS_PER_PROVINCE = 11


def synthetic_export(documents: int, seed: int) -> dict[str, Any]:
    """A corpus-shaped export with about 3.5 relationships per document."""
    rng = random.Random(seed)
    nodes: list[dict[str, Any]] = []
    edges: dict[tuple[str, str], dict[str, Any]] = {}

    def org(oid: str, name: str, level: str, province: str | None, district: str | None) -> str:
        nodes.append({"id": oid, "kind": "organization", "name": name, "level": level, "province": province,
                      "district": district, "commune": None, "parent": None})
        return oid

    def doc(did: str, doc_type: str, number: str, symbol: str, year: int, issuer: str, province: str | None,
            district: str | None, ingested: bool = True) -> str:
        nodes.append({"id": did, "kind": "document", "doc_type": doc_type, "number": number, "symbol": symbol,
                      "year": year, "date": f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                      "title": f"Văn bản {number}/{symbol} về bảo vệ, chăm sóc trẻ em", "issuer": issuer,
                      "province": province, "district": district, "commune": None, "ingested": ingested,
                      "source": f"{did}.txt" if ingested else None,
                      "flags": ["unnumbered"] if rng.random() < 0.01 else []})
        edges[(did, issuer)] = {"source": did, "target": issuer, "type": "ISSUED_BY", "evidence": []}
        return did

    def link(source: str, target: str, kind: str) -> None:
        if source != target and (source, target) not in edges:
            at = rng.randint(0, 4000)
            edges[(source, target)] = {"source": source, "target": target, "type": kind, "evidence": [
                {"in": source, "start": at, "end": at + 60,
                 "text": f"Thực hiện văn bản {target} của cấp trên."}]}

    bct = org("bo-chinh-tri", "Bộ Chính trị", "central", None, None)
    qh = org("quoc-hoi", "Quốc hội", "central", None, None)
    cp = org("chinh-phu", "Chính phủ", "central", None, None)
    directives = [doc(f"ct-tw-{n}-{y}", "chi_thi", str(n), "CT/TW", y, bct, None, None)
                  for n, y in [(20, 2012), (28, 2023), (5, 2016), (13, 2017)]]
    laws = [doc(f"luat-{i}", "luat", str(100 + i), "QH14", 2016 + i % 8, qh, None, None, ingested=False)
            for i in range(20)]
    laws += [doc(f"nd-{i}", "nghi_dinh", str(i), "NĐ-CP", 2017 + i % 7, cp, None, None, ingested=i % 3 == 0)
             for i in range(40)]
    province_plans: list[list[str]] = []
    district_plans: list[list[str]] = []
    for p in range(PROVINCES):
        province = f"Tỉnh {p:02d}"
        ubnd = org(f"ubnd-tinh-{p}", f"UBND tỉnh {p:02d}", "province", province, None)
        plans = []
        for d in directives:
            plan = doc(f"kh-{p}-{d}", "ke_hoach", str(p), "KH-UBND", 2024, ubnd, province, None)
            link(plan, d, "IMPLEMENTS")
            plans.append(plan)
        province_plans.append(plans)
        district_plans.append([])
        for k in range(DISTRICTS_PER_PROVINCE):
            org(f"ubnd-huyen-{p}-{k}", f"UBND huyện {k} tỉnh {p:02d}", "district", province, f"Huyện {k}")
    for i in range(max(documents - len(nodes), 0)):
        p = rng.randrange(PROVINCES)
        k = rng.randrange(DISTRICTS_PER_PROVINCE)
        is_commune = bool(district_plans[p]) and rng.random() < 0.4
        did = doc(f"d{i:06d}@{p}-{k}", "cong_van" if is_commune else "ke_hoach", str(i),
                  "UBND-VX" if is_commune else "KH-UBND", rng.choice([2013, 2019, 2024]),
                  f"ubnd-huyen-{p}-{k}",
                  f"Tỉnh {p:02d}", f"Huyện {k}", ingested=rng.random() > 0.05)
        parent = rng.choice(district_plans[p][-30:]) if is_commune else rng.choice(province_plans[p])
        link(did, parent, "IMPLEMENTS")
        if rng.random() < 0.2:
            link(did, rng.choice(directives), "IMPLEMENTS")
        for law in rng.sample(laws, k=rng.choice([0, 1, 1, 2])):
            link(did, law, "CITES")
        if not is_commune:
            district_plans[p].append(did)
    return {"schema": SCHEMA, "nodes": nodes, "edges": list(edges.values())}


def p99(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(0.99 * (len(ordered) - 1))))]


def time_calls(call: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, p99) in milliseconds over `repeat` calls after one warm-up call."""
    call()
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), p99(samples)


def local_layout(settings: Settings) -> Layout | None:
    """The layout of the server `cpgraph neo4j start` runs on NEO4J_URI's port (None: not started here)."""
    port = ports_of(settings.uri)[0]
    for server in started_servers():
        if server.bolt_port == port:
            return layout_for(Path(server.home).parent)
    return None


def measure_unwind(driver: Any, export: dict[str, Any], args: argparse.Namespace) -> None:
    """Fresh UNWIND loads (median of --load-runs), then an unchanged reload."""
    settings = Settings.from_env()
    runs: list[tuple[float, Any]] = []
    for _ in range(args.warmup):
        clear(driver, settings.database)
        write_to_neo4j(driver, export, settings.database, batch_size=args.batch_size, workers=args.workers)
    for _ in range(max(1, args.load_runs)):
        clear(driver, settings.database)
        t0 = time.perf_counter()
        report = write_to_neo4j(driver, export, settings.database, batch_size=args.batch_size,
                             workers=args.workers)
        runs.append((time.perf_counter() - t0, report))
    load_s, report = sorted(runs, key=lambda r: r[0])[len(runs) // 2]
    t0 = time.perf_counter()
    again = write_to_neo4j(driver, export, settings.database, batch_size=args.batch_size,
                           workers=args.workers)
    reload_s = time.perf_counter() - t0
    totals = counts(driver, settings.database)
    rels = report.relationships
    print(f"## Incremental path, UNWIND ({len(export['nodes'])} nodes, {rels} relationships, batch "
          f"{args.batch_size}, {args.workers} workers, {args.warmup} warm-up load)\n")
    print("| measure | value |\n|---|---|")
    print(f"| fresh loads | {', '.join(f'{s:.2f} s' for s, _r in runs)} |")
    print(f"| load rate, end to end (median of {len(runs)}) | {rels / load_s:,.0f} relationships/s |")
    print(f"| each run | {', '.join(f'{rels / s:,.0f}' for s, _r in runs)} relationships/s |")
    rel_s = report.seconds.get("relationships", 0.0)
    if rel_s:
        print(f"| relationship phase alone | {rels / rel_s:,.0f} relationships/s |")
    print(f"| phases (median run) | {report.seconds} |")
    written = again.nodes_written + again.relationships_written
    print(f"| reload, unchanged | {reload_s:.1f} s, wrote {written} |")
    print(f"| in the database | {totals} |\n")


def measure_bulk(export: dict[str, Any], layout: Layout, runs: int) -> None:
    """Fresh bulk loads: CSV, server stop, neo4j-admin import, server start, schema, stored walks."""
    settings = Settings.from_env()
    done: list[tuple[float, Any]] = []
    for _ in range(max(1, runs)):
        t0 = time.perf_counter()
        report = bulk_load(export, layout, settings)
        done.append((time.perf_counter() - t0, report))
    total_s, report = sorted(done, key=lambda r: r[0])[len(done) // 2]
    rels = report.relationships
    with open_driver(settings) as driver:
        totals = counts(driver, settings.database)
    phases = report.seconds
    core = phases.get("csv", 0.0) + phases.get("import", 0.0)
    print(f"## Bulk path, neo4j-admin database import ({len(export['nodes'])} nodes, {rels} relationships)\n")
    print("| measure | value |\n|---|---|")
    print(f"| fresh bulk loads, end to end | {', '.join(f'{s:.2f} s' for s, _r in done)} |")
    print(f"| load rate, end to end incl. server stop and start (median of {len(done)}) | "
          f"{rels / total_s:,.0f} relationships/s |")
    print(f"| load rate, CSV + import (server restart excluded) | {rels / core:,.0f} relationships/s |")
    print(f"| import alone | {rels / phases['import']:,.0f} relationships/s |")
    print(f"| phases (median run) | {phases} |")
    print(f"| in the database | {totals} |\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=33000)
    parser.add_argument("--export", type=Path, default=None, help="an export JSON file, not a generated one")
    parser.add_argument("--load-runs", type=int, default=3, help="fresh loads; the median is reported")
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)
    parser.add_argument("--workers", type=int, default=WORKERS)
    parser.add_argument("--warmup", type=int, default=1, help="uncounted loads first (JIT warm-up)")
    parser.add_argument("--path", choices=("both", "bulk", "incremental", "none"), default="both",
                        help="load paths measured (bulk needs a server `cpgraph neo4j start` runs here); "
                        "none: the database already holds this export, measure the queries only")
    parser.add_argument("--no-queries", action="store_true", help="measure the load only")
    args = parser.parse_args()

    if args.export:
        from ingest.export import load_export as read_export

        export = read_export(args.export)
    else:
        export = synthetic_export(args.documents, args.seed)
    settings = Settings.from_env()
    layout = local_layout(settings)
    if args.path in ("both", "incremental"):
        with open_driver(settings) as driver:
            measure_unwind(driver, export, args)
    if args.path in ("both", "bulk"):
        if layout is None:
            print("Bulk path not measured: the server was not started by `cpgraph neo4j start` here.\n")
        else:
            measure_bulk(export, layout, args.load_runs)
    if args.no_queries:
        return 0
    with open_driver(settings) as driver:
        measure_queries(driver, export, settings, args.repeat)
    return 0


def page_of_document(doc_id: str) -> Callable[[Any], Any]:
    """A page of 50 relations per list where the backend pages (the whole document elsewhere)."""
    def call(q: Any) -> Any:
        if "offset" in inspect.signature(q.document).parameters:
            return q.document(doc_id, offset=0, limit=50)
        return q.document(doc_id)
    return call


def measure_queries(driver: Any, export: dict[str, Any], settings: Settings, repeat: int) -> None:
    """Median and p99 of each query on networkx and on Neo4j (the database holds `export`)."""
    graph = graph_from_export(export)
    nx_q = NetworkxQueries(graph)
    neo_q = Neo4jQueries(driver, settings.database)
    docs = [n for n, a in graph.nodes(data=True) if a.get("kind") == "document"]
    implemented = Counter(t for _s, t, a in graph.edges(data=True) if a.get("type") == "IMPLEMENTS")
    directive = "ct-tw-28-2023" if "ct-tw-28-2023" in graph else implemented.most_common(1)[0][0]
    province_plan = ("kh-7-ct-tw-28-2023" if "kh-7-ct-tw-28-2023" in graph
                     else max(graph.predecessors(directive), key=lambda d: (implemented[d], d)))
    implementing = {s for s, _t, a in graph.edges(data=True) if a.get("type") == "IMPLEMENTS"}
    leaf = sorted(d for d in docs if d in implementing and not implemented[d])[-1]
    calls: list[tuple[str, Callable[[Any], Any]]] = [
        ("resolve('chi thi 28')", lambda q: q.resolve("chi thi 28")),
        ("document(directive)", lambda q: q.document(directive)),
        ("document(directive, page of 50)", page_of_document(directive)),
        ("implementers(province plan)", lambda q: q.implementers(province_plan)),
        ("implementers(directive, limit 500)", lambda q: q.implementers(directive)),
        ("implementers(directive, level district)", lambda q: q.implementers(directive, level="district")),
        ("lineage(leaf)", lambda q: q.lineage(leaf)),
        ("descendants(province plan)", lambda q: q.descendants(province_plan)),
        ("coverage(directive, province)", lambda q: q.coverage(directive)),
        ("coverage(directive, district)", lambda q: q.coverage(directive, level="district")),
        ("coverage(directive, commune)", lambda q: q.coverage(directive, level="commune")),
        ("stats()", lambda q: q.stats()),
        ("neighbourhood(province plan)", lambda q: q.neighbourhood(province_plan)),
    ]
    print(f"## Queries ({repeat} calls each; milliseconds; directive {directive}, "
          f"{implemented[directive]} direct implementers)\n")
    print("| query | networkx median | networkx p99 | Neo4j median | Neo4j p99 |\n|---|---|---|---|---|")
    for name, call in calls:
        nx_med, nx_p99 = time_calls(functools.partial(call, nx_q), repeat)
        neo_med, neo_p99 = time_calls(functools.partial(call, neo_q), repeat)
        print(f"| {name} | {nx_med:.2f} | {nx_p99:.2f} | {neo_med:.2f} | {neo_p99:.2f} |", flush=True)


if __name__ == "__main__":
    sys.exit(main())
