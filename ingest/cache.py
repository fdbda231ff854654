"""The extraction cache under `--data-dir/cache`: one entry per file content (SHA-256) and extractor version.

An entry is the JSON of a file's extractions behind a header line with its length and SHA-256, so a torn or
altered entry is never used: it is extracted again. Entries are written without fsync (they can always be
made again); `ingest.store.commit` flushes them to disk before a manifest names them.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import orjson

from ingest.records import Extraction
from ingest.store import write_atomic

INGEST_DIR = Path(__file__).resolve().parent
# Modules of ingest/ that read extractions, or run and store them, but never make them: editing them
# keeps cached extractions (an edit to the graph build used to re-extract a 100k corpus, ~8 minutes).
NOT_EXTRACTION = (
    "explain", "evaluate", "build.py", "sources.py", "workers.py", "export.py", "report.py", "doctor.py",
    "warm.py", "faults.py", "forkserver_guard.py", "gc_pause.py", "classify_why.py", "build_identity.py",
    "build_nodes.py",
)


def extractor_version(root: Path = INGEST_DIR) -> str:
    """A digest of the extraction code and its data: every `*.py` under `root` except the
    NOT_EXTRACTION modules, plus every file under `data/`. Any edit there
    gives a new version, so cached extractions made by other code are never reused (the version
    used to be a number bumped by hand, and a forgotten bump reused stale extractions)."""
    files = [p for p in root.rglob("*.py") if not (p.parent == root and p.name.startswith(NOT_EXTRACTION))]
    files += [p for p in (root / "data").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    digest = hashlib.sha256()
    for path in sorted(files):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


# Computed once, at import: part of every cache file name (cache_path).
EXTRACTOR_VERSION = extractor_version()
# First line of a cache entry: the length and SHA-256 of the JSON that follows, checked on every load.
CACHE_HEADER = re.compile(rb"^cpgraph-cache 1 (\d+) ([0-9a-f]{64})\n")


def cache_path(data_dir: Path, sha256: str) -> Path:
    return Path(cache_file(data_dir, sha256))


def cache_file(data_dir: Path | str, sha256: str) -> str:
    """`cache_path` as a string."""
    # a string join: a graph build opens every entry two or three times, and pathlib costs more than the read
    return os.path.join(data_dir, "cache", sha256[:2], f"{sha256}.v{EXTRACTOR_VERSION}.json")


def load_cached(data_dir: Path, sha256: str, *, verify: bool = True) -> list[Extraction] | None:
    """The cached extractions of a content, or None when missing, empty, torn or altered (extract again).

    `verify=False` skips the checksum (not the length): for an entry this process checked already.
    """
    try:
        with open(cache_file(data_dir, sha256), "rb") as f:
            raw = f.read()
    except OSError:
        return None
    header = CACHE_HEADER.match(raw)
    if header is None:
        return None
    body = raw[header.end() :]
    if len(body) != int(header.group(1)):
        return None
    if verify and hashlib.sha256(body).hexdigest() != header.group(2).decode():
        return None
    try:
        data: list[Extraction] = orjson.loads(body)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


def save_cached(data_dir: Path, sha256: str, extractions: list[Extraction]) -> None:
    """Write one cache entry with its length and checksum (made durable by `sync` before the commit)."""
    path = cache_file(data_dir, sha256)
    body = orjson.dumps(extractions)
    header = f"cpgraph-cache 1 {len(body)} {hashlib.sha256(body).hexdigest()}\n".encode()
    try:
        write_atomic(path, header + body, durable=False, fault="cache:write")
    except FileNotFoundError:  # the entry's folder is new: made once, not checked on every write
        os.makedirs(os.path.dirname(path), exist_ok=True)
        write_atomic(path, header + body, durable=False, fault="cache:write")
