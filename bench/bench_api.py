"""Benchmark of the service on an ingested corpus (not a test; loopback only, bounded in time).

1. Ingests the corpus (default: examples/corpus) into a temporary data dir, then starts a real
   `cpgraph serve` (uvicorn) on 127.0.0.1 with an API key.
2. Latency: N sequential requests each to `/api/documents/{id}` and `/api/documents/{id}/implementers`
   over the most cited documents; p50 / p99 / max.
3. Load: 64 connections for `--duration` seconds (default 60) on a mix of document, implementers and
   graph-page requests, with Debian's `wrk` (or a pure-Python multi-process fallback), while an ingest
   of more files runs through the admin upload endpoint. Reports errors (must be zero) and p99.

    .venv/bin/python bench/bench_api.py [--corpus DIR] [--requests 500] [--duration 60] [--connections 64]

Prints a markdown table.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing import Pool
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

REPO = Path(__file__).resolve().parents[1]
API_KEY = "bench-key"
UPLOAD_SUFFIXES = {".txt", ".md", ".docx", ".pdf", ".html", ".htm"}

# wrk script: rotate over the paths given in WRK_PATHS (one per line); print a JSON summary.
WRK_LUA = r"""
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do paths[#paths + 1] = line end
local i = 0
if os.getenv("WRK_GZIP") == "1" then wrk.headers["Accept-Encoding"] = "gzip" end
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"max_us":%d,'
    .. '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serve(data_dir: Path) -> Iterator[str]:
    """A real `cpgraph serve` on 127.0.0.1; yields its base URL."""
    port = free_port()
    env = {**os.environ, "CPGRAPH_API_KEY": API_KEY, "CPGRAPH_MAX_UPLOAD_FILES": "500"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "graphsvc.cli", "serve", "--data-dir", str(data_dir),
         "--host", "127.0.0.1", "--port", str(port)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise RuntimeError("server did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency(base: str, paths: list[str], n: int) -> dict[str, float]:
    """Sequential requests over one keep-alive connection; milliseconds."""
    times: list[float] = []
    with httpx.Client(base_url=base) as client:
        for path in paths[:5]:
            client.get(path)  # warm up
        for i in range(n):
            path = paths[i % len(paths)]
            start = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{path}: {response.status_code}")
    return {"n": n, "p50": statistics.median(times), "p99": percentile(times, 99), "max": max(times)}


def load_wrk(base: str, paths: list[str], connections: int, duration: int,
             gzip: bool = False) -> dict[str, Any]:
    """Debian's wrk on `paths` in turn: requests/s, p50/p99/max ms, errors (socket + non-2xx). With
    `gzip`, each request accepts a compressed answer, as browsers do."""
    with tempfile.TemporaryDirectory() as tmp:
        script, path_file = Path(tmp) / "rotate.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_LUA, encoding="utf-8")
        path_file.write_text("\n".join(paths) + "\n", encoding="utf-8")
        out = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--timeout", "10s", "-s", str(script), base],
            env={**os.environ, "WRK_PATHS": str(path_file), "WRK_GZIP": "1" if gzip else "0"},
            capture_output=True, text=True, check=True,
        ).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"tool": "wrk", "requests": data["requests"], "errors": errors,
            "rps": data["requests"] / (data["duration_us"] / 1e6),
            "p50": data["p50_us"] / 1000, "p99": data["p99_us"] / 1000, "max": data["max_us"] / 1000}


def _python_worker(args: tuple[str, list[str], int, float]) -> tuple[list[float], int]:
    """One process of the fallback load generator: `conns` connections in threads until `deadline`."""
    base, paths, conns, deadline = args
    times: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def run(offset: int) -> None:
        with httpx.Client(base_url=base, timeout=10) as client:
            i = offset
            while time.time() < deadline:
                start = time.perf_counter()
                try:
                    ok = client.get(paths[i % len(paths)]).status_code == 200
                except httpx.HTTPError:
                    ok = False
                with lock:
                    times.append((time.perf_counter() - start) * 1000)
                    errors[0] += not ok
                i += 1

    threads = [threading.Thread(target=run, args=(k,)) for k in range(conns)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors[0]


def load_python(base: str, paths: list[str], connections: int, duration: int) -> dict[str, Any]:
    processes = 2
    deadline = time.time() + duration
    with Pool(processes) as pool:
        results = pool.map(_python_worker, [(base, paths, connections // processes, deadline)] * processes)
    times = [t for ts, _ in results for t in ts]
    return {"tool": "python", "requests": len(times), "errors": sum(e for _, e in results),
            "rps": len(times) / duration, "p50": statistics.median(times), "p99": percentile(times, 99),
            "max": max(times)}


def ingest_during_load(base: str, files: list[Path], delay: float, report: dict[str, object]) -> None:
    """Upload and ingest `files` through the admin endpoint while the load runs."""
    time.sleep(delay)
    start = time.perf_counter()
    uploads = [("files", (f"late-{p.name}", p.read_bytes(), "application/octet-stream")) for p in files]
    response = httpx.post(base + "/api/admin/documents", files=uploads, headers={"X-API-Key": API_KEY},
                          timeout=600)
    report["status"] = response.status_code
    report["seconds"] = time.perf_counter() - start
    report["body"] = response.json() if response.status_code == 200 else response.text[:300]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "examples" / "corpus")
    gazette = REPO.parent / "shared" / "corpus" / "real-dev" / "gazette"
    parser.add_argument("--late", type=Path, default=gazette,
                        help="files ingested during the load test (default: the shared gazette texts)")
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--tool", choices=("auto", "wrk", "python"), default="auto")
    args = parser.parse_args()

    from ingest.pipeline import ingest

    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        start = time.perf_counter()
        summary = ingest([args.corpus], data_dir)
        ingest_s = time.perf_counter() - start
        with serve(data_dir) as base:
            stats = httpx.get(base + "/api/stats?top=20").json()
            ids = [quote(item["document"]["id"], safe="") for item in stats["most_cited"]]
            doc_paths = [f"/api/documents/{i}" for i in ids]
            impl_paths = [f"/api/documents/{i}/implementers" for i in ids]
            rows = [("document", latency(base, doc_paths, args.requests)),
                    ("implementers", latency(base, impl_paths, args.requests))]

            late = sorted(p for p in args.late.rglob("*") if p.suffix.lower() in UPLOAD_SUFFIXES)[:200] \
                if args.late.is_dir() else []
            ingest_report: dict[str, object] = {}
            uploader = threading.Thread(
                target=ingest_during_load, args=(base, late, min(5.0, args.duration / 4), ingest_report))
            if late:
                uploader.start()
            mix = doc_paths + impl_paths + [f"/graph/{i}" for i in ids[:5]]
            tool = args.tool if args.tool != "auto" else ("wrk" if shutil.which("wrk") else "python")
            load = (load_wrk if tool == "wrk" else load_python)(base, mix, args.connections, args.duration)
            if late:
                uploader.join()

    print(f"\nCorpus `{args.corpus.name}`: {summary.documents} documents, {summary.citations} citations, "
          f"ingested in {ingest_s:.1f} s; {len(ids)} most cited documents queried.\n")
    print("| measure | requests | p50 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    for name, r in rows:
        print(f"| {name} (sequential) | {r['n']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {r['max']:.2f} |")
    print(f"| load: {args.connections} conns, {args.duration} s, {load['tool']} | {load['requests']:.0f} | "
          f"{load['p50']:.1f} | {load['p99']:.1f} | {load['max']:.1f} |")
    print(f"\nLoad: {load['rps']:.0f} req/s, errors: {load['errors']:.0f}.")
    if late:
        body = ingest_report.get("body")
        docs = body.get("documents") if isinstance(body, dict) else body
        print(f"Ingest during load: {len(late)} files, HTTP {ingest_report.get('status')}, "
              f"{ingest_report.get('seconds', 0.0):.1f} s, documents after: {docs}.")
    ingest_ok = ingest_report.get("status", 200) == 200
    ok = load["errors"] == 0 and all(r["p99"] < 20 for _, r in rows) and ingest_ok
    print("\nResult:", "OK" if ok else "NOT OK (errors, ingest failure or p99 >= 20 ms)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
