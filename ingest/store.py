"""The graph kept under `--data-dir`: atomic generations, a per-file manifest, an extraction cache,
and a lock so that two ingests never write one store.

Layout::

    DATA_DIR/
      current -> gen-000042      the last good generation (a symbolic link, swapped atomically)
      gen-000042/graph.json      the export (CONTRACT.md)
      gen-000042/manifest.json   file path -> size, mtime, sha256, relpath of every ingested file
      graph.json -> current/graph.json
      cache/ab/abcdef….json      extraction of one file content (by sha256 and extractor version)
      ingest.lock                held while an ingest runs

A crash at any point leaves `current` on the last complete generation: the next run finds
the same manifest and cache and completes to the same export.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import orjson

from ingest.export import dumps_export, export_from_graph, graph_from_export, load_export, write_export

GRAPH_FILE = "graph.json"
MANIFEST_FILE = "manifest.json"
CURRENT = "current"
INGEST_DIR = Path(__file__).resolve().parent
# Modules of ingest/ that read results but never make them: editing them keeps cached extractions.
NOT_EXTRACTION = ("explain", "evaluate")


def extractor_version(root: Path = INGEST_DIR) -> str:
    """A digest of the extraction code and its data: every `*.py` under `root` except the corpus
    generator (`synth/`) and the NOT_EXTRACTION modules, plus every file under `data/`. Any edit there
    gives a new version, so cached extractions made by other code are never reused (the version
    used to be a number bumped by hand, and a forgotten bump reused stale extractions)."""
    files = [p for p in root.rglob("*.py") if "synth" not in p.relative_to(root).parts
             and not p.name.startswith(NOT_EXTRACTION)]
    files += [p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


# Computed once, at import: part of every cache file name (cache_path).
EXTRACTOR_VERSION = extractor_version()


class StoreLocked(RuntimeError):
    """Another ingest holds the data dir."""


def load_graph(data_dir: Path) -> nx.DiGraph:
    """The last good graph in `data_dir` (an empty graph when nothing was ingested yet)."""
    path = Path(data_dir) / CURRENT / GRAPH_FILE
    if not path.exists():
        legacy = Path(data_dir) / GRAPH_FILE
        if not legacy.exists():
            return nx.DiGraph()
        path = legacy
    return graph_from_export(load_export(path))


def load_manifest(data_dir: Path) -> dict[str, dict[str, Any]]:
    path = Path(data_dir) / CURRENT / MANIFEST_FILE
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        data: dict[str, dict[str, Any]] = json.load(f)["files"]
    return data


@contextlib.contextmanager
def locked(data_dir: Path) -> Iterator[None]:
    """Hold the data dir's ingest lock; a second ingest is refused with a clear message."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    handle = open(Path(data_dir) / "ingest.lock", "a+")  # noqa: SIM115 - held across the yield
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                raise StoreLocked(
                    f"another ingest is running on {data_dir}; try again when it has finished"
                ) from exc
            raise
        yield
    finally:
        handle.close()


def _write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    """Write via a temporary file and rename, so readers see the old or the new file, never a torn one.

    `durable` also fsyncs (for the graph and manifest); the cache is re-derivable, so it skips that cost.
    """
    tmp = path.with_name(path.name + f".tmp{os.getpid()}")
    with open(tmp, "wb") as f:
        f.write(data)
        if durable:
            f.flush()
            os.fsync(f.fileno())
    os.replace(tmp, path)


def cache_path(data_dir: Path, sha256: str) -> Path:
    return Path(data_dir) / "cache" / sha256[:2] / f"{sha256}.v{EXTRACTOR_VERSION}.json"


def load_cached(data_dir: Path, sha256: str) -> list[dict[str, Any]] | None:
    path = cache_path(data_dir, sha256)
    try:
        with open(path, "rb") as f:
            data: list[dict[str, Any]] = orjson.loads(f.read())
            return data
    except (OSError, ValueError):
        return None  # missing, or torn by a crash: extract again


def save_cached(data_dir: Path, sha256: str, extractions: list[dict[str, Any]]) -> None:
    path = cache_path(data_dir, sha256)
    path.parent.mkdir(parents=True, exist_ok=True)
    _write_atomic(
        path,
        orjson.dumps(extractions),
        durable=False,
    )


def commit(data_dir: Path, G: nx.DiGraph, manifest: dict[str, dict[str, Any]]) -> Path:
    """Write a new generation and make it current in one atomic step; returns the graph file."""
    data_dir = Path(data_dir)
    gens = sorted(p.name for p in data_dir.glob("gen-*") if p.is_dir())
    number = int(gens[-1].split("-")[1]) + 1 if gens else 1
    gen = data_dir / f"gen-{number:06d}"
    shutil.rmtree(gen, ignore_errors=True)
    gen.mkdir(parents=True)
    _write_graph(gen / GRAPH_FILE, G)
    body = {"files": {k: manifest[k] for k in sorted(manifest)}}
    _write_atomic(gen / MANIFEST_FILE, json.dumps(body, ensure_ascii=False, indent=0).encode("utf-8"))
    _fsync_dir(gen)
    link = data_dir / f".current.tmp{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        link.unlink()
    os.symlink(gen.name, link)
    os.replace(link, data_dir / CURRENT)
    _fsync_dir(data_dir)
    top = data_dir / GRAPH_FILE
    if not top.is_symlink():
        with contextlib.suppress(FileNotFoundError):
            top.unlink()
        os.symlink(f"{CURRENT}/{GRAPH_FILE}", top)
    for old in gens:
        if old != gen.name:
            shutil.rmtree(data_dir / old, ignore_errors=True)
    return gen / GRAPH_FILE


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
    """The export of the current graph, as `cpgraph export` prints it."""
    path = Path(data_dir) / CURRENT / GRAPH_FILE
    if path.exists():
        return path.read_text(encoding="utf-8")
    return dumps_export(export_from_graph(load_graph(data_dir)))
