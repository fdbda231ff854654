"""Which files the graph is made of: the manifest (path -> content hash, relative path), kept so that
how files arrive never changes the answer.

- A file is its content: byte-identical files (a copy, the same folder reached through a symbolic link
  or given twice) are one document with several sources, not several documents.
- A file that disappeared while a file with its content is present now was moved or renamed: the old
  entry is retired. Any other disappeared file is *missing*: kept (a folder on an unplugged disk is not
  deleted from the graph), counted in every summary, and dropped by `--prune` or `cpgraph remove`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path

import networkx as nx

from ingest import cache, store
from ingest.readahead import ReadAhead
from ingest.records import Extraction, Manifest


def _exists(key: str) -> bool:
    return os.path.lexists(key)


def forget_under(manifest: Manifest, roots: Iterable[Path], present: set[str]) -> None:
    """Files once ingested under a folder ingested again but gone now: what they said goes too."""
    prefixes = [str(Path(os.path.abspath(p))).rstrip("/") + "/" for p in roots if Path(p).is_dir()]
    for key in list(manifest):
        if key not in present and any(key.startswith(prefix) for prefix in prefixes):
            del manifest[key]


def retire_moved(manifest: Manifest, present: set[str]) -> int:
    """Drop entries whose file is gone while a present file carries the same content (moved or renamed)."""
    present_hashes = {manifest[k]["sha256"] for k in present if k in manifest}
    retired = 0
    for key in list(manifest):
        if key not in present and manifest[key]["sha256"] in present_hashes and not _exists(key):
            del manifest[key]
            retired += 1
    return retired


def missing(manifest: Manifest) -> list[str]:
    """Manifest keys whose file is no longer there."""
    return sorted(key for key in manifest if not _exists(key))


def remove(manifest: Manifest, paths: Iterable[Path]) -> list[str]:
    """Drop the entries of these files, or of every file under these folders; returns the keys dropped."""
    targets = [str(Path(os.path.abspath(p))) for p in paths]
    dropped = [
        key
        for key in manifest
        if any(key == target or key.startswith(target.rstrip("/") + "/") for target in targets)
    ]
    for key in dropped:
        del manifest[key]
    return sorted(dropped)


def _order(manifest: Manifest) -> list[str]:
    return sorted(manifest, key=lambda k: (manifest[k]["relpath"], k))


def relpaths_by_content(manifest: Manifest) -> dict[str, list[str]]:
    """sha256 -> the distinct relative paths carrying it, in source order."""
    found: dict[str, list[str]] = defaultdict(list)
    for key in _order(manifest):
        entry = manifest[key]
        if entry["relpath"] not in found[entry["sha256"]]:
            found[entry["sha256"]].append(entry["relpath"])
    return found


def duplicate_files(manifest: Manifest) -> int:
    """Files whose content another file of the manifest already carries."""
    return len(manifest) - len({entry["sha256"] for entry in manifest.values()})


def all_extractions(
    manifest: Manifest, data_dir: Path, checked: set[str] | None = None
) -> Iterator[Extraction]:
    """The cached extractions of every distinct content in the manifest, streamed in source order
    (the first relative path carrying a content names its documents).

    `checked`: contents whose checksum an earlier pass of this build verified (their entries are read
    again without it), and where this pass adds those it verifies.
    """
    seen: set[str] = set()
    firsts = []  # the first file of each content, in source order
    for key in _order(manifest):
        if manifest[key]["sha256"] not in seen:
            seen.add(manifest[key]["sha256"])
            firsts.append(key)
    ahead = ReadAhead([cache.cache_file(data_dir, manifest[key]["sha256"]) for key in firsts])
    for index, key in enumerate(firsts):
        ahead.reached(index)
        sha256 = manifest[key]["sha256"]
        verified = checked is not None and sha256 in checked
        cached = cache.load_cached(data_dir, sha256, verify=not verified)
        if checked is not None and cached is not None:
            checked.add(sha256)
        if cached is None:  # verified before the build: only a disk failure since gets here
            relpath = manifest[key]["relpath"]
            raise store.StoreDamaged(f"cache entry of {relpath} became unreadable; ingest again")
        relpath = manifest[key]["relpath"]
        for extraction in cached:
            yield {**extraction, "source": _with_row(relpath, extraction["source"])}


def _with_row(relpath: str, source: str) -> str:
    """The document's source under this file's name (a table row keeps its `#row`)."""
    return relpath + source[source.index("#") :] if "#" in source else relpath


def add_sources(G: nx.DiGraph, manifest: Manifest) -> None:
    """`sources` on the documents of a content that several relative paths carry (all of them, sorted)."""
    names = {paths[0]: paths for paths in relpaths_by_content(manifest).values() if len(paths) > 1}
    if not names:
        return
    for _, data in G.nodes(data=True):
        source = data.get("source")
        if data.get("kind") != "document" or not source:
            continue
        first = source.split("#", 1)[0]
        if first in names:
            data["sources"] = sorted(_with_row(p, source) for p in names[first])
