"""Per-file worst cases: each must finish, or be stopped and reported, within the per-file limit, and
the ingest's peak memory (the whole process tree: ingest, forkserver, workers) must stay under 2 GB.

    python bench/worst_case.py [--out DIR] [--file-timeout 120] [--workers 2]

Files (written here from invented text):
- `shared_stream.pdf`: 1,000 pages sharing one content stream of ~45,000 characters (233 KB on disk);
- `nested_divs.html`: 200,000 nested `<div>` (2.2 MB);
- `repeated_citations.txt`: 4 MB, one citation repeated 48,000 times;
- `one_line_63MB.txt`: 63 MB of text without a line break.
Each is ingested alone (its own time and outcome), then all four together (peak RSS of the tree).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

from samples import shared_stream_pdf  # noqa: E402

LINE = "Thực hiện Chỉ thị số 28-CT/TW ngày 25/12/2023 của Ban Bí thư về trẻ em; "


def write_files(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "shared_stream.pdf": shared_stream_pdf(),
        "nested_divs.html": ("<html><body>" + "<div>" * 200_000 + "Kế hoạch" + "</div>" * 200_000
                             + "</body></html>").encode(),
        "repeated_citations.txt": ("ỦY BAN NHÂN DÂN HUYỆN NÚI THÀNH\nSố: 60/KH-UBND\nKẾ HOẠCH\n"
                                   + LINE * 48_000 + "\n").encode(),
        "one_line_63MB.txt": (LINE.encode() * (63 * 2**20 // len(LINE.encode()))),
    }
    paths = {}
    for name, data in files.items():
        (folder / name).mkdir(exist_ok=True)
        paths[name] = folder / name / name
        paths[name].write_bytes(data)
    return paths


def tree_rss(root: psutil.Process) -> int:
    total = 0
    for proc in [root, *root.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += proc.memory_info().rss
    return total


def _slowest_cpu(err: str) -> float | None:
    """CPU seconds of the slowest file read, from the summary (None when every file was refused)."""
    for line in err.splitlines():
        if line.startswith("slowest file") and line.endswith(" s CPU)"):
            return float(line.rsplit("(", 1)[1].split()[0])
    return None


def run(paths: list[Path], data_dir: Path, args: argparse.Namespace) -> dict[str, object]:
    command = [sys.executable, "-m", "graphsvc.cli", "ingest", *map(str, paths), "--data-dir", str(data_dir),
               "--quiet", "--workers", str(args.workers), "--file-timeout", str(args.file_timeout)]
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(proc.pid)
        while not stop.is_set():
            try:
                peak = max(peak, tree_rss(root))
            except psutil.Error:
                return
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    stop.set()
    sampler.join()
    failed = [line.strip() for line in err.splitlines() if line.startswith("  ") and "note:" not in line
              and "warning:" not in line and "missing:" not in line]
    return {"seconds": round(time.perf_counter() - started, 1), "peak_rss_mb": round(peak / 2**20),
            "exit": proc.returncode, "reported": failed, "cpu_seconds": _slowest_cpu(err),
            "read": next((ln.split()[2] for ln in err.splitlines() if ln.startswith("files read")), "?")}


def run_later(work: Path, args: argparse.Namespace) -> dict[str, object]:
    """What the 48,000-mention file costs later runs: the build of its graph alone, and a whole ingest of
    one more small file into the same data dir."""
    from ingest import sources, store
    from ingest.build import build_graph

    data = work / "data-repeated_citations.txt"
    manifest = store.load_manifest(data)
    started = time.perf_counter()
    G = build_graph(lambda: sources.all_extractions(manifest, data))
    build_s = time.perf_counter() - started
    evidence = max((len(d["evidence"]) for _, _, d in G.edges(data=True)), default=0)
    small = work / "files" / "small" / "small.txt"
    small.parent.mkdir(parents=True, exist_ok=True)
    small.write_text("ỦY BAN NHÂN DÂN HUYỆN NÚI THÀNH\nSố: 62/KH-UBND\n" + LINE + "\n", encoding="utf-8")
    result = run([small], data, args)
    return {"build_seconds": round(build_s, 2), "largest_evidence_list": evidence, **result}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--file-timeout", type=float, default=120.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    work = args.out or Path(tempfile.mkdtemp(prefix="cpgraph-worst-"))
    paths = write_files(work / "files")
    results = {}
    for name, path in paths.items():
        results[name] = run([path], work / f"data-{name}", args)
        print(f"{name:24s} {json.dumps(results[name], ensure_ascii=False)}", flush=True)
    later = run_later(work, args)
    print(f"{'later run, one small file':24s} {json.dumps(later, ensure_ascii=False)}", flush=True)
    together = run(list(paths.values()), work / "data-all", args)
    print(f"{'all four together':24s} {json.dumps(together, ensure_ascii=False)}", flush=True)
    # the limit is on CPU time (a wall-clock 4 times as long backs it); a file stopped by it is reported
    worst_cpu = max((r["cpu_seconds"] or 0.0) for r in results.values())  # type: ignore[type-var]
    peak = max([together["peak_rss_mb"]] + [r["peak_rss_mb"] for r in results.values()])  # type: ignore[operator]
    ok = worst_cpu <= args.file_timeout and peak < 2048
    print(f"slowest file {worst_cpu:.1f} s CPU (limit {args.file_timeout:g} s), peak RSS {peak} MB "
          f"(limit 2048): {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
