"""Write a synthetic corpus to disk: DIR/corpus/<province code>/<seq>_<hash>.txt and DIR/gold.json.

The plan is made once in the parent process; texts are rendered by forked workers over chunks
of the plan. Each text depends only on (seed, document), so the bytes do not depend on the
number of workers.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.synth.generate import build_plan
from ingest.synth.gold import build_key
from ingest.synth.render import render

MARKER = "synth.json"
CHUNK = 400

# State shared with forked workers (set before the pool starts, read-only afterwards).
_STATE: dict[str, Any] = {}


def _write_chunk(bounds: tuple[int, int]) -> tuple[int, int]:
    """Render and write plan[start:end]; returns (documents, bytes)."""
    plan, docs, seed, root = _STATE["plan"], _STATE["docs"], _STATE["seed"], _STATE["root"]
    total = 0
    for doc in plan[bounds[0] : bounds[1]]:
        data = render(doc, docs, seed).encode("utf-8")
        path = root / doc["file"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        total += len(data)
    return bounds[1] - bounds[0], total


def _prepare(out_dir: Path) -> Path:
    """DIR/corpus, emptied when DIR holds an earlier synthetic corpus; refuses any other folder."""
    root = out_dir / "corpus"
    if root.exists():
        if not (out_dir / MARKER).exists():
            raise FileExistsError(f"{root} exists and was not written by `cpgraph synth`")
        shutil.rmtree(root)
    root.mkdir(parents=True)
    return root


def synthesize(
    n_docs: int,
    seed: int,
    out_dir: Path,
    workers: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
) -> dict[str, Any]:
    """Plan, write the texts and the answer key; returns a summary (also saved as DIR/synth.json)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    plan = build_plan(n_docs, seed)
    key = build_key(plan, n_docs, seed)
    planned = time.perf_counter()
    root = _prepare(out_dir)
    _STATE.update(plan=plan, docs={d["id"]: d for d in plan}, seed=seed, root=root)
    chunks = [(i, min(i + CHUNK, len(plan))) for i in range(0, len(plan), CHUNK)]
    workers = max(1, workers or os.cpu_count() or 1)
    done = size = 0
    try:
        if workers == 1:
            results = map(_write_chunk, chunks)
            for n, b in results:
                done, size = done + n, size + b
                if progress:
                    progress(done, len(plan), size)
        else:
            with mp.get_context("fork").Pool(workers) as pool:
                for n, b in pool.imap_unordered(_write_chunk, chunks):
                    done, size = done + n, size + b
                    if progress:
                        progress(done, len(plan), size)
    finally:
        _STATE.clear()
    (out_dir / "gold.json").write_text(json.dumps(key, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    summary = dict(
        docs=len(plan),
        seed=seed,
        bytes=size,
        workers=workers,
        plan_seconds=round(planned - started, 2),
        seconds=round(time.perf_counter() - started, 2),
        relations=len(key["relations"]),
        key_documents=len(key["documents"]),
        unnumbered=sum(1 for d in plan if not d["number"]),
    )
    (out_dir / MARKER).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary
