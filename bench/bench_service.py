"""The service as users start it (`cpgraph serve --workers 2`), measured for `bench/run.py`.

Ready time (to the first 200 of /api/health), memory of all the service's processes together (PSS from
/proc/PID/smaps_rollup: pages shared between the master and its workers are counted once; the RSS sum is
kept beside it), sequential API latency per question, and wrk with 64 connections on a mix of read
requests. The subjects (directives, the most cited document, a spread of ingested documents) come
from the export, read as a stream so that a 300k-document export does not have to fit in memory.

Not a test: nothing asserts; the numbers go to BENCHMARKS.md.
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import bench_ingest as m

# One field of a node or edge item in the export (orjson's two-space indent: items at 4, fields at 6).
EXPORT_FIELD = re.compile(r'^      "(id|kind|doc_type|ingested|source|target|type)": (.*?),?$')
RESOLVE_TEXTS = ("chi thi 28", "28-CT/TW", "luat tre em", "60/KH-UBND", "ke hoach 121", "chỉ thị 20")


@dataclass
class Subjects:
    """What the API benchmark asks about, chosen deterministically from the export."""

    docs: list[str] = field(default_factory=list)  # a spread of up to 200 ingested documents
    roots: list[str] = field(default_factory=list)  # the 5 most implemented documents (directives)
    most_cited: list[str] = field(default_factory=list)  # the 3 with the most incoming relations
    incoming: dict[str, int] = field(default_factory=dict)  # incoming relations of most_cited


def _value(raw: str) -> Any:
    raw = raw.strip()
    if raw.startswith('"'):
        return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return {"true": True, "false": False, "null": None}.get(raw, raw)


def scan_export(path: Path) -> Subjects:
    """Subjects from the export file, line by line (memory stays small whatever the size)."""
    ingested: list[str] = []
    implements: dict[str, int] = {}
    incoming: dict[str, int] = {}
    item: dict[str, Any] = {}
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.startswith("    }"):  # end of one node or edge
                if "kind" in item and item.get("kind") == "document" and item.get("ingested") is True:
                    ingested.append(item["id"])
                elif "target" in item and item.get("type") != "ISSUED_BY":
                    incoming[item["target"]] = incoming.get(item["target"], 0) + 1
                    if item.get("type") == "IMPLEMENTS":
                        implements[item["target"]] = implements.get(item["target"], 0) + 1
                item = {}
                continue
            hit = EXPORT_FIELD.match(line)
            if hit:
                item[hit.group(1)] = _value(hit.group(2))
    ingested.sort()
    step = max(1, len(ingested) // 200)
    roots = sorted(implements, key=lambda k: (-implements[k], k))[:5]
    cited = sorted(incoming, key=lambda k: (-incoming[k], k))[:3]
    return Subjects(ingested[::step][:200], roots, cited, {k: incoming[k] for k in cited})


def cpgraph() -> list[str]:
    """The `cpgraph` command of this environment (the script users run), else `python -m`."""
    script = Path(sys.executable).parent / "cpgraph"
    return [str(script)] if script.exists() else list(m.CPGRAPH)


def pss_of_tree(root: int) -> dict[str, int]:
    """PSS and RSS (bytes) of a process and its descendants; PSS counts shared pages once in total."""
    pss = rss = 0
    processes = 0
    for pid in m.tree_pids(root):
        try:
            text = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        processes += 1
        for line in text.splitlines():
            if line.startswith("Pss:"):
                pss += int(line.split()[1]) * 1024
            elif line.startswith("Rss:"):
                rss += int(line.split()[1]) * 1024
    return {"pss": pss, "rss": rss, "processes": processes}


def mem_available() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) * 1024
    return 0


class Service:
    """`cpgraph serve --workers W` on loopback; ready = first 200 of /api/health. Stopped (with an error)
    when its processes together grow past `max_rss` before being ready, so one size cannot take the
    machine's memory from the rest of the run."""

    def __init__(self, data_dir: Path, backend: str, workers: int, env: dict[str, str],
                 max_rss: int, timeout: float = 900) -> None:
        self.port = m.free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.peak_rss = 0
        start = time.perf_counter()
        self.proc = subprocess.Popen(
            [*cpgraph(), "serve", "--data-dir", str(data_dir), "--backend", backend,
             "--host", "127.0.0.1", "--port", str(self.port), "--workers", str(workers)],
            cwd=m.REPO, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
            text=True, start_new_session=True,
        )
        try:
            self._wait(start, max_rss, timeout)
        except BaseException:
            self.close()
            raise
        self.startup = time.perf_counter() - start

    def _wait(self, start: float, max_rss: int, timeout: float) -> None:
        while True:
            if self.proc.poll() is not None:
                err = (self.proc.stderr.read() if self.proc.stderr else "")[-400:]
                raise RuntimeError(f"cpgraph serve exited ({self.proc.returncode}): {err.strip()}")
            self.peak_rss = max(self.peak_rss, m._rss_of_tree(self.proc.pid))
            if self.peak_rss > max_rss:
                raise RuntimeError(f"cpgraph serve stopped: {self.peak_rss / 2**30:.1f} GB before ready, "
                                   f"over the limit of {max_rss / 2**30:.1f} GB")
            try:
                if m._get(self.base + "/api/health", timeout=2)[0] == 200:
                    return
            except OSError:
                pass
            if time.perf_counter() - start > timeout:
                raise RuntimeError(f"cpgraph serve not ready after {timeout:.0f} s")
            time.sleep(0.05)

    def memory(self) -> dict[str, int]:
        return pss_of_tree(self.proc.pid)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)  # its own session: the workers go with it
                self.proc.wait()
        if self.proc.stderr:
            self.proc.stderr.close()


