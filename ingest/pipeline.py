"""The ingest run: walk -> read and extract (on every core) -> build -> commit, incrementally.

An unchanged file (same size and mtime, else same content hash) is not read again; a changed
file replaces what it said; a file that fails is reported and the rest goes on. Extraction
results are cached by content hash, so a run killed midway resumes where it stopped and ends
in the same export as an uninterrupted one.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest import read, store
from ingest.build import build_graph
from ingest.extract import extract_document, is_document
from ingest.read_table import is_subject_table, table_extractions

CITATION_TYPES = frozenset({"IMPLEMENTS", "CITES", "AMENDS", "REPEALS"})


@dataclass
class IngestSummary:
    """What a run did, for the command line and the service."""

    files_seen: int = 0
    files_read: int = 0
    files_unchanged: int = 0
    bytes_read: int = 0
    documents: int = 0
    ingested_documents: int = 0
    citations: int = 0
    unresolved: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    graph_path: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.bytes_read / 2**20 / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class _Task:
    root: str
    path: str
    data_dir: str
    ocr: bool


NOT_A_DOCUMENT = "skipped: not an administrative document (no type, số hiệu, issuer or date)"


def _process(task: _Task) -> dict[str, Any]:
    """Read and extract one file (in a worker process). Never raises."""
    path, root = Path(task.path), Path(task.root)
    try:
        result = read.read_document(path, root, ocr=task.ocr)
    except Exception as exc:  # a reader bug must not stop the run
        return {"path": task.path, "error": f"reader failed: {exc!r}"}
    warnings = list(result.warnings)
    base = {
        "path": task.path,
        "relpath": result.relpath,
        "size": result.size,
        "sha256": result.sha256,
        "warnings": warnings,
    }
    if result.error is not None or result.text is None:
        return {**base, "error": result.error or "no text"}
    if result.sha256 and store.cache_path(Path(task.data_dir), result.sha256).exists():
        cached = store.load_cached(Path(task.data_dir), result.sha256)
        if cached is not None:
            return {**base, **_counts(cached), "cached": True}
    try:
        if path.suffix.lower() == ".csv" and is_subject_table(result.text):
            extractions = table_extractions(result.text, result.relpath, path)
        else:
            extractions = [extract_document(result.text, result.relpath)]
            if not is_document(extractions[0]):
                # CONTRACT.md: a README or a list of links is no node; say so and keep nothing
                warnings.append(NOT_A_DOCUMENT)
                extractions = []
    except Exception as exc:  # one bad file never stops a run
        return {**base, "error": f"extraction failed: {type(exc).__name__}: {exc}"}
    if result.sha256:
        store.save_cached(Path(task.data_dir), result.sha256, extractions)
    # only the count goes back: the graph is built from the cache, so nothing large crosses processes
    return {**base, **_counts(extractions)}


def _counts(extractions: list[dict[str, Any]]) -> dict[str, int]:
    return {"documents": len(extractions), "unresolved": sum(e.get("unresolved", 0) for e in extractions)}


def _files(paths: Sequence[Path], problems: list[str]) -> list[tuple[Path, Path]]:
    return list(read.walk([Path(p) for p in paths], problems))


def ingest(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    progress: bool = False,
    workers: int | None = None,
    ocr: bool = False,
    on_file: Callable[[dict[str, Any]], None] | None = None,
) -> IngestSummary:
    """Update the graph kept in `data_dir` with the files under `paths`."""
    started = time.perf_counter()
    data_dir = Path(data_dir)
    summary = IngestSummary()
    with store.locked(data_dir):
        manifest = store.load_manifest(data_dir)
        files = _files(paths, summary.problems)
        summary.files_seen = len(files)
        _forget_missing(manifest, paths, {str(p) for _, p in files})
        tasks = []
        for root, path in files:
            entry = manifest.get(str(path))
            if entry is not None and _unchanged(entry, path, root, data_dir):
                summary.files_unchanged += 1
                continue
            tasks.append(_Task(str(root), str(path), str(data_dir), ocr))
        total_bytes = sum(_size(Path(t.path)) for t in tasks)
        for outcome in _run(tasks, workers, progress, total_bytes):
            _record(outcome, manifest, summary)
            if on_file is not None:
                on_file(outcome)
        G = build_graph(lambda: _all_extractions(manifest, data_dir))
        summary.graph_path = str(store.commit(data_dir, G, manifest))
    summary.unresolved = sum(entry.get("unresolved", 0) for entry in manifest.values())
    summary.documents = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "document")
    summary.ingested_documents = sum(1 for _, d in G.nodes(data=True) if d.get("ingested"))
    summary.citations = sum(1 for _, _, d in G.edges(data=True) if d["type"] in CITATION_TYPES)
    summary.seconds = time.perf_counter() - started
    return summary


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _unchanged(entry: dict[str, Any], path: Path, root: Path, data_dir: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return (
        entry.get("size") == info.st_size
        and entry.get("mtime_ns") == info.st_mtime_ns
        and entry.get("relpath") == read.relative_source(path, root)
        and store.cache_path(data_dir, entry["sha256"]).exists()
    )


def _forget_missing(manifest: dict[str, dict[str, Any]], paths: Sequence[Path], present: set[str]) -> None:
    """Files once ingested under a folder ingested again but gone now: what they said goes too."""
    roots = [str(Path(os.path.abspath(p))) for p in paths if Path(p).is_dir()]
    for key in list(manifest):
        if key not in present and any(key.startswith(root.rstrip("/") + "/") for root in roots):
            del manifest[key]


def _run(
    tasks: list[_Task], workers: int | None, progress: bool, total_bytes: int
) -> Iterator[dict[str, Any]]:
    workers = workers or os.cpu_count() or 1
    bar = _ProgressBar(len(tasks), total_bytes) if progress else None
    try:
        if workers <= 1 or len(tasks) < 4:
            for outcome in map(_process, tasks):
                if bar:
                    bar.advance(outcome)
                yield outcome
        else:
            # forkserver: safe from a threaded parent (the service ingests uploads in a thread),
            # and a worker that dies is reported (BrokenProcessPool) instead of hanging the run
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(["ingest.warm"])
            with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
                for outcome in pool.map(_process, tasks, chunksize=4):
                    if bar:
                        bar.advance(outcome)
                    yield outcome
    finally:
        if bar is not None:
            bar.stop()


class _ProgressBar:
    """Files done of total and MB/s of text read, on stderr."""

    def __init__(self, total_files: int, total_bytes: int) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("[bold]Ingest"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[speed]}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
        )
        self.task = self.progress.add_task("files", total=total_files, speed="")
        self.bytes = 0
        self.started = time.perf_counter()
        self.progress.start()

    def advance(self, outcome: dict[str, Any]) -> None:
        self.bytes += outcome.get("size", 0)
        rate = self.bytes / 2**20 / max(time.perf_counter() - self.started, 1e-6)
        self.progress.update(self.task, advance=1, speed=f"{rate:6.1f} MB/s")

    def stop(self) -> None:
        self.progress.stop()


def _record(outcome: dict[str, Any], manifest: dict[str, dict[str, Any]], summary: IngestSummary) -> None:
    path = outcome["path"]
    for warning in outcome.get("warnings", []):
        summary.warnings.append((outcome.get("relpath", path), warning))
    if "error" in outcome:
        summary.failures.append((outcome.get("relpath", path), outcome["error"]))
        manifest.pop(path, None)  # a changed file that now fails no longer says what it said
        return
    summary.files_read += 1
    summary.bytes_read += outcome.get("size", 0)
    try:
        mtime_ns = Path(path).stat().st_mtime_ns
    except OSError:
        mtime_ns = 0
    manifest[path] = {
        "relpath": outcome["relpath"],
        "size": outcome["size"],
        "mtime_ns": mtime_ns,
        "sha256": outcome["sha256"],
        "documents": outcome["documents"],
        "unresolved": outcome["unresolved"],
    }


def _all_extractions(manifest: dict[str, dict[str, Any]], data_dir: Path) -> Iterator[dict[str, Any]]:
    """The cached extractions of every file in the manifest, streamed in source order."""
    for key in sorted(manifest, key=lambda k: (manifest[k]["relpath"], k)):
        cached = store.load_cached(data_dir, manifest[key]["sha256"])
        if cached is None:
            continue
        relpath = manifest[key]["relpath"]
        for extraction in cached:
            # the same content under another name: the document's source is this file's
            source = extraction["source"]
            source = relpath + source[source.index("#") :] if "#" in source else relpath
            yield {**extraction, "source": source}
