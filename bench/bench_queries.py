"""Latency of the networkx query backend on a synthetic national graph of N documents.

    .venv/bin/python bench/bench_queries.py 1000 10000 100000 [--reps 200]
    .venv/bin/python bench/bench_queries.py --data-dir DIR      # an ingested graph (cpgraph ingest)

The graph is generated here from the real gazetteer: for each directive (Chỉ thị k-CT/TW), a
plan of every province implements it, a plan of every district implements its province's plan,
a plan of every commune implements its district's plan (about 10,800 documents per directive),
and every plan cites one of three laws; directives are added until N documents exist.
Prints a markdown table of p50/p99 per query (milliseconds) and the index build time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ingest import gazetteer  # noqa: E402
from ingest.export import SCHEMA, graph_from_export  # noqa: E402
from queries.networkx_backend import NetworkxQueries  # noqa: E402

LAWS = [("luat-tre-em-2016", "102", "QH13", 2016, "Luật Trẻ em"),
        ("bo-luat-lao-dong-2019", "45", "QH14", 2019, "Bộ luật Lao động"),
        ("luat-binh-dang-gioi-2006", "73", "QH11", 2006, "Luật Bình đẳng giới")]
LEVEL_SYMBOL = {"province": "KH-UBND", "district": "KH-UBND", "commune": "KH-UBND"}


def _org(oid: str, name: str, level: str, unit: Any | None) -> dict[str, Any]:
    return {"id": oid, "kind": "organization", "name": name, "level": level,
            "province": unit.province if unit else None,
            "district": unit.district if unit is not None and level != "province" else None,
            "commune": unit.name if unit is not None and level == "commune" else None, "parent": None}


def synthetic_export(n: int) -> dict[str, Any]:
    """An export of about `n` documents (directive trees over the gazetteer's units)."""
    provinces = gazetteer.provinces()
    districts = gazetteer.districts()
    communes = gazetteer.communes()
    nodes: list[dict[str, Any]] = [_org("bo-chinh-tri", "Bộ Chính trị", "central", None),
                                   _org("quoc-hoi", "Quốc hội", "central", None)]
    for unit, level in [(p, "province") for p in provinces] + [(d, "district") for d in districts] + \
            [(c, "commune") for c in communes]:
        nodes.append(_org(f"ubnd-{unit.code}", f"UBND {unit.kind} {unit.name}", level, unit))
    edges: list[dict[str, Any]] = []
    for law_id, number, symbol, year, title in LAWS:
        nodes.append({"id": law_id, "kind": "document", "doc_type": "luat", "number": number,
                      "symbol": symbol, "year": year, "date": f"{year}-06-01", "title": title,
                      "issuer": "quoc-hoi", "ingested": False, "flags": []})
    count = len(LAWS)
    k = 0
    while count < n:
        k += 1
        start = dt.date(2012, 11, 5) + dt.timedelta(days=30 * k)
        directive = f"ct-tw-{k}-{start.year}"
        nodes.append({"id": directive, "kind": "document", "doc_type": "chi_thi", "number": str(k),
                      "symbol": "CT/TW", "year": start.year, "date": start.isoformat(),
                      "title": f"Chỉ thị về công tác trẻ em số {k}", "issuer": "bo-chinh-tri",
                      "ingested": False, "flags": []})
        count += 1
        parent_of: dict[str, str] = {}
        for level, units in (("province", provinces), ("district", districts), ("commune", communes)):
            for i, unit in enumerate(units):
                if count >= n:
                    break
                doc_id = f"kh-ubnd-{i + 1}-{k}@{unit.code}"
                parent_key = {"province": None, "district": unit.province_code,
                              "commune": unit.district_code}[level]
                target = parent_of.get(parent_key or "", directive)
                parent_of[unit.code] = doc_id
                date = start + dt.timedelta(days=20 + (int(unit.code) * 7919) % 700)
                nodes.append({"id": doc_id, "kind": "document", "doc_type": "ke_hoach", "number": str(i + 1),
                              "symbol": LEVEL_SYMBOL[level], "year": date.year, "date": date.isoformat(),
                              "title": f"Kế hoạch thực hiện Chỉ thị số {k}-CT/TW",
                              "issuer": f"ubnd-{unit.code}",
                              "province": unit.province, "ingested": True, "source": f"{doc_id}.txt",
                              "flags": []})
                evidence = [{"in": doc_id, "start": 0, "end": 20, "text": "Thực hiện kế hoạch cấp trên."}]
                edges.append({"source": doc_id, "target": target, "type": "IMPLEMENTS", "evidence": evidence})
                edges.append({"source": doc_id, "target": LAWS[i % 3][0], "type": "CITES", "evidence": []})
                edges.append({"source": doc_id, "target": f"ubnd-{unit.code}", "type": "ISSUED_BY",
                              "evidence": []})
                count += 1
    return {"schema": SCHEMA, "nodes": nodes, "edges": edges}


def measure(call: Callable[[Any], Any], args: list[Any]) -> tuple[float, float]:
    """(p50, p99) in milliseconds of `call(a)` over `args`."""
    times = []
    for a in args:
        t0 = time.perf_counter()
        call(a)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    p99 = times[min(len(times) - 1, int(round(0.99 * (len(times) - 1))))]
    return statistics.median(times), p99


Row = tuple[str, int, float, float]


def run(n: int, reps: int, seed: int = 7, data_dir: Path | None = None) -> list[Row]:
    """(query, calls, p50 ms, p99 ms) rows on a synthetic graph of `n` documents, or on `data_dir`'s."""
    t0 = time.perf_counter()
    if data_dir:
        q = NetworkxQueries.from_data_dir(data_dir)
    else:
        q = NetworkxQueries(graph_from_export(synthetic_export(n)))
    build_ms = (time.perf_counter() - t0) * 1000
    rng = random.Random(seed)
    docs = q.doc_ids
    plans = [d for d in docs if q.summaries[d].level in ("province", "district", "commune")]
    summaries = q.summaries
    directives = [d for d in docs if summaries[d].doc_type == "chi_thi" and summaries[d].level == "central"]
    directives = directives or docs[:1]
    upper = [d for d in plans if q.summaries[d].level in ("province", "district")]
    k_max = max(len(directives), 30)
    texts = [f"chi thi {rng.randint(1, k_max)}" for _ in range(reps // 4)] + \
            [f"Chỉ thị {rng.randint(1, k_max)}-CT/TW" for _ in range(reps // 4)] + \
            ["luat tre em", "bo luat lao dong", "CT/TW"] * (reps // 12) + \
            [f"ke hoach {rng.randint(1, 60)}" for _ in range(reps // 4)]
    rows = [(f"index build ({len(docs)} documents)", 1, build_ms, build_ms)]
    cases: list[tuple[str, Callable[[Any], Any], list[Any]]] = [
        ("resolve", q.resolve, texts),
        ("document", q.document, [rng.choice(docs) for _ in range(reps)]),
        ("implementers (province/district plan)", q.implementers, [rng.choice(upper) for _ in range(reps)]),
        ("implementers (directive, whole tree)", q.implementers,
         [rng.choice(directives) for _ in range(reps // 4)]),
        ("lineage (random plan)", q.lineage, [rng.choice(plans) for _ in range(reps)]),
        ("descendants (province plan)", q.descendants,
         [rng.choice([d for d in upper if q.summaries[d].level == "province"]) for _ in range(reps // 4)]),
        ("coverage (directive, district level)", lambda d: q.coverage(d, level="district"),
         [rng.choice(directives) for _ in range(max(reps // 10, 5))]),
    ]
    for name, call, args in cases:
        if args:
            p50, p99 = measure(call, args)
            rows.append((name, len(args), p50, p99))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    parser.add_argument("--reps", type=int, default=200)
    parser.add_argument("--data-dir", type=Path, help="measure on the graph ingested there instead")
    args = parser.parse_args(argv)
    print("| N documents | query | calls | p50 ms | p99 ms |")
    print("|---:|---|---:|---:|---:|")
    runs = [(None, args.data_dir)] if args.data_dir else [(n, None) for n in args.sizes]
    for n, data_dir in runs:
        label = n or data_dir
        for name, calls, p50, p99 in run(n or 0, args.reps, data_dir=data_dir):
            print(f"| {label} | {name} | {calls} | {p50:.2f} | {p99:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
