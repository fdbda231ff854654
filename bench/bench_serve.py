"""The issue-13 serving rows on an ingested data dir: ready time, memory of all workers, p99 per API, wrk.

    .venv/bin/python bench/bench_serve.py --data-dir DIR [--workers 2] [--requests 200] [--wrk-seconds 15]
        [--repo REPO]   # the checkout whose `cpgraph serve` is measured (default: this one)

Memory: RSS summed over the server's processes (counts pages shared by forked workers once per process)
and PSS summed (each shared page split between its sharers: what the workers cost together).
Latency: sequential GETs over one connection, p50/p99 in ms. Loopback only, bounded in time.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_api import WRK_LUA, free_port, percentile  # noqa: E402


def tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as f:
                    ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def memory(pid: int) -> tuple[float, float]:
    """(RSS summed, PSS summed) in MB over the process tree."""
    rss = pss = 0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                lines = f.read().splitlines()
            for line in lines:
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return rss / 1024, pss / 1024


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of the process tree so far (on a shared machine, what the server did)."""
    total = 0.0
    for p in tree(pid):
        try:
            with open(f"/proc/{p}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except (OSError, ValueError, IndexError):
            continue
    return total


def timed(client: httpx.Client, paths: list[str], n: int) -> dict[str, float]:
    times = []
    for i in range(n):
        path = paths[i % len(paths)]
        t0 = time.perf_counter()
        r = client.get(path, timeout=120)
        times.append((time.perf_counter() - t0) * 1000)
        if r.status_code != 200:
            raise RuntimeError(f"{path}: {r.status_code} {r.text[:200]}")
    return {"n": n, "p50": statistics.median(times), "p99": percentile(times, 99), "max": max(times)}


def wrk(base: str, paths: list[str], seconds: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        script, plist = Path(tmp) / "rotate.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_LUA)
        plist.write_text("\n".join(paths) + "\n")
        cmd = ["wrk", "-t2", "-c64", f"-d{seconds}s", "--timeout", "10s", "-s", str(script), base]
        out = subprocess.run(cmd, env={**os.environ, "WRK_PATHS": str(plist)}, capture_output=True, text=True,
                             check=True).stdout
    line = next(ln for ln in out.splitlines() if ln.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    errors = sum(data[k] for k in ("connect", "read", "write", "status", "timeout"))
    return {"rps": data["requests"] / (data["duration_us"] / 1e6), "p99": data["p99_us"] / 1000,
            "errors": errors, "requests": data["requests"]}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", type=Path, required=True)
    parser.add_argument("--repo", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--wrk-seconds", type=int, default=15)
    args = parser.parse_args()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(args.repo / ".venv/bin/cpgraph"), "serve", "--data-dir", str(args.data_dir),
                             "--port", str(port), "--workers", str(args.workers)], cwd=args.repo,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows: list[tuple[str, str]] = []
    try:
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.perf_counter() - t0 > 900:
                raise RuntimeError("serve did not start")
            time.sleep(0.05)
        ready = time.perf_counter() - t0
        rss, pss = memory(proc.pid)
        rows.append(("serve ready s (wall; CPU s of the server until ready)",
                     f"{ready:.1f}; {cpu_seconds(proc.pid):.1f}"))
        rows.append(("memory at ready: RSS sum / PSS sum MB", f"{rss:.0f} / {pss:.0f}"))
        with httpx.Client(base_url=base) as c:
            stats = c.get("/api/stats?top=20", timeout=600).json()
            cited = [i["document"] for i in stats["most_cited"]]
            directives = [d["id"] for d in cited if d["doc_type"] == "chi_thi"][:5]
            directives = directives or [d["id"] for d in cited[:5]]
            big = quote(cited[0]["id"], safe="")
            ids = [quote(d, safe="") for d in directives]
            cases = {
                "stats": ["/api/stats"],
                "implementers (directive, whole tree)":
                    [f"/api/documents/{i}/implementers?max_depth=12" for i in ids],
                "coverage directive district": [f"/api/documents/{i}/coverage?level=district" for i in ids],
                "coverage directive commune": [f"/api/documents/{i}/coverage?level=commune" for i in ids],
                "coverage directive province": [f"/api/documents/{i}/coverage" for i in ids],
                f"document (most cited, {cited[0]['label']})": [f"/api/documents/{big}"],
                "resolve": [f"/api/resolve?q={quote(q)}" for q in
                            ("chi thi 28", "28-CT/TW", "luat tre em", "60/KH-UBND", "ke hoach 121",
                             "quyet dinh 23", "chi thi 20 ban bi thu", "nghi dinh 56")],
            }
            for name, paths in cases.items():
                n = args.requests if "coverage" not in name else max(args.requests // 4, 10)
                before = cpu_seconds(proc.pid)
                r = timed(c, paths, n)
                cpu_ms = (cpu_seconds(proc.pid) - before) * 1000 / n
                rows.append((f"{name} p50 / p99 ms; server CPU ms per request (n={n})",
                             f"{r['p50']:.1f} / {r['p99']:.1f}; {cpu_ms:.1f}"))
        mix = [p for ps in cases.values() for p in ps if "coverage" not in p and "stats" not in p]
        if args.wrk_seconds:
            before = cpu_seconds(proc.pid)
            w = wrk(base, mix, args.wrk_seconds)
            cpu_ms = (cpu_seconds(proc.pid) - before) * 1000 / max(w["requests"], 1)
            rows.append((f"wrk 64 conns {args.wrk_seconds} s mixed: req/s, p99 ms, errors; CPU ms/request",
                         f"{w['rps']:.0f}, {w['p99']:.0f}, {w['errors']}; {cpu_ms:.2f}"))
        rss, pss = memory(proc.pid)
        rows.append(("memory after load: RSS sum / PSS sum MB", f"{rss:.0f} / {pss:.0f}"))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
    print(f"| measure ({args.repo.name}, {args.workers} workers) | value |\n|---|---:|")
    for k, v in rows:
        print(f"| {k} | {v} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
