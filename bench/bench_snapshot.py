"""The serving snapshot of an ingested data dir, if the ingest writes one (issue 13), for `bench/run.py`.

Found, not assumed: the files of the data dir whose name says snapshot (`serve-snapshot.bin`, ...) or
that belong to it (`serve-*`), the extraction cache left out; their size on disk. Its build time is
measured apart, when the code has the snapshot writer (`queries.snapshot.write_for_generation`): in a
subprocess, the committed graph loaded (timed on its own), then the snapshot written again over the same
generation (timed). An ingest that writes none gives `present: false`.

    .venv/bin/python bench/bench_snapshot.py DATA_DIR     # prints {"load_graph_s": .., "build_s": ..}
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SKIP = {"cache"}  # the extraction cache is not the snapshot


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def _is_snapshot(name: str) -> bool:
    low = name.lower()
    return "snapshot" in low or low.startswith("serve-")


def find_snapshot(data_dir: Path, timeout: float = 3600, build_missing: bool = False) -> dict[str, Any]:
    """Snapshot files in the data dir, their size, and the time to build them again (`build_missing`:
    also when the ingest wrote none, e.g. an earlier run's data dir reused by newer code)."""
    found = _snapshot_files(data_dir)
    out: dict[str, Any] = {"present": bool(found), "files": found, "bytes": sum(found.values())}
    if found or build_missing:
        done = subprocess.run([sys.executable, __file__, str(data_dir)], cwd=REPO, capture_output=True,
                              text=True, check=False, timeout=timeout)
        lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
        if done.returncode == 0 and lines:
            out.update(json.loads(lines[-1]))
        else:
            out["build_error"] = (done.stderr or done.stdout)[-300:]
    if not found and build_missing:
        built = _snapshot_files(data_dir)
        out.update({"written_by_the_bench": bool(built), "files": built, "bytes": sum(built.values())})
    return out


def _snapshot_files(data_dir: Path) -> dict[str, int]:
    found: dict[str, int] = {}
    todo = [data_dir]
    while todo:
        folder = todo.pop()
        for path in sorted(folder.iterdir()):
            if path.name in SKIP or path.is_symlink():
                continue
            if _is_snapshot(path.name):
                found[str(path.relative_to(data_dir))] = _size(path)
            elif path.is_dir():
                todo.append(path)
    return found


def time_build(data_dir: Path) -> dict[str, float]:
    """Load the committed graph, write its serving snapshot again; seconds of each."""
    from ingest.store import graph_file, load_graph

    # imported by name: the module exists only once the serving snapshot is in the code
    write_for_generation = importlib.import_module("queries.snapshot").write_for_generation

    path = graph_file(data_dir)
    if path is None:
        raise SystemExit(f"{data_dir}: no graph")
    t0 = time.perf_counter()
    graph = load_graph(data_dir)
    t1 = time.perf_counter()
    write_for_generation(path, graph)
    return {"load_graph_s": t1 - t0, "build_s": time.perf_counter() - t1}


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    print(json.dumps(time_build(Path(sys.argv[1]))))
