"""The serving snapshot of an ingested data dir, if the ingest writes one (issue 13), for `bench/run.py`.

Found, not assumed: any file or folder of the current generation (or the data dir itself) whose name
says snapshot; its size on disk; its build time when the ingest's output states one
(`snapshot ... 3.2 s`). An ingest that writes none gives `present: false`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# A line of the ingest's output giving the snapshot's build time, e.g. `snapshot  … (3.2 s)`.
SNAPSHOT_TIME = re.compile(r"snapshot[^\n]*?(\d+(?:\.\d+)?)\s*s\b", re.IGNORECASE)
SKIP = {"cache"}  # the extraction cache is not the snapshot


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def find_snapshot(data_dir: Path, ingest_output: str) -> dict[str, Any]:
    """Files and folders named *snapshot* in the data dir (the extraction cache left out), their size."""
    found: dict[str, int] = {}
    todo = [data_dir]
    while todo:
        folder = todo.pop()
        for path in sorted(folder.iterdir()):
            if path.name in SKIP or path.is_symlink():
                continue
            if "snapshot" in path.name.lower():
                found[str(path.relative_to(data_dir))] = _size(path)
            elif path.is_dir():
                todo.append(path)
    times = [float(t) for t in SNAPSHOT_TIME.findall(ingest_output)]
    return {"present": bool(found), "files": found, "bytes": sum(found.values()),
            "build_s": times[-1] if times and found else None}
