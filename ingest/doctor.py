"""`cpgraph doctor [--repair]`: check the whole data dir; repair what can be derived again from the sources.

Checked: the `current` link and every generation (checksums of graph and manifest), each manifest entry's
cache entry (length and SHA-256), the files the manifest names, stray entries (left-over temporary files,
folders that are not generations). Repair: the graph is always derived from the manifest and the cache, so
repairing is re-extracting the files whose cache entry is damaged (dropping those whose file is gone too),
deleting left-over temporary files, and committing a fresh generation from the newest whole manifest.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ingest import cache, sources, store
from ingest.pipeline import FileOutcome, FileTask, IngestSummary, commit_graph, process_file
from ingest.records import ManifestEntry

# Temporary files of an interrupted write: `graph.json.tmp123`, `.current.tmp123`, `x.json.tmp123`.
_TMP_NAME = re.compile(r"\.tmp\d+$")
_KNOWN_TOP = {"cache", "current", "graph.json", "ingest.lock", "uploads"}


@dataclass
class Diagnosis:
    """What `check` found; `problems` are damage, `notes` harmless (stray entries, missing sources)."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    bad_cache: list[str] = field(default_factory=list)  # manifest keys whose cache entry is damaged
    temporary: list[Path] = field(default_factory=list)
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check(data_dir: Path) -> Diagnosis:
    data_dir = Path(data_dir)
    found = Diagnosis()
    if not data_dir.is_dir():
        found.problems.append(f"{data_dir}: no such folder")
        return found
    gens = store.generations(data_dir)
    current = store.current_generation(data_dir)
    if gens and current is None:
        found.problems.append("the `current` link is missing or points nowhere")
    for gen in gens:
        problem = store.check_generation(data_dir / gen)
        if problem is not None:
            (found.problems if gen == current else found.notes).append(problem)
    manifest = store.load_manifest(data_dir, found.notes)
    found.files = len(manifest)
    for key in sorted(manifest):
        if cache.load_cached(data_dir, manifest[key]["sha256"]) is None:
            found.bad_cache.append(key)
    if found.bad_cache:
        found.problems.append(f"{len(found.bad_cache)} cache entries missing or damaged")
    gone = sources.missing(manifest)
    if gone:
        found.notes.append(f"{len(gone)} files in the graph are no longer there (`cpgraph ingest --prune` "
                           "or `cpgraph remove` drops them)")
    found.temporary = _temporary_files(data_dir)
    if found.temporary:
        found.notes.append(f"{len(found.temporary)} left-over temporary files")
    for entry in sorted(os.listdir(data_dir)):
        if entry not in _KNOWN_TOP and not store.GEN_NAME.match(entry) and not _TMP_NAME.search(entry):
            found.notes.append(f"stray entry ignored: {entry}")
    return found


def _temporary_files(data_dir: Path) -> list[Path]:
    found = []
    for folder, _, names in os.walk(data_dir):
        found += [Path(folder) / n for n in names if _TMP_NAME.search(n) or n.endswith(".part")]
    return sorted(found)


def repair(data_dir: Path) -> tuple[Diagnosis, list[str]]:
    """Repair under the ingest lock; returns the diagnosis before and what was done."""

    data_dir = Path(data_dir)
    done: list[str] = []
    with store.locked(data_dir):
        found = check(data_dir)
        for path in found.temporary:
            path.unlink(missing_ok=True)
        if found.temporary:
            done.append(f"deleted {len(found.temporary)} temporary files")
        summary = IngestSummary()
        manifest = store.load_manifest(data_dir, summary.problems)
        for key in found.bad_cache:
            entry = manifest[key]
            outcome = _reextract(key, entry, data_dir)
            if outcome is None or outcome.error is not None:
                reason = "file gone" if outcome is None else outcome.error
                del manifest[key]
                done.append(f"dropped {entry['relpath']} (cache damaged, cannot extract again: {reason})")
            else:
                entry["sha256"], entry["size"] = outcome.sha256, outcome.size
                entry["documents"] = outcome.documents
                done.append(f"extracted {entry['relpath']} again")
        if not manifest and not store.generations(data_dir):
            return found, done
        commit_graph(manifest, data_dir, summary, 0.0)
        done.append(f"committed {Path(summary.graph_path).parent.name} from {len(manifest)} files")
    return found, done


def _reextract(key: str, entry: ManifestEntry, data_dir: Path) -> FileOutcome | None:
    """Read a file again with the root it was ingested under (its path minus its relative path)."""
    relpath = entry["relpath"]
    if not os.path.lexists(key) or not key.replace(os.sep, "/").endswith("/" + relpath):
        return None
    root = key[: len(key) - len(relpath) - 1]
    return process_file(FileTask(root, key, str(data_dir), False))