def _request(base: str, path: str, timeout: float) -> tuple[int, int]:
    """One GET on a new connection (so that both workers answer); status and body bytes."""
    host, port = base.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, len(response.read())
    finally:
        conn.close()


def latency(base: str, paths: list[str], reps: int, budget: float, timeout: float = 60) -> dict[str, Any]:
    """Sequential GETs, milliseconds: each path twice first (cold: one per worker, reported apart), then
    `reps` calls round the paths, fewer when `budget` seconds are spent (at least 10 calls; at least 3
    once 3 × budget is spent). Answers other than 200 are counted as errors; only a question that never
    answers 200 is a failed measurement."""
    cold: list[float] = []
    times: list[float] = []
    errors = size = ok = 0
    statuses: dict[int, int] = {}

    def call(path: str) -> float:
        nonlocal errors, size, ok
        t0 = time.perf_counter()
        try:
            status, size = _request(base, path, timeout)
        except OSError:
            status = 0  # refused, reset or timed out
        statuses[status] = statuses.get(status, 0) + 1
        errors += status != 200
        ok += status == 200
        return (time.perf_counter() - t0) * 1000

    start = time.perf_counter()
    for path in paths[:5]:
        cold += [call(path), call(path)]
        if time.perf_counter() > start + budget:  # a slow question: fewer warm-up calls
            break
    deadline = time.perf_counter() + budget
    hard_stop = start + 3 * budget  # a question slower than budget/3 per call stops at 3 calls
    for i in range(reps):
        times.append(call(paths[i % len(paths)]))
        now = time.perf_counter()
        if (len(times) >= 10 and now > deadline) or (len(times) >= 3 and now > hard_stop):
            break
    if not ok:
        raise RuntimeError(f"{paths[0]}: no answer 200 (HTTP status: count {statuses})")
    times.sort()
    return {"n": len(times), "p50": times[len(times) // 2], "p99": m.percentile(times, 99),
            "max": times[-1], "cold_max": max(cold), "errors": errors, "statuses": statuses, "bytes": size}


def question_paths(s: Subjects) -> dict[str, list[str]]:
    """The API questions of issue 13, each over a few subjects."""
    def doc(i: str, tail: str = "") -> str:
        return f"/api/documents/{quote(i, safe='')}{tail}"

    roots = s.roots or s.docs[:5]
    return {
        "implementers": [doc(i, "/implementers") for i in roots],
        "coverage_district": [doc(i, "/coverage?level=district") for i in roots],
        "coverage_commune": [doc(i, "/coverage?level=commune") for i in roots],
        "resolve": [f"/api/resolve?q={quote(q)}" for q in RESOLVE_TEXTS],
        "document_big": [doc(i) for i in (s.most_cited or roots)],
        "document": [doc(i) for i in s.docs],
        "lineage": [doc(i, "/lineage") for i in s.docs],
        "stats": ["/api/stats"],
    }


def mixed_paths(q: dict[str, list[str]]) -> list[str]:
    """The wrk mix (100 requests, cycled): 40 documents, 20 lineages, 15 resolves, 15 implementers,
    10 district coverages (the read questions of the API, the heavy ones included)."""
    mix: list[str] = []
    for name, count in (("document", 40), ("lineage", 20), ("resolve", 15), ("implementers", 15),
                        ("coverage_district", 10)):
        paths = q[name]
        mix += [paths[i % len(paths)] for i in range(count)]
    return [mix[(i * 37) % len(mix)] for i in range(len(mix))]  # interleaved, deterministic


def guarded(part: dict[str, Any], key: str, call: Callable[[], Any]) -> None:
    """part[key] = call(), or {"error": ...}: one failed measurement never stops the run."""
    t0 = time.perf_counter()
    try:
        part[key] = call()
    except Exception as exc:  # measuring: any failure is reported in its cell
        part[key] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
        print(f"    {key}: {part[key]['error']}", flush=True)
    part.setdefault("seconds", {})[key] = round(time.perf_counter() - t0, 2)


def measure_service(data_dir: Path, subjects: Subjects, backend: str, env: dict[str, str], *, workers: int,
                    reps: int, budget: float, wrk_seconds: int, max_rss: int,
                    server_memory: Callable[[], int] | None = None) -> dict[str, Any]:
    """Ready, memory, API latency per question, wrk mix: one backend (`server_memory`: the RSS of a
    database server it uses, measured after the API questions)."""
    out: dict[str, Any] = {"backend": backend, "workers": workers}
    t0 = time.perf_counter()
    service = Service(data_dir, backend, workers, env, max_rss)
    try:
        out["ready"] = service.startup
        out["start_peak_rss"] = service.peak_rss
        out["memory"] = service.memory()
        paths = question_paths(subjects)
        out["subjects"] = {"roots": subjects.roots, "most_cited": subjects.most_cited,
                           "incoming": subjects.incoming, "docs": len(subjects.docs)}
        api: dict[str, Any] = {}
        for name, p in paths.items():
            print(f"    API {name}", flush=True)
            guarded(api, name, lambda p=p: latency(service.base, p, reps, budget))
        out["api"] = api
        out["memory_after_api"] = service.memory()
        if server_memory is not None:
            guarded(out, "server_rss", server_memory)
        if wrk_seconds > 0:
            print(f"    wrk {wrk_seconds} s", flush=True)
            guarded(out, "wrk", lambda: m.load_wrk(service.base, mixed_paths(paths), 64, wrk_seconds))
            print(f"    wrk {wrk_seconds} s, Accept-Encoding: gzip", flush=True)
            guarded(out, "wrk_gzip", lambda: m.load_wrk(service.base, mixed_paths(paths), 64, wrk_seconds,
                                                        gzip=True))
            out["memory_after_wrk"] = service.memory()
    finally:
        service.close()
    out["wall"] = time.perf_counter() - t0
    return out
