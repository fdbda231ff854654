"""`make bench`: the product measured on synthetic national corpora (issue 13: 10k, 100k and 300k documents).

    .venv/bin/python bench/run.py [--sizes 10000,100000,300000] [--seed 1] [--neo4j] [--quick]
                                  [--out bench/out] [--cache bench/out/cache] [--report BENCHMARKS.md]

For each size, once: the corpus (`cpgraph synth`, kept in the cache dir and reused while the generator's
code is unchanged), the regex floor, the ingest (`cpgraph ingest`: wall, CPU, peak RSS of the process tree;
the serving snapshot if the ingest writes one), the export and its scores. Then, on that one data dir and
side by side, each backend as users start it (`cpgraph serve --workers 2`): ready time, memory of all the
service's processes (PSS), API latency of each question of the issue, wrk with 64 connections on a mixed
read load; for Neo4j (`--neo4j`, with the server of `cpgraph neo4j start` up: its database is EMPTIED),
first a fresh `cpgraph neo4j load` (relationships/s, and which path: bulk import or UNWIND).

One failed measurement puts its error in its cell and the run goes on. Results go to OUT/results-N.json;
the report is rebuilt from every results file in OUT, so sizes can be measured in separate runs.
Not a test: nothing fails on a missed target; the report says by how much it is missed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_ingest as m  # noqa: E402
from bench_load import du, fresh_load, server_rss  # noqa: E402
from bench_report import deployment, growth, ingest_table, service_table, targets  # noqa: E402
from bench_service import guarded, measure_service, mem_available, scan_export  # noqa: E402
from bench_snapshot import find_snapshot  # noqa: E402

REPO = m.REPO
RESULTS_FORMAT = 2  # results-N.json of this harness (issue 13); older files are left out of the report
# Sections written by hand (other scripts' results, explanations) follow this line and are kept.
HAND_WRITTEN = "<!-- written by hand from here on: bench/run.py keeps it -->"


@dataclass
class Plan:
    """How much to measure at one size: fewer repetitions on the large sizes keep the run under an hour."""

    reps: int  # sequential calls per API question
    budget: float  # seconds per API question at most (at least 10 calls)
    wrk_seconds: int  # wrk on the networkx service
    neo4j_wrk_seconds: int  # wrk on the Neo4j backend


def plan_for(n: int, quick: bool, wrk_seconds: int) -> Plan:
    if quick:
        return Plan(reps=30, budget=8, wrk_seconds=5, neo4j_wrk_seconds=5)
    if n >= 200_000:
        return Plan(reps=100, budget=20, wrk_seconds=max(5, wrk_seconds * 2 // 3), neo4j_wrk_seconds=10)
    if n >= 50_000:
        return Plan(reps=200, budget=30, wrk_seconds=wrk_seconds, neo4j_wrk_seconds=15)
    return Plan(reps=200, budget=40, wrk_seconds=wrk_seconds, neo4j_wrk_seconds=15)


def generator_digest() -> str:
    """Digest of the generator's code: a cached corpus is reused only while it is unchanged."""
    h = hashlib.sha256()
    for path in sorted((REPO / "devtools" / "synth").rglob("*.py")) + [REPO / "graphsvc" / "cli_synth.py"]:
        h.update(path.read_bytes())
    return h.hexdigest()[:10]


def corpus(n: int, seed: int, cache: Path) -> tuple[Path, dict[str, Any]]:
    """The generated corpus of (n, seed) from the cache, else generated into it (timed)."""
    work = cache / f"n{n}-s{seed}-{generator_digest()}"
    done = work / "complete.json"
    if done.exists():
        info = json.loads(done.read_text())
        return work, {**info, "cached": True}
    if work.exists():
        shutil.rmtree(work)  # an interrupted generation
    work.parent.mkdir(parents=True, exist_ok=True)
    cmd = [*m.CPGRAPH, "synth", "--docs", str(n), "--seed", str(seed), "-o", str(work), "--quiet"]
    run = m.run_measured(cmd)
    summary = json.loads((work / "synth.json").read_text())
    info = {"wall": run["wall"], "cpu": run["cpu"], "mb": summary["bytes"] / 1e6}
    done.write_text(json.dumps(info))
    return work, {**info, "cached": False}


def ingest(n: int, work: Path, data: Path, floor_mb: float) -> dict[str, Any]:
    if data.exists():
        shutil.rmtree(data)
    run = m.run_measured([*m.CPGRAPH, "ingest", str(work / "corpus"), "--data-dir", str(data), "--quiet"])
    return {"wall": run["wall"], "cpu": run["cpu"], "peak_rss": run["peak_rss"],
            "mb_s": floor_mb / run["wall"], "docs_s": n / run["wall"],
            "log_tail": (run["stdout"] + run["stderr"])[-3000:]}


