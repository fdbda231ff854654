"""The graph kept under `--data-dir`: atomic generations, a per-file manifest, an extraction cache,
and a lock so that two ingests never write one store.

Layout::

    DATA_DIR/
      current -> gen-000042      the last good generation (a symbolic link, swapped atomically)
      gen-000042/graph.json      the export (CONTRACT.md)
      gen-000042/manifest.json   file path -> size, mtime, sha256, relpath of every ingested file
      gen-000042/integrity.json  length and SHA-256 of the two files above, checked before use
      gen-000041/                the generation before (a damaged current one falls back to it)
      graph.json -> current/graph.json
      cache/ab/abcdef….json      extraction of one file content (`ingest.cache`: by sha256 and
                                 extractor version, behind a header line with its length and SHA-256)
      ingest.lock                held while an ingest runs

A crash at any point leaves `current` on the last complete generation: the next run finds
the same manifest and cache and completes to the same export. Whatever is damaged is detected
(checksums), never used silently: a cache entry is extracted again, a generation falls back to
the one before, and `export`/`serve` say what is wrong instead of serving it.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import orjson

from ingest import faults
from ingest.export import dumps_export, export_from_graph, graph_from_export, load_export, write_export
from ingest.records import Manifest

GRAPH_FILE = "graph.json"
MANIFEST_FILE = "manifest.json"
INTEGRITY_FILE = "integrity.json"
CURRENT = "current"
# A generation folder: `gen-` and six digits; anything else in the data dir (`gen-old`, a backup) is ignored.
GEN_NAME = re.compile(r"^gen-(\d{6})$")


class StoreLocked(RuntimeError):
    """Another ingest holds the data dir."""


class StoreDamaged(RuntimeError):
    """The kept graph cannot be read; the message says what is wrong and what to run."""


def generations(data_dir: Path) -> list[str]:
    """The generation folders of a data dir, oldest first (stray names are ignored)."""
    try:
        names = [entry.name for entry in os.scandir(data_dir) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    return sorted(name for name in names if GEN_NAME.match(name))


def current_generation(data_dir: Path) -> str | None:
    """The generation `current` points at, when it is a valid one."""
    try:
        target = os.readlink(Path(data_dir) / CURRENT)
    except OSError:
        return None
    return target if GEN_NAME.match(target) and (Path(data_dir) / target).is_dir() else None


def check_generation(gen: Path, names: tuple[str, ...] = (GRAPH_FILE, MANIFEST_FILE)) -> str | None:
    """None when the files `names` of `gen` are whole, else a one-line reason."""
    integrity = gen / INTEGRITY_FILE
    for name in names:
        if not (gen / name).is_file():
            return f"{gen.name}/{name} is missing"
    if integrity.is_file():
        try:
            expected = json.loads(integrity.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return f"{gen.name}/{INTEGRITY_FILE} is damaged"
        for name in names:
            size, digest = _size_and_hash(gen / name)
            want = expected.get(name, {})
            if size != want.get("bytes") or digest != want.get("sha256"):
                return f"{gen.name}/{name} is damaged (length or checksum differs from when it was written)"
        return None
    for name in names:  # an older generation without checksums: it must parse
        try:
            orjson.loads((gen / name).read_bytes())
        except (OSError, ValueError) as exc:
            return f"{gen.name}/{name} is damaged ({exc.__class__.__name__})"
    return None


def _size_and_hash(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as f:
        while chunk := f.read(2**20):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()


def _damaged(data_dir: Path, reason: str) -> StoreDamaged:
    return StoreDamaged(
        f"the graph kept in {data_dir} cannot be read: {reason}; "
        f"run `cpgraph doctor --repair --data-dir {data_dir}` (or ingest again)"
    )


def graph_file(data_dir: Path) -> Path | None:
    """The checked graph file of the current generation; None when nothing was ingested yet.

    Raises StoreDamaged when generations exist but the current one is missing or damaged.
    """
    data_dir = Path(data_dir)
    gen = current_generation(data_dir)
    if gen is None:
        # a generation never made current (a crash inside the first commit) is a leftover, not damage
        if any((data_dir / g / INTEGRITY_FILE).is_file() for g in generations(data_dir)):
            raise _damaged(data_dir, "the `current` link is missing or points nowhere")
        legacy = data_dir / GRAPH_FILE
        return legacy if legacy.is_file() and not legacy.is_symlink() else None
    problem = check_generation(data_dir / gen)
    if problem is not None:
        raise _damaged(data_dir, problem)
    return data_dir / gen / GRAPH_FILE


def load_graph(data_dir: Path) -> nx.DiGraph:
    """The last good graph in `data_dir` (an empty graph when nothing was ingested yet)."""
    path = graph_file(data_dir)
    if path is None:
        return nx.DiGraph()
    try:
        export = load_export(path)
    except (OSError, ValueError) as exc:
        raise _damaged(Path(data_dir), f"{path.name}: {exc}") from exc
    if not isinstance(export, dict) or export.get("schema") != "cpgraph/1":
        raise _damaged(Path(data_dir), f"{path.name} is not a cpgraph/1 export")
    return graph_from_export(export)


def load_manifest(data_dir: Path, problems: list[str] | None = None) -> Manifest:
    """The manifest of the newest whole generation (current first, then older ones).

    A damaged one is reported in `problems` and the next older one used; none whole: start afresh
    (the cache makes that cheap), which an ingest of the same folders completes to the same graph.
    """
    data_dir = Path(data_dir)
    current = current_generation(data_dir)
    candidates = [current] if current else []
    candidates += [g for g in reversed(generations(data_dir)) if g != current]
    for gen in candidates:
        problem = check_generation(data_dir / gen, (MANIFEST_FILE,))
        if problem is None:
            try:
                with open(data_dir / gen / MANIFEST_FILE, encoding="utf-8") as f:
                    data: Manifest = json.load(f)["files"]
                return data
            except (OSError, ValueError, KeyError, TypeError) as exc:
                problem = f"{gen}/{MANIFEST_FILE} is damaged ({type(exc).__name__})"
        if problems is not None:
            problems.append(f"store: {problem}; using an older generation or starting afresh")
    return {}


@contextlib.contextmanager
def locked(data_dir: Path, wait: float = 0.0) -> Iterator[None]:
    """Hold the data dir's ingest lock; a second ingest is refused with a clear message.

    `wait` seconds are granted first: the worker processes of an ingest that was just killed share its
    lock until they have noticed their parent's death and exited, which takes a moment.
    """
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    handle = open(Path(data_dir) / "ingest.lock", "a+")  # noqa: SIM115 - held across the yield
    deadline = time.monotonic() + wait
    try:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as exc:
                if exc.errno not in (errno.EAGAIN, errno.EACCES):
                    raise
                if time.monotonic() >= deadline:
                    raise StoreLocked(
                        f"another ingest is running on {data_dir}; try again when it has finished"
                    ) from exc
                time.sleep(0.1)
        yield
    finally:
        handle.close()


def write_atomic(path: Path | str, data: bytes, durable: bool = True, fault: str = "") -> None:
    """Write via a temporary file and rename, so readers see the old or the new file, never a torn one.

    `durable` also fsyncs (for the graph and manifest); the cache is re-derivable, so it skips that cost.
    """
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    faults.point(fault)
    os.replace(tmp, path)


def sync_in_background(data_dir: Path) -> threading.Thread:
    """`sync` in a thread (syncfs waits for the disk without holding the interpreter): started when the
    cache is complete, joined by `commit` before the manifest names the entries."""
    thread = threading.Thread(target=sync, args=(data_dir,), name="cpgraph-sync", daemon=True)
    thread.start()
    return thread


def sync(data_dir: Path) -> None:
    """Flush everything written under `data_dir` to disk (one syncfs, not an fsync per cache file)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fd = os.open(data_dir, os.O_RDONLY)
        try:
            if libc.syncfs(fd) == 0:
                return
        finally:
            os.close(fd)
    except (OSError, AttributeError):
        pass
    os.sync()


