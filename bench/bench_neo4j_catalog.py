"""The Neo4j backend's catalog, from the serving snapshot or from `ALL_DOCUMENTS`, measured in-process.

    .venv/bin/python bench/bench_neo4j_catalog.py --data-dir DATA --source snapshot|cypher [--reps 30]

The database must hold the data dir's graph (`cpgraph neo4j load --data-dir DATA`, which records the graph
file's SHA-256: the snapshot source needs it). One process per source, so that its peak RSS is its own:
catalog time (the first `resolve`, which takes the catalog), then the latency of `resolve`, a page of the
most cited document's relations (as the API asks it), `search` (the `/api/documents` list) and `stats`.
"""
from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from queries.neo4j_backend import Neo4jQueries  # noqa: E402
from queries.neo4j_catalog import preload  # noqa: E402
from queries.neo4j_server import Settings, open_driver  # noqa: E402


def timed(call: Any, reps: int) -> dict[str, float]:
    laps = []
    for _ in range(reps):
        began = time.perf_counter()
        call()
        laps.append((time.perf_counter() - began) * 1000)
    laps.sort()
    return {"p50_ms": round(statistics.median(laps), 2), "p99_ms": round(laps[min(len(laps) - 1,
            int(len(laps) * 0.99))], 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--source", choices=("snapshot", "cypher"), required=True)
    parser.add_argument("--reps", type=int, default=30)
    args = parser.parse_args()
    settings = Settings.from_env()
    out: dict[str, Any] = {"source": args.source}
    with open_driver(settings) as driver:
        began = time.perf_counter()
        if args.source == "snapshot":
            preload(args.data_dir)  # what `cpgraph serve` does before it forks its workers
            out["preload_s"] = round(time.perf_counter() - began, 2)
        data_dir = args.data_dir if args.source == "snapshot" else None
        q = Neo4jQueries(driver, settings.database, data_dir=data_dir)
        began = time.perf_counter()
        q.resolve("chi thi 28")
        out["first_resolve_s"] = round(time.perf_counter() - began, 2)
        out["catalog_source"] = q.catalog_source
        top = q.stats(top=1).most_cited[0].document.id
        out["most_cited"] = top
        out["resolve"] = timed(lambda: q.resolve("ke hoach 121 quang nam"), args.reps)
        out["document_page"] = timed(lambda: q.document(top, offset=0, limit=100), args.reps)
        out["search"] = timed(lambda: q.search("", offset=0, limit=20), args.reps)
        out["search_text"] = timed(lambda: q.search("trẻ em", offset=0, limit=20), args.reps)
        out["stats"] = timed(lambda: q.stats(), args.reps)
    out["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    print(json.dumps(out, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
