"""Issue 13's whole-tree questions through the API of `cpgraph serve --backend neo4j`, first calls too.

    NEO4J_URI=bolt://127.0.0.1:7797 .venv/bin/python bench/bench_neo4j_api.py --data-dir DATA \
        [--targets ID,ID,...] [--reps 20] [--workers 2]

The database must already hold the graph (`cpgraph neo4j load`). A fresh service is started; for each
question and target the first call (each worker answers its own: calls 1 and 2 on new connections) is
reported apart from the p50 / p99 of the next `--reps` calls. Prints a markdown table. Not a test.
"""
from __future__ import annotations

import argparse
import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
QUESTIONS = (("implementers (whole tree, limit 500)", "/implementers"),
             ("implementers (level district)", "/implementers?level=district"),
             ("coverage district", "/coverage?level=district"),
             ("coverage commune", "/coverage?level=commune"),
             ("coverage province", "/coverage"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, path: str) -> tuple[int, int, float]:
    """(status, bytes, ms) of one GET on a new connection."""
    t0 = time.perf_counter()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        size = len(response.read())
        return response.status, size, (time.perf_counter() - t0) * 1000
    finally:
        conn.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--targets", default="ct-tw-20-2012,qd-ttg-1555-2012,qd-ttg-2361-2015,qd-ttg-23-2021,"
                        "ct-ttg-18-2017")
    parser.add_argument("--reps", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "CPGRAPH_BACKEND": "neo4j"}
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "graphsvc.cli", "serve", "--backend", "neo4j",
                             "--data-dir", str(args.data_dir), "--port", str(port),
                             "--workers", str(args.workers)],
                            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        while True:
            try:
                if get(port, "/api/health")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
            if time.perf_counter() - t0 > 300:
                raise RuntimeError("not ready after 300 s")
        print(f"ready in {time.perf_counter() - t0:.1f} s (`uptime`: {os.getloadavg()})\n")
        targets = args.targets.split(",")
        print("| question | first calls ms (max over targets, both workers) | p50 ms | p99 ms | max ms | "
              "bytes (largest) | errors |\n|---|---:|---:|---:|---:|---:|---:|")
        for name, tail in QUESTIONS:
            paths = [f"/api/documents/{quote(t, safe='')}{tail}" for t in targets]
            first, times, sizes, errors = [], [], [], 0
            for path in paths:
                for _ in range(2):
                    status, size, ms = get(port, path)
                    first.append(ms)
                    errors += status != 200
            for i in range(args.reps):
                status, size, ms = get(port, paths[i % len(paths)])
                times.append(ms)
                sizes.append(size)
                errors += status != 200
            p50, p99 = percentile(times, 50), percentile(times, 99)
            print(f"| {name} | {max(first):,.0f} | {p50:,.1f} | {p99:,.1f} | "
                  f"{max(times):,.1f} | {max(sizes):,} | {errors} |", flush=True)
        print(f"\n`uptime` after: {os.getloadavg()}")
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