def measure_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    """Every measurement at one size; each step guarded (its error kept, the run goes on)."""
    plan = plan_for(n, args.quick, args.wrk_seconds)
    out_dir = args.out / f"n{n}"
    out_dir.mkdir(parents=True, exist_ok=True)
    data, export = out_dir / "data", out_dir / "export.json"
    r: dict[str, Any] = {"docs": n, "format": RESULTS_FORMAT, "seed": args.seed, "machine": m.machine(),
                         "commit": _commit(),
                         "plan": vars(plan), "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                         "quick": args.quick}
    t_size = time.perf_counter()

    def save() -> None:  # after every step: an interrupted run keeps what it measured
        (args.out / f"results-{n}.json").write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n")

    def step(key: str, call: Any) -> bool:
        print(f"[{n}] {key}", flush=True)
        guarded(r, key, call)
        save()
        return not (isinstance(r.get(key), dict) and "error" in r[key])

    holder: dict[str, Path] = {}

    def get_corpus() -> dict[str, Any]:
        holder["work"], info = corpus(n, args.seed, args.cache)
        return info

    earlier = _reusable(args.out, n, data, export) if args.reuse_ingest else None
    if earlier is not None:  # the ingest of an earlier run, on this data dir; the snapshot is rebuilt below
        r.update({key: earlier[key] for key in REUSED_STEPS if key in earlier})
        r["reused"] = {"steps": list(REUSED_STEPS), "when": earlier.get("when"),
                       "commit": earlier.get("commit")}
    else:
        if not step("synth", get_corpus):
            return r
        work = holder["work"]
        step("floor", lambda: m.regex_floor(work / "corpus"))
        floor_mb = r["floor"].get("mb") or r["synth"]["mb"]
        if not step("ingest", lambda: ingest(n, work, data, floor_mb)):
            return r
    # with this code: the snapshot is written again over the ingest's generation (its build timed)
    step("snapshot", lambda: find_snapshot(data, build_missing=earlier is not None))
    if "export" not in r:
        step("export", lambda: _export(data, export))
    if "score" not in r and get_corpus():  # the corpus's answer key (from the cache when reused)
        step("score", lambda: m.score(holder["work"] / "gold.json", export))
    if "disk" not in r:
        step("disk", lambda: {"data_dir": du(data),
                              "export": export.stat().st_size if export.exists() else 0})
    subjects = scan_export(export) if export.exists() else None
    if subjects is None:
        r["networkx"] = {"error": "no export to choose the subjects from"}
        return r
    limit = int(mem_available() * 0.8)
    step("networkx", lambda: measure_service(
        data, subjects, "networkx", {}, workers=args.workers, reps=plan.reps, budget=plan.budget,
        wrk_seconds=0 if args.skip_load else plan.wrk_seconds, max_rss=limit))
    if not args.neo4j:
        r["neo4j"] = "skipped"
    else:
        neo: dict[str, Any] = {}
        r["neo4j"] = neo
        print(f"[{n}] neo4j load", flush=True)
        guarded(neo, "load", lambda: fresh_load(data, args.neo4j_data_dir, args.neo4j_load_args.split(),
                                                unwind=not args.skip_unwind))
        save()
        if "error" not in neo["load"]:
            print(f"[{n}] neo4j service", flush=True)
            guarded(neo, "service", lambda: measure_service(
                data, subjects, "neo4j", {}, workers=args.workers, reps=plan.reps, budget=plan.budget,
                wrk_seconds=0 if args.skip_load else plan.neo4j_wrk_seconds, max_rss=limit,
                server_memory=lambda: server_rss(args.neo4j_data_dir)))
            service = neo.pop("service")
            neo.update(service if "error" not in service else {"error": service["error"]})
    r["total_seconds"] = round(time.perf_counter() - t_size, 1)
    print(f"[{n}] done in {r['total_seconds']:.0f} s", flush=True)
    return r


# What `--reuse-ingest` takes from an earlier run's results (the service and Neo4j are measured again).
REUSED_STEPS = ("synth", "floor", "ingest", "export", "score", "disk")


def _reusable(out: Path, n: int, data: Path, export: Path) -> dict[str, Any] | None:
    """Earlier results of this size, when its ingest succeeded and its data dir and export are still there."""
    path = out / f"results-{n}.json"
    try:
        earlier: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    ingested = isinstance(earlier.get("ingest"), dict) and "error" not in earlier["ingest"]
    exported = export.is_file() or "export" not in earlier  # an export not made yet is made now
    return earlier if ingested and data.is_dir() and exported else None


def _commit() -> str | None:
    """The commit measured (a `+` when the checkout has changes)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                              text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return head + ("+" if dirty else "")


def _provenance(r: dict[str, Any]) -> str:
    """` (commit abc, --quick; corpus and ingest of 2026-12-01 18:20 UTC, commit def)`, as far as known."""
    notes = [f"commit {r['commit']}"] if r.get("commit") else []
    notes += ["--quick"] if r.get("quick") else []
    reused = r.get("reused")
    if reused:
        notes.append(f"corpus and ingest of {reused.get('when')}"
                     + (f", commit {reused['commit']}" if reused.get("commit") else ""))
    return f" ({'; '.join(notes)})" if notes else ""


def _export(data: Path, export: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    subprocess.run([*m.CPGRAPH, "export", "--format", "json", "--data-dir", str(data), "-o", str(export)],
                   cwd=REPO, check=True, capture_output=True)
    return {"wall": time.perf_counter() - t0, "bytes": export.stat().st_size}


# ------------------------------------------------------------------ report


def _hand_written(path: Path) -> str:
    """The hand-written tail of an existing report (from HAND_WRITTEN on), or nothing."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    at = text.find(HAND_WRITTEN)
    return "\n" + text[at:] if at >= 0 else ""


def report(results: list[dict[str, Any]]) -> str:
    """BENCHMARKS.md (the measured part) from the results of every size."""
    lines = [
        "# Benchmarks",
        "",
        "Measured by `make bench` (`bench/run.py`); every figure in the tables was measured (the 1M column "
        "of the growth table is projected, and says so). Corpora are `cpgraph synth --docs N --seed 1`.",
        "",
    ]
    if results:
        mach = results[-1]["machine"]
        when = ", ".join(f"{r['docs']:,} on {r.get('when', '?')}" + _provenance(r) for r in results)
        lines += [
            f"Machine: {mach['cores']} cores ({mach['cpu']}), {mach['memory']} RAM, Python {mach['python']}; "
            f"load average when the last size started: {mach['load']} (other jobs share these cores). "
            f"Measured: {when}.",
            "",
        ]
    lines += ["## Corpus and ingest", "", *ingest_table(results), ""]
    lines += [
        "## The service, both backends side by side",
        "",
        "`cpgraph serve --workers 2` on loopback, as users start it, on the data dir of the ingest above "
        "(the Neo4j columns: `--backend neo4j` after a fresh `cpgraph neo4j load` of it). Memory: all the "
        "service's processes together, PSS from /proc/PID/smaps_rollup (shared pages counted once), the RSS "
        "sum in parentheses. API: sequential requests, each on a new connection, after two warm-up calls per "
        "subject; the whole-tree questions are asked of the 5 most implemented documents, the document page "
        "of the 3 most cited. wrk: 64 connections, 2 threads, a mix of 40% documents, 20% lineages, 15% "
        "resolves, 15% implementers, 10% district coverages.",
        "",
        *service_table(results),
        "",
        "## Targets",
        "",
        *targets(results),
        "",
        "## How each cost grows",
        "",
        *growth(results),
        "",
        "## A 1,000,000-document deployment",
        "",
        *deployment(results),
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sizes", default="10000,100000,300000", help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "out")
    parser.add_argument("--cache", type=Path, default=None, help="generated corpora (default OUT/cache)")
    parser.add_argument("--quick", action="store_true", help="few repetitions, 5 s of wrk: a smoke run")
    parser.add_argument("--workers", type=int, default=2, help="`cpgraph serve --workers` (default 2)")
    parser.add_argument("--wrk-seconds", type=int, default=30)
    parser.add_argument("--skip-load", action="store_true", help="no wrk run")
    parser.add_argument("--neo4j", action="store_true",
                        help="also the Neo4j backend (the server of `cpgraph neo4j start`: EMPTIES it)")
    parser.add_argument("--neo4j-data-dir", type=Path, default=None,
                        help="the --data-dir of that `cpgraph neo4j start` (to report its size on disk)")
    parser.add_argument("--neo4j-load-args", default="",
                        help="arguments for `cpgraph neo4j load` (default: its bulk option if it has one)")
    parser.add_argument("--skip-unwind", action="store_true",
                        help="with a bulk option, do not also measure a fresh UNWIND load")
    parser.add_argument("--reuse-ingest", action="store_true",
                        help="keep the corpus, ingest, export and scores of OUT/results-N.json when "
                             "its data dir is still there; measure the snapshot, service and Neo4j "
                             "again with this code")
    parser.add_argument("--report", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--report-only", action="store_true", help="rebuild the report from OUT only")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    args.cache = args.cache or args.out / "cache"
    sizes = [] if args.report_only else [int(s) for s in args.sizes.split(",") if s.strip()]
    t0 = time.perf_counter()
    for n in sizes:
        result = measure_size(n, args)
        (args.out / f"results-{n}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
    results = sorted((json.loads(p.read_text()) for p in args.out.glob("results-*.json")),
                     key=lambda r: r["docs"])
    stale = [r["docs"] for r in results if r.get("format") != RESULTS_FORMAT]
    if stale:
        print(f"left out of the report: results of an older harness for {stale} documents", file=sys.stderr)
    results = [r for r in results if r.get("format") == RESULTS_FORMAT]
    kept = _hand_written(args.report)
    args.report.write_text(report(results) + kept, encoding="utf-8")
    print(f"wrote {args.report} ({time.perf_counter() - t0:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
