"""Benchmark of national coverage tables (issue 12: commune level in under 300 ms of server time).

Server time = the backend's `coverage()` plus the JSON serialisation the endpoint does, measured in
process (CPU time and wall time), so that the HTTP client's own cost is not counted: the first time a
table is asked for, and again (the networkx backend keeps its last 32 answers). Also the whole
request through FastAPI's TestClient (wall), for reference. The cost grows with the number of units
(10,035 communes on the 2019 map, 3,321 on the 2025 map), hardly with the corpus.

    .venv/bin/python bench/bench_coverage.py --data-dir DIR [--query "chi thi 28"] [--runs 15]

Prints a markdown table.
"""
from __future__ import annotations

import argparse
import statistics
import time
import warnings
from pathlib import Path

CASES = (
    ("commune", None, "all"), ("commune", None, "uncovered"), ("commune", "2025", "all"),
    ("district", None, "all"), ("province", None, "all"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True, help="an ingested data dir")
    parser.add_argument("--query", default="chi thi 28", help="the directive (resolve text)")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per case (after one warm-up)")
    args = parser.parse_args()

    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

    from graphsvc.app import create_app
    from graphsvc.settings import Settings
    from queries.networkx_backend import NetworkxQueries

    q = NetworkxQueries.from_data_dir(args.data_dir)
    target = q.resolve(args.query).candidates[0].document.id
    print(f"Coverage of `{target}` ({len(q.doc_ids)} documents), {args.runs} runs, milliseconds\n")
    print("| level | map | status | units | JSON KB | first: CPU p50 | first: wall p50 | again: CPU p50 "
          "| request wall p50 |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|")
    with TestClient(create_app(Settings(data_dir=args.data_dir))) as client:
        for level, map_year, status in CASES:
            cpu, wall, again, request = [], [], [], []
            url = f"/api/documents/{target}/coverage?level={level}&status={status}" + (
                f"&map={map_year}" if map_year else "")
            client.get(url)
            q.coverage(target, level=level, map_year=map_year, status=status)  # type: ignore[arg-type]
            for _ in range(args.runs):
                q._coverage_cache.clear()  # first time this table is asked for
                c0, w0 = time.process_time(), time.perf_counter()
                result = q.coverage(target, level=level, map_year=map_year, status=status)  # type: ignore[arg-type]
                body = result.model_dump_json(by_alias=True)
                cpu.append((time.process_time() - c0) * 1000)
                wall.append((time.perf_counter() - w0) * 1000)
                c0 = time.process_time()  # asked again (kept answer): serialisation only
                kept = q.coverage(target, level=level, map_year=map_year, status=status)  # type: ignore[arg-type]
                kept.model_dump_json()
                again.append((time.process_time() - c0) * 1000)
                w0 = time.perf_counter()
                client.get(url)
                request.append((time.perf_counter() - w0) * 1000)
            print(f"| {level} | {result.map} | {status} | {result.shown} | {len(body) / 1024:.0f} | "
                  f"{statistics.median(cpu):.0f} | {statistics.median(wall):.0f} | "
                  f"{statistics.median(again):.0f} | {statistics.median(request):.0f} |")


if __name__ == "__main__":
    main()
