"""The file behind an ingested document, and the ids its citations resolved to in the stored graph.

The store keeps, per generation, a manifest: absolute path of each file read -> its `relpath` (the
document's `source`, relative to the folder ingested), size, mtime and sha256. A document node's
`source` is that relpath (`file.csv#row-3` for a table row). So the file is found again by its
relpath; it may have changed or gone since.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ingest import read, store
from ingest.records import Manifest


@dataclass(frozen=True)
class StoredSource:
    path: Path | None  # None when no file of the manifest has this source, or it is gone
    root: Path | None  # the folder it was ingested from (its relpath is relative to it)
    changed: bool  # the file's content is no longer what was ingested
    problem: str | None  # why it cannot be explained, in Vietnamese (for the page) — None when it can


def stored_source(data_dir: Path, source: str | None) -> StoredSource:
    """Where the file of a document's `source` is now, per the data dir's manifest."""
    if not source:
        return StoredSource(None, None, False, "Văn bản không có tệp nguồn ghi trong kho.")
    if "#" in source:
        return StoredSource(
            None, None, False, "Văn bản là một dòng của bảng trích yếu (.csv): không giải thích."
        )
    manifest = store.load_manifest(Path(data_dir))
    known = sorted(key for key, entry in manifest.items() if entry.get("relpath") == source)
    for key in known:
        path = Path(key)
        if not path.is_file():
            continue
        root = Path(key[: -len(source)]) if key.endswith(source) else path.parent
        changed = read.sha256_of(path) != manifest[key].get("sha256")
        return StoredSource(path, root, changed, None)
    if known:
        return StoredSource(None, None, False, "Tệp nguồn đã bị xoá hoặc chuyển đi kể từ lần đọc.")
    return StoredSource(None, None, False, "Tệp nguồn không có trong danh mục của kho dữ liệu.")


def stored_targets(G: nx.DiGraph, doc_id: str) -> dict[tuple[int, int], str]:
    """Mention span -> the node id it resolved to, from the stored graph's edges out of `doc_id`."""
    out: dict[tuple[int, int], str] = {}
    for _, target, data in G.out_edges(doc_id, data=True):
        for ev in data.get("evidence") or []:
            if ev.get("in") == doc_id:
                out[(int(ev["start"]), int(ev["end"]))] = str(target)
    return out


def stored_doc_id(G: nx.DiGraph, manifest: Manifest, path: Path) -> str | None:
    """The ingested node whose source is this file (by the manifest's record of it)."""
    entry = manifest.get(os.path.abspath(path))
    if entry is None:
        return None
    ids = sorted(
        n for n, d in G.nodes(data=True) if d.get("ingested") and d.get("source") == entry["relpath"]
    )
    return ids[0] if ids else None
