"""Uploaded files, streamed from the request body straight to `DATA_DIR/uploads/`, never overwriting.

The multipart body is parsed here, as it arrives (python-multipart's streaming parser), only once the API
key was checked and the ingest lock is held: a refused type (415) or a count over the limit (413) stops
the request at the part's headers, a file over its byte limit stops it at that byte (413), and nothing
is spooled anywhere else. Each file gets a name that cannot collide: its sanitised name when free (or
already holding the same bytes), else the name with part of its SHA-256 (`Ke_hoach-3f2a9c1b2d4e.txt`).
The name the client sent is kept in `uploads/.names.json` (hidden: the ingest skips it).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request
from python_multipart.multipart import MultipartParser, parse_options_header

from graphsvc.security import sanitize_filename
from graphsvc.settings import Settings

INCOMING = ".incoming"
NAMES_FILE = ".names.json"
_FIELD_BYTES = 64 * 1024  # a non-file form field (none is expected) may be this long


@dataclass
class Incoming:
    """One uploaded file while it arrives."""

    original: str
    name: str
    tmp: Path
    size: int = 0
    digest: Any = field(default_factory=hashlib.sha256)


class _Receiver:
    """Callbacks of the multipart parser: headers checked as they end, data written as it comes."""

    def __init__(self, folder: Path, settings: Settings) -> None:
        self.folder, self.settings = folder, settings
        self.files: list[Incoming] = []
        self.current: Incoming | None = None
        self.out: Any = None
        self.field_bytes = 0
        self.header_field = bytearray()
        self.header_value = bytearray()
        self.headers: dict[bytes, bytes] = {}

    def callbacks(self) -> dict[str, Any]:
        return {
            "on_part_begin": self.part_begin, "on_header_field": self.header_field_data,
            "on_header_value": self.header_value_data, "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished, "on_part_data": self.part_data,
            "on_part_end": self.part_end,
        }

    def part_begin(self) -> None:
        self.headers = {}
        self.current = None

    def header_field_data(self, data: bytes, start: int, end: int) -> None:
        self.header_field += data[start:end]

    def header_value_data(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def header_end(self) -> None:
        self.headers[bytes(self.header_field).lower()] = bytes(self.header_value)
        self.header_field.clear()
        self.header_value.clear()

    def headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        if b"filename" not in options:
            return  # a plain field: its data is counted and dropped
        original = options[b"filename"].decode("utf-8", "replace")
        name = sanitize_filename(original)
        if Path(name).suffix.lower() not in self.settings.allowed_suffixes:
            allowed = " ".join(self.settings.allowed_suffixes)
            raise HTTPException(415, f"{name}: type not accepted (allowed: {allowed})")
        if len(self.files) >= self.settings.max_upload_files:
            raise HTTPException(413, f"at most {self.settings.max_upload_files} files per request")
        tmp = self.folder / INCOMING / f"{secrets.token_hex(8)}.part"
        self.current = Incoming(original, name, tmp)
        self.files.append(self.current)
        self.out = open(tmp, "wb")  # noqa: SIM115 - closed at the part's end or by `discard`

    def part_data(self, data: bytes, start: int, end: int) -> None:
        chunk = data[start:end]
        if self.current is None:
            self.field_bytes += len(chunk)
            if self.field_bytes > _FIELD_BYTES:
                raise HTTPException(413, "form field too large")
            return
        self.current.size += len(chunk)
        if self.current.size > self.settings.max_upload_bytes:
            limit = self.settings.max_upload_bytes
            raise HTTPException(413, f"{self.current.name}: larger than {limit} bytes")
        self.current.digest.update(chunk)
        self.out.write(chunk)

    def part_end(self) -> None:
        if self.out is not None:
            self.out.close()
            self.out = None
        self.current = None

    def discard(self) -> None:
        if self.out is not None:
            self.out.close()
        for incoming in self.files:
            incoming.tmp.unlink(missing_ok=True)


async def receive(request: Request, folder: Path, settings: Settings) -> list[Incoming]:
    """Stream the uploaded files of the request into `folder/.incoming/` (removed again on any failure)."""
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise HTTPException(422, "expected a multipart/form-data body with `files`")
    (folder / INCOMING).mkdir(parents=True, exist_ok=True)
    receiver = _Receiver(folder, settings)
    parser = MultipartParser(options[b"boundary"], receiver.callbacks())  # type: ignore[arg-type]
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        if receiver.out is not None:
            raise HTTPException(422, "multipart body ended inside a file")
    except BaseException:
        receiver.discard()
        raise
    if not receiver.files:
        raise HTTPException(422, "no file uploaded")
    return receiver.files


def place(folder: Path, files: list[Incoming]) -> list[str]:
    """Give each received file its collision-free name in `folder`; returns the stored names."""
    names = _load_names(folder)
    stored: list[str] = []
    try:
        for incoming in files:
            sha256 = incoming.digest.hexdigest()
            name = _place_one(folder, incoming.tmp, incoming.name, sha256)
            names[name] = {"original": incoming.original, "sha256": sha256, "bytes": incoming.size}
            stored.append(name)
    finally:
        for incoming in files:
            incoming.tmp.unlink(missing_ok=True)
        _save_names(folder, names)
    return stored


def _place_one(folder: Path, tmp: Path, name: str, sha256: str) -> str:
    stem, suffix = os.path.splitext(name)
    tagged = f"{stem}-{sha256[:12]}"
    candidates = [name, tagged + suffix, *(f"{tagged}-{n}{suffix}" for n in range(2, 100))]
    for candidate in candidates:
        target = folder / candidate
        try:
            os.link(tmp, target)  # fails if the name is taken: never an overwrite
            return candidate
        except FileExistsError:
            if _sha256_of(target) == sha256:
                return candidate  # the same bytes uploaded again
    raise HTTPException(409, f"{name}: no free name left for this upload")


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with contextlib.suppress(OSError), open(path, "rb") as f:
        while chunk := f.read(2**20):
            digest.update(chunk)
    return digest.hexdigest()


def _load_names(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads((folder / NAMES_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _save_names(folder: Path, names: dict[str, Any]) -> None:
    tmp = folder / f"{NAMES_FILE}.tmp{os.getpid()}"
    tmp.write_text(json.dumps(names, ensure_ascii=True, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, folder / NAMES_FILE)
