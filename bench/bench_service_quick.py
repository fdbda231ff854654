"""One size's service measurement by hand (issue 13): `bench_service.measure_service`'s parts over an
existing data dir, without the ingest, with the machine's load beside each figure.

    .venv/bin/python bench/bench_service_quick.py DATA_DIR EXPORT_JSON OUT_JSON [--reps 200] [--budget 20]
                                                 [--wrk 30] [--subjects CACHE_JSON]

Ready, PSS at ready / after the API questions / after wrk, p50/p99 per question, wrk 64 connections on
the mixed read load. The subjects are scanned from the export once and kept in `--subjects`.
Not a test: nothing asserts.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

import bench_ingest as m
import bench_service as bs


def load() -> list[str]:
    return Path("/proc/loadavg").read_text().split()[:3]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("data_dir", type=Path)
    ap.add_argument("export", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--budget", type=float, default=20)
    ap.add_argument("--wrk", type=int, default=30)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--subjects", type=Path, default=None)
    args = ap.parse_args()
    if args.subjects is not None and args.subjects.exists():
        subjects = bs.Subjects(**json.loads(args.subjects.read_text()))
    else:
        subjects = bs.scan_export(args.export)
        if args.subjects is not None:
            args.subjects.write_text(json.dumps(subjects.__dict__))
    out: dict[str, Any] = {"load_start": load()}
    service = bs.Service(args.data_dir, "networkx", args.workers, {}, 6 * 2**30)
    try:
        out["ready"], out["memory"] = service.startup, service.memory()
        print(f"ready {service.startup:.1f} s, PSS {out['memory']['pss'] / 2**20:.0f} MB", flush=True)
        paths = bs.question_paths(subjects)
        api: dict[str, Any] = {}
        for name, p in paths.items():
            bs.guarded(api, name, lambda p=p: bs.latency(service.base, p, args.reps, args.budget))
            r = api[name]
            print(f"{name}: p50 {r.get('p50', 0):.1f} p99 {r.get('p99', 0):.1f} ms (n {r.get('n')}, "
                  f"errors {r.get('errors')}, {r.get('bytes')} B)", flush=True)
        out["api"], out["memory_after_api"] = api, service.memory()
        print(f"PSS after API {out['memory_after_api']['pss'] / 2**20:.0f} MB", flush=True)
        out["load_before_wrk"] = load()
        if args.wrk:
            bs.guarded(out, "wrk", lambda: m.load_wrk(service.base, bs.mixed_paths(paths), 64, args.wrk))
            out["memory_after_wrk"] = service.memory()
            pss = out["memory_after_wrk"]["pss"] / 2**20
            print(f"wrk {out['wrk']}; PSS after wrk {pss:.0f} MB", flush=True)
        out["load_end"] = load()
    finally:
        service.close()
    args.out.write_text(json.dumps(out, indent=1, default=str))
    print(f"load average at start {out['load_start']}, end {out.get('load_end')}")


if __name__ == "__main__":
    main()
