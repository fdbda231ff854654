"""The ingest run: walk -> read and extract (on every core) -> build -> commit, incrementally.

An unchanged file (same size and mtime, and a whole cache entry) is not read again; a changed
file replaces what it said; a file that fails, or passes its time or memory limit
(`ingest.workers`), is reported and the rest goes on. Extraction results are cached by content
hash, so a run killed midway resumes where it stopped and ends in the same export as an
uninterrupted one. Files are identified by content (`ingest.sources`): copies, moves and links
never make a document twice.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ingest import cache, read, sources, store
from ingest.build import build_graph
from ingest.extract import extract_document, is_document
from ingest.extract_table import is_subject_table, table_extractions
from ingest.gc_pause import gc_paused
from ingest.readahead import ReadAhead
from ingest.records import Extraction, Manifest, ManifestEntry
from ingest.workers import Limits, run_tasks, start_forkserver

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
    duplicates: int = 0  # files whose content another file already carries (one document, two sources)
    retired: int = 0  # entries of files moved or renamed (their content is present under a new path)
    missing: list[str] = field(default_factory=list)  # files in the graph that are no longer there
    removed: list[str] = field(default_factory=list)  # entries dropped by --prune or `cpgraph remove`
    slowest: tuple[str, float] | None = None  # the file that took most CPU time to read, and its seconds
    # wall seconds of each step of the run ("extract", "graph", "commit", "snapshot"), in order
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def mb_per_s(self) -> float:
        return self.bytes_read / 2**20 / self.seconds if self.seconds else 0.0


@dataclass(frozen=True)
class FileTask:
    root: str
    path: str
    data_dir: str
    ocr: bool
    max_chars: int = read.MAX_TEXT_CHARS


@dataclass(slots=True)
class FileOutcome:
    """What reading and extracting one file gave (sent back from the worker; the extractions themselves
    stay in the cache)."""

    path: str  # absolute path, the manifest key
    relpath: str | None = None  # None when the reader failed before naming it
    size: int = 0
    sha256: str = ""
    warnings: list[str] = field(default_factory=list)
    error: str | None = None  # one-line reason: the file gave nothing
    documents: int = 0
    unresolved: int = 0
    cached: bool = False  # the extractions were in the cache already
    cpu_seconds: float = 0.0
    mtime_ns: int = 0  # as the reader's stat gave it (0: not known, the ingest looks)


def _failed(task: FileTask, reason: str) -> FileOutcome:
    """The outcome of a file whose worker was stopped or died."""
    relpath = read.relative_source(Path(task.path), Path(task.root))
    return FileOutcome(task.path, relpath, error=reason)


def _timed(task: FileTask) -> FileOutcome:
    """`process_file`, with the CPU seconds it took (what the per-file limit counts)."""
    started = time.process_time()
    outcome = process_file(task)
    outcome.cpu_seconds = time.process_time() - started
    return outcome


# How long an ingest waits for the lock: the workers of a just-killed ingest still hold it briefly.
LOCK_GRACE_S = 10.0
NOT_A_DOCUMENT = "skipped: not an administrative document (no type, số hiệu, issuer or date)"


def process_file(task: FileTask) -> FileOutcome:
    """Read and extract one file (in a worker process). Never raises."""
    path, root = Path(task.path), Path(task.root)
    try:
        result = read.read_document(path, root, ocr=task.ocr, max_chars=task.max_chars)
    except Exception as exc:  # a reader bug must not stop the run
        return FileOutcome(task.path, error=f"reader failed: {exc!r}")
    warnings = list(result.warnings)
    outcome = FileOutcome(task.path, result.relpath, result.size, result.sha256, warnings,
                          mtime_ns=result.mtime_ns)
    if result.error is not None or result.text is None:
        outcome.error = result.error or "no text"
        return outcome
    if result.sha256:
        cached = cache.load_cached(Path(task.data_dir), result.sha256)
        if cached is not None:
            outcome.cached = True
            return _counted(outcome, cached)
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
        outcome.error = f"extraction failed: {type(exc).__name__}: {exc}"
        return outcome
    if result.sha256:
        cache.save_cached(Path(task.data_dir), result.sha256, extractions)
    # only the count goes back: the graph is built from the cache, so nothing large crosses processes
    return _counted(outcome, extractions)


def _counted(outcome: FileOutcome, extractions: list[Extraction]) -> FileOutcome:
    outcome.documents = len(extractions)
    outcome.unresolved = sum(e.get("unresolved", 0) for e in extractions)
    return outcome


def _files(paths: Sequence[Path], problems: list[str]) -> list[tuple[Path, Path]]:
    return list(read.walk([Path(p) for p in paths], problems))


def ingest(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    progress: bool = False,
    workers: int | None = None,
    ocr: bool = False,
    on_file: Callable[[FileOutcome], None] | None = None,
    prune: bool = False,
    limits: Limits | None = None,
    max_chars: int = read.MAX_TEXT_CHARS,
) -> IngestSummary:
    """Update the graph kept in `data_dir` with the files under `paths` (holding the data dir's lock).

    `workers=0` reads in this process, without time or memory limits (for debugging).
    `prune` drops what files no longer there said; without it they are only counted.
    """
    with store.locked(data_dir, wait=LOCK_GRACE_S):
        return ingest_locked(paths, data_dir, progress=progress, workers=workers, ocr=ocr, on_file=on_file,
                             prune=prune, limits=limits, max_chars=max_chars)


def ingest_locked(
    paths: Sequence[Path],
    data_dir: Path,
    *,
    progress: bool = False,
    workers: int | None = None,
    ocr: bool = False,
    on_file: Callable[[FileOutcome], None] | None = None,
    prune: bool = False,
    limits: Limits | None = None,
    max_chars: int = read.MAX_TEXT_CHARS,
) -> IngestSummary:
    """`ingest`, for a caller that already holds `store.locked(data_dir)`."""
    started = time.perf_counter()
    if workers != 0:
        start_forkserver()  # it loads the extraction code (a second) while this process walks the folders
    data_dir = Path(data_dir)
    summary = IngestSummary()
    manifest = store.load_manifest(data_dir, summary.problems)
    files = _files(paths, summary.problems)
    summary.files_seen = len(files)
    present = {str(p) for _, p in files}
    sources.forget_under(manifest, paths, present)
    tasks = []
    for root, path in files:
        entry = manifest.get(str(path))
        if entry is not None and _unchanged(entry, path, root, data_dir):
            summary.files_unchanged += 1
            continue
        tasks.append(FileTask(str(root), str(path), str(data_dir), ocr, max_chars))
    total_bytes = sum(_size(Path(t.path)) for t in tasks) if progress else 0  # for the bar alone
    for outcome in _run(tasks, workers, progress, total_bytes, limits or Limits()):
        _record(outcome, manifest, summary)
        if on_file is not None:
            on_file(outcome)
    summary.phases["extract"] = time.perf_counter() - started
    summary.retired = sources.retire_moved(manifest, present)
    if prune:
        summary.removed = sources.remove(manifest, [Path(k) for k in sources.missing(manifest)])
    return commit_graph(manifest, data_dir, summary, started)


def remove(paths: Sequence[Path], data_dir: Path, *, missing_only: bool = False) -> IngestSummary:
    """Drop what the files at `paths` (or under folders there) said, and commit the graph without it.

    `missing_only`: drop every file of the graph that is no longer there (`paths` is ignored).
    """
    started = time.perf_counter()
    data_dir = Path(data_dir)
    summary = IngestSummary()
    with store.locked(data_dir):
        manifest = store.load_manifest(data_dir, summary.problems)
        targets = [Path(k) for k in sources.missing(manifest)] if missing_only else list(paths)
        summary.removed = sources.remove(manifest, targets)
        return commit_graph(manifest, data_dir, summary, started)


def commit_graph(
    manifest: Manifest, data_dir: Path, summary: IngestSummary, started: float
) -> IngestSummary:
    """Build the graph of the manifest, commit it, and fill in the summary's totals."""
    with gc_paused():  # millions of objects that live to the end: no full collection walking them
        return _commit_graph(manifest, data_dir, summary, started)


def _commit_graph(
    manifest: Manifest, data_dir: Path, summary: IngestSummary, started: float
) -> IngestSummary:
    clock = time.perf_counter()
    flushing = store.sync_in_background(data_dir)  # the disk writes the cache while the graph is built
    checked: set[str] = set()
    G = build_graph(lambda: sources.all_extractions(manifest, data_dir, checked))
    sources.add_sources(G, manifest)
    clock = _phase(summary, "graph", clock)
    summary.graph_path = str(store.commit(data_dir, G, manifest, flushing))
    clock = _phase(summary, "commit", clock)
    _write_serving_snapshot(Path(summary.graph_path), G, summary)
    _phase(summary, "snapshot", clock)
    summary.missing = sources.missing(manifest)
    summary.duplicates = sources.duplicate_files(manifest)
    summary.unresolved = sum(entry.get("unresolved", 0) for entry in manifest.values())
    summary.documents = sum(1 for _, d in G.nodes(data=True) if d.get("kind") == "document")
    summary.ingested_documents = sum(1 for _, d in G.nodes(data=True) if d.get("ingested"))
    summary.citations = sum(1 for _, _, d in G.edges(data=True) if d["type"] in CITATION_TYPES)
    summary.seconds = time.perf_counter() - started
    return summary


def _phase(summary: IngestSummary, name: str, since: float) -> float:
    """Record the wall seconds of a step that began at `since`; returns now (the next step's start)."""
    now = time.perf_counter()
    summary.phases[name] = now - since
    return now


def _write_serving_snapshot(graph_path: Path, G: nx.DiGraph, summary: IngestSummary) -> None:
    """The snapshot `cpgraph serve` loads (queries.snapshot); a failure here is reported, never fatal:
    serve builds it again from the committed graph."""
    try:
        from queries.snapshot import write_for_generation  # heavy: the query stack, needed at the end only

        write_for_generation(graph_path, G)
    except Exception as exc:  # noqa: BLE001 - the graph is committed; the snapshot is derived from it
        summary.problems.append(f"serving snapshot not written ({type(exc).__name__}: {exc}); "
                                "`cpgraph serve` will build it")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _mtime_ns(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def _unchanged(entry: ManifestEntry, path: Path, root: Path, data_dir: Path) -> bool:
    try:
        info = path.stat()
    except OSError:
        return False
    return (
        entry.get("size") == info.st_size
        and entry.get("mtime_ns") == info.st_mtime_ns
        and entry.get("relpath") == read.relative_source(path, root)
        and cache.load_cached(data_dir, entry["sha256"]) is not None  # an empty or torn entry: read again
    )


def _run(
    tasks: list[FileTask], workers: int | None, progress: bool, total_bytes: int, limits: Limits
) -> Iterator[FileOutcome]:
    bar = _ProgressBar(len(tasks), total_bytes) if progress else None
    ahead = ReadAhead([t.path for t in tasks])
    ahead.reached(0)
    try:
        if workers == 0:
            outcomes: Iterator[FileOutcome] = map(_timed, tasks)
        else:
            count = workers or os.cpu_count() or 1
            outcomes = run_tasks(tasks, _timed, _failed, workers=count, limits=limits)
        for index, outcome in enumerate(outcomes):
            ahead.reached(index)
            if bar:
                bar.advance(outcome)
            yield outcome
    finally:
        if bar is not None:
            bar.stop()


class _ProgressBar:
    """Files done of total and MB/s of text read, on stderr."""

    def __init__(self, total_files: int, total_bytes: int) -> None:
        # heavy: rich (~40 ms to import) only for the progress bar of an interactive run
        from rich.console import Console

        # heavy: as above
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

    def advance(self, outcome: FileOutcome) -> None:
        self.bytes += outcome.size
        rate = self.bytes / 2**20 / max(time.perf_counter() - self.started, 1e-6)
        self.progress.update(self.task, advance=1, speed=f"{rate:6.1f} MB/s")

    def stop(self) -> None:
        self.progress.stop()


def _record(outcome: FileOutcome, manifest: Manifest, summary: IngestSummary) -> None:
    path = outcome.path
    name = outcome.relpath or path
    cpu = outcome.cpu_seconds
    if summary.slowest is None or cpu > summary.slowest[1]:
        summary.slowest = (name, cpu)
    for warning in outcome.warnings:
        summary.warnings.append((name, warning))
    if outcome.error is not None:
        summary.failures.append((name, outcome.error))
        manifest.pop(path, None)  # a changed file that now fails no longer says what it said
        return
    summary.files_read += 1
    summary.bytes_read += outcome.size
    mtime_ns = outcome.mtime_ns or _mtime_ns(path)
    manifest[path] = {
        "relpath": outcome.relpath or path,
        "size": outcome.size,
        "mtime_ns": mtime_ns,
        "sha256": outcome.sha256,
        "documents": outcome.documents,
        "unresolved": outcome.unresolved,
    }
