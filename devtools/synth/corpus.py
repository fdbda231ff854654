"""Write a synthetic corpus to disk: DIR/corpus/<province code>/<seq>_<hash>.{txt,md,docx}, a few
non-documents (DIR/corpus/README.md, <province code>/lien-ket-<k>.txt: not in the key) and DIR/gold.json.

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
from random import Random
from typing import Any

from devtools.synth import layout, realnoise
from devtools.synth.generate import build_plan
from devtools.synth.gold import build_key
from devtools.synth.render import render_file

MARKER = "synth.json"
CHUNK = 400

# State shared with forked workers (set before the pool starts, read-only afterwards).
_STATE: dict[str, Any] = {}


def _write_chunk(bounds: tuple[int, int]) -> tuple[int, int]:
    """Render and write plan[start:end]; returns (documents, bytes)."""
    plan, docs, seed, root = _STATE["plan"], _STATE["docs"], _STATE["seed"], _STATE["root"]
    total = 0
    for doc in plan[bounds[0] : bounds[1]]:
        data = render_file(doc, docs, seed)
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


def _write_non_documents(
    plan: list[dict[str, Any]], n_docs: int, seed: int, root: Path, rate: float
) -> list[str]:
    """A README at the root and lists of links in a few province folders (`rate` per 1,000
    documents, at least one when the rate is not 0): files an ingest must skip. Paths written."""
    if rate <= 0:
        return []
    rng = Random(f"{seed}:non-documents")
    (root / "README.md").write_text(layout.readme(n_docs), encoding="utf-8")
    written = ["README.md"]
    by_province: dict[str, list[dict[str, Any]]] = {}
    for d in plan:
        by_province.setdefault(d["pcode"], []).append(d)
    provinces = sorted(by_province)
    for k in range(max(1, round(n_docs * rate / 1000))):
        pcode = rng.choice(provinces)
        pool = by_province[pcode]
        picked = sorted(rng.sample(range(len(pool)), k=min(len(pool), rng.randint(4, 12))))
        path = f"{pcode}/lien-ket-{k + 1}.txt"
        (root / path).write_text(layout.links_list([pool[i] for i in picked], rng), encoding="utf-8")
        written.append(path)
    return written


def synthesize(
    n_docs: int,
    seed: int,
    out_dir: Path,
    workers: int | None = None,
    progress: Callable[[int, int, int], None] | None = None,
    noise: str | None = None,
) -> dict[str, Any]:
    """Plan, write the texts and the answer key; returns a summary (also saved as DIR/synth.json).
    `noise` sets the rates of the real-noise classes (`realnoise.parse_spec`: default, none,
    class=rate,...)."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rates = realnoise.parse_spec(noise)
    plan = build_plan(n_docs, seed, rates)
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
    non_documents = _write_non_documents(plan, n_docs, seed, root, rates["non_documents"])
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
        noise={
            name: sum(name in d["real"] for d in plan)
            for name in realnoise.CLASSES
            if name != "non_documents"
        },
        non_documents=non_documents,
    )
    (out_dir / MARKER).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    return summary
