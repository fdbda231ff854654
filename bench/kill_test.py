"""kill -9 at random points of an ingest, N times in a row: each time the store must stay whole and the
next run must complete to the export of an uninterrupted run.

    python bench/kill_test.py [--runs 20] [--corpus DIR] [--seed 1]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest import store  # noqa: E402
from ingest.pipeline import ingest  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--corpus", type=Path, default=None, help="default: examples + seeds + gazette")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cpgraph-kill-"))
    corpus = args.corpus
    if corpus is None:
        corpus = work / "corpus"
        shutil.copytree(ROOT / "examples" / "corpus", corpus / "examples")
        for name in ("seeds",):
            shutil.copytree(ROOT.parent / "shared" / "corpus" / name, corpus / name)
        shutil.copytree(ROOT.parent / "shared" / "corpus" / "real-dev" / "gazette", corpus / "gazette")
    started = time.perf_counter()
    ingest([corpus], work / "clean")
    full = time.perf_counter() - started
    expected = store.export_text(work / "clean")
    rng = random.Random(args.seed)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    passed = 0
    for run in range(1, args.runs + 1):
        data = work / f"run{run}"
        delay = rng.uniform(0.05, full * 1.1)
        command = [sys.executable, "-m", "graphsvc.cli", "ingest", str(corpus),
                   "--data-dir", str(data), "--quiet"]
        proc = subprocess.Popen(command, env=env, start_new_session=True, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(delay)
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        store.load_graph(data)  # must load whatever generation is current
        ingest([corpus], data)
        ok = store.export_text(data) == expected
        passed += ok
        print(f"run {run:2d}: killed after {delay:5.2f} s -> {'same export' if ok else 'DIFFERENT EXPORT'}")
        shutil.rmtree(data, ignore_errors=True)
        if not ok:
            break
    print(f"{passed}/{args.runs} runs in a row gave the uninterrupted export (full ingest {full:.1f} s)")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if passed == args.runs else 1


if __name__ == "__main__":
    sys.exit(main())