def commit(data_dir: Path, G: nx.DiGraph, manifest: Manifest, synced: threading.Thread | None = None) -> Path:
    """Write a new generation and make it current in one atomic step; returns the graph file.

    The generation before it is kept (a damaged current one falls back to it); older ones go.
    `synced`: a `sync_in_background` of the data dir, started once the cache was complete.
    """
    data_dir = Path(data_dir)
    faults.point("commit:start")
    # the cache entries the manifest names are on disk before the manifest is
    if synced is not None:
        synced.join()
    else:
        sync(data_dir)
    gens = generations(data_dir)
    previous = current_generation(data_dir)
    number = int(gens[-1].split("-")[1]) + 1 if gens else 1
    gen = data_dir / f"gen-{number:06d}"
    shutil.rmtree(gen, ignore_errors=True)
    gen.mkdir(parents=True)
    _write_graph(gen / GRAPH_FILE, G)
    faults.point("commit:graph")
    body = {"files": {k: manifest[k] for k in sorted(manifest)}}
    # ASCII escapes: a file name that is not UTF-8 (kept as surrogates) is written and read back intact.
    # One line: with `indent` json.dumps runs its pure-Python encoder (1.5 s at 100,000 files, not 0.2 s).
    write_atomic(gen / MANIFEST_FILE, json.dumps(body, ensure_ascii=True).encode("ascii"),
                  fault="commit:manifest")
    integrity = {name: dict(zip(("bytes", "sha256"), _size_and_hash(gen / name), strict=True))
                 for name in (GRAPH_FILE, MANIFEST_FILE)}
    write_atomic(gen / INTEGRITY_FILE, json.dumps(integrity, sort_keys=True).encode("ascii"))
    _fsync_dir(gen)
    faults.point("commit:integrity")
    point_current(data_dir, gen.name)
    faults.point("commit:link")
    for old in gens:
        if old not in (gen.name, previous):
            shutil.rmtree(data_dir / old, ignore_errors=True)
    return gen / GRAPH_FILE


def point_current(data_dir: Path, gen_name: str) -> None:
    """Make `current` (and the `graph.json` link) point at `gen_name`, atomically."""
    link = data_dir / f".current.tmp{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(gen_name, link)
    os.replace(link, data_dir / CURRENT)
    _fsync_dir(data_dir)
    top = data_dir / GRAPH_FILE
    if not top.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            top.unlink()
        os.symlink(f"{CURRENT}/{GRAPH_FILE}", top)


def _write_graph(path: Path, G: nx.DiGraph) -> None:
    """The export, streamed to a temporary file, fsynced, then renamed into place."""
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb", buffering=2**20) as f:
        write_export(G, f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def export_text(data_dir: Path) -> str:
    """The export of the current graph, as `cpgraph export` prints it (checked: StoreDamaged if not whole)."""
    path = graph_file(data_dir)
    if path is None:
        return dumps_export(export_from_graph(nx.DiGraph()))
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise _damaged(Path(data_dir), f"{path.name}: {exc}") from exc
    if not (path.parent / INTEGRITY_FILE).is_file():
        try:
            orjson.loads(text)
        except ValueError as exc:
            raise _damaged(Path(data_dir), f"{path.name} is not valid JSON ({exc})") from exc
    return text
